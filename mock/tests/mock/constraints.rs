//! Every constraint of `spec/`'s requests broken, one at a time, in a request that is
//! otherwise the page's example: the mock must refuse each with the documented status and a
//! message naming the field and the keyword, as the client prints it. The constraints are
//! found here by walking the documents, independently of the mock's own reading of them.

use std::path::PathBuf;

use hwcloud::validation::ValidationError;
use hwcloud::vpc;
use hwcloud_codegen::base::Patterns;
use hwcloud_codegen::load::node::{escape_token, Node};
use hwcloud_codegen::load::source::FileId;
use hwcloud_codegen::load::DocSet;
use hwcloud_constraints::pointer_text;
use serde_json::{json, Value};

use crate::support::{examples, mock, send};

/// One constraint to break: where, which keyword, and the value that breaks it.
#[derive(Debug)]
struct Case {
    operation: &'static str,
    location: &'static str,
    /// The pointer in the body, or the parameter's name.
    pointer: String,
    keyword: &'static str,
    broken: Broken,
}

impl Case {
    /// Whether `message` lists this case's violation as the client prints it, `location
    /// pointer: what is wrong (keyword)`; a missing property is reported at the object that
    /// lacks it, with its name.
    fn listed_in(&self, message: &str) -> bool {
        let (at, needle) = match (&self.broken, self.pointer.rsplit_once('/')) {
            (Broken::Body(None), Some((parent, name))) => {
                (parent, format!("required property `{name}` is missing"))
            }
            _ => (self.pointer.as_str(), String::new()),
        };
        let start = format!("{} {}: ", self.location, pointer_text(at));
        let end = format!("({})", self.keyword);
        let violations = message
            .split_once("violation(s): ")
            .map_or("", |(_, list)| list);
        violations
            .split("; ")
            .any(|line| line.starts_with(&start) && line.ends_with(&end) && line.contains(&needle))
    }
}

#[derive(Debug)]
enum Broken {
    /// The body with the value at the pointer replaced (`None`: removed).
    Body(Option<Value>),
    /// The parameter's value replaced.
    Param(String),
}

fn spec() -> DocSet {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec");
    DocSet::load(&[dir]).expect("spec/ loads")
}

fn follow<'d>(docs: &'d DocSet, mut file: FileId, mut node: &'d Node) -> (FileId, &'d Node) {
    while let Some(reference) = node.get("$ref").and_then(Node::as_str) {
        let target = docs.resolve(file, reference).expect("resolves");
        file = target.file;
        node = target.node;
    }
    (file, node)
}

/// A value breaking `keyword` of `schema`, or `None` when nothing can (`minLength: 0`).
fn breaking(keyword: &str, schema: &Node, patterns: &Patterns) -> Option<Value> {
    let number = |k: &str| schema.get(k).and_then(Node::as_f64);
    let count = |k: &str| schema.get(k).and_then(Node::as_u64);
    let integer = schema.get("type").and_then(Node::as_str) == Some("integer");
    let as_number = |x: f64| if integer { json!(x as i64) } else { json!(x) };
    match keyword {
        "maxLength" => Some(json!("a".repeat(count("maxLength")? as usize + 1))),
        "minLength" => {
            let min = count("minLength")?;
            (min > 0).then(|| json!("a".repeat(min as usize - 1)))
        }
        "pattern" => {
            let regex = patterns.regex(schema.get("pattern")?.as_str()?)?;
            ["<>", "!", " ", "#%&"]
                .into_iter()
                .find(|c| regex.is_match(c) == Some(false))
                .map(|c| json!(c))
        }
        "enum" => Some(if integer {
            json!(987_654)
        } else {
            json!("not-a-listed-value")
        }),
        "minimum" => Some(as_number(number("minimum")? - 1.0)),
        "maximum" => Some(as_number(number("maximum")? + 1.0)),
        "minItems" => {
            let min = count("minItems")?;
            (min > 0).then(|| json!(vec!["x"; min as usize - 1]))
        }
        "maxItems" => Some(json!(vec!["x"; count("maxItems")? as usize + 1])),
        "type" => Some(match schema.get("type")?.as_str()? {
            "string" => json!(12345),
            _ => json!("not-of-the-type"),
        }),
        _ => None,
    }
}

const KEYWORDS: [&str; 9] = [
    "type",
    "enum",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
];

/// The cases of the schema at `pointer` of a body, and of everything inside it.
fn body_cases(
    docs: &DocSet,
    patterns: &Patterns,
    (file, node): (FileId, &Node),
    pointer: &str,
    operation: &'static str,
    out: &mut Vec<Case>,
) {
    let (file, schema) = follow(docs, file, node);
    for member in schema.get("allOf").and_then(Node::as_seq).unwrap_or(&[]) {
        body_cases(docs, patterns, (file, member), pointer, operation, out);
    }
    // The body itself is never replaced: its type is the media type's business.
    if !pointer.is_empty() {
        for keyword in KEYWORDS.into_iter().filter(|k| schema.get(k).is_some()) {
            if let Some(value) = breaking(keyword, schema, patterns) {
                out.push(Case {
                    operation,
                    location: "body",
                    pointer: pointer.to_owned(),
                    keyword,
                    broken: Broken::Body(Some(value)),
                });
            }
        }
    }
    for name in schema.get("required").and_then(Node::as_seq).unwrap_or(&[]) {
        let name = name.as_str().expect("a name");
        out.push(Case {
            operation,
            location: "body",
            pointer: format!("{pointer}/{}", escape_token(name)),
            keyword: "required",
            broken: Broken::Body(None),
        });
    }
    for (key, property) in schema
        .get("properties")
        .and_then(Node::as_map)
        .unwrap_or(&[])
    {
        let at = format!("{pointer}/{}", escape_token(&key.name));
        body_cases(docs, patterns, (file, property), &at, operation, out);
    }
    if let Some(items) = schema.get("items") {
        body_cases(
            docs,
            patterns,
            (file, items),
            &format!("{pointer}/0"),
            operation,
            out,
        );
    }
}

/// Every case of every operation of `spec/`.
fn cases(docs: &DocSet) -> Vec<Case> {
    let patterns = Patterns::default();
    let mut out = Vec::new();
    let operations: Vec<&'static str> = examples().iter().map(|(op, ..)| *op).collect();
    for &file in &docs.entries {
        let root = docs.tree(file).expect("parsed");
        for (_, item) in root.get("paths").and_then(Node::as_map).unwrap_or(&[]) {
            for (_, op) in item.as_map().unwrap_or(&[]) {
                let Some(id) = op.get("operationId").and_then(Node::as_str) else {
                    continue;
                };
                let operation = *operations
                    .iter()
                    .find(|o| **o == id)
                    .expect("an example of each");
                for param in op.get("parameters").and_then(Node::as_seq).unwrap_or(&[]) {
                    let (pfile, param) = follow(docs, file, param);
                    let name = param.get("name").and_then(Node::as_str).expect("name");
                    let location = match param.get("in").and_then(Node::as_str) {
                        Some("path") => "path",
                        Some("header") => "header",
                        Some("query") => "query",
                        _ => continue,
                    };
                    let (_, schema) = follow(docs, pfile, param.get("schema").expect("schema"));
                    // A parameter is text: text always fits `type: string`.
                    let is_string = schema.get("type").and_then(Node::as_str) == Some("string");
                    let keywords = KEYWORDS.into_iter().filter(|k| schema.get(k).is_some());
                    for keyword in keywords.filter(|k| !(is_string && *k == "type")) {
                        let Some(value) = breaking(keyword, schema, &patterns) else {
                            continue;
                        };
                        let text = match value {
                            Value::String(s) => s,
                            other => other.to_string(),
                        };
                        out.push(Case {
                            operation,
                            location,
                            pointer: format!("/{}", escape_token(name)),
                            keyword,
                            broken: Broken::Param(text),
                        });
                    }
                }
                let body = op.get("requestBody").map(|b| follow(docs, file, b));
                let media = body.and_then(|(bfile, b)| {
                    let content = b.get("content")?.as_map()?;
                    Some((bfile, content.first()?.1.get("schema")?))
                });
                if let Some((bfile, schema)) = media {
                    body_cases(docs, &patterns, (bfile, schema), "", operation, &mut out);
                }
            }
        }
    }
    out
}

/// Puts `value` at `pointer` of `body` (creating what is missing on the way), or removes
/// what is there when `value` is `None`.
fn put(body: &mut Value, pointer: &str, value: Option<Value>) {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (last, parents) = tokens.split_last().expect("a pointer below the root");
    let mut at = body;
    for token in parents {
        at = match at {
            Value::Array(items) => {
                let index: usize = token.parse().expect("an index");
                while items.len() <= index {
                    items.push(json!({}));
                }
                &mut items[index]
            }
            other => {
                if !other.is_object() {
                    *other = json!({});
                }
                other
                    .as_object_mut()
                    .expect("an object")
                    .entry(token.clone())
                    .or_insert(json!({}))
            }
        };
    }
    match (at, value) {
        (Value::Array(items), Some(value)) => {
            let index: usize = last.parse().expect("an index");
            items.truncate(index);
            items.push(value);
        }
        (Value::Array(items), None) => {
            items.clear();
        }
        (Value::Object(map), Some(value)) => {
            map.insert(last.clone(), value);
        }
        (Value::Object(map), None) => {
            map.remove(last);
        }
        (other, value) => {
            *other = json!({ last.clone(): value });
        }
    }
}

/// The example path with `name`'s segment replaced by `value`, percent-encoded.
fn with_path_value(path: &str, docs_template: &str, name: &str, value: &str) -> String {
    let index = docs_template
        .split('/')
        .position(|s| s == format!("{{{name}}}"))
        .expect("the parameter is in the template");
    let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let mut parts: Vec<String> = path.split('/').map(str::to_owned).collect();
    parts[index] = encoded.replace('+', "%20");
    parts.join("/")
}

/// The path template of `operation` in `docs`.
fn template_of(docs: &DocSet, operation: &str) -> String {
    for &file in &docs.entries {
        let root = docs.tree(file).expect("parsed");
        for (path, item) in root.get("paths").and_then(Node::as_map).unwrap_or(&[]) {
            for (_, op) in item.as_map().unwrap_or(&[]) {
                if op.get("operationId").and_then(Node::as_str) == Some(operation) {
                    return path.name.clone();
                }
            }
        }
    }
    panic!("no operation {operation}");
}

#[tokio::test]
async fn every_constraint_of_spec_broken_alone_is_refused_naming_the_field() {
    let docs = spec();
    let cases = cases(&docs);
    // Guards against a walk that finds nothing: spec/ has this many request constraints.
    assert!(cases.len() >= 40, "only {} cases: {cases:#?}", cases.len());
    let mock = mock().await;
    let mut failures = Vec::new();
    for case in &cases {
        let (_, method, path, example) = examples()
            .into_iter()
            .find(|(op, ..)| *op == case.operation)
            .expect("an example");
        let mut body = example;
        let mut path = path;
        let mut headers = Vec::new();
        match &case.broken {
            Broken::Body(value) => put(&mut body, &case.pointer, value.clone()),
            Broken::Param(value) => {
                let name = &case.pointer[1..];
                match case.location {
                    "path" => {
                        let template = template_of(&docs, case.operation);
                        path = with_path_value(&path, &template, name, value);
                    }
                    "header" => headers.push((name.to_owned(), value.clone())),
                    _ => path = format!("{path}?{name}={value}"),
                }
            }
        }
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let answer = send(&mock, method, &path, &headers, Some(&body.to_string())).await;
        let ok = (400..500).contains(&answer.status)
            && answer.status != 401
            && case.listed_in(&answer.message());
        if !ok {
            failures.push(format!("{case:?}\n  -> {} {}", answer.status, answer.body));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_mock_prints_a_violation_word_for_word_as_the_client_does() {
    let too_long = "a".repeat(70);
    let client_side = vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id("sg")
        .body(vpc::types::UpdateSecurityGroupReq {
            dry_run: None,
            security_group: vpc::types::UpdateSecurityGroupOption {
                name: Some(format!("{too_long}<")),
                description: Some("<b>".into()),
            },
        })
        .build()
        .expect_err("refused before sending");
    let lines: Vec<String> = ValidationError::clone(&client_side)
        .violations
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    let mock = mock().await;
    let (_, _, path, _) = examples().remove(5);
    let body = json!({"security_group": {"name": format!("{too_long}<"), "description": "<b>"}});
    let answer = send(&mock, "PUT", &path, &[], Some(&body.to_string())).await;
    assert_eq!(answer.status, 400);
    let expected = format!(
        "request refused: 3 constraint violation(s): {}",
        lines.join("; ")
    );
    assert_eq!(answer.message(), expected);
}
