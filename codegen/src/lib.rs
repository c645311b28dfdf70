//! Loads, checks and turns OpenAPI 3.0 documents into Rust clients for the `hwcloud` crate.
