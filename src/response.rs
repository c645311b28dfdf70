//! What a successful call returns, and the decoding the generated operations share: a body
//! that does not have the documented shape is an error that keeps the status and the text.

use http::header::CONTENT_TYPE;
use http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::{Error, ResponseBody};
use crate::transport::RawResponse;

/// A successful response: the decoded body with the status and request ID it came with.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The HTTP status.
    pub status: u16,
    /// `X-Request-Id`, which Huawei Cloud support asks for.
    pub request_id: Option<String>,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// The decoded body alone.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// The body as errors keep it: the same bytes, shared; a success body's kept out of
/// previews.
fn kept(raw: &RawResponse) -> ResponseBody {
    if (200..300).contains(&raw.status) {
        ResponseBody::success(raw.body.clone())
    } else {
        ResponseBody::new(raw.body.clone())
    }
}

/// Decodes a JSON body of the documented type.
///
/// At an error status, a body that is not JSON at all (a gateway's HTML page, plain text,
/// nothing) is [`Error::ErrorPage`], the service's answer as it is; a JSON body of another
/// shape is [`Error::Decode`], as at any status.
pub fn decode<T: DeserializeOwned, E>(raw: &RawResponse) -> Result<T, Error<E>> {
    serde_json::from_slice(&raw.body).map_err(|source| {
        let not_json = matches!(source.classify(), Category::Syntax | Category::Eof);
        if not_json && raw.status >= 400 {
            Error::ErrorPage {
                status: raw.status,
                request_id: raw.request_id.clone(),
                content_type: raw
                    .headers
                    .get(CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned),
                body: kept(raw),
            }
        } else {
            Error::Decode {
                status: raw.status,
                request_id: raw.request_id.clone(),
                body: kept(raw),
                source,
            }
        }
    })
}

/// Decodes a body documented without a schema: any JSON, and an empty body as `null`.
pub fn decode_any<E>(raw: &RawResponse) -> Result<serde_json::Value, Error<E>> {
    if raw.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Value::Null);
    }
    decode(raw)
}

/// A text body (`text/*`, XML) as a `String`; a body that is not UTF-8 is a decode error
/// rather than text with replaced characters.
pub fn decode_text<E>(raw: &RawResponse) -> Result<String, Error<E>> {
    String::from_utf8(raw.body.to_vec()).map_err(|e| Error::Decode {
        status: raw.status,
        request_id: raw.request_id.clone(),
        body: kept(raw),
        source: serde::de::Error::custom(format!("the text body is not UTF-8: {e}")),
    })
}

/// A success with its metadata.
pub fn success<T>(raw: &RawResponse, body: T) -> Response<T> {
    Response {
        status: raw.status,
        request_id: raw.request_id.clone(),
        headers: raw.headers.clone(),
        body,
    }
}

/// A documented error status with its decoded body.
pub fn service<E>(raw: &RawResponse, error: E) -> Error<E> {
    Error::Service {
        status: raw.status,
        request_id: raw.request_id.clone(),
        error,
        body: kept(raw),
    }
}

/// A status the document does not list, with the raw body.
pub fn unexpected<E>(raw: &RawResponse) -> Error<E> {
    Error::UnexpectedStatus {
        status: raw.status,
        request_id: raw.request_id.clone(),
        body: kept(raw),
    }
}
