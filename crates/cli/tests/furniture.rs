//! Page furniture learned from a batch, in `analyze`, `timeline` and
//! `ingest` alike: four pages of an invented outlet (the team's own words)
//! crawled as plain text, each with the outlet's template around its own
//! article, three of them quoting the same prefecture statement.

mod common;

use std::path::Path;

use common::{filrouge, jsonl, stderr, stdout};

/// The template above every article.
const TOP: &str = "Le Journal des Causses\nMon compte lecteur\nRubrique Vie locale";

/// The template below every article: a charter among links.
const BOTTOM: &str = "Charte des contributions\nLes contributions sont relues par la rédaction avant d'être mises en ligne sur le site.\nNotre boutique en ligne\nLe Journal des Causses en 2030 : le projet de la rédaction";

/// The statement three articles quote.
const QUOTE: &str = "« La route restera fermée tant que les falaises n'auront pas été purgées », a déclaré la préfecture dans un communiqué.";

/// The articles: a title, a dated lead and a closing paragraph.
const ARTICLES: [[&str; 3]; 4] = [
    [
        "Éboulement sur la route des gorges",
        "Un éboulement a coupé mardi 3 février 2026 la route des gorges entre Sainte-Enimie et La Malène, sans faire de blessé.",
        "Les riverains doivent emprunter un détour de quarante kilomètres par le causse, selon la mairie de Sainte-Enimie.",
    ],
    [
        "Les gorges privées de car scolaire",
        "Le conseil départemental a suspendu mercredi 4 février 2026 la ligne de car scolaire qui dessert les villages des gorges.",
        "Une navette par le causse sera mise en place dès lundi pour les collégiens de La Malène, a précisé le département.",
    ],
    [
        "Les commerçants des gorges inquiets",
        "L'association des commerçants a réuni jeudi 5 février 2026 ses adhérents pour chiffrer les pertes dues à la fermeture.",
        "Plusieurs restaurateurs envisagent de fermer jusqu'au printemps si la route n'est pas rouverte avant les vacances.",
    ],
    [
        "Le marché de Florac déplacé",
        "La mairie de Florac a déplacé vendredi 6 février 2026 le marché hebdomadaire sur l'esplanade pour cause de travaux.",
        "Les exposants ont salué une décision qui leur donne davantage de place, selon le placier municipal.",
    ],
];

/// Writes the four pages into `dir`.
fn write_pages(dir: &Path) {
    for (i, [title, lead, end]) in ARTICLES.iter().enumerate() {
        let quote = if i < 3 {
            format!("{QUOTE}\n")
        } else {
            String::new()
        };
        let page = format!("{TOP}\n{title}\n{lead}\n{quote}{end}\n{BOTTOM}\n");
        std::fs::write(dir.join(format!("page-{i}.txt")), page).expect("write a page");
    }
}

/// The learned removals of an `analyze` record: (text, reason).
fn learned(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["removals"]
        .as_array()
        .expect("removals")
        .iter()
        .filter(|r| r["rule"] == "learned-boilerplate")
        .map(|r| {
            let s = |k: &str| r[k].as_str().expect("a string").to_string();
            (s("text"), s("reason"))
        })
        .collect()
}

#[test]
fn analyze_removes_the_batch_furniture_with_its_evidence_and_keeps_the_quote() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_pages(dir.path());
    let path = dir.path().to_str().expect("UTF-8 temp path");
    let out = filrouge(&["analyze", path, "--no-tokens", "--as-of", "2026-03-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("lines of page furniture learned"),
        "{}",
        stderr(&out)
    );
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 4);
    for (i, doc) in docs.iter().enumerate() {
        let removed = learned(doc);
        let texts: Vec<&str> = removed.iter().map(|(t, _)| t.as_str()).collect();
        for line in TOP.lines().chain(BOTTOM.lines()) {
            assert!(texts.contains(&line), "page {i}: {line:?} kept");
        }
        let text = doc["text"].as_str().expect("text");
        assert!(text.starts_with(ARTICLES[i][0]), "{text}");
        assert!(!text.contains("2030"), "{text}");
        assert_eq!(text.contains(QUOTE), i < 3, "{text}");
    }
    let (_, reason) = learned(&docs[0])
        .into_iter()
        .find(|(t, _)| t == "Notre boutique en ligne")
        .expect("the shop link");
    assert_eq!(
        reason,
        "page furniture: recurs in 4 of the collection's 4 documents; a short line"
    );
}

#[test]
fn analyze_learns_from_standard_input_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_pages(dir.path());
    let mut lines = String::new();
    for i in 0..4 {
        let text =
            std::fs::read_to_string(dir.path().join(format!("page-{i}.txt"))).expect("read a page");
        lines.push_str(&serde_json::json!({ "text": text }).to_string());
        lines.push('\n');
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .args(["analyze", "-", "--no-tokens", "--as-of", "2026-03-01"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(lines.as_bytes()).expect("write stdin");
    }
    let out = child.wait_with_output().expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 4);
    assert!(
        docs.iter().all(|d| learned(d).len() == 7),
        "{}",
        stdout(&out)
    );
}

#[test]
fn timeline_and_ingest_leave_the_furniture_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_pages(dir.path());
    let path = dir.path().to_str().expect("UTF-8 temp path");
    let out = filrouge(&[
        "timeline",
        path,
        "--as-of",
        "2026-03-01",
        "--format",
        "json",
        "--include-background",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let timeline = stdout(&out);
    assert!(timeline.contains("éboulement"), "{timeline}");
    for furniture in [
        "2030",
        "boutique",
        "Mon compte lecteur",
        "contributions sont relues",
    ] {
        assert!(!timeline.contains(furniture), "{furniture:?} in {timeline}");
    }

    let store = tempfile::tempdir().expect("temp dir");
    let store = store.path().to_str().expect("UTF-8 temp path");
    let out = filrouge(&[
        "ingest",
        path,
        "--store",
        store,
        "--json",
        "--as-of",
        "2026-03-01",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = common::summary(&out);
    assert_eq!(report["furniture"]["documents"], 4);
    assert_eq!(report["furniture"]["lines"], 8);
    let docs = common::all_docs(store);
    let first = jsonl(&docs)[0]["id"].as_str().expect("an id").to_string();
    let show = filrouge(&["show", &first, "--store", store]);
    assert!(show.status.success(), "{}", stderr(&show));
    let page = stdout(&show);
    assert!(page.contains("learned-boilerplate"), "{page}");
    assert!(
        page.contains("recurs in 4 of the collection's 4 documents; a sentence in a run of"),
        "{page}"
    );
}
