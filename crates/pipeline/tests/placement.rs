//! The corpus level placed in the store one document at a time: the
//! example corpus ingested into a store, then placed in steps of several
//! sizes, by one placer or by a placer restarted half way, gives the same
//! stored events; every stored event reads back as assembled; a second
//! placer writing from a position another one moved past is refused; and
//! the stored events are the batch linker's (without date refinement) on
//! the example corpus and the seeds (read in place, never copied), though
//! entities are resolved per article here.

mod common;

use common::{root, seeds_dir};

use chrono::NaiveDate;
use filrouge::read::ReadOptions;
use filrouge::store::{Location, PlacementWrite, Store, StoreError};
use filrouge::timeline::stored::{from_stored_json, PlacedEvents};
use filrouge::timeline::{LinkedEvents, TimelineOptions};
use filrouge::{ingest, place, Collection, IngestOptions, Placer};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 31).expect("valid date")
}

/// The example corpus ingested into a new store in `dir`.
fn example_store(dir: &std::path::Path) -> Store {
    let mut store =
        Store::open_location(&Location::Folder(dir.join("store"))).expect("store opens");
    let opts = IngestOptions {
        as_of: Some(as_of()),
        read: ReadOptions::default(),
        ..IngestOptions::default()
    };
    ingest(&[root().join("examples/corpus")], &mut store, &opts, |_| {}).expect("ingest");
    store
}

/// Every stored event as (key, story, JSON), by key.
fn stored(store: &Store) -> Vec<(String, Option<u32>, String)> {
    store
        .placed_events(0)
        .expect("events")
        .into_iter()
        .map(|e| (e.key, e.story, e.event))
        .collect()
}

#[test]
fn steps_of_any_size_and_a_restart_give_the_same_stored_events() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut reference: Option<Vec<(String, Option<u32>, String)>> = None;
    for (i, step) in [1usize, 5, 1000].into_iter().enumerate() {
        let mut store = example_store(&dir.path().join(format!("s{i}")));
        let mut placer = Placer::new(as_of());
        let mut steps = 0;
        let report = place(&mut store, &mut placer, step, &mut |_, _| steps += 1).expect("place");
        assert_eq!(report.through, store.count().expect("count"));
        assert!(steps >= 1);
        let events = stored(&store);
        assert!(!events.is_empty());
        match &reference {
            None => reference = Some(events),
            Some(r) => {
                let keys = |v: &[(String, Option<u32>, String)]| -> Vec<(String, Option<u32>)> {
                    v.iter().map(|(k, s, _)| (k.clone(), *s)).collect()
                };
                assert_eq!(keys(&events), keys(r), "steps of {step}");
                for (a, b) in events.iter().zip(r) {
                    assert!(a.2 == b.2, "steps of {step}: event {} differs", a.0);
                }
            }
        }
    }
    let reference = reference.unwrap_or_default();

    // Half placed by one placer, the rest by a new one (it reads the
    // placed half again, writes nothing for it, then goes on).
    let mut store = example_store(&dir.path().join("restart"));
    let ids = store.ids().expect("ids");
    let half = ids.len() / 2;
    {
        let mut first = Placer::new(as_of());
        let mut partial = PartialStore::new(&mut store, half);
        partial.place(&mut first);
    }
    assert_eq!(store.placement().expect("placement").placed, half);
    let mut second = Placer::new(as_of());
    let report = place(&mut store, &mut second, 3, &mut |_, _| {}).expect("place the rest");
    assert_eq!(report.replayed, half);
    assert_eq!(report.placed, ids.len() - half);
    let after = stored(&store);
    assert_eq!(after.len(), reference.len());
    for (a, b) in after.iter().zip(&reference) {
        assert!(a == b, "after a restart: event {} differs", a.0);
    }

    // Every stored event reads back whole.
    for (key, _, json) in &reference {
        let e = from_stored_json(json).expect("reads back");
        assert_eq!(&e.key, key);
        assert!(!e.sources.is_empty());
    }
}

/// Places the first `n` documents of a store only: a placer stopped half
/// way. (The store's own `place` takes everything there is.)
struct PartialStore<'a> {
    store: &'a mut Store,
    n: usize,
}

impl<'a> PartialStore<'a> {
    fn new(store: &'a mut Store, n: usize) -> Self {
        PartialStore { store, n }
    }

    fn place(&mut self, placer: &mut Placer) {
        let ids = self.store.ids().expect("ids");
        let docs = self.store.get_many(&ids[..self.n]).expect("docs");
        for d in &docs {
            placer.add(d);
        }
        let store = &*self.store;
        let changes = placer.changes(|ids| store.get_many(ids)).expect("changes");
        let events: Vec<filrouge::store::PlacedEvent> = changes
            .events
            .iter()
            .map(|(story, e)| filrouge::placement::placed_event(*story, e))
            .collect();
        self.store
            .write_placement(&PlacementWrite {
                from: 0,
                placed: self.n,
                events: &events,
                removed: &changes.removed,
            })
            .expect("write");
    }
}

#[test]
fn a_placer_behind_another_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = example_store(dir.path());
    let mut a = Placer::new(as_of());
    place(&mut store, &mut a, 100, &mut |_, _| {}).expect("place");
    let before = stored(&store);
    // A placer that believes it is at 0 writes from 0.
    let stale = store.write_placement(&PlacementWrite {
        from: 0,
        placed: 1,
        events: &[],
        removed: &[],
    });
    assert!(matches!(stale, Err(StoreError::PlacementMoved { .. })));
    assert_eq!(stored(&store), before);
    // A placer ahead of the store is refused too.
    let mut other = example_store(&dir.path().join("other"));
    assert!(matches!(
        place(&mut other, &mut a, 100, &mut |_, _| {}),
        Err(StoreError::PlacementMoved { .. })
    ));
}

/// The placed events of `inputs` against the batch linker's (without
/// date refinement): the same clusters, dates and sources in order.
fn placed_as_in_batch(inputs: &std::path::Path) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store =
        Store::open_location(&Location::Folder(dir.path().join("store"))).expect("store opens");
    let opts = IngestOptions {
        as_of: Some(as_of()),
        ..IngestOptions::default()
    };
    ingest(&[inputs.to_path_buf()], &mut store, &opts, |_| {}).expect("ingest");
    let mut placer = Placer::new(as_of());
    place(&mut store, &mut placer, 7, &mut |_, _| {}).expect("place");
    let collection = Collection::from_store(&store).expect("collection");
    let batch = LinkedEvents::build_unrefined(
        collection.documents().to_vec(),
        &collection.context(),
        as_of(),
        2,
    );
    let placed: Vec<_> = stored(&store)
        .into_iter()
        .map(|(_, _, json)| from_stored_json(&json).expect("reads back"))
        .collect();
    let docs = |e: &filrouge::timeline::TimelineEvent| -> Vec<String> {
        e.sources.iter().map(|s| s.document.clone()).collect()
    };
    let mut differ = Vec::new();
    for b in batch.events() {
        match placed.iter().find(|p| p.key == b.key) {
            Some(p) if p.date == b.date && docs(p) == docs(b) => {}
            Some(p) => differ.push(format!(
                "{}: {} {:?} / {} {:?}",
                b.key,
                b.date,
                docs(b),
                p.date,
                docs(p)
            )),
            None => differ.push(format!("{}: not placed", b.key)),
        }
    }
    let total = batch.events().count();
    eprintln!(
        "{}: {} of {total} batch events placed alike ({} placed)",
        inputs.display(),
        total - differ.len(),
        placed.len()
    );
    assert!(differ.is_empty(), "{differ:#?}");
    assert_eq!(placed.len(), total);
    // The timelines cut from the stored events are the batch's.
    let stored_events = PlacedEvents::new(placed, store.count().expect("count"));
    for options in [
        TimelineOptions::new(as_of()),
        TimelineOptions {
            include_background: true,
            ..TimelineOptions::new(as_of())
        },
        TimelineOptions {
            max_events: Some(3),
            lang: Some("fr".into()),
            ..TimelineOptions::new(as_of())
        },
    ] {
        // Stored events come without their documents' list.
        let options = TimelineOptions {
            list_documents: false,
            ..options
        };
        let mut a = comparable(serde_json::to_value(batch.timeline(&options)).expect("json"));
        let b = comparable(serde_json::to_value(stored_events.timeline(&options)).expect("json"));
        // The undated events are not stored: only the batch counts them.
        a["undated_events"] = b["undated_events"].clone();
        if a != b {
            let keys = |v: &serde_json::Value| -> Vec<String> {
                v["events"].as_array().map_or(Vec::new(), |es| {
                    es.iter()
                        .map(|e| format!("{} {}", e["key"], e["date"]))
                        .collect()
                })
            };
            let (ea, eb) = (&a["events"], &b["events"]);
            for (x, y) in ea
                .as_array()
                .into_iter()
                .flatten()
                .zip(eb.as_array().into_iter().flatten())
            {
                if let (Some(ox), Some(oy)) = (x.as_object(), y.as_object()) {
                    for (k, v) in ox {
                        if oy.get(k) != Some(v) {
                            eprintln!("field {k}: {v} / {:?}", oy.get(k));
                        }
                    }
                }
            }
            panic!(
                "{}: timelines differ for {options:?}:\n{:?}\n{:?}",
                inputs.display(),
                keys(&a),
                keys(&b)
            );
        }
    }
}

/// A timeline's JSON without each event's entities: entities are
/// resolved among an event's own sources when placed, across the whole
/// collection in the batch, so a name may be shorter ("Poutine" where the
/// collection knows "Vladimir Poutine") or typed otherwise. Everything
/// else must be the same.
fn comparable(mut timeline: serde_json::Value) -> serde_json::Value {
    for e in timeline["events"].as_array_mut().into_iter().flatten() {
        for k in ["participants", "places", "misc"] {
            e[k] = serde_json::Value::Null;
        }
    }
    timeline
}

#[test]
fn the_example_corpus_is_placed_as_the_batch_links_it() {
    placed_as_in_batch(&root().join("examples/corpus"));
}

#[test]
fn the_seeds_are_placed_as_the_batch_links_them() {
    let Some(dir) = seeds_dir() else {
        return;
    };
    placed_as_in_batch(&dir);
}
