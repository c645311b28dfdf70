//! The operations of the documents, read once at start: what each takes (parameters, body,
//! credentials) and what it answers (statuses, their schemas and examples). Schemas stay in
//! the loaded documents and are named by where they are, so requests are judged by the
//! generator's own evaluator against the very nodes the client was generated from.

use hwcloud_codegen::base::security::{self, KeyIn, SchemeReading};
use hwcloud_codegen::ir::StatusKey as Status;
use hwcloud_codegen::load::node::{escape_token, Node};
use hwcloud_codegen::load::source::FileId;
use hwcloud_codegen::load::DocSet;
use serde_json::Value as Json;

use crate::route::Template;

/// Where a schema is: a file and the JSON pointer of the node inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaAt {
    /// The file the schema is written in.
    pub file: FileId,
    /// The pointer of the schema node in that file (`/components/schemas/Tag`).
    pub pointer: String,
}

impl SchemaAt {
    /// The schema node, in `docs` (the set this was read from).
    pub fn node<'d>(&self, docs: &'d DocSet) -> Option<&'d Node> {
        docs.tree(self.file)?.pointer(&self.pointer)
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum In {
    /// A segment of the path.
    Path,
    /// A pair of the query string.
    Query,
    /// A header.
    Header,
    /// A pair of the `Cookie` header.
    Cookie,
}

impl In {
    /// The part of a request, as the client's validation names it (`path /instance_id`).
    pub fn as_str(self) -> &'static str {
        match self {
            In::Path => "path",
            In::Query => "query",
            In::Header => "header",
            In::Cookie => "cookie",
        }
    }
}

/// A parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// Its name on the wire.
    pub name: String,
    /// Where it goes.
    pub location: In,
    /// Whether a request must carry it (path parameters always must).
    pub required: bool,
    /// Its `schema`, when it has one.
    pub schema: Option<SchemaAt>,
    /// `explode` of a query array (`form` style): one pair per item when true (the default).
    pub explode: bool,
}

/// An operation's request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// `required: true`.
    pub required: bool,
    /// Each media type it may come in, with its schema.
    pub media: Vec<(String, Option<SchemaAt>)>,
}

/// One documented response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The statuses it stands for.
    pub status: Status,
    /// The media type of its body and the body's schema (`None`: no body).
    pub media: Option<(String, Option<SchemaAt>)>,
    /// Its examples by name: `example` as `default`, then the entries of `examples`.
    pub examples: Vec<(String, Json)>,
}

/// The credentials an operation accepts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Security {
    /// An IAM token in `X-Auth-Token` (an `apiKey` scheme of that header).
    pub token: bool,
    /// An AK/SK signature (a scheme with `x-hwcloud-signing`).
    pub signature: bool,
    /// No credential at all (`security: []`, or an empty requirement).
    pub anonymous: bool,
    /// The alternatives of the document's own schemes (not Huawei's), each a set that must
    /// all be present.
    pub schemes: Vec<Vec<Scheme>>,
}

/// A scheme of the document's own, as a request shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// `apiKey`: a header, query parameter or cookie of that name.
    ApiKey(In, String),
    /// `Authorization: Bearer ...`: `http` bearer, `oauth2`, `openIdConnect`.
    Bearer,
    /// `Authorization: Basic ...`: `http` basic.
    Basic,
}

/// One operation of a document.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`, or `METHOD /path` when it has none.
    pub id: String,
    /// The HTTP method, upper case.
    pub method: http::Method,
    /// The path template.
    pub template: Template,
    /// Its parameters, the Path Item's included.
    pub params: Vec<Param>,
    /// Its request body.
    pub body: Option<Body>,
    /// Its responses, by status: codes, then ranges, then `default`.
    pub responses: Vec<Response>,
    /// The credentials it accepts.
    pub security: Security,
}

impl Operation {
    /// The response documented for `code`: its code, else its range, else `default`.
    pub fn response_for(&self, code: u16) -> Option<&Response> {
        self.responses.iter().find(|r| r.status.covers(code))
    }

    /// The first documented success (2xx) code, or 200.
    pub fn success(&self) -> u16 {
        self.responses
            .iter()
            .find_map(|r| match r.status {
                Status::Code(c) if (200..300).contains(&c) => Some(c),
                _ => None,
            })
            .unwrap_or(200)
    }

    /// The status for a refused request: 400 when documented, else 422 (what FastAPI and
    /// others answer a request that breaks its schema), else the first documented 4xx code
    /// that says nothing else (not 401, 403, 404, 405, 409, 413 or 415), else 400.
    pub fn bad_request_status(&self) -> u16 {
        const MEAN_SOMETHING_ELSE: [u16; 7] = [401, 403, 404, 405, 409, 413, 415];
        let codes = self.responses.iter().filter_map(|r| match r.status {
            Status::Code(c) if (400..500).contains(&c) => Some(c),
            _ => None,
        });
        let codes: Vec<u16> = codes.collect();
        [400, 422]
            .into_iter()
            .find(|c| codes.contains(c))
            .or_else(|| {
                let mut other = codes.iter().filter(|c| !MEAN_SOMETHING_ELSE.contains(c));
                other.next().copied()
            })
            .unwrap_or(400)
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of the entry documents of `docs`, in document order.
pub fn operations(docs: &DocSet) -> Vec<Operation> {
    let mut out = Vec::new();
    for &file in &docs.entries {
        let Some(root) = docs.tree(file) else {
            continue;
        };
        let top_security = root.get("security");
        let Some(paths) = root.get("paths").and_then(Node::as_map) else {
            continue;
        };
        for (path, item) in paths {
            let item_at = format!("/paths/{}", escape_token(&path.name));
            let Some((item_file, item, item_at)) = follow(docs, file, item, item_at) else {
                continue;
            };
            let shared = item.get("parameters");
            for method in METHODS {
                let Some(op) = item.get(method) else {
                    continue;
                };
                let op_at = format!("{item_at}/{method}");
                let read = Reader {
                    docs,
                    file: item_file,
                    entry: file,
                };
                out.push(read.operation(
                    &path.name,
                    method,
                    op,
                    &op_at,
                    shared,
                    &item_at,
                    top_security,
                ));
            }
        }
    }
    out
}

/// Follows `$ref`s from `node` (at `pointer` in `file`) to the node they end at.
fn follow<'d>(
    docs: &'d DocSet,
    mut file: FileId,
    mut node: &'d Node,
    mut pointer: String,
) -> Option<(FileId, &'d Node, String)> {
    for _ in 0..32 {
        let Some(reference) = node.get("$ref").and_then(Node::as_str) else {
            return Some((file, node, pointer));
        };
        let target = docs.resolve(file, reference).ok()?;
        file = target.file;
        node = target.node;
        pointer = reference
            .split_once('#')
            .map(|(_, p)| p)
            .unwrap_or("")
            .to_owned();
    }
    None
}

/// Reads the parts of one operation written in one file.
struct Reader<'d> {
    docs: &'d DocSet,
    file: FileId,
    /// The document the operation belongs to, whose security schemes apply.
    entry: FileId,
}

impl<'d> Reader<'d> {
    #[allow(clippy::too_many_arguments)]
    fn operation(
        &self,
        path: &str,
        method: &str,
        op: &'d Node,
        op_at: &str,
        shared: Option<&'d Node>,
        item_at: &str,
        top_security: Option<&'d Node>,
    ) -> Operation {
        let method_upper = method.to_ascii_uppercase();
        let id = op
            .get("operationId")
            .and_then(Node::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("{method_upper} {path}"));
        let mut params = self.params(shared, &format!("{item_at}/parameters"));
        for own in self.params(op.get("parameters"), &format!("{op_at}/parameters")) {
            params.retain(|p| !(p.name == own.name && p.location == own.location));
            params.push(own);
        }
        Operation {
            id,
            method: http::Method::from_bytes(method_upper.as_bytes()).unwrap_or(http::Method::GET),
            template: Template::parse(path),
            params,
            body: self.body(op.get("requestBody"), format!("{op_at}/requestBody")),
            responses: self.responses(op.get("responses"), &format!("{op_at}/responses")),
            security: self.security(op.get("security").or(top_security)),
        }
    }

    fn params(&self, list: Option<&'d Node>, at: &str) -> Vec<Param> {
        let Some(list) = list.and_then(Node::as_seq) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let Some((file, node, pointer)) =
                follow(self.docs, self.file, entry, format!("{at}/{i}"))
            else {
                continue;
            };
            let (Some(name), Some(location)) = (
                node.get("name").and_then(Node::as_str),
                node.get("in").and_then(Node::as_str),
            ) else {
                continue;
            };
            let location = match location {
                "path" => In::Path,
                "query" => In::Query,
                "header" => In::Header,
                "cookie" => In::Cookie,
                _ => continue,
            };
            out.push(Param {
                name: name.to_owned(),
                location,
                required: location == In::Path
                    || node.get("required").and_then(Node::as_bool) == Some(true),
                schema: node.get("schema").map(|_| SchemaAt {
                    file,
                    pointer: format!("{pointer}/schema"),
                }),
                explode: node.get("explode").and_then(Node::as_bool).unwrap_or(true),
            });
        }
        out
    }

    fn body(&self, node: Option<&'d Node>, at: String) -> Option<Body> {
        let (file, node, at) = follow(self.docs, self.file, node?, at)?;
        let media = node
            .get("content")
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|(key, media)| {
                let schema = media.get("schema").map(|_| SchemaAt {
                    file,
                    pointer: format!("{at}/content/{}/schema", escape_token(&key.name)),
                });
                (key.name.clone(), schema)
            })
            .collect();
        Some(Body {
            required: node.get("required").and_then(Node::as_bool) == Some(true),
            media,
        })
    }

    fn responses(&self, node: Option<&'d Node>, at: &str) -> Vec<Response> {
        let mut out = Vec::new();
        for (key, entry) in node.and_then(Node::as_map).unwrap_or(&[]) {
            let Some(status) = Status::parse(&key.name) else {
                continue;
            };
            let entry_at = format!("{at}/{}", escape_token(&key.name));
            let Some((file, node, at)) = follow(self.docs, self.file, entry, entry_at) else {
                continue;
            };
            let content = node.get("content").and_then(Node::as_map).unwrap_or(&[]);
            // JSON when offered, as the client asks for it.
            let chosen = content
                .iter()
                .find(|(k, _)| k.name.contains("json"))
                .or_else(|| content.first());
            let (media, examples) = match chosen {
                Some((key, media)) => {
                    let schema = media.get("schema").map(|_| SchemaAt {
                        file,
                        pointer: format!("{at}/content/{}/schema", escape_token(&key.name)),
                    });
                    (Some((key.name.clone(), schema)), self.examples(file, media))
                }
                None => (None, Vec::new()),
            };
            out.push(Response {
                status,
                media,
                examples,
            });
        }
        out.sort_by_key(|r| r.status);
        out
    }

    /// A media type's examples: `example` (named `default`), then each of `examples`.
    fn examples(&self, file: FileId, media: &'d Node) -> Vec<(String, Json)> {
        let mut out = Vec::new();
        if let Some(example) = media.get("example") {
            out.push(("default".to_owned(), example.to_json()));
        }
        for (key, entry) in media.get("examples").and_then(Node::as_map).unwrap_or(&[]) {
            let resolved = follow(self.docs, file, entry, String::new());
            if let Some(value) = resolved.and_then(|(_, node, _)| node.get("value")) {
                out.push((key.name.clone(), value.to_json()));
            }
        }
        out
    }

    fn security(&self, requirements: Option<&'d Node>) -> Security {
        let Some(requirements) = requirements.and_then(Node::as_seq) else {
            return Security {
                anonymous: true,
                ..Security::default()
            };
        };
        let mut security = Security {
            anonymous: requirements.is_empty(),
            ..Security::default()
        };
        let schemes = self
            .docs
            .tree(self.entry)
            .and_then(|root| root.pointer("/components/securitySchemes"));
        for requirement in requirements {
            let names = requirement.as_map().unwrap_or(&[]);
            if names.is_empty() {
                security.anonymous = true;
            }
            let mut own = Vec::new();
            let mut unmet = false;
            for (name, _) in names {
                let Some(scheme) = schemes.and_then(|s| s.get(&name.name)) else {
                    continue;
                };
                let Some((_, scheme, _)) = follow(self.docs, self.entry, scheme, String::new())
                else {
                    continue;
                };
                let location = |key_in| match key_in {
                    KeyIn::Header => In::Header,
                    KeyIn::Query => In::Query,
                    KeyIn::Cookie => In::Cookie,
                };
                match security::read(scheme) {
                    SchemeReading::HuaweiSignature => security.signature = true,
                    SchemeReading::HuaweiToken => security.token = true,
                    SchemeReading::ApiKey(key_in, name) => {
                        own.push(Scheme::ApiKey(location(key_in), name.to_owned()))
                    }
                    SchemeReading::Basic => own.push(Scheme::Basic),
                    SchemeReading::Bearer
                    | SchemeReading::OAuth2
                    | SchemeReading::OpenIdConnect => own.push(Scheme::Bearer),
                    // A scheme a request cannot show (`mutualTLS`, `digest`): the alternative
                    // needs it too, so it is never met, rather than met by the others alone.
                    SchemeReading::OtherHttp(_)
                    | SchemeReading::MutualTls
                    | SchemeReading::Invalid => unmet = true,
                }
            }
            if !own.is_empty() && !unmet {
                security.schemes.push(own);
            }
        }
        security
    }
}
