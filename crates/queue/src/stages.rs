//! The worker's loop in two stages on two threads: while one batch is
//! committed and settled (waiting on the store and the server), the next
//! is pulled and analysed. A worker analysing on one core otherwise spent
//! a fifth of its time waiting for its own writes.
//!
//! At most one analysed batch waits for the committer (a rendezvous
//! channel), so a worker holds at most three batches in progress. The
//! order of events per record is unchanged: analysed, committed, then
//! acknowledged.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_nats::jetstream::consumer::PullConsumer;

use crate::consumer::InForce;
use crate::settle::{Delivery, Outcome};
use crate::worker::{give_back, groups, test_pause, Group, IDLE_POLL, PULL_WAIT};
use crate::HANDLER_FAILURES_TO_STOP;
use crate::{HandlerError, Queue, QueueError, WorkReport, WorkerSettings};

/// A pulled batch once analysed, on its way to the committer.
struct Analysed<T> {
    deliveries: Vec<Delivery>,
    /// Records analysed fine are [`Outcome::Handing`] until committed.
    outcomes: Vec<Outcome>,
    /// What to commit, with each value's position in the batch.
    values: Vec<(usize, T)>,
    /// Why analysis failed on a whole group, if it did.
    stopped: Option<HandlerError>,
    /// Tells the server the batch is in progress until it is committed.
    keepalive: tokio::task::JoinHandle<()>,
}

impl Queue {
    /// Works through the queue in two stages: `analyse` each group of a
    /// pulled batch (per record: a value to commit, or why it failed; or
    /// an error on the whole group), then, on a thread of its own while
    /// the next batch is pulled and analysed, `commit` the batch's values
    /// at once and settle every record: acknowledged once committed, given
    /// back or a dead letter otherwise. `progress` is called after each
    /// batch is settled. Runs until a stage or the server fails or, with
    /// `exit_when_idle`, until nothing is pending or in flight.
    ///
    /// A whole-batch error (from either stage) gives the batch's
    /// uncommitted records back; after [`HANDLER_FAILURES_TO_STOP`]
    /// batches in a row it stops the worker with [`QueueError::Handler`].
    pub fn work_staged<T: Send>(
        &self,
        settings: &WorkerSettings,
        mut analyse: impl FnMut(Group) -> Result<Vec<Result<T, String>>, HandlerError>,
        commit: impl FnMut(Vec<T>) -> Result<(), HandlerError> + Send,
        progress: impl FnMut(&WorkReport) + Send,
    ) -> Result<WorkReport, QueueError> {
        let report = Mutex::new(WorkReport::default());
        // A worker started while the server restarts waits for it too.
        let patience = settings.patience;
        patiently(patience, &report, || self.ensure_streams())?;
        let in_force = patiently(patience, &report, || {
            self.ensure_consumer(&settings.consumer)
        })?;
        let consumer = patiently(patience, &report, || self.pull_consumer())?;
        let committer_done = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::sync_channel(0);
            let committer = scope.spawn(|| {
                let settled = self.commit_and_settle(
                    rx,
                    (in_force.max_deliver, settings.patience),
                    commit,
                    progress,
                    &report,
                );
                committer_done.store(true, Ordering::SeqCst);
                settled
            });
            let pulled = self.pull_and_analyse(
                settings,
                &in_force,
                &consumer,
                &mut analyse,
                tx,
                (&report, &committer_done),
            );
            let settled = committer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            pulled.and(settled)
        })?;
        Ok(report.into_inner().unwrap_or_else(PoisonError::into_inner))
    }

    /// The first stage: pulls, decodes and analyses batches and hands each
    /// to the committer, until idle (with `exit_when_idle`), the server
    /// fails, or the committer stops.
    fn pull_and_analyse<T>(
        &self,
        settings: &WorkerSettings,
        in_force: &InForce,
        consumer: &PullConsumer,
        analyse: &mut impl FnMut(Group) -> Result<Vec<Result<T, String>>, HandlerError>,
        to_commit: SyncSender<Analysed<T>>,
        (report, committer_done): (&Mutex<WorkReport>, &AtomicBool),
    ) -> Result<(), QueueError> {
        let mut cache = BTreeMap::new();
        while !committer_done.load(Ordering::SeqCst) {
            // A worker that stops when idle takes what is there without
            // waiting for a full batch: the queue's last records need not
            // wait out a pull, nor the worker a last empty one.
            let wait = match settings.exit_when_idle {
                true => None,
                false => Some(PULL_WAIT.min(in_force.ack_wait / 4)),
            };
            let patience = settings.patience;
            let batch = patiently(patience, report, || {
                self.pull(consumer, settings.batch.max(1), wait)
            })?;
            if batch.is_empty() {
                if settings.exit_when_idle {
                    // In flight counts the committer's batch too.
                    if patiently(patience, report, || self.idle())? {
                        return Ok(());
                    }
                    // Records out with other workers may come back.
                    std::thread::sleep(IDLE_POLL);
                }
                continue;
            }
            {
                let mut report = report.lock().unwrap_or_else(PoisonError::into_inner);
                report.batches += 1;
                report.pulled += batch.len();
            }
            test_pause("handle", batch.len());
            let deliveries: Vec<Delivery> = batch.into_iter().map(Delivery::of).collect();
            // In progress from now: decoding may fetch furniture.
            let keepalive = self.keep_in_progress(&deliveries, in_force.ack_wait);
            let mut outcomes = match self.sort_out(&deliveries, in_force.max_deliver, &mut cache) {
                Ok(outcomes) => outcomes,
                Err(e) => {
                    keepalive.abort();
                    return Err(e);
                }
            };
            let (values, stopped) = analyse_groups(&mut outcomes, analyse);
            let analysed = Analysed {
                deliveries,
                outcomes,
                values,
                stopped,
                keepalive,
            };
            if let Err(mpsc::SendError(unsent)) = to_commit.send(analysed) {
                // The committer stopped (its error says why): the batch is
                // delivered again after the ack wait.
                unsent.keepalive.abort();
                return Ok(());
            }
        }
        Ok(())
    }

    /// The second stage: commits each analysed batch's values, then
    /// settles its records; stops after [`HANDLER_FAILURES_TO_STOP`]
    /// failed batches in a row, or when the server fails.
    fn commit_and_settle<T>(
        &self,
        analysed: Receiver<Analysed<T>>,
        (max_deliver, patience): (u32, Duration),
        mut commit: impl FnMut(Vec<T>) -> Result<(), HandlerError>,
        mut progress: impl FnMut(&WorkReport),
        report: &Mutex<WorkReport>,
    ) -> Result<(), QueueError> {
        let mut failures_in_a_row = 0;
        for batch in analysed {
            let Analysed {
                deliveries,
                mut outcomes,
                values,
                mut stopped,
                keepalive,
            } = batch;
            if !values.is_empty() {
                let (positions, values): (Vec<usize>, Vec<T>) = values.into_iter().unzip();
                let committed = commit(values);
                let ok = committed.is_ok();
                if let Err(e) = committed {
                    stopped = stopped.or(Some(e));
                }
                for i in positions {
                    outcomes[i] = if ok {
                        Outcome::Commit
                    } else {
                        Outcome::GiveBack
                    };
                }
            }
            keepalive.abort();
            test_pause("ack", deliveries.len());
            // Settling again after a failure is harmless: an ack twice is
            // one, a dead letter's copy is dropped by its message id.
            let settled = patiently(patience, report, || {
                let mut settled = WorkReport::default();
                self.settle(&deliveries, &outcomes, max_deliver, &mut settled)?;
                Ok(settled)
            })?;
            let mut shared = report.lock().unwrap_or_else(PoisonError::into_inner);
            shared.committed += settled.committed;
            shared.retried += settled.retried;
            shared.dead += settled.dead;
            failures_in_a_row = match stopped {
                Some(cause) if failures_in_a_row + 1 >= HANDLER_FAILURES_TO_STOP => {
                    return Err(QueueError::Handler {
                        url: self.url.clone(),
                        stream: self.names.records_stream(),
                        records: deliveries.len(),
                        cause,
                    });
                }
                Some(cause) => {
                    shared.failed_batches += 1;
                    shared.last_failure = Some(cause.to_string());
                    progress(&shared);
                    drop(shared);
                    std::thread::sleep(Duration::from_millis(250 << failures_in_a_row));
                    failures_in_a_row + 1
                }
                None => {
                    progress(&shared);
                    0
                }
            };
        }
        Ok(())
    }
}

/// Pause after a first failure to reach the server; doubled after each
/// next one, up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(250);
/// Longest pause between two tries.
const MAX_PAUSE: Duration = Duration::from_secs(5);

/// `op`'s answer, asked again after a pause while it fails on the server
/// (restarting, out of reach: the client reconnects meanwhile) for up to
/// `patience`; each failure is the report's last one. Other errors, and
/// the last failure once the patience is spent, are returned.
fn patiently<T>(
    patience: Duration,
    report: &Mutex<WorkReport>,
    mut op: impl FnMut() -> Result<T, QueueError>,
) -> Result<T, QueueError> {
    let started = Instant::now();
    let mut pause = FIRST_PAUSE;
    loop {
        match op() {
            Err(e @ QueueError::JetStream { .. }) if started.elapsed() + pause <= patience => {
                let mut report = report.lock().unwrap_or_else(PoisonError::into_inner);
                report.server_waits += 1;
                report.last_failure = Some(format!("{e} (trying again)"));
                drop(report);
                std::thread::sleep(pause);
                pause = (pause * 2).min(MAX_PAUSE);
            }
            answer => return answer,
        }
    }
}

/// Hands the ready records to `analyse`, one group at a time: records it
/// fails become [`Outcome::Retry`], those it analysed stay
/// [`Outcome::Handing`] with their value returned beside their position.
/// Also returns its error when it failed on a whole group (that group and
/// the ones after it are given back).
fn analyse_groups<T>(
    outcomes: &mut [Outcome],
    analyse: &mut impl FnMut(Group) -> Result<Vec<Result<T, String>>, HandlerError>,
) -> (Vec<(usize, T)>, Option<HandlerError>) {
    let mut values = Vec::new();
    let mut stopped = None;
    for (members, group) in groups(outcomes) {
        if stopped.is_some() {
            give_back(outcomes, &members);
            continue;
        }
        match analyse(group) {
            Ok(results) => {
                let mut results = results.into_iter();
                for &i in &members {
                    match results.next() {
                        Some(Ok(value)) => values.push((i, value)),
                        Some(Err(reason)) => outcomes[i] = Outcome::Retry(reason),
                        None => {
                            outcomes[i] = Outcome::Retry("the handler said nothing of it".into())
                        }
                    }
                }
            }
            Err(e) => {
                give_back(outcomes, &members);
                stopped = Some(e);
            }
        }
    }
    (values, stopped)
}
