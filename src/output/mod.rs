//! Printers: turn search (and evaluation) results into text for people or JSON for tools.
//!
//! Printers write into any `io::Write` and decide nothing about the terminal themselves: the
//! caller says whether to use colour.

pub mod batch;
pub mod check;
pub mod eval;
pub mod extracted;
pub mod json;
pub mod notes;
pub mod report;
pub mod show;
pub mod text;
pub mod verify;

use std::borrow::Cow;

use crate::results::locate::Neighbours;
use crate::results::search::Hit;

/// What to print around search hits: neighbouring passages, and grouping by document.
#[derive(Debug, Clone, Copy, Default)]
pub struct HitLayout<'a> {
    /// Each hit's neighbours, in the order of the hits (empty: none).
    pub context: &'a [Neighbours],
    /// List the hits of each document together.
    pub group: bool,
}

/// The hits' indices grouped by document: documents in the order of their best hit, and hits in
/// rank order within each.
pub fn group_by_document(hits: &[Hit]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, hit) in hits.iter().enumerate() {
        let doc_id = &hit.passage.doc_id;
        match groups
            .iter_mut()
            .find(|group| &hits[group[0]].passage.doc_id == doc_id)
        {
            Some(group) => group.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

/// Makes corpus text safe to print on a terminal: control characters and bidirectional overrides
/// (which could hide or reorder what is shown) are written as `\u{…}` escapes.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{202e}c"), "a\\u{1b}[31mb\\u{202e}c");
        assert!(matches!(sanitize("plain “text”"), Cow::Borrowed(_)));
    }
}
