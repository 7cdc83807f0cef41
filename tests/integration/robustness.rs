//! Hostile input and crashes: odd file names and file types, files that change under sleuth, kills,
//! a full disk and unbounded requests. Whatever happens: no panic, no wedged index, nothing lost
//! or skipped without a word, and every printed citation opens again.

use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::env::{count, outcome, Env};

fn assert_no_panic(what: &str, code: i32, stderr: &str) {
    assert!(
        !stderr.contains("panicked") && code != 101,
        "{what} panicked: {stderr}"
    );
}

/// JSON lines of `n` documents, each with one passage naming `word` and its number.
fn json_lines(n: usize, word: &str) -> String {
    (0..n)
        .map(|i| {
            format!("{{\"_id\": \"d{i}\", \"text\": \"Document {i} is about {word}.\\n\\nIt has a second paragraph, number {i}.\"}}\n")
        })
        .collect()
}

/// Total matches of `query`, through the command line.
fn total(env: &Env, args: &[&str]) -> usize {
    env.search_json(args).total
}

/// The names of the files in `dir`, sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// 1. A file name that is not UTF-8.

#[test]
fn a_file_name_that_is_not_utf8_never_panics_and_is_not_lost_without_a_word() {
    let env = Env::empty();
    env.write("c/plain.txt", b"T\n\nProse about beavers.\n");
    let odd = env
        .path("c")
        .join(std::ffi::OsStr::from_bytes(b"latin\xe9.txt"));
    std::fs::write(&odd, "T\n\nProse about otters.\n").unwrap();
    let (code, out, err) = env.index(&["--corpus", "c", "--index", "i"]);
    assert_no_panic("index", code, &err);
    assert_eq!(code, 0, "{err}");
    let otters = total(&env, &["--index", "i", "otters"]);
    if otters == 0 {
        // Skipped: then with a word naming the file, and counted.
        assert!(err.contains("latin") && err.contains("UTF-8"), "{err}");
        assert_eq!(count(&out, "skipped"), 1, "{out}");
    }
    assert_eq!(total(&env, &["--index", "i", "beavers"]), 1);
    // Every later command works too.
    let (code, _, err) = env.index(&["--index", "i"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = env.run(&["verify", "--index", "i", "Prose about beavers"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_corpus_root_whose_name_is_not_utf8_never_panics() {
    let env = Env::empty();
    let root = env.dir.path().join(std::ffi::OsStr::from_bytes(b"d\xe9"));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("a.txt"), "T\n\nProse about otters.\n").unwrap();
    let output = env
        .sleuth()
        .arg("index")
        .arg("--corpus")
        .arg(&root)
        .args(["--index", "i"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code().unwrap_or(-1);
    assert_no_panic("index", code, &err);
    if code == 0 {
        let (code, _, err) = env.run(&["search", "--index", "i", "otters"]);
        assert_no_panic("search", code, &err);
        assert_eq!(code, 0, "{err}");
    } else {
        assert_eq!(code, 2);
        assert!(err.contains("UTF-8"), "{err}");
    }
}

// 2. A kill during the commit.

#[test]
fn files_of_an_interrupted_commit_do_not_wedge_the_index() {
    let env = Env::empty();
    env.write("c.jsonl", json_lines(300, "pangolins").as_bytes());
    let (code, _, err) = env.index(&["--corpus", "c.jsonl", "--index", "i"]);
    assert_eq!(code, 0, "{err}");
    let before = env.path("before");
    copy_dir(&env.path("i"), &before);
    // An update that deletes documents writes `.del` files, then the new meta.json.
    let changed = json_lines(300, "pangolins").replace("Document 1 ", "Document one ");
    env.write("c.jsonl", changed.as_bytes());
    let (code, _, err) = env.index(&["--index", "i"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        file_names(&env.path("i"))
            .iter()
            .any(|n| n.ends_with(".del")),
        "the update wrote no .del file: the test no longer makes the situation it checks"
    );
    // A kill just before meta.json was replaced leaves the new files beside the old meta.json.
    std::fs::copy(before.join("meta.json"), env.path("i/meta.json")).unwrap();
    std::fs::copy(
        before.join("sleuth-sources.json"),
        env.path("i/sleuth-sources.json"),
    )
    .unwrap();
    let (code, out, err) = env.index(&["--index", "i"]);
    assert_eq!(code, 0, "the index is wedged: {err}");
    assert_eq!(count(&out, "updated"), 1, "{out}");
    assert_eq!(total(&env, &["--index", "i", "\"Document one\""]), 1);
    assert_eq!(total(&env, &["--index", "i", "pangolins"]), 300);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

// 3. A full disk.

/// Runs `sleuth ARGS…` with writes larger than `limit_kib` failing (as on a full disk).
fn with_little_room(env: &Env, limit_kib: u64, args: &[&str]) -> (i32, String, String) {
    let binary = assert_cmd::cargo::cargo_bin("sleuth");
    let script = format!("trap '' XFSZ; ulimit -f {limit_kib}; exec \"$0\" \"$@\"");
    let output = Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(binary)
        .args(args)
        .current_dir(env.dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    outcome(&output)
}

/// Text that does not compress much, so that its index is about as large as it is: a title, then
/// `n` paragraphs about tapirs.
fn incompressible_text(n: usize) -> String {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut out = String::from("Tapirs\n\n");
    for _ in 0..n {
        let words: Vec<String> = (0..120)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                format!("w{:x}", state % 1_000_000)
            })
            .collect();
        out.push_str(&format!("Tapirs {}.\n\n", words.join(" ")));
    }
    out
}

#[test]
fn a_full_disk_is_reported_once_and_leaves_the_previous_index_clean_and_usable() {
    let env = Env::with_seeds();
    let (code, _, err) = env.index(&[]);
    assert_eq!(code, 0, "{err}");
    let files_before = file_names(&env.path("index"));
    let before = total(&env, &["Baku"]);
    env.write("seeds/big.txt", incompressible_text(6_000).as_bytes());
    let (code, _, err) = with_little_room(&env, 256, &["index"]);
    assert_no_panic("index", code, &err);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "one message, not a dump: {err}");
    assert!(
        err.contains("`index`") && err.contains("space") && err.contains("sleuth index"),
        "the message names the index directory and what to do: {err}"
    );
    assert_eq!(
        file_names(&env.path("index")),
        files_before,
        "the failed run left files behind"
    );
    let engine = sleuth::engine::Engine::open(&env.path("index")).unwrap();
    let options = sleuth::results::search::SearchOptions::default();
    let found = sleuth::results::search::search(&engine, "Baku", &options).unwrap();
    assert_eq!(found.total, before, "the previous index changed");
    // Once there is room, a plain run completes.
    let (code, out, err) = env.index(&[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(count(&out, "added"), 1, "{out}");
    // 6,000 paragraphs, and the title line (a passage of its own since titles are citable).
    assert_eq!(total(&env, &["tapirs"]), 6_001);
}

// 4. A file that changed since it was indexed.

fn first_citation(env: &Env, args: &[&str]) -> String {
    let results = env.search_json(args);
    results.hits[0].passage.citation.clone()
}

#[test]
fn show_and_verify_refuse_a_file_that_changed_since_it_was_indexed() {
    let env = Env::empty();
    let text = "Title\n\nFirst paragraph about otters.\n\nSecond paragraph about beavers and their dams.\n";
    env.write("c/a.txt", text.as_bytes());
    env.write("outside.txt", b"root:x:0:0:root:/root:/bin/bash\nbeavers\n");
    env.index(&["--corpus", "c", "--index", "i"]);
    let citation = first_citation(&env, &["--index", "i", "beavers"]);
    let _lock = crate::env::hold_the_lock(&env.path("i"));
    // Lines inserted before the passage: its bytes now hold other text.
    let edited = format!("Title\n\nA new line.\n\nAnother one.\n\n{}", &text[7..]);
    env.write("c/a.txt", edited.as_bytes());
    for args in [
        vec!["show", "--index", "i", citation.as_str()],
        vec!["verify", "--index", "i", "beavers and their dams"],
    ] {
        let (code, out, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?} trusted a changed file: {out}{err}");
        assert!(
            err.contains("changed since") && err.contains("sleuth index"),
            "{err}"
        );
    }
    // Replaced by a link to a file outside the corpus.
    std::fs::remove_file(env.path("c/a.txt")).unwrap();
    std::os::unix::fs::symlink(env.path("outside.txt"), env.path("c/a.txt")).unwrap();
    let (code, out, err) = env.run(&["show", "--index", "i", citation.as_str()]);
    assert_eq!(code, 2, "show printed a file outside the corpus: {out}");
    assert!(!out.contains("root:x"), "{out}");
    assert!(err.contains("c/a.txt"), "{err}");
}

// 5. A file unreadable once.

/// `sleuth ARGS…` as a user without root's power to read any file.
fn as_ordinary_user(env: &Env, args: &[&str]) -> (i32, String, String) {
    let binary = assert_cmd::cargo::cargo_bin("sleuth");
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let mut command = if is_root {
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(binary);
        command
    } else {
        Command::new(binary)
    };
    let output = command
        .args(args)
        .current_dir(env.dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    outcome(&output)
}

fn open_to_all(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_file_that_could_not_be_read_is_retried_on_every_run() {
    let env = Env::empty();
    env.write("c/a.txt", b"T\n\nProse about otters.\n");
    env.write("c/locked.txt", b"T\n\nProse about beavers.\n");
    open_to_all(env.dir.path(), 0o777);
    open_to_all(&env.path("c"), 0o777);
    open_to_all(&env.path("c/a.txt"), 0o644);
    open_to_all(&env.path("c/locked.txt"), 0o000);
    let (code, out, err) = as_ordinary_user(&env, &["index", "--corpus", "c", "--index", "i"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("locked.txt"), "{err}");
    assert_eq!(count(&out, "skipped"), 1, "{out}");
    let (_, out, err) = as_ordinary_user(&env, &["index", "--index", "i"]);
    assert_eq!(count(&out, "skipped"), 1, "not tried again: {out}{err}");
    open_to_all(&env.path("c/locked.txt"), 0o644);
    let (code, out, err) = as_ordinary_user(&env, &["index", "--index", "i"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(count(&out, "added"), 1, "{out}");
    assert_eq!(total(&env, &["--index", "i", "beavers"]), 1);
}

// 6. Silent corpus switches.

#[test]
fn a_mistyped_index_directory_is_an_error_not_a_new_index_of_the_seeds() {
    let env = Env::with_seeds();
    let (code, _, err) = env.run(&["search", "--index", "indx", "Baku"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("indx") && err.contains("sleuth index"),
        "the message says how to build it: {err}"
    );
    assert!(!env.path("indx").exists(), "an index was made from seeds/");
    // The default index is still built implicitly from the default corpus.
    assert!(total(&env, &["Baku"]) > 0);
}

#[test]
fn an_index_whose_first_build_was_interrupted_keeps_its_corpus() {
    let env = Env::with_seeds();
    env.write("c/a.txt", b"T\n\nProse about otters.\n");
    // A killed first build: tantivy's files exist, nothing was committed.
    let index = env.path("i");
    let mut child = env
        .sleuth_process()
        .args(["index", "--corpus", "c", "--index", "i"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !index.join("meta.json").exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill();
    let _ = child.wait();
    if sleuth::index::SleuthIndex::open(&index).is_ok_and(|i| i.meta.is_some()) {
        // The kill came too late; make the state it would have left.
        std::fs::remove_dir_all(&index).unwrap();
        sleuth::index::SleuthIndex::create(&index).unwrap();
    }
    let (code, out, err) = env.run(&["search", "--index", "i", "--json", "Baku"]);
    assert_ne!(code, 0, "searched seeds/ instead: {out}");
    assert!(!err.contains("seeds"), "{err}");
    let (code, _, err) = env.index(&["--index", "i"]);
    if code == 0 {
        assert_eq!(total(&env, &["--index", "i", "otters"]), 1);
        assert_eq!(total(&env, &["--index", "i", "Baku"]), 0, "seeds/ indexed");
    } else {
        assert!(err.contains("--corpus"), "{err}");
    }
}

#[test]
fn another_corpus_for_an_existing_index_is_refused_naming_both_and_the_flag() {
    let env = Env::with_seeds();
    env.write("other/a.txt", b"T\n\nProse about otters.\n");
    env.index(&[]);
    let before = total(&env, &["Baku"]);
    for command in ["search", "index"] {
        let mut args = vec![command, "--corpus", "other"];
        if command == "search" {
            args.push("Baku");
        }
        let (code, out, err) = env.run(&args);
        assert_eq!(code, 2, "{command} switched the corpus: {out}{err}");
        assert!(
            err.contains("seeds") && err.contains("other") && err.contains("--rebuild"),
            "{err}"
        );
    }
    assert_eq!(total(&env, &["Baku"]), before);
    let (code, out, err) = env.index(&["--corpus", "other", "--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(count(&out, "added"), 1, "{out}");
}

// 7. A file rewritten while it is read.

#[test]
fn a_file_rewritten_while_it_is_read_is_never_committed_truncated() {
    let env = Env::empty();
    let body = json_lines(3_000, "pangolins");
    env.write("c.jsonl", body.as_bytes());
    let (code, _, err) = env.index(&["--corpus", "c.jsonl", "--index", "i"]);
    assert_eq!(code, 0, "{err}");
    let path = env.path("c.jsonl");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let body = body.replace("second paragraph", "2nd paragraph");
        std::thread::spawn(move || {
            use std::io::Write;
            let mut round = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                round += 1;
                let text = if round.is_multiple_of(2) {
                    body.replace("2nd", "second")
                } else {
                    body.clone()
                };
                // Rewritten in place, slowly, as an editor or a download does.
                let mut file = std::fs::File::create(&path).unwrap();
                for chunk in text.as_bytes().chunks(16 << 10) {
                    file.write_all(chunk).unwrap();
                    file.flush().unwrap();
                    std::thread::sleep(Duration::from_millis(2));
                }
            }
        })
    };
    for _ in 0..6 {
        let (code, out, err) = env.index(&["--index", "i"]);
        assert_no_panic("index", code, &err);
        assert_eq!(code, 0, "{err}");
        let removed = count(&out, "removed");
        assert_eq!(removed, 0, "a half-written file was committed: {out}{err}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    env.index(&["--index", "i"]);
    assert_eq!(total(&env, &["--index", "i", "pangolins"]), 3_000);
}

// 8. Unbounded work.

#[test]
fn huge_numbers_in_options_never_panic() {
    let env = Env::with_seeds();
    env.index(&[]);
    let huge = u64::MAX.to_string();
    let cases: [&[&str]; 6] = [
        &["search", "--context", &huge, "Baku"],
        &["search", "--limit", &huge, "--offset", &huge, "Baku"],
        &["search", "--docs", "--group", "--context", &huge, "Baku"],
        &["verify", "--limit", &huge, "Baku"],
        &[
            "show",
            "--context",
            &huge,
            "seeds/000_8425519e804e4c14.txt:5",
        ],
        &["show", &format!("seeds/000_8425519e804e4c14.txt:1-{huge}")],
    ];
    for args in cases {
        let (code, _, err) = env.run(args);
        assert_no_panic(&format!("{args:?}"), code, &err);
        assert!(code <= 2, "{args:?}: {code} {err}");
    }
}

#[test]
fn an_oversized_quote_or_query_is_refused_with_the_limit_named() {
    let env = Env::with_seeds();
    env.index(&[]);
    let quote = "the arms trade ".repeat(70_000); // about 1 MB
    let output = env
        .sleuth()
        .args(["verify", "-"])
        .write_stdin(quote)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("characters"), "{err}");
    let query = "x* ".repeat(3_500);
    let output = env
        .sleuth()
        .args(["search", "--docs", "--group", &query])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("characters") || err.contains("words"), "{err}");
}

#[test]
fn a_prefix_matching_many_words_is_capped_with_a_note() {
    let env = Env::empty();
    let text: String = (0..3_000)
        .map(|i| {
            format!("Paragraph {i} is about zeta{i:04}, which swims in rivers and eats fish.\n\n")
        })
        .collect();
    env.write("c/a.txt", format!("Title\n\n{text}").as_bytes());
    env.index(&["--corpus", "c", "--index", "i"]);
    let output = env
        .sleuth()
        .args(["search", "--index", "i", "zeta*"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("note") && err.contains("zeta*"),
        "the prefix was cut down without a word: {err}"
    );
}

// 9. Spans in odd encodings.

/// The bytes of the file that a JSON hit's span names.
fn cited_bytes(env: &Env, file: &str, query: &str) -> Vec<u8> {
    let results = env.search_json(&["--index", "i", query]);
    let hit = &results.hits[0];
    let bytes = std::fs::read(env.path(file)).unwrap();
    bytes[hit.passage.byte_start as usize..hit.passage.byte_end as usize].to_vec()
}

#[test]
fn spans_in_a_file_with_invalid_utf8_point_at_the_files_bytes() {
    let env = Env::empty();
    env.write(
        "c/a.txt",
        b"Caf\xe9 \xff\xfe title\n\nThe caf\xe9 served \xe9clairs daily.\n\nOtters swim in the river.\n",
    );
    env.index(&["--corpus", "c", "--index", "i"]);
    assert_eq!(
        cited_bytes(&env, "c/a.txt", "otters"),
        b"Otters swim in the river."
    );
    let (code, out, err) = env.run(&["verify", "--index", "i", "--json", "Otters swim"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let span = &json["matches"][0];
    let start = span["byte_start"].as_u64().unwrap() as usize;
    let end = span["byte_end"].as_u64().unwrap() as usize;
    let bytes = std::fs::read(env.path("c/a.txt")).unwrap();
    assert_eq!(&bytes[start..end], b"Otters swim");
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_decoded() {
    let env = Env::empty();
    let text =
        "Title\r\n\r\nUn caf\u{e9} pr\u{e8}s des loutres.\r\n\r\nOtters swim in the river.\r\n";
    let mut le = vec![0xff, 0xfe];
    let mut be = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        le.extend(unit.to_le_bytes());
        be.extend(unit.to_be_bytes());
    }
    env.write("c/le.txt", &le);
    env.write("c/be.txt", &be);
    let (code, _, err) = env.index(&["--corpus", "c", "--index", "i"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("binary"), "{err}");
    // Per file: the short line read as a heading, now a passage of its own, and the paragraph
    // under it (by its section).
    assert_eq!(total(&env, &["--index", "i", "loutres"]), 4);
    for (name, encode) in [
        ("c/le.txt", u16::to_le_bytes as fn(u16) -> [u8; 2]),
        ("c/be.txt", u16::to_be_bytes),
    ] {
        let results = env.search_json(&["--index", "i", "otters"]);
        let hit = results
            .hits
            .iter()
            .find(|h| h.passage.path.ends_with(name))
            .unwrap();
        let bytes = std::fs::read(env.path(name)).unwrap();
        let expected: Vec<u8> = "Otters swim in the river."
            .encode_utf16()
            .flat_map(encode)
            .collect();
        assert_eq!(
            &bytes[hit.passage.byte_start as usize..hit.passage.byte_end as usize],
            &expected[..],
            "{name}"
        );
        let (code, out, err) = env.run(&["show", "--index", "i", &hit.passage.citation]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("Otters swim in the river."), "{out}");
    }
}

#[test]
fn a_carriage_return_alone_ends_a_line() {
    let env = Env::empty();
    env.write(
        "c/mac.txt",
        b"Title\r\rThe first paragraph is about otters, which swim in rivers and eat fish all day long.\r\rThe second paragraph is about beavers, which build dams across the same rivers.\r",
    );
    env.index(&["--corpus", "c", "--index", "i"]);
    let results = env.search_json(&["--index", "i", "beavers"]);
    let hit = &results.hits[0];
    assert_eq!(hit.passage.paragraph, 2, "the file became one passage");
    assert_eq!((hit.passage.line_start, hit.passage.line_end), (5, 5));
    let (_, out, _) = env.run(&["search", "--index", "i", "otters"]);
    assert!(!out.contains("\\u{d}"), "{out}");
}

#[test]
fn every_printed_citation_opens_again_whatever_the_file_name() {
    let env = Env::empty();
    env.write("c/tab\tname.txt", b"T\n\nProse about otters.\n");
    env.write("c/line\nname.txt", b"T\n\nProse about beavers.\n");
    env.write("c/bidi\u{202e}name.txt", b"T\n\nProse about tapirs.\n");
    env.index(&["--corpus", "c", "--index", "i"]);
    for word in ["otters", "beavers", "tapirs"] {
        let (code, out, err) = env.run(&["search", "--index", "i", word]);
        assert_eq!(code, 0, "{err}");
        let citation = out.lines().next().unwrap();
        let citation = &citation[3..citation.rfind("  score").unwrap()];
        let (code, shown, err) = env.run(&["show", "--index", "i", citation]);
        assert_eq!(code, 0, "`{citation}` does not open: {err}");
        assert!(shown.contains(word), "{shown}");
    }
}

// 10. Things ignored without a word.

#[test]
fn special_files_and_links_are_reported_and_counted_never_waited_on() {
    let env = Env::empty();
    env.write("c/a.txt", b"T\n\nProse about otters.\n");
    env.write("outside/b.txt", b"T\n\nProse about beavers.\n");
    let c = env.path("c");
    assert!(Command::new("mkfifo")
        .arg(c.join("fifo.txt"))
        .status()
        .unwrap()
        .success());
    let _socket = std::os::unix::net::UnixListener::bind(c.join("socket.txt")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", c.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("loop.txt", c.join("loop.txt")).unwrap();
    std::os::unix::fs::symlink(env.path("outside/b.txt"), c.join("out.txt")).unwrap();
    let output = env
        .sleuth()
        .args(["index", "--corpus", "c", "--index", "i"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{err}");
    for name in [
        "fifo.txt",
        "socket.txt",
        "dangling.txt",
        "loop.txt",
        "out.txt",
    ] {
        assert!(
            err.lines().any(|l| l.contains(name) && l.contains(": ")),
            "{name} skipped without a word: {err}"
        );
    }
    assert_eq!(count(&out, "skipped"), 5, "{out}");
    // A FIFO given as the corpus is refused, not waited on.
    let output = env
        .sleuth()
        .args(["index", "--corpus", "c/fifo.txt", "--index", "j"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("fifo.txt"));
}

#[test]
fn two_roots_with_the_same_file_name_give_two_documents() {
    let env = Env::empty();
    env.write("d1/notes.txt", b"T\n\nProse about otters.\n");
    env.write("d2/notes.txt", b"T\n\nProse about beavers.\n");
    let (code, out, err) = env.index(&["--corpus", "d1", "--corpus", "d2", "--index", "i"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(count(&out, "added"), 2, "{out}{err}");
    assert_eq!(count(&out, "skipped"), 0, "{out}{err}");
    for word in ["otters", "beavers"] {
        let citation = first_citation(&env, &["--index", "i", word]);
        let (code, shown, err) = env.run(&["show", "--index", "i", &citation]);
        assert_eq!(code, 0, "{err}");
        assert!(shown.contains(word), "{shown}");
    }
}

#[test]
fn a_duplicate_id_in_a_json_lines_file_names_its_line() {
    let env = Env::empty();
    env.write(
        "c.jsonl",
        b"{\"_id\": \"a\", \"text\": \"otters\"}\n{\"_id\": \"b\", \"text\": \"beavers\"}\n{\"_id\": \"a\", \"text\": \"tapirs\"}\n",
    );
    let (code, out, err) = env.index(&["--corpus", "c.jsonl", "--index", "i"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(count(&out, "skipped"), 1, "{out}");
    assert!(err.contains("c.jsonl:3"), "the line is not named: {err}");
    assert!(err.contains("line 1"), "the first line is not named: {err}");
}
