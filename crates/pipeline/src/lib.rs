//! filrouge: from raw news articles to a clean, dated, sourced timeline.
//!
//! This crate is the library's front door: front ends (the CLI, the
//! server, any program) talk to it and to nothing below it.
//!
//! - Per document: [`Pipeline`] runs read -> clean -> segment -> time ->
//!   entities -> quotes over inputs in parallel, in batches, keeping input
//!   order; [`analyze`] streams the analysed documents, [`ingest`] stores
//!   them (with their full-text index and near-duplicate signatures). Both,
//!   and [`Collection::analyse`], first learn the page furniture of their
//!   inputs ([`furniture`]: a first pass, then the analysing one).
//! - Across documents: a [`Collection`] (from inputs, a store or
//!   documents) computes once and shares canonical entities, stories,
//!   near-copies and shared passages, the events linked across articles
//!   and the timelines cut from them.
//! - Views: [`output`] (the `filrouge.document/1` record and the `show`
//!   page); the timeline's renderings are in [`timeline::render`].
//!
//! Architecture invariant: the facade wires stages together and owns
//! batching, parallelism and the corpus level's order of work; it holds no
//! analysis rule of its own (those live in the stage crates).

pub mod collection;
pub mod copies;
mod copy;
pub mod evaluation;
pub mod furniture;
mod ingest;
pub mod output;
mod pipeline;
pub mod placement;
pub mod signatures;

pub use collection::{
    canonical_order, Collection, CollectionQuote, NoSuchStory, SUMMARY_SENTENCES,
};
pub use copies::{Copies, DuplicatePair, COPY_THRESHOLD};
pub use copy::{copy_store, CopyReport};
pub use furniture::{
    first_pass, furniture_of, learn_furniture, FirstPass, FurnitureSummary, Inputs,
};
pub use ingest::{
    index_dir, ingest, ingest_documents, ingest_pipeline_with, reindex, store_unindexed,
    IngestError, IngestOptions, IngestReport, LEARN_MIN_DOCS,
};
pub use pipeline::{analyze, read_batches, today, Pipeline, BATCH_SIZE};
pub use placement::{place, PlaceReport, Placer};

pub use filrouge_corpus as corpus;
pub use filrouge_entities as entities;
pub use filrouge_model as model;
pub use filrouge_read as read;
pub use filrouge_search as search;
pub use filrouge_store as store;
pub use filrouge_time as time;
pub use filrouge_timeline as timeline;
