//! Injected faults and the journal, used the way a user's test of its own retry and error
//! handling would.

use std::time::Duration;

use hwcloud::config::ConfigBuilder;
use hwcloud::error::Error;
use hwcloud::vpc;
use hwcloud_mock::{Fault, MockServer, Verdict};
use serde_json::json;

use crate::support::{mock, SECURITY_GROUP};

fn request() -> vpc::UpdateSecurityGroupRequest {
    vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id(SECURITY_GROUP)
        .body(vpc::types::UpdateSecurityGroupReq {
            dry_run: None,
            security_group: vpc::types::UpdateSecurityGroupOption {
                name: Some("security_group_2".into()),
                description: None,
            },
        })
        .build()
        .expect("valid")
}

fn client(mock: &MockServer, adjust: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> vpc::Client {
    let config = adjust(mock.config_builder()).build().expect("config");
    vpc::Client::new(config).expect("client")
}

#[tokio::test]
async fn two_503s_with_retry_after_are_retried_and_the_journal_shows_three_attempts() {
    let mock = mock().await;
    let fault = Fault::status(503).with_header("Retry-After", "0");
    mock.inject("UpdateSecurityGroup", 2, fault);
    let response = client(&mock, |c| c).update_security_group(&request()).await;
    assert_eq!(response.expect("the third attempt succeeds").status, 200);
    let journal = mock.requests();
    let statuses: Vec<u16> = journal.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [503, 503, 200]);
    assert_eq!(journal[0].verdict, Verdict::Fault);
    assert_eq!(
        journal[0].header("retry-after"),
        None,
        "the request's headers, not the answer's"
    );
    // Each attempt is signed anew.
    assert!(journal.iter().all(|r| r
        .header("authorization")
        .is_some_and(|a| a.starts_with("SDK-HMAC-SHA256"))));
}

#[tokio::test]
async fn an_injected_status_and_body_come_back_as_a_typed_service_error() {
    let mock = mock().await;
    let body = json!({"error_code": "VPC.0602", "error_msg": "quota exceeded", "request_id": "r1"});
    mock.inject("UpdateSecurityGroup", 1, Fault::status(409).with_body(body));
    let error = client(&mock, |c| c)
        .update_security_group(&request())
        .await
        .expect_err("409");
    let text = error.to_string();
    assert!(text.contains("409") && text.contains("VPC.0602"), "{text}");
    // Used up: the next call is answered from the document.
    assert!(client(&mock, |c| c)
        .update_security_group(&request())
        .await
        .is_ok());
}

#[tokio::test]
async fn a_dropped_connection_and_a_slow_answer_fail_the_call_within_its_time() {
    let mock = mock().await;
    mock.inject("UpdateSecurityGroup", 1, Fault::Drop);
    let error = client(&mock, |c| c)
        .update_security_group(&request())
        .await
        .expect_err("dropped");
    assert!(matches!(error, Error::Transport(_)), "{error}");
    assert_eq!(mock.requests()[0].status, 0);

    mock.inject(
        "UpdateSecurityGroup",
        1,
        Fault::Delay(Duration::from_secs(5)),
    );
    let started = std::time::Instant::now();
    let error = client(&mock, |c| c.timeout(Duration::from_millis(300)))
        .update_security_group(&request())
        .await
        .expect_err("too slow");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(error, Error::Transport(_)), "{error}");
}
