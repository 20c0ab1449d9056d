//! Cross-document event linking scored against known stories: each
//! article reports one event (its story) on a known day; the system puts
//! the article's news in one of its events, with a date. B-cubed precision
//! and recall (Bagga and Baldwin 1998) over articles compare the system's
//! events with the stories; date accuracy counts articles whose event is
//! dated to the story's day.
//!
//! The gold comes from a generator that knows what it wrote
//! (`filrouge::bench::news`), not from annotators: the figures say how well
//! linking and dating recover what the generator put in, and found real
//! bugs (bylines taken for news, next-day reports dated by their
//! publication), but they are no substitute for a human gold standard.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::score::{bcubed, Prf};

/// One article: its gold story and day, and what the system made of it.
#[derive(Debug, Clone)]
pub struct LinkedArticle {
    /// The story (event) it reports.
    pub story: usize,
    /// The event's day.
    pub day: NaiveDate,
    /// The system's event holding the article's news, if any.
    pub event: Option<String>,
    /// That event's date (ISO, truncated to its precision).
    pub event_date: Option<String>,
}

/// Figures of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkingReport {
    /// Articles scored.
    pub articles: usize,
    /// Stories among them.
    pub stories: usize,
    /// Articles whose news is in a system event.
    pub covered: usize,
    /// Distinct system events holding them.
    pub events: usize,
    /// B-cubed precision and recall over covered articles and their
    /// harmonic mean, serialised as `precision`, `recall`, `f1`.
    #[serde(flatten)]
    pub prf: Prf,
    /// Covered articles whose event is dated to the story's day.
    pub right_day: usize,
    /// Stories whose covered articles are split over several events.
    pub split_stories: usize,
    /// Events holding articles of several stories.
    pub mixed_events: usize,
}

/// Scores `articles` (see the module doc).
pub fn score_linking(articles: &[LinkedArticle]) -> LinkingReport {
    let covered: Vec<(&LinkedArticle, &str)> = articles
        .iter()
        .filter_map(|a| a.event.as_deref().map(|e| (a, e)))
        .collect();
    let mut by_story: HashMap<usize, Vec<&str>> = HashMap::new();
    let mut by_event: HashMap<&str, Vec<usize>> = HashMap::new();
    for &(a, e) in &covered {
        by_story.entry(a.story).or_default().push(e);
        by_event.entry(e).or_default().push(a.story);
    }
    let pairs: Vec<(usize, &str)> = covered.iter().map(|&(a, e)| (a.story, e)).collect();
    let distinct = |v: &[&str]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let mut stories: Vec<usize> = articles.iter().map(|a| a.story).collect();
    stories.sort_unstable();
    stories.dedup();
    LinkingReport {
        articles: articles.len(),
        stories: stories.len(),
        covered: covered.len(),
        events: by_event.len(),
        prf: bcubed(&pairs),
        right_day: covered
            .iter()
            .filter(|(a, _)| {
                a.event_date.as_deref() == Some(a.day.format("%Y-%m-%d").to_string().as_str())
            })
            .count(),
        split_stories: by_story.values().filter(|v| distinct(v) > 1).count(),
        mixed_events: by_event
            .values()
            .filter(|v| {
                let mut v = (*v).clone();
                v.sort_unstable();
                v.dedup();
                v.len() > 1
            })
            .count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(story: usize, event: Option<&str>, date: &str) -> LinkedArticle {
        LinkedArticle {
            story,
            day: NaiveDate::from_ymd_opt(2025, 3, 1 + story as u32).expect("day"),
            event: event.map(str::to_string),
            event_date: Some(date.to_string()),
        }
    }

    #[test]
    fn perfect_linking_scores_one() {
        let a = [
            article(0, Some("a"), "2025-03-01"),
            article(0, Some("a"), "2025-03-01"),
            article(1, Some("b"), "2025-03-02"),
        ];
        let r = score_linking(&a);
        assert_eq!(r.prf, Prf::new(1.0, 1.0));
        assert_eq!((r.right_day, r.split_stories, r.mixed_events), (3, 0, 0));
    }

    #[test]
    fn merged_stories_cost_precision_and_split_ones_recall() {
        // Two stories in one event: each article's event holds half its story.
        let merged = score_linking(&[
            article(0, Some("a"), "2025-03-01"),
            article(1, Some("a"), "2025-03-01"),
        ]);
        assert!((merged.prf.precision - 0.5).abs() < 1e-9 && merged.prf.recall == 1.0);
        assert_eq!((merged.mixed_events, merged.right_day), (1, 1));
        // One story in two events.
        let split = score_linking(&[
            article(0, Some("a"), "2025-03-01"),
            article(0, Some("b"), "2025-03-01"),
            article(0, None, "2025-03-01"),
        ]);
        assert!(split.prf.precision == 1.0 && (split.prf.recall - 0.5).abs() < 1e-9);
        assert_eq!((split.covered, split.split_stories), (2, 1));
    }
}
