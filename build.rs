//! Checks the OpenAPI documents of `spec/` before the crate is compiled, so a bad spec fails
//! the build with the same diagnostics `hwcloud-codegen validate` prints.

use std::path::PathBuf;

use hwcloud_codegen::report::{render, Format};
use hwcloud_codegen::{validate, Purpose};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let spec = root.join("spec");
    println!("cargo:rerun-if-changed={}", spec.display());
    let report = match validate(&[spec], Purpose::Generate) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    };
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
            "error: spec/ has {} error(s); fix them, then run `cargo run -p hwcloud-codegen -- validate` to check",
            report.errors()
        );
        std::process::exit(1);
    }
}
