//! `filrouge timeline`: the timeline of the events the inputs (or a
//! store) report, in one of seven formats.

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use filrouge::timeline::{render, TimelineOptions};

use crate::args::{colour, parse_date, CorpusArgs, Exit, FurnitureArg, DONE};
use crate::progress::Progress;

/// Arguments of `filrouge timeline`.
#[derive(Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TimelineFormat::Text)]
    format: TimelineFormat,
    #[command(flatten)]
    furniture: FurnitureArg,
    /// Only events on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Only events on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Only events reported in this language (ISO 639-1).
    #[arg(long)]
    lang: Option<String>,
    /// At most this many events (the most reported are kept).
    #[arg(long)]
    max_events: Option<usize>,
    /// Summary sentences per event.
    #[arg(long, default_value_t = 2)]
    sentences: usize,
    /// Also show events the articles mention in passing.
    #[arg(long)]
    include_background: bool,
    /// Only events with this participant or place (any alias).
    #[arg(long)]
    entity: Option<String>,
    /// Only events whose sentences hold one of these words.
    #[arg(long)]
    query: Option<String>,
    /// Only events of this story (a number, as `filrouge stories` lists
    /// them over the same inputs or store: `story-3` is 3).
    #[arg(long, value_name = "N")]
    story: Option<u32>,
    /// Language of the words written around the sources' (dates such as
    /// "fin décembre 2025", durations, labels): fr or en. Default: the
    /// language most of the events' sources are in.
    #[arg(long, value_name = "LANG", value_parser = ["fr", "en"])]
    ui_lang: Option<String>,
}

/// Output formats of the timeline.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TimelineFormat {
    /// Readable text (coloured on a terminal).
    Text,
    /// Markdown.
    Markdown,
    /// JSON, schema filrouge.timeline/2 (docs/timeline-schema.json).
    Json,
    /// A self-contained HTML page (no network needed).
    Html,
    /// TimelineJS 3 JSON (a title slide, media linking to the sources).
    Timelinejs,
    /// CSV, one row per event (RFC 4180).
    Csv,
    /// An iCalendar file (RFC 5545): one all-day entry per event dated to
    /// the day or month.
    Ics,
}

impl TimelineArgs {
    /// The options the filters ask for.
    fn options(&self) -> TimelineOptions {
        let mut options = TimelineOptions::new(self.corpus.input.as_of());
        options.from = self.from;
        options.to = self.to;
        options.lang = self.lang.clone();
        options.max_events = self.max_events;
        options.sentences = self.sentences;
        options.include_background = self.include_background;
        options.entity = self.entity.clone();
        options.query = self.query.clone();
        options.language = self.ui_lang.clone();
        options
    }
}

/// Builds the timeline and writes it to stdout.
pub fn run(args: TimelineArgs) -> Result<Exit> {
    // Stored documents are analysed already (time, entities, quotes): a
    // store's are read back as they are, with their stored signatures.
    let progress = Progress::new(args.corpus.quiet);
    let pipeline = args
        .corpus
        .input
        .annotating()
        .with_furniture_learning(args.furniture.learn());
    let collection = args.corpus.collection(&pipeline, &progress)?;
    let mut options = args.options();
    if let Some(n) = args.story {
        progress.step(format!(
            "grouping {} documents into stories",
            collection.len()
        ));
        options.documents = Some(collection.story_articles(n)?);
    }
    progress.step(format!(
        "linking the events of {} documents",
        collection.len()
    ));
    let t = collection.timeline(&options);
    progress.finish(&format!(
        "{} events from {} documents of {}",
        t.events.len(),
        collection.len(),
        args.corpus.origin()
    ));
    let words = render::Words::of(&t.language);
    let title = render::sources::heading(&options, args.story, words);
    let text = match args.format {
        TimelineFormat::Text => render::terminal(&t, render::Style { colour: colour() }),
        TimelineFormat::Markdown => render::markdown(&t),
        TimelineFormat::Json => serde_json::to_string_pretty(&t)? + "\n",
        TimelineFormat::Html => render::html_titled(&t, &title),
        TimelineFormat::Timelinejs => {
            serde_json::to_string_pretty(&render::timelinejs(&t, &title))? + "\n"
        }
        TimelineFormat::Csv => render::csv(&t)?,
        TimelineFormat::Ics => render::ics(&t, &title),
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => DONE,
    }
}
