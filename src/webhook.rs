//! Decoding the webhooks an API sends. The payload types come from the documents (each
//! generated module that has webhooks holds a `webhooks` module with a `Webhook` enum);
//! what they share is here.

use std::error::Error;
use std::fmt;

use serde::de::DeserializeOwned;

/// Why a webhook's request could not be decoded.
#[derive(Debug)]
pub enum WebhookError {
    /// No webhook of the document has that name.
    Unknown {
        /// The name asked for.
        name: String,
        /// The names the document has.
        known: &'static [&'static str],
    },
    /// The body is not the webhook's payload.
    Body {
        /// The webhook's name.
        name: &'static str,
        /// What the JSON decoder found, with its line and column.
        source: serde_json::Error,
    },
}

impl WebhookError {
    /// The error for a name none of `known` is.
    pub fn unknown(name: &str, known: &'static [&'static str]) -> Self {
        WebhookError::Unknown {
            name: name.to_owned(),
            known,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::Unknown { name, known } => write!(
                f,
                "no webhook is called `{name}`; the document has: {}",
                known.join(", ")
            ),
            WebhookError::Body { name, source } => {
                write!(f, "the body is not a payload of webhook `{name}`: {source}")
            }
        }
    }
}

impl Error for WebhookError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            WebhookError::Unknown { .. } => None,
            WebhookError::Body { source, .. } => Some(source),
        }
    }
}

/// Decodes `body` as the JSON payload of webhook `name`.
pub fn decode_payload<T: DeserializeOwned>(
    name: &'static str,
    body: &[u8],
) -> Result<T, WebhookError> {
    serde_json::from_slice(body).map_err(|source| WebhookError::Body { name, source })
}
