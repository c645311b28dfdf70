//! The one way the snapshot harnesses (`generate_snapshots.rs`, `validate_snapshots.rs`)
//! compare output with the files checked in beside their documents, through
//! [expectorate](https://docs.rs/expectorate): a mismatch fails with a diff, and
//! `EXPECTORATE=overwrite` rewrites the files instead of comparing them.
//!
//! expectorate reads `EXPECTORATE` itself; this module adds what it leaves out:
//!
//! - in CI (`CI` set to anything but `false` or `0`), asking to overwrite fails before
//!   anything is written: CI compares, it never accepts;
//! - a value of `EXPECTORATE` other than `overwrite`, and the former `UPDATE_SNAPSHOTS`, fail
//!   instead of being silently ignored;
//! - when comparing, a missing file is a failure (expectorate reads it as empty);
//! - every mismatch of a harness is reported, not only the first.
//!
//! In overwrite mode nothing is compared: a test that writes a file does not then read it
//! back and call that a pass.

#![allow(dead_code)] // Each harness uses a different part of it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// What the harnesses do with their expected files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Compare the output with the file, which must exist.
    Check,
    /// Write the output into the file (`EXPECTORATE=overwrite`).
    Overwrite,
}

/// The mode the environment asks for, read through `var`; an error says why the request
/// is refused.
pub fn mode_from(var: impl Fn(&str) -> Option<String>) -> Result<Mode, String> {
    if var("UPDATE_SNAPSHOTS").is_some_and(|v| !v.is_empty()) {
        return Err(
            "UPDATE_SNAPSHOTS is no longer read: run with EXPECTORATE=overwrite to rewrite \
             the snapshots"
                .into(),
        );
    }
    let mode = match var("EXPECTORATE").as_deref() {
        None | Some("") => Mode::Check,
        Some("overwrite") => Mode::Overwrite,
        Some(other) => {
            return Err(format!(
                "EXPECTORATE={other} is not understood: set EXPECTORATE=overwrite to rewrite \
                 the snapshots, or leave it unset to compare with them"
            ))
        }
    };
    let ci = var("CI").filter(|v| !matches!(v.to_ascii_lowercase().as_str(), "" | "0" | "false"));
    match (mode, ci) {
        (Mode::Overwrite, Some(ci)) => Err(format!(
            "refusing to rewrite snapshots in CI (CI={ci}, EXPECTORATE=overwrite): CI compares \
             with the checked-in files; rewrite them locally and commit the result"
        )),
        (mode, _) => Ok(mode),
    }
}

/// The mode of this run; panics, before anything is written, when the request is refused.
pub fn mode() -> Mode {
    mode_from(|name| std::env::var(name).ok()).unwrap_or_else(|why| panic!("{why}"))
}

/// Compares `actual` with the file at `path` (a diff on failure), or writes it there in
/// overwrite mode.
#[track_caller]
pub fn assert_file(path: &Path, actual: &str) {
    if mode() == Mode::Check && !path.is_file() {
        panic!(
            "no snapshot {}: run with EXPECTORATE=overwrite to write it",
            path.display()
        );
    }
    expectorate::assert_contents(path, actual);
}

/// [`assert_file`] for each pair, then one failure naming every file that did not match.
pub fn assert_files(files: impl IntoIterator<Item = (impl AsRef<Path>, String)>) {
    mode();
    let mut failures = Vec::new();
    for (path, actual) in files {
        let path = path.as_ref();
        // The panic (its message and the diff) is printed where it happens.
        if catch_unwind(AssertUnwindSafe(|| assert_file(path, &actual))).is_err() {
            failures.push(path.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "{} snapshot(s) differ (diffs above; run with EXPECTORATE=overwrite to accept): {}",
        failures.len(),
        failures.join(", ")
    );
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    use std::process::{Command, Output};

    use super::*;

    fn mode_with(vars: &[(&str, &str)]) -> Result<Mode, String> {
        let vars: BTreeMap<&str, &str> = vars.iter().copied().collect();
        mode_from(|name| vars.get(name).map(|v| (*v).to_owned()))
    }

    #[test]
    fn the_environment_selects_the_mode() {
        assert_eq!(mode_with(&[]), Ok(Mode::Check));
        assert_eq!(mode_with(&[("EXPECTORATE", "")]), Ok(Mode::Check));
        assert_eq!(
            mode_with(&[("EXPECTORATE", "overwrite")]),
            Ok(Mode::Overwrite)
        );
        for ci in ["false", "0", ""] {
            assert_eq!(
                mode_with(&[("EXPECTORATE", "overwrite"), ("CI", ci)]),
                Ok(Mode::Overwrite),
                "CI={ci}"
            );
        }
        // Comparing in CI is what CI does.
        assert_eq!(mode_with(&[("CI", "true")]), Ok(Mode::Check));
    }

    #[test]
    fn overwriting_in_ci_a_stray_value_and_the_old_variable_are_refused() {
        for ci in ["true", "1", "TRUE"] {
            let why =
                mode_with(&[("EXPECTORATE", "overwrite"), ("CI", ci)]).expect_err("refused in CI");
            assert!(
                why.starts_with("refusing to rewrite snapshots in CI"),
                "{why}"
            );
        }
        let why = mode_with(&[("EXPECTORATE", "1")]).expect_err("not understood");
        assert!(why.contains("EXPECTORATE=1 is not understood"), "{why}");
        let why = mode_with(&[("UPDATE_SNAPSHOTS", "1")]).expect_err("the old variable");
        assert!(why.contains("EXPECTORATE=overwrite"), "{why}");
    }

    const PROBE_FILE: &str = "HWCLOUD_SNAPSHOT_PROBE_FILE";
    const PROBE_CONTENT: &str = "HWCLOUD_SNAPSHOT_PROBE_CONTENT";

    /// Asserts the file named by `PROBE_FILE` holds `PROBE_CONTENT`; only child processes
    /// of the test below run it, with those variables set.
    #[test]
    #[ignore = "run by `assert_file_compares_writes_or_refuses`, in a child process"]
    fn probe() {
        let (Some(file), Some(content)) = (
            std::env::var_os(PROBE_FILE),
            std::env::var(PROBE_CONTENT).ok(),
        ) else {
            return;
        };
        assert_file(Path::new(&file), &content);
    }

    /// Runs [`probe`] in a child process of this test binary with only the given variables
    /// of those the mode depends on.
    fn run_probe(file: &Path, content: &str, vars: &[(&str, &str)]) -> Output {
        let mut command = Command::new(std::env::current_exe().expect("this test binary"));
        command
            .args(["snapshot::tests::probe", "--exact", "--ignored"])
            .env(PROBE_FILE, file)
            .env(PROBE_CONTENT, content);
        for name in ["CI", "EXPECTORATE", "UPDATE_SNAPSHOTS"] {
            command.env_remove(name);
        }
        command.envs(vars.iter().copied());
        command.output().expect("run the probe")
    }

    fn scratch_file(name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("snapshot-probe-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the scratch folder");
        dir.join(name)
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn assert_file_compares_writes_or_refuses() {
        let file = scratch_file("expected.txt");
        std::fs::write(&file, "old\n").expect("write the scratch file");
        // libtest prints a failed test's panic message on stdout.
        let text = |output: &Output| {
            String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr)
        };

        // Comparing: equal passes, different fails and leaves the file alone.
        assert!(run_probe(&file, "old\n", &[]).status.success());
        let output = run_probe(&file, "new\n", &[("CI", "true")]);
        assert!(!output.status.success());
        assert!(text(&output).contains("EXPECTORATE=overwrite"));
        assert_eq!(read(&file), "old\n");

        // Asked to overwrite in CI, or with the old variable: fails, writes nothing.
        for vars in [
            &[("EXPECTORATE", "overwrite"), ("CI", "true")][..],
            &[("UPDATE_SNAPSHOTS", "1")][..],
        ] {
            let output = run_probe(&file, "new\n", vars);
            assert!(!output.status.success(), "{vars:?} passed");
            assert!(
                text(&output).contains("EXPECTORATE=overwrite"),
                "{vars:?}: {}",
                text(&output)
            );
            assert_eq!(read(&file), "old\n", "{vars:?} wrote the file");
        }

        // Overwriting outside CI writes (and so the refusals above are not the probe's).
        let output = run_probe(&file, "new\n", &[("EXPECTORATE", "overwrite")]);
        assert!(output.status.success(), "{}", text(&output));
        assert_eq!(read(&file), "new\n");

        // A missing file is no empty snapshot when comparing, and is written when asked.
        let missing = scratch_file("missing.txt");
        let _ = std::fs::remove_file(&missing);
        let output = run_probe(&missing, "", &[]);
        assert!(!output.status.success());
        assert!(text(&output).contains("no snapshot"), "{}", text(&output));
        assert!(run_probe(&missing, "", &[("EXPECTORATE", "overwrite")])
            .status
            .success());
        assert_eq!(read(&missing), "");
        let _ = std::fs::remove_dir_all(file.parent().expect("scratch folder"));
    }
}
