//! An operation's request body: the first media type the generator can encode (JSON
//! preferred), and the type of what it carries.

use super::media::encoding_of;
use super::{deref, reference_description, Context, NotGenerated, Written};
use crate::base::Findings;
use crate::ir::{Body, BodyEncoding, Field, TypeRef};
use crate::load::node::{Key, Node, Pointer};
use crate::load::source::FileId;
use crate::load::DocSet;
use crate::lower::types::{carries_properties, TypeLowerer};

/// The media type a body is sent as: its encoding, key and Media Type Object.
type Chosen<'a> = (BodyEncoding, &'a Key, &'a Node);

/// The request body; `None` when there is none, or an optional one is left out.
pub(super) fn lower<'a>(
    cx: &Context<'a, '_>,
    types: &mut TypeLowerer<'a, '_>,
    findings: &mut Findings,
) -> Result<Option<Body>, NotGenerated> {
    let Some(b) = cx.op.site.node.get("requestBody") else {
        return Ok(None);
    };
    let written = deref(cx.docs, cx.op.site.file, b, cx.at.join("requestBody"));
    let written = written.ok_or(NotGenerated)?;
    let bnode = written.1;
    let required = bnode.get("required").and_then(Node::as_bool) == Some(true);
    let content = bnode.get("content").and_then(Node::as_map).unwrap_or(&[]);
    let Some(chosen) = choose(content) else {
        unencodable(cx, &written, content, required, findings)?;
        return Ok(None);
    };
    let (ty, parts) = typed(cx, &written, chosen, types, findings)?;
    let (encoding, media, _) = chosen;
    Ok(Some(Body {
        content_type: media.name.clone(),
        encoding,
        ty,
        required,
        doc: reference_description(cx.docs, cx.op.site.file, b)
            .or_else(|| bnode.get("description").and_then(Node::as_str))
            .map(str::to_string),
        parts,
    }))
}

/// The first media type of `content` the generator can encode, JSON preferred.
fn choose(content: &[(Key, Node)]) -> Option<Chosen<'_>> {
    [
        BodyEncoding::Json,
        BodyEncoding::Form,
        BodyEncoding::Multipart,
        BodyEncoding::Text,
        BodyEncoding::Binary,
    ]
    .into_iter()
    .find_map(|enc| {
        content
            .iter()
            .find(|(k, _)| encoding_of(&k.name) == Some(enc))
            .map(|(k, m)| (enc, k, m))
    })
}

/// A body in no media type the generator can encode. Required, it leaves the operation out;
/// optional, only itself (one without `content` is no body at all).
fn unencodable(
    cx: &Context<'_, '_>,
    (_, bnode, bat): &Written<'_>,
    content: &[(Key, Node)],
    required: bool,
    findings: &mut Findings,
) -> Result<(), NotGenerated> {
    if content.is_empty() {
        return Ok(());
    }
    let kinds: Vec<&str> = content.iter().map(|(k, _)| k.name.as_str()).collect();
    let why = format!(
        "request body media type `{}` is not supported (JSON, \
         `application/x-www-form-urlencoded`, `multipart/form-data`, `text/*` \
         and `application/octet-stream` are)",
        kinds.join("`, `")
    );
    if required {
        return Err(cx.not_generated(findings, bnode.span, bat, why));
    }
    // An optional body can be left out: the operation is generated without it.
    cx.generated_without(findings, bnode.span, bat, "optional body", &why);
    Ok(())
}

/// The type of the body as `chosen` encodes it, with a multipart body's parts. A schema the
/// encoding cannot carry leaves the operation out; it is checked on the schema itself,
/// before lowering it, so that a body left out leaves no type behind.
fn typed<'a>(
    cx: &Context<'a, '_>,
    (bfile, bnode, bat): &Written<'a>,
    (encoding, media, m): Chosen<'a>,
    types: &mut TypeLowerer<'a, '_>,
    findings: &mut Findings,
) -> Result<(TypeRef, Vec<Field>), NotGenerated> {
    let (docs, file) = (cx.docs, *bfile);
    let schema_at = bat.join("content").join(&media.name).join("schema");
    let schema = m.get("schema");
    let mut refuse = |what: &str| {
        let why = format!("its `{}` request body is not {what}", media.name);
        Err(cx.not_generated(findings, bnode.span, bat, why))
    };
    // A form carries the top-level properties of an object: other shapes have no form
    // encoding.
    if encoding == BodyEncoding::Form && !form_fits(docs, file, schema, &schema_at) {
        return refuse("an object, which a form cannot carry");
    }
    let ty = match (encoding, schema) {
        (BodyEncoding::Binary, _) => TypeRef::Bytes,
        (BodyEncoding::Multipart, schema) => {
            let hint = format!("{}Body", cx.type_prefix);
            let lowered = schema
                .and_then(|schema| deref(docs, file, schema, schema_at.clone()))
                .and_then(|(sfile, snode, sat)| types.multipart_struct(sfile, snode, &hint, &sat));
            return match lowered {
                Some(lowered) => Ok(lowered),
                None => refuse("an object, whose properties would be the parts"),
            };
        }
        (BodyEncoding::Text, Some(schema)) if !is_plain_string(docs, file, schema, &schema_at) => {
            return refuse("a string, which is all a text body can carry");
        }
        (BodyEncoding::Text, _) => TypeRef::String,
        (_, Some(schema)) => {
            let hint = format!("{}Body", cx.type_prefix);
            types.use_site(file, schema, &hint, &schema_at, false).0
        }
        (_, None) => TypeRef::Any,
    };
    Ok((ty, Vec::new()))
}

/// Whether the schema is an object's, not `nullable`: a form has no other shape.
fn form_fits(docs: &DocSet, file: FileId, schema: Option<&Node>, schema_at: &Pointer) -> bool {
    schema
        .and_then(|schema| deref(docs, file, schema, schema_at.clone()))
        .is_some_and(|(_, n, _)| {
            carries_properties(n) && n.get("nullable").and_then(Node::as_bool) != Some(true)
        })
}

/// Whether the schema is a string without `enum`: all a text body carries.
fn is_plain_string(docs: &DocSet, file: FileId, schema: &Node, schema_at: &Pointer) -> bool {
    deref(docs, file, schema, schema_at.clone()).is_some_and(|(_, n, _)| {
        n.get("type").and_then(Node::as_str) == Some("string") && n.get("enum").is_none()
    })
}
