//! One request, from its head to its answer: the mock's own routes (`/__mock/...`), then
//! routing, injected faults, credentials, judging and the documented answer, each recorded
//! in the journal.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use serde_json::Value as Json;

use crate::answer::{self, Payload, Prefer};
use crate::catalog::Operation;
use crate::faults::Fault;
use crate::journal::{Hidden, Recorded, Verdict};
use crate::judge::{self, Refusal};
use crate::{auth, detail, pages, State};

/// The answer, or `Err` to close the connection without one (an injected drop).
pub type Answer = Result<http::Response<Full<Bytes>>, Dropped>;

/// The connection was dropped on purpose.
#[derive(Debug)]
pub struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

/// What the handling of one request found, for the answer, the journal and the log.
struct Outcome {
    payload: Payload,
    headers: Vec<(String, String)>,
    verdict: Verdict,
}

/// Handles one request.
pub async fn handle(state: Arc<State>, request: http::Request<Incoming>) -> Answer {
    let started = Instant::now();
    let (head, body) = request.into_parts();
    if head.uri.path().starts_with("/__mock/") {
        return Ok(admin(&state, &head.method, head.uri.path()));
    }
    let request_id = request_id();
    let bytes = match read_body(&state, &head.headers, body).await {
        Ok(bytes) => bytes,
        Err((status, message)) => {
            let outcome = gateway_error(
                status,
                "APIGW.0201",
                &message,
                &request_id,
                Verdict::Unreadable,
            );
            return Ok(finish(
                &state,
                &head,
                &[],
                (None, outcome),
                &request_id,
                started,
            ));
        }
    };
    let outcome = match route(&state, &head) {
        Err(unrouted) => (None, unrouted.outcome(&request_id)),
        Ok((op, path)) => {
            let outcome = match state.faults.take(&op.id) {
                Some(Fault::Drop) => {
                    record_drop(&state, &head, &bytes, op);
                    return Err(Dropped);
                }
                Some(Fault::Delay(delay)) => {
                    tokio::time::sleep(delay).await;
                    operation(&state, op, &path, &head, &bytes, &request_id)
                }
                Some(Fault::Status {
                    status,
                    body,
                    headers,
                }) => injected(&state, op, status, body, headers, &request_id),
                None => operation(&state, op, &path, &head, &bytes, &request_id),
            };
            (Some(op.id.as_str()), outcome)
        }
    };
    Ok(finish(&state, &head, &bytes, outcome, &request_id, started))
}

/// The body, within the size limit and the time limit: a body over the limit is refused
/// on its `Content-Length` alone, before any of it is read.
async fn read_body(
    state: &State,
    headers: &HeaderMap,
    body: Incoming,
) -> Result<Bytes, (u16, String)> {
    let limit = state.max_body;
    let too_large = || {
        (
            413,
            format!("the body is over {limit} bytes, the most this mock takes"),
        )
    };
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let collected = tokio::time::timeout(state.body_timeout, Limited::new(body, limit).collect());
    match collected.await {
        Err(_) => Err((
            408,
            format!("the body did not arrive within {:?}", state.body_timeout),
        )),
        Ok(Err(error)) if error.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(error)) => Err((400, format!("the body could not be read: {error}"))),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
    }
}

/// A request no operation takes.
enum Unrouted {
    /// No operation has the path.
    NotFound(String),
    /// Operations have the path, with other methods: the `Allow` list.
    NotAllowed(String, String),
}

impl Unrouted {
    fn outcome(self, request_id: &str) -> Outcome {
        match self {
            Unrouted::NotFound(message) => {
                gateway_error(404, "APIGW.0101", &message, request_id, Verdict::NotFound)
            }
            Unrouted::NotAllowed(message, allow) => {
                let mut outcome = gateway_error(
                    405,
                    "APIGW.0101",
                    &message,
                    request_id,
                    Verdict::MethodNotAllowed,
                );
                outcome.headers.push(("allow".into(), allow));
                outcome
            }
        }
    }
}

/// A routed request: its operation and path variables.
type Routed<'s> = (&'s Operation, Vec<(String, String)>);

/// The operation of the request and its path variables.
fn route<'s>(state: &'s State, head: &http::request::Parts) -> Result<Routed<'s>, Unrouted> {
    let path = head.uri.path();
    let mut fitting: Vec<Routed<'s>> = state
        .operations
        .iter()
        .filter_map(|op| op.template.matches(path).map(|vars| (op, vars)))
        .collect();
    // The most literal template first: `/items/mine` before `/items/{id}`.
    fitting.sort_by_key(|(op, _)| std::cmp::Reverse(op.template.literal_segments()));
    if fitting.is_empty() {
        return Err(Unrouted::NotFound(format!(
            "The API does not exist or has not been published: no operation has the path {path}"
        )));
    }
    if let Some(index) = fitting.iter().position(|(op, _)| op.method == head.method) {
        return Ok(fitting.swap_remove(index));
    }
    let mut allowed: Vec<&str> = fitting.iter().map(|(op, _)| op.method.as_str()).collect();
    allowed.sort_unstable();
    allowed.dedup();
    let allow = allowed.join(", ");
    let message = format!(
        "{} is not a method of {path}; it takes {allow}",
        head.method
    );
    Err(Unrouted::NotAllowed(message, allow))
}

/// An operation's request checked and answered.
fn operation(
    state: &State,
    op: &Operation,
    path: &[(String, String)],
    head: &http::request::Parts,
    bytes: &Bytes,
    request_id: &str,
) -> Outcome {
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(head.uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let signed = hwcloud::signing::Received {
        method: &head.method,
        path: head.uri.path(),
        query: head.uri.query(),
        headers: &head.headers,
        body: bytes,
    };
    if let Err(denied) = auth::check(
        &state.keys,
        &op.security,
        &signed,
        time::OffsetDateTime::now_utc(),
    ) {
        let body = answer::gateway_body(denied.code, &denied.message, request_id);
        return Outcome {
            payload: json_payload(401, body),
            headers: Vec::new(),
            verdict: Verdict::Unauthenticated {
                message: denied.message,
            },
        };
    }
    let received = judge::Received {
        path,
        query: &query,
        headers: &head.headers,
        body: bytes,
    };
    let prefer = Prefer::parse(
        head.headers
            .get_all("prefer")
            .iter()
            .filter_map(|v| v.to_str().ok()),
    );
    state.with_docs(
        |docs, evaluator| match judge::judge(docs, evaluator, op, &received) {
            Err(refusal) => refused(docs, op, refusal, request_id),
            Ok(sent) => answered(docs, op, path, sent.as_ref(), &prefer, request_id),
        },
    )
}

fn refused(
    docs: &hwcloud_codegen::load::DocSet,
    op: &Operation,
    refusal: Refusal,
    request_id: &str,
) -> Outcome {
    let status = op.bad_request_status();
    let malformed = match &refusal {
        Refusal::Malformed(message) => Some(message.clone()),
        _ => None,
    };
    let (status, code, message, problems) = match refusal {
        Refusal::Invalid(problems) => {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            let message = format!(
                "request refused: {} constraint violation(s): {}",
                problems.len(),
                lines.join("; ")
            );
            (status, "MOCK.0400", message, problems)
        }
        Refusal::Malformed(message) => (status, "MOCK.0400", message, Vec::new()),
        Refusal::UnsupportedMedia(message) => (415, "MOCK.0415", message, Vec::new()),
    };
    let body = detail::validation_body(docs, op, status, &problems, malformed.as_deref())
        .unwrap_or_else(|| answer::error_body(docs, Some(op), status, code, &message, request_id));
    Outcome {
        payload: json_payload(status, body),
        headers: Vec::new(),
        verdict: Verdict::Refused { problems, message },
    }
}

fn answered(
    docs: &hwcloud_codegen::load::DocSet,
    op: &Operation,
    path: &[(String, String)],
    sent: Option<&Json>,
    prefer: &Prefer,
    request_id: &str,
) -> Outcome {
    let status = prefer
        .code
        .or_else(|| pages::status_for(&op.id, sent))
        .unwrap_or_else(|| op.success());
    if prefer.code.is_some() && op.response_for(status).is_none() {
        let message = format!(
            "Prefer: code={status} is not a documented status of {}",
            op.id
        );
        return gateway_error(
            400,
            "MOCK.0001",
            &message,
            request_id,
            Verdict::Refused {
                problems: Vec::new(),
                message: message.clone(),
            },
        );
    }
    match answer::documented(docs, op, status, prefer.example.as_deref()) {
        Err(message) => gateway_error(
            400,
            "MOCK.0001",
            &message,
            request_id,
            Verdict::Refused {
                problems: Vec::new(),
                message: message.clone(),
            },
        ),
        Ok(mut payload) => {
            if status < 300 {
                if let Some(body) = payload.body.as_mut() {
                    pages::echo(&op.id, path, sent, body);
                }
            }
            Outcome {
                payload,
                headers: Vec::new(),
                verdict: Verdict::Answered,
            }
        }
    }
}

fn injected(
    state: &State,
    op: &Operation,
    status: u16,
    body: Option<Json>,
    headers: Vec<(String, String)>,
    request_id: &str,
) -> Outcome {
    let body = body.unwrap_or_else(|| {
        let message = format!("status {status} injected into {}", op.id);
        state.with_docs(|docs, _| {
            answer::error_body(docs, Some(op), status, "MOCK.0500", &message, request_id)
        })
    });
    Outcome {
        payload: json_payload(status, body),
        headers,
        verdict: Verdict::Fault,
    }
}

fn record_drop(state: &State, head: &http::request::Parts, bytes: &Bytes, op: &Operation) {
    state.journal.record(recorded(
        &state.hidden,
        head,
        bytes,
        Some(op.id.clone()),
        0,
        Verdict::Fault,
    ));
    state.log(
        &head.method,
        head.uri.path(),
        0,
        Some(&op.id),
        Duration::ZERO,
    );
}

fn gateway_error(
    status: u16,
    code: &str,
    message: &str,
    request_id: &str,
    verdict: Verdict,
) -> Outcome {
    let body = answer::gateway_body(code, message, request_id);
    Outcome {
        payload: json_payload(status, body),
        headers: Vec::new(),
        verdict,
    }
}

fn json_payload(status: u16, body: Json) -> Payload {
    Payload {
        status,
        content_type: Some("application/json".into()),
        body: Some(body),
    }
}

fn recorded(
    hidden: &Hidden,
    head: &http::request::Parts,
    bytes: &[u8],
    operation: Option<String>,
    status: u16,
    verdict: Verdict,
) -> Recorded {
    Recorded {
        method: head.method.to_string(),
        path: head.uri.path().to_owned(),
        query: head.uri.query().map(|q| hidden.query(q)),
        headers: Recorded::headers_of(&head.headers, hidden),
        body: String::from_utf8_lossy(bytes).into_owned(),
        operation,
        status,
        verdict,
    }
}

/// Records the outcome and turns it into the HTTP answer.
fn finish(
    state: &State,
    head: &http::request::Parts,
    bytes: &[u8],
    (operation, outcome): (Option<&str>, Outcome),
    request_id: &str,
    started: Instant,
) -> http::Response<Full<Bytes>> {
    let Outcome {
        payload,
        headers,
        verdict,
    } = outcome;
    let status = payload.status;
    state.log(
        &head.method,
        head.uri.path(),
        status,
        operation,
        started.elapsed(),
    );
    state.journal.record(recorded(
        &state.hidden,
        head,
        bytes,
        operation.map(str::to_owned),
        status,
        verdict,
    ));
    let mut response = http::Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("x-request-id", request_id);
    if let Some(content_type) = &payload.content_type {
        response = response.header(http::header::CONTENT_TYPE, content_type.as_str());
    }
    for (name, value) in &headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            response = response.header(name, value);
        }
    }
    let body = match payload.body {
        Some(Json::String(text))
            if payload
                .content_type
                .as_deref()
                .is_some_and(|c| !c.contains("json")) =>
        {
            Bytes::from(text)
        }
        Some(value) => Bytes::from(value.to_string()),
        None => Bytes::new(),
    };
    response
        .body(Full::new(body))
        .unwrap_or_else(|_| http::Response::new(Full::new(Bytes::new())))
}

/// `GET /__mock/requests` (the journal as JSON), `DELETE /__mock/requests` (cleared),
/// `DELETE /__mock/faults` (faults forgotten).
fn admin(state: &State, method: &Method, path: &str) -> http::Response<Full<Bytes>> {
    let (status, body) = match (method, path) {
        (&Method::GET, "/__mock/requests") => (
            200,
            serde_json::to_string(&state.journal.entries()).unwrap_or_else(|_| "[]".into()),
        ),
        (&Method::DELETE, "/__mock/requests") => {
            state.journal.clear();
            (204, String::new())
        }
        (&Method::DELETE, "/__mock/faults") => {
            state.faults.clear();
            (204, String::new())
        }
        _ => (404, r#"{"error_msg":"the mock's routes are GET and DELETE /__mock/requests, DELETE /__mock/faults"}"#.into()),
    };
    http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| http::Response::new(Full::new(Bytes::new())))
}

/// A request id as Huawei's services give them: 32 hex digits.
fn request_id() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}
