//! Which named types can reach a request: only they get a `Validate` impl, since constraints
//! are checked before sending and never on responses.

use std::collections::BTreeSet;

use crate::ir::{Api, TypeKind, TypeRef};

/// The names of the types an operation's parameters or body hold, directly or through
/// fields, items, map values, union variants and aliases.
pub fn sent_types(api: &Api) -> BTreeSet<String> {
    let mut sent = BTreeSet::new();
    let mut pending: Vec<&TypeRef> = Vec::new();
    for op in &api.operations {
        pending.extend(op.params.iter().map(|p| &p.ty));
        if let Some(body) = &op.body {
            pending.push(&body.ty);
            pending.extend(body.parts.iter().map(|f| &f.ty));
        }
    }
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) | TypeRef::Boxed(name) => {
                if !sent.insert(name.clone()) {
                    continue;
                }
                let Some(def) = api.types.get(name) else {
                    continue;
                };
                match &def.kind {
                    TypeKind::Struct {
                        fields, additional, ..
                    } => {
                        pending.extend(fields.iter().map(|f| &f.ty));
                        pending.extend(additional);
                    }
                    TypeKind::Union { variants, .. } => {
                        pending.extend(variants.iter().map(|(_, ty)| ty));
                    }
                    TypeKind::Alias { target } => pending.push(target),
                    TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                pending.push(inner);
            }
            TypeRef::Tuple(items) => pending.extend(items),
            TypeRef::String
            | TypeRef::Integer
            | TypeRef::Number
            | TypeRef::Boolean
            | TypeRef::Any
            | TypeRef::Bytes
            | TypeRef::DateTime => {}
        }
    }
    sent
}
