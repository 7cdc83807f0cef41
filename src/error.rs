//! The library's error type: each variant names the problem and what the user can do about it.

use std::fmt;
use std::path::Path;

/// Errors that stop an operation. Problems with single files are not errors (see
/// [`crate::ingest::corpus::Problem`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A corpus root does not exist or cannot be read.
    #[error("corpus path `{path}` cannot be read ({reason}); pass --corpus with a directory, a .txt/.md/.pdf/.html/.docx file or a .jsonl file")]
    CorpusNotFound {
        /// The path as given.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// A file named as the corpus is in a format sleuth does not read.
    #[error("`{path}` is {kind}, a format sleuth does not read; it reads text (.txt, .md), PDF (.pdf), web pages (.html, .htm, .xhtml), Word (.docx) and JSON lines (.jsonl, .jsonl.zst)")]
    UnsupportedFormat {
        /// The path as given.
        path: String,
        /// What it is (`a .xlsx file`, `a binary file`).
        kind: String,
    },
    /// The index directory holds something sleuth cannot use.
    #[error("the index at `{path}` was made by an incompatible version of sleuth ({detail}); run `sleuth index --rebuild` to build it anew")]
    IncompatibleIndex {
        /// Index directory.
        path: String,
        /// What did not match.
        detail: String,
    },
    /// There is no index where one was expected.
    #[error("no index at `{path}`: build one with `sleuth index --corpus PATH --index {path}` (or check the directory's name)")]
    NoIndex {
        /// Index directory.
        path: String,
    },
    /// An index that records no corpus (its first build was interrupted), and none given.
    #[error("the index at `{path}` does not record its corpus (its first build did not finish): build it with `sleuth index --corpus PATH --index {path}`")]
    NoCorpus {
        /// Index directory.
        path: String,
    },
    /// A corpus other than the index's was given.
    #[error("the index at `{path}` holds the corpus {indexed}, not {given}: to replace its corpus, run `sleuth index --rebuild --corpus … --index {path}`; to keep both, pass --index with another directory")]
    OtherCorpus {
        /// Index directory.
        path: String,
        /// The index's corpus roots, as shown.
        indexed: String,
        /// The roots given, as shown.
        given: String,
    },
    /// Writing the index failed (most often a full disk); the previous index is intact.
    #[error("could not write the index at `{path}`: {cause}. The previous index is intact and this run's files were removed; free some space and run `sleuth index` again")]
    WriteFailed {
        /// Index directory.
        path: String,
        /// What went wrong, in words.
        cause: String,
    },
    /// Another process holds the index's write lock.
    #[error("the index at `{path}` is locked by another sleuth process that is writing to it; wait for it to finish and try again")]
    IndexLocked {
        /// Index directory.
        path: String,
    },
    /// The query (or quote) holds nothing to search for.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A benchmark file (queries or relevance judgments) cannot be used.
    #[error("{location}: {reason}")]
    Benchmark {
        /// The file (and line) at fault.
        location: String,
        /// What is wrong and what to do.
        reason: String,
    },
    /// A citation names nothing in the index.
    #[error("{0}")]
    Citation(String),
    /// A file operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A sentence-embedding model folder cannot be used.
    #[error("model `{path}`: {detail}")]
    Model {
        /// The model folder.
        path: String,
        /// What is wrong and what to do.
        detail: String,
    },
    /// The index's passage vectors cannot be used.
    #[error("vectors `{path}`: {detail}")]
    Vectors {
        /// The vector file.
        path: String,
        /// What is wrong and what to do.
        detail: String,
    },
    /// tantivy failed. (Not a `source`: its message is already in this one, and a chain would
    /// say it twice.)
    #[error("index error: {0}")]
    Tantivy(tantivy::TantivyError),
}

impl From<tantivy::TantivyError> for Error {
    fn from(err: tantivy::TantivyError) -> Error {
        Error::Tantivy(err)
    }
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// Result with the library's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Why a query has nothing to search for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// The query is empty or only whitespace.
    Empty,
    /// The query holds no letter or digit: only operators, quotes, parentheses or punctuation.
    NothingToSearch,
    /// Every clause of the query excludes (`-word`, `NOT word`): there is nothing to find.
    OnlyExclusions,
    /// A quote to verify holds no word.
    QuoteWithoutWords(String),
    /// The query, quote or request is larger than sleuth takes: which limit, and by how much.
    TooLarge(Limit),
    /// A claim to check holds nothing to check.
    ClaimWithoutWords(String),
    /// A batch file (one input a line, or a CSV column) cannot be read: what is wrong with it.
    BadBatch(String),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Empty => f.write_str(
                "the query is empty: give at least one word to search for, \
                 e.g. sleuth search Azerbaijan arms",
            ),
            QueryError::NothingToSearch => f.write_str(
                "the query has no words to search for, only operators or punctuation: \
                 add at least one word or number",
            ),
            QueryError::OnlyExclusions => {
                f.write_str("the query only excludes words; add at least one word to search for")
            }
            QueryError::BadBatch(problem) => f.write_str(problem),
            QueryError::ClaimWithoutWords(claim) => write!(
                f,
                "the claim `{claim}` has nothing to check; give a statement, \
                 e.g. `Azerbaijan opened its embassy in Tel Aviv in 2023`"
            ),
            QueryError::QuoteWithoutWords(quote) => write!(
                f,
                "the quote `{quote}` has no words to look for; give the words of the quote"
            ),
            QueryError::TooLarge(limit) => limit.fmt(f),
        }
    }
}

/// A limit that bounds the work of one request, with what was asked and the most allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Characters in a query.
    QueryChars {
        /// The query's length.
        chars: usize,
        /// The longest query.
        max: usize,
    },
    /// Words (and prefixes, phrase words, field values) in a query.
    QueryWords {
        /// The query's words.
        words: usize,
        /// The most words.
        max: usize,
    },
    /// `prefix*` terms in a query.
    QueryPrefixes {
        /// The query's prefixes.
        prefixes: usize,
        /// The most prefixes.
        max: usize,
    },
    /// Characters in a quote to verify.
    QuoteChars {
        /// The quote's length.
        chars: usize,
        /// The longest quote.
        max: usize,
    },
    /// Passages holding a quote's words that `verify --limit` may check.
    VerifyCandidates {
        /// The `--limit` asked for.
        asked: usize,
        /// The most allowed.
        max: usize,
    },
    /// Words in a claim to check.
    ClaimWords {
        /// The claim's words.
        words: usize,
        /// The most words.
        max: usize,
    },
    /// Passages of context on each side of a hit (`--context`).
    Context {
        /// The `--context` asked for.
        asked: usize,
        /// The most allowed.
        max: usize,
    },
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Limit::QueryChars { chars, max } => write!(
                f,
                "the query is {chars} characters long; queries may have up to {max}: shorten it (to find where a long passage comes from, use `sleuth verify`)"
            ),
            Limit::QueryWords { words, max } => write!(
                f,
                "the query has {words} words; queries may have up to {max}: keep the words that matter (to check a quote, use `sleuth verify`)"
            ),
            Limit::QueryPrefixes { prefixes, max } => write!(
                f,
                "the query has {prefixes} prefixes (word*); queries may have up to {max}: write some of the words out"
            ),
            Limit::QuoteChars { chars, max } => write!(
                f,
                "the quote is {chars} characters long; sleuth verifies quotes of up to {max} characters (about 800 words): verify it in parts"
            ),
            Limit::VerifyCandidates { asked, max } => write!(
                f,
                "--limit may be at most {max} passages to check (you asked for {asked})"
            ),
            Limit::ClaimWords { words, max } => write!(
                f,
                "the claim has {words} words; claims may have up to {max}: check one statement at a time"
            ),
            Limit::Context { asked, max } => write!(
                f,
                "--context may be at most {max} passages on each side (you asked for {asked}); `sleuth show` prints a citation's passages"
            ),
        }
    }
}

impl std::error::Error for QueryError {}
