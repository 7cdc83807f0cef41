//! Printed page labels of a PDF (`iii` for a preface, `A-4` in an appendix), from the catalog's
//! `/PageLabels` number tree.
//!
//! pdftotext does not report labels, and poppler's other tools print them only one page at a time,
//! so the tree is read with `lopdf`. A file without labels, or one lopdf cannot read, simply has
//! none: a citation then names the page by its number.

use std::collections::HashSet;
use std::path::Path;

use lopdf::{Document, Object, ObjectId};

/// The longest label prefix kept, in characters: printed labels are short, and a hostile file's
/// megabyte-long prefix would be copied onto every page.
const MAX_PREFIX_CHARS: usize = 64;
/// The largest number written in roman numerals: beyond it they need a bar over the letters.
const MAX_ROMAN: usize = 3999;
/// The largest number written in letters (`A`…`Z`, `AA`…`ZZ`, …): 16 letters long. Beyond it, as
/// beyond [`MAX_ROMAN`], a number is written in digits, so that no `/St` makes a label huge.
const MAX_LETTERS: usize = 26 * 16;

/// The label of each of the first `pages` pages of the PDF at `path`, `None` where it is just the
/// page number.
pub(super) fn read(path: &Path, pages: usize) -> Vec<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => page_labels(&bytes, pages),
        Err(_) => vec![None; pages],
    }
}

/// The label of each of the first `pages` pages of the PDF `bytes`, `None` where it is just the
/// page number (and for every page of a file that is not a PDF lopdf can read).
pub fn page_labels(bytes: &[u8], pages: usize) -> Vec<Option<String>> {
    let none = vec![None; pages];
    // Most PDFs have no labels: skip parsing them whole unless the tree can be there (it may be
    // inside a compressed object stream, where its name is not visible).
    if !contains(bytes, b"/PageLabels") && !contains(bytes, b"/ObjStm") {
        return none;
    }
    let Ok(document) = Document::load_mem(bytes) else {
        return none;
    };
    let mut ranges = Vec::new();
    if let Ok(catalog) = document.catalog() {
        if let Ok(tree) = catalog.get(b"PageLabels") {
            collect(&document, tree, &mut ranges, &mut HashSet::new(), 0);
        }
    }
    if ranges.is_empty() {
        return none;
    }
    ranges.sort_by_key(|r: &Range| r.first);
    (0..pages)
        .map(|page| {
            let after = ranges.partition_point(|r| r.first <= page);
            let range = &ranges[after.checked_sub(1)?];
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
            Some(b'r' | b'R') if n > MAX_ROMAN => n.to_string(),
            Some(b'a' | b'A') if n > MAX_LETTERS => n.to_string(),
            Some(b'r') => roman(n).to_lowercase(),
            Some(b'R') => roman(n),
            Some(b'a') => letters(n).to_lowercase(),
            Some(b'A') => letters(n),
            _ => String::new(),
        };
        format!("{}{number}", self.prefix)
    }
}

/// Adds the ranges of the number tree `node` to `ranges`. A node is read once however often it is
/// referenced (a hostile file can make every kid the same node, 16 levels deep).
fn collect(
    document: &Document,
    node: &Object,
    ranges: &mut Vec<Range>,
    seen: &mut HashSet<ObjectId>,
    depth: usize,
) {
    let Ok((id, node)) = document.dereference(node) else {
        return;
    };
    if id.is_some_and(|id| !seen.insert(id)) {
        return;
    }
    let Ok(node) = node.as_dict() else {
        return;
    };
    if depth < 16 {
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            for kid in kids {
                collect(document, kid, ranges, seen, depth + 1);
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
                .map(|p| decode_text(p).chars().take(MAX_PREFIX_CHARS).collect())
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

    /// A PDF of `objects` (object 1 the catalog), with a correct cross-reference table.
    fn pdf(objects: &[String]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for offset in offsets {
            out.extend(format!("{offset:010} 00000 n \n").bytes());
        }
        let trailer = format!("trailer\n<< /Size {} /Root 1 0 R >>\n", objects.len() + 1);
        out.extend(format!("{trailer}startxref\n{xref}\n%%EOF\n").bytes());
        out
    }

    fn catalog(labels: &str) -> String {
        format!("<< /Type /Catalog /PageLabels {labels} >>")
    }

    #[test]
    fn labels_are_read_from_the_number_tree() {
        let file = pdf(&[
            catalog("2 0 R"),
            "<< /Kids [3 0 R] >>".into(),
            "<< /Nums [0 << /S /r >> 2 << /S /D /P (A-) /St 3 >>] >>".into(),
        ]);
        let labels = page_labels(&file, 4);
        assert_eq!(
            labels,
            [Some("i"), Some("ii"), Some("A-3"), Some("A-4")].map(|l| l.map(String::from))
        );
    }

    #[test]
    fn a_huge_start_number_makes_a_short_label() {
        // Before the limits, `/St` 10^15 in letters asked for a 38-terabyte label (an abort),
        // and in roman numerals for 10^12 `M`s.
        for style in ["A", "r"] {
            let file = pdf(&[catalog(&format!(
                "<< /Nums [0 << /S /{style} /St 1000000000000000 >>] >>"
            ))]);
            let labels = page_labels(&file, 2);
            assert_eq!(labels[0].as_deref(), Some("1000000000000000"), "{style}");
        }
        let file = pdf(&[catalog("<< /Nums [0 << /S /R /St 3999 >>] >>")]);
        assert_eq!(
            page_labels(&file, 2)[..],
            [Some("MMMCMXCIX".to_string()), Some("4000".to_string())]
        );
    }

    #[test]
    fn a_long_prefix_is_cut() {
        let prefix = "x".repeat(100_000);
        let file = pdf(&[catalog(&format!("<< /Nums [0 << /P ({prefix}) >>] >>"))]);
        let labels = page_labels(&file, 3);
        assert!(labels
            .iter()
            .all(|l| l.as_ref().unwrap().len() == MAX_PREFIX_CHARS));
    }

    #[test]
    fn a_node_shared_by_every_kid_is_read_once() {
        // Sixteen levels of nodes whose ten kids are all the next node: 10^16 visits before.
        let mut objects = vec![catalog("2 0 R")];
        for level in 0..16 {
            let kid = format!("{} 0 R ", level + 3);
            objects.push(format!("<< /Kids [{}] >>", kid.repeat(10)));
        }
        objects.push("<< /Nums [0 << /S /D /P (S-) >>] >>".into());
        assert_eq!(page_labels(&pdf(&objects), 1), [Some("S-1".to_string())]);
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
