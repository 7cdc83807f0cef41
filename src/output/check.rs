//! `sleuth check` output: the verdict line, then each source's stance with its citation, the
//! facts it gives against the claim's, and the place that bears on the claim with those facts
//! marked; last, the facts the claim leaves out on which sources disagree.

use std::io::{self, Write};
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::json::print_json;
use super::sanitize;
use super::text::{paint, write_location, write_marked, TextOptions, DIM};
use crate::check::stance::Outcome;
use crate::check::{Check, FactReport, SourceReport, Stated};

/// `sleuth check --json` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonCheck {
    /// The claim as given.
    pub claim: String,
    /// The verdict line: `2 sources state it, 1 differs on the date`.
    pub verdict: String,
    /// Whether some source states the claim (the exit status is 0 then).
    pub stated: bool,
    /// The sources that bear on the claim: those that state it, differ, then mention its subject.
    pub sources: Vec<JsonSource>,
    /// Facts the claim leaves out on which sources disagree.
    pub disagreements: Vec<JsonDisagreement>,
}

/// What one source says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonSource {
    /// Document id.
    pub doc_id: String,
    /// Path of the file to open (`file.jsonl#ID` for JSON-lines documents).
    pub path: String,
    /// Document title.
    pub title: String,
    /// Citation of the passage(s) of the place; `sleuth show` opens it.
    pub citation: String,
    /// Section heading of the (first) passage.
    pub section: Option<String>,
    /// Paragraph number of the (first) passage.
    pub paragraph: u64,
    /// First line of the passages.
    pub line_start: u64,
    /// Last line of the passages.
    pub line_end: u64,
    /// `states`, `differs` or `mentions`.
    pub stance: String,
    /// Share of the claim (its words, weighed, and its facts) the place covers, 0 to 1.
    pub coverage: f64,
    /// Each of the claim's facts against this source.
    pub facts: Vec<JsonFact>,
    /// The passage(s), blank-line separated.
    pub text: String,
    /// Byte ranges in `text`: the place (the sentences that bear on the claim).
    pub place: Vec<[usize; 2]>,
    /// Byte ranges in `text`: the words the claim shares.
    pub highlights: Vec<[usize; 2]>,
}

/// One claim fact against one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonFact {
    /// `date`, `number`, `percentage`, `amount`, `place` or `name`.
    pub kind: String,
    /// `same`, `differs` or `missing` (the source does not say).
    pub outcome: String,
    /// The claim's words.
    pub claim: String,
    /// The source's words (`null` when missing).
    pub source: Option<String>,
    /// The claim's hedge (`about`, `more than`…), if any.
    pub claim_hedge: Option<String>,
    /// The source's hedge, if any.
    pub source_hedge: Option<String>,
    /// Byte range of the source's words in `text`.
    pub source_range: Option<[usize; 2]>,
}

/// A fact the claim leaves out, on which sources disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonDisagreement {
    /// What kind of fact.
    pub kind: String,
    /// Each source's value.
    pub values: Vec<JsonValue>,
}

/// One source's value in a disagreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonValue {
    /// Document id.
    pub doc_id: String,
    /// Citation of the source's place.
    pub citation: String,
    /// The value as written.
    pub value: String,
    /// Its hedge, if any.
    pub hedge: Option<String>,
}

fn pair(range: &Range<usize>) -> [usize; 2] {
    [range.start, range.end]
}

impl From<&FactReport> for JsonFact {
    fn from(fact: &FactReport) -> Self {
        JsonFact {
            kind: fact.kind.name().to_string(),
            outcome: fact.outcome.name().to_string(),
            claim: fact.claim.text.clone(),
            source: fact.source.as_ref().map(|s| s.text.clone()),
            claim_hedge: fact.claim.hedge.clone(),
            source_hedge: fact.source.as_ref().and_then(|s| s.hedge.clone()),
            source_range: fact.source_range.as_ref().map(pair),
        }
    }
}

impl From<&SourceReport> for JsonSource {
    fn from(source: &SourceReport) -> Self {
        let first = &source.passages[0];
        let citation = source.citation();
        JsonSource {
            doc_id: first.doc_id.clone(),
            path: first.path.clone(),
            title: first.title.clone(),
            citation: citation.to_string(),
            section: first.section.clone(),
            paragraph: first.paragraph,
            line_start: citation.line_start,
            line_end: citation.line_end,
            stance: source.stance.name().to_string(),
            coverage: (source.coverage * 100.0).round() / 100.0,
            facts: source.facts.iter().map(JsonFact::from).collect(),
            text: source.text.clone(),
            place: source.place.iter().map(pair).collect(),
            highlights: source.shared.iter().map(pair).collect(),
        }
    }
}

impl From<&Check> for JsonCheck {
    fn from(check: &Check) -> Self {
        JsonCheck {
            claim: check.claim.clone(),
            verdict: check.verdict(),
            stated: check.is_stated(),
            sources: check.sources.iter().map(JsonSource::from).collect(),
            disagreements: check
                .disagreements
                .iter()
                .map(|d| JsonDisagreement {
                    kind: d.kind.name().to_string(),
                    values: d
                        .values
                        .iter()
                        .map(|(i, value)| JsonValue {
                            doc_id: check.sources[*i].doc_id().to_string(),
                            citation: check.sources[*i].citation().to_string(),
                            value: value.text.clone(),
                            hedge: value.hedge.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Writes the check as one JSON document.
pub fn print_json_check(out: &mut dyn Write, check: &Check) -> io::Result<()> {
    print_json(out, &JsonCheck::from(check))
}

/// Writes the verdict line, each source, then the disagreements between sources.
pub fn print_text(out: &mut dyn Write, check: &Check, options: TextOptions) -> io::Result<()> {
    writeln!(out, "{}", check.verdict())?;
    for source in &check.sources {
        writeln!(out)?;
        write_source(out, options, source)?;
    }
    for disagreement in &check.disagreements {
        writeln!(out)?;
        writeln!(out, "sources disagree on the {}:", disagreement.kind.name())?;
        for (i, value) in &disagreement.values {
            writeln!(
                out,
                "   {} says \"{}\"",
                sanitize(&check.sources[*i].citation().location()),
                sanitize(&value.text)
            )?;
        }
    }
    Ok(())
}

fn write_source(
    out: &mut dyn Write,
    options: TextOptions,
    source: &SourceReport,
) -> io::Result<()> {
    let citation = source.citation();
    write!(out, "{:<9}", source.stance.name())?;
    write_location(out, options, &citation)?;
    let full = citation.to_string();
    write!(out, "{}", sanitize(&full[citation.location().len()..]))?;
    out.write_all(b"  ")?;
    paint(
        out,
        options,
        DIM,
        &format!("covers {:.0}%", source.coverage * 100.0),
    )?;
    writeln!(out)?;
    for fact in &source.facts {
        let claim = quoted(&fact.claim);
        match (&fact.outcome, &fact.source) {
            (Outcome::Differs, Some(said)) => writeln!(
                out,
                "   the claim says {claim}; {} says {}",
                sanitize(&citation.location()),
                quoted(said)
            )?,
            (Outcome::Same, Some(said)) if said.text != fact.claim.text => writeln!(
                out,
                "   the claim's {} {claim} is the source's {}",
                fact.kind.name(),
                quoted(said)
            )?,
            (Outcome::Missing, _) => writeln!(
                out,
                "   the source does not give the claim's {} {claim}",
                fact.kind.name()
            )?,
            _ => {}
        }
    }
    // The place, with the source's facts marked.
    let marks: Vec<Range<usize>> = source
        .facts
        .iter()
        .filter_map(|f| f.source_range.clone())
        .collect();
    for place in &source.place {
        out.write_all(b"   ")?;
        let inside: Vec<Range<usize>> = marks
            .iter()
            .filter(|m| place.start <= m.start && m.end <= place.end)
            .map(|m| m.start - place.start..m.end - place.start)
            .collect();
        let text = &source.text[place.clone()];
        write_marked(out, options, text, &inside)?;
        writeln!(out)?;
    }
    Ok(())
}

/// A fact in quotation marks, as written (with its hedge: `about 40%`).
fn quoted(fact: &Stated) -> String {
    format!("\"{}\"", sanitize(&fact.text))
}
