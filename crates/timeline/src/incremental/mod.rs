//! Events linked across documents one document at a time: the
//! [`IncrementalLinker`] places each new document's events among the
//! events linked so far, at a cost that depends on how many events share
//! its blocks (its day, month, rank, copy group), not on the corpus, and
//! [`IncrementalLinker::consolidate`] makes the result independent of the
//! order documents came in.
//!
//! The linker compares what the batch linker (`crate::link`) compares,
//! with the same node building, score and constraints; the corpus level
//! comes in per document by stable keys ([`DocumentLinks`]).
//!
//! What it guarantees, and what differs from [`crate::LinkedEvents`]:
//!
//! - It keeps every scored pair (every pair of nodes sharing a block that
//!   the score accepts) and the connected components they form. The batch
//!   linker's best-first merge never crosses a component, so a component
//!   consolidated (re-merged from its pairs, ties in the canonical order
//!   of [`DocumentLinks::order`]) is clustered exactly as the batch linker
//!   clusters those nodes. Once every component touched since the last
//!   consolidation is consolidated ([`Window::Touched`]), the clusters are
//!   the batch linker's over the same documents in canonical order,
//!   whatever order they were added in.
//! - Between consolidations, [`IncrementalLinker::add`] merges the new
//!   pairs best first into the clusters as they are (the batch merge
//!   restricted to the new pairs); that may depend on the order.
//! - Dates are not refined: the batch linker dates again the documents
//!   with no publication date whose year (or month) is unknown, from the
//!   events they share, ordinal series and the collection's years, and
//!   links again; here each document keeps the date it came with, so such
//!   documents' events may link differently.

mod blocks;
mod graph;
mod links;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use filrouge_model::Document;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::link::bounds;
use crate::link::node::{entity_spans, Node, NodeSource};
use crate::link::score::{link_score, merge, sort_pairs};
use blocks::Blocks;
use graph::{Clusters, Components, Edge};
pub use links::{document_links, DocumentLinks};

/// Which components [`IncrementalLinker::consolidate`] re-merges, among
/// those touched since they were last consolidated. A component is always
/// re-merged whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Window {
    /// Every touched component.
    Touched,
    /// Touched components with an event dated (to the year at least)
    /// within these days, both included.
    Dates(NaiveDate, NaiveDate),
}

/// What a consolidation did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Consolidated {
    /// Components re-merged.
    pub components: usize,
    /// Nodes (document events) in them.
    pub nodes: usize,
}

/// One added document.
#[derive(Debug)]
struct Slot {
    id: String,
    order: u64,
}

/// Strings numbered in the order first seen.
#[derive(Debug, Default)]
struct Interner(FxHashMap<String, usize>);

impl Interner {
    fn number(&mut self, s: &str) -> usize {
        let next = self.0.len();
        *self.0.entry(s.to_string()).or_insert(next)
    }
}

/// Events linked across documents added one at a time (see the module
/// documentation for what it guarantees).
#[derive(Debug, Default)]
pub struct IncrementalLinker {
    docs: Vec<Slot>,
    by_id: FxHashMap<String, usize>,
    nodes: Vec<Node>,
    /// Per node, its family number and its event's index in its document.
    family: Vec<u32>,
    event: Vec<usize>,
    families: Interner,
    entities: Interner,
    copies: Interner,
    blocks: Blocks,
    components: Components,
    clusters: Clusters,
    /// Nodes whose component changed since it was last consolidated.
    touched: FxHashSet<usize>,
    /// Nodes whose cluster may have changed since the last
    /// [`IncrementalLinker::take_changed`].
    dirty: FxHashSet<usize>,
}

impl IncrementalLinker {
    /// An empty linker.
    pub fn new() -> IncrementalLinker {
        IncrementalLinker::default()
    }

    /// How many nodes the largest component of scored pairs holds (what
    /// a consolidation may have to re-merge at once).
    pub fn largest_component(&self) -> usize {
        self.components.largest()
    }

    /// Adds an analysed document with what the corpus level knows of it,
    /// links its events to the events sharing a block with them and
    /// returns how many scored pairs it added. A document already added
    /// (same id) is left as it is.
    pub fn add(&mut self, doc: &Document, links: &DocumentLinks) -> usize {
        if self.by_id.contains_key(&doc.id.0) {
            return 0;
        }
        let nodes = self.nodes_of(doc, links);
        self.insert(&doc.id.0, links.order, nodes)
    }

    /// Files the nodes of a new document `id` (in event order, copy group
    /// numbered), scores them against the nodes sharing a block and
    /// merges the pairs; returns how many scored pairs were added.
    fn insert(&mut self, id: &str, order: u64, new: Vec<Node>) -> usize {
        let slot = self.docs.len();
        let first = self.nodes.len();
        self.by_id.insert(id.to_string(), slot);
        self.docs.push(Slot {
            id: id.to_string(),
            order,
        });
        let mut edges = Vec::new();
        for (event, mut node) in new.into_iter().enumerate() {
            node.doc = slot;
            let n = first + event;
            let family = self.families.number(&node.family) as u32;
            for c in self.blocks.candidates(&node, family) {
                let before = self.rank(c) < (order, id, event);
                let (a, b) = if before {
                    (&self.nodes[c], &node)
                } else {
                    (&node, &self.nodes[c])
                };
                if let Some(score) = link_score(a, b) {
                    let (a, b) = if before { (c, n) } else { (n, c) };
                    edges.push(Edge { score, a, b });
                }
            }
            self.nodes.push(node);
            self.family.push(family);
            self.event.push(event);
            self.components.push();
            self.clusters.push();
            self.touched.insert(n);
            self.dirty.insert(n);
        }
        for n in first..self.nodes.len() {
            self.blocks.insert(n, &self.nodes[n], self.family[n]);
        }
        self.place(&edges);
        edges.len()
    }

    /// The nodes of `doc`'s events, in event order.
    fn nodes_of(&mut self, doc: &Document, links: &DocumentLinks) -> Vec<Node> {
        let mut entity_of: FxHashMap<&str, usize> = FxHashMap::default();
        for (form, key) in &links.entities {
            let n = self.entities.number(key);
            entity_of.entry(form.as_str()).or_insert(n);
        }
        let lookup = |form: &str| entity_of.get(form).copied();
        let spans = entity_spans(doc);
        let source = NodeSource {
            doc,
            spans: &spans,
            entity: &lookup,
        };
        let copy = self.copies.number(&links.copy_group);
        let events = filrouge_events::events_of(doc);
        // The document's number is set when it is filed.
        source.nodes(usize::MAX, copy, &events)
    }

    /// Records the new scored pairs and merges them best first into the
    /// clusters as they are.
    fn place(&mut self, edges: &[Edge]) {
        let mut sorted: Vec<&Edge> = edges.iter().collect();
        sorted.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then((self.rank(x.a), self.rank(x.b)).cmp(&(self.rank(y.a), self.rank(y.b))))
        });
        let order: Vec<(usize, usize)> = sorted.iter().map(|e| (e.a, e.b)).collect();
        for e in edges {
            self.components.link(*e);
        }
        for (a, b) in order {
            if self.clusters.try_join(a, b, &self.nodes) {
                // Both ends' former clusters are one now: the node of the
                // other end keeps the whole cluster's mark.
                self.dirty.insert(a);
                self.dirty.insert(b);
            }
        }
    }

    /// Node `i`'s place in the canonical order: its document's order and
    /// id, its event's index.
    fn rank(&self, i: usize) -> (u64, &str, usize) {
        let d = &self.docs[self.nodes[i].doc];
        (d.order, d.id.as_str(), self.event[i])
    }

    /// Re-merges the touched components `window` selects, each whole, as
    /// the batch linker merges their nodes (see the module documentation).
    pub fn consolidate(&mut self, window: &Window) -> Consolidated {
        let touched: Vec<usize> = self.touched.iter().copied().collect();
        let mut roots: Vec<usize> = touched
            .into_iter()
            .map(|i| self.components.root(i))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        let selected: Vec<usize> = roots
            .into_iter()
            .filter(|&r| self.in_window(r, window))
            .collect();
        let mut done = Consolidated::default();
        for r in selected {
            done.components += 1;
            done.nodes += self.components.members(r).len();
            for &i in self.components.members(r) {
                self.touched.remove(&i);
            }
            self.remerge(r);
        }
        done
    }

    /// Whether the component rooted at `r` has a node in `window`.
    fn in_window(&self, r: usize, window: &Window) -> bool {
        let members = self.components.members(r);
        match window {
            Window::Touched => true,
            Window::Dates(from, to) => members.iter().any(|&i| {
                self.nodes[i]
                    .date
                    .as_ref()
                    .and_then(bounds)
                    .is_some_and(|(start, end, _)| start <= *to && end >= *from)
            }),
        }
    }

    /// Clusters the component rooted at `r` again from its scored pairs,
    /// nodes in canonical order, exactly as the batch linker's merge.
    fn remerge(&mut self, r: usize) {
        let mut members: Vec<usize> = self.components.members(r).to_vec();
        members.sort_by(|&x, &y| self.rank(x).cmp(&self.rank(y)));
        let local: FxHashMap<usize, usize> =
            members.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let mut pairs: Vec<(f64, usize, usize)> = self
            .components
            .edges(r)
            .iter()
            .filter_map(|e| Some((e.score, *local.get(&e.a)?, *local.get(&e.b)?)))
            .collect();
        sort_pairs(&mut pairs);
        let nodes: Vec<&Node> = members.iter().map(|&i| &self.nodes[i]).collect();
        let mut merged = merge(&nodes, &pairs);
        let mut groups: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for (k, &i) in members.iter().enumerate() {
            groups.entry(merged.root(k)).or_default().push(i);
        }
        let groups: Vec<Vec<usize>> = groups.into_values().collect();
        self.dirty.extend(members.iter().copied());
        self.clusters.replace(&groups);
    }

    /// The linked events changed since the last call (or since the
    /// start), and the members that were in them: each cluster holding a
    /// node added, joined or re-merged since, as (document id, event
    /// index) pairs in canonical order. A caller that keeps the events
    /// elsewhere (a store) replaces those clusters and drops the events
    /// their members were in before, when no cluster keeps that name.
    pub fn take_changed(&mut self) -> Vec<Vec<(String, usize)>> {
        let dirty: Vec<usize> = std::mem::take(&mut self.dirty).into_iter().collect();
        let mut roots: Vec<usize> = dirty.into_iter().map(|i| self.clusters.root(i)).collect();
        roots.sort_unstable();
        roots.dedup();
        let mut out: Vec<Vec<(String, usize)>> = roots
            .into_iter()
            .map(|r| {
                let mut members: Vec<usize> = self.clusters.members(r).to_vec();
                members.sort_by(|&x, &y| self.rank(x).cmp(&self.rank(y)));
                members
                    .into_iter()
                    .map(|m| (self.docs[self.nodes[m].doc].id.clone(), self.event[m]))
                    .collect()
            })
            .collect();
        out.sort();
        out
    }

    /// Every linked event as (document id, event index) pairs: members in
    /// canonical order, events in the order of their first members (the
    /// batch linker's order when documents are ordered as there).
    pub fn clusters(&mut self) -> Vec<Vec<(String, usize)>> {
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        order.sort_by(|&x, &y| self.rank(x).cmp(&self.rank(y)));
        let mut seen: FxHashSet<usize> = FxHashSet::default();
        let mut out = Vec::new();
        for i in order {
            let r = self.clusters.root(i);
            if !seen.insert(r) {
                continue;
            }
            let mut members: Vec<usize> = self.clusters.members(r).to_vec();
            members.sort_by(|&x, &y| self.rank(x).cmp(&self.rank(y)));
            out.push(
                members
                    .into_iter()
                    .map(|m| (self.docs[self.nodes[m].doc].id.clone(), self.event[m]))
                    .collect(),
            );
        }
        out
    }
}
