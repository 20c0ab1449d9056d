//! The whole `filrouge bench` run: every throughput measure on the
//! generated corpus (one thread, then all, or a given count), the search
//! index, the timeline, and HTML extraction on a folder of pages.

use std::path::PathBuf;

use filrouge::Pipeline;

use crate::{
    bench_html, bench_index, bench_text, bench_time, bench_timeline, generate_corpus, load_pages,
    QueryLatency, Throughput,
};

/// Articles the timeline benchmark analyses and links: the generated
/// articles repeat a few dozen sentences, so every one reports the same
/// events (the worst case for linking), hence a smaller sample.
const TIMELINE_DOCS: usize = 2000;

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Generated plain-text articles.
    pub docs: usize,
    /// A folder of `.html`/`.html.gz` pages for the extraction benchmark.
    pub html: Option<PathBuf>,
    /// Measure on this many threads only (default: one, then all cores).
    pub threads: Option<usize>,
}

/// Why a run could not finish.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A thread pool could not be built.
    #[error("thread pool: {0}")]
    Pool(#[from] rayon::ThreadPoolBuildError),
    /// The search index failed.
    #[error(transparent)]
    Search(#[from] filrouge::search::SearchError),
    /// The pages folder could not be read.
    #[error("reading pages in {dir}: {source}")]
    Pages {
        /// The folder.
        dir: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// The pages folder holds no page.
    #[error("no .html or .html.gz pages in {0}")]
    NoPages(PathBuf),
}

/// What a run measured.
#[derive(Debug, Clone)]
pub struct BenchReport {
    /// Each throughput measure, in the order run.
    pub throughput: Vec<Throughput>,
    /// Search latency.
    pub latency: QueryLatency,
}

/// Runs every benchmark of `filrouge bench`.
pub fn run(options: &BenchOptions) -> Result<BenchReport, BenchError> {
    let corpus = generate_corpus(options.docs);
    // The foundation figure: read + clean + segment, without the time and
    // entity stages (measured on their own).
    let pipeline = Pipeline::new().with_time(None).with_entities(false);
    let mut throughput = Vec::new();
    // Warm up the lexicon and caches, then measure one thread and all
    // threads, or only the count asked for (a profiler then sees one run).
    bench_text(&corpus[..corpus.len().min(200)], &pipeline);
    let counts = match options.threads {
        Some(n) => vec![n],
        None => vec![1, rayon::current_num_threads()],
    };
    for &n in &counts {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build()?;
        throughput.push(pool.install(|| bench_text(&corpus, &pipeline)));
    }
    // The time stage on one thread (or the count asked for).
    let as_of = filrouge::today();
    bench_time(&corpus[..corpus.len().min(200)], as_of);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(counts.first().copied().unwrap_or(1))
        .build()?;
    throughput.push(pool.install(|| bench_time(&corpus, as_of)));
    // The search index: build speed on one thread, then query latency.
    let (index, latency) = bench_index(&corpus, as_of)?;
    throughput.push(index);
    throughput.push(bench_timeline(
        &corpus[..corpus.len().min(TIMELINE_DOCS)],
        as_of,
    ));
    if let Some(dir) = &options.html {
        let pages = load_pages(dir).map_err(|source| BenchError::Pages {
            dir: dir.clone(),
            source,
        })?;
        if pages.is_empty() {
            return Err(BenchError::NoPages(dir.clone()));
        }
        throughput.push(bench_html(&pages));
    }
    Ok(BenchReport {
        throughput,
        latency,
    })
}
