//! Every example (of parameters, headers, media types, schemas and `examples` maps) checked
//! against its schema; each violation reported at the offending value inside the example.

use super::walk::{Site, Sites};
use super::{rules, Findings};
use crate::instance::Evaluator;
use crate::load::node::{Node, Pointer};
use crate::load::source::FileId;
use crate::load::DocSet;

pub fn check(docs: &DocSet, sites: &Sites<'_>, evaluator: &Evaluator<'_>, findings: &mut Findings) {
    let holders = sites
        .parameters
        .iter()
        .chain(&sites.headers)
        .chain(&sites.media_types);
    for site in holders {
        let Some(schema) = site.node.get("schema") else {
            continue;
        };
        let at = Pointer::from_decoded(&site.pointer);
        if let Some(example) = site.node.get("example") {
            report(
                evaluator,
                site.file,
                schema,
                site.file,
                example,
                &at.join("example"),
                findings,
            );
        }
        if let Some(examples) = site.node.get("examples").and_then(Node::as_map) {
            for (key, entry) in examples {
                let (file, entry, entry_at) = match entry.get("$ref").and_then(Node::as_str) {
                    Some(reference) => match docs.resolve(site.file, reference) {
                        Ok(target) => {
                            let fragment = reference.split_once('#').map(|(_, p)| p).unwrap_or("");
                            (target.file, target.node, Pointer::from_fragment(fragment))
                        }
                        Err(_) => continue, // reported by the walk as unresolved
                    },
                    None => (site.file, entry, at.join("examples").join(&key.name)),
                };
                if let Some(value) = entry.get("value") {
                    report(
                        evaluator,
                        site.file,
                        schema,
                        file,
                        value,
                        &entry_at.join("value"),
                        findings,
                    );
                }
            }
        }
    }
    for site in &sites.schemas {
        check_schema_example(evaluator, site, findings);
    }
}

fn check_schema_example(evaluator: &Evaluator<'_>, site: &Site<'_>, findings: &mut Findings) {
    if let Some(example) = site.node.get("example") {
        let at = Pointer::from_decoded(&site.pointer).join("example");
        report(
            evaluator, site.file, site.node, site.file, example, &at, findings,
        );
    }
}

fn report(
    evaluator: &Evaluator<'_>,
    schema_file: FileId,
    schema: &Node,
    _example_file: FileId,
    example: &Node,
    at: &Pointer,
    findings: &mut Findings,
) {
    for violation in evaluator.validate(schema_file, schema, &example.to_json()) {
        let span = example.pointer(&violation.pointer).unwrap_or(example).span;
        let pointer = Pointer::from_decoded(&format!("{}{}", at.as_str(), violation.pointer));
        findings.report(
            span,
            &rules::EXAMPLE_INVALID,
            &pointer,
            format!("example does not satisfy its schema: {violation}"),
            Some("correct the example, or the schema if the example shows what the service really sends".into()),
        );
    }
}
