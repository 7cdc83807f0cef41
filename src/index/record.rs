//! The records written for one document: its passages in order, then its document record
//! (see [`crate::index::schema`] for the fields).

use std::path::Path;

use tantivy::TantivyDocument;

use crate::index::schema::{Fields, KIND_DOCUMENT, KIND_PASSAGE};
use crate::ingest::corpus::Document;
use crate::ingest::segment::segment;

/// The tantivy records of one document: its passages in order, then its document record.
pub(super) fn records(fields: &Fields, doc: &Document) -> Vec<TantivyDocument> {
    let segmented = segment(&doc.text);
    let title = doc
        .title
        .clone()
        .or(segmented.title)
        .unwrap_or_else(|| fallback_title(doc));
    let source = doc.source.to_string_lossy();
    let mut records = Vec::with_capacity(segmented.passages.len() + 1);
    for (i, passage) in segmented.passages.iter().enumerate() {
        let mut record = TantivyDocument::default();
        record.add_text(fields.kind, KIND_PASSAGE);
        record.add_text(fields.doc_id, &doc.id);
        record.add_text(fields.source, &source);
        record.add_text(fields.title, &title);
        if let Some(section) = &passage.section {
            record.add_text(fields.section, section);
        }
        record.add_text(fields.body, &passage.text);
        record.add_u64(fields.paragraph, i as u64 + 1);
        record.add_u64(fields.line_start, passage.line_start as u64);
        record.add_u64(fields.line_end, passage.line_end as u64);
        record.add_u64(fields.byte_start, passage.byte_start as u64);
        record.add_u64(fields.byte_end, passage.byte_end as u64);
        record.add_u64(fields.to_document, (segmented.passages.len() - i) as u64);
        records.push(record);
    }
    let mut record = TantivyDocument::default();
    record.add_text(fields.kind, KIND_DOCUMENT);
    record.add_text(fields.doc_id, &doc.id);
    record.add_text(fields.source, &source);
    record.add_text(fields.doc_title, &title);
    record.add_u64(fields.content_hash, doc.hash);
    record.add_u64(fields.passages, segmented.passages.len() as u64);
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
