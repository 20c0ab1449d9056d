//! `filrouge stories`: the stories the inputs (or a store) form, numbered
//! as `timeline --story`, `search --story` and the API number them.

use anyhow::Result;
use clap::Args;
use filrouge::corpus::day_date;
use filrouge::corpus::{StoryLabel, StoryParams};

use crate::args::{emit, CorpusArgs, Exit, DONE};
use crate::progress::Progress;

/// Arguments of `filrouge stories`.
#[derive(Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Similarity an article needs to join a story, 0 to 1 (another value
    /// than the default numbers stories differently from `--story N`).
    #[arg(long, default_value_t = StoryParams::default().threshold)]
    threshold: f64,
    /// One JSON object per story.
    #[arg(long)]
    json: bool,
}

/// Lists each story with its label, dates and articles.
pub fn run(args: StoriesArgs) -> Result<Exit> {
    let progress = Progress::new(args.corpus.quiet);
    let collection = args
        .corpus
        .collection(&args.corpus.input.annotating(), &progress)?;
    progress.step(format!(
        "grouping {} documents into stories",
        collection.len()
    ));
    let stories = collection.stories_with(StoryParams {
        threshold: args.threshold,
        ..Default::default()
    });
    progress.finish(&format!(
        "{} stories in {} documents of {}",
        stories.len(),
        collection.len(),
        args.corpus.origin()
    ));
    let docs = collection.documents();
    let date = |d: Option<i32>| d.and_then(day_date).map(|d| d.to_string());
    let mut out = std::io::stdout().lock();
    for story in stories.iter() {
        let label = stories.label(story.id).unwrap_or_else(|| StoryLabel {
            entities: Vec::new(),
            terms: Vec::new(),
        });
        // Entity keys are canonical ids: show the entities' names.
        let label = StoryLabel {
            entities: label
                .entities
                .iter()
                .map(|id| {
                    collection
                        .entities()
                        .iter()
                        .find(|e| &e.id == id)
                        .map_or_else(|| id.clone(), |e| e.name.clone())
                })
                .collect(),
            terms: label.terms,
        };
        let articles: Vec<String> = story
            .articles
            .iter()
            .filter_map(|&a| docs.get(a as usize).map(|d| d.source.origin()))
            .collect();
        let (first, last) = (date(story.first_day), date(story.last_day));
        let line = if args.json {
            serde_json::to_string(&serde_json::json!({
                "story": story.id.0,
                "label": label,
                "first": first,
                "last": last,
                "articles": articles,
            }))?
        } else {
            let span = match (first, last) {
                (Some(f), Some(l)) if f == l => f,
                (Some(f), Some(l)) => format!("{f} .. {l}"),
                _ => "undated".into(),
            };
            format!(
                "{}  {} article(s), {span}  {label}\n  {}",
                story.id,
                articles.len(),
                articles.join("\n  ")
            )
        };
        if !emit(&mut out, &line)? {
            break;
        }
    }
    DONE
}
