//! Ranking: the order in which matches come.
//!
//! tantivy finds what a query matches and scores it with BM25 at fixed parameters (k1 = 1.2,
//! b = 0.75). sleuth takes tantivy's best [`Ranking::depth`] matches as candidates and scores them
//! again with its own BM25, whose parameters and field weights were tuned on a public benchmark
//! (SciFact's training claims; the measurements are in `EVAL.md`). Matches below that depth keep
//! tantivy's order after the re-scored ones, so paging stays consistent.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::postings::Postings;
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Term, Value};
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, TERMINATED};

use crate::analysis::stemmed_tokens;
use crate::error::{Error, Result};
use crate::query::{self, Target};
use crate::query_syntax::ParsedQuery;
use crate::schema::{Fields, KIND_DOCUMENT, KIND_PASSAGE};

/// A term the query searches in one field, with its weight in the query.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoringTerm {
    /// The field searched.
    pub field: Field,
    /// The term, as the field's analyzer writes it.
    pub text: String,
    /// Its weight in the query (1 for a word typed once).
    pub weight: f32,
}

impl ScoringTerm {
    /// `text` in `field`, with weight 1.
    pub fn new(field: Field, text: &str) -> ScoringTerm {
        ScoringTerm {
            field,
            text: text.to_string(),
            weight: 1.0,
        }
    }
}

/// How documents are scored when documents are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentScore {
    /// By the document-level fields (the whole text and the title).
    Fields,
    /// By the score of the document's best passage.
    BestPassage,
}

/// Pseudo-relevance feedback (RM3): the words that stand out in the best matches of a first
/// ranking are added to the query, and the matches ranked again.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// How many of the best matches are read; 0 turns feedback off.
    pub matches: usize,
    /// How many words are taken from them.
    pub words: usize,
    /// Weight of the original query against the feedback words (1 = feedback has no effect).
    pub original_weight: f32,
    /// Words in more than this share of all records are not taken (they say nothing about a
    /// topic).
    pub max_record_share: f32,
}

/// How matches are ordered. `Ranking::default()` is what `sleuth search` uses; the other values
/// exist to measure alternatives (see `EVAL.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// How many of tantivy's best matches are re-scored; 0 keeps tantivy's scores.
    pub depth: usize,
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// BM25 length normalization (0 none, 1 full).
    pub b: f32,
    /// Weight of a match in the title, relative to one in the text.
    pub title_weight: f32,
    /// Weight of a match in the section heading, relative to one in the text.
    pub section_weight: f32,
    /// Whether a word's matches in the text and the title count together (BM25F: frequencies
    /// are added before they saturate) rather than as separate matches.
    pub bm25f: bool,
    /// Whether common function words (`the`, `of`, `is`, …) are left out of the score when the
    /// query has other words. They still match.
    pub stop_words: bool,
    /// Weight of a number (a term of digits only), relative to a word.
    pub number_weight: f32,
    /// Weight of the bonus for query words that occur close together (0 = none).
    pub proximity: f32,
    /// Pseudo-relevance feedback.
    pub feedback: Feedback,
    /// How documents are scored when ranking documents.
    pub documents_by: DocumentScore,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            depth: 1000,
            k1: 1.2,
            b: 0.75,
            title_weight: 3.0,
            section_weight: query::SECTION_WEIGHT,
            bm25f: true,
            stop_words: false,
            number_weight: 1.0,
            proximity: 0.0,
            feedback: Feedback {
                matches: 0,
                words: 100,
                original_weight: 0.8,
                max_record_share: 0.1,
            },
            documents_by: DocumentScore::Fields,
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

    /// This ranking without pseudo-relevance feedback.
    pub fn without_feedback(&self) -> Ranking {
        let mut ranking = self.clone();
        ranking.feedback.matches = 0;
        ranking
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

    /// The query's terms as they count in the score: stop words dropped (unless nothing else is
    /// left), numbers weighted, repeated terms merged.
    fn scored_terms(&self, terms: &[ScoringTerm]) -> Vec<ScoringTerm> {
        let has_content = terms.iter().any(|t| !is_stop_word(&t.text));
        let mut scored: Vec<ScoringTerm> = Vec::with_capacity(terms.len());
        for term in terms {
            if self.stop_words && has_content && is_stop_word(&term.text) {
                continue;
            }
            let weight = if is_number(&term.text) {
                term.weight * self.number_weight
            } else {
                term.weight
            };
            match scored
                .iter_mut()
                .find(|s| s.field == term.field && s.text == term.text)
            {
                Some(same) => same.weight += weight,
                None => scored.push(ScoringTerm {
                    weight,
                    ..term.clone()
                }),
            }
        }
        scored
    }
}

/// BM25 statistics counted over one kind of record only, so that passage and document records do
/// not distort each other's average field lengths and document frequencies.
pub struct KindStatistics<'a> {
    searcher: &'a Searcher,
    records: u64,
}

impl<'a> KindStatistics<'a> {
    /// Statistics over the records of `kind` ([`KIND_PASSAGE`] or [`KIND_DOCUMENT`]).
    pub fn new(searcher: &'a Searcher, fields: &Fields, kind: &str) -> Result<Self> {
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
    target: Target,
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
            target,
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
        let wanted = limit.saturating_add(offset).max(self.ranking.depth).max(1);
        let (total, mut candidates) = self.candidates(query, wanted)?;
        let depth = self.ranking.depth.min(candidates.len());
        if depth > 0 {
            self.rescore(&mut candidates[..depth], terms)?;
            let feedback = &self.ranking.feedback;
            if feedback.matches > 0 {
                let best = &candidates[..feedback.matches.min(depth)];
                let expanded = self.expand(terms, best)?;
                if expanded.len() > terms.len() {
                    let query = self.expanded_query(query, &expanded[terms.len()..]);
                    candidates = self.candidates(&query, wanted)?.1;
                    let depth = depth.min(candidates.len());
                    self.rescore(&mut candidates[..depth], &expanded)?;
                }
            }
            let depth = depth.min(candidates.len());
            let (head, tail) = candidates.split_at_mut(depth);
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

    /// Replaces each candidate's score by sleuth's BM25 over `terms`, plus the proximity bonus.
    fn rescore(&self, candidates: &mut [(f32, DocAddress)], terms: &[ScoringTerm]) -> Result<()> {
        let ranking = self.ranking;
        let docs = CandidateDocs::new(candidates);
        let records = self.stats.total_num_docs()? as f32;
        let k1 = ranking.k1;
        let saturate = |tf: f32| tf * (k1 + 1.0) / (tf + k1);
        let terms = ranking.scored_terms(terms);
        // BM25F: per word, the length-normalized frequencies of its fields add up before they
        // saturate.
        let mut words: Vec<(String, f32, Vec<f32>)> = Vec::new();
        let mut scores = vec![0.0; candidates.len()];
        for term in &terms {
            let field_weight = ranking.field_weight(self.fields, term.field);
            if field_weight == 0.0 {
                continue;
            }
            let key = Term::from_field_text(term.field, &term.text);
            let idf = idf(self.stats.doc_freq(&key)? as f32, records);
            let average_length =
                (self.stats.total_num_tokens(term.field)? as f32 / records).max(1.0);
            let tfs = docs.normalized_tfs(self.searcher, &key, average_length, ranking.b)?;
            if ranking.bm25f {
                match words.iter_mut().find(|(text, _, _)| *text == term.text) {
                    Some((_, _, sums)) => {
                        for (sum, tf) in sums.iter_mut().zip(&tfs) {
                            *sum += field_weight * tf;
                        }
                    }
                    None => words.push((
                        term.text.clone(),
                        term.weight * idf,
                        tfs.iter().map(|tf| field_weight * tf).collect(),
                    )),
                }
            } else {
                for (score, tf) in scores.iter_mut().zip(&tfs) {
                    *score += term.weight * field_weight * idf * saturate(*tf);
                }
            }
        }
        for (_, weight, sums) in &words {
            for (score, tf) in scores.iter_mut().zip(sums) {
                *score += weight * saturate(*tf);
            }
        }
        if ranking.proximity > 0.0 {
            let bonus = self.proximity(&docs, &terms, records)?;
            for (score, bonus) in scores.iter_mut().zip(bonus) {
                *score += ranking.proximity * bonus;
            }
        }
        for ((score, _), new) in candidates.iter_mut().zip(scores) {
            *score = new;
        }
        Ok(())
    }

    /// Per candidate, a bonus for pairs of query words that occur within a few words of each
    /// other in the text: each pair of occurrences `d` positions apart adds 1/d², and the sum
    /// saturates like a term frequency, weighted by the rarer word's idf.
    fn proximity(
        &self,
        docs: &CandidateDocs,
        terms: &[ScoringTerm],
        records: f32,
    ) -> Result<Vec<f32>> {
        let text_field = match self.target {
            Target::Passages => self.fields.body,
            Target::Documents => self.fields.doc_body,
        };
        let mut words = Vec::new();
        for term in terms.iter().filter(|t| t.field == text_field) {
            if is_stop_word(&term.text) {
                continue;
            }
            let key = Term::from_field_text(text_field, &term.text);
            let idf = idf(self.stats.doc_freq(&key)? as f32, records);
            words.push((idf, docs.positions(self.searcher, &key)?));
        }
        let k1 = self.ranking.k1;
        let mut bonus = vec![0.0; docs.len];
        for (i, (idf_a, a)) in words.iter().enumerate() {
            for (idf_b, b) in &words[i + 1..] {
                for (c, bonus) in bonus.iter_mut().enumerate() {
                    let near = nearness(&a[c], &b[c]);
                    if near > 0.0 {
                        *bonus += idf_a.min(*idf_b) * near * (k1 + 1.0) / (near + k1);
                    }
                }
            }
        }
        Ok(bonus)
    }

    /// `terms` re-weighted with the feedback words of the `best` matches (RM3), the original terms
    /// first, then new ones. Unchanged when feedback finds nothing.
    fn expand(
        &self,
        terms: &[ScoringTerm],
        best: &[(f32, DocAddress)],
    ) -> Result<Vec<ScoringTerm>> {
        let feedback = &self.ranking.feedback;
        let text_field = query::word_fields(self.fields, self.target)[0].0;
        let records = self.stats.total_num_docs()? as f32;
        // The relevance model: each match's word distribution, weighted by the match's score.
        let mut model: HashMap<String, f32> = HashMap::new();
        let mut rare: HashMap<String, bool> = HashMap::new();
        for &(score, address) in best {
            let words = stemmed_tokens(&self.text_of(address)?);
            let mut counts: HashMap<&str, f32> = HashMap::new();
            for word in &words {
                *counts.entry(word.as_str()).or_default() += 1.0;
            }
            for (word, count) in counts {
                if is_stop_word(word) || is_number(word) || word.chars().count() < 2 {
                    continue;
                }
                let is_rare = match rare.get(word) {
                    Some(&known) => known,
                    None => {
                        let df = self
                            .stats
                            .doc_freq(&Term::from_field_text(text_field, word))?;
                        let known = (df as f32) <= feedback.max_record_share * records;
                        rare.insert(word.to_string(), known);
                        known
                    }
                };
                if is_rare {
                    *model.entry(word.to_string()).or_default() +=
                        score.max(0.0) * count / words.len() as f32;
                }
            }
        }
        let mut model: Vec<(String, f32)> = model.into_iter().collect();
        model.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        model.truncate(feedback.words);
        let total: f32 = model.iter().map(|(_, p)| p).sum();
        if total <= 0.0 {
            return Ok(terms.to_vec());
        }
        // Interpolate: an original word keeps `original_weight` of its weight and gains its share
        // of the feedback; the query's length scales the shares so that one original word
        // weighs about 1.
        let query_words = terms
            .iter()
            .map(|t| t.text.as_str())
            .collect::<HashSet<_>>()
            .len() as f32;
        let alpha = feedback.original_weight;
        let gain = |p: f32| (1.0 - alpha) * query_words * p / total;
        let mut expanded: Vec<ScoringTerm> = terms
            .iter()
            .map(|t| {
                let p = model
                    .iter()
                    .find(|(w, _)| *w == t.text)
                    .map_or(0.0, |m| m.1);
                ScoringTerm {
                    weight: alpha * t.weight + gain(p),
                    ..t.clone()
                }
            })
            .collect();
        for (word, p) in &model {
            if terms.iter().any(|t| t.text == *word) {
                continue;
            }
            for (field, _) in query::word_fields(self.fields, self.target) {
                expanded.push(ScoringTerm {
                    field,
                    text: word.clone(),
                    weight: gain(*p),
                });
            }
        }
        Ok(expanded)
    }

    /// `query`, with the feedback words `added` as optional clauses: what it matches does not
    /// change, only which matches come first.
    fn expanded_query(&self, query: &dyn Query, added: &[ScoringTerm]) -> BooleanQuery {
        let mut clauses = vec![(Occur::Must, query.box_clone())];
        for term in added {
            let weight = term.weight * self.ranking.field_weight(self.fields, term.field);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    query::term_query(term.field, &term.text),
                    weight,
                )),
            ));
        }
        BooleanQuery::new(clauses)
    }

    /// The text of the record at `address`: a passage's text, or a document's title and passages.
    fn text_of(&self, address: DocAddress) -> Result<String> {
        let record: TantivyDocument = self.searcher.doc(address)?;
        let stored = |record: &TantivyDocument, field: Field| {
            record
                .get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        match self.target {
            Target::Passages => Ok(stored(&record, self.fields.body)),
            Target::Documents => {
                let mut text = stored(&record, self.fields.doc_title);
                let id =
                    Term::from_field_text(self.fields.doc_id, &doc_id(self.searcher, address)?);
                let passages = self.searcher.search(
                    &TermQuery::new(id, IndexRecordOption::Basic),
                    &DocSetCollector,
                )?;
                for passage in passages {
                    let record: TantivyDocument = self.searcher.doc(passage)?;
                    text.push('\n');
                    text.push_str(&stored(&record, self.fields.body));
                }
                Ok(text)
            }
        }
    }
}

/// How near two words come: the sum of 1/d² over pairs of their occurrences `d` ≤
/// [`PROXIMITY_WINDOW`] positions apart.
fn nearness(a: &[u32], b: &[u32]) -> f32 {
    let mut sum = 0.0;
    let mut start = 0;
    for &p in a {
        while start < b.len() && b[start] + PROXIMITY_WINDOW < p {
            start += 1;
        }
        for &q in &b[start..] {
            if q > p + PROXIMITY_WINDOW {
                break;
            }
            let d = p.abs_diff(q);
            if d > 0 {
                sum += 1.0 / (d * d) as f32;
            }
        }
    }
    sum
}

/// Farthest apart, in words, that two query words still count as near.
pub const PROXIMITY_WINDOW: u32 = 5;

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

    /// Calls `visit(candidate index, postings)` for each candidate where `term` occurs.
    fn visit(
        &self,
        searcher: &Searcher,
        term: &Term,
        option: IndexRecordOption,
        visit: &mut dyn FnMut(u32, usize, &mut tantivy::postings::SegmentPostings, u32),
    ) -> Result<()> {
        for (segment_ord, docs) in &self.segments {
            let segment = searcher.segment_reader(*segment_ord);
            let postings = segment
                .inverted_index(term.field())?
                .read_postings(term, option)
                .map_err(|err| Error::Tantivy(err.into()))?;
            let Some(mut postings) = postings else {
                continue;
            };
            for &(doc, i) in docs {
                if postings.doc() < doc {
                    postings.seek(doc);
                }
                if postings.doc() == TERMINATED {
                    break;
                }
                if postings.doc() == doc {
                    visit(*segment_ord, i, &mut postings, doc);
                }
            }
        }
        Ok(())
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
        let mut lengths = HashMap::new();
        self.visit(
            searcher,
            term,
            IndexRecordOption::WithFreqs,
            &mut |segment_ord, i, postings, doc| {
                let reader = lengths.entry(segment_ord).or_insert_with(|| {
                    searcher
                        .segment_reader(segment_ord)
                        .get_fieldnorms_reader(term.field())
                        .ok()
                });
                let length = reader
                    .as_ref()
                    .map_or(average_length, |r| r.fieldnorm(doc) as f32);
                tfs[i] = postings.term_freq() as f32 / (1.0 - b + b * length / average_length);
            },
        )?;
        Ok(tfs)
    }

    /// Per candidate, the positions of `term` (empty where it does not occur, or when the field
    /// has no positions).
    fn positions(&self, searcher: &Searcher, term: &Term) -> Result<Vec<Vec<u32>>> {
        let mut positions = vec![Vec::new(); self.len];
        self.visit(
            searcher,
            term,
            IndexRecordOption::WithFreqsAndPositions,
            &mut |_, i, postings, _| postings.positions(&mut positions[i]),
        )?;
        Ok(positions)
    }
}

/// BM25's inverse document frequency, as tantivy and Lucene compute it.
fn idf(doc_freq: f32, records: f32) -> f32 {
    let doc_freq = doc_freq.min(records);
    (1.0 + (records - doc_freq + 0.5) / (doc_freq + 0.5)).ln()
}

/// Common English function words, which say little about what a passage is about.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "these", "this", "those", "to",
    "was", "were", "which", "with",
];

/// Whether `term` (in either view) is one of [`STOP_WORDS`].
fn is_stop_word(term: &str) -> bool {
    static STEMMED: OnceLock<HashSet<String>> = OnceLock::new();
    STEMMED
        .get_or_init(|| {
            STOP_WORDS
                .iter()
                .flat_map(|word| {
                    let mut forms = stemmed_tokens(word);
                    forms.push(word.to_string());
                    forms
                })
                .collect()
        })
        .contains(term)
}

/// Whether `term` is a number: digits, possibly with `.` or `,` between them.
fn is_number(term: &str) -> bool {
    term.starts_with(|c: char| c.is_ascii_digit())
        && term
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// The best `limit` documents for `parsed`, as (document id, score), best first, scored as
/// `ranking.documents_by` says; no passage is read, so this is cheap enough to run thousands of
/// times (evaluation).
pub fn documents(
    searcher: &Searcher,
    fields: &Fields,
    parsed: &ParsedQuery,
    limit: usize,
    ranking: &Ranking,
) -> Result<Vec<(String, f32)>> {
    let target = match ranking.documents_by {
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
