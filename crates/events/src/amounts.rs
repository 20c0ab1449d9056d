//! Amounts of money in a sentence: a number written with the language's
//! decimal and thousands separators ("1,5 million d'euros", "1.5 million
//! dollars", "60 000 dollars", "1,500,000 dollars"), an optional scale
//! word, then a currency word ("de dollars") or sign ("$5 billion",
//! "5 milliards €"). Separators, scales, link words, currencies and signs
//! are the language's data (`data/<lang>.toml`).

use filrouge_model::Span;

use crate::mentions::Fact;
use crate::vocab::{phrase_at, LanguageEvents};

/// A sentence's words in comparison form with their byte spans in `text`.
type Words = [(String, usize, usize)];

/// Amounts of money in sentence `text` (words `ws`), their spans offset by
/// `base`; the fact's `text` is left for the caller to fill.
pub(crate) fn amounts(
    text: &str,
    ws: &Words,
    lang: &LanguageEvents,
    base: usize,
) -> Vec<(Span, Fact)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let Some((number, mut k)) = number_at(text, ws, i, lang) else {
            i += 1;
            continue;
        };
        let start = ws[i].1;
        let sign_before = sign_before(text, start, lang);
        let start = sign_before.map_or(start, |(at, _)| at);
        let mut value = number;
        if let Some((_, f)) = ws
            .get(k)
            .and_then(|x| lang.scales.iter().find(|(p, _)| p.matches(&x.0)))
        {
            value *= f;
            k += 1;
        }
        let found = currency_after(text, ws, k, lang)
            .or_else(|| sign_before.map(|(_, code)| (ws[k - 1].2, code.to_string())));
        if let Some((end, currency)) = found {
            out.push((
                Span::new(base + start, base + end),
                Fact::Amount {
                    value,
                    currency,
                    text: String::new(),
                },
            ));
        }
        i = k.max(i + 1);
    }
    out
}

/// The number whose first digits are word `i`, and the index of the word
/// after it: thousands groups ("60 000", "1,500,000": a separator of the
/// language, then three digits) and a decimal part (the language's
/// decimal separator; or another mark before other than three digits,
/// "1.5" in a French text) joined.
fn number_at(text: &str, ws: &Words, i: usize, lang: &LanguageEvents) -> Option<(f64, usize)> {
    let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    let first = ws.get(i)?;
    if !digits(&first.0) {
        return None;
    }
    // The continuation of an earlier number is no number of its own.
    if i > 0 && digits(&ws[i - 1].0) && is_separator(text.get(ws[i - 1].2..first.1)?, lang) {
        return None;
    }
    let mut whole = first.0.clone();
    let mut fraction = String::new();
    let mut k = i + 1;
    while let Some(next) = ws.get(k).filter(|w| digits(&w.0)) {
        let gap = text.get(ws[k - 1].2..next.1)?;
        let group = next.0.len() == 3 && lang.thousands_separators.iter().any(|s| s == gap);
        let mark = gap.len() == 1 && gap.chars().all(|c| c.is_ascii_punctuation());
        if gap == lang.decimal_separator || (mark && !group && next.0.len() != 3) {
            fraction.clone_from(&next.0);
            k += 1;
            break;
        }
        if !group {
            break;
        }
        whole.push_str(&next.0);
        k += 1;
    }
    let number = if fraction.is_empty() {
        whole
    } else {
        format!("{whole}.{fraction}")
    };
    number.parse::<f64>().ok().map(|n| (n, k))
}

/// Whether `gap` may join two parts of one number.
fn is_separator(gap: &str, lang: &LanguageEvents) -> bool {
    gap == lang.decimal_separator
        || lang.thousands_separators.iter().any(|s| s == gap)
        || (gap.len() == 1 && gap.chars().all(|c| c.is_ascii_punctuation()))
}

/// A currency sign right before byte `at` ("$5", "€ 2"): where it starts
/// and its code.
fn sign_before<'l>(text: &str, at: usize, lang: &'l LanguageEvents) -> Option<(usize, &'l str)> {
    let lead = text.get(..at)?.trim_end();
    lang.currency_signs
        .iter()
        .find(|(s, _)| lead.ends_with(s.as_str()))
        .map(|(s, code)| (lead.len() - s.len(), code.as_str()))
}

/// The currency after word `k`: a link word ("de", "of") then a currency
/// word, or a sign ("5 milliards €"): where it ends and its code.
fn currency_after(
    text: &str,
    ws: &Words,
    k: usize,
    lang: &LanguageEvents,
) -> Option<(usize, String)> {
    let at = if ws.get(k).is_some_and(|x| lang.amount_links.contains(&x.0)) {
        k + 1
    } else {
        k
    };
    if let Some((p, code)) = lang.currencies.iter().find(|(p, _)| phrase_at(p, ws, at)) {
        return Some((ws[at + p.len() - 1].2, code.clone()));
    }
    let end = ws.get(k.checked_sub(1)?)?.2;
    let rest = text.get(end..)?;
    let lead = rest.len() - rest.trim_start().len();
    lang.currency_signs
        .iter()
        .find(|(s, _)| rest[lead..].starts_with(s.as_str()))
        .map(|(s, code)| (end + lead + s.len(), code.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{words, EventVocabulary};

    /// (value, currency, words) of the amounts of `text` in `lang`.
    fn read(lang: &str, text: &str) -> Vec<(f64, String, String)> {
        let vocabulary = EventVocabulary::bundled();
        let Some(l) = vocabulary.language(lang) else {
            panic!("no {lang} vocabulary");
        };
        amounts(text, &words(text), l, 0)
            .into_iter()
            .filter_map(|(span, f)| match f {
                Fact::Amount {
                    value, currency, ..
                } => Some((value, currency, text[span.range()].to_string())),
                _ => None,
            })
            .collect()
    }

    fn one(lang: &str, text: &str) -> (f64, String) {
        let got = read(lang, text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        (got[0].0, got[0].1.clone())
    }

    #[test]
    fn a_french_decimal_comma_is_read() {
        let eur = |v: f64| (v, "EUR".to_string());
        assert_eq!(
            one("fr", "La mairie a voté 1,5 million d'euros pour l'école."),
            eur(1_500_000.0)
        );
        assert_eq!(
            one("fr", "Le club a reçu 3,2 millions d'euros."),
            eur(3_200_000.0)
        );
        assert_eq!(
            one("fr", "Une amende de 12 500 euros a été fixée."),
            eur(12_500.0)
        );
        assert_eq!(one("fr", "Il a payé 0,75 euro."), eur(0.75));
        // An English-style decimal point in a French text.
        assert_eq!(
            one("fr", "Un prêt de 2.5 milliards de dollars."),
            (2.5e9, "USD".into())
        );
        assert_eq!(
            one("fr", "Le devis monte à 4 milliards €."),
            (4e9, "EUR".into())
        );
    }

    #[test]
    fn an_english_decimal_point_and_thousands_commas_are_read() {
        let usd = |v: f64| (v, "USD".to_string());
        assert_eq!(
            one("en", "The city set aside 1.5 million dollars."),
            usd(1_500_000.0)
        );
        assert_eq!(
            one("en", "A fine of 1,250,000 dollars was imposed."),
            usd(1_250_000.0)
        );
        assert_eq!(one("en", "They raised $5 billion last year."), usd(5e9));
        let got = read("en", "They raised $2.75 million, not 3, 4 or 5 dollars.");
        assert_eq!(got[0].0, 2_750_000.0);
        assert_eq!(got[0].2, "$2.75 million");
        assert_eq!(got.last().map(|g| g.0), Some(5.0));
    }

    #[test]
    fn numbers_without_a_currency_are_no_amount() {
        assert!(read("fr", "Près de 3,2 millions de visiteurs sont venus.").is_empty());
        assert!(read("en", "In 2022, 1.5 million people voted.").is_empty());
    }
}
