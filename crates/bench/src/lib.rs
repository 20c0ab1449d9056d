//! filrouge's benchmarks and corpus generators (`filrouge bench`, the
//! server's load example, `filrouge eval linking`): throughput of each
//! stage on generated and real text, search latency, the timeline, and
//! the corpus stages at scale; the generators are deterministic and
//! invent every word.
//!
//! - [`generated`]: the plain-text corpus of the throughput runs;
//! - [`stages`]: read + clean + segment, the time stage, HTML extraction;
//! - [`real`]: each per-document stage on a folder of real articles, per
//!   CPU-second;
//! - [`index`]: search-index build and query latency;
//! - [`timeline`]: linking and assembling the timeline;
//! - [`news`]: a news corpus with known stories, and [`linking`]: which
//!   event holds each article's news (scored by `filrouge eval linking`);
//! - [`incremental`]: the incremental linker against the batch one
//!   (agreement per order of addition, cost of one addition);
//! - [`scale`]: near-duplicates and stories over millions of articles;
//! - [`run`]: the whole `filrouge bench` run.
//!
//! Architecture invariant: benchmarks measure through the `filrouge`
//! facade, as users call it; nothing here is used by the pipeline.

pub mod fulltext;
pub mod generated;
pub mod incremental;
pub mod index;
pub mod linking;
pub mod news;
pub mod real;
pub mod run;
pub mod scale;
pub mod stages;
pub mod timeline;

pub use generated::generate_corpus;
pub use index::{bench_index, QueryLatency};
pub use run::{run, BenchOptions, BenchReport};
pub use stages::{bench_html, bench_text, bench_time, load_pages};
pub use timeline::bench_timeline;

/// A measured run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Throughput {
    /// What was measured.
    pub name: String,
    /// Documents processed.
    pub documents: usize,
    /// Input bytes.
    pub bytes: usize,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Threads used.
    pub threads: usize,
}

impl Throughput {
    /// Documents per second.
    pub fn docs_per_sec(&self) -> f64 {
        self.documents as f64 / self.seconds.max(1e-9)
    }

    /// Megabytes (10^6 bytes) per second.
    pub fn mb_per_sec(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds.max(1e-9)
    }
}
