//! In-process latency of `sleuth check` over a claim set: each claim is checked as `sleuth check`
//! checks it (candidates, reading every candidate source, the report), on an index opened once, and
//! the latencies are reported as percentiles per claim kind, with the verdicts.
//!
//! ```sh
//! cargo run --release --example check_latency -- INDEX_DIR benches/check_claims.tsv [ROUNDS]
//! ```

#[path = "support/latency.rs"]
mod latency;

use std::process::ExitCode;
use std::time::Instant;

use sleuth::check::{check, CheckOptions};
use sleuth::engine::Engine;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(index), Some(claims)) = (args.first(), args.get(1)) else {
        eprintln!("usage: check_latency INDEX_DIR CLAIMS.tsv [ROUNDS]");
        return ExitCode::from(2);
    };
    match measure(index, claims, args.get(2)) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("check_latency: {err}");
            ExitCode::from(2)
        }
    }
}

fn measure(
    index: &str,
    claims: &str,
    rounds: Option<&String>,
) -> Result<String, Box<dyn std::error::Error>> {
    let rounds: usize = rounds.map_or(Ok(3), |r| r.parse())?;
    let engine = Engine::open(index.as_ref())?;
    let claims = latency::read_queries(claims)?;
    let options = CheckOptions::default();
    let mut latencies = latency::Latencies::default();
    let mut verdicts = String::new();
    for round in 0..=rounds {
        for claim in &claims {
            let started = Instant::now();
            let result = check(&engine, &claim.text, &options)?;
            // Round 0 warms the page cache and tantivy's caches up.
            if round > 0 {
                latencies.record(&claim.kind, started.elapsed());
            } else {
                verdicts.push_str(&format!(
                    "{:<8} {}: {}\n",
                    claim.kind,
                    claim.text,
                    result.verdict()
                ));
            }
        }
    }
    Ok(format!("{verdicts}\n{}", latencies.report()))
}
