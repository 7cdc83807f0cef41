//! Documents → passages: the paragraphs a person would cite, each with its exact line and byte span,
//! plus the document's title and the section heading above each passage.
//!
//! This module owns the layout heuristics of the corpus, because a citation is only as good as the
//! passage it points at: a fact-checker opens the file at `line_start` (or seeks to `byte_start`) and
//! must find the quoted passage there, whole. The input is real, messy text of a few shapes:
//!
//! * one paragraph per line, headings on lines of their own (web articles);
//! * hard-wrapped text from PDFs, where a paragraph is a blank-line block of short lines, possibly
//!   with a `;`-terminated list inside, footnote markers wrapped onto the next line, and page
//!   headers/footers ("furniture") between paragraphs;
//! * web text with blank lines between paragraphs, some of them wrapped mid-sentence;
//! * JSON-lines `text` fields (Wikipedia headings such as `History.` on a block of their own;
//!   SciFact abstracts on one line).
//!
//! The pipeline is pure and single-pass in spirit: lines → blank-line blocks → *units* (runs of lines
//! that read as one paragraph, bullet item or heading) → roles (title, heading, body) → passages,
//! where a body unit longer than the limit is cut at sentence, word or char boundaries. Every
//! passage's text is built from verbatim slices of the input (trimmed lines joined by one space), so
//! its byte range can be mapped back exactly.

mod cues;
mod cutting;
mod joining;
mod lines;
mod units;

#[cfg(test)]
mod tests;

use std::ops::Range;

use cutting::split_to_limit;
use lines::split_lines;
use units::{assign_roles, find_units, Role};

/// Length of the list marker (`• `, `- `, `1. `, `a) `) that `text` starts with, the spaces after
/// it included: what a list item's passage leaves out.
pub fn list_marker_len(text: &str) -> Option<usize> {
    cues::bullet_marker_len(text)
}

/// Default upper bound on a passage's length in characters.
///
/// 1,500 characters is about 250 English words: a long paragraph, still short enough to read in
/// one glance when checking a citation, and short enough that one passage is about one thing (so
/// ranking and snippets stay focused). Nearly every paragraph of the seeds (mostly 300–1,300
/// characters) stays whole; the two longer ones (000: 1,921 chars, 004: 2,554) are each cut into
/// two balanced pieces at a sentence boundary. Scientific abstracts run longer: about 40% of
/// SciFact's exceed the limit and are cut in two.
pub const MAX_PASSAGE_CHARS: usize = 1500;

/// One passage (paragraph) of a document, with its exact place in the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The passage as it reads in the source: its lines trimmed and joined by one space (no space
    /// after a line ending in a letter and `-`), a leading bullet marker left out.
    pub text: String,
    /// The nearest heading above the passage (trimmed); `None` before the first heading.
    pub section: Option<String>,
    /// First line of the passage, 1-based, counting `"\n"`-separated lines of the input.
    pub line_start: usize,
    /// Last line of the passage, 1-based, inclusive.
    pub line_end: usize,
    /// Byte offset in the input where the passage starts (on a char boundary).
    pub byte_start: usize,
    /// Byte offset in the input just after the passage ends (on a char boundary).
    pub byte_end: usize,
    /// What the passage is in the document's layout.
    pub kind: PassageKind,
}

/// What a passage is in its document's layout: every line a person may quote is one of these, so
/// that it can be cited, shown and verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PassageKind {
    /// A paragraph of running text (or a piece of a long one, or a line such as a byline).
    #[default]
    Paragraph,
    /// An item of a bulleted or numbered list, its marker left out.
    ListItem,
    /// The document's title line.
    Title,
    /// A section heading.
    Heading,
}

impl PassageKind {
    /// `paragraph`, `list item`, `title` or `heading`: how citations and JSON name it.
    pub fn name(self) -> &'static str {
        match self {
            PassageKind::Paragraph => "paragraph",
            PassageKind::ListItem => "list item",
            PassageKind::Title => "title",
            PassageKind::Heading => "heading",
        }
    }

    /// The kind `name` names, if any.
    pub fn from_name(name: &str) -> Option<PassageKind> {
        [
            PassageKind::Paragraph,
            PassageKind::ListItem,
            PassageKind::Title,
            PassageKind::Heading,
        ]
        .into_iter()
        .find(|kind| kind.name() == name)
    }

    /// Whether passages of this kind are numbered as paragraphs (titles and headings are not).
    pub fn is_numbered(self) -> bool {
        matches!(self, PassageKind::Paragraph | PassageKind::ListItem)
    }
}

/// A document cut into passages, with its title where it has one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segmented {
    /// The document's title line, where it has one (a heading-like first line followed by text).
    pub title: Option<String>,
    /// The passages in reading order; a passage's paragraph number is its index + 1.
    pub passages: Vec<Passage>,
    /// The title line and the section headings, in reading order: not paragraphs, but text a
    /// person may quote and cite (a heading's section is itself).
    pub headings: Vec<Passage>,
}

/// Splits `text` into passages of at most [`MAX_PASSAGE_CHARS`] characters.
pub fn segment(text: &str) -> Segmented {
    segment_with_limit(text, MAX_PASSAGE_CHARS)
}

/// Splits `text` into passages of at most `max_chars` characters (a limit below 1 counts as 1).
pub fn segment_with_limit(text: &str, max_chars: usize) -> Segmented {
    let max_chars = max_chars.max(1);
    let lines = split_lines(text);
    let units = find_units(&lines);
    let roles = assign_roles(&units);

    let line_starts: Vec<usize> = lines.iter().map(|line| line.start).collect();
    let mut segmented = Segmented::default();
    let mut section: Option<String> = None;
    for (unit, role) in units.iter().zip(roles) {
        let whole = 0..unit.joined.text.len();
        match role {
            Role::Title => {
                segmented.title = Some(unit.joined.text.clone());
                if let Some(mut title) = unit.joined.passage(whole, None, &line_starts) {
                    title.kind = PassageKind::Title;
                    segmented.headings.push(title);
                }
            }
            Role::Heading => {
                section = Some(unit.joined.text.clone());
                if let Some(mut heading) =
                    unit.joined.passage(whole, section.as_deref(), &line_starts)
                {
                    heading.kind = PassageKind::Heading;
                    segmented.headings.push(heading);
                }
            }
            Role::Body => {
                for range in split_to_limit(&unit.joined.text, max_chars) {
                    if let Some(mut passage) =
                        unit.joined.passage(range, section.as_deref(), &line_starts)
                    {
                        if unit.bullet {
                            passage.kind = PassageKind::ListItem;
                        }
                        segmented.passages.push(passage);
                    }
                }
            }
        }
    }
    segmented
}

/// Section headings are short (the seeds' longest has 57 chars): a longer line without final
/// punctuation is more likely a paragraph that ends oddly (before a dropped formula, say), and
/// taking it for a heading would drop its text from the passages.
const MAX_HEADING_CHARS: usize = 80;
/// Titles run longer than section headings (000's has 103 chars).
const MAX_TITLE_CHARS: usize = 150;
/// Wikipedia-style headings end with a period (`Etymology and terminology.`); past this length
/// such a line is far more likely a short sentence, which must stay searchable.
const MAX_PERIOD_HEADING_CHARS: usize = 80;
/// Same reason, in words.
const MAX_PERIOD_HEADING_WORDS: usize = 6;
/// A block is hard-wrapped (lines to be joined) when its widest line falls in this range: narrower
/// blocks are lists or headings, wider ones hold one paragraph per line.
const HARD_WRAP_WIDTHS: Range<usize> = 40..161;
/// In a hard-wrapped block a line at least this share (numerator / 4) of the widest one was
/// wrapped by the layout, so a sentence end on it does not end the paragraph.
const FULL_LINE_QUARTERS: usize = 3;
/// Page headers and footers are small blocks of short lines.
const FURNITURE_MAX_LINES: usize = 3;
/// See [`FURNITURE_MAX_LINES`].
const FURNITURE_MAX_LINE_CHARS: usize = 80;
/// Runs of this many non-alphanumeric characters (dot leaders, rules, wide gaps) are cut out before
/// sentence segmentation: unicode-segmentation scans ahead after every space or closing mark that
/// follows a period, which is quadratic on long runs; bounding the runs keeps splitting linear.
const MAX_PUNCTUATION_RUN: usize = 8;

/// Characters that may close a sentence after its final punctuation (`said.”`, `(1991).`).
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', '›', ')', '}', '」', '』'];
/// Characters that may open a quotation at the start of a heading (`“Atlas Shrugged” and …`).
const OPENERS: &[char] = &['"', '\'', '“', '‘', '«', '‹', '„', '「', '『'];
/// Final punctuation that ends a sentence or introduces what follows.
const SENTENCE_ENDS: &[char] = &['.', '!', '?', ':', ';', '…', '。', '！', '？', '：', '；'];
/// Final punctuation that leaves a sentence open.
const CLAUSE_ENDS: &[char] = &[',', '、', '，', '-', '–', '—', '/', '&', '('];
/// Words a sentence does not end on: a line ending in one was wrapped mid-sentence.
const CONNECTORS: &[&str] = &[
    "a", "about", "after", "against", "amid", "among", "an", "and", "are", "as", "at", "be",
    "because", "been", "before", "between", "both", "but", "by", "can", "could", "during", "for",
    "from", "had", "has", "have", "her", "his", "if", "in", "into", "is", "its", "may", "might",
    "must", "nor", "not", "of", "on", "onto", "or", "our", "over", "per", "should", "so", "such",
    "than", "that", "the", "their", "these", "this", "those", "through", "to", "toward", "towards",
    "under", "upon", "very", "via", "was", "were", "when", "whether", "which", "while", "who",
    "whom", "whose", "will", "with", "within", "without", "would", "your",
];
/// Verbs that mark a short line ending in a period as a sentence rather than a heading.
const SENTENCE_VERBS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would",
    "can", "could", "may", "might", "should", "must", "shall", "do", "does", "did",
];
/// Words that may appear in a date or time line besides numbers (space-separated, lowercase).
const DATE_WORDS: &str = "jan january feb february mar march apr april may jun june jul july aug \
    august sep sept september oct october nov november dec december mon monday tue tues tuesday \
    wed wednesday thu thurs thursday fri friday sat saturday sun sunday am pm a.m p.m utc gmt est \
    edt cst cdt pst pdt cet cest bst ist msk et pt updated published posted last modified on at";
/// How bylines start (capitalised, then compared ignoring ASCII case); a capitalised name follows.
const BYLINE_PREFIXES: &[&str] = &[
    "by ",
    "contributed by ",
    "written by ",
    "reported by ",
    "posted by ",
    "edited by ",
    "compiled by ",
    "words by ",
    "text by ",
    "story by ",
    "photo by ",
    "photos by ",
];
