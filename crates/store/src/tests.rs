//! One suite for both backends (`each_backend`), then what only one of
//! them has (SQLite's file, PostgreSQL's concurrent writers).

use std::path::Path;

use super::*;
use crate::sqlite::{store_error, MIGRATIONS};
use crate::testing::TestDatabase;
use filrouge_model::{
    Annotation, Label, Metadata, ParagraphRole, Removal, RemovalRule, Source, Span,
};
use rusqlite::Connection;

fn doc(id: &str, text: &str) -> Document {
    let source = Source::text_file(format!("{id}.txt"), text.len() as u64);
    let mut d = Document::new(
        DocumentId(id.into()),
        source,
        Metadata::default(),
        text.into(),
    );
    d.annotations.push(Annotation::new(
        Span::new(0, text.len()),
        Label::Paragraph {
            role: ParagraphRole::Body,
            lang: Some("fr".into()),
        },
    ));
    d.annotations.push(Annotation::new(
        Span::new(0, 2),
        Label::Token {
            class: filrouge_model::TokenClass::Word,
        },
    ));
    d.removals.push(Removal {
        rule: RemovalRule::Boilerplate,
        span: Span::new(0, 0),
        text: String::new(),
        reason: "test".into(),
    });
    d
}

fn no_lines(_: &Document) -> Vec<String> {
    Vec::new()
}

/// Runs `check` on a new empty store of each backend: SQLite always,
/// PostgreSQL when the test server is configured.
fn each_backend(check: impl Fn(&mut Store, &Location)) {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = Location::Folder(dir.path().join("store"));
    check(&mut Store::open_location(&folder).expect("sqlite"), &folder);
    if let Some(db) = TestDatabase::create() {
        let location = db.location();
        check(
            &mut Store::open_location(&location).expect("postgres"),
            &location,
        );
    }
}

#[test]
fn round_trip_and_idempotence() {
    each_backend(|store, _| {
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let a = doc("aaaa1111", "Un texte.");
        let b = doc("bbbb2222", "Un autre texte.");
        let first = store
            .insert_batch(&[a.clone(), b.clone()], no_lines)
            .expect("insert");
        assert_eq!(
            first,
            BatchOutcome {
                stored: 2,
                duplicates: 0
            }
        );
        let again = store
            .insert_batch(std::slice::from_ref(&a), no_lines)
            .expect("insert again");
        assert_eq!(
            again,
            BatchOutcome {
                stored: 0,
                duplicates: 1
            }
        );
        assert_eq!(store.count().expect("count"), 2);

        let loaded = store.get(&a.id).expect("get").expect("stored");
        // Tokens are not stored; everything else round-trips.
        let mut expected = a.clone();
        expected.annotations.retain(|x| x.layer() != "token");
        assert_eq!(loaded, expected);
        assert_eq!(store.resolve("bbbb").expect("resolve"), Some(b.id.clone()));
        let listed = store.list(10, 0).expect("list");
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[1].chars, "Un autre texte.".len());
        assert_eq!(listed[0].removals, 1);
        assert_eq!(store.ids_after(1).expect("after"), vec![b.id.clone()]);
        assert!(store.contains(&a.id).expect("contains"));
        assert!(!store.contains(&DocumentId("zz".into())).expect("contains"));
    });
}

#[test]
fn every_text_round_trips_even_nul_and_accents() {
    each_backend(|store, _| {
        let mut d = doc("nul1", "Élysée\0, « été » — 😀");
        d.original = "<p>Élysée\0</p>".into();
        d.metadata.title = Some("Tit\0re".into());
        d.removals[0].text = "\0".into();
        store
            .insert_batch(std::slice::from_ref(&d), no_lines)
            .expect("insert");
        let loaded = store.get(&d.id).expect("get").expect("stored");
        let mut expected = d.clone();
        expected.annotations.retain(|x| x.layer() != "token");
        assert_eq!(loaded, expected);
    });
}

#[test]
fn reopening_keeps_data_and_version() {
    each_backend(|store, location| {
        store
            .insert_batch(&[doc("cccc", "Texte.")], no_lines)
            .expect("insert");
        let again = Store::open_existing_location(location).expect("reopen");
        assert_eq!(again.count().expect("count"), 1);
        assert_eq!(again.schema_version().expect("version"), SCHEMA_VERSION);
    });
}

#[test]
fn ambiguous_prefix_is_an_error() {
    each_backend(|store, _| {
        store
            .insert_batch(&[doc("ab01", "x."), doc("ab02", "y.")], no_lines)
            .expect("insert");
        assert!(matches!(store.resolve("ab"), Err(StoreError::Ambiguous(_))));
        assert_eq!(store.resolve("zz").expect("resolve"), None);
    });
}

#[test]
fn signatures_round_trip_in_ingestion_order() {
    each_backend(|store, _| {
        store
            .insert_batch(&[doc("s2", "Deux."), doc("s1", "Un.")], no_lines)
            .expect("insert");
        let items = vec![
            (DocumentId("s1".into()), vec![1, u32::MAX]),
            (DocumentId("s2".into()), vec![7, 8]),
        ];
        store.put_signatures("minhash", &items).expect("put");
        // Replacing is allowed; another kind is separate.
        store
            .put_signatures("minhash", &[(DocumentId("s2".into()), vec![9, 10])])
            .expect("replace");
        let got = store.signatures("minhash").expect("get");
        assert_eq!(
            got,
            vec![
                (DocumentId("s2".into()), vec![9, 10]),
                (DocumentId("s1".into()), vec![1, u32::MAX]),
            ]
        );
        assert!(store.signatures("other").expect("get").is_empty());
        assert_eq!(store.unsigned("minhash", 10).expect("unsigned"), vec![]);
        let todo = store.unsigned("other", 1).expect("unsigned");
        assert_eq!(todo, vec![(DocumentId("s2".into()), "Deux.".to_string())]);
        // The same document twice in one call: the last one is kept.
        store
            .put_signatures(
                "twice",
                &[
                    (DocumentId("s1".into()), vec![1]),
                    (DocumentId("s1".into()), vec![2]),
                ],
            )
            .expect("twice");
        assert_eq!(
            store.signatures("twice").expect("get"),
            vec![(DocumentId("s1".into()), vec![2])]
        );
        // A signature for a document that is not stored is refused.
        assert!(store
            .put_signatures("minhash", &[(DocumentId("nope".into()), vec![1])])
            .is_err());
    });
}

fn placed(key: &str, story: Option<u32>, day: &str) -> PlacedEvent {
    PlacedEvent {
        key: key.into(),
        story,
        start: day.into(),
        end: day.into(),
        event: format!("{{\"key\":\"{key}\"}}"),
    }
}

#[test]
fn placement_writes_replace_remove_and_refuse_a_stale_position() {
    each_backend(|store, location| {
        assert_eq!(store.placement().expect("placement"), Placement::default());
        let first = [
            placed("a-0", Some(0), "2025-06-04"),
            placed("b-0", None, "2025-06-05"),
        ];
        let p = store
            .write_placement(&PlacementWrite {
                from: 0,
                placed: 2,
                events: &first,
                removed: &[],
            })
            .expect("first write");
        assert_eq!((p.placed, p.revision), (2, 1));
        // b-0 joined a-0's event: a-0 changes, b-0 is gone, c-1 is new.
        let mut changed = placed("a-0", Some(0), "2025-06-04");
        changed.end = "2025-06-05".into();
        let second = [changed.clone(), placed("c-1", Some(1), "2025-07-01")];
        let p = store
            .write_placement(&PlacementWrite {
                from: 2,
                placed: 3,
                events: &second,
                removed: &["b-0".to_string()],
            })
            .expect("second write");
        assert_eq!((p.placed, p.revision), (3, 2));
        assert_eq!(store.placed_keys().expect("keys"), ["a-0", "c-1"]);
        let all = store.placed_events(0).expect("events");
        assert_eq!(all, vec![changed, placed("c-1", Some(1), "2025-07-01")]);
        // Only what the second write touched is after revision 1.
        assert_eq!(store.placed_events(1).expect("events").len(), 2);
        assert!(store.placed_events(2).expect("events").is_empty());
        // b-0 is gone since revision 1, and said so.
        assert_eq!(store.placed_removed(1).expect("removed"), ["b-0"]);
        assert!(store.placed_removed(2).expect("removed").is_empty());
        // A placer still at 2 is refused, and nothing changes.
        let stale = store.write_placement(&PlacementWrite {
            from: 2,
            placed: 4,
            events: &[placed("d-0", None, "2025-08-01")],
            removed: &[],
        });
        assert!(
            matches!(
                stale,
                Err(StoreError::PlacementMoved {
                    expected: 2,
                    found: 3,
                    ..
                })
            ),
            "{stale:?}"
        );
        assert_eq!(store.placed_keys().expect("keys"), ["a-0", "c-1"]);
        // Another connection sees the same.
        let other = Store::open_existing_location(location).expect("reopen");
        assert_eq!(other.placement().expect("placement").placed, 3);
    });
}

#[test]
fn site_lines_are_counted_once_per_document() {
    each_backend(|store, _| {
        let mut a = doc("l1", "a");
        let mut b = doc("l2", "b");
        a.metadata.site = Some("ex.fr".into());
        b.metadata.site = Some("ex.fr".into());
        let lines = |d: &Document| vec!["menu".to_string(), "menu".to_string(), d.text.clone()];
        store.insert_batch(&[a.clone(), b], lines).expect("insert");
        // Stored again: a duplicate counts nothing.
        store.insert_batch(&[a], lines).expect("insert");
        let mut c = doc("l3", "c");
        c.metadata.site = Some("ex.fr".into());
        store.insert_batch(&[c], lines).expect("insert");
        assert_eq!(
            store.site_lines(2).expect("lines"),
            vec![("ex.fr".to_string(), "menu".to_string(), 3)]
        );
        assert_eq!(store.site_lines(1).expect("lines").len(), 4);
    });
}

#[test]
fn a_missing_store_is_an_error_for_readers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let absent = dir.path().join("nowhere");
    let err = Store::open_existing(&absent).expect_err("no store there");
    assert!(matches!(err, StoreError::Missing(_)), "{err}");
    assert!(!absent.exists(), "nothing created");
    if let Some(db) = TestDatabase::create() {
        let err = Store::open_existing_location(&db.location()).expect_err("an empty database");
        assert!(matches!(err, StoreError::Missing(_)), "{err}");
        // Nothing was created there either: a writer makes the schema.
        let err = Store::open_existing_location(&db.location()).expect_err("still empty");
        assert!(matches!(err, StoreError::Missing(_)), "{err}");
    }
}

#[test]
fn an_unreachable_server_is_named_without_its_password() {
    let location = Location::parse("postgres://me:s3cret@127.0.0.1:9/news?connect_timeout=2");
    let err = Store::open_location(&location).expect_err("nothing listens on port 9");
    let text = err.to_string();
    assert!(text.contains("127.0.0.1:9/news"), "{text}");
    assert!(text.contains("cannot reach PostgreSQL"), "{text}");
    assert!(!text.contains("s3cret"), "{text}");
}

#[test]
fn concurrent_writers_number_in_commit_order_and_store_once() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    Store::open_location(&db.location()).expect("schema");
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let location = db.location();
            std::thread::spawn(move || {
                let mut store = Store::open_location(&location).expect("open");
                for batch in 0..10 {
                    // Each writer stores its own documents and the shared
                    // ones every writer also stores.
                    let docs = vec![
                        doc(&format!("w{w}b{batch}"), "own"),
                        doc(&format!("shared{batch}"), "shared"),
                    ];
                    store.insert_batch(&docs, no_lines).expect("insert");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    let store = Store::open_existing_location(&db.location()).expect("open");
    assert_eq!(store.count().expect("count"), 4 * 10 + 10);
    assert_eq!(store.ids().expect("ids").len(), 50);
    assert_eq!(store.ids_after(45).expect("after").len(), 5);
}

#[test]
fn a_version_2_store_is_migrated_with_its_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        // A store as the previous release wrote it.
        let conn = Connection::open(dir.path().join(DB_FILE)).expect("db");
        for m in &MIGRATIONS[..2] {
            conn.execute_batch(m).expect("old schema");
        }
        conn.execute_batch(
            "INSERT INTO documents (id, seq, path, format, source, metadata, original, text, offsets, diagnostics)
             VALUES ('old1', 1, 'a.txt', 'text', '{}', '{}', 'x', 'x', '[]', '[]');
             PRAGMA user_version = 2;",
        )
        .expect("old row");
    }
    let mut store = Store::open(dir.path()).expect("open");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(store.count().expect("count"), 1);
    store
        .put_signatures("minhash", &[(DocumentId("old1".into()), vec![3])])
        .expect("put");
    assert_eq!(store.signatures("minhash").expect("get").len(), 1);
}

#[test]
fn a_zero_byte_database_is_refused_not_recreated() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(DB_FILE), b"").expect("write");
    for open in [Store::open, Store::open_existing] {
        let err = open(dir.path()).expect_err("truncated");
        assert!(matches!(err, StoreError::Truncated(_)), "{err}");
    }
    let size = std::fs::metadata(dir.path().join(DB_FILE))
        .expect("file")
        .len();
    assert_eq!(size, 0, "left as found");
}

#[test]
fn a_full_disk_is_said_plainly() {
    let full =
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None);
    let err = store_error(Path::new("s/filrouge.sqlite"), full);
    assert!(matches!(err, StoreError::DiskFull(_)), "{err}");
    assert!(err.to_string().contains("no space left"), "{err}");
}
