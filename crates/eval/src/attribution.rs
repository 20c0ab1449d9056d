//! Quotes and reported speech scored against attribution relations
//! annotated by others (PolNeAR's brat files, read by
//! [`crate::formats::attributions`]).
//!
//! The gold marks every attribution (a source, a cue, a content), quoted
//! or not; a system marks quotes (words between quote marks) and
//! reported speech (`indirect`), each with a speaker. Scored:
//!
//! - **quote precision**: of the quotes found, the share that lies in
//!   some attribution's content (any overlap);
//! - **quoted recall**: of the gold attributions whose content holds a
//!   double quote mark ("quoted"), the share a found quote overlaps;
//! - **speaker accuracy, named sources**: of the found quotes in an
//!   attribution (the one they overlap most) whose source names someone
//!   (a capitalised word that is no function word: "Kellyanne Conway",
//!   not "he"), the share whose speaker's last word is a word of that
//!   source (not a possessive one: "Trump's adviser" does not name Trump);
//! - **reported recall**: of the other gold attributions ("reported"), the
//!   share whose content is at least half covered by found reported speech
//!   (a content cut by "…, X said, …" may be found as two parts; the gold
//!   content has "that" and the found words may not); and **reported
//!   precision**, the share of found reported speech lying at least half
//!   in attributions' contents.

use serde::Serialize;

use crate::formats::attributions::{AttributedText, Attribution, ByteRange};
use crate::score::ratio;

/// A quote or reported speech a system found, over the article's text.
#[derive(Debug, Clone)]
pub struct FoundAttribution {
    /// Its byte range in the article's text.
    pub span: ByteRange,
    /// Its speaker as written, if any.
    pub speaker: Option<String>,
    /// Reported speech without quote marks.
    pub indirect: bool,
}

/// What went wrong with one quote or attribution (listed by `filrouge eval
/// attribution --errors`).
#[derive(Debug, Clone, Serialize)]
pub struct AttributionError {
    /// The article.
    pub article: String,
    /// `spurious` (a quote in no attribution), `speaker` (a quote whose
    /// named source is someone else or no one), `missed` (a quoted
    /// attribution no quote overlaps), `missed_reported` (a reported
    /// attribution no reported speech overlaps), `spurious_reported`.
    pub kind: &'static str,
    /// The words (the found ones, or the gold content).
    pub words: String,
    /// The gold source's words, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<String>,
    /// The speaker found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
}

/// The figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AttributionReport {
    /// Articles scored.
    pub articles: usize,
    /// Gold attributions whose content holds a double quote mark.
    pub gold_quoted: usize,
    /// The other gold attributions.
    pub gold_reported: usize,
    /// Quotes found (with quote marks).
    pub quotes: usize,
    /// Of those, the ones in some attribution's content.
    pub quotes_in_attribution: usize,
    /// `quotes_in_attribution` over `quotes`.
    pub quote_precision: f64,
    /// Gold quoted attributions a found quote overlaps.
    pub quoted_found: usize,
    /// `quoted_found` over `gold_quoted`.
    pub quoted_recall: f64,
    /// Quotes in an attribution whose source names someone.
    pub named: usize,
    /// Of those, the ones whose speaker is that source.
    pub named_right: usize,
    /// `named_right` over `named`.
    pub speaker_accuracy: f64,
    /// Reported speech found (without quote marks).
    pub reported: usize,
    /// Of those, the ones that match an attribution's content.
    pub reported_in_attribution: usize,
    /// `reported_in_attribution` over `reported`.
    pub reported_precision: f64,
    /// Gold reported attributions matched by found reported speech.
    pub reported_found: usize,
    /// `reported_found` over `gold_reported`.
    pub reported_recall: f64,
    /// Matched reported speech whose gold source names someone.
    pub reported_named: usize,
    /// Of those, the ones whose speaker is that source.
    pub reported_named_right: usize,
    /// Every error, article by article.
    pub errors: Vec<AttributionError>,
}

/// Bytes two sets of ranges share.
fn overlap(a: &[ByteRange], b: &[ByteRange]) -> usize {
    a.iter()
        .flat_map(|x| b.iter().map(move |y| (x, y)))
        .map(|(x, y)| x.1.min(y.1).saturating_sub(x.0.max(y.0)))
        .sum()
}

/// Bytes of a set of ranges.
fn size(a: &[ByteRange]) -> usize {
    a.iter().map(|(s, e)| e.saturating_sub(*s)).sum()
}

/// The words of ranges, joined by spaces.
fn words_of(text: &str, ranges: &[ByteRange]) -> String {
    ranges
        .iter()
        .filter_map(|(a, b)| text.get(*a..*b))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word in comparison form: letters and digits, lower case, no accents.
fn fold(word: &str) -> String {
    filrouge_lexicon::unaccented(&word.to_lowercase())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The words of a source that may name its person: not possessive
/// ("Trump's adviser"), in comparison form.
fn source_words(source: &str) -> Vec<(String, bool)> {
    source
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';' | ':'))
        .filter(|w| !w.is_empty())
        .filter(|w| !(w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'")))
        .map(|w| (fold(w), w.chars().next().is_some_and(char::is_uppercase)))
        .filter(|(w, _)| !w.is_empty())
        .collect()
}

/// Whether a source names someone: a capitalised word that is no function
/// word of any bundled language.
fn is_named(source: &str) -> bool {
    let stop = filrouge_lexicon::Lexicon::bundled().stopwords();
    source_words(source)
        .iter()
        .any(|(w, upper)| *upper && !stop.contains(w))
}

/// Whether `speaker` is the person the source names: its last word is a
/// word of the source.
fn same_speaker(speaker: Option<&str>, source: &str) -> bool {
    let Some(last) = speaker.and_then(|s| s.split_whitespace().last()) else {
        return false;
    };
    let last = fold(last);
    source_words(source).iter().any(|(w, _)| *w == last)
}

/// Whether a gold content holds a double quote mark.
fn is_quoted(text: &str, a: &Attribution) -> bool {
    words_of(text, &a.content).contains(['"', '“', '”'])
}

/// Scores what a system found against the gold, article by article (same
/// order).
pub fn score_attributions(
    gold: &[AttributedText],
    found: &[Vec<FoundAttribution>],
) -> AttributionReport {
    let mut r = AttributionReport {
        articles: gold.len(),
        ..AttributionReport::default()
    };
    for (article, found) in gold.iter().zip(found) {
        score_article(article, found, &mut r);
    }
    r.quote_precision = ratio(r.quotes_in_attribution, r.quotes);
    r.quoted_recall = ratio(r.quoted_found, r.gold_quoted);
    r.speaker_accuracy = ratio(r.named_right, r.named);
    r.reported_precision = ratio(r.reported_in_attribution, r.reported);
    r.reported_recall = ratio(r.reported_found, r.gold_reported);
    r
}

/// One error of `article`.
fn error(
    article: &AttributedText,
    kind: &'static str,
    words: String,
    gold: Option<String>,
    found: Option<&String>,
) -> AttributionError {
    AttributionError {
        article: article.name.clone(),
        kind,
        words,
        gold,
        found: found.cloned(),
    }
}

/// Adds one article's counts and errors to `r`.
fn score_article(article: &AttributedText, found: &[FoundAttribution], r: &mut AttributionReport) {
    let text = article.text.as_str();
    let gold = &article.attributions;
    let quoted_hit = score_found(article, found, r);
    let reported_found: Vec<ByteRange> = found
        .iter()
        .filter(|f| f.indirect)
        .map(|f| f.span)
        .collect();
    for (k, a) in gold.iter().enumerate() {
        let source = Some(words_of(text, &a.source)).filter(|s| !s.is_empty());
        let words = || words_of(text, &a.content);
        if is_quoted(text, a) {
            r.gold_quoted += 1;
            r.quoted_found += usize::from(quoted_hit[k]);
            if !quoted_hit[k] {
                r.errors
                    .push(error(article, "missed", words(), source, None));
            }
        } else {
            let hit = 2 * overlap(&a.content, &reported_found) >= size(&a.content);
            r.gold_reported += 1;
            r.reported_found += usize::from(hit);
            if !hit {
                r.errors
                    .push(error(article, "missed_reported", words(), source, None));
            }
        }
    }
}

/// Scores each found quote and reported speech of `article` against the
/// attribution it overlaps most; returns which gold attributions a quote
/// overlaps.
fn score_found(
    article: &AttributedText,
    found: &[FoundAttribution],
    r: &mut AttributionReport,
) -> Vec<bool> {
    let text = article.text.as_str();
    let gold = &article.attributions;
    let mut quoted_hit = vec![false; gold.len()];
    let all_content: Vec<ByteRange> = gold.iter().flat_map(|a| a.content.clone()).collect();
    for f in found {
        let span = [f.span];
        let words = words_of(text, &span);
        // The attribution the found words overlap most.
        let best = gold
            .iter()
            .enumerate()
            .map(|(k, a)| (overlap(&span, &a.content), k))
            .filter(|(o, _)| *o > 0)
            .max_by_key(|(o, k)| (*o, std::cmp::Reverse(*k)));
        let best = if f.indirect {
            r.reported += 1;
            best.filter(|_| 2 * overlap(&span, &all_content) >= size(&span))
        } else {
            r.quotes += 1;
            best
        };
        let Some((_, k)) = best else {
            let kind = if f.indirect {
                "spurious_reported"
            } else {
                "spurious"
            };
            r.errors
                .push(error(article, kind, words, None, f.speaker.as_ref()));
            continue;
        };
        if f.indirect {
            r.reported_in_attribution += 1;
        } else {
            r.quotes_in_attribution += 1;
            quoted_hit[k] = true;
        }
        let source = words_of(text, &gold[k].source);
        if !is_named(&source) {
            continue;
        }
        let right = same_speaker(f.speaker.as_deref(), &source);
        if f.indirect {
            r.reported_named += 1;
            r.reported_named_right += usize::from(right);
        } else {
            r.named += 1;
            r.named_right += usize::from(right);
        }
        if !right {
            r.errors.push(error(
                article,
                "speaker",
                words,
                Some(source),
                f.speaker.as_ref(),
            ));
        }
    }
    quoted_hit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::attributions::parse_ann;
    use std::path::Path;

    /// An article written for the test, with two attributions: a quote of
    /// a named person and reported speech of a pronoun.
    fn article() -> AttributedText {
        let text = "\"We will build it,\" said Dana Holt, the mayor. She said that the budget was ready. The \"best\" plan.";
        let ann = "T1\tContent 0 19\t\"We will build it,\"\nT2\tSource 25 45\tDana Holt, the mayor\nE1\tContent:T1 Source:T2\nT3\tContent 56 81\tthat the budget was ready\nT4\tSource 47 50\tShe\nE2\tContent:T3 Source:T4\n";
        AttributedText {
            name: "a".into(),
            text: text.into(),
            attributions: parse_ann(Path::new("a.ann"), ann, text).expect("gold"),
        }
    }

    fn found(span: ByteRange, speaker: &str, indirect: bool) -> FoundAttribution {
        FoundAttribution {
            span,
            speaker: Some(speaker.into()).filter(|s: &String| !s.is_empty()),
            indirect,
        }
    }

    #[test]
    fn quotes_reported_speech_and_named_speakers_are_scored() {
        let gold = [article()];
        let found = vec![vec![
            found((1, 17), "Holt", false),
            found((61, 81), "Dana Holt", true),
            found((88, 92), "", false),
        ]];
        let r = score_attributions(&gold, &found);
        assert_eq!((r.gold_quoted, r.gold_reported), (1, 1));
        assert_eq!(
            (r.quotes, r.quotes_in_attribution, r.quoted_found),
            (2, 1, 1)
        );
        assert_eq!((r.named, r.named_right), (1, 1));
        assert_eq!((r.reported, r.reported_found), (1, 1));
        // "She" names no one: reported speech adds no speaker count.
        assert_eq!(r.reported_named, 0);
        let kinds: Vec<_> = r.errors.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["spurious"]);
    }

    #[test]
    fn a_wrong_speaker_and_a_short_overlap_are_errors() {
        let gold = [article()];
        let found = vec![vec![
            found((1, 17), "Trump", false),
            found((47, 60), "Dana Holt", true),
        ]];
        let r = score_attributions(&gold, &found);
        assert_eq!((r.named, r.named_right), (1, 0));
        assert_eq!(r.reported_found, 0);
        let kinds: Vec<_> = r.errors.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["speaker", "spurious_reported", "missed_reported"]);
        assert!(!is_named("the president's aides"));
        assert!(is_named("Trump's adviser Kellyanne Conway"));
        assert!(!same_speaker(
            Some("Donald Trump"),
            "Trump's adviser Kellyanne Conway"
        ));
    }
}
