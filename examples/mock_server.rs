//! A local stand-in for the five services: answers each operation of `spec/` with its
//! reference page's example response, so `call_all` can be tried without an account.
//!
//! `cargo run --example mock_server [PORT]` (default 8080), then point `CLOUD_SDK_ENDPOINT`
//! at `http://127.0.0.1:PORT`. It prints each request it receives and serves until stopped.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const VPC_EXAMPLE: &str = r#"{"security_group":{"id":"69c999ad-d9ef-4d79-94fd-35e6ceb75325","name":"security_group_2","project_id":"060576782980d5762f9ec014dd2f1148","description":"modified description","enterprise_project_id":0,"tags":[],"security_group_rules":[{"id":"f11a3824-ac19-4fad-b4f1-c5f4a6dd0a80","project_id":"060576782980d5762f9ec014dd2f1148","security_group_id":"69c999ad-d9ef-4d79-94fd-35e6ceb75325","remote_group_id":"69c999ad-d9ef-4d79-94fd-35e6ceb75325","direction":"ingress","description":"","created_at":"2020-07-09T05:56:27.000+00:00","updated_at":"2020-07-09T05:56:27.000+00:00","ethertype":"IPv6","action":"allow","priority":100,"protocol":null,"multiport":null,"remote_ip_prefix":null,"remote_address_group_id":null,"enabled":true}],"created_at":"2020-07-09T05:56:27.000+00:00","updated_at":"2020-07-09T05:56:27.000+00:00"},"request_id":"a8cf4f79ca3c22ca685e7e8872e8c20b"}"#;

/// The example response of the operation at `method path`, by the path's shape.
fn answer(method: &str, path: &str) -> (u16, String) {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let body = match (method, segments.as_slice()) {
        ("PUT", ["v3", _, "instances", _, "starrocks", "security-group"]) => {
            r#"{"job_id":"467258e0-4e6e-4167-b072-7f4e23231bf3"}"#
        }
        ("PUT", ["v3", _, "instances", _, "starrocks", "users", "permission"]) => {
            r#"{"result":"SUCCESS"}"#
        }
        (
            "POST",
            ["v1", _, "dbss", "audit", "security-group"] | ["v1", _, "audit", "security-group"],
        ) => r#"{"result":"SUCCESS"}"#,
        ("PUT", ["v1", _, "db-encrypt", _, "security-group"]) => r#"{"code":0}"#,
        ("PUT", ["v3", _, "vpc", "security-groups", _]) => VPC_EXAMPLE,
        _ => {
            return (
                404,
                r#"{"error_code":"MOCK.404","error_msg":"no such operation"}"#.into(),
            )
        }
    };
    (200, body.into())
}

async fn serve(mut stream: TcpStream, counter: u64) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buffer.len() > 1 << 20 {
            return Ok(());
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let length: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let request_line = head.lines().next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split('?').next().unwrap_or("/");
    let (status, body) = answer(method, path);
    let body_in = String::from_utf8_lossy(&buffer[header_end..]);
    println!("{method} {target} {body_in} -> {status}");
    let reason = if status == 200 { "OK" } else { "Not Found" };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Request-Id: mock-{counter:08}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!("mock services on http://127.0.0.1:{port}");
    let mut counter = 0u64;
    loop {
        let (stream, _) = listener.accept().await?;
        counter += 1;
        tokio::spawn(async move {
            if let Err(error) = serve(stream, counter).await {
                eprintln!("connection error: {error}");
            }
        });
    }
}
