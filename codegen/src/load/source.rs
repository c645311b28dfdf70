//! Source files as loaded: their text, the name findings print, and an id nodes refer to.

use std::path::PathBuf;
use std::sync::OnceLock;

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
    /// The file's whole content.
    pub text: String,
    /// Byte offsets where lines start, computed on first use: rendering hundreds of
    /// findings of a large file must not scan it from the top for each.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A loaded file: `path` to reach its neighbours, `display` for findings, and its `text`.
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        SourceFile {
            path,
            display,
            text,
            line_starts: OnceLock::new(),
        }
    }

    /// The text of 1-based line `line`, without its line break (for the caret display).
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let start = *starts.get(index)?;
        let end = starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let text = self.text.get(start..end)?;
        Some(text.strip_suffix('\r').unwrap_or(text))
    }
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    #[test]
    fn lines_by_number() {
        let f = SourceFile::new("x".into(), "x".into(), "a\r\nb\n\nc".into());
        assert_eq!(f.line_text(1), Some("a"));
        assert_eq!(f.line_text(2), Some("b"));
        assert_eq!(f.line_text(3), Some(""));
        assert_eq!(f.line_text(4), Some("c"));
        assert_eq!(f.line_text(5), None);
        assert_eq!(f.line_text(0), None);
    }
}
