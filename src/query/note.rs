//! What reading a query noted: each reading of its text the user may not expect, as data.
//!
//! The query module says *what* happened (which word was read how, which limit applied); the words
//! a person reads are made only when printing, in one place: [`crate::output::notes`].

use super::syntax::{Field, Node};

/// A capitalized boolean operator as typed: `AND`, `OR`, `NOT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `AND`: requires the clauses on both sides.
    And,
    /// `OR`: changes nothing (alternatives are the default).
    Or,
    /// `NOT`: excludes the clause after it.
    Not,
}

impl Operator {
    /// The operator as it is typed (uppercase only).
    pub fn word(self) -> &'static str {
        match self {
            Operator::And => "AND",
            Operator::Or => "OR",
            Operator::Not => "NOT",
        }
    }
}

/// Why an operator of pasted prose was read as a word (see [`super::syntax::PROSE_WORDS`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProseCue {
    /// The query is this many words long: a text, not a query written in the syntax.
    LongText {
        /// Words in the query.
        words: usize,
    },
    /// Most of the query is written in capitals, as a shouted text is.
    Capitals,
    /// The word the operator would exclude or require is too common to be meant (`NOT an`).
    CommonWord {
        /// That word, as typed.
        word: String,
    },
}

/// One reading of the query text the user may not expect, with what it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryNote {
    /// A word of only punctuation and `*` (`*`, `-*`) was ignored: a prefix needs letters.
    PrefixWithoutLetters {
        /// The word as typed.
        word: String,
    },
    /// A quotation mark with no closing mark was ignored.
    UnmatchedQuote {
        /// The quotation mark.
        quote: char,
    },
    /// Quotes holding no word (`""`, `" … "`) were ignored.
    EmptyQuotes {
        /// The quotes with what is between them, as typed.
        quoted: String,
    },
    /// A `~` after a phrase without a number was ignored.
    SlopWithoutNumber {
        /// The phrase's text.
        phrase: String,
    },
    /// A `*` after a phrase was ignored: prefixes are single words.
    PrefixOnPhrase {
        /// The phrase's text.
        phrase: String,
    },
    /// A parenthesis without its partner was ignored.
    UnmatchedParenthesis {
        /// `(` or `)`.
        parenthesis: char,
    },
    /// Parentheses nested deeper than `limit` levels were ignored.
    NestedTooDeep {
        /// The deepest nesting kept ([`super::syntax::MAX_GROUP_DEPTH`]).
        limit: usize,
    },
    /// `NOT` excluded every passage holding `node` (noted in longer queries only).
    Excluded {
        /// What was excluded.
        node: Node,
    },
    /// `AND` required both sides in every passage (noted in longer queries only).
    RequiredBoth {
        /// The clause before `AND`.
        left: Node,
        /// The clause after it.
        right: Node,
    },
    /// An operator lacking a search term on the side(s) it needs was read as a word.
    OperatorWithoutTerm {
        /// The operator.
        operator: Operator,
    },
    /// An operator of pasted prose was read as a word.
    OperatorInProse {
        /// The operator.
        operator: Operator,
        /// What showed that it is prose.
        cue: ProseCue,
    },
    /// `name:value` with a name that is no field was read as one word.
    UnknownField {
        /// The word as typed.
        word: String,
    },
    /// A field name with nothing to search after its colon was read as a word.
    FieldWithoutValue {
        /// The word as typed (`title:`).
        word: String,
        /// The field it names.
        field: Field,
    },
    /// A `*` that does not end a word was read as part of the word.
    StarInsideWord {
        /// The word as typed.
        word: String,
    },
    /// Lucene's fuzzy syntax (`word~2`) was read as a word.
    Fuzzy {
        /// The word as typed.
        word: String,
    },
    /// Nothing could be searched as written, so the whole query was read as plain words.
    WholeQueryAsWords,
    /// On an index that ranks plain words by meaning too, this query was ranked by its words
    /// alone: phrases, fields, prefixes and `+`/`-` words ask for exact matches.
    WordsAlone,
    /// Passages without a vector yet (an embedding run under way or interrupted) were ranked by
    /// their words alone.
    WithoutVectors {
        /// How many passages have no vector.
        passages: usize,
    },
    /// A prefix matched more index words than are searched: the most frequent were kept.
    PrefixCut {
        /// The text before the `*`.
        prefix: String,
        /// How many index words it matches.
        matching: usize,
        /// How many were searched ([`super::MAX_PREFIX_TERMS`]).
        kept: usize,
    },
}
