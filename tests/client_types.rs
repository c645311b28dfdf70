//! The generated types of `spec/`: requests refused with every violation listed (path,
//! header and body, with JSON pointers and limits), responses decoded leniently.

use hwcloud::validation::Validate;
use hwcloud::{dbss, gaussdb, vpc};

fn violations(error: hwcloud::validation::ValidationError) -> Vec<String> {
    error.violations.iter().map(ToString::to_string).collect()
}

/// The violations of a value, as sent on the wire, against a schema of `spec/vpc.yaml`: the
/// generator's evaluator judges responses, which the client never validates.
fn vpc_schema_violations(schema: &str, value: &impl serde::Serialize) -> Vec<String> {
    use hwcloud_codegen::instance::Evaluator;
    use hwcloud_codegen::load::DocSet;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/vpc.yaml");
    let docs = DocSet::load(&[path]).expect("spec/vpc.yaml");
    let file = docs.entries[0];
    let target = docs
        .resolve(file, &format!("#/components/schemas/{schema}"))
        .expect(schema);
    let json = serde_json::to_value(value).expect("serialises");
    Evaluator::new(&docs)
        .validate(target.file, target.node, &json)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn page_004_example_response_decodes_as_it_stands() {
    let text = r#"{
      "security_group" : {
        "id" : "69c999ad-d9ef-4d79-94fd-35e6ceb75325",
        "name" : "security_group_2",
        "project_id" : "060576782980d5762f9ec014dd2f1148",
        "description" : "modified description",
        "enterprise_project_id" : 0,
        "tags" : [ ],
        "security_group_rules" : [ {
          "id" : "f11a3824-ac19-4fad-b4f1-c5f4a6dd0a80",
          "project_id" : "060576782980d5762f9ec014dd2f1148",
          "security_group_id" : "69c999ad-d9ef-4d79-94fd-35e6ceb75325",
          "remote_group_id" : "69c999ad-d9ef-4d79-94fd-35e6ceb75325",
          "direction" : "ingress",
          "description" : "",
          "created_at" : "2020-07-09T05:56:27.000+00:00",
          "updated_at" : "2020-07-09T05:56:27.000+00:00",
          "ethertype" : "IPv6",
          "action" : "allow",
          "priority" : 100,
          "protocol" : null,
          "multiport" : null,
          "remote_ip_prefix" : null,
          "remote_address_group_id" : null,
          "enabled" : true
        } ],
        "created_at" : "2020-07-09T05:56:27.000+00:00",
        "updated_at" : "2020-07-09T05:56:27.000+00:00"
      },
      "request_id" : "a8cf4f79ca3c22ca685e7e8872e8c20b"
    }"#;
    let body: vpc::types::UpdateSecurityGroupResponse =
        serde_json::from_str(text).expect("decodes");
    let group = body.security_group.expect("security_group");
    assert_eq!(group.name.as_deref(), Some("security_group_2"));
    assert_eq!(
        group.enterprise_project_id,
        Some(vpc::types::SecurityGroupInfoEnterpriseProjectId::Integer(0))
    );
    let rules = group.security_group_rules.expect("rules");
    assert_eq!(rules.len(), 1);
    assert_eq!(
        rules[0].direction,
        Some(vpc::types::SecurityGroupRuleDirection::Ingress)
    );
    assert_eq!(rules[0].protocol, None);
    assert_eq!(rules[0].priority, Some(100));
    assert_eq!(
        body.request_id.as_deref(),
        Some("a8cf4f79ca3c22ca685e7e8872e8c20b")
    );
}

#[test]
fn unknown_fields_are_ignored_and_unknown_enum_values_kept() {
    let rule: vpc::types::SecurityGroupRule = serde_json::from_str(
        r#"{"direction": "sideways", "ethertype": "IPv4", "brand_new_field": {"x": 1}, "priority": 250}"#,
    )
    .expect("decodes");
    assert_eq!(
        rule.direction,
        Some(vpc::types::SecurityGroupRuleDirection::Unknown(
            "sideways".into()
        ))
    );
    // A value breaking a documented constraint (priority 1..100) still decodes: responses
    // are never validated (response types have no `Validate`).
    assert_eq!(rule.priority, Some(250));
    let epid: vpc::types::SecurityGroupInfoEnterpriseProjectId =
        serde_json::from_str("\"0\"").expect("the documented string form");
    assert_eq!(
        epid,
        vpc::types::SecurityGroupInfoEnterpriseProjectId::String("0".into())
    );
}

#[test]
fn integer_enums_travel_as_numbers() {
    let body = gaussdb::types::UpdateStarRocksDatabaseUserPermissionReq {
        user_name: "user_test".into(),
        databases: Some(vec!["*".into()]),
        dml: Some(gaussdb::types::UpdateStarRocksDatabaseUserPermissionReqDml::ReadOnlyAndConfig),
        ddl: None,
    };
    assert_eq!(
        serde_json::to_value(&body).expect("serialises"),
        serde_json::json!({"user_name": "user_test", "databases": ["*"], "dml": 2})
    );
    let back: gaussdb::types::UpdateStarRocksDatabaseUserPermissionReq =
        serde_json::from_str(r#"{"user_name": "u", "dml": 7, "ddl": 1}"#).expect("decodes");
    assert_eq!(back.dml.map(|d| d.value()), Some(7));
    assert_eq!(
        back.ddl,
        Some(gaussdb::types::UpdateStarRocksDatabaseUserPermissionReqDdl::Granted)
    );
    assert_eq!(
        violations(back.validate().expect_err("dml 7 is not listed")),
        ["body /dml: 7 is not one of 0, 1, 2, 3 (enum)"]
    );
}

#[test]
fn vpc_request_lists_every_violation() {
    let error = vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id("..")
        .body(vpc::types::UpdateSecurityGroupReq {
            dry_run: Some(true),
            security_group: vpc::types::UpdateSecurityGroupOption {
                name: Some("x".repeat(70)),
                description: Some("<script>".into()),
            },
        })
        .build()
        .expect_err("invalid");
    assert_eq!(
        violations(error),
        [
            "path /security_group_id: \"..\" cannot be a path segment (pattern)",
            "body /security_group/name: 70 characters, at most 64 allowed (maxLength)",
            "body /security_group/description: \"<script>\" does not match the pattern `^[^<>]*$` (pattern)",
        ]
    );
}

#[test]
fn missing_required_values_are_violations_too() {
    let error = vpc::UpdateSecurityGroupRequest::builder()
        .build()
        .expect_err("empty");
    assert_eq!(
        violations(error),
        [
            "path /security_group_id: required parameter `security_group_id` is not set (required)",
            "body (root): the request body is not set (required)",
        ]
    );
}

#[test]
fn gaussdb_instance_id_and_dbss_item_limits() {
    let error = gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
        .instance_id("86fd60a5256a4592b957e8e6bb2d1b59in99")
        .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        })
        .build()
        .expect_err("bad suffix");
    assert_eq!(
        violations(error),
        ["path /instance_id: \"86fd60a5256a4592b957e8e6bb2d1b59in99\" does not match the pattern `^[A-Za-z0-9]{32}in(07|17)$` (pattern)"]
    );
    let ok = gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
        .instance_id("86fd60a5256a4592b957e8e6bb2d1b59in07")
        .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        })
        .build();
    assert!(ok.is_ok(), "{ok:?}");

    let error = dbss::UpdateAuditSecurityGroupNewRequest::builder()
        .body(dbss::types::UpdateAuditSecurityGroupReq {
            instance_id: "062212d8-8e30-4783-9671-43f3f1f3bb1e".into(),
            securitygroup_ids: vec!["a".into(), "b".into()],
        })
        .build()
        .expect_err("two groups");
    assert_eq!(
        violations(error),
        ["body /securitygroup_ids: 2 items, at most 1 allowed (maxItems)"]
    );

    let error = dbss::ChangeDbEncryptSecurityGroupRequest::builder()
        .instance_id("short")
        .body(dbss::types::ChangeDbEncryptSecurityGroupReq {
            security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
        })
        .build()
        .expect_err("short id");
    assert_eq!(
        violations(error),
        ["path /instance_id: 5 characters, at least 32 required (minLength)"]
    );
}

#[test]
fn a_response_tag_as_long_as_huaweis_definition_allows_decodes_and_validates() {
    // Keys up to 128 characters and values up to 255 (Huawei's definition of the response
    // tag; page 004's 36 and 43 are request limits).
    let key = "键".repeat(128);
    let value = "v".repeat(255);
    let body: vpc::types::UpdateSecurityGroupResponse = serde_json::from_value(serde_json::json!({
        "security_group": {"name": "安全组-测试", "tags": [{"key": key, "value": value}]},
    }))
    .expect("decodes");
    let group = body.security_group.expect("security_group");
    assert_eq!(group.name.as_deref(), Some("安全组-测试"));
    let tags = group.tags.as_ref().expect("tags");
    assert_eq!(tags[0].key.as_deref(), Some(key.as_str()));
    assert_eq!(tags[0].value.as_deref(), Some(value.as_str()));
    // The document's schema accepts it; one character more breaks the definition's limits.
    assert!(vpc_schema_violations("SecurityGroupInfo", &group).is_empty());
    let longer = vpc::types::Tag {
        key: Some("k".repeat(129)),
        value: Some("v".repeat(256)),
    };
    assert_eq!(
        vpc_schema_violations("Tag", &longer),
        [
            "/key: 129 characters, at most 128 allowed (maxLength)",
            "/value: 256 characters, at most 255 allowed (maxLength)",
        ]
    );
}

#[test]
fn both_error_shapes_of_the_new_dbss_audit_path_decode_into_one_body() {
    // Huawei's definition of UpdateAuditSecurityGroupNew: the flat DbssError shape.
    let flat: dbss::types::DbssAuditNewErrorResponse = serde_json::from_str(
        r#"{"error_code": "DBSS.0001", "error_msg": "flat message",
            "details": [{"error_code": "PDP.0001", "error_msg": "detail"}],
            "encoded_authorization_message": "enc"}"#,
    )
    .expect("the flat shape decodes");
    assert_eq!(flat.error_code.as_deref(), Some("DBSS.0001"));
    assert_eq!(flat.error_msg.as_deref(), Some("flat message"));
    let details = flat.details.as_deref().expect("details");
    assert_eq!(details[0].error_code.as_deref(), Some("PDP.0001"));
    assert_eq!(details[0].error_msg.as_deref(), Some("detail"));
    assert_eq!(flat.encoded_authorization_message.as_deref(), Some("enc"));
    assert_eq!(flat.error, None);
    // Page 001: the nested shape.
    let nested: dbss::types::DbssAuditNewErrorResponse =
        serde_json::from_str(r#"{"error": {"error_code": "DBSS.XXXX", "error_msg": "XXX"}}"#)
            .expect("the nested shape decodes");
    let error = nested.error.as_ref().expect("error");
    assert_eq!(error.error_code.as_deref(), Some("DBSS.XXXX"));
    assert_eq!(error.error_msg.as_deref(), Some("XXX"));
    assert_eq!(nested.error_code, None);
    // The deprecated path keeps page 001's shape alone.
    let old: dbss::types::DbssAuditErrorResponse =
        serde_json::from_str(r#"{"error": {"error_code": "DBSS.XXXX", "error_msg": "XXX"}}"#)
            .expect("decodes");
    assert_eq!(
        old.error.and_then(|e| e.error_code).as_deref(),
        Some("DBSS.XXXX")
    );
}
