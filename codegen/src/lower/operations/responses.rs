//! An operation's responses: one variant per documented status, named by its reason phrase,
//! with the type of its body and how the body is read.

use super::media::{is_json, is_text};
use super::{deref, reference_description, Context, Written};
use crate::ir::{Response, ResponseMedia, StatusKey, TypeRef};
use crate::load::node::{Node, Pointer};
use crate::lower::names::Scope;
use crate::lower::types::TypeLowerer;

/// Every response with a status key, by status (a response whose reference loops is left
/// out: the checks report it).
pub(super) fn lower<'a>(cx: &Context<'a, '_>, types: &mut TypeLowerer<'a, '_>) -> Vec<Response> {
    let mut responses = Vec::new();
    let mut variants = Scope::default();
    for (status, r, rat) in documented(cx) {
        let Some(written) = deref(cx.docs, cx.op.site.file, r, rat) else {
            continue;
        };
        let variant = variants.claim(status_variant(status));
        let (ty, media) = body(cx, &written, &variant, types);
        responses.push(Response {
            status,
            variant,
            description: reference_description(cx.docs, cx.op.site.file, r)
                .or_else(|| written.1.get("description").and_then(Node::as_str))
                .unwrap_or("")
                .to_string(),
            ty,
            media,
        });
    }
    responses
}

/// The responses with a key that is a status, sorted by status.
fn documented<'a>(cx: &Context<'a, '_>) -> Vec<(StatusKey, &'a Node, Pointer)> {
    let mut entries = Vec::new();
    let responses = cx.op.site.node.get("responses").and_then(Node::as_map);
    for (key, r) in responses.unwrap_or(&[]) {
        if let Some(status) = StatusKey::parse(&key.name) {
            entries.push((status, r, cx.at.join("responses").join(&key.name)));
        }
    }
    entries.sort_by_key(|(s, _, _)| *s);
    entries
}

/// The type of a response's body (`None` without one) and how it is read: decoded from
/// JSON when a JSON media type is offered, else returned undecoded, as text when every
/// media type offered is text, else as bytes.
fn body<'a>(
    cx: &Context<'a, '_>,
    (rfile, rnode, rat): &Written<'a>,
    variant: &str,
    types: &mut TypeLowerer<'a, '_>,
) -> (Option<TypeRef>, ResponseMedia) {
    let content = rnode.get("content").and_then(Node::as_map).unwrap_or(&[]);
    let json = content.iter().find(|(k, _)| is_json(&k.name));
    match (json, content.first()) {
        (Some((media, m)), _) => {
            let ty = match m.get("schema") {
                Some(schema) => {
                    let hint = format!("{}{variant}Body", cx.type_prefix);
                    let at = rat.join("content").join(&media.name).join("schema");
                    types.use_site(*rfile, schema, &hint, &at, false).0
                }
                None => TypeRef::Any,
            };
            (Some(ty), ResponseMedia::Json)
        }
        (None, Some(_)) if content.iter().all(|(k, _)| is_text(&k.name)) => {
            (Some(TypeRef::String), ResponseMedia::Text)
        }
        (None, Some(_)) => (Some(TypeRef::Bytes), ResponseMedia::Binary),
        (None, None) => (None, ResponseMedia::Json),
    }
}

/// The variant name of a status: its reason phrase, so `match` arms read as HTTP does.
fn status_variant(status: StatusKey) -> String {
    match status {
        StatusKey::Default => "Default".into(),
        StatusKey::Range(r) => format!("Status{r}xx"),
        StatusKey::Code(code) => match code {
            200 => "Ok".into(),
            201 => "Created".into(),
            202 => "Accepted".into(),
            204 => "NoContent".into(),
            301 => "MovedPermanently".into(),
            302 => "Found".into(),
            304 => "NotModified".into(),
            400 => "BadRequest".into(),
            401 => "Unauthorized".into(),
            403 => "Forbidden".into(),
            404 => "NotFound".into(),
            405 => "MethodNotAllowed".into(),
            409 => "Conflict".into(),
            410 => "Gone".into(),
            412 => "PreconditionFailed".into(),
            415 => "UnsupportedMediaType".into(),
            422 => "UnprocessableEntity".into(),
            429 => "TooManyRequests".into(),
            500 => "InternalServerError".into(),
            501 => "NotImplemented".into(),
            502 => "BadGateway".into(),
            503 => "ServiceUnavailable".into(),
            504 => "GatewayTimeout".into(),
            other => format!("Status{other}"),
        },
    }
}
