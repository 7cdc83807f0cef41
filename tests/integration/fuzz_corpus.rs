//! Replays the inputs kept from fuzzing (`fuzz/corpus/TARGET/`) through the same checks the
//! `cargo fuzz` targets run, so that CI guards what fuzzing found without cargo-fuzz.

use std::path::Path;

#[path = "../../fuzz/checks.rs"]
mod checks;

/// Feeds every kept input of `target` to `check`, and the test documents in `fixtures` (paths in
/// the repository: they seeded the fuzzing and are kept once, with the tests that read them); there
/// must be at least `at_least` kept inputs.
fn replay(target: &str, check: fn(&[u8]), at_least: usize, fixtures: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("fuzz/corpus").join(target);
    let kept = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path());
    let mut inputs = 0;
    for path in kept.chain(fixtures.iter().map(|f| root.join(f))) {
        let data = std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails its check", path.display());
        inputs += 1;
    }
    assert!(
        inputs >= at_least + fixtures.len(),
        "only {inputs} kept inputs for {target}"
    );
}

#[test]
fn kept_query_parser_inputs_pass() {
    replay("query_parser", checks::query_parser, 20, &[]);
}

#[test]
fn kept_citation_inputs_pass() {
    replay("citation", checks::citation, 20, &[]);
}

#[test]
fn kept_segmenter_inputs_pass() {
    replay("segmenter", checks::segmenter, 20, &[]);
}

#[test]
fn kept_pdf_layout_inputs_pass() {
    replay("pdf_layout", checks::pdf_layout, 5, &[]);
}

#[test]
fn kept_pdf_labels_inputs_pass() {
    let pdfs = [
        "latex",
        "libreoffice",
        "chromium",
        "twocolumn",
        "scanned",
        "encrypted",
        "truncated",
    ]
    .map(|name| format!("tests/data/formats/{name}.pdf"));
    replay(
        "pdf_labels",
        checks::pdf_labels,
        5,
        &pdfs.each_ref().map(String::as_str),
    );
}

#[test]
fn kept_html_inputs_pass() {
    replay(
        "html",
        checks::html,
        5,
        &[
            "tests/data/formats/article.html",
            "tests/data/formats/src/longread.html",
        ],
    );
}

#[test]
fn kept_docx_inputs_pass() {
    replay("docx", checks::docx, 5, &["tests/data/formats/report.docx"]);
}
