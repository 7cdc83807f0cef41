//! The fact-checker's workflow on the seeds: `verify` a quote, `show` a citation, read around hits.

use sleuth::output::json::JsonResults;
use sleuth::output::show::JsonShown;
use sleuth::output::verify::JsonVerification;
use sleuth::results::citation::Locator;
use sleuth::results::locate;
use sleuth::verify::normalize::normalize;
use sleuth::verify::{verify, DiffKind, QuoteMatch, Verdict, Verification, VerifyOptions};

use crate::env::{seeds_dir, squeeze, Env};
use crate::seeds::seed_index;

const SEED_000: &str = "000_8425519e804e4c14.txt";
const SEED_001: &str = "001_5c75391b8c8e4d84.txt";
const SEED_003: &str = "003_e7abf556df2123a9.txt";

fn check(quote: &str) -> Verification {
    verify(seed_index(), quote, &VerifyOptions::default()).unwrap()
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(seeds_dir().join(name)).unwrap()
}

/// The one place a quote is found verbatim.
fn verbatim_place(quote: &str) -> QuoteMatch {
    let verification = check(quote);
    assert_eq!(
        verification.verdict,
        Verdict::Verbatim,
        "{quote:?}: {verification:#?}"
    );
    assert_eq!(verification.matches.len(), 1, "{quote:?}");
    verification.matches[0].clone()
}

/// Asserts that `place` lies in `file` at `lines`, and that its bytes there read as `expected`
/// (whitespace aside).
fn assert_place(place: &QuoteMatch, file: &str, lines: (u64, u64), expected: &str) {
    assert_eq!(place.passages[0].doc_id, file);
    assert_eq!((place.span.start.line, place.span.end.line), lines);
    let text = seed(file);
    let bytes = &text[place.span.byte_start as usize..place.span.byte_end as usize];
    assert_eq!(squeeze(bytes), squeeze(expected));
    let line_start = text[..place.span.byte_start as usize].matches('\n').count() as u64 + 1;
    assert_eq!(
        line_start, place.span.start.line,
        "start line of {expected:?}"
    );
    let before_start = &text[..place.span.byte_start as usize];
    let column = before_start.len() - before_start.rfind('\n').map_or(0, |at| at + 1);
    assert_eq!(
        place.span.start.column,
        before_start[before_start.len() - column..].chars().count() as u64 + 1
    );
}

// Verbatim

#[test]
fn a_quote_across_a_hard_line_wrap_is_verbatim_at_its_lines() {
    let quote = "In the period 2016-2020, 69% of Azerbaijan's arms imports came from Israel";
    let place = verbatim_place(quote);
    assert_place(&place, SEED_001, (60, 61), quote);
    assert_eq!((place.span.start.column, place.span.end.column), (31, 24));
    assert_eq!(place.passages[0].paragraph, 8);
    assert_eq!(
        place.citation().to_string(),
        place.passages[0].citation().to_string()
    );
    let marked = &place.text[place.highlights[0].clone()];
    assert_eq!(squeeze(marked), squeeze(quote));
}

#[test]
fn a_quote_typed_with_straight_quotes_matches_curly_ones() {
    let quote = "President Ilham Aliyev has consistently affirmed Azerbaijan's policy of non-alignment, \
                 recently stating that \"Azerbaijan's territory will not serve as a battleground for \
                 regional or global powers.\"";
    let place = verbatim_place(quote);
    assert_place(
        &place,
        SEED_000,
        (13, 13),
        "President Ilham Aliyev has consistently affirmed Azerbaijan’s policy of non-alignment, \
         recently stating that “Azerbaijan’s territory will not serve as a battleground for \
         regional or global powers.”",
    );
    let place = verbatim_place(
        "'Azerbaijan won the war because of Israeli arms and Türkiye's Bayraktar TB2 drones'",
    );
    assert_eq!(place.passages[0].doc_id, SEED_003);
    assert_eq!((place.span.start.line, place.span.end.line), (9, 10));
}

#[test]
fn a_whole_paragraph_is_verbatim() {
    let quote = seed("002_a4b8eb8b2eee3022.txt")
        .lines()
        .nth(15)
        .unwrap()
        .to_string();
    assert!(quote.starts_with("Looking ahead"), "{quote}");
    let place = verbatim_place(&quote);
    assert_place(&place, "002_a4b8eb8b2eee3022.txt", (16, 16), &quote);
    assert_eq!(place.passages[0].text, quote);
}

#[test]
fn a_quote_across_two_paragraphs_is_verbatim_in_both() {
    let place = verbatim_place(
        "economic development of Azerbaijan that are still felt today. To summarize, throughout history",
    );
    let paragraphs: Vec<u64> = place.passages.iter().map(|p| p.paragraph).collect();
    assert_eq!(paragraphs, [3, 4]);
    assert_eq!((place.span.start.line, place.span.end.line), (30, 33));
    let citation = place.citation();
    assert_eq!((citation.line_start, citation.line_end), (21, 37));
    assert_eq!(place.highlights.len(), 2, "one mark in each paragraph");
}

#[test]
fn every_place_of_a_quote_is_given() {
    for quote in ["Zangezur Corridor", "the Nagorno-Karabakh conflict"] {
        let verification = check(quote);
        assert_eq!(verification.verdict, Verdict::Verbatim, "{quote}");
        let wanted = normalize(quote);
        let expected: usize = std::fs::read_dir(seeds_dir())
            .unwrap()
            .map(|entry| {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                normalize(&text).find_all(wanted.as_str()).len()
            })
            .sum();
        assert!(expected >= 2, "{quote}: {expected}");
        assert_eq!(verification.matches.len(), expected, "{quote}");
        for place in &verification.matches {
            let text = seed(&place.passages[0].doc_id);
            let bytes = &text[place.span.byte_start as usize..place.span.byte_end as usize];
            assert_eq!(normalize(bytes).as_str(), wanted.as_str());
        }
    }
}

// Each normalization

#[test]
fn matching_ignores_what_a_quote_legitimately_changes() {
    for (what, quote, file) in [
        (
            "case",
            "IN THE PERIOD 2016-2020, 69% OF AZERBAIJAN'S ARMS IMPORTS",
            SEED_001,
        ),
        (
            "whitespace runs and line breaks",
            "Israel   recognized\n\tAzerbaijan's independence in 1991",
            SEED_001,
        ),
        (
            "typographic apostrophes",
            "Israel supplied 69% of Azerbaijan's arms imports",
            SEED_000,
        ),
        (
            "typographic quotes",
            "as a potential \"soft flank\" that Israel could exploit",
            "002_a4b8eb8b2eee3022.txt",
        ),
        (
            "dashes",
            "cyber capabilities -- assets that proved decisive",
            SEED_000,
        ),
        (
            "diacritics",
            "Turkiye's Bayraktar TB2 drones gaining air superiority",
            SEED_003,
        ),
        (
            "surrounding quotation marks",
            "“one of the important joint decisions made during this visit”",
            SEED_000,
        ),
        (
            "footnote markers after a line break",
            "approximately 7,200 people, has established its own schools",
            SEED_001,
        ),
        (
            "footnote markers after punctuation",
            "who settled in Azerbaijan in the 1st century BC, are the oldest Jewish community",
            SEED_001,
        ),
    ] {
        let verification = check(quote);
        assert_eq!(verification.verdict, Verdict::Verbatim, "{what}: {quote:?}");
        assert_eq!(verification.matches[0].passages[0].doc_id, file, "{what}");
    }
}

#[test]
fn a_quote_cut_inside_a_word_is_not_verbatim() {
    let verification = check("srael supplied 69% of Azerbaijan's arms imports");
    assert_ne!(verification.verdict, Verdict::Verbatim);
}

// Close

/// The close verdict's best place, and its changes as (kind, quote, source).
fn close(quote: &str) -> (QuoteMatch, Vec<(DiffKind, String, String)>) {
    let verification = check(quote);
    assert_eq!(
        verification.verdict,
        Verdict::Close,
        "{quote:?}: {verification:#?}"
    );
    let best = verification.matches[0].clone();
    assert!(
        best.similarity >= sleuth::verify::CLOSE_SIMILARITY && best.similarity < 1.0,
        "{}",
        best.similarity
    );
    let changes = best
        .diff
        .iter()
        .filter(|d| d.kind != DiffKind::Same)
        .map(|d| (d.kind, d.quote.clone(), d.source.clone()))
        .collect();
    (best, changes)
}

#[test]
fn a_misquoted_figure_is_close_to_the_right_passage_never_verbatim() {
    let (best, changes) =
        close("In the period 2016-2020, 79% of Azerbaijan's arms imports came from Israel");
    assert_eq!(
        (best.passages[0].doc_id.as_str(), best.passages[0].paragraph),
        (SEED_001, 8)
    );
    assert_eq!(
        changes,
        [(DiffKind::Changed, "79%".to_string(), "69%".to_string())]
    );
    assert_eq!((best.span.start.line, best.span.end.line), (60, 61));
}

#[test]
fn a_changed_date_is_close_with_the_date_named() {
    let (best, changes) =
        close("Azerbaijan's opening of an embassy in Tel Aviv was postponed until 29 March 2022");
    assert_eq!(best.passages[0].doc_id, SEED_001);
    assert_eq!(
        changes,
        [(DiffKind::Changed, "2022".to_string(), "2023.".to_string())]
    );
}

#[test]
fn a_changed_dropped_or_added_word_is_close_with_the_word_named() {
    let (best, changes) =
        close("Between 2016 and 2020, Israel supplied 69% of Azerbaijan's arms exports");
    assert_eq!(best.passages[0].doc_id, SEED_000);
    assert_eq!(
        changes,
        [(
            DiffKind::Changed,
            "exports".to_string(),
            "imports,".to_string()
        )]
    );
    let (_, changes) = close("Between 2016 and 2020, Israel supplied 69% of Azerbaijan's imports");
    assert_eq!(
        changes,
        [(DiffKind::Dropped, String::new(), "arms".to_string())]
    );
    let (_, changes) =
        close("Between 2016 and 2020, Israel secretly supplied 69% of Azerbaijan's arms imports");
    assert_eq!(
        changes,
        [(DiffKind::Added, "secretly".to_string(), String::new())]
    );
}

#[test]
fn changed_punctuation_is_close() {
    let (_, changes) =
        close("In the period 2016-2020 69% of Azerbaijan's arms imports came from Israel");
    assert_eq!(
        changes,
        [(
            DiffKind::Changed,
            "2016-2020".to_string(),
            "2016-2020,".to_string()
        )]
    );
}

// Absent

#[test]
fn an_invented_sentence_is_absent_with_the_nearest_passages_for_reference() {
    let verification =
        check("The Azerbaijani parliament voted to ban all imports of Israeli wine in 2021.");
    assert_eq!(verification.verdict, Verdict::Absent, "{verification:#?}");
    assert!(!verification.matches.is_empty() && verification.matches.len() <= 3);
    for place in &verification.matches {
        assert!(place.similarity < sleuth::verify::CLOSE_SIMILARITY);
        assert!(place.diff.is_empty());
        assert_eq!(place.passages.len(), 1);
        let p = &place.passages[0];
        assert_eq!(
            (place.span.byte_start, place.span.byte_end),
            (p.byte_start, p.byte_end)
        );
        assert_eq!(
            (place.span.start.line, place.span.end.line),
            (p.line_start, p.line_end)
        );
    }
}

// The command line

fn verify_json(env: &Env, args: &[&str]) -> (i32, JsonVerification) {
    let (code, stdout, stderr) = env.run(&[&["verify", "--json"], args].concat());
    let json = serde_json::from_str(&stdout).unwrap_or_else(|err| {
        panic!("verify {args:?} printed no valid JSON ({err}): {stdout}{stderr}")
    });
    (code, json)
}

#[test]
fn verify_exit_codes_say_whether_the_quote_is_verbatim() {
    let env = Env::with_seeds();
    let cases = [
        (
            "verbatim",
            "69% of Azerbaijan's arms imports came from Israel",
            0,
        ),
        (
            "close",
            "79% of Azerbaijan's arms imports came from Israel",
            1,
        ),
        (
            "absent",
            "Zebrafish migrate across the Caspian every spring",
            1,
        ),
    ];
    for (verdict, quote, code) in cases {
        let (status, json) = verify_json(&env, &[quote]);
        assert_eq!((json.verdict.as_str(), status), (verdict, code), "{quote}");
        assert_eq!(json.quote, quote);
        assert_eq!(
            json.matches.iter().any(|m| m.diff.is_some()),
            verdict == "close"
        );
    }
    let (code, _, stderr) = env.run(&["verify", "“ — ”"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no words"), "{stderr}");
}

#[test]
fn verify_text_marks_the_quote_and_names_the_differences() {
    let env = Env::with_seeds();
    let (_, stdout, _) = env.run(&["verify", "Israel supplied 69% of Azerbaijan's arms imports"]);
    assert!(stdout.starts_with("verbatim: "), "{stdout}");
    assert!(
        stdout.contains(&format!("1. seeds/{SEED_000}:8, paragraph 3"))
            && stdout.contains("line 8, column ")
            && stdout.contains("**Israel supplied 69% of Azerbaijan’s arms imports**"),
        "{stdout}"
    );
    let (_, stdout, _) = env.run(&["verify", "Israel supplied 79% of Azerbaijan's arms imports"]);
    assert!(
        stdout.starts_with("close: ")
            && stdout.contains("the quote says \"79%\" where the source says \"69%\""),
        "{stdout}"
    );
}

#[test]
fn passages_past_the_limit_are_counted_as_unchecked() {
    let env = Env::with_seeds();
    let (_, all) = verify_json(&env, &["of the"]);
    let (_, limited) = verify_json(&env, &["--limit", "2", "of the"]);
    assert_eq!(all.unchecked, 0);
    assert!(limited.unchecked > 0, "{limited:?}");
    assert!(limited.total < all.total);
    let (_, stdout, _) = env.run(&["verify", "--limit", "2", "of the"]);
    assert!(stdout.contains("raise --limit"), "{stdout}");
}

#[test]
fn verify_reads_the_quote_from_standard_input() {
    let env = Env::with_seeds();
    let output = env
        .sleuth()
        .args(["verify", "-"])
        .write_stdin("approximately 7,200 people\n[3], has established\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

fn show(env: &Env, args: &[&str]) -> (i32, String, String) {
    env.run(&[&["show"], args].concat())
}

/// Shows `citation`, checks that it prints passages from the original file, and returns the
/// texts of the cited ones.
fn shown_texts(env: &Env, citation: &str) -> Vec<String> {
    let (code, stdout, stderr) = show(env, &["--json", citation]);
    assert_eq!(code, 0, "show {citation:?}: {stderr}");
    let shown: JsonShown = serde_json::from_str(&stdout).unwrap();
    let cited: Vec<_> = shown
        .passages
        .iter()
        .filter(|p| p.role == "cited")
        .collect();
    for passage in &cited {
        assert_eq!(squeeze(&passage.original), squeeze(&passage.passage.text));
        let (file, document) = sleuth::results::citation::split_document(&passage.passage.path);
        if document.is_none() {
            let file = std::fs::read_to_string(env.path(file)).unwrap();
            let start = passage.passage.byte_start as usize;
            assert_eq!(
                &file[start..passage.passage.byte_end as usize],
                passage.original
            );
        }
    }
    cited.iter().map(|p| p.passage.text.clone()).collect()
}

/// Shows `citation` and checks that it prints exactly the passages with `texts`.
fn assert_shows(env: &Env, citation: &str, texts: &[&str]) {
    assert_eq!(shown_texts(env, citation), texts, "{citation}");
}

#[test]
fn show_opens_every_citation_that_search_prints() {
    let env = Env::with_seeds();
    let results: JsonResults = env.search_json(&[
        "--limit",
        "200",
        "the OR a OR of OR Azerbaijan OR Israel OR Iran",
    ]);
    assert!(results.hits.len() > 60, "{}", results.hits.len());
    for hit in &results.hits {
        assert_shows(&env, &hit.passage.citation, &[&hit.passage.text]);
        // A bare line shows every passage on it: two when a long paragraph was cut in two.
        let bare = format!("{}:{}", hit.passage.path, hit.passage.line_start);
        assert!(
            shown_texts(&env, &bare).contains(&hit.passage.text),
            "{bare}"
        );
    }
}

#[test]
fn show_opens_every_citation_that_verify_prints() {
    let env = Env::with_seeds();
    for quote in [
        "Zangezur Corridor",
        "economic development of Azerbaijan that are still felt today. To summarize, throughout history",
        "In the period 2016-2020, 79% of Azerbaijan's arms imports came from Israel",
        "The Azerbaijani parliament voted to ban all imports of Israeli wine in 2021.",
    ] {
        let (_, json) = verify_json(&env, &[quote]);
        assert!(!json.matches.is_empty(), "{quote}");
        for place in &json.matches {
            let texts: Vec<&str> = place.text.split("\n\n").collect();
            assert_shows(&env, &place.citation, &texts);
        }
    }
}

#[test]
fn every_passage_citation_locates_its_passage() {
    let all = seed_index().every_passage().unwrap();
    for passage in &all {
        let citation = passage.citation().to_string();
        let locator = Locator::parse(&citation).unwrap();
        let located = locate::locate(seed_index(), &locator, 0).unwrap();
        assert_eq!(located.cited, std::slice::from_ref(passage), "{citation}");
    }
}

#[test]
fn show_context_adds_labelled_neighbours() {
    let env = Env::with_seeds();
    let citation = format!("seeds/{SEED_001}:59-69, paragraph 8");
    let (_, stdout, _) = show(&env, &["--context", "1", "--json", &citation]);
    let shown: JsonShown = serde_json::from_str(&stdout).unwrap();
    let roles: Vec<(&str, u64)> = shown
        .passages
        .iter()
        .map(|p| (p.role.as_str(), p.passage.paragraph))
        .collect();
    assert_eq!(roles, [("context", 7), ("cited", 8), ("context", 9)]);
    let (_, stdout, _) = show(&env, &["--context", "1", &citation]);
    assert!(stdout.starts_with("context: seeds/"), "{stdout}");
    assert!(
        stdout.contains(&format!("\n\nseeds/{SEED_001}:59-69, paragraph 8, section")),
        "{stdout}"
    );
    // The original's line breaks are kept.
    assert!(
        stdout.contains("arms suppliers during the Second \nNagorno-Karabakh War"),
        "{stdout}"
    );
}

#[test]
fn bad_citations_say_what_was_not_found() {
    let env = Env::with_seeds();
    let cases = [
        ("seeds/001.txt", "is not a citation"),
        (
            "seeds/nothing.txt:3",
            "`seeds/nothing.txt` is not in the index",
        ),
        (
            &format!("seeds/{SEED_001}:9000"),
            "has no passage at line 9000",
        ),
        (
            &format!("seeds/{SEED_001}:59-69, paragraph 99"),
            "has no paragraph 99",
        ),
        (
            &format!("seeds/{SEED_001}:10-12, paragraph 8"),
            "paragraph 8 of",
        ),
        (&format!("seeds/{SEED_001}:10"), "has no passage at line 10"),
        (&format!("seeds/{SEED_001}:x"), "not a line number"),
    ];
    for (citation, message) in cases {
        let (code, stdout, stderr) = show(&env, &[citation]);
        assert_eq!(code, 2, "{citation}: {stderr}");
        assert!(stderr.contains(message), "{citation}: {stderr}");
        assert!(stdout.is_empty());
    }
}

#[test]
fn json_lines_documents_verify_and_show_by_id() {
    let env = Env::empty();
    env.write(
        "corpus.jsonl",
        "{\"_id\": \"a1\", \"title\": \"Pipelines\", \"text\": \"The BTC pipeline carries Caspian oil.\\nIt opened in 2006.\"}\n\
         {\"_id\": \"b2\", \"title\": \"Other\", \"text\": \"Nothing here.\"}\n"
            .as_bytes(),
    );
    let (code, json) = verify_json(&env, &["--corpus", "corpus.jsonl", "It opened in 2006"]);
    assert_eq!(code, 0);
    let place = &json.matches[0];
    assert_eq!(
        place.citation,
        "corpus.jsonl#a1:2, paragraph 2, in \"Pipelines\""
    );
    assert_eq!((place.line_start, place.column_start), (2, 1));
    assert_shows(&env, &place.citation, &["It opened in 2006."]);
    let (_, _, stderr) = show(&env, &["corpus.jsonl:2"]);
    assert!(stderr.contains("cite one of them as `corpus.jsonl#ID:LINES`"));
    let (_, _, stderr) = show(&env, &["corpus.jsonl#zz:1"]);
    assert!(stderr.contains("document `zz`"), "{stderr}");
}

// Around hits

#[test]
fn search_context_gives_the_neighbours_of_each_hit() {
    let env = Env::with_seeds();
    let results = env.search_json(&["--context", "1", "--limit", "5", "Zangezur corridor"]);
    for hit in &results.hits {
        let around: Vec<(&str, u64)> = hit
            .context
            .iter()
            .map(|c| (c.position.as_str(), c.passage.paragraph))
            .collect();
        // The passages just before and after, in reading order: a paragraph, or a heading.
        for c in &hit.context {
            let p = &c.passage;
            let (adjacent, beside) = match c.position.as_str() {
                "before" => (
                    hit.passage.paragraph - 1,
                    p.byte_end <= hit.passage.byte_start,
                ),
                _ => (
                    hit.passage.paragraph + 1,
                    p.byte_start >= hit.passage.byte_end,
                ),
            };
            assert!(beside, "{around:?}: {}", hit.passage.citation);
            assert!(
                p.kind == "heading" || p.paragraph == adjacent,
                "{around:?}: {}",
                hit.passage.citation
            );
        }
        assert!(
            around.iter().any(|(position, _)| *position == "after"),
            "{}",
            hit.passage.citation
        );
        assert!(hit
            .context
            .iter()
            .all(|c| c.passage.doc_id == hit.passage.doc_id));
    }
    let plain = env.search_json(&["--limit", "5", "Zangezur corridor"]);
    assert!(plain.hits.iter().all(|h| h.context.is_empty()));

    let (_, stdout, _) = env.run(&[
        "search",
        "--context",
        "1",
        "--limit",
        "1",
        "Zangezur corridor",
    ]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[2].starts_with("   context, paragraph 16 (lines 149-160): "),
        "{stdout}"
    );
    assert!(lines[3].contains("**Zangezur**"), "{stdout}");
    assert!(
        lines[4].starts_with("   context, paragraph 18 (lines 167-168): "),
        "{stdout}"
    );
}

#[test]
fn search_group_lists_hits_of_a_document_together() {
    let env = Env::with_seeds();
    let results = env.search_json(&["--group", "--limit", "6", "Zangezur corridor"]);
    let mut ranks: Vec<usize> = results
        .groups
        .iter()
        .flat_map(|g| g.ranks.clone())
        .collect();
    ranks.sort();
    assert_eq!(ranks, (1..=results.hits.len()).collect::<Vec<_>>());
    for group in &results.groups {
        for (rank, paragraph) in group.ranks.iter().zip(&group.paragraphs) {
            let hit = &results.hits[rank - 1];
            assert_eq!(
                (&hit.passage.doc_id, hit.passage.paragraph),
                (&group.doc_id, *paragraph)
            );
        }
    }
    assert!(
        results.groups.len() < results.hits.len(),
        "some document has two hits"
    );

    let (_, stdout, _) = env.run(&["search", "--group", "--limit", "6", "Zangezur corridor"]);
    let first = &results.groups[0];
    let heading = format!(
        "{}  \"{}\": {} hits, paragraphs {}",
        first.path,
        first.title,
        first.ranks.len(),
        first
            .paragraphs
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(stdout.starts_with(&heading), "{stdout}");
    assert_eq!(
        stdout.matches(&format!("{}  \"", first.path)).count(),
        1,
        "{stdout}"
    );
}
