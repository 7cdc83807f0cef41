//! Web pages: the article a reader came for, without the page's navigation, banners and footers.
//!
//! The main content is found by `dom_smoothie`, a port of Firefox's Reader View (readability.js):
//! it scores the page's blocks by their prose and keeps the best, dropping what reads as links and
//! lists rather than prose. Before it runs, the elements that are furniture by name (`nav`,
//! `header`, `footer`, `aside`, `form`, `script`) or by class or id (`cookie`, `sidebar`, …) are
//! removed, since readability keeps a short page whole; a page it finds no article in is read
//! whole, less that furniture.
//!
//! The content is then written as text: headings (`h1`–`h6`) and paragraphs (`p`, `li`,
//! `blockquote`, `pre`, `dd`, …) as blocks of their own, `<br>` as a line break, a table row as one
//! line with its cells separated by ` | ` (a cell means little without its row). Title from
//! `og:title`, `<title>` or the first `h1`; the page's address from `<link rel="canonical">` or
//! `og:url`.

use std::path::Path;

use dom_query::{Document, NodeRef};

use crate::ingest::extract::{meaningful_title, ExtractError, Extracted, Extractor, TextBuilder};

/// Web pages.
pub struct Html;

impl Extractor for Html {
    fn name(&self) -> &'static str {
        "web page"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["html", "htm", "xhtml"]
    }

    fn extract(&self, path: &Path) -> Result<Extracted, ExtractError> {
        let bytes = std::fs::read(path).map_err(|err| ExtractError::Unreadable(err.to_string()))?;
        read_html(&bytes)
    }
}

/// The text of the web page `bytes` (in the encoding its `<meta charset>` names, else UTF-8 or
/// Windows-1252), or why there is none: the web page reader less the file.
pub fn read_html(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    // The parser and readability recurse once per level of nesting: a page nested thousands of
    // elements deep would overflow an ordinary thread's stack, which aborts the whole process.
    // They run on a thread of their own with a large stack (reserved, only used as needed).
    let text = decode(bytes);
    let out = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("web page".into())
            .stack_size(HTML_STACK_BYTES)
            .spawn_scoped(scope, || extract_html(&text))
            .map(|thread| thread.join())
    });
    let out = match out {
        Ok(Ok(out)) => out,
        Ok(Err(_)) => {
            return Err(ExtractError::Unreadable(
                "the web page reader failed on it: a page it cannot read".to_string(),
            ))
        }
        Err(_) => extract_html(&text),
    };
    if out.text.trim().is_empty() {
        return Err(ExtractError::Unreadable(
            "no text in the page: nothing to index".to_string(),
        ));
    }
    Ok(out)
}

/// The stack of the thread that reads a web page: enough for pages nested a million elements deep.
const HTML_STACK_BYTES: usize = 1 << 30;

/// Elements whose content is never prose.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "button",
    "select", "textarea", "input", "form", "head", "math", "video", "audio", "dialog",
];
/// Elements that hold page furniture rather than the article.
const FURNITURE: &[&str] = &["nav", "header", "footer", "aside", "menu"];
/// Words in a class or id that mark page furniture.
const FURNITURE_CLASSES: &[&str] = &[
    "cookie",
    "consent",
    "banner",
    "newsletter",
    "subscribe",
    "sidebar",
    "menu",
    "breadcrumb",
    "share",
    "social",
    "advert",
    "promo",
    "related",
    "comment",
    "footer",
    "header",
    "nav",
];
/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "blockquote",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "caption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "address",
    "hr",
    "details",
    "summary",
    "center",
    "body",
    "header",
    "footer",
    "nav",
    "aside",
    "td",
    "th",
];

/// The page's text: UTF-8, or the encoding its `<meta charset>` names (older pages are often
/// Windows-1252), else UTF-8 with replacement characters.
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return std::borrow::Cow::Borrowed(text);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
    let label = head.split("charset=").nth(1).map(|rest| {
        rest.trim_start_matches(['"', '\''])
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .next()
            .unwrap_or("")
            .to_string()
    });
    let encoding = label
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .unwrap_or(encoding_rs::WINDOWS_1252);
    std::borrow::Cow::Owned(encoding.decode(bytes).0.into_owned())
}

/// The text, title and address of an HTML page.
pub fn extract_html(html: &str) -> Extracted {
    let page = Document::from(html);
    let title = meta(&page, "meta[property='og:title']", "content")
        .or_else(|| text_of(&page, "title"))
        .or_else(|| text_of(&page, "h1"))
        .and_then(|t| meaningful_title(&t));
    let url = meta(&page, "link[rel='canonical']", "href")
        .or_else(|| meta(&page, "meta[property='og:url']", "content"));

    // Furniture is removed first, by name and class, so that readability weighs only what is left.
    // An element holding most of the page's text is the page itself, whatever its class says (a
    // documentation theme wraps everything in `wy-grid-for-nav`).
    let page_text = page.select("body").text().len();
    for node in page.select("*").nodes() {
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if NEVER_TEXT.contains(&name.as_str())
            || (is_furniture(node, &name) && node.text().len() * 2 <= page_text)
        {
            node.remove_from_parent();
        }
    }
    let pruned = page.html().to_string();
    let mut out = main_content(&pruned)
        .map(|content| write_text(&Document::from(content.as_str())))
        .filter(|text| !text.text.trim().is_empty())
        .unwrap_or_else(|| write_text(&page));
    out.title = title;
    out.url = url;
    out
}

/// The article's HTML as readability finds it, or `None` when it finds none.
fn main_content(html: &str) -> Option<String> {
    let mut readability = dom_smoothie::Readability::new(html, None, None).ok()?;
    let article = readability.parse().ok()?;
    Some(article.content.to_string())
}

fn meta(page: &Document, selector: &str, attribute: &str) -> Option<String> {
    page.select(selector)
        .nodes()
        .iter()
        .find_map(|n| n.attr(attribute))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn text_of(page: &Document, selector: &str) -> Option<String> {
    page.select(selector)
        .nodes()
        .first()
        .map(|n| collapse(&n.text()))
        .filter(|t| !t.is_empty())
}

/// Runs of whitespace as one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_text(page: &Document) -> Extracted {
    let mut writer = Writer {
        builder: TextBuilder::new(),
        lines: Vec::new(),
        line: String::new(),
    };
    writer.walk(page.root());
    writer.flush();
    writer.builder.finish()
}

struct Writer {
    builder: TextBuilder,
    lines: Vec<String>,
    line: String,
}

/// A step of the walk through the page: a node to write, or the end of a block.
enum Step<'a> {
    Write(NodeRef<'a>),
    EndBlock,
}

impl Writer {
    /// Writes `root` and everything in it, in document order. The walk keeps its own stack rather
    /// than recursing, so that a page nested thousands of elements deep cannot overflow the
    /// thread's stack (which aborts the whole process).
    fn walk(&mut self, root: NodeRef<'_>) {
        let mut steps = vec![Step::Write(root)];
        while let Some(step) = steps.pop() {
            match step {
                Step::Write(node) => self.write_node(&node, &mut steps),
                Step::EndBlock => self.flush(),
            }
        }
    }

    /// Writes `node`, or pushes the steps that write its children onto `steps`.
    fn write_node<'a>(&mut self, node: &NodeRef<'a>, steps: &mut Vec<Step<'a>>) {
        if node.is_text() {
            self.push_text(&node.text());
            return;
        }
        if !(node.is_element() || node.is_document() || node.is_fragment()) {
            return;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if NEVER_TEXT.contains(&name.as_str()) {
            return;
        }
        match name.as_str() {
            "br" => self.end_line(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let heading = collapse(&node.text());
                self.builder.block(&[heading]);
            }
            "tr" => {
                self.flush();
                let cells: Vec<String> = node
                    .element_children()
                    .iter()
                    .map(|cell| collapse(&cell.text()))
                    .filter(|c| !c.is_empty())
                    .collect();
                self.builder.block(&[cells.join(" | ")]);
            }
            "pre" => {
                self.flush();
                let text = node.text();
                let lines: Vec<&str> = text.lines().collect();
                self.builder.block(&lines);
            }
            _ => {
                if BLOCKS.contains(&name.as_str()) {
                    self.flush();
                    steps.push(Step::EndBlock);
                }
                steps.extend(node.children().into_iter().rev().map(Step::Write));
            }
        }
    }

    fn push_text(&mut self, text: &str) {
        for (i, word) in text.split_whitespace().enumerate() {
            let glued = i == 0 && !text.starts_with(char::is_whitespace);
            if !self.line.is_empty() && !glued {
                self.line.push(' ');
            }
            self.line.push_str(word);
        }
        if text.ends_with(char::is_whitespace) && !self.line.is_empty() && !self.line.ends_with(' ')
        {
            self.line.push(' ');
        }
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        if !line.trim().is_empty() {
            self.lines.push(line.trim().to_string());
        }
    }

    fn flush(&mut self) {
        self.end_line();
        if !self.lines.is_empty() {
            let lines = std::mem::take(&mut self.lines);
            self.builder.block(&lines);
        }
    }
}

fn is_furniture(node: &NodeRef<'_>, name: &str) -> bool {
    if ["html", "body", "main", "article"].contains(&name) {
        return false;
    }
    if FURNITURE.contains(&name) || node.attr("role").is_some_and(|r| &*r == "navigation") {
        return true;
    }
    let marks = format!(
        "{} {}",
        node.attr("class").unwrap_or_default(),
        node.attr("id").unwrap_or_default()
    )
    .to_lowercase();
    // Whole words of the class and id (`site-nav`, `navbar`, `sidebar2`), not any substring:
    // `headerlink` and `shared` are no header or share button.
    let words: Vec<&str> = marks
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let names = |marks: &[&str]| {
        words
            .iter()
            .any(|word| marks.iter().any(|mark| word_names(word, mark)))
    };
    !names(&["article", "content", "main", "post"]) && names(FURNITURE_CLASSES)
}

/// Whether a class or id word names `mark`: ends with it (`topnav`), or is it with a plural,
/// `bar`, `igation` or a number after it (`navbar`, `navigation`, `sidebar2`).
fn word_names(word: &str, mark: &str) -> bool {
    word.ends_with(mark)
        || word.strip_prefix(mark).is_some_and(|rest| {
            matches!(rest, "s" | "bar" | "igation") || rest.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapper_holding_the_page_is_kept_whatever_its_class_says() {
        // The shape of a Sphinx "Read the Docs" page: everything inside `wy-grid-for-nav`, the
        // table of contents in a `wy-nav-side` nav, the article in `wy-nav-content`.
        let html = r#"<html><head><title>qemu-img</title></head><body class="wy-body-for-nav">
            <div class="wy-grid-for-nav">
              <nav class="wy-nav-side"><div class="wy-menu"><ul><li><a href="a.html">Tools</a></li>
                <li><a href="b.html">QEMU Storage Daemon</a></li></ul></div></nav>
              <section class="wy-nav-content-wrap"><div class="wy-nav-content">
                <div role="main" class="document"><h1>QEMU disk image utility<a class="headerlink" href="x.html">¶</a></h1>
                <p>qemu-img allows you to create, convert and modify images offline. It can handle all
                image formats supported by QEMU.</p>
                <p>Warning: Never use qemu-img to modify images in use by a running virtual machine or
                any other process; this may destroy the image.</p></div>
              </div><footer><p>Copyright the QEMU contributors.</p></footer></section>
            </div></body></html>"#;
        let out = extract_html(html);
        assert!(
            out.text.contains("qemu-img allows you to create"),
            "{}",
            out.text
        );
        assert!(
            out.text.contains("Never use qemu-img to modify images"),
            "{}",
            out.text
        );
        assert!(!out.text.contains("QEMU Storage Daemon"), "{}", out.text);
        assert!(!out.text.contains("Copyright"), "{}", out.text);
    }

    #[test]
    fn classes_are_read_as_words() {
        let page = Document::from(
            r#"<div class="site-header" id="a"></div><div class="topnav"></div><div class="navbar-x"></div>
               <div class="headerlink"></div><div class="shared-data"></div><div class="sidebar main-content"></div>"#,
        );
        let furniture: Vec<bool> = page
            .select("div")
            .nodes()
            .iter()
            .map(|node| is_furniture(node, "div"))
            .collect();
        assert_eq!(furniture, [true, true, true, false, false, false]);
    }

    #[test]
    fn furniture_is_dropped_from_a_short_page() {
        let html = "<html><head><title>Short</title></head><body>\
            <nav><a href='/'>Home</a></nav><div class='cookie-banner'>We use cookies.</div>\
            <h1>Heading</h1><p>One &amp; only<br>line two</p>\
            <table><tr><th>Year</th><th>Sites</th></tr><tr><td>1984</td><td>6</td></tr></table>\
            <footer>Copyright</footer><script>var x = 1;</script></body></html>";
        let out = extract_html(html);
        assert_eq!(out.title.as_deref(), Some("Short"));
        assert_eq!(
            out.text,
            "Heading\n\nOne & only\nline two\n\nYear | Sites\n\n1984 | 6\n"
        );
    }

    #[test]
    fn the_address_comes_from_canonical_or_og_url() {
        let html = "<html><head><meta property='og:url' content='https://a.example/x'>\
            <meta property='og:title' content='OG title'><title>Other</title></head>\
            <body><p>Text.</p></body></html>";
        let out = extract_html(html);
        assert_eq!(out.url.as_deref(), Some("https://a.example/x"));
        assert_eq!(out.title.as_deref(), Some("OG title"));
    }

    #[test]
    fn a_page_in_a_legacy_encoding_is_decoded_as_it_says() {
        let latin = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9 cr\xe8me</p></body></html>";
        assert!(decode(latin).contains("Café crème"));
        assert_eq!(decode("déjà".as_bytes()), "déjà");
    }

    #[test]
    #[ignore = "minutes in a debug build: html5ever's work grows with the square of the depth"]
    fn a_deeply_nested_page_is_read_on_a_small_stack() {
        // Each element was a recursive call: 20,000 nested elements overflowed a thread's
        // stack, which aborts the whole process.
        let depth = 10_000;
        let html = format!(
            "<p>Before.</p>{}Deep text.{}<p>After.</p>",
            "<div><span>".repeat(depth),
            "</span></div>".repeat(depth)
        );
        let out = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || read_html(html.as_bytes()))
            .unwrap()
            .join()
            .unwrap()
            .unwrap();
        assert_eq!(out.text, "Before.\n\nDeep text.\n\nAfter.\n");
    }

    #[test]
    fn inline_markup_does_not_split_or_glue_words() {
        let out = extract_html("<p>The <b>bold</b>claim and <i>a</i> <em>b</em>.</p>");
        assert_eq!(out.text, "The boldclaim and a b.\n");
    }
}

#[cfg(test)]
mod fixture_tests {
    use super::*;

    #[test]
    fn the_article_fixture_keeps_the_article_and_nothing_else() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/formats/article.html"
        );
        let out = Html.extract(Path::new(path)).unwrap();
        eprintln!("{}", out.text);
        for kept in [
            "After an absence of nearly forty years",
            "Dr Ines Varga.\n“The rivers are cleaner",
            "Why the otters left",
            "The otter is the best judge",
            "Camera-trap videos at 30 sites, which recorded 11 cubs.",
            "2024 | 214 | 161",
            "Survey data: river-trust-survey-2024.csv (214 rows)",
        ] {
            assert!(out.text.contains(kept), "{kept}");
        }
        for dropped in [
            "cookies",
            "Subscribe",
            "Most read",
            "All rights reserved",
            "newsletter",
            "tracking",
        ] {
            assert!(!out.text.contains(dropped), "{dropped}");
        }
        assert_eq!(
            out.url.as_deref(),
            Some("https://gazette.example.org/2024/otters-return")
        );
        assert_eq!(
            out.title.as_deref(),
            Some("Otters return to the Lowland Rivers")
        );
    }
}
