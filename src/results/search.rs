//! Running a query: ranked passages (or documents with their best passage) as plain data.

use std::ops::Range;

pub use crate::embed::fuse::ScoreParts;
use crate::engine::Engine;
use crate::error::Result;
pub use crate::index::record::PassageRecord;
use crate::query::QueryNote;
use crate::results::snippet::{self, Snippet, SNIPPET_CHARS};

/// Most hits a search returns at once: more than anyone reads; page with `offset` for more.
pub const MAX_LIMIT: usize = 1_000;
/// Furthest a search pages: the hits past 10,000 are not worth ranking.
pub const MAX_OFFSET: usize = 10_000;

/// How to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Most hits to return.
    pub limit: usize,
    /// Hits to skip before the first returned (for paging).
    pub offset: usize,
    /// Rank whole documents, one hit each with its best passage.
    pub documents: bool,
    /// Read the query as plain words, without operators.
    pub literal: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            documents: false,
            literal: false,
        }
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// 1-based rank (counting skipped hits).
    pub rank: usize,
    /// BM25 score; ranked by meaning too, the fused score (0 to 1).
    pub score: f32,
    /// Ranked by meaning too: the two scores `score` fuses.
    pub parts: Option<ScoreParts>,
    /// The passage.
    pub passage: PassageRecord,
    /// Byte ranges of matched words in `passage.text`.
    pub highlights: Vec<Range<usize>>,
    /// A short fragment around the matches.
    pub snippet: Snippet,
}

impl Hit {
    /// Whether the hit was found by meaning alone: it has no matched words to mark.
    pub fn is_matched_by_meaning(&self) -> bool {
        self.parts.is_some_and(|p| p.lexical.is_none())
    }
}

/// What a search found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// How many passages (or documents) match in all.
    pub total: usize,
    /// How many of them were skipped before the first hit (the page's start).
    pub offset: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// Notes on how the query was read (parts taken as plain words) and on limits that applied.
    pub notes: Vec<SearchNote>,
}

/// A note on a search: how its query was read, or a limit on what it returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchNote {
    /// How the query text was read.
    Query(QueryNote),
    /// More hits were asked for than a search returns at once: `max` were returned.
    LimitCapped {
        /// The most a search returns ([`MAX_LIMIT`]).
        max: usize,
    },
    /// The page starts past the last hit ranked: none were returned.
    OffsetCapped {
        /// The last hit ranked ([`MAX_OFFSET`]).
        max: usize,
    },
}

/// Searches the index of `engine` for `query_text`.
pub fn search(engine: &Engine, query_text: &str, options: &SearchOptions) -> Result<SearchResults> {
    let mut notes = Vec::new();
    let mut options = options.clone();
    if options.limit > MAX_LIMIT {
        notes.push(SearchNote::LimitCapped { max: MAX_LIMIT });
        options.limit = MAX_LIMIT;
    }
    if options.offset > MAX_OFFSET {
        notes.push(SearchNote::OffsetCapped { max: MAX_OFFSET });
        (options.offset, options.limit) = (MAX_OFFSET, 0);
    }
    let options = &options;
    let query = engine.query(query_text, options.literal)?;
    let (total, passages, parts) = if options.documents {
        let documents = engine.documents(&query, options.limit, options.offset)?;
        let mut passages = Vec::with_capacity(documents.items.len());
        for (i, (score, doc_id)) in documents.items.into_iter().enumerate() {
            // A document found by meaning alone shows its passage nearest in meaning.
            let passage = match documents.parts.get(i) {
                Some(parts) if parts.lexical.is_none() => {
                    engine.nearest_passage(&query, &doc_id)?
                }
                _ => engine.best_passage(&query, &doc_id)?,
            };
            passages.push((score, passage));
        }
        (documents.total, passages, documents.parts)
    } else {
        let page = engine.passages(&query, options.limit, options.offset)?;
        let passages = page.items.into_iter().map(|(score, p)| (score, Some(p)));
        (page.total, passages.collect(), page.parts)
    };
    let weights = engine.word_weights(&query)?;
    let mut hits = Vec::with_capacity(passages.len());
    for (i, (score, passage)) in passages.into_iter().enumerate() {
        let Some(passage) = passage else { continue };
        let parts = parts.get(i).copied();
        // A hit found by meaning alone matched no word: nothing to mark.
        let marks = if parts.is_some_and(|p| p.lexical.is_none()) {
            Vec::new()
        } else {
            snippet::marks(&passage.text, query.highlights(), &weights)
        };
        let snippet = snippet::fragment(&passage.text, &marks, SNIPPET_CHARS);
        let highlights = snippet::merge(marks.into_iter().map(|m| m.range).collect());
        hits.push(Hit {
            rank: options.offset + i + 1,
            score,
            parts,
            passage,
            highlights,
            snippet,
        });
    }
    Ok(SearchResults {
        query: query_text.to_string(),
        total,
        offset: options.offset,
        hits,
        notes: query
            .notes()
            .iter()
            .cloned()
            .map(SearchNote::Query)
            .chain(notes)
            .collect(),
    })
}
