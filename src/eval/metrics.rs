//! Ranking metrics in their standard BEIR/TREC definitions (as `trec_eval` and `pytrec_eval`
//! compute them), for one query at a time: a ranking is a list of document ids, best first, and the
//! judgments map document ids to graded relevance (0 = not relevant).

use std::collections::HashMap;

/// Graded relevance judgments of one query: document id → grade.
pub type Judgments = HashMap<String, u32>;

/// Normalized discounted cumulative gain at `k`: the gain of each of the first `k` documents is its
/// grade, discounted by log2(rank + 1), divided by the same sum for the ideal ranking of the judged
/// documents. 0 when no document is relevant.
pub fn ndcg(ranking: &[String], judgments: &Judgments, k: usize) -> f64 {
    let gains = ranking
        .iter()
        .map(|id| judgments.get(id).copied().unwrap_or(0));
    let mut ideal: Vec<u32> = judgments.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let ideal = dcg(ideal.into_iter(), k);
    if ideal == 0.0 {
        return 0.0;
    }
    dcg(gains, k) / ideal
}

fn dcg(gains: impl Iterator<Item = u32>, k: usize) -> f64 {
    gains
        .take(k)
        .enumerate()
        .map(|(i, gain)| f64::from(gain) / (i as f64 + 2.0).log2())
        .sum()
}

/// Share of the relevant documents found in the first `k`. 0 when no document is relevant.
pub fn recall(ranking: &[String], judgments: &Judgments, k: usize) -> f64 {
    let relevant = judgments.values().filter(|&&grade| grade > 0).count();
    if relevant == 0 {
        return 0.0;
    }
    let found = ranking
        .iter()
        .take(k)
        .filter(|id| is_relevant(judgments, id))
        .count();
    found as f64 / relevant as f64
}

/// 1 / the rank of the first relevant document if it is within the first `k`, else 0.
pub fn reciprocal_rank(ranking: &[String], judgments: &Judgments, k: usize) -> f64 {
    match first_relevant(ranking, judgments) {
        Some(rank) if rank <= k => 1.0 / rank as f64,
        _ => 0.0,
    }
}

/// The 1-based rank of the first relevant document, if the ranking has one.
pub fn first_relevant(ranking: &[String], judgments: &Judgments) -> Option<usize> {
    ranking
        .iter()
        .position(|id| is_relevant(judgments, id))
        .map(|i| i + 1)
}

fn is_relevant(judgments: &Judgments, id: &str) -> bool {
    judgments.get(id).is_some_and(|&grade| grade > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranking(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| id.to_string()).collect()
    }

    fn judged(pairs: &[(&str, u32)]) -> Judgments {
        pairs.iter().map(|(id, g)| (id.to_string(), *g)).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn ndcg_of_one_relevant_document_is_one_over_log2_of_rank_plus_one() {
        let j = judged(&[("d", 1)]);
        assert!(close(ndcg(&ranking(&["d", "x", "y"]), &j, 10), 1.0));
        // rank 3: 1 / log2(4) = 0.5
        assert!(close(ndcg(&ranking(&["x", "y", "d"]), &j, 10), 0.5));
        // beyond the cut-off it counts nothing
        assert!(close(ndcg(&ranking(&["x", "y", "d"]), &j, 2), 0.0));
    }

    #[test]
    fn ndcg_uses_graded_gains_and_the_ideal_order_of_the_judgments() {
        // Judged: a=2, b=1, c=0. Ranking b, x, a.
        // DCG  = 1/log2(2) + 0 + 2/log2(4) = 1 + 1 = 2
        // IDCG = 2/log2(2) + 1/log2(3) = 2 + 0.6309297535714574
        let j = judged(&[("a", 2), ("b", 1), ("c", 0)]);
        let expected = 2.0 / (2.0 + 1.0 / 3f64.log2());
        assert!(close(ndcg(&ranking(&["b", "x", "a"]), &j, 10), expected));
    }

    #[test]
    fn the_ideal_dcg_counts_relevant_documents_the_ranking_missed() {
        // Two relevant, one found at rank 1: DCG 1, IDCG 1 + 1/log2(3).
        let j = judged(&[("a", 1), ("b", 1)]);
        let expected = 1.0 / (1.0 + 1.0 / 3f64.log2());
        assert!(close(ndcg(&ranking(&["a", "x"]), &j, 10), expected));
    }

    #[test]
    fn ndcg_is_zero_without_relevant_judgments() {
        assert_eq!(ndcg(&ranking(&["a"]), &judged(&[("a", 0)]), 10), 0.0);
        assert_eq!(ndcg(&ranking(&[]), &judged(&[("a", 1)]), 10), 0.0);
    }

    #[test]
    fn recall_counts_relevant_documents_within_the_cut_off() {
        let j = judged(&[("a", 1), ("b", 2), ("c", 1), ("z", 0)]);
        let r = ranking(&["z", "a", "x", "b"]);
        assert!(close(recall(&r, &j, 100), 2.0 / 3.0));
        assert!(close(recall(&r, &j, 2), 1.0 / 3.0));
        assert_eq!(recall(&r, &judged(&[]), 100), 0.0);
    }

    #[test]
    fn reciprocal_rank_is_one_over_the_first_relevant_rank_within_the_cut_off() {
        let j = judged(&[("b", 1), ("c", 1)]);
        let r = ranking(&["z", "x", "x2", "b", "c"]);
        assert_eq!(first_relevant(&r, &j), Some(4));
        assert!(close(reciprocal_rank(&r, &j, 10), 0.25));
        assert_eq!(reciprocal_rank(&r, &j, 3), 0.0);
        assert_eq!(first_relevant(&ranking(&["z"]), &j), None);
    }

    #[test]
    fn a_document_judged_not_relevant_is_not_a_first_relevant_hit() {
        let j = judged(&[("a", 0), ("b", 1)]);
        assert_eq!(first_relevant(&ranking(&["a", "b"]), &j), Some(2));
    }
}
