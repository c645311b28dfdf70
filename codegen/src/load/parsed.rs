//! What a reader returns: the tree of one file and what it could not accept.

use super::node::{Node, Span};

/// What the reader could not accept, at the position it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadProblem {
    pub rule: &'static str,
    pub span: Span,
    pub message: String,
    pub hint: Option<String>,
}

/// A parsed file: the tree (absent when the syntax is broken) and what was wrong.
#[derive(Debug)]
pub struct Parsed {
    pub root: Option<Node>,
    pub problems: Vec<ReadProblem>,
}
