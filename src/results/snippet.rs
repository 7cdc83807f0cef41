//! Finding the query's words in a passage and cutting a short fragment around them.
//!
//! Highlights are byte ranges into the passage text; a snippet is a fragment of that text with its
//! own ranges. Neither knows about colour or markup: printers decide how ranges look.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use crate::analysis::{analyzed_tokens, AnalyzedToken};
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
    merge(
        marks(text, terms, &HashMap::new())
            .into_iter()
            .map(|m| m.range)
            .collect(),
    )
}

/// `ranges` sorted, overlapping ones joined.
pub fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
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

/// One highlighted stretch of a passage, with the query word it answers and that word's weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Byte range in the passage text.
    pub range: Range<usize>,
    /// The query word (its stem, exact form or phrase): marks of one word count once.
    pub word: String,
    /// How much showing the word is worth: its idf, so that a rare word outweighs a common one.
    pub weight: f32,
}

/// The query's words in `text`, each with its weight from `weights` (by stem, exact form or
/// phrase; 1.0 for a word missing there), in text order.
pub fn marks(text: &str, terms: &HighlightTerms, weights: &HashMap<String, f32>) -> Vec<Mark> {
    let weight = |word: &str| weights.get(word).copied().unwrap_or(1.0);
    let tokens = analyzed_tokens(text);
    let mut marks: Vec<Mark> = Vec::new();
    for t in &tokens {
        let word = if terms.stemmed.contains(&t.stemmed) {
            &t.stemmed
        } else if terms.exact.contains(&t.exact) {
            &t.exact
        } else {
            continue;
        };
        marks.push(Mark {
            range: t.from..t.to,
            word: word.clone(),
            weight: weight(word),
        });
    }
    // A phrase matches words at consecutive positions, whichever of a word's forms it names.
    let mut positions: Vec<Vec<&AnalyzedToken>> = Vec::new();
    for token in &tokens {
        match positions.last_mut() {
            Some(last) if last[0].position == token.position => last.push(token),
            _ => positions.push(vec![token]),
        }
    }
    for phrase in terms.phrases.iter().filter(|p| !p.is_empty()) {
        let word = phrase.join(" ");
        for window in positions.windows(phrase.len()) {
            let matched: Option<Vec<&AnalyzedToken>> = window
                .iter()
                .zip(phrase)
                .map(|(forms, word)| forms.iter().find(|t| &t.exact == word).copied())
                .collect();
            if let Some(matched) = matched {
                let from = matched.iter().map(|t| t.from).min().unwrap_or_default();
                let to = matched.iter().map(|t| t.to).max().unwrap_or_default();
                marks.push(Mark {
                    range: from..to,
                    word: word.clone(),
                    weight: weight(&word),
                });
            }
        }
    }
    marks.sort_by_key(|m| (m.range.start, m.range.end));
    marks
}

/// Cuts from `text` the fragment that shows the most of the query: the window of at most
/// `max_chars` characters whose distinct marked words weigh the most, or, in a passage longer
/// than two windows, two half windows joined by ` … ` when together they show more. Cuts fall at
/// spaces, at a sentence's start when one is near, and [`ELLIPSIS`] marks text left out.
pub fn fragment(text: &str, marks: &[Mark], max_chars: usize) -> Snippet {
    if text.chars().count() <= max_chars {
        return assemble(text, marks, std::slice::from_ref(&(0..text.len())));
    }
    let none = HashSet::new();
    let (one, one_weight) = best_window(text, marks, max_chars, &none);
    let mut windows = vec![one];
    if text.chars().count() > 2 * max_chars {
        let half = max_chars / 2;
        let (first, first_weight) = best_window(text, marks, half, &none);
        let shown = words_within(marks, &first);
        let (second, second_weight) = best_window(text, marks, half, &shown);
        let apart = first.end < second.start || second.end < first.start;
        // The second fragment must show a word worth showing, not only a common one.
        let worth_it = second_weight >= one_weight / 4.0;
        if apart && worth_it && first_weight + second_weight > one_weight {
            windows = vec![first, second];
            windows.sort_by_key(|w| w.start);
        }
    }
    assemble(text, marks, &windows)
}

/// The window of `chars` characters whose marked words, leaving out `shown`, weigh the most (the
/// first of equals), with that weight; the text's start when nothing is marked.
fn best_window(
    text: &str,
    marks: &[Mark],
    chars: usize,
    shown: &HashSet<&str>,
) -> (Range<usize>, f32) {
    let mut best = (window_at(text, 0, 0, chars), 0.0);
    for mark in marks {
        let window = window_at(text, mark.range.start, chars / LEAD_SHARE, chars);
        let mut weights: BTreeMap<&str, f32> = BTreeMap::new();
        for m in marks.iter().filter(|m| contains(&window, &m.range)) {
            if !shown.contains(m.word.as_str()) {
                let w = weights.entry(&m.word).or_default();
                *w = w.max(m.weight);
            }
        }
        let weight: f32 = weights.values().sum();
        if weight > best.1 {
            best = (window, weight);
        }
    }
    best
}

/// The words marked within `window`.
fn words_within<'m>(marks: &'m [Mark], window: &Range<usize>) -> HashSet<&'m str> {
    marks
        .iter()
        .filter(|m| contains(window, &m.range))
        .map(|m| m.word.as_str())
        .collect()
}

fn contains(window: &Range<usize>, range: &Range<usize>) -> bool {
    window.start <= range.start && range.end <= window.end
}

/// A window of about `chars` characters with `lead` of them before byte `at`, starting at a
/// sentence's start when one lies in the lead, and cut at spaces.
fn window_at(text: &str, at: usize, lead: usize, chars: usize) -> Range<usize> {
    let earliest = byte_before_chars(text, at, lead);
    let start = sentence_start_between(text, earliest, at).unwrap_or(earliest);
    let start = snap_start(text, start);
    let end = snap_end(text, start, byte_after_chars(text, start, chars));
    start..end
}

/// The first sentence start in `text[from..to]`: just after `.`, `!` or `?` and a space, before a
/// capital letter, digit or opening quote.
fn sentence_start_between(text: &str, from: usize, to: usize) -> Option<usize> {
    let mut previous: [Option<char>; 2] = [None, None];
    for (at, c) in text[from..to].char_indices() {
        let after_end = matches!(
            previous,
            [Some('.' | '!' | '?' | '"' | '”' | ')'), Some(' ')]
        );
        if after_end && (c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“')) {
            return Some(from + at);
        }
        previous = [previous[1], Some(c)];
    }
    None
}

/// The snippet showing `windows` (sorted, apart) of `text`, joined by ` … `, with the marks in them.
fn assemble(text: &str, marks: &[Mark], windows: &[Range<usize>]) -> Snippet {
    let mut out = String::new();
    let mut highlights = Vec::new();
    for (k, window) in windows.iter().enumerate() {
        let body = text[window.clone()].trim_end();
        if k > 0 {
            out.push(' ');
            out.push_str(ELLIPSIS);
            out.push(' ');
        } else if window.start > 0 {
            out.push_str(ELLIPSIS);
        }
        let shift = out.len();
        let body_end = window.start + body.len();
        highlights.extend(
            marks
                .iter()
                .filter(|m| m.range.start >= window.start && m.range.start < body_end)
                .map(|m| {
                    m.range.start - window.start + shift
                        ..m.range.end.min(body_end) - window.start + shift
                }),
        );
        out.push_str(body);
    }
    if windows
        .last()
        .is_some_and(|w| w.start + text[w.clone()].trim_end().len() < text.trim_end().len())
    {
        out.push_str(ELLIPSIS);
    }
    Snippet {
        text: out,
        highlights: merge(highlights),
    }
}

/// Cuts a fragment of at most `max_chars` characters (plus ellipses) from `text` around the
/// `highlights`, each of them a word of weight 1 (the same text is the same word): [`fragment`]
/// for callers that know only where the marks are.
pub fn snippet(text: &str, highlights: &[Range<usize>], max_chars: usize) -> Snippet {
    let marks: Vec<Mark> = highlights
        .iter()
        .map(|r| Mark {
            range: r.clone(),
            word: text[r.clone()].to_lowercase(),
            weight: 1.0,
        })
        .collect();
    fragment(text, &marks, max_chars)
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
