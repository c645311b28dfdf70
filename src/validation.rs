//! Constraint checking for request data: the generated `validate` methods call these with
//! the limits of their spec, and every violation is collected (never only the first), each
//! with where it is (body, path, query, header, configuration), its JSON pointer, the rule
//! and the limit broken.

use std::fmt;
use std::sync::OnceLock;

use hwcloud_constraints as constraints;
use hwcloud_constraints::Shown;
use regex::Regex;

pub use hwcloud_constraints::NumberRules;

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
    /// RFC 6901 pointer inside the location: `/security_group/name` in the body, the empty
    /// pointer for the body itself, or the parameter's name (`/instance_id`) for path, query
    /// and header parameters.
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
            self.location,
            constraints::pointer_text(&self.pointer),
            self.message,
            self.rule
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
            pointer: pointer.to_owned(),
            rule,
            message,
        });
    }

    /// Where the checks of [`hwcloud_constraints`] report a value at `pointer`.
    fn sink<'a>(&'a mut self, pointer: &'a str) -> At<'a> {
        At { out: self, pointer }
    }

    /// Reports the required path parameter `name` when a builder was not given it (`value`
    /// is `None`), at its pointer `/name`.
    pub fn require_path<T>(&mut self, name: &str, value: &Option<T>) {
        self.require(Location::Path, name, value);
    }

    /// Reports the required query parameter `name` when a builder was not given it.
    pub fn require_query<T>(&mut self, name: &str, value: &Option<T>) {
        self.require(Location::Query, name, value);
    }

    /// Reports the required header (or cookie) parameter `name` when a builder was not given
    /// it.
    pub fn require_header<T>(&mut self, name: &str, value: &Option<T>) {
        self.require(Location::Header, name, value);
    }

    fn require<T>(&mut self, location: Location, name: &str, value: &Option<T>) {
        if value.is_none() {
            let pointer = format!("/{}", escape_token(name));
            constraints::missing_parameter(&mut self.at(location).sink(&pointer), name);
        }
    }

    /// Reports the required request body when a builder was not given it (`value` is `None`).
    pub fn require_body<T>(&mut self, value: &Option<T>) {
        if value.is_none() {
            constraints::missing_body(&mut self.at(Location::Body).sink(""));
        }
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

/// The violations of one value, as [`hwcloud_constraints`] reports them.
struct At<'a> {
    out: &'a mut Violations,
    pointer: &'a str,
}

impl constraints::Sink for At<'_> {
    fn push(&mut self, keyword: &'static str, message: String) {
        self.out.push(self.pointer, keyword, message);
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
    compiled: OnceLock<Option<Engine>>,
}

/// The engine that runs a pattern: `regex` whenever it can; `fancy-regex` for the lookaround
/// and backreferences of ECMA-262 that `regex` lacks (its backtracking is bounded).
#[derive(Debug)]
enum Engine {
    Linear(Regex),
    Backtracking(Box<fancy_regex::Regex>),
}

impl Engine {
    fn new(source: &str) -> Option<Engine> {
        match Regex::new(source) {
            Ok(regex) => Some(Engine::Linear(regex)),
            Err(_) => fancy_regex::Regex::new(source)
                .ok()
                .map(|regex| Engine::Backtracking(Box::new(regex))),
        }
    }

    fn is_match(&self, text: &str) -> Option<bool> {
        match self {
            Engine::Linear(regex) => Some(regex.is_match(text)),
            Engine::Backtracking(regex) => regex.is_match(text).ok(),
        }
    }
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

    /// `None` when the pattern cannot be compiled, or matching it gave up.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        self.compiled
            .get_or_init(|| Engine::new(self.source))
            .as_ref()?
            .is_match(text)
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

/// Checks a string (see [`hwcloud_constraints`] for what each keyword means).
pub fn check_string(out: &mut Violations, pointer: &str, value: &str, rules: &StringRules) {
    string_checks(out, pointer, value, rules, Shown::Str(value));
}

/// Checks a secret string (`format: password`, `writeOnly`) like [`check_string`], but the
/// messages never hold the value: they name the rule broken, and lengths.
pub fn check_secret(out: &mut Violations, pointer: &str, value: &str, rules: &StringRules) {
    string_checks(out, pointer, value, rules, Shown::Secret);
}

/// Checks the keys of a map against its `propertyNames` (string rules): each broken rule is
/// reported on the map, naming the key.
pub fn check_keys<'k>(
    out: &mut Violations,
    pointer: &str,
    keys: impl IntoIterator<Item = &'k String>,
    rules: &StringRules,
) {
    let sink = &mut out.sink(pointer);
    for key in keys {
        let mut broken = Vec::new();
        let mut collect = |_: &'static str, message: String| broken.push(message);
        string_rules(&mut collect, key, rules, Shown::Str(key));
        for message in broken {
            constraints::bad_property_name(sink, key, &message);
        }
    }
}

/// The checks of a string; `shown` is the value as messages may show it.
fn string_checks(
    out: &mut Violations,
    pointer: &str,
    value: &str,
    rules: &StringRules,
    shown: Shown<'_>,
) {
    string_rules(&mut out.sink(pointer), value, rules, shown);
}

/// What [`string_checks`] reports, to any sink.
fn string_rules(
    sink: &mut dyn constraints::Sink,
    value: &str,
    rules: &StringRules,
    shown: Shown<'_>,
) {
    constraints::check_length(sink, value, rules.min_length, rules.max_length);
    if let Some(pattern) = rules.pattern {
        constraints::check_pattern(sink, shown, pattern.source(), pattern.is_match(value));
    }
    if !rules.one_of.is_empty() && !rules.one_of.contains(&value) {
        let allowed = rules.one_of.iter().map(|v| constraints::quote_str(v));
        constraints::check_enum(sink, shown, allowed);
    }
}

/// Checks a number (an integer through its `f64` value, exact below 2^53).
pub fn check_number(out: &mut Violations, pointer: &str, value: f64, rules: &NumberRules) {
    constraints::check_number(&mut out.sink(pointer), value, rules);
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
    let sink = &mut out.sink(pointer);
    constraints::check_items(sink, items.len(), rules.min_items, rules.max_items);
    if rules.unique_items {
        constraints::check_unique(sink, constraints::first_duplicate(items, T::eq));
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
    constraints::check_properties(&mut out.sink(pointer), count, min, max);
}

/// Reports a property of the object at `pointer` that is present without `needed`, which
/// its `dependentRequired` entry says must be present too.
pub fn missing_dependent(out: &mut Violations, pointer: &str, present: &str, needed: &str) {
    constraints::missing_dependent(&mut out.sink(pointer), present, needed);
}

/// Reports a string enum's `Unknown` value being sent: it is not one of `allowed`.
pub fn unknown_string(out: &mut Violations, pointer: &str, value: &str, allowed: &[&str]) {
    let allowed = allowed.iter().map(|v| constraints::quote_str(v));
    constraints::check_enum(&mut out.sink(pointer), Shown::Str(value), allowed);
}

/// Reports an integer enum's `Unknown` value being sent: it is not one of `allowed`.
pub fn unknown_integer(out: &mut Violations, pointer: &str, value: i64, allowed: &[i64]) {
    let allowed = allowed.iter().map(i64::to_string);
    constraints::check_enum(&mut out.sink(pointer), Shown::Integer(value), allowed);
}

/// Reports a value the operation takes from the configuration that is not configured.
pub fn missing_config(out: &mut Violations, pointer: &str, setting: &str) {
    constraints::missing_config(&mut out.sink(pointer), setting);
}

/// A value an operation takes from the configuration (the project ID, the language), and
/// what it must satisfy there.
#[derive(Debug)]
pub struct Setting {
    /// The setting's name (`project_id`), which violations point at (`/project_id`).
    pub name: &'static str,
    /// Whether the operation cannot be called without it.
    pub required: bool,
    /// Whether it goes into the path, and so must stay one segment.
    pub in_path: bool,
    /// The document's constraints on it.
    pub rules: Option<&'static StringRules>,
    /// A secret (`format: password`): a broken constraint is reported without its value.
    pub secret: bool,
}

/// Checks a value from the configuration against `setting`, reporting at
/// [`Location::Config`].
pub fn check_setting(out: &mut Violations, setting: &Setting, value: Option<&str>) {
    out.at(Location::Config);
    let pointer = format!("/{}", setting.name);
    let Some(value) = value else {
        if setting.required {
            missing_config(out, &pointer, setting.name);
        }
        return;
    };
    if setting.in_path {
        check_path_segment(out, &pointer, value);
    }
    match setting.rules {
        Some(rules) if setting.secret => check_secret(out, &pointer, value, rules),
        Some(rules) => check_string(out, &pointer, value, rules),
        None => {}
    }
}

/// Checks a string path parameter with no constraints of its own, when it is given (a
/// builder's value may be missing, which it reports apart): its value must be one segment,
/// as [`check_path_segment`] checks it, at [`Location::Path`].
pub fn check_path_param<S: AsRef<str> + ?Sized>(
    out: &mut Violations,
    pointer: &str,
    value: Option<&S>,
) {
    if let Some(value) = value {
        out.at(Location::Path);
        check_path_segment(out, pointer, value.as_ref());
    }
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
    } else if let Some(dots) = dot_segment(value) {
        out.push(
            pointer,
            "pattern",
            format!("{value:?} cannot be a path segment: it decodes to {dots:?}"),
        );
    }
}

/// `.` or `..` when `segment` is one of them, or is once it has been percent-decoded as often
/// as decoding still changes it (a few times at most): a server that decodes again would
/// resolve it away. The transport checks the encoded path with it, the validators each raw
/// value.
pub fn dot_segment(segment: &str) -> Option<&'static str> {
    let dots = |text: &str| match text {
        "." => Some("."),
        ".." => Some(".."),
        _ => None,
    };
    if !segment.contains('%') {
        return dots(segment);
    }
    let mut text = std::borrow::Cow::Borrowed(segment);
    for _ in 0..4 {
        if let Some(found) = dots(&text) {
            return Some(found);
        }
        let decoded = percent_encoding::percent_decode_str(&text).decode_utf8_lossy();
        if decoded == text {
            return None;
        }
        text = std::borrow::Cow::Owned(decoded.into_owned());
    }
    dots(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    static NAME: Pattern = Pattern::new("^[A-Za-z0-9_.-]+$");

    static TOKEN_RULES: StringRules = StringRules {
        min_length: Some(8),
        max_length: None,
        pattern: Some(&NAME),
        one_of: &[],
    };

    #[test]
    fn lookahead_and_backreferences_run_on_the_backtracking_engine() {
        // pydantic's `Decimal` pattern: no sign-and-dots-only text.
        static DECIMAL: Pattern = Pattern::new(r"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$");
        assert_eq!(DECIMAL.is_match("-12.50"), Some(true));
        assert_eq!(DECIMAL.is_match("+."), Some(false));
        static TWICE: Pattern = Pattern::new(r"^(ab)\1$");
        assert_eq!(TWICE.is_match("abab"), Some(true));
        assert_eq!(TWICE.is_match("abba"), Some(false));
        static BROKEN: Pattern = Pattern::new("[^]");
        assert_eq!(BROKEN.is_match("x"), None);
    }

    fn setting_messages(setting: &Setting, value: Option<&str>) -> Vec<String> {
        let mut out = Violations::new();
        check_setting(&mut out, setting, value);
        out.list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn settings_are_checked_at_config_and_secrets_never_quoted() {
        let mut setting = Setting {
            name: "project_id",
            required: true,
            in_path: true,
            rules: Some(&TOKEN_RULES),
            secret: false,
        };
        assert_eq!(
            setting_messages(&setting, None),
            ["config /project_id: this operation needs `project_id` in the client configuration (required)"]
        );
        let shown = setting_messages(&setting, Some("s3cr/t"));
        assert!(
            shown.iter().all(|m| m.starts_with("config /project_id: ")),
            "{shown:?}"
        );
        assert!(shown.iter().any(|m| m.contains("s3cr/t")), "{shown:?}");
        setting.secret = true;
        let hidden = setting_messages(&setting, Some("s3cr/t"));
        assert_eq!(hidden.len(), shown.len(), "{hidden:?}");
        assert!(hidden.iter().all(|m| !m.contains("s3cr")), "{hidden:?}");
        setting.required = false;
        assert!(setting_messages(&setting, None).is_empty());
    }

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

    #[test]
    fn a_path_parameter_is_checked_at_path_when_given_and_reported_when_required() {
        let mut out = Violations::new();
        out.at(Location::Body);
        check_path_param(&mut out, "/id", Some(&"..".to_string()));
        check_path_param::<String>(&mut out, "/id", None);
        out.require_path("id", &None::<String>);
        out.require_query("q", &Some(1));
        out.require_body(&None::<()>);
        let messages: Vec<String> = out.list.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "path /id: \"..\" cannot be a path segment (pattern)",
                "path /id: required parameter `id` is not set (required)",
                "body (root): the request body is not set (required)",
            ]
        );
    }
}
