//! The crash test: `sleuth index` of a few thousand documents killed again and again, at moments
//! spread over the whole run and at the steps of the commit itself. After every kill the index must
//! answer, hold the corpus as it was before the run or as it is now (nothing in between), and a
//! plain `sleuth index` must complete and bring it up to date, without `--rebuild`.
//!
//! Ignored by default (it runs for minutes); `.ci/run` runs a CI-sized round:
//! `SLEUTH_CRASH_KILLS=N cargo test --test integration crash -- --ignored` (default 60 kills).

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant, SystemTime};

use sleuth::engine::Engine;
use sleuth::results::search::{search, SearchOptions};

use crate::env::Env;

/// Documents in the corpus, each with one passage naming its version's marker word.
const DOCUMENTS: usize = 3_000;

/// The corpus in version `old` or new: the new version changes the first third, drops the last
/// third and adds half as many documents again.
fn corpus(new: bool) -> String {
    let mut out = String::new();
    for i in 0..DOCUMENTS {
        let third = i * 3 / DOCUMENTS;
        let (marker, keep) = match (new, third) {
            (false, _) => ("alphastate", true),
            (true, 0) => ("betastate", true),
            (true, 1) => ("alphastate", true),
            (true, _) => ("", false),
        };
        if keep {
            out.push_str(&document(&format!("d{i}"), marker, i));
        }
    }
    if new {
        for i in 0..DOCUMENTS / 2 {
            out.push_str(&document(&format!("n{i}"), "betastate", i));
        }
    }
    out
}

fn document(id: &str, marker: &str, i: usize) -> String {
    format!(
        "{{\"_id\": \"{id}\", \"title\": \"Document {id}\", \"text\": \"Document {i} is in the {marker}.\\n\\nA second paragraph about pangolins and tapirs, number {i}.\\n\\nA third about rivers {i}.\"}}\n"
    )
}

/// (documents marked old, documents marked new) in each version of the corpus.
const OLD_STATE: (usize, usize) = (DOCUMENTS, 0);
const NEW_STATE: (usize, usize) = (DOCUMENTS / 3, DOCUMENTS / 3 + DOCUMENTS / 2);

/// What the index holds, read without updating it.
fn state(dir: &Path) -> (usize, usize) {
    let engine = Engine::open(dir).expect("the index opens after a kill");
    let count = |word: &str| {
        search(&engine, word, &SearchOptions::default())
            .expect("the index answers after a kill")
            .total
    };
    (count("alphastate"), count("betastate"))
}

/// When to kill a run.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after the start.
    After(Duration),
    /// When a new file whose name ends with this appears in the index directory.
    NewFile(&'static str),
    /// When meta.json is replaced (the commit point), or right after.
    Commit,
}

fn files(dir: &Path) -> Vec<(String, Option<SystemTime>)> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        e.metadata().ok().and_then(|m| m.modified().ok()),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Waits for `moment` in `child`'s run, then kills it. Returns whether it was still running.
fn kill_at(child: &mut Child, dir: &Path, moment: Moment, interrupt: bool) -> bool {
    let before = files(dir);
    let meta_before = std::fs::metadata(dir.join("meta.json"))
        .and_then(|m| m.modified())
        .ok();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let now = match moment {
            Moment::After(wait) => started.elapsed() >= wait,
            Moment::NewFile(suffix) => files(dir)
                .iter()
                .any(|f| f.0.ends_with(suffix) && !before.iter().any(|b| b.0 == f.0)),
            Moment::Commit => {
                std::fs::metadata(dir.join("meta.json"))
                    .and_then(|m| m.modified())
                    .ok()
                    != meta_before
            }
        };
        if now || started.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    if interrupt {
        // Ctrl-C, as a person at the terminal would press it.
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
    } else {
        let _ = child.kill();
    }
    let _ = child.wait();
    true
}

#[test]
#[ignore = "runs for minutes: .ci/run runs a CI-sized round"]
fn crash_test_kills_indexing_at_many_points_and_never_loses_the_index() {
    let kills: usize = std::env::var("SLEUTH_CRASH_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    let env = Env::empty();
    let dir = env.path("index");
    let index = |args: &[&str]| {
        env.sleuth_process()
            .args(["index", "--corpus", "corpus.jsonl", "--index", "index"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    env.write("corpus.jsonl", corpus(false).as_bytes());
    assert!(index(&[]).wait().unwrap().success());
    assert_eq!(state(&dir), OLD_STATE);
    // How long an update takes, to spread the kills over it.
    env.write("corpus.jsonl", corpus(true).as_bytes());
    let started = Instant::now();
    assert!(index(&[]).wait().unwrap().success());
    let run = started.elapsed();
    assert_eq!(state(&dir), NEW_STATE);
    let mut is_new = true;
    let (mut landed, mut in_commit, mut after_commit) = (0, 0, 0);
    for round in 0..kills {
        let moment = match round % 5 {
            0 => Moment::NewFile(".del"),
            1 => Moment::Commit,
            2 => Moment::NewFile(".store"),
            _ => Moment::After(run.mul_f64((round as f64 * 0.618_034).fract() * 1.1)),
        };
        let interrupt = round % 7 == 3;
        is_new = !is_new;
        env.write("corpus.jsonl", corpus(is_new).as_bytes());
        let (expected, previous) = if is_new {
            (NEW_STATE, OLD_STATE)
        } else {
            (OLD_STATE, NEW_STATE)
        };
        // `--rebuild` now and then, so that kills land in rebuilds too.
        let args: &[&str] = if round % 11 == 10 {
            &["--rebuild"]
        } else {
            &[]
        };
        let mut child = index(args);
        if kill_at(&mut child, &dir, moment, interrupt) {
            landed += 1;
        }
        let now = state(&dir);
        assert!(
            now == previous || now == expected,
            "round {round}: killed at {moment:?}, the index holds {now:?}: neither {previous:?} nor {expected:?}"
        );
        match moment {
            Moment::NewFile(".del") if now == previous => in_commit += 1,
            Moment::Commit if now == expected => after_commit += 1,
            _ => {}
        }
        let output = index(&[]).wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "round {round}: killed at {moment:?}, a plain `sleuth index` then failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(state(&dir), expected, "round {round}: not up to date");
        let search = env
            .sleuth()
            .args(["search", "--index", "index", "--corpus", "corpus.jsonl"])
            .args(["--json", "pangolins"])
            .output()
            .unwrap();
        assert_eq!(search.status.code(), Some(0), "round {round}");
    }
    eprintln!(
        "crash test: {kills} runs, {landed} killed while running ({in_commit} inside the commit, \
         {after_commit} just after it), every one recovered by a plain `sleuth index`"
    );
    assert!(
        landed >= kills / 2,
        "too few kills landed: {landed} of {kills}"
    );
}
