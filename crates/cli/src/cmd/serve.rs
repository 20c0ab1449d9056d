//! `filrouge serve`: the JSON API and web page over a store.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{bail, Result};
use clap::Args;
use filrouge::store::{Store, StoreError};
use filrouge_serve::ServeOptions;

use crate::args::{Exit, StoreArg, DONE};

/// Arguments of `filrouge serve`.
#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    store: StoreArg,
    /// Address to listen on (loopback by default).
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Accept documents posted to `POST /api/documents`.
    #[arg(long)]
    allow_writes: bool,
    /// Create the store when it does not exist, to serve it empty and fill
    /// it with posted documents (without it a missing store is an error,
    /// as for every command but `ingest`).
    #[arg(long, requires = "allow_writes")]
    create: bool,
    /// Bearer token writes must carry (required with --allow-writes
    /// on an address other than loopback).
    #[arg(long, env = "FILROUGE_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// A host name the server answers for, besides its address and
    /// `localhost` (`name` or `name:port`; repeat for several). Requests
    /// naming any other host are refused (DNS rebinding).
    #[arg(long = "allowed-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,
    /// Largest request body, in bytes, counted after decompression.
    #[arg(long, default_value_t = filrouge_serve::DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Most documents one post may add (a WARC or JSON Lines body).
    #[arg(long, default_value_t = filrouge_serve::DEFAULT_MAX_RECORDS)]
    max_records: usize,
    /// Seconds a posted document may take to be read and analysed.
    #[arg(long, value_name = "SECS", default_value_t = filrouge_serve::DEFAULT_POST_TIMEOUT.as_secs())]
    post_timeout: u64,
    /// Most connections open at once (lowered to fit the open-file limit).
    #[arg(long, default_value_t = filrouge_serve::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
    /// Seconds to wait for a request's head, from the connection's start
    /// or the previous answer (also the idle timeout).
    #[arg(long, value_name = "SECS", default_value_t = filrouge_serve::DEFAULT_HEADER_TIMEOUT.as_secs())]
    header_timeout: u64,
    /// Timeline, event and search requests one client may make a minute
    /// (0: no limit).
    #[arg(long, value_name = "N", default_value_t = filrouge_serve::DEFAULT_RATE_LIMIT)]
    rate_limit: u32,
    /// Reference dates (`as_of`) linked and held at once (at least 2).
    #[arg(long, value_name = "N", default_value_t = filrouge_serve::DEFAULT_MAX_DATES)]
    max_dates: usize,
    /// Mebibytes of timeline answers kept.
    #[arg(long, value_name = "MIB", default_value_t = filrouge_serve::DEFAULT_CACHE_BYTES >> 20)]
    cache_mib: usize,
}

/// Serves until stopped. The store must exist unless `--create`.
pub fn run(args: ServeArgs) -> Result<Exit> {
    if !args.create {
        match Store::open_existing_location(&args.store.location) {
            Ok(_) => {}
            Err(e @ StoreError::Missing(_)) if args.allow_writes => {
                bail!("{e}; or `--create` to start an empty one")
            }
            Err(e) => return Err(e.into()),
        }
    }
    let opts = ServeOptions {
        store: args.store.location.clone(),
        bind: args.bind,
        allow_writes: args.allow_writes,
        token: args.token,
        max_body: args.max_body,
        max_records: args.max_records,
        allowed_hosts: args.allowed_hosts,
        max_connections: args.max_connections,
        header_timeout: Duration::from_secs(args.header_timeout),
        rate_limit: args.rate_limit,
        max_dates: args.max_dates,
        cache_bytes: args.cache_mib.saturating_mul(1 << 20),
        post_timeout: Duration::from_secs(args.post_timeout),
    };
    let writes = if opts.allow_writes { "on" } else { "off" };
    let store = opts.store.display();
    filrouge_serve::run_blocking(opts, |addr| {
        // Tests and scripts read this line to learn the port.
        println!("filrouge: serving {store} on http://{addr}/ (writes {writes})");
    })?;
    DONE
}
