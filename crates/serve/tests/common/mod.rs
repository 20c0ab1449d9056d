//! Shared helpers: a store made from `examples/corpus`, and a server on a
//! free loopback port in a runtime of its own (requests come from the
//! test's thread over a real socket).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use filrouge_serve::{AppState, ServeOptions};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A temporary store holding `examples/corpus`, dated as the CLI tests
/// date it (`--as-of 2025-12-31`).
pub fn examples_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = filrouge::store::Store::open(dir.path()).expect("store");
    let opts = filrouge::IngestOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 12, 31),
        ..Default::default()
    };
    let report = filrouge::ingest(&[root().join("examples/corpus")], &mut store, &opts, |_| {})
        .expect("ingest examples");
    assert_eq!(report.stored, 19, "{report:?}");
    dir
}

/// A store with no documents yet (a read-only server needs one to exist).
pub fn empty_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    filrouge::store::Store::open(dir.path()).expect("store");
    dir
}

/// A running server; stops when dropped.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Options for a store directory.
pub fn options(store: &Path) -> ServeOptions {
    let mut o = ServeOptions::new(store.to_path_buf());
    o.bind = SocketAddr::from(([127, 0, 0, 1], 0));
    o
}

/// Starts a server with `opts` (port 0 picks a free one).
pub fn start(opts: ServeOptions) -> Server {
    let state = AppState::open(&opts).expect("open the store");
    let (tx, rx) = std::sync::mpsc::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind(opts.bind)
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("address"))
                .expect("send address");
            filrouge_serve::serve_on(listener, state, async {
                let _ = stopped.await;
            })
            .await
            .expect("serve");
        });
    });
    let mut addr = rx.recv().expect("server address");
    if addr.ip().is_unspecified() {
        addr.set_ip([127, 0, 0, 1].into());
    }
    Server {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    }
}

/// `GET` that must answer 200 with JSON.
pub fn get_json(addr: SocketAddr, path: &str) -> serde_json::Value {
    let r = filrouge_serve::client::get(addr, path).expect("request");
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.json().expect("JSON body")
}
