//! `filrouge stories` on the example corpus.

mod common;

use common::{filrouge, jsonl};

#[test]
fn every_example_article_is_in_one_story_and_languages_meet() {
    let out = filrouge(&["stories", "examples/corpus", "--json"]);
    assert!(out.status.success());
    let stories = jsonl(&out);
    assert!(!stories.is_empty());
    let mut seen: Vec<String> = Vec::new();
    for s in &stories {
        let articles = s["articles"].as_array().expect("articles");
        assert!(!articles.is_empty(), "{s}");
        seen.extend(
            articles
                .iter()
                .map(|a| a.as_str().unwrap_or("").to_string()),
        );
        assert!(s["label"]["entities"].is_array() && s["label"]["terms"].is_array());
        if let (Some(first), Some(last)) = (s["first"].as_str(), s["last"].as_str()) {
            assert!(first <= last, "{s}");
        }
    }
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "an article in two stories");
    // Fewer stories than articles: some join.
    assert!(
        stories.len() < total,
        "{} stories for {total} articles",
        stories.len()
    );
    // The English and French reports of the first round of talks (same
    // people, same days) share a story.
    let talks = stories
        .iter()
        .find(|s| s["articles"].to_string().contains("02-talks-no-deal"))
        .expect("the talks story");
    assert!(
        talks["articles"]
            .to_string()
            .contains("03-premiere-negociation-prefecture"),
        "{talks}"
    );
}
