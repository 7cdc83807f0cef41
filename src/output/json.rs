//! The JSON wire format of search results: a contract tools and tests rely on.
//!
//! These structs are separate from the search types so that the wire format changes only on
//! purpose. They deserialize too, for tests and for Rust tools that read sleuth's output.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::{group_by_document, HitLayout};
use crate::ingest::segment::PassageKind;
use crate::results::locate::Neighbours;
use crate::results::search::{Hit, PassageRecord, SearchResults};

/// `sleuth search --json` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonResults {
    /// The query as typed.
    pub query: String,
    /// Number of matching passages (documents with `--docs`).
    pub total: usize,
    /// The hits, best first.
    pub hits: Vec<JsonHit>,
    /// How parts of the query were read, when not as syntax.
    #[serde(default)]
    pub notes: Vec<String>,
    /// With `--group`: the hits of each document, documents in the order of their best hit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<JsonGroup>,
}

/// One hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonHit {
    /// 1-based rank.
    pub rank: usize,
    /// BM25 score; when the index has vectors, the fused score (0 to 1).
    pub score: f32,
    /// When the index has vectors: the two scores `score` fuses (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<JsonScoreParts>,
    /// The passage (its fields sit in the hit itself on the wire).
    #[serde(flatten)]
    pub passage: JsonPassage,
    /// A short fragment around the matches.
    pub snippet: String,
    /// Byte ranges of matched words in `text`.
    pub highlights: Vec<[usize; 2]>,
    /// Byte ranges of matched words in `snippet`.
    pub snippet_highlights: Vec<[usize; 2]>,
    /// With `--context N`: the passages around the hit, in reading order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<JsonContext>,
}

/// The two scores of a hit ranked by words and by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct JsonScoreParts {
    /// BM25 score; null when the hit was found by meaning alone.
    pub lexical: Option<f32>,
    /// Cosine of the query with the passage; null when it has no vector.
    pub meaning: Option<f32>,
}

/// A passage, with where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonPassage {
    /// Document id (path relative to the corpus root, or JSONL `_id`).
    pub doc_id: String,
    /// Path of the file to open (`file.jsonl#ID` for JSON-lines documents).
    pub path: String,
    /// Document title.
    pub title: String,
    /// Section heading.
    pub section: Option<String>,
    /// 1-based paragraph number (0 for a title or heading, which are not numbered).
    pub paragraph: u64,
    /// What the passage is: `paragraph`, `list item`, `title` or `heading`.
    #[serde(default = "paragraph_kind")]
    pub kind: String,
    /// First line (1-based).
    pub line_start: u64,
    /// Last line (1-based, inclusive).
    pub line_end: u64,
    /// Start byte in the source text.
    pub byte_start: u64,
    /// End byte (exclusive) in the source text.
    pub byte_end: u64,
    /// The citation string.
    pub citation: String,
    /// The whole passage, hard line wraps joined by single spaces.
    pub text: String,
    /// For a paged document (PDF): the pages, and the lines within them.
    #[serde(default)]
    pub page: Option<JsonPages>,
    /// For a paged document whose pages have printed labels: the labels of the first and last page.
    #[serde(default)]
    pub page_label: Option<JsonPageLabels>,
    /// For a web page: its address, as the page gives it.
    #[serde(default)]
    pub url: Option<String>,
}

/// The pages a passage is on, and its lines within them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonPages {
    /// First page, 1-based.
    pub first: u64,
    /// Last page (greater than `first` when the passage runs over a page break).
    pub last: u64,
    /// First line within the first page, 1-based.
    pub line_start: u64,
    /// Last line within the last page, 1-based.
    pub line_end: u64,
}

/// The printed labels of a passage's first and last page (`iii`, `A-4`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonPageLabels {
    /// Label of the first page.
    pub first: String,
    /// Label of the last page.
    pub last: String,
}

impl From<&PassageRecord> for JsonPassage {
    fn from(p: &PassageRecord) -> Self {
        JsonPassage {
            doc_id: p.doc_id.clone(),
            path: p.path.clone(),
            title: p.title.clone(),
            section: p.section.clone(),
            paragraph: p.paragraph,
            kind: p.kind.name().to_string(),
            line_start: p.line_start,
            line_end: p.line_end,
            byte_start: p.byte_start,
            byte_end: p.byte_end,
            citation: p.citation().to_string(),
            text: p.text.clone(),
            page: p.page.as_ref().map(|page| JsonPages {
                first: page.first,
                last: page.last,
                line_start: page.line_first,
                line_end: page.line_last,
            }),
            page_label: p.page.as_ref().and_then(|page| {
                let first = page.label_first.clone()?;
                Some(JsonPageLabels {
                    last: page
                        .label_last
                        .clone()
                        .unwrap_or_else(|| page.last.to_string()),
                    first,
                })
            }),
            url: p.url.clone(),
        }
    }
}

/// The kind of a passage read from JSON that does not say.
fn paragraph_kind() -> String {
    PassageKind::Paragraph.name().to_string()
}

/// A passage next to a hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonContext {
    /// `before` or `after` the hit.
    pub position: String,
    /// The passage.
    #[serde(flatten)]
    pub passage: JsonPassage,
}

/// The hits of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonGroup {
    /// Document id.
    pub doc_id: String,
    /// Path of the file to open.
    pub path: String,
    /// Document title.
    pub title: String,
    /// Ranks of the document's hits, best first.
    pub ranks: Vec<usize>,
    /// Their paragraph numbers, in the same order.
    pub paragraphs: Vec<u64>,
}

impl JsonContext {
    fn of(neighbours: &Neighbours) -> Vec<JsonContext> {
        let side = |position: &str, list: &[PassageRecord]| -> Vec<JsonContext> {
            list.iter()
                .map(|p| JsonContext {
                    position: position.to_string(),
                    passage: JsonPassage::from(p),
                })
                .collect()
        };
        let mut all = side("before", &neighbours.before);
        all.extend(side("after", &neighbours.after));
        all
    }
}

fn pairs(ranges: &[std::ops::Range<usize>]) -> Vec<[usize; 2]> {
    ranges.iter().map(|r| [r.start, r.end]).collect()
}

impl From<&Hit> for JsonHit {
    fn from(hit: &Hit) -> Self {
        JsonHit {
            rank: hit.rank,
            score: hit.score,
            scores: hit.parts.map(|p| JsonScoreParts {
                lexical: p.lexical,
                meaning: p.meaning,
            }),
            passage: JsonPassage::from(&hit.passage),
            snippet: hit.snippet.text.clone(),
            highlights: pairs(&hit.highlights),
            snippet_highlights: pairs(&hit.snippet.highlights),
            context: Vec::new(),
        }
    }
}

impl From<&SearchResults> for JsonResults {
    fn from(results: &SearchResults) -> Self {
        JsonResults {
            query: results.query.clone(),
            total: results.total,
            hits: results.hits.iter().map(JsonHit::from).collect(),
            notes: results.notes.iter().map(ToString::to_string).collect(),
            groups: Vec::new(),
        }
    }
}

impl JsonResults {
    /// The results with what `around` adds: each hit's context, and the groups.
    pub fn around(results: &SearchResults, around: HitLayout) -> JsonResults {
        let mut json = JsonResults::from(results);
        for (hit, neighbours) in json.hits.iter_mut().zip(around.context) {
            hit.context = JsonContext::of(neighbours);
        }
        if around.group {
            json.groups = group_by_document(&results.hits)
                .into_iter()
                .map(|group| {
                    let first = &results.hits[group[0]].passage;
                    JsonGroup {
                        doc_id: first.doc_id.clone(),
                        path: first.path.clone(),
                        title: first.title.clone(),
                        ranks: group.iter().map(|&i| results.hits[i].rank).collect(),
                        paragraphs: group
                            .iter()
                            .map(|&i| results.hits[i].passage.paragraph)
                            .collect(),
                    }
                })
                .collect();
        }
        json
    }
}

/// Writes `results` as one JSON document and a newline.
pub fn print_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    print_results_around(out, results, HitLayout::default())
}

/// Like [`print_results`], with what `around` adds.
pub fn print_results_around(
    out: &mut dyn Write,
    results: &SearchResults,
    around: HitLayout,
) -> io::Result<()> {
    print_json(out, &JsonResults::around(results, around))
}

/// Writes `value` as pretty JSON and a newline.
pub fn print_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
