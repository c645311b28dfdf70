//! Loading: files read, parsed into positioned trees, and every file reached through a
//! `$ref` loaded too, so that later stages resolve references without touching the disk.

mod ids;
mod json;
pub mod node;
pub mod parsed;
pub mod source;
pub mod yaml;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Severity};
use node::{Node, Span, Value};
use source::{FileId, SourceFile};

/// Input that could not be read at all (the CLI exits 2 on it; findings are something else).
#[derive(Debug)]
pub struct LoadError {
    /// The file or folder that could not be read.
    pub path: PathBuf,
    /// Why: the system's error message, or what the folder lacks.
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for LoadError {}

/// Every file of one run: the documents asked for ("entries") and the files they reference.
#[derive(Debug, Default)]
pub struct DocSet {
    /// Every file loaded, indexed by [`FileId`]: the entries and each file they reference.
    pub files: Vec<SourceFile>,
    trees: Vec<Option<Node>>,
    /// The documents given as input, in a stable (sorted) order.
    pub entries: Vec<FileId>,
    by_path: HashMap<PathBuf, FileId>,
    /// Referenced files that could not be read, with the reason.
    unreadable: HashMap<PathBuf, String>,
    /// `$ref` lookups already made, by referencing file and reference text.
    resolved: RefCell<HashMap<(FileId, String), Lookup>>,
    /// JSON Schema's `$id`s and anchors of every file, for references by identifier: indexed
    /// when a reference first needs them (most documents never do).
    ids: std::cell::OnceCell<ids::Ids>,
    /// What loading found: syntax errors, duplicate keys, unreadable referenced files.
    pub findings: Vec<Diagnostic>,
}

/// The OpenAPI version a document is written in, as far as its reading differs: 3.1's
/// schemas are JSON Schema 2020-12 (type arrays, `const`, numeric exclusive bounds, `$ref`
/// beside other keywords), and its objects have a few more fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// OpenAPI 3.0.x.
    V30,
    /// OpenAPI 3.1.x.
    V31,
}

impl Dialect {
    /// The dialect of an `openapi` version string, `None` for a version this tool does not read.
    pub fn of_version(version: &str) -> Option<Dialect> {
        let minor =
            |m: &str| version == m || version.strip_prefix(m).is_some_and(|r| r.starts_with('.'));
        if minor("3.0") {
            Some(Dialect::V30)
        } else if minor("3.1") {
            Some(Dialect::V31)
        } else {
            None
        }
    }
}

/// Where a `$ref` leads: the file and the entry indices down to the node, or why nowhere.
type Lookup = Result<(FileId, Vec<u32>), String>;

/// A successful `$ref` lookup.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    /// The file the target is written in.
    pub file: FileId,
    /// The node the reference points at.
    pub node: &'a Node,
}

/// The documents a path stands for: a file itself, or the YAML and JSON files directly
/// inside a folder (sub-folders hold shared fragments reached through `$ref`s).
pub fn expand_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| LoadError {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if meta.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| LoadError {
                path: path.clone(),
                reason: e.to_string(),
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_document_name(p))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(LoadError {
                    path: path.clone(),
                    reason: "the folder holds no .yaml, .yml or .json file".into(),
                });
            }
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn is_document_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// The key a file is known by: its canonical path, or for a path that does not exist (an
/// in-memory document) the path with `.` and `..` resolved as written, so that
/// `spec/./shared/a.yaml` and `spec/shared/a.yaml` are one file.
fn file_key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        let mut key = PathBuf::new();
        for component in path.components() {
            match component {
                std::path::Component::ParentDir if key.file_name().is_some() => {
                    key.pop();
                }
                std::path::Component::CurDir => {}
                other => key.push(other),
            }
        }
        key
    })
}

impl DocSet {
    /// Loads the documents at `paths` (files or folders) and everything they reference.
    pub fn load(paths: &[PathBuf]) -> Result<DocSet, LoadError> {
        let mut set = DocSet::default();
        let mut files = expand_inputs(paths)?;
        files.sort();
        files.dedup();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(|e| LoadError {
                path: path.clone(),
                reason: e.to_string(),
            })?;
            let id = set.add(&path, text);
            if !set.entries.contains(&id) {
                set.entries.push(id);
            }
        }
        set.load_references();
        Ok(set)
    }

    /// Loads one in-memory document (tests and fuzzing); `name` is what findings print.
    pub fn from_text(name: &str, text: &str) -> DocSet {
        let mut set = DocSet::default();
        let id = set.add(Path::new(name), text.to_string());
        set.entries.push(id);
        set.load_references();
        set
    }

    /// Loads in-memory documents, say copies embedded in a program: `entries` are the
    /// documents, `others` the files their `$ref`s may name, each as (path, text). A
    /// reference is looked up among them by its path, and on disk only when none matches.
    pub fn from_texts(entries: &[(&str, &str)], others: &[(&str, &str)]) -> DocSet {
        let mut set = DocSet::default();
        for (name, text) in entries {
            let id = set.add(Path::new(name), (*text).to_string());
            if !set.entries.contains(&id) {
                set.entries.push(id);
            }
        }
        for (name, text) in others {
            set.add(Path::new(name), (*text).to_string());
        }
        set.load_references();
        set
    }

    fn add(&mut self, path: &Path, text: String) -> FileId {
        let key = file_key(path);
        if let Some(id) = self.by_path.get(&key) {
            return *id;
        }
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let parsed = if path.extension().is_some_and(|e| e == "json") {
            json::read(id, &text)
        } else {
            yaml::read(id, &text)
        };
        self.files
            .push(SourceFile::new(key.clone(), display_path(path), text));
        for problem in parsed.problems {
            let finding = self.diagnostic(
                problem.span,
                problem.rule,
                Severity::Error,
                String::new(),
                problem.message,
                problem.hint,
            );
            self.findings.push(finding);
        }
        self.trees.push(parsed.root);
        self.by_path.insert(key, id);
        id
    }

    /// Follows every `$ref` naming another file until no new file turns up.
    fn load_references(&mut self) {
        let mut next = 0;
        while next < self.trees.len() {
            let id = FileId(next as u32);
            let mut wanted = Vec::new();
            if let Some(tree) = &self.trees[next] {
                collect_file_refs(tree, &mut wanted);
            }
            for (reference, _) in wanted {
                let Some(path) = self.referenced_path(id, &reference) else {
                    continue;
                };
                let key = file_key(&path);
                if self.by_path.contains_key(&key) || self.unreadable.contains_key(&key) {
                    continue;
                }
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        self.add(&path, text);
                    }
                    Err(e) => {
                        // Each `$ref` into the file is reported as unresolved, with this reason.
                        self.unreadable.insert(key, e.to_string());
                    }
                }
            }
            next += 1;
        }
    }

    fn referenced_path(&self, from: FileId, reference: &str) -> Option<PathBuf> {
        let file_part = reference.split('#').next().unwrap_or("");
        if file_part.is_empty() || file_part.contains("://") {
            return None;
        }
        let base = self
            .files
            .get(from.0 as usize)?
            .path
            .parent()?
            .to_path_buf();
        Some(base.join(percent_decode(file_part)))
    }

    /// The dialect `file` is read in: its own `openapi` version, or for a file without one (a
    /// fragment that documents reference) the first entry document's; 3.0 when none says.
    pub fn dialect(&self, file: FileId) -> Dialect {
        let own = |file: FileId| {
            self.tree(file)?
                .get("openapi")?
                .as_str()
                .and_then(Dialect::of_version)
        };
        own(file)
            .or_else(|| self.entries.iter().find_map(|&entry| own(entry)))
            .unwrap_or(Dialect::V30)
    }

    /// The parsed tree of a file (absent when its syntax is broken).
    pub fn tree(&self, file: FileId) -> Option<&Node> {
        self.trees.get(file.0 as usize)?.as_ref()
    }

    /// The loaded file `file` names, if there is one.
    pub fn file(&self, file: FileId) -> Option<&SourceFile> {
        self.files.get(file.0 as usize)
    }

    /// The node a chain of `$ref`s from `node` (written in `file`) ends at, with its file;
    /// `None` when a reference does not resolve or the chain loops (it is followed at most
    /// 64 steps).
    pub fn follow<'a>(
        &'a self,
        mut file: FileId,
        mut node: &'a Node,
    ) -> Option<(FileId, &'a Node)> {
        for _ in 0..64 {
            let Some(reference) = node.get("$ref").and_then(Node::as_str) else {
                return Some((file, node));
            };
            let target = self.resolve(file, reference).ok()?;
            (file, node) = (target.file, target.node);
        }
        None
    }

    /// Looks up `reference` as written in `from`: `#/pointer`, `file.yaml`, `file.yaml#/pointer`.
    pub fn resolve(&self, from: FileId, reference: &str) -> Result<Resolved<'_>, String> {
        // Large documents repeat the same references thousands of times; the lookup walks
        // long mappings key by key, so its result is kept as a path of entry indices.
        let key = (from, reference.to_string());
        if let Some(found) = self.resolved.borrow().get(&key) {
            return match found {
                Ok((file, path)) => self
                    .tree(*file)
                    .and_then(|t| t.at_path(path))
                    .map(|node| Resolved { file: *file, node })
                    .ok_or_else(|| format!("nothing at `{reference}`")),
                // Not a file and a pointer: perhaps an `$id` or an anchor names it (not
                // cached: the same text means another place in another resource).
                Err(e) => match self.ids().lookup(reference, |file| self.tree(file)) {
                    Some((file, path)) => self
                        .tree(file)
                        .and_then(|t| t.at_path(&path))
                        .map(|node| Resolved { file, node })
                        .ok_or_else(|| format!("nothing at `{reference}`")),
                    None => Err(e.clone()),
                },
            };
        }
        let found = self.lookup_path(from, reference);
        let cached = match &found {
            Ok((file, path)) => Ok((*file, path.clone())),
            Err(e) => Err(e.clone()),
        };
        self.resolved.borrow_mut().insert(key, cached);
        if found.is_err() {
            // Cached now: the branch above tries the identifiers.
            return self.resolve(from, reference);
        }
        let (file, path) = found?;
        self.tree(file)
            .and_then(|t| t.at_path(&path))
            .map(|node| Resolved { file, node })
            .ok_or_else(|| format!("nothing at `{reference}`"))
    }

    /// The identifiers of every file, indexed on first use.
    fn ids(&self) -> &ids::Ids {
        self.ids.get_or_init(|| {
            let mut ids = ids::Ids::default();
            for (i, tree) in self.trees.iter().enumerate() {
                if let Some(root) = tree {
                    ids.add(FileId(i as u32), root);
                }
            }
            ids
        })
    }

    /// The JSON pointer, in its file, of what `reference` (written in `from`) leads to: its
    /// fragment for a file and pointer, the place an `$id` or anchor names otherwise.
    pub fn target_pointer(&self, from: FileId, reference: &str) -> node::Pointer {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        // The common case, `file.yaml#/pointer` or `#/pointer`, needs no lookup, unless it is
        // written inside a resource with an `$id` (only known once the index is built, which
        // a reference resolved through it did).
        let in_resource = self.ids.get().is_some_and(|ids| ids.has_base(reference));
        if !in_resource
            && !file_part.contains("://")
            && (fragment.starts_with('/') || reference.is_empty())
        {
            return node::Pointer::from_fragment(fragment);
        }
        let found = (self.lookup_path(from, reference).ok())
            .or_else(|| self.ids().lookup(reference, |file| self.tree(file)));
        let pointer = found.and_then(|(file, path)| self.tree(file)?.path_pointer(&path));
        match pointer {
            Some(pointer) => node::Pointer::from_decoded(&pointer),
            None => node::Pointer::from_fragment(fragment),
        }
    }

    /// A reference as a file and a JSON pointer.
    fn lookup_path(&self, from: FileId, reference: &str) -> Lookup {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, p)) => (f, p),
            None => (reference, ""),
        };
        let file = if file_part.is_empty() {
            from
        } else if file_part.contains("://") {
            return Err(format!("remote reference `{reference}` is not supported"));
        } else {
            let path = self
                .referenced_path(from, file_part)
                .ok_or_else(|| format!("cannot locate `{file_part}`"))?;
            let key = file_key(&path);
            match self.by_path.get(&key) {
                Some(id) => *id,
                None => {
                    let reason = self
                        .unreadable
                        .get(&key)
                        .map(String::as_str)
                        .unwrap_or("not loaded");
                    return Err(format!("cannot read `{file_part}`: {reason}"));
                }
            }
        };
        let tree = self
            .tree(file)
            .ok_or_else(|| format!("`{file_part}` could not be parsed"))?;
        let pointer = percent_decode(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(format!(
                "`#{fragment}` is not a JSON pointer (it must start with `/`)"
            ));
        }
        let path = tree
            .pointer_path(&pointer)
            .ok_or_else(|| format!("nothing at `#{fragment}`"))?;
        Ok((file, path))
    }

    /// Builds a finding at `span`.
    pub fn diagnostic(
        &self,
        span: Span,
        rule: &'static str,
        severity: Severity,
        pointer: String,
        message: String,
        hint: Option<String>,
    ) -> Diagnostic {
        let file = self
            .file(span.file)
            .map(|f| f.display.clone())
            .unwrap_or_default();
        Diagnostic {
            file,
            line: span.line,
            column: span.column,
            rule,
            severity,
            pointer,
            message,
            hint,
        }
    }
}

fn collect_file_refs(node: &Node, out: &mut Vec<(String, Span)>) {
    match &node.value {
        Value::Map(entries) => {
            for (key, value) in entries {
                if key.name == "$ref" {
                    if let Some(r) = value.as_str() {
                        if !r.starts_with('#') {
                            out.push((r.to_string(), value.span));
                        }
                    }
                } else {
                    collect_file_refs(value, out);
                }
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| collect_file_refs(i, out)),
        _ => {}
    }
}

fn display_path(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    shown.to_string_lossy().replace('\\', "/")
}

/// Decodes `%XX` escapes (URI fragments and file names in `$ref`s may carry them).
pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(high << 4 | low);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{percent_decode, DocSet};

    #[test]
    fn a_reference_chain_is_followed_to_its_end_and_a_loop_to_none() {
        let docs = DocSet::from_text(
            "refs.yaml",
            "a: {$ref: '#/b'}\nb: {$ref: '#/c'}\nc: {type: string}\nx: {$ref: '#/y'}\ny: {$ref: '#/x'}\n",
        );
        let file = docs.entries[0];
        let root = docs.tree(file).expect("parsed");
        let end = docs.follow(file, root.get("a").expect("a")).expect("ends");
        assert_eq!(end.1.get("type").and_then(|t| t.as_str()), Some("string"));
        assert!(docs.follow(file, root.get("x").expect("x")).is_none());
    }

    #[test]
    fn percent_decoding_never_splits_a_character() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("%€"), "%€");
        assert_eq!(percent_decode("%7"), "%7");
        assert_eq!(percent_decode("%E2%82%AC"), "€");
    }
}
