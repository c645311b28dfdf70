//! The error every generated operation returns.
//!
//! [`Error`] separates what went wrong before anything was sent (validation, configuration),
//! on the way (transport), and what the service answered: a documented error status with its
//! typed body, an error page that is not JSON, an undocumented status, or a body that does
//! not have the documented shape. `E` is the operation's error body type.
//!
//! [`Error::code`] and [`Error::message`] give the service's error code (`VPC.0601`) and
//! message whatever the variant, as aws-sdk-rust's `ProvideErrorMetadata` does: from the
//! typed body's fields (the generator knows which fields carry them), else from a JSON body's
//! usual fields.

use std::fmt;

pub use crate::body::{
    Preview, ResponseBody, CODE_FIELDS, MESSAGE_FIELDS, NESTED_FIELD, PREVIEW_CHARS,
};
use crate::config::ConfigError;
use crate::transport::TransportError;
use crate::validation::ValidationError;

/// The error code and message an error body carries. Generated error enums implement it;
/// a body without such a field has neither.
pub trait ErrorMetadata {
    /// The service's error code, such as `VPC.0601` or `DBSS.XXXX`.
    fn code(&self) -> Option<&str> {
        None
    }
    /// The service's error message.
    fn message(&self) -> Option<&str> {
        None
    }
}

/// No body: nothing to read.
impl ErrorMetadata for () {}

/// A JSON body read by the usual field names, as [`ResponseBody`] reads an untyped one.
impl ErrorMetadata for serde_json::Value {
    fn code(&self) -> Option<&str> {
        crate::body::find_text(self, &crate::body::CODE_FIELDS)
    }
    fn message(&self) -> Option<&str> {
        crate::body::find_text(self, &crate::body::MESSAGE_FIELDS)
    }
}

/// Why an operation failed.
#[derive(Debug)]
pub enum Error<E> {
    /// The request breaks the documented constraints; nothing was sent.
    Validation(ValidationError),
    /// The configuration cannot serve this call (no endpoint for the region, ...).
    Config(ConfigError),
    /// The request could not be sent, its response not received within the limits, or the
    /// call's deadline passed.
    Transport(TransportError),
    /// The service answered with a documented error status; `error` is its typed body.
    Service {
        /// The HTTP status.
        status: u16,
        /// The `X-Request-Id` of the response, to quote to Huawei Cloud support.
        request_id: Option<String>,
        /// The decoded error body.
        error: E,
        /// The body as it came: [`Error::code`] and [`Error::message`] read it when the
        /// typed body has no code or message (a service answering in another shape than
        /// its document says).
        body: ResponseBody,
    },
    /// The service, or a gateway or proxy on the way, answered with an error status and a
    /// body that is not JSON (an HTML error page, plain text, nothing).
    ErrorPage {
        /// The HTTP status.
        status: u16,
        /// The `X-Request-Id` of the response.
        request_id: Option<String>,
        /// The `Content-Type` of the response.
        content_type: Option<String>,
        /// The body.
        body: ResponseBody,
    },
    /// The service answered with a status the operation does not document.
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The `X-Request-Id` of the response.
        request_id: Option<String>,
        /// The body.
        body: ResponseBody,
    },
    /// The body of a documented status does not have the documented shape.
    Decode {
        /// The HTTP status.
        status: u16,
        /// The `X-Request-Id` of the response.
        request_id: Option<String>,
        /// The body.
        body: ResponseBody,
        /// What the decoder said: serde_json's error, or for a text body why it is not UTF-8.
        source: serde_json::Error,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Service { status, .. }
            | Self::ErrorPage { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. } => Some(*status),
            Self::Validation(_) | Self::Config(_) | Self::Transport(_) => None,
        }
    }

    /// The `X-Request-Id` of the response, when the service answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service { request_id, .. }
            | Self::ErrorPage { request_id, .. }
            | Self::UnexpectedStatus { request_id, .. }
            | Self::Decode { request_id, .. } => request_id.as_deref(),
            Self::Validation(_) | Self::Config(_) | Self::Transport(_) => None,
        }
    }

    /// The body of the response, as it came, when the service answered.
    pub fn body(&self) -> Option<&ResponseBody> {
        match self {
            Self::Service { body, .. }
            | Self::ErrorPage { body, .. }
            | Self::UnexpectedStatus { body, .. }
            | Self::Decode { body, .. } => Some(body),
            Self::Validation(_) | Self::Config(_) | Self::Transport(_) => None,
        }
    }
}

impl<E: ErrorMetadata> Error<E> {
    /// The service's error code (`VPC.0601`): from the typed body of a documented error,
    /// else from the usual fields of a JSON body (`error_code`, `code`, or inside `error`);
    /// `None` when the body has none or nothing was answered.
    pub fn code(&self) -> Option<&str> {
        let typed = match self {
            Self::Service { error, .. } => error.code(),
            _ => None,
        };
        typed.or_else(|| self.body().and_then(ResponseBody::code))
    }

    /// The service's error message, found like [`Error::code`].
    pub fn message(&self) -> Option<&str> {
        let typed = match self {
            Self::Service { error, .. } => error.message(),
            _ => None,
        };
        typed.or_else(|| self.body().and_then(ResponseBody::message))
    }
}

/// `HTTP 400 VPC.0601: message`, or `HTTP 404 Not Found` when the body says nothing.
struct Status<'a> {
    status: u16,
    code: Option<&'a str>,
    message: Option<&'a str>,
}

impl fmt::Display for Status<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match (self.code, self.message) {
            (Some(code), Some(message)) => write!(f, " {code}: {message}"),
            (Some(code), None) => write!(f, " {code}"),
            (None, Some(message)) => write!(f, ": {message}"),
            (None, None) => match http::StatusCode::from_u16(self.status)
                .ok()
                .and_then(|status| status.canonical_reason())
            {
                Some(reason) => write!(f, " {reason}"),
                None => Ok(()),
            },
        }
    }
}

/// Writes ` (request ID x)` when there is one.
struct RequestId<'a>(Option<&'a str>);

impl fmt::Display for RequestId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " (request ID {id})"),
            None => Ok(()),
        }
    }
}

impl<E: ErrorMetadata> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let answered = |status: &u16| Status {
            status: *status,
            code: self.code(),
            message: self.message(),
        };
        let request_id = RequestId(self.request_id());
        match self {
            Self::Validation(error) => write!(f, "{error}"),
            Self::Config(error) => write!(f, "configuration error: {error}"),
            Self::Transport(error) => write!(f, "{error}"),
            Self::Service { status, .. } => write!(f, "{}{request_id}", answered(status)),
            Self::ErrorPage {
                status,
                content_type,
                body,
                ..
            } => {
                write!(f, "{}{request_id}", answered(status))?;
                if body.is_empty() {
                    return f.write_str(", with an empty body");
                }
                match content_type {
                    Some(kind) => write!(f, ", not JSON ({kind}): {}", body.preview()),
                    None => write!(f, ", not JSON: {}", body.preview()),
                }
            }
            Self::UnexpectedStatus { status, body, .. } => {
                write!(
                    f,
                    "{}{request_id}, a status the operation does not document",
                    answered(status)
                )?;
                if body.code().is_none() && body.message().is_none() && !body.is_empty() {
                    write!(f, ": {}", body.preview())?;
                }
                Ok(())
            }
            Self::Decode { status, source, .. } => write!(
                f,
                "{}{request_id}: the body does not have the documented shape: {source}",
                answered(status)
            ),
        }
    }
}

impl<E: ErrorMetadata + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Validation(error) => Some(error),
            Self::Config(error) => Some(error),
            Self::Transport(error) => Some(error),
            Self::Decode { source, .. } => Some(source),
            Self::Service { .. } | Self::ErrorPage { .. } | Self::UnexpectedStatus { .. } => None,
        }
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(error: ValidationError) -> Self {
        Self::Validation(error)
    }
}

impl<E> From<ConfigError> for Error<E> {
    fn from(error: ConfigError) -> Self {
        Self::Config(error)
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(error: TransportError) -> Self {
        Self::Transport(error)
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    #[derive(Debug)]
    struct Body {
        error_code: Option<&'static str>,
        error_msg: Option<&'static str>,
    }

    impl ErrorMetadata for Body {
        fn code(&self) -> Option<&str> {
            self.error_code
        }
        fn message(&self) -> Option<&str> {
            self.error_msg
        }
    }

    fn body(text: &str) -> ResponseBody {
        ResponseBody::new(Bytes::copy_from_slice(text.as_bytes()))
    }

    #[test]
    fn a_service_error_reads_like_the_cloud_s() {
        let service: Error<Body> = Error::Service {
            status: 400,
            request_id: Some("req-1".into()),
            error: Body {
                error_code: Some("VPC.0601"),
                error_msg: Some("The security group name is invalid."),
            },
            body: body(""),
        };
        assert_eq!(service.status(), Some(400));
        assert_eq!(service.request_id(), Some("req-1"));
        assert_eq!(service.code(), Some("VPC.0601"));
        assert_eq!(
            service.to_string(),
            "HTTP 400 VPC.0601: The security group name is invalid. (request ID req-1)"
        );
        let silent: Error<Body> = Error::Service {
            status: 404,
            request_id: None,
            error: Body {
                error_code: None,
                error_msg: None,
            },
            body: body("<html>Not Found</html>"),
        };
        assert_eq!(silent.to_string(), "HTTP 404 Not Found");
        assert_eq!(silent.code(), None);
        // A body of another shape than documented still gives its code.
        let other: Error<Body> = Error::Service {
            status: 400,
            request_id: None,
            error: Body {
                error_code: None,
                error_msg: None,
            },
            body: body(r#"{"error_code":"DBSS.0001","error_msg":"flat"}"#),
        };
        assert_eq!(other.to_string(), "HTTP 400 DBSS.0001: flat");
    }

    #[test]
    fn raw_bodies_give_their_code_and_a_bounded_preview() {
        let gateway: Error<Body> = Error::UnexpectedStatus {
            status: 401,
            request_id: Some("r".into()),
            body: body(
                r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#,
            ),
        };
        assert_eq!(gateway.code(), Some("APIGW.0301"));
        assert_eq!(
            gateway.to_string(),
            "HTTP 401 APIGW.0301: Incorrect IAM authentication information (request ID r), a \
             status the operation does not document"
        );
        let page: Error<Body> = Error::ErrorPage {
            status: 502,
            request_id: None,
            content_type: Some("text/html".into()),
            body: body(&format!("<html>{}</html>", "x".repeat(1000))),
        };
        let text = page.to_string();
        assert!(
            text.starts_with("HTTP 502 Bad Gateway, not JSON (text/html): <html>xxx"),
            "{text}"
        );
        assert!(text.ends_with("...") && text.len() < 400, "{text}");
        let debug = format!("{page:?}");
        assert!(debug.len() < 600, "{debug}");
        assert_eq!(page.code(), None);
        let validation: Error<Body> = ValidationError { violations: vec![] }.into();
        assert_eq!(validation.status(), None);
        assert_eq!(validation.code(), None);
    }
}
