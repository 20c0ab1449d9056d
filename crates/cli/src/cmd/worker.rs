//! `filrouge worker`: pull documents off the NATS JetStream queue, analyse
//! them with the page furniture their publisher learned, store them, and
//! acknowledge each once its batch is committed.
//!
//! Workers store without the search index (`filrouge::store_unindexed`):
//! several of them would contend for its one writer lock. `search` and
//! `serve` index what is missing when they open the store. With the SQLite
//! store, workers on one store take turns at its write lock (each batch is
//! one short transaction). A worker whose store is locked, restarting or
//! unreachable keeps its analysed batch in progress and tries again, up to
//! `--patience`; only then are its records delivered again.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use filrouge::model::Document;
use filrouge::store::{BatchOutcome, Store, StoreError};
use filrouge::Pipeline;
use filrouge_queue::{
    ConsumerSettings, Group, HandlerError, WorkReport, WorkerSettings, DEFAULT_PATIENCE,
};

use crate::args::{Exit, NatsArgs, StoreArg, DONE};
use crate::progress::Progress;

/// Arguments of `filrouge worker`.
#[derive(Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    nats: NatsArgs,
    #[command(flatten)]
    store: StoreArg,
    /// Records pulled at a time.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..))]
    batch: u32,
    /// Seconds a pulled record may stay unacknowledged before it is
    /// delivered again: how long a stopped worker holds its records up (a
    /// working one says it is still at it). The consumer is shared: a
    /// setting given changes it for every worker; one left out keeps what
    /// it has (60 when it is created).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    ack_wait: Option<u64>,
    /// Deliveries after which a record that keeps failing goes to the dead
    /// letters (5 when the consumer is created).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_deliver: Option<u32>,
    /// Records out unacknowledged at most, all workers together
    /// (back-pressure; 1024 when the consumer is created).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_ack_pending: Option<u32>,
    /// Stop once nothing is pending or in flight, instead of waiting for
    /// more records.
    #[arg(long)]
    exit_when_idle: bool,
    /// Analyse on this many threads (default: every core). Workers on one
    /// machine share its cores: `--threads 1` per worker, one worker per
    /// core, scales by processes.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Seconds a worker waits for a store or a NATS server it cannot
    /// reach (restarting, unreachable, locked, full), trying again with
    /// growing pauses while it tells the queue its records are still in
    /// progress. After that a batch the store refused is given back (which
    /// counts as a delivery; after three such batches in a row the worker
    /// stops), and a server still out of reach stops the worker.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_PATIENCE.as_secs())]
    patience: u64,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// No progress and no summary.
    #[arg(long, short)]
    quiet: bool,
}

/// The store workers write to. The one place a worker opens it. Workers
/// started together on a new store race to create it: one that finds the
/// database file still empty or locked (another is writing its schema)
/// tries again a moment later, and only then says so.
fn open_store(arg: &StoreArg) -> Result<Store> {
    for _ in 0..3 {
        match Store::open_location(&arg.location) {
            Err(StoreError::Truncated(_) | StoreError::Sqlite { .. }) => {
                std::thread::sleep(Duration::from_millis(500));
            }
            opened => return Ok(opened?),
        }
    }
    Ok(Store::open_location(&arg.location)?)
}

/// What a worker did, for the summary.
#[derive(Default, serde::Serialize)]
struct Summary {
    #[serde(flatten)]
    queue: WorkReport,
    /// Documents newly stored.
    stored: usize,
    /// Documents the store held already (delivered again, published again).
    duplicates: usize,
}

/// Works through the queue until stopped (or idle, with `--exit-when-idle`).
pub fn run(args: WorkerArgs) -> Result<Exit> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .map_err(|e| anyhow::anyhow!("cannot start {n} analysis threads: {e}"))?;
    }
    let mut store = open_store(&args.store)?;
    let queue = args.nats.connect()?;
    let settings = WorkerSettings {
        consumer: ConsumerSettings {
            ack_wait: args.ack_wait.map(Duration::from_secs),
            max_deliver: args.max_deliver,
            max_ack_pending: args.max_ack_pending,
        },
        batch: args.batch as usize,
        exit_when_idle: args.exit_when_idle,
        patience: Duration::from_secs(args.patience),
    };
    let progress = Progress::new(args.quiet);
    progress.step(format!(
        "waiting for records on stream {}",
        queue.names().records_stream()
    ));
    let mut analyser = Analyser::default();
    let mut storer = Storer {
        store: &mut store,
        stored: 0,
        duplicates: 0,
        patience: Duration::from_secs(args.patience),
        quiet: args.quiet,
    };
    // Analysis here, storing on the queue's second thread meanwhile.
    let result = queue.work_staged(
        &settings,
        |group| Ok(analyser.analyse(group)),
        |docs| storer.store(&docs),
        |r| {
            progress.step(format!(
                "records: {} pulled, {} committed, {} given back, {} dead letters{}",
                r.pulled,
                r.committed,
                r.retried,
                r.dead,
                r.last_failure
                    .as_ref()
                    .map_or(String::new(), |e| format!(" (last failure: {e})"))
            ))
        },
    );
    let (stored, duplicates) = (storer.stored, storer.duplicates);
    progress.clear();
    let summary = Summary {
        queue: result?,
        stored,
        duplicates,
    };
    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
    } else if !args.quiet {
        eprintln!(
            "worked stream {} on {} into {}: {} records pulled, {} stored, {} stored already, {} given back ({} batches after store errors), {} dead letters (`filrouge search` indexes them)",
            queue.names().records_stream(),
            queue.url(),
            store.name(),
            summary.queue.pulled,
            summary.stored,
            summary.duplicates,
            summary.queue.retried,
            summary.queue.failed_batches,
            summary.queue.dead
        );
    }
    DONE
}

/// Analyses groups of records, one pipeline per reference date and
/// furniture.
#[derive(Default)]
struct Analyser {
    pipelines: HashMap<(NaiveDate, Option<String>), Pipeline>,
}

impl Analyser {
    /// The group's documents analysed, in order (a panicking stage fails
    /// its document only).
    fn analyse(&mut self, group: Group) -> Vec<Result<Document, String>> {
        let pipeline = self.pipeline(&group);
        pipeline.process_guarded(group.documents)
    }

    /// The pipeline of the group's reference date and furniture.
    fn pipeline(&mut self, group: &Group) -> Pipeline {
        let key = (group.as_of, group.furniture_name.clone());
        if self.pipelines.len() > 8 && !self.pipelines.contains_key(&key) {
            self.pipelines.clear();
        }
        self.pipelines
            .entry(key)
            .or_insert_with(|| {
                let furniture = group.furniture.as_deref().cloned();
                filrouge::ingest_pipeline_with(group.as_of, furniture)
            })
            .clone()
    }
}

/// Stores analysed batches and counts what it stored.
struct Storer<'a> {
    store: &'a mut Store,
    stored: usize,
    duplicates: usize,
    /// How long to wait for a store that is down (see `--patience`).
    patience: Duration,
    /// Say nothing of the waits.
    quiet: bool,
}

impl Storer<'_> {
    /// Stores a batch in one transaction (see [`store_patiently`]).
    fn store(&mut self, docs: &[Document]) -> Result<(), HandlerError> {
        let outcome = store_patiently(self.store, docs, self.patience, self.quiet)?;
        self.stored += outcome.stored;
        self.duplicates += outcome.duplicates;
        Ok(())
    }
}

/// Stores a batch, trying again while the store's error is transient
/// (SQLite: another worker holds the write lock; PostgreSQL: restarting or
/// unreachable; a full disk) for up to `patience`, with pauses growing
/// from 50 ms to 5 s: the batch is not analysed again, and the queue keeps
/// its records in progress meanwhile, so an outage shorter than the
/// patience costs no delivery. Storing is idempotent, so a retry never
/// stores a document twice; any other error, or the patience spent, goes
/// to the queue, which gives the batch back.
fn store_patiently(
    store: &mut Store,
    docs: &[Document],
    patience: Duration,
    quiet: bool,
) -> Result<BatchOutcome, StoreError> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(50);
    let mut said = false;
    loop {
        match filrouge::store_unindexed(store, docs) {
            Err(e) if e.is_transient() && started.elapsed() + pause <= patience => {
                // Lock contention is routine between workers; an outage
                // lasting a second is worth a word.
                if !quiet && !said && started.elapsed() >= Duration::from_secs(1) {
                    eprintln!(
                        "filrouge worker: store unavailable ({e}); holding {} analysed documents and trying again for up to {} s",
                        docs.len(),
                        patience.as_secs()
                    );
                    said = true;
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(5));
            }
            stored => {
                if said && stored.is_ok() && !quiet {
                    eprintln!(
                        "filrouge worker: store back after {:.1} s",
                        started.elapsed().as_secs_f64()
                    );
                }
                return stored;
            }
        }
    }
}
