//! Sends one API call: builds the URL, adds the headers, authenticates, retries, records.
//!
//! Generated operations describe a call with [`Call`] and get back a [`RawResponse`] (any
//! status) or a [`TransportError`] (nothing usable came back). Authentication is an
//! `X-Auth-Token` header for token credentials, or an AK/SK signature made by
//! [`crate::signing::Signer`] for every attempt, so each retry carries a fresh `X-Sdk-Date`;
//! a call of another document's operation carries its [`crate::auth::Security`] instead, and
//! the credentials of the first alternative the configuration can satisfy are applied (an API
//! key in the query is part of the URL before anything is signed).
//!
//! A call is bounded in time and in memory whatever the server does: the whole call (every
//! attempt and every wait between two) ends within [`Config::timeout`], and a response body
//! is read only up to [`Config::max_response_body`], checked against `Content-Length` before
//! reading and against what arrived while reading, so a chunked or endless body is cut off
//! too. Which failures are retried is [`crate::retry`]'s decision.
//!
//! The request on the wire carries exactly the headers that were signed. `reqwest` adds
//! `Accept: */*` to every request that has none and `hyper` adds `Content-Length` to a request
//! with a body; both are therefore set here before signing (with the values they would have
//! had), so the library finds them present and leaves them alone. `Host` is added by the
//! signer, and `hyper` keeps a `Host` that is already there.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use http::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER,
    USER_AGENT,
};
use http::Method;
use tracing::{debug, field, info_span, Instrument, Span};
use url::Url;

use crate::auth::{self, Apply, Security};
use crate::config::{Config, ConfigError, ConfigErrorKind};
use crate::credentials::Credentials;
use crate::retry::{parse_retry_after, Failure};
use crate::signing::{SdkDate, Signer, SigningError, SigningInput};

/// The header carrying an IAM token.
pub const X_AUTH_TOKEN: &str = "x-auth-token";
/// The header carrying the project ID.
pub const X_PROJECT_ID: &str = "x-project-id";
/// The header in which Huawei Cloud returns the ID of a request.
pub const X_REQUEST_ID: &str = "x-request-id";

/// The `Accept` value sent when the call gives none: what `reqwest` would send, set
/// explicitly so that it is signed.
const DEFAULT_ACCEPT: &str = "*/*";

pub use crate::call::{Call, Style};

/// A response, whatever its status.
#[derive(Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
    /// The `X-Request-Id` header, which Huawei Cloud support asks for.
    pub request_id: Option<String>,
    /// How many times the call was sent (1 when it was not retried).
    pub attempts: u32,
}

impl fmt::Debug for RawResponse {
    // Bodies can hold secrets (a created access key, a temporary token) and headers can hold
    // session cookies, so only their shape is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field(
                "headers",
                &self
                    .headers
                    .keys()
                    .map(HeaderName::as_str)
                    .collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.len())
            .field("request_id", &self.request_id)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// Which limit of a call ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Opening the connection (TCP or TLS) took longer than the connect timeout.
    Connect,
    /// The server did not send the response, or the next part of its body, within the read
    /// timeout.
    Read,
    /// The whole call (every attempt and every wait between two) took longer than its
    /// deadline, [`Config::timeout`].
    Total,
}

impl TimeoutPhase {
    /// The setting that holds the limit, for messages.
    fn setting(self) -> &'static str {
        match self {
            Self::Connect => "connect timeout, ConfigBuilder::connect_timeout",
            Self::Read => "read timeout, ConfigBuilder::read_timeout",
            Self::Total => {
                "deadline of the whole call, ConfigBuilder::timeout or CLOUD_SDK_TIMEOUT"
            }
        }
    }
}

/// A call that produced no response. It never contains a secret: no header value, no body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportError {
    /// No connection could be opened (refused, unreachable, DNS or TLS failure).
    Connect {
        /// The host and port called.
        host: String,
        /// What the network library said.
        message: String,
    },
    /// A timeout expired.
    Timeout {
        /// Which one.
        phase: TimeoutPhase,
        /// The host and port called.
        host: String,
        /// The limit that ran out.
        limit: Duration,
    },
    /// The response body is larger than [`Config::max_response_body`]; reading stopped
    /// there.
    BodyTooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The host and port called.
        host: String,
        /// The limit, in bytes.
        limit: usize,
        /// The `X-Request-Id` of the response.
        request_id: Option<String>,
    },
    /// The path holds a `.` or `..` segment, which would address another resource than the
    /// one called; the call was refused before anything was sent.
    InvalidPath {
        /// The path, as encoded.
        path: String,
    },
    /// A header name or value cannot be sent (a value with CR or LF, or another byte a header
    /// cannot hold); the call was refused before anything was sent.
    InvalidHeader {
        /// The header's name.
        name: String,
    },
    /// The operation requires credentials of its document's security schemes that the
    /// configuration does not hold (no alternative of its `security` can be applied); the
    /// call was refused before anything was sent.
    MissingCredentials {
        /// The operation ID.
        operation: &'static str,
        /// What the operation accepts.
        security: &'static Security,
    },
    /// The request could not be signed.
    Signing(SigningError),
    /// Anything else: the connection closed mid-response, a protocol error, ...
    Other {
        /// What the network library said.
        message: String,
    },
}

impl TransportError {
    /// Whether sending the call again may succeed: connection failures and the connect and
    /// read timeouts. Whether it is sent again also depends on what it may have done
    /// ([`TransportError::failure`] and [`crate::retry::RetryPolicy::allows`]).
    pub fn is_retryable(&self) -> bool {
        self.failure().is_some()
    }

    /// What this error says about the request, for the retry decision: a failed connection
    /// means nothing was sent; a read timeout means the service may have acted.
    pub fn failure(&self) -> Option<Failure> {
        match self {
            Self::Connect { .. }
            | Self::Timeout {
                phase: TimeoutPhase::Connect,
                ..
            } => Some(Failure::NotProcessed),
            Self::Timeout {
                phase: TimeoutPhase::Read,
                ..
            } => Some(Failure::MayHaveActed),
            _ => None,
        }
    }

    /// Sorts a `reqwest` error. The URL is left out of the message: it is already in the
    /// tracing span, and the `host` field says where the call went.
    fn from_reqwest(error: reqwest::Error, host: &str, config: &Config) -> Self {
        let host = host.to_owned();
        if error.is_timeout() {
            let (phase, limit) = if error.is_connect() {
                (TimeoutPhase::Connect, config.connect_timeout())
            } else {
                (TimeoutPhase::Read, config.read_timeout())
            };
            return Self::Timeout { phase, host, limit };
        }
        let is_connect = error.is_connect();
        let message = error_chain(&error.without_url());
        if is_connect {
            Self::Connect { host, message }
        } else {
            Self::Other { message }
        }
    }
}

/// The messages of an error and its sources, joined, since `reqwest`'s top-level message
/// alone ("error sending request") does not say what happened.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect { host, message } => write!(f, "could not connect to {host}: {message}"),
            Self::Timeout { phase, host, limit } => {
                let what = match phase {
                    TimeoutPhase::Connect => "connecting to",
                    TimeoutPhase::Read => "waiting for a response from",
                    TimeoutPhase::Total => "completing the call to",
                };
                write!(
                    f,
                    "timed out {what} {host} after {} ({})",
                    Seconds(*limit),
                    phase.setting()
                )
            }
            Self::BodyTooLarge {
                status,
                host,
                limit,
                request_id,
            } => {
                write!(
                    f,
                    "the HTTP {status} response from {host} has a body larger than the \
                     {limit}-byte limit (ConfigBuilder::max_response_body); it was not read"
                )?;
                if let Some(id) = request_id {
                    write!(f, " (request ID {id})")?;
                }
                Ok(())
            }
            Self::InvalidPath { path } => write!(
                f,
                "the path {path:?} has a `.` or `..` segment, which would address another \
                 resource; nothing was sent"
            ),
            Self::InvalidHeader { name } => write!(
                f,
                "header {name} has a name or value that cannot be sent (a value must not \
                 contain CR, LF or other control characters); nothing was sent"
            ),
            Self::MissingCredentials {
                operation,
                security,
            } => write!(
                f,
                "operation {operation} needs credentials the configuration does not hold: {}; \
                 nothing was sent",
                auth::Alternatives(security)
            ),
            Self::Signing(error) => write!(f, "{error}"),
            Self::Other { message } => write!(f, "request failed: {message}"),
        }
    }
}

/// A duration as a reader expects it: `3 s`, `1.5 s`, `250 ms`.
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let duration = self.0;
        if duration < Duration::from_secs(1) {
            write!(f, "{} ms", duration.as_millis())
        } else {
            write!(f, "{} s", duration.as_secs_f64())
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Signing(error) => Some(error),
            _ => None,
        }
    }
}

impl From<SigningError> for TransportError {
    fn from(error: SigningError) -> Self {
        Self::Signing(error)
    }
}

/// Sends calls with one configuration over one connection pool.
///
/// Cheap to clone: clones share the pool. `Debug` shows the configuration, which holds no
/// secret in clear.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    client: reqwest::Client,
    /// Built once from AK/SK credentials; `None` for token credentials.
    signer: Option<Signer>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// What stays the same across the attempts of one call.
struct Prepared {
    url: Url,
    host: String,
    headers: HeaderMap,
    body: Option<Bytes>,
    /// Whether each attempt is signed with the AK/SK credentials.
    sign: bool,
}

/// A deadline no call reaches: where a configured timeout would overflow the clock.
const FAR_FUTURE: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// What one attempt gave: a response, or why none came.
type Attempt = Result<RawResponse, TransportError>;

impl Transport {
    /// Builds the HTTP client for `config`: rustls with the configured roots, the
    /// configured proxies (and no others), the connect and read timeouts.
    pub fn new(config: Config) -> Result<Transport, ConfigError> {
        let builder = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(config.connect_timeout())
            .read_timeout(config.read_timeout())
            // Huawei Cloud APIs do not redirect; following one would send a signed request to
            // a URL it was not signed for, so a 3xx is handed back as it is.
            .redirect(reqwest::redirect::Policy::none());
        let builder = config.proxies().apply(builder)?;
        let client = config.trust().apply(builder).build().map_err(|error| {
            ConfigError::new(ConfigErrorKind::Client {
                message: error_chain(&error),
            })
        })?;
        let signer = config.credentials().and_then(Signer::from_credentials);
        Ok(Transport {
            inner: Arc::new(Inner {
                config,
                client,
                signer,
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends `call`, retrying it as the retry policy allows, within the call's deadline.
    ///
    /// Returns the response whatever its status; when retries run out, the last response.
    /// Returns an error only when no response came back (or the call was refused before
    /// sending: an invalid header or path, a signing failure), or when the deadline passed.
    pub async fn send(&self, base: &Url, call: Call) -> Result<RawResponse, TransportError> {
        let span = info_span!(
            "hwcloud.call",
            operation = call.operation,
            method = %call.method,
            status = field::Empty,
            attempt = field::Empty,
            request_id = field::Empty,
        );
        let limit = self.inner.config.timeout();
        let now = tokio::time::Instant::now();
        // A deadline past what the clock can hold (`Duration::MAX`) is as good as none.
        let deadline = now.checked_add(limit).unwrap_or_else(|| now + FAR_FUTURE);
        let host = host_of(base);
        let attempts = self
            .send_in(base, call, deadline, span.clone())
            .instrument(span);
        match tokio::time::timeout_at(deadline, attempts).await {
            Ok(result) => result,
            Err(_) => {
                debug!(?limit, "deadline passed");
                Err(TransportError::Timeout {
                    phase: TimeoutPhase::Total,
                    host,
                    limit,
                })
            }
        }
    }

    async fn send_in(
        &self,
        base: &Url,
        mut call: Call,
        deadline: tokio::time::Instant,
        span: Span,
    ) -> Result<RawResponse, TransportError> {
        // The body is moved, not copied: it is shared by every attempt as `Bytes`.
        let body = call.body.take().map(Bytes::from);
        let prepared = self.prepare(base, &call, body)?;
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            span.record("attempt", attempt);
            debug!(attempt, "sending");
            let result = self.attempt(&call.method, &prepared, attempt).await;
            if let Ok(response) = &result {
                span.record("status", response.status);
                if let Some(id) = &response.request_id {
                    span.record("request_id", id.as_str());
                }
                debug!(
                    attempt,
                    response.status, response.request_id, "response received"
                );
            }
            match self.retry_delay(&call, &result, attempt, deadline) {
                Some(delay) => {
                    debug!(attempt, ?delay, "retrying");
                    tokio::time::sleep(delay).await;
                }
                None => return result,
            }
        }
    }

    /// How long to wait before sending `call` again after `result`, or `None` to return it:
    /// the failure is not one the policy retries for this call, no retry is left, or the
    /// wait would reach past the deadline (the call ends with what it has instead).
    fn retry_delay(
        &self,
        call: &Call,
        result: &Attempt,
        attempt: u32,
        deadline: tokio::time::Instant,
    ) -> Option<Duration> {
        let policy = self.inner.config.retry();
        let (failure, retry_after) = match result {
            Ok(response) => {
                let failure = Failure::of_status(response.status)?;
                let retry_after = response
                    .headers
                    .get(RETRY_AFTER)
                    .and_then(|value| value.to_str().ok())
                    .and_then(|value| parse_retry_after(value, SystemTime::now()));
                (failure, retry_after)
            }
            Err(error) => (error.failure()?, None),
        };
        if attempt > policy.max_retries() || !policy.allows(call.operation, &call.method, failure) {
            return None;
        }
        let delay = policy.delay_for(attempt, retry_after);
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        (delay < left).then_some(delay)
    }

    /// Builds the URL and the headers every attempt shares; refuses invalid headers and
    /// paths.
    fn prepare(
        &self,
        base: &Url,
        call: &Call,
        body: Option<Bytes>,
    ) -> Result<Prepared, TransportError> {
        let config = &self.inner.config;
        if has_dot_segment(&call.path) {
            return Err(TransportError::InvalidPath {
                path: call.path.clone(),
            });
        }
        // What the call authenticates with: the first alternative of its document's schemes
        // the configuration can satisfy; without such schemes (or for a Huawei scheme among
        // them), the Huawei credentials, when the configuration has them.
        let applied = match call.security {
            None => config.credentials().map(|_| vec![Apply::Huawei]),
            Some(security) => Some(auth::choose(security, config).ok_or(
                TransportError::MissingCredentials {
                    operation: call.operation,
                    security,
                },
            )?),
        }
        .unwrap_or_default();
        let mut query = std::borrow::Cow::Borrowed(&call.query);
        for apply in &applied {
            if let Apply::Query(name, key) = apply {
                query.to_mut().push(((*name).to_owned(), (*key).to_owned()));
            }
        }
        let url = build_url(base, &call.path, &query);
        let host = host_of(&url);

        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            header_value(USER_AGENT.as_str(), config.user_agent())?,
        );
        headers.insert(ACCEPT, HeaderValue::from_static(DEFAULT_ACCEPT));
        for (name, value) in &call.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                TransportError::InvalidHeader {
                    name: (*name).to_owned(),
                }
            })?;
            headers.insert(header_name, header_value(name, value)?);
        }
        if let Some(body) = &body {
            if let Some(content_type) = &call.content_type {
                headers.insert(
                    CONTENT_TYPE,
                    header_value(CONTENT_TYPE.as_str(), content_type)?,
                );
            }
            // Set here rather than by hyper so that it is among the signed headers.
            headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        }
        let mut huawei = false;
        for apply in applied {
            match apply {
                Apply::Header(name, value) => {
                    let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        TransportError::InvalidHeader {
                            name: name.to_owned(),
                        }
                    })?;
                    let mut value = header_value(name, &value)?;
                    value.set_sensitive(true);
                    headers.insert(header_name, value);
                }
                Apply::Cookie(name, key) => add_cookie(&mut headers, name, key)?,
                Apply::Query(..) => {}
                Apply::Huawei => huawei = true,
            }
        }
        match config.credentials().filter(|_| huawei) {
            None => {}
            Some(Credentials::Token { token }) => {
                let mut value = header_value(X_AUTH_TOKEN, token.expose())?;
                value.set_sensitive(true);
                headers.insert(X_AUTH_TOKEN, value);
                // The signer adds X-Project-Id for AK/SK; token calls carry it too, so both
                // kinds of credentials reach the same project.
                if let Some(project_id) = config.project_id() {
                    headers.insert(X_PROJECT_ID, header_value(X_PROJECT_ID, project_id)?);
                }
            }
            Some(Credentials::AkSk { .. }) => {}
        }
        Ok(Prepared {
            url,
            host,
            headers,
            body,
            sign: huawei,
        })
    }

    /// Sends one attempt, signing it first when the credentials are AK/SK, and reads the
    /// response within the body limit.
    async fn attempt(&self, method: &Method, prepared: &Prepared, attempt: u32) -> Attempt {
        let config = &self.inner.config;
        let mut headers = prepared.headers.clone();
        let mut url = prepared.url.clone();
        if let Some(signer) = self.inner.signer.as_ref().filter(|_| prepared.sign) {
            let empty = Bytes::new();
            let signed = signer.sign(
                &SigningInput {
                    method,
                    url: &prepared.url,
                    headers: &prepared.headers,
                    body: prepared.body.as_ref().unwrap_or(&empty),
                    project_id: config.project_id(),
                },
                SdkDate::now(),
            )?;
            for (name, value) in signed.headers_to_add {
                headers.insert(name, value);
            }
            // The signer re-emits the query canonically (a key's values sorted), and what
            // was signed is what is sent.
            url = signed.url;
        }
        let mut request = self
            .inner
            .client
            .request(method.clone(), url)
            .headers(headers);
        if let Some(body) = &prepared.body {
            request = request.body(body.clone());
        }
        let host = prepared.host.as_str();
        let response = request
            .send()
            .await
            .map_err(|error| TransportError::from_reqwest(error, host, config))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let request_id = headers
            .get(X_REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let too_large = || TransportError::BodyTooLarge {
            status,
            host: host.to_owned(),
            limit: config.max_response_body(),
            request_id: request_id.clone(),
        };
        let body = read_body(response, config.max_response_body(), too_large)
            .await
            .map_err(|error| match error {
                BodyError::TooLarge(error) => error,
                BodyError::Read(error) => TransportError::from_reqwest(error, host, config),
            })?;
        Ok(RawResponse {
            status,
            headers,
            body,
            request_id,
            attempts: attempt,
        })
    }
}

/// Why a body could not be read.
enum BodyError {
    /// It is larger than the limit.
    TooLarge(TransportError),
    /// The network failed while reading it.
    Read(reqwest::Error),
}

/// Reads a body of at most `limit` bytes. A `Content-Length` above the limit fails before
/// anything is read; a body without one (chunked, or until the connection closes) fails as
/// soon as what arrived passes the limit. Memory never holds more than the limit plus one
/// chunk.
async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
    too_large: impl Fn() -> TransportError,
) -> Result<Bytes, BodyError> {
    let announced = response.content_length();
    if announced.is_some_and(|length| length > limit as u64) {
        return Err(BodyError::TooLarge(too_large()));
    }
    // Preallocating what the server announced, up to the limit, saves the copies of growing;
    // a small initial capacity otherwise, since most answers are small.
    let capacity = announced.map_or(8 << 10, |length| length as usize);
    let mut body = BytesMut::with_capacity(capacity.min(limit));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
        if chunk.len() > limit - body.len() {
            return Err(BodyError::TooLarge(too_large()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// `host:port` of a URL, for messages.
fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => String::new(),
    }
}

/// Whether an encoded path has a segment that stands for `.` or `..`, however often it is
/// percent-decoded (see [`crate::validation::dot_segment`]).
fn has_dot_segment(path: &str) -> bool {
    path.split('/')
        .any(|segment| crate::validation::dot_segment(segment).is_some())
}

/// A header value, or `InvalidHeader` naming the header (never echoing the value, which may
/// be a token).
fn header_value(name: &str, value: &str) -> Result<HeaderValue, TransportError> {
    // `from_str` refuses CR, LF and the other control characters (except tab); bytes above
    // 0x7F are allowed and sent as UTF-8, as the signer expects.
    HeaderValue::from_str(value).map_err(|_| TransportError::InvalidHeader {
        name: name.to_owned(),
    })
}

/// Adds the cookie `name` (an API key) to the `Cookie` header, after the operation's own
/// cookies. The key is sent as it is, so it must be a cookie value (RFC 6265: no space, `"`,
/// `,`, `;` or `\`, no control character); otherwise the call is refused, naming the header
/// (never the key).
fn add_cookie(headers: &mut HeaderMap, name: &str, key: &str) -> Result<(), TransportError> {
    let octet = |b: u8| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
    let refused = || TransportError::InvalidHeader {
        name: "Cookie".to_owned(),
    };
    if !key.bytes().all(octet) {
        return Err(refused());
    }
    let cookie = match headers.get(http::header::COOKIE) {
        Some(existing) => {
            let existing = existing.to_str().map_err(|_| refused())?;
            format!("{existing}; {name}={key}")
        }
        None => format!("{name}={key}"),
    };
    let mut value = header_value("Cookie", &cookie)?;
    value.set_sensitive(true);
    headers.insert(http::header::COOKIE, value);
    Ok(())
}

/// The URL of a call: the base's path followed by `path`, then the query, in key order
/// with each key's values as given: a list's or a tuple's items keep their positions
/// (`near=52.5&near=13.4` is a latitude, then a longitude). A signed request goes with the
/// signer's canonical query instead, values sorted too, as Huawei's SDK signs it.
fn build_url(base: &Url, path: &str, query: &[(String, String)]) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    let separator = if path.starts_with('/') { "" } else { "/" };
    url.set_path(&format!("{prefix}{separator}{path}"));
    let query = crate::signing::query_in_key_order(query);
    // `set_query` keeps the string as it is (every byte in it is already encoded), so the
    // signer reads back the very pairs.
    url.set_query(Some(query.as_str()).filter(|query| !query.is_empty()));
    url.set_fragment(None);
    url
}

/// The canonical query string: pairs sorted by raw key then raw value, each part
/// percent-encoded with only the unreserved characters kept (a space is `%20`).
///
/// This is the signer's canonical form, which a request signed with AK/SK is sent with; an
/// unsigned one keeps each key's values in order (`build_url`).
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    crate::signing::canonical_query_of(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(raw: &[(&str, &str)]) -> Vec<(String, String)> {
        raw.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn canonical_query_sorts_and_encodes() {
        let query = pairs(&[
            ("name", "a b+c"),
            ("limit", "10"),
            ("tag", "z"),
            ("tag", "a"),
            ("q", "~x-y_z.!*'()/?&="),
            ("caf\u{e9}", "\u{4e2d}"),
        ]);
        assert_eq!(
            canonical_query(&query),
            "caf%C3%A9=%E4%B8%AD&limit=10&name=a%20b%2Bc&q=~x-y_z.%21%2A%27%28%29%2F%3F%26%3D&tag=a&tag=z"
        );
    }

    #[test]
    fn a_signed_query_is_canonical_an_unsigned_one_keeps_each_keys_order(
    ) -> Result<(), SigningError> {
        let query = pairs(&[
            ("b", "x y"),
            ("a", "1+1"),
            ("a", "0"),
            ("e", "\u{e9}"),
            ("z", ""),
        ]);
        let url = build_url(
            &Url::parse("https://vpc.cn-north-4.myhuaweicloud.com/prefix/").map_err(|e| {
                SigningError::InvalidUrl {
                    reason: e.to_string(),
                }
            })?,
            "/v3/p/vpcs",
            &query,
        );
        assert_eq!(url.path(), "/prefix/v3/p/vpcs");
        // Unsigned: keys sorted, `a`'s values as given.
        assert_eq!(url.query(), Some("a=1%2B1&a=0&b=x%20y&e=%C3%A9&z="));
        let signed = Signer::new("ak", "sk").sign(
            &SigningInput {
                method: &Method::GET,
                url: &url,
                headers: &HeaderMap::new(),
                body: b"",
                project_id: None,
            },
            SdkDate::parse("20240315T081530Z")?,
        )?;
        // Signed: what was signed is what is sent, `a`'s values sorted as the SDK signs them.
        assert_eq!(signed.canonical_query, "a=0&a=1%2B1&b=x%20y&e=%C3%A9&z=");
        assert_eq!(signed.url.query(), Some(signed.canonical_query.as_str()));
        assert_eq!(signed.url.path(), url.path());
        Ok(())
    }

    #[test]
    fn dot_segments_are_found_however_they_are_written() {
        for path in [
            "/v3/../x",
            "/v3/./x",
            "/v3/%2e%2E/x",
            "/v3/.%2e",
            "/v3/%2E",
            "/v3/%252e%252e/x",
            "/..",
        ] {
            assert!(has_dot_segment(path), "{path}");
        }
        for path in ["/v3/p/x", "/v3/.../x", "/v3/a.b/x", "/v3/%2ex", "/v3/.x"] {
            assert!(!has_dot_segment(path), "{path}");
        }
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        assert_eq!(
            header_value("x-language", "en\r\nx-evil: 1"),
            Err(TransportError::InvalidHeader {
                name: "x-language".into()
            })
        );
        assert!(header_value("x-name", "\u{4e2d}\u{6587}").is_ok());
    }
}
