//! Corpus stages of filrouge: steps that look across documents.
//!
//! - [`dedup`]: whole-article near-duplicates (a wire story republished
//!   with edits), found incrementally with MinHash signatures and LSH
//!   banding, so that copies are not counted as independent sources.
//! - [`stories`]: articles about the same story, grouped incrementally
//!   (TF-IDF over stems with the title counted more, shared entities,
//!   time decay; Miranda et al. 2018), a batch known in advance weighed
//!   with its own word frequencies.
//! - [`reuse`]: paragraphs shared nearly verbatim by two documents.
//!
//! All three take documents one at a time, in order, and give the same
//! result for the same order. Their per-document work (signatures,
//! features) is a pure function of the document, for callers to run in
//! parallel; their state can be stored (`NearDuplicates::signatures`,
//! serde for [`Stories`] and [`PassageReuse`]) and extended later.
//!
//! ```
//! use filrouge_corpus::{Stories, StoryFeatures, StoryParams};
//! let mut stories = Stories::new(StoryParams::default());
//! let keys: Vec<String> = ["LOC:saumur", "LOC:loire", "PER:martin-claire"].map(String::from).into();
//! let a = stories.add(&StoryFeatures::new("fr", "La Loire déborde à Saumur, des familles évacuées.", &keys, Some(19_800)));
//! let b = stories.add(&StoryFeatures::new("en", "Families evacuated as the Loire floods Saumur.", &keys, Some(19_801)));
//! assert!(a.opened && !b.opened && a.story == b.story);
//! assert_eq!(stories.story(a.story).map(|s| s.articles.len()), Some(2));
//! ```
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
pub use stories::{
    day_date, day_number, NotAPermutation, Stories, StoryAssignment, StoryFeatures, StoryId,
    StoryLabel, StoryParams,
};
