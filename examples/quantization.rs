//! Measures what storing passage vectors as int8 costs against f32: embeds the first N
//! documents of a BEIR corpus (title and text, as one passage each) and every query, ranks the N
//! documents for each query by the exact f32 cosine and by the int8 one sleuth stores, and
//! prints how often the top 10 differ and by how much the cosines move. `PERFORMANCE.md` quotes it.
//!
//! ```sh
//! cargo run --release --example quantization -- DATA_DIR MODEL_DIR [N]
//! ```

use std::io::BufRead;
use std::path::PathBuf;

use sleuth::embed::dense::DenseMatrix;
use sleuth::embed::model::BATCH_SIZE;
use sleuth::embed::store::Quantized;
use sleuth::embed::Model;
use sleuth::eval::beir;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(data), Some(model)) = (args.next(), args.next()) else {
        return Err("usage: quantization DATA_DIR MODEL_DIR [N]".into());
    };
    let n = args
        .next()
        .map(|n| n.parse::<usize>())
        .transpose()?
        .unwrap_or(1000);
    let data = PathBuf::from(data);
    let model = Model::load(model.as_ref())?;

    let corpus = std::io::BufReader::new(std::fs::File::open(data.join("corpus.jsonl"))?);
    let mut texts = Vec::new();
    for line in corpus.lines().take(n) {
        let doc: serde_json::Value = serde_json::from_str(&line?)?;
        let title = doc["title"].as_str().unwrap_or("");
        let text = doc["text"].as_str().unwrap_or("");
        texts.push(format!("{title}. {text}"));
    }
    let mut exact: Vec<Vec<f32>> = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(BATCH_SIZE) {
        let chunk: Vec<&str> = chunk.iter().map(String::as_str).collect();
        exact.extend(model.embed(&chunk)?);
        eprint!("\rembedded {}/{}", exact.len(), texts.len());
    }
    eprintln!();
    let mut quantized = DenseMatrix::new(model.id().dimension);
    for vector in &exact {
        quantized.push(&Quantized::new(vector));
    }

    let queries = beir::load_queries(&data.join("queries.jsonl"))?;
    let (mut same_top10, mut overlap, mut max_shift, mut sum_shift, mut pairs) =
        (0usize, 0usize, 0f32, 0f64, 0usize);
    for query in &queries {
        let q = model.embed_one(&query.text)?;
        let cosines: Vec<f32> = exact
            .iter()
            .map(|v| v.iter().zip(&q).map(|(a, b)| a * b).sum())
            .collect();
        let mut by_exact: Vec<u32> = (0..exact.len() as u32).collect();
        by_exact.sort_by(|&a, &b| cosines[b as usize].total_cmp(&cosines[a as usize]));
        by_exact.truncate(10);
        let by_int8: Vec<u32> = quantized.top(&q, 10).into_iter().map(|(_, r)| r).collect();
        same_top10 += usize::from(by_exact == by_int8);
        overlap += by_exact.iter().filter(|r| by_int8.contains(r)).count();
        for (row, cosine) in cosines.iter().enumerate() {
            let shift = (quantized.cosine(&q, row as u32) - cosine).abs();
            max_shift = max_shift.max(shift);
            sum_shift += f64::from(shift);
            pairs += 1;
        }
    }
    println!(
        "{} documents, {} queries: identical top 10 (same order) {:.1}%, top-10 overlap {:.2}%, \
         |cosine int8 - f32| mean {:.5}, max {:.5}",
        exact.len(),
        queries.len(),
        100.0 * same_top10 as f64 / queries.len() as f64,
        100.0 * overlap as f64 / (queries.len() * 10) as f64,
        sum_shift / pairs as f64,
        max_shift
    );
    Ok(())
}
