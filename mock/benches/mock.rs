//! How fast `hwcloud-mock` starts and answers, and how much memory it holds, measured on the
//! binary as a user runs it: `cargo bench -p hwcloud-mock`.
//!
//! - **start**: from spawning `hwcloud-mock --port 0 spec/` to its first line ("... on
//!   http://127.0.0.1:PORT"), which it prints once it listens; the minimum and median of
//!   `BENCH_STARTS` (default 20) starts. Also the library's `Builder::start` in process.
//! - **answer**: one keep-alive connection, VPC's example request with a token, sent
//!   `BENCH_REQUESTS` (default 2000) times after 200 for warm-up; median and 99th percentile of
//!   the round trip as the client sees it. The same with an AK/SK signature (the mock
//!   verifies each).
//! - **memory**: the mock's resident set (`VmRSS`) and its peak (`VmHWM`) from
//!   `/proc/PID/status` after the requests.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hwcloud::signing::Signer;

const PATH: &str =
    "/v3/23a50154cf494ec9ad6883979a12db0a/vpc/security-groups/1d8b19c7-7c56-48f7-a99b-4b40eb390967";
const BODY: &str =
    r#"{"security_group":{"name":"security_group_2","description":"modified description"}}"#;

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn spec() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// Starts the binary on a free port: the child, its URL and the time to its first line.
fn spawn() -> (Child, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hwcloud-mock"))
        .args(["--port", "0"])
        .arg(spec())
        .env("CLOUD_SDK_AK", "BENCHAK")
        .env("CLOUD_SDK_SK", "bench-secret")
        .stdout(Stdio::piped())
        .spawn()
        .expect("the mock binary runs");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout);
    let mut line = String::new();
    lines.read_line(&mut line).expect("a first line");
    let took = started.elapsed();
    // Its line per request must go somewhere, or a full pipe would stall it.
    std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the URL in the first line")
        .to_owned();
    (child, url, took)
}

fn stats(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    (samples[0], at(0.5), at(0.99))
}

fn proc_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

async fn answers(url: &str, signed: bool, count: usize) -> Vec<Duration> {
    let client = reqwest::Client::new();
    let signer = Signer::new("BENCHAK", "bench-secret");
    let mut samples = Vec::with_capacity(count);
    for i in 0..count + 200 {
        let started = Instant::now();
        let request = if signed {
            let mut request = http::Request::builder()
                .method("PUT")
                .uri(format!("{url}{PATH}"))
                .header("content-type", "application/json")
                .body(BODY.as_bytes().to_vec())
                .expect("request");
            signer
                .sign_request(&mut request, None, hwcloud::signing::SdkDate::now())
                .expect("signed");
            reqwest::Request::try_from(request).expect("request")
        } else {
            client
                .put(format!("{url}{PATH}"))
                .header("content-type", "application/json")
                .header("x-auth-token", "bench")
                .body(BODY)
                .build()
                .expect("request")
        };
        let response = client.execute(request).await.expect("answered");
        assert_eq!(response.status(), 200);
        let _ = response.bytes().await.expect("body");
        if i >= 200 {
            samples.push(started.elapsed());
        }
    }
    samples
}

fn main() {
    let starts = env_count("BENCH_STARTS", 20);
    let requests = env_count("BENCH_REQUESTS", 2000);
    let mut times = Vec::new();
    for _ in 0..starts {
        let (mut child, _, took) = spawn();
        times.push(took);
        let _ = child.kill();
        let _ = child.wait();
    }
    let (min, median, _) = stats(times);
    println!("start (binary, spec/: 3 documents, 6 operations): min {min:?}, median {median:?} over {starts}");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut in_process = Vec::new();
    for _ in 0..starts {
        let started = Instant::now();
        let mock = runtime.block_on(
            hwcloud_mock::MockServer::builder()
                .documents(vec![spec()])
                .start(),
        );
        in_process.push(started.elapsed());
        drop(mock.expect("starts"));
    }
    let (min, median, _) = stats(in_process);
    println!(
        "start (library, Builder::start on spec/): min {min:?}, median {median:?} over {starts}"
    );

    let (mut child, url, _) = spawn();
    for signed in [false, true] {
        let samples = runtime.block_on(answers(&url, signed, requests));
        let (min, median, p99) = stats(samples);
        let how = if signed { "AK/SK signature" } else { "token" };
        println!("answer (VPC example, {how}): min {min:?}, median {median:?}, p99 {p99:?} over {requests}");
    }
    let rss = proc_kib(child.id(), "VmRSS:");
    let hwm = proc_kib(child.id(), "VmHWM:");
    println!(
        "memory after {} requests: VmRSS {:.1} MiB, VmHWM {:.1} MiB",
        2 * (requests + 200),
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    let _ = child.kill();
    let _ = child.wait();
}
