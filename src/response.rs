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

impl RawResponse {
    /// The JSON body as the documented type.
    ///
    /// At an error status, a body that is not JSON at all (a gateway's HTML page, plain
    /// text, nothing) is [`Error::ErrorPage`], the service's answer as it is; a JSON body of
    /// another shape is [`Error::Decode`], as at any status.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| {
            let not_json = matches!(source.classify(), Category::Syntax | Category::Eof);
            if not_json && self.status >= 400 {
                Error::ErrorPage {
                    status: self.status,
                    request_id: self.request_id.clone(),
                    content_type: self
                        .headers
                        .get(CONTENT_TYPE)
                        .and_then(|value| value.to_str().ok())
                        .map(str::to_owned),
                    body: kept(self),
                }
            } else {
                Error::Decode {
                    status: self.status,
                    request_id: self.request_id.clone(),
                    body: kept(self),
                    source,
                }
            }
        })
    }

    /// A body documented without a schema: any JSON, and an empty body as `null`.
    pub fn any_json<E>(&self) -> Result<serde_json::Value, Error<E>> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::Value::Null);
        }
        self.json()
    }

    /// A text body (`text/*`, XML) as a `String`; a body that is not UTF-8 is a decode error
    /// rather than text with replaced characters.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.to_vec()).map_err(|e| Error::Decode {
            status: self.status,
            request_id: self.request_id.clone(),
            body: kept(self),
            source: serde::de::Error::custom(format!("the text body is not UTF-8: {e}")),
        })
    }

    /// The body's bytes (a binary media type).
    pub fn bytes(&self) -> Vec<u8> {
        self.body.to_vec()
    }

    /// A documented success, `body` decoded from this response, with its metadata.
    pub fn ok<T, E>(&self, body: T) -> Result<Response<T>, Error<E>> {
        Ok(Response {
            status: self.status,
            request_id: self.request_id.clone(),
            headers: self.headers.clone(),
            body,
        })
    }

    /// A documented error status, `error` decoded from this response.
    pub fn fail<T, E>(&self, error: E) -> Result<T, Error<E>> {
        Err(Error::Service {
            status: self.status,
            request_id: self.request_id.clone(),
            error,
            body: kept(self),
        })
    }

    /// A status the document does not list, with the raw body.
    pub fn unexpected<T, E>(&self) -> Result<T, Error<E>> {
        Err(Error::UnexpectedStatus {
            status: self.status,
            request_id: self.request_id.clone(),
            body: kept(self),
        })
    }
}
