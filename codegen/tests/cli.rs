//! The `hwcloud-codegen validate` command as users and CI run it: exit codes, the four output
//! formats and `--deny-warnings`, on the documents of `tests/validate/` of the workspace.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn validate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("validate")
}

/// Runs `hwcloud-codegen validate <args>` inside `tests/validate/`, so findings name files
/// relative to it, with colours left to the terminal check (output is piped here).
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hwcloud-codegen"))
        .arg("validate")
        .args(args)
        .current_dir(validate_dir())
        .env_remove("NO_COLOR")
        .output()
        .expect("run hwcloud-codegen")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}

fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

#[test]
fn broken_document_exits_1_with_the_finding_on_its_line() {
    let output = run(&["bounds-inverted.yaml", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let findings = json_lines(&output);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f["rule"], "bounds-inverted");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], "bounds-inverted.yaml");
    assert_eq!(f["line"], 16);
    assert_eq!(f["column"], 18);
    assert_eq!(f["pointer"], "/components/schemas/Name/minLength");
}

#[test]
fn syntax_error_exits_1() {
    let output = run(&["yaml-indentation.yaml", "--format", "json"]);
    assert_eq!(code(&output), 1);
    let findings = json_lines(&output);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "syntax");
    assert_eq!(findings[0]["line"], 9);
}

#[test]
fn valid_document_exits_0() {
    let output = run(&["valid-recursive.yaml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("0 error(s), 0 warning(s)"), "{err}");
    assert!(stdout(&output).is_empty());

    let output = run(&["valid-recursive.yaml", "--format", "json"]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
}

#[test]
fn missing_file_exits_2() {
    let output = run(&["no-such-document.yaml"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(err.contains("no-such-document.yaml"), "{err}");
}

#[test]
fn unknown_flag_exits_2() {
    let output = run(&["valid-recursive.yaml", "--no-such-flag"]);
    assert_eq!(code(&output), 2);
    let output = run(&["valid-recursive.yaml", "--format", "xml"]);
    assert_eq!(code(&output), 2);
}

#[test]
fn json_format_prints_one_object_per_finding_on_stdout() {
    let output = run(&[
        "bounds-inverted.yaml",
        "operation-id-missing.yaml",
        "refs/entry.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(!text.is_empty());
    let findings = json_lines(&output);
    assert!(findings.len() >= 3, "{text}");
    for finding in &findings {
        let object = finding.as_object().expect("each line is a JSON object");
        for key in [
            "rule", "severity", "file", "line", "column", "pointer", "message",
        ] {
            assert!(object.contains_key(key), "`{key}` missing in {finding}");
        }
        assert!(finding["line"].as_u64().is_some_and(|l| l >= 1));
        assert!(finding["column"].as_u64().is_some_and(|c| c >= 1));
    }
    let warning = findings
        .iter()
        .find(|f| f["rule"] == "operation-id-missing")
        .expect("the warning is printed too");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["file"], "operation-id-missing.yaml");
    assert_eq!(warning["line"], 7);
    assert_eq!(warning["column"], 5);
}

#[test]
fn github_format_prints_workflow_commands() {
    let output = run(&[
        "bounds-inverted.yaml",
        "operation-id-missing.yaml",
        "--format",
        "github",
    ]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with(
            "::error file=bounds-inverted.yaml,line=16,col=18,title=bounds-inverted::"
        ),
        "{text}"
    );
    assert!(
        lines[1].starts_with("::warning file=operation-id-missing.yaml,line=7,col=5,"),
        "{text}"
    );
}

#[test]
fn sarif_format_prints_a_sarif_log() {
    let output = run(&["bounds-inverted.yaml", "--format", "sarif"]);
    assert_eq!(code(&output), 1);
    let log: Value = serde_json::from_str(&stdout(&output)).expect("SARIF is one JSON object");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().expect("results array");
    assert_eq!(results.len(), 1, "{results:?}");
    let result = &results[0];
    assert_eq!(result["ruleId"], "bounds-inverted");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "bounds-inverted.yaml");
    assert_eq!(location["region"]["startLine"], 16);
    assert_eq!(location["region"]["startColumn"], 18);
    // The rule the result points at is described in the driver.
    let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"][index]["id"],
        "bounds-inverted"
    );
}

#[test]
fn deny_warnings_fails_on_a_warning() {
    let output = run(&["operation-id-missing.yaml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stderr(&output).contains("warning[operation-id-missing]"));
    let output = run(&["operation-id-missing.yaml", "--deny-warnings"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
}

#[test]
fn human_format_shows_source_caret_and_hint() {
    let output = run(&["bounds-inverted.yaml"]);
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).is_empty(), "human output goes to stderr");
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("error[bounds-inverted]: "))
        .unwrap_or_else(|| panic!("no `error[bounds-inverted]:` line in\n{err}"));
    assert!(
        lines[header + 1].trim_start() == "--> bounds-inverted.yaml:16:18",
        "{err}"
    );
    let source = lines
        .iter()
        .position(|l| l.starts_with("16 | "))
        .unwrap_or_else(|| panic!("no source line in\n{err}"));
    assert_eq!(lines[source], "16 |       minLength: 8");
    let caret = lines[source + 1];
    assert_eq!(caret.trim_end().chars().last(), Some('^'), "{err}");
    assert_eq!(
        caret.find('^'),
        Some("16 | ".len() + 18 - 1),
        "the caret must sit under column 18:\n{err}"
    );
    assert!(
        lines[source + 2..]
            .iter()
            .any(|l| l.trim_start().starts_with("= hint: swap them")),
        "{err}"
    );
    assert!(err.contains("1 error(s), 0 warning(s)"), "{err}");
}

#[test]
fn human_format_hints_a_misspelt_field() {
    let output = run(&["unknown-field.yaml"]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert!(
        err.contains("error[unknown-field]: unknown field `summery`"),
        "{err}"
    );
    assert!(err.contains("--> unknown-field.yaml:9:7"), "{err}");
    assert!(err.contains("= hint: did you mean `summary`?"), "{err}");
}

#[test]
fn no_colour_codes_when_not_on_a_terminal() {
    for args in [
        &["bounds-inverted.yaml"][..],
        &["operation-id-missing.yaml"],
        &["bounds-inverted.yaml", "--format", "json"],
        &["bounds-inverted.yaml", "--format", "github"],
        &["bounds-inverted.yaml", "--format", "sarif"],
    ] {
        let output = run(args);
        assert!(
            !output.stderr.contains(&0x1b) && !output.stdout.contains(&0x1b),
            "ANSI escape in the output of {args:?}"
        );
    }
}
