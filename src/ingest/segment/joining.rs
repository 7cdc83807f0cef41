//! A unit's lines joined into one text, with the map from that text back to the input's bytes
//! and lines.

use std::ops::Range;

use super::cues::ends_with_hyphenation;
use super::lines::Line;
use super::{Passage, PassageKind};

/// A unit's text (trimmed lines joined by one space) with the map from its offsets to the input's.
pub(super) struct Joined {
    pub(super) text: String,
    /// Verbatim slices of the input, in order; the text between them is a separator space.
    pieces: Vec<Piece>,
}

pub(super) struct Piece {
    /// Offset of the slice in the joined text.
    at: usize,
    /// Offset of the slice in the input.
    source: usize,
    /// Length in bytes.
    len: usize,
}

impl Joined {
    /// Joins `unit_lines`, leaving out the first `marker_len` bytes of the first line (a bullet).
    pub(super) fn of(unit_lines: &[Line<'_>], marker_len: usize) -> Self {
        let mut joined = Joined {
            text: String::new(),
            pieces: Vec::new(),
        };
        for (index, line) in unit_lines.iter().enumerate() {
            let skip = if index == 0 { marker_len } else { 0 };
            let Some(slice) = line.text.get(skip..) else {
                continue;
            };
            let hyphenated = ends_with_hyphenation(&joined.text);
            if !joined.text.is_empty() && !hyphenated {
                joined.text.push(' ');
            }
            joined.pieces.push(Piece {
                at: joined.text.len(),
                source: line.content_start + skip,
                len: slice.len(),
            });
            joined.text.push_str(slice);
        }
        joined
    }

    /// The piece holding byte `at` of the joined text, if any (separators belong to none).
    fn piece_at(&self, at: usize) -> Option<&Piece> {
        let index = self
            .pieces
            .partition_point(|piece| piece.at <= at)
            .checked_sub(1)?;
        self.pieces
            .get(index)
            .filter(|piece| at < piece.at + piece.len)
    }

    /// The passage for `range` of the joined text, which starts and ends on non-whitespace.
    pub(super) fn passage(
        &self,
        range: Range<usize>,
        section: Option<&str>,
        line_starts: &[usize],
    ) -> Option<Passage> {
        let text = self.text.get(range.clone())?;
        let first = self.piece_at(range.start)?;
        let last = self.piece_at(range.end.checked_sub(1)?)?;
        let byte_start = first.source + (range.start - first.at);
        let byte_end = last.source + (range.end - last.at);
        Some(Passage {
            text: text.to_string(),
            section: section.map(str::to_string),
            line_start: line_number(line_starts, byte_start),
            line_end: line_number(line_starts, byte_end.saturating_sub(1)),
            byte_start,
            byte_end,
            kind: PassageKind::Paragraph,
        })
    }
}

/// The 1-based number of the line holding byte `offset`.
fn line_number(line_starts: &[usize], offset: usize) -> usize {
    line_starts.partition_point(|&start| start <= offset).max(1)
}
