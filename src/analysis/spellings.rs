//! Words written in more than one way: one searched form finds the others.
//!
//! Two kinds of rule, both applied to tokens the tokenizer has already folded:
//! - [`canonicalize`] rewrites a token to the one form both the index and queries use: numbers
//!   lose their thousands separators (`7,200` → `7200`) and abbreviations their dots (`u.s` →
//!   `us`), so either way of writing finds the other.
//! - [`variants`] gives the other spellings under which the index also files a word (at the same
//!   position, so phrases still match): `ə` written `e` as well as `a` (Azerbaijani names are
//!   transliterated both ways: `Əliyev` is `Aliyev` and `Eliyev`), and a Turkish proper name
//!   without the case suffix written after its apostrophe (`İSTANBUL'da` → `istanbul`).
//!
//! Verification compares quotes with the words as written, not with these forms.

/// Rewrites a folded token to the form the index holds: `7,200` → `7200`, `1,234,567` →
/// `1234567`, `u.s` → `us`, `u.s.a` → `usa`. Other numbers (`3.5`, `1,2,3`) and words stay.
pub fn canonicalize(token: &mut String) {
    let bytes = token.as_bytes();
    if bytes.contains(&b',') && is_grouped_number(bytes) {
        token.retain(|c| c != ',');
    } else if bytes.contains(&b'.') && is_dotted_abbreviation(bytes) {
        token.retain(|c| c != '.');
    }
}

/// `7,200` or `1,234,567`: one to three digits, then groups of three after commas.
fn is_grouped_number(bytes: &[u8]) -> bool {
    let mut groups = bytes.split(|&b| b == b',');
    let Some(first) = groups.next() else {
        return false;
    };
    (1..=3).contains(&first.len())
        && first.iter().all(u8::is_ascii_digit)
        && groups.all(|group| group.len() == 3 && group.iter().all(u8::is_ascii_digit))
}

/// `u.s`, `u.k`, `e.u`, `u.s.a`: single letters between dots.
fn is_dotted_abbreviation(bytes: &[u8]) -> bool {
    bytes.len() >= 3
        && bytes
            .split(|&b| b == b'.')
            .all(|part| part.len() == 1 && part[0].is_ascii_alphabetic())
}

/// Case suffixes of Turkish (and Azerbaijani) written after an apostrophe on a proper name
/// (`İstanbul'da`, `Ankara'dan`, `Erdoğan'ın`), folded as the tokenizer folds them.
const APOSTROPHE_SUFFIXES: &[&str] = &[
    "a", "e", "ya", "ye", "na", "ne", "i", "u", "yi", "yu", "ni", "nu", "in", "un", "nin", "nun",
    "da", "de", "ta", "te", "nda", "nde", "dan", "den", "tan", "ten", "ndan", "nden", "la", "le",
    "yla", "yle", "lar", "ler", "lari", "leri", "larin", "lerin", "lara", "lere", "larda", "lerde",
    "lardan", "lerden", "daki", "deki", "taki", "teki", "dir", "dur", "tir", "tur", "ca", "ce",
];

/// The other forms under which the index files the token `folded`, written as `source` in the
/// text: `source` with `ə` read as `e` (the folded token reads it as `a`), and the word before a
/// Turkish case suffix.
pub fn variants(source: &str, folded: &str, mut add: impl FnMut(String)) {
    if !source.is_ascii() && source.contains(['ə', 'Ə', 'ǝ']) {
        add(folded_schwa_as_e(source, folded));
    }
    if let Some((word, suffix)) = folded.rsplit_once('\'') {
        if word.chars().count() >= 2 && APOSTROPHE_SUFFIXES.contains(&suffix) {
            add(word.to_string());
        }
    }
}

/// `folded` with the letters that were `ə` in `source` read as `e`: folding maps `ə` to `a`, and
/// both are one byte wide after folding, so the `a`s to change are found by walking both texts.
fn folded_schwa_as_e(source: &str, folded: &str) -> String {
    let mut word = String::new();
    crate::analysis::folding::normalize_word(&source.replace(['ə', 'Ə', 'ǝ'], "e"), &mut word);
    canonicalize(&mut word);
    if word.is_empty() {
        folded.to_string()
    } else {
        word
    }
}

/// Words that join the two ends of a range written out (`2016 and 2020`, `2016 to 2020`).
const RANGE_WORDS: [&str; 4] = ["and", "to", "through", "until"];

/// The other ways of writing the number ranges among a phrase's tokens: `2016-2020` (two numbers
/// in a row, once the hyphen is gone) is `2016 and 2020` and `2016 to 2020`, and those are
/// `2016-2020`. Empty when the tokens hold no range.
pub fn range_spellings(tokens: &[String]) -> Vec<Vec<String>> {
    let is_number = |token: &String| token.bytes().all(|b| b.is_ascii_digit());
    let mut spelled: Vec<Vec<String>> = Vec::new();
    // `N and M` → `N M`
    let mut joined = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        joined.push(tokens[i].clone());
        let is_range = i + 2 < tokens.len()
            && is_number(&tokens[i])
            && RANGE_WORDS.contains(&tokens[i + 1].as_str())
            && is_number(&tokens[i + 2]);
        i += if is_range { 2 } else { 1 };
    }
    if joined.len() < tokens.len() {
        spelled.push(joined);
    }
    // `N M` → `N and M`, `N to M`
    for word in ["and", "to"] {
        let mut written = Vec::with_capacity(tokens.len() + 1);
        for (i, token) in tokens.iter().enumerate() {
            written.push(token.clone());
            if tokens
                .get(i + 1)
                .is_some_and(|next| is_number(token) && is_number(next))
            {
                written.push(word.to_string());
            }
        }
        if written.len() > tokens.len() {
            spelled.push(written);
        }
    }
    spelled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(token: &str) -> String {
        let mut token = token.to_string();
        canonicalize(&mut token);
        token
    }

    fn all_variants(source: &str, folded: &str) -> Vec<String> {
        let mut found = Vec::new();
        variants(source, folded, |v| found.push(v));
        found
    }

    #[test]
    fn numbers_lose_thousands_separators_and_abbreviations_their_dots() {
        assert_eq!(canonical("7,200"), "7200");
        assert_eq!(canonical("1,234,567"), "1234567");
        assert_eq!(canonical("u.s"), "us");
        assert_eq!(canonical("u.s.a"), "usa");
        for kept in [
            "3.5",
            "1,2,3",
            "12,34",
            "1234,567",
            "www.example",
            "a.bc",
            "7200",
        ] {
            assert_eq!(canonical(kept), kept);
        }
    }

    #[test]
    fn number_ranges_are_spelled_every_way() {
        let tokens = |text: &str| text.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            range_spellings(&tokens("between 2016 and 2020")),
            [tokens("between 2016 2020")]
        );
        assert_eq!(
            range_spellings(&tokens("period 2016 2020")),
            [
                tokens("period 2016 and 2020"),
                tokens("period 2016 to 2020")
            ]
        );
        assert!(range_spellings(&tokens("arms and imports 2020")).is_empty());
    }

    #[test]
    fn schwa_is_also_filed_as_e_and_turkish_suffixes_come_off() {
        assert_eq!(all_variants("Əliyev", "aliyev"), ["eliyev"]);
        assert_eq!(all_variants("Azərbaycan", "azarbaycan"), ["azerbaycan"]);
        assert_eq!(all_variants("İSTANBUL'da", "istanbul'da"), ["istanbul"]);
        assert_eq!(all_variants("Ankara’dan", "ankara'dan"), ["ankara"]);
        for (source, folded) in [
            ("don't", "don't"),
            ("O'Neill", "o'neill"),
            ("we'd", "we'd"),
            ("Aliyev", "aliyev"),
        ] {
            assert_eq!(
                all_variants(source, folded),
                Vec::<String>::new(),
                "{source}"
            );
        }
    }
}
