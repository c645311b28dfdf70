//! The pages' example requests and responses as typed values, and their IDs: shared by the
//! tests that call the six operations (against the scripted server and against the mock).
//! Each test binary uses a part of it.
#![allow(dead_code)]

use hwcloud::{dbss, gaussdb, vpc};

pub const PROJECT: &str = "23a50154cf494ec9ad6883979a12db0a";
/// The StarRocks instance of page 003's example.
pub const STARROCKS: &str = "86fd60a5256a4592b957e8e6bb2d1b59in07";
/// The DBSS instance of page 001's example.
pub const DBSS_INSTANCE: &str = "062212d8-8e30-4783-9671-43f3f1f3bb1e";
pub const VPC_SG: &str = "1d8b19c7-7c56-48f7-a99b-4b40eb390967";

/// Page 004's example response, as the page gives it (the number 0 and the nulls included).
pub const VPC_RESPONSE: &str = r#"{
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
    }, {
      "id" : "3d6480e8-9ea4-46dc-bb1b-8db190cd5677",
      "project_id" : "060576782980d5762f9ec014dd2f1148",
      "security_group_id" : "69c999ad-d9ef-4d79-94fd-35e6ceb75325",
      "direction" : "egress",
      "description" : "",
      "created_at" : "2020-07-09T05:56:27.000+00:00",
      "updated_at" : "2020-07-09T05:56:27.000+00:00",
      "ethertype" : "IPv6",
      "action" : "allow",
      "priority" : 100,
      "protocol" : null,
      "multiport" : null,
      "remote_ip_prefix" : null,
      "remote_group_id" : null,
      "remote_address_group_id" : null,
      "enabled" : true
    }, {
      "id" : "9581f18c-1fdd-43da-ace9-7758a56ef28a",
      "project_id" : "060576782980d5762f9ec014dd2f1148",
      "security_group_id" : "69c999ad-d9ef-4d79-94fd-35e6ceb75325",
      "direction" : "egress",
      "description" : "",
      "created_at" : "2020-07-09T05:56:27.000+00:00",
      "updated_at" : "2020-07-09T05:56:27.000+00:00",
      "ethertype" : "IPv4",
      "action" : "allow",
      "priority" : 100,
      "protocol" : null,
      "multiport" : null,
      "remote_ip_prefix" : null,
      "remote_group_id" : null,
      "remote_address_group_id" : null,
      "enabled" : true
    }, {
      "id" : "a3ba270e-e58b-432d-a912-aeb7eace9fb8",
      "project_id" : "060576782980d5762f9ec014dd2f1148",
      "security_group_id" : "69c999ad-d9ef-4d79-94fd-35e6ceb75325",
      "remote_group_id" : "69c999ad-d9ef-4d79-94fd-35e6ceb75325",
      "direction" : "ingress",
      "description" : "",
      "created_at" : "2020-07-09T05:56:27.000+00:00",
      "updated_at" : "2020-07-09T05:56:27.000+00:00",
      "ethertype" : "IPv4",
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

// ---------------------------------------------------------------------------------------
// The pages' example requests.

pub fn modify_star_rocks_request() -> gaussdb::ModifyStarRocksSecurityGroupRequest {
    gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
        .instance_id(STARROCKS)
        .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        })
        .build()
        .expect("page 000's example is valid")
}

pub fn permission_request() -> gaussdb::UpdateStarRocksDatabaseUserPermissionRequest {
    gaussdb::UpdateStarRocksDatabaseUserPermissionRequest::builder()
        .instance_id(STARROCKS)
        .body(gaussdb::types::UpdateStarRocksDatabaseUserPermissionReq {
            user_name: "user_test".into(),
            databases: Some(vec!["*".into()]),
            dml: Some(
                gaussdb::types::UpdateStarRocksDatabaseUserPermissionReqDml::ReadOnlyAndConfig,
            ),
            ddl: None,
        })
        .build()
        .expect("page 003's example is valid")
}

pub fn audit_body() -> dbss::types::UpdateAuditSecurityGroupReq {
    dbss::types::UpdateAuditSecurityGroupReq {
        instance_id: DBSS_INSTANCE.into(),
        securitygroup_ids: vec!["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd".into()],
    }
}

pub fn audit_request() -> dbss::UpdateAuditSecurityGroupRequest {
    dbss::UpdateAuditSecurityGroupRequest::builder()
        .body(audit_body())
        .build()
        .expect("page 001's example is valid")
}

pub fn audit_new_request() -> dbss::UpdateAuditSecurityGroupNewRequest {
    dbss::UpdateAuditSecurityGroupNewRequest::builder()
        .body(audit_body())
        .build()
        .expect("page 001's example is valid")
}

pub fn encrypt_request() -> dbss::ChangeDbEncryptSecurityGroupRequest {
    dbss::ChangeDbEncryptSecurityGroupRequest::builder()
        .instance_id(DBSS_INSTANCE)
        .body(dbss::types::ChangeDbEncryptSecurityGroupReq {
            security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
        })
        .build()
        .expect("page 002's example is valid")
}

pub fn vpc_body(dry_run: Option<bool>) -> vpc::types::UpdateSecurityGroupReq {
    vpc::types::UpdateSecurityGroupReq {
        dry_run,
        security_group: vpc::types::UpdateSecurityGroupOption {
            name: Some("security_group_2".into()),
            description: Some("modified description".into()),
        },
    }
}

pub fn vpc_request() -> vpc::UpdateSecurityGroupRequest {
    vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id(VPC_SG)
        .body(vpc_body(None))
        .build()
        .expect("page 004's example is valid")
}

// ---------------------------------------------------------------------------------------
// The pages' example responses, as typed values.

pub fn vpc_rule(
    id: &str,
    remote_group: bool,
    direction: vpc::types::SecurityGroupRuleDirection,
    ethertype: vpc::types::SecurityGroupRuleEthertype,
) -> vpc::types::SecurityGroupRule {
    vpc::types::SecurityGroupRule {
        id: Some(id.into()),
        description: Some(String::new()),
        security_group_id: Some("69c999ad-d9ef-4d79-94fd-35e6ceb75325".into()),
        direction: Some(direction),
        protocol: None,
        ethertype: Some(ethertype),
        multiport: None,
        action: Some(vpc::types::SecurityGroupRuleAction::Allow),
        priority: Some(100),
        remote_group_id: remote_group.then(|| "69c999ad-d9ef-4d79-94fd-35e6ceb75325".into()),
        remote_ip_prefix: None,
        remote_address_group_id: None,
        created_at: Some("2020-07-09T05:56:27.000+00:00".into()),
        updated_at: Some("2020-07-09T05:56:27.000+00:00".into()),
        project_id: Some("060576782980d5762f9ec014dd2f1148".into()),
        enabled: Some(true),
    }
}

pub fn expected_vpc_response() -> vpc::types::UpdateSecurityGroupResponse {
    use vpc::types::SecurityGroupRuleDirection::{Egress, Ingress};
    use vpc::types::SecurityGroupRuleEthertype::{IPv4, IPv6};
    vpc::types::UpdateSecurityGroupResponse {
        request_id: Some("a8cf4f79ca3c22ca685e7e8872e8c20b".into()),
        security_group: Some(vpc::types::SecurityGroupInfo {
            id: Some("69c999ad-d9ef-4d79-94fd-35e6ceb75325".into()),
            name: Some("security_group_2".into()),
            description: Some("modified description".into()),
            project_id: Some("060576782980d5762f9ec014dd2f1148".into()),
            created_at: Some("2020-07-09T05:56:27.000+00:00".into()),
            updated_at: Some("2020-07-09T05:56:27.000+00:00".into()),
            enterprise_project_id: Some(vpc::types::SecurityGroupInfoEnterpriseProjectId::Integer(
                0,
            )),
            tags: Some(vec![]),
            security_group_rules: Some(vec![
                vpc_rule("f11a3824-ac19-4fad-b4f1-c5f4a6dd0a80", true, Ingress, IPv6),
                vpc_rule("3d6480e8-9ea4-46dc-bb1b-8db190cd5677", false, Egress, IPv6),
                vpc_rule("9581f18c-1fdd-43da-ace9-7758a56ef28a", false, Egress, IPv4),
                vpc_rule("a3ba270e-e58b-432d-a912-aeb7eace9fb8", true, Ingress, IPv4),
            ]),
        }),
    }
}
