//! Where checks report what they find.

/// Receives each broken constraint: the schema keyword (`maxLength`) and what is wrong, in
/// words (`70 characters, at most 64 allowed`).
pub trait Sink {
    /// Records one broken constraint.
    fn push(&mut self, keyword: &'static str, message: String);
}

impl<F: FnMut(&'static str, String)> Sink for F {
    fn push(&mut self, keyword: &'static str, message: String) {
        self(keyword, message)
    }
}
