//! Source files as loaded: their text, the name findings print, and an id nodes refer to.

use std::path::PathBuf;

/// Index of a file in a [`crate::load::DocSet`]; nodes carry it in their spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// One loaded file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the file was reached (canonical when it exists), for loading neighbours.
    pub path: PathBuf,
    /// The path as findings print it: relative to the working directory when possible.
    pub display: String,
    pub text: String,
}

impl SourceFile {
    /// The text of 1-based line `line`, without its line break (for the caret display).
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.text.lines().nth(index)
    }
}
