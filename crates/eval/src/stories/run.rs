//! Stories formed by filrouge on grouped sets: each set analysed as one
//! batch through the facade (page furniture learned from the batch, as
//! `filrouge stories` does), then clustered by the facade's
//! [`Collection`]; with several sets, all of them once more as one mixed
//! batch, where stories must also keep the sets' topics apart.

use std::collections::HashMap;

use chrono::NaiveDate;
use filrouge::corpus::StoryParams;
use filrouge::evaluation::dated_text;
use filrouge::model::{DatePrecision, Document};
use filrouge::{furniture_of, Collection, Pipeline, BATCH_SIZE};
use serde::Serialize;

use super::gold::{GroupedArticle, GroupedSet};
use super::scorer::{score_stories, MixedStory, Placed, StoryFigures};

/// What the pipeline knows of an article's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateMode {
    /// The gold's date is given as the publication date.
    Given,
    /// The text alone: the pipeline dates what it can.
    Text,
}

/// How `filrouge eval stories` runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoriesOptions {
    /// What the pipeline knows of dates.
    pub dates: DateMode,
    /// The reference date of the time stage.
    pub as_of: NaiveDate,
    /// The thresholds to cluster with (the default's when empty).
    pub thresholds: Vec<f64>,
}

/// One clustering of one batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdRun {
    /// The similarity an article needed to join a story.
    pub threshold: f64,
    /// Its figures.
    #[serde(flatten)]
    pub figures: StoryFigures,
    /// The stories joining several groups.
    pub mixed_stories: Vec<MixedStory>,
}

/// One batch: a set alone, or every set mixed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchReport {
    /// The set's name, or `mixed`.
    pub batch: String,
    /// Articles analysed (an empty text is left out).
    pub articles: usize,
    /// Articles whose document date the pipeline knows to the day.
    pub dated: usize,
    /// One clustering per threshold.
    pub runs: Vec<ThresholdRun>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoriesReport {
    /// How it ran.
    pub options: StoriesOptions,
    /// Each set alone, then the mixed batch when there are several.
    pub batches: Vec<BatchReport>,
}

/// Clusters each set, and all of them mixed when there are several.
pub fn evaluate(sets: &[GroupedSet], options: &StoriesOptions) -> StoriesReport {
    let mut batches: Vec<BatchReport> = sets
        .iter()
        .map(|s| run_batch(&s.name, shuffled(s.articles.clone()), options))
        .collect();
    if sets.len() > 1 {
        batches.push(run_batch("mixed", mixed(sets), options));
    }
    StoriesReport {
        options: options.clone(),
        batches,
    }
}

/// Every set's articles in one batch, an article named in several sets
/// once (MEANTIME and SemEval share articles): groups sharing an article
/// are one group (an article has one subject), named after the first.
fn mixed(sets: &[GroupedSet]) -> Vec<GroupedArticle> {
    let mut first: HashMap<String, String> = HashMap::new();
    let mut same: HashMap<String, String> = HashMap::new();
    let mut out: Vec<GroupedArticle> = Vec::new();
    for a in sets.iter().flat_map(|s| &s.articles) {
        match first.get(&a.name) {
            Some(g) => {
                let root = root_of(&same, g);
                if root_of(&same, &a.group) != root {
                    let other = root_of(&same, &a.group);
                    same.insert(other, root);
                }
            }
            None => {
                first.insert(a.name.clone(), a.group.clone());
                out.push(a.clone());
            }
        }
    }
    for a in &mut out {
        a.group = root_of(&same, &a.group);
    }
    shuffled(out)
}

/// The group `g` was unified with, following the chain.
fn root_of(same: &HashMap<String, String>, g: &str) -> String {
    let mut at = g;
    while let Some(next) = same.get(at) {
        at = next;
    }
    at.to_string()
}

/// The articles in a fixed order that follows neither their groups nor
/// their dates (by a hash of the name): a pile, as real inputs come.
fn shuffled(mut articles: Vec<GroupedArticle>) -> Vec<GroupedArticle> {
    articles.sort_by_key(|a| (fnv1a(&a.name), a.name.clone()));
    articles
}

/// FNV-1a, 64 bits: a stable hash across runs and platforms.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Analyses one batch and scores its stories at each threshold.
fn run_batch(name: &str, articles: Vec<GroupedArticle>, options: &StoriesOptions) -> BatchReport {
    let (docs, kept) = analyse(&articles, options);
    let dated = docs.iter().filter(|d| known_day(d)).count();
    let ids: Vec<String> = docs.iter().map(|d| d.id.0.clone()).collect();
    let collection = Collection::new(docs);
    // The collection numbers its articles in its canonical order, not
    // the batch's: each article's story is found through its id.
    let place: std::collections::HashMap<&str, usize> = collection
        .documents()
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.0.as_str(), i))
        .collect();
    let thresholds = if options.thresholds.is_empty() {
        vec![StoryParams::default().threshold]
    } else {
        options.thresholds.clone()
    };
    let runs = thresholds
        .into_iter()
        .map(|threshold| {
            let stories = collection.stories_with(StoryParams {
                threshold,
                ..StoryParams::default()
            });
            let placed: Vec<Placed> = kept
                .iter()
                .zip(&ids)
                .map(|(a, id)| Placed {
                    name: a.name.clone(),
                    group: a.group.clone(),
                    story: place
                        .get(id.as_str())
                        .and_then(|&i| stories.story_of(i))
                        .map_or(u32::MAX, |s| s.0),
                })
                .collect();
            let (figures, mixed_stories) = score_stories(&placed);
            ThresholdRun {
                threshold,
                figures,
                mixed_stories,
            }
        })
        .collect();
    BatchReport {
        batch: name.to_string(),
        articles: kept.len(),
        dated,
        runs,
    }
}

/// The batch read as plain texts (dated by the gold when `options` say
/// so), its furniture learned, then analysed; returns the documents and
/// the articles they are, in order (an empty text is left out).
fn analyse(
    articles: &[GroupedArticle],
    options: &StoriesOptions,
) -> (Vec<Document>, Vec<GroupedArticle>) {
    let mut read = Vec::with_capacity(articles.len());
    let mut kept = Vec::with_capacity(articles.len());
    for a in articles {
        let published = match options.dates {
            DateMode::Given => a.published,
            DateMode::Text => None,
        };
        let name = format!("{}.txt", a.name);
        if let Some(doc) = dated_text(&name, a.text.clone().into_bytes(), published, None) {
            read.push(doc);
            kept.push(a.clone());
        }
    }
    let pipeline = Pipeline::new()
        .with_tokens(false)
        .with_time(Some(options.as_of))
        .with_furniture(furniture_of(&read));
    let mut docs = Vec::with_capacity(read.len());
    let mut pending = read.into_iter().peekable();
    while pending.peek().is_some() {
        let batch: Vec<_> = pending.by_ref().take(BATCH_SIZE).map(Ok).collect();
        docs.extend(pipeline.process_batch(batch).into_iter().flatten());
    }
    (docs, kept)
}

/// Whether the document's date is known to the day.
fn known_day(doc: &Document) -> bool {
    doc.document_date
        .as_ref()
        .is_some_and(|d| d.precision == DatePrecision::Day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(name: &str, group: &str) -> GroupedArticle {
        GroupedArticle {
            name: name.into(),
            group: group.into(),
            text: String::new(),
            published: None,
        }
    }

    fn set(name: &str, articles: Vec<GroupedArticle>) -> GroupedSet {
        GroupedSet {
            name: name.into(),
            path: name.into(),
            format: super::super::gold::GroupFormat::Texts,
            articles,
        }
    }

    #[test]
    fn the_mixed_batch_keeps_a_shared_article_once_and_unifies_its_groups() {
        let a = set("a", vec![article("1", "a/x"), article("2", "a/y")]);
        let b = set("b", vec![article("1", "b/one"), article("3", "b/one")]);
        let mut m = mixed(&[a, b]);
        m.sort_by(|p, q| p.name.cmp(&q.name));
        let groups: Vec<(&str, &str)> = m
            .iter()
            .map(|a| (a.name.as_str(), a.group.as_str()))
            .collect();
        assert_eq!(groups, [("1", "a/x"), ("2", "a/y"), ("3", "a/x")]);
    }

    #[test]
    fn the_pile_order_is_fixed() {
        let names = |v: Vec<GroupedArticle>| v.into_iter().map(|a| a.name).collect::<Vec<_>>();
        let a = shuffled(vec![
            article("1", "g"),
            article("2", "g"),
            article("3", "g"),
        ]);
        let b = shuffled(vec![
            article("3", "g"),
            article("1", "g"),
            article("2", "g"),
        ]);
        assert_eq!(names(a), names(b));
    }
}
