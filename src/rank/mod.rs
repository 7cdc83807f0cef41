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
//!
//! Documents are ranked as a whole ([`documents`]): every document with a matching passage is
//! scored with BM25F over all its passages and its title, from the passages' postings.

use std::collections::HashMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::postings::Postings;
use tantivy::query::{Bm25StatisticsProvider, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::{DocAddress, DocSet, Searcher, SegmentReader, TERMINATED};

use crate::error::{Error, Result};
use crate::query;
use crate::schema::{Fields, KIND_PASSAGE};

mod documents;

pub use documents::{document_id, documents};

/// Which view of a word a scored term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The word as written (case and diacritics folded).
    Exact,
    /// The word's stem: every inflection counts.
    Stemmed,
}

/// A term the query searches in one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoringTerm {
    /// The field searched.
    pub field: Field,
    /// The term, as the field's analyzer writes it (a stem in the stemmed view).
    pub text: String,
    /// Which view of the word `text` is.
    pub view: View,
    /// The index terms whose occurrences are this term's: `text` itself, except for a stem in
    /// the passage text (which holds words as written), where they are the words with that stem.
    pub forms: Vec<String>,
}

impl ScoringTerm {
    /// `text` of `view` in `field`, an index term itself.
    pub fn new(field: Field, text: &str, view: View) -> ScoringTerm {
        ScoringTerm {
            field,
            text: text.to_string(),
            view,
            forms: vec![text.to_string()],
        }
    }

    /// The stem `stem` in `field`, standing for the index terms `forms`.
    pub fn with_forms(field: Field, stem: &str, forms: Vec<String>) -> ScoringTerm {
        ScoringTerm {
            field,
            text: stem.to_string(),
            view: View::Stemmed,
            forms,
        }
    }

    /// The index terms whose occurrences are this term's ([`ScoringTerm::forms`]).
    pub(crate) fn index_terms(&self) -> Vec<Term> {
        self.forms
            .iter()
            .map(|form| Term::from_field_text(self.field, form))
            .collect()
    }

    /// Whether `other` is the same word in the same view, so that their frequencies add up.
    fn is_same_word(&self, other: &ScoringTerm) -> bool {
        self.text == other.text && self.view == other.view
    }
}

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

/// BM25 statistics counted over passage records only, so that document records do not distort
/// average field lengths and document frequencies.
struct PassageStatistics<'a> {
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

/// The number of live records of `kind` (at least 1). Unlike a term's document frequency, this
/// does not count records replaced since the last merge.
pub(crate) fn count_alive(searcher: &Searcher, fields: &Fields, kind: &str) -> Result<u64> {
    let kind = TermQuery::new(
        Term::from_field_text(fields.kind, kind),
        IndexRecordOption::Basic,
    );
    Ok((searcher.search(&kind, &Count)? as u64).max(1))
}

/// Scored matches, best first.
pub type Scored = Vec<(f32, DocAddress)>;

/// Ranks the passages of one index.
pub struct Ranker<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    stats: PassageStatistics<'a>,
    ranking: &'a Ranking,
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
        let mut words = Vec::new();
        for (term, repeats) in count_repeats(terms) {
            let index_terms = term.index_terms();
            let average_length =
                (self.stats.total_num_tokens(term.field)? as f32 / records).max(1.0);
            let tfs =
                docs.normalized_tfs(self.searcher, &index_terms, average_length, ranking.b)?;
            let doc_freq = || word_doc_freq(self.searcher, &index_terms);
            let weight = ranking.field_weight(self.fields, term.field);
            add_evidence(&mut words, term, repeats, weight, doc_freq, tfs)?;
        }
        let scores = ranking.bm25f(&words, records, candidates.len());
        for (candidate, score) in candidates.iter_mut().zip(scores) {
            candidate.0 = score;
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::{sync, IndexOptions, SleuthIndex};

    /// Writes JSON-lines documents `(id, title, text)` as the corpus of the index in `dir`, and
    /// brings the index up to date with it.
    fn sync_corpus(dir: &std::path::Path, docs: &[(&str, &str, &str)]) -> SleuthIndex {
        let corpus = dir.join("corpus.jsonl");
        let lines: String = docs
            .iter()
            .map(|(id, title, text)| {
                serde_json::json!({"_id": id, "title": title, "text": text}).to_string() + "\n"
            })
            .collect();
        std::fs::write(&corpus, lines).unwrap();
        let mut options = IndexOptions::new(dir.join("index"));
        options.corpus = Some(vec![corpus]);
        sync(&options).unwrap();
        SleuthIndex::open(&dir.join("index")).unwrap()
    }

    /// `text` (with operators unless `literal`) compiled over `index`.
    fn compiled(
        index: &SleuthIndex,
        searcher: &Searcher,
        text: &str,
        literal: bool,
    ) -> query::CompiledQuery {
        let parsed = query::parse(text, literal).unwrap();
        query::compile(&parsed, &index.fields, searcher, false).unwrap()
    }

    /// An index of JSON-lines documents `(id, title, text)`.
    fn index_of(docs: &[(&str, &str, &str)]) -> (tempfile::TempDir, SleuthIndex) {
        let dir = tempfile::tempdir().unwrap();
        let index = sync_corpus(dir.path(), docs);
        (dir, index)
    }

    fn ranked_documents(
        index: &SleuthIndex,
        query: &str,
        ranking: &Ranking,
        by: DocumentScore,
    ) -> Vec<(String, f32)> {
        let searcher = index.index.reader().unwrap().searcher();
        let compiled_query = compiled(index, &searcher, query, true);
        let (_, ranked) = documents(
            &searcher,
            &index.fields,
            &compiled_query,
            10,
            0,
            ranking,
            by,
        )
        .unwrap();
        ranked
            .into_iter()
            .map(|(score, document)| (document_id(&searcher, document).unwrap(), score))
            .collect()
    }

    const ZEBRAS: &[(&str, &str, &str)] = &[
        ("a", "Alpha", "zebra zebra lion"),
        ("b", "Zebra", "lion tiger"),
        ("c", "Other", "cat dog"),
    ];

    #[test]
    fn document_scores_are_bm25f_with_the_title_weighted_into_the_word() {
        let (_dir, index) = index_of(ZEBRAS);
        let ranked = ranked_documents(&index, "zebra", &Ranking::default(), DocumentScore::Whole);
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
    fn a_documents_frequencies_and_length_are_the_sums_over_its_passages() {
        let (_dir, index) = index_of(&[
            (
                "long",
                "Notes",
                "The otter and the cat sat in the sun.\n\nA big red fish swam in the river.\n\n\
                 One otter and one other otter sat.",
            ),
            ("short", "More", "An otter swam by the big river."),
        ]);
        let ranked = ranked_documents(&index, "otter", &Ranking::default(), DocumentScore::Whole);
        // Both documents hold `otter`: idf = ln(1 + 0.5 / 2.5). `long` has it 3 times in 24
        // words (9 + 8 + 7), `short` once in 7; the average document is 15.5 words long.
        let idf = (1.0f32 + 0.5 / 2.5).ln();
        let bm25 = |tf: f32, length: f32| {
            let tf = tf / (0.25 + 0.75 * length / 15.5);
            idf * tf * 2.2 / (tf + 1.2)
        };
        assert_eq!(ranked.len(), 2, "{ranked:?}");
        assert_eq!(ranked[0].0, "long");
        assert!((ranked[0].1 - bm25(3.0, 24.0)).abs() < 1e-4, "{ranked:?}");
        assert!((ranked[1].1 - bm25(1.0, 7.0)).abs() < 1e-4, "{ranked:?}");
    }

    /// Every matching document's score, by id.
    fn all_documents(index: &SleuthIndex, query: &str) -> HashMap<String, f32> {
        let searcher = index.index.reader().unwrap().searcher();
        let compiled_query = compiled(index, &searcher, query, true);
        let by = DocumentScore::Whole;
        let (total, ranked) = documents(
            &searcher,
            &index.fields,
            &compiled_query,
            1000,
            0,
            &Ranking::default(),
            by,
        )
        .unwrap();
        assert_eq!(total, ranked.len());
        let scores: HashMap<String, f32> = ranked
            .into_iter()
            .map(|(score, document)| (document_id(&searcher, document).unwrap(), score))
            .collect();
        assert_eq!(scores.len(), total, "a document listed twice");
        scores
    }

    #[test]
    fn documents_score_the_same_after_updates_as_in_a_fresh_index() {
        let before: Vec<(String, String, String)> = (0..40)
            .map(|i| {
                let text = format!("Otter {i}.\n\n{}\n\nSome river.", "otter ".repeat(i % 5));
                (format!("d{i}"), format!("Title {i}"), text)
            })
            .collect();
        let mut after = before.clone();
        for (i, doc) in after.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0) {
            doc.2 = format!("Changed.\n\n{}river otter", "otter ".repeat(i % 7));
        }
        fn as_refs(docs: &[(String, String, String)]) -> Vec<(&str, &str, &str)> {
            docs.iter()
                .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
                .collect()
        }
        let updated_dir = tempfile::tempdir().unwrap();
        sync_corpus(updated_dir.path(), &as_refs(&before));
        let updated = sync_corpus(updated_dir.path(), &as_refs(&after));
        let (_fresh_dir, fresh) = index_of(&as_refs(&after));
        let queries = ["otter", "river otter", "changed", "title"];
        // Before a merge, replaced records still count in tantivy's statistics, so scores
        // differ a little; but the same documents match, each once.
        let segments = updated.index.searchable_segment_ids().unwrap();
        assert!(segments.len() > 1);
        for query in queries {
            let mut got: Vec<String> = all_documents(&updated, query).into_keys().collect();
            let mut expected: Vec<String> = all_documents(&fresh, query).into_keys().collect();
            got.sort();
            expected.sort();
            assert_eq!(got, expected, "{query}");
        }
        // Merged, the updated index holds what the fresh one does, in the same order per
        // document: the scores are the same.
        let mut writer: tantivy::IndexWriter = updated.index.writer(50_000_000).unwrap();
        writer.merge(&segments).wait().unwrap();
        writer.commit().unwrap();
        let merged = SleuthIndex::open(&updated_dir.path().join("index")).unwrap();
        assert_eq!(merged.index.searchable_segment_ids().unwrap().len(), 1);
        for query in queries {
            let got = all_documents(&merged, query);
            let expected = all_documents(&fresh, query);
            assert_eq!(got.len(), expected.len(), "{query}");
            for (id, score) in &expected {
                assert!(
                    (got[id] - score).abs() < 1e-5,
                    "{query} {id}: {got:?} vs {expected:?}"
                );
            }
        }
    }

    #[test]
    fn a_document_matches_as_a_whole_its_required_and_excluded_words_anywhere_in_it() {
        let (_dir, index) = index_of(&[
            (
                "apart",
                "One",
                "The otter sat in the sun.\n\nA big river ran by the hill.",
            ),
            ("together", "Two", "An otter swam in the big river."),
            ("otter", "Three", "An otter sat in the sun."),
        ]);
        let searcher = index.index.reader().unwrap().searcher();
        let ids = |query: &str, by| -> Vec<String> {
            let compiled_query = compiled(&index, &searcher, query, false);
            let ranking = Ranking::default();
            let (total, ranked) = documents(
                &searcher,
                &index.fields,
                &compiled_query,
                10,
                0,
                &ranking,
                by,
            )
            .unwrap();
            assert_eq!(total, ranked.len());
            let mut ids: Vec<String> = ranked
                .into_iter()
                .map(|(_, d)| document_id(&searcher, d).unwrap())
                .collect();
            ids.sort();
            ids
        };
        let whole = DocumentScore::Whole;
        assert_eq!(ids("otter AND river", whole), ["apart", "together"]);
        assert_eq!(ids("+otter +(river OR lake)", whole), ["apart", "together"]);
        assert_eq!(ids("otter -river", whole), ["otter"]);
        assert_eq!(ids("\"big river\" -swam", whole), ["apart"]);
        assert_eq!(ids("otter doc:tog", whole), ["together"]);
        assert_eq!(ids("otter sun", whole), ["apart", "otter", "together"]);
        // Scored by their best passage, documents match where one passage does.
        assert_eq!(
            ids("otter AND river", DocumentScore::BestPassage),
            ["together"]
        );
    }

    #[test]
    fn a_word_typed_twice_weighs_twice() {
        let (_dir, index) = index_of(ZEBRAS);
        let once = ranked_documents(&index, "lion", &Ranking::default(), DocumentScore::Whole);
        let twice = ranked_documents(
            &index,
            "lion lion",
            &Ranking::default(),
            DocumentScore::Whole,
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
        let ranker = Ranker::new(&searcher, &index.fields, &ranking).unwrap();
        let parsed = query::parse("otter", true).unwrap();
        let compiled = query::compile(&parsed, &index.fields, &searcher, false).unwrap();
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

    #[test]
    fn a_page_of_documents_by_best_passage_holds_no_more_than_asked_for() {
        // The two best passages are one document's: filling the second page takes four
        // passages, which bring three documents.
        let (_dir, index) = index_of(&[
            (
                "top",
                "Notes",
                "Otters and otters and more otters swim here.\n\n\
                 Otters and otters and more otters sleep here.",
            ),
            (
                "a",
                "More",
                "An otter swam by the river bank on a long and quiet summer day.",
            ),
            (
                "b",
                "Other",
                "An otter sat on the old stone wall on a long and quiet summer day.",
            ),
        ]);
        let searcher = index.index.reader().unwrap().searcher();
        let compiled_query = compiled(&index, &searcher, "otters", true);
        let by = DocumentScore::BestPassage;
        let ranking = Ranking::default();
        let (_, first) = documents(
            &searcher,
            &index.fields,
            &compiled_query,
            1,
            0,
            &ranking,
            by,
        )
        .unwrap();
        let (_, second) = documents(
            &searcher,
            &index.fields,
            &compiled_query,
            1,
            1,
            &ranking,
            by,
        )
        .unwrap();
        assert_eq!((first.len(), second.len()), (1, 1), "{first:?} {second:?}");
        assert_eq!(document_id(&searcher, first[0].1).unwrap(), "top");
        assert_ne!(first[0].1, second[0].1);
    }
}
