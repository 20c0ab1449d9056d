//! The same inputs in any order give the same corpus-level answers:
//! timeline, stories, near-copies, entities and quotes, from paths and
//! from a store filled in that order (issue 16: the same answer whatever
//! the arrival order). On the example corpus, and on the seeds when
//! `../shared` is beside the checkout (failing under `CI` without it).

mod common;

use common::{filrouge, root, stderr, stdout};

const AS_OF: &str = "2026-11-30";

/// Every file under `dir`, sorted, as paths relative to the workspace.
fn files(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![root().join(dir)];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if !path.to_string_lossy().ends_with(".md") {
                out.push(path.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// Three orders of `paths`: as given, reversed, and interleaved from both
/// ends.
fn orders(paths: &[String]) -> Vec<Vec<String>> {
    let reversed: Vec<String> = paths.iter().rev().cloned().collect();
    let mut interleaved = Vec::new();
    let (mut i, mut j) = (0, paths.len());
    while i < j {
        j -= 1;
        interleaved.push(paths[j].clone());
        if i < j {
            interleaved.push(paths[i].clone());
        }
        i += 1;
    }
    vec![paths.to_vec(), reversed, interleaved]
}

/// The outputs compared, for inputs `paths` (or `--store DIR` when
/// `store` is given).
fn answers(paths: &[String], store: Option<&str>) -> Vec<String> {
    let commands: [&[&str]; 5] = [
        &["timeline", "--format", "json", "--as-of", AS_OF],
        &["stories", "--as-of", AS_OF],
        &["duplicates", "--as-of", AS_OF],
        &["entities", "--as-of", AS_OF],
        &["quotes", "--as-of", AS_OF],
    ];
    commands
        .iter()
        .map(|command| {
            let mut args: Vec<&str> = command.to_vec();
            match store {
                Some(dir) => args.extend(["--store", dir]),
                None => args.extend(paths.iter().map(String::as_str)),
            }
            args.push("--quiet");
            let out = filrouge(&args);
            assert!(out.status.success(), "{command:?}: {}", stderr(&out));
            stdout(&out)
        })
        .collect()
}

fn check_any_order(dir: &str) {
    let paths = files(dir);
    assert!(paths.len() > 3, "{dir}: {} files", paths.len());
    let mut first: Option<Vec<String>> = None;
    for order in orders(&paths) {
        let store = tempfile::tempdir().expect("temp dir");
        let store_dir = store.path().to_str().expect("UTF-8 temp path");
        let mut ingest = vec!["ingest", "--store", store_dir, "--as-of", AS_OF, "--quiet"];
        ingest.extend(order.iter().map(String::as_str));
        let out = filrouge(&ingest);
        assert!(out.status.success(), "{}", stderr(&out));
        for got in [answers(&order, None), answers(&order, Some(store_dir))] {
            match &first {
                None => first = Some(got),
                Some(expected) => {
                    for (i, (a, b)) in expected.iter().zip(&got).enumerate() {
                        assert!(a == b, "{dir}: output {i} differs in order {order:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn the_example_corpus_gives_the_same_answers_in_any_order() {
    check_any_order("examples/corpus");
}

#[test]
fn the_seeds_give_the_same_answers_in_any_order() {
    let seeds = root().join("../shared/seeds");
    if !seeds.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "CI needs ../shared/seeds");
        eprintln!("skipped: ../shared/seeds is absent");
        return;
    }
    check_any_order("../shared/seeds");
}
