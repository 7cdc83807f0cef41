//! Indexing runs: bringing the index up to date with the corpus (adding, updating and removing
//! documents in one commit), rebuilding an incompatible index beside the old one, and opening a
//! fresh index for searching.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::directory::error::LockError;
use tantivy::indexer::UserOperation;
use tantivy::schema::Term;
use tantivy::{IndexWriter, TantivyError};

use super::record::records;
use super::sources::SourceStamp;
use super::{IndexMeta, IndexedDocument, SleuthIndex};
use crate::error::{Error, Result};
use crate::index::queue::{QueuedRecord, TextQueue};
use crate::index::schema::{Fields, INDEX_FORMAT};
use crate::ingest::corpus::{self, Document, Problem, Reading, SourceFile, SourceFormat};
use crate::ingest::prefetch::{Prefetch, Window};
use crate::ingest::walk;

/// Default indexing memory budget (all threads together), small enough for a laptop.
pub const DEFAULT_MEMORY_BUDGET: usize = 512 << 20;

/// How far extraction (of PDFs, web pages, Word files) runs ahead of indexing. Results are indexed
/// in corpus order, so a long manual at the head would idle the other cores within a narrow
/// window (Debian's manuals: sleuth's share of the indexing time 27% with 4 items ahead); the
/// bytes bound memory by the files' sizes (an extracted text is at most a few times its file).
const EXTRACT_AHEAD: Window = Window {
    items: 64,
    bytes: 256 << 20,
};
/// Smallest memory budget tantivy accepts per indexing thread.
pub(super) const MIN_MEMORY_PER_THREAD: usize = 15_000_000;
/// Largest memory budget tantivy accepts per indexing thread.
pub(super) const MAX_MEMORY_PER_THREAD: usize = 4_000_000_000;
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

/// The index directory used when none is given: `index/`. Only this index is ever built from the
/// default corpus without being asked: any other needs its corpus named once.
pub const DEFAULT_INDEX: &str = "index";

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
    /// Files in the corpus's directories that sleuth does not read (images, spreadsheets, …).
    pub others: Vec<PathBuf>,
    /// Pages of the paged documents (PDFs) read in this run.
    pub pages: usize,
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

/// The corpus roots of a run on the index in `options.index_dir` (whose metadata is `meta`), never
/// a silent switch: a corpus other than the index's is refused unless the run rebuilds, and an
/// index that records no corpus takes the default corpus only if it is the default index.
fn run_roots(options: &IndexOptions, meta: Option<&IndexMeta>) -> Result<Vec<PathBuf>> {
    let given = options.corpus.as_deref().filter(|g| !g.is_empty());
    let is_default_index = options.index_dir == Path::new(DEFAULT_INDEX);
    if given.is_none() && meta.is_none() && !is_default_index {
        let path = corpus::display_path(&options.index_dir);
        return Err(if options.index_dir.join("meta.json").exists() {
            Error::NoCorpus { path }
        } else {
            Error::NoIndex { path }
        });
    }
    let roots = corpus_roots(given, meta)?;
    if let Some(meta) = meta.filter(|_| !options.rebuild) {
        if !same_roots(&meta.corpus, &roots) {
            let shown = |roots: &[PathBuf]| {
                roots
                    .iter()
                    .map(|r| format!("`{}`", corpus::display_path(r)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(Error::OtherCorpus {
                path: corpus::display_path(&options.index_dir),
                indexed: shown(&meta.corpus),
                given: shown(&roots),
            });
        }
    }
    Ok(roots)
}

/// Whether two lists of roots name the same corpus, in any order.
fn same_roots(a: &[PathBuf], b: &[PathBuf]) -> bool {
    let sorted = |roots: &[PathBuf]| {
        let mut roots = roots.to_vec();
        roots.sort();
        roots.dedup();
        roots
    };
    sorted(a) == sorted(b)
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
    let roots = run_roots(options, existing.as_ref().and_then(|i| i.meta.as_ref()))?;
    // List the corpus before creating anything, so a wrong path leaves no empty index behind.
    let walk::Listing {
        files: sources,
        problems,
        others,
    } = walk::list_corpus(&roots)?;
    let meta = IndexMeta {
        format: INDEX_FORMAT,
        corpus: roots,
    };
    let mut index = match existing {
        Some(index) => index,
        None => SleuthIndex::create(&options.index_dir)?,
    };
    let mut report = SyncReport {
        skipped: problems.iter().filter(|p| p.is_skipped).count(),
        problems,
        others,
        ..SyncReport::default()
    };
    if !options.rebuild && index.is_up_to_date(&sources, &meta.corpus) {
        report.unchanged = index.indexed_documents()?.len();
        report.seconds = started.elapsed().as_secs_f64();
        return Ok(report);
    }
    let mut writer = open_writer(&index, options.memory_budget)?;
    let outcome = update(
        &mut index,
        &mut writer,
        options,
        &sources,
        meta,
        &mut report,
    );
    if let Err(err) = outcome {
        // Remove what the failed run wrote (the previous commit is untouched), then say why.
        drop(writer);
        if let Ok(writer) = open_writer(&index, MIN_MEMORY_PER_THREAD) {
            drop(writer);
        }
        let _ = std::fs::remove_file(
            index
                .dir
                .join(format!("{}.tmp", super::sources::SOURCE_CACHE_FILE)),
        );
        return Err(write_error(&index.dir, err));
    }
    options.progress.finish_and_clear();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The part of a run that writes: documents, removals, the commit and the source cache.
fn update(
    index: &mut SleuthIndex,
    writer: &mut IndexWriter<QueuedRecord>,
    options: &IndexOptions,
    sources: &[SourceFile],
    meta: IndexMeta,
    report: &mut SyncReport,
) -> Result<()> {
    if index.meta.is_none() {
        // The corpus is recorded first, so that an interrupted first build still knows it.
        commit(index, writer, &meta)?;
    }
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
    let mut run = IndexingRun {
        fields: index.fields,
        writer,
        queue: TextQueue::default(),
        indexed: &indexed,
        ids_by_source: ids_by_source(&indexed),
        seen: HashSet::new(),
        incomplete: HashSet::new(),
        report,
    };
    let todo: u64 = sources.iter().map(|s| s.size).sum();
    options.progress.set_length(todo);
    let is_stale: Vec<bool> = sources
        .iter()
        .map(|source| {
            !cache
                .as_ref()
                .is_some_and(|c| c.sources.get(&source.path) == Some(&SourceStamp::from(source)))
        })
        .collect();
    // Files that need extracting (PDFs, web pages, Word files) are extracted ahead, on every
    // core, while this thread segments and indexes.
    let to_extract: Vec<&SourceFile> = sources
        .iter()
        .zip(&is_stale)
        .filter(|(source, stale)| **stale && source.format == SourceFormat::Extracted)
        .map(|(source, _)| source)
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| -> Result<()> {
        let mut extracted = Prefetch::start(
            scope,
            &to_extract,
            threads,
            EXTRACT_AHEAD,
            |source| source.size,
            |source| corpus::extract(source),
        );
        for (source, stale) in sources.iter().zip(&is_stale) {
            if !stale {
                run.keep_documents_of(&source.path);
            } else if source.format == SourceFormat::Extracted {
                match extracted
                    .next()
                    .expect("one extraction per file to extract")
                {
                    Ok(doc) => {
                        run.report.pages += doc.pages.len();
                        run.index_document(doc)?;
                    }
                    Err(problem) => run.skip(problem),
                }
                if run.report.pages > 0 {
                    options
                        .progress
                        .set_message(format!("{} PDF pages", run.report.pages));
                }
            } else {
                run.index_source(source)?;
            }
            options.progress.inc(source.size);
        }
        Ok(())
    })?;
    collapse_repeated_reasons(&mut run.report.problems);
    let incomplete = std::mem::take(&mut run.incomplete);
    let removed: Vec<&String> = indexed
        .keys()
        .filter(|id| !run.seen.contains(*id))
        .collect();
    for id in &removed {
        writer.delete_term(Term::from_field_text(index.fields.doc_id, id));
    }
    report.removed = removed.len();
    if report.has_changes() || options.rebuild || index.meta.as_ref() != Some(&meta) {
        commit(index, writer, &meta)?;
    } else {
        writer.rollback()?;
    }
    // Files not read whole are left out of the cache, so that the next run reads them again.
    let complete: Vec<SourceFile> = sources
        .iter()
        .filter(|s| !incomplete.contains(&s.path))
        .cloned()
        .collect();
    // The cache only saves time: without it the next run reads every file again.
    let _ = index.write_source_cache(&complete);
    Ok(())
}

/// Commits what `writer` holds, with `meta` as the commit's payload.
fn commit(
    index: &mut SleuthIndex,
    writer: &mut IndexWriter<QueuedRecord>,
    meta: &IndexMeta,
) -> Result<()> {
    let payload = serde_json::to_string(meta).map_err(|err| Error::IncompatibleIndex {
        path: corpus::display_path(&index.dir),
        detail: err.to_string(),
    })?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    index.opstamp = prepared.commit()?;
    index.meta = Some(meta.clone());
    Ok(())
}

/// A failed run's error, said once with the index directory and what to do. tantivy reports a
/// full disk from an indexing thread only as a dead writer, so every write failure is told as one.
fn write_error(dir: &Path, err: Error) -> Error {
    let Error::Tantivy(cause) = &err else {
        return err;
    };
    let text = cause.to_string();
    let cause = if text.contains("os error 28") || text.contains("StorageFull") {
        "no space left on the device".to_string()
    } else if text.contains("os error 27") || text.contains("FileTooLarge") {
        "a file grew past the largest size allowed".to_string()
    } else if text.contains("os error 122") {
        "the disk quota is exceeded".to_string()
    } else if text.contains("killed") || text.contains("thread") || text.contains("IoError") {
        "a write failed, most likely for want of space".to_string()
    } else {
        return err;
    };
    Error::WriteFailed {
        path: corpus::display_path(dir),
        cause,
    }
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
    // The old index's corpus cannot be read: the corpus is the one given, or the default one.
    let roots = run_roots(options, None)?;
    let fresh_options = IndexOptions {
        index_dir: fresh.clone(),
        corpus: Some(roots),
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
    let writer = index
        .index
        .writer_with_num_threads(threads, budget)
        .map_err(|err| match err {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                path: corpus::display_path(&index.dir),
            },
            other => Error::Tantivy(other),
        })?;
    // Holding the lock, remove what an interrupted run left: files no commit refers to (a `.del`
    // file left by a kill during a commit would otherwise be in the way of the next commit).
    writer.garbage_collect_files().wait()?;
    Ok(writer)
}

fn ids_by_source(indexed: &HashMap<String, IndexedDocument>) -> HashMap<&Path, Vec<&str>> {
    let mut by_source: HashMap<&Path, Vec<&str>> = HashMap::new();
    for (id, doc) in indexed {
        by_source.entry(doc.source.as_path()).or_default().push(id);
    }
    by_source
}

/// State of one indexing run over the sources.
pub(super) struct IndexingRun<'a> {
    fields: Fields,
    writer: &'a IndexWriter<QueuedRecord>,
    /// Source files not read whole (see [`Reading::Incomplete`]).
    incomplete: HashSet<PathBuf>,
    /// Bounds the text waiting for the indexing threads.
    queue: TextQueue,
    indexed: &'a HashMap<String, IndexedDocument>,
    /// The indexed ids of each source file, so that an unchanged file's documents are found at once.
    ids_by_source: HashMap<&'a Path, Vec<&'a str>>,
    seen: HashSet<String>,
    report: &'a mut SyncReport,
}

impl IndexingRun<'_> {
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
        if result? == Reading::Incomplete {
            // What was not read keeps its indexed version.
            self.keep_documents_of(&source.path);
            self.incomplete.insert(source.path.clone());
        }
        Ok(())
    }

    fn skip(&mut self, problem: Problem) {
        self.report.skipped += 1;
        self.report.problems.push(problem);
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
/// Says how to install a missing program once: the later files it kept out refer to the first.
fn collapse_repeated_reasons(problems: &mut [Problem]) {
    let mut first: HashMap<String, String> = HashMap::new();
    for problem in problems
        .iter_mut()
        .filter(|p| p.is_skipped && p.reason.starts_with(corpus::MISSING_PROGRAM))
    {
        match first.get(&problem.reason) {
            Some(location) => problem.reason = format!("not indexed, as `{location}` above"),
            None => {
                first.insert(problem.reason.clone(), problem.location.clone());
            }
        }
    }
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
        Ok(index) if index.meta.is_some() => index,
        Ok(_) | Err(Error::NoIndex { .. }) => {
            let path = corpus::display_path(&options.index_dir);
            let given = options.corpus.as_deref().filter(|g| !g.is_empty());
            if given.is_none() && options.index_dir != Path::new(DEFAULT_INDEX) {
                // A mistyped --index must not become a new index of the default corpus.
                return Err(Error::NoIndex { path });
            }
            let roots = corpus_roots(given, None)?;
            walk::list_sources(&roots)?; // a wrong corpus path is reported before anything else
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
    let roots = run_roots(options, index.meta.as_ref())?;
    let (sources, _) = walk::list_sources(&roots)?;
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
