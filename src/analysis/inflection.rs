//! A light English stemmer that removes inflections only: plurals and third persons (`-s`, `-es`,
//! `-ies`), past tenses and participles (`-ed`, `-ing`), and the spelling changes they bring (`y`/`i`,
//! a doubled consonant, a final `e`).
//!
//! Porter-family stemmers also strip derivational endings (`-ance`, `-ant`, `-ment`, `-ation`, …), so
//! they file `import`, `important` and `importance` under one stem and a search for arms imports
//! returns "an important partner". A reader keeps those words apart, and so does this stemmer,
//! which keeps the derivations whole, as KStem does.
//!
//! The rules are those of Snowball's English stemmer (Porter 2) for inflections: steps 1a, 1b, 1c
//! and 5 (with its regions R1 and R2 and its short syllables), which is what makes every inflected
//! form of a word agree with its bare form (`cause`, `causes`, `caused`, `causing` → `caus`;
//! `plan`, `planned` → `plan` but `plane` → `plane`). Steps 2 to 4, the derivational ones, are left
//! out. Stems are keys, not words: they are never shown.

/// Words whose stem is given, not computed: irregular forms and words that only look inflected.
const EXCEPTIONS: [(&str, &str); 11] = [
    ("skis", "ski"),
    ("skies", "sky"),
    ("dying", "die"),
    ("lying", "lie"),
    ("tying", "tie"),
    ("news", "news"),
    ("atlas", "atlas"),
    ("cosmos", "cosmos"),
    ("bias", "bias"),
    ("andes", "andes"),
    ("series", "series"),
];

/// Words left whole after the plural step: `-ing` and `-eed` are part of the word, not endings.
const NOT_INFLECTED: [&str; 8] = [
    "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
];

/// The stem of `word` (a folded, lowercase word): the word without its inflection. Words with
/// anything but the letters a to z, and words of one or two letters, are their own stems.
pub fn stem(word: &str) -> String {
    let bytes = word.as_bytes();
    if bytes.len() <= 2 || !bytes.iter().all(u8::is_ascii_lowercase) {
        return word.to_string();
    }
    if let Some((_, stem)) = EXCEPTIONS.iter().find(|(form, _)| *form == word) {
        return stem.to_string();
    }
    let mut w: Vec<u8> = bytes.to_vec();
    // Snowball's prelude: a `y` starting the word or after a vowel is a consonant, `Y`.
    for i in 0..w.len() {
        if w[i] == b'y' && (i == 0 || is_vowel(w[i - 1])) {
            w[i] = b'Y';
        }
    }
    let (r1, r2) = regions(&w);
    step_1a(&mut w);
    if !NOT_INFLECTED
        .iter()
        .any(|form| form.as_bytes() == w.as_slice())
    {
        step_1b(&mut w, r1);
        step_1c(&mut w);
        step_5(&mut w, r1, r2);
    }
    for b in &mut w {
        if *b == b'Y' {
            *b = b'y';
        }
    }
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn is_double(w: &[u8]) -> bool {
    match w {
        [.., a, b] => {
            a == b
                && matches!(
                    a,
                    b'b' | b'd' | b'f' | b'g' | b'm' | b'n' | b'p' | b'r' | b't'
                )
        }
        _ => false,
    }
}

/// Snowball's R1 and R2: where the region after the first non-vowel following a vowel starts
/// (R1), and the same again inside R1 (R2); the word's length when there is none.
fn regions(w: &[u8]) -> (usize, usize) {
    let after_syllable = |from: usize| {
        (from + 1..w.len())
            .find(|&i| !is_vowel(w[i]) && is_vowel(w[i - 1]))
            .map_or(w.len(), |i| i + 1)
    };
    let r1 = ["gener", "commun", "arsen"]
        .iter()
        .find(|prefix| w.starts_with(prefix.as_bytes()))
        .map_or_else(|| after_syllable(0), |prefix| prefix.len());
    let r2 = if r1 < w.len() {
        after_syllable(r1)
    } else {
        w.len()
    };
    (r1, r2)
}

/// Whether `w[..end]` ends in a short syllable: a vowel, then a non-vowel other than w, x or Y,
/// after a non-vowel; or a vowel starting the word, then a non-vowel.
fn ends_in_short_syllable(w: &[u8], end: usize) -> bool {
    match &w[..end] {
        [a, b] => is_vowel(*a) && !is_vowel(*b),
        [.., a, b, c] => {
            !is_vowel(*a) && is_vowel(*b) && !is_vowel(*c) && !matches!(c, b'w' | b'x' | b'Y')
        }
        _ => false,
    }
}

fn has_vowel(w: &[u8]) -> bool {
    w.iter().copied().any(is_vowel)
}

/// Plurals and third persons: `-sses` → `-ss`, `-ies`/`-ied` → `-i` (`-ie` in short words), `-s`
/// dropped after a word part holding a vowel that is not just before it; `-us`, `-ss` stay.
fn step_1a(w: &mut Vec<u8>) {
    if w.ends_with(b"sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with(b"ied") || w.ends_with(b"ies") {
        let keep = if w.len() > 4 {
            w.len() - 2
        } else {
            w.len() - 1
        };
        w.truncate(keep);
    } else if w.ends_with(b"s")
        && !w.ends_with(b"us")
        && !w.ends_with(b"ss")
        && has_vowel(&w[..w.len() - 2])
    {
        w.pop();
    }
}

/// Past tenses and participles: `-eed` → `-ee` in R1; `-ed` and `-ing` dropped after a word part
/// holding a vowel, then `-at`, `-bl`, `-iz` and short words get their `e` back and a doubled
/// consonant is undoubled (`hoped` → `hope`, `stopped` → `stop`).
fn step_1b(w: &mut Vec<u8>, r1: usize) {
    if w.ends_with(b"eed") {
        if w.len() - 3 >= r1 {
            w.pop();
        }
        return;
    }
    let suffix = if w.ends_with(b"ed") {
        2
    } else if w.ends_with(b"ing") {
        3
    } else {
        return;
    };
    let base = w.len() - suffix;
    if !has_vowel(&w[..base]) {
        return;
    }
    w.truncate(base);
    if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
        w.push(b'e');
    } else if is_double(w) {
        w.pop();
    } else if r1 >= w.len() && ends_in_short_syllable(w, w.len()) {
        w.push(b'e');
    }
}

/// A final `y` after a consonant that does not start the word becomes `i` (`cry`, `cries`, `cried`).
fn step_1c(w: &mut [u8]) {
    let n = w.len();
    if n > 2 && matches!(w[n - 1], b'y' | b'Y') && !is_vowel(w[n - 2]) {
        w[n - 1] = b'i';
    }
}

/// A final `e` goes when it is in R2, or in R1 after no short syllable (`cause` → `caus`, `plane`
/// stays); a final `ll` in R2 loses an `l` (`controll` → `control`).
fn step_5(w: &mut Vec<u8>, r1: usize, r2: usize) {
    // Where the final letter stands: the region it is in decides.
    let last = w.len().saturating_sub(1);
    if w.ends_with(b"e") {
        if last >= r2 || (last >= r1 && !ends_in_short_syllable(w, last)) {
            w.pop();
        }
    } else if w.ends_with(b"ll") && last >= r2 {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_stem(words: &[&str]) {
        let first = stem(words[0]);
        for word in words {
            assert_eq!(stem(word), first, "{word} and {}", words[0]);
        }
    }

    #[test]
    fn inflections_share_the_stem_of_their_word() {
        same_stem(&["import", "imports", "imported", "importing"]);
        same_stem(&["sanction", "sanctions", "sanctioned", "sanctioning"]);
        same_stem(&["cause", "causes", "caused", "causing"]);
        same_stem(&["study", "studies", "studied", "studying"]);
        same_stem(&["country", "countries"]);
        same_stem(&["stop", "stops", "stopped", "stopping"]);
        same_stem(&["hope", "hopes", "hoped", "hoping"]);
        same_stem(&["control", "controls", "controlled", "controlling"]);
        same_stem(&["class", "classes"]);
        same_stem(&["use", "uses", "used", "using"]);
        same_stem(&["agree", "agreed", "agrees"]);
        same_stem(&["relation", "relations"]);
        same_stem(&["arm", "arms", "armed"]);
    }

    #[test]
    fn derivations_keep_their_own_stems() {
        for (a, b) in [
            ("import", "important"),
            ("import", "importance"),
            ("important", "importance"),
            ("nation", "national"),
            ("relate", "relation"),
            ("general", "generous"),
            ("plan", "plane"),
            ("hop", "hope"),
            ("new", "news"),
            ("us", "use"),
        ] {
            assert_ne!(stem(a), stem(b), "{a} and {b}");
        }
    }

    #[test]
    fn short_words_numbers_and_other_scripts_are_their_own_stems() {
        for word in [
            "is",
            "as",
            "us",
            "this",
            "gas",
            "bus",
            "7,200",
            "2020s",
            "tb2",
            "москвы",
            "u.s",
        ] {
            assert_eq!(stem(word), word, "{word}");
        }
        assert_eq!(stem("virus"), "virus");
        assert_eq!(stem("analysis"), "analysi");
    }
}
