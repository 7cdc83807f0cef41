//! `check`: what each source says about a claim, and where sources disagree.

pub mod facts;
pub mod stance;
