//! How a value appears in a message: as JSON text, cut short when long, or not at all when
//! it is a secret.

/// What a message says instead of a secret's value (`format: password`, `writeOnly`).
pub const SECRET: &str = "the value (not shown: a secret)";

/// A value a message may name, quoted only when a message is written (checks that pass
/// cost no allocation).
#[derive(Debug, Clone, Copy)]
pub enum Shown<'a> {
    /// A string, quoted as JSON ([`quote_str`]).
    Str(&'a str),
    /// A JSON value, as its JSON text ([`quote_json`]).
    Json(&'a serde_json::Value),
    /// An integer.
    Integer(i64),
    /// A secret: never shown ([`SECRET`]).
    Secret,
}

impl Shown<'_> {
    /// The value as messages show it.
    pub fn text(&self) -> String {
        match self {
            Shown::Str(value) => quote_str(value),
            Shown::Json(value) => quote_json(value),
            Shown::Integer(value) => value.to_string(),
            Shown::Secret => SECRET.to_owned(),
        }
    }
}

/// A JSON pointer as messages show it: `(root)` for the value itself (the empty pointer, as
/// RFC 6901 writes it).
pub fn pointer_text(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}

/// How many characters of a value a message quotes before cutting it with `...`.
const QUOTED_CHARS: usize = 60;

/// A string as messages quote it: its JSON text (`"web server"`), cut short when long.
pub fn quote_str(value: &str) -> String {
    cut(serde_json::Value::from(value).to_string())
}

/// A JSON value as messages quote it: its JSON text, cut short when long.
pub fn quote_json(value: &serde_json::Value) -> String {
    cut(value.to_string())
}

fn cut(text: String) -> String {
    if text.chars().count() > QUOTED_CHARS {
        let kept: String = text.chars().take(QUOTED_CHARS - 3).collect();
        format!("{kept}...")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_as_json_and_cut() {
        assert_eq!(quote_str("a \"b\"\n"), r#""a \"b\"\n""#);
        assert_eq!(quote_str("安全组"), "\"安全组\"");
        let long = quote_str(&"x".repeat(100));
        assert_eq!(long.chars().count(), QUOTED_CHARS);
        assert!(long.ends_with("..."));
        assert_eq!(quote_json(&serde_json::json!({"a": [1]})), r#"{"a":[1]}"#);
    }
}
