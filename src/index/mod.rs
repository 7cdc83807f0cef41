//! The index: opening and creating it (the [`SleuthIndex`] handle), its [`schema`], the records
//! written for each document ([`record`]), and updating it from the corpus ([`sync`]).
//!
//! Updates are incremental: each document's content hash is stored in its document record, so a run
//! re-indexes only added or changed documents and removes deleted ones. Safety rests on tantivy's
//! commit: nothing is visible until the single commit at the end of a run, and that commit also
//! carries sleuth's own metadata (format and corpus roots) as its payload. An interrupted or failed
//! run therefore leaves the previous index exactly as it was.

pub mod queue;
pub mod record;
pub mod schema;
mod sources;
pub mod stems;
mod sync;

pub use sync::{
    corpus_roots, default_corpus, open_fresh, sync, Freshness, IndexOptions, SyncReport,
    DEFAULT_INDEX, DEFAULT_MEMORY_BUDGET,
};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use tantivy::columnar::StrColumn;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, SegmentPlugin};

use crate::analysis::register_analyzers;
use crate::error::{Error, Result};
use crate::index::schema::{build_schema, index_settings, Fields, INDEX_FORMAT};
use crate::index::stems::StemsPlugin;
use crate::ingest::corpus::{self, SourceFile};
use sources::SourceStamp;

/// sleuth's metadata, stored as the payload of every commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// [`INDEX_FORMAT`] of the sleuth that wrote the index.
    pub format: u32,
    /// Absolute corpus roots the index was built from.
    pub corpus: Vec<PathBuf>,
}

/// An open sleuth index: what indexing runs write to and what an [`crate::engine::Engine`]
/// searches. Its first search opens a reader on the latest commit and later searches reuse it,
/// so a handle does not see commits made after its first search: open it again for them.
pub struct SleuthIndex {
    /// The tantivy index, with sleuth's analyzers registered.
    pub(crate) index: Index,
    /// Field handles.
    pub(crate) fields: Fields,
    /// sleuth's metadata from the last commit (None for a new, never committed index).
    pub meta: Option<IndexMeta>,
    dir: PathBuf,
    opstamp: u64,
    /// Opened on the first search and kept: opening a reader maps every segment's files, which
    /// costs more than answering a query.
    reader: OnceLock<IndexReader>,
}

impl SleuthIndex {
    /// Opens the index in `dir`, checking that this version of sleuth can read it.
    pub fn open(dir: &Path) -> Result<SleuthIndex> {
        if !dir.join("meta.json").is_file() {
            return Err(Error::NoIndex {
                path: corpus::display_path(dir),
            });
        }
        let incompatible = |detail: String| Error::IncompatibleIndex {
            path: corpus::display_path(dir),
            detail,
        };
        let index = Index::open_in_dir(dir).map_err(|err| incompatible(err.to_string()))?;
        let metas = index.load_metas()?;
        let meta: Option<IndexMeta> = match metas.payload.as_deref() {
            None => None,
            Some(payload) => Some(
                serde_json::from_str(payload)
                    .map_err(|_| incompatible("it has no sleuth metadata".to_string()))?,
            ),
        };
        if let Some(meta) = &meta {
            if meta.format != INDEX_FORMAT {
                return Err(incompatible(format!(
                    "index format {}, this sleuth reads format {INDEX_FORMAT}",
                    meta.format
                )));
            }
        }
        let mut index = index;
        let fields = Fields::from_schema(&index.schema()).map_err(incompatible)?;
        register_extensions(&mut index, &fields);
        Ok(SleuthIndex {
            index,
            fields,
            meta,
            dir: dir.to_path_buf(),
            opstamp: metas.opstamp,
            reader: OnceLock::new(),
        })
    }

    /// Creates a new, empty index in `dir` (which must not hold an index).
    pub fn create(dir: &Path) -> Result<SleuthIndex> {
        std::fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
        let schema = build_schema();
        let fields = Fields::from_schema(&schema).map_err(|detail| Error::IncompatibleIndex {
            path: corpus::display_path(dir),
            detail,
        })?;
        let index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .register_plugin(stems_plugin(&fields))
            .create_in_dir(dir)?;
        register_analyzers(&index);
        Ok(SleuthIndex {
            index,
            fields,
            meta: None,
            dir: dir.to_path_buf(),
            opstamp: 0,
            reader: OnceLock::new(),
        })
    }

    /// A searcher over the index. The reader behind it is opened on first use and reused, so
    /// repeated searches pay only for the query (see [`SleuthIndex`]).
    pub(crate) fn searcher(&self) -> Result<Searcher> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.searcher());
        }
        let reader: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(self.reader.get_or_init(|| reader).searcher())
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the corpus on disk is exactly what the last commit indexed, judged by file sizes and
    /// modification times (no file is read).
    pub fn is_up_to_date(&self, sources: &[SourceFile], roots: &[PathBuf]) -> bool {
        let Some(meta) = &self.meta else {
            return false;
        };
        let Some(cache) = self.source_cache() else {
            return false;
        };
        meta.corpus == roots
            && cache.sources.len() == sources.len()
            && sources
                .iter()
                .all(|s| cache.sources.get(&s.path) == Some(&SourceStamp::from(s)))
    }

    /// Reads every indexed document's id, source and hash from the document records.
    fn indexed_documents(&self) -> Result<HashMap<String, IndexedDocument>> {
        let searcher = self.searcher()?;
        let mut documents = HashMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let hashes = fast.u64(Fields::CONTENT_HASH_NAME)?;
            let (Some(ids), Some(sources)) = (
                fast.str(Fields::DOC_ID_NAME)?,
                fast.str(Fields::SOURCE_NAME)?,
            ) else {
                continue;
            };
            // Read each dictionary once, in order: looking ids up one by one decompresses a
            // dictionary block per document.
            let id_texts = dictionary_terms(&ids).map_err(|err| Error::io(&self.dir, err))?;
            let source_texts =
                dictionary_terms(&sources).map_err(|err| Error::io(&self.dir, err))?;
            for doc in segment.doc_ids_alive() {
                let Some(hash) = hashes.first(doc) else {
                    continue; // a passage record
                };
                let id = ids.ords().first(doc).and_then(|o| id_texts.get(o as usize));
                let source = sources
                    .ords()
                    .first(doc)
                    .and_then(|o| source_texts.get(o as usize));
                let (Some(id), Some(source)) = (id, source) else {
                    continue;
                };
                documents.insert(
                    id.clone(),
                    IndexedDocument {
                        source: PathBuf::from(source),
                        hash,
                    },
                );
            }
        }
        Ok(documents)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct IndexedDocument {
    source: PathBuf,
    hash: u64,
}

/// Every term of a string fast field's dictionary, by ordinal.
fn dictionary_terms(column: &StrColumn) -> std::io::Result<Vec<String>> {
    let mut terms = Vec::with_capacity(column.num_terms());
    let mut stream = column.dictionary().stream()?;
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}

/// What every open index needs besides its files: sleuth's analyzers and the plugin that writes
/// each segment's stems.
fn register_extensions(index: &mut Index, fields: &Fields) {
    register_analyzers(index);
    index.register_plugin(stems_plugin(fields));
}

fn stems_plugin(fields: &Fields) -> Arc<dyn SegmentPlugin> {
    Arc::new(StemsPlugin { field: fields.body })
}
