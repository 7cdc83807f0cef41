//! Measures ranking levers on a BEIR benchmark's training queries; `EVAL.md` lists the runs.
//!
//! `cargo run --release --example levers -- DATA_DIR INDEX_DIR [NAME=VALUE]...` evaluates the
//! default ranking with the named settings changed, e.g. `k1=0.9 b=0.4`. DATA_DIR holds
//! `corpus.jsonl`, `queries.jsonl` and `qrels/train.tsv`; INDEX_DIR is built on first use.
//! Settings: `depth`, `k1`, `b`, `title`, `section` (see `sleuth::rank::Ranking`) and
//! `docs=whole|passage` (how documents are scored).

use std::path::PathBuf;

use sleuth::eval::{self, beir, EvalOptions};
use sleuth::rank::{DocumentScore, Ranking};

fn set(ranking: &mut Ranking, setting: &str) -> Result<(), String> {
    let (name, value) = setting
        .split_once('=')
        .ok_or_else(|| format!("`{setting}` is not NAME=VALUE"))?;
    let number = || -> Result<f32, String> {
        value
            .parse::<f32>()
            .map_err(|_| format!("`{value}` is not a number"))
    };
    match name {
        "depth" => ranking.depth = number()? as usize,
        "k1" => ranking.k1 = number()?,
        "b" => ranking.b = number()?,
        "title" => ranking.title_weight = number()?,
        "section" => ranking.section_weight = number()?,
        "docs" => {
            ranking.documents = match value {
                "whole" => DocumentScore::Whole,
                "passage" => DocumentScore::BestPassage,
                _ => return Err(format!("docs= takes whole or passage, not `{value}`")),
            }
        }
        _ => return Err(format!("unknown setting `{name}`")),
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(data), Some(index_dir)) = (args.next(), args.next()) else {
        return Err("usage: levers DATA_DIR INDEX_DIR [NAME=VALUE]...".into());
    };
    let data = PathBuf::from(data);
    let mut ranking = Ranking::default();
    let settings: Vec<String> = args.collect();
    for setting in &settings {
        set(&mut ranking, setting)?;
    }
    let queries = beir::load_queries(&data.join("queries.jsonl"))?;
    let qrels = beir::load_qrels(&data.join("qrels/train.tsv"))?;
    let judged = beir::judged_queries(queries, &qrels)?;
    let (engine, _) = eval::index_corpus(&data.join("corpus.jsonl"), index_dir.as_ref())?;
    let engine = engine.with_ranking(ranking);
    let report = eval::evaluate(&engine, &judged, &EvalOptions::default())?;
    println!(
        "{:<40} nDCG@10 {:.4}  R@100 {:.4}  MRR@10 {:.4}  ({:.1} s)",
        settings.join(" "),
        report.ndcg,
        report.recall,
        report.mrr,
        report.seconds
    );
    Ok(())
}
