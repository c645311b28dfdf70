//! Where an error body carries the service's error code and message: the field names the
//! generated `ErrorMetadata` impls read in typed bodies, and the runtime reads in untyped
//! ones, so both find the same code.

/// The names of the field holding an error code, in order of preference: Huawei Cloud's
/// first, then the usual others.
pub const CODE_FIELDS: [&str; 3] = ["error_code", "errorCode", "code"];

/// The names of the field holding an error message, in order of preference.
pub const MESSAGE_FIELDS: [&str; 5] = [
    "error_msg",
    "error_message",
    "errorMessage",
    "message",
    "msg",
];

/// The object some services nest the two in (`{"error": {"error_code": ...}}`, DBSS audit's
/// deprecated path); the top-level fields win when both exist.
pub const NESTED_FIELD: &str = "error";
