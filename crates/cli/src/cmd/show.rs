//! `filrouge show`: one stored document, its removals and why.

use anyhow::{bail, Context, Result};
use clap::Args;
use filrouge::output::{document_json, render_show};

use crate::args::{Exit, StoreArg, DONE};

/// Arguments of `filrouge show`.
#[derive(Args)]
pub struct ShowArgs {
    /// Document id or a unique prefix of it.
    id: String,
    #[command(flatten)]
    store: StoreArg,
    /// The full JSON record instead.
    #[arg(long)]
    json: bool,
}

/// Prints the document as a page, or its whole JSON record.
pub fn run(args: ShowArgs) -> Result<Exit> {
    let db = args.store.open_existing()?;
    let Some(full) = db.resolve(&args.id)? else {
        bail!("no document `{}` in {}", args.id, args.store.display());
    };
    let doc = db
        .get(&full)?
        .with_context(|| format!("document {full} vanished"))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&document_json(&doc))?);
    } else {
        print!("{}", render_show(&doc));
    }
    DONE
}
