//! What an edit of the documents breaks: two revisions compared operation by operation,
//! each change classified for HTTP clients written against the old revision (`checks.rs`)
//! and for Rust code using the crate generated from it (`rust.rs`, from the lowered IR).
//!
//! One direction-aware comparison of schemas (`schema.rs`) serves every place a schema
//! appears: in a request, what narrows what a client may send breaks it; in a response,
//! what widens what it may receive. A change inside a `$ref`'d component is met, and
//! reported, under every operation that uses it, in the direction it is used there;
//! references are followed on both sides, so moving a schema into a component with the same
//! meaning, reordering keys or editing a description reports nothing.

pub mod checks;
pub mod ignore;
mod operations;
pub mod render;
mod rust;
mod schema;
pub mod source;

use std::rc::Rc;

use crate::ir::Api;
use crate::load::node::{Node, Span};
use crate::load::source::FileId;
use crate::load::DocSet;

pub use checks::{Check, Http, Rust};

/// Which revision locates a change: what was removed is shown where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The old revision.
    Old,
    /// The new revision.
    New,
}

/// Which way the value a change is about travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Sent by the client: parameters and the request body.
    Request,
    /// Received by the client: response bodies.
    Response,
}

/// Where inside an operation a change is, for the Rust classification: the parameter, or
/// the property names from the body's root (`[]` for array items, `*` for map values).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// The operation itself (added, removed, renamed, its security or servers).
    Operation,
    /// A parameter, by location and name, and the path inside its schema.
    Parameter(String, String, Vec<String>),
    /// The request body, and the path inside its schema.
    Body(Vec<String>),
    /// A response, by status key, and the path inside its schema.
    Response(String, Vec<String>),
}

/// One change between the revisions.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The check that found it.
    pub check: Check,
    /// What it means for HTTP clients.
    pub http: Http,
    /// What it means for Rust code using the generated crate.
    pub rust: Rust,
    /// The operation affected, `METHOD /path` (the path as the locating revision writes it).
    pub operation: String,
    /// The revision that locates it.
    pub side: Side,
    /// The file (as the locating revision's documents name it).
    pub file: String,
    /// 1-based line in that file.
    pub line: u32,
    /// 1-based column in that file.
    pub column: u32,
    /// JSON pointer of the located node in that file.
    pub pointer: String,
    /// What changed, in words.
    pub message: String,
    /// Where inside the operation.
    pub place: Place,
    /// Which way the changed value travels, when it is a value.
    pub direction: Option<Direction>,
}

/// A node of one revision, with the file it is in and its pointer there.
#[derive(Debug, Clone)]
pub(crate) struct At<'d> {
    pub file: FileId,
    pub node: &'d Node,
    pub pointer: Pointer<'d>,
}

/// A JSON pointer built step by step as the comparison descends, written out only for the
/// few nodes a change is reported at (most nodes visited are never reported).
#[derive(Debug, Clone)]
pub(crate) struct Pointer<'d>(Rc<Step<'d>>);

#[derive(Debug)]
enum Step<'d> {
    Root(String),
    Key(Pointer<'d>, &'d str),
    Index(Pointer<'d>, usize),
}

impl<'d> Pointer<'d> {
    /// The pointer `text` (already escaped; empty for the root).
    pub fn of(text: impl Into<String>) -> Self {
        Pointer(Rc::new(Step::Root(text.into())))
    }

    fn render(&self, out: &mut String) {
        match &*self.0 {
            Step::Root(text) => out.push_str(text),
            Step::Key(parent, key) => {
                parent.render(out);
                out.push('/');
                out.push_str(&crate::load::node::escape_token(key));
            }
            Step::Index(parent, index) => {
                parent.render(out);
                out.push('/');
                out.push_str(&index.to_string());
            }
        }
    }

    /// The pointer as text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.render(&mut out);
        out
    }
}

impl<'d> At<'d> {
    /// The entry `key` of this node, if it has one.
    pub fn get(&self, key: &str) -> Option<At<'d>> {
        let (name, node) = self
            .node
            .as_map()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, n)| (k.name.as_str(), n))?;
        Some(At {
            file: self.file,
            node,
            pointer: Pointer(Rc::new(Step::Key(self.pointer.clone(), name))),
        })
    }

    /// Item `index` of this sequence.
    pub fn item(&self, index: usize) -> Option<At<'d>> {
        let node = self.node.as_seq()?.get(index)?;
        Some(At {
            file: self.file,
            node,
            pointer: Pointer(Rc::new(Step::Index(self.pointer.clone(), index))),
        })
    }

    /// The node its `$ref`s lead to (itself when it has none, or one cannot be followed).
    pub fn follow(self, docs: &'d DocSet) -> At<'d> {
        let mut at = self;
        for _ in 0..64 {
            let Some(reference) = at.node.get("$ref").and_then(Node::as_str) else {
                break;
            };
            let Ok(target) = docs.resolve(at.file, reference) else {
                break;
            };
            at = At {
                file: target.file,
                node: target.node,
                pointer: Pointer::of(
                    reference
                        .split_once('#')
                        .map(|(_, p)| p.to_owned())
                        .unwrap_or_default(),
                ),
            };
        }
        at
    }
}

/// The two revisions being compared.
#[derive(Clone, Copy)]
pub(crate) struct Revisions<'d> {
    pub old: &'d DocSet,
    pub new: &'d DocSet,
}

impl<'d> Revisions<'d> {
    fn docs(&self, side: Side) -> &'d DocSet {
        match side {
            Side::Old => self.old,
            Side::New => self.new,
        }
    }
}

/// What a change is found as, before it is located and classified for Rust.
pub(crate) struct Found<'d> {
    pub check: Check,
    pub side: Side,
    pub at: At<'d>,
    pub message: String,
    pub place: Place,
    pub direction: Option<Direction>,
}

/// Every change from `old` to `new`, classified: `old_apis` and `new_apis` are the lowered
/// IR of each (one `Api` per entry document), for the Rust class. Sorted by operation,
/// then by location.
pub fn compare(old: &DocSet, new: &DocSet, old_apis: &[Api], new_apis: &[Api]) -> Vec<Change> {
    let revisions = Revisions { old, new };
    let found = operations::compare(revisions);
    let mut rust = rust::Rust::new(old_apis, new_apis);
    let mut changes: Vec<Change> = found
        .into_iter()
        .map(|f| {
            let (op_key, operation) = f.operation;
            let rust_class = rust.classify(&op_key, &f.found);
            locate(revisions, f.found, operation, rust_class)
        })
        .collect();
    changes.extend(rust.unexplained(revisions, &changes));
    changes.sort_by(|a, b| {
        (&a.operation, a.side, &a.file, a.line, a.column, a.check.id).cmp(&(
            &b.operation,
            b.side,
            &b.file,
            b.line,
            b.column,
            b.check.id,
        ))
    });
    changes.dedup_by(|a, b| {
        a.check == b.check
            && a.operation == b.operation
            && a.file == b.file
            && a.line == b.line
            && a.column == b.column
            && a.message == b.message
    });
    changes
}

/// Turns a finding into a change at its file, line and column.
fn locate(revisions: Revisions<'_>, found: Found<'_>, operation: String, rust: Rust) -> Change {
    let docs = revisions.docs(found.side);
    let Span { file, line, column } = found.at.node.span;
    let file = docs
        .file(file)
        .map(|f| f.display.clone())
        .unwrap_or_default();
    Change {
        check: found.check,
        http: found.check.http,
        rust,
        operation,
        side: found.side,
        file,
        line,
        column,
        pointer: found.at.pointer.text(),
        message: found.message,
        place: found.place,
        direction: found.direction,
    }
}
