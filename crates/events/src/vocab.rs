//! The per-language event vocabulary (`data/<lang>.toml`): event kinds and
//! their trigger phrases, demonstratives, amount scales and currencies.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::EventError;

/// The bundled languages: code and data file.
const LANGUAGES: [(&str, &str); 2] = [
    ("fr", include_str!("../data/fr.toml")),
    ("en", include_str!("../data/en.toml")),
];

/// One word of a phrase pattern, in comparison form (lower case, no
/// accent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WordPattern {
    /// This word only.
    Exact(String),
    /// Any word starting so (`négociation*`).
    Prefix(String),
}

impl WordPattern {
    /// A word of the data file in comparison form, `*` at its end for a
    /// prefix.
    fn parse(word: &str) -> WordPattern {
        match word.strip_suffix('*') {
            Some(stem) => WordPattern::Prefix(stem.to_string()),
            None => WordPattern::Exact(word.to_string()),
        }
    }

    /// Whether a word in comparison form matches.
    pub(crate) fn matches(&self, word: &str) -> bool {
        match self {
            WordPattern::Exact(w) => w == word,
            WordPattern::Prefix(p) => word.starts_with(p.as_str()),
        }
    }
}

/// A phrase: consecutive words.
pub(crate) type Phrase = Vec<WordPattern>;

/// Whether `phrase` matches the words of `ws` from word `at` on.
pub(crate) fn phrase_at(phrase: &[WordPattern], ws: &[(String, usize, usize)], at: usize) -> bool {
    ws.get(at..).is_some_and(|rest| {
        phrase.len() <= rest.len() && phrase.iter().zip(rest).all(|(p, w)| p.matches(&w.0))
    })
}

/// The words of `text` in comparison form with their byte spans: runs of
/// letters and digits, lower case, accents dropped.
pub(crate) fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
            for l in c.to_lowercase() {
                filrouge_lexicon::push_unaccented(l, |x| current.push(x));
            }
        } else if let Some(s) = start.take() {
            out.push((std::mem::take(&mut current), s, i));
        }
    }
    if let Some(s) = start {
        out.push((current, s, text.len()));
    }
    out
}

/// A phrase of the data file in comparison form, `*` marks kept.
fn phrase(text: &str) -> Phrase {
    // Split the pattern as text is split, keeping the `*` marks.
    text.split(|c: char| !(c.is_alphanumeric() || c == '*'))
        .filter(|w| !w.is_empty())
        .map(|w| WordPattern::parse(&filrouge_lexicon::unaccented(&w.to_lowercase())))
        .collect()
}

/// An event kind of a language.
#[derive(Debug, Clone)]
pub struct EventKind {
    /// Its name, the same in every language (`call`, `talks`, ...).
    pub name: String,
    /// A headline word in the language ("Entretien téléphonique").
    pub label: String,
    /// Kinds of one family may name one event.
    pub family: String,
    /// A speech act ("a annoncé", "declared"): in a sentence naming
    /// another event, it is how the news is known, not the news.
    pub speech: bool,
}

/// A trigger phrase and the kind it names.
#[derive(Debug, Clone)]
pub(crate) struct Trigger {
    pub words: Phrase,
    pub kind: usize,
    /// Names an event only in context (see the data file).
    pub weak: bool,
}

/// The event vocabulary of one language.
#[derive(Debug, Clone)]
pub struct LanguageEvents {
    /// Its kinds, in file order.
    pub kinds: Vec<EventKind>,
    /// The kind of a dated sentence without an event word, if any.
    pub(crate) generic: Option<usize>,
    pub(crate) triggers: Vec<Trigger>,
    pub(crate) demonstratives: Vec<String>,
    pub(crate) context: Vec<String>,
    pub(crate) bounds: Vec<String>,
    pub(crate) negations: Vec<String>,
    pub(crate) initiator_cues: Vec<Phrase>,
    pub(crate) scales: Vec<(WordPattern, f64)>,
    pub(crate) currencies: Vec<(Phrase, String)>,
    /// The mark between a number's units and its decimals ("1,5").
    pub(crate) decimal_separator: String,
    /// Marks between a number's groups of three digits ("60 000").
    pub(crate) thousands_separators: Vec<String>,
    /// Words between an amount and its currency ("de", "of"), in
    /// comparison form.
    pub(crate) amount_links: Vec<String>,
    /// Currency signs ("$", "€") and their codes.
    pub(crate) currency_signs: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct RawLanguage {
    /// Name of the kind given to dated sentences without an event word.
    #[serde(default)]
    generic: Option<String>,
    #[serde(default)]
    demonstratives: Vec<String>,
    /// Words just before a trigger that make it the setting of the news,
    /// not the news ("cinq jours après la fuite").
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    bounds: Vec<String>,
    #[serde(default)]
    negations: Vec<String>,
    #[serde(default)]
    initiator_cues: Vec<String>,
    #[serde(default)]
    scales: BTreeMap<String, f64>,
    #[serde(default)]
    currencies: BTreeMap<String, String>,
    /// The decimal mark of numbers.
    #[serde(default = "default_decimal")]
    decimal_separator: String,
    #[serde(default)]
    thousands_separators: Vec<String>,
    #[serde(default)]
    amount_links: Vec<String>,
    #[serde(default)]
    currency_signs: BTreeMap<String, String>,
    kinds: BTreeMap<String, RawKind>,
}

/// The decimal mark of a language file that names none.
fn default_decimal() -> String {
    ".".into()
}

#[derive(Deserialize)]
struct RawKind {
    label: String,
    family: String,
    #[serde(default)]
    triggers: Vec<String>,
    #[serde(default)]
    weak: Vec<String>,
    #[serde(default)]
    speech: bool,
}

impl LanguageEvents {
    /// Parses the data file of language `code`.
    fn parse(code: &str, text: &str) -> Result<LanguageEvents, EventError> {
        let file = format!("data/{code}.toml");
        let raw: RawLanguage = toml::from_str(text).map_err(|e| EventError::Data {
            file: file.clone(),
            message: e.to_string(),
        })?;
        let (kinds, triggers) = kinds_and_triggers(raw.kinds);
        let generic =
            match &raw.generic {
                Some(g) => Some(kinds.iter().position(|k| &k.name == g).ok_or_else(|| {
                    EventError::Data {
                        file,
                        message: format!("generic kind {g:?} is not among the kinds"),
                    }
                })?),
                None => None,
            };
        Ok(LanguageEvents {
            generic,
            kinds,
            triggers,
            demonstratives: comparison_forms(&raw.demonstratives),
            context: comparison_forms(&raw.context),
            bounds: comparison_forms(&raw.bounds),
            negations: comparison_forms(&raw.negations),
            initiator_cues: raw.initiator_cues.iter().map(|c| phrase(c)).collect(),
            scales: raw
                .scales
                .iter()
                .map(|(w, f)| (WordPattern::parse(w), *f))
                .collect(),
            currencies: raw
                .currencies
                .iter()
                .map(|(w, c)| (phrase(w), c.clone()))
                .collect(),
            decimal_separator: raw.decimal_separator,
            thousands_separators: raw.thousands_separators,
            amount_links: comparison_forms(&raw.amount_links),
            // Longest sign first ("US$" before "$").
            currency_signs: {
                let mut signs: Vec<(String, String)> = raw.currency_signs.into_iter().collect();
                signs.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
                signs
            },
        })
    }

    /// The kind named `name`, if this language has it.
    pub fn kind(&self, name: &str) -> Option<&EventKind> {
        self.kinds.iter().find(|k| k.name == name)
    }
}

/// The kinds of a language file in file order, and their trigger phrases
/// sorted for matching: longest first, so the first trigger matching at a
/// word is the longest; exact words before prefixes of the same length.
fn kinds_and_triggers(raw: BTreeMap<String, RawKind>) -> (Vec<EventKind>, Vec<Trigger>) {
    let mut kinds = Vec::new();
    let mut triggers = Vec::new();
    for (name, k) in raw {
        let index = kinds.len();
        for (list, weak) in [(&k.triggers, false), (&k.weak, true)] {
            for t in list {
                let words = phrase(t);
                if !words.is_empty() {
                    triggers.push(Trigger {
                        words,
                        kind: index,
                        weak,
                    });
                }
            }
        }
        kinds.push(EventKind {
            name,
            label: k.label,
            family: k.family,
            speech: k.speech,
        });
    }
    triggers.sort_by_key(|t| {
        (
            std::cmp::Reverse(t.words.len()),
            t.words
                .iter()
                .filter(|w| matches!(w, WordPattern::Prefix(_)))
                .count(),
        )
    });
    (kinds, triggers)
}

/// Single words of a list in comparison form (lower case, no accent).
fn comparison_forms(list: &[String]) -> Vec<String> {
    list.iter()
        .map(|d| filrouge_lexicon::unaccented(&d.to_lowercase()))
        .collect()
}

/// The event vocabulary: that of every bundled language (named apart
/// from [`filrouge_lexicon::Lexicon`], the shared word lists of cleaning
/// and segmentation).
#[derive(Debug)]
pub struct EventVocabulary {
    languages: Vec<(&'static str, LanguageEvents)>,
}

impl EventVocabulary {
    /// Parses the bundled data files.
    pub fn try_bundled() -> Result<EventVocabulary, EventError> {
        let mut languages = Vec::new();
        for (code, text) in LANGUAGES {
            languages.push((code, LanguageEvents::parse(code, text)?));
        }
        Ok(EventVocabulary { languages })
    }

    /// The bundled vocabularies, parsed once. The data is compiled in and
    /// tested, so a failure here is a build defect: it panics with the
    /// file and the error.
    pub fn bundled() -> &'static EventVocabulary {
        static L: OnceLock<EventVocabulary> = OnceLock::new();
        L.get_or_init(|| match EventVocabulary::try_bundled() {
            Ok(l) => l,
            Err(e) => panic!("bundled event data: {e}"),
        })
    }

    /// The vocabulary of `lang` (ISO 639-1), if bundled.
    pub fn language(&self, lang: &str) -> Option<&LanguageEvents> {
        self.languages
            .iter()
            .find(|(c, _)| *c == lang)
            .map(|(_, l)| l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_data_parses_and_words_fold() {
        let l = EventVocabulary::try_bundled().expect("data");
        let fr = l.language("fr").expect("fr");
        assert!(fr.kind("call").is_some());
        assert!(l.language("en").and_then(|e| e.kind("call")).is_some());
        let w: Vec<String> = words("Négociations, l'Été!")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(w, ["negociations", "l", "ete"]);
        assert!(phrase("négociation*")[0].matches("negociations"));
    }
}
