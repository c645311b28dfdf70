//! Rules across operations: `operationId` present and unique, path templates and path
//! parameters agreeing, and paths that differ only in parameter names.

use std::collections::HashMap;

use super::walk::{OperationSite, Sites};
use crate::base::{rules, Findings};
use crate::load::node::{Node, Pointer, Span};
use crate::load::source::FileId;
use crate::load::DocSet;

/// Checks every operation of `sites`: `operationId` present and unique per document, path
/// parameters declared, used and required, and paths that differ only in parameter names.
pub fn check(docs: &DocSet, sites: &Sites<'_>, findings: &mut Findings) {
    let mut ids: HashMap<(FileId, &str), Span> = HashMap::new();
    for op in &sites.operations {
        let at = Pointer::from_decoded(&op.site.pointer);
        match op.site.node.get("operationId").and_then(Node::as_str) {
            None => findings.report(
                op.key_span,
                &rules::OPERATION_ID_MISSING,
                &at,
                format!(
                    "`{} {}` has no `operationId`",
                    op.method.to_uppercase(),
                    op.path
                ),
                Some("add a unique `operationId`: it names the client method".into()),
            ),
            Some(id) => {
                let span = op
                    .site
                    .node
                    .get("operationId")
                    .map(|n| n.span)
                    .unwrap_or(op.site.node.span);
                if let Some(first) = ids.get(&(op.document, id)) {
                    findings.report(
                        span,
                        &rules::OPERATION_ID_DUPLICATE,
                        &at.join("operationId"),
                        format!(
                            "`operationId` `{id}` is already used on line {}",
                            first.line
                        ),
                        Some("operation ids must be unique within a document".into()),
                    );
                } else {
                    ids.insert((op.document, id), span);
                }
            }
        }
        path_parameters(docs, op, &at, findings);
    }
    ambiguous_paths(sites, findings);
}

/// The names between braces in a path template.
pub fn template_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        names.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    names
}

fn path_parameters(docs: &DocSet, op: &OperationSite<'_>, at: &Pointer, findings: &mut Findings) {
    // Operation parameters override path-item ones with the same name and location.
    let mut declared: Vec<(&str, &Node, Pointer)> = Vec::new();
    let lists = [
        (
            op.path_item.file,
            op.path_item.node,
            Pointer::from_decoded(&op.path_item.pointer),
        ),
        (op.site.file, op.site.node, at.clone()),
    ];
    for (file, holder, holder_at) in &lists {
        let Some(params) = holder.get("parameters").and_then(Node::as_seq) else {
            continue;
        };
        for (i, param) in params.iter().enumerate() {
            let (param, param_at) = match param.get("$ref").and_then(Node::as_str) {
                Some(r) => match docs.resolve(*file, r) {
                    Ok(t) => (
                        t.node,
                        Pointer::from_fragment(r.split_once('#').map(|(_, p)| p).unwrap_or("")),
                    ),
                    Err(_) => continue,
                },
                None => (param, holder_at.join("parameters").index(i)),
            };
            if param.get("in").and_then(Node::as_str) != Some("path") {
                continue;
            }
            let Some(name) = param.get("name").and_then(Node::as_str) else {
                continue;
            };
            declared.retain(|(n, _, _)| *n != name);
            declared.push((name, param, param_at));
        }
    }
    let names = template_names(&op.path);
    for name in &names {
        if !declared.iter().any(|(n, _, _)| n == name) {
            findings.report(
                op.key_span,
                &rules::PATH_PARAM_UNDECLARED,
                at,
                format!(
                    "`{} {}` uses `{{{name}}}`, but no `in: path` parameter named `{name}` is declared",
                    op.method.to_uppercase(),
                    op.path
                ),
                Some(format!("declare a parameter with `name: {name}`, `in: path`, `required: true`")),
            );
        }
    }
    for (name, param, param_at) in &declared {
        if !names.contains(name) {
            findings.report(
                param.span,
                &rules::PATH_PARAM_UNUSED,
                param_at,
                format!(
                    "path parameter `{name}` does not appear in the path `{}`",
                    op.path
                ),
                Some(format!(
                    "add `{{{name}}}` to the path, or remove the parameter"
                )),
            );
        }
        if param.get("required").and_then(Node::as_bool) != Some(true) {
            findings.report(
                param.get("required").map(|n| n.span).unwrap_or(param.span),
                &rules::PATH_PARAM_OPTIONAL,
                param_at,
                format!("path parameter `{name}` must have `required: true`"),
                Some("path parameters are always required in OpenAPI".into()),
            );
        }
    }
}

fn ambiguous_paths(sites: &Sites<'_>, findings: &mut Findings) {
    let mut seen: HashMap<(FileId, String), (String, u32)> = HashMap::new();
    let mut done: Vec<(FileId, String)> = Vec::new();
    for op in &sites.operations {
        let key = (op.document, op.path.clone());
        if done.contains(&key) {
            continue;
        }
        done.push(key);
        let mut shape = String::new();
        let mut inside = false;
        for c in op.path.chars() {
            match c {
                '{' => {
                    inside = true;
                    shape.push_str("{}");
                }
                '}' => inside = false,
                _ if !inside => shape.push(c),
                _ => {}
            }
        }
        let span = op.path_span;
        match seen.get(&(op.document, shape.clone())) {
            Some((other, line)) if *other != op.path => findings.report(
                span,
                &rules::PATH_AMBIGUOUS,
                &Pointer::from_decoded(&op.path_item.pointer),
                format!(
                    "`{}` differs from `{other}` (line {line}) only in parameter names",
                    op.path
                ),
                Some(
                    "a server cannot tell the two apart; merge them under one parameter name"
                        .into(),
                ),
            ),
            Some(_) => {}
            None => {
                seen.insert((op.document, shape), (op.path.clone(), span.line));
            }
        }
    }
}
