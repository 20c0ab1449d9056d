//! The corpus level placed one document at a time and kept in the store:
//! each new article's near-copies, story and events are found among what
//! was placed before, and only the events it changed are assembled again
//! and written, under their stable keys. A timeline is then read from the
//! stored events instead of linking every document again.
//!
//! A [`Placer`] holds the state in memory (copy index, stories, linker);
//! [`place`] feeds it the documents a store holds past its placement's
//! position, in commit order, and writes each step in one transaction. A
//! placer that starts on a store placed before reads the placed documents
//! again to rebuild its state (nothing is written for them), then goes on.
//!
//! What it computes differs from [`crate::Collection`] (which links every
//! document at once) in known ways: entities are resolved within each
//! article (the same name is one entity everywhere), copy groups and
//! stories follow commit order, and no document's date is refined from
//! the others. Linking itself is the batch linker's, exactly, once
//! consolidated ([`filrouge_timeline::incremental`]).

use chrono::NaiveDate;
use filrouge_corpus::{NearDuplicates, Stories, StoryFeatures, StoryParams};
use filrouge_events::DocumentEvent;
use filrouge_model::{Document, DocumentId};
use filrouge_store::{PlacedEvent, PlacementWrite, Store, StoreError};
use filrouge_timeline::assemble::event_key;
use filrouge_timeline::incremental::{DocumentLinks, IncrementalLinker, Window};
use filrouge_timeline::stored::{event_days, stored_json};
use filrouge_timeline::{CorpusContext, LinkedEvents, TimelineEvent};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

use crate::collection::{canonical_rank, document_day, document_title, order_key};
use crate::copies::{shared_passages, COPY_THRESHOLD};
use crate::SUMMARY_SENTENCES;

/// Documents read from the store at once while placing.
pub const PLACE_BATCH: usize = 256;

/// A member of a linked event: (document id, event index).
type Member = (String, usize);

/// The corpus level of the documents added so far, kept up to date one
/// document at a time.
pub struct Placer {
    as_of: NaiveDate,
    sentences: usize,
    copies: NearDuplicates,
    /// Per document added, in order: its id and its copy group's key (the
    /// id of the group's first document).
    added: Vec<(String, String)>,
    index: FxHashMap<String, usize>,
    stories: Stories,
    linker: IncrementalLinker,
    /// The key of the event each member was in when last written.
    written: FxHashMap<Member, String>,
    /// Keys written as events (dated clusters) and not removed since.
    stored: FxHashSet<String>,
    /// Documents taken in (what the store calls placed).
    through: usize,
}

impl std::fmt::Debug for Placer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Placer")
            .field("through", &self.through)
            .field("events", &self.stored.len())
            .finish()
    }
}

/// What a step of placement changed.
#[derive(Debug, Default)]
pub struct PlacedChanges {
    /// Events made or changed, each with the story of its first member.
    pub events: Vec<(Option<u32>, TimelineEvent)>,
    /// Keys of events gone (merged into another, or no longer dated).
    pub removed: Vec<String>,
}

impl Placer {
    /// Nothing placed yet; documents are read as dated against `as_of`.
    pub fn new(as_of: NaiveDate) -> Placer {
        Placer {
            as_of,
            sentences: SUMMARY_SENTENCES,
            copies: NearDuplicates::new(COPY_THRESHOLD),
            added: Vec::new(),
            index: FxHashMap::default(),
            stories: Stories::new(StoryParams::default()),
            linker: IncrementalLinker::new(),
            written: FxHashMap::default(),
            stored: FxHashSet::default(),
            through: 0,
        }
    }

    /// Documents taken in so far.
    pub fn placed(&self) -> usize {
        self.through
    }

    /// Takes in one analysed document: its copy group, its story, its
    /// events linked to those placed before. A document already taken in
    /// (same id) counts once.
    pub fn add(&mut self, doc: &Document) {
        self.through += 1;
        if self.index.contains_key(&doc.id.0) {
            return;
        }
        let n = self.added.len();
        let signature = self.copies.signature(&doc.text);
        let found = self.copies.add_signature(&signature);
        let group = found
            .iter()
            .filter_map(|x| self.added.get(x.earlier).map(|(_, g)| g.clone()))
            .min()
            .unwrap_or_else(|| doc.id.0.clone());
        // Ties between equally scored pairs go to the canonical order, as
        // in the batch linker, not to the order of arrival.
        let links = DocumentLinks::alone(doc, canonical_rank(doc), group.clone());
        let mut keys: Vec<String> = links.entities.iter().map(|(_, k)| k.clone()).collect();
        keys.sort();
        keys.dedup();
        let lang = doc.metadata.lang.as_deref().unwrap_or("fr");
        let features = StoryFeatures::titled(
            lang,
            document_title(doc),
            &doc.text,
            &keys,
            document_day(doc),
        );
        self.stories.add(&features);
        self.linker.add(doc, &links);
        self.index.insert(doc.id.0.clone(), n);
        self.added.push((doc.id.0.clone(), group));
    }

    /// The story of a document taken in.
    pub fn story_of(&self, id: &str) -> Option<u32> {
        let i = *self.index.get(id)?;
        self.stories.story_of(i).map(|s| s.0)
    }

    /// Consolidates what changed since the last call and assembles the
    /// events it touched, their member documents given by `load` (ids in,
    /// sorted; documents out, any order).
    pub fn changes<E>(
        &mut self,
        mut load: impl FnMut(&[DocumentId]) -> Result<Vec<Document>, E>,
    ) -> Result<PlacedChanges, E> {
        self.linker.consolidate(&Window::Touched);
        let clusters = self.linker.take_changed();
        if clusters.is_empty() {
            return Ok(PlacedChanges::default());
        }
        let mut ids: Vec<DocumentId> = clusters
            .iter()
            .flatten()
            .map(|(id, _)| DocumentId(id.clone()))
            .collect();
        ids.sort();
        ids.dedup();
        // Each document's events read once per step, in parallel: an
        // article with many events is a member of many of them.
        let read: Vec<(Document, Vec<DocumentEvent>)> = load(&ids)?
            .into_par_iter()
            .map(|d| {
                let events = filrouge_events::events_of(&d);
                (d, events)
            })
            .collect();
        let docs: FxHashMap<&str, &(Document, Vec<DocumentEvent>)> =
            read.iter().map(|x| (x.0.id.0.as_str(), x)).collect();
        // Each event from its own members' documents only, so that what it
        // says does not depend on what else changed in the step; events of
        // the same documents together (the same context: a long article's
        // many events read it once).
        let mut by_documents: FxHashMap<Vec<&str>, Vec<&Vec<Member>>> = FxHashMap::default();
        for c in &clusters {
            let mut members: Vec<&str> = c.iter().map(|(id, _)| id.as_str()).collect();
            members.sort_unstable();
            members.dedup();
            by_documents.entry(members).or_default().push(c);
        }
        let groups: Vec<(Vec<&str>, Vec<&Vec<Member>>)> = by_documents.into_iter().collect();
        let mut assembled: FxHashMap<String, TimelineEvent> = groups
            .par_iter()
            .flat_map_iter(|(members, group)| self.assemble(members, group, &docs))
            .map(|e| (e.key.clone(), e))
            .collect();
        let mut out = PlacedChanges::default();
        let mut old_keys: FxHashSet<String> = FxHashSet::default();
        for cluster in &clusters {
            let Some((key, first)) = cluster_key(cluster) else {
                continue;
            };
            for m in cluster {
                if let Some(old) = self.written.insert(m.clone(), key.clone()) {
                    if old != key {
                        old_keys.insert(old);
                    }
                }
            }
            match assembled.remove(&key) {
                Some(e) => {
                    self.stored.insert(key.clone());
                    out.events.push((self.story_of(&first), e));
                }
                None => {
                    // Not dated (any more): gone if it was written.
                    old_keys.insert(key);
                }
            }
        }
        let kept: FxHashSet<&str> = out.events.iter().map(|(_, e)| e.key.as_str()).collect();
        let mut removed: Vec<String> = old_keys
            .into_iter()
            .filter(|k| !kept.contains(k.as_str()) && self.stored.contains(k))
            .collect();
        removed.sort();
        for k in &removed {
            self.stored.remove(k);
        }
        out.removed = removed;
        Ok(out)
    }

    /// The events of `clusters`, whose members are all of the documents
    /// `members` (`docs` holds them with their events), assembled from
    /// those documents alone; a cluster without a date gives none.
    fn assemble(
        &self,
        members: &[&str],
        clusters: &[&Vec<Member>],
        docs: &FxHashMap<&str, &(Document, Vec<DocumentEvent>)>,
    ) -> Vec<TimelineEvent> {
        let mut read: Vec<&(Document, Vec<DocumentEvent>)> = members
            .iter()
            .filter_map(|id| docs.get(id).copied())
            .collect();
        // The canonical order (document date, then id), as the batch reads.
        read.sort_by(|a, b| order_key(&a.0).cmp(&order_key(&b.0)));
        let position: FxHashMap<&str, usize> = read
            .iter()
            .enumerate()
            .map(|(i, m)| (m.0.id.0.as_str(), i))
            .collect();
        // Members in that order too: sources are listed so.
        let ordered: Vec<Vec<Member>> = clusters
            .iter()
            .map(|c| {
                let mut c = c.to_vec();
                c.sort_by_key(|(id, e)| (position.get(id.as_str()).copied(), *e));
                c
            })
            .collect();
        let (docs, events): (Vec<Document>, Vec<Vec<DocumentEvent>>) =
            read.into_iter().cloned().unzip();
        let context = self.context_of(&docs);
        let linked = LinkedEvents::from_clusters_with_events(
            docs,
            events,
            &context,
            (self.as_of, self.sentences),
            &ordered,
        );
        let out: Vec<TimelineEvent> = linked.events().cloned().collect();
        out
    }

    /// After documents were taken in again to rebuild the state of a
    /// placement already written (`stored`: the keys the store holds),
    /// records their events as written, without assembling anything.
    fn adopt(&mut self, stored: Vec<String>) {
        self.linker.consolidate(&Window::Touched);
        for cluster in self.linker.take_changed() {
            let Some((key, _)) = cluster_key(&cluster) else {
                continue;
            };
            for m in cluster {
                self.written.insert(m, key.clone());
            }
        }
        self.stored = stored.into_iter().collect();
    }

    /// What the corpus level knows across `docs` (the members of the
    /// events to assemble): entities resolved among them, their copy
    /// groups as placed, the passages they share.
    fn context_of(&self, docs: &[Document]) -> CorpusContext {
        let entities = filrouge_entities::resolve(&filrouge_entities::mentions(docs));
        let mut first_of_group: FxHashMap<&str, usize> = FxHashMap::default();
        let copy_group = docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let group = self
                    .index
                    .get(&d.id.0)
                    .and_then(|&n| self.added.get(n))
                    .map_or(d.id.0.as_str(), |(_, g)| g.as_str());
                *first_of_group.entry(group).or_insert(i)
            })
            .collect();
        // One document shares no passage.
        let passages = if docs.len() > 1 {
            shared_passages(docs)
        } else {
            Vec::new()
        };
        CorpusContext {
            entities: Arc::new(entities),
            copy_group: Arc::new(copy_group),
            shared_passages: Arc::new(passages),
        }
    }
}

/// What [`place`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlaceReport {
    /// Documents read again to rebuild the state of an earlier placement.
    pub replayed: usize,
    /// Documents placed by this call.
    pub placed: usize,
    /// Documents placed in all, the store's position after this call.
    pub through: usize,
    /// Events written (made or changed).
    pub written: usize,
    /// Events removed.
    pub removed: usize,
    /// The placement's revision after this call.
    pub revision: u64,
}

/// Places the documents `store` holds past its placement's position, in
/// commit order, `batch` at a time (each a transaction), after rebuilding
/// `placer`'s state from the documents placed before when it is behind.
/// `progress(done, total)` is called after each step with the documents
/// placed by this call and the number it had to place.
pub fn place(
    store: &mut Store,
    placer: &mut Placer,
    batch: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<PlaceReport, StoreError> {
    let at = store.placement()?;
    if placer.placed() > at.placed {
        return Err(StoreError::PlacementMoved {
            store: store.name(),
            expected: placer.placed(),
            found: at.placed,
        });
    }
    let mut report = PlaceReport {
        revision: at.revision,
        through: at.placed,
        ..PlaceReport::default()
    };
    let batch = batch.max(1);
    if placer.placed() < at.placed {
        let behind: Vec<DocumentId> = store
            .ids_after(placer.placed())?
            .into_iter()
            .take(at.placed - placer.placed())
            .collect();
        for chunk in behind.chunks(batch) {
            for doc in store.get_many(chunk)? {
                placer.add(&doc);
            }
            report.replayed += chunk.len();
        }
        placer.through = at.placed;
        placer.adopt(store.placed_keys()?);
    }
    let ahead = store.ids_after(at.placed)?;
    let total = ahead.len();
    for chunk in ahead.chunks(batch) {
        let from = placer.placed();
        let fresh = store.get_many(chunk)?;
        for doc in &fresh {
            placer.add(doc);
        }
        // An id the store no longer returns still counts as read.
        placer.through = from + chunk.len();
        // The step's own documents are at hand: only the other members of
        // the events they change are read from the store.
        let changes = placer.changes(|ids| {
            let mut docs: Vec<Document> = fresh
                .iter()
                .filter(|d| ids.binary_search(&d.id).is_ok())
                .cloned()
                .collect();
            let have: FxHashSet<&DocumentId> = fresh.iter().map(|d| &d.id).collect();
            let missing: Vec<DocumentId> = ids
                .iter()
                .filter(|id| !have.contains(id))
                .cloned()
                .collect();
            docs.extend(store.get_many(&missing)?);
            Ok::<_, StoreError>(docs)
        })?;
        let events: Vec<PlacedEvent> = changes
            .events
            .iter()
            .map(|(story, e)| placed_event(*story, e))
            .collect();
        let done = store.write_placement(&PlacementWrite {
            from,
            placed: placer.placed(),
            events: &events,
            removed: &changes.removed,
        })?;
        report.placed += chunk.len();
        report.written += events.len();
        report.removed += changes.removed.len();
        report.revision = done.revision;
        report.through = done.placed;
        progress(report.placed, total);
    }
    Ok(report)
}

/// An event as the store keeps it, with the story of its first member.
pub fn placed_event(story: Option<u32>, e: &TimelineEvent) -> PlacedEvent {
    let (start, end) = event_days(e);
    PlacedEvent {
        key: e.key.clone(),
        story,
        start: start.format("%Y-%m-%d").to_string(),
        end: end.format("%Y-%m-%d").to_string(),
        event: stored_json(e),
    }
}

/// A linked event's stable key (its first member by document id, then
/// event index, as the batch keys it) and that member's document.
fn cluster_key(cluster: &[Member]) -> Option<(String, String)> {
    let (doc, event) = cluster.iter().min()?;
    Some((event_key(doc, *event), doc.clone()))
}
