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
    let kinds: Vec<&TypeKind> = order.iter().map(|n| &types[*n].kind).collect();
    // Two types are the same when their shapes are, with the types they refer to replaced by
    // their group; repeated until no new pair is found (structs whose fields' types merged in
    // one round can merge in the next). Everything but the references (names, docs,
    // constraints: most of the bytes) is hashed once; the references are indices, so a round
    // costs little. Shapes are bucketed by hash and compared exactly, so a hash collision can
    // never merge two different types.
    let index: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    // A name no type has (none should be) gets a number of its own past the end.
    let mut unknown: HashMap<&str, usize> = HashMap::new();
    let refs: Vec<Vec<usize>> = kinds
        .iter()
        .map(|kind| {
            let mut out = Vec::new();
            for_each_name(kind, &mut |name| {
                let next = order.len() + unknown.len();
                let i = match index.get(name) {
                    Some(i) => *i,
                    None => *unknown.entry(name).or_insert(next),
                };
                out.push(i);
            });
            out
        })
        .collect();
    let fixed: Vec<u64> = kinds.iter().map(|k| fixed_hash(k)).collect();
    let mut group: Vec<usize> = (0..order.len() + unknown.len()).collect();
    // What does not change between rounds is compared once per pair.
    let mut alike: HashMap<(usize, usize), bool> = HashMap::new();
    loop {
        let mut kept: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut changes = Vec::new();
        for i in 0..order.len() {
            let mut h = DefaultHasher::new();
            fixed[i].hash(&mut h);
            for &r in &refs[i] {
                group[r].hash(&mut h);
            }
            let bucket = kept.entry(h.finish()).or_default();
            let same = bucket.iter().copied().find(|&j| {
                refs[i].len() == refs[j].len()
                    && refs[i]
                        .iter()
                        .zip(&refs[j])
                        .all(|(&a, &b)| group[a] == group[b])
                    && *alike
                        .entry((i, j))
                        .or_insert_with(|| same_shape(kinds[i], kinds[j]))
            });
            match same {
                Some(j) if !components.contains(order[i]) => {
                    if group[i] != j {
                        changes.push((i, j));
                    }
                }
                Some(_) => {}
                None => bucket.push(i),
            }
        }
        if changes.is_empty() {
            break;
        }
        for (i, j) in changes {
            group[i] = j;
        }
    }
    let aliases: Vec<(String, String)> = (0..order.len())
        .filter(|&i| group[i] != i)
        .map(|i| (order[i].clone(), order[group[i]].clone()))
        .collect();
    for (name, target) in aliases {
        if let Some(def) = types.get_mut(&name) {
            def.kind = TypeKind::Alias {
                target: TypeRef::Named(target),
            };
        }
    }
}

/// Calls `f` with each type name `kind` refers to, in a fixed order (fields, then the
/// additional properties; variants; the alias target).
fn for_each_name<'k>(kind: &'k TypeKind, f: &mut impl FnMut(&'k str)) {
    match kind {
        TypeKind::Struct {
            fields, additional, ..
        } => {
            for field in fields {
                name_in(&field.ty, f);
            }
            if let Some(a) = additional {
                name_in(a, f);
            }
        }
        TypeKind::Union { variants, .. } => {
            for (_, ty) in variants {
                name_in(ty, f);
            }
        }
        TypeKind::Alias { target } => name_in(target, f),
        TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
    }
}

fn name_in<'k>(ty: &'k TypeRef, f: &mut impl FnMut(&'k str)) {
    match ty {
        TypeRef::Named(n) | TypeRef::Boxed(n) => f(n),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => name_in(inner, f),
        TypeRef::Tuple(items) => {
            for item in items {
                name_in(item, f);
            }
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

/// Whether two kinds are the same but for the names of the types they refer to (compared
/// apart, by group). The destructuring is exhaustive, so that a field added to the IR must
/// be considered here.
fn same_shape(a: &TypeKind, b: &TypeKind) -> bool {
    match (a, b) {
        (
            TypeKind::Struct {
                fields: fa,
                additional: aa,
                dependencies: da,
            },
            TypeKind::Struct {
                fields: fb,
                additional: ab,
                dependencies: db,
            },
        ) => {
            let fields_alike = fa.len() == fb.len()
                && fa.iter().zip(fb).all(|(x, y)| {
                    let Field {
                        json_name,
                        rust_name,
                        doc,
                        ty,
                        required,
                        access,
                        constraints,
                    } = x;
                    *json_name == y.json_name
                        && *rust_name == y.rust_name
                        && *doc == y.doc
                        && *required == y.required
                        && *access == y.access
                        && *constraints == y.constraints
                        && same_ref_shape(ty, &y.ty)
                });
            let additional_alike = match (aa, ab) {
                (Some(x), Some(y)) => same_ref_shape(x, y),
                (None, None) => true,
                _ => false,
            };
            fields_alike && additional_alike && da == db
        }
        (
            TypeKind::StringEnum {
                variants: va,
                closed: ca,
            },
            TypeKind::StringEnum {
                variants: vb,
                closed: cb,
            },
        ) => va == vb && ca == cb,
        (
            TypeKind::IntEnum {
                variants: va,
                closed: ca,
            },
            TypeKind::IntEnum {
                variants: vb,
                closed: cb,
            },
        ) => va == vb && ca == cb,
        (
            TypeKind::Union {
                variants: va,
                checks: ca,
                tag: ta,
            },
            TypeKind::Union {
                variants: vb,
                checks: cb,
                tag: tb,
            },
        ) => {
            ta == tb
                && ca == cb
                && va.len() == vb.len()
                && va
                    .iter()
                    .zip(vb)
                    .all(|((na, ta), (nb, tb))| na == nb && same_ref_shape(ta, tb))
        }
        (TypeKind::Alias { target: ta }, TypeKind::Alias { target: tb }) => same_ref_shape(ta, tb),
        _ => false,
    }
}

/// Whether two references have the same form (`Vec<Named>`, `Box<Named>`, a leaf), the
/// names they end in aside.
fn same_ref_shape(a: &TypeRef, b: &TypeRef) -> bool {
    match (a, b) {
        (TypeRef::Named(_), TypeRef::Named(_)) | (TypeRef::Boxed(_), TypeRef::Boxed(_)) => true,
        (TypeRef::Array(x), TypeRef::Array(y))
        | (TypeRef::Map(x), TypeRef::Map(y))
        | (TypeRef::Nullable(x), TypeRef::Nullable(y)) => same_ref_shape(x, y),
        (TypeRef::Tuple(x), TypeRef::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_ref_shape(a, b))
        }
        // The leaves, and different forms.
        _ => a == b,
    }
}

/// A hash of what [`same_shape`] compares: all but the names of the types referred to.
fn fixed_hash(kind: &TypeKind) -> u64 {
    let mut h = DefaultHasher::new();
    match kind {
        TypeKind::Struct {
            fields,
            additional,
            dependencies,
        } => {
            0u8.hash(&mut h);
            dependencies.hash(&mut h);
            for f in fields {
                (&f.json_name, &f.rust_name, f.required, f.access).hash(&mut h);
                hash_docs(&f.doc, &mut h);
                hash_constraints(&f.constraints, &mut h);
                hash_ref_shape(&f.ty, &mut h);
            }
            if let Some(a) = additional {
                hash_ref_shape(a, &mut h);
            }
        }
        TypeKind::StringEnum { variants, closed } => {
            (1u8, closed).hash(&mut h);
            for v in variants {
                (&v.name, &v.value, &v.doc).hash(&mut h);
            }
        }
        TypeKind::IntEnum { variants, closed } => {
            (2u8, closed).hash(&mut h);
            for v in variants {
                (&v.name, v.value, &v.doc).hash(&mut h);
            }
        }
        TypeKind::Union {
            variants,
            checks,
            tag,
        } => {
            3u8.hash(&mut h);
            for (name, ty) in variants {
                name.hash(&mut h);
                hash_ref_shape(ty, &mut h);
            }
            for c in checks {
                hash_constraints(c, &mut h);
            }
            if let Some(tag) = tag {
                (&tag.property, &tag.values).hash(&mut h);
            }
        }
        TypeKind::Alias { target } => {
            4u8.hash(&mut h);
            hash_ref_shape(target, &mut h);
        }
    }
    h.finish()
}

fn hash_ref_shape(ty: &TypeRef, h: &mut DefaultHasher) {
    std::mem::discriminant(ty).hash(h);
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            hash_ref_shape(inner, h);
        }
        TypeRef::Tuple(items) => items.iter().for_each(|item| hash_ref_shape(item, h)),
        _ => {}
    }
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
    for position in &c.positions {
        hash_constraints(position, h);
    }
    if let Some(keys) = &c.keys {
        hash_constraints(keys, h);
    }
}
