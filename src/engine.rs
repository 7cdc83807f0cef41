//! The one entry point to a built index: every command, the evaluation, quote verification and
//! the server ask their questions of an [`Engine`].
//!
//! An engine owns the open index (its reader, opened on the first question and kept, and its
//! fields) and the [`Ranking`] it orders matches by. Its answers are plain data: ranked
//! [`PassageRecord`]s or document ids, never tantivy handles, so that callers need not know how
//! the index is laid out. Turning answers into hits with snippets and citations is
//! [`crate::results`]' job; printing them, [`crate::output`]'s.
//!
//! ```no_run
//! use sleuth::engine::Engine;
//!
//! let engine = Engine::open("index".as_ref())?;
//! let query = engine.query("arms imports from Israel", false)?;
//! let page = engine.passages(&query, 10, 0)?;
//! println!("{} passages match", page.total);
//! for (score, passage) in &page.items {
//!     println!("{score:.2} {}", passage.citation());
//! }
//! # Ok::<(), sleuth::error::Error>(())
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Term, Value};
use tantivy::{DocAddress, TantivyDocument};

use crate::embed::fuse::{ScoreParts, Scored};
use crate::embed::meaning::{is_plain_words, FUSION_DEPTH};
use crate::embed::sync::Progress;
use crate::embed::Meaning;
use crate::error::Result;
use crate::index::record::{
    extracted_original_of, passage_of, read_passage, ExtractedOriginal, PassageRecord,
};
use crate::index::schema::{KIND_DOCUMENT, KIND_PASSAGE};
use crate::index::{open_fresh, Freshness, IndexMeta, IndexOptions, SleuthIndex};
use crate::ingest::corpus;
use crate::query::{self, CompiledQuery, HighlightTerms, QueryNote};
use crate::rank::tally::{self, DocumentTally};
use crate::rank::{document_id, word_weights, Ranker, Ranking};

/// An open index and the ranking it answers with.
pub struct Engine {
    index: SleuthIndex,
    ranking: Ranking,
    /// With passage vectors and their model: rank plain-word queries by meaning too.
    meaning: Option<Meaning>,
}

/// A query read and compiled for one engine: what it searches, what a hit should highlight, and
/// notes on how its text was read.
pub struct Query {
    notes: Vec<QueryNote>,
    compiled: CompiledQuery,
    /// The text as typed, what the model embeds.
    text: String,
    /// Whether the engine ranks this query by meaning too (plain words on an index with vectors).
    by_meaning: bool,
    /// The query's vector, computed when first needed.
    vector: OnceLock<Vec<f32>>,
    /// The query with its required clauses made optional, compiled when first needed: the
    /// best passage of a document that matches the query only as a whole matches this.
    relaxed: OnceLock<CompiledQuery>,
}

impl Query {
    /// Notes on parts of the text that were read as plain words rather than as syntax, and on
    /// prefixes cut to their most frequent words.
    pub fn notes(&self) -> &[QueryNote] {
        &self.notes
    }

    /// The terms a hit's text should show highlighted.
    pub fn highlights(&self) -> &HighlightTerms {
        &self.compiled.highlights
    }
}

/// One page of a ranking: how many match in all, and the page's items with their scores, best
/// first.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked<T> {
    /// How many match in all (for documents ranked by their best passage, a lower bound; ranked
    /// by meaning too, the lexical matches plus the candidates found by meaning alone).
    pub total: usize,
    /// The page, best first, each with its score (ranked by meaning too: the fused score).
    pub items: Vec<(f32, T)>,
    /// Ranked by meaning too: the two scores each item's score fuses; empty otherwise.
    pub parts: Vec<ScoreParts>,
}

impl<T> Ranked<T> {
    /// A page ranked by words alone: `total` matches, the page `top` read with `read`.
    fn lexical(
        total: usize,
        top: Vec<(f32, DocAddress)>,
        read: impl Fn(DocAddress) -> Result<T>,
    ) -> Result<Ranked<T>> {
        let items = top
            .into_iter()
            .map(|(score, address)| Ok((score, read(address)?)))
            .collect::<Result<_>>()?;
        Ok(Ranked {
            total,
            items,
            parts: Vec::new(),
        })
    }

    /// The page `offset..offset + limit` of a fused ranking, read with `read`: `lexical_total`
    /// matched the words, and the candidates found by meaning alone count too.
    fn fused(
        lexical_total: usize,
        fused: Vec<Scored<DocAddress>>,
        offset: usize,
        limit: usize,
        read: impl Fn(DocAddress) -> Result<T>,
    ) -> Result<Ranked<T>> {
        let by_meaning_alone = fused.iter().filter(|s| s.lexical.is_none()).count();
        let mut ranked = Ranked {
            total: lexical_total + by_meaning_alone,
            items: Vec::new(),
            parts: Vec::new(),
        };
        for scored in fused.into_iter().skip(offset).take(limit) {
            ranked.items.push((scored.fused, read(scored.key)?));
            ranked.parts.push(scored.parts());
        }
        Ok(ranked)
    }
}

impl Engine {
    /// Opens the index in `dir` with the default ranking (that of `sleuth search`).
    pub fn open(dir: &Path) -> Result<Engine> {
        Ok(Engine::from(SleuthIndex::open(dir)?))
    }

    /// Opens the index for searching, first building it when there is none and updating it when
    /// the corpus changed (see [`open_fresh`]). `announce` is told what is being done first.
    pub fn open_fresh(
        options: &IndexOptions,
        announce: &mut dyn FnMut(&str),
    ) -> Result<(Engine, Freshness)> {
        let (index, freshness) = open_fresh(options, announce)?;
        Ok((Engine::from(index), freshness))
    }

    /// The same index, answering in `ranking`'s order.
    pub fn with_ranking(mut self, ranking: Ranking) -> Engine {
        self.ranking = ranking;
        self
    }

    /// The ranking the engine answers with.
    pub fn ranking(&self) -> &Ranking {
        &self.ranking
    }

    /// sleuth's metadata of the index (`None` for an index never committed).
    pub fn meta(&self) -> Option<&IndexMeta> {
        self.index.meta.as_ref()
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        self.index.dir()
    }

    /// Ranks plain-word queries by meaning too when the index has passage vectors (or
    /// `model_folder` is given): loads the model (`model_folder`, else the one recorded with the
    /// vectors) and first embeds passages that have no vector yet, reporting to `progress`.
    /// Returns whether the engine now ranks by meaning.
    pub fn rank_by_meaning(
        &mut self,
        model_folder: Option<&Path>,
        progress: Progress,
    ) -> Result<bool> {
        self.meaning = Meaning::open(&self.index, model_folder, progress)?;
        Ok(self.meaning.is_some())
    }

    /// The ranking by meaning, if the engine has one.
    pub fn meaning(&self) -> Option<&Meaning> {
        self.meaning.as_ref()
    }

    /// The ranking by meaning, to tune it (its lexical weight).
    pub fn meaning_mut(&mut self) -> Option<&mut Meaning> {
        self.meaning.as_mut()
    }

    /// The engine's ranking by meaning and `query`'s vector, when `query` is ranked by meaning.
    fn fusion<'a>(&'a self, query: &'a Query) -> Result<Option<(&'a Meaning, &'a [f32])>> {
        let Some(meaning) = self.meaning.as_ref().filter(|_| query.by_meaning) else {
            return Ok(None);
        };
        if query.vector.get().is_none() {
            let vector = meaning.model.embed_one(&query.text)?;
            let _ = query.vector.set(vector);
        }
        Ok(query.vector.get().map(|v| (meaning, v.as_slice())))
    }

    /// Reads `text` as a query (with operators unless `literal`) and compiles it for this index.
    /// Fails only when the text holds nothing to search.
    pub fn query(&self, text: &str, literal: bool) -> Result<Query> {
        let mut parsed = query::parse(text, literal)?;
        let searcher = self.index.searcher()?;
        let mut compiled = query::compile(&parsed, &self.index.fields, &searcher)?;
        parsed.notes.append(&mut compiled.notes);
        let by_meaning = self.meaning.is_some() && is_plain_words(&parsed.clauses);
        if self.meaning.is_some() && !by_meaning {
            parsed.notes.push(QueryNote::WordsAlone);
        }
        let without_vectors = self.meaning.as_ref().map_or(0, |m| m.vectors.missing());
        if by_meaning && without_vectors > 0 {
            parsed.notes.push(QueryNote::WithoutVectors {
                passages: without_vectors,
            });
        }
        Ok(Query {
            notes: parsed.notes,
            compiled,
            text: text.to_string(),
            by_meaning,
            vector: OnceLock::new(),
            relaxed: OnceLock::new(),
        })
    }

    /// The passages matching `query`: how many in all, and the page `offset..offset + limit`.
    pub fn passages(
        &self,
        query: &Query,
        limit: usize,
        offset: usize,
    ) -> Result<Ranked<PassageRecord>> {
        let searcher = self.index.searcher()?;
        let fields = &self.index.fields;
        let ranker = Ranker::new(&searcher, fields, &self.ranking)?;
        let (compiled_query, terms) = (query.compiled.query.as_ref(), &query.compiled.terms);
        let read = |address| read_passage(&searcher, fields, address);
        let Some((meaning, vector)) = self.fusion(query)? else {
            let (total, top) = ranker.top(compiled_query, terms, limit, offset)?;
            return Ranked::lexical(total, top, read);
        };
        let depth = FUSION_DEPTH.max(offset.saturating_add(limit));
        let (total, lexical) = ranker.top(compiled_query, terms, depth, 0)?;
        let fused = meaning.fuse_passages(vector, &lexical, depth);
        Ranked::fused(total, fused, offset, limit, read)
    }

    /// Each passage-text word `query` searches, with its weight for snippets: its idf over the
    /// passages.
    pub fn word_weights(&self, query: &Query) -> Result<HashMap<String, f32>> {
        let searcher = self.index.searcher()?;
        word_weights(&searcher, &self.index.fields, &query.compiled.terms)
    }

    /// The documents matching `query` as a whole, as ids: how many in all, and the page
    /// `offset..offset + limit`. No passage text is read, so this is cheap enough to run for
    /// thousands of queries (evaluation).
    pub fn documents(&self, query: &Query, limit: usize, offset: usize) -> Result<Ranked<String>> {
        let searcher = self.index.searcher()?;
        let ranker = Ranker::new(&searcher, &self.index.fields, &self.ranking)?;
        let read = |address| document_id(&searcher, address);
        let Some((meaning, vector)) = self.fusion(query)? else {
            let (total, top) = ranker.documents(&query.compiled, limit, offset)?;
            return Ranked::lexical(total, top, read);
        };
        let depth = FUSION_DEPTH.max(offset.saturating_add(limit));
        let (total, lexical) = ranker.documents(&query.compiled, depth, 0)?;
        let fused = meaning.fuse_documents(vector, &lexical, depth);
        Ranked::fused(total, fused, offset, limit, read)
    }

    /// The passage of document `doc_id` nearest to `query` by meaning (`None` when the query is
    /// not ranked by meaning or the document has no vectors).
    pub fn nearest_passage(&self, query: &Query, doc_id: &str) -> Result<Option<PassageRecord>> {
        let Some((meaning, vector)) = self.fusion(query)? else {
            return Ok(None);
        };
        let searcher = self.index.searcher()?;
        meaning
            .vectors
            .nearest_in_document(vector, doc_id)
            .map(|(_, address)| read_passage(&searcher, &self.index.fields, address))
            .transpose()
    }

    /// The passage of document `doc_id` that best matches `query`: one that matches it fully if
    /// there is one, else the one that matches most of it (`None` if no passage matches at all).
    pub fn best_passage(&self, query: &Query, doc_id: &str) -> Result<Option<PassageRecord>> {
        if let Some(passage) = self.best_in_document(&query.compiled, doc_id)? {
            return Ok(Some(passage));
        }
        let relaxed = match query.relaxed.get() {
            Some(relaxed) => relaxed,
            None => {
                let searcher = self.index.searcher()?;
                let relaxed = query.compiled.relaxed(&self.index.fields, &searcher)?;
                query.relaxed.get_or_init(|| relaxed)
            }
        };
        self.best_in_document(relaxed, doc_id)
    }

    fn best_in_document(
        &self,
        compiled: &CompiledQuery,
        doc_id: &str,
    ) -> Result<Option<PassageRecord>> {
        let searcher = self.index.searcher()?;
        let fields = &self.index.fields;
        let document = TermQuery::new(
            Term::from_field_text(fields.doc_id, doc_id),
            IndexRecordOption::Basic,
        );
        let in_document = BooleanQuery::new(vec![
            (Occur::Must, compiled.query.box_clone()),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(document), 0.0)),
            ),
        ]);
        let ranker = Ranker::new(&searcher, fields, &self.ranking)?;
        let (_, top) = ranker.top(&in_document, &compiled.terms, 1, 0)?;
        top.first()
            .map(|(_, address)| read_passage(&searcher, fields, *address))
            .transpose()
    }

    /// Passages whose text holds `words` (exact-view tokens, as
    /// [`crate::analysis::exact_tokens`] gives them) next to each other, in order: how many in
    /// all, and the best `limit` by tantivy's score.
    pub fn phrases(&self, words: &[String], limit: usize) -> Result<Ranked<PassageRecord>> {
        let searcher = self.index.searcher()?;
        let fields = &self.index.fields;
        let terms: Vec<Term> = words
            .iter()
            .map(|word| Term::from_field_text(fields.body, word))
            .collect();
        let query: Box<dyn tantivy::query::Query> = match terms.as_slice() {
            [term] => Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic)),
            _ => Box::new(PhraseQuery::new(terms)),
        };
        let top = TopDocs::with_limit(limit.max(1)).order_by_score();
        let (total, best) = searcher.search(query.as_ref(), &(Count, top))?;
        let items = best
            .into_iter()
            .take(limit)
            .map(|(score, address)| Ok((score, read_passage(&searcher, fields, address)?)))
            .collect::<Result<_>>()?;
        Ok(Ranked {
            total,
            items,
            parts: Vec::new(),
        })
    }

    /// How rare each of `words` (exact-view tokens) is: its inverse document frequency over the
    /// index's records, `ln(1 + (N − n + 0.5) / (n + 0.5))` for a word in `n` of `N` records.
    pub fn rarity(&self, words: &[&str]) -> Result<Vec<f64>> {
        let searcher = self.index.searcher()?;
        let records = searcher.num_docs() as f64;
        words
            .iter()
            .map(|word| {
                let term = Term::from_field_text(self.index.fields.body, word);
                let n = searcher.doc_freq(&term)? as f64;
                Ok((1.0 + (records - n + 0.5) / (n + 0.5)).ln())
            })
            .collect()
    }

    /// Every passage of document `doc_id`, in reading order (none for an unknown id).
    pub fn passages_of(&self, doc_id: &str) -> Result<Vec<PassageRecord>> {
        self.read_passages(Term::from_field_text(self.index.fields.doc_id, doc_id))
    }

    /// Every passage in the index, by document id and then in reading order.
    pub fn every_passage(&self) -> Result<Vec<PassageRecord>> {
        self.read_passages(Term::from_field_text(self.index.fields.kind, KIND_PASSAGE))
    }

    fn read_passages(&self, term: Term) -> Result<Vec<PassageRecord>> {
        let searcher = self.index.searcher()?;
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let addresses = searcher.search(&query, &DocSetCollector)?;
        let mut records = Vec::with_capacity(addresses.len());
        for address in addresses {
            let record: TantivyDocument = searcher.doc(address)?;
            records.extend(passage_of(&record, &self.index.fields));
        }
        records.sort_by(|a, b| (&a.doc_id, a.byte_start).cmp(&(&b.doc_id, b.byte_start)));
        Ok(records)
    }

    /// The id of a document indexed from the file `source` (an absolute path, as the index
    /// records it), if any.
    pub fn document_from_source(&self, source: &Path) -> Result<Option<String>> {
        let searcher = self.index.searcher()?;
        let fields = &self.index.fields;
        let term = Term::from_field_text(fields.source, &source.to_string_lossy());
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        let record: TantivyDocument = searcher.doc(*address)?;
        Ok(record
            .get_first(fields.doc_id)
            .and_then(|v| v.as_str())
            .map(str::to_string))
    }
}

impl Engine {
    /// How many passages of each document match `query` (every passage without one): the
    /// documents, most matches first, at most `limit` of them, and how many documents match in
    /// all. A reader narrows results with this list.
    pub fn tally(
        &self,
        query: Option<&Query>,
        limit: usize,
    ) -> Result<(usize, Vec<DocumentTally>)> {
        let searcher = self.index.searcher()?;
        let query = query.map(|q| q.compiled.query.box_clone());
        tally::tally(&searcher, &self.index.fields, query, limit)
    }

    /// How many documents and passages the index holds.
    pub fn size(&self) -> Result<(u64, u64)> {
        let searcher = self.index.searcher()?;
        let count = |kind: &str| -> Result<u64> {
            let term = Term::from_field_text(self.index.fields.kind, kind);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            Ok(searcher.search(&query, &Count)? as u64)
        };
        Ok((count(KIND_DOCUMENT)?, count(KIND_PASSAGE)?))
    }

    /// The file document `doc_id` was read from, when the file is that document alone (not one
    /// line of a JSON-lines file): what a reader opens to see the original. Only indexed files
    /// are ever named.
    pub fn source_file(&self, doc_id: &str) -> Result<Option<PathBuf>> {
        let searcher = self.index.searcher()?;
        let fields = &self.index.fields;
        let term = Term::from_field_text(fields.doc_id, doc_id);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        let record: TantivyDocument = searcher.doc(*address)?;
        let source = record
            .get_first(fields.source)
            .and_then(|v| v.as_str())
            .map(PathBuf::from);
        Ok(source.filter(|path| !corpus::format_of(path).is_json_lines()))
    }
}

impl Engine {
    /// The text of document `doc_id` as the indexer extracted it, for a PDF, web page or Word
    /// file; `None` for other documents and unknown ids. Reading it needs no extractor: callers
    /// check with its file stamp that the file is still the one it was extracted from.
    pub fn extracted_original(&self, doc_id: &str) -> Result<Option<ExtractedOriginal>> {
        let searcher = self.index.searcher()?;
        let fields = &self.index.fields;
        let term = |field, text| -> Box<dyn tantivy::query::Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let document_record = BooleanQuery::new(vec![
            (Occur::Must, term(fields.doc_id, doc_id)),
            (Occur::Must, term(fields.kind, KIND_DOCUMENT)),
        ]);
        let top = searcher.search(&document_record, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        let record: TantivyDocument = searcher.doc(*address)?;
        Ok(extracted_original_of(&record, fields))
    }
}

impl From<SleuthIndex> for Engine {
    fn from(index: SleuthIndex) -> Engine {
        Engine {
            index,
            ranking: Ranking::default(),
            meaning: None,
        }
    }
}
