//! Query syntax tests: operators, fields, phrases, and every lenient reading with its note.

use super::{
    has_alphanumeric, parse, parse_literal, Clause, Field, Node, Occur, ParsedQuery, QueryError,
};
use crate::query::note::{Operator, ProseCue, QueryNote};

use proptest::prelude::*;

fn notes(input: &str) -> Vec<QueryNote> {
    parse(input).map(|query| query.notes).unwrap_or_default()
}

/// Parses and checks both the normalized form and the number of notes.
fn assert_parse(input: &str, expected: &str, note_count: usize) {
    let query = parse(input).unwrap_or_else(|err| panic!("{input:?} failed: {err}"));
    assert_eq!(query.to_string(), expected, "input {input:?}");
    assert_eq!(
        query.notes.len(),
        note_count,
        "input {input:?}: {:?}",
        query.notes
    );
}

fn word(text: &str) -> Node {
    Node::Word(text.to_string())
}

fn clause(occur: Occur, node: Node) -> Clause {
    Clause { occur, node }
}

#[test]
fn bare_words_are_should_clauses_kept_as_typed() {
    let query = parse("arms Imports Israel").unwrap();
    assert_eq!(
        query.clauses,
        vec![
            Clause::should(word("arms")),
            Clause::should(word("Imports")),
            Clause::should(word("Israel")),
        ]
    );
    assert!(query.notes.is_empty());
}

#[test]
fn phrases_with_and_without_slop() {
    let query = parse("\"exact phrase\" \"arms  trade\"~3").unwrap();
    assert_eq!(
        query.clauses,
        vec![
            Clause::should(Node::Phrase {
                text: "exact phrase".into(),
                slop: 0
            }),
            Clause::should(Node::Phrase {
                text: "arms  trade".into(),
                slop: 3
            }),
        ]
    );
    assert_parse("\" padded \"", "\"padded\"", 0);
    assert_parse("\"a b\"~99999999999", "\"a b\"~4294967295", 0);
}

#[test]
fn phrase_suffixes_that_are_not_honoured_are_noted() {
    assert_parse("\"a b\"~ c", "\"a b\" c", 1);
    let phrase = "a b".to_string();
    assert_eq!(
        notes("\"a b\"~"),
        [QueryNote::SlopWithoutNumber {
            phrase: phrase.clone()
        }]
    );
    assert_parse("\"a b\"* c", "\"a b\" c", 1);
    assert_eq!(notes("\"a b\"*"), [QueryNote::PrefixOnPhrase { phrase }]);
}

#[test]
fn empty_quotes_are_ignored_with_a_note() {
    assert_parse("a \"\" b", "a b", 1);
    assert_parse("a \" ... \" b", "a b", 1);
    assert_eq!(
        notes("a “ ... ” b"),
        [QueryNote::EmptyQuotes {
            quoted: "“ ... ”".into()
        }]
    );
}

#[test]
fn plus_and_minus_prefix_words_phrases_fields_and_groups() {
    assert_parse("+Israel -Iran", "+Israel -Iran", 0);
    assert_parse("-\"arms trade\" x", "-\"arms trade\" x", 0);
    assert_parse("+(a b) -title:Iran", "+(a b) -title:Iran", 0);
    assert_parse("(-a b)", "(-a b)", 0);
}

#[test]
fn lone_signs_and_inner_hyphens_are_not_operators() {
    assert_parse("arms - Israel + Iran", "arms Israel Iran", 0);
    assert_parse("a -", "a", 0);
    assert_parse("a (b -)", "a b", 0);
    assert_parse(
        "U.S.-Israeli 2016-2020 well-known 132-kilometer",
        "U.S.-Israeli 2016-2020 well-known 132-kilometer",
        0,
    );
    let query = parse("U.S.-Israeli").unwrap();
    assert_eq!(query.clauses, vec![Clause::should(word("U.S.-Israeli"))]);
}

#[test]
fn percent_signs_commas_and_apostrophes_stay_inside_words() {
    let query = parse("69% 7,200 Azerbaijan's Azerbaijan’s ‘quoted’").unwrap();
    let words: Vec<Node> = ["69%", "7,200", "Azerbaijan's", "Azerbaijan’s", "‘quoted’"]
        .into_iter()
        .map(word)
        .collect();
    let expected: Vec<Clause> = words.into_iter().map(Clause::should).collect();
    assert_eq!(query.clauses, expected);
    assert!(query.notes.is_empty());
}

#[test]
fn boolean_operators_follow_lucene() {
    assert_parse("x AND b", "+x +b", 0);
    assert_parse("x OR b", "x b", 0);
    assert_parse("NOT x b", "-x b", 0);
    assert_parse("x NOT b", "x -b", 0);
    assert_parse("x AND NOT b", "+x -b", 0);
    assert_parse("-x AND b", "-x +b", 0);
    assert_parse("x AND -b", "+x -b", 0);
    assert_parse("+x OR b", "+x b", 0);
    assert_parse("x AND b AND c", "+x +b +c", 0);
    assert_parse("\"x b\" AND (c OR d)", "+\"x b\" +(c d)", 0);
}

#[test]
fn operators_in_pasted_prose_are_words_with_a_note() {
    let prose = "they could be targeted if involved in anti-Iranian actions -- NOT an easy task!";
    let query = parse(prose).unwrap();
    assert!(
        query.clauses.iter().all(|c| c.occur == Occur::Should),
        "{query}"
    );
    assert!(
        matches!(
            query.notes[..],
            [QueryNote::OperatorInProse {
                operator: Operator::Not,
                cue: ProseCue::LongText { .. },
            }]
        ),
        "{:?}",
        query.notes
    );
    // Before or after a stop word, even in a short query.
    assert_parse("Baku NOT the", "Baku NOT the", 1);
    assert_eq!(
        notes("Baku NOT the"),
        [QueryNote::OperatorInProse {
            operator: Operator::Not,
            cue: ProseCue::CommonWord { word: "the".into() },
        }]
    );
    assert_parse("war AND the peace", "war AND the peace", 1);
    // Written in capitals.
    assert_parse(
        "AZERBAIJAN AND ISRAEL NOT IRAN",
        "AZERBAIJAN AND ISRAEL NOT IRAN",
        2,
    );
    assert!(notes("AZERBAIJAN AND ISRAEL NOT IRAN")
        .iter()
        .all(|note| matches!(
            note,
            QueryNote::OperatorInProse {
                cue: ProseCue::Capitals,
                ..
            }
        )));
    // Acronyms are not shouting.
    assert_parse("NATO AND Turkey", "+NATO +Turkey", 0);
}

#[test]
fn operators_in_longer_queries_say_what_they_excluded_or_required() {
    let query = parse("Azerbaijan arms imports from Israel NOT Iran").unwrap();
    assert_eq!(
        query.to_string(),
        "Azerbaijan arms imports from Israel -Iran"
    );
    assert_eq!(query.notes, [QueryNote::Excluded { node: word("Iran") }]);
    let query = parse("oil exports to Israel AND \"crude oil\"").unwrap();
    let crude_oil = Node::Phrase {
        text: "crude oil".into(),
        slop: 0,
    };
    assert_eq!(
        query.notes,
        [QueryNote::RequiredBoth {
            left: word("Israel"),
            right: crude_oil
        }]
    );
    // `-word` is explicit, and short queries are plain to see.
    assert_parse(
        "Azerbaijan arms imports from Israel -Iran",
        "Azerbaijan arms imports from Israel -Iran",
        0,
    );
    assert_parse("Israel NOT Iran", "Israel -Iran", 0);
}

#[test]
fn lowercase_operators_are_words() {
    assert_parse("war and peace or not", "war and peace or not", 0);
}

#[test]
fn precedence_is_left_to_right_as_in_lucene_classic() {
    assert_parse("x AND b OR c", "+x +b c", 0);
    assert_parse("x OR b AND c", "x +b +c", 0);
    assert_parse("(x AND b) OR c", "(+x +b) c", 0);
    assert_parse("x OR (b AND c)", "x (+b +c)", 0);
}

#[test]
fn operators_missing_a_side_are_read_as_words() {
    assert_parse("AND Israel", "AND Israel", 1);
    let without_term = |operator| [QueryNote::OperatorWithoutTerm { operator }];
    assert_eq!(notes("AND Israel"), without_term(Operator::And));
    assert_parse("Israel OR", "Israel OR", 1);
    assert_eq!(notes("Israel OR"), without_term(Operator::Or));
    assert_parse("NOT", "NOT", 1);
    assert_eq!(notes("NOT"), without_term(Operator::Not));
    assert_parse("Israel NOT", "Israel NOT", 1);
    assert_parse("x AND AND b", "x +AND +b", 1);
    assert_parse("x AND OR b", "x AND b", 1);
    assert_parse("(AND x) b", "(AND x) b", 1);
    assert_parse("x (OR b)", "x (OR b)", 1);
    assert_parse("NOT -x", "NOT -x", 1);
    assert_parse("x AND (b) OR", "+x +b OR", 1);
}

#[test]
fn nested_groups() {
    assert_parse("a (b (c -d))", "a (b (c -d))", 0);
    assert_parse("+(a (b c)) -((d))", "+(a (b c)) -d", 0);
    let query = parse("(a (b c))").unwrap();
    assert_eq!(
        query.clauses,
        vec![Clause::should(Node::Group(vec![
            Clause::should(word("a")),
            Clause::should(Node::Group(vec![
                Clause::should(word("b")),
                Clause::should(word("c")),
            ])),
        ]))]
    );
}

#[test]
fn empty_groups_are_dropped() {
    assert_parse("a () b", "a b", 0);
    assert_parse("a -() b", "a b", 0);
}

#[test]
fn fields_take_a_word_prefix_phrase_or_group() {
    let query = parse("title:Iran Section:\"arms trade\"~2 DOC:(a -b) title:Isra*").unwrap();
    assert_eq!(
        query.clauses,
        vec![
            Clause::should(Node::Field(Field::Title, Box::new(word("Iran")))),
            Clause::should(Node::Field(
                Field::Section,
                Box::new(Node::Phrase {
                    text: "arms trade".into(),
                    slop: 2
                })
            )),
            Clause::should(Node::Field(
                Field::Doc,
                Box::new(Node::Group(vec![
                    Clause::should(word("a")),
                    clause(Occur::MustNot, word("b")),
                ]))
            )),
            Clause::should(Node::Field(
                Field::Title,
                Box::new(Node::Prefix("Isra".into()))
            )),
        ]
    );
    assert!(query.notes.is_empty());
    assert_parse(
        "doc:000_8425519e804e4c14.txt",
        "doc:000_8425519e804e4c14.txt",
        0,
    );
    assert_parse("+title:(Iran) -section:x", "+title:Iran -section:x", 0);
    assert_parse("title:(section:x y)", "title:(section:x y)", 0);
}

#[test]
fn a_field_without_a_value_is_a_word() {
    assert_parse("title: Iran", "title: Iran", 1);
    assert_eq!(
        notes("title: Iran"),
        [QueryNote::FieldWithoutValue {
            word: "title:".into(),
            field: Field::Title
        }]
    );
    assert_parse("Iran section:", "Iran section:", 1);
    assert_parse("doc:* x", "doc:* x", 1);
    assert_parse("title:() x", "title: x", 1);
}

#[test]
fn unknown_fields_are_words_noted_only_when_they_look_like_fields() {
    assert_parse("Claim:Israel", "Claim:Israel", 1);
    assert_eq!(
        notes("Claim:Israel"),
        [QueryNote::UnknownField {
            word: "Claim:Israel".into()
        }]
    );
    assert_parse("Claim:\"a b\"", "Claim: \"a b\"", 1);
    // Ordinary prose punctuation and URLs are not noted.
    assert_parse("Claim: Israel", "Claim: Israel", 0);
    assert_parse(
        "https://x.org/a e.g.: 10:30",
        "https://x.org/a e.g.: 10:30",
        0,
    );
}

#[test]
fn prefixes() {
    let query = parse("Isra* arm**").unwrap();
    assert_eq!(
        query.clauses,
        vec![
            Clause::should(Node::Prefix("Isra".into())),
            Clause::should(Node::Prefix("arm".into())),
        ]
    );
    assert_parse("-Isra*", "-Isra*", 0);
    assert_parse("a * b", "a b", 1);
    assert_eq!(
        notes("a *"),
        [QueryNote::PrefixWithoutLetters { word: "*".into() }]
    );
    assert_parse("a*b", "a*b", 1);
    assert_eq!(
        notes("a*b"),
        [QueryNote::StarInsideWord { word: "a*b".into() }]
    );
    assert_parse("*Israel", "*Israel", 1);
}

#[test]
fn fuzzy_syntax_is_a_word_with_a_note() {
    assert_parse("Israel~2", "Israel~2", 1);
    assert_eq!(
        notes("Israel~2"),
        [QueryNote::Fuzzy {
            word: "Israel~2".into()
        }]
    );
    assert_parse("~200 km", "~200 km", 0);
}

#[test]
fn typographic_quotes_are_phrase_quotes() {
    assert_parse(
        "“arms trade” „Waffen Handel“ \"mixed”",
        "\"arms trade\" \"Waffen Handel\" \"mixed\"",
        0,
    );
    assert_parse("-“arms trade”~1", "-\"arms trade\"~1", 0);
}

#[test]
fn unmatched_quote_at_start_middle_and_end() {
    assert_parse("\"arms trade Israel", "arms trade Israel", 1);
    assert_parse("arms \"trade Israel", "arms trade Israel", 1);
    assert_parse("arms trade Israel”", "arms trade Israel", 1);
    assert_parse("“a b” c “d", "\"a b\" c d", 1);
    assert_eq!(notes("a “b"), [QueryNote::UnmatchedQuote { quote: '“' }]);
}

#[test]
fn unmatched_parentheses_are_ignored() {
    assert_parse("(a b", "a b", 1);
    assert_parse("a b)", "a b", 1);
    assert_parse("((a) b", "a b", 1);
    assert_parse("a) (b", "a b", 2);
    let unmatched = |parenthesis| QueryNote::UnmatchedParenthesis { parenthesis };
    assert_eq!(notes("a)"), [unmatched(')')]);
    assert_eq!(notes("a) (b"), [unmatched(')'), unmatched('(')]);
}

#[test]
fn pasted_quote_without_its_closing_mark() {
    let input = "Mearsheimer claims, “Azerbaijan won the war because of Israeli arms";
    assert_parse(
        input,
        "Mearsheimer claims, Azerbaijan won the war because of Israeli arms",
        1,
    );
    assert_eq!(notes(input), [QueryNote::UnmatchedQuote { quote: '“' }]);
}

#[test]
fn pasted_claim_with_colon_percent_parentheses_and_dash() {
    let input = "Claim: Israel supplied 69% of Azerbaijan's arms (2016-2020) - SIPRI";
    let query = parse(input).unwrap();
    assert_eq!(
        query.to_string(),
        "Claim: Israel supplied 69% of Azerbaijan's arms 2016-2020 SIPRI"
    );
    assert!(query.clauses.iter().all(|c| c.occur == Occur::Should));
    assert!(query.notes.is_empty(), "{:?}", query.notes);
}

#[test]
fn notes_follow_the_order_of_the_text() {
    let query = parse("a) Claim:x \"b").unwrap();
    assert_eq!(
        query.notes,
        [
            QueryNote::UnmatchedParenthesis { parenthesis: ')' },
            QueryNote::UnknownField {
                word: "Claim:x".into()
            },
            QueryNote::UnmatchedQuote { quote: '"' },
        ]
    );
}

#[test]
fn deep_nesting_is_flattened_instead_of_overflowing() {
    let input = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
    let query = parse(&input).unwrap();
    assert_eq!(query.notes, [QueryNote::NestedTooDeep { limit: 32 }]);
    assert!(query.to_string().contains('a'));
}

#[test]
fn only_operators_with_letters_fall_back_to_literal_words() {
    let query = parse("NOT ()").unwrap();
    assert_eq!(query.clauses, vec![Clause::should(word("NOT"))]);
    assert_eq!(query.notes, [QueryNote::WholeQueryAsWords]);
}

#[test]
fn empty_and_punctuation_only_queries_are_errors() {
    assert_eq!(parse(""), Err(QueryError::Empty));
    assert_eq!(parse("  \t\n"), Err(QueryError::Empty));
    for input in ["+ - ( ) \" *", "-", "()", "\"\"", "“”~", "- – —", "* ~"] {
        assert_eq!(parse(input), Err(QueryError::NothingToSearch), "{input:?}");
    }
    assert!(QueryError::Empty.to_string().contains("empty"));
    assert!(QueryError::NothingToSearch
        .to_string()
        .contains("add at least one word"));
}

#[test]
fn positive_clauses() {
    let positive = |input: &str| parse(input).unwrap().has_positive_clause();
    assert!(positive("a -b"));
    assert!(positive("+(a -b)"));
    assert!(!positive("-a -b"));
    assert!(!positive("NOT x"));
    assert!(!positive("(-a -b)"));
    assert!(!positive("+(-a) -b"));
    assert!(!positive("title:(-a -b)"));
}

#[test]
fn literal_mode_reads_only_words() {
    let query = parse_literal("+Israel -Iran “arms trade” title:x AND (a) Isra*").unwrap();
    let expected: Vec<Clause> = [
        "+Israel", "-Iran", "arms", "trade", "title:x", "AND", "(a)", "Isra*",
    ]
    .into_iter()
    .map(|text| Clause::should(word(text)))
    .collect();
    assert_eq!(query.clauses, expected);
    assert!(query.notes.is_empty());
    assert_eq!(parse_literal("a - b").unwrap().clauses.len(), 2);
    assert_eq!(parse_literal(" "), Err(QueryError::Empty));
    assert_eq!(parse_literal("\" - \""), Err(QueryError::NothingToSearch));
}

#[test]
fn display_shows_every_construct() {
    let query = ParsedQuery {
        clauses: vec![
            clause(Occur::Must, word("a")),
            clause(Occur::MustNot, Node::Prefix("b".into())),
            Clause::should(Node::Phrase {
                text: "c d".into(),
                slop: 2,
            }),
            Clause::should(Node::Field(
                Field::Section,
                Box::new(Node::Group(vec![
                    Clause::should(word("e")),
                    Clause::should(word("f")),
                ])),
            )),
        ],
        notes: Vec::new(),
    };
    assert_eq!(query.to_string(), "+a -b* \"c d\"~2 section:(e f)");
}

/// Every word, prefix and phrase in the tree holds something to search, and no group is empty.
fn leaves_are_searchable(node: &Node) -> bool {
    match node {
        Node::Word(text) | Node::Prefix(text) | Node::Phrase { text, .. } => has_alphanumeric(text),
        Node::Field(_, node) => leaves_are_searchable(node),
        Node::Group(clauses) => {
            !clauses.is_empty() && clauses.iter().all(|c| leaves_are_searchable(&c.node))
        }
    }
}

/// Text made of syntax pieces, so that operators meet each other far more often than in random strings.
fn syntax_soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Israel",
        "69%",
        "AND",
        "OR",
        "NOT",
        "and",
        "title:",
        "doc:",
        "Claim:",
        "(",
        ")",
        "\"",
        "“",
        "”",
        "„",
        "‘",
        "-",
        "+",
        "*",
        "~",
        "~2",
        ":",
        " ",
        " ",
        " ",
        "é",
        "2016-2020",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn parse_never_fails_on_text_with_a_letter_or_digit(input in syntax_soup()) {
        match parse(&input) {
            Ok(query) => {
                prop_assert!(has_alphanumeric(&input));
                prop_assert!(!query.clauses.is_empty());
                prop_assert!(query.clauses.iter().all(|c| leaves_are_searchable(&c.node)));
                let _ = query.to_string();
            }
            Err(_) => prop_assert!(!has_alphanumeric(&input)),
        }
    }

    #[test]
    fn parse_never_fails_on_arbitrary_text(input in any::<String>()) {
        prop_assert_eq!(parse(&input).is_ok(), has_alphanumeric(&input));
    }

    #[test]
    fn literal_succeeds_exactly_on_text_with_a_letter_or_digit(input in syntax_soup()) {
        let result = parse_literal(&input);
        prop_assert_eq!(result.is_ok(), has_alphanumeric(&input));
        if let Ok(query) = result {
            prop_assert!(query.notes.is_empty());
            prop_assert!(query.clauses.iter().all(|c| c.occur == Occur::Should));
        }
    }
}
