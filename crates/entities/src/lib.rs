//! The entity stage of filrouge: named entities (PER, LOC, ORG, MISC) in
//! French and English.
//!
//! - [`perceptron`]: a greedy averaged-perceptron BIO tagger over hashed
//!   features (word, affixes, shape, context, previous labels, gazetteers,
//!   cue words), trained by `filrouge train ner` on open data and shipped as
//!   `models/ner.bin`; it tags PER, LOC and ORG;
//! - [`gazetteer`]: the word lists it uses as features (`data/`);
//! - [`repair`]: the repairs those lists make to the tagger's spans after
//!   tagging (span edges and labels of listed names, people starting with
//!   a listed given name);
//! - [`misc_names`]: MISC names (events, works, products, laws) from patterns in
//!   per-language data files, merged with the tagger's spans;
//! - [`tagging`]: token sequences tagged sentence by sentence with all of
//!   the above, and the training sentences cut the same way;
//! - `stage` ([`EntityStage`]): documents tagged with the model of their
//!   language, as `entity` annotations; [`roles`]: role phrases standing
//!   for a named person;
//! - [`canonical`]: mentions across documents grouped into canonical
//!   entities; [`quotes`]: quotes, reported speech and their speakers.
//!
//! Architecture invariant: the tagger reads tokens and returns token-index
//! spans; it knows no document, offsets or store. Linking mentions to
//! canonical entities and quotes to speakers are separate steps.

pub mod canonical;
pub mod gazetteer;
pub mod misc_names;
pub mod perceptron;
pub mod quotes;
pub mod repair;
pub mod roles;
mod stage;
pub mod tagging;

pub use canonical::{mentions, resolve, CanonicalEntity, Mention};
pub use gazetteer::Gazetteer;
pub use misc_names::{MiscMatch, MiscRules, MISC};
pub use perceptron::{label_name, label_of, Label, Model, N_LABELS, TYPES};
pub use quotes::QuoteFinder;
pub use repair::repair_with_gazetteer;
pub use stage::EntityStage;
pub use tagging::{
    case_copies, restore_case, spans, tag_sentence, tag_sentence_with_misc, tag_tokens,
    tag_tokens_with_misc, training_sentences,
};

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
    /// PER, LOC, ORG or MISC.
    pub label: &'static str,
}

/// The content lines of a bundled data file: trimmed, blank lines and
/// `#` comments skipped.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
