//! Constraint checking for request data: the generated `validate` methods call these with
//! the limits of their spec, and every violation is collected (never only the first), each
//! with where it is (body, path, query, header, configuration), its JSON pointer, the rule
//! and the limit broken.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;

/// Which part of a request a violation is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header parameter.
    Header,
    /// The request body.
    Body,
    /// A value the client takes from its configuration (the project ID, the language).
    Config,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body => "body",
            Location::Config => "config",
        })
    }
}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Which part of the request holds the value.
    pub location: Location,
    /// RFC 6901 pointer inside the location: `/security_group/name` in the body, or the
    /// parameter's name (`/instance_id`) for path, query and header parameters.
    pub pointer: String,
    /// The schema keyword broken: `maxLength`, `pattern`, `required`, `enum`, ...
    pub rule: &'static str,
    /// What is wrong, with the limit: `70 characters, at most 64 allowed`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} ({})",
            self.location, self.pointer, self.message, self.rule
        )
    }
}

/// A request refused before anything was sent: every violation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Every violation, in the order the checks met them.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "request refused before sending: {} constraint violation(s)",
            self.violations.len()
        )?;
        for v in &self.violations {
            write!(f, "\n  {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Collects violations while a request is checked.
#[derive(Debug, Default)]
pub struct Violations {
    location: Option<Location>,
    list: Vec<Violation>,
}

impl Violations {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the location the next violations are in.
    pub fn at(&mut self, location: Location) -> &mut Self {
        self.location = Some(location);
        self
    }

    /// Records a violation of `rule` at `pointer` (in the current location).
    pub fn push(&mut self, pointer: &str, rule: &'static str, message: String) {
        self.list.push(Violation {
            location: self.location.unwrap_or(Location::Body),
            pointer: if pointer.is_empty() {
                "/".into()
            } else {
                pointer.to_string()
            },
            rule,
            message,
        });
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The violations found, as an error (even if none were: callers check first).
    pub fn into_error(self) -> ValidationError {
        ValidationError {
            violations: self.list,
        }
    }

    /// `Ok` when nothing was found.
    pub fn into_result(self) -> Result<(), ValidationError> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.list,
            })
        }
    }
}

/// Implemented by every generated type that can be sent: checks it and what it holds.
pub trait Validate {
    /// Adds every violation of `self`, found at `pointer`, to `out`.
    fn validate_at(&self, pointer: &str, out: &mut Violations);

    /// Checks `self` as a request body.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut out = Violations::new();
        out.at(Location::Body);
        self.validate_at("", &mut out);
        out.into_result()
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, pointer: &str, out: &mut Violations) {
        (**self).validate_at(pointer, out)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, pointer: &str, out: &mut Violations) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&format!("{pointer}/{i}"), out);
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, pointer: &str, out: &mut Violations) {
        if let Some(value) = self {
            value.validate_at(pointer, out);
        }
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate_at(&self, pointer: &str, out: &mut Violations) {
        for (key, value) in self {
            value.validate_at(&format!("{pointer}/{}", escape_token(key)), out);
        }
    }
}

/// Encodes one JSON pointer token.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A `pattern` of the spec, compiled on first use. The generator compiled it already, so
/// compiling cannot fail here; if it ever did, the value is reported, never panicked on.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// A pattern of the spec (compiled on first use).
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written in the spec (after translation for Rust's engine).
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// `None` when the pattern cannot be compiled.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        self.compiled
            .get_or_init(|| Regex::new(self.source).ok())
            .as_ref()
            .map(|r| r.is_match(text))
    }
}

/// The string constraints of one schema.
#[derive(Debug)]
pub struct StringRules {
    /// `minLength`, in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<&'static Pattern>,
    /// Allowed values, for string schemas with an `enum` the type does not enforce.
    pub one_of: &'static [&'static str],
}

/// Checks a string; lengths count characters, as JSON Schema does.
pub fn check_string(out: &mut Violations, pointer: &str, value: &str, rules: &StringRules) {
    string_checks(out, pointer, value, rules, Some(value));
}

/// Checks a secret string (`format: password`, `writeOnly`) like [`check_string`], but the
/// messages never hold the value: they name the rule broken, and lengths.
pub fn check_secret(out: &mut Violations, pointer: &str, value: &str, rules: &StringRules) {
    string_checks(out, pointer, value, rules, None);
}

/// The checks of a string; `shown` is the value as messages may quote it.
fn string_checks(
    out: &mut Violations,
    pointer: &str,
    value: &str,
    rules: &StringRules,
    shown: Option<&str>,
) {
    let chars = value.chars().count() as u64;
    if let Some(min) = rules.min_length {
        if chars < min {
            out.push(
                pointer,
                "minLength",
                format!("{chars} characters, at least {min} required"),
            );
        }
    }
    if let Some(max) = rules.max_length {
        if chars > max {
            out.push(
                pointer,
                "maxLength",
                format!("{chars} characters, at most {max} allowed"),
            );
        }
    }
    let subject = |shown: Option<&str>| match shown {
        Some(value) => format!("{value:?}"),
        None => "the value (not shown: a secret)".to_owned(),
    };
    if let Some(pattern) = rules.pattern {
        match pattern.is_match(value) {
            Some(true) => {}
            Some(false) => out.push(
                pointer,
                "pattern",
                format!(
                    "{} does not match the pattern `{}`",
                    subject(shown),
                    pattern.source()
                ),
            ),
            None => out.push(
                pointer,
                "pattern",
                format!("the pattern `{}` could not be compiled", pattern.source()),
            ),
        }
    }
    if !rules.one_of.is_empty() && !rules.one_of.contains(&value) {
        out.push(
            pointer,
            "enum",
            format!(
                "{} is not one of {}",
                subject(shown),
                quoted(rules.one_of.iter())
            ),
        );
    }
}

/// The numeric constraints of one schema.
#[derive(Debug)]
pub struct NumberRules {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `exclusiveMinimum` (OpenAPI 3.0: a flag on `minimum`).
    pub exclusive_minimum: bool,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMaximum` (OpenAPI 3.0: a flag on `maximum`).
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
}

/// Checks a number (integers are checked through their `f64` value, exact below 2^53).
pub fn check_number(out: &mut Violations, pointer: &str, value: f64, rules: &NumberRules) {
    if let Some(min) = rules.minimum {
        if rules.exclusive_minimum && value <= min {
            out.push(
                pointer,
                "exclusiveMinimum",
                format!("{value} must be greater than {min}"),
            );
        } else if value < min {
            out.push(
                pointer,
                "minimum",
                format!("{value} is less than the minimum {min}"),
            );
        }
    }
    if let Some(max) = rules.maximum {
        if rules.exclusive_maximum && value >= max {
            out.push(
                pointer,
                "exclusiveMaximum",
                format!("{value} must be less than {max}"),
            );
        } else if value > max {
            out.push(
                pointer,
                "maximum",
                format!("{value} is greater than the maximum {max}"),
            );
        }
    }
    if let Some(step) = rules.multiple_of {
        let q = value / step;
        if step > 0.0 && (q - q.round()).abs() > 1e-9 {
            out.push(
                pointer,
                "multipleOf",
                format!("{value} is not a multiple of {step}"),
            );
        }
    }
}

/// The array constraints of one schema.
#[derive(Debug)]
pub struct ArrayRules {
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
}

/// Checks an array's length and uniqueness (its items are checked by their own rules).
pub fn check_array<T: PartialEq>(
    out: &mut Violations,
    pointer: &str,
    items: &[T],
    rules: &ArrayRules,
) {
    let count = items.len() as u64;
    if let Some(min) = rules.min_items {
        if count < min {
            out.push(
                pointer,
                "minItems",
                format!("{count} items, at least {min} required"),
            );
        }
    }
    if let Some(max) = rules.max_items {
        if count > max {
            out.push(
                pointer,
                "maxItems",
                format!("{count} items, at most {max} allowed"),
            );
        }
    }
    if rules.unique_items {
        'outer: for (i, a) in items.iter().enumerate() {
            for (j, b) in items.iter().enumerate().skip(i + 1) {
                if a == b {
                    out.push(
                        pointer,
                        "uniqueItems",
                        format!("items {i} and {j} are equal"),
                    );
                    break 'outer;
                }
            }
        }
    }
}

/// Checks the number of entries of a map.
pub fn check_properties(
    out: &mut Violations,
    pointer: &str,
    count: usize,
    min: Option<u64>,
    max: Option<u64>,
) {
    let count = count as u64;
    if let Some(min) = min {
        if count < min {
            out.push(
                pointer,
                "minProperties",
                format!("{count} properties, at least {min} required"),
            );
        }
    }
    if let Some(max) = max {
        if count > max {
            out.push(
                pointer,
                "maxProperties",
                format!("{count} properties, at most {max} allowed"),
            );
        }
    }
}

/// Reports a value outside a closed set (an enum's `Unknown` variant being sent).
pub fn unknown_variant(
    out: &mut Violations,
    pointer: &str,
    value: &dyn fmt::Display,
    allowed: &[&str],
) {
    out.push(
        pointer,
        "enum",
        format!("{value} is not one of {}", allowed.join(", ")),
    );
}

fn quoted<'a>(values: impl Iterator<Item = &'a &'a str>) -> String {
    values
        .map(|v| format!("{v:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a path parameter value: it must be a whole segment, not empty nor `.` or `..`
/// (which a URL would resolve away), nor anything that percent-decodes to them (`%2e%2e`,
/// `%252e`), for a server that decodes again, so no value can change the path it is put in.
pub fn check_path_segment(out: &mut Violations, pointer: &str, value: &str) {
    if value.is_empty() {
        out.push(
            pointer,
            "minLength",
            "a path parameter cannot be empty".into(),
        );
    } else if value == "." || value == ".." {
        out.push(
            pointer,
            "pattern",
            format!("{value:?} cannot be a path segment"),
        );
    } else if let Some(dots) = decoded_dots(value) {
        out.push(
            pointer,
            "pattern",
            format!("{value:?} cannot be a path segment: it decodes to {dots:?}"),
        );
    }
}

/// `.` or `..` when `value`, percent-decoded as often as it still changes (a few times at
/// most), is one of them.
fn decoded_dots(value: &str) -> Option<&'static str> {
    let dots = |text: &str| match text {
        "." => Some("."),
        ".." => Some(".."),
        _ => None,
    };
    let mut text = value.to_owned();
    for _ in 0..4 {
        let decoded = percent_encoding::percent_decode_str(&text)
            .decode_utf8_lossy()
            .into_owned();
        if decoded == text {
            return None;
        }
        if let Some(found) = dots(&decoded) {
            return Some(found);
        }
        text = decoded;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    static NAME: Pattern = Pattern::new("^[A-Za-z0-9_.-]+$");

    #[test]
    fn no_path_value_can_stand_for_a_dot_segment() {
        for value in [".", "..", "%2e", "%2E%2e", ".%2E", "%252e%252e", "%25252e"] {
            let mut out = Violations::new();
            check_path_segment(&mut out, "/id", value);
            assert_eq!(out.into_error().violations.len(), 1, "{value}");
        }
        for value in ["...", "a.b", ".x", "%2ex", "sg-1"] {
            let mut out = Violations::new();
            check_path_segment(&mut out, "/id", value);
            assert!(out.is_empty(), "{value}");
        }
    }

    #[test]
    fn collects_every_violation_with_its_pointer() {
        let mut out = Violations::new();
        out.at(Location::Body);
        let rules = StringRules {
            min_length: Some(1),
            max_length: Some(64),
            pattern: Some(&NAME),
            one_of: &[],
        };
        check_string(&mut out, "/security_group/name", &"x".repeat(70), &rules);
        check_string(&mut out, "/security_group/name", "a b", &rules);
        let err = out.into_result().expect_err("violations");
        let lines: Vec<String> = err.violations.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "body /security_group/name: 70 characters, at most 64 allowed (maxLength)",
                "body /security_group/name: \"a b\" does not match the pattern `^[A-Za-z0-9_.-]+$` (pattern)",
            ]
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let mut out = Violations::new();
        let rules = StringRules {
            min_length: None,
            max_length: Some(3),
            pattern: None,
            one_of: &[],
        };
        check_string(&mut out, "/k", "标签键", &rules);
        assert!(out.is_empty());
    }

    #[test]
    fn numbers_and_arrays() {
        let mut out = Violations::new();
        let rules = NumberRules {
            minimum: Some(1.0),
            exclusive_minimum: false,
            maximum: Some(100.0),
            exclusive_maximum: false,
            multiple_of: None,
        };
        check_number(&mut out, "/priority", 0.0, &rules);
        check_number(&mut out, "/priority", 100.0, &rules);
        check_array(
            &mut out,
            "/ids",
            &["a", "b"],
            &ArrayRules {
                min_items: Some(1),
                max_items: Some(1),
                unique_items: true,
            },
        );
        let rules: Vec<&str> = out.list.iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["minimum", "maxItems"]);
    }

    #[test]
    fn path_segments_cannot_escape() {
        let mut out = Violations::new();
        for v in ["", ".", ".."] {
            check_path_segment(&mut out, "/id", v);
        }
        check_path_segment(&mut out, "/id", "a/b?c#d");
        assert_eq!(out.list.len(), 3);
    }
}
