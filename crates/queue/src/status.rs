//! Counts of a queue and its dead letters, read from the server without
//! creating anything.

use async_nats::jetstream::consumer;
use async_nats::jetstream::context::ConsumerInfoErrorKind;
use async_nats::jetstream::stream::Stream;

use crate::client::stream_missing;
use crate::settle::{
    HEADER_DEAD_DELIVERIES, HEADER_DEAD_DOCUMENT, HEADER_DEAD_REASON, HEADER_DEAD_SEQUENCE,
};
use crate::{Queue, QueueError};

/// Where a queue stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct QueueStatus {
    /// The server's URL.
    pub server: String,
    /// The records stream.
    pub stream: String,
    /// Records in the stream: pending and in flight (a record leaves the
    /// stream when it is acknowledged).
    pub records: u64,
    /// Records no worker has pulled yet.
    pub pending: u64,
    /// Records pulled and not yet acknowledged.
    pub in_flight: u64,
    /// Of those in flight, records delivered more than once.
    pub redelivered: u64,
    /// Pull requests of idle workers waiting for records.
    pub waiting_pulls: u64,
    /// Records in the dead-letter stream.
    pub dead: u64,
}

/// A record in the dead letters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeadLetter {
    /// Its sequence in the dead-letter stream.
    pub sequence: u64,
    /// Why it is dead.
    pub reason: String,
    /// Its document id, when it had one.
    pub document: Option<String>,
    /// How often it was delivered.
    pub deliveries: Option<u64>,
    /// Its sequence in the records stream.
    pub record_sequence: Option<u64>,
    /// Its payload's size in bytes.
    pub bytes: usize,
}

impl Queue {
    /// The stream named `name`, or `None` when it does not exist.
    fn stream(&self, name: &str) -> Result<Option<Stream>, QueueError> {
        match self.block_on(self.js.get_stream(name)) {
            Ok(stream) => Ok(Some(stream)),
            Err(e) if stream_missing(&e.kind()) => Ok(None),
            Err(e) => Err(self.error(format!("reading stream {name}"))(e)),
        }
    }

    /// The shared consumer's state, or `None` when no worker created it.
    pub(crate) fn consumer_info(&self) -> Result<Option<consumer::Info>, QueueError> {
        let Some(stream) = self.stream(&self.names.records_stream())? else {
            return Ok(None);
        };
        let name = self.names.consumer();
        match self.block_on(stream.consumer_info(&name)) {
            Ok(info) => Ok(Some(info)),
            Err(e) if e.kind() == ConsumerInfoErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.error(format!("reading consumer {name}"))(e)),
        }
    }

    /// Where the queue stands: zeros for streams not created yet.
    pub fn status(&self) -> Result<QueueStatus, QueueError> {
        let names = &self.names;
        let records = self
            .stream(&names.records_stream())?
            .map_or(0, |s| s.cached_info().state.messages);
        let dead = self
            .stream(&names.dead_stream())?
            .map_or(0, |s| s.cached_info().state.messages);
        let mut status = QueueStatus {
            server: self.url.clone(),
            stream: names.records_stream(),
            records,
            pending: records,
            dead,
            ..QueueStatus::default()
        };
        if let Some(info) = self.consumer_info()? {
            status.pending = info.num_pending;
            status.in_flight = info.num_ack_pending as u64;
            status.redelivered = info.num_redelivered as u64;
            status.waiting_pulls = info.num_waiting as u64;
        }
        Ok(status)
    }

    /// The last `n` dead letters, oldest first.
    pub fn dead_letters(&self, n: usize) -> Result<Vec<DeadLetter>, QueueError> {
        let name = self.names.dead_stream();
        let Some(stream) = self.stream(&name)? else {
            return Ok(Vec::new());
        };
        let state = &stream.cached_info().state;
        if state.messages == 0 {
            return Ok(Vec::new());
        }
        let first = state
            .last_sequence
            .saturating_sub(n as u64)
            .saturating_add(1)
            .max(state.first_sequence);
        let mut letters = Vec::new();
        for sequence in first..=state.last_sequence {
            // A sequence may have been deleted: skip it.
            let Ok(message) = self.block_on(stream.get_raw_message(sequence)) else {
                continue;
            };
            let header = |h: &str| message.headers.get(h).map(|v| v.as_str().to_string());
            let number = |h: &str| header(h).and_then(|v| v.parse().ok());
            letters.push(DeadLetter {
                sequence,
                reason: header(HEADER_DEAD_REASON).unwrap_or_default(),
                document: header(HEADER_DEAD_DOCUMENT),
                deliveries: number(HEADER_DEAD_DELIVERIES),
                record_sequence: number(HEADER_DEAD_SEQUENCE),
                bytes: message.payload.len(),
            });
        }
        Ok(letters)
    }
}
