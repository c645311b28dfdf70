//! Generates the clients from the OpenAPI documents of `spec/` into `OUT_DIR` before the
//! crate is compiled; a bad spec fails the build with the diagnostics `validate` prints.

use std::path::PathBuf;

use hwcloud_codegen::report::{render, Format};
use hwcloud_codegen::{generate, sync_files, Sync};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let spec = root.join("spec");
    println!("cargo:rerun-if-changed={}", spec.display());
    let generation = match generate(&[spec]) {
        Ok(generation) => generation,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    };
    let report = &generation.report;
    // Cargo watches a folder only for files added or removed directly inside it, so every
    // file read (shared fragments included) is named.
    for file in &report.docs.files {
        println!("cargo:rerun-if-changed={}", file.path.display());
    }
    if report.errors() > 0 {
        eprint!(
            "{}",
            render(Format::Human, &report.findings, &report.docs, false)
        );
        eprintln!(
            "error: spec/ has {} error(s); fix them, then check with `cargo run -p hwcloud-codegen -- validate`",
            report.errors()
        );
        std::process::exit(1);
    }
    // Warnings (an operation left out, an example that breaks its schema) must not pass
    // unseen: Cargo shows build-script output only through `cargo:warning`.
    for finding in report.findings.iter().filter(|f| !f.is_error()) {
        println!(
            "cargo:warning={}:{}:{}: {} [{}]",
            finding.file, finding.line, finding.column, finding.message, finding.rule
        );
    }
    if let Err(error) = sync_files(&out, &generation.files, Sync::Write) {
        eprintln!(
            "error: cannot write the generated code into {}: {error}",
            out.display()
        );
        std::process::exit(1);
    }
}
