//! Snapshot tests of the diagnostics: every document of `tests/validate/` is validated on its
//! own and its findings, one line each, are compared with the `.expected` file beside it:
//!
//! ```text
//! <severity>[<rule>] <file>:<line>:<column>: <message>
//! ```
//!
//! `<file>` is relative to `tests/validate/` with forward slashes. Documents are the `*.yaml`
//! files directly in `tests/validate/` and in `tests/validate/refs/`, except files whose name
//! starts with `_`: those are fragments, reached only through `$ref`s of the documents.
//!
//! Run with `EXPECTORATE=overwrite` to (re)write the `.expected` files from the current
//! output (refused in CI; see `tests/snapshot/mod.rs`).

mod snapshot;

use std::path::{Path, PathBuf};

use hwcloud_codegen::check::rules::ALL;
use hwcloud_codegen::diag::Diagnostic;
use hwcloud_codegen::{validate, Purpose};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn snapshot_dir() -> PathBuf {
    manifest_dir().join("tests").join("validate")
}

/// The folders holding documents, relative to the snapshot folder.
const FOLDERS: &[&str] = &["", "refs"];

fn is_fragment(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('_'))
}

/// Every document to snapshot, sorted.
fn documents() -> Vec<PathBuf> {
    let root = snapshot_dir();
    let mut out = Vec::new();
    for folder in FOLDERS {
        let dir = root.join(folder);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_file()
                && path.extension().and_then(|e| e.to_str()) == Some("yaml")
                && !is_fragment(&path)
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `path` relative to the snapshot folder, with forward slashes.
fn relative_name(path: &Path) -> String {
    path.strip_prefix(snapshot_dir())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Prefixes of the snapshot folder as they may appear in findings (as given and canonical),
/// longest first, each ending with `/`.
fn folder_prefixes() -> Vec<String> {
    let dir = snapshot_dir();
    let mut prefixes = vec![dir.to_string_lossy().replace('\\', "/")];
    if let Ok(canonical) = std::fs::canonicalize(&dir) {
        prefixes.push(canonical.to_string_lossy().replace('\\', "/"));
    }
    if let Ok(cwd) = std::env::current_dir() {
        if let Ok(rel) = dir.strip_prefix(&cwd) {
            prefixes.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    let mut prefixes: Vec<String> = prefixes
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| format!("{}/", p.trim_end_matches('/')))
        .collect();
    prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    prefixes.dedup();
    prefixes
}

/// The file of a finding relative to the snapshot folder, whatever the working directory.
fn finding_file(file: &str) -> String {
    let path = Path::new(file);
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let canonical_dir = std::fs::canonicalize(snapshot_dir()).unwrap_or_else(|_| snapshot_dir());
    // The file itself may not exist (a `$ref` to a missing file): canonicalize its folder.
    let canonical = match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or_else(|_| absolute.clone()),
        _ => absolute.clone(),
    };
    match canonical.strip_prefix(&canonical_dir) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => strip_folder(&file.replace('\\', "/")),
    }
}

/// Removes the snapshot folder from paths inside free text (messages naming files).
fn strip_folder(text: &str) -> String {
    let mut text = text.to_string();
    for prefix in folder_prefixes() {
        text = text.replace(&prefix, "");
    }
    text
}

fn render(finding: &Diagnostic) -> String {
    format!(
        "{}[{}] {}:{}:{}: {}",
        finding.severity.as_str(),
        finding.rule,
        finding_file(&finding.file),
        finding.line,
        finding.column,
        strip_folder(&finding.message)
    )
}

/// The snapshot text of one document: its lines, each ended by a newline.
fn actual_text(path: &Path) -> String {
    let lines = match validate(&[path.to_path_buf()], Purpose::Validate) {
        Ok(report) => report.findings.iter().map(render).collect(),
        Err(error) => vec![format!("load-error: {}", strip_folder(&error.to_string()))],
    };
    lines.iter().map(|line| format!("{line}\n")).collect()
}

fn expected_path(document: &Path) -> PathBuf {
    document.with_extension("expected")
}

fn read_expected(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

#[test]
fn diagnostics_match_snapshots() {
    let documents = documents();
    assert!(!documents.is_empty(), "no documents in tests/validate");
    snapshot::assert_files(
        documents
            .iter()
            .map(|document| (expected_path(document), actual_text(document))),
    );
}

/// A snapshot whose document is gone is stale.
#[test]
fn every_snapshot_has_a_document() {
    let documents = documents();
    let mut stale = Vec::new();
    for folder in FOLDERS {
        let dir = snapshot_dir().join(folder);
        for entry in std::fs::read_dir(&dir)
            .expect("list snapshot folder")
            .flatten()
        {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) == Some("expected")
                && !documents.contains(&path.with_extension("yaml"))
            {
                stale.push(relative_name(&path));
            }
        }
    }
    assert!(stale.is_empty(), "snapshots without a document: {stale:?}");
}

/// Every rule has its document `<rule-id>.yaml` whose snapshot shows that rule.
#[test]
fn every_rule_has_a_document() {
    let mut missing = Vec::new();
    for rule in ALL {
        let document = snapshot_dir().join(format!("{}.yaml", rule.id));
        let shown = read_expected(&expected_path(&document)).is_some_and(|lines| {
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{}[{}] ", rule.severity.as_str(), rule.id)))
        });
        if !document.is_file() || !shown {
            missing.push(rule.id);
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a document showing them in tests/validate: {missing:?}"
    );
}

/// A legal recursive schema gives no finding at all.
#[test]
fn recursive_schema_is_valid() {
    let document = snapshot_dir().join("valid-recursive.yaml");
    let report = validate(&[document], Purpose::Validate).expect("readable");
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

/// The hand-written documents of `spec/` are clean.
#[test]
fn spec_has_no_findings() {
    let spec = manifest_dir().join("spec");
    let report = validate(&[spec], Purpose::Validate).expect("spec/ readable");
    let lines: Vec<String> = report
        .findings
        .iter()
        .map(|d| {
            format!(
                "{}[{}] {}:{}:{}: {}",
                d.severity.as_str(),
                d.rule,
                d.file,
                d.line,
                d.column,
                d.message
            )
        })
        .collect();
    assert!(
        lines.is_empty(),
        "spec/ has {} finding(s):\n{}",
        lines.len(),
        lines.join("\n")
    );
}
