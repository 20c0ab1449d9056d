//! The incremental linker ([`filrouge::timeline::incremental`]) on the
//! generated news: how often an article's news lands in the same event as
//! with the batch linker, for random orders of addition, before and after
//! consolidation; and what adding one article costs as the corpus grows.

use std::time::Instant;

use chrono::NaiveDate;
use filrouge::model::Document;
use filrouge::read::{read_bytes, ReadOptions};
use filrouge::timeline::incremental::{document_links, DocumentLinks, IncrementalLinker, Window};
use filrouge::timeline::LinkedEvents;
use filrouge::{Collection, Pipeline};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::news::{generate_news, NewsDataError};

/// Articles added and timed at each size for the cost of one addition.
const TIMED: usize = 200;

/// Agreement with the batch linker for one order of addition.
#[derive(Debug, Clone, Serialize)]
pub struct OrderAgreement {
    /// The order's seed (0: publication order).
    pub seed: u64,
    /// Share of articles whose news is in the same event as with the
    /// batch linker without date refinement, before consolidation.
    pub online: f64,
    /// The same after consolidating every touched component.
    pub consolidated: f64,
    /// The same share against the batch linker with date refinement
    /// (what the server serves), after consolidation.
    pub consolidated_vs_refined: f64,
    /// Nodes of the largest component of scored pairs.
    pub largest_component: usize,
    /// Seconds the consolidation of every touched component took.
    pub consolidate_seconds: f64,
}

/// The cost of adding one article to a linker holding `articles`.
#[derive(Debug, Clone, Serialize)]
pub struct AddCost {
    /// Articles already linked.
    pub articles: usize,
    /// Median microseconds per added article.
    pub median_us: f64,
    /// 95th percentile, microseconds.
    pub p95_us: f64,
    /// Seconds to add the `articles` first (one at a time).
    pub build_seconds: f64,
}

/// What [`bench_incremental`] measured.
#[derive(Debug, Clone, Serialize)]
pub struct IncrementalReport {
    /// Articles of the agreement measure.
    pub articles: usize,
    /// Per order.
    pub orders: Vec<OrderAgreement>,
    /// Per corpus size.
    pub costs: Vec<AddCost>,
}

/// Generates and analyses `n` news articles (all threads), each text
/// once: a republication word for word has the same id, and a store keeps
/// one (the generator's ids repeat when a copy draws its original's
/// title).
pub fn analysed_news(n: usize, as_of: NaiveDate) -> Result<Vec<Document>, NewsDataError> {
    let news = generate_news(n)?;
    let pipeline = Pipeline::new().with_tokens(false).with_time(Some(as_of));
    let opts = ReadOptions::default();
    let docs: Vec<Document> = news
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, a)| {
            read_bytes(
                &format!("generated/{i}.txt"),
                a.text.clone().into_bytes(),
                &opts,
            )
            .flatten()
            .map(|d| pipeline.process(d))
        })
        .collect();
    let mut seen = rustc_hash::FxHashSet::default();
    Ok(docs
        .into_iter()
        .filter(|d| seen.insert(d.id.0.clone()))
        .collect())
}

/// Agreement over the first `articles` generated articles for `seeds`
/// (0: publication order), then the cost of one addition at each of
/// `sizes`.
pub fn bench_incremental(
    articles: usize,
    seeds: &[u64],
    sizes: &[usize],
    as_of: NaiveDate,
) -> Result<IncrementalReport, NewsDataError> {
    // A few generated articles repeat another word for word and are kept
    // once: generate a margin.
    let largest = sizes.iter().copied().max().unwrap_or(0) * 21 / 20 + TIMED;
    let docs = analysed_news(articles.max(largest), as_of)?;
    let sample = &docs[..articles.min(docs.len())];
    let orders = agreements(sample, seeds, as_of);
    let costs = sizes.iter().map(|&n| add_cost(&docs, n)).collect();
    Ok(IncrementalReport {
        articles: sample.len(),
        orders,
        costs,
    })
}

/// Per article (by id), the members of the event holding its first event
/// (its news, when it has one).
fn news_events(clusters: &[Vec<(String, usize)>]) -> FxHashMap<String, Vec<(String, usize)>> {
    let mut out = FxHashMap::default();
    for c in clusters {
        let mut sorted = c.clone();
        sorted.sort();
        for (id, e) in c {
            if *e == 0 {
                out.insert(id.clone(), sorted.clone());
            }
        }
    }
    out
}

/// Share of `docs` whose news event has the same members in both.
fn share(
    docs: &[Document],
    a: &FxHashMap<String, Vec<(String, usize)>>,
    b: &FxHashMap<String, Vec<(String, usize)>>,
) -> f64 {
    let same = docs
        .iter()
        .filter(|d| a.get(&d.id.0) == b.get(&d.id.0))
        .count();
    same as f64 / docs.len().max(1) as f64
}

/// The agreement of each order of addition (`seeds`; 0 keeps the
/// order) with the batch linkings of `docs`.
fn agreements(docs: &[Document], seeds: &[u64], as_of: NaiveDate) -> Vec<OrderAgreement> {
    let collection = Collection::new(docs.to_vec());
    // The context numbers documents in the collection's canonical order.
    let docs = collection.documents();
    let context = collection.context();
    let refined = news_events(&collection.link(as_of, 2).clusters());
    let plain = LinkedEvents::build_unrefined(docs.to_vec(), &context, as_of, 2);
    let plain = news_events(&plain.clusters());
    let links = document_links(docs, &context);
    let mut out = Vec::new();
    for &seed in seeds {
        let mut linker = IncrementalLinker::new();
        for i in shuffled(docs.len(), seed) {
            linker.add(&docs[i], &links[i]);
        }
        let online = share(docs, &news_events(&linker.clusters()), &plain);
        let started = Instant::now();
        linker.consolidate(&Window::Touched);
        let consolidate_seconds = started.elapsed().as_secs_f64();
        let after = news_events(&linker.clusters());
        out.push(OrderAgreement {
            consolidate_seconds,
            seed,
            online,
            consolidated: share(docs, &after, &plain),
            consolidated_vs_refined: share(docs, &after, &refined),
            largest_component: linker.largest_component(),
        });
    }
    out
}

/// Adds the first `n` of `docs` (entities resolved per document, each
/// its own copy group), then times adding the next [`TIMED`] one by one.
fn add_cost(docs: &[Document], n: usize) -> AddCost {
    let end = (n + TIMED).min(docs.len());
    let links: Vec<DocumentLinks> = docs[..end]
        .par_iter()
        .enumerate()
        .map(|(i, d)| DocumentLinks::alone(d, i as u64, d.id.0.clone()))
        .collect();
    let mut linker = IncrementalLinker::new();
    let started = Instant::now();
    for i in 0..n.min(end) {
        linker.add(&docs[i], &links[i]);
    }
    let build_seconds = started.elapsed().as_secs_f64();
    let mut times: Vec<f64> = (n.min(end)..end)
        .map(|i| {
            let t = Instant::now();
            linker.add(&docs[i], &links[i]);
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| {
        times
            .get(((times.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    AddCost {
        articles: n,
        median_us: at(0.5),
        p95_us: at(0.95),
        build_seconds,
    }
}

/// `0..n` in a random order from `seed` (0: in order).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    if seed == 0 {
        return v;
    }
    let mut state = seed;
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        v.swap(i, ((state >> 33) as usize) % (i + 1));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consolidated_news_events_are_the_batch_ones() -> Result<(), NewsDataError> {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        let docs = analysed_news(600, as_of)?;
        let collection = Collection::new(docs);
        let docs = collection.documents().to_vec();
        let context = collection.context();
        let plain = LinkedEvents::build_unrefined(docs.clone(), &context, as_of, 2);
        let mut expected = plain.clusters();
        expected.iter_mut().for_each(|c| c.sort());
        expected.sort();
        let links = document_links(&docs, &context);
        let mut linker = IncrementalLinker::new();
        for i in shuffled(docs.len(), 3) {
            linker.add(&docs[i], &links[i]);
        }
        linker.consolidate(&Window::Touched);
        let mut found = linker.clusters();
        found.iter_mut().for_each(|c| c.sort());
        found.sort();
        let missing: Vec<_> = expected.iter().filter(|c| !found.contains(c)).collect();
        let extra: Vec<_> = found.iter().filter(|c| !expected.contains(c)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{missing:?}\n{extra:?}"
        );
        Ok(())
    }
}
