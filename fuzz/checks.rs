//! What the fuzz targets check, one function per target. Shared with the test suite
//! (`tests/integration/fuzz_corpus.rs`), which feeds every input kept in `fuzz/corpus/` to the same
//! function, so CI replays the interesting inputs without cargo-fuzz.
//!
//! Each function takes arbitrary bytes, never panics on its own account, and panics (a finding)
//! when the code under test panics or breaks one of the invariants checked here.

use std::io::{Cursor, Write};

use sleuth::ingest::docx::read_docx;
use sleuth::ingest::extract::{meaningful_title, page_line, ExtractError, Extracted};
use sleuth::ingest::html::read_html;
use sleuth::ingest::pdf::{page_labels, read_pdftotext_output};
use sleuth::ingest::segment::segment_with_limit;
use sleuth::query::syntax as query_syntax;
use sleuth::results::citation::{Citation, Locator};

/// Text of the input, or nothing for bytes that are not UTF-8 (every entry point takes `&str`).
fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The query parser reads any text: with operators or as plain words, never failing on text that
/// holds a letter or digit, and never returning an empty query.
pub fn query_parser(data: &[u8]) {
    let Some(input) = text(data) else { return };
    for parsed in [
        query_syntax::parse(input),
        query_syntax::parse_literal(input),
    ] {
        match parsed {
            Ok(parsed) => assert!(!parsed.clauses.is_empty(), "no clauses for {input:?}"),
            Err(_) => assert!(
                !input.chars().any(char::is_alphanumeric) || input.trim().is_empty(),
                "refused {input:?}, which has words"
            ),
        }
    }
}

/// The citation parser reads any text without panicking; what it accepts has lines from 1 in
/// order, and a citation printed from it reads back to the same thing.
pub fn citation(data: &[u8]) {
    let Some(input) = text(data) else { return };
    let Ok(locator) = Locator::parse(input) else {
        return;
    };
    assert!(locator.line_start >= 1 && locator.line_start <= locator.line_end);
    let printed = Citation {
        path: locator.path.clone(),
        paragraph: locator.paragraph.unwrap_or(1),
        line_start: locator.line_start,
        line_end: locator.line_end,
        section: locator.section.clone(),
        title: locator.title.clone().unwrap_or_default(),
        kind: Default::default(),
        page: None,
        url: None,
    };
    let reread = Locator::parse(&printed.to_string())
        .unwrap_or_else(|err| panic!("{printed} does not read back: {err}"));
    // A path holding the citation's own separators cannot round-trip; sleuth never prints one
    // (its paths come from file names, checked at indexing).
    if !locator.path.contains(", paragraph ") && locator.path.trim() == locator.path {
        assert_eq!(reread, Locator::from(&printed), "{printed}");
    }
}

/// The segmenter cuts any text into passages whose spans are in order, on char boundaries, and
/// whose line numbers count the line breaks before them; no passage is empty or over the limit.
pub fn segmenter(data: &[u8]) {
    let (limit, rest) = match data.split_first() {
        Some((first, rest)) => (usize::from(*first) * 8 + 1, rest),
        None => (1500, data),
    };
    let Some(input) = text(rest) else { return };
    let segmented = segment_with_limit(input, limit);
    let mut previous_end = 0;
    for passage in &segmented.passages {
        let (start, end) = (passage.byte_start, passage.byte_end);
        assert!(
            previous_end <= start && start < end && end <= input.len(),
            "span {start}..{end} after {previous_end} in {} bytes",
            input.len()
        );
        assert!(input.is_char_boundary(start) && input.is_char_boundary(end));
        assert!(!passage.text.trim().is_empty(), "an empty passage");
        assert!(
            passage.text.chars().count() <= limit,
            "a passage of {} chars over the limit {limit}",
            passage.text.chars().count()
        );
        let line = 1 + input[..start].matches('\n').count();
        assert_eq!(passage.line_start, line, "line of byte {start}");
        assert_eq!(
            passage.line_end,
            line + input[start..end].matches('\n').count(),
            "last line of {start}..{end}"
        );
        previous_end = end;
    }
}

/// What every reader's text must be, whatever the file held: blocks of trimmed lines separated by
/// one blank line and ended by a line break, pages starting in order within the text on
/// character boundaries, every byte on a page, and a title only when meaningful.
fn check_extracted(out: &Extracted) {
    let text = &out.text;
    if !text.is_empty() {
        assert!(
            text.ends_with('\n') && !text.ends_with("\n\n"),
            "ends {text:?}"
        );
    }
    assert!(
        !text.contains("\n\n\n"),
        "more than one blank line in {text:?}"
    );
    for line in text.split('\n') {
        assert_eq!(line, line.trim(), "an untrimmed line in {text:?}");
    }
    let mut previous = 0;
    for page in &out.pages {
        assert!(
            previous <= page.start && page.start <= text.len(),
            "page at {} after {previous} in {} bytes",
            page.start,
            text.len()
        );
        assert!(text.is_char_boundary(page.start));
        previous = page.start;
    }
    for offset in out.pages.iter().map(|p| p.start).chain([0, text.len()]) {
        match page_line(text, &out.pages, offset) {
            Some((page, line)) => assert!(page >= 1 && page <= out.pages.len() && line >= 1),
            None => assert!(out.pages.is_empty()),
        }
    }
    if let Some(title) = &out.title {
        assert_eq!(
            meaningful_title(title).as_ref(),
            Some(title),
            "title {title:?}"
        );
    }
}

/// A reader's answer: text that passes [`check_extracted`], or a reason in words.
fn check_read(read: Result<Extracted, ExtractError>) -> Option<Extracted> {
    match read {
        Ok(out) => {
            check_extracted(&out);
            Some(out)
        }
        Err(ExtractError::Unreadable(reason)) => {
            assert!(!reason.trim().is_empty(), "a problem without a reason");
            None
        }
        Err(err @ ExtractError::MissingProgram { .. }) => panic!("no program runs here: {err}"),
    }
}

/// The PDF reader from pdftotext's `-bbox-layout` output on: any text gives checked text with one
/// page per `<page>` read, each with the label it was given.
pub fn pdf_layout(data: &[u8]) {
    let xhtml = String::from_utf8_lossy(data);
    let label = |page: usize| (page % 3 == 1).then(|| format!("L{page}"));
    let mut asked = None;
    let read = read_pdftotext_output(&xhtml, |pages| {
        asked = Some(pages);
        (0..pages).map(label).collect()
    });
    let Some(out) = check_read(read) else { return };
    let pages = asked.expect("a document with text has its labels read");
    assert_eq!(out.pages.len(), pages, "pages read and pages laid out");
    for (page, start) in out.pages.iter().enumerate() {
        assert_eq!(start.label, label(page), "label of page {}", page + 1);
    }
}

/// Page labels from any bytes (lopdf parsing a hostile PDF): one per page asked for, never the
/// page's own number. The first byte says how many pages to ask for.
pub fn pdf_labels(data: &[u8]) {
    let (pages, bytes) = match data.split_first() {
        Some((first, rest)) => (usize::from(*first), rest),
        None => (0, data),
    };
    let labels = page_labels(bytes, pages);
    assert_eq!(labels.len(), pages);
    for (page, label) in labels.iter().enumerate() {
        if let Some(label) = label {
            assert_ne!(
                *label,
                (page + 1).to_string(),
                "a label that is the page number"
            );
        }
    }
}

/// The web page reader on any bytes: checked text, or a reason.
pub fn html(data: &[u8]) {
    if let Some(out) = check_read(read_html(data)) {
        assert!(!out.text.trim().is_empty(), "a page without text accepted");
        assert!(out.pages.is_empty(), "a web page has no pages");
    }
}

/// The Word reader on any bytes. Input that starts as a zip archive (`PK`) is read as it is; any
/// other is the parts of a Word file separated by NUL bytes (`word/document.xml`,
/// `word/styles.xml`, `word/footnotes.xml`, `docProps/core.xml`), stored in an archive, so that
/// fuzzing reaches the XML rather than stopping at the compressed data.
pub fn docx(data: &[u8]) {
    let archive = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        docx_archive(data)
    };
    if let Some(out) = check_read(read_docx(Cursor::new(archive))) {
        assert!(
            !out.text.trim().is_empty(),
            "a document without text accepted"
        );
        assert!(out.pages.is_empty(), "a Word file has no pages");
    }
}

/// An uncompressed `.docx` archive of the NUL-separated parts in `data`.
pub fn docx_archive(data: &[u8]) -> Vec<u8> {
    const PARTS: [&str; 4] = [
        "word/document.xml",
        "word/styles.xml",
        "word/footnotes.xml",
        "docProps/core.xml",
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, part) in PARTS.iter().zip(data.split(|b| *b == 0)) {
        zip.start_file(*name, stored).expect("writes to memory");
        zip.write_all(part).expect("writes to memory");
    }
    zip.finish().expect("writes to memory").into_inner()
}
