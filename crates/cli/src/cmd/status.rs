//! `filrouge status`: where the queue stands (records pending, in flight,
//! dead letters) and, with `--store`, how many documents are stored.

use anyhow::Result;
use clap::Args;
use filrouge::store::{Location, Store};
use filrouge_queue::{DeadLetter, QueueStatus};

use crate::args::{Exit, NatsArgs, DONE};

/// Arguments of `filrouge status`.
#[derive(Args)]
pub struct StatusArgs {
    #[command(flatten)]
    nats: NatsArgs,
    /// Also count the documents of this store (made by `worker` or
    /// `ingest`): a folder or a PostgreSQL address.
    #[arg(long, value_name = "DIR|URL", env = "FILROUGE_STORE")]
    store: Option<Location>,
    /// Also list the last N dead letters, with why each is dead.
    #[arg(long, value_name = "N", default_value_t = 0)]
    dead: usize,
    /// Print the counts as JSON.
    #[arg(long)]
    json: bool,
}

/// The store `status` counts. The one place it opens one.
fn open_store(location: &Location) -> Result<Store> {
    Ok(Store::open_existing_location(location)?)
}

/// What `status` prints.
#[derive(serde::Serialize)]
struct Report {
    #[serde(flatten)]
    queue: QueueStatus,
    /// Documents in the store, when one was given.
    stored: Option<usize>,
    /// The last dead letters, when asked for.
    dead_letters: Vec<DeadLetter>,
}

/// Prints the counts.
pub fn run(args: StatusArgs) -> Result<Exit> {
    let queue = args.nats.connect()?;
    let stored = match &args.store {
        Some(dir) => Some(open_store(dir)?.count()?),
        None => None,
    };
    let report = Report {
        queue: queue.status()?,
        stored,
        dead_letters: queue.dead_letters(args.dead)?,
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
        return DONE;
    }
    let q = &report.queue;
    println!("queue {} on {}", q.stream, q.server);
    println!(
        "pending       {:>8}  records no worker has pulled yet",
        q.pending
    );
    println!(
        "in flight     {:>8}  pulled, not yet acknowledged ({} delivered more than once)",
        q.in_flight, q.redelivered
    );
    if let (Some(n), Some(dir)) = (report.stored, &args.store) {
        println!("stored        {n:>8}  documents in {}", dir.display());
    }
    println!(
        "dead letters  {:>8}  in stream {}",
        q.dead,
        queue.names().dead_stream()
    );
    for d in &report.dead_letters {
        println!("{}", dead_line(d));
    }
    DONE
}

/// One dead letter on a line.
fn dead_line(d: &DeadLetter) -> String {
    let document = d.document.as_deref().unwrap_or("no document id");
    let deliveries = d.deliveries.map_or("?".to_string(), |n| n.to_string());
    format!(
        "  dead letter {} ({document}, {} bytes, {deliveries} deliveries): {}",
        d.sequence, d.bytes, d.reason
    )
}
