use super::*;
use filrouge_model::{Label, ParagraphRole, RemovalRule, SourceFormat, Span};

fn doc(id: &str, text: &str) -> Document {
    let source = Source {
        path: format!("{id}.txt"),
        container: None,
        format: SourceFormat::Text,
        charset: "UTF-8".into(),
        bytes: text.len() as u64,
    };
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
