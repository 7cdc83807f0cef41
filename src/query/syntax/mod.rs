//! The text a person types into `sleuth search`, read into a small syntax tree.
//!
//! This module owns the query *syntax* only: which parts of the text are words, prefixes, phrases, fields,
//! groups and boolean operators. It does not tokenize words (the index analyzers do that later), so every
//! word and phrase keeps the text exactly as typed.
//!
//! People paste prose into a search box: colons, quotes, parentheses, hyphens, percent signs, URLs, a quote
//! that never closes. So the parser is lenient: it never fails on text that holds at least one letter or
//! digit. Whatever cannot be read as syntax is read as plain words, and each such reading adds one short
//! [`QueryNote`] (the printers word them) so nobody is surprised by what was actually searched.
//!
//! # Syntax (Lucene-like)
//! - `arms imports Israel`: bare words; any may match, more matches rank higher ([`Occur::Should`]).
//! - `"exact phrase"`, `"phrase"~2` (slop); `“…”`, `„…“`, `«…»` and every other double quotation
//!   mark of [`crate::marks::is_double_quote`] are quotes too; `‘’` are apostrophes.
//! - `+required`, `-excluded` on a word, phrase, field or group. A `-` or `+` with a space after it, or
//!   inside a word (`U.S.-Israeli`, `2016-2020`), is ordinary punctuation.
//! - `AND`, `OR`, `NOT` (uppercase only), `( … )` groups. Pasted prose is not a query written in
//!   the syntax, so in a query of [`PROSE_WORDS`] words or more, or one written in capitals, and
//!   before or after a word too common to search for (`NOT an easy task`), `AND` and `NOT` are
//!   words; each such reading, and in a query of more than [`FEW_WORDS`] words each word an
//!   operator excludes or requires, adds a note.
//! - `title:`, `section:`, `doc:` (any case) directly followed by a word, `prefix*`, `"phrase"` or `(group)`.
//! - `Isra*`: a prefix.
//!
//! # Operator semantics: those of Lucene's classic query parser
//! There is no precedence between `AND` and `OR`; clauses are read left to right and each operator only
//! changes the clauses next to it. `a AND b` marks both `a` and `b` as Must (an excluded `a` stays
//! excluded); `OR` changes nothing, because the default is already Should; `NOT a` is the same as `-a`.
//! So `a AND b OR c` means `+a +b c` and `a OR b AND c` means `a +b +c`; use parentheses for anything
//! else: `(a AND b) OR c`.
//!
//! # Reading what is not syntax
//! - an unmatched quote or parenthesis is ignored; `""` and other quotes without words are ignored;
//! - an operator without a search term on the side(s) it needs (`AND Israel`, `Israel OR`, `NOT`) is a word;
//! - `Claim:Israel` or `ratio:3` (an unknown field) is one word; `title:` with nothing after it is a word;
//! - `*` without a letter or digit before it is ignored; `a*b` is a word (only a trailing `*` is honoured);
//! - `~` without a number after a phrase is ignored, a `*` after a phrase too;
//! - `word~2` (Lucene's fuzzy search) is a word;
//! - parentheses nested deeper than [`MAX_GROUP_DEPTH`] are ignored (they would only exhaust the stack).
//!
//! Each of those adds a note. Ordinary punctuation adds none: a lone `-`, a trailing colon (`Claim:`), a
//! URL (`https://x.org/a`), a comma; words made only of punctuation are left out of the tree altogether.

mod lexer;
mod parser;
mod prose;

#[cfg(test)]
mod tests;

use lexer::lex;
use parser::{drop_unbalanced_parens, Parser};
use prose::{count_words, read_operators_in_prose};
pub use prose::{FEW_WORDS, PROSE_WORDS};
use std::fmt;

use crate::marks::is_double_quote;
use crate::query::note::QueryNote;

/// How deeply `( … )` groups may nest; deeper parentheses are ignored (with a note).
pub const MAX_GROUP_DEPTH: usize = 32;

/// Whether a clause may, must or must not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// May match; a match ranks the passage higher (the default between words).
    Should,
    /// Must match (`+word`, or either side of `AND`).
    Must,
    /// Must not match (`-word`, `NOT word`).
    MustNot,
}

/// A field a clause can be restricted to with `name:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `title:`, the document title.
    Title,
    /// `section:`, the heading of the section a passage belongs to.
    Section,
    /// `doc:`, the document (its file name or id).
    Doc,
}

impl Field {
    /// Every field, in the order the notes list them.
    pub const ALL: [Field; 3] = [Field::Title, Field::Section, Field::Doc];

    /// The name typed before the colon, in lowercase.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Section => "section",
            Field::Doc => "doc",
        }
    }

    /// The field called `name`, compared without regard to ASCII case.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|field| field.name().eq_ignore_ascii_case(name))
    }
}

/// One piece of a query; word and phrase texts are kept exactly as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A word as typed: no lowercasing, inner punctuation kept (`U.S.-Israeli`, `69%`).
    Word(String),
    /// A prefix search (`Isra*`): the text before the `*`.
    Prefix(String),
    /// A phrase: the text between the quotes (outer whitespace trimmed), and how many positions its words
    /// may be moved (`"a b"~2`; 0 means exactly in order).
    Phrase {
        /// The text between the quotes.
        text: String,
        /// The slop after `~`, 0 without one.
        slop: u32,
    },
    /// A node searched only in one field. Fields nested in a field's group override it (innermost wins).
    Field(Field, Box<Node>),
    /// A parenthesised group of clauses, combined as at the top level.
    Group(Vec<Clause>),
}

impl Node {
    /// True if the node can match a passage by itself: it is a term, or a group holding at least one
    /// clause that is not excluded. A group of only exclusions matches nothing in a boolean query.
    fn has_positive_clause(&self) -> bool {
        match self {
            Node::Word(_) | Node::Prefix(_) | Node::Phrase { .. } => true,
            Node::Field(_, node) => node.has_positive_clause(),
            Node::Group(clauses) => clauses.iter().any(Clause::is_positive),
        }
    }
}

/// A node with the way it combines with its siblings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// May, must or must not match.
    pub occur: Occur,
    /// What is searched.
    pub node: Node,
}

impl Clause {
    /// A clause that may match, the default between words.
    pub fn should(node: Node) -> Clause {
        Clause {
            occur: Occur::Should,
            node,
        }
    }

    fn is_positive(&self) -> bool {
        self.occur != Occur::MustNot && self.node.has_positive_clause()
    }
}

/// A parsed query: its top-level clauses and the notes on text that was not read as the syntax it resembled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The top-level clauses, never empty.
    pub clauses: Vec<Clause>,
    /// Each reading the user may not expect, in the order of the text.
    pub notes: Vec<QueryNote>,
}

impl ParsedQuery {
    /// False when no clause can match by itself (every clause is excluded, also inside groups): such a
    /// query matches nothing, so the caller should ask for at least one word that is not excluded.
    pub fn has_positive_clause(&self) -> bool {
        self.clauses.iter().any(Clause::is_positive)
    }
}

pub use crate::error::QueryError;

/// Reads `input` with the query syntax; never fails on text holding at least one letter or digit.
pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
    if input.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    let mut notes = Vec::new();
    let tokens = lex(input, &mut notes);
    let tokens = drop_unbalanced_parens(tokens, &mut notes);
    let words = count_words(&tokens);
    let tokens = read_operators_in_prose(tokens, words, &mut notes);
    let clauses = Parser::new(tokens, words > FEW_WORDS, &mut notes).parse_query();
    if clauses.is_empty() {
        // Only operators survived (e.g. `NOT ()`): searching the text as typed beats refusing it.
        let mut literal = parse_literal(input)?;
        literal.notes.push(QueryNote::WholeQueryAsWords);
        return Ok(literal);
    }
    // Notes are collected by several passes; the user reads them against the text, left to right.
    notes.sort_by_key(|note| note.position);
    Ok(ParsedQuery {
        clauses,
        notes: notes.into_iter().map(|note| note.note).collect(),
    })
}

/// Reads `input` as plain words (`--literal`): no operators, quotes only separate words, no notes.
pub fn parse_literal(input: &str) -> Result<ParsedQuery, QueryError> {
    if input.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    let clauses: Vec<Clause> = input
        .split(|c: char| c.is_whitespace() || is_double_quote(c))
        .filter(|word| has_alphanumeric(word))
        .map(|word| Clause::should(Node::Word(word.to_string())))
        .collect();
    if clauses.is_empty() {
        return Err(QueryError::NothingToSearch);
    }
    Ok(ParsedQuery {
        clauses,
        notes: Vec::new(),
    })
}

// Normalized display, used by tests and debugging output. It is not guaranteed to parse back to the same
// tree (a word may contain text that reads as syntax, such as `AND`).

impl fmt::Display for ParsedQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_clauses(f, &self.clauses)
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.occur {
            Occur::Should => "",
            Occur::Must => "+",
            Occur::MustNot => "-",
        };
        write!(f, "{sign}{}", self.node)
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Word(word) => f.write_str(word),
            Node::Prefix(prefix) => write!(f, "{prefix}*"),
            Node::Phrase { text, slop: 0 } => write!(f, "\"{text}\""),
            Node::Phrase { text, slop } => write!(f, "\"{text}\"~{slop}"),
            Node::Field(field, node) => write!(f, "{}:{node}", field.name()),
            Node::Group(clauses) => {
                f.write_str("(")?;
                write_clauses(f, clauses)?;
                f.write_str(")")
            }
        }
    }
}

fn write_clauses(f: &mut fmt::Formatter<'_>, clauses: &[Clause]) -> fmt::Result {
    for (index, clause) in clauses.iter().enumerate() {
        if index > 0 {
            f.write_str(" ")?;
        }
        write!(f, "{clause}")?;
    }
    Ok(())
}

/// A note with the byte offset of the text it is about, so notes from different passes can be ordered.
pub(super) struct Note {
    position: usize,
    note: QueryNote,
}

fn add_note(notes: &mut Vec<Note>, position: usize, note: QueryNote) {
    notes.push(Note { position, note });
}

fn has_alphanumeric(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}
