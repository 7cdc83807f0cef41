//! When a quote that is not word for word in a source is still `close` to it.
//!
//! Similarity alone cannot tell a misquote from another statement: `Iranian Security Concerns`
//! against `deep-seated security concerns` shares two words of three, and a quote spliced from the
//! first half of one sentence and the second half of another shares half its words with each. What
//! separates them is how much of the *quote's content* the alignment leaves unmatched: a near-copy
//! changes a number, a name or a word, adds or drops a few, or moves a clause, and the rest of
//! what it says is in the source; a different statement leaves a good part of its content words
//! without a partner. So a place is close when
//!
//! - fewer than [`MAX_UNMATCHED_SHARE`] of the quote's content words are left unmatched, where a
//!   number changed in place (`79%` for `69%`), a word whose punctuation alone differs, and a run of
//!   words found elsewhere in the source (a moved clause, a date written in another order) count
//!   as matched, and
//! - the alignment, moved runs counted as matched, is at least [`CLOSE_SIMILARITY`] similar, so
//!   that a quote whose words lie scattered across a long stretch is not close.
//!
//! Both thresholds were set on `tests/data/close_pairs.jsonl`, 135 labelled quote/passage pairs
//! (precision 0.988, recall 1.000; the README's "Checking quotes and citations" tells more).

use super::align::{Alignment, Edit};

/// Least similarity of a close place, moved runs counted as matched: the words in common make up
/// at least this share of the quote and the stretch it aligns with together. A changed word in a
/// 5-word quote scores 0.8; a quote whose words are spread over a stretch three times its length,
/// 0.5.
pub const CLOSE_SIMILARITY: f64 = 0.6;
/// A close place leaves fewer than this share of the quote's content words unmatched: one changed
/// name in a sentence of a dozen content words is a misquote of it; one word in three (a heading
/// against a sentence echoing it), or half a quote (a splice), is another statement.
pub const MAX_UNMATCHED_SHARE: f64 = 0.2;

/// English function words: they carry no content of their own, so a quote's share of unmatched
/// content leaves them out (`the` changed to `a` is no change of statement).
const FUNCTION_WORDS: &[&str] = &[
    "a", "also", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can",
    "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "here", "his",
    "i", "in", "into", "is", "it", "its", "may", "might", "must", "no", "nor", "not", "of", "on",
    "or", "our", "shall", "she", "should", "so", "such", "than", "that", "the", "their", "then",
    "there", "these", "they", "this", "those", "to", "was", "we", "were", "which", "who", "whom",
    "whose", "will", "with", "would", "you", "your",
];

/// How close a quote is to the place it aligns with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Closeness {
    /// `2 × matched words / (quote words + source words)`, moved runs counted as matched.
    pub similarity: f64,
    /// Share of the quote's content words that nothing in the source answers.
    pub unmatched_share: f64,
}

impl Closeness {
    /// Whether the place says nearly what the quote says.
    pub fn is_close(&self) -> bool {
        self.similarity >= CLOSE_SIMILARITY && self.unmatched_share < MAX_UNMATCHED_SHARE
    }

    /// Measures `alignment` of the normalized `quote` words with the normalized `source` words
    /// (all of them: a moved clause may lie outside the aligned stretch).
    pub fn measure(quote: &[&str], source: &[&str], alignment: &Alignment) -> Closeness {
        let mut quote_matched = vec![false; quote.len()];
        let mut source_used = vec![false; source.len()];
        // Quote words of changed runs, with the source words they stand against.
        let mut changed: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for edit in &alignment.edits {
            match edit {
                Edit::Same {
                    quote: q,
                    source: s,
                } => {
                    q.clone().for_each(|i| quote_matched[i] = true);
                    s.clone().for_each(|j| source_used[j] = true);
                }
                Edit::Changed {
                    quote: q,
                    source: s,
                } => {
                    changed.extend(q.clone().map(|i| (i, s.clone())));
                }
                Edit::Added { .. } | Edit::Dropped { .. } => {}
            }
        }
        let mut matched = quote_matched.iter().filter(|&&m| m).count();

        // A word whose punctuation alone differs (`Armenia.` for `Armenia`) is the same word.
        for (i, against) in &changed {
            if let Some(j) = against
                .clone()
                .find(|&j| !source_used[j] && core(source[j]) == core(quote[*i]))
            {
                quote_matched[*i] = true;
                source_used[j] = true;
                matched += 1;
            }
        }

        // Runs of the quote found together elsewhere in the source were moved, not made up.
        let mut moved_outside = 0;
        for (start, end) in unmatched_runs(&quote_matched) {
            let mut i = start;
            while i < end {
                let Some((at, len)) = longest_free_run(&quote[i..end], source, &source_used)
                    .filter(|&(_, len)| is_movable(&quote[i..i + len]))
                else {
                    i += 1;
                    continue;
                };
                quote_matched[i..i + len].iter_mut().for_each(|m| *m = true);
                source_used[at..at + len].iter_mut().for_each(|u| *u = true);
                matched += len;
                moved_outside += (at..at + len)
                    .filter(|j| !alignment.source.contains(j))
                    .count();
                i += len;
            }
        }

        // A number against another number in the stretch: the figure changed, or is written
        // another way (`28 April` for `April 28,`); the difference is shown, the statement is
        // the same.
        let number_in_stretch = alignment
            .source
            .clone()
            .any(|j| !source_used[j] && is_number(source[j]));
        let content: Vec<usize> = (0..quote.len()).filter(|&i| is_content(quote[i])).collect();
        let unmatched = content
            .iter()
            .filter(|&&i| !quote_matched[i])
            .filter(|&&i| !is_number(quote[i]) || !number_in_stretch)
            .count();
        let compared = quote.len() + alignment.source.len() + moved_outside;
        Closeness {
            similarity: 2.0 * matched as f64 / compared as f64,
            unmatched_share: if content.is_empty() {
                0.0
            } else {
                unmatched as f64 / content.len() as f64
            },
        }
    }
}

/// A word without the punctuation around it.
fn core(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

fn is_number(word: &str) -> bool {
    word.contains(|c: char| c.is_ascii_digit())
}

fn is_content(word: &str) -> bool {
    let core = core(word);
    !core.is_empty() && !FUNCTION_WORDS.contains(&core)
}

/// A run that may have been moved: two content words, or a number with a word around it (`in
/// 1997`). A single word found elsewhere is no evidence of a move: swapping `Iran` for `Russia`
/// would otherwise pass as moving `Iran` from another sentence.
fn is_movable(run: &[&str]) -> bool {
    run.len() >= 2
        && (run.iter().filter(|w| is_content(w)).count() >= 2 || run.iter().any(|w| is_number(w)))
}

/// The maximal runs of unmatched quote words, as index ranges.
fn unmatched_runs(matched: &[bool]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, &m) in matched.iter().chain([&true]).enumerate() {
        match (m, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// The longest run of source words not used yet that reads as a prefix of `words` (compared
/// without punctuation): its start and length.
fn longest_free_run(words: &[&str], source: &[&str], used: &[bool]) -> Option<(usize, usize)> {
    (0..source.len())
        .map(|at| {
            let len = words
                .iter()
                .zip(&source[at..])
                .zip(&used[at..])
                .take_while(|((w, s), &u)| !u && core(w) == core(s))
                .count();
            (at, len)
        })
        .filter(|&(_, len)| len > 0)
        .max_by_key(|&(at, len)| (len, std::cmp::Reverse(at)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::align::align;

    fn closeness(quote: &str, source: &str) -> Closeness {
        let (q, s): (Vec<&str>, Vec<&str>) =
            (quote.split(' ').collect(), source.split(' ').collect());
        let alignment = align(q.len(), s.len(), |i, j| q[i] == s[j]).unwrap();
        Closeness::measure(&q, &s, &alignment)
    }

    #[test]
    fn a_changed_number_is_close() {
        let c = closeness(
            "israel supplied 79% of azerbaijan's arms imports",
            "between 2016 and 2020, israel supplied 69% of azerbaijan's arms imports, equipping it",
        );
        assert!(c.is_close(), "{c:?}");
    }

    #[test]
    fn one_word_changed_in_three_is_not_close() {
        let c = closeness(
            "iranian security concerns",
            "iran's deep-seated security concerns regarding",
        );
        assert!(!c.is_close(), "{c:?}");
        assert!((c.unmatched_share - 1.0 / 3.0).abs() < 1e-9, "{c:?}");
    }

    #[test]
    fn a_moved_clause_counts_as_matched() {
        let c = closeness(
            "iranian president masoud pezeshkian visited baku on april 28, 2025 to bolster ties.",
            "on april 28, 2025, iranian president masoud pezeshkian visited baku to bolster ties.",
        );
        assert!(c.is_close(), "{c:?}");
        assert_eq!(c.unmatched_share, 0.0);
    }

    #[test]
    fn swapped_names_are_no_move() {
        let c = closeness(
            "after armenia gained its independence, russia became one of the first countries to recognize it.",
            "after azerbaijan gained its independence, iran became one of the first countries to recognize azerbaijan on 25 december 1991. armenia and russia",
        );
        assert!(!c.is_close(), "{c:?}");
    }

    #[test]
    fn a_spliced_quote_is_not_close_to_either_half() {
        let first = "the island has long been an attractive destination for amateur radio groups, due to its remoteness.";
        let c = closeness(
            "the island has long been an attractive destination for prefixes and suffixes that may be separable affixes.",
            first,
        );
        assert!(!c.is_close(), "{c:?}");
    }

    #[test]
    fn punctuation_alone_is_no_unmatched_content() {
        let c = closeness(
            "relies on israeli drones and armenia.",
            "relies on israeli drones and armenia over",
        );
        assert_eq!(c.unmatched_share, 0.0, "{c:?}");
    }
}
