//! Rust names for what documents name freely: case conversion with heck, then made safe
//! (keywords, leading digits, empty names) and unique within their scope.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves; a field or method named so becomes a raw identifier (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replaces what heck would drop silently (`+`, `-` at the start) with words, so that
/// `+1` and `-1` stay distinct.
fn spell(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        match c {
            '+' => out.push_str(" plus "),
            '-' if out.trim().is_empty() => out.push_str(" minus "),
            '*' => out.push_str(" star "),
            '@' => out.push_str(" at "),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// A type or variant name: `UpperCamelCase`, never empty, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    let mut name = spell(raw).to_upper_camel_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if name.is_empty() {
        name = "Value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A field, parameter or method name: `snake_case`, keywords made raw (`r#type`).
pub fn value_name(raw: &str) -> String {
    let mut name = spell(raw).to_snake_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// A module name (and the stem of its file): like [`value_name`], but a keyword takes a
/// trailing underscore instead of becoming raw (`type` gives `type_`, as `self` gives
/// `self_`): a path reads `api::type_::Client`, and a document named `mod.yaml` does not
/// write over the `mod.rs` that includes the modules.
pub fn module_name(raw: &str) -> String {
    let name = value_name(raw);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// Hands out names unique within one scope: a repeat gets `2`, `3`, ... appended.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope in which the `reserved` names are already taken.
    pub fn new(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Returns `wanted`, or, when it is taken, the first free `wanted2`, `wanted3`, ... (with
    /// an `_` before the number when `wanted` ends in a digit; a raw identifier loses its
    /// `r#`). The name returned is taken from then on.
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let base = wanted.trim_start_matches("r#").to_string();
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe() {
        assert_eq!(type_name("security-group info"), "SecurityGroupInfo");
        assert_eq!(type_name("200"), "V200");
        assert_eq!(type_name(""), "Value");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("X-Language"), "x_language");
        assert_eq!(value_name("1st"), "_1st");
        assert_eq!(value_name("+1"), "plus_1");
        assert_eq!(value_name("-1"), "minus_1");
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("mod"), "mod_");
        assert_eq!(module_name("self"), "self_");
        assert_eq!(module_name("Crate"), "crate_");
        assert_eq!(module_name("vpc"), "vpc");
        assert_eq!(module_name("my-api"), "my_api");
    }

    #[test]
    fn scopes_make_names_unique() {
        let mut scope = Scope::new(&["Client"]);
        assert_eq!(scope.claim("Client".into()), "Client2");
        assert_eq!(scope.claim("A".into()), "A");
        assert_eq!(scope.claim("A".into()), "A2");
        assert_eq!(scope.claim("V1".into()), "V1");
        assert_eq!(scope.claim("V1".into()), "V1_2");
        assert_eq!(scope.claim("r#type".into()), "r#type");
        assert_eq!(scope.claim("r#type".into()), "type2");
    }
}
