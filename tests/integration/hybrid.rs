//! Ranking by meaning with a real sentence-embedding model (issue 15): the model folder comes
//! from `SLEUTH_TEST_MODEL` (`.ci/run` fetches it). Without it these tests are skipped with a
//! note, except on CI, where they fail.

use std::path::PathBuf;

use sleuth::output::json::JsonResults;

use crate::env::Env;

/// The model folder, or None (with a note) when the tests must be skipped.
fn model_dir() -> Option<PathBuf> {
    match std::env::var_os("SLEUTH_TEST_MODEL") {
        Some(dir) => Some(PathBuf::from(dir)),
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("SLEUTH_TEST_MODEL must name a model folder on CI (see .ci/run)")
        }
        None => {
            eprintln!("SLEUTH_TEST_MODEL is not set: skipping a test that needs the model");
            None
        }
    }
}

fn model_arg(dir: &std::path::Path) -> String {
    dir.to_string_lossy().into_owned()
}

/// The numbers on the `vectors:` line `sleuth index --model` prints: passages embedded, kept.
fn vector_counts(out: &str) -> (usize, usize) {
    let numbers: Vec<usize> = out
        .lines()
        .find(|l| l.starts_with("vectors:"))
        .unwrap_or_else(|| panic!("no vectors line: {out}"))
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

/// The seeds, indexed with vectors, and how many passages were embedded.
fn embedded_seeds(model: &std::path::Path) -> (Env, usize) {
    let env = Env::with_seeds();
    let (code, out, err) = env.index(&["--model", &model_arg(model)]);
    assert_eq!(code, 0, "{err}");
    let (embedded, kept) = vector_counts(&out);
    assert!(embedded > 50 && kept == 0, "{out}");
    (env, embedded)
}

/// A claim that paraphrases a seed passage with almost none of its words: words alone do not
/// find the passage, meaning does.
const PARAPHRASE: &str = "Moscow is too busy fighting in Kyiv to keep its influence";
/// The paragraph it paraphrases ("Russia's preoccupation with its war in Ukraine has created a
/// power vacuum…").
const SOURCE: (&str, u64) = ("002_a4b8eb8b2eee3022.txt", 9);

fn rank_of_source(results: &JsonResults) -> Option<usize> {
    results
        .hits
        .iter()
        .find(|h| h.passage.doc_id == SOURCE.0 && h.passage.paragraph == SOURCE.1)
        .map(|h| h.rank)
}

#[test]
fn a_paraphrase_finds_its_source_by_meaning_and_not_by_words() {
    let Some(model) = model_dir() else { return };
    let (env, _) = embedded_seeds(&model);
    let lexical = env.search_json(&["--lexical", "--limit", "10", PARAPHRASE]);
    assert!(
        rank_of_source(&lexical).is_none_or(|rank| rank > 3),
        "words alone already find it: {:?}",
        rank_of_source(&lexical)
    );
    let fused = env.search_json(&["--limit", "3", PARAPHRASE]);
    assert!(rank_of_source(&fused).is_some(), "{fused:#?}");
    // Every hit carries both scores; a hit found by meaning alone has nothing highlighted.
    for hit in &fused.hits {
        let scores = hit.scores.expect("component scores with vectors");
        assert!(scores.meaning.is_some());
        if scores.lexical.is_none() {
            assert!(hit.highlights.is_empty() && hit.snippet_highlights.is_empty());
        }
    }
    let (code, text, _) = env.run(&["search", "--limit", "3", PARAPHRASE]);
    assert_eq!(code, 0);
    if fused
        .hits
        .iter()
        .any(|h| h.scores.unwrap().lexical.is_none())
    {
        assert!(text.contains("matched by meaning"), "{text}");
    }
}

#[test]
fn without_vectors_or_with_lexical_the_output_is_unchanged() {
    let Some(model) = model_dir() else { return };
    let env = Env::with_seeds();
    let query = ["--json", "arms", "imports", "from", "Israel"];
    let before = env.run(&[&["search"], &query[..]].concat());
    assert_eq!(before.0, 0, "{}", before.2);
    assert!(!before.1.contains("\"scores\""), "{}", before.1);
    let docs_before = env.run(&["search", "--docs", "--json", "oil", "Azerbaijan"]);
    let (code, _, err) = env.index(&["--model", &model_arg(&model)]);
    assert_eq!(code, 0, "{err}");
    let after = env.run(&[&["search", "--lexical"], &query[..]].concat());
    assert_eq!(
        after.1, before.1,
        "--lexical must print exactly what a search without vectors did"
    );
    let docs_after = env.run(&[
        "search",
        "--lexical",
        "--docs",
        "--json",
        "oil",
        "Azerbaijan",
    ]);
    assert_eq!(docs_after.1, docs_before.1);
    // With vectors, the default is fused: scores in [0, 1] with both parts.
    let fused = env.search_json(&query[1..]);
    assert!(fused
        .hits
        .iter()
        .all(|h| h.scores.is_some() && h.score <= 1.0));
}

/// Copies a model folder with its subfolders (`1_Pooling/`).
fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn vectors_of_another_model_are_refused() {
    let Some(model) = model_dir() else { return };
    let (env, passages) = embedded_seeds(&model);
    // Another model: the same weights cut to three layers (a different encoder, same size).
    let other = env.path("other-model");
    std::fs::create_dir_all(&other).unwrap();
    copy_folder(&model, &other);
    let config = std::fs::read_to_string(model.join("config.json")).unwrap();
    let mut config: serde_json::Value = serde_json::from_str(&config).unwrap();
    config["num_hidden_layers"] = 3.into();
    std::fs::write(other.join("config.json"), config.to_string()).unwrap();

    let before = std::fs::read(env.path("index/sleuth-vectors.bin")).unwrap();
    for args in [
        vec!["search", "--model", other.to_str().unwrap(), "oil"],
        vec!["index", "--model", other.to_str().unwrap()],
    ] {
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("made by model") && err.contains("--rebuild --model"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read(env.path("index/sleuth-vectors.bin")).unwrap(),
        before,
        "a refused model must leave the vectors as they were"
    );
    // --rebuild embeds every passage again with the new model.
    let (code, out, err) = env.index(&["--rebuild", "--model", other.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(vector_counts(&out), (passages, 0), "{out}");
}

#[test]
fn an_interrupted_embedding_run_resumes_where_it_stopped() {
    let Some(model) = model_dir() else { return };
    let (env, passages) = embedded_seeds(&model);
    let query = ["--limit", "5", "oil", "supplies", "to", "Israel"];
    let whole = env.search_json(&query);

    // Cut the vector file inside its second batch, as a kill during the write leaves it.
    let path = env.path("index/sleuth-vectors.bin");
    let bytes = std::fs::read(&path).unwrap();
    let header = 12 + u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
    let first = 12 + u32::from_le_bytes(bytes[header..header + 4].try_into().unwrap()) as usize;
    assert!(header + first < bytes.len(), "more than one batch");
    std::fs::write(&path, &bytes[..header + first + 20]).unwrap();

    let (code, out, err) = env.index(&[]);
    assert_eq!(code, 0, "{err}");
    let (embedded, kept) = vector_counts(&out);
    assert!(embedded > 0 && kept > 0, "{out}");
    assert_eq!(embedded + kept, passages, "{out}");
    assert_eq!(env.search_json(&query), whole);
}

#[test]
fn a_missing_model_folder_is_a_clear_error() {
    let env = Env::with_seeds();
    let (code, _, err) = env.run(&["search", "--model", "no-such-model", "oil"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no-such-model") && err.contains("no such folder"),
        "{err}"
    );
}

#[test]
fn a_second_embedding_run_is_refused_and_searches_rank_what_is_embedded() {
    let Some(model) = model_dir() else { return };
    let (env, passages) = embedded_seeds(&model);
    // Drop the last batch, as a run still embedding (or stopped) leaves the file, and hold the
    // lock as that run would.
    let path = env.path("index/sleuth-vectors.bin");
    let bytes = std::fs::read(&path).unwrap();
    let header = 12 + u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
    let first = 12 + u32::from_le_bytes(bytes[header..header + 4].try_into().unwrap()) as usize;
    std::fs::write(&path, &bytes[..header + first]).unwrap();
    let lock = sleuth::embed::store::EmbedLock::try_take(&env.path("index"))
        .unwrap()
        .expect("no other run holds the lock");

    let (code, _, err) = env.index(&["--model", &model_arg(&model)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("another sleuth process is embedding"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), &bytes[..header + first]);
    // A search does not start embedding the rest: it ranks the passages that have vectors, and
    // says how many have none.
    let (code, _, err) = env.run(&["search", "oil", "supplies", "to", "Israel"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("passages have no vector yet"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), &bytes[..header + first]);

    drop(lock);
    let (code, out, err) = env.index(&[]);
    assert_eq!(code, 0, "{err}");
    let (embedded, kept) = vector_counts(&out);
    assert_eq!(embedded + kept, passages, "{out}");
    assert!(embedded > 0, "{out}");
}
