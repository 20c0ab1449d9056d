//! The incremental linker against the batch one: the example corpus and
//! the seeds (read from `../shared/seeds`, never copied) added one article
//! at a time, in input order, reversed and shuffled, then consolidated,
//! give the same events in every order, and the batch linker's events
//! without date refinement (which the incremental linker does not do): the
//! same clusters, and assembled, the same dates, sources and participants.
//! How many events the refinement changes is printed.

mod common;

use common::{root, seeds_dir};

use std::path::Path;

use chrono::NaiveDate;
use filrouge::read::ReadOptions;
use filrouge::timeline::incremental::{document_links, IncrementalLinker, Window};
use filrouge::timeline::{LinkedEvents, TimelineEvent};
use filrouge::{Collection, Pipeline};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 31).expect("valid date")
}

/// A permutation of `0..n` from a small deterministic generator.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        v.swap(i, ((state >> 33) as usize) % (i + 1));
    }
    v
}

/// Clusters as sorted lists, sorted.
fn canonical(mut clusters: Vec<Vec<(String, usize)>>) -> Vec<Vec<(String, usize)>> {
    for c in &mut clusters {
        c.sort();
    }
    clusters.sort();
    clusters
}

/// Assembled events by key.
fn by_key<'a>(events: impl Iterator<Item = &'a TimelineEvent>) -> Vec<TimelineEvent> {
    let mut v: Vec<TimelineEvent> = events.cloned().collect();
    v.sort_by(|a, b| a.key.cmp(&b.key));
    v
}

/// The corpus in `dir` linked in batch and incrementally in four orders.
fn same_events_in_any_order(dir: &Path) {
    let pipeline = Pipeline::new().with_tokens(false).with_time(Some(as_of()));
    let collection = Collection::analyse(
        &[dir.to_path_buf()],
        &ReadOptions::default(),
        &pipeline,
        |_| true,
    );
    let docs = collection.documents();
    assert!(docs.len() > 1, "{}", dir.display());
    let context = collection.context();
    let refined = collection.link(as_of(), 2);
    let batch = LinkedEvents::build_unrefined(docs.to_vec(), &context, as_of(), 2);
    let expected = canonical(batch.clusters());
    let expected_events = by_key(batch.events());
    let refined_events = by_key(refined.events());
    let refined_clusters = canonical(refined.clusters());
    eprintln!(
        "{}: refining dates changes {} of {} linked events ({} new) and {} of {} dated events ({} new)",
        dir.display(),
        expected.iter().filter(|c| !refined_clusters.contains(c)).count(),
        expected.len(),
        refined_clusters.iter().filter(|c| !expected.contains(c)).count(),
        expected_events.iter().filter(|e| !refined_events.contains(e)).count(),
        expected_events.len(),
        refined_events.iter().filter(|e| !expected_events.contains(e)).count(),
    );
    let links = document_links(docs, &context);
    let forward: Vec<usize> = (0..docs.len()).collect();
    let backward: Vec<usize> = forward.iter().rev().copied().collect();
    let orders = [
        forward,
        backward,
        shuffled(docs.len(), 1),
        shuffled(docs.len(), 2),
    ];
    for order in orders {
        let mut linker = IncrementalLinker::new();
        for &i in &order {
            linker.add(&docs[i], &links[i]);
        }
        linker.consolidate(&Window::Touched);
        let clusters = linker.clusters();
        assert_eq!(canonical(clusters.clone()), expected, "order {order:?}");
        let events = LinkedEvents::from_clusters(docs.to_vec(), &context, as_of(), 2, &clusters);
        assert_eq!(by_key(events.events()), expected_events, "order {order:?}");
    }
}

#[test]
fn the_example_corpus_links_as_in_batch_in_any_order() {
    same_events_in_any_order(&root().join("examples/corpus"));
}

#[test]
fn the_seeds_link_as_in_batch_in_any_order() {
    let Some(dir) = seeds_dir() else {
        return;
    };
    same_events_in_any_order(&dir);
}
