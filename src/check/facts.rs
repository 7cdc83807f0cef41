//! The facts a sentence states, as values: dates, numbers, percentages, amounts and names, so that
//! two texts are compared on what they say rather than on how they write it (`28 April 2025` is
//! `April 28, 2025`; `seven` is `7`; `7,200` is `7200`).
//!
//! A date is the stretch of days it names, so that a less precise date is compatible with a more
//! precise one inside it (`2023` with `29 March 2023`) and `November 2022` differs from `29 March
//! 2023`. A quantity is a value (or a range, or an open bound for `more than`) with its unit: the
//! next noun for a count (`seven synagogues`), a canonical unit (`132-kilometer` is `km`), `%` or a
//! currency. Words like `about` are kept as the fact's hedge: noted, never a licence to differ.

use std::ops::Range;

use crate::analysis::dates::{month_named, parse_date};
use crate::analysis::stem;
use crate::marks::{footnote_marker_len_before, is_apostrophe, is_dash, is_double_quote};

/// What kind of fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A day, month, year, decade, century, or a range of them.
    Date,
    /// A count or a measure.
    Number,
    /// A percentage or fraction (`69%`, `half of`).
    Percentage,
    /// A sum of money.
    Amount,
    /// A place: a capitalized name after `in`, `at`, `to`, `from`….
    Place,
    /// Any other capitalized name: a person, an organisation.
    Name,
}

impl Kind {
    /// `date`, `number`, `percentage`, `amount`, `place` or `name`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Date => "date",
            Kind::Number => "number",
            Kind::Percentage => "percentage",
            Kind::Amount => "amount",
            Kind::Place => "place",
            Kind::Name => "name",
        }
    }

    /// Whether facts of the two kinds say the same sort of thing and so can be compared: a place
    /// and a name can (a capitalized word's role is a guess); the others only with their kind.
    pub fn comparable(self, other: Kind) -> bool {
        self == other || (self.is_name() && other.is_name())
    }

    /// A place or a name.
    pub fn is_name(self) -> bool {
        matches!(self, Kind::Place | Kind::Name)
    }
}

/// A fact's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// The days named, first to last, as day numbers (see [`day_number`]).
    Date {
        /// First day.
        first: i64,
        /// Last day.
        last: i64,
    },
    /// A quantity between `low` and `high` (equal for one value; infinite for an open bound).
    Quantity {
        /// Least value.
        low: f64,
        /// Greatest value.
        high: f64,
        /// `%`, a currency code, a canonical unit (`km`), or the counted noun's stem.
        unit: Option<String>,
        /// For a share, the stems of the ordinary words of what it is a share of (`69% of
        /// Azerbaijan's arms imports`: `arm`, `import`); its names are left to the name checks.
        of: Vec<String>,
    },
    /// A name's words, folded (lowercase, no possessive).
    Name(Vec<String>),
}

/// How two facts compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// The same value, or one inside the other (`2023` and `29 March 2023`).
    Compatible,
    /// Values that cannot both be true.
    Differs,
    /// Not the same sort of thing (a count of people and a count of days).
    Unrelated,
}

/// One fact in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// What kind.
    pub kind: Kind,
    /// Its value.
    pub value: Value,
    /// The words as written, hedge included.
    pub text: String,
    /// Byte range of `text`.
    pub span: Range<usize>,
    /// Indices of its words (see [`words`]), hedge excluded.
    pub words: Range<usize>,
    /// `about`, `around`, `approximately`, `more than`…, as written.
    pub hedge: Option<String>,
}

impl Fact {
    /// How this fact compares with `other`.
    pub fn compare(&self, other: &Fact) -> Comparison {
        if !self.kind.comparable(other.kind) {
            return Comparison::Unrelated;
        }
        match (&self.value, &other.value) {
            (Value::Date { first, last }, Value::Date { first: f, last: l }) => {
                let inside = |a: (i64, i64), b: (i64, i64)| b.0 <= a.0 && a.1 <= b.1;
                if inside((*first, *last), (*f, *l)) || inside((*f, *l), (*first, *last)) {
                    Comparison::Compatible
                } else {
                    Comparison::Differs
                }
            }
            (
                Value::Quantity {
                    low,
                    high,
                    unit,
                    of,
                },
                Value::Quantity {
                    low: lo,
                    high: hi,
                    unit: u,
                    of: o,
                },
            ) => {
                // Shares of different things (`arms imports`, `crude oil imports`): each whole
                // has a word the other lacks.
                let lacks = |a: &[String], b: &[String]| a.iter().any(|w| !b.contains(w));
                if unit != u || (lacks(of, o) && lacks(o, of)) {
                    return Comparison::Unrelated;
                }
                let same = |a: f64, b: f64| {
                    a == b
                        || (a.is_finite()
                            && b.is_finite()
                            && (a - b).abs() <= 1e-9 * a.abs().max(b.abs()))
                };
                let inside = |a: (f64, f64), b: (f64, f64)| {
                    (b.0 <= a.0 || same(a.0, b.0)) && (a.1 <= b.1 || same(a.1, b.1))
                };
                if inside((*low, *high), (*lo, *hi)) || inside((*lo, *hi), (*low, *high)) {
                    Comparison::Compatible
                } else {
                    Comparison::Differs
                }
            }
            (Value::Name(a), Value::Name(b)) => {
                if names_agree(a, b) {
                    Comparison::Compatible
                } else {
                    Comparison::Differs
                }
            }
            _ => Comparison::Unrelated,
        }
    }
}

/// Whether the shorter name's words are all in the longer one (`Pezeshkian` and `Iranian President
/// Masoud Pezeshkian`; `Iran` and `Iranian`), titles aside.
fn names_agree(a: &[String], b: &[String]) -> bool {
    let significant = |name: &[String]| -> Vec<String> {
        let kept: Vec<String> = name
            .iter()
            .filter(|w| !TITLES.contains(&w.as_str()))
            .cloned()
            .collect();
        if kept.is_empty() {
            name.to_vec()
        } else {
            kept
        }
    };
    let (a, b) = (significant(a), significant(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short
        .iter()
        .all(|w| long.iter().any(|l| same_name_word(w, l)))
}

/// Whether two folded name words are the same name: equal, one a form of the other (`iran`,
/// `iranian`; `azerbaijan`, `azerbaijani`), or two transliterations of it.
pub fn same_name_word(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short == long || transliterations(short, long) {
        return true;
    }
    short.len() >= 4
        && long.starts_with(short)
        && matches!(
            &long[short.len()..],
            "i" | "ian" | "ians" | "is" | "n" | "ns" | "ese" | "ish" | "an" | "ans" | "s" | "'s"
        )
}

/// Whether two words of five letters or more are one name transliterated two ways: alike but for
/// at most two vowels or `y`/`j` (`binyamin`, `benjamin`; `mohammed`, `muhammad`; `aliyev`,
/// `eliyev`), where consonants would make another name (`slovenia`, `slovakia`).
fn transliterations(a: &str, b: &str) -> bool {
    let soft = |c: char| "aeiouyj".contains(c);
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let differing: Vec<(char, char)> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect();
    a.len() == b.len()
        && a.len() >= 5
        && differing.len() <= 2
        && differing.iter().all(|(x, y)| soft(*x) && soft(*y))
}

/// A day as a number that orders days: `year × 372 + (month − 1) × 31 + day − 1`.
pub fn day_number(year: i64, month: u32, day: u32) -> i64 {
    year * 372 + (i64::from(month) - 1) * 31 + i64::from(day) - 1
}

fn year_span(first: i64, last: i64) -> Value {
    Value::Date {
        first: day_number(first, 1, 1),
        last: day_number(last, 12, 31),
    }
}

/// A word of a text: its core (without the punctuation and footnote markers around it) and where
/// it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// The core as written.
    pub text: &'a str,
    /// Its byte range.
    pub span: Range<usize>,
    /// Lowercase, straight apostrophes, no possessive `'s`.
    pub folded: String,
    /// Whether a sentence or clause ends after it (`.`, `;`, `:`, `!`, `?`).
    pub ends_clause: bool,
    /// Whether a sentence ends after it (`.`, `!`, `?`).
    pub ends_sentence: bool,
    /// Whether a comma follows it.
    pub comma: bool,
}

impl Word<'_> {
    fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// The words of `text`: whitespace- and dash-separated, with brackets, quotation marks, trailing
/// punctuation and footnote markers (`[3]`, superscripts) trimmed off.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        let splits = c.is_whitespace() || matches!(c, '—' | '―' | '\u{2E3A}');
        match (splits, start) {
            (true, Some(from)) => {
                push_word(text, from..at, &mut out);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(from) = start {
        push_word(text, from..text.len(), &mut out);
    }
    out
}

/// Appends the word in `text[piece]`, if anything is left of it once trimmed.
fn push_word<'a>(text: &'a str, piece: Range<usize>, out: &mut Vec<Word<'a>>) {
    let from = piece.start;
    let piece = &text[piece];
    let lead = piece.len() - piece.trim_start_matches(is_leading).len();
    let mut core = &piece[lead..];
    let mut ends_clause = false;
    let mut comma = false;
    let mut ends_sentence = false;
    loop {
        let before = core.len();
        core = strip_footnote(core);
        if let Some(c) = core.chars().next_back().filter(|&c| is_trailing(c)) {
            ends_clause |= matches!(c, '.' | ';' | ':' | '!' | '?');
            ends_sentence |= matches!(c, '.' | '!' | '?');
            comma |= c == ',';
            // Keep the dot of an abbreviation (`U.S.`, `Dr.`): it ends a sentence only when
            // the word is not one.
            let keep_dot = c == '.' && is_abbreviation(core);
            if keep_dot {
                ends_clause = false;
                ends_sentence = false;
                break;
            }
            core = &core[..core.len() - c.len_utf8()];
        }
        if core.len() == before {
            break;
        }
    }
    if core.is_empty() {
        if ends_clause {
            if let Some(last) = out.last_mut() {
                last.ends_clause = true;
                last.ends_sentence |= ends_sentence;
            }
        }
        return;
    }
    let from = from + lead;
    let mut folded: String = core
        .to_lowercase()
        .chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .collect();
    for suffix in ["'s", "'"] {
        if folded.len() > suffix.len() + 1 && folded.ends_with(suffix) {
            folded.truncate(folded.len() - suffix.len());
            break;
        }
    }
    out.push(Word {
        text: core,
        span: from..from + core.len(),
        folded,
        ends_clause,
        ends_sentence,
        comma,
    });
}

/// Marks a word may open with: brackets, quotation marks, bullets.
fn is_leading(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '¿' | '¡' | '*' | '•') || is_double_quote(c) || is_apostrophe(c)
}

/// Marks a word may close with: punctuation, brackets, quotation marks.
fn is_trailing(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '…' | '*'
    ) || is_double_quote(c)
        || is_apostrophe(c)
}

/// `core` without the footnote marker that ends it (`1993[5]`, `Israel¹`), unless that is all.
fn strip_footnote(core: &str) -> &str {
    match footnote_marker_len_before(core) {
        Some(len) if len < core.len() => &core[..core.len() - len],
        _ => core,
    }
}

fn is_abbreviation(core: &str) -> bool {
    let letters = core.trim_end_matches('.');
    // `U.S.`, `U.K.`: dotted initials; `Dr.`, `Mr.`, `St.`: short titles.
    (letters.contains('.') && letters.split('.').all(|p| p.chars().count() == 1))
        || matches!(
            letters,
            "Dr" | "Mr"
                | "Mrs"
                | "Ms"
                | "St"
                | "Jr"
                | "Sr"
                | "Prof"
                | "Gen"
                | "Col"
                | "Lt"
                | "No"
                | "vs"
                | "c"
                | "ca"
        )
}

/// Every fact of `text`, in reading order.
pub fn facts(text: &str) -> Vec<Fact> {
    let words = words(text);
    facts_of(text, &words)
}

/// Every fact of `text`, whose words are `words` (from [`words`]).
pub fn facts_of(text: &str, words: &[Word<'_>]) -> Vec<Fact> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let hedge = hedge_at(words, i);
        let at = i + hedge.as_ref().map_or(0, |(n, _)| *n);
        let parsed = (at < words.len())
            .then(|| date_at(words, at).or_else(|| quantity_at(words, at)))
            .flatten();
        if let Some((kind, mut value, len)) = parsed {
            if let (Some((_, bound)), Value::Quantity { low, high, .. }) = (&hedge, &mut value) {
                match bound {
                    Bound::Above => *high = f64::INFINITY,
                    Bound::Below => *low = f64::NEG_INFINITY,
                    Bound::Near => {}
                }
            }
            let first = if hedge.is_some() { i } else { at };
            if let (Kind::Percentage, Value::Quantity { unit, of, .. }) = (kind, &mut value) {
                if is_change(words, first, at + len) {
                    *unit = Some(PERCENT_CHANGE.into());
                } else {
                    *of = share_of(words, at + len);
                }
            }
            let span = words[first].span.start..words[at + len - 1].span.end;
            found.push(Fact {
                kind,
                value,
                text: text[span.clone()].to_string(),
                span,
                words: at..at + len,
                hedge: hedge
                    .map(|(n, _)| text[words[i].span.start..words[i + n - 1].span.end].to_string()),
            });
            i = at + len;
            continue;
        }
        if let Some(len) = name_at(words, i) {
            let span = words[i].span.start..words[i + len - 1].span.end;
            let folded: Vec<String> = words[i..i + len]
                .iter()
                .map(|w| w.folded.clone())
                .filter(|w| !CONNECTORS.contains(&w.as_str()))
                .collect();
            let kind = if i > 0 && PLACE_PREPOSITIONS.contains(&words[i - 1].folded.as_str()) {
                Kind::Place
            } else {
                Kind::Name
            };
            found.push(Fact {
                kind,
                value: Value::Name(folded),
                text: text[span.clone()].to_string(),
                span,
                words: i..i + len,
                hedge: None,
            });
            i += len;
            continue;
        }
        i += 1;
    }
    found
}

/// The unit of a percentage that says by how much something changed (`imports rose 28%`, `a 28%
/// increase`), which is not a share of it (`28% of imports`): the two never compare.
pub const PERCENT_CHANGE: &str = "% change";

/// Whether the percentage written at words `first..end` is a change: after a verb of change (`rose
/// 28%`, `fell by 28%`, `up 28%`; not `rose to 28%`, a level) or before a noun or comparative of
/// change (`a 28% increase`, `28% higher`).
fn is_change(words: &[Word<'_>], first: usize, end: usize) -> bool {
    const VERBS: &[&str] = &[
        "rise",
        "rises",
        "rose",
        "risen",
        "rising",
        "grow",
        "grows",
        "grew",
        "grown",
        "growing",
        "increase",
        "increased",
        "increases",
        "increasing",
        "jump",
        "jumped",
        "climb",
        "climbed",
        "surge",
        "surged",
        "soar",
        "soared",
        "gain",
        "gained",
        "fall",
        "falls",
        "fell",
        "fallen",
        "falling",
        "drop",
        "dropped",
        "decline",
        "declined",
        "decrease",
        "decreased",
        "shrank",
        "shrunk",
        "plunge",
        "plunged",
        "slump",
        "slumped",
        "lose",
        "lost",
        "cut",
        "up",
        "down",
    ];
    const NOUNS: &[&str] = &[
        "increase",
        "rise",
        "growth",
        "jump",
        "gain",
        "surge",
        "drop",
        "fall",
        "decline",
        "decrease",
        "reduction",
        "cut",
        "loss",
        "higher",
        "lower",
        "more",
        "less",
        "fewer",
        "larger",
        "smaller",
        "bigger",
        "up",
        "down",
    ];
    let before = |k: usize| first.checked_sub(k).map(|at| words[at].folded.as_str());
    let after_verb = match before(1) {
        Some("by") => before(2).is_some_and(|w| VERBS.contains(&w)),
        Some(w) => VERBS.contains(&w) && !words[first - 1].comma,
        None => false,
    };
    after_verb
        || words
            .get(end)
            .is_some_and(|w| NOUNS.contains(&w.folded.as_str()))
}

/// The stems of the ordinary words of the noun group after `of` at word `i` (`of Azerbaijan's arms
/// imports`): what a share is a share of. Names and function words are passed over; the group
/// ends at a clause's end or at a word that is neither.
fn share_of(words: &[Word<'_>], i: usize) -> Vec<String> {
    if words
        .get(i)
        .is_none_or(|w| w.folded != "of" || w.comma || w.ends_clause)
    {
        return Vec::new();
    }
    let mut whole = Vec::new();
    for word in words.iter().skip(i + 1).take(5) {
        let w = word.folded.as_str();
        let leading = whole.is_empty() && matches!(w, "the" | "a" | "an" | "its" | "their" | "all");
        if !word.is_capitalized() && !leading {
            if !w.chars().all(|c| c.is_alphabetic() || c == '-') || FUNCTION_WORDS.contains(&w) {
                break;
            }
            whole.push(stem(w));
        }
        if word.comma || word.ends_clause {
            break;
        }
    }
    whole
}

/// Which way a hedge bends a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// `about`: the value is approximate.
    Near,
    /// `more than`: the value is a least bound.
    Above,
    /// `less than`: the value is a greatest bound.
    Below,
}

/// The hedge starting at word `i`: its length in words and its bound.
fn hedge_at(words: &[Word<'_>], i: usize) -> Option<(usize, Bound)> {
    let w = |k: usize| words.get(i + k).map_or("", |w| w.folded.as_str());
    let two = (w(0), w(1));
    let found = match two {
        ("more" | "greater" | "higher", "than") => (2, Bound::Above),
        ("at", "least") => (2, Bound::Above),
        ("less" | "fewer" | "lower", "than") => (2, Bound::Below),
        ("at", "most") | ("up", "to") => (2, Bound::Below),
        ("an", "estimated") => (2, Bound::Near),
        ("over" | "above" | "exceeding", _) => (1, Bound::Above),
        ("under" | "below", _) => (1, Bound::Below),
        (
            "about" | "around" | "approximately" | "roughly" | "nearly" | "almost" | "some"
            | "circa" | "c." | "ca." | "approx." | "~" | "estimated" | "early" | "mid" | "late",
            _,
        ) => (1, Bound::Near),
        _ => return None,
    };
    // A hedge only counts in front of a fact; `some` and `over` are ordinary words too.
    let next = words.get(i + found.0)?;
    let starts_fact = starts_with_digit(&next.folded)
        || number_word(&next.folded).is_some()
        || month_named(&next.folded).is_some()
        || FRACTIONS.iter().any(|(w, _)| *w == next.folded)
        || next.text.starts_with(['$', '€', '£', '¥']);
    starts_fact.then_some(found)
}

fn starts_with_digit(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// Dates

fn day_of_month(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A year as written alone: 3 or 4 digits (4 for a bare year), optionally `BC`/`AD` after.
fn year(word: &str) -> Option<i64> {
    let digits = word;
    if !(1..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn bare_year(word: &str) -> Option<i64> {
    year(word).filter(|y| word.len() == 4 && (1000..=2199).contains(y))
}

fn era(words: &[Word<'_>], i: usize) -> Option<i64> {
    match words
        .get(i)
        .map(|w| w.folded.trim_end_matches('.').replace('.', ""))
    {
        Some(e) if e == "bc" || e == "bce" => Some(-1),
        Some(e) if e == "ad" || e == "ce" => Some(1),
        _ => None,
    }
}

/// The date starting at word `i`: its kind, value and length in words.
fn date_at(words: &[Word<'_>], i: usize) -> Option<(Kind, Value, usize)> {
    let w = |k: usize| words.get(i + k).map(|w| w.folded.as_str());
    let date =
        |first: i64, last: i64, len: usize| Some((Kind::Date, Value::Date { first, last }, len));
    let one = w(0)?;
    // 29 March 2023 | 29 March
    if let (Some(day), Some(m)) = (day_of_month(one), w(1).and_then(month_named).map(u32::from)) {
        if let Some(y) = w(2).and_then(bare_year) {
            return date(day_number(y, m, day), day_number(y, m, day), 3);
        }
    }
    if let Some(m) = month_named(one).map(u32::from) {
        // `may` is a verb, `march` a noun: only with a day or a year next to them.
        // April 28, 2025 | April 28 2025 | April 2025 | April 28th, 2025
        if let Some(day) = w(1).and_then(day_of_month) {
            if let Some(y) = w(2).and_then(bare_year) {
                return date(day_number(y, m, day), day_number(y, m, day), 3);
            }
        }
        if let Some(y) = w(1).and_then(bare_year) {
            return date(day_number(y, m, 1), day_number(y, m, 31), 2);
        }
        return None;
    }
    // 2025-04-28 | 28.04.2025
    if let Some(value) = numeric_date(one) {
        return Some((Kind::Date, value, 1));
    }
    // the 1990s
    if let Some(decade) = one
        .strip_suffix('s')
        .and_then(bare_year)
        .filter(|y| y % 10 == 0)
    {
        return Some((Kind::Date, year_span(decade, decade + 9), 1));
    }
    // 19th century, 1st century BC
    if let (Some(n), Some("century")) = (ordinal(one), w(1)) {
        let n = n as i64;
        let (first, last) = match era(words, i + 2) {
            Some(-1) => (-(n * 100), -((n - 1) * 100 + 1)),
            _ => ((n - 1) * 100 + 1, n * 100),
        };
        let len = if era(words, i + 2).is_some() { 3 } else { 2 };
        return Some((Kind::Date, year_span(first, last), len));
    }
    // between 2016 and 2020 | from 2016 to 2020
    if matches!(one, "between" | "from") {
        let (a, b) = (w(1).and_then(bare_year), w(3).and_then(bare_year));
        if let (Some(a), Some(b), Some("and" | "to" | "until" | "till")) = (a, b, w(2)) {
            if a < b && !starts_unit(words, i + 4) {
                return Some((Kind::Date, year_span(a, b), 4));
            }
        }
        return None;
    }
    // 2016-2020 | 2016–20 | 1918-1920
    if let Some((a, b)) = one.split_once(is_dash) {
        let a = bare_year(a)?;
        let b = match b.len() {
            2 => year(b).map(|b| a - a % 100 + b),
            4 => bare_year(b),
            _ => None,
        }?;
        return (a < b && !starts_unit(words, i + 1)).then(|| (Kind::Date, year_span(a, b), 1));
    }
    // 2023 | 2016 to 2020 | 500 BC
    if let Some(y) = year(one) {
        if let Some(sign) = era(words, i + 1) {
            let y = if sign < 0 { -y } else { y };
            return Some((Kind::Date, year_span(y, y), 2));
        }
        let y = bare_year(one)?;
        if starts_unit(words, i + 1) || words[i].text.contains(',') {
            return None;
        }
        if let (Some("to" | "until"), Some(b)) = (w(1), w(2).and_then(bare_year)) {
            if y < b {
                return Some((Kind::Date, year_span(y, b), 3));
            }
        }
        return Some((Kind::Date, year_span(y, y), 1));
    }
    None
}

/// A date written in figures as one word (`2025-04-28`, `28.04.2025`), read as the index reads it.
fn numeric_date(word: &str) -> Option<Value> {
    let date = parse_date(word)?;
    let (year, month) = (i64::from(date.year), u32::from(date.month));
    let (first, last) = date.day.map_or((1, 31), |d| (u32::from(d), u32::from(d)));
    Some(Value::Date {
        first: day_number(year, month, first),
        last: day_number(year, month, last),
    })
}

/// Whether word `i` is a unit or a scale that makes the number before it a quantity, not a year
/// (`2000 people`, `1500 km`, `2000%`).
fn starts_unit(words: &[Word<'_>], i: usize) -> bool {
    let Some(word) = words.get(i) else {
        return false;
    };
    let w = word.folded.as_str();
    canonical_unit(w).is_some()
        || scale(w).is_some()
        || CURRENCY_WORDS.iter().any(|(name, _)| *name == w)
        || matches!(
            w,
            "%" | "percent"
                | "per"
                | "people"
                | "persons"
                | "troops"
                | "soldiers"
                | "residents"
                | "inhabitants"
        )
}

// ---------------------------------------------------------------------------------------------
// Quantities

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
];

const ORDINAL_WORDS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
];

const FRACTIONS: &[(&str, f64)] = &[
    ("half", 50.0),
    ("third", 100.0 / 3.0),
    ("quarter", 25.0),
    ("two-thirds", 200.0 / 3.0),
    ("three-quarters", 75.0),
];

/// The value of a spelled-out number (`seven`, `twenty-five`); `one` is left out, since `one of`
/// is seldom a count.
fn number_word(word: &str) -> Option<f64> {
    let find = |w: &str| NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v);
    if let Some(v) = find(word) {
        return Some(v);
    }
    let (tens, unit) = word.split_once('-')?;
    let unit = if unit == "one" { Some(1.0) } else { find(unit) }.filter(|u| *u < 10.0)?;
    find(tens)
        .filter(|t| *t >= 20.0 && *t < 100.0)
        .map(|t| t + unit)
}

/// The ordinal a word names: `12th`, `1st`, `nineteenth`.
fn ordinal(word: &str) -> Option<u32> {
    if let Some(n) = ORDINAL_WORDS.iter().position(|w| *w == word) {
        return Some(n as u32 + 1);
    }
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if matches!(suffix, "st" | "nd" | "rd" | "th") && !digits.is_empty() && digits.len() <= 3 {
        return digits.parse().ok();
    }
    None
}

fn scale(word: &str) -> Option<f64> {
    match word {
        "thousand" => Some(1e3),
        "million" | "mln" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("usd", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("eur", "EUR"),
    ("pounds", "GBP"),
    ("gbp", "GBP"),
    ("manat", "AZN"),
    ("manats", "AZN"),
    ("azn", "AZN"),
    ("rubles", "RUB"),
    ("roubles", "RUB"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
    ("rials", "IRR"),
    ("shekels", "ILS"),
];

fn currency_symbol(text: &str) -> Option<(&'static str, &str)> {
    for (symbol, code) in [
        ("US$", "USD"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "JPY"),
        ("₼", "AZN"),
        ("₪", "ILS"),
    ] {
        if let Some(rest) = text.strip_prefix(symbol) {
            return Some((code, rest));
        }
    }
    None
}

/// A unit's canonical name: `kilometers`, `kilometre`, `km` → `km`.
fn canonical_unit(word: &str) -> Option<&'static str> {
    Some(match word {
        "km" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => "km",
        "m" | "meter" | "meters" | "metre" | "metres" => "m",
        "mile" | "miles" | "mi" => "mile",
        "kg" | "kilogram" | "kilograms" => "kg",
        "ton" | "tons" | "tonne" | "tonnes" | "t" => "tonne",
        "barrel" | "barrels" | "bbl" => "barrel",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" | "yr" => "year",
        "hour" | "hours" | "h" => "hour",
        "minute" | "minutes" | "min" => "minute",
        "people" | "persons" | "person" | "individuals" => "people",
        "km2" | "km²" => "km2",
        _ => return None,
    })
}

/// A plain number as written with digits: `7,200`, `3.5`, `1,000,000`.
fn plain_number(text: &str) -> Option<f64> {
    if text.is_empty() || !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => (w, Some(f)),
        Some(_) => return None,
        None => (text, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let well_grouped =
        groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !well_grouped
        || !groups
            .iter()
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut digits = groups.concat();
    if let Some(f) = fraction {
        digits.push('.');
        digits.push_str(f);
    }
    digits.parse().ok()
}

/// The quantity starting at word `i`: its kind, value and length in words.
fn quantity_at(words: &[Word<'_>], i: usize) -> Option<(Kind, Value, usize)> {
    let first = &words[i];
    let text = first.folded.as_str();
    // Fractions: `half of`, `a third of`.
    if let Some((_, percent)) = FRACTIONS.iter().find(|(w, _)| *w == text) {
        // `the first half of 2024` is a time, not a share.
        let of_a_time = date_at(words, i + 2).is_some()
            || i.checked_sub(1).is_some_and(|b| {
                matches!(
                    words[b].folded.as_str(),
                    "first" | "second" | "last" | "latter"
                )
            });
        if words.get(i + 1).is_some_and(|w| w.folded == "of") && !of_a_time {
            let value = Value::Quantity {
                low: *percent,
                high: *percent,
                unit: Some("%".into()),
                of: Vec::new(),
            };
            return Some((Kind::Percentage, value, 1));
        }
        return None;
    }
    let (currency, rest) = match currency_symbol(first.text) {
        Some((code, rest)) => (Some(code), rest.to_lowercase()),
        None => (None, text.to_string()),
    };
    // The number itself, and what is glued to it: `69%`, `132-kilometer`, `$5bn`, `12th`.
    let spelled_with_unit = rest
        .split_once('-')
        .and_then(|(n, unit)| Some((number_word(n)?, format!("-{unit}"))))
        .filter(|(_, unit)| canonical_unit(&unit[1..]).is_some());
    let (mut low, mut high, glued) = if let Some(v) = number_word(&rest) {
        (v, v, String::new())
    } else if let Some((v, unit)) = spelled_with_unit {
        (v, v, unit)
    } else {
        let end = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
            .map_or(rest.len(), |(at, _)| at);
        let digits = &rest[..end];
        let digits = digits.trim_end_matches([',', '.']);
        let glued = &rest[digits.len()..];
        let value = plain_number(digits)?;
        // A range: `5-7`, `5–7%`.
        if let Some(rest) = glued.strip_prefix(is_dash) {
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                .unwrap_or(rest.len());
            if let Some(top) = plain_number(&rest[..end]).filter(|t| *t > value) {
                (value, top, rest[end..].to_string())
            } else {
                (value, value, glued.to_string())
            }
        } else {
            (value, value, glued.to_string())
        }
    };
    if ordinal(text).is_some() {
        // `12th Global Baku Forum`: an ordinal counts its noun.
        let unit = count_unit(words, i + 1);
        let value = ordinal(text)? as f64;
        let value = Value::Quantity {
            low: value,
            high: value,
            unit: unit.map(|u| format!("#{u}")),
            of: Vec::new(),
        };
        return Some((Kind::Number, value, 1));
    }
    let mut len = 1;
    let next = |k: usize| words.get(i + k).map(|w| w.folded.as_str());
    // A scale: `5 million`, `$5bn`, `2.3m` after a currency.
    let glued_scale = match glued.as_str() {
        "bn" | "b" if currency.is_some() => Some(1e9),
        "m" | "mn" if currency.is_some() => Some(1e6),
        "k" if currency.is_some() => Some(1e3),
        _ => None,
    };
    if let Some(s) = glued_scale.or_else(|| next(1).and_then(scale)) {
        low *= s;
        high *= s;
        if glued_scale.is_none() {
            len += 1;
        }
    }
    let glued = if glued_scale.is_some() {
        String::new()
    } else {
        glued
    };
    let make = |kind: Kind, unit: Option<String>, len: usize| {
        Some((
            kind,
            Value::Quantity {
                low,
                high,
                unit,
                of: Vec::new(),
            },
            len,
        ))
    };
    if glued == "%" {
        return make(Kind::Percentage, Some("%".into()), len);
    }
    if let Some(code) = currency {
        // `$4.74/km²` is a rate, not an amount.
        return glued
            .is_empty()
            .then(|| make(Kind::Amount, Some(code.into()), len))
            .flatten();
    }
    // `7.2 million U.S. dollars`
    if matches!(next(len), Some("u.s." | "us" | "u.s"))
        && next(len + 1).is_some_and(|w| CURRENCY_WORDS.iter().any(|(n, _)| *n == w))
    {
        len += 1;
    }
    match next(len) {
        Some("percent" | "pct") => return make(Kind::Percentage, Some("%".into()), len + 1),
        Some("per") if next(len + 1) == Some("cent") => {
            return make(Kind::Percentage, Some("%".into()), len + 2)
        }
        Some(w) => {
            if let Some((_, code)) = CURRENCY_WORDS.iter().find(|(name, _)| *name == w) {
                return make(Kind::Amount, Some((*code).into()), len + 1);
            }
        }
        None => {}
    }
    if let Some(unit) = glued.strip_prefix(is_dash).and_then(canonical_unit) {
        return make(Kind::Number, Some(unit.into()), len);
    }
    if !glued.is_empty() {
        // `1990s`, `3D`, `F-16`: not a quantity we can read.
        return None;
    }
    if let Some(unit) = next(len).and_then(canonical_unit) {
        return make(Kind::Number, Some(unit.into()), len + 1);
    }
    make(Kind::Number, count_unit(words, i + len), len)
}

/// The noun a count counts: the stem of the first word after it that is not a modifier we know
/// (`seven cooperation agreements` counts `agreement`, the last word of the noun group).
fn count_unit(words: &[Word<'_>], i: usize) -> Option<String> {
    let mut noun = None;
    for word in words.iter().skip(i).take(3) {
        let w = word.folded.as_str();
        if !w.chars().all(|c| c.is_alphabetic() || c == '-') || FUNCTION_WORDS.contains(&w) {
            break;
        }
        noun = Some(singular(w));
        if word.comma || word.ends_clause || w.ends_with('s') {
            break;
        }
    }
    noun
}

/// A crude singular: enough to pair `agreements` with `agreement`.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() > 2) {
        return format!("{stem}y");
    }
    if word.ends_with("ss") || word.ends_with("us") || word.len() <= 3 {
        return word.to_string();
    }
    word.strip_suffix('s').unwrap_or(word).to_string()
}

// ---------------------------------------------------------------------------------------------
// Names

const CONNECTORS: &[&str] = &[
    "of", "de", "del", "da", "al", "bin", "ibn", "van", "von", "der", "la", "le", "the", "and",
];
const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "foreign",
    "dr.",
    "dr",
    "mr.",
    "mrs.",
    "ms.",
    "prof.",
    "king",
    "queen",
    "general",
    "ambassador",
    "supreme",
    "leader",
    "sir",
    "sheikh",
    "pope",
    "chancellor",
    "secretary",
    "senator",
    "governor",
    "mayor",
];
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "to", "from", "near", "into", "via", "across", "toward", "towards", "through",
    "visited",
];

/// Words that carry no subject of their own: they start sentences without being names, and a
/// claim is not about them (`came`, `made`, `became` included).
pub const FUNCTION_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "so",
    "yet",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "without",
    "about",
    "as",
    "into",
    "onto",
    "over",
    "under",
    "after",
    "before",
    "during",
    "since",
    "until",
    "between",
    "among",
    "through",
    "across",
    "against",
    "despite",
    "although",
    "though",
    "while",
    "whereas",
    "because",
    "if",
    "when",
    "where",
    "whether",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "that",
    "this",
    "these",
    "those",
    "it",
    "its",
    "they",
    "their",
    "them",
    "he",
    "his",
    "him",
    "she",
    "her",
    "we",
    "our",
    "us",
    "you",
    "your",
    "i",
    "my",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "not",
    "no",
    "yes",
    "also",
    "however",
    "meanwhile",
    "moreover",
    "furthermore",
    "nevertheless",
    "instead",
    "thus",
    "therefore",
    "then",
    "there",
    "here",
    "now",
    "today",
    "yesterday",
    "such",
    "some",
    "any",
    "all",
    "each",
    "every",
    "both",
    "either",
    "neither",
    "other",
    "another",
    "more",
    "most",
    "many",
    "much",
    "few",
    "several",
    "than",
    "very",
    "just",
    "only",
    "even",
    "still",
    "already",
    "according",
    "regardless",
    "including",
    "unlike",
    "like",
    "whether",
    "once",
    "whatever",
    "why",
    "how",
    "one",
    "came",
    "come",
    "comes",
    "made",
    "make",
    "makes",
    "took",
    "take",
    "takes",
    "became",
    "become",
    "becomes",
    "got",
    "get",
    "gets",
    "went",
    "go",
    "goes",
    "said",
    "say",
    "says",
    "given",
    "give",
    "gives",
    "put",
    "set",
    "led",
];

/// The length of the capitalized name starting at word `i`, if one does.
fn name_at(words: &[Word<'_>], i: usize) -> Option<usize> {
    let starts_name = |w: &Word<'_>| {
        w.is_capitalized()
            && !FUNCTION_WORDS.contains(&w.folded.as_str())
            && month_named(&w.folded).is_none()
            && w.text.chars().any(char::is_alphabetic)
            && !(w.folded.ends_with("ly") && w.folded.len() > 4)
    };
    if !starts_name(&words[i]) {
        return None;
    }
    let mut len = 1;
    while let Some(next) = words.get(i + len) {
        let previous = &words[i + len - 1];
        if previous.ends_clause || previous.comma {
            break;
        }
        if starts_name(next) {
            len += 1;
        } else if CONNECTORS.contains(&next.folded.as_str())
            && words
                .get(i + len + 1)
                .is_some_and(|after| starts_name(after) && !next.ends_clause)
            && next.folded != "and"
        {
            len += 2;
        } else {
            break;
        }
    }
    Some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(text: &str) -> Fact {
        let found: Vec<Fact> = facts(text)
            .into_iter()
            .filter(|f| !f.kind.is_name())
            .collect();
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    fn compare(a: &str, b: &str) -> Comparison {
        only(a).compare(&only(b))
    }

    #[test]
    fn a_date_is_the_same_in_every_common_form() {
        assert_eq!(
            compare("on 28 April 2025", "on April 28, 2025"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("April 28th, 2025", "2025-04-28"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("on Apr. 28 2025", "28 April 2025."),
            Comparison::Compatible
        );
        assert_eq!(
            compare("on 28.04.2025", "on 28 Apr 2025"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("on April 28, 2025", "on 29 April 2025"),
            Comparison::Differs
        );
        assert_eq!(compare("2016-2020", "in 2018"), Comparison::Compatible);
    }

    #[test]
    fn a_less_precise_date_is_compatible_with_a_more_precise_one_inside_it() {
        assert_eq!(
            compare("in 2023", "until 29 March 2023"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("in March 2023", "until 29 March 2023"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("in November 2022", "until 29 March 2023"),
            Comparison::Differs
        );
        assert_eq!(
            compare("in the 1990s", "in 1993[5]"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("in 2020", "between 2016 and 2020"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("In the period 2016-2020,", "Between 2016 and 2020"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("in 2015–2019", "from 2016 to 2020"),
            Comparison::Differs
        );
        assert_eq!(
            compare("in the 19th century", "in 1850"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("in the 1st century BC,[1]", "in 50 BC"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("in the 1st century BC", "in 50 AD"),
            Comparison::Differs
        );
    }

    #[test]
    fn numbers_compare_as_values_with_their_units() {
        assert_eq!(
            compare("7,200 people", "7200 people"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("seven synagogues", "7 synagogues"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("eight synagogues", "7 synagogues"),
            Comparison::Differs
        );
        assert_eq!(
            compare("seven cooperation agreements", "7 agreements"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("the 132-kilometer border", "a 132 km border"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("a 132-kilometer border", "120 kilometres of border"),
            Comparison::Differs
        );
        assert_eq!(
            compare("seven synagogues", "7 schools"),
            Comparison::Unrelated
        );
        assert_eq!(
            compare("twenty-five people", "25 people"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("2.5 million people", "2,500,000 people"),
            Comparison::Compatible
        );
    }

    #[test]
    fn percentages_and_amounts_have_their_kinds() {
        let p = only("69% of arms");
        assert_eq!(p.kind, Kind::Percentage);
        assert_eq!(
            compare("69% of arms", "69 percent of arms"),
            Comparison::Compatible
        );
        assert_eq!(compare("69% of arms", "70% of arms"), Comparison::Differs);
        assert_eq!(
            compare("almost half of Israel's oil", "50% of oil"),
            Comparison::Compatible
        );
        let a = only("it cost $1.5 billion");
        assert_eq!(a.kind, Kind::Amount);
        assert_eq!(
            compare("$1.5 billion", "1,500 million dollars"),
            Comparison::Compatible
        );
        assert_eq!(compare("$1.5bn", "€1.5 billion"), Comparison::Unrelated);
        assert_eq!(compare("69% of arms", "69 arms"), Comparison::Unrelated);
    }

    #[test]
    fn a_share_and_a_change_or_shares_of_different_things_never_compare() {
        assert_eq!(
            compare("79% of Azerbaijan's arms imports", "those imports rose 28%"),
            Comparison::Unrelated
        );
        assert_eq!(
            compare("imports rose by about 28%", "a 30% increase in imports"),
            Comparison::Differs
        );
        assert_eq!(
            compare("the share rose to 28%", "28% of the market"),
            Comparison::Compatible
        );
        assert_eq!(
            compare(
                "79% of Azerbaijan's arms imports",
                "40% of Israel's crude oil imports"
            ),
            Comparison::Unrelated
        );
        assert_eq!(
            compare(
                "79% of Azerbaijan's arms imports",
                "69% of its arms imports"
            ),
            Comparison::Differs
        );
        assert_eq!(
            compare("69% of arms imports", "69% of Azerbaijan's imports"),
            Comparison::Compatible
        );
        assert!(facts("in the first half of 2024")
            .iter()
            .all(|f| f.kind == Kind::Date));
    }

    #[test]
    fn a_name_transliterated_two_ways_is_one_name() {
        for (a, b) in [
            ("binyamin", "benjamin"),
            ("mohammed", "muhammad"),
            ("aliyev", "eliyev"),
        ] {
            assert!(same_name_word(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("slovenia", "slovakia"),
            ("iceland", "ireland"),
            ("austria", "australia"),
            ("iran", "iraq"),
        ] {
            assert!(!same_name_word(a, b), "{a} {b}");
        }
    }

    #[test]
    fn hedges_are_noted_and_bounds_open_a_range() {
        let f = only("approximately 7,200 people");
        assert_eq!(f.hedge.as_deref(), Some("approximately"));
        assert_eq!(f.text, "approximately 7,200 people");
        assert_eq!(
            compare("about 40% of oil", "40% of oil"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("about 40% of oil", "45% of oil"),
            Comparison::Differs
        );
        assert_eq!(
            compare("more than 40% of oil", "45% of oil"),
            Comparison::Compatible
        );
        assert_eq!(
            compare("less than 40% of oil", "45% of oil"),
            Comparison::Differs
        );
        assert!(facts("some analysts say").is_empty());
    }

    #[test]
    fn years_are_dates_and_counts_are_not() {
        assert_eq!(only("in 1993[5], Israel").kind, Kind::Date);
        assert_eq!(only("2000 people came").kind, Kind::Number);
        assert_eq!(only("the 12-day war").kind, Kind::Number);
        assert!(facts("one of the first countries").is_empty());
    }

    #[test]
    fn names_are_capitalized_spans_and_agree_when_one_holds_the_other() {
        let found = facts(
            "On April 28, 2025, Iranian President Masoud Pezeshkian visited Baku to bolster ties.",
        );
        let names: Vec<(&str, Kind)> = found
            .iter()
            .filter(|f| f.kind.is_name())
            .map(|f| (f.text.as_str(), f.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("Iranian President Masoud Pezeshkian", Kind::Name),
                ("Baku", Kind::Place)
            ]
        );
        let name = |t: &str| facts(t).into_iter().find(|f| f.kind.is_name()).unwrap();
        assert_eq!(
            name("President Pezeshkian").compare(&found[1]),
            Comparison::Compatible
        );
        assert_eq!(
            name("Ilham Aliyev").compare(&name("Heydar Aliyev")),
            Comparison::Differs
        );
        assert_eq!(
            name("Iran").compare(&name("Iranian officials")),
            Comparison::Compatible
        );
        assert_eq!(name("the Bank of England").text, "Bank of England");
    }

    #[test]
    fn words_lose_brackets_punctuation_and_footnote_markers() {
        let text = "(European) Jews, in 1993[5], Azerbaijan’s “soft flank” U.S. troops.";
        let cores: Vec<&str> = words(text).iter().map(|w| w.text).collect();
        assert_eq!(
            cores,
            [
                "European",
                "Jews",
                "in",
                "1993",
                "Azerbaijan’s",
                "soft",
                "flank",
                "U.S.",
                "troops"
            ]
        );
        let folded: Vec<String> = words(text).into_iter().map(|w| w.folded).collect();
        assert_eq!(folded[4], "azerbaijan");
        assert!(words(text)[8].ends_clause && !words(text)[7].ends_clause);
    }
}
