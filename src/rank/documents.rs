//! Ranking whole documents (`sleuth search --docs`, `sleuth eval`): which documents match a query
//! as a whole, and their BM25F scores computed from their passages.
//!
//! A document's records sit together in one segment, its passages first and its document record
//! last ([`crate::index::schema`]), so a passage finds its document at once. A document's frequency of a
//! word is the sum over its passages, its length the sum of theirs, and its title a field of its
//! own record: the figures a whole-text field would hold, without indexing the text twice.

use tantivy::postings::Postings;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{BitSet, DocAddress, DocId, DocSet, Searcher, TERMINATED};

use super::{
    add_evidence, count_alive, count_repeats, read_postings, CandidateDocs, DocumentScore, Ranker,
    Ranking, ScoredRecords, ScoringTerm,
};
use crate::error::{Error, Result};
use crate::index::schema::{Fields, KIND_DOCUMENT};
use crate::query::plan::{DocumentClause, Matcher, Role};
use crate::query::{CompiledQuery, DocumentPlan};

/// The documents matching `compiled`, best first: how many there are and the page
/// `offset..offset + limit`, as the addresses of their document records, each scored as `by`
/// says (by best passage, the count is a lower bound: the documents of the passages ranked to
/// fill the page). No passage text is read, so this is cheap enough to run thousands of times
/// (evaluation).
impl Ranker<'_> {
    pub fn documents(
        &self,
        compiled: &CompiledQuery,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, ScoredRecords)> {
        let (searcher, fields, ranking) = (self.searcher, self.fields, self.ranking);
        match ranking.documents {
            DocumentScore::Whole => {
                let scorer = WholeDocuments::new(searcher, fields, ranking)?;
                let mut scored = scorer.score(compiled)?;
                let total = scored.len();
                let best_first = |a: &(f32, DocAddress), b: &(f32, DocAddress)| {
                    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
                };
                // Only the page and what comes before it need to be in order.
                let wanted = offset.saturating_add(limit).min(total);
                if wanted > 0 && wanted < total {
                    scored.select_nth_unstable_by(wanted - 1, best_first);
                    scored.truncate(wanted);
                }
                scored.sort_by(best_first);
                Ok((total, scored.into_iter().skip(offset).take(limit).collect()))
            }
            DocumentScore::BestPassage => {
                let ranker = self;
                let wanted = limit.saturating_add(offset);
                let mut fetch = wanted;
                loop {
                    let (total, top) =
                        ranker.top(compiled.query.as_ref(), &compiled.terms, fetch, 0)?;
                    let mut ranked: ScoredRecords = Vec::with_capacity(wanted);
                    for (score, passage) in &top {
                        // A document's first (best) passage stands for it.
                        let document = document_of(searcher, *passage)?;
                        if !ranked.iter().any(|(_, seen)| *seen == document) {
                            ranked.push((*score, document));
                        }
                    }
                    if ranked.len() >= wanted || top.len() >= total {
                        // Counts the documents ranked so far: all of them once every passage is.
                        let documents = ranked.len();
                        let page = ranked.into_iter().skip(offset).take(limit).collect();
                        return Ok((documents, page));
                    }
                    fetch = fetch.saturating_mul(2);
                }
            }
        }
    }
}

/// The address of the document record of the passage at `passage`.
fn document_of(searcher: &Searcher, passage: DocAddress) -> Result<DocAddress> {
    let segment = searcher.segment_reader(passage.segment_ord);
    let to_document = segment.fast_fields().u64(Fields::TO_DOCUMENT_NAME)?;
    let step = to_document.first(passage.doc_id).unwrap_or(0) as DocId;
    Ok(DocAddress::new(passage.segment_ord, passage.doc_id + step))
}

/// The document id of the record at `address`, from the fast field.
pub fn document_id(searcher: &Searcher, address: DocAddress) -> Result<String> {
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

/// Scores documents as a whole with BM25F, from their passages: a document's frequency of a word
/// is the sum over its passages, its length the sum of theirs, and its title counts as a field of
/// its own. The same figures as indexing each document's whole text, without indexing it twice.
struct WholeDocuments<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    ranking: &'a Ranking,
    /// Number of documents.
    documents: f32,
}

impl<'a> WholeDocuments<'a> {
    fn new(
        searcher: &'a Searcher,
        fields: &'a Fields,
        ranking: &'a Ranking,
    ) -> Result<WholeDocuments<'a>> {
        Ok(WholeDocuments {
            searcher,
            fields,
            ranking,
            documents: count_alive(searcher, fields, KIND_DOCUMENT)? as f32,
        })
    }

    /// Every document that matches `compiled`, scored over its terms.
    fn score(&self, compiled: &CompiledQuery) -> Result<ScoredRecords> {
        let matched = match compiled.document_plan(self.fields, self.searcher)? {
            DocumentPlan::AnyPassage => self.matching_documents(compiled.query.as_ref())?,
            DocumentPlan::Clauses(clauses) => self.matching_clauses(&clauses)?,
        };
        let lengths = self.text_lengths(&matched)?;
        let slots = DocumentSlots::of(self.searcher, &matched);
        let text_average =
            (self.searcher.total_num_tokens(self.fields.body)? as f32 / self.documents).max(1.0);
        let title_average = (self.searcher.total_num_tokens(self.fields.doc_title)? as f32
            / self.documents)
            .max(1.0);
        let candidates: Vec<(f32, DocAddress)> = matched.iter().map(|d| (0.0, *d)).collect();
        let title_records = CandidateDocs::new(&candidates);
        let b = self.ranking.b;
        let mut words = Vec::new();
        for (term, repeats) in count_repeats(&compiled.terms) {
            let weight = self.ranking.field_weight(self.fields, term.field);
            if term.field == self.fields.body {
                let (doc_freq, mut tfs) = self.text_frequencies(term, &slots)?;
                for (tf, length) in tfs.iter_mut().zip(&lengths) {
                    *tf /= 1.0 - b + b * length / text_average;
                }
                add_evidence(&mut words, term, repeats, weight, || Ok(doc_freq), tfs)?;
            } else if term.field == self.fields.title {
                // The title of the document record, not the copy on each passage.
                let key = Term::from_field_text(self.fields.doc_title, &term.text);
                let tfs = title_records.normalized_tfs(
                    self.searcher,
                    std::slice::from_ref(&key),
                    title_average,
                    b,
                )?;
                let doc_freq = || Ok(self.searcher.doc_freq(&key)?);
                add_evidence(&mut words, term, repeats, weight, doc_freq, tfs)?;
            }
            // Sections are parts of a document, not the whole: they do not rank documents.
        }
        let scores = self.ranking.bm25f(&words, self.documents, matched.len());
        Ok(scores.into_iter().zip(matched).collect())
    }

    /// The documents that match `clauses` as a whole, as [`DocumentPlan`] says.
    fn matching_clauses(&self, clauses: &[DocumentClause]) -> Result<Vec<DocAddress>> {
        let mut required: Option<Vec<DocAddress>> = None;
        let mut optional = Vec::new();
        let mut excluded = Vec::new();
        for clause in clauses {
            let matched = match &clause.matcher {
                Matcher::Group(inner) => self.matching_clauses(inner)?,
                Matcher::Passages(query) => self.matching_documents(query.as_ref())?,
            };
            match clause.role {
                Role::Optional => optional = union(&optional, &matched),
                Role::Required => {
                    required = Some(match required {
                        Some(required) => intersection(&required, &matched),
                        None => matched,
                    });
                }
                Role::Excluded => excluded = union(&excluded, &matched),
            }
        }
        let mut matched = required.unwrap_or(optional);
        matched.retain(|document| excluded.binary_search(document).is_err());
        Ok(matched)
    }

    /// The document records of the live passages matching `query`, in address order.
    fn matching_documents(&self, query: &dyn Query) -> Result<Vec<DocAddress>> {
        let weight = query.weight(EnableScoring::disabled_from_searcher(self.searcher))?;
        let mut documents = Vec::new();
        for (segment_ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let to_document = segment.fast_fields().u64(Fields::TO_DOCUMENT_NAME)?;
            let alive = segment.alive_bitset();
            let mut matched = BitSet::with_max_value(segment.max_doc());
            weight.for_each_no_score(segment, &mut |passages| {
                for &passage in passages {
                    if alive.is_none_or(|alive| alive.is_alive(passage)) {
                        let step = to_document.first(passage).unwrap_or(0) as DocId;
                        matched.insert(passage + step);
                    }
                }
            })?;
            let segment_ord = segment_ord as u32;
            documents.extend(
                (0..segment.max_doc())
                    .filter(|&doc| matched.contains(doc))
                    .map(|doc| DocAddress::new(segment_ord, doc)),
            );
        }
        Ok(documents)
    }

    /// Per document, the length of its text: the sum of its passages' (tantivy's field norms).
    fn text_lengths(&self, documents: &[DocAddress]) -> Result<Vec<f32>> {
        let mut lengths = Vec::with_capacity(documents.len());
        for (segment_ord, documents) in by_segment(documents) {
            let segment = self.searcher.segment_reader(segment_ord);
            let norms = segment.get_fieldnorms_reader(self.fields.body)?;
            let passages = segment.fast_fields().u64(Fields::PASSAGES_NAME)?;
            for document in documents {
                let count = passages.first(document.doc_id).unwrap_or(0) as DocId;
                let first = document.doc_id.saturating_sub(count);
                let length: u32 = (first..document.doc_id).map(|p| norms.fieldnorm(p)).sum();
                lengths.push(length as f32);
            }
        }
        Ok(lengths)
    }

    /// For a term of the passage text: how many documents hold it, and its frequency in each of
    /// the documents `slots` lists.
    fn text_frequencies(
        &self,
        term: &ScoringTerm,
        slots: &DocumentSlots,
    ) -> Result<(u64, Vec<f32>)> {
        let mut tfs = vec![0.0; slots.len];
        let mut holding = 0;
        let keys = term.index_terms();
        for (segment, index_of) in self.searcher.segment_readers().iter().zip(&slots.segments) {
            let to_document = segment.fast_fields().u64(Fields::TO_DOCUMENT_NAME)?;
            let alive = segment.alive_bitset();
            let mut holders = BitSet::with_max_value(segment.max_doc());
            for key in &keys {
                let Some(mut postings) = read_postings(segment, key, IndexRecordOption::WithFreqs)?
                else {
                    continue;
                };
                while postings.doc() != TERMINATED {
                    let passage = postings.doc();
                    if alive.is_none_or(|alive| alive.is_alive(passage)) {
                        let document = passage + to_document.first(passage).unwrap_or(0) as DocId;
                        holders.insert(document);
                        if let Some(&i) = index_of.get(document as usize) {
                            if i != DocumentSlots::ABSENT {
                                tfs[i as usize] += postings.term_freq() as f32;
                            }
                        }
                    }
                    postings.advance();
                }
            }
            holding += holders.len() as u64;
        }
        Ok((holding, tfs))
    }
}

/// Where each of a list of documents is in the list, by segment and doc id, so that a posting
/// finds its document's entry at once.
struct DocumentSlots {
    /// Per segment (in the searcher's order), per doc id: the index in the list, or `ABSENT`.
    segments: Vec<Vec<u32>>,
    len: usize,
}

impl DocumentSlots {
    const ABSENT: u32 = u32::MAX;

    fn of(searcher: &Searcher, documents: &[DocAddress]) -> DocumentSlots {
        let mut segments: Vec<Vec<u32>> = searcher
            .segment_readers()
            .iter()
            .map(|segment| vec![Self::ABSENT; segment.max_doc() as usize])
            .collect();
        for (i, document) in documents.iter().enumerate() {
            segments[document.segment_ord as usize][document.doc_id as usize] = i as u32;
        }
        DocumentSlots {
            segments,
            len: documents.len(),
        }
    }
}

/// The addresses in `a` or `b` (both sorted), sorted.
fn union(a: &[DocAddress], b: &[DocAddress]) -> Vec<DocAddress> {
    let mut both = [a, b].concat();
    both.sort_unstable();
    both.dedup();
    both
}

/// The addresses in both `a` and `b` (both sorted), sorted.
fn intersection(a: &[DocAddress], b: &[DocAddress]) -> Vec<DocAddress> {
    a.iter()
        .filter(|address| b.binary_search(address).is_ok())
        .copied()
        .collect()
}

/// `documents` (in address order) split into runs of one segment each.
fn by_segment(documents: &[DocAddress]) -> impl Iterator<Item = (u32, &[DocAddress])> {
    documents
        .chunk_by(|a, b| a.segment_ord == b.segment_ord)
        .map(|run| (run[0].segment_ord, run))
}
