//! Which words of the passage text share a stem: how a bare word finds its inflections although
//! passages are indexed as written.
//!
//! Stemming every word of every passage while indexing costs as much as the rest of the analysis,
//! and a stemmed copy of the text would double what tantivy indexes. But a segment's vocabulary is
//! tens of times smaller than its text. So the passage text holds each word once, as written, and
//! each segment carries one more file, written by [`StemsPlugin`] when tantivy writes or merges
//! the segment: the segment's words whose stem differs from them, one line per stem,
//! `stem<TAB>word word…`, sorted by stem, made by stemming each distinct word once. A query finds
//! a stem's words by binary search in the file of each segment it searches ([`words_of_stem`]).

use std::any::Any;
use std::io::Write;
use std::sync::{Mutex, PoisonError};

use tantivy::directory::{CompositeFile, OwnedBytes, TerminatingWrite};
use tantivy::index::{SegmentComponent, SegmentId};
use tantivy::indexer::DocIdMapping;
use tantivy::schema::Field;
use tantivy::termdict::TermDictionary;
use tantivy::{
    PluginMergeContext, PluginWriter, PluginWriterContext, Searcher, Segment, SegmentPlugin,
    SegmentReader,
};

use crate::analysis::stem;
use crate::error::{Error, Result};

/// The extension of the stems file of a segment.
const EXTENSION: &str = "stems";

fn component() -> SegmentComponent {
    SegmentComponent::Custom(EXTENSION.to_string())
}

/// The words of `field` (passage text, as written) whose stem is `stem`, sorted: the inflected
/// ones in the segments `searcher` searches, and `stem` itself when it is its own stem. (They need
/// not all occur in the index: a term query for an absent word matches nothing.)
pub fn words_of_stem(searcher: &Searcher, stem: &str) -> Result<Vec<String>> {
    let mut words = Vec::new();
    if self::stem(stem) == stem {
        words.push(stem.to_string());
    }
    for segment in searcher.segment_readers() {
        let bytes = open_file(segment)?;
        if let Some(line) = find_line(bytes.as_slice(), stem.as_bytes()) {
            let line = String::from_utf8_lossy(line);
            words.extend(line.split(' ').map(str::to_string));
        }
    }
    words.sort();
    words.dedup();
    Ok(words)
}

/// How many segments' stems files stay open between lookups.
const OPEN_FILES: usize = 64;

/// The stems files opened last, most recent first: a file is mapped into memory when opened and
/// unmapped when its last handle goes, and mapping it anew for every word of every query cost
/// more than the lookups. A file depends only on its segment, so it never goes stale.
static OPEN: Mutex<Vec<(SegmentId, OwnedBytes)>> = Mutex::new(Vec::new());

/// The stems file of `segment`, kept open for the next lookups.
fn open_file(segment: &SegmentReader) -> Result<OwnedBytes> {
    let id = segment.segment_id();
    let mut open = OPEN.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(i) = open.iter().position(|(seen, _)| *seen == id) {
        let entry = open.remove(i);
        let bytes = entry.1.clone();
        open.insert(0, entry);
        return Ok(bytes);
    }
    let file = segment
        .open_read(component())
        .map_err(|err| Error::Tantivy(tantivy::TantivyError::OpenReadError(err)))?;
    let bytes = file
        .read_bytes()
        .map_err(|err| Error::Tantivy(err.into()))?;
    open.insert(0, (id, bytes.clone()));
    open.truncate(OPEN_FILES);
    Ok(bytes)
}

/// Writes the stems file of each segment tantivy writes or merges, from the words of one text
/// field. Register it on every open (like the analyzers): tantivy refuses to write or merge an
/// index without it.
pub struct StemsPlugin {
    /// The passage text field.
    pub field: Field,
}

impl SegmentPlugin for StemsPlugin {
    fn extensions(&self) -> &[&str] {
        &[EXTENSION]
    }

    fn create_writer(&self, _: &PluginWriterContext) -> tantivy::Result<Box<dyn PluginWriter>> {
        Ok(Box::new(StemsWriter { field: self.field }))
    }

    fn merge(&self, context: PluginMergeContext) -> tantivy::Result<()> {
        // The merged term dictionary is already written (built-in components come first).
        write_stems(context.target_segment, self.field)
    }
}

/// Writes a new segment's stems file once its term dictionary is written.
struct StemsWriter {
    field: Field,
}

impl PluginWriter for StemsWriter {
    fn serialize(
        self: Box<Self>,
        segment: &Segment,
        _: Option<&DocIdMapping>,
    ) -> tantivy::Result<()> {
        write_stems(segment, self.field)
    }

    fn mem_usage(&self) -> usize {
        0
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Writes the stems file of `segment` from the words of `field` in its term dictionary.
fn write_stems(segment: &Segment, field: Field) -> tantivy::Result<()> {
    let terms = CompositeFile::open(&segment.open_read(SegmentComponent::Terms)?)?;
    let stems = match terms.open_read(field) {
        Some(dictionary) => stems_of(&TermDictionary::open(dictionary)?)?,
        None => Vec::new(),
    };
    let mut write = segment.open_write(component())?;
    for (stem, words) in &stems {
        writeln!(write, "{stem}\t{}", words.join(" "))?;
    }
    write.terminate()?;
    Ok(())
}

/// The rest of the line of `sorted` (lines `key<TAB>rest`, sorted by key) whose key is `key`.
fn find_line<'a>(sorted: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    // Binary search over byte offsets: a probe reads the line that starts after the offset.
    let (mut low, mut high) = (0, sorted.len());
    while low < high {
        let middle = low + (high - low) / 2;
        let start = match middle {
            0 => 0,
            _ => match sorted[middle..].iter().position(|&b| b == b'\n') {
                Some(newline) => middle + newline + 1,
                None => sorted.len(),
            },
        };
        if start >= high {
            // No line starts in the upper half: search the lower half line by line.
            break;
        }
        let end = sorted[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(sorted.len(), |n| start + n);
        let line = &sorted[start..end];
        let line_key = line.split(|&b| b == b'\t').next().unwrap_or(line);
        match line_key.cmp(key) {
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
            std::cmp::Ordering::Equal => return line.get(line_key.len() + 1..),
        }
    }
    sorted[low.min(sorted.len())..high.min(sorted.len())]
        .split(|&b| b == b'\n')
        .find_map(|line| {
            let tab = line.iter().position(|&b| b == b'\t')?;
            (&line[..tab] == key).then(|| &line[tab + 1..])
        })
}

/// Every stem of a word of `dictionary` that differs from the word, with its words, sorted.
fn stems_of(dictionary: &TermDictionary) -> std::io::Result<Vec<(String, Vec<String>)>> {
    let mut terms = dictionary.stream()?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    while terms.advance() {
        let Ok(word) = std::str::from_utf8(terms.key()) else {
            continue;
        };
        let stemmed = stem(word);
        if stemmed != word {
            pairs.push((stemmed, word.to_string()));
        }
    }
    pairs.sort_unstable();
    let mut stems: Vec<(String, Vec<String>)> = Vec::new();
    for (stem, word) in pairs {
        match stems.last_mut() {
            Some((last, words)) if *last == stem => words.push(word),
            _ => stems.push((stem, vec![word])),
        }
    }
    Ok(stems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{sync, IndexOptions, SleuthIndex};

    #[test]
    fn a_stem_finds_its_words_in_every_segment_and_after_a_merge() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let mut options = IndexOptions::new(dir.path().join("index"));
        options.corpus = Some(vec![corpus.clone()]);
        // Two runs, two segments: each holds some of the words that stem to `sanction`.
        std::fs::write(corpus.join("a.txt"), "Sanctions were sanctioned.\n").unwrap();
        sync(&options).unwrap();
        std::fs::write(corpus.join("b.txt"), "The sanctioning body met.\n").unwrap();
        sync(&options).unwrap();
        let index = SleuthIndex::open(&dir.path().join("index")).unwrap();
        let words = |index: &SleuthIndex, stem: &str| {
            words_of_stem(&index.index.reader().unwrap().searcher(), stem).unwrap()
        };
        let expected = ["sanction", "sanctioned", "sanctioning", "sanctions"];
        assert_eq!(index.index.searchable_segment_ids().unwrap().len(), 2);
        assert_eq!(words(&index, "sanction"), expected);
        // `sanction` is its own stem, so it is listed though no passage has it; `met` stems to
        // itself and has no inflection here.
        assert_eq!(words(&index, "met"), ["met"]);

        let segments = index.index.searchable_segment_ids().unwrap();
        let mut writer: tantivy::IndexWriter = index.index.writer(50_000_000).unwrap();
        writer.merge(&segments).wait().unwrap();
        writer.commit().unwrap();
        drop(writer);
        let merged = SleuthIndex::open(&dir.path().join("index")).unwrap();
        assert_eq!(merged.index.searchable_segment_ids().unwrap().len(), 1);
        assert_eq!(words(&merged, "sanction"), expected);
    }

    fn lines(pairs: &[(&str, &str)]) -> Vec<u8> {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}\t{v}\n"))
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn every_line_is_found_by_its_key_and_nothing_else_is() {
        let keys: Vec<String> = (0..500).map(|i| format!("k{i:04}")).collect();
        let pairs: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), "a b")).collect();
        let sorted = lines(&pairs);
        for key in &keys {
            assert_eq!(
                find_line(&sorted, key.as_bytes()),
                Some(&b"a b"[..]),
                "{key}"
            );
        }
        for missing in ["", "a", "k", "k0000x", "k04999", "z"] {
            assert_eq!(find_line(&sorted, missing.as_bytes()), None, "{missing}");
        }
        assert_eq!(find_line(b"", b"x"), None);
        assert_eq!(find_line(b"only\tone", b"only"), Some(&b"one"[..]));
    }

    #[test]
    fn keys_of_every_length_are_found_among_long_lines() {
        let long = "w".repeat(3000);
        let pairs = [
            ("a", "1"),
            ("ab", long.as_str()),
            ("b", "2"),
            ("c", long.as_str()),
        ];
        let sorted = lines(&pairs);
        for (key, value) in pairs {
            assert_eq!(
                find_line(&sorted, key.as_bytes()),
                Some(value.as_bytes()),
                "{key}"
            );
        }
    }
}
