//! What the mock received: each request with the verdict it got, for tests to read (from
//! Rust, or at `GET /__mock/requests`). Bounded: the oldest entries go first.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::Serialize;

use crate::judge::Problem;

/// How many requests the journal keeps.
pub const CAPACITY: usize = 1000;

/// Headers whose values are credentials: recorded as `***`.
const HIDDEN: [&str; 3] = ["x-auth-token", "x-security-token", "cookie"];

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
    pub fn headers_of(headers: &http::HeaderMap) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(name, value)| {
                let shown = if HIDDEN.contains(&name.as_str()) {
                    "***".to_owned()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name.as_str().to_owned(), shown)
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
