//! Pasted prose is not a query written in the syntax: which capitalized `AND`s and `NOT`s of a
//! query are words, and the notes that say so.

use super::lexer::{Token, TokenKind};
use super::parser::keyword;
use super::{add_note, Note};
use crate::query::note::{Operator, ProseCue, QueryNote};

/// A query of this many words or more is read as pasted prose: its `AND` and `NOT` are words.
pub const PROSE_WORDS: usize = 10;

/// In a query of more words than this, an operator's effect is noted: which word `NOT` excludes,
/// which words `AND` requires. (In a short query it is plain to see.)
pub const FEW_WORDS: usize = 4;

/// English words too common to be what an operator is meant for: `NOT an` comes from prose ("NOT
/// an easy task") and would exclude nearly every passage.
const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his",
    "i", "if", "in", "into", "is", "it", "its", "just", "may", "might", "more", "most", "much",
    "must", "no", "not", "of", "on", "only", "or", "our", "she", "should", "so", "some", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "to", "too", "us", "very", "was", "we", "were", "what", "when", "where", "which", "who", "why",
    "will", "with", "would", "you", "your",
];

/// The words of a query: its words and the words of its phrases, operators left out.
pub(super) fn count_words(tokens: &[Token]) -> usize {
    tokens
        .iter()
        .map(|token| match &token.kind {
            TokenKind::Word(_) if keyword(token).is_some() => 0,
            TokenKind::Word(_) => 1,
            TokenKind::Phrase { text, .. } => text.split_whitespace().count(),
            _ => 0,
        })
        .sum()
}

/// A word of a query written in capitals (`AZERBAIJAN`), as a shouted text is.
fn is_capitals(token: &Token) -> bool {
    match &token.kind {
        TokenKind::Word(word) => {
            word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !word.chars().any(char::is_lowercase)
        }
        _ => false,
    }
}

/// The stop word `token` is, if it is one.
fn stop_word(token: &Token) -> Option<&str> {
    match &token.kind {
        TokenKind::Word(word) if keyword(token).is_none() => {
            let lower = word.to_lowercase();
            STOP_WORDS
                .contains(&lower.as_str())
                .then_some(word.as_str())
        }
        _ => None,
    }
}

/// Reads as words, each with a note, the `AND`s and `NOT`s of pasted prose: all of them in a query
/// of `words` words, [`PROSE_WORDS`] or more, or in one written in capitals; and any whose operand
/// (the word after `NOT`, either word beside `AND`) is a stop word. (`OR` changes nothing that
/// the default does not, so it is left as it is.)
pub(super) fn read_operators_in_prose(
    mut tokens: Vec<Token>,
    words: usize,
    notes: &mut Vec<Note>,
) -> Vec<Token> {
    let capitals = tokens
        .iter()
        .filter(|token| keyword(token).is_none() && is_capitals(token))
        .count();
    let shouted = capitals >= 2 && capitals * 2 > words;
    for i in 0..tokens.len() {
        let Some(operator) = keyword(&tokens[i]) else {
            continue;
        };
        let operands = match operator {
            Operator::Or => continue,
            Operator::Not => vec![i + 1],
            Operator::And => vec![i.wrapping_sub(1), i + 1],
        };
        let cue = if words >= PROSE_WORDS {
            Some(ProseCue::LongText { words })
        } else if shouted {
            Some(ProseCue::Capitals)
        } else {
            operands
                .iter()
                .filter_map(|&j| tokens.get(j))
                .find_map(stop_word)
                .map(|word| ProseCue::CommonWord {
                    word: word.to_string(),
                })
        };
        if let Some(cue) = cue {
            let token = &mut tokens[i];
            token.literal = true;
            let note = QueryNote::OperatorInProse { operator, cue };
            add_note(notes, token.position, note);
        }
    }
    tokens
}
