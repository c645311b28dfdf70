//! The checks: every rule run over a loaded [`DocSet`], every finding reported, none stopping
//! the others. One defect yields one finding: the walk does not descend into what it could
//! not read, and the rules read only what the walk collected.

mod cycles;
mod examples;
pub mod model;
pub mod operations;
mod pattern;
pub mod rules;
mod schemas;
mod security;
pub mod walk;

use crate::diag::{Diagnostic, Rule, Severity};
use crate::instance::Evaluator;
use crate::ir::Api;
use crate::load::node::{Pointer, Span};
use crate::load::DocSet;

pub use cycles::RequiredCycles;
pub use operations::template_names;
pub use pattern::{classify_pattern, PatternClass, Patterns};

/// What the findings are for. When generating, a defect the generated code does not depend
/// on (an example or `default` that breaks its schema, `required` naming an undefined
/// property, an enum value of the wrong type, an array without `items`, a security
/// requirement naming an undefined scheme) is a warning: the code is correct without it. So
/// is a cycle of required properties no finite value satisfies: the service must leave one
/// out somewhere, and the generated code makes them optional (`cycles.rs`). An operation the generator cannot turn into Rust stays a
/// warning (`unsupported`: the operation is left out, the rest is generated; the CLI's
/// `--deny-warnings` makes it fatal), while a `pattern` the regex engine cannot run is an
/// error, since the validator would otherwise skip the constraint silently.
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

    fn into_diagnostics(self, docs: &DocSet, purpose: Purpose) -> Vec<Diagnostic> {
        self.raw
            .into_iter()
            .map(|(span, rule, pointer, message, hint, harmless)| {
                let severity = match purpose {
                    Purpose::Validate => rule.severity,
                    // A constraint the validator would skip must not pass silently.
                    Purpose::Generate if rule.id == rules::PATTERN_UNSUPPORTED.id => {
                        Severity::Error
                    }
                    Purpose::Generate if harmless || HARMLESS_FOR_GENERATION.contains(&rule.id) => {
                        Severity::Warning
                    }
                    Purpose::Generate => rule.severity,
                };
                docs.diagnostic(span, rule.id, severity, pointer, message, hint)
            })
            .collect()
    }
}

/// The findings about a document set and, lowered from it, what the generator emits.
#[derive(Debug)]
pub struct Analysis {
    /// Every finding, loading's included, sorted by file and position, without repeats.
    pub findings: Vec<Diagnostic>,
    /// One lowered API per entry document whose syntax could be read, in entry order.
    pub apis: Vec<Api>,
}

/// Runs every rule over `docs` and returns the findings (loading's included), sorted by
/// file and position, without repeats.
pub fn check(docs: &DocSet, purpose: Purpose) -> Vec<Diagnostic> {
    analyze(docs, purpose, &crate::Options::default()).findings
}

/// Runs every rule and lowers the documents: what the generator cannot handle is a finding
/// of the `unsupported` rule, so `validate` reports it too (as a warning).
pub fn analyze(docs: &DocSet, purpose: Purpose, options: &crate::Options) -> Analysis {
    let mut findings = Findings::default();
    let sites = walk::walk(docs, &mut findings);
    let evaluator = Evaluator::new(docs);
    schemas::check(docs, &sites, &evaluator, &mut findings);
    let required_cycles = cycles::check(docs, &sites.schemas, &mut findings);
    examples::check(docs, &sites, &evaluator, &mut findings);
    operations::check(docs, &sites, &mut findings);
    security::check(docs, &sites, &mut findings);
    let apis = crate::lower::lower(
        docs,
        &sites,
        evaluator.patterns(),
        &required_cycles,
        &mut findings,
        options,
    );
    let mut out = docs.findings.clone();
    out.extend(findings.into_diagnostics(docs, purpose));
    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
    });
    out.dedup();
    Analysis {
        findings: out,
        apis,
    }
}
