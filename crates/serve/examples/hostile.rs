//! Hostile load (issue 14's acceptance): on a store of N generated news
//! articles, the server (a second process, default settings but for the
//! flags below) takes at once, for a bounded time, on loopback only:
//! `--clients` concurrent clients asking timelines, events, searches and
//! listings (one connection per request, a short pause between requests),
//! `--idle` sockets opened and left silent (reopened when the server
//! closes them), and `--dates` clients each asking the timeline against
//! its own reference date (`as_of` 2032-01-01, -02, ...) until answered.
//! A probe asks `/api/status` every 100 ms. Reports the probe's latency,
//! the answers by status, when each date was answered, and the server's
//! peak memory (VmHWM); fails when the probe's p99 reaches 100 ms, a probe
//! fails, or the peak passes 2 GB.
//!
//! `cargo run --release -p filrouge-serve --example hostile -- --docs 20000
//! [--store DIR] [--clients 500] [--idle 300] [--dates 8] [--seconds 60]
//! [--pause-ms 100] [--rate-limit 120] [--max-dates 3]`

mod common;

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{arg, fill_store, quantile, serve_if_asked, start_server, store_arg, Error};
// The clients run niced (`common::as_remote_client`), as if from other
// machines; the probe and the server do not.
use filrouge_serve::client;

/// Answers by status code (0: no answer).
type Tally = Arc<Mutex<BTreeMap<u16, usize>>>;

fn count(tally: &Tally, status: u16) {
    if let Ok(mut t) = tally.lock() {
        *t.entry(status).or_default() += 1;
    }
}

/// One request; its status, or 0 when it failed.
fn status_of(addr: SocketAddr, path: &str) -> u16 {
    let headers = [("Accept-Encoding", "gzip")];
    client::request(addr, "GET", path, &headers, &[]).map_or(0, |r| r.status)
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(served) = serve_if_asked(&args) {
        return served;
    }
    let docs: usize = arg(&args, "--docs", 20_000);
    let clients: usize = arg(&args, "--clients", 500);
    let idle: usize = arg(&args, "--idle", 300);
    let dates: u32 = arg(&args, "--dates", 8);
    let seconds: u64 = arg(&args, "--seconds", 60);
    let pause = Duration::from_millis(arg(&args, "--pause-ms", 100));
    let rate_limit: u32 = arg(&args, "--rate-limit", filrouge_serve::DEFAULT_RATE_LIMIT);
    let max_dates: usize = arg(&args, "--max-dates", filrouge_serve::DEFAULT_MAX_DATES);

    let temp = tempfile::tempdir()?;
    let dir = store_arg(&args, temp.path())?;
    let news = filrouge_bench::news::generate_news(docs)?;
    fill_store(&dir, &news)?;
    drop(news);
    let extra = [
        "--rate-limit".to_string(),
        rate_limit.to_string(),
        "--max-dates".to_string(),
        max_dates.to_string(),
    ];
    let (mut server, addr) = start_server(&dir, &extra)?;
    let pid = server.id();
    // The server links today's events as it starts: wait for that, so the
    // run measures the hostile load, not the first build.
    let started = Instant::now();
    let first = client::get_within(
        addr,
        "/api/timeline?max_events=1",
        Duration::from_secs(3600),
    )?;
    eprintln!(
        "server up, default timeline {} after {:.1} s",
        first.status,
        started.elapsed().as_secs_f64()
    );

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicUsize::new(0));
    let mut threads = Vec::new();
    threads.push(sample_memory(pid, stop.clone(), peak.clone()));
    let reopened = Arc::new(AtomicUsize::new(0));
    threads.push(hold_idle(addr, idle, stop.clone(), reopened.clone()));
    let answered: Arc<Mutex<Vec<(u32, u16, f64)>>> = Arc::default();
    for n in 1..=dates {
        threads.push(ask_date(addr, n, deadline, answered.clone()));
    }
    let tally: Tally = Arc::default();
    for c in 0..clients {
        threads.push(client_loop(addr, c, deadline, pause, tally.clone()));
    }
    let (probe_times, probe_errors) = probe(addr, deadline)?;
    stop.store(true, Ordering::SeqCst);
    for t in threads {
        let _ = t.join();
    }
    let hwm = vm_kib(pid, "VmHWM:").unwrap_or(0);
    let _ = server.kill();
    let _ = server.wait();
    report(
        &Report {
            docs,
            clients,
            idle,
            dates,
            seconds,
            rate_limit,
            max_dates,
        },
        &probe_times,
        probe_errors,
        &tally,
        &answered,
        reopened.load(Ordering::SeqCst),
        peak.load(Ordering::SeqCst).max(hwm),
    )
}

/// `/api/status` every 100 ms until `deadline`: the latencies, and the
/// count of failed or non-200 answers.
fn probe(addr: SocketAddr, deadline: Instant) -> Result<(Vec<Duration>, usize), Error> {
    let mut times = Vec::new();
    let mut errors = 0;
    while Instant::now() < deadline {
        let t = Instant::now();
        match client::request(addr, "GET", "/api/status", &[], &[]) {
            Ok(r) if r.status == 200 => times.push(t.elapsed()),
            _ => errors += 1,
        }
        std::thread::sleep(Duration::from_millis(100).saturating_sub(t.elapsed()));
    }
    times.sort();
    Ok((times, errors))
}

/// The server's resident memory (`VmRSS:`) or peak (`VmHWM:`), in KiB.
fn vm_kib(pid: u32, field: &str) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Samples the server's resident memory every 200 ms into `peak` (KiB).
fn sample_memory(
    pid: u32,
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicUsize>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            if let Some(kib) = vm_kib(pid, "VmRSS:") {
                peak.fetch_max(kib, Ordering::SeqCst);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    })
}

/// Holds `n` silent connections, reopening those the server closed.
fn hold_idle(
    addr: SocketAddr,
    n: usize,
    stop: Arc<AtomicBool>,
    reopened: Arc<AtomicUsize>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        common::as_remote_client();
        let open = || {
            TcpStream::connect_timeout(&addr, Duration::from_secs(5)).and_then(|s| {
                s.set_nonblocking(true)?;
                Ok(s)
            })
        };
        let mut sockets: Vec<Option<TcpStream>> = (0..n).map(|_| open().ok()).collect();
        while !stop.load(Ordering::SeqCst) {
            for slot in sockets.iter_mut() {
                let closed = match slot {
                    Some(s) => {
                        let mut byte = [0u8; 1];
                        match std::io::Read::read(s, &mut byte) {
                            Ok(_) => true,
                            Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
                        }
                    }
                    None => true,
                };
                if closed {
                    *slot = open().ok();
                    reopened.fetch_add(1, Ordering::SeqCst);
                }
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    })
}

/// Asks the timeline against 2032-01-`n` until answered 200 or `deadline`.
fn ask_date(
    addr: SocketAddr,
    n: u32,
    deadline: Instant,
    answered: Arc<Mutex<Vec<(u32, u16, f64)>>>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        common::as_remote_client();
        let path = format!("/api/timeline?max_events=1&as_of=2032-01-{n:02}");
        let started = Instant::now();
        let mut last = 0;
        while Instant::now() < deadline {
            let patience = deadline.saturating_duration_since(Instant::now());
            last = client::get_within(addr, &path, patience).map_or(0, |r| r.status);
            if last == 200 {
                break;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        if let Ok(mut a) = answered.lock() {
            a.push((n, last, started.elapsed().as_secs_f64()));
        }
    })
}

/// One client asking, in turn, cuts, events, searches and listings until
/// `deadline`, pausing `pause` between requests.
fn client_loop(
    addr: SocketAddr,
    c: usize,
    deadline: Instant,
    pause: Duration,
    tally: Tally,
) -> std::thread::JoinHandle<()> {
    const PATHS: [&str; 8] = [
        "/api/timeline?max_events=50",
        "/api/timeline?lang=fr&max_events=20",
        "/api/timeline?from=2025-01-01&to=2025-06-30&max_events=50",
        "/api/search?q=accord&limit=10",
        "/api/search?q=visite&sentences=true",
        "/api/documents?limit=20&offset=100",
        "/api/entities?limit=20",
        "/api/events/0123abcd-1",
    ];
    std::thread::spawn(move || {
        common::as_remote_client();
        let mut r = c;
        while Instant::now() < deadline {
            count(&tally, status_of(addr, PATHS[r % PATHS.len()]));
            r += 1;
            std::thread::sleep(pause);
        }
    })
}

/// The run's settings, for the report.
struct Report {
    docs: usize,
    clients: usize,
    idle: usize,
    dates: u32,
    seconds: u64,
    rate_limit: u32,
    max_dates: usize,
}

/// Prints the figures; an error when a goal is missed.
fn report(
    run: &Report,
    probe_times: &[Duration],
    probe_errors: usize,
    tally: &Tally,
    answered: &Mutex<Vec<(u32, u16, f64)>>,
    reopened: usize,
    peak_kib: usize,
) -> Result<(), Error> {
    let (p50, p99) = (quantile(probe_times, 0.5), quantile(probe_times, 0.99));
    let max = probe_times.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    println!(
        "{} articles, {} s: {} clients, {} idle sockets ({reopened} reopened), {} as_of dates; \
         rate limit {}/min, max dates {}",
        run.docs, run.seconds, run.clients, run.idle, run.dates, run.rate_limit, run.max_dates
    );
    println!(
        "/api/status: {} probes, {probe_errors} failed, p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms",
        probe_times.len()
    );
    if let Ok(t) = tally.lock() {
        let shown: Vec<String> = t.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        println!("client answers by status: {}", shown.join(", "));
    }
    if let Ok(mut a) = answered.lock() {
        a.sort_by_key(|x| x.0);
        let shown: Vec<String> = a
            .iter()
            .map(|(n, s, t)| format!("2032-01-{n:02}: {s} after {t:.1} s"))
            .collect();
        println!("as_of dates: {}", shown.join("; "));
    }
    let peak_mb = peak_kib as f64 / 1024.0;
    println!("server peak memory: {peak_mb:.0} MB");
    if probe_errors > 0 || p99 >= 100.0 || peak_mb >= 2048.0 {
        return Err(format!(
            "goal missed: {probe_errors} failed probes, p99 {p99:.1} ms, peak {peak_mb:.0} MB"
        )
        .into());
    }
    Ok(())
}
