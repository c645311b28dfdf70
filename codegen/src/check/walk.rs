//! The structure walk: every document checked against the OpenAPI model (required fields,
//! field types, unknown fields), `$ref`s followed across files, and the places later rules
//! need (schemas, parameters, media types, operations) collected on the way.

use std::collections::HashSet;

use super::model::{fields, kind_name, Kind, Ty, METHODS};
use crate::base::{rules, schema, Findings};
use crate::load::node::{Node, Pointer, Span, Value};
use crate::load::source::FileId;
use crate::load::{Dialect, DocSet};

/// A node of a given kind, with the file it is written in and its pointer in that file.
#[derive(Debug, Clone)]
pub struct Site<'a> {
    /// The file the node is written in.
    pub file: FileId,
    /// The node itself.
    pub node: &'a Node,
    /// JSON pointer (RFC 6901) of the node in its file; empty for the root.
    pub pointer: String,
}

/// An operation: its Path Item, the path template and the method.
#[derive(Debug, Clone)]
pub struct OperationSite<'a> {
    /// The Operation Object.
    pub site: Site<'a>,
    /// The Path Item that holds the operation.
    pub path_item: Site<'a>,
    /// The path template, as the key of the Paths Object (`/v1/{project_id}/vpcs`).
    pub path: String,
    /// The HTTP method in lower case, as the key is written (`get`).
    pub method: &'static str,
    /// Where the method key (`get:`) is written: findings about the whole operation point there.
    pub key_span: Span,
    /// Where the path key (`/pets/{id}:`) is written.
    pub path_span: Span,
    /// The entry document the operation belongs to.
    pub document: FileId,
}

/// What the walk collected, in the order met (documents in their stable order).
#[derive(Debug, Default)]
pub struct Sites<'a> {
    /// The root of each entry document that could be read.
    pub documents: Vec<Site<'a>>,
    /// Every Schema Object, each once.
    pub schemas: Vec<Site<'a>>,
    /// Every Parameter Object.
    pub parameters: Vec<Site<'a>>,
    /// Every Header Object.
    pub headers: Vec<Site<'a>>,
    /// Every Media Type Object.
    pub media_types: Vec<Site<'a>>,
    /// Every operation of every Path Item.
    pub operations: Vec<OperationSite<'a>>,
    /// Every operation of a 3.1 document's `webhooks`: requests the API sends, keyed by the
    /// webhook's name where operations have a path.
    pub webhooks: Vec<OperationSite<'a>>,
    /// Every Security Requirement Object, with the entry document whose `securitySchemes`
    /// its names must be defined in.
    pub security_requirements: Vec<(FileId, Site<'a>)>,
    /// Every Server Object.
    pub servers: Vec<Site<'a>>,
}

/// Walks every entry document of `docs`.
pub fn walk<'a>(docs: &'a DocSet, findings: &mut Findings) -> Sites<'a> {
    let mut walker = Walker {
        docs,
        findings,
        sites: Sites::default(),
        visited: HashSet::new(),
        followed: HashSet::new(),
        depth: 0,
        pending: Vec::new(),
        document: FileId(0),
        dialect: Dialect::V30,
    };
    for &file in &docs.entries {
        let Some(tree) = docs.tree(file) else {
            continue;
        };
        walker.document = file;
        walker.dialect = docs.dialect(file);
        walker.sites.documents.push(Site {
            file,
            node: tree,
            pointer: String::new(),
        });
        walker.ty(file, tree, &Pointer::root(), Ty::Obj(Kind::OpenApi));
        while let Some((from, reference, at, kind)) = walker.pending.pop() {
            walker.reference(from, reference, &at, kind);
        }
    }
    walker.sites
}

struct Walker<'a, 'f> {
    docs: &'a DocSet,
    findings: &'f mut Findings,
    sites: Sites<'a>,
    /// Objects already checked (by address and kind): each is checked once.
    visited: HashSet<(usize, Kind)>,
    /// `$ref` targets already followed, so reference loops end.
    followed: HashSet<(usize, Kind)>,
    /// How many `$ref`s deep the walk is.
    depth: usize,
    /// References met too deep, followed once the documents' own walk is done.
    pending: Vec<(FileId, &'a Node, Pointer, Kind)>,
    document: FileId,
    /// The dialect of the entry document being walked (the files it references share it).
    dialect: Dialect,
}

/// References followed recursively before the rest is queued.
const MAX_REF_DEPTH: usize = 48;

impl<'a> Walker<'a, '_> {
    fn site(&self, file: FileId, node: &'a Node, at: &Pointer) -> Site<'a> {
        Site {
            file,
            node,
            pointer: at.as_str().to_string(),
        }
    }

    fn wrong_type(&mut self, node: &Node, at: &Pointer, expected: &str) {
        let hint = match (&node.value, expected) {
            (Value::Int(_) | Value::Float(_) | Value::Bool(_), "a string") => {
                Some("quote the value so YAML reads it as a string".to_string())
            }
            _ => None,
        };
        self.findings.report(
            node.span,
            &rules::FIELD_TYPE,
            at,
            format!("expected {expected}, found {}", article(node.kind())),
            hint,
        );
    }

    /// A numeric keyword (the last token of `at`) whose value `n` OpenAPI does not allow:
    /// not finite, or for a length or count (`count`), no non-negative integer below 2^64.
    fn invalid_number(&mut self, node: &Node, at: &Pointer, n: f64, count: bool) {
        let keyword = at.as_str().rsplit('/').next().unwrap_or("");
        let (message, hint) = if !n.is_finite() {
            let what = non_finite_kind(n);
            let hint = match keyword {
                "maximum" | "minimum" | "maxLength" | "maxItems" | "maxProperties" => {
                    format!("write a finite bound, or leave `{keyword}` out for no bound")
                }
                _ => format!("write a finite `{keyword}`, or leave it out"),
            };
            (
                format!("`{keyword}` is {what}; OpenAPI numbers are finite JSON numbers"),
                hint,
            )
        } else if count && n >= 0.0 && n.fract() == 0.0 {
            (
                format!(
                    "`{keyword}` is {n:e}, more than the largest count a check can hold (2^64 - 1)"
                ),
                format!("write a smaller `{keyword}`, or leave it out for no limit"),
            )
        } else {
            (
                format!("`{keyword}` is {n}; it must be a non-negative integer"),
                format!("write `{keyword}` as a whole number, 0 or more"),
            )
        };
        self.findings
            .report(node.span, &rules::NUMBER_INVALID, at, message, Some(hint));
    }

    fn ty(&mut self, file: FileId, node: &'a Node, at: &Pointer, ty: Ty) {
        match ty {
            Ty::Any => {}
            Ty::Str => {
                if !matches!(node.value, Value::Str(_)) {
                    self.wrong_type(node, at, "a string");
                }
            }
            Ty::Bool => {
                if !matches!(node.value, Value::Bool(_)) {
                    self.wrong_type(node, at, "a boolean");
                }
            }
            Ty::Num => match node.as_f64() {
                None => self.wrong_type(node, at, "a number"),
                Some(n) if !n.is_finite() => self.invalid_number(node, at, n, false),
                // OpenAPI (JSON Schema): `multipleOf` is strictly greater than 0; no value is
                // a multiple of 0, and the check would divide by it.
                Some(n) if n <= 0.0 && at.as_str().ends_with("/multipleOf") => {
                    self.findings.report(
                        node.span,
                        &rules::NUMBER_INVALID,
                        at,
                        format!("`multipleOf` is {n}; it must be greater than 0"),
                        Some("write a positive `multipleOf`, or leave it out".into()),
                    );
                }
                Some(_) => {}
            },
            Ty::Count => match (node.as_u64(), node.as_f64()) {
                (Some(_), _) => {}
                (None, None) => self.wrong_type(node, at, "a non-negative integer"),
                (None, Some(n)) => self.invalid_number(node, at, n, true),
            },
            Ty::List(item) => match &node.value {
                Value::Seq(items) => {
                    for (i, n) in items.iter().enumerate() {
                        self.ty(file, n, &at.index(i), *item);
                    }
                }
                _ => self.wrong_type(node, at, "an array"),
            },
            Ty::Map(item) => match &node.value {
                Value::Map(entries) => {
                    for (k, v) in entries {
                        self.ty(file, v, &at.join(&k.name), *item);
                    }
                }
                _ => self.wrong_type(node, at, "an object"),
            },
            Ty::BoolOrSchema => {
                if !matches!(node.value, Value::Bool(_)) {
                    self.ty(file, node, at, Ty::RefOr(Kind::Schema));
                }
            }
            Ty::StrOrList => match &node.value {
                Value::Str(_) => {}
                Value::Seq(_) => self.ty(file, node, at, Ty::List(&Ty::Str)),
                _ => self.wrong_type(node, at, "a string or an array of strings"),
            },
            // JSON Schema 2020-12: a schema may be `true` or `false`, and `$ref` is one
            // keyword among others, so the rest of the object is a schema too.
            Ty::Schema31 => match (&node.value, node.get("$ref")) {
                (Value::Bool(_), _) => {}
                (Value::Map(entries), Some(reference)) => {
                    self.reference(file, reference, at, Kind::Schema);
                    if entries.len() > 1 {
                        self.object(file, node, at, Kind::Schema);
                    }
                }
                _ => self.object(file, node, at, Kind::Schema),
            },
            Ty::Obj(kind) => self.object(file, node, at, kind),
            Ty::RefOr(Kind::Schema) if self.dialect == Dialect::V31 => {
                self.ty(file, node, at, Ty::Schema31);
            }
            Ty::RefOr(kind) => match node.get("$ref") {
                Some(reference) => self.reference(file, reference, at, kind),
                None => self.object(file, node, at, kind),
            },
        }
    }

    fn reference(&mut self, file: FileId, reference: &'a Node, at: &Pointer, kind: Kind) {
        let at_ref = at.join("$ref");
        let Some(text) = reference.as_str() else {
            self.wrong_type(reference, &at_ref, "a string");
            return;
        };
        match self.docs.resolve(file, text) {
            Ok(target) => {
                let key = (target.node as *const Node as usize, kind);
                if self.depth >= MAX_REF_DEPTH {
                    // Walked later from the top: chains of references can be longer than
                    // the stack is deep.
                    if !self.followed.contains(&key) {
                        self.pending.push((file, reference, at.clone(), kind));
                    }
                    return;
                }
                if self.followed.insert(key) {
                    if let Some(cycle_span) = self.ref_loop(target.file, target.node) {
                        // Reported once, at the first `$ref` of the loop in the file.
                        if cycle_span == reference.span {
                            self.findings.report(
                                reference.span,
                                &rules::REF_CYCLE,
                                &at_ref,
                                format!("`$ref: {text}` leads back to itself through references only; it names no schema"),
                                Some("point one of the references at a real definition".into()),
                            );
                        }
                        return;
                    }
                    let target_at = self.docs.target_pointer(file, text);
                    self.depth += 1;
                    self.ty(target.file, target.node, &target_at, Ty::RefOr(kind));
                    self.depth -= 1;
                }
            }
            Err(reason) => self.findings.report(
                reference.span,
                &rules::UNRESOLVED_REF,
                &at_ref,
                format!("cannot resolve `{text}`: {reason}"),
                Some(format!(
                    "point it at an existing {} (e.g. `#/components/...`)",
                    kind_name(kind)
                )),
            ),
        }
    }

    /// When following `$ref`s from `node` comes back to a node already passed, the span of
    /// the earliest `$ref` on the loop.
    fn ref_loop(&self, mut file: FileId, mut node: &'a Node) -> Option<Span> {
        let mut passed: Vec<(usize, Span)> = Vec::new();
        while let Some(reference) = node.get("$ref") {
            let here = node as *const Node as usize;
            if let Some(start) = passed.iter().position(|(n, _)| *n == here) {
                return passed[start..].iter().map(|(_, s)| *s).min();
            }
            passed.push((here, reference.span));
            let target = self.docs.resolve(file, reference.as_str()?).ok()?;
            file = target.file;
            node = target.node;
            if passed.len() > 4096 {
                return None;
            }
        }
        None
    }

    fn object(&mut self, file: FileId, node: &'a Node, at: &Pointer, kind: Kind) {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(node, at, &format!("a {} (an object)", kind_name(kind)));
            return;
        };
        if !self.visited.insert((node as *const Node as usize, kind)) && kind != Kind::OpenApi {
            return;
        }
        match kind {
            Kind::Paths => return self.path_items(file, node, at, false),
            Kind::Webhooks => return self.path_items(file, node, at, true),
            Kind::Responses => return self.responses(file, node, at),
            Kind::Callback => {
                for (k, v) in entries.iter().filter(|(k, _)| !k.name.starts_with("x-")) {
                    self.ty(file, v, &at.join(&k.name), Ty::Obj(Kind::PathItem));
                }
                return;
            }
            Kind::SecurityRequirement => {
                for (k, v) in entries {
                    self.ty(file, v, &at.join(&k.name), Ty::List(&Ty::Str));
                }
                self.sites
                    .security_requirements
                    .push((self.document, self.site(file, node, at)));
                return;
            }
            _ => {}
        }
        let model = fields(kind, self.dialect);
        for (key, value) in entries {
            if key.name.starts_with("x-") {
                continue;
            }
            match model.iter().find(|f| f.name == key.name) {
                Some(field) => self.ty(file, value, &at.join(&key.name), field.ty),
                None => {
                    // A sibling of `$ref` in a Reference Object is ignored by OpenAPI 3.0,
                    // so it is not "unknown"; elsewhere an unknown field is a mistake.
                    let known: Vec<&str> = model.iter().map(|f| f.name).collect();
                    let nullable_31 = kind == Kind::Schema
                        && self.dialect == Dialect::V31
                        && key.name == "nullable";
                    let hint = if nullable_31 {
                        Some("OpenAPI 3.1 has no `nullable`: add \"null\" to `type` (`type: [string, \"null\"]`)".into())
                    } else {
                        closest(&key.name, &known)
                            .map(|c| format!("did you mean `{c}`? extensions start with `x-`"))
                            .or_else(|| Some("extensions start with `x-`".into()))
                    };
                    let message = format!("unknown field `{}` in {}", key.name, kind_name(kind));
                    let at = at.join(&key.name);
                    // A 3.1 `nullable` is read as 3.0's still, so the code is what was meant.
                    let report = if nullable_31 {
                        Findings::report_harmless
                    } else {
                        Findings::report
                    };
                    report(
                        self.findings,
                        key.span,
                        &rules::UNKNOWN_FIELD,
                        &at,
                        message,
                        hint,
                    );
                }
            }
        }
        for field in model.iter().filter(|f| f.required) {
            if node.get(field.name).is_none() {
                let rule = if kind == Kind::Response && field.name == "description" {
                    &rules::RESPONSE_DESCRIPTION
                } else {
                    &rules::MISSING_FIELD
                };
                self.findings.report(
                    node.span,
                    rule,
                    at,
                    format!(
                        "{} is missing required field `{}`",
                        kind_name(kind),
                        field.name
                    ),
                    Some(format!("add `{}`", field.name)),
                );
            }
        }
        self.kind_rules(file, node, at, kind);
    }

    /// Value rules the model's types cannot say, and site collection.
    fn kind_rules(&mut self, file: FileId, node: &'a Node, at: &Pointer, kind: Kind) {
        let one_of = |field: &str, allowed: &[&str]| -> Option<(&'a Node, String)> {
            let value = node.get(field)?;
            let text = value.as_str()?;
            (!allowed.contains(&text)).then(|| {
                (
                    value,
                    format!(
                        "`{field}` is `{text}`; it must be one of {}",
                        allowed
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
        };
        let check = match kind {
            Kind::OpenApi => node
                .get("openapi")
                .and_then(|v| v.as_str().map(|s| (v, s)))
                .filter(|(_, s)| Dialect::of_version(s).is_none())
                .map(|(v, s)| {
                    (
                        v,
                        format!("OpenAPI version `{s}` is not supported; this tool reads 3.0.x and 3.1.x"),
                    )
                }),
            Kind::Parameter => one_of("in", &["query", "header", "path", "cookie"]),
            Kind::Schema => self.schema_type(node),
            Kind::SecurityScheme => one_of("type", self.scheme_types())
                .or_else(|| {
                    if node.get("type").and_then(Node::as_str) == Some("apiKey") {
                        one_of("in", &["query", "header", "cookie"])
                    } else {
                        None
                    }
                }),
            _ => None,
        };
        if let Some((value, message)) = check {
            let field = match kind {
                Kind::OpenApi => "openapi",
                Kind::Parameter | Kind::SecurityScheme if node.get("in") == Some(value) => "in",
                _ => "type",
            };
            self.findings.report(
                value.span,
                &rules::FIELD_VALUE,
                &at.join(field),
                message,
                None,
            );
        }
        match kind {
            Kind::Schema => {
                // JSON Schema 2020-12 (OpenAPI 3.1) reads a missing `items` as "any item";
                // 3.0 requires it.
                if self.dialect == Dialect::V30
                    && schema::types(node).single() == Some("array")
                    && node.get("items").is_none()
                    && node.get("prefixItems").is_none()
                {
                    // The generator reads a missing `items` as "any value".
                    self.findings.report_harmless(
                        node.span,
                        &rules::MISSING_FIELD,
                        at,
                        "a Schema Object of type `array` must have `items`".into(),
                        Some("add `items` with the schema of the elements".into()),
                    );
                }
                let site = self.site(file, node, at);
                self.sites.schemas.push(site);
            }
            Kind::Parameter | Kind::Header => {
                let has_schema = node.get("schema").is_some();
                let has_content = node.get("content").is_some();
                if has_schema == has_content {
                    self.findings.report(
                        node.span,
                        &rules::MISSING_FIELD,
                        at,
                        format!(
                            "a {} needs exactly one of `schema` and `content`",
                            kind_name(kind)
                        ),
                        None,
                    );
                }
                let site = self.site(file, node, at);
                if kind == Kind::Parameter {
                    self.sites.parameters.push(site);
                } else {
                    self.sites.headers.push(site);
                }
            }
            Kind::MediaType => {
                let site = self.site(file, node, at);
                self.sites.media_types.push(site);
            }
            Kind::Server => {
                let site = self.site(file, node, at);
                self.sites.servers.push(site);
            }
            _ => {}
        }
    }

    /// A `type` that names no JSON Schema type (in 3.1, also a list holding one, or `null`
    /// written as a type of its own).
    fn schema_type(&self, node: &'a Node) -> Option<(&'a Node, String)> {
        const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];
        let value = node.get("type")?;
        let names: Vec<(&'a Node, &'a str)> = match &value.value {
            Value::Str(name) => vec![(value, name.as_str())],
            Value::Seq(items) if self.dialect == Dialect::V31 => items
                .iter()
                .filter_map(|n| n.as_str().map(|s| (n, s)))
                .collect(),
            _ => return None,
        };
        let null_allowed = self.dialect == Dialect::V31;
        let (bad, name) = names
            .into_iter()
            .find(|(_, name)| !(TYPES.contains(name) || (null_allowed && *name == "null")))?;
        let mut allowed: Vec<String> = TYPES.iter().map(|t| format!("`{t}`")).collect();
        if null_allowed {
            allowed.push("`null`".into());
        }
        let message = format!(
            "`type` is `{name}`; it must be one of {}",
            allowed.join(", ")
        );
        Some((bad, message))
    }

    /// The security scheme types of the dialect (3.1 adds `mutualTLS`).
    fn scheme_types(&self) -> &'static [&'static str] {
        match self.dialect {
            Dialect::V30 => &["apiKey", "http", "oauth2", "openIdConnect"],
            Dialect::V31 => &["apiKey", "http", "oauth2", "openIdConnect", "mutualTLS"],
        }
    }

    /// The Path Items of the Paths Object, or of 3.1's `webhooks` (keyed by name, not path),
    /// and their operations.
    fn path_items(&mut self, file: FileId, node: &'a Node, at: &Pointer, webhooks: bool) {
        let Some(entries) = node.as_map() else {
            return;
        };
        for (key, item) in entries {
            if key.name.starts_with("x-") {
                continue;
            }
            let item_at = at.join(&key.name);
            if !webhooks && !key.name.starts_with('/') {
                self.findings.report(
                    key.span,
                    &rules::FIELD_VALUE,
                    &item_at,
                    format!("path `{}` must start with `/`", key.name),
                    None,
                );
            }
            let (item_file, item, item_at) = match self.path_item_target(file, item) {
                Some((target_file, target, target_at)) => {
                    self.beside_path_item_ref(item, &item_at);
                    self.ty(file, item, &item_at, Ty::RefOr(Kind::PathItem));
                    (target_file, target, target_at)
                }
                None => {
                    self.ty(file, item, &item_at, Ty::Obj(Kind::PathItem));
                    (file, item, item_at)
                }
            };
            let item_site = self.site(item_file, item, &item_at);
            for method in METHODS {
                if let (Some(op), Some(method_key)) = (item.get(method), item.key(method)) {
                    if op.as_map().is_some() {
                        let site = OperationSite {
                            site: self.site(item_file, op, &item_at.join(method)),
                            path_item: item_site.clone(),
                            path: key.name.clone(),
                            method,
                            key_span: method_key.span,
                            path_span: key.span,
                            document: self.document,
                        };
                        if webhooks {
                            self.sites.webhooks.push(site);
                        } else {
                            self.sites.operations.push(site);
                        }
                    }
                }
            }
        }
    }

    /// Operations and parameters written beside a Path Item's `$ref`: the referenced Path
    /// Item's are the ones generated, so these would be lost without a word.
    fn beside_path_item_ref(&mut self, item: &Node, at: &Pointer) {
        for (key, _) in item.as_map().unwrap_or(&[]) {
            if METHODS.contains(&key.name.as_str()) || key.name == "parameters" {
                self.findings.report(
                    key.span,
                    &rules::UNSUPPORTED,
                    &at.join(&key.name),
                    format!("`{}` beside the Path Item's `$ref` is left out: the referenced Path Item's operations are generated", key.name),
                    Some("move it into the referenced Path Item".into()),
                );
            }
        }
    }

    /// Where a 3.1 Path Item that is a `$ref` (to `components/pathItems`) leads. (3.0's
    /// `$ref` of a Path Item points at an external file's Path Item the same way.)
    fn path_item_target(
        &self,
        file: FileId,
        item: &'a Node,
    ) -> Option<(FileId, &'a Node, Pointer)> {
        let (mut file, mut node) = (file, item);
        let mut found = None;
        // A chain of references ends at a Path Item (bounded: a loop is the walk's to report).
        for _ in 0..16 {
            let Some(reference) = node.get("$ref").and_then(Node::as_str) else {
                break;
            };
            let target = self.docs.resolve(file, reference).ok()?;
            let at = self.docs.target_pointer(file, reference);
            (file, node) = (target.file, target.node);
            found = Some((file, node, at));
        }
        found
    }

    fn responses(&mut self, file: FileId, node: &'a Node, at: &Pointer) {
        let Some(entries) = node.as_map() else {
            return;
        };
        let mut any = false;
        for (key, response) in entries {
            if key.name.starts_with("x-") {
                continue;
            }
            any = true;
            if !is_status_key(&key.name) {
                self.findings.report(
                    key.span, &rules::FIELD_VALUE,
                    &at.join(&key.name),
                    format!(
                        "`{}` is not a response key: use an HTTP status code, a range such as `4XX`, or `default`",
                        key.name
                    ),
                    None,
                );
            }
            self.ty(
                file,
                response,
                &at.join(&key.name),
                Ty::RefOr(Kind::Response),
            );
        }
        if !any {
            self.findings.report(
                node.span,
                &rules::MISSING_FIELD,
                at,
                "an operation must document at least one response".into(),
                None,
            );
        }
    }
}

fn is_status_key(key: &str) -> bool {
    let b = key.as_bytes();
    key == "default"
        || (b.len() == 3
            && (b'1'..=b'5').contains(&b[0])
            && ((b[1].is_ascii_digit() && b[2].is_ascii_digit()) || &key[1..] == "XX"))
}

fn article(kind: &str) -> String {
    match kind.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

/// The known name nearest to a misspelt one, when it is near enough to suggest.
fn closest<'n>(name: &str, known: &[&'n str]) -> Option<&'n str> {
    known
        .iter()
        .map(|k| (distance(&name.to_lowercase(), &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// What a number that is not finite is, in words: NaN, infinity or negative infinity.
pub(super) fn non_finite_kind(n: f64) -> &'static str {
    if n.is_nan() {
        "NaN (not a number)"
    } else if n < 0.0 {
        "negative infinity"
    } else {
        "infinity"
    }
}
