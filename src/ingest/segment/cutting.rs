//! Cutting a paragraph longer than the limit into balanced pieces at sentence, word or char
//! boundaries.

use std::ops::Range;

use super::{MAX_PUNCTUATION_RUN, SENTENCE_ENDS};
use unicode_segmentation::UnicodeSegmentation;

/// Cuts `text` (trimmed) into ranges of at most `max_chars` chars each, trimmed and non-empty:
/// whole sentences packed greedily, words when a sentence is too long, chars when a word is.
///
/// The sentence segmenter only reads small windows around each cut, never the whole text: run
/// over a whole 50 MB line it would take many seconds.
pub(super) fn split_to_limit(text: &str, max_chars: usize) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut remaining = text.chars().count();
    while remaining > max_chars {
        let cut = choose_cut(text, start, remaining, max_chars);
        let piece_chars = text
            .get(start..cut)
            .map_or(0, |piece| piece.chars().count());
        if piece_chars == 0 {
            break; // cannot happen (cuts advance by at least one char); never loop forever
        }
        pieces.push(start..cut);
        // Whitespace after a cut belongs to no passage: skip it at once (a run of millions of
        // spaces would otherwise be cut into empty pieces one limit at a time).
        let rest = text.get(cut..).unwrap_or("");
        let skipped = rest.len() - rest.trim_start().len();
        let skipped_chars = rest.get(..skipped).map_or(0, |space| space.chars().count());
        remaining = remaining.saturating_sub(piece_chars + skipped_chars);
        start = cut + skipped;
    }
    pieces.push(start..text.len());
    pieces
        .into_iter()
        .filter_map(|range| trim_range(text, range))
        .collect()
}

/// `range` of `text` without its leading and trailing whitespace, or `None` if nothing is left.
fn trim_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = text.get(range.clone())?;
    let after_lead = slice.trim_start();
    let trimmed = after_lead.trim_end();
    if trimmed.is_empty() {
        return None;
    }
    let start = range.start + (slice.len() - after_lead.len());
    Some(start..start + trimmed.len())
}

/// Where the piece starting at byte `start` ends: at most `max_chars` chars on, at a sentence end,
/// else a word end, else a char boundary. When the `remaining` chars fit in two pieces, the cut
/// nearest the middle is preferred (1,600 chars become 800 + 800, not 1,500 + 100).
fn choose_cut(text: &str, start: usize, remaining: usize, max_chars: usize) -> usize {
    let limit = advance_chars(text, start, max_chars);
    let goal = if remaining <= max_chars.saturating_mul(2) {
        CutGoal {
            start,
            lowest: advance_chars(text, start, remaining - max_chars),
            target: advance_chars(text, start, remaining.div_ceil(2)),
            limit,
        }
    } else {
        CutGoal {
            start,
            lowest: start,
            target: limit,
            limit,
        }
    };
    goal.best(text, sentence_ends)
        .or_else(|| goal.best(text, word_ends))
        .unwrap_or(goal.target)
}

/// Bytes before and after a cut's target searched first: most sentences are shorter than this,
/// so one small window usually finds a cut.
const CUT_SEARCH_BYTES: usize = 160;
/// Text shown to the segmenter on each side of a window, so that the window's edges do not look
/// like the ends of the text.
const SEGMENTER_MARGIN_BYTES: usize = 24;

/// The acceptable cuts for one piece, as byte offsets in the joined text.
pub(super) struct CutGoal {
    start: usize,
    /// Cuts from here on leave the rest within one piece.
    lowest: usize,
    /// The ideal cut.
    target: usize,
    /// The farthest cut that keeps the piece within the limit.
    limit: usize,
}

impl CutGoal {
    /// The best of the boundaries found by `ends`, looking near the target first.
    fn best(&self, text: &str, ends: fn(&str, Range<usize>) -> Vec<usize>) -> Option<usize> {
        let near_start = floor_char_boundary(text, self.target.saturating_sub(CUT_SEARCH_BYTES));
        let near_end = ceil_char_boundary(text, self.target + CUT_SEARCH_BYTES);
        let near = near_start.max(self.start)..near_end.min(self.limit);
        self.pick(&ends(text, near), self.lowest).or_else(|| {
            let everywhere = ends(text, self.start..self.limit);
            self.pick(&everywhere, self.lowest)
                .or_else(|| self.pick(&everywhere, self.start))
        })
    }

    /// The boundary nearest the target among those in `lowest..=limit` past the start.
    fn pick(&self, ends: &[usize], lowest: usize) -> Option<usize> {
        ends.iter()
            .copied()
            .filter(|&end| end > self.start && end >= lowest && end <= self.limit)
            .min_by_key(|&end| end.abs_diff(self.target))
    }
}

/// Sentence ends inside `window` (exclusive of its start, inclusive of its end).
fn sentence_ends(text: &str, window: Range<usize>) -> Vec<usize> {
    segment_ends(text, window, may_end_sentence, |slice| {
        sentence_ranges(slice)
            .into_iter()
            .map(|range| range.end)
            .collect()
    })
}

/// Word ends inside `window` (exclusive of its start, inclusive of its end).
fn word_ends(text: &str, window: Range<usize>) -> Vec<usize> {
    segment_ends(text, window, may_split_words, |slice| {
        slice
            .split_word_bound_indices()
            .map(|(offset, word)| offset + word.len())
            .collect()
    })
}

fn segment_ends(
    text: &str,
    window: Range<usize>,
    worth_segmenting: fn(&str) -> bool,
    ends_in: impl Fn(&str) -> Vec<usize>,
) -> Vec<usize> {
    let from = floor_char_boundary(text, window.start.saturating_sub(SEGMENTER_MARGIN_BYTES));
    let to = ceil_char_boundary(text, window.end + SEGMENTER_MARGIN_BYTES);
    let Some(slice) = text.get(from..to) else {
        return Vec::new();
    };
    if !worth_segmenting(slice) {
        return Vec::new();
    }
    ends_in(slice)
        .into_iter()
        .map(|end| from + end)
        .filter(|&end| end > window.start && end <= window.end)
        .collect()
}

/// A quick, optimised look for sentence-final punctuation before running the slow segmenter.
fn may_end_sentence(slice: &str) -> bool {
    slice.contains('.')
        || slice.contains('!')
        || slice.contains('?')
        || (!slice.is_ascii() && slice.contains(SENTENCE_ENDS))
}

/// Whether `slice` may hold a word boundary (ASCII letters and digits alone form one word).
fn may_split_words(slice: &str) -> bool {
    !slice.is_ascii() || slice.bytes().any(|b| !b.is_ascii_alphanumeric())
}

/// The byte offset `n` chars after `from` (or the end of `text`).
fn advance_chars(text: &str, from: usize, n: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    if rest.get(..n).is_some_and(str::is_ascii) {
        return from + n;
    }
    rest.char_indices()
        .nth(n)
        .map_or(text.len(), |(offset, _)| from + offset)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

/// Sentence bounds of `text`, with long runs of non-alphanumeric characters set apart as ranges of
/// their own (see [`MAX_PUNCTUATION_RUN`]).
fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut segment_start = 0;
    let mut run: Option<(usize, usize)> = None; // (start, length in chars)
    let mut flush_before = |run_start: usize, run_end: usize, segment_start: usize| {
        push_sentences(text, segment_start..run_start, &mut ranges);
        ranges.push(run_start..run_end);
    };
    for (offset, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if let Some((run_start, run_len)) = run.take() {
                if run_len >= MAX_PUNCTUATION_RUN {
                    flush_before(run_start, offset, segment_start);
                    segment_start = offset;
                }
            }
        } else {
            let (run_start, run_len) = run.unwrap_or((offset, 0));
            run = Some((run_start, run_len + 1));
        }
    }
    match run {
        Some((run_start, run_len)) if run_len >= MAX_PUNCTUATION_RUN => {
            flush_before(run_start, text.len(), segment_start)
        }
        _ => push_sentences(text, segment_start..text.len(), &mut ranges),
    }
    ranges
}

fn push_sentences(text: &str, range: Range<usize>, ranges: &mut Vec<Range<usize>>) {
    let Some(segment) = text.get(range.clone()) else {
        return;
    };
    for (offset, sentence) in segment.split_sentence_bound_indices() {
        let start = range.start + offset;
        ranges.push(start..start + sentence.len());
    }
}
