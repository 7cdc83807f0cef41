//! The seeds, indexed: every citation is exact, and fact-checking queries find their passage.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use sleuth::engine::Engine;
use sleuth::index::{sync, IndexOptions};
use sleuth::results::search::{search, PassageRecord, SearchOptions};

use crate::env::{lines, seeds_dir, squeeze};

/// The seeds indexed once for this module's tests, and an engine over them.
pub fn seed_index() -> &'static Engine {
    static INDEX: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let mut options = IndexOptions::new(dir.path().join("index"));
            options.corpus = Some(vec![seeds_dir()]);
            let report = sync(&options).unwrap();
            assert_eq!(report.added, 5, "{report:?}");
            let engine = Engine::open(&dir.path().join("index")).unwrap();
            (dir, engine)
        })
        .1
}

fn all_passages() -> Vec<PassageRecord> {
    seed_index().every_passage().unwrap()
}

#[test]
fn every_passage_is_found_in_the_lines_and_bytes_it_cites() {
    let passages = all_passages();
    assert!(passages.len() > 60, "only {} passages", passages.len());
    for p in &passages {
        let file = std::fs::read_to_string(seeds_dir().join(&p.doc_id)).unwrap();
        let cited = lines(&file, p.line_start, p.line_end);
        assert!(
            squeeze(&cited).contains(&squeeze(&p.text)),
            "{}:{}-{} does not contain paragraph {}: {:?}",
            p.doc_id,
            p.line_start,
            p.line_end,
            p.paragraph,
            p.text
        );
        let bytes = &file[p.byte_start as usize..p.byte_end as usize];
        assert_eq!(
            squeeze(bytes),
            squeeze(&p.text),
            "byte range of {}#{}",
            p.doc_id,
            p.paragraph
        );
    }
}

#[test]
fn paragraphs_are_numbered_from_one_in_reading_order() {
    let mut by_doc: BTreeMap<String, Vec<&PassageRecord>> = BTreeMap::new();
    let passages = all_passages();
    for p in &passages {
        by_doc.entry(p.doc_id.clone()).or_default().push(p);
    }
    assert_eq!(by_doc.len(), 5);
    for (doc, list) in by_doc {
        // Titles and headings are passages too, in reading order, but no paragraphs.
        let numbered = list.iter().filter(|p| p.kind.is_numbered());
        for (i, p) in numbered.enumerate() {
            assert_eq!(p.paragraph, i as u64 + 1, "{doc}");
        }
        for (i, p) in list.iter().enumerate() {
            if i > 0 {
                assert!(
                    p.byte_start >= list[i - 1].byte_end,
                    "{doc} #{}",
                    p.paragraph
                );
            }
        }
    }
}

#[test]
fn titles_and_sections_come_from_the_documents() {
    let passages = all_passages();
    let find = |needle: &str| {
        passages
            .iter()
            .find(|p| p.text.contains(needle))
            .unwrap_or_else(|| panic!("no passage contains {needle:?}"))
    };
    let p = find("Israel supplied 69%");
    assert_eq!(p.title, "Between Tehran and Tel Aviv: Azerbaijan’s Neutrality Dilemma Amid Rising U.S.-Israel Tensions with Iran");
    assert_eq!(
        p.section.as_deref(),
        Some("Strategic Depth: Azerbaijan’s Alignment with Israel")
    );
    assert_eq!((p.line_start, p.line_end), (8, 8));
    let p = find("69% of Azerbaijan's arms");
    assert_eq!(p.title, "001_5c75391b8c8e4d84.txt");
    assert_eq!(p.section.as_deref(), Some("Azerbaijan-Israel Relations"));
    let p = find("Iran considers Israel's influence");
    assert_eq!(
        p.section.as_deref(),
        Some("Azerbaijan's Balance Policy Between Israel and Iran")
    );
    assert!(
        !passages
            .iter()
            .any(|p| p.text.contains("Center for Eurasian Studies")),
        "page footer indexed as text"
    );
    let p = find("Azerbaijan is trying to navigate");
    assert_eq!(
        p.title,
        "Azerbaijan distances itself from Israeli strikes on Iran"
    );
    assert_eq!(p.section.as_deref(), Some("Highlights"));
}

/// Queries as a fact-checker types them, and a fragment of the passage that answers each.
const FACT_CHECKS: &[(&str, &str)] = &[
    ("arms imports from Israel", "arms"),
    (
        "Israel supplied 69% of Azerbaijan arms imports 2016 2020",
        "69%",
    ),
    ("Erdogan Astana summit Khamenei", "Astana Summit"),
    (
        "Turkiye Azerbaijan Pakistan military drill Three Brothers",
        "Three",
    ),
    (
        "how much of Israel's crude oil comes from Azerbaijan",
        "40% of Israel’s crude oil",
    ),
    ("Mountain Jews settled 1st century BC", "1st century BC"),
    ("Jewish community of about 7,200 people", "7,200 people"),
    ("cyber security center Technion Baku", "Technion"),
    ("Netanyahu visit cancelled Turkey airspace", "airspace"),
    ("Pezeshkian speech in Turkish poem", "Turkish poem"),
    ("Zangezur corridor Syunik Armenia", "Syunik"),
    ("Krasnaya Sloboda Jewish community", "Krasnaya Sloboda"),
    ("132-kilometer border Iran Armenia", "132-kilometer"),
    ("Mearsheimer Israeli arms Bayraktar drones", "Mearsheimer"),
    ("Sitalchay air base Mossad espionage", "Sitalchay"),
    (
        "Tehran formal notices Iraq Kuwait UAE Qatar Bahrain",
        "Kuwait",
    ),
    ("detente Pezeshkian visits Baku", "détente"),
    ("BTC pipeline Europe energy security", "Baku-Tbilisi-Ceyhan"),
    (
        "Israel embassy Baku 1993 Tel Aviv 2023",
        "embassy in Tel Aviv",
    ),
    (
        "Azerbaijan distances itself from Israeli strikes on Iran",
        "Israel",
    ),
];

#[test]
fn fact_checking_queries_put_the_answer_in_the_top_three() {
    let options = SearchOptions {
        limit: 3,
        ..SearchOptions::default()
    };
    for (query, expected) in FACT_CHECKS {
        let results = search(seed_index(), query, &options).unwrap();
        assert!(
            results
                .hits
                .iter()
                .any(|h| h.passage.text.contains(expected)),
            "{query:?}: no top-3 hit contains {expected:?}; got {:#?}",
            results
                .hits
                .iter()
                .map(|h| &h.passage.text[..h.passage.text.len().min(90)])
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn documents_rank_as_a_whole_with_their_best_passage() {
    let options = SearchOptions {
        documents: true,
        ..SearchOptions::default()
    };
    let results = search(seed_index(), "Zangezur corridor", &options).unwrap();
    let ids: Vec<&str> = results
        .hits
        .iter()
        .map(|h| h.passage.doc_id.as_str())
        .collect();
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "one hit per document: {ids:?}");
    assert!(results.total >= 2);
    for hit in &results.hits {
        assert!(
            hit.passage.text.contains("Zangezur"),
            "{:?}",
            hit.passage.text
        );
    }
}
