//! [`LinkedEvents`]: a corpus's events linked and assembled once; the
//! timelines are cut from it ([`crate::cut`]).

use chrono::NaiveDate;
use filrouge_model::Document;

use filrouge_events::DocumentEvent;

use crate::assemble::{self, TimelineEvent};
use crate::link::Linking;
use crate::CorpusContext;

/// The events of a corpus, linked and assembled once, from which many
/// timelines are cut: the server answers each query (dates, language,
/// entity, words, story, how many events) by selecting among them instead
/// of linking the corpus again.
pub struct LinkedEvents {
    pub(crate) linking: Linking,
    /// The reference date the documents were dated with.
    pub(crate) as_of: NaiveDate,
    /// Summary sentences the events were assembled with.
    pub(crate) sentences: usize,
    /// Every dated event with the index of its cluster in `corpus`.
    pub(crate) events: Vec<(usize, TimelineEvent)>,
    /// Main events that could not be dated.
    pub(crate) undated: usize,
    /// Entity id -> the name keys of its aliases, for entity filters.
    pub(crate) alias_keys: rustc_hash::FxHashMap<String, Vec<String>>,
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
        LinkedEvents::assemble_all(Linking::build(docs, context, as_of), as_of, sentences)
    }

    /// [`LinkedEvents::build`] without refining any document's date from
    /// the others (each keeps the date it came with): what the
    /// incremental linker ([`crate::incremental`]) computes.
    pub fn build_unrefined(
        docs: Vec<Document>,
        context: &CorpusContext,
        as_of: NaiveDate,
        sentences: usize,
    ) -> LinkedEvents {
        let linking = Linking::build_rounds(docs, context, as_of, 0);
        LinkedEvents::assemble_all(linking, as_of, sentences)
    }

    /// The events of `docs` linked elsewhere (by the incremental linker,
    /// [`crate::incremental`]) as `clusters` of (document id, event index),
    /// assembled with summaries of `sentences` sentences; no date is
    /// refined. Pairs naming no document of `docs` are left out.
    pub fn from_clusters(
        docs: Vec<Document>,
        context: &CorpusContext,
        as_of: NaiveDate,
        sentences: usize,
        clusters: &[Vec<(String, usize)>],
    ) -> LinkedEvents {
        let events = docs.iter().map(filrouge_events::events_of).collect();
        LinkedEvents::from_clusters_with_events(docs, events, context, (as_of, sentences), clusters)
    }

    /// [`LinkedEvents::from_clusters`] with each document's events read
    /// already (`events[i]` of `docs[i]`, as `filrouge_events::events_of`
    /// reads them): a caller that assembles the same documents' events
    /// many times reads them once.
    pub fn from_clusters_with_events(
        docs: Vec<Document>,
        events: Vec<Vec<DocumentEvent>>,
        context: &CorpusContext,
        (as_of, sentences): (NaiveDate, usize),
        clusters: &[Vec<(String, usize)>],
    ) -> LinkedEvents {
        let clusters = by_index(&docs, clusters);
        let linking = Linking::with_clusters_and_events(docs, events, context, clusters);
        LinkedEvents::assemble_all(linking, as_of, sentences)
    }

    /// Assembles each cluster of `linking`.
    fn assemble_all(linking: Linking, as_of: NaiveDate, sentences: usize) -> LinkedEvents {
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

    /// Every linked event (dated or not) as (document id, event index)
    /// pairs, in the linking's order.
    pub fn clusters(&self) -> Vec<Vec<(String, usize)>> {
        self.linking
            .clusters
            .iter()
            .map(|c| {
                c.iter()
                    .map(|&(d, e)| (self.linking.docs[d].id.0.clone(), e))
                    .collect()
            })
            .collect()
    }

    /// The assembled (dated) events, in the linking's order.
    pub fn events(&self) -> impl Iterator<Item = &TimelineEvent> {
        self.events.iter().map(|(_, e)| e)
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
    pub(crate) fn called(&self, id: &str, key: &str) -> bool {
        self.alias_keys
            .get(id)
            .is_some_and(|ks| ks.iter().any(|k| key_names(k, key)))
    }
}

/// Whether the name key `k` names `key`: it is `key`, or ends with it
/// as a last word ("vladimir poutine" names "poutine").
pub(crate) fn key_names(k: &str, key: &str) -> bool {
    k == key || k.strip_suffix(key).is_some_and(|head| head.ends_with(' '))
}

/// Clusters of (document id, event index) as (document index in `docs`,
/// event index); pairs naming no document of `docs` are left out.
fn by_index(docs: &[Document], clusters: &[Vec<(String, usize)>]) -> Vec<Vec<(usize, usize)>> {
    let index: rustc_hash::FxHashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.0.as_str(), i))
        .collect();
    clusters
        .iter()
        .map(|c| {
            c.iter()
                .filter_map(|(id, e)| Some((*index.get(id.as_str())?, *e)))
                .collect()
        })
        .collect()
}
