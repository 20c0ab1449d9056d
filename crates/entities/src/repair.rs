//! Repairs after tagging: the word lists of the [`Gazetteer`] correct the
//! tagger's spans of one sentence where a listed name says where an
//! entity's edges are and what it is, where a listed given name starts a
//! person the tagger missed, and where a common word or noun of
//! organisation names around a "person" says otherwise.
//!
//! Architecture invariant: the lists only repair what the tagger found
//! (span edges and labels), and add names of two words or more, dotted
//! media names and people starting with a listed given name; one-word
//! listed names are left to the tagger.

use crate::gazetteer::{Gazetteer, GazetteerKind};
use crate::TokenSpan;

/// What the gazetteer says of each token: the kind of a listed name it is
/// in, and whether it starts it.
type Marks = [Option<(GazetteerKind, bool)>];

/// A listed name in a sentence: first token, token after the last, label.
type ListedName = (usize, usize, &'static str);

/// The label a gazetteer entry gives.
fn gazetteer_label(kind: GazetteerKind) -> Option<&'static str> {
    match kind {
        GazetteerKind::Organisation => Some("ORG"),
        GazetteerKind::Place | GazetteerKind::City => Some("LOC"),
        GazetteerKind::FirstName => None,
    }
}

/// Repairs the tagger's spans of one sentence where a listed name of two
/// words or more says where an entity's edges are and what it is: a span of
/// exactly such a name takes its label, a span that cuts into
/// such a name grows to cover it ("Blanche" becomes "Maison Blanche", ORG;
/// "New" and "York Post" become "New York Post"), and a span that runs
/// from a listed organisation or place into a first name is cut in two
/// ("Kremlin Dmitri Peskov": ORG "Kremlin", PER "Dmitri Peskov").
pub fn repair_with_gazetteer(
    tokens: &[&str],
    found: Vec<TokenSpan>,
    g: &Gazetteer,
) -> Vec<TokenSpan> {
    let marks = g.mark(tokens);
    let names = listed_names(&marks);
    let mut out = split_before_first_names(found, &names, &marks);
    grow_over_listed_names(&mut out, &names);
    add_missed_listed_names(&mut out, &names);
    add_dotted_media(tokens, &mut out, g);
    people_after_organisation_words(tokens, &mut out, g);
    out.sort_by_key(|t| t.start);
    let out = split_people_at_common_words(tokens, out, g);
    people_from_given_names(tokens, out, g, &marks)
}

/// The listed organisations and places of a sentence, from its marks.
fn listed_names(marks: &Marks) -> Vec<ListedName> {
    let mut names = Vec::new();
    let mut i = 0;
    while i < marks.len() {
        match marks[i] {
            Some((kind, true)) => {
                let mut end = i + 1;
                while end < marks.len() && matches!(marks[end], Some((k, false)) if k == kind) {
                    end += 1;
                }
                if let Some(label) = gazetteer_label(kind) {
                    names.push((i, end, label));
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    names
}

/// Spans that start with a listed name and go on into a first name, cut
/// in two: the name with its label, then a person.
fn split_before_first_names(
    found: Vec<TokenSpan>,
    names: &[ListedName],
    marks: &Marks,
) -> Vec<TokenSpan> {
    let mut out: Vec<TokenSpan> = Vec::new();
    for s in found {
        let head = names.iter().find(|(a, b, _)| *a == s.start && *b < s.end);
        if let Some(&(a, b, label)) = head {
            if matches!(marks[b], Some((GazetteerKind::FirstName, true))) {
                out.push(TokenSpan {
                    start: a,
                    end: b,
                    label,
                });
                out.push(TokenSpan {
                    start: b,
                    end: s.end,
                    label: "PER",
                });
                continue;
            }
        }
        out.push(s);
    }
    out
}

/// Spans that cut into a listed name of two words or more grow to cover
/// it; a span of exactly such a name takes the list's label ("Truth
/// Social" is no person).
fn grow_over_listed_names(out: &mut Vec<TokenSpan>, names: &[ListedName]) {
    for &(a, b, label) in names.iter().filter(|(a, b, _)| b - a >= 2) {
        let touching: Vec<usize> = (0..out.len())
            .filter(|&k| out[k].start < b && out[k].end > a)
            .collect();
        let cuts = touching.iter().any(|&k| out[k].start > a || out[k].end < b);
        if let [k] = touching[..] {
            if (out[k].start, out[k].end) == (a, b) {
                out[k].label = label;
                continue;
            }
        }
        if touching.is_empty() || !cuts {
            continue;
        }
        let start = touching
            .iter()
            .map(|&k| out[k].start)
            .min()
            .unwrap_or(a)
            .min(a);
        let end = touching
            .iter()
            .map(|&k| out[k].end)
            .max()
            .unwrap_or(b)
            .max(b);
        // Exactly the name: its own label; longer ("New York Post"): the
        // label of the span that runs past it.
        let label = if (start, end) == (a, b) {
            label
        } else {
            touching
                .iter()
                .map(|&k| &out[k])
                .find(|t| t.start < a || t.end > b)
                .map_or(label, |t| t.label)
        };
        out.retain(|t| !(t.start < b && t.end > a));
        out.push(TokenSpan { start, end, label });
    }
}

/// A listed name of two words or more that no span touches: the tagger
/// missed it ("Selon RIA Novosti"). One-word names are left to the
/// tagger ("Airbus" starts a product's name, "Nancy" may be a woman).
fn add_missed_listed_names(out: &mut Vec<TokenSpan>, names: &[ListedName]) {
    for &(a, b, label) in names {
        if b - a >= 2 && !out.iter().any(|t| t.start < b && t.end > a) {
            out.push(TokenSpan {
                start: a,
                end: b,
                label,
            });
        }
    }
}

/// A web medium's name glued by its dot ("Novosti.Live", "Mediapart.fr"),
/// which the tagger has not seen, outside every span: an organisation.
fn add_dotted_media(tokens: &[&str], out: &mut Vec<TokenSpan>, g: &Gazetteer) {
    for (i, w) in tokens.iter().enumerate() {
        if is_dotted_name(w, g) && !out.iter().any(|t| t.start <= i && i < t.end) {
            out.push(TokenSpan {
                start: i,
                end: i + 1,
                label: "ORG",
            });
        }
    }
}

/// A "person" right after a common noun of organisation names is the
/// organisation's name ("la société Valorex Chimie", "le groupe
/// Delorme"); not after a name ("le porte-parole du Kremlin Dmitri
/// Peskov").
fn people_after_organisation_words(tokens: &[&str], out: &mut [TokenSpan], g: &Gazetteer) {
    for t in out.iter_mut().filter(|t| t.label == "PER" && t.start > 0) {
        let before = tokens[t.start - 1];
        if before.chars().all(char::is_lowercase) && g.is_org_word(before) {
            t.label = "ORG";
        }
    }
}

/// "Novosti.Live", "Booking.com": a capitalised word of three letters or
/// more, a dot, then a lower-case ending of two to four letters (a domain)
/// or a capitalised word of four letters or more; not two sentences glued
/// by a missing space ("Paris.Il", "Macron.Le", "Kiev.Moscou": a listed
/// name on either side, or a short capitalised word after the dot).
fn is_dotted_name(w: &str, g: &Gazetteer) -> bool {
    let Some((head, tail)) = w.split_once('.') else {
        return false;
    };
    let letters = |s: &str| s.chars().count();
    let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    let domain = (2..=4).contains(&letters(tail)) && tail.chars().all(char::is_lowercase);
    let word = letters(tail) >= 4 && capital(tail) && !g.starts_name(tail);
    letters(head) >= 3
        && capital(head)
        && head.chars().chain(tail.chars()).all(char::is_alphabetic)
        && !g.starts_name(head)
        && (domain || word)
}

/// A word written as a name: a capital, then at least one more letter,
/// letters, hyphens and apostrophes only, not all in capitals.
fn capitalised_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars().count() > 1
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && !w.chars().skip(1).all(char::is_uppercase)
}

/// A capitalised word that may be a surname: no word of place or
/// organisation names.
fn surname_like(w: &str, g: &Gazetteer) -> bool {
    let low = w.to_lowercase();
    capitalised_word(w) && !g.is_org_word(&low) && !g.is_loc_word(&low)
}

/// A listed given name followed by capitalised words is a person, where
/// the tagger saw no name, saw only the surname, or read the pair as an
/// organisation or place ("Luc Vandamme a promis", "captain Leo Santos",
/// "Howard Lin" as ORG): the tagger, trained on little English and on old
/// French press, misses modern names the list knows. Not after a word of
/// place or organisation names ("rue Victor Hugo", "lycée Jean Moulin"),
/// nor when a surname word is itself such a word or starts a listed place
/// or organisation.
fn people_from_given_names(
    tokens: &[&str],
    mut found: Vec<TokenSpan>,
    g: &Gazetteer,
    marks: &Marks,
) -> Vec<TokenSpan> {
    let mut i = 0;
    while i < tokens.len() {
        let given = matches!(marks[i], Some((GazetteerKind::FirstName, true)));
        let after_place_word = i > 0 && {
            let prev = tokens[i - 1].to_lowercase();
            g.is_loc_word(&prev) || g.is_org_word(&prev)
        };
        if !given || after_place_word || !capitalised_word(tokens[i]) {
            i += 1;
            continue;
        }
        let Some(end) = surname_end(tokens, i, g, marks) else {
            i += 1;
            continue;
        };
        i = claim_person(&mut found, i, end);
    }
    found.sort_by_key(|t| t.start);
    found
}

/// Where the surname after the given name at `i` ends: capitalised words,
/// name particles between them; in a run of more than two (a headline in
/// Title Case: "Luc Vandamme Rachète Le Club") only the first. `None`
/// without one.
fn surname_end(tokens: &[&str], i: usize, g: &Gazetteer, marks: &Marks) -> Option<usize> {
    let mut k = i + 1;
    let mut surnames = Vec::new();
    while k < tokens.len() && k <= i + 4 {
        let w = tokens[k];
        let listed_other =
            matches!(marks[k], Some((kind, true)) if kind != GazetteerKind::FirstName);
        if surname_like(w, g) && !listed_other {
            surnames.push(k + 1);
            k += 1;
        } else if g.is_name_particle(w) && k + 1 < tokens.len() && surname_like(tokens[k + 1], g) {
            k += 1;
        } else {
            break;
        }
    }
    let title_case_run = k < tokens.len() && capitalised_word(tokens[k]);
    let end = if surnames.len() <= 2 && !title_case_run {
        surnames.last()
    } else {
        surnames.first()
    };
    end.copied()
}

/// Makes tokens `i..end` (a given name and its surname) a person among
/// the tagger's spans `found`, and returns where to look next. A person
/// the tagger starts at the given name is its own, grown over the surname
/// it left out ("Thomas" of "Thomas Roux"). Nothing there, the surname
/// alone, or the same words with another label: the person's span
/// replaces them, no longer than the tagger's words when it had some. A
/// span running past the name ("Jean Monnet Foundation") is the tagger's
/// to keep.
fn claim_person(found: &mut Vec<TokenSpan>, i: usize, end: usize) -> usize {
    let touching: Vec<usize> = (0..found.len())
        .filter(|&n| found[n].start < end && found[n].end > i)
        .collect();
    if let Some(&n) = touching
        .iter()
        .find(|&&n| found[n].label == "PER" && found[n].start <= i)
    {
        let alone = touching.len() == 1;
        if alone && found[n].start == i && found[n].end < end {
            found[n].end = end;
        }
        return found[n].end.max(i + 1);
    }
    let mut end = end;
    if let Some(e) = touching.iter().map(|&n| found[n].end).max() {
        end = end.min(e).max(i + 2);
    }
    let inside = touching
        .iter()
        .all(|&n| found[n].start >= i && found[n].end <= end);
    if inside {
        found.retain(|t| !(t.start < end && t.end > i));
        found.push(TokenSpan {
            start: i,
            end,
            label: "PER",
        });
    }
    end
}

/// Person spans run over a lower-case word that is no name particle
/// ("Salomé Jolivet devant Aurélie Isnardon"): one person each side, when
/// each side starts with a capital.
fn split_people_at_common_words(
    tokens: &[&str],
    found: Vec<TokenSpan>,
    g: &Gazetteer,
) -> Vec<TokenSpan> {
    let capitalised = |i: usize| tokens[i].chars().next().is_some_and(char::is_uppercase);
    let mut out = Vec::with_capacity(found.len());
    for s in found {
        let cut = (s.start + 1..s.end.saturating_sub(1)).find(|&k| {
            let w = tokens[k];
            w.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
                && !g.is_name_particle(w)
                && capitalised(s.start)
                && capitalised(k + 1)
        });
        match cut {
            Some(k) if s.label == "PER" => {
                out.push(TokenSpan {
                    start: s.start,
                    end: k,
                    label: "PER",
                });
                out.extend(split_people_at_common_words(
                    tokens,
                    vec![TokenSpan {
                        start: k + 1,
                        end: s.end,
                        label: "PER",
                    }],
                    g,
                ));
            }
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_span_over_a_common_word_is_two_people_but_particles_stay() {
        let g = Gazetteer::bundled();
        let per = |start, end| TokenSpan {
            start,
            end,
            label: "PER",
        };
        let tokens = ["Salomé", "Jolivet", "devant", "Aurélie", "Isnardon", "."];
        assert_eq!(
            split_people_at_common_words(&tokens, vec![per(0, 5)], g),
            vec![per(0, 2), per(3, 5)]
        );
        let tokens = [
            "Ursula", "von", "der", "Leyen", "et", "Charles", "de", "Gaulle",
        ];
        assert_eq!(
            split_people_at_common_words(&tokens, vec![per(0, 4), per(5, 8)], g),
            vec![per(0, 4), per(5, 8)]
        );
        // Not a person, or the word after is no name: left alone.
        let tokens = ["Banque", "de", "France", "pour", "tous"];
        let org = TokenSpan {
            start: 0,
            end: 5,
            label: "ORG",
        };
        assert_eq!(
            split_people_at_common_words(&tokens, vec![org.clone()], g),
            vec![org]
        );
    }

    #[test]
    fn a_listed_given_name_and_a_capitalised_word_are_a_person() {
        let g = Gazetteer::bundled();
        let span = |start, end, label| TokenSpan { start, end, label };
        // Untagged, or read as an organisation: a person.
        let tokens = ["Coach", "Brenda", "Walsh", "called", "it", "a", "win"];
        assert_eq!(
            people_from_given_names(&tokens, vec![], g, &g.mark(&tokens)),
            vec![span(1, 3, "PER")]
        );
        let tokens = ["Howard", "Lin", "said", "so"];
        assert_eq!(
            people_from_given_names(&tokens, vec![span(0, 2, "ORG")], g, &g.mark(&tokens)),
            vec![span(0, 2, "PER")]
        );
        // The surname alone was tagged: the whole name.
        let tokens = ["Luc", "Vandamme", "a", "promis"];
        assert_eq!(
            people_from_given_names(&tokens, vec![span(1, 2, "PER")], g, &g.mark(&tokens)),
            vec![span(0, 2, "PER")]
        );
        // The tagger's person is kept; a Title Case run gives one surname.
        let tokens = ["Joe", "Biden", "Signs", "Bill"];
        let per = vec![span(0, 2, "PER")];
        assert_eq!(
            people_from_given_names(&tokens, per.clone(), g, &g.mark(&tokens)),
            per
        );
        let tokens = ["L'agriculteur", "Thomas", "Roux", "s'inquiète"];
        assert_eq!(
            people_from_given_names(&tokens, vec![span(1, 2, "PER")], g, &g.mark(&tokens)),
            vec![span(1, 3, "PER")]
        );
        let tokens = ["Luc", "Vandamme", "Rachète", "Le", "Club"];
        assert_eq!(
            people_from_given_names(&tokens, vec![], g, &g.mark(&tokens)),
            vec![span(0, 2, "PER")]
        );
        // A street, a school, a longer organisation: left alone.
        let tokens = ["rue", "Victor", "Hugo", "et", "lycée", "Jean", "Moulin"];
        assert!(people_from_given_names(&tokens, vec![], g, &g.mark(&tokens)).is_empty());
        let tokens = ["Jean", "Monnet", "Foundation", "grants"];
        let org = vec![span(0, 3, "ORG")];
        assert_eq!(
            people_from_given_names(&tokens, org.clone(), g, &g.mark(&tokens)),
            org
        );
    }

    /// The repaired spans as (start, end, label).
    fn repaired(tokens: &[&str], found: Vec<TokenSpan>) -> Vec<(usize, usize, &'static str)> {
        repair_with_gazetteer(tokens, found, Gazetteer::bundled())
            .into_iter()
            .map(|t| (t.start, t.end, t.label))
            .collect()
    }

    #[test]
    fn listed_names_the_tagger_missed_and_dotted_media_are_organisations() {
        let g = Gazetteer::bundled();
        let tokens = ["Selon", "RIA", "Novosti", "et", "Novosti.Live", ","];
        let got = repaired(&tokens, Vec::new());
        assert_eq!(got, [(1, 3, "ORG"), (4, 5, "ORG")]);
        for glued in [
            "M.Dupont",
            "3.14",
            "etc.",
            "Paris.Il",
            "Macron.Le",
            "Kiev.Moscou",
        ] {
            assert!(!is_dotted_name(glued, g), "{glued}");
        }
        assert!(is_dotted_name("Booking.com", g));
    }

    #[test]
    fn a_person_after_a_common_noun_of_organisations_is_an_organisation() {
        let per = |start, end| TokenSpan {
            start,
            end,
            label: "PER",
        };
        let tokens = [
            "la",
            "société",
            "Valorex",
            "Chimie",
            "et",
            "le",
            "Kremlin",
            "Dmitri",
            "Peskov",
        ];
        let got = repaired(&tokens, vec![per(2, 4), per(7, 9)]);
        assert!(got.contains(&(2, 4, "ORG")), "{got:?}");
        assert!(got.contains(&(7, 9, "PER")), "{got:?}");
    }

    #[test]
    fn listed_names_repair_span_edges() {
        let g = Gazetteer::bundled();
        let span = |start, end, label| TokenSpan { start, end, label };
        // "Maison Blanche" cut to "Blanche" grows back, as an organisation.
        let toks = ["la", "Maison", "Blanche", "a", "répondu"];
        let fixed = repair_with_gazetteer(&toks, vec![span(2, 3, "LOC")], g);
        assert_eq!(fixed, vec![span(1, 3, "ORG")]);
        // An organisation glued to a person's name is cut in two.
        let toks = ["du", "Kremlin", "Dmitri", "Peskov", "a", "dit"];
        let fixed = repair_with_gazetteer(&toks, vec![span(1, 4, "PER")], g);
        assert_eq!(fixed, vec![span(1, 2, "ORG"), span(2, 4, "PER")]);
        // A longer name running past a listed one keeps the longer span.
        let toks = ["le", "New", "York", "Post", "a", "écrit"];
        let fixed = repair_with_gazetteer(&toks, vec![span(1, 2, "LOC"), span(2, 4, "ORG")], g);
        assert_eq!(fixed, vec![span(1, 4, "ORG")]);
        // Nothing to repair: spans stay.
        let toks = ["Marie", "Curie", "à", "Paris"];
        let found = vec![span(0, 2, "PER"), span(3, 4, "LOC")];
        assert_eq!(repair_with_gazetteer(&toks, found.clone(), g), found);
    }
}
