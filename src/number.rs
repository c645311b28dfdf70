//! A JSON number kept as the text it was written in.
//!
//! Where a document allows a number or a string (`anyOf: [number, string]`, which is how
//! FastAPI describes Python's `Decimal`, and `Union[float, str]`), the number is often a
//! decimal that `f64` cannot hold: `12.30` would come back as `12.3`, and
//! `0.1000000000000000055511151231257827` as `0.1`. A [`Number`] keeps every digit, so a value
//! decoded from a response is sent back exactly as it came; [`Number::as_f64`] gives the
//! nearest `f64` for arithmetic and for checking the document's bounds.
//!
//! ```
//! use hwcloud::number::Number;
//!
//! let price: Number = serde_json::from_str("12.30").unwrap();
//! assert_eq!(price.as_str(), "12.30");
//! assert_eq!(serde_json::to_string(&price).unwrap(), "12.30");
//! assert_eq!(price.as_f64(), 12.3);
//! assert_eq!("1e400".parse::<Number>().unwrap().as_str(), "1e400");
//! assert!("12,30".parse::<Number>().is_err());
//! ```
//!
//! The exact text survives `serde_json`'s own text (`from_str`, `from_slice`, `from_reader`,
//! `to_string`, ...), which is what the clients use; through a `serde_json::Value` a number is
//! an `f64` or an integer, as `serde_json` holds it.

use std::fmt;
use std::str::FromStr;

use serde::de::Error as _;
use serde::ser::Error as _;
use serde_json::value::RawValue;

/// A JSON number as written, every digit kept (see the [module docs](self)).
///
/// Two numbers are equal when their text is: `1.0` and `1` differ, as they would on the wire.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Number(String);

impl Number {
    /// The number's text, as it is sent and as it was received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64` (infinite beyond `f64`'s range, as Rust's parsing gives it).
    pub fn as_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }

    /// The shortest text that reads back as `value`; `None` for NaN and the infinities,
    /// which JSON cannot write.
    pub fn from_f64(value: f64) -> Option<Number> {
        value.is_finite().then(|| Number(value.to_string()))
    }
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(value: $t) -> Number {
                Number(value.to_string())
            }
        }
    )*};
}
from_integer!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);

/// Why a text is not a JSON number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotANumber {
    text: String,
}

impl fmt::Display for NotANumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a JSON number (digits, an optional fraction and exponent, as in -12.30 or 1e-7)",
            self.text
        )
    }
}

impl std::error::Error for NotANumber {}

impl FromStr for Number {
    type Err = NotANumber;

    /// Accepts JSON's number syntax only, with no space around it.
    fn from_str(text: &str) -> Result<Number, NotANumber> {
        // A JSON value that starts with a digit or a minus sign can only be a number.
        let is_number = serde_json::from_str::<&RawValue>(text).is_ok_and(|raw| {
            raw.get() == text && text.starts_with(|c: char| c == '-' || c.is_ascii_digit())
        });
        if is_number {
            Ok(Number(text.to_string()))
        } else {
            Err(NotANumber {
                text: text.to_string(),
            })
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({})", self.0)
    }
}

impl serde::Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw: &RawValue = serde_json::from_str(&self.0).map_err(S::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Number, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        raw.get().parse().map_err(|_| {
            D::Error::invalid_type(
                serde::de::Unexpected::Other("a value other than a number"),
                &"a number",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Number;

    #[test]
    fn digits_beyond_f64_survive_decoding_and_encoding() {
        for text in [
            "12.30",
            "0.1000000000000000055511151231257827",
            "-0",
            "1E+400",
            "123456789012345678901234567890",
        ] {
            let number: Number = serde_json::from_str(text).expect("a number");
            assert_eq!(serde_json::to_string(&number).expect("encodes"), text);
        }
    }

    #[test]
    fn only_json_numbers_are_numbers() {
        for text in [
            "", " 1", "1 ", "+1", ".5", "1.", "01", "0x10", "NaN", "\"1\"", "[1]", "1,5",
        ] {
            assert!(
                text.parse::<Number>().is_err(),
                "{text:?} was taken for a number"
            );
        }
        assert!(serde_json::from_str::<Number>("\"12.30\"").is_err());
        assert_eq!(
            Number::from_f64(0.1).map(|n| n.to_string()),
            Some("0.1".into())
        );
        assert_eq!(Number::from_f64(f64::NAN), None);
        assert_eq!(Number::from(-7i64).as_f64(), -7.0);
    }
}
