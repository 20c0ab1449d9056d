//! From clusters of document events to timeline entries: the date agreed
//! on ([`date`]), participants, facts, quotes, sources with their
//! sentences ([`members`]), a short extractive summary ([`summary`]) and
//! the disagreements between sources ([`disagreements`]); the entry's
//! types are in [`entry`].

mod date;
mod disagreements;
pub mod entry;
pub(crate) mod headline;
mod members;
mod outlets;
mod summary;

use filrouge_events::DocumentEvent;

pub use entry::*;

use crate::link::{bounds, Linking};
use crate::text::Bag;
use date::{cluster_date, date_value};
use disagreements::fact_disagreements;
use members::{dependent_pairs, independent, mark_shared_passages, Gathered};
use summary::summarise;

/// One timeline entry per cluster with a year; `None` for the rest.
/// `focus`: the words of the entity the timeline is about, if any.
pub(crate) fn assemble(
    linking: &Linking,
    cluster: &[(usize, usize)],
    sentences: usize,
    focus: Option<&Bag>,
) -> Option<TimelineEvent> {
    let members: Vec<(usize, &DocumentEvent)> = cluster
        .iter()
        .map(|&(doc, i)| (doc, &linking.events[doc][i]))
        .collect();
    let key = cluster
        .iter()
        .map(|&(d, i)| (linking.docs[d].id.0.as_str(), i))
        .min()
        .map(|(doc, i)| event_key(doc, i))
        .unwrap_or_default();
    let mut event = assemble_members(linking, &members, key, sentences, focus)?;
    if let Some(&(d, i)) = cluster.first() {
        let doc = &linking.docs[d];
        let date = doc.document_date.as_ref().map_or("~", |x| x.value.as_str());
        event.order = format!("{date}\t{}\t{i:08}", doc.id);
    }
    Some(event)
}

/// The stable key of a linked event whose first member (by document id,
/// then event index) is event `event` of document `doc`: the same key
/// whoever links it, in batch or one document at a time.
pub fn event_key(doc: &str, event: usize) -> String {
    format!("{doc}-{event}")
}

/// [`assemble`] for events that need not be among the corpus's linked
/// ones (an article's news of an entity, [`crate::LinkedEvents::timeline`]).
pub(crate) fn assemble_members(
    linking: &Linking,
    members: &[(usize, &DocumentEvent)],
    key: String,
    sentences: usize,
    focus: Option<&Bag>,
) -> Option<TimelineEvent> {
    let (date, date_evidence, date_disagreement) = cluster_date(members, linking)?;
    let (start, end, precision) = bounds(&date)?;
    let kind = event_kind(members);
    let mut gathered = Gathered::default();
    for (doc, e) in members {
        gathered.add(linking, *doc, e, &kind);
    }
    let (participants, places, misc) = gathered.entity_refs(linking);
    let member_docs: Vec<usize> = members.iter().map(|(d, _)| *d).collect();
    let dependent = dependent_pairs(linking, members);
    mark_shared_passages(&mut gathered.sources, &member_docs, &dependent, linking);
    let mut disagreements = fact_disagreements(&gathered.facts);
    disagreements.extend(date_disagreement);
    let label = gathered
        .labels
        .first()
        .cloned()
        .unwrap_or_else(|| kind.clone());
    let main = members.iter().any(|(_, e)| e.main);
    let summary = summarise(&gathered.candidates, sentences, focus);
    Some(TimelineEvent {
        id: String::new(),
        key,
        date: date_value(start, precision),
        precision,
        modifier: date.modifier.clone(),
        date_origin: date.origin,
        date_evidence,
        // Written in the timeline's language when it is cut.
        date_text: String::new(),
        date_said: date.words.clone(),
        headline: headline::headline(
            main,
            &gathered.sources,
            &summary,
            &gathered.words,
            label,
            &participants,
        ),
        kind,
        main,
        summary,
        participants,
        places,
        misc,
        facts: gathered.facts,
        ordinals: gathered.ordinals,
        quotes: gathered.quotes,
        sources: gathered.sources,
        independent_sources: independent(&member_docs, &linking.copy_group, &dependent),
        disagreements,
        start,
        end,
        words: gathered.words,
        langs: gathered.langs,
        on_subject: members.iter().any(|(d, _)| !linking.subject.is_off(*d)),
        order: String::new(),
    })
}

/// The most specific kind of a cluster: one named by words (not only a
/// date), of a main event first.
fn event_kind(members: &[(usize, &DocumentEvent)]) -> String {
    let named = |e: &DocumentEvent| !e.mentions.iter().all(|m| m.generic);
    members
        .iter()
        .find(|(_, e)| e.main && named(e))
        .or_else(|| members.iter().find(|(_, e)| named(e)))
        .or(members.first())
        .map(|(_, e)| e.kind.clone())
        .unwrap_or_default()
}
