//! Facts of `spec/` taken from Huawei's own API definitions (API Explorer) and the official
//! SDK's docstrings where the English pages read narrower (issue 17), checked over real HTTP
//! against the scripted server of `tests/support`: what the client sends, what it refuses
//! before sending, and what it decodes.

mod support;

use std::time::Duration;

use serde_json::{json, Value};

use hwcloud::config::Config;
use hwcloud::credentials::Credentials;
use hwcloud::error::Error;
use hwcloud::{dbss, vpc};

use support::{Reply, TestServer};

const PROJECT: &str = "23a50154cf494ec9ad6883979a12db0a";
const VPC_SG: &str = "1d8b19c7-7c56-48f7-a99b-4b40eb390967";

/// Every call is bounded.
const CALL_LIMIT: Duration = Duration::from_secs(10);

fn config(server: &TestServer) -> Config {
    Config::builder()
        .credentials(Credentials::token("spec-facts-token"))
        .endpoint(&server.url())
        .project_id(PROJECT)
        .build()
        .expect("a valid configuration")
}

fn body_json(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("a JSON body")
}

fn rename(
    name: &str,
) -> Result<vpc::UpdateSecurityGroupRequest, hwcloud::validation::ValidationError> {
    vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id(VPC_SG)
        .body(vpc::types::UpdateSecurityGroupReq {
            dry_run: None,
            security_group: vpc::types::UpdateSecurityGroupOption {
                name: Some(name.into()),
                description: None,
            },
        })
        .build()
}

#[tokio::test]
async fn a_chinese_security_group_name_is_sent_and_read_back_with_long_tags() {
    let name = "安全组-测试";
    let (key, value) = ("标".repeat(128), "v".repeat(255));
    let answer = json!({
        "security_group": {
            "id": "69c999ad-d9ef-4d79-94fd-35e6ceb75325",
            "name": name,
            "tags": [{"key": key, "value": value}],
        },
        "request_id": "a8cf4f79ca3c22ca685e7e8872e8c20b",
    });
    let server = TestServer::start(vec![Reply::json(200, &answer.to_string())]).await;
    let client = vpc::Client::new(config(&server)).expect("client");
    let request = rename(name).expect("a Chinese name is valid");
    let response = tokio::time::timeout(CALL_LIMIT, client.update_security_group(&request))
        .await
        .expect("in time")
        .expect("the call succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    // Sent as UTF-8 JSON, as the official SDK sends it.
    assert!(
        String::from_utf8_lossy(&requests[0].body).contains(name),
        "{:?}",
        String::from_utf8_lossy(&requests[0].body)
    );
    assert_eq!(
        body_json(&requests[0].body),
        json!({"security_group": {"name": name}})
    );

    let vpc::UpdateSecurityGroupResponse::Ok(body) = response.body else {
        panic!("a 200 body: {:?}", response.body);
    };
    let group = body.security_group.expect("security_group");
    assert_eq!(group.name.as_deref(), Some(name));
    let tags = group.tags.expect("tags");
    assert_eq!(tags[0].key.as_deref(), Some(key.as_str()));
    assert_eq!(tags[0].value.as_deref(), Some(value.as_str()));
}

#[tokio::test]
async fn a_name_with_a_space_slash_or_angle_bracket_is_refused_before_sending() {
    let server = TestServer::start(Vec::new()).await;
    let client = vpc::Client::new(config(&server)).expect("client");
    for name in ["安全组 测试", "web server", "a/b", "a<b"] {
        let error = rename(name).expect_err("refused by the builder");
        assert_eq!(error.violations.len(), 1, "{name}: {error}");
        assert!(error.to_string().contains("(pattern)"), "{name}: {error}");
        // A request built by hand is checked again when it is sent.
        let mut request = rename("ok").expect("valid");
        request.body.security_group.name = Some(name.into());
        let sent = tokio::time::timeout(CALL_LIMIT, client.update_security_group(&request))
            .await
            .expect("in time");
        assert!(
            matches!(sent, Err(Error::Validation(_))),
            "{name}: {sent:?}"
        );
    }
    assert_eq!(server.requests().len(), 0, "nothing was sent");
}

fn audit_new_request() -> dbss::UpdateAuditSecurityGroupNewRequest {
    dbss::UpdateAuditSecurityGroupNewRequest::builder()
        .body(dbss::types::UpdateAuditSecurityGroupReq {
            instance_id: "062212d8-8e30-4783-9671-43f3f1f3bb1e".into(),
            securitygroup_ids: vec!["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd".into()],
        })
        .build()
        .expect("page 001's example is valid")
}

#[tokio::test]
async fn the_new_dbss_audit_path_decodes_both_error_shapes() {
    let flat = json!({
        "error_code": "DBSS.0001",
        "error_msg": "flat message",
        "details": [{"error_code": "PDP.0001", "error_msg": "detail"}],
        "encoded_authorization_message": "enc",
    });
    let nested = json!({"error": {"error_code": "DBSS.XXXX", "error_msg": "XXX"}});
    let server = TestServer::start(vec![
        Reply::json(400, &flat.to_string()),
        Reply::json(403, &nested.to_string()),
        Reply::json(500, &flat.to_string()),
    ])
    .await;
    let client = dbss::Client::new(config(&server)).expect("client");
    let mut bodies = Vec::new();
    for status in [400u16, 403, 500] {
        let answer = tokio::time::timeout(
            CALL_LIMIT,
            client.update_audit_security_group_new(&audit_new_request()),
        )
        .await
        .expect("in time");
        let Err(Error::Service {
            status: got, error, ..
        }) = answer
        else {
            panic!("{status}: a documented service error, got {answer:?}");
        };
        assert_eq!(got, status);
        let body = match (status, error) {
            (400, dbss::UpdateAuditSecurityGroupNewError::BadRequest(body))
            | (403, dbss::UpdateAuditSecurityGroupNewError::Forbidden(body))
            | (500, dbss::UpdateAuditSecurityGroupNewError::InternalServerError(body)) => body,
            (status, other) => panic!("{status}: {other:?}"),
        };
        bodies.push(body);
    }
    // The flat shape: its fields at the top.
    for body in [&bodies[0], &bodies[2]] {
        assert_eq!(body.error_code.as_deref(), Some("DBSS.0001"));
        assert_eq!(body.error_msg.as_deref(), Some("flat message"));
        let details = body.details.as_deref().expect("details");
        assert_eq!(details[0].error_code.as_deref(), Some("PDP.0001"));
        assert_eq!(body.encoded_authorization_message.as_deref(), Some("enc"));
        assert_eq!(body.error, None);
    }
    // The nested shape of page 001: under `error`.
    let error = bodies[1].error.as_ref().expect("error");
    assert_eq!(error.error_code.as_deref(), Some("DBSS.XXXX"));
    assert_eq!(error.error_msg.as_deref(), Some("XXX"));
    assert_eq!(bodies[1].error_code, None);
    assert_eq!(server.requests().len(), 3, "POST errors are not retried");
}
