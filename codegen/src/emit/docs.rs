//! Doc comments from the documents' prose: kept as written, but shaped so rustdoc and clippy
//! read it as intended (list continuations indented, angle brackets not taken for HTML).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `paragraphs`, each a markdown paragraph; empty ones are skipped.
pub fn doc_attrs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        let shaped = shape(paragraph);
        if shaped.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(shaped);
    }
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #(#[doc = #lines])* }
}

/// One paragraph as doc lines.
fn shape(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The indentation a continuation line needs to stay inside the current list item.
    let mut item_indent: Option<usize> = None;
    for raw in text.trim().lines() {
        let line = escape_html(raw.trim_end());
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            item_indent = None;
            out.push(String::new());
            continue;
        }
        if let Some(marker) = list_marker(trimmed) {
            item_indent = Some(indent + marker);
            out.push(line.clone());
        } else if let Some(needed) = item_indent {
            out.push(format!("{}{}", " ".repeat(needed.max(indent)), trimmed));
        } else {
            out.push(trimmed.to_string());
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// The width of a list marker (`- `, `* `, `1. `) at the start of `line`.
fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// Escapes `<` and `>` outside code spans: spec prose like `<tag-key>` is not HTML.
fn escape_html(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shape;

    #[test]
    fn list_continuations_are_indented() {
        let text = "- Whether to only send the check request.\n- The value can be:\n  - true: a check.\ncontinued here\n\nNext <tag-key>.";
        assert_eq!(
            shape(text),
            [
                "- Whether to only send the check request.",
                "- The value can be:",
                "  - true: a check.",
                "    continued here",
                "",
                "Next &lt;tag-key&gt;.",
            ]
        );
    }
}
