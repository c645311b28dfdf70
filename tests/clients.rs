//! The generated clients (`gaussdb`, `dbss`, `vpc`) over real HTTP, against the scripted
//! server of `tests/support`: each operation with its reference page's example, every
//! documented error status, decoding failures, retries, validation before sending, and the
//! endpoints the spec's servers give.

mod support;

use std::future::Future;
use std::time::Duration;

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use hwcloud::config::{Config, ConfigBuilder, ConfigErrorKind};
use hwcloud::credentials::Credentials;
use hwcloud::error::Error;
use hwcloud::retry::RetryPolicy;
use hwcloud::validation::{Location, Violation};
use hwcloud::{dbss, gaussdb, vpc};

use support::{Recorded, Reply, TestServer};

const AK: &str = "CLIENTTESTAK00000001";
const SK: &str = "client-test-secret-key";
const TOKEN: &str = "client-test-iam-token";
const PROJECT: &str = "23a50154cf494ec9ad6883979a12db0a";
/// The StarRocks instance of page 003's example.
const STARROCKS: &str = "86fd60a5256a4592b957e8e6bb2d1b59in07";
/// The DBSS instance of page 001's example.
const DBSS_INSTANCE: &str = "062212d8-8e30-4783-9671-43f3f1f3bb1e";
const VPC_SG: &str = "1d8b19c7-7c56-48f7-a99b-4b40eb390967";

/// Every call is bounded.
const CALL_LIMIT: Duration = Duration::from_secs(10);

/// Page 004's example response, as the page gives it (the number 0 and the nulls included).
const VPC_RESPONSE: &str = r#"{
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

type HmacSha256 = Hmac<Sha256>;

async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(CALL_LIMIT, future)
        .await
        .expect("the call finished in time")
}

fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_retries(max_retries)
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
}

fn config(server: &TestServer, credentials: Credentials) -> ConfigBuilder {
    Config::builder()
        .credentials(credentials)
        .endpoint(&server.url())
        .project_id(PROJECT)
        .retry(fast_retries(2))
}

fn token() -> Credentials {
    Credentials::token(TOKEN)
}

fn aksk() -> Credentials {
    Credentials::permanent(AK, SK)
}

struct Clients {
    gaussdb: gaussdb::Client,
    dbss: dbss::Client,
    vpc: vpc::Client,
}

fn clients(builder: ConfigBuilder) -> Clients {
    let config = builder.build().expect("valid config");
    Clients {
        gaussdb: gaussdb::Client::new(config.clone()).expect("gaussdb client"),
        dbss: dbss::Client::new(config.clone()).expect("dbss client"),
        vpc: vpc::Client::new(config).expect("vpc client"),
    }
}

fn ok(body: &str, request_id: &str) -> Reply {
    Reply::json(200, body).header("X-Request-Id", request_id)
}

fn reply(status: u16, body: &str, request_id: &str) -> Reply {
    Reply::json(status, body).header("X-Request-Id", request_id)
}

// ---------------------------------------------------------------------------------------
// The pages' example requests.

fn modify_star_rocks_request() -> gaussdb::ModifyStarRocksSecurityGroupRequest {
    gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
        .instance_id(STARROCKS)
        .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        })
        .build()
        .expect("page 000's example is valid")
}

fn permission_request() -> gaussdb::UpdateStarRocksDatabaseUserPermissionRequest {
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

fn audit_body() -> dbss::types::UpdateAuditSecurityGroupReq {
    dbss::types::UpdateAuditSecurityGroupReq {
        instance_id: DBSS_INSTANCE.into(),
        securitygroup_ids: vec!["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd".into()],
    }
}

fn audit_request() -> dbss::UpdateAuditSecurityGroupRequest {
    dbss::UpdateAuditSecurityGroupRequest::builder()
        .body(audit_body())
        .build()
        .expect("page 001's example is valid")
}

fn audit_new_request() -> dbss::UpdateAuditSecurityGroupNewRequest {
    dbss::UpdateAuditSecurityGroupNewRequest::builder()
        .body(audit_body())
        .build()
        .expect("page 001's example is valid")
}

fn encrypt_request() -> dbss::ChangeDbEncryptSecurityGroupRequest {
    dbss::ChangeDbEncryptSecurityGroupRequest::builder()
        .instance_id(DBSS_INSTANCE)
        .body(dbss::types::ChangeDbEncryptSecurityGroupReq {
            security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
        })
        .build()
        .expect("page 002's example is valid")
}

fn vpc_body(dry_run: Option<bool>) -> vpc::types::UpdateSecurityGroupReq {
    vpc::types::UpdateSecurityGroupReq {
        dry_run,
        security_group: vpc::types::UpdateSecurityGroupOption {
            name: Some("security_group_2".into()),
            description: Some("modified description".into()),
        },
    }
}

fn vpc_request() -> vpc::UpdateSecurityGroupRequest {
    vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id(VPC_SG)
        .body(vpc_body(None))
        .build()
        .expect("page 004's example is valid")
}

// ---------------------------------------------------------------------------------------
// The pages' example responses, as typed values.

fn vpc_rule(
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

fn expected_vpc_response() -> vpc::types::UpdateSecurityGroupResponse {
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

// ---------------------------------------------------------------------------------------
// What the server received.

/// Percent-encodes all but RFC 3986's unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Recomputes the `SDK-HMAC-SHA256` signature of a received request from scratch (Huawei's
/// published algorithm: canonical request, string to sign, HMAC-SHA256 keyed with the SK),
/// and checks that `SignedHeaders` names every header received except `Authorization`.
fn assert_signature_valid(request: &Recorded) {
    let authorization = request.header("authorization").expect("Authorization sent");
    let rest = authorization
        .strip_prefix("SDK-HMAC-SHA256 ")
        .unwrap_or_else(|| panic!("unexpected Authorization scheme: {authorization}"));
    let parts: Vec<&str> = rest.split(", ").collect();
    assert_eq!(parts.len(), 3, "{authorization}");
    assert_eq!(parts[0], format!("Access={AK}"));
    let signed_headers = parts[1]
        .strip_prefix("SignedHeaders=")
        .expect("SignedHeaders");
    let signature = parts[2].strip_prefix("Signature=").expect("Signature");

    let mut received: Vec<&str> = request
        .headers
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| *name != "authorization")
        .collect();
    received.sort_unstable();
    assert_eq!(
        signed_headers.split(';').collect::<Vec<_>>(),
        received,
        "SignedHeaders covers every header received except Authorization"
    );
    for needed in ["content-type", "host", "x-project-id", "x-sdk-date"] {
        assert!(received.contains(&needed), "{needed} is signed");
    }
    assert_eq!(request.header("x-project-id"), Some(PROJECT));

    let date = request.header("x-sdk-date").expect("X-Sdk-Date sent");
    assert_eq!(date.len(), 16, "{date}");
    assert!(date.ends_with('Z') && date.as_bytes()[8] == b'T', "{date}");

    let decoded = percent_decode_str(request.path()).decode_utf8_lossy();
    let mut uri = decoded
        .split('/')
        .map(|segment| utf8_percent_encode(segment, UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    let mut canonical_headers = String::new();
    for name in signed_headers.split(';') {
        let value = request.header(name).expect("signed header received");
        canonical_headers.push_str(&format!("{name}:{}\n", value.trim()));
    }
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        uri,
        request.query().unwrap_or(""),
        canonical_headers,
        signed_headers,
        hex::encode(Sha256::digest(&request.body)),
    );
    let string_to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac = HmacSha256::new_from_slice(SK.as_bytes()).expect("key");
    mac.update(string_to_sign.as_bytes());
    assert_eq!(
        signature,
        hex::encode(mac.finalize().into_bytes()),
        "the signature verifies; canonical request:\n{canonical_request}"
    );
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Auth {
    Token,
    AkSk,
}

fn assert_auth(request: &Recorded, auth: Auth) {
    match auth {
        Auth::Token => {
            assert_eq!(request.header("x-auth-token"), Some(TOKEN));
            assert_eq!(request.header("x-project-id"), Some(PROJECT));
            assert_eq!(request.header("authorization"), None);
            assert_eq!(request.header("x-sdk-date"), None);
        }
        Auth::AkSk => {
            assert_eq!(request.header("x-auth-token"), None);
            assert_signature_valid(request);
        }
    }
}

fn assert_request(
    request: &Recorded,
    method: &str,
    target: &str,
    content_type: &str,
    language: Option<&str>,
    body: Value,
) {
    assert_eq!(request.method, method, "method of {target}");
    assert_eq!(request.target, target);
    assert_eq!(
        request.header("content-type"),
        Some(content_type),
        "{target}"
    );
    assert_eq!(request.header("x-language"), language, "{target}");
    let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(sent, body, "body of {target}");
    assert_eq!(
        request.header("content-length"),
        Some(request.body.len().to_string().as_str())
    );
}

// ---------------------------------------------------------------------------------------
// 1. Every operation with its page's example.

async fn every_operation_succeeds(auth: Auth, language: Option<&str>) {
    let server = TestServer::start(vec![
        ok(
            r#"{"job_id" : "467258e0-4e6e-4167-b072-7f4e23231bf3"}"#,
            "req-000",
        ),
        ok(r#"{"result" : "SUCCESS"}"#, "req-003"),
        ok(r#"{"result" : "SUCCESS"}"#, "req-001"),
        ok(r#"{"result" : "SUCCESS"}"#, "req-001-new"),
        ok(r#"{"code" : 0}"#, "req-002"),
        ok(VPC_RESPONSE, "req-004"),
    ])
    .await;
    let credentials = match auth {
        Auth::Token => token(),
        Auth::AkSk => aksk(),
    };
    let mut builder = config(&server, credentials);
    if let Some(language) = language {
        builder = builder.language(language);
    }
    let c = clients(builder);

    let r = bounded(
        c.gaussdb
            .modify_star_rocks_security_group(&modify_star_rocks_request()),
    )
    .await
    .expect("ModifyStarRocksSecurityGroup succeeds");
    assert_eq!(r.status, 200);
    assert_eq!(r.request_id.as_deref(), Some("req-000"));
    assert_eq!(
        r.body,
        gaussdb::types::ModifyStarRocksSecurityGroupResponse {
            job_id: Some("467258e0-4e6e-4167-b072-7f4e23231bf3".into()),
        }
    );

    let r = bounded(
        c.gaussdb
            .update_star_rocks_database_user_permission(&permission_request()),
    )
    .await
    .expect("UpdateStarRocksDatabaseUserPermission succeeds");
    assert_eq!(r.status, 200);
    assert_eq!(r.request_id.as_deref(), Some("req-003"));
    assert_eq!(
        r.body,
        gaussdb::types::UpdateStarRocksDatabaseUserPermissionResponse {
            result: Some("SUCCESS".into()),
        }
    );

    #[allow(deprecated)]
    let r = bounded(c.dbss.update_audit_security_group(&audit_request()))
        .await
        .expect("UpdateAuditSecurityGroup succeeds");
    assert_eq!(r.status, 200);
    assert_eq!(r.request_id.as_deref(), Some("req-001"));
    assert_eq!(
        r.body,
        dbss::types::UpdateAuditSecurityGroupResponse {
            result: Some("SUCCESS".into()),
        }
    );

    let r = bounded(c.dbss.update_audit_security_group_new(&audit_new_request()))
        .await
        .expect("UpdateAuditSecurityGroupNew succeeds");
    assert_eq!(r.request_id.as_deref(), Some("req-001-new"));
    assert_eq!(
        r.body,
        dbss::types::UpdateAuditSecurityGroupResponse {
            result: Some("SUCCESS".into()),
        }
    );

    let r = bounded(c.dbss.change_db_encrypt_security_group(&encrypt_request()))
        .await
        .expect("ChangeDbEncryptSecurityGroup succeeds");
    assert_eq!(r.request_id.as_deref(), Some("req-002"));
    assert_eq!(
        r.body,
        dbss::types::ChangeDbEncryptSecurityGroupResponse {
            code: Some(0),
            description: None,
            order_id: None,
            task_id: None,
        }
    );

    let r = bounded(c.vpc.update_security_group(&vpc_request()))
        .await
        .expect("UpdateSecurityGroup succeeds");
    assert_eq!(r.status, 200);
    assert_eq!(r.request_id.as_deref(), Some("req-004"));
    assert_eq!(
        r.body,
        vpc::UpdateSecurityGroupResponse::Ok(expected_vpc_response())
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 6);
    let json_utf8 = "application/json;charset=utf-8";
    assert_request(
        &requests[0],
        "PUT",
        &format!("/v3/{PROJECT}/instances/{STARROCKS}/starrocks/security-group"),
        json_utf8,
        language,
        json!({"security_group_id": "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1"}),
    );
    assert_request(
        &requests[1],
        "PUT",
        &format!("/v3/{PROJECT}/instances/{STARROCKS}/starrocks/users/permission"),
        json_utf8,
        language,
        json!({"user_name": "user_test", "dml": 2, "databases": ["*"]}),
    );
    let audit = json!({
        "instance_id": "062212d8-8e30-4783-9671-43f3f1f3bb1e",
        "securitygroup_ids": ["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd"]
    });
    assert_request(
        &requests[2],
        "POST",
        &format!("/v1/{PROJECT}/dbss/audit/security-group"),
        json_utf8,
        None,
        audit.clone(),
    );
    assert_request(
        &requests[3],
        "POST",
        &format!("/v1/{PROJECT}/audit/security-group"),
        json_utf8,
        None,
        audit,
    );
    assert_request(
        &requests[4],
        "PUT",
        &format!("/v1/{PROJECT}/db-encrypt/{DBSS_INSTANCE}/security-group"),
        "application/json",
        None,
        json!({"security_group_ids": ["9e033f2d-04a5-4bdc-858e-17e31599d052"]}),
    );
    assert_request(
        &requests[5],
        "PUT",
        &format!("/v3/{PROJECT}/vpc/security-groups/{VPC_SG}"),
        "application/json",
        None,
        json!({"security_group": {"name": "security_group_2", "description": "modified description"}}),
    );
    for request in &requests {
        assert_auth(request, auth);
    }
}

#[tokio::test]
async fn every_operation_succeeds_with_token_credentials_and_a_language() {
    every_operation_succeeds(Auth::Token, Some("en-us")).await;
}

#[tokio::test]
async fn every_operation_succeeds_with_aksk_credentials() {
    every_operation_succeeds(Auth::AkSk, None).await;
}

#[tokio::test]
async fn aksk_signature_covers_the_language_header() {
    let server = TestServer::start(vec![ok(r#"{"result":"SUCCESS"}"#, "req-lang")]).await;
    let c = clients(config(&server, aksk()).language("zh-cn"));
    let r = bounded(
        c.gaussdb
            .update_star_rocks_database_user_permission(&permission_request()),
    )
    .await
    .expect("succeeds");
    assert_eq!(r.body.result.as_deref(), Some("SUCCESS"));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("x-language"), Some("zh-cn"));
    assert_signature_valid(&requests[0]);
}

#[tokio::test]
async fn vpc_dry_run_202_is_the_accepted_variant() {
    let server = TestServer::start(vec![reply(
        202,
        r#"{"request_id":"6f1bd2a0b1c5f8a0d3e4c5b6a7980102"}"#,
        "req-202",
    )])
    .await;
    let c = clients(config(&server, token()));
    let request = vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id(VPC_SG)
        .body(vpc_body(Some(true)))
        .build()
        .expect("valid");
    let r = bounded(c.vpc.update_security_group(&request))
        .await
        .expect("202 is a success");
    assert_eq!(r.status, 202);
    assert_eq!(r.request_id.as_deref(), Some("req-202"));
    assert_eq!(
        r.body,
        vpc::UpdateSecurityGroupResponse::Accepted(vpc::types::UpdateSecurityGroupDryRunResponse {
            request_id: Some("6f1bd2a0b1c5f8a0d3e4c5b6a7980102".into()),
        })
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let sent: Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(
        sent,
        json!({"dry_run": true, "security_group": {"name": "security_group_2", "description": "modified description"}})
    );
}

// ---------------------------------------------------------------------------------------
// 2. Documented error statuses and decoding failures.

fn gaussdb_error(code: &str, msg: &str) -> gaussdb::types::ErrorResponse {
    gaussdb::types::ErrorResponse {
        error_code: Some(code.into()),
        error_msg: Some(msg.into()),
    }
}

#[tokio::test]
async fn gaussdb_documented_errors_decode_to_their_variants() {
    let server = TestServer::start(vec![
        reply(
            400,
            r#"{"error_code":"DBS.280001","error_msg":"Invalid parameter."}"#,
            "req-g400",
        ),
        reply(
            500,
            r#"{"error_code":"DBS.200001","error_msg":"Internal error."}"#,
            "req-g500",
        ),
        reply(
            400,
            r#"{"error_code":"DBS.280002","error_msg":"Bad user."}"#,
            "req-g400b",
        ),
        reply(
            500,
            r#"{"error_code":"DBS.200002","error_msg":"Busy."}"#,
            "req-g500b",
        ),
    ])
    .await;
    let c = clients(config(&server, token()));
    let request = modify_star_rocks_request();
    match bounded(c.gaussdb.modify_star_rocks_security_group(&request)).await {
        Err(Error::Service {
            status,
            request_id,
            error,
            ..
        }) => {
            assert_eq!(status, 400);
            assert_eq!(request_id.as_deref(), Some("req-g400"));
            assert_eq!(
                error,
                gaussdb::ModifyStarRocksSecurityGroupError::BadRequest(gaussdb_error(
                    "DBS.280001",
                    "Invalid parameter."
                ))
            );
        }
        other => panic!("expected a 400 service error, got {other:?}"),
    }
    match bounded(c.gaussdb.modify_star_rocks_security_group(&request)).await {
        Err(Error::Service {
            status,
            request_id,
            error,
            ..
        }) => {
            assert_eq!(status, 500);
            assert_eq!(request_id.as_deref(), Some("req-g500"));
            assert_eq!(
                error,
                gaussdb::ModifyStarRocksSecurityGroupError::InternalServerError(gaussdb_error(
                    "DBS.200001",
                    "Internal error."
                ))
            );
        }
        other => panic!("expected a 500 service error, got {other:?}"),
    }
    let request = permission_request();
    match bounded(
        c.gaussdb
            .update_star_rocks_database_user_permission(&request),
    )
    .await
    {
        Err(Error::Service {
            status,
            request_id,
            error,
            ..
        }) => {
            assert_eq!(status, 400);
            assert_eq!(request_id.as_deref(), Some("req-g400b"));
            assert_eq!(
                error,
                gaussdb::UpdateStarRocksDatabaseUserPermissionError::BadRequest(gaussdb_error(
                    "DBS.280002",
                    "Bad user."
                ))
            );
        }
        other => panic!("expected a 400 service error, got {other:?}"),
    }
    match bounded(
        c.gaussdb
            .update_star_rocks_database_user_permission(&request),
    )
    .await
    {
        Err(Error::Service {
            status,
            request_id,
            error,
            ..
        }) => {
            assert_eq!(status, 500);
            assert_eq!(request_id.as_deref(), Some("req-g500b"));
            assert_eq!(
                error,
                gaussdb::UpdateStarRocksDatabaseUserPermissionError::InternalServerError(
                    gaussdb_error("DBS.200002", "Busy.")
                )
            );
        }
        other => panic!("expected a 500 service error, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 4);
}

fn audit_error(code: &str, msg: &str) -> dbss::types::DbssAuditErrorResponse {
    dbss::types::DbssAuditErrorResponse {
        error: Some(dbss::types::ErrorDetail {
            error_code: Some(code.into()),
            error_msg: Some(msg.into()),
        }),
    }
}

/// The replacement path's error body holds both shapes; page 001's nested one leaves the
/// flat fields unset.
fn audit_new_error(code: &str, msg: &str) -> dbss::types::DbssAuditNewErrorResponse {
    dbss::types::DbssAuditNewErrorResponse {
        error: audit_error(code, msg).error,
        ..Default::default()
    }
}

fn audit_error_body(code: &str, msg: &str) -> String {
    json!({"error": {"error_code": code, "error_msg": msg}}).to_string()
}

#[tokio::test]
async fn dbss_audit_documented_errors_decode_to_their_variants() {
    let mut script = Vec::new();
    for (status, code) in [(400, "DBSS.XXXX"), (403, "DBSS.0403"), (500, "DBSS.0500")] {
        // Once for the deprecated operation, once for its replacement.
        for op in ["old", "new"] {
            script.push(reply(
                status,
                &audit_error_body(code, "XXX"),
                &format!("req-{op}-{status}"),
            ));
        }
    }
    let server = TestServer::start(script).await;
    let c = clients(config(&server, aksk()));
    for (status, code) in [
        (400u16, "DBSS.XXXX"),
        (403, "DBSS.0403"),
        (500, "DBSS.0500"),
    ] {
        #[allow(deprecated)]
        let old = bounded(c.dbss.update_audit_security_group(&audit_request())).await;
        let expected = match status {
            400 => dbss::UpdateAuditSecurityGroupError::BadRequest(audit_error(code, "XXX")),
            403 => dbss::UpdateAuditSecurityGroupError::Forbidden(audit_error(code, "XXX")),
            _ => dbss::UpdateAuditSecurityGroupError::InternalServerError(audit_error(code, "XXX")),
        };
        match old {
            Err(Error::Service {
                status: got,
                request_id,
                error,
                ..
            }) => {
                assert_eq!(got, status);
                assert_eq!(request_id, Some(format!("req-old-{status}")));
                assert_eq!(error, expected);
            }
            other => panic!("expected a {status} service error, got {other:?}"),
        }
        let new = bounded(c.dbss.update_audit_security_group_new(&audit_new_request())).await;
        let expected = match status {
            400 => dbss::UpdateAuditSecurityGroupNewError::BadRequest(audit_new_error(code, "XXX")),
            403 => dbss::UpdateAuditSecurityGroupNewError::Forbidden(audit_new_error(code, "XXX")),
            _ => dbss::UpdateAuditSecurityGroupNewError::InternalServerError(audit_new_error(
                code, "XXX",
            )),
        };
        match new {
            Err(Error::Service {
                status: got,
                request_id,
                error,
                ..
            }) => {
                assert_eq!(got, status);
                assert_eq!(request_id, Some(format!("req-new-{status}")));
                assert_eq!(error, expected);
            }
            other => panic!("expected a {status} service error, got {other:?}"),
        }
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 6, "POST errors are not retried");
    for request in &requests {
        assert_signature_valid(request);
    }
}

#[tokio::test]
async fn dbss_encryption_documented_errors_decode_to_their_variants() {
    let body = |code: &str| {
        json!({
            "error_code": code,
            "error_msg": "PDP5 error",
            "encoded_authorization_message": "enc-msg",
            "details": [{"error_code": "PDP.0001", "error_msg": "detail"}]
        })
        .to_string()
    };
    let statuses = [400u16, 401, 403, 500];
    let script = statuses
        .iter()
        .map(|s| reply(*s, &body(&format!("DBSS.{s}")), &format!("req-enc-{s}")))
        .collect();
    let server = TestServer::start(script).await;
    let c = clients(config(&server, token()));
    for status in statuses {
        let typed = dbss::types::DbssErrorResponse {
            details: Some(vec![dbss::types::DbssErrorDetail {
                error_code: Some("PDP.0001".into()),
                error_msg: Some("detail".into()),
            }]),
            encoded_authorization_message: Some("enc-msg".into()),
            error_code: Some(format!("DBSS.{status}")),
            error_msg: Some("PDP5 error".into()),
        };
        let expected = match status {
            400 => dbss::ChangeDbEncryptSecurityGroupError::BadRequest(typed),
            401 => dbss::ChangeDbEncryptSecurityGroupError::Unauthorized(typed),
            403 => dbss::ChangeDbEncryptSecurityGroupError::Forbidden(typed),
            _ => dbss::ChangeDbEncryptSecurityGroupError::InternalServerError(typed),
        };
        match bounded(c.dbss.change_db_encrypt_security_group(&encrypt_request())).await {
            Err(Error::Service {
                status: got,
                request_id,
                error,
                ..
            }) => {
                assert_eq!(got, status);
                assert_eq!(request_id, Some(format!("req-enc-{status}")));
                assert_eq!(error, expected);
            }
            other => panic!("expected a {status} service error, got {other:?}"),
        }
    }
    // 500 is not a retryable status: one request per call.
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn vpc_any_error_status_is_the_default_variant() {
    let server = TestServer::start(vec![
        reply(
            409,
            r#"{"request_id":"r-409","error_code":"VPC.0601","error_msg":"Security group name conflict."}"#,
            "req-409",
        ),
        reply(
            404,
            r#"{"request_id":"r-404","error_code":"VPC.0602","error_msg":"Security group not found."}"#,
            "req-404",
        ),
    ])
    .await;
    let c = clients(config(&server, token()));
    for (status, code, msg) in [
        (409u16, "VPC.0601", "Security group name conflict."),
        (404, "VPC.0602", "Security group not found."),
    ] {
        match bounded(c.vpc.update_security_group(&vpc_request())).await {
            Err(Error::Service {
                status: got,
                request_id,
                error,
                ..
            }) => {
                assert_eq!(got, status);
                assert_eq!(request_id, Some(format!("req-{status}")));
                assert_eq!(
                    error,
                    vpc::UpdateSecurityGroupError::Default(vpc::types::CommonErrorResponse {
                        request_id: Some(format!("r-{status}")),
                        error_code: Some(code.into()),
                        error_msg: Some(msg.into()),
                    })
                );
            }
            other => panic!("expected a {status} service error, got {other:?}"),
        }
    }
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_undocumented_status_is_unexpected_status_with_the_raw_body() {
    let server = TestServer::start(vec![
        reply(418, "I'm a teapot \u{2615}", "req-418").header("Content-Type", "text/plain")
    ])
    .await;
    let c = clients(config(&server, token()));
    match bounded(
        c.gaussdb
            .modify_star_rocks_security_group(&modify_star_rocks_request()),
    )
    .await
    {
        Err(Error::UnexpectedStatus {
            status,
            request_id,
            body,
        }) => {
            assert_eq!(status, 418);
            assert_eq!(request_id.as_deref(), Some("req-418"));
            assert_eq!(body.text(), "I'm a teapot \u{2615}");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_non_json_error_body_is_the_service_s_error_page() {
    let html = "<html><body>502 Bad Gateway</body></html>";
    let server = TestServer::start(vec![Reply::status(400)
        .header("Content-Type", "text/html")
        .header("X-Request-Id", "req-html")
        .body(html)])
    .await;
    let c = clients(config(&server, token()));
    let error = bounded(
        c.gaussdb
            .modify_star_rocks_security_group(&modify_star_rocks_request()),
    )
    .await
    .expect_err("an error page");
    assert_eq!(
        error.to_string(),
        "HTTP 400 Bad Request (request ID req-html), not JSON (text/html): \
         <html><body>502 Bad Gateway</body></html>"
    );
    match error {
        Error::ErrorPage {
            status,
            request_id,
            content_type,
            body,
        } => {
            assert_eq!(status, 400);
            assert_eq!(request_id.as_deref(), Some("req-html"));
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert_eq!(body.text(), html);
        }
        other => panic!("expected ErrorPage, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_body_is_an_error_page_at_an_error_status_and_a_decode_error_at_a_success() {
    let server = TestServer::start(vec![
        Reply::status(500).header("X-Request-Id", "req-empty-500"),
        Reply::status(200).header("X-Request-Id", "req-empty-200"),
    ])
    .await;
    let c = clients(config(&server, token()));
    match bounded(c.dbss.change_db_encrypt_security_group(&encrypt_request())).await {
        Err(Error::ErrorPage {
            status,
            request_id,
            body,
            ..
        }) => {
            assert_eq!(status, 500);
            assert_eq!(request_id.as_deref(), Some("req-empty-500"));
            assert!(body.is_empty());
        }
        other => panic!("expected ErrorPage, got {other:?}"),
    }
    match bounded(c.vpc.update_security_group(&vpc_request())).await {
        Err(Error::Decode {
            status,
            request_id,
            body,
            source,
        }) => {
            assert_eq!(status, 200);
            assert_eq!(request_id.as_deref(), Some("req-empty-200"));
            assert!(body.is_empty());
            assert!(source.is_eof(), "{source}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_decode_error() {
    let server = TestServer::start(vec![
        reply(400, r#"{"error_code": 5}"#, "req-shape"),
        reply(403, r#"{"error": "denied"}"#, "req-shape-403"),
    ])
    .await;
    let c = clients(config(&server, token()));
    match bounded(
        c.gaussdb
            .modify_star_rocks_security_group(&modify_star_rocks_request()),
    )
    .await
    {
        Err(Error::Decode {
            status,
            request_id,
            body,
            source,
        }) => {
            assert_eq!(status, 400);
            assert_eq!(request_id.as_deref(), Some("req-shape"));
            assert_eq!(body.text(), r#"{"error_code": 5}"#);
            assert!(source.is_data(), "{source}");
            assert!(
                source
                    .to_string()
                    .starts_with("invalid type: integer `5`, expected a string"),
                "{source}"
            );
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    match bounded(c.dbss.update_audit_security_group_new(&audit_new_request())).await {
        Err(Error::Decode {
            status,
            request_id,
            body,
            source,
        }) => {
            assert_eq!(status, 403);
            assert_eq!(request_id.as_deref(), Some("req-shape-403"));
            assert_eq!(body.text(), r#"{"error": "denied"}"#);
            assert!(source.is_data(), "{source}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// 3. Retries through the generated clients.

#[tokio::test]
async fn a_put_is_retried_on_503_then_succeeds() {
    let server = TestServer::start(vec![
        reply(
            503,
            r#"{"error_code":"APIGW.0308","error_msg":"busy"}"#,
            "req-503",
        ),
        ok(VPC_RESPONSE, "req-ok"),
    ])
    .await;
    let c = clients(config(&server, aksk()).retry(fast_retries(2)));
    let r = bounded(c.vpc.update_security_group(&vpc_request()))
        .await
        .expect("the retry succeeds");
    assert_eq!(r.status, 200);
    assert_eq!(r.request_id.as_deref(), Some("req-ok"));
    assert_eq!(
        r.body,
        vpc::UpdateSecurityGroupResponse::Ok(expected_vpc_response())
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method, "PUT");
        assert_eq!(
            request.target,
            format!("/v3/{PROJECT}/vpc/security-groups/{VPC_SG}")
        );
        assert_eq!(request.body, requests[0].body);
        assert_signature_valid(request);
    }
}

#[tokio::test]
async fn a_post_is_not_retried_on_503() {
    let body = r#"{"error_code":"APIGW.0308","error_msg":"busy"}"#;
    let server = TestServer::start(vec![
        reply(503, body, "req-post-503"),
        ok(r#"{"result":"SUCCESS"}"#, "req-never"),
    ])
    .await;
    let c = clients(config(&server, token()).retry(fast_retries(3)));
    match bounded(c.dbss.update_audit_security_group_new(&audit_new_request())).await {
        Err(Error::UnexpectedStatus {
            status,
            request_id,
            body: got,
        }) => {
            assert_eq!(status, 503);
            assert_eq!(request_id.as_deref(), Some("req-post-503"));
            assert_eq!(got.text(), body);
        }
        other => panic!("expected the 503 as UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn exhausted_retries_keep_the_last_response() {
    let server = TestServer::start(vec![
        reply(
            503,
            r#"{"request_id":"b1","error_code":"APIGW.1","error_msg":"first"}"#,
            "req-1",
        ),
        reply(
            429,
            r#"{"request_id":"b2","error_code":"APIGW.2","error_msg":"second"}"#,
            "req-2",
        ),
        reply(
            503,
            r#"{"request_id":"b3","error_code":"APIGW.3","error_msg":"last"}"#,
            "req-3",
        ),
        ok(VPC_RESPONSE, "req-never"),
    ])
    .await;
    let c = clients(config(&server, token()).retry(fast_retries(2)));
    match bounded(c.vpc.update_security_group(&vpc_request())).await {
        Err(Error::Service {
            status,
            request_id,
            error,
            ..
        }) => {
            assert_eq!(status, 503);
            assert_eq!(request_id.as_deref(), Some("req-3"));
            assert_eq!(
                error,
                vpc::UpdateSecurityGroupError::Default(vpc::types::CommonErrorResponse {
                    request_id: Some("b3".into()),
                    error_code: Some("APIGW.3".into()),
                    error_msg: Some("last".into()),
                })
            );
        }
        other => panic!("expected the last 503, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3, "1 attempt + 2 retries");

    // The same on an operation where 503 is undocumented: the raw last body is kept.
    let server = TestServer::start(vec![
        reply(503, "first", "req-a"),
        reply(503, "last body", "req-b"),
    ])
    .await;
    let c = clients(config(&server, aksk()).retry(fast_retries(1)));
    match bounded(c.dbss.change_db_encrypt_security_group(&encrypt_request())).await {
        Err(Error::UnexpectedStatus {
            status,
            request_id,
            body,
        }) => {
            assert_eq!(status, 503);
            assert_eq!(request_id.as_deref(), Some("req-b"));
            assert_eq!(body.text(), "last body");
        }
        other => panic!("expected the last 503, got {other:?}"),
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_signature_valid(request);
    }
}

// ---------------------------------------------------------------------------------------
// 4. Validation before sending, and path parameters.

fn lines(violations: &[Violation]) -> Vec<String> {
    violations.iter().map(ToString::to_string).collect()
}

#[tokio::test]
async fn an_invalid_vpc_request_is_refused_and_nothing_is_sent() {
    let server = TestServer::start(vec![]).await;
    let c = clients(config(&server, aksk()));
    let name = format!("{} x", "a".repeat(68));
    assert_eq!(name.chars().count(), 70);
    let body = vpc::types::UpdateSecurityGroupReq {
        dry_run: None,
        security_group: vpc::types::UpdateSecurityGroupOption {
            name: Some(name.clone()),
            description: Some("<b>".into()),
        },
    };
    let expected = vec![
        "body /security_group/name: 70 characters, at most 64 allowed (maxLength)".to_owned(),
        // A long value is quoted cut short: its first 56 characters and `...`.
        format!(
            "body /security_group/name: \"{}... does not match the pattern `^[A-Za-z0-9_.\\u4e00-\\u9fa5-]+$` (pattern)",
            "a".repeat(56)
        ),
        "body /security_group/description: \"<b>\" does not match the pattern `^[^<>]*$` (pattern)"
            .to_owned(),
    ];
    // The builder refuses it...
    let built = vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id(VPC_SG)
        .body(body.clone())
        .build()
        .expect_err("the builder refuses it");
    assert_eq!(lines(&built.violations), expected);
    // ...and so does the client, for a request made without the builder.
    let request = vpc::UpdateSecurityGroupRequest {
        security_group_id: VPC_SG.into(),
        body,
    };
    match bounded(c.vpc.update_security_group(&request)).await {
        Err(Error::Validation(error)) => {
            assert_eq!(lines(&error.violations), expected);
            assert_eq!(error.violations[0].location, Location::Body);
            assert_eq!(error.violations[0].rule, "maxLength");
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    assert!(server.requests().is_empty());
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn gaussdb_config_and_request_violations_are_all_listed_and_nothing_is_sent() {
    let server = TestServer::start(vec![]).await;
    let c = clients(
        Config::builder()
            .credentials(token())
            .endpoint(&server.url())
            // An IAM project ID, but longer than GaussDB's document allows.
            .project_id("0123456789abcdef0123456789abcdef01234567")
            .language("fr-fr"),
    );
    let request = gaussdb::ModifyStarRocksSecurityGroupRequest {
        instance_id: "86fd60a5256a4592b957e8e6bb2d1b59in99".into(),
        body: gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        },
    };
    match bounded(c.gaussdb.modify_star_rocks_security_group(&request)).await {
        Err(Error::Validation(error)) => {
            assert_eq!(
                lines(&error.violations),
                [
                    "config /project_id: 40 characters, at most 32 allowed (maxLength)",
                    "config /project_id: \"0123456789abcdef0123456789abcdef01234567\" does not match the pattern `^[A-Za-z0-9]{32}$` (pattern)",
                    "config /language: \"fr-fr\" is not one of \"en-us\", \"zh-cn\" (enum)",
                    "path /instance_id: \"86fd60a5256a4592b957e8e6bb2d1b59in99\" does not match the pattern `^[A-Za-z0-9]{32}in(07|17)$` (pattern)",
                ]
            );
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    // The project ID alone breaks the pattern on the other gaussdb operation too.
    match bounded(
        c.gaussdb
            .update_star_rocks_database_user_permission(&permission_request()),
    )
    .await
    {
        Err(Error::Validation(error)) => {
            assert_eq!(error.violations.len(), 3, "{error}");
            assert!(error
                .violations
                .iter()
                .all(|v| v.location == Location::Config));
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    assert!(server.requests().is_empty());
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_into_one_segment() {
    let server = TestServer::start(vec![
        ok(VPC_RESPONSE, "req-enc-1"),
        ok(VPC_RESPONSE, "req-enc-2"),
    ])
    .await;
    let c = clients(config(&server, aksk()));
    for (id, encoded) in [("a/b?c#d", "a%2Fb%3Fc%23d"), ("sg 1%2F..", "sg%201%252F..")] {
        let request = vpc::UpdateSecurityGroupRequest::builder()
            .security_group_id(id)
            .body(vpc_body(None))
            .build()
            .expect("valid");
        let r = bounded(c.vpc.update_security_group(&request))
            .await
            .expect("succeeds");
        assert_eq!(r.status, 200);
        let requests = server.requests();
        let last = requests.last().expect("received");
        assert_eq!(
            last.target,
            format!("/v3/{PROJECT}/vpc/security-groups/{encoded}")
        );
        assert_eq!(last.query(), None);
        assert_signature_valid(last);
    }
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = TestServer::start(vec![]).await;
    let c = clients(config(&server, token()));
    for (id, message) in [
        (
            "..",
            "path /security_group_id: \"..\" cannot be a path segment (pattern)",
        ),
        (
            ".",
            "path /security_group_id: \".\" cannot be a path segment (pattern)",
        ),
        (
            "",
            "path /security_group_id: a path parameter cannot be empty (minLength)",
        ),
    ] {
        let request = vpc::UpdateSecurityGroupRequest {
            security_group_id: id.into(),
            body: vpc_body(None),
        };
        match bounded(c.vpc.update_security_group(&request)).await {
            Err(Error::Validation(error)) => assert_eq!(lines(&error.violations), [message]),
            other => panic!("expected Validation for {id:?}, got {other:?}"),
        }
        let built = vpc::UpdateSecurityGroupRequest::builder()
            .security_group_id(id)
            .body(vpc_body(None))
            .build()
            .expect_err("the builder refuses it");
        assert_eq!(lines(&built.violations), [message]);
    }
    let request = dbss::ChangeDbEncryptSecurityGroupRequest {
        instance_id: "..".into(),
        body: dbss::types::ChangeDbEncryptSecurityGroupReq {
            security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
        },
    };
    match bounded(c.dbss.change_db_encrypt_security_group(&request)).await {
        Err(Error::Validation(error)) => assert_eq!(
            lines(&error.violations),
            [
                "path /instance_id: \"..\" cannot be a path segment (pattern)",
                "path /instance_id: 2 characters, at least 32 required (minLength)",
            ]
        ),
        other => panic!("expected Validation, got {other:?}"),
    }
    assert!(server.requests().is_empty());
    assert_eq!(server.connections(), 0);
}

// ---------------------------------------------------------------------------------------
// 5. Configuration.

#[tokio::test]
async fn no_project_id_is_a_validation_error_and_nothing_is_sent() {
    let server = TestServer::start(vec![]).await;
    let c = clients(
        Config::builder()
            .credentials(aksk())
            .endpoint(&server.url()),
    );
    let expected =
        "config /project_id: this operation needs `project_id` in the client configuration (required)";
    let check = |result: Option<Vec<Violation>>| {
        let violations = result.expect("a validation error");
        assert_eq!(lines(&violations), [expected]);
        assert_eq!(violations[0].location, Location::Config);
        assert_eq!(violations[0].pointer, "/project_id");
        assert_eq!(violations[0].rule, "required");
    };
    fn violations<T, E: std::fmt::Debug>(
        result: Result<hwcloud::response::Response<T>, Error<E>>,
    ) -> Option<Vec<Violation>> {
        match result {
            Err(Error::Validation(error)) => Some(error.violations),
            Err(other) => panic!("expected Validation, got {other:?}"),
            Ok(_) => None,
        }
    }
    check(violations(
        bounded(
            c.gaussdb
                .modify_star_rocks_security_group(&modify_star_rocks_request()),
        )
        .await,
    ));
    check(violations(
        bounded(
            c.gaussdb
                .update_star_rocks_database_user_permission(&permission_request()),
        )
        .await,
    ));
    #[allow(deprecated)]
    let old = bounded(c.dbss.update_audit_security_group(&audit_request())).await;
    check(violations(old));
    check(violations(
        bounded(c.dbss.update_audit_security_group_new(&audit_new_request())).await,
    ));
    check(violations(
        bounded(c.dbss.change_db_encrypt_security_group(&encrypt_request())).await,
    ));
    check(violations(
        bounded(c.vpc.update_security_group(&vpc_request())).await,
    ));
    assert!(server.requests().is_empty());
    assert_eq!(server.connections(), 0);
}

fn regional(region: &str) -> Config {
    Config::builder()
        .credentials(token())
        .region(region)
        .project_id(PROJECT)
        .build()
        .expect("valid config")
}

#[test]
fn clients_built_for_a_region_use_the_spec_servers() {
    for (region, url) in [
        (
            "cn-north-4",
            "https://gaussdb.cn-north-4.myhuaweicloud.com/",
        ),
        (
            "ap-southeast-1",
            "https://gaussdbformysql.ap-southeast-1.myhuaweicloud.com/",
        ),
        (
            "af-south-1",
            "https://gaussdb-mysql.af-south-1.myhuaweicloud.com/",
        ),
    ] {
        let client = gaussdb::Client::new(regional(region)).expect("gaussdb client");
        assert_eq!(client.base_url().as_str(), url, "{region}");
    }
    let dbss = dbss::Client::new(regional("cn-north-4")).expect("dbss client");
    assert_eq!(
        dbss.base_url().as_str(),
        "https://dbss.cn-north-4.myhuaweicloud.com/"
    );
    let vpc = vpc::Client::new(regional("cn-north-4")).expect("vpc client");
    assert_eq!(
        vpc.base_url().as_str(),
        "https://vpc.cn-north-4.myhuaweicloud.com/"
    );
}

#[test]
fn an_unknown_region_for_gaussdb_is_a_config_error() {
    let error = gaussdb::Client::new(regional("eu-west-0")).expect_err("no gaussdb in eu-west-0");
    match error.kind() {
        ConfigErrorKind::UnknownRegion {
            service,
            region,
            known,
        } => {
            assert_eq!(service, "gaussdb");
            assert_eq!(region, "eu-west-0");
            assert_eq!(
                known,
                &[
                    "af-south-1",
                    "ap-southeast-1",
                    "ap-southeast-2",
                    "ap-southeast-3",
                    "ap-southeast-4",
                    "cn-east-3",
                    "cn-east-5",
                    "cn-north-11",
                    "cn-north-2",
                    "cn-north-4",
                    "cn-north-9",
                    "cn-south-1",
                    "cn-south-4",
                    "cn-southwest-2",
                    "cn-southwest-3",
                    "la-north-2",
                    "me-east-1",
                    "ru-northwest-2",
                    "sa-brazil-1",
                    "tr-west-1",
                ]
            );
        }
        other => panic!("expected UnknownRegion, got {other:?}"),
    }
    // The same region is fine for VPC, which has an endpoint there.
    let vpc = vpc::Client::new(regional("eu-west-0")).expect("vpc client");
    assert_eq!(
        vpc.base_url().as_str(),
        "https://vpc.eu-west-0.myhuaweicloud.com/"
    );
    // And without a region or endpoint there is nothing to choose from.
    let config = Config::builder()
        .credentials(token())
        .build()
        .expect("valid");
    let error = gaussdb::Client::new(config).expect_err("no region");
    assert_eq!(
        error.kind(),
        &ConfigErrorKind::NoRegion {
            service: "gaussdb".into()
        }
    );
}
