//! The JSON Schema 2020-12 keywords OpenAPI 3.1 brings that judge a value through other
//! schemas: `contains`, `patternProperties`, `propertyNames`, `dependentRequired`,
//! `dependentSchemas` and `if`/`then`/`else`. A 3.0 document has none of them (its rules
//! report them as unknown keywords), so they apply whatever the dialect.

use std::collections::BTreeSet;

use hwcloud_constraints as constraints;
use serde_json::{Map, Value as Json};

use super::{Collect, Evaluator};
use crate::load::node::{Key, Node, Pointer};
use crate::load::source::FileId;

type Object = Map<String, Json>;

impl Evaluator<'_> {
    /// `contains`, with `minContains` and `maxContains`: how many items match its schema.
    pub(super) fn contains(
        &self,
        file: FileId,
        schema: &Node,
        items: &[Json],
        sink: &mut Collect<'_, '_>,
        depth: usize,
    ) {
        let Some(wanted) = schema.get("contains") else {
            return;
        };
        let matching = items
            .iter()
            .filter(|item| self.passes(file, wanted, item, depth))
            .count();
        let count = |key: &str| schema.get(key).and_then(Node::as_u64);
        constraints::check_contains(sink, matching, count("minContains"), count("maxContains"));
    }

    /// `patternProperties`: each property is checked by the schema of every pattern its name
    /// matches. Returns those names, which `additionalProperties` does not judge.
    pub(super) fn pattern_properties(
        &self,
        file: FileId,
        schema: &Node,
        map: &Object,
        sink: &mut Collect<'_, '_>,
        depth: usize,
    ) -> BTreeSet<String> {
        let mut matched = BTreeSet::new();
        for (name, item, sub) in self.pattern_matches(schema, map) {
            self.eval(file, sub, item, &sink.at.join(name), sink.out, depth + 1);
            matched.insert(name.clone());
        }
        matched
    }

    /// Each property of `map` with the schema of each `patternProperties` pattern its name
    /// matches (a pattern that cannot be compiled matches nothing: the pattern rule reports
    /// it).
    pub(super) fn pattern_matches<'m, 'n>(
        &self,
        schema: &'n Node,
        map: &'m Object,
    ) -> Vec<(&'m String, &'m Json, &'n Node)> {
        let patterns = schema.get("patternProperties").and_then(Node::as_map);
        let mut out = Vec::new();
        for (pattern, sub) in patterns.unwrap_or(&[]) {
            for (name, item) in map {
                if self.matches(&pattern.name, name) == Some(true) {
                    out.push((name, item, sub));
                }
            }
        }
        out
    }

    /// `propertyNames`: each name, as a string, meets its schema; a broken constraint is
    /// reported on the object, naming the property.
    pub(super) fn property_names(
        &self,
        file: FileId,
        schema: &Node,
        map: &Object,
        sink: &mut Collect<'_, '_>,
        depth: usize,
    ) {
        let Some(names) = schema.get("propertyNames") else {
            return;
        };
        for name in map.keys() {
            let mut found = Vec::new();
            let text = Json::String(name.clone());
            self.eval(file, names, &text, &Pointer::root(), &mut found, depth + 1);
            for violation in found {
                constraints::bad_property_name(sink, name, &violation.message);
            }
        }
    }

    /// `dependentRequired` (the properties a present one needs) and `dependentSchemas` (the
    /// schema the whole object meets when a property is present).
    pub(super) fn dependents(
        &self,
        file: FileId,
        schema: &Node,
        value: &Json,
        sink: &mut Collect<'_, '_>,
        depth: usize,
    ) {
        let Json::Object(map) = value else {
            return;
        };
        let present = |entry: &&(Key, Node)| map.contains_key(&entry.0.name);
        let required = schema.get("dependentRequired").and_then(Node::as_map);
        for (key, needed) in required.unwrap_or(&[]).iter().filter(present) {
            let needed = needed.as_seq().unwrap_or(&[]);
            for name in needed.iter().filter_map(Node::as_str) {
                if !map.contains_key(name) {
                    constraints::missing_dependent(sink, &key.name, name);
                }
            }
        }
        let schemas = schema.get("dependentSchemas").and_then(Node::as_map);
        for (_, sub) in schemas.unwrap_or(&[]).iter().filter(present) {
            self.eval(file, sub, value, sink.at, sink.out, depth + 1);
        }
    }

    /// `if`/`then`/`else`: a value meeting `if` meets `then`, any other meets `else`; the
    /// violations are those of the branch taken, where they are.
    pub(super) fn conditional(
        &self,
        file: FileId,
        schema: &Node,
        value: &Json,
        sink: &mut Collect<'_, '_>,
        depth: usize,
    ) {
        let Some(condition) = schema.get("if") else {
            return;
        };
        let branch = if self.passes(file, condition, value, depth) {
            schema.get("then")
        } else {
            schema.get("else")
        };
        if let Some(branch) = branch {
            self.eval(file, branch, value, sink.at, sink.out, depth + 1);
        }
    }
}
