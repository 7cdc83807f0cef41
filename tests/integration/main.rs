//! sleuth's integration tests: one binary, shared helpers in `env`, one module per capability.

mod browser;
mod cli;
mod env;
mod eval;
mod golden;
mod indexing;
mod marks;
mod seeds;
mod serve;
mod storage;
mod syntax;
mod verify;
