//! Media types: which are JSON, which text, and how a request body of each is encoded.

use crate::ir::BodyEncoding;

/// A media type without its parameters, lower-cased (`Text/Plain; charset=utf-8` gives
/// `text/plain`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON (`application/json`, `...;charset=utf-8`, `+json` types).
pub fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// Whether a media type is text a `String` can hold (`text/*`, XML).
pub fn is_text(media: &str) -> bool {
    let essence = essence(media);
    essence.starts_with("text/") || essence == "application/xml" || essence.ends_with("+xml")
}

/// How a request body of media type `media` is encoded, if the generator can encode it.
pub fn encoding_of(media: &str) -> Option<BodyEncoding> {
    let essence = essence(media);
    if is_json(&essence) {
        Some(BodyEncoding::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        Some(BodyEncoding::Form)
    } else if essence == "multipart/form-data" {
        Some(BodyEncoding::Multipart)
    } else if essence.starts_with("text/") {
        Some(BodyEncoding::Text)
    } else if essence == "application/octet-stream" {
        Some(BodyEncoding::Binary)
    } else {
        None
    }
}
