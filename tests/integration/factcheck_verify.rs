//! Issue 11, verification and results: every line of a document is citable and verifiable,
//! `close` means close (measured on a labelled set), list markers are no differences, a frequent
//! word's places are summarized, hits whose own text matches come first, snippets show the
//! matching sentence, and the messages say what happened.

use serde_json::Value;

use crate::env::{squeeze, Env};

const SEED_000: &str = "seeds/000_8425519e804e4c14.txt";
const SEED_001: &str = "seeds/001_5c75391b8c8e4d84.txt";
const SEED_004: &str = "seeds/004_56b8b833bb8f33e6.txt";

/// Runs `sleuth ARGS…` in `env` and parses its standard output as JSON.
fn json(env: &Env, args: &[&str]) -> (i32, Value) {
    let (code, stdout, stderr) = env.run(args);
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|err| panic!("{args:?} printed no JSON ({err}): {stdout}\n{stderr}"));
    (code, value)
}

fn verify_json(env: &Env, quote: &str) -> (i32, Value) {
    json(env, &["verify", "--json", "--", quote])
}

fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string `{key}` in {value}"))
}

fn u64_of(value: &Value, key: &str) -> u64 {
    value[key]
        .as_u64()
        .unwrap_or_else(|| panic!("no number `{key}` in {value}"))
}

// 1. Every line is citable and verifiable.

#[test]
fn a_headline_is_verbatim_and_cited_as_the_title() {
    let env = Env::with_seeds();
    let (code, answer) = verify_json(
        &env,
        "Azerbaijan distances itself from Israeli strikes on Iran",
    );
    assert_eq!(code, 0, "{answer:#}");
    assert_eq!(str_of(&answer, "verdict"), "verbatim", "{answer:#}");
    let place = &answer["matches"][0];
    assert_eq!(str_of(place, "path"), SEED_004);
    assert_eq!(
        (u64_of(place, "line_start"), u64_of(place, "line_end")),
        (4, 4)
    );
    assert_eq!(str_of(place, "kind"), "title", "{place:#}");
    let (_, text, _) = env.run(&[
        "verify",
        "Azerbaijan distances itself from Israeli strikes on Iran",
    ]);
    assert!(text.contains(&format!("{SEED_004}:4, title")), "{text}");
}

#[test]
fn a_section_heading_is_verbatim_and_cited_as_a_heading() {
    let env = Env::with_seeds();
    for (quote, line) in [
        ("Strategic Depth: Azerbaijan's Alignment with Israel", 7),
        ("Iranian Security Concerns", 10),
    ] {
        let (code, answer) = verify_json(&env, quote);
        assert_eq!(code, 0, "{quote}: {answer:#}");
        assert_eq!(str_of(&answer, "verdict"), "verbatim", "{answer:#}");
        let places = answer["matches"].as_array().unwrap();
        assert_eq!(places.len(), 1, "{answer:#}");
        assert_eq!(str_of(&places[0], "path"), SEED_000);
        assert_eq!(u64_of(&places[0], "line_start"), line);
        assert_eq!(str_of(&places[0], "kind"), "heading");
        assert!(
            str_of(&places[0], "citation").starts_with(&format!("{SEED_000}:{line}, heading")),
            "{}",
            places[0]
        );
    }
}

#[test]
fn show_prints_a_title_line_and_says_what_it_is() {
    let env = Env::with_seeds();
    let (code, text, stderr) = env.run(&["show", &format!("{SEED_004}:4")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text.contains(", title"), "{text}");
    assert!(
        text.contains("Azerbaijan distances itself from Israeli strikes on Iran"),
        "{text}"
    );
    let (code, shown) = json(&env, &["show", "--json", &format!("{SEED_000}:10")]);
    assert_eq!(code, 0);
    let cited = &shown["passages"][0];
    assert_eq!(str_of(cited, "kind"), "heading");
    assert_eq!(str_of(cited, "original"), "Iranian Security Concerns");
}

#[test]
fn every_line_of_every_seed_is_citable() {
    let env = Env::with_seeds();
    assert_eq!(env.index(&[]).0, 0);
    let mut furniture = Vec::new();
    for entry in std::fs::read_dir(env.path("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let name = format!(
            "seeds/{}",
            path.file_name().unwrap().to_string_lossy().into_owned()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let citation = format!("{name}:{}", at + 1);
            let (code, shown, stderr) = env.run(&["show", &citation]);
            if stderr.contains("page furniture") {
                // A running header or footer (seeds/001's page footer) is left out of the text,
                // so that it does not interrupt the paragraph it falls in.
                furniture.push(citation);
                continue;
            }
            assert_eq!(code, 0, "{citation} ({line:?}): {stderr}");
            // A long paragraph is cut in two passages, each shown under its citation.
            let text: String = shown.lines().filter(|l| !l.starts_with(&name)).collect();
            // A list item's passage leaves its bullet out.
            let words = line.trim_start().trim_start_matches('•');
            assert!(
                squeeze(&text).contains(&squeeze(words)),
                "{citation} does not show {line:?}: {shown}"
            );
        }
    }
    assert!(furniture.len() <= 2, "{furniture:?}");
}

#[test]
fn searching_a_headings_words_returns_the_heading_line() {
    let env = Env::with_seeds();
    let (_, results) = json(&env, &["search", "--json", "Iranian Security Concerns"]);
    let heading = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["kind"] == "heading")
        .unwrap_or_else(|| panic!("no heading among the hits: {results:#}"));
    assert_eq!(str_of(heading, "path"), SEED_000);
    assert_eq!(u64_of(heading, "line_start"), 10);
    assert_eq!(str_of(heading, "text"), "Iranian Security Concerns");
}

// 2. `close` means close.

/// One labelled pair of `tests/data/close_pairs.jsonl`.
#[derive(serde::Deserialize)]
struct Pair {
    label: String,
    kind: String,
    quote: String,
    passage: String,
}

#[test]
fn close_has_high_precision_and_recall_on_the_labelled_set() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/close_pairs.jsonl");
    let pairs: Vec<Pair> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(pairs.len() >= 80, "{} pairs", pairs.len());
    let (mut true_close, mut false_close, mut missed) = (0, 0, 0);
    let mut wrong = Vec::new();
    for pair in &pairs {
        let said =
            sleuth::verify::compare(&pair.quote, &pair.passage).is_some_and(|c| c.is_close());
        let labelled = pair.label == "close";
        match (said, labelled) {
            (true, true) => true_close += 1,
            (true, false) => false_close += 1,
            (false, true) => missed += 1,
            (false, false) => {}
        }
        if said != labelled {
            wrong.push(format!("{} {}: {}", pair.label, pair.kind, pair.quote));
        }
    }
    let precision = true_close as f64 / (true_close + false_close) as f64;
    let recall = true_close as f64 / (true_close + missed) as f64;
    eprintln!(
        "close on {} labelled pairs: precision {precision:.3}, recall {recall:.3}; wrong:\n{}",
        pairs.len(),
        wrong.join("\n")
    );
    assert!(precision >= 0.95 && recall >= 0.95, "{wrong:#?}");
}

#[test]
fn different_statements_sharing_words_are_not_close() {
    let env = Env::with_seeds();
    for quote in [
        "Azerbaijan opened its embassy in Israel in 1920",
        "From Baku's perspective, the Iran-Russia relationship poses a serious economic threat.",
        "In the period 2016-2020, 69% of Azerbaijan's arms imports were directed to Armenia \
         through Iran's northern provinces",
    ] {
        let (code, answer) = verify_json(&env, quote);
        assert_eq!(code, 1);
        assert_eq!(str_of(&answer, "verdict"), "absent", "{quote}: {answer:#}");
        assert!(!answer["matches"].as_array().unwrap().is_empty());
    }
}

#[test]
fn near_copies_stay_close_with_the_difference_named() {
    let env = Env::with_seeds();
    for (quote, change) in [
        (
            "Between 2016 and 2020, Israel supplied 79% of Azerbaijan's arms imports",
            ("79%", "69%"),
        ),
        (
            "On 28 April 2025, Iranian President Masoud Pezeshkian visited Baku",
            ("28", "28,"),
        ),
    ] {
        let (code, answer) = verify_json(&env, quote);
        assert_eq!(code, 1);
        assert_eq!(str_of(&answer, "verdict"), "close", "{quote}: {answer:#}");
        let diff = answer["matches"][0]["diff"].as_array().unwrap();
        assert!(
            diff.iter().any(|d| d["op"] != "same"
                && (str_of(d, "quote").contains(change.0)
                    || str_of(d, "source").contains(change.1))),
            "{quote}: {diff:#?}"
        );
    }
    // A reordered clause is close too.
    let (_, answer) = verify_json(
        &env,
        "Iranian President Masoud Pezeshkian visited Baku on April 28, 2025 to bolster bilateral \
         economic ties",
    );
    assert_eq!(str_of(&answer, "verdict"), "close", "{answer:#}");
}

// 3. List markers are no differences.

#[test]
fn a_quote_with_its_list_marker_is_verbatim() {
    let env = Env::with_seeds();
    for quote in [
        "• Azerbaijan is trying to navigate its relationships with Israel and Iran while avoiding conflict.",
        "- Azerbaijan is trying to navigate its relationships with Israel and Iran while avoiding conflict.",
        "avoiding conflict. • The potential for escalated regional instability remains high",
    ] {
        let (code, answer) = verify_json(&env, quote);
        assert_eq!(code, 0, "{quote}: {answer:#}");
        assert_eq!(str_of(&answer, "verdict"), "verbatim");
        assert_eq!(str_of(&answer["matches"][0], "path"), SEED_004);
    }
}

// 4. A frequent word's places are summarized.

#[test]
fn verify_of_a_frequent_word_shows_a_few_places_and_the_count() {
    let env = Env::with_seeds();
    let (_, all) = verify_json(&env, "Israel");
    let total = u64_of(&all, "total") as usize;
    assert!(total > 80, "{total}");
    let (code, text, _) = env.run(&["verify", "Israel"]);
    assert_eq!(code, 0);
    let first_line = text.lines().next().unwrap();
    assert!(
        first_line.starts_with("verbatim:") && first_line.contains(&format!("{total} places")),
        "{first_line}"
    );
    let listed = text
        .lines()
        .filter(|l| {
            l.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .count();
    assert!((1..=5).contains(&listed), "{listed} places listed:\n{text}");
    assert!(text.contains("--all"), "{text}");
    assert_eq!(all["matches"].as_array().unwrap().len(), listed);
    let (_, all) = json(&env, &["verify", "--json", "--all", "Israel"]);
    assert_eq!(all["matches"].as_array().unwrap().len(), total);
}

// 10. Hits whose own text matches come first.

#[test]
fn hits_whose_own_text_matches_rank_above_title_only_hits() {
    let env = Env::with_seeds();
    for query in [
        "embassy Tel Aviv",
        "Azerbaijan neutrality dilemma",
        "Israeli strikes Iran",
    ] {
        let (_, results) = json(&env, &["search", "--json", "--limit", "30", query]);
        let hits = results["hits"].as_array().unwrap();
        let own_text: Vec<bool> = hits
            .iter()
            .map(|hit| !hit["highlights"].as_array().unwrap().is_empty())
            .collect();
        let first_title_only = own_text.iter().position(|m| !m).unwrap_or(own_text.len());
        assert!(
            own_text[first_title_only..].iter().all(|m| !m),
            "{query}: a hit matching in its own text ranks below one matching only by title: {own_text:?}"
        );
    }
}

// 11. Snippets show the matching sentence.

#[test]
fn a_snippet_covers_the_most_query_words() {
    let env = Env::with_seeds();
    let (_, results) = json(
        &env,
        &[
            "search",
            "--json",
            "--limit",
            "30",
            "Azerbaijan oil Israel share",
        ],
    );
    let hit = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["path"] == SEED_001 && hit["paragraph"] == 8)
        .unwrap_or_else(|| panic!("paragraph 8 of {SEED_001} not found: {results:#}"));
    let snippet = str_of(hit, "snippet");
    assert!(
        snippet.contains("almost half of Israel's oil imports"),
        "{snippet}"
    );
}

#[test]
fn a_long_passage_may_show_two_fragments() {
    let env = Env::with_seeds();
    // Paragraph 8 of 001 (1,100 characters) opens with Israel's place among the suppliers and
    // closes with the interests of both states.
    let (_, results) = json(
        &env,
        &[
            "search",
            "--json",
            "notable suppliers fundamental interests",
        ],
    );
    let hit = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["path"] == SEED_001 && hit["paragraph"] == 8)
        .unwrap_or_else(|| panic!("{results:#}"));
    let snippet = str_of(hit, "snippet");
    assert!(snippet.contains(" … "), "{snippet}");
    assert!(
        snippet.contains("notable arms suppliers") && snippet.contains("fundamental interests"),
        "{snippet}"
    );
}

// 12. Messages.

#[test]
fn limit_zero_counts_without_claiming_an_offset_past_the_end() {
    let env = Env::with_seeds();
    let (code, text, stderr) = env.run(&["search", "--limit", "0", "arms"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!text.contains("offset past the end"), "{text}");
    assert!(text.contains("matching passages"), "{text}");
}

#[test]
fn an_error_prints_its_cause_once() {
    let env = Env::with_seeds();
    env.write("afile", b"not a directory");
    let (code, _, stderr) = env.run(&["index", "--corpus", "seeds", "--index", "afile/index"]);
    assert_eq!(code, 2);
    let first = stderr.find("(os error").expect(&stderr);
    assert!(
        !stderr[first + 1..].contains("(os error"),
        "the cause is printed twice: {stderr}"
    );
}

#[test]
fn show_accepts_several_citations() {
    let env = Env::with_seeds();
    let (code, text, stderr) =
        env.run(&["show", &format!("{SEED_001}:77"), &format!("{SEED_000}:8")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text.contains("Sitalchay Air Base"), "{text}");
    assert!(
        text.contains("cornerstone of its defense strategy"),
        "{text}"
    );
}

#[test]
fn show_accepts_absolute_paths_and_paths_relative_to_where_it_runs() {
    let env = Env::with_seeds();
    assert_eq!(env.index(&[]).0, 0);
    let absolute = env.path(SEED_001).display().to_string();
    std::fs::create_dir_all(env.path("elsewhere")).unwrap();
    let index = env.path("index").display().to_string();
    for citation in [
        format!("{absolute}:77-82"),
        format!("../{SEED_001}:77-82"),
        format!("{SEED_001}:77-82"),
    ] {
        let output = env
            .sleuth()
            .current_dir(env.path("elsewhere"))
            .args(["show", "--index", &index, &citation])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{citation}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(text.contains("Sitalchay Air Base"), "{citation}: {text}");
    }
}

#[test]
fn the_readme_quotes_the_scifact_figures_of_eval_md() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let eval = std::fs::read_to_string(format!("{root}/EVAL.md")).unwrap();
    let quoted = readme
        .lines()
        .find_map(|l| l.strip_prefix("# nDCG@10 "))
        .expect("README quotes SciFact's nDCG@10");
    let ndcg = &quoted[..6];
    let current = eval
        .lines()
        .find(|l| l.starts_with("| **now"))
        .expect("EVAL.md marks the current ranking's row `| **now`");
    assert!(
        current.contains(&format!("**{ndcg}**")),
        "README says nDCG@10 {ndcg}; EVAL.md's current row: {current}"
    );
}
