//! What generated code reaches through `::hwcloud::__private`: the crates it names (so a
//! crate holding generated code needs no dependency of its own on them) and small helpers.
//! Not part of the public API.

pub use http;
pub use serde;
pub use serde_json;
pub use url;

pub use crate::multipart::Multipart;
pub use crate::response::{decode, decode_any, decode_text, service, success, unexpected};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::Error;
use crate::validation::{Location, ValidationError, Violation};

/// Everything but the unreserved characters `A-Za-z0-9-._~` is encoded: a `/`, `?`, `#` or
/// `%` in a value can never change the path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment.
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// A parameter value as text: strings as they are, other JSON values as JSON.
pub fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A parameter described by `content` with a JSON media type: its JSON text (a string is
/// quoted). Generated types always serialise, as for [`param_text`].
pub fn param_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// An array parameter's items as text, joined into one value (`a,b,c` for `simple` and for
/// `form` without explode). An item holding the separator reads as two, as with the style
/// itself.
pub fn join_params<T: serde::Serialize>(items: &[T], separator: &str) -> String {
    let texts: Vec<String> = items.iter().map(param_text).collect();
    texts.join(separator)
}

/// An array parameter of a path or a cookie: each item percent-encoded (a separator inside an
/// item included, so items stay apart), then joined.
pub fn join_encoded<T: serde::Serialize>(items: &[T], separator: &str) -> String {
    let texts: Vec<String> = items
        .iter()
        .map(|item| encode_path_segment(&param_text(item)))
        .collect();
    texts.join(separator)
}

/// Serialises a request body. Generated types always serialise; should one not, the call is
/// refused before sending rather than sent wrong.
pub fn to_json<T: serde::Serialize, E>(body: &T) -> Result<Vec<u8>, Error<E>> {
    serde_json::to_vec(body).map_err(|e| {
        Error::Validation(ValidationError {
            violations: vec![Violation {
                location: Location::Body,
                pointer: "/".into(),
                rule: "serialize",
                message: format!("the body cannot be serialised as JSON: {e}"),
            }],
        })
    })
}

/// Serialises a request body as `application/x-www-form-urlencoded`: each top-level
/// property of the object is a pair, strings as they are, arrays as repeated keys, other
/// values as JSON text, nulls left out. A body that is not an object is refused before
/// sending rather than sent wrong.
pub fn to_form<T: serde::Serialize, E>(body: &T) -> Result<Vec<u8>, Error<E>> {
    let refuse = |message: String| {
        Error::Validation(ValidationError {
            violations: vec![Violation {
                location: Location::Body,
                pointer: "/".into(),
                rule: "serialize",
                message,
            }],
        })
    };
    let value = serde_json::to_value(body)
        .map_err(|e| refuse(format!("the body cannot be serialised: {e}")))?;
    let serde_json::Value::Object(fields) = value else {
        return Err(refuse("a form body must be an object".into()));
    };
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in &fields {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) => {
                for item in items {
                    form.append_pair(key, &param_text(item));
                }
            }
            other => {
                form.append_pair(key, &param_text(other));
            }
        }
    }
    Ok(form.finish().into_bytes())
}

/// Decodes the variant a discriminated union's tag selects; when the value does not fit it,
/// the error names the property, its value and the variant.
pub fn decode_tagged<T, E>(
    value: serde_json::Value,
    property: &str,
    tag: &str,
    variant: &str,
) -> Result<T, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    serde_json::from_value(value).map_err(|e| {
        E::custom(format!(
            "`{property}` is `{tag}`, but the value is no `{variant}`: {e}"
        ))
    })
}

/// The value as `T`, if it fits (a union without a usable tag tries its variants in order).
pub fn decode_fits<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

#[cfg(test)]
mod tests {
    use super::{encode_path_segment, to_form};

    #[test]
    fn forms_carry_top_level_properties() {
        let body = serde_json::json!({"name": "a b&c", "tags": ["x", "y"], "n": 3, "gone": null});
        let bytes = to_form::<_, ()>(&body).expect("an object");
        assert_eq!(
            String::from_utf8(bytes).expect("UTF-8"),
            "n=3&name=a+b%26c&tags=x&tags=y"
        );
        assert!(to_form::<_, ()>(&serde_json::json!([1])).is_err());
    }

    #[test]
    fn path_segments_cannot_escape_their_place() {
        assert_eq!(encode_path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(encode_path_segment("in07-x_y.z~"), "in07-x_y.z~");
        assert_eq!(encode_path_segment("组"), "%E7%BB%84");
    }
}
