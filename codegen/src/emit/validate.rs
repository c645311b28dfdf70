//! The checks generated `validate` methods run: constraints become calls into the runtime's
//! `validation` module (which every module that checks imports) with the limits as `static`
//! data, and nested values are walked with their JSON pointer. Limits and patterns are
//! defined once per module: `static`s of the module root (`statics.rs`) that every check of
//! them names, so a pattern is compiled once however many fields share it.

use proc_macro2::TokenStream;
use quote::quote;

use super::statics::Statics;
use crate::ir::{Constraints, TypeRef};

/// Where checks are emitted: which module's statics they name, and from where.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    /// The module's pattern and limit statics.
    pub statics: &'a Statics,
    /// Inside the `types` module, which reaches the statics through `super`.
    pub in_types: bool,
}

/// The kinds of limits a value is checked against, one runtime type each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LimitKind {
    /// `validation::StringRules`.
    String,
    /// `validation::NumberRules`.
    Number,
    /// `validation::ArrayRules`.
    Array,
}

impl LimitKind {
    /// The runtime type holding limits of this kind.
    pub fn rust_type(self) -> TokenStream {
        match self {
            LimitKind::String => quote! { validation::StringRules },
            LimitKind::Number => quote! { validation::NumberRules },
            LimitKind::Array => quote! { validation::ArrayRules },
        }
    }
}

/// The limits a value of `ty` (not nullable) is checked against under `c`, as the literal of
/// their `static`, naming a pattern's static as `pattern` gives it; `None` when there are
/// none, or when `pattern` has no name for the pattern.
pub fn limits(
    ty: &TypeRef,
    c: &Constraints,
    pattern: &dyn Fn(&str) -> Option<TokenStream>,
) -> Option<(LimitKind, TokenStream)> {
    let v = quote! { validation };
    match ty {
        TypeRef::String if c.has_string_rules() => {
            let min = opt_u64(c.min_length);
            let max = opt_u64(c.max_length);
            let one_of = &c.one_of;
            let pattern = match c.pattern.as_deref() {
                Some(p) => {
                    let name = pattern(p)?;
                    quote! { Some(&#name) }
                }
                None => quote! { None },
            };
            let literal = quote! {
                #v::StringRules {
                    min_length: #min,
                    max_length: #max,
                    pattern: #pattern,
                    one_of: &[#(#one_of),*],
                }
            };
            Some((LimitKind::String, literal))
        }
        TypeRef::Integer | TypeRef::Number if c.has_number_rules() => {
            let minimum = opt_f64(c.minimum);
            let maximum = opt_f64(c.maximum);
            let multiple_of = opt_f64(c.multiple_of);
            let (emin, emax) = (c.exclusive_minimum, c.exclusive_maximum);
            let literal = quote! {
                #v::NumberRules {
                    minimum: #minimum,
                    exclusive_minimum: #emin,
                    maximum: #maximum,
                    exclusive_maximum: #emax,
                    multiple_of: #multiple_of,
                }
            };
            Some((LimitKind::Number, literal))
        }
        TypeRef::Array(_) if c.has_array_rules() => {
            let min = opt_u64(c.min_items);
            let max = opt_u64(c.max_items);
            let unique = c.unique_items;
            let literal = quote! {
                #v::ArrayRules { min_items: #min, max_items: #max, unique_items: #unique }
            };
            Some((LimitKind::Array, literal))
        }
        _ => None,
    }
}

/// A reference to the limits of a value of `ty` under `c`: the module's static, or (should
/// the module lack one, which it should not) a static defined in place, so that a limit is
/// never skipped. With it, the statements defining what is defined in place.
fn limits_ref(ty: &TypeRef, c: &Constraints, scope: Scope<'_>) -> (TokenStream, TokenStream) {
    let v = quote! { validation };
    let at_root = |p: &str| scope.statics.pattern(p).map(|name| quote! { #name });
    let shared = limits(ty, c, &at_root).and_then(|(kind, literal)| {
        let name = scope.statics.limits(kind, &literal)?;
        Some(if scope.in_types {
            quote! { &super::#name }
        } else {
            quote! { &#name }
        })
    });
    if let Some(reference) = shared {
        return (quote! {}, reference);
    }
    let in_place = |_: &str| Some(quote! { PATTERN });
    let Some((kind, literal)) = limits(ty, c, &in_place) else {
        return (quote! {}, quote! { &() });
    };
    let pattern = c
        .pattern
        .as_deref()
        .map(|p| quote! { static PATTERN: #v::Pattern = #v::Pattern::new(#p); });
    let rust_type = kind.rust_type();
    (
        quote! { #pattern static RULES: #rust_type = #literal; },
        quote! { &RULES },
    )
}

/// `check`, preceded by what it needs defined in place, in a block of their own.
fn in_block(define: TokenStream, check: TokenStream) -> TokenStream {
    if define.is_empty() {
        check
    } else {
        quote! { { #define #check } }
    }
}

/// Checks of `value` (an expression of type `&T`) at `pointer` (an expression of type
/// `&str`), or `None` when nothing needs checking.
pub fn checks(
    value: &TokenStream,
    ty: &TypeRef,
    c: &Constraints,
    pointer: &TokenStream,
    scope: Scope<'_>,
) -> Option<TokenStream> {
    let v = quote! { validation };
    match ty {
        TypeRef::Nullable(inner) => {
            let inner = checks(&quote! { value }, inner, c, pointer, scope)?;
            Some(quote! { if let Some(value) = #value { #inner } })
        }
        TypeRef::String if c.has_string_rules() => {
            let (define, rules) = limits_ref(ty, c, scope);
            // A secret's messages name the rule broken, never the value.
            let check = if c.secret {
                quote! { check_secret }
            } else {
                quote! { check_string }
            };
            Some(in_block(
                define,
                quote! { #v::#check(out, #pointer, #value, #rules); },
            ))
        }
        TypeRef::Integer | TypeRef::Number if c.has_number_rules() => {
            let (define, rules) = limits_ref(ty, c, scope);
            let as_f64 = if *ty == TypeRef::Integer {
                quote! { *#value as f64 }
            } else {
                quote! { *#value }
            };
            Some(in_block(
                define,
                quote! { #v::check_number(out, #pointer, #as_f64, #rules); },
            ))
        }
        TypeRef::Tuple(items) => {
            let each: Vec<TokenStream> = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let position = c.positions.get(i).cloned().unwrap_or_default();
                    let index = proc_macro2::Literal::usize_unsuffixed(i);
                    let check = checks(
                        &quote! { value },
                        item,
                        &position,
                        &quote! { &pointer },
                        scope,
                    )?;
                    let child = child_pointer(pointer, &i.to_string());
                    Some(quote! {
                        {
                            let value = &#value.#index;
                            let pointer = #child;
                            #check
                        }
                    })
                })
                .collect();
            (!each.is_empty()).then(|| quote! { #(#each)* })
        }
        TypeRef::Named(_) | TypeRef::Boxed(_) => Some(quote! {
            #v::Validate::validate_at(#value, #pointer, out);
        }),
        TypeRef::Array(inner) => {
            let item_c = c.items.as_deref().cloned().unwrap_or_default();
            let items = checks(
                &quote! { item },
                inner,
                &item_c,
                &quote! { &pointer },
                scope,
            );
            if !c.has_array_rules() && items.is_none() {
                return None;
            }
            let own = c.has_array_rules().then(|| {
                let (define, rules) = limits_ref(ty, c, scope);
                in_block(
                    define,
                    quote! { #v::check_array(out, #pointer, #value, #rules); },
                )
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
            let values = checks(
                &quote! { item },
                inner,
                &value_c,
                &quote! { &pointer },
                scope,
            );
            let counted = c.min_properties.is_some() || c.max_properties.is_some();
            let keys = c.keys.as_deref();
            if !counted && values.is_none() && keys.is_none() {
                return None;
            }
            let own = counted.then(|| {
                let min = opt_u64(c.min_properties);
                let max = opt_u64(c.max_properties);
                quote! { #v::check_properties(out, #pointer, #value.len(), #min, #max); }
            });
            let names = keys.map(|keys| {
                let (define, rules) = limits_ref(&TypeRef::String, keys, scope);
                in_block(
                    define,
                    quote! { #v::check_keys(out, #pointer, #value.keys(), #rules); },
                )
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
            Some(quote! { #own #each #names })
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
        Some(n) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote! { Some(#n) }
        }
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
