//! From citations and passages to the passages around them: what a citation names (for
//! `sleuth show`) and the neighbours of a passage (for `--context`).

use std::collections::HashMap;
use std::path::Path;

use crate::engine::Engine;
use crate::error::{Error, Limit, QueryError, Result};
use crate::index::record::PassageRecord;
use crate::ingest::corpus;
use crate::results::citation::{Locator, PageRef};
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

    /// `passage` with the passages just before and after it in the same section: a quote or a
    /// statement may run across a paragraph break, but not across a heading.
    pub fn neighbourhood(&mut self, passage: &PassageRecord) -> Result<Vec<PassageRecord>> {
        let (list, at) = self.around(passage)?;
        let same_section = |other: usize| list[other].section == list[at].section;
        let first = if at > 0 && same_section(at - 1) {
            at - 1
        } else {
            at
        };
        let last = if at + 1 < list.len() && same_section(at + 1) {
            at + 1
        } else {
            at
        };
        Ok(list[first..=last].to_vec())
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
    // Places compare as (page, line): the page is 0 for a citation by lines of the whole text.
    let (from, to) = cited_range(locator, &list)?;
    let place = |p: &PassageRecord| match (&locator.pages, &p.page) {
        (Some(_), Some(page)) => ((page.first, page.line_first), (page.last, page.line_last)),
        (Some(_), None) => ((0, 0), (0, 0)),
        (None, _) => ((0, p.line_start), (0, p.line_end)),
    };
    let lines = if locator.pages.is_some() {
        let location = locator.location();
        location[locator.path.len()..]
            .trim_start_matches([',', ' '])
            .to_string()
    } else if locator.line_start == locator.line_end {
        format!("line {}", locator.line_start)
    } else {
        format!("lines {}-{}", locator.line_start, locator.line_end)
    };
    let overlaps = |p: &PassageRecord| {
        let (start, end) = place(p);
        start <= to && from <= end
    };
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
                let at = match &named.page {
                    Some(page) if locator.pages.is_some() => page.describe(),
                    _ => format!("lines {}-{}", named.line_start, named.line_end),
                };
                return Err(Error::Citation(format!(
                    "paragraph {paragraph} of `{}` is at {at}, not at {lines}: the citation does not match the document (was it changed since?)",
                    locator.path
                )));
            }
            let following = list[first + 1..]
                .iter()
                .take_while(|p| place(named).1 < to && place(p).0 <= to)
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
        let end = list.last().map_or((0, 0), |p| place(p).1);
        return Err(Error::Citation(if from > end {
            let end = if locator.pages.is_some() {
                format!("page {} line {}", end.0, end.1)
            } else {
                format!("line {}", end.1)
            };
            format!(
                "`{}` has no passage at {lines}: its passages end at {end}",
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

/// The first and last place a locator names, as (page, line); page 0 for lines of the whole text.
fn cited_range(locator: &Locator, list: &[PassageRecord]) -> Result<((u64, u64), (u64, u64))> {
    let Some(pages) = &locator.pages else {
        return Ok(((0, locator.line_start), (0, locator.line_end)));
    };
    if list.iter().all(|p| p.page.is_none()) {
        return Err(Error::Citation(format!(
            "`{}` has no pages: cite it by lines, as `{}:LINES`",
            locator.path, locator.path
        )));
    }
    let number = |page: &PageRef| -> Result<u64> {
        match page {
            PageRef::Number(n) => Ok(*n),
            PageRef::Label(label) => list
                .iter()
                .filter_map(|p| p.page.as_ref())
                .find_map(|span| {
                    if span.label_first.as_deref() == Some(label) {
                        Some(span.first)
                    } else if span.label_last.as_deref() == Some(label) {
                        Some(span.last)
                    } else {
                        None
                    }
                })
                .ok_or_else(|| {
                    Error::Citation(format!(
                        "`{}` has no page labelled `{label}` that holds a passage; name the page by its number",
                        locator.path
                    ))
                }),
        }
    };
    Ok((
        (number(&pages.first)?, pages.line_first.unwrap_or(0)),
        (number(&pages.last)?, pages.line_last.unwrap_or(u64::MAX)),
    ))
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

/// A page of a paged document (PDF) as `show` prints it: its text, with the cited lines marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageView {
    /// Page number, from 1.
    pub page: u64,
    /// The page's printed label, where the document defines one.
    pub label: Option<String>,
    /// The page's text as sleuth reads it (running headers, footers and page numbers left out).
    pub text: String,
    /// The lines of the page that hold the cited passages (1-based, inclusive ranges; lines count
    /// only lines with text, as on the printed page).
    pub cited_lines: Vec<(u64, u64)>,
}

/// The passages `locator` names and `n` neighbours on each side, in reading order, each with its
/// original text.
pub fn show(engine: &Engine, locator: &Locator, n: usize) -> Result<Vec<ShownPassage>> {
    Ok(show_with_pages(engine, locator, n)?.0)
}

/// What [`show`] gives, and for a paged document the pages of the cited passages, whole.
pub fn show_with_pages(
    engine: &Engine,
    locator: &Locator,
    n: usize,
) -> Result<(Vec<ShownPassage>, Vec<PageView>)> {
    let located = locate(engine, locator, n)?;
    let Some(first) = located.cited.first() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let original = Original::read(engine, first)?;
    let pages = page_views(&original, &located.cited);
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
    Ok((shown, pages))
}

/// The pages the `cited` passages are on, with their lines marked.
fn page_views(original: &Original, cited: &[PassageRecord]) -> Vec<PageView> {
    let Original::Extracted { text, pages } = original else {
        return Vec::new();
    };
    let mut views: Vec<PageView> = Vec::new();
    for passage in cited {
        let start = passage.byte_start as usize;
        let end = (passage.byte_end as usize).max(start + 1) - 1;
        let (Some(from), Some(to)) = (original.page_position(start), original.page_position(end))
        else {
            continue;
        };
        for page in from.page..=to.page {
            let first_line = if page == from.page { from.line } else { 1 };
            let at = views
                .iter()
                .position(|v| v.page == page)
                .unwrap_or_else(|| {
                    let index = page as usize - 1;
                    let begin = pages[index].start.min(text.len());
                    let finish = pages
                        .get(index + 1)
                        .map_or(text.len(), |p| p.start.min(text.len()));
                    views.push(PageView {
                        page,
                        label: pages[index].label.clone(),
                        text: text[begin..finish.max(begin)].trim_end().to_string(),
                        cited_lines: Vec::new(),
                    });
                    views.len() - 1
                });
            let last_line = if page == to.page {
                to.line
            } else {
                views[at]
                    .text
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .count() as u64
            };
            views[at].cited_lines.push((first_line, last_line));
        }
    }
    views.sort_by_key(|v| v.page);
    views
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
