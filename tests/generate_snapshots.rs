//! Snapshot tests of the generator: every document `tests/generate/<name>.yaml` is generated
//! on its own and compared with the expected output beside it:
//!
//! - `<name>.rs`: the generated module (`files["<name>.rs"]`), when the document generates;
//! - `<name>.findings`: one line per finding, when the document has errors:
//!
//! ```text
//! <severity>[<rule>] <line>:<column>: <message>
//! ```
//!
//! Run with `EXPECTORATE=overwrite` to (re)write the expected files from the current output
//! (refused in CI; see `tests/snapshot/mod.rs`). `tests/generate_compile.rs` compiles every
//! `.rs` snapshot of the folder.

mod snapshot;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hwcloud_codegen::{generate, Generation};

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("generate")
}

/// Every document of the snapshot folder, sorted.
fn documents() -> Vec<PathBuf> {
    let dir = snapshot_dir();
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file() && p.extension().and_then(|e| e.to_str()) == Some("yaml"))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no documents in {}", dir.display());
    out
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .expect("UTF-8 file stem")
        .to_string()
}

/// The module name the generator derives from a file stem (the stems are chosen to be
/// snake-case identifiers already, so this is only a safety net for `-` and case).
fn module_name(stem: &str) -> String {
    stem.replace('-', "_").to_ascii_lowercase()
}

fn run(paths: &[PathBuf]) -> Generation {
    generate(paths).unwrap_or_else(|e| panic!("generate({paths:?}) failed to run: {e}"))
}

fn findings_text(generation: &Generation) -> String {
    let mut out = String::new();
    for d in &generation.report.findings {
        writeln!(
            out,
            "{}[{}] {}:{}: {}",
            d.severity.as_str(),
            d.rule,
            d.line,
            d.column,
            d.message
        )
        .expect("write to string");
    }
    out
}

/// The one generated module of a single-document generation.
fn module_of(generation: &Generation, stem: &str) -> Result<String, String> {
    let modules: Vec<(&String, &String)> = generation
        .files
        .iter()
        .filter(|(name, _)| name.as_str() != "mod.rs")
        .collect();
    let expected_name = format!("{}.rs", module_name(stem));
    match modules.as_slice() {
        [(name, content)] if **name == expected_name => Ok((*content).clone()),
        _ => Err(format!(
            "expected exactly one module `{expected_name}`, got {:?}",
            modules.iter().map(|(n, _)| n).collect::<Vec<_>>()
        )),
    }
}

/// Whether a document's expected output is its findings rather than a module: when it has
/// errors. Warnings (an operation left out as `unsupported` among them) do not stop
/// generation.
fn expects_findings(generation: &Generation) -> bool {
    generation.report.errors() > 0
}

/// The expected file and the actual content for one document.
fn actual(path: &Path) -> (PathBuf, String) {
    let stem = stem(path);
    let generation = run(&[path.to_path_buf()]);
    if expects_findings(&generation) {
        if generation.report.errors() > 0 {
            assert!(
                generation.files.is_empty(),
                "{stem}: files generated despite errors"
            );
        }
        (
            path.with_file_name(format!("{stem}.findings")),
            findings_text(&generation),
        )
    } else {
        let content = module_of(&generation, &stem).unwrap_or_else(|e| panic!("{stem}: {e}"));
        (path.with_file_name(format!("{stem}.rs")), content)
    }
}

/// A readable line diff: the differing lines (`-` expected, `+` actual) with context, from
/// a longest-common-subsequence alignment, cut after a screenful.
fn diff(expected: &str, actual: &str) -> String {
    const CONTEXT: usize = 3;
    const MAX_LINES: usize = 60;
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    // Common prefix and suffix are not aligned by the quadratic step.
    let prefix = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = e[prefix..]
        .iter()
        .rev()
        .zip(a[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (em, am) = (&e[prefix..e.len() - suffix], &a[prefix..a.len() - suffix]);
    // lcs[i][j]: the LCS length of em[i..] and am[j..].
    let mut lcs = vec![vec![0u32; am.len() + 1]; em.len() + 1];
    for i in (0..em.len()).rev() {
        for j in (0..am.len()).rev() {
            lcs[i][j] = if em[i] == am[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // The edit script over the whole files: (tag, expected line number, text).
    let mut script: Vec<(char, usize, &str)> = Vec::new();
    script.extend(
        e[..prefix]
            .iter()
            .enumerate()
            .map(|(n, l)| (' ', n + 1, *l)),
    );
    let (mut i, mut j) = (0, 0);
    while i < em.len() || j < am.len() {
        if i < em.len() && j < am.len() && em[i] == am[j] {
            script.push((' ', prefix + i + 1, em[i]));
            i += 1;
            j += 1;
        } else if j < am.len() && (i == em.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            script.push(('+', prefix + i + 1, am[j]));
            j += 1;
        } else {
            script.push(('-', prefix + i + 1, em[i]));
            i += 1;
        }
    }
    let tail = e.len() - suffix;
    script.extend(
        e[tail..]
            .iter()
            .enumerate()
            .map(|(n, l)| (' ', tail + n + 1, *l)),
    );
    // Print changed lines and their context, hunk by hunk.
    let changed: Vec<usize> = (0..script.len()).filter(|&k| script[k].0 != ' ').collect();
    let mut out = String::new();
    let mut printed = 0;
    let mut last: Option<usize> = None;
    for &k in &changed {
        let from = k.saturating_sub(CONTEXT);
        let to = (k + CONTEXT + 1).min(script.len());
        let start = match last {
            Some(l) if from <= l + 1 => l + 1,
            _ => {
                writeln!(out, "@@ expected line {} @@", script[from].1).expect("write to string");
                from
            }
        };
        for (tag, _, text) in &script[start.max(last.map_or(0, |l| l + 1))..to] {
            if printed == MAX_LINES {
                writeln!(
                    out,
                    "... (diff cut; {} changed lines in all)",
                    changed.len()
                )
                .expect("write to string");
                return out;
            }
            writeln!(out, "{tag} {text}").expect("write to string");
            printed += 1;
        }
        last = Some(to - 1);
    }
    out
}

#[test]
fn generated_modules_match_snapshots() {
    snapshot::assert_files(documents().iter().map(|path| actual(path)));
}

/// Every file beside the documents is the expected output of one of them: no `.rs` or
/// `.findings` outlives its document, or stays when the document's output changed kind.
/// (`options/` holds documents generated with options, each checked by its own test: there a
/// snapshot needs only its document.)
#[test]
fn every_snapshot_belongs_to_a_document() {
    let expected: Vec<PathBuf> = documents().iter().map(|path| actual(path).0).collect();
    let mut stale = Vec::new();
    for dir in [snapshot_dir(), snapshot_dir().join("options")] {
        for entry in std::fs::read_dir(&dir).expect("list the snapshot folder") {
            let path = entry.expect("directory entry").path();
            if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("rs" | "findings")
            ) {
                continue;
            }
            let belongs = if dir == snapshot_dir() {
                expected.contains(&path)
            } else {
                path.with_extension("yaml").is_file()
            };
            if !belongs {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots without a document, or of the wrong kind: {stale:?}"
    );
}

#[test]
fn every_document_generates_and_only_unsupported_yaml_leaves_operations_out() {
    // Every document generates (they exist to be compiled by `tests/generate_compile.rs`),
    // and only `unsupported.yaml` has operations the generator leaves out.
    for path in documents() {
        let generation = run(std::slice::from_ref(&path));
        assert!(
            !expects_findings(&generation),
            "{}: findings:\n{}",
            path.display(),
            findings_text(&generation)
        );
        let unsupported = generation
            .report
            .findings
            .iter()
            .any(|d| d.rule == "unsupported");
        assert_eq!(
            unsupported,
            stem(&path) == "unsupported",
            "{}: findings:\n{}",
            path.display(),
            findings_text(&generation)
        );
    }
}

#[test]
fn unsupported_constructs_are_warnings_and_the_rest_is_generated() {
    let generation = run(&[snapshot_dir().join("unsupported.yaml")]);
    let unsupported: Vec<_> = generation
        .report
        .findings
        .iter()
        .filter(|d| d.rule == "unsupported")
        .collect();
    assert_eq!(unsupported.len(), 10, "{}", findings_text(&generation));
    assert!(
        unsupported.iter().all(|d| !d.is_error()),
        "{}",
        findings_text(&generation)
    );
    // Each finding names the operation and says why.
    for (operation, why) in [
        ("GetSession", "`content`"),
        (
            "Upload",
            "`multipart/form-data` request body is not an object",
        ),
        ("AddNote", "generated without its optional body"),
        ("PutTags", "not an object"),
        ("Search", "style `form` exploded in a cookie"),
        ("Ping", "without its optional parameter `trace`"),
        ("Render", "`text/plain` request body is not a string"),
        ("code", "two `pattern`s through `allOf`"),
        (
            "DigestOnly",
            "none of its security alternatives can be applied",
        ),
        (
            "DigestOrKey",
            "generated without its security alternative naming `digest_auth`",
        ),
    ] {
        assert!(
            unsupported
                .iter()
                .any(|d| d.message.contains(&format!("`{operation}`")) && d.message.contains(why)),
            "no finding for {operation}:\n{}",
            findings_text(&generation)
        );
    }
    let module = module_of(&generation, "unsupported").expect("a module");
    for left_out in [
        "fn get_session",
        "fn upload",
        "fn put_tags",
        "fn search",
        "fn digest_only",
    ] {
        assert!(!module.contains(left_out), "{left_out} was generated");
    }
    for generated in ["fn ping", "fn add_note", "fn digest_or_key"] {
        assert!(module.contains(generated), "{generated} was not generated");
    }
}

#[test]
fn generation_is_deterministic() {
    let generating: Vec<PathBuf> = documents()
        .into_iter()
        .filter(|p| !expects_findings(&run(std::slice::from_ref(p))))
        .collect();
    let mut one_by_one: BTreeMap<String, String> = BTreeMap::new();
    for path in &generating {
        let stem = stem(path);
        let first = module_of(&run(std::slice::from_ref(path)), &stem)
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        for attempt in 2..=3 {
            let again = module_of(&run(std::slice::from_ref(path)), &stem)
                .unwrap_or_else(|e| panic!("{stem}: {e}"));
            assert!(
                again == first,
                "{stem}: run {attempt} differs from run 1:\n{}",
                diff(&first, &again)
            );
        }
        one_by_one.insert(format!("{}.rs", module_name(&stem)), first);
    }
    let together = run(&generating);
    assert_eq!(together.report.errors(), 0, "{}", findings_text(&together));
    let modules: BTreeMap<&String, &String> = together
        .files
        .iter()
        .filter(|(name, _)| name.as_str() != "mod.rs")
        .collect();
    assert_eq!(
        modules.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
        one_by_one.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
        "the modules generated together are not those generated one by one"
    );
    for (name, alone) in &one_by_one {
        let with_others = modules[name];
        assert!(
            with_others == alone,
            "{name}: generated with the other documents differs from generated alone:\n{}",
            diff(alone, with_others)
        );
    }
}

#[test]
fn date_times_are_times_when_asked() {
    let dir = snapshot_dir().join("options");
    let path = dir.join("times.yaml");
    let options = hwcloud_codegen::Options {
        date_time: hwcloud_codegen::DateTimeAs::Time,
        ..Default::default()
    };
    let generation = hwcloud_codegen::generate_with(std::slice::from_ref(&path), &options)
        .unwrap_or_else(|e| panic!("generate_with failed to run: {e}"));
    assert_eq!(
        generation.report.errors(),
        0,
        "{}",
        findings_text(&generation)
    );
    let actual = module_of(&generation, "times").unwrap_or_else(|e| panic!("times: {e}"));
    snapshot::assert_file(&dir.join("times.rs"), &actual);
    // By default the same document keeps its date-times as strings.
    let default = module_of(&run(&[path]), "times").unwrap_or_else(|e| panic!("times: {e}"));
    assert!(
        !default.contains("::hwcloud::datetime::DateTime"),
        "{default}"
    );
    assert!(default.contains("pub at: String,"), "{default}");
    assert!(actual.matches("::hwcloud::datetime::DateTime").count() >= 4);
}
