//! A hermetic test environment: a temporary directory with a copy of the seeds, where the `sleuth`
//! binary runs with its default paths (`seeds/`, `index/`) and no colour.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sleuth::output::json::JsonResults;

/// The repository's seed corpus.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    /// An empty directory.
    pub fn empty() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// A directory with `seeds/` holding a copy of the repository's seeds.
    pub fn with_seeds() -> Env {
        let env = Env::empty();
        for entry in std::fs::read_dir(seeds_dir()).unwrap() {
            let entry = entry.unwrap();
            let bytes = std::fs::read(entry.path()).unwrap();
            env.write(
                &format!("seeds/{}", entry.file_name().to_string_lossy()),
                &bytes,
            );
        }
        env
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// The `sleuth` binary, run in this directory.
    pub fn sleuth(&self) -> Command {
        let mut cmd = Command::cargo_bin("sleuth").unwrap();
        cmd.current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env("TERM", "dumb");
        cmd
    }

    /// The `sleuth` binary as a plain process, for tests that start it and stop it midway.
    pub fn sleuth_process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sleuth"));
        cmd.current_dir(self.dir.path()).env("NO_COLOR", "1");
        cmd
    }

    /// Runs `sleuth search --json ARGS…` and parses its output.
    pub fn search_json(&self, args: &[&str]) -> JsonResults {
        let output = self
            .sleuth()
            .arg("search")
            .arg("--json")
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.code() == Some(0) || output.status.code() == Some(1),
            "search {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
            panic!(
                "search {args:?} printed no valid JSON ({err}): {}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
    }

    /// Runs `sleuth index ARGS…`, returning (exit code, stdout, stderr).
    pub fn index(&self, args: &[&str]) -> (i32, String, String) {
        self.run(&[&["index"], args].concat())
    }

    /// Runs `sleuth ARGS…`, returning (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        outcome(&self.sleuth().args(args).output().unwrap())
    }
}

/// (exit code, stdout, stderr) of a finished process.
pub fn outcome(output: &std::process::Output) -> (i32, String, String) {
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The counts of a summary line, e.g. `added` → 5.
pub fn count(summary: &str, what: &str) -> usize {
    let at = summary
        .find(&format!(" {what}"))
        .unwrap_or_else(|| panic!("no {what} in {summary}"));
    let digits: String = summary[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().unwrap()
}

/// Holds the write lock of the index in `dir`, as another sleuth process that is indexing does.
pub fn hold_the_lock(dir: &Path) -> tantivy::IndexWriter {
    let mut index = tantivy::Index::open_in_dir(dir).unwrap();
    let field = sleuth::index::schema::Fields::from_schema(&index.schema())
        .unwrap()
        .body;
    index.register_plugin(std::sync::Arc::new(sleuth::index::stems::StemsPlugin {
        field,
    }));
    index.writer(15_000_000).unwrap()
}

/// Lines `start..=end` (1-based) of `text`.
pub fn lines(text: &str, start: u64, end: u64) -> String {
    text.split('\n')
        .skip(start as usize - 1)
        .take((end - start + 1) as usize)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` without any whitespace, for comparing passages with the lines they came from.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
