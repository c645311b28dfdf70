//! JSON Schema 2020-12's identifiers (OpenAPI 3.1): schema resources named by `$id` and
//! places named by `$anchor` or `$dynamicAnchor`, for the `$ref`s that name them instead of a
//! file and a JSON pointer (`https://example.com/schemas/tree`, `tree`, `#node`).
//!
//! A `$ref` is resolved against the base URI where it is written, which the lookups of
//! [`super::DocSet::resolve`] do not carry. So a reference that is no file and pointer is
//! tried against every base its file declares, and it must lead to one place only: a valid
//! document resolves exactly as JSON Schema says, an ambiguous one is an error naming the
//! candidates, never a guess.

use std::collections::HashMap;

use super::node::{Node, Value};
use super::source::FileId;

/// Where an identifier leads: the file and the entry indices down to the node.
type Target = (FileId, Vec<u32>);

/// Every identifier of the loaded files.
#[derive(Debug, Default)]
pub struct Ids {
    /// Absolute (or, in a document without a base, relative) URIs of resources, and
    /// `URI#anchor` of anchors, to where they are.
    by_uri: HashMap<String, Target>,
    /// The base URIs each file declares (`""` for the document's own, always first).
    bases: HashMap<FileId, Vec<String>>,
}

impl Ids {
    /// Indexes the identifiers of `tree`, a file of the set.
    pub fn add(&mut self, file: FileId, tree: &Node) {
        let mut bases = vec![String::new()];
        let mut path = Vec::new();
        self.index(file, tree, "", &mut path, &mut bases);
        self.bases.insert(file, bases);
    }

    fn index(
        &mut self,
        file: FileId,
        node: &Node,
        base: &str,
        path: &mut Vec<u32>,
        bases: &mut Vec<String>,
    ) {
        let mut here = base.to_owned();
        if let Value::Map(entries) = &node.value {
            if let Some(id) = node.get("$id").and_then(Node::as_str) {
                here = join(base, id.split('#').next().unwrap_or(id));
                self.by_uri
                    .entry(here.clone())
                    .or_insert((file, path.clone()));
                if !bases.contains(&here) {
                    bases.push(here.clone());
                }
            }
            for key in ["$anchor", "$dynamicAnchor"] {
                if let Some(anchor) = node.get(key).and_then(Node::as_str) {
                    let uri = format!("{here}#{anchor}");
                    self.by_uri.entry(uri).or_insert((file, path.clone()));
                }
            }
            for (i, (_, child)) in entries.iter().enumerate() {
                path.push(i as u32);
                self.index(file, child, &here, path, bases);
                path.pop();
            }
        } else if let Value::Seq(items) = &node.value {
            for (i, child) in items.iter().enumerate() {
                path.push(i as u32);
                self.index(file, child, &here, path, bases);
                path.pop();
            }
        }
    }

    /// The place `reference`, written in `from`, names by identifier: `None` when it names
    /// none (the caller's error stands), an error when it could name several.
    pub fn lookup<'t>(
        &self,
        from: FileId,
        reference: &str,
        tree: impl Fn(FileId) -> Option<&'t Node>,
    ) -> Option<Result<Target, String>> {
        let bases = self.bases.get(&from)?;
        let mut found: Vec<(String, Target)> = Vec::new();
        for base in bases {
            let uri = join(base, reference);
            if let Some(target) = self.target(&uri, &tree) {
                if !found.iter().any(|(_, t)| *t == target) {
                    found.push((uri, target));
                }
            }
        }
        match found.len() {
            0 => None,
            1 => found.pop().map(|(_, target)| Ok(target)),
            _ => {
                let candidates: Vec<String> = found.into_iter().map(|(uri, _)| uri).collect();
                Some(Err(format!(
                    "`{reference}` could name any of {}: write the full URI",
                    candidates.join(", ")
                )))
            }
        }
    }

    /// The place an absolute URI names: a resource, an anchor in one, or a JSON pointer
    /// below one.
    fn target<'t>(&self, uri: &str, tree: &impl Fn(FileId) -> Option<&'t Node>) -> Option<Target> {
        if let Some(target) = self.by_uri.get(uri) {
            return Some(target.clone());
        }
        let (resource, fragment) = uri.split_once('#')?;
        let pointer = super::percent_decode(fragment);
        if !pointer.starts_with('/') {
            return None;
        }
        let (file, path) = self.by_uri.get(resource)?;
        let node = tree(*file)?.at_path(path)?;
        let below = node.pointer_path(&pointer)?;
        Some((*file, path.iter().copied().chain(below).collect()))
    }
}

/// `reference` resolved against `base` (RFC 3986, section 5.2, for the hierarchical URIs
/// schemas use): an absolute reference stands alone, `#...` replaces the fragment, `/...`
/// the path, and anything else replaces the base's last segment.
fn join(base: &str, reference: &str) -> String {
    let has_scheme = |s: &str| {
        s.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        })
    };
    if has_scheme(reference) || base.is_empty() {
        return reference.to_owned();
    }
    let base = base.split('#').next().unwrap_or(base);
    if reference.starts_with('#') {
        return format!("{base}{reference}");
    }
    let authority_end = base
        .find("://")
        .map(|i| i + 3 + base[i + 3..].find('/').unwrap_or(base.len() - i - 3))
        .unwrap_or(0);
    if reference.starts_with('/') {
        return format!("{}{reference}", &base[..authority_end]);
    }
    let directory = match base[authority_end..].rfind('/') {
        Some(i) => &base[..authority_end + i + 1],
        None => &base[..authority_end],
    };
    let joined = if directory.ends_with('/') || directory.is_empty() {
        format!("{directory}{reference}")
    } else {
        format!("{directory}/{reference}")
    };
    remove_dot_segments(&joined, authority_end)
}

/// `./` and `../` segments of the path after `start` removed.
fn remove_dot_segments(uri: &str, start: usize) -> String {
    let (head, path) = uri.split_at(start);
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
            }
            s => out.push(s),
        }
        if i == segments.len() - 1 && matches!(*segment, "." | "..") {
            out.push("");
        }
    }
    format!("{head}{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn references_join_their_base_as_uris_do() {
        let base = "https://catalog.example.com/schemas/category-tree";
        assert_eq!(
            join(base, "tree"),
            "https://catalog.example.com/schemas/tree"
        );
        assert_eq!(join(base, "#node"), format!("{base}#node"));
        assert_eq!(join(base, "/other"), "https://catalog.example.com/other");
        assert_eq!(join(base, "../geo"), "https://catalog.example.com/geo");
        assert_eq!(join(base, "urn:example:x"), "urn:example:x");
        assert_eq!(join("", "#node"), "#node");
        assert_eq!(join("https://a.example/x/", "y"), "https://a.example/x/y");
    }
}

#[cfg(test)]
mod resolving {
    use crate::load::DocSet;

    const DOCUMENT: &str = r##"
a:
  $id: https://example.com/schemas/a
  $defs:
    inner:
      $anchor: inner
      type: string
b:
  $id: https://example.com/schemas/b
  $ref: a
c:
  $id: https://example.com/other/c
  $anchor: inner
"##;

    fn pointer(docs: &DocSet, reference: &str) -> Result<String, String> {
        let file = docs.entries[0];
        docs.resolve(file, reference)?;
        Ok(docs.target_pointer(file, reference).as_str().to_owned())
    }

    #[test]
    fn references_by_id_and_anchor_resolve() {
        let docs = DocSet::from_text("ids.yaml", DOCUMENT);
        assert_eq!(
            pointer(&docs, "https://example.com/schemas/a").as_deref(),
            Ok("/a")
        );
        assert_eq!(
            pointer(&docs, "https://example.com/schemas/a#inner").as_deref(),
            Ok("/a/$defs/inner")
        );
        assert_eq!(
            pointer(&docs, "https://example.com/schemas/a#/$defs/inner").as_deref(),
            Ok("/a/$defs/inner")
        );
        // Relative to the one base that makes it name something: `b`'s.
        assert_eq!(pointer(&docs, "a").as_deref(), Ok("/a"));
    }

    #[test]
    fn a_reference_several_bases_could_mean_is_refused() {
        let docs = DocSet::from_text("ids.yaml", DOCUMENT);
        let error = pointer(&docs, "#inner").expect_err("two anchors named inner");
        assert!(error.contains("could name any of"), "{error}");
        assert!(pointer(&docs, "https://example.com/schemas/none").is_err());
    }
}
