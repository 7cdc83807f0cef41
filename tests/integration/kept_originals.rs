//! The index keeps the text it extracted from each PDF, web page and Word file: `show` and
//! `verify` read it from there, word for word and page for page, without running the extractor
//! again (pdftotext may be slow, or gone), as long as the file is unchanged since it was indexed.

use std::path::Path;
use std::time::{Duration, SystemTime};

use sleuth::output::json::JsonHit;
use sleuth::output::show::JsonShown;
use sleuth::output::verify::JsonVerification;

use crate::env::{outcome, squeeze, Env};

/// A PDF, a web page and a Word file under `docs/`, indexed (pdftotext on the PATH), and a PATH
/// directory that holds no programs at all.
fn indexed() -> (Env, std::path::PathBuf) {
    let env = Env::empty();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats");
    for name in ["latex.pdf", "article.html", "report.docx"] {
        env.write(
            &format!("docs/{name}"),
            &std::fs::read(fixtures.join(name)).unwrap(),
        );
    }
    let (code, stdout, stderr) = env.index(&["--corpus", "docs"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.starts_with("3 documents (3 added"), "{stdout}");
    let no_programs = env.path("no-programs");
    std::fs::create_dir_all(&no_programs).unwrap();
    (env, no_programs)
}

/// Runs `sleuth ARGS…` with nothing on the PATH (no pdftotext).
fn run_without_programs(env: &Env, path: &Path, args: &[&str]) -> (i32, String, String) {
    outcome(&env.sleuth().env("PATH", path).args(args).output().unwrap())
}

/// The hit of `query` in `file`.
fn hit_in(env: &Env, query: &str, file: &str) -> JsonHit {
    let results = env.search_json(&["--limit", "50", query]);
    results
        .hits
        .into_iter()
        .find(|h| h.passage.doc_id == file)
        .unwrap_or_else(|| panic!("{query:?} not found in {file}"))
}

fn show_without_programs(env: &Env, path: &Path, citation: &str) -> JsonShown {
    let (code, stdout, stderr) = run_without_programs(env, path, &["show", "--json", citation]);
    assert_eq!(code, 0, "show {citation}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// Shows `hit`'s citation without pdftotext and checks its passage and page come back verbatim.
fn shows_verbatim(env: &Env, path: &Path, hit: &JsonHit) {
    let p = &hit.passage;
    let shown = show_without_programs(env, path, &p.citation);
    let cited: Vec<_> = shown
        .passages
        .iter()
        .filter(|s| s.role == "cited")
        .collect();
    assert_eq!(cited.len(), 1, "{shown:#?}");
    assert_eq!(squeeze(&cited[0].original), squeeze(&p.text));
    let page = p.page.as_ref().expect("a PDF passage has a page").first;
    assert_eq!(shown.pages[0].page, page, "{shown:#?}");
    assert!(
        squeeze(&shown.pages[0].text).contains(&squeeze(&p.text)),
        "{shown:#?}"
    );
}

#[test]
fn show_and_verify_read_extracted_text_from_the_index_without_the_extractor() {
    let (env, path) = indexed();
    let hit = hit_in(&env, "\"international otter database\"", "latex.pdf");
    shows_verbatim(&env, &path, &hit);

    // A sentence of the passage, as a reader copies it, verifies where it is cited.
    let sentence = hit
        .passage
        .text
        .split_inclusive(". ")
        .max_by_key(|s| s.len())
        .unwrap()
        .trim();
    let (code, stdout, stderr) = run_without_programs(&env, &path, &["verify", "--json", sentence]);
    assert_eq!(code, 0, "{sentence:?}: {stdout}{stderr}");
    let verification: JsonVerification = serde_json::from_str(&stdout).unwrap();
    assert_eq!(verification.verdict, "verbatim");
    let found = verification
        .matches
        .iter()
        .find(|m| m.citation == hit.passage.citation)
        .unwrap_or_else(|| panic!("{sentence:?} not cited at {}", hit.passage.citation));
    let page = found.page_start.as_ref().expect("a page");
    assert_eq!(page.page, hit.passage.page.as_ref().unwrap().first);

    // A quote over a page break, with page, line and column.
    let (code, stdout, _) = run_without_programs(
        &env,
        &path,
        &[
            "verify",
            "--json",
            "Sites were chosen in 1984 on a regular grid and have not changed since.",
        ],
    );
    assert_eq!(code, 0, "{stdout}");
    let verification: JsonVerification = serde_json::from_str(&stdout).unwrap();
    let latex = &verification.matches[0];
    let (start, end) = (
        latex.page_start.as_ref().unwrap(),
        latex.page_end.as_ref().unwrap(),
    );
    assert_eq!((start.page, start.line, start.column), (2, 23, 1));
    assert_eq!((end.page, end.line, end.column), (3, 1, 23));

    // The web page and the Word file show from the index too.
    for (query, file) in [("underpasses", "article.html"), ("cattle", "report.docx")] {
        let hit = hit_in(&env, query, file);
        let shown = show_without_programs(&env, &path, &hit.passage.citation);
        assert!(shown
            .passages
            .iter()
            .any(|s| s.role == "cited" && squeeze(&s.original) == squeeze(&hit.passage.text)));
    }
}

#[test]
fn an_edited_file_is_reported_as_changed_and_a_touched_one_reads_from_the_index_once_indexed() {
    let (env, path) = indexed();
    // The web page is edited in the cited paragraph while another sleuth holds the index (so
    // that it is not updated first): its kept text no longer holds.
    let hit = hit_in(&env, "underpasses", "article.html");
    let lock = crate::env::hold_the_lock(&env.path("index"));
    let page = env.path("docs/article.html");
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, html.replace("underpasses", "bridges")).unwrap();
    for args in [
        vec!["show", hit.passage.citation.as_str()],
        vec![
            "verify",
            "the county to build underpasses at the five bridges",
        ],
    ] {
        let (code, stdout, stderr) = run_without_programs(&env, &path, &args);
        assert_eq!(code, 2, "{args:?} trusted a changed file: {stdout}{stderr}");
        assert!(
            stderr.contains("docs/article.html` changed since it was indexed"),
            "{stderr}"
        );
    }
    drop(lock);

    // A PDF touched but not changed is written again with its new time by the next index run,
    // and reads from the index again.
    let pdf = std::fs::File::options()
        .write(true)
        .open(env.path("docs/latex.pdf"))
        .unwrap();
    pdf.set_modified(SystemTime::now() + Duration::from_secs(60))
        .unwrap();
    let (code, stdout, stderr) = env.index(&[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let hit = hit_in(&env, "\"international otter database\"", "latex.pdf");
    shows_verbatim(&env, &path, &hit);
}
