//! Source files and the documents read from them.
//!
//! A corpus is a list of roots ([`crate::ingest::walk`] finds their files): directories, single
//! files of the formats sleuth reads, or JSON-lines files in BEIR form (`_id`, `title`, `text`),
//! optionally zstd-compressed (`.jsonl.zst`). This module reads each file into documents: text
//! decoded, other formats extracted, JSON lines one document a line. Problems with single files or
//! lines are returned as [`Problem`]s so that one bad file never stops a run.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ingest::decode::{decode, Decoded, Offsets};
use crate::ingest::extract::{extractor_for, ExtractError, Extracted, PageStart};

/// Longest line a text file may have: longer ones are not prose (minified data, binary dumps).
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Largest text file read; bigger files are reported and skipped rather than exhausting memory.
pub const MAX_TEXT_FILE_BYTES: u64 = 1 << 30;
/// How much of a file is inspected for NUL bytes to tell binary files from text.
pub(crate) const BINARY_SNIFF_BYTES: usize = 8192;

/// How a source file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Plain UTF-8 text: one document.
    Text,
    /// JSON lines, one document per line.
    JsonLines,
    /// zstd-compressed JSON lines.
    JsonLinesZstd,
    /// A format read by an [`crate::ingest::extract::Extractor`] (PDF, web page, Word): one
    /// document, its text as a reader sees it.
    Extracted,
}

impl SourceFormat {
    /// Whether a file of this format holds many documents, one a line, each cited as
    /// `file.jsonl#ID`.
    pub fn is_json_lines(self) -> bool {
        matches!(self, SourceFormat::JsonLines | SourceFormat::JsonLinesZstd)
    }
}

/// One file of the corpus, with what is needed to tell whether it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Absolute path.
    pub path: PathBuf,
    /// Document id of a text file: its path relative to the corpus root, with `/` separators.
    pub relative: String,
    /// How to read it.
    pub format: SourceFormat,
    /// Size in bytes when listed.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 when unknown).
    pub modified_ns: u64,
}

/// A file's size and modification time (nanoseconds since the Unix epoch, 0 when unknown).
fn stamp(meta: &std::fs::Metadata) -> (u64, u64) {
    let modified_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    (meta.len(), modified_ns)
}

impl SourceFile {
    /// The file at `path`, as it is now, with `relative` as its document id.
    pub fn at(path: PathBuf, relative: String) -> std::io::Result<SourceFile> {
        let (size, modified_ns) = stamp(&std::fs::metadata(&path)?);
        Ok(SourceFile {
            format: format_of(&path),
            path,
            relative,
            size,
            modified_ns,
        })
    }
}

/// A document ready to be segmented and indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Identity: path relative to the corpus root, or the JSONL `_id`.
    pub id: String,
    /// Absolute path of the file it came from.
    pub source: PathBuf,
    /// Title given by the source (JSONL `title`); text files find theirs in the text.
    pub title: Option<String>,
    /// The full text.
    pub text: String,
    /// Where each page starts in `text` (empty for formats without pages).
    pub pages: Vec<PageStart>,
    /// The address a web page gives for itself.
    pub url: Option<String>,
    /// Content hash of title and text, to detect changes.
    pub hash: u64,
    /// Where the text's bytes are in the file (see [`crate::ingest::decode`]).
    pub offsets: Offsets,
    /// The file's size and modification time as listed ([`SourceFile`]): the file the text was
    /// read from, for telling later whether it is still that file ([`is_unchanged_since`]).
    pub file_stamp: (u64, u64),
}

/// Whether a source file was read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Every document it holds was read (or it was skipped for what it holds).
    Complete,
    /// It could not be read whole (an I/O error, or it changed while it was read): its documents
    /// that were not read keep their indexed version, and it is read again on the next run.
    Incomplete,
}

/// A file or line that could not be used as it is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (and for JSONL, `:line`).
    pub location: String,
    /// What is wrong, in words a person can act on.
    pub reason: String,
    /// True when the input was skipped; false for a warning (the input was still used).
    pub is_skipped: bool,
}

impl Problem {
    pub(crate) fn skipped(location: impl Into<String>, reason: impl Into<String>) -> Problem {
        Problem {
            location: location.into(),
            reason: reason.into(),
            is_skipped: true,
        }
    }

    fn warning(location: impl Into<String>, reason: impl Into<String>) -> Problem {
        Problem {
            location: location.into(),
            reason: reason.into(),
            is_skipped: false,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

/// Hashes a document's title and text.
pub fn content_hash(title: Option<&str>, text: &str) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(title.unwrap_or("").as_bytes());
    hasher.update(&[0xff]);
    hasher.update(text.as_bytes());
    hasher.digest()
}

/// Makes `path` absolute without resolving symlinks of the file itself.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|err| Error::io(path, err))
}

/// A path as a person at the current directory would type it: relative when under it.
pub fn display_path(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    shown.to_string_lossy().into_owned()
}

/// How `path` is read, judged by its name.
pub fn format_of(path: &Path) -> SourceFormat {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.ends_with(".jsonl.zst") {
        SourceFormat::JsonLinesZstd
    } else if name.ends_with(".jsonl") {
        SourceFormat::JsonLines
    } else if extractor_for(path).is_some() {
        SourceFormat::Extracted
    } else {
        SourceFormat::Text
    }
}

/// Whether `source` still has the size and modification time it was listed with.
fn is_unchanged(source: &SourceFile) -> bool {
    is_unchanged_since(&source.path, (source.size, source.modified_ns))
}

/// Whether the file at `path` (symbolic links followed) still has `file_stamp`, the size and
/// modification time it had when it was read ([`Document::file_stamp`]).
pub fn is_unchanged_since(path: &Path, file_stamp: (u64, u64)) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| stamp(&meta) == file_stamp)
}

const CHANGED_WHILE_READ: &str = "changed while it was being read: left as it was indexed; run `sleuth index` again once it is written";

/// Reads every document of `source`, handing each to `emit` as soon as it is read (a JSONL file
/// may be far larger than memory). Problems are pushed to `problems`; `emit`'s errors stop the read.
pub fn read_documents(
    source: &SourceFile,
    problems: &mut Vec<Problem>,
    emit: &mut dyn FnMut(Document) -> Result<()>,
) -> Result<Reading> {
    let location = display_path(&source.path);
    let file = match File::open(&source.path) {
        Ok(file) => file,
        Err(err) => {
            problems.push(Problem::skipped(
                location,
                format!("{err}: skipped, tried again on the next run"),
            ));
            return Ok(Reading::Incomplete);
        }
    };
    let reading = match source.format {
        SourceFormat::Text => {
            let decoded = match read_text(file) {
                Ok(decoded) => decoded,
                Err(TextError::Unusable(reason)) => {
                    problems.push(Problem::skipped(location, reason));
                    return Ok(Reading::Complete);
                }
                Err(TextError::Io(err)) => {
                    problems.push(Problem::skipped(
                        location,
                        format!("{err}: skipped, tried again on the next run"),
                    ));
                    return Ok(Reading::Incomplete);
                }
            };
            if !is_unchanged(source) {
                problems.push(Problem::skipped(location, CHANGED_WHILE_READ));
                return Ok(Reading::Incomplete);
            }
            if let Some(warning) = &decoded.warning {
                problems.push(Problem::warning(&location, warning));
            }
            emit(Document {
                id: source.relative.clone(),
                source: source.path.clone(),
                title: None,
                hash: content_hash(None, &decoded.text),
                text: decoded.text,
                pages: Vec::new(),
                url: None,
                offsets: decoded.offsets,
                file_stamp: (source.size, source.modified_ns),
            })?;
            return Ok(Reading::Complete);
        }
        SourceFormat::JsonLines => read_json_lines(BufReader::new(file), source, problems, emit)?,
        SourceFormat::Extracted => {
            drop(file);
            match extract(source) {
                Ok(doc) => emit(doc)?,
                Err(problem) => problems.push(problem),
            }
            Reading::Complete
        }
        SourceFormat::JsonLinesZstd => match zstd::Decoder::new(file) {
            Ok(decoder) => read_json_lines(BufReader::new(decoder), source, problems, emit)?,
            Err(err) => {
                problems.push(Problem::skipped(&location, format!("not zstd data: {err}")));
                Reading::Complete
            }
        },
    };
    if reading == Reading::Complete && !is_unchanged(source) {
        problems.push(Problem::warning(
            location,
            "changed while it was being read: the documents read were indexed, the others keep their indexed version; run `sleuth index` again once it is written",
        ));
        return Ok(Reading::Incomplete);
    }
    Ok(reading)
}

/// Why a text file was not read.
enum TextError {
    /// What it holds is not usable text (the reason, in words).
    Unusable(String),
    /// It could not be read.
    Io(std::io::Error),
}

/// How the reason for a file kept out by a missing program starts.
pub const MISSING_PROGRAM: &str = "not indexed: ";

/// Reads a file of a format an extractor reads (PDF, web page, Word) into its document, or the
/// problem that kept it out.
pub fn extract(source: &SourceFile) -> std::result::Result<Document, Problem> {
    let location = display_path(&source.path);
    let Some(extractor) = extractor_for(&source.path) else {
        return Err(Problem::skipped(location, "not a format sleuth extracts"));
    };
    match extractor.extract(&source.path) {
        Ok(extracted) => Ok(extracted_document(source, extracted)),
        Err(err @ ExtractError::MissingProgram { .. }) => Err(Problem::skipped(
            location,
            format!("{MISSING_PROGRAM}{err}"),
        )),
        Err(ExtractError::Unreadable(reason)) => Err(Problem::skipped(location, reason)),
    }
}

/// The document of an extracted file. Its hash covers the file's stamp too: the index keeps an
/// extracted text with the stamp of the file it came from, so a file touched but extracting alike
/// is written again with its new stamp.
pub fn extracted_document(source: &SourceFile, extracted: Extracted) -> Document {
    let file_stamp = (source.size, source.modified_ns);
    Document {
        id: source.relative.clone(),
        source: source.path.clone(),
        hash: content_hash(extracted.title.as_deref(), &extracted.text)
            ^ extracted
                .url
                .as_deref()
                .map_or(0, |u| content_hash(None, u))
            ^ content_hash(None, &format!("{file_stamp:?}")),
        title: extracted.title,
        text: extracted.text,
        pages: extracted.pages,
        url: extracted.url,
        offsets: Offsets::Same,
        file_stamp,
    }
}

/// Reads a text file, deciding whether it is usable prose (see [`crate::ingest::decode`] for the
/// encodings read).
fn read_text(file: File) -> std::result::Result<Decoded, TextError> {
    let mut bytes = Vec::new();
    file.take(MAX_TEXT_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(TextError::Io)?;
    let unusable = |reason: String| Err(TextError::Unusable(reason));
    if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        return unusable(format!(
            "larger than {} MiB: split it into smaller files",
            MAX_TEXT_FILE_BYTES >> 20
        ));
    }
    let decoded = decode(bytes);
    let text = decoded.text.as_str();
    if text.trim().is_empty() {
        return unusable("empty file: nothing to index".to_string());
    }
    let sniffed = &text.as_bytes()[..text.len().min(BINARY_SNIFF_BYTES)];
    if sniffed.contains(&0) {
        return unusable("binary file (contains NUL bytes): not text".to_string());
    }
    if let Some((line, len)) = longest_line_over(text.as_bytes(), MAX_LINE_BYTES) {
        return unusable(format!(
            "line {line} is {len} bytes long with no line break: not prose (lines may be at most {} KiB)",
            MAX_LINE_BYTES >> 10
        ));
    }
    Ok(decoded)
}

/// The first line (1-based) longer than `limit` bytes, with its length.
fn longest_line_over(bytes: &[u8], limit: usize) -> Option<(usize, usize)> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .find(|(_, line)| line.len() > limit)
        .map(|(i, line)| (i + 1, line.len()))
}

#[derive(Deserialize)]
struct JsonDocument {
    #[serde(rename = "_id")]
    id: serde_json::Value,
    #[serde(default)]
    title: Option<String>,
    text: String,
}

fn read_json_lines(
    reader: impl BufRead,
    source: &SourceFile,
    problems: &mut Vec<Problem>,
    emit: &mut dyn FnMut(Document) -> Result<()>,
) -> Result<Reading> {
    let file = display_path(&source.path);
    let mut line = Vec::new();
    let mut reader = reader;
    let mut number = 0usize;
    // The line of each id, to name both lines of a duplicate.
    let mut lines_of_ids: HashMap<String, usize> = HashMap::new();
    loop {
        line.clear();
        number += 1;
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => return Ok(Reading::Complete),
            Ok(_) => {}
            Err(err) => {
                problems.push(Problem::skipped(
                    format!("{file}:{number}"),
                    format!(
                        "read failed, rest of file skipped (tried again on the next run): {err}"
                    ),
                ));
                return Ok(Reading::Incomplete);
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let location = || format!("{file}:{number}");
        let parsed: JsonDocument = match serde_json::from_slice(&line) {
            Ok(doc) => doc,
            Err(err) => {
                problems.push(Problem::skipped(
                    location(),
                    format!(
                        "malformed JSON line ({err}); expected {{\"_id\", \"title\", \"text\"}}"
                    ),
                ));
                continue;
            }
        };
        let id = match parsed.id {
            serde_json::Value::String(id) if !id.is_empty() => id,
            serde_json::Value::Number(id) => id.to_string(),
            _ => {
                problems.push(Problem::skipped(
                    location(),
                    "`_id` must be a non-empty string or a number",
                ));
                continue;
            }
        };
        let title = parsed.title.filter(|t| !t.trim().is_empty());
        if parsed.text.trim().is_empty() && title.is_none() {
            problems.push(Problem::skipped(
                location(),
                format!("document `{id}` has no text"),
            ));
            continue;
        }
        if let Some(first) = lines_of_ids.get(&id) {
            problems.push(Problem::skipped(
                location(),
                format!(
                    "`_id` `{id}` is already the id of line {first}: skipped (ids must be unique)"
                ),
            ));
            continue;
        }
        lines_of_ids.insert(id.clone(), number);
        emit(Document {
            hash: content_hash(title.as_deref(), &parsed.text),
            id,
            source: source.path.clone(),
            title,
            text: parsed.text,
            offsets: Offsets::Same,
            pages: Vec::new(),
            url: None,
            file_stamp: (source.size, source.modified_ns),
        })?;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// Writes `bytes` to `dir/name`, making its folders: a corpus file for a test.
    pub(crate) fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        path
    }

    fn read_all(source: &SourceFile) -> (Vec<Document>, Vec<Problem>) {
        let mut docs = Vec::new();
        let mut problems = Vec::new();
        read_documents(source, &mut problems, &mut |d| {
            docs.push(d);
            Ok(())
        })
        .unwrap();
        (docs, problems)
    }

    #[test]
    fn bad_text_files_are_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, Vec<u8>, &str); 3] = [
            ("empty.txt", b"  \n".to_vec(), "empty"),
            ("binary.txt", b"ab\0cd".to_vec(), "binary"),
            (
                "oneline.txt",
                vec![b'x'; MAX_LINE_BYTES + 1],
                "no line break",
            ),
        ];
        for (name, bytes, expected) in cases {
            let path = write(dir.path(), name, &bytes);
            let source = SourceFile::at(path, name.to_string()).unwrap();
            let (docs, problems) = read_all(&source);
            assert!(docs.is_empty(), "{name}");
            assert_eq!(problems.len(), 1, "{name}");
            assert!(problems[0].is_skipped);
            assert!(problems[0].reason.contains(expected), "{}", problems[0]);
        }
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "latin1.txt", b"caf\xe9 au lait");
        let source = SourceFile::at(path, "latin1.txt".into()).unwrap();
        let (docs, problems) = read_all(&source);
        assert_eq!(docs[0].text, "caf\u{fffd} au lait");
        assert!(!problems[0].is_skipped);
        assert!(problems[0].reason.contains("byte 3"), "{}", problems[0]);
    }

    #[test]
    fn json_lines_yield_documents_and_report_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let body = "{\"_id\": \"a\", \"title\": \"T\", \"text\": \"one\"}\n\
                    not json\n\
                    \n\
                    {\"_id\": 7, \"text\": \"two\"}\n\
                    {\"_id\": \"c\"}\n";
        let path = write(dir.path(), "c.jsonl", body.as_bytes());
        let source = SourceFile::at(path, "c.jsonl".into()).unwrap();
        assert_eq!(source.format, SourceFormat::JsonLines);
        let (docs, problems) = read_all(&source);
        let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "7"]);
        assert_eq!(docs[0].title.as_deref(), Some("T"));
        let locations: Vec<_> = problems
            .iter()
            .map(|p| p.location.rsplit(':').next().unwrap())
            .collect();
        assert_eq!(locations, ["2", "5"]);
    }

    #[test]
    fn compressed_json_lines_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let raw = b"{\"_id\": \"z\", \"text\": \"zipped\"}\n";
        let packed = zstd::encode_all(&raw[..], 3).unwrap();
        let path = write(dir.path(), "c.jsonl.zst", &packed);
        let source = SourceFile::at(path, "c.jsonl.zst".into()).unwrap();
        let (docs, _) = read_all(&source);
        assert_eq!(docs[0].text, "zipped");
    }

    #[test]
    fn the_hash_changes_with_title_or_text() {
        let base = content_hash(Some("t"), "x");
        assert_ne!(base, content_hash(Some("t"), "y"));
        assert_ne!(base, content_hash(Some("u"), "x"));
        assert_ne!(content_hash(Some("ab"), "c"), content_hash(Some("a"), "bc"));
    }
}
