//! JSON Schema 2020-12's identifiers (OpenAPI 3.1): schema resources named by `$id` and
//! places named by `$anchor` or `$dynamicAnchor`, for the `$ref`s that name them instead of a
//! file and a JSON pointer (`https://example.com/schemas/tree`, `tree`, `#/$defs/leaf`).
//!
//! A `$ref` resolves against the base URI of the schema it is written in (its nearest
//! `$id`). Lookups name a reference by its text only, so the index also notes, for every
//! `$ref` written inside a resource, that base, keyed by where the text of the `$ref` lives in
//! memory: the trees never change once loaded, and callers pass the text they read from the
//! tree. A text that is not a `$ref` of the trees resolves against the document's own base.

use std::collections::HashMap;

use super::node::{Node, Value};
use super::source::FileId;

/// Where an identifier leads: the file and the entry indices down to the node.
type Target = (FileId, Vec<u32>);

/// Every identifier of the loaded files.
#[derive(Debug, Default)]
pub struct Ids {
    /// Absolute (or, in a document without a base, relative) URIs of resources, and
    /// `URI#anchor` of anchors, to where they are.
    by_uri: HashMap<String, Target>,
    /// The base URI of each `$ref` written inside a resource, by the address and length of
    /// the reference's text.
    ref_bases: HashMap<(usize, usize), String>,
}

impl Ids {
    /// Indexes the identifiers of `tree`, a file of the set.
    pub fn add(&mut self, file: FileId, tree: &Node) {
        self.index(file, tree, "", &mut Vec::new());
    }

    fn index(&mut self, file: FileId, node: &Node, base: &str, path: &mut Vec<u32>) {
        let mut here = base.to_owned();
        let children: Vec<&Node> = match &node.value {
            Value::Map(entries) => entries.iter().map(|(_, child)| child).collect(),
            Value::Seq(items) => items.iter().collect(),
            _ => return,
        };
        if let Some(id) = node.get("$id").and_then(Node::as_str) {
            here = join(base, id.split('#').next().unwrap_or(id));
            let at = (file, path.clone());
            self.by_uri.entry(here.clone()).or_insert(at);
        }
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(anchor) = node.get(key).and_then(Node::as_str) {
                let at = (file, path.clone());
                self.by_uri.entry(format!("{here}#{anchor}")).or_insert(at);
            }
        }
        if let Some(reference) = node.get("$ref").and_then(Node::as_str) {
            if !here.is_empty() && !reference.is_empty() {
                self.ref_bases.insert(text_key(reference), here.clone());
            }
        }
        for (i, child) in children.into_iter().enumerate() {
            path.push(i as u32);
            self.index(file, child, &here, path);
            path.pop();
        }
    }

    /// The place `reference` names by identifier, resolved against the base of the schema it
    /// is written in (see the module's docs).
    pub fn lookup<'t>(
        &self,
        reference: &str,
        tree: impl Fn(FileId) -> Option<&'t Node>,
    ) -> Option<Target> {
        let base = self
            .ref_bases
            .get(&text_key(reference))
            .map_or("", String::as_str);
        self.target(&join(base, reference), &tree)
    }

    /// Whether `reference` is the text of a `$ref` written inside a resource.
    pub fn has_base(&self, reference: &str) -> bool {
        self.ref_bases.contains_key(&text_key(reference))
    }

    /// The place an absolute URI names: a resource, an anchor in one, or a JSON pointer
    /// below one.
    fn target<'t>(&self, uri: &str, tree: &impl Fn(FileId) -> Option<&'t Node>) -> Option<Target> {
        if let Some(target) = self.by_uri.get(uri) {
            return Some(target.clone());
        }
        let (resource, fragment) = uri.split_once('#')?;
        let pointer = super::percent_decode(fragment);
        if !pointer.starts_with('/') {
            return None;
        }
        let (file, path) = self.by_uri.get(resource)?;
        let node = tree(*file)?.at_path(path)?;
        let below = node.pointer_path(&pointer)?;
        Some((*file, path.iter().copied().chain(below).collect()))
    }
}

/// Where a text lives in memory, and its length: which `$ref` it is.
fn text_key(text: &str) -> (usize, usize) {
    (text.as_ptr() as usize, text.len())
}

/// `reference` resolved against `base` (RFC 3986, section 5.2, for the hierarchical URIs
/// schemas use): an absolute reference stands alone, `#...` replaces the fragment, `/...`
/// the path, and anything else replaces the base's last segment.
fn join(base: &str, reference: &str) -> String {
    let has_scheme = |s: &str| {
        s.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        })
    };
    if has_scheme(reference) || base.is_empty() {
        return reference.to_owned();
    }
    let base = base.split('#').next().unwrap_or(base);
    if reference.starts_with('#') {
        return format!("{base}{reference}");
    }
    let authority_end = base
        .find("://")
        .map(|i| i + 3 + base[i + 3..].find('/').unwrap_or(base.len() - i - 3))
        .unwrap_or(0);
    if reference.starts_with('/') {
        return format!("{}{reference}", &base[..authority_end]);
    }
    let directory = match base[authority_end..].rfind('/') {
        Some(i) => &base[..authority_end + i + 1],
        None => &base[..authority_end],
    };
    let joined = if directory.ends_with('/') || directory.is_empty() {
        format!("{directory}{reference}")
    } else {
        format!("{directory}/{reference}")
    };
    remove_dot_segments(&joined, authority_end)
}

/// `./` and `../` segments of the path after `start` removed.
fn remove_dot_segments(uri: &str, start: usize) -> String {
    let (head, path) = uri.split_at(start);
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
            }
            s => out.push(s),
        }
        if i == segments.len() - 1 && matches!(*segment, "." | "..") {
            out.push("");
        }
    }
    format!("{head}{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn references_join_their_base_as_uris_do() {
        let base = "https://catalog.example.com/schemas/category-tree";
        assert_eq!(
            join(base, "tree"),
            "https://catalog.example.com/schemas/tree"
        );
        assert_eq!(join(base, "#node"), format!("{base}#node"));
        assert_eq!(join(base, "/other"), "https://catalog.example.com/other");
        assert_eq!(join(base, "../geo"), "https://catalog.example.com/geo");
        assert_eq!(join(base, "urn:example:x"), "urn:example:x");
        assert_eq!(join("", "#node"), "#node");
        assert_eq!(join("https://a.example/x/", "y"), "https://a.example/x/y");
    }
}

#[cfg(test)]
mod resolving {
    use crate::load::DocSet;

    const DOCUMENT: &str = r##"
a:
  $id: https://example.com/schemas/a
  $defs:
    inner:
      $anchor: inner
      type: string
  properties:
    x:
      $ref: '#/$defs/inner'
b:
  $id: https://example.com/schemas/b
  $defs:
    inner:
      type: integer
  properties:
    x:
      $ref: '#/$defs/inner'
    up:
      $ref: a
"##;

    fn pointer(docs: &DocSet, reference: &str) -> Result<String, String> {
        let file = docs.entries[0];
        docs.resolve(file, reference)?;
        Ok(docs.target_pointer(file, reference).as_str().to_owned())
    }

    /// Where the `$ref` at `at` (the pointer of the `$ref` itself) leads.
    fn pointer_of_ref(docs: &DocSet, at: &str) -> Result<String, String> {
        let tree = docs.tree(docs.entries[0]).expect("parsed");
        let reference = tree.pointer(at).and_then(|n| n.as_str()).expect("a $ref");
        pointer(docs, reference)
    }

    #[test]
    fn references_by_id_and_anchor_resolve() {
        let docs = DocSet::from_text("ids.yaml", DOCUMENT);
        assert_eq!(
            pointer(&docs, "https://example.com/schemas/a").as_deref(),
            Ok("/a")
        );
        assert_eq!(
            pointer(&docs, "https://example.com/schemas/a#inner").as_deref(),
            Ok("/a/$defs/inner")
        );
        assert_eq!(
            pointer(&docs, "https://example.com/schemas/b#/$defs/inner").as_deref(),
            Ok("/b/$defs/inner")
        );
        assert!(pointer(&docs, "https://example.com/schemas/none").is_err());
    }

    #[test]
    fn a_reference_resolves_against_the_schema_it_is_written_in() {
        let docs = DocSet::from_text("ids.yaml", DOCUMENT);
        // The same text in two resources: each its own `$defs`.
        assert_eq!(
            pointer_of_ref(&docs, "/a/properties/x/$ref").as_deref(),
            Ok("/a/$defs/inner")
        );
        assert_eq!(
            pointer_of_ref(&docs, "/b/properties/x/$ref").as_deref(),
            Ok("/b/$defs/inner")
        );
        assert_eq!(
            pointer_of_ref(&docs, "/b/properties/up/$ref").as_deref(),
            Ok("/a")
        );
        // Written nowhere in a resource, `a` is a file name, and there is no such file.
        assert!(pointer(&docs, "a").is_err());
    }
}
