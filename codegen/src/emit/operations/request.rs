//! An operation's request type and its builder. Both check the values through one function,
//! `check_values`, whose arguments are each `None` when missing: a built request (`validate`)
//! and a builder's values (`build`, which so reports broken constraints together with
//! missing values) share it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{location_tokens, param_pointer, slot_doc, slots, Slot};
use crate::emit::tokens::{ident, rust_type, slot_is_option, slot_type, From};
use crate::emit::validate::{checks, Scope};
use crate::ir::{Operation, Param, ParamEncoding, ParamLocation, TypeRef};

/// The text of a path parameter's value (`value`: a reference to it) before encoding, as its
/// segment check reads it: its items joined, its JSON text, or its plain text.
fn segment_text(param: &Param) -> TokenStream {
    match param.encoding {
        ParamEncoding::Joined(separator) => {
            let separator = separator.to_string();
            quote! { &rt::join_params(value, #separator) }
        }
        ParamEncoding::Json => quote! { &rt::param_json(value) },
        _ if param.ty == TypeRef::String => quote! { value },
        _ => quote! { &rt::param_text(value) },
    }
}

/// What a slot's value is checked for.
enum SlotCheck {
    /// Statements checking `value`, a reference to it (when it is there).
    Value(TokenStream),
    /// A plain string path parameter with no constraints of its own: its segment alone, at
    /// this pointer (one call, which does nothing when the value is missing).
    Segment(String),
}

/// The checks of each slot that has constraints.
fn slot_checks<'s>(slots: &'s [Slot<'_>], scope: Scope<'_>) -> Vec<(&'s Slot<'s>, SlotCheck)> {
    slots
        .iter()
        .filter_map(|s| {
            let (location, pointer) = match s.param {
                Some(p) => (location_tokens(p.location), param_pointer(p)),
                None => (quote! { validation::Location::Body }, String::new()),
            };
            let constraints = s.param.map(|p| p.constraints.clone()).unwrap_or_default();
            let path_segment = s
                .param
                .filter(|p| p.location == ParamLocation::Path)
                .map(|p| {
                    let text = segment_text(p);
                    quote! { validation::check_path_segment(out, #pointer, #text); }
                });
            let body = checks(
                &quote! { value },
                &s.ty,
                &constraints,
                &quote! { #pointer },
                scope,
            );
            let plain_segment = s.param.is_some_and(|p| {
                p.location == ParamLocation::Path
                    && p.ty == TypeRef::String
                    && !matches!(p.encoding, ParamEncoding::Joined(_) | ParamEncoding::Json)
            });
            match (body, path_segment) {
                (None, None) => None,
                (None, Some(_)) if plain_segment => Some((s, SlotCheck::Segment(pointer))),
                (body, path_segment) => Some((
                    s,
                    SlotCheck::Value(quote! { out.at(#location); #path_segment #body }),
                )),
            }
        })
        .collect()
}

/// Whether a request of `op` has anything to check.
pub(super) fn has_checks(op: &Operation, scope: Scope<'_>) -> bool {
    !slot_checks(&slots(op), scope).is_empty()
}

/// What [`check_values`] emits: the function, and its arguments from a request and from a
/// builder.
struct CheckValues {
    function: TokenStream,
    from_request: Vec<TokenStream>,
    from_builder: Vec<TokenStream>,
}

fn check_values(op: &Operation, slots: &[Slot<'_>], scope: Scope<'_>) -> Option<CheckValues> {
    let checked = slot_checks(slots, scope);
    if checked.is_empty() {
        return None;
    }
    // The checks write to `out`: a slot of that name gets another argument name.
    let argument = |s: &Slot<'_>| {
        let mut name = s.name.clone();
        while name == "out" || (name != s.name && slots.iter().any(|o| o.name == name)) {
            name.push('_');
        }
        ident(&name)
    };
    let params = checked.iter().map(|(s, _)| {
        let arg = argument(s);
        let ty = rust_type(&s.ty, From::Root);
        quote! { #arg: Option<&#ty>, }
    });
    let bodies = checked.iter().map(|(s, check)| {
        let arg = argument(s);
        match check {
            SlotCheck::Value(body) => quote! { if let Some(value) = #arg { #body } },
            SlotCheck::Segment(pointer) => {
                quote! { validation::check_path_param(out, #pointer, #arg); }
            }
        }
    });
    let from_builder = checked
        .iter()
        .map(|(s, _)| {
            let id = ident(&s.name);
            quote! { self.#id.as_ref() }
        })
        .collect();
    let from_request = checked
        .iter()
        .map(|(s, _)| {
            let id = ident(&s.name);
            if slot_is_option(&s.ty, s.required) && !matches!(s.ty, TypeRef::Nullable(_)) {
                quote! { self.#id.as_ref() }
            } else {
                quote! { Some(&self.#id) }
            }
        })
        .collect();
    let doc = format!(
        " Checks the values of a [`{}Request`], each `None` when missing.",
        op.type_prefix
    );
    // Clippy's limit is seven arguments, `out` included.
    let allow = (checked.len() >= 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let function = quote! {
        #[doc = #doc]
        #allow
        fn check_values(#(#params)* out: &mut validation::Violations) {
            #(#bodies)*
        }
    };
    Some(CheckValues {
        function,
        from_request,
        from_builder,
    })
}

/// The request struct and its builder.
pub(super) fn request_type(op: &Operation, scope: Scope<'_>) -> TokenStream {
    let name = format_ident!("{}Request", op.type_prefix);
    let builder = format_ident!("{}RequestBuilder", op.type_prefix);
    let slots = slots(op);
    let checked = check_values(op, &slots, scope);
    let fields = slots.iter().map(|s| {
        let id = ident(&s.name);
        let ty = slot_type(&s.ty, s.required, From::Root);
        let doc = slot_doc(s);
        quote! { #doc pub #id: #ty, }
    });
    let validate = match &checked {
        Some(CheckValues {
            function,
            from_request,
            ..
        }) if op.params.iter().any(|p| p.from_config.is_some()) => quote! {
            /// Checks every constraint of the parameters and the body, reporting all violations.
            pub fn validate(&self) -> Result<(), validation::ValidationError> {
                let mut out = validation::Violations::new();
                self.validate_into(&mut out);
                out.into_result()
            }

            // The client's method checks the configuration's values into the same list.
            fn validate_into(&self, out: &mut validation::Violations) {
                Self::check_values(#(#from_request,)* out);
            }

            #function
        },
        Some(CheckValues {
            function,
            from_request,
            ..
        }) => quote! {
            /// Checks every constraint of the parameters and the body, reporting all violations.
            pub fn validate(&self) -> Result<(), validation::ValidationError> {
                let mut out = validation::Violations::new();
                Self::check_values(#(#from_request,)* &mut out);
                out.into_result()
            }

            #function
        },
        None => quote! {
            /// Checks every constraint of the parameters and the body: this operation's have
            /// none.
            pub fn validate(&self) -> Result<(), validation::ValidationError> {
                Ok(())
            }
        },
    };
    let derive_default = slots
        .iter()
        .all(|s| !s.required)
        .then(|| quote! { Default, });
    let doc = format!(
        " The request of [`Client::{}`]: its parameters and body.",
        op.fn_name
    );
    let builder_type = builder_type(&name, &builder, &slots, checked.as_ref());
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields)*
        }
        impl #name {
            /// Starts a builder.
            pub fn builder() -> #builder {
                #builder::default()
            }

            #validate
        }
        #builder_type
    }
}

/// A setter of the builder: strings take anything that converts into one. Its docs point at
/// the field's, rather than repeat them.
fn setter(request: &proc_macro2::Ident, s: &Slot<'_>) -> TokenStream {
    let id = ident(&s.name);
    let inner = match &s.ty {
        TypeRef::Nullable(inner) if !s.required => rust_type(inner, From::Root),
        ty => rust_type(ty, From::Root),
    };
    let doc = format!(" Sets [`{request}::{}`].", s.name);
    let (arg, store) = if matches!(s.ty, TypeRef::String) {
        (quote! { value: impl Into<String> }, quote! { value.into() })
    } else {
        (quote! { value: #inner }, quote! { value })
    };
    let store = if matches!(s.ty, TypeRef::Nullable(_)) && !s.required {
        quote! { Some(#store) }
    } else {
        store
    };
    quote! {
        #[doc = #doc]
        pub fn #id(mut self, #arg) -> Self {
            self.#id = Some(#store);
            self
        }
    }
}

/// The report of a required slot the builder was not given (a required nullable slot too:
/// it must be set, if only to `None`, which is sent as `null`).
fn missing(s: &Slot<'_>) -> TokenStream {
    let id = ident(&s.name);
    match s.param {
        Some(p) => {
            let require = match p.location {
                ParamLocation::Path => quote! { require_path },
                ParamLocation::Query => quote! { require_query },
                ParamLocation::Header | ParamLocation::Cookie => quote! { require_header },
            };
            let name = &p.name;
            quote! { out.#require(#name, &self.#id); }
        }
        None => quote! { out.require_body(&self.#id); },
    }
}

fn builder_type(
    name: &proc_macro2::Ident,
    builder: &proc_macro2::Ident,
    slots: &[Slot<'_>],
    checked: Option<&CheckValues>,
) -> TokenStream {
    let builder_fields = slots.iter().map(|s| {
        let id = ident(&s.name);
        let ty = rust_type(&s.ty, From::Root);
        quote! { #id: Option<#ty>, }
    });
    let setters = slots.iter().map(|s| setter(name, s));
    let required: Vec<&Slot<'_>> = slots.iter().filter(|s| s.required).collect();
    let missing: Vec<TokenStream> = required.iter().map(|s| missing(s)).collect();
    let assign = slots.iter().map(|s| {
        let id = ident(&s.name);
        if s.required {
            quote! { #id, }
        } else if matches!(s.ty, TypeRef::Nullable(_)) {
            quote! { #id: self.#id.flatten(), }
        } else {
            quote! { #id: self.#id, }
        }
    });
    let check = checked.map(|c| {
        let args = &c.from_builder;
        quote! { #name::check_values(#(#args,)* &mut out); }
    });
    let body = if required.is_empty() && check.is_none() {
        quote! { Ok(#name { #(#assign)* }) }
    } else if required.is_empty() {
        quote! {
            let mut out = validation::Violations::new();
            #check
            out.into_result()?;
            Ok(#name { #(#assign)* })
        }
    } else {
        let ids: Vec<_> = required.iter().map(|s| ident(&s.name)).collect();
        // A missing value is a violation already: the values taken here are all there is.
        let take = match ids.as_slice() {
            [one] => quote! { let Some(#one) = self.#one },
            all => quote! { let (#(Some(#all)),*) = (#(self.#all),*) },
        };
        quote! {
            let mut out = validation::Violations::new();
            #(#missing)*
            #check
            #take else {
                return Err(out.into_error());
            };
            out.into_result()?;
            Ok(#name { #(#assign)* })
        }
    };
    let doc =
        format!(" Builds a [`{name}`]; `build` reports every missing or invalid value at once.");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default)]
        pub struct #builder {
            #(#builder_fields)*
        }
        impl #builder {
            #(#setters)*

            /// The request, or every violation found: missing required values and broken constraints.
            pub fn build(self) -> Result<#name, validation::ValidationError> {
                #body
            }
        }
    }
}
