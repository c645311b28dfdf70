//! What the mock received: each request with the verdict it got, for tests to read (from
//! Rust, or at `GET /__mock/requests`). Bounded: the oldest entries go first.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::Serialize;

use crate::catalog::{In, Operation, Scheme};
use crate::judge::Problem;

/// How many requests the journal keeps.
pub const CAPACITY: usize = 1000;

/// Headers whose values are credentials: recorded as `***`.
const HIDDEN: [&str; 3] = ["x-auth-token", "x-security-token", "cookie"];

/// Where the documents' own schemes put credentials (API keys in headers and the query),
/// recorded as `***` too; a bearer or basic `Authorization` always is.
#[derive(Debug, Default, Clone)]
pub struct Hidden {
    headers: Vec<String>,
    query: Vec<String>,
}

impl Hidden {
    /// What the schemes of `operations` name.
    pub fn of(operations: &[Operation]) -> Hidden {
        let mut hidden = Hidden::default();
        let schemes = operations
            .iter()
            .flat_map(|op| &op.security.schemes)
            .flatten();
        for scheme in schemes {
            let (list, name) = match scheme {
                Scheme::ApiKey(In::Header, name) => {
                    (&mut hidden.headers, name.to_ascii_lowercase())
                }
                Scheme::ApiKey(In::Query, name) => (&mut hidden.query, name.clone()),
                _ => continue,
            };
            if !list.contains(&name) {
                list.push(name);
            }
        }
        hidden
    }

    /// A header's value as recorded.
    fn header(&self, name: &str, value: &http::HeaderValue) -> String {
        let text = String::from_utf8_lossy(value.as_bytes());
        if HIDDEN.contains(&name) || self.headers.iter().any(|h| h == name) {
            return "***".to_owned();
        }
        match text.split_once(' ') {
            // A signature is no secret (it shows which key signed); a token or password is.
            Some((kind, _)) if name == "authorization" && !kind.starts_with("SDK-") => {
                format!("{kind} ***")
            }
            _ => text.into_owned(),
        }
    }

    /// The query string as recorded: the values of API keys hidden.
    pub fn query(&self, query: &str) -> String {
        query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if self.query.iter().any(|q| *q == decoded(key)) => {
                    format!("{key}=***")
                }
                _ => pair.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// A query key as the document names it (`api%20key` and `api+key` are `api key`).
fn decoded(key: &str) -> String {
    url::form_urlencoded::parse(key.as_bytes())
        .next()
        .map(|(k, _)| k.into_owned())
        .unwrap_or_default()
}

/// What became of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Accepted and answered from the document.
    Answered,
    /// Refused for broken constraints, a malformed body or a wrong media type.
    Refused {
        /// Every broken constraint (empty for a malformed body or a wrong media type).
        problems: Vec<Problem>,
        /// The message sent.
        message: String,
    },
    /// Refused for its credentials.
    Unauthenticated {
        /// The message sent.
        message: String,
    },
    /// No operation has the path.
    NotFound,
    /// The path is known, the method is not.
    MethodNotAllowed,
    /// Answered by an injected fault.
    Fault,
    /// The body could not be read: too large, or too slow.
    Unreadable,
}

/// One request as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recorded {
    /// The method.
    pub method: String,
    /// The path, as received.
    pub path: String,
    /// The query string, as received.
    pub query: Option<String>,
    /// The headers, names lower case; credentials hidden.
    pub headers: Vec<(String, String)>,
    /// The body, as text (invalid UTF-8 replaced).
    pub body: String,
    /// The `operationId` the request was routed to.
    pub operation: Option<String>,
    /// The status answered (0 for a dropped connection).
    pub status: u16,
    /// What became of it.
    #[serde(flatten)]
    pub verdict: Verdict,
}

impl Recorded {
    /// The headers of `headers` as recorded.
    pub fn headers_of(headers: &http::HeaderMap, hidden: &Hidden) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    hidden.header(name.as_str(), value),
                )
            })
            .collect()
    }

    /// The value of header `name` (lower case), if recorded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The journal.
#[derive(Debug, Default)]
pub struct Journal {
    entries: Mutex<VecDeque<Recorded>>,
}

impl Journal {
    /// Adds an entry, dropping the oldest past [`CAPACITY`].
    pub fn record(&self, entry: Recorded) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() == CAPACITY {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> Vec<Recorded> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.iter().cloned().collect()
    }

    /// Forgets every entry.
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
