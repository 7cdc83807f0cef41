//! The original text of passages: what `verify` confirms quotes against and `show` prints.
//!
//! For a text file that is the file itself, read again and decoded as the indexer decodes it, so
//! spans are exact bytes, lines and columns of the file. A JSON-lines document is not read again
//! (its file may be hundreds of megabytes, compressed): its stored passage text stands in, which
//! differs from the `text` value only in the whitespace where lines were joined. Spans in it are
//! exact for a passage that is one line of the value (the usual case: a paragraph per line); in a
//! passage of several lines, columns count from the passage's start.

use std::ops::Range;
use std::path::Path;

use crate::error::{Error, Result};
use crate::results::citation::split_document;
use crate::results::search::PassageRecord;

/// A line and column in an original text, both 1-based; the column counts chars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: u64,
    /// Column in chars (Unicode scalar values), from 1.
    pub column: u64,
}

/// The original text a document's passages were cut from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Original {
    /// A text file's whole text.
    File(String),
    /// A JSON-lines document: the passages' stored text stands in.
    Stored,
}

impl Original {
    /// Reads the original of `passage`'s document.
    pub fn read(passage: &PassageRecord) -> Result<Original> {
        let (file, document) = split_document(&passage.path);
        if document.is_some() {
            return Ok(Original::Stored);
        }
        let path = Path::new(file);
        let bytes = std::fs::read(path).map_err(|err| Error::io(path, err))?;
        Ok(Original::File(String::from_utf8_lossy(&bytes).into_owned()))
    }

    /// The original text of `passage` (bytes `byte_start..byte_end`), or `None` when the file no
    /// longer holds it there (it changed after it was indexed).
    pub fn text<'a>(&'a self, passage: &'a PassageRecord) -> Option<&'a str> {
        match self {
            Original::File(text) => {
                text.get(passage.byte_start as usize..passage.byte_end as usize)
            }
            Original::Stored => Some(&passage.text),
        }
    }

    /// The position of byte `offset` (absolute, on a char boundary) of `passage`'s original text.
    pub fn position(&self, passage: &PassageRecord, offset: usize) -> Position {
        let start = passage.byte_start as usize;
        match self {
            Original::File(text) => {
                let offset = offset.min(text.len());
                let before = text.get(start.min(offset)..offset).unwrap_or("");
                let line_begin = text[..offset].rfind('\n').map_or(0, |at| at + 1);
                Position {
                    line: passage.line_start + before.matches('\n').count() as u64,
                    column: text[line_begin..offset].chars().count() as u64 + 1,
                }
            }
            Original::Stored => {
                let local = offset.saturating_sub(start).min(passage.text.len());
                Position {
                    line: passage.line_start,
                    column: passage.text.get(..local).map_or(0, |t| t.chars().count()) as u64 + 1,
                }
            }
        }
    }
}

/// Maps `range`, bytes of a passage's original text, to the same chars of its stored text, which
/// differs only in whitespace (line breaks joined). `None` when the two do not correspond.
pub fn to_stored(original: &str, stored: &str, range: Range<usize>) -> Option<Range<usize>> {
    let mut stored_chars = stored.char_indices().filter(|(_, c)| !c.is_whitespace());
    let mut mapped: Option<Range<usize>> = None;
    for (at, c) in original.char_indices().filter(|(_, c)| !c.is_whitespace()) {
        if at >= range.end {
            break;
        }
        let (stored_at, stored_c) = stored_chars.next()?;
        if stored_c != c {
            return None;
        }
        if at >= range.start {
            let end = stored_at + c.len_utf8();
            mapped = Some(mapped.map_or(stored_at..end, |m| m.start..end));
        }
    }
    mapped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(text: &str, byte_start: u64, line_start: u64) -> PassageRecord {
        PassageRecord {
            doc_id: "d".into(),
            path: "d.txt".into(),
            title: "T".into(),
            section: None,
            paragraph: 1,
            line_start,
            line_end: line_start,
            byte_start,
            byte_end: byte_start + text.len() as u64,
            text: text.into(),
        }
    }

    #[test]
    fn file_positions_count_lines_and_chars() {
        let file = "title\n\nÉté is\nhot [1] now\n";
        let original = Original::File(file.into());
        let p = passage("Été is hot [1] now", 7, 3);
        let at = file.find("hot").unwrap();
        assert_eq!(original.position(&p, at), Position { line: 4, column: 1 });
        let at = file.find("is").unwrap();
        assert_eq!(original.position(&p, at), Position { line: 3, column: 5 });
        assert_eq!(original.text(&p), Some("Été is\nhot [1] now"));
    }

    #[test]
    fn a_passage_outside_the_file_has_no_text() {
        let original = Original::File("short".into());
        assert_eq!(original.text(&passage("longer text", 2, 1)), None);
    }

    #[test]
    fn stored_positions_count_from_the_passage() {
        let p = passage("Türkiye’s drones", 40, 7);
        let at = 40 + p.text.find("drones").unwrap();
        assert_eq!(
            Original::Stored.position(&p, at),
            Position {
                line: 7,
                column: 11
            }
        );
        assert_eq!(Original::Stored.text(&p), Some("Türkiye’s drones"));
    }

    #[test]
    fn ranges_map_from_the_original_to_the_joined_text() {
        let original = "made substantial \n contributions to";
        let stored = "made substantial contributions to";
        let at = original.find("substantial").unwrap();
        let end = original.find(" to").unwrap();
        let mapped = to_stored(original, stored, at..end).unwrap();
        assert_eq!(&stored[mapped], "substantial contributions");
        assert_eq!(to_stored("abc", "abd", 0..3), None);
    }

    #[test]
    fn reading_a_json_lines_document_reads_no_file() {
        let mut p = passage("x", 0, 1);
        p.path = "/no/such/dir/c.jsonl#7".into();
        assert_eq!(Original::read(&p).unwrap(), Original::Stored);
        p.path = "/no/such/dir/c.txt".into();
        let err = Original::read(&p).unwrap_err();
        assert!(err.to_string().contains("/no/such/dir/c.txt"), "{err}");
    }
}
