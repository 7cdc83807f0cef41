//! sleuth: full-text passage search with citations precise enough to check by hand.
//!
//! The modules follow the pipeline, top to bottom (see ARCHITECTURE.md for the picture), and
//! [`engine::Engine`] is the one entry point to a built index:
//!
//! - [`ingest`]: files → documents → passages (corpus walking, JSON lines, segmentation);
//! - [`analysis`]: what a word is: the tokenizer, folding, the analyzers and their stems;
//! - [`index`]: the tantivy index: schema, the records written, the writer and its queue;
//! - [`query`]: query text → syntax tree → tantivy queries;
//! - [`rank`]: the order of matching passages and documents;
//! - [`embed`]: sentence embeddings (opt-in): passage vectors beside the index, ranking by meaning;
//! - [`results`]: ranked hits as plain data: search, snippets, citations, locating passages;
//! - [`verify`]: whether a quote is in the corpus word for word (normalizing and aligning text);
//! - [`check`]: what each source says about a claim: states it, differs on a fact, or mentions it;
//! - [`output`]: printers, text for people and JSON for tools;
//! - [`eval`]: ranking quality on a benchmark;
//! - [`marks`]: the one table of quotation marks, apostrophes, dashes, invisible characters and
//!   footnote markers that every stage reads text with.
//!
//! On top of them: [`batch`] runs many queries or quotes at once, and [`serve`] puts it all behind a
//! web page and a JSON API.
//!
//! ```no_run
//! use sleuth::engine::Engine;
//! use sleuth::index::{sync, IndexOptions};
//! use sleuth::results::search::{search, SearchOptions};
//!
//! let mut options = IndexOptions::new("index");
//! options.corpus = Some(vec!["seeds".into()]);
//! sync(&options)?;
//! let engine = Engine::open("index".as_ref())?;
//! let results = search(&engine, "arms imports from Israel", &SearchOptions::default())?;
//! for hit in &results.hits {
//!     println!("{}", hit.passage.citation());
//! }
//! # Ok::<(), sleuth::error::Error>(())
//! ```

pub mod analysis;
pub mod batch;
pub mod check;
pub mod embed;
pub mod engine;
pub mod error;
pub mod eval;
pub mod index;
pub mod ingest;
pub mod marks;
pub mod output;
pub mod query;
pub mod rank;
pub mod results;
pub mod serve;
pub mod verify;

pub use error::{Error, Result};
