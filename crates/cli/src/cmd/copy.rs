//! `filrouge copy`: a store copied into another, whatever their backends
//! (an embedded store moved to PostgreSQL, or back).

use anyhow::Result;
use clap::Args;
use filrouge::store::{Location, Store};

use crate::args::{Exit, StoreArg, DONE};
use crate::progress::Progress;

/// Arguments of `filrouge copy`.
#[derive(Args)]
pub struct CopyArgs {
    /// The store to copy from (a folder or a PostgreSQL address); it must exist.
    #[arg(long, value_name = "DIR|URL")]
    from: Location,
    /// The store to copy into (created if needed).
    #[command(flatten)]
    store: StoreArg,
    /// No progress and no summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// Copies every document of `--from` into `--store`.
pub fn run(args: CopyArgs) -> Result<Exit> {
    let from = Store::open_existing_location(&args.from)?;
    let mut to = args.store.open()?;
    let progress = Progress::new(args.quiet);
    let report = filrouge::copy_store(&from, &mut to, progress.counter("documents copied"))?;
    progress.clear();
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else if !args.quiet {
        eprintln!(
            "copied {} into {}: {} documents read, {} stored, {} already there, {} indexed",
            args.from.display(),
            to.name(),
            report.read,
            report.stored,
            report.duplicates,
            report.indexed
        );
    }
    DONE
}
