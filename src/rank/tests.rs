//! Ranking tests: passages and whole documents, on small indexes built for each case.

use std::collections::HashMap;

use tantivy::Searcher;

use super::*;
use crate::index::{sync, IndexOptions, SleuthIndex};
use crate::query::{self, View};

/// Writes JSON-lines documents `(id, title, text)` as the corpus of the index in `dir`, and
/// brings the index up to date with it.
fn sync_corpus(dir: &std::path::Path, docs: &[(&str, &str, &str)]) -> SleuthIndex {
    let corpus = dir.join("corpus.jsonl");
    let lines: String = docs
        .iter()
        .map(|(id, title, text)| {
            serde_json::json!({"_id": id, "title": title, "text": text}).to_string() + "\n"
        })
        .collect();
    std::fs::write(&corpus, lines).unwrap();
    let mut options = IndexOptions::new(dir.join("index"));
    options.corpus = Some(vec![corpus]);
    sync(&options).unwrap();
    SleuthIndex::open(&dir.join("index")).unwrap()
}

/// `text` (with operators unless `literal`) compiled over `index`.
fn compiled(
    index: &SleuthIndex,
    searcher: &Searcher,
    text: &str,
    literal: bool,
) -> query::CompiledQuery {
    let parsed = query::parse(text, literal).unwrap();
    query::compile(&parsed, &index.fields, searcher).unwrap()
}

/// An index of JSON-lines documents `(id, title, text)`.
fn index_of(docs: &[(&str, &str, &str)]) -> (tempfile::TempDir, SleuthIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = sync_corpus(dir.path(), docs);
    (dir, index)
}

/// The documents matching `compiled`, ranked as `ranking` says but scored as `by` says.
fn rank_documents(
    searcher: &Searcher,
    fields: &crate::index::schema::Fields,
    compiled: &query::CompiledQuery,
    limit: usize,
    offset: usize,
    ranking: &Ranking,
    by: DocumentScore,
) -> Result<(usize, ScoredRecords)> {
    let ranking = Ranking {
        documents: by,
        ..ranking.clone()
    };
    Ranker::new(searcher, fields, &ranking)?.documents(compiled, limit, offset)
}

fn ranked_documents(
    index: &SleuthIndex,
    query: &str,
    ranking: &Ranking,
    by: DocumentScore,
) -> Vec<(String, f32)> {
    let searcher = index.index.reader().unwrap().searcher();
    let compiled_query = compiled(index, &searcher, query, true);
    let (_, ranked) = rank_documents(
        &searcher,
        &index.fields,
        &compiled_query,
        10,
        0,
        ranking,
        by,
    )
    .unwrap();
    ranked
        .into_iter()
        .map(|(score, document)| (document_id(&searcher, document).unwrap(), score))
        .collect()
}

const ZEBRAS: &[(&str, &str, &str)] = &[
    ("a", "Alpha", "zebra zebra lion"),
    ("b", "Zebra", "lion tiger"),
    ("c", "Other", "cat dog"),
];

#[test]
fn document_scores_are_bm25f_with_the_title_weighted_into_the_word() {
    let (_dir, index) = index_of(ZEBRAS);
    let ranked = ranked_documents(&index, "zebra", &Ranking::default(), DocumentScore::Whole);
    // One document in three has `zebra` in its text: idf = ln(1 + 2.5 / 1.5).
    let idf = (1.0f32 + 2.5 / 1.5).ln();
    let bm25 = |tf: f32| idf * tf * 2.2 / (tf + 1.2);
    // a: twice in a text of 3 words, the average text being 7/3 words long.
    let a = bm25(2.0 / (0.25 + 0.75 * 3.0 / (7.0 / 3.0)));
    // b: once in a title of average length, weighed 3.
    let b = bm25(3.0 * 1.0);
    assert_eq!(ranked.len(), 2, "{ranked:?}");
    assert_eq!(ranked[0].0, "b");
    assert!((ranked[0].1 - b).abs() < 1e-4, "{ranked:?} vs {b}");
    assert_eq!(ranked[1].0, "a");
    assert!((ranked[1].1 - a).abs() < 1e-4, "{ranked:?} vs {a}");
}

#[test]
fn a_documents_frequencies_and_length_are_the_sums_over_its_passages() {
    let (_dir, index) = index_of(&[
        (
            "long",
            "Notes",
            "The otter and the cat sat in the sun.\n\nA big red fish swam in the river.\n\n\
             One otter and one other otter sat.",
        ),
        ("short", "More", "An otter swam by the big river."),
    ]);
    let ranked = ranked_documents(&index, "otter", &Ranking::default(), DocumentScore::Whole);
    // Both documents hold `otter`: idf = ln(1 + 0.5 / 2.5). `long` has it 3 times in 24
    // words (9 + 8 + 7), `short` once in 7; the average document is 15.5 words long.
    let idf = (1.0f32 + 0.5 / 2.5).ln();
    let bm25 = |tf: f32, length: f32| {
        let tf = tf / (0.25 + 0.75 * length / 15.5);
        idf * tf * 2.2 / (tf + 1.2)
    };
    assert_eq!(ranked.len(), 2, "{ranked:?}");
    assert_eq!(ranked[0].0, "long");
    assert!((ranked[0].1 - bm25(3.0, 24.0)).abs() < 1e-4, "{ranked:?}");
    assert!((ranked[1].1 - bm25(1.0, 7.0)).abs() < 1e-4, "{ranked:?}");
}

/// Every matching document's score, by id.
fn all_documents(index: &SleuthIndex, query: &str) -> HashMap<String, f32> {
    let searcher = index.index.reader().unwrap().searcher();
    let compiled_query = compiled(index, &searcher, query, true);
    let by = DocumentScore::Whole;
    let (total, ranked) = rank_documents(
        &searcher,
        &index.fields,
        &compiled_query,
        1000,
        0,
        &Ranking::default(),
        by,
    )
    .unwrap();
    assert_eq!(total, ranked.len());
    let scores: HashMap<String, f32> = ranked
        .into_iter()
        .map(|(score, document)| (document_id(&searcher, document).unwrap(), score))
        .collect();
    assert_eq!(scores.len(), total, "a document listed twice");
    scores
}

#[test]
fn documents_score_the_same_after_updates_as_in_a_fresh_index() {
    let before: Vec<(String, String, String)> = (0..40)
        .map(|i| {
            let text = format!("Otter {i}.\n\n{}\n\nSome river.", "otter ".repeat(i % 5));
            (format!("d{i}"), format!("Title {i}"), text)
        })
        .collect();
    let mut after = before.clone();
    for (i, doc) in after.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0) {
        doc.2 = format!("Changed.\n\n{}river otter", "otter ".repeat(i % 7));
    }
    fn as_refs(docs: &[(String, String, String)]) -> Vec<(&str, &str, &str)> {
        docs.iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect()
    }
    let updated_dir = tempfile::tempdir().unwrap();
    sync_corpus(updated_dir.path(), &as_refs(&before));
    let updated = sync_corpus(updated_dir.path(), &as_refs(&after));
    let (_fresh_dir, fresh) = index_of(&as_refs(&after));
    let queries = ["otter", "river otter", "changed", "title"];
    // Before a merge, replaced records still count in tantivy's statistics, so scores
    // differ a little; but the same documents match, each once.
    let segments = updated.index.searchable_segment_ids().unwrap();
    assert!(segments.len() > 1);
    for query in queries {
        let mut got: Vec<String> = all_documents(&updated, query).into_keys().collect();
        let mut expected: Vec<String> = all_documents(&fresh, query).into_keys().collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{query}");
    }
    // Merged, the updated index holds what the fresh one does, in the same order per
    // document: the scores are the same.
    let mut writer: tantivy::IndexWriter = updated.index.writer(50_000_000).unwrap();
    writer.merge(&segments).wait().unwrap();
    writer.commit().unwrap();
    let merged = SleuthIndex::open(&updated_dir.path().join("index")).unwrap();
    assert_eq!(merged.index.searchable_segment_ids().unwrap().len(), 1);
    for query in queries {
        let got = all_documents(&merged, query);
        let expected = all_documents(&fresh, query);
        assert_eq!(got.len(), expected.len(), "{query}");
        for (id, score) in &expected {
            assert!(
                (got[id] - score).abs() < 1e-5,
                "{query} {id}: {got:?} vs {expected:?}"
            );
        }
    }
}

#[test]
fn a_document_matches_as_a_whole_its_required_and_excluded_words_anywhere_in_it() {
    let (_dir, index) = index_of(&[
        (
            "apart",
            "One",
            "The otter sat in the sun.\n\nA big river ran by the hill.",
        ),
        ("together", "Two", "An otter swam in the big river."),
        ("otter", "Three", "An otter sat in the sun."),
    ]);
    let searcher = index.index.reader().unwrap().searcher();
    let ids = |query: &str, by| -> Vec<String> {
        let compiled_query = compiled(&index, &searcher, query, false);
        let ranking = Ranking::default();
        let (total, ranked) = rank_documents(
            &searcher,
            &index.fields,
            &compiled_query,
            10,
            0,
            &ranking,
            by,
        )
        .unwrap();
        assert_eq!(total, ranked.len());
        let mut ids: Vec<String> = ranked
            .into_iter()
            .map(|(_, d)| document_id(&searcher, d).unwrap())
            .collect();
        ids.sort();
        ids
    };
    let whole = DocumentScore::Whole;
    assert_eq!(ids("otter AND river", whole), ["apart", "together"]);
    assert_eq!(ids("+otter +(river OR lake)", whole), ["apart", "together"]);
    assert_eq!(ids("otter -river", whole), ["otter"]);
    assert_eq!(ids("\"big river\" -swam", whole), ["apart"]);
    assert_eq!(ids("otter doc:tog", whole), ["together"]);
    assert_eq!(ids("otter sun", whole), ["apart", "otter", "together"]);
    // ScoredRecords by their best passage, documents match where one passage does.
    assert_eq!(
        ids("otter AND river", DocumentScore::BestPassage),
        ["together"]
    );
}

#[test]
fn a_word_typed_twice_weighs_twice() {
    let (_dir, index) = index_of(ZEBRAS);
    let once = ranked_documents(&index, "lion", &Ranking::default(), DocumentScore::Whole);
    let twice = ranked_documents(
        &index,
        "lion lion",
        &Ranking::default(),
        DocumentScore::Whole,
    );
    assert!(
        (twice[0].1 - 2.0 * once[0].1).abs() < 1e-4,
        "{once:?} {twice:?}"
    );
}

#[test]
fn pages_continue_each_other_and_scores_never_rise_past_the_re_scored_depth() {
    let docs: Vec<(String, String, String)> = (1..=7)
        .map(|i| {
            let text = format!(
                "{} filler words here {}",
                "otter ".repeat(i),
                "x ".repeat(i * 3)
            );
            (format!("d{i}"), format!("Title {i}"), text)
        })
        .collect();
    let docs: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let (_dir, index) = index_of(&docs);
    let searcher = index.index.reader().unwrap().searcher();
    let ranking = Ranking {
        depth: 3,
        ..Ranking::default()
    };
    let ranker = Ranker::new(&searcher, &index.fields, &ranking).unwrap();
    let parsed = query::parse("otter", true).unwrap();
    let compiled = query::compile(&parsed, &index.fields, &searcher).unwrap();
    let page = |limit, offset| {
        ranker
            .top(compiled.query.as_ref(), &compiled.terms, limit, offset)
            .unwrap()
    };
    let (total, all) = page(7, 0);
    assert_eq!((total, all.len()), (7, 7));
    assert!(
        all.windows(2).all(|w| w[0].0 >= w[1].0),
        "scores rise: {all:?}"
    );
    let paged: ScoredRecords = [page(2, 0).1, page(2, 2).1, page(3, 4).1].concat();
    assert_eq!(paged, all);
}

#[test]
fn best_passage_scoring_lists_each_document_once() {
    let (_dir, index) = index_of(&[
        (
            "long",
            "Notes",
            "Otters swim.\n\nOtters eat fish.\n\nOtters sleep.",
        ),
        ("short", "More", "An otter."),
    ]);
    let ranked = ranked_documents(
        &index,
        "otters",
        &Ranking::default(),
        DocumentScore::BestPassage,
    );
    let ids: Vec<&str> = ranked.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&"long") && ids.contains(&"short"), "{ids:?}");
}

#[test]
fn a_page_of_documents_by_best_passage_holds_no_more_than_asked_for() {
    // The two best passages are one document's: filling the second page takes four
    // passages, which bring three documents.
    let (_dir, index) = index_of(&[
        (
            "top",
            "Notes",
            "Otters and otters and more otters swim here.\n\n\
             Otters and otters and more otters sleep here.",
        ),
        (
            "a",
            "More",
            "An otter swam by the river bank on a long and quiet summer day.",
        ),
        (
            "b",
            "Other",
            "An otter sat on the old stone wall on a long and quiet summer day.",
        ),
    ]);
    let searcher = index.index.reader().unwrap().searcher();
    let compiled_query = compiled(&index, &searcher, "otters", true);
    let by = DocumentScore::BestPassage;
    let ranking = Ranking::default();
    let page = |offset| {
        rank_documents(
            &searcher,
            &index.fields,
            &compiled_query,
            1,
            offset,
            &ranking,
            by,
        )
        .unwrap()
        .1
    };
    let (first, second) = (page(0), page(1));
    assert_eq!((first.len(), second.len()), (1, 1), "{first:?} {second:?}");
    assert_eq!(document_id(&searcher, first[0].1).unwrap(), "top");
    assert_ne!(first[0].1, second[0].1);
}

#[test]
fn ranking_scores_the_searched_words_and_not_the_excluded_ones() {
    let (_dir, index) = index_of(&[
        (
            "a",
            "Arms trade",
            "Sanctions on arms imports.\n\nArmenia.\n\nArmenia imposed sanctions.",
        ),
        ("b", "Other", "Arms imports from Israel grew."),
    ]);
    let searcher = index.searcher().unwrap();
    let compiled = compiled(
        &index,
        &searcher,
        "sanctions -Armenia \"arms imports\"",
        false,
    );
    let scored = |field, view| -> Vec<&str> {
        compiled
            .terms
            .iter()
            .filter(|t| t.field == field && t.view == view)
            .map(|t| t.text.as_str())
            .collect()
    };
    // Bare words are scored stemmed in the text, title and section; phrases exact in the text.
    assert_eq!(scored(index.fields.body, View::Stemmed), ["sanction"]);
    assert_eq!(scored(index.fields.title, View::Stemmed), ["sanction"]);
    assert_eq!(scored(index.fields.section, View::Stemmed), ["sanction"]);
    assert_eq!(scored(index.fields.body, View::Exact), ["arms", "imports"]);
    assert!(!compiled.terms.iter().any(|t| t.text.contains("armenia")));
}
