//! `#[derive(JsonObject)]`, the serde of every generated struct: what it writes and reads,
//! and that it reads and fails as serde's own derive did for the same struct (the same value
//! or the same error message, position included).

#![allow(deprecated)]

use std::collections::BTreeMap;

use hwcloud::__private::JsonObject;
use serde_json::{json, Value};

/// A struct as the generator writes one: required, optional, required nullable, renamed,
/// raw-identifier and deprecated fields.
#[derive(Debug, Clone, PartialEq, JsonObject)]
struct Rule {
    id: String,
    #[json(rename = "port-range")]
    port_range: Option<String>,
    #[json(null)]
    remote: Option<String>,
    r#type: Option<i64>,
    tags: Vec<String>,
    #[deprecated]
    old: Option<bool>,
}

/// The same struct under serde's derive, as generated until now.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct SerdeRule {
    id: String,
    #[serde(rename = "port-range", skip_serializing_if = "Option::is_none")]
    port_range: Option<String>,
    remote: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    r#type: Option<i64>,
    tags: Vec<String>,
    #[deprecated]
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<bool>,
}

/// Documented properties and the others, kept.
#[derive(Debug, Clone, PartialEq, Default, JsonObject)]
struct Labels {
    #[json(flatten)]
    additional_properties: BTreeMap<String, i64>,
    name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
struct SerdeLabels {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, i64>,
}

/// No fields at all.
#[derive(Debug, Clone, PartialEq, Default, JsonObject)]
struct Empty {}

fn sample() -> Rule {
    Rule {
        id: "r1".into(),
        port_range: Some("80-90".into()),
        remote: None,
        r#type: Some(4),
        tags: vec!["a".into()],
        old: None,
    }
}

/// What serde's derive made of `text` and what this one makes of it, as text.
fn both(text: &str) -> (String, String) {
    let ours = match serde_json::from_str::<Rule>(text) {
        Ok(rule) => serde_json::to_string(&rule).expect("serialises"),
        Err(e) => e.to_string(),
    };
    let serde = match serde_json::from_str::<SerdeRule>(text) {
        Ok(rule) => serde_json::to_string(&rule).expect("serialises"),
        // The name `expecting` gives is the struct's.
        Err(e) => e.to_string().replace("SerdeRule", "Rule"),
    };
    (ours, serde)
}

#[test]
fn a_struct_round_trips_in_declared_order() {
    let text = serde_json::to_string(&sample()).unwrap();
    assert_eq!(
        text,
        r#"{"id":"r1","port-range":"80-90","remote":null,"type":4,"tags":["a"]}"#
    );
    assert_eq!(serde_json::from_str::<Rule>(&text).unwrap(), sample());
    let value = serde_json::to_value(sample()).unwrap();
    assert_eq!(serde_json::from_value::<Rule>(value).unwrap(), sample());
}

#[test]
fn a_none_is_left_out_unless_it_must_be_sent_as_null() {
    let value = serde_json::to_value(Rule {
        port_range: None,
        r#type: None,
        ..sample()
    })
    .unwrap();
    assert_eq!(value, json!({"id": "r1", "remote": null, "tags": ["a"]}));
    let value = serde_json::to_value(Rule {
        remote: Some("sg".into()),
        ..sample()
    })
    .unwrap();
    assert_eq!(value["remote"], "sg");
}

#[test]
fn rename_and_raw_identifiers_name_the_wire_keys() {
    let rule: Rule = serde_json::from_value(json!({
        "id": "x", "tags": [], "port-range": "1-2", "type": 6, "port_range": "ignored"
    }))
    .unwrap();
    assert_eq!(rule.port_range.as_deref(), Some("1-2"));
    assert_eq!(rule.r#type, Some(6));
}

#[test]
fn a_missing_required_field_is_serdes_error() {
    let error = serde_json::from_str::<Rule>(r#"{"tags": []}"#).unwrap_err();
    assert_eq!(error.to_string(), "missing field `id` at line 1 column 12");
    let error = serde_json::from_value::<Rule>(json!({"id": "x"})).unwrap_err();
    assert_eq!(error.to_string(), "missing field `tags`");
}

#[test]
fn missing_and_null_options_are_none() {
    let rule: Rule =
        serde_json::from_str(r#"{"id": "x", "tags": [], "type": null, "old": null}"#).unwrap();
    assert_eq!(
        (rule.port_range, rule.remote, rule.r#type),
        (None, None, None)
    );
}

#[test]
fn a_repeated_key_is_an_error() {
    let error = serde_json::from_str::<Rule>(r#"{"id": "x", "id": "y", "tags": []}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "duplicate field `id` at line 1 column 16"
    );
    let error = serde_json::from_str::<Rule>(r#"{"id": "x", "type": null, "type": 1, "tags": []}"#)
        .unwrap_err();
    assert!(
        error.to_string().starts_with("duplicate field `type`"),
        "{error}"
    );
}

#[test]
fn unknown_keys_are_ignored() {
    let rule: Rule = serde_json::from_str(
        r#"{"surprise": {"deep": [1, {"x": null}]}, "id": "r1", "tags": ["a"], "port-range": "80-90", "type": 4}"#,
    )
    .unwrap();
    assert_eq!(rule, sample());
}

#[test]
fn only_objects_decode() {
    let error = serde_json::from_str::<Rule>(r#"["r1", null, null, 4, []]"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: sequence, expected struct Rule at line 1 column 0"
    );
    let error = serde_json::from_value::<Empty>(json!("text")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: string \"text\", expected struct Empty"
    );
    assert_eq!(
        serde_json::from_str::<Empty>(r#"{"a": 1}"#).unwrap(),
        Empty {}
    );
    assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
}

#[test]
fn flatten_keeps_the_other_properties_and_writes_them_last() {
    let labels: Labels = serde_json::from_str(r#"{"b": 2, "name": "n", "a": 1}"#).unwrap();
    assert_eq!(labels.name.as_deref(), Some("n"));
    assert_eq!(
        labels.additional_properties,
        BTreeMap::from([("a".to_string(), 1), ("b".to_string(), 2)])
    );
    assert_eq!(
        serde_json::to_string(&labels).unwrap(),
        r#"{"name":"n","a":1,"b":2}"#
    );
    let error = serde_json::from_str::<Labels>(r#"{"a": "one"}"#).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid type: string \"one\", expected i64"),
        "{error}"
    );
}

#[test]
fn the_same_as_serdes_derive() {
    for text in [
        r#"{"id": "r1", "tags": ["a"]}"#,
        r#"{"id": "r1", "tags": ["a"], "remote": "x", "port-range": null, "old": true}"#,
        r#"{"tags": ["a"], "type": 1.5, "id": "r1"}"#,
        r#"{"id": 7, "tags": []}"#,
        r#"{"id": "r1"}"#,
        r#"{"tags": []}"#,
        r#"{"id": "a", "tags": [], "tags": []}"#,
        r#"{"id": "a", "tags": [], "x": {"nested": [1, 2]}, "y": null}"#,
        r#"{"id": "a", "tags": [], "old": "yes"}"#,
        r#"{}"#,
        r#"{"id": "a", "tags": []"#,
        r#"null"#,
        r#"5"#,
    ] {
        let (ours, serde) = both(text);
        assert_eq!(ours, serde, "{text}");
    }
    // serde's derive buffers the other properties and reports a bad one at the object's end;
    // this one reports it where its value is: the same message, another column.
    let message = |e: serde_json::Error| e.to_string().split(" at line").next().map(str::to_owned);
    for text in [
        r#"{"name": "n", "z": 1, "a": 2}"#,
        r#"{"a": null}"#,
        r#"{}"#,
    ] {
        let ours = serde_json::from_str::<Labels>(text)
            .map(|v| serde_json::to_string(&v).unwrap())
            .map_err(message);
        let serde = serde_json::from_str::<SerdeLabels>(text)
            .map(|v| serde_json::to_string(&v).unwrap())
            .map_err(message);
        assert_eq!(ours, serde, "{text}");
    }
}

#[test]
fn decodes_from_values_and_borrowed_or_owned_keys() {
    // Keys with escapes cannot be borrowed from the input.
    let rule: Rule = serde_json::from_str(
        r#"{"\u0069d": "r1", "tags": ["a"], "port\u002drange": "80-90", "type": 4}"#,
    )
    .unwrap();
    assert_eq!(rule, sample());
    let value: Value = serde_json::to_value(sample()).unwrap();
    assert_eq!(Rule::deserialize_ref(&value), sample());
}

trait FromRef {
    fn deserialize_ref(value: &Value) -> Self;
}

impl FromRef for Rule {
    fn deserialize_ref(value: &Value) -> Self {
        serde::Deserialize::deserialize(value).unwrap()
    }
}
