//! An assembled event as a store keeps it: the timeline entry as its JSON
//! shows it, plus what cutting a timeline reads that the JSON leaves out
//! (its day span, the words of its sentences, its sources' languages,
//! whether it is on its collection's subject). Written by the facade's
//! placement, read back by whoever cuts timelines from a store.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assemble::TimelineEvent;
use crate::text::Bag;

/// The stored form (field names are part of the stored format).
#[derive(Serialize, Deserialize)]
struct Stored {
    event: TimelineEvent,
    /// `YYYY-MM-DD`.
    start: String,
    /// `YYYY-MM-DD`.
    end: String,
    words: Vec<(String, f64)>,
    langs: Vec<String>,
    on_subject: bool,
    /// Where it comes among its collection's events.
    #[serde(default)]
    order: String,
}

/// The event in its stored form (JSON).
pub fn stored_json(e: &TimelineEvent) -> String {
    let stored = Stored {
        event: e.clone(),
        start: e.start.format("%Y-%m-%d").to_string(),
        end: e.end.format("%Y-%m-%d").to_string(),
        words: e.words.entries(),
        langs: e.langs.clone(),
        on_subject: e.on_subject,
        order: e.order.clone(),
    };
    // Serialising plain data to a string cannot fail.
    serde_json::to_string(&stored).unwrap_or_default()
}

/// An event read back from [`stored_json`]'s form.
pub fn from_stored_json(json: &str) -> Result<TimelineEvent, serde_json::Error> {
    let s: Stored = serde_json::from_str(json)?;
    let day = |d: &str| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|x| <serde_json::Error as serde::de::Error>::custom(format!("day {d:?}: {x}")))
    };
    let mut e = s.event;
    e.start = day(&s.start)?;
    e.end = day(&s.end)?;
    e.words = Bag::from_entries(s.words);
    e.langs = s.langs;
    e.on_subject = s.on_subject;
    e.order = s.order;
    Ok(e)
}

/// The first and last day an event may be on.
pub fn event_days(e: &TimelineEvent) -> (NaiveDate, NaiveDate) {
    (e.start, e.end)
}

/// Events read back from a store (as [`stored_json`] wrote them), from
/// which timelines are cut as from [`crate::LinkedEvents`]: the same
/// filters, selection and words. Without the documents behind them, an
/// event keeps the summary it was stored with (whatever `sentences` or
/// entity the options name), and an entity's timeline shows the events
/// naming it, not each article's own news of it.
#[derive(Debug, Default, Clone)]
pub struct PlacedEvents {
    events: Vec<(usize, TimelineEvent)>,
    /// (key, index in `events`), by key.
    by_key: Vec<(String, usize)>,
    documents: usize,
}

impl PlacedEvents {
    /// The events of a store of `documents` documents, in the order the
    /// batch linker lists them (by their first member's place in the
    /// canonical order).
    pub fn new(events: Vec<TimelineEvent>, documents: usize) -> PlacedEvents {
        let mut placed = PlacedEvents::default();
        placed.apply(events, &[], documents);
        placed
    }

    /// Brings the events up to date: `gone` removed, `changed` added or
    /// replaced (by key), for a store of `documents` documents now.
    pub fn apply(&mut self, changed: Vec<TimelineEvent>, gone: &[String], documents: usize) {
        let replaced: rustc_hash::FxHashSet<&str> = changed
            .iter()
            .map(|e| e.key.as_str())
            .chain(gone.iter().map(String::as_str))
            .collect();
        let mut events: Vec<TimelineEvent> = std::mem::take(&mut self.events)
            .into_iter()
            .map(|(_, e)| e)
            .filter(|e| !replaced.contains(e.key.as_str()))
            .collect();
        events.extend(changed);
        events.sort_by(|a, b| a.order.cmp(&b.order).then(a.key.cmp(&b.key)));
        self.by_key = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.clone(), i))
            .collect();
        self.by_key.sort();
        self.events = events.into_iter().enumerate().collect();
        self.documents = documents;
    }

    /// How many events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The timeline `options` ask for.
    pub fn timeline(&self, options: &crate::TimelineOptions) -> crate::Timeline {
        crate::cut::cut(self, options)
    }

    /// The event whose key is `key`.
    pub fn event(&self, key: &str) -> Option<TimelineEvent> {
        let at = self
            .by_key
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()?;
        let mut e = self.events[self.by_key[at].1].1.clone();
        e.id = key.to_string();
        Some(e)
    }
}

impl crate::cut::CutSource for PlacedEvents {
    fn dated(&self) -> &[(usize, TimelineEvent)] {
        &self.events
    }

    fn documents(&self) -> usize {
        self.documents
    }

    fn names_entity(&self, e: &TimelineEvent, key: &str) -> bool {
        // Without the collection's entities, by the names the event gives.
        let keys = filrouge_entities::canonical::NameKeys::bundled();
        e.participants
            .iter()
            .chain(&e.places)
            .chain(&e.misc)
            .any(|p| crate::linked::key_names(&keys.key(&p.name), key))
    }
}
