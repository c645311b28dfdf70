//! Where a revision's documents come from: files and folders as `validate` takes them, or a
//! git revision of them (`main:spec`, `HEAD~1:spec/vpc.yaml`), read with `git` itself.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::load::{DocSet, LoadError};

/// A revision as the command line names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    /// Files or folders of the working tree.
    Paths(Vec<PathBuf>),
    /// `REV:path` of git: the files at `path` (relative to the current directory) in `REV`.
    Git {
        /// The revision (`main`, `HEAD~1`, a commit).
        rev: String,
        /// The file or folder in it.
        path: PathBuf,
    },
}

impl Revision {
    /// Reads `text`: `REV:path` when it has a colon and is no existing path (nor a Windows
    /// drive letter), else a path.
    pub fn parse(text: &str) -> Revision {
        match text.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && rev.len() > 1 && !Path::new(text).exists() => {
                Revision::Git {
                    rev: rev.to_owned(),
                    path: PathBuf::from(if path.is_empty() { "." } else { path }),
                }
            }
            _ => Revision::Paths(vec![PathBuf::from(text)]),
        }
    }

    /// Loads the revision's documents and what they reference.
    pub fn load(&self) -> Result<DocSet, LoadError> {
        match self {
            Revision::Paths(paths) => DocSet::load(paths),
            Revision::Git { rev, path } => from_git(rev, path),
        }
    }
}

fn git(args: &[&str], what: &Path) -> Result<String, LoadError> {
    let failed = |reason: String| LoadError {
        path: what.to_path_buf(),
        reason,
    };
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| failed(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(failed(format!("git {}: {}", args.join(" "), stderr.trim())));
    }
    String::from_utf8(output.stdout).map_err(|_| failed("git printed something not UTF-8".into()))
}

fn is_document(name: &str) -> bool {
    [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e))
}

/// The documents at `path` in `rev`: the file itself, or the documents directly in the
/// folder, with every file below it for their `$ref`s. Each is named `REV:file`.
fn from_git(rev: &str, path: &Path) -> Result<DocSet, LoadError> {
    let shown = PathBuf::from(format!("{rev}:{}", path.display()));
    let spec = path.to_string_lossy().into_owned();
    let listed = git(&["ls-tree", "-r", "--name-only", rev, "--", &spec], &shown)?;
    let files: Vec<&str> = listed.lines().filter(|l| is_document(l)).collect();
    if files.is_empty() {
        return Err(LoadError {
            path: shown,
            reason: "no YAML or JSON file there in that revision".into(),
        });
    }
    let folder = spec.trim_end_matches('/');
    let mut entries = Vec::new();
    let mut others = Vec::new();
    for file in files {
        let text = git(&["show", &format!("{rev}:./{file}")], &shown)?;
        let name = format!("{rev}:{file}");
        let direct = file == folder
            || file
                .strip_prefix(folder)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|rest| !rest.contains('/'))
            || folder == ".";
        if direct && (folder != "." || !file.contains('/')) {
            entries.push((name, text));
        } else {
            others.push((name, text));
        }
    }
    let entries: Vec<(&str, &str)> = entries
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let others: Vec<(&str, &str)> = others
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Ok(DocSet::from_texts(&entries, &others))
}
