//! Lowering: checked documents to the [`crate::ir`] the emitters read. Names are assigned
//! here (sorted, so output never depends on discovery order) and every construct the
//! emitters cannot handle is reported as `unsupported` instead of producing broken code.

mod dedup;
pub mod inheritance;
pub mod names;
mod operations;
mod types;
mod webhooks;

use std::path::Path;

use crate::base::{DateTimeAs, Findings, Options, Patterns};
use crate::check::walk::{Site, Sites};
use crate::check::RequiredCycles;
use crate::ir::{Api, Server};
use crate::load::node::Node;
use crate::load::DocSet;
use names::{module_name, Scope};
use operations::lower_operation;
use types::TypeLowerer;

pub use operations::is_json;

/// Lowers every entry document of `docs` (those whose syntax could be read).
pub fn lower(
    docs: &DocSet,
    sites: &Sites<'_>,
    patterns: &Patterns,
    required_cycles: &RequiredCycles,
    findings: &mut Findings,
    options: &Options,
) -> Vec<Api> {
    let mut apis = Vec::new();
    let mut modules = Scope::new(&[
        "config",
        "credentials",
        "error",
        "secret",
        "signing",
        "transport",
        "validation",
        "retry",
        "response",
        "datetime",
        "multipart",
        "webhook",
        "__private",
    ]);
    for doc in &sites.documents {
        apis.push(lower_document(
            docs,
            doc,
            sites,
            patterns,
            required_cycles,
            findings,
            &mut modules,
            options,
        ));
    }
    apis
}

#[allow(clippy::too_many_arguments)]
fn lower_document(
    docs: &DocSet,
    doc: &Site<'_>,
    sites: &Sites<'_>,
    patterns: &Patterns,
    required_cycles: &RequiredCycles,
    findings: &mut Findings,
    modules: &mut Scope,
    options: &Options,
) -> Api {
    let (file, tree) = (doc.file, doc.node);
    let source = docs.file(file);
    let stem = source
        .and_then(|s| {
            Path::new(&s.display)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "api".into());
    let module = modules.claim(module_name(&stem));
    let mut types = TypeLowerer::new(docs, patterns, required_cycles, findings);
    types.date_time = options.date_time == DateTimeAs::Time;
    types.components(file);
    let mut methods = Scope::new(&["new", "with_transport", "transport", "config", "base_url"]);
    let mut ops: Vec<&_> = sites
        .operations
        .iter()
        .filter(|o| o.document == file)
        .collect();
    // Method names are claimed in a stable order: by path, then method.
    ops.sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
    let mut operations = Vec::new();
    for op in ops {
        // A finding already explains an operation that cannot be generated.
        let mut local = Findings::default();
        let lowered = lower_operation(docs, op, &mut types, &mut methods, &mut local);
        types.absorb(local);
        if let Some(lowered) = lowered {
            operations.push(lowered);
        }
    }
    let hooks: Vec<&_> = sites
        .webhooks
        .iter()
        .filter(|o| o.document == file)
        .collect();
    let mut local = Findings::default();
    let webhooks = webhooks::lower_webhooks(docs, &hooks, &mut types, &mut local);
    types.absorb(local);
    types.finish();
    dedup::share_identical(&mut types.types, &types.components);
    operations.sort_by(|a, b| a.fn_name.cmp(&b.fn_name));
    let info = tree.get("info");
    let text = |key: &str| {
        info.and_then(|i| i.get(key))
            .and_then(Node::as_str)
            .map(str::to_string)
    };
    Api {
        module,
        source: source.map(|s| s.display.clone()).unwrap_or_default(),
        title: text("title").unwrap_or_default(),
        description: text("description"),
        version: text("version").unwrap_or_default(),
        servers: servers(tree),
        types: types.types,
        operations,
        webhooks,
    }
}

fn servers(tree: &Node) -> Vec<Server> {
    let mut out = Vec::new();
    for server in tree.get("servers").and_then(Node::as_seq).unwrap_or(&[]) {
        let Some(mut url) = server.get("url").and_then(Node::as_str).map(str::to_string) else {
            continue;
        };
        let mut regions = Vec::new();
        for (key, variable) in server
            .get("variables")
            .and_then(Node::as_map)
            .unwrap_or(&[])
        {
            if key.name == "region" {
                regions = variable
                    .get("enum")
                    .and_then(Node::as_seq)
                    .map(|e| {
                        e.iter()
                            .filter_map(Node::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
            } else if let Some(default) = variable.get("default").and_then(Node::as_str) {
                url = url.replace(&format!("{{{}}}", key.name), default);
            }
        }
        out.push(Server { url, regions });
    }
    out
}
