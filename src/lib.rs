//! sleuth: full-text passage search with citations precise enough to check by hand.
//!
//! The data flows one way: files ([`corpus`]) → documents → passages ([`segment`]) → tokens
//! ([`analysis`]) → a tantivy index ([`indexer`], [`schema`]); query text ([`query_syntax`],
//! [`query`]) → ranked hits ([`search`], ordered by [`rank`]) → snippets ([`snippet`]) and
//! citations ([`citation`]) → printers ([`output`]). [`eval`] measures the ranking on a benchmark.
//!
//! On top of search, the fact-checker's tools: [`verify`] decides whether a quote is in the corpus
//! word for word, comparing it with the original text ([`original`]) as [`normalize`] and [`align`]
//! see it; [`locate`] turns a citation back into its passages and finds a passage's neighbours.
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

pub mod align;
pub mod analysis;
pub mod check;
pub mod citation;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod indexer;
pub mod locate;
pub mod normalize;
pub mod original;
pub mod output;
pub mod query;
pub mod query_syntax;
pub mod queue;
pub mod rank;
pub mod schema;
pub mod search;
pub mod segment;
pub mod snippet;
pub mod stems;
pub mod tokenizer;
pub mod verify;

pub use error::{Error, Result};
