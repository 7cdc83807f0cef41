//! Files → documents → passages: finding source files ([`walk`]), reading them into documents
//! ([`corpus`], text files decoded by [`decode`]) and cutting documents into the passages a
//! person would cite ([`segment`]).
//!
//! Formats other than plain text are read by one [`extract::Extractor`] each ([`pdf`], [`html`],
//! [`docx`]) into text laid out as plain text is, with where each page begins: everything
//! downstream sees only documents and passages.

pub mod corpus;
pub mod decode;
pub mod docx;
pub mod extract;
pub mod html;
pub mod pdf;
pub mod prefetch;
pub mod segment;
pub mod walk;
