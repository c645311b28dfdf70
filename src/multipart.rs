//! `multipart/form-data` bodies (RFC 7578), built in memory.
//!
//! Not reqwest's `multipart::Form`: that is a one-shot stream, whereas a request body here
//! is hashed for signing and sent again on a retry, so it has to be bytes.

use crate::error::Error;
use crate::validation::{Location, ValidationError, Violation};

/// A `multipart/form-data` body being built, one part per call.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    name: String,
    file: bool,
    content_type: Option<&'static str>,
    data: Vec<u8>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text part (a string, or a number or boolean as its JSON text).
    pub fn text(&mut self, name: &str, value: String) {
        self.parts.push(Part {
            name: name.to_owned(),
            file: false,
            content_type: None,
            data: value.into_bytes(),
        });
    }

    /// A part holding an object or array as JSON, which is what OpenAPI 3.0 prescribes for
    /// complex values.
    pub fn json(&mut self, name: &str, value: String) {
        self.parts.push(Part {
            name: name.to_owned(),
            file: false,
            content_type: Some("application/json"),
            data: value.into_bytes(),
        });
    }

    /// A part for any other value, by its JSON form: a string as text, a number or boolean
    /// as its JSON text, an object or array as a JSON part; `null` adds no part. A value that
    /// cannot be serialised refuses the request before anything is sent.
    pub fn value<T: serde::Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        let value = serde_json::to_value(value).map_err(|e| {
            Error::Validation(ValidationError {
                violations: vec![Violation {
                    location: Location::Body,
                    pointer: format!("/{}", crate::validation::escape_token(name)),
                    rule: "serialize",
                    message: format!("the part cannot be serialised: {e}"),
                }],
            })
        })?;
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => self.text(name, s),
            serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
                self.json(name, value.to_string())
            }
            other => self.text(name, other.to_string()),
        }
        Ok(())
    }

    /// A file part: the bytes as they are, `application/octet-stream`, the part's name as
    /// the file name (a server reading uploads as files expects one).
    pub fn file(&mut self, name: &str, data: &[u8]) {
        self.parts.push(Part {
            name: name.to_owned(),
            file: true,
            content_type: Some("application/octet-stream"),
            data: data.to_vec(),
        });
    }

    /// The `Content-Type` (with its boundary) and the body.
    pub fn finish(self) -> (String, Vec<u8>) {
        let boundary = self.boundary();
        let size: usize = self
            .parts
            .iter()
            .map(|p| p.data.len() + p.name.len() * 2 + boundary.len() + 128)
            .sum();
        let mut out = Vec::with_capacity(size + boundary.len() + 8);
        for part in &self.parts {
            let name = quoted(&part.name);
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let disposition = if part.file {
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\n")
            } else {
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n")
            };
            out.extend_from_slice(disposition.as_bytes());
            if let Some(content_type) = part.content_type {
                out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), out)
    }

    /// A random boundary that occurs in no part (drawn again in the unlikely case it does).
    fn boundary(&self) -> String {
        loop {
            let random: String = (0..24).map(|_| fastrand::alphanumeric()).collect();
            let boundary = format!("hwcloud-{random}");
            let found = self.parts.iter().any(|p| {
                p.data
                    .windows(boundary.len())
                    .any(|w| w == boundary.as_bytes())
            });
            if !found {
                return boundary;
            }
        }
    }
}

/// A name inside a quoted header parameter: `"`, CR and LF percent-encoded (RFC 7578 4.2), so
/// a name can neither end the parameter nor start another header.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_the_boundary_the_content_type_names() {
        let mut form = Multipart::new();
        form.text("note", "two\r\nlines".into());
        form.json("meta", r#"{"a":1}"#.into());
        form.file("file", &[0, 255, b'\r', b'\n']);
        form.text("say \"hi\"\r\nX-Evil: 1", "ok".into());
        let (content_type, body) = form.finish();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("the boundary is in the content type");
        let mut expected = Vec::new();
        expected.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\ntwo\r\nlines\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"a\":1}}\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        expected.extend_from_slice(&[0, 255, b'\r', b'\n']);
        expected.extend_from_slice(
            format!(
                "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"say %22hi%22%0D%0AX-Evil: 1\"\r\n\r\nok\r\n--{boundary}--\r\n"
            )
            .as_bytes(),
        );
        assert_eq!(
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&expected)
        );
        assert_eq!(body, expected);
    }

    #[test]
    fn values_go_by_their_json_form_and_one_that_cannot_be_serialised_is_refused() {
        let mut form = Multipart::new();
        form.value::<_, ()>("n", &3).expect("a number");
        form.value::<_, ()>("none", &Option::<i32>::None)
            .expect("null adds no part");
        assert_eq!(form.parts.len(), 1);
        assert_eq!(form.parts[0].data, b"3");
        // JSON object keys must be strings: a map keyed by byte lists has no JSON form.
        let map = std::collections::BTreeMap::from([(vec![1u8], 1)]);
        match form.value::<_, ()>("a/b", &map) {
            Err(Error::Validation(e)) => {
                assert_eq!(e.violations.len(), 1);
                let v = &e.violations[0];
                assert_eq!(
                    (v.location, v.pointer.as_str(), v.rule),
                    (Location::Body, "/a~1b", "serialize")
                );
                assert!(
                    v.message.starts_with("the part cannot be serialised"),
                    "{}",
                    v.message
                );
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert_eq!(form.parts.len(), 1, "nothing added for the refused value");
    }

    #[test]
    fn an_empty_body_is_only_the_closing_boundary() {
        let (content_type, body) = Multipart::new().finish();
        let boundary = content_type.rsplit('=').next().expect("boundary");
        assert_eq!(body, format!("--{boundary}--\r\n").into_bytes());
    }
}
