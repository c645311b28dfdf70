//! The checks generated `validate` methods run: constraints become calls into the runtime's
//! `validation` module with the limits as `static` data, and nested values are walked with
//! their JSON pointer.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::rt;
use crate::ir::{Constraints, TypeRef};

/// Checks of `value` (an expression of type `&T`) at `pointer` (an expression of type
/// `&str`), or `None` when nothing needs checking.
pub fn checks(
    value: &TokenStream,
    ty: &TypeRef,
    c: &Constraints,
    pointer: &TokenStream,
) -> Option<TokenStream> {
    let rt = rt();
    let v = quote! { #rt::validation };
    match ty {
        TypeRef::Nullable(inner) => {
            let inner = checks(&quote! { value }, inner, c, pointer)?;
            Some(quote! { if let Some(value) = #value { #inner } })
        }
        TypeRef::String if c.has_string_rules() => {
            let min = opt_u64(c.min_length);
            let max = opt_u64(c.max_length);
            let one_of = &c.one_of;
            let (pattern_static, pattern) = match &c.pattern {
                Some(p) => (
                    quote! { static PATTERN: #v::Pattern = #v::Pattern::new(#p); },
                    quote! { Some(&PATTERN) },
                ),
                None => (quote! {}, quote! { None }),
            };
            // A secret's messages name the rule broken, never the value.
            let check = if c.secret {
                quote! { check_secret }
            } else {
                quote! { check_string }
            };
            Some(quote! {
                {
                    #pattern_static
                    static RULES: #v::StringRules = #v::StringRules {
                        min_length: #min,
                        max_length: #max,
                        pattern: #pattern,
                        one_of: &[#(#one_of),*],
                    };
                    #v::#check(out, #pointer, #value, &RULES);
                }
            })
        }
        TypeRef::Integer | TypeRef::Number if c.has_number_rules() => {
            let minimum = opt_f64(c.minimum);
            let maximum = opt_f64(c.maximum);
            let multiple_of = opt_f64(c.multiple_of);
            let (emin, emax) = (c.exclusive_minimum, c.exclusive_maximum);
            let as_f64 = if *ty == TypeRef::Integer {
                quote! { *#value as f64 }
            } else {
                quote! { *#value }
            };
            Some(quote! {
                {
                    static RULES: #v::NumberRules = #v::NumberRules {
                        minimum: #minimum,
                        exclusive_minimum: #emin,
                        maximum: #maximum,
                        exclusive_maximum: #emax,
                        multiple_of: #multiple_of,
                    };
                    #v::check_number(out, #pointer, #as_f64, &RULES);
                }
            })
        }
        TypeRef::Named(_) | TypeRef::Boxed(_) => Some(quote! {
            #v::Validate::validate_at(#value, #pointer, out);
        }),
        TypeRef::Array(inner) => {
            let item_c = c.items.as_deref().cloned().unwrap_or_default();
            let items = checks(&quote! { item }, inner, &item_c, &quote! { &pointer });
            if !c.has_array_rules() && items.is_none() {
                return None;
            }
            let own = c.has_array_rules().then(|| {
                let min = opt_u64(c.min_items);
                let max = opt_u64(c.max_items);
                let unique = c.unique_items;
                quote! {
                    {
                        static RULES: #v::ArrayRules = #v::ArrayRules { min_items: #min, max_items: #max, unique_items: #unique };
                        #v::check_array(out, #pointer, #value, &RULES);
                    }
                }
            });
            let each = items.map(|items| {
                let child = child_pointer(pointer, "{i}");
                quote! {
                    for (i, item) in #value.iter().enumerate() {
                        let pointer = #child;
                        #items
                    }
                }
            });
            Some(quote! { #own #each })
        }
        TypeRef::Map(inner) => {
            let value_c = c.items.as_deref().cloned().unwrap_or_default();
            let values = checks(&quote! { item }, inner, &value_c, &quote! { &pointer });
            let counted = c.min_properties.is_some() || c.max_properties.is_some();
            if !counted && values.is_none() {
                return None;
            }
            let own = counted.then(|| {
                let min = opt_u64(c.min_properties);
                let max = opt_u64(c.max_properties);
                quote! { #v::check_properties(out, #pointer, #value.len(), #min, #max); }
            });
            let each = values.map(|values| {
                let child = child_pointer(pointer, "{key}");
                quote! {
                    for (key, item) in #value.iter() {
                        let key = #v::escape_token(key);
                        let pointer = #child;
                        #values
                    }
                }
            });
            Some(quote! { #own #each })
        }
        _ => None,
    }
}

/// The pointer of a child value: `base` (a string literal, or the variable `pointer`,
/// possibly borrowed) followed by `/` and `tail`, a piece of format string (`{i}`, `{key}`, or
/// an escaped property name). Written with the names inline, so the macro's arguments, which
/// the formatter leaves as they are, are never expressions.
pub fn child_pointer(base: &TokenStream, tail: &str) -> TokenStream {
    let text = base.to_string();
    let head = match syn::parse2::<syn::LitStr>(base.clone()) {
        Ok(literal) => literal.value().replace('{', "{{").replace('}', "}}"),
        // `pointer` or `&pointer`: the one variable checks name their pointer by.
        Err(_) if text.trim_start_matches('&').trim() == "pointer" => "{pointer}".to_owned(),
        Err(_) => return quote! { format!("{}/{}", #base, #tail) },
    };
    let format = format!("{head}/{tail}");
    quote! { format!(#format) }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => quote! { Some(#n) },
        None => quote! { None },
    }
}

/// `Some(<literal>)` for a finite number; the lowering keeps no other (`number-invalid`
/// reports them), and a literal cannot spell one.
fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(n) if n.is_finite() => {
            let lit = proc_macro2::Literal::f64_suffixed(n);
            quote! { Some(#lit) }
        }
        _ => quote! { None },
    }
}
