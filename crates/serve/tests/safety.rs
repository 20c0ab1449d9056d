//! Safety: article text is data, writes are off unless enabled and need a
//! token beyond loopback, bodies are limited, and no request reaches a file.

mod common;

use common::{empty_store, get_json, options, start};
use filrouge_serve::{client, AppState, ServeError, WRITE_HEADER as WRITE};

const HOSTILE: &str = "La mairie de Kerlouan a publié un communiqué le 3 juin 2025.\n\n\
<script>document.title = 'pwned'</script><img src=x onerror=\"document.title='pwned'\"> \
Le texte continue après la balise.";

fn post(addr: std::net::SocketAddr, headers: &[(&str, &str)], body: &[u8]) -> client::Response {
    client::request(addr, "POST", "/api/documents", headers, body).expect("post")
}

#[test]
fn article_markup_is_returned_as_text() {
    let dir = empty_store();
    let mut opts = options(dir.path());
    opts.allow_writes = true;
    let server = start(opts);
    let r = post(
        server.addr,
        &[("Content-Type", "text/plain"), (WRITE, "1")],
        HOSTILE.as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json().expect("JSON")["ids"][0]
        .as_str()
        .expect("id")
        .to_string();
    let doc = client::get(server.addr, &format!("/api/documents/{id}")).expect("get");
    assert_eq!(doc.status, 200);
    // JSON, never HTML, and the browser may not guess otherwise.
    assert_eq!(doc.header("content-type"), Some("application/json"));
    assert_eq!(doc.header("x-content-type-options"), Some("nosniff"));
    let text = doc.json().expect("JSON")["text"]
        .as_str()
        .expect("text")
        .to_string();
    // The markup is kept as the words of the article, not dropped or run.
    assert!(text.contains("<script>document.title"), "{text}");
    // The page never puts article text through innerHTML (checked in the
    // unit tests too), and its policy forbids inline script outright.
    let page = client::get(server.addr, "/").expect("page");
    let csp = page.header("content-security-policy").expect("CSP");
    assert!(!csp.contains("unsafe-inline"));
}

#[test]
fn writes_are_off_unless_enabled() {
    let dir = empty_store();
    let server = start(options(dir.path()));
    let r = post(
        server.addr,
        &[("Content-Type", "text/plain"), (WRITE, "1")],
        b"Un texte.",
    );
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(r.json().expect("JSON")["error"]["status"], 403);
    assert_eq!(get_json(server.addr, "/api/status")["documents"], 0);
}

#[test]
fn a_token_is_required_beyond_loopback() {
    let dir = empty_store();
    let mut opts = options(dir.path());
    opts.bind = "0.0.0.0:0".parse().expect("address");
    opts.allow_writes = true;
    assert!(matches!(
        AppState::open(&opts),
        Err(ServeError::TokenRequired(_))
    ));
    opts.token = Some(String::new());
    assert!(matches!(AppState::open(&opts), Err(ServeError::EmptyToken)));
    opts.token = Some("s3cret-t0ken".into());
    let server = start(opts);
    let text = [("Content-Type", "text/plain"), (WRITE, "1")];
    assert_eq!(post(server.addr, &text, b"Un texte.").status, 401);
    let wrong = [
        ("Content-Type", "text/plain"),
        (WRITE, "1"),
        ("Authorization", "Bearer s3cret-t0keN"),
    ];
    assert_eq!(post(server.addr, &wrong, b"Un texte.").status, 401);
    let right = [
        ("Content-Type", "text/plain"),
        (WRITE, "1"),
        ("Authorization", "Bearer s3cret-t0ken"),
    ];
    let r = post(server.addr, &right, b"Un texte court sur la digue.");
    assert_eq!(r.status, 201, "{}", r.text());
}

#[test]
fn bodies_are_limited_and_typed() {
    let dir = empty_store();
    let mut opts = options(dir.path());
    opts.allow_writes = true;
    opts.max_body = 1024;
    let server = start(opts);
    let big = "mot ".repeat(4096);
    let r = post(
        server.addr,
        &[("Content-Type", "text/plain"), (WRITE, "1")],
        big.as_bytes(),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    let r = post(
        server.addr,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"a=b",
    );
    assert_eq!(r.status, 415, "{}", r.text());
    let r = post(
        server.addr,
        &[("Content-Type", "application/json")],
        br#"{"text": "a", "html": "<p>b</p>"}"#,
    );
    assert_eq!(r.status, 400, "{}", r.text());
    let r = post(
        server.addr,
        &[("Content-Type", "application/json")],
        br#"{"text": "a", "path": "/etc/passwd"}"#,
    );
    assert_eq!(r.status, 400, "{}", r.text());
    let r = post(server.addr, &[("Content-Type", "application/json")], b"{");
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(get_json(server.addr, "/api/status")["documents"], 0);
}

#[test]
fn no_path_reaches_a_file() {
    let dir = empty_store();
    let server = start(options(dir.path()));
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/api/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/../../../etc/passwd",
        "/api/documents/%2e%2e",
        "/app.js/../../../../etc/passwd",
        "/api/openapi.json/..%2f..%2fCargo.toml",
        "/assets/app.js",
        "/Cargo.toml",
        "/filrouge.sqlite",
        "/index/FORMAT",
    ] {
        let r = client::get(server.addr, path).expect("request");
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: {} {}",
            r.status,
            r.text()
        );
        let body = r.text();
        assert!(
            !body.contains("root:") && !body.contains("[workspace]"),
            "{path}: {body}"
        );
    }
}
