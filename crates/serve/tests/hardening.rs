//! Issue 14, the server's findings, each reproduced over a real loopback
//! socket against a real store: no post, request or client may stop the
//! server or take its resources.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::{examples_store, get_json, options, start};
use filrouge_serve::{client, WRITE_HEADER};

fn post(addr: SocketAddr, headers: &[(&str, &str)], body: &[u8]) -> client::Response {
    client::request(addr, "POST", "/api/documents", headers, body).expect("post")
}

/// `/api/status` answers 200, now.
fn alive(addr: SocketAddr) -> serde_json::Value {
    get_json(addr, "/api/status")
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("in-memory write");
    enc.finish().expect("in-memory gzip")
}

/// A WARC response record holding `html`.
fn warc_record(n: usize, html: &str) -> Vec<u8> {
    let block = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{n}>\r\nWARC-Date: 2025-10-14T08:00:00Z\r\nWARC-Target-URI: http://a.example/{n}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block.as_bytes());
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn writable_server() -> (tempfile::TempDir, common::Server) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = options(dir.path());
    opts.allow_writes = true;
    let server = start(opts);
    (dir, server)
}

#[test]
fn finding_1_deeply_nested_html_post_does_not_kill_the_server() {
    let (_dir, server) = writable_server();
    let deep = "<b>".repeat(7000);
    let r = post(
        server.addr,
        &[("Content-Type", "text/html")],
        deep.as_bytes(),
    );
    assert!(
        r.status < 500 || r.status == 503,
        "{} {}",
        r.status,
        r.text()
    );
    alive(server.addr);
    // Deeper still, within the body limit.
    let deeper = "<div>".repeat(100_000);
    let _ = post(
        server.addr,
        &[("Content-Type", "text/html")],
        deeper.as_bytes(),
    );
    alive(server.addr);
}

#[test]
fn finding_1_gzipped_warc_sent_as_text_plain_does_not_kill_the_server() {
    let (_dir, server) = writable_server();
    let page = format!("<html><body>{}</body></html>", "<b>".repeat(7000));
    let body = gzip(&warc_record(1, &page));
    assert!(body.len() < 1024, "{}", body.len());
    let _ = post(
        server.addr,
        &[("Content-Type", "text/plain"), (WRITE_HEADER, "1")],
        &body,
    );
    alive(server.addr);
}

#[test]
fn finding_5_a_post_past_its_time_budget_is_refused_and_reads_go_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = options(dir.path());
    opts.allow_writes = true;
    opts.post_timeout = Duration::from_millis(300);
    opts.max_body = 8 << 20;
    let server = start(opts);
    // A long page: slow to read and analyse. (Not a tag with thousands of
    // attributes: the reader drops those past 128 before parsing now.)
    let mut page = String::from("<html><body><article>");
    for i in 0..20_000 {
        page.push_str(&format!(
            "<p>Le {} octobre 2025, Jean Dupont a signé l'accord {i} à Lyon.</p>",
            i % 28 + 1
        ));
    }
    page.push_str("</article></body></html>");
    let started = Instant::now();
    let r = post(
        server.addr,
        &[("Content-Type", "text/html")],
        page.as_bytes(),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(started.elapsed() < Duration::from_secs(20));
    let t = Instant::now();
    alive(server.addr);
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
}

#[test]
fn finding_6_max_body_counts_decompressed_bytes_and_records() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = options(dir.path());
    opts.allow_writes = true;
    opts.max_records = 10;
    opts.max_body = 64 * 1024;
    let server = start(opts);
    let write = [("Content-Type", "text/plain"), (WRITE_HEADER, "1")];
    // Many tiny responses in a small gzipped WARC: the record cap.
    let mut warc = Vec::new();
    for n in 0..50 {
        let page = format!("<html><body><p>Article {n} : la digue a cédé mardi.</p></body></html>");
        warc.extend(warc_record(n, &page));
    }
    let r = post(server.addr, &write, &gzip(&warc));
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("--max-records"), "{}", r.text());
    // One text far over the limit once decompressed, small compressed.
    let text = "La digue a cédé mardi matin à Kerlouan. ".repeat(20_000);
    let small = gzip(text.as_bytes());
    assert!(small.len() < 64 * 1024);
    let r = post(server.addr, &write, &small);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(alive(server.addr)["documents"], 0);
    // Under both limits: stored.
    let r = post(
        server.addr,
        &write,
        &gzip(&warc_record(
            1,
            "<html><body><p>Un article sur la digue de Kerlouan.</p></body></html>",
        )),
    );
    assert_eq!(r.status, 201, "{}", r.text());
}

#[test]
fn finding_3_as_of_snaps_to_the_day_and_distinct_dates_are_capped() {
    let store = examples_store();
    let mut opts = options(store.path());
    opts.max_dates = 3;
    opts.rate_limit = 0;
    let server = start(opts);
    let addr = server.addr;
    // Today's date (the default) holds one place.
    let today = client::get(addr, "/api/timeline").expect("timeline");
    assert_eq!(today.status, 200, "{}", today.text());
    let day = client::get(addr, "/api/timeline?as_of=2032-01-01").expect("timeline");
    assert_eq!(day.status, 200, "{}", day.text());
    let timed = client::get(addr, "/api/timeline?as_of=2032-01-01T23:59:59Z").expect("timeline");
    assert_eq!(timed.body, day.body);
    let bad = client::get(addr, "/api/timeline?as_of=2032-01-01Tnonsense").expect("timeline");
    assert_eq!(bad.status, 400);
    let second = client::get(addr, "/api/timeline?as_of=2032-01-02").expect("timeline");
    assert_eq!(second.status, 200, "{}", second.text());
    // Another date while all three are held and freshly asked: 503, come back.
    for path in [
        "/api/timeline?as_of=2032-01-03",
        "/api/events/0123abcd-1?as_of=2032-01-04",
    ] {
        let r = client::get(addr, path).expect("request");
        assert_eq!(r.status, 503, "{path}: {}", r.text());
        assert!(r.header("retry-after").is_some(), "{path}");
    }
    // Held dates still answer.
    let again = client::get(addr, "/api/timeline?as_of=2032-01-02").expect("timeline");
    assert_eq!(again.status, 200);
    alive(addr);
}

#[test]
fn finding_4_cross_origin_and_text_plain_writes_are_refused() {
    let (_dir, server) = writable_server();
    let addr = server.addr;
    let host = addr.to_string();
    let own = format!("http://{host}");
    let text = b"La digue a c\xc3\xa9d\xc3\xa9 mardi.";
    let cases: [(&[(&str, &str)], u16); 6] = [
        // A page elsewhere, with a type it may send without a preflight.
        (
            &[
                ("Origin", "http://evil.example"),
                ("Content-Type", "text/plain"),
            ],
            403,
        ),
        // Even with the custom header (a browser would have asked first).
        (
            &[
                ("Origin", "http://evil.example"),
                ("Content-Type", "text/plain"),
                (WRITE_HEADER, "1"),
            ],
            403,
        ),
        (
            &[
                ("Sec-Fetch-Site", "cross-site"),
                ("Content-Type", "application/json"),
            ],
            403,
        ),
        // No origin (curl), text/plain without the header.
        (&[("Content-Type", "text/plain")], 403),
        (
            &[("Content-Type", "application/x-www-form-urlencoded")],
            415,
        ),
        (&[("Content-Type", "multipart/form-data; boundary=x")], 415),
    ];
    for (headers, status) in cases {
        let r = post(addr, headers, text);
        assert_eq!(r.status, status, "{headers:?}: {}", r.text());
    }
    assert_eq!(alive(addr)["documents"], 0);
    // The server's own page, and curl with the header.
    let r = post(
        addr,
        &[("Origin", own.as_str()), ("Content-Type", "text/html")],
        b"<p>La digue a c\xc3\xa9d\xc3\xa9 mardi matin.</p>",
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let r = post(
        addr,
        &[("Content-Type", "text/plain"), (WRITE_HEADER, "1")],
        text,
    );
    assert_eq!(r.status, 201, "{}", r.text());
}

/// A GET with the given `Host` header, over a raw socket.
fn get_with_host(addr: SocketAddr, path: &str, host: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    let status = raw
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, raw)
}

#[test]
fn finding_4_foreign_host_names_are_refused_on_every_route() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = options(dir.path());
    opts.allowed_hosts = vec!["news.example".into()];
    let server = start(opts);
    let addr = server.addr;
    let port = addr.port();
    for path in ["/", "/api/status", "/api/timeline", "/api/nothing"] {
        let (status, raw) = get_with_host(addr, path, &format!("rebound.example:{port}"));
        assert_eq!(status, 403, "{path}: {raw}");
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("news.example:{port}"),
        "NEWS.example".to_string(),
    ] {
        let (status, raw) = get_with_host(addr, "/api/status", &host);
        assert_eq!(status, 200, "{host}: {raw}");
    }
}

#[test]
fn finding_9_internal_errors_do_not_show_filesystem_paths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = start(options(dir.path()));
    // The store breaks under the server (another program drops a table).
    let db = rusqlite::Connection::open(dir.path().join("filrouge.sqlite")).expect("open");
    db.execute_batch("DROP TABLE documents").expect("drop");
    let r = client::get(server.addr, "/api/documents").expect("request");
    assert_eq!(r.status, 500, "{}", r.text());
    let body = r.text();
    let path = dir.path().to_string_lossy().to_string();
    assert!(!body.contains(&path), "{body}");
    assert!(
        !body.contains("filrouge.sqlite") && !body.contains("/tmp"),
        "{body}"
    );
    assert!(body.contains("internal error E"), "{body}");
}

#[test]
fn finding_10_offset_overflow_is_refused_not_wrapped() {
    let store = examples_store();
    let server = start(options(store.path()));
    for path in [
        "/api/documents?offset=18446744073709551615",
        "/api/documents?offset=9223372036854775808",
        "/api/documents?offset=18446744073709551616",
        "/api/documents?limit=18446744073709551616",
        "/api/entities?offset=18446744073709551615",
    ] {
        let r = client::get(server.addr, path).expect("request");
        assert_eq!(r.status, 400, "{path}: {}", r.text());
    }
    let last = get_json(server.addr, "/api/documents?offset=9223372036854775807");
    assert_eq!(last["documents"].as_array().map(Vec::len), Some(0));
}

#[test]
fn finding_8_idle_and_half_sent_connections_are_closed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = options(dir.path());
    opts.header_timeout = Duration::from_millis(500);
    let server = start(opts);
    let idle = TcpStream::connect(server.addr).expect("connect");
    let mut half = TcpStream::connect(server.addr).expect("connect");
    half.write_all(b"GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .expect("send half a head");
    // A kept-alive connection after one answer.
    let mut kept = TcpStream::connect(server.addr).expect("connect");
    kept.write_all(b"GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    let started = Instant::now();
    for mut s in [idle, half, kept] {
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut sink = Vec::new();
        // Ends (EOF or reset) well before the client's own timeout.
        let _ = s.read_to_end(&mut sink);
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn finding_8_connections_past_the_cap_make_room() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = options(dir.path());
    opts.max_connections = 16;
    let server = start(opts);
    let idle: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect(server.addr).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..5 {
        let t = Instant::now();
        alive(server.addr);
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    }
    drop(idle);
}

#[test]
fn expensive_routes_are_rate_limited_per_client() {
    let store = examples_store();
    let mut opts = options(store.path());
    opts.rate_limit = 3;
    let server = start(opts);
    for _ in 0..3 {
        let r = client::get(server.addr, "/api/search?q=digue").expect("search");
        assert_eq!(r.status, 200, "{}", r.text());
    }
    let r = client::get(server.addr, "/api/timeline?as_of=2025-12-31").expect("timeline");
    assert_eq!(r.status, 429, "{}", r.text());
    assert!(r.header("retry-after").is_some());
    // Cheap routes are not counted.
    alive(server.addr);
    get_json(server.addr, "/api/documents?limit=1");
}
