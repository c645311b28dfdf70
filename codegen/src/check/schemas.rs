//! Rules on Schema Objects themselves: `required` naming undefined properties, inverted
//! bounds, patterns, `enum` and `default` values, `nullable` without `type` and discriminator
//! mappings (reference cycles no finite value can satisfy are `cycles.rs`).

use super::walk::{Site, Sites};
use crate::base::{discriminator, rules, schema, shape, Findings, PatternClass, Patterns};
use crate::instance::Evaluator;
use crate::load::node::{Node, Pointer, Value};
use crate::load::{Dialect, DocSet};

pub fn check(docs: &DocSet, sites: &Sites<'_>, evaluator: &Evaluator<'_>, findings: &mut Findings) {
    for site in &sites.schemas {
        let at = Pointer::from_decoded(&site.pointer);
        required_defined(site, &at, findings);
        bounds(site, &at, findings);
        pattern(site, &at, evaluator.patterns(), findings);
        enum_values(site, &at, findings);
        default_value(site, &at, evaluator, findings);
        nullable(site, &at, findings);
        discriminator_mapping(docs, site, &at, findings);
        // In 3.0 these keywords are not a schema's at all: `unknown-field` says so, once.
        if docs.dialect(site.file) == Dialect::V31 {
            unchecked_keywords(site, &at, findings);
        }
        beside_ref(docs, site, &at, findings);
    }
}

/// Keywords that only annotate a schema: beside a 3.1 `$ref`, they change nothing the
/// generated code does.
const ANNOTATIONS: &[&str] = &[
    "$ref",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$schema",
    "$defs",
    "$vocabulary",
    "contentSchema",
    "title",
    "description",
    "summary",
    "default",
    "examples",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "xml",
    "format",
    "contentMediaType",
    "contentEncoding",
];

/// A 3.1 `$ref` with constraints or applicators beside it (JSON Schema applies both): the
/// generated type is the referenced schema's alone, so the rest would be dropped silently.
/// (The walk lists a `$ref` as a schema site only when such keywords are beside it.)
fn beside_ref(docs: &DocSet, site: &Site<'_>, at: &Pointer, findings: &mut Findings) {
    let Some(reference) = site.node.get("$ref").and_then(Node::as_str) else {
        return;
    };
    let Some(entries) = site.node.as_map() else {
        return;
    };
    // Beside a `$ref` to a plain string or number, its own bounds are merged (the lowering
    // checks both); beside anything else they are not.
    let plain = docs.resolve(site.file, reference).ok().is_some_and(|t| {
        matches!(
            schema::types(t.node).single(),
            Some("string" | "integer" | "number")
        ) && schema::enum_values(t.node).is_none()
            && t.node.get("$ref").is_none()
    });
    let ignored = entries.iter().filter(|(k, _)| {
        let name = k.name.as_str();
        let applied = name.starts_with("x-")
            || ANNOTATIONS.contains(&name)
            || (plain && MERGED_BESIDE_REF.contains(&name));
        !applied
    });
    for (key, _) in ignored {
        findings.report(
            key.span,
            &rules::UNSUPPORTED,
            &at.join(&key.name),
            format!(
                "`{}` beside `$ref` is not applied: the value is typed and checked by the referenced schema alone",
                key.name
            ),
            Some("wrap both in `allOf: [{$ref: ...}, {...}]`, which the generator merges".into()),
        );
    }
}

/// The keywords beside a 3.1 `$ref` to a plain string or number that its checks include.
const MERGED_BESIDE_REF: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// JSON Schema 2020-12 keywords (OpenAPI 3.1) that the generated validators do not check
/// (`propertyNames` except a map's key rules, `shape::key_rules`; `dependentRequired` except
/// on a struct, `shape::is_struct`), with what each
/// would have refused. The examples' evaluator, and so the mock, checks all but
/// `$dynamicRef`.
const UNCHECKED: &[(&str, &str)] = &[
    ("propertyNames", "property names breaking its schema"),
    (
        "patternProperties",
        "properties breaking the schema of a pattern they match",
    ),
    (
        "dependentRequired",
        "an object lacking a property another one needs",
    ),
    (
        "dependentSchemas",
        "an object breaking the schema a present property brings",
    ),
    ("if", "a value breaking `then` or `else`"),
    ("contains", "an array without an item matching it"),
    (
        "unevaluatedProperties",
        "properties no other keyword evaluated",
    ),
    ("unevaluatedItems", "items no other keyword evaluated"),
    (
        "$dynamicRef",
        "a value breaking the schema the reference leads to",
    ),
];

/// A keyword the generated code does not check: a warning, so that a constraint is never
/// dropped silently; the value is still typed by the rest of the schema.
fn unchecked_keywords(site: &Site<'_>, at: &Pointer, findings: &mut Findings) {
    for (key, _) in site.node.as_map().unwrap_or(&[]) {
        let Some((keyword, refused)) = UNCHECKED.iter().find(|(k, _)| *k == key.name) else {
            continue;
        };
        let checked = match *keyword {
            "propertyNames" => shape::key_rules(site.node).is_some(),
            "dependentRequired" => shape::is_struct(site.node),
            _ => false,
        };
        if checked {
            continue;
        }
        findings.report(
            key.span,
            &rules::UNSUPPORTED,
            &at.join(keyword),
            format!("`{keyword}` is not checked: the generated validators accept {refused}"),
            Some("check it in your own code, or say it with the keywords 3.0 has (`properties`, `required`, `enum`, ...)".into()),
        );
    }
}

/// A `mapping` value the generator would drop: its target does not resolve, or is none of
/// the schemas the discriminator chooses from (the `oneOf`/`anyOf` members, or for a base
/// schema, the schemas extending it through `allOf`).
fn discriminator_mapping(docs: &DocSet, site: &Site<'_>, at: &Pointer, findings: &mut Findings) {
    let node = site.node;
    let Some(mapping) = node
        .get("discriminator")
        .and_then(|d| d.get("mapping"))
        .and_then(Node::as_map)
    else {
        return;
    };
    let members = node
        .get("oneOf")
        .or_else(|| node.get("anyOf"))
        .and_then(Node::as_seq);
    for (value, target) in mapping {
        let Some(text) = target.as_str() else {
            continue;
        };
        let chosen = discriminator::target(docs, site.file, text).map(|found| {
            match members {
                Some(members) => members.iter().any(|m| {
                    m.get("$ref")
                        .and_then(Node::as_str)
                        .and_then(|r| docs.resolve(site.file, r).ok())
                        .is_some_and(|t| std::ptr::eq(t.node, found.node))
                }),
                // A base schema may name itself, for values of its own fields alone.
                None => {
                    std::ptr::eq(found.node, node)
                        || discriminator::extends(docs, found.file, found.node, node)
                }
            }
        });
        let why = match chosen {
            Some(true) => continue,
            None => format!("`{text}` does not resolve"),
            Some(false) if members.is_some() => {
                format!("`{text}` is none of the `oneOf`/`anyOf` members")
            }
            Some(false) => format!("`{text}` does not extend this schema through `allOf`"),
        };
        findings.report(
            target.span,
            &rules::DISCRIMINATOR_MAPPING,
            &at.join("discriminator").join("mapping").join(&value.name),
            format!("discriminator value `{}` is ignored: {why}", value.name),
            Some(if members.is_some() {
                "map it to a `$ref` of one of the `oneOf`/`anyOf` members".into()
            } else {
                "map it to a schema whose `allOf` refers to this one".into()
            }),
        );
    }
}

fn required_defined(site: &Site<'_>, at: &Pointer, findings: &mut Findings) {
    let node = site.node;
    let Some(required) = node.get("required").and_then(Node::as_seq) else {
        return;
    };
    // Composition, a 3.1 `$ref` beside it or free-form properties may supply the property,
    // and a schema with neither `properties` nor `type` (`anyOf: [{required: [a]}, ...]`,
    // `then: {required: [b]}`) constrains the properties its parent defines: nothing to say.
    let constraint_only = node.get("properties").is_none() && node.get("type").is_none();
    if constraint_only
        || ["allOf", "anyOf", "oneOf", "$ref"]
            .iter()
            .any(|k| node.get(k).is_some())
        || node
            .get("additionalProperties")
            .is_some_and(|a| !matches!(a.value, Value::Bool(false)))
    {
        return;
    }
    let properties = node.get("properties");
    for (i, name_node) in required.iter().enumerate() {
        let Some(name) = name_node.as_str() else {
            continue;
        };
        if properties.and_then(|p| p.get(name)).is_none() {
            findings.report(
                name_node.span,
                &rules::REQUIRED_UNDEFINED,
                &at.join("required").index(i),
                format!("`required` names `{name}`, which `properties` does not define"),
                Some(format!(
                    "define `{name}` under `properties` or remove it from `required`"
                )),
            );
        }
    }
}

fn bounds(site: &Site<'_>, at: &Pointer, findings: &mut Findings) {
    let node = site.node;
    for (low, high) in [
        ("minLength", "maxLength"),
        ("minimum", "maximum"),
        ("minItems", "maxItems"),
        ("minProperties", "maxProperties"),
    ] {
        let (Some(lo), Some(hi)) = (node.get(low), node.get(high)) else {
            continue;
        };
        if let (Some(a), Some(b)) = (lo.as_f64(), hi.as_f64()) {
            // A bound that is not finite is a `number-invalid` finding of its own.
            if a > b && a.is_finite() && b.is_finite() {
                findings.report(
                    lo.span,
                    &rules::BOUNDS_INVERTED,
                    &at.join(low),
                    format!(
                        "`{low}` ({a}) is greater than `{high}` ({b}): no value can satisfy both"
                    ),
                    Some(format!("swap them or correct one of `{low}` and `{high}`")),
                );
            }
        }
    }
}

fn pattern(site: &Site<'_>, at: &Pointer, patterns: &Patterns, findings: &mut Findings) {
    let Some(node) = site.node.get("pattern") else {
        return;
    };
    let Some(text) = node.as_str() else {
        return;
    };
    match patterns.classify(text) {
        PatternClass::Supported(_) => {}
        PatternClass::Unsupported(construct) => findings.report(
            node.span,
            &rules::PATTERN_UNSUPPORTED,
            &at.join("pattern"),
            format!("pattern `{text}` uses {construct}, which the generator's regex engine does not support"),
            Some("rewrite the pattern without it, or enforce the rule in code".into()),
        ),
        PatternClass::Invalid(reason) => findings.report(
            node.span,
            &rules::PATTERN_INVALID,
            &at.join("pattern"),
            format!("pattern `{text}` is not a valid regular expression: {reason}"),
            Some("OpenAPI patterns are ECMA-262 regular expressions; in YAML, single quotes keep backslashes as written".into()),
        ),
    }
}

/// The numbers inside `node` (itself included) that are not finite, with their pointers:
/// YAML can write `.inf` and `.nan`, and JSON `1e999` reads as infinite, but no JSON value a
/// service sends or a check compares with holds such a number.
fn non_finite<'n>(node: &'n Node, at: Pointer, out: &mut Vec<(Pointer, &'n Node)>) {
    match &node.value {
        Value::Float(f) if !f.is_finite() => out.push((at, node)),
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                non_finite(item, at.index(i), out);
            }
        }
        Value::Map(entries) => {
            for (key, value) in entries {
                non_finite(value, at.join(&key.name), out);
            }
        }
        _ => {}
    }
}

/// Reports every number of the value at `at` (`enum` item or `default`) that is not finite;
/// true when there was one.
fn report_non_finite(node: &Node, at: &Pointer, what: &str, findings: &mut Findings) -> bool {
    let mut found = Vec::new();
    non_finite(node, at.clone(), &mut found);
    for (pointer, number) in &found {
        let kind = super::walk::non_finite_kind(number.as_f64().unwrap_or(f64::INFINITY));
        findings.report(
            number.span,
            &rules::NUMBER_INVALID,
            pointer,
            format!("{what} holds {kind}; JSON numbers are finite"),
            Some("write a finite number, or leave the value out".into()),
        );
    }
    !found.is_empty()
}

fn enum_values(site: &Site<'_>, at: &Pointer, findings: &mut Findings) {
    let node = site.node;
    let Some(values) = node.get("enum").and_then(Node::as_seq) else {
        return;
    };
    // A value with a number JSON cannot hold is that finding alone (its type is moot).
    let finite: Vec<(usize, &Node)> = values
        .iter()
        .enumerate()
        .filter(|(i, value)| {
            !report_non_finite(value, &at.join("enum").index(*i), "`enum`", findings)
        })
        .collect();
    let types = schema::types(node);
    let Some(ty) = types.single() else {
        return;
    };
    let nullable = types.null();
    for (i, value) in finite {
        let fits = match &value.value {
            Value::Null => nullable,
            Value::Bool(_) => ty == "boolean",
            Value::Int(_) => ty == "integer" || ty == "number",
            Value::Float(f) => ty == "number" || (ty == "integer" && f.fract() == 0.0),
            Value::Str(_) => ty == "string",
            Value::Seq(_) => ty == "array",
            Value::Map(_) => ty == "object",
        };
        if !fits {
            let hint = (ty == "string"
                && matches!(
                    value.value,
                    Value::Int(_) | Value::Float(_) | Value::Bool(_)
                ))
            .then(|| "quote the value so YAML reads it as a string".to_string());
            findings.report(
                value.span,
                &rules::ENUM_TYPE,
                &at.join("enum").index(i),
                format!(
                    "enum value {} is {}, but the schema's type is `{ty}`",
                    value.to_json(),
                    with_article(value.kind())
                ),
                hint,
            );
        }
    }
}

fn default_value(
    site: &Site<'_>,
    at: &Pointer,
    evaluator: &Evaluator<'_>,
    findings: &mut Findings,
) {
    let Some(default) = site.node.get("default") else {
        return;
    };
    if report_non_finite(default, &at.join("default"), "`default`", findings) {
        return;
    }
    for violation in evaluator.validate(site.file, site.node, &default.to_json()) {
        let span = default.pointer(&violation.pointer).unwrap_or(default).span;
        findings.report(
            span,
            &rules::DEFAULT_INVALID,
            &Pointer::from_decoded(&format!("{}/default{}", at.as_str(), violation.pointer)),
            format!("`default` does not satisfy its schema: {violation}"),
            None,
        );
    }
}

fn nullable(site: &Site<'_>, at: &Pointer, findings: &mut Findings) {
    let node = site.node;
    if node.get("nullable").and_then(Node::as_bool) == Some(true) && node.get("type").is_none() {
        let span = node.key("nullable").map(|k| k.span).unwrap_or(node.span);
        findings.report(
            span,
            &rules::NULLABLE_WITHOUT_TYPE,
            &at.join("nullable"),
            "`nullable: true` without `type` has no effect by OpenAPI 3.0.3's letter; the generated code reads it as meant: the value may be null".into(),
            Some("add the `type` the value has when it is not null".into()),
        );
    }
}

fn with_article(kind: &str) -> String {
    match kind.as_bytes().first() {
        _ if kind == "null" => kind.to_string(),
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}
