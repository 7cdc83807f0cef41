//! From citations and passages to the passages around them: what a citation names (for
//! `sleuth show`) and the neighbours of a passage (for `--context`).

use std::collections::HashMap;
use std::path::Path;

use crate::engine::Engine;
use crate::error::{Error, Limit, QueryError, Result};
use crate::index::record::PassageRecord;
use crate::ingest::corpus;
use crate::results::citation::Locator;
use crate::results::original::Original;

/// The passages of documents, each document read from the index once.
pub struct DocumentPassages<'a> {
    engine: &'a Engine,
    documents: HashMap<String, Vec<PassageRecord>>,
}

impl<'a> DocumentPassages<'a> {
    /// An empty cache over `engine`'s index.
    pub fn new(engine: &'a Engine) -> Self {
        DocumentPassages {
            engine,
            documents: HashMap::new(),
        }
    }

    /// Every passage of `doc_id`, in reading order (empty for an unknown document).
    pub fn of(&mut self, doc_id: &str) -> Result<&[PassageRecord]> {
        if !self.documents.contains_key(doc_id) {
            let list = self.engine.passages_of(doc_id)?;
            self.documents.insert(doc_id.to_string(), list);
        }
        Ok(&self.documents[doc_id])
    }

    /// The passages of `passage`'s document, and the index of `passage` among them.
    pub fn around(&mut self, passage: &PassageRecord) -> Result<(&[PassageRecord], usize)> {
        let list = self.of(&passage.doc_id)?;
        let at = list
            .iter()
            .position(|p| p.byte_start == passage.byte_start)
            .ok_or_else(|| {
                Error::Citation(format!(
                    "paragraph {} of `{}` is no longer in the index",
                    passage.paragraph, passage.path
                ))
            })?;
        Ok((list, at))
    }
}

/// Passages before and after a passage (or a run of cited passages), in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Neighbours {
    /// Up to N passages just before.
    pub before: Vec<PassageRecord>,
    /// Up to N passages just after.
    pub after: Vec<PassageRecord>,
}

impl Neighbours {
    /// The `n` passages before `list[first]` and after `list[last]`.
    fn of(list: &[PassageRecord], first: usize, last: usize, n: usize) -> Neighbours {
        Neighbours {
            before: list[first.saturating_sub(n)..first].to_vec(),
            after: list[(last + 1).min(list.len())
                ..last.saturating_add(1).saturating_add(n).min(list.len())]
                .to_vec(),
        }
    }
}

/// Most passages of context on each side of a passage: several pages of text.
pub const MAX_CONTEXT: usize = 50;

fn check_context(n: usize) -> Result<()> {
    if n > MAX_CONTEXT {
        let limit = Limit::Context {
            asked: n,
            max: MAX_CONTEXT,
        };
        return Err(QueryError::TooLarge(limit).into());
    }
    Ok(())
}

/// The `n` neighbours on each side of each passage, in the same order as `passages`.
pub fn neighbours(
    engine: &Engine,
    passages: &[&PassageRecord],
    n: usize,
) -> Result<Vec<Neighbours>> {
    check_context(n)?;
    let mut documents = DocumentPassages::new(engine);
    passages
        .iter()
        .map(|passage| {
            let (list, at) = documents.around(passage)?;
            Ok(Neighbours::of(list, at, at, n))
        })
        .collect()
}

/// What a citation names: its passages, in reading order, with `n` neighbours on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The passages the citation names (more than one when its lines cover several).
    pub cited: Vec<PassageRecord>,
    /// Passages around them.
    pub context: Neighbours,
}

/// Finds the passages `locator` names. With a paragraph number, that paragraph, and the ones after
/// it up to the citation's last line (a quote can run into the next paragraph); without one, every
/// passage its lines overlap. Errors name what was not found.
pub fn locate(engine: &Engine, locator: &Locator, n: usize) -> Result<Located> {
    check_context(n)?;
    // A printed citation shows control characters of a file name as `\u{…}` escapes.
    let doc_id = match (document_of(engine, locator), locator.unescaped()) {
        (Err(err), Some(unescaped)) => document_of(engine, &unescaped).map_err(|_| err)?,
        (found, _) => found?,
    };
    let list = engine.passages_of(&doc_id)?;
    let lines = if locator.line_start == locator.line_end {
        format!("line {}", locator.line_start)
    } else {
        format!("lines {}-{}", locator.line_start, locator.line_end)
    };
    let overlaps =
        |p: &PassageRecord| p.line_start <= locator.line_end && locator.line_start <= p.line_end;
    let cited = match locator.paragraph {
        Some(paragraph) => {
            let Some(first) = list.iter().position(|p| p.paragraph == paragraph) else {
                return Err(Error::Citation(format!(
                    "`{}` has no paragraph {paragraph} (it has paragraphs 1-{})",
                    locator.path,
                    list.iter().filter(|p| p.kind.is_numbered()).count()
                )));
            };
            let named = &list[first];
            if !overlaps(named) {
                return Err(Error::Citation(format!(
                    "paragraph {paragraph} of `{}` is at lines {}-{}, not at {lines}: the citation does not match the document (was it changed since?)",
                    locator.path, named.line_start, named.line_end
                )));
            }
            let following = list[first + 1..]
                .iter()
                .take_while(|p| {
                    named.line_end < locator.line_end && p.line_start <= locator.line_end
                })
                .count();
            Some(first..first + following + 1)
        }
        None => list
            .iter()
            .position(overlaps)
            .zip(list.iter().rposition(overlaps))
            .map(|(first, last)| first..last + 1),
    };
    let Some(cited) = cited else {
        let end = list.last().map_or(0, |p| p.line_end);
        return Err(Error::Citation(if locator.line_start > end {
            format!(
                "`{}` has no passage at {lines}: its passages end at line {end}",
                locator.path
            )
        } else {
            format!(
                "`{}` has no passage at {lines}: they hold blank lines or page furniture (running headers and footers), which are not passages",
                locator.path
            )
        }));
    };
    Ok(Located {
        context: Neighbours::of(&list, cited.start, cited.end - 1, n),
        cited: list[cited].to_vec(),
    })
}

/// A passage as `show` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownPassage {
    /// The passage.
    pub passage: PassageRecord,
    /// Whether the citation names it (else it is context around what it names).
    pub is_cited: bool,
    /// Its text as the original has it, line breaks and all (see [`crate::results::original`]).
    pub original: String,
}

/// The passages `locator` names and `n` neighbours on each side, in reading order, each with its
/// original text.
pub fn show(engine: &Engine, locator: &Locator, n: usize) -> Result<Vec<ShownPassage>> {
    let located = locate(engine, locator, n)?;
    let Some(first) = located.cited.first() else {
        return Ok(Vec::new());
    };
    let original = Original::read(first)?;
    let Located { cited, context } = located;
    let roles = [
        (context.before, false),
        (cited, true),
        (context.after, false),
    ];
    let mut shown = Vec::new();
    for (passages, is_cited) in roles {
        for passage in passages {
            let text = original.text(&passage).ok_or_else(|| {
                Error::Citation(format!(
                    "`{}` changed since it was indexed: bytes {}-{} no longer hold paragraph {}; run `sleuth index` and cite again",
                    passage.path, passage.byte_start, passage.byte_end, passage.paragraph
                ))
            })?;
            shown.push(ShownPassage {
                original: text.to_string(),
                passage,
                is_cited,
            });
        }
    }
    Ok(shown)
}

/// The id of the document a citation's path names.
fn document_of(engine: &Engine, locator: &Locator) -> Result<String> {
    let (file, document) = locator.file_and_document();
    let not_found = |what: String| {
        let corpus = engine.meta().map_or_else(String::new, |meta| {
            let roots: Vec<String> = meta
                .corpus
                .iter()
                .map(|r| corpus::display_path(r))
                .collect();
            format!(" (its corpus: {})", roots.join(", "))
        });
        Error::Citation(format!(
            "{what} is not in the index at `{}`{corpus}; paths are relative to the current directory, as `sleuth search` prints them",
            corpus::display_path(engine.dir())
        ))
    };
    if let Some(id) = document {
        let found = engine.passages_of(id)?;
        let same_file = found
            .first()
            .is_some_and(|p| same_path(&p.source.to_string_lossy(), file));
        return if same_file {
            Ok(id.to_string())
        } else {
            Err(not_found(format!("document `{id}` of `{file}`")))
        };
    }
    if corpus::format_of(Path::new(file)).is_json_lines() {
        return Err(Error::Citation(format!(
            "`{file}` holds many documents: cite one of them as `{file}#ID:LINES`"
        )));
    }
    // The path as given, and with `..` and links resolved (`../seeds/a.txt` from elsewhere).
    let as_given = corpus::absolute(Path::new(file))?;
    let resolved = std::fs::canonicalize(file).ok();
    for source in std::iter::once(&as_given).chain(&resolved) {
        if let Some(id) = engine.document_from_source(source)? {
            return Ok(id);
        }
    }
    // A document id (the path relative to its corpus root) names it too, and so does a path as
    // printed from another directory: the corpus root's last folders, then the document id.
    let roots = engine.meta().map_or(&[][..], |meta| meta.corpus.as_slice());
    let mut pieces = file.split('/');
    let mut prefix = Path::new("").to_path_buf();
    let mut rest = file;
    loop {
        let under_a_root =
            prefix.as_os_str().is_empty() || roots.iter().any(|root| root.ends_with(&prefix));
        if under_a_root && !rest.is_empty() && !engine.passages_of(rest)?.is_empty() {
            return Ok(rest.to_string());
        }
        let Some(piece) = pieces.next() else { break };
        prefix.push(piece);
        rest = rest.get(piece.len() + 1..).unwrap_or("");
    }
    Err(not_found(format!("`{file}`")))
}

fn same_path(a: &str, b: &str) -> bool {
    a == b
        || match (
            corpus::absolute(Path::new(a)),
            corpus::absolute(Path::new(b)),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}
