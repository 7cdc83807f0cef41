//! `sleuth verify` output: the verdict, then each place with its citation, exact span and the
//! passage with the place marked; for `close`, the word-level differences too.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::json::print_json;
use super::sanitize;
use super::text::{paint, write_location, write_marked, TextOptions, DIM};
use crate::results::citation::page_name;
use crate::results::original::PagePosition;
use crate::results::snippet::{snippet, SNIPPET_CHARS};
use crate::verify::{DiffKind, QuoteMatch, Verdict, Verification};

/// `sleuth verify --json` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonVerification {
    /// The quote as given.
    pub quote: String,
    /// `verbatim`, `close` or `absent`.
    pub verdict: String,
    /// The verbatim places (the first few, unless `--all`); else the close places; else the
    /// nearest places.
    pub matches: Vec<JsonQuoteMatch>,
    /// How many places answer the verdict: all verbatim places, listed or not; 0 when absent.
    #[serde(default)]
    pub total: usize,
    /// Passages holding the quote's words as a phrase that were not checked (past `--limit`).
    #[serde(default)]
    pub unchecked: usize,
}

/// One place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonQuoteMatch {
    /// Document id.
    pub doc_id: String,
    /// Path of the file to open (`file.jsonl#ID` for JSON-lines documents).
    pub path: String,
    /// Citation of the passage(s) holding the place; `sleuth show` opens it.
    pub citation: String,
    /// Document title.
    pub title: String,
    /// Section heading of the (first) passage.
    pub section: Option<String>,
    /// Paragraph number of the (first) passage (0 for a title or heading).
    pub paragraph: u64,
    /// What the (first) passage is: `paragraph`, `list item`, `title` or `heading`.
    #[serde(default)]
    pub kind: String,
    /// Line of the place's first char.
    pub line_start: u64,
    /// Line of the place's last char.
    pub line_end: u64,
    /// Column (in chars, from 1) of the place's first char.
    pub column_start: u64,
    /// Column (in chars, from 1) of the place's last char.
    pub column_end: u64,
    /// First byte of the place in the source text.
    pub byte_start: u64,
    /// Byte just past the place.
    pub byte_end: u64,
    /// 1.0 for verbatim; word-level similarity otherwise.
    pub similarity: f64,
    /// The passage(s) as `search` shows them, blank-line separated.
    pub text: String,
    /// Byte ranges in `text`: the place (verbatim, close) or the words in common (absent).
    pub highlights: Vec<[usize; 2]>,
    /// The word-level differences (close only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<JsonDifference>>,
    /// For a paged document (PDF): page, line and column within the page of the first char.
    #[serde(default)]
    pub page_start: Option<JsonPagePosition>,
    /// For a paged document: page, line and column within the page of the last char.
    #[serde(default)]
    pub page_end: Option<JsonPagePosition>,
}

/// A place within a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonPagePosition {
    /// Page number, from 1.
    pub page: u64,
    /// The page's printed label, where the document defines one.
    pub label: Option<String>,
    /// Line within the page, from 1.
    pub line: u64,
    /// Column in chars, from 1.
    pub column: u64,
}

impl From<&PagePosition> for JsonPagePosition {
    fn from(p: &PagePosition) -> Self {
        JsonPagePosition {
            page: p.page,
            label: p.label.clone(),
            line: p.line,
            column: p.column,
        }
    }
}

/// One stretch of a difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonDifference {
    /// `same`, `changed`, `added` (only the quote has it) or `dropped` (only the source has it).
    pub op: String,
    /// The quote's words here ("" for `dropped`).
    pub quote: String,
    /// The source's words here ("" for `added`).
    pub source: String,
}

impl From<&QuoteMatch> for JsonQuoteMatch {
    fn from(m: &QuoteMatch) -> Self {
        let first = &m.passages[0];
        JsonQuoteMatch {
            doc_id: first.doc_id.clone(),
            path: first.path.clone(),
            citation: m.citation().to_string(),
            title: first.title.clone(),
            section: first.section.clone(),
            paragraph: first.paragraph,
            kind: first.kind.name().to_string(),
            line_start: m.span.start.line,
            line_end: m.span.end.line,
            column_start: m.span.start.column,
            column_end: m.span.end.column,
            byte_start: m.span.byte_start,
            byte_end: m.span.byte_end,
            similarity: m.similarity,
            text: m.text.clone(),
            highlights: m.highlights.iter().map(|r| [r.start, r.end]).collect(),
            page_start: m.pages.as_ref().map(|(start, _)| start.into()),
            page_end: m.pages.as_ref().map(|(_, end)| end.into()),
            diff: (!m.diff.is_empty()).then(|| {
                m.diff
                    .iter()
                    .map(|d| JsonDifference {
                        op: d.kind.name().to_string(),
                        quote: d.quote.clone(),
                        source: d.source.clone(),
                    })
                    .collect()
            }),
        }
    }
}

impl From<&Verification> for JsonVerification {
    fn from(v: &Verification) -> Self {
        JsonVerification {
            quote: v.quote.clone(),
            verdict: v.verdict.name().to_string(),
            matches: v.matches.iter().map(JsonQuoteMatch::from).collect(),
            total: v.total,
            unchecked: v.unchecked,
        }
    }
}

/// Writes the verification as one JSON document.
pub fn print_json_verification(out: &mut dyn Write, verification: &Verification) -> io::Result<()> {
    print_json(out, &JsonVerification::from(verification))
}

/// Writes the verdict line, then each place.
pub fn print_text(
    out: &mut dyn Write,
    verification: &Verification,
    options: TextOptions,
) -> io::Result<()> {
    let n = verification.matches.len();
    let total = verification.total.max(n);
    let headline = match (verification.verdict, n) {
        (Verdict::Verbatim, 1) if total == 1 => {
            "verbatim: the quote is in the corpus word for word, in 1 place".to_string()
        }
        (Verdict::Verbatim, n) if n < total => format!(
            "verbatim: the quote is in the corpus word for word, in {total} places; the first {n}:"
        ),
        (Verdict::Verbatim, _) => {
            format!("verbatim: the quote is in the corpus word for word, in {total} places")
        }
        (Verdict::Close, 1) => {
            "close: not word for word, but 1 place says nearly the same".to_string()
        }
        (Verdict::Close, n) => {
            format!("close: not word for word, but {n} places say nearly the same")
        }
        (Verdict::Absent, _) => {
            "absent: nothing in the corpus comes close; the nearest passages by keyword:"
                .to_string()
        }
    };
    writeln!(out, "{headline}")?;
    for (i, place) in verification.matches.iter().enumerate() {
        writeln!(out)?;
        write_place(out, options, i + 1, place, verification.verdict)?;
    }
    if n < total {
        writeln!(out, "\n{} more places; --all lists every one", total - n)?;
    }
    if verification.unchecked > 0 {
        writeln!(
            out,
            "\n{} more passages hold the quote's words in this order and were not checked; raise --limit to check them",
            verification.unchecked
        )?;
    }
    Ok(())
}

fn write_place(
    out: &mut dyn Write,
    options: TextOptions,
    number: usize,
    place: &QuoteMatch,
    verdict: Verdict,
) -> io::Result<()> {
    let citation = place.citation();
    write!(out, "{number}. ")?;
    write_location(out, options, &citation)?;
    let full = citation.to_string();
    write!(out, "{}", sanitize(&full[citation.location().len()..]))?;
    if verdict != Verdict::Verbatim {
        out.write_all(b"  ")?;
        paint(
            out,
            options,
            DIM,
            &format!("similarity {:.2}", place.similarity),
        )?;
    }
    writeln!(out)?;
    let span = &place.span;
    if verdict != Verdict::Absent {
        let at = match &place.pages {
            Some((start, end)) => format!(
                "page {}, line {}, column {} to page {}, line {}, column {} (bytes {}-{} of the text read from it)",
                page_name(start.page, start.label.as_deref()),
                start.line,
                start.column,
                page_name(end.page, end.label.as_deref()),
                end.line,
                end.column,
                span.byte_start,
                span.byte_end
            ),
            None => format!(
                "line {}, column {} to line {}, column {} (bytes {}-{})",
                span.start.line,
                span.start.column,
                span.end.line,
                span.end.column,
                span.byte_start,
                span.byte_end
            ),
        };
        out.write_all(b"   ")?;
        paint(out, options, DIM, &at)?;
        writeln!(out)?;
    }
    for d in place.diff.iter().filter(|d| d.kind != DiffKind::Same) {
        let (quote, source) = (sanitize(&d.quote), sanitize(&d.source));
        match d.kind {
            DiffKind::Changed => writeln!(
                out,
                "   the quote says \"{quote}\" where the source says \"{source}\""
            )?,
            DiffKind::Added => writeln!(
                out,
                "   the quote adds \"{quote}\", which the source does not have"
            )?,
            DiffKind::Dropped => writeln!(out, "   the quote leaves out \"{source}\"")?,
            DiffKind::Same => {}
        }
    }
    out.write_all(b"   ")?;
    if verdict == Verdict::Absent {
        let short = snippet(&place.text, &place.highlights, SNIPPET_CHARS);
        write_marked(out, options, &short.text, &short.highlights)?;
    } else {
        // Each passage of a place that crosses a paragraph break goes on a line of its own.
        let mut at = 0;
        for (k, part) in place.text.split("\n\n").enumerate() {
            if k > 0 {
                out.write_all(b"\n   ")?;
            }
            let end = at + part.len();
            let marks: Vec<_> = place
                .highlights
                .iter()
                .filter(|r| at <= r.start && r.end <= end)
                .map(|r| r.start - at..r.end - at)
                .collect();
            write_marked(out, options, part, &marks)?;
            at = end + 2;
        }
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::original::Position;
    use crate::results::search::PassageRecord;
    use crate::verify::{Difference, Span};

    fn place(text: &str, diff: Vec<Difference>) -> QuoteMatch {
        let whole = 0..text.len();
        QuoteMatch {
            passages: vec![PassageRecord {
                kind: Default::default(),
                doc_id: "a.txt".into(),
                path: "seeds/a.txt".into(),
                source: "/corpus/seeds/a.txt".into(),
                title: "A".into(),
                section: Some("S".into()),
                paragraph: 2,
                line_start: 3,
                line_end: 4,
                byte_start: 10,
                byte_end: 10 + text.len() as u64,
                text: text.into(),
                page: None,
                url: None,
            }],
            span: Span {
                byte_start: 10,
                byte_end: 20,
                start: Position { line: 3, column: 1 },
                end: Position { line: 4, column: 2 },
            },
            similarity: 0.875,
            text: text.into(),
            highlights: vec![whole],
            diff,
            pages: None,
        }
    }

    fn printed(verdict: Verdict, matches: Vec<QuoteMatch>, unchecked: usize) -> String {
        let verification = Verification {
            quote: "q".into(),
            verdict,
            total: matches.len(),
            matches,
            unchecked,
        };
        let mut out = Vec::new();
        print_text(&mut out, &verification, TextOptions::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn difference(kind: DiffKind, quote: &str, source: &str) -> Difference {
        Difference {
            kind,
            quote: quote.into(),
            source: source.into(),
        }
    }

    #[test]
    fn a_close_place_names_each_difference() {
        let diff = vec![
            difference(DiffKind::Same, "Israel supplied", "Israel supplied"),
            difference(DiffKind::Changed, "79%", "69%"),
            difference(DiffKind::Added, "new", ""),
            difference(DiffKind::Dropped, "", "arms"),
        ];
        assert_eq!(
            printed(
                Verdict::Close,
                vec![place("Israel supplied 69% arms", diff)],
                0
            ),
            "close: not word for word, but 1 place says nearly the same\n\n\
             1. seeds/a.txt:3-4, paragraph 2, section \"S\", in \"A\"  similarity 0.88\n   \
             line 3, column 1 to line 4, column 2 (bytes 10-20)\n   \
             the quote says \"79%\" where the source says \"69%\"\n   \
             the quote adds \"new\", which the source does not have\n   \
             the quote leaves out \"arms\"\n   \
             **Israel supplied 69% arms**\n"
        );
    }

    #[test]
    fn verbatim_places_spanning_paragraphs_mark_each_and_unchecked_passages_are_counted() {
        let mut spanning = place("end one.\n\nStart two", Vec::new());
        spanning.highlights = vec![4..8, 10..15];
        let text = printed(Verdict::Verbatim, vec![spanning], 7);
        assert_eq!(
            text,
            "verbatim: the quote is in the corpus word for word, in 1 place\n\n\
             1. seeds/a.txt:3-4, paragraph 2, section \"S\", in \"A\"\n   \
             line 3, column 1 to line 4, column 2 (bytes 10-20)\n   \
             end **one.**\n   **Start** two\n\n\
             7 more passages hold the quote's words in this order and were not checked; raise --limit to check them\n"
        );
    }

    #[test]
    fn json_gives_a_diff_only_for_close_places() {
        let json = JsonQuoteMatch::from(&place("x y", Vec::new()));
        assert!(json.diff.is_none());
        assert_eq!((json.line_start, json.column_end), (3, 2));
        let json =
            JsonQuoteMatch::from(&place("x y", vec![difference(DiffKind::Changed, "a", "b")]));
        assert_eq!(json.diff.unwrap()[0].op, "changed");
    }
}
