//! A small scripted HTTP/1.1 server on 127.0.0.1 for transport tests.
//!
//! Each request received takes the next [`Reply`] of the script (a `500` saying so once the
//! script is used up) and is recorded as it arrived: method, target (path and query, exactly
//! as sent), headers and body. A reply can wait before answering (to trigger read timeouts),
//! close the connection without answering, or misbehave as hostile servers do: send its body
//! chunked, trickle it a byte at a time, or send an endless body. The server is bounded: it
//! stops by itself after [`LIFETIME`], when dropped, and refuses requests larger than
//! [`MAX_REQUEST`].

#![allow(dead_code)] // Each test binary uses a different part of it.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub mod tls;

/// How long a server runs at most, whatever its tests do.
pub const LIFETIME: Duration = Duration::from_secs(15);
/// The largest request (head and body) accepted.
pub const MAX_REQUEST: usize = 1 << 20;

/// What the server does with one request.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waits this long before answering (or closing).
    pub delay: Duration,
    /// Closes the connection instead of answering.
    pub close: bool,
    /// How the body is put on the wire.
    pub framing: Framing,
}

/// How a reply's body is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length` and the body at once.
    Length,
    /// `Content-Length: n` announced, whatever the body is (a server lying about its size).
    Announce(u64),
    /// `Transfer-Encoding: chunked`, the body in one chunk.
    Chunked,
    /// `Content-Length`, then the body one byte at a time, waiting this long before each.
    Trickle(Duration),
    /// `Transfer-Encoding: chunked`, chunks of 64 KiB sent until the client goes away.
    Endless,
}

impl Reply {
    /// A reply with `status` and a JSON body.
    pub fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            close: false,
            framing: Framing::Length,
        }
    }

    /// A reply with `status` and no body.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
            close: false,
            framing: Framing::Length,
        }
    }

    /// Closes the connection without answering.
    pub fn close() -> Self {
        Self {
            close: true,
            ..Self::status(0)
        }
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Waits before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: &str) -> Self {
        self.body = body.as_bytes().to_vec();
        self
    }

    /// Sets how the body is put on the wire.
    pub fn framing(mut self, framing: Framing) -> Self {
        self.framing = framing;
        self
    }
}

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The request target: path and query, exactly as sent.
    pub target: String,
    /// Header names lower-cased, values as sent, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of a header (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The query string as sent, if any.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }
}

struct Shared {
    script: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
    connections: AtomicUsize,
}

/// A running server; stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl TestServer {
    /// Starts a server that answers with `script`, in order.
    pub async fn start(script: Vec<Reply>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            script: Mutex::new(script.into()),
            requests: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
        });
        let accept_shared = shared.clone();
        let task = tokio::spawn(async move {
            let accept = async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    accept_shared.connections.fetch_add(1, Ordering::SeqCst);
                    tokio::spawn(serve(stream, accept_shared.clone()));
                }
            };
            let _ = tokio::time::timeout(LIFETIME, accept).await;
        });
        TestServer { addr, shared, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().expect("requests lock").clone()
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves the requests of one connection, until it closes or a reply closes it.
async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let work = async {
        let mut buffer = Vec::new();
        loop {
            let Some(request) = read_request(&mut stream, &mut buffer).await else {
                return;
            };
            shared.requests.lock().expect("requests lock").push(request);
            let reply = shared
                .script
                .lock()
                .expect("script lock")
                .pop_front()
                .unwrap_or_else(|| Reply::json(500, r#"{"error":"no scripted reply left"}"#));
            tokio::time::sleep(reply.delay).await;
            if reply.close {
                return;
            }
            if write_reply(&mut stream, &reply).await.is_err() {
                return;
            }
        }
    };
    let _ = tokio::time::timeout(LIFETIME, work).await;
}

/// Writes a reply with its framing; an error when the client went away.
async fn write_reply(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} Scripted\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match reply.framing {
        Framing::Length | Framing::Trickle(_) => {
            head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
        }
        Framing::Announce(length) => head.push_str(&format!("Content-Length: {length}\r\n")),
        Framing::Chunked | Framing::Endless => head.push_str("Transfer-Encoding: chunked\r\n"),
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    match reply.framing {
        Framing::Length | Framing::Announce(_) => stream.write_all(&reply.body).await?,
        Framing::Chunked => {
            if !reply.body.is_empty() {
                stream
                    .write_all(format!("{:x}\r\n", reply.body.len()).as_bytes())
                    .await?;
                stream.write_all(&reply.body).await?;
                stream.write_all(b"\r\n").await?;
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
        Framing::Trickle(every) => {
            for byte in &reply.body {
                tokio::time::sleep(every).await;
                stream.write_all(&[*byte]).await?;
                stream.flush().await?;
            }
        }
        Framing::Endless => {
            let chunk = vec![b' '; 64 << 10];
            loop {
                stream
                    .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                    .await?;
                stream.write_all(&chunk).await?;
                stream.write_all(b"\r\n").await?;
            }
        }
    }
    stream.flush().await
}

/// Reads one request; `None` when the connection closes or the request is malformed.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(pos) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        if buffer.len() > MAX_REQUEST {
            return None;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse().ok())
        .unwrap_or(Some(0))?;
    if length > MAX_REQUEST {
        return None;
    }
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}
