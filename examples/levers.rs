//! Measures ranking levers on a BEIR benchmark's training queries (see EVAL.md).
//!
//! `cargo run --release --example levers -- DATA_DIR INDEX_DIR [NAME=VALUE]...` evaluates the
//! default ranking with the given settings changed, e.g. `k1=0.9 b=0.4`.

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
        "stop" => ranking.stop_words = value == "on",
        "proximity" => ranking.proximity = number()?,
        "fb" => ranking.feedback.matches = number()? as usize,
        "fbwords" => ranking.feedback.words = number()? as usize,
        "fbalpha" => ranking.feedback.original_weight = number()?,
        "fbshare" => ranking.feedback.max_record_share = number()?,
        "bm25f" => ranking.bm25f = value == "on",
        "numbers" => ranking.number_weight = number()?,
        "docs" => {
            ranking.documents_by = match value {
                "fields" => DocumentScore::Fields,
                "passage" => DocumentScore::BestPassage,
                _ => return Err(format!("docs= takes fields or passage, not `{value}`")),
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
    let (index, _) = eval::index_corpus(&data.join("corpus.jsonl"), index_dir.as_ref())?;
    let options = EvalOptions {
        ranking,
        ..EvalOptions::default()
    };
    let report = eval::evaluate(&index, &judged, &options)?;
    if let Ok(path) = std::env::var("PER_QUERY") {
        let mut file = std::fs::File::create(path)?;
        sleuth::output::eval::print_per_query(&mut file, &report)?;
    }
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
