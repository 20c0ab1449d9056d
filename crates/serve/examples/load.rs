//! Load benchmark: generates N articles (the generator of `filrouge
//! bench`), ingests them into a temporary store, starts the server in a
//! second process (this program again, with `--serve DIR`) and fires
//! concurrent clients at 127.0.0.1 asking for the timeline. Reports
//! errors, the first (uncached) build, p50/p95/p99 latency and requests/s.
//!
//! `cargo run --release -p filrouge-serve --example load -- --docs 2000
//! --clients 200 --requests 20`

use std::io::BufRead;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use filrouge_serve::client;

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--serve") {
        // The server process.
        let dir = args.get(i + 1).ok_or("--serve DIR")?;
        let mut opts = filrouge_serve::ServeOptions::new(dir.into());
        opts.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        filrouge_serve::run_blocking(opts, |addr| println!("{addr}"))?;
        return Ok(());
    }
    let docs = arg(&args, "--docs", 2000);
    let clients = arg(&args, "--clients", 200);
    let requests = arg(&args, "--requests", 20);

    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    let read_opts = filrouge::read::ReadOptions::default();
    let mut batch = Vec::with_capacity(docs);
    for (i, bytes) in filrouge::bench::generate_corpus(docs)
        .into_iter()
        .enumerate()
    {
        for d in filrouge::read::read_bytes(&format!("generated/{i}.txt"), bytes, &read_opts) {
            batch.push(d?);
        }
    }
    let mut store = filrouge::store::Store::open(dir.path())?;
    let report = filrouge::ingest_documents(batch, &mut store, &Default::default())?;
    drop(store);
    eprintln!(
        "ingested {} articles in {:.1} s",
        report.stored,
        started.elapsed().as_secs_f64()
    );

    let exe = std::env::current_exe()?;
    let mut server = Command::new(exe)
        .arg("--serve")
        .arg(dir.path())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().ok_or("server stdout")?).read_line(&mut line)?;
    let addr: SocketAddr = line.trim().parse()?;

    let path = "/api/timeline?max_events=50";
    let started = Instant::now();
    let first = client::get(addr, path)?;
    let cold = started.elapsed();
    if first.status != 200 {
        return Err(format!("first timeline: {} {}", first.status, first.text()).into());
    }
    let events = first.json()?["events"].as_array().map_or(0, Vec::len);

    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            std::thread::spawn(move || {
                let mut times = Vec::with_capacity(requests);
                let mut errors = 0;
                for _ in 0..requests {
                    let t = Instant::now();
                    match client::get(addr, path) {
                        Ok(r) if r.status == 200 && !r.body.is_empty() => times.push(t.elapsed()),
                        _ => errors += 1,
                    }
                }
                (times, errors)
            })
        })
        .collect();
    let mut times: Vec<Duration> = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (t, e) = w.join().map_err(|_| "client thread panicked")?;
        times.extend(t);
        errors += e;
    }
    let wall = started.elapsed();
    let _ = server.kill();
    let _ = server.wait();
    times.sort();
    let pct = |p: f64| {
        times
            .get(((times.len() as f64 * p) as usize).min(times.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{docs} articles, {events} events shown; first (uncached) timeline {:.0} ms; \
         {clients} clients x {requests} requests: {} ok, {errors} errors, \
         p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, {:.0} requests/s",
        cold.as_secs_f64() * 1000.0,
        times.len(),
        pct(0.50),
        pct(0.95),
        pct(0.99),
        times.len() as f64 / wall.as_secs_f64()
    );
    if errors > 0 {
        return Err(format!("{errors} requests failed").into());
    }
    Ok(())
}
