//! An operation's parameters: the path item's and the operation's merged, each typed and
//! with the [`ParamEncoding`] its location carries it in.

use super::media::is_json;
use super::{deref, reference_description, Context, NotGenerated, Written};
use crate::base::Findings;
use crate::ir::{FromConfig, Param, ParamEncoding, ParamLocation, TypeRef};
use crate::load::node::{Node, Pointer};
use crate::lower::names::{type_name, value_name, Scope};
use crate::lower::types::{docs_of, TypeLowerer};

/// Lowers every parameter of the operation, in order.
pub(super) fn lower<'a>(
    cx: &Context<'a, '_>,
    types: &mut TypeLowerer<'a, '_>,
    findings: &mut Findings,
) -> Result<Vec<Param>, NotGenerated> {
    let mut names = Scope::new(&["body"]);
    let mut params = Vec::new();
    for (written, description) in merged(cx) {
        let param = parameter(cx, written, types, &mut names, findings)?;
        if let Some(mut param) = param {
            if let Some(description) = description {
                param.doc.description = Some(description.to_string());
            }
            params.push(param);
        }
    }
    Ok(params)
}

/// The path item's parameters, then the operation's, references followed (with the
/// description a 3.1 reference gives): an operation's parameter replaces the path item's of
/// the same name and location.
fn merged<'a>(cx: &Context<'a, '_>) -> Vec<(Written<'a>, Option<&'a str>)> {
    let op = cx.op;
    let lists = [
        (
            op.path_item.file,
            op.path_item.node,
            Pointer::from_decoded(&op.path_item.pointer),
        ),
        (op.site.file, op.site.node, cx.at.clone()),
    ];
    let mut raw: Vec<(Written<'a>, Option<&'a str>)> = Vec::new();
    for (file, holder, holder_at) in lists {
        for (i, p) in holder
            .get("parameters")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(written) = deref(cx.docs, file, p, holder_at.join("parameters").index(i))
            else {
                continue;
            };
            let key = identity(written.1);
            raw.retain(|((_, n, _), _)| identity(n) != key);
            raw.push((written, reference_description(cx.docs, file, p)));
        }
    }
    raw
}

/// What tells parameters apart: name and location.
fn identity(parameter: &Node) -> (Option<&str>, Option<&str>) {
    (
        parameter.get("name").and_then(Node::as_str),
        parameter.get("in").and_then(Node::as_str),
    )
}

/// One parameter; `None` when it is left out but the operation is not.
fn parameter<'a>(
    cx: &Context<'a, '_>,
    (pfile, pnode, pat): Written<'a>,
    types: &mut TypeLowerer<'a, '_>,
    names: &mut Scope,
    findings: &mut Findings,
) -> Result<Option<Param>, NotGenerated> {
    let name = pnode
        .get("name")
        .and_then(Node::as_str)
        .unwrap_or("")
        .to_string();
    let location = match pnode.get("in").and_then(Node::as_str) {
        Some("path") => ParamLocation::Path,
        Some("query") => ParamLocation::Query,
        Some("header") => ParamLocation::Header,
        Some("cookie") => ParamLocation::Cookie,
        _ => return Ok(None),
    };
    // Content-Type, Accept and Authorization headers are the transport's (OpenAPI says
    // such parameter definitions are ignored).
    if location == ParamLocation::Header
        && ["content-type", "accept", "authorization"].contains(&name.to_ascii_lowercase().as_str())
    {
        return Ok(None);
    }
    let required = pnode.get("required").and_then(Node::as_bool) == Some(true);
    let Some((schema, schema_at)) = schema_of(pnode, &pat) else {
        without_schema(cx, pnode, &pat, &name, required, findings)?;
        return Ok(None);
    };
    let from_config = match pnode.get("x-hwcloud-config").and_then(Node::as_str) {
        Some("project_id") => Some(FromConfig::ProjectId),
        Some("language") => Some(FromConfig::Language),
        _ => None,
    };
    let hint = format!("{}{}", cx.type_prefix, type_name(&name));
    let (ty, constraints) = if from_config.is_some() {
        let (_, snode, _) = deref(cx.docs, pfile, schema, schema_at).ok_or(NotGenerated)?;
        (TypeRef::String, types.scalar_constraints(snode))
    } else {
        types.use_site(pfile, schema, &hint, &schema_at, false)
    };
    let encoding = carried(cx, pnode, &pat, &name, location, &ty, findings)?;
    Ok(Some(Param {
        rust_name: if from_config.is_some() {
            value_name(&name)
        } else {
            names.claim(value_name(&name))
        },
        name,
        location,
        required: required || location == ParamLocation::Path,
        doc: docs_of(pnode),
        ty,
        constraints,
        from_config,
        encoding,
    }))
}

/// The parameter's schema: its `schema`, or for one described by `content` (one media type,
/// OpenAPI says) the JSON media type's, since JSON is sent as its JSON text.
fn schema_of<'a>(pnode: &'a Node, pat: &Pointer) -> Option<(&'a Node, Pointer)> {
    pnode
        .get("schema")
        .map(|s| (s, pat.join("schema")))
        .or_else(|| match pnode.get("content").and_then(Node::as_map) {
            Some([(media, m)]) if is_json(&media.name) => m
                .get("schema")
                .map(|s| (s, pat.join("content").join(&media.name).join("schema"))),
            _ => None,
        })
}

/// A parameter without a schema the generator reads: described by `content` of another
/// media type. Required, it leaves the operation out; optional, only itself.
fn without_schema(
    cx: &Context<'_, '_>,
    pnode: &Node,
    pat: &Pointer,
    name: &str,
    required: bool,
    findings: &mut Findings,
) -> Result<(), NotGenerated> {
    // A parameter with neither `schema` nor `content` is a `missing-field` finding.
    let Some(content) = pnode.get("content").and_then(Node::as_map) else {
        return Ok(());
    };
    let media = content
        .first()
        .map_or(String::new(), |(k, _)| format!(" `{}`", k.name));
    let why = format!(
        "described by `content`{media}, which is not supported yet (only one JSON media type \
         with a schema is)"
    );
    if required {
        let why = format!("parameter `{name}` is {why}");
        return Err(cx.not_generated(findings, pnode.span, pat, why));
    }
    // An optional parameter can be left out: the operation is generated without it.
    let what = format!("optional parameter `{name}`");
    cx.generated_without(findings, pnode.span, pat, &what, &format!("it is {why}"));
    Ok(())
}

/// How the parameter's location carries it; the operation is left out when the generator
/// cannot write that.
fn carried(
    cx: &Context<'_, '_>,
    pnode: &Node,
    pat: &Pointer,
    name: &str,
    location: ParamLocation,
    ty: &TypeRef,
    findings: &mut Findings,
) -> Result<ParamEncoding, NotGenerated> {
    let style = pnode
        .get("style")
        .and_then(Node::as_str)
        .unwrap_or(default_style(location));
    // OpenAPI: `explode` defaults to true for `form`, to false for every other style.
    let exploded = pnode
        .get("explode")
        .and_then(Node::as_bool)
        .unwrap_or(style == "form");
    let as_json = pnode.get("schema").is_none();
    let Some(encoding) = encoding(location, style, exploded, ty, as_json) else {
        let why = format!(
            "parameter `{name}` uses style `{style}`{} in {}, which is not supported yet",
            if exploded {
                " exploded"
            } else {
                " without explode"
            },
            match location {
                ParamLocation::Path => "a path",
                ParamLocation::Query => "a query",
                ParamLocation::Header => "a header",
                ParamLocation::Cookie => "a cookie",
            }
        );
        return Err(cx.not_generated(findings, pnode.span, pat, why));
    };
    if matches!(ty, TypeRef::Map(_)) && encoding != ParamEncoding::Json {
        let why = format!("parameter `{name}` has a type its location cannot carry yet");
        return Err(cx.not_generated(findings, pnode.span, pat, why));
    }
    Ok(encoding)
}

/// Each location's default style: `simple` in path and header, `form` in query and cookie.
fn default_style(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path | ParamLocation::Header => "simple",
        ParamLocation::Query | ParamLocation::Cookie => "form",
    }
}

/// How a value of type `ty` goes in `location` written in `style`: for query arrays the
/// delimited styles too, an array going as a repeated key (a query's exploded `form`) or as
/// one value of joined items. `None`: a style the generator does not write.
fn encoding(
    location: ParamLocation,
    style: &str,
    exploded: bool,
    ty: &TypeRef,
    as_json: bool,
) -> Option<ParamEncoding> {
    // A tuple (3.1's `prefixItems`) is an array on the wire.
    let listed = |ty: &TypeRef| matches!(ty, TypeRef::Array(_) | TypeRef::Tuple(_));
    let is_array = listed(ty) || matches!(ty, TypeRef::Nullable(inner) if listed(inner));
    match (location, style, exploded) {
        // `style` and `explode` do not apply to a parameter described by `content`.
        _ if as_json => Some(ParamEncoding::Json),
        _ if !is_array && style == default_style(location) => Some(ParamEncoding::Plain),
        _ if !is_array => None,
        // `simple` joins with commas, exploded or not.
        (ParamLocation::Path | ParamLocation::Header, "simple", _) => {
            Some(ParamEncoding::Joined(','))
        }
        (ParamLocation::Query, "form", true) => Some(ParamEncoding::Repeated),
        (ParamLocation::Query | ParamLocation::Cookie, "form", false) => {
            Some(ParamEncoding::Joined(','))
        }
        (ParamLocation::Query, "spaceDelimited", false) => Some(ParamEncoding::Joined(' ')),
        (ParamLocation::Query, "pipeDelimited", false) => Some(ParamEncoding::Joined('|')),
        _ => None,
    }
}
