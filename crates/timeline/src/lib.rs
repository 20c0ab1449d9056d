//! The timeline of filrouge: from analysed articles to the dated, sourced
//! list of the events they report.
//!
//! - [`link`](crate::link) (internal): each document's events
//!   (`filrouge_events`) linked to the same events in other documents; the
//!   dates of vaguely dated documents refined from the events they share
//!   and from ordinal series, through the time stage's hook
//!   ([`filrouge_time::TimeStage::redate`]). Canonical entities, copy
//!   groups and shared passages come in resolved ([`CorpusContext`]).
//! - [`incremental`]: the same linking one document at a time, with a
//!   consolidation that makes it independent of the order documents come
//!   in.
//! - [`assemble`]: one [`TimelineEvent`] per linked event: the date agreed
//!   on and its evidence, participants, places, facts, quotes, sources
//!   with their sentences, an extractive summary, disagreements.
//! - [`render`]: terminal, Markdown, JSON (schema `filrouge.timeline/2`),
//!   a self-contained HTML page, TimelineJS JSON, CSV and ICS, with the
//!   words of [`words`] (dates, durations, ranks, labels in French or
//!   English).
//!
//! Architecture invariant: the timeline reads analysed documents and what
//! the corpus level found across them ([`CorpusContext`]); it never reads
//! files or the store, resolves no entity and compares no texts for
//! copies. It changes a document only through the time stage's hook (a
//! refined date, expressions resolved again), and reports that in the
//! document list of its output.

pub mod assemble;
mod cut;
pub mod incremental;
mod link;
mod linked;
pub mod render;
mod selection;
pub mod stored;
mod text;
pub mod words;

use std::sync::Arc;

use chrono::NaiveDate;
use filrouge_entities::CanonicalEntity;
use filrouge_model::{DatePrecision, Span};
use serde::Serialize;

pub use assemble::TimelineEvent;
pub use linked::LinkedEvents;

/// The version of the JSON output.
pub const SCHEMA: &str = "filrouge.timeline/2";

/// What to put in the timeline.
#[derive(Debug, Clone)]
pub struct TimelineOptions {
    /// Reference date for dating undated documents.
    pub as_of: NaiveDate,
    /// Only events ending on or after this day.
    pub from: Option<NaiveDate>,
    /// Only events starting on or before this day.
    pub to: Option<NaiveDate>,
    /// Only events reported in this language.
    pub lang: Option<String>,
    /// At most this many events (the most reported kept).
    pub max_events: Option<usize>,
    /// Summary sentences per event.
    pub sentences: usize,
    /// Every event found, also days recalled in passing by one source and
    /// news that does not stand out in the collection.
    pub include_background: bool,
    /// Only events with this participant or place (any alias); and, for
    /// each article naming it outside the events shown, that article's
    /// first body sentence naming it, as its news of the day
    /// ([`filrouge_events::sentence_news`]).
    pub entity: Option<String>,
    /// Only events whose sentences hold these words.
    pub query: Option<String>,
    /// Only events reported by these documents (ids; a story's articles).
    /// Linking and dating still use every document.
    pub documents: Option<Vec<String>>,
    /// List every document with its date in [`Timeline::documents`] (on by
    /// default; a server answering many queries leaves it off).
    pub list_documents: bool,
    /// The language of the words the outputs write around the sources'
    /// (dates, labels: [`words`]); by default the language most of the
    /// shown events' sources are in, French on a tie.
    pub language: Option<String>,
}

impl TimelineOptions {
    /// Defaults: everything, two summary sentences, main events only.
    pub fn new(as_of: NaiveDate) -> Self {
        TimelineOptions {
            as_of,
            from: None,
            to: None,
            lang: None,
            max_events: None,
            sentences: 2,
            include_background: false,
            entity: None,
            query: None,
            documents: None,
            list_documents: true,
            language: None,
        }
    }
}

/// A document as the timeline saw it: its date after refinement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineDocument {
    /// Document id.
    pub id: String,
    /// Input path or URL.
    pub origin: String,
    /// Its date (TimeML value), if any.
    pub date: Option<String>,
    /// Precision of the date.
    pub precision: Option<DatePrecision>,
    /// Confidence of the date.
    pub confidence: Option<f64>,
    /// Where the date comes from (metadata, text, corpus).
    pub date_source: Option<filrouge_model::DocumentDateSource>,
    /// Why, in words.
    pub reasons: Vec<String>,
}

/// The timeline of a corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Reference date used.
    pub as_of: String,
    /// The language of the words written around the sources' (ISO 639-1,
    /// one of [`words`]'s): `date_text` and the labels of the outputs.
    pub language: String,
    /// Events in date order.
    pub events: Vec<TimelineEvent>,
    /// Events found but left out because their year is unknown.
    pub undated_events: usize,
    /// Events left out by the default selection (see
    /// `include_background`): days recalled in passing by fewer than two
    /// independent sources, and news that does not stand out in the
    /// collection.
    pub background_events: usize,
    /// The documents, with their dates (empty unless
    /// [`TimelineOptions::list_documents`]).
    pub documents: Vec<TimelineDocument>,
}

#[cfg(test)]
impl Timeline {
    /// A timeline without events or documents, for the renderers' tests.
    pub(crate) fn empty(as_of: &str) -> Timeline {
        Timeline {
            schema: SCHEMA,
            as_of: as_of.into(),
            language: "en".into(),
            events: Vec::new(),
            undated_events: 0,
            background_events: 0,
            documents: Vec::new(),
        }
    }
}

/// A paragraph two documents share nearly verbatim (a wire story's
/// paragraph in a blog post), as passage reuse found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassagePair {
    /// The later document (its index in the documents).
    pub document: usize,
    /// The paragraph's byte span in its cleaned text.
    pub span: Span,
    /// The earlier document holding the same paragraph.
    pub earlier: usize,
    /// The paragraph's span there.
    pub earlier_span: Span,
}

/// What the corpus level found across the documents before their events
/// are linked, computed once by the caller (the `filrouge` facade's
/// `Collection`) and shared by every linking of the same documents in the
/// same order. The timeline resolves no entity and compares no text for
/// copies itself.
#[derive(Debug, Clone, Default)]
pub struct CorpusContext {
    /// Canonical entities resolved over the documents' mentions
    /// (`filrouge_entities::resolve`).
    pub entities: Arc<Vec<CanonicalEntity>>,
    /// Per document, the index of the first document of its group of
    /// near-copies (its own index when it copies none).
    pub copy_group: Arc<Vec<usize>>,
    /// Paragraphs shared by two documents, in the order found.
    pub shared_passages: Arc<Vec<PassagePair>>,
}
