//! Robustness: the loader, the checks, the instance evaluator and every stage of `generate`
//! (lowering, emitting, formatting) never panic, never overflow the stack and always
//! terminate, whatever text they are given; every finding they produce is well-formed
//! (positioned, with a rule id and a message), and a document without errors is generated.
//!
//! Five generators feed them: arbitrary bytes, arbitrary YAML (every scalar kind, anchors and
//! aliases, `$ref`s), OpenAPI-shaped documents (so the checks, not just the parser, run),
//! mostly valid documents with awkward numbers and names (so most of them are emitted and
//! formatted) and byte-level mutations of small valid documents. Plain `#[test]`s cover
//! pathological inputs (deep nesting, huge scalars, alias bombs, long and self-referencing
//! `$ref` chains), run on threads with a fixed small stack so the outcome does not depend on
//! `RUST_MIN_STACK`.

use hwcloud_codegen::diag::Diagnostic;
use hwcloud_codegen::instance::Evaluator;
use hwcloud_codegen::load::node::Node;
use hwcloud_codegen::load::DocSet;
use hwcloud_codegen::{generate_loaded, validate_loaded, Generation, Options, Purpose};
use proptest::prelude::*;
use serde_json::{json, Value as Json};

// ---------------------------------------------------------------------------------------------
// The property every input must satisfy.
// ---------------------------------------------------------------------------------------------

/// Stack given to the threads running pathological inputs: the default test-thread stack.
const SMALL_STACK: usize = 2 * 1024 * 1024;

fn assert_well_formed(text: &str, findings: &[Diagnostic]) {
    for d in findings {
        assert!(!d.rule.is_empty(), "empty rule id: {d:?}");
        assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
        if !text.is_empty() {
            assert!(d.line >= 1, "line 0: {d:?}");
            assert!(d.column >= 1, "column 0: {d:?}");
        }
    }
}

/// Loads `text`, runs every rule for `validate` and every stage of `generate` (checks,
/// lowering, emitting, formatting) and returns the documents and `validate`'s findings.
fn load_and_check(text: &str) -> (DocSet, Vec<Diagnostic>) {
    load_and_check_as("fuzz.yaml", text)
}

/// [`load_and_check`] with the document read as the file `name` (its extension picks the
/// reader, its stem names the generated module).
fn load_and_check_as(name: &str, text: &str) -> (DocSet, Vec<Diagnostic>) {
    let docs = DocSet::from_text(name, text);
    let findings = validate_loaded(&docs, Purpose::Validate);
    assert_well_formed(text, &findings);
    let generation = generate_loaded(docs, &Options::default())
        .unwrap_or_else(|e| panic!("generate failed on a document it accepted: {e}\n{text}"));
    let generated = &generation.report.findings;
    assert_well_formed(text, generated);
    assert_eq!(
        findings.len(),
        generated.len(),
        "the purpose changes severities, never which findings there are"
    );
    assert_generated(&generation, text);
    (generation.report.docs, findings)
}

/// Without an error, `generate` wrote a module and the `mod.rs` including it; with one,
/// nothing.
fn assert_generated(generation: &Generation, text: &str) {
    if generation.report.errors() > 0 {
        assert!(generation.files.is_empty(), "files despite errors");
        return;
    }
    let modules: Vec<&String> = generation
        .files
        .keys()
        .filter(|name| name.as_str() != "mod.rs")
        .collect();
    assert_eq!(modules.len(), 1, "{:?}\n{text}", generation.files.keys());
    let index = generation.files.get("mod.rs").expect("mod.rs generated");
    assert!(
        index.contains(&format!("include!(\"{}\");", modules[0])),
        "{index}"
    );
    for (name, content) in &generation.files {
        assert!(content.starts_with("// @generated"), "{name}: {content}");
    }
}

/// Sample values every schema of a document is evaluated against.
fn sample_values() -> Vec<Json> {
    vec![
        Json::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(""),
        json!("abc"),
        json!("ÿ\u{1F600}"),
        json!([]),
        json!([1, "a", null, [[]]]),
        json!({}),
        json!({"id": 1, "name": "x", "A": {"B": {}}, "items": [1, 2]}),
    ]
}

/// Evaluates `values` against every schema under `components/schemas` and every mapping
/// anywhere in the tree (as if it were a schema): the evaluator must terminate on cycles.
fn evaluate_everything(docs: &DocSet, values: &[Json]) {
    let evaluator = Evaluator::new(docs);
    for &file in &docs.entries {
        let Some(tree) = docs.tree(file) else {
            continue;
        };
        let mut schemas: Vec<&Node> = Vec::new();
        if let Some(entries) = tree.pointer("/components/schemas").and_then(Node::as_map) {
            schemas.extend(entries.iter().map(|(_, v)| v));
        }
        collect_maps(tree, &mut schemas, 64);
        for schema in schemas {
            for value in values {
                for violation in evaluator.validate(file, schema, value) {
                    assert!(!violation.keyword.is_empty(), "{violation:?}");
                    assert!(!violation.message.is_empty(), "{violation:?}");
                    let _ = violation.to_string();
                }
            }
        }
    }
}

fn collect_maps<'a>(node: &'a Node, out: &mut Vec<&'a Node>, limit: usize) {
    if out.len() >= limit {
        return;
    }
    if let Some(entries) = node.as_map() {
        out.push(node);
        for (_, v) in entries {
            collect_maps(v, out, limit);
        }
    } else if let Some(items) = node.as_seq() {
        for v in items {
            collect_maps(v, out, limit);
        }
    }
}

/// The full treatment: load, check, evaluate.
fn exercise(text: &str) -> Vec<Diagnostic> {
    let (docs, findings) = load_and_check(text);
    evaluate_everything(&docs, &sample_values());
    findings
}

/// Runs `f` on a fresh thread with a [`SMALL_STACK`]; a panic there fails the test.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("spawn")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

// ---------------------------------------------------------------------------------------------
// A small YAML model and emitter.
// ---------------------------------------------------------------------------------------------

/// YAML as the generators build it. Scalars hold their text exactly as written in the file.
#[derive(Debug, Clone)]
enum Y {
    Scalar(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
    /// `&name` on the node.
    Anchor(String, Box<Y>),
    /// `*name`.
    Alias(String),
    /// Emit the node (and all under it) in flow style.
    Flow(Box<Y>),
}

impl Y {
    fn map(entries: Vec<(&str, Y)>) -> Y {
        Y::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }
}

/// A double-quoted YAML scalar holding `text` exactly (JSON escapes are YAML escapes).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

fn s(text: &str) -> Y {
    Y::Scalar(quoted(text))
}

fn emit(doc: &Y) -> String {
    let mut out = String::new();
    block(doc, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Whether `node` is written inline after `key:` / `- ` (scalars, aliases, flow, empties).
fn inline(node: &Y) -> bool {
    match node {
        Y::Scalar(_) | Y::Alias(_) | Y::Flow(_) => true,
        Y::Seq(items) => items.is_empty(),
        Y::Map(entries) => entries.is_empty(),
        Y::Anchor(_, inner) => inline(inner),
    }
}

fn block(node: &Y, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Y::Scalar(_) | Y::Alias(_) | Y::Flow(_) => {
            out.push_str(&pad);
            flow(node, out);
            out.push('\n');
        }
        Y::Anchor(name, inner) if inline(inner) => {
            out.push_str(&pad);
            out.push('&');
            out.push_str(name);
            out.push(' ');
            flow(inner, out);
            out.push('\n');
        }
        Y::Anchor(name, inner) => {
            out.push_str(&pad);
            out.push('&');
            out.push_str(name);
            out.push('\n');
            block(inner, indent, out);
        }
        Y::Seq(items) if items.is_empty() => {
            out.push_str(&pad);
            out.push_str("[]\n");
        }
        Y::Map(entries) if entries.is_empty() => {
            out.push_str(&pad);
            out.push_str("{}\n");
        }
        Y::Seq(items) => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                child(item, indent + 2, out);
            }
        }
        Y::Map(entries) => {
            for (key, value) in entries {
                out.push_str(&pad);
                out.push_str(key);
                out.push(':');
                child(value, indent + 2, out);
            }
        }
    }
}

/// Writes the value after `key:` or `-` (the indicator already written).
fn child(node: &Y, indent: usize, out: &mut String) {
    match node {
        _ if inline(node) => {
            out.push(' ');
            flow(node, out);
            out.push('\n');
        }
        Y::Anchor(name, inner) => {
            out.push_str(" &");
            out.push_str(name);
            out.push('\n');
            block(inner, indent, out);
        }
        _ => {
            out.push('\n');
            block(node, indent, out);
        }
    }
}

fn flow(node: &Y, out: &mut String) {
    match node {
        Y::Scalar(text) => out.push_str(text),
        Y::Alias(name) => {
            out.push('*');
            out.push_str(name);
        }
        Y::Flow(inner) => flow(inner, out),
        Y::Anchor(name, inner) => {
            out.push('&');
            out.push_str(name);
            out.push(' ');
            flow(inner, out);
        }
        Y::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, out);
            }
            out.push(']');
        }
        Y::Map(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(key);
                out.push_str(": ");
                flow(value, out);
            }
            out.push('}');
        }
    }
}

/// The same tree as JSON, when it holds no anchors (aliases become `null`).
fn to_json(node: &Y) -> Json {
    match node {
        Y::Scalar(text) => {
            serde_json::from_str(text).unwrap_or_else(|_| Json::String(text.clone()))
        }
        Y::Alias(_) => Json::Null,
        Y::Flow(inner) | Y::Anchor(_, inner) => to_json(inner),
        Y::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Y::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = serde_json::from_str::<String>(k).unwrap_or_else(|_| k.clone());
                    (key, to_json(v))
                })
                .collect(),
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies: arbitrary YAML.
// ---------------------------------------------------------------------------------------------

const REFS: &[&str] = &[
    "#/components/schemas/A",
    "#/components/schemas/B",
    "#/components/schemas/X",
    "#/",
    "#",
    "#/paths",
    "#/paths/~1x~1{id}/get",
    "#/components/schemas/A/properties/b",
    "other.yaml#/x",
    "other.yaml",
    "https://example.com/x.yaml#/y",
    "#bad",
    "#/%7E%",
    "#/components/schemas/A/allOf/0",
    "",
];

fn ref_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(REFS).prop_map(quoted),
        "[#/a-zA-Z~0-9%.{}]{0,20}".prop_map(|r| quoted(&r)),
    ]
}

/// One scalar of any YAML kind, written as it appears in a file.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_ ./-]{0,10}",
        any::<String>().prop_map(|t| quoted(&t)),
        "[a-z' ]{0,8}".prop_map(|t| format!("'{}'", t.replace('\'', "''"))),
        any::<i64>().prop_map(|i| i.to_string()),
        any::<u64>().prop_map(|i| i.to_string()),
        any::<u32>().prop_map(|i| format!("0x{i:X}")),
        any::<u32>().prop_map(|i| format!("0o{i:o}")),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        prop::sample::select(vec![
            "true",
            "false",
            "True",
            "FALSE",
            "null",
            "Null",
            "~",
            "\"\"",
            "''",
            ".inf",
            "-.Inf",
            ".nan",
            "1e400",
            "-0",
            "+12",
            "1.",
            ".5",
            "1e3",
            "0x",
            "0o9",
            "!!str 12",
            "!!int 0x1F",
            "!!float x",
            "!custom v",
            "yes",
            "no",
            "1_000",
            "2024-01-01",
            "9223372036854775808",
            "-9223372036854775809",
        ])
        .prop_map(String::from),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "$ref", "type", "properties", "items", "a", "b", "openapi", "paths", "components",
            "schemas", "A", "B", "required", "enum", "1", "null", "~", "x-ext",
        ])
        .prop_map(String::from),
        1 => "[a-z]{1,6}",
        1 => any::<String>().prop_map(|t| quoted(&t)),
        1 => any::<i32>().prop_map(|i| i.to_string()),
    ]
}

fn anchor_name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c"]).prop_map(String::from)
}

fn arbitrary_yaml() -> impl Strategy<Value = Y> {
    let leaf = prop_oneof![
        6 => scalar().prop_map(Y::Scalar),
        1 => anchor_name().prop_map(Y::Alias),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            3 => prop::collection::vec(inner.clone(), 0..6).prop_map(Y::Seq),
            4 => prop::collection::vec((key(), inner.clone()), 0..6).prop_map(Y::Map),
            2 => ref_value().prop_map(|r| Y::Map(vec![("$ref".into(), Y::Scalar(r))])),
            1 => (anchor_name(), inner.clone()).prop_map(|(n, y)| Y::Anchor(n, Box::new(y))),
            1 => inner.prop_map(|y| Y::Flow(Box::new(y))),
        ]
    })
}

// ---------------------------------------------------------------------------------------------
// Strategies: OpenAPI-shaped documents.
// ---------------------------------------------------------------------------------------------

const SCHEMA_NAMES: &[&str] = &["A", "B", "C", "D"];

fn schema_ref() -> impl Strategy<Value = Y> {
    prop_oneof![
        4 => prop::sample::select(SCHEMA_NAMES)
            .prop_map(|n| s(&format!("#/components/schemas/{n}"))),
        1 => ref_value().prop_map(Y::Scalar),
    ]
    .prop_map(|r| Y::Map(vec![("$ref".into(), r)]))
}

/// Regex-ish text: valid, invalid, ECMA-only and pathological patterns.
fn pattern() -> impl Strategy<Value = Y> {
    prop_oneof![
        "[a-z0-9()\\[\\]{}^$*+?|.\\\\,:=!<>-]{0,16}".prop_map(|p| s(&p)),
        prop::sample::select(vec![
            "^[a-z]+$",
            "(",
            "[",
            "a{2,1}",
            "(?<n>x)\\k<n>",
            "(?=a)b",
            "(?<!a)b",
            "\\p{L}+",
            "(a+)+$",
            "\\",
            "a{99999}",
            "[\\d-z]",
            "\\cJ",
            "\\u{1F600}",
            "(?i)x",
            "\\1(a)",
            "^(?:[A-Za-z0-9+/]{4})*$",
            "[^]",
            "[]",
            "x**",
            "\\bq\\B",
            "{",
            "a{,3}",
        ])
        .prop_map(s),
        scalar().prop_map(Y::Scalar),
    ]
}

fn type_name() -> impl Strategy<Value = Y> {
    prop_oneof![
        8 => prop::sample::select(vec![
            "string", "integer", "number", "boolean", "array", "object", "null", "int", "",
        ])
        .prop_map(s),
        1 => scalar().prop_map(Y::Scalar),
        1 => Just(Y::Seq(vec![s("string"), s("null")])),
    ]
}

fn number() -> impl Strategy<Value = Y> {
    prop_oneof![
        (-5i64..20).prop_map(|i| Y::Scalar(i.to_string())),
        scalar().prop_map(Y::Scalar),
    ]
}

fn json_scalar_or_small() -> impl Strategy<Value = Y> {
    let leaf = scalar().prop_map(Y::Scalar);
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Y::Seq),
            prop::collection::vec((prop::sample::select(vec!["id", "name", "a"]), inner), 0..3)
                .prop_map(|e| Y::Map(e.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

fn schema() -> impl Strategy<Value = Y> {
    let leaf = prop_oneof![
        3 => schema_ref(),
        2 => type_name().prop_map(|t| Y::Map(vec![("type".into(), t)])),
        1 => Just(Y::Map(vec![])),
        1 => scalar().prop_map(Y::Scalar),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        let keyword = prop_oneof![
            3 => type_name().prop_map(|v| ("type", v)),
            1 => prop::sample::select(vec!["int32", "int64", "date-time", "byte", "uuid", "x"])
                .prop_map(|f| ("format", s(f))),
            1 => number().prop_map(|v| ("minLength", v)),
            1 => number().prop_map(|v| ("maxLength", v)),
            1 => number().prop_map(|v| ("minimum", v)),
            1 => number().prop_map(|v| ("maximum", v)),
            1 => number().prop_map(|v| ("minItems", v)),
            1 => number().prop_map(|v| ("maxItems", v)),
            1 => number().prop_map(|v| ("multipleOf", v)),
            1 => scalar().prop_map(|v| ("exclusiveMinimum", Y::Scalar(v))),
            2 => pattern().prop_map(|v| ("pattern", v)),
            2 => prop::collection::vec(json_scalar_or_small(), 0..4)
                .prop_map(|v| ("enum", Y::Seq(v))),
            2 => json_scalar_or_small().prop_map(|v| ("default", v)),
            2 => json_scalar_or_small().prop_map(|v| ("example", v)),
            1 => scalar().prop_map(|v| ("nullable", Y::Scalar(v))),
            1 => Just(("nullable", Y::Scalar("true".into()))),
            1 => scalar().prop_map(|v| ("uniqueItems", Y::Scalar(v))),
            1 => scalar().prop_map(|v| ("readOnly", Y::Scalar(v))),
            2 => prop::collection::vec(inner.clone(), 0..3).prop_map(|v| ("allOf", Y::Seq(v))),
            1 => prop::collection::vec(inner.clone(), 0..3).prop_map(|v| ("anyOf", Y::Seq(v))),
            1 => prop::collection::vec(inner.clone(), 0..3).prop_map(|v| ("oneOf", Y::Seq(v))),
            1 => inner.clone().prop_map(|v| ("not", v)),
            2 => inner.clone().prop_map(|v| ("items", v)),
            1 => inner.clone().prop_map(|v| ("additionalProperties", v)),
            3 => prop::collection::vec(
                (prop::sample::select(vec!["id", "name", "a", "b", "A"]), inner.clone()),
                0..4,
            )
            .prop_map(|e| (
                "properties",
                Y::Map(e.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            )),
            2 => prop::collection::vec(
                prop::sample::select(vec!["id", "name", "a", "missing", ""]).prop_map(s),
                0..3,
            )
            .prop_map(|v| ("required", Y::Seq(v))),
            1 => scalar().prop_map(|v| ("required", Y::Scalar(v))),
            1 => prop::sample::select(SCHEMA_NAMES).prop_map(|n| (
                "discriminator",
                Y::map(vec![("propertyName", s(n))])
            )),
            1 => ref_value().prop_map(|r| ("$ref", Y::Scalar(r))),
            1 => scalar().prop_map(|v| ("bogusKeyword", Y::Scalar(v))),
            1 => scalar().prop_map(|v| ("x-extension", Y::Scalar(v))),
        ];
        prop::collection::vec(keyword, 0..7).prop_map(dedup_entries)
    })
}

/// A mapping from the entries, keeping the first of each key (duplicates are tested apart).
fn dedup_entries(entries: Vec<(&'static str, Y)>) -> Y {
    let mut out: Vec<(String, Y)> = Vec::new();
    for (k, v) in entries {
        if !out.iter().any(|(seen, _)| seen == k) {
            out.push((k.to_string(), v));
        }
    }
    Y::Map(out)
}

fn parameter() -> impl Strategy<Value = Y> {
    (
        prop::sample::select(vec!["id", "name", "limit", "X-Token", ""]),
        prop::sample::select(vec!["path", "query", "header", "cookie", "body", "?"]),
        prop::option::of(scalar()),
        prop::option::of(schema()),
        prop::option::of(json_scalar_or_small()),
        any::<bool>(),
    )
        .prop_map(|(name, place, required, schema, example, as_ref)| {
            if as_ref {
                return Y::map(vec![(
                    "$ref",
                    s(&format!("#/components/parameters/{name}")),
                )]);
            }
            let mut e = vec![("name", s(name)), ("in", s(place))];
            if let Some(r) = required {
                e.push(("required", Y::Scalar(r)));
            }
            if let Some(schema) = schema {
                e.push(("schema", schema));
            }
            if let Some(x) = example {
                e.push(("example", x));
            }
            Y::map(e)
        })
}

fn media() -> impl Strategy<Value = Y> {
    (
        prop::option::of(schema()),
        prop::option::of(json_scalar_or_small()),
    )
        .prop_map(|(schema, example)| {
            let mut e = Vec::new();
            if let Some(schema) = schema {
                e.push(("schema", schema));
            }
            if let Some(x) = example {
                e.push(("example", x));
            }
            Y::map(vec![("application/json", Y::map(e))])
        })
}

fn operation() -> impl Strategy<Value = Y> {
    (
        prop::option::of(prop::sample::select(vec!["getA", "getB", "listA", ""])),
        prop::collection::vec(parameter(), 0..3),
        prop::option::of(media()),
        prop::collection::vec(
            (
                prop::sample::select(vec!["200", "201", "default", "4XX", "abc", "200 "]),
                prop::option::of(scalar()),
                prop::option::of(media()),
            ),
            0..3,
        ),
        prop::option::of(prop::sample::select(vec!["token", "missing", "oauth"])),
    )
        .prop_map(|(id, params, body, responses, security)| {
            let mut e = Vec::new();
            if let Some(id) = id {
                e.push(("operationId", s(id)));
            }
            if !params.is_empty() {
                e.push(("parameters", Y::Seq(params)));
            }
            if let Some(body) = body {
                e.push(("requestBody", Y::map(vec![("content", body)])));
            }
            let mut rs: Vec<(String, Y)> = Vec::new();
            for (code, description, content) in responses {
                let code = quoted(code);
                if rs.iter().any(|(c, _)| *c == code) {
                    continue;
                }
                let mut r = Vec::new();
                if let Some(d) = description {
                    r.push(("description", Y::Scalar(d)));
                }
                if let Some(c) = content {
                    r.push(("content", c));
                }
                rs.push((code, Y::map(r)));
            }
            e.push(("responses", Y::Map(rs)));
            if let Some(name) = security {
                e.push((
                    "security",
                    Y::Seq(vec![Y::map(vec![(name, Y::Seq(vec![]))])]),
                ));
            }
            Y::map(e)
        })
}

fn path_item() -> impl Strategy<Value = Y> {
    (
        prop::collection::vec(
            (
                prop::sample::select(vec!["get", "post", "put", "delete", "patch", "fetch"]),
                operation(),
            ),
            0..3,
        ),
        prop::collection::vec(parameter(), 0..2),
    )
        .prop_map(|(ops, params)| {
            let mut e = Vec::new();
            for (method, op) in ops {
                e.push((method, op));
            }
            if !params.is_empty() {
                e.push(("parameters", Y::Seq(params)));
            }
            dedup_entries(e)
        })
}

/// How the generated `components/schemas` are tied together (beyond random `$ref`s).
#[derive(Debug, Clone, Copy)]
enum Cycles {
    None,
    SelfRef,
    TwoCycle,
    RequiredTwoCycle,
    ArrayCycle,
}

fn openapi_document() -> impl Strategy<Value = Y> {
    (
        prop::sample::select(vec!["3.0.3", "3.0.0", "3.1.0", "2.0", ""]),
        prop::option::of(scalar()),
        prop::collection::vec(
            (
                prop::sample::select(vec![
                    "/x",
                    "/x/{id}",
                    "/x/{name}",
                    "/y/{id}/z/{limit}",
                    "y",
                    "/{",
                    "/",
                ]),
                path_item(),
            ),
            0..4,
        ),
        prop::collection::vec((prop::sample::select(SCHEMA_NAMES), schema()), 0..5),
        prop_oneof![
            4 => Just(Cycles::None),
            1 => Just(Cycles::SelfRef),
            1 => Just(Cycles::TwoCycle),
            2 => Just(Cycles::RequiredTwoCycle),
            1 => Just(Cycles::ArrayCycle),
        ],
        prop::collection::vec(parameter(), 0..2),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec!["{region}", "{missing}", "{"])),
    )
        .prop_map(
            |(version, title, paths, schemas, cycles, params, security, server)| {
                let mut doc: Vec<(&str, Y)> = vec![("openapi", s(version))];
                let mut info = vec![("version", s("1"))];
                if let Some(t) = title {
                    info.push(("title", Y::Scalar(t)));
                }
                doc.push(("info", Y::map(info)));
                if let Some(url) = server {
                    doc.push((
                        "servers",
                        Y::Seq(vec![Y::map(vec![
                            ("url", s(&format!("https://{url}.example.com"))),
                            (
                                "variables",
                                Y::map(vec![(
                                    "region",
                                    Y::map(vec![
                                        ("default", s("a")),
                                        ("enum", Y::Seq(vec![s("b")])),
                                    ]),
                                )]),
                            ),
                        ])]),
                    ));
                }
                let paths: Vec<(&str, Y)> = paths.into_iter().collect();
                doc.push(("paths", dedup_entries(paths)));
                let mut schema_entries: Vec<(&str, Y)> = schemas.into_iter().collect();
                let cycle = |target: &str, required: bool| {
                    let mut e = vec![(
                        "properties",
                        Y::map(vec![(
                            "next",
                            Y::map(vec![("$ref", s(&format!("#/components/schemas/{target}")))]),
                        )]),
                    )];
                    e.insert(0, ("type", s("object")));
                    if required {
                        e.push(("required", Y::Seq(vec![s("next")])));
                    }
                    Y::map(e)
                };
                match cycles {
                    Cycles::None => {}
                    Cycles::SelfRef => schema_entries.insert(
                        0,
                        ("A", Y::map(vec![("$ref", s("#/components/schemas/A"))])),
                    ),
                    Cycles::TwoCycle => {
                        schema_entries.insert(
                            0,
                            ("A", Y::map(vec![("$ref", s("#/components/schemas/B"))])),
                        );
                        schema_entries.insert(
                            1,
                            ("B", Y::map(vec![("$ref", s("#/components/schemas/A"))])),
                        );
                    }
                    Cycles::RequiredTwoCycle => {
                        schema_entries.insert(0, ("A", cycle("B", true)));
                        schema_entries.insert(1, ("B", cycle("A", true)));
                    }
                    Cycles::ArrayCycle => schema_entries.insert(
                        0,
                        (
                            "A",
                            Y::map(vec![
                                ("type", s("array")),
                                (
                                    "items",
                                    Y::map(vec![(
                                        "allOf",
                                        Y::Seq(vec![Y::map(vec![(
                                            "$ref",
                                            s("#/components/schemas/A"),
                                        )])]),
                                    )]),
                                ),
                                ("example", Y::Seq(vec![Y::Seq(vec![])])),
                            ]),
                        ),
                    ),
                }
                let mut components = vec![("schemas", dedup_entries(schema_entries))];
                if !params.is_empty() {
                    let named: Vec<(&str, Y)> = params
                        .into_iter()
                        .zip(["id", "name"])
                        .map(|(p, n)| (n, p))
                        .collect();
                    components.push(("parameters", Y::map(named)));
                }
                if security {
                    components.push((
                        "securitySchemes",
                        Y::map(vec![
                            (
                                "token",
                                Y::map(vec![
                                    ("type", s("apiKey")),
                                    ("in", s("header")),
                                    ("name", s("X-Auth-Token")),
                                ]),
                            ),
                            ("oauth", Y::map(vec![("type", s("oauth2"))])),
                        ]),
                    ));
                    doc.push((
                        "security",
                        Y::Seq(vec![Y::map(vec![("token", Y::Seq(vec![]))])]),
                    ));
                }
                doc.push(("components", Y::map(components)));
                Y::map(doc)
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Strategies: documents meant to generate (so lowering, emitting and formatting run).
// ---------------------------------------------------------------------------------------------

/// A number as written: mostly a whole number of `range`, now and then an odd one, rarely
/// one no check or Rust literal can hold.
fn number_in(range: std::ops::Range<i64>) -> impl Strategy<Value = String> {
    prop_oneof![
        40 => range.prop_map(|i| i.to_string()),
        3 => prop::sample::select(vec!["-1", "0.5", "1.5", "1e3", "-0", "2.5e-3", "1e308", "0x1F"])
            .prop_map(String::from),
        1 => prop::sample::select(vec![
            ".inf", "-.inf", ".nan", "1e999", "-1e999", "1.0e30", "18446744073709551616",
            "9223372036854775808", "-9223372036854775809",
        ])
        .prop_map(String::from),
    ]
}

/// A bound or step as written: [`number_in`], or more often than there one that is not finite
/// (what once reached the emitter and crashed it).
fn bound_in(range: std::ops::Range<i64>) -> impl Strategy<Value = String> {
    prop_oneof![
        12 => number_in(range),
        1 => prop::sample::select(vec![".inf", "-.inf", ".nan", "1e999", "-1e999"])
            .prop_map(String::from),
    ]
}

/// Property, parameter and schema names, Rust keywords and awkward spellings among them.
fn awkward_name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "id", "name", "next", "type", "self", "Self", "mod", "out", "a-b", "1st", "", "x y",
    ])
}

/// A string, integer, number or boolean schema with numeric keywords, `enum` and `default`.
fn scalar_schema() -> impl Strategy<Value = Y> {
    (
        prop::sample::select(vec!["string", "integer", "number", "number", "boolean"]),
        prop::collection::vec(
            prop_oneof![
                (
                    prop::sample::select(vec!["minimum", "multipleOf"]),
                    bound_in(0..10)
                ),
                (Just("maximum"), bound_in(10..100)),
                (Just("minLength"), number_in(0..10)),
                (Just("maxLength"), number_in(10..100)),
            ],
            0..3,
        ),
        prop::option::of(prop::collection::vec(number_in(0..100), 1..3)),
        prop::option::of(number_in(0..100)),
        any::<bool>(),
    )
        .prop_map(|(ty, keywords, values, default, nullable)| {
            // A string schema lists strings; the others the numbers as written.
            let value = |text: String| match ty {
                "string" => s(&text),
                _ => Y::Scalar(text),
            };
            let mut e = vec![("type", s(ty))];
            for (keyword, number) in keywords {
                e.push((keyword, Y::Scalar(number)));
            }
            if let Some(values) = values {
                e.push(("enum", Y::Seq(values.into_iter().map(value).collect())));
            }
            if let Some(default) = default {
                e.push(("default", value(default)));
            }
            if nullable {
                e.push(("nullable", Y::Scalar("true".into())));
            }
            dedup_entries(e)
        })
}

fn generatable_schema() -> impl Strategy<Value = Y> {
    let leaf = prop_oneof![
        3 => scalar_schema(),
        2 => prop::sample::select(SCHEMA_NAMES)
            .prop_map(|n| Y::map(vec![("$ref", s(&format!("#/components/schemas/{n}")))])),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            2 => (
                inner.clone(),
                prop::option::of(number_in(0..3)),
                prop::option::of(number_in(3..10)),
                any::<bool>(),
            )
                .prop_map(|(items, min, max, unique)| {
                    let mut e = vec![("type", s("array")), ("items", items)];
                    if let Some(min) = min {
                        e.push(("minItems", Y::Scalar(min)));
                    }
                    if let Some(max) = max {
                        e.push(("maxItems", Y::Scalar(max)));
                    }
                    if unique {
                        e.push(("uniqueItems", Y::Scalar("true".into())));
                    }
                    Y::map(e)
                }),
            3 => (
                prop::collection::vec((awkward_name(), inner.clone()), 1..4),
                prop::collection::vec(awkward_name(), 0..3),
                prop::option::of(number_in(3..10)),
            )
                .prop_map(|(properties, required, max_properties)| {
                    let mut names: Vec<&str> = Vec::new();
                    let properties: Vec<(String, Y)> = properties
                        .into_iter()
                        .filter(|(n, _)| {
                            let new = !names.contains(n);
                            names.push(n);
                            new
                        })
                        .map(|(n, y)| (quoted(n), y))
                        .collect();
                    let mut e = vec![("type", s("object")), ("properties", Y::Map(properties))];
                    let required: Vec<&str> = required
                        .into_iter()
                        .filter(|r| names.contains(r))
                        .collect();
                    if !required.is_empty() {
                        e.push(("required", Y::Seq(required.into_iter().map(s).collect())));
                    }
                    if let Some(max) = max_properties {
                        e.push(("maxProperties", Y::Scalar(max)));
                    }
                    Y::map(e)
                }),
            1 => prop::collection::vec(inner.clone(), 1..3).prop_map(|v| Y::map(vec![("allOf", Y::Seq(v))])),
            1 => prop::collection::vec(inner, 1..3).prop_map(|v| Y::map(vec![("oneOf", Y::Seq(v))])),
        ]
    })
}

fn generatable_operation() -> impl Strategy<Value = Y> {
    (
        prop::collection::vec(
            (
                awkward_name(),
                prop::sample::select(vec!["query", "header", "cookie"]),
                scalar_schema(),
                any::<bool>(),
            ),
            0..3,
        ),
        prop::option::of(generatable_schema()),
        prop::option::of(generatable_schema()),
    )
        .prop_map(|(params, body, response)| {
            let mut seen: Vec<&str> = Vec::new();
            let params: Vec<Y> = params
                .into_iter()
                .filter(|(name, _, _, _)| {
                    let new = !name.is_empty() && !seen.contains(name);
                    seen.push(name);
                    new
                })
                .map(|(name, place, schema, required)| {
                    Y::map(vec![
                        ("name", s(name)),
                        ("in", s(place)),
                        ("required", Y::Scalar(required.to_string())),
                        ("schema", schema),
                    ])
                })
                .collect();
            let json =
                |schema: Y| Y::map(vec![("application/json", Y::map(vec![("schema", schema)]))]);
            let mut e = Vec::new();
            if !params.is_empty() {
                e.push(("parameters", Y::Seq(params)));
            }
            if let Some(body) = body {
                e.push(("requestBody", Y::map(vec![("content", json(body))])));
            }
            let mut ok = vec![("description", s("OK"))];
            if let Some(response) = response {
                ok.push(("content", json(response)));
            }
            e.push(("responses", Y::Map(vec![(quoted("200"), Y::map(ok))])));
            Y::map(e)
        })
}

fn generatable_document() -> impl Strategy<Value = Y> {
    (
        prop::collection::vec(
            (
                prop::sample::select(vec!["/a", "/b"]),
                prop::sample::select(vec!["get", "post", "put"]),
                generatable_operation(),
            ),
            1..4,
        ),
        prop::collection::vec(generatable_schema(), SCHEMA_NAMES.len()),
    )
        .prop_map(|(operations, schemas)| {
            // Every schema a `$ref` may name is defined.
            let schemas: Vec<(&str, Y)> = SCHEMA_NAMES.iter().copied().zip(schemas).collect();
            let mut paths: Vec<(String, Vec<(&str, Y)>)> = Vec::new();
            for (path, method, operation) in operations {
                match paths.iter_mut().find(|(p, _)| p == path) {
                    Some((_, methods)) => methods.push((method, operation)),
                    None => paths.push((path.to_string(), vec![(method, operation)])),
                }
            }
            let paths = paths
                .into_iter()
                .map(|(path, methods)| (quoted(&path), dedup_entries(methods)))
                .collect();
            Y::map(vec![
                ("openapi", s("3.0.3")),
                (
                    "info",
                    Y::map(vec![("title", s("Fuzz")), ("version", s("1"))]),
                ),
                ("paths", Y::Map(paths)),
                (
                    "components",
                    Y::map(vec![("schemas", dedup_entries(schemas))]),
                ),
            ])
        })
}

/// The tree as JSON text, numbers as written (YAML's non-finite ones as JSON's `1e999`).
fn json_text(node: &Y) -> String {
    match node {
        Y::Scalar(text) => match text.as_str() {
            ".inf" | ".nan" => "1e999".into(),
            "-.inf" => "-1e999".into(),
            "0x1F" => "31".into(),
            _ => text.clone(),
        },
        Y::Alias(_) => "null".into(),
        Y::Flow(inner) | Y::Anchor(_, inner) => json_text(inner),
        Y::Seq(items) => format!(
            "[{}]",
            items.iter().map(json_text).collect::<Vec<_>>().join(", ")
        ),
        Y::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| {
                    let key = serde_json::from_str::<String>(k).unwrap_or_else(|_| k.clone());
                    format!("{}: {}", quoted(&key), json_text(v))
                })
                .collect::<Vec<_>>()
                .join(",\n")
        ),
    }
}

/// A JSON value for the evaluator.
fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<f64>().prop_map(Json::from),
        "[a-z0-9 ]{0,6}".prop_map(Json::String),
        any::<String>().prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec!["id", "name", "a", "b", "next"]),
                    inner
                ),
                0..4
            )
            .prop_map(|e| Json::Object(e.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

// ---------------------------------------------------------------------------------------------
// Strategies: mutations of small valid documents.
// ---------------------------------------------------------------------------------------------

const PETSTORE: &str = r##"openapi: 3.0.3
info:
  title: Pets
  version: "1.0"
servers:
  - url: https://{region}.example.com/v1
    variables:
      region:
        default: cn-north-4
        enum: [cn-north-4, ap-southeast-1]
paths:
  /pets/{pet_id}:
    parameters:
      - $ref: '#/components/parameters/PetId'
    get:
      operationId: showPet
      security:
        - token: []
      responses:
        "200":
          description: A pet
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
              example: {id: 1, name: rex, tag: dog}
        default:
          description: Error
components:
  parameters:
    PetId:
      name: pet_id
      in: path
      required: true
      schema: {type: string, pattern: '^[0-9a-f]{32}$', minLength: 32, maxLength: 32}
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, format: int64, minimum: 1}
        name: {type: string, maxLength: 64, default: rex}
        tag: {type: string, enum: [dog, cat], nullable: true}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      properties:
        pets:
          type: array
          items: {$ref: '#/components/schemas/Pet'}
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Auth-Token}
"##;

const SERVERS_JSON: &str = r##"{
  "openapi": "3.0.0",
  "info": {"title": "ECS", "version": "v2"},
  "paths": {
    "/v2/{project_id}/servers": {
      "post": {
        "operationId": "CreateServers",
        "parameters": [
          {"name": "project_id", "in": "path", "required": true, "schema": {"type": "string"}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 25}}
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {"$ref": "#/components/schemas/CreateServersRequest"},
              "example": {"server": {"name": "web-01", "flavorRef": "s6.small.1", "count": 2}}
            }
          }
        },
        "responses": {
          "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object", "properties": {"job_id": {"type": "string"}}}}}}
        }
      }
    }
  },
  "components": {
    "schemas": {
      "CreateServersRequest": {
        "type": "object",
        "required": ["server"],
        "properties": {
          "server": {
            "allOf": [
              {"$ref": "#/components/schemas/ServerBase"},
              {"type": "object", "properties": {"count": {"type": "integer", "minimum": 1, "maximum": 500}}}
            ]
          }
        }
      },
      "ServerBase": {
        "type": "object",
        "required": ["name", "flavorRef"],
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 63, "pattern": "^[a-zA-Z0-9_.-]+$"},
          "flavorRef": {"type": "string"},
          "metadata": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 255}}
        }
      }
    }
  }
}
"##;

const ANCHORS: &str = r##"openapi: 3.0.3
info: {title: Volumes, version: '2'}
paths:
  /volumes:
    get:
      operationId: listVolumes
      parameters:
        - &limit
          name: limit
          in: query
          schema: {type: integer, minimum: 0, maximum: 1000, example: 10}
      responses:
        '200': &ok
          description: OK
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Volume'}}
  /snapshots:
    get:
      operationId: listSnapshots
      parameters: [*limit]
      responses: {'200': *ok}
components:
  schemas:
    Volume:
      type: object
      properties:
        size: {type: integer, multipleOf: 10, minimum: 10, maximum: 32768}
        status: {type: string, enum: [available, in-use, error]}
        links:
          type: array
          items: {oneOf: [{type: string}, {$ref: '#/components/schemas/Volume'}]}
"##;

const SEEDS: &[&str] = &[PETSTORE, SERVERS_JSON, ANCHORS];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(prop::sample::Index, usize),
    Insert(prop::sample::Index, Vec<u8>),
    Replace(prop::sample::Index, u8),
    Duplicate(prop::sample::Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        any::<u8>(),
        prop::sample::select(b"\n\t :-[]{}&*!|>'\"#%@`,?$\\".to_vec()),
    ];
    prop_oneof![
        (any::<prop::sample::Index>(), 1usize..8).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (
            any::<prop::sample::Index>(),
            prop::collection::vec(interesting.clone(), 1..6)
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<prop::sample::Index>(), interesting).prop_map(|(i, b)| Mutation::Replace(i, b)),
        (any::<prop::sample::Index>(), 1usize..40).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn mutate(seed: &str, mutations: &[Mutation]) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len();
        match m {
            Mutation::Delete(at, n) if len > 0 => {
                let at = at.index(len);
                bytes.drain(at..(at + n).min(len));
            }
            Mutation::Insert(at, b) => {
                let at = at.index(len + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Replace(at, b) if len > 0 => bytes[at.index(len)] = *b,
            Mutation::Duplicate(at, n) if len > 0 => {
                let at = at.index(len);
                let chunk = bytes[at..(at + n).min(len)].to_vec();
                bytes.splice(at..at, chunk);
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Proptest settings: every case in a forked child (a stack overflow or abort is then a
/// reported, shrunk failure instead of killing the test binary), a per-case time limit (so
/// "always terminates" is checked too) and no regression files written into the source tree.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        fork: true,
        timeout: 20_000,
        failure_persistence: None,
        max_global_rejects: 4096,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        exercise(&text);
    }

    #[test]
    fn yaml_alphabet_soup_never_panics(
        text in "[-a-z0-9 :\\n\\t\\[\\]{}&*!|>'\"#%@,?$/~.]{0,200}"
    ) {
        exercise(&text);
    }
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn arbitrary_yaml_never_panics(doc in arbitrary_yaml()) {
        let text = emit(&doc);
        exercise(&text);
    }

    #[test]
    fn mutated_documents_never_panic(
        seed in prop::sample::select(SEEDS),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let text = mutate(seed, &mutations);
        exercise(&text);
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn openapi_documents_never_panic(doc in openapi_document(), as_json in any::<bool>()) {
        let text = if as_json {
            serde_json::to_string_pretty(&to_json(&doc)).expect("json")
        } else {
            emit(&doc)
        };
        let (docs, _) = load_and_check(&text);
        evaluate_everything(&docs, &sample_values());
    }

    #[test]
    fn evaluator_never_panics(
        schema in schema(),
        defs in prop::collection::vec((prop::sample::select(SCHEMA_NAMES), schema()), 0..4),
        values in prop::collection::vec(json_value(), 1..6),
    ) {
        let defs: Vec<(&str, Y)> = defs.into_iter().collect();
        let doc = Y::map(vec![
            ("openapi", s("3.0.3")),
            ("info", Y::map(vec![("title", s("t")), ("version", s("1"))])),
            ("paths", Y::map(vec![])),
            ("components", Y::map(vec![("schemas", dedup_entries(
                std::iter::once(("Root", schema)).chain(defs).collect(),
            ))])),
        ]);
        let text = emit(&doc);
        let (docs, _) = load_and_check(&text);
        evaluate_everything(&docs, &values);
    }
}

proptest! {
    #![proptest_config(config(160))]

    /// Documents that are mostly valid, so that most of them are emitted and formatted.
    #[test]
    fn generatable_documents_never_panic(
        doc in generatable_document(),
        as_json in any::<bool>(),
        stem in prop::sample::select(vec!["api", "type", "mod", "self", "1st", "my-api"]),
    ) {
        let (name, text) = if as_json {
            (format!("{stem}.json"), json_text(&doc))
        } else {
            (format!("{stem}.yaml"), emit(&doc))
        };
        load_and_check_as(&name, &text);
    }
}

#[test]
fn seeds_are_valid_documents() {
    for seed in SEEDS {
        let findings = exercise(seed);
        let errors: Vec<_> = findings.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn emitter_writes_what_the_reader_reads() {
    let doc = Y::map(vec![
        (
            "a",
            Y::Seq(vec![s("x"), Y::map(vec![("b", Y::Scalar("1".into()))])]),
        ),
        (
            "c",
            Y::Anchor("n".into(), Box::new(Y::map(vec![("d", Y::Seq(vec![]))]))),
        ),
        ("e", Y::Alias("n".into())),
        (
            "f",
            Y::Flow(Box::new(Y::map(vec![("g", Y::Seq(vec![s("h")]))]))),
        ),
    ]);
    let text = emit(&doc);
    let docs = DocSet::from_text("emit.yaml", &text);
    assert!(docs.findings.is_empty(), "{text}\n{:#?}", docs.findings);
    let tree = docs.tree(docs.entries[0]).expect("parsed");
    assert_eq!(tree.pointer("/e/d").map(Node::kind), Some("array"));
    assert_eq!(tree.pointer("/f/g/0").and_then(Node::as_str), Some("h"));
}

// ---------------------------------------------------------------------------------------------
// Pathological inputs.
// ---------------------------------------------------------------------------------------------

fn exercise_on_small_stack(text: String) -> Vec<Diagnostic> {
    on_small_stack(move || exercise(&text))
}

#[test]
fn deeply_nested_flow_sequences() {
    let findings = exercise_on_small_stack("[".repeat(10_000));
    assert!(!findings.is_empty());
    let closed = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let findings = exercise_on_small_stack(closed);
    assert!(findings.iter().any(|d| d.rule == "syntax"), "{findings:?}");
}

#[test]
fn deeply_nested_flow_mappings() {
    let text = format!("{}{}", "{a: ".repeat(10_000), "}".repeat(10_000));
    let findings = exercise_on_small_stack(text);
    assert!(findings.iter().any(|d| d.rule == "syntax"), "{findings:?}");
}

/// `depth` block mappings, each indented one space more than its parent.
fn nested_block_mappings(depth: usize) -> String {
    let mut text = String::with_capacity(depth * depth / 2 + 4 * depth);
    for level in 0..depth {
        text.push_str(&" ".repeat(level));
        text.push_str("a:\n");
    }
    text
}

fn nested_block_sequences(depth: usize) -> String {
    let mut text = String::new();
    for level in 0..depth {
        text.push_str(&" ".repeat(level));
        text.push_str("-\n");
    }
    text
}

#[test]
fn block_nesting_past_the_depth_limit_is_refused() {
    for text in [nested_block_mappings(300), nested_block_sequences(300)] {
        let findings = exercise_on_small_stack(text);
        assert!(
            findings
                .iter()
                .any(|d| d.rule == "syntax" && d.message.contains("nesting")),
            "{findings:?}"
        );
    }
}

#[test]
fn deeply_indented_block_mappings() {
    // 10,000 levels at one space each: ~50 MB of indentation.
    let findings = exercise_on_small_stack(nested_block_mappings(10_000));
    assert!(findings.iter().any(|d| d.rule == "syntax"), "{findings:?}");
}

#[test]
fn deeply_indented_block_sequences() {
    exercise_on_small_stack(nested_block_sequences(10_000));
}

/// Minimal reproduction: `a:` nested 1,000 deep (one more space per line) overflows a 2 MiB
/// stack in `DocSet::from_text` alone (debug: from ~700 levels; sequences from ~1,000).
#[test]
fn regression_block_nesting_overflows_the_loader() {
    let text = nested_block_mappings(1_000);
    on_small_stack(move || DocSet::from_text("deep.yaml", &text));
}

#[test]
fn one_megabyte_single_line_string() {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: {}, version: '1'}}\n",
        "x".repeat(1 << 20)
    );
    let findings = exercise_on_small_stack(text);
    assert!(findings.iter().all(|d| d.rule != "syntax"), "{findings:?}");
    exercise_on_small_stack("y".repeat(1 << 20));
    exercise_on_small_stack(format!("\"{}", "z".repeat(1 << 20)));
}

#[test]
fn billion_laughs_is_refused() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let prev = level - 1;
        let aliases = vec![format!("*a{prev}"); 9].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
    }
    let findings = exercise_on_small_stack(text);
    assert!(
        findings
            .iter()
            .any(|d| d.rule == "syntax" && d.message.contains("aliases")),
        "{findings:?}"
    );
}

#[test]
fn alias_bomb_inside_a_schema() {
    // Just under the alias limit: the tree is large but legal, and every rule must walk it.
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    text.push_str("    L0: &l0 {type: object, properties: {a: {type: string}}}\n");
    for level in 1..6 {
        let prev = level - 1;
        let props: Vec<String> = (0..6).map(|i| format!("p{i}: *l{prev}")).collect();
        text.push_str(&format!(
            "    L{level}: &l{level} {{type: object, properties: {{{}}}}}\n",
            props.join(", ")
        ));
    }
    exercise_on_small_stack(text);
}

fn ref_chain(len: usize) -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: x\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\n              example: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..len {
        text.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    text.push_str(&format!(
        "    S{len}: {{type: object, default: {{}}, example: {{}}}}\n"
    ));
    text
}

#[test]
fn moderate_ref_chain() {
    exercise_on_small_stack(ref_chain(100));
}

#[test]
fn long_ref_chain() {
    exercise_on_small_stack(ref_chain(1_000));
}

fn ref_chain_through_properties(len: usize) -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..len {
        text.push_str(&format!(
            "    S{i}: {{type: object, required: [n], properties: {{n: {{$ref: '#/components/schemas/S{}'}}}}, example: {{n: {{}}}}}}\n",
            i + 1
        ));
    }
    text.push_str(&format!(
        "    S{len}: {{type: object, required: [n], properties: {{n: {{$ref: '#/components/schemas/S0'}}}}}}\n"
    ));
    text
}

#[test]
fn moderate_ref_chain_through_properties() {
    exercise_on_small_stack(ref_chain_through_properties(100));
}

#[test]
fn long_ref_chain_through_properties() {
    exercise_on_small_stack(ref_chain_through_properties(1_000));
}

#[test]
fn long_ref_cycle() {
    let mut text = ref_chain(1_000);
    text.push_str("    Loop: {$ref: '#/components/schemas/S0'}\n");
    let text = text.replace(
        "S1000: {type: object, default: {}, example: {}}",
        "S1000: {$ref: '#/components/schemas/S0'}",
    );
    let findings = exercise_on_small_stack(text);
    assert!(
        findings.iter().any(|d| d.rule == "ref-cycle"),
        "{findings:?}"
    );
}

#[test]
fn self_referencing_root() {
    for reference in ["#", "#/", "", "#/components", "#/components/schemas"] {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    $ref: '{reference}'\ncomponents:\n  schemas:\n    A: {{$ref: '{reference}'}}\n    B:\n      type: array\n      items: {{$ref: '{reference}'}}\n      example: [[1]]\n"
        );
        exercise_on_small_stack(text);
    }
    exercise_on_small_stack("$ref: '#'\n".into());
    exercise_on_small_stack("a: {$ref: '#'}\nb: {$ref: '#/a'}\n".into());
}

#[test]
fn empty_and_whitespace_documents() {
    for text in [
        "",
        " ",
        "\n",
        "---",
        "---\n...\n",
        "# comment",
        "\u{feff}",
        "~",
        "[]",
        "{}",
    ] {
        exercise_on_small_stack(text.to_string());
    }
}

// ---------------------------------------------------------------------------------------------
// Minimal reproductions of bugs found by these properties (fixed; kept as regressions).
// ---------------------------------------------------------------------------------------------

#[test]
fn regression_self_referencing_schema() {
    exercise_on_small_stack(
        "components:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n".into(),
    );
}

#[test]
fn regression_two_schema_ref_cycle() {
    exercise_on_small_stack(
        "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n"
            .into(),
    );
}

#[test]
fn regression_recursive_array_schema() {
    exercise_on_small_stack(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: array, items: {$ref: '#/components/schemas/A'}}\n"
            .into(),
    );
}

#[test]
fn regression_property_referencing_itself() {
    exercise_on_small_stack(
        "components:\n  schemas:\n    A: {properties: {b: {$ref: '#/components/schemas/A/properties/b'}}}\n"
            .into(),
    );
}

#[test]
fn regression_self_referencing_parameter() {
    exercise_on_small_stack(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      parameters: [{$ref: '#/components/parameters/id'}]\n      responses: {}\ncomponents:\n  parameters:\n    id: {$ref: '#/components/parameters/id'}\n"
            .into(),
    );
}

/// Runs `f` on a small-stack thread and fails if it has not finished within `seconds` (the
/// thread is left running; the test process ends with the test binary).
fn finishes_within(seconds: u64, f: impl FnOnce() + Send + 'static) {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || {
            f();
            let _ = done.send(());
        })
        .expect("spawn");
    finished
        .recv_timeout(std::time::Duration::from_secs(seconds))
        .unwrap_or_else(|_| panic!("did not finish within {seconds} s"));
}

const ALL_OF_SELF_TWICE: &str = "components:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/A'}]}\n";

#[test]
fn regression_all_of_naming_itself_twice_hangs_check() {
    finishes_within(10, || {
        load_and_check(ALL_OF_SELF_TWICE);
    });
}

#[test]
fn regression_all_of_naming_itself_twice_hangs_the_evaluator() {
    finishes_within(10, || {
        let docs = DocSet::from_text("all_of.yaml", ALL_OF_SELF_TWICE);
        let tree = docs.tree(docs.entries[0]).expect("parsed");
        let schema = tree.pointer("/components/schemas/A").expect("schema");
        Evaluator::new(&docs).validate(docs.entries[0], schema, &json!({}));
    });
}

/// `unevaluatedProperties` asks what the in-place subschemas evaluated; a schema naming
/// itself twice (through `allOf`, or `anyOf`) made that 2^depth questions.
const UNEVALUATED_SELF_TWICE: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/C'}], unevaluatedProperties: false}\n    B: {allOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/B'}]}\n    C: {anyOf: [{$ref: '#/components/schemas/C'}, {$ref: '#/components/schemas/C'}]}\n";

#[test]
fn regression_unevaluated_properties_over_a_self_naming_schema_hangs_the_evaluator() {
    finishes_within(10, || {
        let docs = DocSet::from_text("unevaluated.yaml", UNEVALUATED_SELF_TWICE);
        let tree = docs.tree(docs.entries[0]).expect("parsed");
        let schema = tree.pointer("/components/schemas/A").expect("schema");
        let found = Evaluator::new(&docs).validate(docs.entries[0], schema, &json!({"a": 1}));
        assert!(
            found.iter().any(|v| v.keyword == "unevaluatedProperties"),
            "{found:?}"
        );
    });
}

/// A bound that is not finite reached the emitter, whose float literal asserted finiteness.
#[test]
fn regression_non_finite_bound_panics_the_emitter() {
    for bound in [
        "maximum: .inf",
        "minimum: -.inf",
        "multipleOf: .nan",
        "maximum: 1e999",
    ] {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      \
             operationId: getX\n      parameters:\n        - name: n\n          in: query\n          \
             schema: {{type: number, {bound}}}\n      responses:\n        '200': {{description: OK}}\n"
        );
        let findings = exercise(&text);
        assert!(
            findings
                .iter()
                .any(|d| d.rule == "number-invalid" && d.line == 10),
            "{bound}: {findings:#?}"
        );
    }
}

#[test]
fn regression_percent_before_multibyte_char() {
    DocSet::from_text("percent.yaml", "$ref: '%€'\n");
}
