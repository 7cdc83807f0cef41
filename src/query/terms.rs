//! The terms a compiled query searches, field by field: what ranking re-scores with.

use tantivy::schema::{Field, Term};

/// Which view of a word a scored term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The word as written (case and diacritics folded).
    Exact,
    /// The word's stem: every inflection counts.
    Stemmed,
}

/// A term the query searches in one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoringTerm {
    /// The field searched.
    pub field: Field,
    /// The term, as the field's analyzer writes it (a stem in the stemmed view).
    pub text: String,
    /// Which view of the word `text` is.
    pub view: View,
    /// The index terms whose occurrences are this term's: `text` itself, except for a stem in
    /// the passage text (which holds words as written), where they are the words with that stem.
    pub forms: Vec<String>,
}

impl ScoringTerm {
    /// `text` of `view` in `field`, an index term itself.
    pub fn new(field: Field, text: &str, view: View) -> ScoringTerm {
        ScoringTerm {
            field,
            text: text.to_string(),
            view,
            forms: vec![text.to_string()],
        }
    }

    /// The stem `stem` in `field`, standing for the index terms `forms`.
    pub fn with_forms(field: Field, stem: &str, forms: Vec<String>) -> ScoringTerm {
        ScoringTerm {
            field,
            text: stem.to_string(),
            view: View::Stemmed,
            forms,
        }
    }

    /// The index terms whose occurrences are this term's ([`ScoringTerm::forms`]).
    pub(crate) fn index_terms(&self) -> Vec<Term> {
        self.forms
            .iter()
            .map(|form| Term::from_field_text(self.field, form))
            .collect()
    }

    /// Whether `other` is the same word in the same view, so that their frequencies add up.
    pub(crate) fn is_same_word(&self, other: &ScoringTerm) -> bool {
        self.text == other.text && self.view == other.view
    }
}
