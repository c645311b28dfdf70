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
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    pub servers: Vec<Server>,
    /// Named types by Rust name (sorted: output order never depends on discovery order).
    pub types: BTreeMap<String, TypeDef>,
    /// Operations sorted by their Rust method name.
    pub operations: Vec<Operation>,
}

/// A base URL template and the regions it serves (empty: any region).
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL with `{region}` kept and every other variable replaced by its default.
    pub url: String,
    pub regions: Vec<String>,
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Docs,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
        /// `additionalProperties` with a schema: extra entries kept in a map.
        additional: Option<TypeRef>,
    },
    /// A string enum; values outside the list decode into `Unknown`.
    StringEnum { variants: Vec<Variant<String>> },
    /// An integer enum (`x-enum-varnames` names the values); serialised as numbers.
    IntEnum { variants: Vec<Variant<i64>> },
    /// `oneOf`/`anyOf`: the variant the discriminator names, else the first variant the
    /// value decodes as.
    Union {
        variants: Vec<(String, TypeRef)>,
        tag: Option<Tag>,
    },
    /// A named primitive, array or map (`type Name = ...`), constraints at the use sites.
    Alias { target: TypeRef },
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
    pub name: String,
    pub value: T,
    pub doc: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub json_name: String,
    pub rust_name: String,
    pub doc: Docs,
    pub ty: TypeRef,
    pub required: bool,
    pub constraints: Constraints,
}

/// Documentation gathered from a schema, parameter or operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
}

/// A type at a use site.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Integer,
    Number,
    Boolean,
    /// Any JSON value (no type, or a construct kept as raw JSON).
    Any,
    Named(String),
    /// A named type that contains the current one: boxed to keep the size finite.
    Boxed(String),
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// `nullable: true`.
    Nullable(Box<TypeRef>),
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
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Already translated for Rust's engine and checked to compile.
    pub pattern: Option<String>,
    pub minimum: Option<f64>,
    pub exclusive_minimum: bool,
    pub maximum: Option<f64>,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// Allowed values of a primitive kept as a primitive (a string enum of a parameter).
    pub one_of: Vec<String>,
    /// Constraints of array items or map values.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    pub fn has_string_rules(&self) -> bool {
        self.min_length.is_some()
            || self.max_length.is_some()
            || self.pattern.is_some()
            || !self.one_of.is_empty()
    }

    pub fn has_number_rules(&self) -> bool {
        self.minimum.is_some() || self.maximum.is_some() || self.multiple_of.is_some()
    }

    pub fn has_array_rules(&self) -> bool {
        self.min_items.is_some() || self.max_items.is_some() || self.unique_items
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// A value the client's configuration supplies instead of each call (`x-hwcloud-config`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FromConfig {
    ProjectId,
    Language,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub doc: Docs,
    pub ty: TypeRef,
    pub constraints: Constraints,
    pub from_config: Option<FromConfig>,
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

#[derive(Debug, Clone)]
pub struct Body {
    pub content_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    /// The parts of a multipart body: the fields of its struct (empty for other encodings).
    pub parts: Vec<Field>,
}

/// Which statuses a response stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusKey {
    Code(u16),
    /// `2XX` and the like: the hundreds digit.
    Range(u16),
    Default,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: StatusKey,
    /// The variant name (`Ok`, `BadRequest`, `Status418`, `Default`).
    pub variant: String,
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
    pub fn is_success(&self) -> bool {
        match self.status {
            StatusKey::Code(c) => (200..300).contains(&c),
            StatusKey::Range(r) => r == 2,
            StatusKey::Default => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub operation_id: String,
    pub fn_name: String,
    /// Prefix of the operation's own types (`UpdateSecurityGroup`).
    pub type_prefix: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub doc: Docs,
    /// `x-replaced-by` of a deprecated operation.
    pub replaced_by: Option<String>,
    pub iam_action: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
}
