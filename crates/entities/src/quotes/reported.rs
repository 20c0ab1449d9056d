//! Reported speech: "X a déclaré que CLAUSE" and "Selon X, CLAUSE", read
//! in sentences without quote marks.

use filrouge_model::Span;

use super::speaker::{person_after, Person};
use super::words::{pronoun_after_source, that_after_verb, words_in, Words};

/// Reported speech found by [`indirect`]: the clause, the person as
/// written (`None` for a pronoun) and the cue.
pub(super) type Reported = (Span, Option<String>, String);

/// Reported speech in a sentence: "X a déclaré que CLAUSE" (a person, a
/// reporting verb, then "que") or "Selon X, CLAUSE". Returns the clause, the
/// person as written (`None` for a pronoun, "selon lui", which the caller
/// resolves) and the cue.
pub(super) fn indirect(text: &str, s: Span, people: &[Person], w: &Words) -> Option<Reported> {
    let words = words_in(text, s);
    let clause = |from: usize| -> Option<Span> {
        let rest = text.get(from..s.end)?;
        let lead = rest.len() - rest.trim_start_matches([' ', ',', ':']).len();
        let body = rest[lead..].trim_end_matches(['.', '!', '?', ' ', '…']);
        (body.split_whitespace().count() >= 3)
            .then(|| Span::new(from + lead, from + lead + body.len()))
    };
    for (k, (a, b)) in words.iter().enumerate() {
        let low = text[*a..*b].to_lowercase();
        let cue = text[*a..*b].to_string();
        if w.source.contains(&low) {
            // "Selon X, ...": the person right after, then a comma; or a
            // pronoun ("selon lui").
            let (who, end) = match person_after(text, *b, people, s.end) {
                Some(p) => (Some(p.name.clone()), p.span.end),
                None if pronoun_after_source(text, &words, k, w) => {
                    // After the pronoun ("selon lui", "according to him").
                    let at = words
                        .iter()
                        .skip(k + 1)
                        .take(2)
                        .map(|(_, y)| *y)
                        .find(|y| {
                            text.get(*y..s.end)
                                .is_some_and(|r| r.trim_start().starts_with(','))
                        })?;
                    (None, at)
                }
                None => return None,
            };
            let after = text.get(end..s.end)?;
            if !after.trim_start().starts_with(',') {
                return None;
            }
            let comma = end + after.find(',')? + 1;
            return clause(comma).map(|c| (c, who, cue));
        }
        // A verb without "que" is read on ("le prévenu ... a annoncé que").
        if let Some(that) = that_after_verb(text, &words, k, w) {
            let p = people
                .iter()
                .rev()
                .find(|p| p.span.start >= s.start && p.span.end <= *a)?;
            // "qu'une cellule": the clause starts after the apostrophe.
            let that_word = &text[that.0..that.1];
            let from = match that_word.find('\'') {
                Some(k) if k + 1 < that_word.len() => that.0 + k + 1,
                _ => that.1,
            };
            return clause(from).map(|c| (c, Some(p.name.clone()), cue));
        }
    }
    None
}
