//! The original text of passages: what `verify` confirms quotes against and `show` prints.
//!
//! For a PDF, web page or Word file it is the text a reader sees, as the indexer extracted it and
//! the index keeps it (the citation's lines and pages count in it). For a text file that is the file itself, read again and decoded as the indexer decodes it, so
//! spans are exact bytes, lines and columns of the file. A JSON-lines document is not read again
//! (its file may be hundreds of megabytes, compressed): its stored passage text stands in, which
//! differs from the `text` value only in the whitespace where lines were joined. Spans in it are
//! exact for a passage that is one line of the value (the usual case: a paragraph per line); in a
//! passage of several lines, columns count from the passage's start.

use std::ops::Range;
use std::path::Path;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::ingest::corpus::{display_path, format_of, is_unchanged_since};
use crate::ingest::decode::{decode, Offsets};
use crate::ingest::extract::{extractor_for, page_line, Extractor, PageStart};
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
    /// A UTF-8 text file's whole text: its offsets are the file's.
    File(String),
    /// A text file in another encoding (UTF-16, or UTF-8 with invalid bytes), decoded as the
    /// indexer decodes it, with the map from its offsets to the file's.
    Decoded {
        /// The decoded text.
        text: String,
        /// Where its bytes are in the file.
        offsets: Offsets,
    },
    /// The text a reader sees in a PDF, web page or Word file, as the indexer extracted it, with
    /// where its pages start.
    Extracted {
        /// The extracted text.
        text: String,
        /// Where each page starts (empty for formats without pages).
        pages: Vec<PageStart>,
    },
    /// A JSON-lines document: the passages' stored text stands in.
    Stored,
}

impl Original {
    /// Reads the original of `passage`'s document, making sure it is still the file that was
    /// indexed: not replaced by a symbolic link, and holding the passage's text where it was.
    pub fn read(engine: &Engine, passage: &PassageRecord) -> Result<Original> {
        match extractor_for(&passage.source) {
            Some(extractor) => Original::extracted(engine, extractor, passage),
            None => Original::read_file(passage),
        }
    }

    /// The text of an extracted document: as the index keeps it while the file is unchanged since
    /// it was indexed (the same size and modification time), so that reading it is quick and
    /// needs no extractor; else extracted again, and refused as changed when it no longer holds
    /// the passage, as a text file is.
    fn extracted(
        engine: &Engine,
        extractor: &dyn Extractor,
        passage: &PassageRecord,
    ) -> Result<Original> {
        let kept = engine
            .extracted_original(&passage.doc_id)?
            .filter(|kept| is_unchanged_since(&passage.source, kept.file_stamp));
        if let Some(kept) = kept {
            return Ok(Original::Extracted {
                text: kept.text,
                pages: kept.pages,
            });
        }
        let extracted = extractor.extract(&passage.source).map_err(|err| {
            Error::Citation(format!(
                "`{}` cannot be read again: {err}",
                display_path(&passage.source)
            ))
        })?;
        let original = Original::Extracted {
            text: extracted.text,
            pages: extracted.pages,
        };
        if original.text(passage).is_none() {
            return Err(changed(&passage.source, "changed"));
        }
        Ok(original)
    }

    /// The original of a document of a text or JSON-lines file.
    fn read_file(passage: &PassageRecord) -> Result<Original> {
        if format_of(&passage.source).is_json_lines() {
            return Ok(Original::Stored);
        }
        let path = passage.source.as_path();
        let link = std::fs::symlink_metadata(path).map_err(|err| Error::io(path, err))?;
        if link.file_type().is_symlink() {
            // The corpus walk never follows links: this is not the file that was indexed.
            return Err(changed(path, "was replaced by a symbolic link"));
        }
        let bytes = std::fs::read(path).map_err(|err| Error::io(path, err))?;
        let decoded = decode(bytes);
        let original = match decoded.offsets {
            Offsets::Same => Original::File(decoded.text),
            offsets => Original::Decoded {
                text: decoded.text,
                offsets,
            },
        };
        if original.text(passage).is_none() {
            return Err(changed(path, "changed"));
        }
        Ok(original)
    }

    /// The whole decoded text and its map to the file's offsets (None for stored text).
    fn whole(&self) -> Option<(&str, &Offsets)> {
        const SAME: &Offsets = &Offsets::Same;
        match self {
            Original::File(text) | Original::Extracted { text, .. } => Some((text, SAME)),
            Original::Decoded { text, offsets } => Some((text, offsets)),
            Original::Stored => None,
        }
    }

    /// The offset in the original text of `at`, an offset in the file (the same for UTF-8).
    pub fn text_offset(&self, at: u64) -> Option<usize> {
        match self.whole() {
            Some((text, offsets)) => offsets.text_offset(text, at),
            None => usize::try_from(at).ok(),
        }
    }

    /// The file offset of `at`, an offset in the original text (the same for UTF-8).
    pub fn file_offset(&self, at: usize) -> u64 {
        match self.whole() {
            Some((text, offsets)) => offsets.file_offset(text, at),
            None => at as u64,
        }
    }

    /// The offset in the original text of `at`, an offset counted from `passage`'s start in the
    /// bytes of its original text (`byte_start + i` is its text's byte `i`, as [`crate::verify`]
    /// counts): the same for UTF-8 files.
    fn text_offset_in(&self, passage: &PassageRecord, at: usize) -> usize {
        let start = self.text_offset(passage.byte_start).unwrap_or(0);
        start + at.saturating_sub(passage.byte_start as usize)
    }

    /// The file offset of `at`, an offset counted from `passage`'s start in the bytes of its
    /// original text (as [`crate::verify`] counts): the same for UTF-8 files.
    pub fn file_offset_in(&self, passage: &PassageRecord, at: usize) -> u64 {
        self.file_offset(self.text_offset_in(passage, at))
    }

    /// The original text of `passage` (bytes `byte_start..byte_end` of the file), or `None` when
    /// the file no longer holds it there (it changed after it was indexed).
    pub fn text<'a>(&'a self, passage: &'a PassageRecord) -> Option<&'a str> {
        let Some((text, _)) = self.whole() else {
            return Some(&passage.text);
        };
        let start = self.text_offset(passage.byte_start)?;
        let end = self.text_offset(passage.byte_end)?;
        let original = text.get(start..end)?;
        holds(original, &passage.text).then_some(original)
    }

    /// The position of byte `offset` (absolute, on a char boundary) of `passage`'s original text.
    pub fn position(&self, passage: &PassageRecord, offset: usize) -> Position {
        let start = self.text_offset(passage.byte_start).unwrap_or(0);
        match self {
            Original::File(text)
            | Original::Decoded { text, .. }
            | Original::Extracted { text, .. } => {
                let offset = self.text_offset_in(passage, offset).min(text.len());
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

/// The error for a file that `what` (changed, was replaced by a link) since it was indexed.
fn changed(path: &Path, what: &str) -> Error {
    Error::Citation(format!(
        "`{}` {what} since it was indexed, so its citations may no longer hold: run `sleuth index` to index it again (once no other sleuth is writing to the index), then cite anew",
        display_path(path)
    ))
}

/// Whether `original`, a passage's span of its file, holds the text indexed as `stored`: the
/// passage's text is verbatim slices of the span with whitespace between them (lines joined), so
/// its non-whitespace chars appear in the span in order, from its first char to its last (lines
/// left out of a passage, such as page furniture inside it, may add chars between them).
fn holds(original: &str, stored: &str) -> bool {
    let mut original = original.chars().filter(|c| !c.is_whitespace());
    let mut stored = stored.chars().filter(|c| !c.is_whitespace());
    let (Some(first), Some(last)) = (stored.clone().next(), stored.clone().next_back()) else {
        return true;
    };
    if original.clone().next() != Some(first) || original.clone().next_back() != Some(last) {
        return false;
    }
    stored.all(|wanted| original.any(|c| c == wanted))
}

/// A place in a paged document: the page, and the line and column within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePosition {
    /// Page, from 1.
    pub page: u64,
    /// The page's printed label, where the document defines one.
    pub label: Option<String>,
    /// Line within the page, from 1, counting only lines with text.
    pub line: u64,
    /// Column in chars, from 1.
    pub column: u64,
}

impl Original {
    /// The page, line and column of byte `offset`, for a paged document; `None` for others.
    pub fn page_position(&self, offset: usize) -> Option<PagePosition> {
        let Original::Extracted { text, pages } = self else {
            return None;
        };
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (page, line) = page_line(text, pages, offset)?;
        let line_begin = text[..offset].rfind('\n').map_or(0, |at| at + 1);
        Some(PagePosition {
            page: page as u64,
            label: pages[page - 1].label.clone(),
            line: line as u64,
            column: text[line_begin..offset].chars().count() as u64 + 1,
        })
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
            kind: Default::default(),
            doc_id: "d".into(),
            path: "d.txt".into(),
            source: "/corpus/d.txt".into(),
            title: "T".into(),
            section: None,
            paragraph: 1,
            line_start,
            line_end: line_start,
            byte_start,
            byte_end: byte_start + text.len() as u64,
            text: text.into(),
            page: None,
            url: None,
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
        p.source = "/no/such/dir/c.jsonl".into();
        assert_eq!(Original::read_file(&p).unwrap(), Original::Stored);
        p.source = "/no/such/dir/c.txt".into();
        let err = Original::read_file(&p).unwrap_err();
        assert!(err.to_string().contains("/no/such/dir/c.txt"), "{err}");
    }
}
