//! An operation's answers: the success type (an enum when several statuses succeed), the
//! error enum, and the arms of the client method's status `match`, each decoding its body
//! through the runtime (`raw.json()`, `raw.text()`, ...) into its variant.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs::doc_attrs;
use crate::emit::tokens::{ident, rust_type, From};
use crate::ir::{Operation, Response, ResponseMedia, StatusKey, TypeRef};

fn status_doc(r: &Response) -> String {
    let status = match r.status {
        StatusKey::Code(c) => c.to_string(),
        StatusKey::Range(h) => format!("{h}XX"),
        StatusKey::Default => "Any other status".into(),
    };
    let description = r.description.trim();
    if description.is_empty() {
        format!("{status}.")
    } else {
        format!("{status}: {description}")
    }
}

/// The variants of an enum of responses, each with its body's type.
fn variants<'a>(responses: &'a [&'a Response]) -> impl Iterator<Item = TokenStream> + 'a {
    responses.iter().map(|r| {
        let v = ident(&r.variant);
        let doc = doc_attrs([status_doc(r).as_str()]);
        match &r.ty {
            Some(ty) => {
                let ty = rust_type(ty, From::Root);
                quote! { #doc #v(#ty), }
            }
            None => quote! { #doc #v, },
        }
    })
}

/// The success body type, and the enum defining it when there are several success statuses.
pub(super) fn success_type(op: &Operation) -> (TokenStream, TokenStream) {
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.is_success()).collect();
    match successes.as_slice() {
        [] => (quote! { rt::serde_json::Value }, quote! {}),
        [one] => (
            match &one.ty {
                Some(ty) => rust_type(ty, From::Root),
                None => quote! { () },
            },
            quote! {},
        ),
        many => {
            let name = format_ident!("{}Response", op.type_prefix);
            let variants = variants(many);
            let doc = format!(" A success of [`Client::{}`], by status.", op.fn_name);
            (
                quote! { #name },
                quote! {
                    #[doc = #doc]
                    // Bodies are returned once, not stored in bulk: boxing would only
                    // make matching clumsier.
                    #[allow(clippy::large_enum_variant)]
                    #[derive(Debug, Clone, PartialEq)]
                    pub enum #name { #(#variants)* }
                },
            )
        }
    }
}

pub(super) fn error_type(op: &Operation) -> TokenStream {
    let name = format_ident!("{}Error", op.type_prefix);
    let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.is_success()).collect();
    let variants = variants(&errors);
    let others = if op.responses.iter().any(|r| r.status == StatusKey::Default) {
        "any other status is the `Default` variant"
    } else {
        "other statuses are `Error::UnexpectedStatus`"
    };
    let doc = format!(
        " A documented error status of [`Client::{}`], with its decoded body; {others}.",
        op.fn_name
    );
    let allow = (errors.len() > 1).then(|| quote! { #[allow(clippy::large_enum_variant)] });
    quote! {
        #[doc = #doc]
        #allow
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#variants)* }
    }
}

/// The arm of the status `match` that handles `r`: its pattern and its answer.
fn arm(op: &Operation, r: &Response, many_successes: bool) -> (TokenStream, TokenStream) {
    let pattern = match r.status {
        StatusKey::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote! { #c }
        }
        StatusKey::Range(h) => {
            let lo = proc_macro2::Literal::u16_unsuffixed(h * 100);
            let hi = proc_macro2::Literal::u16_unsuffixed(h * 100 + 99);
            quote! { #lo..=#hi }
        }
        StatusKey::Default => quote! { _ },
    };
    let v = ident(&r.variant);
    let decoded = match (&r.ty, r.media) {
        (None, _) => quote! { () },
        (Some(_), ResponseMedia::Text) => quote! { raw.text()? },
        (Some(_), ResponseMedia::Binary) => quote! { raw.bytes() },
        (Some(TypeRef::Any), ResponseMedia::Json) => quote! { raw.any_json()? },
        (Some(_), ResponseMedia::Json) => quote! { raw.json()? },
    };
    let (enum_name, answer) = if r.is_success() {
        (format_ident!("{}Response", op.type_prefix), quote! { ok })
    } else {
        (format_ident!("{}Error", op.type_prefix), quote! { fail })
    };
    let value = match (r.is_success() && !many_successes, &r.ty) {
        (true, _) => decoded,
        (false, Some(_)) => quote! { #enum_name::#v(#decoded) },
        (false, None) => quote! { #enum_name::#v },
    };
    (pattern, quote! { raw.#answer(#value) })
}

/// What the client method does with `raw`: a `match` on its status, or the one answer when
/// every status gets it.
pub(super) fn answer(op: &Operation) -> TokenStream {
    let many = op.responses.iter().filter(|r| r.is_success()).count() > 1;
    let mut arms: Vec<(TokenStream, TokenStream)> =
        op.responses.iter().map(|r| arm(op, r, many)).collect();
    let has_default = op.responses.iter().any(|r| r.status == StatusKey::Default);
    let no_success = op.responses.iter().all(|r| !r.is_success());
    if !has_default {
        if no_success {
            arms.push((quote! { 200..=299 }, quote! { raw.ok(raw.any_json()?) }));
        }
        arms.push((quote! { _ }, quote! { raw.unexpected() }));
    }
    if let [(_, only)] = arms.as_slice() {
        return only.clone();
    }
    // Exact statuses come before the ranges that contain them, as OpenAPI ranks them.
    let ranges = (no_success && !has_default)
        || op
            .responses
            .iter()
            .any(|r| matches!(r.status, StatusKey::Range(_)));
    let allow =
        ranges.then(|| quote! { #[allow(unreachable_patterns, clippy::match_overlapping_arm)] });
    let arms = arms
        .iter()
        .map(|(pattern, answer)| quote! { #pattern => #answer, });
    quote! {
        #allow
        match raw.status {
            #(#arms)*
        }
    }
}
