//! The impls every generated enum of a document's values shares, written once: such an enum
//! defines its variants, `as_str` (or `value`) and `From` its wire value, and these macros
//! derive `Display`, `Serialize` and `Deserialize` from them. A value the document does not
//! list decodes into the enum's `Unknown` variant rather than failing.
//!
//! Paths are written in full: a `types` module may define a schema named `String` or
//! `Result`.

/// `Display`, `Serialize` and `Deserialize` for an enum of strings with `as_str` and
/// `From<String>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value: ::std::string::String =
                    $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    };
}

/// `Display`, `Serialize` and `Deserialize` for an enum of integers with `value` and
/// `From<i64>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __integer_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value: i64 = $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    };
}

pub use crate::__integer_enum as integer_enum;
pub use crate::__string_enum as string_enum;
