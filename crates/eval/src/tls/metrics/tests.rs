//! Tests of the TLS metrics on timelines written for them. The expected
//! figures of the three ROUGE variants and date F1 were computed by tilse
//! 0.2.1 itself (`TimelineRougeEvaluator(rouge_computation="reimpl")`,
//! `evaluate_concat`, `evaluate_agreement`,
//! `evaluate_align_date_content_costs_many_to_one`, and
//! `dates.evaluate_dates`) on the same timelines: without stemming, with
//! and without stop words, and with NLTK's Snowball English stemmer put
//! in place of its Porter stemmer (the stemmer used here).

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn timeline(entries: &[(&str, &[&str])]) -> Timeline {
    entries
        .iter()
        .map(|(date, sentences)| (d(date), sentences.iter().map(|s| s.to_string()).collect()))
        .collect()
}

fn predicted() -> Timeline {
    timeline(&[
        (
            "2020-03-01",
            &["The river flooded the old town on Sunday ."],
        ),
        (
            "2020-03-04",
            &[
                "Rescue teams reached the valley villages .",
                "The mayor asked for help .",
            ],
        ),
        ("2020-03-20", &["Schools reopened in the old town ."]),
    ])
}

fn reference_a() -> Timeline {
    timeline(&[
        (
            "2020-03-01",
            &["Heavy rain made the river flood the old town ."],
        ),
        (
            "2020-03-03",
            &["Rescue teams reached the villages in the valley ."],
        ),
        (
            "2020-03-19",
            &["The schools of the old town reopened after repairs ."],
        ),
        ("2020-04-02", &["The council voted new flood defences ."]),
    ])
}

fn reference_b() -> Timeline {
    timeline(&[
        ("2020-03-01", &["The old town was flooded by the river ."]),
        ("2020-03-05", &["The mayor asked the government for help ."]),
    ])
}

const PLAIN: RougeOptions = RougeOptions {
    stopwords: false,
    stem: false,
};
const STOP: RougeOptions = RougeOptions {
    stopwords: true,
    stem: false,
};

#[track_caller]
fn close(got: Prf, precision: f64, recall: f64, f1: f64) {
    let ok = |a: f64, b: f64| (a - b).abs() < 1e-12;
    assert!(
        ok(got.precision, precision) && ok(got.recall, recall) && ok(got.f1, f1),
        "got {got:?}, tilse gives P {precision} R {recall} F {f1}"
    );
}

#[test]
fn date_f1_as_tilse() {
    close(
        date_prf(&predicted(), &[reference_a()]),
        1.0 / 3.0,
        0.25,
        0.28571428571428575,
    );
    // Two references: their dates are pooled (5 distinct).
    close(
        date_prf(&predicted(), &[reference_a(), reference_b()]),
        1.0 / 3.0,
        0.2,
        0.25,
    );
}

#[test]
fn one_reference_plain_tokens_as_tilse() {
    let s = score_timeline(&predicted(), &[reference_a()], PLAIN);
    close(s.concat.rouge_1, 0.72, 0.5625, 0.631578947368421);
    close(
        s.concat.rouge_2,
        0.4166666666666667,
        0.3225806451612903,
        0.3636363636363636,
    );
    close(s.agreement.rouge_1, 0.2, 0.15625, 0.17543859649122806);
    close(
        s.agreement.rouge_2,
        0.13636363636363635,
        0.10714285714285714,
        0.11999999999999998,
    );
    close(
        s.align.rouge_1,
        0.44,
        0.3446969696969697,
        0.3865611121838193,
    );
    close(
        s.align.rouge_2,
        0.2727272727272727,
        0.21428571428571427,
        0.23999999999999996,
    );
}

#[test]
fn two_references_plain_tokens_as_tilse() {
    let s = score_timeline(&predicted(), &[reference_a(), reference_b()], PLAIN);
    close(
        s.concat.rouge_1,
        0.6,
        0.6382978723404256,
        0.6185567010309279,
    );
    close(
        s.concat.rouge_2,
        0.3333333333333333,
        0.35555555555555557,
        0.34408602150537637,
    );
    close(
        s.agreement.rouge_1,
        0.22,
        0.23404255319148937,
        0.2268041237113402,
    );
    close(
        s.agreement.rouge_2,
        0.13636363636363635,
        0.14634146341463414,
        0.14117647058823526,
    );
    close(
        s.align.rouge_1,
        0.33,
        0.4261766602192134,
        0.37197206756307394,
    );
    close(
        s.align.rouge_2,
        0.19318181818181818,
        0.25609756097560976,
        0.2202344231955583,
    );
}

#[test]
fn stop_words_dropped_as_tilse() {
    let s = score_timeline(&predicted(), &[reference_a()], STOP);
    close(
        s.concat.rouge_1,
        0.7142857142857143,
        0.5263157894736842,
        0.6060606060606061,
    );
    close(
        s.concat.rouge_2,
        0.15384615384615385,
        0.1111111111111111,
        0.12903225806451615,
    );
    close(
        s.agreement.rouge_1,
        0.14285714285714285,
        0.10526315789473684,
        0.12121212121212122,
    );
    close(s.agreement.rouge_2, 0.0, 0.0, 0.0);
    close(
        s.align.rouge_1,
        0.42857142857142855,
        0.3157894736842105,
        0.36363636363636365,
    );
    close(
        s.align.rouge_2,
        0.09090909090909091,
        0.06666666666666667,
        0.07692307692307691,
    );
    let s = score_timeline(&predicted(), &[reference_a(), reference_b()], STOP);
    close(
        s.align.rouge_1,
        0.26785714285714285,
        0.4,
        0.32085561497326204,
    );
    close(
        s.align.rouge_2,
        0.022727272727272728,
        0.07894736842105263,
        0.03529411764705882,
    );
}

#[test]
fn stemmed_default_as_tilse_with_snowball() {
    let options = RougeOptions::default();
    let s = score_timeline(&predicted(), &[reference_a()], options);
    close(
        s.concat.rouge_1,
        0.7857142857142857,
        0.5789473684210527,
        0.6666666666666667,
    );
    close(
        s.concat.rouge_2,
        0.3076923076923077,
        0.2222222222222222,
        0.2580645161290323,
    );
    close(
        s.agreement.rouge_1,
        0.21428571428571427,
        0.15789473684210525,
        0.18181818181818182,
    );
    close(
        s.agreement.rouge_2,
        0.18181818181818182,
        0.13333333333333333,
        0.15384615384615383,
    );
    close(
        s.align.rouge_1,
        0.5,
        0.3700159489633174,
        0.42529789184234645,
    );
    close(
        s.align.rouge_2,
        0.2727272727272727,
        0.2,
        0.23076923076923075,
    );
    let s = score_timeline(&predicted(), &[reference_a(), reference_b()], options);
    close(
        s.concat.rouge_1,
        0.5714285714285714,
        0.64,
        0.6037735849056605,
    );
    close(
        s.agreement.rouge_2,
        0.09090909090909091,
        0.10526315789473684,
        0.0975609756097561,
    );
    close(
        s.align.rouge_1,
        0.30357142857142855,
        0.4412121212121212,
        0.3596733412769915,
    );
    close(
        s.align.rouge_2,
        0.11363636363636363,
        0.18421052631578946,
        0.14056224899598393,
    );
}

#[test]
fn identical_timelines_score_one() {
    let s = score_timeline(&reference_a(), &[reference_a()], RougeOptions::default());
    for prf in [
        s.dates,
        s.concat.rouge_1,
        s.concat.rouge_2,
        s.agreement.rouge_1,
        s.agreement.rouge_2,
        s.align.rouge_1,
        s.align.rouge_2,
    ] {
        close(prf, 1.0, 1.0, 1.0);
    }
}

#[test]
fn a_day_off_is_weighted_by_half_in_align_only() {
    // Hand computed: the same summary a day late. Agreement finds no
    // common date; align+ m:1 pairs the two dates (cost 0.5 * 0) and
    // weighs the full match by 1/(1+1).
    let gold = timeline(&[("2021-05-10", &["Voters chose a new parliament"])]);
    let late = timeline(&[("2021-05-11", &["Voters chose a new parliament"])]);
    let s = score_timeline(&late, &[gold], PLAIN);
    close(s.dates, 0.0, 0.0, 0.0);
    close(s.agreement.rouge_1, 0.0, 0.0, 0.0);
    close(s.concat.rouge_1, 1.0, 1.0, 1.0);
    close(s.align.rouge_1, 0.5, 0.5, 0.5);
    close(s.align.rouge_2, 0.5, 0.5, 0.5);
}

#[test]
fn many_to_one_takes_the_earliest_of_equal_costs() {
    // Two predicted dates equally far from one gold date with the same
    // words: cost ties, so recall aligns the gold date with the earlier
    // predicted date; precision aligns both predicted dates with it.
    let gold = timeline(&[("2021-01-02", &["talks resumed"])]);
    let pred = timeline(&[
        ("2021-01-01", &["talks resumed"]),
        ("2021-01-03", &["talks resumed"]),
    ]);
    let s = align_many_to_one(&pred, &[gold], PLAIN);
    // Precision: (0.5 * 2 + 0.5 * 2) / 4; recall: 0.5 * 2 / 2.
    close(s.rouge_1, 0.5, 0.5, 0.5);
}

#[test]
fn empty_sides_score_zero_instead_of_failing() {
    let empty = Timeline::new();
    let s = score_timeline(&empty, &[reference_a()], RougeOptions::default());
    assert_eq!(s.dates, Prf::default());
    assert_eq!(s.align.rouge_1, Prf::default());
    assert_eq!(s.concat.rouge_2, Prf::default());
    let s = score_timeline(&reference_a(), &[empty], RougeOptions::default());
    assert_eq!(s.align, RougeScores::default());
    assert_eq!(s.agreement, RougeScores::default());
}

#[test]
fn tokens_are_lowered_filtered_and_stemmed() {
    let tokens = rouge_tokens(
        &["The Rivers , FLOODED the `` towns '' ."],
        RougeOptions::default(),
    );
    assert_eq!(tokens, ["river", "flood", "town"]);
    let tokens = rouge_tokens(&["The Rivers , FLOODED"], PLAIN);
    assert_eq!(tokens, ["the", "rivers", "flooded"]);
}

#[test]
fn content_overlap_drops_python_punctuation_substrings() {
    // `()` is a substring of Python's string.punctuation, `!?` is not.
    let p = ["a b () !?"];
    let r = ["a b"];
    let f = content_overlap(&p, &[&r[..]]);
    // P = 2/3, R = 1.
    assert!((f - 0.8).abs() < 1e-12, "{f}");
}

#[test]
fn mean_averages_each_figure() {
    let a = score_timeline(&reference_a(), &[reference_a()], PLAIN);
    let b = TimelineScores::default();
    let m = mean_scores(&[a, b]);
    close(m.dates, 0.5, 0.5, 0.5);
    close(m.align.rouge_2, 0.5, 0.5, 0.5);
}
