//! Bad input never stops a batch nor corrupts the store; an interrupted
//! ingest, re-run, gives the same store as an uninterrupted one.

mod common;

use std::io::Write;
use std::path::Path;

use common::*;

const GOOD: [&str; 3] = [
    "La digue a cédé mardi soir.\nLes pompiers sont intervenus dans la nuit pour évacuer les riverains du quartier bas.",
    "Le conseil municipal se réunira jeudi.\nL'ordre du jour porte sur la reconstruction du pont et le budget des travaux.",
    "The river burst its banks on Tuesday.\nFirefighters evacuated residents of the lower town during the night.",
];

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("in-memory write");
    e.finish().expect("in-memory gzip")
}

fn warc_record(body: &[u8]) -> Vec<u8> {
    let http = [
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
        body,
    ]
    .concat();
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Target-URI: http://x.example/\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    r.extend(http);
    r.extend(b"\r\n\r\n");
    r
}

/// Writes the hostile corpus: three good articles and one file per kind of
/// bad input. Returns the names of the bad files.
fn hostile_corpus(dir: &Path) -> Vec<&'static str> {
    let w =
        |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write fixture");
    for (i, text) in GOOD.iter().enumerate() {
        w(&format!("good-{i}.txt"), text.as_bytes());
    }
    w("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    w("empty.txt", b"");
    w("blank.txt", b"   \n\n  \n");
    w(
        "huge.txt",
        "Une phrase de remplissage. ".repeat(400).as_bytes(),
    );
    let page = b"<html><body><article><p>La crue a atteint son pic dans la nuit de lundi \xc3\xa0 mardi selon la pr\xc3\xa9fecture, qui a ouvert un centre d'accueil.</p><p>Les routes sont coup\xc3\xa9es.</p></article></body></html>";
    let mut truncated = gz(&warc_record(page));
    let second = gz(&warc_record(page));
    truncated.extend_from_slice(&second[..second.len() / 2]);
    w("truncated.warc.gz", &truncated);
    w(
        "broken.warc",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort body",
    );
    w("lines.jsonl", b"{\"text\": \"Un article complet sur la crue de la rivi\xc3\xa8re et ses cons\xc3\xa9quences.\"}\n{\"text\": \"coup\xc3\xa9 au milieu\n");
    w("malformed.html", b"<html><body><div><p>Le barrage <b>tient <i>toujours</p></div><p>Les ing\xc3\xa9nieurs surveillent l'ouvrage jour et nuit depuis la semaine derni\xc3\xa8re, a indiqu\xc3\xa9 la mairie.");
    w(
        "mixed-bytes.txt",
        b"Le pr\xc3\xa9fet a parl\xc3\xa9 \xff\xfe \xc3\xa0 la presse, \xc3\xa9voquant une crise.",
    );
    vec![
        "image.png",
        "empty.txt",
        "blank.txt",
        "huge.txt",
        "truncated.warc.gz",
        "broken.warc",
        "lines.jsonl",
    ]
}

#[test]
fn each_bad_input_is_reported_once_and_each_good_one_stored_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    let bad = hostile_corpus(&corpus);
    let store = dir.path().join("store");
    let (corpus, store) = (
        corpus.to_str().expect("utf-8"),
        store.to_str().expect("utf-8"),
    );

    let out = filrouge(&[
        "ingest",
        corpus,
        "--store",
        store,
        "--json",
        "--max-bytes",
        "5000",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    for name in &bad {
        assert_eq!(
            err.matches(name).count(),
            1,
            "{name} should be reported once:\n{err}"
        );
    }
    assert!(err.contains("image.png: binary file"), "{err}");
    assert!(err.contains("huge.txt: too large"), "{err}");
    assert!(err.contains("truncated.warc.gz:record 1"), "{err}");
    assert!(err.contains("lines.jsonl:line 2: broken JSON"), "{err}");

    let report = summary(&out);
    // Good: 3 articles, 1 WARC record before the truncation, 1 JSONL line,
    // the malformed page and the file with stray bytes.
    assert_eq!(report["stored"], 7, "{report}");
    assert_eq!(report["failed"].as_array().map(Vec::len), Some(bad.len()));

    let docs = jsonl(&filrouge(&["docs", "--store", store, "--json"]));
    assert_eq!(docs.len(), 7);
    let mixed = docs
        .iter()
        .find(|d| {
            d["origin"]
                .as_str()
                .is_some_and(|o| o.ends_with("mixed-bytes.txt"))
        })
        .and_then(|d| d["id"].as_str())
        .expect("mixed-bytes stored");
    let shown = stdout(&filrouge(&["show", mixed, "--store", store]));
    assert!(shown.contains("invalid UTF-8"), "{shown}");

    // Again: nothing new, nothing lost.
    let again = filrouge(&[
        "ingest",
        corpus,
        "--store",
        store,
        "--json",
        "--quiet",
        "--max-bytes",
        "5000",
    ]);
    let report = summary(&again);
    assert_eq!(report["stored"], 0);
    assert_eq!(report["duplicates"], 7);
}

#[test]
fn strict_ingest_exits_3_on_the_first_bad_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.txt"), GOOD[0]).expect("write");
    std::fs::write(dir.path().join("b.png"), b"\x89PNG\x00\x00").expect("write");
    let store = dir.path().join("store");
    let out = filrouge(&[
        "ingest",
        dir.path().to_str().expect("utf-8"),
        "--store",
        store.to_str().expect("utf-8"),
        "--strict",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("b.png"));
}

fn write_corpus(dir: &Path, n: usize) {
    for i in 0..n {
        let text = format!(
            "Dépêche {i}\n\nLe niveau de la rivière a encore monté de {i} centimètres cette nuit, selon la station de mesure numéro {i}.\nLes autorités surveillent la situation de près."
        );
        std::fs::write(dir.join(format!("{i:04}.txt")), text).expect("write");
    }
}

#[test]
fn interrupted_ingest_rerun_equals_uninterrupted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    write_corpus(&corpus, 600);
    let corpus = corpus.to_str().expect("utf-8");
    let clean_store = dir.path().join("clean");
    let killed_store = dir.path().join("killed");
    let (clean_store, killed_store) = (
        clean_store.to_str().expect("utf-8"),
        killed_store.to_str().expect("utf-8"),
    );

    let full = filrouge(&["ingest", corpus, "--store", clean_store, "--quiet"]);
    assert!(full.status.success(), "{}", stderr(&full));

    // Dies like `kill -9` in the middle of the second batch.
    let killed = filrouge_env(
        &["ingest", corpus, "--store", killed_store, "--quiet"],
        &[("FILROUGE_TEST_ABORT_AFTER", "300")],
    );
    assert!(
        !killed.status.success(),
        "the ingest should have been killed"
    );
    let partial = jsonl(&all_docs(killed_store));
    assert_eq!(partial.len(), 256, "only the first batch was committed");

    let rerun = filrouge(&[
        "ingest",
        corpus,
        "--store",
        killed_store,
        "--json",
        "--quiet",
    ]);
    let report = summary(&rerun);
    assert_eq!(report["duplicates"], 256);
    assert_eq!(report["stored"], 344);
    // The search index followed the store: the first batch was indexed
    // when it was committed, the rest now, nothing twice.
    assert_eq!(report["indexed"], 344);
    let listed = filrouge(&[
        "search",
        "--store",
        killed_store,
        "--json",
        "--limit",
        "1000",
    ]);
    assert_eq!(jsonl(&listed).len(), 600, "{}", stderr(&listed));

    let a = stdout(&all_docs(clean_store));
    let b = stdout(&all_docs(killed_store));
    assert_eq!(a, b);
    // Whole documents are equal too.
    for d in jsonl(&filrouge(&[
        "docs",
        "--store",
        clean_store,
        "--json",
        "--limit",
        "5",
    ])) {
        let id = d["id"].as_str().expect("id");
        let x = stdout(&filrouge(&["show", id, "--store", clean_store, "--json"]));
        let y = stdout(&filrouge(&["show", id, "--store", killed_store, "--json"]));
        assert_eq!(x, y);
    }
}

#[test]
fn the_timeline_of_a_hostile_corpus_reports_bad_inputs_and_still_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    let bad = hostile_corpus(&corpus);
    let corpus = corpus.to_str().expect("utf-8");
    for format in ["json", "text", "html", "markdown", "timelinejs"] {
        let out = filrouge(&[
            "timeline",
            corpus,
            "--as-of",
            "2026-11-22",
            "--include-background",
            "--max-bytes",
            "5000",
            "--format",
            format,
        ]);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        if format == "json" {
            let t: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("timeline JSON");
            assert_eq!(t["schema"], "filrouge.timeline/2");
            // Every readable article is listed, no bad one.
            let origins = serde_json::to_string(&t["documents"]).unwrap_or_default();
            assert!(origins.contains("good-0.txt") && !origins.contains("image.png"));
        }
        // Each bad input is named on stderr.
        let err = stderr(&out);
        for name in &bad {
            assert!(err.contains(name), "{format}: {name} not reported in {err}");
        }
    }
}
