//! pdftotext's XHTML (`-bbox-layout`): pages of blocks of lines of words, with their bounding
//! boxes, and the document's title.

use quick_xml::events::Event;

use crate::ingest::extract::{unfold_ligatures, xml_reference};

/// A rectangle in points, y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct BoxPt {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BoxPt {
    pub(super) fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

/// One line of words.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Line {
    pub area: BoxPt,
    pub text: String,
}

/// A block of lines poppler found together.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Block {
    pub area: BoxPt,
    pub lines: Vec<Line>,
}

/// One page.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Page {
    pub width: f64,
    pub height: f64,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub title: Option<String>,
    pub pages: Vec<Page>,
}

pub(super) fn parse_bbox(xml: &str) -> Result<Parsed, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut parsed = Parsed::default();
    let mut in_title = false;
    let mut in_word = false;
    let mut word = String::new();
    let mut word_area = BoxPt::default();
    loop {
        match reader.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"title" => in_title = true,
                b"page" => {
                    let area = read_box(&e, &["width", "height"]);
                    parsed.pages.push(Page {
                        width: area.x0,
                        height: area.y0,
                        blocks: Vec::new(),
                    });
                }
                b"block" => {
                    if let Some(page) = parsed.pages.last_mut() {
                        page.blocks.push(Block {
                            area: read_box(&e, &["xMin", "yMin", "xMax", "yMax"]),
                            lines: Vec::new(),
                        });
                    }
                }
                b"line" => {
                    if let Some(block) = parsed.pages.last_mut().and_then(|p| p.blocks.last_mut()) {
                        block.lines.push(Line {
                            area: read_box(&e, &["xMin", "yMin", "xMax", "yMax"]),
                            text: String::new(),
                        });
                    }
                }
                b"word" => {
                    in_word = true;
                    word.clear();
                    word_area = read_box(&e, &["xMin", "yMin", "xMax", "yMax"]);
                }
                _ => {}
            },
            Event::Text(t) if in_word || in_title => {
                let text = t.xml10_content().unwrap_or_default();
                if in_title {
                    parsed.title.get_or_insert_with(String::new).push_str(&text);
                } else {
                    word.push_str(&text);
                }
            }
            Event::GeneralRef(r) if in_word || in_title => {
                let text = xml_reference(&r);
                if in_title {
                    parsed.title.get_or_insert_with(String::new).push_str(&text);
                } else {
                    word.push_str(&text);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"title" => in_title = false,
                b"word" => {
                    in_word = false;
                    let line = parsed
                        .pages
                        .last_mut()
                        .and_then(|p| p.blocks.last_mut())
                        .and_then(|b| b.lines.last_mut());
                    if let Some(line) = line {
                        let word = word.trim();
                        if let Some(marker) = superscript(word, &word_area, &line.area) {
                            line.text.push_str(&marker);
                        } else {
                            if !line.text.is_empty() {
                                line.text.push(' ');
                            }
                            line.text.push_str(&unfold_ligatures(word));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    for page in &mut parsed.pages {
        for block in &mut page.blocks {
            block.lines.retain(|l| l.text.chars().any(is_visible));
        }
        page.blocks.retain(|b| !b.lines.is_empty());
    }
    Ok(parsed)
}

/// A footnote number set small and raised after a word, written as superscript digits (`¹`), which
/// search and verify know as a footnote marker; `None` for ordinary words.
pub(super) fn superscript(word: &str, area: &BoxPt, line: &BoxPt) -> Option<String> {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let height = line.height();
    let raised = area.height() < 0.8 * height && area.y1 < line.y1 - 0.2 * height;
    if !raised
        || word.is_empty()
        || word.len() > 3
        || word.starts_with('0')
        || !word.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some(
        word.bytes()
            .map(|b| DIGITS[usize::from(b - b'0')])
            .collect(),
    )
}

/// Whether `c` shows on the page (not a space, control or zero-width character).
fn is_visible(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
        ))
}

fn read_box(e: &quick_xml::events::BytesStart<'_>, names: &[&str]) -> BoxPt {
    let mut values = [0.0f64; 4];
    for attr in e.attributes().flatten() {
        if let Some(i) = names.iter().position(|n| n.as_bytes() == attr.key.as_ref()) {
            values[i] = std::str::from_utf8(&attr.value)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0);
        }
    }
    BoxPt {
        x0: values[0],
        y0: values[1],
        x1: values[2],
        y1: values[3],
    }
}
