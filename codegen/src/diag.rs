//! Findings: what a check reports, with the rule it breaks and where in which file.

use serde::Serialize;

/// How bad a finding is. Errors fail `validate`; warnings do so only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; fails a run only with `--deny-warnings`.
    Warning,
    /// Fails the run.
    Error,
}

impl Severity {
    /// The lower-case name (`warning`, `error`), as reports print it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A named check. Ids are stable: tools and people filter on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable kebab-case id (`unresolved-ref`).
    pub id: &'static str,
    /// The severity of its findings when validating; generating may change it (see
    /// [`crate::base::Purpose`]).
    pub severity: Severity,
    /// One line saying what the rule checks (shown by SARIF readers).
    pub summary: &'static str,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// The file as findings print it: relative to the working directory when possible.
    pub file: String,
    /// 1-based line of the finding.
    pub line: u32,
    /// 1-based column of the finding, in characters.
    pub column: u32,
    /// Id of the rule broken (`duplicate-key`).
    pub rule: &'static str,
    /// How bad the finding is, for the purpose of the run.
    pub severity: Severity,
    /// JSON pointer of the offending node inside its file (empty for the whole file).
    pub pointer: String,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when the rule can tell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Whether the finding is an error (which fails the run).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
