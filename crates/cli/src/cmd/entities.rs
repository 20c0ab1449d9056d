//! `filrouge entities`: canonical entities across the inputs or a store.

use anyhow::Result;
use clap::Args;

use crate::args::{emit, CorpusArgs, Exit, DONE};
use crate::progress::Progress;

/// Arguments of `filrouge entities`.
#[derive(Args)]
pub struct EntitiesArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Only entities mentioned at least this many times.
    #[arg(long, default_value_t = 1)]
    min_mentions: usize,
    /// One JSON object per entity.
    #[arg(long)]
    json: bool,
}

/// Lists the canonical entities with their aliases and counts.
pub fn run(args: EntitiesArgs) -> Result<Exit> {
    let progress = Progress::new(args.corpus.quiet);
    let collection = args
        .corpus
        .collection(&args.corpus.input.annotating(), &progress)?;
    progress.step("resolving entities across the documents");
    let entities = collection.entities();
    progress.finish(&format!(
        "{} entities in {} documents of {}",
        entities.len(),
        collection.len(),
        args.corpus.origin()
    ));
    let mut out = std::io::stdout().lock();
    for e in entities.iter().filter(|e| e.mentions >= args.min_mentions) {
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
