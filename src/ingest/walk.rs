//! Finding a corpus's files: the roots walked, each file kept or counted by type, and what could not
//! be used reported.
//!
//! Directories are walked recursively for text (`.txt`, `.md`) and the formats an extractor reads
//! (PDF, web pages, Word files), hidden entries skipped and symbolic links not followed (each file
//! is one document, and no link leads out of the corpus); other files are counted by type. A file
//! named as a root is read whatever its name, unless it is binary in a format sleuth does not read.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ingest::corpus::{
    display_path, format_of, Problem, SourceFile, SourceFormat, BINARY_SNIFF_BYTES,
};
use crate::ingest::extract::extractor_for;

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

/// Whether a directory walk indexes `path`: text, or a format an extractor reads.
fn is_walked(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("txt" | "md")
    ) || extractor_for(path).is_some()
}

/// The type a file not indexed is counted under: its extension (`.png`), or `no extension`.
pub fn file_type(path: &Path) -> String {
    path.extension()
        .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
        .unwrap_or_else(|| "no extension".to_string())
}

/// A corpus listed: the files to read, the problems met, and the files of other types that a
/// directory walk passed over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The files to read, sorted by path.
    pub files: Vec<SourceFile>,
    /// Entries that could not be inspected.
    pub problems: Vec<Problem>,
    /// Files in walked directories that sleuth does not read, sorted by path.
    pub others: Vec<PathBuf>,
}

/// Refuses a file named as a corpus root in a format sleuth does not read: a binary file that no
/// extractor reads (an image, a spreadsheet). Text files are read whatever their name.
fn check_named_file(path: &Path) -> Result<()> {
    if format_of(path) != SourceFormat::Text || is_walked(path) {
        return Ok(());
    }
    let mut head = Vec::with_capacity(BINARY_SNIFF_BYTES);
    if let Ok(file) = File::open(path) {
        let _ = file.take(BINARY_SNIFF_BYTES as u64).read_to_end(&mut head);
    }
    if !head.contains(&0) {
        return Ok(());
    }
    let kind = match path.extension() {
        Some(_) => format!("a {} file", file_type(path)),
        None => "a binary file".to_string(),
    };
    Err(Error::UnsupportedFormat {
        path: display_path(path),
        kind,
    })
}

/// What a file that is neither a regular file nor a directory is, in words.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a named pipe (FIFO)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// Why a symbolic link in the corpus is not followed (sleuth indexes files where they are, so that
/// each is one document and no link leads out of the corpus), or `None` for a link it need not
/// mention (to a file that would not be indexed anyway).
fn unfollowed_link(link: &Path, root: &Path) -> Option<String> {
    let target =
        std::fs::read_link(link).map_or_else(|_| "?".to_string(), |t| t.display().to_string());
    let meta = match std::fs::metadata(link) {
        Ok(meta) => meta,
        Err(err) if err.raw_os_error() == Some(40) => {
            return Some(format!("symbolic link loop (`{target}`): skipped"));
        }
        Err(_) => {
            return is_walked(link)
                .then(|| format!("broken symbolic link (`{target}` does not exist): skipped"));
        }
    };
    if !meta.is_dir() && !is_walked(link) {
        return None;
    }
    let inside = match (link.canonicalize(), root.canonicalize()) {
        (Ok(resolved), Ok(root)) => resolved.starts_with(root),
        _ => false,
    };
    Some(if inside {
        format!("symbolic link to `{target}`, in the corpus: not followed (the target is indexed where it is)")
    } else {
        format!("symbolic link to `{target}`, outside the corpus: not followed (copy the file into the corpus, or add its directory with another --corpus)")
    })
}

const NOT_UTF8_NAME: &str =
    "the name is not valid UTF-8, so no citation could name it: skipped (rename it, e.g. with `convmv`)";

/// Lists the source files under `roots` (absolute paths), sorted by path.
///
/// A root that does not exist, or is not a file or directory, is an error; a file that cannot be
/// used is a [`Problem`]: special files, symbolic links (not followed) and names that are not
/// UTF-8 are reported and skipped. Text files of different roots with the same relative path get
/// their absolute path as their id, so that each is a document of its own.
pub fn list_sources(roots: &[PathBuf]) -> Result<(Vec<SourceFile>, Vec<Problem>)> {
    let listing = list_corpus(roots)?;
    Ok((listing.files, listing.problems))
}

/// Lists the corpus under `roots` (absolute paths), with the files of other types it passed over.
///
/// A root that does not exist, or a file named as a root in a format sleuth does not read, is an
/// error; a file that cannot be inspected is a [`Problem`].
pub fn list_corpus(roots: &[PathBuf]) -> Result<Listing> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut others = Vec::new();
    for root in roots {
        let unusable = |reason: String| Error::CorpusNotFound {
            path: display_path(root),
            reason,
        };
        if root.to_str().is_none() {
            return Err(unusable(
                "its name is not valid UTF-8, so no citation could name its files; rename it"
                    .into(),
            ));
        }
        let meta = std::fs::metadata(root).map_err(|err| unusable(err.to_string()))?;
        if !meta.is_dir() && !meta.is_file() {
            return Err(unusable(format!(
                "it is {}, not a file or directory",
                kind_of(meta.file_type())
            )));
        }
        if meta.is_file() {
            check_named_file(root)?;
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| display_path(root));
            match SourceFile::at(root.clone(), name) {
                Ok(file) => files.push(file),
                Err(err) => problems.push(Problem::skipped(display_path(root), err.to_string())),
            }
            continue;
        }
        let mut walker = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !is_hidden(e));
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let location = err.path().map_or_else(|| display_path(root), display_path);
                    problems.push(Problem::skipped(location, describe_walk_error(&err)));
                    continue;
                }
            };
            let path = entry.path();
            let file_type = entry.file_type();
            if file_type.is_dir() {
                if path.to_str().is_none() {
                    problems.push(Problem::skipped(display_path(path), NOT_UTF8_NAME));
                    walker.skip_current_dir();
                }
                continue;
            }
            if file_type.is_symlink() {
                if let Some(reason) = unfollowed_link(path, root) {
                    problems.push(Problem::skipped(display_path(path), reason));
                }
                continue;
            }
            if !is_walked(path) {
                if file_type.is_file() {
                    others.push(path.to_path_buf());
                }
                continue;
            }
            if !file_type.is_file() {
                let reason = format!("{}, not a regular file: skipped", kind_of(file_type));
                problems.push(Problem::skipped(display_path(path), reason));
                continue;
            }
            if path.to_str().is_none() {
                problems.push(Problem::skipped(display_path(path), NOT_UTF8_NAME));
                continue;
            }
            let relative = path
                .strip_prefix(root)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            match SourceFile::at(path.to_path_buf(), relative) {
                Ok(file) => files.push(file),
                Err(err) => problems.push(Problem::skipped(display_path(path), err.to_string())),
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    give_distinct_ids(&mut files);
    others.sort();
    others.dedup();
    Ok(Listing {
        files,
        problems,
        others,
    })
}

/// Text files of different roots with the same relative path (`d1/notes.txt`, `d2/notes.txt`) take
/// their absolute path as their id.
fn give_distinct_ids(files: &mut [SourceFile]) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for file in files
        .iter()
        .filter(|f| matches!(f.format, SourceFormat::Text | SourceFormat::Extracted))
    {
        *seen.entry(file.relative.as_str()).or_default() += 1;
    }
    let shared: HashSet<String> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id.to_string())
        .collect();
    for file in files.iter_mut() {
        if matches!(file.format, SourceFormat::Text | SourceFormat::Extracted)
            && shared.contains(&file.relative)
        {
            file.relative = file.path.to_string_lossy().into_owned();
        }
    }
}

fn describe_walk_error(err: &walkdir::Error) -> String {
    match err.io_error() {
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::corpus::tests::write;

    #[test]
    fn walking_keeps_the_formats_sleuth_reads_and_counts_the_others() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", b"alpha");
        write(dir.path(), "sub/b.md", b"beta");
        write(dir.path(), "c.pdf", b"gamma");
        write(dir.path(), "d.HTML", b"<p>delta</p>");
        write(dir.path(), "e.png", b"\x89PNG");
        write(dir.path(), "sub/f.xlsx", b"PK");
        write(dir.path(), ".hidden.txt", b"delta");
        write(dir.path(), ".git/d.txt", b"epsilon");
        let listing = list_corpus(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> = listing.files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(names, ["a.txt", "c.pdf", "d.HTML", "sub/b.md"]);
        assert_eq!(listing.files[1].format, SourceFormat::Extracted);
        let others: Vec<String> = listing.others.iter().map(|p| file_type(p)).collect();
        assert_eq!(others, [".png", ".xlsx"]);
        assert!(listing.problems.is_empty());
    }

    #[test]
    fn a_binary_file_named_as_the_corpus_in_another_format_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let sheet = write(dir.path(), "data.xlsx", b"PK\x03\x04\0\0binary");
        let err = list_corpus(&[sheet]).unwrap_err();
        assert!(
            err.to_string()
                .contains("a .xlsx file, a format sleuth does not read"),
            "{err}"
        );
        let notes = write(dir.path(), "notes.log", b"plain text under another name");
        assert_eq!(list_corpus(&[notes]).unwrap().files.len(), 1);
    }

    #[test]
    fn a_missing_root_is_an_error_naming_it() {
        let err = list_sources(&[PathBuf::from("/no/such/corpus")]).unwrap_err();
        assert!(err.to_string().contains("/no/such/corpus"), "{err}");
    }
}
