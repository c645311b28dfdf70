//! The `types` module: a Rust type per named schema, with serde (structs through the
//! runtime's `JsonObject` derive), rustdoc from the
//! descriptions, lenient decoding (unknown enum values kept), and, for the types a request can
//! hold, a `Validate` impl.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::format::wrapped_in;
use super::tokens::{ident, rt, rust_type, slot_is_option, slot_type, From};
use super::validate::{checks, child_pointer, Scope};
use crate::ir::{Access, Constraints, Docs, Field, Tag, TypeDef, TypeKind, TypeRef, Variant};

/// A schema's type and its impls; `from` is the `types` module's scope, `sent` whether a
/// request can hold the type (only then is it validated).
pub fn type_def(def: &TypeDef, from: From, sent: bool, scope: Scope<'_>) -> TokenStream {
    let doc = type_docs(&def.doc, &def.name);
    match &def.kind {
        TypeKind::Struct {
            fields,
            additional,
            dependencies,
        } => structure(
            def,
            &doc,
            (fields, additional.as_ref(), dependencies),
            from,
            sent,
            scope,
        ),
        TypeKind::StringEnum { variants, closed } => {
            string_enum(def, &doc, variants, *closed, sent)
        }
        TypeKind::IntEnum { variants, closed } => int_enum(def, &doc, variants, *closed, sent),
        TypeKind::Union {
            variants,
            checks,
            tag,
        } => union(
            def,
            &doc,
            (variants, checks),
            tag.as_ref(),
            from,
            sent,
            scope,
        ),
        TypeKind::Alias { target } => {
            let name = ident(&def.name);
            // An inline schema defined exactly like another type shares it.
            let shared = match target {
                TypeRef::Named(other) => {
                    let note = format!(" The same type as [`{other}`]: both are defined alike.");
                    quote! { #[doc = ""] #[doc = #note] }
                }
                _ => quote! {},
            };
            let target = rust_type(target, from);
            quote! { #doc #shared pub type #name = #target; }
        }
    }
}

fn type_docs(doc: &Docs, name: &str) -> TokenStream {
    let fallback = format!("The `{name}` schema.");
    let mut parts: Vec<&str> = Vec::new();
    if let Some(t) = &doc.title {
        parts.push(t);
    }
    if let Some(d) = &doc.description {
        parts.push(d);
    }
    if parts.is_empty() {
        parts.push(&fallback);
    }
    let attrs = doc_attrs(parts);
    let deprecated = doc.deprecated.then(|| quote! { #[deprecated] });
    quote! { #attrs #deprecated }
}

/// A struct's fields, its map of other properties and its `dependentRequired` entries.
type StructParts<'a> = (
    &'a [Field],
    Option<&'a TypeRef>,
    &'a [(String, Vec<String>)],
);

fn structure(
    def: &TypeDef,
    doc: &TokenStream,
    (fields, additional, dependencies): StructParts<'_>,
    from: From,
    sent: bool,
    scope: Scope<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let all_optional =
        fields.iter().all(|f| slot_is_option(&f.ty, f.required)) && additional.is_none();
    let default = all_optional.then(|| quote! { Default, });
    let members = fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let ty = slot_type(&f.ty, f.required, from);
        let fallback = format!("The `{}` property.", f.json_name);
        let access = match f.access {
            Access::ReadWrite => "",
            Access::ReadOnly => "Read-only: set by the service; a request need not set it.",
            Access::WriteOnly => "Write-only: sent in requests; the service never returns it.",
        };
        let field_doc = doc_attrs([
            f.doc
                .description
                .as_deref()
                .or(f.doc.title.as_deref())
                .unwrap_or(&fallback),
            access,
        ]);
        let wire = &f.json_name;
        let plain = f.rust_name.trim_start_matches("r#");
        // An `Option` is left out when `None` and decoded as `None` when absent; a required
        // nullable one is sent as `null`.
        let null = slot_is_option(&f.ty, f.required) && f.required;
        let json = match ((plain != wire).then_some(wire), null) {
            (None, false) => quote! {},
            (None, true) => quote! { #[json(null)] },
            (Some(wire), false) => quote! { #[json(rename = #wire)] },
            (Some(wire), true) => quote! { #[json(rename = #wire, null)] },
        };
        let deprecated = f.doc.deprecated.then(|| quote! { #[deprecated] });
        quote! { #field_doc #deprecated #json pub #id: #ty, }
    });
    let extra = additional.map(|ty| {
        let ty = rust_type(&TypeRef::Map(Box::new(ty.clone())), from);
        quote! {
            /// Properties beyond the documented ones.
            #[json(flatten)]
            pub additional_properties: #ty,
        }
    });
    let field_checks: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let id = ident(&f.rust_name);
            let token = crate::load::node::escape_token(&f.json_name);
            let pointer = quote! { &pointer };
            let body = checks(&quote! { value }, &f.ty, &f.constraints, &pointer, scope)?;
            let tail = token.replace('{', "{{").replace('}', "}}");
            let child = child_pointer(&quote! { pointer }, &tail);
            let bind = quote! { let pointer = #child; };
            Some(
                if slot_is_option(&f.ty, f.required) && !matches!(f.ty, TypeRef::Nullable(_)) {
                    quote! { if let Some(value) = &self.#id { #bind #body } }
                } else {
                    quote! { { let value = &self.#id; #bind #body } }
                },
            )
        })
        .collect();
    let extra_checks = additional.and_then(|ty| {
        let body = checks(
            &quote! { value },
            ty,
            &Default::default(),
            &quote! { &pointer },
            scope,
        )?;
        Some(quote! {
            for (key, value) in &self.additional_properties {
                let key = validation::escape_token(key);
                let pointer = format!("{pointer}/{key}");
                #body
            }
        })
    });
    let dependency_checks = dependency_checks(fields, additional.is_some(), dependencies);
    let validate = validate_impl(
        &name,
        field_checks
            .into_iter()
            .chain(extra_checks)
            .chain(dependency_checks)
            .collect(),
        sent,
    );
    // The impl reads deprecated fields; without an impl there is nothing to allow.
    let allow_deprecated =
        (sent && fields.iter().any(|f| f.doc.deprecated)).then(|| quote! { #[allow(deprecated)] });
    quote! {
        #doc
        #allow_deprecated
        #[derive(Debug, Clone, PartialEq, #default JsonObject)]
        pub struct #name {
            #(#members)*
            #extra
        }
        #allow_deprecated
        #validate
    }
}

/// Whether a property is in the JSON of a struct.
enum Presence {
    /// A required field (sent as `null` when nullable).
    Always,
    /// A property the struct cannot hold.
    Never,
    /// When the first expression is true; the second says it is absent.
    When(TokenStream, TokenStream),
}

fn presence(fields: &[Field], has_map: bool, json_name: &str) -> Presence {
    match fields.iter().find(|f| f.json_name == json_name) {
        Some(f) if f.required => Presence::Always,
        Some(f) => {
            let id = ident(&f.rust_name);
            Presence::When(quote! { self.#id.is_some() }, quote! { self.#id.is_none() })
        }
        None if has_map => {
            let there = quote! { self.additional_properties.contains_key(#json_name) };
            Presence::When(there.clone(), quote! { !#there })
        }
        None => Presence::Never,
    }
}

/// The checks of `dependentRequired`: a property that is present with one it needs absent.
fn dependency_checks(
    fields: &[Field],
    has_map: bool,
    dependencies: &[(String, Vec<String>)],
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for (present, needed) in dependencies {
        let when = presence(fields, has_map, present);
        for name in needed {
            let report = quote! { validation::missing_dependent(out, pointer, #present, #name); };
            out.push(match (&when, presence(fields, has_map, name)) {
                (Presence::Never, _) | (_, Presence::Always) => continue,
                (Presence::Always, Presence::Never) => report,
                (Presence::Always, Presence::When(_, absent)) => quote! { if #absent { #report } },
                (Presence::When(when, _), Presence::Never) => quote! { if #when { #report } },
                (Presence::When(when, _), Presence::When(_, absent)) => {
                    quote! { if #when && #absent { #report } }
                }
            });
        }
    }
    out
}

fn validate_impl(name: &proc_macro2::Ident, body: Vec<TokenStream>, sent: bool) -> TokenStream {
    if !sent {
        quote! {}
    } else if body.is_empty() {
        quote! {
            impl validation::Validate for #name {
                fn validate_at(&self, _pointer: &str, _out: &mut validation::Violations) {}
            }
        }
    } else {
        quote! {
            impl validation::Validate for #name {
                fn validate_at(&self, pointer: &str, out: &mut validation::Violations) {
                    #(#body)*
                }
            }
        }
    }
}

fn variant_doc(v: &Variant<impl std::fmt::Display>) -> TokenStream {
    let text = match &v.doc {
        Some(d) => format!("`{}`: {d}", v.value),
        None => format!("`{}`", v.value),
    };
    doc_attrs([text.as_str()])
}

fn string_enum(
    def: &TypeDef,
    doc: &TokenStream,
    variants: &[Variant<String>],
    closed: bool,
    sent: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let names = variants.iter().map(|v| ident(&v.name));
    let values = variants.iter().map(|v| v.value.as_str());
    let docs = variants.iter().map(variant_doc);
    if closed {
        let validate = validate_impl(&name, Vec::new(), sent);
        let wrap = wrapped_in("string_const");
        return quote! {
            #wrap
            #doc
            pub enum #name {
                #(#docs #names = #values,)*
            }
            #validate
        };
    }
    let validate = validate_impl(
        &name,
        vec![quote! {
            if let Self::Unknown(value) = self {
                validation::unknown_string(out, pointer, value, Self::VALUES);
            }
        }],
        sent,
    );
    let wrap = wrapped_in("string_enum");
    quote! {
        #wrap
        #doc
        ///
        /// A value this version does not know decodes into `Unknown` rather than failing.
        pub enum #name {
            #(#docs #names = #values,)*
        }
        #validate
    }
}

fn int_enum(
    def: &TypeDef,
    doc: &TokenStream,
    variants: &[Variant<i64>],
    closed: bool,
    sent: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let names = variants.iter().map(|v| ident(&v.name));
    let values = variants
        .iter()
        .map(|v| proc_macro2::Literal::i64_unsuffixed(v.value));
    let docs = variants.iter().map(variant_doc);
    if closed {
        let validate = validate_impl(&name, Vec::new(), sent);
        let wrap = wrapped_in("integer_const");
        return quote! {
            #wrap
            #doc
            pub enum #name {
                #(#docs #names = #values,)*
            }
            #validate
        };
    }
    let validate = validate_impl(
        &name,
        vec![quote! {
            if let Self::Unknown(value) = self {
                validation::unknown_integer(out, pointer, *value, Self::VALUES);
            }
        }],
        sent,
    );
    let wrap = wrapped_in("integer_enum");
    quote! {
        #wrap
        #doc
        ///
        /// Sent and received as a number; a value this version does not know decodes into
        /// `Unknown` rather than failing.
        pub enum #name {
            #(#docs #names = #values,)*
        }
        #validate
    }
}

fn union(
    def: &TypeDef,
    doc: &TokenStream,
    (variants, constraints): (&[(String, TypeRef)], &[Constraints]),
    tag: Option<&Tag>,
    from: From,
    sent: bool,
    scope: Scope<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let none = Constraints::default();
    let members = variants.iter().map(|(v, ty)| {
        let doc = match ty {
            TypeRef::Number => " The value as a number, every digit as written.".to_string(),
            _ => format!(" The value as {}.", describe(ty)),
        };
        let v = ident(v);
        let ty = variant_type(ty, from);
        quote! { #[doc = #doc] #v(#ty), }
    });
    let arm_parts: Vec<(TokenStream, TokenStream)> = variants
        .iter()
        .enumerate()
        .filter_map(|(i, (v, ty))| {
            let v = ident(v);
            let body = checks(
                &quote! { value },
                ty,
                constraints.get(i).unwrap_or(&none),
                &quote! { pointer },
                scope,
            )?;
            // The bounds are checked on the nearest f64, as for a number field.
            let body = match ty {
                TypeRef::Number => quote! { let value = &value.as_f64(); #body },
                _ => body,
            };
            Some((quote! { Self::#v(value) }, body))
        })
        .collect();
    let arms: Vec<TokenStream> = arm_parts
        .iter()
        .map(|(pattern, body)| quote! { #pattern => { #body } })
        .collect();
    let validate = if arms.is_empty() {
        validate_impl(&name, vec![], sent)
    } else if arms.len() == variants.len() {
        validate_impl(&name, vec![quote! { match self { #(#arms)* } }], sent)
    } else if let [(pattern, body)] = arm_parts.as_slice() {
        validate_impl(
            &name,
            vec![quote! { if let #pattern = self { #body } }],
            sent,
        )
    } else {
        validate_impl(
            &name,
            vec![quote! { match self { #(#arms)* _ => {} } }],
            sent,
        )
    };
    let (how, derive, deserialize) = match tag {
        // serde's untagged derive for plain values; a member of the module's own types, or a
        // number, decodes from the JSON text: the derive buffers the value in a form that a
        // union or `Number` inside the member, decoded from the text, cannot be read from.
        None if variants.iter().all(|(_, ty)| plain(ty)) => (
            " Decoded as the first variant the value fits.".to_string(),
            quote! { serde::Deserialize },
            quote! {},
        ),
        None => (
            " Decoded as the first variant the value fits.".to_string(),
            quote! {},
            raw_deserialize(&name, variants, from),
        ),
        Some(tag) => {
            let names: Vec<String> = tag
                .values
                .iter()
                .map(|(value, i)| format!("`{value}`: `{}`", variants[*i].0))
                .collect();
            (
                format!(
                    " Decoded by its `{}` property ({}); a value without it, or with another, as \
                     the first variant it fits.",
                    tag.property,
                    names.join(", ")
                ),
                quote! {},
                tagged_deserialize(&name, variants, tag, from),
            )
        }
    };
    quote! {
        #doc
        ///
        #[doc = #how]
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, serde::Serialize, #derive)]
        #[serde(crate = "serde", untagged)]
        pub enum #name {
            #(#members)*
        }
        #deserialize
        #validate
    }
}

/// Whether a value of `ty` holds none of the module's own types and no number: serde's
/// untagged derive decodes it as well as the JSON text does.
fn plain(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) | TypeRef::Boxed(_) | TypeRef::Number => false,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => plain(inner),
        TypeRef::Tuple(items) => items.iter().all(plain),
        TypeRef::String
        | TypeRef::Integer
        | TypeRef::Boolean
        | TypeRef::Any
        | TypeRef::Bytes
        | TypeRef::DateTime => true,
    }
}

/// The type a union's variant holds. A number is the runtime's `Number`, every digit as
/// written: beside a string it is often a decimal (FastAPI's `Decimal`), and what was
/// received is then sent back unchanged.
fn variant_type(ty: &TypeRef, from: From) -> TokenStream {
    match ty {
        TypeRef::Number => {
            let rt = rt();
            quote! { #rt::number::Number }
        }
        other => rust_type(other, from),
    }
}

/// Decoding of a union without a discriminator: from the value's JSON text, tried as each
/// variant in turn (serde's untagged decoding would hold a number as an `f64` first and lose
/// the digits a `Number` variant keeps, and cannot give a member decoded from the text what
/// it needs).
fn raw_deserialize(name: &Ident, variants: &[(String, TypeRef)], from: From) -> TokenStream {
    let rt = rt();
    let result = from.result();
    let tries = variants.iter().map(|(v, _)| {
        let v = ident(v);
        quote! { |raw| #rt::__private::decode_raw(raw).map(Self::#v) }
    });
    let union = name.to_string();
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> #result<Self, D::Error> {
                #rt::__private::decode_first(deserializer, #union, &[#(#tries),*])
            }
        }
    }
}

/// Decoding of a union with a discriminator: the tag picks the variant (and a value that does
/// not fit it is an error naming the tag), otherwise the first variant that fits; from the
/// JSON text, so a number keeps its digits.
fn tagged_deserialize(
    name: &Ident,
    variants: &[(String, TypeRef)],
    tag: &Tag,
    from: From,
) -> TokenStream {
    let rt = rt();
    let result = from.result();
    let property = &tag.property;
    let by_tag = tag.values.iter().map(|(value, i)| {
        let v = ident(&variants[*i].0);
        let variant = v.to_string();
        quote! {
            Some(#value) => {
                #rt::__private::decode_tagged(&raw, #property, #value, #variant).map(Self::#v)
            }
        }
    });
    let tries = variants.iter().map(|(v, _)| {
        let v = ident(v);
        quote! { |raw| #rt::__private::decode_raw(raw).map(Self::#v) }
    });
    let union = name.to_string();
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> #result<Self, D::Error> {
                let raw = <#rt::__private::RawJson as serde::Deserialize>::deserialize(deserializer)?;
                match #rt::__private::tag_of(&raw, #property).as_deref() {
                    #(#by_tag)*
                    _ => #rt::__private::first_fitting(&raw, #union, &[#(#tries),*]),
                }
            }
        }
    }
}

/// How a union variant's docs name its type.
fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "a string".into(),
        TypeRef::Integer => "an integer".into(),
        TypeRef::Number => "a number".into(),
        TypeRef::Boolean => "a boolean".into(),
        TypeRef::Any => "any JSON value".into(),
        TypeRef::Named(n) | TypeRef::Boxed(n) => format!("[`{n}`]"),
        TypeRef::Array(inner) => format!("an array of {}", describe(inner)),
        TypeRef::Map(inner) => format!("a map of {}", describe(inner)),
        TypeRef::Nullable(inner) => format!("{} or null", describe(inner)),
        TypeRef::Tuple(items) => {
            let items: Vec<String> = items.iter().map(describe).collect();
            format!("a tuple of {}", items.join(", "))
        }
        TypeRef::Bytes => "bytes".into(),
        TypeRef::DateTime => "a date-time".into(),
    }
}
