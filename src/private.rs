//! What generated code reaches through `::hwcloud::__private`: the crates it names (so a
//! crate holding generated code needs no dependency of its own on them) and small helpers.
//! Not part of the public API.

pub use http;
pub use serde;
pub use serde_json;
pub use url;

pub use crate::response::{decode, decode_any, service, success, unexpected};

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

#[cfg(test)]
mod tests {
    use super::encode_path_segment;

    #[test]
    fn path_segments_cannot_escape_their_place() {
        assert_eq!(encode_path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(encode_path_segment("in07-x_y.z~"), "in07-x_y.z~");
        assert_eq!(encode_path_segment("组"), "%E7%BB%84");
    }
}
