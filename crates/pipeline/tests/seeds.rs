//! Acceptance on the seed corpus (`../shared/seeds`, real articles written
//! by others: read from there, never copied). Skips with a message when the
//! folder is absent, and fails instead when `CI` is set.

use std::path::PathBuf;

use filrouge::model::{Document, Label, ParagraphRole, RemovalRule};
use filrouge::read::{read_path, ReadOptions};
use filrouge::Pipeline;

fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {} is missing",
        dir.display()
    );
    eprintln!("skipping seed acceptance: {} not found", dir.display());
    None
}

/// The five seed articles, analysed.
fn seeds() -> Option<Vec<Document>> {
    let dir = seeds_dir()?;
    let pipeline = Pipeline::new();
    let opts = ReadOptions::default();
    let mut docs = Vec::new();
    for n in 0..5 {
        let prefix = format!("{n:03}_");
        let entry = std::fs::read_dir(&dir)
            .expect("seeds readable")
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .expect("seed file present");
        let doc = read_path(&entry.path(), &opts)
            .next()
            .expect("one document")
            .expect("seed reads");
        docs.push(pipeline.process(doc));
    }
    Some(docs)
}

fn rules(doc: &Document) -> Vec<RemovalRule> {
    doc.removals.iter().map(|r| r.rule).collect()
}

fn roles(doc: &Document) -> Vec<ParagraphRole> {
    doc.layer("paragraph")
        .filter_map(|a| match a.label {
            Label::Paragraph { role, .. } => Some(role),
            _ => None,
        })
        .collect()
}

#[test]
fn seed_000_keeps_five_paragraphs_and_records_four_repeats() {
    let Some(docs) = seeds() else { return };
    let d = &docs[0];
    assert_eq!(roles(d).len(), 5);
    assert_eq!(rules(d), vec![RemovalRule::RepeatedParagraph; 4]);
}

#[test]
fn seed_001_one_title_no_furniture_credited_to_tass() {
    let Some(docs) = seeds() else { return };
    let d = &docs[1];
    let r = rules(d);
    assert_eq!(
        r.iter()
            .filter(|&&x| x == RemovalRule::RepeatedTitle)
            .count(),
        1
    );
    assert!(r.contains(&RemovalRule::SiteName));
    assert!(r.contains(&RemovalRule::CreditLine));
    assert!(
        r.contains(&RemovalRule::BoilerplateTail),
        "the comment form goes: {r:?}"
    );
    assert_eq!(
        roles(d)
            .iter()
            .filter(|&&x| x == ParagraphRole::Title)
            .count(),
        1
    );
    assert_eq!(d.metadata.credits.len(), 1);
    assert_eq!(d.metadata.credits[0].agency, "TASS");
    // The removed furniture is all at the end of the file.
    let title_end = d.removals[0].span.end;
    for removal in &d.removals[1..] {
        assert!(removal.span.start > d.original.len() * 3 / 4, "{removal:?}");
    }
    assert!(title_end < 200);
}

#[test]
fn seeds_lose_no_sentence_of_article_text() {
    let Some(docs) = seeds() else { return };
    let furniture = [
        RemovalRule::Boilerplate,
        RemovalRule::BoilerplateTail,
        RemovalRule::SiteName,
        RemovalRule::CreditLine,
    ];
    for doc in &docs {
        let (normalised, _) = filrouge_clean::normalise(&doc.original);
        let mut checked = 0;
        for line in normalised.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let removed_as_furniture = doc.removals.iter().any(|r| {
                furniture.contains(&r.rule) && filrouge_clean::normalise(&r.text).0.trim() == line
            });
            if removed_as_furniture {
                continue;
            }
            // Every sentence of every article line is in the cleaned text.
            let lang = filrouge_lexicon::Lexicon::bundled()
                .language("fr")
                .expect("French lexicon");
            let tokens = filrouge_segment::tokenize(line, lang);
            for s in filrouge_segment::split_sentences(line, &tokens, lang) {
                let sentence = &line[s.range()];
                assert!(
                    doc.text.contains(sentence),
                    "{}: sentence lost: {sentence}",
                    doc.source.path
                );
                checked += 1;
            }
        }
        assert!(
            checked >= 5,
            "{}: too few sentences checked",
            doc.source.path
        );
        // Furniture removals are few and short: never a paragraph of text.
        for r in doc.removals.iter().filter(|r| furniture.contains(&r.rule)) {
            assert!(
                r.text.chars().count() < 120,
                "{}: {:?}",
                doc.source.path,
                r.text
            );
        }
    }
}

#[test]
fn seeds_are_french_with_sentences_and_no_language_surprise() {
    let Some(docs) = seeds() else { return };
    for d in &docs {
        assert_eq!(d.metadata.lang.as_deref(), Some("fr"), "{}", d.source.path);
        assert!(d.layer("sentence").count() >= 7, "{}", d.source.path);
        // Titles such as "M." never end a sentence.
        for s in d.layer("sentence") {
            let text = d.slice(s.span);
            assert!(
                !text.ends_with(" M."),
                "{}: split after a title: {text}",
                d.source.path
            );
        }
    }
}
