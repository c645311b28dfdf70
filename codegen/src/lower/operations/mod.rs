//! Operations to their IR: parameters merged from path item and operation
//! (`parameters.rs`), the request body (`body.rs`), every documented response with its
//! variant name (`responses.rs`), and the schemes it authenticates with (`security.rs`).
//! Each part either lowers or leaves the whole operation out with a finding saying why;
//! never broken code.

mod body;
mod media;
mod parameters;
mod responses;
mod security;

use super::names::{type_name, value_name, Scope};
use super::types::{docs_of, TypeLowerer};
use crate::base::{rules, Findings};
use crate::check::walk::OperationSite;
use crate::ir::Operation;
use crate::load::node::{Node, Pointer, Span};
use crate::load::source::FileId;
use crate::load::{Dialect, DocSet};

pub use media::is_json;

/// A node as written: its file, the node, and its pointer in that file.
type Written<'a> = (FileId, &'a Node, Pointer);

/// The operation is left out: a finding says why (the checks' or the lowering's).
struct NotGenerated;

/// The operation being lowered, as each of its parts needs it.
struct Context<'a, 'o> {
    docs: &'a DocSet,
    op: &'o OperationSite<'a>,
    /// The operation id, as findings name the operation.
    id: &'o str,
    /// What the names of the types the operation defines start with.
    type_prefix: &'o str,
    /// The pointer of the Operation Object.
    at: Pointer,
}

impl Context<'_, '_> {
    /// Reports why the operation is not generated.
    fn not_generated(
        &self,
        findings: &mut Findings,
        span: Span,
        at: &Pointer,
        why: String,
    ) -> NotGenerated {
        let op = self.op;
        findings.report(
            span,
            &rules::UNSUPPORTED,
            at,
            format!(
                "operation `{}` ({} {}) is not generated: {why}",
                self.id,
                op.method.to_uppercase(),
                op.path
            ),
            None,
        );
        NotGenerated
    }

    /// Reports an optional part (`what`) the operation is generated without.
    fn generated_without(
        &self,
        findings: &mut Findings,
        span: Span,
        at: &Pointer,
        what: &str,
        why: &str,
    ) {
        let op = self.op;
        findings.report(
            span,
            &rules::UNSUPPORTED,
            at,
            format!(
                "operation `{}` ({} {}) is generated without its {what}: {why}",
                self.id,
                op.method.to_uppercase(),
                op.path
            ),
            None,
        );
    }
}

/// The operation id, or one derived from method and path when the document gives none.
pub fn operation_id(op: &OperationSite<'_>) -> String {
    match op.site.node.get("operationId").and_then(Node::as_str) {
        Some(id) => id.to_string(),
        None => {
            let mut words = vec![op.method.to_string()];
            for segment in op.path.split('/').filter(|s| !s.is_empty()) {
                match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(param) => words.push(format!("by {param}")),
                    None => words.push(segment.to_string()),
                }
            }
            words.join(" ")
        }
    }
}

/// Resolves a Reference Object to what it names (with its file and pointer), or keeps `node`.
/// Reference loops end in `None` (the checks report them).
fn deref<'a>(
    docs: &'a DocSet,
    mut file: FileId,
    mut node: &'a Node,
    mut at: Pointer,
) -> Option<Written<'a>> {
    for _ in 0..64 {
        match node.get("$ref").and_then(Node::as_str) {
            Some(r) => {
                let t = docs.resolve(file, r).ok()?;
                let fragment = r.split_once('#').map(|(_, f)| f).unwrap_or("");
                (file, node, at) = (t.file, t.node, Pointer::from_fragment(fragment));
            }
            None => return Some((file, node, at)),
        }
    }
    None
}

/// The description a 3.1 Reference Object writes beside its `$ref`: it replaces the referenced
/// object's (3.0 ignores every sibling of `$ref`).
fn reference_description<'a>(docs: &DocSet, file: FileId, node: &'a Node) -> Option<&'a str> {
    node.get("$ref")?;
    if docs.dialect(file) != Dialect::V31 {
        return None;
    }
    node.get("description").and_then(Node::as_str)
}

/// Lowers one operation; `None` (with a finding) when it cannot be generated.
pub fn lower_operation<'a>(
    docs: &'a DocSet,
    op: &OperationSite<'a>,
    types: &mut TypeLowerer<'a, '_>,
    methods: &mut Scope,
    findings: &mut Findings,
) -> Option<Operation> {
    let node = op.site.node;
    let id = operation_id(op);
    let fn_name = methods.claim(value_name(&id));
    let type_prefix = type_name(fn_name.trim_start_matches("r#"));
    let cx = Context {
        docs,
        op,
        id: &id,
        type_prefix: &type_prefix,
        at: Pointer::from_decoded(&op.site.pointer),
    };
    let params = parameters::lower(&cx, types, findings).ok()?;
    let body = body::lower(&cx, types, findings).ok()?;
    let responses = responses::lower(&cx, types);
    let security = security::lower(&cx, findings).ok()?;
    let text = |key: &str| node.get(key).and_then(Node::as_str).map(str::to_string);
    Some(Operation {
        operation_id: id,
        fn_name,
        type_prefix,
        method: op.method.to_uppercase(),
        path: op.path.clone(),
        summary: text("summary"),
        doc: docs_of(node),
        replaced_by: text("x-replaced-by"),
        iam_action: text("x-iam-action"),
        params,
        body,
        responses,
        security,
    })
}
