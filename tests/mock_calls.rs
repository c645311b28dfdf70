//! The generated clients against `hwcloud-mock`, for what needs only the documents' own
//! behaviour: each operation with its page's example request, accepted by the mock's
//! judgement of the documents (and, with AK/SK, of the signature), answered with the page's
//! example; VPC's dry run; which methods are retried after a 503. What lies below HTTP, or
//! needs exact bytes the documents do not give, stays with the scripted server
//! (`clients.rs`, `transport.rs`, `hostile.rs`).

mod pages;

use std::time::Duration;

use hwcloud::config::ConfigBuilder;
use hwcloud::error::Error;
use hwcloud::retry::RetryPolicy;
use hwcloud::{dbss, gaussdb, vpc};
use hwcloud_mock::{Fault, MockServer, Recorded, Verdict};
use pages::*;
use serde_json::{json, Value};

struct Clients {
    gaussdb: gaussdb::Client,
    dbss: dbss::Client,
    vpc: vpc::Client,
}

fn clients(builder: ConfigBuilder) -> Clients {
    let config = builder
        .retry(
            RetryPolicy::default()
                .with_max_retries(2)
                .with_base_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_millis(20)),
        )
        .timeout(Duration::from_secs(10))
        .build()
        .expect("valid config");
    Clients {
        gaussdb: gaussdb::Client::new(config.clone()).expect("gaussdb client"),
        dbss: dbss::Client::new(config.clone()).expect("dbss client"),
        vpc: vpc::Client::new(config).expect("vpc client"),
    }
}

/// The request as the mock recorded it: method, path, content type, language, JSON body.
fn assert_sent(
    request: &Recorded,
    (method, path): (&str, String),
    content_type: &str,
    language: Option<&str>,
    body: Value,
) {
    assert_eq!(request.verdict, Verdict::Answered, "{request:?}");
    assert_eq!((request.method.as_str(), &request.path), (method, &path));
    assert_eq!(request.header("content-type"), Some(content_type), "{path}");
    assert_eq!(request.header("x-language"), language, "{path}");
    let sent: Value = serde_json::from_str(&request.body).expect("the body is JSON");
    assert_eq!(sent, body, "body of {path}");
}

/// Calls the six operations with their pages' examples; each must be answered with its page's
/// example response.
async fn every_operation_succeeds(builder: ConfigBuilder) {
    let c = clients(builder);
    let r = c
        .gaussdb
        .modify_star_rocks_security_group(&modify_star_rocks_request())
        .await
        .expect("ModifyStarRocksSecurityGroup succeeds");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body.job_id.as_deref(),
        Some("467258e0-4e6e-4167-b072-7f4e23231bf3")
    );
    assert!(r.request_id.is_some_and(|id| id.len() == 32));

    let r = c
        .gaussdb
        .update_star_rocks_database_user_permission(&permission_request())
        .await
        .expect("UpdateStarRocksDatabaseUserPermission succeeds");
    assert_eq!(
        r.body.result.as_deref(),
        Some("SUCCESS"),
        "page 003's example"
    );

    #[allow(deprecated)]
    let r = c
        .dbss
        .update_audit_security_group(&audit_request())
        .await
        .expect("UpdateAuditSecurityGroup succeeds");
    assert_eq!(r.status, 200);
    let r = c
        .dbss
        .update_audit_security_group_new(&audit_new_request())
        .await
        .expect("UpdateAuditSecurityGroupNew succeeds");
    assert_eq!(r.status, 200);
    let r = c
        .dbss
        .change_db_encrypt_security_group(&encrypt_request())
        .await
        .expect("ChangeDbEncryptSecurityGroup succeeds");
    assert_eq!(r.body.code, Some(0), "page 002's example");

    let r = c
        .vpc
        .update_security_group(&vpc_request())
        .await
        .expect("UpdateSecurityGroup succeeds");
    // Page 004's example, with the security group the path names.
    let mut expected = expected_vpc_response();
    if let Some(group) = expected.security_group.as_mut() {
        group.id = Some(VPC_SG.into());
    }
    assert_eq!(r.body, vpc::UpdateSecurityGroupResponse::Ok(expected));
}

fn assert_every_request(requests: &[Recorded], language: Option<&str>) {
    assert_eq!(requests.len(), 6);
    let json_utf8 = "application/json;charset=utf-8";
    assert_sent(
        &requests[0],
        (
            "PUT",
            format!("/v3/{PROJECT}/instances/{STARROCKS}/starrocks/security-group"),
        ),
        json_utf8,
        language,
        json!({"security_group_id": "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1"}),
    );
    assert_sent(
        &requests[1],
        (
            "PUT",
            format!("/v3/{PROJECT}/instances/{STARROCKS}/starrocks/users/permission"),
        ),
        json_utf8,
        language,
        json!({"user_name": "user_test", "dml": 2, "databases": ["*"]}),
    );
    let audit = json!({
        "instance_id": DBSS_INSTANCE,
        "securitygroup_ids": ["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd"]
    });
    assert_sent(
        &requests[2],
        ("POST", format!("/v1/{PROJECT}/dbss/audit/security-group")),
        json_utf8,
        None,
        audit.clone(),
    );
    assert_sent(
        &requests[3],
        ("POST", format!("/v1/{PROJECT}/audit/security-group")),
        json_utf8,
        None,
        audit,
    );
    assert_sent(
        &requests[4],
        (
            "PUT",
            format!("/v1/{PROJECT}/db-encrypt/{DBSS_INSTANCE}/security-group"),
        ),
        "application/json",
        None,
        json!({"security_group_ids": ["9e033f2d-04a5-4bdc-858e-17e31599d052"]}),
    );
    assert_sent(
        &requests[5],
        ("PUT", format!("/v3/{PROJECT}/vpc/security-groups/{VPC_SG}")),
        "application/json",
        None,
        json!({"security_group": {"name": "security_group_2", "description": "modified description"}}),
    );
}

#[tokio::test]
async fn every_operation_succeeds_with_aksk_credentials_the_mock_verifies() {
    let mock = MockServer::start().await.expect("starts");
    every_operation_succeeds(mock.config_builder()).await;
    let requests = mock.requests();
    assert_every_request(&requests, None);
    for request in &requests {
        let authorization = request.header("authorization").expect("signed");
        assert!(
            authorization.starts_with("SDK-HMAC-SHA256 Access=MOCK"),
            "{authorization}"
        );
        assert_eq!(request.header("x-project-id"), Some(PROJECT));
    }
}

#[tokio::test]
async fn every_operation_succeeds_with_a_token_and_a_language() {
    let mock = MockServer::start().await.expect("starts");
    let builder = mock
        .config_builder()
        .credentials(hwcloud::credentials::Credentials::token("a-token"))
        .language("en-us");
    every_operation_succeeds(builder).await;
    let requests = mock.requests();
    assert_every_request(&requests, Some("en-us"));
    for request in &requests {
        // Recorded hidden, but sent.
        assert_eq!(request.header("x-auth-token"), Some("***"));
        assert_eq!(request.header("authorization"), None);
    }
}

#[tokio::test]
async fn vpc_dry_run_202_is_the_accepted_variant() {
    let mock = MockServer::start().await.expect("starts");
    let c = clients(mock.config_builder());
    let request = vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id(VPC_SG)
        .body(vpc_body(Some(true)))
        .build()
        .expect("valid");
    let r = c
        .vpc
        .update_security_group(&request)
        .await
        .expect("202 is a success");
    assert_eq!(r.status, 202);
    assert!(
        matches!(r.body, vpc::UpdateSecurityGroupResponse::Accepted(_)),
        "{:?}",
        r.body
    );
    let sent: Value = serde_json::from_str(&mock.requests()[0].body).expect("JSON");
    assert_eq!(sent["dry_run"], true);
}

#[tokio::test]
async fn a_put_is_retried_on_503_then_succeeds() {
    let mock = MockServer::start().await.expect("starts");
    mock.inject("UpdateSecurityGroup", 1, Fault::status(503));
    let c = clients(mock.config_builder());
    let r = c
        .vpc
        .update_security_group(&vpc_request())
        .await
        .expect("the retry succeeds");
    assert_eq!(r.status, 200);
    let requests = mock.requests();
    let statuses: Vec<u16> = requests.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [503, 200]);
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn a_post_is_not_retried_on_503() {
    let mock = MockServer::start().await.expect("starts");
    mock.inject("UpdateAuditSecurityGroupNew", 1, Fault::status(503));
    let c = clients(mock.config_builder());
    match c
        .dbss
        .update_audit_security_group_new(&audit_new_request())
        .await
    {
        Err(Error::UnexpectedStatus {
            status, request_id, ..
        }) => {
            assert_eq!(status, 503);
            assert!(request_id.is_some());
        }
        other => panic!("expected the 503 as UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(mock.requests().len(), 1);
}
