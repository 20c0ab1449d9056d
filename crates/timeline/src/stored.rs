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
    Ok(e)
}

/// The first and last day an event may be on.
pub fn event_days(e: &TimelineEvent) -> (NaiveDate, NaiveDate) {
    (e.start, e.end)
}
