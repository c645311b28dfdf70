//! What a schema becomes in Rust (a struct, a map, an enum, a union, ...), read in one place:
//! the lowering acts on it, and the checks ask it whether the generated code will enforce a
//! keyword (a map's `propertyNames`, a struct's `dependentRequired`) before they warn.

use super::schema::{enum_values, is_null_only, types};
use crate::load::node::{Node, Value};

/// What a schema becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A `$ref`: the target's shape.
    Ref,
    /// `enum`/`const` of strings: a string enum.
    StringEnum,
    /// `enum`/`const` of integers: an integer enum.
    IntEnum,
    /// `oneOf`/`anyOf`: a union.
    Union,
    /// `anyOf`/`oneOf` of one schema and `null`.
    Optional,
    /// `allOf`: the members merged into one struct (or, of values, one value).
    AllOf,
    /// An object with properties: a struct.
    Object,
    /// An object without properties: a map.
    Map,
    /// An array: a `Vec`.
    Array,
    /// 3.1's `prefixItems`: an array of a fixed length, each position its own type.
    Tuple,
    /// `type: string`.
    String,
    /// `type: integer`.
    Integer,
    /// `type: number`.
    Number,
    /// `type: boolean`.
    Boolean,
    /// Any JSON value.
    Any,
}

/// The shape `node` is generated as.
pub fn shape(node: &Node) -> Shape {
    if node.get("$ref").is_some() {
        return Shape::Ref;
    }
    let types = types(node);
    let ty = types.single();
    if let Some(values) = enum_values(node) {
        let all_str = values
            .iter()
            .all(|v| matches!(v.value, Value::Str(_) | Value::Null));
        let all_int = values
            .iter()
            .all(|v| matches!(v.value, Value::Int(_) | Value::Null));
        match ty {
            Some("string") | None if all_str && !values.is_empty() => return Shape::StringEnum,
            Some("integer") | None if all_int && !values.is_empty() => return Shape::IntEnum,
            _ => {}
        }
    }
    if node.get("oneOf").is_some() || node.get("anyOf").is_some() {
        // `anyOf: [T, {type: null}]` is an optional T, not a union of two.
        return match null_union(node) {
            Some((_, others)) if others.len() == 1 => Shape::Optional,
            _ => Shape::Union,
        };
    }
    if node.get("allOf").is_some() {
        return Shape::AllOf;
    }
    let has_props = node
        .get("properties")
        .and_then(Node::as_map)
        .is_some_and(|p| !p.is_empty());
    match ty {
        Some("object") if has_props => Shape::Object,
        Some("object") => Shape::Map,
        Some("array") if node.get("prefixItems").is_some() => Shape::Tuple,
        Some("array") => Shape::Array,
        Some("string") => Shape::String,
        Some("integer") => Shape::Integer,
        Some("number") => Shape::Number,
        Some("boolean") => Shape::Boolean,
        // Several types (`type: [string, integer]`): any of them, as raw JSON.
        None if types.names().len() > 1 => Shape::Any,
        _ if has_props => Shape::Object,
        _ if node.get("prefixItems").is_some() => Shape::Tuple,
        _ if node.get("items").is_some() => Shape::Array,
        _ if node
            .get("additionalProperties")
            .is_some_and(|a| a.as_map().is_some()) =>
        {
            Shape::Map
        }
        _ => Shape::Any,
    }
}

/// The members of an `anyOf`/`oneOf` (the keyword and the members that are not `null`), when
/// at least one member allows `null` and nothing else.
pub fn null_union(node: &Node) -> Option<(&'static str, Vec<(usize, &Node)>)> {
    let key = if node.get("oneOf").is_some() {
        "oneOf"
    } else {
        "anyOf"
    };
    let members = node.get(key)?.as_seq()?;
    if !members.iter().any(is_null_only) {
        return None;
    }
    let others: Vec<(usize, &Node)> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| !is_null_only(m))
        .collect();
    (others.len() < members.len()).then_some((key, others))
}

/// Whether `schema` is generated as a struct of its properties (or its `allOf` members'),
/// whose validator checks its `dependentRequired`.
pub fn is_struct(schema: &Node) -> bool {
    matches!(shape(schema), Shape::Object | Shape::AllOf)
}

/// The keywords a `propertyNames` schema may hold for the generated validators to check it.
const KEY_RULES: &[&str] = &[
    "type",
    "minLength",
    "maxLength",
    "pattern",
    "enum",
    "const",
    "title",
    "description",
    "examples",
    "$comment",
];

/// The `propertyNames` schema of `schema` when the generated validators check it: `schema`
/// is generated as a map, and the names' schema holds string rules (lengths, `pattern`,
/// string `enum`/`const`) and annotations only. The check stage warns about every other
/// `propertyNames`; the lowering turns this one into the map's key rules.
pub fn key_rules(schema: &Node) -> Option<&Node> {
    let names = schema.get("propertyNames")?;
    let plain = names
        .as_map()?
        .iter()
        .all(|(k, _)| KEY_RULES.contains(&k.name.as_str()))
        && matches!(types(names).names(), [] | ["string"])
        && enum_values(names).is_none_or(|v| v.iter().all(|v| v.as_str().is_some()));
    (shape(schema) == Shape::Map && plain).then_some(names)
}
