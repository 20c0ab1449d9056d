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
