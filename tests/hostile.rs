//! Hostile servers on 127.0.0.1: every call ends within its limits, in time and in memory,
//! and is sent again only when that cannot repeat what the service did.
//!
//! An endless body, a body larger than announced or than the limit, a body trickling a byte
//! a second, a server that never answers; 502, 503 and 504 on `PUT` and `POST`, read
//! timeouts, `Retry-After` past the deadline; a redirect.

mod support;

use std::future::Future;
use std::time::{Duration, Instant};

use http::Method;
use hwcloud::config::{Config, ConfigBuilder, ConfigErrorKind, ENV_TIMEOUT};
use hwcloud::credentials::Credentials;
use hwcloud::dbss;
use hwcloud::error::Error;
use hwcloud::retry::RetryPolicy;
use hwcloud::transport::{Call, RawResponse, TimeoutPhase, Transport, TransportError};

use support::{Framing, Reply, TestServer};

const PROJECT: &str = "23a50154cf494ec9ad6883979a12db0a";
/// No test below may take longer than this, whatever the server does.
const TEST_LIMIT: Duration = Duration::from_secs(10);

async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(TEST_LIMIT, future)
        .await
        .expect("the call ended within the test's limit")
}

fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_retries(max_retries)
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
}

fn builder(server: &TestServer) -> ConfigBuilder {
    Config::builder()
        .credentials(Credentials::token("token"))
        .endpoint(&server.url())
        .project_id(PROJECT)
        .without_proxy()
        .retry(fast_retries(3))
}

/// Sends one call of `method` with a small JSON body (none for GET and HEAD).
async fn send(builder: ConfigBuilder, method: Method) -> Result<RawResponse, TransportError> {
    let config = builder.build().expect("config");
    let base = config.endpoint().expect("endpoint").clone();
    let transport = Transport::new(config).expect("transport");
    let body = (method != Method::GET && method != Method::HEAD).then(|| b"{}".to_vec());
    let content_type = body.as_ref().map(|_| "application/json");
    let mut call = Call::new("TestOperation", method, "/v1/things/1".into());
    if let (Some(content_type), Some(body)) = (content_type, body) {
        call.bytes(content_type, body);
    }
    bounded(transport.send(&base, call)).await
}

// ---------------------------------------------------------------------------------------
// Memory: a response body is read up to the limit, however it is framed.

#[tokio::test]
async fn an_endless_body_fails_at_the_limit() {
    let server = TestServer::start(vec![Reply::status(200).framing(Framing::Endless)]).await;
    let started = Instant::now();
    let error = send(builder(&server).max_response_body(256 << 10), Method::GET)
        .await
        .expect_err("too large");
    match &error {
        TransportError::BodyTooLarge { status, limit, .. } => {
            assert_eq!((*status, *limit), (200, 256 << 10));
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    assert!(
        error.to_string().contains("262144-byte limit")
            && error.to_string().contains("max_response_body"),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    // Not retried: the server answered.
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_announced_length_over_the_limit_fails_before_reading() {
    let server = TestServer::start(vec![Reply::json(200, "{}")
        .header("X-Request-Id", "req-big")
        .framing(Framing::Announce(1 << 40))])
    .await;
    let error = send(builder(&server), Method::GET)
        .await
        .expect_err("too large");
    match error {
        TransportError::BodyTooLarge {
            limit, request_id, ..
        } => {
            assert_eq!(limit, hwcloud::config::DEFAULT_MAX_RESPONSE_BODY);
            assert_eq!(request_id.as_deref(), Some("req-big"));
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_at_the_limit_is_read_and_one_byte_more_is_not() {
    let limit = 1000;
    for framing in [Framing::Length, Framing::Chunked] {
        let at_limit = "x".repeat(limit);
        let over = "x".repeat(limit + 1);
        let server = TestServer::start(vec![
            Reply::status(200).body(&at_limit).framing(framing),
            Reply::status(200).body(&over).framing(framing),
        ])
        .await;
        let response = send(builder(&server).max_response_body(limit), Method::GET)
            .await
            .expect("at the limit");
        assert_eq!(response.body.len(), limit, "{framing:?}");
        let error = send(builder(&server).max_response_body(limit), Method::GET)
            .await
            .expect_err("over the limit");
        assert!(
            matches!(error, TransportError::BodyTooLarge { .. }),
            "{framing:?}: {error:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Time: the whole call ends within its deadline.

#[tokio::test]
async fn a_body_trickling_a_byte_a_second_is_cut_off_at_the_deadline() {
    let server = TestServer::start(vec![Reply::status(200)
        .body(&"x".repeat(100))
        .framing(Framing::Trickle(Duration::from_secs(1)))])
    .await;
    let started = Instant::now();
    let error = send(
        builder(&server)
            .read_timeout(Duration::from_secs(30))
            .timeout(Duration::from_millis(1500)),
        Method::GET,
    )
    .await
    .expect_err("deadline");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(1400) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    match &error {
        TransportError::Timeout {
            phase: TimeoutPhase::Total,
            limit,
            ..
        } => assert_eq!(*limit, Duration::from_millis(1500)),
        other => panic!("expected the deadline, got {other:?}"),
    }
    let text = error.to_string();
    assert!(
        text.contains("after 1.5 s") && text.contains("CLOUD_SDK_TIMEOUT"),
        "{text}"
    );
}

#[tokio::test]
async fn the_deadline_covers_every_attempt() {
    // Each attempt times out reading after 400 ms and is retried (a GET); the deadline
    // ends the call after the third.
    let slow = || Reply::json(200, "{}").delay(Duration::from_secs(5));
    let server = TestServer::start(vec![slow(), slow(), slow(), slow(), slow()]).await;
    let started = Instant::now();
    let error = send(
        builder(&server)
            .read_timeout(Duration::from_millis(400))
            .timeout(Duration::from_millis(1000))
            .retry(fast_retries(10)),
        Method::GET,
    )
    .await
    .expect_err("deadline");
    assert!(
        matches!(
            error,
            TransportError::Timeout {
                phase: TimeoutPhase::Total,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_retry_after_past_the_deadline_returns_the_answer_at_once() {
    let server = TestServer::start(vec![
        Reply::json(503, r#"{"error_code":"APIGW.0308"}"#).header("Retry-After", "30"),
        Reply::json(200, "{}"),
    ])
    .await;
    let started = Instant::now();
    let response = send(
        builder(&server)
            .timeout(Duration::from_secs(2))
            .retry(RetryPolicy::default().with_max_delay(Duration::from_secs(60))),
        Method::GET,
    )
    .await
    .expect("the 503");
    assert_eq!((response.status, response.attempts), (503, 1));
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn a_deadline_past_what_the_clock_holds_is_no_deadline() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let response = send(builder(&server).timeout(Duration::MAX), Method::GET)
        .await
        .expect("answered");
    assert_eq!(response.status, 200);
    let huge = Config::from_lookup(|name| match name {
        "CLOUD_SDK_TOKEN" => Some("token".to_owned()),
        ENV_TIMEOUT => Some(u64::MAX.to_string()),
        _ => None,
    })
    .expect("a valid number of seconds");
    assert_eq!(huge.timeout(), Duration::from_secs(u64::MAX));
}

#[test]
fn the_deadline_comes_from_cloud_sdk_timeout_in_whole_seconds() {
    let lookup = |value: &'static str| {
        move |name: &str| match name {
            "CLOUD_SDK_TOKEN" => Some("token".to_owned()),
            ENV_TIMEOUT => Some(value.to_owned()),
            _ => None,
        }
    };
    let config = Config::from_lookup(lookup("3")).expect("config");
    assert_eq!(config.timeout(), Duration::from_secs(3));
    for bad in ["0", "1.5", "-2", "3s", "soon"] {
        let error = Config::from_lookup(lookup(bad)).expect_err(bad);
        assert!(
            matches!(error.kind(), ConfigErrorKind::InvalidTimeout { source_name, .. } if *source_name == ENV_TIMEOUT),
            "{bad}: {error:?}"
        );
        assert!(error.to_string().contains(ENV_TIMEOUT), "{error}");
    }
    let default = Config::from_lookup(lookup(" ")).expect("blank is unset");
    assert_eq!(default.timeout(), hwcloud::config::DEFAULT_TIMEOUT);
    let zero = Config::builder()
        .credentials(Credentials::token("t"))
        .timeout(Duration::ZERO)
        .build();
    assert!(zero.is_err());
}

// ---------------------------------------------------------------------------------------
// Retries: only where the request cannot have taken effect, unless opted in.

/// How many times a call of `method` answered `first` (then 200) is sent.
async fn attempts_after(method: Method, first: Reply, policy: RetryPolicy) -> usize {
    let server = TestServer::start(vec![first, Reply::json(200, "{}")]).await;
    let _ = send(
        builder(&server)
            .read_timeout(Duration::from_millis(300))
            .retry(policy),
        method,
    )
    .await;
    server.requests().len()
}

fn status(code: u16) -> Reply {
    Reply::json(code, "{}")
}

fn read_timeout() -> Reply {
    Reply::json(200, "{}").delay(Duration::from_secs(2))
}

#[tokio::test]
async fn a_put_is_retried_only_when_it_was_not_processed() {
    let policy = || fast_retries(3);
    assert_eq!(attempts_after(Method::PUT, status(503), policy()).await, 2);
    assert_eq!(attempts_after(Method::PUT, status(429), policy()).await, 2);
    // The service may have acted: a gateway's 502 or 504, or no answer in time.
    assert_eq!(attempts_after(Method::PUT, status(502), policy()).await, 1);
    assert_eq!(attempts_after(Method::PUT, status(504), policy()).await, 1);
    assert_eq!(
        attempts_after(Method::PUT, read_timeout(), policy()).await,
        1
    );
    assert_eq!(
        attempts_after(Method::DELETE, status(502), policy()).await,
        1
    );
}

#[tokio::test]
async fn a_post_is_never_retried_on_its_own() {
    for first in [
        status(429),
        status(502),
        status(503),
        status(504),
        read_timeout(),
    ] {
        assert_eq!(
            attempts_after(Method::POST, first, fast_retries(3)).await,
            1
        );
    }
}

#[tokio::test]
async fn a_get_is_retried_after_any_retryable_failure() {
    for first in [
        status(429),
        status(502),
        status(503),
        status(504),
        read_timeout(),
    ] {
        assert_eq!(attempts_after(Method::GET, first, fast_retries(3)).await, 2);
    }
    // Other statuses are answers, not failures.
    assert_eq!(
        attempts_after(Method::GET, status(500), fast_retries(3)).await,
        1
    );
}

#[tokio::test]
async fn opting_in_retries_what_may_have_taken_effect() {
    let one = || fast_retries(3).retry_uncertain_for("TestOperation");
    assert_eq!(attempts_after(Method::PUT, status(502), one()).await, 2);
    assert_eq!(attempts_after(Method::PUT, read_timeout(), one()).await, 2);
    assert_eq!(attempts_after(Method::POST, status(503), one()).await, 2);
    let other = || fast_retries(3).retry_uncertain_for("AnotherOperation");
    assert_eq!(attempts_after(Method::PUT, status(502), other()).await, 1);
    let all = || fast_retries(3).retry_uncertain();
    assert_eq!(attempts_after(Method::POST, status(504), all()).await, 2);
}

#[tokio::test]
async fn a_dbss_encryption_change_answered_502_is_sent_once() {
    // A PUT that creates an order and a task: repeating it after a gateway error could
    // create a second one.
    let server = TestServer::start(vec![
        Reply::json(
            502,
            r#"{"error_code":"APIGW.0502","error_msg":"bad gateway"}"#,
        ),
        Reply::json(200, r#"{"code":0}"#),
    ])
    .await;
    let config = builder(&server).build().expect("config");
    let client = dbss::Client::new(config).expect("client");
    let request = dbss::ChangeDbEncryptSecurityGroupRequest::builder()
        .instance_id("062212d8-8e30-4783-9671-43f3f1f3bb1e")
        .body(dbss::types::ChangeDbEncryptSecurityGroupReq {
            security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
        })
        .build()
        .expect("valid");
    let error = bounded(client.change_db_encrypt_security_group(&request))
        .await
        .expect_err("the 502");
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.code(), Some("APIGW.0502"));
    assert_eq!(server.requests().len(), 1);
}

// ---------------------------------------------------------------------------------------
// Other answers.

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let server = TestServer::start(vec![
        Reply::status(302).header("Location", "http://127.0.0.1:9/elsewhere"),
        Reply::json(200, "{}"),
    ])
    .await;
    let config = builder(&server).build().expect("config");
    let client = dbss::Client::new(config).expect("client");
    let request = dbss::ChangeDbEncryptSecurityGroupRequest::builder()
        .instance_id("062212d8-8e30-4783-9671-43f3f1f3bb1e")
        .body(dbss::types::ChangeDbEncryptSecurityGroupReq {
            security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
        })
        .build()
        .expect("valid");
    match bounded(client.change_db_encrypt_security_group(&request)).await {
        Err(error @ Error::UnexpectedStatus { status: 302, .. }) => {
            assert_eq!(
                error.to_string(),
                "HTTP 302 Found, a status the operation does not document"
            );
        }
        other => panic!("expected the 302 as it is, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_path_with_a_dot_segment_is_refused_before_sending() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let config = builder(&server).build().expect("config");
    let base = config.endpoint().expect("endpoint").clone();
    let transport = Transport::new(config).expect("transport");
    for path in ["/v1/../admin", "/v1/%2E%2e/admin", "/v1/./x"] {
        let call = Call::new("TestOperation", Method::GET, path.into());
        let error = bounded(transport.send(&base, call)).await.expect_err(path);
        assert!(
            matches!(error, TransportError::InvalidPath { .. }),
            "{path}: {error:?}"
        );
    }
    assert_eq!(server.connections(), 0);
}
