#![warn(missing_docs)]
//! Loads, checks and turns OpenAPI 3.0 and 3.1 documents into Rust clients for the `hwcloud` crate.
//!
//! The pipeline has named stages, one module each, run in turn by the functions here:
//! [`load`] reads files into positioned trees and follows `$ref`s across files, [`check`]
//! runs every rule, [`lower`] turns what was checked into the [`ir`], [`emit`] writes it as
//! Rust and formats it. Each stage imports only earlier ones and [`base`], what they share
//! (findings, rule ids, the pattern cache, the options); none calls a later one. The checks
//! and the lowering report into one [`base::Findings`], turned into [`diag::Diagnostic`]s
//! here, which [`report`] renders. The CLI (`hwcloud-codegen`), the crate's `build.rs` and
//! the tests all call the functions here.
//!
//! ```no_run
//! let report = hwcloud_codegen::validate(&["spec".into()], hwcloud_codegen::Purpose::Validate)?;
//! for finding in &report.findings {
//!     eprintln!("{}:{}:{}: {}", finding.file, finding.line, finding.column, finding.message);
//! }
//! # Ok::<(), hwcloud_codegen::load::LoadError>(())
//! ```

pub mod base;
pub mod check;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod instance;
pub mod ir;
pub mod load;
pub mod lower;
pub mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use base::{DateTimeAs, Options, Purpose};
use diag::{Diagnostic, Severity};
use emit::EmitError;
use ir::Api;
use load::{DocSet, LoadError};

/// The outcome of loading and checking a set of documents.
#[derive(Debug)]
pub struct Report {
    /// The documents as loaded, for rendering findings with their source lines.
    pub docs: DocSet,
    /// Every finding, sorted by file and position, without repeats.
    pub findings: Vec<Diagnostic>,
}

impl Report {
    /// The number of findings of severity error.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The number of findings of severity warning.
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
    let findings = validate_loaded(&docs, purpose);
    Ok(Report { docs, findings })
}

/// The findings of [`validate`] on documents already loaded (say, from text by
/// [`DocSet::from_text`]): the checks' and the lowering's, which [`check::check`] alone
/// does not run.
pub fn validate_loaded(docs: &DocSet, purpose: Purpose) -> Vec<Diagnostic> {
    analyze(docs, purpose, &Options::default()).findings
}

/// The findings about a document set and, lowered from it, what the generator emits.
struct Analysis {
    /// Every finding, loading's included, sorted by file and position, without repeats.
    findings: Vec<Diagnostic>,
    /// One lowered API per entry document whose syntax could be read, in entry order.
    apis: Vec<Api>,
}

/// The stages between loading and emitting, in turn. The lowering reports into the checks'
/// findings: what the generator cannot handle is a finding of the `unsupported` rule, so
/// `validate` reports it too (as a warning).
fn analyze(docs: &DocSet, purpose: Purpose, options: &Options) -> Analysis {
    let check::Checked {
        mut findings,
        sites,
        required_cycles,
        patterns,
    } = check::run(docs);
    let apis = lower::lower(
        docs,
        &sites,
        &patterns,
        &required_cycles,
        &mut findings,
        options,
    );
    Analysis {
        findings: findings.into_diagnostics(docs, purpose),
        apis,
    }
}

/// What `generate` produced: the findings, and the files (none when there are errors).
#[derive(Debug)]
pub struct Generation {
    /// The findings of loading and checking the documents.
    pub report: Report,
    /// File name (`vpc.rs`, and `mod.rs` that includes the others) to content.
    pub files: BTreeMap<String, String>,
}

/// Loads and checks the documents at `paths` as the generator reads them, and generates a
/// module per document when there is no error.
pub fn generate(paths: &[PathBuf]) -> Result<Generation, GenerateError> {
    generate_with(paths, &Options::default())
}

/// [`generate`] with other [`Options`] than the defaults.
pub fn generate_with(paths: &[PathBuf], options: &Options) -> Result<Generation, GenerateError> {
    let docs = DocSet::load(paths).map_err(GenerateError::Load)?;
    generate_loaded(docs, options)
}

/// [`generate_with`] on documents already loaded (say, from text by [`DocSet::from_text`]):
/// every stage after loading, emitting and formatting included.
pub fn generate_loaded(docs: DocSet, options: &Options) -> Result<Generation, GenerateError> {
    let analysis = analyze(&docs, Purpose::Generate, options);
    let report = Report {
        docs,
        findings: analysis.findings,
    };
    let mut files = BTreeMap::new();
    if report.errors() == 0 {
        let header = emit::header(options.regenerate.as_deref());
        let emitted = emit::emit(&analysis.apis, &header).map_err(GenerateError::Emit)?;
        for (api, content) in analysis.apis.iter().zip(emitted) {
            files.insert(format!("{}.rs", api.module), content);
        }
        files.insert(
            "mod.rs".to_string(),
            emit::index(&analysis.apis, &header).map_err(GenerateError::Emit)?,
        );
    }
    Ok(Generation { report, files })
}

/// What `diff` found between two revisions of a set of documents.
#[derive(Debug)]
pub struct Comparison {
    /// The old revision's documents, for rendering what was removed.
    pub old: DocSet,
    /// The new revision's documents.
    pub new: DocSet,
    /// Every change, classified for HTTP clients and for Rust code.
    pub changes: Vec<diff::Change>,
    /// The errors of either revision: a revision with errors cannot be compared reliably.
    pub errors: Vec<Diagnostic>,
}

/// Compares two revisions already loaded: each is checked and lowered as `generate` would,
/// and their operations compared (`diff`).
pub fn compare_loaded(old: DocSet, new: DocSet) -> Comparison {
    // The revisions are independent until compared: one is analysed on another thread.
    let run = |docs: DocSet| {
        let analysis = analyze(&docs, Purpose::Generate, &Options::default());
        (docs, analysis)
    };
    let other = std::thread::spawn(move || run(old));
    let (new, after) = run(new);
    let (old, before) = match other.join() {
        Ok(done) => done,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let errors = before
        .findings
        .into_iter()
        .chain(after.findings)
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let changes = diff::compare(&old, &new, &before.apis, &after.apis);
    Comparison {
        old,
        new,
        changes,
        errors,
    }
}

/// Why `generate` could not run at all (findings are reported, not returned as errors).
#[derive(Debug)]
pub enum GenerateError {
    /// An input could not be read.
    Load(LoadError),
    /// The generated code did not parse: a bug of the generator.
    Emit(EmitError),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Load(e) => e.fmt(f),
            GenerateError::Emit(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for GenerateError {}

/// What [`sync_files`] does with files that differ from the generated ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// Write what changed, remove generated `.rs` files no document produces any more.
    Write,
    /// Change nothing; report what differs.
    Check,
}

/// Brings `dir` in line with `files`: returns the names of the files that differed (written,
/// removed, or in check mode stale). Newlines are compared normalised, so a checkout with
/// CRLF line ends is not "stale".
pub fn sync_files(
    dir: &Path,
    files: &BTreeMap<String, String>,
    mode: Sync,
) -> std::io::Result<Vec<String>> {
    let mut differing = Vec::new();
    for (name, content) in files {
        let path = dir.join(name);
        let current = std::fs::read_to_string(&path).ok();
        if current.map(|c| c.replace("\r\n", "\n")) != Some(content.clone()) {
            differing.push(name.clone());
            if mode == Sync::Write {
                std::fs::create_dir_all(dir)?;
                std::fs::write(&path, content)?;
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut extra: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs") && !files.contains_key(n))
            .collect();
        extra.sort();
        for name in extra {
            let path = dir.join(&name);
            let generated = std::fs::read_to_string(&path)
                .is_ok_and(|c| c.starts_with("// @generated by hwcloud-codegen"));
            if generated {
                if mode == Sync::Write {
                    std::fs::remove_file(&path)?;
                }
                differing.push(name);
            }
        }
    }
    Ok(differing)
}
