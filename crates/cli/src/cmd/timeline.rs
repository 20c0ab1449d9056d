//! `filrouge timeline`: the timeline of the events the inputs (or a
//! store) report, in one of seven formats.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use filrouge::store::Store;
use filrouge::timeline::{render, TimelineOptions};
use filrouge::Collection;

use crate::args::{colour, parse_date, Exit, InputArgs, DONE};

/// Arguments of `filrouge timeline`.
#[derive(Args)]
pub struct TimelineArgs {
    /// Inputs, as for `analyze` (or `--store`).
    #[arg(required_unless_present = "store")]
    paths: Vec<PathBuf>,
    /// Build the timeline of a store's documents (made by `ingest`)
    /// instead of reading inputs.
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    store: Option<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TimelineFormat::Text)]
    format: TimelineFormat,
    /// Do not learn page furniture from the inputs first (one reading
    /// instead of two; lines recurring across the inputs are then kept).
    #[arg(long)]
    no_furniture_learning: bool,
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
    /// them: `story-3` is 3), over the same inputs.
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
        let mut options = TimelineOptions::new(self.input.as_of());
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
    let collection = match &args.store {
        // Stored documents are analysed already (time, entities, quotes):
        // read them back as they are, with their stored signatures.
        Some(dir) => Collection::from_store(&Store::open_existing(dir)?)?,
        None => args.input.collection(
            &args.paths,
            &args
                .input
                .annotating()
                .with_furniture_learning(!args.no_furniture_learning),
        )?,
    };
    let mut options = args.options();
    if let Some(n) = args.story {
        options.documents = Some(collection.story_articles(n)?);
    }
    let t = collection.timeline(&options);
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
