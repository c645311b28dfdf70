//! What the stages after loading share, so that none reads it from another: [`Findings`]
//! (the checks and the lowering report into one), the rule ids, the pattern cache (the
//! pattern rule, the examples and the lowering ask alike), the reading of a discriminator
//! (the rule on mappings and the lowering must agree on what a value selects), the keywords
//! OpenAPI 3.0 and 3.1 spell differently (`schema`), what a security scheme asks of a request (`security`, which the mock reads
//! too), and the user's [`Options`].

pub mod discriminator;
pub mod findings;
pub mod options;
pub mod pattern;
pub mod rules;
pub mod schema;
pub mod security;
pub mod shape;

pub use findings::{Findings, Purpose};
pub use options::{DateTimeAs, Options};
pub use pattern::{classify_pattern, PatternClass, Patterns};
