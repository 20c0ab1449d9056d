//! The generated news (whose stories are known) through the timeline:
//! which linked event holds each article's news, for `filrouge eval
//! linking` to score against the stories.

use chrono::NaiveDate;
use filrouge::read::{read_bytes, ReadOptions};
use filrouge::timeline::TimelineOptions;
use filrouge::{Collection, Pipeline};
use rayon::prelude::*;

use crate::news::NewsArticle;

/// The event holding an article's news.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsEvent {
    /// The event's key (the same in every timeline of the corpus).
    pub key: String,
    /// Its date as the timeline gives it (a TimeML value).
    pub date: String,
}

/// Analyses `news` (in parallel), builds their timeline against `as_of`
/// (background events included) and returns, per article, the first main
/// event listing it as a main source.
pub fn news_events(news: &[NewsArticle], as_of: NaiveDate) -> Vec<Option<NewsEvent>> {
    let pipeline = Pipeline::new().with_tokens(false);
    let opts = ReadOptions::default();
    let analysed: Vec<filrouge::model::Document> = news
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, a)| {
            read_bytes(&name(i), a.text.clone().into_bytes(), &opts)
                .flatten()
                .map(|d| pipeline.process(d))
        })
        .collect();
    let mut options = TimelineOptions::new(as_of);
    options.include_background = true;
    options.list_documents = false;
    let timeline = Collection::new(analysed).timeline(&options);
    let mut found: Vec<Option<NewsEvent>> = vec![None; news.len()];
    for e in timeline.events.iter().filter(|e| e.main) {
        for s in e.sources.iter().filter(|s| s.main) {
            if let Some(slot) = index_of(&s.origin).and_then(|i| found.get_mut(i)) {
                slot.get_or_insert_with(|| NewsEvent {
                    key: e.key.clone(),
                    date: e.date.clone(),
                });
            }
        }
    }
    found
}

/// The name article `i` is read under.
fn name(i: usize) -> String {
    format!("generated/{i}.txt")
}

/// The article index back from a source's origin.
fn index_of(origin: &str) -> Option<usize> {
    origin
        .strip_prefix("generated/")
        .and_then(|n| n.strip_suffix(".txt"))
        .and_then(|n| n.parse().ok())
}
