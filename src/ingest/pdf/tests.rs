//! Tests of reading PDFs: boxes, reading order, furniture, paragraphs, hyphens.

use super::bbox::*;
use super::layout::*;
use super::*;

fn line(x0: f64, y0: f64, x1: f64, text: &str) -> Line {
    Line {
        area: BoxPt {
            x0,
            y0,
            x1,
            y1: y0 + 10.0,
        },
        text: text.into(),
    }
}

fn block(lines: Vec<Line>) -> Block {
    let area = BoxPt {
        x0: lines.iter().map(|l| l.area.x0).fold(f64::MAX, f64::min),
        y0: lines.iter().map(|l| l.area.y0).fold(f64::MAX, f64::min),
        x1: lines.iter().map(|l| l.area.x1).fold(f64::MIN, f64::max),
        y1: lines.iter().map(|l| l.area.y1).fold(f64::MIN, f64::max),
    };
    Block { area, lines }
}

fn page(blocks: Vec<Block>) -> Page {
    Page {
        width: 400.0,
        height: 500.0,
        blocks,
    }
}

fn text_of(pages: &[Page]) -> String {
    let labels = vec![None; pages.len()];
    lay_out(pages, &labels).text
}

#[test]
fn two_columns_are_read_column_by_column() {
    let title = block(vec![line(50.0, 70.0, 350.0, "A Title Across The Page")]);
    let right = block(vec![
        line(210.0, 100.0, 350.0, "Right column starts here"),
        line(210.0, 112.0, 300.0, "and ends."),
    ]);
    let left = block(vec![
        line(50.0, 100.0, 190.0, "Left column starts here"),
        line(50.0, 112.0, 150.0, "and ends."),
    ]);
    let text = text_of(&[page(vec![title, right, left])]);
    assert_eq!(
        text,
        "A Title Across The Page\n\nLeft column starts here\nand ends.\n\nRight column starts here\nand ends.\n"
    );
}

#[test]
fn headers_footers_and_page_numbers_are_dropped_and_paragraphs_join_across_pages() {
    let page_with = |body: Vec<Line>, number: &str| {
        page(vec![
            block(vec![line(50.0, 20.0, 150.0, "Annual Report 2024")]),
            block(body),
            block(vec![line(190.0, 470.0, 200.0, number)]),
        ])
    };
    let one = page_with(
        vec![
            line(
                50.0,
                100.0,
                350.0,
                "The survey found otters at most sites, and",
            ),
            line(
                50.0,
                112.0,
                350.0,
                "the numbers grew along every river of the",
            ),
        ],
        "1",
    );
    let two = page_with(
        vec![
            line(
                50.0,
                100.0,
                350.0,
                "district between 2019 and 2024, the report",
            ),
            line(50.0, 112.0, 200.0, "says."),
        ],
        "2",
    );
    let out = lay_out(&[one, two], &[None, Some("ii".into())]);
    assert_eq!(
        out.text,
        "The survey found otters at most sites, and\nthe numbers grew along every river of the\n\
         district between 2019 and 2024, the report\nsays.\n"
    );
    assert_eq!(out.pages[1].start, out.text.find("district").unwrap());
    assert_eq!(out.pages[1].label.as_deref(), Some("ii"));
}

#[test]
fn broken_words_are_rejoined_and_real_hyphens_kept() {
    let body = vec![
        line(50.0, 100.0, 350.0, "an inter-"),
        line(50.0, 112.0, 350.0, "national survey of the state-of-the-"),
        line(50.0, 124.0, 350.0, "art kind, with U.S.-"),
        line(50.0, 136.0, 350.0, "Israel help and a well-"),
        line(
            50.0,
            148.0,
            350.0,
            "known method; a well-known one at that. Con-",
        ),
        line(50.0, 160.0, 350.0, "tinued."),
    ];
    let text = text_of(&[page(vec![block(body)])]);
    assert_eq!(
        text,
        "an international\nsurvey of the state-of-the-art\nkind, with U.S.-Israel\nhelp and a well-known\nmethod; a well-known one at that. Continued.\n"
    );
}

#[test]
fn indented_and_spaced_lines_start_paragraphs() {
    let body = vec![
        line(50.0, 100.0, 350.0, "First paragraph runs over two lines of"),
        line(50.0, 112.0, 350.0, "text and then stops."),
        line(65.0, 124.0, 350.0, "Second paragraph, indented, runs on"),
        line(50.0, 136.0, 200.0, "to here."),
        line(50.0, 160.0, 350.0, "Third after a gap."),
    ];
    let text = text_of(&[page(vec![block(body)])]);
    assert_eq!(
        text,
        "First paragraph runs over two lines of\ntext and then stops.\n\n\
         Second paragraph, indented, runs on\nto here.\n\nThird after a gap.\n"
    );
}

#[test]
fn raised_small_digits_are_footnote_markers() {
    let line = BoxPt {
        x0: 0.0,
        y0: 0.0,
        x1: 100.0,
        y1: 12.0,
    };
    let raised = BoxPt {
        x0: 50.0,
        y0: 0.0,
        x1: 54.0,
        y1: 7.0,
    };
    assert_eq!(superscript("12", &raised, &line).as_deref(), Some("¹²"));
    assert_eq!(superscript("12", &line, &line), None);
    assert_eq!(superscript("a", &raised, &line), None);
}

#[test]
fn a_title_wrapped_in_large_type_is_one_line() {
    let mut title = vec![
        line(50.0, 60.0, 300.0, "A Long Title Set In"),
        line(50.0, 80.0, 200.0, "Large Type"),
    ];
    for l in &mut title {
        l.area.y1 = l.area.y0 + 18.0;
    }
    let body = block(vec![
        line(
            50.0,
            120.0,
            350.0,
            "Body text in the usual size runs on over",
        ),
        line(
            50.0,
            132.0,
            350.0,
            "three lines, as body text does, in type",
        ),
        line(50.0, 144.0, 200.0, "smaller than the title."),
    ]);
    let text = text_of(&[page(vec![block(title), body])]);
    assert_eq!(
        text,
        "A Long Title Set In Large Type\n\nBody text in the usual size runs on over\n\
         three lines, as body text does, in type\nsmaller than the title.\n"
    );
}

#[test]
fn page_numbers_are_recognised() {
    for yes in [
        "3",
        "xiv",
        "IV",
        "Page 3",
        "3 of 12",
        "3/12",
        "- 3 -",
        "— 12 —",
    ] {
        assert!(is_page_number(yes), "{yes}");
    }
    for no in ["3 Results", "2024 was a year", "Civil", "page three", ""] {
        assert!(!is_page_number(no), "{no}");
    }
}

#[test]
fn failures_are_explained() {
    assert!(
        describe_failure("Command Line Error: Incorrect password", Some(1))
            .starts_with("encrypted")
    );
    let corrupt = describe_failure("Syntax Error: Couldn't find trailer dictionary\n", Some(1));
    assert!(
        corrupt.contains("damaged") && corrupt.contains("trailer"),
        "{corrupt}"
    );
}

#[test]
fn bbox_output_is_parsed_with_entities_and_ligatures() {
    let xml = r#"<html><head><title>T &amp; U</title></head><body><doc>
        <page width="100" height="200"><flow><block xMin="1" yMin="2" xMax="3" yMax="4">
        <line xMin="1" yMin="2" xMax="3" yMax="4"><word xMin="1" yMin="2" xMax="3" yMax="4">&#xFB01;sh</word>
        <word xMin="1" yMin="2" xMax="3" yMax="4">&amp;</word></line></block></flow></page>
        <page width="100" height="200"></page></doc></body></html>"#;
    let parsed = parse_bbox(xml).unwrap();
    assert_eq!(parsed.title.as_deref(), Some("T & U"));
    assert_eq!(parsed.pages.len(), 2);
    assert_eq!(parsed.pages[0].blocks[0].lines[0].text, "fish &");
    assert!(parsed.pages[1].blocks.is_empty());
}
