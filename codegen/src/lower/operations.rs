//! Operations to their IR: parameters merged from path item and operation, the JSON request
//! body, and every documented response with its variant name.

use super::names::{type_name, value_name, Scope};
use super::types::{carries_properties, docs_of, TypeLowerer};
use crate::base::{rules, Findings};
use crate::check::walk::OperationSite;
use crate::ir::{
    Body, BodyEncoding, FromConfig, Operation, Param, ParamEncoding, ParamLocation, Response,
    ResponseMedia, StatusKey, TypeRef,
};
use crate::load::node::{Node, Pointer};
use crate::load::source::FileId;
use crate::load::DocSet;

/// A media type without its parameters, lower-cased (`Text/Plain; charset=utf-8` gives
/// `text/plain`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON (`application/json`, `...;charset=utf-8`, `+json` types).
pub fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// Whether a media type is text a `String` can hold (`text/*`, XML).
pub fn is_text(media: &str) -> bool {
    let essence = essence(media);
    essence.starts_with("text/") || essence == "application/xml" || essence.ends_with("+xml")
}

/// How a request body of media type `media` is encoded, if the generator can encode it.
pub fn encoding_of(media: &str) -> Option<BodyEncoding> {
    let essence = essence(media);
    if is_json(&essence) {
        Some(BodyEncoding::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        Some(BodyEncoding::Form)
    } else if essence == "multipart/form-data" {
        Some(BodyEncoding::Multipart)
    } else if essence.starts_with("text/") {
        Some(BodyEncoding::Text)
    } else if essence == "application/octet-stream" {
        Some(BodyEncoding::Binary)
    } else {
        None
    }
}

/// The operation id, or one derived from method and path when the document gives none.
pub fn operation_id(op: &OperationSite<'_>) -> String {
    match op.site.node.get("operationId").and_then(Node::as_str) {
        Some(id) => id.to_string(),
        None => {
            let mut words = vec![op.method.to_string()];
            for segment in op.path.split('/').filter(|s| !s.is_empty()) {
                match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(param) => words.push(format!("by {param}")),
                    None => words.push(segment.to_string()),
                }
            }
            words.join(" ")
        }
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

fn parse_status(key: &str) -> Option<StatusKey> {
    if key == "default" {
        return Some(StatusKey::Default);
    }
    if let Some(hundreds) = key.strip_suffix("XX") {
        return hundreds.parse().ok().map(StatusKey::Range);
    }
    key.parse().ok().map(StatusKey::Code)
}

/// Resolves a Reference Object to what it names (with its file and pointer), or keeps `node`.
/// Reference loops end in `None` (the checks report them).
fn deref<'a>(
    docs: &'a DocSet,
    mut file: FileId,
    mut node: &'a Node,
    mut at: Pointer,
) -> Option<(FileId, &'a Node, Pointer)> {
    for _ in 0..64 {
        match node.get("$ref").and_then(Node::as_str) {
            Some(r) => {
                let t = docs.resolve(file, r).ok()?;
                let fragment = r.split_once('#').map(|(_, f)| f).unwrap_or("");
                (file, node, at) = (t.file, t.node, Pointer::from_fragment(fragment));
            }
            None => return Some((file, node, at)),
        }
    }
    None
}

/// Lowers one operation; `None` (with a finding) when it cannot be generated.
pub fn lower_operation<'a>(
    docs: &'a DocSet,
    op: &OperationSite<'a>,
    types: &mut TypeLowerer<'a, '_>,
    methods: &mut Scope,
    findings: &mut Findings,
) -> Option<Operation> {
    let node = op.site.node;
    let at = Pointer::from_decoded(&op.site.pointer);
    let id = operation_id(op);
    let fn_name = methods.claim(value_name(&id));
    let type_prefix = type_name(fn_name.trim_start_matches("r#"));
    let unsupported = |findings: &mut Findings, span, where_: &Pointer, why: String| {
        findings.report(
            span,
            &rules::UNSUPPORTED,
            where_,
            format!(
                "operation `{id}` ({} {}) is not generated: {why}",
                op.method.to_uppercase(),
                op.path
            ),
            None,
        );
    };

    let mut params: Vec<Param> = Vec::new();
    let mut names = Scope::new(&["body"]);
    let lists = [
        (
            op.path_item.file,
            op.path_item.node,
            Pointer::from_decoded(&op.path_item.pointer),
        ),
        (op.site.file, node, at.clone()),
    ];
    let mut raw: Vec<(FileId, &'a Node, Pointer)> = Vec::new();
    for (file, holder, holder_at) in lists {
        for (i, p) in holder
            .get("parameters")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some((pfile, pnode, pat)) =
                deref(docs, file, p, holder_at.join("parameters").index(i))
            else {
                continue;
            };
            let key = (
                pnode.get("name").and_then(Node::as_str),
                pnode.get("in").and_then(Node::as_str),
            );
            raw.retain(|(_, n, _)| {
                (
                    n.get("name").and_then(Node::as_str),
                    n.get("in").and_then(Node::as_str),
                ) != key
            });
            raw.push((pfile, pnode, pat));
        }
    }
    for (pfile, pnode, pat) in raw {
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
            _ => continue,
        };
        // Content-Type, Accept and Authorization headers are the transport's (OpenAPI says
        // such parameter definitions are ignored).
        if location == ParamLocation::Header
            && ["content-type", "accept", "authorization"]
                .contains(&name.to_ascii_lowercase().as_str())
        {
            continue;
        }
        let required = pnode.get("required").and_then(Node::as_bool) == Some(true);
        // A parameter described by `content` (one media type, OpenAPI says): JSON is sent as
        // its JSON text; other media types are not generated.
        let content = pnode.get("content").and_then(Node::as_map);
        let json_schema = content.and_then(|c| match c {
            [(media, m)] if is_json(&media.name) => m
                .get("schema")
                .map(|s| (s, pat.join("content").join(&media.name).join("schema"))),
            _ => None,
        });
        let as_json = pnode.get("schema").is_none();
        let Some((schema, schema_at)) = pnode
            .get("schema")
            .map(|s| (s, pat.join("schema")))
            .or(json_schema)
        else {
            // A parameter with neither `schema` nor `content` is a `missing-field` finding.
            if content.is_none() {
                continue;
            }
            let media = content
                .and_then(|c| c.first())
                .map_or(String::new(), |(k, _)| format!(" `{}`", k.name));
            if required {
                unsupported(
                    findings,
                    pnode.span,
                    &pat,
                    format!(
                        "parameter `{name}` is described by `content`{media}, which is not \
                         supported yet (only one JSON media type with a schema is)"
                    ),
                );
                return None;
            }
            // An optional parameter can be left out: the operation is generated without it.
            findings.report(
                pnode.span,
                &rules::UNSUPPORTED,
                &pat,
                format!(
                    "operation `{id}` ({} {}) is generated without its optional parameter \
                     `{name}`: it is described by `content`{media}, which is not supported yet \
                     (only one JSON media type with a schema is)",
                    op.method.to_uppercase(),
                    op.path
                ),
                None,
            );
            continue;
        };
        let from_config = match pnode.get("x-hwcloud-config").and_then(Node::as_str) {
            Some("project_id") => Some(FromConfig::ProjectId),
            Some("language") => Some(FromConfig::Language),
            _ => None,
        };
        let hint = format!("{type_prefix}{}", type_name(&name));
        let (ty, constraints) = if from_config.is_some() {
            let (_, snode, _) = deref(docs, pfile, schema, schema_at)?;
            (TypeRef::String, types.scalar_constraints(snode))
        } else {
            types.use_site(pfile, schema, &hint, &schema_at, false)
        };
        // Each location's default style (`simple` in path and header, `form` in query and
        // cookie), and for query arrays the delimited styles: an array goes as a repeated
        // key (a query's exploded `form`) or as one value of joined items.
        let default_style = match location {
            ParamLocation::Path | ParamLocation::Header => "simple",
            ParamLocation::Query | ParamLocation::Cookie => "form",
        };
        let style = pnode
            .get("style")
            .and_then(Node::as_str)
            .unwrap_or(default_style);
        // OpenAPI: `explode` defaults to true for `form`, to false for every other style.
        let exploded = pnode
            .get("explode")
            .and_then(Node::as_bool)
            .unwrap_or(style == "form");
        let is_array = matches!(&ty, TypeRef::Array(_))
            || matches!(&ty, TypeRef::Nullable(inner) if matches!(**inner, TypeRef::Array(_)));
        // `None`: a style the generator does not write.
        let encoding = match (location, style, exploded) {
            // `style` and `explode` do not apply to a parameter described by `content`.
            _ if as_json => Some(ParamEncoding::Json),
            _ if !is_array && style == default_style => Some(ParamEncoding::Plain),
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
        };
        let Some(encoding) = encoding else {
            unsupported(
                findings,
                pnode.span,
                &pat,
                format!(
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
                ),
            );
            return None;
        };
        if matches!(ty, TypeRef::Map(_)) && encoding != ParamEncoding::Json {
            unsupported(
                findings,
                pnode.span,
                &pat,
                format!("parameter `{name}` has a type its location cannot carry yet"),
            );
            return None;
        }
        params.push(Param {
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
        });
    }

    let body = match node.get("requestBody") {
        None => None,
        Some(b) => {
            let (bfile, bnode, bat) = deref(docs, op.site.file, b, at.join("requestBody"))?;
            let required = bnode.get("required").and_then(Node::as_bool) == Some(true);
            let content = bnode.get("content").and_then(Node::as_map).unwrap_or(&[]);
            let doc = bnode
                .get("description")
                .and_then(Node::as_str)
                .map(str::to_string);
            // The first media type the generator can encode, JSON preferred.
            let chosen = [
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
            });
            match chosen {
                Some((encoding, media, m)) => {
                    let schema_at = bat.join("content").join(&media.name).join("schema");
                    // A form carries the top-level properties of an object: other shapes have
                    // no form encoding. Checked before lowering, so that a body left out leaves
                    // no type behind.
                    let form_fits = || {
                        m.get("schema")
                            .and_then(|schema| deref(docs, bfile, schema, schema_at.clone()))
                            .is_some_and(|(_, n, _)| {
                                carries_properties(n)
                                    && n.get("nullable").and_then(Node::as_bool) != Some(true)
                            })
                    };
                    if encoding == BodyEncoding::Form && !form_fits() {
                        unsupported(
                            findings,
                            bnode.span,
                            &bat,
                            format!(
                                "its `{}` request body is not an object, which a form cannot carry",
                                media.name
                            ),
                        );
                        return None;
                    }
                    let mut parts = Vec::new();
                    let ty = match (encoding, m.get("schema")) {
                        (BodyEncoding::Binary, _) => TypeRef::Bytes,
                        (BodyEncoding::Multipart, schema) => {
                            let lowered = schema
                                .and_then(|schema| deref(docs, bfile, schema, schema_at.clone()))
                                .and_then(|(sfile, snode, sat)| {
                                    types.multipart_struct(
                                        sfile,
                                        snode,
                                        &format!("{type_prefix}Body"),
                                        &sat,
                                    )
                                });
                            let Some((ty, fields)) = lowered else {
                                unsupported(
                                    findings,
                                    bnode.span,
                                    &bat,
                                    format!(
                                        "its `{}` request body is not an object, whose \
                                         properties would be the parts",
                                        media.name
                                    ),
                                );
                                return None;
                            };
                            parts = fields;
                            ty
                        }
                        // Checked on the schema itself, before lowering it, so that a body
                        // left out leaves no type behind.
                        (BodyEncoding::Text, Some(schema)) => {
                            let is_string = deref(docs, bfile, schema, schema_at.clone())
                                .is_some_and(|(_, n, _)| {
                                    n.get("type").and_then(Node::as_str) == Some("string")
                                        && n.get("enum").is_none()
                                });
                            if !is_string {
                                unsupported(
                                    findings,
                                    bnode.span,
                                    &bat,
                                    format!(
                                        "its `{}` request body is not a string, which is all a \
                                         text body can carry",
                                        media.name
                                    ),
                                );
                                return None;
                            }
                            TypeRef::String
                        }
                        (_, Some(schema)) => {
                            types
                                .use_site(
                                    bfile,
                                    schema,
                                    &format!("{type_prefix}Body"),
                                    &schema_at,
                                    false,
                                )
                                .0
                        }
                        (BodyEncoding::Text, None) => TypeRef::String,
                        (_, None) => TypeRef::Any,
                    };
                    Some(Body {
                        content_type: media.name.clone(),
                        encoding,
                        ty,
                        required,
                        doc,
                        parts,
                    })
                }
                None if content.is_empty() => None,
                None => {
                    let kinds: Vec<&str> = content.iter().map(|(k, _)| k.name.as_str()).collect();
                    let why = format!(
                        "request body media type `{}` is not supported (JSON, \
                         `application/x-www-form-urlencoded`, `multipart/form-data`, `text/*` \
                         and `application/octet-stream` are)",
                        kinds.join("`, `")
                    );
                    if required {
                        unsupported(findings, bnode.span, &bat, why);
                        return None;
                    }
                    // An optional body can be left out: the operation is generated without it.
                    findings.report(
                        bnode.span,
                        &rules::UNSUPPORTED,
                        &bat,
                        format!(
                            "operation `{id}` ({} {}) is generated without its optional body: {why}",
                            op.method.to_uppercase(),
                            op.path
                        ),
                        None,
                    );
                    None
                }
            }
        }
    };

    let mut responses = Vec::new();
    let mut variants = Scope::default();
    let mut entries: Vec<(StatusKey, &'a Node, Pointer)> = Vec::new();
    for (key, r) in node.get("responses").and_then(Node::as_map).unwrap_or(&[]) {
        if let Some(status) = parse_status(&key.name) {
            entries.push((status, r, at.join("responses").join(&key.name)));
        }
    }
    entries.sort_by_key(|(s, _, _)| *s);
    for (status, r, rat) in entries {
        let Some((rfile, rnode, rat)) = deref(docs, op.site.file, r, rat) else {
            continue;
        };
        let variant = variants.claim(status_variant(status));
        let content = rnode.get("content").and_then(Node::as_map).unwrap_or(&[]);
        let json = content.iter().find(|(k, _)| is_json(&k.name));
        let (ty, media) = match (json, content.first()) {
            (Some((media, m)), _) => {
                let ty = match m.get("schema") {
                    Some(schema) => {
                        types
                            .use_site(
                                rfile,
                                schema,
                                &format!("{type_prefix}{variant}Body"),
                                &rat.join("content").join(&media.name).join("schema"),
                                false,
                            )
                            .0
                    }
                    None => TypeRef::Any,
                };
                (Some(ty), ResponseMedia::Json)
            }
            // Without JSON, the body is returned undecoded: text when every media type
            // offered is text, else bytes.
            (None, Some(_)) if content.iter().all(|(k, _)| is_text(&k.name)) => {
                (Some(TypeRef::String), ResponseMedia::Text)
            }
            (None, Some(_)) => (Some(TypeRef::Bytes), ResponseMedia::Binary),
            (None, None) => (None, ResponseMedia::Json),
        };
        responses.push(Response {
            status,
            variant,
            description: rnode
                .get("description")
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_string(),
            ty,
            media,
        });
    }

    Some(Operation {
        operation_id: id.clone(),
        fn_name,
        type_prefix,
        method: op.method.to_uppercase(),
        path: op.path.clone(),
        summary: node
            .get("summary")
            .and_then(Node::as_str)
            .map(str::to_string),
        doc: docs_of(node),
        replaced_by: node
            .get("x-replaced-by")
            .and_then(Node::as_str)
            .map(str::to_string),
        iam_action: node
            .get("x-iam-action")
            .and_then(Node::as_str)
            .map(str::to_string),
        params,
        body,
        responses,
    })
}
