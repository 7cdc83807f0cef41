//! Segmentation tests: whole seeds, layouts met in real corpora, and the invariants as properties.

use super::{segment, segment_with_limit, Passage, Segmented, MAX_PASSAGE_CHARS};

use proptest::prelude::*;

const SEED_000: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/000_8425519e804e4c14.txt"
));
const SEED_001: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/001_5c75391b8c8e4d84.txt"
));
const SEED_002: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/002_a4b8eb8b2eee3022.txt"
));
const SEED_003: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/003_e7abf556df2123a9.txt"
));
const SEED_004: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/004_56b8b833bb8f33e6.txt"
));
const SEEDS: [&str; 5] = [SEED_000, SEED_001, SEED_002, SEED_003, SEED_004];

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks invariants 1–5 of the module contract, independently of the implementation.
fn check_invariants(input: &str, segmented: &Segmented, max_chars: usize) {
    let mut previous_end = 0;
    for (index, p) in segmented.passages.iter().enumerate() {
        let at = format!("passage {} {:?}", index + 1, p);
        // 1. reading order, no overlap, char boundaries.
        assert!(p.byte_start >= previous_end, "overlap/order: {at}");
        assert!(p.byte_start < p.byte_end, "empty range: {at}");
        assert!(
            input.is_char_boundary(p.byte_start) && input.is_char_boundary(p.byte_end),
            "{at}"
        );
        previous_end = p.byte_end;
        // 2. same non-whitespace text as the source range.
        let source = &input[p.byte_start..p.byte_end];
        assert_eq!(
            without_whitespace(source),
            without_whitespace(&p.text),
            "{at}"
        );
        // 3. exactly the lines the range touches.
        let first_line = input[..p.byte_start].matches('\n').count() + 1;
        let last_line = first_line + source.matches('\n').count();
        assert_eq!((p.line_start, p.line_end), (first_line, last_line), "{at}");
        // 4. length limit.
        assert!(p.text.chars().count() <= max_chars.max(1), "too long: {at}");
        // 5. never blank.
        assert!(!p.text.trim().is_empty(), "blank: {at}");
        assert_eq!(p.text.trim(), p.text, "untrimmed: {at}");
    }
    // 5. title and headings are not passages (unless the same words occur again in the input).
    let labels = segmented
        .title
        .iter()
        .chain(segmented.passages.iter().filter_map(|p| p.section.as_ref()));
    for label in labels {
        let also_a_passage = segmented.passages.iter().any(|p| &p.text == label);
        assert!(
            !also_a_passage || input.matches(label.as_str()).count() >= 2,
            "label {label:?} is a passage"
        );
    }
}

fn find<'a>(segmented: &'a Segmented, needle: &str) -> (usize, &'a Passage) {
    segmented
        .passages
        .iter()
        .enumerate()
        .find(|(_, p)| p.text.contains(needle))
        .unwrap_or_else(|| panic!("no passage contains {needle:?}"))
}

fn section_of<'a>(segmented: &'a Segmented, needle: &str) -> Option<&'a str> {
    find(segmented, needle).1.section.as_deref()
}

#[test]
fn seeds_keep_the_invariants() {
    for seed in SEEDS {
        for limit in [MAX_PASSAGE_CHARS, 300, 80, 7, 1] {
            check_invariants(seed, &segment_with_limit(seed, limit), limit);
        }
    }
}

#[test]
fn seed_000_title_and_sections() {
    let s = segment(SEED_000);
    assert_eq!(
        s.title.as_deref(),
        Some("Between Tehran and Tel Aviv: Azerbaijan’s Neutrality Dilemma Amid Rising U.S.-Israel Tensions with Iran")
    );
    let (_, p) = find(&s, "Between 2016 and 2020, Israel supplied 69%");
    assert_eq!((p.line_start, p.line_end), (8, 8));
    assert_eq!(
        p.section.as_deref(),
        Some("Strategic Depth: Azerbaijan’s Alignment with Israel")
    );
    let expected = [
        ("The concept of neutrality has long", "Introduction"),
        ("From Tehran’s perspective", "Iranian Security Concerns"),
        (
            "Despite past political confrontations",
            "Baku’s Balancing Act",
        ),
        (
            "On May 7, 2025, Israeli Prime Minister",
            "Economic Dependencies and Geopolitical Stakes",
        ),
        ("Iran has warned neighbors", "Regional Escalation Scenario"),
        (
            "As regional rivalries intensify",
            "Conclusion: The Shrinking Space for Neutrality",
        ),
        (
            "Contributed by Mikhail Mkrtchian",
            "Conclusion: The Shrinking Space for Neutrality",
        ),
    ];
    for (needle, section) in expected {
        assert_eq!(section_of(&s, needle), Some(section), "{needle}");
    }
    // Headings are not passages; the byline is.
    assert!(s
        .passages
        .iter()
        .all(|p| p.text != "Introduction" && p.text != "Baku’s Balancing Act"));
    assert_eq!(
        s.passages.last().map(|p| p.text.as_str()),
        Some("Contributed by Mikhail Mkrtchian, Regional Security Analyst")
    );
    // One paragraph per line: 14 body lines and the byline; the 1,921-char line is cut in two.
    assert_eq!(s.passages.len(), 16);
    let (_, cut) = find(&s, "On March 13, 2025");
    assert_eq!(
        (cut.line_start, find(&s, "On May 7, 2025").1.line_start),
        (16, 16)
    );
    let sections: std::collections::BTreeSet<_> = s
        .passages
        .iter()
        .filter_map(|p| p.section.clone())
        .collect();
    assert_eq!(sections.len(), 7);
}

#[test]
fn seed_001_pdf_paragraphs() {
    let s = segment(SEED_001);
    assert_eq!(s.title, None);
    assert_eq!(s.passages[0].section, None);
    assert_eq!((s.passages[0].line_start, s.passages[0].line_end), (2, 8));

    let (_, jews) = find(&s, "Today, Jews in Azerbaijan are divided");
    assert_eq!((jews.line_start, jews.line_end), (21, 31));
    assert!(jews.text.contains("BC,[1] are the oldest"));
    assert!(jews.text.ends_with("that are still felt today."));

    assert_eq!(
        section_of(&s, "In the period 2016-2020, 69% of Azerbaijan's arms"),
        Some("Azerbaijan-Israel Relations")
    );
    assert!(find(&s, "Israeli-Azerbaijani relations")
        .1
        .text
        .contains("almost half of Israel's oil imports come from Azerbaijan [8]. In accordance"));
    assert!(find(&s, "approximately 7,200 people [3], has established")
        .1
        .text
        .starts_with("Today, the Jewish community"));
    let (_, blow) = find(&s, "diplomatic blow to Iran.");
    assert!(blow.text.ends_with("blow to Iran. [17]"));

    // The page footer is in no passage, heading or title.
    for p in &s.passages {
        assert!(
            !p.text.contains("Avrasya") && !p.text.contains("Center for Eurasian Studies"),
            "{p:?}"
        );
    }
    let footer_line = SEED_001
        .lines()
        .position(|l| l.starts_with("Center for Eurasian"))
        .unwrap()
        + 1;
    assert!(s
        .passages
        .iter()
        .all(|p| footer_line < p.line_start || footer_line > p.line_end));
    assert_eq!(
        section_of(
            &s,
            "Iran considers Israel's influence in Azerbaijan a threat"
        ),
        Some("Azerbaijan's Balance Policy Between Israel and Iran")
    );

    // The corridor list: seven items, each its own passage, wrapped items joined.
    let (intro, _) = find(&s, "will have the following negative consequences:");
    let items: Vec<&str> = s.passages[intro + 1..intro + 8]
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(items[0], "The Iran-Armenia border will effectively disappear, and Iran's access to the Caucasus via Armenia will become restricted;");
    assert_eq!(
        items[1],
        "Control over the Aras River will pass to Azerbaijan;"
    );
    assert_eq!(items[5], "Demand for Iranian gas will decline if Turkmen gas starts being transported to Türkiye and Europe via this corridor;");
    assert_eq!(
        items[6],
        "All these developments will weaken Iran's geopolitical influence in the region.[14]"
    );
    assert!(s.passages[intro + 8]
        .text
        .starts_with("Furthermore, from Iran's perspective"));
    // An indented line after a short one that ends a sentence starts a new paragraph, though
    // no blank line separates them.
    let (_, context) = find(&s, "In this context, there have been some unconfirmed");
    assert_eq!((context.line_start, context.line_end), (77, 82));
    assert!(find(&s, "out Iran and keep it under pressure.").1.line_end == 76);
    assert_eq!(s.passages.len(), 28);
    // Odd Unicode spaces inside a line are kept.
    assert!(find(&s, "Three Brothers")
        .1
        .text
        .contains("Brothers \u{2000}"));
}

#[test]
fn seed_002_one_paragraph_per_line() {
    let s = segment(SEED_002);
    assert_eq!(s.title, None);
    assert_eq!(s.passages[0].section, None);
    assert_eq!(
        section_of(&s, "Azerbaijan maintains that its relationship"),
        Some("The Israeli Connection: Source of Iranian Anxiety")
    );
    assert_eq!(
        section_of(&s, "You must be logged in"),
        Some("Leave a Reply")
    );
    assert!(s.passages.iter().all(|p| p.line_start == p.line_end));
}

#[test]
fn seed_003_wrapped_web_paragraphs() {
    let s = segment(SEED_003);
    assert_eq!(s.title.as_deref(), Some("Azerbaijan President Ilham Aliyev (L) and Israeli Prime Minister Benjamin Netanyahu (File)"));
    let (_, that) = find(&s, "relationship with Israel that is both pragmatic");
    assert_eq!((that.line_start, that.line_end), (6, 7));
    let (_, quote) = find(&s, "Bayraktar\u{a0}TB2 drones gaining air superiority.”");
    assert_eq!((quote.line_start, quote.line_end), (9, 10));
    assert_eq!(section_of(&s, "In the chessboard"), None);
    assert_eq!(
        section_of(&s, "The October 7, 2023 attacks"),
        Some("Navigating The Relationship Amid Israel-Gaza")
    );
    assert_eq!(
        section_of(&s, "For now, Azerbaijan remains"),
        Some("Baku’s Tightrope")
    );
}

#[test]
fn seed_004_dates_title_bullets() {
    let s = segment(SEED_004);
    assert_eq!(
        s.title.as_deref(),
        Some("Azerbaijan distances itself from Israeli strikes on Iran")
    );
    assert_eq!(s.passages[0].text, "Jun 19, 2025, 4:39 PM");
    assert_eq!(s.passages[1].text, "Jun 19, 2025, 4:39 PM");
    assert_eq!(
        (s.passages[1].line_start, s.passages[0].section.clone()),
        (2, None)
    );
    let bullets: Vec<&Passage> = s
        .passages
        .iter()
        .filter(|p| p.section.as_deref() == Some("Highlights"))
        .collect();
    assert_eq!(bullets.len(), 3);
    assert!(bullets[0].text.starts_with("Israel's military offensive"));
    assert_eq!(
        &SEED_004[bullets[0].byte_start..bullets[0].byte_start + 7],
        "Israel'"
    );
    assert_eq!(
        bullets.iter().map(|p| p.line_start).collect::<Vec<_>>(),
        [7, 8, 9]
    );
    assert_eq!(
        section_of(&s, "In June 2025, Azerbaijan faced"),
        Some("Story")
    );
    assert_eq!(
        s.passages.last().map(|p| p.text.as_str()),
        Some("You've reached the end")
    );
}

#[test]
fn crlf_gives_the_same_passages() {
    let crlf = SEED_001.replace('\n', "\r\n");
    let (lf, cr) = (segment(SEED_001), segment(&crlf));
    check_invariants(&crlf, &cr, MAX_PASSAGE_CHARS);
    assert_eq!(lf.passages.len(), cr.passages.len());
    for (a, b) in lf.passages.iter().zip(&cr.passages) {
        assert_eq!(
            (&a.text, &a.section, a.line_start, a.line_end),
            (&b.text, &b.section, b.line_start, b.line_end)
        );
        assert!(!crlf[b.byte_start..b.byte_end].ends_with('\r'));
    }
}

#[test]
fn leading_bom_is_not_text() {
    let input = "\u{feff}Title Here\n\nBody text of the document.\n";
    let s = segment(input);
    assert_eq!(s.title.as_deref(), Some("Title Here"));
    assert_eq!(s.passages[0].text, "Body text of the document.");
    let only = segment("\u{feff}Just one sentence.");
    assert_eq!(only.passages[0].byte_start, 3);
    assert_eq!(only.passages[0].line_start, 1);
}

#[test]
fn long_paragraph_splits_at_sentences() {
    let sentence = "This sentence is exactly fifty characters long ok. ";
    let input = sentence.repeat(10);
    let s = segment_with_limit(&input, 120);
    check_invariants(&input, &s, 120);
    assert_eq!(s.passages.len(), 5);
    for p in &s.passages {
        assert_eq!(p.text, sentence.repeat(2).trim_end());
    }
    // Balanced: 1,600 chars under a 1,500 limit give two halves, not 1,500 + 100.
    let input = "Sixteen chars. ".repeat(107);
    let s = segment(&input);
    let lengths: Vec<usize> = s.passages.iter().map(|p| p.text.chars().count()).collect();
    assert_eq!(lengths.len(), 2);
    assert!(lengths.iter().all(|&n| n > 700), "{lengths:?}");
}

#[test]
fn long_sentence_splits_at_words_and_giant_word_at_chars() {
    let input = "word ".repeat(100);
    let s = segment_with_limit(&input, 42);
    check_invariants(&input, &s, 42);
    assert!(s
        .passages
        .iter()
        .all(|p| p.text.split(' ').all(|w| w == "word")));

    let giant = "é".repeat(5000);
    let s = segment(&giant);
    check_invariants(&giant, &s, MAX_PASSAGE_CHARS);
    let ranges: Vec<(usize, usize)> = s
        .passages
        .iter()
        .map(|p| (p.byte_start, p.byte_end))
        .collect();
    // Greedy pieces, then the last two balanced.
    assert_eq!(
        ranges,
        [(0, 3000), (3000, 6000), (6000, 8000), (8000, 10000)]
    );
}

#[test]
fn empty_and_blank_inputs_have_nothing() {
    for input in [
        "",
        "\n",
        " \u{a0}\t\r\n\u{2003}\n\n",
        "\u{feff}",
        "\u{feff}\r\n  ",
    ] {
        assert_eq!(segment(input), Segmented::default(), "{input:?}");
    }
    // A zero limit counts as 1: every char but the space is a passage.
    assert_eq!(segment_with_limit("Zero limit.", 0).passages.len(), 10);
}

#[test]
fn wikipedia_period_headings() {
    let input = "Anarchism is a political philosophy. It has many currents.\n\nEtymology and terminology.\n\nThe word comes from Greek, and it was first used in 1539.\n\nHistory.\n\nOrigins lie in prehistory and in the earliest human societies.\n\nA short sentence.";
    let s = segment(input);
    assert_eq!(s.title, None);
    let sections: Vec<Option<&str>> = s.passages.iter().map(|p| p.section.as_deref()).collect();
    assert_eq!(
        sections,
        [
            None,
            Some("Etymology and terminology."),
            Some("History."),
            Some("History.")
        ]
    );
    // Where headings do not end in periods, a short sentence in a block of its own is text.
    let web = "Azerbaijan has long balanced its ties with Iran and Israel.\n\nA Plain Heading\n\nBaku condemned the strike on Tuesday, officials said.\n\nIran objected.\n\nThe talks resumed later in the week after a pause.";
    let s = segment(web);
    assert!(s.passages.iter().any(|p| p.text == "Iran objected."));
}

#[test]
fn bullets_wrap_and_lists_of_short_lines_stay_passages() {
    let input = "Notes\n• First item wraps onto\n  the next line.\n- Second item.\n1. Third item.\n\nEdmonton\nCalgary\nRed Deer\n\nBody text.";
    let s = segment(input);
    let texts: Vec<&str> = s.passages.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "First item wraps onto the next line.",
            "Second item.",
            "Third item.",
            "Edmonton",
            "Calgary",
            "Red Deer",
            "Body text."
        ]
    );
    assert_eq!(s.title.as_deref(), Some("Notes"));
}

#[test]
fn huge_line_is_linear() {
    let start = std::time::Instant::now();
    let text =
        "Lorem ipsum dolor sit amet, consectetur. Adipiscing elit sed do eiusmod! ".repeat(40_000);
    let s = segment(&text);
    assert!(s.passages.len() > 1500);
    // Pathological for sentence segmentation: long runs of spaces and brackets after periods.
    let nasty = "a.".to_string()
        + &" ".repeat(300_000)
        + &")".repeat(300_000)
        + "b. "
        + &"x".repeat(1_000_000);
    let s = segment(&nasty);
    check_invariants(&nasty, &s, MAX_PASSAGE_CHARS);
    assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
}

#[test]
fn page_furniture_is_dropped_and_never_merged_across() {
    let input = "Some intro text comes first. Then the paragraph is cut by a page\n\n\
                 Journal of Things\nPage 12\n\nbreak and goes on here.\n\nEurasia Review 4\n\n\
                 The second paragraph has a verb, as it should.\n\nEurasia Review 5\n\n\
                 The third paragraph is the last one.";
    let s = segment(input);
    let texts: Vec<&str> = s.passages.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Some intro text comes first. Then the paragraph is cut by a page",
            "break and goes on here.",
            "The second paragraph has a verb, as it should.",
            "The third paragraph is the last one."
        ]
    );
    assert_eq!(s.title, None);
    // A one-off short line with a number is a heading, not furniture.
    let s = segment("The intro is here.\n\nChapter 3\n\nThe body text is here.");
    assert_eq!(section_of(&s, "The body text"), Some("Chapter 3"));
}

#[test]
fn hyphen_joins_only_after_a_letter() {
    let s = segment("In the period 2016-\n2020, arms came from Israeli-\nAzerbaijani deals.");
    assert_eq!(
        s.passages[0].text,
        "In the period 2016- 2020, arms came from Israeli-Azerbaijani deals."
    );
    assert_eq!((s.passages[0].line_start, s.passages[0].line_end), (1, 3));
}

#[test]
fn huge_limit_is_fine() {
    let s = segment_with_limit(SEED_001, usize::MAX);
    check_invariants(SEED_001, &s, usize::MAX);
    assert_eq!(s.passages.len(), segment(SEED_001).passages.len());
}

fn texty() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("\n"),
            Just("\r\n"),
            Just("\n\n"),
            Just(" "),
            Just("\u{a0}"),
            Just("\t"),
            Just("\u{feff}"),
            Just("Word"),
            Just("word"),
            Just("the"),
            Just(". "),
            Just("."),
            Just(";"),
            Just(":"),
            Just(","),
            Just("-"),
            Just("• "),
            Just("1. "),
            Just("[12]"),
            Just("”"),
            Just("é"),
            Just("Jun 19, 2025"),
            Just("By Jane"),
            Just("3"),
            Just(")"),
            Just("\u{2000}"),
            Just("Regional Relations"),
            Just("\u{a0}\n"),
            Just("a)"),
        ],
        0..200,
    );
    pieces.prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn invariants_hold_on_arbitrary_strings(input in any::<String>(), limit in 0usize..60) {
        check_invariants(&input, &segment_with_limit(&input, limit), limit);
    }

    #[test]
    fn invariants_hold_on_text_like_strings(input in texty(), limit in 0usize..200) {
        check_invariants(&input, &segment_with_limit(&input, limit), limit);
        check_invariants(&input, &segment(&input), MAX_PASSAGE_CHARS);
    }
}
