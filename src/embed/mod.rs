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

/// The text the model embeds for a passage of document `doc_id`: its document title and section
/// heading (when they add something) before the passage itself, since a paragraph often leaves
/// its subject to them. A title that is only the file name (a text file without a title line)
/// adds nothing but noise, and is left out.
pub fn passage_text(doc_id: &str, title: &str, section: Option<&str>, body: &str) -> String {
    let is_file_name = std::path::Path::new(doc_id)
        .file_name()
        .is_some_and(|name| name.to_string_lossy() == title);
    let title = if is_file_name { "" } else { title };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passage_is_embedded_after_its_title_and_section_but_not_a_file_name() {
        assert_eq!(
            passage_text("a/b.txt", "Oil", Some("Exports"), "Most goes west."),
            "Oil. Exports. Most goes west."
        );
        assert_eq!(
            passage_text("a/b.txt", "b.txt", Some("Exports"), "Most goes west."),
            "Exports. Most goes west."
        );
        assert_eq!(passage_text("7", "Oil", None, "Text."), "Oil. Text.");
    }
}
