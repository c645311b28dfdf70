//! Every example (of parameters, headers, media types, schemas and `examples` maps) checked
//! against its schema; each violation reported at the offending value inside the example.

use super::walk::{Site, Sites};
use crate::base::{rules, schema, Findings};
use crate::instance::{Direction, Evaluator};
use crate::load::node::{Node, Pointer};
use crate::load::source::FileId;
use crate::load::DocSet;

pub fn check(docs: &DocSet, sites: &Sites<'_>, evaluator: &Evaluator<'_>, findings: &mut Findings) {
    let holders = sites
        .parameters
        .iter()
        .map(|s| (s, Direction::Request))
        .chain(sites.headers.iter().map(|s| (s, Direction::Response)))
        .chain(
            sites
                .media_types
                .iter()
                .map(|s| (s, direction_of(&s.pointer))),
        );
    for (site, direction) in holders {
        let Some(schema) = site.node.get("schema") else {
            continue;
        };
        let at = Pointer::from_decoded(&site.pointer);
        if let Some(example) = site.node.get("example") {
            report(
                evaluator,
                (site.file, schema, direction),
                example,
                &at.join("example"),
                findings,
            );
        }
        if let Some(examples) = site.node.get("examples").and_then(Node::as_map) {
            for (key, entry) in examples {
                let (entry, entry_at) = match entry.get("$ref").and_then(Node::as_str) {
                    Some(reference) => match docs.resolve(site.file, reference) {
                        Ok(target) => {
                            let fragment = reference.split_once('#').map(|(_, p)| p).unwrap_or("");
                            (target.node, Pointer::from_fragment(fragment))
                        }
                        Err(_) => continue, // reported by the walk as unresolved
                    },
                    None => (entry, at.join("examples").join(&key.name)),
                };
                if let Some(value) = entry.get("value") {
                    report(
                        evaluator,
                        (site.file, schema, direction),
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

/// A schema's own examples: 3.0's `example`, 3.1's `examples` list.
fn check_schema_example(evaluator: &Evaluator<'_>, site: &Site<'_>, findings: &mut Findings) {
    for (example, below) in schema::examples(site.node) {
        let at = Pointer::from_decoded(&format!("{}{below}", site.pointer));
        report(
            evaluator,
            (site.file, site.node, Direction::Either),
            example,
            &at,
            findings,
        );
    }
}

/// Which way the value of a Media Type Object travels, from where it is: a request body's or a
/// response's.
fn direction_of(pointer: &str) -> Direction {
    if pointer.contains("/requestBody/") || pointer.starts_with("/components/requestBodies/") {
        Direction::Request
    } else if pointer.contains("/responses/") {
        Direction::Response
    } else {
        Direction::Either
    }
}

/// Reports every violation of the schema (its file, itself, the example's direction) by
/// `example`.
fn report(
    evaluator: &Evaluator<'_>,
    (schema_file, schema, direction): (FileId, &Node, Direction),
    example: &Node,
    at: &Pointer,
    findings: &mut Findings,
) {
    for violation in evaluator.validate_as(schema_file, schema, &example.to_json(), direction) {
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
