//! Rules on security requirements and servers: names that must be defined elsewhere.

use super::operations::template_names;
use super::walk::Sites;
use crate::base::{rules, Findings};
use crate::load::node::{Node, Pointer};
use crate::load::DocSet;

pub fn check(docs: &DocSet, sites: &Sites<'_>, findings: &mut Findings) {
    for (document, site) in &sites.security_requirements {
        let schemes = docs
            .tree(*document)
            .and_then(|t| t.pointer("/components/securitySchemes"));
        let at = Pointer::from_decoded(&site.pointer);
        for (key, _) in site.node.as_map().unwrap_or(&[]) {
            if schemes.and_then(|s| s.get(&key.name)).is_none() {
                findings.report(
                    key.span,
                    &rules::SECURITY_UNDEFINED,
                    &at.join(&key.name),
                    format!("security requirement names `{}`, which `components/securitySchemes` does not define", key.name),
                    Some(format!(
                        "define `{}` under `components/securitySchemes` (the generated code \
                         leaves out a requirement that names an undefined scheme)",
                        key.name
                    )),
                );
            }
        }
    }
    for site in &sites.servers {
        let at = Pointer::from_decoded(&site.pointer);
        let Some(url) = site.node.get("url") else {
            continue;
        };
        let variables = site.node.get("variables");
        for name in template_names(url.as_str().unwrap_or("")) {
            if variables.and_then(|v| v.get(name)).is_none() {
                findings.report(
                    url.span,
                    &rules::SERVER_VARIABLE_UNDEFINED,
                    &at.join("url"),
                    format!("server URL uses `{{{name}}}`, which `variables` does not define"),
                    Some(format!("add `variables: {{{name}: {{default: ...}}}}`")),
                );
            }
        }
        for (key, variable) in variables.and_then(Node::as_map).unwrap_or(&[]) {
            let (Some(options), Some(default)) = (
                variable.get("enum").and_then(Node::as_seq),
                variable.get("default"),
            ) else {
                continue;
            };
            if !options.iter().any(|o| o.as_str() == default.as_str()) {
                findings.report(
                    default.span,
                    &rules::SERVER_VARIABLE_DEFAULT,
                    &at.join("variables").join(&key.name).join("default"),
                    format!(
                        "default `{}` of server variable `{}` is not in its enum",
                        default.as_str().unwrap_or(""),
                        key.name
                    ),
                    None,
                );
            }
        }
    }
}
