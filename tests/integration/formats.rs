//! Real documents: PDFs made by pdfTeX, LibreOffice and Chromium, a web page and a Word file
//! (`tests/data/formats/`, see its `src/README.md`), indexed from one directory and cited by page.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sleuth::output::json::{JsonHit, JsonResults};
use sleuth::output::show::JsonShown;
use sleuth::output::verify::JsonVerification;

use crate::env::{squeeze, Env};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats")
}

const FIXTURES: &[&str] = &[
    "latex.pdf",
    "twocolumn.pdf",
    "libreoffice.pdf",
    "chromium.pdf",
    "scanned.pdf",
    "encrypted.pdf",
    "truncated.pdf",
    "article.html",
    "report.docx",
];

/// An environment with the fixtures under `docs/` (plus an image and a spreadsheet, which sleuth
/// does not read), and the output of indexing them.
struct Indexed {
    env: Env,
    code: i32,
    stdout: String,
    stderr: String,
}

fn with_fixtures() -> Env {
    let env = Env::empty();
    for name in FIXTURES {
        let bytes = std::fs::read(fixtures().join(name)).unwrap();
        env.write(&format!("docs/{name}"), &bytes);
    }
    env.write("docs/figure.png", b"\x89PNG\r\n\x1a\n\0\0\0");
    env.write("docs/data/table.xlsx", b"PK\x03\x04\0\0");
    env.write("docs/data/other.xlsx", b"PK\x03\x04\0\0");
    env
}

fn indexed() -> &'static Indexed {
    static INDEXED: OnceLock<Indexed> = OnceLock::new();
    INDEXED.get_or_init(|| {
        let env = with_fixtures();
        let (code, stdout, stderr) = env.index(&["--corpus", "docs"]);
        Indexed {
            env,
            code,
            stdout,
            stderr,
        }
    })
}

fn search(query: &str) -> JsonResults {
    indexed().env.search_json(&["--limit", "50", query])
}

/// The one hit of `query` in `file` whose text holds the query as written.
fn hit_in(query: &str, file: &str) -> JsonHit {
    let results = search(query);
    let needle = query.trim_matches('"').to_lowercase();
    let hits: Vec<&JsonHit> = results
        .hits
        .iter()
        .filter(|h| h.passage.doc_id == file && h.passage.text.to_lowercase().contains(&needle))
        .collect();
    assert_eq!(hits.len(), 1, "{query:?} in {file}: {:#?}", results.hits);
    hits[0].clone()
}

fn verify(quote: &str) -> (i32, JsonVerification) {
    let (code, stdout, stderr) = indexed().env.run(&["verify", "--json", quote]);
    let parsed = serde_json::from_str(&stdout)
        .unwrap_or_else(|err| panic!("verify {quote:?}: {err}: {stdout}{stderr}"));
    (code, parsed)
}

fn show(citation: &str) -> JsonShown {
    let (code, stdout, stderr) = indexed().env.run(&["show", "--json", citation]);
    assert_eq!(code, 0, "show {citation}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn a_directory_of_documents_is_indexed_and_what_is_not_is_reported() {
    let run = indexed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("6 documents (6 added, 0 updated, 0 removed, 0 unchanged, 3 skipped)"),
        "{}",
        run.stdout
    );
    for expected in [
        "docs/scanned.pdf: no text layer (scanned?): needs OCR",
        "docs/encrypted.pdf: encrypted: it needs a password to open",
        "docs/truncated.pdf: damaged or not a PDF: pdftotext cannot read it",
        "3 files of other types not indexed: 2 .xlsx, 1 .png (--verbose lists them)",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("figure.png"), "{}", run.stderr);
    let (_, _, stderr) = run.env.index(&["--verbose"]);
    assert!(
        stderr.contains("docs/figure.png: not indexed (a format sleuth does not read)"),
        "{stderr}"
    );
}

#[test]
fn a_file_named_in_a_format_sleuth_does_not_read_is_an_error() {
    let env = with_fixtures();
    let (code, _, stderr) = env.index(&["--corpus", "docs/data/table.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`docs/data/table.xlsx` is a .xlsx file, a format sleuth does not read"),
        "{stderr}"
    );
    let (code, stdout, stderr) = env.index(&["--corpus", "docs/report.docx"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("1 documents (1 added"), "{stdout}");
}

#[test]
fn pdf_passages_are_cited_by_page_label_and_lines_within_the_page() {
    let hit = hit_in("\"Road deaths remain\"", "latex.pdf");
    let p = &hit.passage;
    assert_eq!(
        p.citation,
        "docs/latex.pdf, page 2 (PDF page 3) line 23 to page 3 (PDF page 4) line 6, paragraph 8, \
         section \"3 Results\", in \"Lowland Otter Survey: Annual Report 2024\""
    );
    let page = p.page.as_ref().unwrap();
    assert_eq!(
        (page.first, page.last, page.line_start, page.line_end),
        (3, 4, 23, 6)
    );
    let labels = p.page_label.as_ref().unwrap();
    assert_eq!((labels.first.as_str(), labels.last.as_str()), ("2", "3"));
    assert_eq!(p.url, None);
    // The paragraph runs over the page break, whole; the foreword page is labelled `i`.
    assert!(p
        .text
        .starts_with("Road deaths remain the most common recorded cause of death."));
    assert!(p.text.ends_with("could not be established."), "{}", p.text);
    let foreword = hit_in("fortieth annual otter survey", "latex.pdf");
    assert!(foreword
        .passage
        .citation
        .starts_with("docs/latex.pdf, page i (PDF page 1), lines 4-10,"));
}

#[test]
fn pdf_text_reads_as_the_page_does() {
    // Hyphenation undone, real hyphens kept, ligatures unfolded, running headers and page numbers
    // left out, two columns read one after the other.
    let methods = hit_in("\"U.S.-Israel exchange\"", "latex.pdf").passage.text;
    assert!(
        methods.contains("a U.S.-Israel exchange of field methods"),
        "{methods}"
    );
    let results = hit_in("tributaries", "twocolumn.pdf").passage.text;
    assert!(
        results.contains("seventy-five percent, compared with fifty-two percent"),
        "{results}"
    );
    assert!(results.contains("animals appear to use as corridors between the main rivers"));
    let protocol = hit_in("protocol", "latex.pdf").passage.text;
    assert!(
        protocol.contains("the state-of-the-art protocol agreed in 2015"),
        "{protocol}"
    );
    let background = hit_in("organochlorine", "twocolumn.pdf").passage.text;
    assert!(
        background.contains("the introduction of organochlorine pesticides"),
        "{background}"
    );
    assert!(
        background.contains("hastened by the drainage"),
        "{background}"
    );
    // The running headers and footers: LaTeX's, and the browser's date, title, address and page
    // count on every page it printed.
    for (query, header) in [
        ("\"Lowland Otter Survey\"", "Lowland Otter Survey"),
        ("\"Annual Report 2024\"", "Annual Report 2024"),
        ("gazette longread html", "longread.html"),
        ("\"The Riverside Gazette\"", "| The Riverside Gazette"),
    ] {
        // The title passage is the document's own title, which a running header repeats.
        for hit in search(query)
            .hits
            .iter()
            .filter(|h| h.passage.kind != "title")
        {
            assert!(
                !hit.passage.text.contains(header),
                "running header in a passage: {}",
                hit.passage.citation
            );
        }
    }
    // The two-column paper: the left column, then the right, and a paragraph continued from the
    // foot of one column (and page) to the top of the next.
    let spanning = hit_in("\"international otter database\"", "twocolumn.pdf").passage;
    assert!(spanning
        .text
        .starts_with("The survey cooperates with partners abroad"));
    let page = spanning.page.unwrap();
    assert_eq!((page.first, page.last), (1, 2));
    let paragraphs: Vec<u64> = [
        "\"The Eurasian otter disappeared\"",
        "\"Recovery began after\"",
        "\"Each site is a stretch\"",
        "\"Otter signs were found\"",
        "\"The recovery of the otter is a measure\"",
    ]
    .iter()
    .map(|q| hit_in(q, "twocolumn.pdf").passage.paragraph)
    .collect();
    assert!(paragraphs.windows(2).all(|w| w[0] < w[1]), "{paragraphs:?}");
}

#[test]
fn titles_come_from_metadata_when_meaningful_else_from_the_text() {
    let title = |file: &str, query: &str| hit_in(query, file).passage.title;
    assert_eq!(
        title("latex.pdf", "organochlorine"),
        "Lowland Otter Survey: Annual Report 2024"
    );
    // pdfTeX was told `Untitled`: the first heading stands in.
    assert_eq!(
        title("twocolumn.pdf", "organochlorine"),
        "Otters as Indicators of River Health"
    );
    assert_eq!(
        title("libreoffice.pdf", "Millford"),
        "Water Quality in the Lowland District, 2023"
    );
    assert_eq!(
        title("report.docx", "Millford"),
        "Water Quality in the Lowland District, 2023"
    );
    assert_eq!(
        title("article.html", "underpasses"),
        "Otters return to the Lowland Rivers"
    );
}

#[test]
fn a_web_page_is_its_article_with_its_address() {
    let hit = hit_in("underpasses", "article.html");
    assert_eq!(
        hit.passage.url.as_deref(),
        Some("https://gazette.example.org/2024/otters-return")
    );
    assert_eq!(
        hit.passage.section.as_deref(),
        Some("Roads remain the main threat")
    );
    assert!(hit.passage.citation.ends_with(
        "in \"Otters return to the Lowland Rivers\" <https://gazette.example.org/2024/otters-return>"
    ));
    // The list items and table rows are passages; navigation, banners and footers are not.
    hit_in("\"Footprints in mud and sand\"", "article.html");
    assert_eq!(
        hit_in("2019", "article.html").passage.text,
        "2019 | 205 | 107"
    );
    for boilerplate in [
        "cookies",
        "Subscribe",
        "reserved",
        "newsletter",
        "\"Most read\"",
    ] {
        let found = search(boilerplate);
        assert!(
            found
                .hits
                .iter()
                .all(|h| h.passage.doc_id != "article.html"),
            "{boilerplate}: {:?}",
            found.hits
        );
    }
}

#[test]
fn a_word_file_keeps_headings_lists_tables_and_footnotes() {
    let nitrate = hit_in("\"lowest value since monitoring began\"", "report.docx").passage;
    assert_eq!(nitrate.section.as_deref(), Some("Nitrate"));
    assert_eq!(nitrate.page, None);
    assert_eq!(
        hit_in("cattle", "report.docx").passage.text,
        "Fence 20 kilometres of riverbank where cattle have access to the water."
    );
    assert_eq!(
        hit_in("Carrow", "report.docx").passage.text,
        "Carrow | 7 | 6 | 0"
    );
    let summary = hit_in("\"showed no clear trend\"", "report.docx")
        .passage
        .text;
    assert!(
        summary.contains("no clear trend.[1] Phosphate"),
        "{summary}"
    );
    assert_eq!(
        hit_in("Mann-Kendall", "report.docx").passage.text,
        "[1] A trend counts as clear when the Mann-Kendall test gives p below 0.05 over five years."
    );
}

#[test]
fn every_citation_opens_with_show_and_every_sentence_verifies_verbatim() {
    // Titles and headings are passages too: enough hits to reach every file's paragraphs.
    let all = indexed().env.search_json(&[
        "--limit",
        "200",
        "the OR of OR and OR a OR in OR 2024 OR otters OR river",
    ]);
    assert!(all.hits.len() >= 40, "{}", all.hits.len());
    let mut checked_files = std::collections::BTreeSet::new();
    for hit in &all.hits {
        let p = &hit.passage;
        let shown = show(&p.citation);
        let cited: Vec<_> = shown
            .passages
            .iter()
            .filter(|s| s.role == "cited")
            .collect();
        assert_eq!(cited.len(), 1, "{}", p.citation);
        assert_eq!(
            squeeze(&cited[0].original),
            squeeze(&p.text),
            "{}",
            p.citation
        );
        assert_eq!(cited[0].passage.citation, p.citation);
        if p.page.is_some() {
            assert!(!shown.pages.is_empty(), "{}", p.citation);
        }
        // The passage's longest sentence, quoted as a reader would copy it, is found where cited.
        let sentence = p
            .text
            .split_inclusive(". ")
            .max_by_key(|s| s.len())
            .unwrap()
            .trim();
        if sentence.split_whitespace().count() < 6 {
            continue;
        }
        let (code, verification) = verify(sentence);
        assert_eq!(code, 0, "{sentence:?}: {verification:?}");
        assert_eq!(verification.verdict, "verbatim");
        assert!(
            verification
                .matches
                .iter()
                .any(|m| m.citation == p.citation),
            "{sentence:?} not cited at {}: {:?}",
            p.citation,
            verification
                .matches
                .iter()
                .map(|m| &m.citation)
                .collect::<Vec<_>>()
        );
        checked_files.insert(p.doc_id.clone());
    }
    assert_eq!(checked_files.len(), 6, "{checked_files:?}");
}

#[test]
fn a_quote_across_a_page_break_verifies_with_page_line_and_column() {
    let (code, verification) =
        verify("Sites were chosen in 1984 on a regular grid and have not changed since.");
    assert_eq!(code, 0);
    let latex = verification
        .matches
        .iter()
        .find(|m| m.doc_id == "latex.pdf")
        .expect("found in the LaTeX report");
    let start = latex.page_start.as_ref().unwrap();
    let end = latex.page_end.as_ref().unwrap();
    assert_eq!(
        (start.page, start.label.as_deref(), start.line, start.column),
        (2, Some("1"), 23, 1)
    );
    assert_eq!(
        (end.page, end.label.as_deref(), end.line, end.column),
        (3, Some("2"), 1, 23)
    );
    // A hyphenated word and a word split by the page's layout read whole.
    let (code, _) = verify("the nearest accessible point upstream was used instead");
    assert_eq!(code, 0);
    let (code, _) = verify("the introduction of organochlorine pesticides");
    assert_eq!(code, 0);
}

#[test]
fn show_prints_the_cited_page_with_the_passage_marked() {
    let hit = hit_in("\"international otter database\"", "latex.pdf");
    let (code, stdout, _) = indexed().env.run(&["show", &hit.passage.citation]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("page 2 (PDF page 3) (cited lines marked >):"),
        "{stdout}"
    );
    assert!(stdout.contains(">   7  a U.S.-Israel\n"), "{stdout}");
    assert!(
        stdout.contains("    5  and the reason for it.\n"),
        "{stdout}"
    );
    // By page and line alone, and by page label.
    let shown = show("docs/latex.pdf, page 3, line 8");
    let cited: Vec<_> = shown
        .passages
        .iter()
        .filter(|s| s.role == "cited")
        .collect();
    assert_eq!(cited[0].passage.paragraph, hit.passage.paragraph);
    let by_label = show("docs/latex.pdf, page i");
    assert!(
        by_label
            .passages
            .iter()
            .any(|p| p.passage.text.contains("fortieth annual otter survey")),
        "{by_label:#?}"
    );
    assert_eq!(by_label.pages[0].label.as_deref(), Some("i"));
}

#[test]
fn without_pdftotext_pdfs_are_reported_with_how_to_install_it_and_the_rest_is_indexed() {
    let env = with_fixtures();
    let empty_path = env.path("no-programs");
    std::fs::create_dir_all(&empty_path).unwrap();
    let output = env
        .sleuth()
        .env("PATH", &empty_path)
        .args(["index", "--corpus", "docs"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stdout.starts_with("2 documents (2 added"), "{stdout}");
    assert!(
        stderr.contains("docs/chromium.pdf: not indexed: pdftotext is not installed")
            && stderr.contains("apt-get install poppler-utils")
            && stderr.contains("brew install poppler"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("apt-get install poppler-utils").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("docs/latex.pdf: not indexed, as `docs/chromium.pdf` above"),
        "{stderr}"
    );
}

#[test]
fn sleuth_extract_prints_the_text_it_reads_page_by_page() {
    let (code, stdout, stderr) = indexed().env.run(&["extract", "docs/latex.pdf"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with(
        "# title: Lowland Otter Survey: Annual Report 2024\n--- page i (PDF page 1) ---\n"
    ));
    assert!(
        stdout.contains("--- page 3 (PDF page 4) ---\ncause of death."),
        "{stdout}"
    );
    let (code, _, stderr) = indexed().env.run(&["extract", "docs/scanned.pdf"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no text layer (scanned?): needs OCR"),
        "{stderr}"
    );
}

/// A stand-in `pdftotext` that runs `body`, in a directory put first on the PATH.
fn fake_pdftotext(env: &Env, body: &str) -> std::ffi::OsString {
    use std::os::unix::fs::PermissionsExt;
    let bin = env.path("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = bin.join("pdftotext");
    std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path))).unwrap()
}

#[test]
fn a_hung_or_crashing_extractor_is_stopped_and_its_file_reported() {
    let env = with_fixtures();
    for (body, expected) in [
        (
            "exec sleep 30",
            "pdftotext did not finish within 1 s: stopped",
        ),
        ("kill -KILL $$", "pdftotext crashed on it"),
    ] {
        let started = std::time::Instant::now();
        let output = env
            .sleuth()
            .env("PATH", fake_pdftotext(&env, body))
            .env("SLEUTH_EXTRACT_TIMEOUT", "1")
            .args(["index", "--rebuild", "--corpus", "docs"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        assert!(
            stderr.contains(&format!("docs/latex.pdf: {expected}")),
            "{stderr}"
        );
        assert!(String::from_utf8_lossy(&output.stdout).starts_with("2 documents (2 added"));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(25),
            "{:?}",
            started.elapsed()
        );
    }
}
