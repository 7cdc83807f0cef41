//! `check`: what each source says about a claim, and where sources disagree.
//!
//! The index proposes the passages that share most words with the claim (a literal search); each
//! document's best few, with their neighbours in the same section (a statement may run over two
//! paragraphs), are read against the claim ([`stance`]), and the place that bears on it most
//! decides what the document does with it: states it, differs on a fact ([`facts`]), or mentions
//! its subject. Sources that speak of the same thing but disagree among themselves on a fact the
//! claim does not give are set side by side too.

pub mod facts;
pub mod stance;

use std::collections::HashMap;
use std::ops::Range;

use crate::engine::Engine;
use crate::error::{Error, Limit, QueryError, Result};
use crate::index::record::PassageRecord;
use crate::results::citation::Citation;
use crate::results::locate::DocumentPassages;

use facts::{Comparison, Fact, Kind};
use stance::{read, Claim, Outcome, Reading, Source, Stance};

/// Most words in a claim: a claim is one statement, and reading sources costs claim × source words.
pub const MAX_CLAIM_WORDS: usize = 200;

/// How to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// Passages the search proposes, across all documents.
    pub candidates: usize,
    /// Most passages of one document to read (each with its neighbours).
    pub per_document: usize,
    /// Most sources to report.
    pub sources: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            candidates: 60,
            per_document: 3,
            sources: 10,
        }
    }
}

/// A fact as one side gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated {
    /// As written, hedge included.
    pub text: String,
    /// `about`, `more than`…, when the value is hedged.
    pub hedge: Option<String>,
}

impl From<&Fact> for Stated {
    fn from(fact: &Fact) -> Self {
        Stated {
            text: fact.text.clone(),
            hedge: fact.hedge.clone(),
        }
    }
}

/// One claim fact against one source.
#[derive(Debug, Clone, PartialEq)]
pub struct FactReport {
    /// What kind of fact.
    pub kind: Kind,
    /// How it fares.
    pub outcome: Outcome,
    /// The claim's.
    pub claim: Stated,
    /// The source's, when it gives one.
    pub source: Option<Stated>,
    /// Byte range of the source's in the report's `text`.
    pub source_range: Option<Range<usize>>,
}

/// What one document says about the claim.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceReport {
    /// What it does with the claim.
    pub stance: Stance,
    /// Share of the claim its place covers (0 to 1).
    pub coverage: f64,
    /// The passages of the place, in reading order.
    pub passages: Vec<PassageRecord>,
    /// The passages' text, blank-line separated.
    pub text: String,
    /// Byte ranges in `text`: the place.
    pub place: Vec<Range<usize>>,
    /// Byte ranges in `text`: the words the claim shares.
    pub shared: Vec<Range<usize>>,
    /// Each of the claim's facts against this source (names only when they differ).
    pub facts: Vec<FactReport>,
}

impl SourceReport {
    /// The document's id.
    pub fn doc_id(&self) -> &str {
        &self.passages[0].doc_id
    }

    /// The citation of the place: the first passage's, its lines running to the last passage.
    pub fn citation(&self) -> Citation {
        let mut citation = self.passages[0].citation();
        if let Some(last) = self.passages.last() {
            citation.line_end = last.line_end;
        }
        citation
    }

    /// The kinds of fact on which the source differs.
    pub fn differs_on(&self) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = Vec::new();
        for fact in &self.facts {
            if fact.outcome == Outcome::Differs && !kinds.contains(&fact.kind) {
                kinds.push(fact.kind);
            }
        }
        kinds
    }
}

/// Sources that give different values for a fact the claim does not give.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// What kind of fact.
    pub kind: Kind,
    /// Each source's value: its index in [`Check::sources`], and the fact.
    pub values: Vec<(usize, Stated)>,
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The claim as given.
    pub claim: String,
    /// The sources that bear on the claim: those that state it, then those that differ, then
    /// those that mention its subject; each group by coverage.
    pub sources: Vec<SourceReport>,
    /// Facts the claim does not give, on which sources disagree.
    pub disagreements: Vec<Disagreement>,
}

impl Check {
    /// How many sources take `stance`.
    pub fn count(&self, stance: Stance) -> usize {
        self.sources.iter().filter(|s| s.stance == stance).count()
    }

    /// Whether some source states the claim.
    pub fn is_stated(&self) -> bool {
        self.count(Stance::States) > 0
    }

    /// One line: `2 sources state it, 1 differs on the date`.
    pub fn verdict(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let (states, differs, mentions) = (
            self.count(Stance::States),
            self.count(Stance::Differs),
            self.count(Stance::Mentions),
        );
        if self.sources.is_empty() {
            return "no source speaks of it".to_string();
        }
        let mut parts = Vec::new();
        if states > 0 {
            parts.push(plural(states, "source states it", "sources state it"));
        } else {
            parts.push("no source states it".to_string());
        }
        if differs > 0 {
            let mut kinds: Vec<&str> = Vec::new();
            for source in &self.sources {
                for kind in source.differs_on() {
                    if !kinds.contains(&kind.name()) {
                        kinds.push(kind.name());
                    }
                }
            }
            let word = if states == 0 && parts.len() == 1 {
                plural(differs, "source differs", "sources differ")
            } else {
                plural(differs, "differs", "differ")
            };
            parts.push(format!("{word} on the {}", join_and(&kinds)));
        }
        if mentions > 0 {
            parts.push(format!(
                "{} its subject",
                plural(mentions, "mentions", "mention")
            ));
        }
        let mut line = parts.join(", ");
        if !self.disagreements.is_empty() {
            let kinds: Vec<&str> = self.disagreements.iter().map(|d| d.kind.name()).collect();
            line.push_str(&format!("; sources disagree on the {}", join_and(&kinds)));
        }
        line
    }
}

fn join_and(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Checks `claim_text` against the corpus of `engine`.
pub fn check(engine: &Engine, claim_text: &str, options: &CheckOptions) -> Result<Check> {
    let words = claim_text.split_whitespace().count();
    if words > MAX_CLAIM_WORDS {
        return Err(Error::Query(QueryError::TooLarge(Limit::ClaimWords {
            words,
            max: MAX_CLAIM_WORDS,
        })));
    }
    // A word weighs what it tells apart: how rare it is in the corpus, capped (a word seen nowhere
    // else would outweigh the whole claim).
    let folded = Claim::new(claim_text.trim()).folded_words();
    let words: Vec<&str> = folded.iter().map(String::as_str).collect();
    let rarity = engine.rarity(&words)?;
    let weight_of = |word: &str| {
        let at = words.iter().position(|w| *w == word)?;
        Some(0.05 + rarity[at].min(4.0) / 4.0)
    };
    let claim = Claim::weighted(claim_text.trim(), weight_of);
    if claim.is_empty() {
        return Err(Error::Query(QueryError::ClaimWithoutWords(
            claim_text.to_string(),
        )));
    }
    let query = engine.query(&crate::verify::keywords(claim_text), true)?;
    let hits = engine.passages(&query, options.candidates, 0)?.items;
    // Each document's best hits, documents in the order of their best hit.
    let mut order: Vec<&str> = Vec::new();
    let mut by_document: HashMap<&str, Vec<&PassageRecord>> = HashMap::new();
    for (_, passage) in &hits {
        let doc = passage.doc_id.as_str();
        let list = by_document.entry(doc).or_default();
        if list.is_empty() {
            order.push(doc);
        }
        if list.len() < options.per_document {
            list.push(passage);
        }
    }
    let mut documents = DocumentPassages::new(engine);
    let mut found: Vec<(SourceReport, Vec<Fact>)> = Vec::new();
    for doc in order {
        let mut regions: Vec<Vec<PassageRecord>> = Vec::new();
        for passage in &by_document[doc] {
            let region = documents.neighbourhood(passage)?;
            if !regions.iter().any(|r| r == &region) {
                regions.push(region);
            }
        }
        let best = regions
            .iter()
            .filter_map(|region| {
                let texts: Vec<&str> = region.iter().map(|p| p.text.as_str()).collect();
                let source = Source::new(&texts).with_title(&region[0].title);
                let reading = read(&claim, &source)?;
                let key_facts = reading.key_facts.iter().map(|(_, f)| f.clone()).collect();
                Some((report(region, &source, &reading), key_facts))
            })
            .max_by(|(a, _), (b, _)| {
                a.stance
                    .rank(a.coverage)
                    .total_cmp(&b.stance.rank(b.coverage))
            });
        found.extend(best);
    }
    found.sort_by(|(a, _), (b, _)| {
        a.stance
            .cmp(&b.stance)
            .then(b.coverage.total_cmp(&a.coverage))
    });
    found.truncate(options.sources);
    let disagreements = disagreements(&claim, &found);
    Ok(Check {
        claim: claim_text.to_string(),
        sources: found.into_iter().map(|(report, _)| report).collect(),
        disagreements,
    })
}

/// The report of `reading` over the passages `region`: only the passages the place touches.
fn report(region: &[PassageRecord], source: &Source<'_>, reading: &Reading) -> SourceReport {
    let mut touched: Vec<usize> = Vec::new();
    let mut place_spans = Vec::new();
    for w in reading.place.clone() {
        if let Some((p, span)) = source.span(w..w + 1) {
            if !touched.contains(&p) {
                touched.push(p);
            }
            place_spans.push((p, span));
        }
    }
    let facts_passages = reading
        .facts
        .iter()
        .filter_map(|c| c.source.as_ref().map(|(p, _)| *p));
    for p in facts_passages {
        if !touched.contains(&p) {
            touched.push(p);
        }
    }
    touched.sort_unstable();
    let (first, last) = (touched[0], touched[touched.len() - 1]);
    let passages: Vec<PassageRecord> = region[first..=last].to_vec();
    let mut text = String::new();
    let mut base = HashMap::new();
    for (k, passage) in passages.iter().enumerate() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        base.insert(first + k, text.len());
        text.push_str(&passage.text);
    }
    let shift =
        |(p, span): &(usize, Range<usize>)| base.get(p).map(|b| b + span.start..b + span.end);
    let place = merge(place_spans.iter().filter_map(shift).collect(), &text);
    let shared = reading.shared.iter().filter_map(shift).collect();
    let facts = reading
        .facts
        .iter()
        .map(|c| FactReport {
            kind: c.claim.kind,
            outcome: c.outcome,
            claim: Stated::from(&c.claim),
            source: c.source.as_ref().map(|(_, f)| Stated::from(f)),
            source_range: c
                .source
                .as_ref()
                .and_then(|(p, f)| shift(&(*p, f.span.clone()))),
        })
        .collect();
    SourceReport {
        stance: reading.stance,
        coverage: reading.coverage,
        passages,
        text,
        place,
        shared,
        facts,
    }
}

/// Word ranges merged into runs where only whitespace, punctuation and footnote markers separate
/// them (not a paragraph break), each run taking in the punctuation that closes it (`2023.`).
fn merge(mut ranges: Vec<Range<usize>>, text: &str) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        if let Some(last) = merged.last_mut() {
            let gap = text.get(last.end..range.start).unwrap_or("x");
            if range.start <= last.end
                || !gap.contains("\n\n") && !gap.chars().any(char::is_alphabetic)
            {
                last.end = last.end.max(range.end);
                continue;
            }
        }
        merged.push(range);
    }
    for run in &mut merged {
        let rest = &text[run.end..];
        run.end += rest.find(char::is_whitespace).unwrap_or(rest.len());
    }
    merged
}

/// Facts the claim does not give on which sources that speak of the same thing disagree: each
/// source's value nearest the claim's words, where two of them cannot both be true.
fn disagreements(claim: &Claim<'_>, found: &[(SourceReport, Vec<Fact>)]) -> Vec<Disagreement> {
    let mut kinds: Vec<Kind> = Vec::new();
    for (report, key_facts) in found {
        if report.coverage < stance::DIFFERS_COVERAGE {
            continue;
        }
        for fact in key_facts {
            let in_claim = claim.facts.iter().any(|c| c.kind == fact.kind);
            if !in_claim && !kinds.contains(&fact.kind) {
                kinds.push(fact.kind);
            }
        }
    }
    let mut disagreements = Vec::new();
    for kind in kinds {
        let values: Vec<(usize, &Fact)> = found
            .iter()
            .enumerate()
            .filter(|(_, (report, _))| report.coverage >= stance::DIFFERS_COVERAGE)
            .filter_map(|(i, (_, key_facts))| Some((i, key_facts.iter().find(|f| f.kind == kind)?)))
            .collect();
        let differ = values.iter().enumerate().any(|(k, (_, a))| {
            values[k + 1..]
                .iter()
                .any(|(_, b)| a.compare(b) == Comparison::Differs)
        });
        if differ {
            disagreements.push(Disagreement {
                kind,
                values: values
                    .into_iter()
                    .map(|(i, f)| (i, Stated::from(f)))
                    .collect(),
            });
        }
    }
    disagreements
}
