//! The hostile-input findings of the "fast and solid" issue that concern
//! the command line, one test each, named after the finding: each input
//! once stopped a batch, lost records or was stored wrong.

mod common;

use std::path::Path;

use common::*;

const ARTICLE: &str = "Le barrage a été inspecté lundi.\nLes techniciens ont relevé une fissure dans la partie haute de l'ouvrage.";

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("write fixture");
}

fn ingest(inputs: &[&Path], store: &Path) -> std::process::Output {
    let mut args = vec![
        "ingest",
        "--json",
        "--store",
        store.to_str().expect("utf-8"),
    ];
    let inputs: Vec<&str> = inputs.iter().map(|p| p.to_str().expect("utf-8")).collect();
    args.extend(inputs);
    filrouge(&args)
}

fn stored(store: &Path) -> usize {
    let out = all_docs(store.to_str().expect("utf-8"));
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str::<Vec<serde_json::Value>>(stdout(&out).trim())
        .map(|docs| docs.len())
        .unwrap_or_else(|_| jsonl(&out).len())
}

/// Finding 2: ~30,000 nested inline tags or ~50,000 nested divs aborted the
/// process (the extractor recursed) and every good article after them was
/// lost. Now the page is read flattened, and the batch goes on.
#[test]
fn finding_02_deep_html_neither_aborts_nor_loses_the_batch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    write(&corpus, "a-good.txt", ARTICLE.as_bytes());
    let deep_inline = format!(
        "<html><body>{}Le pont a rouvert mardi après trois mois de travaux.</body></html>",
        "<b>".repeat(30_000)
    );
    write(&corpus, "b-deep-inline.html", deep_inline.as_bytes());
    let deep_blocks = format!(
        "<html><body>{}<p>La digue a tenu pendant la crue de mercredi.</p></body></html>",
        "<div>".repeat(50_000)
    );
    write(&corpus, "c-deep-blocks.html", deep_blocks.as_bytes());
    write(
        &corpus,
        "d-good.txt",
        ARTICLE.replace("lundi", "jeudi").as_bytes(),
    );
    let store = dir.path().join("store");
    let out = ingest(&[&corpus], &store);
    assert!(
        out.status.success(),
        "rc {:?}: {}",
        out.status,
        stderr(&out)
    );
    assert_eq!(summary(&out)["stored"], 4, "{}", stdout(&out));
    assert_eq!(stored(&store), 4);

    let analyzed = filrouge(&[
        "analyze",
        corpus.join("b-deep-inline.html").to_str().expect("utf-8"),
    ]);
    assert!(analyzed.status.success(), "{}", stderr(&analyzed));
    let doc = &jsonl(&analyzed)[0];
    assert!(doc["text"]
        .as_str()
        .is_some_and(|t| t.contains("Le pont a rouvert")));
    let said = doc["diagnostics"].to_string();
    assert!(said.contains("read flattened"), "{said}");
}

/// Finding 5: parsing was quadratic in a tag's attributes (100,000 took
/// half a minute). The ones past the bound are dropped before parsing.
#[test]
fn finding_05_a_tag_with_a_hundred_thousand_attributes_is_cut_down() {
    let dir = tempfile::tempdir().expect("temp dir");
    let attributes: String = (0..100_000).map(|i| format!(" data-a{i}=\"1\"")).collect();
    let page = format!(
        "<html><body><div{attributes}><p>La mairie a voté le budget vendredi soir.</p></div></body></html>"
    );
    let path = dir.path().join("attributes.html");
    write(dir.path(), "attributes.html", page.as_bytes());
    let out = filrouge(&["analyze", path.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = &jsonl(&out)[0];
    assert!(doc["text"].as_str().is_some_and(|t| t.contains("budget")));
    assert!(doc["diagnostics"].to_string().contains("attributes"));
}

/// Finding 13: one NUL byte in the first 8 KB made a JSONL file "binary",
/// and every record in it was lost. Now the file is read, the NUL removed
/// and said so.
#[test]
fn finding_13_a_nul_byte_does_not_lose_a_jsonl_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut lines = Vec::new();
    for (i, day) in ["lundi", "mardi", "mercredi"].iter().enumerate() {
        let text = ARTICLE.replace("lundi", day).replace('\n', "\\n");
        lines.push(format!("{{\"id\": \"r{i}\", \"text\": \"{text}\"}}"));
    }
    let mut bytes = lines.join("\n").into_bytes();
    let at = bytes
        .iter()
        .position(|&b| b == b'b')
        .expect("a letter b in the first record");
    bytes.insert(at, 0);
    write(dir.path(), "dump.jsonl", &bytes);
    let out = filrouge(&[
        "analyze",
        dir.path().join("dump.jsonl").to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 3, "{}", stderr(&out));
    assert!(docs[0]["diagnostics"].to_string().contains("NUL"));
    assert!(!docs[0]["text"].as_str().unwrap_or_default().contains('\0'));
}

/// Finding 14: symbolic links in a folder were skipped without a word. Now
/// they are followed, and a loop or a dangling link is named.
#[cfg(unix)]
#[test]
fn finding_14_symlinked_files_are_read_and_loops_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    write(dir.path(), "elsewhere.txt", ARTICLE.as_bytes());
    std::os::unix::fs::symlink(dir.path().join("elsewhere.txt"), corpus.join("linked.txt"))
        .expect("symlink");
    std::os::unix::fs::symlink(&corpus, corpus.join("loop")).expect("symlink");
    let out = filrouge(&["analyze", corpus.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(jsonl(&out).len(), 1, "the linked article is read");
    assert!(stderr(&out).contains("loop"), "{}", stderr(&out));
}

/// Finding 15: `timeline --store` on a mistyped path made an empty store
/// there and answered an empty timeline. Now it is an error, and nothing
/// is created.
#[test]
fn finding_15_a_missing_store_is_an_error_for_readers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let absent = dir.path().join("no-such-store");
    let absent_arg = absent.to_str().expect("utf-8");
    for args in [
        vec!["timeline", "--store", absent_arg],
        vec!["docs", "--store", absent_arg],
        vec!["search", "--store", absent_arg, "pont"],
    ] {
        let out = filrouge(&args);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(
            stderr(&out).contains("no store at"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!absent.exists(), "{args:?} created the store");
    }
}

/// Finding 15 (second half): a 0-byte database beside an index of 1,000
/// documents was silently made a new, empty store. Now every command
/// refuses it, and leaves it as found.
#[test]
fn finding_15_a_zero_byte_database_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a.txt", ARTICLE.as_bytes());
    let store = dir.path().join("store");
    let out = ingest(&[&dir.path().join("a.txt")], &store);
    assert!(out.status.success(), "{}", stderr(&out));
    let db = store.join("filrouge.sqlite");
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(store.join(format!("filrouge.sqlite{suffix}")));
    }
    std::fs::write(&db, b"").expect("truncate");
    let store_arg = store.to_str().expect("utf-8");
    for args in [
        vec!["timeline", "--store", store_arg],
        vec!["docs", "--store", store_arg],
    ] {
        let out = filrouge(&args);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(
            stderr(&out).contains("0 bytes"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let again = ingest(&[&dir.path().join("a.txt")], &store);
    assert!(
        !again.status.success(),
        "ingest into a truncated store succeeded"
    );
    assert_eq!(
        std::fs::metadata(&db).expect("db").len(),
        0,
        "left as found"
    );
}

/// Finding 17: a JSONL `date` of "2025-99-99" was stored as given. Now an
/// impossible date is refused (the document kept, undated by metadata) and
/// the diagnostic names the value; the error output names the line.
#[test]
fn finding_17_an_impossible_date_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = ARTICLE.replace('\n', "\\n");
    let lines = format!(
        "{{\"text\": \"{text}\", \"date\": \"2025-03-14\"}}\n{{\"text\": \"{text} Encore.\", \"date\": \"2025-99-99\"}}\n"
    );
    write(dir.path(), "dated.jsonl", lines.as_bytes());
    let out = filrouge(&[
        "analyze",
        dir.path().join("dated.jsonl").to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["metadata"]["published"], "2025-03-14");
    assert!(
        docs[1]["metadata"]["published"].is_null(),
        "{}",
        docs[1]["metadata"]
    );
    let said = docs[1]["diagnostics"].to_string();
    assert!(
        said.contains("2025-99-99") && said.contains("refused"),
        "{said}"
    );
    assert_eq!(docs[1]["source"]["container"]["line"], 2);
}
