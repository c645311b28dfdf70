//! What the user of the generator chooses: read by the lowering (how `date-time` strings are
//! typed) and the emitters (the command a generated file names), so it lives below both.

/// Choices the generator leaves to its user; the defaults suit any document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// How `format: date-time` strings are typed.
    pub date_time: DateTimeAs,
    /// The command each generated file names as the one that regenerates it; `None` for this
    /// project's own (`cargo run -p hwcloud-codegen -- generate`, on `spec/`).
    pub regenerate: Option<String>,
}

/// The Rust type of `format: date-time` strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum DateTimeAs {
    /// `String`: whatever the service sends decodes, as the text it is.
    #[default]
    String,
    /// `hwcloud::datetime::DateTime` (RFC 3339, on the `time` crate): a value that is not
    /// RFC 3339 fails to decode.
    Time,
}
