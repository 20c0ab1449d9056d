//! What evaluation and benchmark commands feed the pipeline: texts a gold
//! set or a generator supplies with what it knows of them (date,
//! language), and filrouge's timeline of a gold task in the shape
//! timeline-summarisation scorers read (tilse: summaries by day).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use filrouge_model::{DatePrecision, Document};
use filrouge_read::{read_bytes, ReadOptions};
use filrouge_timeline::TimelineOptions;

use crate::{Collection, Pipeline};

/// One plain-text article read from memory, with the date and language a
/// gold set or a generator knows; `None` when it cannot be read.
pub fn dated_text(
    name: &str,
    bytes: Vec<u8>,
    published: Option<NaiveDate>,
    lang: Option<&str>,
) -> Option<Document> {
    let mut doc = read_bytes(name, bytes, &ReadOptions::default())
        .next()?
        .ok()?;
    doc.metadata.published = published.map(|d| d.format("%Y-%m-%d").to_string());
    doc.metadata.declared_lang = lang.map(str::to_string);
    Some(doc)
}

/// A gold task's document: its name, text, creation date and language
/// (`None` when the gold set does not say).
#[derive(Debug, Clone, Copy)]
pub struct TaskText<'a> {
    /// The document's name in the gold set.
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
    /// Its creation date.
    pub published: NaiveDate,
    /// Its language, when known.
    pub lang: Option<&'a str>,
}

/// Which of the events found a task's timeline keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskSelection {
    /// What `filrouge timeline` shows by default; for a task following an
    /// entity, every event naming it (an entity's timeline lists them all).
    Default,
    /// Every dated event found, news and days recalled in passing.
    All,
    /// Only the articles' news (the default before days recalled in the
    /// bodies and the collection's subject were weighed).
    News,
}

/// filrouge's timeline of a gold task's documents (each dated by its
/// creation date) as a timeline-summarisation system gives it: the
/// day-precision events with their summaries, for `entity` when the task
/// follows one, the events kept as `selection` says. The reference date
/// is the latest document's.
pub fn task_timeline(
    texts: &[TaskText<'_>],
    entity: Option<&str>,
    selection: TaskSelection,
) -> BTreeMap<NaiveDate, Vec<String>> {
    let pipeline = Pipeline::new()
        .with_tokens(false)
        .with_time(Some(crate::today()));
    let docs: Vec<Document> = texts
        .iter()
        .filter_map(|t| {
            dated_text(
                t.name,
                t.text.as_bytes().to_vec(),
                Some(t.published),
                t.lang,
            )
        })
        .map(|d| pipeline.process(d))
        .collect();
    let latest = texts
        .iter()
        .map(|t| t.published)
        .max()
        .unwrap_or_else(crate::today);
    let mut options = TimelineOptions::new(latest);
    options.include_background = match selection {
        TaskSelection::Default => entity.is_some(),
        TaskSelection::All => true,
        TaskSelection::News => false,
    };
    options.entity = entity.map(str::to_string);
    let mut timeline = Collection::new(docs).timeline(&options);
    if selection == TaskSelection::News {
        timeline.events.retain(|e| e.main);
    }
    let mut out: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    for e in timeline
        .events
        .iter()
        .filter(|e| e.precision == DatePrecision::Day)
    {
        if let Ok(day) = NaiveDate::parse_from_str(&e.date, "%Y-%m-%d") {
            out.entry(day)
                .or_default()
                .extend(e.summary.iter().cloned());
        }
    }
    out
}
