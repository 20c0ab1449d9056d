//! MISC names: events, works, products and laws ("loi Veil", "Coupe du
//! monde", "COP29", the title after "le livre « … »", "Airbus A320").
//!
//! The statistical tagger knows PER, LOC and ORG only (its training data
//! has no MISC to speak of), so MISC is recognised by patterns read from
//! per-language data files (`data/common/misc.txt`, `data/<lang>/misc.txt`;
//! the format is in the header of `data/common/misc.txt`). A pattern is a
//! sequence of tokens: literal words, `#` for digits inside a word (`COP#`
//! matches "COP29"), and slots (`{Name}`: capitalised words, `{#}`: a number or model code,
//! `{year}`, `{title}`: a title between quote marks). Square brackets mark
//! the part that is the entity when it is not the whole match
//! (`livre [{title}]`: the title, not the word "livre").
//!
//! [`merge`] combines MISC with the tagger's spans: a MISC name replaces a
//! tagger span with exactly its tokens ("Patriot Act" is no organisation),
//! keeps names nested inside it ("Cannes" in "Festival de Cannes", "Veil"
//! in "loi Veil") except inside a quoted title, whose words are the work's
//! (a place in a book's title is no place of the news), and gives way to a
//! tagger span it crosses or lies inside ("Comité des Jeux olympiques"
//! stays one organisation).
//!
//! Architecture invariant: like the tagger, the recogniser reads tokens and
//! returns token spans; it knows no document or offsets.

use rustc_hash::FxHashMap;

use crate::gazetteer::{Gazetteer, GazetteerKind};
use crate::TokenSpan;

/// The label of MISC spans.
pub const MISC: &str = "MISC";

/// One MISC name found by [`MiscRules::find`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MiscMatch {
    /// Its tokens, labelled [`MISC`].
    pub span: TokenSpan,
    /// A title between quote marks: names inside it are the work's words,
    /// not mentions of their own.
    pub title: bool,
}

/// The longest `{Name}` slot, in tokens.
const MAX_NAME_TOKENS: usize = 5;

/// The longest `{title}` slot, in tokens inside the quote marks.
const MAX_TITLE_TOKENS: usize = 20;

/// The bundled files: common, then one per language.
const COMMON: &str = include_str!("../data/common/misc.txt");
const LANGUAGES: &[(&str, &str)] = &[
    ("fr", include_str!("../data/fr/misc.txt")),
    ("en", include_str!("../data/en/misc.txt")),
];

/// Opening quote marks and the marks that may close each.
const QUOTES: &[(&str, &[&str])] = &[
    ("«", &["»"]),
    ("“", &["”", "“"]),
    ("„", &["“", "”"]),
    ("‹", &["›"]),
    ("\"", &["\""]),
];

/// Why a MISC data file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct MiscSyntaxError {
    /// The file (`fr/misc.txt`).
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    /// A word as written; a lower-case initial also matches a capital
    /// (sentence starts, titles), and words after the first match in any
    /// case ("Coupe du Monde").
    Word(String),
    /// A word made of a prefix, at least `digits` digits, then letters,
    /// digits or hyphens (`COP#` for "COP29", `A###` for "A320").
    Coded {
        /// The letters before the digits, as written.
        prefix: String,
        /// The fewest digits.
        digits: usize,
    },
    /// A token starting with a digit ("737", "2024", "737-800").
    Number,
    /// A four-digit year (1800 to 2099).
    Year,
    /// One to [`MAX_NAME_TOKENS`] capitalised words, no function words.
    Name,
    /// A title between quote marks (the marks are matched, not kept).
    Title,
}

/// A pattern and which of its elements are the entity.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    elements: Vec<Element>,
    /// Elements `entity.0..entity.1` are the entity.
    entity: (usize, usize),
    /// The category the file puts it under (`event`, `work`, `product`,
    /// `law`), for the tests and for readers of the data.
    category: String,
}

/// The recogniser for one language: its patterns and the common ones.
#[derive(Debug, Default)]
pub struct MiscRules {
    /// Patterns by the lower case of their first word (or of a coded
    /// word's prefix followed by `#`).
    by_first: FxHashMap<String, Vec<Pattern>>,
    /// Patterns starting with a slot, tried at every token.
    slot_first: Vec<Pattern>,
}

/// Lines of a data file that are not blank or comments, with their numbers,
/// and the section (`[event]`) each is under.
fn entries(text: &str) -> impl Iterator<Item = (usize, &str, &str)> {
    let mut section = "";
    text.lines().enumerate().filter_map(move |(i, raw)| {
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') {
            return None;
        }
        if let Some(name) = l.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            if !name.contains(' ') && !name.contains('{') {
                section = name;
                return None;
            }
        }
        Some((i + 1, section, l))
    })
}

/// Parses one pattern line.
fn parse_pattern(line: &str, category: &str) -> Result<Pattern, String> {
    let mut elements = Vec::new();
    let mut open: Option<usize> = None;
    let mut entity: Option<(usize, usize)> = None;
    for raw in line.split_whitespace() {
        let mut word = raw;
        if let Some(rest) = word.strip_prefix('[') {
            if open.is_some() || entity.is_some() {
                return Err("one bracketed part only".into());
            }
            open = Some(elements.len());
            word = rest;
        }
        let closes = word.ends_with(']') && word.len() > 1;
        if closes {
            word = &word[..word.len() - 1];
        }
        let element = match word {
            "{Name}" => Element::Name,
            "{#}" => Element::Number,
            "{year}" => Element::Year,
            "{title}" => Element::Title,
            w if w.starts_with('{') => return Err(format!("unknown slot `{w}`")),
            w if w.contains('#') => {
                let (prefix, hashes) = w.split_at(w.find('#').unwrap_or(w.len()));
                if prefix.is_empty() || hashes.chars().any(|c| c != '#') {
                    return Err(format!("`{w}`: `#` only after a prefix, at the end"));
                }
                Element::Coded {
                    prefix: prefix.to_string(),
                    digits: hashes.len(),
                }
            }
            w => Element::Word(w.to_string()),
        };
        elements.push(element);
        if closes {
            let Some(start) = open.take() else {
                return Err("`]` without `[`".into());
            };
            entity = Some((start, elements.len()));
        }
    }
    if open.is_some() {
        return Err("`[` without `]`".into());
    }
    if elements.is_empty() {
        return Err("empty pattern".into());
    }
    let entity = entity.unwrap_or((0, elements.len()));
    if entity.0 == entity.1 {
        return Err("empty bracketed part".into());
    }
    Ok(Pattern {
        elements,
        entity,
        category: category.to_string(),
    })
}

/// The index key of a pattern's first element, `None` for a slot.
fn pattern_key(p: &Pattern) -> Option<String> {
    match p.elements.first()? {
        Element::Word(w) => Some(w.to_lowercase()),
        Element::Coded { prefix, .. } => Some(format!("{}#", prefix.to_lowercase())),
        _ => None,
    }
}

/// Whether a token starts with a capital letter.
fn capitalised(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_uppercase)
}

/// Whether `token` is `word`, allowing a capital for a lower-case initial,
/// or any case at all when `any_case`.
fn word_matches(word: &str, token: &str, any_case: bool) -> bool {
    if word == token {
        return true;
    }
    if any_case {
        return word.to_lowercase() == token.to_lowercase();
    }
    let mut w = word.chars();
    let mut t = token.chars();
    match (w.next(), t.next()) {
        (Some(a), Some(b)) if a.is_lowercase() && b.is_uppercase() => {
            a.to_uppercase().eq(std::iter::once(b)) && w.eq(t)
        }
        _ => false,
    }
}

/// Whether `token` is a prefix, at least `digits` digits, then letters,
/// digits or hyphens.
fn coded_matches(prefix: &str, digits: usize, token: &str) -> bool {
    let Some(rest) = token.strip_prefix(prefix) else {
        return false;
    };
    let n = rest.chars().take_while(char::is_ascii_digit).count();
    n >= digits
        && n >= 1
        && rest
            .chars()
            .skip(n)
            .all(|c| c.is_alphanumeric() || c == '-')
}

/// Whether a token is a four-digit year from 1800 to 2099.
fn is_year(token: &str) -> bool {
    token.len() == 4
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token.starts_with("18") || token.starts_with("19") || token.starts_with("20"))
}

impl MiscRules {
    /// Reads the common file and one language's file.
    pub fn parse(common: &str, language: &str, lang: &str) -> Result<MiscRules, MiscSyntaxError> {
        let mut rules = MiscRules::default();
        for (file, text) in [
            ("common/misc.txt".to_string(), common),
            (format!("{lang}/misc.txt"), language),
        ] {
            for (line, category, l) in entries(text) {
                let p = parse_pattern(l, category).map_err(|message| MiscSyntaxError {
                    file: file.clone(),
                    line,
                    message,
                })?;
                match pattern_key(&p) {
                    Some(k) => rules.by_first.entry(k).or_default().push(p),
                    None => rules.slot_first.push(p),
                }
            }
        }
        Ok(rules)
    }

    /// The bundled rules of a language (`fr`, `en`; any other code gets
    /// the French ones, as the tagger does), or `None` when a bundled file
    /// is broken (a build defect the tests catch).
    pub fn bundled(lang: &str) -> Option<&'static MiscRules> {
        static RULES: std::sync::OnceLock<Vec<(&'static str, Option<MiscRules>)>> =
            std::sync::OnceLock::new();
        let all = RULES.get_or_init(|| {
            LANGUAGES
                .iter()
                .map(|(code, text)| (*code, MiscRules::parse(COMMON, text, code).ok()))
                .collect()
        });
        let code = match lang.split(['-', '_']).next() {
            Some("en") => "en",
            _ => "fr",
        };
        all.iter()
            .find(|(c, _)| *c == code)
            .and_then(|(_, r)| r.as_ref())
    }

    /// Every bundled file parsed, or the first error (for the tests).
    pub fn check_bundled() -> Result<(), MiscSyntaxError> {
        for (code, text) in LANGUAGES {
            MiscRules::parse(COMMON, text, code)?;
        }
        Ok(())
    }

    /// MISC names in one sentence's tokens, left to right, never
    /// overlapping; at each token the longest match wins. `gazetteer`
    /// keeps a `{Name}` slot from taking a listed person's first name,
    /// organisation or place ("le film Netflix" names no film).
    pub fn find(&self, tokens: &[&str], gazetteer: &Gazetteer) -> Vec<MiscMatch> {
        let mut out = Vec::new();
        let mut marks: Option<Vec<Option<(GazetteerKind, bool)>>> = None;
        let mut key = String::new();
        let mut i = 0;
        while i < tokens.len() {
            // (end, entity start, entity end, title)
            let mut best: Option<(usize, usize, usize, bool)> = None;
            let mut consider = |p: &Pattern| {
                let Some(bounds) = self.match_at(p, tokens, i) else {
                    return;
                };
                let end = bounds[p.elements.len()];
                let (mut a, mut b) = (bounds[p.entity.0], bounds[p.entity.1]);
                // A title alone in the brackets: the words inside the marks.
                let title =
                    p.entity.1 - p.entity.0 == 1 && p.elements[p.entity.0] == Element::Title;
                if title {
                    a += 1;
                    b -= 1;
                }
                if a >= b {
                    return;
                }
                // After a cue word, a listed name (a given name, a place, an
                // organisation) is no title: "le film Netflix".
                if is_cue_pattern(p) {
                    let m = marks.get_or_insert_with(|| gazetteer.mark(tokens));
                    if m.get(a).is_some_and(Option::is_some) {
                        return;
                    }
                }
                if best.is_none_or(|(e, ..)| end > e) {
                    best = Some((end, a, b, title));
                }
            };
            // The lower case of the token, then of its letters before a
            // digit followed by `#` ("cop#" for "COP29"), in one buffer
            // reused from token to token.
            key.clear();
            key.extend(tokens[i].chars().flat_map(char::to_lowercase));
            if let Some(list) = self.by_first.get(key.as_str()) {
                list.iter().for_each(&mut consider);
            }
            if let Some(at) = key.find(|c: char| c.is_ascii_digit()) {
                key.truncate(at);
                key.push('#');
                if let Some(list) = self.by_first.get(key.as_str()) {
                    list.iter().for_each(&mut consider);
                }
            }
            // A slot-first pattern can only start where its slot can.
            let capital = capitalised(tokens[i]);
            let digit = tokens[i].starts_with(|c: char| c.is_ascii_digit());
            self.slot_first
                .iter()
                .filter(|p| match p.elements.first() {
                    Some(Element::Name) => capital,
                    Some(Element::Number | Element::Year) => digit,
                    _ => true,
                })
                .for_each(&mut consider);
            match best {
                Some((end, a, b, title)) => {
                    out.push(MiscMatch {
                        span: TokenSpan {
                            start: a,
                            end: b,
                            label: MISC,
                        },
                        title,
                    });
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }

    /// Token boundaries of `p` matched at `start` (one per element, then
    /// the end), or `None`.
    fn match_at(&self, p: &Pattern, tokens: &[&str], start: usize) -> Option<Vec<usize>> {
        let mut bounds = Vec::with_capacity(p.elements.len() + 1);
        if match_from(&p.elements, 0, tokens, start, &mut bounds) {
            Some(bounds)
        } else {
            None
        }
    }
}

/// Whether a pattern is a cue word before a work's name (`film [{Name}]`):
/// its entity is a lone slot after literal words.
fn is_cue_pattern(p: &Pattern) -> bool {
    p.entity.0 > 0 && p.entity.1 - p.entity.0 == 1 && p.elements[p.entity.0] == Element::Name
}

/// Whether a token may be part of a `{Name}` slot: capitalised, not a
/// function word, not a quote mark.
fn name_token(token: &str) -> bool {
    capitalised(token)
        && token.chars().count() > 1
        && !filrouge_lexicon::Lexicon::bundled()
            .stopwords()
            .contains(&token.to_lowercase())
}

/// Matches `elements[k..]` at token `at`, pushing each element's first
/// token into `bounds` (and the end after the last); backtracks over the
/// length of `{Name}` slots, longest first.
fn match_from(
    elements: &[Element],
    k: usize,
    tokens: &[&str],
    at: usize,
    bounds: &mut Vec<usize>,
) -> bool {
    bounds.truncate(k);
    bounds.push(at);
    let Some(element) = elements.get(k) else {
        return true;
    };
    let token = tokens.get(at).copied();
    let next = |bounds: &mut Vec<usize>, to: usize| match_from(elements, k + 1, tokens, to, bounds);
    match element {
        Element::Word(w) => {
            token.is_some_and(|t| word_matches(w, t, k > 0)) && next(bounds, at + 1)
        }
        Element::Coded { prefix, digits } => {
            token.is_some_and(|t| coded_matches(prefix, *digits, t)) && next(bounds, at + 1)
        }
        Element::Number => {
            token.is_some_and(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()))
                && next(bounds, at + 1)
        }
        Element::Year => token.is_some_and(is_year) && next(bounds, at + 1),
        Element::Name => {
            let run = tokens[at.min(tokens.len())..]
                .iter()
                .take(MAX_NAME_TOKENS)
                .take_while(|t| name_token(t))
                .count();
            (1..=run).rev().any(|n| next(bounds, at + n))
        }
        Element::Title => {
            let Some(closers) =
                token.and_then(|t| QUOTES.iter().find(|(open, _)| *open == t).map(|(_, c)| *c))
            else {
                return false;
            };
            let close = tokens
                .iter()
                .enumerate()
                .skip(at + 2)
                .take(MAX_TITLE_TOKENS)
                .find(|(_, t)| closers.contains(t))
                .map(|(j, _)| j);
            match close {
                Some(j)
                    if !tokens[at + 1..j]
                        .iter()
                        .any(|t| matches!(*t, "." | "!" | "?")) =>
                {
                    next(bounds, j + 1)
                }
                _ => false,
            }
        }
    }
}

/// Combines the tagger's PER/LOC/ORG spans with MISC names of the same
/// tokens: a MISC span equal to a tagger span replaces it, one holding
/// tagger spans is added beside them (nested names stay, except inside a
/// quoted title, where they go), one crossing a tagger span or inside one
/// is dropped. The result is sorted by start (longer first).
pub fn merge(mut found: Vec<TokenSpan>, misc: Vec<MiscMatch>) -> Vec<TokenSpan> {
    for MiscMatch { span: m, title } in misc {
        let same = found
            .iter()
            .position(|f| f.start == m.start && f.end == m.end);
        if let Some(k) = same {
            found[k].label = MISC;
            continue;
        }
        let blocked = found.iter().any(|f| {
            let overlaps = f.start < m.end && m.start < f.end;
            let inside_m = m.start <= f.start && f.end <= m.end;
            overlaps && !inside_m
        });
        if !blocked {
            if title {
                found.retain(|f| !(m.start <= f.start && f.end <= m.end));
            }
            found.push(m);
        }
    }
    found.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(lang: &str, sentence: &str) -> Vec<String> {
        let tokens: Vec<&str> = sentence.split(' ').collect();
        let rules = MiscRules::bundled(lang).expect("bundled MISC rules parse");
        rules
            .find(&tokens, Gazetteer::bundled())
            .into_iter()
            .map(|m| tokens[m.span.start..m.span.end].join(" "))
            .collect()
    }

    #[test]
    fn bundled_files_parse() {
        assert_eq!(MiscRules::check_bundled(), Ok(()));
    }

    #[test]
    fn french_laws_events_works_and_products() {
        assert_eq!(
            find(
                "fr",
                "Les députés ont voté la loi Durandet sur les baux ruraux ."
            ),
            ["loi Durandet"]
        );
        assert_eq!(
            find("fr", "La loi immigration revient au Sénat ."),
            ["loi immigration"]
        );
        assert_eq!(
            find("fr", "Elle prépare les Jeux olympiques depuis trois ans ."),
            ["Jeux olympiques"]
        );
        assert_eq!(
            find("fr", "Les négociateurs arrivent à Belém pour la COP30 ."),
            ["COP30"]
        );
        assert_eq!(
            find(
                "fr",
                "Il a tout dit dans son livre « Les Vergers du nord » , paru hier ."
            ),
            ["Les Vergers du nord"]
        );
        assert_eq!(
            find("fr", "La compagnie attend dix Airbus A350 de plus ."),
            ["Airbus A350"]
        );
        assert_eq!(
            find("fr", "Le sommet du G20 s' ouvre lundi ."),
            ["sommet du G20"]
        );
    }

    #[test]
    fn english_laws_events_and_works() {
        assert_eq!(
            find("en", "The Clean Harbours Act was signed on Friday ."),
            ["Clean Harbours Act"]
        );
        assert_eq!(
            find(
                "en",
                "She reviewed the film Northern Lanterns for the magazine ."
            ),
            ["Northern Lanterns"]
        );
        assert_eq!(
            find("en", "Tickets for the World Cup final sold out ."),
            ["World Cup"]
        );
    }

    #[test]
    fn ordinary_sentences_give_nothing() {
        assert!(find("fr", "La loi prévoit une amende de 200 euros .").is_empty());
        assert!(find("fr", "Il a dit : « Nous verrons . »").is_empty());
        assert!(find("en", "The company said the film was late .").is_empty());
        // A listed organisation after a cue word is not a work's title.
        assert!(find("en", "The film Reuters showed was short .").is_empty());
        // A coded word needs its digits.
        assert!(find("fr", "La COP est finie .").is_empty());
    }

    #[test]
    fn pattern_syntax_errors_are_named() {
        assert!(parse_pattern("livre [{title}", "work").is_err());
        assert!(parse_pattern("{Nom}", "work").is_err());
        assert!(parse_pattern("#COP", "event").is_err());
        let p = parse_pattern("film [{Name}]", "work").expect("parses");
        assert_eq!(p.entity, (1, 2));
        let err = MiscRules::parse("[event]\nloi [{Name}", "", "fr").expect_err("broken");
        assert_eq!((err.file.as_str(), err.line), ("common/misc.txt", 2));
    }

    #[test]
    fn merging_replaces_equal_spans_keeps_nested_and_yields_to_crossing() {
        let span = |start, end, label| TokenSpan { start, end, label };
        let name = |start, end| MiscMatch {
            span: span(start, end, MISC),
            title: false,
        };
        // "Festival de Cannes": the place inside stays; an equal ORG span
        // becomes MISC; a MISC span crossing an organisation is dropped; a
        // place inside a quoted title goes.
        let merged = merge(
            vec![
                span(2, 3, "LOC"),
                span(5, 7, "ORG"),
                span(9, 12, "ORG"),
                span(16, 17, "LOC"),
            ],
            vec![
                name(0, 3),
                name(5, 7),
                name(10, 13),
                MiscMatch {
                    span: span(15, 18, MISC),
                    title: true,
                },
            ],
        );
        assert_eq!(
            merged,
            vec![
                span(0, 3, MISC),
                span(2, 3, "LOC"),
                span(5, 7, MISC),
                span(9, 12, "ORG"),
                span(15, 18, MISC)
            ]
        );
    }
}
