//! The error every generated operation returns.
//!
//! [`Error`] separates what went wrong before anything was sent (validation, configuration),
//! on the way (transport), and what the service answered: a documented error status with its
//! typed body, an undocumented status, or a body that does not have the documented shape.
//! `E` is the operation's error body type.

use std::fmt;

use crate::config::ConfigError;
use crate::transport::TransportError;
use crate::validation::ValidationError;

/// How many characters of an undocumented response body `Display` shows; the whole body is
/// in the value, but a message line is not the place for megabytes of HTML.
const BODY_PREVIEW_CHARS: usize = 300;

/// Why an operation failed.
#[derive(Debug)]
pub enum Error<E> {
    /// The request breaks the documented constraints; nothing was sent.
    Validation(ValidationError),
    /// The configuration cannot serve this call (no endpoint for the region, ...).
    Config(ConfigError),
    /// The request could not be sent or its response not received.
    Transport(TransportError),
    /// The service answered with a documented error status; `error` is its typed body.
    Service {
        /// The HTTP status.
        status: u16,
        /// The `X-Request-Id` of the response, to quote to Huawei Cloud support.
        request_id: Option<String>,
        /// The decoded error body.
        error: E,
    },
    /// The service answered with a status the operation does not document.
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The `X-Request-Id` of the response.
        request_id: Option<String>,
        /// The body, decoded as UTF-8 with invalid bytes replaced.
        body: String,
    },
    /// The body of a documented status does not have the documented shape.
    Decode {
        /// The HTTP status.
        status: u16,
        /// The `X-Request-Id` of the response.
        request_id: Option<String>,
        /// The body, decoded as UTF-8 with invalid bytes replaced.
        body: String,
        /// What the decoder said: serde_json's error, or for a text body why it is not UTF-8.
        source: serde_json::Error,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Service { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. } => Some(*status),
            Self::Validation(_) | Self::Config(_) | Self::Transport(_) => None,
        }
    }

    /// The `X-Request-Id` of the response, when the service answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service { request_id, .. }
            | Self::UnexpectedStatus { request_id, .. }
            | Self::Decode { request_id, .. } => request_id.as_deref(),
            Self::Validation(_) | Self::Config(_) | Self::Transport(_) => None,
        }
    }
}

/// Writes ` (request ID x)` when there is one.
struct RequestId<'a>(&'a Option<String>);

impl fmt::Display for RequestId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " (request ID {id})"),
            None => Ok(()),
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation(error) => write!(f, "{error}"),
            Self::Config(error) => write!(f, "configuration error: {error}"),
            Self::Transport(error) => write!(f, "{error}"),
            Self::Service {
                status,
                request_id,
                error,
            } => write!(
                f,
                "the service answered HTTP {status}{}: {error:?}",
                RequestId(request_id)
            ),
            Self::UnexpectedStatus {
                status,
                request_id,
                body,
            } => {
                write!(
                    f,
                    "the service answered an undocumented HTTP {status}{}",
                    RequestId(request_id)
                )?;
                if !body.is_empty() {
                    let preview: String = body.chars().take(BODY_PREVIEW_CHARS).collect();
                    let more = if preview.len() < body.len() {
                        "..."
                    } else {
                        ""
                    };
                    write!(f, ": {preview}{more}")?;
                }
                Ok(())
            }
            Self::Decode {
                status,
                request_id,
                source,
                ..
            } => write!(
                f,
                "the HTTP {status} response{} does not have the documented shape: {source}",
                RequestId(request_id)
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Validation(error) => Some(error),
            Self::Config(error) => Some(error),
            Self::Transport(error) => Some(error),
            Self::Decode { source, .. } => Some(source),
            Self::Service { .. } | Self::UnexpectedStatus { .. } => None,
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
    use super::*;

    #[derive(Debug)]
    struct Body {
        #[allow(dead_code)]
        error_code: &'static str,
    }

    #[test]
    fn accessors_and_messages() {
        let service: Error<Body> = Error::Service {
            status: 404,
            request_id: Some("req-1".into()),
            error: Body {
                error_code: "VPC.0202",
            },
        };
        assert_eq!(service.status(), Some(404));
        assert_eq!(service.request_id(), Some("req-1"));
        assert_eq!(
            service.to_string(),
            "the service answered HTTP 404 (request ID req-1): Body { error_code: \"VPC.0202\" }"
        );
        let long: Error<Body> = Error::UnexpectedStatus {
            status: 502,
            request_id: None,
            body: "x".repeat(1000),
        };
        assert_eq!(long.request_id(), None);
        assert!(long.to_string().ends_with("..."));
        assert!(long.to_string().len() < 400);
        let validation: Error<Body> = ValidationError { violations: vec![] }.into();
        assert_eq!(validation.status(), None);
    }
}
