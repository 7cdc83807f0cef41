//! Quote matching's view of text: what a quotation may legitimately change is folded away, and
//! every byte of the result remembers where it came from in the original.
//!
//! Folded away, on both the quote and the source:
//! - case and diacritics, exactly as the tokenizer folds words ([`normalize_word`]);
//! - typographic quotes and apostrophes (`“ ” „ « »` → `"`, `‘ ’ ʼ` → `'`);
//! - dashes (`‐ – — ― −`, and runs like `--`, → `-`), with the whitespace around them, so that
//!   `cyber capabilities—assets`, `capabilities -- assets` and a line wrapped after `Israeli-` agree;
//! - runs of whitespace and line breaks (→ one space);
//! - invisible format chars (soft hyphens, zero-width spaces, bidi marks);
//! - footnote markers (`[12]`, superscript digits), with the whitespace before them, so that
//!   `7,200 people\n[3], has` reads `7,200 people, has`.
//!
//! Everything else stays: every word, number and punctuation mark must be the same for two texts
//! to have the same normalized form.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;

use crate::analysis::folding::normalize_word;
use crate::marks::{
    footnote_marker_len, is_apostrophe, is_bullet, is_dash, is_double_quote, is_invisible,
};

/// Normalized text with, for each of its bytes, the byte range of the original it stands for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    origin: Vec<Range<usize>>,
}

impl Normalized {
    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether nothing is left after normalization.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The original byte range that the non-empty normalized `range` stands for.
    pub fn origin(&self, range: Range<usize>) -> Range<usize> {
        self.origin[range.start].start..self.origin[range.end - 1].end
    }

    /// Byte ranges of the words: the space-separated pieces of the normalized text.
    pub fn words(&self) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        let mut start = 0;
        for (at, _) in self.text.match_indices(' ').chain([(self.text.len(), "")]) {
            if at > start {
                words.push(start..at);
            }
            start = at + 1;
        }
        words
    }

    /// Every occurrence of `needle` (itself normalized) that neither starts nor ends inside a word,
    /// as normalized byte ranges: `rael` does not occur in `israel`.
    pub fn find_all(&self, needle: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        let (Some(first), Some(last)) = (needle.chars().next(), needle.chars().next_back()) else {
            return found;
        };
        let mut from = 0;
        while let Some(at) = self.text[from..].find(needle) {
            let start = from + at;
            let end = start + needle.len();
            let cuts_word_before = first.is_alphanumeric()
                && self.text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            let cuts_word_after = last.is_alphanumeric()
                && self.text[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if cuts_word_before || cuts_word_after {
                from = start + first.len_utf8();
            } else {
                found.push(start..end);
                from = end;
            }
        }
        found
    }
}

/// Builds a [`Normalized`] text from one or more pieces of an original.
#[derive(Debug, Default)]
pub struct Normalizer {
    out: Normalized,
    /// Whitespace seen but not yet written: it becomes one space only between two chars.
    pending_space: Option<Range<usize>>,
    word: String,
}

impl Normalizer {
    /// An empty normalizer.
    pub fn new() -> Normalizer {
        Normalizer::default()
    }

    /// Appends `text`, which starts at byte `base` of the original.
    pub fn push(&mut self, text: &str, base: usize) {
        let mut skip_to = 0;
        for (at, grapheme) in text.grapheme_indices(true) {
            if at < skip_to {
                continue;
            }
            let origin = base + at..base + at + grapheme.len();
            if let Some(len) = footnote_marker_len(&text[at..]) {
                // A marker belongs to the word before it, whatever space the layout put between.
                self.pending_space = None;
                skip_to = at + len;
            } else if grapheme.chars().all(char::is_whitespace) {
                self.push_break(origin);
            } else if grapheme.chars().all(is_invisible) {
                continue;
            } else if grapheme.chars().all(is_bullet) {
                // A list's bullets lay it out; they are not words of it.
                self.push_break(origin);
            } else if grapheme.starts_with(char::is_alphanumeric) {
                normalize_word(grapheme, &mut self.word);
                let word = std::mem::take(&mut self.word);
                for c in word.chars() {
                    self.emit(c, origin.clone());
                }
                self.word = word;
            } else {
                // Symbols, and marks on them, which are no letters' diacritics.
                for c in grapheme.chars() {
                    self.push_symbol(c, &origin);
                }
            }
        }
    }

    /// Appends a break in the original at `origin` (whitespace, or the gap between two passages).
    pub fn push_break(&mut self, origin: Range<usize>) {
        self.pending_space = Some(match self.pending_space.take() {
            Some(pending) => pending.start..origin.end,
            None => origin,
        });
    }

    /// The normalized text.
    pub fn finish(self) -> Normalized {
        self.out
    }

    fn push_symbol(&mut self, c: char, origin: &Range<usize>) {
        // Compatibility forms first: `…` is `...`, a fullwidth `，` is `,`, `︱` is `—`.
        decompose_compatible(c, |part| {
            if part.is_whitespace() {
                // `´` is a space and a combining accent.
                self.push_break(origin.clone());
            } else if is_dash(part) {
                self.emit('-', origin.clone());
            } else if is_apostrophe(part) {
                self.emit('\'', origin.clone());
            } else if is_double_quote(part) {
                self.emit('"', origin.clone());
            } else if !is_combining_mark(part) {
                for lower in part.to_lowercase() {
                    self.emit(lower, origin.clone());
                }
            }
        });
    }

    fn emit(&mut self, c: char, origin: Range<usize>) {
        let text = &mut self.out.text;
        let after_dash = text.ends_with('-');
        if let Some(space) = self.pending_space.take() {
            if !text.is_empty() && c != '-' && !after_dash {
                text.push(' ');
                self.out.origin.push(space);
            }
        }
        if c == '-' && after_dash {
            // A run of dashes is one dash: `--` is how `—` is typed.
            if let Some(last) = self.out.origin.last_mut() {
                last.end = origin.end;
            }
            return;
        }
        self.out.text.push(c);
        self.out
            .origin
            .extend(std::iter::repeat_n(origin, c.len_utf8()));
    }
}

/// Normalizes `text` on its own (offsets from its start).
pub fn normalize(text: &str) -> Normalized {
    let mut normalizer = Normalizer::new();
    normalizer.push(text, 0);
    normalizer.finish()
}

/// `quote` without the whitespace and quotation marks around it: a pair of marks (`“…”`, `"…"`,
/// `'…'`), or a lone double one at either end when the quote has an odd number of them (it was
/// copied with only its opening mark). A lone single mark stays, since it may be an apostrophe
/// (`the Azerbaijanis’`), and so does a double one that closes a quotation inside the quote.
pub fn strip_quotation_marks(quote: &str) -> &str {
    let mut quote = quote.trim();
    loop {
        let is_unbalanced = quote.chars().filter(|&c| is_double_quote(c)).count() % 2 == 1;
        let (Some(first), Some(last)) = (quote.chars().next(), quote.chars().next_back()) else {
            return quote;
        };
        let opens = is_double_quote(first) || is_apostrophe(first) || matches!(first, '‹' | '‚');
        let closes = is_double_quote(last) || is_apostrophe(last) || last == '›';
        quote = if opens && closes && quote.len() > first.len_utf8() {
            &quote[first.len_utf8()..quote.len() - last.len_utf8()]
        } else if is_unbalanced && is_double_quote(first) {
            &quote[first.len_utf8()..]
        } else if is_unbalanced && is_double_quote(last) {
            &quote[..quote.len() - last.len_utf8()]
        } else {
            return quote;
        }
        .trim();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn norm(text: &str) -> String {
        normalize(text).as_str().to_string()
    }

    #[test]
    fn case_and_diacritics_fold_like_the_tokenizer() {
        assert_eq!(norm("Erdoğan visited TÜRKIYE"), "erdogan visited turkiye");
        assert_eq!(norm("de\u{301}tente"), norm("détente"));
        assert_eq!(norm("ﬁnal"), "final");
    }

    #[test]
    fn whitespace_runs_and_line_breaks_are_one_space() {
        assert_eq!(
            norm("  based on the \nfact that\t\tAzerbaijan\u{a0}has\r\n"),
            "based on the fact that azerbaijan has"
        );
    }

    #[test]
    fn typographic_quotes_apostrophes_and_dashes_are_ascii() {
        assert_eq!(
            norm("Azerbaijan’s “soft flank” ‘x’"),
            "azerbaijan's \"soft flank\" 'x'"
        );
        assert_eq!(norm("capabilities—assets"), "capabilities-assets");
        assert_eq!(norm("capabilities -- assets"), "capabilities-assets");
        assert_eq!(norm("world – one"), "world-one");
        assert_eq!(norm("Israeli-\nAzerbaijani"), "israeli-azerbaijani");
    }

    #[test]
    fn footnote_markers_go_with_the_space_before_them() {
        assert_eq!(norm("7,200 people\n[3], has"), "7,200 people, has");
        assert_eq!(norm("century BC,[1] are"), "century bc, are");
        assert_eq!(norm("diaspora[2] who"), "diaspora who");
        assert_eq!(norm("Israel¹² said"), "israel said");
        // A year and a bracketed word are text; a one-letter note (`[a]`) is a marker, as it is to
        // the tokenizer and the segmenter (crate::marks).
        assert_eq!(
            norm("in [2020] and [sic] [a] said"),
            "in [2020] and [sic] said"
        );
    }

    #[test]
    fn invisible_chars_vanish_and_compatibility_forms_fold() {
        assert_eq!(norm("in\u{ad}ternational\u{200b} x"), "international x");
        assert_eq!(norm("wait…"), "wait...");
    }

    #[test]
    fn words_numbers_and_punctuation_stay() {
        assert_eq!(norm("69% of arms, (U.S.)!"), "69% of arms, (u.s.)!");
        assert_ne!(norm("Azerbaijan's arms"), norm("Azerbaijan arms"));
        assert_ne!(norm("69 %"), norm("69%"));
    }

    #[test]
    fn origins_point_at_the_original_bytes() {
        let text = "The  “Three\nBrothers”[4] drill";
        let n = normalize(text);
        assert_eq!(n.as_str(), "the \"three brothers\" drill");
        let at = n.as_str().find("three").unwrap();
        let brothers_end = n.as_str().find(" drill").unwrap();
        assert_eq!(
            &text[n.origin(at..brothers_end)],
            "Three\nBrothers”",
            "a range maps to whole original chars"
        );
        assert_eq!(
            &text[n.origin(3..4)],
            "  ",
            "a space stands for its whitespace run"
        );
    }

    #[test]
    fn pieces_join_with_a_break_and_keep_their_base() {
        let mut normalizer = Normalizer::new();
        normalizer.push("end of one.", 100);
        normalizer.push_break(111..113);
        normalizer.push("Start", 113);
        let n = normalizer.finish();
        assert_eq!(n.as_str(), "end of one. start");
        assert_eq!(n.origin(12..17), 113..118);
        assert_eq!(n.origin(0..3), 100..103);
    }

    #[test]
    fn words_split_on_spaces() {
        let n = normalize("In the  period 2016-2020, 69%");
        let words: Vec<&str> = n.words().into_iter().map(|r| &n.as_str()[r]).collect();
        assert_eq!(words, ["in", "the", "period", "2016-2020,", "69%"]);
    }

    #[test]
    fn occurrences_respect_word_boundaries() {
        let n = normalize("Israel supplied 69% to Israel, not 169%");
        assert_eq!(n.find_all("israel").len(), 2);
        assert!(n.find_all("rael").is_empty());
        assert_eq!(n.find_all("69%"), vec![16..19]);
        assert_eq!(n.find_all(", not"), vec![29..34]);
    }

    #[test]
    fn surrounding_quotation_marks_are_stripped() {
        assert_eq!(strip_quotation_marks("  “liberate it.”  "), "liberate it.");
        assert_eq!(strip_quotation_marks("\"'nested'\""), "nested");
        assert_eq!(strip_quotation_marks("“only opening"), "only opening");
        assert_eq!(strip_quotation_marks("only closing.”"), "only closing.");
        assert_eq!(
            strip_quotation_marks("stating that “it will not.”"),
            "stating that “it will not.”"
        );
        assert_eq!(
            strip_quotation_marks("the Azerbaijanis’"),
            "the Azerbaijanis’"
        );
        assert_eq!(strip_quotation_marks("\""), "");
    }

    const WORDS: &[&str] = &[
        "Azerbaijan’s",
        "“soft",
        "flank”",
        "69%",
        "7,200",
        "Türkiye",
        "détente",
        "U.S.-Israeli",
        "arms,",
        "(2016–2020)",
        "the",
        "Erdoğan",
        "war.",
        "O’Neill",
        "ﬁnal",
    ];
    const GAPS: &[&str] = &[
        " ", "  ", "\n", " \r\n", "\u{a0}", "[3] ", " [12]\n", "¹ ", "\t",
    ];

    proptest! {
        #[test]
        fn origins_are_ordered_char_ranges_of_the_original(text in any::<String>()) {
            let n = normalize(&text);
            let mut previous_start = 0;
            for (at, c) in n.as_str().char_indices() {
                let origin = n.origin(at..at + c.len_utf8());
                prop_assert!(origin.start < origin.end && origin.end <= text.len());
                prop_assert!(text.is_char_boundary(origin.start) && text.is_char_boundary(origin.end));
                prop_assert!(origin.start >= previous_start);
                previous_start = origin.start;
            }
        }

        #[test]
        fn a_run_of_words_copied_from_a_text_is_found_in_it(
            words in prop::collection::vec(prop::sample::select(WORDS), 1..30),
            gaps in prop::collection::vec(prop::sample::select(GAPS), 30),
            from in 0usize..30,
            len in 1usize..10,
        ) {
            let mut text = String::new();
            for (word, gap) in words.iter().zip(&gaps) {
                text.push_str(word);
                text.push_str(gap);
            }
            let from = from % words.len();
            let to = (from + len).min(words.len());
            // As a person would type it: single spaces, straight quotes, no footnote markers.
            let quote = words[from..to].join(" ").replace(['’', '‘'], "'").replace(['“', '”'], "\"");
            let found = normalize(&text).find_all(normalize(&quote).as_str());
            prop_assert!(!found.is_empty(), "{quote:?} not found in {text:?}");
        }
    }
}
