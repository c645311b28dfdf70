//! Service errors read like the cloud's: `Error::code()`, `Error::message()` and `Display`
//! for every documented error body of the three documents (flat `error_code`/`error_msg`,
//! DBSS audit's nested `error`, and both on its new path), for undocumented statuses with a
//! JSON body, and for error pages that are not JSON; `Debug` stays bounded.

mod support;

use std::time::Duration;

use hwcloud::config::Config;
use hwcloud::credentials::Credentials;
use hwcloud::error::Error;
use hwcloud::retry::RetryPolicy;
use hwcloud::{dbss, gaussdb, vpc};

use support::{Reply, TestServer};

const PROJECT: &str = "23a50154cf494ec9ad6883979a12db0a";

fn config(server: &TestServer) -> Config {
    Config::builder()
        .credentials(Credentials::token("token"))
        .endpoint(&server.url())
        .project_id(PROJECT)
        .without_proxy()
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("config")
}

fn answer(status: u16, body: &str) -> Reply {
    Reply::json(status, body).header("X-Request-Id", "req-1")
}

async fn vpc_error(reply: Reply) -> Error<vpc::UpdateSecurityGroupError> {
    let server = TestServer::start(vec![reply]).await;
    let client = vpc::Client::new(config(&server)).expect("client");
    let request = vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id("1d8b19c7-7c56-48f7-a99b-4b40eb390967")
        .body(vpc::types::UpdateSecurityGroupReq {
            dry_run: None,
            security_group: vpc::types::UpdateSecurityGroupOption {
                name: Some("sg".into()),
                description: None,
            },
        })
        .build()
        .expect("valid");
    client
        .update_security_group(&request)
        .await
        .expect_err("an error")
}

fn audit_body() -> dbss::types::UpdateAuditSecurityGroupReq {
    dbss::types::UpdateAuditSecurityGroupReq {
        instance_id: "062212d8-8e30-4783-9671-43f3f1f3bb1e".into(),
        securitygroup_ids: vec!["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd".into()],
    }
}

#[tokio::test]
async fn a_vpc_error_gives_its_code_and_message() {
    let error = vpc_error(answer(
        400,
        r#"{"request_id":"b1","error_code":"VPC.0601","error_msg":"The security group name is invalid."}"#,
    ))
    .await;
    assert_eq!(error.code(), Some("VPC.0601"));
    assert_eq!(error.message(), Some("The security group name is invalid."));
    assert_eq!(
        error.to_string(),
        "HTTP 400 VPC.0601: The security group name is invalid. (request ID req-1)"
    );
    assert!(matches!(error, Error::Service { .. }));
}

#[tokio::test]
async fn gaussdb_errors_give_their_code_and_message() {
    let server = TestServer::start(vec![answer(
        400,
        r#"{"error_code":"DBS.200001","error_msg":"Invalid instance ID."}"#,
    )])
    .await;
    let client = gaussdb::Client::new(config(&server)).expect("client");
    let request = gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
        .instance_id("86fd60a5256a4592b957e8e6bb2d1b59in07")
        .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        })
        .build()
        .expect("valid");
    let error = client
        .modify_star_rocks_security_group(&request)
        .await
        .expect_err("400");
    assert_eq!(
        (error.code(), error.message()),
        (Some("DBS.200001"), Some("Invalid instance ID."))
    );
    assert_eq!(
        error.to_string(),
        "HTTP 400 DBS.200001: Invalid instance ID. (request ID req-1)"
    );
}

#[tokio::test]
async fn dbss_audit_errors_give_their_code_from_the_nested_object() {
    let server = TestServer::start(vec![
        answer(
            400,
            r#"{"error":{"error_code":"DBSS.XXXX","error_msg":"XXX"}}"#,
        ),
        // Huawei's definitions of this path answer flat since 2025: found all the same.
        answer(400, r#"{"error_code":"DBSS.10001","error_msg":"flat"}"#),
    ])
    .await;
    let client = dbss::Client::new(config(&server)).expect("client");
    let request = dbss::UpdateAuditSecurityGroupRequest::builder()
        .body(audit_body())
        .build()
        .expect("valid");
    #[allow(deprecated)]
    let error = client
        .update_audit_security_group(&request)
        .await
        .expect_err("400");
    assert_eq!(
        (error.code(), error.message()),
        (Some("DBSS.XXXX"), Some("XXX"))
    );
    assert_eq!(
        error.to_string(),
        "HTTP 400 DBSS.XXXX: XXX (request ID req-1)"
    );
}

#[tokio::test]
async fn the_new_dbss_audit_path_gives_its_code_in_either_shape() {
    let server = TestServer::start(vec![
        answer(
            400,
            r#"{"error_code":"DBSS.10001","error_msg":"flat","details":[],"encoded_authorization_message":null}"#,
        ),
        answer(403, r#"{"error":{"error_code":"DBSS.10002","error_msg":"nested"}}"#),
    ])
    .await;
    let client = dbss::Client::new(config(&server)).expect("client");
    let request = dbss::UpdateAuditSecurityGroupNewRequest::builder()
        .body(audit_body())
        .build()
        .expect("valid");
    for (code, message) in [("DBSS.10001", "flat"), ("DBSS.10002", "nested")] {
        let error = client
            .update_audit_security_group_new(&request)
            .await
            .expect_err("an error");
        assert!(matches!(error, Error::Service { .. }), "{error:?}");
        assert_eq!((error.code(), error.message()), (Some(code), Some(message)));
    }
}

#[tokio::test]
async fn an_undocumented_status_still_gives_the_gateway_s_code() {
    let server = TestServer::start(vec![answer(
        401,
        r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#,
    )])
    .await;
    let client = dbss::Client::new(config(&server)).expect("client");
    let request = dbss::UpdateAuditSecurityGroupNewRequest::builder()
        .body(audit_body())
        .build()
        .expect("valid");
    let error = client
        .update_audit_security_group_new(&request)
        .await
        .expect_err("401");
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.code(), Some("APIGW.0301"));
    assert_eq!(
        error.to_string(),
        "HTTP 401 APIGW.0301: Incorrect IAM authentication information (request ID req-1), a \
         status the operation does not document"
    );
}

#[tokio::test]
async fn a_gateway_s_html_page_is_an_error_page_with_a_bounded_preview() {
    let page = format!(
        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>{}</body>\n</html>",
        "x".repeat(1 << 20)
    );
    let error = vpc_error(
        Reply::status(502)
            .header("Content-Type", "text/html")
            .header("X-Request-Id", "req-1")
            .body(&page),
    )
    .await;
    match &error {
        Error::ErrorPage { status, body, .. } => {
            assert_eq!(*status, 502);
            assert_eq!(body.len(), page.len(), "the whole body is kept");
        }
        other => panic!("expected ErrorPage, got {other:?}"),
    }
    assert_eq!(error.code(), None);
    let text = error.to_string();
    assert!(
        text.starts_with(
            "HTTP 502 Bad Gateway (request ID req-1), not JSON (text/html): <html> <head><title>502 Bad Gateway</title></head> <body>xxx"
        ),
        "{text}"
    );
    assert!(text.len() < 500, "{} bytes", text.len());
    assert!(format!("{error:?}").len() < 800);
}

#[tokio::test]
async fn debug_of_raw_bodies_is_bounded() {
    let huge = format!(
        "{{\"error_code\":\"X.1\",\"junk\":\"{}\"}}",
        "y".repeat(1 << 20)
    );
    let server = TestServer::start(vec![
        answer(418, &huge),
        answer(200, &format!("[{}]", "1,".repeat(1 << 19))),
    ])
    .await;
    let client = gaussdb::Client::new(config(&server)).expect("client");
    let request = gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
        .instance_id("86fd60a5256a4592b957e8e6bb2d1b59in07")
        .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        })
        .build()
        .expect("valid");
    let unexpected = client
        .modify_star_rocks_security_group(&request)
        .await
        .expect_err("418");
    assert!(matches!(unexpected, Error::UnexpectedStatus { .. }));
    assert_eq!(unexpected.code(), Some("X.1"));
    let decode = client
        .modify_star_rocks_security_group(&request)
        .await
        .expect_err("not the documented shape");
    assert!(matches!(decode, Error::Decode { .. }), "{decode}");
    for error in [&unexpected, &decode] {
        let debug = format!("{error:?}");
        assert!(debug.len() < 1000, "{} bytes of Debug", debug.len());
        assert!(error.to_string().len() < 600);
    }
}
