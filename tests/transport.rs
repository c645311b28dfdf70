//! The transport over real HTTP, against the scripted server of `tests/support`, and the
//! configuration it is built from.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::Method;
use url::Url;

use hwcloud::config::{Config, ConfigBuilder, ServerTemplate, ServiceEndpoints};
use hwcloud::credentials::Credentials;
use hwcloud::retry::RetryPolicy;
use hwcloud::signing::{SdkDate, Signer, SigningInput};
use hwcloud::transport::{Call, RawResponse, TimeoutPhase, Transport, TransportError};

use support::{Recorded, Reply, TestServer};

const AK: &str = "TESTAKEXAMPLE0000001";
const SK: &str = "test-secret-key-do-not-leak";
const SECURITY_TOKEN: &str = "security-token-do-not-leak";
const TOKEN: &str = "iam-token-do-not-leak";
const PROJECT: &str = "0123456789abcdef0123456789abcdef";

/// Every test is bounded: no call below may take longer than this.
const TEST_LIMIT: Duration = Duration::from_secs(10);

static SERVICE: ServiceEndpoints = ServiceEndpoints {
    service: "vpc",
    servers: &[ServerTemplate {
        url: "https://vpc.{region}.myhuaweicloud.com",
        regions: &[],
    }],
};

fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_retries(max_retries)
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
}

fn builder(server: &TestServer, credentials: Credentials) -> ConfigBuilder {
    Config::builder()
        .credentials(credentials)
        .region("cn-north-4")
        .endpoint(&format!("{}/prefix", server.url()))
        .retry(fast_retries(3))
}

fn make_transport(builder: ConfigBuilder) -> Transport {
    let config = builder.build().expect("valid config");
    Transport::new(config).expect("transport")
}

/// Sends a call with the given parts; the base comes from `endpoint_for`.
async fn send(
    transport: &Transport,
    method: Method,
    query: &[(String, String)],
    headers: &[(&'static str, String)],
    content_type: Option<&'static str>,
    body: Option<&[u8]>,
) -> Result<RawResponse, TransportError> {
    let base = transport.config().endpoint_for(&SERVICE).expect("endpoint");
    let call = Call {
        query: query.to_vec(),
        headers: headers.to_vec(),
        content_type: content_type.map(str::to_owned),
        body: body.map(<[u8]>::to_vec),
        ..Call::new(
            "TestOperation",
            method,
            "/v3/project-1/vpc/security-groups/sg%201".into(),
        )
    };
    tokio::time::timeout(TEST_LIMIT, transport.send(&base, call))
        .await
        .expect("the call finished in time")
}

fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Recomputes the signature of a received request with the signer, from nothing but what the
/// server received, and checks that it matches and that it covers every header received.
fn assert_signature_verifies(request: &Recorded) {
    let authorization = request.header("authorization").expect("Authorization sent");
    let date =
        SdkDate::parse(request.header("x-sdk-date").expect("X-Sdk-Date sent")).expect("date");
    let host = request.header("host").expect("Host sent");
    let url = Url::parse(&format!("http://{host}{}", request.target)).expect("url");
    let mut headers = HeaderMap::new();
    for (name, value) in &request.headers {
        if name != "authorization" {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).expect("name"),
                HeaderValue::from_str(value).expect("value"),
            );
        }
    }
    let method = Method::from_bytes(request.method.as_bytes()).expect("method");
    // The security token and project ID are among the received headers, so a plain signer
    // with no project reproduces the canonical request exactly.
    let signed = Signer::new(AK, SK)
        .sign(
            &SigningInput {
                method: &method,
                url: &url,
                headers: &headers,
                body: &request.body,
                project_id: None,
            },
            date,
        )
        .expect("signs");
    assert_eq!(
        signed.authorization, authorization,
        "the signature verifies"
    );

    let signed_headers = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("SignedHeaders");
    let signed_headers: Vec<&str> = signed_headers.split(';').collect();
    // The signer excludes Authorization itself and names containing `_`.
    let mut received: Vec<&str> = request
        .headers
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| *name != "authorization" && !name.contains('_'))
        .collect();
    received.sort_unstable();
    assert_eq!(
        signed_headers, received,
        "every header on the wire is signed"
    );
}

#[tokio::test]
async fn sends_method_path_query_content_type_and_body() {
    let server = TestServer::start(vec![
        Reply::json(200, r#"{"ok":true}"#).header("X-Request-Id", "req-1")
    ])
    .await;
    let transport = make_transport(builder(&server, Credentials::token(TOKEN)).project_id(PROJECT));
    let response = send(
        &transport,
        Method::POST,
        &query(&[
            ("name", "a b"),
            ("limit", "10"),
            ("marker", "x/y+z"),
            ("id", "2"),
            ("id", "1"),
        ]),
        &[("X-Language", "en-us".to_owned())],
        Some("application/json;charset=utf-8"),
        Some(br#"{"security_group":{"name":"sg"}}"#),
    )
    .await
    .expect("response");
    assert_eq!(response.status, 200);
    assert_eq!(response.request_id.as_deref(), Some("req-1"));
    assert_eq!(response.attempts, 1);
    assert_eq!(&response.body[..], br#"{"ok":true}"#);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.path(),
        "/prefix/v3/project-1/vpc/security-groups/sg%201"
    );
    // Keys sorted; the values of `id` in the order given (a token is no signature, which
    // would sort them).
    assert_eq!(
        request.query(),
        Some("id=2&id=1&limit=10&marker=x%2Fy%2Bz&name=a%20b")
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(request.body, br#"{"security_group":{"name":"sg"}}"#);
    assert_eq!(request.header("x-auth-token"), Some(TOKEN));
    assert_eq!(request.header("x-project-id"), Some(PROJECT));
    assert_eq!(request.header("x-language"), Some("en-us"));
    assert!(request
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with("hwcloud-rust/")));
    assert!(
        request.header("authorization").is_none(),
        "token calls are not signed"
    );
}

#[tokio::test]
async fn aksk_signature_verifies_and_covers_every_header() {
    let server = TestServer::start(vec![
        Reply::json(200, "{}"),
        Reply::json(200, "{}"),
        Reply::json(200, "{}"),
    ])
    .await;
    let credentials = Credentials::temporary(AK, SK, SECURITY_TOKEN);
    let transport = make_transport(builder(&server, credentials).project_id(PROJECT));
    let q = query(&[("name", "a b"), ("limit", "10"), ("tag", "\u{4e2d}")]);
    let headers = [
        ("X-Language", "en-us".to_owned()),
        ("X-Client-Token", "tok_1".to_owned()),
    ];
    // A JSON body (hashed), a bodiless GET, and a non-JSON body (sent as UNSIGNED-PAYLOAD).
    send(
        &transport,
        Method::POST,
        &q,
        &headers,
        Some("application/json;charset=utf-8"),
        Some(b"{\"a\":1}"),
    )
    .await
    .expect("post");
    send(&transport, Method::GET, &q, &[], None, None)
        .await
        .expect("get");
    send(
        &transport,
        Method::PUT,
        &[],
        &[],
        Some("application/octet-stream"),
        Some(b"\x00\x01"),
    )
    .await
    .expect("put");

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert!(request.header("authorization").is_some_and(
            |a| a.starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders="))
        ));
        assert_eq!(request.header("x-project-id"), Some(PROJECT));
        assert_eq!(request.header("x-security-token"), Some(SECURITY_TOKEN));
        assert!(request.header("x-auth-token").is_none());
        assert_signature_verifies(request);
    }
    assert_eq!(
        requests[0].query(),
        Some("limit=10&name=a%20b&tag=%E4%B8%AD")
    );
    assert_eq!(
        requests[2].header("x-sdk-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    // What reqwest and hyper would add on their own is there, and signed like the rest.
    assert_eq!(requests[0].header("accept"), Some("*/*"));
    assert_eq!(requests[0].header("content-length"), Some("7"));
    assert!(requests[1].header("content-length").is_none());
}

#[tokio::test]
async fn put_is_retried_on_503_and_each_attempt_is_signed_again() {
    let server = TestServer::start(vec![
        Reply::json(503, r#"{"error":"busy"}"#).header("X-Request-Id", "req-1"),
        Reply::json(200, "{}").header("X-Request-Id", "req-2"),
    ])
    .await;
    let transport = make_transport(builder(&server, Credentials::permanent(AK, SK)));
    let response = send(
        &transport,
        Method::PUT,
        &[],
        &[],
        Some("application/json"),
        Some(b"{}"),
    )
    .await
    .expect("response");
    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 2);
    assert_eq!(response.request_id.as_deref(), Some("req-2"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_signature_verifies(request);
        assert_eq!(request.method, "PUT");
        assert_eq!(request.body, b"{}");
    }
}

#[tokio::test]
async fn post_is_not_retried() {
    let server = TestServer::start(vec![Reply::json(503, "{}"), Reply::json(200, "{}")]).await;
    let transport = make_transport(builder(&server, Credentials::token(TOKEN)));
    let response = send(
        &transport,
        Method::POST,
        &[],
        &[],
        Some("application/json"),
        Some(b"{}"),
    )
    .await
    .expect("response");
    assert_eq!(response.status, 503);
    assert_eq!(response.attempts, 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn exhausted_retries_return_the_last_response() {
    let server = TestServer::start(vec![
        Reply::json(503, "first").header("X-Request-Id", "req-1"),
        Reply::json(503, "second").header("X-Request-Id", "req-2"),
        Reply::json(429, "last").header("X-Request-Id", "req-3"),
        Reply::json(200, "never reached"),
    ])
    .await;
    let transport =
        make_transport(builder(&server, Credentials::token(TOKEN)).retry(fast_retries(2)));
    let response = send(&transport, Method::DELETE, &[], &[], None, None)
        .await
        .expect("response");
    assert_eq!(response.status, 429);
    assert_eq!(&response.body[..], b"last");
    assert_eq!(response.request_id.as_deref(), Some("req-3"));
    assert_eq!(response.attempts, 3);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retry_after_is_honoured_and_capped() {
    let server = TestServer::start(vec![
        Reply::status(429).header("Retry-After", "1"),
        Reply::json(200, "{}"),
    ])
    .await;
    let policy = RetryPolicy::default()
        .with_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_secs(5));
    let transport = make_transport(builder(&server, Credentials::token(TOKEN)).retry(policy));
    let started = Instant::now();
    let response = send(&transport, Method::GET, &[], &[], None, None)
        .await
        .expect("response");
    assert_eq!((response.status, response.attempts), (200, 2));
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );

    // A Retry-After beyond the maximum delay is cut down to it.
    let server = TestServer::start(vec![
        Reply::status(503).header("Retry-After", "3600"),
        Reply::json(200, "{}"),
    ])
    .await;
    let policy = RetryPolicy::default().with_max_delay(Duration::from_millis(100));
    let transport = make_transport(builder(&server, Credentials::token(TOKEN)).retry(policy));
    let started = Instant::now();
    let response = send(&transport, Method::GET, &[], &[], None, None)
        .await
        .expect("response");
    assert_eq!((response.status, response.attempts), (200, 2));
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(90) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_slow_server_gives_a_read_timeout() {
    let server = TestServer::start(vec![
        Reply::json(200, "{}").delay(Duration::from_millis(1500))
    ])
    .await;
    let transport = make_transport(
        builder(&server, Credentials::token(TOKEN))
            .read_timeout(Duration::from_millis(200))
            .retry(RetryPolicy::none()),
    );
    let started = Instant::now();
    let error = send(&transport, Method::GET, &[], &[], None, None)
        .await
        .expect_err("timeout");
    assert!(
        matches!(
            error,
            TransportError::Timeout {
                phase: TimeoutPhase::Read,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_after_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let config = Config::builder()
        .credentials(Credentials::token(TOKEN))
        .endpoint(&format!("http://{addr}"))
        .retry(fast_retries(2))
        .build()
        .expect("config");
    let transport = Transport::new(config).expect("transport");
    let error = send(&transport, Method::GET, &[], &[], None, None)
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, TransportError::Connect { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains(&addr.to_string()), "{error}");
    assert!(!error.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_closed_connection_is_an_error_and_post_is_not_resent() {
    let server = TestServer::start(vec![Reply::close(), Reply::json(200, "{}")]).await;
    let transport = make_transport(builder(&server, Credentials::token(TOKEN)));
    let error = send(
        &transport,
        Method::POST,
        &[],
        &[],
        Some("application/json"),
        Some(b"{}"),
    )
    .await
    .expect_err("closed");
    assert!(matches!(&error, TransportError::Other { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused_before_sending() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let transport = make_transport(builder(&server, Credentials::permanent(AK, SK)));
    for value in ["en-us\r\nX-Injected: 1", "en-us\n", "a\rb", "nul\0"] {
        let error = send(
            &transport,
            Method::GET,
            &[],
            &[("X-Language", value.to_owned())],
            None,
            None,
        )
        .await
        .expect_err("refused");
        assert_eq!(
            error,
            TransportError::InvalidHeader {
                name: "X-Language".into()
            }
        );
        assert!(!error.to_string().contains("X-Injected"));
    }
    assert!(server.requests().is_empty());
    assert_eq!(server.connections(), 0, "nothing was sent");
}

#[tokio::test]
async fn debug_output_shows_no_secret() {
    let server = TestServer::start(vec![]).await;
    for credentials in [
        Credentials::temporary(AK, SK, SECURITY_TOKEN),
        Credentials::token(TOKEN),
    ] {
        let transport = make_transport(builder(&server, credentials));
        for text in [
            format!("{:?}", transport.config()),
            format!("{:#?}", transport.config()),
            format!("{transport:?}"),
        ] {
            for secret in [SK, SECURITY_TOKEN, TOKEN] {
                assert!(!text.contains(secret), "{text}");
            }
        }
    }
}

/// Records every span field and event of the `tracing` calls made while it is the default.
#[derive(Clone, Default)]
struct Capture {
    text: Arc<Mutex<String>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut text = self.text.lock().expect("lock");
        let _ = write!(text, "\nspan {} ", span.metadata().name());
        span.record(&mut Fields(&mut text));
        tracing::span::Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut text = self.text.lock().expect("lock");
        text.push_str("\nrecord ");
        values.record(&mut Fields(&mut text));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = self.text.lock().expect("lock");
        let _ = write!(text, "\nevent {} ", event.metadata().level());
        event.record(&mut Fields(&mut text));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn tracing_records_the_call_without_secrets_or_bodies() {
    let capture = Capture::default();
    // A current-thread runtime runs the whole call on this thread, so a thread default works.
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = TestServer::start(vec![
        Reply::json(503, "{}").header("X-Request-Id", "req-1"),
        Reply::json(200, r#"{"secret":"response-body-secret"}"#).header("X-Request-Id", "req-2"),
    ])
    .await;
    let credentials = Credentials::temporary(AK, SK, SECURITY_TOKEN);
    let transport = make_transport(builder(&server, credentials));
    send(
        &transport,
        Method::PUT,
        &[],
        &[],
        Some("application/json"),
        Some(b"{\"p\":\"request-body-secret\"}"),
    )
    .await
    .expect("response");
    let text = capture.text.lock().expect("lock").clone();
    assert!(
        text.contains("span hwcloud.call operation=\"TestOperation\" method=PUT"),
        "{text}"
    );
    assert!(
        text.contains("status=200") && text.contains("attempt=2"),
        "{text}"
    );
    assert!(text.contains("request_id=\"req-2\""), "{text}");
    for secret in [
        SK,
        SECURITY_TOKEN,
        "request-body-secret",
        "response-body-secret",
        "Signature=",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

#[test]
fn from_lookup_reads_every_variable() {
    let vars: BTreeMap<&str, &str> = [
        ("CLOUD_SDK_AK", AK),
        ("CLOUD_SDK_SK", SK),
        ("CLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN),
        ("CLOUD_SDK_PROJECT_ID", PROJECT),
        ("CLOUD_SDK_REGION", "cn-north-4"),
        ("CLOUD_SDK_ENDPOINT", ""),
    ]
    .into();
    let config =
        Config::from_lookup(|name| vars.get(name).map(|v| (*v).to_owned())).expect("config");
    assert_eq!(
        config.credentials(),
        Some(&Credentials::temporary(AK, SK, SECURITY_TOKEN))
    );
    assert_eq!(config.project_id(), Some(PROJECT));
    assert_eq!(config.region(), Some("cn-north-4"));
    assert_eq!(config.endpoint(), None, "an empty variable counts as unset");
    assert_eq!(
        config.endpoint_for(&SERVICE).expect("endpoint").as_str(),
        "https://vpc.cn-north-4.myhuaweicloud.com/"
    );

    let token_only: BTreeMap<&str, &str> = [
        ("CLOUD_SDK_TOKEN", TOKEN),
        ("CLOUD_SDK_ENDPOINT", "http://127.0.0.1:9"),
    ]
    .into();
    let config =
        Config::from_lookup(|name| token_only.get(name).map(|v| (*v).to_owned())).expect("config");
    assert_eq!(config.credentials(), Some(&Credentials::token(TOKEN)));
    assert_eq!(
        config.endpoint_for(&SERVICE).expect("endpoint").as_str(),
        "http://127.0.0.1:9/"
    );

    let bad: BTreeMap<&str, &str> = [
        ("CLOUD_SDK_TOKEN", TOKEN),
        ("CLOUD_SDK_ENDPOINT", "ftp://x"),
    ]
    .into();
    let message = Config::from_lookup(|name| bad.get(name).map(|v| (*v).to_owned()))
        .expect_err("bad endpoint")
        .to_string();
    assert!(
        message.contains("CLOUD_SDK_ENDPOINT") && message.contains("ftp://x"),
        "{message}"
    );

    let message = Config::from_lookup(|_| None)
        .expect_err("no credentials")
        .to_string();
    assert!(
        message.contains("CLOUD_SDK_AK") && message.contains("CLOUD_SDK_TOKEN"),
        "{message}"
    );
}
