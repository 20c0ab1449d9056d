//! Publishing records: each document as read goes on the records stream,
//! with a window of publications awaiting the server's acknowledgement.

use std::collections::VecDeque;

use async_nats::jetstream::context::PublishAckFuture;
use chrono::NaiveDate;
use filrouge::furniture::CollectionFurniture;
use filrouge::model::Document;

use crate::{wire, Queue, QueueError};

/// Publications sent before the oldest one's acknowledgement is awaited.
pub const PUBLISH_WINDOW: usize = 256;

/// Room kept for a record's headers under the server's payload limit.
const HEADER_ROOM: usize = 512;

/// What a publisher did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PublishReport {
    /// Records sent to the server.
    pub sent: usize,
    /// Records the stream took.
    pub published: usize,
    /// Records the stream dropped: published already within its duplicate
    /// window (same document id).
    pub duplicates: usize,
    /// Bytes sent (payloads).
    pub bytes: u64,
}

/// Puts records on a queue's stream; [`Publisher::finish`] waits for the
/// server to have taken every one.
pub struct Publisher<'q> {
    queue: &'q Queue,
    subject: String,
    /// The stream, as errors name it.
    stream: String,
    /// The server's largest message, read once.
    max_payload: usize,
    as_of: NaiveDate,
    furniture: Option<String>,
    waiting: VecDeque<PublishAckFuture>,
    report: PublishReport,
}

impl Queue {
    /// A publisher of documents read from inputs whose page furniture is
    /// `furniture` (stored in the bucket first, unless empty), to be dated
    /// with `as_of` as reference. Creates the streams when missing.
    pub fn publisher(
        &self,
        furniture: &CollectionFurniture,
        as_of: NaiveDate,
    ) -> Result<Publisher<'_>, QueueError> {
        self.ensure_streams()?;
        let furniture = self.put_furniture(furniture)?;
        Ok(Publisher {
            queue: self,
            subject: self.names.records_subject(),
            stream: self.names.records_stream(),
            max_payload: self.client.server_info().max_payload,
            as_of,
            furniture,
            waiting: VecDeque::new(),
            report: PublishReport::default(),
        })
    }
}

impl Publisher<'_> {
    /// The name of the page furniture the records carry, if any.
    pub fn furniture(&self) -> Option<&str> {
        self.furniture.as_deref()
    }

    /// What was done so far.
    pub fn report(&self) -> &PublishReport {
        &self.report
    }

    /// Publishes `doc`. A document too large for the server is
    /// [`QueueError::TooLarge`] and nothing is sent: the caller may go on.
    pub fn send(&mut self, doc: &Document) -> Result<(), QueueError> {
        let queue = self.queue;
        let (headers, payload) =
            wire::encode(doc, self.as_of, self.furniture.as_deref()).map_err(|cause| {
                QueueError::Encode {
                    url: queue.url.clone(),
                    what: format!("document {}", doc.id),
                    cause,
                }
            })?;
        let max = self.max_payload;
        if payload.len() + HEADER_ROOM > max {
            return Err(QueueError::TooLarge {
                url: queue.url.clone(),
                id: doc.id.0.clone(),
                bytes: payload.len(),
                max,
            });
        }
        let bytes = payload.len() as u64;
        let stream = &self.stream;
        let ack = queue
            .block_on(
                queue
                    .js
                    .publish_with_headers(self.subject.clone(), headers, payload.into()),
            )
            .map_err(|e| queue.error(format!("publishing to stream {stream}"))(e))?;
        self.waiting.push_back(ack);
        self.report.sent += 1;
        self.report.bytes += bytes;
        if self.waiting.len() >= PUBLISH_WINDOW {
            self.settle_oldest()?;
        }
        Ok(())
    }

    /// Waits for the oldest publication's acknowledgement.
    fn settle_oldest(&mut self) -> Result<(), QueueError> {
        let Some(ack) = self.waiting.pop_front() else {
            return Ok(());
        };
        let queue = self.queue;
        let stream = &self.stream;
        let ack = queue
            .block_on(async move { ack.await })
            .map_err(|e| queue.error(format!("publishing to stream {stream}"))(e))?;
        if ack.duplicate {
            self.report.duplicates += 1;
        } else {
            self.report.published += 1;
        }
        Ok(())
    }

    /// Waits until the server has taken every record sent.
    pub fn finish(mut self) -> Result<PublishReport, QueueError> {
        while !self.waiting.is_empty() {
            self.settle_oldest()?;
        }
        Ok(self.report)
    }
}
