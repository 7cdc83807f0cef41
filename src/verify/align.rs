//! Word-level alignment of a quote with a source text: where in the source the quote fits best,
//! what differs there, and how similar the two are.
//!
//! The alignment keeps as many words in common, in order, as it can (a longest common subsequence),
//! with the source's ends free: the quote may start and stop anywhere in it. Each quote or source
//! word left unpaired costs one, so a changed word costs two, and the best place is the one with
//! the lowest cost. Its similarity is `2 × same words / (quote words + source words there)`: a
//! 20-word quote with one number changed scores 0.95, unrelated text near 0.

use std::ops::Range;

/// One run of the alignment, as ranges of word indices into the quote and the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Words the quote and the source share.
    Same {
        /// Quote words.
        quote: Range<usize>,
        /// Source words.
        source: Range<usize>,
    },
    /// The quote says something else than the source here.
    Changed {
        /// Quote words.
        quote: Range<usize>,
        /// Source words.
        source: Range<usize>,
    },
    /// Words in the quote that the source does not have.
    Added {
        /// Quote words.
        quote: Range<usize>,
    },
    /// Words of the source that the quote leaves out.
    Dropped {
        /// Source words.
        source: Range<usize>,
    },
}

/// The best place of a quote in a source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The source words the quote aligns with.
    pub source: Range<usize>,
    /// The quote against those words, in order.
    pub edits: Vec<Edit>,
    /// 1.0 when the words are the same, towards 0.0 the more they differ.
    pub similarity: f64,
}

/// Aligns a quote of `m` words with the best-fitting stretch of a source of `n` words, where
/// `same(i, j)` says whether quote word `i` and source word `j` are the same; `None` when either
/// is empty.
pub fn align(m: usize, n: usize, same: impl Fn(usize, usize) -> bool) -> Option<Alignment> {
    if m == 0 || n == 0 {
        return None;
    }
    // Scores rank alignments by cost first, then by the number of same words (more is better), so
    // that `arms came` against `arms imports came` pairs both words instead of starting at
    // `came`: score = cost × weight − same words, with a weight above any count of same words.
    let weight = (m + n + 1) as i64;
    let width = n + 1;
    // score[i * width + j]: best alignment of quote[..i] ending just before source[j].
    let mut score = vec![0i64; (m + 1) * width];
    for i in 1..=m {
        score[i * width] = i as i64 * weight;
        for j in 1..=n {
            let added = score[(i - 1) * width + j] + weight;
            let dropped = score[i * width + j - 1] + weight;
            let mut best = added.min(dropped);
            if same(i - 1, j - 1) {
                best = best.min(score[(i - 1) * width + j - 1] - 1);
            }
            score[i * width + j] = best;
        }
    }
    let last_row = &score[m * width..];
    let mut end = (1..=n).min_by_key(|&j| last_row[j]).unwrap_or(n);

    // Walk back one word at a time.
    let mut steps = Vec::new();
    let (mut i, mut j) = (m, end);
    while i > 0 {
        let here = score[i * width + j];
        if j > 0 && same(i - 1, j - 1) && here == score[(i - 1) * width + j - 1] - 1 {
            steps.push(Step::Same);
            (i, j) = (i - 1, j - 1);
        } else if here == score[(i - 1) * width + j] + weight {
            steps.push(Step::Added);
            i -= 1;
        } else {
            steps.push(Step::Dropped);
            j -= 1;
        }
    }
    steps.reverse();
    let mut start = j;

    // Free ends leave a changed first or last word out of the stretch (`79% of` against `69% of`
    // starts at `of`): take in as many source words as the quote has unpaired words there, so
    // that the difference reads as a change.
    let leading = steps.iter().take_while(|s| **s == Step::Added).count();
    let taken = leading.min(start);
    start -= taken;
    steps.splice(0..0, std::iter::repeat_n(Step::Dropped, taken));
    let trailing = steps
        .iter()
        .rev()
        .take_while(|s| **s == Step::Added)
        .count();
    let taken = trailing.min(n - end);
    end += taken;
    steps.extend(std::iter::repeat_n(Step::Dropped, taken));

    let same = steps.iter().filter(|s| **s == Step::Same).count();
    let similarity = 2.0 * same as f64 / (m + end - start) as f64;
    Some(Alignment {
        source: start..end,
        edits: runs(&steps, start),
        similarity,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Same,
    Added,
    Dropped,
}

/// Groups steps into runs: same words together, and everything between two runs of same words as
/// one difference.
fn runs(steps: &[Step], source_start: usize) -> Vec<Edit> {
    let mut edits = Vec::new();
    let (mut q, mut s) = (0, source_start);
    let mut k = 0;
    while k < steps.len() {
        let same = steps[k] == Step::Same;
        let (q0, s0) = (q, s);
        while k < steps.len() && (steps[k] == Step::Same) == same {
            match steps[k] {
                Step::Same => (q, s) = (q + 1, s + 1),
                Step::Added => q += 1,
                Step::Dropped => s += 1,
            }
            k += 1;
        }
        edits.push(match (same, q0 < q, s0 < s) {
            (true, _, _) => Edit::Same {
                quote: q0..q,
                source: s0..s,
            },
            (false, true, true) => Edit::Changed {
                quote: q0..q,
                source: s0..s,
            },
            (false, true, false) => Edit::Added { quote: q0..q },
            (false, false, _) => Edit::Dropped { source: s0..s },
        });
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        text.split(' ').collect()
    }

    fn aligned(quote: &str, source: &str) -> Alignment {
        let (quote, source) = (words(quote), words(source));
        align(quote.len(), source.len(), |i, j| quote[i] == source[j]).unwrap()
    }

    #[test]
    fn an_exact_quote_aligns_with_its_place_and_scores_one() {
        let a = aligned("69% of arms", "in 2020 69% of arms came");
        assert_eq!(a.source, 2..5);
        assert_eq!(
            a.edits,
            [Edit::Same {
                quote: 0..3,
                source: 2..5
            }]
        );
        assert_eq!(a.similarity, 1.0);
    }

    #[test]
    fn a_changed_number_is_one_change_between_same_words() {
        let a = aligned(
            "in the period 2016-2020, 79% of arms imports",
            "so in the period 2016-2020, 69% of arms imports came from",
        );
        assert_eq!(
            a.edits,
            [
                Edit::Same {
                    quote: 0..4,
                    source: 1..5
                },
                Edit::Changed {
                    quote: 4..5,
                    source: 5..6
                },
                Edit::Same {
                    quote: 5..8,
                    source: 6..9
                },
            ]
        );
        assert!(
            (a.similarity - 14.0 / 16.0).abs() < 1e-9,
            "{}",
            a.similarity
        );
    }

    #[test]
    fn added_and_dropped_words_are_named() {
        let a = aligned(
            "arms came quickly from Israel",
            "arms imports came from Israel",
        );
        assert_eq!(
            a.edits,
            [
                Edit::Same {
                    quote: 0..1,
                    source: 0..1
                },
                Edit::Dropped { source: 1..2 },
                Edit::Same {
                    quote: 1..2,
                    source: 2..3
                },
                Edit::Added { quote: 2..3 },
                Edit::Same {
                    quote: 3..5,
                    source: 3..5
                },
            ]
        );
        assert!((a.similarity - 0.8).abs() < 1e-9);
    }

    #[test]
    fn a_changed_word_at_either_end_is_a_change() {
        let a = aligned("79% of arms went", "so 69% of arms came from");
        assert_eq!(
            a.edits,
            [
                Edit::Changed {
                    quote: 0..1,
                    source: 1..2
                },
                Edit::Same {
                    quote: 1..3,
                    source: 2..4
                },
                Edit::Changed {
                    quote: 3..4,
                    source: 4..5
                },
            ]
        );
        assert_eq!(a.source, 1..5);
    }

    #[test]
    fn unrelated_text_scores_low() {
        let a = aligned(
            "the parliament voted to ban wine imports",
            "Baku hosted the summit on energy security and transport links",
        );
        assert!(a.similarity < 0.3, "{}", a.similarity);
    }

    #[test]
    fn nothing_aligns_with_nothing() {
        assert!(align(0, 1, |_, _| true).is_none());
        assert!(align(1, 0, |_, _| true).is_none());
    }
}
