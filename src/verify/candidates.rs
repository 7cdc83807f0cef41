//! Which passages might hold a quote: the index proposes them, and [`super::verify`] reads each in
//! its original to decide. The candidates are the passages holding the quote's words as a phrase,
//! and those sharing the most words with it, each with its neighbours in the same section (a quote
//! may run across a paragraph break). For an `absent` quote, the keyword hits are what is nearest.

use std::collections::HashSet;

use super::{Examined, Originals, Quote, QuoteMatch, Span};
use crate::engine::Engine;
use crate::error::Result;
use crate::index::record::PassageRecord;
use crate::query::{MAX_QUERY_CHARS, MAX_QUERY_WORDS};
use crate::results::locate::DocumentPassages;
use crate::results::search::{self, SearchOptions};

/// Passages that share the most words with the quote, examined for spanning and close matches.
const KEYWORD_CANDIDATES: usize = 20;

/// What the index proposes for a quote.
pub(super) struct Candidates {
    /// Runs of consecutive passages to examine: first the phrase matches, one passage each, then
    /// the keyword hits with their neighbours.
    pub(super) regions: Vec<Vec<PassageRecord>>,
    /// How many passages hold the quote's words as a phrase.
    phrase_total: usize,
    /// How many of them lead `regions`.
    phrase_fetched: usize,
    /// The passages that share the most words with the quote, best first.
    pub(super) keyword_hits: Vec<search::Hit>,
}

impl Candidates {
    pub(super) fn find(engine: &Engine, wanted: &Quote, limit: usize) -> Result<Candidates> {
        let phrases = engine.phrases(&wanted.tokens, limit)?;
        let phrase_total = phrases.total;
        let phrase_passages: Vec<PassageRecord> = phrases
            .items
            .into_iter()
            .map(|(_, passage)| passage)
            .collect();
        let keyword_options = SearchOptions {
            limit: KEYWORD_CANDIDATES,
            literal: true,
            ..SearchOptions::default()
        };
        let keyword_hits = search::search(engine, &keywords(wanted.text), &keyword_options)?.hits;
        let phrase_fetched = phrase_passages.len();
        let mut regions: Vec<Vec<PassageRecord>> =
            phrase_passages.into_iter().map(|p| vec![p]).collect();
        let mut documents = DocumentPassages::new(engine);
        for hit in &keyword_hits {
            regions.push(documents.neighbourhood(&hit.passage)?);
        }
        Ok(Candidates {
            regions,
            phrase_total,
            phrase_fetched,
            keyword_hits,
        })
    }

    /// Phrase matches past the limit that were not examined: those the keyword hits brought in
    /// and that hold the quote were.
    pub(super) fn unchecked(&self, verbatim: &[QuoteMatch]) -> usize {
        let fetched = &self.regions[..self.phrase_fetched];
        let was_fetched = |p: &PassageRecord| {
            fetched
                .iter()
                .any(|r| r[0].doc_id == p.doc_id && r[0].byte_start == p.byte_start)
        };
        let found_past_the_limit: HashSet<(&str, u64)> = verbatim
            .iter()
            .filter_map(|m| match m.passages.as_slice() {
                [p] if !was_fetched(p) => Some((p.doc_id.as_str(), p.byte_start)),
                _ => None,
            })
            .collect();
        self.phrase_total
            .saturating_sub(self.phrase_fetched + found_past_the_limit.len())
    }
}

/// The words of a quote (or a claim) as a keyword query within the query limits: its first
/// distinct words.
pub fn keywords(quote: &str) -> String {
    let mut seen = HashSet::new();
    let mut query = String::new();
    for word in quote.split_whitespace() {
        if seen.len() == MAX_QUERY_WORDS || query.len() + word.len() >= MAX_QUERY_CHARS {
            break;
        }
        if seen.insert(word) {
            query.push_str(word);
            query.push(' ');
        }
    }
    query
}

/// The keyword `hits` as places, for an `absent` quote.
pub(super) fn nearest_by_keyword(
    hits: &[search::Hit],
    wanted: &Quote,
    originals: &mut Originals,
) -> Result<Vec<QuoteMatch>> {
    let mut nearest = Vec::new();
    for hit in hits {
        let region = std::slice::from_ref(&hit.passage);
        let original = originals.of(&hit.passage)?;
        let Some(examined) = Examined::new(region, original) else {
            continue;
        };
        let similarity = examined.closest(wanted).map_or(0.0, |(m, _)| m.similarity);
        let whole = 0..examined.normalized.as_str().len();
        let mut place = examined.place(whole, similarity, Vec::new());
        // The place is the whole passage, footnote markers and all.
        let passage = &hit.passage;
        if let Some(text) = original.text(passage) {
            let last = text.chars().next_back().unwrap_or(' ');
            let end = passage.byte_start as usize + text.len();
            place.span = Span {
                byte_start: passage.byte_start,
                byte_end: passage.byte_end,
                start: original.position(passage, passage.byte_start as usize),
                end: original.position(passage, end - last.len_utf8()),
            };
            place.pages = original
                .page_position(passage.byte_start as usize)
                .zip(original.page_position(end - last.len_utf8()));
        }
        place.highlights = hit.highlights.clone();
        nearest.push(place);
    }
    Ok(nearest)
}
