//! `filrouge search` on a store made from `examples/corpus`: ingest builds
//! the index, and words are found by their stem, without accents, with
//! entity, date and language filters.

mod common;

use common::{filrouge, jsonl, stderr, stdout, summary};

fn ingested() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let store = store.to_str().expect("utf-8 path").to_string();
    let out = filrouge(&[
        "ingest",
        "examples/corpus",
        "--store",
        &store,
        "--as-of",
        "2025-12-31",
        "--json",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(summary(&out)["indexed"], 19);
    (dir, store)
}

fn search(store: &str, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["search", "--store", store, "--json", "--limit", "50"];
    all.extend_from_slice(args);
    let out = filrouge(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    jsonl(&out)
}

fn origins(hits: &[serde_json::Value]) -> Vec<String> {
    let mut o: Vec<String> = hits
        .iter()
        .filter_map(|h| h["origin"].as_str().map(str::to_string))
        .collect();
    o.sort();
    o
}

#[test]
fn french_words_are_found_by_stem_and_without_accents() {
    let (_dir, store) = ingested();
    // "négociation" is written twice in the corpus; "negociations" (plural,
    // no accent) finds both, with the word marked in the snippet.
    let hits = search(&store, &["negociations"]);
    assert_eq!(
        origins(&hits),
        [
            "examples/corpus/feeds/news.rss:item 1",
            "examples/corpus/fr/02-reunion-publique-lechodelavallee.txt"
        ]
    );
    for h in &hits {
        let text = h["snippet"]["text"].as_str().expect("snippet");
        let spans = h["snippet"]["highlighted"].as_array().expect("marks");
        let marked: Vec<&str> = spans
            .iter()
            .map(|s| {
                let (a, b) = common::span(s);
                &text[a..b]
            })
            .collect();
        assert_eq!(marked, ["négociation"], "{h}");
        assert!(h["score"].as_f64().is_some_and(|s| s > 0.0));
        assert!(h["id"].as_str().is_some_and(|id| id.len() == 32));
    }
    // "prefete" (no accents) finds "préfète" and "préfètes"; so does the
    // accented word, in as many documents.
    let plain = search(&store, &["prefete"]);
    assert!(plain.len() >= 5, "{plain:?}");
    assert_eq!(origins(&plain), origins(&search(&store, &["Préfète"])));
    // English documents are stemmed as English: "agree" finds "agrees".
    let en = search(&store, &["agree", "--lang", "en"]);
    assert!(origins(&en).contains(&"examples/corpus/en/03-deal-signed.txt".to_string()));
    assert!(en.iter().all(|h| h["lang"] == "en"));
}

#[test]
fn filters_and_sentences() {
    let (_dir, store) = ingested();
    // Entity: any case, accents or a surname alone.
    let full = search(&store, &["--entity", "Hélène Carvallo"]);
    assert!(full.len() >= 5, "{full:?}");
    assert_eq!(
        origins(&full),
        origins(&search(&store, &["--entity", "carvallo"]))
    );
    // Dates: the documents of 8 to 14 October only.
    let week = search(&store, &["--from", "2025-10-08", "--to", "2025-10-14"]);
    assert!(!week.is_empty());
    for h in &week {
        let d = h["date"].as_str().expect("a date");
        assert!(("2025-10-08".."2025-10-15").contains(&d), "{d}");
    }
    // Sentences: each span is the sentence in its document's cleaned text.
    let hits = search(&store, &["accord", "--sentences", "--lang", "fr"]);
    assert!(!hits.is_empty());
    for h in hits.iter().take(3) {
        let id = h["document"].as_str().expect("document id");
        let show = filrouge(&["show", id, "--store", &store, "--json"]);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&show)).expect("show --json");
        let (a, b) = common::span(&h["span"]);
        let text = doc["text"].as_str().expect("text");
        assert_eq!(&text[a..b], h["text"].as_str().expect("sentence"));
    }
    // The text view marks the words in a pipe with brackets.
    let out = filrouge(&["search", "--store", &store, "negociation", "--limit", "1"]);
    assert!(stdout(&out).contains("[négociation]"), "{}", stdout(&out));
}

#[test]
fn the_index_follows_the_store_and_can_be_rebuilt() {
    let (dir, store) = ingested();
    let before = search(&store, &["riviere"]);
    assert!(!before.is_empty());
    // A second ingest indexes nothing new.
    let again = filrouge(&[
        "ingest",
        "examples/corpus",
        "--store",
        &store,
        "--as-of",
        "2025-12-31",
        "--json",
        "--quiet",
    ]);
    assert_eq!(summary(&again)["indexed"], 0);
    assert_eq!(search(&store, &["riviere"]).len(), before.len());
    // A store without an index (made before it existed): search catches up.
    std::fs::remove_dir_all(dir.path().join("store/index")).expect("remove the index");
    let out = filrouge(&[
        "search", "--store", &store, "riviere", "--json", "--limit", "50",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("indexed 19"), "{}", stderr(&out));
    assert_eq!(jsonl(&out).len(), before.len());
    // --reindex rebuilds it whole.
    let out = filrouge(&["search", "--store", &store, "--reindex"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("indexed 19 documents"),
        "{}",
        stderr(&out)
    );
    assert_eq!(origins(&search(&store, &["riviere"])), origins(&before));
}
