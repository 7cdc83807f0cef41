//! The index schema: every field name and option in one place.
//!
//! One tantivy index holds two kinds of records, so that a single commit updates both atomically:
//! *passage* records (one per paragraph, the unit search returns) and *document* records (one per
//! source document: its title, passage count and content hash, for incremental indexing). A
//! document's records are added as one group, its passages in order and its document record last,
//! so they are contiguous in one segment (merges keep the order): a passage finds its document
//! record at [`Fields::to_document`] doc ids further on, and whole-document statistics are sums
//! over a document's passages instead of a second copy of the text. Each kind has its own text
//! fields, so a query on passage fields never matches a document record and vice versa.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::store::Compressor;
use tantivy::IndexSettings;

use crate::analysis::{EXACT_ANALYZER, STEMMED_ANALYZER};

/// Version of everything that decides what is in the index: schema, segmentation and analysis.
/// Bump it whenever one of them changes, so that old indexes are rebuilt instead of misread.
pub const INDEX_FORMAT: u32 = 5;

/// Value of [`Fields::kind`] on passage records.
pub const KIND_PASSAGE: &str = "p";
/// Value of [`Fields::kind`] on document records.
pub const KIND_DOCUMENT: &str = "d";

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `p` (passage) or `d` (document).
    pub kind: Field,
    /// Document identity: path relative to its corpus root, or a JSONL `_id`. On both kinds.
    pub doc_id: Field,
    /// Display path of the source file (JSONL documents: `file.jsonl#id`). Stored.
    pub path: Field,
    /// Document title, stemmed, on passage records (searchable with `title:`). Stored.
    pub title: Field,
    /// Document title, stemmed, on document records (kept apart from `title` so that each kind's
    /// term statistics count only its own records).
    pub doc_title: Field,
    /// Section heading of a passage, stemmed (searchable with `section:`).
    pub section: Field,
    /// Passage text, words as written (exact view), with positions; [`crate::index::stems`] knows which
    /// share a stem. Stored: the text a hit shows.
    pub body: Field,
    /// Paragraph number within the document (1-based; 0 on titles and headings, which are no
    /// paragraphs).
    pub paragraph: Field,
    /// What the passage is: `paragraph`, `list item`, `title` or `heading`
    /// ([`crate::ingest::segment::PassageKind`]). Stored.
    pub passage_kind: Field,
    /// First line of the passage in the source (1-based).
    pub line_start: Field,
    /// Last line of the passage in the source (1-based, inclusive).
    pub line_end: Field,
    /// Byte offset of the passage's start in the source text.
    pub byte_start: Field,
    /// Byte offset just past the passage's end in the source text.
    pub byte_end: Field,
    /// First page of a passage of a paged document (PDF), 1-based; absent for other documents.
    pub page_first: Field,
    /// Last page of the passage (the same as `page_first` unless it runs over a page break).
    pub page_last: Field,
    /// The passage's first line counted within its first page (1-based).
    pub page_line_first: Field,
    /// The passage's last line counted within its last page (1-based).
    pub page_line_last: Field,
    /// The printed label of the first page (`iii`), where the document defines one.
    pub page_label_first: Field,
    /// The printed label of the last page, where the document defines one.
    pub page_label_last: Field,
    /// The address of a web page (from the page itself), on its passages.
    pub url: Field,
    /// How many doc ids after a record its document's record comes (0 on document records); fast.
    pub to_document: Field,
    /// Source file the document came from (absolute path). Document records only.
    pub source: Field,
    /// Content hash of the document. Document records only.
    pub content_hash: Field,
    /// Number of passages of the document. Document records only; fast.
    pub passages: Field,
    /// The text of a PDF, web page or Word file as the indexer extracted it, with its pages and
    /// its file's stamp ([`crate::index::record::ExtractedOriginal`], as JSON): `show` and
    /// `verify` read it instead of extracting again. Document records of extracted files only;
    /// stored (compressed with the rest of the document store).
    pub extracted: Field,
}

/// Field names, as stored in the index.
mod names {
    pub const KIND: &str = "kind";
    pub const DOC_ID: &str = "doc_id";
    pub const PATH: &str = "path";
    pub const TITLE: &str = "title";
    pub const DOC_TITLE: &str = "doc_title";
    pub const SECTION: &str = "section";
    pub const BODY: &str = "body";
    pub const PARAGRAPH: &str = "paragraph";
    pub const PASSAGE_KIND: &str = "passage_kind";
    pub const LINE_START: &str = "line_start";
    pub const LINE_END: &str = "line_end";
    pub const BYTE_START: &str = "byte_start";
    pub const BYTE_END: &str = "byte_end";
    pub const TO_DOCUMENT: &str = "to_document";
    pub const SOURCE: &str = "source";
    pub const CONTENT_HASH: &str = "content_hash";
    pub const PASSAGES: &str = "passages";
    pub const PAGE_FIRST: &str = "page_first";
    pub const PAGE_LAST: &str = "page_last";
    pub const PAGE_LINE_FIRST: &str = "page_line_first";
    pub const PAGE_LINE_LAST: &str = "page_line_last";
    pub const PAGE_LABEL_FIRST: &str = "page_label_first";
    pub const PAGE_LABEL_LAST: &str = "page_label_last";
    pub const URL: &str = "url";
    pub const EXTRACTED: &str = "extracted";
}

fn text_field(analyzer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

/// Builds the schema.
pub fn build_schema() -> Schema {
    use IndexRecordOption::WithFreqsAndPositions;
    let mut builder = Schema::builder();
    builder.add_text_field(names::KIND, STRING);
    builder.add_text_field(names::DOC_ID, STRING | STORED | FAST);
    builder.add_text_field(names::PATH, STORED);
    builder.add_text_field(
        names::TITLE,
        text_field(STEMMED_ANALYZER, WithFreqsAndPositions).set_stored(),
    );
    builder.add_text_field(
        names::DOC_TITLE,
        text_field(STEMMED_ANALYZER, WithFreqsAndPositions).set_stored(),
    );
    builder.add_text_field(
        names::SECTION,
        text_field(STEMMED_ANALYZER, WithFreqsAndPositions).set_stored(),
    );
    builder.add_text_field(names::PASSAGE_KIND, STORED);
    builder.add_text_field(
        names::BODY,
        text_field(EXACT_ANALYZER, WithFreqsAndPositions).set_stored(),
    );
    for name in [
        names::PARAGRAPH,
        names::LINE_START,
        names::LINE_END,
        names::BYTE_START,
        names::BYTE_END,
        names::PAGE_FIRST,
        names::PAGE_LAST,
        names::PAGE_LINE_FIRST,
        names::PAGE_LINE_LAST,
    ] {
        builder.add_u64_field(name, STORED);
    }
    for name in [names::PAGE_LABEL_FIRST, names::PAGE_LABEL_LAST, names::URL] {
        builder.add_text_field(name, STORED);
    }
    builder.add_u64_field(names::TO_DOCUMENT, FAST);
    builder.add_text_field(names::SOURCE, STRING | STORED | FAST);
    builder.add_u64_field(names::CONTENT_HASH, STORED | FAST);
    builder.add_u64_field(names::PASSAGES, STORED | FAST);
    builder.add_bytes_field(names::EXTRACTED, STORED);
    builder.build()
}

/// How new indexes store their documents: lz4, tantivy's default. Stored text is most of an
/// index's size, and zstd makes it smaller but every search slower (a hit's block needs a fresh
/// decompression context each time; the figures are in `PERFORMANCE.md`). Each index records its
/// own settings, so indexes made with other settings stay readable.
pub fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Lz4,
        ..IndexSettings::default()
    }
}

impl Fields {
    /// Looks up every field in `schema`; fails when the schema is not sleuth's (an index made by an
    /// incompatible version).
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format!("the index has no field `{name}`"))
        };
        Ok(Fields {
            kind: get(names::KIND)?,
            doc_id: get(names::DOC_ID)?,
            path: get(names::PATH)?,
            title: get(names::TITLE)?,
            doc_title: get(names::DOC_TITLE)?,
            section: get(names::SECTION)?,
            body: get(names::BODY)?,
            paragraph: get(names::PARAGRAPH)?,
            passage_kind: get(names::PASSAGE_KIND)?,
            line_start: get(names::LINE_START)?,
            line_end: get(names::LINE_END)?,
            byte_start: get(names::BYTE_START)?,
            byte_end: get(names::BYTE_END)?,
            to_document: get(names::TO_DOCUMENT)?,
            source: get(names::SOURCE)?,
            content_hash: get(names::CONTENT_HASH)?,
            passages: get(names::PASSAGES)?,
            page_first: get(names::PAGE_FIRST)?,
            page_last: get(names::PAGE_LAST)?,
            page_line_first: get(names::PAGE_LINE_FIRST)?,
            page_line_last: get(names::PAGE_LINE_LAST)?,
            page_label_first: get(names::PAGE_LABEL_FIRST)?,
            page_label_last: get(names::PAGE_LABEL_LAST)?,
            url: get(names::URL)?,
            extracted: get(names::EXTRACTED)?,
        })
    }

    /// Name of the fast field holding document ids.
    pub const DOC_ID_NAME: &'static str = names::DOC_ID;
    /// Name of the fast field holding source paths.
    pub const SOURCE_NAME: &'static str = names::SOURCE;
    /// Name of the fast field holding content hashes.
    pub const CONTENT_HASH_NAME: &'static str = names::CONTENT_HASH;
    /// Name of the fast field holding each passage's distance to its document record.
    pub const TO_DOCUMENT_NAME: &'static str = names::TO_DOCUMENT;
    /// Name of the fast field holding each document's passage count.
    pub const PASSAGES_NAME: &'static str = names::PASSAGES;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_found_in_the_built_schema() {
        let schema = build_schema();
        let fields = Fields::from_schema(&schema).expect("all fields");
        assert_ne!(fields.body, fields.title);
    }

    #[test]
    fn a_foreign_schema_is_rejected_with_the_missing_field() {
        let mut builder = Schema::builder();
        builder.add_text_field("kind", STRING);
        let err = Fields::from_schema(&builder.build()).unwrap_err();
        assert!(err.contains("doc_id"), "{err}");
    }
}
