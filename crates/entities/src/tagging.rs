//! Tagging token sequences sentence by sentence: the tagger's BIO labels
//! made spans, repaired with the gazetteer ([`crate::repair`]), again
//! with case restored where capitals say nothing, and MISC names added
//! ([`crate::misc_names`]); the training sentences `filrouge train ner`
//! reads, cut the same way.

use crate::gazetteer::Gazetteer;
use crate::misc_names::{self, MiscRules};
use crate::perceptron::{Label, Model, TYPES};
use crate::repair::repair_with_gazetteer;
use crate::TokenSpan;

/// Turns BIO labels into spans.
pub fn spans(labels: &[Label]) -> Vec<TokenSpan> {
    let mut out: Vec<TokenSpan> = Vec::new();
    for (i, &l) in labels.iter().enumerate() {
        if l == 0 {
            continue;
        }
        let t = TYPES[(l - 1) / 2];
        let begin = (l - 1).is_multiple_of(2);
        match out.last_mut() {
            Some(last) if !begin && last.end == i && last.label == t => last.end = i + 1,
            _ => out.push(TokenSpan {
                start: i,
                end: i + 1,
                label: t,
            }),
        }
    }
    out
}

/// Whether a token ends a sentence (the tagger labels sentence by sentence).
fn ends_sentence(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "…")
}

/// Sentence ranges of a token sequence, cut after sentence-final tokens.
fn sentence_ranges(tokens: &[&str]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if ends_sentence(t) {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Word case as a reader would restore it, for a sentence written all in
/// capitals (a headline, a wire slug) or all in lower case (a credit such
/// as "agence tass"), where capitals no longer tell names apart: words go
/// lower case, and those that start a listed name get their capital back.
/// Other sentences are left as they are (`None`).
pub fn restore_case(tokens: &[&str], gazetteer: &Gazetteer) -> Option<Vec<String>> {
    let words: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .collect();
    if words.len() < 3 {
        return None;
    }
    let upper = |t: &&str| {
        t.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    };
    let lower = |t: &&str| {
        t.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_lowercase)
    };
    let title = |t: &str| {
        let mut c = t.chars();
        match c.next() {
            Some(first) => first
                .to_uppercase()
                .chain(c.flat_map(char::to_lowercase))
                .collect(),
            None => String::new(),
        }
    };
    let stopwords = filrouge_lexicon::Lexicon::bundled().stopwords();
    let all_upper = words.iter().filter(|t| upper(t)).count() * 10 >= words.len() * 9;
    if !all_upper && !words.iter().all(lower) {
        return None;
    }
    // Lower case throughout, listed names capitalised again: guessing
    // capitals for every other word would make each one a name.
    Some(
        tokens
            .iter()
            .map(|t| {
                let l = t.to_lowercase();
                let t2 = title(&l);
                if !stopwords.contains(&l) && gazetteer.starts_name(&t2) {
                    t2
                } else {
                    l
                }
            })
            .collect(),
    )
}

/// Tags one sentence's tokens (the model, then the gazetteer's repairs),
/// and again with case restored where it carries no information.
pub fn tag_sentence(model: &Model, gazetteer: &Gazetteer, tokens: &[&str]) -> Vec<TokenSpan> {
    let tag = |words: &[&str]| {
        repair_with_gazetteer(words, spans(&model.tag(words, gazetteer)), gazetteer)
    };
    let mut found = tag(tokens);
    let Some(restored) = restore_case(tokens, gazetteer) else {
        return found;
    };
    // The text as written first; names found only once case is restored
    // are added where they overlap nothing.
    let words: Vec<&str> = restored.iter().map(String::as_str).collect();
    for s in tag(&words) {
        if !found.iter().any(|f| f.start < s.end && s.start < f.end) {
            found.push(s);
        }
    }
    found.sort_by_key(|s| s.start);
    found
}

/// Tags one sentence's tokens with the tagger ([`tag_sentence`]) and adds
/// the MISC names of `misc` ([`misc_names::merge`]).
pub fn tag_sentence_with_misc(
    model: &Model,
    gazetteer: &Gazetteer,
    misc: &MiscRules,
    tokens: &[&str],
) -> Vec<TokenSpan> {
    let found = tag_sentence(model, gazetteer, tokens);
    misc_names::merge(found, misc.find(tokens, gazetteer))
}

/// Tags a token sequence (a document or a chunk) sentence by sentence:
/// PER, LOC and ORG only.
pub fn tag_tokens(model: &Model, gazetteer: &Gazetteer, tokens: &[&str]) -> Vec<TokenSpan> {
    tag_tokens_with(tokens, |s| tag_sentence(model, gazetteer, s))
}

/// Tags a token sequence sentence by sentence, MISC names included
/// ([`tag_sentence_with_misc`]).
pub fn tag_tokens_with_misc(
    model: &Model,
    gazetteer: &Gazetteer,
    misc: &MiscRules,
    tokens: &[&str],
) -> Vec<TokenSpan> {
    tag_tokens_with(tokens, |s| {
        tag_sentence_with_misc(model, gazetteer, misc, s)
    })
}

/// Runs `tag` on each sentence of `tokens` and shifts its spans back.
fn tag_tokens_with(tokens: &[&str], tag: impl Fn(&[&str]) -> Vec<TokenSpan>) -> Vec<TokenSpan> {
    let mut out = Vec::new();
    for r in sentence_ranges(tokens) {
        let found = tag(&tokens[r.clone()]);
        out.extend(found.into_iter().map(|s| TokenSpan {
            start: s.start + r.start,
            end: s.end + r.start,
            label: s.label,
        }));
    }
    out
}

/// Training sentences from a token sequence and its entity spans (types
/// outside [`TYPES`] are left as O), cut like [`tag_tokens`] cuts.
pub fn training_sentences(
    tokens: &[String],
    entities: &[(usize, usize, String)],
) -> Vec<(Vec<String>, Vec<Label>)> {
    let mut labels = vec![0; tokens.len()];
    for (start, end, label) in entities {
        let Some(t) = TYPES.iter().position(|x| x == label) else {
            continue;
        };
        for (k, slot) in labels.iter_mut().enumerate().take(*end).skip(*start) {
            *slot = if k == *start { 1 + 2 * t } else { 2 + 2 * t };
        }
    }
    let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
    sentence_ranges(&refs)
        .into_iter()
        .map(|r| (tokens[r.clone()].to_vec(), labels[r].to_vec()))
        .collect()
}

/// Copies of training sentences written where case says nothing: one
/// sentence in `every` in lower case and one in `every` (from the middle
/// of the stride) in capitals, labels unchanged, at fixed positions so the
/// same data gives the same model; none when `every` is 0.
pub fn case_copies(
    sentences: &[(Vec<String>, Vec<Label>)],
    every: usize,
) -> Vec<(Vec<String>, Vec<Label>)> {
    if every == 0 {
        return Vec::new();
    }
    sentences
        .iter()
        .enumerate()
        .filter_map(|(i, (tokens, labels))| {
            let case = match i % every {
                0 => str::to_lowercase,
                k if k == every / 2 => str::to_uppercase,
                _ => return None,
            };
            let t: Vec<String> = tokens.iter().map(|w| case(w)).collect();
            Some((t, labels.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_copies_are_lower_case_then_capitals_at_fixed_positions() {
        let s = |w: &str| (vec![w.to_string()], vec![1]);
        let sentences = [s("Paris"), s("Lyon"), s("Nice"), s("Metz")];
        let copies = case_copies(&sentences, 2);
        let words: Vec<&str> = copies.iter().map(|(t, _)| t[0].as_str()).collect();
        // With a stride of 2, position 0 is lower case and position 1
        // (the middle of the stride) capitals.
        assert_eq!(words, ["paris", "LYON", "nice", "METZ"]);
        assert!(case_copies(&sentences, 0).is_empty());
    }

    #[test]
    fn case_is_restored_only_where_it_says_nothing() {
        let g = Gazetteer::bundled();
        let restored = restore_case(&["LE", "MAIRE", "DE", "PARIS", "DÉMISSIONNE"], g);
        assert_eq!(
            restored.as_deref(),
            Some(&["le", "maire", "de", "Paris", "démissionne"].map(String::from)[..])
        );
        let restored = restore_case(&["source", ":", "agence", "france", "presse"], g);
        assert!(restored.is_some_and(|r| r.contains(&"France".to_string())));
        // Mixed case carries information: left alone.
        assert_eq!(restore_case(&["Le", "maire", "de", "Paris"], g), None);
    }

    #[test]
    fn spans_and_sentences_round_trip() {
        let tokens: Vec<String> = "Le maire de Lyon parle . M. Durand répond ."
            .split(' ')
            .map(str::to_string)
            .collect();
        let sents = training_sentences(
            &tokens,
            &[
                (3, 4, "LOC".into()),
                (7, 8, "PER".into()),
                (0, 1, "MISC".into()),
            ],
        );
        assert_eq!(sents.len(), 2);
        assert_eq!(sents[0].1, vec![0, 0, 0, 3, 0, 0]);
        assert_eq!(sents[1].1, vec![0, 1, 0, 0]);
        let back = spans(&sents[1].1);
        assert_eq!(
            back,
            vec![TokenSpan {
                start: 1,
                end: 2,
                label: "PER"
            }]
        );
    }
}

#[cfg(test)]
mod bundled_model {
    use super::*;
    use crate::{EntityStage, MISC};

    #[test]
    fn the_bundled_model_loads_and_finds_people_and_places() {
        let stage = EntityStage::bundled().expect("bundled model reads");
        let tokens = [
            "Le",
            "maire",
            "de",
            "Besançon",
            ",",
            "M.",
            "Gérard",
            "Lemoine",
            ",",
            "a",
            "reçu",
            "hier",
            "le",
            "préfet",
            "du",
            "Doubs",
            ".",
        ];
        let found = tag_tokens(stage.model(), Gazetteer::bundled(), &tokens);
        let labelled: Vec<(String, &str)> = found
            .iter()
            .map(|s| (tokens[s.start..s.end].join(" "), s.label))
            .collect();
        assert!(
            labelled
                .iter()
                .any(|(t, l)| t.contains("Lemoine") && *l == "PER"),
            "{labelled:?}"
        );
        assert!(
            labelled.iter().any(|(t, l)| t == "Besançon" && *l == "LOC"),
            "{labelled:?}"
        );
    }

    #[test]
    fn misc_names_only_add_to_the_taggers_spans() {
        let stage = EntityStage::bundled().expect("bundled model reads");
        let sentences = [
            ("fr", "Au Festival de Cannes , Mme Lucie Arnaud a présenté le film « Les Vergers du nord » ."),
            ("fr", "La loi Durandet a été votée avant les Jeux olympiques de Paris et la COP30 ."),
            ("fr", "Air Lisière commande vingt Airbus A350 pour ses lignes vers Montréal ."),
            ("en", "The Clean Harbours Act passed before the World Cup , said Senator Ruth Calloway ."),
        ];
        for (lang, sentence) in sentences {
            let tokens: Vec<&str> = sentence.split(' ').collect();
            let plain = tag_tokens(stage.model_for(lang), Gazetteer::bundled(), &tokens);
            let with = stage.tag_tokens(lang, &tokens).expect("MISC rules read");
            assert!(with.iter().any(|s| s.label == MISC), "{sentence}: {with:?}");
            // Every PER/LOC/ORG span is the tagger's; one it lost is inside
            // a MISC span (relabelled, or a word of a quoted title).
            for s in with.iter().filter(|s| s.label != MISC) {
                assert!(plain.contains(s), "{sentence}: {s:?}");
            }
            for p in &plain {
                assert!(
                    with.contains(p)
                        || with
                            .iter()
                            .any(|s| s.label == MISC && s.start <= p.start && p.end <= s.end),
                    "{sentence}: {p:?}"
                );
            }
        }
    }
}
