//! The entity stage of filrouge: named entities (PER, LOC, ORG) in French
//! and English.
//!
//! - [`perceptron`]: a greedy averaged-perceptron BIO tagger over hashed
//!   features (word, affixes, shape, context, previous labels, gazetteers,
//!   cue words), trained by `filrouge train ner` on open data and shipped as
//!   `models/ner.bin`;
//! - [`gazetteer`]: the word lists it uses as features (`data/`).
//!
//! Architecture invariant: the tagger reads tokens and returns token-index
//! spans; it knows no document, offsets or store. Linking mentions to
//! canonical entities and quotes to speakers are separate steps.

pub mod gazetteer;
pub mod perceptron;

pub use gazetteer::Gazetteer;
pub use perceptron::{label_name, label_of, Label, Model, N_LABELS, TYPES};

/// Errors of the entity stage's own resources (never of a document).
#[derive(Debug, thiserror::Error)]
pub enum EntityError {
    /// A model file cannot be read.
    #[error("NER model: {0}")]
    Model(String),
}

/// An entity found in a token sequence: tokens `start..end`, its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSpan {
    /// First token.
    pub start: usize,
    /// Token after the last.
    pub end: usize,
    /// PER, LOC or ORG.
    pub label: &'static str,
}

/// Turns BIO labels into spans.
pub fn spans(labels: &[Label]) -> Vec<TokenSpan> {
    let mut out: Vec<TokenSpan> = Vec::new();
    for (i, &l) in labels.iter().enumerate() {
        if l == 0 {
            continue;
        }
        let t = TYPES[(l - 1) / 2];
        let begin = (l - 1).is_multiple_of(2);
        match out.last_mut() {
            Some(last) if !begin && last.end == i && last.label == t => last.end = i + 1,
            _ => out.push(TokenSpan {
                start: i,
                end: i + 1,
                label: t,
            }),
        }
    }
    out
}
