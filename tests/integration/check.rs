//! `sleuth check`: what each source says about a claim, on the seeds and on Wikipedia excerpts.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sleuth::check::facts::Kind;
use sleuth::check::stance::{Outcome, Stance};
use sleuth::check::{check, Check, CheckOptions};
use sleuth::engine::Engine;
use sleuth::index::{sync, IndexOptions};
use sleuth::output::check::JsonCheck;

use crate::env::Env;
use crate::seeds::seed_index;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/check")
}

/// The Wikipedia excerpts of `tests/data/check/wiki`, indexed once.
fn wiki_index() -> &'static Engine {
    static INDEX: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let mut options = IndexOptions::new(dir.path().join("index"));
            options.corpus = Some(vec![data_dir().join("wiki")]);
            sync(&options).unwrap();
            let engine = Engine::open(&dir.path().join("index")).unwrap();
            (dir, engine)
        })
        .1
}

fn seeds(claim: &str) -> Check {
    check(seed_index(), claim, &CheckOptions::default()).unwrap()
}

/// The stance of the source whose id starts with `doc`, if it is reported.
fn stance_of(result: &Check, doc: &str) -> Option<Stance> {
    result
        .sources
        .iter()
        .find(|s| s.doc_id().starts_with(doc))
        .map(|s| s.stance)
}

/// Checks `claim` against the seeds and asserts the stance of the source whose id starts with
/// `doc`; returns the whole result for further checks.
fn assert_stance(claim: &str, doc: &str, expected: Stance) -> Check {
    let result = seeds(claim);
    assert_eq!(stance_of(&result, doc), Some(expected), "{result:#?}");
    result
}

/// The differing facts of `doc` as (kind, claim, source).
fn differences(result: &Check, doc: &str) -> Vec<(Kind, String, String)> {
    let source = result
        .sources
        .iter()
        .find(|s| s.doc_id().starts_with(doc))
        .unwrap_or_else(|| panic!("{doc} not reported: {result:#?}"));
    source
        .facts
        .iter()
        .filter(|f| f.outcome == Outcome::Differs)
        .map(|f| {
            (
                f.kind,
                f.claim.text.clone(),
                f.source.as_ref().unwrap().text.clone(),
            )
        })
        .collect()
}

#[test]
fn the_embassy_in_tel_aviv_opened_in_november_2022_says_one_source_and_in_march_2023_another() {
    let result = assert_stance(
        "Azerbaijan opened its embassy in Tel Aviv in November 2022",
        "000",
        Stance::States,
    );
    assert_eq!(
        stance_of(&result, "001"),
        Some(Stance::Differs),
        "{result:#?}"
    );
    assert_eq!(
        differences(&result, "001"),
        [(Kind::Date, "November 2022".into(), "29 March 2023".into())]
    );
    let differing = result
        .sources
        .iter()
        .find(|s| s.stance == Stance::Differs)
        .unwrap();
    assert_eq!(
        differing.citation().location(),
        "seeds/001_5c75391b8c8e4d84.txt:51-57"
    );
    assert!(
        result
            .verdict()
            .starts_with("1 source states it, 1 differs on the date"),
        "{}",
        result.verdict()
    );
    assert!(result.is_stated());
}

#[test]
fn irans_president_was_in_baku_on_april_28_says_one_source_and_on_april_29_another() {
    let result = assert_stance(
        "Iranian President Masoud Pezeshkian visited Baku on April 28, 2025",
        "000",
        Stance::States,
    );
    assert_eq!(
        differences(&result, "001"),
        [(Kind::Date, "April 28, 2025".into(), "29 April 2025".into())]
    );
    // The same date written the other way round is the same date.
    let result = assert_stance(
        "Iranian President Masoud Pezeshkian visited Baku on 28 April 2025",
        "000",
        Stance::States,
    );
    assert_eq!(
        stance_of(&result, "001"),
        Some(Stance::Differs),
        "{result:#?}"
    );
}

#[test]
fn a_claim_every_source_states_alike_differs_nowhere() {
    for claim in [
        "Between 2016 and 2020, Israel supplied 69% of Azerbaijan's arms imports",
        "In the period 2016-2020, 69% of Azerbaijan's arms imports came from Israel",
    ] {
        let result = seeds(claim);
        assert_eq!(
            stance_of(&result, "000"),
            Some(Stance::States),
            "{result:#?}"
        );
        assert_eq!(
            stance_of(&result, "001"),
            Some(Stance::States),
            "{result:#?}"
        );
        assert_eq!(result.count(Stance::Differs), 0, "{result:#?}");
        assert!(
            result.verdict().starts_with("2 sources state it"),
            "{}",
            result.verdict()
        );
    }
}

#[test]
fn a_changed_percentage_differs_in_every_source_that_gives_it() {
    let result = seeds("In 2016-2020, 79% of Azerbaijan's arms imports came from Israel");
    assert_eq!(result.count(Stance::States), 0, "{result:#?}");
    for doc in ["000", "001"] {
        assert_eq!(
            differences(&result, doc),
            [(Kind::Percentage, "79%".into(), "69%".into())],
            "{doc}"
        );
    }
    assert!(!result.is_stated());
}

#[test]
fn numbers_compare_as_values_spelled_out_or_with_separators() {
    assert_stance(
        "The Jewish community in Azerbaijan consists of approximately 7200 people",
        "001",
        Stance::States,
    );
    assert_stance(
        "7 synagogues are active in Azerbaijan",
        "001",
        Stance::States,
    );
    let result = seeds("Five synagogues are active in Azerbaijan");
    assert_eq!(
        differences(&result, "001"),
        [(Kind::Number, "Five".into(), "Seven".into())]
    );
    let result =
        seeds("The border that came under Azerbaijan's control after the war is 150 km long");
    assert_eq!(differences(&result, "001")[0].2, "132-kilometer");
}

#[test]
fn an_amount_compares_as_money_whatever_its_notation() {
    let wiki = |claim: &str| check(wiki_index(), claim, &CheckOptions::default()).unwrap();
    let result =
        wiki("The United States purchased Alaska from the Russian Empire for $7.2 million");
    assert_eq!(
        stance_of(&result, "alaska"),
        Some(Stance::States),
        "{result:#?}"
    );
    let fact = &result.sources[0].facts[0];
    assert_eq!(fact.kind, Kind::Amount);
    // As written: the article has a no-break space after `7.2`.
    assert_eq!(
        fact.source.as_ref().unwrap().text,
        "7.2\u{a0}million U.S. dollars"
    );
    let result = wiki("The United States purchased Alaska for $7.5 million");
    assert_eq!(
        differences(&result, "alaska"),
        [(
            Kind::Amount,
            "$7.5 million".into(),
            "7.2\u{a0}million U.S. dollars".into()
        )]
    );
}

#[test]
fn a_hedge_is_kept_with_its_fact() {
    let result = seeds("Azerbaijan supplies 40% of Israel's oil needs");
    let source = result
        .sources
        .iter()
        .find(|s| s.doc_id().starts_with("000"))
        .unwrap();
    assert_eq!(source.stance, Stance::States, "{result:#?}");
    let fact = &source.facts[0];
    assert_eq!(
        fact.source.as_ref().unwrap().hedge.as_deref(),
        Some("approximately")
    );
    assert_eq!(
        &source.text[fact.source_range.clone().unwrap()],
        "approximately 40%"
    );
}

#[test]
fn a_replaced_place_or_name_differs() {
    let result = seeds("Israel supplied 69% of Turkey's arms imports between 2016 and 2020");
    let differing = differences(&result, "000");
    assert_eq!(differing.len(), 1, "{result:#?}");
    assert!(
        differing[0].0.is_name() && differing[0].1 == "Turkey's",
        "{differing:?}"
    );
    let result = seeds("In 1997, Israeli Prime Minister Ariel Sharon visited Baku");
    let differing = differences(&result, "001");
    assert!(
        differing.iter().any(|(kind, claim, source)| kind.is_name()
            && claim.ends_with("Ariel Sharon")
            && source.ends_with("Binyamin Netanyahu")),
        "{differing:?}"
    );
}

#[test]
fn a_source_without_the_claims_facts_mentions_its_subject() {
    assert_stance(
        "Iranian President Masoud Pezeshkian visited Baku on April 28, 2025",
        "002",
        Stance::Mentions,
    );
    let result = seeds("Baku is the capital of Azerbaijan");
    assert_eq!(
        result.count(Stance::States) + result.count(Stance::Differs),
        0,
        "{result:#?}"
    );
    assert!(
        result.verdict().starts_with("no source states it"),
        "{}",
        result.verdict()
    );
}

#[test]
fn sources_that_disagree_on_a_fact_the_claim_leaves_out_are_set_side_by_side() {
    let result = seeds("Azerbaijan opened its embassy in Tel Aviv");
    let date = result
        .disagreements
        .iter()
        .find(|d| d.kind == Kind::Date)
        .unwrap_or_else(|| panic!("{result:#?}"));
    let values: Vec<(&str, &str)> = date
        .values
        .iter()
        .map(|(i, v)| (&result.sources[*i].doc_id()[..3], v.text.as_str()))
        .collect();
    assert!(values.contains(&("000", "November 2022")), "{values:?}");
    assert!(values.contains(&("001", "29 March 2023")), "{values:?}");
    assert!(
        result.verdict().ends_with("sources disagree on the date"),
        "{}",
        result.verdict()
    );
}

#[test]
fn a_claim_with_nothing_to_check_is_an_error() {
    let err = check(seed_index(), " ,. ", &CheckOptions::default()).unwrap_err();
    assert!(err.to_string().contains("nothing to check"), "{err}");
}

/// One labelled claim of `tests/data/check/claims.jsonl`.
#[derive(serde::Deserialize)]
struct Labelled {
    corpus: String,
    claim: String,
    states: Vec<String>,
    differs: Vec<String>,
}

/// Precision and recall of `differs` (and of `states`) over the labelled claims: every (claim,
/// source) pair counts, a source not reported being neither.
#[test]
fn the_labelled_claims_are_judged_as_labelled() {
    let text = std::fs::read_to_string(data_dir().join("claims.jsonl")).unwrap();
    let labelled: Vec<Labelled> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(labelled.len() >= 40);
    let mut counts = [[0usize; 3]; 2]; // [states, differs] × [true positive, false positive, false negative]
    let mut mistakes = Vec::new();
    for item in &labelled {
        let index = match item.corpus.as_str() {
            "seeds" => seed_index(),
            _ => wiki_index(),
        };
        let result = check(index, &item.claim, &CheckOptions::default()).unwrap();
        for (k, (stance, expected)) in [
            (Stance::States, &item.states),
            (Stance::Differs, &item.differs),
        ]
        .into_iter()
        .enumerate()
        {
            let got: Vec<&str> = result
                .sources
                .iter()
                .filter(|s| s.stance == stance)
                .map(|s| s.doc_id())
                .collect();
            for doc in &got {
                if expected.iter().any(|e| doc.starts_with(e.as_str())) {
                    counts[k][0] += 1;
                } else {
                    counts[k][1] += 1;
                    mistakes.push(format!("{} {doc} wrongly: {}", stance.name(), item.claim));
                }
            }
            for e in expected {
                if !got.iter().any(|doc| doc.starts_with(e.as_str())) {
                    counts[k][2] += 1;
                    mistakes.push(format!("{} {e} missed: {}", stance.name(), item.claim));
                }
            }
        }
    }
    let measure = |[tp, fp, fn_]: [usize; 3]| {
        (
            tp as f64 / (tp + fp).max(1) as f64,
            tp as f64 / (tp + fn_).max(1) as f64,
        )
    };
    let (states_p, states_r) = measure(counts[0]);
    let (differs_p, differs_r) = measure(counts[1]);
    println!(
        "{} claims: differs precision {differs_p:.2} recall {differs_r:.2} ({:?}); states precision {states_p:.2} recall {states_r:.2} ({:?})",
        labelled.len(),
        counts[1],
        counts[0]
    );
    for mistake in &mistakes {
        println!("  {mistake}");
    }
    assert!(
        differs_p >= 0.85 && differs_r >= 0.8,
        "differs: precision {differs_p:.2}, recall {differs_r:.2}"
    );
    assert!(
        states_p >= 0.85 && states_r >= 0.8,
        "states: precision {states_p:.2}, recall {states_r:.2}"
    );
}

// The command line

#[test]
fn the_command_prints_the_verdict_first_then_each_source_with_its_differences() {
    let env = Env::with_seeds();
    let (code, stdout, stderr) = env.run(&[
        "check",
        "Azerbaijan opened its embassy in Tel Aviv in November 2022",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("1 source states it, 1 differs on the date"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "the claim says \"November 2022\"; seeds/001_5c75391b8c8e4d84.txt:51-57 says \"29 March 2023\""
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nstates   seeds/000_8425519e804e4c14.txt:11, paragraph 5"),
        "{stdout}"
    );
    assert!(
        stdout.contains("postponed until **29 March 2023**"),
        "{stdout}"
    );
}

#[test]
fn the_command_prints_json_and_exits_1_when_no_source_states_the_claim() {
    let env = Env::with_seeds();
    let (code, stdout, stderr) = env.run(&[
        "check",
        "--json",
        "In 2016-2020, 79% of Azerbaijan's arms imports came from Israel",
    ]);
    assert_eq!(code, 1, "{stderr}");
    let json: JsonCheck = serde_json::from_str(&stdout).unwrap();
    assert!(!json.stated);
    assert!(
        json.verdict
            .starts_with("no source states it, 2 sources differ on the percentage"),
        "{}",
        json.verdict
    );
    let first = &json.sources[0];
    assert_eq!(first.stance, "differs");
    let fact = first.facts.iter().find(|f| f.kind == "percentage").unwrap();
    assert_eq!(
        (
            fact.outcome.as_str(),
            fact.claim.as_str(),
            fact.source.as_deref()
        ),
        ("differs", "79%", Some("69%"))
    );
    let [start, end] = fact.source_range.unwrap();
    assert_eq!(&first.text[start..end], "69%");
    assert!(first.citation.starts_with(&format!("{}:", first.path)));
    for [start, end] in &first.place {
        assert!(first.text.is_char_boundary(*start) && *end <= first.text.len());
    }
}

#[test]
fn the_command_refuses_a_claim_without_words_with_exit_2() {
    let env = Env::with_seeds();
    let (code, stdout, stderr) = env.run(&["check", "--", "—"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("nothing to check"), "{stderr}");
}
