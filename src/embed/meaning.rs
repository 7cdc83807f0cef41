//! Ranking by meaning at query time: the model that embeds queries and the index's passage
//! vectors, fused with a lexical ranking of passages or documents.

use std::collections::HashSet;
use std::path::Path;

use tantivy::DocAddress;

use super::fuse::{fuse, Scored, LEXICAL_WEIGHT};
use super::model::Model;
use super::store::{self, EmbedLock, StoreHeader};
use super::sync::{check_model, embed_index, Progress};
use super::vectors::IndexVectors;
use crate::error::{Error, Result};
use crate::index::SleuthIndex;
use crate::query::syntax::{Clause, Node, Occur};

/// How many candidates each ranking contributes to a fused ranking (at least a page's worth).
pub const FUSION_DEPTH: usize = 100;

/// An index's vectors and the model that made them, ready to rank by meaning.
pub struct Meaning {
    /// The model, to embed queries.
    pub model: Model,
    /// The passage vectors.
    pub vectors: IndexVectors,
    /// Weight of the lexical score in the fused score.
    pub lexical_weight: f32,
}

impl Meaning {
    /// Ranking by meaning for `index`, or None when it has no vectors and no model is given.
    /// The model is `model_folder` when given (it must be the one that made the index's vectors),
    /// else the folder recorded with the vectors. Passages without a current vector (new or
    /// changed since the last run) are embedded first, reporting to `progress`.
    pub fn open(
        index: &SleuthIndex,
        model_folder: Option<&Path>,
        progress: Progress,
    ) -> Result<Option<Meaning>> {
        let Some(model) = model_for(index.dir(), model_folder)? else {
            return Ok(None);
        };
        // Read the vectors once when they are current (the usual case), twice when some
        // passages had to be embedded first.
        let searcher = index.searcher()?;
        let vectors = match IndexVectors::load(index, &searcher)? {
            // Passages another run is embedding now are ranked by words alone meanwhile.
            Some(vectors)
                if vectors.missing() == 0 || EmbedLock::is_held_elsewhere(index.dir())? =>
            {
                vectors
            }
            _ => {
                embed_index(index, &model, false, progress)?;
                IndexVectors::load(index, &searcher)?.ok_or_else(|| Error::Vectors {
                    path: store::vectors_path(index.dir()).display().to_string(),
                    detail: "the vector file disappeared while it was being read".to_string(),
                })?
            }
        };
        Ok(Some(Meaning {
            model,
            vectors,
            lexical_weight: LEXICAL_WEIGHT,
        }))
    }

    /// Fuses a lexical passage ranking (best first) with the passages nearest to `query`, over
    /// the union of both top-[`FUSION_DEPTH`] lists (or `depth` if larger), best first.
    pub fn fuse_passages(
        &self,
        query: &[f32],
        lexical: &[(f32, DocAddress)],
        depth: usize,
    ) -> Vec<Scored<DocAddress>> {
        let nearest = self.vectors.nearest_passages(query, depth);
        self.fuse_with(lexical, nearest, |passage| {
            self.vectors.passage_cosine(query, passage)
        })
    }

    /// Fuses a lexical document ranking (document record addresses, best first) with the documents
    /// nearest to `query` by their nearest passage, best first.
    pub fn fuse_documents(
        &self,
        query: &[f32],
        lexical: &[(f32, DocAddress)],
        depth: usize,
    ) -> Vec<Scored<DocAddress>> {
        let nearest = self
            .vectors
            .nearest_documents(query, depth)
            .into_iter()
            .map(|(cosine, document, _)| (cosine, document));
        self.fuse_with(lexical, nearest, |document| {
            self.vectors
                .document_cosine(query, document)
                .map(|(cosine, _)| cosine)
        })
    }

    /// Fuses `lexical` (best first) with `nearest` by meaning: every lexical candidate scored by
    /// its exact `cosine`, then the nearest ones the words did not find.
    fn fuse_with(
        &self,
        lexical: &[(f32, DocAddress)],
        nearest: impl IntoIterator<Item = (f32, DocAddress)>,
        cosine: impl Fn(DocAddress) -> Option<f32>,
    ) -> Vec<Scored<DocAddress>> {
        let mut candidates: Vec<(DocAddress, Option<f32>, Option<f32>)> = lexical
            .iter()
            .map(|&(score, key)| (key, Some(score), cosine(key)))
            .collect();
        let seen: HashSet<DocAddress> = lexical.iter().map(|&(_, key)| key).collect();
        for (cosine, key) in nearest {
            if !seen.contains(&key) {
                candidates.push((key, None, Some(cosine)));
            }
        }
        fuse(candidates, self.lexical_weight)
    }
}

/// The model for the vectors of the index in `index_dir`: `given` (checked against the vectors),
/// else the one recorded with them; None when there are neither vectors nor `given`.
pub fn model_for(index_dir: &Path, given: Option<&Path>) -> Result<Option<Model>> {
    match (store::read_header(index_dir)?, given) {
        (None, None) => Ok(None),
        (None, Some(folder)) => Model::load(folder).map(Some),
        (Some(header), given) => load_model(&header, given, index_dir).map(Some),
    }
}

/// The model for vectors described by `header`: from `given`, checked against them, else from the
/// folder they record.
fn load_model(header: &StoreHeader, given: Option<&Path>, index_dir: &Path) -> Result<Model> {
    let folder = given.unwrap_or(&header.model_folder);
    let model = Model::load(folder).map_err(|err| match given {
        Some(_) => err,
        None => Error::Vectors {
            path: store::vectors_path(index_dir).display().to_string(),
            detail: format!(
                "the index has passage vectors, but the model that made them cannot be loaded \
                 ({err}); pass --model DIR with that model's folder, or --lexical to search by \
                 words alone"
            ),
        },
    })?;
    check_model(header, &model, index_dir)?;
    Ok(model)
}

/// Whether a query is plain words, the only kind ranked by meaning: phrases, required or excluded
/// words, fields and prefixes ask for exact matches that a ranking by meaning would not honour.
pub fn is_plain_words(clauses: &[Clause]) -> bool {
    clauses.iter().all(|clause| {
        clause.occur == Occur::Should
            && match &clause.node {
                Node::Word(_) => true,
                Node::Group(inner) => is_plain_words(inner),
                _ => false,
            }
    })
}
