//! AK/SK request signing (`SDK-HMAC-SHA256`), byte-identical with Huawei Cloud's official SDKs.
//!
//! Every Huawei Cloud API that accepts an access key pair checks the same signature, so this
//! module is public: it can sign a call to any Huawei API, generated client or not. It follows
//! `huaweicloudsdkcore` 3.1.219 (`signer/signer.py` and `auth/credentials.py`) step for step,
//! including the places where that SDK differs from what its documentation suggests; each such
//! place has a comment saying so, because "tidying" it would break the signature.
//!
//! The signer adds these headers before signing: `X-Sdk-Date`, `Host` (unless the request
//! already has one), `X-Project-Id` when a project is given, `X-Security-Token` for temporary
//! keys, and `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` when the `Content-Type` is neither JSON nor
//! BSON. It then builds the canonical request, signs it and returns the `Authorization` header.
//! The query string is re-emitted in canonical form and must be sent exactly so; [`Signed::url`]
//! is the URL to send.
//!
//! ```
//! use hwcloud::signing::{SdkDate, Signer};
//!
//! let signer = Signer::new("MY-AK", "my-sk");
//! let mut request = http::Request::builder()
//!     .method("GET")
//!     .uri("https://vpc.cn-north-4.myhuaweicloud.com/v3/my-project/vpc/security-groups?limit=10")
//!     .header("Content-Type", "application/json")
//!     .body(Vec::new())?;
//! let date = SdkDate::parse("20240315T081530Z")?;
//! signer.sign_request(&mut request, Some("my-project"), &date)?;
//! assert!(request.headers()["authorization"]
//!     .to_str()?
//!     .starts_with("SDK-HMAC-SHA256 Access=MY-AK, SignedHeaders=content-type;host;x-project-id;x-sdk-date, "));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::error::Error;
use std::fmt;

use hmac::{Hmac, Mac};
use http::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, HOST};
use http::Method;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};
use url::Url;

use crate::credentials::Credentials;
use crate::secret::Secret;

/// The name of the signing algorithm, as it appears in the string to sign and `Authorization`.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// The payload hash used for bodies that are neither JSON nor BSON.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Header carrying the signing time, `YYYYMMDDTHHMMSSZ` in UTC.
pub const X_SDK_DATE: &str = "x-sdk-date";
/// Header carrying the project ID of regional services.
pub const X_PROJECT_ID: &str = "x-project-id";
/// Header carrying the security token of temporary keys.
pub const X_SECURITY_TOKEN: &str = "x-security-token";
/// Header carrying the payload hash, present only as `UNSIGNED-PAYLOAD`.
pub const X_SDK_CONTENT_SHA256: &str = "x-sdk-content-sha256";

/// The SHA-256 of empty input, the payload hash of a request without a body.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Bytes kept as they are when percent-encoding: RFC 3986's unreserved set. This is what
/// Python's `quote(s, safe='~')` keeps, which the SDK uses for path segments and the query.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

type HmacSha256 = Hmac<Sha256>;

/// Formats a time as an `X-Sdk-Date` value: UTC, `YYYYMMDDTHHMMSSZ`.
#[must_use]
pub fn sdk_date(now: OffsetDateTime) -> String {
    let utc = now.to_offset(UtcOffset::UTC);
    // Written by hand rather than through a format description because this cannot fail,
    // so callers get a `String` rather than a `Result` they could do nothing useful with.
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

/// A validated `X-Sdk-Date` value (`YYYYMMDDTHHMMSSZ`, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SdkDate(String);

impl SdkDate {
    /// The current time.
    #[must_use]
    pub fn now() -> Self {
        Self::from(OffsetDateTime::now_utc())
    }

    /// Parses an `X-Sdk-Date` value such as `20240315T081530Z`.
    ///
    /// # Errors
    ///
    /// [`SigningError::InvalidDate`] when the value is not `YYYYMMDDTHHMMSSZ` or names a time
    /// that does not exist (the SDK's `strptime` rejects those too).
    pub fn parse(value: &str) -> Result<Self, SigningError> {
        let invalid = || SigningError::InvalidDate {
            value: value.to_owned(),
        };
        // Checked digit by digit because `str::parse` would also accept a leading `+`.
        let field = |range: std::ops::Range<usize>| -> Result<u16, SigningError> {
            value
                .get(range)
                .filter(|digits| digits.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|digits| digits.parse().ok())
                .ok_or_else(invalid)
        };
        let small = |range| -> Result<u8, SigningError> {
            u8::try_from(field(range)?).map_err(|_| invalid())
        };
        if value.len() != 16 || value.get(8..9) != Some("T") || value.get(15..) != Some("Z") {
            return Err(invalid());
        }
        let month = Month::try_from(small(4..6)?).map_err(|_| invalid())?;
        let date = Date::from_calendar_date(i32::from(field(0..4)?), month, small(6..8)?)
            .map_err(|_| invalid())?;
        let time =
            Time::from_hms(small(9..11)?, small(11..13)?, small(13..15)?).map_err(|_| invalid())?;
        Ok(Self::from(PrimitiveDateTime::new(date, time).assume_utc()))
    }

    /// The header value.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<OffsetDateTime> for SdkDate {
    fn from(now: OffsetDateTime) -> Self {
        Self(sdk_date(now))
    }
}

impl From<&SdkDate> for SdkDate {
    fn from(date: &SdkDate) -> Self {
        date.clone()
    }
}

impl fmt::Display for SdkDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The parts of a request that the signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SigningInput<'a> {
    /// The HTTP method.
    pub method: &'a Method,
    /// The full URL, with scheme and host. Its query is read with form-urlencoded rules (`+`
    /// is a space), which is how [`Url::query_pairs_mut`] writes it.
    pub url: &'a Url,
    /// The headers the request will be sent with, before signing. Any `Authorization` and
    /// `X-Sdk-Date` in it are replaced, so a request can be signed again when retried.
    pub headers: &'a HeaderMap,
    /// The body exactly as it will be sent; empty when there is none.
    pub body: &'a [u8],
    /// The project ID, sent as `X-Project-Id` when given and not empty.
    pub project_id: Option<&'a str>,
}

/// What signing produced: the headers to add and the URL to send.
#[derive(Clone)]
#[non_exhaustive]
pub struct Signed {
    /// Headers to insert into the request, replacing any of the same name: `X-Sdk-Date`,
    /// `Host` (unless the request had one), `X-Project-Id`, `X-Security-Token` and
    /// `X-Sdk-Content-Sha256` as applicable, and `Authorization`. The security token and
    /// `Authorization` values are marked sensitive, so `http` does not print them.
    pub headers_to_add: Vec<(HeaderName, HeaderValue)>,
    /// The `Authorization` header value.
    pub authorization: String,
    /// The canonical request that was signed. It contains the security token of temporary
    /// keys in clear, so it is left out of `Debug`.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The canonical query string (empty when there is none). It is part of the signature,
    /// so it is exactly what must be sent.
    pub canonical_query: String,
    /// The URL to send: the input URL with its query replaced by `canonical_query` and its
    /// fragment removed.
    pub url: Url,
}

impl fmt::Debug for Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("headers_to_add", &self.headers_to_add)
            .field("authorization", &"***")
            .field("canonical_request", &"***")
            .field("string_to_sign", &self.string_to_sign)
            .field("canonical_query", &self.canonical_query)
            .field("url", &self.url.as_str())
            .finish()
    }
}

/// Signs requests with an access key pair.
///
/// `Debug` shows the AK but neither the SK nor the security token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    ak: String,
    sk: Secret,
    security_token: Option<Secret>,
}

impl Signer {
    /// A signer for permanent keys.
    pub fn new(ak: impl Into<String>, sk: impl Into<Secret>) -> Self {
        Self {
            ak: ak.into(),
            sk: sk.into(),
            security_token: None,
        }
    }

    /// Adds the security token of temporary keys, sent as `X-Security-Token`.
    #[must_use]
    pub fn with_security_token(mut self, security_token: impl Into<Secret>) -> Self {
        self.security_token = Some(security_token.into());
        self
    }

    /// A signer for AK/SK credentials; `None` for token credentials, which are not signed.
    #[must_use]
    pub fn from_credentials(credentials: &Credentials) -> Option<Self> {
        match credentials {
            Credentials::Token { .. } => None,
            Credentials::AkSk {
                ak,
                sk,
                security_token,
            } => Some(Self {
                ak: ak.clone(),
                sk: sk.clone(),
                security_token: security_token.clone(),
            }),
        }
    }

    /// The access key ID.
    #[must_use]
    pub fn ak(&self) -> &str {
        &self.ak
    }

    /// Signs a request described by `input` at time `date`.
    ///
    /// # Errors
    ///
    /// A [`SigningError`] when the AK or SK is empty, the URL has no host, a header value is
    /// not UTF-8 or is repeated, or a value to add cannot be a header value.
    pub fn sign(
        &self,
        input: &SigningInput<'_>,
        date: impl Into<SdkDate>,
    ) -> Result<Signed, SigningError> {
        if self.ak.is_empty() {
            return Err(SigningError::EmptyAccessKey);
        }
        if self.sk.is_empty() {
            return Err(SigningError::EmptySecretKey);
        }
        let date = date.into();
        let host = input.url.host_str().ok_or(SigningError::MissingHost)?;
        // `Url` drops a scheme's default port, so what remains is what a client sends.
        let host = match input.url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };

        let mut headers = collect_headers(input.headers)?;
        let mut added: Vec<(&'static str, String)> = Vec::new();
        // The SDK decides on the raw Content-Type, before trimming, and only by prefix: a
        // `text/plain` body, or a JSON one labelled in another case, is sent unsigned.
        if let Some(content_type) = input.headers.get(CONTENT_TYPE) {
            let content_type = utf8(&CONTENT_TYPE, content_type)?;
            if !content_type.is_empty()
                && !content_type.starts_with("application/json")
                && !content_type.starts_with("application/bson")
            {
                added.push((X_SDK_CONTENT_SHA256, UNSIGNED_PAYLOAD.to_owned()));
            }
        }
        added.push((X_SDK_DATE, date.as_str().to_owned()));
        // The SDK keeps a Host header the caller chose, e.g. to reach an endpoint by address.
        if !headers.contains_key(HOST.as_str()) {
            added.push((HOST.as_str(), host));
        }
        // The SDK skips an empty project ID but sends an empty security token; both kept.
        if let Some(project_id) = input.project_id.filter(|id| !id.is_empty()) {
            added.push((X_PROJECT_ID, trim(project_id).to_owned()));
        }
        if let Some(token) = &self.security_token {
            added.push((X_SECURITY_TOKEN, trim(token.expose()).to_owned()));
        }
        for (name, value) in &added {
            headers.insert((*name).to_owned(), value.clone());
        }

        let canonical = Canonical::of(
            input.method,
            input.url.path(),
            input.url.query_pairs(),
            &headers,
            input.body,
        );
        let string_to_sign = string_to_sign(date.as_str(), &canonical.request);
        let signature = hex::encode(self.mac(&string_to_sign)?.finalize().into_bytes());
        let Canonical {
            request: canonical_request,
            query: canonical_query,
            signed_headers,
        } = canonical;
        let authorization = format!(
            "{ALGORITHM} Access={}, SignedHeaders={signed_headers}, Signature={signature}",
            self.ak
        );

        let mut headers_to_add = Vec::with_capacity(added.len() + 1);
        for (name, value) in added {
            let name = HeaderName::from_static(name);
            let mut value = header_value(&name, &value)?;
            value.set_sensitive(name == X_SECURITY_TOKEN);
            headers_to_add.push((name, value));
        }
        let mut authorization_value = header_value(&AUTHORIZATION, &authorization)?;
        authorization_value.set_sensitive(true);
        headers_to_add.push((AUTHORIZATION, authorization_value));

        let mut url = input.url.clone();
        url.set_fragment(None);
        url.set_query(Some(canonical_query.as_str()).filter(|query| !query.is_empty()));

        Ok(Signed {
            headers_to_add,
            authorization,
            canonical_request,
            string_to_sign,
            canonical_query,
            url,
        })
    }

    /// The HMAC of `string_to_sign` under the secret key, ready to finish or verify. The key
    /// is the secret key itself: unlike AWS SigV4 there is no key derivation.
    fn mac(&self, string_to_sign: &str) -> Result<HmacSha256, SigningError> {
        let mut mac = HmacSha256::new_from_slice(self.sk.expose().as_bytes())
            .map_err(|_| SigningError::InvalidKey)?;
        mac.update(string_to_sign.as_bytes());
        Ok(mac)
    }

    /// Checks the signature of a request as a server received it, the way Huawei's API
    /// gateway does: the canonical request is rebuilt from the headers `Authorization`
    /// names (with the values received), and the signature compared in constant time. The
    /// access key, the date's age and which headers must be signed are the caller's policy.
    ///
    /// # Errors
    ///
    /// [`SigningError::EmptySecretKey`] when this signer has no secret key, or a header the
    /// signature names is not UTF-8.
    pub fn verify(
        &self,
        received: &Received<'_>,
        authorization: &Authorization<'_>,
    ) -> Result<Verification, SigningError> {
        if self.sk.is_empty() {
            return Err(SigningError::EmptySecretKey);
        }
        let mut headers = BTreeMap::new();
        for name in &authorization.signed_headers {
            let value = match received.headers.get(*name) {
                Some(value) => trim(text(name, value)?),
                None => "",
            };
            headers.insert(name.to_ascii_lowercase(), value.to_owned());
        }
        // The payload hash follows the header the client sent, signed or not, as the SDK
        // computes it from the headers it sends.
        if let Some(value) = received.headers.get(X_SDK_CONTENT_SHA256) {
            let value = trim(text(X_SDK_CONTENT_SHA256, value)?);
            headers
                .entry(X_SDK_CONTENT_SHA256.to_owned())
                .or_insert_with(|| value.to_owned());
        }
        let date = received
            .headers
            .get(X_SDK_DATE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let canonical = Canonical::of(
            received.method,
            received.path,
            url::form_urlencoded::parse(received.query.unwrap_or("").as_bytes()),
            &headers,
            received.body,
        );
        let string_to_sign = string_to_sign(date, &canonical.request);
        let given = hex::decode(authorization.signature).unwrap_or_default();
        let valid = self.mac(&string_to_sign)?.verify_slice(&given).is_ok();
        Ok(Verification {
            valid,
            canonical_request: canonical.request,
            string_to_sign,
        })
    }

    /// Signs `request` in place: inserts the headers of [`Signed::headers_to_add`] and
    /// replaces its URI with [`Signed::url`]. The URI must be absolute.
    ///
    /// # Errors
    ///
    /// Those of [`Signer::sign`], and [`SigningError::InvalidUrl`] when the URI is relative.
    /// The request is left unchanged on error.
    pub fn sign_request<B: AsRef<[u8]>>(
        &self,
        request: &mut http::Request<B>,
        project_id: Option<&str>,
        date: impl Into<SdkDate>,
    ) -> Result<Signed, SigningError> {
        let url =
            Url::parse(&request.uri().to_string()).map_err(|error| SigningError::InvalidUrl {
                reason: error.to_string(),
            })?;
        let signed = self.sign(
            &SigningInput {
                method: request.method(),
                url: &url,
                headers: request.headers(),
                body: request.body().as_ref(),
                project_id,
            },
            date,
        )?;
        *request.uri_mut() =
            signed
                .url
                .as_str()
                .parse()
                .map_err(|error: http::uri::InvalidUri| SigningError::InvalidUrl {
                    reason: error.to_string(),
                })?;
        for (name, value) in &signed.headers_to_add {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        Ok(signed)
    }
}

/// A signed request as a server received it (see [`Signer::verify`]).
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// The HTTP method.
    pub method: &'a Method,
    /// The path as received, percent-encoding kept.
    pub path: &'a str,
    /// The query string as received, without `?`.
    pub query: Option<&'a str>,
    /// The headers as received.
    pub headers: &'a HeaderMap,
    /// The body as received.
    pub body: &'a [u8],
}

/// The `Authorization` header of a signed request:
/// `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The access key ID.
    pub access: &'a str,
    /// The names of the signed headers, in the order given.
    pub signed_headers: Vec<&'a str>,
    /// The signature, hex as sent.
    pub signature: &'a str,
}

impl<'a> Authorization<'a> {
    /// Parses the header value; `None` when it is not an `SDK-HMAC-SHA256` authorization
    /// with all three parts.
    pub fn parse(value: &'a str) -> Option<Self> {
        let rest = value.trim().strip_prefix(ALGORITHM)?.strip_prefix(' ')?;
        let (mut access, mut signed, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let (key, value) = part.trim().split_once('=')?;
            match key {
                "Access" => access = Some(value),
                "SignedHeaders" => signed = Some(value),
                "Signature" => signature = Some(value),
                _ => return None,
            }
        }
        Some(Self {
            access: access.filter(|a| !a.is_empty())?,
            signed_headers: signed?.split(';').filter(|h| !h.is_empty()).collect(),
            signature: signature?,
        })
    }
}

/// What [`Signer::verify`] found.
#[derive(Clone)]
#[non_exhaustive]
pub struct Verification {
    /// Whether the signature sent is the one the secret key gives.
    pub valid: bool,
    /// The canonical request rebuilt from what was received: what a gateway shows the
    /// client so it can see what differs from what it signed. It holds the security token
    /// of temporary keys, when signed, so it is left out of `Debug`.
    pub canonical_request: String,
    /// The string the signature should have been made over.
    pub string_to_sign: String,
}

impl fmt::Debug for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verification")
            .field("valid", &self.valid)
            .field("canonical_request", &"***")
            .field("string_to_sign", &self.string_to_sign)
            .finish()
    }
}

/// Why a request could not be signed. It never contains a key or a token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// The access key ID is empty.
    EmptyAccessKey,
    /// The secret key is empty.
    EmptySecretKey,
    /// The HMAC implementation rejected the key. HMAC accepts keys of any length, so this is
    /// not expected; it exists so that signing never panics.
    InvalidKey,
    /// The URL has no host (for example a `mailto:` or `data:` URL).
    MissingHost,
    /// The request URI could not be turned into a URL, or the signed URL back into a URI.
    InvalidUrl {
        /// What the parser said.
        reason: String,
    },
    /// A date is not a valid `YYYYMMDDTHHMMSSZ` value.
    InvalidDate {
        /// The value given.
        value: String,
    },
    /// A header value is not UTF-8, so its canonical form is undefined.
    HeaderNotUtf8 {
        /// The header name.
        name: String,
    },
    /// A header appears more than once. The SDK holds headers in a map, so it has no
    /// canonical form for repeated ones; join the values into one instead.
    RepeatedHeader {
        /// The header name.
        name: String,
    },
    /// A value to be sent as a header contains bytes a header cannot hold, such as a control
    /// character in the project ID or the security token.
    InvalidHeaderValue {
        /// The header name.
        name: String,
    },
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyAccessKey => f.write_str("cannot sign: the access key ID (AK) is empty"),
            Self::EmptySecretKey => f.write_str("cannot sign: the secret key (SK) is empty"),
            Self::InvalidKey => f.write_str("cannot sign: HMAC-SHA256 rejected the secret key"),
            Self::MissingHost => f.write_str("cannot sign: the URL has no host"),
            Self::InvalidUrl { reason } => write!(f, "cannot sign: invalid URL: {reason}"),
            Self::InvalidDate { value } => write!(
                f,
                "invalid X-Sdk-Date {value:?}: expected a UTC time as YYYYMMDDTHHMMSSZ"
            ),
            Self::HeaderNotUtf8 { name } => {
                write!(f, "cannot sign: the value of header {name} is not UTF-8")
            }
            Self::RepeatedHeader { name } => write!(
                f,
                "cannot sign: header {name} appears more than once; join its values into one"
            ),
            Self::InvalidHeaderValue { name } => write!(
                f,
                "cannot sign: the value for header {name} contains bytes a header cannot hold"
            ),
        }
    }
}

impl Error for SigningError {}

/// Trims like Python's `str.strip()`, which the SDK applies to every header value.
fn trim(value: &str) -> &str {
    value.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
}

fn utf8<'v>(name: &HeaderName, value: &'v HeaderValue) -> Result<&'v str, SigningError> {
    text(name.as_str(), value)
}

fn text<'v>(name: &str, value: &'v HeaderValue) -> Result<&'v str, SigningError> {
    std::str::from_utf8(value.as_bytes()).map_err(|_| SigningError::HeaderNotUtf8 {
        name: name.to_owned(),
    })
}

fn header_value(name: &HeaderName, value: &str) -> Result<HeaderValue, SigningError> {
    // `from_bytes` rather than `from_str`: the SDK sends non-ASCII values as their UTF-8 bytes.
    HeaderValue::from_bytes(value.as_bytes()).map_err(|_| SigningError::InvalidHeaderValue {
        name: name.as_str().to_owned(),
    })
}

/// The request's headers as lower-case name to trimmed value, minus those signing replaces.
fn collect_headers(headers: &HeaderMap) -> Result<BTreeMap<String, String>, SigningError> {
    let mut collected = BTreeMap::new();
    for name in headers.keys() {
        // Left in, an old Authorization would be signed and then overwritten, so a retried
        // request would never verify; an old X-Sdk-Date would contradict the new one.
        if name == AUTHORIZATION || name == X_SDK_DATE {
            continue;
        }
        let mut values = headers.get_all(name).iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return Err(SigningError::RepeatedHeader {
                name: name.as_str().to_owned(),
            });
        };
        collected.insert(
            name.as_str().to_owned(),
            trim(utf8(name, value)?).to_owned(),
        );
    }
    Ok(collected)
}

/// The canonical request, and what of it the request sent must match.
struct Canonical {
    request: String,
    query: String,
    signed_headers: String,
}

impl Canonical {
    fn of<'q>(
        method: &Method,
        path: &str,
        query: impl Iterator<Item = (Cow<'q, str>, Cow<'q, str>)>,
        headers: &BTreeMap<String, String>,
        body: &[u8],
    ) -> Self {
        let payload_hash = payload_hash(body, headers);
        let (canonical_headers, signed_headers) = canonical_headers(headers);
        let query = canonical_query(query);
        let request = format!(
            "{}\n{}\n{query}\n{canonical_headers}\n{signed_headers}\n{payload_hash}",
            method.as_str().to_ascii_uppercase(),
            canonical_uri(path),
        );
        Canonical {
            request,
            query,
            signed_headers,
        }
    }
}

fn string_to_sign(date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{date}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    )
}

/// The payload hash as the SDK computes it.
fn payload_hash(body: &[u8], headers: &BTreeMap<String, String>) -> String {
    // The SDK checks for an empty body first, so a bodiless request hashes empty input even
    // when it carries `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`.
    if body.is_empty() {
        return EMPTY_SHA256.to_owned();
    }
    match headers.get(X_SDK_CONTENT_SHA256) {
        Some(value) if !value.is_empty() => value.clone(),
        _ => hex::encode(Sha256::digest(body)),
    }
}

/// The canonical URI: the path decoded, split on `/`, each segment encoded again, ending in `/`.
///
/// Because the SDK decodes before splitting, an encoded slash (`%2F`) inside a segment becomes
/// a separator here, while the path sent keeps it encoded. The server canonicalises the same
/// way, so this must not be "fixed".
fn canonical_uri(path: &str) -> String {
    // Python's `unquote` replaces invalid UTF-8 with U+FFFD, as `decode_utf8_lossy` does.
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded
        .split('/')
        .map(|segment| utf8_percent_encode(segment, UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The canonical query: pairs sorted by decoded key, then decoded value, then encoded.
/// The canonical query of raw (decoded) pairs: sorted by key then value, and only then
/// percent-encoded. The transport sends exactly this string, so what is signed is what is sent.
pub fn canonical_query_of(pairs: &[(String, String)]) -> String {
    canonical_query(
        pairs
            .iter()
            .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str()))),
    )
}

/// Raw pairs in key order, the values of one key in the order given (an array's items keep
/// their positions), each part encoded as the canonical query encodes it: the query of a
/// request that is not signed.
pub fn query_in_key_order(pairs: &[(String, String)]) -> String {
    let mut pairs: Vec<_> = pairs.iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    encode_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn canonical_query<'q>(pairs: impl Iterator<Item = (Cow<'q, str>, Cow<'q, str>)>) -> String {
    let mut pairs: Vec<_> = pairs.collect();
    // Sorting the decoded strings, as the SDK does, orders by code point; Rust's `str`
    // ordering is by UTF-8 bytes, which is the same order.
    pairs.sort();
    encode_pairs(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))
}

/// `key=value` pairs joined by `&`, each part percent-encoded with the unreserved characters
/// kept.
fn encode_pairs<'q>(pairs: impl Iterator<Item = (&'q str, &'q str)>) -> String {
    pairs
        .map(|(key, value)| {
            format!(
                "{}={}",
                utf8_percent_encode(key, UNRESERVED),
                utf8_percent_encode(value, UNRESERVED)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The canonical headers block and the signed-headers list.
///
/// Headers whose name contains `_` are sent but not signed, as in the SDK: proxies commonly
/// drop such headers, and an unsigned header that disappears does not break the signature.
fn canonical_headers(headers: &BTreeMap<String, String>) -> (String, String) {
    let signed: Vec<(&String, &String)> = headers
        .iter()
        .filter(|(name, _)| !name.contains('_'))
        .collect();
    let block = signed
        .iter()
        .fold(String::new(), |mut block, (name, value)| {
            block.push_str(name);
            block.push(':');
            block.push_str(value);
            block.push('\n');
            block
        });
    let names = signed
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");
    (block, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(raw: &str) -> String {
        canonical_query(url::form_urlencoded::parse(raw.as_bytes()))
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn canonical_uri_edge_cases() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/v3/p/vpcs"), "/v3/p/vpcs/");
        assert_eq!(canonical_uri("/v3/p/vpcs/"), "/v3/p/vpcs/");
        assert_eq!(canonical_uri("/a%20b/c"), "/a%20b/c/");
        assert_eq!(
            canonical_uri("/caf%C3%A9/%E4%B8%AD"),
            "/caf%C3%A9/%E4%B8%AD/"
        );
        assert_eq!(canonical_uri("/a-b._~c/d"), "/a-b._~c/d/");
        // Encoded reserved characters are re-encoded upper case, whatever case came in.
        assert_eq!(canonical_uri("/a%3ab%2c"), "/a%3Ab%2C/");
        // The SDK decodes before splitting, so `%2F` splits a segment (the wire keeps `%2F`).
        assert_eq!(canonical_uri("/objects/a%2Fb"), "/objects/a/b/");
    }

    #[test]
    fn canonical_query_edge_cases() {
        assert_eq!(query(""), "");
        assert_eq!(query("b=2&a=1"), "a=1&b=2");
        assert_eq!(query("k=b&k=a&j=z"), "j=z&k=a&k=b");
        assert_eq!(query("q=a%20b"), "q=a%20b");
        // Form rules: `+` is a space, and a real plus is re-encoded so it stays one.
        assert_eq!(query("q=a+b&r=a%2Bb"), "q=a%20b&r=a%2Bb");
        assert_eq!(query("name=caf%C3%A9"), "name=caf%C3%A9");
        assert_eq!(query("flag&x="), "flag=&x=");
        assert_eq!(query("a*b=~c!"), "a%2Ab=~c%21");
        // Sorted before encoding: decoded, "az" comes before "a\u{e9}"; encoded, "a%C3%A9"
        // would come first.
        assert_eq!(query("a%C3%A9=1&az=2"), "az=2&a%C3%A9=1");
    }

    #[test]
    fn canonical_headers_edge_cases() {
        let (block, names) = canonical_headers(&map(&[
            ("x-b", "2"),
            ("host", "example.com"),
            ("x_skipped", "sent but not signed"),
        ]));
        assert_eq!(block, "host:example.com\nx-b:2\n");
        assert_eq!(names, "host;x-b");
    }

    #[test]
    fn header_values_are_trimmed() {
        let mut headers = HeaderMap::new();
        headers.insert("x-a", HeaderValue::from_static("  padded value \t"));
        headers.insert("authorization", HeaderValue::from_static("old"));
        headers.insert("x-sdk-date", HeaderValue::from_static("old"));
        assert_eq!(
            collect_headers(&headers),
            Ok(map(&[("x-a", "padded value")]))
        );
    }

    #[test]
    fn repeated_headers_are_rejected() {
        let mut headers = HeaderMap::new();
        headers.append("accept", HeaderValue::from_static("a"));
        headers.append("accept", HeaderValue::from_static("b"));
        assert_eq!(
            collect_headers(&headers),
            Err(SigningError::RepeatedHeader {
                name: "accept".to_owned()
            })
        );
    }

    #[test]
    fn payload_hash_rules() {
        let unsigned = map(&[(X_SDK_CONTENT_SHA256, UNSIGNED_PAYLOAD)]);
        assert_eq!(payload_hash(b"", &unsigned), EMPTY_SHA256);
        assert_eq!(payload_hash(b"x", &unsigned), UNSIGNED_PAYLOAD);
        assert_eq!(
            payload_hash(b"abc", &BTreeMap::new()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn sdk_date_formats_in_utc() {
        let t = time::macros::datetime!(2024-03-15 16:15:30 +08:00);
        assert_eq!(sdk_date(t), "20240315T081530Z");
        assert_eq!(SdkDate::from(t).as_str(), "20240315T081530Z");
    }

    #[test]
    fn sdk_date_parsing() {
        assert_eq!(
            SdkDate::parse("20240315T081530Z").map(|d| d.to_string()),
            Ok("20240315T081530Z".to_owned())
        );
        for bad in [
            "",
            "20240315T081530",
            "2024-03-15T08:15",
            "20240230T081530Z",
            "20241315T081530Z",
            "20240315T246030Z",
            "2024031５T08153Z",
        ] {
            assert!(SdkDate::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
