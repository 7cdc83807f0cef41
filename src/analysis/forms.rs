//! The words of a text in the forms the index files them under: the tokenizer's folded words in
//! their canonical spelling ([`crate::analysis::spellings::canonicalize`]), and, for indexed text, the other
//! forms a searcher may type, at the same position as the word, so that phrases still match:
//! spelling variants ([`crate::analysis::spellings::variants`]) and the dates the text writes
//! ([`crate::analysis::dates`]), keyed `2025-04-28` and `2025-04` over the bytes of the whole date.
//!
//! Queries are read without the extra forms ([`WordForms::query`]): a query word is one form, and
//! the date a query writes is searched by its key (see [`crate::query`]).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::analysis::dates::{find_dates, DateMention};
use crate::analysis::spellings::{canonicalize, variants};
use crate::analysis::tokenizer::{WordTokenStream, WordTokenizer};

/// [`WordTokenizer`] with canonical spellings and, for indexed text, the other forms of words.
#[derive(Clone, Debug, Default)]
pub struct WordForms {
    words: WordTokenizer,
    /// Whether to add the other forms (indexed text) or not (queries).
    other_forms: bool,
}

impl WordForms {
    /// Words, their other spellings and the dates written: what indexed text is filed under.
    pub fn indexed() -> WordForms {
        WordForms {
            words: WordTokenizer::default(),
            other_forms: true,
        }
    }

    /// Words in their canonical spelling only: how a query's words are read.
    pub fn query() -> WordForms {
        WordForms::default()
    }
}

impl Tokenizer for WordForms {
    type TokenStream<'a> = WordFormStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordFormStream<'a> {
        let dates = if self.other_forms && text.bytes().any(|b| b.is_ascii_digit()) {
            find_dates(text)
        } else {
            Vec::new()
        };
        WordFormStream {
            text,
            words: self.words.token_stream(text),
            other_forms: self.other_forms,
            dates,
            next_date: 0,
            pending: Vec::new(),
            extra: Token::default(),
            on_extra: false,
        }
    }
}

/// The tokens of one text, from [`WordForms`].
pub struct WordFormStream<'a> {
    text: &'a str,
    words: WordTokenStream<'a>,
    other_forms: bool,
    dates: Vec<DateMention>,
    /// The first date not yet filed.
    next_date: usize,
    /// Other forms of the current word, waiting to be handed out.
    pending: Vec<Token>,
    /// The other form handed out last.
    extra: Token,
    /// Whether the current token is `extra` rather than the word.
    on_extra: bool,
}

impl TokenStream for WordFormStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(token) = self.pending.pop() {
            self.extra = token;
            self.on_extra = true;
            return true;
        }
        self.on_extra = false;
        if !self.words.advance() {
            return false;
        }
        let word = self.words.token_mut();
        canonicalize(&mut word.text);
        if self.other_forms {
            self.queue_other_forms();
        }
        true
    }

    fn token(&self) -> &Token {
        if self.on_extra {
            &self.extra
        } else {
            self.words.token()
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.on_extra {
            &mut self.extra
        } else {
            self.words.token_mut()
        }
    }
}

impl WordFormStream<'_> {
    /// Queues the other forms of the current word: its spelling variants, and the keys of a date
    /// that starts with it.
    fn queue_other_forms(&mut self) {
        let word = self.words.token();
        let at = |text: String, from: usize, to: usize| Token {
            offset_from: from,
            offset_to: to,
            position: word.position,
            text,
            position_length: 1,
        };
        if let Some(source) = self.text.get(word.offset_from..word.offset_to) {
            let pending = &mut self.pending;
            variants(source, &word.text, |form| {
                pending.push(at(form, word.offset_from, word.offset_to));
            });
        }
        while let Some(mention) = self.dates.get(self.next_date) {
            if mention.range.end <= word.offset_from {
                self.next_date += 1; // a date with no word (never: every date has digits)
                continue;
            }
            if mention.range.start <= word.offset_from {
                let (from, to) = (mention.range.start, mention.range.end);
                self.pending.push(at(mention.date.month_key(), from, to));
                if mention.date.day.is_some() {
                    self.pending.push(at(mention.date.key(), from, to));
                }
                self.next_date += 1;
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(mut forms: WordForms, text: &str) -> Vec<(String, &str, usize)> {
        let mut stream = forms.token_stream(text);
        let mut all = Vec::new();
        while stream.advance() {
            let t = stream.token();
            all.push((
                t.text.clone(),
                &text[t.offset_from..t.offset_to],
                t.position,
            ));
        }
        all
    }

    #[test]
    fn indexed_text_files_dates_and_variants_at_the_position_of_their_first_word() {
        let text = "On April 28, 2025, Əliyev met 7,200 people in İSTANBUL'da (U.S.).";
        let found = tokens(WordForms::indexed(), text);
        let expect = |text: &str, source: &'static str, position: usize| {
            assert!(
                found.contains(&(text.to_string(), source, position)),
                "{text} over {source:?} at {position}: {found:?}"
            );
        };
        expect("april", "April", 1);
        expect("2025-04-28", "April 28, 2025", 1);
        expect("2025-04", "April 28, 2025", 1);
        expect("28", "28", 2);
        expect("aliyev", "Əliyev", 4);
        expect("eliyev", "Əliyev", 4);
        expect("7200", "7,200", 6);
        expect("istanbul'da", "İSTANBUL'da", 9);
        expect("istanbul", "İSTANBUL'da", 9);
        expect("us", "U.S", 10);
        assert_eq!(found.len(), 15, "{found:?}");
    }

    #[test]
    fn queries_get_canonical_spellings_only() {
        let text = "April 28, 2025 Əliyev 7,200 U.S.";
        let words: Vec<String> = tokens(WordForms::query(), text)
            .into_iter()
            .map(|(text, _, _)| text)
            .collect();
        assert_eq!(words, ["april", "28", "2025", "aliyev", "7200", "us"]);
    }
}
