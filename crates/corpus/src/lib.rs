//! Corpus stages of filrouge: steps that look across documents.
//!
//! - [`dedup`]: whole-article near-duplicates (a wire story republished
//!   with edits), found incrementally with MinHash signatures and LSH
//!   banding, so that copies are not counted as independent sources.
//! - [`stories`]: articles about the same story, grouped incrementally
//!   (TF-IDF over stems, shared entities, time decay; Miranda et al. 2018).
//! - [`reuse`]: paragraphs shared nearly verbatim by two documents.
//!
//! Architecture invariant: corpus stages read the cleaned text (and, later,
//! the annotations) of analysed documents; they never change a document.
//! Planned here: events merged across sources, dates refined across
//! articles, disagreements.

pub mod dedup;
pub mod reuse;
pub mod stories;

pub use dedup::{Duplicate, NearDuplicates, SignatureError};
pub use reuse::{PassageReuse, ReuseParams, SharedPassage};

pub use stories::{Stories, StoryAssignment, StoryFeatures, StoryId, StoryLabel, StoryParams};
