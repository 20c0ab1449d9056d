//! filrouge's work queue on NATS JetStream: a publisher reads inputs as
//! `ingest` does and puts each document, as read, on a stream; workers on
//! any machine pull records, hand them to a handler that analyses and
//! stores them, and acknowledge each record only once the handler says
//! its write is committed.
//!
//! # On the server ([`Names`]; a prefix keeps queues apart)
//!
//! - Stream `FILROUGE_RECORDS`, subject `filrouge.records`, work-queue
//!   retention: a record leaves it when acknowledged. Its duplicate window
//!   ([`DUPLICATE_WINDOW`]) drops a record published again (`Nats-Msg-Id`
//!   is the document id, a content hash).
//! - Consumer `filrouge-workers`: one durable pull consumer all workers
//!   share ([`ConsumerSettings`]): explicit acks, an ack wait, a maximum
//!   of deliveries, a maximum of records out unacknowledged
//!   (back-pressure, whatever the number of workers). A worker changes
//!   only the settings it is given.
//! - Stream `FILROUGE_DEAD`, subject `filrouge.dead`: dead letters, kept.
//! - Object bucket `FILROUGE_FURNITURE`: page furniture, by content hash.
//!
//! # Records ([`wire`])
//!
//! A record is a `filrouge::model::Document` as read (decoded and
//! extracted, not cleaned) in JSON, with headers for its id, the format's
//! version, the time stage's reference date and the furniture it is to be
//! cleaned with. Reading stays with the publisher, which has the files.
//!
//! # Page furniture: learned by the publisher
//!
//! `ingest` learns the lines that recur across its inputs in a first
//! reading, then cleans every document with that frozen resource. The
//! publisher does the same first reading ([`filrouge::first_pass`]),
//! stores the furniture in the bucket and names it in each record; workers
//! load it once and analyse with it. So a document is cleaned as `ingest`
//! of the same inputs would clean it, whichever worker pulls it, in
//! whatever batch, however often it is redelivered. Learning from each
//! pulled batch instead would make cleaning depend on how records happen
//! to be batched (not deterministic) and learn little from small batches
//! (a line must recur in 3 documents, or 2 of one site).
//!
//! # Delivery: at least once, writes idempotent
//!
//! [`Queue::work_staged`] pulls a batch, groups its records by reference
//! date and furniture, and analyses each group, telling the server the
//! batch is in progress meanwhile; a second thread commits the batch, then
//! acknowledges, while the next batch is pulled and analysed
//! ([`Queue::work`]: one handler that analyses and commits). A worker killed before it acknowledges loses nothing: the
//! records are delivered again after the ack wait, and storing a stored
//! document is a no-op (its id is a content hash), so nothing is stored
//! twice. Each record is settled on its own:
//!
//! - committed: acknowledged;
//! - failed (the handler says why): given back with a delay, and on its
//!   N-th delivery published to the dead letters with the reason;
//! - not decodable, or its furniture missing: a dead letter at once
//!   (another delivery would not change it);
//! - delivered more than N times (the consumer allows N + 1): its workers
//!   died on it, so it is a dead letter without another try.
//!
//! A dead letter keeps the payload and headers and adds the reason, the
//! deliveries and the record's sequence; it is acknowledged only after the
//! dead-letter stream took it. A dead record never blocks the others. A
//! handler error on a whole group (the store busy or down) gives the batch
//! back; the worker pauses and goes on, and stops after
//! [`HANDLER_FAILURES_TO_STOP`] such batches in a row.
//!
//! **Invariant:** knows NATS and the record format; never reads inputs,
//! analyses or stores. The caller reads (and learns furniture), and the
//! handler analyses and commits; the CLI wires both to the facade.
//!
//! The API is synchronous (analysis and the store are): a [`Queue`] runs
//! its NATS client on a small runtime of its own.

#![warn(missing_docs)]

mod client;
mod consumer;
mod error;
mod furniture;
mod names;
mod publish;
mod settle;
mod stages;
mod status;
pub mod wire;
mod worker;

pub use client::{Queue, DUPLICATE_WINDOW};
pub use consumer::{
    ConsumerSettings, InForce, DEFAULT_ACK_WAIT, DEFAULT_MAX_ACK_PENDING, DEFAULT_MAX_DELIVER,
};
pub use error::{HandlerError, QueueError};
pub use furniture::furniture_name;
pub use names::Names;
pub use publish::{PublishReport, Publisher, PUBLISH_WINDOW};
pub use settle::{
    HEADER_DEAD_DELIVERIES, HEADER_DEAD_DOCUMENT, HEADER_DEAD_REASON, HEADER_DEAD_SEQUENCE,
};
pub use status::{DeadLetter, QueueStatus};
pub use worker::{
    Group, Handled, WorkReport, WorkerSettings, DEFAULT_PATIENCE, HANDLER_FAILURES_TO_STOP,
};
