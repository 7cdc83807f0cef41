//! sleuth's integration tests: one binary, shared helpers in `env`, one module per capability.

mod browser;
mod check;
mod cli;
mod cli_fuzz;
mod crash;
mod env;
mod eval;
mod factcheck_query;
mod factcheck_verify;
mod formats;
mod fuzz_corpus;
mod golden;
mod hybrid;
mod indexing;
mod kept_originals;
mod marks;
mod robustness;
mod seeds;
mod serve;
mod storage;
mod syntax;
mod verify;
