//! `minLength`, `maxLength`, `pattern` and `enum` on strings.

use crate::{Shown, Sink};

/// The length JSON Schema gives a string: its characters (Unicode scalar values), not its
/// bytes.
pub fn char_count(value: &str) -> u64 {
    value.chars().count() as u64
}

/// `minLength` and `maxLength` of `value`.
pub fn check_length(sink: &mut dyn Sink, value: &str, min: Option<u64>, max: Option<u64>) {
    let chars = char_count(value);
    if let Some(min) = min.filter(|&min| chars < min) {
        sink.push(
            "minLength",
            format!("{chars} characters, at least {min} required"),
        );
    }
    if let Some(max) = max.filter(|&max| chars > max) {
        sink.push(
            "maxLength",
            format!("{chars} characters, at most {max} allowed"),
        );
    }
}

/// `pattern`: `matched` is whether the compiled pattern `source` found a match in the value
/// `shown`, `None` when it could not be compiled.
pub fn check_pattern(sink: &mut dyn Sink, shown: Shown<'_>, source: &str, matched: Option<bool>) {
    match matched {
        Some(true) => {}
        Some(false) => sink.push(
            "pattern",
            format!("{} does not match the pattern `{source}`", shown.text()),
        ),
        None => sink.push(
            "pattern",
            format!("the pattern `{source}` could not be compiled"),
        ),
    }
}

/// `enum`: the value `shown` is not among `allowed`, each given as its JSON text.
pub fn check_enum<I>(sink: &mut dyn Sink, shown: Shown<'_>, allowed: I)
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let listed: Vec<I::Item> = allowed.into_iter().collect();
    let listed: Vec<&str> = listed.iter().map(AsRef::as_ref).collect();
    sink.push(
        "enum",
        format!("{} is not one of {}", shown.text(), listed.join(", ")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(check: impl FnOnce(&mut dyn Sink)) -> Vec<String> {
        let mut found = Vec::new();
        let mut sink = |keyword: &'static str, message: String| {
            found.push(format!("{message} ({keyword})"));
        };
        check(&mut sink);
        found
    }

    #[test]
    fn lengths_count_characters() {
        assert_eq!(char_count("安全组"), 3);
        assert_eq!(
            run(|s| check_length(s, "安全组", Some(4), Some(2))),
            [
                "3 characters, at least 4 required (minLength)",
                "3 characters, at most 2 allowed (maxLength)"
            ]
        );
        assert!(run(|s| check_length(s, "ab", Some(2), Some(2))).is_empty());
    }

    #[test]
    fn patterns_and_enums_name_the_value_as_shown() {
        assert_eq!(
            run(|s| check_pattern(s, Shown::Str("a b"), "^\\S+$", Some(false))),
            ["\"a b\" does not match the pattern `^\\S+$` (pattern)"]
        );
        assert!(run(|s| check_pattern(s, Shown::Secret, "x", Some(true))).is_empty());
        assert_eq!(
            run(|s| check_pattern(s, Shown::Secret, "^x$", Some(false))),
            ["the value (not shown: a secret) does not match the pattern `^x$` (pattern)"]
        );
        assert_eq!(
            run(|s| check_enum(s, Shown::Str("fr-fr"), ["\"en-us\"", "\"zh-cn\""])),
            ["\"fr-fr\" is not one of \"en-us\", \"zh-cn\" (enum)"]
        );
    }
}
