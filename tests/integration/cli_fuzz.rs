//! A small, seeded fuzz of the command line: random queries through `search --json`, random quotes
//! through `verify`, random citations through `show`. Whatever the input: exit code 0, 1 or 2, no
//! panic, and `--json` output that parses. Deterministic (a fixed seed) and bounded.

use std::process::Output;

use crate::env::Env;

/// xorshift64*: reproducible without a dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// Pieces queries are made of: words of the seeds, the syntax, and characters that trip parsers.
const PIECES: &[&str] = &[
    "Baku",
    "arms",
    "Israel",
    "drones",
    "Zangezur",
    "the",
    "of",
    "imports",
    "Türkiye’s",
    "69%",
    "2016-2020",
    "U.S.-Israeli",
    "\"",
    "\"",
    "(",
    ")",
    "*",
    "~",
    "~2",
    "+",
    "-",
    "AND",
    "OR",
    "NOT",
    "and",
    "title:",
    "section:",
    "doc:",
    ":",
    "\\",
    "'",
    "’",
    "“",
    "”",
    "«",
    "»",
    "\u{7}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "e\u{301}",
    "ǅ",
    "ß",
    "İ",
    "😀",
    "👩‍👩‍👧",
    "日本語",
    "العربية",
    "\t",
    "\n",
    "\r",
    " ",
    "  ",
    "9999999999999999999999",
    "0",
    "-0",
    "#",
    "%",
    "&",
    "|",
    "^",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "/",
    "..",
    "a*b",
    "*a",
    "x*",
    "?",
    ",",
    ";",
];

fn random_text(random: &mut Random, most: usize) -> String {
    let n = 1 + random.below(most);
    (0..n)
        .map(|_| random.pick(PIECES).to_string())
        .collect::<Vec<_>>()
        .join(if random.below(3) == 0 { "" } else { " " })
}

fn check(what: &str, output: &Output, json: bool) {
    let code = output.status.code();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(code, Some(0..=2)),
        "{what}: exit {code:?}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    if code == Some(2) {
        assert!(stderr.starts_with("sleuth: "), "{what}: {stderr}");
    }
    if json && code != Some(2) {
        let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&output.stdout);
        assert!(
            parsed.is_ok(),
            "{what}: invalid JSON: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn random_queries_quotes_and_citations_never_crash_the_command_line() {
    let env = Env::with_seeds();
    env.index(&[]);
    let mut random = Random(0x5eed_2026_1129);
    let citations: Vec<String> = env
        .search_json(&["--limit", "20", "arms"])
        .hits
        .into_iter()
        .map(|h| h.passage.citation)
        .collect();
    for _ in 0..80 {
        let query = random_text(&mut random, 12);
        let mut args = vec!["search", "--json"];
        for flag in ["--docs", "--literal", "--group"] {
            if random.below(4) == 0 {
                args.push(flag);
            }
        }
        let context = random.below(3).to_string();
        args.extend(["--context", &context, "--", &query]);
        let output = env.sleuth().args(&args).output().unwrap();
        check(&format!("search {query:?}"), &output, true);
    }
    for _ in 0..30 {
        let quote = random_text(&mut random, 30);
        let json = random.below(2) == 0;
        let mut args = vec!["verify"];
        if json {
            args.push("--json");
        }
        args.extend(["--", &quote]);
        let output = env.sleuth().args(&args).output().unwrap();
        check(&format!("verify {quote:?}"), &output, json);
    }
    for _ in 0..30 {
        let real = &citations[random.below(citations.len())];
        let mut citation: Vec<char> = real.chars().collect();
        // Mutate: cut, insert pieces, change digits.
        for _ in 0..1 + random.below(3) {
            let at = random.below(citation.len() + 1);
            match random.below(3) {
                0 => citation.truncate(at),
                1 => {
                    let piece = random.pick(PIECES);
                    citation.splice(at..at, piece.chars());
                }
                _ => {
                    if let Some(c) = citation.get_mut(at) {
                        *c = char::from(b'0' + random.below(10) as u8);
                    }
                }
            }
        }
        let citation: String = citation.into_iter().collect();
        let json = random.below(2) == 0;
        let mut args = vec!["show"];
        if json {
            args.push("--json");
        }
        args.extend(["--", &citation]);
        let output = env.sleuth().args(&args).output().unwrap();
        check(&format!("show {citation:?}"), &output, json);
    }
}
