//! What the expansions of `#[derive(JsonObject)]` (crate `hwcloud-derive`) call: generic
//! helpers, checked once here rather than in every generated struct.
//!
//! A struct is written as a map of its documented fields, in the order declared (an
//! `Option` left out when `None`, unless marked to be sent as `null`), then the properties
//! beyond them; it is read from an object only, a key at a time, borrowed from the input
//! where the format allows.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// Begins writing a struct as a map.
pub fn map<S: Serializer>(serializer: S) -> Result<S::SerializeMap, S::Error> {
    serializer.serialize_map(None)
}

/// Writes one field.
pub fn put<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    name: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    map.serialize_entry(name, value)
}

/// Writes an optional field if it holds a value.
pub fn put_some<M: SerializeMap, T: Serialize>(
    map: &mut M,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(name, value),
        None => Ok(()),
    }
}

/// Writes the properties beyond the documented ones.
pub fn put_all<M: SerializeMap, T: Serialize>(
    map: &mut M,
    extra: &BTreeMap<String, T>,
) -> Result<(), M::Error> {
    extra
        .iter()
        .try_for_each(|(key, value)| map.serialize_entry(key, value))
}

/// Ends the map.
pub fn end<M: SerializeMap>(map: M) -> Result<M::Ok, M::Error> {
    map.end()
}

/// The next key of an object: borrowed from the input where it can be.
pub fn key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Cow<'de, str>>, A::Error> {
    map.next_key_seed(Key)
}

/// Reads a documented field's value into its slot; a key seen twice is serde's
/// `duplicate_field` error.
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Reads the value of a key the struct does not document into the map of the others.
pub fn extra<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    extra: &mut BTreeMap<String, T>,
    key: Cow<'de, str>,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    extra.insert(key.into_owned(), value);
    Ok(())
}

/// A field that is not an `Option`, once the object is read: serde's `missing_field` error
/// when it was absent. `map` gives the error type.
pub fn required<'de, A: MapAccess<'de>, T>(
    _map: &A,
    slot: Option<T>,
    name: &'static str,
) -> Result<T, A::Error> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

/// Reads a key as a string, borrowed or owned.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        Ok(Cow::Owned(String::from_utf8_lossy(value).into_owned()))
    }
}
