//! `filrouge entities`: canonical entities across the inputs.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::args::{emit, Exit, InputArgs, DONE};

/// Arguments of `filrouge entities`.
#[derive(Args)]
pub struct EntitiesArgs {
    /// Inputs, as for `analyze`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// Only entities mentioned at least this many times.
    #[arg(long, default_value_t = 1)]
    min_mentions: usize,
    /// One JSON object per entity.
    #[arg(long)]
    json: bool,
}

/// Lists the canonical entities with their aliases and counts.
pub fn run(args: EntitiesArgs) -> Result<Exit> {
    let collection = args
        .input
        .collection(&args.paths, &args.input.annotating())?;
    let mut out = std::io::stdout().lock();
    for e in collection
        .entities()
        .iter()
        .filter(|e| e.mentions >= args.min_mentions)
    {
        let line = if args.json {
            serde_json::to_string(e)?
        } else {
            let aliases: Vec<String> = e
                .aliases
                .iter()
                .map(|(a, n)| format!("{a} ({n})"))
                .collect();
            format!(
                "{:<4} {:<28} {:>4} mentions in {} documents  [{}]  id {}",
                e.kind.as_str(),
                e.name,
                e.mentions,
                e.documents.len(),
                aliases.join(", "),
                e.id
            )
        };
        if !emit(&mut out, &line)? {
            break;
        }
    }
    DONE
}
