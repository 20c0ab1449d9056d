//! Tagger tests on sentences written for them.

use super::*;

fn dct(v: &str) -> Option<PartialDate> {
    PartialDate::parse(v)
}

/// (extent, type, value, modifier) of every expression.
fn tag(lang: &str, text: &str, at: &str) -> Vec<(String, String, String, String)> {
    TimeTagger::bundled()
        .tag(text, lang, dct(at))
        .into_iter()
        .map(|t| {
            (
                text[t.span.range()].to_string(),
                t.expression.kind.as_str().to_string(),
                t.expression.value,
                t.expression.modifier.unwrap_or_default(),
            )
        })
        .collect()
}

fn values(lang: &str, text: &str, at: &str) -> Vec<(String, String)> {
    tag(lang, text, at)
        .into_iter()
        .map(|(e, _, v, _)| (e, v))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn smoke() {
    let got = values("fr", "Le sommet a eu lieu hier.", "2025-07-03");
    assert_eq!(got, pairs(&[("hier", "2025-07-02")]));
}

/// The value of the only expression whose extent is `extent`.
fn value_of(lang: &str, text: &str, at: &str, extent: &str) -> (String, String, String) {
    let all = tag(lang, text, at);
    let found: Vec<_> = all.iter().filter(|(e, ..)| e == extent).collect();
    assert_eq!(found.len(), 1, "{extent:?} in {text:?}: got {all:?}");
    let (_, kind, value, modifier) = found[0].clone();
    (kind, value, modifier)
}

fn check(lang: &str, text: &str, extent: &str, kind: &str, value: &str, modifier: &str) {
    let got = value_of(lang, text, "2025-07-03", extent);
    assert_eq!(
        got,
        (kind.to_string(), value.to_string(), modifier.to_string()),
        "{extent:?} in {text:?}"
    );
}

#[test]
fn full_dates_in_common_forms() {
    check(
        "fr",
        "L'accord a été conclu le 3 juillet 2025 à Genève.",
        "le 3 juillet 2025",
        "DATE",
        "2025-07-03",
        "",
    );
    check(
        "fr",
        "La manifestation du 1er mai a rassemblé du monde.",
        "1er mai",
        "DATE",
        "2025-05-01",
        "",
    );
    check(
        "fr",
        "Rapport publié le 03/07/2025.",
        "le 03/07/2025",
        "DATE",
        "2025-07-03",
        "",
    );
    check(
        "en",
        "The deal was signed on July 3, 2025 in Geneva.",
        "July 3, 2025",
        "DATE",
        "2025-07-03",
        "",
    );
    check(
        "fr",
        "Il reviendra le 20 septembre.",
        "le 20 septembre",
        "DATE",
        "2025-09-20",
        "",
    );
}

#[test]
fn weekdays_alone_or_with_a_date() {
    check(
        "fr",
        "Les ministres se sont vus ce jeudi 3 juillet à Rome.",
        "ce jeudi 3 juillet",
        "DATE",
        "2025-07-03",
        "",
    );
    check(
        "fr",
        "Le texte a été voté mercredi par les députés.",
        "mercredi",
        "DATE",
        "2025-07-02",
        "",
    );
    check(
        "fr",
        "Il s'est exprimé jeudi soir devant la presse.",
        "jeudi soir",
        "TIME",
        "2025-07-03TEV",
        "",
    );
    check(
        "en",
        "The mayor resigned last Thursday.",
        "last Thursday",
        "DATE",
        "2025-06-26",
        "",
    );
    check(
        "fr",
        "Le match se jouera samedi prochain.",
        "samedi prochain",
        "DATE",
        "2025-07-05",
        "",
    );
}

#[test]
fn relative_days_weeks_months_and_years() {
    check(
        "fr",
        "Le ministre a démissionné hier.",
        "hier",
        "DATE",
        "2025-07-02",
        "",
    );
    check(
        "fr",
        "La crue a commencé avant-hier.",
        "avant-hier",
        "DATE",
        "2025-07-01",
        "",
    );
    check(
        "fr",
        "Les prix ont baissé la semaine dernière.",
        "la semaine dernière",
        "DATE",
        "2025-W26",
        "",
    );
    check(
        "fr",
        "Le pont a fermé il y a deux semaines.",
        "il y a deux semaines",
        "DATE",
        "2025-06-19",
        "",
    );
    check(
        "fr",
        "Les résultats seront connus dans trois jours.",
        "dans trois jours",
        "DATE",
        "2025-07-06",
        "",
    );
    check(
        "en",
        "The bridge reopened yesterday.",
        "yesterday",
        "DATE",
        "2025-07-02",
        "",
    );
    check(
        "en",
        "The talks broke down two weeks ago.",
        "two weeks ago",
        "DATE",
        "2025-06-19",
        "",
    );
    check(
        "en",
        "Sales rose earlier this month.",
        "this month",
        "DATE",
        "2025-07",
        "",
    );
    check(
        "fr",
        "Les ventes ont chuté l'an dernier.",
        "l'an dernier",
        "DATE",
        "2024",
        "",
    );
    check(
        "fr",
        "Le chômage baissera cette année.",
        "cette année",
        "DATE",
        "2025",
        "",
    );
}

#[test]
fn narrative_days_follow_the_last_mentioned_date() {
    let text = "Le sommet s'est ouvert le 10 juin. La veille, les délégués avaient dîné ensemble; le lendemain, ils sont repartis.";
    check("fr", text, "le 10 juin", "DATE", "2025-06-10", "");
    check("fr", text, "La veille", "DATE", "2025-06-09", "");
    check("fr", text, "le lendemain", "DATE", "2025-06-10", "");
    let tagged = TimeTagger::bundled().tag(text, "fr", dct("2025-07-03"));
    let veille = tagged
        .iter()
        .find(|t| &text[t.span.range()] == "La veille")
        .expect("tagged");
    assert_eq!(
        veille.expression.anchor,
        filrouge_model::TimexAnchor::Reference
    );
}

#[test]
fn parts_of_periods() {
    check(
        "fr",
        "Les négociations avaient eu lieu mi-mai.",
        "mi-mai",
        "DATE",
        "2025-05",
        "MID",
    );
    check(
        "fr",
        "Les travaux reprendront début janvier.",
        "début janvier",
        "DATE",
        "2026-01",
        "START",
    );
    check(
        "fr",
        "La loi entrera en vigueur fin 2024.",
        "fin 2024",
        "DATE",
        "2024",
        "END",
    );
    check(
        "en",
        "Shipments resumed in early January.",
        "early January",
        "DATE",
        "2025-01",
        "START",
    );
}

#[test]
fn seasons_and_holidays() {
    check(
        "fr",
        "Ils se retrouveront à Noël.",
        "Noël",
        "DATE",
        "2025-12-25",
        "",
    );
    check(
        "fr",
        "Il a salué la fête du 4 juillet.",
        "4 juillet",
        "DATE",
        "2025-07-04",
        "",
    );
    check(
        "en",
        "The shops close at Christmas.",
        "Christmas",
        "DATE",
        "2025-12-25",
        "",
    );
    check(
        "fr",
        "Le festival aura lieu cet été.",
        "cet été",
        "DATE",
        "2025-SU",
        "",
    );
    let got = value_of(
        "fr",
        "Ils ont échangé leurs vœux pour le Nouvel An.",
        "2025-07-03",
        "le Nouvel An",
    );
    assert!(got.1.ends_with("-01-01"), "{got:?}");
}

#[test]
fn clock_times() {
    check(
        "fr",
        "La séance a repris à 13h00.",
        "13h00",
        "TIME",
        "2025-07-03T13:00",
        "",
    );
    check(
        "fr",
        "Rendez-vous à 13 h 30 devant la mairie.",
        "13 h 30",
        "TIME",
        "2025-07-03T13:30",
        "",
    );
    check(
        "en",
        "The vote opens at 1 p.m. sharp.",
        "1 p.m.",
        "TIME",
        "2025-07-03T13:00",
        "",
    );
}

#[test]
fn time_zones_and_quarters() {
    check(
        "en",
        "Trading resumes at 08:00 UTC on Monday.",
        "08:00 UTC",
        "TIME",
        "2025-07-03T08:00Z",
        "",
    );
    check(
        "en",
        "Profits rose in the first quarter of 2024.",
        "the first quarter of 2024",
        "DATE",
        "2024-Q1",
        "",
    );
    check(
        "fr",
        "Les ventes du premier trimestre 2024 ont reculé.",
        "premier trimestre 2024",
        "DATE",
        "2024-Q1",
        "",
    );
}

#[test]
fn durations_keep_their_qualifier() {
    check(
        "fr",
        "L'audience a duré une heure et quinze minutes.",
        "une heure et quinze minutes",
        "DURATION",
        "PT1H15M",
        "",
    );
    check(
        "fr",
        "Leur échange a duré près d'une heure et demie.",
        "près d'une heure et demie",
        "DURATION",
        "PT1H30M",
        "APPROX",
    );
    check(
        "fr",
        "Ils ont parlé plus d'une heure.",
        "plus d'une heure",
        "DURATION",
        "PT1H",
        "MORE_THAN",
    );
    check(
        "fr",
        "L'appel a duré environ une heure.",
        "environ une heure",
        "DURATION",
        "PT1H",
        "APPROX",
    );
    check(
        "en",
        "The hearing lasted an hour and a half.",
        "an hour and a half",
        "DURATION",
        "PT1H30M",
        "",
    );
    check(
        "fr",
        "Il a travaillé pendant deux heures.",
        "deux heures",
        "DURATION",
        "PT2H",
        "",
    );
}

#[test]
fn sets_years_and_decades() {
    check(
        "fr",
        "Le conseil se réunit chaque semaine.",
        "chaque semaine",
        "SET",
        "P1W",
        "",
    );
    check(
        "fr",
        "Le musée a ouvert en 2019.",
        "2019",
        "DATE",
        "2019",
        "",
    );
    check(
        "fr",
        "La ville a changé dans les années 1990.",
        "les années 1990",
        "DATE",
        "199X",
        "",
    );
}

#[test]
fn no_false_alarms() {
    for text in [
        "Elle a appelé sa sœur, je crois, et ma tante.",
        "Le bâtiment a été rénové avec soin.",
        "Il a étudié la Seconde Guerre mondiale.",
        "Il a vendu 3000 exemplaires de son livre.",
    ] {
        assert!(tag("fr", text, "2025-07-03").is_empty(), "{text:?}");
    }
    assert!(tag(
        "en",
        "They met at Mar-a-Lago and may meet again.",
        "2025-07-03"
    )
    .is_empty());
}

#[test]
fn a_duration_never_becomes_a_timestamp() {
    for (lang, text) in [
        ("fr", "Ils ont discuté pendant deux heures."),
        ("fr", "L'appel a duré une heure et quart."),
        ("en", "They talked for three hours."),
    ] {
        for (extent, kind, value, _) in tag(lang, text, "2025-07-03") {
            assert_eq!(kind, "DURATION", "{extent:?} in {text:?}: {value}");
            assert!(value.starts_with('P'), "{value}");
        }
    }
}

#[test]
fn without_a_document_date_the_year_stays_unknown() {
    let got = values("fr", "Ils se sont parlé le 4 juin puis hier.", "");
    assert_eq!(
        got,
        pairs(&[("le 4 juin", "XXXX-06-04"), ("hier", "XXXX-XX-XX")])
    );
}

fn infer(text: &str) -> filrouge_model::DocumentDate {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    TimeTagger::bundled().infer_date(text, "fr", as_of)
}

#[test]
fn a_weekday_with_its_date_and_a_year_bound_date_the_document() {
    let d =
        infer("Les deux présidents se sont parlé ce jeudi 3 juillet. Ils avaient rompu en 2022.");
    assert_eq!(d.value, "2025-07-03");
    assert_eq!(d.precision, filrouge_model::DatePrecision::Day);
    assert!(d.confidence >= 0.6, "{d:?}");
    assert!(d.reasons.iter().any(|r| r.contains("ce jeudi 3 juillet")));
}

#[test]
fn a_byline_date_beats_dates_in_links_after_the_body() {
    let page = "Les maraîchers inquiets après la grêle\n\
                Par notre correspondant — 3 juillet 2013 à 23h49 — mis à jour le 6 juillet 2013\n\
                La grêle tombée mercredi soir a détruit une partie des récoltes de la plaine, selon la chambre d'agriculture.\n\
                Les exploitants attendent la visite d'un expert avant de chiffrer les pertes.\n\
                À lire aussi\n\
                Les cerises de 2020, une année record\n\
                Le marché en 2024 : ce qui change";
    let d = infer(page);
    assert_eq!(d.value, "2013-07-03", "{d:?}");
    assert!(d.confidence >= 0.8, "{d:?}");
    assert!(
        d.reasons
            .iter()
            .any(|r| r.contains("after the article's body")),
        "{d:?}"
    );
}

#[test]
fn a_report_published_on_a_day_in_the_body_is_no_byline() {
    let page = "Le rapport de la commission, publié le 12 mars 2013, recommandait déjà de fermer la ligne.\n\
                La région a finalement voté sa fermeture mardi, après deux ans de débats.";
    let d = infer(page);
    assert!(!d.reasons.iter().any(|r| r.contains("byline")), "{d:?}");
}

#[test]
fn an_update_date_bounds_the_publication_from_above() {
    let page = "Mis à jour le 14 mars 2019\n\
                Le tribunal a rendu sa décision après trois jours d'audience, a indiqué l'avocat de la famille.\n\
                Les parties ont un mois pour faire appel.";
    let d = infer(page);
    assert!(d.value.starts_with("2019"), "{d:?}");
}

#[test]
fn a_weekday_and_a_date_fitting_several_years_leave_the_year_open() {
    // A Wednesday 3 July is 2013, 2019 and 2024: nothing says which.
    let d = infer("Le maire a inauguré le nouveau pont ce mercredi 3 juillet, sous la pluie.");
    assert_eq!(d.value, "XXXX-07-03", "{d:?}");
}

#[test]
fn a_two_digit_year_does_not_guess_its_century() {
    let d = infer("La séance du 21 avril 25 a été levée à six heures.");
    assert!(d.value.starts_with("XXXX"), "{d:?}");
}

#[test]
fn a_short_first_sentence_is_no_byline() {
    let d = infer(
        "Les faits remontent au 12 mars 2001, dans la forêt.\n\
                   Le prévenu comparaissait hier devant le tribunal, qui a renvoyé l'affaire.",
    );
    assert!(!d.reasons.iter().any(|r| r.contains("byline")), "{d:?}");
}

#[test]
fn an_old_year_named_in_the_text_opens_the_window_back() {
    let d = infer(
        "Par notre envoyé spécial, le 14 janvier 1962\n\
                   Les négociations ont repris hier à Genève entre les deux délégations.",
    );
    assert_eq!(d.value, "1962-01-14", "{d:?}");
}

#[test]
fn weak_evidence_leaves_the_year_unknown() {
    let d = infer("Les ministres se sont retrouvés le 4 juin à Lyon.");
    assert_eq!(d.value, "XXXX-06-04");
    assert!(d.confidence < 0.5, "{d:?}");
    let d = infer("Le conseil s'est réuni mercredi.");
    assert!(d.value.starts_with("XXXX"), "{d:?}");
    let d = infer("Rien de daté ici.");
    assert_eq!(d.precision, filrouge_model::DatePrecision::Unknown);
}

#[test]
fn holidays_and_a_coming_month_point_at_december() {
    let d = infer("Ils ont échangé leurs vœux pour Noël et le Nouvel An; les groupes se réuniront début janvier.");
    assert_eq!(d.value, "XXXX-12", "{d:?}");
}

#[test]
fn linked_documents_refine_a_vague_date() {
    let text = "Jeudi, ils ont parlé une heure et salué le 4 juillet.";
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    let t = TimeTagger::bundled();
    let own = t.infer_date(text, "fr", as_of);
    // Alone, the text says July at most, never a year.
    assert!(own.value.starts_with("XXXX"), "{own:?}");
    // Another document dates the same call: the year follows, and "Jeudi"
    // resolves against the new date.
    let same_call = [LinkedDate::SameEvent {
        date: NaiveDate::from_ymd_opt(2025, 7, 3).expect("date"),
        reason: "the same call is dated 2025-07-03 by another document".into(),
    }];
    let (date, tagged) = t
        .analyze_linked(text, "fr", None, as_of, &same_call)
        .expect("french");
    assert_eq!(date.value, "2025-07-03", "{date:?}");
    assert_eq!(date.source, filrouge_model::DocumentDateSource::Corpus);
    assert!(date.reasons.iter().any(|r| r.contains("another document")));
    assert!(tagged.iter().any(|x| x.expression.value == "2025-07-03"));
    // A bound from an ordinal series moves a day-and-month to the right year.
    let (date, _) = t
        .analyze_linked(
            "Ils se sont parlé le 4 juin.",
            "fr",
            None,
            as_of,
            &[
                LinkedDate::After {
                    date: NaiveDate::from_ymd_opt(2021, 3, 1).expect("date"),
                    reason: "after the second call".into(),
                },
                LinkedDate::Before {
                    date: NaiveDate::from_ymd_opt(2022, 3, 1).expect("date"),
                    reason: "before the fourth call".into(),
                },
            ],
        )
        .expect("french");
    assert_eq!(date.value, "2021-06-04", "{date:?}");
}

#[test]
fn the_stage_prefers_metadata_and_annotates() {
    use filrouge_model::{DocumentId, Metadata, Source};
    let meta = Metadata {
        published: Some("2025-07-03T09:00:00+02:00".into()),
        lang: Some("fr".into()),
        ..Metadata::default()
    };
    let source = Source::text_file("x.txt", 0);
    let doc = Document::new(
        DocumentId("0".into()),
        source,
        meta,
        "Il est arrivé hier.".into(),
    );
    let stage = TimeStage::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"));
    let doc = stage.annotate(doc);
    let date = doc.document_date.expect("dated");
    assert_eq!(
        (date.value.as_str(), date.source),
        ("2025-07-03", filrouge_model::DocumentDateSource::Metadata)
    );
    let times: Vec<_> = doc
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Time(t) => Some(t.value.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(times, ["2025-07-02"]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text made of time words, numbers and marks, to reach the rules.
    fn timeish() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "le", "la", "l'", "hier", "jeudi", "3", "juillet", "2025", "mi-", "mai", "fin", "près",
            "d'", "une", "heure", "et", "demie", "h", "30", "13h00", "/", "07", "dernier",
            "prochain", "il", "y", "a", "deux", "semaines", "Noël", "ce", "soir", "July", "3,",
            "ago", "last", "Thursday", "p.m.", "années", "90", "XIXe", "siècle", "chaque",
            "semaine", "depuis", "-", ".", ",", "\n", "«", "»", "été", "à", "vers",
        ]);
        prop::collection::vec(words, 0..40).prop_map(|w| w.join(" "))
    }

    proptest! {
        /// Tagging never panics, spans lie on character boundaries inside
        /// the text, do not overlap, and values are never empty.
        #[test]
        fn tagging_is_total_and_well_formed(s in "(?s).{0,200}", t in timeish()) {
            for text in [s.as_str(), t.as_str()] {
                for lang in ["fr", "en"] {
                    let tagged = TimeTagger::bundled().tag(text, lang, dct("2025-07-03"));
                    let mut last_end = 0;
                    for x in &tagged {
                        prop_assert!(x.span.start < x.span.end && x.span.end <= text.len());
                        prop_assert!(text.is_char_boundary(x.span.start) && text.is_char_boundary(x.span.end));
                        prop_assert!(x.span.start >= last_end);
                        prop_assert!(!x.expression.value.is_empty());
                        last_end = x.span.end;
                    }
                    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
                    let d = TimeTagger::bundled().infer_date(text, lang, as_of);
                    prop_assert!((0.0..=1.0).contains(&d.confidence));
                    // Never a date after the reference date.
                    if let Some(day) = PartialDate::parse(&d.value).and_then(|p| p.full()) {
                        prop_assert!(day <= as_of);
                    }
                }
            }
        }
    }
}

#[test]
fn a_night_between_two_days_is_the_night_ending_on_the_second() {
    // 2025-07-03 is a Thursday: the night from Tuesday to Wednesday ends on
    // Wednesday 2 July.
    check(
        "fr",
        "Le dépôt a brûlé dans la nuit de mardi à mercredi, selon les pompiers.",
        "la nuit de mardi à mercredi",
        "TIME",
        "2025-07-02TNI",
        "",
    );
    check(
        "fr",
        "Les secours sont intervenus la nuit de mardi.",
        "la nuit de mardi",
        "TIME",
        "2025-07-01TNI",
        "",
    );
    // Alone, still the reference day's night.
    check(
        "fr",
        "Une fuite s'est produite dans la nuit.",
        "la nuit",
        "TIME",
        "2025-07-03TNI",
        "",
    );
}

#[test]
fn a_deadline_ahead_is_ahead() {
    // "d'ici à la fin novembre" said in October: this November, whatever
    // the participle before it ("attendues" is no past).
    let got = values(
        "fr",
        "Les résultats de l'expertise sont attendus « d'ici à la fin novembre », selon la mairie.",
        "2025-10-10",
    );
    assert_eq!(got, pairs(&[("fin novembre", "2025-11")]));
    let got = values("fr", "Le rapport est attendu d'ici fin mars.", "2025-10-10");
    assert_eq!(got, pairs(&[("fin mars", "2026-03")]));
}

#[test]
fn a_noun_far_away_tells_no_tense() {
    // "sécurité" ends as a participle does; "pourrait" looks ahead.
    let got = values(
        "fr",
        "La révision de sécurité des machines est en cours ; ses résultats sont attendus fin novembre.",
        "2025-10-23",
    );
    assert_eq!(got, pairs(&[("fin novembre", "2025-11")]));
    let got = values(
        "fr",
        "Le collectif pourrait saisir la justice début novembre.",
        "2025-10-14",
    );
    assert_eq!(got, pairs(&[("début novembre", "2025-11")]));
}
