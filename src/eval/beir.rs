//! Reading a benchmark in BEIR form: queries as JSON lines (`{"_id": …, "text": …}`) and
//! relevance judgments (qrels) as tab-separated `query-id corpus-id score` lines with a header.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::metrics::Judgments;
use crate::error::{Error, Result};
use crate::ingest::corpus::display_path;

/// One benchmark query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchmarkQuery {
    /// The query's `_id`.
    pub id: String,
    /// The query text.
    pub text: String,
}

/// Judgments of every judged query: query id → (document id → grade).
pub type Qrels = BTreeMap<String, Judgments>;

#[derive(Deserialize)]
struct QueryLine {
    #[serde(rename = "_id")]
    id: IdValue,
    text: String,
}

/// BEIR ids are strings, but some files write numbers.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdValue {
    Text(String),
    Number(u64),
}

impl IdValue {
    fn into_string(self) -> String {
        match self {
            IdValue::Text(text) => text,
            IdValue::Number(n) => n.to_string(),
        }
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|err| Error::io(path, err))
}

fn malformed(path: &Path, line: usize, reason: impl Into<String>) -> Error {
    Error::Benchmark {
        location: format!("{}:{line}", display_path(path)),
        reason: reason.into(),
    }
}

/// Reads a queries file (JSON lines with `_id` and `text`), in file order.
pub fn load_queries(path: &Path) -> Result<Vec<BenchmarkQuery>> {
    parse_queries(&read(path)?, path)
}

fn parse_queries(text: &str, path: &Path) -> Result<Vec<BenchmarkQuery>> {
    let mut queries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed: QueryLine = serde_json::from_str(line).map_err(|err| {
            malformed(
                path,
                i + 1,
                format!("not a query line with `_id` and `text` ({err})"),
            )
        })?;
        queries.push(BenchmarkQuery {
            id: parsed.id.into_string(),
            text: parsed.text,
        });
    }
    Ok(queries)
}

/// Reads a qrels file: `query-id<TAB>corpus-id<TAB>score` lines, after an optional header line.
pub fn load_qrels(path: &Path) -> Result<Qrels> {
    parse_qrels(&read(path)?, path)
}

fn parse_qrels(text: &str, path: &Path) -> Result<Qrels> {
    let mut qrels = Qrels::new();
    for (i, line) in text.lines().enumerate() {
        let columns: Vec<&str> = line.split('\t').map(str::trim).collect();
        if line.trim().is_empty() || (i == 0 && columns.last() == Some(&"score")) {
            continue;
        }
        let [query, document, grade] = columns[..] else {
            return Err(malformed(
                path,
                i + 1,
                format!(
                    "expected 3 tab-separated columns (query-id, corpus-id, score), found {}",
                    columns.len()
                ),
            ));
        };
        let grade: i64 = grade.parse().map_err(|_| {
            malformed(
                path,
                i + 1,
                format!("the score `{grade}` is not an integer"),
            )
        })?;
        qrels
            .entry(query.to_string())
            .or_default()
            .insert(document.to_string(), grade.max(0) as u32);
    }
    if qrels.is_empty() {
        return Err(malformed(path, 1, "the file holds no judgments"));
    }
    Ok(qrels)
}

/// The judged queries, in the order of the queries file, each with its judgments. Fails when a
/// judged query has no text (the two files do not belong together).
pub fn judged_queries(
    queries: Vec<BenchmarkQuery>,
    qrels: &Qrels,
) -> Result<Vec<(BenchmarkQuery, &Judgments)>> {
    let by_id: HashMap<&str, &BenchmarkQuery> =
        queries.iter().map(|q| (q.id.as_str(), q)).collect();
    let missing: Vec<&String> = qrels
        .keys()
        .filter(|id| !by_id.contains_key(id.as_str()))
        .collect();
    if let Some(first) = missing.first() {
        return Err(Error::Benchmark {
            location: "qrels".to_string(),
            reason: format!(
                "{} judged queries (first: `{first}`) are not in the queries file; pass the queries and qrels of the same benchmark",
                missing.len()
            ),
        });
    }
    Ok(queries
        .into_iter()
        .filter_map(|q| qrels.get(&q.id).map(|j| (q, j)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("bench.tsv")
    }

    #[test]
    fn queries_are_read_in_order_with_string_or_number_ids() {
        let text = "{\"_id\": \"0\", \"text\": \"first claim\", \"metadata\": {}}\n\n{\"_id\": 7, \"text\": \"second\"}\n";
        let queries = parse_queries(text, path()).unwrap();
        assert_eq!(
            queries,
            [
                BenchmarkQuery {
                    id: "0".into(),
                    text: "first claim".into()
                },
                BenchmarkQuery {
                    id: "7".into(),
                    text: "second".into()
                },
            ]
        );
    }

    #[test]
    fn a_malformed_query_line_is_reported_with_its_line_number() {
        let err = parse_queries("{\"_id\": \"0\", \"text\": \"a\"}\n{\"id\": 1}\n", path())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bench.tsv:2: "), "{err}");
        assert!(err.contains("`_id` and `text`"), "{err}");
    }

    #[test]
    fn qrels_skip_the_header_and_group_by_query() {
        let text = "query-id\tcorpus-id\tscore\n1\tA\t1\n1\tB\t2\n2\tC\t0\n";
        let qrels = parse_qrels(text, path()).unwrap();
        assert_eq!(qrels.len(), 2);
        assert_eq!(qrels["1"]["B"], 2);
        assert_eq!(qrels["2"]["C"], 0);
    }

    #[test]
    fn malformed_qrels_name_the_line_and_the_problem() {
        let err = parse_qrels("q\td\tscore\n1 A 1\n", path()).unwrap_err();
        assert!(err.to_string().contains("bench.tsv:2: expected 3"), "{err}");
        let err = parse_qrels("1\tA\tyes\n", path()).unwrap_err();
        assert!(err.to_string().contains("`yes` is not an integer"), "{err}");
        let err = parse_qrels("query-id\tcorpus-id\tscore\n", path()).unwrap_err();
        assert!(err.to_string().contains("no judgments"), "{err}");
    }

    #[test]
    fn judged_queries_keep_file_order_and_drop_unjudged_ones() {
        let queries = parse_queries(
            "{\"_id\": \"b\", \"text\": \"x\"}\n{\"_id\": \"u\", \"text\": \"y\"}\n{\"_id\": \"a\", \"text\": \"z\"}\n",
            path(),
        )
        .unwrap();
        let qrels = parse_qrels("a\tD\t1\nb\tE\t1\n", path()).unwrap();
        let judged = judged_queries(queries, &qrels).unwrap();
        let ids: Vec<&str> = judged.iter().map(|(q, _)| q.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
    }

    #[test]
    fn a_judged_query_without_text_is_an_error() {
        let queries = parse_queries("{\"_id\": \"a\", \"text\": \"x\"}\n", path()).unwrap();
        let qrels = parse_qrels("a\tD\t1\nzz\tE\t1\n", path()).unwrap();
        let err = judged_queries(queries, &qrels).unwrap_err().to_string();
        assert!(err.contains("`zz`"), "{err}");
    }
}
