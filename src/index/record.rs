//! The records written for one document: its passages in order, then its document record
//! (see [`crate::index::schema`] for the fields).

use std::path::Path;

use tantivy::TantivyDocument;

use crate::index::schema::{Fields, KIND_DOCUMENT, KIND_PASSAGE};
use crate::ingest::corpus::Document;
use crate::ingest::segment::{segment, Passage};

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
    let mut records = Vec::with_capacity(passages.len() + 1);
    let mut paragraph = 0;
    for (i, passage) in passages.iter().enumerate() {
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
        record.add_u64(fields.byte_start, passage.byte_start as u64);
        record.add_u64(fields.byte_end, passage.byte_end as u64);
        record.add_u64(fields.to_document, (passages.len() - i) as u64);
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
    records.push(record);
    records
}

/// A text file without a title line is titled by its file name.
fn fallback_title(doc: &Document) -> String {
    Path::new(&doc.id)
        .file_name()
        .map_or_else(|| doc.id.clone(), |n| n.to_string_lossy().into_owned())
}
