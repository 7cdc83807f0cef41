//! Query reading as a fact-checker needs it (issue 11, items 5 to 9): pasted prose is read as
//! prose, `-word` arguments reach the query, inflections are conflated but derivations are not,
//! dates and numbers match however they are written, and Azerbaijani and Turkish spellings match
//! their English transliterations.

use std::sync::OnceLock;

use sleuth::engine::Engine;
use sleuth::index::{sync, IndexOptions};
use sleuth::results::search::{search, PassageRecord, SearchOptions, SearchResults};

use crate::env::Env;
use crate::seeds::seed_index;

fn top(index: &Engine, query: &str, limit: usize) -> SearchResults {
    let options = SearchOptions {
        limit,
        ..SearchOptions::default()
    };
    search(index, query, &options).unwrap_or_else(|err| panic!("{query:?}: {err}"))
}

/// The highlighted words of every hit, as written in the passage.
fn highlighted(results: &SearchResults) -> Vec<Vec<String>> {
    results
        .hits
        .iter()
        .map(|hit| {
            hit.highlights
                .iter()
                .map(|range| hit.passage.text[range.clone()].to_string())
                .collect()
        })
        .collect()
}

/// Whether some hit's highlights include exactly `written`.
fn highlights_text(results: &SearchResults, written: &str) -> bool {
    highlighted(results)
        .iter()
        .flatten()
        .any(|word| word == written)
}

// Item 5: pasted prose with an uppercase operator.

const PASTED_PROSE: &str =
    "Iran has warned neighbors hosting U.S. military bases that they could be \
     targeted if involved in anti-Iranian actions -- NOT an easy task!";

#[test]
fn pasted_prose_with_an_uppercase_not_still_finds_its_source_paragraph() {
    let results = top(seed_index(), PASTED_PROSE, 3);
    assert!(
        results
            .hits
            .first()
            .is_some_and(|hit| hit.passage.text.starts_with("Iran has warned neighbors")),
        "{:#?}",
        results
            .hits
            .iter()
            .map(|h| &h.passage.text[..60])
            .collect::<Vec<_>>()
    );
    assert!(
        results
            .notes
            .iter()
            .any(|note| note.to_string().contains("NOT")),
        "no note says how NOT was read: {:?}",
        results.notes
    );
}

#[test]
fn an_operator_on_a_stop_word_is_a_word() {
    // `NOT the` would exclude nearly every passage.
    let results = top(seed_index(), "Azerbaijan NOT the", 3);
    assert!(results.total > 3, "{}", results.total);
    assert!(
        results
            .notes
            .iter()
            .any(|note| note.to_string().contains("NOT")),
        "{:?}",
        results.notes
    );
}

#[test]
fn an_operator_that_excludes_words_in_a_longer_query_says_so() {
    let results = top(
        seed_index(),
        "Azerbaijan arms imports from Israel NOT Iran",
        10,
    );
    assert!(
        results
            .hits
            .iter()
            .all(|hit| !hit.passage.text.contains("Iran")),
        "NOT Iran is still an operator in a short keyword query"
    );
    assert!(
        results
            .notes
            .iter()
            .any(|note| note.to_string().contains("NOT") && note.to_string().contains("Iran")),
        "no note says that NOT excluded Iran: {:?}",
        results.notes
    );
    // A short keyword query needs no note to be understood.
    assert!(top(seed_index(), "Israel NOT Iran", 3).notes.is_empty());
}

// Item 6: `-word` after the subcommand, negative limits.

#[test]
fn minus_words_after_the_subcommand_are_query_words() {
    let env = Env::with_seeds();
    let results = env.search_json(&["+Zangezur", "-Armenia"]);
    assert!(results.total > 0, "nothing found");
    for hit in &results.hits {
        assert!(
            hit.passage.text.contains("Zangezur"),
            "{}",
            hit.passage.text
        );
        assert!(
            !hit.passage.text.contains("Armenia"),
            "{}",
            hit.passage.text
        );
    }
    // Options still work before and after the query.
    let results = env.search_json(&["--limit", "1", "Zangezur", "-Armenia"]);
    assert_eq!(results.hits.len(), 1);
}

#[test]
fn negative_limit_and_context_say_the_value_must_be_zero_or_more() {
    let env = Env::with_seeds();
    for option in ["--limit", "--context"] {
        let output = env
            .sleuth()
            .args(["search", "Israel", option, "-1"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{option}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("0 or more"), "{option}: {stderr}");
        assert!(!stderr.contains("-- -1"), "{option}: {stderr}");
    }
}

// Item 7: inflections, not derivations.

#[test]
fn arms_imports_does_not_find_important_or_importance() {
    let results = top(seed_index(), "arms imports", 20);
    assert!(results.total >= 4, "{}", results.total);
    for words in highlighted(&results) {
        for word in words {
            let word = word.to_lowercase();
            assert!(
                !word.starts_with("importan"),
                "`arms imports` highlighted {word:?}"
            );
        }
    }
    assert!(highlights_text(&results, "imports"));
    assert!(highlights_text(&results, "arms"));
}

#[test]
fn a_bare_word_still_finds_its_inflections() {
    let results = top(seed_index(), "sanction", 20);
    assert!(
        highlights_text(&results, "sanctions"),
        "{:?}",
        highlighted(&results)
    );
    let results = top(seed_index(), "visit", 30);
    assert!(
        highlights_text(&results, "visited"),
        "{:?}",
        highlighted(&results)
    );
}

// Item 8: dates and numbers as people write them.

#[test]
fn a_date_finds_every_way_of_writing_it() {
    // seeds/000 writes `April 28, 2025`.
    for query in [
        "\"28 April 2025\"",
        "28 April 2025",
        "\"April 28, 2025\"",
        "28.04.2025",
        "2025-04-28",
    ] {
        let results = top(seed_index(), query, 3);
        assert!(
            highlights_text(&results, "April 28, 2025"),
            "{query}: {:?}",
            highlighted(&results)
        );
    }
    // seeds/001 writes `29 April 2025`.
    let results = top(seed_index(), "\"April 29, 2025\"", 3);
    assert!(
        highlights_text(&results, "29 April 2025"),
        "{:?}",
        highlighted(&results)
    );
}

#[test]
fn a_month_finds_the_dates_in_it() {
    let results = top(seed_index(), "\"April 2025\"", 10);
    assert!(
        highlights_text(&results, "April 28, 2025"),
        "{:?}",
        highlighted(&results)
    );
    assert!(
        highlights_text(&results, "29 April 2025"),
        "{:?}",
        highlighted(&results)
    );
    assert!(results.total >= 3, "{}", results.total);
}

#[test]
fn numbers_match_with_or_without_thousands_separators() {
    let results = top(seed_index(), "7200", 3);
    assert!(
        highlights_text(&results, "7,200"),
        "{:?}",
        highlighted(&results)
    );
    let results = top(seed_index(), "\"7200 people\"", 3);
    assert!(
        highlights_text(&results, "7,200 people"),
        "{:?}",
        highlighted(&results)
    );
}

#[test]
fn dotted_abbreviations_match_undotted() {
    // The abbreviation is highlighted as a word, without the dot that may end a sentence.
    let results = top(seed_index(), "US military bases", 3);
    assert!(
        highlights_text(&results, "U.S"),
        "{:?}",
        highlighted(&results)
    );
    let results = top(seed_index(), "\"US military bases\"", 3);
    assert!(results.total >= 1, "{:?}", highlighted(&results));
}

#[test]
fn a_range_written_with_and_finds_it_written_with_a_hyphen() {
    // seeds/001 writes `In the period 2016-2020`, seeds/000 `Between 2016 and 2020`.
    let results = top(seed_index(), "\"2016 and 2020\"", 5);
    assert!(
        results
            .hits
            .iter()
            .any(|h| h.passage.text.contains("2016-2020")),
        "{:?}",
        highlighted(&results)
    );
    assert!(results
        .hits
        .iter()
        .any(|h| h.passage.text.contains("2016 and 2020")));
    let results = top(seed_index(), "\"2016-2020\"", 5);
    assert!(results
        .hits
        .iter()
        .any(|h| h.passage.text.contains("2016 and 2020")));
}

#[test]
fn verify_keeps_the_date_as_written() {
    let env = Env::with_seeds();
    let output = env
        .sleuth()
        .args([
            "verify",
            "On 28 April 2025, Iranian President Masoud Pezeshkian visited Baku",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("close"), "{stdout}");
}

// Item 9: Azerbaijani and Turkish spellings.

/// A small corpus in Azerbaijani and Turkish spelling.
fn spelling_index() -> &'static Engine {
    static INDEX: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let corpus = dir.path().join("corpus");
            std::fs::create_dir(&corpus).unwrap();
            std::fs::write(
                corpus.join("az.txt"),
                "Prezident İlham Əliyev Azərbaycan Respublikasının adından danışdı.\n\n\
                 Görüş İSTANBUL'da keçirildi; nümayəndə heyəti Ankara’dan gəldi.\n\n\
                 Ilham Aliyev met the delegation in Baku.\n",
            )
            .unwrap();
            let mut options = IndexOptions::new(dir.path().join("index"));
            options.corpus = Some(vec![corpus]);
            sync(&options).unwrap();
            let index = Engine::open(&dir.path().join("index")).unwrap();
            (dir, index)
        })
        .1
}

#[test]
fn schwa_written_a_or_e_finds_the_azerbaijani_spelling() {
    for (query, written) in [
        ("Aliyev", "Əliyev"),
        ("Eliyev", "Əliyev"),
        ("Azerbaycan", "Azərbaycan"),
        ("Azarbaycan", "Azərbaycan"),
        ("\"Ilham Eliyev\"", "İlham Əliyev"),
    ] {
        let results = top(spelling_index(), query, 5);
        assert!(
            highlights_text(&results, written),
            "{query}: {:?}",
            highlighted(&results)
        );
    }
}

#[test]
fn a_turkish_case_suffix_after_an_apostrophe_does_not_hide_the_name() {
    for (query, written) in [
        ("Istanbul", "İSTANBUL'da"),
        ("İstanbul", "İSTANBUL'da"),
        ("ISTANBUL", "İSTANBUL'da"),
        ("Ankara", "Ankara’dan"),
        ("\"İSTANBUL'da\"", "İSTANBUL'da"),
    ] {
        let results = top(spelling_index(), query, 5);
        assert!(
            highlights_text(&results, written),
            "{query}: {:?}",
            highlighted(&results)
        );
    }
}

/// Seed queries, judged: a passage is relevant when its text, section or title holds one of the
/// listed forms (as whole words, any case; hits on the title alone are issue 11's item 10, not
/// the stemmer's doing). The forms are the query words and their inflections; derivations a reader
/// keeps apart (`important` for `imports`, `positive` for `position`, `secure` for `security`)
/// are not listed. The first half asks for derivations Porter's stemmer conflates, the second
/// half needs inflections found.
const JUDGED: &[(&str, &[&str])] = &[
    ("arms imports", &["arms", "import", "imports", "imported"]),
    ("security", &["security", "securities"]),
    ("national", &["national"]),
    ("relations", &["relation", "relations"]),
    ("president", &["president", "presidents"]),
    ("decisive", &["decisive"]),
    ("operations", &["operation", "operations"]),
    ("development", &["development", "developments"]),
    ("organization", &["organization", "organizations"]),
    ("independence", &["independence"]),
    ("transportation", &["transportation"]),
    ("engagement", &["engagement", "engagements"]),
    ("position", &["position", "positions"]),
    ("likely", &["likely"]),
    ("majority", &["majority"]),
    ("critical", &["critical"]),
    ("visit", &["visit", "visits", "visited", "visiting"]),
    ("sanction", &["sanction", "sanctions", "sanctioned"]),
    ("drone", &["drone", "drones"]),
    ("strike", &["strike", "strikes", "striking"]),
    (
        "agreement signed",
        &["agreement", "agreements", "sign", "signed", "signing"],
    ),
    ("supply", &["supply", "supplies", "supplied", "supplying"]),
    (
        "escalate",
        &["escalate", "escalates", "escalated", "escalating"],
    ),
    ("threat", &["threat", "threats"]),
];

/// Precision and recall of the top ten passages for each judged query, averaged over the queries.
fn passage_precision(index: &Engine) -> (f64, f64) {
    let words_of = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .collect()
    };
    let all = index.every_passage().unwrap();
    let (mut precision, mut recall) = (0.0, 0.0);
    for (query, forms) in JUDGED {
        let relevant = |p: &PassageRecord| {
            let section = p.section.as_deref().unwrap_or_default();
            [p.text.as_str(), section, p.title.as_str()]
                .iter()
                .any(|text| words_of(text).iter().any(|w| forms.contains(&w.as_str())))
        };
        let judged = all.iter().filter(|p| relevant(p)).count();
        let results = top(index, query, 10);
        let found = results.hits.iter().filter(|h| relevant(&h.passage)).count();
        let query_precision = found as f64 / results.hits.len().max(1) as f64;
        let query_recall = found as f64 / judged.clamp(1, 10) as f64;
        eprintln!("{query:>20}: P@10 {query_precision:.2} R@10 {query_recall:.2} ({found} of {} hits; {judged} relevant)", results.hits.len());
        precision += query_precision;
        recall += query_recall;
    }
    let n = JUDGED.len() as f64;
    (precision / n, recall / n)
}

#[test]
fn passages_found_for_judged_seed_queries_are_relevant() {
    let (precision, recall) = passage_precision(seed_index());
    eprintln!("passage precision@10 {precision:.3}, recall@10 {recall:.3}");
    assert!(precision >= 0.95, "precision@10 {precision:.3}");
    assert!(recall >= 0.95, "recall@10 {recall:.3}");
}
