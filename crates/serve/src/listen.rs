//! The connection loop under the router (in place of `axum::serve`, which
//! sets no timeout): hyper's HTTP/1 server with a header-read timeout that
//! also bounds how long a kept-alive connection may sit idle, a cap on
//! open connections (at the cap, the oldest connection with no request in
//! progress is closed to make room; a new one is answered 503 only when
//! every open connection is busy), and the client's address in each
//! request's extensions for the rate limits.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

/// How long a connection asked to close may finish what it is sending.
const GRACE: Duration = Duration::from_secs(2);
/// Files the process keeps for itself when the connection cap is derived
/// from its open-file limit (the store, the index's segments, logs).
const RESERVED_FILES: usize = 128;
/// The answer to a connection over the cap when none can be closed.
const FULL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\
Retry-After: 5\r\nConnection: close\r\nContent-Length: 75\r\n\r\n\
{\"error\": {\"status\": 503, \"message\": \"too many connections; try again\"}}\n";

/// One open connection as the loop sees it.
struct Open {
    /// Requests in progress on it.
    busy: Arc<AtomicUsize>,
    /// Asks it to close once idle.
    close: Arc<Notify>,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Connections {
    open: Mutex<BTreeMap<u64, Open>>,
    next: AtomicUsize,
}

impl Connections {
    fn len(&self) -> usize {
        self.open.lock().map_or(0, |o| o.len())
    }

    /// Asks the oldest connection with no request in progress to close;
    /// whether there was one.
    fn shed_one(&self) -> bool {
        let Ok(mut open) = self.open.lock() else {
            return false;
        };
        let idle = open
            .iter()
            .find(|(_, c)| c.busy.load(Ordering::SeqCst) == 0)
            .map(|(id, _)| *id);
        match idle.and_then(|id| open.remove(&id)) {
            Some(c) => {
                c.close.notify_one();
                true
            }
            None => false,
        }
    }

    fn add(&self) -> (u64, Arc<AtomicUsize>, Arc<Notify>) {
        let id = self.next.fetch_add(1, Ordering::SeqCst) as u64;
        let (busy, close) = (Arc::new(AtomicUsize::new(0)), Arc::new(Notify::new()));
        if let Ok(mut open) = self.open.lock() {
            open.insert(
                id,
                Open {
                    busy: busy.clone(),
                    close: close.clone(),
                },
            );
        }
        (id, busy, close)
    }

    fn remove(&self, id: u64) {
        if let Ok(mut open) = self.open.lock() {
            open.remove(&id);
        }
    }
}

/// How the loop runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Most connections open at once.
    pub max_connections: usize,
    /// Longest wait for a request's head, from the connection's start or
    /// the end of the previous answer.
    pub header_timeout: Duration,
}

/// The open-file limit of the process (Linux), when it can be read.
fn open_file_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// The connection cap: as asked, and below the open-file limit.
pub(crate) fn connection_cap(asked: usize) -> usize {
    let room = open_file_limit().map_or(usize::MAX, |n| n.saturating_sub(RESERVED_FILES).max(16));
    asked.min(room).max(1)
}

/// Connections the kernel may hold waiting for `accept` (capped by the
/// system's `somaxconn`). Past it, a new connection's SYN is dropped and
/// the client retries a second later: under a burst of clients, a probe
/// of a few milliseconds then takes one or three seconds.
const BACKLOG: u32 = 4096;

/// A listener on `addr` with a [`BACKLOG`]-deep accept queue (tokio's
/// `bind` asks for 1,024).
pub(crate) fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Accepts connections on `listener` and serves `app` on each until
/// `shutdown` completes; then asks every connection to close and waits
/// for them at most [`GRACE`].
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let cap = connection_cap(limits.max_connections);
    let connections = Arc::new(Connections::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of file descriptors (or another transient error):
                // make room and try again shortly.
                eprintln!("filrouge serve: accept: {e}");
                connections.shed_one();
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if connections.len() >= cap && !connections.shed_one() {
            tokio::spawn(refuse(stream));
            continue;
        }
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            peer,
            app.clone(),
            limits,
            connections.clone(),
            stop_rx.clone(),
        ));
    }
    let _ = stop_tx.send(true);
    let deadline = tokio::time::Instant::now() + GRACE;
    while connections.len() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// Answers 503 to a connection over the cap, and closes it.
async fn refuse(stream: TcpStream) {
    // The answer fits a fresh socket's send buffer: one write.
    if let Ok(Ok(())) = tokio::time::timeout(Duration::from_secs(1), stream.writable()).await {
        let _ = stream.try_write(FULL);
    }
}

/// Serves one connection until it ends, is asked to close (at the cap, or
/// at shutdown), or times out waiting for a request's head.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: Limits,
    connections: Arc<Connections>,
    mut stop: watch::Receiver<bool>,
) {
    let (id, busy, close) = connections.add();
    let in_progress = busy.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(peer));
        let app = app.clone();
        let busy = in_progress.clone();
        busy.fetch_add(1, Ordering::SeqCst);
        async move {
            let response = app.oneshot(req.map(Body::new)).await;
            busy.fetch_sub(1, Ordering::SeqCst);
            Ok::<_, Infallible>(response.unwrap_or_else(|e| match e {}))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let closing = tokio::select! {
        _ = conn.as_mut() => false,
        () = close.notified() => true,
        _ = stop.wait_for(|stop| *stop) => true,
    };
    if closing {
        conn.as_mut().graceful_shutdown();
        // An idle connection closes at once; one mid-answer finishes it.
        let _ = tokio::time::timeout(GRACE, conn.as_mut()).await;
    }
    connections.remove(id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_open_file_limit() {
        let cap = connection_cap(usize::MAX);
        assert!(cap >= 1);
        if let Some(limit) = open_file_limit() {
            assert!(cap < limit.max(17), "{cap} vs {limit}");
        }
        assert_eq!(connection_cap(3), 3.min(cap));
    }
}
