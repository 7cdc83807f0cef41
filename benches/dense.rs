//! The brute-force scan of ranking by meaning: the 100 passage vectors nearest to a query, over
//! as many int8 vectors as SciFact, a 100 k-passage slice and the whole enwiki slice hold. The scan
//! is the part of a search by meaning that grows with the index (embedding the query does not).
//!
//! `cargo bench --bench dense`. The vectors are pseudo-random unit vectors: the scan's cost does
//! not depend on what they say.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use sleuth::embed::dense::DenseMatrix;
use sleuth::embed::store::Quantized;

/// all-MiniLM-L6-v2's dimension.
const DIMENSION: usize = 384;

/// Passages: SciFact, a 100 k slice, the enwiki slice.
const SIZES: [usize; 3] = [7_238, 100_000, 937_809];

/// A unit vector from a xorshift generator seeded with `seed`.
fn unit_vector(seed: u64) -> Vec<f32> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut vector: Vec<f32> = (0..DIMENSION)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        })
        .collect();
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    vector.iter_mut().for_each(|x| *x /= norm);
    vector
}

fn scan(c: &mut Criterion) {
    let mut group = c.benchmark_group("nearest_100");
    group.sample_size(10);
    let query = unit_vector(u64::MAX);
    let mut matrix = DenseMatrix::new(DIMENSION);
    for size in SIZES {
        while matrix.len() < size {
            matrix.push(&Quantized::new(&unit_vector(matrix.len() as u64)));
        }
        group.bench_with_input(BenchmarkId::from_parameter(size), &matrix, |b, m| {
            b.iter(|| m.top(&query, 100))
        });
    }
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);
