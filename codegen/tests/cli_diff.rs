//! `hwcloud-codegen diff` as CI runs it: exit codes by `--fail-on`, the output formats, the
//! ignore file, git revisions (`REV:path` and `--against`), on pairs of `tests/diff/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn pairs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/diff")
}

/// Runs `hwcloud-codegen diff <args>` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hwcloud-codegen"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run hwcloud-codegen")
}

/// `diff` of a pair: `old.yaml` and `new.yaml` of `tests/diff/<case>`.
fn run(case: &str, args: &[&str]) -> Output {
    let mut all = vec!["old.yaml", "new.yaml"];
    all.extend_from_slice(args);
    run_in(&pairs().join(case), &all)
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

#[test]
fn exit_codes_follow_fail_on() {
    assert_eq!(code(&run("unchanged", &[])), 0);
    // HTTP-breaking changes fail by default.
    assert_eq!(code(&run("request-constraint-narrowed-max-length", &[])), 1);
    assert_eq!(
        code(&run(
            "request-constraint-narrowed-max-length",
            &["--fail-on", "never"]
        )),
        0
    );
    // Possibly breaking for HTTP: only when asked.
    assert_eq!(code(&run("response-enum-value-added", &[])), 0);
    assert_eq!(
        code(&run(
            "response-enum-value-added",
            &["--fail-on", "possibly-breaking"]
        )),
        1
    );
    // Breaking only for Rust code: a new optional request property.
    assert_eq!(code(&run("request-property-added", &[])), 0);
    assert_eq!(
        code(&run("request-property-added", &["--fail-on", "rust"])),
        1
    );
    // Could not run.
    let missing = run_in(&pairs(), &["no-such.yaml", "unchanged/new.yaml"]);
    assert_eq!(code(&missing), 2);
    assert!(
        text(&missing.stderr).contains("no-such.yaml"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn the_human_format_locates_a_removal_in_the_old_revision_and_sums_up() {
    let output = run("request-property-removed", &[]);
    let err = text(&output.stderr);
    assert!(err.contains("possibly-breaking[request-property-removed]: PUT /pets/{petId}: property `tags` is gone"), "{err}");
    assert!(err.contains("--> old.yaml:"), "{err}");
    assert!(err.contains("(old)"), "{err}");
    assert!(err.contains("1 change(s): 0 breaking, 1 possibly breaking, 0 non-breaking for HTTP clients; 1 breaking for Rust code"), "{err}");
}

#[test]
fn json_has_one_object_per_change_with_its_classes_and_location() {
    let output = run("servers-changed", &["--format", "json"]);
    let lines: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    let first = &lines[0];
    assert_eq!(first["id"], "servers-changed");
    assert_eq!(first["http"], "breaking");
    assert_eq!(first["rust"], "non-breaking");
    assert_eq!(first["operation"], "GET /pets");
    assert_eq!(first["file"], "new.yaml");
    assert_eq!(first["pointer"], "/servers");
    assert!(first["line"].as_u64().is_some_and(|l| l > 0));
    assert!(first["column"].as_u64().is_some_and(|c| c > 0));
}

#[test]
fn github_and_markdown_formats() {
    let github = text(&run("operation-removed", &["--format", "github"]).stdout);
    assert!(github.starts_with("::error file=old.yaml,line=13,col=7,title=operation-removed::GET /pets: GET /pets is gone"), "{github}");
    let markdown = text(&run("operation-removed", &["--format", "markdown"]).stdout);
    assert!(
        markdown.contains("| HTTP | Rust | operation | change | check | where |"),
        "{markdown}"
    );
    assert!(markdown.contains("| breaking | breaking | `GET /pets` | GET /pets is gone | `operation-removed` | `old.yaml:13` |"), "{markdown}");
}

#[test]
fn an_ignore_file_accepts_changes_by_check_and_operation() {
    let dir = std::env::temp_dir().join(format!("hwcloud-diff-ignore-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let case = pairs().join("response-property-became-optional");
    let ignore = dir.join("accepted");
    let for_one = "# the listing always had names\nresponse-property-became-optional GET /pets\n";
    std::fs::write(&ignore, for_one).expect("write");
    let ignore_arg = ignore.to_string_lossy().into_owned();
    let output = run_in(
        &case,
        &[
            "old.yaml",
            "new.yaml",
            "--format",
            "json",
            "--ignore",
            &ignore_arg,
        ],
    );
    assert_eq!(
        text(&output.stdout).lines().count(),
        2,
        "{}",
        text(&output.stdout)
    );
    assert_eq!(code(&output), 1, "the other two still fail");
    std::fs::write(&ignore, "response-property-became-optional\n").expect("write");
    let output = run_in(&case, &["old.yaml", "new.yaml", "--ignore", &ignore_arg]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("3 accepted change(s) left out"),
        "{}",
        text(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn git_revisions_are_read_with_git() {
    let repo = std::env::temp_dir().join(format!("hwcloud-diff-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(repo.join("spec")).expect("repo");
    let case = pairs().join("request-enum-value-removed");
    std::fs::copy(case.join("old.yaml"), repo.join("spec/pets.yaml")).expect("copy");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "old"]);
    std::fs::copy(case.join("new.yaml"), repo.join("spec/pets.yaml")).expect("copy");

    // The working tree against the last commit.
    let output = run_in(&repo, &["--against", "HEAD", "spec", "--format", "json"]);
    let out = text(&output.stdout);
    assert_eq!(code(&output), 1, "{out}{}", text(&output.stderr));
    assert!(
        out.contains("\"id\":\"request-enum-value-removed\""),
        "{out}"
    );
    assert!(out.contains("\"file\":\"spec/pets.yaml\""), "{out}");

    // Two revisions by name.
    git(&repo, &["commit", "-q", "-am", "new"]);
    let output = run_in(&repo, &["HEAD~1:spec", "HEAD:spec", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("\"file\":\"HEAD:spec/pets.yaml\""),
        "{}",
        text(&output.stdout)
    );
    let output = run_in(&repo, &["HEAD:spec", "HEAD:spec"]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let missing = run_in(&repo, &["no-such-rev:spec", "HEAD:spec"]);
    assert_eq!(code(&missing), 2);
    let _ = std::fs::remove_dir_all(&repo);
}
