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
//!
//! The parts: `bbox` reads pdftotext's output into pages of blocks, lines and boxes; `layout`
//! reads them in order and makes paragraphs; `labels` reads the page labels.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::ingest::extract::{meaningful_title, ExtractError, Extracted, Extractor};
use bbox::parse_bbox;
pub use labels::page_labels;
use layout::lay_out;

mod bbox;
mod labels;
mod layout;
#[cfg(test)]
mod tests;

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
        let xhtml = run_pdftotext(path, extract_timeout())?;
        read_pdftotext_output(&xhtml, |pages| labels::read(path, pages))
    }
}

/// The text of a PDF from what `pdftotext -bbox-layout` printed for it: the PDF reader less the
/// program run, so that it can be tested and fuzzed on any text. `labels` gives the page labels
/// of the document's first so many pages (see [`page_labels`]); it is called only for a document
/// with text.
pub fn read_pdftotext_output(
    xhtml: &str,
    labels: impl FnOnce(usize) -> Vec<Option<String>>,
) -> Result<Extracted, ExtractError> {
    let parsed = parse_bbox(xhtml).map_err(|err| {
        ExtractError::Unreadable(format!("pdftotext's output could not be read: {err}"))
    })?;
    if parsed.pages.iter().all(|p| p.blocks.is_empty()) {
        return Err(ExtractError::Unreadable(
            "no text layer (scanned?): needs OCR".to_string(),
        ));
    }
    let labels = labels(parsed.pages.len());
    let mut out = lay_out(&parsed.pages, &labels);
    out.title = parsed.title.as_deref().and_then(meaningful_title);
    Ok(out)
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
