//! A response body kept by an error: the bytes as they came (shared, never copied), a bounded
//! preview for messages and `Debug`, and the error code and message a JSON error body
//! carries, found by the field names Huawei Cloud and other services use.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use bytes::Bytes;

/// How many characters of a body messages and `Debug` show; the whole body stays in the
/// value, but a message line is not the place for a megabyte of HTML.
pub const PREVIEW_CHARS: usize = 300;

pub use hwcloud_constraints::{CODE_FIELDS, MESSAGE_FIELDS, NESTED_FIELD};

/// A response body an error keeps.
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseBody {
    bytes: Bytes,
    /// Read on the first `code()` or `message()`: most errors are matched by their typed
    /// body and never ask. Boxed, and absent when the body carries neither, so errors stay
    /// small to return.
    metadata: OnceLock<Option<Box<Metadata>>>,
    /// A success body may hold secrets (a created key, a token): `Debug` and previews show
    /// only its length.
    hidden: bool,
}

/// The error code and message of a body.
#[derive(Clone, PartialEq, Eq)]
struct Metadata {
    code: Option<String>,
    message: Option<String>,
}

impl ResponseBody {
    /// Wraps an error body; its error code and message are read out of it when asked for.
    pub fn new(bytes: Bytes) -> Self {
        Self {
            bytes,
            metadata: OnceLock::new(),
            hidden: false,
        }
    }

    /// Wraps the body of a success (a 2xx that did not decode): previews and `Debug` show
    /// only its length, since it may hold secrets.
    pub fn success(bytes: Bytes) -> Self {
        Self {
            hidden: true,
            ..Self::new(bytes)
        }
    }

    fn metadata(&self) -> Option<&Metadata> {
        self.metadata
            .get_or_init(|| match metadata(&self.bytes) {
                (None, None) => None,
                (code, message) => Some(Box::new(Metadata { code, message })),
            })
            .as_deref()
    }

    /// The bytes as they came.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The body as text, invalid UTF-8 replaced (borrowed when it is valid).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The error code the body carries (`error_code`, `code`, or the same inside `error`),
    /// when it is a JSON object that has one as a string.
    pub fn code(&self) -> Option<&str> {
        self.metadata()?.code.as_deref()
    }

    /// The error message the body carries (`error_msg`, `message`, ..., or the same inside
    /// `error`), when it is a JSON object that has one as a string.
    pub fn message(&self) -> Option<&str> {
        self.metadata()?.message.as_deref()
    }

    /// The first [`PREVIEW_CHARS`] characters, whitespace runs folded into one space so the
    /// preview stays on one line, with `...` when there is more; for a success body, only
    /// its length.
    pub fn preview(&self) -> Preview<'_> {
        Preview(self)
    }
}

impl fmt::Debug for ResponseBody {
    // Bounded, like `Display` of the errors holding it: a body can be megabytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseBody")
            .field("len", &self.bytes.len())
            .field("preview", &self.preview().to_string())
            .finish()
    }
}

/// A body's preview, see [`ResponseBody::preview`].
pub struct Preview<'a>(&'a ResponseBody);

impl fmt::Display for Preview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.hidden {
            return write!(f, "({} bytes, not shown: a success body)", self.0.len());
        }
        let text = self.0.text();
        let mut shown = 0;
        let mut space = false;
        for c in text.trim().chars() {
            if shown == PREVIEW_CHARS {
                return f.write_str("...");
            }
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space {
                f.write_str(" ")?;
                shown += 1;
                space = false;
            }
            write!(f, "{}", c.escape_debug())?;
            shown += 1;
        }
        Ok(())
    }
}

/// The code and message of a JSON error body.
fn metadata(bytes: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return (None, None);
    };
    let code = find_text(&value, &CODE_FIELDS).map(str::to_owned);
    let message = find_text(&value, &MESSAGE_FIELDS).map(str::to_owned);
    (code, message)
}

/// The first string field of an object with one of `names` (in their order), at the top,
/// else inside its nested `error` object.
pub(crate) fn find_text<'v>(value: &'v serde_json::Value, names: &[&str]) -> Option<&'v str> {
    let first = |object: &'v serde_json::Value| {
        names
            .iter()
            .find_map(|name| object.get(*name).and_then(serde_json::Value::as_str))
    };
    first(value).or_else(|| value.get(NESTED_FIELD).and_then(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> ResponseBody {
        ResponseBody::new(Bytes::copy_from_slice(text.as_bytes()))
    }

    #[test]
    fn code_and_message_are_found_flat_or_nested() {
        let flat = body(r#"{"error_code":"VPC.0601","error_msg":"bad name","request_id":"r"}"#);
        assert_eq!(
            (flat.code(), flat.message()),
            (Some("VPC.0601"), Some("bad name"))
        );
        let nested = body(r#"{"error":{"error_code":"DBSS.0001","error_msg":"no"}}"#);
        assert_eq!(
            (nested.code(), nested.message()),
            (Some("DBSS.0001"), Some("no"))
        );
        let github = body(r#"{"message":"Not Found","documentation_url":"x"}"#);
        assert_eq!((github.code(), github.message()), (None, Some("Not Found")));
        for other in [
            "<html>502</html>",
            "",
            "[1]",
            r#"{"code":404}"#,
            r#"{"error":"x"}"#,
        ] {
            assert_eq!(
                (body(other).code(), body(other).message()),
                (None, None),
                "{other}"
            );
        }
    }

    #[test]
    fn previews_are_bounded_and_on_one_line() {
        let long = body(&format!(
            "<html>\n  <body>{}</body>\n</html>",
            "x".repeat(1000)
        ));
        let preview = long.preview().to_string();
        assert!(preview.starts_with("<html> <body>xxx"), "{preview}");
        assert!(preview.ends_with("..."));
        assert_eq!(preview.chars().count(), PREVIEW_CHARS + 3);
        let debug = format!("{long:?}");
        assert!(debug.len() < 400 && debug.contains("len: 1030"), "{debug}");
        assert_eq!(body("  short\r\n").preview().to_string(), "short");
        assert_eq!(body("a\u{1}b").preview().to_string(), "a\\u{1}b");
        let success = ResponseBody::success(Bytes::from_static(b"{\"sk\":\"hunter2\"}"));
        assert_eq!(
            success.preview().to_string(),
            "(16 bytes, not shown: a success body)"
        );
        assert!(!format!("{success:?}").contains("hunter2"));
        let success = ResponseBody::success(Bytes::from_static(b"{\"sk\":\"hunter2\"}"));
        assert_eq!(
            success.preview().to_string(),
            "(16 bytes, not shown: a success body)"
        );
        assert!(!format!("{success:?}").contains("hunter2"));
    }
}
