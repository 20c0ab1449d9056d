//! `filrouge eval stories`: the stories the articles of grouped sets form,
//! against their gold groups: B-cubed precision and recall, articles left
//! alone, stories; each set alone, then all of them as one mixed batch.

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use filrouge_eval::stories::{
    evaluate, read_groups, BatchReport, DateMode, GroupFormat, StoriesOptions,
};

use crate::args::{parse_date, Exit, DONE};

/// The reference date the held-out measurements use.
const HELD_OUT_AS_OF: &str = "2026-11-22";

/// What the pipeline is told of each article's date.
#[derive(Clone, Copy, ValueEnum)]
enum Dates {
    /// The gold's date, as a publication date.
    Given,
    /// Nothing: the pipeline dates what it can from the text.
    Text,
}

/// Arguments of `filrouge eval stories`.
#[derive(Args)]
pub struct StoriesArgs {
    /// A grouped set: MEANTIME, SemEval-2015 Task 4, TimeML files each
    /// alone (French TimeBank) or a folder of .txt files (one group, or one per
    /// subfolder). Give it once per set; several are also run as one
    /// mixed batch.
    #[arg(long, required = true)]
    gold: Vec<PathBuf>,
    /// The sets' format: meantime, semeval, singles or texts (default:
    /// found from each folder).
    #[arg(long)]
    format: Option<String>,
    /// What the pipeline is told of dates.
    #[arg(long, value_enum, default_value = "text")]
    dates: Dates,
    /// Reference date of the pipeline.
    #[arg(long, value_name = "DATE", value_parser = parse_date, default_value = HELD_OUT_AS_OF)]
    as_of: NaiveDate,
    /// Thresholds to cluster with, comma-separated (default: the
    /// default's); the articles are analysed once.
    #[arg(long, value_delimiter = ',')]
    threshold: Vec<f64>,
    /// List the stories that join several groups (up to N per batch and
    /// threshold).
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
    /// Print the whole report as JSON.
    #[arg(long)]
    json: bool,
}

/// Reads the sets, clusters each batch and prints the figures.
pub fn run(args: StoriesArgs) -> Result<Exit> {
    let format: Option<GroupFormat> = args.format.as_deref().map(str::parse).transpose()?;
    let mut sets = Vec::with_capacity(args.gold.len());
    for path in &args.gold {
        let set =
            read_groups(path, format).with_context(|| format!("reading {}", path.display()))?;
        sets.push(set);
    }
    let options = StoriesOptions {
        dates: match args.dates {
            Dates::Given => DateMode::Given,
            Dates::Text => DateMode::Text,
        },
        as_of: args.as_of,
        thresholds: args.threshold,
    };
    let report = evaluate(&sets, &options);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return DONE;
    }
    println!(
        "{:<16} {:>9} {:>5} {:>6} {:>5} {:>5} {:>6} {:>7} {:>7} {:>6} {:>6}",
        "batch",
        "threshold",
        "P",
        "R",
        "F1",
        "docs",
        "dated",
        "stories",
        "joined",
        "alone",
        "mixed"
    );
    for batch in &report.batches {
        print_batch(batch, args.errors);
    }
    DONE
}

/// One line per threshold, then the mixed stories asked for.
fn print_batch(batch: &BatchReport, errors: usize) {
    for run in &batch.runs {
        let f = &run.figures;
        println!(
            "{:<16} {:>9.2} {:>5.3} {:>6.3} {:>5.3} {:>5} {:>6} {:>7} {:>7} {:>5.1}% {:>6}",
            batch.batch,
            run.threshold,
            f.prf.precision,
            f.prf.recall,
            f.prf.f1,
            f.articles,
            batch.dated,
            f.stories,
            f.joined,
            100.0 * f.alone_share,
            f.mixed
        );
        for story in run.mixed_stories.iter().take(errors) {
            let members: Vec<String> = story
                .articles
                .iter()
                .map(|(name, group)| format!("{name} ({group})"))
                .collect();
            println!("    story {}: {}", story.story, members.join(", "));
        }
    }
}
