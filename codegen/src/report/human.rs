//! The rustc-like format: `error[rule]: message`, `--> file:line:column`, the source line, a
//! caret under the column, and the hint.

use std::fmt::Write;

use crate::diag::{Diagnostic, Severity};
use crate::load::DocSet;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

pub fn render(findings: &[Diagnostic], docs: &DocSet, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    for d in findings {
        let (label, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let _ = writeln!(
            out,
            "{}{}",
            paint.wrap(code, &format!("{label}[{}]", d.rule)),
            paint.wrap("1", &format!(": {}", d.message))
        );
        let gutter = " ".repeat(d.line.to_string().len());
        let _ = writeln!(
            out,
            "{gutter}{} {}:{}:{}",
            paint.wrap("1;34", "-->"),
            d.file,
            d.line,
            d.column
        );
        let source = docs
            .files
            .iter()
            .find(|f| f.display == d.file)
            .and_then(|f| f.line_text(d.line));
        if let Some(text) = source {
            let bar = paint.wrap("1;34", "|");
            let _ = writeln!(out, "{gutter} {bar}");
            let _ = writeln!(
                out,
                "{} {bar} {}",
                paint.wrap("1;34", &d.line.to_string()),
                text.trim_end()
            );
            // The caret sits under the column; tabs are kept so it lines up.
            let pad: String = text
                .chars()
                .take(d.column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{gutter} {bar} {pad}{}", paint.wrap(code, "^"));
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "{gutter} = {}: {hint}", paint.wrap("1", "hint"));
        }
        if !d.pointer.is_empty() {
            let _ = writeln!(out, "{gutter} = at: {}#{}", d.file, d.pointer);
        }
        out.push('\n');
    }
    out
}
