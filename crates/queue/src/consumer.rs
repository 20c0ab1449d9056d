//! The durable pull consumer all workers share: its settings, and
//! whether it has anything left.

use std::time::Duration;

use async_nats::jetstream::consumer::{self, AckPolicy, DeliverPolicy, PullConsumer};

use crate::{Queue, QueueError};

/// The ack wait of a consumer created without one given.
pub const DEFAULT_ACK_WAIT: Duration = Duration::from_secs(60);
/// The deliveries before a dead letter, when none is given.
pub const DEFAULT_MAX_DELIVER: u32 = 5;
/// The records out unacknowledged at most, when none is given.
pub const DEFAULT_MAX_ACK_PENDING: u32 = 1024;

/// Changes to the consumer all workers share: a setting given replaces
/// the consumer's; one left out keeps it (the default when the consumer is
/// created), so that a worker started without flags changes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsumerSettings {
    /// How long a pulled record may stay unacknowledged before it is
    /// delivered again (a worker sends "in progress" while it handles a
    /// batch, so only a stopped worker lets it run out).
    pub ack_wait: Option<Duration>,
    /// Deliveries after which a record that keeps failing goes to the dead
    /// letters (N; the server's limit is N + 1, so that a record whose
    /// worker died on its last delivery is dead-lettered too).
    pub max_deliver: Option<u32>,
    /// Records out unacknowledged at most, all workers together
    /// (back-pressure).
    pub max_ack_pending: Option<u32>,
}

/// The consumer's settings in force, as the server has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InForce {
    /// The ack wait.
    pub ack_wait: Duration,
    /// Deliveries before a dead letter (N).
    pub max_deliver: u32,
    /// Records out unacknowledged at most.
    pub max_ack_pending: u32,
}

impl Queue {
    /// Creates the shared pull consumer, or updates it with the settings
    /// given, and returns those in force.
    pub fn ensure_consumer(&self, settings: &ConsumerSettings) -> Result<InForce, QueueError> {
        let names = &self.names;
        let existing = self.consumer_info()?.map(|info| info.config);
        let base = existing.clone().unwrap_or_else(|| consumer::Config {
            durable_name: Some(names.consumer()),
            description: Some("filrouge workers".into()),
            deliver_policy: DeliverPolicy::All,
            ack_policy: AckPolicy::Explicit,
            ack_wait: DEFAULT_ACK_WAIT,
            max_deliver: i64::from(DEFAULT_MAX_DELIVER) + 1,
            max_ack_pending: i64::from(DEFAULT_MAX_ACK_PENDING),
            filter_subject: names.records_subject(),
            ..Default::default()
        });
        let mut config = base;
        if let Some(wait) = settings.ack_wait {
            config.ack_wait = wait;
        }
        if let Some(n) = settings.max_deliver {
            config.max_deliver = i64::from(n.max(1)) + 1;
        }
        if let Some(n) = settings.max_ack_pending {
            config.max_ack_pending = i64::from(n.max(1));
        }
        if existing.as_ref() != Some(&config) {
            self.put_consumer(config.clone())?;
        }
        Ok(InForce {
            ack_wait: config.ack_wait,
            max_deliver: u32::try_from(config.max_deliver - 1).unwrap_or(DEFAULT_MAX_DELIVER),
            max_ack_pending: u32::try_from(config.max_ack_pending)
                .unwrap_or(DEFAULT_MAX_ACK_PENDING),
        })
    }

    /// Creates or updates the consumer with `config`.
    fn put_consumer(&self, config: consumer::Config) -> Result<(), QueueError> {
        let names = &self.names;
        let what = format!(
            "creating consumer {} on stream {}",
            names.consumer(),
            names.records_stream()
        );
        self.block_on(async {
            let stream = self.js.get_stream(names.records_stream()).await?;
            stream.create_consumer(config).await?;
            Ok::<_, async_nats::Error>(())
        })
        .map_err(self.error(what))
    }

    /// The shared consumer.
    pub(crate) fn pull_consumer(&self) -> Result<PullConsumer, QueueError> {
        let names = &self.names;
        let what = format!(
            "opening consumer {} of stream {}",
            names.consumer(),
            names.records_stream()
        );
        self.block_on(async {
            let stream = self.js.get_stream(names.records_stream()).await?;
            let consumer: PullConsumer = stream.get_consumer(&names.consumer()).await?;
            Ok::<_, async_nats::Error>(consumer)
        })
        .map_err(self.error(what))
    }

    /// Whether nothing is pending or in flight on the shared consumer.
    pub fn idle(&self) -> Result<bool, QueueError> {
        Ok(self
            .consumer_info()?
            .is_none_or(|c| c.num_pending == 0 && c.num_ack_pending == 0))
    }
}
