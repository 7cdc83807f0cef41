//! Measuring ranking quality on a benchmark in BEIR form (a corpus, queries and relevance
//! judgments): every judged query ranks documents, and the rankings are scored with nDCG@k,
//! Recall@100 and MRR@k as BEIR and TREC define them.
//!
//! The evaluation ranks documents exactly as `sleuth search --docs --literal` does (the same
//! [`crate::rank::Ranking`], through the same [`Engine`]), so what it measures is what users get.

pub mod beir;
pub mod metrics;

use std::path::Path;
use std::time::Instant;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::index::{sync, IndexOptions, SleuthIndex, SyncReport};
use crate::ingest::corpus::{absolute, display_path};
use beir::BenchmarkQuery;
use metrics::Judgments;

/// Cut-off of the recall measure, as in BEIR.
pub const RECALL_DEPTH: usize = 100;

/// How to evaluate. The ranking evaluated is the engine's (see [`Engine::with_ranking`]).
#[derive(Debug, Clone, PartialEq)]
pub struct EvalOptions {
    /// Cut-off of nDCG and MRR.
    pub k: usize,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions { k: 10 }
    }
}

/// How one query fared.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryOutcome {
    /// The query's id.
    pub id: String,
    /// nDCG at the cut-off k.
    pub ndcg: f64,
    /// Recall at [`RECALL_DEPTH`].
    pub recall: f64,
    /// Reciprocal rank of the first relevant document, 0 past the cut-off k.
    pub reciprocal_rank: f64,
    /// 1-based rank of the first relevant document within [`RECALL_DEPTH`], if any.
    pub first_relevant: Option<usize>,
}

/// The outcome of an evaluation: per query, and averaged over all queries.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalReport {
    /// Cut-off of nDCG and MRR.
    pub k: usize,
    /// Per query, in the order of the queries file.
    pub queries: Vec<QueryOutcome>,
    /// Mean nDCG@k.
    pub ndcg: f64,
    /// Mean Recall@100.
    pub recall: f64,
    /// Mean reciprocal rank at k.
    pub mrr: f64,
    /// Wall time of the ranking, in seconds.
    pub seconds: f64,
}

/// Indexes `corpus` into `index_dir`, or brings the index there up to date, and opens it. An index
/// built from another corpus is refused rather than overwritten.
pub fn index_corpus(corpus: &Path, index_dir: &Path) -> Result<(Engine, SyncReport)> {
    let mut root = absolute(corpus)?;
    if let Some(meta) = SleuthIndex::open(index_dir)
        .ok()
        .and_then(|index| index.meta)
    {
        match meta.corpus.as_slice() {
            // The same file named another way: keep the index's name for it, so nothing is redone.
            [built] if is_same_file(built, &root) => root = built.clone(),
            built => {
                let built: Vec<String> = built.iter().map(|p| display_path(p)).collect();
                return Err(Error::Benchmark {
                    location: display_path(index_dir),
                    reason: format!(
                        "this index was built from {}, not from {}; pass --index with another directory (or none, to use a temporary one)",
                        built.join(", "),
                        display_path(corpus)
                    ),
                });
            }
        }
    }
    let mut options = IndexOptions::new(index_dir);
    options.corpus = Some(vec![root]);
    let report = sync(&options)?;
    Ok((Engine::open(index_dir)?, report))
}

fn is_same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Ranks documents for every query and scores the rankings against the judgments.
pub fn evaluate(
    engine: &Engine,
    queries: &[(BenchmarkQuery, &Judgments)],
    options: &EvalOptions,
) -> Result<EvalReport> {
    let started = Instant::now();
    let depth = options.k.max(RECALL_DEPTH);
    let mut outcomes = Vec::with_capacity(queries.len());
    for (query, judgments) in queries {
        let ranking: Vec<String> = match engine.query(&query.text, true) {
            Ok(compiled) => engine
                .documents(&compiled, depth, 0)?
                .items
                .into_iter()
                .map(|(_, id)| id)
                .collect(),
            // A query with no searchable word finds nothing, and scores 0.
            Err(Error::Query(_)) => Vec::new(),
            Err(err) => return Err(err),
        };
        outcomes.push(QueryOutcome {
            id: query.id.clone(),
            ndcg: metrics::ndcg(&ranking, judgments, options.k),
            recall: metrics::recall(&ranking, judgments, RECALL_DEPTH),
            reciprocal_rank: metrics::reciprocal_rank(&ranking, judgments, options.k),
            first_relevant: metrics::first_relevant(
                &ranking[..ranking.len().min(RECALL_DEPTH)],
                judgments,
            ),
        });
    }
    let mean = |value: fn(&QueryOutcome) -> f64| {
        if outcomes.is_empty() {
            0.0
        } else {
            outcomes.iter().map(value).sum::<f64>() / outcomes.len() as f64
        }
    };
    Ok(EvalReport {
        k: options.k,
        ndcg: mean(|q| q.ndcg),
        recall: mean(|q| q.recall),
        mrr: mean(|q| q.reciprocal_rank),
        seconds: started.elapsed().as_secs_f64(),
        queries: outcomes,
    })
}
