//! Line predicates: the cues (headings, sentence ends, bullets, dates, bylines, footnote
//! markers) that decide where units start and what they are. Each looks at a bounded part of the line, so
//! huge lines stay cheap.

use super::{
    BYLINE_PREFIXES, CLAUSE_ENDS, CLOSERS, CONNECTORS, DATE_WORDS, MAX_HEADING_CHARS,
    MAX_PERIOD_HEADING_CHARS, MAX_PERIOD_HEADING_WORDS, MAX_TITLE_CHARS, OPENERS, SENTENCE_ENDS,
    SENTENCE_VERBS,
};
use crate::marks::{footnote_marker_len, footnote_marker_len_before};

/// A short line without final punctuation that could head a section: a noun phrase rather than a
/// clause, so no auxiliary verb (`… is …`, `… can …`) and no sentence break inside.
pub(super) fn is_heading_like(text: &str) -> bool {
    is_title_like(text) && text.chars().count() <= MAX_HEADING_CHARS && !has_sentence_verb(text)
}

/// A line that could be a document's title: like a heading, but longer and possibly a headline
/// sentence (`Azerbaijan distances itself from Israeli strikes on Iran`).
pub(super) fn is_title_like(text: &str) -> bool {
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
        && !is_table_row(text)
}

/// A table row as text (cells separated by ` | `, as extracted tables are written): data, never a
/// heading.
fn is_table_row(text: &str) -> bool {
    text.contains(" | ")
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
pub(super) fn is_period_heading_like(text: &str) -> bool {
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
        && !is_table_row(text)
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
pub(super) fn final_char(text: &str) -> Option<char> {
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

/// `text` without a final footnote marker such as `[12]`, `[a]` or `¹`.
fn strip_footnote_suffix(text: &str) -> Option<&str> {
    let len = footnote_marker_len_before(text)?;
    text.get(..text.len() - len)
}

/// `[3], has established`: the marker and what follows it.
fn split_footnote_prefix(text: &str) -> Option<(&str, &str)> {
    let len = footnote_marker_len(text)?;
    Some((text.get(..len)?, text.get(len..)?))
}

pub(super) fn ends_sentence(text: &str) -> bool {
    final_char(text).is_some_and(|c| SENTENCE_ENDS.contains(&c))
}

pub(super) fn ends_clause(text: &str) -> bool {
    final_char(text).is_some_and(|c| CLAUSE_ENDS.contains(&c))
}

pub(super) fn ends_with_connector(text: &str) -> bool {
    let last_word = text.rsplit(char::is_whitespace).next().unwrap_or("");
    CONNECTORS.contains(&last_word)
}

/// `Israeli-` + `Azerbaijani`: a word broken at a hyphen at the end of a line.
pub(super) fn ends_with_hyphenation(text: &str) -> bool {
    let mut chars = text.chars().rev();
    chars.next() == Some('-') && chars.next().is_some_and(char::is_alphabetic)
}

/// Whether `next` carries on the sentence of `prev` though `prev` may end in punctuation: it starts
/// in lowercase or with closing punctuation, or with a footnote marker that belongs to `prev`.
pub(super) fn continues_previous(prev: &str, next: &str) -> bool {
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
pub(super) fn bullet_marker_len(text: &str) -> Option<usize> {
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
pub(super) fn is_date_or_byline(text: &str) -> bool {
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
