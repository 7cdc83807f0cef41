//! Ranking passages: tantivy's best matches re-scored with BM25F over the passage text, section
//! and title, with statistics counted over passage records only.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Bm25StatisticsProvider, Query};
use tantivy::schema::{Field, Term};
use tantivy::{DocAddress, Searcher};

use std::collections::HashMap;

use super::{add_evidence, count_repeats, idf, CandidateDocs, Ranking, ScoringTerm};
use crate::error::Result;
use crate::index::schema::{Fields, KIND_PASSAGE};

/// BM25 statistics counted over passage records only, so that document records do not distort
/// average field lengths and document frequencies.
pub(super) struct PassageStatistics<'a> {
    searcher: &'a Searcher,
    records: u64,
}

impl<'a> PassageStatistics<'a> {
    fn new(searcher: &'a Searcher, fields: &Fields) -> Result<Self> {
        Ok(PassageStatistics {
            searcher,
            records: count_records(searcher, fields, KIND_PASSAGE)?,
        })
    }
}

impl Bm25StatisticsProvider for PassageStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.records)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        // A field shared by both kinds (none is, today) must not claim more records than exist.
        Ok(self.searcher.doc_freq(term)?.min(self.records))
    }
}

/// The number of records of `kind` (at least 1, so that averages stay defined).
fn count_records(searcher: &Searcher, fields: &Fields, kind: &str) -> Result<u64> {
    Ok(searcher
        .doc_freq(&Term::from_field_text(fields.kind, kind))?
        .max(1))
}
/// Scored records (their addresses in the searcher), best first.
pub type ScoredRecords = Vec<(f32, DocAddress)>;

/// Ranks the passages of one index.
pub struct Ranker<'a> {
    pub(super) searcher: &'a Searcher,
    pub(super) fields: &'a Fields,
    stats: PassageStatistics<'a>,
    pub(super) ranking: &'a Ranking,
}

impl<'a> Ranker<'a> {
    /// A ranker of passages in `ranking`'s order.
    pub fn new(
        searcher: &'a Searcher,
        fields: &'a Fields,
        ranking: &'a Ranking,
    ) -> Result<Ranker<'a>> {
        Ok(Ranker {
            searcher,
            fields,
            stats: PassageStatistics::new(searcher, fields)?,
            ranking,
        })
    }

    /// The total number of matches of `query` and the page `offset..offset + limit` of them, best
    /// first; `terms` are what the query searches.
    pub fn top(
        &self,
        query: &dyn Query,
        terms: &[ScoringTerm],
        limit: usize,
        offset: usize,
    ) -> Result<(usize, ScoredRecords)> {
        // tantivy allocates room for every hit asked for: never ask for more than there are records.
        let records = usize::try_from(self.searcher.num_docs()).unwrap_or(usize::MAX);
        let wanted = limit
            .saturating_add(offset)
            .max(self.ranking.depth)
            .clamp(1, records.max(1));
        let (total, mut candidates) = self.candidates(query, wanted)?;
        let depth = self.ranking.depth.min(candidates.len());
        if depth > 0 {
            let (head, tail) = candidates.split_at_mut(depth);
            let own_text = self.rescore(head, terms)?;
            after_own_text_matches(head, &own_text);
            // Matches past the re-scored depth follow in tantivy's order, never scoring above them.
            let floor = head.iter().map(|c| c.0).fold(f32::INFINITY, f32::min);
            for candidate in tail {
                candidate.0 = candidate.0.min(floor);
            }
            head.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        }
        Ok((
            total,
            candidates.into_iter().skip(offset).take(limit).collect(),
        ))
    }

    /// The number of matches and the best `wanted` of them by tantivy's scores.
    fn candidates(&self, query: &dyn Query, wanted: usize) -> Result<(usize, ScoredRecords)> {
        let collector = TopDocs::with_limit(wanted).order_by_score();
        Ok(self.searcher.search_with_statistics_provider(
            query,
            &(Count, collector),
            &self.stats,
        )?)
    }

    /// Replaces each candidate's score by its BM25F score over `terms`; says for each whether its
    /// own text (not only its title or section) holds a query word.
    fn rescore(
        &self,
        candidates: &mut [(f32, DocAddress)],
        terms: &[ScoringTerm],
    ) -> Result<Vec<bool>> {
        let mut own_text = vec![false; candidates.len()];
        let ranking = self.ranking;
        let docs = CandidateDocs::new(candidates);
        let records = self.stats.total_num_docs()? as f32;
        let mut words = Vec::new();
        for (term, repeats) in count_repeats(terms) {
            let index_terms = term.index_terms();
            let average_length =
                (self.stats.total_num_tokens(term.field)? as f32 / records).max(1.0);
            let tfs =
                docs.normalized_tfs(self.searcher, &index_terms, average_length, ranking.b)?;
            if term.field == self.fields.body {
                for (own, tf) in own_text.iter_mut().zip(&tfs) {
                    *own |= *tf > 0.0;
                }
            }
            let doc_freq = || word_doc_freq(self.searcher, &index_terms);
            let weight = ranking.field_weight(self.fields, term.field);
            add_evidence(&mut words, term, repeats, weight, doc_freq, tfs)?;
        }
        let scores = ranking.bm25f(&words, records, candidates.len());
        for (candidate, score) in candidates.iter_mut().zip(scores) {
            candidate.0 = score;
        }
        Ok(own_text)
    }
}

/// Scales down the scores of candidates whose own text matches no query word (only their title
/// or section does) to below every candidate whose text does, keeping their order among
/// themselves: a reader looking for a claim wants the passages that state it, not every
/// paragraph of a document whose title happens to hold the words.
fn after_own_text_matches(candidates: &mut [(f32, DocAddress)], own_text: &[bool]) {
    let scores = |own: bool| {
        candidates
            .iter()
            .zip(own_text)
            .filter(move |(_, &o)| o == own)
            .map(|(c, _)| c.0)
    };
    let lowest_own = scores(true).fold(f32::INFINITY, f32::min);
    let highest_other = scores(false).fold(0.0, f32::max);
    if !lowest_own.is_finite() || highest_other < lowest_own {
        return;
    }
    let scale = 0.9 * lowest_own / highest_other;
    for (candidate, &own) in candidates.iter_mut().zip(own_text) {
        if !own {
            candidate.0 *= scale;
        }
    }
}

/// Each passage-text word of `terms` with its idf over the passages (keyed by the term's text: a
/// stem, or a word as written): how much a snippet gains by showing it.
pub fn word_weights(
    searcher: &Searcher,
    fields: &Fields,
    terms: &[ScoringTerm],
) -> Result<HashMap<String, f32>> {
    let records = count_records(searcher, fields, KIND_PASSAGE)? as f32;
    let mut weights = HashMap::new();
    for term in terms.iter().filter(|t| t.field == fields.body) {
        let doc_freq = word_doc_freq(searcher, &term.index_terms())? as f32;
        weights.insert(term.text.clone(), idf(doc_freq, records));
    }
    Ok(weights)
}

/// The document frequency of a word written in several ways (`terms`: its inflections): that of
/// its most frequent form, as Lucene's `SynonymQuery` counts it. Counting the records that hold any
/// form would mean reading every form's postings on every search.
fn word_doc_freq(searcher: &Searcher, terms: &[Term]) -> Result<u64> {
    let mut most = 0;
    for term in terms {
        most = most.max(searcher.doc_freq(term)?);
    }
    Ok(most)
}
