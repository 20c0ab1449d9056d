//! The search index: build speed over analysed articles and query latency.

use std::time::Instant;

use filrouge::read::{read_bytes, ReadOptions};
use filrouge::Pipeline;
use rayon::prelude::*;

use crate::Throughput;

/// Search latency over a set of queries.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QueryLatency {
    /// What was measured.
    pub name: String,
    /// Queries run (each query of the set, several times).
    pub queries: usize,
    /// Documents in the index.
    pub documents: usize,
    /// Median latency in milliseconds.
    pub p50_ms: f64,
    /// 95th percentile latency in milliseconds.
    pub p95_ms: f64,
}

/// Words of the generated articles, searched as analysts would: one word,
/// two, a phrase, accents left out, in both languages.
const QUERIES: &[&str] = &[
    "budget",
    "negociation",
    "prefecture electricite",
    "\"journée de mobilisation\"",
    "travaux janvier",
    "storm",
    "minister reconstruction",
    "strikes",
    "commenter",
    "reporters",
];

/// Index building and search on the analysed texts of `corpus`: the
/// documents go through the ingest pipeline first (not timed), then into a
/// new index in a temporary folder, in ingest's batches with a commit each
/// (timed: [`Throughput`] over the cleaned text); then every query of a
/// fixed set, with snippets, as documents and as sentences ([`QueryLatency`]).
pub fn bench_index(
    corpus: &[Vec<u8>],
    as_of: chrono::NaiveDate,
) -> Result<(Throughput, QueryLatency), filrouge::search::SearchError> {
    use filrouge::search::{SearchIndex, SearchQuery};
    let pipeline = Pipeline::new().with_tokens(false).with_time(Some(as_of));
    let opts = ReadOptions::default();
    let docs: Vec<_> = corpus
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, raw)| {
            read_bytes(&format!("bench/{i}.txt"), raw.clone(), &opts)
                .flatten()
                .map(|d| pipeline.process(d))
                .collect::<Vec<_>>()
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("filrouge-bench-index-{}", std::process::id()));
    let mut index = SearchIndex::recreate(&dir)?;
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let start = Instant::now();
    for batch in docs.chunks(filrouge::BATCH_SIZE) {
        index.add(batch)?;
    }
    let build = Throughput {
        name: "search index build (cleaned text)".into(),
        documents: docs.len(),
        bytes,
        seconds: start.elapsed().as_secs_f64(),
        threads: 1,
    };
    let mut times = Vec::new();
    for round in 0..10 {
        for (i, q) in QUERIES.iter().enumerate() {
            let query = SearchQuery {
                text: (*q).to_string(),
                limit: 10,
                ..SearchQuery::default()
            };
            let start = Instant::now();
            // Alternate documents and sentences.
            if (round + i) % 2 == 0 {
                std::hint::black_box(index.search(&query)?);
            } else {
                std::hint::black_box(index.search_sentences(&query)?);
            }
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let i = ((times.len() as f64 - 1.0) * p).round() as usize;
        times.get(i).copied().unwrap_or(0.0)
    };
    let latency = QueryLatency {
        name: "search query, top 10 with snippets".into(),
        queries: times.len(),
        documents: index.len(),
        p50_ms: at(0.5),
        p95_ms: at(0.95),
    };
    drop(index);
    // A leftover folder in the temporary directory is harmless.
    let _ = std::fs::remove_dir_all(&dir);
    Ok((build, latency))
}
