//! `unevaluatedProperties` and `unevaluatedItems` (JSON Schema 2020-12): the properties or
//! items that no other keyword of the schema evaluated, nor any subschema applying to the
//! value in place (`$ref`, `allOf`, the `anyOf`/`oneOf` members the value meets, the `if`
//! branch taken, `dependentSchemas`), are judged by them; `false` allows none. A failing
//! `allOf` member or `$ref` still counts as evaluating: the value is refused by it already,
//! so at most an `unevaluated` violation fewer is listed.

use std::collections::BTreeSet;

use hwcloud_constraints as constraints;
use serde_json::Value as Json;

use super::{Collect, Evaluator, MAX_DEPTH};
use crate::load::node::{Node, Value};
use crate::load::source::FileId;
use crate::load::Dialect;

/// What the keywords evaluated of an object or array.
#[derive(Default)]
struct Seen {
    /// Everything (`additionalProperties`, `items`, or a subschema's own `unevaluated...`).
    all: bool,
    /// An object's properties, by name.
    names: BTreeSet<String>,
    /// An array's items, by index.
    indices: BTreeSet<usize>,
    /// The schemas already asked (by address): one met again adds nothing, and a schema
    /// naming itself twice through `allOf` would otherwise be asked 2^depth times.
    asked: BTreeSet<usize>,
}

impl Evaluator<'_> {
    /// `unevaluatedProperties` of an object, `unevaluatedItems` of an array.
    pub(super) fn unevaluated(
        &self,
        file: FileId,
        schema: &Node,
        value: &Json,
        sink: &mut Collect<'_, '_>,
        depth: usize,
    ) {
        let keyword = match value {
            Json::Object(_) => "unevaluatedProperties",
            Json::Array(_) => "unevaluatedItems",
            _ => return,
        };
        let Some(rest) = schema.get(keyword) else {
            return;
        };
        let mut seen = Seen::default();
        self.evaluated(file, schema, value, &mut seen, depth, true);
        if seen.all {
            return;
        }
        match value {
            Json::Object(map) => {
                for (name, item) in map.iter().filter(|(n, _)| !seen.names.contains(*n)) {
                    match &rest.value {
                        Value::Bool(false) => constraints::unevaluated_property(sink, name),
                        Value::Map(_) => {
                            let at = sink.at.join(name);
                            self.eval(file, rest, item, &at, sink.out, depth + 1);
                        }
                        _ => {}
                    }
                }
            }
            Json::Array(items) => {
                let left = items.iter().enumerate();
                for (i, item) in left.filter(|(i, _)| !seen.indices.contains(i)) {
                    match &rest.value {
                        Value::Bool(false) => constraints::unevaluated_item(sink, i),
                        Value::Map(_) => {
                            let at = sink.at.index(i);
                            self.eval(file, rest, item, &at, sink.out, depth + 1);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// Adds to `seen` what `schema` evaluates of `value` (an object or an array); `top` says
    /// `schema` is the one whose `unevaluated...` keyword is being applied, which does not
    /// count itself.
    fn evaluated(
        &self,
        file: FileId,
        schema: &Node,
        value: &Json,
        seen: &mut Seen,
        depth: usize,
        top: bool,
    ) {
        if depth > MAX_DEPTH || seen.all || schema.as_map().is_none() {
            return;
        }
        if !seen.asked.insert(schema as *const Node as usize) {
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Node::as_str) {
            if let Ok(target) = self.docs.resolve(file, reference) {
                self.evaluated(target.file, target.node, value, seen, depth + 1, false);
            }
            if self.docs.dialect(file) == Dialect::V30 {
                return;
            }
        }
        match value {
            Json::Object(map) => {
                if !top && schema.get("unevaluatedProperties").is_some() {
                    seen.all = true;
                    return;
                }
                self.evaluated_here(schema, map, seen);
            }
            Json::Array(items) => {
                let has = |key: &str| schema.get(key).is_some();
                if (!top && has("unevaluatedItems")) || has("items") {
                    seen.all = true;
                    return;
                }
                let prefix = schema.get("prefixItems").and_then(Node::as_seq);
                seen.indices.extend(0..prefix.map_or(0, <[Node]>::len));
                if let Some(wanted) = schema.get("contains") {
                    let matching = items
                        .iter()
                        .enumerate()
                        .filter(|(_, item)| self.passes(file, wanted, item, depth));
                    seen.indices.extend(matching.map(|(i, _)| i));
                }
            }
            _ => return,
        }
        for sub in self.in_place(file, schema, value, depth) {
            self.evaluated(file, sub, value, seen, depth + 1, false);
        }
    }

    /// The properties `properties`, `patternProperties` and `additionalProperties` evaluate.
    fn evaluated_here(&self, schema: &Node, map: &serde_json::Map<String, Json>, seen: &mut Seen) {
        if schema.get("additionalProperties").is_some() {
            seen.all = true;
            return;
        }
        let defined = schema.get("properties").and_then(Node::as_map);
        for (key, _) in defined.unwrap_or(&[]) {
            if map.contains_key(&key.name) {
                seen.names.insert(key.name.clone());
            }
        }
        for (name, _, _) in self.pattern_matches(schema, map) {
            seen.names.insert(name.clone());
        }
    }

    /// The subschemas of `schema` that apply to `value` in place and that it meets: every
    /// `allOf` member, the `anyOf`/`oneOf` members it meets, `if` and `then` when it meets
    /// `if`, else `else`, and the `dependentSchemas` of the properties it has.
    fn in_place<'n>(
        &self,
        file: FileId,
        schema: &'n Node,
        value: &Json,
        depth: usize,
    ) -> Vec<&'n Node> {
        let list = |key: &str| schema.get(key).and_then(Node::as_seq).unwrap_or(&[]);
        let mut out: Vec<&Node> = list("allOf").iter().collect();
        let met = |sub: &&Node| self.passes(file, sub, value, depth);
        out.extend(list("anyOf").iter().filter(met));
        out.extend(list("oneOf").iter().filter(met));
        if let Some(condition) = schema.get("if") {
            if self.passes(file, condition, value, depth) {
                out.push(condition);
                out.extend(schema.get("then"));
            } else {
                out.extend(schema.get("else"));
            }
        }
        if let (Some(dependent), Json::Object(map)) =
            (schema.get("dependentSchemas").and_then(Node::as_map), value)
        {
            let present = dependent.iter().filter(|(k, _)| map.contains_key(&k.name));
            out.extend(present.map(|(_, sub)| sub));
        }
        out
    }
}
