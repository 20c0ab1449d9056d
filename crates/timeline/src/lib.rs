//! The timeline of filrouge: from analysed articles to the dated, sourced
//! list of the events they report.
//!
//! - [`link`](crate::link) (internal): each document's events
//!   (`filrouge_events`) linked to the same events in other documents; the
//!   dates of vaguely dated documents refined from the events they share
//!   and from ordinal series, through the time stage's hook
//!   ([`filrouge_time::TimeStage::redate`]). Canonical entities, copy
//!   groups and shared passages come in resolved ([`CorpusContext`]).
//! - [`assemble`]: one [`TimelineEvent`] per linked event: the date agreed
//!   on and its evidence, participants, places, facts, quotes, sources
//!   with their sentences, an extractive summary, disagreements.
//! - [`render`]: terminal, Markdown, JSON (schema `filrouge.timeline/1`),
//!   a self-contained HTML page and TimelineJS JSON.
//!
//! Architecture invariant: the timeline reads analysed documents and what
//! the corpus level found across them ([`CorpusContext`]); it never reads
//! files or the store, resolves no entity and compares no texts for
//! copies. It changes a document only through the time stage's hook (a
//! refined date, expressions resolved again), and reports that in the
//! document list of its output.

pub mod assemble;
mod link;
pub mod render;
mod text;

use std::sync::Arc;

use chrono::NaiveDate;
use filrouge_entities::CanonicalEntity;
use filrouge_model::{DatePrecision, Document, Span};
use serde::Serialize;

pub use assemble::TimelineEvent;

/// The cluster index of an article's news built for an entity's timeline
/// (not among the linked clusters).
const ARTICLE_NEWS: usize = usize::MAX;

/// The version of the JSON output.
pub const SCHEMA: &str = "filrouge.timeline/1";

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
    /// Also events mentioned in passing.
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
    /// Events in date order.
    pub events: Vec<TimelineEvent>,
    /// Events found but left out because their year is unknown.
    pub undated_events: usize,
    /// Background events left out (see `include_background`).
    pub background_events: usize,
    /// The documents, with their dates (empty unless
    /// [`TimelineOptions::list_documents`]).
    pub documents: Vec<TimelineDocument>,
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

/// The events of a corpus, linked and assembled once, from which many
/// timelines are cut: the server answers each query (dates, language,
/// entity, words, story, how many events) by selecting among them instead
/// of linking the corpus again.
pub struct LinkedEvents {
    linking: link::Linking,
    /// The reference date the documents were dated with.
    as_of: NaiveDate,
    /// Summary sentences the events were assembled with.
    sentences: usize,
    /// Every dated event with the index of its cluster in `corpus`.
    events: Vec<(usize, TimelineEvent)>,
    /// Main events that could not be dated.
    undated: usize,
    /// Entity id -> the name keys of its aliases, for entity filters.
    alias_keys: rustc_hash::FxHashMap<String, Vec<String>>,
}

impl std::fmt::Debug for LinkedEvents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkedEvents")
            .field("documents", &self.linking.docs.len())
            .field("events", &self.events.len())
            .field("as_of", &self.as_of)
            .finish()
    }
}

impl LinkedEvents {
    /// Links the events of `docs` (dated against `as_of`) and assembles
    /// each with summaries of `sentences` sentences. `context` holds what
    /// the corpus level found across the same documents, in the same order.
    pub fn build(
        docs: Vec<Document>,
        context: &CorpusContext,
        as_of: NaiveDate,
        sentences: usize,
    ) -> LinkedEvents {
        let linking = link::Linking::build(docs, context, as_of);
        let mut events = Vec::new();
        let mut undated = 0;
        for (c, cluster) in linking.clusters.iter().enumerate() {
            match assemble::assemble(&linking, cluster, sentences, None) {
                Some(e) => events.push((c, e)),
                None => {
                    // Only the article's news counts as a missing entry.
                    if cluster.iter().any(|&(d, i)| linking.events[d][i].main) {
                        undated += 1;
                    }
                }
            }
        }
        let keys = filrouge_entities::canonical::NameKeys::bundled();
        let alias_keys = linking
            .entities
            .iter()
            .map(|x| {
                let mut k: Vec<String> = x.aliases.iter().map(|(a, _)| keys.key(a)).collect();
                k.sort();
                k.dedup();
                (x.id.clone(), k)
            })
            .collect();
        LinkedEvents {
            linking,
            as_of,
            sentences,
            events,
            undated,
            alias_keys,
        }
    }

    /// The reference date the documents were dated with.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// How many events (main and background, dated) were linked.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether no dated event was found.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The event whose [`TimelineEvent::key`] is `key`, its summary of
    /// `sentences` sentences; `None` when no dated event has that key.
    pub fn event(&self, key: &str, sentences: usize) -> Option<TimelineEvent> {
        let (c, e) = self.events.iter().find(|(_, e)| e.key == key)?;
        let mut event = if sentences == self.sentences {
            e.clone()
        } else {
            assemble::assemble(&self.linking, &self.linking.clusters[*c], sentences, None)?
        };
        event.id = key.to_string();
        Some(event)
    }

    /// Whether the canonical entity `id` is called `key` (a name key):
    /// one of its aliases is the key, or ends with it ("Vladimir Poutine"
    /// for "Poutine").
    fn called(&self, id: &str, key: &str) -> bool {
        let suffix = format!(" {key}");
        self.alias_keys
            .get(id)
            .is_some_and(|ks| ks.iter().any(|k| k == key || k.ends_with(&suffix)))
    }

    /// For an entity's timeline, the news of each article naming the
    /// entity (`wanted`, a name key) that is not in `covered` and passes
    /// the options' document and language filters: its first body sentence
    /// naming it, assembled as a one-sentence main event dated by the
    /// article's date. An article names the entity through a canonical
    /// entity so called (the articles are listed by the entity, so only
    /// they are read); when no canonical entity has the name (one the
    /// tagger missed), through a sentence holding all of `words` (the entity's
    /// words, which also put its sentences first in the summary).
    fn entity_news(
        &self,
        wanted: &str,
        words: &text::Bag,
        covered: &rustc_hash::FxHashSet<&str>,
        options: &TimelineOptions,
    ) -> Vec<TimelineEvent> {
        use filrouge_model::Label;
        let linking = &self.linking;
        let mut ids: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        let mut named_in: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        for x in linking
            .entities
            .iter()
            .filter(|x| self.called(&x.id, wanted))
        {
            ids.insert(x.id.as_str());
            named_in.extend(x.documents.iter().map(String::as_str));
        }
        let mut out = Vec::new();
        for (d, doc) in linking.docs.iter().enumerate() {
            let id = doc.id.0.as_str();
            let wanted_doc = ids.is_empty() || named_in.contains(id);
            let lang_ok = options
                .lang
                .as_ref()
                .is_none_or(|l| doc.metadata.lang.as_ref() == Some(l));
            let listed = options
                .documents
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|x| x == id));
            if !wanted_doc || covered.contains(id) || !lang_ok || !listed {
                continue;
            }
            let body = filrouge_events::body_sentences(doc);
            let sentence = if ids.is_empty() {
                body.into_iter()
                    .find(|s| text::Bag::of(doc.slice(*s)).contains_all(words))
            } else {
                // The first mention of the entity in the body, and its sentence.
                doc.annotations
                    .iter()
                    .filter(|a| matches!(a.label, Label::Entity { .. }))
                    .filter(|a| {
                        linking
                            .entity(d, doc.slice(a.span))
                            .is_some_and(|x| ids.contains(x.id.as_str()))
                    })
                    .filter_map(|a| {
                        body.iter()
                            .find(|s| s.start <= a.span.start && a.span.end <= s.end)
                            .copied()
                    })
                    .min_by_key(|s| s.start)
            };
            let Some(sentence) = sentence else {
                continue;
            };
            let Some(event) = filrouge_events::sentence_news(doc, sentence) else {
                continue;
            };
            let key = format!("{id}-news");
            if let Some(e) = assemble::assemble_members(
                linking,
                &[(d, &event)],
                key,
                options.sentences,
                // The entity's words put its sentences first.
                Some(words),
            ) {
                out.push(e);
            }
        }
        out
    }

    /// The timeline `options` ask for. The documents stay dated against
    /// the `as_of` of [`LinkedEvents::build`] (`options.as_of` is only
    /// reported); only the events kept are assembled again, when the
    /// options change their summaries (sentences, entity focus).
    pub fn timeline(&self, options: &TimelineOptions) -> Timeline {
        let linking = &self.linking;
        let keys = filrouge_entities::canonical::NameKeys::bundled();
        let wanted_entity = options.entity.as_deref().map(|e| keys.key(e));
        // A name the tagger missed still selects the events whose sentences
        // hold all its words.
        let entity_words = options.entity.as_deref().map(text::Bag::of);
        let query = options.query.as_deref().map(text::Bag::of);
        let documents: Option<rustc_hash::FxHashSet<&str>> = options
            .documents
            .as_ref()
            .map(|ids| ids.iter().map(String::as_str).collect());
        let names_entity = |e: &TimelineEvent, w: &str| {
            e.participants
                .iter()
                .chain(&e.places)
                .chain(&e.misc)
                .any(|p| self.called(&p.id, w))
        };
        // Every filter but the entity's, for linked events and articles'
        // news alike.
        let passes = |e: &TimelineEvent| {
            options.from.is_none_or(|f| e.end >= f)
                && options.to.is_none_or(|t| e.start <= t)
                && options
                    .lang
                    .as_ref()
                    .is_none_or(|l| e.langs.iter().any(|x| x == l))
                && query.as_ref().is_none_or(|q| e.words.cosine(q) > 0.0)
                && documents
                    .as_ref()
                    .is_none_or(|ids| e.sources.iter().any(|s| ids.contains(s.document.as_str())))
        };
        let mut kept: Vec<(usize, &TimelineEvent)> = self
            .events
            .iter()
            .filter(|(_, e)| {
                passes(e)
                    && wanted_entity.as_ref().is_none_or(|w| {
                        entity_words
                            .as_ref()
                            .is_some_and(|b| e.words.contains_all(b))
                            || names_entity(e, w)
                    })
            })
            .map(|(c, e)| (*c, e))
            .collect();
        // An entity's timeline: each article naming the entity says
        // something of it, also without an event word ("The CAC 40 fell 1.2
        // percent"). An article no kept event comes from gives its first
        // body sentence naming the entity, dated by the article's date.
        let news = match (&wanted_entity, &entity_words) {
            (Some(w), Some(b)) => {
                // Articles that a shown event comes from (background events
                // are shown only when asked for).
                let covered: rustc_hash::FxHashSet<&str> = kept
                    .iter()
                    .filter(|(_, e)| e.main || options.include_background)
                    .flat_map(|(_, e)| e.sources.iter().map(|s| s.document.as_str()))
                    .collect();
                self.entity_news(w, b, &covered, options)
            }
            _ => Vec::new(),
        };
        kept.extend(news.iter().filter(|e| passes(e)).map(|e| (ARTICLE_NEWS, e)));
        let before = kept.len();
        if !options.include_background {
            kept.retain(|(_, e)| e.main);
        }
        let background = before - kept.len();
        if let Some(max) = options.max_events {
            if kept.len() > max {
                // Keep the most reported, then the news over the background.
                let mut order: Vec<usize> = (0..kept.len()).collect();
                order.sort_by_key(|&i| {
                    (
                        std::cmp::Reverse(kept[i].1.independent_sources),
                        !kept[i].1.main,
                        i,
                    )
                });
                let mut keep = vec![false; kept.len()];
                for &i in order.iter().take(max) {
                    keep[i] = true;
                }
                let mut i = 0;
                kept.retain(|_| {
                    i += 1;
                    keep[i - 1]
                });
            }
        }
        let focus = options.entity.as_deref().map(text::Bag::of);
        let again = focus.is_some() || options.sentences != self.sentences;
        let mut events: Vec<TimelineEvent> = kept
            .into_iter()
            .map(|(c, e)| {
                if again && c != ARTICLE_NEWS {
                    // The same cluster assembles again (it was dated once).
                    assemble::assemble(
                        linking,
                        &linking.clusters[c],
                        options.sentences,
                        focus.as_ref(),
                    )
                    .unwrap_or_else(|| e.clone())
                } else {
                    e.clone()
                }
            })
            .collect();
        events.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
        for (i, e) in events.iter_mut().enumerate() {
            e.id = format!("e{}", i + 1);
        }
        let documents = linking
            .docs
            .iter()
            .filter(|_| options.list_documents)
            .map(|d| TimelineDocument {
                id: d.id.to_string(),
                origin: d.source.origin(),
                date: d.document_date.as_ref().map(|x| x.value.clone()),
                precision: d.document_date.as_ref().map(|x| x.precision),
                confidence: d.document_date.as_ref().map(|x| x.confidence),
                date_source: d.document_date.as_ref().map(|x| x.source),
                reasons: d
                    .document_date
                    .as_ref()
                    .map(|x| x.reasons.clone())
                    .unwrap_or_default(),
            })
            .collect();
        Timeline {
            schema: SCHEMA,
            as_of: options.as_of.format("%Y-%m-%d").to_string(),
            events,
            undated_events: self.undated,
            background_events: background,
            documents,
        }
    }
}
