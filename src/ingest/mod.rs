//! Files → documents → passages: finding source files, reading them into documents
//! ([`corpus`], text files decoded by [`decode`]) and cutting documents into the passages a
//! person would cite ([`segment`]).
//!
//! A reader for a new document format belongs here, beside [`corpus`]'s text and JSON-lines
//! readers: everything downstream sees only documents and passages.

pub mod corpus;
pub mod decode;
pub mod segment;
