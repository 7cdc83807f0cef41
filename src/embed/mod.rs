//! Sentence embeddings: a local model turns passages and queries into vectors, so that a claim
//! finds the passage it paraphrases even when they share few words.
//!
//! [`model`] loads and runs the model from a folder (never from the network); [`sync`] embeds an
//! index's passages into the vector file [`store`] keeps beside the index, resumably;
//! [`vectors`] ties them to the index's passages and [`dense`] finds the nearest ones; [`fuse`]
//! merges the ranking by meaning with the lexical one.

pub mod dense;
pub mod fuse;
pub mod meaning;
pub mod model;
pub mod store;
pub mod sync;
pub mod vectors;

pub use meaning::Meaning;
pub use model::{Model, ModelId};

/// The text the model embeds for a passage: its document title and section heading (when they
/// add something) before the passage itself, since a paragraph often leaves its subject to them.
pub fn passage_text(title: &str, section: Option<&str>, body: &str) -> String {
    let mut text = String::with_capacity(title.len() + body.len() + 8);
    for part in [Some(title), section] {
        let part = part.unwrap_or("").trim();
        if !part.is_empty() && !text.contains(part) {
            text.push_str(part);
            text.push_str(". ");
        }
    }
    text.push_str(body);
    text
}

/// Hash of a passage's embedded text: the key that tells a changed passage from an unchanged one.
pub fn text_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}
