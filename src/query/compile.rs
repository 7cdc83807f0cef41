//! Turning a parsed query into tantivy queries over sleuth's fields.
//!
//! Bare words search the stemmed view (so `sanction` finds `sanctions`) of the passage text, and
//! with less weight its section and title; quoted phrases and prefixes search the exact view (the
//! passage text is indexed as written, and a stem stands for the words [`crate::index::stems`] lists for
//! it). A word that the analyzer splits into several tokens (`69%`, `2016-2020`, `U.S.-Israeli`)
//! becomes a phrase of those tokens, so it matches as written. A query matches passages;
//! [`crate::rank`] ranks whole documents from their passages. Compiling also yields the terms to
//! highlight and the terms [`crate::rank`] scores with.

use std::collections::HashSet;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::Searcher;

use super::note::QueryNote;
use super::plan::{self, DocumentPlan};
use super::terms::{ScoringTerm, View};
use crate::analysis::dates::{dates_in_words, find_dates, parse_date};
use crate::analysis::spellings::range_spellings;
use crate::analysis::{exact_tokens, stemmed_tokens};
use crate::error::{Error, Limit, Result};
use crate::index::schema::{Fields, KIND_PASSAGE};
use crate::index::stems::words_of_stem;
use crate::query::syntax::{self, Clause, Node, ParsedQuery, QueryError};

/// Weight of a match in the section heading, relative to one in the passage text, in tantivy's
/// per-field scores (which pick the candidates that [`crate::rank`] re-scores).
pub const SECTION_WEIGHT: f32 = 0.5;
/// Weight of a match in the document title, relative to one in the passage text, in tantivy's
/// per-field scores. [`crate::rank`] weighs the title anew when it combines the fields.
pub const TITLE_WEIGHT: f32 = 0.5;
/// Most index terms a `prefix*` expands to (the most frequent are kept, with a note).
pub const MAX_PREFIX_TERMS: usize = 64;
/// Longest query, in characters: ten times a long question. A longer text is a passage to check,
/// which `sleuth verify` does; searching it word by word would only cost time.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most words (and prefixes, phrase words, field values) in a query: no honest query comes near.
pub const MAX_QUERY_WORDS: usize = 64;
/// Most `prefix*` terms in a query: each expands to up to [`MAX_PREFIX_TERMS`] words.
pub const MAX_PREFIXES: usize = 8;

/// Terms of the query that a hit's text should show highlighted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HighlightTerms {
    /// Stemmed forms of searched words.
    pub stemmed: HashSet<String>,
    /// Exact forms (from prefixes and one-word phrases).
    pub exact: HashSet<String>,
    /// Exact token sequences of phrases and multi-token words.
    pub phrases: Vec<Vec<String>>,
}

/// A query ready to run, with what to highlight.
pub struct CompiledQuery {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// Terms to highlight in hits.
    pub highlights: HighlightTerms,
    /// The searched terms, field by field, in query order: what [`crate::rank`] re-scores with.
    pub terms: Vec<ScoringTerm>,
    /// The parsed query's clauses, from which the document plan and the relaxed query are made.
    clauses: Vec<Clause>,
    /// How the query was narrowed, for the user (a prefix cut to its most frequent words).
    pub notes: Vec<QueryNote>,
}

impl CompiledQuery {
    /// The same query with its required clauses made optional: what the passage of a document
    /// that matches the query only as a whole (each word in another passage) matches.
    pub fn relaxed(&self, fields: &Fields, searcher: &Searcher) -> Result<CompiledQuery> {
        compile_clauses(&self.clauses, fields, searcher, true)
    }

    /// How whole documents match the query (see [`DocumentPlan`]).
    pub fn document_plan(&self, fields: &Fields, searcher: &Searcher) -> Result<DocumentPlan> {
        plan::plan(&self.clauses, fields, searcher)
    }
}

/// Parses `text` (with operators unless `literal`), returning the tree and its notes.
pub fn parse(text: &str, literal: bool) -> Result<ParsedQuery> {
    let parsed = if literal {
        syntax::parse_literal(text)
    } else {
        syntax::parse(text)
    };
    let parsed = parsed?;
    check_size(text, &parsed)?;
    if !parsed.has_positive_clause() {
        return Err(QueryError::OnlyExclusions.into());
    }
    Ok(parsed)
}

/// Refuses queries past the limits, which bound the work of a search.
fn check_size(text: &str, parsed: &ParsedQuery) -> Result<()> {
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        let max = MAX_QUERY_CHARS;
        return Err(QueryError::TooLarge(Limit::QueryChars { chars, max }).into());
    }
    let (mut words, mut prefixes) = (0, 0);
    count_words(&parsed.clauses, &mut words, &mut prefixes);
    if words > MAX_QUERY_WORDS {
        let max = MAX_QUERY_WORDS;
        return Err(QueryError::TooLarge(Limit::QueryWords { words, max }).into());
    }
    if prefixes > MAX_PREFIXES {
        let max = MAX_PREFIXES;
        return Err(QueryError::TooLarge(Limit::QueryPrefixes { prefixes, max }).into());
    }
    Ok(())
}

fn count_words(clauses: &[Clause], words: &mut usize, prefixes: &mut usize) {
    for clause in clauses {
        let mut node = &clause.node;
        while let Node::Field(_, inner) = node {
            node = inner;
        }
        match node {
            Node::Word(_) => *words += 1,
            Node::Prefix(_) => {
                *words += 1;
                *prefixes += 1;
            }
            Node::Phrase { text, .. } => *words += text.split_whitespace().count().max(1),
            Node::Group(inner) => count_words(inner, words, prefixes),
            Node::Field(..) => {}
        }
    }
}

/// Compiles a parsed query into one over passages.
pub fn compile(
    parsed: &ParsedQuery,
    fields: &Fields,
    searcher: &Searcher,
) -> Result<CompiledQuery> {
    compile_clauses(&parsed.clauses, fields, searcher, false)
}

/// Compiles `clauses`; with `relaxed`, required clauses become optional.
fn compile_clauses(
    clauses: &[Clause],
    fields: &Fields,
    searcher: &Searcher,
    relaxed: bool,
) -> Result<CompiledQuery> {
    let mut compiler = Compiler {
        fields,
        searcher,
        relaxed,
        highlights: HighlightTerms::default(),
        terms: Vec::new(),
        filters_documents: false,
        notes: Vec::new(),
    };
    let mut query = compiler.clauses(clauses, Scope::Default)?;
    if compiler.filters_documents {
        // `doc:` matches both kinds of record: keep the passages.
        let kind = TermQuery::new(
            Term::from_field_text(fields.kind, KIND_PASSAGE),
            IndexRecordOption::Basic,
        );
        query = Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(kind), 0.0)),
            ),
        ]));
    }
    Ok(CompiledQuery {
        query,
        highlights: compiler.highlights,
        terms: compiler.terms,
        clauses: clauses.to_vec(),
        notes: compiler.notes,
    })
}

/// Compiles one node of a parsed query on its own, as a query over passages (documents are matched
/// clause by clause: see [`DocumentPlan`]).
pub(super) fn compile_node(
    node: &Node,
    fields: &Fields,
    searcher: &Searcher,
) -> Result<Box<dyn Query>> {
    let mut compiler = Compiler {
        fields,
        searcher,
        relaxed: false,
        highlights: HighlightTerms::default(),
        terms: Vec::new(),
        filters_documents: false,
        notes: Vec::new(),
    };
    compiler.node(node, Scope::Default)
}

/// Whether `clause` is a `doc:` filter, which narrows a search (it is required even when typed
/// as an alternative).
pub(super) fn is_document_filter(clause: &Clause) -> bool {
    matches!(clause.node, Node::Field(syntax::Field::Doc, _))
}

/// Which fields a node searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Default,
    Title,
    Section,
    Doc,
}

struct Compiler<'a> {
    fields: &'a Fields,
    searcher: &'a Searcher,
    relaxed: bool,
    highlights: HighlightTerms,
    terms: Vec<ScoringTerm>,
    /// Whether a `doc:` clause was compiled.
    filters_documents: bool,
    /// How the query was narrowed (prefixes cut to their most frequent words).
    notes: Vec<QueryNote>,
}

impl Compiler<'_> {
    fn clauses(&mut self, clauses: &[Clause], scope: Scope) -> Result<Box<dyn Query>> {
        let mut parts = Vec::with_capacity(clauses.len());
        if scope == Scope::Default {
            for key in dates_of_words(clauses) {
                parts.push((Occur::Should, self.date(&key)));
            }
        }
        for clause in clauses {
            let occur = match clause.occur {
                // `doc:` narrows the search like a filter instead of adding alternatives.
                syntax::Occur::Should if is_document_filter(clause) => Occur::Must,
                syntax::Occur::Should => Occur::Should,
                syntax::Occur::Must if self.relaxed => Occur::Should,
                syntax::Occur::Must => Occur::Must,
                syntax::Occur::MustNot => Occur::MustNot,
            };
            let highlighting = occur != Occur::MustNot;
            let saved = (!highlighting).then(|| (self.highlights.clone(), self.terms.len()));
            let query = self.node(&clause.node, scope)?;
            if let Some((highlights, terms)) = saved {
                // Excluded words are neither highlighted nor scored.
                self.highlights = highlights;
                self.terms.truncate(terms);
            }
            parts.push((occur, query));
        }
        Ok(match parts.len() {
            1 if parts[0].0 == Occur::Should || parts[0].0 == Occur::Must => {
                parts.pop().map(|(_, q)| q).expect("one part")
            }
            _ => Box::new(BooleanQuery::new(parts)),
        })
    }

    fn node(&mut self, node: &Node, scope: Scope) -> Result<Box<dyn Query>> {
        match node {
            Node::Word(word) => self.word(word, scope),
            Node::Phrase { text, slop } => Ok(self.phrase(text, *slop, scope)),
            Node::Prefix(prefix) => self.prefix(prefix, scope),
            Node::Field(field, inner) => {
                let scope = match field {
                    syntax::Field::Title => Scope::Title,
                    syntax::Field::Section => Scope::Section,
                    syntax::Field::Doc => Scope::Doc,
                };
                self.node(inner, scope)
            }
            Node::Group(clauses) => self.clauses(clauses, scope),
        }
    }

    /// The stemmed fields a word searches in `scope`, with their weights.
    fn stemmed_fields(&self, scope: Scope) -> Vec<(Field, f32)> {
        let f = self.fields;
        match scope {
            Scope::Title => vec![(f.title, 1.0)],
            Scope::Section => vec![(f.section, 1.0)],
            _ => word_fields(f),
        }
    }

    /// The field exact phrases and prefixes search in `scope` (the title and section have only a
    /// stemmed view, so phrases there use stemmed tokens).
    fn exact_field(&self, scope: Scope) -> Option<Field> {
        (scope == Scope::Default).then_some(self.fields.body)
    }

    /// The index terms of `field` that hold the words whose stem is `stem`: the words themselves
    /// in the passage text (which holds words as written), the stem in the title and section.
    fn forms_of_stem(&self, field: Field, stem: &str) -> Result<Vec<String>> {
        if field == self.fields.body {
            words_of_stem(self.searcher, stem)
        } else {
            Ok(vec![stem.to_string()])
        }
    }

    fn word(&mut self, word: &str, scope: Scope) -> Result<Box<dyn Query>> {
        if scope == Scope::Doc {
            return Ok(self.doc_prefix(word));
        }
        if scope == Scope::Default && parse_date(word).is_some() {
            // `28.04.2025` is one token, `2025-04-28` three: either is a date.
            return Ok(self.phrase(word, 0, scope));
        }
        let stems = stemmed_tokens(word);
        Ok(match stems.len() {
            0 => Box::new(EmptyQuery),
            1 => {
                let stem = &stems[0];
                self.highlights.stemmed.insert(stem.clone());
                let fields = self.stemmed_fields(scope);
                let mut parts = Vec::with_capacity(fields.len());
                for (field, weight) in fields {
                    // Looked up once: the query and the re-scoring both use the forms.
                    let forms = self.forms_of_stem(field, stem)?;
                    let query = any_of(forms.iter().map(|form| term_query(field, form)).collect());
                    parts.push(weighted(query, weight));
                    self.terms.push(ScoringTerm::with_forms(field, stem, forms));
                }
                any_of(parts)
            }
            _ => self.phrase(word, 0, scope),
        })
    }

    fn phrase(&mut self, text: &str, slop: u32, scope: Scope) -> Box<dyn Query> {
        if scope == Scope::Doc {
            return self.doc_prefix(text);
        }
        let exact = exact_tokens(text);
        if exact.is_empty() {
            return Box::new(EmptyQuery);
        }
        if slop == 0 || exact.len() == 1 {
            if exact.len() == 1 {
                self.highlights.exact.insert(exact[0].clone());
            } else {
                self.highlights.phrases.push(exact.clone());
            }
        } else {
            self.highlights.stemmed.extend(stemmed_tokens(text));
        }
        if let Some(field) = self.exact_field(scope) {
            self.score_terms(&[(field, 1.0)], &exact, View::Exact);
            let mut written = vec![sequence(field, &exact, slop)];
            for spelled in range_spellings(&exact) {
                written.push(sequence(field, &spelled, slop));
                self.highlights.phrases.push(spelled);
            }
            if let Some(dated) = self.dated_phrase(field, text, slop) {
                written.push(dated);
            }
            return any_of(written);
        }
        // The title and section: stemmed fields of their own.
        let stems = stemmed_tokens(text);
        let fields = self.stemmed_fields(scope);
        self.score_terms(&fields, &stems, View::Stemmed);
        let parts = fields
            .into_iter()
            .map(|(field, weight)| weighted(sequence(field, &stems, slop), weight))
            .collect();
        any_of(parts)
    }

    fn prefix(&mut self, prefix: &str, scope: Scope) -> Result<Box<dyn Query>> {
        if scope == Scope::Doc {
            return Ok(self.doc_prefix(prefix));
        }
        let exact = exact_tokens(prefix);
        let Some(stem) = exact.last() else {
            return Ok(Box::new(EmptyQuery));
        };
        let (fields, view): (Vec<(Field, f32)>, View) = match self.exact_field(scope) {
            Some(field) => (vec![(field, 1.0)], View::Exact),
            None => (self.stemmed_fields(scope), View::Stemmed),
        };
        let mut parts = Vec::new();
        for (i, (field, weight)) in fields.into_iter().enumerate() {
            let (terms, matching) = expand_prefix(self.searcher, field, stem)?;
            if i == 0 && matching > terms.len() {
                self.notes.push(QueryNote::PrefixCut {
                    prefix: prefix.to_string(),
                    matching,
                    kept: terms.len(),
                });
            }
            for term in terms {
                if view == View::Exact {
                    self.highlights.exact.insert(term.clone());
                }
                self.score_terms(&[(field, weight)], std::slice::from_ref(&term), view);
                parts.push(weighted(term_query(field, &term), weight));
            }
        }
        Ok(any_of(parts))
    }

    /// The passages holding the date `key` (`2025-04-28`, `2025-04`) however it is written.
    fn date(&mut self, key: &str) -> Box<dyn Query> {
        let field = self.fields.body;
        self.highlights.exact.insert(key.to_string());
        self.score_terms(&[(field, 1.0)], &[key.to_string()], View::Exact);
        term_query(field, key)
    }

    /// The phrase `text` with the dates it writes matched as dates, however the passage writes
    /// them: each date by its key, each stretch of words between the dates as a phrase, all
    /// required. `None` when the phrase writes no date.
    fn dated_phrase(&mut self, field: Field, text: &str, slop: u32) -> Option<Box<dyn Query>> {
        let dates = find_dates(text);
        if dates.is_empty() {
            return None;
        }
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut words_from = 0;
        for mention in &dates {
            let before = exact_tokens(&text[words_from..mention.range.start]);
            if !before.is_empty() {
                parts.push((Occur::Must, sequence(field, &before, slop)));
                self.highlights.phrases.push(before);
            }
            parts.push((Occur::Must, self.date(&mention.date.key())));
            words_from = mention.range.end;
        }
        let after = exact_tokens(&text[words_from..]);
        if !after.is_empty() {
            parts.push((Occur::Must, sequence(field, &after, slop)));
            self.highlights.phrases.push(after);
        }
        Some(Box::new(BooleanQuery::new(parts)))
    }

    /// Records `tokens` of `view`, in order, as scored in each of `fields`.
    fn score_terms(&mut self, fields: &[(Field, f32)], tokens: &[String], view: View) {
        for &(field, _) in fields {
            for token in tokens {
                self.terms.push(ScoringTerm::new(field, token, view));
            }
        }
    }

    /// `doc:` matches documents whose id starts with the given text.
    fn doc_prefix(&mut self, text: &str) -> Box<dyn Query> {
        self.filters_documents = true;
        let text = text.trim_end_matches('*');
        let (ids, _) = expand_raw_prefix(self.searcher, self.fields.doc_id, text, usize::MAX)
            .unwrap_or_default();
        let parts = ids
            .iter()
            .map(|id| -> Box<dyn Query> {
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.doc_id, id),
                    IndexRecordOption::Basic,
                ))
            })
            .collect();
        Box::new(ConstScoreQuery::new(any_of(parts), 0.0))
    }
}

/// The keys of the dates that runs of bare words write (`28 April 2025` typed without quotes).
fn dates_of_words(clauses: &[Clause]) -> Vec<String> {
    let mut keys = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for clause in clauses.iter().map(Some).chain([None]) {
        match clause {
            Some(Clause {
                occur: syntax::Occur::Should | syntax::Occur::Must,
                node: Node::Word(word),
            }) => run.push(word),
            _ => {
                if run.len() > 1 {
                    let dates = dates_in_words(&run);
                    keys.extend(dates.into_iter().map(|(_, date)| date.key()));
                }
                run.clear();
            }
        }
    }
    keys
}

/// The fields a bare word searches, stemmed, with their weights (the text first).
pub fn word_fields(f: &Fields) -> Vec<(Field, f32)> {
    vec![
        (f.body, 1.0),
        (f.section, SECTION_WEIGHT),
        (f.title, TITLE_WEIGHT),
    ]
}

/// A query for `text` in `field`, scored by term frequency.
pub fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn weighted(query: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    if weight == 1.0 {
        query
    } else {
        Box::new(BoostQuery::new(query, weight))
    }
}

fn any_of(mut parts: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    match parts.len() {
        0 => Box::new(EmptyQuery),
        1 => parts.pop().expect("one part"),
        _ => Box::new(BooleanQuery::new(
            parts.into_iter().map(|q| (Occur::Should, q)).collect(),
        )),
    }
}

/// Tokens in order (a phrase), or a single term.
fn sequence(field: Field, tokens: &[String], slop: u32) -> Box<dyn Query> {
    if tokens.len() == 1 {
        return term_query(field, &tokens[0]);
    }
    let terms = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (i, Term::from_field_text(field, t)))
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

/// The most frequent index terms of `field` that start with `prefix` (at most
/// [`MAX_PREFIX_TERMS`]), and how many there are in all.
fn expand_prefix(searcher: &Searcher, field: Field, prefix: &str) -> Result<(Vec<String>, usize)> {
    expand_raw_prefix(searcher, field, prefix, MAX_PREFIX_TERMS)
}

fn expand_raw_prefix(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    limit: usize,
) -> Result<(Vec<String>, usize)> {
    let mut found: std::collections::HashMap<String, u64> = Default::default();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .map_err(|err| Error::Tantivy(err.into()))?;
        while stream.advance() {
            if !stream.key().starts_with(prefix.as_bytes()) {
                break;
            }
            let term = String::from_utf8_lossy(stream.key()).into_owned();
            *found.entry(term).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    let mut terms: Vec<(String, u64)> = found.into_iter().collect();
    let matching = terms.len();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms.truncate(limit);
    Ok((terms.into_iter().map(|(t, _)| t).collect(), matching))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The limit `text` is refused for, if any.
    fn too_large(text: &str) -> Option<Limit> {
        match parse(text, false) {
            Err(Error::Query(QueryError::TooLarge(limit))) => Some(limit),
            _ => None,
        }
    }

    #[test]
    fn queries_past_the_limits_are_refused_naming_the_limit() {
        let chars = MAX_QUERY_CHARS + 1;
        let max = MAX_QUERY_CHARS;
        assert_eq!(
            too_large(&"a".repeat(chars)),
            Some(Limit::QueryChars { chars, max })
        );
        let (words, max) = (MAX_QUERY_WORDS + 1, MAX_QUERY_WORDS);
        assert_eq!(
            too_large(&"w ".repeat(words)),
            Some(Limit::QueryWords { words, max })
        );
        let (prefixes, max) = (MAX_PREFIXES + 1, MAX_PREFIXES);
        assert_eq!(
            too_large(&"p* ".repeat(prefixes)),
            Some(Limit::QueryPrefixes { prefixes, max })
        );
        assert_eq!(too_large(&"w ".repeat(MAX_QUERY_WORDS)), None);
        let limit = Limit::QueryPrefixes {
            prefixes: 9,
            max: 8,
        };
        assert_eq!(
            Error::from(QueryError::TooLarge(limit)).to_string(),
            "the query has 9 prefixes (word*); queries may have up to 8: write some of the words out"
        );
    }
}
