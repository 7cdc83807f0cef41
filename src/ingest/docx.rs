//! Word files (`.docx`): paragraphs in order, read from the XML inside the zip archive.
//!
//! `word/document.xml` holds the body: each `w:p` paragraph becomes a block (its `w:br` breaks
//! are line breaks), a table row one line with its cells separated by ` | `, a footnote reference
//! a `[n]` marker (which search and verify treat as a footnote marker) with the footnotes
//! themselves, from `word/footnotes.xml`, at the end under `Notes`. Paragraphs in a heading style
//! (from `word/styles.xml`) stand alone, so they become the sections of the passages below them.
//! The title comes from the document properties (`docProps/core.xml`), else from the text.

use std::collections::HashMap;
use std::io::{Read, Seek};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::ingest::corpus::MAX_TEXT_FILE_BYTES;
use crate::ingest::extract::{
    meaningful_title, xml_reference, ExtractError, Extracted, Extractor, TextBuilder,
};

/// Word documents.
pub struct Docx;

impl Extractor for Docx {
    fn name(&self) -> &'static str {
        "Word"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["docx"]
    }

    fn extract(&self, path: &Path) -> Result<Extracted, ExtractError> {
        let file =
            std::fs::File::open(path).map_err(|err| ExtractError::Unreadable(err.to_string()))?;
        read_docx(file)
    }
}

/// The text of the Word file `archive` holds (the bytes of a `.docx`, a zip archive), or why
/// there is none: the Word reader less the file.
pub fn read_docx(archive: impl Read + Seek) -> Result<Extracted, ExtractError> {
    let unreadable = |what: String| ExtractError::Unreadable(what);
    let mut archive = zip::ZipArchive::new(archive).map_err(|err| {
        unreadable(format!(
            "damaged or not a Word file (not a zip archive: {err})"
        ))
    })?;
    let mut part = |name| read_entry(&mut archive, name, MAX_PART_BYTES);
    let body = part("word/document.xml")?
        .ok_or_else(|| unreadable("not a Word file: it has no word/document.xml".into()))?;
    let styles = part("word/styles.xml")?.unwrap_or_default();
    let notes = part("word/footnotes.xml")?.unwrap_or_default();
    let core = part("docProps/core.xml")?.unwrap_or_default();
    let mut out = docx_text(&body, &heading_styles(&styles), &footnotes(&notes))
        .map_err(|err| unreadable(format!("damaged Word file: {err}")))?;
    out.title = property(&core, b"title").and_then(|t| meaningful_title(&t));
    if out.text.trim().is_empty() {
        return Err(unreadable(
            "no text in the document: nothing to index".into(),
        ));
    }
    Ok(out)
}

/// The largest part of a Word file read, uncompressed: as large as a text file may be. A zip
/// bomb of a few megabytes can unpack to terabytes.
const MAX_PART_BYTES: u64 = MAX_TEXT_FILE_BYTES;

/// The text of the archive's part `name`, `None` when it has none (or it is not UTF-8 text), an
/// error when it unpacks to more than `max_bytes`.
fn read_entry<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    max_bytes: u64,
) -> Result<Option<String>, ExtractError> {
    let Ok(entry) = archive.by_name(name) else {
        return Ok(None);
    };
    let mut text = String::new();
    if entry.take(max_bytes + 1).read_to_string(&mut text).is_err() {
        return Ok(None);
    }
    if text.len() as u64 > max_bytes {
        return Err(ExtractError::Unreadable(format!(
            "its {name} unpacks to more than {} MiB: too large to read (damaged, or a zip bomb)",
            max_bytes >> 20
        )));
    }
    Ok(Some(text))
}

fn attribute(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A text element of `docProps/core.xml` (`title`).
fn property(xml: &str, name: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let mut value = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == name => inside = true,
            Event::End(e) if e.local_name().as_ref() == name => return Some(value),
            Event::Text(t) if inside => value.push_str(&t.xml10_content().ok()?),
            Event::GeneralRef(r) if inside => value.push_str(&xml_reference(&r)),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Ids of the paragraph styles that are headings or the title.
fn heading_styles(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut headings = Vec::new();
    let mut current: Option<String> = None;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return headings,
            Ok(event) => event,
        };
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"style" => {
                current = attribute(&e, b"styleId");
            }
            Event::Empty(e) | Event::Start(e) => {
                let is_heading = match e.local_name().as_ref() {
                    b"name" => attribute(&e, b"val").is_some_and(|n| {
                        let n = n.to_lowercase();
                        n.starts_with("heading") || n == "title"
                    }),
                    b"outlineLvl" => true,
                    _ => false,
                };
                if let (true, Some(id)) = (is_heading, current.as_ref()) {
                    if !headings.contains(id) {
                        headings.push(id.clone());
                    }
                }
            }
            _ => {}
        }
    }
}

/// Footnote texts by id.
fn footnotes(xml: &str) -> HashMap<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut notes = HashMap::new();
    let mut current: Option<(String, String)> = None;
    let mut in_text = false;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return notes,
            Ok(event) => event,
        };
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"footnote" => {
                let is_note = attribute(&e, b"type").is_none_or(|t| t == "normal");
                current = attribute(&e, b"id")
                    .filter(|_| is_note)
                    .map(|id| (id, String::new()));
            }
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_text = false,
            Event::End(e) if e.local_name().as_ref() == b"p" => {
                if let Some((_, text)) = current.as_mut() {
                    text.push(' ');
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"footnote" => {
                if let Some((id, text)) = current.take() {
                    notes.insert(id, text.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            Event::Text(t) if in_text => {
                if let (Some((_, text)), Ok(t)) = (current.as_mut(), t.xml10_content()) {
                    text.push_str(&t);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&xml_reference(&r));
                }
            }
            _ => {}
        }
    }
}

/// The body's text, laid out block by block.
fn docx_text(
    xml: &str,
    headings: &[String],
    notes: &HashMap<String, String>,
) -> Result<Extracted, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut builder = TextBuilder::new();
    let mut lines: Vec<String> = vec![String::new()];
    let mut in_text = false;
    let mut is_heading = false;
    let mut cells: Option<Vec<String>> = None;
    let mut cell = String::new();
    let mut table_depth = 0usize;
    let mut cited: Vec<String> = Vec::new();
    loop {
        match reader.read_event()? {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tbl" => table_depth += 1,
                b"tr" if table_depth == 1 => cells = Some(Vec::new()),
                b"p" => {
                    is_heading = false;
                    lines = vec![String::new()];
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"pStyle" => {
                    is_heading = attribute(&e, b"val").is_some_and(|s| headings.contains(&s));
                }
                b"tab" => lines.last_mut().expect("one line").push('\t'),
                b"br" | b"cr" => lines.push(String::new()),
                b"footnoteReference" => {
                    if let Some(id) = attribute(&e, b"id") {
                        if notes.contains_key(&id) && !cited.contains(&id) {
                            cited.push(id.clone());
                        }
                        let n = cited.iter().position(|c| *c == id).map_or(0, |i| i + 1);
                        lines
                            .last_mut()
                            .expect("one line")
                            .push_str(&format!("[{n}]"));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => lines
                .last_mut()
                .expect("one line")
                .push_str(&t.xml10_content()?),
            Event::GeneralRef(r) if in_text => {
                lines
                    .last_mut()
                    .expect("one line")
                    .push_str(&xml_reference(&r));
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let paragraph: Vec<String> = lines
                        .iter()
                        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                        .collect();
                    if cells.is_some() {
                        if !cell.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(paragraph.join(" ").trim());
                    } else if is_heading {
                        builder.block(&[paragraph.join(" ")]);
                    } else {
                        builder.block(&paragraph);
                    }
                }
                b"tc" if table_depth == 1 => {
                    if let Some(cells) = cells.as_mut() {
                        cells.push(std::mem::take(&mut cell).trim().to_string());
                    }
                }
                b"tr" if table_depth == 1 => {
                    if let Some(row) = cells.take() {
                        let row: Vec<String> = row.into_iter().filter(|c| !c.is_empty()).collect();
                        builder.block(&[row.join(" | ")]);
                    }
                }
                b"tbl" => table_depth = table_depth.saturating_sub(1),
                _ => {}
            },
            _ => {}
        }
    }
    if !cited.is_empty() {
        builder.block(&["Notes"]);
        for (i, id) in cited.iter().enumerate() {
            builder.block(&[format!("[{}] {}", i + 1, notes[id])]);
        }
    }
    Ok(builder.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_headings_tables_and_footnotes_are_laid_out() {
        let body = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Summary</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Nitrate fell </w:t></w:r><w:r><w:t>at 31 &amp; rose.</w:t>
              <w:footnoteReference w:id="5"/></w:r><w:r><w:br/><w:t>Next line.</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>River</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Stations</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:p><w:r><w:t>Alder</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>9</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            </w:body></w:document>"#;
        let styles = r#"<w:styles xmlns:w="w"><w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
            <w:style w:styleId="Body"><w:name w:val="Body Text"/></w:style></w:styles>"#;
        let notes = r#"<w:footnotes xmlns:w="w"><w:footnote w:type="separator" w:id="0"><w:p/></w:footnote>
            <w:footnote w:id="5"><w:p><w:r><w:t>A clear trend.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let styles = heading_styles(styles);
        assert_eq!(styles, ["Heading1"]);
        let out = docx_text(body, &styles, &footnotes(notes)).unwrap();
        assert_eq!(
            out.text,
            "Summary\n\nNitrate fell at 31 & rose.[1]\nNext line.\n\nRiver | Stations\n\nAlder | 9\n\n\
             Notes\n\n[1] A clear trend.\n"
        );
    }

    #[test]
    fn a_part_that_unpacks_too_large_is_refused() {
        // A zip bomb's part was read whole into memory, however large it unpacked.
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("word/document.xml", options).unwrap();
        std::io::Write::write_all(&mut zip, &vec![b' '; 3 << 20]).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 1 << 14, "compressed to {} bytes", bytes.len());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let read = |archive: &mut zip::ZipArchive<_>, max| {
            read_entry(archive, "word/document.xml", max).map(|t| t.map(|t| t.len()))
        };
        assert_eq!(read(&mut archive, 3 << 20), Ok(Some(3 << 20)));
        let Err(ExtractError::Unreadable(reason)) = read(&mut archive, 1 << 20) else {
            panic!("read a part over the limit");
        };
        assert!(
            reason.contains("word/document.xml unpacks to more than 1 MiB"),
            "{reason}"
        );
    }

    #[test]
    fn the_title_comes_from_the_core_properties() {
        let core = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:title>Water &amp; Rivers</dc:title></cp:coreProperties>"#;
        assert_eq!(property(core, b"title").as_deref(), Some("Water & Rivers"));
    }
}
