//! Brute-force nearest neighbours: the cosine of a query vector with every stored passage vector.
//!
//! Exact and simple, and fast enough while the matrix fits a few hundred thousand rows (see
//! PERFORMANCE.md); the rows stay int8, so memory is a quarter of f32's.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::store::Quantized;

/// Passage vectors as one int8 matrix with a scale per row.
#[derive(Debug, Default, Clone)]
pub struct DenseMatrix {
    dimension: usize,
    scales: Vec<f32>,
    values: Vec<i8>,
}

/// A scored row, ordered so that a [`BinaryHeap`] of them keeps the worst on top.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Worst(f32, u32);

impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        // Lower score is "greater" (worse); ties: the later row is worse, so results are stable.
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| self.1.cmp(&other.1))
    }
}

impl DenseMatrix {
    /// An empty matrix of `dimension`-long rows.
    pub fn new(dimension: usize) -> DenseMatrix {
        DenseMatrix {
            dimension,
            ..DenseMatrix::default()
        }
    }

    /// Appends a row; returns its number.
    pub fn push(&mut self, vector: &Quantized) -> u32 {
        debug_assert_eq!(vector.values.len(), self.dimension);
        self.scales.push(vector.scale);
        self.values.extend_from_slice(&vector.values);
        (self.scales.len() - 1) as u32
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.scales.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.scales.is_empty()
    }

    /// Length of each row.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// Bytes the rows take in memory.
    pub fn memory_bytes(&self) -> usize {
        self.values.len() + self.scales.len() * 4
    }

    /// Cosine of `query` (a unit vector) with row `row` (stored as a unit vector).
    pub fn cosine(&self, query: &[f32], row: u32) -> f32 {
        let start = row as usize * self.dimension;
        let values = &self.values[start..start + self.dimension];
        dot(query, values) * self.scales[row as usize]
    }

    /// The `k` rows most similar to `query`, best first, with their cosines.
    pub fn top(&self, query: &[f32], k: usize) -> Vec<(f32, u32)> {
        self.top_where(query, k, |_| true)
    }

    /// The `k` rows accepted by `keep` most similar to `query`, best first.
    pub fn top_where(
        &self,
        query: &[f32],
        k: usize,
        keep: impl Fn(u32) -> bool,
    ) -> Vec<(f32, u32)> {
        if k == 0 || self.dimension == 0 {
            return Vec::new();
        }
        let mut heap = BinaryHeap::with_capacity(k + 1);
        for (row, values) in self.values.chunks_exact(self.dimension).enumerate() {
            let row = row as u32;
            if !keep(row) {
                continue;
            }
            let score = dot(query, values) * self.scales[row as usize];
            if heap.len() < k {
                heap.push(Worst(score, row));
            } else if heap.peek().is_some_and(|w: &Worst| score > w.0) {
                heap.pop();
                heap.push(Worst(score, row));
            }
        }
        let mut best: Vec<(f32, u32)> = heap.into_iter().map(|Worst(s, r)| (s, r)).collect();
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        best
    }
}

/// Dot product of an f32 query with an int8 row, in eight lanes so that the compiler vectorizes it.
fn dot(query: &[f32], values: &[i8]) -> f32 {
    let mut lanes = [0f32; 8];
    let mut q = query.chunks_exact(8);
    let mut v = values.chunks_exact(8);
    for (qs, vs) in (&mut q).zip(&mut v) {
        for i in 0..8 {
            lanes[i] += qs[i] * vs[i] as f32;
        }
    }
    let tail: f32 = q
        .remainder()
        .iter()
        .zip(v.remainder())
        .map(|(a, &b)| a * b as f32)
        .sum();
    lanes.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn the_nearest_rows_come_first_with_their_cosines() {
        let mut m = DenseMatrix::new(9);
        let rows = [
            unit(&[1., 0., 0., 0., 0., 0., 0., 0., 1.]),
            unit(&[0., 1., 0., 0., 0., 0., 0., 0., 0.]),
            unit(&[1., 0.2, 0., 0., 0., 0., 0., 0., 0.9]),
        ];
        for r in &rows {
            m.push(&Quantized::new(r));
        }
        let query = unit(&[1., 0., 0., 0., 0., 0., 0., 0., 1.]);
        let top = m.top(&query, 2);
        assert_eq!(top.iter().map(|t| t.1).collect::<Vec<_>>(), vec![0, 2]);
        assert!((top[0].0 - 1.0).abs() < 0.01, "{top:?}");
        assert!((m.cosine(&query, 1)).abs() < 0.01);
        let odd = m.top_where(&query, 5, |row| row % 2 == 1);
        assert_eq!(odd.len(), 1);
    }
}
