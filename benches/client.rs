//! What the generated clients cost, without and with the network.
//!
//! `cargo bench -p hwcloud --bench client` runs two parts; name one to run only it
//! (`-- overhead` or `-- rps`).
//!
//! - `overhead`: the client's own work per request for each of the six operations of `spec/`,
//!   with the example request of its reference page: building the request with its builder
//!   (`build()` checks every constraint), `validate()`, serialising the body with
//!   `serde_json`, building the URL and header map the transport sends (a copy of what
//!   `Transport::prepare` does for AK/SK credentials: `User-Agent`, `Accept`, `Content-Type`,
//!   `Content-Length`), and `Signer::sign` with a fixed date, its headers then inserted. Each
//!   stage is timed on its own, then the whole pipeline. Plain `Instant`: the closure runs in
//!   batches of about 100 µs (the batch size is calibrated first); a sample is one batch's
//!   time divided by its size, and **median** and **min** are over the samples of about
//!   `BENCH_CASE_SECS` seconds (default 1) per case.
//! - `rps`: requests per second against a keep-alive HTTP/1.1 server started in this process
//!   on 127.0.0.1, which answers every request with the VPC example response.
//!   `vpc::Client::update_security_group` is called with one prebuilt request, by 1 task
//!   (sequentially) and by 16 concurrent tasks, for `BENCH_RPS_SECS` seconds each (default 3,
//!   after a 0.5 s warm-up that opens the connections), with token credentials (as asked) and
//!   with AK/SK credentials (each request signed). Client and server share one tokio runtime
//!   with as many workers as the machine has cores, so "CPU/request" (this process's user +
//!   system time over the phase, from `/proc/self/stat`, divided by the requests) is client
//!   and server together. The server stops at the end of the part,
//!   and in any case after [`SERVER_LIFETIME`]; each phase stops after [`MAX_REQUESTS`].

use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method};
use hwcloud::__private::encode_path_segment;
use hwcloud::config::{Config, DEFAULT_USER_AGENT};
use hwcloud::credentials::Credentials;
use hwcloud::signing::{SdkDate, Signer, SigningInput};
use hwcloud::validation::ValidationError;
use hwcloud::{dbss, gaussdb, vpc};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use url::Url;

/// The project of the reference pages' examples.
const PROJECT_ID: &str = "23a50154cf494ec9ad6883979a12db0a";
/// The region the base URLs are taken for.
const REGION: &str = "cn-north-4";
/// The StarRocks instance of page 003's example.
const STARROCKS_INSTANCE: &str = "86fd60a5256a4592b957e8e6bb2d1b59in07";
/// The DBSS instance of page 001's example.
const DBSS_INSTANCE: &str = "062212d8-8e30-4783-9671-43f3f1f3bb1e";
/// The fixed signing time.
const DATE: &str = "20240315T081530Z";

/// The longest the in-process server runs, whatever happens to the bench.
const SERVER_LIFETIME: Duration = Duration::from_secs(120);
/// The most requests one `rps` phase sends.
const MAX_REQUESTS: u64 = 2_000_000;
/// The largest request the server accepts.
const MAX_REQUEST: usize = 1 << 20;

/// Page 004's example response.
const VPC_EXAMPLE: &str = r#"{"security_group":{"id":"69c999ad-d9ef-4d79-94fd-35e6ceb75325","name":"security_group_2","project_id":"060576782980d5762f9ec014dd2f1148","description":"modified description","enterprise_project_id":0,"tags":[],"security_group_rules":[{"id":"f11a3824-ac19-4fad-b4f1-c5f4a6dd0a80","project_id":"060576782980d5762f9ec014dd2f1148","security_group_id":"69c999ad-d9ef-4d79-94fd-35e6ceb75325","remote_group_id":"69c999ad-d9ef-4d79-94fd-35e6ceb75325","direction":"ingress","description":"","created_at":"2020-07-09T05:56:27.000+00:00","updated_at":"2020-07-09T05:56:27.000+00:00","ethertype":"IPv6","action":"allow","priority":100,"protocol":null,"multiport":null,"remote_ip_prefix":null,"remote_address_group_id":null,"enabled":true}],"created_at":"2020-07-09T05:56:27.000+00:00","updated_at":"2020-07-09T05:56:27.000+00:00"},"request_id":"a8cf4f79ca3c22ca685e7e8872e8c20b"}"#;

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    let wanted = |part: &str| filters.is_empty() || filters.iter().any(|f| part.contains(f));
    println!("machine: {} logical CPUs", cores());
    if wanted("overhead") {
        overhead(secs_from_env("BENCH_CASE_SECS", 1.0));
    }
    if wanted("rps") {
        rps(secs_from_env("BENCH_RPS_SECS", 3.0));
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn secs_from_env(name: &str, default: f64) -> Duration {
    let secs = std::env::var(name)
        .ok()
        .and_then(|value| value.parse::<f64>().ok())
        .filter(|secs| secs.is_finite() && *secs > 0.0)
        .unwrap_or(default);
    Duration::from_secs_f64(secs)
}

// ---------------------------------------------------------------------------------------------
// Part 1: the client's own work per request.
// ---------------------------------------------------------------------------------------------

/// One operation as its client method prepares it.
struct Op<R> {
    name: &'static str,
    method: Method,
    content_type: &'static str,
    base: Url,
    /// Builds the request with its builder, from the page's example values.
    build: fn() -> R,
    validate: fn(&R) -> Result<(), ValidationError>,
    json: fn(&R) -> serde_json::Result<Vec<u8>>,
    /// The path, as the generated method formats it, for a project ID.
    path: fn(&R, &str) -> String,
}

/// The request's URL and headers before signing, as the transport makes them.
struct Prepared {
    url: Url,
    headers: HeaderMap,
}

impl<R> Op<R> {
    fn prepare(&self, request: &R, body_len: usize) -> Prepared {
        let path = (self.path)(request, PROJECT_ID);
        let mut url = self.base.clone();
        url.set_path(&path);
        url.set_query(None);
        url.set_fragment(None);
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
        headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        headers.insert(CONTENT_LENGTH, HeaderValue::from(body_len));
        Prepared { url, headers }
    }

    fn sign(&self, signer: &Signer, date: &SdkDate, prepared: &Prepared, body: &[u8]) -> HeaderMap {
        let signed = signer
            .sign(
                &SigningInput {
                    method: &self.method,
                    url: &prepared.url,
                    headers: &prepared.headers,
                    body,
                    project_id: Some(PROJECT_ID),
                },
                date,
            )
            .expect("signs");
        let mut headers = prepared.headers.clone();
        for (name, value) in signed.headers_to_add {
            headers.insert(name, value);
        }
        black_box(signed.url);
        headers
    }

    /// The whole pipeline: what one call costs the client before it reaches the network.
    fn pipeline(&self, signer: &Signer, date: &SdkDate) -> (HeaderMap, Vec<u8>) {
        let request = (self.build)();
        (self.validate)(&request).expect("valid");
        let body = (self.json)(&request).expect("serialises");
        let prepared = self.prepare(&request, body.len());
        let headers = self.sign(signer, date, &prepared, &body);
        (headers, body)
    }
}

/// Median and min of one case, in nanoseconds per iteration.
struct Stats {
    median: f64,
    min: f64,
    iterations: u64,
    batch: u64,
}

/// Runs `f` for about `budget`, in timed batches of about 100 µs.
fn measure<T>(budget: Duration, mut f: impl FnMut() -> T) -> Stats {
    // Warm-up and calibration.
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed() < Duration::from_millis(50) {
        for _ in 0..16 {
            black_box(f());
        }
        calls += 16;
    }
    let per_call = start.elapsed().as_nanos() as f64 / calls as f64;
    let batch = ((100_000.0 / per_call) as u64).clamp(1, 1_000_000);

    let mut samples = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget && samples.len() < 1_000_000 {
        let t = Instant::now();
        for _ in 0..batch {
            black_box(f());
        }
        samples.push(t.elapsed().as_nanos() as f64 / batch as f64);
    }
    samples.sort_by(f64::total_cmp);
    Stats {
        median: samples[samples.len() / 2],
        min: samples[0],
        iterations: samples.len() as u64 * batch,
        batch,
    }
}

fn show_ns(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.1} ms", ns / 1_000_000.0)
    } else if ns >= 10_000.0 {
        format!("{:.1} µs", ns / 1000.0)
    } else if ns >= 1000.0 {
        format!("{:.2} µs", ns / 1000.0)
    } else {
        format!("{ns:.0} ns")
    }
}

struct Row {
    name: &'static str,
    body_bytes: usize,
    stages: [Stats; 5],
    total: Stats,
}

fn measure_op<R>(op: &Op<R>, signer: &Signer, date: &SdkDate, budget: Duration) -> Row {
    let request = (op.build)();
    (op.validate)(&request).expect("the example is valid");
    let body = (op.json)(&request).expect("serialises");
    let prepared = op.prepare(&request, body.len());
    let stages = [
        measure(budget, || (op.build)()),
        measure(budget, || (op.validate)(black_box(&request))),
        measure(budget, || (op.json)(black_box(&request))),
        measure(budget, || op.prepare(black_box(&request), body.len())),
        measure(budget, || {
            op.sign(signer, date, black_box(&prepared), &body)
        }),
    ];
    let total = measure(budget, || op.pipeline(signer, date));
    Row {
        name: op.name,
        body_bytes: body.len(),
        stages,
        total,
    }
}

fn overhead(budget: Duration) {
    let config = Config::builder()
        .credentials(Credentials::permanent(
            "BENCHAK0000000000000",
            "bench-secret-key",
        ))
        .region(REGION)
        .project_id(PROJECT_ID)
        .build()
        .expect("config");
    let gaussdb_base = config.endpoint_for(&gaussdb::ENDPOINTS).expect("gaussdb");
    let dbss_base = config.endpoint_for(&dbss::ENDPOINTS).expect("dbss");
    let vpc_base = config.endpoint_for(&vpc::ENDPOINTS).expect("vpc");
    let signer = config
        .credentials()
        .and_then(Signer::from_credentials)
        .expect("AK/SK");
    let date = SdkDate::parse(DATE).expect("date");

    // A warm-up of the whole pipeline, so the first case does not pay for a cold CPU.
    let _ = measure(Duration::from_millis(500), || {
        let request = vpc_request();
        request.validate().expect("valid");
        black_box(serde_json::to_vec(&request.body).expect("serialises"))
    });
    println!();
    println!(
        "## overhead: build + validate + JSON + URL/headers + sign, ~{:.1} s per case",
        budget.as_secs_f64()
    );
    let rows = [
        measure_op(
            &Op {
                name: "gaussdb ModifyStarRocksSecurityGroup",
                method: Method::PUT,
                content_type: "application/json;charset=utf-8",
                base: gaussdb_base.clone(),
                build: || {
                    gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
                        .instance_id(STARROCKS_INSTANCE)
                        .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
                            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
                        })
                        .build()
                        .expect("valid")
                },
                validate: gaussdb::ModifyStarRocksSecurityGroupRequest::validate,
                json: |r| serde_json::to_vec(&r.body),
                path: |r, project| {
                    format!(
                        "/v3/{}/instances/{}/starrocks/security-group",
                        encode_path_segment(project),
                        encode_path_segment(&r.instance_id)
                    )
                },
            },
            &signer,
            &date,
            budget,
        ),
        measure_op(
            &Op {
                name: "gaussdb UpdateStarRocksDatabaseUserPermission",
                method: Method::PUT,
                content_type: "application/json;charset=utf-8",
                base: gaussdb_base,
                build: || {
                    gaussdb::UpdateStarRocksDatabaseUserPermissionRequest::builder()
                        .instance_id(STARROCKS_INSTANCE)
                        .body(gaussdb::types::UpdateStarRocksDatabaseUserPermissionReq {
                            user_name: "user_test".into(),
                            dml: Some(
                                gaussdb::types::UpdateStarRocksDatabaseUserPermissionReqDml::ReadOnlyAndConfig,
                            ),
                            databases: Some(vec!["*".into()]),
                            ddl: None,
                        })
                        .build()
                        .expect("valid")
                },
                validate: gaussdb::UpdateStarRocksDatabaseUserPermissionRequest::validate,
                json: |r| serde_json::to_vec(&r.body),
                path: |r, project| {
                    format!(
                        "/v3/{}/instances/{}/starrocks/users/permission",
                        encode_path_segment(project),
                        encode_path_segment(&r.instance_id)
                    )
                },
            },
            &signer,
            &date,
            budget,
        ),
        measure_op(
            &Op {
                name: "dbss UpdateAuditSecurityGroup",
                method: Method::POST,
                content_type: "application/json;charset=utf-8",
                base: dbss_base.clone(),
                build: || {
                    dbss::UpdateAuditSecurityGroupRequest::builder()
                        .body(dbss::types::UpdateAuditSecurityGroupReq {
                            instance_id: DBSS_INSTANCE.into(),
                            securitygroup_ids: vec!["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd".into()],
                        })
                        .build()
                        .expect("valid")
                },
                validate: dbss::UpdateAuditSecurityGroupRequest::validate,
                json: |r| serde_json::to_vec(&r.body),
                path: |_, project| {
                    format!(
                        "/v1/{}/dbss/audit/security-group",
                        encode_path_segment(project)
                    )
                },
            },
            &signer,
            &date,
            budget,
        ),
        measure_op(
            &Op {
                name: "dbss UpdateAuditSecurityGroupNew",
                method: Method::POST,
                content_type: "application/json;charset=utf-8",
                base: dbss_base.clone(),
                build: || {
                    dbss::UpdateAuditSecurityGroupNewRequest::builder()
                        .body(dbss::types::UpdateAuditSecurityGroupReq {
                            instance_id: DBSS_INSTANCE.into(),
                            securitygroup_ids: vec!["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd".into()],
                        })
                        .build()
                        .expect("valid")
                },
                validate: dbss::UpdateAuditSecurityGroupNewRequest::validate,
                json: |r| serde_json::to_vec(&r.body),
                path: |_, project| {
                    format!("/v1/{}/audit/security-group", encode_path_segment(project))
                },
            },
            &signer,
            &date,
            budget,
        ),
        measure_op(
            &Op {
                name: "dbss ChangeDbEncryptSecurityGroup",
                method: Method::PUT,
                content_type: "application/json",
                base: dbss_base,
                build: || {
                    dbss::ChangeDbEncryptSecurityGroupRequest::builder()
                        .instance_id(DBSS_INSTANCE)
                        .body(dbss::types::ChangeDbEncryptSecurityGroupReq {
                            security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
                        })
                        .build()
                        .expect("valid")
                },
                validate: dbss::ChangeDbEncryptSecurityGroupRequest::validate,
                json: |r| serde_json::to_vec(&r.body),
                path: |r, project| {
                    format!(
                        "/v1/{}/db-encrypt/{}/security-group",
                        encode_path_segment(project),
                        encode_path_segment(&r.instance_id)
                    )
                },
            },
            &signer,
            &date,
            budget,
        ),
        measure_op(
            &Op {
                name: "vpc UpdateSecurityGroup",
                method: Method::PUT,
                content_type: "application/json",
                base: vpc_base,
                build: vpc_request,
                validate: vpc::UpdateSecurityGroupRequest::validate,
                json: |r| serde_json::to_vec(&r.body),
                path: |r, project| {
                    format!(
                        "/v3/{}/vpc/security-groups/{}",
                        encode_path_segment(project),
                        encode_path_segment(&r.security_group_id)
                    )
                },
            },
            &signer,
            &date,
            budget,
        ),
    ];

    println!();
    println!("Per stage, median (min) per iteration:");
    println!();
    println!("| operation | body | build | validate | to_json | URL+headers | sign |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        let cells: Vec<String> = row
            .stages
            .iter()
            .map(|s| format!("{} ({})", show_ns(s.median), show_ns(s.min)))
            .collect();
        println!(
            "| {} | {} B | {} |",
            row.name,
            row.body_bytes,
            cells.join(" | ")
        );
    }
    println!();
    println!("The whole pipeline:");
    println!();
    println!("| operation | median | min | iterations | batch |");
    println!("|---|---:|---:|---:|---:|");
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {} |",
            row.name,
            show_ns(row.total.median),
            show_ns(row.total.min),
            row.total.iterations,
            row.total.batch
        );
    }
}

fn vpc_request() -> vpc::UpdateSecurityGroupRequest {
    vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id("1d8b19c7-7c56-48f7-a99b-4b40eb390967")
        .body(vpc::types::UpdateSecurityGroupReq {
            dry_run: None,
            security_group: vpc::types::UpdateSecurityGroupOption {
                name: Some("security_group_2".into()),
                description: Some("modified description".into()),
            },
        })
        .build()
        .expect("valid")
}

// ---------------------------------------------------------------------------------------------
// Part 2: requests per second against a local keep-alive server.
// ---------------------------------------------------------------------------------------------

/// What the server saw.
#[derive(Default)]
struct ServerStats {
    connections: AtomicUsize,
    requests: AtomicU64,
}

/// Accepts connections until told to stop or [`SERVER_LIFETIME`] is over.
async fn serve(listener: TcpListener, mut stop: watch::Receiver<bool>, stats: Arc<ServerStats>) {
    let response: Arc<[u8]> = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Request-Id: a8cf4f79ca3c22ca685e7e8872e8c20b\r\n\r\n{VPC_EXAMPLE}",
        VPC_EXAMPLE.len()
    )
    .into_bytes()
    .into();
    let accept = async {
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    stats.connections.fetch_add(1, Ordering::Relaxed);
                    let _ = stream.set_nodelay(true);
                    let (response, stats, mut stop) =
                        (response.clone(), stats.clone(), stop.clone());
                    tokio::spawn(async move {
                        tokio::select! {
                            _ = stop.changed() => {}
                            _ = connection(stream, &response, &stats) => {}
                        }
                    });
                }
            }
        }
    };
    let _ = tokio::time::timeout(SERVER_LIFETIME, accept).await;
}

/// Answers every request of one connection until the client closes it.
async fn connection(
    mut stream: TcpStream,
    response: &[u8],
    stats: &ServerStats,
) -> std::io::Result<()> {
    let mut buffer: Vec<u8> = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        // The head.
        let head_end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            if buffer.len() > MAX_REQUEST {
                return Ok(());
            }
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(&chunk[..n]);
        };
        let length = content_length(&buffer[..head_end]);
        if length > MAX_REQUEST {
            return Ok(());
        }
        // The body.
        while buffer.len() < head_end + length {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(&chunk[..n]);
        }
        buffer.drain(..head_end + length);
        stream.write_all(response).await?;
        stats.requests.fetch_add(1, Ordering::Relaxed);
    }
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

struct Phase {
    ok: u64,
    errors: u64,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

/// Calls `update_security_group` from `tasks` tasks until `duration` is over.
async fn phase(
    client: &vpc::Client,
    request: &Arc<vpc::UpdateSecurityGroupRequest>,
    tasks: usize,
    duration: Duration,
) -> Phase {
    let started = Instant::now();
    let deadline = started + duration;
    let sent = Arc::new(AtomicU64::new(0));
    let first_error = Arc::new(AtomicBool::new(false));
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let (client, request, sent, first_error) = (
                client.clone(),
                request.clone(),
                sent.clone(),
                first_error.clone(),
            );
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(1 << 16);
                let mut errors = 0u64;
                while Instant::now() < deadline
                    && sent.fetch_add(1, Ordering::Relaxed) < MAX_REQUESTS
                {
                    let t = Instant::now();
                    let result = client.update_security_group(&request).await;
                    let took = t.elapsed();
                    match result {
                        Ok(response) => {
                            black_box(response);
                            latencies.push(took);
                        }
                        Err(error) => {
                            if !first_error.swap(true, Ordering::Relaxed) {
                                eprintln!("request failed: {error}");
                            }
                            errors += 1;
                        }
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for handle in handles {
        let (mut some, e) = handle.await.expect("task");
        latencies.append(&mut some);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    Phase {
        ok: latencies.len() as u64,
        errors,
        elapsed,
        latencies,
    }
}

/// CPU time used by this process so far (user + system), from `/proc/self/stat`; `None`
/// where that file does not exist. Clock ticks are taken as 100 per second, Linux's `USER_HZ`.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn show_duration(d: Duration) -> String {
    show_ns(d.as_nanos() as f64)
}

fn rps(duration: Duration) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores())
        .enable_all()
        .build()
        .expect("runtime");
    println!();
    println!(
        "## rps: vpc update_security_group against 127.0.0.1 (keep-alive HTTP/1.1), ~{:.1} s per phase, {} runtime workers shared by client and server",
        duration.as_secs_f64(),
        cores()
    );
    println!();
    println!("| credentials | concurrency | requests | errors | time | requests/s | p50 | p99 | max | CPU/request | connections |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address: SocketAddr = listener.local_addr().expect("address");
        let stats = Arc::new(ServerStats::default());
        let (stop, stopped) = watch::channel(false);
        let server = tokio::spawn(serve(listener, stopped, stats.clone()));
        let request = Arc::new(vpc_request());
        let credentials = [
            ("token", Credentials::token("bench-iam-token")),
            (
                "AK/SK",
                Credentials::permanent("BENCHAK0000000000000", "bench-secret-key"),
            ),
        ];
        for (label, credentials) in credentials {
            for tasks in [1, 16] {
                // A client of its own, so its connections are counted on their own.
                let config = Config::builder()
                    .credentials(credentials.clone())
                    .project_id(PROJECT_ID)
                    .endpoint(&format!("http://{address}"))
                    .build()
                    .expect("config");
                let client = vpc::Client::new(config).expect("client");
                let connections_before = stats.connections.load(Ordering::Relaxed);
                let warm = phase(&client, &request, tasks, Duration::from_millis(500)).await;
                assert_eq!(warm.errors, 0, "the warm-up failed");
                let cpu_before = process_cpu();
                let p = phase(&client, &request, tasks, duration).await;
                let cpu = match (cpu_before, process_cpu()) {
                    (Some(before), Some(after)) if p.ok > 0 => {
                        show_duration((after - before) / u32::try_from(p.ok).unwrap_or(u32::MAX))
                    }
                    _ => "-".to_owned(),
                };
                let connections = stats.connections.load(Ordering::Relaxed) - connections_before;
                let rate = p.ok as f64 / p.elapsed.as_secs_f64();
                println!(
                    "| {label} | {tasks} | {} | {} | {:.2} s | {rate:.0} | {} | {} | {} | {cpu} | {connections} |",
                    p.ok,
                    p.errors,
                    p.elapsed.as_secs_f64(),
                    show_duration(percentile(&p.latencies, 50)),
                    show_duration(percentile(&p.latencies, 99)),
                    show_duration(p.latencies.last().copied().unwrap_or_default()),
                );
            }
        }
        let _ = stop.send(true);
        let _ = server.await;
        println!();
        println!(
            "server: {} connections, {} requests answered",
            stats.connections.load(Ordering::Relaxed),
            stats.requests.load(Ordering::Relaxed)
        );
    });
    runtime.shutdown_timeout(Duration::from_secs(1));
}
