//! `sleuth show` output: each passage under its citation, as the original has it; passages around
//! the cited ones are labelled as context.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::json::{print_json, JsonPassage};
use super::sanitize;
use super::text::{paint, TextOptions, DIM};
use crate::results::locate::ShownPassage;

/// `sleuth show --json` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonShown {
    /// The citation as given.
    pub citation: String,
    /// The passages in reading order: the cited ones and their context.
    pub passages: Vec<JsonShownPassage>,
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
    cited: &[(&str, &Vec<ShownPassage>)],
) -> io::Result<()> {
    let json: Vec<JsonShown> = cited
        .iter()
        .map(|(citation, shown)| JsonShown {
            citation: citation.to_string(),
            passages: shown.iter().map(JsonShownPassage::from).collect(),
        })
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
