//! A refused request answered as FastAPI answers it, when the operation documents that shape:
//! `{"detail": [{"loc": ["body", "name"], "msg": "...", "type": "string_too_short"}]}`, one
//! entry per broken constraint (pydantic's `ValidationError` list).
//!
//! `msg` is the client's own text for the violation, so a test compares one message whichever
//! side refused; `type` is pydantic's name for the constraint, which code handling FastAPI's
//! errors branches on; `loc` is where pydantic puts it (the request part, then the path into
//! the value, array indices as numbers). The offending `input` is left out: it may be a
//! secret, and the schema does not require it.

use hwcloud_codegen::load::node::Node;
use hwcloud_codegen::load::source::FileId;
use hwcloud_codegen::load::DocSet;
use serde_json::{json, Value as Json};

use crate::catalog::Operation;
use crate::judge::Problem;

/// The body refusing a request with `problems` (or, when the body is not JSON, `malformed`),
/// if `op` documents `status` with FastAPI's `HTTPValidationError`; `None` otherwise.
pub fn validation_body(
    docs: &DocSet,
    op: &Operation,
    status: u16,
    problems: &[Problem],
    malformed: Option<&str>,
) -> Option<Json> {
    let schema = op.response_for(status)?.media.as_ref()?.1.as_ref()?;
    if !is_validation_error(docs, schema.file, schema.node(docs)?) {
        return None;
    }
    let mut detail: Vec<Json> = problems
        .iter()
        .map(|p| {
            json!({
                "loc": location(p.location, &p.pointer),
                "msg": p.message,
                "type": pydantic_type(p.keyword),
            })
        })
        .collect();
    if let Some(message) = malformed {
        detail.push(json!({"loc": ["body"], "msg": message, "type": "json_invalid"}));
    }
    Some(json!({ "detail": detail }))
}

/// pydantic's error type for a broken JSON Schema keyword (its own name where pydantic has
/// none of its own).
fn pydantic_type(keyword: &str) -> &str {
    match keyword {
        "minLength" => "string_too_short",
        "maxLength" => "string_too_long",
        "pattern" => "string_pattern_mismatch",
        "minimum" => "greater_than_equal",
        "exclusiveMinimum" => "greater_than",
        "maximum" => "less_than_equal",
        "exclusiveMaximum" => "less_than",
        "multipleOf" => "multiple_of",
        "minItems" | "minProperties" => "too_short",
        "maxItems" | "maxProperties" => "too_long",
        "required" => "missing",
        "enum" => "enum",
        "const" => "literal_error",
        "additionalProperties" => "extra_forbidden",
        other => other,
    }
}

/// `loc`: the request part, then the pointer's tokens unescaped, digits as array indices.
fn location(part: &str, pointer: &str) -> Json {
    let mut loc = vec![Json::from(part)];
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let index = token
            .parse::<u64>()
            .ok()
            .filter(|_| !token.starts_with('0') || token == "0");
        loc.push(index.map_or_else(|| Json::from(token.clone()), Json::from));
    }
    Json::Array(loc)
}

/// Whether `schema` is FastAPI's `HTTPValidationError`: an object whose `detail` is an array
/// of objects with `loc`, `msg` and `type`.
fn is_validation_error(docs: &DocSet, file: FileId, schema: &Node) -> bool {
    let Some((file, schema)) = docs.follow(file, schema) else {
        return false;
    };
    let Some((file, detail)) = property(schema, "detail").and_then(|d| docs.follow(file, d)) else {
        return false;
    };
    let Some((_, item)) = detail.get("items").and_then(|i| docs.follow(file, i)) else {
        return false;
    };
    ["loc", "msg", "type"]
        .iter()
        .all(|name| property(item, name).is_some())
}

fn property<'n>(schema: &'n Node, name: &str) -> Option<&'n Node> {
    schema.get("properties")?.get(name)
}

#[cfg(test)]
mod tests {
    use super::location;
    use serde_json::json;

    #[test]
    fn locations_read_as_pydantic_writes_them() {
        assert_eq!(location("body", ""), json!(["body"]));
        assert_eq!(location("body", "/tags/0"), json!(["body", "tags", 0]));
        assert_eq!(location("query", "/limit"), json!(["query", "limit"]));
        assert_eq!(location("body", "/a~1b/007"), json!(["body", "a/b", "007"]));
    }
}
