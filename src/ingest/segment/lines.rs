//! Lines and blank-line blocks of the input, and the page furniture (running headers and
//! footers) that interrupts them.

use std::collections::HashMap;
use std::ops::Range;

use super::cues::{ends_clause, ends_sentence, is_date_or_byline};
use super::{FURNITURE_MAX_LINES, FURNITURE_MAX_LINE_CHARS};

/// One `"\n"`-separated line of the input.
pub(super) struct Line<'a> {
    /// Byte offset of the line's first byte (a leading BOM included).
    pub(super) start: usize,
    /// Byte offset of the trimmed content.
    pub(super) content_start: usize,
    /// The content, trimmed of whitespace (NBSP and other Unicode spaces, `\r`, a leading BOM).
    pub(super) text: &'a str,
    /// `text` length in chars.
    pub(super) chars: usize,
    /// Whether the line (its `\r` aside) ends in whitespace: PDF extractors leave a space where
    /// they wrapped a line, which tells a wrapped line from a paragraph's last line.
    pub(super) trailing_space: bool,
}

pub(super) fn split_lines(text: &str) -> Vec<Line<'_>> {
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
pub(super) fn find_blocks(lines: &[Line<'_>]) -> Vec<Range<usize>> {
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

/// Marks blocks that are page headers or footers: a few short lines without sentence punctuation
/// whose last line ends in a page number, or whose text (digits aside) occurs again in the
/// document, as running headers do.
pub(super) fn find_furniture(lines: &[Line<'_>], blocks: &[Range<usize>]) -> Vec<bool> {
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
