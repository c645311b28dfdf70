//! The enums of a document's values, written once: a generated enum is declared as it reads
//! in the document, each variant with its docs and its wire value,
//!
//! ```
//! hwcloud::__private::string_enum! {
//!     /// Inbound or outbound direction of a security group rule.
//!     pub enum Direction {
//!         /// `ingress`
//!         Ingress = "ingress",
//!         /// `egress`
//!         Egress = "egress",
//!     }
//! }
//!
//! assert_eq!(Direction::Egress.as_str(), "egress");
//! assert_eq!(Direction::VALUES, ["ingress", "egress"]);
//! assert_eq!(Direction::from("sideways".to_string()), Direction::Unknown("sideways".into()));
//! ```
//!
//! and these macros expand it to the enum with an `Unknown` variant (a value the document
//! does not list decodes into it rather than failing, and is sent as received), `VALUES`,
//! `as_str` (`value` for integers), `From` its wire value, `Display`, `Serialize` and
//! `Deserialize`.
//!
//! Paths are written in full: a `types` module may define a schema named `String` or
//! `Result`.

/// An enum of strings: the declaration with `Variant = "wire value"` pairs becomes the enum
/// with `Unknown(String)`, `VALUES`, `as_str`, `From<String>`, `Display` and serde.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident = $value:literal),* $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_attr])* $variant,)*
            /// A value the document does not list (kept as received).
            Unknown(::std::string::String),
        }
        impl $name {
            /// The values the document lists.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }
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

/// An enum of integers: the declaration with `Variant = number` pairs becomes the enum with
/// `Unknown(i64)`, `VALUES`, `value`, `From<i64>`, `Display` and serde (as a number).
#[doc(hidden)]
#[macro_export]
macro_rules! __integer_enum {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident = $value:literal),* $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_attr])* $variant,)*
            /// A value the document does not list (kept as received).
            Unknown(i64),
        }
        impl $name {
            /// The values the document lists.
            pub const VALUES: &'static [i64] = &[$($value),*];

            /// The number on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => *value,
                }
            }
        }
        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }
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

/// A string `const` (OpenAPI 3.1): an enum of one variant that only its value decodes into,
/// so an untagged union tells its members apart by it (`{"pet_type": "dog"}` is no `Cat`).
#[doc(hidden)]
#[macro_export]
macro_rules! __string_const {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $(#[$variant_attr:meta])* $variant:ident = $value:literal $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        $vis enum $name {
            $(#[$variant_attr])*
            #[default]
            $variant,
        }
        impl $name {
            /// The one value.
            pub const VALUE: &'static str = $value;

            /// The value, as sent.
            pub fn as_str(&self) -> &'static str {
                $value
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($value)
            }
        }
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str($value)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value: ::std::string::String =
                    $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                $crate::__private::constant(value == $value, Self::$variant, &value, &$value)
            }
        }
    };
}

/// An integer `const` (OpenAPI 3.1): as [`string_const!`], sent and received as a number.
#[doc(hidden)]
#[macro_export]
macro_rules! __integer_const {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $(#[$variant_attr:meta])* $variant:ident = $value:literal $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        $vis enum $name {
            $(#[$variant_attr])*
            #[default]
            $variant,
        }
        impl $name {
            /// The one value.
            pub const VALUE: i64 = $value;

            /// The value, as sent.
            pub fn value(&self) -> i64 {
                $value
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&Self::VALUE, f)
            }
        }
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64($value)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value: i64 = $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                $crate::__private::constant(value == $value, Self::$variant, &value, &$value)
            }
        }
    };
}

pub use crate::__integer_const as integer_const;
pub use crate::__integer_enum as integer_enum;
pub use crate::__string_const as string_const;
pub use crate::__string_enum as string_enum;

#[cfg(test)]
mod tests {
    crate::__private::string_enum! {
        /// A string enum as the generator writes one.
        pub enum Color {
            /// `red`
            Red = "red",
            /// `dark-green`
            DarkGreen = "dark-green",
        }
    }

    crate::__private::integer_enum! {
        /// An integer enum, negative values included.
        pub enum Level {
            /// `-1`
            Minus1 = -1,
            /// `5`
            High = 5,
        }
    }

    #[test]
    fn string_enums_keep_unknown_values_and_round_trip() {
        assert_eq!(Color::VALUES, ["red", "dark-green"]);
        assert_eq!(Color::DarkGreen.as_str(), "dark-green");
        assert_eq!(Color::DarkGreen.to_string(), "dark-green");
        let decoded: Vec<Color> =
            serde_json::from_str(r#"["red", "dark-green", "purple"]"#).expect("decodes");
        assert_eq!(
            decoded,
            [
                Color::Red,
                Color::DarkGreen,
                Color::Unknown("purple".into())
            ]
        );
        assert_eq!(
            serde_json::to_string(&decoded).expect("encodes"),
            r#"["red","dark-green","purple"]"#
        );
        assert!(serde_json::from_str::<Color>("1").is_err());
    }

    #[test]
    fn integer_enums_travel_as_numbers_and_keep_unknown_values() {
        assert_eq!(Level::VALUES, [-1, 5]);
        assert_eq!(Level::Minus1.value(), -1);
        assert_eq!(Level::High.to_string(), "5");
        let decoded: Vec<Level> = serde_json::from_str("[-1, 5, 7]").expect("decodes");
        assert_eq!(decoded, [Level::Minus1, Level::High, Level::Unknown(7)]);
        assert_eq!(
            serde_json::to_string(&decoded).expect("encodes"),
            "[-1,5,7]"
        );
        assert!(serde_json::from_str::<Level>(r#""5""#).is_err());
    }
}
