//! `filrouge place`: the corpus level placed in the store, one document at
//! a time (near-copies, stories, events linked and assembled), so that
//! timelines are read from the stored events. Once, or following the
//! store as workers and ingests fill it (`--follow`).

use std::time::Duration;

use anyhow::Result;
use clap::Args;
use filrouge::{place, PlaceReport, Placer};

use crate::args::{Exit, StoreArg, DONE};
use crate::progress::Progress;

/// Arguments of `filrouge place`.
#[derive(Args)]
pub struct PlaceArgs {
    #[command(flatten)]
    store: StoreArg,
    /// Documents placed per step (each a transaction).
    #[arg(long, value_name = "N", default_value_t = filrouge::placement::PLACE_BATCH)]
    batch: usize,
    /// Keep placing new documents as they are stored, checking every
    /// `--every` milliseconds, until stopped.
    #[arg(long)]
    follow: bool,
    /// How often `--follow` checks the store, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 200)]
    every: u64,
    /// Reference date documents are read against (YYYY-MM-DD; default
    /// today); it is only reported, documents keep their stored dates.
    #[arg(long, value_name = "DATE")]
    as_of: Option<chrono::NaiveDate>,
    /// No progress and no summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

/// Places what the store holds past its placement, then, with
/// `--follow`, whatever comes.
pub fn run(args: PlaceArgs) -> Result<Exit> {
    let mut store = args.store.open_existing()?;
    let progress = Progress::new(args.quiet);
    let mut placer = Placer::new(args.as_of.unwrap_or_else(filrouge::today));
    let report = place(
        &mut store,
        &mut placer,
        args.batch,
        &mut progress.counter("placing"),
    )?;
    progress.finish(&summary(&report, None));
    if !args.follow {
        return DONE;
    }
    loop {
        std::thread::sleep(Duration::from_millis(args.every.max(10)));
        let started = std::time::Instant::now();
        match place(&mut store, &mut placer, args.batch, &mut |_, _| {}) {
            Ok(r) if r.placed > 0 && !args.quiet => {
                eprintln!("filrouge: {}", summary(&r, Some(started.elapsed())));
            }
            Ok(_) => {}
            // The store went away for a while (a restart): try again later,
            // with a new placer (this one may have taken in documents whose
            // step was not written; a new one reads the placed ones again).
            Err(e) if e.is_transient() => {
                if !args.quiet {
                    eprintln!("filrouge place: {e}; trying again");
                }
                placer = Placer::new(args.as_of.unwrap_or_else(filrouge::today));
            }
            // Another placer moved the placement, or the store failed for
            // good: this one stops.
            Err(e) => return Err(e.into()),
        }
    }
}

/// One line: what a call placed and wrote (and how long it took, when
/// nothing else says it).
fn summary(r: &PlaceReport, took: Option<Duration>) -> String {
    let replayed = if r.replayed > 0 {
        format!(" (read {} placed before again)", r.replayed)
    } else {
        String::new()
    };
    let took = took.map_or(String::new(), |t| format!(" in {:.2} s", t.as_secs_f64()));
    format!(
        "placed {} document(s){replayed}{took}: {} event(s) written, {} removed; {} placed in all, revision {}",
        r.placed,
        r.written,
        r.removed,
        r.through,
        r.revision
    )
}
