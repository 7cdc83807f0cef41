//! Tunes the weight of words against meaning on a BEIR benchmark's training queries; `EVAL.md`
//! lists the runs. The first run embeds every passage of the corpus into INDEX_DIR (slow: see
//! PERFORMANCE.md); later runs reuse the vectors.
//!
//! ```sh
//! cargo run --release --example hybrid_tuning -- DATA_DIR INDEX_DIR MODEL_DIR [WEIGHT]...
//! ```
//!
//! WEIGHT is the lexical weight of the fused score (default: 0 0.4 0.5 0.55 0.6 0.65 0.7 1);
//! 0 ranks by meaning alone over both candidate lists, 1 by words alone.

use std::path::PathBuf;

use sleuth::eval::{self, beir, EvalOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(data), Some(index_dir), Some(model)) = (args.next(), args.next(), args.next()) else {
        return Err("usage: hybrid_tuning DATA_DIR INDEX_DIR MODEL_DIR [WEIGHT]...".into());
    };
    let data = PathBuf::from(data);
    let mut weights: Vec<f32> = args.map(|w| w.parse()).collect::<Result<_, _>>()?;
    if weights.is_empty() {
        weights = vec![0.0, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 1.0];
    }
    let queries = beir::load_queries(&data.join("queries.jsonl"))?;
    let qrels = beir::load_qrels(&data.join("qrels/train.tsv"))?;
    let judged = beir::judged_queries(queries, &qrels)?;
    let (mut engine, _) = eval::index_corpus(&data.join("corpus.jsonl"), index_dir.as_ref())?;
    engine.rank_by_meaning(Some(model.as_ref()), &mut |done, total| {
        if done % 640 == 0 || done == total {
            eprintln!("embedded {done}/{total} passages");
        }
    })?;
    for weight in weights {
        if let Some(meaning) = engine.meaning_mut() {
            meaning.lexical_weight = weight;
        }
        let report = eval::evaluate(&engine, &judged, &EvalOptions::default())?;
        println!(
            "lexical weight {weight:<5} nDCG@10 {:.4}  R@100 {:.4}  MRR@10 {:.4}  ({:.1} s)",
            report.ndcg, report.recall, report.mrr, report.seconds
        );
    }
    Ok(())
}
