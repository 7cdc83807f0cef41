//! Indexing runs: incremental updates, bad input, interruption, locks and old indexes.

use std::process::Stdio;
use std::time::Duration;

use crate::env::{count, Env};

#[test]
fn a_second_run_reindexes_only_what_changed() {
    let env = Env::with_seeds();
    let (code, out, _) = env.index(&[]);
    assert_eq!(code, 0);
    assert_eq!(count(&out, "added"), 5, "{out}");

    let (_, out, _) = env.index(&[]);
    assert_eq!(
        (count(&out, "added"), count(&out, "unchanged")),
        (0, 5),
        "{out}"
    );

    env.write(
        "seeds/new.txt",
        b"A brand new note about zebrafish migration.\n",
    );
    let changed = env.path("seeds/004_56b8b833bb8f33e6.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nA late correction mentions quokkas.\n");
    std::fs::write(&changed, text).unwrap();
    std::fs::remove_file(env.path("seeds/002_a4b8eb8b2eee3022.txt")).unwrap();

    let (_, out, _) = env.index(&[]);
    assert_eq!(count(&out, "added"), 1, "{out}");
    assert_eq!(count(&out, "updated"), 1, "{out}");
    assert_eq!(count(&out, "removed"), 1, "{out}");
    assert_eq!(count(&out, "unchanged"), 3, "{out}");

    assert_eq!(
        env.search_json(&["zebrafish"]).hits[0].passage.doc_id,
        "new.txt"
    );
    assert_eq!(env.search_json(&["quokkas"]).hits.len(), 1);
    assert!(env
        .search_json(&["Zangezur Syunik"])
        .hits
        .iter()
        .all(|h| !h.passage.doc_id.starts_with("002")));
}

#[test]
fn touching_a_file_without_changing_it_updates_nothing() {
    let env = Env::with_seeds();
    env.index(&[]);
    let path = env.path("seeds/000_8425519e804e4c14.txt");
    let bytes = std::fs::read(&path).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&path, bytes).unwrap();
    let (_, out, _) = env.index(&[]);
    assert_eq!(
        (count(&out, "updated"), count(&out, "unchanged")),
        (0, 5),
        "{out}"
    );
}

#[test]
fn search_updates_a_stale_index_before_answering() {
    let env = Env::with_seeds();
    env.index(&[]);
    env.write(
        "seeds/late.txt",
        b"Breaking: the okapi report arrived late.\n",
    );
    let output = env.sleuth().args(["search", "okapi"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("changed"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("late.txt"));
}

#[test]
fn rebuild_starts_over() {
    let env = Env::with_seeds();
    env.index(&[]);
    let (code, out, _) = env.index(&["--rebuild"]);
    assert_eq!(code, 0);
    assert_eq!(count(&out, "added"), 5, "{out}");
}

#[test]
fn bad_files_are_reported_and_skipped_without_stopping_the_run() {
    let env = Env::with_seeds();
    env.write("seeds/empty.txt", b"");
    env.write("seeds/binary.txt", b"\x7fELF\x00\x00\x01binary");
    env.write("seeds/latin1.txt", b"Caf\xe9 cr\xe8me and ocelots\n");
    env.write("seeds/oneline.txt", &vec![b'a'; 2 << 20]);
    let (code, out, err) = env.index(&[]);
    assert_eq!(code, 0, "{err}");
    for (file, reason) in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin1.txt", "invalid UTF-8"),
        ("oneline.txt", "no line break"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(reason)),
            "no `{file}: …{reason}…` in {err}"
        );
    }
    assert_eq!(count(&out, "skipped"), 3, "{out}");
    assert_eq!(count(&out, "added"), 6, "{out}");
    assert_eq!(
        env.search_json(&["ocelots"]).hits.len(),
        1,
        "lossily decoded file is searchable"
    );
}

#[test]
fn malformed_json_lines_are_skipped_one_by_one() {
    let env = Env::empty();
    env.write(
        "corpus.jsonl",
        b"{\"_id\": \"d1\", \"title\": \"Wombats\", \"text\": \"Wombats dig burrows.\\n\\nThey are marsupials.\"}\n\
          {\"_id\": \"d2\", \"text\": broken}\n\
          {\"_id\": \"d3\", \"title\": \"Koalas\", \"text\": \"Koalas eat eucalyptus.\"}\n",
    );
    let (code, out, err) = env.index(&["--corpus", "corpus.jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("corpus.jsonl:2") && err.contains("malformed JSON"),
        "{err}"
    );
    assert_eq!(count(&out, "added"), 2, "{out}");
    let hit = &env.search_json(&["marsupials"]).hits[0];
    assert_eq!(
        (hit.passage.doc_id.as_str(), hit.passage.path.as_str()),
        ("d1", "corpus.jsonl#d1")
    );
    assert_eq!(
        (
            hit.passage.paragraph,
            hit.passage.line_start,
            hit.passage.line_end
        ),
        (2, 3, 3)
    );
    assert_eq!(hit.passage.title, "Wombats");
}

#[test]
fn a_missing_corpus_is_an_error_that_leaves_no_index_behind() {
    let env = Env::empty();
    let (code, _, err) = env.index(&["--corpus", "nowhere"]);
    assert_eq!(code, 2);
    assert!(err.contains("nowhere") && err.contains("--corpus"), "{err}");
    assert!(!env.path("index").exists());
}

#[test]
fn a_killed_indexing_run_leaves_the_previous_index_usable() {
    let env = Env::with_seeds();
    env.write(
        "big.jsonl",
        b"{\"_id\": \"w0\", \"text\": \"A first paragraph.\"}\n",
    );
    env.index(&["--corpus", "seeds", "--corpus", "big.jsonl"]);
    let before = env.search_json(&["Zangezur"]);
    // A corpus big enough that indexing takes a while, then a kill at an arbitrary moment.
    let mut big = String::new();
    for i in 0..15_000 {
        big.push_str(&format!(
            "{{\"_id\": \"w{i}\", \"text\": \"Paragraph {i} about pangolins and tapirs in the rainforest.\\n\\nA second paragraph {i}.\"}}\n"
        ));
    }
    env.write("big.jsonl", big.as_bytes());
    let mut child = env
        .sleuth_process()
        .args(["index"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let _ = child.kill();
    let _ = child.wait();
    // Whether the kill landed before or after the commit, the index answers consistently.
    let after = env.search_json(&["Zangezur"]);
    assert_eq!(after.hits.len(), before.hits.len());
    let (code, _, err) = env.index(&[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        env.search_json(&["pangolins", "--limit", "1"]).total,
        15_000
    );
}

#[test]
fn a_locked_index_is_reported_and_search_still_answers() {
    let env = Env::with_seeds();
    env.index(&[]);
    // Another process writing: the index's write lock held.
    let _writer = crate::env::hold_the_lock(&env.path("index"));
    env.write("seeds/extra.txt", b"Fresh text about axolotls.\n");
    let (code, _, err) = env.index(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("locked"), "{err}");
    let output = env.sleuth().args(["search", "Zangezur"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("locked"));
}

#[test]
fn an_index_from_an_incompatible_version_asks_for_a_rebuild_and_survives_it() {
    let env = Env::with_seeds();
    env.index(&[]);
    let meta_path = env.path("index/meta.json");
    let meta = std::fs::read_to_string(&meta_path).unwrap();
    let current = format!("\\\"format\\\":{}", sleuth::index::schema::INDEX_FORMAT);
    let meta = meta.replace(&current, "\\\"format\\\":999");
    assert!(
        meta.contains("999"),
        "the test could not fake an old format: {meta}"
    );
    std::fs::write(&meta_path, meta).unwrap();
    let output = env.sleuth().args(["search", "Baku"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("incompatible") && stderr.contains("--rebuild"),
        "{stderr}"
    );
    env.write("index/.gitkeep", b"");
    let (code, out, err) = env.index(&["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(count(&out, "added"), 5, "{out}");
    assert!(!env.search_json(&["Baku"]).hits.is_empty());
    assert!(
        env.path("index/.gitkeep").exists(),
        "the user's file in the index directory was lost"
    );
}
