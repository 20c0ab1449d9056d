//! `filrouge place`: the example corpus placed in an embedded store and
//! in PostgreSQL (when the test server runs; CI fails without it) stores
//! the same events; placing again reads the placed documents and writes
//! nothing new.

mod common;

use common::{examples_store, filrouge, filrouge_env, stderr};
use filrouge::store::testing::TestDatabase;
use filrouge::store::{Location, Store};

const AS_OF: &str = "2026-11-30";

/// Every placed event of `location` as (key, JSON).
fn placed(location: &Location) -> Vec<(String, String)> {
    Store::open_existing_location(location)
        .expect("store")
        .placed_events(0)
        .expect("events")
        .into_iter()
        .map(|e| (e.key, e.event))
        .collect()
}

#[test]
fn placing_twice_writes_once_and_says_what_it_did() {
    let dir = examples_store(AS_OF);
    let store = dir.path().to_str().expect("UTF-8 temp path");
    let first = filrouge(&["place", "--store", store, "--as-of", AS_OF]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("placed 19 document(s)"),
        "{}",
        stderr(&first)
    );
    let events = placed(&Location::Folder(dir.path().to_path_buf()));
    assert!(events.len() > 10, "{}", events.len());
    let again = filrouge(&["place", "--store", store, "--as-of", AS_OF]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("placed 0 document(s) (read 19 placed before again)"),
        "{}",
        stderr(&again)
    );
    assert_eq!(placed(&Location::Folder(dir.path().to_path_buf())), events);
    // A store that does not exist is an error, as for every reader.
    let missing = dir.path().join("nowhere");
    let out = filrouge(&["place", "--store", missing.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn postgresql_and_the_embedded_store_place_the_same_events() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let cache = tempfile::tempdir().expect("temp dir");
    let cache = cache.path().to_str().expect("UTF-8 temp path");
    let embedded = examples_store(AS_OF);
    let env = [("XDG_CACHE_HOME", cache)];
    let out = filrouge_env(
        &[
            "ingest",
            "examples/corpus",
            "--as-of",
            AS_OF,
            "--quiet",
            "--store",
            db.url(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for store in [embedded.path().to_str().expect("UTF-8"), db.url()] {
        let out = filrouge_env(
            &["place", "--quiet", "--store", store, "--as-of", AS_OF],
            &env,
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let here = placed(&Location::Folder(embedded.path().to_path_buf()));
    let there = placed(&db.location());
    assert!(!here.is_empty());
    assert_eq!(here.len(), there.len());
    for (a, b) in here.iter().zip(&there) {
        assert!(a == b, "event {} differs between the two stores", a.0);
    }
}
