//! What a discriminator `mapping` value names. The rule that reports values the generator
//! would ignore and both lowerings that use them (`oneOf`/`anyOf` unions and `allOf`
//! families) read a value here, so they cannot disagree on which schema it selects.

use crate::load::node::escape_token;
use crate::load::source::FileId;
use crate::load::{DocSet, Resolved};

/// The schema `target` names, seen from `file`: a reference (it holds `/` or `#`), or as
/// OpenAPI's shorthand a bare schema name of that document's `components/schemas`. `None`
/// when it resolves to nothing.
pub fn target<'d>(docs: &'d DocSet, file: FileId, target: &str) -> Option<Resolved<'d>> {
    let found = if target.contains('/') || target.contains('#') {
        docs.resolve(file, target)
    } else {
        docs.resolve(
            file,
            &format!("#/components/schemas/{}", escape_token(target)),
        )
    };
    found.ok()
}
