//! `filrouge eval linking`: the timeline's cross-document linking and
//! dating scored on the generated news corpus, whose stories are known
//! (`filrouge_bench::news`, scored by `filrouge_eval::linking`).

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use filrouge_eval::linking::{score_linking, LinkedArticle};

use crate::args::{Exit, DONE};

/// The reference date of the run: after the generator's last day, fixed so
/// that the figures do not move with the calendar.
const AS_OF: (i32, u32, u32) = (2026, 11, 22);

/// Arguments of `filrouge eval linking`.
#[derive(Args)]
pub struct LinkingArgs {
    /// Articles to generate.
    #[arg(long, default_value_t = 10_000)]
    docs: usize,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Generates the articles, links them and scores which event holds each
/// article's news.
pub fn run(args: LinkingArgs) -> Result<Exit> {
    let news = filrouge_bench::news::generate_news(args.docs)?;
    let as_of = NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap_or_default();
    let found = filrouge_bench::linking::news_events(&news, as_of);
    let articles: Vec<LinkedArticle> = news
        .iter()
        .zip(found)
        .map(|(a, event)| LinkedArticle {
            story: a.story,
            day: a.event_date,
            event_date: event.as_ref().map(|e| e.date.clone()),
            event: event.map(|e| e.key),
        })
        .collect();
    let r = score_linking(&articles);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return DONE;
    }
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
    DONE
}
