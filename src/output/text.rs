//! Search results as text for people: per hit, a citation line, the title and section, and a
//! snippet with the matched words marked (in colour on a terminal, `**like this**` otherwise).

use std::io::{self, Write};
use std::ops::Range;

use anstyle::{AnsiColor, Style};

use super::{group_by_document, sanitize, HitLayout};
use crate::results::citation::Citation;
use crate::results::locate::Neighbours;
use crate::results::search::{Hit, PassageRecord, SearchResults};

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
/// Style of secondary information (scores, labels).
pub const DIM: Style = Style::new().dimmed();
/// Style of the cited lines on a page `show` prints.
pub const BOLD: Style = Style::new().bold();

/// Writes `text` in `style` when colouring.
pub fn paint(
    out: &mut dyn Write,
    options: TextOptions,
    style: Style,
    text: &str,
) -> io::Result<()> {
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

/// `paragraph N`, or what an unnumbered passage is (`title`, `heading`).
fn label(p: &PassageRecord) -> String {
    if p.kind.is_numbered() {
        format!("paragraph {}", p.paragraph)
    } else {
        p.kind.name().to_string()
    }
}

fn write_hit(
    out: &mut dyn Write,
    options: TextOptions,
    hit: &Hit,
    context: Option<&Neighbours>,
    grouped: bool,
) -> io::Result<()> {
    let p = &hit.passage;
    let citation = p.citation();
    // Grouped hits sit under their document's heading, which names the path and title.
    let pad = if grouped { "     " } else { "   " };
    if grouped {
        write!(out, "  {}. {}, ", hit.rank, label(p))?;
        paint(out, options, LINES, &lines_label(&citation))?;
    } else {
        write!(out, "{}. ", hit.rank)?;
        write_location(out, options, &citation)?;
        write!(out, ", {}", label(p))?;
    }
    out.write_all(b"  ")?;
    paint(out, options, DIM, &format!("score {:.2}", hit.score))?;
    writeln!(out)?;
    match (&p.section, grouped) {
        (Some(section), true) => writeln!(out, "{pad}› {}", sanitize(section))?,
        (None, true) => {}
        (section, false) => {
            write!(out, "{pad}{}", sanitize(&p.title))?;
            if let Some(section) = section {
                write!(out, " › {}", sanitize(section))?;
            }
            if let Some(url) = &p.url {
                out.write_all(b"  ")?;
                paint(out, options, DIM, &format!("<{}>", sanitize(url)))?;
            }
            writeln!(out)?;
        }
    }
    for neighbour in context.map_or(&[][..], |c| &c.before) {
        write_context(out, options, pad, neighbour)?;
    }
    out.write_all(pad.as_bytes())?;
    write_marked(out, options, &hit.snippet.text, &hit.snippet.highlights)?;
    writeln!(out)?;
    for neighbour in context.map_or(&[][..], |c| &c.after) {
        write_context(out, options, pad, neighbour)?;
    }
    Ok(())
}

/// `path:LINES`, coloured.
pub fn write_location(
    out: &mut dyn Write,
    options: TextOptions,
    citation: &Citation,
) -> io::Result<()> {
    paint(out, options, PATH, &sanitize(&citation.path))?;
    match &citation.page {
        Some(page) => {
            out.write_all(b", ")?;
            paint(out, options, LINES, &page.describe())
        }
        None => {
            out.write_all(b":")?;
            paint(out, options, LINES, &citation.lines())
        }
    }
}

/// `line 12` or `lines 12-15`, or `page 3, lines 4-9` in a paged document.
fn lines_label(citation: &Citation) -> String {
    if let Some(page) = &citation.page {
        return page.describe();
    }
    let s = if citation.line_start == citation.line_end {
        ""
    } else {
        "s"
    };
    format!("line{s} {}", citation.lines())
}

/// A neighbouring passage, whole, labelled as context.
fn write_context(
    out: &mut dyn Write,
    options: TextOptions,
    pad: &str,
    passage: &PassageRecord,
) -> io::Result<()> {
    let citation = passage.citation();
    let label = format!("context, {} ({}):", label(passage), lines_label(&citation));
    out.write_all(pad.as_bytes())?;
    paint(out, options, DIM, &label)?;
    writeln!(out, " {}", sanitize(&passage.text))
}

/// The heading of a document's group of hits: path, title, and which paragraphs hit.
fn write_document_heading(
    out: &mut dyn Write,
    options: TextOptions,
    hits: &[&Hit],
) -> io::Result<()> {
    let Some(first) = hits.first() else {
        return Ok(());
    };
    let paragraphs: Vec<String> = hits
        .iter()
        .map(|h| {
            if h.passage.kind.is_numbered() {
                h.passage.paragraph.to_string()
            } else {
                h.passage.kind.name().to_string()
            }
        })
        .collect();
    paint(out, options, PATH, &sanitize(&first.passage.path))?;
    writeln!(
        out,
        "  \"{}\": {} hit{}, paragraph{} {}",
        sanitize(&first.passage.title),
        hits.len(),
        if hits.len() == 1 { "" } else { "s" },
        if hits.len() == 1 { "" } else { "s" },
        paragraphs.join(", ")
    )
}

/// Writes every hit, blank-line separated, then a line saying how many matched.
pub fn print_results(
    out: &mut dyn Write,
    results: &SearchResults,
    options: TextOptions,
    unit: &str,
) -> io::Result<()> {
    print_results_around(out, results, options, unit, HitLayout::default())
}

/// Like [`print_results`], with each hit's neighbouring passages and, when grouping, the hits of
/// each document together under one heading (documents in the order of their best hit).
pub fn print_results_around(
    out: &mut dyn Write,
    results: &SearchResults,
    options: TextOptions,
    unit: &str,
    around: HitLayout,
) -> io::Result<()> {
    if around.group {
        for group in group_by_document(&results.hits) {
            let hits: Vec<&Hit> = group.iter().map(|&i| &results.hits[i]).collect();
            write_document_heading(out, options, &hits)?;
            for i in group {
                write_hit(out, options, &results.hits[i], around.context.get(i), true)?;
            }
            writeln!(out)?;
        }
    } else {
        for (i, hit) in results.hits.iter().enumerate() {
            write_hit(out, options, hit, around.context.get(i), false)?;
            writeln!(out)?;
        }
    }
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
    let plural = if results.total == 1 { "" } else { "s" };
    match (results.total, shown) {
        (0, _) => writeln!(out, "no matching {unit}s"),
        (total, 0) if results.offset >= total => writeln!(
            out,
            "{total} matching {unit}{plural}; none on this page (--offset {} is past the end)",
            results.offset
        ),
        (total, 0) => writeln!(out, "{total} matching {unit}{plural}"),
        (total, _) => writeln!(
            out,
            "{first}-{} of {total} matching {unit}{plural}",
            first + shown - 1
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
