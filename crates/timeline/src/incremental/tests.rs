//! The incremental linker on synthetic nodes: its blocks find every pair
//! the batch scores, and after consolidation its clusters are the batch
//! linker's in any order of addition.

use filrouge_events::EventDate;
use rustc_hash::FxHashSet;

use super::blocks::Blocks;
use super::{IncrementalLinker, Window};
use crate::link::node::Node;
use crate::link::score::link_score;
use crate::link::{candidate_pairs, cluster_nodes};
use crate::text::Bag;

/// A small deterministic generator (the same numbers on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// A node of document `doc` dated `date` (a TimeML value).
fn node(doc: usize, family: &str, date: Option<&str>, words: &str) -> Node {
    let date = date.map(|v| EventDate {
        value: v.to_string(),
        modifier: None,
        precision: filrouge_events::document::precision_of(v),
        origin: filrouge_events::DateOrigin::Explicit,
        leans_on_document: false,
        evidence: String::new(),
        words: None,
    });
    Node {
        doc,
        copy: doc,
        generic: false,
        family: family.to_string(),
        parts: date.as_ref().and_then(EventDate::parts),
        date,
        ordinal: None,
        main: true,
        persons: FxHashSet::default(),
        others: FxHashSet::default(),
        bag: Bag::of(words),
    }
}

/// `docs` random documents of one to three nodes each, over a few days,
/// families, people and words, some copies, ranks and generic news.
fn random_docs(seed: u64, docs: usize) -> Vec<Vec<Node>> {
    let mut rng = Lcg(seed);
    let families = ["meeting", "call", "strike"];
    let dates = [
        None,
        Some("2024-03-12"),
        Some("2024-03-13"),
        Some("2025-03-12"),
        Some("XXXX-03-12"),
        Some("2024-03"),
        Some("XXXX-03"),
        Some("2024"),
    ];
    let words = ["talks geneva", "strike paris", "call kremlin", "vote"];
    let mut out = Vec::new();
    for d in 0..docs {
        let mut nodes = Vec::new();
        for e in 0..1 + rng.next(3) {
            let text = format!("{} {}", words[rng.next(4)], words[rng.next(4)]);
            let mut n = node(
                d,
                families[rng.next(3)],
                dates[rng.next(dates.len())],
                &text,
            );
            n.main = e == 0;
            n.generic = n.main && rng.next(6) == 0;
            n.copy = if rng.next(5) == 0 { d % 3 } else { 100 + d };
            n.ordinal = (rng.next(4) == 0).then(|| 1 + rng.next(2) as u32);
            for _ in 0..rng.next(3) {
                n.persons.insert(rng.next(5));
            }
            for _ in 0..rng.next(2) {
                n.others.insert(10 + rng.next(3));
            }
            nodes.push(n);
        }
        out.push(nodes);
    }
    out
}

/// The clusters of the batch linker over `docs` (in their order), each as
/// sorted (document, event) pairs, sorted.
fn batch(docs: &[Vec<Node>]) -> Vec<Vec<(usize, usize)>> {
    let nodes: Vec<Node> = docs.iter().flatten().cloned().collect();
    let address: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, ns)| (0..ns.len()).map(move |e| (d, e)))
        .collect();
    let mut sets = cluster_nodes(&nodes);
    let mut groups: std::collections::BTreeMap<usize, Vec<(usize, usize)>> = Default::default();
    for (i, at) in address.into_iter().enumerate() {
        groups.entry(sets.root(i)).or_default().push(at);
    }
    let mut out: Vec<Vec<(usize, usize)>> = groups.into_values().collect();
    out.sort();
    out
}

/// The incremental linker's clusters after adding `docs` in `order` (and
/// consolidating when asked), as [`batch`] gives them.
fn incremental(docs: &[Vec<Node>], order: &[usize], consolidate: bool) -> Vec<Vec<(usize, usize)>> {
    let mut linker = IncrementalLinker::new();
    for &d in order {
        linker.insert(&format!("{d:04}"), d as u64, docs[d].clone());
    }
    if consolidate {
        linker.consolidate(&Window::Touched);
    }
    let mut out: Vec<Vec<(usize, usize)>> = linker
        .clusters()
        .into_iter()
        .map(|c| {
            c.into_iter()
                .map(|(id, e)| (id.parse().unwrap_or(usize::MAX), e))
                .collect()
        })
        .collect();
    out.sort();
    out
}

/// A random permutation of `0..n`.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut rng = Lcg(seed);
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        v.swap(i, rng.next(i + 1));
    }
    v
}

#[test]
fn consolidated_clusters_are_the_batch_ones_in_any_order() {
    for seed in 1..6 {
        let docs = random_docs(seed, 60);
        let expected = batch(&docs);
        assert!(expected.iter().any(|c| c.len() > 2), "seed {seed}: no link");
        let forward: Vec<usize> = (0..docs.len()).collect();
        let backward: Vec<usize> = forward.iter().rev().copied().collect();
        for order in [forward, backward, shuffled(docs.len(), seed)] {
            assert_eq!(incremental(&docs, &order, true), expected, "seed {seed}");
        }
    }
}

#[test]
fn clusters_never_hold_two_events_of_one_document_before_consolidation() {
    let docs = random_docs(9, 60);
    let order: Vec<usize> = (0..docs.len()).collect();
    for cluster in incremental(&docs, &order, false) {
        let ds: FxHashSet<usize> = cluster.iter().map(|(d, _)| *d).collect();
        assert_eq!(ds.len(), cluster.len());
    }
}

#[test]
fn blocks_hold_every_batch_pair_the_score_accepts_and_no_other() {
    let docs = random_docs(3, 80);
    let nodes: Vec<Node> = docs.iter().flatten().cloned().collect();
    let batch: FxHashSet<(usize, usize)> = candidate_pairs(&nodes).into_iter().collect();
    let family = |n: &Node| {
        ["meeting", "call", "strike"]
            .iter()
            .position(|f| *f == n.family)
            .unwrap_or(0) as u32
    };
    let mut blocks = Blocks::default();
    let mut scored = 0;
    for (i, n) in nodes.iter().enumerate() {
        let found: FxHashSet<usize> = blocks.candidates(n, family(n)).into_iter().collect();
        for &j in &found {
            assert!(batch.contains(&(j, i)), "pair {j} {i} is in no batch block");
        }
        for (j, m) in nodes[..i].iter().enumerate() {
            if batch.contains(&(j, i)) && m.doc != n.doc && link_score(m, n).is_some() {
                scored += 1;
                assert!(found.contains(&j), "pair {j} {i} scored but not found");
            }
        }
        blocks.insert(i, n, family(n));
    }
    assert!(scored > 20, "{scored}");
}

#[test]
fn conflicting_years_and_days_share_no_block() {
    let a = node(0, "meeting", Some("2024-03-12"), "talks");
    let b = node(1, "meeting", Some("2025-03-12"), "talks");
    let c = node(2, "meeting", Some("2024-03-13"), "talks");
    let d = node(3, "meeting", Some("XXXX-03"), "talks");
    let e = node(4, "call", Some("2024-03-12"), "talks");
    let mut blocks = Blocks::default();
    for (i, n) in [&a, &b, &c, &e].into_iter().enumerate() {
        blocks.insert(i, n, u32::from(i == 3));
    }
    assert_eq!(blocks.candidates(&a, 0), vec![0]);
    // A month alone, year unknown, meets every day of its month.
    assert_eq!(blocks.candidates(&d, 0), vec![0, 1, 2]);
    // Generic news meets every family.
    let mut g = node(5, "other", Some("2024-03-12"), "talks");
    g.generic = true;
    assert_eq!(blocks.candidates(&g, 7), vec![0, 3]);
}

#[test]
fn dates_window_selects_touched_components() {
    let docs = vec![
        vec![node(0, "meeting", Some("2024-03-12"), "talks geneva")],
        vec![node(1, "meeting", Some("2024-03-12"), "talks geneva")],
        vec![node(2, "meeting", Some("2024-06-01"), "talks geneva")],
    ];
    let mut linker = IncrementalLinker::new();
    for (d, ns) in docs.into_iter().enumerate() {
        linker.insert(&d.to_string(), d as u64, ns);
    }
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2024, m, d).unwrap_or_default();
    let done = linker.consolidate(&Window::Dates(day(3, 1), day(3, 31)));
    assert_eq!((done.components, done.nodes), (1, 2));
    let done = linker.consolidate(&Window::Touched);
    assert_eq!((done.components, done.nodes), (1, 1));
    assert_eq!(linker.consolidate(&Window::Touched).components, 0);
    assert_eq!(linker.clusters().len(), 2);
}
