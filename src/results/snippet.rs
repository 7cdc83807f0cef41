//! Finding the query's words in a passage and cutting a short fragment around them.
//!
//! Highlights are byte ranges into the passage text; a snippet is a fragment of that text with its
//! own ranges. Neither knows about colour or markup: printers decide how ranges look.

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::analyzed_tokens;
use crate::query::HighlightTerms;

/// Longest snippet, in characters (about two terminal lines).
pub const SNIPPET_CHARS: usize = 240;
/// Share of a snippet given to context before its first highlight.
const LEAD_SHARE: usize = 4;
/// Marks text cut off at either end of a snippet.
pub const ELLIPSIS: &str = "…";

/// A fragment of a passage with highlighted byte ranges (relative to the fragment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The fragment, with [`ELLIPSIS`] where it was cut.
    pub text: String,
    /// Byte ranges of highlighted words in `text`.
    pub highlights: Vec<Range<usize>>,
}

/// Byte ranges in `text` of the words the query searched for, sorted and not overlapping.
pub fn highlight(text: &str, terms: &HighlightTerms) -> Vec<Range<usize>> {
    let tokens = analyzed_tokens(text);
    let mut ranges: Vec<Range<usize>> = tokens
        .iter()
        .filter(|t| terms.stemmed.contains(&t.stemmed) || terms.exact.contains(&t.exact))
        .map(|t| t.from..t.to)
        .collect();
    for phrase in terms.phrases.iter().filter(|p| !p.is_empty()) {
        for window in tokens.windows(phrase.len()) {
            if window.iter().zip(phrase).all(|(t, p)| &t.exact == p) {
                ranges.push(window[0].from..window[window.len() - 1].to);
            }
        }
    }
    merge(ranges)
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Cuts a fragment of at most `max_chars` characters (plus ellipses) from `text`, placed to show
/// as many different highlighted words as possible, cut at spaces.
pub fn snippet(text: &str, highlights: &[Range<usize>], max_chars: usize) -> Snippet {
    if text.chars().count() <= max_chars {
        return Snippet {
            text: text.to_string(),
            highlights: highlights.to_vec(),
        };
    }
    let start = best_start(text, highlights, max_chars);
    let end = byte_after_chars(text, start, max_chars);
    let start = snap_start(text, start);
    let end = snap_end(text, start, end);
    let prefix = if start > 0 { ELLIPSIS } else { "" };
    let suffix = if end < text.len() { ELLIPSIS } else { "" };
    let shift = prefix.len();
    let fragment = format!("{prefix}{}{suffix}", text[start..end].trim_end());
    let body_end = shift + text[start..end].trim_end().len();
    let highlights = highlights
        .iter()
        .filter(|r| r.start >= start && r.start < end)
        .map(|r| (r.start - start + shift)..(r.end.min(end) - start + shift).min(body_end))
        .filter(|r| r.start < r.end)
        .collect();
    Snippet {
        text: fragment,
        highlights,
    }
}

/// Byte offset where the window showing the most distinct highlighted words begins.
fn best_start(text: &str, highlights: &[Range<usize>], max_chars: usize) -> usize {
    let mut best = (0usize, 0usize);
    for (i, first) in highlights.iter().enumerate() {
        let start = byte_before_chars(text, first.start, max_chars / LEAD_SHARE);
        let end = byte_after_chars(text, start, max_chars);
        let distinct: HashSet<String> = highlights[i..]
            .iter()
            .take_while(|r| r.end <= end)
            .map(|r| text[r.clone()].to_lowercase())
            .collect();
        if distinct.len() > best.1 {
            best = (start, distinct.len());
        }
    }
    best.0
}

fn byte_before_chars(text: &str, at: usize, chars: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn byte_after_chars(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| from + i)
}

/// Moves a cut forward to the start of the next word, unless it is at the start already.
fn snap_start(text: &str, start: usize) -> usize {
    if start == 0 || text[..start].ends_with(char::is_whitespace) {
        return start;
    }
    match text[start..].find(char::is_whitespace) {
        Some(space) => {
            let after = start + space;
            after + text[after..].len() - text[after..].trim_start().len()
        }
        None => start,
    }
}

/// Moves a cut back to the end of the previous word, unless it is at the end already.
fn snap_end(text: &str, start: usize, end: usize) -> usize {
    if end >= text.len() || text[end..].starts_with(char::is_whitespace) {
        return end;
    }
    match text[start..end].rfind(char::is_whitespace) {
        Some(space) if space > 0 => start + space,
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(stemmed: &[&str], phrases: &[&[&str]]) -> HighlightTerms {
        HighlightTerms {
            stemmed: stemmed.iter().map(|s| s.to_string()).collect(),
            exact: HashSet::new(),
            phrases: phrases
                .iter()
                .map(|p| p.iter().map(|s| s.to_string()).collect())
                .collect(),
        }
    }

    fn marked(text: &str, ranges: &[Range<usize>]) -> Vec<String> {
        ranges.iter().map(|r| text[r.clone()].to_string()).collect()
    }

    #[test]
    fn stemmed_words_highlight_their_inflections_and_folded_forms() {
        let text = "Sanctions on Türkiye’s arms; a sanction.";
        let ranges = highlight(text, &terms(&["sanction"], &[]));
        assert_eq!(marked(text, &ranges), ["Sanctions", "sanction"]);
        let ranges = highlight(text, &terms(&["turkiy"], &[]));
        assert_eq!(marked(text, &ranges), ["Türkiye’s"]);
    }

    #[test]
    fn phrases_highlight_only_where_the_words_are_adjacent() {
        let text = "arms imports came from Israel; imports of arms";
        let ranges = highlight(text, &terms(&[], &[&["arms", "imports"]]));
        assert_eq!(marked(text, &ranges), ["arms imports"]);
    }

    #[test]
    fn a_short_text_is_its_own_snippet() {
        let s = snippet("short text", &[Range { start: 0, end: 5 }], 100);
        assert_eq!(s.text, "short text");
        assert_eq!(s.highlights, vec![0..5]);
    }

    #[test]
    fn a_long_text_is_cut_around_the_highlights_at_spaces() {
        let text = format!(
            "{} needle here {}",
            "word ".repeat(100),
            "tail ".repeat(100)
        );
        let at = text.find("needle").unwrap();
        let s = snippet(
            &text,
            &[Range {
                start: at,
                end: at + 6,
            }],
            80,
        );
        assert!(
            s.text.starts_with(ELLIPSIS) && s.text.ends_with(ELLIPSIS),
            "{}",
            s.text
        );
        assert!(s.text.chars().count() <= 80 + 2);
        assert_eq!(&s.text[s.highlights[0].clone()], "needle");
        let inner = s
            .text
            .trim_start_matches(ELLIPSIS)
            .trim_end_matches(ELLIPSIS);
        assert!(
            inner.starts_with("word") && inner.ends_with("tail"),
            "{inner}"
        );
    }

    #[test]
    fn the_window_prefers_the_most_distinct_words() {
        let text = format!(
            "alpha {} alpha beta gamma {}",
            "x ".repeat(200),
            "y ".repeat(200)
        );
        let hl = highlight(&text, &terms(&["alpha", "beta", "gamma"], &[]));
        let s = snippet(&text, &hl, 60);
        assert_eq!(marked(&s.text, &s.highlights), ["alpha", "beta", "gamma"]);
    }
}
