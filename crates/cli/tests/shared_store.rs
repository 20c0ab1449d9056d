//! The shared store: every store command on PostgreSQL (`--store
//! postgres://…` or `FILROUGE_STORE`) answers as on the embedded store.
//! Needs the test server (`scripts/services start`); skips without it,
//! saying so, except in CI where it fails.

mod common;

use common::{filrouge, filrouge_env, stderr, stdout};
use filrouge::store::testing::TestDatabase;

const AS_OF: &str = "2026-11-30";

/// `filrouge ARGS --store STORE` with this machine's index folder for a
/// shared store kept apart per test.
fn run(args: &[&str], store: &str, cache: &std::path::Path) -> std::process::Output {
    let mut all = args.to_vec();
    all.extend(["--store", store]);
    let cache = cache.to_str().expect("UTF-8 temp path");
    filrouge_env(&all, &[("XDG_CACHE_HOME", cache)])
}

fn ok(out: std::process::Output) -> String {
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn every_store_command_answers_as_on_the_embedded_store() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let cache = tempfile::tempdir().expect("temp dir");
    let folder = tempfile::tempdir().expect("temp dir");
    let embedded = folder.path().to_str().expect("UTF-8 temp path");
    for store in [embedded, db.url()] {
        ok(run(
            &["ingest", "examples/corpus", "--as-of", AS_OF, "--quiet"],
            store,
            cache.path(),
        ));
    }
    let commands: &[&[&str]] = &[
        &["docs", "--json", "--limit", "1000"],
        &["timeline", "--as-of", AS_OF, "--format", "json"],
        &["stories", "--as-of", AS_OF],
        &["entities", "--as-of", AS_OF],
        &["quotes", "--as-of", AS_OF],
        &["search", "accord", "--json"],
    ];
    for args in commands {
        let here = ok(run(args, embedded, cache.path()));
        let there = ok(run(args, db.url(), cache.path()));
        assert!(!here.trim().is_empty(), "{args:?} printed nothing");
        assert_eq!(here, there, "{args:?} differs between the two stores");
    }
    let id = ok(run(
        &["docs", "--json", "--limit", "1"],
        db.url(),
        cache.path(),
    ));
    let id: serde_json::Value =
        serde_json::from_str(id.lines().next().expect("a line")).expect("JSON");
    let id = id["id"].as_str().expect("an id");
    let shown = ok(run(&["show", &id[..8]], db.url(), cache.path()));
    assert_eq!(shown, ok(run(&["show", &id[..8]], embedded, cache.path())));
}

#[test]
fn the_store_can_come_from_the_environment_and_ingesting_twice_stores_nothing_twice() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let cache = tempfile::tempdir().expect("temp dir");
    let env = [
        ("FILROUGE_STORE", db.url()),
        ("XDG_CACHE_HOME", cache.path().to_str().expect("UTF-8")),
    ];
    for expected_stored in [19, 0] {
        let out = filrouge_env(&["ingest", "examples/corpus", "--json", "--quiet"], &env);
        let summary: serde_json::Value =
            serde_json::from_str(stdout(&out).trim()).expect("a JSON summary");
        assert_eq!(summary["stored"], expected_stored, "{summary}");
    }
    let listed = filrouge_env(&["docs", "--json", "--limit", "1000"], &env);
    assert_eq!(stdout(&listed).lines().count(), 19);
}

#[test]
fn a_database_without_a_store_is_refused_by_readers_and_never_shows_a_password() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let with_password = db.url().replacen("filrouge@", "filrouge:pw-not-shown@", 1);
    for command in ["docs", "timeline"] {
        let out = filrouge(&[command, "--store", &with_password]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains("no store at postgres://"), "{err}");
        assert!(!err.contains("pw-not-shown"), "{err}");
    }
    let out = filrouge(&[
        "docs",
        "--store",
        "postgres://nobody@127.0.0.1:9/none?connect_timeout=2",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot reach PostgreSQL"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn concurrent_ingests_into_one_shared_store_store_each_document_once() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let cache = tempfile::tempdir().expect("temp dir");
    let cache_dir = cache.path().to_str().expect("UTF-8").to_string();
    // Two processes at once, overlapping inputs: one index folder on this
    // machine, which only one of them can hold.
    let ingests: Vec<_> = [
        ["examples/corpus/fr", "examples/corpus/feeds"],
        ["examples/corpus", "examples/corpus/en"],
    ]
    .into_iter()
    .map(|inputs| {
        let url = db.url().to_string();
        let cache = cache_dir.clone();
        std::thread::spawn(move || {
            let mut args = vec!["ingest"];
            args.extend(inputs);
            args.extend(["--store", &url, "--quiet", "--as-of", AS_OF]);
            filrouge_env(&args, &[("XDG_CACHE_HOME", &cache)])
        })
    })
    .collect();
    for i in ingests {
        let out = i.join().expect("ingest");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let listed = run(
        &["docs", "--json", "--limit", "1000"],
        db.url(),
        cache.path(),
    );
    let ids: std::collections::BTreeSet<String> = stdout(&listed)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON")["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 19);
    assert_eq!(stdout(&listed).lines().count(), 19, "nothing stored twice");
    // Search caught its index up with what the other process stored.
    let hits = ok(run(&["search", "Lisène", "--json"], db.url(), cache.path()));
    assert!(!hits.trim().is_empty());
}

#[test]
fn an_embedded_store_copied_to_the_shared_store_answers_the_same() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let cache = tempfile::tempdir().expect("temp dir");
    let folder = tempfile::tempdir().expect("temp dir");
    let embedded = folder.path().to_str().expect("UTF-8 temp path");
    ok(run(
        &["ingest", "examples/corpus", "--as-of", AS_OF, "--quiet"],
        embedded,
        cache.path(),
    ));
    for stored in [19, 0] {
        let out = ok(run(
            &["copy", "--from", embedded, "--json"],
            db.url(),
            cache.path(),
        ));
        let report: serde_json::Value = serde_json::from_str(out.trim()).expect("JSON");
        assert_eq!(report["read"], 19, "{report}");
        assert_eq!(report["stored"], stored, "{report}");
    }
    let timeline = ["timeline", "--as-of", AS_OF, "--format", "json"];
    assert_eq!(
        ok(run(&timeline, embedded, cache.path())),
        ok(run(&timeline, db.url(), cache.path()))
    );
    let search = ["search", "Valorex", "--json"];
    assert_eq!(
        ok(run(&search, embedded, cache.path())),
        ok(run(&search, db.url(), cache.path()))
    );
}

/// A server on a shared store shows what another machine stored meanwhile:
/// in its timeline and in its search, which it indexes itself.
#[test]
fn a_server_on_the_shared_store_sees_and_indexes_what_others_store() {
    use std::io::BufRead;
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let (here, there, server_cache) = (
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
    );
    ok(run(
        &["ingest", "examples/corpus/fr", "--quiet"],
        db.url(),
        here.path(),
    ));
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .args(["serve", "--store", db.url(), "--bind", "127.0.0.1:0"])
        .env("XDG_CACHE_HOME", server_cache.path())
        .current_dir(common::root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("serve starts");
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the serving line");
    let addr: std::net::SocketAddr = line
        .trim()
        .rsplit("http://")
        .next()
        .and_then(|rest| rest.split('/').next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("an address in {line:?}"));
    let get = |path: &str| {
        filrouge_serve::client::get_within(addr, path, std::time::Duration::from_secs(60))
            .expect("an answer")
            .json()
            .expect("JSON")
    };
    let english = "/api/search?q=chemical";
    assert_eq!(get(english)["hits"].as_array().map_or(0, Vec::len), 0);
    // Another machine (its own index folder) stores English articles.
    ok(run(
        &["ingest", "examples/corpus/en", "--quiet"],
        db.url(),
        there.path(),
    ));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut hits = 0;
    while std::time::Instant::now() < deadline {
        hits = get(english)["hits"].as_array().map_or(0, Vec::len);
        if hits > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let status = get("/api/status");
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        hits > 0,
        "the server never indexed the other machine's articles"
    );
    assert_eq!(status["documents"], 8, "{status}");
    assert_eq!(status["indexed"], 8, "{status}");
}
