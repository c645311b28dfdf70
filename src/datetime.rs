//! `format: date-time` values as times, for documents generated with `--date-time time`
//! (by default they stay `String`s, which decode whatever the service sends).

use std::fmt;
use std::str::FromStr;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// An RFC 3339 date-time (`2024-03-15T08:15:30Z`, `2024-03-15T16:15:30.5+08:00`): what
/// OpenAPI's `format: date-time` means. Encoded as RFC 3339 text, with its offset as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(pub OffsetDateTime);

impl DateTime {
    /// The time.
    pub fn get(self) -> OffsetDateTime {
        self.0
    }
}

impl From<OffsetDateTime> for DateTime {
    fn from(value: OffsetDateTime) -> Self {
        DateTime(value)
    }
}

impl From<DateTime> for OffsetDateTime {
    fn from(value: DateTime) -> Self {
        value.0
    }
}

impl FromStr for DateTime {
    type Err = time::error::Parse;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OffsetDateTime::parse(s, &Rfc3339).map(DateTime)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Formatting RFC 3339 fails only for years outside 0..=9999, which parsing never
        // gives; such a value built in code is shown in `time`'s own notation.
        match self.0.format(&Rfc3339) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.0.format(&Rfc3339).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(|e| {
            serde::de::Error::custom(format!("`{text}` is not an RFC 3339 date-time: {e}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_text_round_trips_with_its_offset() {
        for text in [
            "2024-03-15T08:15:30Z",
            "2024-03-15T16:15:30.5+08:00",
            "1999-12-31T23:59:59-05:00",
        ] {
            let value: DateTime = serde_json::from_value(serde_json::json!(text)).expect(text);
            assert_eq!(
                serde_json::to_value(value).expect("encodes"),
                serde_json::json!(text)
            );
            assert_eq!(value.to_string(), text);
        }
        let utc: DateTime = "2024-03-15T16:15:30+08:00".parse().expect("parses");
        assert_eq!(utc.get().unix_timestamp(), 1_710_490_530);
    }

    #[test]
    fn other_text_is_an_error_naming_it() {
        let error = serde_json::from_value::<DateTime>(serde_json::json!("2024-03-15 08:15"))
            .expect_err("not RFC 3339");
        assert!(
            error
                .to_string()
                .starts_with("`2024-03-15 08:15` is not an RFC 3339 date-time"),
            "{error}"
        );
    }
}
