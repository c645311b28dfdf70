//! One API call as a generated operation puts it together: the path, then each parameter in
//! the form its document gives it, then the body. The operations differ only in the data
//! they pass, so the work of turning values into text lives here once.

use http::Method;
use serde::Serialize;

use crate::auth::Security;
use crate::error::Error;
use crate::multipart::Multipart;
use crate::validation::{Location, ValidationError, Violation};

/// One API call: what [`crate::transport::Transport::send`] sends.
///
/// A parameter whose value is `None` (JSON `null`) is left out, as an unset optional
/// parameter is.
#[derive(Debug, Clone)]
pub struct Call {
    /// The operation ID, for tracing and for the retry policy.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path, already percent-encoded and starting with `/`; appended to the base's path.
    pub path: String,
    /// The query parameters as raw (not encoded) pairs; sent sorted and encoded canonically.
    pub query: Vec<(String, String)>,
    /// The operation's header parameters, e.g. `("X-Language", "en-us")`.
    pub headers: Vec<(&'static str, String)>,
    /// The `Content-Type`, sent exactly as given when there is a body.
    pub content_type: Option<String>,
    /// The body, if any.
    pub body: Option<Vec<u8>>,
    /// The document's security requirements; `None`: the configuration's Huawei credentials,
    /// when it has them (the operation names only Huawei's schemes, or no `security`
    /// applies to it).
    pub security: Option<&'static Security>,
}

/// How a parameter's value is written, as its `style` and `explode` (or its `content`) say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One value as text: a string as it is, any other value as JSON text.
    Plain,
    /// An array as the parameter repeated, once per item (`form` with `explode`); outside
    /// the query, joined with commas.
    Repeated,
    /// An array as one value, its items joined by the separator (`a,b,c`).
    Joined(&'static str),
    /// The value's JSON text (a parameter described by `content` with a JSON media type).
    Json,
}

impl Call {
    /// A call of `operation` to `path`, without parameters or body yet.
    pub fn new(operation: &'static str, method: Method, path: String) -> Self {
        Call {
            operation,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            content_type: None,
            body: None,
            security: None,
        }
    }

    /// Authenticates the call with the document's schemes, as `security` requires, instead
    /// of the Huawei credentials.
    pub fn security(&mut self, security: &'static Security) {
        self.security = Some(security);
    }

    /// Adds a query parameter written as one value.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.query_styled(name, value, Style::Plain);
    }

    /// Adds a query parameter written in `style`.
    pub fn query_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) {
        if style == Style::Json {
            if let Some(text) = json_text(value) {
                self.query.push((name.to_owned(), text));
            }
            return;
        }
        match (style, to_value(value)) {
            (_, serde_json::Value::Null) => {}
            (Style::Repeated, serde_json::Value::Array(items)) => {
                for item in items {
                    self.query.push((name.to_owned(), text(item)));
                }
            }
            (style, value) => self.query.push((name.to_owned(), written(value, style))),
        }
    }

    /// Adds a header parameter written as one value.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.header_styled(name, value, Style::Plain);
    }

    /// Adds a header parameter written in `style`.
    pub fn header_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) {
        let text = match (style, to_value(value)) {
            (Style::Json, _) => json_text(value),
            (_, serde_json::Value::Null) => None,
            (style, value) => Some(written(value, style)),
        };
        if let Some(text) = text {
            self.headers.push((name, text));
        }
    }

    /// Adds a cookie parameter written as one value.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.cookie_styled(name, value, Style::Plain);
    }

    /// Adds a cookie parameter written in `style`. Cookies travel together in one `Cookie`
    /// header, each value percent-encoded (a list item by item, so a separator inside an item
    /// stays escaped).
    pub fn cookie_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) {
        let value = match (style, to_value(value)) {
            (Style::Json, _) => match json_text(value) {
                Some(text) => crate::__private::encode_path_segment(&text),
                None => return,
            },
            (_, serde_json::Value::Null) => return,
            (Style::Joined(separator), serde_json::Value::Array(items)) => {
                joined_encoded(items, separator)
            }
            (Style::Repeated, serde_json::Value::Array(items)) => joined_encoded(items, ","),
            (style, value) => crate::__private::encode_path_segment(&written(value, style)),
        };
        let cookie = format!("{name}={value}");
        match self
            .headers
            .iter_mut()
            .find(|(header, _)| *header == "Cookie")
        {
            Some((_, cookies)) => {
                cookies.push_str("; ");
                cookies.push_str(&cookie);
            }
            None => self.headers.push(("Cookie", cookie)),
        }
    }

    /// Sets a JSON body, sent as `content_type`.
    pub fn json<T: Serialize + ?Sized, E>(
        &mut self,
        content_type: &str,
        body: &T,
    ) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| refused(format!("the body cannot be serialised as JSON: {e}")))?;
        self.bytes(content_type, bytes);
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body: each top-level property of the
    /// object is a pair, strings as they are, arrays as repeated keys, other values as JSON
    /// text, nulls left out. A body that is not an object is refused before sending rather
    /// than sent wrong.
    pub fn form<T: Serialize + ?Sized, E>(
        &mut self,
        content_type: &str,
        body: &T,
    ) -> Result<(), Error<E>> {
        let value = serde_json::to_value(body)
            .map_err(|e| refused(format!("the body cannot be serialised: {e}")))?;
        let serde_json::Value::Object(fields) = value else {
            return Err(refused("a form body must be an object".into()));
        };
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in fields {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::Array(items) => {
                    for item in items {
                        form.append_pair(&key, &text(item));
                    }
                }
                other => {
                    form.append_pair(&key, &text(other));
                }
            }
        }
        self.bytes(content_type, form.finish().into_bytes());
        Ok(())
    }

    /// Sets a body of bytes as they are (binary or text media types).
    pub fn bytes(&mut self, content_type: &str, body: Vec<u8>) {
        self.content_type = Some(content_type.to_owned());
        self.body = Some(body);
    }

    /// Sets a `multipart/form-data` body; its content type carries the parts' boundary.
    pub fn multipart(&mut self, parts: Multipart) {
        let (content_type, body) = parts.finish();
        self.bytes(&content_type, body);
    }
}

/// A value as JSON; generated types always serialise, and one that did not would be left
/// out like an unset value rather than sent wrong.
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// A value's JSON text, its properties in the order the type gives them; `None` for `null`
/// (an unset value).
fn json_text<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    serde_json::to_string(value)
        .ok()
        .filter(|text| text != "null")
}

/// A value as text: a string as it is, any other value as JSON text.
pub(crate) fn text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// A value as `style` writes it in one place.
fn written(value: serde_json::Value, style: Style) -> String {
    match (style, value) {
        (Style::Joined(separator), serde_json::Value::Array(items)) => joined(items, separator),
        (Style::Repeated, serde_json::Value::Array(items)) => joined(items, ","),
        (_, value) => text(value),
    }
}

/// An array's items as text, joined. An item holding the separator reads as two, as with
/// the style itself.
pub(crate) fn joined(items: Vec<serde_json::Value>, separator: &str) -> String {
    let texts: Vec<String> = items.into_iter().map(text).collect();
    texts.join(separator)
}

/// An array's items as text, each percent-encoded (a separator inside one included), joined.
pub(crate) fn joined_encoded(items: Vec<serde_json::Value>, separator: &str) -> String {
    let texts: Vec<String> = items
        .into_iter()
        .map(|item| crate::__private::encode_path_segment(&text(item)))
        .collect();
    texts.join(separator)
}

/// A body that cannot be written as its media type says: refused before sending.
fn refused<E>(message: String) -> Error<E> {
    Error::Validation(ValidationError {
        violations: vec![Violation {
            location: Location::Body,
            pointer: "/".into(),
            rule: "serialize",
            message,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::{Call, Style};
    use http::Method;

    fn call() -> Call {
        Call::new("Test", Method::GET, "/v1/things".into())
    }

    #[test]
    fn unset_parameters_are_left_out() {
        let mut call = call();
        call.query("limit", &None::<i64>);
        call.header("X-Language", &None::<&str>);
        call.cookie("session", &None::<String>);
        call.query("offset", &Some(20));
        assert_eq!(call.query, [("offset".to_owned(), "20".to_owned())]);
        assert!(call.headers.is_empty());
    }

    #[test]
    fn arrays_follow_their_style() {
        let mut call = call();
        call.query_styled("tag", &["a", "b"], Style::Repeated);
        call.query_styled("ids", &[1, 2], Style::Joined("|"));
        call.query_styled("filter", &serde_json::json!({"a": 1}), Style::Json);
        call.header_styled("X-Ids", &["x", "y"], Style::Joined(","));
        let query: Vec<(&str, &str)> = call
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            query,
            [
                ("tag", "a"),
                ("tag", "b"),
                ("ids", "1|2"),
                ("filter", r#"{"a":1}"#)
            ]
        );
        assert_eq!(call.headers, [("X-Ids", "x,y".to_owned())]);
    }

    #[test]
    fn cookies_share_one_header_and_stay_escaped() {
        let mut call = call();
        call.cookie("session", "a;b c");
        call.cookie_styled("ids", &["1,2", "3"], Style::Joined(","));
        assert_eq!(
            call.headers,
            [("Cookie", "session=a%3Bb%20c; ids=1%2C2,3".to_owned())]
        );
    }

    #[test]
    fn forms_carry_top_level_properties() {
        let mut call = call();
        let body = serde_json::json!({"name": "a b&c", "tags": ["x", "y"], "n": 3, "gone": null});
        call.form::<_, ()>("application/x-www-form-urlencoded", &body)
            .expect("an object");
        assert_eq!(
            String::from_utf8(call.body.clone().expect("a body")).expect("UTF-8"),
            "n=3&name=a+b%26c&tags=x&tags=y"
        );
        assert!(call
            .form::<_, ()>("application/x-www-form-urlencoded", &[1])
            .is_err());
    }
}
