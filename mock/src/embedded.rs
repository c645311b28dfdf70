//! The project's documents, built into the library so a user's tests need no YAML files.

use hwcloud_codegen::load::DocSet;

/// The documents, by the names their `$ref`s are resolved against.
const ENTRIES: [(&str, &str); 3] = [
    ("<embedded>/dbss.yaml", include_str!("../../spec/dbss.yaml")),
    (
        "<embedded>/gaussdb.yaml",
        include_str!("../../spec/gaussdb.yaml"),
    ),
    ("<embedded>/vpc.yaml", include_str!("../../spec/vpc.yaml")),
];

/// The files the documents reference.
const SHARED: [(&str, &str); 1] = [(
    "<embedded>/shared/common.yaml",
    include_str!("../../spec/shared/common.yaml"),
)];

/// The five APIs' documents, loaded.
pub fn documents() -> DocSet {
    DocSet::from_texts(&ENTRIES, &SHARED)
}
