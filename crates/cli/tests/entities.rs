//! `filrouge entities` and `analyze` with MISC names (events, works,
//! products, laws), on articles written for this test.

mod common;

use common::{filrouge, jsonl, stdout};

/// Two invented French articles and one English one naming a festival, a
/// law, a book in quote marks, a product and a place.
const ARTICLES: [(&str, &str); 3] = [
    (
        "festival.txt",
        "Le Festival de Cannes ouvre ses portes\n\n\
         Le Festival de Cannes accueille cette année la romancière Lucie Arnaud. \
         Elle présente l'adaptation de son livre « Les Vergers du nord », a indiqué la production. \
         La ville de Cannes attend des milliers de visiteurs.\n",
    ),
    (
        "loi.txt",
        "La loi Durandet adoptée au Sénat\n\n\
         Les sénateurs ont adopté mardi la loi Durandet sur les baux ruraux. \
         Le ministre Paul Morin a salué un texte attendu depuis la COP30.\n",
    ),
    (
        "harbours.txt",
        "Harbour law passes\n\n\
         The Clean Harbours Act passed the Senate on Tuesday, said Senator Ruth Calloway. \
         The port of Seattle will test the rules with ten Airbus A350 freighters.\n",
    ),
];

#[test]
fn misc_names_are_entities_of_their_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in ARTICLES {
        std::fs::write(dir.path().join(name), text).expect("write article");
    }
    let path = dir.path().to_string_lossy().into_owned();

    // analyze: MISC mentions in the entity layer, with their spans.
    let out = filrouge(&["analyze", &path, "--no-tokens"]);
    assert!(out.status.success());
    let mut misc: Vec<String> = Vec::new();
    for doc in jsonl(&out) {
        let text = doc["text"].as_str().expect("text").as_bytes();
        for a in doc["annotations"].as_array().expect("annotations") {
            if a["layer"] == "entity" && a["kind"] == "MISC" {
                let (s, e) = (
                    a["span"][0].as_u64().expect("start") as usize,
                    a["span"][1].as_u64().expect("end") as usize,
                );
                misc.push(String::from_utf8_lossy(&text[s..e]).into_owned());
            }
        }
    }
    for name in [
        "Festival de Cannes",
        "Les Vergers du nord",
        "loi Durandet",
        "COP30",
        "Clean Harbours Act",
        "Airbus A350",
    ] {
        assert!(misc.iter().any(|m| m == name), "{name} not in {misc:?}");
    }

    // quotes: a book title in quote marks is no quote.
    let out = filrouge(&["quotes", &path, "--json"]);
    assert!(out.status.success());
    assert!(
        !stdout(&out).contains("Les Vergers du nord"),
        "{}",
        stdout(&out)
    );

    // entities: MISC names are their own canonical entities, never merged
    // with the place of the same name.
    let out = filrouge(&["entities", &path, "--json"]);
    assert!(out.status.success());
    let entities = jsonl(&out);
    let kind_of = |alias: &str| -> Vec<String> {
        entities
            .iter()
            .filter(|e| {
                e["aliases"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x[0] == alias))
            })
            .map(|e| e["kind"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(kind_of("Festival de Cannes"), ["MISC"]);
    assert_eq!(kind_of("loi Durandet"), ["MISC"]);
    assert!(kind_of("Cannes").iter().all(|k| k != "MISC"));
    // The plain listing shows the type.
    let out = filrouge(&["entities", &path]);
    assert!(stdout(&out)
        .lines()
        .any(|l| l.starts_with("MISC") && l.contains("loi Durandet")));
}
