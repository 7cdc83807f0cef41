//! Query syntax and text analysis, end to end on the seeds: what a query finds and what it doesn't.

use sleuth::results::search::{search, SearchOptions, SearchResults};

use crate::seeds::seed_index;

fn run(query: &str) -> SearchResults {
    search(
        seed_index(),
        query,
        &SearchOptions {
            limit: 50,
            ..SearchOptions::default()
        },
    )
    .unwrap_or_else(|err| panic!("{query:?} failed: {err}"))
}

fn texts(query: &str) -> Vec<String> {
    run(query)
        .hits
        .into_iter()
        .map(|h| h.passage.text)
        .collect()
}

fn finds(query: &str, fragment: &str) -> bool {
    texts(query).iter().any(|t| t.contains(fragment))
}

#[test]
fn names_without_diacritics_find_them() {
    assert!(finds("Erdogan", "Erdoğan"));
    assert!(finds("Turkiye", "Türkiye"));
    assert!(finds("detente", "détente"));
}

#[test]
fn straight_apostrophes_and_possessives_match_curly_ones() {
    assert!(finds(
        "\"Azerbaijan's arms imports\"",
        "Azerbaijan’s arms imports"
    ));
    assert!(finds("Netanyahu", "Netanyahu’s"));
}

#[test]
fn numbers_match_as_written() {
    assert!(finds("69%", "69%"));
    assert!(
        !texts("69%").iter().any(|t| !t.contains("69%")),
        "69% matched text without it"
    );
    assert!(finds("2016-2020", "2016-2020"));
    assert!(finds("7,200", "7,200"));
    assert!(finds("132-kilometer", "132-kilometer"));
    assert!(finds("U.S.-Israeli", "U.S.-Israeli"));
}

#[test]
fn bare_words_are_stemmed_and_phrases_are_exact() {
    assert!(finds("sanction", "sanctions"));
    assert!(
        run("\"sanction\"").hits.is_empty(),
        "a quoted word must match exactly"
    );
    assert!(finds("\"sanctions\"", "sanctions"));
}

#[test]
fn a_bare_word_finds_itself_and_its_inflections_and_a_quoted_one_only_itself() {
    use sleuth::analysis::exact_tokens;
    let has_word = |text: &str, word: &str| exact_tokens(text).iter().any(|t| t == word);
    // `support` (10 times in the seeds) stems to itself; `supporting` (twice) stems to it.
    for query in ["support", "supporting", "supports"] {
        let found = texts(query);
        assert!(found.iter().any(|t| has_word(t, "support")), "{query}");
        assert!(found.iter().any(|t| has_word(t, "supporting")), "{query}");
    }
    for word in ["support", "supporting"] {
        let found = texts(&format!("\"{word}\""));
        assert!(!found.is_empty(), "{word}");
        assert!(found.iter().all(|t| has_word(t, word)), "{word}: {found:?}");
    }
    assert_eq!(run("\"supports\"").total, 0);
}

#[test]
fn phrases_need_adjacent_words_unless_given_slop() {
    assert!(finds("\"arms imports\"", "arms imports"));
    assert!(run("\"imports arms\"").hits.is_empty());
    assert!(!run("\"Israel supplied arms\"~5").hits.is_empty());
}

#[test]
fn required_and_excluded_words_filter_hits() {
    for text in texts("+Zangezur +Armenia") {
        assert!(
            text.contains("Zangezur") && text.contains("Armenia"),
            "{text}"
        );
    }
    for text in texts("Zangezur -Armenia") {
        assert!(!text.contains("Armenia"), "{text}");
    }
    for text in texts("Zangezur AND Nakhchivan") {
        assert!(text.contains("Nakhchivan"), "{text}");
    }
    assert!(!run("Zangezur NOT Armenia").hits.is_empty());
}

#[test]
fn a_section_finds_the_documents_that_have_it() {
    let options = SearchOptions {
        documents: true,
        limit: 50,
        ..SearchOptions::default()
    };
    let results = search(seed_index(), "section:Highlights", &options).unwrap();
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.passage.section.as_deref(), Some("Highlights"));
    assert!(hit.score.is_sign_positive(), "score {}", hit.score);
    let results = search(seed_index(), "section:Highlights drones", &options).unwrap();
    assert!(results.total > 1);
}

#[test]
fn prefixes_expand_to_index_words() {
    assert!(finds("Sitalch*", "Sitalchay"));
    assert!(finds("Technio*", "Technion"));
}

#[test]
fn fields_restrict_where_words_match() {
    let results = run("title:neutrality");
    assert!(!results.hits.is_empty());
    assert!(results
        .hits
        .iter()
        .all(|h| h.passage.title.contains("Neutrality")));
    let results = run("section:Highlights");
    assert!(results
        .hits
        .iter()
        .all(|h| h.passage.section.as_deref() == Some("Highlights")));
    // The three items under the heading, and the heading line itself.
    assert_eq!(results.hits.len(), 4);
    let results = run("doc:003 Israel");
    assert!(!results.hits.is_empty());
    assert!(results
        .hits
        .iter()
        .all(|h| h.passage.doc_id.starts_with("003")));
}

#[test]
fn pasted_prose_never_fails() {
    for prose in [
        "Mearsheimer claims, “Azerbaijan won the war because of Israeli arms",
        "Claim: Israel supplied 69% of Azerbaijan's arms (2016-2020) - SIPRI",
        "\"unbalanced quote about Baku",
        "(parenthesis Baku",
        "AND OR NOT Baku",
        "https://example.org/a?b=c Baku",
    ] {
        let results = run(prose);
        assert!(!results.hits.is_empty(), "{prose:?} found nothing");
    }
}

#[test]
fn queries_with_nothing_to_search_for_are_errors_with_advice() {
    for query in ["-Baku", "   ", "\"\""] {
        let err = search(seed_index(), query, &SearchOptions::default()).unwrap_err();
        assert!(!err.to_string().is_empty(), "{query:?}");
    }
}

#[test]
fn highlights_mark_the_matched_words_in_the_text() {
    let results = run("Erdogan summit");
    let hit = &results.hits[0];
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|r| &hit.passage.text[r.clone()])
        .collect();
    assert!(marked.contains(&"Erdoğan"), "{marked:?}");
    assert!(marked.contains(&"Summit"), "{marked:?}");
    let snippet: Vec<&str> = hit
        .snippet
        .highlights
        .iter()
        .map(|r| &hit.snippet.text[r.clone()])
        .collect();
    assert!(snippet.contains(&"Erdoğan"), "{snippet:?}");
}

#[test]
fn paging_skips_earlier_hits() {
    let all = run("Azerbaijan");
    let page = search(
        seed_index(),
        "Azerbaijan",
        &SearchOptions {
            limit: 3,
            offset: 2,
            ..SearchOptions::default()
        },
    )
    .unwrap();
    assert_eq!(page.hits.len(), 3);
    assert_eq!(page.hits[0].rank, 3);
    assert_eq!(page.hits[0].passage, all.hits[2].passage);
    assert_eq!(page.total, all.total);
}
