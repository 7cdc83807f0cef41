//! Query latency on a built index, per query kind, measured as `sleuth search` answers: parsing,
//! ranking the top 10 passages, reading them, highlighting, cutting snippets and formatting the
//! citations.
//!
//! `cargo bench --bench search`; the index is built once (from the first enwiki articles, see
//! `support`) under cargo's target directory and reused by later runs.

mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use sleuth::engine::Engine;
use sleuth::error::Error;
use sleuth::index::{sync, IndexOptions};
use sleuth::results::search::{search, SearchOptions};

/// Articles indexed: about 60,000 passages.
const ARTICLES: usize = 2_000;

/// One query per kind, chosen to match in the first enwiki articles.
const ENWIKI_QUERIES: [(&str, &str); 7] = [
    ("single_term", "government"),
    ("or", "anarchism socialism"),
    ("and", "war AND treaty"),
    ("phrase", "\"united states\""),
    ("prefix", "philosoph*"),
    ("field", "title:anarchism"),
    ("documents", "aristotle logic"),
];

/// The same kinds for the seeds, when the enwiki corpus is absent.
const SEED_QUERIES: [(&str, &str); 7] = [
    ("single_term", "Israel"),
    ("or", "drones sanctions"),
    ("and", "Azerbaijan AND Iran"),
    ("phrase", "\"arms imports\""),
    ("prefix", "Azerb*"),
    ("field", "title:neutrality"),
    ("documents", "arms imports from Israel"),
];

fn index() -> Engine {
    let corpus = support::corpus(ARTICLES);
    let dir = support::bench_dir().join(format!("index-{ARTICLES}"));
    let mut options = IndexOptions::new(&dir);
    options.corpus = Some(vec![corpus]);
    // The scratch index outlives the code that made it: rebuild it when its format is old.
    let report = match sync(&options) {
        Err(Error::IncompatibleIndex { .. }) => {
            options.rebuild = true;
            sync(&options)
        }
        report => report,
    }
    .expect("indexing the bench corpus");
    assert!(report.documents() > 0, "nothing indexed");
    Engine::open(&dir).expect("opening the bench index")
}

/// Runs one query as the CLI does, returning the bytes of citations formatted (so none of the
/// work can be optimized away).
fn answer(index: &Engine, query: &str, options: &SearchOptions) -> usize {
    let results = search(index, query, options).expect("the query runs");
    results
        .hits
        .iter()
        .map(|hit| hit.passage.citation().to_string().len() + hit.snippet.text.len())
        .sum()
}

fn query_latency(c: &mut Criterion) {
    let index = index();
    let mut group = c.benchmark_group("query");
    let queries = if support::enwiki().is_some() {
        ENWIKI_QUERIES
    } else {
        SEED_QUERIES
    };
    for (kind, query) in queries {
        let options = SearchOptions {
            documents: kind == "documents",
            ..SearchOptions::default()
        };
        assert!(
            answer(&index, query, &options) > 0,
            "`{query}` finds nothing"
        );
        group.bench_function(kind, |b| b.iter(|| answer(&index, query, &options)));
    }
    group.finish();
}

criterion_group!(benches, query_latency);
criterion_main!(benches);
