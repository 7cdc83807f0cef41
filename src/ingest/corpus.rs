//! Finding source files and loading them into documents.
//!
//! A corpus is a list of roots: directories (walked recursively for `.txt` and `.md` files, hidden
//! entries skipped), single text files, or JSON-lines files in BEIR form (`_id`, `title`, `text`),
//! optionally zstd-compressed (`.jsonl.zst`). Problems with single files or lines are returned as
//! [`Problem`]s so that one bad file never stops a run; only a missing root is an error.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::Deserialize;

use crate::error::{Error, Result};

/// Longest line a text file may have: longer ones are not prose (minified data, binary dumps).
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Largest text file read; bigger files are reported and skipped rather than exhausting memory.
pub const MAX_TEXT_FILE_BYTES: u64 = 1 << 30;
/// How much of a file is inspected for NUL bytes to tell binary files from text.
const BINARY_SNIFF_BYTES: usize = 8192;

/// How a source file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Plain UTF-8 text: one document.
    Text,
    /// JSON lines, one document per line.
    JsonLines,
    /// zstd-compressed JSON lines.
    JsonLinesZstd,
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
    /// Content hash of title and text, to detect changes.
    pub hash: u64,
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
    fn skipped(location: impl Into<String>, reason: impl Into<String>) -> Problem {
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
    } else {
        SourceFormat::Text
    }
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

fn is_walked_text(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("txt" | "md")
    )
}

fn source_file(path: PathBuf, relative: String) -> std::io::Result<SourceFile> {
    let meta = std::fs::metadata(&path)?;
    let modified_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    Ok(SourceFile {
        format: format_of(&path),
        path,
        relative,
        size: meta.len(),
        modified_ns,
    })
}

/// Lists the source files under `roots` (absolute paths), sorted by path.
///
/// A root that does not exist is an error; a file that cannot be inspected is a [`Problem`].
pub fn list_sources(roots: &[PathBuf]) -> Result<(Vec<SourceFile>, Vec<Problem>)> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in roots {
        let meta = std::fs::metadata(root).map_err(|err| Error::CorpusNotFound {
            path: display_path(root),
            reason: err.to_string(),
        })?;
        if !meta.is_dir() {
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| display_path(root));
            match source_file(root.clone(), name) {
                Ok(file) => files.push(file),
                Err(err) => problems.push(Problem::skipped(display_path(root), err.to_string())),
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !is_hidden(e));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let location = err.path().map_or_else(|| display_path(root), display_path);
                    problems.push(Problem::skipped(location, describe_walk_error(&err)));
                    continue;
                }
            };
            if !entry.file_type().is_file() || !is_walked_text(entry.path()) {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            match source_file(entry.path().to_path_buf(), relative) {
                Ok(file) => files.push(file),
                Err(err) => problems.push(Problem::skipped(
                    display_path(entry.path()),
                    err.to_string(),
                )),
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok((files, problems))
}

fn describe_walk_error(err: &walkdir::Error) -> String {
    match err.io_error() {
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

/// Reads every document of `source`, handing each to `emit` as soon as it is read (a JSONL file
/// may be far larger than memory). Problems are pushed to `problems`; `emit`'s errors stop the read.
pub fn read_documents(
    source: &SourceFile,
    problems: &mut Vec<Problem>,
    emit: &mut dyn FnMut(Document) -> Result<()>,
) -> Result<()> {
    let location = display_path(&source.path);
    let file = match File::open(&source.path) {
        Ok(file) => file,
        Err(err) => {
            problems.push(Problem::skipped(location, err.to_string()));
            return Ok(());
        }
    };
    match source.format {
        SourceFormat::Text => match read_text(file) {
            Ok((text, warning)) => {
                if let Some(warning) = warning {
                    problems.push(Problem::warning(&location, warning));
                }
                emit(Document {
                    id: source.relative.clone(),
                    source: source.path.clone(),
                    title: None,
                    hash: content_hash(None, &text),
                    text,
                })
            }
            Err(reason) => {
                problems.push(Problem::skipped(location, reason));
                Ok(())
            }
        },
        SourceFormat::JsonLines => read_json_lines(BufReader::new(file), source, problems, emit),
        SourceFormat::JsonLinesZstd => match zstd::Decoder::new(file) {
            Ok(decoder) => read_json_lines(BufReader::new(decoder), source, problems, emit),
            Err(err) => {
                problems.push(Problem::skipped(location, format!("not zstd data: {err}")));
                Ok(())
            }
        },
    }
}

/// Reads a text file, deciding whether it is usable prose. Returns the text and a warning for
/// repaired input (invalid UTF-8), or the reason to skip it.
fn read_text(file: File) -> std::result::Result<(String, Option<String>), String> {
    let mut bytes = Vec::new();
    file.take(MAX_TEXT_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| err.to_string())?;
    if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        return Err(format!(
            "larger than {} MiB: split it into smaller files",
            MAX_TEXT_FILE_BYTES >> 20
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file: nothing to index".to_string());
    }
    if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
        return Err("binary file (contains NUL bytes): not text".to_string());
    }
    if let Some((line, len)) = longest_line_over(&bytes, MAX_LINE_BYTES) {
        return Err(format!(
            "line {line} is {len} bytes long with no line break: not prose (lines may be at most {} KiB)",
            MAX_LINE_BYTES >> 10
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            Ok((
                text,
                Some(format!(
                    "invalid UTF-8 (first at byte {at}): decoded with U+FFFD replacement characters"
                )),
            ))
        }
    }
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
) -> Result<()> {
    let file = display_path(&source.path);
    let mut line = Vec::new();
    let mut reader = reader;
    let mut number = 0usize;
    loop {
        line.clear();
        number += 1;
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(err) => {
                problems.push(Problem::skipped(
                    format!("{file}:{number}"),
                    format!("read failed, rest of file skipped: {err}"),
                ));
                return Ok(());
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
        emit(Document {
            hash: content_hash(title.as_deref(), &parsed.text),
            id,
            source: source.path.clone(),
            title,
            text: parsed.text,
        })?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
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
    fn walking_keeps_text_and_markdown_and_skips_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", b"alpha");
        write(dir.path(), "sub/b.md", b"beta");
        write(dir.path(), "c.pdf", b"gamma");
        write(dir.path(), ".hidden.txt", b"delta");
        write(dir.path(), ".git/d.txt", b"epsilon");
        let (files, problems) = list_sources(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> = files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(names, ["a.txt", "sub/b.md"]);
        assert!(problems.is_empty());
    }

    #[test]
    fn a_missing_root_is_an_error_naming_it() {
        let err = list_sources(&[PathBuf::from("/no/such/corpus")]).unwrap_err();
        assert!(err.to_string().contains("/no/such/corpus"), "{err}");
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
            let source = source_file(path, name.to_string()).unwrap();
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
        let source = source_file(path, "latin1.txt".into()).unwrap();
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
        let source = source_file(path, "c.jsonl".into()).unwrap();
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
        let source = source_file(path, "c.jsonl.zst".into()).unwrap();
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
