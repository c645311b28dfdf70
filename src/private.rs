//! What generated code reaches through `::hwcloud::__private`: the crates it names (so a
//! crate holding generated code needs no dependency of its own on them) and small helpers.
//! Not part of the public API.

pub use http;
pub use serde;
pub use serde_json;
pub use url;

pub use crate::call::{Call, Style};
pub use crate::enums::{integer_const, integer_enum, string_const, string_enum};
pub use crate::multipart::Multipart;
pub use hwcloud_derive::JsonObject;

/// The helpers `#[derive(JsonObject)]` expands to calls of.
#[path = "json.rs"]
pub mod json;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

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

/// What a `const` type decodes `found` into: `value` when it is the constant, else the error
/// naming both (one function, so each generated type's `Deserialize` stays a line).
pub fn constant<T, E: serde::de::Error>(
    matches: bool,
    value: T,
    found: &dyn std::fmt::Debug,
    expected: &dyn std::fmt::Debug,
) -> Result<T, E> {
    if matches {
        Ok(value)
    } else {
        Err(E::custom(format_args!(
            "expected the constant {expected:?}, found {found:?}"
        )))
    }
}

/// A parameter value as text: strings as they are, other JSON values as JSON.
pub fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_value(value)
        .map(crate::call::text)
        .unwrap_or_default()
}

/// A parameter described by `content` with a JSON media type: its JSON text (a string is
/// quoted). Generated types always serialise, as for [`param_text`].
pub fn param_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// An array parameter's items (a `Vec`, or a tuple) as text, joined into one value (`a,b,c`
/// for `simple`). An item holding the separator reads as two, as with the style itself.
pub fn join_params<T: serde::Serialize + ?Sized>(items: &T, separator: &str) -> String {
    crate::call::joined(array_items(items), separator)
}

/// The items of a value that serializes as a JSON array; any other value is one item.
fn array_items<T: serde::Serialize + ?Sized>(value: &T) -> Vec<serde_json::Value> {
    match crate::call::to_value(value) {
        serde_json::Value::Array(items) => items,
        other => vec![other],
    }
}

/// A path parameter's value as one percent-encoded segment: a string as it is, any other
/// value as JSON text.
pub fn segment<T: serde::Serialize + ?Sized>(value: &T) -> String {
    encode_path_segment(&param_text(value))
}

/// An array parameter of a path (a `Vec`, or a tuple): each item percent-encoded (a
/// separator inside an item included, so items stay apart), then joined.
pub fn join_encoded<T: serde::Serialize + ?Sized>(items: &T, separator: &str) -> String {
    crate::call::joined_encoded(array_items(items), separator)
}

pub use crate::unions::{decode_first, decode_raw, decode_tagged, first_fitting, tag_of, RawJson};

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
