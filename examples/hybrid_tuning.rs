//! Tunes the fusion of words and meaning on a BEIR benchmark's training queries; `EVAL.md` lists
//! the runs. The index must have passage vectors (`sleuth eval --model DIR --index INDEX_DIR …`
//! or `sleuth index --model DIR`); query vectors are computed once and reused for every variant.
//!
//! ```sh
//! cargo run --release --example hybrid_tuning -- DATA_DIR INDEX_DIR
//! ```

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use sleuth::embed::fuse::fuse;
use sleuth::embed::meaning::FUSION_DEPTH;
use sleuth::embed::Meaning;
use sleuth::eval::{beir, metrics, RECALL_DEPTH};
use sleuth::index::SleuthIndex;
use sleuth::rank::{self, DocumentScore, Ranking};
use tantivy::DocAddress;

/// One query's two rankings of documents, best first.
struct Rankings {
    lexical: Vec<(f32, DocAddress)>,
    meaning: Vec<(f32, DocAddress)>,
    vector: Vec<f32>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(data), Some(index_dir)) = (args.next(), args.next()) else {
        return Err("usage: hybrid_tuning DATA_DIR INDEX_DIR".into());
    };
    let data = PathBuf::from(data);
    let queries = beir::load_queries(&data.join("queries.jsonl"))?;
    let qrels = beir::load_qrels(&data.join("qrels/train.tsv"))?;
    let judged = beir::judged_queries(queries, &qrels)?;
    let index = SleuthIndex::open(index_dir.as_ref())?;
    let mut meaning = Meaning::open(&index, None, &mut |_, _| {})?
        .ok_or("the index has no passage vectors: run `sleuth index --model DIR` on it first")?;
    let searcher = index.searcher()?;
    println!(
        "{} passages with vectors, {} without",
        meaning.vectors.len(),
        meaning.vectors.missing()
    );

    let started = std::time::Instant::now();
    let mut rankings = Vec::with_capacity(judged.len());
    for (query, _) in &judged {
        let lexical = match sleuth::query::parse(&query.text, true) {
            Ok(parsed) => {
                let compiled = sleuth::query::compile(&parsed, &index.fields, &searcher, false)?;
                rank::documents(
                    &searcher,
                    &index.fields,
                    &compiled,
                    FUSION_DEPTH,
                    0,
                    &Ranking::default(),
                    DocumentScore::default(),
                )?
                .1
            }
            Err(_) => Vec::new(),
        };
        let vector = meaning.model.embed_one(&query.text)?;
        let nearest = meaning.vectors.nearest_documents(&vector, FUSION_DEPTH);
        rankings.push(Rankings {
            lexical,
            meaning: nearest.into_iter().map(|(c, d, _)| (c, d)).collect(),
            vector,
        });
    }
    println!(
        "{} queries embedded and ranked both ways in {:.1} s",
        judged.len(),
        started.elapsed().as_secs_f64()
    );

    let mut ids: HashMap<DocAddress, String> = HashMap::new();
    let mut score = |name: &str, rank_of: &dyn Fn(&Rankings) -> Vec<DocAddress>| {
        let (mut ndcg, mut recall, mut mrr) = (0.0, 0.0, 0.0);
        for ((_, judgments), r) in judged.iter().zip(&rankings) {
            let ranking: Vec<String> = rank_of(r)
                .into_iter()
                .take(RECALL_DEPTH)
                .map(|d| {
                    ids.entry(d)
                        .or_insert_with(|| rank::document_id(&searcher, d).unwrap_or_default())
                        .clone()
                })
                .collect();
            ndcg += metrics::ndcg(&ranking, judgments, 10);
            recall += metrics::recall(&ranking, judgments, RECALL_DEPTH);
            mrr += metrics::reciprocal_rank(&ranking, judgments, 10);
        }
        let n = judged.len() as f64;
        println!(
            "{name:<48} nDCG@10 {:.4}  R@100 {:.4}  MRR@10 {:.4}",
            ndcg / n,
            recall / n,
            mrr / n
        );
    };

    score("words alone (BM25F)", &|r| {
        r.lexical.iter().map(|x| x.1).collect()
    });
    score("meaning alone (nearest passage)", &|r| {
        r.meaning.iter().map(|x| x.1).collect()
    });
    for k in [20.0f32, 60.0] {
        score(&format!("reciprocal rank fusion, k {k}"), &|r| {
            let mut fused: HashMap<DocAddress, f32> = HashMap::new();
            for list in [&r.lexical, &r.meaning] {
                for (i, (_, d)) in list.iter().enumerate() {
                    *fused.entry(*d).or_default() += 1.0 / (k + i as f32 + 1.0);
                }
            }
            let mut ranked: Vec<(f32, DocAddress)> =
                fused.into_iter().map(|(d, s)| (s, d)).collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            ranked.into_iter().map(|x| x.1).collect()
        });
    }
    for weight in [0.4f32, 0.5, 0.55, 0.6, 0.65, 0.7] {
        // Scores as each list gives them: a candidate missing from a list has none of its score.
        score(
            &format!("min-max, list scores only, lexical weight {weight}"),
            &|r| {
                let dense: HashMap<DocAddress, f32> =
                    r.meaning.iter().map(|(c, d)| (*d, *c)).collect();
                let lexical: HashSet<DocAddress> = r.lexical.iter().map(|x| x.1).collect();
                let candidates = r
                    .lexical
                    .iter()
                    .map(|(s, d)| (*d, Some(*s), dense.get(d).copied()))
                    .chain(
                        r.meaning
                            .iter()
                            .filter(|(_, d)| !lexical.contains(d))
                            .map(|(c, d)| (*d, None, Some(*c))),
                    );
                fuse(candidates, weight)
                    .into_iter()
                    .map(|s| s.key)
                    .collect()
            },
        );
        meaning.lexical_weight = weight;
        let m = &meaning;
        score(
            &format!("min-max, exact cosines, lexical weight {weight}"),
            &|r| {
                m.fuse_documents(&r.vector, &r.lexical, FUSION_DEPTH)
                    .into_iter()
                    .map(|(s, _)| s.key)
                    .collect()
            },
        );
    }
    Ok(())
}
