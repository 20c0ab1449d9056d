//! `filrouge eval linking`: the timeline's cross-document linking and
//! dating scored on the generated news corpus, whose stories are known
//! (`filrouge::bench::news`, scored by `filrouge_eval::linking`).

use anyhow::Result;
use chrono::NaiveDate;
use filrouge::read::ReadOptions;
use filrouge::Pipeline;
use filrouge_eval::linking::{score_linking, LinkedArticle};
use rayon::prelude::*;

use crate::Exit;

/// The reference date of the run: after the generator's last day, fixed so
/// that the figures do not move with the calendar.
const AS_OF: (i32, u32, u32) = (2026, 11, 22);

/// Generates `docs` articles, analyses them, builds their timeline (with
/// background events) and scores which event holds each article's news.
pub(crate) fn run(docs: usize, json: bool) -> Result<Exit> {
    let news = filrouge::bench::news::generate_news(docs)?;
    let pipeline = Pipeline::new().with_tokens(false);
    let opts = ReadOptions::default();
    let analysed: Vec<filrouge::model::Document> = news
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, a)| {
            filrouge::read::read_bytes(&name(i), a.text.clone().into_bytes(), &opts)
                .flatten()
                .map(|d| pipeline.process(d))
        })
        .collect();
    let as_of = NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap_or_default();
    let mut options = filrouge_timeline::TimelineOptions::new(as_of);
    options.include_background = true;
    options.list_documents = false;
    let timeline = filrouge_timeline::build_timeline(analysed, &options);
    // The article's news: the first main event listing it as a main source.
    let mut news_event: Vec<Option<(String, String)>> = vec![None; news.len()];
    for e in timeline.events.iter().filter(|e| e.main) {
        for s in e.sources.iter().filter(|s| s.main) {
            let index = s
                .origin
                .strip_prefix("generated/")
                .and_then(|n| n.strip_suffix(".txt"))
                .and_then(|n| n.parse::<usize>().ok());
            if let Some(slot) = index.and_then(|i| news_event.get_mut(i)) {
                slot.get_or_insert_with(|| (e.key.clone(), e.date.clone()));
            }
        }
    }
    let articles: Vec<LinkedArticle> = news
        .iter()
        .zip(news_event)
        .map(|(a, found)| LinkedArticle {
            story: a.story,
            day: a.event_date,
            event_date: found.as_ref().map(|(_, d)| d.clone()),
            event: found.map(|(k, _)| k),
        })
        .collect();
    let r = score_linking(&articles);
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        println!(
            "linking on {} generated articles ({} stories): {} articles' news in {} events",
            r.articles, r.stories, r.covered, r.events
        );
        println!(
            "B-cubed P {:.3} R {:.3} F1 {:.3}; news dated to the story's day: {} of {}; \
             stories split: {}; events mixing stories: {}",
            r.prf.precision,
            r.prf.recall,
            r.prf.f1,
            r.right_day,
            r.covered,
            r.split_stories,
            r.mixed_events
        );
    }
    Ok(Exit(0))
}

/// The name an article is read under (its index, found again from the
/// timeline's source origins).
fn name(i: usize) -> String {
    format!("generated/{i}.txt")
}
