//! Index tests on short articles written for them.

use super::*;
use filrouge_model::{
    Annotation, DatePrecision, DocumentDate, DocumentDateSource, EntityKind, Label, Metadata,
    Source, SourceFormat,
};

/// A document with sentences cut at ". ", entity mentions at the first
/// occurrence of each name, and a document date.
fn doc(
    id: &str,
    lang: &str,
    title: &str,
    text: &str,
    date: Option<&str>,
    people: &[&str],
) -> Document {
    let source = Source {
        path: format!("{id}.txt"),
        container: None,
        format: SourceFormat::Text,
        charset: "utf-8".into(),
        bytes: text.len() as u64,
    };
    let metadata = Metadata {
        title: Some(title.into()),
        lang: Some(lang.into()),
        ..Metadata::default()
    };
    let mut d = Document::new(DocumentId(id.into()), source, metadata, text.into());
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        d.annotations
            .push(Annotation::new(Span::new(start, i + 1), Label::Sentence));
        start = i + 2;
    }
    if start < text.len() {
        d.annotations.push(Annotation::new(
            Span::new(start, text.len()),
            Label::Sentence,
        ));
    }
    for p in people {
        if let Some(at) = text.find(p) {
            d.annotations.push(Annotation::new(
                Span::new(at, at + p.len()),
                Label::Entity {
                    kind: EntityKind::Per,
                    refers_to: None,
                },
            ));
        }
    }
    d.document_date = date.map(|v| DocumentDate {
        value: v.into(),
        precision: DatePrecision::Day,
        confidence: 1.0,
        source: DocumentDateSource::Metadata,
        reasons: Vec::new(),
    });
    d
}

fn corpus() -> Vec<Document> {
    vec![
        doc(
            "fr1",
            "fr",
            "Reprise des négociations à la préfecture",
            "Les négociations entre la direction et les syndicats ont repris lundi. \
             Vladimir Poutine n'a rien à voir avec cette usine. \
             Un événement public est prévu jeudi.",
            Some("2025-10-14"),
            &["Vladimir Poutine"],
        ),
        doc(
            "fr2",
            "fr",
            "Le maire veut négocier",
            "Le maire Jeanne Arnaud souhaite négocier avec les riverains. \
             Elle a reçu les pêcheurs à la mairie.",
            Some("2025-11-05"),
            &["Jeanne Arnaud"],
        ),
        doc(
            "en1",
            "en",
            "Talks stall over compensation",
            "The negotiators walked out after three hours. \
             Residents were running late to the meeting. \
             Putin was not mentioned by anyone.",
            Some("2025-10-20"),
            &["Putin"],
        ),
        doc(
            "de1",
            "de",
            "Verhandlungen",
            "Die Gespräche über die Fabrik wurden fortgesetzt.",
            Some("XXXX-06-04"),
            &[],
        ),
    ]
}

fn index_with(docs: &[Document]) -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut index = SearchIndex::open(&dir.path().join(INDEX_DIR)).expect("open");
    index.add(docs).expect("add");
    (dir, index)
}

fn ids(index: &SearchIndex, q: SearchQuery) -> Vec<String> {
    let mut ids: Vec<String> = index
        .search(&q)
        .expect("search")
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

fn words(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        ..SearchQuery::default()
    }
}

#[test]
fn french_stems_meet_and_accents_are_optional() {
    let (_dir, index) = index_with(&corpus());
    // "négociation" finds the plural in fr1 and the verb "négocier" in fr2.
    assert_eq!(ids(&index, words("négociation")), ["fr1", "fr2"]);
    // Without accents, the same.
    assert_eq!(ids(&index, words("negociation")), ["fr1", "fr2"]);
    assert_eq!(ids(&index, words("negocier")), ["fr1", "fr2"]);
    // "evenement" finds "événement", "pecheur" the plural "pêcheurs".
    assert_eq!(ids(&index, words("evenement")), ["fr1"]);
    assert_eq!(ids(&index, words("pecheur")), ["fr2"]);
    assert_eq!(ids(&index, words("PRÉFECTURE")), ["fr1"]);
}

#[test]
fn english_is_stemmed_as_english() {
    let (_dir, index) = index_with(&corpus());
    assert_eq!(ids(&index, words("negotiator")), ["en1"]);
    assert_eq!(ids(&index, words("run")), ["en1"]);
    assert_eq!(ids(&index, words("walking")), ["en1"]);
    // Other languages are folded, not stemmed.
    assert_eq!(ids(&index, words("gesprache")), ["de1"]);
    assert!(ids(&index, words("gesprach")).is_empty());
}

#[test]
fn words_are_all_required_and_snippets_mark_them() {
    let (_dir, index) = index_with(&corpus());
    assert_eq!(ids(&index, words("negociations syndicats")), ["fr1"]);
    assert!(ids(&index, words("syndicats pecheurs")).is_empty());
    let hits = index.search(&words("syndicats")).expect("search");
    let [hit] = hits.as_slice() else {
        panic!("one hit expected: {hits:?}")
    };
    assert_eq!(hit.origin, "fr1.txt");
    assert_eq!(hit.date.as_deref(), Some("2025-10-14"));
    assert_eq!(hit.lang.as_deref(), Some("fr"));
    assert!(hit.score > 0.0);
    let marked: Vec<&str> = hit
        .snippet
        .highlighted
        .iter()
        .map(|s| &hit.snippet.text[s.start..s.end])
        .collect();
    assert_eq!(marked, ["syndicats"]);
}

#[test]
fn entity_filter_takes_any_spelling_and_surnames() {
    let (_dir, index) = index_with(&corpus());
    let by = |name: &str| {
        ids(
            &index,
            SearchQuery {
                entity: Some(name.into()),
                ..SearchQuery::default()
            },
        )
    };
    assert_eq!(by("Poutine"), ["en1", "fr1"]);
    assert_eq!(by("putin"), ["en1", "fr1"]);
    assert_eq!(by("Vladimir Poutine"), ["fr1"]);
    assert_eq!(by("arnaud"), ["fr2"]);
    assert!(by("Dupont").is_empty());
    // With words: both conditions.
    let q = SearchQuery {
        text: "usine".into(),
        entity: Some("Putin".into()),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&index, q), ["fr1"]);
}

#[test]
fn date_and_language_filters() {
    let (_dir, index) = index_with(&corpus());
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let q = SearchQuery {
        from: day("2025-10-15"),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&index, q), ["en1", "fr2"]);
    let q = SearchQuery {
        from: day("2025-10-14"),
        to: day("2025-10-20"),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&index, q), ["en1", "fr1"]);
    // A date without a year is never in a range.
    let q = SearchQuery {
        to: day("2030-01-01"),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&index, q), ["en1", "fr1", "fr2"]);
    let q = SearchQuery {
        lang: Some("EN".into()),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&index, q), ["en1"]);
}

#[test]
fn a_document_list_keeps_the_story_s_articles_only() {
    let (_dir, index) = index_with(&corpus());
    let q = SearchQuery {
        documents: Some(vec!["fr2".into(), "en1".into()]),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&index, q), ["en1", "fr2"]);
    let q = SearchQuery {
        documents: Some(Vec::new()),
        ..SearchQuery::default()
    };
    assert!(ids(&index, q).is_empty());
}

#[test]
fn sentences_come_with_their_spans() {
    let docs = corpus();
    let (_dir, index) = index_with(&docs);
    let hits = index.search_sentences(&words("evenement")).expect("search");
    let [hit] = hits.as_slice() else {
        panic!("one sentence expected: {hits:?}")
    };
    assert_eq!(hit.document, "fr1");
    assert_eq!(docs[0].slice(hit.span), hit.text);
    assert!(hit.text.starts_with("Un événement public"));
    let marked: Vec<&str> = hit
        .highlighted
        .iter()
        .map(|s| &hit.text[s.start..s.end])
        .collect();
    assert_eq!(marked, ["événement"]);
    // Filters apply to sentences too.
    let q = SearchQuery {
        text: "negocier".into(),
        entity: Some("Arnaud".into()),
        ..SearchQuery::default()
    };
    let hits = index.search_sentences(&q).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].document, "fr2");
    // The entity is looked up on documents, within the ones asked for.
    let elsewhere = SearchQuery {
        documents: Some(vec!["fr1".into()]),
        ..q.clone()
    };
    assert!(index
        .search_sentences(&elsewhere)
        .expect("search")
        .is_empty());
    let within = SearchQuery {
        documents: Some(vec!["fr1".into(), "fr2".into()]),
        ..q
    };
    assert_eq!(index.search_sentences(&within).expect("search").len(), 1);
}

#[test]
fn adding_is_incremental_and_never_doubles() {
    let docs = corpus();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(INDEX_DIR);
    let mut index = SearchIndex::open(&path).expect("open");
    let first = index.add(&docs[..2]).expect("add");
    assert_eq!((first.added, first.skipped), (2, 0));
    // The same documents again, one twice in a batch, and two new ones.
    let mut again = docs.clone();
    again.push(docs[3].clone());
    let second = index.add(&again).expect("add");
    assert_eq!((second.added, second.skipped), (2, 3));
    assert_eq!(index.len(), 4);
    let sentences = index.sentence_count();
    drop(index);
    // Reopened: the same content, and adding again changes nothing.
    let mut index = SearchIndex::open(&path).expect("reopen");
    assert_eq!(index.len(), 4);
    assert!(index.contains(&DocumentId("en1".into())).expect("contains"));
    assert_eq!(index.add(&docs).expect("add").added, 0);
    assert_eq!(index.sentence_count(), sentences);
    assert_eq!(ids(&index, words("negociation")), ["fr1", "fr2"]);
}

#[test]
fn recreate_rebuilds_and_formats_are_checked() {
    let docs = corpus();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(INDEX_DIR);
    let mut index = SearchIndex::open(&path).expect("open");
    index.add(&docs).expect("add");
    drop(index);
    let mut index = SearchIndex::recreate(&path).expect("recreate");
    assert!(index.is_empty());
    index.add(&docs).expect("add");
    assert_eq!(ids(&index, words("negocier")), ["fr1", "fr2"]);
    drop(index);
    std::fs::write(path.join("FORMAT"), "filrouge.search/0\n").expect("write");
    assert!(matches!(
        SearchIndex::open(&path),
        Err(SearchError::Format { .. })
    ));
    let index = SearchIndex::recreate(&path).expect("recreate");
    assert!(index.is_empty());
}

#[test]
fn a_writer_is_exclusive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(INDEX_DIR);
    let mut one = SearchIndex::open(&path).expect("open");
    one.add(&corpus()[..1]).expect("add");
    let mut two = SearchIndex::open(&path).expect("open");
    // Reading works beside a writer; writing does not.
    assert_eq!(two.len(), 1);
    assert!(matches!(
        two.add(&corpus()[1..2]),
        Err(SearchError::Busy(_))
    ));
}

#[test]
fn first_days_of_timeml_values() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(first_day("2025-03-14"), d(2025, 3, 14));
    assert_eq!(first_day("2025-03-14T10:30"), d(2025, 3, 14));
    assert_eq!(first_day("2025-03"), d(2025, 3, 1));
    assert_eq!(first_day("2025"), d(2025, 1, 1));
    assert_eq!(first_day("2025-W11"), d(2025, 1, 1));
    assert_eq!(first_day("2025-02-30"), d(2025, 2, 1));
    assert_eq!(first_day("XXXX-06-04"), None);
    assert_eq!(first_day(""), None);
}

#[test]
fn a_full_disk_is_said_plainly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let full = tantivy::TantivyError::IoError(std::sync::Arc::new(std::io::Error::from(
        std::io::ErrorKind::StorageFull,
    )));
    let err = index_error(dir.path(), full);
    assert!(matches!(err, SearchError::DiskFull(_)), "{err}");
    assert!(err.to_string().contains("no space left"), "{err}");
    let other = tantivy::TantivyError::InvalidArgument("x".into());
    assert!(matches!(
        index_error(dir.path(), other),
        SearchError::Index { .. }
    ));
}

#[test]
fn a_second_writer_fails_when_it_locks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut first = SearchIndex::open(dir.path()).expect("index");
    first.lock_for_writing().expect("first lock");
    let mut second = SearchIndex::open(dir.path()).expect("opening is fine");
    let err = second.lock_for_writing().expect_err("the lock is held");
    assert!(matches!(err, SearchError::Busy(_)), "{err}");
}

#[test]
fn count_is_every_match_whatever_the_limit() {
    let (_dir, index) = index_with(&corpus());
    let q = SearchQuery {
        limit: 1,
        ..words("negociation")
    };
    assert_eq!(index.search(&q).expect("search").len(), 1);
    assert_eq!(index.count(&q, false).expect("count"), 2);
    let all = index.count(&SearchQuery::default(), false).expect("count");
    assert_eq!(all, corpus().len());
    let sentences = index.count(&q, true).expect("count");
    assert!(sentences >= 2, "{sentences}");
}
