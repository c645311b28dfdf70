//! The intermediate representation the emitters read: one [`Api`] per document, with its
//! types, operations and servers already named, resolved and checked. Emitters never look
//! at the document tree.

use std::collections::BTreeMap;

/// One document, ready to emit as one Rust module.
#[derive(Debug, Clone)]
pub struct Api {
    /// The module name (from the file name: `vpc.yaml` gives `vpc`).
    pub module: String,
    /// The document's path as the header comment names it.
    pub source: String,
    /// `info.title` of the document (empty when missing).
    pub title: String,
    /// `info.description` of the document.
    pub description: Option<String>,
    /// `info.version` of the document (empty when missing).
    pub version: String,
    /// The entries of `servers` that have a `url`, in document order.
    pub servers: Vec<Server>,
    /// Named types by Rust name (sorted: output order never depends on discovery order).
    pub types: BTreeMap<String, TypeDef>,
    /// Operations sorted by their Rust method name.
    pub operations: Vec<Operation>,
    /// 3.1's webhooks with a JSON payload, sorted by name.
    pub webhooks: Vec<Webhook>,
}

/// A webhook: a request the API sends to a URL of the user's, with the type of its payload.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The webhook's key in `webhooks`, as written (`newPet`).
    pub name: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The Rust name of its payload alias and variant (`NewPet`).
    pub rust_name: String,
    /// The operation's summary and description.
    pub doc: Docs,
    /// What the request body decodes to.
    pub payload: TypeRef,
}

/// A base URL template and the regions it serves (empty: any region).
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL with `{region}` kept and every other variable replaced by its default.
    pub url: String,
    /// The `enum` of the URL's `region` variable (empty: any region).
    pub regions: Vec<String>,
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name (`UpperCamelCase`, unique in the module).
    pub name: String,
    /// Documentation from the schema.
    pub doc: Docs,
    /// What the type is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object schema, its `allOf` members merged: a struct.
    Struct {
        /// One per property, those of `allOf` members first, in document order.
        fields: Vec<Field>,
        /// `additionalProperties` with a schema: extra entries kept in a map.
        additional: Option<TypeRef>,
        /// 3.1's `dependentRequired`: a property (by JSON name) and those it needs present
        /// when it is, in document order (`allOf` members' first).
        dependencies: Vec<(String, Vec<String>)>,
    },
    /// A string enum; values outside the list decode into `Unknown`.
    StringEnum {
        /// The values listed in `enum`, in document order, each once.
        variants: Vec<Variant<String>>,
        /// A `const`: only its value decodes, no `Unknown` (it tells union members apart).
        closed: bool,
    },
    /// An integer enum (`x-enum-varnames` names the values); serialised as numbers.
    IntEnum {
        /// The values listed in `enum`, in document order, each once.
        variants: Vec<Variant<i64>>,
        /// A `const`: only its value decodes, no `Unknown`.
        closed: bool,
    },
    /// `oneOf`/`anyOf`: the variant the discriminator names, else the first variant the
    /// value decodes as.
    Union {
        /// The variant name (from its type: `String`, `Pet`) and type of each member, in order.
        variants: Vec<(String, TypeRef)>,
        /// The constraints of each variant's value (`anyOf: [{type: number, minimum: 0}, ...]`),
        /// one per variant; empty when no variant has any.
        checks: Vec<Constraints>,
        /// The `discriminator`, when the schema has one.
        tag: Option<Tag>,
    },
    /// A named primitive, array or map (`type Name = ...`), constraints at the use sites; or
    /// an inline type defined exactly like another, which it then names (`lower/dedup.rs`).
    Alias {
        /// The type the name stands for.
        target: TypeRef,
    },
}

/// A union's `discriminator`: the property whose value names the variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The property's name on the wire.
    pub property: String,
    /// Each value the property may take and the index of the variant it selects (from
    /// `mapping`, then the schema names of `$ref` members), in that order, without repeats.
    pub values: Vec<(String, usize)>,
}

/// One value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant<T> {
    /// The Rust variant name (`UpperCamelCase`; `Unknown` is reserved).
    pub name: String,
    /// The value on the wire.
    pub value: T,
    /// The value's description (`x-enum-descriptions`).
    pub doc: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub json_name: String,
    /// The Rust name (`snake_case`, raw for keywords: `r#type`), unique in the struct.
    pub rust_name: String,
    /// The property's documentation (its `$ref` target's when it has none).
    pub doc: Docs,
    /// The field's type.
    pub ty: TypeRef,
    /// Whether the property must be present: `required` lists it and it goes both ways (see
    /// [`Access`]). An optional field is an `Option`.
    pub required: bool,
    /// `readOnly` / `writeOnly`.
    pub access: Access,
    /// The constraints the validator checks on the value.
    pub constraints: Constraints,
}

/// Which way a property travels. One type serves requests and responses, so a property that
/// travels one way only is absent from the other, and optional whatever `required` says
/// (OpenAPI: `required` then applies to one direction only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Access {
    /// Both ways.
    #[default]
    ReadWrite,
    /// `readOnly: true`: set by the service, returned in responses only.
    ReadOnly,
    /// `writeOnly: true`: sent in requests, never returned.
    WriteOnly,
}

/// Documentation gathered from a schema, parameter or operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// A type at a use site.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// `type: string`: a `String`.
    String,
    /// `type: integer`: an `i64`.
    Integer,
    /// `type: number`: an `f64`.
    Number,
    /// `type: boolean`: a `bool`.
    Boolean,
    /// Any JSON value (no type, or a construct kept as raw JSON).
    Any,
    /// A type of the module's own, by its Rust name.
    Named(String),
    /// A named type that contains the current one: boxed to keep the size finite.
    Boxed(String),
    /// `type: array`: a `Vec` of the `items` type.
    Array(Box<TypeRef>),
    /// An object without `properties` (its `additionalProperties` give the value type): a map
    /// from `String` keys.
    Map(Box<TypeRef>),
    /// `nullable: true` (3.0), `null` among the types or an `anyOf` member (3.1).
    Nullable(Box<TypeRef>),
    /// 3.1's `prefixItems` of a fixed length: a tuple, each position its own type.
    Tuple(Vec<TypeRef>),
    /// Raw bytes (`Vec<u8>`): an `application/octet-stream` body, never a JSON value.
    Bytes,
    /// `format: date-time`, when generating with `DateTimeAs::Time`.
    DateTime,
}

impl TypeRef {
    /// Whether the type is named (its own `Validate` implementation checks its content).
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) | TypeRef::Boxed(n) => Some(n),
            _ => None,
        }
    }
}

/// The constraints of one use site, for the validators.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength` of a string, in characters.
    pub min_length: Option<u64>,
    /// `maxLength` of a string, in characters.
    pub max_length: Option<u64>,
    /// Already translated for Rust's engine and checked to compile.
    pub pattern: Option<String>,
    /// `minimum` of a number.
    pub minimum: Option<f64>,
    /// `exclusiveMinimum: true`: the value must be above `minimum`, not equal to it.
    pub exclusive_minimum: bool,
    /// `maximum` of a number.
    pub maximum: Option<f64>,
    /// `exclusiveMaximum: true`: the value must be below `maximum`, not equal to it.
    pub exclusive_maximum: bool,
    /// `multipleOf` of a number: the value must be a whole multiple of it.
    pub multiple_of: Option<f64>,
    /// `minItems` of an array.
    pub min_items: Option<u64>,
    /// `maxItems` of an array.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`: no two items of the array may be equal.
    pub unique_items: bool,
    /// `minProperties` of a map, in entries.
    pub min_properties: Option<u64>,
    /// `maxProperties` of a map, in entries.
    pub max_properties: Option<u64>,
    /// Allowed values of a primitive kept as a primitive (a string enum of a parameter).
    pub one_of: Vec<String>,
    /// Constraints of array items or map values.
    pub items: Option<Box<Constraints>>,
    /// Constraints of a tuple's positions, one per position (empty when none has any).
    pub positions: Vec<Constraints>,
    /// The string rules of a map's keys (3.1's `propertyNames`).
    pub keys: Option<Box<Constraints>>,
    /// The value is a secret (`format: password`, `writeOnly: true`): a broken constraint is
    /// reported without echoing it.
    pub secret: bool,
}

impl Constraints {
    /// The constraints of a value that must satisfy both `self` and `later` (a property two
    /// `allOf` members define): the tighter bound of each pair, the values both allow. Two
    /// different `pattern`s, or `multipleOf`s neither of which divides the other, cannot be
    /// one constraint: `later`'s is kept and the keyword is returned.
    pub fn both(&self, later: &Constraints) -> (Constraints, Vec<&'static str>) {
        fn tighter<T: Copy>(a: Option<T>, b: Option<T>, pick: fn(T, T) -> T) -> Option<T> {
            match (a, b) {
                (Some(a), Some(b)) => Some(pick(a, b)),
                (a, b) => a.or(b),
            }
        }
        // A bound and whether it is exclusive; `lower` says it is a lower bound (the higher
        // value is the tighter one).
        fn bound(
            a: (Option<f64>, bool),
            b: (Option<f64>, bool),
            lower: bool,
        ) -> (Option<f64>, bool) {
            match (a, b) {
                ((Some(x), xe), (Some(y), ye)) if x == y => (Some(x), xe || ye),
                ((Some(x), xe), (Some(y), ye)) => {
                    if (x > y) == lower {
                        (Some(x), xe)
                    } else {
                        (Some(y), ye)
                    }
                }
                ((Some(x), xe), (None, _)) => (Some(x), xe),
                (_, b) => b,
            }
        }
        let mut dropped = Vec::new();
        let pattern = match (&self.pattern, &later.pattern) {
            (Some(a), Some(b)) if a != b => {
                dropped.push("pattern");
                Some(b.clone())
            }
            (a, b) => b.clone().or_else(|| a.clone()),
        };
        let multiple_of = match (self.multiple_of, later.multiple_of) {
            (Some(a), Some(b)) if (a / b).fract() == 0.0 => Some(a),
            (Some(a), Some(b)) if (b / a).fract() == 0.0 => Some(b),
            (Some(_), Some(b)) => {
                dropped.push("multipleOf");
                Some(b)
            }
            (a, b) => b.or(a),
        };
        let (minimum, exclusive_minimum) = bound(
            (self.minimum, self.exclusive_minimum),
            (later.minimum, later.exclusive_minimum),
            true,
        );
        let (maximum, exclusive_maximum) = bound(
            (self.maximum, self.exclusive_maximum),
            (later.maximum, later.exclusive_maximum),
            false,
        );
        let one_of = match (self.one_of.is_empty(), later.one_of.is_empty()) {
            (false, false) => self
                .one_of
                .iter()
                .filter(|v| later.one_of.contains(v))
                .cloned()
                .collect(),
            (true, _) => later.one_of.clone(),
            (false, true) => self.one_of.clone(),
        };
        // The constraints of items (or map values) and of keys, each of both sides.
        let mut nested = |a: &Option<Box<Constraints>>, b: &Option<Box<Constraints>>| match (a, b) {
            (Some(a), Some(b)) => {
                let (both, more) = a.both(b);
                dropped.extend(more);
                Some(Box::new(both))
            }
            (a, b) => b.clone().or_else(|| a.clone()),
        };
        let items = nested(&self.items, &later.items);
        let keys = nested(&self.keys, &later.keys);
        let combined = Constraints {
            min_length: tighter(self.min_length, later.min_length, u64::max),
            max_length: tighter(self.max_length, later.max_length, u64::min),
            pattern,
            minimum,
            exclusive_minimum,
            maximum,
            exclusive_maximum,
            multiple_of,
            min_items: tighter(self.min_items, later.min_items, u64::max),
            max_items: tighter(self.max_items, later.max_items, u64::min),
            unique_items: self.unique_items || later.unique_items,
            min_properties: tighter(self.min_properties, later.min_properties, u64::max),
            max_properties: tighter(self.max_properties, later.max_properties, u64::min),
            one_of,
            items,
            positions: if later.positions.is_empty() {
                self.positions.clone()
            } else {
                later.positions.clone()
            },
            keys,
            secret: self.secret || later.secret,
        };
        (combined, dropped)
    }

    /// Whether there is no constraint at all (nothing to validate).
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// Whether a string rule is set: `minLength`, `maxLength`, `pattern` or allowed values.
    pub fn has_string_rules(&self) -> bool {
        self.min_length.is_some()
            || self.max_length.is_some()
            || self.pattern.is_some()
            || !self.one_of.is_empty()
    }

    /// Whether `minimum`, `maximum` or `multipleOf` is set.
    pub fn has_number_rules(&self) -> bool {
        self.minimum.is_some() || self.maximum.is_some() || self.multiple_of.is_some()
    }

    /// Whether `minItems`, `maxItems` or `uniqueItems` is set (item constraints not counted).
    pub fn has_array_rules(&self) -> bool {
        self.min_items.is_some() || self.max_items.is_some() || self.unique_items
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// `in: path`: substituted into the path template.
    Path,
    /// `in: query`: a pair of the query string (arrays as a repeated key).
    Query,
    /// `in: header`: a request header.
    Header,
    /// `in: cookie`: a pair of the `Cookie` header.
    Cookie,
}

/// A value the client's configuration supplies instead of each call (`x-hwcloud-config`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FromConfig {
    /// `x-hwcloud-config: project_id`: the configured project id.
    ProjectId,
    /// `x-hwcloud-config: language`: the configured language.
    Language,
}

/// A parameter of an operation (its Path Item's included).
#[derive(Debug, Clone)]
pub struct Param {
    /// `name`: the parameter's name on the wire.
    pub name: String,
    /// The Rust argument name (`snake_case`, raw for keywords).
    pub rust_name: String,
    /// `in`: where the value goes.
    pub location: ParamLocation,
    /// Whether a value must be given (`required: true`; path parameters always are).
    pub required: bool,
    /// The parameter's documentation.
    pub doc: Docs,
    /// The value's type (a `String` when the configuration supplies it).
    pub ty: TypeRef,
    /// The constraints of its `schema`, checked before the request is sent.
    pub constraints: Constraints,
    /// The configuration value that supplies it instead of the caller, if any.
    pub from_config: Option<FromConfig>,
    /// How the value becomes text on the wire.
    pub encoding: ParamEncoding,
}

/// How a parameter's value becomes text (OpenAPI's `style`, `explode` and `content`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// A scalar as its text (a string as it is, anything else as JSON).
    Plain,
    /// An array in a query, one pair per item (`form`, exploded).
    Repeated,
    /// An array as one value, its items joined by this separator (`,` for `simple` and for
    /// `form` without explode, ` ` for `spaceDelimited`, `|` for `pipeDelimited`).
    Joined(char),
    /// Described by `content` with a JSON media type: the value as JSON text (a string
    /// quoted).
    Json,
}

/// How a request body is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `+json` types).
    Json,
    /// `application/x-www-form-urlencoded`: the top-level properties of an object as pairs.
    Form,
    /// `application/octet-stream` and other binary types: the bytes as they are.
    Binary,
    /// `text/*` with a string schema: the text as UTF-8.
    Text,
    /// `multipart/form-data`: a part per top-level property of an object, `format: binary`
    /// properties as files.
    Multipart,
}

/// The request body of an operation, in the one media type chosen for it.
#[derive(Debug, Clone)]
pub struct Body {
    /// The media type chosen (its key in `content`), sent as `Content-Type`.
    pub content_type: String,
    /// How the value goes on the wire.
    pub encoding: BodyEncoding,
    /// The body's type (`Bytes` for a binary body).
    pub ty: TypeRef,
    /// `required: true` of the Request Body Object.
    pub required: bool,
    /// `description` of the Request Body Object.
    pub doc: Option<String>,
    /// The parts of a multipart body: the fields of its struct (empty for other encodings).
    pub parts: Vec<Field>,
}

/// Which statuses a response stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusKey {
    /// One status code (`404`).
    Code(u16),
    /// `2XX` and the like: the hundreds digit.
    Range(u16),
    /// `default`: every status the others do not name.
    Default,
}

impl StatusKey {
    /// The status a response key names (`200`, `4XX`, `default`); `None` for any other key,
    /// which the walk reports.
    pub fn parse(key: &str) -> Option<StatusKey> {
        if key == "default" {
            return Some(StatusKey::Default);
        }
        if let Some(hundreds) = key.strip_suffix("XX") {
            return hundreds.parse().ok().map(StatusKey::Range);
        }
        key.parse().ok().map(StatusKey::Code)
    }

    /// Whether a response under this key stands for `code` (`default` stands for any).
    pub fn covers(self, code: u16) -> bool {
        match self {
            StatusKey::Code(c) => c == code,
            StatusKey::Range(r) => code / 100 == r,
            StatusKey::Default => true,
        }
    }
}

/// One response of an operation.
#[derive(Debug, Clone)]
pub struct Response {
    /// The statuses it stands for.
    pub status: StatusKey,
    /// The variant name (`Ok`, `BadRequest`, `Status418`, `Default`).
    pub variant: String,
    /// `description` of the Response Object (empty when missing).
    pub description: String,
    /// `None` when the response has no body.
    pub ty: Option<TypeRef>,
    /// How the body is decoded.
    pub media: ResponseMedia,
}

/// How a response body is decoded: JSON when the response offers it, else as text or bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMedia {
    /// JSON, into the schema's type.
    Json,
    /// `text/*` and XML: a `String` (UTF-8).
    Text,
    /// Any other media type: the bytes as they are.
    Binary,
}

impl Response {
    /// Whether the response is a success: a 2xx code or `2XX` (`default` never is).
    pub fn is_success(&self) -> bool {
        match self.status {
            StatusKey::Code(c) => (200..300).contains(&c),
            StatusKey::Range(r) => r == 2,
            StatusKey::Default => false,
        }
    }
}

/// One operation: a method of the module's client.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`, or one derived from method and path when the document gives none.
    pub operation_id: String,
    /// The Rust method name (`snake_case`, unique in the client, raw for keywords).
    pub fn_name: String,
    /// Prefix of the operation's own types (`UpdateSecurityGroup`).
    pub type_prefix: String,
    /// The HTTP method in upper case (`GET`).
    pub method: String,
    /// The path template as written (`/v1/{project_id}/vpcs`).
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// Documentation from `description` and `deprecated`.
    pub doc: Docs,
    /// `x-replaced-by` of a deprecated operation.
    pub replaced_by: Option<String>,
    /// `x-iam-action`: the IAM action the call needs.
    pub iam_action: Option<String>,
    /// Parameters, the Path Item's first; an operation's own replaces the Path Item's of the
    /// same `name` and `in`, and `Content-Type`, `Accept` and `Authorization` headers are left out.
    pub params: Vec<Param>,
    /// The request body, when the operation has one the generator can encode.
    pub body: Option<Body>,
    /// Responses sorted by status: codes, then ranges, then `default`.
    pub responses: Vec<Response>,
    /// How the operation authenticates (its `security`, else the document's).
    pub security: Security,
}

/// How an operation authenticates: its `security`, else the document's, resolved against
/// `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Security {
    /// The configuration's Huawei credentials (an `X-Auth-Token` or an AK/SK signature),
    /// when it has them: the operation names only Huawei's schemes, or no `security` applies
    /// to it at all. What every generated operation did before the document's schemes were
    /// read; nothing is emitted for it.
    Huawei,
    /// The document's schemes. One alternative whose schemes all have credentials is applied;
    /// an empty alternative (`{}`, or `security: []`) needs none.
    Alternatives(Vec<Vec<SecurityScheme>>),
}

/// A scheme of `components/securitySchemes` an operation names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SecurityScheme {
    /// Its name in `components/securitySchemes`, by which users give its credentials.
    pub name: String,
    /// How it is applied.
    pub kind: SchemeKind,
}

/// How a security scheme puts its credentials on a request.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SchemeKind {
    /// `type: apiKey`: the key as the named header, query parameter or cookie.
    ApiKey {
        /// `in`: where the key goes (never `path`).
        location: ParamLocation,
        /// `name`: the header, query parameter or cookie that carries it.
        param: String,
    },
    /// `type: http, scheme: bearer`: `Authorization: Bearer <token>`.
    Bearer,
    /// `type: http, scheme: basic`: `Authorization: Basic base64(user:password)`.
    Basic,
    /// `type: oauth2`: an access token the user obtained, sent as a bearer token.
    OAuth2,
    /// `type: openIdConnect`: an ID or access token the user obtained, sent as a bearer token.
    OpenIdConnect,
    /// A Huawei scheme (`x-hwcloud-signing`, or an `apiKey` in `X-Auth-Token`): the
    /// configuration's Huawei credentials.
    Huawei,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_keeps_the_tighter_bound_of_each_pair() {
        let earlier = Constraints {
            min_length: Some(2),
            max_length: Some(6),
            minimum: Some(0.0),
            exclusive_minimum: false,
            maximum: Some(10.0),
            multiple_of: Some(2.0),
            one_of: vec!["a".into(), "b".into(), "c".into()],
            items: Some(Box::new(Constraints {
                max_length: Some(9),
                ..Default::default()
            })),
            ..Default::default()
        };
        let later = Constraints {
            max_length: Some(3),
            minimum: Some(0.0),
            exclusive_minimum: true,
            maximum: Some(20.0),
            multiple_of: Some(4.0),
            one_of: vec!["b".into(), "c".into(), "d".into()],
            unique_items: true,
            items: Some(Box::new(Constraints {
                max_length: Some(5),
                ..Default::default()
            })),
            ..Default::default()
        };
        let (both, dropped) = earlier.both(&later);
        assert!(dropped.is_empty(), "{dropped:?}");
        assert_eq!(both.min_length, Some(2));
        assert_eq!(both.max_length, Some(3));
        assert_eq!((both.minimum, both.exclusive_minimum), (Some(0.0), true));
        assert_eq!((both.maximum, both.exclusive_maximum), (Some(10.0), false));
        assert_eq!(both.multiple_of, Some(4.0));
        assert_eq!(both.one_of, ["b", "c"]);
        assert!(both.unique_items);
        assert_eq!(both.items.and_then(|i| i.max_length), Some(5));
    }

    #[test]
    fn both_reports_what_cannot_be_one_constraint() {
        let earlier = Constraints {
            pattern: Some("^a".into()),
            multiple_of: Some(3.0),
            ..Default::default()
        };
        let later = Constraints {
            pattern: Some("b$".into()),
            multiple_of: Some(2.0),
            ..Default::default()
        };
        let (both, dropped) = earlier.both(&later);
        assert_eq!(dropped, ["pattern", "multipleOf"]);
        assert_eq!(both.pattern.as_deref(), Some("b$"));
        assert_eq!(both.multiple_of, Some(2.0));
        // The same pattern twice is one constraint.
        let (same, dropped) = earlier.both(&earlier);
        assert!(dropped.is_empty());
        assert_eq!(same.pattern.as_deref(), Some("^a"));
    }
}
