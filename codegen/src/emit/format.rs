//! Formatting, the only place generated code is formatted (by `prettyplease`).
//!
//! A file is a skeleton with slots (where the types, the operations' items and the client's
//! methods go) and the pieces that fill them. Pieces are formatted in batches, each batch
//! wrapped in stand-ins for the blocks that enclose its slot, so prettyplease indents and
//! wraps it exactly as it would in one pass over the whole file; the stand-in lines are then
//! cut off. Why not one pass: for GitHub's description (37 MB of Rust) a single token stream
//! and syntax tree took 1.4 GB and most of the time, whereas batches stay small and run on
//! every core (the batches of all files in one pool). The bytes are the same either way,
//! whatever the number of threads or the size of the batches.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::EmitError;

/// A block around a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enclosing {
    /// `mod name { .. }`: the slot holds items.
    Module,
    /// `impl Type { .. }`: the slot holds associated items (methods).
    Impl,
}

/// Where pieces go: the blocks around the slot (outermost first) and the pieces, made on
/// demand by index (token streams cannot cross threads, so each worker makes its own).
pub struct Slot<'a> {
    /// The blocks around the slot, outermost first.
    pub enclosing: &'static [Enclosing],
    /// How many pieces fill it.
    pub count: usize,
    /// Piece `i`, as tokens.
    pub piece: &'a (dyn Fn(usize) -> TokenStream + Sync),
}

/// The item that marks slot `index` in a skeleton (put it where the pieces go, and only when
/// the slot has pieces, so an empty block formats as `{}`).
pub fn marker(index: usize) -> TokenStream {
    let name = marker_name(index);
    quote! { #name!(); }
}

fn marker_name(index: usize) -> proc_macro2::Ident {
    format_ident!("__hwcloud_codegen_slot_{}", index)
}

/// Most pieces per batch: enough that the stand-in blocks cost nothing, few enough that each
/// batch stays small. A small file gets smaller batches, so that every core has some.
const MAX_BATCH: usize = 24;

/// One file to format: its skeleton and the slots that fill it.
pub struct FileParts<'a> {
    /// The module, for errors.
    pub module: &'a str,
    /// The skeleton, with a [`marker`] per slot that has pieces.
    pub skeleton: TokenStream,
    /// The slots, in the order of their markers.
    pub slots: Vec<Slot<'a>>,
}

/// A batch: which file, which slot, which pieces.
type Batch = (usize, usize, std::ops::Range<usize>);

/// Formats each file (its skeleton with its slots filled), preceded by `header`. The pieces
/// of all files share one pool of threads (a folder of small documents then keeps every
/// core busy), while the calling thread formats the skeletons.
pub fn format_files(header: &str, files: Vec<FileParts<'_>>) -> Result<Vec<String>, EmitError> {
    let (skeletons, parts): (Vec<TokenStream>, Vec<(&str, Vec<Slot<'_>>)>) = files
        .into_iter()
        .map(|f| (f.skeleton, (f.module, f.slots)))
        .unzip();
    let slots: Vec<&[Slot<'_>]> = parts.iter().map(|(_, s)| s.as_slice()).collect();
    let error = |file: usize, reason: String| EmitError {
        module: parts[file].0.to_string(),
        reason,
    };
    let pieces: usize = slots.iter().flat_map(|s| s.iter()).map(|s| s.count).sum();
    let size = (pieces / (threads() * 4)).clamp(1, MAX_BATCH);
    let batches: Vec<Batch> = slots
        .iter()
        .enumerate()
        .flat_map(|(f, file_slots)| {
            file_slots.iter().enumerate().flat_map(move |(s, slot)| {
                (0..slot.count)
                    .step_by(size)
                    .map(move |start| (f, s, start..(start + size).min(slot.count)))
            })
        })
        .collect();
    let (formatted, skeletons) = run_batches(&batches, &slots, || {
        skeletons.into_iter().map(unparse).collect::<Vec<_>>()
    });

    // Each file's size, so its text is allocated once (GitHub's is 23 MB).
    let mut sizes = vec![0; slots.len()];
    for ((f, _, _), text) in batches.iter().zip(&formatted) {
        sizes[*f] += text.as_ref().map_or(0, String::len);
    }
    let mut outputs = Vec::with_capacity(slots.len());
    let mut batch_results = batches.iter().zip(formatted).peekable();
    for (f, skeleton) in skeletons.into_iter().enumerate() {
        let skeleton = skeleton.map_err(|e| error(f, e))?;
        let file_slots = slots[f];
        let mut out = String::with_capacity(header.len() + 1 + skeleton.len() + sizes[f]);
        out.push_str(header);
        out.push('\n');
        let markers: Vec<String> = (0..file_slots.len())
            .map(|i| format!("{}!();", marker_name(i)))
            .collect();
        let mut filled = vec![false; file_slots.len()];
        for line in skeleton.lines() {
            match markers.iter().position(|m| m == line.trim()) {
                Some(s) => {
                    while let Some(((_, _, _), text)) =
                        batch_results.next_if(|((bf, bs, _), _)| *bf == f && *bs == s)
                    {
                        out.push_str(&text.map_err(|e| error(f, e))?);
                    }
                    filled[s] = true;
                }
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        if let Some(s) = (0..file_slots.len()).find(|&s| !filled[s] && file_slots[s].count > 0) {
            return Err(error(f, format!("slot {s} has no marker in the skeleton")));
        }
        if batch_results.peek().is_some_and(|((bf, _, _), _)| *bf == f) {
            return Err(error(f, "slots filled out of order".into()));
        }
        outputs.push(out);
    }
    Ok(outputs)
}

/// How many threads format: one per core.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

fn unparse(tokens: TokenStream) -> Result<String, String> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| e.to_string())?;
    Ok(wrap_marked(prettyplease::unparse(&file)))
}

/// The attribute's name that marks an item to be written inside a macro call.
const WRAP: &str = "__hwcloud_codegen_wrap";

/// Put first among an item's attributes, has the item written inside a call of the macro
/// `name` (`name! { item }`). The item is formatted as an item (prettyplease leaves a macro's
/// tokens on a few long lines, doc comments as `#[doc]` attributes), then wrapped.
pub fn wrapped_in(name: &str) -> TokenStream {
    let wrap = format_ident!("{}", WRAP);
    let name = format_ident!("{}", name);
    quote! { #[#wrap(#name)] }
}

/// Writes each item marked by [`wrapped_in`] inside its macro call, indented a level more.
fn wrap_marked(text: String) -> String {
    if !text.contains(WRAP) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // The indentation of the marked item being written, while inside one.
    let mut open: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let name = trimmed
            .strip_prefix("#[")
            .and_then(|rest| rest.strip_prefix(WRAP))
            .and_then(|rest| rest.strip_prefix('('))
            .and_then(|rest| rest.strip_suffix(")]"));
        if let (Some(name), None) = (name, open) {
            out.push_str(indent);
            out.push_str(name);
            out.push_str("! {\n");
            open = Some(indent);
            continue;
        }
        let Some(item_indent) = open else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        if !line.is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
        // The item ends on the first line of its own indentation that closes a block (its
        // docs and attributes start with `#` or `/`).
        let own_level = indent == item_indent;
        if own_level && !trimmed.starts_with(['#', '/']) && trimmed.ends_with('}') {
            out.push_str(item_indent);
            out.push_str("}\n");
            open = None;
        }
    }
    out
}

/// Formats every batch on as many threads as there are cores (results in batch order), and
/// meanwhile runs `meanwhile` on the calling thread.
fn run_batches<T>(
    batches: &[Batch],
    slots: &[&[Slot<'_>]],
    meanwhile: impl FnOnce() -> T,
) -> (Vec<Result<String, String>>, T) {
    let threads = threads().min(batches.len());
    let format_one = |i: usize| {
        let (f, s, range) = &batches[i];
        format_batch(&slots[*f][*s], range.clone())
    };
    if threads <= 1 {
        let own = meanwhile();
        return ((0..batches.len()).map(format_one).collect(), own);
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<String, String>>>> = Mutex::new(vec![None; batches.len()]);
    let own = std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= batches.len() {
                    break;
                }
                let result = format_one(i);
                // A poisoned lock means another worker panicked; scope re-raises that panic.
                if let Ok(mut results) = results.lock() {
                    results[i] = Some(result);
                }
            });
        }
        meanwhile()
    });
    let results = match results.into_inner() {
        Ok(results) => results,
        Err(_) => vec![None; batches.len()],
    };
    let formatted = results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("a batch was not formatted".into())))
        .collect();
    (formatted, own)
}

/// One batch of a slot's pieces, formatted inside stand-ins of the slot's enclosing blocks,
/// with the stand-in lines cut off again.
fn format_batch(slot: &Slot<'_>, range: std::ops::Range<usize>) -> Result<String, String> {
    let mut body: TokenStream = range.map(|i| (slot.piece)(i)).collect();
    // Built by hand rather than with `quote!`, which would copy the whole batch once per
    // enclosing block.
    for (depth, enclosing) in slot.enclosing.iter().enumerate().rev() {
        let keyword = match enclosing {
            Enclosing::Module => "mod",
            Enclosing::Impl => "impl",
        };
        let block = Group::new(Delimiter::Brace, body);
        body = TokenStream::from_iter([
            TokenTree::Ident(Ident::new(keyword, Span::call_site())),
            TokenTree::Ident(format_ident!("__Enclosing{}", depth)),
            TokenTree::Group(block),
        ]);
    }
    let text = unparse(body)?;
    let depth = slot.enclosing.len();
    let lines: Vec<&str> = text.lines().collect();
    let cut = lines
        .len()
        .checked_sub(2 * depth)
        .ok_or("a batch formatted empty")?;
    let (open, rest) = lines.split_at(depth);
    let (inner, close) = rest.split_at(cut);
    let opened = open.iter().all(|l| l.trim_end().ends_with('{'));
    let closed = close.iter().all(|l| l.trim() == "}");
    if !opened || !closed {
        return Err("a batch's enclosing blocks did not format on lines of their own".into());
    }
    let mut out = String::with_capacity(text.len());
    for line in inner {
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn struct_piece(i: usize) -> TokenStream {
        let name = format_ident!("Piece{}", i);
        quote! {
            /// A piece long enough that prettyplease has to break its lines somewhere sensible.
            #[derive(Debug, Clone)]
            pub struct #name { pub field_with_a_rather_long_name: ::std::option::Option<::std::vec::Vec<::std::string::String>> }
        }
    }

    fn method_piece(i: usize) -> TokenStream {
        let name = format_ident!("method_{}", i);
        quote! {
            pub fn #name(&self, value: i64) -> i64 { if value > #i as i64 { value * 2 } else { value - 1 } }
        }
    }

    #[test]
    fn pieces_format_as_in_one_pass_over_the_whole_file() {
        // Enough pieces for several batches on any number of cores.
        let count = 200;
        let structs = |i: usize| struct_piece(i);
        let methods = |i: usize| method_piece(i);
        let (m0, m1) = (marker(0), marker(1));
        let skeleton = quote! {
            pub mod outer { pub mod types { #m0 } pub struct C; impl C { pub fn new() -> Self { C } #m1 } }
        };
        let slots = vec![
            Slot {
                enclosing: &[Enclosing::Module, Enclosing::Module],
                count,
                piece: &structs,
            },
            Slot {
                enclosing: &[Enclosing::Module, Enclosing::Impl],
                count,
                piece: &methods,
            },
        ];
        let pieced = format_files(
            "// header\n",
            vec![FileParts {
                module: "outer",
                skeleton,
                slots,
            }],
        )
        .expect("formats");
        let all_structs: TokenStream = (0..count).map(struct_piece).collect();
        let all_methods: TokenStream = (0..count).map(method_piece).collect();
        let whole = quote! {
            pub mod outer { pub mod types { #all_structs } pub struct C; impl C { pub fn new() -> Self { C } #all_methods } }
        };
        let expected = format!("// header\n\n{}", unparse(whole).expect("parses"));
        assert_eq!(pieced, vec![expected]);
    }

    #[test]
    fn a_marked_item_is_written_inside_its_macro_call() {
        let wrap = wrapped_in("string_enum");
        let text = unparse(quote! {
            pub mod types {
                #wrap
                /// Docs, then the variants.
                pub enum Empty {}
                #wrap
                /// Docs, then the variants.
                pub enum Direction { /// `in`
                    In = "in", }
                pub struct After;
            }
        })
        .expect("parses");
        let expected = "pub mod types {
    string_enum! {
        /// Docs, then the variants.
        pub enum Empty {}
    }
    string_enum! {
        /// Docs, then the variants.
        pub enum Direction {
            /// `in`
            In = \"in\",
        }
    }
    pub struct After;
}
";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_slot_without_its_marker_is_an_error_not_lost_code() {
        let structs = |i: usize| struct_piece(i);
        let error = format_files(
            "",
            vec![FileParts {
                module: "m",
                skeleton: quote! { pub mod m {} },
                slots: vec![Slot {
                    enclosing: &[Enclosing::Module],
                    count: 2,
                    piece: &structs,
                }],
            }],
        )
        .expect_err("the pieces have nowhere to go");
        assert_eq!(error.module, "m");
        assert!(error.reason.contains("no marker"), "{}", error.reason);
    }

    #[test]
    fn a_piece_that_does_not_parse_is_an_error_naming_the_module() {
        let broken = |_: usize| quote! { pub struct };
        let m0 = marker(0);
        let error = format_files(
            "",
            vec![FileParts {
                module: "broken",
                skeleton: quote! { pub mod broken { #m0 } },
                slots: vec![Slot {
                    enclosing: &[Enclosing::Module],
                    count: 1,
                    piece: &broken,
                }],
            }],
        )
        .expect_err("`pub struct` alone does not parse");
        assert_eq!(error.module, "broken");
    }
}
