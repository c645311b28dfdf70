//! Schemas to named types and use-site type references. Component schemas are named first,
//! in sorted order, so their names never depend on where they are first used; inline
//! schemas are named from their location (`SecurityGroupInfoTags`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::inheritance::{family, Family};
use super::names::{type_name, value_name, Scope};
use crate::base::shape::{key_rules, null_union, shape, Shape};
use crate::base::{rules, schema, Findings, PatternClass, Patterns};
use crate::check::RequiredCycles;
use crate::ir::{Access, Constraints, Docs, Field, Tag, TypeDef, TypeKind, TypeRef, Variant};
use crate::load::node::{Key, Node, Pointer, Value};
use crate::load::source::FileId;
use crate::load::{Dialect, DocSet};

/// Whether a schema (not a `$ref`) is an object whose properties a form or a multipart body
/// can carry: properties, `allOf` members, or a map.
pub fn carries_properties(node: &Node) -> bool {
    matches!(shape(node), Shape::Object | Shape::AllOf | Shape::Map)
}

/// Whether a shape becomes a named type of its own.
fn is_named(shape: Shape) -> bool {
    matches!(
        shape,
        Shape::StringEnum | Shape::IntEnum | Shape::Union | Shape::AllOf | Shape::Object
    )
}

/// Whether the schema says properties of its own beside its `allOf`.
fn object_like_itself(node: &Node) -> bool {
    node.get("properties").is_some()
        || node.get("additionalProperties").is_some()
        || schema::types(node).single() == Some("object")
}

fn addr(node: &Node) -> usize {
    node as *const Node as usize
}

/// `readOnly` / `writeOnly` of a property schema (both set: the schema is contradictory, and
/// the property is treated as travelling both ways).
fn access_of(node: &Node) -> Access {
    let flag = |key: &str| node.get(key).and_then(Node::as_bool) == Some(true);
    match (flag("readOnly"), flag("writeOnly")) {
        (true, false) => Access::ReadOnly,
        (false, true) => Access::WriteOnly,
        _ => Access::ReadWrite,
    }
}

pub fn docs_of(node: &Node) -> Docs {
    Docs {
        title: node.get("title").and_then(Node::as_str).map(str::to_string),
        description: node
            .get("description")
            .and_then(Node::as_str)
            .map(str::to_string),
        deprecated: node.get("deprecated").and_then(Node::as_bool) == Some(true),
    }
}

/// Builds the types of one document.
pub struct TypeLowerer<'a, 'f> {
    docs: &'a DocSet,
    pub types: BTreeMap<String, TypeDef>,
    /// The names of the types of `components/schemas`.
    pub components: BTreeSet<String>,
    /// `format: date-time` strings as [`TypeRef::DateTime`] rather than strings.
    pub date_time: bool,
    by_node: HashMap<usize, String>,
    defined: HashSet<String>,
    stack: Vec<String>,
    /// Non-named schemas being inlined through `$ref`s: a repeat is a loop (`A: array of A`).
    inlining: Vec<usize>,
    /// Named types met too deep in a chain of references, defined later from the top, so
    /// lowering never recurses deeper than a bound whatever the document.
    deferred: Vec<(FileId, &'a Node, String, Pointer)>,
    scope: Scope,
    /// Component schemas other components extend, by node, with the name of the struct of
    /// their own fields (`lower/inheritance.rs`).
    families: HashMap<usize, (String, Family<'a>)>,
    /// Property names as type-name parts and as field names, made once each: documents
    /// repeat the same property names (`id`, `url`) thousands of times.
    spelled: HashMap<&'a str, (String, String)>,
    /// Classified once per run, shared with the checks.
    patterns: &'f Patterns,
    /// Required properties on a cycle no finite value satisfies: generated as optional.
    required_cycles: &'f RequiredCycles,
    findings: &'f mut Findings,
}

/// How many named types may be under construction at once before new ones are deferred.
const MAX_NESTING: usize = 32;

impl<'a, 'f> TypeLowerer<'a, 'f> {
    pub fn new(
        docs: &'a DocSet,
        patterns: &'f Patterns,
        required_cycles: &'f RequiredCycles,
        findings: &'f mut Findings,
    ) -> Self {
        TypeLowerer {
            docs,
            types: BTreeMap::new(),
            components: BTreeSet::new(),
            date_time: false,
            by_node: HashMap::new(),
            defined: HashSet::new(),
            stack: Vec::new(),
            inlining: Vec::new(),
            deferred: Vec::new(),
            scope: Scope::default(),
            families: HashMap::new(),
            spelled: HashMap::new(),
            patterns,
            required_cycles,
            findings,
        }
    }

    /// Defines the types deferred while their users were being defined.
    pub fn finish(&mut self) {
        while let Some((file, node, name, at)) = self.deferred.pop() {
            self.define_once(file, node, name, &at);
        }
    }

    /// Defines the type `name` for `node`, unless it is defined already.
    fn define_once(&mut self, file: FileId, node: &'a Node, name: String, at: &Pointer) {
        if self.defined.insert(name.clone()) {
            self.stack.push(name.clone());
            let kind = self.define(file, node, &name, at);
            self.stack.pop();
            let doc = docs_of(node);
            self.types.insert(name.clone(), TypeDef { name, doc, kind });
        }
    }

    /// Takes over findings made while this lowerer was borrowed elsewhere.
    pub fn absorb(&mut self, other: Findings) {
        self.findings.append(other);
    }

    /// Names and defines every schema of `components/schemas` of `file`.
    pub fn components(&mut self, file: FileId) {
        let Some(schemas) = self
            .docs
            .tree(file)
            .and_then(|t| t.pointer("/components/schemas"))
            .and_then(Node::as_map)
        else {
            return;
        };
        let mut sorted: Vec<_> = schemas.iter().collect();
        sorted.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        for (key, node) in &sorted {
            let name = self.scope.claim(type_name(&key.name));
            self.components.insert(name.clone());
            self.by_node.insert(addr(node), name);
        }
        // Named after every component, so a base struct never takes a component's name.
        let components: Vec<(&Key, &Node)> = sorted.iter().map(|(k, n)| (k, n)).collect();
        for (key, node) in &sorted {
            if !matches!(shape(node), Shape::Object | Shape::AllOf) {
                continue;
            }
            if let Some(family) = family(self.docs, file, &key.name, node, &components) {
                let base = self.scope.claim(type_name(&format!("{}Base", key.name)));
                self.components.insert(base.clone());
                self.families.insert(addr(node), (base, family));
            }
        }
        for (key, node) in sorted {
            let at = Pointer::root()
                .join("components")
                .join("schemas")
                .join(&key.name);
            let name = self.by_node.get(&addr(node)).cloned().unwrap_or_default();
            // A component that is a primitive, array or map becomes an alias for users; its
            // uses are inlined, so their constraints stay at the use site.
            self.define_once(file, node, name, &at);
        }
    }

    /// The type of a value described by `node`, and the constraints checked where it is used.
    /// `indirect` says the use is already behind a `Vec` or map (no `Box` needed).
    pub fn use_site(
        &mut self,
        file: FileId,
        node: &'a Node,
        hint: &str,
        at: &Pointer,
        indirect: bool,
    ) -> (TypeRef, Constraints) {
        let nullable = schema::types(node).null() || null_union(node).is_some();
        let shape = shape(node);
        if let Some(values) = schema::enum_values(node) {
            self.enum_unchecked(node, at, shape, values);
        }
        let (ty, constraints) = match shape {
            Shape::Ref => {
                let (ty, c) = self.reference(file, node, hint, indirect);
                let c = self.beside_reference(file, node, at, &ty, c);
                return (ty, c);
            }
            Shape::Optional => {
                let Some((key, others)) = null_union(node) else {
                    return (TypeRef::Any, Constraints::default());
                };
                let (i, member) = others[0];
                let (ty, c) = self.use_site(file, member, hint, &at.join(key).index(i), indirect);
                // Keywords beside the `anyOf` apply to the value too.
                let (c, dropped) = c.both(&self.scalar_constraints(node));
                for keyword in dropped {
                    let message = format!(
                        "`{keyword}` beside `{key}` is not checked: the member has a `{keyword}` of its own, and the two cannot be one check"
                    );
                    self.unchecked(node, at, keyword, message);
                }
                return (nullable_of(ty), c);
            }
            Shape::Tuple => self.tuple(file, node, hint, at),
            Shape::AllOf if self.all_of_a_value(file, node) => {
                self.value_of_all(file, node, hint, at, indirect)
            }
            s if is_named(s) => (
                self.named(file, node, hint, at, indirect),
                Constraints::default(),
            ),
            Shape::Array => {
                let (item, item_c) = match node.get("items") {
                    Some(items) => {
                        self.use_site(file, items, &format!("{hint}Item"), &at.join("items"), true)
                    }
                    None => (TypeRef::Any, Constraints::default()),
                };
                let mut c = Constraints {
                    min_items: node.get("minItems").and_then(Node::as_u64),
                    max_items: node.get("maxItems").and_then(Node::as_u64),
                    unique_items: node.get("uniqueItems").and_then(Node::as_bool) == Some(true),
                    ..Constraints::default()
                };
                if !item_c.is_empty() {
                    c.items = Some(Box::new(item_c));
                }
                (TypeRef::Array(Box::new(item)), c)
            }
            Shape::Map => {
                let (value, value_c) = match node.get("additionalProperties") {
                    Some(schema) if schema.as_map().is_some() => self.use_site(
                        file,
                        schema,
                        &format!("{hint}Value"),
                        &at.join("additionalProperties"),
                        true,
                    ),
                    _ => (TypeRef::Any, Constraints::default()),
                };
                let mut c = Constraints {
                    min_properties: node.get("minProperties").and_then(Node::as_u64),
                    max_properties: node.get("maxProperties").and_then(Node::as_u64),
                    ..Constraints::default()
                };
                if !value_c.is_empty() {
                    c.items = Some(Box::new(value_c));
                }
                let keys = key_rules(node).map(|names| self.scalar_constraints(names));
                c.keys = keys.filter(|k| !k.is_empty()).map(Box::new);
                (TypeRef::Map(Box::new(value)), c)
            }
            // String rules (length, pattern) do not apply to a time.
            Shape::String
                if self.date_time
                    && node.get("format").and_then(Node::as_str) == Some("date-time") =>
            {
                (TypeRef::DateTime, Constraints::default())
            }
            Shape::String => (TypeRef::String, self.scalar_constraints(node)),
            // `enum` lists are kept for strings only (a number enum with a string value, as
            // real documents have, must not become a string check on a number).
            Shape::Integer => (
                TypeRef::Integer,
                Constraints {
                    one_of: Vec::new(),
                    ..self.scalar_constraints(node)
                },
            ),
            Shape::Number => (
                TypeRef::Number,
                Constraints {
                    one_of: Vec::new(),
                    ..self.scalar_constraints(node)
                },
            ),
            Shape::Boolean => (TypeRef::Boolean, Constraints::default()),
            _ => {
                // Several types (`[string, integer]`) are raw JSON, which no check reads.
                if schema::types(node).names().len() > 1
                    && !self.scalar_constraints(node).is_empty()
                {
                    let message = "the constraints of a schema with several types are not checked: the value is kept as raw JSON".to_string();
                    self.unchecked(node, at, "type", message);
                }
                (TypeRef::Any, Constraints::default())
            }
        };
        if nullable {
            (nullable_of(ty), constraints)
        } else {
            (ty, constraints)
        }
    }

    /// The checks of a 3.1 `$ref` to a plain string or number with the bounds written beside
    /// it (`{$ref: Code, maxLength: 3}`): the value must meet both, as JSON Schema 2020-12
    /// says. Beside other targets the keywords are not applied (the checks warn).
    fn beside_reference(
        &mut self,
        file: FileId,
        node: &Node,
        at: &Pointer,
        ty: &TypeRef,
        target: Constraints,
    ) -> Constraints {
        if self.docs.dialect(file) != Dialect::V31
            || !matches!(ty, TypeRef::String | TypeRef::Integer | TypeRef::Number)
        {
            return target;
        }
        let own = Constraints {
            one_of: Vec::new(),
            ..self.scalar_constraints(node)
        };
        let (both, dropped) = target.both(&own);
        for keyword in dropped {
            let span = node.key(keyword).map_or(node.span, |k| k.span);
            self.findings.report(
                span,
                &rules::UNSUPPORTED,
                at,
                format!("`{keyword}` beside `$ref` is not checked: the referenced schema has a `{keyword}` of its own, and the two cannot be one check"),
                Some(format!("keep one `{keyword}`, the stricter")),
            );
        }
        both
    }

    /// Whether `node` is an `allOf` of schemas none of which is an object's: one value that
    /// meets them all (`allOf: [{$ref: Code}, {maxLength: 3}]`, 3.0's `allOf: [{$ref: Kind}]`
    /// beside `nullable: true`), not a struct of merged properties.
    fn all_of_a_value(&self, file: FileId, node: &Node) -> bool {
        let members = node.get("allOf").and_then(Node::as_seq).unwrap_or(&[]);
        let object_like = |n: &Node| matches!(shape(n), Shape::Object | Shape::AllOf | Shape::Map);
        !members.is_empty()
            && !object_like_itself(node)
            && members
                .iter()
                .all(|m| self.resolved(file, m).is_some_and(|(_, m)| !object_like(m)))
    }

    /// `node`, or what its `$ref` (a chain of them) names; `None` when unresolved.
    fn resolved(&self, mut file: FileId, mut node: &'a Node) -> Option<(FileId, &'a Node)> {
        for _ in 0..MAX_NESTING {
            let Some(r) = node.get("$ref").and_then(Node::as_str) else {
                return Some((file, node));
            };
            let target = self.docs.resolve(file, r).ok()?;
            (file, node) = (target.file, target.node);
        }
        None
    }

    /// The value an [`all_of_a_value`](Self::all_of_a_value) schema describes: typed by its
    /// first member that says a type, checked by the constraints of every member and its own.
    fn value_of_all(
        &mut self,
        file: FileId,
        node: &'a Node,
        hint: &str,
        at: &Pointer,
        indirect: bool,
    ) -> (TypeRef, Constraints) {
        let members = node.get("allOf").and_then(Node::as_seq).unwrap_or(&[]);
        let mut ty = TypeRef::Any;
        let mut constraints = self.scalar_constraints(node);
        for (i, member) in members.iter().enumerate() {
            let Some((_, resolved)) = self.resolved(file, member) else {
                continue;
            };
            let own = if matches!(ty, TypeRef::Any) && !matches!(shape(resolved), Shape::Any) {
                let (member_ty, c) =
                    self.use_site(file, member, hint, &at.join("allOf").index(i), indirect);
                ty = member_ty;
                c
            } else {
                self.scalar_constraints(resolved)
            };
            let (both, dropped) = constraints.both(&own);
            constraints = both;
            for keyword in dropped {
                self.findings.report(
                    member.span,
                    &rules::UNSUPPORTED,
                    &at.join("allOf").index(i),
                    format!("`{keyword}` is written twice through `allOf`, which cannot be one check yet: only the first is checked"),
                    Some(format!("keep one `{keyword}`, the stricter")),
                );
            }
        }
        (ty, constraints)
    }

    /// An `enum` or `const` the generated code neither types nor checks: only lists of
    /// strings or integers are (`const: true`, `enum: [1.5, 2.5]`, `enum: [1, "x"]` are not).
    fn enum_unchecked(&mut self, node: &Node, at: &Pointer, shape: Shape, values: &[Node]) {
        let typed = matches!(
            shape,
            Shape::StringEnum | Shape::IntEnum | Shape::String | Shape::Ref
        );
        let only_null = values.iter().all(|v| matches!(v.value, Value::Null));
        if typed || only_null {
            return;
        }
        let keyword = if node.get("enum").is_some() {
            "enum"
        } else {
            "const"
        };
        let span = node.key(keyword).map_or(node.span, |k| k.span);
        self.findings.report(
            span,
            &rules::UNSUPPORTED,
            &at.join(keyword),
            format!("`{keyword}` is not checked before sending: the generated code types and checks lists of strings or of integers only (examples are checked against it)"),
            Some("check the value in your own code, or list strings or integers".into()),
        );
    }

    /// Reports constraints of `node` the generated code does not check, and why.
    fn unchecked(&mut self, node: &Node, at: &Pointer, keyword: &str, message: String) {
        let span = node.key(keyword).map_or(node.span, |k| k.span);
        self.findings.report(
            span,
            &rules::UNSUPPORTED,
            at,
            message,
            Some("write the constraints inside each member of an `anyOf`".into()),
        );
    }

    /// 3.1's `prefixItems` of a fixed length (`minItems` as long as the list, and `items:
    /// false` or the same `maxItems`: what `tuple[int, str]` gives) as a Rust tuple, each
    /// position checked with its own constraints. Any other length is a list of JSON values.
    fn tuple(
        &mut self,
        file: FileId,
        node: &'a Node,
        hint: &str,
        at: &Pointer,
    ) -> (TypeRef, Constraints) {
        let prefix = node
            .get("prefixItems")
            .and_then(Node::as_seq)
            .unwrap_or(&[]);
        let len = prefix.len() as u64;
        let closed = node.get("items").and_then(Node::as_bool) == Some(false)
            || node.get("maxItems").and_then(Node::as_u64) == Some(len);
        let fixed = closed && node.get("minItems").and_then(Node::as_u64) == Some(len);
        // std implements `Debug`, `Clone` and `PartialEq` for tuples of up to 12.
        let why = if !fixed || prefix.is_empty() {
            Some("`prefixItems` of a length that can vary")
        } else if prefix.len() > 12 {
            Some("`prefixItems` of more than 12 positions")
        } else if node.get("uniqueItems").and_then(Node::as_bool) == Some(true) {
            Some("`prefixItems` with `uniqueItems`")
        } else {
            None
        };
        if let Some(why) = why {
            self.findings.report(
                node.span,
                &rules::UNSUPPORTED,
                at,
                format!("{why} is kept as a list of JSON values; its items are not checked"),
                Some("give `minItems` and `maxItems` the length of `prefixItems` (12 at most) for a Rust tuple".into()),
            );
            let c = Constraints {
                min_items: node.get("minItems").and_then(Node::as_u64),
                max_items: node.get("maxItems").and_then(Node::as_u64),
                unique_items: node.get("uniqueItems").and_then(Node::as_bool) == Some(true),
                ..Constraints::default()
            };
            return (TypeRef::Array(Box::new(TypeRef::Any)), c);
        }
        let mut types = Vec::new();
        let mut positions = Vec::new();
        for (i, item) in prefix.iter().enumerate() {
            let item_at = at.join("prefixItems").index(i);
            let (ty, c) = self.use_site(file, item, &format!("{hint}Item{i}"), &item_at, false);
            types.push(ty);
            positions.push(c);
        }
        let c = Constraints {
            positions: if positions.iter().any(|c| !c.is_empty()) {
                positions
            } else {
                Vec::new()
            },
            ..Constraints::default()
        };
        (TypeRef::Tuple(types), c)
    }

    fn reference(
        &mut self,
        file: FileId,
        node: &'a Node,
        hint: &str,
        indirect: bool,
    ) -> (TypeRef, Constraints) {
        let reference = node.get("$ref").and_then(Node::as_str).unwrap_or("");
        let Ok(target) = self.docs.resolve(file, reference) else {
            // Reported by the checks as unresolved; the value is kept as raw JSON.
            return (TypeRef::Any, Constraints::default());
        };
        let target_at = self.docs.target_pointer(file, reference);
        let target_hint = target_at
            .as_str()
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .unwrap_or_else(|| hint.to_string());
        if is_named(shape(target.node)) && !self.all_of_a_value(target.file, target.node) {
            let ty = self.named(target.file, target.node, &target_hint, &target_at, indirect);
            (ty, Constraints::default())
        } else {
            // A schema that is not a named type and leads back to itself (`A: array of A`,
            // a `$ref` to itself) has no finite Rust type alias: it is kept as raw JSON.
            let key = addr(target.node);
            if self.inlining.contains(&key) || self.inlining.len() > MAX_NESTING {
                return (TypeRef::Any, Constraints::default());
            }
            self.inlining.push(key);
            let result =
                self.use_site(target.file, target.node, &target_hint, &target_at, indirect);
            self.inlining.pop();
            result
        }
    }

    /// The named type for `node`, defined on first use.
    fn named(
        &mut self,
        file: FileId,
        node: &'a Node,
        hint: &str,
        at: &Pointer,
        indirect: bool,
    ) -> TypeRef {
        let name = match self.by_node.get(&addr(node)) {
            Some(name) => name.clone(),
            None => {
                let name = self.scope.claim(type_name(hint));
                self.by_node.insert(addr(node), name.clone());
                name
            }
        };
        if self.stack.contains(&name) {
            return if indirect {
                TypeRef::Named(name)
            } else {
                TypeRef::Boxed(name)
            };
        }
        if self.stack.len() >= MAX_NESTING && !self.defined.contains(&name) {
            // Boxed: a deferred type may turn out to contain this one.
            self.deferred.push((file, node, name.clone(), at.clone()));
            return if indirect {
                TypeRef::Named(name)
            } else {
                TypeRef::Boxed(name)
            };
        }
        self.define_once(file, node, name.clone(), at);
        TypeRef::Named(name)
    }

    fn define(&mut self, file: FileId, node: &'a Node, name: &str, at: &Pointer) -> TypeKind {
        if let Some((base, family)) = self.families.remove(&addr(node)) {
            return self.family(file, node, name, at, base, family);
        }
        match shape(node) {
            Shape::StringEnum => string_enum(node),
            Shape::IntEnum => int_enum(node),
            Shape::Union => {
                let key = if node.get("oneOf").is_some() {
                    "oneOf"
                } else {
                    "anyOf"
                };
                let members = node.get(key).and_then(Node::as_seq).unwrap_or(&[]);
                let mut scope = Scope::default();
                let mut variants = Vec::new();
                let mut checks = Vec::new();
                // A `null` member makes the union optional where it is used (`use_site`).
                let not_null = members
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| !schema::is_null_only(m));
                for (i, member) in not_null {
                    let hint = format!("{name}Variant{i}");
                    let (ty, c) = self.use_site(file, member, &hint, &at.join(key).index(i), false);
                    let variant = scope.claim(variant_name(&ty));
                    variants.push((variant, ty));
                    checks.push(c);
                }
                if checks.iter().all(Constraints::is_empty) {
                    checks.clear();
                }
                // The tag names members by index among all; variants leave `null` out.
                let kept: Vec<usize> = (0..members.len())
                    .filter(|&i| !schema::is_null_only(&members[i]))
                    .collect();
                let tag = discriminator(self.docs, file, node, members).map(|mut tag| {
                    tag.values = tag
                        .values
                        .into_iter()
                        .filter_map(|(v, i)| Some((v, kept.iter().position(|&k| k == i)?)))
                        .collect();
                    tag
                });
                TypeKind::Union {
                    variants,
                    checks,
                    tag,
                }
            }
            Shape::AllOf if !self.all_of_a_value(file, node) => self.fields(file, node, name, at),
            Shape::Object => self.fields(file, node, name, at),
            _ => TypeKind::Alias {
                target: self.use_site(file, node, name, at, true).0,
            },
        }
    }

    /// The struct of an object schema: its properties and those of its `allOf` members.
    fn fields(&mut self, file: FileId, node: &'a Node, name: &str, at: &Pointer) -> TypeKind {
        let mut fields = Vec::new();
        let mut scope = Scope::default();
        let mut additional = None;
        self.merge_fields(
            file,
            node,
            name,
            at,
            &mut fields,
            &mut scope,
            &mut additional,
            &mut Vec::new(),
        );
        // Requests leave out what only the service sets, responses what only requests send.
        for field in &mut fields {
            field.required &= field.access == Access::ReadWrite;
        }
        let mut dependencies = Vec::new();
        self.dependencies(file, node, &mut dependencies, &mut Vec::new());
        TypeKind::Struct {
            fields,
            additional,
            dependencies,
        }
    }

    /// The `dependentRequired` entries of `node` and of its `allOf` members, theirs first, as
    /// the fields are merged.
    fn dependencies(
        &self,
        file: FileId,
        node: &'a Node,
        out: &mut Vec<(String, Vec<String>)>,
        seen: &mut Vec<usize>,
    ) {
        if seen.contains(&addr(node)) || seen.len() > 256 {
            return;
        }
        seen.push(addr(node));
        for member in node.get("allOf").and_then(Node::as_seq).unwrap_or(&[]) {
            match member.get("$ref").and_then(Node::as_str) {
                Some(r) => {
                    if let Ok(t) = self.docs.resolve(file, r) {
                        self.dependencies(t.file, t.node, out, seen);
                    }
                }
                None => self.dependencies(file, member, out, seen),
            }
        }
        let entries = node.get("dependentRequired").and_then(Node::as_map);
        for (key, needed) in entries.unwrap_or(&[]) {
            let needed = needed.as_seq().unwrap_or(&[]).iter();
            let needed = needed.filter_map(Node::as_str).map(str::to_owned).collect();
            out.push((key.name.clone(), needed));
        }
    }

    /// A base schema that others extend: a union of the struct `base` of its own fields and
    /// of the schemas extending it, decoded by the discriminator.
    fn family(
        &mut self,
        file: FileId,
        node: &'a Node,
        name: &str,
        at: &Pointer,
        base: String,
        family: Family<'a>,
    ) -> TypeKind {
        // Inline types of the base's properties are named after the schema (`PetColor`), as
        // the structs extending it name them the same way.
        let own = self.fields(file, node, name, at);
        self.defined.insert(base.clone());
        let doc = Docs {
            title: None,
            description: Some(format!(
                "[`{name}`] itself: the fields it defines, when its `{}` names none of the \
                 schemas that extend it.",
                family.property
            )),
            deprecated: docs_of(node).deprecated,
        };
        self.types.insert(
            base.clone(),
            TypeDef {
                name: base.clone(),
                doc,
                kind: own,
            },
        );
        let mut scope = Scope::default();
        let mut variants = vec![(scope.claim(base.clone()), TypeRef::Named(base))];
        for (key, member) in &family.members {
            let member_at = Pointer::root().join("components").join("schemas").join(key);
            let ty = self.named(file, member, key, &member_at, false);
            variants.push((scope.claim(variant_name(&ty)), ty));
        }
        TypeKind::Union {
            variants,
            checks: Vec::new(),
            tag: Some(Tag {
                property: family.property,
                values: family.values,
            }),
        }
    }

    /// Collects the properties of `node` and of its `allOf` members into one field list.
    #[allow(clippy::too_many_arguments)]
    fn merge_fields(
        &mut self,
        file: FileId,
        node: &'a Node,
        name: &str,
        at: &Pointer,
        fields: &mut Vec<Field>,
        scope: &mut Scope,
        additional: &mut Option<TypeRef>,
        merged: &mut Vec<usize>,
    ) {
        // Each schema is merged once, however many `allOf`s name it.
        if merged.contains(&addr(node)) || merged.len() > 256 {
            return;
        }
        merged.push(addr(node));
        if let Some(members) = node.get("allOf").and_then(Node::as_seq) {
            for (i, member) in members.iter().enumerate() {
                let (mfile, mnode, mat) = match member.get("$ref").and_then(Node::as_str) {
                    Some(r) => match self.docs.resolve(file, r) {
                        Ok(t) => (
                            t.file,
                            t.node,
                            Pointer::from_fragment(r.split_once('#').map(|(_, f)| f).unwrap_or("")),
                        ),
                        Err(_) => continue,
                    },
                    None => (file, member, at.join("allOf").index(i)),
                };
                self.merge_fields(mfile, mnode, name, &mat, fields, scope, additional, merged);
            }
        }
        // A required property on a cycle no finite value satisfies is one the service must
        // leave out somewhere (the `ref-cycle` finding says so): it is optional here.
        let required: Vec<&str> = node
            .get("required")
            .and_then(Node::as_seq)
            .map(|r| {
                r.iter()
                    .filter_map(Node::as_str)
                    .filter(|name| !self.required_cycles.breaks(node, name))
                    .collect()
            })
            .unwrap_or_default();
        for (key, prop) in node.get("properties").and_then(Node::as_map).unwrap_or(&[]) {
            let (type_part, field_name) = self
                .spelled
                .entry(key.name.as_str())
                .or_insert_with(|| (type_name(&key.name), value_name(&key.name)))
                .clone();
            let hint = format!("{name}{type_part}");
            let prop_at = at.join("properties").join(&key.name);
            let (ty, constraints) = self.use_site(file, prop, &hint, &prop_at, false);
            let is_required = required.contains(&key.name.as_str());
            let mut doc = docs_of(prop);
            // OpenAPI 3.0 ignores siblings of `$ref`: the target describes the field.
            let described = match prop.get("$ref").and_then(Node::as_str) {
                Some(r) => self.docs.resolve(file, r).map_or(prop, |t| t.node),
                None => prop,
            };
            if doc.description.is_none() && doc.title.is_none() {
                doc = docs_of(described);
            }
            let access = access_of(described);
            // A later allOf member defines a property again: its type and docs win, and the
            // value must meet the constraints of both.
            if let Some(existing) = fields.iter_mut().find(|f| f.json_name == key.name) {
                let (combined, dropped) = existing.constraints.both(&constraints);
                for keyword in dropped {
                    self.findings.report(
                        prop.span,
                        &rules::UNSUPPORTED,
                        &prop_at,
                        format!(
                            "property `{}` has two `{keyword}`s through `allOf`, which cannot \
                             be checked together yet: only this one is checked",
                            key.name
                        ),
                        Some("keep the keyword in one of the `allOf` members".into()),
                    );
                }
                existing.ty = ty;
                existing.constraints = combined;
                existing.required |= is_required;
                existing.access = access;
                existing.doc = doc;
                continue;
            }
            fields.push(Field {
                json_name: key.name.clone(),
                rust_name: scope.claim(field_name),
                doc,
                ty,
                required: is_required,
                access,
                constraints,
            });
        }
        for name_required in &required {
            if let Some(f) = fields.iter_mut().find(|f| f.json_name == *name_required) {
                f.required = true;
            }
        }
        if let Some(extra) = node
            .get("additionalProperties")
            .filter(|a| a.as_map().is_some())
        {
            let (ty, _) = self.use_site(
                file,
                extra,
                &format!("{name}Value"),
                &at.join("additionalProperties"),
                true,
            );
            *additional = Some(ty);
        }
    }

    /// The struct of a `multipart/form-data` body: the object's properties (its `allOf`
    /// members merged) with `format: binary` ones, or arrays of them, as bytes. Defined under
    /// a name of its own, since its fields differ from the schema's JSON form. `None` when the
    /// schema is not an object. `node` is the schema itself (the caller follows `$ref`s).
    pub fn multipart_struct(
        &mut self,
        file: FileId,
        node: &'a Node,
        hint: &str,
        at: &Pointer,
    ) -> Option<(TypeRef, Vec<Field>)> {
        if !matches!(shape(node), Shape::Object | Shape::AllOf) {
            return None;
        }
        let name = self.scope.claim(type_name(hint));
        let mut fields = Vec::new();
        let mut additional = None;
        self.stack.push(name.clone());
        self.merge_fields(
            file,
            node,
            &name,
            at,
            &mut fields,
            &mut Scope::default(),
            &mut additional,
            &mut Vec::new(),
        );
        self.stack.pop();
        // A request body: what only the service sets need not be sent.
        for field in &mut fields {
            field.required &= field.access != Access::ReadOnly;
        }
        let binary = self.binary_properties(file, node, &mut Vec::new());
        for field in fields.iter_mut().filter(|f| binary.contains(&f.json_name)) {
            field.ty = bytes_of(&field.ty);
            field.constraints = Constraints::default();
        }
        let mut dependencies = Vec::new();
        self.dependencies(file, node, &mut dependencies, &mut Vec::new());
        self.defined.insert(name.clone());
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                doc: docs_of(node),
                kind: TypeKind::Struct {
                    fields: fields.clone(),
                    additional: None,
                    dependencies,
                },
            },
        );
        Some((TypeRef::Named(name), fields))
    }

    /// Names of the properties of `node` and its `allOf` members that are `format: binary`
    /// strings or arrays of them.
    fn binary_properties(
        &self,
        file: FileId,
        node: &'a Node,
        seen: &mut Vec<usize>,
    ) -> Vec<String> {
        if seen.contains(&addr(node)) || seen.len() > 256 {
            return Vec::new();
        }
        seen.push(addr(node));
        let resolve = |file: FileId, n: &'a Node| match n.get("$ref").and_then(Node::as_str) {
            Some(r) => self.docs.resolve(file, r).ok().map(|t| (t.file, t.node)),
            None => Some((file, n)),
        };
        // 3.0 says `format: binary`; 3.1 a `contentMediaType` without a `contentEncoding`
        // (with one, the part is text: base64, say), which FastAPI writes for an upload.
        let is_binary = |n: &Node| {
            schema::types(n).single() == Some("string")
                && (n.get("format").and_then(Node::as_str) == Some("binary")
                    || (n.get("contentMediaType").is_some() && n.get("contentEncoding").is_none()))
        };
        let mut out = Vec::new();
        for member in node.get("allOf").and_then(Node::as_seq).unwrap_or(&[]) {
            if let Some((mfile, mnode)) = resolve(file, member) {
                out.extend(self.binary_properties(mfile, mnode, seen));
            }
        }
        for (key, prop) in node.get("properties").and_then(Node::as_map).unwrap_or(&[]) {
            let Some((pfile, prop)) = resolve(file, prop) else {
                continue;
            };
            let items = prop
                .get("items")
                .and_then(|i| resolve(pfile, i))
                .map(|(_, i)| i);
            if is_binary(prop) || items.is_some_and(is_binary) {
                out.push(key.name.clone());
            }
        }
        out
    }

    /// String and number constraints of a primitive schema (and `enum` kept as a list).
    pub fn scalar_constraints(&mut self, node: &Node) -> Constraints {
        let pattern = node.get("pattern").and_then(|p| p.as_str().map(|s| (p, s)));
        // A pattern the engine cannot run is reported by the `pattern-unsupported` rule (an
        // error when generating); here it is only left out.
        let pattern = match pattern.map(|(_, s)| self.patterns.classify(s)) {
            Some(PatternClass::Supported(rust)) => Some(rust),
            _ => None,
        };
        let (lower, upper) = (schema::lower_bound(node), schema::upper_bound(node));
        Constraints {
            min_length: node.get("minLength").and_then(Node::as_u64),
            max_length: node.get("maxLength").and_then(Node::as_u64),
            pattern,
            minimum: lower.map(|b| b.value),
            exclusive_minimum: lower.is_some_and(|b| b.exclusive),
            maximum: upper.map(|b| b.value),
            exclusive_maximum: upper.is_some_and(|b| b.exclusive),
            multiple_of: finite(node, "multipleOf"),
            one_of: schema::enum_values(node)
                .map(|v| {
                    v.iter()
                        .filter_map(Node::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            secret: node.get("format").and_then(Node::as_str) == Some("password")
                || node.get("writeOnly").and_then(Node::as_bool) == Some(true),
            ..Constraints::default()
        }
    }
}

/// `ty` allowing `null` too: raw JSON holds `null` already, and an `Option` is not doubled.
fn nullable_of(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Any | TypeRef::Nullable(_) => ty,
        other => TypeRef::Nullable(Box::new(other)),
    }
}

/// A numeric keyword of `node` when it is a finite number: anything else is a
/// `number-invalid` finding, and a literal no Rust `f64` can spell.
fn finite(node: &Node, keyword: &str) -> Option<f64> {
    node.get(keyword)
        .and_then(Node::as_f64)
        .filter(|n| n.is_finite())
}

fn string_enum(node: &Node) -> TypeKind {
    let mut scope = Scope::new(&["Unknown"]);
    let descriptions = enum_descriptions(node);
    let listed = schema::enum_values(node).unwrap_or(&[]);
    let variants = listed
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.as_str().map(|s| (i, s)))
        // A value listed twice is one variant (a second `match` arm would be unreachable).
        .filter(|(i, value)| {
            !listed[..*i]
                .iter()
                .any(|earlier| earlier.as_str() == Some(value))
        })
        .map(|(i, value)| Variant {
            name: scope.claim(type_name(value)),
            value: value.to_string(),
            doc: descriptions.get(i).cloned(),
        })
        .collect();
    TypeKind::StringEnum {
        variants,
        closed: is_const(node),
    }
}

fn int_enum(node: &Node) -> TypeKind {
    let values: Vec<i64> = schema::enum_values(node)
        .unwrap_or(&[])
        .iter()
        .filter_map(|v| match v.value {
            Value::Int(i) => Some(i),
            _ => None,
        })
        .collect();
    let names: Vec<&str> = node
        .get("x-enum-varnames")
        .and_then(Node::as_seq)
        .map(|n| n.iter().filter_map(Node::as_str).collect())
        .unwrap_or_default();
    let descriptions = enum_descriptions(node);
    let mut scope = Scope::new(&["Unknown"]);
    let variants = values
        .iter()
        .enumerate()
        // A value listed twice is one variant.
        .filter(|(i, value)| !values[..*i].contains(value))
        .map(|(i, &value)| {
            let wanted = match names.get(i).filter(|_| names.len() == values.len()) {
                Some(n) => type_name(n),
                None if value < 0 => format!("Minus{}", value.unsigned_abs()),
                None => format!("V{value}"),
            };
            Variant {
                name: scope.claim(wanted),
                value,
                doc: descriptions.get(i).cloned(),
            }
        })
        .collect();
    TypeKind::IntEnum {
        variants,
        closed: is_const(node),
    }
}

/// A 3.1 `const` (no `enum`): the one value the schema allows.
fn is_const(node: &Node) -> bool {
    node.get("const").is_some() && node.get("enum").is_none()
}

fn enum_descriptions(node: &Node) -> Vec<String> {
    node.get("x-enum-descriptions")
        .and_then(Node::as_seq)
        .map(|d| {
            d.iter()
                .filter_map(Node::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A union variant's name, from what it holds.
/// The union's discriminator, when it names a property and at least one member is a `$ref`
/// the property's value can select.
fn discriminator(docs: &DocSet, file: FileId, node: &Node, members: &[Node]) -> Option<Tag> {
    let d = node.get("discriminator")?;
    let property = d.get("propertyName").and_then(Node::as_str)?.to_string();
    let refs: Vec<Option<&str>> = members
        .iter()
        .map(|m| m.get("$ref").and_then(Node::as_str))
        .collect();
    let targets: Vec<Option<*const Node>> = refs
        .iter()
        .map(|r| {
            r.and_then(|r| docs.resolve(file, r).ok())
                .map(|t| t.node as *const Node)
        })
        .collect();
    // A schema's name: the last segment of a reference to it.
    let schema_name = |r: &str| r.rsplit('/').next().unwrap_or(r).to_string();
    let mut values: Vec<(String, usize)> = Vec::new();
    let add = |values: &mut Vec<(String, usize)>, value: String, index: usize| {
        if !values.iter().any(|(v, _)| *v == value) {
            values.push((value, index));
        }
    };
    for (value, target) in d.get("mapping").and_then(Node::as_map).unwrap_or(&[]) {
        let Some(target) = target.as_str() else {
            continue;
        };
        let found = crate::base::discriminator::target(docs, file, target).and_then(|t| {
            targets
                .iter()
                .position(|m| m.is_some_and(|m| std::ptr::eq(m, t.node)))
        });
        if let Some(index) = found {
            add(&mut values, value.name.clone(), index);
        }
    }
    // A schema the mapping names is selected by its mapping values only (OpenAPI: "rather
    // than the default (implicit) value"); the others by their schema name.
    let mapped: Vec<usize> = values.iter().map(|(_, i)| *i).collect();
    for (index, r) in refs.iter().enumerate() {
        if let Some(r) = r.filter(|_| !mapped.contains(&index)) {
            add(&mut values, schema_name(r), index);
        }
    }
    (!values.is_empty()).then_some(Tag { property, values })
}

/// `ty` with its strings as bytes (a binary property: `String`, `Option`al or in a list).
fn bytes_of(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::String => TypeRef::Bytes,
        TypeRef::Array(inner) => TypeRef::Array(Box::new(bytes_of(inner))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(bytes_of(inner))),
        other => other.clone(),
    }
}

fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Integer => "Integer".into(),
        TypeRef::Number => "Number".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Any => "Value".into(),
        TypeRef::Named(n) | TypeRef::Boxed(n) => n.clone(),
        TypeRef::Array(inner) => format!("{}List", variant_name(inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_name(inner)),
        TypeRef::Nullable(inner) => variant_name(inner),
        TypeRef::Tuple(_) => "Tuple".into(),
        TypeRef::Bytes => "Bytes".into(),
    }
}
