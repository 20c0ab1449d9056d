//! `filrouge bench`: throughput on a generated corpus (and on HTML pages),
//! or the corpus stages at scale.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use filrouge_bench::{BenchOptions, Throughput};

use crate::args::{Exit, DONE};

/// Arguments of `filrouge bench`.
#[derive(Args)]
pub struct BenchArgs {
    /// Number of generated plain-text articles.
    #[arg(long, default_value_t = 20_000)]
    docs: usize,
    /// A folder of .html/.html.gz pages for the extraction benchmark.
    #[arg(long)]
    html: Option<PathBuf>,
    /// Measure on this many threads only (default: one thread, then all cores).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Instead, measure each per-document stage on the real articles in
    /// this folder (any format `analyze` reads), per CPU-second of one
    /// thread.
    #[arg(long, conflicts_with = "corpus_scale")]
    real: Option<PathBuf>,
    /// Instead, run near-duplicates and story clustering over this many
    /// generated articles (speed, stories, duplicates, peak memory).
    #[arg(long)]
    corpus_scale: Option<usize>,
    /// Instead, compare full-text search both ways on this PostgreSQL
    /// store: PostgreSQL's own (GIN, French/English, unaccent) and the
    /// tantivy index a replica keeps (build time, latency, hits, overlap).
    #[arg(long, value_name = "URL", conflicts_with_all = ["real", "corpus_scale", "incremental"])]
    fulltext: Option<String>,
    /// Instead, link generated news one article at a time: agreement with
    /// the batch linker over --docs articles for 3 random orders, and the
    /// cost of adding one article at each of --sizes articles.
    #[arg(long, conflicts_with_all = ["real", "corpus_scale"])]
    incremental: bool,
    /// Instead, time workers through the queue on this NATS server:
    /// --docs generated articles published once per run, then each count
    /// of --workers at once (`filrouge worker --threads` --threads, 1 by
    /// default) into a new database on the --postgres server.
    #[arg(long, value_name = "URL", requires = "postgres", conflicts_with_all = ["real", "corpus_scale", "incremental", "fulltext"])]
    queue: Option<String>,
    /// The PostgreSQL server (a user that may create databases) of --queue.
    #[arg(long, value_name = "URL")]
    postgres: Option<String>,
    /// With --queue: disturb each run with this services script (the
    /// project's `scripts/services`): a worker killed at a quarter of the
    /// articles stored, NATS restarted at half, PostgreSQL at three
    /// quarters; the counts say what was lost or doubled.
    #[arg(long, value_name = "SCRIPT", requires = "queue")]
    chaos: Option<PathBuf>,
    /// Worker counts --queue runs, one after the other.
    #[arg(long, value_delimiter = ',', default_value = "1,2,4")]
    workers: Vec<usize>,
    /// Corpus sizes at which --incremental times one addition.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
    sizes: Vec<usize>,
    /// Print results as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs the benchmarks and prints one line per measure.
pub fn run(args: BenchArgs) -> Result<Exit> {
    if let Some(n) = args.corpus_scale {
        return scale(n, args.threads, args.json);
    }
    if let Some(dir) = &args.real {
        return real(dir, args.json);
    }
    if let Some(url) = &args.fulltext {
        return fulltext(url, args.json);
    }
    if args.incremental {
        return incremental(args.docs, &args.sizes, args.json);
    }
    if let (Some(nats), Some(postgres)) = (&args.queue, &args.postgres) {
        let bench = super::bench_queue::QueueBench {
            nats,
            postgres,
            docs: args.docs,
            workers: &args.workers,
            threads: args.threads.unwrap_or(1),
            chaos: args.chaos.clone(),
        };
        super::bench_queue::run(&bench, args.json)?;
        return DONE;
    }
    let report = filrouge_bench::run(&BenchOptions {
        docs: args.docs,
        html: args.html,
        threads: args.threads.map(usize::from),
    })?;
    for r in &report.throughput {
        if args.json {
            println!("{}", serde_json::to_string(r)?);
        } else {
            println!("{}", throughput_line(r));
        }
    }
    let latency = &report.latency;
    if args.json {
        println!("{}", serde_json::to_string(latency)?);
    } else {
        println!(
            "{:<36} {:>7} queries on {} docs: p50 {:.2} ms  p95 {:.2} ms",
            latency.name, latency.queries, latency.documents, latency.p50_ms, latency.p95_ms
        );
    }
    DONE
}

fn throughput_line(r: &Throughput) -> String {
    format!(
        "{:<36} {:>2} thread(s): {:>7} docs {:>8.1} MB  {:>9.0} docs/s  {:>7.2} MB/s",
        r.name,
        r.threads,
        r.documents,
        r.bytes as f64 / 1e6,
        r.docs_per_sec(),
        r.mb_per_sec()
    )
}

/// Each stage over the real articles in `dir`, one line per measure.
fn real(dir: &std::path::Path, json: bool) -> Result<Exit> {
    let files = filrouge_bench::real::load_real(dir)
        .map_err(|e| anyhow::anyhow!("reading {}: {e}", dir.display()))?;
    if files.is_empty() {
        anyhow::bail!("no files in {}", dir.display());
    }
    let measures = filrouge_bench::real::bench_real(
        &files,
        filrouge::today(),
        filrouge_bench::real::MIN_CPU_SECONDS,
    );
    for r in &measures {
        if json {
            println!("{}", serde_json::to_string(r)?);
        } else {
            println!("{} (CPU)", throughput_line(r));
        }
    }
    DONE
}

/// Near-duplicates and stories over `articles` generated articles.
fn scale(articles: usize, threads: Option<u16>, json: bool) -> Result<Exit> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        pool = pool.num_threads(usize::from(n));
    }
    let r = pool
        .build()?
        .install(|| filrouge_bench::scale::bench_scale(articles));
    if json {
        println!("{}", serde_json::to_string(&r)?);
    } else {
        let peak = r.peak_mb.map_or("?".into(), |m| format!("{m:.0}"));
        println!(
            "corpus scale, {} thread(s): {} articles in {:.1} s ({:.0} articles/s; sequential part {:.1} s, clustering {:.1} s), \
             {} stories ({} generated; purity {:.3}, completeness {:.3}), {} near-duplicates ({} generated), peak {peak} MB",
            r.threads, r.articles, r.seconds, r.articles_per_sec(), r.sequential_seconds, r.clustering_seconds,
            r.stories, r.true_stories, r.purity, r.completeness, r.duplicates, r.true_duplicates
        );
    }
    DONE
}

/// `bench --fulltext URL`: full-text search both ways on one store.
fn fulltext(url: &str, json: bool) -> Result<Exit> {
    let report = filrouge_bench::fulltext::compare_fulltext(url)?;
    if json {
        println!("{}", serde_json::to_string(&report)?);
        return DONE;
    }
    println!(
        "{} documents; queries: {:?}",
        report.documents,
        filrouge_bench::fulltext::QUERIES
    );
    for side in &report.sides {
        println!(
            "{}: index built in {:.1} s; query p50 {:.2} ms, p95 {:.2} ms; hits {:?}",
            side.engine, side.build_seconds, side.p50_ms, side.p95_ms, side.hits
        );
    }
    println!(
        "top-10 overlap (share of PostgreSQL's top 10 in tantivy's): {:.2}",
        report.top10_overlap
    );
    DONE
}

/// The incremental linker on generated news: agreement with the batch
/// linker over `docs` articles for three random orders, and the cost of
/// one addition at each of `sizes`.
fn incremental(docs: usize, sizes: &[usize], json: bool) -> Result<Exit> {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    let r = filrouge_bench::incremental::bench_incremental(docs, &[1, 2, 3], sizes, as_of)?;
    if json {
        println!("{}", serde_json::to_string(&r)?);
        return DONE;
    }
    for o in &r.orders {
        println!(
            "incremental linking, {} articles, order {}: news in the batch linker's event (no date refinement) {:.4} online, {:.4} consolidated; {:.4} against the refined batch; largest component {} events; consolidation {:.2} s",
            r.articles, o.seed, o.online, o.consolidated, o.consolidated_vs_refined, o.largest_component, o.consolidate_seconds
        );
    }
    for c in &r.costs {
        println!(
            "incremental linking, add one article to {:>7}: median {:>8.1} us  p95 {:>8.1} us  ({} built in {:.1} s)",
            c.articles, c.median_us, c.p95_us, c.articles, c.build_seconds
        );
    }
    DONE
}
