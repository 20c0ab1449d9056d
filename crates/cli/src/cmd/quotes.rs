//! `filrouge quotes`: quotes across the inputs (or a store) with their
//! speakers.

use anyhow::Result;
use clap::Args;
use filrouge::CollectionQuote;

use crate::args::{emit, CorpusArgs, Exit, DONE};
use crate::progress::Progress;

/// Arguments of `filrouge quotes`.
#[derive(Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Only quotes of this speaker (any alias, case and accents ignored).
    #[arg(long)]
    speaker: Option<String>,
    /// One JSON object per quote.
    #[arg(long)]
    json: bool,
}

/// Lists each quote with its canonical speaker.
pub fn run(args: QuotesArgs) -> Result<Exit> {
    let progress = Progress::new(args.corpus.quiet);
    let collection = args
        .corpus
        .collection(&args.corpus.input.annotating(), &progress)?;
    progress.step("resolving the speakers");
    let quotes = collection.quotes(args.speaker.as_deref());
    progress.finish(&format!(
        "{} quotes in {} documents of {}",
        quotes.len(),
        collection.len(),
        args.corpus.origin()
    ));
    let mut out = std::io::stdout().lock();
    for q in quotes {
        let line = if args.json {
            json_line(&q)
        } else {
            text_line(&q)
        };
        if !emit(&mut out, &line)? {
            break;
        }
    }
    DONE
}

/// The speaker's canonical name, else as written.
fn speaker_name(q: &CollectionQuote<'_>) -> String {
    q.entity
        .map(|e| e.name.clone())
        .or_else(|| q.speaker.map(str::to_string))
        .unwrap_or_else(|| "(unknown speaker)".into())
}

fn json_line(q: &CollectionQuote<'_>) -> String {
    serde_json::json!({
        "document": q.document.id,
        "origin": q.document.source.origin(),
        "span": [q.span.start, q.span.end],
        "quote": q.text(),
        "speaker": speaker_name(q),
        "speaker_id": q.entity.map(|e| e.id.clone()),
        "speaker_as_written": q.speaker,
        "cue": q.cue,
        "channel": q.channel,
        "reported_by": q.reported_by,
    })
    .to_string()
}

fn text_line(q: &CollectionQuote<'_>) -> String {
    let extra = [
        q.cue.map(|c| format!("cue {c}")),
        q.channel.map(|c| format!("on {c}")),
        q.reported_by.map(|r| format!("reported by {r}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    format!(
        "{} ({extra}) in {}:\n    « {} »",
        speaker_name(q),
        q.document.source.origin(),
        q.text().replace('\n', " ")
    )
}
