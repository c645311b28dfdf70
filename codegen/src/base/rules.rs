//! Every rule the checks report, with its stable id, default severity and a one-line summary.
//! Ids are part of the interface: CI filters and SARIF viewers key on them. The severities are
//! `validate`'s; `generate` lowers some to warnings and raises `pattern-unsupported` to an
//! error (see [`crate::base::Purpose`]).

use crate::diag::{Rule, Severity};

macro_rules! rules {
    ($($name:ident = $id:literal, $severity:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: Rule = Rule { id: $id, severity: Severity::$severity, summary: $summary };
        )*
        /// All rules, in the order the README lists them.
        pub const ALL: &[Rule] = &[$($name),*];
    };
}

rules! {
    SYNTAX = "syntax", Error, "The file is not well-formed YAML or JSON.";
    DUPLICATE_KEY = "duplicate-key", Error, "A mapping holds the same key twice.";
    FIELD_TYPE = "field-type", Error, "A field of an OpenAPI object has the wrong type.";
    FIELD_VALUE = "field-value", Error, "A field holds a value OpenAPI does not allow there.";
    NUMBER_INVALID = "number-invalid", Error, "A number that must be finite is not (`.inf`, `.nan`, `1e999`), a `multipleOf` is not above 0, or a length or count is not a non-negative integer a check can hold (below 2^64).";
    MISSING_FIELD = "missing-field", Error, "A required field of an OpenAPI object is missing.";
    UNKNOWN_FIELD = "unknown-field", Error, "A field OpenAPI 3.0 does not define (extensions start with `x-`).";
    RESPONSE_DESCRIPTION = "response-description", Error, "A response has no description.";
    UNRESOLVED_REF = "unresolved-ref", Error, "A `$ref` points at nothing.";
    REF_CYCLE = "ref-cycle", Error, "A cycle of references no finite value can satisfy (through required properties: a warning when generating, which makes them optional).";
    OPERATION_ID_MISSING = "operation-id-missing", Warning, "An operation has no `operationId`; its name is derived from method and path.";
    OPERATION_ID_DUPLICATE = "operation-id-duplicate", Error, "Two operations share an `operationId`.";
    PATH_PARAM_UNDECLARED = "path-param-undeclared", Error, "A path template names a parameter no `in: path` parameter declares.";
    PATH_PARAM_UNUSED = "path-param-unused", Error, "A path parameter is not in the path template.";
    PATH_PARAM_OPTIONAL = "path-param-optional", Error, "A path parameter is not `required: true`.";
    PATH_AMBIGUOUS = "path-ambiguous", Warning, "Two paths differ only in their parameter names.";
    REQUIRED_UNDEFINED = "required-undefined", Error, "`required` names a property the schema does not define.";
    BOUNDS_INVERTED = "bounds-inverted", Error, "A lower bound is above its upper bound.";
    PATTERN_INVALID = "pattern-invalid", Error, "A `pattern` is not a valid ECMA-262 regular expression.";
    PATTERN_UNSUPPORTED = "pattern-unsupported", Warning, "A valid ECMA-262 `pattern` the generator's regex engine cannot run.";
    ENUM_TYPE = "enum-type", Error, "An `enum` value does not match the schema's type.";
    DEFAULT_INVALID = "default-invalid", Error, "A `default` value does not satisfy its schema.";
    DISCRIMINATOR_MAPPING = "discriminator-mapping", Warning, "A discriminator `mapping` names a schema the discriminator does not choose from; that value is ignored.";
    NULLABLE_WITHOUT_TYPE = "nullable-without-type", Warning, "`nullable: true` on a schema without `type` has no effect in OpenAPI 3.0.";
    EXAMPLE_INVALID = "example-invalid", Error, "An example does not satisfy its schema.";
    SECURITY_UNDEFINED = "security-undefined", Error, "A security requirement names no defined security scheme (a warning when generating: the requirement is left out, and an operation left with none sends no credentials).";
    SERVER_VARIABLE_UNDEFINED = "server-variable-undefined", Error, "A server URL uses a variable it does not define.";
    SERVER_VARIABLE_DEFAULT = "server-variable-default", Error, "A server variable's default is not in its enum.";
    UNSUPPORTED = "unsupported", Warning, "A construct the generator cannot turn into Rust yet: the operation is not generated, or the keyword is not checked.";
}

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = ALL.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate rule id");
        for id in ids {
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id}"
            );
        }
    }
}
