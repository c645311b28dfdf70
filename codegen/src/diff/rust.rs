//! What a change means for Rust code using the generated crate, worked out from the lowered
//! IR of both revisions: the Rust API at the place of the change (the field, the struct
//! holding a property, the type of a parameter) is compared as this generator emits it.
//! Code compiled against the old API breaks when an item it can name is gone or changed, a
//! struct users build (one a request holds) gains a field, or an enum gains or loses a
//! variant (a `match` over it no longer compiles).

use std::collections::HashMap;

use super::checks::{self, Rust as Class};
use super::operations::{self, OpKey};
use super::{locate, Change, Direction, Found, Place, Revisions, Side};
use crate::ir::{Api, Operation, ParamLocation, StatusKey, TypeKind, TypeRef};

/// The Rust API of a type at a use site, one level deep: a named type is its name, and is
/// compared through its definition once per pair of names (`Compare`).
#[derive(Debug, Clone, PartialEq)]
enum Sig {
    /// A primitive, `Vec<u8>`, a date-time or `serde_json::Value`.
    Leaf(&'static str),
    List(Box<Sig>),
    Map(Box<Sig>),
    Nullable(Box<Sig>),
    Tuple(Vec<Sig>),
    Named(String),
    /// A request's or a response's own type (not a named type of the module).
    Struct {
        name: String,
        /// (Rust name, whether it is an `Option`, its type), in order.
        fields: Vec<(String, bool, Sig)>,
    },
    Union {
        name: String,
        variants: Vec<(String, Sig)>,
    },
}

fn sig(ty: &TypeRef) -> Sig {
    match ty {
        TypeRef::String => Sig::Leaf("String"),
        TypeRef::Integer => Sig::Leaf("i64"),
        TypeRef::Number => Sig::Leaf("f64"),
        TypeRef::Boolean => Sig::Leaf("bool"),
        TypeRef::Any => Sig::Leaf("Value"),
        TypeRef::Bytes => Sig::Leaf("Vec<u8>"),
        TypeRef::DateTime => Sig::Leaf("DateTime"),
        TypeRef::Array(inner) => Sig::List(Box::new(sig(inner))),
        TypeRef::Map(inner) => Sig::Map(Box::new(sig(inner))),
        TypeRef::Nullable(inner) => Sig::Nullable(Box::new(sig(inner))),
        TypeRef::Tuple(items) => Sig::Tuple(items.iter().map(sig).collect()),
        TypeRef::Named(name) | TypeRef::Boxed(name) => Sig::Named(name.clone()),
    }
}

/// The definition of a named type, as a signature one level deep.
fn definition(api: &Api, name: &str) -> Option<Sig> {
    let def = api.types.get(name)?;
    Some(match &def.kind {
        TypeKind::Struct { fields, .. } => Sig::Struct {
            name: name.to_owned(),
            fields: fields
                .iter()
                .map(|f| (f.rust_name.clone(), !f.required, sig(&f.ty)))
                .collect(),
        },
        TypeKind::StringEnum { variants, .. } => enum_sig(name, variants.iter().map(|v| &v.name)),
        TypeKind::IntEnum { variants, .. } => enum_sig(name, variants.iter().map(|v| &v.name)),
        TypeKind::Union { variants, .. } => Sig::Union {
            name: name.to_owned(),
            variants: variants.iter().map(|(n, t)| (n.clone(), sig(t))).collect(),
        },
        // `type A = B;`: code naming `A` uses `B`'s definition.
        TypeKind::Alias {
            target: TypeRef::Named(target) | TypeRef::Boxed(target),
        } if target != name => return definition(api, target).map(|d| renamed(d, name)),
        TypeKind::Alias { target } => Sig::Union {
            name: name.to_owned(),
            variants: vec![("(alias)".to_owned(), sig(target))],
        },
    })
}

/// `sig` under the name `name` (an alias's).
fn renamed(sig: Sig, name: &str) -> Sig {
    match sig {
        Sig::Struct { fields, .. } => Sig::Struct {
            name: name.to_owned(),
            fields,
        },
        Sig::Union { variants, .. } => Sig::Union {
            name: name.to_owned(),
            variants,
        },
        other => other,
    }
}

/// An enum as a union of unit variants.
fn enum_sig<'v>(name: &str, variants: impl Iterator<Item = &'v String>) -> Sig {
    Sig::Union {
        name: name.to_owned(),
        variants: variants.map(|v| (v.clone(), Sig::Leaf("()"))).collect(),
    }
}

/// Compares signatures of the two revisions' APIs, each pair of named types once.
struct Compare<'a> {
    old: &'a Api,
    new: &'a Api,
    known: &'a mut Known,
}

/// What is known of the named types of two modules: compatible or why not, by name and
/// direction.
type Known = HashMap<(String, Direction), Result<(), String>>;

impl Compare<'_> {
    /// Why code written against `old` does not compile against `new`, if it does not. A
    /// struct of a response may gain fields (users read them, they do not build them).
    fn compatible(&mut self, old: &Sig, new: &Sig, direction: Direction) -> Result<(), String> {
        match (old, new) {
            (Sig::List(a), Sig::List(b))
            | (Sig::Map(a), Sig::Map(b))
            | (Sig::Nullable(a), Sig::Nullable(b)) => self.compatible(a, b, direction),
            (Sig::Tuple(a), Sig::Tuple(b)) if a.len() == b.len() => a
                .iter()
                .zip(b)
                .try_for_each(|(a, b)| self.compatible(a, b, direction)),
            (Sig::Named(a), Sig::Named(b)) if a != b => Err(format!("type `{a}` is now `{b}`")),
            (Sig::Named(name), Sig::Named(_)) => self.named(name, direction),
            (
                Sig::Struct {
                    name: a,
                    fields: fa,
                },
                Sig::Struct {
                    name: b,
                    fields: fb,
                },
            ) => {
                if a != b {
                    return Err(format!("type `{a}` is now `{b}`"));
                }
                self.fields(a, fa, fb, direction)
            }
            (
                Sig::Union {
                    name: a,
                    variants: va,
                },
                Sig::Union {
                    name: b,
                    variants: vb,
                },
            ) => {
                if a != b {
                    return Err(format!("type `{a}` is now `{b}`"));
                }
                if let Some((v, _)) = va.iter().find(|(v, _)| !vb.iter().any(|(w, _)| w == v)) {
                    return Err(format!("variant `{a}::{v}` is gone"));
                }
                if let Some((v, _)) = vb.iter().find(|(v, _)| !va.iter().any(|(w, _)| w == v)) {
                    return Err(format!(
                        "`{a}` has a new variant `{v}` (exhaustive matches no longer compile)"
                    ));
                }
                for (v, x) in va {
                    if let Some((_, y)) = vb.iter().find(|(w, _)| w == v) {
                        self.compatible(x, y, direction)?;
                    }
                }
                Ok(())
            }
            (a, b) if a == b => Ok(()),
            (a, b) if shown(a) == shown(b) => {
                Err(format!("`{}` is another kind of type now", shown(a)))
            }
            (a, b) => Err(format!("type `{}` is now `{}`", shown(a), shown(b))),
        }
    }

    fn fields(
        &mut self,
        owner: &str,
        old: &[(String, bool, Sig)],
        new: &[(String, bool, Sig)],
        direction: Direction,
    ) -> Result<(), String> {
        for (field, optional, ty) in old {
            let Some((_, now_optional, now)) = new.iter().find(|(n, ..)| n == field) else {
                return Err(format!("field `{owner}::{field}` is gone"));
            };
            if optional != now_optional {
                let how = if *now_optional {
                    "an `Option`"
                } else {
                    "no longer an `Option`"
                };
                return Err(format!("field `{owner}::{field}` is now {how}"));
            }
            self.compatible(ty, now, direction)?;
        }
        match new.iter().find(|(n, ..)| !old.iter().any(|(o, ..)| o == n)) {
            Some((field, ..)) if direction == Direction::Request => Err(format!(
                "`{owner}` has a new field `{field}` (struct literals building it no longer compile)"
            )),
            _ => Ok(()),
        }
    }

    /// The named type `name` of both revisions compared, once; a type met again while
    /// being compared counts as compatible there (its other parts decide).
    fn named(&mut self, name: &str, direction: Direction) -> Result<(), String> {
        let key = (name.to_owned(), direction);
        if let Some(known) = self.known.get(&key) {
            return known.clone();
        }
        self.known.insert(key.clone(), Ok(()));
        let result = match (definition(self.old, name), definition(self.new, name)) {
            (Some(a), Some(b)) => self.compatible(&a, &b, direction),
            (Some(_), None) => Err(format!("type `{name}` is gone")),
            _ => Ok(()),
        };
        self.known.insert(key, result.clone());
        result
    }
}

fn shown(sig: &Sig) -> String {
    match sig {
        Sig::Leaf(name) => (*name).to_owned(),
        Sig::List(inner) => format!("Vec<{}>", shown(inner)),
        Sig::Map(inner) => format!("BTreeMap<String, {}>", shown(inner)),
        Sig::Nullable(inner) => format!("Option<{}>", shown(inner)),
        Sig::Tuple(items) => {
            let items: Vec<String> = items.iter().map(shown).collect();
            format!("({})", items.join(", "))
        }
        Sig::Struct { name, .. } | Sig::Union { name, .. } | Sig::Named(name) => name.clone(),
    }
}

/// The type at `path` (property names, `[]`, `*`) below `ty`.
fn walk<'a>(api: &'a Api, ty: &'a TypeRef, path: &[String]) -> Option<&'a TypeRef> {
    let Some((first, rest)) = path.split_first() else {
        return Some(ty);
    };
    let next = match ty {
        TypeRef::Nullable(inner) => return walk(api, inner, path),
        TypeRef::Array(inner) if first == "[]" => inner.as_ref(),
        TypeRef::Map(inner) if first == "*" => inner.as_ref(),
        TypeRef::Named(name) | TypeRef::Boxed(name) => match &api.types.get(name)?.kind {
            TypeKind::Alias { target } => return walk(api, target, path),
            TypeKind::Struct {
                fields, additional, ..
            } => match fields.iter().find(|f| f.json_name == *first) {
                Some(field) => &field.ty,
                None if first == "*" => additional.as_ref()?,
                None => return None,
            },
            _ => return None,
        },
        _ => return None,
    };
    walk(api, next, rest)
}

fn location(name: &str) -> Option<ParamLocation> {
    match name {
        "path" => Some(ParamLocation::Path),
        "query" => Some(ParamLocation::Query),
        "header" => Some(ParamLocation::Header),
        "cookie" => Some(ParamLocation::Cookie),
        _ => None,
    }
}

/// The lowered operations of both revisions, by key, and what is known of their types.
pub(crate) struct Rust<'a> {
    old: HashMap<OpKey, (&'a Api, &'a Operation)>,
    new: HashMap<OpKey, (&'a Api, &'a Operation)>,
    known: HashMap<(String, String), Known>,
}

fn by_key(apis: &[Api]) -> HashMap<OpKey, (&Api, &Operation)> {
    let mut out = HashMap::new();
    for api in apis {
        for op in &api.operations {
            out.entry(OpKey::of(&op.method, &op.path))
                .or_insert((api, op));
        }
    }
    out
}

/// An operation's request (its parameters and body) as a struct, and its responses as a
/// union of its variants.
fn op_sig(op: &Operation) -> (Sig, Sig) {
    let mut fields: Vec<(String, bool, Sig)> = op
        .params
        .iter()
        .filter(|p| p.from_config.is_none())
        .map(|p| (p.rust_name.clone(), !p.required, sig(&p.ty)))
        .collect();
    if let Some(body) = &op.body {
        fields.push(("body".into(), !body.required, sig(&body.ty)));
    }
    let variants = op
        .responses
        .iter()
        .map(|r| {
            (
                r.variant.clone(),
                r.ty.as_ref().map_or(Sig::Leaf("()"), sig),
            )
        })
        .collect();
    let request = Sig::Struct {
        name: format!("{}Request", op.type_prefix),
        fields,
    };
    let responses = Sig::Union {
        name: format!("{}Response", op.type_prefix),
        variants,
    };
    (request, responses)
}

impl<'a> Rust<'a> {
    pub fn new(old: &'a [Api], new: &'a [Api]) -> Self {
        Rust {
            old: by_key(old),
            new: by_key(new),
            known: HashMap::new(),
        }
    }

    /// Why `old` (of the old API) does not compile as `new` (of the new one), if it does not.
    fn compatible(
        &mut self,
        (old_api, old): (&Api, &Sig),
        (new_api, new): (&Api, &Sig),
        direction: Direction,
    ) -> Result<(), String> {
        let modules = (old_api.module.clone(), new_api.module.clone());
        let mut compare = Compare {
            old: old_api,
            new: new_api,
            known: self.known.entry(modules).or_default(),
        };
        compare.compatible(old, new, direction)
    }

    /// The Rust class of a change found in operation `key`.
    pub fn classify(&mut self, key: &OpKey, found: &Found<'_>) -> Class {
        if found.check == checks::OPERATION_ADDED {
            return Class::NonBreaking;
        }
        let (Some(&(old_api, old)), Some(&(new_api, new))) = (self.old.get(key), self.new.get(key))
        else {
            // On one side only: its method is gone (or was never generated).
            return if self.old.contains_key(key) {
                Class::Breaking
            } else {
                Class::NonBreaking
            };
        };
        let breaks = match &found.place {
            Place::Operation => old.fn_name != new.fn_name,
            Place::Parameter(location_name, name, _) => {
                let find = |op: &'a Operation| {
                    op.params.iter().find(|p| {
                        Some(p.location) == location(location_name)
                            && p.name.eq_ignore_ascii_case(name)
                    })
                };
                match (find(old), find(new)) {
                    (Some(a), Some(b)) => {
                        let (x, y) = (sig(&a.ty), sig(&b.ty));
                        a.required != b.required
                            || self
                                .compatible((old_api, &x), (new_api, &y), Direction::Request)
                                .is_err()
                    }
                    (None, None) => false,
                    // A parameter the configuration fills is no field of the request.
                    (Some(p), None) | (None, Some(p)) => p.from_config.is_none(),
                }
            }
            Place::Body(path) => match (&old.body, &new.body) {
                (Some(a), Some(b)) => {
                    a.required != b.required
                        || self.slot_breaks(
                            (old_api, &a.ty),
                            (new_api, &b.ty),
                            path,
                            Direction::Request,
                        )
                }
                (None, None) => false,
                _ => true,
            },
            Place::Response(status, path) => {
                let key = StatusKey::parse(status);
                let find = |op: &'a Operation| op.responses.iter().find(|r| Some(r.status) == key);
                match (find(old), find(new)) {
                    (Some(a), Some(b)) => match (&a.ty, &b.ty) {
                        (Some(x), Some(y)) => {
                            self.slot_breaks((old_api, x), (new_api, y), path, Direction::Response)
                        }
                        (None, None) => false,
                        _ => true,
                    },
                    (None, None) => false,
                    _ => true,
                }
            }
        };
        if breaks {
            Class::Breaking
        } else {
            Class::NonBreaking
        }
    }

    /// Whether the Rust API at `path` below the two types is incompatible.
    fn slot_breaks(
        &mut self,
        (old_api, old): (&Api, &TypeRef),
        (new_api, new): (&Api, &TypeRef),
        path: &[String],
        direction: Direction,
    ) -> bool {
        // Where the place cannot be found on one side (inside a union), the whole is compared.
        let (a, b) = match (walk(old_api, old, path), walk(new_api, new, path)) {
            (Some(a), Some(b)) => (a, b),
            _ => (old, new),
        };
        let (x, y) = (sig(a), sig(b));
        // A named type is judged by its own definition: a property added to a response
        // struct (reported at the struct) breaks nothing.
        self.compatible((old_api, &x), (new_api, &y), direction)
            .is_err()
    }

    /// Changes of the generated API that no HTTP change explains (a schema renamed gives a
    /// type another name): one per operation, located at the operation in the new revision.
    pub fn unexplained(&mut self, revisions: Revisions<'_>, changes: &[Change]) -> Vec<Change> {
        let mut unexplained = Vec::new();
        let mut keys: Vec<OpKey> = self
            .old
            .keys()
            .filter(|k| self.new.contains_key(*k))
            .cloned()
            .collect();
        keys.sort();
        for key in keys {
            let (Some(&(old_api, old)), Some(&(new_api, new))) =
                (self.old.get(&key), self.new.get(&key))
            else {
                continue;
            };
            let shown = format!("{} {}", new.method, new.path);
            if changes
                .iter()
                .any(|c| c.operation == shown && c.rust == Class::Breaking)
            {
                continue;
            }
            let ((request_a, responses_a), (request_b, responses_b)) = (op_sig(old), op_sig(new));
            let reason = if old.fn_name != new.fn_name {
                Some(format!("method `{}` is now `{}`", old.fn_name, new.fn_name))
            } else {
                self.compatible(
                    (old_api, &request_a),
                    (new_api, &request_b),
                    Direction::Request,
                )
                .and_then(|()| {
                    self.compatible(
                        (old_api, &responses_a),
                        (new_api, &responses_b),
                        Direction::Response,
                    )
                })
                .err()
            };
            if let Some(reason) = reason {
                unexplained.push((key, shown, reason));
            }
        }
        if unexplained.is_empty() {
            return Vec::new();
        }
        let index = operations::locations(revisions.new);
        let mut out = Vec::new();
        for (key, shown, reason) in unexplained {
            let Some(at) = index.get(&key).cloned() else {
                continue;
            };
            let found = Found {
                check: checks::RUST_API_CHANGED,
                side: Side::New,
                at,
                message: format!("the generated API changed: {reason}"),
                place: Place::Operation,
                direction: None,
            };
            out.push(locate(revisions, found, shown, Class::Breaking));
        }
        out
    }
}
