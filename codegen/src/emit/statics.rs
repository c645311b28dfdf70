//! What a module's checks share, defined once at its root: one `static` per distinct
//! `pattern` (so each is compiled once however many fields use it) and one per distinct set
//! of limits, each named after the first field or parameter that uses it; and the security
//! of operations on their document's schemes (`security.rs`): a `static` per scheme, named
//! after it, and one per distinct set of alternatives, named after the first operation.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::security;
use super::validate::{limits, LimitKind};
use crate::ir::{
    Api, Constraints, FromConfig, Operation, Param, ParamLocation, Security, TypeKind, TypeRef,
};

/// The configuration setting a parameter is filled from.
pub fn setting_name(param: &Param) -> &'static str {
    match param.from_config {
        Some(FromConfig::Language) => "language",
        Some(FromConfig::ProjectId) | None => "project_id",
    }
}

/// The statics of one module, their names kept as text (the emitters share them across
/// threads, which tokens cannot cross).
#[derive(Debug, Default)]
pub struct Statics {
    /// Pattern expression to name.
    patterns: BTreeMap<String, String>,
    /// Limits (kind, literal as text) to name.
    limits: BTreeMap<(LimitKind, String), String>,
    /// Settings (literal as text) to name.
    settings: BTreeMap<String, String>,
    /// Security schemes (literal as text) to name.
    schemes: BTreeMap<String, String>,
    /// Operations' security (literal as text) to name.
    securities: BTreeMap<String, String>,
    /// Every static in order of first use: its name, type and value.
    order: Vec<(String, String, String)>,
    /// The doc line of the statics that have one, by name.
    docs: BTreeMap<String, String>,
    /// Names given so far.
    taken: BTreeSet<String>,
}

impl Statics {
    /// The statics of everything `api` checks: the fields of the types a request can hold
    /// (`sent`), and the operations' parameters, visited as the emitters check them.
    pub fn of(api: &Api, sent: &BTreeSet<String>) -> Self {
        let mut statics = Statics::default();
        statics.taken.insert("ENDPOINTS".into());
        for def in api.types.values().filter(|d| sent.contains(&d.name)) {
            match &def.kind {
                TypeKind::Struct { fields, .. } => {
                    for f in fields {
                        statics.add(&f.rust_name, &f.ty, &f.constraints);
                    }
                }
                TypeKind::Union {
                    variants, checks, ..
                } => {
                    for ((_, ty), c) in variants.iter().zip(checks) {
                        statics.add(&def.name, ty, c);
                    }
                }
                _ => {}
            }
        }
        for op in &api.operations {
            for p in &op.params {
                // A value from the configuration is checked as the string it is.
                let ty = match p.from_config {
                    Some(_) => &TypeRef::String,
                    None => &p.ty,
                };
                statics.add(&p.rust_name, ty, &p.constraints);
                if p.from_config.is_some() {
                    statics.add_setting(p);
                }
            }
        }
        for op in &api.operations {
            statics.add_security(op);
        }
        statics
    }

    /// Adds the `auth::Security` of an operation on its document's schemes, and the
    /// `auth::Scheme` of each scheme it names.
    fn add_security(&mut self, op: &Operation) {
        let Security::Alternatives(alternatives) = &op.security else {
            return;
        };
        if security::needs_none(alternatives) {
            return;
        }
        for scheme in alternatives.iter().flatten() {
            let literal = security::scheme_literal(scheme).to_string();
            if !self.schemes.contains_key(&literal) {
                let name = self.name(&scheme.name, "_SCHEME");
                self.order
                    .push((name.clone(), "auth::Scheme".into(), literal.clone()));
                self.docs.insert(name.clone(), security::scheme_doc(scheme));
                self.schemes.insert(literal, name);
            }
        }
        let Some(literal) = self.security_literal(op) else {
            return;
        };
        if !self.securities.contains_key(&literal) {
            let name = self.name(&op.fn_name, "_SECURITY");
            self.order
                .push((name.clone(), "auth::Security".into(), literal.clone()));
            self.securities.insert(literal, name);
        }
    }

    /// What an operation on its document's schemes passes `Call::security`: its static, or
    /// `auth::Security::NONE`; `None` for an operation on Huawei's credentials.
    pub fn security(&self, op: &Operation) -> Option<TokenStream> {
        let Security::Alternatives(alternatives) = &op.security else {
            return None;
        };
        if security::needs_none(alternatives) {
            return Some(quote! { auth::Security::NONE });
        }
        let name = self.securities.get(&self.security_literal(op)?)?;
        let name = format_ident!("{}", name);
        Some(quote! { #name })
    }

    /// The literal of an operation's `auth::Security`, its schemes named by their statics.
    fn security_literal(&self, op: &Operation) -> Option<String> {
        let Security::Alternatives(alternatives) = &op.security else {
            return None;
        };
        let mut written = Vec::new();
        for alternative in alternatives {
            let mut schemes = Vec::new();
            for scheme in alternative {
                let literal = security::scheme_literal(scheme).to_string();
                let name = format_ident!("{}", self.schemes.get(&literal)?);
                schemes.push(quote! { &#name });
            }
            written.push(quote! { &[#(#schemes),*] });
        }
        Some(quote! { auth::Security { alternatives: &[#(#written),*] } }.to_string())
    }

    /// Adds the `validation::Setting` a value from the configuration is checked by.
    fn add_setting(&mut self, param: &Param) {
        let literal = self.setting_literal(param).to_string();
        if self.settings.contains_key(&literal) {
            return;
        }
        let name = self.name(setting_name(param), "_SETTING");
        self.order
            .push((name.clone(), "validation::Setting".into(), literal.clone()));
        self.settings.insert(literal, name);
    }

    /// The literal of the `validation::Setting` for `param`, a value from the configuration.
    fn setting_literal(&self, param: &Param) -> TokenStream {
        let name = setting_name(param);
        let required = param.required;
        let in_path = param.location == ParamLocation::Path;
        let secret = param.constraints.secret;
        let at_root = |p: &str| self.pattern(p).map(|name| quote! { #name });
        let rules = limits(&TypeRef::String, &param.constraints, &at_root)
            .and_then(|(kind, literal)| self.limits(kind, &literal))
            .map_or_else(|| quote! { None }, |rules| quote! { Some(&#rules) });
        quote! {
            validation::Setting {
                name: #name,
                required: #required,
                in_path: #in_path,
                rules: #rules,
                secret: #secret,
            }
        }
    }

    /// The name of the `static` a value from the configuration is checked by.
    pub fn setting(&self, param: &Param) -> Option<Ident> {
        self.settings
            .get(&self.setting_literal(param).to_string())
            .map(|name| format_ident!("{}", name))
    }

    /// Adds what a value of `ty` is checked against under `c`, where `validate::checks`
    /// checks it, so that every static is used.
    fn add(&mut self, user: &str, ty: &TypeRef, c: &Constraints) {
        match ty {
            TypeRef::Nullable(inner) => return self.add(user, inner, c),
            TypeRef::Tuple(items) => {
                for (i, item) in items.iter().enumerate() {
                    let position = c.positions.get(i).cloned().unwrap_or_default();
                    self.add(user, item, &position);
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) => {
                let items = c.items.as_deref().cloned().unwrap_or_default();
                self.add(user, inner, &items);
                if let Some(keys) = c.keys.as_deref() {
                    self.add(&format!("{user}_keys"), &TypeRef::String, keys);
                }
            }
            TypeRef::String => {
                if let Some(pattern) = &c.pattern {
                    if !self.patterns.contains_key(pattern) {
                        let name = self.name(user, "_PATTERN");
                        let value = quote! { validation::Pattern::new(#pattern) };
                        self.patterns.insert(pattern.clone(), name.clone());
                        self.order
                            .push((name, "validation::Pattern".into(), value.to_string()));
                    }
                }
            }
            _ => {}
        }
        let pattern = |p: &str| self.pattern(p).map(|name| quote! { #name });
        let Some((kind, literal)) = limits(ty, c, &pattern) else {
            return;
        };
        let key = (kind, literal.to_string());
        if self.limits.contains_key(&key) {
            return;
        }
        let name = self.name(user, "");
        self.order
            .push((name.clone(), kind.rust_type().to_string(), key.1.clone()));
        self.limits.insert(key, name);
    }

    /// A new name from `user`'s (`NAME`, then `NAME_2`, ...).
    fn name(&mut self, user: &str, suffix: &str) -> String {
        // heck keeps every Unicode alphanumeric (`²`), not all of which Rust takes in a name.
        let mut base: String = user
            .trim_start_matches("r#")
            .to_shouty_snake_case()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect::<String>()
            .split('_')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        // `_1` has no letters left: a name cannot start with a digit, nor be empty.
        if base.is_empty() {
            base.push_str("VALUE");
        } else if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base.insert_str(0, "VALUE_");
        }
        base.push_str(suffix);
        let mut name = base.clone();
        let mut n = 1;
        while !self.taken.insert(name.clone()) {
            n += 1;
            name = format!("{base}_{n}");
        }
        name
    }

    /// The name of the `static` holding `pattern`.
    pub fn pattern(&self, pattern: &str) -> Option<Ident> {
        self.patterns
            .get(pattern)
            .map(|name| format_ident!("{}", name))
    }

    /// The name of the `static` holding these limits (`literal` as [`limits`] gives it).
    pub fn limits(&self, kind: LimitKind, literal: &TokenStream) -> Option<Ident> {
        self.limits
            .get(&(kind, literal.to_string()))
            .map(|name| format_ident!("{}", name))
    }

    /// The statics, for the module root.
    pub fn definitions(&self) -> Result<TokenStream, String> {
        let mut out = TokenStream::new();
        for (name, ty, value) in &self.order {
            let doc = self.docs.get(name).map(|d| {
                let d = format!(" {d}");
                quote! { #[doc = #d] }
            });
            let name = format_ident!("{}", name);
            let ty: TokenStream = ty.parse().map_err(|e| format!("{e}"))?;
            let value: TokenStream = value.parse().map_err(|e| format!("{e}"))?;
            out.extend(quote! { #doc static #name: #ty = #value; });
        }
        Ok(out)
    }
}
