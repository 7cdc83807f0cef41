//! `sleuth extract` output: the text read from a PDF, web page or Word file, as its citations count
//! it, with a marker line where each page begins.

use std::io::{self, Write};

use super::sanitize;
use crate::ingest::extract::Extracted;
use crate::results::citation::page_name;

/// Writes the title and address (when known) as `#` lines, then the text, with `--- page N ---`
/// before each page of a paged document.
pub fn print_text(out: &mut dyn Write, extracted: &Extracted) -> io::Result<()> {
    if let Some(title) = &extracted.title {
        writeln!(out, "# title: {}", sanitize(title))?;
    }
    if let Some(url) = &extracted.url {
        writeln!(out, "# url: {}", sanitize(url))?;
    }
    let text = &extracted.text;
    let mut at = 0;
    for (i, page) in extracted.pages.iter().enumerate() {
        let start = page.start.min(text.len());
        write_lines(out, &text[at.min(start)..start])?;
        at = at.max(start);
        let name = page_name(i as u64 + 1, page.label.as_deref());
        writeln!(out, "--- page {name} ---")?;
    }
    write_lines(out, &text[at..])
}

fn write_lines(out: &mut dyn Write, text: &str) -> io::Result<()> {
    for line in text.lines() {
        writeln!(out, "{}", sanitize(line))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extract::PageStart;

    #[test]
    fn pages_are_marked_where_they_begin() {
        let extracted = Extracted {
            text: "one\ntwo\nthree\n".into(),
            pages: vec![
                PageStart {
                    start: 0,
                    label: Some("i".into()),
                },
                PageStart {
                    start: 4,
                    label: None,
                },
            ],
            title: Some("T".into()),
            url: None,
        };
        let mut out = Vec::new();
        print_text(&mut out, &extracted).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "# title: T\n--- page i (PDF page 1) ---\none\n--- page 2 ---\ntwo\nthree\n"
        );
    }
}
