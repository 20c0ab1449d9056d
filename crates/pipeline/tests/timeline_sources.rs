//! The timeline over articles of our own: one event reported by two
//! sources that disagree on its length and on who asked for it; a copy of
//! one of them and a blog borrowing its opening paragraph, neither counted
//! as an independent source; a background event. (The timeline crate's
//! own behaviour, built through the `filrouge` facade's `Collection`.)

use chrono::NaiveDate;
use filrouge::model::Document;
use filrouge::read::{read_bytes, ReadOptions};
use filrouge::timeline::{Timeline, TimelineOptions};
use filrouge::{Collection, Pipeline};

const FIRST: &str = "Le chancelier allemand Olaf Scholz et le président français Emmanuel Macron se sont entretenus par téléphone ce mardi pendant environ une heure.\n\n\
L'appel a été organisé à la demande de Emmanuel Macron, selon l'Élysée.\n\n\
Les deux dirigeants ont évoqué le budget européen et la situation en Ukraine.\n\n\
Le 12 janvier, une première session de négociations sur le budget s'était tenue à Bruxelles.";

const SECOND: &str =
    "Emmanuel Macron et Olaf Scholz ont eu mardi un entretien téléphonique de trois heures.\n\n\
Selon Berlin, la conversation a eu lieu à la demande de Olaf Scholz.\n\n\
Le budget européen et l'Ukraine étaient au menu de cet appel.";

const BLOG_OPENING: &str = "Notre revue de presse du jour commence par l'Europe, comme souvent le mardi, avec des nouvelles venues de Berlin et de Paris.";
const BLOG_CLOSING: &str = "Nous reviendrons demain sur les réactions des marchés, des syndicats et des éditorialistes, qui ne manqueront pas de commenter ces échanges entre les deux capitales.";

/// The timeline of `docs` through the front door.
fn build_timeline(docs: Vec<Document>, options: &TimelineOptions) -> Timeline {
    Collection::new(docs).timeline(options)
}

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
        // A blog taking the first article's opening paragraph word for
        // word, around words of its own: not a copy, not independent.
        article(
            "blog.txt",
            &format!(
                "{BLOG_OPENING}\n\n{}\n\n{BLOG_CLOSING}",
                FIRST.split("\n\n").next().unwrap_or_default()
            ),
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
    assert_eq!(call.sources.len(), 4);
    assert_eq!(
        call.independent_sources, 2,
        "the copy and the blog's borrowed paragraph count once"
    );
    let blog = call
        .sources
        .iter()
        .find(|s| s.origin == "blog.txt")
        .expect("the blog is a source");
    assert!(blog.copy_of.is_none());
    assert!(!blog.shares_passage_with.is_empty());
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

#[test]
fn an_entity_timeline_gives_each_article_naming_it_its_news() {
    // Market reports: no event word the lexicon knows, no date in the text.
    let docs = || {
        vec![
        article(
            "marches-1.txt",
            "Séance calme à Paris\n\nLe CAC 40 a gagné 0,8 % dans un marché peu animé, porté par les valeurs bancaires.\n\nLes investisseurs restent prudents.",
            "2024-03-12",
        ),
        article(
            "marches-2.txt",
            "Les banques pèsent\n\nLes valeurs bancaires ont reculé nettement.\n\nLe CAC 40 a cédé 1,1 % en clôture, lesté par les banques.",
            "2024-03-14",
        ),
        article(
            "autre.txt",
            "Météo\n\nIl a plu toute la journée sur la Bretagne, et le vent a soufflé fort sur les côtes.",
            "2024-03-14",
        ),
    ]
    };
    let mut options = TimelineOptions::new(NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"));
    options.entity = Some("CAC 40".into());
    let t = build_timeline(docs(), &options);
    let got: Vec<(&str, &str)> = t
        .events
        .iter()
        .map(|e| (e.date.as_str(), e.sources[0].origin.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("2024-03-12", "marches-1.txt"),
            ("2024-03-14", "marches-2.txt")
        ]
    );
    // Each says it in its own first sentence naming the entity.
    assert!(
        t.events[1].summary[0].contains("a cédé 1,1 %"),
        "{:?}",
        t.events[1].summary
    );
    assert!(t.events.iter().all(|e| e.main && e.key.ends_with("-news")));
    // The whole corpus's timeline has no such entries: they answer an
    // entity's timeline only.
    options.entity = None;
    options.include_background = true;
    let whole = build_timeline(docs(), &options);
    assert!(whole.events.iter().all(|e| !e.key.ends_with("-news")));
}
