//! Stories over analysed documents: the glue between the pipeline's
//! documents (cleaned text, language, document date, entity mentions
//! resolved to canonical ids) and [`filrouge_corpus::Stories`].

use chrono::NaiveDate;
use filrouge_corpus::{Stories, StoryFeatures, StoryId, StoryParams};
use filrouge_entities::CanonicalEntity;
use filrouge_model::{DatePrecision, Document};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// 1970-01-01, day 0 of story days.
fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// A date as a story day (days since 1970-01-01).
pub fn day_number(date: NaiveDate) -> Option<i32> {
    i32::try_from((date - epoch()).num_days()).ok()
}

/// A story day back as a date.
pub fn day_date(day: i32) -> Option<NaiveDate> {
    epoch().checked_add_signed(chrono::Duration::days(i64::from(day)))
}

/// The document's day, when its document date is known to the day (a
/// month or a year alone would place it wrongly in time).
pub fn document_day(doc: &Document) -> Option<i32> {
    let date = doc.document_date.as_ref()?;
    if date.precision != DatePrecision::Day {
        return None;
    }
    let value = date.value.get(..10)?;
    day_number(NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?)
}

/// The story features of a document: its cleaned text in its detected
/// language (French when unknown), the given entity keys and its day.
pub fn story_features(doc: &Document, entities: &[String]) -> StoryFeatures {
    let lang = doc.metadata.lang.as_deref().unwrap_or("fr");
    StoryFeatures::new(lang, &doc.text, entities, document_day(doc))
}

/// Groups `docs` into stories, in their order. `entities` are the
/// canonical entities resolved over the same documents
/// (`filrouge_entities::resolve`); a document's entity keys are the ids of
/// those that list it. Features are built in parallel, clustering is
/// sequential, so the result depends only on the documents and their order.
pub fn cluster(docs: &[Document], entities: &[CanonicalEntity], params: StoryParams) -> Stories {
    let mut keys: FxHashMap<&str, Vec<String>> = FxHashMap::default();
    for e in entities {
        for d in &e.documents {
            keys.entry(d.as_str()).or_default().push(e.id.clone());
        }
    }
    let features: Vec<StoryFeatures> = docs
        .par_iter()
        .map(|doc| {
            let none = Vec::new();
            story_features(doc, keys.get(doc.id.0.as_str()).unwrap_or(&none))
        })
        .collect();
    let mut stories = Stories::new(params);
    for f in &features {
        stories.add(f);
    }
    stories
}

/// The ids of story `story`'s articles, `docs` being the documents
/// `stories` was clustered from, in the same order; `None` when there is no
/// such story.
pub fn article_ids(stories: &Stories, docs: &[Document], story: StoryId) -> Option<Vec<String>> {
    let found = stories.story(story)?;
    Some(
        found
            .articles
            .iter()
            .filter_map(|&a| docs.get(a as usize).map(|d| d.id.to_string()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        let date = NaiveDate::from_ymd_opt(2024, 3, 5).expect("date");
        let day = day_number(date).expect("day");
        assert_eq!(day, 19_787);
        assert_eq!(day_date(day), Some(date));
    }
}
