//! Embedding an index's passages: only those without a current vector, in batches committed to
//! the vector file as they finish, so that a run can be interrupted and resumed at any point.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use tantivy::schema::Value;
use tantivy::{Searcher, TantivyDocument};

use super::model::{Model, BATCH_SIZE};
use super::store::{
    self, vectors_path, DocumentVectors, EmbedLock, Quantized, StoreHeader, StoreWriter,
    VectorStore, TEXT_FORM,
};
use super::vectors::{indexed_documents, IndexedDocument};
use super::{passage_text, text_hash};
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::index::SleuthIndex;

/// Passages embedded between two commits of the vector file: an interruption loses at most this
/// many (a few seconds of work on two cores). Sorted by length, they fill batches with little
/// padding, and their eight batches keep every core busy.
pub const COMMIT_PASSAGES: usize = 64;

/// What an embedding run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmbedReport {
    /// Passages embedded by the model in this run.
    pub embedded: usize,
    /// Passages of changed documents whose text had not changed, so their vectors were reused.
    pub reused: usize,
    /// Passages whose vectors were already current.
    pub current: usize,
    /// Tokens the model read.
    pub tokens: usize,
    /// Time spent embedding.
    pub elapsed: Duration,
    /// Whether the vector file was rewritten without its superseded entries.
    pub compacted: bool,
}

/// Progress of an embedding run: passages done and to do in all.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Brings the passage vectors of `index` up to date after indexing: with `model_folder`, embeds
/// every passage that has no current vector (with `rebuild`, all of them anew, whatever model made
/// the old ones); without, keeps existing vectors current with the model recorded beside them.
/// None when the index has no vectors and no model is given.
pub fn refresh(
    index: &SleuthIndex,
    model_folder: Option<&std::path::Path>,
    rebuild: bool,
    progress: Progress,
) -> Result<Option<EmbedReport>> {
    let model = match (model_folder, rebuild) {
        (Some(folder), true) => Some(Model::load(folder)?),
        _ => super::meaning::model_for(index.dir(), model_folder)?,
    };
    let rebuild = rebuild && model_folder.is_some();
    model
        .map(|model| embed_index(index, &model, rebuild, progress))
        .transpose()
}

/// Embeds every passage of `index` that has no current vector with `model`, appending to the
/// index's vector file (created if missing). With `rebuild`, starts the vector file anew.
/// Fails when the file's vectors were made by another model.
pub fn embed_index(
    index: &SleuthIndex,
    model: &Model,
    rebuild: bool,
    progress: Progress,
) -> Result<EmbedReport> {
    let dir = index.dir();
    let Some(_lock) = EmbedLock::try_take(dir)? else {
        return Err(Error::Vectors {
            path: vectors_path(dir).display().to_string(),
            detail: "another sleuth process is embedding this index's passages now: wait for it \
                     to finish (searches meanwhile rank the passages embedded so far)"
                .to_string(),
        });
    };
    let header = StoreHeader {
        model: model.id().clone(),
        model_folder: model
            .folder()
            .canonicalize()
            .unwrap_or_else(|_| model.folder().to_path_buf()),
        text_form: TEXT_FORM,
    };
    let existing = if rebuild {
        None
    } else {
        VectorStore::open(dir)?.filter(|s| s.header.text_form == TEXT_FORM)
    };
    if let Some(existing) = &existing {
        check_model(&existing.header, model, dir)?;
    }
    let searcher = index.searcher()?;
    let documents = indexed_documents(&searcher)?;
    let is_current = |d: &IndexedDocument| {
        existing.as_ref().is_some_and(|s| {
            s.documents
                .get(&d.doc_id)
                .is_some_and(|e| e.content_hash == d.content_hash && e.vectors.len() == d.passages)
        })
    };
    let (current, todo): (Vec<&IndexedDocument>, Vec<&IndexedDocument>) =
        documents.iter().partition(|d| is_current(d));
    let mut report = EmbedReport {
        current: current.iter().map(|d| d.passages).sum(),
        ..EmbedReport::default()
    };
    if todo.is_empty() && existing.is_some() {
        return Ok(report);
    }
    let total: usize = todo.iter().map(|d| d.passages).sum();
    let start = Instant::now();
    let mut writer = StoreWriter::open(dir, &header, existing.as_ref())?;
    let mut done = 0;
    progress(0, total);
    let mut batch: Vec<&IndexedDocument> = Vec::new();
    let mut batch_passages = 0;
    for (i, document) in todo.iter().enumerate() {
        batch.push(document);
        batch_passages += document.passages;
        if batch_passages < COMMIT_PASSAGES && i + 1 < todo.len() {
            continue;
        }
        let old = existing.as_ref().map(|s| &s.documents);
        for entry in embed_documents(&searcher, &index.fields, model, &batch, old, &mut report)? {
            writer.add(&entry);
        }
        writer.commit()?;
        done += batch_passages;
        progress(done, total);
        batch.clear();
        batch_passages = 0;
    }
    drop(writer);
    report.elapsed = start.elapsed();

    // Drop superseded and deleted entries once they outweigh a quarter of the live vectors.
    let store = VectorStore::open(dir)?.expect("the vector file was just written");
    let live: HashSet<&str> = documents.iter().map(|d| d.doc_id.as_str()).collect();
    let dead: usize = store
        .documents
        .iter()
        .filter(|(id, _)| !live.contains(String::as_str(id)))
        .map(|(_, e)| e.vectors.len())
        .sum::<usize>()
        + store.superseded();
    if dead > 0 && dead * 4 > store.live() {
        store::compact(
            dir,
            &store.header,
            store
                .documents
                .values()
                .filter(|e| live.contains(e.doc_id.as_str())),
        )?;
        report.compacted = true;
    }
    Ok(report)
}

/// Fails when the vectors described by `header` were made by another model than `model`.
pub fn check_model(header: &StoreHeader, model: &Model, index_dir: &std::path::Path) -> Result<()> {
    if header.model == *model.id() {
        return Ok(());
    }
    Err(Error::Vectors {
        path: store::vectors_path(index_dir).display().to_string(),
        detail: format!(
            "the index's passage vectors were made by model `{}` ({} dimensions, fingerprint {}), \
             not by `{}` ({} dimensions, fingerprint {}): vectors of different models cannot be \
             compared. Pass --model with the folder the index was embedded with ({}), or run \
             `sleuth index --rebuild --model DIR` to embed every passage again with the new model",
            header.model.name,
            header.model.dimension,
            header.model.fingerprint,
            model.id().name,
            model.id().dimension,
            model.id().fingerprint,
            header.model_folder.display(),
        ),
    })
}

/// Embeds the passages of `documents`, reusing the vector of any passage whose text is unchanged
/// since the document's previous entry in `old`.
fn embed_documents(
    searcher: &Searcher,
    fields: &Fields,
    model: &Model,
    documents: &[&IndexedDocument],
    old: Option<&HashMap<String, DocumentVectors>>,
    report: &mut EmbedReport,
) -> Result<Vec<DocumentVectors>> {
    let mut entries = Vec::with_capacity(documents.len());
    // (entry, passage) of each text the model must embed, with the text.
    let mut wanted: Vec<(usize, usize, String)> = Vec::new();
    for document in documents {
        let previous: HashMap<u64, &Quantized> = old
            .and_then(|o| o.get(&document.doc_id))
            .map(|e| e.text_hashes.iter().copied().zip(&e.vectors).collect())
            .unwrap_or_default();
        let mut entry = DocumentVectors {
            doc_id: document.doc_id.clone(),
            content_hash: document.content_hash,
            text_hashes: Vec::with_capacity(document.passages),
            vectors: Vec::with_capacity(document.passages),
        };
        for i in 0..document.passages {
            let record: TantivyDocument = searcher.doc(document.passage(i))?;
            let get = |field| record.get_first(field).and_then(|v| v.as_str());
            let text = passage_text(
                &document.doc_id,
                get(fields.title).unwrap_or(""),
                get(fields.section),
                get(fields.body).unwrap_or(""),
            );
            let hash = text_hash(&text);
            entry.text_hashes.push(hash);
            match previous.get(&hash) {
                Some(vector) => {
                    entry.vectors.push((*vector).clone());
                    report.reused += 1;
                }
                None => {
                    entry.vectors.push(Quantized {
                        scale: 0.0,
                        values: Vec::new(),
                    });
                    wanted.push((entries.len(), i, text));
                }
            }
        }
        entries.push(entry);
    }
    // Texts of similar length share a batch, so that little of a batch is padding.
    wanted.sort_by_key(|(_, _, text)| text.len());
    let batches: Vec<Vec<&str>> = wanted
        .chunks(BATCH_SIZE)
        .map(|chunk| chunk.iter().map(|(_, _, t)| t.as_str()).collect())
        .collect();
    let embedded = model.embed_batches(&batches)?;
    for (chunk, (vectors, tokens)) in wanted.chunks(BATCH_SIZE).zip(embedded) {
        report.tokens += tokens;
        report.embedded += chunk.len();
        for ((entry, passage, _), vector) in chunk.iter().zip(vectors) {
            entries[*entry].vectors[*passage] = Quantized::new(&vector);
        }
    }
    Ok(entries)
}
