//! `hwcloud::error::ErrorMetadata` for each operation's error enum: which fields of each
//! error body carry the service's error code and message, so `Error::code()` reads them from
//! the typed body.
//!
//! A code is a string field named like Huawei Cloud's `error_code` (or `errorCode`, `code`),
//! a message one named like `error_msg` (or `error_message`, `errorMessage`, `message`,
//! `msg`), at the top of the body or inside an `error` object (DBSS audit's deprecated path);
//! the top-level field wins when both exist. The names are `hwcloud-constraints`'s, which
//! the runtime reads untyped bodies by too.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use hwcloud_constraints::{CODE_FIELDS, MESSAGE_FIELDS, NESTED_FIELD};

use super::tokens::{ident, slot_is_option};
use crate::ir::{Field, Operation, TypeDef, TypeKind, TypeRef};

/// How deep aliases are followed to find a struct (dedup makes chains of one or two).
const ALIAS_DEPTH: usize = 8;

/// The `ErrorMetadata` implementation of `op`'s error enum; an accessor with nothing to
/// read is the trait's own, which answers `None`.
pub fn error_metadata(op: &Operation, types: &BTreeMap<String, TypeDef>) -> TokenStream {
    let name = format_ident!("{}Error", op.type_prefix);
    let code = accessor(op, types, &CODE_FIELDS, &quote! { code })
        .map(|code| quote! { fn code(&self) -> Option<&str> { #code } });
    let message = accessor(op, types, &MESSAGE_FIELDS, &quote! { message })
        .map(|message| quote! { fn message(&self) -> Option<&str> { #message } });
    quote! {
        impl ErrorMetadata for #name {
            #code
            #message
        }
    }
}

/// The body of one accessor (`method`, reading a field of `names`): a `match` over the
/// variants whose body has such a field, variants of the same body type sharing an arm; or
/// `None` when no variant has one. A body kept as untyped JSON is read by the runtime, by
/// the same names.
fn accessor(
    op: &Operation,
    types: &BTreeMap<String, TypeDef>,
    names: &[&str],
    method: &TokenStream,
) -> Option<TokenStream> {
    let errors: Vec<_> = op.responses.iter().filter(|r| !r.is_success()).collect();
    // (body type, its variants, the read), in the order of the first variant of each type.
    let mut arms: Vec<(&TypeRef, Vec<TokenStream>, TokenStream)> = Vec::new();
    let mut covered = 0;
    for r in &errors {
        let Some(ty) = r.ty.as_ref() else { continue };
        let read = if *ty == TypeRef::Any {
            quote! { ErrorMetadata::#method(body) }
        } else {
            let Some(fields) = struct_fields(ty, types) else {
                continue;
            };
            let Some(read) = read(&quote! { body }, fields, types, names) else {
                continue;
            };
            read
        };
        let variant = ident(&r.variant);
        let pattern = quote! { Self::#variant(body) };
        covered += 1;
        match arms.iter_mut().find(|(t, _, _)| *t == ty) {
            Some((_, patterns, _)) => patterns.push(pattern),
            None => arms.push((ty, vec![pattern], read)),
        }
    }
    if arms.is_empty() {
        return None;
    }
    let arms = arms
        .into_iter()
        .map(|(_, patterns, read)| quote! { #(#patterns)|* => #read, });
    let rest = (covered < errors.len()).then(|| quote! { _ => None, });
    Some(quote! { match self { #(#arms)* #rest } })
}

/// An expression of type `Option<&str>` reading the field from `base` (a struct with
/// `fields`): the top-level field, else the one inside the nested `error` object.
fn read(
    base: &TokenStream,
    fields: &[Field],
    types: &BTreeMap<String, TypeDef>,
    names: &[&str],
) -> Option<TokenStream> {
    let flat = text_field(fields, names).map(|f| text(base, f));
    let nested = fields
        .iter()
        .find(|f| f.json_name == NESTED_FIELD)
        .and_then(|f| {
            let inner = struct_fields(&f.ty, types)?;
            let inner = names.iter().find_map(|name| {
                inner
                    .iter()
                    .find(|g| g.json_name == *name && is_text(&g.ty))
            })?;
            let field = ident(&f.rust_name);
            let error = quote! { error };
            let value = text(&error, inner);
            Some(if slot_is_option(&f.ty, f.required) {
                quote! { #base.#field.as_ref().and_then(|error| #value) }
            } else {
                quote! { { let error = &#base.#field; #value } }
            })
        });
    match (flat, nested) {
        (Some(flat), Some(nested)) => Some(quote! { #flat.or_else(|| #nested) }),
        (flat, nested) => flat.or(nested),
    }
}

/// The first string field of `fields` with one of `names`, in the order of `names`.
fn text_field<'f>(fields: &'f [Field], names: &[&str]) -> Option<&'f Field> {
    names.iter().find_map(|name| {
        fields
            .iter()
            .find(|f| f.json_name == *name && is_text(&f.ty))
    })
}

/// `Option<&str>` of a string field of `base`.
fn text(base: &TokenStream, field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    if slot_is_option(&field.ty, field.required) {
        quote! { #base.#name.as_deref() }
    } else {
        quote! { Some(#base.#name.as_str()) }
    }
}

fn is_text(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String => true,
        TypeRef::Nullable(inner) => **inner == TypeRef::String,
        _ => false,
    }
}

/// The fields of the struct `ty` names, through aliases and `Option`s.
fn struct_fields<'t>(ty: &TypeRef, types: &'t BTreeMap<String, TypeDef>) -> Option<&'t [Field]> {
    let mut ty = ty;
    for _ in 0..ALIAS_DEPTH {
        match ty {
            TypeRef::Nullable(inner) => ty = inner,
            TypeRef::Named(name) | TypeRef::Boxed(name) => match &types.get(name)?.kind {
                TypeKind::Struct { fields, .. } => return Some(fields),
                TypeKind::Alias { target } => ty = target,
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}
