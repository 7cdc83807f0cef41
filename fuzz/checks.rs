//! What the fuzz targets check, one function per target. Shared with the test suite
//! (`tests/integration/fuzz_corpus.rs`), which feeds every input kept in `fuzz/corpus/` to the same
//! function, so CI replays the interesting inputs without cargo-fuzz.
//!
//! Each function takes arbitrary bytes, never panics on its own account, and panics (a finding)
//! when the code under test panics or breaks one of the invariants checked here.

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
