//! Printed page labels of a PDF (`iii` for a preface, `A-4` in an appendix), from the catalog's
//! `/PageLabels` number tree.
//!
//! pdftotext does not report labels, and poppler's other tools print them only one page at a time,
//! so the tree is read with `lopdf`. A file without labels, or one lopdf cannot read, simply has
//! none: a citation then names the page by its number.

use std::path::Path;

use lopdf::{Document, Object};

/// The label of each of the first `pages` pages, `None` where it is just the page number.
pub fn read(path: &Path, pages: usize) -> Vec<Option<String>> {
    let none = vec![None; pages];
    let Ok(bytes) = std::fs::read(path) else {
        return none;
    };
    // Most PDFs have no labels: skip parsing them whole unless the tree can be there (it may be
    // inside a compressed object stream, where its name is not visible).
    if !contains(&bytes, b"/PageLabels") && !contains(&bytes, b"/ObjStm") {
        return none;
    }
    let Ok(document) = Document::load_mem(&bytes) else {
        return none;
    };
    let mut ranges = Vec::new();
    if let Ok(catalog) = document.catalog() {
        if let Ok(tree) = catalog.get(b"PageLabels") {
            collect(&document, tree, &mut ranges, 0);
        }
    }
    if ranges.is_empty() {
        return none;
    }
    ranges.sort_by_key(|r: &Range| r.first);
    (0..pages)
        .map(|page| {
            let range = ranges.iter().rev().find(|r| r.first <= page)?;
            let label = range.label(page);
            (label != (page + 1).to_string()).then_some(label)
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Pages from `first` (0-based) on, labelled `prefix` + a number in `style` counting from `start`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Range {
    first: usize,
    style: Option<u8>,
    prefix: String,
    start: usize,
}

impl Range {
    fn label(&self, page: usize) -> String {
        let n = self.start + (page - self.first);
        let number = match self.style {
            Some(b'D') => n.to_string(),
            Some(b'r') => roman(n).to_lowercase(),
            Some(b'R') => roman(n),
            Some(b'a') => letters(n).to_lowercase(),
            Some(b'A') => letters(n),
            _ => String::new(),
        };
        format!("{}{number}", self.prefix)
    }
}

fn collect(document: &Document, node: &Object, ranges: &mut Vec<Range>, depth: usize) {
    let Ok((_, node)) = document.dereference(node) else {
        return;
    };
    let Ok(node) = node.as_dict() else {
        return;
    };
    if depth < 16 {
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            for kid in kids {
                collect(document, kid, ranges, depth + 1);
            }
        }
    }
    let Ok(nums) = node.get(b"Nums").and_then(Object::as_array) else {
        return;
    };
    for pair in nums.chunks(2) {
        let [key, value] = pair else { continue };
        let Ok(first) = key.as_i64() else { continue };
        let Ok((_, value)) = document.dereference(value) else {
            continue;
        };
        let Ok(dict) = value.as_dict() else { continue };
        ranges.push(Range {
            first: usize::try_from(first).unwrap_or(0),
            style: dict
                .get(b"S")
                .and_then(Object::as_name)
                .ok()
                .and_then(|s| s.first().copied()),
            prefix: dict
                .get(b"P")
                .and_then(Object::as_str)
                .map(decode_text)
                .unwrap_or_default(),
            start: dict
                .get(b"St")
                .and_then(Object::as_i64)
                .ok()
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(1),
        });
    }
}

/// A PDF text string: UTF-16 with a byte-order mark, else PDFDocEncoding (Latin-1 here).
fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// `A`…`Z`, then `AA`…`ZZ`, as the PDF standard counts.
fn letters(n: usize) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'A' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, (n - 1) / 26 + 1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_their_style_prefix_and_start() {
        let range = |first, style, prefix: &str, start| Range {
            first,
            style,
            prefix: prefix.into(),
            start,
        };
        assert_eq!(range(0, Some(b'r'), "", 1).label(3), "iv");
        assert_eq!(range(2, Some(b'D'), "A-", 1).label(5), "A-4");
        assert_eq!(range(0, Some(b'A'), "", 1).label(27), "BB");
        assert_eq!(range(0, None, "Cover", 1).label(0), "Cover");
        assert_eq!(roman(1994), "MCMXCIV");
    }

    #[test]
    fn a_file_without_labels_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pdf");
        std::fs::write(&path, b"%PDF-1.4 not really").unwrap();
        assert_eq!(read(&path, 2), vec![None, None]);
        assert_eq!(read(&dir.path().join("missing.pdf"), 1), vec![None]);
    }
}
