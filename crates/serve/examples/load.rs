//! Load benchmark: generates N news articles (`filrouge_bench::news`:
//! about one event per four articles, French and English, each story
//! reported by one to seven sources), ingests them into a temporary store
//! (or reuses `--store DIR` when it already holds them), starts the server
//! in a second process (this program again, with `--serve DIR`) and fires
//! concurrent clients at 127.0.0.1 asking for timelines: the whole corpus,
//! a quarter, one language, one person, words, each with its own cut.
//! The clients ask for gzip, as browsers do. Reports errors, the first
//! build (linking the corpus once), p50/p95/p99 latency over every later
//! request (first cuts of each query included) and requests/s.
//!
//! `cargo run --release -p filrouge-serve --example load -- --docs 2000
//! --clients 200 --requests 20 [--store DIR|postgres://…]`

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::{arg, fill_store, quantile, serve_if_asked, start_server, store_arg, Error};
use filrouge_serve::client;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(served) = serve_if_asked(&args) {
        // The server process (no rate limit: every client is 127.0.0.1).
        return served;
    }
    let docs = arg(&args, "--docs", 2000);
    let clients = arg(&args, "--clients", 200);
    let requests = arg(&args, "--requests", 20);

    let temp = tempfile::tempdir()?;
    let dir = store_arg(&args, temp.path())?;
    let news = filrouge_bench::news::generate_news(docs)?;
    fill_store(&dir, &news)?;
    let paths = queries(&news);

    let (mut server, addr) = start_server(&dir, &[])?;

    let started = Instant::now();
    // The server links the corpus as it starts; the first answer waits
    // for that (minutes at 100,000 articles).
    let first = client::get_within(addr, &paths[0], Duration::from_secs(3600))?;
    let cold = started.elapsed();
    if first.status != 200 {
        return Err(format!("first timeline: {} {}", first.status, first.text()).into());
    }
    let events = first.json()?["events"].as_array().map_or(0, Vec::len);

    let started = Instant::now();
    let (mut times, errors) = fire(addr, &paths, clients, requests)?;
    let wall = started.elapsed();
    let _ = server.kill();
    let _ = server.wait();
    times.sort();
    let pct = |p: f64| quantile(&times, p);
    println!(
        "{docs} articles, {events} events in the first timeline, built (linked) in {:.0} ms; \
         {clients} clients x {requests} requests over {} queries: {} ok, {errors} errors, \
         p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, {:.0} requests/s",
        cold.as_secs_f64() * 1000.0,
        paths.len(),
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

/// `clients` threads each asking `requests` of `paths` in turn, as
/// browsers do (accepting gzip): the latency of each answer and the count
/// of failed requests.
fn fire(
    addr: SocketAddr,
    paths: &[String],
    clients: usize,
    requests: usize,
) -> Result<(Vec<Duration>, usize), Error> {
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            let paths = paths.to_vec();
            std::thread::spawn(move || {
                let mut times = Vec::with_capacity(requests);
                let mut errors = 0;
                for r in 0..requests {
                    let path = &paths[(c * 7 + r * 13) % paths.len()];
                    let t = Instant::now();
                    match client::request(addr, "GET", path, &[("Accept-Encoding", "gzip")], &[]) {
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
    Ok((times, errors))
}

/// The timeline queries the clients ask, in turn: the whole corpus, each
/// quarter, each language, people named in the corpus, and words.
fn queries(news: &[filrouge_bench::news::NewsArticle]) -> Vec<String> {
    let mut paths = vec![
        "/api/timeline?max_events=50".to_string(),
        "/api/timeline?lang=fr&max_events=50".to_string(),
        "/api/timeline?lang=en&max_events=50".to_string(),
        "/api/timeline?max_events=20&sentences=3".to_string(),
    ];
    for year in 2024..=2026 {
        for (from, to) in [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30")] {
            paths.push(format!(
                "/api/timeline?from={year}-{from}&to={year}-{to}&max_events=50"
            ));
        }
    }
    // People of a few stories, by surname as readers type it.
    let mut people: Vec<String> = news
        .iter()
        .step_by((news.len() / 12).max(1))
        .filter_map(|a| a.people[0].split_whitespace().last().map(str::to_string))
        .collect();
    people.sort();
    people.dedup();
    for name in people.iter().take(8) {
        paths.push(format!(
            "/api/timeline?entity={}&max_events=50",
            percent_encoded(name)
        ));
    }
    for words in ["accord", "grève", "visite", "élection", "téléphone"] {
        paths.push(format!(
            "/api/timeline?query={}&max_events=50",
            percent_encoded(words)
        ));
    }
    paths
}

/// `text` as a URL query value.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
