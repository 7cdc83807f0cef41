//! Word analysis: the tokenizer that both text views index with.
//!
//! This module owns what a "word" is for sleuth and how it is folded, so that the index, the query side
//! and quote matching all agree. The exact view uses [`WordTokenizer`] as is; the stemmed view chains
//! tantivy's English `Stemmer` after it.
//!
//! Rules, in the order they apply:
//! - Words are UAX #29 word segments; a segment becomes a token when it contains an alphanumeric char.
//!   Most English text is ASCII, so ASCII runs are segmented by a hand-written fast path that follows
//!   the same rules (a property test checks it against `unicode-segmentation`); anything touching a
//!   non-ASCII char goes through `unicode-segmentation`.
//! - Folding ([`normalize_word`]) happens in one pass per char: lowercase, compatibility decomposition
//!   (NFKD), dropping diacritical marks and invisible format chars, a small table for letters that do
//!   not decompose (`ß`→`ss`, `ø`→`o`, `æ`→`ae`, `ł`→`l`, `ı`→`i`, …) and typographic apostrophes
//!   (`’ ‘ ʼ ′ ＇`) becoming `'`. NFKD rather than NFD so that ligatures (`ﬁ`) and fullwidth forms from
//!   PDF extraction match plain text.
//! - A possessive `'s` (or a trailing lone `'`) is removed, and a token never starts or ends with
//!   punctuation. UAX #29 never ends a word with `.`, so `U.S.` in the text gives `u.s`;
//!   [`normalize_word`] trims the `.` too, so a query word `U.S.` agrees with the index.
//! - Numbers stay as written (`7,200`, `3.5`); a few meaningful symbols (`% $ € £ ¥ ° # & + @`) are
//!   tokens of their own; other punctuation gives no token.
//! - Footnote markers (`[12]`, `[a]`, superscript digits: [`crate::marks::footnote_marker_len`])
//!   give no token, wherever they stand.
//! - Positions count tokens, so words adjacent in the text have consecutive positions and a query like
//!   `69%` can become a phrase. A token longer than [`MAX_TOKEN_BYTES`] after folding is dropped but
//!   still takes its position, so a phrase never matches across it.
//! - Offsets are byte ranges of the source text: a word token covers its whole segment
//!   (`Azerbaijan’s` for `azerbaijan`), a symbol token its own char.

use std::ops::Range;

use super::folding::normalize_word;
use super::word_bounds::Segments;
use crate::marks::{footnote_marker_len, is_superscript_digit};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Longest token kept, in bytes after folding. Longer ones are mostly URLs, hashes or words glued
/// together by extraction, and only bloat the term dictionary.
pub const MAX_TOKEN_BYTES: usize = 64;

/// Symbols that carry meaning in claims ("69%", "$5", "AT&T") and so are searchable on their own.
pub(super) const SYMBOL_TOKENS: [char; 10] = ['%', '$', '€', '£', '¥', '°', '#', '&', '+', '@'];

/// Splits text into folded words and symbols; see the module docs for the rules.
///
/// The tokenizer only holds the token it hands out, so its text buffer is reused across tokens and
/// across documents.
#[derive(Clone, Debug, Default)]
pub struct WordTokenizer {
    token: Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            segments: Segments::new(text),
            token: &mut self.token,
            next_position: 0,
        }
    }
}

/// The tokens of one text, produced lazily by [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    segments: Segments<'a>,
    token: &'a mut Token,
    next_position: usize,
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some(range) = self.segments.next() {
            if self.load_token(range) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

impl WordTokenStream<'_> {
    /// Makes the segment at `range` the current token; false when it yields none.
    fn load_token(&mut self, range: Range<usize>) -> bool {
        // Most segments are the spaces between words; one starting with a space or a line break
        // never holds a word or a symbol.
        if matches!(self.text.as_bytes().get(range.start), Some(b' ' | b'\n')) {
            return false;
        }
        let Some(segment) = self.text.get(range.clone()) else {
            return false;
        };
        if let Some(close) = footnote_end(self.text, segment, &range) {
            self.segments.skip_to(close);
            return false;
        }
        if let Some(symbol) = symbol_token(segment) {
            self.token.text.clear();
            self.token.text.push(symbol);
            return self.emit(range.start, range.start + symbol.len_utf8());
        }
        if !has_alphanumeric(segment) {
            return false;
        }
        normalize_word(segment, &mut self.token.text);
        if self.token.text.is_empty() {
            return false;
        }
        self.emit(range.start, range.end)
    }

    /// Gives the token in `self.token.text` its offsets and the next position; false (but the
    /// position is used up) when the token is too long to keep.
    fn emit(&mut self, offset_from: usize, offset_to: usize) -> bool {
        let position = self.next_position;
        self.next_position += 1;
        if self.token.text.len() > MAX_TOKEN_BYTES {
            return false;
        }
        self.token.offset_from = offset_from;
        self.token.offset_to = offset_to;
        self.token.position = position;
        true
    }
}

/// The symbol a segment stands for, if it is one of [`SYMBOL_TOKENS`] (possibly with marks attached).
pub(super) fn symbol_token(segment: &str) -> Option<char> {
    segment
        .chars()
        .next()
        .filter(|first| SYMBOL_TOKENS.contains(first))
}

fn has_alphanumeric(segment: &str) -> bool {
    match segment.as_bytes().first() {
        Some(first) if first.is_ascii_alphanumeric() => true,
        _ => segment.chars().any(char::is_alphanumeric),
    }
}

/// End of the footnote marker ([`crate::marks::footnote_marker_len`]) that the segment at `range`
/// starts, if it starts one: `[` opening `[12]` or `[a]`, or superscript digits.
fn footnote_end(text: &str, segment: &str, range: &Range<usize>) -> Option<usize> {
    if segment != "[" && !segment.starts_with(is_superscript_digit) {
        return None;
    }
    let len = footnote_marker_len(text.get(range.start..)?)?;
    // A segment that only starts with superscripts is a word of its own, not a marker.
    (segment == "[" || len >= segment.len()).then_some(range.start + len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::folding::{is_plain_ascii_word, normalize_word, trim_to_word};
    use crate::analysis::word_bounds::{ascii_segment_end, Segments};
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn collect(text: &str) -> Vec<Token> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut all = Vec::new();
        stream.process(&mut |token| all.push(token.clone()));
        all
    }

    fn texts(text: &str) -> Vec<String> {
        collect(text).into_iter().map(|token| token.text).collect()
    }

    fn normalized(word: &str) -> String {
        let mut out = String::from("stale content");
        normalize_word(word, &mut out);
        out
    }

    fn assert_token(token: &Token, position: usize, text: &str, from: usize, to: usize) {
        assert_eq!(token.position, position, "position of {token:?}");
        assert_eq!(token.text, text, "text of {token:?}");
        assert_eq!(token.offset_from, from, "offset_from of {token:?}");
        assert_eq!(token.offset_to, to, "offset_to of {token:?}");
    }

    #[test]
    fn splits_on_spaces_and_punctuation() {
        let tokens = collect("Hello, happy tax-payer!");
        assert_eq!(tokens.len(), 4);
        assert_token(&tokens[0], 0, "hello", 0, 5);
        assert_token(&tokens[1], 1, "happy", 7, 12);
        assert_token(&tokens[2], 2, "tax", 13, 16);
        assert_token(&tokens[3], 3, "payer", 17, 22);
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(
            texts("Erdoğan Türkiye TÜrkiye İncelemeleri détente Straße"),
            [
                "erdogan",
                "turkiye",
                "turkiye",
                "incelemeleri",
                "detente",
                "strasse"
            ]
        );
        assert_eq!(
            texts("Øresund Æther Łódź ılık ẞ Þór Guðrún"),
            ["oresund", "aether", "lodz", "ilik", "ss", "thor", "gudrun"]
        );
    }

    #[test]
    fn folds_compatibility_forms_and_drops_invisible_chars() {
        assert_eq!(
            texts("ﬁnal ＡＢＣ in\u{AD}ternational"),
            ["final", "abc", "international"]
        );
        // A decomposed accent is dropped like a precomposed one.
        assert_eq!(texts("de\u{301}tente"), ["detente"]);
    }

    #[test]
    fn keeps_scripts_without_diacritics_whole() {
        assert_eq!(texts("한국 Москва́ नमस्ते"), ["한국", "москва", "नमस्ते"]);
    }

    #[test]
    fn typographic_apostrophes_equal_ascii_ones() {
        for word in ["don’t", "don‘t", "donʼt", "don′t", "don＇t", "don't"] {
            assert_eq!(normalized(word), "don't", "{word}");
        }
        assert_eq!(texts("don’t O’Neill"), ["don't", "o'neill"]);
    }

    #[test]
    fn possessive_is_removed_but_the_offsets_cover_the_whole_word() {
        let tokens = collect("Azerbaijan’s arms, Azerbaijan's arms");
        assert_eq!(tokens.len(), 4);
        assert_token(&tokens[0], 0, "azerbaijan", 0, 14);
        assert_token(&tokens[1], 1, "arms", 15, 19);
        assert_token(&tokens[2], 2, "azerbaijan", 21, 33);
        assert_token(&tokens[3], 3, "arms", 34, 38);
    }

    #[test]
    fn lone_trailing_apostrophe_is_removed() {
        let tokens = collect("the Azerbaijanis’ 2020 victory");
        assert_token(&tokens[1], 1, "azerbaijanis", 4, 16);
        assert_token(&tokens[2], 2, "2020", 20, 24);
        assert_eq!(normalized("Azerbaijanis’"), "azerbaijanis");
        assert_eq!(normalized("Azerbaijanisʼ"), "azerbaijanis");
        assert_eq!(texts("Azerbaijanisʼ"), ["azerbaijanis"]);
    }

    #[test]
    fn numbers_stay_as_written() {
        let tokens = collect("7,200 and 3.5");
        assert_token(&tokens[0], 0, "7,200", 0, 5);
        assert_token(&tokens[1], 1, "and", 6, 9);
        assert_token(&tokens[2], 2, "3.5", 10, 13);
    }

    #[test]
    fn percent_is_a_token_after_its_number() {
        let tokens = collect("supplied 69% of");
        assert_eq!(tokens.len(), 4);
        assert_token(&tokens[0], 0, "supplied", 0, 8);
        assert_token(&tokens[1], 1, "69", 9, 11);
        assert_token(&tokens[2], 2, "%", 11, 12);
        assert_token(&tokens[3], 3, "of", 13, 15);
    }

    #[test]
    fn meaningful_symbols_are_tokens() {
        let tokens = collect("$5 €6 £7 ¥8 9° #1 AT&T C+ a@b");
        let symbols: Vec<_> = tokens
            .iter()
            .filter(|token| token.text.chars().all(|c| SYMBOL_TOKENS.contains(&c)))
            .map(|token| (token.text.as_str(), token.offset_from, token.offset_to))
            .collect();
        assert_eq!(
            symbols,
            [
                ("$", 0, 1),
                ("€", 3, 6),
                ("£", 8, 10),
                ("¥", 12, 14),
                ("°", 17, 19),
                ("#", 20, 21),
                ("&", 25, 26),
                ("+", 29, 30),
                ("@", 32, 33)
            ]
        );
        let positions: Vec<_> = tokens.iter().map(|token| token.position).collect();
        assert_eq!(positions, (0..tokens.len()).collect::<Vec<_>>());
    }

    #[test]
    fn other_punctuation_gives_no_token() {
        assert!(collect("— – - … “ ” ( ) ! ? / * • ᐀ ㈀ _").is_empty());
    }

    #[test]
    fn hyphenated_ranges_and_compounds_split() {
        let tokens = collect("2016-2020 132-kilometer");
        assert_eq!(tokens.len(), 4);
        assert_token(&tokens[0], 0, "2016", 0, 4);
        assert_token(&tokens[1], 1, "2020", 5, 9);
        assert_token(&tokens[2], 2, "132", 10, 13);
        assert_token(&tokens[3], 3, "kilometer", 14, 23);
    }

    #[test]
    fn abbreviation_keeps_inner_dots_only() {
        let tokens = collect("U.S.-Israeli");
        assert_eq!(tokens.len(), 2);
        assert_token(&tokens[0], 0, "u.s", 0, 3);
        assert_token(&tokens[1], 1, "israeli", 5, 12);
        assert_eq!(normalized("U.S."), "u.s");
    }

    #[test]
    fn footnote_markers_give_no_token() {
        let tokens = collect("people[3], has");
        assert_eq!(tokens.len(), 2);
        assert_token(&tokens[0], 0, "people", 0, 6);
        assert_token(&tokens[1], 1, "has", 11, 14);
        assert_eq!(texts("7,200 people [3], has"), ["7,200", "people", "has"]);
        assert_eq!(texts("[12] alone[1][2] x[123]"), ["alone", "x"]);
    }

    #[test]
    fn bracketed_text_that_is_no_footnote_marker_is_indexed() {
        assert_eq!(texts("[2020] [sic] [1 ] [x1]"), ["2020", "sic", "1", "x1"]);
    }

    #[test]
    fn letter_notes_and_superscript_markers_give_no_token_as_they_are_folded_away_in_quotes() {
        // Where the tokenizer, the normalizer and the segmenter used to disagree: `[a]` was the
        // word `a` here, plain text to `verify` and a marker to the segmenter.
        assert_eq!(texts("conflict[a] began"), ["conflict", "began"]);
        assert_eq!(texts("Israel¹² said 5 m²"), ["israel", "said", "5", "m"]);
        assert_eq!(
            crate::verify::normalize::normalize("conflict[a] began").as_str(),
            "conflict began"
        );
    }

    #[test]
    fn overlong_tokens_are_dropped_but_keep_their_position() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        let kept = "b".repeat(MAX_TOKEN_BYTES);
        let text = format!("x {long} y {kept}");
        let tokens = collect(&text);
        assert_eq!(tokens.len(), 3);
        assert_token(&tokens[0], 0, "x", 0, 1);
        assert_token(&tokens[1], 2, "y", 68, 69);
        assert_token(&tokens[2], 3, &kept, 70, 134);
    }

    #[test]
    fn normalize_word_trims_punctuation_and_replaces_the_buffer() {
        assert_eq!(normalized("“Azerbaijan’s”"), "azerbaijan");
        assert_eq!(normalized("_snake_case_"), "snake_case");
        assert_eq!(normalized("--"), "");
        assert_eq!(normalized(""), "");
    }

    #[test]
    fn only_words_with_nothing_to_trim_are_plain() {
        for word in ["Israel", "TB2", "x", "2020", "u.s", "snake_case"] {
            assert!(is_plain_ascii_word(word.as_bytes()), "{word}");
        }
        for word in ["Israel's", "_x", "x_", "U.S.", "", "Türkiye", "'tis"] {
            assert!(!is_plain_ascii_word(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn tokenizer_is_reusable() {
        let mut tokenizer = WordTokenizer::default();
        for _ in 0..2 {
            let mut stream = tokenizer.token_stream("Erdoğan said");
            assert!(stream.advance());
            assert_token(stream.token(), 0, "erdogan", 0, 8);
            assert!(stream.advance());
            assert_token(stream.token(), 1, "said", 9, 13);
            assert!(!stream.advance());
        }
    }

    #[test]
    fn tokens_carry_text_offsets_and_positions() {
        let tokens = collect("Türkiye’s TB2");
        assert_eq!(tokens.len(), 2);
        assert_token(&tokens[0], 0, "turkiye", 0, 12);
        assert_token(&tokens[1], 1, "tb2", 13, 16);
    }

    // Sentences copied from the seed corpus, with their exact bytes.

    #[test]
    fn seed_possessive_and_percent() {
        let text = "2020, Israel supplied 69% of Azerbaijan’s arms";
        assert_eq!(
            texts(text),
            [
                "2020",
                "israel",
                "supplied",
                "69",
                "%",
                "of",
                "azerbaijan",
                "arms"
            ]
        );
        let tokens = collect(text);
        assert_token(&tokens[6], 6, "azerbaijan", 29, 43);
    }

    #[test]
    fn seed_footnote_after_punctuation() {
        let tokens = collect("in the 1st century BC,[1] are the oldest");
        assert_eq!(tokens.len(), 8);
        assert_token(&tokens[4], 4, "bc", 19, 21);
        assert_token(&tokens[5], 5, "are", 26, 29);
    }

    #[test]
    fn seed_footnote_at_line_start() {
        let tokens = collect("approximately 7,200 people\n[3], has established");
        assert_eq!(tokens.len(), 5);
        assert_token(&tokens[1], 1, "7,200", 14, 19);
        assert_token(&tokens[2], 2, "people", 20, 26);
        assert_token(&tokens[3], 3, "has", 32, 35);
    }

    #[test]
    fn seed_no_break_space() {
        let tokens = collect("Türkiye’s Bayraktar\u{A0}TB2");
        assert_eq!(tokens.len(), 3);
        assert_token(&tokens[1], 1, "bayraktar", 13, 22);
        assert_token(&tokens[2], 2, "tb2", 24, 27);
    }

    #[test]
    fn seed_exotic_spaces() {
        let text = "on 17\u{2000} \u{1300}\u{3200}\u{3000}\u{2000} October 2022.";
        let tokens = collect(text);
        assert_eq!(tokens.len(), 5);
        assert_token(&tokens[0], 0, "on", 0, 2);
        assert_token(&tokens[1], 1, "17", 3, 5);
        // U+1300 is an Ethiopic letter (extraction garbage here, but a letter all the same).
        assert_token(&tokens[2], 2, "ጀ", 9, 12);
        assert_token(&tokens[3], 3, "october", 22, 29);
        assert_token(&tokens[4], 4, "2022", 30, 34);
    }

    #[test]
    fn seed_turkish_and_french_words() {
        assert_eq!(
            texts("AVİM Avrasya İncelemeleri Merkezi; Tayyip Erdoğan; diplomatic détente."),
            [
                "avim",
                "avrasya",
                "incelemeleri",
                "merkezi",
                "tayyip",
                "erdogan",
                "diplomatic",
                "detente"
            ]
        );
    }

    // Properties

    /// Pieces chosen to hit every rule: joining punctuation, marks, exotic spaces, symbols, brackets.
    fn tricky_text() -> impl Strategy<Value = String> {
        const PIECES: &[&str] = &[
            "a", "Z", "x1", "7", "12", "7,200", ".", ",", ";", ":", "'", "’", "‘", "ʼ", "′", "_",
            "[", "]", "[3]", "%", "$", "€", "-", " ", "  ", "\n", "\r", "\r\n", "\t", "\u{A0}",
            "\u{2000}", "\u{3000}", "é", "e\u{301}", "\u{301}", "ß", "İ", "ı", "ø", "ﬁ", "ŉ", "한",
            "中", "ア", "\u{AD}", "\u{200D}", "👍", "🇦🇿", "\u{93E}", "א", "\"", "ℌ",
        ];
        prop::collection::vec(prop::sample::select(PIECES), 0..40)
            .prop_map(|pieces| pieces.concat())
    }

    fn ascii_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(b"aZq09_.,;:'  \t\r\n\x0b\x0c-[]%!\"".as_slice()),
            0..48,
        )
        .prop_map(|bytes| bytes.into_iter().map(char::from).collect())
    }

    fn unicode_ranges(text: &str) -> Vec<Range<usize>> {
        text.split_word_bound_indices()
            .map(|(start, word)| start..start + word.len())
            .collect()
    }

    /// Segments by the ASCII rules alone; `None` if they ever defer to UAX #29.
    fn ascii_ranges(text: &str) -> Option<Vec<Range<usize>>> {
        let mut ranges = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let end = ascii_segment_end(text.as_bytes(), start)?;
            ranges.push(start..end);
            start = end;
        }
        Some(ranges)
    }

    fn check_token_invariants(text: &str) -> Result<(), TestCaseError> {
        let mut previous: Option<Token> = None;
        for token in collect(text) {
            let (from, to) = (token.offset_from, token.offset_to);
            prop_assert!(from < to && to <= text.len(), "{token:?}");
            prop_assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
            prop_assert!(!token.text.is_empty() && token.text.len() <= MAX_TOKEN_BYTES);
            let source = &text[from..to];
            if let Some(symbol) = symbol_token(source).filter(|s| token.text == s.to_string()) {
                prop_assert_eq!(to - from, symbol.len_utf8());
            } else {
                prop_assert_eq!(normalized(source), token.text.clone());
            }
            if let Some(previous) = &previous {
                prop_assert!(previous.offset_to <= from, "{previous:?} then {token:?}");
                prop_assert!(previous.position < token.position);
            }
            previous = Some(token);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn tokens_keep_their_invariants_on_any_text(text in any::<String>()) {
            check_token_invariants(&text)?;
        }

        #[test]
        fn tokens_keep_their_invariants_on_tricky_text(text in tricky_text()) {
            check_token_invariants(&text)?;
        }

        #[test]
        fn plain_word_fast_path_folds_like_the_general_path(word in "[a-zA-Z0-9_.,:;']{0,12}") {
            let mut general = word.to_ascii_lowercase();
            trim_to_word(&mut general);
            prop_assert_eq!(normalized(&word), general);
        }

        #[test]
        fn ascii_fast_path_matches_uax29(text in ascii_text()) {
            prop_assert_eq!(ascii_ranges(&text), Some(unicode_ranges(&text)));
        }

        #[test]
        fn mixed_segmentation_matches_uax29(text in tricky_text()) {
            prop_assert_eq!(Segments::new(&text).collect::<Vec<_>>(), unicode_ranges(&text));
        }

        #[test]
        fn adjacent_words_get_consecutive_positions(words in prop::collection::vec("[a-z]{1,10}", 1..20)) {
            let positions: Vec<_> = collect(&words.join(" ")).iter().map(|t| t.position).collect();
            prop_assert_eq!(positions, (0..words.len()).collect::<Vec<_>>());
        }
    }
}
