//! Citations: where a passage is, precisely enough to check it by hand.
//!
//! The citation string starts with `path:LINES` (the form editors and grep use), then the paragraph
//! number, section and title: `seeds/a.txt:12-15, paragraph 7, section "Intro", in "Title"`.
//! A JSON-lines document's path is `file.jsonl#ID` and its lines count within the `text` value.
//!
//! A passage of a paged document (PDF) is cited by its page and its lines within the page, as a
//! reader finds it in the original: `reports/a.pdf, page 3, lines 4-9, paragraph 12, in "Title"`;
//! a passage running over a page break `page 3 line 30 to page 4 line 5`; a page with a printed
//! label `page iii (PDF page 5)`. A web page's address follows the title: `in "Title" <https://…>`.
//!
//! [`Locator::parse`] reads such a string back (or a plain `path:LINE` / `path:START-END`, or
//! `file.pdf, page 3`), so that every citation sleuth prints can be opened again with `sleuth show`.

use std::fmt;
use std::path::Path;

pub use crate::index::record::PageSpan;
use std::str::FromStr;

use crate::ingest::corpus::format_of;

use crate::index::record::PassageRecord;
use crate::ingest::segment::PassageKind;

/// Where a passage is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// File path as the user would open it (`file.jsonl#ID` for JSON-lines documents).
    pub path: String,
    /// 1-based paragraph (passage) number in the document.
    pub paragraph: u64,
    /// First line, 1-based.
    pub line_start: u64,
    /// Last line, 1-based, inclusive.
    pub line_end: u64,
    /// Section heading, if any.
    pub section: Option<String>,
    /// Document title.
    pub title: String,
    /// What the passage is: a title and a heading are cited as such, not by paragraph number.
    pub kind: PassageKind,
    /// Pages and lines within them, for a passage of a paged document (PDF).
    pub page: Option<PageSpan>,
    /// The web page's address, for a passage of a web page.
    pub url: Option<String>,
}

impl PageSpan {
    /// `page 3, lines 4-9`, or `page 3 line 30 to page 4 line 5` across a page break.
    pub fn describe(&self) -> String {
        let first = page_name(self.first, self.label_first.as_deref());
        if self.first == self.last {
            let lines = format_lines(self.line_first, self.line_last);
            let noun = if self.line_first == self.line_last {
                "line"
            } else {
                "lines"
            };
            format!("page {first}, {noun} {lines}")
        } else {
            let last = page_name(self.last, self.label_last.as_deref());
            format!(
                "page {first} line {} to page {last} line {}",
                self.line_first, self.line_last
            )
        }
    }
}

/// `5`, or `iii (PDF page 5)` for a page with a printed label other than its number.
pub fn page_name(page: u64, label: Option<&str>) -> String {
    match label {
        Some(label) if label != page.to_string() => format!("{label} (PDF page {page})"),
        _ => page.to_string(),
    }
}

impl Citation {
    /// `12` for one line, `12-15` for several.
    pub fn lines(&self) -> String {
        format_lines(self.line_start, self.line_end)
    }

    /// The part of the citation that locates the text: `path:LINES`, or `path, page 3, lines 4-9`.
    pub fn location(&self) -> String {
        match &self.page {
            Some(page) => format!("{}, {}", self.path, page.describe()),
            None => format!("{}:{}", self.path, self.lines()),
        }
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PassageKind::Title => return write!(f, "{}, title", self.location()),
            PassageKind::Heading => write!(f, "{}, heading", self.location())?,
            PassageKind::Paragraph | PassageKind::ListItem => {
                write!(f, "{}, paragraph {}", self.location(), self.paragraph)?;
                if let Some(section) = &self.section {
                    write!(f, ", section \"{section}\"")?;
                }
            }
        }
        write!(f, ", in \"{}\"", self.title)?;
        if let Some(url) = &self.url {
            write!(f, " <{url}>")?;
        }
        Ok(())
    }
}

/// A page as a citation names it: by number, or by printed label alone (`page iii`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageRef {
    /// The page's number, 1-based.
    Number(u64),
    /// A printed label, to be looked up.
    Label(String),
}

/// The pages and lines a citation of a paged document names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLocator {
    /// First page.
    pub first: PageRef,
    /// First line within the first page (`None`: from its start).
    pub line_first: Option<u64>,
    /// Last page.
    pub last: PageRef,
    /// Last line within the last page (`None`: to its end).
    pub line_last: Option<u64>,
}

/// What a citation string names: a file (or a JSON-lines document in it), lines, and optionally
/// the paragraph, section and title that a full citation adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    /// The path as cited (`file.jsonl#ID` for JSON-lines documents).
    pub path: String,
    /// First line, 1-based.
    pub line_start: u64,
    /// Last line, 1-based, inclusive.
    pub line_end: u64,
    /// Paragraph number, when the citation gives one.
    pub paragraph: Option<u64>,
    /// Section heading, when the citation gives one.
    pub section: Option<String>,
    /// Document title, when the citation gives one.
    pub title: Option<String>,
    /// For a citation by page (`file.pdf, page 3, lines 4-9`), the pages and lines; `line_start`
    /// and `line_end` are then 0.
    pub pages: Option<PageLocator>,
}

/// Why a string is not a citation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a citation: {reason}; expected PATH:LINE, PATH:START-END or PATH, page N[, lines START-END], optionally followed by `, paragraph N, section \"…\", in \"…\"` as sleuth prints it (quote the whole citation for the shell)")]
pub struct ParseError {
    /// The text given.
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Groups command-line arguments into citations. An unquoted citation reaches a program in pieces
/// (`seeds/a.txt:3,` `paragraph` `2,` …): a new citation starts at each argument that begins with
/// `PATH:LINES`.
pub fn split_citations(args: &[String]) -> Vec<String> {
    let mut citations: Vec<String> = Vec::new();
    for arg in args {
        let first_part = arg.split(", ").next().unwrap_or("").trim_end_matches(',');
        let starts_one = first_part.contains(':') && Locator::parse(first_part).is_ok();
        match citations.last_mut() {
            Some(citation) if !starts_one => {
                citation.push(' ');
                citation.push_str(arg);
            }
            _ => citations.push(arg.clone()),
        }
    }
    citations
}

impl Locator {
    /// Reads a citation as [`Citation`]'s `Display` writes it, or a bare `path:LINE` or
    /// `path:START-END`.
    pub fn parse(text: &str) -> Result<Locator, ParseError> {
        let fail = |reason: &str| ParseError {
            text: text.to_string(),
            reason: reason.to_string(),
        };
        let trimmed = text.trim();
        // A title's or heading's citation names what it is after the lines.
        let trimmed = [", title", ", heading"]
            .iter()
            .flat_map(|label| trimmed.match_indices(label))
            .find(|&(at, label)| {
                let rest = &trimmed[at + label.len()..];
                (rest.is_empty() || rest.starts_with(", in \""))
                    && !trimmed[..at].contains(", paragraph ")
            })
            .map_or(trimmed, |(at, _)| &trimmed[..at]);
        let (location, rest) = match trimmed.find(", paragraph ") {
            Some(at) => trimmed.split_at(at),
            None => (trimmed, ""),
        };
        let mut locator = match location.rfind(", page ") {
            Some(at) => {
                let path = &location[..at];
                if path.is_empty() {
                    return Err(fail("the path is empty"));
                }
                let pages = parse_pages(&location[at + 2..]).map_err(|reason| fail(&reason))?;
                Locator {
                    path: path.to_string(),
                    line_start: 0,
                    line_end: 0,
                    paragraph: None,
                    section: None,
                    title: None,
                    pages: Some(pages),
                }
            }
            None => {
                let (path, lines) = location
                    .rsplit_once(':')
                    .ok_or_else(|| fail("it has no `:` before the line numbers"))?;
                if path.is_empty() {
                    return Err(fail("the path is empty"));
                }
                let (line_start, line_end) = parse_lines(lines).ok_or_else(|| {
                    fail(&format!(
                        "`{lines}` is not a line number or a range START-END of line numbers (from 1)"
                    ))
                })?;
                Locator {
                    path: path.to_string(),
                    line_start,
                    line_end,
                    paragraph: None,
                    section: None,
                    title: None,
                    pages: None,
                }
            }
        };
        if let Some(rest) = rest.strip_prefix(", paragraph ") {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let (number, mut rest) = rest.split_at(digits);
            locator.paragraph = Some(
                number
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| fail("`paragraph` is not followed by a number from 1"))?,
            );
            if let Some(after) = rest.strip_prefix(", section \"") {
                let (section, after) = after
                    .split_once("\", in \"")
                    .ok_or_else(|| fail("the section is not followed by `, in \"TITLE\"`"))?;
                locator.section = Some(section.to_string());
                rest = after;
            } else if let Some(after) = rest.strip_prefix(", in \"") {
                rest = after;
            } else if !rest.is_empty() {
                return Err(fail(&format!("`{rest}` after the paragraph number")));
            }
            if !rest.is_empty() || locator.section.is_some() {
                // A web page's address follows the title: `in "Title" <https://…>`.
                if rest.ends_with('>') {
                    if let Some(at) = rest.rfind("\" <") {
                        rest = &rest[..at + 1];
                    }
                }
                let title = rest
                    .strip_suffix('"')
                    .ok_or_else(|| fail("the title does not end with `\"`"))?;
                locator.title = Some(title.to_string());
            }
        }
        Ok(locator)
    }

    /// The file to open and, for a JSON-lines document, its id: `data.jsonl#7` → (`data.jsonl`,
    /// `7`). A `#` in any other path is part of the file name.
    pub fn file_and_document(&self) -> (&str, Option<&str>) {
        split_document(&self.path)
    }

    /// The locator with the `\u{…}` escapes of its path decoded, when it has any: printers write
    /// a file name's control characters so (see [`crate::output::sanitize`]).
    pub fn unescaped(&self) -> Option<Locator> {
        let mut path = String::with_capacity(self.path.len());
        let mut rest = self.path.as_str();
        let mut changed = false;
        while let Some(at) = rest.find("\\u{") {
            path.push_str(&rest[..at]);
            let after = &rest[at + 3..];
            let decoded = after.split_once('}').and_then(|(hex, tail)| {
                let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)?;
                Some((c, tail))
            });
            match decoded {
                Some((c, tail)) => {
                    path.push(c);
                    rest = tail;
                    changed = true;
                }
                None => {
                    path.push_str("\\u{");
                    rest = after;
                }
            }
        }
        path.push_str(rest);
        changed.then(|| Locator {
            path,
            ..self.clone()
        })
    }

    /// The part of the citation that locates the text, as it was given: `path:LINES` or
    /// `path, page …`.
    pub fn location(&self) -> String {
        match &self.pages {
            Some(pages) => format!("{}, {}", self.path, describe_pages(pages)),
            None => format!(
                "{}:{}",
                self.path,
                format_lines(self.line_start, self.line_end)
            ),
        }
    }
}

fn describe_pages(pages: &PageLocator) -> String {
    let name = |page: &PageRef| match page {
        PageRef::Number(n) => n.to_string(),
        PageRef::Label(label) => label.clone(),
    };
    match (pages.line_first, pages.line_last) {
        (Some(a), Some(b)) if pages.first != pages.last => format!(
            "page {} line {a} to page {} line {b}",
            name(&pages.first),
            name(&pages.last)
        ),
        (Some(a), Some(b)) => format!("page {}, lines {}", name(&pages.first), format_lines(a, b)),
        _ if pages.first != pages.last => {
            format!("pages {}-{}", name(&pages.first), name(&pages.last))
        }
        _ => format!("page {}", name(&pages.first)),
    }
}

/// Reads `page 3`, `page 3, line 4`, `page 3, lines 4-9`, `page iii (PDF page 5), lines 4-9`,
/// `page 3 line 30 to page 4 line 5` or `pages 3-4`.
fn parse_pages(text: &str) -> Result<PageLocator, String> {
    let page_ref = |text: &str| -> Result<PageRef, String> {
        let text = text.trim();
        if let Some(open) = text.find(" (PDF page ") {
            let number = text[open + 11..].trim_end_matches(')');
            return number
                .parse()
                .ok()
                .filter(|&n| n > 0)
                .map(PageRef::Number)
                .ok_or_else(|| format!("`{number}` is not a page number"));
        }
        match text.parse::<u64>() {
            Ok(0) => Err("pages count from 1".to_string()),
            Ok(n) => Ok(PageRef::Number(n)),
            Err(_) if !text.is_empty() && !text.contains(' ') => {
                Ok(PageRef::Label(text.to_string()))
            }
            Err(_) => Err(format!("`{text}` is not a page")),
        }
    };
    let line = |text: &str| -> Result<u64, String> {
        text.trim()
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("`{}` is not a line number (from 1)", text.trim()))
    };
    if let Some(range) = text.strip_prefix("pages ") {
        let (a, b) = range
            .split_once('-')
            .ok_or_else(|| format!("`{range}` is not a range of pages START-END"))?;
        return Ok(PageLocator {
            first: page_ref(a)?,
            line_first: None,
            last: page_ref(b)?,
            line_last: None,
        });
    }
    let text = text
        .strip_prefix("page ")
        .ok_or_else(|| "`page` is not followed by a page".to_string())?;
    if let Some((from, to)) = text.split_once(" to page ") {
        let (first, a) = from
            .rsplit_once(" line ")
            .ok_or_else(|| format!("`{from}` does not end with `line N`"))?;
        let (last, b) = to
            .rsplit_once(" line ")
            .ok_or_else(|| format!("`{to}` does not end with `line N`"))?;
        return Ok(PageLocator {
            first: page_ref(first)?,
            line_first: Some(line(a)?),
            last: page_ref(last)?,
            line_last: Some(line(b)?),
        });
    }
    let (page, lines) = match text.split_once(", line") {
        Some((page, lines)) => (page, Some(lines.trim_start_matches('s'))),
        None => (text, None),
    };
    let page = page_ref(page)?;
    let (line_first, line_last) = match lines {
        Some(lines) => {
            let (a, b) = parse_lines(lines.trim()).ok_or_else(|| {
                format!(
                    "`{}` is not a line number or a range START-END of lines",
                    lines.trim()
                )
            })?;
            (Some(a), Some(b))
        }
        None => (None, None),
    };
    Ok(PageLocator {
        first: page.clone(),
        line_first,
        last: page,
        line_last,
    })
}

/// `12` for one line, `12-15` for several.
fn format_lines(start: u64, end: u64) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}-{end}")
    }
}

impl FromStr for Locator {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Locator, ParseError> {
        Locator::parse(text)
    }
}

impl From<&Citation> for Locator {
    fn from(citation: &Citation) -> Locator {
        let pages = citation.page.as_ref().map(|page| PageLocator {
            first: PageRef::Number(page.first),
            line_first: Some(page.line_first),
            last: PageRef::Number(page.last),
            line_last: Some(page.line_last),
        });
        Locator {
            path: citation.path.clone(),
            line_start: if pages.is_some() {
                0
            } else {
                citation.line_start
            },
            line_end: if pages.is_some() {
                0
            } else {
                citation.line_end
            },
            paragraph: Some(citation.paragraph),
            section: citation.section.clone(),
            title: Some(citation.title.clone()),
            pages,
        }
    }
}

/// Splits a cited path into the file and, for a JSON-lines document (`file.jsonl#ID` or
/// `file.jsonl.zst#ID`), the document id.
pub fn split_document(path: &str) -> (&str, Option<&str>) {
    for (at, _) in path.match_indices('#') {
        let file = &path[..at];
        if format_of(Path::new(file)).is_json_lines() {
            return (file, Some(&path[at + 1..]));
        }
    }
    (path, None)
}

/// `12` or `12-15` as (start, end), both from 1 and in order.
fn parse_lines(lines: &str) -> Option<(u64, u64)> {
    let (start, end) = lines.split_once('-').unwrap_or((lines, lines));
    let number = |text: &str| {
        text.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| text.parse::<u64>().ok())
            .flatten()
            .filter(|&n| n > 0)
    };
    let (start, end) = (number(start)?, number(end)?);
    (start <= end).then_some((start, end))
}

impl PassageRecord {
    /// The passage's citation.
    pub fn citation(&self) -> Citation {
        Citation {
            path: self.path.clone(),
            paragraph: self.paragraph,
            line_start: self.line_start,
            line_end: self.line_end,
            section: self.section.clone(),
            title: self.title.clone(),
            kind: self.kind,
            page: self.page.clone(),
            url: self.url.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
