//! `filrouge publish`: read inputs as `ingest` does (page furniture
//! learned in a first reading) and put each document, as read, on the
//! NATS JetStream queue that `filrouge worker`s work through.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use filrouge::{FurnitureSummary, Inputs};
use filrouge_queue::{PublishReport, Publisher, QueueError};

use crate::args::{some_exist, Exit, InputArgs, InputFailure, NatsArgs, SummaryArgs, DONE};
use crate::progress::Progress;

/// Arguments of `filrouge publish`.
#[derive(Args)]
pub struct PublishArgs {
    /// Inputs: .txt, .html, .jsonl, .warc[.gz], .rss/.atom, folders, `-`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    nats: NatsArgs,
    #[command(flatten)]
    input: InputArgs,
    /// Do not learn page furniture from the inputs first (one reading
    /// instead of two; workers then remove none).
    #[arg(long)]
    no_furniture_learning: bool,
    #[command(flatten)]
    output: SummaryArgs,
}

/// What a publish did, for the summary.
#[derive(serde::Serialize)]
struct Summary {
    server: String,
    stream: String,
    /// Documents read from the inputs.
    read: usize,
    /// Inputs, records or documents that could not be read or published.
    failed: usize,
    #[serde(flatten)]
    published: PublishReport,
    furniture: FurnitureSummary,
    /// The furniture's object name in the bucket, when some was learned.
    furniture_name: Option<String>,
}

/// Publishes the inputs' documents, reporting each one that cannot be
/// read (or is too large for the server) once.
pub fn run(args: PublishArgs) -> Result<Exit> {
    let read = args.input.read_options()?;
    some_exist(&args.paths)?;
    // Reach the server before the inputs are read: a wrong URL fails fast.
    let queue = args.nats.connect()?;
    let progress = Progress::new(args.output.quiet);
    progress.step("reading the inputs (learning their page furniture)");
    let inputs = Inputs::new(&args.paths, &read);
    let pass = filrouge::first_pass(&inputs, !args.no_furniture_learning);
    let mut summary = Summary {
        server: queue.url().to_string(),
        stream: queue.names().records_stream(),
        read: 0,
        failed: 0,
        published: PublishReport::default(),
        furniture: FurnitureSummary::of(&pass.furniture),
        furniture_name: None,
    };
    let mut publisher = queue.publisher(&pass.furniture, args.input.as_of())?;
    summary.furniture_name = publisher.furniture().map(str::to_string);
    for item in pass.items {
        let failure = match item {
            Ok(doc) => {
                summary.read += 1;
                match publisher.send(&doc) {
                    Ok(()) => None,
                    Err(e @ QueueError::TooLarge { .. }) => Some(e.to_string()),
                    Err(e) => return Err(e.into()),
                }
            }
            Err(e) => Some(e.to_string()),
        };
        if let Some(failure) = failure {
            progress.suspend(|| eprintln!("filrouge: {failure}"));
            summary.failed += 1;
            if args.input.strict {
                // What was sent stays sent.
                publisher.finish()?;
                progress.clear();
                return Err(InputFailure::Strict.into());
            }
        }
        count(&progress, &publisher, &summary, pass.count);
    }
    summary.published = publisher.finish()?;
    progress.clear();
    summarise(&args, &summary)?;
    if summary.published.sent == 0 && summary.failed > 0 {
        return Err(InputFailure::NothingRead {
            failed: summary.failed,
        }
        .into());
    }
    DONE
}

/// Progress: records sent and failed, of the total the first reading
/// counted.
fn count(progress: &Progress, publisher: &Publisher<'_>, summary: &Summary, total: Option<usize>) {
    let sent = publisher.report().sent;
    let what = format!("records: {sent} sent, {} failed", summary.failed);
    match total {
        Some(total) => progress.count(&what, sent + summary.failed, total),
        None => progress.step(what),
    }
}

/// The summary: JSON on stdout with `--json`, else one line on stderr
/// unless `--quiet`.
fn summarise(args: &PublishArgs, s: &Summary) -> Result<()> {
    args.output.print(s, || {
        format!(
            "published to stream {} on {}: {} read, {} new records, {} dropped as published already, {} failed; {} lines of page furniture learned from the inputs",
            s.stream,
            s.server,
            s.read,
            s.published.published,
            s.published.duplicates,
            s.failed,
            s.furniture.lines
        )
    })
}
