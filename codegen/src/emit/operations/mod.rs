//! Per operation: the request type and its builder (`request.rs`), the success and error
//! types (`responses.rs`), and the client method (`method.rs`), which checks the request,
//! describes the call for the runtime and matches the status.

mod method;
mod request;
mod responses;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::metadata::error_metadata;
use super::validate::Scope;
use crate::ir::{Operation, Param, ParamLocation, TypeDef, TypeRef};

/// A slot of the request struct: a parameter or the body.
struct Slot<'a> {
    name: String,
    ty: TypeRef,
    required: bool,
    doc: Option<String>,
    param: Option<&'a Param>,
}

fn slots(op: &Operation) -> Vec<Slot<'_>> {
    let mut out: Vec<Slot<'_>> = op
        .params
        .iter()
        .filter(|p| p.from_config.is_none())
        .map(|p| Slot {
            name: p.rust_name.clone(),
            ty: p.ty.clone(),
            required: p.required,
            doc: p.doc.description.clone(),
            param: Some(p),
        })
        .collect();
    if let Some(body) = &op.body {
        out.push(Slot {
            name: "body".into(),
            ty: body.ty.clone(),
            required: body.required,
            doc: Some(
                body.doc
                    .clone()
                    .unwrap_or_else(|| "The request body.".into()),
            ),
            param: None,
        });
    }
    out
}

/// A slot's docs: its description, else where it goes.
fn slot_doc(s: &Slot<'_>) -> TokenStream {
    let fallback = match s.param {
        Some(p) => {
            let place = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            format!("The `{}` {place} parameter.", p.name)
        }
        None => "The request body.".to_string(),
    };
    doc_attrs([s.doc.as_deref().unwrap_or(&fallback)])
}

/// Where a violation of a parameter is reported.
fn location_tokens(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Path => quote! { validation::Location::Path },
        ParamLocation::Query => quote! { validation::Location::Query },
        ParamLocation::Header | ParamLocation::Cookie => {
            quote! { validation::Location::Header }
        }
    }
}

/// A parameter's JSON pointer in violations: its name.
fn param_pointer(p: &Param) -> String {
    format!("/{}", crate::load::node::escape_token(&p.name))
}

/// Everything emitted at the module root for one operation: the request and its builder,
/// the success type when there are several, the error type.
pub fn items(op: &Operation, types: &BTreeMap<String, TypeDef>, scope: Scope<'_>) -> TokenStream {
    let request = request::request_type(op, scope);
    let (_, success_items) = responses::success_type(op);
    let error_items = responses::error_type(op);
    let metadata = error_metadata(op, types);
    quote! { #request #success_items #error_items #metadata }
}

/// The client method of one operation.
pub fn method(op: &Operation, scope: Scope<'_>) -> TokenStream {
    let (success_ty, _) = responses::success_type(op);
    method::client_method(op, &success_ty, scope)
}
