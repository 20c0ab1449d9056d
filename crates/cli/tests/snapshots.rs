//! Whole outputs, kept: every `analyze`, `timeline` (each format and the
//! main filters), `entities`, `quotes`, `stories`, `duplicates`, store
//! command and API answer on `examples/corpus` and on the seeds must stay
//! byte for byte what `tests/snapshots/` holds, so that a refactor that
//! should change nothing is seen to change nothing.
//!
//! Outputs of the example corpus (text written for the project) are kept
//! whole in `tests/snapshots/examples/`, so a deliberate change shows as a
//! diff in review. Outputs of the seeds (`../shared/seeds`, articles
//! written by others, never copied here) are kept as their length and
//! BLAKE3 digest in `tests/snapshots/seeds/`.
//!
//! After a deliberate change: `FILROUGE_BLESS=1 cargo test -p filrouge-cli
//! --test snapshots`, then read the diff of `tests/snapshots/` before
//! committing it. A mismatch writes the new output beside the snapshot as
//! `<name>.new` (ignored by git) for comparison.

mod common;

use std::path::{Path, PathBuf};

use common::{filrouge, root, stderr};

/// The reference date of every run (fixed, so outputs do not age).
const AS_OF: &str = "2025-12-31";

/// How a snapshot is kept.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kept {
    /// The whole output (text of our own).
    Whole,
    /// Its length and BLAKE3 digest (output quoting others' text).
    Digest,
}

/// A set of snapshots under one folder, with the mismatches found.
struct Snapshots {
    dir: PathBuf,
    kept: Kept,
    bless: bool,
    mismatches: Vec<String>,
}

impl Snapshots {
    fn new(folder: &str, kept: Kept) -> Snapshots {
        let dir = root().join("crates/cli/tests/snapshots").join(folder);
        std::fs::create_dir_all(&dir).expect("snapshot folder");
        Snapshots {
            dir,
            kept,
            bless: std::env::var_os("FILROUGE_BLESS").is_some(),
            mismatches: Vec::new(),
        }
    }

    /// Compares `actual` with snapshot `name` (or writes it when blessing).
    fn check(&mut self, name: &str, actual: &[u8]) {
        let (path, expected_form) = match self.kept {
            Kept::Whole => (self.dir.join(name), actual.to_vec()),
            Kept::Digest => (
                self.dir.join(format!("{name}.digest")),
                format!("{} bytes, blake3 {}\n", actual.len(), blake3::hash(actual)).into_bytes(),
            ),
        };
        if self.bless {
            std::fs::write(&path, &expected_form).expect("write snapshot");
            return;
        }
        let new = path.with_file_name(format!(
            "{}.new",
            path.file_name().and_then(|n| n.to_str()).unwrap_or(name)
        ));
        match std::fs::read(&path) {
            Ok(kept) if kept == expected_form => {
                let _ = std::fs::remove_file(&new);
            }
            Ok(kept) => {
                std::fs::write(&new, actual).expect("write the new output");
                self.mismatches.push(format!(
                    "{name}: differs from {} ({}; new output in {})",
                    path.display(),
                    first_difference(&kept, &expected_form),
                    new.display()
                ));
            }
            Err(_) => self.mismatches.push(format!(
                "{name}: no snapshot at {} (FILROUGE_BLESS=1 writes it)",
                path.display()
            )),
        }
    }

    /// Runs `filrouge args` from the workspace root and checks its stdout.
    fn command(&mut self, name: &str, args: &[&str]) {
        let out = filrouge(args);
        assert!(out.status.success(), "filrouge {args:?}: {}", stderr(&out));
        self.check(name, &out.stdout);
    }

    fn finish(self) {
        assert!(
            self.mismatches.is_empty(),
            "{} output(s) changed:\n{}",
            self.mismatches.len(),
            self.mismatches.join("\n")
        );
    }
}

/// Where two byte strings first differ, as a line number.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let line = a[..at].iter().filter(|&&c| c == b'\n').count() + 1;
    format!(
        "first difference on line {line}, {} vs {} bytes",
        a.len(),
        b.len()
    )
}

/// The seeds folder as given to the binary (relative to the workspace
/// root, so origins do not depend on the checkout's place), or `None`
/// with a message when it is absent (a failure under CI).
fn seeds() -> Option<&'static str> {
    const SEEDS: &str = "../shared/seeds";
    if root().join(SEEDS).is_dir() {
        return Some(SEEDS);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {SEEDS} is missing"
    );
    eprintln!("skipping the seed snapshots: {SEEDS} not found");
    None
}

/// Every per-input command over `input` (a path relative to the root).
fn corpus_outputs(snaps: &mut Snapshots, input: &str, story: &str) {
    let base = [input, "--as-of", AS_OF];
    let with = |extra: &[&'static str]| -> Vec<&str> {
        base.iter().copied().chain(extra.iter().copied()).collect()
    };
    let analyze: Vec<&str> = ["analyze"]
        .into_iter()
        .chain(with(&["--no-tokens"]))
        .collect();
    snaps.command("analyze.jsonl", &analyze);
    for (format, ext) in [
        ("text", "txt"),
        ("markdown", "md"),
        ("json", "json"),
        ("html", "html"),
        ("timelinejs", "timelinejs.json"),
    ] {
        let args: Vec<&str> = ["timeline"]
            .into_iter()
            .chain(with(&["--format", format]))
            .collect();
        snaps.command(&format!("timeline.{ext}"), &args);
    }
    for (name, extra) in [
        (
            "timeline-background.json",
            &["--include-background", "--format", "json"][..],
        ),
        (
            "timeline-filters.md",
            &[
                "--from",
                "2025-01-01",
                "--lang",
                "fr",
                "--max-events",
                "3",
                "--sentences",
                "1",
                "--format",
                "markdown",
            ][..],
        ),
    ] {
        let args: Vec<&str> = ["timeline"].into_iter().chain(with(extra)).collect();
        snaps.command(name, &args);
    }
    let args: Vec<&str> = ["timeline"]
        .into_iter()
        .chain(with(&[]))
        .chain(["--story", story, "--format", "markdown"])
        .collect();
    snaps.command("timeline-story.md", &args);
    for (name, command, extra) in [
        ("entities.txt", "entities", &[][..]),
        ("entities.jsonl", "entities", &["--json"][..]),
        ("quotes.txt", "quotes", &[][..]),
        ("quotes.jsonl", "quotes", &["--json"][..]),
        ("stories.txt", "stories", &[][..]),
        ("stories.jsonl", "stories", &["--json"][..]),
        ("duplicates.txt", "duplicates", &[][..]),
        ("duplicates.jsonl", "duplicates", &["--json"][..]),
    ] {
        let args: Vec<&str> = [command].into_iter().chain(with(extra)).collect();
        snaps.command(name, &args);
    }
}

#[test]
fn example_corpus_outputs_are_unchanged() {
    let mut snaps = Snapshots::new("examples", Kept::Whole);
    corpus_outputs(&mut snaps, "examples/corpus", "1");
    // Tokens are many: their digest is enough.
    let mut tokens = Snapshots::new("examples", Kept::Digest);
    tokens.command(
        "analyze-tokens.jsonl",
        &["analyze", "examples/corpus", "--as-of", AS_OF],
    );
    snaps.finish();
    tokens.finish();
}

#[test]
fn example_entity_timelines_are_unchanged() {
    let mut snaps = Snapshots::new("examples", Kept::Whole);
    for (name, entity) in [
        ("timeline-entity-carvallo.json", "Carvallo"),
        ("timeline-entity-valorex.md", "Valorex"),
    ] {
        let format = if name.ends_with(".md") {
            "markdown"
        } else {
            "json"
        };
        snaps.command(
            name,
            &[
                "timeline",
                "examples/corpus",
                "--as-of",
                AS_OF,
                "--entity",
                entity,
                "--format",
                format,
            ],
        );
    }
    snaps.command(
        "timeline-query.md",
        &[
            "timeline",
            "examples/corpus",
            "--as-of",
            AS_OF,
            "--query",
            "accord",
            "--format",
            "markdown",
        ],
    );
    snaps.finish();
}

#[test]
fn seed_outputs_are_unchanged() {
    let Some(seeds) = seeds() else { return };
    let mut snaps = Snapshots::new("seeds", Kept::Digest);
    corpus_outputs(&mut snaps, seeds, "0");
    snaps.command(
        "analyze-tokens.jsonl",
        &["analyze", seeds, "--as-of", AS_OF],
    );
    for (name, entity) in [
        ("timeline-entity-poutine.json", "Poutine"),
        ("timeline-entity-ouchakov.json", "Ouchakov"),
    ] {
        snaps.command(
            name,
            &[
                "timeline", seeds, "--as-of", AS_OF, "--entity", entity, "--format", "json",
            ],
        );
    }
    snaps.finish();
}

/// A store made by `ingest` from `input`, in a temporary folder.
fn store_of(input: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().to_str().expect("UTF-8 temp path");
    let out = filrouge(&[
        "ingest", input, "--store", store, "--as-of", AS_OF, "--quiet",
    ]);
    assert!(out.status.success(), "ingest {input}: {}", stderr(&out));
    dir
}

/// The store commands over a store of `input`.
fn store_outputs(snaps: &mut Snapshots, store: &Path, story: &str) {
    let store = store.to_str().expect("UTF-8 temp path");
    snaps.command(
        "store-timeline.json",
        &[
            "timeline", "--store", store, "--as-of", AS_OF, "--format", "json",
        ],
    );
    snaps.command(
        "store-timeline-story.md",
        &[
            "timeline", "--store", store, "--as-of", AS_OF, "--story", story, "--format",
            "markdown",
        ],
    );
    snaps.command(
        "store-docs.jsonl",
        &["docs", "--store", store, "--json", "--limit", "1000"],
    );
    // Every stored document's `show` page, in ingestion order.
    let listed = filrouge(&["docs", "--store", store, "--json", "--limit", "1000"]);
    let mut pages = Vec::new();
    for line in String::from_utf8_lossy(&listed.stdout).lines() {
        let doc: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let id = doc["id"].as_str().expect("an id");
        let out = filrouge(&["show", id, "--store", store]);
        assert!(out.status.success(), "show {id}: {}", stderr(&out));
        pages.extend_from_slice(&out.stdout);
    }
    snaps.check("store-show.txt", &pages);
}

/// Answers of the API over a store, each as its body.
fn api_outputs(snaps: &mut Snapshots, store: &Path, entity: &str, words: &str, story: &str) {
    let server = Server::start(store);
    let get = |path: &str| -> Vec<u8> {
        let r = filrouge_serve::client::get(server.addr, path).expect("request");
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        r.body
    };
    snaps.check("api-status.json", &get("/api/status"));
    let list = get("/api/documents?limit=1000");
    snaps.check("api-documents.json", &list);
    let list: serde_json::Value = serde_json::from_slice(&list).expect("JSON");
    let first = list["documents"][0]["id"]
        .as_str()
        .expect("a document")
        .to_string();
    snaps.check(
        "api-document.json",
        &get(&format!("/api/documents/{first}")),
    );
    snaps.check("api-entities.json", &get("/api/entities?limit=1000"));
    snaps.check("api-stories.json", &get("/api/stories"));
    snaps.check(
        "api-search.json",
        &get(&format!("/api/search?q={words}&limit=50")),
    );
    snaps.check(
        "api-search-sentences.json",
        &get(&format!("/api/search?q={words}&sentences=true&limit=50")),
    );
    snaps.check(
        "api-search-story.json",
        &get(&format!("/api/search?story={story}&limit=50")),
    );
    let timeline = get(&format!("/api/timeline?as_of={AS_OF}"));
    snaps.check("api-timeline.json", &timeline);
    snaps.check(
        "api-timeline-all.json",
        &get(&format!(
            "/api/timeline?as_of={AS_OF}&include_background=true&documents=true&sentences=3"
        )),
    );
    snaps.check(
        "api-timeline-entity.json",
        &get(&format!("/api/timeline?as_of={AS_OF}&entity={entity}")),
    );
    snaps.check(
        "api-timeline-story.json",
        &get(&format!(
            "/api/timeline?as_of={AS_OF}&story={story}&max_events=5"
        )),
    );
    let timeline: serde_json::Value = serde_json::from_slice(&timeline).expect("JSON");
    let key = timeline["events"][0]["key"]
        .as_str()
        .expect("an event key")
        .to_string();
    snaps.check(
        "api-event.json",
        &get(&format!("/api/events/{key}?as_of={AS_OF}")),
    );
}

#[test]
fn example_store_and_api_outputs_are_unchanged() {
    let store = store_of("examples/corpus");
    let mut snaps = Snapshots::new("examples", Kept::Whole);
    store_outputs(&mut snaps, store.path(), "1");
    api_outputs(&mut snaps, store.path(), "Carvallo", "negociations", "1");
    snaps.finish();
}

#[test]
fn seed_store_and_api_outputs_are_unchanged() {
    let Some(seeds) = seeds() else { return };
    let store = store_of(seeds);
    let mut snaps = Snapshots::new("seeds", Kept::Digest);
    store_outputs(&mut snaps, store.path(), "0");
    api_outputs(&mut snaps, store.path(), "Poutine", "entretien", "0");
    snaps.finish();
}

/// The server over a store, on a free loopback port, in a runtime of its
/// own; stops when dropped.
struct Server {
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(store: &Path) -> Server {
        let mut opts = filrouge_serve::ServeOptions::new(store.to_path_buf());
        opts.bind = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let state = filrouge_serve::AppState::open(&opts).expect("open the store");
        let (tx, rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind(opts.bind)
                    .await
                    .expect("bind");
                tx.send(listener.local_addr().expect("address"))
                    .expect("send address");
                filrouge_serve::serve_on(listener, state, async {
                    let _ = stopped.await;
                })
                .await
                .expect("serve");
            });
        });
        let addr = rx.recv().expect("server address");
        Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
