//! Renders findings for people (rustc-like), for programs (JSON lines), for GitHub workflow
//! annotations and for code-scanning services (SARIF 2.1.0).

pub(crate) mod github;
mod human;
mod sarif;

use crate::diag::Diagnostic;
use crate::load::DocSet;

/// The output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// rustc-like text with the source line and a caret (on stderr).
    #[default]
    Human,
    /// One JSON object per finding, one per line (on stdout).
    Json,
    /// GitHub Actions workflow commands (on stdout).
    Github,
    /// A SARIF 2.1.0 log (on stdout).
    Sarif,
}

/// Renders `findings` in `format`; `color` adds ANSI colours to the human format only.
pub fn render(format: Format, findings: &[Diagnostic], docs: &DocSet, color: bool) -> String {
    match format {
        Format::Human => human::render(findings, docs, color),
        Format::Json => findings
            .iter()
            .filter_map(|d| serde_json::to_string(d).ok())
            .map(|line| line + "\n")
            .collect(),
        Format::Github => github::render(findings),
        Format::Sarif => sarif::render(findings),
    }
}
