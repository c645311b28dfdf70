//! The generator's stages read as a line: each module of `src/` may import only the modules
//! before it in [`LINE`] (and itself); `lib.rs` alone runs them in turn. This reads the
//! sources and fails on a path that reaches forward (the checks running the lowering, the
//! lowering reading the crate root's options), since such a path brings a circle back.

use std::path::{Path, PathBuf};

/// Every module of `src/` but `lib.rs` and `main.rs` (which orchestrate), in the order they
/// may import one another: `diag` is what a finding is (loading reports through it), `base`
/// what the stages after loading share (findings, rule ids, the pattern cache, the options),
/// `instance` the JSON instance evaluator the checks use, `ir` what lowering hands to the
/// emitters (which format, too), `report` the renderers of findings, `diff` the comparison
/// of two revisions (of their documents and of their lowered IR).
const LINE: &[&str] = &[
    "diag", "load", "base", "instance", "check", "ir", "lower", "emit", "report", "diff",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file relative to `src/` (`check/walk.rs` is `check::walk`,
/// `check/mod.rs` is `check`).
fn module_path(relative: &str) -> Vec<String> {
    let mut segments: Vec<String> = relative
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if segments.last().is_some_and(|s| s == "mod") {
        segments.pop();
    }
    segments
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `text` with its comments, string and character literals blanked out (lines kept), so
/// that neither prose nor a `"{"` is read as code.
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // Blanks `b[from..to]` into `out`.
    let skip = |out: &mut String, from: usize, to: usize| {
        out.extend(b[from..to.min(b.len())].iter().map(|&c| blank(c)));
    };
    while i < b.len() {
        let (c, next) = (b[i], b.get(i + 1).copied());
        let after_ident = i > 0 && is_ident(b[i - 1]);
        let mut end = None;
        if c == '/' && next == Some('/') {
            end = Some((i..b.len()).find(|&j| b[j] == '\n').unwrap_or(b.len()));
        } else if c == '/' && next == Some('*') {
            let (mut j, mut nesting) = (i, 0);
            while j < b.len() {
                if b[j] == '/' && b.get(j + 1) == Some(&'*') {
                    nesting += 1;
                    j += 2;
                } else if b[j] == '*' && b.get(j + 1) == Some(&'/') {
                    nesting -= 1;
                    j += 2;
                    if nesting == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            end = Some(j);
        } else if !after_ident && (c == 'r' || (c == 'b' && next == Some('r'))) {
            let mut j = i + if c == 'b' { 2 } else { 1 };
            let hashes = b[j..].iter().take_while(|&&c| c == '#').count();
            j += hashes;
            if b.get(j) == Some(&'"') {
                j += 1;
                while j < b.len()
                    && !(b[j] == '"' && (1..=hashes).all(|k| b.get(j + k) == Some(&'#')))
                {
                    j += 1;
                }
                end = Some(j + 1 + hashes);
            }
        } else if c == '"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != '"' {
                j += if b[j] == '\\' { 2 } else { 1 };
            }
            end = Some(j + 1);
        } else if c == '\'' && next == Some('\\') {
            // An escape: `'\n'`, `'\''`, `'\u{..}'`.
            end = (i + 3..b.len()).find(|&j| b[j] == '\'').map(|j| j + 1);
        } else if c == '\'' && b.get(i + 2) == Some(&'\'') {
            end = Some(i + 3);
        }
        match end {
            Some(end) => {
                skip(&mut out, i, end);
                i = end;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The first segment of each path a `use` tree starting at `rest` names: `a` for `a::b`,
/// `a` and `c` for `{a::b, c}`, `*` for a glob.
fn heads(rest: &str) -> Vec<String> {
    let rest = rest.trim_start();
    if rest.starts_with('*') {
        return vec!["*".into()];
    }
    let Some(inner) = rest.strip_prefix('{') else {
        return vec![rest.chars().take_while(|&c| is_ident(c)).collect()];
    };
    let (mut depth, mut item, mut out) = (0usize, String::new(), Vec::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.extend(heads(&item));
                item.clear();
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    out.extend(heads(&item));
    out.retain(|h| !h.is_empty());
    out
}

/// Where the code of the file `relative` reaches outside its own stage: each crate-level
/// name it names (`crate::x`, or `super::` climbing to the crate root), with its line.
fn crate_level_names(relative: &str, text: &str) -> Vec<(usize, String)> {
    let code = code_only(text);
    let file_depth = module_path(relative).len();
    // The brace depth each inline module (`mod tests { .. }`) opened at: `super::` climbs
    // through it first.
    let mut inline: Vec<usize> = Vec::new();
    let (mut depth, mut line, mut module_next) = (0usize, 1usize, false);
    let mut out = Vec::new();
    let mut previous: Option<char> = None;
    for (i, c) in code.char_indices() {
        match c {
            '\n' => line += 1,
            '{' => {
                depth += 1;
                if std::mem::take(&mut module_next) {
                    inline.push(depth);
                }
            }
            '}' => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            ';' => module_next = false,
            _ => {}
        }
        let starts_word = !previous.is_some_and(|p| is_ident(p) || p == '$' || p == ':');
        previous = Some(c);
        if !starts_word {
            continue;
        }
        let rest = &code[i..];
        if rest.starts_with("mod") && rest[3..].starts_with(char::is_whitespace) {
            module_next = true;
        } else if let Some(path) = rest.strip_prefix("crate::") {
            out.extend(heads(path).into_iter().map(|h| (line, h)));
        } else if rest.starts_with("super::") {
            let mut path = rest;
            let mut up = 0;
            while let Some(next) = path.strip_prefix("super::") {
                path = next;
                up += 1;
            }
            if up == file_depth + inline.len() {
                out.extend(heads(path).into_iter().map(|h| (line, h)));
            }
        }
    }
    out
}

/// What in the file `relative` breaks the line.
fn violations(relative: &str, text: &str) -> Vec<String> {
    let stage = &module_path(relative)[0];
    let Some(rank) = LINE.iter().position(|s| s == stage) else {
        return vec![format!(
            "src/{relative}: module `{stage}` has no place in LINE (tests/stages.rs)"
        )];
    };
    let mut out = Vec::new();
    for (line, name) in crate_level_names(relative, text) {
        if name == "self" || name == "*" || name == *stage {
            continue;
        }
        let allowed = &LINE[..rank];
        let why = match LINE.iter().position(|s| *s == name) {
            Some(r) if r < rank => continue,
            Some(_) => "a later stage",
            None => "the crate root, which runs the stages",
        };
        out.push(format!(
            "src/{relative}:{line}: `{stage}` names `crate::{name}`, {why}; it may import only \
             {allowed:?}"
        ));
    }
    out
}

#[test]
fn no_stage_imports_a_later_one() {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut found = Vec::new();
    for path in &files {
        let relative = path
            .strip_prefix(&root)
            .expect("under src/")
            .to_string_lossy()
            .replace('\\', "/");
        if relative == "lib.rs" || relative == "main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("readable source");
        found.extend(violations(&relative, &text));
    }
    for stage in LINE {
        if !root.join(stage).is_dir() && !root.join(format!("{stage}.rs")).is_file() {
            found.push(format!("src/{stage}: listed in LINE, not found"));
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

/// The guard itself: it sees forward paths however they are written, and lets backward
/// ones, inline modules and comments be.
#[test]
fn the_guard_sees_forward_paths() {
    let flagged = |relative: &str, text: &str| violations(relative, text).len();
    assert_eq!(
        flagged("check/mod.rs", "let apis = crate::lower::lower(docs);"),
        1
    );
    assert_eq!(
        flagged("check/schemas.rs", "use crate::{load::DocSet, lower};"),
        1
    );
    assert_eq!(
        flagged("check/schemas.rs", "use super::super::lower::names;"),
        1
    );
    assert_eq!(flagged("check/mod.rs", "use super::emit::emit;"), 1);
    assert_eq!(flagged("lower/mod.rs", "options: &crate::Options,"), 1);
    assert_eq!(
        flagged("load/mod.rs", "use crate::{diag::Rule, check::rules};"),
        1
    );
    assert_eq!(flagged("instance.rs", "use crate::check::Patterns;"), 1);
    assert_eq!(flagged("sneaky.rs", "fn f() {}"), 1);
    assert_eq!(flagged("lower/mod.rs", "use crate::check::walk::Sites;"), 0);
    assert_eq!(
        flagged("emit/mod.rs", "super::super::lower::names::value_name(x)"),
        0
    );
    assert_eq!(flagged("ir.rs", "mod tests { use super::*; }"), 0);
    assert_eq!(
        flagged(
            "check/walk.rs",
            "// the lowering (crate::lower) reads these"
        ),
        0
    );
    assert_eq!(flagged("check/walk.rs", "use hwcloud_crate::lower;"), 0);
    assert_eq!(
        flagged(
            "check/walk.rs",
            "use crate::{\n    load::DocSet,\n    lower::x,\n};"
        ),
        1
    );
    assert_eq!(
        flagged("check/walk.rs", "let s = \"crate::lower\"; let c = '{';"),
        0
    );
    assert_eq!(
        flagged(
            "check/walk.rs",
            "/* crate::lower */ let s = r#\"crate::lower\"#;"
        ),
        0
    );
    assert_eq!(
        flagged("check/mod.rs", "mod tests { use super::lower; }"),
        0
    );
    assert_eq!(
        flagged(
            "check/mod.rs",
            "mod t { fn f() { '{'; } }\nuse super::lower;"
        ),
        1
    );
}
