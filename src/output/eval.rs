//! Evaluation results: a summary for people, JSON for tools, and a per-query table for error
//! analysis.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::eval::{EvalReport, RECALL_DEPTH};

/// `sleuth eval --json` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonEval {
    /// Number of judged queries evaluated.
    pub queries: usize,
    /// Cut-off of nDCG and MRR.
    pub k: usize,
    /// Mean nDCG@k.
    pub ndcg: f64,
    /// Mean recall at `recall_depth`.
    pub recall: f64,
    /// Cut-off of the recall measure (100).
    pub recall_depth: usize,
    /// Mean reciprocal rank at k.
    pub mrr: f64,
    /// Wall time of the ranking, in seconds.
    pub seconds: f64,
}

impl From<&EvalReport> for JsonEval {
    fn from(report: &EvalReport) -> Self {
        JsonEval {
            queries: report.queries.len(),
            k: report.k,
            ndcg: report.ndcg,
            recall: report.recall,
            recall_depth: RECALL_DEPTH,
            mrr: report.mrr,
            seconds: report.seconds,
        }
    }
}

/// Writes the summary: one measure per line, then the number of queries and the time taken.
pub fn print_summary(out: &mut dyn Write, report: &EvalReport) -> io::Result<()> {
    let k = report.k;
    writeln!(out, "nDCG@{k:<6} {:.4}", report.ndcg)?;
    writeln!(out, "Recall@{RECALL_DEPTH:<4} {:.4}", report.recall)?;
    writeln!(out, "MRR@{k:<7} {:.4}", report.mrr)?;
    writeln!(
        out,
        "{} queries in {:.2} s",
        report.queries.len(),
        report.seconds
    )
}

/// Writes the summary as one JSON document and a newline.
pub fn print_json(out: &mut dyn Write, report: &EvalReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &JsonEval::from(report))?;
    writeln!(out)
}

/// Writes one tab-separated line per query (query id, nDCG@k with 4 decimals, rank of the first
/// relevant document within the top 100 or `-`) after a header line.
pub fn print_per_query(out: &mut dyn Write, report: &EvalReport) -> io::Result<()> {
    writeln!(out, "query-id\tndcg@{}\tfirst-relevant-rank", report.k)?;
    for query in &report.queries {
        let rank = query
            .first_relevant
            .map_or_else(|| "-".to_string(), |r| r.to_string());
        writeln!(out, "{}\t{:.4}\t{rank}", query.id, query.ndcg)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::QueryOutcome;

    fn report() -> EvalReport {
        let outcome = |id: &str, ndcg: f64, first_relevant: Option<usize>| QueryOutcome {
            id: id.to_string(),
            ndcg,
            recall: 1.0,
            reciprocal_rank: 0.5,
            first_relevant,
        };
        EvalReport {
            k: 10,
            queries: vec![outcome("q1", 1.0, Some(1)), outcome("q2", 0.0, None)],
            ndcg: 0.5,
            recall: 0.75,
            mrr: 0.25,
            seconds: 1.5,
        }
    }

    fn printed(print: fn(&mut dyn Write, &EvalReport) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        print(&mut out, &report()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_summary_shows_each_measure_with_its_cut_off() {
        assert_eq!(
            printed(print_summary),
            "nDCG@10     0.5000\nRecall@100  0.7500\nMRR@10      0.2500\n2 queries in 1.50 s\n"
        );
    }

    #[test]
    fn the_per_query_table_has_a_header_and_a_dash_when_nothing_relevant_was_found() {
        assert_eq!(
            printed(print_per_query),
            "query-id\tndcg@10\tfirst-relevant-rank\nq1\t1.0000\t1\nq2\t0.0000\t-\n"
        );
    }

    #[test]
    fn json_output_round_trips() {
        let json: JsonEval = serde_json::from_str(&printed(print_json)).unwrap();
        assert_eq!(json.queries, 2);
        assert_eq!(json.recall_depth, 100);
        assert_eq!(json.ndcg, 0.5);
    }
}
