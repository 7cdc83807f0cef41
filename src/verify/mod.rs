//! `verify`: does a quote appear in the corpus word for word, and where?
//!
//! The index only proposes candidates (`candidates.rs`: the passages holding the
//! quote's words as a phrase, and those sharing the most words with it, with their neighbours);
//! the original text decides. Each candidate's original text is normalized
//! ([`normalize`](mod@normalize)) and searched for the normalized quote: a hit there is `verbatim`, with
//! its exact span in the original. Failing that, the quote is aligned word by word with each
//! candidate ([`align`](mod@align)); a place that leaves little of the quote's content unmatched
//! is `close` ([`closeness`](mod@closeness)), with the differences. Otherwise the quote is `absent`, and the
//! passages nearest by keyword are given.

pub mod align;
mod candidates;
pub use candidates::keywords;
pub mod closeness;
pub mod normalize;

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::analysis::exact_tokens;
use crate::engine::Engine;
use crate::error::{Limit, Result};
use crate::index::record::PassageRecord;
use crate::query::syntax::QueryError;
use crate::results::citation::Citation;
use crate::results::original::{to_stored, Original, PagePosition, Position};
use crate::verify::align::{align, Alignment, Edit};
use crate::verify::normalize::{normalize, strip_quotation_marks, Normalized, Normalizer};
use candidates::{nearest_by_keyword, Candidates};
use closeness::Closeness;
pub use closeness::CLOSE_SIMILARITY;

/// Longest quote verified, in characters: a page and a half, far more than a quotation runs.
pub const MAX_QUOTE_CHARS: usize = 5_000;
/// Most passages holding the quote's words as a phrase that one run checks (`--limit`).
pub const MAX_CANDIDATES: usize = 1_000;

/// How to verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Most passages holding the quote's words as a phrase to confirm.
    pub limit: usize,
    /// Most `close` or `absent` passages to give.
    pub nearest: usize,
    /// Most verbatim places to give (the first ones in file order); all of them when `None`.
    pub shown: Option<usize>,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            limit: 100,
            nearest: 3,
            shown: Some(5),
        }
    }
}

/// The answer to "is this quote in the corpus?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Found word for word.
    Verbatim,
    /// Not found word for word, but a passage says nearly the same.
    Close,
    /// Nothing comes close.
    Absent,
}

impl Verdict {
    /// `verbatim`, `close` or `absent`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Verbatim => "verbatim",
            Verdict::Close => "close",
            Verdict::Absent => "absent",
        }
    }
}

/// Where a match lies in the original: bytes, and the positions of its first and last chars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub byte_start: u64,
    /// Byte just past the end.
    pub byte_end: u64,
    /// Line and column of the first char.
    pub start: Position,
    /// Line and column of the last char.
    pub end: Position,
}

/// How a stretch of the quote compares with the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    /// Both say the same (up to what matching ignores).
    Same,
    /// The quote says something else.
    Changed,
    /// The quote adds words the source does not have.
    Added,
    /// The quote drops words of the source.
    Dropped,
}

impl DiffKind {
    /// `same`, `changed`, `added` or `dropped`.
    pub fn name(self) -> &'static str {
        match self {
            DiffKind::Same => "same",
            DiffKind::Changed => "changed",
            DiffKind::Added => "added",
            DiffKind::Dropped => "dropped",
        }
    }
}

/// One stretch of a word-level difference, with each side as written (whitespace runs as one
/// space); a side is empty where it has no words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What happened.
    pub kind: DiffKind,
    /// The quote's words.
    pub quote: String,
    /// The source's words.
    pub source: String,
}

/// One place that answers the quote.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteMatch {
    /// The passage(s) the place lies in, in reading order (two or more when it crosses a
    /// paragraph break).
    pub passages: Vec<PassageRecord>,
    /// The place in the original: the quote (`verbatim`), the stretch it aligns with (`close`), or
    /// the whole passage (`absent`).
    pub span: Span,
    /// 1.0 for `verbatim`; the word-level similarity otherwise.
    pub similarity: f64,
    /// The passages' text as `search` shows it, blank-line separated.
    pub text: String,
    /// Byte ranges in `text`: the place (`verbatim`, `close`) or the words in common (`absent`).
    pub highlights: Vec<Range<usize>>,
    /// Word-level differences between the quote and the place (`close` only).
    pub diff: Vec<Difference>,
    /// For a paged document (PDF): the page, line and column within the page of the place's first
    /// and last char.
    pub pages: Option<(PagePosition, PagePosition)>,
}

impl QuoteMatch {
    /// The citation: the first passage's, with its lines running to the end of the last passage.
    pub fn citation(&self) -> Citation {
        let mut citation = self.passages[0].citation();
        if let Some(last) = self.passages.last() {
            citation.line_end = last.line_end;
            if let (Some(page), Some(last_page)) = (citation.page.as_mut(), &last.page) {
                page.last = last_page.last;
                page.line_last = last_page.line_last;
                page.label_last.clone_from(&last_page.label_last);
            }
        }
        citation
    }
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    /// The quote as given.
    pub quote: String,
    /// The answer.
    pub verdict: Verdict,
    /// The verbatim places (the first [`VerifyOptions::shown`] of them); else the close places;
    /// else the nearest places.
    pub matches: Vec<QuoteMatch>,
    /// How many places answer the verdict: every verbatim place, even those not in `matches`.
    pub total: usize,
    /// Passages holding the quote's words as a phrase that were not checked (past the limit).
    pub unchecked: usize,
}

/// Verifies `quote` against the corpus in `index`.
pub fn verify(engine: &Engine, quote: &str, options: &VerifyOptions) -> Result<Verification> {
    let chars = quote.chars().count();
    if chars > MAX_QUOTE_CHARS {
        let max = MAX_QUOTE_CHARS;
        return Err(QueryError::TooLarge(Limit::QuoteChars { chars, max }).into());
    }
    if options.limit > MAX_CANDIDATES {
        let limit = Limit::VerifyCandidates {
            asked: options.limit,
            max: MAX_CANDIDATES,
        };
        return Err(QueryError::TooLarge(limit).into());
    }
    let wanted = Quote::new(quote)?;
    let candidates = Candidates::find(engine, &wanted, options.limit)?;
    let mut originals = Originals::new(engine);
    let mut verbatim: Vec<QuoteMatch> = Vec::new();
    let mut close: Vec<QuoteMatch> = Vec::new();
    for region in &candidates.regions {
        let original = originals.of(&region[0])?;
        let Some(examined) = Examined::new(region, original) else {
            continue;
        };
        for found in examined.normalized.find_all(wanted.normalized.as_str()) {
            let place = examined.place(found, 1.0, Vec::new());
            if !verbatim.iter().any(|m| overlaps(m, &place)) {
                verbatim.push(place);
            }
        }
        if verbatim.is_empty() {
            close.extend(
                examined
                    .closest(&wanted)
                    .filter(|(_, closeness)| closeness.is_close())
                    .map(|(place, _)| place),
            );
        }
    }
    let unchecked = candidates.unchecked(&verbatim);
    let (verdict, total, matches) = if !verbatim.is_empty() {
        verbatim.sort_by(|a, b| {
            (&a.passages[0].path, a.span.byte_start).cmp(&(&b.passages[0].path, b.span.byte_start))
        });
        let total = verbatim.len();
        verbatim.truncate(options.shown.unwrap_or(usize::MAX));
        (Verdict::Verbatim, total, verbatim)
    } else {
        let best = best_places(close, options.nearest);
        if best.is_empty() {
            let hits =
                &candidates.keyword_hits[..options.nearest.min(candidates.keyword_hits.len())];
            let nearest = nearest_by_keyword(hits, &wanted, &mut originals)?;
            (Verdict::Absent, 0, nearest)
        } else {
            (Verdict::Close, best.len(), best)
        }
    };
    Ok(Verification {
        quote: quote.to_string(),
        verdict,
        matches,
        total,
        unchecked,
    })
}

/// How a quote compares with one source text, for callers that hold text rather than an index
/// (`sleuth check`, the labelled set of `close` in the tests).
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// How close the best-aligned stretch is.
    pub closeness: Closeness,
    /// The stretch of the source the quote aligns with, as a byte range of `source`.
    pub source: Range<usize>,
    /// The word-level differences there.
    pub diff: Vec<Difference>,
}

impl Comparison {
    /// Whether the source says nearly what the quote says (`verify`'s `close`).
    pub fn is_close(&self) -> bool {
        self.closeness.is_close()
    }
}

/// Compares `quote` with `source` as `verify` compares it with a passage: `None` when either has
/// no words. A quote found word for word has no differences and a similarity of 1.
pub fn compare(quote: &str, source: &str) -> Option<Comparison> {
    let wanted = Quote::new(quote).ok()?;
    let normalized = normalize(source);
    let words = normalized.words();
    let as_written = |range: Range<usize>| -> String {
        if range.is_empty() {
            return String::new();
        }
        let bytes = normalized.origin(words[range.start].start..words[range.end - 1].end);
        squash_whitespace(&source[bytes])
    };
    let (alignment, closeness) = align_quote(&wanted, &normalized)?;
    let diff = differences(&wanted, &alignment, as_written);
    let window = words[alignment.source.start].start..words[alignment.source.end - 1].end;
    Some(Comparison {
        closeness,
        source: normalized.origin(window),
        diff,
    })
}

/// Aligns the quote with the words of `source` (both normalized) and measures how close the best
/// stretch is.
fn align_quote(wanted: &Quote, source: &Normalized) -> Option<(Alignment, Closeness)> {
    let text = source.as_str();
    let words: Vec<&str> = source.words().into_iter().map(|r| &text[r]).collect();
    let quote_words: Vec<&str> = wanted
        .words
        .iter()
        .map(|r| &wanted.normalized.as_str()[r.clone()])
        .collect();
    let last = quote_words.len().checked_sub(1)?;
    let alignment = align(quote_words.len(), words.len(), |i, j| {
        let (quote, source) = (quote_words[i], words[j]);
        // A quote may start or stop inside the source's punctuation: `Israel` ends `Israel.”`.
        match (i == 0, i == last) {
            (true, true) => source.match_indices(quote).any(|(at, _)| {
                begins_at_boundary(source, at, quote) && ends_at_boundary(source, at, quote)
            }),
            (true, false) => {
                source.ends_with(quote)
                    && begins_at_boundary(source, source.len() - quote.len(), quote)
            }
            (false, true) => source.starts_with(quote) && ends_at_boundary(source, 0, quote),
            (false, false) => source == quote,
        }
    })?;
    let closeness = Closeness::measure(&quote_words, &words, &alignment);
    Some((alignment, closeness))
}

/// The alignment's runs as differences, each side as written (`source_as_written` gives the
/// source's words of a range of word indices).
fn differences(
    wanted: &Quote,
    alignment: &Alignment,
    source_as_written: impl Fn(Range<usize>) -> String,
) -> Vec<Difference> {
    alignment
        .edits
        .iter()
        .map(|edit| {
            let (kind, quote, source) = match edit.clone() {
                Edit::Same { quote, source } => (DiffKind::Same, quote, source),
                Edit::Changed { quote, source } => (DiffKind::Changed, quote, source),
                Edit::Added { quote } => (DiffKind::Added, quote, 0..0),
                Edit::Dropped { source } => (DiffKind::Dropped, 0..0, source),
            };
            Difference {
                kind,
                quote: wanted.as_typed(quote),
                source: source_as_written(source),
            }
        })
        .collect()
}

/// The most similar places, at most `n`, no two overlapping.
fn best_places(mut close: Vec<QuoteMatch>, n: usize) -> Vec<QuoteMatch> {
    close.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    let mut best: Vec<QuoteMatch> = Vec::new();
    for place in close {
        if best.len() < n && !best.iter().any(|m| overlaps(m, &place)) {
            best.push(place);
        }
    }
    best
}

/// The quote as matching sees it.
struct Quote<'a> {
    /// Without surrounding whitespace and quotation marks.
    text: &'a str,
    normalized: Normalized,
    words: Vec<Range<usize>>,
    /// Exact-view tokens, to find candidates in the index.
    tokens: Vec<String>,
}

impl<'a> Quote<'a> {
    fn new(quote: &'a str) -> Result<Quote<'a>> {
        let text = strip_list_marker(strip_quotation_marks(quote));
        let tokens = exact_tokens(text);
        if tokens.is_empty() {
            return Err(QueryError::QuoteWithoutWords(quote.to_string()).into());
        }
        let normalized = normalize(text);
        let words = normalized.words();
        Ok(Quote {
            text,
            normalized,
            words,
            tokens,
        })
    }

    /// The quote's words `range`, as typed.
    fn as_typed(&self, range: Range<usize>) -> String {
        if range.is_empty() {
            return String::new();
        }
        let normalized = self.words[range.start].start..self.words[range.end - 1].end;
        squash_whitespace(&self.text[self.normalized.origin(normalized)])
    }
}

/// `quote` without a list marker before its first word (`• `, `- `, `1. `): a list's layout, which
/// passages leave out too.
fn strip_list_marker(quote: &str) -> &str {
    match crate::ingest::segment::list_marker_len(quote) {
        Some(len) => strip_quotation_marks(&quote[len..]),
        None => quote,
    }
}

/// Whether two places share bytes of the same document.
fn overlaps(a: &QuoteMatch, b: &QuoteMatch) -> bool {
    a.passages[0].doc_id == b.passages[0].doc_id
        && a.span.byte_start < b.span.byte_end
        && b.span.byte_start < a.span.byte_end
}

/// Whether `part`, found at byte `at` of `word`, does not begin inside a word of it.
fn begins_at_boundary(word: &str, at: usize, part: &str) -> bool {
    !part.starts_with(char::is_alphanumeric) || !word[..at].ends_with(char::is_alphanumeric)
}

/// Whether `part`, found at byte `at` of `word`, does not end inside a word of it.
fn ends_at_boundary(word: &str, at: usize, part: &str) -> bool {
    !part.ends_with(char::is_alphanumeric)
        || !word[at + part.len()..].starts_with(char::is_alphanumeric)
}

fn squash_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Originals read so far, by file.
struct Originals<'a> {
    engine: &'a Engine,
    files: HashMap<PathBuf, Original>,
}

impl<'a> Originals<'a> {
    fn new(engine: &'a Engine) -> Self {
        Originals {
            engine,
            files: HashMap::new(),
        }
    }

    fn of(&mut self, passage: &PassageRecord) -> Result<&Original> {
        let file = &passage.source;
        if !self.files.contains_key(file) {
            let original = Original::read(self.engine, passage)?;
            self.files.insert(file.clone(), original);
        }
        Ok(&self.files[file])
    }
}

/// A run of consecutive passages, normalized from their original text.
struct Examined<'a> {
    passages: &'a [PassageRecord],
    original: &'a Original,
    normalized: Normalized,
}

impl<'a> Examined<'a> {
    /// `None` when the original no longer holds the passages or nothing is left of them.
    fn new(passages: &'a [PassageRecord], original: &'a Original) -> Option<Examined<'a>> {
        let mut normalizer = Normalizer::new();
        let mut previous_end = None;
        for passage in passages {
            let text = original.text(passage)?;
            if let Some(end) = previous_end {
                normalizer.push_break(end..passage.byte_start as usize);
            }
            normalizer.push(text, passage.byte_start as usize);
            previous_end = Some(passage.byte_end as usize);
        }
        let normalized = normalizer.finish();
        (!normalized.is_empty()).then_some(Examined {
            passages,
            original,
            normalized,
        })
    }

    /// The place of the normalized `range`, with what is known about it.
    fn place(&self, range: Range<usize>, similarity: f64, diff: Vec<Difference>) -> QuoteMatch {
        let bytes = self.normalized.origin(range.clone());
        let last_char = self.normalized.origin(range.end - 1..range.end).start;
        let touched: Vec<&PassageRecord> = self
            .passages
            .iter()
            .filter(|p| (p.byte_start as usize) < bytes.end && bytes.start < p.byte_end as usize)
            .collect();
        let (first, last) = (touched[0], touched[touched.len() - 1]);
        let mut text = String::new();
        let mut highlights = Vec::new();
        for passage in &touched {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = passage.byte_start as usize;
            let local =
                bytes.start.max(start) - start..bytes.end.min(passage.byte_end as usize) - start;
            let mapped = self
                .original
                .text(passage)
                .and_then(|original| to_stored(original, &passage.text, local));
            if let Some(mapped) = mapped {
                highlights.push(text.len() + mapped.start..text.len() + mapped.end);
            }
            text.push_str(&passage.text);
        }
        QuoteMatch {
            span: Span {
                byte_start: self.original.file_offset_in(first, bytes.start),
                byte_end: self.original.file_offset_in(last, bytes.end),
                start: self.original.position(first, bytes.start),
                end: self.original.position(last, last_char),
            },
            passages: touched.into_iter().cloned().collect(),
            similarity,
            text,
            highlights,
            diff,
            pages: self
                .original
                .page_position(bytes.start)
                .zip(self.original.page_position(last_char)),
        }
    }

    /// The stretch that `wanted` aligns with best, as a place with its differences, and how close
    /// it is.
    fn closest(&self, wanted: &Quote) -> Option<(QuoteMatch, Closeness)> {
        let words = self.normalized.words();
        let (alignment, closeness) = align_quote(wanted, &self.normalized)?;
        let diff = differences(wanted, &alignment, |range| self.as_written(&words, range));
        let window = words[alignment.source.start].start..words[alignment.source.end - 1].end;
        Some((self.place(window, alignment.similarity, diff), closeness))
    }

    /// The source's `words`, as written in the original.
    fn as_written(&self, words: &[Range<usize>], range: Range<usize>) -> String {
        if range.is_empty() {
            return String::new();
        }
        let bytes = self
            .normalized
            .origin(words[range.start].start..words[range.end - 1].end);
        let pieces: Vec<&str> = self
            .passages
            .iter()
            .filter_map(|p| {
                let start = p.byte_start as usize;
                let from = bytes.start.max(start);
                let to = bytes.end.min(p.byte_end as usize);
                (from < to).then(|| self.original.text(p)?.get(from - start..to - start))?
            })
            .collect();
        squash_whitespace(&pieces.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(text: &str, paragraph: u64, byte_start: u64) -> PassageRecord {
        PassageRecord {
            kind: Default::default(),
            doc_id: "d.txt".into(),
            path: "d.txt".into(),
            source: "/corpus/d.txt".into(),
            title: "T".into(),
            section: None,
            paragraph,
            line_start: paragraph,
            line_end: paragraph,
            byte_start,
            byte_end: byte_start + text.len() as u64,
            text: text.into(),
            page: None,
            url: None,
        }
    }

    #[test]
    fn a_quote_without_words_is_an_error() {
        let err = Quote::new(" “ — ” ").err().unwrap();
        assert!(err.to_string().contains("no words"), "{err}");
    }

    #[test]
    fn a_quote_is_found_across_a_paragraph_break_with_its_exact_span() {
        let file = "One passage ends here.\n\nThe next begins here.\n";
        let original = Original::File(file.into());
        let passages = [
            passage("One passage ends here.", 1, 0),
            passage("The next begins here.", 3, 24),
        ];
        let examined = Examined::new(&passages, &original).unwrap();
        let wanted = Quote::new("\"ends here. The next\"").unwrap();
        let found = examined.normalized.find_all(wanted.normalized.as_str());
        assert_eq!(found.len(), 1);
        let place = examined.place(found[0].clone(), 1.0, Vec::new());
        assert_eq!(
            &file[place.span.byte_start as usize..place.span.byte_end as usize],
            "ends here.\n\nThe next"
        );
        assert_eq!(
            place.span.start,
            Position {
                line: 1,
                column: 13
            }
        );
        assert_eq!(place.span.end, Position { line: 3, column: 8 });
        assert_eq!(place.passages.len(), 2);
        assert_eq!(place.citation().location(), "d.txt:1-3");
        assert_eq!(place.highlights, [12..22, 24..32], "{:?}", place.text);
    }

    #[test]
    fn a_changed_number_is_a_close_place_with_the_change_named() {
        let file = "In 2016-2020, 69% of Azerbaijan’s arms imports came from Israel.";
        let original = Original::File(file.into());
        let passages = [passage(file, 1, 0)];
        let examined = Examined::new(&passages, &original).unwrap();
        let wanted = Quote::new("79% of Azerbaijan's arms imports came from Israel").unwrap();
        assert!(examined
            .normalized
            .find_all(wanted.normalized.as_str())
            .is_empty());
        let place = examined.closest(&wanted).unwrap().0;
        assert!(
            place.similarity > 0.85 && place.similarity < 1.0,
            "{}",
            place.similarity
        );
        let changes: Vec<_> = place
            .diff
            .iter()
            .filter(|d| d.kind != DiffKind::Same)
            .map(|d| (d.kind, d.quote.as_str(), d.source.as_str()))
            .collect();
        assert_eq!(changes, [(DiffKind::Changed, "79%", "69%")]);
        assert_eq!(
            place.diff[1].source,
            "of Azerbaijan’s arms imports came from Israel."
        );
        assert_eq!(
            place.diff[1].quote,
            "of Azerbaijan's arms imports came from Israel"
        );
    }
}
