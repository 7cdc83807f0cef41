//! The words of every note on a search: how its query was read ([`QueryNote`]) and which limits
//! applied ([`SearchNote`]). The one place they are worded: the CLI's `note:` lines on stderr
//! and the JSON `notes` array (which the server and its page show) are these `Display`s.

use std::fmt;

use crate::query::syntax::{Field, Node};
use crate::query::{Operator, ProseCue, QueryNote};
use crate::results::search::SearchNote;

impl fmt::Display for QueryNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryNote::PrefixWithoutLetters { word } => write!(
                f,
                "ignored \"{word}\": a prefix needs a letter or digit before the *, e.g. Isra*"
            ),
            QueryNote::UnmatchedQuote { quote } => write!(
                f,
                "ignored the unmatched {quote}: there is no closing quote to end a phrase"
            ),
            QueryNote::EmptyQuotes { quoted } => {
                write!(f, "ignored {quoted}: there are no words inside the quotes")
            }
            QueryNote::SlopWithoutNumber { phrase } => write!(
                f,
                "ignored the ~ after \"{phrase}\": a slop needs a number, e.g. \"{phrase}\"~2"
            ),
            QueryNote::PrefixOnPhrase { phrase } => write!(
                f,
                "ignored the * after \"{phrase}\": a prefix works on one word, e.g. Isra*"
            ),
            QueryNote::UnmatchedParenthesis { parenthesis } => {
                write!(f, "ignored the unmatched {parenthesis}")
            }
            QueryNote::NestedTooDeep { limit } => {
                write!(f, "ignored parentheses nested deeper than {limit} levels")
            }
            QueryNote::Excluded { node } => {
                write!(f, "NOT left out every passage with {}", Shown(node))
            }
            QueryNote::RequiredBoth { left, right } => write!(
                f,
                "AND required both {} and {} in every passage",
                Shown(left),
                Shown(right)
            ),
            QueryNote::OperatorWithoutTerm { operator } => {
                let needs = match operator {
                    Operator::Not => "right after it",
                    Operator::And | Operator::Or => "on each side",
                };
                let word = operator.word();
                write!(f, "read \"{word}\" as a word: it needs a search term {needs}")
            }
            QueryNote::OperatorInProse { operator, cue } => {
                write!(f, "read \"{}\" as a word: ", operator.word())?;
                let (effect, sign) = match operator {
                    Operator::Not => ("exclude", '-'),
                    Operator::And | Operator::Or => ("require", '+'),
                };
                match cue {
                    ProseCue::LongText { words } => write!(
                        f,
                        "a text of {words} words is read as prose; to {effect} a word, put {sign} before it"
                    ),
                    ProseCue::Capitals => f.write_str("the query is written in capitals"),
                    ProseCue::CommonWord { word } => {
                        write!(f, "\"{word}\" is too common a word to {effect}")
                    }
                }
            }
            QueryNote::UnknownField { word } => {
                let fields: Vec<String> = Field::ALL
                    .iter()
                    .map(|field| format!("{}:", field.name()))
                    .collect();
                write!(f, "read \"{word}\" as a word (fields are {})", fields.join(", "))
            }
            QueryNote::FieldWithoutValue { word, field } => write!(
                f,
                "read \"{word}\" as a word: put the search text right after the colon, e.g. {}:Iran",
                field.name()
            ),
            QueryNote::StarInsideWord { word } => write!(
                f,
                "read \"{word}\" as a word: * works only at the end of a word (a prefix)"
            ),
            QueryNote::Fuzzy { word } => {
                write!(f, "read \"{word}\" as a word: fuzzy search (~) is not supported")
            }
            QueryNote::WholeQueryAsWords => f.write_str(
                "read the whole query as plain words: nothing in it could be searched as written",
            ),
            QueryNote::WordsAlone => f.write_str(
                "ranked by words alone: phrases, fields, prefixes and +/- words ask for exact matches (plain words are ranked by meaning too)",
            ),
            QueryNote::WithoutVectors { passages } => write!(
                f,
                "{passages} passages have no vector yet (an embedding run is under way or was stopped; `sleuth index` finishes it): they were ranked by their words alone"
            ),
            QueryNote::PrefixCut {
                prefix,
                matching,
                kept,
            } => write!(
                f,
                "`{prefix}*` matches {matching} words: searched for the {kept} most frequent (type more letters to narrow it)"
            ),
        }
    }
}

impl fmt::Display for SearchNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchNote::Query(note) => note.fmt(f),
            SearchNote::LimitCapped { max } => write!(
                f,
                "a search returns at most {max} hits at once: showing {max} (page on with --offset)"
            ),
            SearchNote::OffsetCapped { max } => write!(
                f,
                "hits are ranked up to hit {max}: none shown past it (narrow the query instead)"
            ),
        }
    }
}

/// How a note names a clause's node: a word in quotes, a phrase or group as written.
struct Shown<'a>(&'a Node);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Node::Phrase { .. } | Node::Group(_) => self.0.fmt(f),
            node => write!(f, "\"{node}\""),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::query::syntax::parse;

    /// The notes on `input`, worded as a user reads them.
    fn worded(input: &str) -> Vec<String> {
        let notes = parse(input).map(|query| query.notes).unwrap_or_default();
        notes.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn notes_read_as_they_always_have() {
        assert_eq!(
            worded("Claim:Israel"),
            ["read \"Claim:Israel\" as a word (fields are title:, section:, doc:)"]
        );
        assert_eq!(worded("a)"), ["ignored the unmatched )"]);
        assert_eq!(
            worded("Mearsheimer claims, “Azerbaijan won"),
            ["ignored the unmatched “: there is no closing quote to end a phrase"]
        );
        assert_eq!(
            worded("Azerbaijan arms imports from Israel NOT Iran"),
            ["NOT left out every passage with \"Iran\""]
        );
        assert_eq!(
            worded("oil exports to Israel AND \"crude oil\""),
            ["AND required both \"Israel\" and \"crude oil\" in every passage"]
        );
        assert_eq!(
            worded("title: Iran"),
            ["read \"title:\" as a word: put the search text right after the colon, e.g. title:Iran"]
        );
        assert_eq!(
            worded("Baku NOT the"),
            ["read \"NOT\" as a word: \"the\" is too common a word to exclude"]
        );
    }

    #[test]
    fn every_note_of_a_query_is_worded() {
        let cases = [
            (
                "a *",
                "ignored \"*\": a prefix needs a letter or digit before the *, e.g. Isra*",
            ),
            (
                "a \"\" b",
                "ignored \"\": there are no words inside the quotes",
            ),
            (
                "\"a b\"~",
                "ignored the ~ after \"a b\": a slop needs a number, e.g. \"a b\"~2",
            ),
            (
                "\"a b\"*",
                "ignored the * after \"a b\": a prefix works on one word, e.g. Isra*",
            ),
            ("(a b", "ignored the unmatched ("),
            (
                "NOT",
                "read \"NOT\" as a word: it needs a search term right after it",
            ),
            (
                "AND x",
                "read \"AND\" as a word: it needs a search term on each side",
            ),
            (
                "AZERBAIJAN AND ISRAEL",
                "read \"AND\" as a word: the query is written in capitals",
            ),
            (
                "a*b",
                "read \"a*b\" as a word: * works only at the end of a word (a prefix)",
            ),
            (
                "Israel~2",
                "read \"Israel~2\" as a word: fuzzy search (~) is not supported",
            ),
            (
                "NOT ()",
                "read the whole query as plain words: nothing in it could be searched as written",
            ),
        ];
        for (input, wording) in cases {
            assert_eq!(worded(input), [wording], "{input:?}");
        }
        let prose =
            "they could be targeted if involved in anti-Iranian actions -- NOT an easy task!";
        assert_eq!(
            worded(prose),
            ["read \"NOT\" as a word: a text of 12 words is read as prose; to exclude a word, put - before it"]
        );
        let deep = format!("{}a{}", "(".repeat(40), ")".repeat(40));
        assert_eq!(
            worded(&deep),
            ["ignored parentheses nested deeper than 32 levels"]
        );
    }
}
