//! Commands that agree (issue 15): every corpus command reads inputs or a
//! store; story numbers are the same in every command; a missing store is
//! an error for every reader and only `ingest` creates one; nothing read
//! at all is exit code 3, the missing path named; off a terminal a long
//! command writes one summary line and no progress.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{examples_store, filrouge, jsonl, stderr, stdout};

const AS_OF: &str = "2025-12-31";

/// A store of `examples/corpus`, made by `ingest`.
fn example_store() -> tempfile::TempDir {
    examples_store(AS_OF)
}

fn utf8(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// `entities`, `quotes`, `stories` and `duplicates` used to refuse
/// `--store`: each now reads a store, and says over a store what it says
/// over the inputs the store was made from.
#[test]
fn every_corpus_command_reads_a_store_as_it_reads_inputs() {
    let dir = example_store();
    let store = utf8(dir.path());
    for command in ["entities", "quotes", "stories", "duplicates"] {
        let stored = filrouge(&[command, "--store", store, "--json", "--as-of", AS_OF]);
        assert!(stored.status.success(), "{command}: {}", stderr(&stored));
        let read = filrouge(&[command, "examples/corpus", "--json", "--as-of", AS_OF]);
        assert!(read.status.success(), "{command}: {}", stderr(&read));
        assert!(
            !stdout(&stored).is_empty(),
            "{command} --store said nothing"
        );
        assert_eq!(stdout(&stored), stdout(&read), "{command}");
    }
    // Paths and a store at once is bad usage.
    let both = filrouge(&["entities", "examples/corpus", "--store", store]);
    assert_eq!(both.status.code(), Some(2));
}

/// The origins of the articles of each story `stories ... --json` lists.
fn stories(args: &[&str]) -> Vec<(u64, BTreeSet<String>)> {
    let out = filrouge(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    jsonl(&out)
        .iter()
        .map(|s| {
            let articles = s["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .filter_map(|a| a.as_str().map(str::to_string))
                .collect();
            (s["story"].as_u64().expect("a story number"), articles)
        })
        .collect()
}

/// Story numbers from `stories PATHS` did not match `timeline --store
/// --story N`. A number `stories --store` gives now picks the same
/// articles in `timeline --store --story` and `search --story`, and
/// `stories` over the inputs numbers them the same way.
#[test]
fn story_numbers_are_the_same_in_every_command() {
    let dir = example_store();
    let store = utf8(dir.path());
    let stored = stories(&["stories", "--store", store, "--json", "--as-of", AS_OF]);
    let read = stories(&["stories", "examples/corpus", "--json", "--as-of", AS_OF]);
    assert_eq!(stored, read);
    assert!(stored.len() > 1, "one story only: nothing to number");
    let mut events = 0;
    for (n, articles) in &stored {
        let n = n.to_string();
        let out = filrouge(&[
            "timeline",
            "--store",
            store,
            "--story",
            &n,
            "--include-background",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let timeline: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        // Each event is one the story's articles report (others that
        // report it too are among its sources).
        for event in timeline["events"].as_array().expect("events") {
            events += 1;
            let sources: BTreeSet<String> = event["sources"]
                .as_array()
                .expect("sources")
                .iter()
                .filter_map(|s| s["origin"].as_str().map(str::to_string))
                .collect();
            assert!(
                !sources.is_disjoint(articles),
                "story {n}: {sources:?} none of {articles:?}"
            );
        }
        let found = filrouge(&[
            "search", "--store", store, "--story", &n, "--limit", "1000", "--json",
        ]);
        assert!(found.status.success(), "{}", stderr(&found));
        let hits: BTreeSet<String> = jsonl(&found)
            .iter()
            .filter_map(|h| h["origin"].as_str().map(str::to_string))
            .collect();
        assert_eq!(&hits, articles, "search --story {n}");
    }
    assert!(events > 0, "no story has an event");
    let past = stored.len().to_string();
    let none = filrouge(&["timeline", "--store", store, "--story", &past]);
    assert_eq!(none.status.code(), Some(1));
    assert!(stderr(&none).contains("no story"), "{}", stderr(&none));
}

/// `timeline` or `serve` on a mistyped store path created an empty store
/// where `docs` and `search` refused. Every command that reads a store now
/// refuses a missing one, naming it, and creates nothing; a server that
/// takes writes too, unless told `--create`.
#[test]
fn a_missing_store_is_an_error_for_every_reader() {
    let dir = tempfile::tempdir().expect("temp dir");
    let absent = dir.path().join("typo");
    let at = utf8(&absent);
    let readers: [&[&str]; 11] = [
        &["entities", "--store", at],
        &["quotes", "--store", at],
        &["stories", "--store", at],
        &["duplicates", "--store", at],
        &["timeline", "--store", at],
        &["search", "pont", "--store", at],
        &["docs", "--store", at],
        &["show", "abc", "--store", at],
        &["serve", "--store", at, "--bind", "127.0.0.1:0"],
        &[
            "serve",
            "--store",
            at,
            "--bind",
            "127.0.0.1:0",
            "--allow-writes",
        ],
        &["search", "--reindex", "--store", at],
    ];
    for args in readers {
        let out = filrouge(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("no store at") && err.contains(at),
            "{args:?}: {err}"
        );
        assert!(!absent.exists(), "{args:?} created the store");
    }
    // `--create` only goes with writes.
    let out = filrouge(&["serve", "--store", at, "--create"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!absent.exists());
}

/// `ingest` of a missing path, or of inputs that are all unreadable,
/// exited 0. Now nothing read at all is exit code 3, with the path named;
/// and an ingest of paths none of which exists creates no store.
#[test]
fn nothing_read_is_exit_code_3() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-folder");
    let missing = utf8(&missing);
    let store = dir.path().join("store");
    let store_arg = utf8(&store);
    let ingest = filrouge(&["ingest", missing, "--store", store_arg]);
    assert_eq!(ingest.status.code(), Some(3), "{}", stderr(&ingest));
    assert!(stderr(&ingest).contains(missing), "{}", stderr(&ingest));
    assert!(!store.exists(), "an ingest of nothing created a store");

    let unreadable = dir.path().join("unreadable");
    std::fs::create_dir(&unreadable).expect("mkdir");
    std::fs::write(
        unreadable.join("scan.png"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    )
    .expect("write");
    std::fs::write(unreadable.join("empty.txt"), b"").expect("write");
    let unreadable = utf8(&unreadable);
    let ingest = filrouge(&["ingest", unreadable, "--store", store_arg, "--quiet"]);
    assert_eq!(ingest.status.code(), Some(3), "{}", stderr(&ingest));
    assert!(stderr(&ingest).contains("scan.png"), "{}", stderr(&ingest));

    for command in [
        "analyze",
        "timeline",
        "entities",
        "quotes",
        "stories",
        "duplicates",
    ] {
        for input in [missing, unreadable] {
            let out = filrouge(&[command, input]);
            assert_eq!(out.status.code(), Some(3), "{command} {input}");
            let err = stderr(&out);
            assert!(err.contains("nothing could be read"), "{command}: {err}");
            assert!(err.contains(input), "{command}: {err}");
        }
    }
}

/// An empty folder is not a failure (an hourly ingest of an empty inbox),
/// nor is one unreadable input among readable ones.
#[test]
fn an_empty_folder_or_one_bad_input_is_no_failure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    let store = dir.path().join("store");
    let out = filrouge(&["ingest", utf8(&inbox), "--store", utf8(&store), "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(inbox.join("scan.png"), b"\x89PNG\r\n\x1a\n\x00\x00\x00").expect("write");
    std::fs::write(
        inbox.join("note.txt"),
        "Le conseil municipal de Brévannes a voté mardi soir la rénovation du gymnase.\n",
    )
    .expect("write");
    let out = filrouge(&["entities", utf8(&inbox)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("scan.png"));
}

/// `timeline --store` was silent however long it took. Off a terminal (as
/// here) a corpus command writes no progress, and one summary line when
/// done; `--quiet` not even that.
#[test]
fn off_a_terminal_a_long_command_writes_one_summary_line() {
    let dir = example_store();
    let store = utf8(dir.path());
    for args in [
        &["timeline", "--store", store, "--as-of", AS_OF][..],
        &["stories", "--store", store][..],
        &["stories", "examples/corpus/fr"][..],
    ] {
        let out = filrouge(args);
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: {err}");
        assert!(
            lines[0].starts_with("filrouge: ") && lines[0].contains(" documents of "),
            "{err}"
        );
        assert!(
            !err.contains('\r'),
            "progress drawn off a terminal: {err:?}"
        );
        let mut quiet = args.to_vec();
        quiet.push("--quiet");
        let out = filrouge(&quiet);
        assert!(out.status.success());
        assert_eq!(stderr(&out), "", "{quiet:?}");
    }
    let out = filrouge(&["ingest", "examples/corpus/fr", "--store", store]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("ingested into "), "{err}");
}
