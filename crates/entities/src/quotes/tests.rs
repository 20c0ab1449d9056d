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
        if c == '\n' {
            if start < i {
                d.annotations
                    .push(Annotation::new(Span::new(start, i), Label::Sentence));
            }
            start = i + 1;
        } else if c == '.' && text[i + 1..].starts_with(' ') || i + c.len_utf8() == text.len() {
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
fn english_that_s_is_no_that_and_according_to_him_is_the_last_speaker() {
    let mut d = doc(
        "“We will win,” Tom Eady said. He said that's not true at all. According to him, the vote will be close.",
        &["Tom Eady"],
    );
    d.metadata.lang = Some("en".into());
    let indirect = indirect_of(d);
    assert_eq!(
        indirect,
        [
            pair("that's not true at all", "Tom Eady"),
            pair("the vote will be close", "Tom Eady")
        ]
    );
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

#[test]
fn a_transcript_label_names_its_line_until_the_next_one() {
    let text = "Extrait de l'entretien d'Anne Durand :\n« LEROY : Que pensez-vous du budget ?\n« DURAND : Il est trop juste.\n« Nous le dirons au ministre.\n« LEROY : Et ensuite ?\n« DURAND : Nous verrons. »";
    let got = who(text, &["Anne Durand"]);
    let speakers: Vec<_> = got.iter().map(|(_, s)| s.as_deref()).collect();
    assert_eq!(
        speakers,
        [
            Some("Leroy"),
            Some("Anne Durand"),
            Some("Anne Durand"),
            Some("Leroy"),
            Some("Anne Durand"),
        ],
        "{got:?}"
    );
}

#[test]
fn a_signature_after_a_quote_is_its_speaker() {
    let text = "Des habitants nous ont écrit.\n« Nous resterons ici. » — Jeanne Martin\n« Le village vivra. » ― Luc Bernard.";
    let got = who(text, &[]);
    assert_eq!(
        got,
        [
            pair("Nous resterons ici.", "Jeanne Martin"),
            pair("Le village vivra.", "Luc Bernard"),
        ]
    );
    let mut d = doc("“We will stay.” — Jo Ruiz", &[]);
    d.metadata.lang = Some("en".into());
    assert_eq!(quotes(d)[0].1.as_deref(), Some("Jo Ruiz"));
}

#[test]
fn a_quote_after_to_be_in_a_that_clause_is_the_main_subjects() {
    let text = "Paul Morin a affirmé que Claire Vidal était « incompétente ». Paul Morin a précisé que Claire Vidal a « refusé tout dialogue ».";
    let got = who(text, &["Paul Morin", "Claire Vidal"]);
    assert!(got.contains(&pair("incompétente", "Paul Morin")), "{got:?}");
    assert!(
        got.contains(&pair("refusé tout dialogue", "Claire Vidal")),
        "{got:?}"
    );
    let text = "Tom Eady wrote that Jane Roe was “a fraud” and that Lee Park had shown poor judgment in hiring Jane Roe “as a mentor.”";
    let mut d = doc(text, &["Tom Eady", "Jane Roe", "Lee Park"]);
    d.metadata.lang = Some("en".into());
    let got: Vec<_> = quotes(d).into_iter().map(|(q, s, _, _)| (q, s)).collect();
    assert!(got.contains(&pair("a fraud", "Tom Eady")), "{got:?}");
    assert!(got.contains(&pair("as a mentor.", "Tom Eady")), "{got:?}");
}

#[test]
fn a_long_apposition_after_the_quote_keeps_its_verb() {
    let text = "« Ce texte est mauvais », Jeanne Martin, la présidente du conseil régional de la Manche, l'une des élues opposées au projet, a déclaré.";
    let got = who(text, &["Jeanne Martin"]);
    assert_eq!(got, [pair("Ce texte est mauvais", "Jeanne Martin")]);
    let text = "“This is wrong,” Jo Ruiz (R-Ohio), a panel member, said. “It is late,” said Council President Ada Lenk.";
    let mut d = doc(text, &["Jo Ruiz"]);
    d.metadata.lang = Some("en".into());
    let speakers: Vec<_> = quotes(d).into_iter().map(|(_, s, _, _)| s).collect();
    assert_eq!(speakers, [Some("Jo Ruiz".into()), Some("Ada Lenk".into())]);
}

/// `text` with its sentences cut after each of `cuts` (as a splitter cuts
/// after "?" and a closing mark), `people` marked.
fn doc_cut(text: &str, cuts: &[&str], people: &[&str], lang: &str) -> Document {
    let mut d = doc(text, people);
    d.metadata.lang = Some(lang.into());
    d.annotations
        .retain(|a| !matches!(a.label, Label::Sentence));
    let mut start = 0;
    for cut in cuts {
        let Some(at) = text[start..].find(cut).map(|k| start + k + cut.len()) else {
            continue;
        };
        d.annotations
            .push(Annotation::new(Span::new(start, at), Label::Sentence));
        start = at + 1;
    }
    d.annotations.push(Annotation::new(
        Span::new(start, text.len()),
        Label::Sentence,
    ));
    d
}

#[test]
fn a_question_cut_from_its_attribution_keeps_it() {
    let text = "Paul Morin était là. « Pourquoi maintenant ? » a demandé Jeanne Martin.";
    let d = doc_cut(
        text,
        &["là.", "? »"],
        &["Paul Morin", "Jeanne Martin"],
        "fr",
    );
    assert_eq!(quotes(d)[0].1.as_deref(), Some("Jeanne Martin"));
    let text = "Tom Eady was there. “Why now?” Jo Ruiz said.";
    let d = doc_cut(text, &["there.", "?”"], &["Tom Eady", "Jo Ruiz"], "en");
    assert_eq!(quotes(d)[0].1.as_deref(), Some("Jo Ruiz"));
}

#[test]
fn a_participle_speaks_for_the_sentences_first_person() {
    let text = "Claire Vidal a rencontré la famille de Paul Morin, précisant que la situation devenait « intenable ».";
    let got = who(text, &["Claire Vidal", "Paul Morin"]);
    assert!(got.contains(&pair("intenable", "Claire Vidal")), "{got:?}");
    let text = "Selon Claire Vidal, Paul Morin a admis que « rien n'avançait », ajoutant qu'il restait « confiant ».";
    let got = who(text, &["Claire Vidal", "Paul Morin"]);
    assert!(got.contains(&pair("confiant", "Paul Morin")), "{got:?}");
    let text =
        "Jane Roe spoke of the death of Tom Eady, arguing that such deaths are “unbearable.”";
    let mut d = doc(text, &["Jane Roe", "Tom Eady"]);
    d.metadata.lang = Some("en".into());
    let got: Vec<_> = quotes(d).into_iter().map(|(q, s, _, _)| (q, s)).collect();
    assert!(got.contains(&pair("unbearable.", "Jane Roe")), "{got:?}");
}

#[test]
fn the_person_a_quote_describes_is_no_speaker() {
    let text = "« Nous avançons », a dit Claire Vidal. Lors du conseil, la maire a présenté Paul Morin comme un « partenaire fiable ».";
    let got = who(text, &["Claire Vidal", "Paul Morin"]);
    assert_eq!(got.last(), Some(&pair("partenaire fiable", "Claire Vidal")));
    let text = "“We move on,” Jane Roe said. At the hearing, the mayor went after Tom Eady as a “reckless partner.”";
    let mut d = doc(text, &["Jane Roe", "Tom Eady"]);
    d.metadata.lang = Some("en".into());
    let got: Vec<_> = quotes(d).into_iter().map(|(q, s, _, _)| (q, s)).collect();
    assert_eq!(got.last(), Some(&pair("reckless partner.", "Jane Roe")));
}

#[test]
fn a_name_before_a_verb_is_no_run_across_a_comma() {
    let text =
        "Quand il travaillait avec Paul Morin, Ferrand a également noté un « climat pesant ».";
    let got = who(text, &["Paul Morin"]);
    assert_eq!(got, [pair("climat pesant", "Ferrand")]);
    let text = "While he served under Tom Eady, Brill also noted several “flaws.”";
    let mut d = doc(text, &["Tom Eady"]);
    d.metadata.lang = Some("en".into());
    assert_eq!(quotes(d)[0].1.as_deref(), Some("Brill"));
}

#[test]
fn a_reporting_word_after_an_article_is_a_noun() {
    let text = "“It is an overreach,” Jo Ruiz, the attorney general of one of the states suing the agency, said on Monday.";
    let mut d = doc(text, &["Jo Ruiz"]);
    d.metadata.lang = Some("en".into());
    let got: Vec<_> = quotes(d).into_iter().map(|(q, s, _, _)| (q, s)).collect();
    assert_eq!(got, [pair("It is an overreach,", "Jo Ruiz")]);
    let text = "« Le dossier est clos », Jeanne Martin, qui a lu un rapport de la commission, a déclaré. Paul Morin le répète : « Rien ne bouge ».";
    let got = who(text, &["Jeanne Martin", "Paul Morin"]);
    assert_eq!(
        got,
        [
            pair("Le dossier est clos", "Jeanne Martin"),
            pair("Rien ne bouge", "Paul Morin")
        ]
    );
}

#[test]
fn the_person_opening_a_colon_introduction_speaks() {
    let text = "« Le budget est voté », a dit Claire Vidal. Paul Morin a poursuivi : « Il manque les écoles. »";
    let got = who(text, &["Claire Vidal", "Paul Morin"]);
    assert_eq!(
        got.last(),
        Some(&pair("Il manque les écoles.", "Paul Morin"))
    );
    let text = "“It passed,” Jane Roe said. Tom Eady went on: “The schools are missing.”";
    let mut d = doc(text, &["Jane Roe", "Tom Eady"]);
    d.metadata.lang = Some("en".into());
    let got: Vec<_> = quotes(d).into_iter().map(|(q, s, _, _)| (q, s)).collect();
    assert_eq!(
        got.last(),
        Some(&pair("The schools are missing.", "Tom Eady"))
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

/// `d` read as English.
fn english(text: &str, people: &[&str]) -> Document {
    let mut d = doc(text, people);
    d.metadata.lang = Some("en".into());
    d
}

#[test]
fn an_inverted_pronoun_after_a_quote_is_the_last_speaker_not_the_last_name() {
    let text = "« L'échange a duré une heure », a déclaré Marc Delorme. Il a aussi parlé d'une visite avec Paul Morin à Genève. « Rien n'est encore fixé », a-t-il ajouté.";
    let got = who(text, &["Marc Delorme", "Paul Morin"]);
    assert_eq!(
        got.last(),
        Some(&pair("Rien n'est encore fixé", "Marc Delorme")),
        "{got:?}"
    );
}

#[test]
fn an_unknown_verb_after_a_quote_never_gives_it_to_the_previous_speaker() {
    // The verb is not a reporting verb of the data: its subject still
    // speaks, and with no one named the quote has no speaker.
    let text = "« Le budget est bouclé », a déclaré Claire Vidal. « Personne ne sera oublié », a résumé Paul Morin. « Tout est prêt », a tranché le nouveau venu.";
    let got = who(text, &["Claire Vidal", "Paul Morin"]);
    assert_eq!(
        got,
        [
            pair("Le budget est bouclé", "Claire Vidal"),
            pair("Personne ne sera oublié", "Paul Morin"),
            ("Tout est prêt".to_string(), None),
        ]
    );
}

#[test]
fn an_unknown_verb_before_a_quote_speaks_with_its_subject() {
    let text = "« Le budget est bouclé », a déclaré Claire Vidal. Paul Morin a tonné : « Ce budget oublie les écoles ».";
    let got = who(text, &["Claire Vidal", "Paul Morin"]);
    assert_eq!(
        got.last(),
        Some(&pair("Ce budget oublie les écoles", "Paul Morin"))
    );
}

#[test]
fn an_unknown_verb_before_a_colon_never_gives_the_quote_to_the_previous_speaker() {
    let text = "« Le budget est bouclé », a déclaré Claire Vidal. Le nouveau venu a tonné : « Ce budget oublie les écoles ». Elle a tempêté : « Relisez-le ».";
    let got = who(text, &["Claire Vidal"]);
    assert_eq!(
        got,
        [
            pair("Le budget est bouclé", "Claire Vidal"),
            ("Ce budget oublie les écoles".to_string(), None),
            pair("Relisez-le", "Claire Vidal"),
        ]
    );
}

#[test]
fn a_decimal_comma_is_no_comma_of_the_sentence() {
    let text = "Le chantier a coûté 3,5 millions d'euros de plus que prévu, a déclaré Claire Vidal. « Il en faudra 1,2 million de plus, et vite », a ajouté Paul Morin.";
    let got = quotes(doc(text, &["Claire Vidal", "Paul Morin"]));
    let rows: Vec<(&str, Option<&str>)> = got
        .iter()
        .map(|(q, s, _, _)| (q.as_str(), s.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Le chantier a coûté 3,5 millions d'euros de plus que prévu",
                Some("Claire Vidal")
            ),
            (
                "Il en faudra 1,2 million de plus, et vite",
                Some("Paul Morin")
            ),
        ]
    );
    // A decimal comma takes no place among the sentence's last commas,
    // and cuts no quote as an incise would.
    let text = "La ville versera 2,5 millions d'euros, a déclaré Claire Vidal, dont 0,5 million pour les écoles. « Il faut 1,5, a-t-elle dit, pas davantage. »";
    let got = who(text, &["Claire Vidal"]);
    assert_eq!(
        got,
        [
            pair("La ville versera 2,5 millions d'euros", "Claire Vidal"),
            pair("Il faut 1,5", "Claire Vidal"),
            pair("pas davantage.", "Claire Vidal"),
        ]
    );
}

#[test]
fn english_said_before_or_after_the_name() {
    let text = "“The mill will reopen in spring,” said Ana Lind. “We still need the permits,” Tom Eady said. Ana Lind said the town would pay for the road. The loan is not signed yet, Tom Eady said.";
    let all = quotes(english(text, &["Ana Lind", "Tom Eady"]));
    let got: Vec<_> = all.into_iter().map(|(q, s, _, _)| (q, s)).collect();
    assert_eq!(
        got,
        [
            pair("The mill will reopen in spring,", "Ana Lind"),
            pair("We still need the permits,", "Tom Eady"),
            pair("the town would pay for the road", "Ana Lind"),
            pair("The loan is not signed yet", "Tom Eady"),
        ]
    );
}

#[test]
fn french_reported_speech_without_quote_marks() {
    let text = "Marc Delorme a réaffirmé sa volonté de rouvrir la ligne avant l'été. Paul Morin a évoqué la nécessité de renforcer les digues du port. Les travaux reprendront en mars, a précisé Claire Vidal.";
    let got = indirect_of(doc(text, &["Marc Delorme", "Paul Morin", "Claire Vidal"]));
    assert_eq!(
        got,
        [
            pair("sa volonté de rouvrir la ligne avant l'été", "Marc Delorme"),
            pair("la nécessité de renforcer les digues du port", "Paul Morin"),
            pair("Les travaux reprendront en mars", "Claire Vidal"),
        ]
    );
}

#[test]
fn an_attribution_ending_with_a_colon_introduces_and_closes_nothing() {
    let text = "The mayor Ana Lind spoke at the plant. During the visit on Monday, she told the workers:\n\n“The line will run again by May.”";
    let got = quotes(english(text, &["Ana Lind"]));
    let rows: Vec<(&str, Option<&str>)> = got
        .iter()
        .map(|(q, s, _, _)| (q.as_str(), s.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [("The line will run again by May.", Some("Ana Lind"))]
    );
}

#[test]
fn a_group_before_a_reporting_verb_speaks_and_a_name_apposed_to_a_role_speaks() {
    let text = "“We will pay,” Tom Eady said. The local boaters' association said the offer was “far too low” for its members.";
    let got = quotes(english(text, &["Tom Eady"]));
    let low = got.iter().find(|(q, ..)| q == "far too low");
    assert_eq!(
        low.and_then(|(_, s, _, _)| s.as_deref()),
        Some("The local boaters' association")
    );
    let text = "La digue sera rehaussée de deux mètres, selon le porte-parole de la préfecture, Mme Paule Morin, qui « ne promet rien » pour l'hiver.";
    let got = indirect_of(doc(text, &["Paule Morin"]));
    assert_eq!(
        got,
        [pair(
            "La digue sera rehaussée de deux mètres",
            "Paule Morin"
        )]
    );
}

#[test]
fn a_short_role_before_a_reporting_verb_stands_for_the_last_speaker() {
    let text = "« Les discussions continuent », a déclaré Marc Delorme. Le diplomate a également noté que « rien ne se fera sans accord ».";
    let got = who(text, &["Marc Delorme"]);
    assert_eq!(
        got.last(),
        Some(&pair("rien ne se fera sans accord", "Marc Delorme"))
    );
}

#[test]
fn reported_words_after_selon_end_at_a_colon_before_a_quote() {
    let text = "Selon Marc Delorme, la digue ne tiendra pas un hiver de plus : « Il faut la refaire entièrement. »";
    let got = quotes(doc(text, &["Marc Delorme"]));
    let rows: Vec<(&str, Option<&str>)> = got
        .iter()
        .map(|(q, s, _, _)| (q.as_str(), s.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "la digue ne tiendra pas un hiver de plus",
                Some("Marc Delorme")
            ),
            ("Il faut la refaire entièrement.", Some("Marc Delorme")),
        ]
    );
}

#[test]
fn a_fronted_phrase_before_an_inset_attribution_is_no_reported_speech() {
    let text = "Pendant ses dix ans de mandat, a déclaré Jeanne Martin, trois écoles ont ouvert dans le canton.";
    let got = indirect_of(doc(text, &["Jeanne Martin"]));
    assert_eq!(
        got,
        [pair(
            "trois écoles ont ouvert dans le canton",
            "Jeanne Martin"
        )]
    );
    let text = "During his years in office, Jo Ruiz said, the plan grew to cover every county.";
    let mut d = doc(text, &["Jo Ruiz"]);
    d.metadata.lang = Some("en".into());
    assert_eq!(
        indirect_of(d),
        [pair("the plan grew to cover every county", "Jo Ruiz")]
    );
    // A pronoun after the attribution's comma, past its end: no panic.
    let text = "The mine closed early, Jo Ruiz said, he was told by the owners.";
    let mut d = doc(text, &["Jo Ruiz"]);
    d.metadata.lang = Some("en".into());
    indirect_of(d);
}
