//! A placed store (`filrouge place`) served: timelines and events come
//! from its stored events, the events the server links itself from the
//! documents but those only the server's refinement of dates across
//! documents dates, and they follow the placement as documents are added
//! and placed.

mod common;

use common::{examples_store, get_json, options, start};
use filrouge::store::{Location, Store};
use filrouge::{place, Placer};
use serde_json::Value;

/// The keys and dates of a timeline page's events.
fn events(page: &Value) -> Vec<(String, String)> {
    page["events"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["key"].as_str().unwrap_or_default().to_string(),
                e["date"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_placed_store_serves_its_stored_events_and_follows_the_placement() {
    let dir = examples_store();
    let location = Location::Folder(dir.path().to_path_buf());
    let as_of = "as_of=2025-12-31";
    // Linked by the server itself, before any placement.
    let linked = {
        let server = start(options(dir.path()));
        get_json(
            server.addr,
            &format!("/api/timeline?{as_of}&background=true"),
        )
    };
    // Placed, then served.
    let mut store = Store::open_existing_location(&location).expect("store");
    let mut placer = Placer::new(chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("date"));
    place(&mut store, &mut placer, 8, &mut |_, _| {}).expect("place");
    let server = start(options(dir.path()));
    let placed = get_json(
        server.addr,
        &format!("/api/timeline?{as_of}&background=true"),
    );
    assert!(!events(&placed).is_empty());
    // Every placed event is one the server links, on the same date; a
    // placed store refines no document's date from the others, so the
    // events only that refinement dates are missing (two here).
    let shown = events(&placed);
    let all = events(&linked);
    for e in &shown {
        assert!(all.contains(e), "{e:?} missing from {all:?}");
    }
    assert!(shown.len() + 2 >= all.len(), "{shown:?}");
    let key = events(&placed)[0].0.clone();
    let event = get_json(server.addr, &format!("/api/events/{key}"));
    assert_eq!(event["key"], key.as_str());

    // A new article stored and placed appears at the next request.
    let inbox = tempfile::tempdir().expect("temp dir");
    let article = inbox.path().join("digue.txt");
    std::fs::write(
        &article,
        "Rupture d'une digue à Montferrand\n\n\
         Montferrand, le 3 décembre 2025. Une digue du canal de la Brévenne a cédé mercredi 3 décembre \
         dans la nuit, inondant une dizaine de caves du quartier du Moulin, a indiqué la mairie.\n\n\
         Les pompiers ont pompé l'eau jusqu'au matin. Aucun blessé n'est à déplorer.\n",
    )
    .expect("write");
    let opts = filrouge::IngestOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 12, 31),
        ..filrouge::IngestOptions::default()
    };
    filrouge::ingest(&[article], &mut store, &opts, |_| {}).expect("ingest");
    assert_eq!(store.count().expect("count"), 20);
    place(&mut store, &mut placer, 8, &mut |_, _| {}).expect("place again");
    // The server asks the store for its placement every 200 ms at most.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let after = get_json(
            server.addr,
            &format!("/api/timeline?{as_of}&background=true"),
        );
        if events(&after).iter().any(|(_, date)| date == "2025-12-03") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new article never showed: {:?}",
            events(&after)
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
