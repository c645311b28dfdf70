//! Input the mock refuses at once: unknown paths and methods, malformed JSON, another media
//! type, a body over the limit; and its own routes.

use std::time::Duration;

use hwcloud_mock::MockServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{examples, mock, send, send_raw};

#[tokio::test]
async fn an_unknown_path_is_404_and_a_known_path_with_another_method_405() {
    let mock = mock().await;
    let answer = send(&mock, "GET", "/v3/nothing/here", &[], None).await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.body["error_code"], "APIGW.0101");
    let (_, _, path, _) = examples().remove(5);
    let answer = send(&mock, "DELETE", &path, &[], None).await;
    assert_eq!(answer.status, 405);
    assert_eq!(answer.headers["allow"], "PUT");
}

#[tokio::test]
async fn malformed_json_and_another_media_type_are_refused() {
    let mock = mock().await;
    let (_, _, path, _) = examples().remove(5);
    let answer = send(&mock, "PUT", &path, &[], Some(r#"{"security_group": {"#)).await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(
        answer.message().contains("not valid JSON"),
        "{}",
        answer.body
    );
    let answer = send(
        &mock,
        "PUT",
        &path,
        &[("content-type", "text/plain")],
        Some("name=x"),
    )
    .await;
    assert_eq!(answer.status, 415, "{}", answer.body);
    assert!(
        answer.message().contains("application/json"),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_on_its_length_before_it_is_read() {
    let mock = MockServer::builder()
        .max_body(1024)
        .start()
        .await
        .expect("starts");
    let (_, _, path, _) = examples().remove(5);
    let big = format!(
        r#"{{"security_group": {{"name": "{}"}}}}"#,
        "a".repeat(4096)
    );
    let answer = send(&mock, "PUT", &path, &[], Some(&big)).await;
    assert_eq!(answer.status, 413);

    // A client announcing a huge body it never sends is answered at once, not waited for.
    let mut stream = tokio::net::TcpStream::connect(mock.address())
        .await
        .expect("connects");
    let head = format!("PUT {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 999999999\r\n\r\n");
    stream.write_all(head.as_bytes()).await.expect("writes");
    let mut buffer = vec![0u8; 512];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer)).await;
    let n = read.expect("answered within 5 s").expect("reads");
    assert!(String::from_utf8_lossy(&buffer[..n]).starts_with("HTTP/1.1 413"));
}

#[tokio::test]
async fn the_journal_is_served_and_cleared_over_http() {
    let mock = mock().await;
    let (_, _, path, body) = examples().remove(5);
    send(&mock, "PUT", &path, &[], Some(&body.to_string())).await;
    let journal = send_raw(&mock, "GET", "/__mock/requests", &[], None).await;
    let entries = journal.body.as_array().expect("a list");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["operation"], "UpdateSecurityGroup");
    assert_eq!(entries[0]["verdict"], "answered");
    // The token is never recorded.
    let headers = entries[0]["headers"].as_array().expect("headers");
    assert!(headers
        .iter()
        .any(|h| h[0] == "x-auth-token" && h[1] == "***"));
    assert_eq!(
        send_raw(&mock, "DELETE", "/__mock/requests", &[], None)
            .await
            .status,
        204
    );
    assert!(mock.requests().is_empty());
}
