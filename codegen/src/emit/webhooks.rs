//! The `webhooks` module of an API that sends webhooks: an alias per payload type and one
//! enum that decodes a request by the webhook's name, so a user's server needs no table of
//! its own.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::tokens::{ident, rust_type, From};
use crate::ir::{Api, TypeRef};

/// The module, or nothing when the API sends no webhook.
pub fn module(api: &Api) -> TokenStream {
    if api.webhooks.is_empty() {
        return TokenStream::new();
    }
    let aliases = api.webhooks.iter().map(|w| {
        let name = ident(&w.rust_name);
        let ty = rust_type(&w.payload, From::Root);
        let heading = format!("`{} {}`: the payload of the webhook.", w.method, w.name);
        let doc = doc_attrs(
            [heading.as_str()]
                .into_iter()
                .chain(w.doc.title.as_deref())
                .chain(w.doc.description.as_deref()),
        );
        quote! { #doc pub type #name = #ty; }
    });
    let variants = api.webhooks.iter().map(|w| {
        let name = ident(&w.rust_name);
        let doc = format!(" `{}`.", w.name);
        quote! { #[doc = #doc] #name(#name), }
    });
    let names: Vec<&str> = api.webhooks.iter().map(|w| w.name.as_str()).collect();
    let decoded = api.webhooks.iter().map(|w| {
        let (name, variant) = (&w.name, ident(&w.rust_name));
        quote! { #name => webhook::decode_payload(#name, body).map(Self::#variant), }
    });
    let named = api.webhooks.iter().map(|w| {
        let (name, variant) = (&w.name, ident(&w.rust_name));
        quote! { Self::#variant(_) => #name, }
    });
    let types = uses(api, |ty| ty.named().is_some()).then(|| quote! { use super::types; });
    let rt = uses(api, |ty| *ty == TypeRef::Any).then(|| quote! { use super::rt; });
    quote! {
        /// The webhooks of the API: requests it sends to a URL of yours, and their payloads.
        pub mod webhooks {
            use ::hwcloud::webhook;
            #types
            #rt

            #(#aliases)*

            /// A webhook's payload, by the webhook that sent it.
            // Webhook names often share a word (`...-created`, `...-deleted`).
            #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
            #[derive(Debug, Clone, PartialEq)]
            pub enum Webhook {
                #(#variants)*
            }

            impl Webhook {
                /// The names of the webhooks, as the document writes them.
                pub const NAMES: &'static [&'static str] = &[#(#names),*];

                /// Decodes the JSON body of a request of the webhook called `name`.
                pub fn decode(name: &str, body: &[u8]) -> Result<Self, webhook::WebhookError> {
                    match name {
                        #(#decoded)*
                        _ => Err(webhook::WebhookError::unknown(name, Self::NAMES)),
                    }
                }

                /// The name of the webhook that sent the payload.
                pub fn name(&self) -> &'static str {
                    match self {
                        #(#named)*
                    }
                }
            }
        }
    }
}

/// Whether some payload's type holds a type `wanted` says yes to.
fn uses(api: &Api, wanted: fn(&TypeRef) -> bool) -> bool {
    fn holds(ty: &TypeRef, wanted: fn(&TypeRef) -> bool) -> bool {
        wanted(ty)
            || match ty {
                TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                    holds(inner, wanted)
                }
                TypeRef::Tuple(items) => items.iter().any(|item| holds(item, wanted)),
                _ => false,
            }
    }
    api.webhooks.iter().any(|w| holds(&w.payload, wanted))
}
