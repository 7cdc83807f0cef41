//! Throughput of the indexing pipeline's pure stages: the word tokenizer, both analyzers (exact and
//! stemmed) and segmentation into passages, in MB/s of document text.
//!
//! `cargo bench --bench analysis`; the text is the first enwiki articles (see `support`).

mod support;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sleuth::analysis::{exact_analyzer, stemmed_analyzer};
use sleuth::segment::segment;
use sleuth::tokenizer::WordTokenizer;
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

/// Articles read: about 7 MB of text, enough for a stable MB/s in a few seconds per bench.
const ARTICLES: usize = 500;

fn count_tokens(tokenizer: &mut impl Tokenizer, texts: &[support::Text]) -> usize {
    let mut count = 0;
    for text in texts {
        let mut stream = tokenizer.token_stream(&text.text);
        while stream.advance() {
            count += 1;
        }
    }
    count
}

fn count_analyzed(analyzer: &mut TextAnalyzer, texts: &[support::Text]) -> usize {
    let mut count = 0;
    for text in texts {
        let mut stream = analyzer.token_stream(&text.text);
        while stream.advance() {
            count += 1;
        }
    }
    count
}

fn tokenizers(c: &mut Criterion) {
    let texts = support::documents(ARTICLES);
    let mut group = c.benchmark_group("tokenizer");
    group.throughput(Throughput::Bytes(support::bytes(&texts)));
    let mut words = WordTokenizer::default();
    let tokens = count_tokens(&mut words, &texts);
    assert!(tokens > texts.len(), "{tokens} tokens");
    group.bench_function("words", |b| {
        b.iter(|| assert_eq!(count_tokens(&mut words, &texts), tokens))
    });
    let mut exact = exact_analyzer();
    group.bench_function("exact_analyzer", |b| {
        b.iter(|| assert_eq!(count_analyzed(&mut exact, &texts), tokens))
    });
    let mut stemmed = stemmed_analyzer();
    group.bench_function("stemmed_analyzer", |b| {
        b.iter(|| assert_eq!(count_analyzed(&mut stemmed, &texts), tokens))
    });
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
