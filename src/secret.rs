//! A string that must never reach a log: secret keys, tokens, security tokens.
//!
//! [`Secret`] prints as `***` through both `Debug` and `Display`, so a secret held in a struct
//! that derives `Debug`, or interpolated into an error message by mistake, stays hidden. The
//! value can only be read through [`Secret::expose`], which makes every read easy to find.

use std::fmt;

/// A secret string whose value is never printed.
///
/// `Debug` prints `Secret(***)` and `Display` prints `***`. The only way to read the value is
/// [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Returns the secret value.
    ///
    /// This is the only way to read it; call it only where the value is actually used (for
    /// example as an HMAC key or as a header value), never to format a message.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string, which no credential accepts.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn formatting_hides_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(format!("{secret}"), "***");
        assert_eq!(
            format!("{:#?}", Some(secret.clone())),
            "Some(\n    Secret(***),\n)"
        );
        assert_eq!(secret.expose(), "hunter2");
    }

    #[test]
    fn equality_compares_values() {
        assert_eq!(Secret::from("a"), Secret::new(String::from("a")));
        assert_ne!(Secret::from("a"), Secret::from("b"));
    }
}
