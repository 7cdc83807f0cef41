//! One table of marks (src/marks.rs), end to end: where the tokenizer, the normalizer, the
//! segmenter and the query lexer used to disagree, search and verify now agree.

use crate::env::Env;

fn corpus() -> Env {
    let env = Env::empty();
    env.write(
        "seeds/notes.txt",
        "Notes\n\nThe border conflict[a] began in the spring, near the river.\n\nA quiet village lay beyond the hills, far from the border.\n"
            .as_bytes(),
    );
    env
}

#[test]
fn guillemets_quote_a_phrase_in_search_as_in_verify() {
    let env = corpus();
    // `«…»` were two loose words to search (the village passage holds both), a quotation to verify.
    let quoted = env.search_json(&["«border conflict»"]);
    assert_eq!(quoted.total, 1, "{quoted:?}");
    assert!(quoted.hits[0].passage.text.contains("conflict[a] began"));
    let straight = env.search_json(&["\"border conflict\""]);
    assert_eq!(quoted.hits.len(), straight.hits.len());
    assert_eq!(
        quoted.hits[0].passage.citation,
        straight.hits[0].passage.citation
    );
    let (code, stdout, stderr) = env.run(&["verify", "«The border conflict began in the spring»"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("verbatim"), "{stdout}");
}

#[test]
fn a_letter_note_is_a_footnote_marker_to_search_and_verify() {
    let env = corpus();
    // `[a]` was the word `a` to the index: the phrase did not match across it.
    let phrase = env.search_json(&["\"conflict began\""]);
    assert_eq!(phrase.total, 1, "{phrase:?}");
    // It was plain text to verify: a quote without the marker was only close.
    let (code, stdout, _) = env.run(&["verify", "The border conflict began in the spring"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("verbatim"), "{stdout}");
}
