//! `filrouge bench --queue URL --postgres URL`: articles per second through
//! 1, 2, 4 … workers, run as a user runs them: generated news written to a
//! folder, `filrouge publish` onto a queue of its own, then N `filrouge
//! worker --exit-when-idle` processes at once into a fresh PostgreSQL
//! database, timed from the first worker's start to the last one's end.
//! The machine's busy share over the run says where scaling stops (CPU or
//! waiting); the counts say nothing was lost or stored twice.
//!
//! With `--chaos SCRIPT` each run is also disturbed as it goes: when a
//! quarter of the articles are stored one worker is killed (SIGKILL) and
//! another started, at half NATS is restarted and at three quarters
//! PostgreSQL (`SCRIPT restart nats|postgres`, as `scripts/services`
//! does); the counts then say what that cost.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use filrouge::store::testing::TestDatabase;
use filrouge::store::{Location, Store};
use filrouge_queue::{Names, Queue};

/// The reference date articles are published with.
const AS_OF: &str = "2026-11-30";

/// What the bench asks.
pub struct QueueBench<'a> {
    /// NATS server with JetStream.
    pub nats: &'a str,
    /// PostgreSQL server where a database per run is made.
    pub postgres: &'a str,
    /// Generated articles.
    pub docs: usize,
    /// Worker counts to run.
    pub workers: &'a [usize],
    /// Analysis threads of each worker.
    pub threads: u16,
    /// The services script that restarts NATS and PostgreSQL, to disturb
    /// each run (see the module doc).
    pub chaos: Option<PathBuf>,
}

/// One run: `workers` workers over the published articles.
#[derive(Debug, serde::Serialize)]
pub struct QueueRun {
    /// Workers at once.
    pub workers: usize,
    /// Analysis threads each.
    pub threads: u16,
    /// Articles published (distinct ids).
    pub published: usize,
    /// Seconds from the first worker's start to the last one's end.
    pub seconds: f64,
    /// Articles stored per second.
    pub articles_per_sec: f64,
    /// This run's rate over the first run's.
    pub relative: f64,
    /// Share of the machine's CPU time busy during the run (workers,
    /// servers and everything else).
    pub busy: f64,
    /// Documents in the store after the run.
    pub stored: usize,
    /// Published, never stored (must be 0).
    pub lost: usize,
    /// Records workers found stored already (redeliveries).
    pub found_stored: u64,
    /// Records sent to the dead letters.
    pub dead: u64,
    /// Documents stored more than once (must be 0).
    pub doubled: usize,
    /// What was done to the run, with how many articles were stored then.
    pub disturbances: Vec<String>,
}

/// Runs the bench, one line (or JSON object) per worker count.
pub fn run(bench: &QueueBench, json: bool) -> Result<()> {
    let dir = tempfile::tempdir().context("a folder for the generated articles")?;
    let articles = filrouge_bench::news::generate_news(bench.docs)?;
    for (i, a) in articles.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i:07}-{}.txt", a.lang)), &a.text)?;
    }
    let mut first_rate = None;
    for &workers in bench.workers {
        let mut run = one_run(bench, dir.path(), workers)?;
        let base = *first_rate.get_or_insert(run.articles_per_sec);
        run.relative = run.articles_per_sec / base;
        if json {
            println!("{}", serde_json::to_string(&run)?);
        } else {
            println!(
                "queue, {} worker(s) x {} thread(s): {} articles in {:.2} s ({:.0} articles/s, {:.2}x the first run), machine {:.0}% busy; stored {}, lost {}, doubled {}, found stored {}, dead letters {}{}",
                run.workers,
                run.threads,
                run.published,
                run.seconds,
                run.articles_per_sec,
                run.relative,
                run.busy * 100.0,
                run.stored,
                run.lost,
                run.doubled,
                run.found_stored,
                run.dead,
                if run.disturbances.is_empty() {
                    String::new()
                } else {
                    format!("; {}", run.disturbances.join("; "))
                }
            );
        }
    }
    Ok(())
}

/// Publishes the folder onto a new queue and works it with `workers`
/// workers into a new database.
fn one_run(bench: &QueueBench, dir: &Path, workers: usize) -> Result<QueueRun> {
    let db = TestDatabase::create_on(bench.postgres).map_err(anyhow::Error::msg)?;
    let prefix = format!("bench-{}-{workers}", std::process::id());
    let queue = Queue::connect(bench.nats, Names::new(&prefix)?)?;
    queue.remove()?;
    let exe = std::env::current_exe().context("this program's path")?;
    let env = [
        ("FILROUGE_NATS", bench.nats),
        ("FILROUGE_QUEUE_PREFIX", &prefix),
    ];
    let published = Command::new(&exe)
        .arg("publish")
        .arg(dir)
        .args(["--as-of", AS_OF, "--json", "--quiet"])
        .envs(env)
        .stderr(Stdio::inherit())
        .output()
        .context("running filrouge publish")?;
    if !published.status.success() {
        bail!("filrouge publish failed ({})", published.status);
    }
    let summary: serde_json::Value = serde_json::from_slice(&published.stdout)?;
    let published = summary["published"].as_u64().unwrap_or(0) as usize;
    let cpu_before = cpu_times()?;
    let started = Instant::now();
    let worker = || {
        Command::new(&exe)
            .args(["worker", "--store", db.url(), "--exit-when-idle", "--json"])
            .args(["--quiet", "--threads", &bench.threads.to_string()])
            // A killed worker's records come back within seconds.
            .args(match bench.chaos {
                Some(_) => &["--ack-wait", "5"][..],
                None => &[],
            })
            .envs(env)
            .stdout(Stdio::piped())
            .spawn()
            .context("starting filrouge worker")
    };
    let mut children = (0..workers).map(|_| worker()).collect::<Result<Vec<_>>>()?;
    let location = Location::Postgres(db.url().to_string());
    let disturbances = match &bench.chaos {
        Some(script) => disturb(script, &mut children, &worker, &location, published)?,
        None => Vec::new(),
    };
    let mut found_stored = 0;
    let mut dead = 0;
    for child in children {
        let out = child.wait_with_output()?;
        if !out.status.success() {
            bail!("a worker failed ({})", out.status);
        }
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        found_stored += summary["duplicates"].as_u64().unwrap_or(0);
        dead += summary["dead"].as_u64().unwrap_or(0);
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu_after = cpu_times()?;
    let ids = Store::open_location(&location)?.ids()?;
    let distinct: std::collections::HashSet<_> = ids.iter().collect();
    let stored = distinct.len();
    queue.remove()?;
    let (busy, total) = (cpu_after.0 - cpu_before.0, cpu_after.1 - cpu_before.1);
    Ok(QueueRun {
        workers,
        threads: bench.threads,
        published,
        seconds,
        articles_per_sec: stored as f64 / seconds,
        relative: 1.0,
        busy: if total > 0 {
            busy as f64 / total as f64
        } else {
            0.0
        },
        stored,
        lost: published.saturating_sub(stored),
        found_stored,
        dead,
        doubled: ids.len() - distinct.len(),
        disturbances,
    })
}

/// Disturbs a run as the module doc says, as the store fills: returns
/// what it did, once every step is done (or the workers ended first).
fn disturb(
    script: &Path,
    children: &mut [Child],
    worker: &dyn Fn() -> Result<Child>,
    store: &Location,
    published: usize,
) -> Result<Vec<String>> {
    let steps = ["kill", "nats", "postgres"];
    let mut done = Vec::new();
    let mut watcher: Option<Store> = None;
    let mut stored = 0;
    while done.len() < steps.len() {
        if children
            .iter_mut()
            .all(|c| matches!(c.try_wait(), Ok(Some(_))))
        {
            break;
        }
        // The store may be restarting: the last count stands meanwhile.
        if watcher.is_none() {
            watcher = Store::open_location(store).ok();
        }
        if let Some(count) = watcher.as_ref().and_then(|w| w.count().ok()) {
            stored = count;
        }
        let step = steps[done.len()];
        if stored * 4 < published * (done.len() + 1) {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        }
        let what = match step {
            "kill" => {
                let victim = &mut children[0];
                victim.kill().context("killing a worker")?;
                victim.wait()?;
                children[0] = worker()?;
                "a worker killed (SIGKILL) and another started"
            }
            service => {
                let status = Command::new(script)
                    .args(["restart", service])
                    .stderr(Stdio::null())
                    .status()
                    .with_context(|| format!("running {} restart {service}", script.display()))?;
                if !status.success() {
                    bail!("{} restart {service} failed ({status})", script.display());
                }
                if service == "nats" {
                    "NATS restarted"
                } else {
                    "PostgreSQL restarted"
                }
            }
        };
        done.push(format!("{what} at {stored} stored"));
    }
    Ok(done)
}

/// The machine's busy and total CPU time so far, in clock ticks, from
/// `/proc/stat` (idle and I/O wait are not busy).
fn cpu_times() -> Result<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").context("reading /proc/stat")?;
    let line = stat.lines().next().unwrap_or_default();
    let ticks: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|t| t.parse().ok())
        .collect();
    let total: u64 = ticks.iter().take(8).sum();
    let idle = ticks.get(3).copied().unwrap_or(0) + ticks.get(4).copied().unwrap_or(0);
    Ok((total.saturating_sub(idle), total))
}
