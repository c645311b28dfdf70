//! What a discriminator selects: the schema a `mapping` value names, and the schemas that
//! extend a base through `allOf`. The rule that reports mapping values the generator would
//! ignore and both lowerings that use them (`oneOf`/`anyOf` unions and `allOf` families) read
//! them here, so they cannot disagree on which schema a value selects.

use std::collections::HashSet;

use crate::load::node::{escape_token, Node};
use crate::load::source::FileId;
use crate::load::{DocSet, Resolved};

/// The schema `target` names, seen from `file`: a reference (it holds `/` or `#`), or as
/// OpenAPI's shorthand a bare schema name of that document's `components/schemas`. `None`
/// when it resolves to nothing.
pub fn target<'d>(docs: &'d DocSet, file: FileId, target: &str) -> Option<Resolved<'d>> {
    let found = if target.contains('/') || target.contains('#') {
        docs.resolve(file, target)
    } else {
        docs.resolve(
            file,
            &format!("#/components/schemas/{}", escape_token(target)),
        )
    };
    found.ok()
}

/// Whether `schema` extends `base`: one of its `allOf` members refers to `base`, or to a
/// schema that extends it.
pub fn extends(docs: &DocSet, file: FileId, schema: &Node, base: &Node) -> bool {
    let mut seen: HashSet<*const Node> = HashSet::new();
    let mut pending = vec![(file, schema)];
    while let Some((file, node)) = pending.pop() {
        if !seen.insert(node) {
            continue;
        }
        for member in node.get("allOf").and_then(Node::as_seq).unwrap_or(&[]) {
            let Some(target) = member
                .get("$ref")
                .and_then(Node::as_str)
                .and_then(|r| docs.resolve(file, r).ok())
            else {
                continue;
            };
            if std::ptr::eq(target.node, base) {
                return true;
            }
            pending.push((target.file, target.node));
        }
    }
    false
}
