//! What the mock answers: the documented example of the status chosen (the success, or what
//! `Prefer: code=NNN` asks for), a value built from the schema when there is none, and error
//! bodies in the operation's own documented error shape.

use hwcloud_codegen::load::node::Node;
use hwcloud_codegen::load::source::FileId;
use hwcloud_codegen::load::DocSet;
use hwcloud_constraints::{CODE_FIELDS, MESSAGE_FIELDS, NESTED_FIELD};
use serde_json::{Map, Value as Json};

use crate::catalog::{Operation, Response};
use crate::sample::sample;

/// What `Prefer` asks for: `Prefer: code=404`, `Prefer: example=empty`, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefer {
    /// The status wanted.
    pub code: Option<u16>,
    /// The name of the example wanted (a key of the media type's `examples`).
    pub example: Option<String>,
}

impl Prefer {
    /// Reads every `Prefer` header value (preferences separated by `,` or `;`).
    pub fn parse<'v>(values: impl Iterator<Item = &'v str>) -> Prefer {
        let mut prefer = Prefer::default();
        for part in values.flat_map(|v| v.split([',', ';'])) {
            match part.trim().split_once('=') {
                Some(("code", code)) => prefer.code = code.trim().parse().ok(),
                Some(("example", name)) => {
                    prefer.example = Some(name.trim().trim_matches('"').to_owned())
                }
                _ => {}
            }
        }
        prefer
    }
}

/// A body to send, with its media type.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// The status code.
    pub status: u16,
    /// `Content-Type`, when there is a body.
    pub content_type: Option<String>,
    /// The body.
    pub body: Option<Json>,
}

/// The answer of `op` at `status`: the example named `example` (else the first), or a
/// value of the response's schema. `None` when the example named does not exist.
pub fn documented(
    docs: &DocSet,
    op: &Operation,
    status: u16,
    example: Option<&str>,
) -> Result<Payload, String> {
    let Some(response) = op.response_for(status) else {
        return Ok(Payload {
            status,
            content_type: None,
            body: None,
        });
    };
    let Some((media, schema)) = &response.media else {
        return Ok(Payload {
            status,
            content_type: None,
            body: None,
        });
    };
    let body = match example {
        Some(name) => response
            .examples
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| {
                let names: Vec<&str> = response.examples.iter().map(|(n, _)| n.as_str()).collect();
                format!(
                    "`{name}` is not an example of {} for status {status}; it has: {}",
                    op.id,
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                )
            })?,
        None => match response.examples.first() {
            Some((_, value)) => value.clone(),
            None => schema
                .as_ref()
                .and_then(|s| s.node(docs).map(|node| sample(docs, s.file, node)))
                .unwrap_or(Json::Null),
        },
    };
    Ok(Payload {
        status,
        content_type: Some(media.clone()),
        body: Some(body),
    })
}

/// An error body in the shape `op` documents for `status` (its error code and message in the
/// fields that shape names, nested in `error` where it nests them), or the gateway's flat
/// `error_code`/`error_msg`/`request_id` when it documents none.
pub fn error_body(
    docs: &DocSet,
    op: Option<&Operation>,
    status: u16,
    code: &str,
    message: &str,
    request_id: &str,
) -> Json {
    let texts = Texts {
        code,
        message,
        request_id,
    };
    let documented = op
        .and_then(|op| op.response_for(status))
        .and_then(|r: &Response| r.media.as_ref())
        .and_then(|(_, schema)| schema.as_ref())
        .and_then(|s| {
            s.node(docs)
                .and_then(|node| shaped(docs, s.file, node, &texts, 0))
        });
    documented.unwrap_or_else(|| gateway_body(code, message, request_id))
}

struct Texts<'t> {
    code: &'t str,
    message: &'t str,
    request_id: &'t str,
}

/// The API gateway's own error body: `error_code`, `error_msg`, `request_id`.
pub fn gateway_body(code: &str, message: &str, request_id: &str) -> Json {
    let mut out = Map::new();
    out.insert("error_code".into(), code.into());
    out.insert("error_msg".into(), message.into());
    out.insert("request_id".into(), request_id.into());
    Json::Object(out)
}

/// The body of `schema` holding the texts, or `None` when it has no field for the code.
fn shaped(
    docs: &DocSet,
    file: FileId,
    schema: &Node,
    texts: &Texts<'_>,
    depth: usize,
) -> Option<Json> {
    if depth > 16 {
        return None;
    }
    if let Some(reference) = schema.get("$ref").and_then(Node::as_str) {
        let target = docs.resolve(file, reference).ok()?;
        return shaped(docs, target.file, target.node, texts, depth + 1);
    }
    // A composition: the first member that has a field for the code, one shape only.
    for key in ["allOf", "oneOf", "anyOf"] {
        for member in schema.get(key).and_then(Node::as_seq).unwrap_or(&[]) {
            if let Some(body) = shaped(docs, file, member, texts, depth + 1) {
                return Some(body);
            }
        }
    }
    let properties = schema.get("properties").and_then(Node::as_map)?;
    let has = |name: &str| properties.iter().any(|(k, _)| k.name == name);
    let mut out = Map::new();
    // A code field typed as a number (a success's `code: 0`) cannot hold an error code.
    let textual = |name: &str| {
        properties.iter().any(|(k, p)| {
            k.name == name
                && p.get("type")
                    .and_then(Node::as_str)
                    .is_none_or(|t| t == "string")
        })
    };
    if let Some(code_field) = CODE_FIELDS.iter().find(|f| textual(f)) {
        out.insert((*code_field).to_owned(), texts.code.into());
        if let Some(message_field) = MESSAGE_FIELDS.iter().find(|f| has(f)) {
            out.insert((*message_field).to_owned(), texts.message.into());
        }
        if has("request_id") {
            out.insert("request_id".into(), texts.request_id.into());
        }
        return Some(Json::Object(out));
    }
    let (_, nested) = properties.iter().find(|(k, _)| k.name == NESTED_FIELD)?;
    let inner = shaped(docs, file, nested, texts, depth + 1)?;
    out.insert(NESTED_FIELD.to_owned(), inner);
    Some(Json::Object(out))
}
