//! The client method of an operation: check the request (and the values the configuration
//! gives), describe the call for the runtime (`rt::Call`: the path, each parameter in its
//! style, the body in its media type), send it and match the status. What every operation
//! does alike lives in the runtime; the method passes its own data.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::request::has_checks;
use super::responses::answer;
use crate::emit::docs::doc_attrs;
use crate::emit::tokens::ident;
use crate::emit::validate::Scope;
use crate::ir::{
    Body, BodyEncoding, FromConfig, Operation, Param, ParamEncoding, ParamLocation, Security,
    TypeRef,
};

/// The local holding a value from the configuration.
fn config_var(param: &Param) -> proc_macro2::Ident {
    format_ident!("config_{}", param.rust_name.trim_start_matches("r#"))
}

/// The values the configuration gives (the project ID, the language): each declared, and
/// checked like a parameter by its module's `validation::Setting`, at `config`.
fn config_values(op: &Operation, scope: Scope<'_>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    op.params
        .iter()
        .filter_map(|param| {
            let source = param.from_config?;
            let var = config_var(param);
            let getter = match source {
                FromConfig::ProjectId => quote! { project_id },
                FromConfig::Language => quote! { language },
            };
            let check = match scope.statics.setting(param) {
                Some(setting) => {
                    quote! { validation::check_setting(&mut out, &#setting, #var); }
                }
                // Every setting has its static; should one lack it, the call is refused
                // rather than sent unchecked.
                None => quote! { compile_error!("hwcloud-codegen: a setting without its static"); },
            };
            Some((
                quote! { let #var = self.transport.config().#getter(); },
                check,
            ))
        })
        .unzip()
}

/// The statements that refuse an invalid request before anything is sent (`request_checks`:
/// whether the request has anything to check).
fn validation(op: &Operation, scope: Scope<'_>, request_checks: bool) -> TokenStream {
    let (decls, config_checks) = config_values(op, scope);
    if decls.is_empty() {
        return if request_checks {
            quote! { request.validate()?; }
        } else {
            TokenStream::new()
        };
    }
    let request_checks = request_checks.then(|| quote! { request.validate_into(&mut out); });
    quote! {
        #(#decls)*
        let mut out = validation::Violations::new();
        #(#config_checks)*
        #request_checks
        out.into_result()?;
    }
}

/// A path parameter's value as it goes into the path: from the configuration or the
/// request, percent-encoded (empty when no parameter declares it; the checks report that).
fn path_piece(op: &Operation, name: &str) -> TokenStream {
    let param = op
        .params
        .iter()
        .find(|prm| prm.location == ParamLocation::Path && prm.name == name);
    match param {
        Some(prm) if prm.from_config.is_some() => {
            let var = config_var(prm);
            quote! { &rt::encode_path_segment(#var.unwrap_or_default()) }
        }
        Some(prm) => {
            let id = ident(&prm.rust_name);
            match prm.encoding {
                ParamEncoding::Joined(separator) => {
                    let separator = separator.to_string();
                    quote! { &rt::join_encoded(&request.#id, #separator) }
                }
                ParamEncoding::Plain if prm.ty == TypeRef::String => {
                    quote! { &rt::encode_path_segment(&request.#id) }
                }
                ParamEncoding::Json => {
                    quote! { &rt::encode_path_segment(&rt::param_json(&request.#id)) }
                }
                _ => quote! { &rt::segment(&request.#id) },
            }
        }
        None => quote! { "" },
    }
}

/// The path as its pieces joined: the template's text, and each parameter encoded.
fn path(op: &Operation) -> TokenStream {
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
    if pieces.is_empty() {
        let literal = &op.path;
        return quote! { String::from(#literal) };
    }
    if !rest.is_empty() {
        pieces.push(quote! { #rest });
    }
    // The first piece is text (possibly empty), so the array is one of `&str`.
    quote! { [#(#pieces),*].concat() }
}

/// The statement adding one query, header or cookie parameter to `call`.
fn parameter(param: &Param) -> Option<TokenStream> {
    let kind = match param.location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path => return None,
    };
    let wire = &param.name;
    let value = match param.from_config {
        Some(_) => {
            let var = config_var(param);
            quote! { &#var }
        }
        None => {
            let id = ident(&param.rust_name);
            quote! { &request.#id }
        }
    };
    // A value from the configuration is sent as the text it is configured as.
    let encoding = match param.from_config {
        Some(_) => ParamEncoding::Plain,
        None => param.encoding,
    };
    let style = match encoding {
        ParamEncoding::Plain => None,
        ParamEncoding::Repeated => Some(quote! { rt::Style::Repeated }),
        ParamEncoding::Joined(separator) => {
            let separator = separator.to_string();
            Some(quote! { rt::Style::Joined(#separator) })
        }
        ParamEncoding::Json => Some(quote! { rt::Style::Json }),
    };
    Some(match style {
        None => {
            let method = format_ident!("{kind}");
            quote! { call.#method(#wire, #value); }
        }
        Some(style) => {
            let method = format_ident!("{kind}_styled");
            quote! { call.#method(#wire, #value, #style); }
        }
    })
}

/// The statements adding a multipart body's parts (`body`: a place expression of its
/// struct): bytes as files, lists as repeated parts, other values by their JSON form.
fn multipart_parts(b: &Body, body: &TokenStream) -> Vec<TokenStream> {
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
                add(name, quote! { &#body.#id }, &f.ty)
            } else {
                let inner = add(name, quote! { value }, &f.ty);
                quote! { if let Some(value) = &#body.#id { #inner } }
            }
        })
        .collect()
}

/// The statements setting the body on `call` (`body`: a place expression of it, or a
/// reference to it).
fn set_body(b: &Body, body: &TokenStream) -> TokenStream {
    let ct = &b.content_type;
    match b.encoding {
        BodyEncoding::Json => quote! { call.json(#ct, &#body)?; },
        BodyEncoding::Form => quote! { call.form(#ct, &#body)?; },
        BodyEncoding::Binary => quote! { call.bytes(#ct, #body.to_vec()); },
        BodyEncoding::Text => quote! { call.bytes(#ct, #body.as_bytes().to_vec()); },
        // Its content type carries the parts' boundary.
        BodyEncoding::Multipart => {
            let adds = multipart_parts(b, body);
            quote! {
                let mut parts = rt::Multipart::new();
                #(#adds)*
                call.multipart(parts);
            }
        }
    }
}

/// The body, when the operation has one; a required nullable body is sent even when `None`,
/// as `null`.
fn body(op: &Operation) -> Option<TokenStream> {
    let b = op.body.as_ref()?;
    Some(if b.required {
        set_body(b, &quote! { request.body })
    } else {
        let set = set_body(b, &quote! { body });
        quote! { if let Some(body) = &request.body { #set } }
    })
}

/// The method's docs: summary, route, description, IAM action; and its deprecation.
fn docs(op: &Operation) -> TokenStream {
    let summary = op
        .summary
        .clone()
        .unwrap_or_else(|| op.operation_id.clone());
    let route = format!("`{} {}`", op.method, op.path);
    let mut paragraphs = vec![summary.as_str(), route.as_str()];
    if let Some(d) = &op.doc.description {
        paragraphs.push(d);
    }
    let iam = op
        .iam_action
        .as_ref()
        .map(|a| format!("IAM action: `{a}`."));
    if let Some(a) = &iam {
        paragraphs.push(a);
    }
    let security = crate::emit::security::doc(&op.security);
    if let Some(s) = &security {
        paragraphs.push(s);
    }
    let doc = doc_attrs(paragraphs);
    let deprecated =
        (op.doc.deprecated || op.replaced_by.is_some()).then(|| match &op.replaced_by {
            Some(by) => {
                let note = format!(
                    "use `{}` ({by}) instead",
                    crate::lower::names::value_name(by).trim_start_matches("r#")
                );
                quote! { #[deprecated(note = #note)] }
            }
            None => quote! { #[deprecated] },
        });
    quote! { #doc #deprecated }
}

pub(super) fn client_method(
    op: &Operation,
    success_ty: &TokenStream,
    scope: Scope<'_>,
) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let request = format_ident!("{}Request", op.type_prefix);
    let error = format_ident!("{}Error", op.type_prefix);
    let operation_id = &op.operation_id;
    let method = format_ident!("{}", op.method.to_uppercase());
    let docs = docs(op);
    let request_checks = has_checks(op, scope);
    let validation = validation(op, scope, request_checks);
    let path = path(op);
    let parameters: Vec<TokenStream> = op.params.iter().filter_map(parameter).collect();
    let body = body(op);
    let security = match (&op.security, scope.statics.security(op)) {
        (Security::Huawei, _) => None,
        (Security::Alternatives(_), Some(security)) => Some(quote! { call.security(&#security); }),
        // Every operation on its document's schemes has its static; should one lack it, the
        // call is refused rather than sent without its credentials.
        (Security::Alternatives(_), None) => Some(
            quote! { compile_error!("hwcloud-codegen: an operation's security without its static"); },
        ),
    };
    let mutable =
        (!parameters.is_empty() || body.is_some() || security.is_some()).then(|| quote! { mut });
    let answer = answer(op);
    // Unused when nothing is sent from the request and nothing is checked.
    let used =
        request_checks || op.body.is_some() || op.params.iter().any(|p| p.from_config.is_none());
    let request_arg = if used {
        quote! { request }
    } else {
        quote! { _request }
    };
    quote! {
        #docs
        pub async fn #fn_name(
            &self,
            #request_arg: &#request,
        ) -> Result<Response<#success_ty>, Error<#error>> {
            #validation
            let #mutable call = rt::Call::new(#operation_id, rt::http::Method::#method, #path);
            #security
            #(#parameters)*
            #body
            let raw = self.transport.send(&self.base_url, call).await?;
            #answer
        }
    }
}
