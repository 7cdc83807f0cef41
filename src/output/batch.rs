//! Batch output: one row per input, as CSV for a spreadsheet or as JSON lines for tools.
//!
//! Both forms carry the same row; in CSV the list of citations is joined by ` | `.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::batch::{BatchInput, Outcome};
use crate::verify::Verdict;

/// One input's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonBatchRow {
    /// Line of the input in its file.
    pub line: u64,
    /// The query or quote.
    pub input: String,
    /// `verbatim`, `close` or `absent` for a quote; `found` or `none` for a query; `error`.
    pub verdict: String,
    /// Matching passages (search), or places where the quote is word for word (verify).
    pub count: usize,
    /// The citation of the best hit (search), or of the place found, the closest place or the
    /// nearest passage (verify, by verdict); "" when there is none.
    pub citation: String,
    /// Its document's title.
    pub title: String,
    /// Similarity of the best place (verify), or the best hit's score (search).
    pub score: f64,
    /// The best place's words (verify), or the best hit's snippet (search).
    pub text: String,
    /// Every citation given, best first.
    pub citations: Vec<String>,
    /// Why the input could not be run ("" when it ran).
    pub error: String,
}

impl JsonBatchRow {
    /// The row for `input` and what it gave.
    pub fn new(input: &BatchInput, outcome: &Outcome) -> JsonBatchRow {
        let mut row = JsonBatchRow {
            line: input.line,
            input: input.text.clone(),
            verdict: String::new(),
            count: 0,
            citation: String::new(),
            title: String::new(),
            score: 0.0,
            text: String::new(),
            citations: Vec::new(),
            error: String::new(),
        };
        match outcome {
            Outcome::Searched(results) => {
                row.verdict = if results.total > 0 { "found" } else { "none" }.into();
                row.count = results.total;
                row.citations = results
                    .hits
                    .iter()
                    .map(|hit| hit.passage.citation().to_string())
                    .collect();
                if let Some(best) = results.hits.first() {
                    row.citation = row.citations[0].clone();
                    row.title = best.passage.title.clone();
                    row.score = round(f64::from(best.score));
                    row.text = best.snippet.text.clone();
                }
            }
            Outcome::Verified(verification) => {
                row.verdict = verification.verdict.name().into();
                if verification.verdict == Verdict::Verbatim {
                    row.count = verification.matches.len();
                }
                row.citations = verification
                    .matches
                    .iter()
                    .map(|m| m.citation().to_string())
                    .collect();
                if let Some(best) = verification.matches.first() {
                    row.citation = row.citations[0].clone();
                    row.title = best.passages[0].title.clone();
                    row.score = round(best.similarity);
                    row.text = marked_text(&best.text, &best.highlights);
                }
            }
            Outcome::Failed(message) => {
                row.verdict = "error".into();
                row.error = message.clone();
            }
        }
        row
    }
}

/// Two decimals, as the text output shows scores.
fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0 + 0.0
}

/// The stretch of `text` from the first highlight to the end of the last one (all of it when none).
fn marked_text(text: &str, highlights: &[std::ops::Range<usize>]) -> String {
    match (highlights.first(), highlights.last()) {
        (Some(first), Some(last)) => text.get(first.start..last.end).unwrap_or(text).to_string(),
        _ => text.to_string(),
    }
}

/// The CSV columns, in order.
const CSV_HEADER: [&str; 10] = [
    "line",
    "input",
    "verdict",
    "count",
    "citation",
    "title",
    "score",
    "text",
    "citations",
    "error",
];

/// Writes the rows as CSV with a header row.
pub fn print_csv(out: &mut dyn Write, rows: &[JsonBatchRow]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for row in rows {
        writer.write_record([
            row.line.to_string(),
            row.input.clone(),
            row.verdict.clone(),
            row.count.to_string(),
            row.citation.clone(),
            row.title.clone(),
            format!("{:.2}", row.score),
            row.text.clone(),
            row.citations.join(" | "),
            row.error.clone(),
        ])?;
    }
    writer.flush()
}

/// Writes one compact JSON document per row, one per line.
pub fn print_json_lines(out: &mut dyn Write, rows: &[JsonBatchRow]) -> io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, row)?;
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed() -> JsonBatchRow {
        let input = BatchInput {
            line: 3,
            text: "a \"b, c\"".into(),
        };
        JsonBatchRow::new(&input, &Outcome::Failed("unbalanced \"".into()))
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let mut out = Vec::new();
        print_csv(&mut out, &[failed()]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "line,input,verdict,count,citation,title,score,text,citations,error\n\
             3,\"a \"\"b, c\"\"\",error,0,,,0.00,,,\"unbalanced \"\"\"\n"
        );
    }

    #[test]
    fn json_lines_read_back() {
        let mut out = Vec::new();
        print_json_lines(&mut out, &[failed(), failed()]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows: Vec<JsonBatchRow> = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(rows, [failed(), failed()]);
    }
}
