//! GitHub Actions workflow commands: `::error file=..,line=..,col=..,title=..::message`.

use crate::diag::{Diagnostic, Severity};

pub fn render(findings: &[Diagnostic]) -> String {
    findings
        .iter()
        .map(|d| {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!(
                "::{level} file={},line={},col={},title={}::{}\n",
                property(&d.file),
                d.line,
                d.column,
                property(d.rule),
                data(&d.message)
            )
        })
        .collect()
}

/// Escapes a message the way the runner unescapes it.
pub(crate) fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Properties additionally escape the separators `:` and `,`.
pub(crate) fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
