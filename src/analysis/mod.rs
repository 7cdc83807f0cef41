//! The analyzers of sleuth's text fields, built on [`crate::analysis::tokenizer`]'s word tokenizer.
//!
//! A word has two views. The *exact* view folds case, diacritics and apostrophes and writes
//! numbers and abbreviations one way ([`forms`]) but keeps words as written; quoted
//! phrases and prefixes search it. The *stemmed* view takes inflections off
//! ([`inflection`]: plurals and verb endings, not derivations), so bare words find their
//! inflections and not their derivations. Indexed text also files each word under its other
//! spellings and each date under its key; queries are read without them.
//!
//! Passage text is indexed in the exact view only ([`EXACT_ANALYZER`]): its stemmed view is the
//! set of words sharing a stem, which [`crate::index::stems`] works out once per segment instead of
//! stemming every word of every passage. Titles and sections are short and indexed stemmed
//! ([`STEMMED_ANALYZER`]). tantivy does not store custom analyzers in the index, so
//! [`register_analyzers`] must run on every open.
//!
//! Stemming is a costly step of analysis (`PERFORMANCE.md` has the figures), and running text
//! repeats a few thousand words for most of its tokens, so the stemmed view remembers the stems it
//! has computed ([`CachedStemmer`]); its output is exactly [`inflection::stem`]'s.

pub mod dates;
pub mod folding;
pub mod forms;
pub mod inflection;
pub mod spellings;
pub mod tokenizer;
mod word_bounds;

use std::cell::RefCell;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};
use tantivy::Index;
use xxhash_rust::xxh3::xxh3_64;

use forms::WordForms;

/// Name of the exact analyzer in the index's tokenizer manager.
pub const EXACT_ANALYZER: &str = "sleuth_exact";
/// Name of the stemmed analyzer in the index's tokenizer manager.
pub const STEMMED_ANALYZER: &str = "sleuth_stemmed";

/// The exact analyzer of indexed text: words, case- and diacritic-folded, with their other forms.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordForms::indexed()).build()
}

/// The stemmed analyzer of indexed text: the exact one plus inflection stemming.
pub fn stemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordForms::indexed())
        .filter(CachedStemmer)
        .build()
}

/// How a query's words are read: as the exact analyzer reads them, without other forms.
fn query_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordForms::query()).build()
}

/// Most slots of a stem cache: enough for the common vocabulary of a corpus, small enough (under
/// 1 MB) to stay in a core's cache.
const STEM_CACHE_SLOTS: usize = 1 << 14;
/// Slots a stem cache starts with. It grows fourfold (up to [`STEM_CACHE_SLOTS`]) each time it has
/// missed twice as many words as it has slots, so that one search, which stems a few hundred
/// words, does not pay for the whole table.
const FIRST_STEM_CACHE_SLOTS: usize = 1 << 10;

/// Inflection stemming ([`inflection::stem`]) with a per-thread cache of the stems already
/// computed.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

/// A tokenizer followed by [`CachedStemmer`].
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The tokens of one text, stemmed.
pub struct CachedStemmerStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        STEMS.with_borrow_mut(|stems| stems.stem_in_place(&mut self.tail.token_mut().text));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Longest word (and stem) a stem cache holds, in bytes: nearly every English word. Longer ones are
/// stemmed every time.
const CACHED_WORD_BYTES: usize = 23;

/// A word and its stem, stored inline so that a lookup touches one place in memory.
#[derive(Clone, Copy)]
struct StemSlot {
    word_len: u8,
    stem_len: u8,
    word: [u8; CACHED_WORD_BYTES],
    stem: [u8; CACHED_WORD_BYTES],
}

impl StemSlot {
    const EMPTY: StemSlot = StemSlot {
        word_len: 0,
        stem_len: 0,
        word: [0; CACHED_WORD_BYTES],
        stem: [0; CACHED_WORD_BYTES],
    };

    fn word(&self) -> &[u8] {
        &self.word[..usize::from(self.word_len)]
    }

    fn stem(&self) -> &str {
        std::str::from_utf8(&self.stem[..usize::from(self.stem_len)]).unwrap_or_default()
    }

    /// Holds `word` and `stem`, unless one of them is too long to fit.
    fn fill(&mut self, word: &str, stem: &str) {
        if word.len() > CACHED_WORD_BYTES || stem.len() > CACHED_WORD_BYTES {
            return;
        }
        self.word[..word.len()].copy_from_slice(word.as_bytes());
        self.stem[..stem.len()].copy_from_slice(stem.as_bytes());
        self.word_len = word.len() as u8;
        self.stem_len = stem.len() as u8;
    }
}

/// Stems by word, remembering the stems computed in a direct-mapped table: a word has one slot,
/// chosen by its hash, and a miss overwrites it. Memory stays bounded, and a hit costs a hash and
/// one memory access.
#[derive(Clone)]
struct StemCache {
    /// Allocated on first use; the length is a power of two.
    slots: Vec<StemSlot>,
    max_slots: usize,
    /// Misses since the table last grew.
    misses: usize,
}

impl StemCache {
    pub(super) fn new(max_slots: usize) -> StemCache {
        StemCache {
            slots: Vec::new(),
            max_slots: max_slots.next_power_of_two(),
            misses: 0,
        }
    }

    /// Replaces `word` by its stem.
    fn stem_in_place(&mut self, word: &mut String) {
        if !may_have_a_stem(word) {
            return;
        }
        if self.slots.is_empty() {
            self.slots = vec![StemSlot::EMPTY; FIRST_STEM_CACHE_SLOTS.min(self.max_slots)];
        }
        let mask = self.slots.len() - 1;
        let slot = &mut self.slots[xxh3_64(word.as_bytes()) as usize & mask];
        if slot.word_len > 0 && slot.word() == word.as_bytes() {
            word.clear();
            word.push_str(slot.stem());
            return;
        }
        let stem = inflection::stem(word);
        slot.fill(word, &stem);
        *word = stem;
        self.misses += 1;
        if self.misses > 2 * self.slots.len() && self.slots.len() < self.max_slots {
            let grown = (self.slots.len() * 4).min(self.max_slots);
            self.slots = vec![StemSlot::EMPTY; grown];
            self.misses = 0;
        }
    }
}

/// Whether stemming could change `word`: words of one or two letters, and words with anything but
/// the letters a to z, are their own stems. (About a third of the words of running English text
/// are that short.)
fn may_have_a_stem(word: &str) -> bool {
    word.len() > 2 && word.bytes().all(|b| b.is_ascii_lowercase())
}

thread_local! {
    /// One stem cache per thread, shared by every stemmed field the thread analyzes (passage text,
    /// title, section) and by the query side: one table stays in the core's cache
    /// where one per field would not.
    static STEMS: RefCell<StemCache> = RefCell::new(StemCache::new(STEM_CACHE_SLOTS));
}

/// Registers sleuth's analyzers on `index`.
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

/// The stem of one exact-view word.
pub fn stem(word: &str) -> String {
    let mut stem = word.to_string();
    STEMS.with_borrow_mut(|stems| stems.stem_in_place(&mut stem));
    stem
}

/// The exact-view tokens of `text` read as a query: its words, without other forms.
pub fn exact_tokens(text: &str) -> Vec<String> {
    token_texts(query_analyzer(), text)
}

/// The stemmed-view tokens of `text`.
pub fn stemmed_tokens(text: &str) -> Vec<String> {
    let mut tokens = exact_tokens(text);
    STEMS.with_borrow_mut(|stems| {
        for token in &mut tokens {
            stems.stem_in_place(token);
        }
    });
    tokens
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
    /// Position in the text: the other forms of a word share its position.
    pub position: usize,
}

/// Every token of indexed `text` in both views, other forms included (each over the bytes that
/// write it), as the index holds them: what highlighting matches a query's terms against.
pub fn analyzed_tokens(text: &str) -> Vec<AnalyzedToken> {
    // Tokenized once: the stemmed view is the exact one, stemmed token by token.
    let mut exact = exact_analyzer();
    let mut stream = exact.token_stream(text);
    let mut tokens = Vec::new();
    STEMS.with_borrow_mut(|stems| {
        while stream.advance() {
            let token = stream.token();
            let mut stemmed = token.text.clone();
            stems.stem_in_place(&mut stemmed);
            tokens.push(AnalyzedToken {
                exact: token.text.clone(),
                stemmed,
                from: token.offset_from,
                to: token.offset_to,
                position: token.position,
            });
        }
    });
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

    /// The stems [`inflection::stem`] gives the tokens of `forms`, without any cache.
    fn uncached(forms: WordForms, text: &str) -> Vec<String> {
        token_texts(TextAnalyzer::builder(forms).build(), text)
            .iter()
            .map(|token| inflection::stem(token))
            .collect()
    }

    fn uncached_stems(text: &str) -> Vec<String> {
        uncached(WordForms::query(), text)
    }

    #[test]
    fn the_cached_stemmer_stems_exactly_as_the_inflection_stemmer() {
        let text = "Sanctions sanctioned running runs ran generously generous Türkiye’s \
                    sanctions running 69% U.S.-Israeli agreed agreement agreements is as us \
                    1990s 7,200 2016-2020 ies sss Москвы δημοκρατίες 北京的 x2s ed";
        assert_eq!(stemmed_tokens(text), uncached_stems(text));
        let mut analyzer = stemmed_analyzer();
        for _ in 0..2 {
            // The second pass is answered from the cache.
            assert_eq!(token_texts(analyzer.clone(), text), uncached_stems(text));
            let mut stream = analyzer.token_stream(text);
            let mut cached = Vec::new();
            while stream.advance() {
                cached.push(stream.token().text.clone());
            }
            assert_eq!(cached, uncached_stems(text));
        }
    }

    #[test]
    fn the_cached_stemmer_agrees_with_the_inflection_stemmer_on_the_seeds() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut analyzer = stemmed_analyzer(); // one cache for all files, as when indexing
        for entry in std::fs::read_dir(seeds).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let mut stream = analyzer.token_stream(&text);
            let mut cached = Vec::new();
            while stream.advance() {
                cached.push(stream.token().text.clone());
            }
            assert_eq!(cached, uncached(WordForms::indexed(), &text));
            assert_eq!(stemmed_tokens(&text), uncached_stems(&text));
        }
    }

    #[test]
    fn the_stemmed_view_keeps_derivations_apart() {
        assert_eq!(stemmed_tokens("imports imported"), ["import", "import"]);
        let derived = stemmed_tokens("import important importance");
        assert_ne!(derived[0], derived[1]);
        assert_ne!(derived[0], derived[2]);
        assert_ne!(derived[1], derived[2]);
    }

    #[test]
    fn a_stem_cache_grows_with_its_misses_up_to_its_limit() {
        let mut cache = StemCache::new(1 << 14);
        let mut word = "running".to_string();
        cache.stem_in_place(&mut word);
        assert_eq!(cache.slots.len(), FIRST_STEM_CACHE_SLOTS);
        for i in 0..200_000u32 {
            // Distinct words of letters only, none of them inflected.
            let letters: String = (0..4)
                .map(|place| char::from(b'a' + (i / 26u32.pow(place) % 26) as u8))
                .collect();
            let mut word = format!("word{letters}k");
            cache.stem_in_place(&mut word);
            assert_eq!(word, format!("word{letters}k"));
        }
        assert_eq!(cache.slots.len(), 1 << 14);
        let mut word = "running".to_string();
        cache.stem_in_place(&mut word);
        assert_eq!(word, "run");
    }

    #[test]
    fn words_sharing_a_slot_evict_each_other_and_still_stem_correctly() {
        let mut cache = StemCache::new(2);
        let words = [
            "running", "agreed", "ponies", "running", "agreed", "caresses", "ponies",
        ];
        for word in words {
            let mut stemmed = word.to_string();
            cache.stem_in_place(&mut stemmed);
            assert_eq!(stemmed, uncached_stems(word)[0], "{word}");
        }
        assert_eq!(cache.slots.len(), 2);
        let long = "internationalizations".repeat(2);
        let mut stemmed = long.clone();
        cache.stem_in_place(&mut stemmed);
        assert_eq!(
            stemmed,
            uncached_stems(&long)[0],
            "a word too long to cache"
        );
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
