//! `allOf` inheritance with a `discriminator`, OpenAPI 3.0's polymorphism: a component schema
//! with a `discriminator` that other components extend (`allOf: [$ref: Pet, ...]`, directly or
//! through one another) stands for itself or any of them. Where `Pet` is used, a `Cat` may
//! come, with fields a `Pet` struct would drop; so `Pet` becomes a union of its own fields
//! (a `PetBase` struct) and of the schemas extending it, decoded by the tag.

use crate::base::discriminator::{extends, target};
use crate::load::node::{Key, Node};
use crate::load::source::FileId;
use crate::load::DocSet;

/// A base schema and the schemas extending it.
#[derive(Clone)]
pub struct Family<'a> {
    /// The discriminator's `propertyName`.
    pub property: String,
    /// The component schemas extending the base, by key (sorted).
    pub members: Vec<(String, &'a Node)>,
    /// Each tag value and what it selects: 0 for the base, `i` for `members[i - 1]`. From
    /// `mapping` first, then the component keys (the base's own included), without repeats.
    pub values: Vec<(String, usize)>,
}

/// The family of the component `base` (named `base_key`) among `components` (sorted by key),
/// when it has a discriminator and at least one schema extending it.
pub fn family<'a>(
    docs: &DocSet,
    file: FileId,
    base_key: &str,
    base: &Node,
    components: &[(&'a Key, &'a Node)],
) -> Option<Family<'a>> {
    let discriminator = base.get("discriminator")?;
    let property = discriminator
        .get("propertyName")
        .and_then(Node::as_str)?
        .to_string();
    let members: Vec<(String, &'a Node)> = components
        .iter()
        .filter(|(_, node)| !std::ptr::eq(*node, base))
        .filter(|(_, node)| extends(docs, file, node, base))
        .map(|(key, node)| (key.name.clone(), *node))
        .collect();
    if members.is_empty() {
        return None;
    }
    let mut values: Vec<(String, usize)> = Vec::new();
    let mut add = |value: &str, index: usize| {
        if !values.iter().any(|(v, _)| v == value) {
            values.push((value.to_string(), index));
        }
    };
    let family_index = |named: &str| -> Option<usize> {
        let node = target(docs, file, named)?.node;
        if std::ptr::eq(node, base) {
            return Some(0);
        }
        members
            .iter()
            .position(|(_, n)| std::ptr::eq(*n, node))
            .map(|i| i + 1)
    };
    let mut mapped = Vec::new();
    for (value, target) in discriminator
        .get("mapping")
        .and_then(Node::as_map)
        .unwrap_or(&[])
    {
        if let Some(index) = target.as_str().and_then(family_index) {
            add(&value.name, index);
            mapped.push(index);
        }
    }
    // A schema the mapping names is selected by its mapping values only (as for `oneOf`).
    if !mapped.contains(&0) {
        add(base_key, 0);
    }
    for (i, (key, _)) in members.iter().enumerate() {
        if !mapped.contains(&(i + 1)) {
            add(key, i + 1);
        }
    }
    Some(Family {
        property,
        members,
        values,
    })
}
