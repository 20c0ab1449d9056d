//! Incises: a quote cut by the words naming its speaker ("« A, a-t-elle
//! expliqué, B »", "« A, raconte X, encore émue. B »").

use filrouge_model::Span;

use super::names::Person;
use super::words::{has_pronoun, is_number_comma, is_verb, words_in, Words};

/// An incise in a quote ("« A, a-t-elle expliqué, B »", "« A, raconte X,
/// encore émue. B »"): the two halves and the incise, when a comma is
/// followed within two words by a reporting verb (not a source word:
/// "selon nous" is no incise), the incise ends at the next comma or full
/// stop within eight words, names a person or a subject pronoun, and quoted
/// words follow it.
pub(super) fn split_incise(
    text: &str,
    q: Span,
    w: &Words,
    people: &[Person],
) -> Option<(Span, Span, Span)> {
    let ws = words_in(text, q);
    for (k, (a, _)) in ws.iter().enumerate().skip(1) {
        let lead = text[q.start..*a].trim_end();
        if !lead.ends_with(',') || is_number_comma(text, q.start + lead.len() - 1) {
            continue;
        }
        let verb_at = ws.iter().skip(k).take(2).position(|(x, y)| {
            let word = &text[*x..*y];
            is_verb(w, word) && !w.source.contains(&word.to_lowercase())
        });
        let Some(verb_at) = verb_at else {
            continue;
        };
        let verb_end = ws[k + verb_at].1;
        let rest = &text[verb_end..q.end];
        let Some(stop) = rest.find([',', '.']) else {
            continue;
        };
        let mut incise_end = verb_end + stop;
        if text[verb_end..incise_end].split_whitespace().count() > 8 {
            continue;
        }
        // "raconte Laure Castaing, encore émue." : a short apposition
        // after the name ends the incise at its full stop.
        if rest[stop..].starts_with(',') {
            let tail = &text[incise_end + 1..q.end];
            if let Some(dot) = tail.find('.') {
                let words = tail[..dot].split_whitespace().count();
                let named = text[verb_end..incise_end]
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
                if named && (1..=3).contains(&words) && !tail[..dot].contains(',') {
                    incise_end = incise_end + 1 + dot;
                }
            }
        }
        let inc = Span::new(*a, incise_end);
        let speaks = people
            .iter()
            .any(|p| p.span.start >= inc.start && p.span.end <= inc.end)
            || has_pronoun(text, inc, w);
        if !speaks {
            continue;
        }
        let second = text[incise_end + 1..q.end].trim_start();
        if second.split_whitespace().count() < 2 {
            continue;
        }
        let second_start = q.end - second.len();
        let first = text[q.start..*a]
            .trim_end()
            .trim_end_matches(',')
            .trim_end();
        if first.is_empty() {
            continue;
        }
        return Some((
            Span::new(q.start, q.start + first.len()),
            inc,
            Span::new(second_start, q.end),
        ));
    }
    None
}
