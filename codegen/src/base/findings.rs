//! Findings as the checks and the lowering report them, and what they become: one
//! [`Findings`] collects both stages' reports, so `validate` and `generate` give the same
//! findings, told apart only by their severities ([`Purpose`]).

use super::rules;
use crate::diag::{Diagnostic, Rule, Severity};
use crate::load::node::{Pointer, Span};
use crate::load::DocSet;

/// What the findings are for. When generating, a defect the generated code does not depend
/// on (an example or `default` that breaks its schema, `required` naming an undefined
/// property, an enum value of the wrong type, an array without `items`, a security
/// requirement naming an undefined scheme) is a warning: the code is correct without it. So
/// is a cycle of required properties no finite value satisfies: the service must leave one
/// out somewhere, and the generated code makes them optional (`check/cycles.rs`). An
/// operation the generator cannot turn into Rust stays a warning (`unsupported`: the
/// operation is left out, the rest is generated; the CLI's `--deny-warnings` makes it
/// fatal), while a `pattern` the regex engine cannot run is an error, since the validator
/// would otherwise skip the constraint silently.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Purpose {
    /// Checking as `validate` does: each rule at its own severity.
    #[default]
    Validate,
    /// Checking as the generator reads the documents: defects the generated code does not
    /// depend on are warnings, a `pattern` the regex engine cannot run is an error.
    Generate,
}

/// Findings as the rules report them, turned into [`Diagnostic`]s at the end.
#[derive(Debug, Default)]
pub struct Findings {
    raw: Vec<Raw>,
}

/// One finding as reported: where, which rule, pointer, message, hint, and whether the
/// generated code is correct despite it (a warning when generating).
type Raw = (Span, &'static Rule, String, String, Option<String>, bool);

/// Rules whose findings never change the generated code (only documentation-level data).
const HARMLESS_FOR_GENERATION: &[&str] = &[
    rules::EXAMPLE_INVALID.id,
    rules::DEFAULT_INVALID.id,
    rules::REQUIRED_UNDEFINED.id,
    rules::ENUM_TYPE.id,
    // Requests are signed with the configuration's credentials, never by OpenAPI's schemes.
    rules::SECURITY_UNDEFINED.id,
];

impl Findings {
    /// Reports `rule` broken at `span`; `at` is the JSON pointer of the node in its file.
    pub fn report(
        &mut self,
        span: Span,
        rule: &'static Rule,
        at: &Pointer,
        message: String,
        hint: Option<String>,
    ) {
        self.raw
            .push((span, rule, at.as_str().to_string(), message, hint, false));
    }

    /// Like [`Findings::report`], for a defect the generated code does not depend on: an
    /// error when validating (per the rule), a warning when generating.
    pub fn report_harmless(
        &mut self,
        span: Span,
        rule: &'static Rule,
        at: &Pointer,
        message: String,
        hint: Option<String>,
    ) {
        self.raw
            .push((span, rule, at.as_str().to_string(), message, hint, true));
    }

    /// Takes over the findings of `other`.
    pub fn append(&mut self, other: Findings) {
        self.raw.extend(other.raw);
    }

    /// Loading's findings and these, as diagnostics for `purpose`: sorted by file and
    /// position, without repeats.
    pub fn into_diagnostics(self, docs: &DocSet, purpose: Purpose) -> Vec<Diagnostic> {
        let mut out = docs.findings.clone();
        out.extend(
            self.raw
                .into_iter()
                .map(|(span, rule, pointer, message, hint, harmless)| {
                    let severity = match purpose {
                        Purpose::Validate => rule.severity,
                        // A constraint the validator would skip must not pass silently.
                        Purpose::Generate if rule.id == rules::PATTERN_UNSUPPORTED.id => {
                            Severity::Error
                        }
                        Purpose::Generate
                            if harmless || HARMLESS_FOR_GENERATION.contains(&rule.id) =>
                        {
                            Severity::Warning
                        }
                        Purpose::Generate => rule.severity,
                    };
                    docs.diagnostic(span, rule.id, severity, pointer, message, hint)
                }),
        );
        out.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.rule, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
        });
        out.dedup();
        out
    }
}
