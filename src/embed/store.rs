//! The vector file beside the index: one vector per passage, grouped by document, written in
//! checksummed batches so that an interrupted embedding run keeps every batch it finished.
//!
//! Layout: a header (magic, then the JSON [`StoreHeader`] naming the model that made the vectors),
//! then frames of `[payload length u32][xxh3 of payload u64][payload]`. A payload holds whole
//! documents: id, content hash, passage count, each passage's text hash, then each passage's
//! vector. A document written again supersedes its earlier entry. Reading stops at the first
//! frame that is cut short or fails its checksum (the tail of an interrupted run), and the next
//! writer truncates that tail before it appends. Vectors are stored as int8 with one scale per
//! vector: a quarter of f32's size; `examples/quantization.rs` measures what that costs the
//! ranking against f32 (PERFORMANCE.md).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::ModelId;
use crate::error::{Error, Result};

/// The vector file's name in the index directory.
pub const VECTORS_FILE: &str = "sleuth-vectors.bin";
/// The file an embedding run locks beside the vector file ([`EmbedLock`]).
const LOCK_FILE: &str = "sleuth-vectors.lock";
const MAGIC: &[u8; 8] = b"SLEUTHV1";
/// Version of how a passage becomes the text the model embeds ([`super::passage_text`]); vectors
/// made another way are not comparable.
pub const TEXT_FORM: u32 = 1;

/// What made the vectors of a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreHeader {
    /// The model.
    pub model: ModelId,
    /// The folder the model was loaded from when the store was made, so that searches can load it
    /// again without being told.
    pub model_folder: PathBuf,
    /// [`TEXT_FORM`] of the sleuth that embedded the passages.
    pub text_form: u32,
}

/// A passage vector, quantized to int8 with a scale: value `i` is `scale * values[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantized {
    /// The factor that turns the int8 values back into the vector.
    pub scale: f32,
    /// The int8 values.
    pub values: Vec<i8>,
}

impl Quantized {
    /// Quantizes `vector` symmetrically: its largest magnitude maps to 127.
    pub fn new(vector: &[f32]) -> Quantized {
        let peak = vector.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = if peak > 0.0 { peak / 127.0 } else { 1.0 };
        Quantized {
            scale,
            values: vector
                .iter()
                .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8)
                .collect(),
        }
    }
}

/// One document's vectors, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentVectors {
    /// Document id in the index.
    pub doc_id: String,
    /// The document's content hash when it was embedded: vectors of another version are stale.
    pub content_hash: u64,
    /// Hash of each passage's embedded text, so that a changed document re-embeds only the
    /// passages that changed.
    pub text_hashes: Vec<u64>,
    /// One vector per passage, in reading order.
    pub vectors: Vec<Quantized>,
}

/// The vectors of an index, read from its vector file.
#[derive(Debug)]
pub struct VectorStore {
    /// What made them.
    pub header: StoreHeader,
    /// The latest entry of each document.
    pub documents: HashMap<String, DocumentVectors>,
    /// Bytes of the file that hold whole, valid frames.
    valid_len: u64,
    /// Bytes of the file in all (more than `valid_len` after an interrupted run).
    file_len: u64,
    /// Passage vectors in the file that later entries superseded.
    superseded: usize,
}

fn store_error(path: &Path, detail: impl std::fmt::Display) -> Error {
    Error::Vectors {
        path: path.display().to_string(),
        detail: detail.to_string(),
    }
}

/// The vector file of the index in `index_dir`.
pub fn vectors_path(index_dir: &Path) -> PathBuf {
    index_dir.join(VECTORS_FILE)
}

/// The lock an embedding run holds on an index's vector file, so that two runs never write it at
/// once (each would cut the other's batches off). The operating system releases it when the
/// process ends, however it ends.
pub struct EmbedLock {
    _file: File,
}

impl EmbedLock {
    /// Takes the lock of the vector file beside the index in `index_dir`; None when another
    /// process holds it.
    pub fn try_take(index_dir: &Path) -> Result<Option<EmbedLock>> {
        let path = index_dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|err| Error::io(&path, err))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(EmbedLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(err)) => Err(Error::io(&path, err)),
        }
    }

    /// Whether another process is embedding the passages of the index in `index_dir` now.
    pub fn is_held_elsewhere(index_dir: &Path) -> Result<bool> {
        Ok(EmbedLock::try_take(index_dir)?.is_none())
    }
}

impl VectorStore {
    /// Reads the vector file of `index_dir`; None when there is none.
    pub fn open(index_dir: &Path) -> Result<Option<VectorStore>> {
        let path = vectors_path(index_dir);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(Error::io(&path, err)),
        };
        Self::parse(&path, &bytes).map(Some)
    }

    fn parse(path: &Path, bytes: &[u8]) -> Result<VectorStore> {
        let corrupt = |what: &str| {
            store_error(
                path,
                format!("{what}; delete the file and run `sleuth index --model DIR` to embed the passages again"),
            )
        };
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(corrupt("not a sleuth vector file"));
        }
        let header_len = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
        let header_end = 12 + header_len;
        let header: StoreHeader = bytes
            .get(12..header_end)
            .and_then(|h| serde_json::from_slice(h).ok())
            .ok_or_else(|| corrupt("its header cannot be read"))?;
        let dimension = header.model.dimension;
        let mut documents: HashMap<String, DocumentVectors> = HashMap::new();
        let mut superseded = 0;
        let mut at = header_end;
        while let Some(payload) = frame_at(bytes, at) {
            let Some(entries) = decode_payload(payload, dimension) else {
                break;
            };
            for entry in entries {
                if let Some(old) = documents.insert(entry.doc_id.clone(), entry) {
                    superseded += old.vectors.len();
                }
            }
            at += 12 + payload.len();
        }
        Ok(VectorStore {
            header,
            documents,
            valid_len: at as u64,
            file_len: bytes.len() as u64,
            superseded,
        })
    }

    /// Whether the file ends in a cut-short batch (an interrupted run), which the next write drops.
    pub fn has_torn_tail(&self) -> bool {
        self.file_len > self.valid_len
    }

    /// Passage vectors in the file that no current entry uses.
    pub fn superseded(&self) -> usize {
        self.superseded
    }

    /// Number of passage vectors in current entries.
    pub fn live(&self) -> usize {
        self.documents.values().map(|d| d.vectors.len()).sum()
    }
}

/// The payload of the frame at `at`, if it is whole and its checksum holds.
fn frame_at(bytes: &[u8], at: usize) -> Option<&[u8]> {
    let len = u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
    let sum = u64::from_le_bytes(bytes.get(at + 4..at + 12)?.try_into().ok()?);
    let payload = bytes.get(at + 12..at + 12 + len)?;
    (xxhash_rust::xxh3::xxh3_64(payload) == sum).then_some(payload)
}

/// Reads a little-endian cursor over a payload.
struct Cursor<'a> {
    bytes: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.bytes.len() < n {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

fn decode_payload(payload: &[u8], dimension: usize) -> Option<Vec<DocumentVectors>> {
    let mut cursor = Cursor { bytes: payload };
    let mut entries = Vec::new();
    while !cursor.bytes.is_empty() {
        let id_len = cursor.u32()? as usize;
        let doc_id = String::from_utf8(cursor.take(id_len)?.to_vec()).ok()?;
        let content_hash = cursor.u64()?;
        let count = cursor.u32()? as usize;
        let text_hashes = (0..count)
            .map(|_| cursor.u64())
            .collect::<Option<Vec<_>>>()?;
        let vectors = (0..count)
            .map(|_| {
                let scale = cursor.f32()?;
                let values = cursor.take(dimension)?.iter().map(|&b| b as i8).collect();
                Some(Quantized { scale, values })
            })
            .collect::<Option<Vec<_>>>()?;
        entries.push(DocumentVectors {
            doc_id,
            content_hash,
            text_hashes,
            vectors,
        });
    }
    Some(entries)
}

fn encode_document(entry: &DocumentVectors, out: &mut Vec<u8>) {
    out.extend_from_slice(&(entry.doc_id.len() as u32).to_le_bytes());
    out.extend_from_slice(entry.doc_id.as_bytes());
    out.extend_from_slice(&entry.content_hash.to_le_bytes());
    out.extend_from_slice(&(entry.vectors.len() as u32).to_le_bytes());
    for hash in &entry.text_hashes {
        out.extend_from_slice(&hash.to_le_bytes());
    }
    for vector in &entry.vectors {
        out.extend_from_slice(&vector.scale.to_le_bytes());
        out.extend(vector.values.iter().map(|&v| v as u8));
    }
}

/// Appends batches of documents to a vector file, each batch durable once [`StoreWriter::commit`]
/// returns.
pub struct StoreWriter {
    file: BufWriter<File>,
    path: PathBuf,
    pending: Vec<u8>,
}

impl StoreWriter {
    /// Opens the vector file of `index_dir` for appending to `store` (dropping a torn tail), or
    /// creates it with `header` when `store` is None.
    pub fn open(
        index_dir: &Path,
        header: &StoreHeader,
        store: Option<&VectorStore>,
    ) -> Result<StoreWriter> {
        let path = vectors_path(index_dir);
        let io = |err| Error::io(&path, err);
        let file = match store {
            Some(store) => {
                let file = OpenOptions::new().write(true).open(&path).map_err(io)?;
                file.set_len(store.valid_len).map_err(io)?;
                let mut file = file;
                file.seek(SeekFrom::End(0)).map_err(io)?;
                file
            }
            None => {
                let mut file = File::create(&path).map_err(io)?;
                let json = serde_json::to_vec(header).expect("a header serializes");
                file.write_all(MAGIC).map_err(io)?;
                file.write_all(&(json.len() as u32).to_le_bytes())
                    .map_err(io)?;
                file.write_all(&json).map_err(io)?;
                file.sync_all().map_err(io)?;
                file
            }
        };
        Ok(StoreWriter {
            file: BufWriter::new(file),
            path,
            pending: Vec::new(),
        })
    }

    /// Adds a document to the current batch.
    pub fn add(&mut self, entry: &DocumentVectors) {
        encode_document(entry, &mut self.pending);
    }

    /// Writes the current batch as one frame and syncs it to disk.
    pub fn commit(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let io = |err| Error::io(&self.path, err);
        let sum = xxhash_rust::xxh3::xxh3_64(&self.pending);
        self.file
            .write_all(&(self.pending.len() as u32).to_le_bytes())
            .map_err(io)?;
        self.file.write_all(&sum.to_le_bytes()).map_err(io)?;
        self.file.write_all(&self.pending).map_err(io)?;
        self.file.flush().map_err(io)?;
        self.file.get_ref().sync_data().map_err(io)?;
        self.pending.clear();
        Ok(())
    }
}

/// Rewrites the vector file of `index_dir` with only `keep` (dropping superseded and deleted
/// documents), atomically: a crash leaves either the old file or the new one.
pub fn compact<'a>(
    index_dir: &Path,
    header: &StoreHeader,
    keep: impl Iterator<Item = &'a DocumentVectors>,
) -> Result<()> {
    let path = vectors_path(index_dir);
    let temporary = index_dir.join(format!("{VECTORS_FILE}.tmp"));
    let io = |err| Error::io(&temporary, err);
    let mut file = File::create(&temporary).map_err(io)?;
    let json = serde_json::to_vec(header).expect("a header serializes");
    let mut out = Vec::with_capacity(12 + json.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    file.write_all(&out).map_err(io)?;
    let mut payload = Vec::new();
    let flush = |payload: &mut Vec<u8>, file: &mut File| -> std::io::Result<()> {
        if payload.is_empty() {
            return Ok(());
        }
        file.write_all(&(payload.len() as u32).to_le_bytes())?;
        file.write_all(&xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes())?;
        file.write_all(payload)?;
        payload.clear();
        Ok(())
    };
    for entry in keep {
        encode_document(entry, &mut payload);
        if payload.len() > 1 << 20 {
            flush(&mut payload, &mut file).map_err(io)?;
        }
    }
    flush(&mut payload, &mut file).map_err(io)?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&temporary, &path).map_err(|err| Error::io(&path, err))?;
    Ok(())
}

/// Reads the header of the vector file of `index_dir` without its vectors; None when there is
/// no file.
pub fn read_header(index_dir: &Path) -> Result<Option<StoreHeader>> {
    let path = vectors_path(index_dir);
    let mut file = match File::open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(Error::io(&path, err)),
    };
    let mut head = [0u8; 12];
    let bad = || {
        store_error(
            &path,
            "not a sleuth vector file; delete it and run `sleuth index --model DIR` again",
        )
    };
    file.read_exact(&mut head).map_err(|_| bad())?;
    if &head[..8] != MAGIC {
        return Err(bad());
    }
    let len = u32::from_le_bytes(head[8..12].try_into().unwrap()) as usize;
    let mut json = vec![0u8; len];
    file.read_exact(&mut json).map_err(|_| bad())?;
    serde_json::from_slice(&json).map(Some).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> StoreHeader {
        StoreHeader {
            model: ModelId {
                name: "m".into(),
                fingerprint: "0123".into(),
                dimension: 3,
            },
            model_folder: PathBuf::from("/models/m"),
            text_form: TEXT_FORM,
        }
    }

    fn entry(id: &str, hash: u64, vectors: &[[f32; 3]]) -> DocumentVectors {
        DocumentVectors {
            doc_id: id.into(),
            content_hash: hash,
            text_hashes: (0..vectors.len() as u64).collect(),
            vectors: vectors.iter().map(|v| Quantized::new(v)).collect(),
        }
    }

    #[test]
    fn quantized_vectors_keep_their_direction() {
        let q = Quantized::new(&[0.5, -0.25, 0.0]);
        assert_eq!(q.values, vec![127, -64, 0]);
        assert!((q.scale * 127.0 - 0.5).abs() < 1e-6);
    }

    #[test]
    fn batches_survive_a_torn_tail_and_later_entries_win() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = StoreWriter::open(dir.path(), &header(), None).unwrap();
        writer.add(&entry("a", 1, &[[1.0, 0.0, 0.0]]));
        writer.commit().unwrap();
        writer.add(&entry("b", 2, &[[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]));
        writer.commit().unwrap();
        drop(writer);
        // An interrupted run: half a frame at the end.
        let path = vectors_path(dir.path());
        let mut bytes = std::fs::read(&path).unwrap();
        let whole = bytes.len();
        bytes.extend_from_slice(&[40, 0, 0, 0, 1, 2, 3]);
        std::fs::write(&path, &bytes).unwrap();

        let store = VectorStore::open(dir.path()).unwrap().unwrap();
        assert!(store.has_torn_tail());
        assert_eq!(store.live(), 3);
        assert_eq!(store.header, header());

        let mut writer = StoreWriter::open(dir.path(), &header(), Some(&store)).unwrap();
        writer.add(&entry("a", 9, &[[0.0, 1.0, 0.0]]));
        writer.commit().unwrap();
        drop(writer);
        let store = VectorStore::open(dir.path()).unwrap().unwrap();
        assert!(!store.has_torn_tail());
        assert!(std::fs::metadata(&path).unwrap().len() > whole as u64);
        assert_eq!(store.documents["a"].content_hash, 9);
        assert_eq!(store.superseded(), 1);

        compact(dir.path(), &header(), store.documents.values()).unwrap();
        let compacted = VectorStore::open(dir.path()).unwrap().unwrap();
        assert_eq!(compacted.superseded(), 0);
        assert_eq!(compacted.documents, store.documents);
        assert_eq!(read_header(dir.path()).unwrap(), Some(header()));
    }

    #[test]
    fn a_foreign_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(vectors_path(dir.path()), b"hello world, not vectors").unwrap();
        let err = VectorStore::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not a sleuth vector file"), "{err}");
    }

    #[test]
    fn one_embedding_run_at_a_time_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let first = EmbedLock::try_take(dir.path()).unwrap();
        assert!(first.is_some());
        assert!(EmbedLock::try_take(dir.path()).unwrap().is_none());
        assert!(EmbedLock::is_held_elsewhere(dir.path()).unwrap());
        drop(first);
        assert!(!EmbedLock::is_held_elsewhere(dir.path()).unwrap());
        assert!(EmbedLock::try_take(dir.path()).unwrap().is_some());
    }
}
