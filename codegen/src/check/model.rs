//! The OpenAPI object model as data, for 3.0 and 3.1: which fields each object has, of which
//! type, and which are required. The structure walk reads it; nothing else should encode the
//! model. 3.1 differs in a few objects (`webhooks`, optional `paths`, `pathItems`, `summary`,
//! `identifier`) and in its Schema Object, which is JSON Schema 2020-12's.

use crate::load::Dialect;

/// The kinds of OpenAPI objects the walk tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The OpenAPI Object: the root of a document.
    OpenApi,
    /// The Info Object: title, version and description of the API.
    Info,
    /// The Contact Object of `info`.
    Contact,
    /// The License Object of `info`.
    License,
    /// A Server Object: a base URL, perhaps with variables.
    Server,
    /// A Server Variable Object: one `{name}` of a server URL.
    ServerVariable,
    /// The Components Object: the reusable definitions.
    Components,
    /// The Paths Object: path templates to Path Items.
    Paths,
    /// 3.1's `webhooks`: webhook names to Path Items.
    Webhooks,
    /// A Path Item Object: the operations of one path.
    PathItem,
    /// An Operation Object: one method of a path.
    Operation,
    /// An External Documentation Object.
    ExternalDocs,
    /// A Parameter Object.
    Parameter,
    /// A Header Object.
    Header,
    /// A Request Body Object.
    RequestBody,
    /// A Media Type Object: the schema and examples of one media type.
    MediaType,
    /// An Encoding Object: how one property of a form or multipart body is encoded.
    Encoding,
    /// A Responses Object: status codes to responses.
    Responses,
    /// A Response Object.
    Response,
    /// A Callback Object: expressions to Path Items.
    Callback,
    /// An Example Object.
    Example,
    /// A Link Object.
    Link,
    /// A Tag Object.
    Tag,
    /// A Schema Object.
    Schema,
    /// A Discriminator Object of a schema.
    Discriminator,
    /// An XML Object of a schema.
    Xml,
    /// A Security Scheme Object.
    SecurityScheme,
    /// An OAuth Flows Object of an `oauth2` security scheme.
    OAuthFlows,
    /// An OAuth Flow Object: one flow of an OAuth Flows Object.
    OAuthFlow,
    /// A Security Requirement Object: scheme names to scopes.
    SecurityRequirement,
}

/// The type a field's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A string.
    Str,
    /// A boolean.
    Bool,
    /// A number, integer or not.
    Num,
    /// A non-negative integer (lengths and counts).
    Count,
    /// Any value; its type is not checked.
    Any,
    /// An object of that kind, written in place (not a Reference Object).
    Obj(Kind),
    /// The object or a Reference Object pointing at one.
    RefOr(Kind),
    /// An object with free keys whose every value has that type.
    Map(&'static Ty),
    /// An array whose every item has that type.
    List(&'static Ty),
    /// A string or an array of strings (3.1's `type`).
    StrOrList,
    /// `additionalProperties`: a boolean or a schema.
    BoolOrSchema,
    /// A 3.1 schema: a Schema Object, `$ref` beside other keywords, or `true`/`false`.
    Schema31,
}

/// One fixed field of an object.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The field's key as written in the object (`operationId`).
    pub name: &'static str,
    /// The type its value must have.
    pub ty: Ty,
    /// Whether the object must have the field (else `missing-field`).
    pub required: bool,
}

const fn f(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

const STR_LIST: Ty = Ty::List(&Ty::Str);
const SERVERS: Ty = Ty::List(&Ty::Obj(Kind::Server));
const SECURITY: Ty = Ty::List(&Ty::Obj(Kind::SecurityRequirement));
const PARAMS: Ty = Ty::List(&Ty::RefOr(Kind::Parameter));
const SCHEMA: Ty = Ty::RefOr(Kind::Schema);
const SCHEMA_LIST: Ty = Ty::List(&SCHEMA);
const EXAMPLES: Ty = Ty::Map(&Ty::RefOr(Kind::Example));
const CONTENT: Ty = Ty::Map(&Ty::Obj(Kind::MediaType));
const HEADERS: Ty = Ty::Map(&Ty::RefOr(Kind::Header));

/// HTTP methods a Path Item can hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The fixed fields of `kind` in `dialect`. Kinds whose keys are free (Paths, Responses,
/// Callback, SecurityRequirement) have none here; the walk handles their entries.
pub fn fields(kind: Kind, dialect: Dialect) -> &'static [Field] {
    match dialect {
        Dialect::V30 => fields_30(kind),
        Dialect::V31 => fields_31(kind).unwrap_or_else(|| fields_30(kind)),
    }
}

const SCHEMA_31: Ty = Ty::Schema31;
const SCHEMA_31_LIST: Ty = Ty::List(&SCHEMA_31);
const SCHEMA_31_MAP: Ty = Ty::Map(&SCHEMA_31);

/// The objects whose fields 3.1 changed, with their 3.1 fields. (Every place a 3.0 object
/// takes a schema takes a 3.1 schema in 3.1: the walk reads `SCHEMA` so.)
fn fields_31(kind: Kind) -> Option<&'static [Field]> {
    use Kind as K;
    Some(match kind {
        K::OpenApi => {
            const {
                &[
                    req("openapi", Ty::Str),
                    req("info", Ty::Obj(K::Info)),
                    f("jsonSchemaDialect", Ty::Str),
                    f("servers", SERVERS),
                    f("paths", Ty::Obj(K::Paths)),
                    f("webhooks", Ty::Obj(K::Webhooks)),
                    f("components", Ty::Obj(K::Components)),
                    f("security", SECURITY),
                    f("tags", Ty::List(&Ty::Obj(K::Tag))),
                    f("externalDocs", Ty::Obj(K::ExternalDocs)),
                ]
            }
        }
        K::Info => {
            const {
                &[
                    req("title", Ty::Str),
                    f("summary", Ty::Str),
                    f("description", Ty::Str),
                    f("termsOfService", Ty::Str),
                    f("contact", Ty::Obj(K::Contact)),
                    f("license", Ty::Obj(K::License)),
                    req("version", Ty::Str),
                ]
            }
        }
        K::License => {
            const {
                &[
                    req("name", Ty::Str),
                    f("identifier", Ty::Str),
                    f("url", Ty::Str),
                ]
            }
        }
        K::Components => {
            const {
                &[
                    f("schemas", Ty::Map(&SCHEMA)),
                    f("responses", Ty::Map(&Ty::RefOr(K::Response))),
                    f("parameters", Ty::Map(&Ty::RefOr(K::Parameter))),
                    f("examples", EXAMPLES),
                    f("requestBodies", Ty::Map(&Ty::RefOr(K::RequestBody))),
                    f("headers", HEADERS),
                    f("securitySchemes", Ty::Map(&Ty::RefOr(K::SecurityScheme))),
                    f("links", Ty::Map(&Ty::RefOr(K::Link))),
                    f("callbacks", Ty::Map(&Ty::RefOr(K::Callback))),
                    f("pathItems", Ty::Map(&Ty::RefOr(K::PathItem))),
                ]
            }
        }
        K::Operation => {
            const {
                &[
                    f("tags", STR_LIST),
                    f("summary", Ty::Str),
                    f("description", Ty::Str),
                    f("externalDocs", Ty::Obj(K::ExternalDocs)),
                    f("operationId", Ty::Str),
                    f("parameters", PARAMS),
                    f("requestBody", Ty::RefOr(K::RequestBody)),
                    f("responses", Ty::Obj(K::Responses)),
                    f("callbacks", Ty::Map(&Ty::RefOr(K::Callback))),
                    f("deprecated", Ty::Bool),
                    f("security", SECURITY),
                    f("servers", SERVERS),
                ]
            }
        }
        K::Schema => {
            const {
                &[
                    // The core and applicator vocabularies.
                    f("$ref", Ty::Str),
                    f("$id", Ty::Str),
                    f("$schema", Ty::Str),
                    f("$anchor", Ty::Str),
                    f("$dynamicRef", Ty::Str),
                    f("$dynamicAnchor", Ty::Str),
                    f("$vocabulary", Ty::Any),
                    f("$comment", Ty::Str),
                    f("$defs", SCHEMA_31_MAP),
                    f("allOf", SCHEMA_31_LIST),
                    f("anyOf", SCHEMA_31_LIST),
                    f("oneOf", SCHEMA_31_LIST),
                    f("not", SCHEMA_31),
                    f("if", SCHEMA_31),
                    f("then", SCHEMA_31),
                    f("else", SCHEMA_31),
                    f("dependentSchemas", SCHEMA_31_MAP),
                    f("prefixItems", SCHEMA_31_LIST),
                    f("items", SCHEMA_31),
                    f("contains", SCHEMA_31),
                    f("properties", SCHEMA_31_MAP),
                    f("patternProperties", SCHEMA_31_MAP),
                    f("additionalProperties", SCHEMA_31),
                    f("propertyNames", SCHEMA_31),
                    f("unevaluatedItems", SCHEMA_31),
                    f("unevaluatedProperties", SCHEMA_31),
                    // Validation.
                    f("type", Ty::StrOrList),
                    f("const", Ty::Any),
                    f("enum", Ty::List(&Ty::Any)),
                    f("multipleOf", Ty::Num),
                    f("maximum", Ty::Num),
                    f("exclusiveMaximum", Ty::Num),
                    f("minimum", Ty::Num),
                    f("exclusiveMinimum", Ty::Num),
                    f("maxLength", Ty::Count),
                    f("minLength", Ty::Count),
                    f("pattern", Ty::Str),
                    f("maxItems", Ty::Count),
                    f("minItems", Ty::Count),
                    f("uniqueItems", Ty::Bool),
                    f("maxContains", Ty::Count),
                    f("minContains", Ty::Count),
                    f("maxProperties", Ty::Count),
                    f("minProperties", Ty::Count),
                    f("required", STR_LIST),
                    f("dependentRequired", Ty::Map(&STR_LIST)),
                    // Format, content and meta-data.
                    f("format", Ty::Str),
                    f("contentEncoding", Ty::Str),
                    f("contentMediaType", Ty::Str),
                    f("contentSchema", SCHEMA_31),
                    f("title", Ty::Str),
                    f("description", Ty::Str),
                    f("default", Ty::Any),
                    f("deprecated", Ty::Bool),
                    f("readOnly", Ty::Bool),
                    f("writeOnly", Ty::Bool),
                    f("examples", Ty::List(&Ty::Any)),
                    // OpenAPI's own.
                    f("discriminator", Ty::Obj(K::Discriminator)),
                    f("xml", Ty::Obj(K::Xml)),
                    f("externalDocs", Ty::Obj(K::ExternalDocs)),
                    f("example", Ty::Any),
                ]
            }
        }
        _ => return None,
    })
}

/// The fields of `kind` in OpenAPI 3.0.
fn fields_30(kind: Kind) -> &'static [Field] {
    use Kind as K;
    match kind {
        K::OpenApi => {
            const {
                &[
                    req("openapi", Ty::Str),
                    req("info", Ty::Obj(K::Info)),
                    f("servers", SERVERS),
                    req("paths", Ty::Obj(K::Paths)),
                    f("components", Ty::Obj(K::Components)),
                    f("security", SECURITY),
                    f("tags", Ty::List(&Ty::Obj(K::Tag))),
                    f("externalDocs", Ty::Obj(K::ExternalDocs)),
                ]
            }
        }
        K::Info => {
            const {
                &[
                    req("title", Ty::Str),
                    f("description", Ty::Str),
                    f("termsOfService", Ty::Str),
                    f("contact", Ty::Obj(K::Contact)),
                    f("license", Ty::Obj(K::License)),
                    req("version", Ty::Str),
                ]
            }
        }
        K::Contact => const { &[f("name", Ty::Str), f("url", Ty::Str), f("email", Ty::Str)] },
        K::License => const { &[req("name", Ty::Str), f("url", Ty::Str)] },
        K::Server => {
            const {
                &[
                    req("url", Ty::Str),
                    f("description", Ty::Str),
                    f("variables", Ty::Map(&Ty::Obj(K::ServerVariable))),
                ]
            }
        }
        K::ServerVariable => {
            const {
                &[
                    f("enum", STR_LIST),
                    req("default", Ty::Str),
                    f("description", Ty::Str),
                ]
            }
        }
        K::Components => {
            const {
                &[
                    f("schemas", Ty::Map(&SCHEMA)),
                    f("responses", Ty::Map(&Ty::RefOr(K::Response))),
                    f("parameters", Ty::Map(&Ty::RefOr(K::Parameter))),
                    f("examples", EXAMPLES),
                    f("requestBodies", Ty::Map(&Ty::RefOr(K::RequestBody))),
                    f("headers", HEADERS),
                    f("securitySchemes", Ty::Map(&Ty::RefOr(K::SecurityScheme))),
                    f("links", Ty::Map(&Ty::RefOr(K::Link))),
                    f("callbacks", Ty::Map(&Ty::RefOr(K::Callback))),
                ]
            }
        }
        K::PathItem => {
            const {
                &[
                    f("$ref", Ty::Str),
                    f("summary", Ty::Str),
                    f("description", Ty::Str),
                    f("get", Ty::Obj(K::Operation)),
                    f("put", Ty::Obj(K::Operation)),
                    f("post", Ty::Obj(K::Operation)),
                    f("delete", Ty::Obj(K::Operation)),
                    f("options", Ty::Obj(K::Operation)),
                    f("head", Ty::Obj(K::Operation)),
                    f("patch", Ty::Obj(K::Operation)),
                    f("trace", Ty::Obj(K::Operation)),
                    f("servers", SERVERS),
                    f("parameters", PARAMS),
                ]
            }
        }
        K::Operation => {
            const {
                &[
                    f("tags", STR_LIST),
                    f("summary", Ty::Str),
                    f("description", Ty::Str),
                    f("externalDocs", Ty::Obj(K::ExternalDocs)),
                    f("operationId", Ty::Str),
                    f("parameters", PARAMS),
                    f("requestBody", Ty::RefOr(K::RequestBody)),
                    req("responses", Ty::Obj(K::Responses)),
                    f("callbacks", Ty::Map(&Ty::RefOr(K::Callback))),
                    f("deprecated", Ty::Bool),
                    f("security", SECURITY),
                    f("servers", SERVERS),
                ]
            }
        }
        K::ExternalDocs => const { &[f("description", Ty::Str), req("url", Ty::Str)] },
        K::Parameter => {
            const {
                &[
                    req("name", Ty::Str),
                    req("in", Ty::Str),
                    f("description", Ty::Str),
                    f("required", Ty::Bool),
                    f("deprecated", Ty::Bool),
                    f("allowEmptyValue", Ty::Bool),
                    f("style", Ty::Str),
                    f("explode", Ty::Bool),
                    f("allowReserved", Ty::Bool),
                    f("schema", SCHEMA),
                    f("example", Ty::Any),
                    f("examples", EXAMPLES),
                    f("content", CONTENT),
                ]
            }
        }
        K::Header => {
            const {
                &[
                    f("description", Ty::Str),
                    f("required", Ty::Bool),
                    f("deprecated", Ty::Bool),
                    f("allowEmptyValue", Ty::Bool),
                    f("style", Ty::Str),
                    f("explode", Ty::Bool),
                    f("allowReserved", Ty::Bool),
                    f("schema", SCHEMA),
                    f("example", Ty::Any),
                    f("examples", EXAMPLES),
                    f("content", CONTENT),
                ]
            }
        }
        K::RequestBody => {
            const {
                &[
                    f("description", Ty::Str),
                    req("content", CONTENT),
                    f("required", Ty::Bool),
                ]
            }
        }
        K::MediaType => {
            const {
                &[
                    f("schema", SCHEMA),
                    f("example", Ty::Any),
                    f("examples", EXAMPLES),
                    f("encoding", Ty::Map(&Ty::Obj(K::Encoding))),
                ]
            }
        }
        K::Encoding => {
            const {
                &[
                    f("contentType", Ty::Str),
                    f("headers", HEADERS),
                    f("style", Ty::Str),
                    f("explode", Ty::Bool),
                    f("allowReserved", Ty::Bool),
                ]
            }
        }
        K::Response => {
            const {
                &[
                    req("description", Ty::Str),
                    f("headers", HEADERS),
                    f("content", CONTENT),
                    f("links", Ty::Map(&Ty::RefOr(K::Link))),
                ]
            }
        }
        K::Example => {
            const {
                &[
                    f("summary", Ty::Str),
                    f("description", Ty::Str),
                    f("value", Ty::Any),
                    f("externalValue", Ty::Str),
                ]
            }
        }
        K::Link => {
            const {
                &[
                    f("operationRef", Ty::Str),
                    f("operationId", Ty::Str),
                    f("parameters", Ty::Map(&Ty::Any)),
                    f("requestBody", Ty::Any),
                    f("description", Ty::Str),
                    f("server", Ty::Obj(K::Server)),
                ]
            }
        }
        K::Tag => {
            const {
                &[
                    req("name", Ty::Str),
                    f("description", Ty::Str),
                    f("externalDocs", Ty::Obj(K::ExternalDocs)),
                ]
            }
        }
        K::Schema => {
            const {
                &[
                    f("title", Ty::Str),
                    f("multipleOf", Ty::Num),
                    f("maximum", Ty::Num),
                    f("exclusiveMaximum", Ty::Bool),
                    f("minimum", Ty::Num),
                    f("exclusiveMinimum", Ty::Bool),
                    f("maxLength", Ty::Count),
                    f("minLength", Ty::Count),
                    f("pattern", Ty::Str),
                    f("maxItems", Ty::Count),
                    f("minItems", Ty::Count),
                    f("uniqueItems", Ty::Bool),
                    f("maxProperties", Ty::Count),
                    f("minProperties", Ty::Count),
                    f("required", STR_LIST),
                    f("enum", Ty::List(&Ty::Any)),
                    f("type", Ty::Str),
                    f("allOf", SCHEMA_LIST),
                    f("oneOf", SCHEMA_LIST),
                    f("anyOf", SCHEMA_LIST),
                    f("not", SCHEMA),
                    f("items", SCHEMA),
                    f("properties", Ty::Map(&SCHEMA)),
                    f("additionalProperties", Ty::BoolOrSchema),
                    f("description", Ty::Str),
                    f("format", Ty::Str),
                    f("default", Ty::Any),
                    f("nullable", Ty::Bool),
                    f("discriminator", Ty::Obj(K::Discriminator)),
                    f("readOnly", Ty::Bool),
                    f("writeOnly", Ty::Bool),
                    f("xml", Ty::Obj(K::Xml)),
                    f("externalDocs", Ty::Obj(K::ExternalDocs)),
                    f("example", Ty::Any),
                    f("deprecated", Ty::Bool),
                ]
            }
        }
        K::Discriminator => {
            const {
                &[
                    req("propertyName", Ty::Str),
                    f("mapping", Ty::Map(&Ty::Str)),
                ]
            }
        }
        K::Xml => {
            const {
                &[
                    f("name", Ty::Str),
                    f("namespace", Ty::Str),
                    f("prefix", Ty::Str),
                    f("attribute", Ty::Bool),
                    f("wrapped", Ty::Bool),
                ]
            }
        }
        K::SecurityScheme => {
            const {
                &[
                    req("type", Ty::Str),
                    f("description", Ty::Str),
                    f("name", Ty::Str),
                    f("in", Ty::Str),
                    f("scheme", Ty::Str),
                    f("bearerFormat", Ty::Str),
                    f("flows", Ty::Obj(K::OAuthFlows)),
                    f("openIdConnectUrl", Ty::Str),
                ]
            }
        }
        K::OAuthFlows => {
            const {
                &[
                    f("implicit", Ty::Obj(K::OAuthFlow)),
                    f("password", Ty::Obj(K::OAuthFlow)),
                    f("clientCredentials", Ty::Obj(K::OAuthFlow)),
                    f("authorizationCode", Ty::Obj(K::OAuthFlow)),
                ]
            }
        }
        K::OAuthFlow => {
            const {
                &[
                    f("authorizationUrl", Ty::Str),
                    f("tokenUrl", Ty::Str),
                    f("refreshUrl", Ty::Str),
                    req("scopes", Ty::Map(&Ty::Str)),
                ]
            }
        }
        K::Paths | K::Webhooks | K::Responses | K::Callback | K::SecurityRequirement => &[],
    }
}

/// The name messages use for `kind`.
pub fn kind_name(kind: Kind) -> &'static str {
    use Kind as K;
    match kind {
        K::OpenApi => "OpenAPI Object",
        K::Info => "Info Object",
        K::Contact => "Contact Object",
        K::License => "License Object",
        K::Server => "Server Object",
        K::ServerVariable => "Server Variable Object",
        K::Components => "Components Object",
        K::Paths => "Paths Object",
        K::Webhooks => "webhooks map",
        K::PathItem => "Path Item Object",
        K::Operation => "Operation Object",
        K::ExternalDocs => "External Documentation Object",
        K::Parameter => "Parameter Object",
        K::Header => "Header Object",
        K::RequestBody => "Request Body Object",
        K::MediaType => "Media Type Object",
        K::Encoding => "Encoding Object",
        K::Responses => "Responses Object",
        K::Response => "Response Object",
        K::Callback => "Callback Object",
        K::Example => "Example Object",
        K::Link => "Link Object",
        K::Tag => "Tag Object",
        K::Schema => "Schema Object",
        K::Discriminator => "Discriminator Object",
        K::Xml => "XML Object",
        K::SecurityScheme => "Security Scheme Object",
        K::OAuthFlows => "OAuth Flows Object",
        K::OAuthFlow => "OAuth Flow Object",
        K::SecurityRequirement => "Security Requirement Object",
    }
}
