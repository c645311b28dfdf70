//! 3.1's `webhooks`: the requests an API sends to its users. Each webhook's JSON body becomes
//! a payload type, so that a user's server can decode what it receives; a document may hold
//! webhooks only, as GitHub's webhook descriptions do.

use super::names::{type_name, Scope};
use super::operations::is_json;
use super::types::{docs_of, TypeLowerer};
use crate::base::{rules, Findings};
use crate::check::walk::OperationSite;
use crate::ir::{Docs, Webhook};
use crate::load::node::{Node, Pointer};
use crate::load::DocSet;

/// The webhooks of one document with a JSON body, sorted by name and method.
pub fn lower_webhooks<'a>(
    docs: &'a DocSet,
    sites: &[&OperationSite<'a>],
    types: &mut TypeLowerer<'a, '_>,
    findings: &mut Findings,
) -> Vec<Webhook> {
    let mut sorted = sites.to_vec();
    sorted.sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
    // The `webhooks` module names its enum and the prelude's types it uses itself.
    let mut names = Scope::new(&[
        "Webhook", "Result", "String", "Option", "Vec", "Box", "Self",
    ]);
    let mut taken: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for site in sorted {
        let Some((file, schema, at)) = payload_schema(docs, site) else {
            if site.site.node.get("requestBody").is_some() {
                findings.report(
                    site.key_span,
                    &rules::UNSUPPORTED,
                    &Pointer::from_decoded(&site.site.pointer).join("requestBody"),
                    format!(
                        "webhook `{}` has no JSON body (with a schema), so it gets no payload type and `decode` does not know it",
                        site.path
                    ),
                    Some("describe the payload under `application/json`".into()),
                );
            }
            continue;
        };
        if taken.contains(&site.path.as_str()) {
            findings.report(
                site.key_span,
                &rules::UNSUPPORTED,
                &Pointer::from_decoded(&site.site.pointer),
                format!(
                    "webhook `{}` has a JSON body for more than one method; only the first ({}) is decoded",
                    site.path,
                    out.iter().rev().find(|w: &&Webhook| w.name == site.path).map_or("", |w| w.method.as_str())
                ),
                Some("give each payload a webhook name of its own".into()),
            );
            continue;
        }
        taken.push(&site.path);
        let op = site.site.node;
        // Named by the webhook, which says what happened (`payment-succeeded`); framework
        // operationIds glue name, function and method together.
        let rust_name = names.claim(type_name(&site.path));
        let (payload, _) = types.use_site(file, schema, &format!("{rust_name}Payload"), &at, false);
        out.push(Webhook {
            name: site.path.clone(),
            method: site.method.to_ascii_uppercase(),
            rust_name,
            doc: Docs {
                title: op.get("summary").and_then(Node::as_str).map(str::to_string),
                ..docs_of(op)
            },
            payload,
        });
    }
    out
}

/// The schema of a webhook's JSON request body, with its file and pointer.
fn payload_schema<'a>(
    docs: &'a DocSet,
    site: &OperationSite<'a>,
) -> Option<(crate::load::source::FileId, &'a Node, Pointer)> {
    let mut file = site.site.file;
    let mut body = site.site.node.get("requestBody")?;
    let mut at = Pointer::from_decoded(&site.site.pointer).join("requestBody");
    if let Some(reference) = body.get("$ref").and_then(Node::as_str) {
        let target = docs.resolve(file, reference).ok()?;
        let fragment = reference.split_once('#').map(|(_, p)| p).unwrap_or("");
        (file, body, at) = (target.file, target.node, Pointer::from_fragment(fragment));
    }
    let (media, content) = body
        .get("content")?
        .as_map()?
        .iter()
        .find(|(media, _)| is_json(&media.name))?;
    let schema = content.get("schema")?;
    let at = at.join("content").join(&media.name).join("schema");
    Some((file, schema, at))
}
