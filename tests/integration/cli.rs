//! The command line as a person and a tool use it: first run, output formats, exit codes.

use crate::env::{lines, squeeze, Env};

#[test]
fn the_readme_search_builds_the_index_on_first_use() {
    let env = Env::with_seeds();
    let output = env
        .sleuth()
        .args(["search", "arms imports from Israel"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("building it from seeds"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("1. seeds/"), "{stdout}");
    assert!(
        stdout.contains("**arms**") && stdout.contains("**imports**"),
        "{stdout}"
    );
    assert!(stdout.contains("matching passages"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "colour without a terminal");
    // The second search finds the index up to date and says nothing on stderr.
    let output = env
        .sleuth()
        .args(["search", "arms imports from Israel"])
        .output()
        .unwrap();
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn json_output_follows_the_contract_and_cites_exactly() {
    let env = Env::with_seeds();
    let results = env.search_json(&["Israel supplied 69% of arms", "--limit", "5"]);
    assert_eq!(results.query, "Israel supplied 69% of arms");
    assert!(results.total >= results.hits.len() && !results.hits.is_empty());
    for (i, hit) in results.hits.iter().enumerate() {
        assert_eq!(hit.rank, i + 1);
        assert!(
            hit.passage
                .citation
                .starts_with(&format!("{}:{}", hit.passage.path, hit.passage.line_start)),
            "{}",
            hit.passage.citation
        );
        let file = std::fs::read_to_string(env.path(&hit.passage.path)).unwrap();
        assert!(
            squeeze(&lines(&file, hit.passage.line_start, hit.passage.line_end))
                .contains(&squeeze(&hit.passage.text))
        );
        for [start, end] in &hit.highlights {
            assert!(
                hit.passage.text.is_char_boundary(*start)
                    && hit.passage.text.is_char_boundary(*end)
                    && start < end
            );
        }
        assert!(!hit.highlights.is_empty());
    }
    let raw = env
        .sleuth()
        .args(["search", "--json", "Baku"])
        .output()
        .unwrap()
        .stdout;
    let value: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    let hit = &value["hits"][0];
    for key in [
        "rank",
        "score",
        "doc_id",
        "path",
        "title",
        "section",
        "paragraph",
        "line_start",
        "line_end",
        "byte_start",
        "byte_end",
        "citation",
        "text",
        "snippet",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "missing {key} in {hit}");
    }
}

#[test]
fn docs_mode_gives_one_hit_per_document() {
    let env = Env::with_seeds();
    let results = env.search_json(&["--docs", "Israel"]);
    assert_eq!(results.total, 5);
    let mut ids: Vec<_> = results
        .hits
        .iter()
        .map(|h| h.passage.doc_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5);
}

#[test]
fn exit_codes_follow_grep() {
    let env = Env::with_seeds();
    env.sleuth().args(["search", "Baku"]).assert().code(0);
    env.sleuth()
        .args(["search", "xylophonist"])
        .assert()
        .code(1)
        .stdout("no matching passages\n");
    env.sleuth().args(["search", "-Baku"]).assert().code(2);
    env.sleuth()
        .args(["search", "--limit", "ten", "Baku"])
        .assert()
        .code(2);
    env.sleuth()
        .args([
            "search",
            "--index",
            "elsewhere",
            "--corpus",
            "missing",
            "Baku",
        ])
        .assert()
        .code(2);
}

#[test]
fn huge_limits_and_offsets_are_not_a_crash() {
    let env = Env::with_seeds();
    let max = u64::MAX.to_string();
    env.sleuth()
        .args(["search", "--offset", &max, "Baku"])
        .assert()
        .code(0);
    let out = env
        .sleuth()
        .args(["search", "--limit", &max, "--json", "Baku"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    env.sleuth()
        .args(["search", "--limit", "0", "Baku"])
        .assert()
        .code(0);
    env.sleuth()
        .args(["index", "--rebuild", "--memory", &max])
        .assert()
        .code(0);
}

#[test]
fn errors_name_the_problem_on_stderr() {
    let env = Env::with_seeds();
    let output = env
        .sleuth()
        .args(["search", "--corpus", "missing", "--index", "other", "Baku"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("sleuth: corpus path `missing`") && stderr.contains("--corpus"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn notes_explain_text_read_as_words() {
    let env = Env::with_seeds();
    let output = env
        .sleuth()
        .args(["search", "\"unbalanced Baku"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("note:"));
}

#[test]
fn colour_can_be_forced_and_is_off_otherwise() {
    let env = Env::with_seeds();
    let output = env
        .sleuth()
        .args(["search", "--color", "always", "Baku"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("\u{1b}["));
}

#[test]
fn help_lists_the_commands() {
    let env = Env::empty();
    let output = env.sleuth().arg("--help").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("index") && stdout.contains("search"),
        "{stdout}"
    );
}
