//! Faults a test injects: the next calls of an operation answered with another status and
//! body, answered late, or not answered at all.

use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value as Json;

/// What the mock does instead of answering from the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Answers `status`, with `body` (else an error body in the operation's documented
    /// shape for that status) and extra `headers` (`Retry-After`).
    Status {
        /// The status code.
        status: u16,
        /// The body; `None`: the documented error shape, with a message saying it was injected.
        body: Option<Json>,
        /// Headers added to the answer.
        headers: Vec<(String, String)>,
    },
    /// Waits, then answers as usual.
    Delay(Duration),
    /// Closes the connection without answering.
    Drop,
}

impl Fault {
    /// Answers `status` with the documented error body.
    pub fn status(status: u16) -> Fault {
        Fault::Status {
            status,
            body: None,
            headers: Vec::new(),
        }
    }

    /// Sets the body of a [`Fault::Status`].
    #[must_use]
    pub fn with_body(mut self, value: Json) -> Fault {
        if let Fault::Status { body, .. } = &mut self {
            *body = Some(value);
        }
        self
    }

    /// Adds a header to a [`Fault::Status`].
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Fault {
        if let Fault::Status { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }
}

#[derive(Debug)]
struct Injected {
    operation: String,
    remaining: usize,
    fault: Fault,
}

/// The faults waiting, in the order injected.
#[derive(Debug, Default)]
pub struct Faults {
    waiting: Mutex<Vec<Injected>>,
}

impl Faults {
    /// The next `times` calls of `operation` (its `operationId`) get `fault`.
    pub fn inject(&self, operation: &str, times: usize, fault: Fault) {
        if times == 0 {
            return;
        }
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        waiting.push(Injected {
            operation: operation.to_owned(),
            remaining: times,
            fault,
        });
    }

    /// The fault for this call of `operation`, used up by it.
    pub fn take(&self, operation: &str) -> Option<Fault> {
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        let index = waiting.iter().position(|f| f.operation == operation)?;
        let entry = &mut waiting[index];
        entry.remaining -= 1;
        let fault = entry.fault.clone();
        if entry.remaining == 0 {
            waiting.remove(index);
        }
        Some(fault)
    }

    /// Forgets every fault not yet used.
    pub fn clear(&self) {
        self.waiting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
