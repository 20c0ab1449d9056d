//! Word lists the tagger uses as features: given names, places, cities,
//! organisations (shared by the languages), and per language the cue words
//! before a person ("M.", "porte-parole"), the words inside organisation
//! and place names.
//!
//! Architecture invariant: the lists are features the trained weights may
//! overrule; the only rules built on them are the repairs after tagging
//! (`repair_with_gazetteer`: edges and labels of listed names of two words
//! or more, such names the tagger missed, a listed given name before
//! capitalised words).

use rustc_hash::{FxHashMap, FxHashSet};

use crate::data_lines;

/// What a gazetteer says about a token of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazetteerKind {
    /// A given name.
    FirstName,
    /// A country, region or continent.
    Place,
    /// A city.
    City,
    /// An organisation.
    Organisation,
}

impl GazetteerKind {
    /// A short tag for feature names.
    pub fn tag(self) -> &'static str {
        match self {
            GazetteerKind::FirstName => "first",
            GazetteerKind::Place => "place",
            GazetteerKind::City => "city",
            GazetteerKind::Organisation => "org",
        }
    }
}

/// The bundled lists.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Multi-word entries by their first token: (tokens, kind), longest first.
    entries: FxHashMap<String, Vec<(Vec<String>, GazetteerKind)>>,
    cues: FxHashSet<String>,
    org_words: FxHashSet<String>,
    loc_words: FxHashSet<String>,
    particles: FxHashSet<String>,
}

const COMMON: &[(&str, GazetteerKind)] = &[
    (
        include_str!("../data/common/first_names.txt"),
        GazetteerKind::FirstName,
    ),
    (
        include_str!("../data/common/places.txt"),
        GazetteerKind::Place,
    ),
    (
        include_str!("../data/common/cities.txt"),
        GazetteerKind::City,
    ),
    (
        include_str!("../data/common/organisations.txt"),
        GazetteerKind::Organisation,
    ),
];

/// Per-language lists: (code, cues, organisation words, place words).
const LANGUAGES: &[(&str, &str, &str, &str)] = &[
    (
        "fr",
        include_str!("../data/fr/cues.txt"),
        include_str!("../data/fr/org_words.txt"),
        include_str!("../data/fr/loc_words.txt"),
    ),
    (
        "en",
        include_str!("../data/en/cues.txt"),
        include_str!("../data/en/org_words.txt"),
        include_str!("../data/en/loc_words.txt"),
    ),
];

/// Splits a gazetteer entry the way tokens come: words, and apostrophes and
/// hyphens kept inside words.
fn entry_tokens(entry: &str) -> Vec<String> {
    entry.split_whitespace().map(str::to_string).collect()
}

impl Gazetteer {
    /// The lists of every bundled language.
    pub fn bundled() -> &'static Gazetteer {
        static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        G.get_or_init(|| {
            let mut g = Gazetteer::default();
            for (text, kind) in COMMON {
                for l in data_lines(text) {
                    let toks = entry_tokens(l);
                    if let Some(first) = toks.first().cloned() {
                        let list = g.entries.entry(first).or_default();
                        list.push((toks, *kind));
                        list.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
                    }
                }
            }
            g.particles.extend(
                data_lines(include_str!("../data/common/name_particles.txt")).map(str::to_string),
            );
            for (_, cues, orgs, locs) in LANGUAGES {
                g.cues.extend(data_lines(cues).map(str::to_lowercase));
                g.org_words.extend(data_lines(orgs).map(str::to_lowercase));
                g.loc_words.extend(data_lines(locs).map(str::to_lowercase));
            }
            g
        })
    }

    /// For each token of a sentence: the gazetteer entry covering it, as
    /// (kind, whether it begins the entry). Longest entries first, left to
    /// right; case must match the list (names are capitalised).
    pub fn mark(&self, tokens: &[&str]) -> Vec<Option<(GazetteerKind, bool)>> {
        let mut out = vec![None; tokens.len()];
        let mut i = 0;
        while i < tokens.len() {
            let mut matched = 0;
            if let Some(list) = self.entries.get(tokens[i]) {
                for (words, kind) in list {
                    let n = words.len();
                    if i + n <= tokens.len()
                        && words.iter().zip(&tokens[i..i + n]).all(|(a, b)| a == b)
                    {
                        out[i] = Some((*kind, true));
                        for slot in out.iter_mut().take(i + n).skip(i + 1) {
                            *slot = Some((*kind, false));
                        }
                        matched = n;
                        break;
                    }
                }
            }
            i += matched.max(1);
        }
        out
    }

    /// Whether a listed name starts with `word` as spelt.
    pub fn starts_name(&self, word: &str) -> bool {
        self.entries.contains_key(word)
    }

    /// Whether `lower` is a cue word before a person.
    pub fn is_cue(&self, lower: &str) -> bool {
        self.cues.contains(lower)
    }

    /// Whether `word` may stand lower case inside a person's name ("de",
    /// "von", "al").
    pub fn is_name_particle(&self, word: &str) -> bool {
        self.particles.contains(word)
    }

    /// Whether `lower` is a word found in organisation names.
    pub fn is_org_word(&self, lower: &str) -> bool {
        self.org_words.contains(lower)
    }

    /// Whether `lower` is a word found in place names.
    pub fn is_loc_word(&self, lower: &str) -> bool {
        self.loc_words.contains(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_word_entries_cover_their_tokens() {
        let g = Gazetteer::bundled();
        let marks = g.mark(&["à", "New", "York", "et", "Moscou"]);
        assert_eq!(marks[1], Some((GazetteerKind::City, true)));
        assert_eq!(marks[2], Some((GazetteerKind::City, false)));
        assert_eq!(marks[4], Some((GazetteerKind::City, true)));
        assert!(marks[0].is_none());
        assert!(g.is_cue("porte-parole"));
    }
}
