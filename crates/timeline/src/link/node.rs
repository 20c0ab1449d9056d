//! What linking compares of one document event (a [`Node`]), built from
//! the document alone plus two things the corpus level gives: which
//! entity each form as written stands for, and the document's group of
//! near-copies. The batch linker ([`super::Linking`]) and the incremental
//! one ([`crate::incremental`]) build their nodes here.

use filrouge_events::{DocumentEvent, EventDate};
use filrouge_model::{Document, EntityKind, Label};
use filrouge_time::PartialDate;
use rustc_hash::FxHashSet;

use crate::text::Bag;

/// What linking compares of one document event.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The document, as its linker numbers documents.
    pub doc: usize,
    /// The document's group of near-copies, as its linker numbers groups.
    pub copy: usize,
    /// Only dated sentences without event words.
    pub generic: bool,
    pub family: String,
    pub date: Option<EventDate>,
    /// The date's parts, read once.
    pub parts: Option<PartialDate>,
    pub ordinal: Option<u32>,
    pub main: bool,
    /// People named, as entity numbers (the same number, the same entity).
    pub persons: FxHashSet<usize>,
    /// Other entities named (places, organisations...).
    pub others: FxHashSet<usize>,
    pub bag: Bag,
}

impl Node {
    /// Both name people and none is common: never one event, however
    /// alike their words (wire reports follow templates).
    pub fn persons_apart(&self, other: &Node) -> bool {
        !self.persons.is_empty()
            && !other.persons.is_empty()
            && self.persons.is_disjoint(&other.persons)
    }

    /// Both name at least two people and none is common: two members that
    /// keep their clusters apart. (With one person each, a report may have
    /// missed the other participant: a third report naming both may still
    /// join them.)
    pub fn casts_apart(&self, other: &Node) -> bool {
        self.persons.len() >= 2
            && other.persons.len() >= 2
            && self.persons.is_disjoint(&other.persons)
    }
}

/// One document as node building reads it: the document, its entity
/// annotations by start ([`entity_spans`]), and the entity number of a
/// form as written (`None` when the form stands for no known entity).
pub(crate) struct NodeSource<'a> {
    pub doc: &'a Document,
    pub spans: &'a [(usize, usize, usize)],
    pub entity: &'a dyn Fn(&str) -> Option<usize>,
}

impl NodeSource<'_> {
    /// Entities (number, kind) named in the sentences of `event`, in the
    /// document's annotation order.
    pub fn entities_in(&self, event: &DocumentEvent) -> Vec<(usize, EntityKind)> {
        let d = self.doc;
        let spans = self.spans;
        // The entity annotations inside the event's sentences.
        let mut inside: Vec<usize> = Vec::new();
        for m in &event.mentions {
            let from = spans.partition_point(|&(start, _, _)| start < m.sentence.start);
            inside.extend(
                spans[from..]
                    .iter()
                    .take_while(|&&(start, _, _)| start <= m.sentence.end)
                    .filter(|&&(_, end, _)| end <= m.sentence.end)
                    .map(|&(_, _, i)| i),
            );
        }
        inside.sort_unstable();
        inside.dedup();
        let mut out = Vec::new();
        for a in inside.into_iter().filter_map(|i| d.annotations.get(i)) {
            let Label::Entity { kind, refers_to } = &a.label else {
                continue;
            };
            let form = refers_to
                .clone()
                .unwrap_or_else(|| d.slice(a.span).to_string());
            let key = (self.entity)(&form).or_else(|| (self.entity)(d.slice(a.span)));
            if let Some(i) = key {
                if !out.iter().any(|(j, _)| *j == i) {
                    out.push((i, *kind));
                }
            }
        }
        out
    }

    /// Entities of the document's title and lead (as the events crate
    /// reads the lead).
    fn lead_entities(&self) -> Vec<(usize, EntityKind)> {
        let d = self.doc;
        let lead_end = filrouge_events::document::lead_end(d);
        let mut out: Vec<(usize, EntityKind)> = Vec::new();
        for a in d.annotations.iter().filter(|a| a.span.end <= lead_end) {
            if let Label::Entity { kind, refers_to } = &a.label {
                let form = refers_to
                    .clone()
                    .unwrap_or_else(|| d.slice(a.span).to_string());
                if let Some(i) = (self.entity)(&form) {
                    if !out.iter().any(|(j, _)| *j == i) {
                        out.push((i, *kind));
                    }
                }
            }
        }
        out
    }

    /// The nodes of the document's `events` (in their order), numbered as
    /// document `doc` of copy group `copy`.
    pub fn nodes(&self, doc: usize, copy: usize, events: &[DocumentEvent]) -> Vec<Node> {
        let mut nodes = Vec::with_capacity(events.len());
        for e in events {
            let mut persons = FxHashSet::default();
            let mut others = FxHashSet::default();
            // The article's news is about who its lead names.
            let lead = if e.main {
                self.lead_entities()
            } else {
                Vec::new()
            };
            for (i, kind) in self.entities_in(e).into_iter().chain(lead) {
                if kind == EntityKind::Per {
                    persons.insert(i);
                } else {
                    others.insert(i);
                }
            }
            let mut bag = Bag::default();
            for m in &e.mentions {
                bag.extend(&Bag::of(self.doc.slice(m.sentence)));
            }
            nodes.push(Node {
                doc,
                copy,
                generic: e.mentions.iter().all(|m| m.generic),
                family: e.family.clone(),
                parts: e.date.as_ref().and_then(EventDate::parts),
                date: e.date.clone(),
                ordinal: e.ordinal,
                main: e.main,
                persons,
                others,
                bag,
            });
        }
        nodes
    }
}

/// A document's entity annotations as (start, end, annotation index), by
/// start.
pub(crate) fn entity_spans(doc: &Document) -> Vec<(usize, usize, usize)> {
    let mut spans: Vec<(usize, usize, usize)> = doc
        .annotations
        .iter()
        .enumerate()
        .filter(|(_, a)| matches!(a.label, Label::Entity { .. }))
        .map(|(i, a)| (a.span.start, a.span.end, i))
        .collect();
    spans.sort_unstable();
    spans
}
