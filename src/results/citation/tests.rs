//! Citations printed and parsed back.

use super::*;

fn citation(line_end: u64, section: Option<&str>) -> Citation {
    Citation {
        path: "seeds/a.txt".into(),
        paragraph: 7,
        line_start: 12,
        line_end,
        section: section.map(str::to_string),
        title: "A Title".into(),
        kind: PassageKind::Paragraph,
        page: None,
        url: None,
    }
}

fn paged(first: u64, last: u64, labels: Option<(&str, &str)>) -> Citation {
    Citation {
        path: "reports/a, b.pdf".into(),
        paragraph: 4,
        line_start: 40,
        line_end: 48,
        section: Some("Results".into()),
        title: "Report".into(),
        kind: PassageKind::Paragraph,
        page: Some(PageSpan {
            first,
            last,
            line_first: 30,
            line_last: if first == last { 38 } else { 5 },
            label_first: labels.map(|l| l.0.to_string()),
            label_last: labels.map(|l| l.1.to_string()),
        }),
        url: None,
    }
}

#[test]
fn a_paged_citation_names_pages_and_lines_within_them() {
    assert_eq!(
        paged(3, 3, None).to_string(),
        "reports/a, b.pdf, page 3, lines 30-38, paragraph 4, section \"Results\", in \"Report\""
    );
    assert_eq!(
        paged(3, 4, None).location(),
        "reports/a, b.pdf, page 3 line 30 to page 4 line 5"
    );
    assert_eq!(
        paged(5, 5, Some(("iii", "iii"))).location(),
        "reports/a, b.pdf, page iii (PDF page 5), lines 30-38"
    );
    let mut web = citation(12, None);
    web.url = Some("https://a.example/x".into());
    assert_eq!(
        web.to_string(),
        "seeds/a.txt:12, paragraph 7, in \"A Title\" <https://a.example/x>"
    );
}

#[test]
fn paged_citations_parse_back() {
    for citation in [
        paged(3, 3, None),
        paged(3, 4, None),
        paged(5, 6, Some(("iii", "iv"))),
    ] {
        let parsed = Locator::parse(&citation.to_string()).unwrap();
        assert_eq!(parsed, Locator::from(&citation), "{citation}");
    }
    let bare = Locator::parse("a.pdf, page xiv").unwrap();
    assert_eq!(
        bare.pages,
        Some(PageLocator {
            first: PageRef::Label("xiv".into()),
            line_first: None,
            last: PageRef::Label("xiv".into()),
            line_last: None,
        })
    );
    let one_line = Locator::parse("a.pdf, page 2, line 7")
        .unwrap()
        .pages
        .unwrap();
    assert_eq!(
        (one_line.line_first, one_line.line_last),
        (Some(7), Some(7))
    );
    let err = Locator::parse("a.pdf, page 0").unwrap_err();
    assert!(err.reason.contains("from 1"), "{err}");
    let mut web = citation(12, None);
    web.url = Some("https://a.example/x".into());
    assert_eq!(
        Locator::parse(&web.to_string()).unwrap().title.as_deref(),
        Some("A Title")
    );
}

#[test]
fn arguments_split_into_the_citations_they_start() {
    let args: Vec<String> = [
        "seeds/a.txt:12-15,",
        "paragraph",
        "7,",
        "in",
        "\"A Title\"",
        "seeds/b.txt:3",
        "seeds/c.txt:4, paragraph 1",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(
        split_citations(&args),
        [
            "seeds/a.txt:12-15, paragraph 7, in \"A Title\"",
            "seeds/b.txt:3",
            "seeds/c.txt:4, paragraph 1"
        ]
    );
}

#[test]
fn the_citation_names_lines_paragraph_section_and_title() {
    assert_eq!(
        citation(15, Some("Intro")).to_string(),
        "seeds/a.txt:12-15, paragraph 7, section \"Intro\", in \"A Title\""
    );
}

#[test]
fn one_line_and_no_section_read_simply() {
    assert_eq!(
        citation(12, None).to_string(),
        "seeds/a.txt:12, paragraph 7, in \"A Title\""
    );
}

#[test]
fn a_title_and_a_heading_are_cited_as_such_and_parse_back() {
    let mut title = citation(4, None);
    title.line_start = 4;
    title.kind = PassageKind::Title;
    assert_eq!(title.to_string(), "seeds/a.txt:4, title");
    let mut heading = citation(10, Some("Intro"));
    heading.line_start = 10;
    heading.kind = PassageKind::Heading;
    assert_eq!(
        heading.to_string(),
        "seeds/a.txt:10, heading, in \"A Title\""
    );
    for cited in [title, heading] {
        let parsed = Locator::parse(&cited.to_string()).unwrap();
        assert_eq!(parsed.location(), cited.location());
        assert_eq!(parsed.paragraph, None);
    }
}

#[test]
fn every_printed_citation_parses_back_to_what_it_says() {
    for citation in [
        citation(15, Some("Intro")),
        citation(12, None),
        Citation {
            kind: Default::default(),
            path: "corpus, v2/data.jsonl#doc:7".into(),
            paragraph: 3,
            line_start: 1,
            line_end: 4,
            section: Some("Scope: \"quoted\" words".into()),
            title: "Title, with \"quotes\", in it".into(),
            page: None,
            url: None,
        },
    ] {
        let parsed = Locator::parse(&citation.to_string()).unwrap();
        assert_eq!(parsed, Locator::from(&citation), "{citation}");
        assert_eq!(parsed.location(), citation.location());
    }
}

#[test]
fn escaped_control_characters_in_a_path_are_decoded() {
    let parsed = Locator::parse("c/line\\u{a}name\\u{202e}.txt:3").unwrap();
    assert_eq!(parsed.unescaped().unwrap().path, "c/line\nname\u{202e}.txt");
    assert_eq!(Locator::parse("c/a.txt:3").unwrap().unescaped(), None);
    assert_eq!(Locator::parse("c/\\u{zz}.txt:3").unwrap().unescaped(), None);
}

#[test]
fn a_bare_location_parses() {
    let parsed: Locator = "seeds/a.txt:12".parse().unwrap();
    assert_eq!((parsed.line_start, parsed.line_end), (12, 12));
    assert_eq!(parsed.paragraph, None);
    let parsed = Locator::parse(" C:/x/a b.txt:3-9 ").unwrap();
    assert_eq!(parsed.path, "C:/x/a b.txt");
    assert_eq!((parsed.line_start, parsed.line_end), (3, 9));
}

#[test]
fn json_lines_documents_split_into_file_and_id() {
    let parsed = Locator::parse("dir#1/c.JSONL.zst#a#b:2").unwrap();
    assert_eq!(
        parsed.file_and_document(),
        ("dir#1/c.JSONL.zst", Some("a#b"))
    );
    assert_eq!(split_document("notes#3.txt"), ("notes#3.txt", None));
}

#[test]
fn malformed_citations_say_what_is_wrong() {
    for (text, reason) in [
        ("seeds/a.txt", "no `:`"),
        (":12", "path is empty"),
        ("seeds/a.txt:", "not a line number"),
        ("seeds/a.txt:0", "not a line number"),
        ("seeds/a.txt:9-3", "not a line number"),
        ("seeds/a.txt:x-3", "not a line number"),
        ("seeds/a.txt:+3", "not a line number"),
        ("seeds/a.txt:3, paragraph x", "not followed by a number"),
        (
            "seeds/a.txt:3, paragraph 2 and more",
            "after the paragraph number",
        ),
        (
            "seeds/a.txt:3, paragraph 2, section \"S\"",
            "not followed by `, in",
        ),
        ("seeds/a.txt:3, paragraph 2, in \"T", "does not end with"),
    ] {
        let err = Locator::parse(text).unwrap_err();
        assert!(err.reason.contains(reason), "{text}: {err}");
        assert!(err.to_string().contains("PATH:LINE"), "{err}");
    }
}
