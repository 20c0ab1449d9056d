//! Cleaning tests on hand-written articles (the team's own words).

use super::*;
use filrouge_model::{DocumentId, Metadata, Source};

fn doc(text: &str, title: Option<&str>) -> Document {
    let source = Source::text_file("test.txt", text.len() as u64);
    let metadata = Metadata {
        title: title.map(str::to_string),
        ..Metadata::default()
    };
    Document::new(DocumentId("t".into()), source, metadata, text.to_string())
}

fn clean(text: &str, title: Option<&str>) -> Document {
    Cleaner::new(Lexicon::bundled()).clean(doc(text, title))
}

fn rules(d: &Document) -> Vec<&'static str> {
    d.removals.iter().map(|r| r.rule.as_str()).collect()
}

const P1: &str = "La préfecture a ordonné mardi l'évacuation de trois quartiers riverains de la Lisère après la rupture d'une conduite.";
const P2: &str = "« Nous avons agi dans l'urgence », a expliqué le sous-préfet, M. Caradec, lors d'un point presse improvisé.";
const P3: &str =
    "Les habitants pourront regagner leur domicile jeudi au plus tôt, selon la mairie.";

#[test]
fn repeated_paragraphs_are_dropped_and_recorded() {
    let text = format!("{P1}\n{P2}\n{P3}\n{P2}\n{P3}");
    let d = clean(&text, None);
    assert_eq!(rules(&d), ["repeated-paragraph", "repeated-paragraph"]);
    assert_eq!(d.text, format!("{P1}\n\n{P2}\n\n{P3}"));
    assert_eq!(d.removals[0].reason, "repeats paragraph 2 verbatim");
    // The removal points at the second copy in the original.
    assert_eq!(
        d.removals[0].span.start,
        text.rfind(P2).expect("second copy")
    );
    assert_eq!(d.removals[0].text, P2);
}

#[test]
fn repeated_title_site_name_comment_form_and_credit() {
    let title = "Crue de la Lisère : trois quartiers évacués";
    let text = format!(
        "{title}\n\n{title}\n\n{P1}\n\n{P2}\n\n{P3}\n\nSource : agence tass\n\nlecourrierduval\n\nLaisser un commentaire\n\nVotre adresse e-mail ne sera pas publiée (champs obligatoires marqués *)\n\nNom *"
    );
    let d = clean(&text, Some(title));
    assert_eq!(
        rules(&d),
        [
            "repeated-title",
            "credit-line",
            "site-name",
            "boilerplate-tail",
            "boilerplate-tail",
            "boilerplate-tail"
        ]
    );
    assert_eq!(d.text, format!("{title}\n\n{P1}\n\n{P2}\n\n{P3}"));
    assert_eq!(d.metadata.credits.len(), 1);
    assert_eq!(d.metadata.credits[0].agency, "TASS");
    let roles: Vec<ParagraphRole> = d
        .layer("paragraph")
        .map(|a| match a.label {
            Label::Paragraph { role, .. } => role,
            _ => unreachable!("paragraph layer"),
        })
        .collect();
    assert_eq!(roles[0], ParagraphRole::Title);
    assert_eq!(roles.len(), 4);
}

#[test]
fn boilerplate_lines_inside_the_body() {
    let text = format!("{P1}\nLire aussi : les digues de la vallée sous surveillance\n{P2}\nPartager sur Facebook\n{P3}");
    let d = clean(&text, None);
    assert_eq!(rules(&d), ["boilerplate", "boilerplate"]);
    assert!(
        d.removals[0].reason.contains("fr/boilerplate.txt"),
        "{}",
        d.removals[0].reason
    );
}

#[test]
fn section_headings_are_kept_with_their_role() {
    let text = format!("{P1}\nLe coût des travaux\n{P2}\n{P3}");
    let d = clean(&text, None);
    assert!(d.removals.is_empty());
    let heading = d
        .layer("paragraph")
        .find(|a| {
            matches!(
                a.label,
                Label::Paragraph {
                    role: ParagraphRole::Heading,
                    ..
                }
            )
        })
        .expect("a heading");
    assert_eq!(d.slice(heading.span), "Le coût des travaux");
}

#[test]
fn inline_agency_credit_is_recorded_without_removing_text() {
    let text = format!("NANTES (AFP) - {P1}\n{P2}");
    let d = clean(&text, None);
    assert!(d.removals.is_empty());
    assert_eq!(
        d.metadata.credits.first().map(|c| c.agency.as_str()),
        Some("AFP")
    );
    assert!(d.text.starts_with("NANTES (AFP)"));
}

#[test]
fn every_kept_byte_maps_back_to_the_original() {
    let text = format!("Titre court\n\n«\u{a0}Citation\u{a0}» d\u{2019}abord.\n\n{P1}\n\n{P1}");
    let d = clean(&text, Some("Titre court"));
    for para in d.layer("paragraph") {
        let orig = d.original_span(para.span);
        let back = &d.original[orig.range()];
        let (renormalised, _) = normalise(back);
        assert_eq!(renormalised, d.slice(para.span));
    }
}

#[test]
fn cleaning_is_deterministic() {
    let text = format!("{P1}\n{P2}\n{P2}\nNom *");
    assert_eq!(clean(&text, None), clean(&text, None));
}

#[test]
fn learned_lines_are_removed_for_their_site_only() {
    let furniture = "Le Courrier du Val, votre quotidien depuis 1921";
    let mut counts = SiteLineCounts::new();
    for i in 0..4 {
        counts.observe(
            "courrier-du-val",
            &format!("Article {i} sur la crue.\n{furniture}"),
        );
    }
    let learned = counts.learn(3);
    let mut d = doc(&format!("{P1}\n{furniture}\n{P2}"), None);
    d.metadata.site = Some("courrier-du-val".into());
    let cleaned = Cleaner::new(Lexicon::bundled())
        .with_learned(&learned)
        .clean(d.clone());
    assert_eq!(rules(&cleaned), ["learned-boilerplate"]);
    d.metadata.site = Some("autre-site".into());
    let other = Cleaner::new(Lexicon::bundled())
        .with_learned(&learned)
        .clean(d);
    assert!(other.removals.is_empty());
}
