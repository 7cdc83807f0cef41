//! Running a query: ranked passages (or documents with their best passage) as plain data.

use std::ops::Range;
use std::path::Path;

use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Term, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::error::Result;
use crate::index::schema::{Fields, KIND_PASSAGE};
use crate::index::SleuthIndex;
use crate::ingest::corpus::{display_path, SourceFormat};
use crate::query::syntax::ParsedQuery;
use crate::query::{self, CompiledQuery};
use crate::rank::{self, DocumentScore, Ranker, Ranking};
use crate::results::citation::Citation;
use crate::results::snippet::{self, Snippet, SNIPPET_CHARS};

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

/// A passage as stored in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageRecord {
    /// Document id.
    pub doc_id: String,
    /// Display path.
    pub path: String,
    /// Document title.
    pub title: String,
    /// Section heading.
    pub section: Option<String>,
    /// 1-based paragraph number.
    pub paragraph: u64,
    /// First line (1-based).
    pub line_start: u64,
    /// Last line (1-based, inclusive).
    pub line_end: u64,
    /// Byte offset of the start in the source text.
    pub byte_start: u64,
    /// Byte offset past the end in the source text.
    pub byte_end: u64,
    /// The passage text, hard line wraps joined.
    pub text: String,
}

impl PassageRecord {
    /// The passage's citation.
    pub fn citation(&self) -> Citation {
        Citation {
            path: self.path.clone(),
            paragraph: self.paragraph,
            line_start: self.line_start,
            line_end: self.line_end,
            section: self.section.clone(),
            title: self.title.clone(),
        }
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// 1-based rank (counting skipped hits).
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// The passage.
    pub passage: PassageRecord,
    /// Byte ranges of matched words in `passage.text`.
    pub highlights: Vec<Range<usize>>,
    /// A short fragment around the matches.
    pub snippet: Snippet,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// How many passages (or documents) match in all.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// Notes on how the query was read (parts taken as plain words).
    pub notes: Vec<String>,
}

/// Searches `index` for `query_text`.
pub fn search(
    index: &SleuthIndex,
    query_text: &str,
    options: &SearchOptions,
) -> Result<SearchResults> {
    let parsed = query::parse(query_text, options.literal)?;
    let searcher = index.searcher()?;
    let fields = &index.fields;
    let compiled = query::compile(&parsed, fields, &searcher, false)?;
    let ranking = Ranking::default();
    let ranker = Ranker::new(&searcher, fields, &ranking)?;
    let (total, top) = if options.documents {
        rank::documents(
            &searcher,
            fields,
            &compiled,
            options.limit,
            options.offset,
            &ranking,
            DocumentScore::default(),
        )?
    } else {
        ranker.top(
            compiled.query.as_ref(),
            &compiled.terms,
            options.limit,
            options.offset,
        )?
    };
    let mut hits = Vec::with_capacity(top.len());
    for (i, (score, address)) in top.into_iter().enumerate() {
        let passage = if options.documents {
            best_passage(&searcher, fields, &ranker, &parsed, &compiled, address)?
        } else {
            Some(read_passage(&searcher, fields, address)?)
        };
        let Some(passage) = passage else { continue };
        let highlights = snippet::highlight(&passage.text, &compiled.highlights);
        let snippet = snippet::snippet(&passage.text, &highlights, SNIPPET_CHARS);
        hits.push(Hit {
            rank: options.offset + i + 1,
            score,
            passage,
            highlights,
            snippet,
        });
    }
    Ok(SearchResults {
        query: query_text.to_string(),
        total,
        hits,
        notes: parsed.notes,
    })
}

/// The passage of the document recorded at `address` that best matches the query (`compiled`
/// from `parsed`): one that matches it fully if there is one, else the one that matches most of it.
fn best_passage(
    searcher: &Searcher,
    fields: &Fields,
    ranker: &Ranker,
    parsed: &ParsedQuery,
    compiled: &CompiledQuery,
    address: DocAddress,
) -> Result<Option<PassageRecord>> {
    let doc_id = rank::document_id(searcher, address)?;
    let best_in_document = |compiled: &CompiledQuery| -> Result<Option<PassageRecord>> {
        let doc = TermQuery::new(
            Term::from_field_text(fields.doc_id, &doc_id),
            IndexRecordOption::Basic,
        );
        let in_document = BooleanQuery::new(vec![
            (Occur::Must, compiled.query.box_clone()),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(doc), 0.0)),
            ),
        ]);
        let (_, top) = ranker.top(&in_document, &compiled.terms, 1, 0)?;
        top.first()
            .map(|(_, address)| read_passage(searcher, fields, *address))
            .transpose()
    };
    match best_in_document(compiled)? {
        Some(passage) => Ok(Some(passage)),
        None => best_in_document(&query::compile(parsed, fields, searcher, true)?),
    }
}

fn text(record: &TantivyDocument, field: Field) -> Option<String> {
    record
        .get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn number(record: &TantivyDocument, field: Field) -> u64 {
    record
        .get_first(field)
        .and_then(|v| v.as_u64())
        .unwrap_or(0)
}

/// Reads a passage record.
pub fn read_passage(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
) -> Result<PassageRecord> {
    let record: TantivyDocument = searcher.doc(address)?;
    Ok(passage_of(&record, fields).unwrap_or_else(|| empty_passage(&record, fields)))
}

/// The passage a stored record holds, or None for a document record (which has no passage text).
fn passage_of(record: &TantivyDocument, fields: &Fields) -> Option<PassageRecord> {
    let text = text(record, fields.body)?;
    Some(PassageRecord {
        text,
        ..empty_passage(record, fields)
    })
}

/// A record's identity and place, with no text.
fn empty_passage(record: &TantivyDocument, fields: &Fields) -> PassageRecord {
    let doc_id = text(record, fields.doc_id).unwrap_or_default();
    let source = text(record, fields.source).unwrap_or_default();
    PassageRecord {
        path: cited_path(Path::new(&source), &doc_id),
        title: text(record, fields.title).unwrap_or_default(),
        section: text(record, fields.section),
        paragraph: number(record, fields.paragraph),
        line_start: number(record, fields.line_start),
        line_end: number(record, fields.line_end),
        byte_start: number(record, fields.byte_start),
        byte_end: number(record, fields.byte_end),
        text: String::new(),
        doc_id,
    }
}

/// The path a citation shows: the file as the user would open it, plus `#ID` for a document that
/// is one line of a JSON-lines file.
pub fn cited_path(source: &Path, doc_id: &str) -> String {
    let shown = display_path(source);
    match crate::ingest::corpus::format_of(source) {
        SourceFormat::Text => shown,
        SourceFormat::JsonLines | SourceFormat::JsonLinesZstd => format!("{shown}#{doc_id}"),
    }
}

/// Every passage of the document `doc_id` (or of all documents), in document and reading order.
pub fn passages(index: &SleuthIndex, doc_id: Option<&str>) -> Result<Vec<PassageRecord>> {
    let searcher = index.searcher()?;
    let fields = &index.fields;
    let term = match doc_id {
        Some(id) => Term::from_field_text(fields.doc_id, id),
        None => Term::from_field_text(fields.kind, KIND_PASSAGE),
    };
    let query = TermQuery::new(term, IndexRecordOption::Basic);
    let addresses = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
    let mut records = Vec::with_capacity(addresses.len());
    for address in addresses {
        let record: TantivyDocument = searcher.doc(address)?;
        records.extend(passage_of(&record, fields));
    }
    records.sort_by(|a, b| (&a.doc_id, a.paragraph).cmp(&(&b.doc_id, b.paragraph)));
    Ok(records)
}
