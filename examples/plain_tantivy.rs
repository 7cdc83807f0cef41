//! Plain tantivy: the baseline that `benches/scale.sh` compares sleuth with, so that sleuth's
//! overhead is a measured ratio. It uses nothing of sleuth: tantivy's default tokenizer, one
//! document per paragraph (the blank-line blocks of each JSON-lines document's `text`), positions,
//! the text stored, tantivy's query parser and snippet generator.
//!
//! With `--two-views` it also indexes each paragraph a second time, stemmed (tantivy's `en_stem`
//! analyzer): the two views sleuth searches (words as written and their stems), each in a field of
//! its own, the usual way. sleuth keeps both in one field (a word's stem is added only when it
//! differs: see `src/analysis/`), so the ratio of sleuth to this run shows what that saves.
//!
//! ```sh
//! cargo run --release --example plain_tantivy -- index CORPUS.jsonl[.zst] INDEX_DIR [MEMORY_MIB] [--two-views]
//! cargo run --release --example plain_tantivy -- search INDEX_DIR QUERY...
//! cargo run --release --example plain_tantivy -- latency INDEX_DIR QUERIES.tsv [ROUNDS]
//! ```

#[path = "support/latency.rs"]
mod latency;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use serde::Deserialize;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, TEXT,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, IndexWriter, Searcher, TantivyDocument};

/// Default indexing memory budget, all threads together (as in the issue's reference run).
const DEFAULT_MEMORY_MIB: usize = 1024;
/// Hits per query, as `sleuth search` shows by default.
const TOP_K: usize = 10;
/// Query kinds tantivy's query parser has no equivalent for over a single text field.
const UNSUPPORTED_KINDS: [&str; 2] = ["prefix", "field"];

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("index") if args.len() >= 3 => {
            let two_views = args.iter().any(|a| a == "--two-views");
            let memory = args[3..].iter().find(|a| !a.starts_with("--"));
            index(&args[1], &args[2], memory, two_views)
        }
        Some("search") if args.len() >= 3 => search(&args[1], &args[2..].join(" ")),
        Some("latency") if args.len() >= 3 => measure(&args[1], &args[2], args.get(3)),
        _ => Err("usage: plain_tantivy index CORPUS INDEX_DIR [MEMORY_MIB] | search INDEX_DIR QUERY... | latency INDEX_DIR QUERIES.tsv [ROUNDS]".into()),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(err) => {
            eprintln!("plain_tantivy: {err}");
            ExitCode::from(2)
        }
    }
}

#[derive(Deserialize)]
struct JsonDocument {
    text: String,
}

fn body_field(schema: &Schema) -> Result<Field> {
    Ok(schema.get_field("body")?)
}

fn index(corpus: &str, dir: &str, memory_mib: Option<&String>, two_views: bool) -> Result<bool> {
    let started = Instant::now();
    let memory_mib: usize = memory_mib.map_or(Ok(DEFAULT_MEMORY_MIB), |m| m.parse())?;
    let mut builder = Schema::builder();
    let body = builder.add_text_field("body", TEXT | STORED);
    // With `--two-views`: the paragraph again, stemmed, with positions.
    let stemmed = two_views.then(|| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        builder.add_text_field("body_stemmed", options)
    });
    std::fs::create_dir_all(dir)?;
    let index = Index::create_in_dir(dir, builder.build())?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut writer: IndexWriter = index.writer_with_num_threads(threads, memory_mib << 20)?;
    let file = std::fs::File::open(corpus)?;
    let reader: Box<dyn Read> = if corpus.ends_with(".zst") {
        Box::new(zstd::Decoder::new(file)?)
    } else {
        Box::new(file)
    };
    let (mut documents, mut paragraphs, mut bytes) = (0u64, 0u64, 0u64);
    for line in BufReader::new(reader).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let json: JsonDocument = serde_json::from_str(&line)?;
        documents += 1;
        bytes += json.text.len() as u64;
        for paragraph in json.text.split("\n\n").map(str::trim) {
            if paragraph.is_empty() {
                continue;
            }
            paragraphs += 1;
            let mut record = doc!(body => paragraph);
            if let Some(stemmed) = stemmed {
                record.add_text(stemmed, paragraph);
            }
            writer.add_document(record)?;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!(
        "documents={documents} paragraphs={paragraphs} text_bytes={bytes} seconds={:.2}",
        started.elapsed().as_secs_f64()
    );
    Ok(true)
}

/// An open index, ready to answer queries as `sleuth search` does: top hits with a snippet each.
struct Engine {
    searcher: Searcher,
    parser: QueryParser,
    body: Field,
}

impl Engine {
    fn open(dir: &str) -> Result<Engine> {
        let index = Index::open_in_dir(Path::new(dir))?;
        let body = body_field(&index.schema())?;
        let parser = QueryParser::for_index(&index, vec![body]);
        let searcher = index.reader()?.searcher();
        Ok(Engine {
            searcher,
            parser,
            body,
        })
    }

    /// The top hits of `text` as (score, snippet) pairs.
    fn run(&self, text: &str) -> Result<Vec<(f32, String)>> {
        let (query, _) = self.parser.parse_query_lenient(text);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(TOP_K).order_by_score())?;
        let snippets = SnippetGenerator::create(&self.searcher, &*query, self.body)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = self.searcher.doc(address)?;
            let text = document
                .get_first(self.body)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            hits.push((score, snippets.snippet(text).to_html()));
        }
        Ok(hits)
    }
}

fn search(dir: &str, text: &str) -> Result<bool> {
    let hits = Engine::open(dir)?.run(text)?;
    for (rank, (score, snippet)) in hits.iter().enumerate() {
        println!("{}. {score:.2} {snippet}", rank + 1);
    }
    Ok(!hits.is_empty())
}

fn measure(dir: &str, queries: &str, rounds: Option<&String>) -> Result<bool> {
    let rounds: usize = rounds.map_or(Ok(5), |r| r.parse())?;
    let engine = Engine::open(dir)?;
    let queries: Vec<_> = latency::read_queries(queries)?
        .into_iter()
        .filter(|q| !UNSUPPORTED_KINDS.contains(&q.kind.as_str()))
        .collect();
    let mut latencies = latency::Latencies::default();
    for round in 0..=rounds {
        for query in &queries {
            let started = Instant::now();
            engine.run(&query.text)?;
            // Round 0 warms the page cache and tantivy's caches up.
            if round > 0 {
                latencies.record(&query.kind, started.elapsed());
            }
        }
    }
    print!("{}", latencies.report());
    Ok(true)
}
