//! What the load examples share: a store of generated news, and the
//! server started in a second process (the example's own binary, run with
//! `--serve DIR`).

#![allow(dead_code)]

use std::io::BufRead;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The examples' error type.
pub type Error = Box<dyn std::error::Error>;

/// The value after `name` on the command line, parsed, or `default`.
pub fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// When this process was started as the server (`--serve STORE`, a folder
/// or a PostgreSQL address): serves
/// until killed and returns `Some`. Server options: `--rate-limit N`
/// (0 by default here: the load comes from one address), `--max-dates N`.
pub fn serve_if_asked(args: &[String]) -> Option<Result<(), Error>> {
    let i = args.iter().position(|a| a == "--serve")?;
    let Some(dir) = args.get(i + 1) else {
        return Some(Err("--serve STORE".into()));
    };
    let mut opts = filrouge_serve::ServeOptions::new(filrouge::store::Location::parse(dir));
    opts.bind = SocketAddr::from(([127, 0, 0, 1], 0));
    opts.rate_limit = arg(args, "--rate-limit", 0);
    opts.max_dates = arg(args, "--max-dates", opts.max_dates);
    Some(filrouge_serve::run_blocking(opts, |addr| println!("{addr}")).map_err(Into::into))
}

/// The store the example runs on: `--store STORE` (a folder or a
/// PostgreSQL address), else the folder `temp`.
pub fn store_arg(args: &[String], temp: &std::path::Path) -> Result<String, Error> {
    match args.iter().position(|a| a == "--store") {
        Some(i) => Ok(args.get(i + 1).ok_or("--store DIR|URL")?.clone()),
        None => Ok(temp
            .to_str()
            .ok_or("a temporary folder that is not UTF-8")?
            .to_string()),
    }
}

/// Ingests the generated articles into the store `store` (a folder or a
/// PostgreSQL address), unless it holds documents already.
pub fn fill_store(store: &str, news: &[filrouge_bench::news::NewsArticle]) -> Result<(), Error> {
    let started = Instant::now();
    let mut store =
        filrouge::store::Store::open_location(&filrouge::store::Location::parse(store))?;
    if store.count()? > 0 {
        return Ok(());
    }
    let read_opts = filrouge::read::ReadOptions::default();
    let mut batch = Vec::with_capacity(news.len());
    for (i, article) in news.iter().enumerate() {
        let name = format!("generated/{i:07}.txt");
        for d in filrouge::read::read_bytes(&name, article.text.clone().into_bytes(), &read_opts) {
            batch.push(d?);
        }
    }
    let report = filrouge::ingest_documents(batch, &mut store, &Default::default())?;
    eprintln!(
        "ingested {} articles in {:.1} s",
        report.stored,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The server, started on `store` with `extra` arguments; its address.
pub fn start_server(store: &str, extra: &[String]) -> Result<(Child, SocketAddr), Error> {
    let exe = std::env::current_exe()?;
    let mut server = Command::new(exe)
        .arg("--serve")
        .arg(store)
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().ok_or("server stdout")?).read_line(&mut line)?;
    let addr: SocketAddr = line.trim().parse()?;
    Ok((server, addr))
}

/// The `p` quantile of sorted `times`, in milliseconds.
pub fn quantile(times: &[Duration], p: f64) -> f64 {
    times
        .get(((times.len() as f64 * p) as usize).min(times.len().saturating_sub(1)))
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Lowers the calling thread's scheduling priority (Linux; elsewhere
/// nothing). The load's clients stand for other machines: on a 2-core box
/// shared with the server they would otherwise take the CPU the server
/// needs to answer, and the run would measure the client, not the server.
#[allow(dead_code)] // Not every example runs clients of its own.
pub fn as_remote_client() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain integers; applies to the calling thread only on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
