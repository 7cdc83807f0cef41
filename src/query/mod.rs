//! Query text → what to search: the [`syntax`] a person types, read into a tree, and its
//! compiled forms over sleuth's fields ([`compile`](mod@compile)): the passage query with the
//! terms to highlight and to score ([`terms`]), the relaxed variant, and the document-level
//! [`plan`]. This module is the only reader of the parsed tree. What reading the text noted is
//! returned as data ([`note`]), worded by the printers.

pub mod compile;
pub mod note;
pub mod plan;
pub mod syntax;
pub mod terms;

pub use compile::{
    compile, parse, term_query, word_fields, CompiledQuery, HighlightTerms, MAX_PREFIXES,
    MAX_PREFIX_TERMS, MAX_QUERY_CHARS, MAX_QUERY_WORDS, SECTION_WEIGHT, TITLE_WEIGHT,
};
pub use note::{Operator, ProseCue, QueryNote};
pub use plan::DocumentPlan;
pub use terms::{ScoringTerm, View};
