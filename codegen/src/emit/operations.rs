//! Per operation: the request type and its builder, the success and error types, and the
//! client method that validates, sends and decodes.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::metadata::error_metadata;
use super::tokens::{ident, rt, rust_type, slot_is_option, slot_type, From};
use super::validate::checks;
use crate::ir::{
    Body, BodyEncoding, FromConfig, Operation, Param, ParamEncoding, ParamLocation, Response,
    ResponseMedia, StatusKey, TypeDef, TypeRef,
};

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

fn location_tokens(location: ParamLocation) -> TokenStream {
    let rt = rt();
    match location {
        ParamLocation::Path => quote! { #rt::validation::Location::Path },
        ParamLocation::Query => quote! { #rt::validation::Location::Query },
        ParamLocation::Header | ParamLocation::Cookie => {
            quote! { #rt::validation::Location::Header }
        }
    }
}

/// Everything emitted at the module root for one operation: the request and its builder,
/// the success type when there are several, the error type.
pub fn items(op: &Operation, types: &BTreeMap<String, TypeDef>) -> TokenStream {
    let request = request_type(op);
    let (_, success_items) = success_type(op);
    let error_items = error_type(op);
    let metadata = error_metadata(op, types);
    quote! { #request #success_items #error_items #metadata }
}

/// The client method of one operation.
pub fn method(op: &Operation) -> TokenStream {
    let (success_ty, _) = success_type(op);
    client_method(op, &success_ty)
}

/// The text of a parameter's value (`value`: an expression of a reference to it), before any
/// percent-encoding: its items joined, its JSON text, or its plain text.
fn value_text(param: &Param, value: &TokenStream) -> TokenStream {
    let rt = rt();
    let p = quote! { #rt::__private };
    match param.encoding {
        ParamEncoding::Joined(separator) => {
            let separator = separator.to_string();
            quote! { #p::join_params(#value, #separator) }
        }
        ParamEncoding::Json => quote! { #p::param_json(#value) },
        ParamEncoding::Plain | ParamEncoding::Repeated => quote! { #p::param_text(#value) },
    }
}

/// A parameter's value percent-encoded for a path segment or a cookie (`value`: an expression
/// of a reference to it): a list item by item, so a separator inside an item stays escaped.
fn encoded_text(param: &Param, value: &TokenStream) -> TokenStream {
    let rt = rt();
    let p = quote! { #rt::__private };
    match param.encoding {
        ParamEncoding::Joined(separator) => {
            let separator = separator.to_string();
            quote! { #p::join_encoded(#value, #separator) }
        }
        ParamEncoding::Plain if param.ty == TypeRef::String => {
            quote! { #p::encode_path_segment(#value) }
        }
        _ => {
            let text = value_text(param, value);
            quote! { #p::encode_path_segment(&#text) }
        }
    }
}

/// The checks of each slot that has constraints, on `value` (a reference to it).
fn slot_checks<'s>(slots: &'s [Slot<'_>]) -> Vec<(&'s Slot<'s>, TokenStream)> {
    let rt = rt();
    let v = quote! { #rt::validation };
    slots
        .iter()
        .filter_map(|s| {
            let (location, pointer) = match s.param {
                Some(p) => (
                    location_tokens(p.location),
                    format!("/{}", crate::load::node::escape_token(&p.name)),
                ),
                None => (quote! { #v::Location::Body }, String::new()),
            };
            let constraints = s.param.map(|p| p.constraints.clone()).unwrap_or_default();
            let path_segment = s
                .param
                .filter(|p| p.location == ParamLocation::Path)
                .map(|p| {
                    let text = value_text(p, &quote! { value });
                    quote! { #v::check_path_segment(out, #pointer, &#text); }
                });
            let body = checks(&quote! { value }, &s.ty, &constraints, &quote! { #pointer });
            if body.is_none() && path_segment.is_none() {
                return None;
            }
            Some((s, quote! { out.at(#location); #path_segment #body }))
        })
        .collect()
}

/// The function that checks a request's values, each `None` when missing: a built request
/// (`validate`) and a builder's values (`build`, which so reports broken constraints together
/// with missing values) share it. With it, its arguments from a request and from a builder.
fn check_values(op: &Operation, slots: &[Slot<'_>]) -> Option<CheckValues> {
    let rt = rt();
    let v = quote! { #rt::validation };
    let checked = slot_checks(slots);
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
    let bodies = checked.iter().map(|(s, body)| {
        let arg = argument(s);
        quote! { if let Some(value) = #arg { #body } }
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
        fn check_values(#(#params)* out: &mut #v::Violations) {
            #(#bodies)*
        }
    };
    Some(CheckValues {
        function,
        from_request,
        from_builder,
    })
}

/// What [`check_values`] emits.
struct CheckValues {
    function: TokenStream,
    from_request: Vec<TokenStream>,
    from_builder: Vec<TokenStream>,
}

fn request_type(op: &Operation) -> TokenStream {
    let rt = rt();
    let v = quote! { #rt::validation };
    let name = format_ident!("{}Request", op.type_prefix);
    let builder = format_ident!("{}RequestBuilder", op.type_prefix);
    let fn_name = &op.fn_name;
    let slots = slots(op);
    let fields = slots.iter().map(|s| {
        let id = ident(&s.name);
        let ty = slot_type(&s.ty, s.required, From::Root);
        let doc = slot_doc(s);
        quote! { #doc pub #id: #ty, }
    });
    let setters = slots.iter().map(|s| {
        let id = ident(&s.name);
        let inner = match &s.ty {
            TypeRef::Nullable(inner) if !s.required => rust_type(inner, From::Root),
            ty => rust_type(ty, From::Root),
        };
        let doc = slot_doc(s);
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
            #doc
            pub fn #id(mut self, #arg) -> Self {
                self.#id = Some(#store);
                self
            }
        }
    });
    let builder_fields = slots.iter().map(|s| {
        let id = ident(&s.name);
        let ty = rust_type(&s.ty, From::Root);
        quote! { #id: Option<#ty>, }
    });
    // Required slots missing from the builder are violations like any other (a required
    // nullable slot too: it must be set, if only to `None`, which is sent as `null`).
    let missing = slots.iter().filter(|s| s.required).map(|s| {
        let id = ident(&s.name);
        let report = match s.param {
            Some(p) => {
                let location = location_tokens(p.location);
                let pointer = format!("/{}", crate::load::node::escape_token(&p.name));
                let name = &p.name;
                quote! { #v::missing_parameter(out.at(#location), #pointer, #name); }
            }
            None => quote! { #v::missing_body(out.at(#v::Location::Body)); },
        };
        quote! {
            if self.#id.is_none() {
                #report
            }
        }
    });
    let required_ids: Vec<_> = slots
        .iter()
        .filter(|s| s.required)
        .map(|s| ident(&s.name))
        .collect();
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
    let unpack = if required_ids.is_empty() {
        quote! {}
    } else {
        quote! {
            let (#(Some(#required_ids),)*) = (#(self.#required_ids,)*) else {
                return Err(out.into_error());
            };
        }
    };
    let missing: Vec<TokenStream> = missing.collect();
    let checked = check_values(op, &slots);
    let (check_fn, validate_into, builder_checks) = match &checked {
        Some(CheckValues {
            function,
            from_request,
            from_builder,
        }) => (
            function.clone(),
            quote! {
                fn validate_into(&self, out: &mut #v::Violations) {
                    Self::check_values(#(#from_request,)* out);
                }
            },
            quote! { #name::check_values(#(#from_builder,)* &mut out); },
        ),
        None => (
            quote! {},
            quote! { fn validate_into(&self, _out: &mut #v::Violations) {} },
            quote! {},
        ),
    };
    let check_all = if missing.is_empty() && checked.is_none() {
        quote! {}
    } else {
        quote! {
            let mut out = #v::Violations::new();
            #(#missing)*
            #builder_checks
            if !out.is_empty() {
                return Err(out.into_error());
            }
        }
    };
    let derive_default = slots
        .iter()
        .all(|s| !s.required)
        .then(|| quote! { Default, });
    let doc = format!(" The request of [`Client::{fn_name}`]: its parameters and body.");
    let builder_doc =
        format!(" Builds a [`{name}`]; `build` reports every missing or invalid value at once.");
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

            /// Checks every constraint of the parameters and the body, reporting all violations.
            pub fn validate(&self) -> Result<(), #v::ValidationError> {
                let mut out = #v::Violations::new();
                self.validate_into(&mut out);
                out.into_result()
            }

            #validate_into

            #check_fn
        }
        #[doc = #builder_doc]
        #[derive(Debug, Clone, Default)]
        pub struct #builder {
            #(#builder_fields)*
        }
        impl #builder {
            #(#setters)*

            /// The request, or every violation found: missing required values and broken constraints.
            pub fn build(self) -> Result<#name, #v::ValidationError> {
                #check_all
                #unpack
                Ok(#name { #(#assign)* })
            }
        }
    }
}

/// The Rust type of a response body (`()` without one).
fn body_type(r: &Response) -> TokenStream {
    match &r.ty {
        Some(ty) => rust_type(ty, From::Root),
        None => quote! { () },
    }
}

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

/// The success body type, and the enum defining it when there are several success statuses.
fn success_type(op: &Operation) -> (TokenStream, TokenStream) {
    let rt = rt();
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.is_success()).collect();
    match successes.as_slice() {
        [] => (quote! { #rt::__private::serde_json::Value }, quote! {}),
        [one] => (body_type(one), quote! {}),
        many => {
            let name = format_ident!("{}Response", op.type_prefix);
            let variants = many.iter().map(|r| {
                let v = ident(&r.variant);
                let doc = doc_attrs([status_doc(r).as_str()]);
                match &r.ty {
                    Some(ty) => {
                        let ty = rust_type(ty, From::Root);
                        quote! { #doc #v(#ty), }
                    }
                    None => quote! { #doc #v, },
                }
            });
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

fn error_type(op: &Operation) -> TokenStream {
    let name = format_ident!("{}Error", op.type_prefix);
    let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.is_success()).collect();
    let variants = errors.iter().map(|r| {
        let v = ident(&r.variant);
        let doc = doc_attrs([status_doc(r).as_str()]);
        match &r.ty {
            Some(ty) => {
                let ty = rust_type(ty, From::Root);
                quote! { #doc #v(#ty), }
            }
            None => quote! { #doc #v, },
        }
    });
    let others = if op.responses.iter().any(|r| r.status == StatusKey::Default) {
        "any other status is the `Default` variant"
    } else {
        "other statuses are `Error::UnexpectedStatus`"
    };
    let doc = format!(
        " A documented error status of [`Client::{}`], with its decoded body; {others}.",
        op.fn_name
    );
    quote! {
        #[doc = #doc]
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#variants)* }
    }
}

/// The arm of the status `match` that handles `r`.
fn response_arm(op: &Operation, r: &Response, many_successes: bool) -> TokenStream {
    let rt = rt();
    let p = quote! { #rt::__private };
    let pattern = match r.status {
        StatusKey::Code(c) => quote! { #c },
        StatusKey::Range(h) => {
            let (lo, hi) = (h * 100, h * 100 + 99);
            quote! { #lo..=#hi }
        }
        StatusKey::Default => quote! { _ },
    };
    let v = ident(&r.variant);
    let decoded = match (&r.ty, r.media) {
        (None, _) => quote! { () },
        (Some(_), ResponseMedia::Text) => quote! { #p::decode_text(&raw)? },
        (Some(_), ResponseMedia::Binary) => quote! { raw.body.to_vec() },
        (Some(TypeRef::Any), ResponseMedia::Json) => quote! { #p::decode_any(&raw)? },
        (Some(ty), ResponseMedia::Json) => {
            let ty = rust_type(ty, From::Root);
            quote! { #p::decode::<#ty, _>(&raw)? }
        }
    };
    if r.is_success() {
        let body = if many_successes {
            let name = format_ident!("{}Response", op.type_prefix);
            if r.ty.is_some() {
                quote! { #name::#v(#decoded) }
            } else {
                quote! { #name::#v }
            }
        } else {
            decoded
        };
        quote! { #pattern => Ok(#p::success(&raw, #body)), }
    } else {
        let name = format_ident!("{}Error", op.type_prefix);
        let error = if r.ty.is_some() {
            quote! { #name::#v(#decoded) }
        } else {
            quote! { #name::#v }
        };
        quote! { #pattern => Err(#p::service(&raw, #error)), }
    }
}

/// The statements adding a multipart body's parts (`body` is a reference to its struct):
/// bytes as files, lists as repeated parts, other values by their JSON form.
fn multipart_parts(b: &Body) -> Vec<TokenStream> {
    fn add(name: &str, value: TokenStream, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Bytes => quote! { parts.file(#name, #value); },
            TypeRef::Nullable(inner) => {
                let inner = add(name, quote! { value }, inner);
                quote! { if let Some(value) = #value { #inner } }
            }
            TypeRef::Array(inner) => {
                let inner = add(name, quote! { value }, inner);
                quote! { for value in #value.iter() { #inner } }
            }
            _ => quote! { parts.value(#name, #value)?; },
        }
    }
    b.parts
        .iter()
        .map(|f| {
            let id = ident(&f.rust_name);
            let name = &f.json_name;
            if f.required || matches!(f.ty, TypeRef::Nullable(_)) {
                add(name, quote! { &body.#id }, &f.ty)
            } else {
                let inner = add(name, quote! { value }, &f.ty);
                quote! { if let Some(value) = &body.#id { #inner } }
            }
        })
        .collect()
}

/// A path parameter's value as it goes into the path: from the configuration or the
/// request, percent-encoded (empty when no parameter declares it; the checks report that).
fn path_piece(op: &Operation, name: &str) -> TokenStream {
    let rt = rt();
    let p = quote! { #rt::__private };
    let param = op
        .params
        .iter()
        .find(|prm| prm.location == ParamLocation::Path && prm.name == name);
    match param {
        Some(prm) if prm.from_config.is_some() => {
            let var = format_ident!("config_{}", prm.rust_name.trim_start_matches("r#"));
            quote! { &#p::encode_path_segment(#var.unwrap_or_default()) }
        }
        Some(prm) => {
            let id = ident(&prm.rust_name);
            let text = encoded_text(prm, &quote! { &request.#id });
            quote! { &#text }
        }
        None => quote! { "" },
    }
}

fn client_method(op: &Operation, success_ty: &TokenStream) -> TokenStream {
    let rt = rt();
    let p = quote! { #rt::__private };
    let v = quote! { #rt::validation };
    let fn_name = ident(&op.fn_name);
    let request = format_ident!("{}Request", op.type_prefix);
    let error = format_ident!("{}Error", op.type_prefix);
    let operation_id = &op.operation_id;
    let method = format_ident!("{}", op.method.to_uppercase());
    let content_type = match &op.body {
        Some(b) => {
            let ct = &b.content_type;
            quote! { Some(#ct) }
        }
        None => quote! { None },
    };

    // Values taken from the configuration are checked like parameters, at `config`.
    let config_values = op.params.iter().filter_map(|param| {
        let source = param.from_config?;
        let var = format_ident!("config_{}", param.rust_name.trim_start_matches("r#"));
        let (getter, setting) = match source {
            FromConfig::ProjectId => (quote! { project_id }, "project_id"),
            FromConfig::Language => (quote! { language }, "language"),
        };
        let pointer = format!("/{setting}");
        let check = checks(
            &quote! { value },
            &TypeRef::String,
            &param.constraints,
            &quote! { #pointer },
        );
        let missing = param.required.then(|| {
            quote! {
                if #var.is_none() {
                    #v::missing_config(out.at(#v::Location::Config), #pointer, #setting);
                }
            }
        });
        // A value put into the path must stay one segment, as a request's own must.
        let segment = (param.location == ParamLocation::Path)
            .then(|| quote! { #v::check_path_segment(out, #pointer, value); });
        let check = (check.is_some() || segment.is_some()).then(|| {
            quote! { if let Some(value) = #var { out.at(#v::Location::Config); #segment #check } }
        });
        Some((
            quote! { let #var: Option<&str> = self.transport.config().#getter(); },
            quote! { #missing #check },
        ))
    });

    // The path as its pieces joined: the template's text, and each parameter encoded.
    let mut pieces: Vec<TokenStream> = Vec::new();
    let mut rest = op.path.as_str();
    while let Some((before, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            break;
        };
        pieces.push(quote! { #before });
        pieces.push(path_piece(op, name));
        rest = tail;
    }
    let path = if pieces.is_empty() {
        let literal = &op.path;
        quote! { let path = String::from(#literal); }
    } else {
        if !rest.is_empty() {
            pieces.push(quote! { #rest });
        }
        // The first piece is text (possibly empty), so the array is one of `&str`.
        quote! { let path = [#(#pieces),*].concat(); }
    };

    let pushes = op
        .params
        .iter()
        .filter(|p| matches!(p.location, ParamLocation::Query | ParamLocation::Header))
        .map(|param| {
            let wire = &param.name;
            let target = if param.location == ParamLocation::Query {
                quote! { query }
            } else {
                quote! { headers }
            };
            let key = if param.location == ParamLocation::Query {
                quote! { String::from(#wire) }
            } else {
                quote! { #wire }
            };
            if param.from_config.is_some() {
                let var = format_ident!("config_{}", param.rust_name.trim_start_matches("r#"));
                return quote! {
                    if let Some(value) = #var {
                        #target.push((#key, String::from(value)));
                    }
                };
            }
            let id = ident(&param.rust_name);
            let push_one = |value: TokenStream, ty: &TypeRef| {
                if *ty == TypeRef::String {
                    quote! { #target.push((#key, Clone::clone(#value))); }
                } else {
                    quote! { #target.push((#key, #p::param_text(#value))); }
                }
            };
            let inner_ty = match &param.ty {
                TypeRef::Nullable(inner) => inner.as_ref().clone(),
                ty => ty.clone(),
            };
            let body = match (&inner_ty, param.encoding) {
                (TypeRef::Array(item), ParamEncoding::Repeated) => {
                    let one = push_one(quote! { item }, item);
                    quote! { for item in value.iter() { #one } }
                }
                (ty, ParamEncoding::Plain) => push_one(quote! { value }, ty),
                _ => {
                    let text = value_text(param, &quote! { value });
                    quote! { #target.push((#key, #text)); }
                }
            };
            if slot_is_option(&param.ty, param.required) {
                quote! { if let Some(value) = &request.#id { #body } }
            } else {
                quote! { { let value = &request.#id; #body } }
            }
        });

    let encode = |value: TokenStream, encoding: BodyEncoding| match encoding {
        BodyEncoding::Json => quote! { #p::to_json(#value)? },
        BodyEncoding::Form => quote! { #p::to_form(#value)? },
        BodyEncoding::Binary => quote! { Clone::clone(#value) },
        BodyEncoding::Text => {
            quote! { String::into_bytes(Clone::clone(#value)) }
        }
        // Handled below: it also gives the content type.
        BodyEncoding::Multipart => quote! {},
    };
    let (body, content_type) = match &op.body {
        // A multipart body's content type carries its boundary: both come from encoding it.
        Some(b) if b.encoding == BodyEncoding::Multipart => {
            let adds = multipart_parts(b);
            let encoded = quote! {{
                let mut parts = #p::Multipart::new();
                #(#adds)*
                let (content_type, bytes) = parts.finish();
                (Some(content_type), Some(bytes))
            }};
            let statement = if b.required {
                quote! { let (multipart_type, body) = { let body = &request.body; #encoded }; }
            } else {
                quote! {
                    let (multipart_type, body) = match &request.body {
                        Some(body) => #encoded,
                        None => (None, None),
                    };
                }
            };
            (statement, quote! { multipart_type.as_deref() })
        }
        // A required nullable body is sent even when `None`: as `null`.
        Some(b) if !b.required => {
            let encoded = encode(quote! { body }, b.encoding);
            let statement = quote! {
                let body = match &request.body {
                    Some(body) => Some(#encoded),
                    None => None,
                };
            };
            (statement, content_type)
        }
        Some(b) => {
            let encoded = encode(quote! { &request.body }, b.encoding);
            (quote! { let body = Some(#encoded); }, content_type)
        }
        None => (quote! { let body = None; }, content_type),
    };

    // Cookie parameters travel together in one `Cookie` header, values percent-encoded.
    let cookie_params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie && p.from_config.is_none())
        .collect();
    let cookies = (!cookie_params.is_empty()).then(|| {
        let each = cookie_params.iter().map(|param| {
            let id = ident(&param.rust_name);
            let prefix = format!("{}=", param.name);
            let text = encoded_text(param, &quote! { value });
            let push = quote! { cookies.push(format!("{}{}", #prefix, #text)); };
            if slot_is_option(&param.ty, param.required) {
                quote! { if let Some(value) = &request.#id { #push } }
            } else {
                quote! { { let value = &request.#id; #push } }
            }
        });
        quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#each)*
            if !cookies.is_empty() {
                headers.push(("Cookie", cookies.join("; ")));
            }
        }
    });

    let many = op.responses.iter().filter(|r| r.is_success()).count() > 1;
    let arms = op.responses.iter().map(|r| response_arm(op, r, many));
    let has_default = op.responses.iter().any(|r| r.status == StatusKey::Default);
    let no_success = op.responses.iter().all(|r| !r.is_success());
    let fallback = if has_default {
        quote! {}
    } else if no_success {
        quote! {
            200..=299 => Ok(#p::success(&raw, #p::decode_any(&raw)?)),
            _ => Err(#p::unexpected(&raw)),
        }
    } else {
        quote! { _ => Err(#p::unexpected(&raw)), }
    };

    let summary = op
        .summary
        .clone()
        .unwrap_or_else(|| op.operation_id.clone());
    let route = format!("`{} {}`", op.method, op.path);
    let mut paragraphs = vec![summary.as_str(), route.as_str()];
    let description = op.doc.description.clone();
    if let Some(d) = &description {
        paragraphs.push(d);
    }
    let iam = op
        .iam_action
        .as_ref()
        .map(|a| format!("IAM action: `{a}`."));
    if let Some(a) = &iam {
        paragraphs.push(a);
    }
    let doc = doc_attrs(paragraphs);
    let deprecated =
        (op.doc.deprecated || op.replaced_by.is_some()).then(|| match &op.replaced_by {
            Some(by) => {
                let note = format!(
                    "use `{}` ({by}) instead",
                    super::super::lower::names::value_name(by).trim_start_matches("r#")
                );
                quote! { #[deprecated(note = #note)] }
            }
            None => quote! { #[deprecated] },
        });
    let (config_decls, config_checks): (Vec<_>, Vec<_>) = config_values.unzip();
    let pushes: Vec<_> = pushes.collect();
    let query_decl = if op.params.iter().any(|p| p.location == ParamLocation::Query) {
        quote! { let mut query: Vec<(String, String)> = Vec::new(); }
    } else {
        quote! { let query: Vec<(String, String)> = Vec::new(); }
    };
    let headers_decl = if op.params.iter().any(|p| {
        p.location == ParamLocation::Header
            || (p.location == ParamLocation::Cookie && p.from_config.is_none())
    }) {
        quote! { let mut headers: Vec<(&'static str, String)> = Vec::new(); }
    } else {
        quote! { let headers: Vec<(&'static str, String)> = Vec::new(); }
    };
    quote! {
        #doc
        #deprecated
        pub async fn #fn_name(
            &self,
            request: &#request,
        ) -> Result<#rt::response::Response<#success_ty>, #rt::error::Error<#error>> {
            let mut violations = #v::Violations::new();
            #(#config_decls)*
            {
                let out = &mut violations;
                #(#config_checks)*
                request.validate_into(out);
            }
            violations.into_result()?;
            #path
            #query_decl
            #headers_decl
            #(#pushes)*
            #cookies
            #body
            let raw = self
                .transport
                .send(#rt::transport::Call {
                    operation: #operation_id,
                    method: #p::http::Method::#method,
                    base: &self.base_url,
                    path: &path,
                    query: &query,
                    headers: &headers,
                    content_type: #content_type,
                    body,
                })
                .await?;
            // Exact statuses come before the ranges that contain them, as OpenAPI ranks them.
            #[allow(unreachable_patterns, clippy::match_overlapping_arm)]
            match raw.status {
                #(#arms)*
                #fallback
            }
        }
    }
}
