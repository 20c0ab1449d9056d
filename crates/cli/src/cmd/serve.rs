//! `filrouge serve`: the JSON API and web page over a store.

use std::net::SocketAddr;

use anyhow::Result;
use clap::Args;
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
    /// Bearer token writes must carry (required with --allow-writes
    /// on an address other than loopback).
    #[arg(long, env = "FILROUGE_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = filrouge_serve::DEFAULT_MAX_BODY)]
    max_body: usize,
}

/// Serves until stopped.
pub fn run(args: ServeArgs) -> Result<Exit> {
    let opts = ServeOptions {
        store: args.store.dir,
        bind: args.bind,
        allow_writes: args.allow_writes,
        token: args.token,
        max_body: args.max_body,
    };
    let writes = if opts.allow_writes { "on" } else { "off" };
    let store = opts.store.display().to_string();
    filrouge_serve::run_blocking(opts, |addr| {
        // Tests and scripts read this line to learn the port.
        println!("filrouge: serving {store} on http://{addr}/ (writes {writes})");
    })?;
    DONE
}
