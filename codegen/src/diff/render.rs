//! The outputs of `diff`, like `validate`'s: rustc-like text for people, one JSON object
//! per change, GitHub annotations, and Markdown for a pull-request comment.

use std::fmt::Write;

use serde_json::json;

use super::{Change, Http, Rust, Side};
use crate::load::DocSet;
use crate::report::github;

/// The output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// rustc-like text with the source line (on stderr), and a summary per class.
    #[default]
    Human,
    /// One JSON object per change, one per line (on stdout).
    Json,
    /// GitHub Actions workflow commands (on stdout).
    Github,
    /// A Markdown table for a pull-request comment (on stdout).
    Markdown,
}

/// Renders `changes`; `old` and `new` give the source lines of the human format.
pub fn render(format: Format, changes: &[Change], old: &DocSet, new: &DocSet) -> String {
    match format {
        Format::Human => human(changes, old, new),
        Format::Json => changes
            .iter()
            .map(|c| to_json(c).to_string() + "\n")
            .collect(),
        Format::Github => changes.iter().map(annotation).collect(),
        Format::Markdown => markdown(changes),
    }
}

/// A change as JSON: its check id, both classes, the operation, where it is and what.
pub fn to_json(change: &Change) -> serde_json::Value {
    json!({
        "id": change.check.id,
        "http": change.http.as_str(),
        "rust": change.rust.as_str(),
        "operation": change.operation,
        "revision": match change.side { Side::Old => "old", Side::New => "new" },
        "file": change.file,
        "line": change.line,
        "column": change.column,
        "pointer": change.pointer,
        "message": change.message,
    })
}

/// How many changes there are of each HTTP class, and how many break Rust code.
pub fn summary(changes: &[Change]) -> String {
    let count = |class: Http| changes.iter().filter(|c| c.http == class).count();
    let rust = changes.iter().filter(|c| c.rust == Rust::Breaking).count();
    format!(
        "{} change(s): {} breaking, {} possibly breaking, {} non-breaking for HTTP clients; {} breaking for Rust code",
        changes.len(),
        count(Http::Breaking),
        count(Http::PossiblyBreaking),
        count(Http::NonBreaking),
        rust
    )
}

fn label(change: &Change) -> &'static str {
    match change.http {
        Http::Breaking => "breaking",
        Http::PossiblyBreaking => "possibly-breaking",
        Http::NonBreaking if change.rust == Rust::Breaking => "rust-breaking",
        Http::NonBreaking => "non-breaking",
    }
}

fn human(changes: &[Change], old: &DocSet, new: &DocSet) -> String {
    let mut out = String::new();
    for c in changes {
        let _ = writeln!(
            out,
            "{}[{}]: {}: {}",
            label(c),
            c.check.id,
            c.operation,
            c.message
        );
        let gutter = " ".repeat(c.line.to_string().len());
        let revision = match c.side {
            Side::Old => "old",
            Side::New => "new",
        };
        let _ = writeln!(
            out,
            "{gutter}--> {}:{}:{} ({revision})",
            c.file, c.line, c.column
        );
        let docs = match c.side {
            Side::Old => old,
            Side::New => new,
        };
        let source = docs
            .files
            .iter()
            .find(|f| f.display == c.file)
            .and_then(|f| f.line_text(c.line));
        if let Some(text) = source {
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{} | {}", c.line, text.trim_end());
        }
        let _ = writeln!(
            out,
            "{gutter} = http: {}, rust: {}",
            c.http.as_str(),
            c.rust.as_str()
        );
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary(changes));
    out
}

fn annotation(change: &Change) -> String {
    let level = match (change.http, change.rust) {
        (Http::Breaking, _) => "error",
        (Http::PossiblyBreaking, _) | (_, Rust::Breaking) => "warning",
        _ => "notice",
    };
    format!(
        "::{level} file={},line={},col={},title={}::{}: {} (http: {}, rust: {})\n",
        github::property(&change.file),
        change.line,
        change.column,
        github::property(change.check.id),
        github::data(&change.operation),
        github::data(&change.message),
        change.http.as_str(),
        change.rust.as_str()
    )
}

fn markdown(changes: &[Change]) -> String {
    let mut out = String::from("### API changes\n\n");
    let _ = writeln!(out, "{}\n", summary(changes));
    if changes.is_empty() {
        return out;
    }
    out.push_str(
        "| HTTP | Rust | operation | change | check | where |\n|---|---|---|---|---|---|\n",
    );
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    for c in changes {
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {} | `{}` | `{}:{}` |",
            c.http.as_str(),
            c.rust.as_str(),
            cell(&c.operation),
            cell(&c.message),
            c.check.id,
            cell(&c.file),
            c.line
        );
    }
    out
}
