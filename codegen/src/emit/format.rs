//! Formatting, the only place generated code is formatted (by `prettyplease`).
//!
//! A file is a skeleton with slots (where the types, the operations' items and the client's
//! methods go) and the pieces that fill them. Pieces are formatted in batches, each batch
//! wrapped in stand-ins for the blocks that enclose its slot, so prettyplease indents and
//! wraps it exactly as it would in one pass over the whole file; the stand-in lines are then
//! cut off. Why not one pass: for GitHub's description (37 MB of Rust) a single token stream
//! and syntax tree took 1.4 GB and most of the time, whereas batches stay small and run on
//! every core. The bytes are the same either way, whatever the number of threads.

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
    pub enclosing: &'static [Enclosing],
    pub count: usize,
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

/// Formats `skeleton` with its slots filled, preceded by `header`.
pub fn format_file(
    header: &str,
    skeleton: TokenStream,
    slots: &[Slot<'_>],
    module: &str,
) -> Result<String, EmitError> {
    let error = |reason: String| EmitError {
        module: module.to_string(),
        reason,
    };
    let skeleton = unparse(skeleton).map_err(&error)?;
    let pieces: usize = slots.iter().map(|s| s.count).sum();
    let batch = (pieces / (threads() * 4)).clamp(1, MAX_BATCH);
    let batches: Vec<(usize, std::ops::Range<usize>)> = slots
        .iter()
        .enumerate()
        .flat_map(|(s, slot)| {
            (0..slot.count)
                .step_by(batch)
                .map(move |start| (s, start..(start + batch).min(slot.count)))
        })
        .collect();
    let formatted = run_batches(&batches, slots).map_err(&error)?;

    let mut out = String::with_capacity(
        header.len() + 1 + skeleton.len() + formatted.iter().map(String::len).sum::<usize>(),
    );
    out.push_str(header);
    out.push('\n');
    let markers: Vec<String> = (0..slots.len())
        .map(|i| format!("{}!();", marker_name(i)))
        .collect();
    let mut next_batch = 0;
    let mut filled = vec![false; slots.len()];
    for line in skeleton.lines() {
        match markers.iter().position(|m| m == line.trim()) {
            Some(s) => {
                while next_batch < batches.len() && batches[next_batch].0 == s {
                    out.push_str(&formatted[next_batch]);
                    next_batch += 1;
                }
                filled[s] = true;
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if let Some(s) = (0..slots.len()).find(|&s| !filled[s] && slots[s].count > 0) {
        return Err(error(format!("slot {s} has no marker in the skeleton")));
    }
    if next_batch != batches.len() {
        return Err(error("slots filled out of order".into()));
    }
    Ok(out)
}

/// How many threads format: one per core.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

fn unparse(tokens: TokenStream) -> Result<String, String> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file))
}

/// Formats every batch, on as many threads as there are cores; results in batch order.
fn run_batches(
    batches: &[(usize, std::ops::Range<usize>)],
    slots: &[Slot<'_>],
) -> Result<Vec<String>, String> {
    let threads = threads().min(batches.len());
    let format_one = |i: usize| {
        let (s, range) = &batches[i];
        format_batch(&slots[*s], range.clone())
    };
    if threads <= 1 {
        return (0..batches.len()).map(format_one).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<String, String>>>> = Mutex::new(vec![None; batches.len()]);
    std::thread::scope(|scope| {
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
    });
    let results = results
        .into_inner()
        .map_err(|_| "a formatting thread failed")?;
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("a batch was not formatted".into())))
        .collect()
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
