//! The stored records: what is written for each document (its passages in order, then its
//! document record) and what a passage record reads back as ([`PassageRecord`]). The fields
//! themselves are declared in [`crate::index::schema`].

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::error::Result;
use crate::ingest::corpus::{display_path, format_of, SourceFormat};

use crate::index::schema::{Fields, KIND_DOCUMENT, KIND_PASSAGE};
use crate::ingest::corpus::Document;
use crate::ingest::extract::{page_line, PageStart};
use crate::ingest::segment::{segment, Passage, PassageKind};

/// The tantivy records of one document: its passages in order, then its document record.
pub(super) fn records(fields: &Fields, doc: &Document) -> Vec<TantivyDocument> {
    let segmented = segment(&doc.text);
    let title = doc
        .title
        .clone()
        .or(segmented.title)
        .unwrap_or_else(|| fallback_title(doc));
    let source = doc.source.to_string_lossy();
    // Titles and headings go in reading order among the paragraphs, unnumbered.
    let mut passages: Vec<&Passage> = segmented
        .passages
        .iter()
        .chain(&segmented.headings)
        .collect();
    passages.sort_by_key(|p| p.byte_start);
    // Spans are stored as the file's bytes, whatever its encoding.
    let spans: Vec<_> = passages.iter().map(|p| p.byte_start..p.byte_end).collect();
    let spans = doc.offsets.file_ranges(&doc.text, &spans);
    let mut records = Vec::with_capacity(passages.len() + 1);
    let mut paragraph = 0;
    for (i, (passage, span)) in passages.iter().zip(&spans).enumerate() {
        if passage.kind.is_numbered() {
            paragraph += 1;
        }
        let mut record = TantivyDocument::default();
        record.add_text(fields.kind, KIND_PASSAGE);
        record.add_text(fields.doc_id, &doc.id);
        record.add_text(fields.source, &source);
        record.add_text(fields.title, &title);
        if let Some(section) = &passage.section {
            record.add_text(fields.section, section);
        }
        record.add_text(fields.body, &passage.text);
        let number = if passage.kind.is_numbered() {
            paragraph
        } else {
            0
        };
        record.add_u64(fields.paragraph, number);
        record.add_text(fields.passage_kind, passage.kind.name());
        record.add_u64(fields.line_start, passage.line_start as u64);
        record.add_u64(fields.line_end, passage.line_end as u64);
        record.add_u64(fields.byte_start, span.start);
        record.add_u64(fields.byte_end, span.end);
        record.add_u64(fields.to_document, (passages.len() - i) as u64);
        let last_char = doc.text[..passage.byte_end]
            .char_indices()
            .next_back()
            .map_or(passage.byte_start, |(at, _)| at.max(passage.byte_start));
        let first = page_line(&doc.text, &doc.pages, passage.byte_start);
        let last = page_line(&doc.text, &doc.pages, last_char);
        if let (Some((first, line_first)), Some((last, line_last))) = (first, last) {
            record.add_u64(fields.page_first, first as u64);
            record.add_u64(fields.page_last, last as u64);
            record.add_u64(fields.page_line_first, line_first as u64);
            record.add_u64(fields.page_line_last, line_last as u64);
            if let Some(label) = &doc.pages[first - 1].label {
                record.add_text(fields.page_label_first, label);
            }
            if let Some(label) = &doc.pages[last - 1].label {
                record.add_text(fields.page_label_last, label);
            }
        }
        if let Some(url) = &doc.url {
            record.add_text(fields.url, url);
        }
        records.push(record);
    }
    let mut record = TantivyDocument::default();
    record.add_text(fields.kind, KIND_DOCUMENT);
    record.add_text(fields.doc_id, &doc.id);
    record.add_text(fields.source, &source);
    record.add_text(fields.doc_title, &title);
    record.add_u64(fields.content_hash, doc.hash);
    record.add_u64(fields.passages, passages.len() as u64);
    // Every record has a value, so that the fast field is dense (and faster to read).
    record.add_u64(fields.to_document, 0);
    if format_of(&doc.source) == SourceFormat::Extracted {
        let kept = ExtractedOriginal {
            file_stamp: doc.file_stamp,
            text: doc.text.clone(),
            pages: doc.pages.clone(),
            url: doc.url.clone(),
        };
        let json = serde_json::to_vec(&kept).expect("an extracted text serializes");
        record.add_bytes(fields.extracted, &json);
    }
    records.push(record);
    records
}

/// The text of a PDF, web page or Word file as the indexer extracted it, kept on its document
/// record so that `show` and `verify` read the very text its passages were cut from, without the
/// extractor (which may be slow, or no longer installed). Text files are read again instead, and
/// JSON lines stand in with their passages: neither is kept twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractedOriginal {
    /// The file's size and modification time when it was read: the text holds for the file only
    /// while they are unchanged ([`crate::ingest::corpus::is_unchanged_since`]).
    pub file_stamp: (u64, u64),
    /// The extracted text.
    pub text: String,
    /// Where each page starts in `text` (empty for formats without pages).
    pub pages: Vec<PageStart>,
    /// The address a web page gives for itself.
    pub url: Option<String>,
}

/// The extracted original a document record keeps, if any.
pub(crate) fn extracted_original_of(
    record: &TantivyDocument,
    fields: &Fields,
) -> Option<ExtractedOriginal> {
    let bytes = record.get_first(fields.extracted)?.as_bytes()?;
    serde_json::from_slice(bytes).ok()
}

/// A text file without a title line is titled by its file name.
fn fallback_title(doc: &Document) -> String {
    Path::new(&doc.id)
        .file_name()
        .map_or_else(|| doc.id.clone(), |n| n.to_string_lossy().into_owned())
}

/// A passage as stored in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageRecord {
    /// Document id.
    pub doc_id: String,
    /// The file the document was read from, as indexed (absolute).
    pub source: PathBuf,
    /// The path a citation shows: `source` as a person at the current directory would type it,
    /// plus `#ID` for a document of a JSON-lines file ([`cited_path`]).
    pub path: String,
    /// Document title.
    pub title: String,
    /// Section heading.
    pub section: Option<String>,
    /// 1-based paragraph number (0 for a title or heading, which are not numbered).
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
    /// What the passage is: a paragraph, a list item, the title or a heading.
    pub kind: PassageKind,
    /// Pages and lines within them, for a passage of a paged document (PDF).
    pub page: Option<PageSpan>,
    /// The web page's address, for a passage of a web page.
    pub url: Option<String>,
}

/// Where a passage of a paged document is: its first and last page, and its first and last line
/// counted within those pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSpan {
    /// First page, 1-based.
    pub first: u64,
    /// Last page (the first unless the passage runs over a page break).
    pub last: u64,
    /// First line within the first page, 1-based.
    pub line_first: u64,
    /// Last line within the last page, 1-based.
    pub line_last: u64,
    /// The first page's printed label, where the document defines one.
    pub label_first: Option<String>,
    /// The last page's printed label, where the document defines one.
    pub label_last: Option<String>,
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
pub(crate) fn read_passage(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
) -> Result<PassageRecord> {
    let record: TantivyDocument = searcher.doc(address)?;
    Ok(passage_of(&record, fields).unwrap_or_else(|| empty_passage(&record, fields)))
}

/// The passage a stored record holds, or None for a document record (which has no passage text).
pub(crate) fn passage_of(record: &TantivyDocument, fields: &Fields) -> Option<PassageRecord> {
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
        source: PathBuf::from(source),
        title: text(record, fields.title).unwrap_or_default(),
        section: text(record, fields.section),
        paragraph: number(record, fields.paragraph),
        line_start: number(record, fields.line_start),
        line_end: number(record, fields.line_end),
        byte_start: number(record, fields.byte_start),
        byte_end: number(record, fields.byte_end),
        text: String::new(),
        kind: text(record, fields.passage_kind)
            .and_then(|name| PassageKind::from_name(&name))
            .unwrap_or_default(),
        page: page_span(record, fields),
        url: text(record, fields.url),
        doc_id,
    }
}

/// The pages of a passage of a paged document, from its record.
fn page_span(record: &TantivyDocument, fields: &Fields) -> Option<PageSpan> {
    let first = number(record, fields.page_first);
    (first > 0).then(|| PageSpan {
        first,
        last: number(record, fields.page_last).max(first),
        line_first: number(record, fields.page_line_first),
        line_last: number(record, fields.page_line_last),
        label_first: text(record, fields.page_label_first),
        label_last: text(record, fields.page_label_last),
    })
}

/// The path a citation shows: the file as the user would open it, plus `#ID` for a document that
/// is one line of a JSON-lines file.
pub fn cited_path(source: &Path, doc_id: &str) -> String {
    let shown = display_path(source);
    if format_of(source).is_json_lines() {
        format!("{shown}#{doc_id}")
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::build_schema;
    use crate::ingest::decode::Offsets;

    fn document(source: &str) -> Document {
        Document {
            id: source.into(),
            source: PathBuf::from("/corpus").join(source),
            title: None,
            text: "Title\n\nA paragraph of text.\n".into(),
            pages: Vec::new(),
            url: None,
            hash: 1,
            offsets: Offsets::Same,
            file_stamp: (30, 7),
        }
    }

    /// The document record's kept original, if it has one.
    fn kept(doc: &Document) -> Option<ExtractedOriginal> {
        let fields = Fields::from_schema(&build_schema()).unwrap();
        let records = records(&fields, doc);
        extracted_original_of(records.last().unwrap(), &fields)
    }

    #[test]
    fn only_extracted_documents_keep_their_text_on_the_document_record() {
        let mut pdf = document("report.pdf");
        pdf.pages = vec![PageStart {
            start: 0,
            label: Some("i".into()),
        }];
        let pdf_kept = kept(&pdf).expect("a PDF's text is kept");
        assert_eq!(
            (pdf_kept.file_stamp, pdf_kept.text.as_str(), pdf_kept.pages),
            ((30, 7), pdf.text.as_str(), pdf.pages)
        );
        assert_eq!(kept(&document("notes.txt")), None);
        assert_eq!(kept(&document("corpus.jsonl")), None);
    }
}
