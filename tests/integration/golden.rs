//! Whole outputs compared with golden files in `tests/golden/`: every `--help`, and the text a
//! person reads from `search`, `show` and `verify` on the seeds. A change to any of them shows
//! up here as a diff; when it is meant, `SLEUTH_BLESS=1 cargo test --test integration golden`
//! rewrites the files, and the diff is reviewed with the change.

use std::path::PathBuf;

use crate::env::Env;

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Compares `actual` with the golden file `name`, or writes it when blessing.
fn assert_golden(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("SLEUTH_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "{}: {err}; run with SLEUTH_BLESS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n--- expected\n{}\n--- actual\n{}\n(SLEUTH_BLESS=1 rewrites it if the change is meant)",
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>"),
        );
    }
}

/// Runs `sleuth ARGS…` in `env`, expecting exit code `code`; returns stdout.
fn stdout_of(env: &Env, args: &[&str], code: i32) -> String {
    let (actual, stdout, stderr) = env.run(args);
    assert_eq!(actual, code, "sleuth {args:?}: {stderr}");
    stdout
}

#[test]
fn every_help_text_is_as_written() {
    let env = Env::empty();
    assert_golden("help.txt", &stdout_of(&env, &["--help"], 0));
    for command in [
        "index", "search", "verify", "check", "show", "eval", "serve",
    ] {
        assert_golden(
            &format!("help-{command}.txt"),
            &stdout_of(&env, &[command, "--help"], 0),
        );
    }
}

#[test]
fn search_show_and_verify_print_text_as_written() {
    let env = Env::with_seeds();
    env.index(&[]);
    assert_golden(
        "search.txt",
        &stdout_of(
            &env,
            &["search", "arms imports from Israel", "--limit", "3"],
            0,
        ),
    );
    assert_golden(
        "search-docs-context.txt",
        &stdout_of(
            &env,
            &[
                "search",
                "Zangezur corridor",
                "--docs",
                "--context",
                "1",
                "--limit",
                "2",
            ],
            0,
        ),
    );
    assert_golden(
        "search-nothing.txt",
        &stdout_of(&env, &["search", "zebrafish"], 1),
    );
    let cited = stdout_of(&env, &["search", "Zangezur corridor", "--limit", "1"], 0);
    let citation = cited
        .lines()
        .next()
        .and_then(|line| line.split_once(". "))
        .and_then(|(_, rest)| rest.split("  score").next())
        .map(str::to_string)
        .expect("a citation line");
    assert_golden("show.txt", &stdout_of(&env, &["show", &citation], 0));
    assert_golden(
        "verify-verbatim.txt",
        &stdout_of(
            &env,
            &["verify", "Israel supplied 69% of Azerbaijan's arms imports"],
            0,
        ),
    );
    assert_golden(
        "verify-close.txt",
        &stdout_of(
            &env,
            &["verify", "Israel supplied 79% of Azerbaijan's arms imports"],
            1,
        ),
    );
}
