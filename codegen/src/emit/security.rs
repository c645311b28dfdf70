//! The data an operation authenticating with its document's schemes hands the runtime: a
//! `static` per scheme it names (`auth::Scheme`) and one per distinct set of alternatives
//! (`auth::Security`), defined at the module root with the other statics (`statics.rs`);
//! and the sentence of the method's docs that says which credentials to configure. An
//! operation on Huawei's credentials ([`Security::Huawei`]) has none of it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{ParamLocation, SchemeKind, Security, SecurityScheme};

/// Whether the alternatives are only the empty one (`security: []`): `auth::Security::NONE`.
pub fn needs_none(alternatives: &[Vec<SecurityScheme>]) -> bool {
    alternatives.iter().all(Vec::is_empty)
}

/// Whether any operation of the module names its document's schemes (the module then
/// imports `auth`).
pub fn uses_auth<'a>(mut securities: impl Iterator<Item = &'a Security>) -> bool {
    securities.any(|s| matches!(s, Security::Alternatives(_)))
}

/// The literal of a scheme's `auth::Scheme`.
pub fn scheme_literal(scheme: &SecurityScheme) -> TokenStream {
    let name = &scheme.name;
    let kind = match &scheme.kind {
        SchemeKind::ApiKey { location, param } => {
            let location = match location {
                ParamLocation::Query => format_ident!("Query"),
                ParamLocation::Cookie => format_ident!("Cookie"),
                // The lowering gives no other location.
                ParamLocation::Header | ParamLocation::Path => format_ident!("Header"),
            };
            quote! {
                auth::SchemeKind::ApiKey {
                    location: auth::KeyLocation::#location,
                    param: #param,
                }
            }
        }
        SchemeKind::Bearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => {
            quote! { auth::SchemeKind::Bearer }
        }
        SchemeKind::Basic => quote! { auth::SchemeKind::Basic },
        SchemeKind::Huawei => quote! { auth::SchemeKind::Huawei },
    };
    quote! { auth::Scheme { name: #name, kind: #kind } }
}

/// The doc line of a scheme's static: its name and what it sends.
pub fn scheme_doc(scheme: &SecurityScheme) -> String {
    format!("`{}`: {}.", scheme.name, what(&scheme.kind))
}

/// What a scheme sends, for docs.
fn what(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::ApiKey { location, param } => {
            let place = match location {
                ParamLocation::Query => "query parameter",
                ParamLocation::Cookie => "cookie",
                ParamLocation::Header | ParamLocation::Path => "header",
            };
            format!("an API key in the {place} `{param}`")
        }
        SchemeKind::Bearer => "a bearer token".into(),
        SchemeKind::Basic => "HTTP basic: a user name and password".into(),
        SchemeKind::OAuth2 => "an OAuth 2.0 access token, sent as a bearer token".into(),
        SchemeKind::OpenIdConnect => "an OpenID Connect token, sent as a bearer token".into(),
        SchemeKind::Huawei => "the Huawei Cloud credentials".into(),
    }
}

/// The paragraph of a method's docs on its security, for an operation on its document's
/// schemes: which schemes, and how the user gives their credentials.
pub fn doc(security: &Security) -> Option<String> {
    let Security::Alternatives(alternatives) = security else {
        return None;
    };
    if needs_none(alternatives) {
        return Some("Sends no credentials.".into());
    }
    let mut sentences = Vec::new();
    let mut optional = false;
    for alternative in alternatives {
        if alternative.is_empty() {
            optional = true;
            continue;
        }
        let schemes: Vec<String> = alternative
            .iter()
            .map(|s| format!("`{}` ({})", s.name, what(&s.kind)))
            .collect();
        sentences.push(schemes.join(" and "));
    }
    let mut text = format!("Authenticates with {}", sentences.join(", or "));
    if optional {
        text.push_str(", or without credentials when none of these is configured");
    }
    text.push_str(
        ".\nCredentials are configured by scheme name: `ConfigBuilder::api_key`, \
         `bearer_token` or `basic_auth`.",
    );
    Some(text)
}
