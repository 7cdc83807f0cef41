//! An index's passage vectors laid out for search: one matrix row per indexed passage, tied to the
//! passage's address in the index and to its document.
//!
//! Only vectors of the document version the index holds are used (same content hash and passage
//! count); passages of documents changed since the last embedding run have no vector until the
//! next `sleuth index --model` and rank by their words alone.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::{DocAddress, DocId, Searcher};

use super::dense::DenseMatrix;
use super::store::{StoreHeader, VectorStore};
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::index::SleuthIndex;

/// A document record of the index: what the vectors are matched against.
#[derive(Debug, Clone)]
pub struct IndexedDocument {
    /// Document id.
    pub doc_id: String,
    /// Content hash of the indexed version.
    pub content_hash: u64,
    /// Number of passages.
    pub passages: usize,
    /// Address of the document record; passage `i` (0-based) is `passages - i` records before it.
    pub address: DocAddress,
}

impl IndexedDocument {
    /// Address of passage `i` (0-based) of the document.
    pub fn passage(&self, i: usize) -> DocAddress {
        DocAddress::new(
            self.address.segment_ord,
            self.address.doc_id - (self.passages - i) as DocId,
        )
    }
}

/// Every live document record of the index, in index order.
pub fn indexed_documents(searcher: &Searcher) -> Result<Vec<IndexedDocument>> {
    let mut documents = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let hashes = fast.u64(Fields::CONTENT_HASH_NAME)?;
        let counts = fast.u64(Fields::PASSAGES_NAME)?;
        let Some(ids) = fast.str(Fields::DOC_ID_NAME)? else {
            continue;
        };
        // (dictionary ordinal of the id, index in `documents`) of this segment's documents.
        let mut named: Vec<(u64, usize)> = Vec::new();
        for doc in segment.doc_ids_alive() {
            let Some(content_hash) = hashes.first(doc) else {
                continue; // a passage record
            };
            let passages = counts.first(doc).unwrap_or(0) as usize;
            if passages > doc as usize {
                continue; // cannot happen in an index sleuth wrote
            }
            if let Some(ord) = ids.ords().first(doc) {
                named.push((ord, documents.len()));
            }
            documents.push(IndexedDocument {
                doc_id: String::new(),
                content_hash,
                passages,
                address: DocAddress::new(segment_ord as u32, doc),
            });
        }
        // The ids in one pass over the dictionary, in its order: looked up one by one, each
        // decompressed a dictionary block of its own (a third of a whole search's time on SciFact).
        named.sort_unstable();
        let ords: Vec<u64> = named.iter().map(|&(ord, _)| ord).collect();
        let mut owners = named.iter().map(|&(_, i)| i);
        ids.dictionary()
            .sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(i) = owners.next() {
                    documents[i].doc_id = String::from_utf8_lossy(bytes).into_owned();
                }
            })
            .map_err(|err| Error::Tantivy(err.into()))?;
    }
    Ok(documents)
}

/// The vectors of an index's current passages.
pub struct IndexVectors {
    /// What made the vectors.
    pub header: StoreHeader,
    matrix: DenseMatrix,
    /// Passage address of each row.
    passages: Vec<DocAddress>,
    /// Row of each passage that has a vector.
    rows: HashMap<DocAddress, u32>,
    /// Document (index into `documents`) of each row.
    row_document: Vec<u32>,
    /// Document record address and rows of each document with vectors.
    documents: Vec<(DocAddress, Range<u32>)>,
    /// Document record address → index into `documents`.
    document_index: HashMap<DocAddress, u32>,
    /// Document id → index into `documents`.
    document_ids: HashMap<String, u32>,
    /// Passages of the index without a vector (documents changed since they were embedded).
    missing: usize,
}

impl IndexVectors {
    /// Loads the vectors of `index` as `searcher` sees it; None when the index has no vector file.
    pub fn load(index: &SleuthIndex, searcher: &Searcher) -> Result<Option<IndexVectors>> {
        let Some(store) = VectorStore::open(index.dir())? else {
            return Ok(None);
        };
        let mut vectors = IndexVectors {
            matrix: DenseMatrix::new(store.header.model.dimension),
            header: store.header.clone(),
            passages: Vec::new(),
            rows: HashMap::new(),
            row_document: Vec::new(),
            documents: Vec::new(),
            document_index: HashMap::new(),
            document_ids: HashMap::new(),
            missing: 0,
        };
        for document in indexed_documents(searcher)? {
            let entry = store.documents.get(&document.doc_id).filter(|e| {
                e.content_hash == document.content_hash && e.vectors.len() == document.passages
            });
            let Some(entry) = entry else {
                vectors.missing += document.passages;
                continue;
            };
            let number = vectors.documents.len() as u32;
            let first = vectors.matrix.len() as u32;
            for (i, vector) in entry.vectors.iter().enumerate() {
                let row = vectors.matrix.push(vector);
                let address = document.passage(i);
                vectors.passages.push(address);
                vectors.rows.insert(address, row);
                vectors.row_document.push(number);
            }
            vectors
                .documents
                .push((document.address, first..vectors.matrix.len() as u32));
            vectors.document_index.insert(document.address, number);
            vectors.document_ids.insert(document.doc_id, number);
        }
        Ok(Some(vectors))
    }

    /// Number of passages with a vector.
    pub fn len(&self) -> usize {
        self.matrix.len()
    }

    /// Whether no passage has a vector.
    pub fn is_empty(&self) -> bool {
        self.matrix.is_empty()
    }

    /// Passages of the index that have no vector yet.
    pub fn missing(&self) -> usize {
        self.missing
    }

    /// Bytes the vectors take in memory.
    pub fn memory_bytes(&self) -> usize {
        self.matrix.memory_bytes()
    }

    /// Cosine of `query` with the passage at `passage`, if it has a vector.
    pub fn passage_cosine(&self, query: &[f32], passage: DocAddress) -> Option<f32> {
        self.rows
            .get(&passage)
            .map(|&row| self.matrix.cosine(query, row))
    }

    /// The `k` passages nearest to `query`, best first.
    pub fn nearest_passages(&self, query: &[f32], k: usize) -> Vec<(f32, DocAddress)> {
        self.matrix
            .top(query, k)
            .into_iter()
            .map(|(score, row)| (score, self.passages[row as usize]))
            .collect()
    }

    /// A document's score by meaning: the cosine of its nearest passage, with that passage.
    pub fn document_cosine(
        &self,
        query: &[f32],
        document: DocAddress,
    ) -> Option<(f32, DocAddress)> {
        self.nearest_of(query, *self.document_index.get(&document)?)
    }

    /// The passage of document `doc_id` nearest to `query`, with its cosine.
    pub fn nearest_in_document(&self, query: &[f32], doc_id: &str) -> Option<(f32, DocAddress)> {
        self.nearest_of(query, *self.document_ids.get(doc_id)?)
    }

    fn nearest_of(&self, query: &[f32], number: u32) -> Option<(f32, DocAddress)> {
        let (_, rows) = &self.documents[number as usize];
        rows.clone()
            .map(|row| (self.matrix.cosine(query, row), self.passages[row as usize]))
            .max_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// The `k` documents nearest to `query` by their nearest passage, best first: (cosine,
    /// document record address, nearest passage address).
    pub fn nearest_documents(&self, query: &[f32], k: usize) -> Vec<(f32, DocAddress, DocAddress)> {
        let mut best: Vec<(f32, u32)> = vec![(f32::NEG_INFINITY, 0); self.documents.len()];
        for (row, &document) in self.row_document.iter().enumerate() {
            let cosine = self.matrix.cosine(query, row as u32);
            let slot = &mut best[document as usize];
            if cosine > slot.0 {
                *slot = (cosine, row as u32);
            }
        }
        let mut ranked: Vec<(f32, usize, u32)> = best
            .into_iter()
            .enumerate()
            .map(|(document, (cosine, row))| (cosine, document, row))
            .collect();
        let k = k.min(ranked.len());
        if k == 0 {
            return Vec::new();
        }
        ranked.select_nth_unstable_by(k - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(k);
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked
            .into_iter()
            .map(|(cosine, document, row)| {
                (
                    cosine,
                    self.documents[document].0,
                    self.passages[row as usize],
                )
            })
            .collect()
    }
}
