//! What a reader returns: the tree of one file and what it could not accept.

use std::collections::HashMap;

use super::node::{Key, Node, Span};

/// What the reader could not accept, at the position it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadProblem {
    /// Id of the rule it breaks (`syntax` or `duplicate-key`).
    pub rule: &'static str,
    /// Where the problem is.
    pub span: Span,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when the reader can tell.
    pub hint: Option<String>,
}

/// A parsed file: the tree (absent when the syntax is broken) and what was wrong.
#[derive(Debug)]
pub struct Parsed {
    /// The tree of the file; `None` when its syntax is broken.
    pub root: Option<Node>,
    /// What the reader could not accept, in the order met.
    pub problems: Vec<ReadProblem>,
}

/// Mappings with this many keys get a hash index for the duplicate check.
const INDEX_FROM: usize = 32;

/// The keys of a mapping being read, for the duplicate-key check both readers make: scanned
/// while there are few, hashed from `INDEX_FROM` keys on (hashing every small mapping's keys
/// cost more than scanning them).
#[derive(Debug, Default)]
pub struct KeySet {
    index: Option<HashMap<String, usize>>,
}

impl KeySet {
    /// Where `name` is already a key of `entries`, if it is.
    pub fn first(&self, entries: &[(Key, Node)], name: &str) -> Option<Span> {
        match &self.index {
            Some(index) => index.get(name).map(|&i| entries[i].0.span),
            None => entries
                .iter()
                .find(|(k, _)| k.name == name)
                .map(|(k, _)| k.span),
        }
    }

    /// Notes that `name` is the key of the entry about to be pushed onto `entries`.
    pub fn record(&mut self, entries: &[(Key, Node)], name: &str) {
        if entries.len() >= INDEX_FROM {
            let index = self.index.get_or_insert_with(|| {
                entries
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.name.clone(), i))
                    .collect()
            });
            index.insert(name.to_string(), entries.len());
        }
    }
}

/// The finding for a key repeated at `span` (the first one at `first`); the repeat is dropped.
pub fn duplicate_key(name: &str, span: Span, first: Span) -> ReadProblem {
    ReadProblem {
        rule: "duplicate-key",
        span,
        message: format!(
            "duplicate key `{name}` (first defined on line {}); this entry is ignored",
            first.line
        ),
        hint: Some("remove or rename one of the two entries".into()),
    }
}
