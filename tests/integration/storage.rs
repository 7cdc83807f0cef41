//! How the index is stored and read back: document compression, older storage settings, and the
//! reader an open index keeps between searches.

use sleuth::engine::Engine;
use sleuth::index::schema::{build_schema, Fields};
use sleuth::index::stems::StemsPlugin;
use sleuth::index::{sync, IndexOptions};
use sleuth::results::search::{search, SearchOptions};
use tantivy::store::{Compressor, ZstdCompressor};

use crate::env::Env;

fn options(env: &Env) -> IndexOptions {
    let mut options = IndexOptions::new(env.path("index"));
    options.corpus = Some(vec![env.path("seeds")]);
    options
}

fn hits(engine: &Engine, query: &str) -> usize {
    search(engine, query, &SearchOptions::default())
        .unwrap()
        .hits
        .len()
}

#[test]
fn new_indexes_store_their_text_with_lz4() {
    let env = Env::with_seeds();
    sync(&options(&env)).unwrap();
    let stored = tantivy::Index::open_in_dir(env.path("index")).unwrap();
    assert!(
        matches!(stored.settings().docstore_compression, Compressor::Lz4),
        "{:?}",
        stored.settings().docstore_compression
    );
    let engine = Engine::open(&env.path("index")).unwrap();
    assert!(hits(&engine, "Israel") > 0);
}

#[test]
fn an_index_stored_with_other_settings_stays_readable_and_updatable() {
    let env = Env::with_seeds();
    // An index as an earlier sleuth made it: a zstd document store.
    std::fs::create_dir_all(env.path("index")).unwrap();
    let schema = build_schema();
    let field = Fields::from_schema(&schema).unwrap().body;
    tantivy::Index::builder()
        .schema(schema)
        .settings(tantivy::IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor::default()),
            ..tantivy::IndexSettings::default()
        })
        .register_plugin(std::sync::Arc::new(StemsPlugin { field }))
        .create_in_dir(env.path("index"))
        .unwrap();
    let report = sync(&options(&env)).unwrap();
    assert_eq!(report.added, 5, "{report:?}");
    let stored = tantivy::Index::open_in_dir(env.path("index")).unwrap();
    assert!(matches!(
        stored.settings().docstore_compression,
        Compressor::Zstd(_)
    ));
    let engine = Engine::open(&env.path("index")).unwrap();
    let results = search(&engine, "Israel", &SearchOptions::default()).unwrap();
    assert!(results.hits[0].passage.text.contains("Israel"));
}

#[test]
fn an_open_index_answers_from_the_commit_it_was_opened_at() {
    let env = Env::with_seeds();
    sync(&options(&env)).unwrap();
    let before = Engine::open(&env.path("index")).unwrap();
    assert_eq!(hits(&before, "zebrafish"), 0);

    env.write("seeds/new.txt", b"A note about zebrafish migration.\n");
    sync(&options(&env)).unwrap();

    // The handle keeps its reader, and with it the commit it saw first, search after search.
    assert_eq!(hits(&before, "zebrafish"), 0);
    assert!(hits(&before, "Israel") > 0);
    let after = Engine::open(&env.path("index")).unwrap();
    assert_eq!(hits(&after, "zebrafish"), 1);
}
