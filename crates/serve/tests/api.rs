//! The API over a real socket, on a store made from `examples/corpus`:
//! reads, search by French stem without accents, the cached timeline,
//! errors as JSON, posted documents and CLI ingests appearing live.

mod common;

use common::{examples_store, get_json, options, start};
use filrouge_serve::client;
use serde_json::Value;

#[test]
fn reads_search_entities_stories_and_timeline() {
    let store = examples_store();
    let server = start(options(store.path()));
    let addr = server.addr;

    let status = get_json(addr, "/api/status");
    assert_eq!(status["documents"], 19);
    assert_eq!(status["indexed"], 19);
    assert_eq!(status["writes"], false);

    let list = get_json(addr, "/api/documents?limit=5&offset=2");
    assert_eq!(list["total"], 19);
    let docs = list["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 5);
    let id = docs[0]["id"].as_str().expect("id").to_string();

    // A document whole, by id and by a prefix.
    let doc = get_json(addr, &format!("/api/documents/{id}"));
    assert_eq!(doc["id"], id.as_str());
    assert!(doc["text"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(doc["annotations"].as_array().is_some_and(|a| !a.is_empty()));
    let by_prefix = get_json(addr, &format!("/api/documents/{}", &id[..10]));
    assert_eq!(by_prefix["id"], id.as_str());

    // French by stem and without accents: "negociations" finds "négociation".
    let hits = get_json(addr, "/api/search?q=negociations&limit=50");
    let hits = hits["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 2, "{hits:?}");
    for h in hits {
        let text = h["snippet"]["text"].as_str().expect("snippet");
        assert!(text.contains("négociation"), "{text}");
    }
    let accented = get_json(addr, "/api/search?q=pr%C3%A9f%C3%A8te&limit=50");
    let plain = get_json(addr, "/api/search?q=prefete&limit=50");
    assert_eq!(accented["hits"], plain["hits"]);
    let sentences = get_json(addr, "/api/search?q=prefete&sentences=true");
    assert!(sentences["hits"][0]["span"].is_array());

    let entities = get_json(addr, "/api/entities?limit=500");
    let all = entities["entities"].as_array().expect("entities");
    assert!(
        all.iter().any(|e| e["name"] == "Hélène Carvallo"),
        "{all:?}"
    );
    let found = get_json(addr, "/api/entities?q=carvallo");
    assert!(found["total"].as_u64().is_some_and(|n| n >= 1));

    let stories = get_json(addr, "/api/stories");
    assert!(stories["stories"].as_array().is_some_and(|s| !s.is_empty()));

    // The timeline, with the same options as the CLI; the second call is
    // served from the cache of this store generation, byte for byte.
    let started = std::time::Instant::now();
    let first = client::get(addr, "/api/timeline?as_of=2025-12-31").expect("timeline");
    let cold = started.elapsed();
    assert_eq!(first.status, 200, "{}", first.text());
    let t = first.json().expect("JSON");
    assert_eq!(t["schema"], "filrouge.timeline/2");
    let events = t["events"].as_array().expect("events");
    assert!(events.len() >= 3, "{events:?}");
    for e in events {
        assert!(e["sources"].as_array().is_some_and(|s| !s.is_empty()));
    }
    let started = std::time::Instant::now();
    let again = client::get(addr, "/api/timeline?as_of=2025-12-31").expect("timeline");
    assert_eq!(again.body, first.body);
    assert!(
        started.elapsed() <= cold,
        "cached: {:?} vs {cold:?}",
        started.elapsed()
    );
    // Each event can be fetched alone by its key, the same in every query.
    let key = events[0]["key"].as_str().expect("event key");
    let alone = get_json(addr, &format!("/api/events/{key}?as_of=2025-12-31"));
    assert_eq!(alone["key"], events[0]["key"]);
    assert_eq!(alone["date"], events[0]["date"]);
    assert_eq!(alone["sources"], events[0]["sources"]);
    let longer = get_json(
        addr,
        &format!("/api/events/{key}?as_of=2025-12-31&sentences=4"),
    );
    assert!(
        longer["summary"].as_array().map_or(0, Vec::len)
            >= alone["summary"].as_array().map_or(0, Vec::len)
    );
    // A key from another cut names the same event.
    let english = get_json(
        addr,
        "/api/timeline?as_of=2025-12-31&lang=en&include_background=true",
    );
    let other = &english["events"][0];
    let key = other["key"].as_str().expect("event key");
    let same = get_json(addr, &format!("/api/events/{key}?as_of=2025-12-31"));
    assert_eq!(same["date"], other["date"]);
    assert_eq!(same["headline"], other["headline"]);
    for (path, status) in [
        ("/api/events/0123abcd-999999", 404),
        ("/api/events/..%2F..%2Fetc", 400),
        ("/api/events/abc", 400),
    ] {
        let r = client::get(addr, path).expect("event");
        assert_eq!(r.status, status, "{path}: {}", r.text());
    }
    // A browser asking for gzip gets the same JSON compressed.
    let gzipped = client::request(
        addr,
        "GET",
        "/api/timeline?as_of=2025-12-31",
        &[("Accept-Encoding", "gzip, deflate, br")],
        &[],
    )
    .expect("timeline");
    assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
    assert!(gzipped.body.len() < first.body.len());
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(gzipped.body.as_slice()),
        &mut unzipped,
    )
    .expect("gzip");
    assert_eq!(unzipped, first.body);
    assert_eq!(first.header("content-encoding"), None);
    let filtered = get_json(
        addr,
        "/api/timeline?as_of=2025-12-31&lang=en&include_background=true&sentences=1",
    );
    let english = filtered["events"].as_array().expect("events").len();
    assert!(
        english >= 1
            && english < events.len() + t["background_events"].as_u64().unwrap_or(0) as usize
    );
    let story = get_json(addr, "/api/timeline?as_of=2025-12-31&story=0");
    assert!(story["events"].is_array());

    let api = get_json(addr, "/api/openapi.json");
    assert_eq!(api["openapi"], "3.0.3");

    // The page and its assets are bundled, under a strict policy.
    let page = client::get(addr, "/").expect("page");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").expect("CSP");
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    assert!(page.text().contains("/app.js"));
    let js = client::get(addr, "/app.js").expect("script");
    assert_eq!(js.status, 200);
    assert!(js
        .header("content-type")
        .is_some_and(|t| t.contains("javascript")));
}

/// The timeline as a file to keep: the page's current view as HTML, CSV
/// and iCalendar, each with its type and a file name; a bad format is a
/// 400 naming the parameter.
#[test]
fn the_timeline_exports_as_html_csv_and_ics() {
    let store = examples_store();
    let server = start(options(store.path()));
    let addr = server.addr;
    let events = get_json(addr, "/api/timeline?as_of=2025-12-31&lang=fr")["events"]
        .as_array()
        .map_or(0, Vec::len);
    assert!(events > 0);
    for (format, kind, start) in [
        ("html", "text/html", "<!DOCTYPE html>"),
        ("csv", "text/csv", "date,date_text,precision,headline,"),
        ("ics", "text/calendar", "BEGIN:VCALENDAR\r\n"),
        ("timelinejs", "application/json", "{"),
    ] {
        let path = format!("/api/timeline?as_of=2025-12-31&lang=fr&format={format}");
        let r = client::get(addr, &path).expect("export");
        assert_eq!(r.status, 200, "{format}: {}", r.text());
        assert!(
            r.header("content-type")
                .is_some_and(|t| t.starts_with(kind)),
            "{format}: {:?}",
            r.header("content-type")
        );
        assert!(
            r.header("content-disposition")
                .is_some_and(|d| d.starts_with("attachment; filename=\"filrouge-timeline.")),
            "{format}"
        );
        let text = r.text();
        assert!(
            text.starts_with(start),
            "{format}: {}",
            &text[..text.len().min(80)]
        );
        match format {
            "html" => {
                assert!(
                    text.contains("langue fr"),
                    "the view's filters are its title"
                );
                assert_eq!(text.matches("<li class=\"event").count(), events);
            }
            "csv" => assert_eq!(text.matches("\r\n").count(), events + 1, "{text}"),
            "ics" => assert!(text.matches("BEGIN:VEVENT").count() <= events),
            _ => {}
        }
    }
    let bad = client::get(addr, "/api/timeline?format=pdf").expect("bad format");
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("format"), "{}", bad.text());
}

#[test]
fn errors_are_json_with_their_status() {
    let store = examples_store();
    let server = start(options(store.path()));
    let addr = server.addr;
    let cases = [
        ("/api/timeline?from=yesterday", 400),
        ("/api/timeline?max_events=-3", 400),
        ("/api/search?limit=lots", 400),
        ("/api/documents/ffffffffffffffff", 404),
        ("/api/documents/not-an-id", 400),
        ("/api/timeline?story=9999", 404),
        ("/api/nothing", 404),
    ];
    for (path, status) in cases {
        let r = client::get(addr, path).expect("request");
        assert_eq!(r.status, status, "{path}: {}", r.text());
        let body = r.json().expect("JSON error");
        assert_eq!(body["error"]["status"], status, "{path}");
        assert!(body["error"]["message"].is_string());
    }
}

#[test]
fn posted_documents_and_cli_ingests_appear_without_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = options(dir.path());
    opts.allow_writes = true;
    let server = start(opts);
    let addr = server.addr;
    assert_eq!(get_json(addr, "/api/status")["documents"], 0);
    let before = get_json(addr, "/api/search?q=kayakiste");
    assert_eq!(before["hits"].as_array().map(Vec::len), Some(0));

    let body = serde_json::json!({
        "text": "Le kayakiste Ronan Quéméner a traversé la baie de Kerlouan le 12 mai 2025.\n\nIl a ramé pendant six heures, a indiqué la mairie.",
        "title": "Traversée de la baie",
        "date": "2025-05-13",
        "url": "https://example.invalid/kayak",
    });
    let posted = client::request(
        addr,
        "POST",
        "/api/documents",
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    )
    .expect("post");
    assert_eq!(posted.status, 201, "{}", posted.text());
    let answer = posted.json().expect("JSON");
    assert_eq!(answer["stored"], 1);
    let id = answer["ids"][0].as_str().expect("id").to_string();

    // Posting the same bytes again stores nothing.
    let again = client::request(
        addr,
        "POST",
        "/api/documents",
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    )
    .expect("post");
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.json().expect("JSON")["duplicates"], 1);

    // Searchable at once, by stem and without accents, with its metadata.
    let hits = get_json(addr, "/api/search?q=kayakistes");
    assert_eq!(hits["hits"][0]["id"], id.as_str());
    let doc = get_json(addr, &format!("/api/documents/{id}"));
    assert_eq!(doc["metadata"]["title"], "Traversée de la baie");
    assert_eq!(doc["metadata"]["url"], "https://example.invalid/kayak");

    // A raw text body.
    let raw = client::request(
        addr,
        "POST",
        "/api/documents",
        &[
            ("Content-Type", "text/plain; charset=utf-8"),
            (filrouge_serve::WRITE_HEADER, "1"),
        ],
        "Un second kayakiste a suivi la même route.".as_bytes(),
    )
    .expect("post");
    assert_eq!(raw.status, 201, "{}", raw.text());
    assert_eq!(get_json(addr, "/api/status")["documents"], 2);

    // Another process ingests into the same store (a second connection,
    // as `filrouge ingest` would): the server sees it on its next poll.
    let mut other = filrouge::store::Store::open(dir.path()).expect("store");
    let report = filrouge::ingest(
        &[common::root().join("examples/corpus/fr")],
        &mut other,
        &Default::default(),
        |_| {},
    )
    .expect("ingest");
    assert_eq!(report.stored, 5);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let status = get_json(addr, "/api/status");
        if status["documents"] == 7 && status["indexed"] == 7 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the CLI ingest never showed: {status}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let hits = get_json(addr, "/api/search?q=prefete&limit=50");
    assert!(hits["hits"].as_array().is_some_and(|h| h.len() >= 3));
    // The document list is asked for (it is left out by default).
    let t = get_json(addr, "/api/timeline?documents=true");
    assert_eq!(t["documents"].as_array().map(Vec::len), Some(7));
    let lean = get_json(addr, "/api/timeline");
    assert_eq!(lean["documents"].as_array().map(Vec::len), Some(0));
}

/// The timeline and search answer a page at a time with the total the
/// filters select; the pages put together are the whole list; bad pages
/// are refused with the parameter named; dates follow `ui_lang`.
#[test]
fn timeline_and_search_come_in_pages() {
    let store = examples_store();
    let server = start(options(store.path()));
    let addr = server.addr;
    let base = "/api/timeline?as_of=2025-12-31&include_background=true";
    let whole = get_json(addr, &format!("{base}&limit=1000"));
    let all = whole["events"].as_array().expect("events").clone();
    assert!(all.len() >= 4, "{}", all.len());
    assert_eq!(whole["total"], all.len());
    let mut paged = Vec::new();
    for offset in (0..all.len()).step_by(3) {
        let page = get_json(addr, &format!("{base}&offset={offset}&limit=3"));
        assert_eq!(page["total"], all.len());
        assert_eq!(page["offset"], offset);
        assert_eq!(page["limit"], 3);
        let events = page["events"].as_array().expect("events");
        assert!(events.len() <= 3);
        paged.extend(events.iter().map(|e| e["key"].clone()));
    }
    let keys: Vec<_> = all.iter().map(|e| e["key"].clone()).collect();
    assert_eq!(paged, keys);
    let past = get_json(addr, &format!("{base}&offset=100000"));
    assert_eq!(past["events"], serde_json::json!([]));
    assert_eq!(past["total"], all.len());
    // Every page carries the volume of every selected event, not its own.
    let day_events = all
        .iter()
        .filter(|e| e["date"].as_str().is_some_and(|d| d.len() == 10))
        .count();
    let bars = |v: &Value| -> Vec<Value> { v["volume"]["bars"].as_array().expect("bars").clone() };
    let events_in = |bars: &[Value]| {
        bars.iter()
            .map(|b| b["events"].as_u64().unwrap_or(0))
            .sum::<u64>()
    };
    assert_eq!(events_in(&bars(&past)), day_events as u64);
    assert_eq!(bars(&past), bars(&whole));
    assert_eq!(
        past["volume"]["coarse_events"].as_u64(),
        Some((all.len() - day_events) as u64)
    );
    assert!(bars(&whole)
        .iter()
        .all(|b| b["articles"].as_u64().is_some() && b["start"].as_str() <= b["end"].as_str()));
    // Zoomed in by dates, the volume covers those dates only, finer.
    let whole_bars = bars(&whole);
    let busy = whole_bars.iter().find(|b| b["events"].as_u64() > Some(0));
    let first = busy
        .and_then(|b| b["start"].as_str())
        .expect("a day")
        .to_string();
    let zoomed = get_json(addr, &format!("{base}&from={first}&to={first}&limit=1000"));
    assert_eq!(zoomed["volume"]["bucket"], "day");
    // (Its events' articles may be published on other days.)
    let with_events: Vec<Value> = bars(&zoomed)
        .into_iter()
        .filter(|b| b["events"].as_u64() > Some(0))
        .collect();
    assert!(!with_events.is_empty(), "{}", zoomed["volume"]);
    assert!(
        with_events.iter().all(|b| b["start"] == first.as_str()),
        "{}",
        zoomed["volume"]
    );
    // The default page is 100 events at most.
    let default = get_json(addr, base);
    assert_eq!(default["limit"], 100);
    // Dates as written in the language asked for.
    let english = get_json(addr, &format!("{base}&ui_lang=en&limit=1000"));
    let french = get_json(addr, &format!("{base}&ui_lang=fr&limit=1000"));
    assert_eq!(english["language"], "en");
    assert_eq!(french["language"], "fr");
    let key = all[0]["key"].as_str().expect("key");
    let alone = get_json(
        addr,
        &format!("/api/events/{key}?as_of=2025-12-31&ui_lang=en"),
    );
    assert_eq!(alone["date_text"], english["events"][0]["date_text"]);
    let alone = get_json(addr, &format!("/api/events/{key}?as_of=2025-12-31"));
    assert_eq!(alone["date_text"], french["events"][0]["date_text"]);

    let hits = get_json(addr, "/api/search?limit=1000");
    let total = hits["total"].as_u64().expect("total");
    assert_eq!(total, 19);
    let second = get_json(addr, "/api/search?offset=5&limit=5");
    assert_eq!(second["total"], 19);
    assert_eq!(second["hits"].as_array().map(Vec::len), Some(5));
    assert_eq!(second["hits"][0]["id"], hits["hits"][5]["id"]);

    for (path, message) in [
        (
            "/api/timeline?limit=0",
            "`limit` must be from 1 to 1000, not 0",
        ),
        ("/api/timeline?limit=5000", "`limit` must be from 1 to 1000"),
        ("/api/timeline?offset=-1", "offset"),
        ("/api/timeline?ui_lang=xx", "`ui_lang`"),
        ("/api/search?offset=20000", "`offset` must be at most 9000"),
    ] {
        let r = client::get(addr, path).expect("request");
        assert_eq!(r.status, 400, "{path}: {}", r.text());
        let body = r.json().expect("JSON error");
        let got = body["error"]["message"].as_str().unwrap_or_default();
        assert!(got.contains(message), "{path}: {got}");
    }
}
