//! Regular expressions of `pattern`: OpenAPI means ECMA-262 syntax, the generated code runs
//! Rust's `regex` engine, and `fancy-regex` for what `regex` lacks (lookaround and
//! backreferences, as in pydantic's `Decimal` pattern). A pattern is runnable (perhaps after
//! translation), valid ECMA neither engine can run, or invalid.

use std::cell::RefCell;
use std::collections::HashMap;

use regex::Regex;

/// A pattern compiled by the engine that runs it: `regex` (linear time) whenever it can.
#[derive(Debug, Clone)]
pub enum Compiled {
    /// What `regex` runs, in time linear in the text.
    Linear(Regex),
    /// Lookaround or backreferences; its backtracking is bounded by the crate's limit.
    Backtracking(Box<fancy_regex::Regex>),
}

impl Compiled {
    /// Whether `text` matches; `None` when matching gave up (the backtracking limit).
    pub fn is_match(&self, text: &str) -> Option<bool> {
        match self {
            Compiled::Linear(regex) => Some(regex.is_match(text)),
            Compiled::Backtracking(regex) => regex.is_match(text).ok(),
        }
    }
}

/// What the generator can do with a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternClass {
    /// Runnable; holds the pattern as Rust's engine must be given it.
    Supported(String),
    /// Valid ECMA-262 the Rust engine has no equivalent for; the reason names the construct.
    Unsupported(String),
    /// Not valid ECMA-262; holds the engine's description of the syntax error.
    Invalid(String),
}

/// The patterns of one run, each classified and compiled once: documents repeat the same
/// few patterns in many schemas and examples, and compiling one costs more than checking a
/// small document (the pattern rule, the examples and the lowering all ask).
#[derive(Default)]
pub struct Patterns {
    seen: RefCell<HashMap<String, (PatternClass, Option<Compiled>)>>,
}

impl Patterns {
    /// What the generator can do with `pattern`.
    pub fn classify(&self, pattern: &str) -> PatternClass {
        self.with(pattern, |(class, _)| class.clone())
    }

    /// `pattern` compiled, `None` when no engine can run it.
    pub fn regex(&self, pattern: &str) -> Option<Compiled> {
        self.with(pattern, |(_, regex)| regex.clone())
    }

    fn with<T>(&self, pattern: &str, f: impl FnOnce(&(PatternClass, Option<Compiled>)) -> T) -> T {
        let mut seen = self.seen.borrow_mut();
        if let Some(known) = seen.get(pattern) {
            return f(known);
        }
        let classified = classify(pattern);
        let answer = f(&classified);
        seen.insert(pattern.to_string(), classified);
        answer
    }
}

/// Classifies `pattern`, compiling it with the engine the generated code uses.
pub fn classify_pattern(pattern: &str) -> PatternClass {
    classify(pattern).0
}

/// The class of `pattern` and, when it runs, its compiled form.
fn classify(pattern: &str) -> (PatternClass, Option<Compiled>) {
    let error = match Regex::new(pattern) {
        Ok(regex) => {
            let class = PatternClass::Supported(pattern.to_string());
            return (class, Some(Compiled::Linear(regex)));
        }
        Err(e) => e,
    };
    // ECMA-262 (Annex B, without the `u` flag) reads a brace that starts no quantifier as a
    // literal; Rust wants it escaped.
    let translated = escape_literal_braces(pattern);
    if let Some(construct) = ecma_only_construct(pattern) {
        return match fancy_regex::Regex::new(&translated) {
            Ok(regex) => (
                PatternClass::Supported(translated),
                Some(Compiled::Backtracking(Box::new(regex))),
            ),
            Err(_) => (PatternClass::Unsupported(construct.to_string()), None),
        };
    }
    if translated != pattern {
        if let Ok(regex) = Regex::new(&translated) {
            return (
                PatternClass::Supported(translated),
                Some(Compiled::Linear(regex)),
            );
        }
    }
    let detail = match &error {
        regex::Error::Syntax(text) => text
            .lines()
            .rev()
            .find(|l| l.starts_with("error:"))
            .unwrap_or("syntax error")
            .trim_start_matches("error: ")
            .to_string(),
        regex::Error::CompiledTooBig(_) => {
            let construct = "a pattern too large to compile".into();
            return (PatternClass::Unsupported(construct), None);
        }
        other => other.to_string(),
    };
    (PatternClass::Invalid(detail), None)
}

/// Escapes `{` and `}` that are not part of a `{n}`, `{n,}` or `{n,m}` quantifier.
fn escape_literal_braces(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.get(i + 1) {
                    out.push(*next);
                }
                i += 2;
                continue;
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '{' if !in_class => {
                let close = chars[i..].iter().position(|&c| c == '}').map(|p| i + p);
                let quantifier = close.is_some_and(|end| {
                    let inner: String = chars[i + 1..end].iter().collect();
                    let mut parts = inner.splitn(2, ',');
                    let low = parts.next().unwrap_or("");
                    let high = parts.next();
                    !low.is_empty()
                        && low.bytes().all(|b| b.is_ascii_digit())
                        && high.is_none_or(|h| h.bytes().all(|b| b.is_ascii_digit()))
                });
                if let (true, Some(end)) = (quantifier, close) {
                    out.extend(&chars[i..=end]);
                    i = end + 1;
                    continue;
                }
                out.push_str("\\{");
                i += 1;
                continue;
            }
            '}' if !in_class => {
                out.push_str("\\}");
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The first ECMA-262 construct in `pattern` that Rust's engine lacks.
fn ecma_only_construct(pattern: &str) -> Option<&'static str> {
    let bytes = pattern.as_bytes();
    let mut i = 0;
    let mut in_class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                match bytes.get(i + 1) {
                    Some(b'1'..=b'9') if !in_class => return Some("a backreference"),
                    Some(b'k') if bytes.get(i + 2) == Some(&b'<') => {
                        return Some("a named backreference")
                    }
                    Some(b'c') if bytes.get(i + 2).is_some_and(u8::is_ascii_alphabetic) => {
                        return Some("a control-character escape (`\\cX`)")
                    }
                    _ => {}
                }
                i += 2;
                continue;
            }
            b'[' if !in_class => {
                in_class = true;
                if pattern[i..].starts_with("[^]") {
                    return Some("the empty negated class `[^]`");
                }
            }
            b']' if in_class => in_class = false,
            b'(' if !in_class => {
                let rest = &pattern[i..];
                if rest.starts_with("(?=") || rest.starts_with("(?!") {
                    return Some("a lookahead assertion");
                }
                if rest.starts_with("(?<=") || rest.starts_with("(?<!") {
                    return Some("a lookbehind assertion");
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        assert_eq!(
            classify_pattern("^[A-Za-z0-9]{32}$"),
            PatternClass::Supported("^[A-Za-z0-9]{32}$".into())
        );
        // Lookaround and backreferences run on the backtracking engine.
        let patterns = Patterns::default();
        let decimal = "^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$";
        assert_eq!(
            patterns.classify(decimal),
            PatternClass::Supported(decimal.into())
        );
        let regex = patterns.regex(decimal).expect("compiled");
        assert_eq!(regex.is_match("-12.50"), Some(true));
        assert_eq!(regex.is_match("+."), Some(false));
        assert_eq!(
            patterns.regex("(a)\\1").and_then(|r| r.is_match("aa")),
            Some(true)
        );
        assert!(matches!(
            classify_pattern("[^]"),
            PatternClass::Unsupported(_)
        ));
        assert!(matches!(classify_pattern("[a-"), PatternClass::Invalid(_)));
        assert!(matches!(classify_pattern("(abc"), PatternClass::Invalid(_)));
    }

    #[test]
    fn literal_braces_are_translated() {
        let p = "^(?:{[0-9a-f]{4}(?:-?[0-9a-f]{4}){7}}|[0-9a-f]{4})$";
        let PatternClass::Supported(rust) = classify_pattern(p) else {
            panic!("expected supported");
        };
        let re = Regex::new(&rust).expect("compiles");
        assert!(re.is_match("{0123-4567-89ab-cdef-0123-4567-89ab-cdef}"));
        assert!(!re.is_match("{0123"));
    }
}
