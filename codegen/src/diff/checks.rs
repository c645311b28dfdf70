//! Every check `diff` runs, by its stable id, with how the change it finds is classified for
//! an HTTP client written against the old documents. The class for Rust code using the
//! generated crate is worked out per change from the lowered IR (see `rust.rs`).

/// What a change means for an HTTP client written against the old documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Http {
    /// The client's requests may be refused, or it may misread answers.
    Breaking,
    /// It may break clients, depending on what they do (a new value in a response enum).
    PossiblyBreaking,
    /// Clients written against the old documents keep working.
    NonBreaking,
}

impl Http {
    /// The class as the outputs spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Http::Breaking => "breaking",
            Http::PossiblyBreaking => "possibly-breaking",
            Http::NonBreaking => "non-breaking",
        }
    }
}

/// What a change means for Rust code using the crate generated from the old documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rust {
    /// Code that compiled may no longer compile, or may change meaning.
    Breaking,
    /// The generated API the code uses is the same, or only grew.
    NonBreaking,
}

impl Rust {
    /// The class as the outputs spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rust::Breaking => "breaking",
            Rust::NonBreaking => "non-breaking",
        }
    }
}

/// One check: its id and what the change it reports means over HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// The stable id (`request-property-became-required`), for ignore files and tooling.
    pub id: &'static str,
    /// The class for HTTP clients.
    pub http: Http,
    /// What the check looks for, in words.
    pub summary: &'static str,
}

macro_rules! checks {
    ($($name:ident = $id:literal, $http:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: Check = Check { id: $id, http: Http::$http, summary: $summary };
        )*
        /// Every check, in the order the README lists them.
        pub const ALL: &[Check] = &[$($name),*];
    };
}

checks! {
    OPERATION_REMOVED = "operation-removed", Breaking,
        "an operation (method and path) is gone";
    DEPRECATED_OPERATION_REMOVED = "deprecated-operation-removed", PossiblyBreaking,
        "an operation that was deprecated is gone";
    METHOD_CHANGED = "operation-method-changed", Breaking,
        "an operation (by operationId) moved to another method on its path";
    OPERATION_ADDED = "operation-added", NonBreaking,
        "a new operation";
    OPERATION_ID_CHANGED = "operation-id-changed", NonBreaking,
        "an operation's operationId changed (its generated method is renamed)";
    OPERATION_DEPRECATED = "operation-deprecated", NonBreaking,
        "an operation became deprecated";
    PARAMETER_ADDED_REQUIRED = "request-parameter-added-required", Breaking,
        "a new required parameter";
    PARAMETER_ADDED = "request-parameter-added", NonBreaking,
        "a new optional parameter";
    PARAMETER_REMOVED = "request-parameter-removed", PossiblyBreaking,
        "a parameter is gone (clients still send it)";
    PARAMETER_BECAME_REQUIRED = "request-parameter-became-required", Breaking,
        "an optional parameter became required";
    PARAMETER_BECAME_OPTIONAL = "request-parameter-became-optional", NonBreaking,
        "a required parameter became optional";
    PARAMETER_MOVED = "request-parameter-location-changed", Breaking,
        "a parameter moved (query, header, path or cookie)";
    BODY_ADDED_REQUIRED = "request-body-added-required", Breaking,
        "a new required request body";
    BODY_ADDED = "request-body-added", NonBreaking,
        "a new optional request body";
    BODY_REMOVED = "request-body-removed", PossiblyBreaking,
        "the request body is gone (clients still send one)";
    BODY_BECAME_REQUIRED = "request-body-became-required", Breaking,
        "the request body became required";
    BODY_BECAME_OPTIONAL = "request-body-became-optional", NonBreaking,
        "the request body became optional";
    REQUEST_MEDIA_REMOVED = "request-media-type-removed", Breaking,
        "a media type the request body could be sent in is gone";
    REQUEST_MEDIA_ADDED = "request-media-type-added", NonBreaking,
        "the request body can be sent in a new media type";
    SUCCESS_STATUS_REMOVED = "response-success-status-removed", Breaking,
        "a success status is gone";
    SUCCESS_STATUS_ADDED = "response-success-status-added", PossiblyBreaking,
        "a new success status (clients may not expect it)";
    ERROR_STATUS_REMOVED = "response-error-status-removed", NonBreaking,
        "an error status is no longer documented";
    ERROR_STATUS_ADDED = "response-error-status-added", NonBreaking,
        "a new documented error status";
    RESPONSE_MEDIA_REMOVED = "response-media-type-removed", Breaking,
        "a media type a response came in is gone";
    RESPONSE_MEDIA_ADDED = "response-media-type-added", NonBreaking,
        "a response can come in a new media type";
    TYPE_CHANGED = "type-changed", Breaking,
        "a value's type changed";
    REQUEST_NULLABLE_REMOVED = "request-nullable-removed", Breaking,
        "a request value may no longer be null";
    REQUEST_NULLABLE_ADDED = "request-nullable-added", NonBreaking,
        "a request value may now be null";
    RESPONSE_NULLABLE_ADDED = "response-became-nullable", Breaking,
        "a response value may now be null";
    RESPONSE_NULLABLE_REMOVED = "response-nullable-removed", NonBreaking,
        "a response value is no longer null";
    REQUEST_NARROWED = "request-constraint-narrowed", Breaking,
        "a request constraint allows less (maxLength lowered, minimum raised, pattern added, ...)";
    REQUEST_WIDENED = "request-constraint-widened", NonBreaking,
        "a request constraint allows more";
    RESPONSE_WIDENED = "response-constraint-widened", PossiblyBreaking,
        "a response constraint allows more (clients may rely on the old bound)";
    RESPONSE_NARROWED = "response-constraint-narrowed", NonBreaking,
        "a response constraint allows less";
    REQUEST_ENUM_VALUE_REMOVED = "request-enum-value-removed", Breaking,
        "a value a request could carry is no longer allowed";
    REQUEST_ENUM_VALUE_ADDED = "request-enum-value-added", NonBreaking,
        "a request may carry a new value";
    RESPONSE_ENUM_VALUE_ADDED = "response-enum-value-added", PossiblyBreaking,
        "a response may carry a new value";
    RESPONSE_ENUM_VALUE_REMOVED = "response-enum-value-removed", NonBreaking,
        "a response no longer carries a value";
    REQUEST_CLOSED = "request-additional-properties-closed", Breaking,
        "a request object may no longer carry properties it does not define";
    REQUEST_PROPERTY_ADDED_REQUIRED = "request-property-added-required", Breaking,
        "a new required request property";
    REQUEST_PROPERTY_ADDED = "request-property-added", NonBreaking,
        "a new optional request property";
    REQUEST_PROPERTY_REMOVED = "request-property-removed", PossiblyBreaking,
        "a request property is gone (clients still send it)";
    REQUEST_PROPERTY_BECAME_REQUIRED = "request-property-became-required", Breaking,
        "an optional request property became required";
    REQUEST_PROPERTY_BECAME_OPTIONAL = "request-property-became-optional", NonBreaking,
        "a required request property became optional";
    RESPONSE_PROPERTY_REMOVED = "response-property-removed", Breaking,
        "a response property is gone";
    RESPONSE_PROPERTY_BECAME_OPTIONAL = "response-property-became-optional", Breaking,
        "a response property may now be missing";
    RESPONSE_PROPERTY_ADDED = "response-property-added", NonBreaking,
        "a new response property";
    RESPONSE_PROPERTY_BECAME_REQUIRED = "response-property-became-required", NonBreaking,
        "a response property is now always present";
    REQUEST_MEMBER_REMOVED = "request-one-of-member-removed", Breaking,
        "a request oneOf/anyOf lost a member";
    REQUEST_MEMBER_ADDED = "request-one-of-member-added", NonBreaking,
        "a request oneOf/anyOf gained a member";
    RESPONSE_MEMBER_ADDED = "response-one-of-member-added", PossiblyBreaking,
        "a response oneOf/anyOf gained a member";
    RESPONSE_MEMBER_REMOVED = "response-one-of-member-removed", NonBreaking,
        "a response oneOf/anyOf lost a member";
    SECURITY_ADDED = "security-added", Breaking,
        "an operation needs credentials it did not, or other credentials";
    SECURITY_REMOVED = "security-removed", NonBreaking,
        "an operation accepts credentials it did not, or none";
    SERVERS_CHANGED = "servers-changed", Breaking,
        "the servers an operation is reached at changed";
    RUST_API_CHANGED = "rust-api-changed", NonBreaking,
        "the generated Rust API changed where HTTP did not (a type renamed)";
}
