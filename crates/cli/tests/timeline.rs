//! The timeline command: on the example corpus (our own articles) and on
//! the seed corpus (`../shared/seeds`, read from there, never copied; the
//! seed test skips with a message when the folder is absent and fails when
//! `CI` is set).

mod common;

use common::{examples_store, filrouge, root, stderr, stdout};
use serde_json::Value;

/// Validates a timeline against the documented schema
/// (`docs/timeline-schema.json`).
fn assert_valid(timeline: &Value) {
    let schema_path = root().join("docs/timeline-schema.json");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(&schema_path).expect("the schema file is readable"),
    )
    .expect("the schema is JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("filrouge.timeline/2", schema)
        .expect("schema added");
    let id = compiler
        .compile("filrouge.timeline/2", &mut schemas)
        .expect("the schema compiles");
    if let Err(e) = schemas.validate(timeline, id) {
        panic!("the timeline does not follow docs/timeline-schema.json: {e:#}");
    }
}

fn timeline_json(args: &[&str]) -> Value {
    let mut all = vec!["timeline", "--format", "json"];
    all.extend_from_slice(args);
    let out = filrouge(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("timeline JSON")
}

#[test]
fn examples_timeline_counts_copies_once_and_follows_the_schema() {
    let t = timeline_json(&["examples/corpus", "--as-of", "2026-11-22"]);
    assert_valid(&t);
    let events = t["events"].as_array().expect("events");
    assert!(events.len() >= 5, "{}", events.len());
    // Date order, a month after its days when its modifier says its end
    // ("fin novembre" after "5 novembre").
    let dates: Vec<String> = events
        .iter()
        .filter_map(|e| {
            let date = e["date"].as_str()?;
            Some(match (date.len(), e["modifier"].as_str()) {
                (7, Some("END")) => format!("{date}-21"),
                (7, Some("MID")) => format!("{date}-15"),
                _ => date.to_string(),
            })
        })
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    // The wire copy of the agreement article is one independent source.
    let agreement = events
        .iter()
        .find(|e| {
            e["sources"]
                .as_array()
                .is_some_and(|s| s.iter().any(|x| x["copy_of"].is_string()))
        })
        .expect("an event reported by an article and its copy");
    let sources = agreement["sources"].as_array().expect("sources");
    let originals = sources.iter().filter(|s| s["copy_of"].is_null()).count();
    assert!(sources.len() >= 2);
    assert!(
        agreement["independent_sources"].as_u64().unwrap_or(99) <= originals as u64,
        "{agreement}"
    );
    // Every summary sentence is a source sentence, unchanged.
    for e in events {
        let sentences: Vec<&str> = e["sources"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| s["sentences"].as_array().into_iter().flatten())
            .filter_map(|s| s["text"].as_str())
            .collect();
        for s in e["summary"].as_array().into_iter().flatten() {
            assert!(sentences.contains(&s.as_str().unwrap_or("")), "{s}");
        }
    }
}

/// The example corpus's timeline in `format`.
fn examples_timeline(format: &str) -> String {
    let out = filrouge(&[
        "timeline",
        "examples/corpus",
        "--as-of",
        "2026-11-22",
        "--format",
        format,
    ]);
    assert!(out.status.success(), "{format}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn every_output_format_renders_and_the_page_needs_no_network() {
    for format in ["text", "markdown", "html", "timelinejs", "csv", "ics"] {
        let text = examples_timeline(format);
        assert!(!text.is_empty(), "{format}");
        // A reader never sees a path: a source is its publisher, title,
        // date and link, else its file's name.
        if format != "timelinejs" {
            assert!(!text.contains("examples/corpus/"), "{format} shows a path");
        }
        // Nor TimeML notation: dates, durations and ranks are in words.
        if ["text", "markdown", "html"].contains(&format) {
            for notation in ["PT1", "APPROX", "XXXX", "in its series"] {
                assert!(!text.contains(notation), "{format} shows {notation}");
            }
        }
        if format == "html" {
            assert!(text.starts_with("<!DOCTYPE html>"));
            // Self-contained: nothing fetched, no script; the only
            // addresses are links to the original articles.
            assert!(!text.contains("<script"), "no script");
            assert!(!text.contains("src=\""), "no remote asset");
            assert!(!text.contains("<link"), "no remote style");
            let links = text.matches("href=\"http").count();
            let originals = text.matches("class=\"source-link\" href=\"http").count();
            assert!(originals > 0 && links == originals, "{links} {originals}");
        }
        if format == "timelinejs" {
            let v: Value = serde_json::from_str(&text).expect("TimelineJS JSON");
            assert!(v["events"][0]["start_date"]["year"].is_string());
            assert!(v["title"]["text"]["headline"].is_string(), "a title slide");
            let events = v["events"].as_array().expect("events");
            assert!(events
                .iter()
                .any(|e| e["media"]["url"].is_string() && e["media"]["credit"].is_string()));
            assert!(events.iter().all(|e| e["group"].is_string()));
        }
    }
}

/// CSV: one row per event after a header, quoted where RFC 4180 asks;
/// iCalendar: one all-day entry per event dated to the day or month,
/// lines folded at 75 octets, the same UID for the same event.
#[test]
fn csv_and_ics_exports_hold_every_dated_event() {
    let t = timeline_json(&["examples/corpus", "--as-of", "2026-11-22"]);
    let events = t["events"].as_array().expect("events");
    let csv = examples_timeline("csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(&header[0], "date");
    assert_eq!(&header[1], "date_text");
    assert_eq!(&header[3], "headline");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), events.len());
    for (row, e) in rows.iter().zip(events) {
        assert_eq!(Some(&row[0]), e["date"].as_str());
        assert_eq!(Some(&row[1]), e["date_text"].as_str());
        assert_eq!(Some(&row[3]), e["headline"].as_str());
    }

    let ics = examples_timeline("ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.lines().all(|l| l.trim_end_matches('\r').len() <= 75));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "CRLF line ends only"
    );
    let unfolded = ics.replace("\r\n ", "");
    let dated = events
        .iter()
        .filter(|e| e["precision"] == "day" || e["precision"] == "month")
        .count();
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), dated);
    for e in events.iter().filter(|e| e["precision"] == "day") {
        let key = e["key"].as_str().expect("key");
        let day = e["date"].as_str().expect("date").replace('-', "");
        let at = unfolded
            .find(&format!("UID:{key}@filrouge"))
            .expect("the event's entry");
        assert!(unfolded[at..].contains(&format!("DTSTART;VALUE=DATE:{day}")));
    }
}

fn seeds_dir() -> Option<std::path::PathBuf> {
    let dir = root().join("../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {} is missing",
        dir.display()
    );
    eprintln!(
        "skipping seed timeline acceptance: {} not found",
        dir.display()
    );
    None
}

#[test]
fn seeds_timeline_has_the_four_calls_in_order_and_no_wrong_year() {
    let Some(dir) = seeds_dir() else { return };
    let dir = dir.display().to_string();
    let t = timeline_json(&[&dir, "--as-of", "2026-11-22"]);
    assert_valid(&t);
    let events = t["events"].as_array().expect("events");
    let calls: Vec<&Value> = events.iter().filter(|e| e["kind"] == "call").collect();
    let got: Vec<(&str, &str)> = calls
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap_or(""),
                e["precision"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // 001's day (12 February) is not in its text: the year and the order
    // come from the series of calls (first, sixth, ninth).
    assert_eq!(
        got,
        [
            ("2025", "year"),
            ("2025-06-04", "day"),
            ("2025-07-03", "day"),
            ("2025-12", "month")
        ],
        "{}",
        serde_json::to_string_pretty(&t["documents"]).unwrap_or_default()
    );
    let origins = |e: &Value| -> Vec<String> {
        e["sources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["origin"].as_str())
            .map(|o| o.rsplit('/').next().unwrap_or(o)[..3].to_string())
            .collect()
    };
    assert_eq!(origins(calls[0]), ["001"]);
    assert_eq!(origins(calls[1]), ["003"]);
    // 000 and 002: one event, two sources.
    let mut both = origins(calls[2]);
    both.sort();
    assert_eq!(both, ["000", "002"]);
    assert_eq!(calls[2]["independent_sources"], 2);
    assert_eq!(origins(calls[3]), ["004"]);
    // Facts: the durations with their qualifiers, the ranks.
    let facts = |e: &Value| serde_json::to_string(&e["facts"]).unwrap_or_default();
    assert!(facts(calls[2]).contains("PT1H") && facts(calls[2]).contains("APPROX"));
    assert!(facts(calls[3]).contains("PT1H15M"));
    assert!(serde_json::to_string(&calls[2]["ordinals"])
        .unwrap_or_default()
        .contains('6'));
    // Participants resolved to canonical entities.
    let names = serde_json::to_string(&calls[2]["participants"]).unwrap_or_default();
    assert!(
        names.contains("Poutine") && names.contains("Trump"),
        "{names}"
    );

    // Background events, with --include-background: the earlier calls and
    // the Istanbul second round (reported by 002 and 003), no wrong year.
    let all = timeline_json(&[&dir, "--as-of", "2026-11-22", "--include-background"]);
    assert_valid(&all);
    let events = all["events"].as_array().expect("events");
    let on = |d: &str| events.iter().find(|e| e["date"] == d);
    for d in ["2020-07-23", "2022-02-12", "2025-06-02"] {
        let e = on(d).unwrap_or_else(|| panic!("a background event on {d}"));
        assert_eq!(e["main"], false, "{d}");
    }
    let second_round = on("2025-06-02").expect("the second round");
    assert_eq!(second_round["kind"], "talks");
    assert_eq!(origins(second_round), ["002", "003"]);
    // The years of the text; 2026 only for what 004 plans "début janvier".
    for e in events {
        let date = e["date"].as_str().unwrap_or("");
        assert!(
            ["2020", "2022", "2025"].contains(&&date[..4])
                || (date == "2026-01" && e["main"] == false),
            "{date}"
        );
    }
}

/// Issue 15's acceptance on the seeds: the text and Markdown read without
/// TimeML notation or file paths, and the four calls have four different
/// headlines, each in their sources' own words (a title, or the start of
/// a sentence of theirs).
#[test]
fn seeds_read_as_words_with_four_headlines_from_their_sources() {
    let Some(dir) = seeds_dir() else { return };
    let dir = dir.display().to_string();
    for format in ["text", "markdown"] {
        let out = filrouge(&[
            "timeline",
            &dir,
            "--as-of",
            "2026-11-22",
            "--format",
            format,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        // (A plain-text seed has no publisher: its file's name stands in,
        // never its path.)
        for notation in ["PT1", "PXW", "APPROX", "XXXX", "in its series", "/seeds/"] {
            assert!(
                !text.contains(notation),
                "{format} shows {notation}:\n{text}"
            );
        }
        assert!(
            text.contains("juillet 2025"),
            "{format}: dates in French words"
        );
    }
    let t = timeline_json(&[&dir, "--as-of", "2026-11-22"]);
    let calls: Vec<&Value> = t["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "call")
        .collect();
    let mut headlines: Vec<&str> = calls
        .iter()
        .filter_map(|e| e["headline"].as_str())
        .collect();
    assert_eq!(headlines.len(), 4);
    for (e, h) in calls.iter().zip(&headlines) {
        let sources = e["sources"].as_array().into_iter().flatten();
        let own = sources.clone().any(|s| s["title"].as_str() == Some(h))
            || sources
                .flat_map(|s| s["sentences"].as_array().into_iter().flatten())
                .filter_map(|x| x["text"].as_str())
                .chain(
                    e["summary"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str),
                )
                .any(|x| x.starts_with(h.trim_end_matches('…')));
        assert!(own, "{h} is not in its sources' words");
    }
    headlines.sort();
    headlines.dedup();
    assert_eq!(headlines.len(), 4, "{headlines:?}");
}

#[test]
fn a_store_gives_the_same_timeline_as_its_inputs() {
    let dir = examples_store("2026-11-22");
    let store = dir.path().to_str().expect("utf-8 path");
    let from_store = timeline_json(&["--store", store, "--as-of", "2026-11-22"]);
    let from_inputs = timeline_json(&["examples/corpus", "--as-of", "2026-11-22"]);
    let summary = |t: &Value| -> Vec<(String, String, usize)> {
        let mut v: Vec<(String, String, usize)> = t["events"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                (
                    e["date"].as_str().unwrap_or("").to_string(),
                    e["kind"].as_str().unwrap_or("").to_string(),
                    e["sources"].as_array().map_or(0, Vec::len),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert!(!summary(&from_store).is_empty());
    assert_eq!(summary(&from_store), summary(&from_inputs));
}

#[test]
fn filters_narrow_the_timeline() {
    let base = ["examples/corpus", "--as-of", "2026-11-22"];
    let events = |extra: &[&str]| -> Vec<Value> {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        timeline_json(&args)["events"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let all = events(&[]);
    let date = |e: &Value| e["date"].as_str().unwrap_or("").to_string();
    let from = events(&["--from", "2025-10-10"]);
    assert!(!from.is_empty() && from.len() < all.len());
    assert!(from.iter().all(|e| date(e).as_str() >= "2025-10-10"));
    let to = events(&["--to", "2025-10-05"]);
    assert!(!to.is_empty() && to.iter().all(|e| date(e).as_str() <= "2025-10-05"));
    // A text query: every event's sentences hold the word.
    let query = events(&["--query", "pêcheurs"]);
    assert!(!query.is_empty() && query.len() < all.len());
    for e in &query {
        let text = serde_json::to_string(&e["sources"])
            .unwrap_or_default()
            .to_lowercase();
        assert!(
            text.contains("pêcheurs") || text.contains("pecheurs"),
            "{}",
            e["headline"]
        );
    }
    // An entity: named among the participants or in the sentences.
    let entity = events(&["--entity", "Carvallo"]);
    assert!(!entity.is_empty());
    for e in &entity {
        let text = serde_json::to_string(e).unwrap_or_default();
        assert!(text.contains("Carvallo"), "{}", e["headline"]);
    }
    // The most reported events when the count is capped.
    let capped = events(&["--max-events", "3"]);
    assert_eq!(capped.len(), 3);
    let sources = |e: &Value| e["independent_sources"].as_u64().unwrap_or(0);
    let weakest_kept = capped.iter().map(sources).min().unwrap_or(0);
    let dropped_best = all
        .iter()
        .filter(|e| {
            !capped
                .iter()
                .any(|c| c["headline"] == e["headline"] && c["date"] == e["date"])
        })
        .map(sources)
        .max()
        .unwrap_or(0);
    assert!(weakest_kept >= dropped_best);
    // English reports only.
    let english = events(&["--lang", "en"]);
    assert!(!english.is_empty() && english.len() < all.len());
    // A story: a subset of the whole timeline.
    let story = events(&["--story", "1"]);
    assert!(!story.is_empty() && story.len() < all.len());
}

#[test]
fn eval_linking_recovers_the_generated_stories_and_their_days() {
    let out = filrouge(&["eval", "linking", "--docs", "400", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).expect("report JSON");
    let covered = r["covered"].as_u64().unwrap_or(0);
    assert!(covered * 10 >= 400 * 9, "{r}");
    assert!(r["f1"].as_f64().unwrap_or(0.0) > 0.85, "{r}");
    // Next-day reports and bylines once put most news on the wrong day.
    assert!(
        r["right_day"].as_u64().unwrap_or(0) * 100 >= covered * 98,
        "{r}"
    );
}
