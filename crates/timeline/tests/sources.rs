//! The timeline over articles of our own: one event reported by two
//! sources that disagree on its length and on who asked for it; a copy of
//! one of them counted once; a background event.

use chrono::NaiveDate;
use filrouge::model::Document;
use filrouge::read::{read_bytes, ReadOptions};
use filrouge::Pipeline;
use filrouge_timeline::{build_timeline, TimelineOptions};

const FIRST: &str = "Le chancelier allemand Olaf Scholz et le président français Emmanuel Macron se sont entretenus par téléphone ce mardi pendant environ une heure.\n\n\
L'appel a été organisé à la demande de Emmanuel Macron, selon l'Élysée.\n\n\
Les deux dirigeants ont évoqué le budget européen et la situation en Ukraine.\n\n\
Le 12 janvier, une première session de négociations sur le budget s'était tenue à Bruxelles.";

const SECOND: &str =
    "Emmanuel Macron et Olaf Scholz ont eu mardi un entretien téléphonique de trois heures.\n\n\
Selon Berlin, la conversation a eu lieu à la demande de Olaf Scholz.\n\n\
Le budget européen et l'Ukraine étaient au menu de cet appel.";

fn article(name: &str, text: &str, published: &str) -> Document {
    let opts = ReadOptions::default();
    let mut doc = read_bytes(name, text.as_bytes().to_vec(), &opts)
        .next()
        .and_then(Result::ok)
        .expect("the article reads");
    doc.metadata.published = Some(published.into());
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    Pipeline::new()
        .with_tokens(false)
        .with_time(Some(as_of))
        .process(doc)
}

#[test]
fn one_call_two_sources_and_their_disagreements() {
    let docs = vec![
        article("premier.txt", FIRST, "2024-03-12"),
        article("second.txt", SECOND, "2024-03-12"),
        // The first article republished with a line added: a copy.
        article(
            "copie.txt",
            &format!("{FIRST}\n\nMis à jour à 18 heures."),
            "2024-03-12",
        ),
    ];
    let mut options = TimelineOptions::new(NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"));
    options.include_background = true;
    let t = build_timeline(docs, &options);
    let calls: Vec<_> = t.events.iter().filter(|e| e.kind == "call").collect();
    assert_eq!(calls.len(), 1, "{:#?}", t.events);
    let call = calls[0];
    assert_eq!(call.date, "2024-03-12");
    assert!(call.main);
    assert_eq!(call.sources.len(), 3);
    assert_eq!(call.independent_sources, 2, "the copy counts once");
    let attributes: Vec<&str> = call
        .disagreements
        .iter()
        .map(|d| d.attribute.as_str())
        .collect();
    assert!(attributes.contains(&"duration"), "{:?}", call.disagreements);
    assert!(
        attributes.contains(&"initiator"),
        "{:?}",
        call.disagreements
    );
    // The summary is made of the sources' own sentences.
    for s in &call.summary {
        assert!(
            FIRST.contains(s.as_str()) || SECOND.contains(s.as_str()),
            "{s}"
        );
    }
    // The January talks are background, dated from the article's year.
    let talks = t.events.iter().find(|e| e.kind == "talks").expect("talks");
    assert_eq!(talks.date, "2024-01-12");
    assert!(!talks.main);
}
