//! The document-level plan of a query: how whole documents match it (`sleuth search --docs`,
//! `sleuth eval`), built from the parsed tree so that ranking never reads the tree itself.
//!
//! A query whose clauses are all alternatives matches the documents of the passages it matches.
//! Otherwise each clause is matched on its own and the results combined per document: a required
//! word must be in one of the document's passages (not necessarily the same passage as another
//! required word), an excluded word in none of them. A single word, phrase or prefix still
//! matches within a passage.

use tantivy::query::Query;
use tantivy::Searcher;

use super::compile::{compile_node, is_document_filter};
use super::syntax::{Clause, Node, Occur};
use crate::error::Result;
use crate::index::schema::Fields;

/// How whole documents match a query.
pub enum DocumentPlan {
    /// Any word anywhere: the documents of the passages the passage query matches.
    AnyPassage,
    /// Clause by clause, combined per document.
    Clauses(Vec<DocumentClause>),
}

/// One clause of a [`DocumentPlan::Clauses`] plan.
pub struct DocumentClause {
    /// What the clause does to the documents it matches.
    pub role: Role,
    /// What it matches.
    pub matcher: Matcher,
}

/// What a clause does to the documents it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A document must match it (`+word`, `AND`, a `doc:` filter).
    Required,
    /// Matching it is enough when nothing is required.
    Optional,
    /// A document must not match it (`-word`, `NOT`).
    Excluded,
}

/// What a clause matches.
pub enum Matcher {
    /// The documents of the passages this query matches.
    Passages(Box<dyn Query>),
    /// The documents a group of clauses matches, combined as a plan is.
    Group(Vec<DocumentClause>),
}

/// The plan for `clauses`, with the clauses' passage queries compiled for `fields`.
pub(super) fn plan(
    clauses: &[Clause],
    fields: &Fields,
    searcher: &Searcher,
) -> Result<DocumentPlan> {
    if is_disjunction(clauses) {
        return Ok(DocumentPlan::AnyPassage);
    }
    Ok(DocumentPlan::Clauses(plan_clauses(
        clauses, fields, searcher,
    )?))
}

fn plan_clauses(
    clauses: &[Clause],
    fields: &Fields,
    searcher: &Searcher,
) -> Result<Vec<DocumentClause>> {
    clauses
        .iter()
        .map(|clause| {
            let matcher = match &clause.node {
                Node::Group(inner) => Matcher::Group(plan_clauses(inner, fields, searcher)?),
                node => Matcher::Passages(compile_node(node, fields, searcher)?),
            };
            let role = match clause.occur {
                Occur::Should if !is_document_filter(clause) => Role::Optional,
                Occur::Should | Occur::Must => Role::Required,
                Occur::MustNot => Role::Excluded,
            };
            Ok(DocumentClause { role, matcher })
        })
        .collect()
}

/// Whether every clause, also inside groups, is an alternative (no required or excluded word).
fn is_disjunction(clauses: &[Clause]) -> bool {
    clauses.iter().all(|clause| {
        clause.occur == Occur::Should
            && !is_document_filter(clause)
            && match &clause.node {
                Node::Group(inner) => is_disjunction(inner),
                _ => true,
            }
    })
}
