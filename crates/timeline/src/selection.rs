//! What a timeline shows when it is not told to show everything: the
//! news of the collection's articles that stand out, and the dated events
//! their bodies corroborate.
//!
//! Real collections are not the tidy sets of one story: a pile of 200
//! articles on a crisis holds the news of each article, days recalled in
//! their bodies, and articles about something else. Two signals decide,
//! after the timeline-summarisation literature (a day matters as much as
//! independent sources refer to it; the collection's own subject weighs
//! every sentence):
//! - **independent sources**: an article's news stands out when enough
//!   independent sources report it, more of them as the collection grows
//!   (one in ten articles, two in a hundred, three in a thousand); a day
//!   recalled in passing is shown when two independent sources recall it;
//! - **the subject**: the words most of the collection's articles share;
//!   an article far from them cannot make an entry on its own.

use chrono::NaiveDate;
use filrouge_model::Document;
use rustc_hash::FxHashMap;

use crate::assemble::TimelineEvent;
use crate::text::Bag;

/// Independent sources a day recalled in passing needs to be shown.
pub(crate) const BACKGROUND_SOURCES: usize = 2;
/// Collections smaller than this have no subject to stray from.
const SUBJECT_MIN_DOCS: usize = 5;
/// Share of the documents a word must appear in to be of the subject
/// (and in two documents at least).
const SUBJECT_DOC_SHARE: f64 = 0.1;
/// An article is off the subject when its similarity to it is below this
/// share of the median article's.
const OFF_SUBJECT: f64 = 0.4;

/// Independent sources an article's news needs to be shown in a
/// collection of `documents`: the number of digits of the count, less one
/// (1 up to 31 articles, 2 up to 316, 3 beyond).
pub(crate) fn news_sources(documents: usize) -> usize {
    let n = documents.max(1) as f64;
    (n.log10().round() as usize).max(1)
}

/// The collection's subject and the documents off it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Subject {
    /// Per document, whether it is off the subject.
    off: Vec<bool>,
}

impl Subject {
    /// The subject of `docs`: the content words shared by a tenth of them
    /// (two at least), weighted by how many share them.
    pub(crate) fn of(docs: &[Document]) -> Subject {
        if docs.len() < SUBJECT_MIN_DOCS {
            return Subject {
                off: vec![false; docs.len()],
            };
        }
        let bags: Vec<Bag> = docs.iter().map(|d| Bag::of(&d.text)).collect();
        let min_docs = ((docs.len() as f64 * SUBJECT_DOC_SHARE).ceil() as usize).max(2);
        let centroid = Bag::shared(&bags, min_docs);
        let relevance: Vec<f64> = bags.iter().map(|b| b.cosine(&centroid)).collect();
        let mut sorted = relevance.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
        Subject {
            off: relevance
                .iter()
                .map(|r| *r < OFF_SUBJECT * median)
                .collect(),
        }
    }

    /// Whether document `doc` is off the collection's subject.
    pub(crate) fn is_off(&self, doc: usize) -> bool {
        self.off.get(doc).copied().unwrap_or(false)
    }
}

/// How much the other events of an event's day add to its weight: a day
/// many sources refer to matters, whatever each calls what happened.
const SAME_DAY_SHARE: f64 = 0.5;

/// The independent sources of each day, over every event dated to the
/// day (copies counted once within an event).
pub(crate) fn day_sources<'a>(
    events: impl IntoIterator<Item = &'a TimelineEvent>,
) -> FxHashMap<NaiveDate, usize> {
    let mut days: FxHashMap<NaiveDate, usize> = FxHashMap::default();
    for e in events {
        if e.start == e.end {
            *days.entry(e.start).or_default() += e.independent_sources;
        }
    }
    days
}

/// An event's weight: its own independent sources, and half those of the
/// other events of its day.
fn weight(event: &TimelineEvent, days: &FxHashMap<NaiveDate, usize>) -> f64 {
    let own = event.independent_sources as f64;
    let day = days
        .get(&event.start)
        .filter(|_| event.start == event.end)
        .map_or(own, |&n| n as f64);
    own + SAME_DAY_SHARE * (day - own).max(0.0)
}

/// Whether `event` is shown by default in a collection of `documents`,
/// `days` giving the sources of each day: an article's news weighing
/// enough, not all of its sources off the subject (unless two agree); a
/// day recalled in passing weighing two sources, on the subject.
pub(crate) fn shown(
    event: &TimelineEvent,
    documents: usize,
    days: &FxHashMap<NaiveDate, usize>,
) -> bool {
    let weight = weight(event, days);
    if event.main {
        weight >= news_sources(documents) as f64
            && (event.on_subject || event.independent_sources >= 2)
    } else {
        weight >= BACKGROUND_SOURCES as f64 && event.on_subject
    }
}

/// Entries a day shows at most by default: a day's entry tells what
/// happened that day in a few sentences, not every mention of it.
const PER_DAY: usize = 2;

/// Keeps, of the events dated to one day, the [`PER_DAY`] strongest: news
/// first, then the most independent sources (the first of equals), in
/// their order.
pub(crate) fn keep_strongest_per_day<T>(kept: &mut Vec<(T, &TimelineEvent)>) {
    let mut by_day: FxHashMap<NaiveDate, Vec<usize>> = FxHashMap::default();
    for (i, (_, e)) in kept.iter().enumerate() {
        if e.start == e.end {
            by_day.entry(e.start).or_default().push(i);
        }
    }
    let mut dropped = vec![false; kept.len()];
    for indexes in by_day.values_mut() {
        indexes.sort_by_key(|&i| {
            let e = kept[i].1;
            (!e.main, std::cmp::Reverse(e.independent_sources), i)
        });
        for &i in indexes.iter().skip(PER_DAY) {
            dropped[i] = true;
        }
    }
    let mut i = 0;
    kept.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(day: u32, main: bool, sources: usize) -> TimelineEvent {
        let date = NaiveDate::from_ymd_opt(2025, 3, day).unwrap_or_default();
        TimelineEvent {
            id: String::new(),
            key: String::new(),
            date: date.to_string(),
            precision: filrouge_model::DatePrecision::Day,
            modifier: None,
            date_origin: filrouge_events::DateOrigin::Explicit,
            date_evidence: Vec::new(),
            date_text: String::new(),
            date_said: None,
            kind: "event".into(),
            headline: String::new(),
            main,
            summary: Vec::new(),
            participants: Vec::new(),
            places: Vec::new(),
            misc: Vec::new(),
            facts: Vec::new(),
            ordinals: Vec::new(),
            quotes: Vec::new(),
            sources: Vec::new(),
            independent_sources: sources,
            disagreements: Vec::new(),
            start: date,
            end: date,
            words: Bag::default(),
            langs: Vec::new(),
            on_subject: true,
            order: String::new(),
        }
    }

    #[test]
    fn a_day_many_sources_name_lifts_its_events() {
        let events = [
            event(3, false, 1),
            event(3, false, 1),
            event(3, true, 1),
            event(9, false, 1),
        ];
        let days = day_sources(events.iter());
        // Three sources name the 3rd: a passing mention of it counts.
        assert!(shown(&events[0], 10, &days));
        // One source names the 9th.
        assert!(!shown(&events[3], 10, &days));
    }

    #[test]
    fn a_day_keeps_its_news_and_strongest_mention() {
        let events = [event(3, false, 1), event(3, false, 4), event(3, true, 1)];
        let mut kept: Vec<(usize, &TimelineEvent)> = events.iter().enumerate().collect();
        keep_strongest_per_day(&mut kept);
        let left: Vec<usize> = kept.iter().map(|(i, _)| *i).collect();
        assert_eq!(left, [1, 2]);
    }

    #[test]
    fn news_needs_more_sources_as_the_collection_grows() {
        assert_eq!(news_sources(1), 1);
        assert_eq!(news_sources(11), 1);
        assert_eq!(news_sources(31), 1);
        assert_eq!(news_sources(32), 2);
        assert_eq!(news_sources(228), 2);
        assert_eq!(news_sources(1000), 3);
    }
}
