//! Sends one API call: builds the URL, adds the headers, authenticates, retries, records.
//!
//! Generated operations describe a call with [`Call`] and get back a [`RawResponse`] (any
//! status) or a [`TransportError`] (nothing usable came back). Authentication is an
//! `X-Auth-Token` header for token credentials, or an AK/SK signature made by
//! [`crate::signing::Signer`] for every attempt, so each retry carries a fresh `X-Sdk-Date`.
//!
//! The request on the wire carries exactly the headers that were signed. `reqwest` adds
//! `Accept: */*` to every request that has none and `hyper` adds `Content-Length` to a request
//! with a body; both are therefore set here before signing (with the values they would have
//! had), so the library finds them present and leaves them alone. `Host` is added by the
//! signer, and `hyper` keeps a `Host` that is already there.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER,
    USER_AGENT,
};
use http::Method;
use tracing::{debug, field, info_span, Instrument, Span};
use url::Url;

use crate::config::{Config, ConfigError, ConfigErrorKind};
use crate::credentials::Credentials;
use crate::retry::parse_retry_after;
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

/// Statuses after which an idempotent call is sent again: rate limiting and gateway errors,
/// which say the request was not (or not fully) processed.
const RETRYABLE_STATUSES: [u16; 4] = [429, 502, 503, 504];

/// One API call, as a generated operation describes it.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    /// The operation ID, for tracing.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The service's base URL (from [`Config::endpoint_for`]); it may carry a path prefix.
    pub base: &'a Url,
    /// The path, already percent-encoded and starting with `/`; appended to the base's path.
    pub path: &'a str,
    /// The query parameters as raw (not encoded) pairs; sent sorted and encoded canonically.
    pub query: &'a [(String, String)],
    /// The operation's header parameters, e.g. `("X-Language", "en-us")`.
    pub headers: &'a [(&'static str, String)],
    /// The `Content-Type`, sent exactly as given when there is a body.
    pub content_type: Option<&'a str>,
    /// The body, if any.
    pub body: Option<Vec<u8>>,
}

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

/// Which phase of a request ran out of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Opening the connection (TCP or TLS) took longer than the connect timeout.
    Connect,
    /// The server did not send the response, or the next part of its body, within the read
    /// timeout.
    Read,
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
    },
    /// A header name or value cannot be sent (a value with CR or LF, or another byte a header
    /// cannot hold); the call was refused before anything was sent.
    InvalidHeader {
        /// The header's name.
        name: String,
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
    /// Whether sending an idempotent call again may succeed: connection failures and timeouts.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Connect { .. } | Self::Timeout { .. })
    }

    /// Sorts a `reqwest` error. The URL is left out of the message: it is already in the
    /// tracing span, and the `host` field says where the call went.
    fn from_reqwest(error: reqwest::Error, host: &str) -> Self {
        let host = host.to_owned();
        if error.is_timeout() {
            let phase = if error.is_connect() {
                TimeoutPhase::Connect
            } else {
                TimeoutPhase::Read
            };
            return Self::Timeout { phase, host };
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
            Self::Timeout {
                phase: TimeoutPhase::Connect,
                host,
            } => write!(f, "timed out connecting to {host} (connect timeout)"),
            Self::Timeout {
                phase: TimeoutPhase::Read,
                host,
            } => write!(f, "timed out waiting for {host} to respond (read timeout)"),
            Self::InvalidHeader { name } => write!(
                f,
                "header {name} has a name or value that cannot be sent (a value must not \
                 contain CR, LF or other control characters); nothing was sent"
            ),
            Self::Signing(error) => write!(f, "{error}"),
            Self::Other { message } => write!(f, "request failed: {message}"),
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
}

impl Transport {
    /// Builds the HTTP client (rustls, the configured timeouts) for `config`.
    pub fn new(config: Config) -> Result<Transport, ConfigError> {
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(config.connect_timeout())
            .read_timeout(config.read_timeout())
            // Huawei Cloud APIs do not redirect; following one would send a signed request to
            // a URL it was not signed for, so a 3xx is handed back as it is.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| {
                ConfigError::new(ConfigErrorKind::Client {
                    message: error_chain(&error),
                })
            })?;
        let signer = Signer::from_credentials(config.credentials());
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

    /// Sends `call`, retrying idempotent methods as the retry policy allows.
    ///
    /// Returns the response whatever its status; when retries run out, the last response.
    /// Returns an error only when no response came back (or the call was refused before
    /// sending: an invalid header, a signing failure).
    pub async fn send(&self, call: Call<'_>) -> Result<RawResponse, TransportError> {
        let span = info_span!(
            "hwcloud.call",
            operation = call.operation,
            method = %call.method,
            status = field::Empty,
            attempt = field::Empty,
            request_id = field::Empty,
        );
        self.send_in(call, span.clone()).instrument(span).await
    }

    async fn send_in(&self, mut call: Call<'_>, span: Span) -> Result<RawResponse, TransportError> {
        // The body is moved, not copied: it is shared by every attempt as `Bytes`.
        let body = call.body.take().map(Bytes::from);
        let prepared = self.prepare(&call, body)?;
        let policy = self.inner.config.retry();
        // Only methods whose repetition has the same effect are sent again: a POST that timed
        // out may have created the resource, and a second one would create another.
        let idempotent = matches!(
            call.method,
            Method::GET | Method::PUT | Method::DELETE | Method::HEAD | Method::OPTIONS
        );
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            span.record("attempt", attempt);
            let may_retry = idempotent && attempt <= policy.max_retries();
            debug!(attempt, "sending");
            match self.attempt(&call.method, &prepared).await {
                Ok((status, headers, body)) => {
                    let request_id = headers
                        .get(X_REQUEST_ID)
                        .and_then(|value| value.to_str().ok())
                        .map(str::to_owned);
                    span.record("status", status);
                    if let Some(id) = &request_id {
                        span.record("request_id", id.as_str());
                    }
                    debug!(attempt, status, request_id, "response received");
                    if may_retry && RETRYABLE_STATUSES.contains(&status) {
                        let retry_after = headers
                            .get(RETRY_AFTER)
                            .and_then(|value| value.to_str().ok())
                            .and_then(|value| parse_retry_after(value, SystemTime::now()));
                        let delay = policy.delay_for(attempt, retry_after);
                        debug!(attempt, status, ?delay, "retryable status; retrying");
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    return Ok(RawResponse {
                        status,
                        headers,
                        body,
                        request_id,
                        attempts: attempt,
                    });
                }
                Err(error) => {
                    if may_retry && error.is_retryable() {
                        let delay = policy.delay_for(attempt, None);
                        debug!(attempt, %error, ?delay, "transport error; retrying");
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    debug!(attempt, %error, "transport error");
                    return Err(error);
                }
            }
        }
    }

    /// Builds the URL and the headers every attempt shares; refuses invalid headers.
    fn prepare(&self, call: &Call<'_>, body: Option<Bytes>) -> Result<Prepared, TransportError> {
        let config = &self.inner.config;
        let url = build_url(call.base, call.path, call.query);
        let host = match (url.host_str(), url.port_or_known_default()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => String::new(),
        };

        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            header_value(USER_AGENT.as_str(), config.user_agent())?,
        );
        headers.insert(ACCEPT, HeaderValue::from_static(DEFAULT_ACCEPT));
        for (name, value) in call.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                TransportError::InvalidHeader {
                    name: (*name).to_owned(),
                }
            })?;
            headers.insert(header_name, header_value(name, value)?);
        }
        if let Some(body) = &body {
            if let Some(content_type) = call.content_type {
                headers.insert(
                    CONTENT_TYPE,
                    header_value(CONTENT_TYPE.as_str(), content_type)?,
                );
            }
            // Set here rather than by hyper so that it is among the signed headers.
            headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        }
        match config.credentials() {
            Credentials::Token { token } => {
                let mut value = header_value(X_AUTH_TOKEN, token.expose())?;
                value.set_sensitive(true);
                headers.insert(X_AUTH_TOKEN, value);
                // The signer adds X-Project-Id for AK/SK; token calls carry it too, so both
                // kinds of credentials reach the same project.
                if let Some(project_id) = config.project_id() {
                    headers.insert(X_PROJECT_ID, header_value(X_PROJECT_ID, project_id)?);
                }
            }
            Credentials::AkSk { .. } => {}
        }
        Ok(Prepared {
            url,
            host,
            headers,
            body,
        })
    }

    /// Sends one attempt, signing it first when the credentials are AK/SK.
    async fn attempt(
        &self,
        method: &Method,
        prepared: &Prepared,
    ) -> Result<(u16, HeaderMap, Bytes), TransportError> {
        let mut headers = prepared.headers.clone();
        let mut url = prepared.url.clone();
        if let Some(signer) = &self.inner.signer {
            let empty = Bytes::new();
            let signed = signer.sign(
                &SigningInput {
                    method,
                    url: &prepared.url,
                    headers: &prepared.headers,
                    body: prepared.body.as_ref().unwrap_or(&empty),
                    project_id: self.inner.config.project_id(),
                },
                SdkDate::now(),
            )?;
            for (name, value) in signed.headers_to_add {
                headers.insert(name, value);
            }
            // The signer re-emits the query canonically; it is already canonical, but what
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
            .map_err(|error| TransportError::from_reqwest(error, host))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|error| TransportError::from_reqwest(error, host))?;
        Ok((status, headers, body))
    }
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

/// The URL of a call: the base's path followed by `path`, then the canonical query.
fn build_url(base: &Url, path: &str, query: &[(String, String)]) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    let separator = if path.starts_with('/') { "" } else { "/" };
    url.set_path(&format!("{prefix}{separator}{path}"));
    let query = canonical_query(query);
    // `set_query` keeps the string as it is (every byte in it is already encoded), so what
    // is sent is exactly the canonical form the signature covers.
    url.set_query(Some(query.as_str()).filter(|query| !query.is_empty()));
    url.set_fragment(None);
    url
}

/// The canonical query string: pairs sorted by raw key then raw value, each part
/// percent-encoded with only the unreserved characters kept (a space is `%20`).
///
/// This is the signer's canonical form; sending exactly this string means the signer's
/// re-emitted query is the same string.
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
    fn the_signer_keeps_the_query_sent() -> Result<(), SigningError> {
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
        assert_eq!(Some(signed.canonical_query.as_str()), url.query());
        assert_eq!(signed.url, url);
        Ok(())
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
