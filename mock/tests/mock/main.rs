//! `hwcloud-mock` over real HTTP: the documents' examples answered, every constraint of
//! `spec/` refused with the field named, signatures checked as the gateway does, the journal
//! and injected faults used as a user's test would, and bad input refused at once.

mod answers;
mod constraints;
mod faults;
mod limits;
mod other_documents;
mod signatures;
mod support;
