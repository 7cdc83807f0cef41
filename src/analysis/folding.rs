//! Folding a word: case, compatibility forms, diacritics, invisible characters, letters that do
//! not decompose and typographic apostrophes, in one pass per char. The tokenizer, the query side
//! and quote matching fold with the same code, so they agree on what a word is.

use unicode_normalization::char::decompose_compatible;

use crate::marks::{is_apostrophe, is_invisible};

/// Folds one word as the tokenizer folds a word segment, replacing the content of `out`.
///
/// Used by the query side and by quote matching, so that a word typed or quoted by a person finds
/// the indexed token. `out` is empty when nothing searchable is left (e.g. `"--"`).
pub fn normalize_word(word: &str, out: &mut String) {
    out.clear();
    if is_plain_ascii_word(word.as_bytes()) {
        // Most words: nothing to fold but case, nothing to trim.
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            fold_char(c, out);
        }
    }
    trim_to_word(out);
}

/// Whether `word` is ASCII, starts and ends with a letter or digit and has no apostrophe, so that
/// [`trim_to_word`] would leave it as it is.
pub(super) fn is_plain_ascii_word(word: &[u8]) -> bool {
    let (Some(first), Some(last)) = (word.first(), word.last()) else {
        return false;
    };
    first.is_ascii_alphanumeric()
        && last.is_ascii_alphanumeric()
        && word.iter().all(|&b| b.is_ascii() && b != b'\'')
}

fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        if let Some(folded) = fold_undecomposable(lower) {
            out.push_str(folded);
        } else if is_hangul_syllable(lower) {
            // NFKD would split Korean syllables into jamo: no diacritics to drop, only bigger terms.
            out.push(lower);
        } else {
            decompose_compatible(lower, |part| push_decomposed(part, out));
        }
    }
}

/// Folds one char of a decomposition: the base letters stay, the marks go.
fn push_decomposed(part: char, out: &mut String) {
    if is_apostrophe(part) {
        out.push('\'');
        return;
    }
    if is_diacritic(part) || is_invisible(part) {
        return;
    }
    // Compatibility forms can decompose to capitals (`ℌ` → `H`), hence lowercasing again.
    for lower in part.to_lowercase() {
        match fold_undecomposable(lower) {
            Some(folded) => out.push_str(folded),
            None if is_diacritic(lower) => {}
            None => out.push(lower),
        }
    }
}

/// Lowercase letters that carry no combining mark in Unicode but are read as plain Latin letters by
/// English-speaking searchers (`Straße`, `København`, `Łódź`, `Isparta` written with `ı`).
fn fold_undecomposable(lower: char) -> Option<&'static str> {
    let folded = match lower {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        // NFKD gives "l·" for it, so it must be caught before decomposition.
        'ŀ' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        // Azerbaijani schwa, written `a` (and `e`: see `spellings`) in English transliteration.
        'ə' | 'ǝ' => "a",
        'ȷ' => "j",
        'ħ' => "h",
        'ŧ' => "t",
        'ƒ' => "f",
        // Greek final sigma is the same letter as σ.
        'ς' => "σ",
        _ => return None,
    };
    Some(folded)
}

/// Combining marks of the diacritic blocks (accents, cedillas, dots, …). Marks of other scripts
/// (Indic vowel signs, for instance) spell the word and are kept.
fn is_diacritic(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

fn is_hangul_syllable(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}')
}

/// Removes a possessive and the punctuation at both ends, so that only the searchable word is left.
pub(super) fn trim_to_word(word: &mut String) {
    trim_end_non_alphanumeric(word);
    if word.ends_with("'s") {
        word.truncate(word.len() - 2);
        trim_end_non_alphanumeric(word);
    }
    let leading = word.len()
        - word
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    if leading > 0 {
        word.drain(..leading);
    }
}

fn trim_end_non_alphanumeric(word: &mut String) {
    while word
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_alphanumeric())
    {
        word.pop();
    }
}
