//! What is wrong with a value's shape or presence: its type, `null`, a missing or unknown
//! property or one another property needs, a property's name, the compositions (`anyOf`, `oneOf`, `not`), and a request's missing parameter,
//! body or configuration value.

use crate::{quote_str, Sink};

/// `type`: `found` is the JSON kind of the value (`string`, `integer`, ...).
pub fn type_mismatch(sink: &mut dyn Sink, expected: &str, found: &str) {
    sink.push("type", format!("expected {expected}, found {found}"));
}

/// `nullable` (3.0) is not set and the value is `null`.
pub fn null_not_allowed(sink: &mut dyn Sink) {
    sink.push("nullable", "null is not allowed here".to_owned());
}

/// `required`: an object lacks a property.
pub fn missing_property(sink: &mut dyn Sink, name: &str) {
    sink.push("required", format!("required property `{name}` is missing"));
}

/// `additionalProperties: false`: an object has a property its schema does not define.
pub fn additional_property(sink: &mut dyn Sink, name: &str) {
    sink.push(
        "additionalProperties",
        format!("property `{name}` is not allowed"),
    );
}

/// `unevaluatedProperties: false`: an object has a property no other keyword of its schema
/// (nor of the subschemas it meets) evaluated.
pub fn unevaluated_property(sink: &mut dyn Sink, name: &str) {
    sink.push(
        "unevaluatedProperties",
        format!("property `{name}` is not allowed"),
    );
}

/// `unevaluatedItems: false`: an array has an item no other keyword evaluated.
pub fn unevaluated_item(sink: &mut dyn Sink, index: usize) {
    sink.push("unevaluatedItems", format!("item {index} is not allowed"));
}

/// `dependentRequired`: the object has `present`, which needs `needed`, and lacks it.
pub fn missing_dependent(sink: &mut dyn Sink, present: &str, needed: &str) {
    sink.push(
        "dependentRequired",
        format!("property `{needed}` is required when `{present}` is present"),
    );
}

/// `propertyNames`: the name `name` breaks the schema names must meet; `what` is the
/// message of the constraint it breaks.
pub fn bad_property_name(sink: &mut dyn Sink, name: &str, what: &str) {
    sink.push(
        "propertyNames",
        format!("property name {}: {what}", quote_str(name)),
    );
}

/// The boolean schema `false` (3.1): no value is allowed where it stands.
pub fn nothing_allowed(sink: &mut dyn Sink) {
    sink.push("false", "no value is allowed here".to_owned());
}

/// `anyOf`: the value matches none of its `count` schemas.
pub fn any_of_none(sink: &mut dyn Sink, count: usize) {
    sink.push(
        "anyOf",
        format!("matches none of the {count} anyOf schemas"),
    );
}

/// `oneOf`: the value matches the schemas at `matched` (by index) of `count`, not exactly
/// one.
pub fn one_of_count(sink: &mut dyn Sink, count: usize, matched: &[usize]) {
    let message = if matched.is_empty() {
        format!("matches none of the {count} oneOf schemas")
    } else {
        let listed: Vec<String> = matched.iter().map(usize::to_string).collect();
        format!(
            "matches {} of the oneOf schemas ({}); exactly one is allowed",
            matched.len(),
            listed.join(", ")
        )
    };
    sink.push("oneOf", message);
}

/// `not`: the value matches the schema it must not.
pub fn not_matched(sink: &mut dyn Sink) {
    sink.push("not", "matches the schema under `not`".to_owned());
}

/// A required parameter of a request is not set.
pub fn missing_parameter(sink: &mut dyn Sink, name: &str) {
    sink.push(
        "required",
        format!("required parameter `{name}` is not set"),
    );
}

/// A required request body is not set.
pub fn missing_body(sink: &mut dyn Sink) {
    sink.push("required", "the request body is not set".to_owned());
}

/// A value the operation takes from the client's configuration (`project_id`) is not
/// configured.
pub fn missing_config(sink: &mut dyn Sink, setting: &str) {
    sink.push(
        "required",
        format!("this operation needs `{setting}` in the client configuration"),
    );
}
