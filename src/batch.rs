//! Batch checking: many queries or quotes at once, one answer each, for a spreadsheet.
//!
//! Inputs come one per line, or from one column of a CSV file. Each input is searched or verified
//! on its own; an input that cannot be run (a malformed query, an empty quote) gets its error in
//! its own row instead of stopping the batch.

use crate::engine::Engine;
use crate::error::{Error, QueryError, Result};
use crate::results::search::{self, SearchOptions, SearchResults};
use crate::verify::{self, Verification, VerifyOptions};

/// What to do with each input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchMode {
    /// Each input is a query.
    Search,
    /// Each input is a quote.
    Verify,
}

/// One input: its text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchInput {
    /// 1-based line of the input file (for CSV, the record's first line).
    pub line: u64,
    /// The query or quote.
    pub text: String,
}

/// What one input gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The query's results.
    Searched(SearchResults),
    /// The quote's verification.
    Verified(Verification),
    /// Why the input could not be run.
    Failed(String),
}

impl Outcome {
    /// Whether the input found something: hits, or the quote word for word.
    pub fn is_found(&self) -> bool {
        match self {
            Outcome::Searched(results) => results.total > 0,
            Outcome::Verified(v) => v.verdict == verify::Verdict::Verbatim,
            Outcome::Failed(_) => false,
        }
    }
}

/// Reads the inputs from `text`: one per non-blank line, or with `column`, the values of that
/// column of a CSV file with a header row (blank values skipped).
pub fn read_inputs(text: &str, column: Option<&str>) -> Result<Vec<BatchInput>> {
    let Some(column) = column else {
        return Ok(text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(i, line)| BatchInput {
                line: i as u64 + 1,
                text: line.trim().to_string(),
            })
            .collect());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|err| {
            Error::Query(QueryError::BadBatch(format!(
                "cannot read the CSV header row: {err}"
            )))
        })?
        .clone();
    let at = headers
        .iter()
        .position(|name| name.trim() == column)
        .ok_or_else(|| {
            let names: Vec<&str> = headers.iter().map(str::trim).collect();
            Error::Query(QueryError::BadBatch(format!(
                "the CSV has no column `{column}`; its columns are: {}",
                names.join(", ")
            )))
        })?;
    let mut inputs = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| {
            Error::Query(QueryError::BadBatch(format!("cannot read the CSV: {err}")))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if let Some(value) = record.get(at).map(str::trim).filter(|v| !v.is_empty()) {
            inputs.push(BatchInput {
                line,
                text: value.to_string(),
            });
        }
    }
    Ok(inputs)
}

/// How to run a batch: the options each search or verification gets.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// For searches.
    pub search: SearchOptions,
    /// For verifications.
    pub verify: VerifyOptions,
}

/// Runs one input.
pub fn run_one(
    engine: &Engine,
    mode: BatchMode,
    input: &str,
    options: &BatchOptions,
) -> Result<Outcome> {
    let outcome = match mode {
        BatchMode::Search => search::search(engine, input, &options.search).map(Outcome::Searched),
        BatchMode::Verify => verify::verify(engine, input, &options.verify).map(Outcome::Verified),
    };
    match outcome {
        Ok(outcome) => Ok(outcome),
        // The input's own fault: say so in its row and carry on.
        Err(Error::Query(problem)) => Ok(Outcome::Failed(problem.to_string())),
        // The index's fault: every other input would fail too.
        Err(err) => Err(err),
    }
}

/// Runs every input in order.
pub fn run(
    engine: &Engine,
    mode: BatchMode,
    inputs: &[BatchInput],
    options: &BatchOptions,
) -> Result<Vec<Outcome>> {
    inputs
        .iter()
        .map(|input| run_one(engine, mode, &input.text, options))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(inputs: &[BatchInput]) -> Vec<(u64, &str)> {
        inputs.iter().map(|i| (i.line, i.text.as_str())).collect()
    }

    #[test]
    fn lines_skip_blanks_and_keep_their_numbers() {
        let inputs = read_inputs("first\n\n  second  \r\n\t\nthird", None).unwrap();
        assert_eq!(texts(&inputs), [(1, "first"), (3, "second"), (5, "third")]);
    }

    #[test]
    fn a_csv_column_is_read_by_name_with_quoted_commas_and_line_breaks() {
        let csv = "\u{feff}id,claim\n1,\"arms, from Israel\"\n2,\n3,\"two\nlines\"\n";
        let inputs = read_inputs(csv, Some("claim")).unwrap();
        assert_eq!(
            texts(&inputs),
            [(2, "arms, from Israel"), (4, "two\nlines")]
        );
    }

    #[test]
    fn an_unknown_column_names_the_columns_there_are() {
        let err = read_inputs("id,claim\n1,x\n", Some("quote")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the CSV has no column `quote`; its columns are: id, claim"
        );
    }
}
