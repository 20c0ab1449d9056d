//! `filrouge serve`: a JSON API and a web page over one store.
//!
//! - [`router`] maps the routes: `/api/...` (documents, search, entities,
//!   stories, the timeline, `POST /api/documents`, the OpenAPI document)
//!   and the page (`/`, `/app.js`, `/app.css`), every asset compiled in.
//! - [`snapshot`] (internal) holds what is derived from one *generation*
//!   of the store (its document count: documents are only ever added, so
//!   the count changes exactly when the store does): the search index
//!   reader, the store's documents as a [`filrouge::Collection`] (which
//!   computes entities, stories and linked events once) and the timeline
//!   answers already built.
//!   A background task polls the count, so documents ingested by the CLI
//!   while the server runs show up without a restart.
//! - [`query`] reads each route's query string, and the ids and event keys
//!   in paths, into checked parameters (public so that they are tested and
//!   fuzzed without a server: `fuzz/fuzz_targets/serve_query.rs`).
//! - [`client`]: a minimal blocking HTTP/1.1 client for tests and the load
//!   benchmark (it sends paths exactly as written, which the safety tests
//!   need).
//!
//! Every route checks the request's `Host` (DNS rebinding); writes check
//! their origin and content type (`guard`); the expensive routes are rate
//! limited per client (`limits`); linking is bounded by reference date
//! (`linking`) and cut timelines by bytes (`cache`); posted documents are
//! read on threads of their own under a time budget (`posting`); the
//! connection loop (`listen`) sets header and idle timeouts and caps
//! connections.
//!
//! Architecture invariant: the server reads the store and calls the
//! library; it holds no analysis logic. Posted documents go through
//! [`filrouge::ingest_documents`], the same stages as `filrouge ingest`.

mod api;
mod cache;
pub mod client;
mod error;
mod guard;
mod limits;
mod linking;
mod listen;
mod page;
mod placed;
mod posting;
mod priority;
mod snapshot;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;

pub use api::{query, router};
pub use guard::WRITE_HEADER;

/// The largest request body accepted (a posted article), in bytes.
pub const DEFAULT_MAX_BODY: usize = 2 * 1024 * 1024;

/// Most documents one post may add (a WARC or JSON Lines body holds many).
pub const DEFAULT_MAX_RECORDS: usize = 100;

/// Most connections open at once (lowered to fit the open-file limit).
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// Longest wait for a request's head, from the connection's start or the
/// previous answer (so also how long a kept-alive connection may idle).
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Expensive requests (timeline, event, search) one client may make a
/// minute, as a burst or spread out.
pub const DEFAULT_RATE_LIMIT: u32 = 120;

/// Reference dates (`as_of`) linked and held at once. Each holds its own
/// linked copy of the corpus (about 250 MB at 20,000 articles): with 4,
/// the hostile load took the server to 2.4 GB; with 3, 1.8 GB.
pub const DEFAULT_MAX_DATES: usize = 3;

/// Bytes of timeline answers kept, plain and gzipped, per store generation.
pub const DEFAULT_CACHE_BYTES: usize = 256 * 1024 * 1024;

/// Longest a posted document may take to be read and analysed.
pub const DEFAULT_POST_TIMEOUT: Duration = Duration::from_secs(30);

/// How often the store is checked for documents ingested by another
/// process.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The store: a folder or a PostgreSQL address (made by `filrouge
    /// ingest`, or empty).
    pub store: filrouge::store::Location,
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Accept `POST /api/documents`.
    pub allow_writes: bool,
    /// Bearer token that writes must carry; required when writes are on
    /// and the address is not loopback.
    pub token: Option<String>,
    /// Largest request body, in bytes, counted after decompression (a
    /// gzipped container is read up to this many bytes of documents).
    pub max_body: usize,
    /// Most documents one post may add.
    pub max_records: usize,
    /// Host names the server answers for, besides its address and
    /// `localhost` (`name` for any port, or `name:port`).
    pub allowed_hosts: Vec<String>,
    /// Most connections open at once.
    pub max_connections: usize,
    /// Longest wait for a request's head (and idle keep-alive).
    pub header_timeout: Duration,
    /// Expensive requests per client a minute; 0 for no limit.
    pub rate_limit: u32,
    /// Reference dates linked and held at once.
    pub max_dates: usize,
    /// Bytes of timeline answers kept.
    pub cache_bytes: usize,
    /// Longest a posted document may take to be read and analysed.
    pub post_timeout: Duration,
}

impl ServeOptions {
    /// Read-only, on `127.0.0.1:8080`, with the default body limit.
    pub fn new(store: impl Into<filrouge::store::Location>) -> Self {
        ServeOptions {
            store: store.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            allow_writes: false,
            token: None,
            max_body: DEFAULT_MAX_BODY,
            max_records: DEFAULT_MAX_RECORDS,
            allowed_hosts: Vec::new(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            rate_limit: DEFAULT_RATE_LIMIT,
            max_dates: DEFAULT_MAX_DATES,
            cache_bytes: DEFAULT_CACHE_BYTES,
            post_timeout: DEFAULT_POST_TIMEOUT,
        }
    }

    /// Refuses settings that would expose writes: writes on a non-loopback
    /// address without a token.
    pub fn check(&self) -> Result<(), ServeError> {
        if self.allow_writes && !self.bind.ip().is_loopback() && self.token.is_none() {
            return Err(ServeError::TokenRequired(self.bind));
        }
        if self.token.as_deref().is_some_and(str::is_empty) {
            return Err(ServeError::EmptyToken);
        }
        let zero = [
            ("--max-body", self.max_body == 0),
            ("--max-records", self.max_records == 0),
            ("--max-connections", self.max_connections == 0),
            ("--max-dates", self.max_dates < 2),
            ("--header-timeout", self.header_timeout.is_zero()),
            ("--post-timeout", self.post_timeout.is_zero()),
        ];
        if let Some((flag, _)) = zero.iter().find(|(_, bad)| *bad) {
            return Err(ServeError::Setting(flag));
        }
        if let Some(bad) = self.allowed_hosts.iter().find(|h| !guard::valid_host(h)) {
            return Err(ServeError::AllowedHost(bad.clone()));
        }
        Ok(())
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] filrouge::store::StoreError),
    /// The search index could not be opened.
    #[error(transparent)]
    Search(#[from] filrouge::search::SearchError),
    /// Writes on a public address need a token.
    #[error("writes on {0} (not loopback) need --token")]
    TokenRequired(SocketAddr),
    /// An empty token would accept anyone.
    #[error("the token is empty")]
    EmptyToken,
    /// A limit set to nothing (or `--max-dates` below 2: the default date
    /// holds one place).
    #[error("{0} is too small")]
    Setting(&'static str),
    /// An `--allowed-host` that is no host name.
    #[error("--allowed-host `{0}` is not a host name (give `name` or `name:port`)")]
    AllowedHost(String),
    /// Binding or serving failed.
    #[error("{addr}: {source}")]
    Io {
        /// The address.
        addr: SocketAddr,
        /// The error.
        source: std::io::Error,
    },
}

/// The shared state of the server.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<snapshot::Shared>,
}

impl AppState {
    /// Opens the store (creating it when absent) and its search index,
    /// indexing stored documents the index lacks.
    pub fn open(opts: &ServeOptions) -> Result<AppState, ServeError> {
        opts.check()?;
        Ok(AppState {
            inner: Arc::new(snapshot::Shared::open(opts)?),
        })
    }

    /// Checks the store for new documents now (the poll does it every
    /// [`POLL_INTERVAL`]); returns the current generation.
    pub fn refresh(&self) -> usize {
        self.inner.refresh()
    }
}

/// Serves `state` on an already bound listener until the process ends or
/// `shutdown` completes. Used by [`run`] and by tests (bind port 0).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let addr = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    state.inner.set_bound(addr);
    let poll = state.clone();
    let poller = tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL_INTERVAL);
        loop {
            tick.tick().await;
            let s = poll.clone();
            // The count is a SQLite query: keep it off the async workers.
            let _ = tokio::task::spawn_blocking(move || {
                crate::priority::background();
                s.refresh()
            })
            .await;
            poll.inner.warm();
        }
    });
    let limits = listen::Limits {
        max_connections: state.inner.opts.max_connections,
        header_timeout: state.inner.opts.header_timeout,
    };
    let app: Router = router(state);
    let result = listen::serve(listener, app, limits, shutdown)
        .await
        .map_err(|source| ServeError::Io { addr, source });
    poller.abort();
    result
}

/// Binds `opts.bind` and serves until Ctrl-C. Calls `ready` with the bound
/// address once listening (the CLI prints it).
pub async fn run(opts: ServeOptions, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    priority::background_pool();
    // Opening reads the store and catches the index up: blocking work
    // (and a PostgreSQL client runs its own runtime), off the async threads.
    let open = opts.clone();
    let state = tokio::task::spawn_blocking(move || AppState::open(&open))
        .await
        .map_err(|e| ServeError::Io {
            addr: opts.bind,
            source: std::io::Error::other(format!("opening the store failed: {e}")),
        })??;
    let listener = listen::bind(opts.bind).map_err(|source| ServeError::Io {
        addr: opts.bind,
        source,
    })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Io {
        addr: opts.bind,
        source,
    })?;
    ready(addr);
    serve_on(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// [`run`] on a multi-threaded runtime of its own, for callers without
/// one (the CLI).
pub fn run_blocking(opts: ServeOptions, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Runtime::new().map_err(|source| ServeError::Io {
        addr: opts.bind,
        source,
    })?;
    runtime.block_on(run(opts, ready))
}
