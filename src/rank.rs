//! Ranking: the order in which matches come.
//!
//! tantivy finds what a query matches and scores it with BM25 at fixed parameters (k1 = 1.2,
//! b = 0.75), each field on its own. sleuth takes tantivy's best [`Ranking::depth`] matches as
//! candidates and scores them again with BM25F: a word's occurrences in the text and in the title
//! (and section) add up, the title's weighted, before the term frequency saturates, so a word in
//! the title counts like several in the text instead of like a separate, weaker match. Measured on
//! SciFact's training claims this raised nDCG@10 from 0.687 to 0.703; the levers tried and their
//! figures are in `EVAL.md`. Matches below the re-scored depth keep tantivy's order after the
//! re-scored ones, so paging stays consistent.

use std::collections::HashMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::postings::Postings;
use tantivy::query::{Bm25StatisticsProvider, Query};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED};

use crate::error::{Error, Result};
use crate::query::{self, Target};
use crate::query_syntax::ParsedQuery;
use crate::schema::{Fields, KIND_DOCUMENT, KIND_PASSAGE};

/// A term the query searches in one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoringTerm {
    /// The field searched.
    pub field: Field,
    /// The term, as the field's analyzer writes it.
    pub text: String,
}

impl ScoringTerm {
    /// `text` in `field`.
    pub fn new(field: Field, text: &str) -> ScoringTerm {
        ScoringTerm {
            field,
            text: text.to_string(),
        }
    }
}

/// How documents are scored when documents are ranked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DocumentScore {
    /// By the document-level fields (the whole text and the title), as `sleuth search --docs`
    /// does: on SciFact this ranks better than the best passage.
    #[default]
    Fields,
    /// By the score of the document's best passage.
    BestPassage,
}

/// How matches are ordered. `Ranking::default()` is what `sleuth search` and `sleuth eval` use;
/// other values exist to measure alternatives (`examples/levers.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// How many of tantivy's best matches are re-scored; 0 keeps tantivy's scores.
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
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            depth: 1000,
            k1: 1.2,
            b: 0.75,
            title_weight: 3.0,
            section_weight: query::SECTION_WEIGHT,
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

    fn field_weight(&self, fields: &Fields, field: Field) -> f32 {
        if field == fields.title || field == fields.doc_title {
            self.title_weight
        } else if field == fields.section {
            self.section_weight
        } else {
            1.0
        }
    }
}

/// BM25 statistics counted over one kind of record only, so that passage and document records do
/// not distort each other's average field lengths and document frequencies.
struct KindStatistics<'a> {
    searcher: &'a Searcher,
    records: u64,
}

impl<'a> KindStatistics<'a> {
    /// Statistics over the records of `kind` ([`KIND_PASSAGE`] or [`KIND_DOCUMENT`]).
    fn new(searcher: &'a Searcher, fields: &Fields, kind: &str) -> Result<Self> {
        let records = searcher.doc_freq(&Term::from_field_text(fields.kind, kind))?;
        Ok(KindStatistics {
            searcher,
            records: records.max(1),
        })
    }
}

impl Bm25StatisticsProvider for KindStatistics<'_> {
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

/// Scored matches, best first.
pub type Scored = Vec<(f32, DocAddress)>;

/// Ranks the passages or the documents of one index.
pub struct Ranker<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    stats: KindStatistics<'a>,
    ranking: &'a Ranking,
}

impl<'a> Ranker<'a> {
    /// A ranker of `target` records in `ranking`'s order.
    pub fn new(
        searcher: &'a Searcher,
        fields: &'a Fields,
        target: Target,
        ranking: &'a Ranking,
    ) -> Result<Ranker<'a>> {
        let kind = match target {
            Target::Passages => KIND_PASSAGE,
            Target::Documents => KIND_DOCUMENT,
        };
        Ok(Ranker {
            searcher,
            fields,
            stats: KindStatistics::new(searcher, fields, kind)?,
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
    ) -> Result<(usize, Scored)> {
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
            self.rescore(head, terms)?;
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
    fn candidates(&self, query: &dyn Query, wanted: usize) -> Result<(usize, Scored)> {
        let collector = TopDocs::with_limit(wanted).order_by_score();
        Ok(self.searcher.search_with_statistics_provider(
            query,
            &(Count, collector),
            &self.stats,
        )?)
    }

    /// Replaces each candidate's score by its BM25F score over `terms`.
    fn rescore(&self, candidates: &mut [(f32, DocAddress)], terms: &[ScoringTerm]) -> Result<()> {
        let ranking = self.ranking;
        let docs = CandidateDocs::new(candidates);
        let records = self.stats.total_num_docs()? as f32;
        // Per word: its weight in the query times its idf (that of its first field, the text),
        // and per candidate the sum over fields of weighted, length-normalized frequencies.
        let mut words: Vec<(&ScoringTerm, f32, Vec<f32>)> = Vec::new();
        for (term, repeats) in count_repeats(terms) {
            let field_weight = ranking.field_weight(self.fields, term.field);
            let key = Term::from_field_text(term.field, &term.text);
            let average_length =
                (self.stats.total_num_tokens(term.field)? as f32 / records).max(1.0);
            let tfs = docs.normalized_tfs(self.searcher, &key, average_length, ranking.b)?;
            let same_word = words
                .iter_mut()
                .find(|(word, _, _)| self.is_same_word(word, term));
            match same_word {
                Some((_, _, sums)) => {
                    for (sum, tf) in sums.iter_mut().zip(&tfs) {
                        *sum += field_weight * tf;
                    }
                }
                None => {
                    let idf = idf(self.stats.doc_freq(&key)? as f32, records);
                    words.push((
                        term,
                        repeats * idf,
                        tfs.iter().map(|tf| field_weight * tf).collect(),
                    ));
                }
            }
        }
        let k1 = ranking.k1;
        for (i, (score, _)) in candidates.iter_mut().enumerate() {
            *score = words
                .iter()
                .map(|(_, weight, tfs)| weight * tfs[i] * (k1 + 1.0) / (tfs[i] + k1))
                .sum();
        }
        Ok(())
    }

    /// Whether two terms are the same word in the same view (stemmed or exact), so that their
    /// frequencies add up.
    fn is_same_word(&self, a: &ScoringTerm, b: &ScoringTerm) -> bool {
        let exact = self.fields.body_exact;
        a.text == b.text && (a.field == exact) == (b.field == exact)
    }
}

/// The candidates, grouped by segment in doc id order so that each posting list is read forward
/// once.
struct CandidateDocs {
    /// Per segment: (doc id, index in the candidate list), by doc id.
    segments: Vec<(u32, Vec<(u32, usize)>)>,
    len: usize,
}

impl CandidateDocs {
    fn new(candidates: &[(f32, DocAddress)]) -> CandidateDocs {
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

    /// Per candidate, the frequency of `term` divided by BM25's length normalization
    /// `1 - b + b * length / average_length` (0 where the term does not occur).
    fn normalized_tfs(
        &self,
        searcher: &Searcher,
        term: &Term,
        average_length: f32,
        b: f32,
    ) -> Result<Vec<f32>> {
        let mut tfs = vec![0.0; self.len];
        for (segment_ord, docs) in &self.segments {
            let segment = searcher.segment_reader(*segment_ord);
            let postings = segment
                .inverted_index(term.field())?
                .read_postings(term, IndexRecordOption::WithFreqs)
                .map_err(|err| Error::Tantivy(err.into()))?;
            let Some(mut postings) = postings else {
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
                    tfs[i] = postings.term_freq() as f32 / (1.0 - b + b * length / average_length);
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
fn count_repeats(terms: &[ScoringTerm]) -> Vec<(&ScoringTerm, f32)> {
    let mut counted: Vec<(&ScoringTerm, f32)> = Vec::with_capacity(terms.len());
    for term in terms {
        match counted.iter_mut().find(|(seen, _)| *seen == term) {
            Some((_, count)) => *count += 1.0,
            None => counted.push((term, 1.0)),
        }
    }
    counted
}

/// The best `limit` documents for `parsed`, as (document id, score), best first, each scored as
/// `by` says; no passage is read, so this is cheap enough to run thousands of times (evaluation).
pub fn documents(
    searcher: &Searcher,
    fields: &Fields,
    parsed: &ParsedQuery,
    limit: usize,
    ranking: &Ranking,
    by: DocumentScore,
) -> Result<Vec<(String, f32)>> {
    let target = match by {
        DocumentScore::Fields => Target::Documents,
        DocumentScore::BestPassage => Target::Passages,
    };
    let compiled = query::compile(parsed, fields, searcher, target, false)?;
    let ranker = Ranker::new(searcher, fields, target, ranking)?;
    let mut fetch = limit;
    loop {
        let (total, top) = ranker.top(compiled.query.as_ref(), &compiled.terms, fetch, 0)?;
        let mut ranked: Vec<(String, f32)> = Vec::with_capacity(limit);
        for (score, address) in &top {
            let id = doc_id(searcher, *address)?;
            // A document's first (best) passage stands for it.
            if !ranked.iter().any(|(seen, _)| *seen == id) {
                ranked.push((id, *score));
            }
        }
        if ranked.len() >= limit || top.len() >= total {
            ranked.truncate(limit);
            return Ok(ranked);
        }
        fetch = fetch.saturating_mul(2);
    }
}

/// The document id of the record at `address`, from the fast field.
fn doc_id(searcher: &Searcher, address: DocAddress) -> Result<String> {
    let segment = searcher.segment_reader(address.segment_ord);
    let mut id = String::new();
    if let Some(ids) = segment.fast_fields().str(Fields::DOC_ID_NAME)? {
        if let Some(ord) = ids.ords().first(address.doc_id) {
            ids.ord_to_str(ord, &mut id)
                .map_err(|err| Error::Tantivy(err.into()))?;
        }
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::{sync, IndexOptions, SleuthIndex};

    /// An index of JSON-lines documents `(id, title, text)`.
    fn index_of(docs: &[(&str, &str, &str)]) -> (tempfile::TempDir, SleuthIndex) {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus.jsonl");
        let lines: String = docs
            .iter()
            .map(|(id, title, text)| {
                serde_json::json!({"_id": id, "title": title, "text": text}).to_string() + "\n"
            })
            .collect();
        std::fs::write(&corpus, lines).unwrap();
        let mut options = IndexOptions::new(dir.path().join("index"));
        options.corpus = Some(vec![corpus]);
        sync(&options).unwrap();
        let index = SleuthIndex::open(&dir.path().join("index")).unwrap();
        (dir, index)
    }

    fn ranked_documents(
        index: &SleuthIndex,
        query: &str,
        ranking: &Ranking,
        by: DocumentScore,
    ) -> Vec<(String, f32)> {
        let searcher = index.index.reader().unwrap().searcher();
        let parsed = query::parse(query, true).unwrap();
        documents(&searcher, &index.fields, &parsed, 10, ranking, by).unwrap()
    }

    const ZEBRAS: &[(&str, &str, &str)] = &[
        ("a", "Alpha", "zebra zebra lion"),
        ("b", "Zebra", "lion tiger"),
        ("c", "Other", "cat dog"),
    ];

    #[test]
    fn document_scores_are_bm25f_with_the_title_weighted_into_the_word() {
        let (_dir, index) = index_of(ZEBRAS);
        let ranked = ranked_documents(&index, "zebra", &Ranking::default(), DocumentScore::Fields);
        // One document in three has `zebra` in its text: idf = ln(1 + 2.5 / 1.5).
        let idf = (1.0f32 + 2.5 / 1.5).ln();
        let bm25 = |tf: f32| idf * tf * 2.2 / (tf + 1.2);
        // a: twice in a text of 3 words, the average text being 7/3 words long.
        let a = bm25(2.0 / (0.25 + 0.75 * 3.0 / (7.0 / 3.0)));
        // b: once in a title of average length, weighed 3.
        let b = bm25(3.0 * 1.0);
        assert_eq!(ranked.len(), 2, "{ranked:?}");
        assert_eq!(ranked[0].0, "b");
        assert!((ranked[0].1 - b).abs() < 1e-4, "{ranked:?} vs {b}");
        assert_eq!(ranked[1].0, "a");
        assert!((ranked[1].1 - a).abs() < 1e-4, "{ranked:?} vs {a}");
    }

    #[test]
    fn without_re_scoring_tantivy_ranks_the_title_match_lower() {
        let (_dir, index) = index_of(ZEBRAS);
        let ranked = ranked_documents(&index, "zebra", &Ranking::tantivy(), DocumentScore::Fields);
        let ids: Vec<&str> = ranked.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn a_word_typed_twice_weighs_twice() {
        let (_dir, index) = index_of(ZEBRAS);
        let once = ranked_documents(&index, "lion", &Ranking::default(), DocumentScore::Fields);
        let twice = ranked_documents(
            &index,
            "lion lion",
            &Ranking::default(),
            DocumentScore::Fields,
        );
        assert!(
            (twice[0].1 - 2.0 * once[0].1).abs() < 1e-4,
            "{once:?} {twice:?}"
        );
    }

    #[test]
    fn pages_continue_each_other_and_scores_never_rise_past_the_re_scored_depth() {
        let docs: Vec<(String, String, String)> = (1..=7)
            .map(|i| {
                let text = format!(
                    "{} filler words here {}",
                    "otter ".repeat(i),
                    "x ".repeat(i * 3)
                );
                (format!("d{i}"), format!("Title {i}"), text)
            })
            .collect();
        let docs: Vec<(&str, &str, &str)> = docs
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        let (_dir, index) = index_of(&docs);
        let searcher = index.index.reader().unwrap().searcher();
        let ranking = Ranking {
            depth: 3,
            ..Ranking::default()
        };
        let ranker = Ranker::new(&searcher, &index.fields, Target::Documents, &ranking).unwrap();
        let parsed = query::parse("otter", true).unwrap();
        let compiled =
            query::compile(&parsed, &index.fields, &searcher, Target::Documents, false).unwrap();
        let page = |limit, offset| {
            ranker
                .top(compiled.query.as_ref(), &compiled.terms, limit, offset)
                .unwrap()
        };
        let (total, all) = page(7, 0);
        assert_eq!((total, all.len()), (7, 7));
        assert!(
            all.windows(2).all(|w| w[0].0 >= w[1].0),
            "scores rise: {all:?}"
        );
        let paged: Scored = [page(2, 0).1, page(2, 2).1, page(3, 4).1].concat();
        assert_eq!(paged, all);
    }

    #[test]
    fn best_passage_scoring_lists_each_document_once() {
        let (_dir, index) = index_of(&[
            (
                "long",
                "Notes",
                "Otters swim.\n\nOtters eat fish.\n\nOtters sleep.",
            ),
            ("short", "More", "An otter."),
        ]);
        let ranked = ranked_documents(
            &index,
            "otters",
            &Ranking::default(),
            DocumentScore::BestPassage,
        );
        let ids: Vec<&str> = ranked.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids.contains(&"long") && ids.contains(&"short"), "{ids:?}");
    }
}
