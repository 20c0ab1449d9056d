//! The CLI on the example corpus (`examples/corpus`, written by the team).

mod common;

use common::*;
use serde_json::Value;

fn by_origin<'a>(docs: &'a [Value], needle: &str) -> &'a Value {
    docs.iter()
        .find(|d| {
            d["source"]["origin"]
                .as_str()
                .is_some_and(|o| o.contains(needle))
        })
        .unwrap_or_else(|| panic!("no document from {needle}"))
}

fn rules(doc: &Value) -> Vec<String> {
    doc["removals"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .filter_map(|r| r["rule"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn analyze_reads_every_format_and_reports_the_broken_line() {
    let out = filrouge(&["analyze", "examples/corpus", "--no-tokens"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 19, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err.matches("wire.jsonl:line 3: broken JSON").count(),
        1,
        "{err}"
    );

    for format in ["text", "html", "jsonl", "warc", "feed"] {
        assert!(
            docs.iter().any(|d| d["source"]["format"] == format),
            "no {format} document"
        );
    }

    let repeated = by_origin(&docs, "fr/01-");
    assert_eq!(rules(repeated), ["repeated-paragraph"; 3]);

    let furniture = by_origin(&docs, "fr/02-");
    let r = rules(furniture);
    assert!(
        r.starts_with(&[
            "repeated-title".to_string(),
            "credit-line".into(),
            "site-name".into()
        ]),
        "{r:?}"
    );
    assert!(r[3..].iter().all(|x| x == "boilerplate-tail"), "{r:?}");
    assert_eq!(furniture["metadata"]["credits"][0]["agency"], "AFP");

    let latin = by_origin(&docs, "latin1");
    assert_eq!(latin["source"]["charset"], "windows-1252");
    assert!(latin["text"]
        .as_str()
        .is_some_and(|t| t.contains("é") && !t.contains('\u{fffd}')));

    let html = by_origin(&docs, "courrier-lisene");
    assert!(html["metadata"]["title"].is_string());
    assert_eq!(html["metadata"]["lang"], "fr");

    let en = by_origin(&docs, "en/02-");
    assert_eq!(en["metadata"]["lang"], "en");
    assert!(rules(en).contains(&"credit-line".to_string()));
}

#[test]
fn every_annotation_maps_back_into_the_original() {
    let out = filrouge(&["analyze", "examples/corpus", "--quiet"]);
    for doc in jsonl(&out) {
        let original = doc["original"].as_str().expect("original");
        let text = doc["text"].as_str().expect("text");
        for a in doc["annotations"].as_array().expect("annotations") {
            let (s, e) = span(&a["span"]);
            let (os, oe) = span(&a["original"]);
            assert!(
                s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
            );
            assert!(os <= oe && oe <= original.len(), "{a}");
            if a["layer"] == "token" && a["class"] == "word" {
                // A word that cleaning did not edit is the same bytes in the original.
                let word = &text[s..e];
                let orig = &original[os..oe];
                if !word.contains('\'') && orig.len() == word.len() {
                    assert_eq!(word, orig);
                }
            }
        }
        for r in doc["removals"].as_array().expect("removals") {
            let (s, e) = span(&r["span"]);
            assert_eq!(&original[s..e], r["text"].as_str().expect("text"));
        }
    }
}

#[test]
fn ingest_is_idempotent_and_show_explains_removals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let store = store.to_str().expect("utf-8 path");
    let first = filrouge(&[
        "ingest",
        "examples/corpus",
        "--store",
        store,
        "--json",
        "--quiet",
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    let report = summary(&first);
    assert_eq!(report["read"], 19);
    // Every example is a distinct document: none is a copy of another.
    assert_eq!(report["stored"], 19);
    assert_eq!(report["failed"].as_array().map(Vec::len), Some(1));

    let second = filrouge(&[
        "ingest",
        "examples/corpus",
        "--store",
        store,
        "--json",
        "--quiet",
    ]);
    let report = summary(&second);
    assert_eq!(report["stored"], 0);
    assert_eq!(report["duplicates"], 19);

    let docs = filrouge(&["docs", "--store", store, "--json"]);
    let listed = jsonl(&docs);
    assert_eq!(listed.len(), 19);
    let id = listed
        .iter()
        .find(|d| d["origin"].as_str().is_some_and(|o| o.contains("fr/01-")))
        .and_then(|d| d["id"].as_str())
        .expect("fr/01 stored");
    let show = filrouge(&["show", &id[..10], "--store", store]);
    assert!(show.status.success(), "{}", stderr(&show));
    let page = stdout(&show);
    assert!(
        page.contains("repeated-paragraph") && page.contains("why: repeats paragraph"),
        "{page}"
    );

    let missing = filrouge(&["show", "ffffffffff", "--store", store]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no document"));
}

#[test]
fn strict_stops_at_the_first_bad_input() {
    let out = filrouge(&[
        "analyze",
        "examples/corpus/feeds/wire.jsonl",
        "--strict",
        "--no-tokens",
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(jsonl(&out).len(), 2);
}

#[test]
fn stdin_is_read_with_a_dash() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .args(["analyze", "-", "--no-tokens", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("Le maire a parlé. Puis il est parti.".as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["source"]["path"], "-");
}

#[test]
fn undated_articles_are_dated_from_their_bylines_and_relative_days_resolve() {
    let out = filrouge(&[
        "analyze",
        "examples/corpus",
        "--no-tokens",
        "--as-of",
        "2026-11-22",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = jsonl(&out);
    // The publication dates the bylines give (examples/README.md).
    for (file, date) in [
        ("fr/01-", "2025-09-28"),
        ("fr/02-", "2025-10-03"),
        ("fr/03-", "2025-10-08"),
        ("fr/04-", "2025-10-15"),
        ("fr/05-", "2025-10-23"),
        // "Sept 29 (Reuters)" and a Monday: 2025, 2014, 2008... nothing in
        // the text says which (the timeline takes the collection's year).
        ("en/01-", "XXXX-09-29"),
        ("en/02-", "2025-10-08"),
        ("en/03-", "2025-10-14"),
    ] {
        let d = &by_origin(&docs, file)["document_date"];
        assert_eq!(d["value"], date, "{file}: {d}");
        assert_eq!(d["source"], "text", "{file}");
        assert!(
            !d["reasons"].as_array().is_some_and(Vec::is_empty),
            "{file}"
        );
    }
    // Metadata dates win over the text.
    let html = by_origin(&docs, "courrier-lisene");
    assert_eq!(html["document_date"]["source"], "metadata");
    // "hier soir" in the article of 15 October is the evening of the 14th,
    // and every time annotation maps back into the original.
    let accord = by_origin(&docs, "fr/04-");
    let text = accord["text"].as_str().unwrap_or_default();
    let times: Vec<&Value> = accord["annotations"]
        .as_array()
        .map(|a| a.iter().filter(|x| x["layer"] == "time").collect())
        .unwrap_or_default();
    let hier = times
        .iter()
        .find(|t| {
            let (s, e) = span(&t["span"]);
            text.get(s..e) == Some("hier soir")
        })
        .expect("'hier soir' tagged");
    assert_eq!(hier["value"], "2025-10-14TEV");
    assert_eq!(hier["type"], "TIME");
    for t in &times {
        assert!(t["original"].is_array(), "{t}");
    }
}

#[test]
fn eval_timex_scores_a_timeml_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tml = r#"<?xml version="1.0"?>
<TimeML>
<DOCID>t1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2025-07-03" functionInDocument="CREATION_TIME">3 juillet 2025</TIMEX3></DCT>
<TEXT>
Le conseil a voté <TIMEX3 tid="t1" type="DATE" value="2025-07-02">hier</TIMEX3> après <TIMEX3 tid="t2" type="DURATION" value="PT2H">deux heures</TIMEX3> de débat.
</TEXT>
</TimeML>
"#;
    std::fs::write(dir.path().join("one.tml"), tml).expect("write");
    let gold = dir.path().to_string_lossy().to_string();
    let out = filrouge(&["eval", "timex", "--gold", &gold, "--lang", "fr", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    assert_eq!(report["counts"]["gold"], 2);
    assert_eq!(report["value_f1"], 1.0);
    assert_eq!(report["strict_f1"], 1.0);
}

#[test]
fn eval_docdate_scores_a_folder_of_texts_and_other_predictions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let texts = dir.path().join("texts");
    std::fs::create_dir(&texts).expect("mkdir");
    let article = "Le conseil municipal s'est réuni le jeudi 9 juin 2022 pour voter le budget. \
                   Les élus ont adopté le texte à une large majorité, a indiqué la mairie.";
    std::fs::write(texts.join("a.txt"), article).expect("write");
    std::fs::write(
        texts.join("b.txt"),
        "Une brève sans date, écrite pour ce test.",
    )
    .expect("write");
    let table = dir.path().join("dates.tsv");
    std::fs::write(&table, "# made up\na.txt\t2022-06-09\nb.txt\t2021-01-05\n").expect("write");
    let (texts, table) = (texts.display().to_string(), table.display().to_string());
    let base = ["eval", "docdate", "--gold", &texts, "--truth", &table];
    let out = filrouge(&[&base[..], &["--json"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    assert_eq!(report["as_of"], "2026-11-22");
    assert_eq!(report["sets"][0]["documents"], 2);
    assert_eq!(report["systems"][0]["system"], "filrouge");
    let baseline = &report["systems"][1];
    assert_eq!(baseline["system"], "latest-full-date");
    assert_eq!(baseline["overall"]["day"]["count"], 1);
    assert_eq!(baseline["overall"]["abstentions"]["count"], 1);

    let text = filrouge(&base);
    assert!(text.status.success(), "{}", stderr(&text));
    assert!(stdout(&text).contains("reliability"), "{}", stdout(&text));

    // Another system: the texts out, its dates back in, the same scorer.
    let dump = dir.path().join("texts.jsonl").display().to_string();
    let out = filrouge(&[&base[..], &["--dump-texts", &dump]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<String> = std::fs::read_to_string(&dump)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("JSON line");
            assert!(v["text"].is_string() && v.get("truth").is_none(), "{v}");
            v["id"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(ids.len(), 2);
    let pred = dir.path().join("pred.jsonl");
    let lines = format!(
        "{{\"id\": \"{}\", \"date\": \"2022-06-09\"}}\n{{\"id\": \"{}\", \"date\": null}}\n",
        ids[0], ids[1]
    );
    std::fs::write(&pred, lines).expect("write");
    let pred = pred.display().to_string();
    let args = [&base[..], &["--pred", &pred, "--system", "other", "--json"]].concat();
    let out = filrouge(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    assert_eq!(report["systems"][0]["system"], "other");
    assert_eq!(report["systems"][0]["overall"]["full_date"]["count"], 1);
    let bad = filrouge(&["eval", "docdate", "--gold", &texts, "--format", "nope"]);
    assert!(!bad.status.success());
}

#[test]
fn bench_measures_on_the_threads_asked_for() {
    let out = filrouge(&["bench", "--docs", "30", "--threads", "1", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let runs = jsonl(&out);
    // One run of read + clean + segment, one of the time stage, one of the
    // search index build, one of the timeline, then the query latency.
    assert_eq!(runs.len(), 5, "one run per measure when --threads is given");
    for run in &runs[..4] {
        assert_eq!(run["threads"], 1);
        assert_eq!(run["documents"], 30);
    }
    assert!(runs[3]["name"]
        .as_str()
        .is_some_and(|n| n.starts_with("timeline")));
    assert_eq!(runs[4]["documents"], 30);
    assert!(runs[4]["p50_ms"].as_f64().is_some_and(|ms| ms > 0.0));
    assert!(!filrouge(&["bench", "--threads", "0"]).status.success());
}

#[test]
fn eval_quotes_scores_the_bundled_gold_set() {
    let out = filrouge(&[
        "eval",
        "quotes",
        "--gold",
        "examples/quotes/gold.jsonl",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    assert_eq!(report["items"], 30);
    assert_eq!(report["gold"], 100);
    // Regression guards below the README's figures (F1 0.965, speaker
    // accuracy 0.958).
    assert!(report["f1"].as_f64().unwrap_or(0.0) >= 0.93, "{report}");
    assert!(
        report["speaker_accuracy"].as_f64().unwrap_or(0.0) >= 0.9,
        "{report}"
    );
    let errors = report["errors"].as_array().map_or(0, Vec::len);
    assert!(errors > 0 && errors < 20, "{errors} errors listed");
}

#[test]
fn eval_quotes_lists_errors_and_scores_the_held_out_set() {
    let out = filrouge(&[
        "eval",
        "quotes",
        "--gold",
        "examples/quotes/test.jsonl",
        "--errors",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("(22 items, 66 gold"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.split('\t').nth(1).is_some_and(|k| k == "missed")),
        "{text}"
    );
}

#[test]
fn duplicates_finds_the_republished_agreement_story_and_nothing_else() {
    let out = filrouge(&["duplicates", "examples/corpus", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pairs = jsonl(&out);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    let pair = &pairs[0];
    let both = format!("{} {}", pair["document"], pair["duplicates"]);
    assert!(
        both.contains("fr/04-accord-signe") && both.contains("wire.jsonl:line 4"),
        "{both}"
    );
    assert!(pair["similarity"].as_f64().unwrap_or(0.0) >= 0.5);
}
