//! Helpers shared by the CLI integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the built `filrouge` binary with `args`.
pub fn filrouge(args: &[&str]) -> Output {
    filrouge_env(args, &[])
}

/// Runs the built `filrouge` binary with `args` and extra environment.
pub fn filrouge_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_filrouge"));
    cmd.args(args).current_dir(root());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the filrouge binary runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Parses JSON Lines output.
pub fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The JSON summary printed by `ingest --json`.
pub fn summary(o: &Output) -> serde_json::Value {
    serde_json::from_str(stdout(o).trim()).expect("a JSON summary on stdout")
}

/// A store of `examples/corpus` made by `ingest` with reference date
/// `as_of`, in a temporary folder (the folder is the store).
pub fn examples_store(as_of: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().to_str().expect("a UTF-8 temp path");
    let out = filrouge(&[
        "ingest",
        "examples/corpus",
        "--store",
        store,
        "--as-of",
        as_of,
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

/// `filrouge docs --json` over the whole store, as printed.
pub fn all_docs(store: &str) -> Output {
    filrouge(&["docs", "--store", store, "--json", "--limit", "100000"])
}

/// A `[start, end]` JSON pair as byte offsets.
pub fn span(v: &serde_json::Value) -> (usize, usize) {
    let at = |i: usize| v[i].as_u64().expect("a byte offset") as usize;
    (at(0), at(1))
}
