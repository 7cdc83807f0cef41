//! Lexer: query text → tokens. Quotes are resolved here, so an unmatched quote never reaches the
//! parser.

use super::{add_note, has_alphanumeric, Note};
use crate::marks::is_double_quote;
use crate::query::note::QueryNote;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TokenKind {
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
pub(super) struct Token {
    pub(super) kind: TokenKind,
    /// Byte offset in the input, for ordering notes.
    pub(super) position: usize,
    /// No whitespace between this token and the text before it: `-word`, `title:"phrase"`.
    pub(super) glued: bool,
    /// An `AND`, `OR` or `NOT` read as a word (see [`super::prose`]).
    pub(super) literal: bool,
}

pub(super) struct Lexer<'a> {
    input: &'a str,
    /// Byte offset of the next character; always on a char boundary.
    position: usize,
    tokens: Vec<Token>,
    notes: &'a mut Vec<Note>,
}

pub(super) fn lex(input: &str, notes: &mut Vec<Note>) -> Vec<Token> {
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
                _ if is_double_quote(c) => self.lex_quoted(c, glued),
                _ => self.lex_word(glued),
            }
        }
    }

    fn push(&mut self, kind: TokenKind, position: usize, glued: bool) {
        self.tokens.push(Token {
            kind,
            position,
            glued,
            literal: false,
        });
    }

    fn lex_word(&mut self, glued: bool) {
        let start = self.position;
        let rest = self.rest();
        let length = rest
            .find(|c: char| c.is_whitespace() || c == '(' || c == ')' || is_double_quote(c))
            .unwrap_or(rest.len());
        let word = rest.get(..length).unwrap_or("").to_string();
        self.position += length;
        if has_alphanumeric(&word) {
            self.push(TokenKind::Word(word), start, glued);
        } else if word.contains('*') {
            add_note(self.notes, start, QueryNote::PrefixWithoutLetters { word });
        }
        // Any other word without letters or digits (`–`, `&`, `:`) is punctuation: nothing to search.
    }

    fn lex_quoted(&mut self, open: char, glued: bool) {
        let start = self.position;
        self.bump(open);
        let rest = self.rest();
        let Some(length) = rest.find(is_double_quote) else {
            // The quote is dropped, and the text after it is read as if it were not there.
            add_note(self.notes, start, QueryNote::UnmatchedQuote { quote: open });
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
            let quoted = format!("{open}{raw}{close}");
            add_note(self.notes, start, QueryNote::EmptyQuotes { quoted });
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
                    let phrase = text.to_string();
                    add_note(self.notes, start, QueryNote::SlopWithoutNumber { phrase });
                }
                // Absurd slops are not worth an error: the largest one means "anywhere in the passage".
                digits
                    .parse()
                    .unwrap_or(if digits.is_empty() { 0 } else { u32::MAX })
            }
            Some('*') => {
                let stars = self.rest().chars().take_while(|&c| c == '*').count();
                self.position += stars;
                let phrase = text.to_string();
                add_note(self.notes, start, QueryNote::PrefixOnPhrase { phrase });
                0
            }
            _ => 0,
        }
    }
}
