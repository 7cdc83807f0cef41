//! sleuth: full-text passage search with citations precise enough to check by hand.
//!
//! The data flows one way: files ([`corpus`]) → documents → passages ([`segment`]) → tokens
//! ([`analysis`]) → a tantivy index ([`indexer`], [`schema`]); query text ([`query_syntax`],
//! [`query`]) → ranked hits ([`search`]) → snippets ([`snippet`]) and citations ([`citation`]) →
//! printers ([`output`]).
//!
//! ```no_run
//! use sleuth::indexer::{sync, IndexOptions, SleuthIndex};
//! use sleuth::search::{search, SearchOptions};
//!
//! let mut options = IndexOptions::new("index");
//! options.corpus = Some(vec!["seeds".into()]);
//! sync(&options)?;
//! let index = SleuthIndex::open("index".as_ref())?;
//! let results = search(&index, "arms imports from Israel", &SearchOptions::default())?;
//! for hit in &results.hits {
//!     println!("{}", hit.passage.citation());
//! }
//! # Ok::<(), sleuth::error::Error>(())
//! ```

pub mod analysis;
pub mod citation;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod indexer;
pub mod output;
pub mod query;
pub mod query_syntax;
pub mod rank;
pub mod schema;
pub mod search;
pub mod segment;
pub mod snippet;
pub mod tokenizer;

pub use error::{Error, Result};
