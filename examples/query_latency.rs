//! In-process query latency of sleuth over a query set: each query runs as `sleuth search` runs it
//! (top 10 passages, snippets, citations), on an index opened once, and the latencies are reported
//! as percentiles per query kind. `benches/scale.sh` runs it over `benches/queries.tsv`.
//!
//! ```sh
//! cargo run --release --example query_latency -- INDEX_DIR QUERIES.tsv [ROUNDS]
//! ```

#[path = "support/latency.rs"]
mod latency;

use std::process::ExitCode;
use std::time::Instant;

use sleuth::engine::Engine;
use sleuth::results::search::{search, SearchOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(index), Some(queries)) = (args.first(), args.get(1)) else {
        eprintln!("usage: query_latency INDEX_DIR QUERIES.tsv [ROUNDS]");
        return ExitCode::from(2);
    };
    match measure(index, queries, args.get(2)) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("query_latency: {err}");
            ExitCode::from(2)
        }
    }
}

fn measure(
    index: &str,
    queries: &str,
    rounds: Option<&String>,
) -> Result<String, Box<dyn std::error::Error>> {
    let rounds: usize = rounds.map_or(Ok(5), |r| r.parse())?;
    let index = Engine::open(index.as_ref())?;
    let queries = latency::read_queries(queries)?;
    let options = SearchOptions::default();
    let mut latencies = latency::Latencies::default();
    let mut cited = 0usize;
    for round in 0..=rounds {
        for query in &queries {
            let started = Instant::now();
            let results = search(&index, &query.text, &options)?;
            // Formatting the citations is part of answering.
            cited += results
                .hits
                .iter()
                .map(|hit| hit.passage.citation().to_string().len())
                .sum::<usize>();
            // Round 0 warms the page cache and tantivy's caches up.
            if round > 0 {
                latencies.record(&query.kind, started.elapsed());
            }
        }
    }
    std::hint::black_box(cited);
    Ok(latencies.report())
}
