//! How generated unions without serde's untagged decoding decode: from the value's JSON text,
//! read whole once ([`RawJson`]), never through a `serde_json::Value`, which would hold a
//! number as an `f64` and lose the digits [`crate::number::Number`] keeps (FastAPI's
//! `Decimal`, also inside a member of a discriminated union). A union with a discriminator
//! reads its tag from the text and decodes the member it names; any other tries each member
//! in turn, the first that fits winning.

use std::fmt;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};

/// The value's JSON text, read whole.
pub type RawJson = Box<serde_json::value::RawValue>;

/// The JSON text as `T`, if it fits.
pub fn decode_raw<T: DeserializeOwned>(raw: &RawJson) -> Option<T> {
    serde_json::from_str(raw.get()).ok()
}

/// The first of `variants` that decodes the text; `name` is the union's, for the error when
/// none does.
pub fn first_fitting<T, E: de::Error>(
    raw: &RawJson,
    name: &str,
    variants: &[fn(&RawJson) -> Option<T>],
) -> Result<T, E> {
    variants
        .iter()
        .find_map(|decode| decode(raw))
        .ok_or_else(|| E::custom(format!("the value fits no variant of `{name}`")))
}

/// Decodes a union without a discriminator that has a number member: the text read whole,
/// then [`first_fitting`].
pub fn decode_first<'de, D, T>(
    deserializer: D,
    name: &str,
    variants: &[fn(&RawJson) -> Option<T>],
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let raw = <RawJson as serde::Deserialize>::deserialize(deserializer)?;
    first_fitting(&raw, name, variants)
}

/// Decodes the member a discriminated union's tag selects; when the value does not fit it,
/// the error names the property, its value and the member.
pub fn decode_tagged<T: DeserializeOwned, E: de::Error>(
    raw: &RawJson,
    property: &str,
    tag: &str,
    variant: &str,
) -> Result<T, E> {
    serde_json::from_str(raw.get()).map_err(|e| {
        E::custom(format!(
            "`{property}` is `{tag}`, but the value is no `{variant}`: {e}"
        ))
    })
}

/// The string value of the property `property` of the JSON object `raw` (a union's tag),
/// read without decoding the other values; `None` when it has no such string, or is no
/// object.
pub fn tag_of(raw: &RawJson, property: &str) -> Option<String> {
    let mut reader = serde_json::Deserializer::from_str(raw.get());
    de::Deserializer::deserialize_map(&mut reader, TagSeeker(property))
        .ok()
        .flatten()
}

/// Looks through an object's entries for the tag, skipping every other value.
struct TagSeeker<'p>(&'p str);

impl<'de> Visitor<'de> for TagSeeker<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if found.is_none() && key == self.0 {
                found = match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::String(tag) => Some(tag),
                    _ => None,
                };
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawJson {
        serde_json::from_str(text).expect("JSON")
    }

    #[test]
    fn the_first_fitting_variant_wins_and_none_fitting_names_the_union() {
        let variants: [fn(&RawJson) -> Option<String>; 2] = [
            |raw| decode_raw::<i64>(raw).map(|n| format!("integer {n}")),
            |raw| decode_raw::<String>(raw).map(|s| format!("string {s}")),
        ];
        let fits = first_fitting::<_, serde_json::Error>(&raw("7"), "IdOrName", &variants);
        assert_eq!(fits.expect("an integer"), "integer 7");
        let none = first_fitting::<_, serde_json::Error>(&raw("[1]"), "IdOrName", &variants);
        assert_eq!(
            none.expect_err("neither").to_string(),
            "the value fits no variant of `IdOrName`"
        );
    }

    #[test]
    fn the_tag_is_read_without_the_rest() {
        let text = r#"{"amount": 12.30, "nested": {"type": "inner"}, "type": "payment"}"#;
        assert_eq!(tag_of(&raw(text), "type").as_deref(), Some("payment"));
        assert_eq!(tag_of(&raw(r#"{"type": 7}"#), "type"), None);
        assert_eq!(tag_of(&raw(r#"{"kind": "a"}"#), "type"), None);
        assert_eq!(tag_of(&raw(r#"["type", "a"]"#), "type"), None);
        assert_eq!(
            tag_of(&raw(r#"{"ty\u0070e": "esc"}"#), "type").as_deref(),
            Some("esc")
        );
    }
}
