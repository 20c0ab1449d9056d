//! Furniture learning on pages of an invented outlet, "La Gazette du
//! Plateau" (the team's own words): a template shared by every page, an
//! article body of each page's own, and a wire quote three pages share.

use super::*;
use crate::Cleaner;
use filrouge_lexicon::Lexicon;
use filrouge_model::{Document, DocumentId, Metadata, RemovalRule, Source, SourceFormat};

/// The template's top: navigation and account links.
const TOP: &[&str] = &[
    "La Gazette du Plateau",
    "Le plateau en images",
    "Politique locale",
    "Mon espace lecteur",
    "Mot de passe oublié ?",
];

/// The template's bottom: a moderation charter between links.
const BOTTOM: &[&str] = &[
    "Charte de modération",
    "Les réactions sont relues avant publication et doivent rester courtoises envers chacun.",
    "Boutique de la Gazette",
    "La Gazette en 2030 : notre projet pour le plateau",
    "https://gazette-plateau.example/abonnement",
];

/// A wire quote three articles of different days share.
const QUOTE: &str = "« Nous rouvrirons le col dès que la neige le permettra », a indiqué la préfecture dans un communiqué diffusé en fin de matinée.";

/// Each page's own article: a title and two paragraphs.
const BODIES: &[[&str; 3]] = &[
    [
        "Le col du Fau fermé par la neige",
        "Les chasse-neige n'ont pas pu dégager la route départementale avant la nuit, et les automobilistes ont dû faire demi-tour au premier lacet.",
        "Les commerçants de la vallée redoutent un week-end sans clients, le troisième depuis le début de l'hiver selon leur association.",
    ],
    [
        "À Saint-Orel, le car scolaire bloqué",
        "Une trentaine d'élèves ont attendu deux heures dans le car avant qu'un engin agricole ne vienne le tirer hors de l'ornière.",
        "La mairie promet de revoir l'itinéraire du ramassage tant que la route du haut restera fermée à la circulation.",
    ],
    [
        "Les éleveurs montent le foin à dos de quad",
        "Faute de route praticable, trois exploitations du hameau des Combes ravitaillent leurs bêtes par le chemin forestier.",
        "La chambre d'agriculture a ouvert une cellule d'écoute pour les éleveurs isolés par les intempéries de la semaine.",
    ],
    [
        "Le conseil municipal reporte le budget",
        "Faute de quorum, la séance prévue mardi soir a été renvoyée à la semaine prochaine par le maire de Saint-Orel.",
        "L'opposition dénonce un report de convenance, ce que la majorité conteste en invoquant la météo.",
    ],
];

/// Page `i`: the template around its body, the quote in pages 0 to 2.
fn page(i: usize) -> String {
    let [title, p1, p2] = BODIES[i];
    let mut lines: Vec<&str> = TOP.to_vec();
    lines.extend([title, p1]);
    if i < 3 {
        lines.push(QUOTE);
    }
    lines.push(p2);
    lines.extend(BOTTOM);
    lines.join("\n")
}

fn document(text: &str) -> Document {
    let source = Source::text_file("page.txt", text.len() as u64);
    Document::new(
        DocumentId("p".into()),
        source,
        Metadata::default(),
        text.to_string(),
    )
}

fn learned(pages: &[String]) -> CollectionFurniture {
    let mut lines = CollectionLines::new();
    for p in pages {
        lines.observe(p, None);
    }
    lines.learn()
}

fn removed(doc: &Document) -> Vec<&str> {
    doc.removals
        .iter()
        .filter(|r| r.rule == RemovalRule::LearnedBoilerplate)
        .map(|r| r.text.as_str())
        .collect()
}

#[test]
fn the_template_goes_and_the_shared_quote_stays() {
    let pages: Vec<String> = (0..4).map(page).collect();
    let furniture = learned(&pages);
    let cleaner = Cleaner::new(Lexicon::bundled()).with_furniture(&furniture);
    for (i, p) in pages.iter().enumerate() {
        let doc = cleaner.clean(document(p));
        let gone = removed(&doc);
        for line in TOP.iter().chain(BOTTOM) {
            assert!(gone.contains(line), "page {i}: {line:?} kept: {}", doc.text);
        }
        for line in BODIES[i] {
            assert!(doc.text.contains(line), "page {i} lost {line:?}");
        }
        if i < 3 {
            assert!(doc.text.contains(QUOTE), "page {i} lost the quote");
        }
        // The article's own first line is its title once the template is out.
        assert!(doc.text.starts_with(BODIES[i][0]), "{}", doc.text);
    }
    let doc = cleaner.clean(document(&pages[0]));
    let reason = |text: &str| {
        doc.removals
            .iter()
            .find(|r| r.text == text)
            .map(|r| r.reason.as_str())
    };
    assert_eq!(
        reason(BOTTOM[1]),
        Some("page furniture: recurs in 4 of the collection's 4 documents; a sentence in a run of 5 recurring lines, 4 of them furniture-shaped")
    );
    assert_eq!(
        reason("Mon espace lecteur"),
        Some("page furniture: recurs in 4 of the collection's 4 documents; a short line")
    );
}

#[test]
fn copies_of_one_article_teach_nothing() {
    // Page 0 three times and page 1: the template is in two articles only.
    let pages = vec![page(0), page(0), page(0), page(1)];
    let furniture = learned(&pages);
    assert!(furniture.is_empty(), "{furniture:?}");
    assert_eq!(furniture.copies(), 2);
    assert_eq!(furniture.documents(), 4);
}

#[test]
fn datelines_are_never_learned() {
    let datelines = [
        "Publié le 12 février 2026 à 9 h",
        "Mis à jour le 12 février",
    ];
    let pages: Vec<String> = (0..4)
        .map(|i| format!("{}\n{}", datelines.join("\n"), page(i)))
        .collect();
    let furniture = learned(&pages);
    for dateline in datelines {
        assert!(furniture.recurrence(dateline, None).is_none(), "{dateline}");
    }
    // A year alone is no dateline: the link to a project page goes.
    assert!(furniture.recurrence(BOTTOM[3], None).is_some());
}

#[test]
fn lines_are_compared_nearly() {
    let pages: Vec<String> = (0..3)
        .map(|i| {
            let login = [
                "Mon espace lecteur",
                "MON ESPACE LECTEUR :",
                "mon  espace  lecteur",
            ][i];
            format!("{login}\n{}", BODIES[i].join("\n"))
        })
        .collect();
    let furniture = learned(&pages);
    let rec = furniture
        .recurrence("Mon Espace Lecteur !", None)
        .expect("learned");
    assert_eq!(rec.documents, 3);
    assert!(furniture.recurrence("Mon espace auteur", None).is_none());
}

#[test]
fn two_pages_of_one_site_are_enough_for_that_site() {
    let mut lines = CollectionLines::new();
    lines.observe(&page(0), Some("gazette"));
    lines.observe(&page(1), Some("gazette"));
    lines.observe(&BODIES[2].join("\n"), Some("autre"));
    let furniture = lines.learn();
    let rec = furniture
        .recurrence("Mon espace lecteur", Some("gazette"))
        .expect("learned for the site");
    assert_eq!(
        rec.to_string(),
        "recurs in 2 documents of site `gazette` in this collection"
    );
    assert!(furniture
        .recurrence("Mon espace lecteur", Some("autre"))
        .is_none());
    assert!(furniture.recurrence("Mon espace lecteur", None).is_none());
}

#[test]
fn a_declared_title_stays_and_a_guessed_one_goes() {
    let title = "Politique locale";
    let pages: Vec<String> = (0..4).map(page).collect();
    let furniture = learned(&pages);
    let cleaner = Cleaner::new(Lexicon::bundled()).with_furniture(&furniture);
    // Declared by the input (a JSON Lines field): kept.
    let mut doc = document(&pages[1]);
    doc.source.format = SourceFormat::Jsonl;
    doc.metadata.title = Some(title.into());
    let doc = cleaner.clean(doc);
    assert!(doc.text.contains(title));
    assert_eq!(doc.metadata.title.as_deref(), Some(title));
    // Guessed from a text file's first line: furniture, forgotten.
    let mut doc = document(&pages[1]);
    doc.metadata.title = Some(TOP[0].into());
    let doc = cleaner.clean(doc);
    assert!(removed(&doc).contains(&TOP[0]));
    assert_eq!(doc.metadata.title, None);
    assert!(doc.text.starts_with(BODIES[1][0]));
}

#[test]
fn a_shared_heading_between_two_sentences_stays() {
    let heading = "Ce que disent les secours";
    let pages: Vec<String> = (0..3)
        .map(|i| {
            let [title, p1, p2] = BODIES[i];
            format!("{title}\n{p1}\n{heading}\n{p2}\nhttps://gazette-plateau.example/abonnement")
        })
        .collect();
    let furniture = learned(&pages);
    assert!(furniture.recurrence(heading, None).is_some());
    let doc = Cleaner::new(Lexicon::bundled())
        .with_furniture(&furniture)
        .clean(document(&pages[0]));
    assert!(doc.text.contains(heading));
    assert_eq!(
        removed(&doc),
        ["https://gazette-plateau.example/abonnement"]
    );
}

#[test]
fn shapes() {
    assert_eq!(LineShape::of("Mot de passe oublié ?"), LineShape::Short);
    assert_eq!(
        LineShape::of("Accueil | Politique | Sports"),
        LineShape::LinkLike
    );
    assert_eq!(
        LineShape::of("La Gazette en 2030 : notre projet pour le plateau"),
        LineShape::TitleLike
    );
    assert_eq!(LineShape::of("« Jamais ! »"), LineShape::Sentence);
    assert_eq!(LineShape::of(QUOTE), LineShape::Sentence);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Lines to build documents from: furniture-shaped and sentences.
    const POOL: &[&str] = &[
        "Le plateau en images",
        "Mon espace lecteur",
        "Boutique de la Gazette",
        "https://gazette-plateau.example/abonnement",
        "Les réactions sont relues avant publication et doivent rester courtoises.",
        QUOTE,
        "Le col du Fau fermé par la neige",
        "Faute de quorum, la séance prévue mardi soir a été renvoyée à plus tard.",
        "Une trentaine d'élèves ont attendu deux heures dans le car scolaire.",
        "Météo du plateau",
    ];

    proptest! {
        /// Whatever the documents, learning never removes a line that only
        /// one of them holds.
        #[test]
        fn a_line_of_one_document_is_never_removed(
            docs in proptest::collection::vec(
                proptest::collection::vec(0..POOL.len() + 3, 1..12),
                1..8,
            )
        ) {
            // Indices past the pool are lines of that document alone.
            let texts: Vec<String> = docs
                .iter()
                .enumerate()
                .map(|(d, lines)| {
                    lines
                        .iter()
                        .map(|&i| match POOL.get(i) {
                            Some(l) => l.to_string(),
                            None => format!("Ligne propre au document {d} numéro {i}"),
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect();
            let furniture = learned(&texts);
            let cleaner = Cleaner::new(Lexicon::bundled()).with_furniture(&furniture);
            for text in &texts {
                let doc = cleaner.clean(document(text));
                for line in removed(&doc) {
                    let holders = texts
                        .iter()
                        .filter(|t| t.lines().any(|l| LineKey::of(l) == LineKey::of(line)))
                        .count();
                    prop_assert!(holders >= 2, "{line:?} removed from one document");
                }
            }
        }
    }
}

#[test]
fn a_full_tally_forgets_lines_seen_once_and_keeps_recurring_ones() {
    let mut lines = CollectionLines::new();
    for i in 0..4 {
        lines.observe(&page(i), None);
    }
    // The template's ten lines are in four documents, the quote in three,
    // each of the twelve body lines in one: full at 22, half is 11.
    assert_eq!(lines.counted(), 23);
    lines.keep_within(22);
    assert_eq!(lines.counted(), 11);
    assert!(lines.counts.values().all(|&n| n > 1));
    let furniture = lines.learn();
    assert!(furniture.recurrence(BOTTOM[2], None).is_some());
    assert!(furniture.recurrence(BODIES[0][1], None).is_none());
}

#[test]
fn furniture_serialises_to_the_same_bytes_and_back() {
    let pages: Vec<String> = (0..4).map(page).collect();
    let sited = || {
        let mut lines = CollectionLines::new();
        for p in &pages {
            lines.observe(p, Some("gazette-plateau.example"));
        }
        lines.learn()
    };
    for (furniture, learned_again) in [(learned(&pages), learned(&pages)), (sited(), sited())] {
        let bytes = serde_json::to_vec(&furniture).expect("serialises");
        // Learned anew: other hash maps, other iteration orders.
        let again = serde_json::to_vec(&learned_again).expect("serialises");
        assert_eq!(bytes, again, "the same furniture, the same bytes");
        let back: CollectionFurniture = serde_json::from_slice(&bytes).expect("deserialises");
        assert_eq!(back, furniture);
        assert!(!back.is_empty());
    }
}
