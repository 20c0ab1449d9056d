//! Corpus stages of filrouge: steps that look across documents.
//!
//! - [`dedup`]: whole-article near-duplicates (a wire story republished
//!   with edits), found incrementally with MinHash signatures and LSH
//!   banding, so that copies are not counted as independent sources.
//!
//! Architecture invariant: corpus stages read the cleaned text (and, later,
//! the annotations) of analysed documents; they never change a document.
//! Planned here: passage-level reuse, stories, events merged across
//! sources, dates refined across articles, disagreements.

pub mod dedup;

pub use dedup::{Duplicate, NearDuplicates};
