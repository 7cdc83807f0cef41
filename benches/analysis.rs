//! Throughput of the indexing pipeline's pure stages: the word tokenizer, both analyzers (exact and
//! stemmed) and segmentation into passages, in MB/s of document text.
//!
//! `cargo bench --bench analysis`; the text is the first enwiki articles (see `support`).

mod support;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sleuth::analysis::tokenizer::WordTokenizer;
use sleuth::analysis::{exact_analyzer, stemmed_analyzer};
use sleuth::ingest::segment::segment;
use tantivy::tokenizer::{TokenStream, Tokenizer};

/// Articles read: about 7 MB of text, enough for a stable MB/s in a few seconds per bench.
const ARTICLES: usize = 500;

/// Tokens of all texts, `count` counting those of one text.
fn count_all(texts: &[support::Text], mut count: impl FnMut(&str) -> usize) -> usize {
    texts.iter().map(|text| count(&text.text)).sum()
}

fn count_stream(mut stream: impl TokenStream) -> usize {
    let mut count = 0;
    while stream.advance() {
        count += 1;
    }
    count
}

fn tokenizers(c: &mut Criterion) {
    let texts = support::documents(ARTICLES);
    let mut group = c.benchmark_group("tokenizer");
    group.throughput(Throughput::Bytes(support::bytes(&texts)));
    let mut words = WordTokenizer::default();
    let tokens = count_all(&texts, |text| count_stream(words.token_stream(text)));
    assert!(tokens > texts.len(), "{tokens} tokens");
    group.bench_function("words", |b| {
        b.iter(|| {
            let found = count_all(&texts, |text| count_stream(words.token_stream(text)));
            assert_eq!(found, tokens);
        })
    });
    for (name, mut analyzer) in [
        ("exact_analyzer", exact_analyzer()),
        ("stemmed_analyzer", stemmed_analyzer()),
    ] {
        // The analyzers also file dates and other spellings, so they give a few more tokens.
        let forms = count_all(&texts, |text| count_stream(analyzer.token_stream(text)));
        assert!(forms >= tokens, "{name}: {forms} tokens");
        group.bench_function(name, |b| {
            b.iter(|| {
                let found = count_all(&texts, |text| count_stream(analyzer.token_stream(text)));
                assert_eq!(found, forms);
            })
        });
    }
    group.finish();
}

fn segmentation(c: &mut Criterion) {
    let texts = support::documents(ARTICLES);
    let passages: usize = texts.iter().map(|t| segment(&t.text).passages.len()).sum();
    assert!(passages >= texts.len(), "{passages} passages");
    let mut group = c.benchmark_group("segmentation");
    group.throughput(Throughput::Bytes(support::bytes(&texts)));
    group.bench_function("segment", |b| {
        b.iter(|| {
            let found: usize = texts.iter().map(|t| segment(&t.text).passages.len()).sum();
            assert_eq!(found, passages);
        })
    });
    group.finish();
}

criterion_group!(benches, tokenizers, segmentation);
criterion_main!(benches);
