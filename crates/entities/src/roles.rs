//! Roles that stand for a person in an article: once "le porte-parole du
//! Kremlin, Dmitri Peskov" or "Vladimir Poutine, le président russe" has
//! tied a role to a name, a later "le porte-parole du Kremlin" or "le
//! président russe" is that person.
//!
//! A role phrase is a role noun (`data/<lang>/roles.txt`), then lower-case
//! words (adjectives such as "russe") or a "du/de la" complement with a
//! capitalised name, up to four tokens. Architecture invariant: only ties the
//! article itself states are used; no role is guessed from world knowledge.

use filrouge_model::{EntityKind, Span};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::data_lines;

const ROLES: &[(&str, &str)] = &[
    ("fr", include_str!("../data/fr/roles.txt")),
    ("en", include_str!("../data/en/roles.txt")),
];

/// The role nouns of `lang` (French when the language has no list).
fn roles(lang: &str) -> Option<&'static FxHashSet<String>> {
    static R: std::sync::OnceLock<Vec<(&'static str, FxHashSet<String>)>> =
        std::sync::OnceLock::new();
    let all = R.get_or_init(|| {
        ROLES
            .iter()
            .map(|(code, text)| {
                let words = data_lines(text).map(str::to_lowercase).collect();
                (*code, words)
            })
            .collect()
    });
    all.iter()
        .find(|(c, _)| *c == lang)
        .or_else(|| all.first())
        .map(|(_, r)| r)
}

/// Whether `word` (lower case) is a role noun of `lang` ("porte-parole",
/// "spokesman").
pub(crate) fn is_role_noun(lang: &str, word: &str) -> bool {
    roles(lang).is_some_and(|r| r.contains(word))
}

/// Words that join a role to its complement ("du Kremlin", "of State").
fn is_joiner(w: &str) -> bool {
    matches!(w, "du" | "de" | "des" | "d'" | "la" | "l'" | "of" | "the")
}

/// A role phrase starting at token `i`: its end token (exclusive) and its
/// key (lower case words).
fn role_at(text: &str, tokens: &[Span], i: usize, lang: &str) -> Option<(usize, String)> {
    let first = text.get(tokens.get(i)?.range())?.to_lowercase();
    if !roles(lang)?.contains(&first) {
        return None;
    }
    let mut end = i + 1;
    let mut key = vec![first];
    while end < tokens.len() && end < i + 5 {
        let w = &text[tokens[end].range()];
        let low = w.to_lowercase();
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if is_joiner(&low) {
            // A complement must bring a name ("du Kremlin").
            let next = tokens.get(end + 1).map(|t| &text[t.range()]);
            let next2 = tokens.get(end + 2).map(|t| &text[t.range()]);
            let named = next.is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase))
                || (next.is_some_and(|n| is_joiner(&n.to_lowercase()))
                    && next2.is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase)));
            if !named {
                break;
            }
            key.push(low);
            end += 1;
            continue;
        }
        if capital && key.last().is_some_and(|k| is_joiner(k)) {
            key.push(low);
            end += 1;
            // A complement ends the phrase after its name.
            if tokens.get(end).is_none_or(|t| {
                !text[t.range()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            }) {
                break;
            }
            continue;
        }
        if !capital && w.chars().all(char::is_alphabetic) && w.len() > 3 && key.len() == 1 {
            // One adjective: "président russe".
            key.push(low);
            end += 1;
            continue;
        }
        break;
    }
    Some((end, key.join(" ")))
}

/// Role mentions that refer to a person the article names: the role in
/// apposition to the name ("le porte-parole du Kremlin, Dmitri Peskov")
/// and the role alone elsewhere; (span of the role phrase, the person's
/// name as written).
pub fn role_mentions(
    text: &str,
    tokens: &[Span],
    entities: &[(Span, EntityKind)],
    lang: &str,
) -> Vec<(Span, String)> {
    let people: Vec<Span> = entities
        .iter()
        .filter(|(_, k)| *k == EntityKind::Per)
        .map(|(s, _)| *s)
        .collect();
    let person_at = |start: usize| people.iter().find(|p| p.start == start).copied();
    let person_ending = |end: usize| people.iter().find(|p| p.end == end).copied();
    // Pass 1: ties the text states. A role tied to two different people
    // ("le président" of two countries) is ambiguous and dropped.
    let mut ties: FxHashMap<String, Option<String>> = FxHashMap::default();
    let mut tie = |key: String, name: String| {
        let slot = ties.entry(key).or_insert_with(|| Some(name.clone()));
        if slot.as_deref() != Some(name.as_str()) {
            *slot = None;
        }
    };
    let mut phrases = Vec::new();
    for i in 0..tokens.len() {
        let Some((end, key)) = role_at(text, tokens, i, lang) else {
            continue;
        };
        let span = Span::new(tokens[i].start, tokens[end - 1].end);
        // "role , Name" or "role Name".
        let mut k = end;
        if tokens.get(k).is_some_and(|t| &text[t.range()] == ",") {
            k += 1;
        }
        if let Some(p) = tokens.get(k).and_then(|t| person_at(t.start)) {
            // The role in apposition is a mention of that person too.
            tie(key.clone(), text[p.range()].to_string());
            phrases.push((span, key));
            continue;
        }
        // "Name , le role" / "Name , role".
        let mut b = i;
        while b > 0
            && matches!(
                text[tokens[b - 1].range()].to_lowercase().as_str(),
                "le" | "la" | "l'" | "the"
            )
        {
            b -= 1;
        }
        if b > 0 && &text[tokens[b - 1].range()] == "," && b > 1 {
            if let Some(p) = person_ending(tokens[b - 2].end) {
                tie(key.clone(), text[p.range()].to_string());
                phrases.push((span, key));
                continue;
            }
        }
        // Inside a name span already ("M. le président X"): skip.
        if people
            .iter()
            .any(|p| p.start <= span.start && span.end <= p.end)
        {
            continue;
        }
        phrases.push((span, key));
    }
    // Pass 2: role phrases alone take the person tied to them.
    phrases
        .into_iter()
        .filter_map(|(span, key)| {
            ties.get(&key)
                .and_then(|name| name.clone())
                .map(|name| (span, name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans_of(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            let word = c.is_alphanumeric() || c == '-';
            match (word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(Span::new(s, i));
                    start = None;
                }
                _ => {}
            }
            if c == ',' || c == '.' {
                out.push(Span::new(i, i + 1));
            }
        }
        out
    }

    #[test]
    fn a_stated_role_stands_for_its_person_later() {
        let text = "Le porte-parole du Conseil, Marc Dubois, a parlé. Plus tard, le porte-parole du Conseil a démenti.";
        let tokens = spans_of(text);
        let at = text.find("Marc Dubois").expect("name");
        let entities = vec![(Span::new(at, at + "Marc Dubois".len()), EntityKind::Per)];
        let found = role_mentions(text, &tokens, &entities, "fr");
        // The role in apposition and the role alone, later: both him.
        assert_eq!(found.len(), 2, "{found:?}");
        for (span, name) in &found {
            assert_eq!(&text[span.range()], "porte-parole du Conseil");
            assert_eq!(name, "Marc Dubois");
        }
        // Without a stated tie, nothing.
        assert!(role_mentions(
            "Le porte-parole du Conseil a parlé.",
            &spans_of("Le porte-parole du Conseil a parlé."),
            &[],
            "fr"
        )
        .is_empty());
    }
}
