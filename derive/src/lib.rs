//! `#[derive(JsonObject)]`: `serde::Serialize` and `serde::Deserialize` for a struct with
//! named fields that travels as a JSON object, as serde's derives give them to hwcloud's
//! generated structs, in a fraction of the code.
//!
//! serde_derive expands every struct to a field enum with its own visitor, a `visit_seq`
//! and a `visit_map`; for a document with thousands of schemas that expansion is most of
//! what `rustc` checks. This derive writes one visitor with a `visit_map` of one match arm
//! per field, each calling a generic helper of the runtime (`hwcloud::__private::json`),
//! which is checked once for all structs. Objects only: a struct is never decoded from an
//! array.
//!
//! Field attributes, `#[json(...)]`:
//!
//! - `rename = "wire"`: the JSON name, where it differs from the field's (a raw identifier
//!   `r#type` is `type` without it);
//! - `flatten`: the `BTreeMap<String, T>` holding the properties beyond the documented ones
//!   (unknown keys decode into it as `T`; written after the documented fields);
//! - `null`: an `Option` sent as `null` when `None` (a required nullable property); every
//!   other `Option` is left out when `None`.
//!
//! Decoding is serde_derive's: a missing `Option` is `None`, any other missing field is
//! serde's `missing_field` error, a repeated key `duplicate_field`, unknown keys are ignored
//! (or kept by `flatten`), and `expecting` names the struct.

use proc_macro::TokenStream;
use proc_macro2::{Ident, Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::{parse_macro_input, Data, DeriveInput, Fields, GenericArgument, PathArguments, Type};

/// `Serialize` and `Deserialize` of a struct with named fields as a JSON object (see the
/// crate docs for the `#[json(...)]` attributes).
#[proc_macro_derive(JsonObject, attributes(json))]
pub fn json_object(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// One field as the expansion needs it.
struct Field {
    ident: Ident,
    wire: String,
    option: bool,
    null: bool,
    flatten: bool,
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            _ => return Err(error(name, "JsonObject needs a struct with named fields")),
        },
        _ => return Err(error(name, "JsonObject needs a struct with named fields")),
    };
    if !input.generics.params.is_empty() {
        return Err(error(name, "JsonObject does not support generic structs"));
    }
    let fields = fields.iter().map(field).collect::<syn::Result<Vec<_>>>()?;
    if fields.iter().filter(|f| f.flatten).count() > 1 {
        return Err(error(name, "JsonObject takes at most one `flatten` field"));
    }
    let serialize = serialize(name, &fields);
    let deserialize = deserialize(name, &fields);
    Ok(quote! {
        const _: () = {
            use ::hwcloud::__private as rt;
            #serialize
            #deserialize
        };
    })
}

fn error(ident: &Ident, message: &str) -> syn::Error {
    syn::Error::new(ident.span(), message)
}

fn field(f: &syn::Field) -> syn::Result<Field> {
    let Some(ident) = f.ident.clone() else {
        return Err(syn::Error::new(Span::call_site(), "a field without a name"));
    };
    let mut field = Field {
        wire: ident.unraw().to_string(),
        ident,
        option: is_option(&f.ty),
        null: false,
        flatten: false,
    };
    for attr in f.attrs.iter().filter(|a| a.path().is_ident("json")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                field.wire = meta.value()?.parse::<syn::LitStr>()?.value();
            } else if meta.path.is_ident("flatten") {
                field.flatten = true;
            } else if meta.path.is_ident("null") {
                field.null = true;
            } else {
                return Err(meta.error("expected `rename = \"...\"`, `flatten` or `null`"));
            }
            Ok(())
        })?;
    }
    if field.null && !field.option {
        return Err(error(&field.ident, "`null` is for an `Option` field"));
    }
    Ok(field)
}

/// `Option<T>` by its last path segment (`Option`, `std::option::Option`, ...) with one
/// generic argument: a type of the document named `Option` takes none.
fn is_option(ty: &Type) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    match &last.arguments {
        PathArguments::AngleBracketed(args) => {
            last.ident == "Option"
                && args.args.len() == 1
                && matches!(args.args.first(), Some(GenericArgument::Type(_)))
        }
        _ => false,
    }
}

/// Each documented field as an entry (an `Option` left out when `None`, unless `null`), then
/// the flattened map's entries.
fn serialize(name: &Ident, fields: &[Field]) -> Tokens {
    let entries = fields.iter().map(|f| {
        let (ident, wire) = (&f.ident, &f.wire);
        if f.flatten {
            quote! { rt::json::put_all(&mut map, &self.#ident)?; }
        } else if f.option && !f.null {
            quote! { rt::json::put_some(&mut map, #wire, &self.#ident)?; }
        } else {
            quote! { rt::json::put(&mut map, #wire, &self.#ident)?; }
        }
    });
    // The flattened map comes last, whatever its place among the fields.
    let (extra, documented): (Vec<_>, Vec<_>) =
        fields.iter().zip(entries).partition(|(f, _)| f.flatten);
    let entries = documented.into_iter().chain(extra).map(|(_, e)| e);
    quote! {
        #[automatically_derived]
        #[allow(deprecated)]
        impl rt::serde::Serialize for #name {
            fn serialize<S: rt::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let mut map = rt::json::map(serializer)?;
                #(#entries)*
                rt::json::end(map)
            }
        }
    }
}

/// One visitor with a `visit_map`: a slot per field, a match arm per key, then the struct.
fn deserialize(name: &Ident, fields: &[Field]) -> Tokens {
    let slot = |i: usize| format_ident!("f{}", i);
    let slots = (0..fields.len()).map(slot);
    let mut arms = Vec::new();
    let mut unknown = quote! { rt::json::skip(&mut map)? };
    let mut values = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let (ident, wire, slot) = (&f.ident, &f.wire, slot(i));
        if f.flatten {
            unknown = quote! { rt::json::extra(&mut map, &mut #slot, key)? };
            values.push(quote! { #ident: #slot });
            continue;
        }
        arms.push(quote! { #wire => rt::json::field(&mut map, &mut #slot, #wire)?, });
        values.push(if f.option {
            quote! { #ident: #slot.unwrap_or_default() }
        } else {
            quote! { #ident: rt::json::required(&map, #slot, #wire)? }
        });
    }
    let inits = fields.iter().map(|f| {
        if f.flatten {
            quote! { ::core::default::Default::default() }
        } else {
            quote! { ::core::option::Option::None }
        }
    });
    let expecting = format!("struct {name}");
    quote! {
        #[automatically_derived]
        #[allow(deprecated)]
        impl<'de> rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: rt::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct __Visitor;
                #[allow(deprecated)]
                impl<'de> rt::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: rt::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::core::result::Result<#name, A::Error> {
                        #(let mut #slots = #inits;)*
                        while let ::core::option::Option::Some(key) = rt::json::key(&mut map)? {
                            match &*key {
                                #(#arms)*
                                _ => #unknown,
                            }
                        }
                        ::core::result::Result::Ok(#name { #(#values,)* })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}
