//! The two analyzers every text field uses, built on [`crate::tokenizer`]'s word tokenizer.
//!
//! The *exact* view folds case, diacritics and apostrophes but keeps words as written; quoted
//! phrases and prefixes search it. The *stemmed* view adds English Snowball stemming, so bare words
//! find their inflections. tantivy does not store custom analyzers in the index, so
//! [`register_analyzers`] must run on every open.

use tantivy::tokenizer::{Language, Stemmer, TextAnalyzer, TokenStream};
use tantivy::Index;

use crate::tokenizer::WordTokenizer;

/// Name of the exact analyzer in the index's tokenizer manager.
pub const EXACT_ANALYZER: &str = "sleuth_exact";
/// Name of the stemmed analyzer in the index's tokenizer manager.
pub const STEMMED_ANALYZER: &str = "sleuth_stemmed";

/// The exact analyzer: words, case- and diacritic-folded.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default()).build()
}

/// The stemmed analyzer: the exact one plus English stemming.
pub fn stemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Registers both analyzers on `index`.
pub fn register_analyzers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(EXACT_ANALYZER, exact_analyzer());
    manager.register(STEMMED_ANALYZER, stemmed_analyzer());
}

fn token_texts(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().text.clone());
    }
    tokens
}

/// The exact-view tokens of `text`.
pub fn exact_tokens(text: &str) -> Vec<String> {
    token_texts(exact_analyzer(), text)
}

/// The stemmed-view tokens of `text`.
pub fn stemmed_tokens(text: &str) -> Vec<String> {
    token_texts(stemmed_analyzer(), text)
}

/// A token in both views, with its byte range in the analyzed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// Exact-view text.
    pub exact: String,
    /// Stemmed-view text.
    pub stemmed: String,
    /// Start byte in the source text.
    pub from: usize,
    /// End byte in the source text.
    pub to: usize,
}

/// Every token of `text` in both views.
pub fn analyzed_tokens(text: &str) -> Vec<AnalyzedToken> {
    let mut exact = exact_analyzer();
    let mut stream = exact.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        let token = stream.token();
        tokens.push(AnalyzedToken {
            exact: token.text.clone(),
            stemmed: String::new(),
            from: token.offset_from,
            to: token.offset_to,
        });
    }
    // The stemmer maps tokens one to one, so the views line up.
    for (token, stemmed) in tokens.iter_mut().zip(stemmed_tokens(text)) {
        token.stemmed = stemmed;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stemmed_view_conflates_inflections_and_the_exact_view_does_not() {
        assert_eq!(
            stemmed_tokens("Sanctions sanctioned"),
            ["sanction", "sanction"]
        );
        assert_eq!(
            exact_tokens("Sanctions sanctioned"),
            ["sanctions", "sanctioned"]
        );
    }

    #[test]
    fn both_views_fold_diacritics_and_possessives() {
        assert_eq!(
            exact_tokens("Erdoğan Azerbaijan’s"),
            ["erdogan", "azerbaijan"]
        );
        assert_eq!(stemmed_tokens("Türkiye"), stemmed_tokens("Turkiye"));
    }

    #[test]
    fn analyzed_tokens_line_up_both_views_with_offsets() {
        let text = "Israel’s imports";
        let tokens = analyzed_tokens(text);
        assert_eq!(tokens.len(), 2);
        assert_eq!(&text[tokens[0].from..tokens[0].to], "Israel’s");
        assert_eq!(tokens[1].exact, "imports");
        assert_eq!(tokens[1].stemmed, "import");
    }
}
