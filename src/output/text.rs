//! Search results as text for people: per hit, a citation line, the title and section, and a
//! snippet with the matched words marked (in colour on a terminal, `**like this**` otherwise).

use std::io::{self, Write};
use std::ops::Range;

use anstyle::{AnsiColor, Style};

use super::sanitize;
use crate::search::{Hit, SearchResults};

/// How matched words look without colour.
pub const PLAIN_MARK: &str = "**";

/// Text printer settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// Use ANSI colours.
    pub color: bool,
}

const PATH: Style = AnsiColor::Magenta.on_default();
const LINES: Style = AnsiColor::Green.on_default();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const DIM: Style = Style::new().dimmed();

/// Writes `text` in `style` when colouring.
fn paint(out: &mut dyn Write, options: TextOptions, style: Style, text: &str) -> io::Result<()> {
    if options.color {
        write!(out, "{}{}{}", style.render(), text, style.render_reset())
    } else {
        out.write_all(text.as_bytes())
    }
}

/// Writes `text` with the byte `ranges` marked.
pub fn write_marked(
    out: &mut dyn Write,
    options: TextOptions,
    text: &str,
    ranges: &[Range<usize>],
) -> io::Result<()> {
    let mut at = 0;
    for range in ranges {
        if range.start < at || range.end > text.len() {
            continue;
        }
        out.write_all(sanitize(&text[at..range.start]).as_bytes())?;
        let word = sanitize(&text[range.clone()]);
        if options.color {
            paint(out, options, MATCH, &word)?;
        } else {
            write!(out, "{PLAIN_MARK}{word}{PLAIN_MARK}")?;
        }
        at = range.end;
    }
    out.write_all(sanitize(&text[at..]).as_bytes())
}

fn write_hit(out: &mut dyn Write, options: TextOptions, hit: &Hit) -> io::Result<()> {
    let p = &hit.passage;
    let citation = p.citation();
    write!(out, "{}. ", hit.rank)?;
    paint(out, options, PATH, &sanitize(&citation.path))?;
    out.write_all(b":")?;
    paint(out, options, LINES, &citation.lines())?;
    write!(out, ", paragraph {}  ", p.paragraph)?;
    paint(out, options, DIM, &format!("score {:.2}", hit.score))?;
    writeln!(out)?;
    write!(out, "   {}", sanitize(&p.title))?;
    if let Some(section) = &p.section {
        write!(out, " › {}", sanitize(section))?;
    }
    writeln!(out)?;
    out.write_all(b"   ")?;
    write_marked(out, options, &hit.snippet.text, &hit.snippet.highlights)?;
    writeln!(out)
}

/// Writes every hit, blank-line separated, then a line saying how many matched.
pub fn print_results(
    out: &mut dyn Write,
    results: &SearchResults,
    options: TextOptions,
    unit: &str,
) -> io::Result<()> {
    for hit in &results.hits {
        write_hit(out, options, hit)?;
        writeln!(out)?;
    }
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
    match (results.total, shown) {
        (0, _) => writeln!(out, "no matching {unit}s"),
        (total, 0) => writeln!(
            out,
            "{total} matching {unit}s; none on this page (offset past the end)"
        ),
        (total, _) => writeln!(
            out,
            "{first}-{} of {total} matching {unit}{}",
            first + shown - 1,
            if total == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, ranges: &[Range<usize>], color: bool) -> String {
        let mut out = Vec::new();
        write_marked(&mut out, TextOptions { color }, text, ranges).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_output_marks_matches_with_asterisks() {
        assert_eq!(
            marked("arms imports from Israel", &[0..4, 18..24], false),
            "**arms** imports from **Israel**"
        );
    }

    #[test]
    fn colour_output_uses_ansi_and_no_asterisks() {
        let out = marked("arms", &[Range { start: 0, end: 4 }], true);
        assert!(
            out.contains("\u{1b}[") && !out.contains(PLAIN_MARK),
            "{out:?}"
        );
    }

    #[test]
    fn corpus_text_cannot_inject_escape_sequences() {
        let out = marked("a\u{1b}[2Jb", &[], false);
        assert!(!out.contains('\u{1b}'), "{out:?}");
    }
}
