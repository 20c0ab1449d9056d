//! Furniture learned from a batch takes nothing from articles that share no
//! template: the example corpus and the seeds (articles of different
//! outlets on one story, read from `../shared/seeds`, never copied), each
//! read as one batch, come out exactly as without learning.

mod common;

use common::{root, seeds_dir};

use std::path::PathBuf;

use filrouge::model::{Document, RemovalRule};
use filrouge::read::ReadOptions;
use filrouge::{analyze, Collection, Pipeline};

/// Every document of `input` analysed as one batch, with learning on or off.
fn batch(input: &PathBuf, learn: bool) -> (Vec<Document>, filrouge::FurnitureSummary) {
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("valid date");
    let pipeline = Pipeline::new()
        .with_tokens(false)
        .with_time(Some(as_of))
        .with_furniture_learning(learn);
    let mut docs = Vec::new();
    let summary = analyze(
        std::slice::from_ref(input),
        &ReadOptions::default(),
        &pipeline,
        |item| {
            docs.extend(item.ok());
            true
        },
    );
    (docs, summary)
}

/// Learning from `input` as one batch changes no document.
fn learning_changes_nothing(input: PathBuf) {
    let (learned, summary) = batch(&input, true);
    let (plain, _) = batch(&input, false);
    assert_eq!(summary.documents as usize, learned.len());
    assert_eq!(learned.len(), plain.len());
    for (a, b) in learned.iter().zip(&plain) {
        let lost: Vec<&str> = a
            .removals
            .iter()
            .filter(|r| r.rule == RemovalRule::LearnedBoilerplate)
            .map(|r| r.text.as_str())
            .collect();
        assert!(lost.is_empty(), "{}: {lost:?}", a.source.path);
        assert_eq!(a, b, "{}", a.source.path);
    }
    // The corpus level reads the same batch the same way.
    let opts = ReadOptions::default();
    let pipeline = Pipeline::new().with_tokens(false).with_time(Some(
        chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("valid date"),
    ));
    let collection = Collection::analyse(&[input], &opts, &pipeline, |_| true);
    // In the collection's own order (by date, then id), whatever the input's.
    let mut expected = learned.clone();
    filrouge::canonical_order(&mut expected);
    assert_eq!(collection.documents(), &expected[..]);
}

#[test]
fn the_example_corpus_loses_nothing_to_learning() {
    learning_changes_nothing(root().join("examples/corpus"));
}

#[test]
fn the_seeds_lose_nothing_to_learning() {
    let Some(dir) = seeds_dir() else {
        return;
    };
    learning_changes_nothing(dir);
}
