//! The page in headless Chromium, driven over WebDriver (`chromedriver`,
//! Debian's `chromium-driver`) with the crate's own small HTTP client: it
//! loads the timeline of `examples/corpus`, opens an event, checks the
//! sources shown against the API, takes a screenshot, and checks that an
//! article holding `<script>` shows it as text without running it; and the
//! timeline's own HTML output, opened from a file, shows every event; and
//! the address is the view: a deep link reopens an event, filters survive
//! a reload, a search hit opens its article marked, no more than a page of
//! events is listed, month and year events are spans, the words follow the
//! language switch, and no file path or entity id shows.
//! Skips with a message when chromedriver is absent; fails under `CI`.

mod common;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use filrouge_serve::client;
use serde_json::{json, Value};

/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn chromedriver() -> Option<std::path::PathBuf> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
}

/// Chromedriver's path; `None`, with a message, when it is absent (a
/// failure under `CI`).
fn chromedriver_or_skip() -> Option<std::path::PathBuf> {
    let found = chromedriver();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromedriver is missing (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipped: chromedriver is absent (apt-get install chromium chromium-driver)");
    }
    found
}

/// A WebDriver session; quits and stops chromedriver when dropped.
struct Driver {
    addr: SocketAddr,
    session: String,
    process: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = client::request(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
            &[],
        );
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Driver {
    fn start(binary: &std::path::Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let process = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        while client::get(addr, "/status").is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1000"]
        }}}});
        let mut driver = Driver {
            addr,
            session: String::new(),
            process,
        };
        let v = driver.call("POST", "/session", caps);
        driver.session = v["sessionId"].as_str().expect("session id").to_string();
        driver
    }

    /// One WebDriver command; returns its `value`.
    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let path = if path == "/session" {
            path.to_string()
        } else {
            format!("/session/{}{path}", self.session)
        };
        let body = if method == "GET" {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let r = client::request(
            self.addr,
            method,
            &path,
            &[("Content-Type", "application/json")],
            &body,
        )
        .expect("webdriver request");
        let v: Value = r.json().expect("webdriver JSON");
        assert_eq!(r.status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn script(&self, js: &str) -> Value {
        self.call("POST", "/execute/sync", json!({"script": js, "args": []}))
    }

    /// Waits until `js` returns something truthy.
    fn wait_for(&self, js: &str, what: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let v = self.script(js);
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn click(&self, css: &str) {
        let el = self.call(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        let id = el[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element for {css}: {el}"))
            .to_string();
        self.call("POST", &format!("/element/{id}/click"), json!({}));
    }
}

/// Standard base64 (the screenshot), without a dependency for it.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn the_page_shows_the_timeline_and_an_events_sources() {
    let Some(binary) = chromedriver_or_skip() else {
        return;
    };
    let store = common::examples_store();
    let mut opts = common::options(store.path());
    opts.allow_writes = true;
    let server = common::start(opts);
    // An article that tries to run script, ingested like any other.
    let hostile = "Kerlouan, le 3 juin 2025. La préfète Isabelle Ternant a rencontré les pêcheurs \
        de Kerlouan mardi 3 juin 2025 à la mairie. \
        <script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\"> \
        La balise figure dans le texte de l'article.";
    let r = client::request(
        server.addr,
        "POST",
        "/api/documents",
        &[
            ("Content-Type", "text/plain"),
            (filrouge_serve::WRITE_HEADER, "1"),
        ],
        hostile.as_bytes(),
    )
    .expect("post");
    assert_eq!(r.status, 201, "{}", r.text());
    let api = common::get_json(server.addr, "/api/timeline");
    let first = &api["events"][0];
    let mut expected: Vec<String> = first["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["document"].as_str().expect("id").to_string())
        .collect();
    expected.sort();

    let driver = Driver::start(&binary);
    driver.call(
        "POST",
        "/url",
        json!({"url": format!("http://{}/", server.addr)}),
    );
    driver.wait_for(
        "return document.body.dataset.timeline === 'ready'",
        "the timeline",
    );
    let shown = driver.script("return document.querySelectorAll('#events li').length");
    assert_eq!(shown, json!(api["events"].as_array().map(Vec::len)));
    // Each event on the axis: a dot for a day, a span for a month or year.
    let marks = driver.script("return document.querySelectorAll('#axis .dot, #axis .span').length");
    assert_eq!(marks, shown);

    driver.click("#events li");
    driver.wait_for(
        "return document.querySelector('#event .source .article[data-loaded]') !== null",
        "the first source's article",
    );
    let heading = driver.script("return document.querySelector('#event h2').textContent");
    assert!(
        heading
            .as_str()
            .is_some_and(|h| h.contains(first["headline"].as_str().unwrap_or("?"))),
        "{heading}"
    );
    let mut sources: Vec<String> = driver
        .script(
            "return [...document.querySelectorAll('#event .source')].map(s => s.dataset.document)",
        )
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    sources.sort();
    assert_eq!(sources, expected);
    // The supporting sentences are marked inside the article.
    let marks = driver.script(
        "return [...document.querySelectorAll('#event .article[data-loaded] mark')].map(m => m.textContent)",
    );
    let first_sentence = first["sources"][0]["sentences"][0]["text"]
        .as_str()
        .expect("sentence");
    assert!(
        marks
            .as_array()
            .is_some_and(|m| m.iter().any(|x| x == first_sentence)),
        "{marks} lacks {first_sentence}"
    );
    check_source_cards(&driver, first);
    // And an event one of whose sources has an address, linked.
    let (i, linked) = api["events"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .find(|(_, e)| {
            e["sources"]
                .as_array()
                .is_some_and(|s| s.iter().any(|s| s["url"].is_string()))
        })
        .expect("an event with a source that has an address");
    driver.script(&format!(
        "document.querySelector('#events li:nth-child({})').click(); return true",
        i + 1
    ));
    driver.wait_for(
        &format!(
            "return document.querySelector('#event').dataset.key === '{}'",
            linked["key"].as_str().unwrap_or_default()
        ),
        "the event with a linked source",
    );
    check_source_cards(&driver, linked);
    let export = driver.script("return document.querySelector('#export-html').href");
    assert!(
        export.as_str().is_some_and(|h| h.contains("format=html")),
        "{export}"
    );
    let png = base64_decode(
        driver
            .call("GET", "/screenshot", json!({}))
            .as_str()
            .expect("screenshot"),
    );
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    let shot = std::env::temp_dir().join("filrouge-serve-timeline.png");
    std::fs::write(&shot, &png).expect("write screenshot");
    eprintln!("screenshot: {}", shot.display());

    // Every event opened, then a search showing the hostile text: the
    // markup is text on the page and never ran.
    let n = api["events"].as_array().map_or(0, Vec::len);
    for i in 1..=n {
        driver.script(&format!(
            "document.querySelector('#events li:nth-child({i})').click(); return true"
        ));
    }
    driver.call(
        "POST",
        "/url",
        json!({"url": format!("http://{}/#/search", server.addr)}),
    );
    driver.wait_for("return document.querySelector('#search-form') !== null && !document.querySelector('#view-search').hidden", "the search view");
    driver.script(
        "document.querySelector('#search-form input[name=q]').value = 'balise'; \
         document.querySelector('#search-form button').click(); return true",
    );
    let snippet = driver.wait_for(
        "const h = document.querySelector('#hits li .snippet'); return h && h.textContent",
        "the search hit",
    );
    assert!(
        snippet
            .as_str()
            .is_some_and(|s| s.contains("<script>") || s.contains("onerror=")),
        "{snippet}"
    );
    let title = driver.script("return document.title");
    assert_eq!(title, json!("filrouge"));
    let scripts = driver.script("return document.querySelectorAll('script').length");
    assert_eq!(scripts, json!(1));
    let images = driver.script("return document.querySelectorAll('img').length");
    assert_eq!(images, json!(0));
}

/// The opened event's source cards name each source as a reader does (its
/// publisher or file name, never a path), link to the original when it
/// has an address, and say the credited agency as "via".
fn check_source_cards(driver: &Driver, event: &Value) {
    let cards = driver.script(
        "return [...document.querySelectorAll('#event .source')].map(s => ({ \
           doc: s.dataset.document, \
           byline: s.querySelector('.source-byline').textContent, \
           link: (s.querySelector('a.source-link') || {}).href || null }))",
    );
    let cards = cards.as_array().expect("cards");
    let mut linked = 0;
    for source in event["sources"].as_array().expect("sources") {
        let card = cards
            .iter()
            .find(|c| c["doc"] == source["document"])
            .expect("a card per source");
        let byline = card["byline"].as_str().unwrap_or_default();
        assert!(!byline.contains('/'), "a path is shown: {byline}");
        if let Some(publisher) = source["publisher"].as_str() {
            assert!(byline.starts_with(publisher), "{byline} lacks {publisher}");
        }
        if let Some(credit) = source["credit"]
            .as_str()
            .filter(|c| source["publisher"] != *c)
        {
            assert!(byline.contains(&format!("via {credit}")), "{byline}");
        }
        if let Some(url) = source["url"].as_str() {
            assert_eq!(card["link"].as_str(), Some(url));
            linked += 1;
        }
    }
    let addressed = event["sources"]
        .as_array()
        .map_or(0, |s| s.iter().filter(|s| s["url"].is_string()).count());
    assert_eq!(linked, addressed, "every source with an address is linked");
}

/// `filrouge timeline --format html` is a page of its own: opened from a
/// file, with no server and nothing to fetch, it shows every event.
#[test]
fn the_timeline_s_html_output_opens_offline() {
    let Some(binary) = chromedriver_or_skip() else {
        return;
    };
    let store_dir = common::examples_store();
    let store = filrouge::store::Store::open(store_dir.path()).expect("store");
    let collection = filrouge::Collection::from_store(&store).expect("stored documents");
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("date");
    let mut options = filrouge::timeline::TimelineOptions::new(as_of);
    options.include_background = true;
    let timeline = collection.timeline(&options);
    assert!(!timeline.events.is_empty());
    let page = store_dir.path().join("timeline.html");
    std::fs::write(&page, filrouge::timeline::render::html(&timeline)).expect("write page");
    let driver = Driver::start(&binary);
    driver.call(
        "POST",
        "/url",
        json!({"url": format!("file://{}", page.display())}),
    );
    let shown = driver.wait_for(
        "return document.querySelectorAll('li.event').length",
        "the events",
    );
    assert_eq!(shown, json!(timeline.events.len()));
    // Nothing was fetched: the page is one document, no other resource.
    let fetched = driver.script("return performance.getEntriesByType('resource').length");
    assert_eq!(fetched, json!(0));
    // The first event's headline and date are there, as text, the date
    // as a person writes it and its ISO value in `datetime`.
    let first = driver.script("return document.querySelector('li.event').textContent");
    let first = first.as_str().unwrap_or_default();
    assert!(first.contains(&timeline.events[0].date_text), "{first}");
    let iso =
        driver.script("return document.querySelector('li.event time').getAttribute('datetime')");
    assert_eq!(iso, json!(timeline.events[0].date));
}

impl Driver {
    /// Loads `url` afresh (through a blank page, so that an address
    /// differing only after `#` is a new load, not a hash change) and
    /// waits until it shows view `view`.
    fn open(&self, url: &str, view: &str) {
        self.call("POST", "/url", json!({"url": "about:blank"}));
        self.call("POST", "/url", json!({ "url": url }));
        self.wait_for(
            &format!("return document.body.dataset.view === '{view}'"),
            url,
        );
    }

    /// Runs `js`, then waits until the page has shown view `view` again.
    fn then_view(&self, js: &str, view: &str) {
        self.script(&format!(
            "document.body.dataset.view = 'stale'; \
             window.onunhandledrejection = (e) => {{ document.body.dataset.error = String(e.reason); }}; \
             {js}; return true"
        ));
        let shown = format!("return document.body.dataset.view === '{view}'");
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.script(&shown) != json!(true) {
            assert!(
                Instant::now() < deadline,
                "view {view} after {js}: status {:?}, error {}, address {}",
                self.text("#status"),
                self.script("return document.body.dataset.error || null"),
                self.script("return location.hash"),
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn text(&self, css: &str) -> String {
        let v = self.script(&format!(
            "const n = document.querySelector('{css}'); return n ? n.textContent : null"
        ));
        v.as_str().unwrap_or_default().to_string()
    }
}

/// The page's visible text holds no file path and no internal entity id.
fn check_no_path_or_id(driver: &Driver, where_: &str) {
    let text = driver.script("return document.body.innerText");
    let text = text.as_str().unwrap_or_default();
    for id in ["PER:", "LOC:", "ORG:", "MISC:"] {
        assert!(!text.contains(id), "{where_}: an entity id shows: {text}");
    }
    for word in text.split_whitespace() {
        let path = word.contains('/')
            && [".txt", ".html", ".rss", ".json", ".jsonl", ".xml", "corpus"]
                .iter()
                .any(|x| word.contains(x));
        assert!(!path, "{where_}: a file path shows: {word}");
    }
}

#[test]
fn the_address_is_the_view_in_pages_and_in_two_languages() {
    let Some(binary) = chromedriver_or_skip() else {
        return;
    };
    let store = common::examples_store();
    let server = common::start(common::options(store.path()));
    let base = format!("http://{}/", server.addr);
    let all = common::get_json(
        server.addr,
        "/api/timeline?include_background=true&limit=1000&ui_lang=fr",
    );
    let events = all["events"].as_array().expect("events");
    assert!(events.len() > 6, "{}", events.len());
    let driver = Driver::start(&binary);

    // The words follow the switch, and <html lang> with them.
    driver.open(&base, "timeline");
    for (lang, word) in [("fr", "Frise"), ("en", "Timeline"), ("fr", "Frise")] {
        driver.then_view(
            &format!(
                "const s = document.querySelector('#ui-lang'); s.value = '{lang}'; \
                 s.dispatchEvent(new Event('change'))"
            ),
            "timeline",
        );
        let html_lang = driver.script("return document.documentElement.lang");
        assert_eq!(html_lang, json!(lang));
        assert_eq!(driver.text("#nav-timeline"), word);
    }

    // Never more than a page of events: five at a time, the next five
    // one click away, the address saying which.
    driver.open(
        &format!("{base}#/?include_background=true&limit=5"),
        "timeline",
    );
    let listed = |d: &Driver| {
        d.script("return [...document.querySelectorAll('#events li')].map(li => li.dataset.key)")
    };
    let keys: Vec<Value> = events.iter().map(|e| e["key"].clone()).collect();
    assert_eq!(listed(&driver), json!(keys[..5]));
    let on_axis = driver.script("return document.querySelectorAll('#axis button').length");
    assert_eq!(on_axis, json!(5));
    assert!(driver
        .text("#page-range")
        .contains(&events.len().to_string()));
    // The dates are French, as the API writes them.
    let date = driver.text("#events li .date");
    assert_eq!(date, events[0]["date_text"].as_str().unwrap_or_default());
    driver.then_view("document.querySelector('#page-next').click()", "timeline");
    assert_eq!(listed(&driver), json!(keys[5..10.min(keys.len())]));
    let hash = driver.script("return location.hash");
    assert!(
        hash.as_str().is_some_and(|h| h.contains("offset=5")),
        "{hash}"
    );
    // A month or a year is drawn as a span, a day as a dot.
    let spans = driver.script("return document.querySelectorAll('#axis .span').length");
    let broad = events[5..10.min(keys.len())]
        .iter()
        .filter(|e| e["precision"] != "day")
        .count();
    assert_eq!(spans, json!(broad));

    // The volume chart counts every selected event, not the page's: one
    // bar per bucket; a bar zooms to its dates (the address keeps them,
    // the first page of them), "all dates" zooms out.
    let volume = &all["volume"];
    let bars = volume["bars"].as_array().expect("bars");
    assert!(!bars.is_empty(), "{volume}");
    let drawn = driver.script("return document.querySelectorAll('#volume .bar').length");
    assert_eq!(drawn, json!(bars.len()));
    let busy = bars
        .iter()
        .find(|b| b["events"].as_u64() > Some(0))
        .expect("a bar with events");
    let (from, to) = (
        busy["start"].as_str().expect("start"),
        busy["end"].as_str().expect("end"),
    );
    driver.then_view(
        &format!("document.querySelector('#volume .bar[data-start=\"{from}\"]').click()"),
        "timeline",
    );
    let hash = driver.script("return location.hash");
    assert!(
        hash.as_str()
            .is_some_and(|h| h.contains(&format!("from={from}"))
                && h.contains(&format!("to={to}"))
                && !h.contains("offset=")),
        "{hash}"
    );
    let zoomed = common::get_json(
        server.addr,
        &format!("/api/timeline?include_background=true&limit=5&from={from}&to={to}"),
    );
    let zoomed_keys: Vec<Value> = zoomed["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["key"].clone())
        .collect();
    assert_eq!(listed(&driver), json!(zoomed_keys));
    assert_eq!(
        driver.script("return document.querySelector('#volume-reset').hidden"),
        json!(false)
    );
    driver.then_view(
        "document.querySelector('#volume-reset').click()",
        "timeline",
    );
    let hash = driver.script("return location.hash");
    assert!(
        hash.as_str().is_some_and(|h| !h.contains("from=")),
        "{hash}"
    );
    assert_eq!(listed(&driver), json!(keys[..5]));

    // A deep link to an event (here one of another page) reopens it.
    let far = &events[events.len() - 1];
    let key = far["key"].as_str().expect("key");
    driver.open(
        &format!("{base}#/events/{key}?include_background=true&limit=5"),
        "timeline",
    );
    driver.wait_for(
        &format!("return document.querySelector('#event').dataset.key === '{key}'"),
        "the deep-linked event",
    );
    let heading = driver.text("#event h2");
    assert!(
        heading.contains(far["headline"].as_str().unwrap_or("?")),
        "{heading}"
    );
    assert!(driver.script("return document.querySelectorAll('#events li').length") == json!(5));
    check_no_path_or_id(&driver, "an event");
    // Opening an event from the list puts it in the address.
    driver.then_view("document.querySelector('#events li a').click()", "timeline");
    let hash = driver.script("return location.hash");
    let first = keys[0].as_str().unwrap_or_default();
    assert!(
        hash.as_str()
            .is_some_and(|h| h.starts_with(&format!("#/events/{first}?"))),
        "{hash}"
    );

    // Filters survive a reload.
    driver.open(&base, "timeline");
    let filtered = common::get_json(
        server.addr,
        "/api/timeline?entity=Carvallo&include_background=true",
    );
    driver.then_view(
        "document.querySelector('#filters input[name=entity]').value = 'Carvallo'; \
         document.querySelector('#filters input[name=include_background]').checked = true; \
         document.querySelector('#filters button[type=submit]').click()",
        "timeline",
    );
    driver.then_view("location.reload()", "timeline");
    let kept = driver.script(
        "return [document.querySelector('#filters input[name=entity]').value, \
         document.querySelector('#filters input[name=include_background]').checked, \
         document.querySelectorAll('#events li').length]",
    );
    assert_eq!(
        kept,
        json!([
            "Carvallo",
            true,
            filtered["events"].as_array().map(Vec::len)
        ])
    );

    // A search hit opens its article, the matching sentences marked.
    driver.open(&format!("{base}#/search?q=negociations"), "search");
    assert!(driver.text("#hits li .snippet").contains("négociation"));
    check_no_path_or_id(&driver, "the search");
    driver.then_view("document.querySelector('#hits li a').click()", "article");
    let marks = driver.wait_for(
        "return [...document.querySelectorAll('#article .article[data-loaded] mark')].map(m => m.textContent)",
        "the marked sentences",
    );
    let marks = marks.as_array().expect("marks");
    assert!(!marks.is_empty());
    assert!(
        marks.iter().all(|m| m
            .as_str()
            .is_some_and(|m| m.to_lowercase().contains("négoci"))),
        "{marks:?}"
    );
    check_no_path_or_id(&driver, "an article");

    // The stories, each opening its timeline.
    driver.open(&format!("{base}#/stories"), "stories");
    check_no_path_or_id(&driver, "the stories");
    driver.then_view(
        "document.querySelector('#stories li a').click()",
        "timeline",
    );
    let story = driver.script("return location.hash");
    assert!(
        story.as_str().is_some_and(|h| h.contains("story=")),
        "{story}"
    );
    assert!(!driver.text("#story-heading").is_empty());

    // A name's page: its events open on the timeline.
    driver.open(
        &format!("{base}#/entities/H%C3%A9l%C3%A8ne%20Carvallo"),
        "entities",
    );
    check_no_path_or_id(&driver, "a name's page");
    driver.then_view(
        "document.querySelector('#entity .entity-events a').click()",
        "timeline",
    );
    driver.wait_for(
        "return document.querySelector('#event').dataset.key",
        "the name's event",
    );
}

/// axe-core's script, from `FILROUGE_AXE` (a path to `axe.min.js`: `.ci/run`
/// installs axe-core from the npm registry); `None` with a message when
/// unset, a failure under `CI`.
fn axe_or_skip() -> Option<String> {
    let Some(path) = std::env::var_os("FILROUGE_AXE") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs the accessibility audit: FILROUGE_AXE is not set (npm install axe-core; FILROUGE_AXE=node_modules/axe-core/axe.min.js)"
        );
        eprintln!("skipped: FILROUGE_AXE is not set (npm install axe-core, then FILROUGE_AXE=…/axe.min.js)");
        return None;
    };
    Some(
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.to_string_lossy())),
    )
}

impl Driver {
    /// axe-core's audit of the page as it is (WCAG 2.x A and AA rules):
    /// each violation as `rule (impact): nodes`.
    fn audit(&self, axe: &str) -> Vec<String> {
        self.script(&format!("if (!window.axe) {{ {axe} }} return true"));
        let result = self.call(
            "POST",
            "/execute/async",
            json!({
                "script": "const done = arguments[arguments.length - 1]; \
                           axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}) \
                             .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')))) \
                             .catch(e => done(['axe failed: ' + e]));",
                "args": []
            }),
        );
        result
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_else(|| vec![format!("no audit: {result}")])
    }
}

#[test]
fn every_view_passes_an_accessibility_audit() {
    let (Some(binary), Some(axe)) = (chromedriver_or_skip(), axe_or_skip()) else {
        return;
    };
    let store = common::examples_store();
    let server = common::start(common::options(store.path()));
    let base = format!("http://{}/", server.addr);
    let all = common::get_json(
        server.addr,
        "/api/timeline?include_background=true&limit=1000",
    );
    let key = all["events"][0]["key"]
        .as_str()
        .expect("an event key")
        .to_string();
    let doc = all["events"][0]["sources"][0]["document"]
        .as_str()
        .expect("a source document")
        .to_string();
    let driver = Driver::start(&binary);
    let views = [
        (base.clone(), "timeline"),
        (
            format!("{base}#/events/{key}?include_background=true"),
            "timeline",
        ),
        (format!("{base}#/search?q=negociations"), "search"),
        (format!("{base}#/stories"), "stories"),
        (
            format!("{base}#/entities/H%C3%A9l%C3%A8ne%20Carvallo"),
            "entities",
        ),
        (format!("{base}#/documents/{doc}"), "article"),
    ];
    let mut found = Vec::new();
    for scheme in ["light", "dark"] {
        // The reader's system colour scheme, as Chromium's DevTools set it.
        driver.call(
            "POST",
            "/goog/cdp/execute",
            json!({"cmd": "Emulation.setEmulatedMedia", "params": {"features": [{"name": "prefers-color-scheme", "value": scheme}]}}),
        );
        for (url, view) in &views {
            driver.open(url, view);
            let background =
                driver.script("return getComputedStyle(document.body).backgroundColor");
            let red = background
                .as_str()
                .and_then(|c| c.trim_start_matches("rgb(").split(',').next())
                .and_then(|r| r.trim().parse::<u8>().ok());
            let dark = red.is_some_and(|r| r < 128);
            assert_eq!(
                dark,
                scheme == "dark",
                "{scheme} scheme, page background {background}"
            );
            for v in driver.audit(&axe) {
                found.push(format!("{scheme}, {url}: {v}"));
            }
            // The axis holds its dots and spans, however many share a day.
            let outside = driver.script(
                "const a = document.querySelector('#axis'); if (!a || !a.offsetParent) return 0; \
                 const top = a.getBoundingClientRect().top; \
                 return [...a.querySelectorAll('button')].filter(b => b.getBoundingClientRect().top < top).length",
            );
            assert_eq!(outside, json!(0), "{url}: axis marks above the axis");
            // A picture of each view, for the guide (docs/views/).
            let png = base64_decode(
                driver
                    .call("GET", "/screenshot", json!({}))
                    .as_str()
                    .unwrap_or_default(),
            );
            let shot = std::env::temp_dir().join(format!("filrouge-view-{scheme}-{view}.png"));
            std::fs::write(&shot, &png).expect("write screenshot");
        }
    }
    assert!(
        found.is_empty(),
        "accessibility violations:\n{}",
        found.join("\n")
    );
}
