//! How many passages of each document match a query: the list a reader narrows results with
//! ([`crate::engine::Engine::tally`]).

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::Result;
use crate::index::record::read_passage;
use crate::index::schema::{Fields, KIND_PASSAGE};

/// One document and how many of its passages match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentTally {
    /// Document id.
    pub doc_id: String,
    /// Path of the file to open, as citations show it.
    pub path: String,
    /// Document title.
    pub title: String,
    /// Matching passages.
    pub passages: usize,
}

/// The documents with passages matching `query` (every passage when it is `None`), most matches
/// first (ties by id), at most `limit` of them; and how many documents match in all.
pub(crate) fn tally(
    searcher: &Searcher,
    fields: &Fields,
    query: Option<Box<dyn Query>>,
    limit: usize,
) -> Result<(usize, Vec<DocumentTally>)> {
    let passages_only: Box<dyn Query> = Box::new(ConstScoreQuery::new(
        Box::new(TermQuery::new(
            Term::from_field_text(fields.kind, KIND_PASSAGE),
            IndexRecordOption::Basic,
        )),
        0.0,
    ));
    let query: Box<dyn Query> = match query {
        None => passages_only,
        Some(query) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, passages_only),
        ])),
    };
    let counts = searcher.search(&query, &ByDocument)?;
    let total = counts.len();
    let mut counted: Vec<(String, (usize, DocAddress))> = counts.into_iter().collect();
    counted.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    counted.truncate(limit);
    let mut tallies = Vec::with_capacity(counted.len());
    for (doc_id, (passages, address)) in counted {
        let passage = read_passage(searcher, fields, address)?;
        tallies.push(DocumentTally {
            doc_id,
            path: passage.path,
            title: passage.title,
            passages,
        });
    }
    Ok((total, tallies))
}

/// Counts matching records per document id, keeping one record of each to read its title from.
struct ByDocument;

/// Per document id: the count, and the address of one matching record.
type Counts = HashMap<String, (usize, DocAddress)>;

struct SegmentCounts {
    segment: SegmentOrdinal,
    ids: Option<tantivy::columnar::StrColumn>,
    /// Count and first record per term ordinal of the segment's id column.
    by_ordinal: HashMap<u64, (usize, DocId)>,
}

impl Collector for ByDocument {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        Ok(SegmentCounts {
            segment,
            ids: reader.fast_fields().str(Fields::DOC_ID_NAME)?,
            by_ordinal: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::new();
        for fruit in fruits {
            for (id, (count, address)) in fruit {
                all.entry(id).or_insert((0, address)).0 += count;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(ordinal) = self.ids.as_ref().and_then(|ids| ids.ords().first(doc)) else {
            return;
        };
        self.by_ordinal.entry(ordinal).or_insert((0, doc)).0 += 1;
    }

    fn harvest(self) -> Counts {
        let mut counts = Counts::new();
        let Some(ids) = self.ids else {
            return counts;
        };
        let mut id = String::new();
        for (ordinal, (count, doc)) in self.by_ordinal {
            id.clear();
            if ids.ord_to_str(ordinal, &mut id).is_ok() {
                counts.insert(id.clone(), (count, DocAddress::new(self.segment, doc)));
            }
        }
        counts
    }
}
