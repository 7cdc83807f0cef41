//! Query text → tantivy queries: the [`syntax`] a person types, read into a tree, and its
//! compiled form over sleuth's fields ([`compile`](mod@compile)).

pub mod compile;
pub mod syntax;

pub use compile::{
    compile, compile_node, is_document_filter, parse, term_query, word_fields, CompiledQuery,
    HighlightTerms, MAX_PREFIX_TERMS, SECTION_WEIGHT, TITLE_WEIGHT,
};
