//! Creating, opening and updating the index.
//!
//! Updates are incremental: each document's content hash is stored in its document record, so a run
//! re-indexes only added or changed documents and removes deleted ones. Safety rests on tantivy's
//! commit: nothing is visible until the single commit at the end of a run, and that commit also
//! carries sleuth's own metadata (format and corpus roots) as its payload. An interrupted or failed
//! run therefore leaves the previous index exactly as it was. A small side file caches each source
//! file's size and modification time, tied to the commit it describes, so that checking an unchanged
//! corpus needs only `stat` calls.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::columnar::StrColumn;
use tantivy::directory::error::LockError;
use tantivy::indexer::UserOperation;
use tantivy::schema::Term;
use tantivy::{
    Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, SegmentPlugin, TantivyDocument,
    TantivyError,
};

use crate::analysis::register_analyzers;
use crate::corpus::{self, Document, Problem, SourceFile};
use crate::error::{Error, Result};
use crate::queue::{QueuedRecord, TextQueue};
use crate::schema::{
    build_schema, index_settings, Fields, INDEX_FORMAT, KIND_DOCUMENT, KIND_PASSAGE,
};
use crate::segment::segment;
use crate::stems::StemsPlugin;

/// Default indexing memory budget (all threads together), small enough for a laptop.
pub const DEFAULT_MEMORY_BUDGET: usize = 512 << 20;
/// Smallest memory budget tantivy accepts per indexing thread.
const MIN_MEMORY_PER_THREAD: usize = 15_000_000;
/// Largest memory budget tantivy accepts per indexing thread.
const MAX_MEMORY_PER_THREAD: usize = 4_000_000_000;
/// File in the index directory that caches source file sizes and modification times.
const SOURCE_CACHE_FILE: &str = "sleuth-sources.json";

/// sleuth's metadata, stored as the payload of every commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// [`INDEX_FORMAT`] of the sleuth that wrote the index.
    pub format: u32,
    /// Absolute corpus roots the index was built from.
    pub corpus: Vec<PathBuf>,
}

/// What a source file looked like when it was last indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct SourceStamp {
    size: u64,
    modified_ns: u64,
}

impl From<&SourceFile> for SourceStamp {
    fn from(file: &SourceFile) -> Self {
        SourceStamp {
            size: file.size,
            modified_ns: file.modified_ns,
        }
    }
}

/// The side file: source stamps as of the commit with `opstamp`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct SourceCache {
    opstamp: u64,
    sources: BTreeMap<PathBuf, SourceStamp>,
}

/// An open sleuth index. Its first search opens a reader on the latest commit and later searches
/// reuse it, so a handle does not see commits made after its first search: open it again for them.
pub struct SleuthIndex {
    /// The tantivy index, with sleuth's analyzers registered.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
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
    pub fn searcher(&self) -> Result<Searcher> {
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

    /// The side cache, if it describes the current commit.
    fn source_cache(&self) -> Option<SourceCache> {
        let bytes = std::fs::read(self.dir.join(SOURCE_CACHE_FILE)).ok()?;
        let cache: SourceCache = serde_json::from_slice(&bytes).ok()?;
        (cache.opstamp == self.opstamp).then_some(cache)
    }

    fn write_source_cache(&self, sources: &[SourceFile]) -> Result<()> {
        let cache = SourceCache {
            opstamp: self.opstamp,
            sources: sources
                .iter()
                .map(|s| (s.path.clone(), SourceStamp::from(s)))
                .collect(),
        };
        let path = self.dir.join(SOURCE_CACHE_FILE);
        let temp = self.dir.join(format!("{SOURCE_CACHE_FILE}.tmp"));
        let bytes = serde_json::to_vec(&cache).expect("the cache serializes");
        std::fs::write(&temp, bytes).map_err(|err| Error::io(&temp, err))?;
        std::fs::rename(&temp, &path).map_err(|err| Error::io(&path, err))
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

/// What to index and how.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Index directory.
    pub index_dir: PathBuf,
    /// Corpus roots; `None` means the roots the index was built from, or [`default_corpus`].
    pub corpus: Option<Vec<PathBuf>>,
    /// Start over instead of updating.
    pub rebuild: bool,
    /// Indexing memory budget in bytes, all threads together.
    pub memory_budget: usize,
    /// Progress display (hidden unless the caller makes a visible one).
    pub progress: indicatif::ProgressBar,
}

impl IndexOptions {
    /// Options for `index_dir` with every other setting at its default.
    pub fn new(index_dir: impl Into<PathBuf>) -> IndexOptions {
        IndexOptions {
            index_dir: index_dir.into(),
            corpus: None,
            rebuild: false,
            memory_budget: DEFAULT_MEMORY_BUDGET,
            progress: indicatif::ProgressBar::hidden(),
        }
    }
}

/// The corpus used when none is given and no index records one: `seeds/`.
pub fn default_corpus() -> PathBuf {
    PathBuf::from("seeds")
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// Documents new to the index.
    pub added: usize,
    /// Documents whose content changed.
    pub updated: usize,
    /// Documents no longer in the corpus.
    pub removed: usize,
    /// Documents left as they were.
    pub unchanged: usize,
    /// Files, lines or documents skipped (see `problems`).
    pub skipped: usize,
    /// Passages written in this run.
    pub passages: usize,
    /// Bytes of document text read in this run.
    pub bytes: u64,
    /// Wall time of the run.
    pub seconds: f64,
    /// Every problem met, in order (skips and warnings).
    pub problems: Vec<Problem>,
}

impl SyncReport {
    /// Documents in the index after the run.
    pub fn documents(&self) -> usize {
        self.added + self.updated + self.unchanged
    }

    /// Whether the run changed the index.
    pub fn has_changes(&self) -> bool {
        self.added + self.updated + self.removed > 0
    }
}

/// Resolves the corpus roots for a run: the given ones, else the index's, else the default.
pub fn corpus_roots(given: Option<&[PathBuf]>, meta: Option<&IndexMeta>) -> Result<Vec<PathBuf>> {
    let roots = match (given, meta) {
        (Some(given), _) if !given.is_empty() => given.to_vec(),
        (_, Some(meta)) => return Ok(meta.corpus.clone()),
        _ => vec![default_corpus()],
    };
    roots.iter().map(|r| corpus::absolute(r)).collect()
}

/// Brings the index in `options.index_dir` up to date with the corpus, creating it if needed.
pub fn sync(options: &IndexOptions) -> Result<SyncReport> {
    let started = Instant::now();
    let existing = match SleuthIndex::open(&options.index_dir) {
        Ok(index) => Some(index),
        Err(Error::NoIndex { .. }) => None,
        Err(Error::IncompatibleIndex { .. }) if options.rebuild => {
            return rebuild_incompatible(options);
        }
        Err(err) => return Err(err),
    };
    let roots = corpus_roots(
        options.corpus.as_deref(),
        existing.as_ref().and_then(|i| i.meta.as_ref()),
    )?;
    // List the corpus before creating anything, so a wrong path leaves no empty index behind.
    let (sources, problems) = corpus::list_sources(&roots)?;
    let mut index = match existing {
        Some(index) => index,
        None => SleuthIndex::create(&options.index_dir)?,
    };
    let mut report = SyncReport {
        skipped: problems.iter().filter(|p| p.is_skipped).count(),
        problems,
        ..SyncReport::default()
    };
    if !options.rebuild && index.is_up_to_date(&sources, &roots) {
        report.unchanged = index.indexed_documents()?.len();
        report.seconds = started.elapsed().as_secs_f64();
        return Ok(report);
    }
    let mut writer = open_writer(&index, options.memory_budget)?;
    let indexed = if options.rebuild {
        writer.delete_all_documents()?;
        HashMap::new()
    } else {
        index.indexed_documents()?
    };
    let cache = if options.rebuild {
        None
    } else {
        index.source_cache()
    };
    let mut run = Run {
        fields: index.fields,
        writer: &writer,
        queue: TextQueue::default(),
        indexed: &indexed,
        ids_by_source: ids_by_source(&indexed),
        seen: HashSet::new(),
        report: &mut report,
    };
    let todo: u64 = sources.iter().map(|s| s.size).sum();
    options.progress.set_length(todo);
    for source in &sources {
        let unchanged_file = cache
            .as_ref()
            .is_some_and(|c| c.sources.get(&source.path) == Some(&SourceStamp::from(source)));
        if unchanged_file {
            run.keep_documents_of(&source.path);
        } else {
            run.index_source(source)?;
        }
        options.progress.inc(source.size);
    }
    let removed: Vec<&String> = indexed
        .keys()
        .filter(|id| !run.seen.contains(*id))
        .collect();
    for id in &removed {
        writer.delete_term(Term::from_field_text(index.fields.doc_id, id));
    }
    report.removed = removed.len();
    let meta = IndexMeta {
        format: INDEX_FORMAT,
        corpus: roots,
    };
    if report.has_changes() || options.rebuild || index.meta.as_ref() != Some(&meta) {
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&meta).expect("metadata serializes"));
        index.opstamp = commit.commit()?;
        index.meta = Some(meta);
        writer.wait_merging_threads()?;
    } else {
        writer.rollback()?;
    }
    index.write_source_cache(&sources)?;
    options.progress.finish_and_clear();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
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

/// Builds a fresh index beside an incompatible one and swaps it in only once it is complete, so
/// that a failed rebuild leaves the old index where it was.
fn rebuild_incompatible(options: &IndexOptions) -> Result<SyncReport> {
    let dir = &options.index_dir;
    let parent = dir.parent().unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map_or("index".into(), |n| n.to_string_lossy().into_owned());
    let fresh = parent.join(format!(".{name}.rebuild-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    let fresh_options = IndexOptions {
        index_dir: fresh.clone(),
        rebuild: false,
        ..options.clone()
    };
    let report = sync(&fresh_options).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&fresh);
    })?;
    std::fs::rename(dir, &old).map_err(|err| Error::io(dir, err))?;
    if let Err(err) = std::fs::rename(&fresh, dir) {
        let _ = std::fs::rename(&old, dir);
        return Err(Error::io(dir, err));
    }
    // Files of the user's that are not part of the index (a `.gitkeep`, say) stay in the directory.
    keep_foreign_files(&old, dir);
    let _ = std::fs::remove_dir_all(&old);
    Ok(report)
}

/// Moves the user's dot-files in `from` (a `.gitkeep`; not tantivy's own `.tantivy-*` locks) into `to`.
fn keep_foreign_files(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name_text = name.to_string_lossy();
        let is_users = name_text.starts_with('.') && !name_text.starts_with(".tantivy");
        if is_users && !to.join(&name).exists() {
            let _ = std::fs::rename(entry.path(), to.join(&name));
        }
    }
}

fn open_writer(index: &SleuthIndex, memory_budget: usize) -> Result<IndexWriter<QueuedRecord>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let per_thread_min = MIN_MEMORY_PER_THREAD;
    let threads = threads.min((memory_budget / per_thread_min).max(1));
    // The budget is an upper bound: clamp it to what tantivy accepts per thread.
    let budget = memory_budget.clamp(per_thread_min * threads, MAX_MEMORY_PER_THREAD * threads);
    index
        .index
        .writer_with_num_threads(threads, budget)
        .map_err(|err| match err {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                path: corpus::display_path(&index.dir),
            },
            other => Error::Tantivy(other),
        })
}

fn ids_by_source(indexed: &HashMap<String, IndexedDocument>) -> HashMap<&Path, Vec<&str>> {
    let mut by_source: HashMap<&Path, Vec<&str>> = HashMap::new();
    for (id, doc) in indexed {
        by_source.entry(doc.source.as_path()).or_default().push(id);
    }
    by_source
}

/// State of one indexing run over the sources.
struct Run<'a> {
    fields: Fields,
    writer: &'a IndexWriter<QueuedRecord>,
    /// Bounds the text waiting for the indexing threads.
    queue: TextQueue,
    indexed: &'a HashMap<String, IndexedDocument>,
    /// The indexed ids of each source file, so that an unchanged file's documents are found at once.
    ids_by_source: HashMap<&'a Path, Vec<&'a str>>,
    seen: HashSet<String>,
    report: &'a mut SyncReport,
}

impl Run<'_> {
    /// Keeps, untouched, every indexed document that came from `source`.
    fn keep_documents_of(&mut self, source: &Path) {
        for id in self.ids_by_source.get(source).into_iter().flatten() {
            if self.seen.insert((*id).to_string()) {
                self.report.unchanged += 1;
            }
        }
    }

    fn index_source(&mut self, source: &SourceFile) -> Result<()> {
        let mut problems = Vec::new();
        let result =
            corpus::read_documents(source, &mut problems, &mut |doc| self.index_document(doc));
        self.report.skipped += problems.iter().filter(|p| p.is_skipped).count();
        self.report.problems.extend(problems);
        result
    }

    fn index_document(&mut self, doc: Document) -> Result<()> {
        if !self.seen.insert(doc.id.clone()) {
            self.report.skipped += 1;
            self.report.problems.push(Problem {
                location: corpus::display_path(&doc.source),
                reason: format!(
                    "document id `{}` was already indexed from another file: skipped",
                    doc.id
                ),
                is_skipped: true,
            });
            return Ok(());
        }
        let previous = self.indexed.get(&doc.id);
        if previous.is_some_and(|p| p.hash == doc.hash && p.source == doc.source) {
            self.report.unchanged += 1;
            return Ok(());
        }
        let mut group = Vec::new();
        if previous.is_some() {
            group.push(UserOperation::Delete(Term::from_field_text(
                self.fields.doc_id,
                &doc.id,
            )));
            self.report.updated += 1;
        } else {
            self.report.added += 1;
        }
        self.report.bytes += doc.text.len() as u64;
        let records = records(&self.fields, &doc);
        self.report.passages += records.len() - 1;
        // One group: the document's records land together, in order, in one segment.
        let records = self.queue.admit(records, doc.text.len());
        group.extend(records.into_iter().map(UserOperation::Add));
        self.writer.run(group)?;
        Ok(())
    }
}

/// The tantivy records of one document: its passages in order, then its document record.
fn records(fields: &Fields, doc: &Document) -> Vec<TantivyDocument> {
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

/// What [`open_fresh`] had to do before the index could answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Freshness {
    /// The index matched the corpus.
    UpToDate,
    /// The index was built or updated by this run.
    Synced(SyncReport),
    /// The corpus changed, but another process holds the index's lock: the index is used as it is.
    Locked,
}

/// Opens the index for searching, first building it when there is none and updating it when the
/// corpus changed since it was built. `announce` is told, before any long work, what is being done.
pub fn open_fresh(
    options: &IndexOptions,
    announce: &mut dyn FnMut(&str),
) -> Result<(SleuthIndex, Freshness)> {
    let index = match SleuthIndex::open(&options.index_dir) {
        Ok(index) => index,
        Err(Error::NoIndex { path }) => {
            let roots = corpus_roots(options.corpus.as_deref(), None)?;
            corpus::list_sources(&roots)?; // a wrong corpus path is reported before anything else
            let shown: Vec<String> = roots.iter().map(|r| corpus::display_path(r)).collect();
            announce(&format!(
                "no index at `{path}` yet: building it from {}",
                shown.join(", ")
            ));
            let report = sync(options)?;
            return Ok((
                SleuthIndex::open(&options.index_dir)?,
                Freshness::Synced(report),
            ));
        }
        Err(err) => return Err(err),
    };
    let roots = corpus_roots(options.corpus.as_deref(), index.meta.as_ref())?;
    let (sources, _) = corpus::list_sources(&roots)?;
    if index.is_up_to_date(&sources, &roots) {
        return Ok((index, Freshness::UpToDate));
    }
    announce("the corpus changed since the index was built: updating the index");
    match sync(options) {
        Ok(report) => Ok((
            SleuthIndex::open(&options.index_dir)?,
            Freshness::Synced(report),
        )),
        Err(Error::IndexLocked { .. }) => Ok((index, Freshness::Locked)),
        Err(err) => Err(err),
    }
}
