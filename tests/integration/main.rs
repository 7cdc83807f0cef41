//! sleuth's integration tests: one binary, shared helpers in `env`, one module per capability.

mod check;
mod cli;
mod env;
mod eval;
mod indexing;
mod marks;
mod seeds;
mod storage;
mod syntax;
mod verify;
