//! `filrouge docs`: the stored documents, one line each.

use std::io::{BufWriter, Write};

use anyhow::Result;
use clap::Args;

use crate::args::{Exit, StoreArg, DONE};

/// Arguments of `filrouge docs`.
#[derive(Args)]
pub struct DocsArgs {
    #[command(flatten)]
    store: StoreArg,
    /// At most this many.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Skip this many first.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
}

/// Lists stored documents in ingestion order.
pub fn run(args: DocsArgs) -> Result<Exit> {
    let db = args.store.open_existing()?;
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    for d in db.list(args.limit, args.offset)? {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&d)?)?;
        } else {
            writeln!(
                out,
                "{}  {:<2}  {:>6}B  {:>2} removed  {}  {}",
                d.id.get(..12).unwrap_or(&d.id),
                d.lang.as_deref().unwrap_or("?"),
                d.chars,
                d.removals,
                d.title.as_deref().unwrap_or("(untitled)"),
                d.origin
            )?;
        }
    }
    out.flush()?;
    DONE
}
