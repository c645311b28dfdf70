//! `hwcloud-mock [--port PORT] [--host ADDR] [PATH ...]`: serves the operations of the
//! documents at PATH (default: the project's `spec/`) until interrupted, printing where it
//! listens and a line per request. Credentials come from the environment: see
//! [`hwcloud_mock::Keys::from_env`].

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use hwcloud_mock::{Keys, MockServer};

/// A fake Huawei Cloud serving the operations of OpenAPI documents.
#[derive(Parser)]
#[command(name = "hwcloud-mock", version)]
struct Args {
    /// The port to listen on.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Documents, or folders of documents (default: the project's spec/).
    paths: Vec<PathBuf>,
}

/// Prints a line; a closed standard output is no reason to stop serving.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let mut builder = MockServer::builder();
    if !args.paths.is_empty() {
        builder = builder.documents(args.paths);
    } else {
        // The project's spec/ as it is now, else (a binary moved away from its checkout)
        // the copies built in.
        let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec");
        if spec.is_dir() {
            builder = builder.documents(vec![spec]);
        }
    }
    let keys = Keys::from_env();
    let started = builder
        .address(SocketAddr::new(args.host, args.port))
        .keys(keys.clone())
        .log(true)
        .start()
        .await;
    let mock = match started {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    say(&format!(
        "hwcloud-mock: {} operations on {} (set CLOUD_SDK_ENDPOINT={})",
        mock.operations().len(),
        mock.url(),
        mock.url()
    ));
    let signatures = match &keys.access {
        Some((ak, _)) => format!("signatures of AK {ak}"),
        None => "no signature (set both CLOUD_SDK_AK and CLOUD_SDK_SK)".to_owned(),
    };
    let tokens = match &keys.token {
        Some(_) => "the token of CLOUD_SDK_TOKEN",
        None => "any non-empty token",
    };
    let accepts = format!("{tokens} and {signatures}");
    say(&format!("hwcloud-mock: accepts {accepts}"));
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
    ExitCode::SUCCESS
}
