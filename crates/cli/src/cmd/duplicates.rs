//! `filrouge duplicates`: near-duplicate articles across the inputs.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use filrouge::Pipeline;

use crate::args::{emit, Exit, InputArgs, DONE};

/// Arguments of `filrouge duplicates`.
#[derive(Args)]
pub struct DuplicatesArgs {
    /// Inputs, as for `analyze`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// Similarity threshold, 0 to 1.
    #[arg(long, default_value_t = filrouge::COPY_THRESHOLD)]
    threshold: f64,
    /// One JSON object per pair.
    #[arg(long)]
    json: bool,
}

/// Lists each article with the earlier ones it nearly duplicates.
pub fn run(args: DuplicatesArgs) -> Result<Exit> {
    // Near-duplicates need the cleaned text only.
    let pipeline = Pipeline::new()
        .with_tokens(false)
        .with_time(None)
        .with_entities(false);
    let collection = args.input.collection(&args.paths, &pipeline)?;
    let docs = collection.documents();
    let origin = |i: usize| docs.get(i).map(|d| d.source.origin()).unwrap_or_default();
    let mut out = std::io::stdout().lock();
    for pair in collection.copies_at(args.threshold).pairs {
        let (document, earlier) = (origin(pair.document), origin(pair.earlier));
        let line = if args.json {
            serde_json::to_string(&serde_json::json!({
                "document": document,
                "duplicates": earlier,
                "similarity": (pair.similarity * 1000.0).round() / 1000.0,
            }))?
        } else {
            format!("{:.2}  {document}  ~  {earlier}", pair.similarity)
        };
        if !emit(&mut out, &line)? {
            break;
        }
    }
    DONE
}
