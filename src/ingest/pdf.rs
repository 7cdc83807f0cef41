//! PDF: the text of each page as a reader reads it, through poppler's `pdftotext`.
//!
//! `pdftotext -bbox-layout` runs as a separate program, stopped after a time limit. It gives every
//! page's blocks, lines and words with their positions, which is what reading the page needs and
//! what its plain modes lose: the default mode removes every hyphen at a line end (`U.S.-` +
//! `Israel` becomes `U.S.Israel`) and marks no paragraphs, `-layout` prints two columns side by
//! side, `-raw` follows the order of drawing, which only TeX keeps to reading order. From the
//! positions this module:
//!
//! * orders blocks column by column (a recursive cut at the widest gaps, columns before rows);
//! * drops running headers and footers: lines at the top or bottom of pages that repeat across
//!   pages (digits aside), and bare page numbers (`3`, `iv`, `Page 3 of 9`, `3/9`);
//! * splits paragraphs at extra line spacing and at indented first lines;
//! * joins a paragraph that runs over a page break, and a word hyphenated at a line end
//!   (`inter-` + `national`) unless the hyphen is real (`state-of-the-art`, `U.S.-Israel`,
//!   or a hyphenated form the document uses elsewhere);
//! * unfolds ligatures (ﬁ → fi).
//!
//! Page labels (`iii`, `A-4`) come from the document's `/PageLabels` tree, read with `lopdf`.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use quick_xml::events::Event;

use crate::ingest::extract::{
    meaningful_title, unfold_ligatures, xml_reference, ExtractError, Extracted, Extractor,
    TextBuilder,
};

/// How long `pdftotext` may take on one file before it is stopped and the file reported. Large
/// reports take a few seconds; a minute means the program hangs. The environment variable
/// `SLEUTH_EXTRACT_TIMEOUT` (seconds) changes it.
pub const EXTRACT_TIMEOUT: Duration = Duration::from_secs(60);

/// [`EXTRACT_TIMEOUT`], or the number of seconds `SLEUTH_EXTRACT_TIMEOUT` gives.
fn extract_timeout() -> Duration {
    std::env::var("SLEUTH_EXTRACT_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(EXTRACT_TIMEOUT, Duration::from_secs_f64)
}

const INSTALL_POPPLER: &str = "sleuth reads PDFs with poppler's pdftotext: install it with \
    `apt-get install poppler-utils` (Debian, Ubuntu), `dnf install poppler-utils` (Fedora) or \
    `brew install poppler` (macOS); the other files are indexed";

/// PDF documents.
pub struct Pdf;

impl Extractor for Pdf {
    fn name(&self) -> &'static str {
        "PDF"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["pdf"]
    }

    fn extract(&self, path: &Path) -> Result<Extracted, ExtractError> {
        let xml = run_pdftotext(path, extract_timeout())?;
        let parsed = parse_bbox(&xml).map_err(|err| {
            ExtractError::Unreadable(format!("pdftotext's output could not be read: {err}"))
        })?;
        if parsed.pages.iter().all(|p| p.blocks.is_empty()) {
            return Err(ExtractError::Unreadable(
                "no text layer (scanned?): needs OCR".to_string(),
            ));
        }
        let labels = crate::ingest::page_labels::read(path, parsed.pages.len());
        let mut out = lay_out(&parsed.pages, &labels);
        out.title = parsed.title.as_deref().and_then(meaningful_title);
        Ok(out)
    }
}

/// Runs `pdftotext -bbox-layout` on `path` and returns its output, or why it failed.
fn run_pdftotext(path: &Path, timeout: Duration) -> Result<String, ExtractError> {
    let mut child = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => ExtractError::MissingProgram {
                program: "pdftotext",
                install: INSTALL_POPPLER,
            },
            _ => ExtractError::Unreadable(format!("pdftotext could not be started: {err}")),
        })?;
    // Both pipes are drained on threads while waiting, so a large output cannot fill a pipe and
    // stall the program.
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let status = match wait_timeout::ChildExt::wait_timeout(&mut child, timeout) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ExtractError::Unreadable(format!(
                "pdftotext did not finish within {} s: stopped (a damaged or very large PDF; \
                 SLEUTH_EXTRACT_TIMEOUT=SECONDS allows more time)",
                timeout.as_secs_f64()
            )));
        }
        Err(err) => return Err(ExtractError::Unreadable(format!("pdftotext failed: {err}"))),
    };
    let output =
        out.join().ok().and_then(|r| r.ok()).ok_or_else(|| {
            ExtractError::Unreadable("pdftotext's output could not be read".into())
        })?;
    let messages = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    if status.code().is_none() {
        return Err(ExtractError::Unreadable(format!(
            "pdftotext crashed on it ({status}): damaged, or a case poppler cannot read"
        )));
    }
    if !status.success() {
        return Err(ExtractError::Unreadable(describe_failure(
            &messages,
            status.code(),
        )));
    }
    Ok(String::from_utf8_lossy(&output).into_owned())
}

/// A person's reading of pdftotext's complaint.
fn describe_failure(messages: &str, code: Option<i32>) -> String {
    let lower = messages.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        "encrypted: it needs a password to open, so it cannot be indexed (save an unprotected copy)"
            .to_string()
    } else if code == Some(3) || lower.contains("permission") {
        "its permissions forbid copying text: it cannot be indexed".to_string()
    } else {
        let detail = messages
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        format!("damaged or not a PDF: pdftotext cannot read it{detail}")
    }
}

// ---------------------------------------------------------------------------------------------
// pdftotext's XHTML: pages of blocks of lines of words, with bounding boxes.

/// A rectangle in points, y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct BoxPt {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BoxPt {
    fn height(&self) -> f64 {
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
struct Parsed {
    title: Option<String>,
    pages: Vec<Page>,
}

fn parse_bbox(xml: &str) -> Result<Parsed, quick_xml::Error> {
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
fn superscript(word: &str, area: &BoxPt, line: &BoxPt) -> Option<String> {
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

// ---------------------------------------------------------------------------------------------
// Reading order.

/// Orders blocks as a reader reads them: where a vertical gap runs through the whole region, the
/// columns left to right; else bands top to bottom, each read the same way.
pub(crate) fn reading_order(blocks: &[Block]) -> Vec<usize> {
    let mut order = Vec::with_capacity(blocks.len());
    let all: Vec<usize> = (0..blocks.len()).collect();
    cut(blocks, &all, &mut order, 0);
    order
}

fn cut(blocks: &[Block], region: &[usize], order: &mut Vec<usize>, depth: usize) {
    if region.len() <= 1 || depth > 32 {
        let mut rest = region.to_vec();
        rest.sort_by(|&a, &b| {
            let (a, b) = (&blocks[a].area, &blocks[b].area);
            a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0))
        });
        order.extend(rest);
        return;
    }
    let columns = split_at_gaps(blocks, region, |b| (b.x0, b.x1), 1.0);
    if columns.len() > 1 {
        for column in columns {
            cut(blocks, &column, order, depth + 1);
        }
        return;
    }
    let bands = split_at_gaps(blocks, region, |b| (b.y0, b.y1), 0.0);
    if bands.len() <= 1 {
        cut(blocks, region, order, usize::MAX - 1);
        return;
    }
    // Bands that each hold columns side by side (two columns whose paragraph gaps happen to line
    // up) are read together, so that a column is not interleaved with its neighbour.
    let has_columns = |band: &[usize]| split_at_gaps(blocks, band, |b| (b.x0, b.x1), 1.0).len() > 1;
    let mut group: Vec<usize> = Vec::new();
    for band in bands {
        if has_columns(&band) {
            group.extend(band);
            continue;
        }
        if !group.is_empty() {
            cut(blocks, &std::mem::take(&mut group), order, depth + 1);
        }
        cut(blocks, &band, order, depth + 1);
    }
    if !group.is_empty() {
        cut(blocks, &group, order, depth + 1);
    }
}

/// Splits `region` into runs separated by gaps (wider than `min_gap` points) in the projection
/// `extent` of its blocks, in order along that axis.
fn split_at_gaps(
    blocks: &[Block],
    region: &[usize],
    extent: impl Fn(&BoxPt) -> (f64, f64),
    min_gap: f64,
) -> Vec<Vec<usize>> {
    let mut sorted = region.to_vec();
    sorted.sort_by(|&a, &b| {
        extent(&blocks[a].area)
            .0
            .total_cmp(&extent(&blocks[b].area).0)
    });
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut reach = f64::MIN;
    for i in sorted {
        let (start, end) = extent(&blocks[i].area);
        if parts.is_empty() || start > reach + min_gap {
            parts.push(Vec::new());
        }
        parts.last_mut().expect("pushed").push(i);
        reach = reach.max(end);
    }
    parts
}

// ---------------------------------------------------------------------------------------------
// Running headers, footers and page numbers.

/// How many rows of text at the top and at the bottom of a page can be running headers or footers.
const FURNITURE_ROWS: usize = 2;

/// For each line of `page` (block, line), its row's rank from the nearer edge of the page: 0 for
/// the top and bottom rows, 1 for the next ones, and so on. Lines overlapping vertically share a row.
fn edge_ranks(page: &Page) -> HashMap<(usize, usize), usize> {
    let mut lines: Vec<((usize, usize), BoxPt)> = page
        .blocks
        .iter()
        .enumerate()
        .flat_map(|(b, block)| {
            block
                .lines
                .iter()
                .enumerate()
                .map(move |(l, line)| ((b, l), line.area))
        })
        .collect();
    lines.sort_by(|a, b| a.1.y0.total_cmp(&b.1.y0));
    let mut rows: Vec<usize> = Vec::with_capacity(lines.len());
    let mut bottom = f64::MIN;
    let mut row = 0;
    for (i, (_, area)) in lines.iter().enumerate() {
        if i > 0 && (area.y0 + area.y1) / 2.0 > bottom {
            row += 1;
        }
        bottom = if i > 0 && rows.last() == Some(&row) {
            bottom.max(area.y1)
        } else {
            area.y1
        };
        rows.push(row);
    }
    let last = row;
    lines
        .iter()
        .zip(rows)
        .map(|((key, _), row)| (*key, row.min(last - row)))
        .collect()
}

/// `text` with digits folded, so that `Page 3` and `Page 4` compare equal.
fn furniture_key(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect::<String>()
        .to_lowercase()
}

/// A page number as printed alone on a line: `12`, `xiv`, `Page 3`, `3 of 9`, `3/9`, `- 3 -`.
pub(crate) fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let t = t
        .strip_prefix("Page ")
        .or_else(|| t.strip_prefix("page "))
        .unwrap_or(t)
        .trim();
    let is_number = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 5 && s.chars().all(|c| c.is_ascii_digit()))
            || (!s.is_empty()
                && s.len() <= 7
                && (s.chars().all(|c| "ivxlc".contains(c))
                    || s.chars().all(|c| "IVXLC".contains(c))))
    };
    if is_number(t) {
        return true;
    }
    for separator in [" of ", "/", " / "] {
        if let Some((a, b)) = t.split_once(separator) {
            return is_number(a) && is_number(b);
        }
    }
    false
}

/// Lines to drop: for each page, (block, line) pairs that are running headers, footers or page
/// numbers.
fn furniture(pages: &[Page]) -> Vec<HashSet<(usize, usize)>> {
    let ranks: Vec<HashMap<(usize, usize), usize>> = pages.iter().map(edge_ranks).collect();
    let lines_near_edges = |p: usize| {
        let page = &pages[p];
        ranks[p]
            .iter()
            .filter(|(_, rank)| **rank < FURNITURE_ROWS)
            .map(move |(&(b, l), &rank)| ((b, l), rank, &page.blocks[b].lines[l]))
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in 0..pages.len() {
        let keys: HashSet<String> = lines_near_edges(p)
            .map(|(_, _, line)| furniture_key(&line.text))
            .collect();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    // Keys without letters are page numbers: dropped only where page numbers are (above), never a
    // section number that happens to sit near the top.
    let repeated = |key: &str| {
        let count = seen.get(key).copied().unwrap_or(0);
        key.chars().any(char::is_alphabetic) && count >= 2 && (pages.len() <= 4 || count >= 3)
    };
    (0..pages.len())
        .map(|p| {
            lines_near_edges(p)
                .filter(|(_, rank, line)| {
                    (*rank == 0 && is_page_number(&line.text))
                        || repeated(&furniture_key(&line.text))
                })
                .map(|(key, _, _)| key)
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Paragraphs.

/// Sentence-final punctuation, possibly followed by closing quotes or brackets.
fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    t.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// Whether a sentence runs on from the line `before` (the end of a page or column) to `after` (the
/// start of the next): `before` does not end a sentence and `after` does not start one, nor a list
/// item.
fn runs_on(before: &str, after: &str) -> bool {
    let Some(first) = after.chars().next() else {
        return false;
    };
    let numbered = after.split_once(' ').is_some_and(|(word, _)| {
        word.len() <= 4
            && word.ends_with(['.', ')'])
            && word.starts_with(|c: char| c.is_ascii_digit())
    });
    !ends_sentence(before)
        && !first.is_uppercase()
        && !matches!(
            first,
            '•' | '·' | '▪' | '◦' | '*' | '–' | '—' | '-' | '(' | '['
        )
        && !numbered
}

/// The paragraphs of a page in reading order, each a list of lines with their boxes.
fn page_paragraphs(page: &Page, dropped: &HashSet<(usize, usize)>) -> Vec<Vec<Line>> {
    let mut paragraphs: Vec<Vec<Line>> = Vec::new();
    // The usual gap between the lines of a paragraph on this page: paragraphs set apart by space
    // have a wider one.
    let gaps: Vec<f64> = page
        .blocks
        .iter()
        .flat_map(|b| b.lines.windows(2).map(|w| w[1].area.y0 - w[0].area.y1))
        .filter(|g| *g > -1.0)
        .collect();
    let gap = median(gaps).unwrap_or(0.0).max(0.0);
    let mut previous_block: Option<BoxPt> = None;
    for b in reading_order(&page.blocks) {
        let block = &page.blocks[b];
        let lines: Vec<&Line> = block
            .lines
            .iter()
            .enumerate()
            .filter(|(l, _)| !dropped.contains(&(b, *l)))
            .map(|(_, line)| line)
            .collect();
        if lines.is_empty() {
            continue;
        }
        // A one-line block beside the previous block's last line (a section number and its
        // heading, set apart by poppler) continues that line.
        if let (Some(prev), [only]) = (previous_block, lines.as_slice()) {
            if let Some(last) = paragraphs.last_mut().and_then(|p| p.last_mut()) {
                let same_row = (only.area.y0 - last.area.y0).abs() < 0.5 * last.area.height();
                let close = only.area.x0 > last.area.x1
                    && only.area.x0 - last.area.x1 < 3.0 * last.area.height();
                if same_row && close && prev.y0 <= only.area.y1 {
                    last.text.push(' ');
                    last.text.push_str(&only.text);
                    last.area.x1 = only.area.x1;
                    previous_block = Some(block.area);
                    continue;
                }
            }
        }
        previous_block = Some(block.area);
        // A block that starts mid-sentence continues the paragraph before it (the top of the next
        // column).
        let continues = paragraphs
            .last()
            .and_then(|p| p.last())
            .is_some_and(|last| runs_on(&last.text, &lines[0].text));
        let left = lines.iter().map(|l| l.area.x0).fold(f64::MAX, f64::min);
        let right = lines.iter().map(|l| l.area.x1).fold(f64::MIN, f64::max);
        let mut current: Vec<Line> = if continues {
            paragraphs.pop().unwrap_or_default()
        } else {
            Vec::new()
        };
        for line in lines {
            if let Some(prev) = current.last() {
                let height = prev.area.height().max(1.0);
                let spaced =
                    line.area.y0 - prev.area.y1 > gap + 0.3 * height.min(line.area.height());
                let indented =
                    line.area.x0 > left + 0.8 * height && prev.area.x0 <= left + 0.8 * height;
                let prev_short = prev.area.x1 < right - 0.15 * (right - left);
                let breaks = spaced
                    || (indented && (ends_sentence(&prev.text) || prev_short))
                    || (prev_short && ends_sentence(&prev.text));
                if breaks {
                    paragraphs.push(std::mem::take(&mut current));
                }
            }
            current.push(line.clone());
        }
        if !current.is_empty() {
            paragraphs.push(current);
        }
    }
    paragraphs
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(values[values.len() / 2])
}

/// A title or heading set in type larger than the body's and wrapped over lines, as one line: the
/// segmenter knows headings by their being short lines of their own.
fn join_large_type(paragraph: Vec<Line>, body_height: f64) -> Vec<Line> {
    let is_large = |l: &Line| l.area.height() > 1.15 * body_height;
    if paragraph.len() < 2 || body_height <= 0.0 || !paragraph.iter().all(is_large) {
        return paragraph;
    }
    let mut joined = paragraph[0].clone();
    for line in &paragraph[1..] {
        if !joined.text.ends_with('-') {
            joined.text.push(' ');
        }
        joined.text.push_str(&line.text);
        joined.area.x1 = joined.area.x1.max(line.area.x1);
        joined.area.y1 = line.area.y1;
    }
    vec![joined]
}

/// A paragraph of the document: lines, each with the index of its page.
type Paragraph = Vec<(usize, String)>;

/// Joins a page's first paragraph to the previous page's last when the sentence runs on.
fn join_pages(pages: Vec<Vec<Vec<Line>>>) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut last_page_ended: Option<usize> = None;
    for (p, paragraphs) in pages.into_iter().enumerate() {
        for (i, paragraph) in paragraphs.into_iter().enumerate() {
            let lines: Paragraph = paragraph.into_iter().map(|l| (p, l.text)).collect();
            let continues = i == 0
                && last_page_ended.is_some()
                && out.last().is_some_and(|prev| {
                    runs_on(&prev.last().expect("paragraphs have lines").1, &lines[0].1)
                });
            if continues {
                out.last_mut().expect("checked").extend(lines);
            } else {
                out.push(lines);
            }
        }
        last_page_ended = Some(p);
    }
    out
}

/// Words of the document (lowercase), to tell a hyphenated compound from a word broken at a line.
fn vocabulary(paragraphs: &[Paragraph]) -> HashSet<String> {
    paragraphs
        .iter()
        .flat_map(|p| p.iter())
        .flat_map(|(_, line)| line.split_whitespace())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Rejoins words broken at line ends: the rest of the word moves up to the line where it began.
fn dehyphenate(paragraph: &mut Paragraph, words: &HashSet<String>) {
    for i in 1..paragraph.len() {
        let (before, after) = paragraph.split_at_mut(i);
        let prev = &mut before[i - 1].1;
        let next = &mut after[0].1;
        let Some(stem) = prev.strip_suffix(['-', '\u{AD}']) else {
            continue;
        };
        // A dash set off by a space (`word -`) ends a clause, not a word.
        if !stem.ends_with(|c: char| c.is_alphanumeric() || c == '.' || c == ')') {
            continue;
        }
        let head = stem
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| !c.is_alphanumeric());
        let tail_end = next.find(char::is_whitespace).unwrap_or(next.len());
        let tail = &next[..tail_end];
        let tail_word: String = tail.chars().take_while(|c| c.is_alphabetic()).collect();
        let soft = prev.ends_with('\u{AD}');
        let is_broken_word = soft
            || (head.chars().all(char::is_alphabetic)
                && head.chars().skip(1).all(char::is_lowercase)
                && tail_word.chars().next().is_some_and(char::is_lowercase)
                && {
                    let head = head.to_lowercase();
                    words.contains(&format!("{head}{tail_word}"))
                        || !words.contains(&format!("{head}-{tail_word}"))
                });
        // Either way the word comes up whole to the line it began on: `inter-` + `national`
        // reads `international`; `U.S.-` + `Israel` reads `U.S.-Israel`.
        let mut joined = if is_broken_word {
            stem.to_string()
        } else {
            prev.clone()
        };
        joined.push_str(tail);
        *prev = joined;
        *next = next[tail_end..].trim_start().to_string();
    }
    paragraph.retain(|(_, line)| !line.is_empty());
}

/// Lays the pages out as text: paragraphs as blocks, a paragraph running over a page break
/// continued on the next page.
fn lay_out(pages: &[Page], labels: &[Option<String>]) -> Extracted {
    let dropped = furniture(pages);
    let body_height = median(
        pages
            .iter()
            .flat_map(|p| &p.blocks)
            .flat_map(|b| &b.lines)
            .map(|l| l.area.height())
            .collect(),
    )
    .unwrap_or(0.0);
    let per_page: Vec<Vec<Vec<Line>>> = pages
        .iter()
        .zip(&dropped)
        .map(|(page, drop)| {
            page_paragraphs(page, drop)
                .into_iter()
                .map(|paragraph| join_large_type(paragraph, body_height))
                .collect()
        })
        .collect();
    let mut paragraphs = join_pages(per_page);
    let words = vocabulary(&paragraphs);
    for paragraph in &mut paragraphs {
        dehyphenate(paragraph, &words);
    }
    let mut builder = TextBuilder::new();
    let mut next_page = 0;
    for paragraph in paragraphs {
        let mut first = true;
        let mut start = 0;
        while start < paragraph.len() {
            let page = paragraph[start].0;
            let end = start
                + paragraph[start..]
                    .iter()
                    .take_while(|(p, _)| *p == page)
                    .count();
            while next_page <= page {
                builder.page(labels.get(next_page).cloned().flatten());
                next_page += 1;
            }
            let lines: Vec<&str> = paragraph[start..end]
                .iter()
                .map(|(_, l)| l.as_str())
                .collect();
            if first {
                builder.block(&lines);
            } else {
                builder.continue_block(&lines);
            }
            first = false;
            start = end;
        }
    }
    while next_page < pages.len() {
        builder.page(labels.get(next_page).cloned().flatten());
        next_page += 1;
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
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
}
