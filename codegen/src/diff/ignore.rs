//! Changes accepted on purpose, listed in an ignore file: one per line, a check id and, to
//! accept it for one operation only, the operation as `diff` prints it (`METHOD /path`);
//! `#` starts a comment.
//!
//! ```text
//! # VPC names were never longer than 32 characters in practice.
//! request-constraint-narrowed PUT /v3/{project_id}/vpc/security-groups/{security_group_id}
//! response-enum-value-added
//! ```

use super::Change;

/// The accepted changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ignore {
    entries: Vec<(String, Option<String>)>,
}

impl Ignore {
    /// Reads an ignore file's text.
    pub fn parse(text: &str) -> Ignore {
        let entries = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or("").trim())
            .filter(|line| !line.is_empty())
            .map(|line| match line.split_once(char::is_whitespace) {
                Some((id, operation)) => (id.to_owned(), Some(operation.trim().to_owned())),
                None => (line.to_owned(), None),
            })
            .collect();
        Ignore { entries }
    }

    /// Whether `change` is accepted.
    pub fn accepts(&self, change: &Change) -> bool {
        self.entries.iter().any(|(id, operation)| {
            id == change.check.id && operation.as_ref().is_none_or(|op| *op == change.operation)
        })
    }
}
