//! The checks: every rule run over a loaded [`DocSet`], every finding reported, none stopping
//! the others. One defect yields one finding: the walk does not descend into what it could
//! not read, and the rules read only what the walk collected.

mod cycles;
mod examples;
pub mod model;
pub mod operations;
mod schemas;
mod security;
pub mod walk;

use crate::base::Patterns;
use crate::diag::Diagnostic;
use crate::instance::Evaluator;
use crate::load::DocSet;
use walk::Sites;

// At their old paths, for the callers that name them here.
pub use crate::base::{rules, Findings, Purpose};
pub use cycles::RequiredCycles;
pub use operations::template_names;

/// What the checks leave to the stages after them: the findings, which the lowering reports
/// into too, and what it reads instead of walking the documents again.
pub struct Checked<'d> {
    /// Every rule's findings (loading's stay with the [`DocSet`]).
    pub findings: Findings,
    /// The places the walk collected.
    pub sites: Sites<'d>,
    /// The required properties on cycles no finite value satisfies, which the lowering makes
    /// optional.
    pub required_cycles: RequiredCycles,
    /// Every pattern met so far, classified and compiled once.
    pub patterns: Patterns,
}

/// Runs every rule over `docs`.
pub fn run(docs: &DocSet) -> Checked<'_> {
    let mut findings = Findings::default();
    let sites = walk::walk(docs, &mut findings);
    let evaluator = Evaluator::new(docs);
    schemas::check(docs, &sites, &evaluator, &mut findings);
    let required_cycles = cycles::check(docs, &sites.schemas, &mut findings);
    examples::check(docs, &sites, &evaluator, &mut findings);
    operations::check(docs, &sites, &mut findings);
    security::check(docs, &sites, &mut findings);
    Checked {
        findings,
        sites,
        required_cycles,
        patterns: evaluator.into_patterns(),
    }
}

/// Runs every rule over `docs` and returns the findings (loading's included), sorted by
/// file and position, without repeats. What only the lowering finds (`unsupported`) is not
/// among them: the crate's `validate` runs both stages.
pub fn check(docs: &DocSet, purpose: Purpose) -> Vec<Diagnostic> {
    run(docs).findings.into_diagnostics(docs, purpose)
}
