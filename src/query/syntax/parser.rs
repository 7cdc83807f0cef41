//! Parser: tokens → clauses, with Lucene's classic treatment of AND / OR / NOT (see the module
//! docs). Unmatched parentheses (and those nested too deeply) are dropped first, so the parser only
//! ever sees balanced groups of bounded depth.

use super::lexer::{Token, TokenKind};
use super::{add_note, has_alphanumeric, Clause, Field, Node, Note, Occur, MAX_GROUP_DEPTH};
use crate::query::note::{Operator, QueryNote};

pub(super) fn drop_unbalanced_parens(tokens: Vec<Token>, notes: &mut Vec<Note>) -> Vec<Token> {
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
                        let note = QueryNote::UnmatchedParenthesis { parenthesis: ')' };
                        add_note(notes, token.position, note);
                    }
                    Some(open) if depth > MAX_GROUP_DEPTH => {
                        drop_token(&mut keep, open);
                        drop_token(&mut keep, index);
                        if !noted_depth {
                            noted_depth = true;
                            let limit = MAX_GROUP_DEPTH;
                            add_note(notes, token.position, QueryNote::NestedTooDeep { limit });
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
            let note = QueryNote::UnmatchedParenthesis { parenthesis: '(' };
            add_note(notes, token.position, note);
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

/// The operator `token` is, unless it is a word (not capitalized, or read as a word of prose).
pub(super) fn keyword(token: &Token) -> Option<Operator> {
    if token.literal {
        return None;
    }
    match &token.kind {
        TokenKind::Word(word) => match word.as_str() {
            "AND" => Some(Operator::And),
            "OR" => Some(Operator::Or),
            "NOT" => Some(Operator::Not),
            _ => None,
        },
        _ => None,
    }
}

pub(super) struct Parser<'a> {
    tokens: Vec<Token>,
    next: usize,
    /// Whether the query is long enough for operators' effects to be noted ([`super::FEW_WORDS`]).
    note_operators: bool,
    notes: &'a mut Vec<Note>,
}

impl<'a> Parser<'a> {
    pub(super) fn new(
        tokens: Vec<Token>,
        note_operators: bool,
        notes: &'a mut Vec<Note>,
    ) -> Parser<'a> {
        Parser {
            tokens,
            next: 0,
            note_operators,
            notes,
        }
    }

    fn token(&self, index: usize) -> Option<&Token> {
        self.tokens.get(index)
    }

    fn peek(&self) -> Option<&Token> {
        self.token(self.next)
    }

    pub(super) fn parse_query(&mut self) -> Vec<Clause> {
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
            let at = self.peek().map_or(0, |token| token.position);
            let conjunction = self.take_conjunction(!clauses.is_empty());
            let not = self
                .peek()
                .filter(|token| keyword(token) == Some(Operator::Not))
                .cloned();
            let modifier = self.take_modifier();
            let node = self.parse_atom();
            if let (true, Some(node)) = (self.note_operators, &node) {
                match not {
                    Some(not) if modifier == Some(Occur::MustNot) => {
                        let note = QueryNote::Excluded { node: node.clone() };
                        add_note(self.notes, not.position, note);
                    }
                    _ => {}
                }
                if conjunction == Some(Operator::And) {
                    if let Some(previous) = clauses.last() {
                        let note = QueryNote::RequiredBoth {
                            left: previous.node.clone(),
                            right: node.clone(),
                        };
                        add_note(self.notes, at, note);
                    }
                }
            }
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
            (_, Some(Operator::Not)) => self.is_operand(index + 1),
            _ => self.is_operand(index),
        }
    }

    /// Consumes an `AND` or `OR` that has a clause on both sides; otherwise it is left to be read as a word.
    fn take_conjunction(&mut self, has_left_side: bool) -> Option<Operator> {
        let found = self.peek().and_then(keyword)?;
        let is_conjunction = matches!(found, Operator::And | Operator::Or);
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
            (_, Some(Operator::Not)) if self.is_operand(self.next + 1) => Occur::MustNot,
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
        if let Some(operator) = keyword(token) {
            self.note(token, QueryNote::OperatorWithoutTerm { operator });
            return Node::Word(word);
        }
        let value_follows = self.glued_value_follows();
        let field = word
            .split_once(':')
            .and_then(|(name, rest)| Field::from_name(name).map(|field| (field, rest)));
        let Some((field, rest)) = field else {
            if looks_like_field(&word, value_follows) {
                let note = QueryNote::UnknownField { word: word.clone() };
                self.note(token, note);
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
                let note = QueryNote::FieldWithoutValue {
                    word: word.clone(),
                    field,
                };
                self.note(token, note);
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
            let note = QueryNote::StarInsideWord { word: word.clone() };
            self.note(token, note);
        } else if looks_fuzzy(&word) {
            let note = QueryNote::Fuzzy { word: word.clone() };
            self.note(token, note);
        }
        Node::Word(word)
    }

    fn note(&mut self, token: &Token, note: QueryNote) {
        add_note(self.notes, token.position, note);
    }
}

/// Applies Lucene's classic rules: `AND` makes the clause before it Must unless it is excluded, and the
/// new clause Must unless it carries `-` or `NOT`; `OR` changes nothing since the default is Should.
fn add_clause(
    clauses: &mut Vec<Clause>,
    conjunction: Option<Operator>,
    modifier: Option<Occur>,
    node: Option<Node>,
) {
    let is_and = conjunction == Some(Operator::And);
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
