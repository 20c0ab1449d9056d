//! Events across documents: each document's events linked to the same
//! events in other documents, and the documents' dates refined from the
//! events they share (the time stage's hook).
//!
//! Two events are one when their kind family agrees, nothing contradicts
//! (a known part of their dates, their ordinals) and something positive
//! says so: their dates agree to the month and they share participants or
//! words; or they are the same rank of a series ("le deuxième cycle de
//! négociations") sharing a participant or place; or their articles are
//! copies of one another.
//!
//! [`node`] builds what is compared of each event, [`score`] holds the
//! rules (the score, the constraints, the best-first merge), [`sets`] the
//! union-find the merge joins clusters in and [`refine`] the rounds of
//! dating; the incremental linker ([`crate::incremental`]) shares the
//! first three.

pub(crate) mod node;
mod refine;
pub(crate) mod score;
pub(crate) mod sets;

use chrono::NaiveDate;
use filrouge_entities::CanonicalEntity;
use filrouge_events::DocumentEvent;
use filrouge_model::{Document, EntityKind, Span};
use filrouge_time::TimeStage;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

use crate::selection::Subject;
use crate::{CorpusContext, PassagePair};
use node::{entity_spans, Node, NodeSource};
pub(crate) use refine::bounds;
use score::{link_score, merge, sort_pairs};
use sets::Sets;

/// Rounds of dating and linking: a date refined in one round can link more
/// events in the next.
const ROUNDS: usize = 3;

/// The documents with their events linked across them: what the timeline
/// is assembled from.
pub(crate) struct Linking {
    /// The documents, dates refined.
    pub docs: Vec<Document>,
    /// Per document, its copy group (the index of the first document of
    /// which it is a near-duplicate, else its own).
    pub copy_group: Arc<Vec<usize>>,
    /// Paragraphs shared nearly verbatim by two documents (a wire story's
    /// paragraph in a blog post), by document: (its span, the other
    /// document, the other's span); each pair is listed under both.
    pub shared_passages: FxHashMap<usize, Vec<(Span, usize, Span)>>,
    /// Canonical entities of the corpus.
    pub entities: Arc<Vec<CanonicalEntity>>,
    /// (document, form as written) -> entity index.
    pub entity_of: FxHashMap<(usize, String), usize>,
    /// Per document, its events.
    pub events: Vec<Vec<DocumentEvent>>,
    /// Clusters of (document, event index): one real-world event each.
    pub clusters: Vec<Vec<(usize, usize)>>,
    /// The collection's subject, and the documents off it.
    pub subject: Subject,
    /// Per document, its entity annotations as (start, end, index in the
    /// document's annotations), by start: an event's entities are looked
    /// up by its sentences, not by scanning every annotation (a long
    /// article has thousands of each).
    entity_spans: Vec<Vec<(usize, usize, usize)>>,
}

impl Linking {
    /// Links events across `docs`, refining undated documents from the
    /// events they share, and clusters them. `context` is what the corpus
    /// level found across the same documents, in the same order.
    pub fn build(docs: Vec<Document>, context: &CorpusContext, as_of: NaiveDate) -> Linking {
        Linking::build_rounds(docs, context, as_of, ROUNDS)
    }

    /// [`Linking::build`] with at most `rounds` rounds of date refinement
    /// (none: the documents keep their own dates).
    pub fn build_rounds(
        docs: Vec<Document>,
        context: &CorpusContext,
        as_of: NaiveDate,
        rounds: usize,
    ) -> Linking {
        let mut linking = Linking::unlinked(docs, context);
        let stage = TimeStage::new(as_of);
        for _ in 0..rounds {
            let nodes = linking.relink();
            if !linking.refine_dates(&nodes, &stage) {
                break;
            }
        }
        linking.relink();
        linking
    }

    /// The documents with `clusters` of (document, event index) given
    /// (linked elsewhere, e.g. by the incremental linker) and each
    /// document's events read already (`events[i]`:
    /// `filrouge_events::events_of(&docs[i])`); no date refined.
    pub fn with_clusters_and_events(
        docs: Vec<Document>,
        events: Vec<Vec<DocumentEvent>>,
        context: &CorpusContext,
        clusters: Vec<Vec<(usize, usize)>>,
    ) -> Linking {
        let mut linking = Linking::unlinked(docs, context);
        linking.entity_spans = linking.docs.iter().map(entity_spans).collect();
        linking.events = events;
        linking.clusters = clusters;
        linking
    }

    /// The documents with what the corpus level found across them, their
    /// events not read yet: what both ways of linking start from.
    fn unlinked(docs: Vec<Document>, context: &CorpusContext) -> Linking {
        let entity_of = entity_forms(&docs, &context.entities);
        Linking {
            subject: Subject::of(&docs),
            shared_passages: passages_by_document(&context.shared_passages),
            copy_group: context.copy_group.clone(),
            entities: context.entities.clone(),
            entity_of,
            docs,
            events: Vec::new(),
            clusters: Vec::new(),
            entity_spans: Vec::new(),
        }
    }

    /// Reads each document's events and the entity annotations they are
    /// looked up in (again after dates moved).
    fn read_events(&mut self) {
        self.events = self.docs.iter().map(filrouge_events::events_of).collect();
        self.entity_spans = self.docs.iter().map(entity_spans).collect();
    }

    /// Reads each document's events again (dates may have moved) and
    /// clusters them; returns the nodes compared.
    fn relink(&mut self) -> Vec<Node> {
        self.read_events();
        let nodes = self.nodes();
        self.clusters = self.cluster(&nodes);
        nodes
    }

    /// The entity a mention as written in document `doc` stands for.
    pub fn entity(&self, doc: usize, form: &str) -> Option<&CanonicalEntity> {
        self.entity_of
            .get(&(doc, form.to_string()))
            .map(|&i| &self.entities[i])
    }

    /// Document `doc` as node building reads it, entities looked up with
    /// `entity`.
    fn source<'a>(
        &'a self,
        doc: usize,
        entity: &'a dyn Fn(&str) -> Option<usize>,
    ) -> NodeSource<'a> {
        NodeSource {
            doc: &self.docs[doc],
            spans: self.entity_spans.get(doc).map_or(&[][..], Vec::as_slice),
            entity,
        }
    }

    /// Entities (index, kind) named in the sentences of `event`.
    pub fn entities_in(&self, doc: usize, event: &DocumentEvent) -> Vec<(usize, EntityKind)> {
        let lookup = |form: &str| self.entity_of.get(&(doc, form.to_string())).copied();
        self.source(doc, &lookup).entities_in(event)
    }

    /// Every document event's node, in document order then event order.
    fn nodes(&self) -> Vec<Node> {
        let mut nodes = Vec::new();
        for (doc, events) in self.events.iter().enumerate() {
            let lookup = |form: &str| self.entity_of.get(&(doc, form.to_string())).copied();
            let copy = self.copy_group.get(doc).copied().unwrap_or(doc);
            nodes.extend(self.source(doc, &lookup).nodes(doc, copy, events));
        }
        nodes
    }

    /// Clusters of (document, event index), in node order. Pairs that may
    /// be one event are merged best first; a merge that would put two
    /// events of one document, two ordinals or two dates that cannot be one
    /// day into one cluster is refused.
    fn cluster(&self, nodes: &[Node]) -> Vec<Vec<(usize, usize)>> {
        let mut sets = cluster_nodes(nodes);
        // Node index -> (doc, event index).
        let mut address = Vec::with_capacity(nodes.len());
        for (doc, events) in self.events.iter().enumerate() {
            for i in 0..events.len() {
                address.push((doc, i));
            }
        }
        let mut clusters: FxHashMap<usize, Vec<(usize, usize)>> = FxHashMap::default();
        let mut order = Vec::new();
        for (i, at) in address.into_iter().enumerate() {
            let r = sets.root(i);
            let c = clusters.entry(r).or_default();
            if c.is_empty() {
                order.push(r);
            }
            c.push(at);
        }
        order
            .into_iter()
            .filter_map(|r| clusters.remove(&r))
            .collect()
    }
}

/// The clusters of `nodes` after the best-first merge of every scored
/// candidate pair.
pub(crate) fn cluster_nodes(nodes: &[Node]) -> Sets {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (a, b) in candidate_pairs(nodes) {
        if nodes[a].doc != nodes[b].doc {
            if let Some(score) = link_score(&nodes[a], &nodes[b]) {
                pairs.push((score, a, b));
            }
        }
    }
    sort_pairs(&mut pairs);
    merge(nodes, &pairs)
}

/// The pairs of nodes that could link, sorted. They come from blocks,
/// one per way two events can be linked (see `link_score`): the same
/// family and day (two known days must agree), a month-only date
/// against its month, the same family and rank, or main events of
/// copies. No pair outside a block could link, and no block spans two
/// families; an article whose news has no event word (a generic main
/// event) may report the news another article names, so it joins
/// every family.
pub(crate) fn candidate_pairs(nodes: &[Node]) -> Vec<(usize, usize)> {
    let families: FxHashSet<&str> = nodes.iter().map(|n| n.family.as_str()).collect();
    let mut blocks: FxHashMap<(&str, u8, i64), Vec<usize>> = FxHashMap::default();
    // Month-only dates, compared with every event of their month.
    let mut by_month: FxHashMap<(&str, u32), Vec<usize>> = FxHashMap::default();
    let mut month_only: Vec<(usize, &str, u32)> = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        let own = [n.family.as_str()];
        let all: Vec<&str> = if n.generic && n.main {
            families.iter().copied().collect()
        } else {
            own.to_vec()
        };
        if let Some(p) = n.parts.filter(|p| p.month.is_some()) {
            let month = p.month.unwrap_or_default();
            for &family in &all {
                by_month.entry((family, month)).or_default().push(i);
                match p.day {
                    Some(day) => blocks
                        .entry((family, 0, i64::from(month * 32 + day)))
                        .or_default()
                        .push(i),
                    None => month_only.push((i, family, month)),
                }
            }
        }
        if let Some(rank) = n.ordinal {
            blocks
                .entry((own[0], 1, i64::from(rank)))
                .or_default()
                .push(i);
        }
        if n.main {
            blocks
                .entry((own[0], 2, n.copy as i64))
                .or_default()
                .push(i);
        }
    }
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for members in blocks.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                candidates.push((a.min(b), a.max(b)));
            }
        }
    }
    for &(a, family, month) in &month_only {
        for &b in by_month.get(&(family, month)).into_iter().flatten() {
            if a != b {
                candidates.push((a.min(b), a.max(b)));
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    candidates
}

/// The shared passages by document: each pair listed under both.
fn passages_by_document(pairs: &[PassagePair]) -> FxHashMap<usize, Vec<(Span, usize, Span)>> {
    let mut out: FxHashMap<usize, Vec<(Span, usize, Span)>> = FxHashMap::default();
    for p in pairs {
        out.entry(p.document)
            .or_default()
            .push((p.span, p.earlier, p.earlier_span));
        out.entry(p.earlier)
            .or_default()
            .push((p.earlier_span, p.document, p.span));
    }
    out
}

/// (document, form as written) -> index of the canonical entity among
/// `entities` that lists the document and has the form as an alias.
fn entity_forms(
    docs: &[Document],
    entities: &[CanonicalEntity],
) -> FxHashMap<(usize, String), usize> {
    let doc_index: FxHashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.0.as_str(), i))
        .collect();
    let mut entity_of = FxHashMap::default();
    for (k, e) in entities.iter().enumerate() {
        for doc in &e.documents {
            let Some(&d) = doc_index.get(doc.as_str()) else {
                continue;
            };
            for (form, _) in &e.aliases {
                entity_of.entry((d, form.clone())).or_insert(k);
            }
        }
    }
    entity_of
}
