//! What each constraint keyword of an OpenAPI schema means, and how a broken one reads.
//!
//! One definition for every place a value is judged against a document: the validators
//! `hwcloud` generates (through `hwcloud::validation`, with the limits as `static` data),
//! the generator's checks of examples and defaults (`hwcloud_codegen::instance`), and the
//! mock server to come, which must answer a bad request with the very message the client
//! prints for it. Each function checks one keyword, or says one thing that is wrong, and reports to a
//! [`Sink`] the keyword broken and the message; where the value is, and in which part of a
//! request, is the caller's business.
//!
//! The semantics are JSON Schema's as OpenAPI 3.0 uses it: a length counts characters
//! (Unicode scalar values), bounds compare numbers as `f64` (exact below 2^53), `multipleOf`
//! allows a relative error of 1e-9, `uniqueItems` compares values as JSON (`1` equals
//! `1.0`), and a pattern matches anywhere in the string unless anchored. How a pattern is
//! compiled is the caller's (both sides run the same Rust translation of the ECMA-262
//! pattern); this crate says what its result means.
//!
//! It also holds the other thing both sides must agree on: the fields an error body carries
//! the service's error code and message in ([`CODE_FIELDS`], [`MESSAGE_FIELDS`]).

mod collection;
mod error_fields;
mod number;
mod shown;
mod sink;
mod string;
mod structure;

pub use collection::{
    check_contains, check_items, check_properties, check_unique, first_duplicate, json_equal,
};
pub use error_fields::{CODE_FIELDS, MESSAGE_FIELDS, NESTED_FIELD};
pub use number::{check_number, NumberRules};
pub use shown::{pointer_text, quote_json, quote_str, Shown, SECRET};
pub use sink::Sink;
pub use string::{char_count, check_enum, check_length, check_pattern};
pub use structure::{
    additional_property, any_of_none, bad_property_name, missing_body, missing_config,
    missing_dependent, missing_parameter, missing_property, not_matched, nothing_allowed,
    null_not_allowed, one_of_count, type_mismatch, unevaluated_item, unevaluated_property,
};
