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

use std::collections::HashMap;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

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
}

/// A document cut into passages, with its title where it has one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segmented {
    /// The document's title line, where it has one (a heading-like first line followed by text).
    pub title: Option<String>,
    /// The passages in reading order; a passage's paragraph number is its index + 1.
    pub passages: Vec<Passage>,
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
        match role {
            Role::Title => segmented.title = Some(unit.joined.text.clone()),
            Role::Heading => section = Some(unit.joined.text.clone()),
            Role::Body => {
                for range in split_to_limit(&unit.joined.text, max_chars) {
                    if let Some(passage) =
                        unit.joined.passage(range, section.as_deref(), &line_starts)
                    {
                        segmented.passages.push(passage);
                    }
                }
            }
        }
    }
    segmented
}

// ---------------------------------------------------------------------------------------------
// Tuning constants. Each is a judgement about real layouts, so each says why.

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

// ---------------------------------------------------------------------------------------------
// Lines and blocks.

/// One `"\n"`-separated line of the input.
struct Line<'a> {
    /// Byte offset of the line's first byte (a leading BOM included).
    start: usize,
    /// Byte offset of the trimmed content.
    content_start: usize,
    /// The content, trimmed of whitespace (NBSP and other Unicode spaces, `\r`, a leading BOM).
    text: &'a str,
    /// `text` length in chars.
    chars: usize,
    /// Whether the line (its `\r` aside) ends in whitespace: PDF extractors leave a space where
    /// they wrapped a line, which tells a wrapped line from a paragraph's last line.
    trailing_space: bool,
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text.split('\n') {
        // A byte order mark is not whitespace to `trim`, and not text either.
        let body = if start == 0 {
            raw.strip_prefix('\u{feff}').unwrap_or(raw)
        } else {
            raw
        };
        let body_offset = start + (raw.len() - body.len());
        let body = body.strip_suffix('\r').unwrap_or(body);
        let after_lead = body.trim_start();
        let trimmed = after_lead.trim_end();
        lines.push(Line {
            start,
            content_start: body_offset + (body.len() - after_lead.len()),
            text: trimmed,
            chars: trimmed.chars().count(),
            trailing_space: body.ends_with(char::is_whitespace),
        });
        start += raw.len() + 1;
    }
    lines
}

/// Maximal runs of non-blank lines, as index ranges into `lines`.
fn find_blocks(lines: &[Line<'_>]) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut open: Option<usize> = None;
    for (index, line) in lines.iter().enumerate() {
        match (line.text.is_empty(), open) {
            (false, None) => open = Some(index),
            (true, Some(first)) => {
                blocks.push(first..index);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(first) = open {
        blocks.push(first..lines.len());
    }
    blocks
}

// ---------------------------------------------------------------------------------------------
// Page furniture: running headers and footers that interrupt the text.

/// Marks blocks that are page headers or footers: a few short lines without sentence punctuation
/// whose last line ends in a page number, or whose text (digits aside) occurs again in the
/// document, as running headers do.
fn find_furniture(lines: &[Line<'_>], blocks: &[Range<usize>]) -> Vec<bool> {
    let keys: Vec<Option<String>> = blocks
        .iter()
        .map(|block| lines.get(block.clone()).and_then(furniture_key))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for key in keys.iter().flatten() {
        *counts.entry(key.as_str()).or_default() += 1;
    }
    blocks
        .iter()
        .zip(&keys)
        .map(|(block, key)| {
            let (Some(key), Some(block_lines)) = (key, lines.get(block.clone())) else {
                return false;
            };
            let several_lines = block_lines.len() >= 2;
            let has_digit = block_lines
                .iter()
                .any(|l| l.text.contains(|c: char| c.is_ascii_digit()));
            let last = block_lines.last().map_or("", |l| l.text);
            let paged = (several_lines && ends_in_page_number(last)) || is_bare_page_number(last);
            let repeated = counts.get(key.as_str()).copied().unwrap_or(0) >= 2;
            paged || (repeated && (several_lines || has_digit))
        })
        .collect()
}

/// The comparison key of a block shaped like furniture (digits removed, whitespace and case
/// normalised), or `None` when the block cannot be furniture.
fn furniture_key(block_lines: &[Line<'_>]) -> Option<String> {
    let shaped = block_lines.len() <= FURNITURE_MAX_LINES
        && block_lines.iter().all(|line| {
            line.chars <= FURNITURE_MAX_LINE_CHARS
                && !ends_sentence(line.text)
                && !ends_clause(line.text)
                && !is_date_or_byline(line.text)
        });
    if !shaped {
        return None;
    }
    let words: Vec<String> = block_lines
        .iter()
        .flat_map(|line| line.text.split_whitespace())
        .map(|word| {
            word.chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect();
    Some(words.join(" "))
}

fn ends_in_page_number(line: &str) -> bool {
    let last = line.split_whitespace().last().unwrap_or("");
    let number = last.trim_matches(|c: char| !c.is_alphanumeric());
    (1..=3).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit())
}

/// `3`, `- 3 -`, `Page 3`, `3 of 10`, `3/10`, `| 3 |`.
fn is_bare_page_number(line: &str) -> bool {
    if line.len() > 24 {
        return false;
    }
    let lower = line.to_lowercase();
    let rest = lower.replace("page", "").replace("of", "");
    let digits: String = rest
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '–' | '—' | '|' | '/' | '.'))
        .collect();
    (1..=6).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// Units: runs of lines that read as one paragraph, list item or heading.

/// A run of lines read as one paragraph, list item or heading, with its joined text.
struct Unit {
    /// Index of the block the unit belongs to.
    block: usize,
    /// Whether the unit is its block's only unit (a paragraph set off by blank lines).
    alone_in_block: bool,
    /// Whether the unit starts with a bullet marker (left out of its text).
    bullet: bool,
    joined: Joined,
}

fn find_units(lines: &[Line<'_>]) -> Vec<Unit> {
    let blocks = find_blocks(lines);
    let furniture = find_furniture(lines, &blocks);
    let mut units = Vec::new();
    for (block_index, (block, is_furniture)) in blocks.iter().zip(furniture).enumerate() {
        let Some(block_lines) = lines.get(block.clone()) else {
            continue;
        };
        if is_furniture {
            continue;
        }
        let shape = BlockShape::of(block_lines);
        let mut starts: Vec<usize> = vec![0];
        starts.extend((1..block_lines.len()).filter(|&i| starts_new_unit(&shape, block_lines, i)));
        let alone = starts.len() == 1;
        for (k, &first) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(block_lines.len());
            let Some(unit_lines) = block_lines.get(first..end) else {
                continue;
            };
            let marker = unit_lines.first().and_then(|l| bullet_marker_len(l.text));
            units.push(Unit {
                block: block_index,
                alone_in_block: alone,
                bullet: marker.is_some(),
                joined: Joined::of(unit_lines, marker.unwrap_or(0)),
            });
        }
    }
    units
}

/// What a block's lines say about how to read it.
struct BlockShape {
    /// Lines were wrapped by a layout at a fixed width (PDF text): join them into paragraphs.
    hard_wrapped: bool,
    /// Length in chars from which a line counts as filled to the wrap width.
    full_chars: usize,
    /// Several lines end in `;`: the block holds a list whose items end there.
    semicolon_list: bool,
}

impl BlockShape {
    fn of(block_lines: &[Line<'_>]) -> Self {
        let width = block_lines.iter().map(|line| line.chars).max().unwrap_or(0);
        let semicolons = block_lines
            .iter()
            .filter(|line| final_char(line.text) == Some(';'))
            .count();
        BlockShape {
            hard_wrapped: block_lines.len() >= 2 && HARD_WRAP_WIDTHS.contains(&width),
            full_chars: width * FULL_LINE_QUARTERS / 4,
            semicolon_list: semicolons >= 2,
        }
    }

    fn is_full(&self, line: &Line<'_>) -> bool {
        self.hard_wrapped && line.chars >= self.full_chars
    }
}

/// Whether line `i` of a block starts a new unit rather than continuing line `i - 1`.
fn starts_new_unit(shape: &BlockShape, block_lines: &[Line<'_>], i: usize) -> bool {
    let (Some(prev), Some(next)) = (block_lines.get(i.wrapping_sub(1)), block_lines.get(i)) else {
        return true;
    };
    if bullet_marker_len(next.text).is_some() {
        return true;
    }
    if shape.semicolon_list && final_char(prev.text) == Some(';') {
        return true;
    }
    if ends_with_hyphenation(prev.text) || continues_previous(prev.text, next.text) {
        return false;
    }
    if is_date_or_byline(prev.text) || is_date_or_byline(next.text) {
        return true;
    }
    if !ends_sentence(prev.text) {
        if ends_clause(prev.text) || ends_with_connector(prev.text) {
            return false;
        }
        if stands_alone_as_heading(shape, block_lines, i - 1) {
            return true;
        }
        // A wrapped line may stop anywhere; in one-paragraph-per-line text a line that stops
        // without punctuation is still a paragraph of its own.
        return !shape.hard_wrapped;
    }
    let wrapped_here = shape.is_full(prev) || (shape.hard_wrapped && prev.trailing_space);
    !wrapped_here || stands_alone_as_heading(shape, block_lines, i)
}

/// Whether line `j` of a block looks like a heading in its place: heading-like, not a line filled
/// to the wrap width, and not continued by the next line.
fn stands_alone_as_heading(shape: &BlockShape, block_lines: &[Line<'_>], j: usize) -> bool {
    let Some(line) = block_lines.get(j) else {
        return false;
    };
    is_heading_like(line.text)
        && !shape.is_full(line)
        && block_lines
            .get(j + 1)
            .is_none_or(|next| !continues_previous(line.text, next.text))
}

// ---------------------------------------------------------------------------------------------
// Roles: title, headings, body.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    Heading,
    Body,
}

fn assign_roles(units: &[Unit]) -> Vec<Role> {
    let mut roles = vec![Role::Body; units.len()];
    let plain: Vec<bool> = units
        .iter()
        .map(|u| !u.bullet && is_heading_like(&u.joined.text))
        .collect();
    let period: Vec<bool> = units
        .iter()
        .map(|u| !u.bullet && u.alone_in_block && is_period_heading_like(&u.joined.text))
        .collect();
    // A document keeps to one heading style. Period-terminated headings are a Wikipedia
    // convention: where they prevail, an unpunctuated short line is a sentence cut before a
    // dropped formula or table and must stay a passage; elsewhere a short line ending in a period
    // is a sentence, not a heading.
    let period_count = period.iter().filter(|&&p| p).count();
    let plain_count = plain.iter().filter(|&&p| p).count();
    let period_style = period_count >= 2 && 2 * period_count >= plain_count;
    let mut candidate = if period_style { period } else { plain };

    // The title: the first line that is not a date or byline, when it reads as a heading and more
    // text follows.
    if let Some(first) = units
        .iter()
        .position(|u| !is_date_or_byline(&u.joined.text))
    {
        let unit = &units[first];
        if !unit.bullet && is_title_like(&unit.joined.text) && first + 1 < units.len() {
            roles[first] = Role::Title;
            candidate[first] = false;
        }
    }

    // Heading-like lines in a row within one block are a list (place names, menu entries), not
    // headings: keeping them as passages keeps their text searchable.
    let mut i = 0;
    while i < units.len() {
        let run_end = (i..units.len())
            .find(|&j| !candidate[j] || units[j].block != units[i].block)
            .unwrap_or(units.len());
        if run_end - i >= 2 {
            candidate[i..run_end].iter_mut().for_each(|c| *c = false);
        }
        i = run_end.max(i + 1);
    }

    // A heading introduces body text: one with nothing after it (a byline, "You've reached the
    // end") is a passage.
    let mut body_follows = false;
    for (index, role) in roles.iter_mut().enumerate().rev() {
        if *role == Role::Title {
            continue;
        }
        if candidate[index] && body_follows {
            *role = Role::Heading;
        } else {
            body_follows = true;
        }
    }
    roles
}

// ---------------------------------------------------------------------------------------------
// Line predicates. All of them look at a bounded part of the line, so huge lines stay cheap.

/// A short line without final punctuation that could head a section: a noun phrase rather than a
/// clause, so no auxiliary verb (`… is …`, `… can …`) and no sentence break inside.
fn is_heading_like(text: &str) -> bool {
    is_title_like(text) && text.chars().count() <= MAX_HEADING_CHARS && !has_sentence_verb(text)
}

/// A line that could be a document's title: like a heading, but longer and possibly a headline
/// sentence (`Azerbaijan distances itself from Israeli strikes on Iran`).
fn is_title_like(text: &str) -> bool {
    if text.len() > MAX_TITLE_CHARS * 4 {
        return false;
    }
    let Some(first) = text.chars().next() else {
        return false;
    };
    text.chars().count() <= MAX_TITLE_CHARS
        && text.chars().any(char::is_alphabetic)
        && !first.is_lowercase()
        && (first.is_alphanumeric() || OPENERS.contains(&first))
        && !is_quotation(text)
        && final_char(text).is_some_and(|c| !SENTENCE_ENDS.contains(&c))
        && !ends_clause(text)
        && !ends_with_connector(text)
        && !has_sentence_break(text)
        && bullet_marker_len(text).is_none()
        && !is_date_or_byline(text)
}

/// Whether a lowercase auxiliary verb occurs: `The cube is the only regular hexahedron` is a
/// sentence that lost its period, not a heading.
fn has_sentence_verb(text: &str) -> bool {
    text.split_whitespace()
        .any(|word| SENTENCE_VERBS.contains(&word))
}

/// Whether a sentence ends inside the line (`… by themselves. Some textbooks`): a lowercase word
/// of three letters or more, `.`, `!` or `?`, a space, then a capital. Abbreviations such as
/// `U.S. Army` or `Dr. Smith` do not count.
fn has_sentence_break(text: &str) -> bool {
    text.split_whitespace()
        .zip(text.split_whitespace().skip(1))
        .any(|(word, next)| {
            let Some(stem) = word.strip_suffix(['.', '!', '?']) else {
                return false;
            };
            stem.chars().count() >= 3
                && stem.chars().all(char::is_lowercase)
                && next.starts_with(char::is_uppercase)
        })
}

/// A Wikipedia-style heading: a few words ending in a single period, with no verb that would make
/// it a sentence (`Etymology and terminology.`, `Early life and career.`).
fn is_period_heading_like(text: &str) -> bool {
    if text.len() > MAX_PERIOD_HEADING_CHARS * 4 {
        return false;
    }
    let Some(body) = text.strip_suffix('.') else {
        return false;
    };
    let Some(first) = body.chars().next() else {
        return false;
    };
    let words: Vec<&str> = body.split_whitespace().collect();
    text.chars().count() <= MAX_PERIOD_HEADING_CHARS
        && words.len() <= MAX_PERIOD_HEADING_WORDS
        && !body.ends_with('.')
        && !body.contains(['!', '?', ';'])
        && body.chars().any(char::is_alphabetic)
        && (first.is_uppercase() || first.is_ascii_digit() || OPENERS.contains(&first))
        && !words.iter().any(|word| {
            let bare = word
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            SENTENCE_VERBS.contains(&bare.as_str())
        })
        && !ends_clause(body)
        && !ends_with_connector(body)
        && bullet_marker_len(text).is_none()
        && !is_date_or_byline(text)
}

/// A quotation on a line of its own (`“We will not allow it”`) is speech, not a heading.
fn is_quotation(text: &str) -> bool {
    let opens = text.starts_with(OPENERS);
    let closes = text
        .trim_end_matches(')')
        .ends_with(['"', '”', '»', '\'', '’']);
    opens && closes
}

/// The line's last character once closing quotes, brackets and footnote markers (`[12]`) are set
/// aside: `said.”[3]` ends in `.`.
fn final_char(text: &str) -> Option<char> {
    strip_closers(text).chars().next_back()
}

fn strip_closers(text: &str) -> &str {
    let mut rest = text;
    loop {
        let stripped = rest.trim_end_matches(CLOSERS).trim_end();
        let stripped = strip_footnote_suffix(stripped)
            .unwrap_or(stripped)
            .trim_end();
        if stripped.len() == rest.len() {
            return rest;
        }
        rest = stripped;
    }
}

/// `text` without a final footnote marker such as `[12]` or `[a]`.
fn strip_footnote_suffix(text: &str) -> Option<&str> {
    let without_close = text.strip_suffix(']')?;
    let open = without_close
        .char_indices()
        .rev()
        .take(21)
        .find(|&(_, c)| c == '[' || c == ']')?;
    let (index, c) = open;
    let inner = without_close.get(index + 1..)?;
    (c == '[' && !inner.is_empty() && !inner.contains(char::is_whitespace))
        .then(|| without_close.get(..index))
        .flatten()
}

/// `[3], has established`: the marker part and what follows it.
fn split_footnote_prefix(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix('[')?;
    let (index, c) = rest
        .char_indices()
        .take(21)
        .find(|&(_, c)| c == ']' || c == '[')?;
    let inner = rest.get(..index)?;
    if c != ']' || inner.is_empty() || inner.contains(char::is_whitespace) {
        return None;
    }
    Some((inner, rest.get(index + 1..)?))
}

fn ends_sentence(text: &str) -> bool {
    final_char(text).is_some_and(|c| SENTENCE_ENDS.contains(&c))
}

fn ends_clause(text: &str) -> bool {
    final_char(text).is_some_and(|c| CLAUSE_ENDS.contains(&c))
}

fn ends_with_connector(text: &str) -> bool {
    let last_word = text.rsplit(char::is_whitespace).next().unwrap_or("");
    CONNECTORS.contains(&last_word)
}

/// `Israeli-` + `Azerbaijani`: a word broken at a hyphen at the end of a line.
fn ends_with_hyphenation(text: &str) -> bool {
    let mut chars = text.chars().rev();
    chars.next() == Some('-') && chars.next().is_some_and(char::is_alphabetic)
}

/// Whether `next` carries on the sentence of `prev` though `prev` may end in punctuation: it starts
/// in lowercase or with closing punctuation, or with a footnote marker that belongs to `prev`.
fn continues_previous(prev: &str, next: &str) -> bool {
    if let Some((_, after)) = split_footnote_prefix(next) {
        // `[8]. In accordance…` or a lone `[17]` belongs above; `[1] Smith, J.` after a finished
        // sentence starts a reference entry.
        return after.trim().is_empty()
            || !after.starts_with(char::is_alphanumeric)
            || !ends_sentence(prev);
    }
    next.chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | ')' | ']'))
}

/// The byte length of a leading bullet marker and the space after it (`• `, `- `, `1. `, `a) `),
/// when text follows it.
fn bullet_marker_len(text: &str) -> Option<usize> {
    let first = text.chars().next()?;
    let (marker_len, needs_space) = match first {
        // Glyphs used only as bullets may touch their text.
        '•' | '▪' => (first.len_utf8(), false),
        '-' | '*' | '–' | '·' => (first.len_utf8(), true),
        _ => (ordinal_marker_len(text)?, true),
    };
    let after = text.get(marker_len..)?;
    let item = after.trim_start();
    if item.is_empty() || (needs_space && item.len() == after.len()) {
        return None;
    }
    Some(text.len() - item.len())
}

/// `1.`, `12)`, `a)`: one or two digits then `.` or `)`, or one ASCII letter then `)`.
fn ordinal_marker_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let digits = bytes
        .iter()
        .take(3)
        .take_while(|b| b.is_ascii_digit())
        .count();
    match (digits, bytes.get(digits), bytes.first()) {
        (1..=2, Some(b'.' | b')'), _) => Some(digits + 1),
        (0, _, Some(letter)) if letter.is_ascii_alphabetic() && bytes.get(1) == Some(&b')') => {
            Some(2)
        }
        _ => None,
    }
}

/// Dates, times and bylines are never titles or headings, and always passages of their own.
fn is_date_or_byline(text: &str) -> bool {
    is_date_line(text) || is_byline(text)
}

/// `Jun 19, 2025, 4:39 PM`, `2025-06-19`, `Updated: Thursday 19th June 2025 10:30 UTC`.
fn is_date_line(text: &str) -> bool {
    if text.len() > 64 {
        return false;
    }
    // `on 18 October 1991.` is the end of a sentence, not a dateline.
    if text.starts_with(char::is_lowercase) {
        return false;
    }
    let mut has_number = false;
    for token in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '·' | '•')) {
        let token = token.trim_matches(|c: char| matches!(c, '.' | ':' | '(' | ')' | '-' | '–'));
        if token.is_empty() {
            continue;
        }
        let token = token.to_lowercase();
        let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = token.get(digits.len()..).unwrap_or("");
        let numeric = digits.chars().any(|c| c.is_ascii_digit())
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | ':' | '.'));
        if numeric && matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "am" | "pm") {
            has_number = true;
        } else if !DATE_WORDS.split_whitespace().any(|word| word == token) {
            return false;
        }
    }
    has_number
}

/// `By Jane Doe`, `Contributed by Mikhail Mkrtchian, Regional Security Analyst`.
fn is_byline(text: &str) -> bool {
    if text.len() > 160 || ends_sentence(text) {
        return false;
    }
    BYLINE_PREFIXES.iter().any(|prefix| {
        let head = text.get(..prefix.len());
        let name = text
            .get(prefix.len()..)
            .and_then(|rest| rest.chars().next());
        let capitalised = text.starts_with(char::is_uppercase);
        capitalised
            && head.is_some_and(|h| h.eq_ignore_ascii_case(prefix))
            && name.is_some_and(char::is_uppercase)
    })
}

// ---------------------------------------------------------------------------------------------
// Joined text and its map back to the input.

/// A unit's text (trimmed lines joined by one space) with the map from its offsets to the input's.
struct Joined {
    text: String,
    /// Verbatim slices of the input, in order; the text between them is a separator space.
    pieces: Vec<Piece>,
}

struct Piece {
    /// Offset of the slice in the joined text.
    at: usize,
    /// Offset of the slice in the input.
    source: usize,
    /// Length in bytes.
    len: usize,
}

impl Joined {
    /// Joins `unit_lines`, leaving out the first `marker_len` bytes of the first line (a bullet).
    fn of(unit_lines: &[Line<'_>], marker_len: usize) -> Self {
        let mut joined = Joined {
            text: String::new(),
            pieces: Vec::new(),
        };
        for (index, line) in unit_lines.iter().enumerate() {
            let skip = if index == 0 { marker_len } else { 0 };
            let Some(slice) = line.text.get(skip..) else {
                continue;
            };
            let hyphenated = ends_with_hyphenation(&joined.text);
            if !joined.text.is_empty() && !hyphenated {
                joined.text.push(' ');
            }
            joined.pieces.push(Piece {
                at: joined.text.len(),
                source: line.content_start + skip,
                len: slice.len(),
            });
            joined.text.push_str(slice);
        }
        joined
    }

    /// The piece holding byte `at` of the joined text, if any (separators belong to none).
    fn piece_at(&self, at: usize) -> Option<&Piece> {
        let index = self
            .pieces
            .partition_point(|piece| piece.at <= at)
            .checked_sub(1)?;
        self.pieces
            .get(index)
            .filter(|piece| at < piece.at + piece.len)
    }

    /// The passage for `range` of the joined text, which starts and ends on non-whitespace.
    fn passage(
        &self,
        range: Range<usize>,
        section: Option<&str>,
        line_starts: &[usize],
    ) -> Option<Passage> {
        let text = self.text.get(range.clone())?;
        let first = self.piece_at(range.start)?;
        let last = self.piece_at(range.end.checked_sub(1)?)?;
        let byte_start = first.source + (range.start - first.at);
        let byte_end = last.source + (range.end - last.at);
        Some(Passage {
            text: text.to_string(),
            section: section.map(str::to_string),
            line_start: line_number(line_starts, byte_start),
            line_end: line_number(line_starts, byte_end.saturating_sub(1)),
            byte_start,
            byte_end,
        })
    }
}

/// The 1-based number of the line holding byte `offset`.
fn line_number(line_starts: &[usize], offset: usize) -> usize {
    line_starts.partition_point(|&start| start <= offset).max(1)
}

// ---------------------------------------------------------------------------------------------
// Long paragraphs.

/// Cuts `text` (trimmed) into ranges of at most `max_chars` chars each, trimmed and non-empty:
/// whole sentences packed greedily, words when a sentence is too long, chars when a word is.
///
/// The segmenter only reads small windows around each cut, never the whole text: in a debug build
/// it costs about 160 ns a char, which would make a 50 MB line take many seconds.
fn split_to_limit(text: &str, max_chars: usize) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut remaining = text.chars().count();
    while remaining > max_chars {
        let cut = choose_cut(text, start, remaining, max_chars);
        let piece_chars = text
            .get(start..cut)
            .map_or(0, |piece| piece.chars().count());
        if piece_chars == 0 {
            break; // cannot happen (cuts advance by at least one char); never loop forever
        }
        pieces.push(start..cut);
        // Whitespace after a cut belongs to no passage: skip it at once (a run of millions of
        // spaces would otherwise be cut into empty pieces one limit at a time).
        let rest = text.get(cut..).unwrap_or("");
        let skipped = rest.len() - rest.trim_start().len();
        let skipped_chars = rest.get(..skipped).map_or(0, |space| space.chars().count());
        remaining = remaining.saturating_sub(piece_chars + skipped_chars);
        start = cut + skipped;
    }
    pieces.push(start..text.len());
    pieces
        .into_iter()
        .filter_map(|range| trim_range(text, range))
        .collect()
}

/// `range` of `text` without its leading and trailing whitespace, or `None` if nothing is left.
fn trim_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = text.get(range.clone())?;
    let after_lead = slice.trim_start();
    let trimmed = after_lead.trim_end();
    if trimmed.is_empty() {
        return None;
    }
    let start = range.start + (slice.len() - after_lead.len());
    Some(start..start + trimmed.len())
}

/// Where the piece starting at byte `start` ends: at most `max_chars` chars on, at a sentence end,
/// else a word end, else a char boundary. When the `remaining` chars fit in two pieces, the cut
/// nearest the middle is preferred (1,600 chars become 800 + 800, not 1,500 + 100).
fn choose_cut(text: &str, start: usize, remaining: usize, max_chars: usize) -> usize {
    let limit = advance_chars(text, start, max_chars);
    let goal = if remaining <= max_chars.saturating_mul(2) {
        CutGoal {
            start,
            lowest: advance_chars(text, start, remaining - max_chars),
            target: advance_chars(text, start, remaining.div_ceil(2)),
            limit,
        }
    } else {
        CutGoal {
            start,
            lowest: start,
            target: limit,
            limit,
        }
    };
    goal.best(text, sentence_ends)
        .or_else(|| goal.best(text, word_ends))
        .unwrap_or(goal.target)
}

/// Bytes before and after a cut's target searched first: most sentences are shorter than this,
/// so one small window usually finds a cut.
const CUT_SEARCH_BYTES: usize = 160;
/// Text shown to the segmenter on each side of a window, so that the window's edges do not look
/// like the ends of the text.
const SEGMENTER_MARGIN_BYTES: usize = 24;

/// The acceptable cuts for one piece, as byte offsets in the joined text.
struct CutGoal {
    start: usize,
    /// Cuts from here on leave the rest within one piece.
    lowest: usize,
    /// The ideal cut.
    target: usize,
    /// The farthest cut that keeps the piece within the limit.
    limit: usize,
}

impl CutGoal {
    /// The best of the boundaries found by `ends`, looking near the target first.
    fn best(&self, text: &str, ends: fn(&str, Range<usize>) -> Vec<usize>) -> Option<usize> {
        let near_start = floor_char_boundary(text, self.target.saturating_sub(CUT_SEARCH_BYTES));
        let near_end = ceil_char_boundary(text, self.target + CUT_SEARCH_BYTES);
        let near = near_start.max(self.start)..near_end.min(self.limit);
        self.pick(&ends(text, near), self.lowest).or_else(|| {
            let everywhere = ends(text, self.start..self.limit);
            self.pick(&everywhere, self.lowest)
                .or_else(|| self.pick(&everywhere, self.start))
        })
    }

    /// The boundary nearest the target among those in `lowest..=limit` past the start.
    fn pick(&self, ends: &[usize], lowest: usize) -> Option<usize> {
        ends.iter()
            .copied()
            .filter(|&end| end > self.start && end >= lowest && end <= self.limit)
            .min_by_key(|&end| end.abs_diff(self.target))
    }
}

/// Sentence ends inside `window` (exclusive of its start, inclusive of its end).
fn sentence_ends(text: &str, window: Range<usize>) -> Vec<usize> {
    segment_ends(text, window, may_end_sentence, |slice| {
        sentence_ranges(slice)
            .into_iter()
            .map(|range| range.end)
            .collect()
    })
}

/// Word ends inside `window` (exclusive of its start, inclusive of its end).
fn word_ends(text: &str, window: Range<usize>) -> Vec<usize> {
    segment_ends(text, window, may_split_words, |slice| {
        slice
            .split_word_bound_indices()
            .map(|(offset, word)| offset + word.len())
            .collect()
    })
}

fn segment_ends(
    text: &str,
    window: Range<usize>,
    worth_segmenting: fn(&str) -> bool,
    ends_in: impl Fn(&str) -> Vec<usize>,
) -> Vec<usize> {
    let from = floor_char_boundary(text, window.start.saturating_sub(SEGMENTER_MARGIN_BYTES));
    let to = ceil_char_boundary(text, window.end + SEGMENTER_MARGIN_BYTES);
    let Some(slice) = text.get(from..to) else {
        return Vec::new();
    };
    if !worth_segmenting(slice) {
        return Vec::new();
    }
    ends_in(slice)
        .into_iter()
        .map(|end| from + end)
        .filter(|&end| end > window.start && end <= window.end)
        .collect()
}

/// A quick, optimised look for sentence-final punctuation before running the slow segmenter.
fn may_end_sentence(slice: &str) -> bool {
    slice.contains('.')
        || slice.contains('!')
        || slice.contains('?')
        || (!slice.is_ascii() && slice.contains(SENTENCE_ENDS))
}

/// Whether `slice` may hold a word boundary (ASCII letters and digits alone form one word).
fn may_split_words(slice: &str) -> bool {
    !slice.is_ascii() || slice.bytes().any(|b| !b.is_ascii_alphanumeric())
}

/// The byte offset `n` chars after `from` (or the end of `text`).
fn advance_chars(text: &str, from: usize, n: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    if rest.get(..n).is_some_and(str::is_ascii) {
        return from + n;
    }
    rest.char_indices()
        .nth(n)
        .map_or(text.len(), |(offset, _)| from + offset)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

/// Sentence bounds of `text`, with long runs of non-alphanumeric characters set apart as ranges of
/// their own (see [`MAX_PUNCTUATION_RUN`]).
fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut segment_start = 0;
    let mut run: Option<(usize, usize)> = None; // (start, length in chars)
    let mut flush_before = |run_start: usize, run_end: usize, segment_start: usize| {
        push_sentences(text, segment_start..run_start, &mut ranges);
        ranges.push(run_start..run_end);
    };
    for (offset, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if let Some((run_start, run_len)) = run.take() {
                if run_len >= MAX_PUNCTUATION_RUN {
                    flush_before(run_start, offset, segment_start);
                    segment_start = offset;
                }
            }
        } else {
            let (run_start, run_len) = run.unwrap_or((offset, 0));
            run = Some((run_start, run_len + 1));
        }
    }
    match run {
        Some((run_start, run_len)) if run_len >= MAX_PUNCTUATION_RUN => {
            flush_before(run_start, text.len(), segment_start)
        }
        _ => push_sentences(text, segment_start..text.len(), &mut ranges),
    }
    ranges
}

fn push_sentences(text: &str, range: Range<usize>, ranges: &mut Vec<Range<usize>>) {
    let Some(segment) = text.get(range.clone()) else {
        return;
    };
    for (offset, sentence) in segment.split_sentence_bound_indices() {
        let start = range.start + offset;
        ranges.push(start..start + sentence.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEED_000: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/000_8425519e804e4c14.txt"
    ));
    const SEED_001: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/001_5c75391b8c8e4d84.txt"
    ));
    const SEED_002: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/002_a4b8eb8b2eee3022.txt"
    ));
    const SEED_003: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/003_e7abf556df2123a9.txt"
    ));
    const SEED_004: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/004_56b8b833bb8f33e6.txt"
    ));
    const SEEDS: [&str; 5] = [SEED_000, SEED_001, SEED_002, SEED_003, SEED_004];

    fn without_whitespace(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// Checks invariants 1–5 of the module contract, independently of the implementation.
    fn check_invariants(input: &str, segmented: &Segmented, max_chars: usize) {
        let mut previous_end = 0;
        for (index, p) in segmented.passages.iter().enumerate() {
            let at = format!("passage {} {:?}", index + 1, p);
            // 1. reading order, no overlap, char boundaries.
            assert!(p.byte_start >= previous_end, "overlap/order: {at}");
            assert!(p.byte_start < p.byte_end, "empty range: {at}");
            assert!(
                input.is_char_boundary(p.byte_start) && input.is_char_boundary(p.byte_end),
                "{at}"
            );
            previous_end = p.byte_end;
            // 2. same non-whitespace text as the source range.
            let source = &input[p.byte_start..p.byte_end];
            assert_eq!(
                without_whitespace(source),
                without_whitespace(&p.text),
                "{at}"
            );
            // 3. exactly the lines the range touches.
            let first_line = input[..p.byte_start].matches('\n').count() + 1;
            let last_line = first_line + source.matches('\n').count();
            assert_eq!((p.line_start, p.line_end), (first_line, last_line), "{at}");
            // 4. length limit.
            assert!(p.text.chars().count() <= max_chars.max(1), "too long: {at}");
            // 5. never blank.
            assert!(!p.text.trim().is_empty(), "blank: {at}");
            assert_eq!(p.text.trim(), p.text, "untrimmed: {at}");
        }
        // 5. title and headings are not passages (unless the same words occur again in the input).
        let labels = segmented
            .title
            .iter()
            .chain(segmented.passages.iter().filter_map(|p| p.section.as_ref()));
        for label in labels {
            let also_a_passage = segmented.passages.iter().any(|p| &p.text == label);
            assert!(
                !also_a_passage || input.matches(label.as_str()).count() >= 2,
                "label {label:?} is a passage"
            );
        }
    }

    fn find<'a>(segmented: &'a Segmented, needle: &str) -> (usize, &'a Passage) {
        segmented
            .passages
            .iter()
            .enumerate()
            .find(|(_, p)| p.text.contains(needle))
            .unwrap_or_else(|| panic!("no passage contains {needle:?}"))
    }

    fn section_of<'a>(segmented: &'a Segmented, needle: &str) -> Option<&'a str> {
        find(segmented, needle).1.section.as_deref()
    }

    #[test]
    fn seeds_keep_the_invariants() {
        for seed in SEEDS {
            for limit in [MAX_PASSAGE_CHARS, 300, 80, 7, 1] {
                check_invariants(seed, &segment_with_limit(seed, limit), limit);
            }
        }
    }

    #[test]
    fn seed_000_title_and_sections() {
        let s = segment(SEED_000);
        assert_eq!(
            s.title.as_deref(),
            Some("Between Tehran and Tel Aviv: Azerbaijan’s Neutrality Dilemma Amid Rising U.S.-Israel Tensions with Iran")
        );
        let (_, p) = find(&s, "Between 2016 and 2020, Israel supplied 69%");
        assert_eq!((p.line_start, p.line_end), (8, 8));
        assert_eq!(
            p.section.as_deref(),
            Some("Strategic Depth: Azerbaijan’s Alignment with Israel")
        );
        let expected = [
            ("The concept of neutrality has long", "Introduction"),
            ("From Tehran’s perspective", "Iranian Security Concerns"),
            (
                "Despite past political confrontations",
                "Baku’s Balancing Act",
            ),
            (
                "On May 7, 2025, Israeli Prime Minister",
                "Economic Dependencies and Geopolitical Stakes",
            ),
            ("Iran has warned neighbors", "Regional Escalation Scenario"),
            (
                "As regional rivalries intensify",
                "Conclusion: The Shrinking Space for Neutrality",
            ),
            (
                "Contributed by Mikhail Mkrtchian",
                "Conclusion: The Shrinking Space for Neutrality",
            ),
        ];
        for (needle, section) in expected {
            assert_eq!(section_of(&s, needle), Some(section), "{needle}");
        }
        // Headings are not passages; the byline is.
        assert!(s
            .passages
            .iter()
            .all(|p| p.text != "Introduction" && p.text != "Baku’s Balancing Act"));
        assert_eq!(
            s.passages.last().map(|p| p.text.as_str()),
            Some("Contributed by Mikhail Mkrtchian, Regional Security Analyst")
        );
        // One paragraph per line: 14 body lines and the byline; the 1,921-char line is cut in two.
        assert_eq!(s.passages.len(), 16);
        let (_, cut) = find(&s, "On March 13, 2025");
        assert_eq!(
            (cut.line_start, find(&s, "On May 7, 2025").1.line_start),
            (16, 16)
        );
        let sections: std::collections::BTreeSet<_> = s
            .passages
            .iter()
            .filter_map(|p| p.section.clone())
            .collect();
        assert_eq!(sections.len(), 7);
    }

    #[test]
    fn seed_001_pdf_paragraphs() {
        let s = segment(SEED_001);
        assert_eq!(s.title, None);
        assert_eq!(s.passages[0].section, None);
        assert_eq!((s.passages[0].line_start, s.passages[0].line_end), (2, 8));

        let (_, jews) = find(&s, "Today, Jews in Azerbaijan are divided");
        assert_eq!((jews.line_start, jews.line_end), (21, 31));
        assert!(jews.text.contains("BC,[1] are the oldest"));
        assert!(jews.text.ends_with("that are still felt today."));

        assert_eq!(
            section_of(&s, "In the period 2016-2020, 69% of Azerbaijan's arms"),
            Some("Azerbaijan-Israel Relations")
        );
        assert!(find(&s, "Israeli-Azerbaijani relations").1.text.contains(
            "almost half of Israel's oil imports come from Azerbaijan [8]. In accordance"
        ));
        assert!(find(&s, "approximately 7,200 people [3], has established")
            .1
            .text
            .starts_with("Today, the Jewish community"));
        let (_, blow) = find(&s, "diplomatic blow to Iran.");
        assert!(blow.text.ends_with("blow to Iran. [17]"));

        // The page footer is in no passage, heading or title.
        for p in &s.passages {
            assert!(
                !p.text.contains("Avrasya") && !p.text.contains("Center for Eurasian Studies"),
                "{p:?}"
            );
        }
        let footer_line = SEED_001
            .lines()
            .position(|l| l.starts_with("Center for Eurasian"))
            .unwrap()
            + 1;
        assert!(s
            .passages
            .iter()
            .all(|p| footer_line < p.line_start || footer_line > p.line_end));
        assert_eq!(
            section_of(
                &s,
                "Iran considers Israel's influence in Azerbaijan a threat"
            ),
            Some("Azerbaijan's Balance Policy Between Israel and Iran")
        );

        // The corridor list: seven items, each its own passage, wrapped items joined.
        let (intro, _) = find(&s, "will have the following negative consequences:");
        let items: Vec<&str> = s.passages[intro + 1..intro + 8]
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(items[0], "The Iran-Armenia border will effectively disappear, and Iran's access to the Caucasus via Armenia will become restricted;");
        assert_eq!(
            items[1],
            "Control over the Aras River will pass to Azerbaijan;"
        );
        assert_eq!(items[5], "Demand for Iranian gas will decline if Turkmen gas starts being transported to Türkiye and Europe via this corridor;");
        assert_eq!(
            items[6],
            "All these developments will weaken Iran's geopolitical influence in the region.[14]"
        );
        assert!(s.passages[intro + 8]
            .text
            .starts_with("Furthermore, from Iran's perspective"));
        // An indented line after a short one that ends a sentence starts a new paragraph, though
        // no blank line separates them.
        let (_, context) = find(&s, "In this context, there have been some unconfirmed");
        assert_eq!((context.line_start, context.line_end), (77, 82));
        assert!(find(&s, "out Iran and keep it under pressure.").1.line_end == 76);
        assert_eq!(s.passages.len(), 28);
        // Odd Unicode spaces inside a line are kept.
        assert!(find(&s, "Three Brothers")
            .1
            .text
            .contains("Brothers \u{2000}"));
    }

    #[test]
    fn seed_002_one_paragraph_per_line() {
        let s = segment(SEED_002);
        assert_eq!(s.title, None);
        assert_eq!(s.passages[0].section, None);
        assert_eq!(
            section_of(&s, "Azerbaijan maintains that its relationship"),
            Some("The Israeli Connection: Source of Iranian Anxiety")
        );
        assert_eq!(
            section_of(&s, "You must be logged in"),
            Some("Leave a Reply")
        );
        assert!(s.passages.iter().all(|p| p.line_start == p.line_end));
    }

    #[test]
    fn seed_003_wrapped_web_paragraphs() {
        let s = segment(SEED_003);
        assert_eq!(s.title.as_deref(), Some("Azerbaijan President Ilham Aliyev (L) and Israeli Prime Minister Benjamin Netanyahu (File)"));
        let (_, that) = find(&s, "relationship with Israel that is both pragmatic");
        assert_eq!((that.line_start, that.line_end), (6, 7));
        let (_, quote) = find(&s, "Bayraktar\u{a0}TB2 drones gaining air superiority.”");
        assert_eq!((quote.line_start, quote.line_end), (9, 10));
        assert_eq!(section_of(&s, "In the chessboard"), None);
        assert_eq!(
            section_of(&s, "The October 7, 2023 attacks"),
            Some("Navigating The Relationship Amid Israel-Gaza")
        );
        assert_eq!(
            section_of(&s, "For now, Azerbaijan remains"),
            Some("Baku’s Tightrope")
        );
    }

    #[test]
    fn seed_004_dates_title_bullets() {
        let s = segment(SEED_004);
        assert_eq!(
            s.title.as_deref(),
            Some("Azerbaijan distances itself from Israeli strikes on Iran")
        );
        assert_eq!(s.passages[0].text, "Jun 19, 2025, 4:39 PM");
        assert_eq!(s.passages[1].text, "Jun 19, 2025, 4:39 PM");
        assert_eq!(
            (s.passages[1].line_start, s.passages[0].section.clone()),
            (2, None)
        );
        let bullets: Vec<&Passage> = s
            .passages
            .iter()
            .filter(|p| p.section.as_deref() == Some("Highlights"))
            .collect();
        assert_eq!(bullets.len(), 3);
        assert!(bullets[0].text.starts_with("Israel's military offensive"));
        assert_eq!(
            &SEED_004[bullets[0].byte_start..bullets[0].byte_start + 7],
            "Israel'"
        );
        assert_eq!(
            bullets.iter().map(|p| p.line_start).collect::<Vec<_>>(),
            [7, 8, 9]
        );
        assert_eq!(
            section_of(&s, "In June 2025, Azerbaijan faced"),
            Some("Story")
        );
        assert_eq!(
            s.passages.last().map(|p| p.text.as_str()),
            Some("You've reached the end")
        );
    }

    #[test]
    fn crlf_gives_the_same_passages() {
        let crlf = SEED_001.replace('\n', "\r\n");
        let (lf, cr) = (segment(SEED_001), segment(&crlf));
        check_invariants(&crlf, &cr, MAX_PASSAGE_CHARS);
        assert_eq!(lf.passages.len(), cr.passages.len());
        for (a, b) in lf.passages.iter().zip(&cr.passages) {
            assert_eq!(
                (&a.text, &a.section, a.line_start, a.line_end),
                (&b.text, &b.section, b.line_start, b.line_end)
            );
            assert!(!crlf[b.byte_start..b.byte_end].ends_with('\r'));
        }
    }

    #[test]
    fn leading_bom_is_not_text() {
        let input = "\u{feff}Title Here\n\nBody text of the document.\n";
        let s = segment(input);
        assert_eq!(s.title.as_deref(), Some("Title Here"));
        assert_eq!(s.passages[0].text, "Body text of the document.");
        let only = segment("\u{feff}Just one sentence.");
        assert_eq!(only.passages[0].byte_start, 3);
        assert_eq!(only.passages[0].line_start, 1);
    }

    #[test]
    fn long_paragraph_splits_at_sentences() {
        let sentence = "This sentence is exactly fifty characters long ok. ";
        let input = sentence.repeat(10);
        let s = segment_with_limit(&input, 120);
        check_invariants(&input, &s, 120);
        assert_eq!(s.passages.len(), 5);
        for p in &s.passages {
            assert_eq!(p.text, sentence.repeat(2).trim_end());
        }
        // Balanced: 1,600 chars under a 1,500 limit give two halves, not 1,500 + 100.
        let input = "Sixteen chars. ".repeat(107);
        let s = segment(&input);
        let lengths: Vec<usize> = s.passages.iter().map(|p| p.text.chars().count()).collect();
        assert_eq!(lengths.len(), 2);
        assert!(lengths.iter().all(|&n| n > 700), "{lengths:?}");
    }

    #[test]
    fn long_sentence_splits_at_words_and_giant_word_at_chars() {
        let input = "word ".repeat(100);
        let s = segment_with_limit(&input, 42);
        check_invariants(&input, &s, 42);
        assert!(s
            .passages
            .iter()
            .all(|p| p.text.split(' ').all(|w| w == "word")));

        let giant = "é".repeat(5000);
        let s = segment(&giant);
        check_invariants(&giant, &s, MAX_PASSAGE_CHARS);
        let ranges: Vec<(usize, usize)> = s
            .passages
            .iter()
            .map(|p| (p.byte_start, p.byte_end))
            .collect();
        // Greedy pieces, then the last two balanced.
        assert_eq!(
            ranges,
            [(0, 3000), (3000, 6000), (6000, 8000), (8000, 10000)]
        );
    }

    #[test]
    fn empty_and_blank_inputs_have_nothing() {
        for input in [
            "",
            "\n",
            " \u{a0}\t\r\n\u{2003}\n\n",
            "\u{feff}",
            "\u{feff}\r\n  ",
        ] {
            assert_eq!(segment(input), Segmented::default(), "{input:?}");
        }
        // A zero limit counts as 1: every char but the space is a passage.
        assert_eq!(segment_with_limit("Zero limit.", 0).passages.len(), 10);
    }

    #[test]
    fn wikipedia_period_headings() {
        let input = "Anarchism is a political philosophy. It has many currents.\n\nEtymology and terminology.\n\nThe word comes from Greek, and it was first used in 1539.\n\nHistory.\n\nOrigins lie in prehistory and in the earliest human societies.\n\nA short sentence.";
        let s = segment(input);
        assert_eq!(s.title, None);
        let sections: Vec<Option<&str>> = s.passages.iter().map(|p| p.section.as_deref()).collect();
        assert_eq!(
            sections,
            [
                None,
                Some("Etymology and terminology."),
                Some("History."),
                Some("History.")
            ]
        );
        // Where headings do not end in periods, a short sentence in a block of its own is text.
        let web = "Azerbaijan has long balanced its ties with Iran and Israel.\n\nA Plain Heading\n\nBaku condemned the strike on Tuesday, officials said.\n\nIran objected.\n\nThe talks resumed later in the week after a pause.";
        let s = segment(web);
        assert!(s.passages.iter().any(|p| p.text == "Iran objected."));
    }

    #[test]
    fn bullets_wrap_and_lists_of_short_lines_stay_passages() {
        let input = "Notes\n• First item wraps onto\n  the next line.\n- Second item.\n1. Third item.\n\nEdmonton\nCalgary\nRed Deer\n\nBody text.";
        let s = segment(input);
        let texts: Vec<&str> = s.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "First item wraps onto the next line.",
                "Second item.",
                "Third item.",
                "Edmonton",
                "Calgary",
                "Red Deer",
                "Body text."
            ]
        );
        assert_eq!(s.title.as_deref(), Some("Notes"));
    }

    #[test]
    fn huge_line_is_linear() {
        let start = std::time::Instant::now();
        let text = "Lorem ipsum dolor sit amet, consectetur. Adipiscing elit sed do eiusmod! "
            .repeat(40_000);
        let s = segment(&text);
        assert!(s.passages.len() > 1500);
        // Pathological for sentence segmentation: long runs of spaces and brackets after periods.
        let nasty = "a.".to_string()
            + &" ".repeat(300_000)
            + &")".repeat(300_000)
            + "b. "
            + &"x".repeat(1_000_000);
        let s = segment(&nasty);
        check_invariants(&nasty, &s, MAX_PASSAGE_CHARS);
        assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
    }

    #[test]
    fn page_furniture_is_dropped_and_never_merged_across() {
        let input = "Some intro text comes first. Then the paragraph is cut by a page\n\n\
                     Journal of Things\nPage 12\n\nbreak and goes on here.\n\nEurasia Review 4\n\n\
                     The second paragraph has a verb, as it should.\n\nEurasia Review 5\n\n\
                     The third paragraph is the last one.";
        let s = segment(input);
        let texts: Vec<&str> = s.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Some intro text comes first. Then the paragraph is cut by a page",
                "break and goes on here.",
                "The second paragraph has a verb, as it should.",
                "The third paragraph is the last one."
            ]
        );
        assert_eq!(s.title, None);
        // A one-off short line with a number is a heading, not furniture.
        let s = segment("The intro is here.\n\nChapter 3\n\nThe body text is here.");
        assert_eq!(section_of(&s, "The body text"), Some("Chapter 3"));
    }

    #[test]
    fn hyphen_joins_only_after_a_letter() {
        let s = segment("In the period 2016-\n2020, arms came from Israeli-\nAzerbaijani deals.");
        assert_eq!(
            s.passages[0].text,
            "In the period 2016- 2020, arms came from Israeli-Azerbaijani deals."
        );
        assert_eq!((s.passages[0].line_start, s.passages[0].line_end), (1, 3));
    }

    #[test]
    fn huge_limit_is_fine() {
        let s = segment_with_limit(SEED_001, usize::MAX);
        check_invariants(SEED_001, &s, usize::MAX);
        assert_eq!(s.passages.len(), segment(SEED_001).passages.len());
    }

    fn texty() -> impl Strategy<Value = String> {
        let pieces = prop::collection::vec(
            prop_oneof![
                Just("\n"),
                Just("\r\n"),
                Just("\n\n"),
                Just(" "),
                Just("\u{a0}"),
                Just("\t"),
                Just("\u{feff}"),
                Just("Word"),
                Just("word"),
                Just("the"),
                Just(". "),
                Just("."),
                Just(";"),
                Just(":"),
                Just(","),
                Just("-"),
                Just("• "),
                Just("1. "),
                Just("[12]"),
                Just("”"),
                Just("é"),
                Just("Jun 19, 2025"),
                Just("By Jane"),
                Just("3"),
                Just(")"),
                Just("\u{2000}"),
                Just("Regional Relations"),
                Just("\u{a0}\n"),
                Just("a)"),
            ],
            0..200,
        );
        pieces.prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn invariants_hold_on_arbitrary_strings(input in any::<String>(), limit in 0usize..60) {
            check_invariants(&input, &segment_with_limit(&input, limit), limit);
        }

        #[test]
        fn invariants_hold_on_text_like_strings(input in texty(), limit in 0usize..200) {
            check_invariants(&input, &segment_with_limit(&input, limit), limit);
            check_invariants(&input, &segment(&input), MAX_PASSAGE_CHARS);
        }
    }
}
