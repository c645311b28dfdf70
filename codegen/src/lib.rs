//! Loads, checks and turns OpenAPI 3.0 documents into Rust clients for the `hwcloud` crate.
//!
//! The pipeline has named stages, one module each: [`load`] reads files into positioned
//! trees and follows `$ref`s across files, [`check`] runs every rule and collects
//! [`diag::Diagnostic`]s, and [`report`] renders them. The CLI (`hwcloud-codegen`), the
//! crate's `build.rs` and the tests all call the functions here.
//!
//! ```no_run
//! let report = hwcloud_codegen::validate(&["spec".into()], hwcloud_codegen::Purpose::Validate)?;
//! for finding in &report.findings {
//!     eprintln!("{}:{}:{}: {}", finding.file, finding.line, finding.column, finding.message);
//! }
//! # Ok::<(), hwcloud_codegen::load::LoadError>(())
//! ```

pub mod check;
pub mod diag;
pub mod instance;
pub mod load;
pub mod report;

use std::path::PathBuf;

pub use check::Purpose;
use diag::{Diagnostic, Severity};
use load::{DocSet, LoadError};

/// The outcome of loading and checking a set of documents.
#[derive(Debug)]
pub struct Report {
    pub docs: DocSet,
    pub findings: Vec<Diagnostic>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Loads the documents at `paths` (files, or folders whose YAML/JSON files are documents)
/// with everything they reference, and checks them. `Err` only when input cannot be read.
pub fn validate(paths: &[PathBuf], purpose: Purpose) -> Result<Report, LoadError> {
    let docs = DocSet::load(paths)?;
    let findings = check::check(&docs, purpose);
    Ok(Report { docs, findings })
}
