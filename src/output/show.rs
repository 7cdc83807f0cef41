//! `sleuth show` output: each passage under its citation, as the original has it; passages around
//! the cited ones are labelled as context.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::json::{print_json, JsonPassage};
use super::sanitize;
use super::text::{paint, TextOptions, BOLD, DIM};
use crate::results::citation::page_name;
use crate::results::locate::{PageView, ShownPassage};

/// `sleuth show --json` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonShown {
    /// The citation as given.
    pub citation: String,
    /// The passages in reading order: the cited ones and their context.
    pub passages: Vec<JsonShownPassage>,
    /// For a paged document (PDF): the pages the cited passages are on, whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<JsonPageView>,
}

/// A page of a paged document, with the lines of the cited passages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonPageView {
    /// Page number, from 1.
    pub page: u64,
    /// Its printed label, where the document defines one.
    pub label: Option<String>,
    /// The page's text as sleuth reads it.
    pub text: String,
    /// Line ranges of the page (1-based, inclusive) that hold the cited passages.
    pub cited_lines: Vec<[u64; 2]>,
}

/// One passage shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonShownPassage {
    /// `cited` or `context`.
    pub role: String,
    /// The passage.
    #[serde(flatten)]
    pub passage: JsonPassage,
    /// The passage as the original has it (line breaks and all).
    pub original: String,
}

fn role(shown: &ShownPassage) -> &'static str {
    if shown.is_cited {
        "cited"
    } else {
        "context"
    }
}

/// Writes each page of a paged document: a heading, then its lines numbered, the cited ones
/// marked with `>` (and in bold on a terminal).
pub fn print_pages(
    out: &mut dyn Write,
    pages: &[PageView],
    options: TextOptions,
) -> io::Result<()> {
    for view in pages {
        writeln!(out)?;
        let name = page_name(view.page, view.label.as_deref());
        paint(
            out,
            options,
            DIM,
            &format!("page {name} (cited lines marked >):"),
        )?;
        writeln!(out)?;
        let mut number = 0;
        for line in view.text.lines() {
            if line.trim().is_empty() {
                writeln!(out)?;
                continue;
            }
            number += 1;
            let cited = view
                .cited_lines
                .iter()
                .any(|&(a, b)| (a..=b).contains(&number));
            let text = format!(
                "{} {number:>3}  {}",
                if cited { '>' } else { ' ' },
                sanitize(line)
            );
            if cited {
                paint(out, options, BOLD, &text)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{text}")?;
            }
        }
    }
    Ok(())
}

impl JsonShown {
    /// What `show --json` prints for one citation: its passages and, for a paged document, its pages.
    pub fn new(citation: &str, shown: &[ShownPassage], pages: &[PageView]) -> Self {
        JsonShown {
            citation: citation.to_string(),
            passages: shown.iter().map(JsonShownPassage::from).collect(),
            pages: pages
                .iter()
                .map(|view| JsonPageView {
                    page: view.page,
                    label: view.label.clone(),
                    text: view.text.clone(),
                    cited_lines: view.cited_lines.iter().map(|&(a, b)| [a, b]).collect(),
                })
                .collect(),
        }
    }
}

impl From<&ShownPassage> for JsonShownPassage {
    fn from(item: &ShownPassage) -> Self {
        JsonShownPassage {
            role: role(item).to_string(),
            passage: JsonPassage::from(&item.passage),
            original: item.original.clone(),
        }
    }
}

/// Writes each passage: its citation (prefixed `context:` for context), then its original text.
pub fn print_text(
    out: &mut dyn Write,
    shown: &[ShownPassage],
    options: TextOptions,
) -> io::Result<()> {
    for (i, item) in shown.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        if !item.is_cited {
            paint(out, options, DIM, "context: ")?;
        }
        writeln!(out, "{}", sanitize(&item.passage.citation().to_string()))?;
        for line in item.original.lines() {
            writeln!(out, "{}", sanitize(line))?;
        }
    }
    Ok(())
}

/// Writes what each citation names as one JSON document: the citation's object, or an array of
/// them when there are several.
pub fn print_json_shown(
    out: &mut dyn Write,
    cited: &[(&str, &[ShownPassage], &[PageView])],
) -> io::Result<()> {
    let json: Vec<JsonShown> = cited
        .iter()
        .map(|&(citation, shown, pages)| JsonShown::new(citation, shown, pages))
        .collect();
    match json.as_slice() {
        [one] => print_json(out, one),
        _ => print_json(out, &json),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::search::PassageRecord;

    fn shown(paragraph: u64, is_cited: bool, original: &str) -> ShownPassage {
        ShownPassage {
            passage: PassageRecord {
                kind: Default::default(),
                doc_id: "a.txt".into(),
                path: "seeds/a.txt".into(),
                source: "/corpus/seeds/a.txt".into(),
                title: "A".into(),
                section: None,
                paragraph,
                line_start: paragraph * 2,
                line_end: paragraph * 2 + 1,
                byte_start: 0,
                byte_end: 0,
                text: original.replace('\n', " "),
                page: None,
                url: None,
            },
            is_cited,
            original: original.into(),
        }
    }

    #[test]
    fn context_is_labelled_and_the_original_keeps_its_lines() {
        let mut out = Vec::new();
        let items = [
            shown(1, false, "Before\r\nit."),
            shown(2, true, "The cited\nlines \u{1b}[2J."),
        ];
        print_text(&mut out, &items, TextOptions::default()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "context: seeds/a.txt:2-3, paragraph 1, in \"A\"\nBefore\nit.\n\n\
             seeds/a.txt:4-5, paragraph 2, in \"A\"\nThe cited\nlines \\u{1b}[2J.\n"
        );
    }
}
