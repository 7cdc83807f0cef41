//! Bench text: the first articles of the enwiki slice in `../shared` when it is there (as in CI and
//! on a developer's machine), else the bundled `seeds/`.

#![allow(dead_code)] // each bench uses part of it

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// The enwiki corpus that `benches/scale.sh` also uses.
pub const ENWIKI: &str = "../shared/data/enwiki/enwiki-2015-30k.jsonl.zst";

/// A document's title and text.
pub struct Text {
    pub title: String,
    pub text: String,
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The enwiki corpus, if present.
pub fn enwiki() -> Option<PathBuf> {
    let path = manifest_dir().join(ENWIKI);
    path.is_file().then_some(path)
}

/// The first `count` JSON lines of the enwiki corpus, raw.
fn enwiki_lines(count: usize) -> Option<Vec<String>> {
    let file = std::fs::File::open(enwiki()?).ok()?;
    let decoder = zstd::Decoder::new(file).ok()?;
    let lines: Vec<String> = BufReader::new(decoder)
        .lines()
        .take(count)
        .collect::<Result<_, _>>()
        .ok()?;
    Some(lines)
}

/// The first `count` enwiki articles, or the seeds when the corpus is absent; says which on stderr.
pub fn documents(count: usize) -> Vec<Text> {
    if let Some(lines) = enwiki_lines(count) {
        eprintln!("bench text: the first {} enwiki articles", lines.len());
        return lines
            .iter()
            .map(|line| {
                let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
                let field = |name: &str| value[name].as_str().unwrap_or_default().to_string();
                Text {
                    title: field("title"),
                    text: field("text"),
                }
            })
            .collect();
    }
    eprintln!("bench text: seeds/ ({ENWIKI} not found)");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("seeds"))
        .expect("seeds/ is bundled")
        .map(|entry| entry.expect("a seeds/ entry").path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| Text {
            title: path.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&path).expect("a seed file"),
        })
        .collect()
}

/// Total bytes of text.
pub fn bytes(texts: &[Text]) -> u64 {
    texts.iter().map(|t| t.text.len() as u64).sum()
}

/// A corpus for indexing benches: the first `count` enwiki articles written once as a JSON-lines
/// file under cargo's target directory, or `seeds/` when the enwiki corpus is absent.
pub fn corpus(count: usize) -> PathBuf {
    if enwiki().is_none() {
        return manifest_dir().join("seeds");
    }
    let path = bench_dir().join(format!("enwiki-{count}.jsonl"));
    if !path.is_file() {
        let lines = enwiki_lines(count).expect("reading the enwiki corpus");
        let partial = path.with_extension("partial");
        let mut file = std::fs::File::create(&partial).expect("writing the bench corpus");
        for line in lines {
            writeln!(file, "{line}").expect("writing the bench corpus");
        }
        std::fs::rename(&partial, &path).expect("writing the bench corpus");
    }
    path
}

/// A directory kept between bench runs, so that indexes are built once.
pub fn bench_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sleuth-bench");
    std::fs::create_dir_all(&dir).expect("creating the bench directory");
    dir
}
