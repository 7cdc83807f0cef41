//! Documents in formats other than plain text (PDF, web pages, Word files) turned into the text a
//! reader sees, with where each page begins.
//!
//! Each format has one [`Extractor`]: it names the file extensions it reads and turns a file into
//! [`Extracted`] text laid out as plain text is (a heading or paragraph per blank-line block, its
//! lines as the source breaks them), so the segmenter and the indexer never know which format they
//! read. Pages are byte offsets into that text: a passage's page is where its bytes fall, and a
//! paragraph that runs over a page break is one passage whose citation spans both pages.

use std::path::Path;

use crate::ingest::{docx::Docx, html::Html, pdf::Pdf};

/// Where a page starts in an extracted text, and the label printed on it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageStart {
    /// Byte offset of the page's first character in [`Extracted::text`]. An empty page starts
    /// where the next one does.
    pub start: usize,
    /// The page label the document defines (`iii`, `A-4`), when it differs from the page number.
    pub label: Option<String>,
}

/// A file's text as a reader sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Paragraphs and headings separated by blank lines; the lines of a paragraph as laid out.
    pub text: String,
    /// The pages in order (empty for formats without pages): page `n` is `pages[n - 1]`.
    pub pages: Vec<PageStart>,
    /// The title the file's metadata gives, when it is meaningful.
    pub title: Option<String>,
    /// The address a web page gives for itself (`<link rel="canonical">`, `og:url`).
    pub url: Option<String>,
}

/// Why a file could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The external program the format needs is not installed.
    #[error("{program} is not installed: {install}")]
    MissingProgram {
        /// The program's name.
        program: &'static str,
        /// How to install it.
        install: &'static str,
    },
    /// This file cannot be read (encrypted, corrupt, scanned, …): the reason in words.
    #[error("{0}")]
    Unreadable(String),
}

/// One document format.
pub trait Extractor: Sync {
    /// The format's name as users know it (`PDF`).
    fn name(&self) -> &'static str;
    /// The lowercase file extensions it reads, without the dot.
    fn extensions(&self) -> &'static [&'static str];
    /// Reads `path` into text.
    fn extract(&self, path: &Path) -> Result<Extracted, ExtractError>;
}

static EXTRACTORS: [&dyn Extractor; 3] = [&Pdf, &Html, &Docx];

/// The extractor for `path`, judged by its extension; `None` for plain text and unknown formats.
pub fn extractor_for(path: &Path) -> Option<&'static dyn Extractor> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    EXTRACTORS
        .iter()
        .copied()
        .find(|e| e.extensions().contains(&extension.as_str()))
}

impl Extracted {
    /// The page (1-based) holding byte `offset`, or `None` for a text without pages.
    pub fn page_of(&self, offset: usize) -> Option<usize> {
        page_of(&self.pages, offset)
    }
}

/// The page (1-based) of `pages` holding byte `offset`: the last page starting at or before it.
pub fn page_of(pages: &[PageStart], offset: usize) -> Option<usize> {
    if pages.is_empty() {
        return None;
    }
    Some(pages.partition_point(|p| p.start <= offset).max(1))
}

/// The page (1-based) holding byte `offset` of `text`, and the line within that page, counting
/// only lines with text: a reader counting lines on the printed page sees no blank lines between
/// paragraphs. `None` for a text without pages.
pub fn page_line(text: &str, pages: &[PageStart], offset: usize) -> Option<(usize, usize)> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let page = page_of(pages, offset)?;
    let start = pages[page - 1].start.min(offset);
    let before = text[start..offset]
        .split('\n')
        .rev()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .count();
    Some((page, before + 1))
}

/// The name a page goes by: its label when the document defines one, else its number.
pub fn page_name(pages: &[PageStart], page: usize) -> String {
    pages
        .get(page.wrapping_sub(1))
        .and_then(|p| p.label.clone())
        .unwrap_or_else(|| page.to_string())
}

/// Writes extracted text block by block, so that every format lays its text out alike.
#[derive(Debug, Default)]
pub struct TextBuilder {
    out: Extracted,
    pending_pages: Vec<Option<String>>,
}

impl TextBuilder {
    /// An empty text.
    pub fn new() -> TextBuilder {
        TextBuilder::default()
    }

    /// Starts a new page; it begins with the next text written.
    pub fn page(&mut self, label: Option<String>) {
        self.pending_pages.push(label);
    }

    /// Writes a block (heading or paragraph) of `lines`, after a blank line. A line holding line
    /// breaks is several lines; blank lines inside are dropped, since they would split the block.
    pub fn block<S: AsRef<str>>(&mut self, lines: &[S]) {
        self.write(lines, "\n\n");
    }

    /// Writes `lines` as the continuation of the block before them (a paragraph that runs over a
    /// page break).
    pub fn continue_block<S: AsRef<str>>(&mut self, lines: &[S]) {
        self.write(lines, "\n");
    }

    fn write<S: AsRef<str>>(&mut self, lines: &[S], separator: &str) {
        let mut lines = lines
            .iter()
            .flat_map(|l| l.as_ref().split('\n'))
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .peekable();
        if lines.peek().is_none() {
            return;
        }
        if !self.out.text.is_empty() {
            self.out.text.push_str(separator);
        }
        self.flush_pages();
        for (i, line) in lines.enumerate() {
            if i > 0 {
                self.out.text.push('\n');
            }
            self.out.text.push_str(line);
        }
    }

    fn flush_pages(&mut self) {
        let start = self.out.text.len();
        for label in self.pending_pages.drain(..) {
            self.out.pages.push(PageStart { start, label });
        }
    }

    /// The text written, with a final line break.
    pub fn finish(mut self) -> Extracted {
        if !self.out.text.is_empty() {
            self.out.text.push('\n');
        }
        self.flush_pages();
        self.out
    }
}

/// Replaces typographic ligatures (ﬁ, ﬂ, ﬀ, …) with their letters, since nobody types them.
pub fn unfold_ligatures(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The text of an XML entity or character reference (`&amp;`, `&#xFB01;`); unknown ones are dropped.
pub fn xml_reference(reference: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return c.to_string();
    }
    match &**reference {
        b"amp" => "&",
        b"lt" => "<",
        b"gt" => ">",
        b"quot" => "\"",
        b"apos" => "'",
        _ => "",
    }
    .to_string()
}

/// A title from metadata is meaningful when it has words and is not a placeholder or a file name
/// (`Untitled`, `Microsoft Word - report.docx`, `main.tex`).
pub fn meaningful_title(title: &str) -> Option<String> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = title.to_lowercase();
    let letters = title.chars().filter(|c| c.is_alphabetic()).count();
    let placeholder = [
        "untitled",
        "title",
        "document",
        "slide 1",
        "no title",
        "(anonymous)",
    ]
    .contains(&lower.as_str())
        || lower.starts_with("microsoft word - ")
        || lower.starts_with("untitled")
        || [
            ".doc", ".docx", ".pdf", ".tex", ".dvi", ".odt", ".rtf", ".txt", ".html", ".htm",
            ".indd",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext));
    (letters >= 3 && !placeholder).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_separated_by_blank_lines_and_pages_start_at_their_text() {
        let mut b = TextBuilder::new();
        b.page(None);
        b.block(&["Heading"]);
        b.block(&["first line", "  second line  ", ""]);
        b.page(Some("ii".into()));
        b.continue_block(&["continued"]);
        b.page(None);
        b.page(None);
        b.block(&["last"]);
        let out = b.finish();
        assert_eq!(
            out.text,
            "Heading\n\nfirst line\nsecond line\ncontinued\n\nlast\n"
        );
        let starts: Vec<_> = out.pages.iter().map(|p| p.start).collect();
        let continued = out.text.find("continued").unwrap();
        let last = out.text.find("last").unwrap();
        assert_eq!(starts, [0, continued, last, last]);
        assert_eq!(out.page_of(0), Some(1));
        assert_eq!(out.page_of(continued - 1), Some(1));
        assert_eq!(out.page_of(continued), Some(2));
        assert_eq!(
            out.page_of(last),
            Some(4),
            "an empty page gives way to the next"
        );
        assert_eq!(page_name(&out.pages, 2), "ii");
        assert_eq!(page_name(&out.pages, 3), "3");
    }

    #[test]
    fn line_breaks_inside_a_line_cannot_split_a_block() {
        // A PDF word or a web page's text can hold line breaks: they used to reach the text as a
        // blank line inside the block and a line starting with spaces.
        let mut b = TextBuilder::new();
        b.block(&["one\n\n  two ", "three"]);
        b.continue_block(&["\n"]);
        b.block(&["four\n"]);
        assert_eq!(b.finish().text, "one\ntwo\nthree\n\nfour\n");
    }

    #[test]
    fn lines_within_a_page_skip_blank_lines() {
        let text = "a\n\nb\nc\n\nd\n";
        let pages = [
            PageStart {
                start: 0,
                label: None,
            },
            PageStart {
                start: text.find('c').unwrap(),
                label: None,
            },
        ];
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(page_line(text, &pages, at("a")), Some((1, 1)));
        assert_eq!(page_line(text, &pages, at("b")), Some((1, 2)));
        assert_eq!(page_line(text, &pages, at("c")), Some((2, 1)));
        assert_eq!(page_line(text, &pages, at("d")), Some((2, 2)));
        assert_eq!(page_line(text, &[], 0), None);
    }

    #[test]
    fn pages_after_the_last_text_still_count() {
        let mut b = TextBuilder::new();
        b.page(None);
        b.block(&["only"]);
        b.page(None);
        assert_eq!(b.finish().pages.len(), 2);
    }

    #[test]
    fn ligatures_unfold() {
        assert_eq!(
            unfold_ligatures("e\u{FB03}cient \u{FB01}sh"),
            "efficient fish"
        );
        assert!(matches!(
            unfold_ligatures("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn placeholder_titles_are_not_meaningful() {
        for bad in [
            "",
            "  ",
            "Untitled",
            "Microsoft Word - draft.docx",
            "main.tex",
            "12",
        ] {
            assert_eq!(meaningful_title(bad), None, "{bad}");
        }
        assert_eq!(
            meaningful_title(" Annual  Report 2024 ").as_deref(),
            Some("Annual Report 2024")
        );
    }

    #[test]
    fn extractors_are_chosen_by_extension() {
        assert_eq!(extractor_for(Path::new("a/b.PDF")).unwrap().name(), "PDF");
        assert_eq!(
            extractor_for(Path::new("page.htm")).unwrap().name(),
            "web page"
        );
        assert_eq!(extractor_for(Path::new("r.docx")).unwrap().name(), "Word");
        assert!(extractor_for(Path::new("notes.txt")).is_none());
        assert!(extractor_for(Path::new("noext")).is_none());
    }
}
