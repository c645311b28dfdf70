//! Every constraint of `spec/` on request data, through the generated validators: for each,
//! a value that passes and one that fails, with the exact list of violations.

use hwcloud::config::Config;
use hwcloud::credentials::Credentials;
use hwcloud::validation::ValidationError;
use hwcloud::{dbss, gaussdb, vpc};

const PROJECT: &str = "23a50154cf494ec9ad6883979a12db0a";
const STARROCKS: &str = "86fd60a5256a4592b957e8e6bb2d1b59in07";

fn lines(result: Result<impl std::fmt::Debug, ValidationError>) -> Vec<String> {
    match result {
        Ok(_) => Vec::new(),
        Err(e) => e.violations.iter().map(ToString::to_string).collect(),
    }
}

fn starrocks_sg(instance: &str) -> Vec<String> {
    lines(
        gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
            .instance_id(instance)
            .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
                security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
            })
            .build(),
    )
}

#[test]
fn starrocks_instance_id() {
    assert!(starrocks_sg(STARROCKS).is_empty());
    assert!(starrocks_sg("86fd60a5256a4592b957e8e6bb2d1b59in17").is_empty());
    assert_eq!(
        starrocks_sg("86fd60a5256a4592b957e8e6bb2d1b59in0"),
        [
            "path /instance_id: 35 characters, at least 36 required (minLength)",
            "path /instance_id: \"86fd60a5256a4592b957e8e6bb2d1b59in0\" does not match the pattern `^[A-Za-z0-9]{32}in(07|17)$` (pattern)",
        ]
    );
    assert_eq!(
        starrocks_sg("86fd60a5256a4592b957e8e6bb2d1b59in077"),
        [
            "path /instance_id: 37 characters, at most 36 allowed (maxLength)",
            "path /instance_id: \"86fd60a5256a4592b957e8e6bb2d1b59in077\" does not match the pattern `^[A-Za-z0-9]{32}in(07|17)$` (pattern)",
        ]
    );
}

fn permission(dml: Option<i64>, ddl: Option<i64>) -> Vec<String> {
    use gaussdb::types::{
        UpdateStarRocksDatabaseUserPermissionReqDdl as Ddl,
        UpdateStarRocksDatabaseUserPermissionReqDml as Dml,
    };
    let dml = dml.map(|v| serde_json::from_value::<Dml>(v.into()).expect("any integer decodes"));
    let ddl = ddl.map(|v| serde_json::from_value::<Ddl>(v.into()).expect("any integer decodes"));
    lines(
        gaussdb::UpdateStarRocksDatabaseUserPermissionRequest::builder()
            .instance_id(STARROCKS)
            .body(gaussdb::types::UpdateStarRocksDatabaseUserPermissionReq {
                user_name: "user_test".into(),
                databases: Some(vec!["*".into()]),
                dml,
                ddl,
            })
            .build(),
    )
}

#[test]
fn starrocks_permissions() {
    for dml in 0..=3 {
        assert!(permission(Some(dml), None).is_empty(), "dml {dml}");
    }
    for ddl in 0..=1 {
        assert!(permission(None, Some(ddl)).is_empty(), "ddl {ddl}");
    }
    assert_eq!(
        permission(Some(4), Some(2)),
        [
            "body /dml: 4 is not one of 0, 1, 2, 3 (enum)",
            "body /ddl: 2 is not one of 0, 1 (enum)",
        ]
    );
}

fn audit(ids: &[&str]) -> Vec<String> {
    lines(
        dbss::UpdateAuditSecurityGroupNewRequest::builder()
            .body(dbss::types::UpdateAuditSecurityGroupReq {
                instance_id: "062212d8-8e30-4783-9671-43f3f1f3bb1e".into(),
                securitygroup_ids: ids.iter().map(|s| s.to_string()).collect(),
            })
            .build(),
    )
}

#[test]
fn audit_security_groups_hold_exactly_one_id() {
    assert!(audit(&["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd"]).is_empty());
    assert_eq!(
        audit(&[]),
        ["body /securitygroup_ids: 0 items, at least 1 required (minItems)"]
    );
    assert_eq!(
        audit(&["a", "b"]),
        ["body /securitygroup_ids: 2 items, at most 1 allowed (maxItems)"]
    );
}

fn encrypt(instance: &str) -> Vec<String> {
    lines(
        dbss::ChangeDbEncryptSecurityGroupRequest::builder()
            .instance_id(instance)
            .body(dbss::types::ChangeDbEncryptSecurityGroupReq {
                security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
            })
            .build(),
    )
}

#[test]
fn encryption_instance_id_length() {
    assert!(encrypt(&"a".repeat(32)).is_empty());
    assert!(encrypt(&"a".repeat(64)).is_empty());
    assert_eq!(
        encrypt(&"a".repeat(31)),
        ["path /instance_id: 31 characters, at least 32 required (minLength)"]
    );
    assert_eq!(
        encrypt(&"a".repeat(65)),
        ["path /instance_id: 65 characters, at most 64 allowed (maxLength)"]
    );
}

fn vpc_update(name: Option<&str>, description: Option<&str>) -> Vec<String> {
    lines(
        vpc::UpdateSecurityGroupRequest::builder()
            .security_group_id("1d8b19c7-7c56-48f7-a99b-4b40eb390967")
            .body(vpc::types::UpdateSecurityGroupReq {
                dry_run: Some(false),
                security_group: vpc::types::UpdateSecurityGroupOption {
                    name: name.map(str::to_string),
                    description: description.map(str::to_string),
                },
            })
            .build(),
    )
}

#[test]
fn vpc_security_group_name_and_description() {
    assert!(vpc_update(Some("security_group_2"), Some("modified description")).is_empty());
    assert!(vpc_update(Some(&"n".repeat(64)), Some(&"d".repeat(255))).is_empty());
    assert!(vpc_update(Some("a.b-c_D9"), Some("")).is_empty());
    // Chinese characters, as Huawei's definitions and the official SDK allow.
    assert!(vpc_update(Some("安全组-测试"), None).is_empty());
    assert!(vpc_update(Some(&"组".repeat(64)), None).is_empty());
    assert_eq!(
        vpc_update(Some(""), None),
        [
            "body /security_group/name: 0 characters, at least 1 required (minLength)",
            "body /security_group/name: \"\" does not match the pattern `^[A-Za-z0-9_.\\u4e00-\\u9fa5-]+$` (pattern)",
        ]
    );
    for refused in ["安全组 测试", "a/b", "a<b"] {
        assert_eq!(
            vpc_update(Some(refused), None),
            [format!(
                "body /security_group/name: {refused:?} does not match the pattern `^[A-Za-z0-9_.\\u4e00-\\u9fa5-]+$` (pattern)"
            )]
        );
    }
    assert_eq!(
        vpc_update(Some(&"n".repeat(65)), Some(&"d".repeat(256))),
        [
            "body /security_group/name: 65 characters, at most 64 allowed (maxLength)",
            "body /security_group/description: 256 characters, at most 255 allowed (maxLength)",
        ]
    );
    assert_eq!(
        vpc_update(Some("web server"), Some("a <b> c")),
        [
            "body /security_group/name: \"web server\" does not match the pattern `^[A-Za-z0-9_.\\u4e00-\\u9fa5-]+$` (pattern)",
            "body /security_group/description: \"a <b> c\" does not match the pattern `^[^<>]*$` (pattern)",
        ]
    );
}

/// Values from the configuration are checked against the operation's parameters too.
async fn config_violations(project: &str, language: Option<&str>) -> Vec<String> {
    let mut builder = Config::builder()
        .credentials(Credentials::token("t"))
        // Nothing listens here: a request that passed validation would fail to connect.
        .endpoint("http://127.0.0.1:9")
        .project_id(project);
    if let Some(language) = language {
        builder = builder.language(language);
    }
    let client = gaussdb::Client::new(builder.build().expect("config")).expect("client");
    let request = gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
        .instance_id(STARROCKS)
        .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        })
        .build()
        .expect("valid request");
    match client.modify_star_rocks_security_group(&request).await {
        Err(hwcloud::error::Error::Validation(e)) => {
            e.violations.iter().map(ToString::to_string).collect()
        }
        Err(hwcloud::error::Error::Transport(_)) => Vec::new(),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn project_id_and_language_from_the_configuration() {
    assert!(config_violations(PROJECT, Some("zh-cn")).await.is_empty());
    assert!(config_violations(PROJECT, None).await.is_empty());
    assert_eq!(
        // An IAM project ID (the configuration accepts it), longer than the document allows.
        config_violations("23a50154cf494ec9ad6883979a12db0a0", Some("fr-fr")).await,
        [
            "config /project_id: 33 characters, at most 32 allowed (maxLength)",
            "config /project_id: \"23a50154cf494ec9ad6883979a12db0a0\" does not match the pattern `^[A-Za-z0-9]{32}$` (pattern)",
            "config /language: \"fr-fr\" is not one of \"en-us\", \"zh-cn\" (enum)",
        ]
    );
}
