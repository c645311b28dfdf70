//! Checks a JSON value against an OpenAPI 3.0 or 3.1 Schema Object, reporting every violation with
//! the JSON pointer of the value and the keyword it breaks. Examples in documents are checked
//! with it; so are the spec tests' sample values.

use std::cell::{Cell, RefCell};

use hwcloud_constraints as constraints;
use serde_json::Value as Json;

use crate::base::{schema, Patterns};
use crate::load::node::{Node, Pointer, Value};
use crate::load::source::FileId;
use crate::load::{Dialect, DocSet};

mod json_schema;
mod unevaluated;

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
        let at = constraints::pointer_text(&self.pointer);
        write!(f, "{at}: {} ({})", self.message, self.keyword)
    }
}

/// The violations of the value at `at`, as the constraint checks report them.
struct Collect<'o, 'p> {
    out: &'o mut Vec<Violation>,
    at: &'p Pointer,
}

impl constraints::Sink for Collect<'_, '_> {
    fn push(&mut self, keyword: &'static str, message: String) {
        self.out.push(Violation {
            pointer: self.at.as_str().to_owned(),
            keyword,
            message,
        });
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

    /// An evaluator for the schemas of `docs` with the patterns `patterns` has compiled (a
    /// server judging request after request keeps one cache).
    pub fn with_patterns(docs: &'a DocSet, patterns: Patterns) -> Self {
        Evaluator {
            patterns,
            ..Evaluator::new(docs)
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
        match &schema.value {
            Value::Map(_) => {}
            // 3.1's boolean schema `false` (`then: false`, a property's): no value meets it.
            Value::Bool(false) => return constraints::nothing_allowed(&mut Collect { out, at }),
            _ => return,
        }
        if let Some(reference) = schema.get("$ref").and_then(Node::as_str) {
            if let Ok(target) = self.docs.resolve(file, reference) {
                self.eval(target.file, target.node, value, at, out, depth + 1);
            }
            // OpenAPI 3.0 ignores the keywords beside `$ref`; 3.1 (JSON Schema) applies them.
            let alone = schema.as_map().is_some_and(|m| m.len() == 1);
            if alone || self.docs.dialect(file) == Dialect::V30 {
                return;
            }
        }
        let sink = &mut Collect { out, at };

        let types = schema::types(schema);
        if value.is_null() {
            if !types.is_empty() && !types.null() {
                // 3.1 allows `null` through `type`; 3.0 through `nullable`.
                match self.docs.dialect(file) {
                    Dialect::V31 => {
                        constraints::type_mismatch(sink, &types.names().join(" or "), "null")
                    }
                    Dialect::V30 => constraints::null_not_allowed(sink),
                }
                return;
            }
        } else if types.only_null() {
            constraints::type_mismatch(sink, "null", json_kind(value));
            return;
        } else if !types.names().is_empty()
            && !types.names().iter().any(|ty| type_matches(ty, value))
        {
            constraints::type_mismatch(sink, &types.names().join(" or "), json_kind(value));
            return;
        }

        if let Some(options) = schema::enum_values(schema) {
            if !value.is_null() && !options.iter().any(|o| node_equals(o, value)) {
                let allowed = options.iter().map(|o| o.to_json().to_string());
                constraints::check_enum(sink, constraints::Shown::Json(value), allowed);
            }
        }

        // `allOf` members before the schema's own keywords, as the generated struct holds
        // their fields first: both list an object's violations in the same order.
        if let Some(all) = schema.get("allOf").and_then(Node::as_seq) {
            for sub in all {
                self.eval(file, sub, value, sink.at, sink.out, depth + 1);
            }
        }
        match value {
            Json::String(text) => {
                let count = |key: &str| schema.get(key).and_then(Node::as_u64);
                constraints::check_length(sink, text, count("minLength"), count("maxLength"));
                if let Some(pattern) = schema.get("pattern").and_then(Node::as_str) {
                    // A pattern that cannot be compiled is the pattern rule's to report.
                    if let Some(matched) = self.matches(pattern, text) {
                        let shown = constraints::Shown::Str(text);
                        constraints::check_pattern(sink, shown, pattern, Some(matched));
                    }
                }
            }
            Json::Number(n) => {
                if let Some(x) = n.as_f64() {
                    constraints::check_number(sink, x, &number_rules(schema));
                }
            }
            Json::Array(items) => {
                let count = |key: &str| schema.get(key).and_then(Node::as_u64);
                constraints::check_items(sink, items.len(), count("minItems"), count("maxItems"));
                if schema.get("uniqueItems").and_then(Node::as_bool) == Some(true) {
                    let duplicate = constraints::first_duplicate(items, constraints::json_equal);
                    constraints::check_unique(sink, duplicate);
                }
                self.items(file, schema, items, sink, depth);
                self.contains(file, schema, items, sink, depth);
            }
            Json::Object(map) => {
                self.object(file, schema, map, sink, depth);
                self.dependents(file, schema, value, sink, depth);
            }
            _ => {}
        }
        self.compositions(file, schema, value, sink, depth);
        self.unevaluated(file, schema, value, sink, depth);
    }

    /// The schemas of an array's items: 3.1's `prefixItems` by position, then `items` for
    /// the rest (`items: false` allowing none).
    fn items(
        &self,
        file: FileId,
        schema: &Node,
        items: &[Json],
        sink: &mut Collect<'_, '_>,
        depth: usize,
    ) {
        let prefix = schema
            .get("prefixItems")
            .and_then(Node::as_seq)
            .unwrap_or(&[]);
        for ((i, item), item_schema) in items.iter().enumerate().zip(prefix) {
            self.eval(
                file,
                item_schema,
                item,
                &sink.at.index(i),
                sink.out,
                depth + 1,
            );
        }
        match schema.get("items").map(|s| (s, &s.value)) {
            Some((_, Value::Bool(false))) => {
                let allowed = prefix.len() as u64;
                constraints::check_items(sink, items.len(), None, Some(allowed));
            }
            Some((item_schema, Value::Map(_))) => {
                for (i, item) in items.iter().enumerate().skip(prefix.len()) {
                    self.eval(
                        file,
                        item_schema,
                        item,
                        &sink.at.index(i),
                        sink.out,
                        depth + 1,
                    );
                }
            }
            _ => {}
        }
    }

    /// The keywords of an object: its counts, `required`, its properties' schemas (by name and
    /// by pattern), `additionalProperties`, and 3.1's `propertyNames` and dependencies.
    fn object(
        &self,
        file: FileId,
        schema: &Node,
        map: &serde_json::Map<String, Json>,
        sink: &mut Collect<'_, '_>,
        depth: usize,
    ) {
        let count = |key: &str| schema.get(key).and_then(Node::as_u64);
        constraints::check_properties(
            sink,
            map.len(),
            count("minProperties"),
            count("maxProperties"),
        );
        let properties = schema.get("properties");
        if let Some(required) = schema.get("required").and_then(Node::as_seq) {
            for name in required.iter().filter_map(Node::as_str) {
                let travels = || {
                    properties
                        .and_then(|p| p.get(name))
                        .is_none_or(|prop| self.travels(file, prop))
                };
                if !map.contains_key(name) && travels() {
                    constraints::missing_property(sink, name);
                }
            }
        }
        // Properties in the schema's order, as the generated validators check them, so both
        // list the same violations in the same order; then the ones it does not define.
        let defined = properties.and_then(Node::as_map).unwrap_or(&[]);
        for (key, prop) in defined {
            if let Some(item) = map.get(&key.name) {
                let at = sink.at.join(&key.name);
                self.eval(file, prop, item, &at, sink.out, depth + 1);
            }
        }
        let matched = self.pattern_properties(file, schema, map, sink, depth);
        let additional = schema.get("additionalProperties");
        for (name, item) in map {
            if defined.iter().any(|(key, _)| key.name == *name) || matched.contains(name) {
                continue;
            }
            let at = sink.at.join(name);
            match additional.map(|a| &a.value) {
                Some(Value::Bool(false)) => constraints::additional_property(sink, name),
                Some(Value::Map(_)) => {
                    if let Some(a) = additional {
                        self.eval(file, a, item, &at, sink.out, depth + 1);
                    }
                }
                _ => {}
            }
        }
        self.property_names(file, schema, map, sink, depth);
    }

    /// `anyOf`, `oneOf`, `not` and `if`.
    fn compositions(
        &self,
        file: FileId,
        schema: &Node,
        value: &Json,
        sink: &mut Collect<'_, '_>,
        depth: usize,
    ) {
        if let Some(any) = schema.get("anyOf").and_then(Node::as_seq) {
            if !any.iter().any(|sub| self.passes(file, sub, value, depth)) {
                match self.only_fitting(file, any, value) {
                    Some(member) => self.eval(file, member, value, sink.at, sink.out, depth + 1),
                    None => constraints::any_of_none(sink, any.len()),
                }
            }
        }
        if let Some(one) = schema.get("oneOf").and_then(Node::as_seq) {
            let matched: Vec<usize> = one
                .iter()
                .enumerate()
                .filter(|(_, sub)| self.passes(file, sub, value, depth))
                .map(|(i, _)| i)
                .collect();
            // Which member fits by type is asked only when none matched: the common case,
            // one match, costs nothing more.
            let fitting = matched
                .is_empty()
                .then(|| self.only_fitting(file, one, value))
                .flatten();
            match fitting {
                Some(member) => self.eval(file, member, value, sink.at, sink.out, depth + 1),
                None if matched.len() != 1 => constraints::one_of_count(sink, one.len(), &matched),
                None => {}
            }
        }
        if let Some(not) = schema.get("not") {
            if self.passes(file, not, value, depth) {
                constraints::not_matched(sink);
            }
        }
        self.conditional(file, schema, value, sink, depth);
    }

    /// The one member of a union whose `type` admits the value, when every other member
    /// declares a `type` that does not: the client decodes the value as that variant and
    /// reports its constraints (`0 is not greater than 0`), and so does this evaluator,
    /// rather than that no member matched.
    fn only_fitting<'n>(
        &self,
        file: FileId,
        members: &'n [Node],
        value: &Json,
    ) -> Option<&'n Node> {
        let mut fitting = None;
        for member in members {
            let target = match member.get("$ref").and_then(Node::as_str) {
                Some(r) => self.docs.resolve(file, r).ok()?.node,
                None => member,
            };
            let types = target.get("type")?;
            let admits = match types.as_str() {
                Some(ty) => type_matches(ty, value),
                None => types
                    .as_seq()?
                    .iter()
                    .any(|t| t.as_str().is_some_and(|ty| type_matches(ty, value))),
            };
            if admits && fitting.replace(member).is_some() {
                return None;
            }
        }
        fitting
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
        self.patterns.regex(pattern)?.is_match(text)
    }

    /// The patterns this evaluator compiled, for the other passes over the same documents.
    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// The patterns this evaluator compiled, kept for the stages after the checks.
    pub fn into_patterns(self) -> Patterns {
        self.patterns
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

/// The numeric keywords of a schema.
fn number_rules(schema: &Node) -> constraints::NumberRules {
    let lower = schema::lower_bound(schema);
    let upper = schema::upper_bound(schema);
    constraints::NumberRules {
        minimum: lower.map(|b| b.value),
        exclusive_minimum: lower.is_some_and(|b| b.exclusive),
        maximum: upper.map(|b| b.value),
        exclusive_maximum: upper.is_some_and(|b| b.exclusive),
        multiple_of: schema.get("multipleOf").and_then(Node::as_f64),
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
