//! Quote detection and speaker attribution scored against the gold set of
//! `examples/quotes/` (read by [`crate::formats::quotes`]): which found
//! quotes match a gold one, whose speaker and reporter are right, and
//! every error, item by item.

use serde::Serialize;

use crate::formats::quotes::QuoteItem;
use crate::score::{ratio, Prf};

/// A quote a system found.
#[derive(Debug, Clone)]
pub struct FoundQuote {
    /// The words.
    pub quote: String,
    /// Its speaker as written, if any.
    pub speaker: Option<String>,
    /// Who reports the speaker's words, if someone else does.
    pub reported_by: Option<String>,
}

/// What went wrong with one quote (listed by `filrouge eval quotes --errors`).
#[derive(Debug, Clone, Serialize)]
pub struct QuoteError {
    /// The gold item.
    pub item: String,
    /// `missed` (gold, not found), `spurious` (found, not in the gold),
    /// `speaker` (found, wrong or no speaker), `reported_by` (found, the
    /// reporter of nested words wrong or missing).
    pub kind: &'static str,
    /// The quote's words.
    pub quote: String,
    /// The gold speaker (or reporter), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<String>,
    /// What the system gave.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
}

/// The figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QuoteReport {
    /// Items scored.
    pub items: usize,
    /// Gold quotes.
    pub gold: usize,
    /// Quotes found.
    pub found: usize,
    /// Found quotes matching a gold one.
    pub matched: usize,
    /// Matched quotes whose speaker is right.
    pub speaker_right: usize,
    /// Quote precision (matched over found), recall (matched over gold)
    /// and F1, serialised as `precision`, `recall`, `f1`.
    #[serde(flatten)]
    pub prf: Prf,
    /// Speaker accuracy over matched quotes.
    pub speaker_accuracy: f64,
    /// Gold quotes whose speaker was found right (recall of attributed quotes).
    pub attributed_recall: f64,
    /// Matched gold quotes whose words someone else reports (`reported_by`).
    pub nested: usize,
    /// Of those, the ones whose reporter was found right.
    pub nested_right: usize,
    /// Every miss, false alarm and wrong attribution, item by item.
    pub errors: Vec<QuoteError>,
}

/// Quote text for comparison: trimmed of spaces, marks and final
/// punctuation, typographic apostrophes as straight ones (the cleaned text a
/// system quotes from writes them straight).
fn norm(s: &str) -> String {
    s.replace(['’', '‘'], "'")
        .trim()
        .trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | '«' | '»' | '"' | '“' | '”'
                )
        })
        .to_lowercase()
}

/// The last word of a name, without accents or case.
fn surname(s: &str) -> String {
    let last = s.split_whitespace().last().unwrap_or("");
    filrouge_lexicon::unaccented(last)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Scores found quotes against the gold, item by item (same order).
pub fn score_quotes(gold: &[QuoteItem], found: &[Vec<FoundQuote>]) -> QuoteReport {
    let mut r = QuoteReport {
        items: gold.len(),
        ..QuoteReport::default()
    };
    let same_person =
        |found: Option<&str>, gold: &str| found.is_some_and(|f| surname(f) == surname(gold));
    for (item, found) in gold.iter().zip(found) {
        r.gold += item.quotes.len();
        r.found += found.len();
        let mut used = vec![false; item.quotes.len()];
        let error = |kind, quote: &str, gold: Option<&str>, found: Option<&str>| QuoteError {
            item: item.id.clone(),
            kind,
            quote: quote.to_string(),
            gold: gold.map(str::to_string),
            found: found.map(str::to_string),
        };
        for f in found {
            let key = norm(&f.quote);
            let Some(k) = item
                .quotes
                .iter()
                .enumerate()
                .position(|(k, g)| !used[k] && norm(&g.quote) == key)
            else {
                r.errors
                    .push(error("spurious", &f.quote, None, f.speaker.as_deref()));
                continue;
            };
            used[k] = true;
            r.matched += 1;
            let g = &item.quotes[k];
            if same_person(f.speaker.as_deref(), &g.speaker) {
                r.speaker_right += 1;
            } else {
                r.errors.push(error(
                    "speaker",
                    &f.quote,
                    Some(&g.speaker),
                    f.speaker.as_deref(),
                ));
            }
            if let Some(reporter) = &g.reported_by {
                r.nested += 1;
                if same_person(f.reported_by.as_deref(), reporter) {
                    r.nested_right += 1;
                } else {
                    r.errors.push(error(
                        "reported_by",
                        &f.quote,
                        Some(reporter),
                        f.reported_by.as_deref(),
                    ));
                }
            }
        }
        for (g, _) in item.quotes.iter().zip(&used).filter(|(_, u)| !**u) {
            r.errors
                .push(error("missed", &g.quote, Some(&g.speaker), None));
        }
    }
    r.prf = Prf::from_counts(r.matched, r.found, r.gold);
    r.speaker_accuracy = ratio(r.speaker_right, r.matched);
    r.attributed_recall = ratio(r.speaker_right, r.gold);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_ignores_marks_and_speakers_compare_surnames() {
        let gold: Vec<QuoteItem> = vec![serde_json::from_str(
            r#"{"id":"a","lang":"fr","text":"x","quotes":[{"quote":"Bonjour à tous.","speaker":"Léa Durand"},{"quote":"non","speaker":"Jo Petit"}]}"#,
        )
        .expect("gold")];
        let found = vec![vec![
            FoundQuote {
                quote: " Bonjour à tous ".into(),
                speaker: Some("Mme Durand".into()),
                reported_by: None,
            },
            FoundQuote {
                quote: "autre chose".into(),
                speaker: None,
                reported_by: None,
            },
        ]];
        let r = score_quotes(&gold, &found);
        assert_eq!((r.gold, r.found, r.matched, r.speaker_right), (2, 2, 1, 1));
        assert!((r.prf.f1 - 0.5).abs() < 1e-9);
        let kinds: Vec<_> = r
            .errors
            .iter()
            .map(|e| (e.kind, e.quote.as_str()))
            .collect();
        assert_eq!(kinds, [("spurious", "autre chose"), ("missed", "non")]);
    }
}
