//! What one source does with a claim: states it, differs from it, or only mentions its subject.
//!
//! The claim's words split into its *frame* (the content words: what the claim is about, names
//! weighing double) and its *facts* (dates, numbers, percentages, amounts: what it asserts about
//! that). A source's passages are cut into sentences, and the sentence (or two adjacent sentences,
//! for a statement split over two) that covers the most of the frame is the place that bears on the
//! claim. There each claim fact is paired with the source's fact of the same kind that sits nearest
//! to the claim's words, nearness counting less across a comma or a sentence end (in `While X
//! opened in 1993, Y opened on 29 March 2023`, Y's date is the second); names are paired where the
//! word-level alignment puts one in place of the other. The source then:
//! - **states** the claim when it covers the frame and every fact is there with a compatible value;
//! - **differs** when it covers the frame but a fact has another value;
//! - **mentions** the subject when it covers part of the frame, or the facts are missing.

use std::ops::Range;

use crate::analysis::folding::normalize_word;
use crate::analysis::stem;
use crate::verify::align::{align, Edit};

use super::facts::{facts_of, same_name_word, words, Comparison, Fact, Word, FUNCTION_WORDS};

/// Least share of the claim (frame words and facts, weighed) a place must cover to state it.
pub const STATES_COVERAGE: f64 = 0.6;
/// Least share a place must cover to differ from the claim on a fact.
pub const DIFFERS_COVERAGE: f64 = 0.5;
/// Least share a place must cover to mention the claim's subject.
pub const MENTIONS_COVERAGE: f64 = 0.35;
/// Least share of the claim's frame a place must cover to state it or differ from it.
pub const FRAME_SHARE: f64 = 0.6;
/// Least nearness (as a share of the best possible) for a fact of the source to be the one the
/// claim's fact speaks of.
const LEAST_AFFINITY: f64 = 0.2;

/// Least nearness for a source's fact to count as what it says about the claim's subject.
const KEY_FACT_AFFINITY: f64 = 0.25;

/// What a source does with a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stance {
    /// Says it: verbatim, or close with no differing fact.
    States,
    /// Says the same thing with another date, number, amount, place or name.
    Differs,
    /// Speaks of the subject without stating the claim's facts.
    Mentions,
}

impl Stance {
    /// How strongly a place of this stance covering `coverage` of the claim bears on it: coverage
    /// first, and between places about as good, one that states the claim before one that differs
    /// before one that mentions it.
    pub fn rank(self, coverage: f64) -> f64 {
        coverage
            + match self {
                Stance::States => 0.1,
                Stance::Differs => 0.05,
                Stance::Mentions => 0.0,
            }
    }

    /// `states`, `differs` or `mentions`.
    pub fn name(self) -> &'static str {
        match self {
            Stance::States => "states",
            Stance::Differs => "differs",
            Stance::Mentions => "mentions",
        }
    }
}

/// How one claim fact fares in a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The source has it, with a compatible value.
    Same,
    /// The source gives another value.
    Differs,
    /// The source does not say.
    Missing,
}

impl Outcome {
    /// `same`, `differs` or `missing`.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Same => "same",
            Outcome::Differs => "differs",
            Outcome::Missing => "missing",
        }
    }
}

/// One claim fact against the source.
#[derive(Debug, Clone, PartialEq)]
pub struct FactCheck {
    /// The claim's fact.
    pub claim: Fact,
    /// The source's fact it pairs with (none when missing), with its passage (an index into the
    /// texts given to [`Source::new`]).
    pub source: Option<(usize, Fact)>,
    /// How they compare.
    pub outcome: Outcome,
}

/// A word as matching sees it.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    /// Folded (lowercase, no possessive).
    folded: String,
    /// Its stem.
    stem: String,
    /// Whether it is written with a capital (a name, most of the time).
    capitalized: bool,
    /// Whether it carries meaning (not a function word, not punctuation).
    content: bool,
    /// How much it counts in a claim's frame.
    weight: f64,
}

impl Key {
    fn of(word: &Word<'_>) -> Key {
        let mut folded = String::new();
        normalize_word(&word.folded, &mut folded);
        let stem = stem(&folded);
        let content =
            folded.chars().any(char::is_alphanumeric) && !FUNCTION_WORDS.contains(&folded.as_str());
        let capitalized = word.text.chars().next().is_some_and(char::is_uppercase);
        Key {
            weight: if capitalized { 2.0 } else { 1.0 },
            capitalized,
            folded,
            stem,
            content,
        }
    }

    fn matches(&self, other: &Key) -> bool {
        self.stem == other.stem
            || same_word_family(&self.stem, &other.stem)
            || ((self.capitalized || other.capitalized)
                && same_name_word(&self.folded, &other.folded))
    }

    fn weight(&self) -> f64 {
        self.weight
    }
}

/// Whether two stems are forms of one word the stemmer left apart (`suppli`, `supplier`;
/// `establish`, `establishment`): one a prefix of five letters or more of the other.
fn same_word_family(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 5 && long.starts_with(short) && short.chars().all(char::is_alphabetic)
}

/// A claim, read once.
#[derive(Debug, Clone)]
pub struct Claim<'a> {
    /// As given.
    pub text: &'a str,
    keys: Vec<Key>,
    /// Its facts, names included.
    pub facts: Vec<Fact>,
    /// Indices of the frame's words.
    frame: Vec<usize>,
}

impl<'a> Claim<'a> {
    /// Reads `text`, its names weighing double its other words.
    pub fn new(text: &'a str) -> Claim<'a> {
        Claim::weighted(text, |_| None)
    }

    /// Reads `text`, each word weighing what `weigh` says of its folded form (when it says).
    pub fn weighted(text: &'a str, weigh: impl Fn(&str) -> Option<f64>) -> Claim<'a> {
        let words = words(text);
        let keys: Vec<Key> = words
            .iter()
            .map(|w| {
                let mut key = Key::of(w);
                if let Some(weight) = weigh(&key.folded) {
                    key.weight = weight;
                }
                key
            })
            .collect();
        let facts = facts_of(text, &words);
        let in_value = |i: usize| {
            facts
                .iter()
                .any(|f| !f.kind.is_name() && f.words.contains(&i))
        };
        let mut frame: Vec<usize> = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            // A frame word counts once: `Iran … Iranian` is one.
            if key.content && !in_value(i) && !frame.iter().any(|&f| keys[f].matches(key)) {
                frame.push(i);
            }
        }
        Claim {
            text,
            keys,
            facts,
            frame,
        }
    }

    /// Its words as matching folds them, for looking their weights up.
    pub fn folded_words(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.folded.clone()).collect()
    }

    /// Whether the claim has anything to look for.
    pub fn is_empty(&self) -> bool {
        self.frame.is_empty() && self.facts.is_empty()
    }

    /// The claim's facts that are values (dates, numbers, percentages, amounts).
    fn values(&self) -> impl Iterator<Item = &Fact> {
        self.facts.iter().filter(|f| !f.kind.is_name())
    }

    fn frame_weight(&self) -> f64 {
        self.frame
            .iter()
            .map(|&i| self.keys[i].weight())
            .sum::<f64>()
    }

    fn total_weight(&self) -> f64 {
        self.frame_weight() + self.values().count() as f64 * self.fact_weight()
    }

    /// A value fact weighs as much as the claim's weightiest frame word (at least 1).
    fn fact_weight(&self) -> f64 {
        self.frame
            .iter()
            .map(|&i| self.keys[i].weight())
            .fold(1.0, f64::max)
    }

    /// The longest stretch of source words a statement of the claim may take.
    fn reach(&self) -> usize {
        (self.keys.len() * 2).max(12)
    }
}

/// The text of a run of passages, read once.
#[derive(Debug, Clone)]
pub struct Source<'t> {
    words: Vec<Word<'t>>,
    keys: Vec<Key>,
    /// The passage of each word.
    passage_of: Vec<usize>,
    facts: Vec<Fact>,
    /// Sentences as word ranges; none crosses a passage break.
    sentences: Vec<Range<usize>>,
    /// The document's subject, when its title is short enough to be one (`Andorra`): its
    /// sentences call it `it`, so its names are at every place.
    subject: Vec<Key>,
    /// The subject's names.
    subject_names: Vec<Fact>,
}

impl<'t> Source<'t> {
    /// Takes the document's title as its subject when it is a name of a few words (an
    /// encyclopedia's article, not an essay's headline).
    pub fn with_title(mut self, title: &str) -> Source<'t> {
        let words = words(title);
        if (1..=4).contains(&words.len()) {
            self.subject = words.iter().map(Key::of).collect();
            self.subject_names = facts_of(title, &words)
                .into_iter()
                .filter(|f| f.kind.is_name())
                .collect();
        }
        self
    }

    /// Reads consecutive passages.
    pub fn new(passages: &[&'t str]) -> Source<'t> {
        let mut source = Source {
            words: Vec::new(),
            keys: Vec::new(),
            passage_of: Vec::new(),
            facts: Vec::new(),
            sentences: Vec::new(),
            subject: Vec::new(),
            subject_names: Vec::new(),
        };
        for (p, text) in passages.iter().enumerate() {
            let base = source.words.len();
            let words = words(text);
            source
                .facts
                .extend(facts_of(text, &words).into_iter().map(|mut f| {
                    f.words = f.words.start + base..f.words.end + base;
                    f
                }));
            let mut start = base;
            for (i, word) in words.iter().enumerate() {
                if word.ends_sentence || i + 1 == words.len() {
                    source.sentences.push(start..base + i + 1);
                    start = base + i + 1;
                }
            }
            source.keys.extend(words.iter().map(Key::of));
            source
                .passage_of
                .extend(std::iter::repeat_n(p, words.len()));
            source.words.extend(words);
        }
        source
    }

    /// The passage and byte range of words `range`.
    pub fn span(&self, range: Range<usize>) -> Option<(usize, Range<usize>)> {
        let (first, last) = (range.start, range.end.checked_sub(1)?);
        let passage = *self.passage_of.get(first)?;
        let last = (first..=last)
            .rev()
            .find(|&i| self.passage_of[i] == passage)?;
        Some((
            passage,
            self.words[first].span.start..self.words[last].span.end,
        ))
    }

    /// The passage a fact is in.
    fn passage_of_fact(&self, fact: &Fact) -> usize {
        self.passage_of[fact.words.start]
    }
}

/// What a source says about a claim, at the place that bears on it most.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// What the source does with the claim.
    pub stance: Stance,
    /// Share of the claim the place covers (0 to 1).
    pub coverage: f64,
    /// The place: a range of source words.
    pub place: Range<usize>,
    /// Each claim fact against the source.
    pub facts: Vec<FactCheck>,
    /// The source's value fact of each kind at the place that sits nearest the claim's words:
    /// what the source says about the subject, to compare sources with each other.
    pub key_facts: Vec<(usize, Fact)>,
    /// Words of the place that the claim shares, as (passage, byte range).
    pub shared: Vec<(usize, Range<usize>)>,
}

/// Reads what `source` says about `claim`; `None` when it does not even mention its subject.
pub fn read(claim: &Claim<'_>, source: &Source<'_>) -> Option<Reading> {
    let mut best: Option<(f64, Reading)> = None;
    let n = source.sentences.len();
    for s in 0..n {
        let one = source.sentences[s].clone();
        let mut windows = vec![one.clone()];
        if s + 1 < n {
            windows.push(one.start..source.sentences[s + 1].end);
        }
        for (k, window) in windows.into_iter().enumerate() {
            if frame_coverage(claim, source, window.clone()) == 0.0 {
                continue;
            }
            let reading = judge(claim, source, window);
            // A second sentence must earn its place.
            let rank = reading.stance.rank(reading.coverage) - 0.02 * k as f64;
            if best.as_ref().is_none_or(|(r, _)| rank > *r + 1e-9) {
                best = Some((rank, reading));
            }
        }
    }
    best.map(|(_, r)| r)
        .filter(|r| r.coverage >= MENTIONS_COVERAGE || r.stance != Stance::Mentions)
}

/// The frame weight of `claim` that the best stretch of `window` has, a stretch being no longer
/// than the claim's reach: a statement's words stay together.
fn frame_coverage(claim: &Claim<'_>, source: &Source<'_>, window: Range<usize>) -> f64 {
    // Which frame words each source word matches.
    let matches: Vec<Vec<usize>> = window
        .clone()
        .map(|j| {
            claim
                .frame
                .iter()
                .enumerate()
                .filter(|(_, &i)| source.keys[j].content && claim.keys[i].matches(&source.keys[j]))
                .map(|(k, _)| k)
                .collect()
        })
        .collect();
    let reach = claim.reach();
    let about_subject: Vec<bool> = claim
        .frame
        .iter()
        .map(|&i| {
            claim.keys[i].capitalized && source.subject.iter().any(|k| claim.keys[i].matches(k))
        })
        .collect();
    let mut best = 0.0;
    for start in 0..matches.len() {
        if matches[start].is_empty() {
            continue;
        }
        let mut seen = about_subject.clone();
        for found in matches[start..(start + reach).min(matches.len())].iter() {
            for &k in found {
                seen[k] = true;
            }
        }
        let weight: f64 = seen
            .iter()
            .zip(&claim.frame)
            .filter(|(seen, _)| **seen)
            .map(|(_, &i)| claim.keys[i].weight())
            .sum();
        if weight > best {
            best = weight;
        }
    }
    best
}

/// The stance of `source` at `window`.
fn judge(claim: &Claim<'_>, source: &Source<'_>, window: Range<usize>) -> Reading {
    let frame = frame_coverage(claim, source, window.clone());
    let candidates: Vec<&Fact> = source
        .facts
        .iter()
        .filter(|f| window.start <= f.words.start && f.words.end <= window.end)
        .collect();
    let mut checks: Vec<FactCheck> = claim
        .values()
        .map(|fact| check_value(claim, source, &window, fact, &candidates))
        .collect();
    checks.extend(check_names(claim, source, &window, &candidates));
    let paired = checks
        .iter()
        .filter(|c| !c.claim.kind.is_name() && c.outcome != Outcome::Missing)
        .count() as f64;
    // The words of a name the place replaces are covered: the place speaks of the same slot.
    let replaced: f64 = claim
        .frame
        .iter()
        .filter(|&&i| {
            checks
                .iter()
                .any(|c| c.claim.kind.is_name() && c.claim.words.contains(&i))
        })
        .map(|&i| claim.keys[i].weight())
        .sum();
    let frame = (frame + replaced).min(claim.frame_weight());
    let coverage = (frame + paired * claim.fact_weight()) / claim.total_weight().max(1e-9);
    let frame_share = frame / claim.frame_weight().max(1e-9);
    let differs = checks.iter().any(|c| c.outcome == Outcome::Differs);
    let missing = checks.iter().any(|c| c.outcome == Outcome::Missing);
    let stance = if differs && coverage >= DIFFERS_COVERAGE && frame_share >= FRAME_SHARE {
        Stance::Differs
    } else if !differs
        && !missing
        && coverage >= STATES_COVERAGE
        && frame_share >= FRAME_SHARE
        && names_present(claim, source, &candidates)
    {
        Stance::States
    } else {
        Stance::Mentions
    };
    let mut key_facts: Vec<(f64, &Fact)> = Vec::new();
    for fact in candidates.iter().filter(|f| !f.kind.is_name()) {
        let near = affinity_share(claim, source, &window, None, fact);
        if near < KEY_FACT_AFFINITY {
            continue;
        }
        match key_facts.iter_mut().find(|(_, f)| f.kind == fact.kind) {
            Some(kept) if kept.0 < near => *kept = (near, fact),
            Some(_) => {}
            None => key_facts.push((near, fact)),
        }
    }
    let key_facts = key_facts
        .into_iter()
        .map(|(_, f)| (source.passage_of_fact(f), f.clone()))
        .collect();
    let shared = window
        .clone()
        .filter(|&j| {
            let key = &source.keys[j];
            key.content && claim.frame.iter().any(|&i| claim.keys[i].matches(key))
        })
        .filter_map(|j| source.span(j..j + 1))
        .collect();
    Reading {
        stance,
        coverage: coverage.min(1.0),
        place: window,
        facts: checks,
        key_facts,
        shared,
    }
}

/// Whether every name of the claim is at the place: a statement about Baku names Baku.
fn names_present(claim: &Claim<'_>, source: &Source<'_>, candidates: &[&Fact]) -> bool {
    claim
        .facts
        .iter()
        .filter(|f| f.kind.is_name())
        .all(|name| is_named(name, source, candidates))
}

/// Whether the place (or the document's subject) names `name`.
fn is_named(name: &Fact, source: &Source<'_>, candidates: &[&Fact]) -> bool {
    candidates
        .iter()
        .copied()
        .chain(&source.subject_names)
        .any(|f| f.kind.is_name() && name.compare(f) == Comparison::Compatible)
}

/// How near the claim's words a source fact sits, as a share of the nearest it could be: each
/// claim frame word counts by its weight, by how near it is to `fact` in the claim (all alike when
/// `fact` is `None`), and by how near its nearest occurrence in the window is to the source fact,
/// less across a comma, less still across a sentence end.
fn affinity_share(
    claim: &Claim<'_>,
    source: &Source<'_>,
    window: &Range<usize>,
    fact: Option<&Fact>,
    candidate: &Fact,
) -> f64 {
    let nearness = |d: usize| 1.0 / (1.0 + d as f64 / 3.0);
    let distance = |range: &Range<usize>, i: usize| {
        if i < range.start {
            range.start - i
        } else {
            (i + 1).saturating_sub(range.end)
        }
    };
    let (mut got, mut best) = (0.0, 0.0);
    for &i in &claim.frame {
        let key = &claim.keys[i];
        let in_claim = fact.map_or(1.0, |f| nearness(distance(&f.words, i)));
        let weight = key.weight() * in_claim;
        best += weight;
        let nearest = window
            .clone()
            .filter(|&j| source.keys[j].matches(key))
            .map(|j| {
                nearness(distance(&candidate.words, j)) * boundaries(source, &candidate.words, j)
            })
            .fold(0.0, f64::max);
        got += weight * nearest;
    }
    if best == 0.0 {
        0.0
    } else {
        got / best
    }
}

/// The factor for the commas and sentence ends between word `j` and the words `range`.
fn boundaries(source: &Source<'_>, range: &Range<usize>, j: usize) -> f64 {
    let between = if j < range.start {
        j..range.start
    } else if j >= range.end {
        range.end - 1..j
    } else {
        return 1.0;
    };
    let words = &source.words[between];
    if words.iter().any(|w| w.ends_sentence) {
        0.4
    } else if words.iter().any(|w| w.comma || w.ends_clause) {
        0.6
    } else {
        1.0
    }
}

/// A claim's value fact against the facts of the place.
fn check_value(
    claim: &Claim<'_>,
    source: &Source<'_>,
    window: &Range<usize>,
    fact: &Fact,
    candidates: &[&Fact],
) -> FactCheck {
    let scored: Vec<(f64, Comparison, &Fact)> = candidates
        .iter()
        .filter_map(|c| {
            let comparison = fact.compare(c);
            (comparison != Comparison::Unrelated).then(|| {
                (
                    affinity_share(claim, source, window, Some(fact), c),
                    comparison,
                    *c,
                )
            })
        })
        .collect();
    let best = scored.iter().map(|(a, _, _)| *a).fold(0.0, f64::max);
    let pick = |comparison: Comparison, least: f64| {
        scored
            .iter()
            .filter(|(a, c, _)| *c == comparison && *a >= least)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, _, f)| (source.passage_of_fact(f), (*f).clone()))
    };
    // A compatible value about as near as the nearest is the one meant.
    if let Some(same) = pick(Comparison::Compatible, best * 0.5) {
        return FactCheck {
            claim: fact.clone(),
            source: Some(same),
            outcome: Outcome::Same,
        };
    }
    // The only value of its kind in the place is the one meant unless it is far away.
    let least = if scored.len() == 1 {
        LEAST_AFFINITY / 2.0
    } else {
        LEAST_AFFINITY
    };
    match pick(Comparison::Differs, best.max(least)) {
        Some(other) => FactCheck {
            claim: fact.clone(),
            source: Some(other),
            outcome: Outcome::Differs,
        },
        None => FactCheck {
            claim: fact.clone(),
            source: None,
            outcome: Outcome::Missing,
        },
    }
}

/// The claim's names that the place replaces with another name, where the word-level alignment
/// puts one in place of the other (`Israel supplied 69% of Turkey's arms` against `… of
/// Azerbaijan's arms`) and the place never names the claim's.
fn check_names(
    claim: &Claim<'_>,
    source: &Source<'_>,
    window: &Range<usize>,
    candidates: &[&Fact],
) -> Vec<FactCheck> {
    let keys = &source.keys[window.clone()];
    let Some(alignment) = align(claim.keys.len(), keys.len(), |i, j| {
        claim.keys[i].content && claim.keys[i].matches(&keys[j])
            || (!claim.keys[i].content && claim.keys[i].folded == keys[j].folded)
    }) else {
        return Vec::new();
    };
    let mut checks = Vec::new();
    // Content words the claim and the place share in a run of same words.
    let shared_words = |edit: Option<&Edit>| match edit {
        Some(Edit::Same { quote, .. }) => quote.clone().filter(|&i| claim.keys[i].content).count(),
        _ => 0,
    };
    for (k, edit) in alignment.edits.iter().enumerate() {
        let Edit::Changed {
            quote,
            source: replaced,
        } = edit
        else {
            continue;
        };
        // A name in a slot: same words on both sides, or two on one side at the claim's end;
        // and on each side, nothing else of meaning changed.
        let before = shared_words(k.checked_sub(1).and_then(|k| alignment.edits.get(k)));
        let after = shared_words(alignment.edits.get(k + 1));
        let in_slot = (before > 0 && after > 0)
            || (before >= 2 && quote.end == claim.keys.len())
            || (after >= 2 && quote.start == 0);
        if !in_slot {
            continue;
        }
        let replaced = replaced.start + window.start..replaced.end + window.start;
        for name in claim.facts.iter().filter(|f| f.kind.is_name()) {
            if name.words.start >= quote.end || quote.start >= name.words.end {
                continue;
            }
            if is_named(name, source, candidates) {
                continue;
            }
            // The name must be what changed: no other word of the claim's side carries meaning.
            let only_the_name = quote
                .clone()
                .all(|i| !claim.keys[i].content || name.words.contains(&i));
            if !only_the_name {
                continue;
            }
            let other = candidates.iter().find(|f| {
                f.kind.is_name()
                    && replaced.start < f.words.end
                    && f.words.start < replaced.end
                    && name.compare(f) == Comparison::Differs
                    && replaced
                        .clone()
                        .all(|j| !source.keys[j].content || f.words.contains(&j))
                    && !claim
                        .facts
                        .iter()
                        .any(|c| c.kind.is_name() && c.compare(f) == Comparison::Compatible)
            });
            if let Some(other) = other {
                checks.push(FactCheck {
                    claim: name.clone(),
                    source: Some((source.passage_of_fact(other), (*other).clone())),
                    outcome: Outcome::Differs,
                });
            }
        }
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stance(claim: &str, passages: &[&str]) -> Option<Reading> {
        read(&Claim::new(claim), &Source::new(passages))
    }

    const SEED_001_EMBASSY: &str = "The process of opening embassies between Azerbaijan and Israel has been asymmetrical. While the Israeli Embassy in Baku became operational in 1993[5], Azerbaijan's opening of an embassy in Tel Aviv was postponed until 29 March 2023. With this step, Azerbaijan sought not to lose the support of Islamic countries.";
    const SEED_000_EMBASSY: &str = "While Baku officially denies such involvement, Iran remains unconvinced. The opening of Azerbaijan’s embassy in Tel Aviv in November 2022 was viewed by Tehran as a strategic alignment with Israel.";

    #[test]
    fn a_source_with_the_same_date_states_the_claim() {
        let r = stance(
            "Azerbaijan opened its embassy in Tel Aviv in November 2022",
            &[SEED_000_EMBASSY],
        )
        .unwrap();
        assert_eq!(r.stance, Stance::States, "{r:?}");
    }

    #[test]
    fn the_date_of_the_same_clause_is_the_one_compared() {
        let r = stance(
            "Azerbaijan opened its embassy in Tel Aviv in November 2022",
            &[SEED_001_EMBASSY],
        )
        .unwrap();
        assert_eq!(r.stance, Stance::Differs, "{r:?}");
        let differing: Vec<(&str, &str)> = r
            .facts
            .iter()
            .filter(|c| c.outcome == Outcome::Differs)
            .map(|c| {
                (
                    c.claim.text.as_str(),
                    c.source.as_ref().unwrap().1.text.as_str(),
                )
            })
            .collect();
        assert_eq!(differing, [("November 2022", "29 March 2023")]);
        let r = stance(
            "Azerbaijan opened its embassy in Tel Aviv in 2023",
            &[SEED_001_EMBASSY],
        )
        .unwrap();
        assert_eq!(r.stance, Stance::States, "{r:?}");
    }

    #[test]
    fn a_replaced_name_differs_and_a_missing_fact_only_mentions() {
        let source = "Between 2016 and 2020, Israel supplied 69% of Azerbaijan’s arms imports, equipping it with drones.";
        let r = stance(
            "Israel supplied 69% of Turkey's arms imports between 2016 and 2020",
            &[source],
        )
        .unwrap();
        assert_eq!(r.stance, Stance::Differs, "{r:?}");
        let r = stance(
            "Israel supplied 69% of Azerbaijan's arms imports between 2016 and 2020",
            &[source],
        )
        .unwrap();
        assert_eq!(r.stance, Stance::States, "{r:?}");
        let r = stance(
            "Israel supplied 69% of Azerbaijan's arms imports in 2010",
            &[source],
        )
        .unwrap();
        assert_eq!(r.stance, Stance::Differs, "{r:?}");
        let r = stance(
            "Israel supplied most of Azerbaijan's arms imports through seven companies",
            &[source],
        )
        .unwrap();
        assert_eq!(r.stance, Stance::Mentions, "{r:?}");
    }

    #[test]
    fn a_statement_split_over_two_sentences_is_read_whole() {
        let passages = [
            "Iranian President Masoud Pezeshkian visited Baku to bolster ties.",
            "The visit took place on 29 April 2025. Seven agreements were signed.",
        ];
        let r = stance("Pezeshkian visited Baku on April 28, 2025", &passages).unwrap();
        assert_eq!(r.stance, Stance::Differs, "{r:?}");
        let r = stance("Pezeshkian visited Baku on April 29, 2025", &passages).unwrap();
        assert_eq!(r.stance, Stance::States, "{r:?}");
        assert_eq!(r.place.start, 0, "the place starts with the visit: {r:?}");
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_without_panicking(claim in ".{0,80}", text in ".{0,300}") {
            let _ = stance(&claim, &[&text, "In 2020, 69% of them came on 28 April 2025."]);
        }

        #[test]
        fn fact_like_text_reads_without_panicking(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "29", "March", "2023,", "$1.5", "bn", "69%", "seven-day", "1990s", "19th", "century",
                    "BC", "between", "2016", "and", "2020", "about", "more", "than", "7,200", "[3]", "U.S.",
                    "Baku", "half", "of", "–", "2016–20", "per", "cent", "¹", "12th", "Iran's", ".", "km2",
                ]),
                0..40,
            )
        ) {
            let text = words.join(" ");
            let _ = stance(&text, &[&text]);
            let _ = stance("Baku hosted 7 talks in March 2023", &[&text]);
        }
    }

    #[test]
    fn unrelated_text_is_not_read() {
        assert!(stance(
            "Israel supplied 69% of Azerbaijan's arms imports",
            &["The weather was fine in Paris."]
        )
        .is_none());
    }
}
