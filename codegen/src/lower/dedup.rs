//! Inline schemas with the same definition share one Rust type.
//!
//! Real documents repeat small inline schemas: GitHub's description has 924 inline enums of
//! `read`/`write` alone, and about a third of its generated code was copies. An inline type
//! whose definition (fields or values, their types, constraints and docs) is the same as
//! another type's becomes `pub type Name = Other;`: its name, from its location, stays, with
//! its own docs; the code exists once. Component schemas are never turned into aliases (they
//! are the document's own named definitions), but an inline type may alias one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::ir::{Constraints, Docs, Field, TypeDef, TypeKind, TypeRef};

/// Turns every inline type that repeats another into an alias of it. Deterministic: types
/// are visited components first, then by name, and the first of each shape is kept.
pub fn share_identical(types: &mut BTreeMap<String, TypeDef>, components: &BTreeSet<String>) {
    let order: Vec<&String> = types
        .keys()
        .filter(|n| components.contains(*n))
        .chain(types.keys().filter(|n| !components.contains(*n)))
        .collect();
    // Two types are the same when their shapes are, with the names they use mapped to the
    // kept type of their group; repeated until no new pair is found (structs whose fields'
    // types merged in one round can merge in the next). Shapes are bucketed by a hash and
    // compared exactly, so a hash collision can never merge two different types.
    let mut canonical: HashMap<&String, &String> = order.iter().map(|n| (*n, *n)).collect();
    loop {
        let mut kept: HashMap<u64, Vec<&String>> = HashMap::new();
        let mut next = canonical.clone();
        for &name in &order {
            let kind = &types[name].kind;
            let bucket = kept.entry(shape_hash(kind, &canonical)).or_default();
            let same = bucket
                .iter()
                .copied()
                .find(|other| same_shape(kind, &types[*other].kind, &canonical));
            match same {
                Some(other) if !components.contains(name) => {
                    next.insert(name, other);
                }
                Some(_) => {}
                None => bucket.push(name),
            }
        }
        if next == canonical {
            break;
        }
        canonical = next;
    }
    let aliases: Vec<(String, String)> = canonical
        .into_iter()
        .filter(|(name, target)| name != target)
        .map(|(name, target)| (name.clone(), target.clone()))
        .collect();
    for (name, target) in aliases {
        if let Some(def) = types.get_mut(&name) {
            def.kind = TypeKind::Alias {
                target: TypeRef::Named(target),
            };
        }
    }
}

type Canonical<'n> = HashMap<&'n String, &'n String>;

fn same_shape(a: &TypeKind, b: &TypeKind, canonical: &Canonical<'_>) -> bool {
    renamed(a, canonical) == renamed(b, canonical)
}

/// The kind with the names of other types replaced by their group's.
fn renamed(kind: &TypeKind, canonical: &Canonical<'_>) -> TypeKind {
    let mut kind = kind.clone();
    let rename = |ty: &mut TypeRef| rename_refs(ty, canonical);
    match &mut kind {
        TypeKind::Struct { fields, additional } => {
            fields.iter_mut().for_each(|f| rename(&mut f.ty));
            if let Some(a) = additional {
                rename(a);
            }
        }
        TypeKind::Union { variants, .. } => variants.iter_mut().for_each(|(_, t)| rename(t)),
        TypeKind::Alias { target } => rename(target),
        TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
    }
    kind
}

fn rename_refs(ty: &mut TypeRef, canonical: &Canonical<'_>) {
    match ty {
        TypeRef::Named(n) | TypeRef::Boxed(n) => {
            if let Some(c) = canonical.get(n) {
                n.clone_from(c);
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            rename_refs(inner, canonical)
        }
        TypeRef::String
        | TypeRef::Integer
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::Any
        | TypeRef::Bytes
        | TypeRef::DateTime => {}
    }
}

/// A hash of everything [`same_shape`] compares (equal shapes hash alike).
fn shape_hash(kind: &TypeKind, canonical: &Canonical<'_>) -> u64 {
    let mut h = DefaultHasher::new();
    match kind {
        TypeKind::Struct { fields, additional } => {
            0u8.hash(&mut h);
            for f in fields {
                hash_field(f, canonical, &mut h);
            }
            if let Some(a) = additional {
                hash_ref(a, canonical, &mut h);
            }
        }
        TypeKind::StringEnum { variants } => {
            1u8.hash(&mut h);
            for v in variants {
                (&v.name, &v.value, &v.doc).hash(&mut h);
            }
        }
        TypeKind::IntEnum { variants } => {
            2u8.hash(&mut h);
            for v in variants {
                (&v.name, v.value, &v.doc).hash(&mut h);
            }
        }
        TypeKind::Union { variants, tag } => {
            3u8.hash(&mut h);
            for (name, ty) in variants {
                name.hash(&mut h);
                hash_ref(ty, canonical, &mut h);
            }
            if let Some(tag) = tag {
                (&tag.property, &tag.values).hash(&mut h);
            }
        }
        TypeKind::Alias { target } => {
            4u8.hash(&mut h);
            hash_ref(target, canonical, &mut h);
        }
    }
    h.finish()
}

fn hash_field(f: &Field, canonical: &Canonical<'_>, h: &mut DefaultHasher) {
    (&f.json_name, &f.rust_name, f.required, f.access).hash(h);
    hash_docs(&f.doc, h);
    hash_constraints(&f.constraints, h);
    hash_ref(&f.ty, canonical, h);
}

fn hash_docs(d: &Docs, h: &mut DefaultHasher) {
    (&d.title, &d.description, d.deprecated).hash(h);
}

fn hash_constraints(c: &Constraints, h: &mut DefaultHasher) {
    (c.min_length, c.max_length, &c.pattern).hash(h);
    for n in [c.minimum, c.maximum, c.multiple_of] {
        n.map(f64::to_bits).hash(h);
    }
    (c.exclusive_minimum, c.exclusive_maximum, c.unique_items).hash(h);
    (c.min_items, c.max_items, c.min_properties, c.max_properties).hash(h);
    c.one_of.hash(h);
    if let Some(items) = &c.items {
        hash_constraints(items, h);
    }
}

fn hash_ref(ty: &TypeRef, canonical: &Canonical<'_>, h: &mut DefaultHasher) {
    std::mem::discriminant(ty).hash(h);
    match ty {
        TypeRef::Named(n) | TypeRef::Boxed(n) => canonical.get(n).copied().unwrap_or(n).hash(h),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            hash_ref(inner, canonical, h)
        }
        TypeRef::String
        | TypeRef::Integer
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::Any
        | TypeRef::Bytes
        | TypeRef::DateTime => {}
    }
}
