//! A value built from a schema, for a response the document gives no example of: the
//! schema's own `example`, `default` or first `enum` value where it has one, else a value of
//! its type within its bounds. Every property is filled in, so a client sees each field.

use hwcloud_codegen::load::node::Node;
use hwcloud_codegen::load::source::FileId;
use hwcloud_codegen::load::DocSet;
use serde_json::{Map, Value as Json};

/// Recursive schemas stop here, with `null` for what is deeper.
const MAX_DEPTH: usize = 8;

/// A value of the schema `node` written in `file`.
pub fn sample(docs: &DocSet, file: FileId, node: &Node) -> Json {
    build(docs, file, node, 0)
}

fn build(docs: &DocSet, file: FileId, node: &Node, depth: usize) -> Json {
    if depth > MAX_DEPTH {
        return Json::Null;
    }
    if let Some(reference) = node.get("$ref").and_then(Node::as_str) {
        return match docs.resolve(file, reference) {
            Ok(target) => build(docs, target.file, target.node, depth + 1),
            Err(_) => Json::Null,
        };
    }
    for key in ["example", "default"] {
        if let Some(value) = node.get(key) {
            return value.to_json();
        }
    }
    if let Some(first) = node
        .get("enum")
        .and_then(Node::as_seq)
        .and_then(|e| e.first())
    {
        return first.to_json();
    }
    if let Some(members) = node.get("allOf").and_then(Node::as_seq) {
        let mut merged = Map::new();
        for member in members {
            if let Json::Object(part) = build(docs, file, member, depth + 1) {
                merged.extend(part);
            }
        }
        if let Json::Object(own) = object(docs, file, node, depth) {
            merged.extend(own);
        }
        return Json::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = node.get(key).and_then(Node::as_seq).and_then(|m| m.first()) {
            return build(docs, file, first, depth + 1);
        }
    }
    match node.get("type").and_then(Node::as_str) {
        Some("string") => Json::String(string(node)),
        Some("integer") => Json::from(number(node).round() as i64),
        Some("number") => serde_json::Number::from_f64(number(node))
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Some("boolean") => Json::Bool(true),
        Some("array") => {
            let count = node
                .get("minItems")
                .and_then(Node::as_u64)
                .unwrap_or(1)
                .max(1);
            let item = node
                .get("items")
                .map(|items| build(docs, file, items, depth + 1))
                .unwrap_or(Json::Null);
            Json::Array(vec![item; count.min(16) as usize])
        }
        Some("object") | None if node.get("properties").is_some() => {
            object(docs, file, node, depth)
        }
        Some("object") => Json::Object(Map::new()),
        _ => Json::Null,
    }
}

fn object(docs: &DocSet, file: FileId, node: &Node, depth: usize) -> Json {
    let mut out = Map::new();
    for (key, property) in node.get("properties").and_then(Node::as_map).unwrap_or(&[]) {
        // A request-only property is never answered.
        if property.get("writeOnly").and_then(Node::as_bool) == Some(true) {
            continue;
        }
        out.insert(key.name.clone(), build(docs, file, property, depth + 1));
    }
    Json::Object(out)
}

/// A string of the schema's format, padded to its `minLength` and cut to its `maxLength`.
fn string(node: &Node) -> String {
    let base = match node.get("format").and_then(Node::as_str) {
        Some("date-time") => "2024-01-01T00:00:00Z",
        Some("date") => "2024-01-01",
        Some("uuid") => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        Some("email") => "user@example.com",
        Some("uri") | Some("url") => "https://example.com",
        Some("ipv4") => "192.0.2.1",
        _ => "string",
    };
    let mut text = base.to_owned();
    let min = node.get("minLength").and_then(Node::as_u64).unwrap_or(0) as usize;
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = node.get("maxLength").and_then(Node::as_u64) {
        text = text.chars().take(max as usize).collect();
    }
    text
}

/// A number within the schema's bounds: its `minimum` (just above when exclusive), else 0
/// capped by `maximum`.
fn number(node: &Node) -> f64 {
    let minimum = node.get("minimum").and_then(Node::as_f64);
    let maximum = node.get("maximum").and_then(Node::as_f64);
    let exclusive = node.get("exclusiveMinimum").and_then(Node::as_bool) == Some(true);
    match (minimum, maximum) {
        (Some(min), _) if exclusive => min + 1.0,
        (Some(min), _) => min,
        (None, Some(max)) if max < 0.0 => max,
        _ => 0.0,
    }
}
