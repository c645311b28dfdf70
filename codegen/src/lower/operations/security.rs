//! An operation's security: its `security`, else the document's, each alternative's schemes
//! resolved against `components/securitySchemes` (`$ref`s followed). Huawei's schemes (a
//! scheme with `x-hwcloud-signing`, or an `apiKey` in the `X-Auth-Token` header) stand for
//! the configuration's Huawei credentials; an operation that names nothing else, or to which
//! no `security` applies, keeps them ([`Security::Huawei`]). One that names only schemes the
//! document does not define sends none.

use super::{deref, Context, NotGenerated};
use crate::base::security::{self, KeyIn, SchemeReading};
use crate::base::Findings;
use crate::ir::{ParamLocation, SchemeKind, Security, SecurityScheme};
use crate::load::node::Pointer;

/// Why a scheme cannot be applied.
enum Unusable {
    /// `components/securitySchemes` does not define it, or not as the model allows (no
    /// `type`, an API key in `body`, ...): the checks report it.
    Invalid,
    /// A kind of scheme the runtime cannot apply, and why.
    Unsupported(String),
}

/// The operation's security; the operation is left out when it names alternatives and none
/// of them can be applied.
pub(super) fn lower(
    cx: &Context<'_, '_>,
    findings: &mut Findings,
) -> Result<Security, NotGenerated> {
    let root = cx.docs.tree(cx.op.document);
    let (requirements, at) = match cx.op.site.node.get("security") {
        Some(own) => (own, cx.at.join("security")),
        None => match root.and_then(|r| r.get("security")) {
            Some(top) => (top, Pointer::root().join("security")),
            None => return Ok(Security::Huawei),
        },
    };
    // Not a list: the walk reports it, and the operation keeps what it had.
    let Some(requirements) = requirements.as_seq() else {
        return Ok(Security::Huawei);
    };
    if requirements.is_empty() {
        // `security: []`: no credentials at all, whatever the document's default.
        return Ok(Security::Alternatives(vec![Vec::new()]));
    }
    let mut alternatives = Vec::new();
    // The alternatives left out for a scheme the runtime cannot apply: where, and why.
    let mut left_out = Vec::new();
    let mut invalid = false;
    for (index, requirement) in requirements.iter().enumerate() {
        let names = requirement.as_map().unwrap_or(&[]);
        let mut schemes = Vec::new();
        let mut usable = true;
        for (name, _) in names {
            match scheme(cx, &name.name) {
                Ok(kind) => schemes.push(SecurityScheme {
                    name: name.name.clone(),
                    kind,
                }),
                Err(Unusable::Invalid) => {
                    usable = false;
                    invalid = true;
                }
                Err(Unusable::Unsupported(why)) => {
                    usable = false;
                    left_out.push((name, at.index(index).join(&name.name), why));
                }
            }
        }
        if usable && !alternatives.contains(&schemes) {
            alternatives.push(schemes);
        }
    }
    if alternatives.is_empty() {
        if left_out.is_empty() && invalid {
            // Only schemes the document does not define, or not as it must
            // (`security-undefined`, a warning for `generate`; `field-value`, an error): the
            // checks say so, and every requirement is left out. The operation sends no
            // credentials: Huawei's go only where a document names Huawei's schemes, or
            // names none at all, never to a server that asked for something else.
            return Ok(Security::Alternatives(vec![Vec::new()]));
        }
        let span = requirements.first().map_or(cx.op.key_span, |r| r.span);
        let reasons: Vec<&str> = left_out.iter().map(|(_, _, why)| why.as_str()).collect();
        let why = format!(
            "none of its security alternatives can be applied ({})",
            reasons.join("; ")
        );
        return Err(cx.not_generated(findings, span, &at, why));
    }
    for (name, pointer, why) in &left_out {
        cx.generated_without(
            findings,
            name.span,
            pointer,
            &format!("security alternative naming `{}`", name.name),
            why,
        );
    }
    let huawei_only = alternatives
        .iter()
        .all(|a| !a.is_empty() && a.iter().all(|s| s.kind == SchemeKind::Huawei));
    Ok(if huawei_only {
        Security::Huawei
    } else {
        Security::Alternatives(alternatives)
    })
}

/// How the scheme named `name` in the entry document's `components/securitySchemes` is
/// applied.
fn scheme(cx: &Context<'_, '_>, name: &str) -> Result<SchemeKind, Unusable> {
    let file = cx.op.document;
    let written = cx
        .docs
        .tree(file)
        .and_then(|root| root.pointer("/components/securitySchemes"))
        .and_then(|schemes| schemes.get(name))
        .ok_or(Unusable::Invalid)?;
    let at = Pointer::root()
        .join("components")
        .join("securitySchemes")
        .join(name);
    let (_, node, _) = deref(cx.docs, file, written, at).ok_or(Unusable::Invalid)?;
    Ok(match security::read(node) {
        SchemeReading::HuaweiSignature | SchemeReading::HuaweiToken => SchemeKind::Huawei,
        SchemeReading::ApiKey(location, param) => SchemeKind::ApiKey {
            location: match location {
                KeyIn::Header => ParamLocation::Header,
                KeyIn::Query => ParamLocation::Query,
                KeyIn::Cookie => ParamLocation::Cookie,
            },
            param: param.to_string(),
        },
        SchemeReading::Bearer => SchemeKind::Bearer,
        SchemeReading::Basic => SchemeKind::Basic,
        SchemeReading::OAuth2 => SchemeKind::OAuth2,
        SchemeReading::OpenIdConnect => SchemeKind::OpenIdConnect,
        SchemeReading::OtherHttp(other) => {
            return Err(Unusable::Unsupported(format!(
                "HTTP authentication scheme `{}` of `{name}` is not supported (only `bearer` and `basic`)",
                other.unwrap_or("(none)").to_ascii_lowercase()
            )))
        }
        // OpenAPI 3.1's client certificates: the transport has none to present.
        SchemeReading::MutualTls => {
            return Err(Unusable::Unsupported(format!(
                "security scheme `{name}` of type `mutualTLS` is not supported"
            )))
        }
        SchemeReading::Invalid => return Err(Unusable::Invalid),
    })
}
