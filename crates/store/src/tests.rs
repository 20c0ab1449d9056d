use super::*;
use filrouge_model::{Label, ParagraphRole, RemovalRule, Span};

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

#[test]
fn round_trip_and_idempotence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open");
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
    assert_eq!(store.list(10, 0).expect("list").len(), 2);
}

#[test]
fn reopening_keeps_data_and_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let mut store = Store::open(dir.path()).expect("open");
        store
            .insert_batch(&[doc("cccc", "Texte.")], no_lines)
            .expect("insert");
    }
    let store = Store::open(dir.path()).expect("reopen");
    assert_eq!(store.count().expect("count"), 1);
}

#[test]
fn ambiguous_prefix_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open");
    store
        .insert_batch(&[doc("ab01", "x."), doc("ab02", "y.")], no_lines)
        .expect("insert");
    assert!(matches!(store.resolve("ab"), Err(StoreError::Ambiguous(_))));
    assert_eq!(store.resolve("zz").expect("resolve"), None);
}

#[test]
fn signatures_round_trip_in_ingestion_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open");
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
    // A signature for a document that is not stored is refused.
    assert!(store
        .put_signatures("minhash", &[(DocumentId("nope".into()), vec![1])])
        .is_err());
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
fn a_missing_store_is_an_error_for_readers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let absent = dir.path().join("nowhere");
    let err = Store::open_existing(&absent).expect_err("no store there");
    assert!(matches!(err, StoreError::Missing(_)), "{err}");
    assert!(!absent.exists(), "nothing created");
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
