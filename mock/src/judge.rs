//! A received request judged against its operation: every parameter and the body, by the
//! generator's evaluator, so each broken constraint reads word for word as the client's own
//! validation prints it (both call `hwcloud-constraints`).

use std::fmt;

use hwcloud_codegen::instance::{Direction, Evaluator};
use hwcloud_codegen::load::node::{escape_token, Node};
use hwcloud_codegen::load::source::FileId;
use hwcloud_codegen::load::DocSet;
use hwcloud_constraints as constraints;
use serde_json::Value as Json;

use crate::catalog::{In, Operation, Param, SchemaAt};

/// One broken constraint of a request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The part of the request: `path`, `query`, `header`, `cookie` or `body`.
    pub location: &'static str,
    /// RFC 6901 pointer inside it: the parameter's name (`/instance_id`), or the place in
    /// the body (empty for the body itself).
    pub pointer: String,
    /// The schema keyword broken (`maxLength`).
    pub keyword: &'static str,
    /// What is wrong, with the limit (`70 characters, at most 64 allowed`).
    pub message: String,
}

impl fmt::Display for Problem {
    /// As the client prints a violation: `body /security_group/name: 70 characters, at
    /// most 64 allowed (maxLength)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} ({})",
            self.location,
            constraints::pointer_text(&self.pointer),
            self.message,
            self.keyword
        )
    }
}

/// Why a request is refused before its operation runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Constraints broken: every one, in the order the client checks them.
    Invalid(Vec<Problem>),
    /// The body is not the JSON its media type says.
    Malformed(String),
    /// The body's media type is not one the operation takes.
    UnsupportedMedia(String),
}

/// What a request carries, as received.
pub struct Received<'r> {
    /// The path variables, decoded.
    pub path: &'r [(String, String)],
    /// The query pairs, decoded, in order.
    pub query: &'r [(String, String)],
    /// The headers.
    pub headers: &'r http::HeaderMap,
    /// The body bytes.
    pub body: &'r [u8],
}

/// The body decoded, when the request is accepted.
pub type Accepted = Option<Json>;

/// Judges `request` against `op`, with `evaluator` on the documents `op` was read from.
pub fn judge(
    docs: &DocSet,
    evaluator: &Evaluator<'_>,
    op: &Operation,
    request: &Received<'_>,
) -> Result<Accepted, Refusal> {
    let mut problems = Vec::new();
    for param in &op.params {
        check_param(docs, evaluator, param, request, &mut problems);
    }
    let body = match &op.body {
        Some(spec) => check_body(docs, evaluator, spec, request, &mut problems)?,
        None => None,
    };
    if problems.is_empty() {
        Ok(body)
    } else {
        Err(Refusal::Invalid(problems))
    }
}

fn check_param(
    docs: &DocSet,
    evaluator: &Evaluator<'_>,
    param: &Param,
    request: &Received<'_>,
    out: &mut Vec<Problem>,
) {
    let pointer = format!("/{}", escape_token(&param.name));
    let values = raw_values(param, request);
    if values.is_empty() {
        if param.required {
            let mut sink = at(out, param.location.as_str(), &pointer);
            constraints::missing_parameter(&mut sink, &param.name);
        }
        return;
    }
    let Some(schema_at) = &param.schema else {
        return;
    };
    let Some(schema) = schema_at.node(docs) else {
        return;
    };
    let value = typed(docs, schema_at, schema, param, &values);
    for found in evaluator.validate_as(schema_at.file, schema, &value, Direction::Request) {
        out.push(Problem {
            location: param.location.as_str(),
            pointer: format!("{pointer}{}", found.pointer),
            keyword: found.keyword,
            message: found.message,
        });
    }
}

/// The parameter's values as received: one, or for a query array one per pair.
fn raw_values(param: &Param, request: &Received<'_>) -> Vec<String> {
    match param.location {
        In::Path => request
            .path
            .iter()
            .filter(|(name, _)| *name == param.name)
            .map(|(_, value)| value.clone())
            .collect(),
        In::Query => request
            .query
            .iter()
            .filter(|(name, _)| *name == param.name)
            .map(|(_, value)| value.clone())
            .collect(),
        In::Header => request
            .headers
            .get_all(param.name.as_str())
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect(),
        In::Cookie => request
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .flat_map(|v| {
                let text = String::from_utf8_lossy(v.as_bytes()).into_owned();
                text.split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .filter(|(name, _)| *name == param.name)
                    .map(|(_, value)| value.to_owned())
                    .collect::<Vec<_>>()
            })
            .collect(),
    }
}

/// The schema's `type`, its `$ref`s followed.
fn schema_type<'d>(docs: &'d DocSet, file: FileId, schema: &'d Node) -> Option<&'d str> {
    let (_, node) = docs.follow(file, schema)?;
    node.get("type").and_then(Node::as_str)
}

/// The text of a parameter read as its schema's type; text that is not of the type stays
/// a string, so the evaluator reports the type broken.
fn typed(docs: &DocSet, at: &SchemaAt, schema: &Node, param: &Param, values: &[String]) -> Json {
    let Some((file, schema)) = docs.follow(at.file, schema) else {
        return scalar(None, &values[0]);
    };
    let ty = schema.get("type").and_then(Node::as_str);
    // 3.1's `prefixItems` types the first positions (a tuple), `items` the rest.
    let prefix = schema.get("prefixItems").and_then(Node::as_seq);
    if ty != Some("array") && !(ty.is_none() && prefix.is_some()) {
        return scalar(ty, &values[0]);
    }
    let items: Vec<&str> = if values.len() > 1 || (param.location == In::Query && param.explode) {
        values.iter().map(String::as_str).collect()
    } else {
        values[0].split(',').collect()
    };
    let rest = schema.get("items");
    let item_type = |i: usize| {
        let item = prefix.and_then(|p| p.get(i)).or(rest)?;
        schema_type(docs, file, item)
    };
    let items = items.into_iter().enumerate();
    Json::Array(items.map(|(i, v)| scalar(item_type(i), v)).collect())
}

fn scalar(ty: Option<&str>, text: &str) -> Json {
    let parsed = match ty {
        Some("integer") => text.parse::<i64>().ok().map(Json::from),
        Some("number") => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Json::Number),
        Some("boolean") => text.parse::<bool>().ok().map(Json::Bool),
        _ => None,
    };
    parsed.unwrap_or_else(|| Json::String(text.to_owned()))
}

fn check_body(
    docs: &DocSet,
    evaluator: &Evaluator<'_>,
    spec: &crate::catalog::Body,
    request: &Received<'_>,
    out: &mut Vec<Problem>,
) -> Result<Accepted, Refusal> {
    if request.body.is_empty() {
        if spec.required {
            constraints::missing_body(&mut at(out, "body", ""));
        }
        return Ok(None);
    }
    let content_type = request
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let Some((media, schema)) = spec.media.iter().find(|(m, _)| media_matches(m, &essence)) else {
        let offered: Vec<&str> = spec.media.iter().map(|(m, _)| m.as_str()).collect();
        return Err(Refusal::UnsupportedMedia(format!(
            "the body's Content-Type is `{content_type}`; this operation takes {}",
            offered.join(", ")
        )));
    };
    if !media.contains("json") {
        return Ok(None);
    }
    let value: Json = serde_json::from_slice(request.body)
        .map_err(|e| Refusal::Malformed(format!("the body is not valid JSON: {e}")))?;
    if let Some(schema_at) = schema {
        if let Some(schema) = schema_at.node(docs) {
            for found in evaluator.validate_as(schema_at.file, schema, &value, Direction::Request) {
                out.push(Problem {
                    location: "body",
                    pointer: found.pointer,
                    keyword: found.keyword,
                    message: found.message,
                });
            }
        }
    }
    Ok(Some(value))
}

/// Whether a documented media type (`application/json`, `application/*`, `*/*`) takes
/// `essence` (lower case, without parameters).
fn media_matches(documented: &str, essence: &str) -> bool {
    let documented = documented
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match documented.split_once('/') {
        Some(("*", "*")) => true,
        Some((kind, "*")) => essence.split('/').next() == Some(kind),
        _ => documented == essence,
    }
}

/// A sink that records problems at `pointer` of `location`.
fn at<'o>(
    out: &'o mut Vec<Problem>,
    location: &'static str,
    pointer: &str,
) -> impl constraints::Sink + 'o {
    let pointer = pointer.to_owned();
    move |keyword: &'static str, message: String| {
        out.push(Problem {
            location,
            pointer: pointer.clone(),
            keyword,
            message,
        })
    }
}
