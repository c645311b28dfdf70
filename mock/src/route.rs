//! Path templates (`/v3/{project_id}/vpc/security-groups/{security_group_id}`) and how a
//! received path is matched against them.

use percent_encoding::percent_decode_str;

/// One segment of a template: literal text around at most one variable.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    prefix: String,
    variable: Option<String>,
    suffix: String,
}

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    segments: Vec<Segment>,
}

impl Template {
    /// Parses `text`; a segment with more than one variable keeps the first, the rest literal.
    pub fn parse(text: &str) -> Template {
        let segments = text
            .trim_start_matches('/')
            .split('/')
            .map(|segment| match (segment.find('{'), segment.find('}')) {
                (Some(open), Some(close)) if open < close => Segment {
                    prefix: segment[..open].to_owned(),
                    variable: Some(segment[open + 1..close].to_owned()),
                    suffix: segment[close + 1..].to_owned(),
                },
                _ => Segment {
                    prefix: segment.to_owned(),
                    variable: None,
                    suffix: String::new(),
                },
            })
            .collect();
        Template { segments }
    }

    /// The variables' values (percent-decoded) when `path` fits the template, else `None`.
    pub fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut values = Vec::new();
        for (segment, part) in self.segments.iter().zip(parts) {
            let decoded = percent_decode_str(part).decode_utf8_lossy();
            match &segment.variable {
                None if decoded == segment.prefix => {}
                None => return None,
                Some(name) => {
                    let value = decoded
                        .strip_prefix(segment.prefix.as_str())?
                        .strip_suffix(segment.suffix.as_str())?;
                    values.push((name.clone(), value.to_owned()));
                }
            }
        }
        Some(values)
    }

    /// How specific the template is: its literal segments count first, so that
    /// `/items/mine` is preferred to `/items/{id}` for the path `/items/mine`.
    pub fn literal_segments(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| s.variable.is_none())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_read_decoded_and_literals_must_match() {
        let t = Template::parse("/v3/{project_id}/vpc/security-groups/{id}");
        assert_eq!(
            t.matches("/v3/p1/vpc/security-groups/sg%201"),
            Some(vec![
                ("project_id".to_owned(), "p1".to_owned()),
                ("id".to_owned(), "sg 1".to_owned())
            ])
        );
        assert_eq!(t.matches("/v3/p1/vpc/security-groups"), None);
        assert_eq!(t.matches("/v3/p1/vpc/other/sg"), None);
        let mixed = Template::parse("/files/{name}.json");
        assert_eq!(
            mixed.matches("/files/a.json"),
            Some(vec![("name".to_owned(), "a".to_owned())])
        );
        assert_eq!(mixed.matches("/files/a.yaml"), None);
        assert_eq!(mixed.literal_segments(), 1);
    }
}
