//! `diff` on the document pairs of `tests/diff/`: each folder holds `old.yaml` and `new.yaml`
//! (one edit of a base document, made by `tests/diff/pairs.py`) and `expected`, what `diff`
//! must say of them, one change per line: the HTTP class, the Rust class, the check, the
//! operation, where (revision file:line:column and pointer) and the message. Rewrite the
//! expectations after a deliberate change with `EXPECTORATE=overwrite`.

use std::path::{Path, PathBuf};

use hwcloud_codegen::diff::checks::ALL;
use hwcloud_codegen::diff::Change;
use hwcloud_codegen::load::DocSet;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/diff")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

fn line(change: &Change) -> String {
    let file = Path::new(&change.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(
        "{} {} {} {} @ {file}:{}:{} {}: {}\n",
        change.http.as_str(),
        change.rust.as_str(),
        change.check.id,
        change.operation,
        change.line,
        change.column,
        change.pointer,
        change.message
    )
}

fn compare(case: &Path) -> Vec<Change> {
    let load = |name: &str| DocSet::load(&[case.join(name)]).expect("readable");
    let comparison = hwcloud_codegen::compare_loaded(load("old.yaml"), load("new.yaml"));
    assert!(
        comparison.errors.is_empty(),
        "{}: {:?}",
        case.display(),
        comparison.errors
    );
    comparison.changes
}

#[test]
fn each_pair_gives_its_expected_changes() {
    let cases = cases();
    assert!(cases.len() > 60, "the pairs are missing: {}", cases.len());
    for case in &cases {
        let text: String = compare(case).iter().map(line).collect();
        expectorate::assert_contents(case.join("expected"), &text);
    }
}

#[test]
fn every_check_is_seeded_by_a_pair_named_after_it() {
    let names: Vec<String> = cases()
        .iter()
        .map(|c| c.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    for check in ALL {
        let seeded = names
            .iter()
            .any(|n| n == check.id || n.starts_with(&format!("{}-", check.id)));
        let rust_only =
            check.id == "rust-api-changed" && names.iter().any(|n| n == "component-renamed");
        assert!(seeded || rust_only, "no pair seeds `{}`", check.id);
    }
    // And each such pair finds its check.
    for case in cases() {
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if let Some(check) = ALL
            .iter()
            .find(|c| name == c.id || name.starts_with(&format!("{}-", c.id)))
        {
            let changes = compare(&case);
            assert!(
                changes.iter().any(|c| c.check == *check),
                "{name}: {changes:#?}"
            );
        }
    }
}

#[test]
fn what_does_not_change_what_is_allowed_reports_nothing_for_http() {
    for name in [
        "unchanged",
        "description-edited",
        "keys-reordered",
        "moved-into-ref",
        "path-parameter-renamed",
        "component-renamed",
    ] {
        let case = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/diff")
            .join(name);
        let changes = compare(&case);
        let http: Vec<&Change> = changes
            .iter()
            .filter(|c| c.check.id != "rust-api-changed")
            .collect();
        assert!(http.is_empty(), "{name}: {http:#?}");
    }
    for name in ["unchanged", "description-edited", "keys-reordered"] {
        let case = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/diff")
            .join(name);
        assert!(compare(&case).is_empty(), "{name}");
    }
}

#[test]
fn a_change_in_a_component_is_reported_under_every_operation_using_it() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/response-property-added");
    let operations: Vec<String> = compare(&case).into_iter().map(|c| c.operation).collect();
    assert_eq!(
        operations,
        ["GET /pets", "GET /pets/{petId}", "PUT /pets/{petId}"]
    );
}

#[test]
fn the_readme_lists_every_check() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .expect("README.md");
    for check in ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            check.id,
            check.http.as_str(),
            check.summary
        );
        assert!(readme.contains(&row), "README.md lacks the row {row}");
    }
}
