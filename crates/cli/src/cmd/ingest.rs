//! `filrouge ingest`: read, clean, analyse and store articles.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use filrouge::store::Store;
use filrouge::{IngestError, IngestOptions};

use crate::args::{spinner, Exit, InputArgs, StoreArg, DONE};

/// Arguments of `filrouge ingest`.
#[derive(Args)]
pub struct IngestArgs {
    /// Inputs: .txt, .html, .jsonl, .warc[.gz], .rss/.atom, folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    store: StoreArg,
    #[command(flatten)]
    input: InputArgs,
    /// Remove lines the store has seen on many pages of the same site.
    #[arg(long)]
    learn_boilerplate: bool,
    /// Do not learn page furniture from the inputs first (one reading
    /// instead of two; lines recurring across the inputs are then kept).
    #[arg(long)]
    no_furniture_learning: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// No progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
}

/// Ingests the inputs, reporting each unreadable one once.
pub fn run(args: IngestArgs) -> Result<Exit> {
    let opts = IngestOptions {
        read: args.input.read_options()?,
        strict: args.input.strict,
        learn_boilerplate: args.learn_boilerplate,
        learn_furniture: !args.no_furniture_learning,
        as_of: args.input.as_of,
    };
    let mut db = Store::open(&args.store.dir)?;
    let bar = spinner(args.quiet);
    let mut reported = 0;
    let result = filrouge::ingest(&args.paths, &mut db, &opts, |r| {
        // Each failed input is reported once, as soon as it is known.
        for f in &r.failed[reported..] {
            bar.suspend(|| eprintln!("filrouge: {f}"));
        }
        reported = r.failed.len();
        bar.set_message(format!(
            "{} read, {} stored, {} duplicates, {} failed",
            r.read,
            r.stored,
            r.duplicates,
            r.failed.len()
        ));
    });
    bar.finish_and_clear();
    let report = match result {
        Ok(r) => r,
        Err(IngestError::Strict(e)) => {
            eprintln!("filrouge: {e} (stopped: --strict)");
            return Ok(Exit(3));
        }
        Err(e) => return Err(e.into()),
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else if !args.quiet {
        eprintln!(
            "ingested into {}: {} read, {} stored, {} duplicates skipped, {} failed; {} lines of page furniture learned from the inputs",
            db.db_path().display(),
            report.read,
            report.stored,
            report.duplicates,
            report.failed.len(),
            report.furniture.lines
        );
    }
    DONE
}
