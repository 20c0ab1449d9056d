//! Quotes and speakers on documents with sentences and people marked by
//! hand.

use super::*;
use filrouge_model::{DocumentId, Metadata, Source};

/// A document with sentences and person mentions marked by hand.
fn doc(text: &str, people: &[&str]) -> Document {
    let source = Source::text_file("t.txt", 0);
    let meta = Metadata {
        lang: Some("fr".into()),
        ..Metadata::default()
    };
    let mut d = Document::new(DocumentId("q".into()), source, meta, text.into());
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '.' && text[i + 1..].starts_with(' ') || i + c.len_utf8() == text.len() {
            let end = i + c.len_utf8();
            d.annotations
                .push(Annotation::new(Span::new(start, end), Label::Sentence));
            start = end + 1;
        }
    }
    for p in people {
        for (at, _) in text.match_indices(p) {
            d.annotations.push(Annotation::new(
                Span::new(at, at + p.len()),
                Label::Entity {
                    kind: EntityKind::Per,
                    refers_to: None,
                },
            ));
        }
    }
    d
}

/// (quote, speaker, channel, reported by).
type Row = (String, Option<String>, Option<String>, Option<String>);

fn quotes(d: Document) -> Vec<Row> {
    let text = d.text.clone();
    QuoteFinder::bundled()
        .annotate(d)
        .annotations
        .into_iter()
        .filter_map(|a| match a.label {
            Label::Quote {
                speaker,
                channel,
                reported_by,
                ..
            } => Some((
                text[a.span.range()].to_string(),
                speaker,
                channel,
                reported_by,
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn a_titled_work_in_quote_marks_is_no_quote() {
    let text = "Claire Vidal publie le livre « Les Vergers du nord » cette semaine. « Il m'a pris dix ans », a déclaré Claire Vidal.";
    let mut d = doc(text, &["Claire Vidal"]);
    let title = "Les Vergers du nord";
    let at = text.find(title).expect("title");
    d.annotations.push(Annotation::new(
        Span::new(at, at + title.len()),
        Label::Entity {
            kind: EntityKind::Misc,
            refers_to: None,
        },
    ));
    let got = quotes(d);
    let texts: Vec<&str> = got.iter().map(|(q, ..)| q.as_str()).collect();
    assert_eq!(texts, ["Il m'a pris dix ans"]);
}

#[test]
fn speakers_after_before_through_pronouns_and_reporters() {
    let text = "« Le pont rouvrira lundi », a déclaré Claire Vidal. « Les travaux sont finis », a-t-elle ajouté. Selon Paul Morin, Claire Vidal a reconnu que « le chantier a pris du retard ». Paul Morin a écrit sur Mastodon : « Bonne nouvelle ».";
    let got = quotes(doc(text, &["Claire Vidal", "Paul Morin"]));
    let who: Vec<(&str, Option<&str>)> = got
        .iter()
        .map(|(q, s, _, _)| (q.as_str(), s.as_deref()))
        .collect();
    assert_eq!(
        who,
        [
            ("Le pont rouvrira lundi", Some("Claire Vidal")),
            ("Les travaux sont finis", Some("Claire Vidal")),
            ("le chantier a pris du retard", Some("Claire Vidal")),
            ("Bonne nouvelle", Some("Paul Morin")),
        ]
    );
    assert_eq!(got[2].3.as_deref(), Some("Paul Morin"), "reported by");
    assert_eq!(got[0].3, None);
}

#[test]
fn indirect_speech_is_reported_words() {
    let text = "Claire Vidal a indiqué que le pont rouvrira lundi matin. Selon Paul Morin, les travaux ont coûté trop cher.";
    let got = indirect_of(doc(text, &["Claire Vidal", "Paul Morin"]));
    assert_eq!(
        got,
        [
            (
                "le pont rouvrira lundi matin".to_string(),
                Some("Claire Vidal".to_string())
            ),
            (
                "les travaux ont coûté trop cher".to_string(),
                Some("Paul Morin".to_string())
            ),
        ]
    );
}

/// (quote, speaker) pairs of `text` with `people` marked.
fn who(text: &str, people: &[&str]) -> Vec<(String, Option<String>)> {
    quotes(doc(text, people))
        .into_iter()
        .map(|(q, s, _, _)| (q, s))
        .collect()
}

fn pair(q: &str, s: &str) -> (String, Option<String>) {
    (q.to_string(), Some(s.to_string()))
}

/// The reported speech (no quote marks) found in `d`: (words, speaker).
fn indirect_of(d: Document) -> Vec<(String, Option<String>)> {
    let text = d.text.clone();
    QuoteFinder::bundled()
        .annotate(d)
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Quote {
                speaker,
                indirect: true,
                ..
            } => Some((text[a.span.range()].to_string(), speaker.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn an_incise_cuts_a_quote_in_two_halves_of_one_speaker() {
    let text = "Paul Morin a parlé. « Le chantier avance, a-t-elle expliqué, mais le budget manque. » Claire Vidal était présente.";
    let mut got = who(text, &["Paul Morin", "Claire Vidal"]);
    // "elle" has no referent but the last person named before: here the
    // test only checks the cut; the speaker comes from the pronoun.
    got.iter_mut().for_each(|g| g.1 = None);
    let texts: Vec<&str> = got.iter().map(|(q, _)| q.as_str()).collect();
    assert_eq!(texts, ["Le chantier avance", "mais le budget manque."]);
    let named = who(
        "« Je n'y croyais plus, avoue Claire Vidal, encore surprise. Le jury a tranché. »",
        &["Claire Vidal"],
    );
    assert_eq!(
        named,
        [
            pair("Je n'y croyais plus", "Claire Vidal"),
            pair("Le jury a tranché.", "Claire Vidal"),
        ]
    );
}

#[test]
fn commas_inside_a_quote_are_no_incise_without_a_speaker() {
    let text = "« Cette réforme, selon nous, va trop loin », a déclaré Claire Vidal. « Ce projet, annoncé en mai, sera abandonné », a ajouté Claire Vidal.";
    let texts: Vec<String> = who(text, &["Claire Vidal"])
        .into_iter()
        .map(|(q, _)| q)
        .collect();
    assert_eq!(
        texts,
        [
            "Cette réforme, selon nous, va trop loin",
            "Ce projet, annoncé en mai, sera abandonné"
        ]
    );
}

#[test]
fn an_inverted_verb_names_the_pronoun_speaker() {
    let text = "Claire Vidal est arrivée tôt. « Tout est prêt », explique-t-elle.";
    let got = quotes(doc(text, &["Claire Vidal"]));
    assert_eq!(got[0].1.as_deref(), Some("Claire Vidal"));
}

#[test]
fn english_that_s_is_no_reported_speech_and_according_to_him_is() {
    let mut d = doc(
        "“We will win,” Tom Eady said. He said that's not true at all. According to him, the vote will be close.",
        &["Tom Eady"],
    );
    d.metadata.lang = Some("en".into());
    let indirect = indirect_of(d);
    assert_eq!(indirect, [pair("the vote will be close", "Tom Eady")]);
}

#[test]
fn a_quote_over_paragraphs_is_one_quote_per_paragraph() {
    let text = "La maire Claire Vidal a écrit aux habitants :\n\n« Le pont fermera en mai. Les bus feront le détour.\n\n« Je sais ce que cela coûte à chacun. »\n\nPaul Morin a répondu.";
    let got = who(text, &["Claire Vidal", "Paul Morin"]);
    assert_eq!(
        got,
        [
            pair(
                "Le pont fermera en mai. Les bus feront le détour.",
                "Claire Vidal"
            ),
            pair("Je sais ce que cela coûte à chacun.", "Claire Vidal"),
        ]
    );
}

#[test]
fn a_partial_quote_belongs_to_its_sentence_subject() {
    let text = "« Tout ira bien », a déclaré Claire Vidal. Le syndicaliste Paul Morin a dénoncé une réforme « brutale et injuste ».";
    let got = who(text, &["Claire Vidal", "Paul Morin"]);
    assert_eq!(got[1], pair("brutale et injuste", "Paul Morin"));
}

#[test]
fn english_subject_before_the_verb_and_a_role_before_the_name() {
    let text = "“We waited,” plant director Jane Roe said, “and nothing came.” “It is late,” Tom Eady said.";
    let got = who(text, &["Jane Roe", "Tom Eady"]);
    let mut d = doc(text, &["Jane Roe", "Tom Eady"]);
    d.metadata.lang = Some("en".into());
    let en: Vec<_> = quotes(d).into_iter().map(|(q, s, _, _)| (q, s)).collect();
    assert_eq!(
        en,
        [
            pair("We waited,", "Jane Roe"),
            pair("and nothing came.", "Jane Roe"),
            pair("It is late,", "Tom Eady"),
        ],
        "{got:?}"
    );
}

#[test]
fn a_pronoun_stands_for_the_subject_named_since_the_last_quote() {
    let text = "Selon Claire Vidal, les deux maires se sont parlé longuement. Paul Morin a été le premier à le dire. « Un bon échange », a-t-il écrit sur Mastodon.";
    let got = who(text, &["Claire Vidal", "Paul Morin"]);
    assert_eq!(got.last(), Some(&pair("Un bon échange", "Paul Morin")));
}

#[test]
fn words_reported_inside_a_quote_are_the_other_persons() {
    let text = "Paul Morin a vendu le club. « Il m'a promis : \"je garderai les jeunes\". Je veux le croire », a raconté Claire Vidal.";
    let got = quotes(doc(text, &["Paul Morin", "Claire Vidal"]));
    let inner = got
        .iter()
        .find(|(q, ..)| q == "je garderai les jeunes")
        .expect("the inner quote");
    assert_eq!(inner.1.as_deref(), Some("Paul Morin"));
    assert_eq!(inner.3.as_deref(), Some("Claire Vidal"));
}

#[test]
fn selon_and_a_pronoun_is_the_last_speaker() {
    let text = "« Rien n'est joué », a déclaré Claire Vidal. Selon elle, le vote aura lieu en juin prochain.";
    let indirect = indirect_of(doc(text, &["Claire Vidal"]));
    assert_eq!(
        indirect,
        [pair("le vote aura lieu en juin prochain", "Claire Vidal")]
    );
}

proptest::proptest! {
    /// Any text, quote marks, incises, paragraphs and people anywhere:
    /// the finder never panics and its quotes lie on character
    /// boundaries inside the text.
    #[test]
    fn quotes_never_panic_and_stay_in_the_text(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("« ".to_string()),
                proptest::strategy::Just(" »".to_string()),
                proptest::strategy::Just("“".to_string()),
                proptest::strategy::Just("”".to_string()),
                proptest::strategy::Just("\"".to_string()),
                proptest::strategy::Just(", a-t-elle expliqué, ".to_string()),
                proptest::strategy::Just(", raconte Claire Vidal, émue. ".to_string()),
                proptest::strategy::Just("\n\n".to_string()),
                proptest::strategy::Just(" : ".to_string()),
                proptest::strategy::Just("Selon lui, ".to_string()),
                proptest::strategy::Just("a déclaré que ".to_string()),
                proptest::strategy::Just("Claire Vidal".to_string()),
                "[a-zéè’' .,]{0,12}",
            ],
            0..40,
        )
    ) {
        let text: String = parts.concat();
        let d = QuoteFinder::bundled().annotate(doc(&text, &["Claire Vidal"]));
        for a in &d.annotations {
            if matches!(a.label, Label::Quote { .. }) {
                proptest::prop_assert!(a.span.start <= a.span.end && a.span.end <= text.len());
                proptest::prop_assert!(text.get(a.span.range()).is_some());
            }
        }
    }
}

#[test]
fn quote_marks_pair_up() {
    let t = "Il a dit « oui, « vraiment » oui » puis “yes” et \"non\".";
    let spans: Vec<&str> = quote_spans(t).iter().map(|s| &t[s.range()]).collect();
    assert_eq!(spans, ["oui, « vraiment » oui", "yes", "non"]);
    assert!(quote_spans("« jamais fermé").is_empty());
}
