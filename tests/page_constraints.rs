//! The pages' constraints through both judges: the generator's evaluator, which checks the
//! documents' examples (and the mock will use), and the validators users run, generated from
//! the same documents. For each broken value both must give exactly the expected violations,
//! word for word: the two read every keyword through `hwcloud-constraints`.

use std::path::PathBuf;

use hwcloud::config::Config;
use hwcloud::credentials::Credentials;
use hwcloud::error::Error;
use hwcloud::validation::{Validate, ValidationError};
use hwcloud::{dbss, gaussdb, vpc};
use hwcloud_codegen::instance::Evaluator;
use hwcloud_codegen::load::node::Node;
use hwcloud_codegen::load::DocSet;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// The violations the evaluator finds in `value` against the schema at `pointer` of `doc`,
/// as `pointer: message (keyword)`.
fn evaluated(doc: &str, pointer: &str, value: &Value) -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("spec")
        .join(doc);
    let docs = DocSet::load(&[path]).expect("spec document readable");
    let file = docs.entries[0];
    let mut target = docs.resolve(file, &format!("#{pointer}")).expect(pointer);
    while let Some(r) = target.node.get("$ref").and_then(Node::as_str) {
        target = docs.resolve(target.file, r).expect(r);
    }
    Evaluator::new(&docs)
        .validate(target.file, target.node, value)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// A generated validator's violations in the evaluator's form (without the location).
fn lines(error: &ValidationError) -> Vec<String> {
    error
        .violations
        .iter()
        .map(|v| {
            let at = if v.pointer.is_empty() {
                "(root)"
            } else {
                &v.pointer
            };
            format!("{at}: {} ({})", v.message, v.rule)
        })
        .collect()
}

/// `value` decoded as the generated type `T` and validated as a body.
fn validated<T: DeserializeOwned + Validate>(value: &Value) -> Vec<String> {
    let typed: T = serde_json::from_value(value.clone()).expect("decodes as the generated type");
    typed
        .validate()
        .err()
        .map(|e| lines(&e))
        .unwrap_or_default()
}

/// Asserts both judges give exactly `expected` for each body value.
fn body<T: DeserializeOwned + Validate>(doc: &str, schema: &str, cases: &[(Value, &[&str])]) {
    for (value, expected) in cases {
        assert_eq!(
            evaluated(doc, schema, value),
            *expected,
            "evaluator: {value}"
        );
        assert_eq!(validated::<T>(value), *expected, "generated: {value}");
    }
}

/// A parameter's violations from the generated validator, re-rooted at the parameter (the
/// evaluator sees the parameter's schema, so its pointer is the root).
fn as_root(error: &ValidationError, name: &str) -> Vec<String> {
    let prefix = format!("/{name}");
    lines(error)
        .into_iter()
        .filter_map(|line| {
            line.strip_prefix(&prefix)
                .map(|rest| format!("(root){rest}"))
        })
        .collect()
}

#[test]
fn vpc_security_group_name_and_description() {
    let long_name = "x".repeat(65);
    let cut = format!("\"{}...", "x".repeat(56));
    body::<vpc::types::UpdateSecurityGroupOption>(
        "vpc.yaml",
        "/components/schemas/UpdateSecurityGroupOption",
        &[
            (json!({"name": "安全组-测试", "description": "d"}), &[]),
            (
                json!({"name": ""}),
                &[
                    "/name: 0 characters, at least 1 required (minLength)",
                    "/name: \"\" does not match the pattern `^[A-Za-z0-9_.\\u4e00-\\u9fa5-]+$` (pattern)",
                ],
            ),
            (
                json!({"name": long_name}),
                &["/name: 65 characters, at most 64 allowed (maxLength)"],
            ),
            (
                json!({"name": "安全组 测试", "description": "<b>"}),
                &[
                    "/name: \"安全组 测试\" does not match the pattern `^[A-Za-z0-9_.\\u4e00-\\u9fa5-]+$` (pattern)",
                    "/description: \"<b>\" does not match the pattern `^[^<>]*$` (pattern)",
                ],
            ),
        ],
    );
    // A long value is quoted cut short, the same by both.
    let value = json!({"name": format!("{} x", "x".repeat(62))});
    let expected = [format!(
        "/name: {cut} does not match the pattern `^[A-Za-z0-9_.\\u4e00-\\u9fa5-]+$` (pattern)"
    )];
    let schema = "/components/schemas/UpdateSecurityGroupOption";
    assert_eq!(evaluated("vpc.yaml", schema, &value), expected);
    assert_eq!(
        validated::<vpc::types::UpdateSecurityGroupOption>(&value),
        expected
    );
}

#[test]
fn dbss_audit_body_holds_exactly_one_security_group() {
    body::<dbss::types::UpdateAuditSecurityGroupReq>(
        "dbss.yaml",
        "/components/schemas/UpdateAuditSecurityGroupReq",
        &[
            (json!({"instance_id": "i", "securitygroup_ids": ["a"]}), &[]),
            (
                json!({"instance_id": "i", "securitygroup_ids": ["a", "b"]}),
                &["/securitygroup_ids: 2 items, at most 1 allowed (maxItems)"],
            ),
            (
                json!({"instance_id": "i", "securitygroup_ids": []}),
                &["/securitygroup_ids: 0 items, at least 1 required (minItems)"],
            ),
        ],
    );
}

#[test]
fn starrocks_permissions_are_listed_values() {
    body::<gaussdb::types::UpdateStarRocksDatabaseUserPermissionReq>(
        "gaussdb.yaml",
        "/components/schemas/UpdateStarRocksDatabaseUserPermissionReq",
        &[
            (json!({"user_name": "u", "dml": 3, "ddl": 0}), &[]),
            (
                json!({"user_name": "u", "dml": 4, "ddl": 2}),
                &[
                    "/dml: 4 is not one of 0, 1, 2, 3 (enum)",
                    "/ddl: 2 is not one of 0, 1 (enum)",
                ],
            ),
        ],
    );
}

#[test]
fn path_parameters_read_the_same_through_the_builders() {
    let instance = "/components/parameters/StarRocksInstanceId/schema";
    for (value, expected) in [
        (
            "86fd60a5256a4592b957e8e6bb2d1b59in01",
            vec!["(root): \"86fd60a5256a4592b957e8e6bb2d1b59in01\" does not match the pattern `^[A-Za-z0-9]{32}in(07|17)$` (pattern)"],
        ),
        (
            "86fd60a5256a4592b957e8e6bb2d1b5in07",
            vec![
                "(root): 35 characters, at least 36 required (minLength)",
                "(root): \"86fd60a5256a4592b957e8e6bb2d1b5in07\" does not match the pattern `^[A-Za-z0-9]{32}in(07|17)$` (pattern)",
            ],
        ),
    ] {
        assert_eq!(evaluated("gaussdb.yaml", instance, &json!(value)), expected);
        let error = gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
            .instance_id(value)
            .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
                security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
            })
            .build()
            .expect_err(value);
        assert_eq!(as_root(&error, "instance_id"), expected);
    }
    let encrypt = "/components/parameters/EncryptInstanceId/schema";
    let short = "a".repeat(31);
    let expected = ["(root): 31 characters, at least 32 required (minLength)"];
    assert_eq!(evaluated("dbss.yaml", encrypt, &json!(short)), expected);
    let error = dbss::ChangeDbEncryptSecurityGroupRequest::builder()
        .instance_id(short)
        .body(dbss::types::ChangeDbEncryptSecurityGroupReq {
            security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
        })
        .build()
        .expect_err("short");
    assert_eq!(as_root(&error, "instance_id"), expected);
}

#[tokio::test]
async fn configuration_values_read_the_same_as_the_documents_say() {
    // An IAM project ID (the configuration takes it) longer than GaussDB's document allows,
    // and a language the shared header does not list.
    let project = "0123456789abcdef0123456789abcdef01234567";
    let config = Config::builder()
        .credentials(Credentials::token("token"))
        .endpoint("http://127.0.0.1:9")
        .project_id(project)
        .language("fr-fr")
        .build()
        .expect("config");
    let client = gaussdb::Client::new(config).expect("client");
    let request = gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
        .instance_id("86fd60a5256a4592b957e8e6bb2d1b59in07")
        .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        })
        .build()
        .expect("valid");
    let Err(Error::Validation(error)) = client.modify_star_rocks_security_group(&request).await
    else {
        panic!("the configuration's values are refused before sending");
    };
    let project_schema = "/components/parameters/ProjectId/schema";
    assert_eq!(
        as_root(&error, "project_id"),
        evaluated("gaussdb.yaml", project_schema, &json!(project))
    );
    assert_eq!(as_root(&error, "project_id").len(), 2);
    let language = evaluated(
        "shared/common.yaml",
        "/components/parameters/XLanguage/schema",
        &json!("fr-fr"),
    );
    assert_eq!(
        language,
        ["(root): \"fr-fr\" is not one of \"en-us\", \"zh-cn\" (enum)"]
    );
    assert_eq!(as_root(&error, "language"), language);
}
