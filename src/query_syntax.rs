//! The text a person types into `sleuth search`, read into a small syntax tree.
//!
//! This module owns the query *syntax* only: which parts of the text are words, prefixes, phrases, fields,
//! groups and boolean operators. It does not tokenize words (the index analyzers do that later), so every
//! word and phrase keeps the text exactly as typed.
//!
//! People paste prose into a search box: colons, quotes, parentheses, hyphens, percent signs, URLs, a quote
//! that never closes. So the parser is lenient: it never fails on text that holds at least one letter or
//! digit. Whatever cannot be read as syntax is read as plain words, and each such reading adds one short
//! note (the CLI prints them on stderr) so nobody is surprised by what was actually searched.
//!
//! # Syntax (Lucene-like)
//! - `arms imports Israel`: bare words; any may match, more matches rank higher ([`Occur::Should`]).
//! - `"exact phrase"`, `"phrase"~2` (slop); `“…”` and `„…“` are quotes too, `‘’` are apostrophes.
//! - `+required`, `-excluded` on a word, phrase, field or group. A `-` or `+` with a space after it, or
//!   inside a word (`U.S.-Israeli`, `2016-2020`), is ordinary punctuation.
//! - `AND`, `OR`, `NOT` (uppercase only), `( … )` groups.
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

use std::fmt;

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
    /// One short human-readable line per reading the user may not expect, in the order of the text.
    pub notes: Vec<String>,
}

impl ParsedQuery {
    /// False when no clause can match by itself (every clause is excluded, also inside groups): such a
    /// query matches nothing, so the caller should ask for at least one word that is not excluded.
    pub fn has_positive_clause(&self) -> bool {
        self.clauses.iter().any(Clause::is_positive)
    }
}

/// Why a query has nothing to search for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// The query is empty or only whitespace.
    Empty,
    /// The query holds no letter or digit: only operators, quotes, parentheses or punctuation.
    NothingToSearch,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Empty => f.write_str(
                "the query is empty: give at least one word to search for, \
                 e.g. sleuth search Azerbaijan arms",
            ),
            QueryError::NothingToSearch => f.write_str(
                "the query has no words to search for, only operators or punctuation: \
                 add at least one word or number",
            ),
        }
    }
}

impl std::error::Error for QueryError {}

/// Reads `input` with the query syntax; never fails on text holding at least one letter or digit.
pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
    if input.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    let mut notes = Vec::new();
    let tokens = lex(input, &mut notes);
    let tokens = drop_unbalanced_parens(tokens, &mut notes);
    let clauses = Parser::new(tokens, &mut notes).parse_query();
    if clauses.is_empty() {
        // Only operators survived (e.g. `NOT ()`): searching the text as typed beats refusing it.
        let mut literal = parse_literal(input)?;
        literal.notes.push(
            "read the whole query as plain words: nothing in it could be searched as written"
                .to_string(),
        );
        return Ok(literal);
    }
    // Notes are collected by several passes; the user reads them against the text, left to right.
    notes.sort_by_key(|note| note.position);
    Ok(ParsedQuery {
        clauses,
        notes: notes.into_iter().map(|note| note.text).collect(),
    })
}

/// Reads `input` as plain words (`--literal`): no operators, quotes only separate words, no notes.
pub fn parse_literal(input: &str) -> Result<ParsedQuery, QueryError> {
    if input.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    let clauses: Vec<Clause> = input
        .split(|c: char| c.is_whitespace() || is_quote(c))
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

// ---------------------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------------------
// Shared helpers.

/// A note with the byte offset of the text it is about, so notes from different passes can be ordered.
struct Note {
    position: usize,
    text: String,
}

fn add_note(notes: &mut Vec<Note>, position: usize, text: String) {
    notes.push(Note { position, text });
}

/// Straight and typographic double quotes all open and close phrases, so `„…“`, `“…”` and `"…”` all work.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

fn has_alphanumeric(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

// ---------------------------------------------------------------------------------------------------------
// Lexer: text → tokens. Quotes are resolved here, so an unmatched quote never reaches the parser.

#[derive(Debug, Clone, PartialEq, Eq)]
enum TokenKind {
    /// A run of characters up to whitespace, a parenthesis or a quote; holds a letter or digit.
    Word(String),
    Phrase {
        text: String,
        slop: u32,
    },
    Open,
    Close,
    /// A `+` or `-` at the start of a word; the parser decides whether it is an operator.
    Plus,
    Minus,
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    /// Byte offset in the input, for ordering notes.
    position: usize,
    /// No whitespace between this token and the text before it: `-word`, `title:"phrase"`.
    glued: bool,
}

struct Lexer<'a> {
    input: &'a str,
    /// Byte offset of the next character; always on a char boundary.
    position: usize,
    tokens: Vec<Token>,
    notes: &'a mut Vec<Note>,
}

fn lex(input: &str, notes: &mut Vec<Note>) -> Vec<Token> {
    let mut lexer = Lexer {
        input,
        position: 0,
        tokens: Vec::new(),
        notes,
    };
    lexer.run();
    lexer.tokens
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.input.get(self.position..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self, c: char) {
        self.position += c.len_utf8();
    }

    fn run(&mut self) {
        let mut after_space = true;
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.bump(c);
                after_space = true;
                continue;
            }
            let glued = !after_space;
            after_space = false;
            let start = self.position;
            match c {
                '(' => {
                    self.bump(c);
                    self.push(TokenKind::Open, start, glued);
                }
                ')' => {
                    self.bump(c);
                    self.push(TokenKind::Close, start, glued);
                }
                '+' | '-' => {
                    self.bump(c);
                    let sign = if c == '+' {
                        TokenKind::Plus
                    } else {
                        TokenKind::Minus
                    };
                    self.push(sign, start, glued);
                }
                _ if is_quote(c) => self.lex_quoted(c, glued),
                _ => self.lex_word(glued),
            }
        }
    }

    fn push(&mut self, kind: TokenKind, position: usize, glued: bool) {
        self.tokens.push(Token {
            kind,
            position,
            glued,
        });
    }

    fn lex_word(&mut self, glued: bool) {
        let start = self.position;
        let rest = self.rest();
        let length = rest
            .find(|c: char| c.is_whitespace() || c == '(' || c == ')' || is_quote(c))
            .unwrap_or(rest.len());
        let word = rest.get(..length).unwrap_or("").to_string();
        self.position += length;
        if has_alphanumeric(&word) {
            self.push(TokenKind::Word(word), start, glued);
        } else if word.contains('*') {
            add_note(
                self.notes,
                start,
                format!(
                    "ignored \"{word}\": a prefix needs a letter or digit before the *, e.g. Isra*"
                ),
            );
        }
        // Any other word without letters or digits (`–`, `&`, `:`) is punctuation: nothing to search.
    }

    fn lex_quoted(&mut self, open: char, glued: bool) {
        let start = self.position;
        self.bump(open);
        let rest = self.rest();
        let Some(length) = rest.find(is_quote) else {
            // The quote is dropped, and the text after it is read as if it were not there.
            add_note(
                self.notes,
                start,
                format!("ignored the unmatched {open}: there is no closing quote to end a phrase"),
            );
            return;
        };
        let raw = rest.get(..length).unwrap_or("");
        let text = raw.trim().to_string();
        let close = rest
            .get(length..)
            .and_then(|s| s.chars().next())
            .unwrap_or('"');
        self.position += length;
        self.bump(close);
        let slop = self.lex_phrase_suffix(&text);
        if has_alphanumeric(&text) {
            self.push(TokenKind::Phrase { text, slop }, start, glued);
        } else {
            add_note(
                self.notes,
                start,
                format!("ignored {open}{raw}{close}: there are no words inside the quotes"),
            );
        }
    }

    /// Reads `~N` (the slop) or a `*` right after a closing quote; returns the slop.
    fn lex_phrase_suffix(&mut self, text: &str) -> u32 {
        let start = self.position;
        match self.peek() {
            Some('~') => {
                self.bump('~');
                let digits: String = self
                    .rest()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                self.position += digits.len();
                if digits.is_empty() {
                    add_note(
                        self.notes,
                        start,
                        format!(
                            "ignored the ~ after \"{text}\": a slop needs a number, e.g. \"{text}\"~2"
                        ),
                    );
                }
                // Absurd slops are not worth an error: the largest one means "anywhere in the passage".
                digits
                    .parse()
                    .unwrap_or(if digits.is_empty() { 0 } else { u32::MAX })
            }
            Some('*') => {
                let stars = self.rest().chars().take_while(|&c| c == '*').count();
                self.position += stars;
                add_note(
                    self.notes,
                    start,
                    format!(
                        "ignored the * after \"{text}\": a prefix works on one word, e.g. Isra*"
                    ),
                );
                0
            }
            _ => 0,
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Parentheses: the unmatched ones (and those nested too deeply) are removed before parsing, so the parser
// only ever sees balanced groups of bounded depth.

fn drop_unbalanced_parens(tokens: Vec<Token>, notes: &mut Vec<Note>) -> Vec<Token> {
    let mut keep = vec![true; tokens.len()];
    let mut open_indices: Vec<usize> = Vec::new();
    let mut noted_depth = false;
    for (index, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::Open => open_indices.push(index),
            TokenKind::Close => {
                let depth = open_indices.len();
                match open_indices.pop() {
                    None => {
                        drop_token(&mut keep, index);
                        add_note(notes, token.position, "ignored the unmatched )".to_string());
                    }
                    Some(open) if depth > MAX_GROUP_DEPTH => {
                        drop_token(&mut keep, open);
                        drop_token(&mut keep, index);
                        if !noted_depth {
                            noted_depth = true;
                            add_note(
                                notes,
                                token.position,
                                format!("ignored parentheses nested deeper than {MAX_GROUP_DEPTH} levels"),
                            );
                        }
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
    }
    for open in open_indices {
        drop_token(&mut keep, open);
        if let Some(token) = tokens.get(open) {
            add_note(notes, token.position, "ignored the unmatched (".to_string());
        }
    }
    tokens
        .into_iter()
        .zip(keep)
        .filter_map(|(token, kept)| kept.then_some(token))
        .collect()
}

fn drop_token(keep: &mut [bool], index: usize) {
    if let Some(kept) = keep.get_mut(index) {
        *kept = false;
    }
}

// ---------------------------------------------------------------------------------------------------------
// Parser: tokens → clauses, with Lucene's classic treatment of AND / OR / NOT (see the module docs).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    And,
    Or,
    Not,
}

fn keyword(token: &Token) -> Option<Keyword> {
    match &token.kind {
        TokenKind::Word(word) => match word.as_str() {
            "AND" => Some(Keyword::And),
            "OR" => Some(Keyword::Or),
            "NOT" => Some(Keyword::Not),
            _ => None,
        },
        _ => None,
    }
}

struct Parser<'a> {
    tokens: Vec<Token>,
    next: usize,
    notes: &'a mut Vec<Note>,
}

impl<'a> Parser<'a> {
    fn new(tokens: Vec<Token>, notes: &'a mut Vec<Note>) -> Parser<'a> {
        Parser {
            tokens,
            next: 0,
            notes,
        }
    }

    fn token(&self, index: usize) -> Option<&Token> {
        self.tokens.get(index)
    }

    fn peek(&self) -> Option<&Token> {
        self.token(self.next)
    }

    fn parse_query(&mut self) -> Vec<Clause> {
        // Parentheses are balanced here, so the top level ends only at the end of the input.
        self.parse_clauses()
    }

    /// Parses clauses up to the end of the input or the `)` closing the current group (consumed).
    fn parse_clauses(&mut self) -> Vec<Clause> {
        let mut clauses: Vec<Clause> = Vec::new();
        while let Some(token) = self.peek() {
            if token.kind == TokenKind::Close {
                self.next += 1;
                break;
            }
            if self.is_lone_sign(self.next) {
                // `a - b`: a dash between words is punctuation, not an operator.
                self.next += 1;
                continue;
            }
            let conjunction = self.take_conjunction(!clauses.is_empty());
            let modifier = self.take_modifier();
            let node = self.parse_atom();
            add_clause(&mut clauses, conjunction, modifier, node);
        }
        clauses
    }

    /// A `+` or `-` that is not glued to a word, phrase or group it could apply to.
    fn is_lone_sign(&self, index: usize) -> bool {
        let is_sign = self
            .token(index)
            .is_some_and(|token| matches!(token.kind, TokenKind::Plus | TokenKind::Minus));
        is_sign && !self.sign_applies(index)
    }

    fn sign_applies(&self, index: usize) -> bool {
        self.token(index + 1).is_some_and(|next| {
            next.glued
                && matches!(
                    next.kind,
                    TokenKind::Word(_) | TokenKind::Phrase { .. } | TokenKind::Open
                )
        })
    }

    /// A token that a clause can consist of: a word that is not an operator, a phrase, a group.
    fn is_operand(&self, index: usize) -> bool {
        self.token(index).is_some_and(|token| match token.kind {
            TokenKind::Word(_) => keyword(token).is_none(),
            TokenKind::Phrase { .. } | TokenKind::Open => true,
            _ => false,
        })
    }

    /// Whether a clause starts at `index`, possibly with a `+`, `-` or `NOT` before its operand.
    fn starts_clause(&self, index: usize) -> bool {
        let Some(token) = self.token(index) else {
            return false;
        };
        match (&token.kind, keyword(token)) {
            (TokenKind::Plus | TokenKind::Minus, _) => self.sign_applies(index),
            (_, Some(Keyword::Not)) => self.is_operand(index + 1),
            _ => self.is_operand(index),
        }
    }

    /// Consumes an `AND` or `OR` that has a clause on both sides; otherwise it is left to be read as a word.
    fn take_conjunction(&mut self, has_left_side: bool) -> Option<Keyword> {
        let found = self.peek().and_then(keyword)?;
        let is_conjunction = matches!(found, Keyword::And | Keyword::Or);
        if is_conjunction && has_left_side && self.starts_clause(self.next + 1) {
            self.next += 1;
            Some(found)
        } else {
            None
        }
    }

    /// Consumes a `+`, `-` or `NOT` that applies to the next token.
    fn take_modifier(&mut self) -> Option<Occur> {
        let token = self.peek()?;
        let occur = match (&token.kind, keyword(token)) {
            (TokenKind::Plus, _) if self.sign_applies(self.next) => Occur::Must,
            (TokenKind::Minus, _) if self.sign_applies(self.next) => Occur::MustNot,
            (_, Some(Keyword::Not)) if self.is_operand(self.next + 1) => Occur::MustNot,
            _ => return None,
        };
        self.next += 1;
        Some(occur)
    }

    /// Reads one word, phrase or group; `None` when it holds nothing to search (an empty group, `title:*`).
    fn parse_atom(&mut self) -> Option<Node> {
        let token = self.peek()?.clone();
        if token.kind == TokenKind::Close {
            return None; // left for `parse_clauses` to end the group
        }
        self.next += 1;
        match &token.kind {
            TokenKind::Word(word) => Some(self.parse_word(word.clone(), &token)),
            TokenKind::Phrase { text, slop } => Some(Node::Phrase {
                text: text.clone(),
                slop: *slop,
            }),
            TokenKind::Open => group_node(self.parse_clauses()),
            TokenKind::Close | TokenKind::Plus | TokenKind::Minus => None,
        }
    }

    fn parse_word(&mut self, word: String, token: &Token) -> Node {
        if let Some(found) = keyword(token) {
            let why = match found {
                Keyword::Not => "it needs a search term right after it",
                Keyword::And | Keyword::Or => "it needs a search term on each side",
            };
            self.note(token, format!("read \"{word}\" as a word: {why}"));
            return Node::Word(word);
        }
        let value_follows = self.glued_value_follows();
        let field = word
            .split_once(':')
            .and_then(|(name, rest)| Field::from_name(name).map(|field| (field, rest)));
        let Some((field, rest)) = field else {
            if looks_like_field(&word, value_follows) {
                self.note(
                    token,
                    format!("read \"{word}\" as a word (fields are title:, section:, doc:)"),
                );
            }
            return self.word_or_prefix(word, token);
        };
        let value = if !rest.is_empty() {
            self.field_word(rest, token)
        } else if value_follows {
            self.parse_atom()
        } else {
            None
        };
        match value {
            Some(value) => Node::Field(field, Box::new(value)),
            None => {
                self.note(
                    token,
                    format!(
                        "read \"{word}\" as a word: put the search text right after the colon, e.g. {}:Iran",
                        field.name()
                    ),
                );
                Node::Word(word)
            }
        }
    }

    /// A phrase or group glued to the current token, as in `title:"a b"` or `title:(a b)`.
    fn glued_value_follows(&self) -> bool {
        self.peek().is_some_and(|next| {
            next.glued && matches!(next.kind, TokenKind::Phrase { .. } | TokenKind::Open)
        })
    }

    fn field_word(&mut self, rest: &str, token: &Token) -> Option<Node> {
        if has_alphanumeric(rest) {
            Some(self.word_or_prefix(rest.to_string(), token))
        } else {
            None
        }
    }

    /// `Isra*` is a prefix; any other `*` or a Lucene-style `~` stays in the word, with a note.
    fn word_or_prefix(&mut self, word: String, token: &Token) -> Node {
        if let Some(stem) = word.strip_suffix('*') {
            let stem = stem.trim_end_matches('*');
            if has_alphanumeric(stem) && !stem.contains('*') {
                return Node::Prefix(stem.to_string());
            }
        }
        if word.contains('*') {
            self.note(
                token,
                format!("read \"{word}\" as a word: * works only at the end of a word (a prefix)"),
            );
        } else if looks_fuzzy(&word) {
            self.note(
                token,
                format!("read \"{word}\" as a word: fuzzy search (~) is not supported"),
            );
        }
        Node::Word(word)
    }

    fn note(&mut self, token: &Token, text: String) {
        add_note(self.notes, token.position, text);
    }
}

/// Applies Lucene's classic rules: `AND` makes the clause before it Must unless it is excluded, and the
/// new clause Must unless it carries `-` or `NOT`; `OR` changes nothing since the default is Should.
fn add_clause(
    clauses: &mut Vec<Clause>,
    conjunction: Option<Keyword>,
    modifier: Option<Occur>,
    node: Option<Node>,
) {
    let is_and = conjunction == Some(Keyword::And);
    if is_and {
        if let Some(previous) = clauses.last_mut() {
            if previous.occur != Occur::MustNot {
                previous.occur = Occur::Must;
            }
        }
    }
    let Some(node) = node else {
        return;
    };
    let occur = match modifier {
        Some(occur) => occur,
        None if is_and => Occur::Must,
        None => Occur::Should,
    };
    clauses.push(Clause { occur, node });
}

/// A group node, or nothing for an empty group; `(a)` is just `a`, which keeps trees and displays small.
fn group_node(mut clauses: Vec<Clause>) -> Option<Node> {
    if clauses.len() == 1 && clauses.first().is_some_and(|c| c.occur == Occur::Should) {
        return clauses.pop().map(|clause| clause.node);
    }
    if clauses.is_empty() {
        None
    } else {
        Some(Node::Group(clauses))
    }
}

/// `Claim:Israel`, `ratio:3` or `Claim:"…"` look like a field; `Claim:` before a space, `10:30`, `e.g.:` and
/// URLs (`https://…`) are ordinary text and get no note.
fn looks_like_field(word: &str, value_follows: bool) -> bool {
    let Some((name, rest)) = word.split_once(':') else {
        return false;
    };
    let mut chars = name.chars();
    let is_identifier = chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|c| c.is_alphanumeric() || c == '_');
    let has_value = if rest.is_empty() {
        value_follows
    } else {
        !rest.starts_with("//")
    };
    is_identifier && has_value
}

/// Lucene's fuzzy syntax: `word~` or `word~2`.
fn looks_fuzzy(word: &str) -> bool {
    match word.rsplit_once('~') {
        Some((before, after)) => {
            has_alphanumeric(before) && after.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn notes(input: &str) -> Vec<String> {
        parse(input).map(|query| query.notes).unwrap_or_default()
    }

    /// Parses and checks both the normalized form and the number of notes.
    fn assert_parse(input: &str, expected: &str, note_count: usize) {
        let query = parse(input).unwrap_or_else(|err| panic!("{input:?} failed: {err}"));
        assert_eq!(query.to_string(), expected, "input {input:?}");
        assert_eq!(
            query.notes.len(),
            note_count,
            "input {input:?}: {:?}",
            query.notes
        );
    }

    fn word(text: &str) -> Node {
        Node::Word(text.to_string())
    }

    fn clause(occur: Occur, node: Node) -> Clause {
        Clause { occur, node }
    }

    #[test]
    fn bare_words_are_should_clauses_kept_as_typed() {
        let query = parse("arms Imports Israel").unwrap();
        assert_eq!(
            query.clauses,
            vec![
                Clause::should(word("arms")),
                Clause::should(word("Imports")),
                Clause::should(word("Israel")),
            ]
        );
        assert!(query.notes.is_empty());
    }

    #[test]
    fn phrases_with_and_without_slop() {
        let query = parse("\"exact phrase\" \"arms  trade\"~3").unwrap();
        assert_eq!(
            query.clauses,
            vec![
                Clause::should(Node::Phrase {
                    text: "exact phrase".into(),
                    slop: 0
                }),
                Clause::should(Node::Phrase {
                    text: "arms  trade".into(),
                    slop: 3
                }),
            ]
        );
        assert_parse("\" padded \"", "\"padded\"", 0);
        assert_parse("\"a b\"~99999999999", "\"a b\"~4294967295", 0);
    }

    #[test]
    fn phrase_suffixes_that_are_not_honoured_are_noted() {
        assert_parse("\"a b\"~ c", "\"a b\" c", 1);
        assert!(notes("\"a b\"~")[0].contains("slop needs a number"));
        assert_parse("\"a b\"* c", "\"a b\" c", 1);
        assert!(notes("\"a b\"*")[0].contains("prefix works on one word"));
    }

    #[test]
    fn empty_quotes_are_ignored_with_a_note() {
        assert_parse("a \"\" b", "a b", 1);
        assert_parse("a \" ... \" b", "a b", 1);
    }

    #[test]
    fn plus_and_minus_prefix_words_phrases_fields_and_groups() {
        assert_parse("+Israel -Iran", "+Israel -Iran", 0);
        assert_parse("-\"arms trade\" x", "-\"arms trade\" x", 0);
        assert_parse("+(a b) -title:Iran", "+(a b) -title:Iran", 0);
        assert_parse("(-a b)", "(-a b)", 0);
    }

    #[test]
    fn lone_signs_and_inner_hyphens_are_not_operators() {
        assert_parse("arms - Israel + Iran", "arms Israel Iran", 0);
        assert_parse("a -", "a", 0);
        assert_parse("a (b -)", "a b", 0);
        assert_parse(
            "U.S.-Israeli 2016-2020 well-known 132-kilometer",
            "U.S.-Israeli 2016-2020 well-known 132-kilometer",
            0,
        );
        let query = parse("U.S.-Israeli").unwrap();
        assert_eq!(query.clauses, vec![Clause::should(word("U.S.-Israeli"))]);
    }

    #[test]
    fn percent_signs_commas_and_apostrophes_stay_inside_words() {
        let query = parse("69% 7,200 Azerbaijan's Azerbaijan’s ‘quoted’").unwrap();
        let words: Vec<Node> = ["69%", "7,200", "Azerbaijan's", "Azerbaijan’s", "‘quoted’"]
            .into_iter()
            .map(word)
            .collect();
        let expected: Vec<Clause> = words.into_iter().map(Clause::should).collect();
        assert_eq!(query.clauses, expected);
        assert!(query.notes.is_empty());
    }

    #[test]
    fn boolean_operators_follow_lucene() {
        assert_parse("a AND b", "+a +b", 0);
        assert_parse("a OR b", "a b", 0);
        assert_parse("NOT a b", "-a b", 0);
        assert_parse("a NOT b", "a -b", 0);
        assert_parse("a AND NOT b", "+a -b", 0);
        assert_parse("-a AND b", "-a +b", 0);
        assert_parse("a AND -b", "+a -b", 0);
        assert_parse("+a OR b", "+a b", 0);
        assert_parse("a AND b AND c", "+a +b +c", 0);
        assert_parse("\"a b\" AND (c OR d)", "+\"a b\" +(c d)", 0);
    }

    #[test]
    fn lowercase_operators_are_words() {
        assert_parse("war and peace or not", "war and peace or not", 0);
    }

    #[test]
    fn precedence_is_left_to_right_as_in_lucene_classic() {
        assert_parse("a AND b OR c", "+a +b c", 0);
        assert_parse("a OR b AND c", "a +b +c", 0);
        assert_parse("(a AND b) OR c", "(+a +b) c", 0);
        assert_parse("a OR (b AND c)", "a (+b +c)", 0);
    }

    #[test]
    fn operators_missing_a_side_are_read_as_words() {
        assert_parse("AND Israel", "AND Israel", 1);
        assert!(notes("AND Israel")[0].contains("\"AND\" as a word"));
        assert_parse("Israel OR", "Israel OR", 1);
        assert_parse("NOT", "NOT", 1);
        assert!(notes("NOT")[0].contains("right after it"));
        assert_parse("Israel NOT", "Israel NOT", 1);
        assert_parse("a AND AND b", "a +AND +b", 1);
        assert_parse("a AND OR b", "a AND b", 1);
        assert_parse("(AND a) b", "(AND a) b", 1);
        assert_parse("a (OR b)", "a (OR b)", 1);
        assert_parse("NOT -a", "NOT -a", 1);
        assert_parse("a AND (b) OR", "+a +b OR", 1);
    }

    #[test]
    fn nested_groups() {
        assert_parse("a (b (c -d))", "a (b (c -d))", 0);
        assert_parse("+(a (b c)) -((d))", "+(a (b c)) -d", 0);
        let query = parse("(a (b c))").unwrap();
        assert_eq!(
            query.clauses,
            vec![Clause::should(Node::Group(vec![
                Clause::should(word("a")),
                Clause::should(Node::Group(vec![
                    Clause::should(word("b")),
                    Clause::should(word("c")),
                ])),
            ]))]
        );
    }

    #[test]
    fn empty_groups_are_dropped() {
        assert_parse("a () b", "a b", 0);
        assert_parse("a -() b", "a b", 0);
    }

    #[test]
    fn fields_take_a_word_prefix_phrase_or_group() {
        let query = parse("title:Iran Section:\"arms trade\"~2 DOC:(a -b) title:Isra*").unwrap();
        assert_eq!(
            query.clauses,
            vec![
                Clause::should(Node::Field(Field::Title, Box::new(word("Iran")))),
                Clause::should(Node::Field(
                    Field::Section,
                    Box::new(Node::Phrase {
                        text: "arms trade".into(),
                        slop: 2
                    })
                )),
                Clause::should(Node::Field(
                    Field::Doc,
                    Box::new(Node::Group(vec![
                        Clause::should(word("a")),
                        clause(Occur::MustNot, word("b")),
                    ]))
                )),
                Clause::should(Node::Field(
                    Field::Title,
                    Box::new(Node::Prefix("Isra".into()))
                )),
            ]
        );
        assert!(query.notes.is_empty());
        assert_parse(
            "doc:000_8425519e804e4c14.txt",
            "doc:000_8425519e804e4c14.txt",
            0,
        );
        assert_parse("+title:(Iran) -section:x", "+title:Iran -section:x", 0);
        assert_parse("title:(section:x y)", "title:(section:x y)", 0);
    }

    #[test]
    fn a_field_without_a_value_is_a_word() {
        assert_parse("title: Iran", "title: Iran", 1);
        assert!(notes("title: Iran")[0].contains("right after the colon, e.g. title:Iran"));
        assert_parse("Iran section:", "Iran section:", 1);
        assert_parse("doc:* x", "doc:* x", 1);
        assert_parse("title:() x", "title: x", 1);
    }

    #[test]
    fn unknown_fields_are_words_noted_only_when_they_look_like_fields() {
        assert_parse("Claim:Israel", "Claim:Israel", 1);
        assert_eq!(
            notes("Claim:Israel"),
            vec!["read \"Claim:Israel\" as a word (fields are title:, section:, doc:)".to_string()]
        );
        assert_parse("Claim:\"a b\"", "Claim: \"a b\"", 1);
        // Ordinary prose punctuation and URLs are not noted.
        assert_parse("Claim: Israel", "Claim: Israel", 0);
        assert_parse(
            "https://x.org/a e.g.: 10:30",
            "https://x.org/a e.g.: 10:30",
            0,
        );
    }

    #[test]
    fn prefixes() {
        let query = parse("Isra* arm**").unwrap();
        assert_eq!(
            query.clauses,
            vec![
                Clause::should(Node::Prefix("Isra".into())),
                Clause::should(Node::Prefix("arm".into())),
            ]
        );
        assert_parse("-Isra*", "-Isra*", 0);
        assert_parse("a * b", "a b", 1);
        assert!(notes("a *")[0].contains("needs a letter or digit before the *"));
        assert_parse("a*b", "a*b", 1);
        assert_parse("*Israel", "*Israel", 1);
    }

    #[test]
    fn fuzzy_syntax_is_a_word_with_a_note() {
        assert_parse("Israel~2", "Israel~2", 1);
        assert_parse("~200 km", "~200 km", 0);
    }

    #[test]
    fn typographic_quotes_are_phrase_quotes() {
        assert_parse(
            "“arms trade” „Waffen Handel“ \"mixed”",
            "\"arms trade\" \"Waffen Handel\" \"mixed\"",
            0,
        );
        assert_parse("-“arms trade”~1", "-\"arms trade\"~1", 0);
    }

    #[test]
    fn unmatched_quote_at_start_middle_and_end() {
        assert_parse("\"arms trade Israel", "arms trade Israel", 1);
        assert_parse("arms \"trade Israel", "arms trade Israel", 1);
        assert_parse("arms trade Israel”", "arms trade Israel", 1);
        assert_parse("“a b” c “d", "\"a b\" c d", 1);
        assert!(notes("a “b")[0].contains("unmatched “"));
    }

    #[test]
    fn unmatched_parentheses_are_ignored() {
        assert_parse("(a b", "a b", 1);
        assert_parse("a b)", "a b", 1);
        assert_parse("((a) b", "a b", 1);
        assert_parse("a) (b", "a b", 2);
        assert_eq!(notes("a)"), vec!["ignored the unmatched )".to_string()]);
    }

    #[test]
    fn pasted_quote_without_its_closing_mark() {
        let input = "Mearsheimer claims, “Azerbaijan won the war because of Israeli arms";
        assert_parse(
            input,
            "Mearsheimer claims, Azerbaijan won the war because of Israeli arms",
            1,
        );
        assert_eq!(
            notes(input),
            vec!["ignored the unmatched “: there is no closing quote to end a phrase".to_string()]
        );
    }

    #[test]
    fn pasted_claim_with_colon_percent_parentheses_and_dash() {
        let input = "Claim: Israel supplied 69% of Azerbaijan's arms (2016-2020) - SIPRI";
        let query = parse(input).unwrap();
        assert_eq!(
            query.to_string(),
            "Claim: Israel supplied 69% of Azerbaijan's arms 2016-2020 SIPRI"
        );
        assert!(query.clauses.iter().all(|c| c.occur == Occur::Should));
        assert!(query.notes.is_empty(), "{:?}", query.notes);
    }

    #[test]
    fn notes_follow_the_order_of_the_text() {
        let query = parse("a) Claim:x \"b").unwrap();
        assert_eq!(query.notes.len(), 3);
        assert!(query.notes[0].contains("unmatched )"));
        assert!(query.notes[1].contains("Claim:x"));
        assert!(query.notes[2].contains("unmatched \""));
    }

    #[test]
    fn deep_nesting_is_flattened_instead_of_overflowing() {
        let input = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
        let query = parse(&input).unwrap();
        assert_eq!(query.notes.len(), 1);
        assert!(query.notes[0].contains("nested deeper"));
        assert!(query.to_string().contains('a'));
    }

    #[test]
    fn only_operators_with_letters_fall_back_to_literal_words() {
        let query = parse("NOT ()").unwrap();
        assert_eq!(query.clauses, vec![Clause::should(word("NOT"))]);
        assert_eq!(query.notes.len(), 1);
        assert!(query.notes[0].contains("plain words"));
    }

    #[test]
    fn empty_and_punctuation_only_queries_are_errors() {
        assert_eq!(parse(""), Err(QueryError::Empty));
        assert_eq!(parse("  \t\n"), Err(QueryError::Empty));
        for input in ["+ - ( ) \" *", "-", "()", "\"\"", "“”~", "- – —", "* ~"] {
            assert_eq!(parse(input), Err(QueryError::NothingToSearch), "{input:?}");
        }
        assert!(QueryError::Empty.to_string().contains("empty"));
        assert!(QueryError::NothingToSearch
            .to_string()
            .contains("add at least one word"));
    }

    #[test]
    fn positive_clauses() {
        let positive = |input: &str| parse(input).unwrap().has_positive_clause();
        assert!(positive("a -b"));
        assert!(positive("+(a -b)"));
        assert!(!positive("-a -b"));
        assert!(!positive("NOT a"));
        assert!(!positive("(-a -b)"));
        assert!(!positive("+(-a) -b"));
        assert!(!positive("title:(-a -b)"));
    }

    #[test]
    fn literal_mode_reads_only_words() {
        let query = parse_literal("+Israel -Iran “arms trade” title:x AND (a) Isra*").unwrap();
        let expected: Vec<Clause> = [
            "+Israel", "-Iran", "arms", "trade", "title:x", "AND", "(a)", "Isra*",
        ]
        .into_iter()
        .map(|text| Clause::should(word(text)))
        .collect();
        assert_eq!(query.clauses, expected);
        assert!(query.notes.is_empty());
        assert_eq!(parse_literal("a - b").unwrap().clauses.len(), 2);
        assert_eq!(parse_literal(" "), Err(QueryError::Empty));
        assert_eq!(parse_literal("\" - \""), Err(QueryError::NothingToSearch));
    }

    #[test]
    fn display_shows_every_construct() {
        let query = ParsedQuery {
            clauses: vec![
                clause(Occur::Must, word("a")),
                clause(Occur::MustNot, Node::Prefix("b".into())),
                Clause::should(Node::Phrase {
                    text: "c d".into(),
                    slop: 2,
                }),
                Clause::should(Node::Field(
                    Field::Section,
                    Box::new(Node::Group(vec![
                        Clause::should(word("e")),
                        Clause::should(word("f")),
                    ])),
                )),
            ],
            notes: Vec::new(),
        };
        assert_eq!(query.to_string(), "+a -b* \"c d\"~2 section:(e f)");
    }

    /// Every word, prefix and phrase in the tree holds something to search, and no group is empty.
    fn leaves_are_searchable(node: &Node) -> bool {
        match node {
            Node::Word(text) | Node::Prefix(text) | Node::Phrase { text, .. } => {
                has_alphanumeric(text)
            }
            Node::Field(_, node) => leaves_are_searchable(node),
            Node::Group(clauses) => {
                !clauses.is_empty() && clauses.iter().all(|c| leaves_are_searchable(&c.node))
            }
        }
    }

    /// Text made of syntax pieces, so that operators meet each other far more often than in random strings.
    fn syntax_soup() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Israel",
            "69%",
            "AND",
            "OR",
            "NOT",
            "and",
            "title:",
            "doc:",
            "Claim:",
            "(",
            ")",
            "\"",
            "“",
            "”",
            "„",
            "‘",
            "-",
            "+",
            "*",
            "~",
            "~2",
            ":",
            " ",
            " ",
            " ",
            "é",
            "2016-2020",
        ]);
        prop::collection::vec(pieces, 0..24).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn parse_never_fails_on_text_with_a_letter_or_digit(input in syntax_soup()) {
            match parse(&input) {
                Ok(query) => {
                    prop_assert!(has_alphanumeric(&input));
                    prop_assert!(!query.clauses.is_empty());
                    prop_assert!(query.clauses.iter().all(|c| leaves_are_searchable(&c.node)));
                    let _ = query.to_string();
                }
                Err(_) => prop_assert!(!has_alphanumeric(&input)),
            }
        }

        #[test]
        fn parse_never_fails_on_arbitrary_text(input in any::<String>()) {
            prop_assert_eq!(parse(&input).is_ok(), has_alphanumeric(&input));
        }

        #[test]
        fn literal_succeeds_exactly_on_text_with_a_letter_or_digit(input in syntax_soup()) {
            let result = parse_literal(&input);
            prop_assert_eq!(result.is_ok(), has_alphanumeric(&input));
            if let Ok(query) = result {
                prop_assert!(query.notes.is_empty());
                prop_assert!(query.clauses.iter().all(|c| c.occur == Occur::Should));
            }
        }
    }
}
