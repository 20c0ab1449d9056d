//! Working through the queue: pull a batch, decode its records, hand them
//! to the caller's handler (which analyses and commits them), then settle
//! each record by what the handler said (see [`crate::settle`]).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::{self, AckKind};
use chrono::NaiveDate;
use filrouge::furniture::CollectionFurniture;
use filrouge::model::Document;
use futures_util::StreamExt;

use crate::settle::{Delivery, Outcome};
use crate::{wire, ConsumerSettings, HandlerError, Queue, QueueError};

/// How long a pull waits for a full batch before taking what came; never
/// more than a quarter of the ack wait, since the first record's ack wait
/// runs from its delivery, not from the pull's end (a pull as long as the
/// ack wait had its first records delivered again while it waited).
pub(crate) const PULL_WAIT: Duration = Duration::from_secs(1);

/// How often a worker that stops when idle looks again while other
/// workers still hold records.
pub(crate) const IDLE_POLL: Duration = Duration::from_millis(100);

/// How long a pull may take beyond its own wait before the worker gives
/// it up as lost.
const PULL_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a worker waits for an unreachable server by default.
pub const DEFAULT_PATIENCE: Duration = Duration::from_secs(300);

/// Furniture objects a worker keeps decoded.
const FURNITURE_CACHE: usize = 8;

/// How a worker pulls and when it stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerSettings {
    /// The shared consumer's settings.
    pub consumer: ConsumerSettings,
    /// Records pulled at a time (one handler call per group of them).
    pub batch: usize,
    /// Stop once nothing is pending or in flight, instead of waiting for
    /// more.
    pub exit_when_idle: bool,
    /// How long a worker waits for a server it cannot reach (restarting,
    /// the network down), asking again with growing pauses while the
    /// client reconnects, before it stops.
    pub patience: Duration,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        WorkerSettings {
            consumer: ConsumerSettings::default(),
            batch: 64,
            exit_when_idle: false,
            patience: DEFAULT_PATIENCE,
        }
    }
}

/// Records of a pulled batch that share their reference date and page
/// furniture, to be analysed by one pipeline.
#[derive(Debug, Clone)]
pub struct Group {
    /// The time stage's reference date.
    pub as_of: NaiveDate,
    /// The furniture's object name, when the publisher learned some.
    pub furniture_name: Option<String>,
    /// The furniture itself.
    pub furniture: Option<Arc<CollectionFurniture>>,
    /// The documents as read, in stream order.
    pub documents: Vec<Document>,
}

/// What the handler says of one document: committed (stored now or
/// before), or failed with a reason (delivered again; a dead letter on the
/// last delivery).
pub type Handled = Result<(), String>;

/// What a worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct WorkReport {
    /// Batches pulled.
    pub batches: usize,
    /// Records pulled (a record delivered twice counts twice).
    pub pulled: usize,
    /// Records committed by the handler and acknowledged.
    pub committed: usize,
    /// Records given back to be delivered again.
    pub retried: usize,
    /// Records sent to the dead letters.
    pub dead: usize,
    /// Batches the handler failed on as a whole (given back).
    pub failed_batches: usize,
    /// Requests to the server that failed and were made again (the
    /// server restarting or out of reach).
    pub server_waits: usize,
    /// The handler's last error on a whole batch.
    pub last_failure: Option<String>,
}

/// Batches in a row the handler may fail on as a whole (the store busy or
/// down) before the worker stops; it pauses after each, twice as long as
/// after the one before (a quarter of a second first).
pub const HANDLER_FAILURES_TO_STOP: usize = 3;

impl Queue {
    /// Works through the queue: pulls batches, hands each group of records
    /// to `handle` (which must commit them before it returns), acknowledges
    /// what it committed and settles the rest, calling `progress` after
    /// each batch. Runs until the handler or the server fails or, with
    /// `exit_when_idle`, until nothing is pending or in flight. The
    /// [`Queue::work_staged`] loop with nothing left to commit.
    ///
    /// A handler error gives the batch's uncommitted records back; after
    /// [`HANDLER_FAILURES_TO_STOP`] batches in a row it stops the worker
    /// with [`QueueError::Handler`].
    pub fn work(
        &self,
        settings: &WorkerSettings,
        handle: impl FnMut(Group) -> Result<Vec<Handled>, HandlerError>,
        progress: impl FnMut(&WorkReport) + Send,
    ) -> Result<WorkReport, QueueError> {
        self.work_staged(settings, handle, |_: Vec<()>| Ok(()), progress)
    }

    /// Up to `n` records, waiting at most `wait` for them; with no wait,
    /// those there now.
    pub(crate) fn pull(
        &self,
        consumer: &PullConsumer,
        n: usize,
        wait: Option<Duration>,
    ) -> Result<Vec<jetstream::Message>, QueueError> {
        let names = &self.names;
        // A pull whose request or answer was lost (the server restarting)
        // would wait forever: it gives up a while after its own wait, and
        // keeps what it had (delivered, so better handled than dropped).
        let deadline = wait.unwrap_or(Duration::ZERO) + PULL_TIMEOUT;
        self.block_on(async {
            let mut pulled = Vec::with_capacity(n);
            let pulling = async {
                let mut messages = match wait {
                    Some(wait) => {
                        consumer
                            .batch()
                            .max_messages(n)
                            .expires(wait.max(Duration::from_millis(100)))
                            .messages()
                            .await?
                    }
                    None => consumer.fetch().max_messages(n).messages().await?,
                };
                while let Some(message) = messages.next().await {
                    pulled.push(message?);
                }
                Ok::<_, async_nats::Error>(())
            };
            match tokio::time::timeout(deadline, pulling).await {
                Ok(Err(e)) => return Err(e),
                Err(_) if pulled.is_empty() => {
                    return Err(format!("no answer within {} s", deadline.as_secs()).into())
                }
                Ok(Ok(())) | Err(_) => {}
            }
            Ok::<_, async_nats::Error>(pulled)
        })
        .map_err(self.error(format!(
            "pulling from consumer {} of stream {}",
            names.consumer(),
            names.records_stream()
        )))
    }

    /// Each delivery's outcome when it is known before handling (a record
    /// delivered too often, one that does not decode, furniture that is
    /// missing), and the records to hand over, decoded and grouped.
    pub(crate) fn sort_out(
        &self,
        deliveries: &[Delivery],
        max_deliver: u32,
        cache: &mut BTreeMap<String, Result<Arc<CollectionFurniture>, String>>,
    ) -> Result<Vec<Outcome>, QueueError> {
        let today = chrono::Utc::now().date_naive();
        let mut outcomes = Vec::with_capacity(deliveries.len());
        for d in deliveries {
            if d.delivered > i64::from(max_deliver) {
                outcomes.push(Outcome::Dead(format!(
                    "delivered {max_deliver} times without being committed: the workers that took it stopped (did it crash them?)"
                )));
                continue;
            }
            let record = match wire::decode(d.message.headers.as_ref(), &d.message.payload, today) {
                Ok(record) => record,
                Err(reason) => {
                    outcomes.push(Outcome::Dead(format!("cannot decode the record: {reason}")));
                    continue;
                }
            };
            let furniture = match &record.furniture {
                Some(name) => match self.furniture_cached(name, cache)? {
                    Ok(f) => Some(f),
                    Err(reason) => {
                        outcomes.push(Outcome::Dead(reason));
                        continue;
                    }
                },
                None => None,
            };
            outcomes.push(Outcome::Ready(Box::new((record, furniture))));
        }
        Ok(outcomes)
    }

    /// The furniture named `name`, decoded once per worker.
    fn furniture_cached(
        &self,
        name: &str,
        cache: &mut BTreeMap<String, Result<Arc<CollectionFurniture>, String>>,
    ) -> Result<Result<Arc<CollectionFurniture>, String>, QueueError> {
        if let Some(found) = cache.get(name) {
            return Ok(found.clone());
        }
        let found = self.get_furniture(name)?.map(Arc::new);
        if cache.len() >= FURNITURE_CACHE {
            cache.clear();
        }
        cache.insert(name.to_string(), found.clone());
        Ok(found)
    }

    /// A task telling the server, every third of the ack wait, that the
    /// batch is in progress (so that a long analysis is not redelivered).
    pub(crate) fn keep_in_progress(
        &self,
        deliveries: &[Delivery],
        ack_wait: Duration,
    ) -> tokio::task::JoinHandle<()> {
        let messages: Vec<jetstream::Message> =
            deliveries.iter().map(|d| d.message.clone()).collect();
        let period = (ack_wait / 3).max(Duration::from_millis(100));
        self.runtime.spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.tick().await;
            loop {
                tick.tick().await;
                for m in &messages {
                    // A lost "in progress" only risks a redelivery.
                    let _ = m.ack_with(AckKind::Progress).await;
                }
            }
        })
    }
}

/// The ready records grouped by reference date and furniture, each group
/// with the positions of its members; the outcomes they leave are
/// [`Outcome::Handing`] until the handler has spoken.
pub(crate) fn groups(outcomes: &mut [Outcome]) -> Vec<(Vec<usize>, Group)> {
    let mut by_key: BTreeMap<(NaiveDate, Option<String>), (Vec<usize>, Group)> = BTreeMap::new();
    for (i, outcome) in outcomes.iter_mut().enumerate() {
        if !matches!(outcome, Outcome::Ready(_)) {
            continue;
        }
        let Outcome::Ready(ready) = std::mem::replace(outcome, Outcome::Handing) else {
            continue;
        };
        let (record, furniture) = *ready;
        let key = (record.as_of, record.furniture.clone());
        let (members, group) = by_key.entry(key).or_insert_with(|| {
            let group = Group {
                as_of: record.as_of,
                furniture_name: record.furniture.clone(),
                furniture,
                documents: Vec::new(),
            };
            (Vec::new(), group)
        });
        members.push(i);
        group.documents.push(record.document);
    }
    by_key.into_values().collect()
}

/// Gives the members' records back to the stream, uncommitted.
pub(crate) fn give_back(outcomes: &mut [Outcome], members: &[usize]) {
    for &i in members {
        outcomes[i] = Outcome::GiveBack;
    }
}

/// Test hook: `FILROUGE_TEST_WORKER_PAUSE=handle` (or `ack`) stops a worker
/// for an hour once it has pulled a batch, before handing it over (so
/// before anything is committed) or before acknowledging it (committed,
/// not acknowledged), saying so on stderr: a test kills it there with
/// SIGKILL, as a crash would.
pub(crate) fn test_pause(stage: &str, records: usize) {
    if std::env::var("FILROUGE_TEST_WORKER_PAUSE").as_deref() == Ok(stage) {
        eprintln!("filrouge-queue: test hook: paused before {stage} with {records} records pulled");
        std::thread::sleep(Duration::from_secs(3600));
    }
}
