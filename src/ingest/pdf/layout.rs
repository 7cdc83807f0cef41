//! A page read as a reader reads it: blocks in reading order (columns before rows), running
//! headers, footers and page numbers dropped, lines joined into paragraphs (across page breaks
//! too), and words hyphenated at a line end rejoined.

use std::collections::{HashMap, HashSet};

use super::bbox::{Block, BoxPt, Line, Page};
use crate::ingest::extract::{Extracted, TextBuilder};

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
pub(super) fn lay_out(pages: &[Page], labels: &[Option<String>]) -> Extracted {
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
