//! The hand-written documents of `spec/`: every page's example is present and satisfies its
//! schema, and every constraint of the pages holds with concrete values (one that must pass,
//! one that must fail, with the keyword it breaks).

use std::path::PathBuf;

use hwcloud_codegen::check::{check, walk::walk, Findings};
use hwcloud_codegen::instance::Evaluator;
use hwcloud_codegen::load::node::Node;
use hwcloud_codegen::load::source::FileId;
use hwcloud_codegen::load::DocSet;
use hwcloud_codegen::Purpose;
use serde_json::{json, Value};

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec")
}

fn load(name: &str) -> (DocSet, FileId) {
    let docs = DocSet::load(&[spec_dir().join(name)]).expect("spec document readable");
    let id = docs.entries[0];
    (docs, id)
}

/// The schema at `pointer` of document `name`, with `$ref` chains followed.
fn schema<'a>(docs: &'a DocSet, file: FileId, pointer: &str) -> (FileId, &'a Node) {
    let mut target = docs.resolve(file, &format!("#{pointer}")).expect(pointer);
    while let Some(r) = target.node.get("$ref").and_then(Node::as_str) {
        target = docs.resolve(target.file, r).expect(r);
    }
    (target.file, target.node)
}

/// Asserts `good` values pass and each `bad` value fails with exactly the keywords named
/// (`"minLength+pattern"` when a value breaks two).
fn constraint(doc: &str, pointer: &str, good: &[Value], bad: &[(Value, &str)]) {
    let (docs, file) = load(doc);
    let (schema_file, node) = schema(&docs, file, pointer);
    let evaluator = Evaluator::new(&docs);
    for value in good {
        let found = evaluator.validate(schema_file, node, value);
        assert!(
            found.is_empty(),
            "{doc}#{pointer}: {value} should pass, got {found:?}"
        );
    }
    for (value, keyword) in bad {
        let found = evaluator.validate(schema_file, node, value);
        let keywords: Vec<&str> = found.iter().map(|v| v.keyword).collect();
        let expected: Vec<&str> = keyword.split('+').collect();
        assert_eq!(
            keywords, expected,
            "{doc}#{pointer}: {value} should break `{keyword}`"
        );
    }
}

#[test]
fn every_document_passes_every_rule() {
    let docs = DocSet::load(&[spec_dir()]).expect("spec/ readable");
    assert_eq!(docs.entries.len(), 3, "gaussdb, dbss and vpc");
    let findings = check(&docs, Purpose::Generate);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn every_page_example_is_present_and_valid() {
    // (document, operation, where the example is): each page's example request and responses.
    let expected = [
        (
            "gaussdb.yaml",
            "ModifyStarRocksSecurityGroup",
            "requestBody",
        ),
        ("gaussdb.yaml", "ModifyStarRocksSecurityGroup", "200"),
        (
            "gaussdb.yaml",
            "UpdateStarRocksDatabaseUserPermission",
            "requestBody",
        ),
        (
            "gaussdb.yaml",
            "UpdateStarRocksDatabaseUserPermission",
            "200",
        ),
        ("dbss.yaml", "UpdateAuditSecurityGroup", "requestBody"),
        ("dbss.yaml", "UpdateAuditSecurityGroup", "400"),
        ("dbss.yaml", "ChangeDbEncryptSecurityGroup", "requestBody"),
        ("dbss.yaml", "ChangeDbEncryptSecurityGroup", "200"),
        ("vpc.yaml", "UpdateSecurityGroup", "requestBody"),
        ("vpc.yaml", "UpdateSecurityGroup", "200"),
    ];
    let mut checked = 0;
    for (doc, operation, place) in expected {
        let (docs, file) = load(doc);
        let mut findings = Findings::default();
        let sites = walk(&docs, &mut findings);
        let op = sites
            .operations
            .iter()
            .find(|o| o.site.node.get("operationId").and_then(Node::as_str) == Some(operation))
            .unwrap_or_else(|| panic!("{operation} in {doc}"));
        let holder = if place == "requestBody" {
            op.site.node.get("requestBody")
        } else {
            op.site.node.get("responses").and_then(|r| r.get(place))
        }
        .unwrap_or_else(|| panic!("{operation} has {place}"));
        let holder = match holder.get("$ref").and_then(Node::as_str) {
            Some(r) => docs.resolve(file, r).expect(r).node,
            None => holder,
        };
        let media = holder
            .get("content")
            .and_then(Node::as_map)
            .and_then(|m| m.first())
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("{operation} {place} has content"));
        let example = media
            .get("example")
            .unwrap_or_else(|| panic!("{operation} {place} has the page's example"));
        let schema_node = media.get("schema").expect("schema");
        let found = Evaluator::new(&docs).validate(file, schema_node, &example.to_json());
        assert!(found.is_empty(), "{doc} {operation} {place}: {found:?}");
        checked += 1;
    }
    assert_eq!(checked, 10);
}

#[test]
fn page_004_example_response_is_accepted_as_it_stands() {
    let (docs, file) = load("vpc.yaml");
    let (schema_file, node) = schema(
        &docs,
        file,
        "/components/schemas/UpdateSecurityGroupResponse",
    );
    let body = json!({
        "security_group": {
            "id": "69c999ad-d9ef-4d79-94fd-35e6ceb75325",
            "name": "security_group_2",
            "enterprise_project_id": 0,
            "tags": [],
            "security_group_rules": [{
                "id": "f11a3824-ac19-4fad-b4f1-c5f4a6dd0a80",
                "direction": "ingress",
                "protocol": null, "multiport": null, "remote_ip_prefix": null,
                "remote_group_id": null, "remote_address_group_id": null,
                "priority": 100, "enabled": true, "description": ""
            }]
        },
        "request_id": "a8cf4f79ca3c22ca685e7e8872e8c20b"
    });
    assert_eq!(
        Evaluator::new(&docs).validate(schema_file, node, &body),
        vec![]
    );
    // The documented type stays visible: a UUID string is accepted too.
    let (f, epid) = schema(
        &docs,
        file,
        "/components/schemas/SecurityGroupInfo/properties/enterprise_project_id",
    );
    assert!(Evaluator::new(&docs)
        .validate(f, epid, &json!("0"))
        .is_empty());
    assert!(!Evaluator::new(&docs)
        .validate(f, epid, &json!(true))
        .is_empty());
}

#[test]
fn gaussdb_path_parameters() {
    constraint(
        "gaussdb.yaml",
        "/components/parameters/ProjectId/schema",
        &[json!("23a50154cf494ec9ad6883979a12db0a")],
        &[
            (
                json!("23a50154cf494ec9ad6883979a12db0"),
                "minLength+pattern",
            ),
            (
                json!("23a50154cf494ec9ad6883979a12db0aa"),
                "maxLength+pattern",
            ),
            (json!("23a50154-f494ec9ad6883979a12db0a"), "pattern"),
        ],
    );
    constraint(
        "gaussdb.yaml",
        "/components/parameters/StarRocksInstanceId/schema",
        &[
            json!("86fd60a5256a4592b957e8e6bb2d1b59in07"),
            json!("86fd60a5256a4592b957e8e6bb2d1b59in17"),
        ],
        &[
            (json!("86fd60a5256a4592b957e8e6bb2d1b59in01"), "pattern"),
            (
                json!("86fd60a5256a4592b957e8e6bb2d1b5in07"),
                "minLength+pattern",
            ),
            (json!("86fd60a5-256a-4592-b957-e8e6bb21in07"), "pattern"),
        ],
    );
}

#[test]
fn x_language_header() {
    constraint(
        "shared/common.yaml",
        "/components/parameters/XLanguage/schema",
        &[json!("en-us"), json!("zh-cn")],
        &[(json!("fr-fr"), "enum"), (json!(1), "type")],
    );
    let (docs, file) = load("shared/common.yaml");
    let (_, node) = schema(&docs, file, "/components/parameters/XLanguage/schema");
    assert_eq!(node.get("default").and_then(Node::as_str), Some("en-us"));
}

#[test]
fn starrocks_security_group_body() {
    constraint(
        "gaussdb.yaml",
        "/components/schemas/ModifyStarRocksSecurityGroupReq",
        &[json!({"security_group_id": "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1"})],
        &[
            (json!({}), "required"),
            (json!({"security_group_id": 5}), "type"),
        ],
    );
}

#[test]
fn starrocks_user_permission_body() {
    let doc = "gaussdb.yaml";
    let body = "/components/schemas/UpdateStarRocksDatabaseUserPermissionReq";
    constraint(
        doc,
        body,
        &[
            json!({"user_name": "user_test"}),
            json!({"user_name": "user_test", "dml": 2, "databases": ["*"]}),
            json!({"user_name": "u", "dml": 0, "ddl": 1}),
            json!({"user_name": "u", "dml": 3, "ddl": 0}),
        ],
        &[
            (json!({"dml": 1}), "required"),
            (json!({"user_name": "u", "dml": 4}), "enum"),
            (json!({"user_name": "u", "ddl": 2}), "enum"),
            (json!({"user_name": "u", "dml": "1"}), "type"),
            (json!({"user_name": "u", "databases": "db1"}), "type"),
        ],
    );
    let (docs, file) = load(doc);
    let (_, dml) = schema(&docs, file, &format!("{body}/properties/dml"));
    let names: Vec<&str> = dml
        .get("x-enum-varnames")
        .and_then(Node::as_seq)
        .expect("x-enum-varnames")
        .iter()
        .filter_map(Node::as_str)
        .collect();
    assert_eq!(names.len(), 4);
    assert_eq!(
        dml.get("x-enum-descriptions")
            .and_then(Node::as_seq)
            .map(<[Node]>::len),
        Some(4)
    );
    let (_, ddl) = schema(&docs, file, &format!("{body}/properties/ddl"));
    assert_eq!(
        ddl.get("x-enum-varnames")
            .and_then(Node::as_seq)
            .map(<[Node]>::len),
        Some(2)
    );
}

#[test]
fn dbss_audit_body_holds_exactly_one_security_group() {
    constraint(
        "dbss.yaml",
        "/components/schemas/UpdateAuditSecurityGroupReq",
        &[
            json!({"instance_id": "062212d8-8e30-4783-9671-43f3f1f3bb1e", "securitygroup_ids": ["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd"]}),
        ],
        &[
            (
                json!({"instance_id": "i", "securitygroup_ids": ["a", "b"]}),
                "maxItems",
            ),
            (
                json!({"instance_id": "i", "securitygroup_ids": []}),
                "minItems",
            ),
            (json!({"securitygroup_ids": ["a"]}), "required"),
            (json!({"instance_id": "i"}), "required"),
        ],
    );
}

#[test]
fn dbss_encryption_ids_and_body() {
    for parameter in ["EncryptProjectId", "EncryptInstanceId"] {
        constraint(
            "dbss.yaml",
            &format!("/components/parameters/{parameter}/schema"),
            &[json!("a".repeat(32)), json!("b".repeat(64))],
            &[
                (json!("a".repeat(31)), "minLength"),
                (json!("a".repeat(65)), "maxLength"),
            ],
        );
    }
    constraint(
        "dbss.yaml",
        "/components/schemas/ChangeDbEncryptSecurityGroupReq",
        &[json!({"security_group_ids": ["9e033f2d-04a5-4bdc-858e-17e31599d052"]})],
        &[
            (json!({}), "required"),
            (json!({"security_group_ids": [1]}), "type"),
        ],
    );
}

#[test]
fn vpc_security_group_option() {
    let option = "/components/schemas/UpdateSecurityGroupOption";
    constraint(
        "vpc.yaml",
        option,
        &[
            json!({"name": "security_group_2", "description": "modified description"}),
            json!({"name": "a"}),
            json!({"name": "x".repeat(64), "description": "d".repeat(255)}),
            json!({"name": "a.b-c_d"}),
            // Chinese characters, as Huawei's definitions and the official SDK allow.
            json!({"name": "安全组-测试"}),
            json!({"name": "组"}),
            json!({"name": "组".repeat(64)}),
            json!({}),
        ],
        &[
            (json!({"name": ""}), "minLength+pattern"),
            (json!({"name": "x".repeat(65)}), "maxLength"),
            (json!({"name": "组".repeat(65)}), "maxLength"),
            (json!({"name": "a b"}), "pattern"),
            (json!({"name": "安全组 测试"}), "pattern"),
            (json!({"name": "a/b"}), "pattern"),
            (json!({"name": "a<b"}), "pattern"),
            // Letters are the ASCII letters.
            (json!({"name": "é"}), "pattern"),
            (json!({"description": "d".repeat(256)}), "maxLength"),
            (json!({"description": "<b>"}), "pattern"),
        ],
    );
    constraint(
        "vpc.yaml",
        "/components/schemas/UpdateSecurityGroupReq",
        &[
            json!({"security_group": {}}),
            json!({"security_group": {}, "dry_run": true}),
        ],
        &[
            (json!({"dry_run": true}), "required"),
            (json!({"security_group": {}, "dry_run": "yes"}), "type"),
        ],
    );
}

#[test]
fn vpc_response_constraints_are_documented() {
    let rule = "/components/schemas/SecurityGroupRule";
    constraint(
        "vpc.yaml",
        rule,
        &[
            json!({"priority": 1, "direction": "egress", "ethertype": "IPv4", "action": "deny", "protocol": "tcp"}),
        ],
        &[
            (json!({"priority": 0}), "minimum"),
            (json!({"priority": 101}), "maximum"),
            (json!({"direction": "up"}), "enum"),
            (json!({"ethertype": "IPv5"}), "enum"),
            (json!({"action": "drop"}), "enum"),
            (json!({"description": "<x>"}), "pattern"),
        ],
    );
    constraint(
        "vpc.yaml",
        "/components/schemas/SecurityGroupInfo",
        &[
            json!({"tags": [{"key": "k", "value": ""}]}),
            // Huawei's definition of the response tag: keys up to 128, values up to 255
            // (page 004's 36 and 43 are request limits).
            json!({"tags": [{"key": "k".repeat(128), "value": "v".repeat(255)}]}),
            json!({"tags": [{"key": "键".repeat(128), "value": "值".repeat(255)}]}),
            json!({"name": "安全组-测试"}),
        ],
        &[
            (
                json!({"tags": (0..21).map(|i| json!({"key": format!("k{i}"), "value": "v"})).collect::<Vec<_>>()}),
                "maxItems",
            ),
            (
                json!({"tags": [{"key": "k".repeat(129), "value": "v"}]}),
                "maxLength",
            ),
            (
                json!({"tags": [{"key": "k", "value": "v".repeat(256)}]}),
                "maxLength",
            ),
            (json!({"tags": [{"key": "", "value": "v"}]}), "minLength"),
            (json!({"name": "安全组 测试"}), "pattern"),
        ],
    );
}

/// The security group name follows one rule wherever it appears, and that rule is the one
/// Huawei's definitions give (recorded in an `x-note`).
#[test]
fn vpc_security_group_name_has_one_rule_with_its_source() {
    let (docs, file) = load("vpc.yaml");
    let name = |pointer: &str| schema(&docs, file, pointer).1;
    let request = name("/components/schemas/UpdateSecurityGroupOption/properties/name");
    let response = name("/components/schemas/SecurityGroupInfo/properties/name");
    for node in [request, response] {
        assert_eq!(
            node.get("pattern").and_then(Node::as_str),
            Some(r"^[A-Za-z0-9_.\u4e00-\u9fa5-]+$")
        );
        assert!(node.get("x-note").and_then(Node::as_str).is_some());
    }
    let note = request
        .get("x-note")
        .and_then(Node::as_str)
        .expect("x-note");
    assert!(
        note.contains("支持数字、字母、中文、_(下划线)、-（中划线）、.（点）"),
        "{note}"
    );
    assert!(note.contains("3.1.219"), "{note}");
}

/// Formats Huawei's definitions give where the pages say only Integer.
#[test]
fn integer_formats_from_the_definitions() {
    for (doc, pointer) in [
        (
            "dbss.yaml",
            "/components/schemas/ChangeDbEncryptSecurityGroupResponse/properties/code",
        ),
        (
            "gaussdb.yaml",
            "/components/schemas/UpdateStarRocksDatabaseUserPermissionReq/properties/dml",
        ),
        (
            "gaussdb.yaml",
            "/components/schemas/UpdateStarRocksDatabaseUserPermissionReq/properties/ddl",
        ),
    ] {
        let (docs, file) = load(doc);
        let (_, node) = schema(&docs, file, pointer);
        assert_eq!(node.get("type").and_then(Node::as_str), Some("integer"));
        assert_eq!(
            node.get("format").and_then(Node::as_str),
            Some("int32"),
            "{doc}#{pointer}"
        );
    }
}

/// The new DBSS audit path's error bodies take both shapes (page 001's nested one and the
/// flat one of Huawei's definitions), while the deprecated path keeps the page's.
#[test]
fn dbss_audit_error_shapes() {
    let flat = json!({
        "error_code": "DBSS.0001",
        "error_msg": "flat message",
        "details": [{"error_code": "PDP.0001", "error_msg": "detail"}],
        "encoded_authorization_message": "enc",
    });
    let nested = json!({"error": {"error_code": "DBSS.XXXX", "error_msg": "XXX"}});
    constraint(
        "dbss.yaml",
        "/components/schemas/DbssAuditNewErrorResponse",
        &[flat.clone(), nested.clone()],
        &[
            (json!({"error_code": 1}), "type"),
            (json!({"error": {"error_code": 1}}), "type"),
            (json!({"details": [{"error_msg": 2}]}), "type"),
        ],
    );
    let (docs, file) = load("dbss.yaml");
    let response_schema = |operation: &str, status: &str| {
        let pointer = format!(
            "/paths/~1v1~1{{project_id}}~1{operation}~1security-group/post/responses/{status}"
        );
        let (_, response) = schema(&docs, file, &pointer);
        let media = response
            .get("content")
            .and_then(|c| c.get("application/json"))
            .unwrap_or_else(|| panic!("{pointer}: JSON content"));
        let reference = media
            .get("schema")
            .and_then(|s| s.get("$ref"))
            .and_then(Node::as_str);
        (media, reference.map(str::to_owned))
    };
    for status in ["400", "403", "500"] {
        let (_, new) = response_schema("audit", status);
        assert_eq!(
            new.as_deref(),
            Some("#/components/schemas/DbssAuditNewErrorResponse"),
            "{status}"
        );
        let (_, old) = response_schema("dbss~1audit", status);
        assert_eq!(
            old.as_deref(),
            Some("#/components/schemas/DbssAuditErrorResponse"),
            "{status}"
        );
    }
    // The 400 shows both shapes as examples, each valid.
    let (media, _) = response_schema("audit", "400");
    let examples = media.get("examples").expect("examples");
    let evaluator = Evaluator::new(&docs);
    for (name, expected) in [("page", &nested), ("definition", &flat)] {
        let value = examples
            .get(name)
            .and_then(|e| e.get("value"))
            .unwrap_or_else(|| panic!("example {name}"))
            .to_json();
        let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
        assert_eq!(keys(&value), keys(expected), "{name}");
        let found = evaluator.validate(file, media.get("schema").expect("schema"), &value);
        assert!(found.is_empty(), "{name}: {found:?}");
    }
}

#[test]
fn operations_match_the_official_sdk() {
    let expected = [
        (
            "gaussdb.yaml",
            "ModifyStarRocksSecurityGroup",
            "put",
            "/v3/{project_id}/instances/{instance_id}/starrocks/security-group",
            "application/json;charset=utf-8",
            false,
        ),
        (
            "gaussdb.yaml",
            "UpdateStarRocksDatabaseUserPermission",
            "put",
            "/v3/{project_id}/instances/{instance_id}/starrocks/users/permission",
            "application/json;charset=utf-8",
            false,
        ),
        (
            "dbss.yaml",
            "UpdateAuditSecurityGroup",
            "post",
            "/v1/{project_id}/dbss/audit/security-group",
            "application/json;charset=utf-8",
            true,
        ),
        (
            "dbss.yaml",
            "UpdateAuditSecurityGroupNew",
            "post",
            "/v1/{project_id}/audit/security-group",
            "application/json;charset=utf-8",
            false,
        ),
        (
            "dbss.yaml",
            "ChangeDbEncryptSecurityGroup",
            "put",
            "/v1/{project_id}/db-encrypt/{instance_id}/security-group",
            "application/json",
            false,
        ),
        (
            "vpc.yaml",
            "UpdateSecurityGroup",
            "put",
            "/v3/{project_id}/vpc/security-groups/{security_group_id}",
            "application/json",
            false,
        ),
    ];
    for (doc, id, method, path, content_type, deprecated) in expected {
        let (docs, file) = load(doc);
        let mut findings = Findings::default();
        let sites = walk(&docs, &mut findings);
        let op = sites
            .operations
            .iter()
            .find(|o| o.site.node.get("operationId").and_then(Node::as_str) == Some(id))
            .unwrap_or_else(|| panic!("{id}"));
        assert_eq!((op.method, op.path.as_str()), (method, path), "{id}");
        let mut body = op.site.node.get("requestBody").expect("body");
        if let Some(r) = body.get("$ref").and_then(Node::as_str) {
            body = docs.resolve(file, r).expect(r).node;
        }
        let types: Vec<&str> = body
            .get("content")
            .and_then(Node::as_map)
            .expect("content")
            .iter()
            .map(|(k, _)| k.name.as_str())
            .collect();
        assert_eq!(types, [content_type], "{id}");
        assert_eq!(
            op.site
                .node
                .get("deprecated")
                .and_then(Node::as_bool)
                .unwrap_or(false),
            deprecated,
            "{id}"
        );
        if deprecated {
            assert_eq!(
                op.site.node.get("x-replaced-by").and_then(Node::as_str),
                Some("UpdateAuditSecurityGroupNew")
            );
        }
    }
}
