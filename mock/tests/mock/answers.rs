//! Each operation's example request accepted and answered; what the pages state beyond the
//! schemas; `Prefer`; `X-Request-Id`.

use hwcloud::vpc;
use hwcloud_mock::{MockServer, Verdict};
use serde_json::json;

use crate::support::{examples, mock, send, SECURITY_GROUP};

#[tokio::test]
async fn every_operation_answers_its_example_request_with_its_documented_success() {
    let mock = mock().await;
    let mut served = mock.operations();
    served.sort_unstable();
    let mut listed: Vec<&str> = examples().iter().map(|(op, ..)| *op).collect();
    listed.sort_unstable();
    assert_eq!(served, listed, "the examples cover every operation");
    for (op, method, path, body) in examples() {
        let answer = send(&mock, method, &path, &[], Some(&body.to_string())).await;
        assert_eq!(answer.status, 200, "{op}: {}", answer.body);
        assert!(answer.body.is_object(), "{op}: {}", answer.body);
        let id = answer.headers.get("x-request-id").expect("X-Request-Id");
        assert_eq!(id.len(), 32, "{op}");
    }
    let verdicts: Vec<_> = mock
        .requests()
        .into_iter()
        .map(|r| (r.operation, r.verdict))
        .collect();
    assert_eq!(verdicts.len(), 6);
    assert!(
        verdicts
            .iter()
            .all(|(op, v)| op.is_some() && *v == Verdict::Answered),
        "{verdicts:?}"
    );
}

#[tokio::test]
async fn the_page_example_is_the_answer_and_vpc_echoes_what_was_sent() {
    let mock = mock().await;
    let (_, _, path, _) = examples().remove(0);
    let answer = send(
        &mock,
        "PUT",
        &path,
        &[],
        Some(r#"{"security_group_id":"sg"}"#),
    )
    .await;
    assert_eq!(
        answer.body,
        json!({"job_id": "467258e0-4e6e-4167-b072-7f4e23231bf3"})
    );

    let client = vpc::Client::new(mock.config().expect("config")).expect("client");
    let request = vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id("sg-from-the-path")
        .body(vpc::types::UpdateSecurityGroupReq {
            dry_run: None,
            security_group: vpc::types::UpdateSecurityGroupOption {
                name: Some("renamed".into()),
                description: Some("new words".into()),
            },
        })
        .build()
        .expect("valid");
    let response = client
        .update_security_group(&request)
        .await
        .expect("answered");
    let vpc::UpdateSecurityGroupResponse::Ok(body) = response.body else {
        panic!("not the 200 answer: {:?}", response.body);
    };
    let group = body.security_group.expect("security_group");
    assert_eq!(group.name.as_deref(), Some("renamed"));
    assert_eq!(group.description.as_deref(), Some("new words"));
    assert_eq!(group.id.as_deref(), Some("sg-from-the-path"));
    // The rest is the page's example.
    assert_eq!(
        group.project_id.as_deref(),
        Some("060576782980d5762f9ec014dd2f1148")
    );
    assert!(response.request_id.is_some_and(|id| id.len() == 32));
}

#[tokio::test]
async fn a_vpc_dry_run_gets_the_documented_202() {
    let mock = MockServer::start().await.expect("starts");
    let client = vpc::Client::new(mock.config().expect("config")).expect("client");
    let request = vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id(SECURITY_GROUP)
        .body(vpc::types::UpdateSecurityGroupReq {
            dry_run: Some(true),
            security_group: vpc::types::UpdateSecurityGroupOption::default(),
        })
        .build()
        .expect("valid");
    let response = client
        .update_security_group(&request)
        .await
        .expect("answered");
    assert_eq!(response.status, 202);
    assert!(matches!(
        response.body,
        vpc::UpdateSecurityGroupResponse::Accepted(_)
    ));
}

#[tokio::test]
async fn prefer_picks_a_documented_status_and_refuses_an_undocumented_one() {
    let mock = mock().await;
    let (_, _, path, body) = examples().remove(4);
    let body = body.to_string();
    let answer = send(&mock, "PUT", &path, &[("prefer", "code=403")], Some(&body)).await;
    assert_eq!(answer.status, 403);
    assert!(answer.body.get("error_code").is_some(), "{}", answer.body);

    let answer = send(&mock, "PUT", &path, &[("prefer", "code=418")], Some(&body)).await;
    assert_eq!(answer.status, 400);
    assert!(
        answer
            .message()
            .contains("code=418 is not a documented status"),
        "{}",
        answer.body
    );

    let answer = send(
        &mock,
        "PUT",
        &path,
        &[("prefer", "example=none-such")],
        Some(&body),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(
        answer.message().contains("`none-such` is not an example"),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn an_error_status_comes_in_the_operations_own_error_shape() {
    let mock = mock().await;
    // DBSS audit's deprecated path documents page 001's nested `error` object.
    let (_, _, path, body) = examples().remove(2);
    let answer = send(
        &mock,
        "POST",
        &path,
        &[("prefer", "code=400")],
        Some(&body.to_string()),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(
        answer.body.pointer("/error/error_code").is_some(),
        "{}",
        answer.body
    );
    assert!(answer.body.get("error_code").is_none(), "{}", answer.body);
}
