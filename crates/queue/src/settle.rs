//! Settling pulled records once their batch is handled: acknowledge what
//! was committed, give back what may succeed later, and publish the rest
//! to the dead letters with their reason before acknowledging them.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{self, AckKind};
use async_nats::HeaderMap;
use filrouge::furniture::CollectionFurniture;

use crate::wire::{Record, HEADER_MSG_ID};
use crate::{Queue, QueueError, WorkReport};

/// Header of a dead letter: why it is dead.
pub const HEADER_DEAD_REASON: &str = "Filrouge-Dead-Reason";
/// Header of a dead letter: how often the record was delivered.
pub const HEADER_DEAD_DELIVERIES: &str = "Filrouge-Deliveries";
/// Header of a dead letter: the record's sequence in the records stream.
pub const HEADER_DEAD_SEQUENCE: &str = "Filrouge-Stream-Sequence";
/// Header of a dead letter: the record's document id, when it had one.
pub const HEADER_DEAD_DOCUMENT: &str = "Filrouge-Document";

/// Characters of a reason kept in a dead letter's header.
const REASON_MAX_CHARS: usize = 2000;

/// One pulled record and what JetStream says of its delivery.
pub(crate) struct Delivery {
    pub message: jetstream::Message,
    /// Times delivered, this time included.
    pub delivered: i64,
    /// Its sequence in the records stream.
    pub sequence: u64,
}

impl Delivery {
    /// The delivery of `message` (a pulled message always says; one that
    /// does not counts as a first delivery).
    pub fn of(message: jetstream::Message) -> Delivery {
        let (delivered, sequence) = message
            .info()
            .map(|i| (i.delivered, i.stream_sequence))
            .unwrap_or((1, 0));
        Delivery {
            message,
            delivered,
            sequence,
        }
    }
}

/// What becomes of a pulled record.
pub(crate) enum Outcome {
    /// Decoded, to hand over, with its furniture.
    Ready(Box<(Record, Option<Arc<CollectionFurniture>>)>),
    /// Handed over, the handler not done yet.
    Handing,
    /// Committed: acknowledge.
    Commit,
    /// Failed: deliver again, or dead on the last delivery.
    Retry(String),
    /// Not handled because the handler failed on the batch: deliver again.
    GiveBack,
    /// Dead now, for this reason.
    Dead(String),
}

impl Queue {
    /// Settles each delivery by its outcome and flushes the acks.
    pub(crate) fn settle(
        &self,
        deliveries: &[Delivery],
        outcomes: &[Outcome],
        max_deliver: u32,
        report: &mut WorkReport,
    ) -> Result<(), QueueError> {
        let what = format!(
            "settling records of stream {} (acks, dead letters to {})",
            self.names.records_stream(),
            self.names.dead_stream()
        );
        self.block_on(async {
            for (d, outcome) in deliveries.iter().zip(outcomes) {
                match outcome {
                    Outcome::Commit => {
                        d.message.ack().await?;
                        report.committed += 1;
                    }
                    Outcome::Retry(reason) if d.delivered >= i64::from(max_deliver) => {
                        let reason =
                            format!("failed on each of {} deliveries: {reason}", d.delivered);
                        self.dead_letter(d, &reason).await?;
                        report.dead += 1;
                    }
                    Outcome::Dead(reason) => {
                        self.dead_letter(d, reason).await?;
                        report.dead += 1;
                    }
                    Outcome::Retry(_)
                    | Outcome::GiveBack
                    | Outcome::Ready(_)
                    | Outcome::Handing => {
                        let delay = Duration::from_secs(d.delivered.clamp(1, 30) as u64);
                        d.message.ack_with(AckKind::Nak(Some(delay))).await?;
                        report.retried += 1;
                    }
                }
            }
            self.client.flush().await?;
            Ok::<_, async_nats::Error>(())
        })
        .map_err(self.error(what))
    }

    /// Publishes the record to the dead letters (its payload and headers,
    /// plus why, how often it was delivered and where it was), waits for
    /// the dead-letter stream to take it, then acknowledges the record. A
    /// worker stopped between the two publishes it again on the next
    /// delivery; the dead-letter stream drops the copy (same message id).
    async fn dead_letter(&self, d: &Delivery, reason: &str) -> Result<(), async_nats::Error> {
        let mut headers = HeaderMap::new();
        if let Some(original) = &d.message.headers {
            for (name, values) in original.iter() {
                let text: &str = name.as_ref();
                let renamed = text.eq_ignore_ascii_case(HEADER_MSG_ID);
                for v in values {
                    if renamed {
                        headers.insert(HEADER_DEAD_DOCUMENT, v.clone());
                    } else {
                        // The parsed name as it is: never validated again.
                        headers.append(name.clone(), v.clone());
                    }
                }
            }
        }
        let reason: String = reason.chars().take(REASON_MAX_CHARS).collect();
        headers.insert(HEADER_DEAD_REASON, reason.as_str());
        headers.insert(HEADER_DEAD_DELIVERIES, d.delivered.to_string());
        headers.insert(HEADER_DEAD_SEQUENCE, d.sequence.to_string());
        let stream = self.names.records_stream();
        headers.insert(HEADER_MSG_ID, format!("{stream}-{}", d.sequence));
        let ack = self
            .js
            .publish_with_headers(
                self.names.dead_subject(),
                headers,
                d.message.payload.clone(),
            )
            .await?;
        ack.await?;
        d.message.ack().await
    }
}
