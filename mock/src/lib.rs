#![warn(missing_docs)]
//! A fake Huawei Cloud driven by the OpenAPI documents the `hwcloud` client is generated
//! from: every operation of the documents on one address, requests judged by the same
//! constraint engine and messages as the client's own validation, credentials checked as
//! the API gateway checks them, answers taken from the documents' examples.
//!
//! For a user's tests, with the five APIs built in:
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use hwcloud_mock::{Fault, MockServer};
//!
//! let mock = MockServer::start().await?;
//! let client = hwcloud::vpc::Client::new(mock.config()?)?;
//! mock.inject("UpdateSecurityGroup", 1, Fault::status(503).with_header("Retry-After", "1"));
//! // ... call `client`, then look at what the mock received:
//! for request in mock.requests() {
//!     println!("{} {} -> {}", request.method, request.path, request.status);
//! }
//! # Ok(()) }
//! ```
//!
//! The binary (`cargo run -p hwcloud-mock -- [--port PORT] [--host ADDR] [PATH ...]`) serves
//! the documents at the paths given (default: the project's `spec/`), with the credentials
//! of its environment (`CLOUD_SDK_TOKEN`, `CLOUD_SDK_AK`/`CLOUD_SDK_SK`).

mod answer;
mod auth;
mod catalog;
mod detail;
mod embedded;
mod faults;
mod journal;
mod judge;
mod pages;
mod route;
mod sample;
mod service;

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hwcloud::config::Config;
use hwcloud::credentials::Credentials;
use hwcloud::secret::Secret;
use hwcloud_codegen::base::Patterns;
use hwcloud_codegen::instance::Evaluator;
use hwcloud_codegen::load::DocSet;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

pub use auth::Keys;
pub use faults::Fault;
pub use journal::{Recorded, Verdict, CAPACITY as JOURNAL_CAPACITY};
pub use judge::Problem;

use catalog::Operation;

/// The project ID of [`MockServer::config`]: page 000's example project.
pub const PROJECT_ID: &str = "23a50154cf494ec9ad6883979a12db0a";

/// The largest body accepted by default (1 MiB); a larger one is answered 413.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// Everything requests are handled with.
pub(crate) struct State {
    /// The documents, with the patterns compiled so far: `DocSet` caches lookups in a
    /// `RefCell`, so one request at a time judges (a few microseconds).
    judging: Mutex<(DocSet, Patterns)>,
    operations: Vec<Operation>,
    keys: Keys,
    journal: journal::Journal,
    /// The documents' own credentials, hidden in the journal.
    hidden: journal::Hidden,
    faults: faults::Faults,
    max_body: usize,
    body_timeout: Duration,
    log: bool,
}

impl State {
    /// Runs `f` with the documents and an evaluator of them.
    fn with_docs<T>(&self, f: impl FnOnce(&DocSet, &Evaluator<'_>) -> T) -> T {
        let mut guard = self.judging.lock().unwrap_or_else(|e| e.into_inner());
        let (docs, patterns) = &mut *guard;
        let evaluator = Evaluator::with_patterns(docs, std::mem::take(patterns));
        let result = f(docs, &evaluator);
        *patterns = evaluator.into_patterns();
        result
    }

    fn log(
        &self,
        method: &http::Method,
        path: &str,
        status: u16,
        op: Option<&str>,
        took: Duration,
    ) {
        if self.log {
            let op = op.unwrap_or("-");
            let micros = took.as_micros();
            // A closed standard output (a pipe whose reader went away) is no reason to fail.
            let line = format!("{method} {path} -> {status} {op} ({micros} µs)\n");
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), line.as_bytes());
        }
    }
}

/// Why a mock could not start.
#[derive(Debug)]
pub enum StartError {
    /// A document could not be read.
    Load(hwcloud_codegen::load::LoadError),
    /// The documents have errors that would stop `hwcloud-codegen generate` too (an example
    /// that breaks its schema does not: the mock serves what a client could be generated
    /// for); the first few.
    Invalid(Vec<String>),
    /// The address could not be bound.
    Bind(std::io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Load(e) => e.fmt(f),
            StartError::Invalid(errors) => {
                write!(f, "the documents have errors:")?;
                for e in errors {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
            StartError::Bind(e) => write!(f, "cannot listen: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Where the documents come from.
#[derive(Debug, Clone)]
enum Source {
    Embedded,
    Paths(Vec<PathBuf>),
}

/// Sets up a mock: its documents, address, credentials and limits.
#[derive(Debug, Clone)]
pub struct Builder {
    source: Source,
    address: SocketAddr,
    keys: Option<Keys>,
    max_body: usize,
    body_timeout: Duration,
    log: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            source: Source::Embedded,
            address: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            keys: None,
            max_body: DEFAULT_MAX_BODY,
            body_timeout: Duration::from_secs(10),
            log: false,
        }
    }
}

impl Builder {
    /// Serves the documents at `paths` (files, or folders of documents) instead of the five
    /// APIs built in.
    #[must_use]
    pub fn documents(mut self, paths: Vec<PathBuf>) -> Self {
        self.source = Source::Paths(paths);
        self
    }

    /// Listens on `address` (port 0: a free port; the default is 127.0.0.1:0).
    #[must_use]
    pub fn address(mut self, address: SocketAddr) -> Self {
        self.address = address;
        self
    }

    /// Accepts these credentials. The default: any non-empty token, and a key pair made up
    /// for this mock, which [`MockServer::config`] signs with.
    #[must_use]
    pub fn keys(mut self, keys: Keys) -> Self {
        self.keys = Some(keys);
        self
    }

    /// Refuses bodies over `bytes` with 413.
    #[must_use]
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Prints a line per request on standard output.
    #[must_use]
    pub fn log(mut self, log: bool) -> Self {
        self.log = log;
        self
    }

    /// Loads the documents, binds the address and serves until the [`MockServer`] is dropped.
    pub async fn start(self) -> Result<MockServer, StartError> {
        let docs = match &self.source {
            Source::Embedded => embedded::documents(),
            Source::Paths(paths) => DocSet::load(paths).map_err(StartError::Load)?,
        };
        let report = hwcloud_codegen::validate_loaded(&docs, hwcloud_codegen::Purpose::Generate);
        let errors: Vec<String> = report
            .iter()
            .filter(|d| d.severity == hwcloud_codegen::diag::Severity::Error)
            .take(5)
            .map(|d| format!("{}:{}:{}: {}", d.file, d.line, d.column, d.message))
            .collect();
        if !errors.is_empty() {
            return Err(StartError::Invalid(errors));
        }
        let keys = self.keys.unwrap_or_else(|| Keys {
            token: None,
            access: Some((made_up_key("MOCK"), Secret::new(made_up_key("sk")))),
            security_token: None,
        });
        let listener = TcpListener::bind(self.address)
            .await
            .map_err(StartError::Bind)?;
        let address = listener.local_addr().map_err(StartError::Bind)?;
        let operations = catalog::operations(&docs);
        let state = Arc::new(State {
            hidden: journal::Hidden::of(&operations),
            operations,
            judging: Mutex::new((docs, Patterns::default())),
            keys,
            journal: journal::Journal::default(),
            faults: faults::Faults::default(),
            max_body: self.max_body,
            body_timeout: self.body_timeout,
            log: self.log,
        });
        let serving = tokio::spawn(serve(listener, state.clone()));
        Ok(MockServer {
            address,
            state,
            serving,
        })
    }
}

/// A key made up for one mock: `prefix` and 20 random upper-case letters and digits.
fn made_up_key(prefix: &str) -> String {
    let mut key = prefix.to_owned();
    key.extend((0..20).map(|_| fastrand::alphanumeric().to_ascii_uppercase()));
    key
}

async fn serve(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: wait rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let state = state.clone();
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |request| service::handle(state.clone(), request));
            // A client that sends its head slowly is cut off rather than held forever.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// A running mock; it stops serving when dropped.
pub struct MockServer {
    address: SocketAddr,
    state: Arc<State>,
    serving: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("address", &self.address)
            .field("operations", &self.state.operations.len())
            .field("keys", &self.state.keys)
            .finish()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.serving.abort();
    }
}

impl MockServer {
    /// A mock of the five APIs built in, on a free port of 127.0.0.1, accepting any token
    /// and the key pair of [`MockServer::config`].
    pub async fn start() -> Result<MockServer, StartError> {
        Builder::default().start().await
    }

    /// Sets up a mock with other documents, address, credentials or limits.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Its base URL, `http://127.0.0.1:PORT`, for `CLOUD_SDK_ENDPOINT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The `operationId`s it serves, in document order.
    pub fn operations(&self) -> Vec<&str> {
        self.state
            .operations
            .iter()
            .map(|op| op.id.as_str())
            .collect()
    }

    /// A client configuration sending every service here, signing with a key pair this
    /// mock accepts (a token when it knows none), with the project [`PROJECT_ID`].
    pub fn config(&self) -> Result<Config, hwcloud::config::ConfigError> {
        self.config_builder().build()
    }

    /// The builder of [`MockServer::config`], to change more (timeouts, retries) first.
    pub fn config_builder(&self) -> hwcloud::config::ConfigBuilder {
        let credentials = match (&self.state.keys.access, &self.state.keys.token) {
            (Some((ak, sk)), _) => Credentials::permanent(ak.clone(), sk.clone()),
            (None, Some(token)) => Credentials::token(token.clone()),
            (None, None) => Credentials::token("mock-token"),
        };
        Config::builder()
            .credentials(credentials)
            .endpoint(&self.url())
            .project_id(PROJECT_ID)
            .region("cn-north-4")
            .without_proxy()
    }

    /// The requests received so far, oldest first (at most [`JOURNAL_CAPACITY`]).
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.journal.entries()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.state.journal.clear();
    }

    /// Answers the next `times` calls of `operation` (its `operationId`) with `fault`.
    pub fn inject(&self, operation: &str, times: usize, fault: Fault) {
        self.state.faults.inject(operation, times, fault);
    }
}
