//! Checks a JSON value against an OpenAPI 3.0 Schema Object, reporting every violation with
//! the JSON pointer of the value and the keyword it breaks. Examples in documents are checked
//! with it; so are the spec tests' sample values.

use serde_json::Value as Json;
use std::cell::{Cell, RefCell};

use crate::check::Patterns;
use crate::load::node::{Node, Pointer, Value};
use crate::load::source::FileId;
use crate::load::DocSet;

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where in the checked value (RFC 6901; empty for the value itself).
    pub pointer: String,
    /// The schema keyword broken (`maxLength`, `required`, `type`, ...).
    pub keyword: &'static str,
    /// What is wrong, in words (`matches none of the 2 anyOf schemas`).
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} ({})", self.message, self.keyword)
    }
}

/// Recursion through `$ref`/`allOf` chains stops here; the reference-cycle rule reports
/// schemas that could only be satisfied by infinite values.
const MAX_DEPTH: usize = 128;

/// Which way a value travels. OpenAPI: a required `readOnly` property is required in
/// responses only, a required `writeOnly` one in requests only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A request: parameters, request bodies.
    Request,
    /// A response: its body and headers.
    Response,
    /// Not known (a schema's own `example`): every `required` applies.
    Either,
}

/// Validates values against schemas of one document set. Compiled patterns are cached, since
/// large documents repeat the same pattern in many examples.
pub struct Evaluator<'a> {
    docs: &'a DocSet,
    patterns: Patterns,
    /// (schema, value) pairs being evaluated: meeting one again means the schema refers back
    /// to itself without descending into the value, which adds nothing but time.
    active: RefCell<Vec<(usize, usize)>>,
    /// The direction of the value being validated.
    direction: Cell<Direction>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator for the schemas of `docs`, with no pattern compiled yet.
    pub fn new(docs: &'a DocSet) -> Self {
        Evaluator {
            docs,
            patterns: Patterns::default(),
            active: RefCell::new(Vec::new()),
            direction: Cell::new(Direction::Either),
        }
    }

    /// Every violation of `schema` (written in `file`) by `value` travelling `direction`: a
    /// required property that does not travel that way may be missing.
    pub fn validate_as(
        &self,
        file: FileId,
        schema: &Node,
        value: &Json,
        direction: Direction,
    ) -> Vec<Violation> {
        self.direction.set(direction);
        let found = self.validate(file, schema, value);
        self.direction.set(Direction::Either);
        found
    }

    /// Every violation of `schema` (written in `file`) by `value`.
    pub fn validate(&self, file: FileId, schema: &Node, value: &Json) -> Vec<Violation> {
        let mut out = Vec::new();
        self.eval(file, schema, value, &Pointer::root(), &mut out, 0);
        out
    }

    fn eval(
        &self,
        file: FileId,
        schema: &Node,
        value: &Json,
        at: &Pointer,
        out: &mut Vec<Violation>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let pair = (
            schema as *const Node as usize,
            value as *const Json as usize,
        );
        if self.active.borrow().contains(&pair) {
            return;
        }
        self.active.borrow_mut().push(pair);
        self.eval_inner(file, schema, value, at, out, depth);
        self.active.borrow_mut().pop();
    }

    fn eval_inner(
        &self,
        file: FileId,
        schema: &Node,
        value: &Json,
        at: &Pointer,
        out: &mut Vec<Violation>,
        depth: usize,
    ) {
        let Value::Map(_) = &schema.value else {
            return;
        };
        if let Some(reference) = schema.get("$ref").and_then(Node::as_str) {
            // OpenAPI 3.0: keywords beside `$ref` are ignored.
            if let Ok(target) = self.docs.resolve(file, reference) {
                self.eval(target.file, target.node, value, at, out, depth + 1);
            }
            return;
        }
        let mut push = |keyword: &'static str, message: String| {
            out.push(Violation {
                pointer: at.as_str().to_string(),
                keyword,
                message,
            })
        };

        if value.is_null() {
            let nullable = schema.get("nullable").and_then(Node::as_bool) == Some(true);
            if schema.get("type").is_some() && !nullable {
                push("nullable", "null is not allowed here".into());
                return;
            }
        } else if let Some(ty) = schema.get("type").and_then(Node::as_str) {
            if !type_matches(ty, value) {
                push("type", format!("expected {ty}, found {}", json_kind(value)));
                return;
            }
        }

        if let Some(options) = schema.get("enum").and_then(Node::as_seq) {
            if !value.is_null() && !options.iter().any(|o| node_equals(o, value)) {
                let listed: Vec<String> = options.iter().map(|o| o.to_json().to_string()).collect();
                push(
                    "enum",
                    format!("{} is not one of {}", short(value), listed.join(", ")),
                );
            }
        }

        match value {
            Json::String(s) => {
                let chars = s.chars().count() as u64;
                if let Some(min) = schema.get("minLength").and_then(Node::as_u64) {
                    if chars < min {
                        push(
                            "minLength",
                            format!("{chars} characters, at least {min} required"),
                        );
                    }
                }
                if let Some(max) = schema.get("maxLength").and_then(Node::as_u64) {
                    if chars > max {
                        push(
                            "maxLength",
                            format!("{chars} characters, at most {max} allowed"),
                        );
                    }
                }
                if let Some(pattern) = schema.get("pattern").and_then(Node::as_str) {
                    if self.matches(pattern, s) == Some(false) {
                        push(
                            "pattern",
                            format!("{} does not match the pattern `{pattern}`", short(value)),
                        );
                    }
                }
            }
            Json::Number(n) => {
                if let Some(x) = n.as_f64() {
                    self.numeric(schema, x, &mut push);
                }
            }
            Json::Array(items) => {
                let count = items.len() as u64;
                if let Some(min) = schema.get("minItems").and_then(Node::as_u64) {
                    if count < min {
                        push(
                            "minItems",
                            format!("{count} items, at least {min} required"),
                        );
                    }
                }
                if let Some(max) = schema.get("maxItems").and_then(Node::as_u64) {
                    if count > max {
                        push("maxItems", format!("{count} items, at most {max} allowed"));
                    }
                }
                if schema.get("uniqueItems").and_then(Node::as_bool) == Some(true) {
                    if let Some((i, j)) = first_duplicate(items) {
                        push("uniqueItems", format!("items {i} and {j} are equal"));
                    }
                }
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.eval(file, item_schema, item, &at.index(i), out, depth + 1);
                    }
                }
            }
            Json::Object(map) => {
                let count = map.len() as u64;
                if let Some(min) = schema.get("minProperties").and_then(Node::as_u64) {
                    if count < min {
                        push(
                            "minProperties",
                            format!("{count} properties, at least {min} required"),
                        );
                    }
                }
                if let Some(max) = schema.get("maxProperties").and_then(Node::as_u64) {
                    if count > max {
                        push(
                            "maxProperties",
                            format!("{count} properties, at most {max} allowed"),
                        );
                    }
                }
                let properties = schema.get("properties");
                if let Some(required) = schema.get("required").and_then(Node::as_seq) {
                    for name in required.iter().filter_map(Node::as_str) {
                        let travels = || {
                            properties
                                .and_then(|p| p.get(name))
                                .is_none_or(|prop| self.travels(file, prop))
                        };
                        if !map.contains_key(name) && travels() {
                            push("required", format!("required property `{name}` is missing"));
                        }
                    }
                }
                let additional = schema.get("additionalProperties");
                for (name, item) in map {
                    if let Some(prop) = properties.and_then(|p| p.get(name)) {
                        self.eval(file, prop, item, &at.join(name), out, depth + 1);
                        continue;
                    }
                    match additional.map(|a| &a.value) {
                        Some(Value::Bool(false)) => out.push(Violation {
                            pointer: at.as_str().to_string(),
                            keyword: "additionalProperties",
                            message: format!("property `{name}` is not allowed"),
                        }),
                        Some(Value::Map(_)) => {
                            if let Some(a) = additional {
                                self.eval(file, a, item, &at.join(name), out, depth + 1);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }

        if let Some(all) = schema.get("allOf").and_then(Node::as_seq) {
            for sub in all {
                self.eval(file, sub, value, at, out, depth + 1);
            }
        }
        if let Some(any) = schema.get("anyOf").and_then(Node::as_seq) {
            let matched = any.iter().any(|sub| self.passes(file, sub, value, depth));
            if !matched {
                out.push(Violation {
                    pointer: at.as_str().to_string(),
                    keyword: "anyOf",
                    message: format!("matches none of the {} anyOf schemas", any.len()),
                });
            }
        }
        if let Some(one) = schema.get("oneOf").and_then(Node::as_seq) {
            let matched: Vec<usize> = one
                .iter()
                .enumerate()
                .filter(|(_, sub)| self.passes(file, sub, value, depth))
                .map(|(i, _)| i)
                .collect();
            if matched.len() != 1 {
                let message = if matched.is_empty() {
                    format!("matches none of the {} oneOf schemas", one.len())
                } else {
                    format!(
                        "matches {} of the oneOf schemas ({}); exactly one is allowed",
                        matched.len(),
                        matched
                            .iter()
                            .map(|i| i.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                out.push(Violation {
                    pointer: at.as_str().to_string(),
                    keyword: "oneOf",
                    message,
                });
            }
        }
        if let Some(not) = schema.get("not") {
            if self.passes(file, not, value, depth) {
                out.push(Violation {
                    pointer: at.as_str().to_string(),
                    keyword: "not",
                    message: "matches the schema under `not`".into(),
                });
            }
        }
    }

    fn passes(&self, file: FileId, schema: &Node, value: &Json, depth: usize) -> bool {
        let mut scratch = Vec::new();
        self.eval(
            file,
            schema,
            value,
            &Pointer::root(),
            &mut scratch,
            depth + 1,
        );
        scratch.is_empty()
    }

    fn numeric(&self, schema: &Node, x: f64, push: &mut impl FnMut(&'static str, String)) {
        if let Some(min) = schema.get("minimum").and_then(Node::as_f64) {
            let exclusive = schema.get("exclusiveMinimum").and_then(Node::as_bool) == Some(true);
            if exclusive && x <= min {
                push("minimum", format!("{x} is not greater than {min}"));
            } else if x < min {
                push("minimum", format!("{x} is less than the minimum {min}"));
            }
        }
        if let Some(max) = schema.get("maximum").and_then(Node::as_f64) {
            let exclusive = schema.get("exclusiveMaximum").and_then(Node::as_bool) == Some(true);
            if exclusive && x >= max {
                push("maximum", format!("{x} is not less than {max}"));
            } else if x > max {
                push("maximum", format!("{x} is greater than the maximum {max}"));
            }
        }
        if let Some(step) = schema.get("multipleOf").and_then(Node::as_f64) {
            if step > 0.0 {
                let q = x / step;
                if (q - q.round()).abs() > 1e-9 {
                    push("multipleOf", format!("{x} is not a multiple of {step}"));
                }
            }
        }
    }

    /// Whether a property (its schema `prop`, or the target of its `$ref`) travels the way
    /// of the value being validated.
    fn travels(&self, file: FileId, prop: &Node) -> bool {
        let prop = match prop.get("$ref").and_then(Node::as_str) {
            Some(r) => self.docs.resolve(file, r).map_or(prop, |t| t.node),
            None => prop,
        };
        let flag = |key: &str| prop.get(key).and_then(Node::as_bool) == Some(true);
        match self.direction.get() {
            Direction::Request => !flag("readOnly"),
            Direction::Response => !flag("writeOnly"),
            Direction::Either => true,
        }
    }

    /// `None` when the pattern cannot be compiled (the pattern rule reports that).
    fn matches(&self, pattern: &str, text: &str) -> Option<bool> {
        self.patterns.regex(pattern).map(|r| r.is_match(text))
    }

    /// The patterns this evaluator compiled, for the other passes over the same documents.
    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }
}

fn type_matches(ty: &str, value: &Json) -> bool {
    match ty {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "number" => value.is_number(),
        "integer" => match value {
            Json::Number(n) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        },
        _ => true,
    }
}

fn json_kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// Equality as JSON Schema means it: `1` equals `1.0`.
fn json_equal(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

fn first_duplicate(items: &[Json]) -> Option<(usize, usize)> {
    for (i, a) in items.iter().enumerate() {
        for (j, b) in items.iter().enumerate().skip(i + 1) {
            if json_equal(a, b) {
                return Some((i, j));
            }
        }
    }
    None
}

/// A value as messages quote it, cut short when long.
fn short(value: &Json) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// `json_equal` between a document node and a value, without converting the node.
fn node_equals(node: &Node, value: &Json) -> bool {
    match (&node.value, value) {
        (Value::Null, Json::Null) => true,
        (Value::Bool(a), Json::Bool(b)) => a == b,
        (Value::Str(a), Json::String(b)) => a == b,
        (Value::Int(_) | Value::Float(_), Json::Number(n)) => node.as_f64() == n.as_f64(),
        (Value::Seq(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| node_equals(x, y))
        }
        (Value::Map(a), Json::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(&k.name).is_some_and(|w| node_equals(v, w)))
        }
        _ => false,
    }
}
