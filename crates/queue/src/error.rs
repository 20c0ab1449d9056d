//! The one error type of the queue: each variant names the server and,
//! where one is involved, the stream, consumer or bucket.

/// An error the caller's handler returns for a whole batch (the store
/// failed, say): its records are given back to the stream.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// Why a queue operation failed.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// A prefix that cannot name streams and subjects.
    #[error("queue prefix {0:?}: use ASCII letters, digits, `_` and `-` only")]
    Prefix(String),
    /// The client's runtime could not start.
    #[error("cannot start the NATS client: {0}")]
    Runtime(std::io::Error),
    /// The server could not be reached.
    #[error("cannot reach NATS at {url}: {cause}")]
    Connect {
        /// The server's URL.
        url: String,
        /// Why.
        cause: async_nats::ConnectError,
    },
    /// A JetStream request failed.
    #[error("NATS at {url}: {what}: {cause}")]
    JetStream {
        /// The server's URL.
        url: String,
        /// What was asked, naming the stream, consumer or bucket.
        what: String,
        /// Why.
        cause: async_nats::Error,
    },
    /// A record larger than the server takes in one message.
    #[error("NATS at {url}: record {id} is {bytes} bytes, over the server's limit of {max} bytes (max_payload)")]
    TooLarge {
        /// The server's URL.
        url: String,
        /// The document id.
        id: String,
        /// The encoded record's size.
        bytes: usize,
        /// The server's limit.
        max: usize,
    },
    /// A value that does not serialise (a bug).
    #[error("NATS at {url}: {what} does not serialise: {cause}")]
    Encode {
        /// The server's URL.
        url: String,
        /// What (page furniture, a document).
        what: String,
        /// Why.
        cause: serde_json::Error,
    },
    /// The handler failed on a whole batch; its records went back to the
    /// stream, to be delivered again.
    #[error("{cause} (the batch's {records} records go back to stream {stream} on {url})")]
    Handler {
        /// The server's URL.
        url: String,
        /// The records stream.
        stream: String,
        /// Records given back.
        records: usize,
        /// The handler's error.
        cause: HandlerError,
    },
}
