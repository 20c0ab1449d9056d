//! `filrouge duplicates`: near-duplicate articles across the inputs or a
//! store.

use anyhow::Result;
use clap::Args;
use filrouge::Pipeline;

use crate::args::{emit, CorpusArgs, Exit, DONE};
use crate::progress::Progress;

/// Arguments of `filrouge duplicates`.
#[derive(Args)]
pub struct DuplicatesArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
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
    let progress = Progress::new(args.corpus.quiet);
    let collection = args.corpus.collection(&pipeline, &progress)?;
    let docs = collection.documents();
    let origin = |i: usize| docs.get(i).map(|d| d.source.origin()).unwrap_or_default();
    progress.step("comparing the documents");
    let pairs = collection.copies_at(args.threshold).pairs;
    progress.finish(&format!(
        "{} near-duplicate pairs among {} documents of {}",
        pairs.len(),
        collection.len(),
        args.corpus.origin()
    ));
    let mut out = std::io::stdout().lock();
    for pair in pairs {
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
