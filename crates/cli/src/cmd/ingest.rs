//! `filrouge ingest`: read, clean, analyse and store articles.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use filrouge::store::Store;
use filrouge::{IngestError, IngestOptions, IngestReport};

use crate::args::{
    some_exist, Exit, FurnitureArg, InputArgs, InputFailure, StoreArg, SummaryArgs, DONE,
};
use crate::progress::Progress;

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
    #[command(flatten)]
    furniture: FurnitureArg,
    #[command(flatten)]
    output: SummaryArgs,
}

/// Ingests the inputs, reporting each unreadable one once. Inputs of
/// which not one exists create no store.
pub fn run(args: IngestArgs) -> Result<Exit> {
    let opts = IngestOptions {
        read: args.input.read_options()?,
        strict: args.input.strict,
        learn_boilerplate: args.learn_boilerplate,
        learn_furniture: args.furniture.learn(),
        as_of: args.input.as_of,
    };
    some_exist(&args.paths)?;
    let mut db = args.store.open()?;
    let progress = Progress::new(args.output.quiet);
    progress.step("reading the inputs (learning their page furniture)");
    let mut reported = 0;
    let result = filrouge::ingest(&args.paths, &mut db, &opts, |r| {
        // Each failed input is reported once, as soon as it is known.
        for f in &r.failed[reported..] {
            progress.suspend(|| eprintln!("filrouge: {f}"));
        }
        reported = r.failed.len();
        let what = format!(
            "inputs: {} read, {} stored, {} failed",
            r.read,
            r.stored,
            r.failed.len()
        );
        match r.expected {
            Some(total) => progress.count(&what, r.read + r.failed.len(), total),
            None => progress.step(what),
        }
    });
    progress.clear();
    let report = match result {
        Ok(r) => r,
        Err(IngestError::Strict(e)) => {
            eprintln!("filrouge: {e} (stopped: --strict)");
            return Err(InputFailure::Strict.into());
        }
        Err(e) => return Err(e.into()),
    };
    summarise(&args, &db, &report)?;
    if report.read == 0 && !report.failed.is_empty() {
        return Err(InputFailure::NothingRead {
            failed: report.failed.len(),
        }
        .into());
    }
    DONE
}

/// The ingest's summary: JSON on stdout with `--json`, else one line on
/// stderr unless `--quiet`.
fn summarise(args: &IngestArgs, db: &Store, report: &IngestReport) -> Result<()> {
    args.output.print(report, || {
        format!(
            "ingested into {}: {} read, {} stored, {} duplicates skipped, {} failed; {} lines of page furniture learned from the inputs",
            db.name(),
            report.read,
            report.stored,
            report.duplicates,
            report.failed.len(),
            report.furniture.lines
        )
    })
}
