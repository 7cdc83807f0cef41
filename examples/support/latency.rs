//! What the latency examples share: the query set file and latency percentiles per query kind.

use std::collections::BTreeMap;
use std::time::Duration;

/// One query of the set: its kind (`term`, `or`, `and`, `phrase`, `prefix`, `field`) and its text.
pub struct BenchQuery {
    pub kind: String,
    pub text: String,
}

/// Reads a query set: `KIND<TAB>QUERY` per line, `#` comments and blank lines ignored.
pub fn read_queries(path: &str) -> Result<Vec<BenchQuery>, String> {
    let content = std::fs::read_to_string(path).map_err(|err| format!("{path}: {err}"))?;
    let mut queries = Vec::new();
    for (number, line) in content.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (kind, text) = line
            .split_once('\t')
            .ok_or_else(|| format!("{path}:{}: expected KIND<TAB>QUERY", number + 1))?;
        queries.push(BenchQuery {
            kind: kind.to_string(),
            text: text.to_string(),
        });
    }
    Ok(queries)
}

/// Latencies recorded per query kind.
#[derive(Default)]
pub struct Latencies {
    by_kind: BTreeMap<String, Vec<Duration>>,
}

impl Latencies {
    pub fn record(&mut self, kind: &str, elapsed: Duration) {
        self.by_kind
            .entry(kind.to_string())
            .or_default()
            .push(elapsed);
    }

    /// A table of p50, p95, p99 and max in milliseconds, one row per kind and one for all queries.
    pub fn report(&self) -> String {
        let mut out = format!(
            "{:<8} {:>6} {:>9} {:>9} {:>9} {:>9}\n",
            "kind", "runs", "p50_ms", "p95_ms", "p99_ms", "max_ms"
        );
        let mut all = Vec::new();
        for (kind, times) in &self.by_kind {
            out.push_str(&row(kind, times.clone()));
            all.extend_from_slice(times);
        }
        out.push_str(&row("all", all));
        out
    }
}

fn row(kind: &str, mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).map_or(f64::NAN, |d| d.as_secs_f64() * 1e3)
    };
    format!(
        "{kind:<8} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>9.3}\n",
        times.len(),
        ms(0.50),
        ms(0.95),
        ms(0.99),
        ms(1.0)
    )
}
