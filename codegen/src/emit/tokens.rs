//! Token helpers every emitter shares: Rust types for IR types, identifiers, and the paths
//! into the runtime (always fully qualified).
//!
//! Std's items are written by their prelude names (`Option`, `Some`, `format!`, derives)
//! where nothing can shadow them, which keeps the output readable. Only a type of the
//! `types` module can take such a name (items at the module root end in `Request`,
//! `Response`, `Error` or are `Client`), and it shadows only the type namespace (schemas
//! become structs with named fields, enums or aliases, never tuple or unit structs, so `Some`
//! and `Ok` stay the prelude's). So the five prelude types named below are written by full
//! path in a `types` module that defines one of them, and everything else is always short.

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

/// The prelude types generated code names, which a schema of the same name would shadow.
const PRELUDE_TYPES: [&str; 5] = ["Box", "Option", "Result", "String", "Vec"];

/// Where named types live relative to the code being emitted, and so how std's prelude types
/// are named there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// Inside the `types` module; `shadowed` when one of its types takes the name of a
    /// prelude type, so std's types are written by full path throughout that module.
    Types { shadowed: bool },
    /// At the module root (operations, client), where no item takes a prelude name.
    Root,
}

impl From {
    /// The scope of a `types` module that defines these type names.
    pub fn types<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        From::Types {
            shadowed: names.into_iter().any(|n| PRELUDE_TYPES.contains(&n)),
        }
    }

    fn full(self) -> bool {
        self == From::Types { shadowed: true }
    }

    /// `Option`, or its full path where a schema shadows it.
    pub fn option(self) -> TokenStream {
        if self.full() {
            quote! { ::std::option::Option }
        } else {
            quote! { Option }
        }
    }

    /// `String`, or its full path where a schema shadows it.
    pub fn string(self) -> TokenStream {
        if self.full() {
            quote! { ::std::string::String }
        } else {
            quote! { String }
        }
    }

    /// `Result`, or its full path where a schema shadows it.
    pub fn result(self) -> TokenStream {
        if self.full() {
            quote! { ::std::result::Result }
        } else {
            quote! { Result }
        }
    }

    fn vec(self) -> TokenStream {
        if self.full() {
            quote! { ::std::vec::Vec }
        } else {
            quote! { Vec }
        }
    }

    fn boxed(self) -> TokenStream {
        if self.full() {
            quote! { ::std::boxed::Box }
        } else {
            quote! { Box }
        }
    }
}

pub fn named(name: &str, from: From) -> TokenStream {
    let id = ident(name);
    match from {
        From::Types { .. } => quote! { #id },
        From::Root => quote! { types::#id },
    }
}

/// The Rust type of `ty`.
pub fn rust_type(ty: &TypeRef, from: From) -> TokenStream {
    let rt = rt();
    match ty {
        TypeRef::String => from.string(),
        TypeRef::Integer => quote! { i64 },
        TypeRef::Number => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::Any => match from {
            From::Root => quote! { rt::serde_json::Value },
            From::Types { .. } => quote! { #rt::__private::serde_json::Value },
        },
        TypeRef::Named(n) => named(n, from),
        TypeRef::Boxed(n) => {
            let n = named(n, from);
            let boxed = from.boxed();
            quote! { #boxed<#n> }
        }
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, from);
            let vec = from.vec();
            quote! { #vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, from);
            let string = from.string();
            quote! { ::std::collections::BTreeMap<#string, #inner> }
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, from);
            let option = from.option();
            quote! { #option<#inner> }
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(|item| rust_type(item, from));
            quote! { (#(#items,)*) }
        }
        TypeRef::Bytes => {
            let vec = from.vec();
            quote! { #vec<u8> }
        }
        TypeRef::DateTime => quote! { #rt::datetime::DateTime },
    }
}

/// The type of a field or parameter: `Option` when it may be absent (once, even if nullable).
pub fn slot_type(ty: &TypeRef, required: bool, from: From) -> TokenStream {
    let inner = rust_type(ty, from);
    if required || matches!(ty, TypeRef::Nullable(_)) {
        inner
    } else {
        let option = from.option();
        quote! { #option<#inner> }
    }
}

/// Whether the slot is an `Option` in Rust.
pub fn slot_is_option(ty: &TypeRef, required: bool) -> bool {
    !required || matches!(ty, TypeRef::Nullable(_))
}
