//! Token helpers every emitter shares: Rust types for IR types, identifiers, and the paths
//! into the runtime (always fully qualified, so a schema named `Option` breaks nothing).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::TypeRef;

/// The runtime crate as generated code names it (`lib.rs` declares `extern crate self as
/// hwcloud`, so the same path works inside the crate and in crates depending on it).
pub fn rt() -> TokenStream {
    quote! { ::hwcloud }
}

/// An identifier from a name the lowering made safe (`r#type` stays raw).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// Where named types live relative to the code being emitted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// Inside the `types` module.
    Types,
    /// At the module root (operations, client).
    Root,
}

pub fn named(name: &str, from: From) -> TokenStream {
    let id = ident(name);
    match from {
        From::Types => quote! { #id },
        From::Root => quote! { types::#id },
    }
}

/// The Rust type of `ty`.
pub fn rust_type(ty: &TypeRef, from: From) -> TokenStream {
    let rt = rt();
    match ty {
        TypeRef::String => quote! { ::std::string::String },
        TypeRef::Integer => quote! { i64 },
        TypeRef::Number => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::Any => quote! { #rt::__private::serde_json::Value },
        TypeRef::Named(n) => named(n, from),
        TypeRef::Boxed(n) => {
            let n = named(n, from);
            quote! { ::std::boxed::Box<#n> }
        }
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, from);
            quote! { ::std::vec::Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, from);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, from);
            quote! { ::std::option::Option<#inner> }
        }
        TypeRef::Bytes => quote! { ::std::vec::Vec<u8> },
        TypeRef::DateTime => quote! { #rt::datetime::DateTime },
    }
}

/// The type of a field or parameter: `Option` when it may be absent (once, even if nullable).
pub fn slot_type(ty: &TypeRef, required: bool, from: From) -> TokenStream {
    let inner = rust_type(ty, from);
    if required || matches!(ty, TypeRef::Nullable(_)) {
        inner
    } else {
        quote! { ::std::option::Option<#inner> }
    }
}

/// Whether the slot is an `Option` in Rust.
pub fn slot_is_option(ty: &TypeRef, required: bool) -> bool {
    !required || matches!(ty, TypeRef::Nullable(_))
}
