//! The connection: a NATS client on a runtime of its own, so that callers
//! stay synchronous (analysis and the store are), and the streams and
//! bucket a queue needs.

use std::future::Future;
use std::time::Duration;

use async_nats::jetstream::{self, stream};

use crate::{Names, QueueError};

/// How long JetStream remembers a record's id to drop it when it is
/// published again (a publisher run twice, a retry): later republications
/// reach the workers, and storing them is a no-op.
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(120);

/// How long connecting may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A connection to one queue on one NATS server.
pub struct Queue {
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) client: async_nats::Client,
    pub(crate) js: jetstream::Context,
    pub(crate) url: String,
    pub(crate) names: Names,
}

impl Queue {
    /// Connects to the server at `url` (`nats://host:port`) for the queue
    /// named by `names`. Nothing is created yet.
    pub fn connect(url: &str, names: Names) -> Result<Queue, QueueError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("filrouge-nats")
            .enable_all()
            .build()
            .map_err(QueueError::Runtime)?;
        let client = runtime
            .block_on(
                async_nats::ConnectOptions::new()
                    .name("filrouge")
                    .connection_timeout(CONNECT_TIMEOUT)
                    .connect(url),
            )
            .map_err(|cause| QueueError::Connect {
                url: url.to_string(),
                cause,
            })?;
        // The context spawns its acknowledgement task on the runtime.
        let js = {
            let _inside = runtime.enter();
            jetstream::new(client.clone())
        };
        Ok(Queue {
            runtime,
            client,
            js,
            url: url.to_string(),
            names,
        })
    }

    /// The server's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The queue's names.
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// Runs `f` on the client's runtime and waits for it.
    pub(crate) fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    /// A JetStream error saying `what` was asked of the server. The cause
    /// is a request's own error or, from a block of several requests,
    /// `async_nats::Error` already boxed.
    pub(crate) fn error<E>(&self, what: impl Into<String>) -> impl FnOnce(E) -> QueueError + '_
    where
        E: Into<async_nats::Error>,
    {
        let what = what.into();
        move |cause| QueueError::JetStream {
            url: self.url.clone(),
            what,
            cause: cause.into(),
        }
    }

    /// Creates the records stream (work-queue retention: a record leaves
    /// it once acknowledged), the dead-letter stream and the furniture
    /// bucket, unless they exist.
    pub fn ensure_streams(&self) -> Result<(), QueueError> {
        let names = &self.names;
        let records = stream::Config {
            name: names.records_stream(),
            subjects: vec![names.records_subject()],
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            duplicate_window: DUPLICATE_WINDOW,
            ..Default::default()
        };
        let dead = stream::Config {
            name: names.dead_stream(),
            subjects: vec![names.dead_subject()],
            retention: stream::RetentionPolicy::Limits,
            storage: stream::StorageType::File,
            duplicate_window: DUPLICATE_WINDOW,
            ..Default::default()
        };
        for config in [records, dead] {
            let what = format!(
                "creating stream {} (is JetStream on? nats-server -js)",
                config.name
            );
            self.block_on(self.js.get_or_create_stream(config))
                .map_err(self.error(what))?;
        }
        self.ensure_bucket()?;
        Ok(())
    }

    /// Deletes the queue's streams (records pending and dead letters), its
    /// consumer with them, and its furniture bucket. For tests and for
    /// starting over; what workers stored stays stored.
    pub fn remove(&self) -> Result<(), QueueError> {
        let names = &self.names;
        // An object bucket is the stream `OBJ_<bucket>`.
        let bucket = format!("OBJ_{}", names.furniture_bucket());
        for name in [names.records_stream(), names.dead_stream(), bucket] {
            match self.block_on(self.js.delete_stream(&name)) {
                Ok(_) => {}
                Err(e) if stream_missing(&e.kind()) => {}
                Err(e) => return Err(self.error(format!("deleting stream {name}"))(e)),
            }
        }
        Ok(())
    }
}

/// Whether a stream request failed because the stream does not exist.
pub(crate) fn stream_missing(kind: &jetstream::context::GetStreamErrorKind) -> bool {
    matches!(kind, jetstream::context::GetStreamErrorKind::JetStream(e)
        if e.error_code() == jetstream::ErrorCode::STREAM_NOT_FOUND)
}
