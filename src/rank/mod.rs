//! Ranking: the order in which matches come.
//!
//! tantivy finds what a query matches and scores it with BM25 at fixed parameters (k1 = 1.2,
//! b = 0.75), each field on its own. sleuth takes tantivy's best [`Ranking::depth`] matches as
//! candidates and scores them again with BM25F: a word's occurrences in the text and in the title
//! (and section) add up, the title's weighted, before the term frequency saturates, so a word in
//! the title counts like several in the text instead of like a separate, weaker match. What this
//! gains on SciFact, and every lever tried, is in `EVAL.md`. Matches below the re-scored depth keep tantivy's order after the
//! re-scored ones, so paging stays consistent.
//!
//! Documents are ranked as a whole ([`Ranker::documents`]): every document with a matching passage is
//! scored with BM25F over all its passages and its title, from the passages' postings.

use std::collections::HashMap;

use tantivy::collector::Count;
use tantivy::postings::Postings;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::{DocAddress, DocSet, Searcher, SegmentReader, TERMINATED};

use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::query::{self, ScoringTerm};

mod documents;
mod passages;
pub mod tally;
#[cfg(test)]
mod tests;

pub use documents::document_id;
pub use passages::{word_weights, Ranker, ScoredRecords};

/// How documents are scored when documents are ranked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DocumentScore {
    /// As a whole: the words of all its passages and of its title, as `sleuth search --docs`
    /// does. On SciFact this ranks better than the best passage.
    #[default]
    Whole,
    /// By the score of the document's best passage.
    BestPassage,
}

/// How matches are ordered. `Ranking::default()` is what `sleuth search` and `sleuth eval` use;
/// other values exist to measure alternatives (`examples/levers.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// How many of tantivy's best passages are re-scored; 0 keeps tantivy's scores. Documents
    /// are always all scored.
    pub depth: usize,
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// BM25 length normalization (0 none, 1 full).
    pub b: f32,
    /// Weight of an occurrence in the title, relative to one in the text (after each is
    /// normalized by its field's length).
    pub title_weight: f32,
    /// Weight of an occurrence in the section heading, relative to one in the text.
    pub section_weight: f32,
    /// How documents are scored when documents are ranked.
    pub documents: DocumentScore,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            depth: 1000,
            k1: 1.2,
            b: 0.75,
            title_weight: 3.0,
            section_weight: query::SECTION_WEIGHT,
            documents: DocumentScore::Whole,
        }
    }
}

impl Ranking {
    /// tantivy's own scores, without re-scoring: the ranking sleuth had before it was tuned.
    pub fn tantivy() -> Ranking {
        Ranking {
            depth: 0,
            ..Ranking::default()
        }
    }

    pub(crate) fn field_weight(&self, fields: &Fields, field: Field) -> f32 {
        if field == fields.title || field == fields.doc_title {
            self.title_weight
        } else if field == fields.section {
            self.section_weight
        } else {
            1.0
        }
    }

    /// BM25F: per word, its weight in the query times its idf, and per candidate the sum over
    /// fields of weighted, length-normalized frequencies, saturated once.
    pub(crate) fn bm25f(
        &self,
        words: &[WordEvidence],
        records: f32,
        candidates: usize,
    ) -> Vec<f32> {
        let k1 = self.k1;
        (0..candidates)
            .map(|i| {
                words
                    .iter()
                    .map(|word| {
                        let tf = word.tfs[i];
                        word.repeats * idf(word.doc_freq, records) * tf * (k1 + 1.0) / (tf + k1)
                    })
                    // Not `sum()`: an empty float sum is -0.0, printed as a negative score.
                    .fold(0.0, |total, score| total + score)
            })
            .collect()
    }
}

/// What is known of one query word over the candidates: how often it was typed, its document
/// frequency (that of its first field, the text) and per candidate its weighted, length-normalized
/// frequency summed over fields.
pub(crate) struct WordEvidence<'t> {
    term: &'t ScoringTerm,
    repeats: f32,
    doc_freq: f32,
    tfs: Vec<f32>,
}

/// Adds one term's evidence to the word it belongs to, or makes it a new word.
pub(crate) fn add_evidence<'t>(
    words: &mut Vec<WordEvidence<'t>>,
    term: &'t ScoringTerm,
    repeats: f32,
    field_weight: f32,
    doc_freq: impl FnOnce() -> Result<u64>,
    tfs: Vec<f32>,
) -> Result<()> {
    match words.iter_mut().find(|word| word.term.is_same_word(term)) {
        Some(word) => {
            for (sum, tf) in word.tfs.iter_mut().zip(&tfs) {
                *sum += field_weight * tf;
            }
        }
        None => words.push(WordEvidence {
            term,
            repeats,
            doc_freq: doc_freq()? as f32,
            tfs: tfs.iter().map(|tf| field_weight * tf).collect(),
        }),
    }
    Ok(())
}

/// The number of live records of `kind` (at least 1). Unlike a term's document frequency, this
/// does not count records replaced since the last merge.
pub(crate) fn count_alive(searcher: &Searcher, fields: &Fields, kind: &str) -> Result<u64> {
    let kind = TermQuery::new(
        Term::from_field_text(fields.kind, kind),
        IndexRecordOption::Basic,
    );
    Ok((searcher.search(&kind, &Count)? as u64).max(1))
}

pub(crate) fn read_postings(
    segment: &SegmentReader,
    term: &Term,
    option: IndexRecordOption,
) -> Result<Option<tantivy::postings::SegmentPostings>> {
    segment
        .inverted_index(term.field())?
        .read_postings(term, option)
        .map_err(|err| Error::Tantivy(err.into()))
}

/// The candidates, grouped by segment in doc id order so that each posting list is read forward
/// once.
pub(crate) struct CandidateDocs {
    /// Per segment: (doc id, index in the candidate list), by doc id.
    segments: Vec<(u32, Vec<(u32, usize)>)>,
    len: usize,
}

impl CandidateDocs {
    pub(crate) fn new(candidates: &[(f32, DocAddress)]) -> CandidateDocs {
        let mut by_segment: HashMap<u32, Vec<(u32, usize)>> = HashMap::new();
        for (i, (_, address)) in candidates.iter().enumerate() {
            by_segment
                .entry(address.segment_ord)
                .or_default()
                .push((address.doc_id, i));
        }
        let mut segments: Vec<_> = by_segment.into_iter().collect();
        for (_, docs) in &mut segments {
            docs.sort_unstable();
        }
        CandidateDocs {
            segments,
            len: candidates.len(),
        }
    }

    /// Per candidate, the frequency of `terms` (all of one field) divided by BM25's length
    /// normalization `1 - b + b * length / average_length` (0 where no term occurs).
    pub(crate) fn normalized_tfs(
        &self,
        searcher: &Searcher,
        terms: &[Term],
        average_length: f32,
        b: f32,
    ) -> Result<Vec<f32>> {
        let mut tfs = vec![0.0; self.len];
        for (segment_ord, docs) in &self.segments {
            let segment = searcher.segment_reader(*segment_ord);
            for term in terms {
                let Some(mut postings) =
                    read_postings(segment, term, IndexRecordOption::WithFreqs)?
                else {
                    continue;
                };
                let lengths = segment.get_fieldnorms_reader(term.field())?;
                for &(doc, i) in docs {
                    if postings.doc() < doc {
                        postings.seek(doc);
                    }
                    if postings.doc() == TERMINATED {
                        break;
                    }
                    if postings.doc() == doc {
                        let length = lengths.fieldnorm(doc) as f32;
                        tfs[i] +=
                            postings.term_freq() as f32 / (1.0 - b + b * length / average_length);
                    }
                }
            }
        }
        Ok(tfs)
    }
}

/// BM25's inverse document frequency, as tantivy and Lucene compute it.
fn idf(doc_freq: f32, records: f32) -> f32 {
    let doc_freq = doc_freq.min(records);
    (1.0 + (records - doc_freq + 0.5) / (doc_freq + 0.5)).ln()
}

/// Each distinct term of `terms` once, with how many times it occurs: a word typed twice weighs
/// twice.
pub(crate) fn count_repeats(terms: &[ScoringTerm]) -> Vec<(&ScoringTerm, f32)> {
    let mut counted: Vec<(&ScoringTerm, f32)> = Vec::with_capacity(terms.len());
    for term in terms {
        match counted.iter_mut().find(|(seen, _)| *seen == term) {
            Some((_, count)) => *count += 1.0,
            None => counted.push((term, 1.0)),
        }
    }
    counted
}
