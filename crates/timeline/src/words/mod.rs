//! The words the timeline's outputs write around the sources' own, for a
//! person reading them: dates ("fin décembre 2025", "4 juin, année
//! inconnue"), durations ("environ 1 h 30"), amounts ("1,5 million
//! d'euros"), ranks ("6e appel") and the outputs' labels, in French or
//! English (`data/<lang>.toml`). The JSON output keeps the TimeML values
//! beside them; nothing here is parsed back.
//!
//! Architecture invariant: every word a person reads comes from the data
//! files; the code only fills placeholders and picks singular or plural.

mod dates;
mod measures;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The bundled languages: code and data file. The first is the fallback
/// for a language without a file.
const LANGUAGES: [(&str, &str); 2] = [
    ("en", include_str!("../../data/en.toml")),
    ("fr", include_str!("../../data/fr.toml")),
];

/// Date patterns of one language.
#[derive(Debug, Deserialize)]
struct DateWords {
    day: String,
    first_day: String,
    month: String,
    year: String,
    day_no_year: String,
    month_no_year: String,
    unknown: String,
    modifiers: BTreeMap<String, String>,
}

/// Duration patterns of one language.
#[derive(Debug, Deserialize)]
struct DurationWords {
    hours_minutes: String,
    hours: String,
    minutes: String,
    seconds: String,
    several: String,
    units: BTreeMap<String, [String; 2]>,
    modifiers: BTreeMap<String, String>,
}

/// How numbers are written.
#[derive(Debug, Deserialize)]
struct NumberWords {
    decimal: String,
    thousands: String,
    /// (threshold, singular, plural), largest first.
    scales: Vec<(f64, String, String)>,
}

/// An amount's patterns for one currency.
#[derive(Debug, Deserialize)]
struct AmountWords {
    plain: String,
    scaled: String,
}

/// The noun a rank goes with.
#[derive(Debug, Deserialize)]
struct RankNoun {
    noun: String,
    #[serde(default)]
    feminine: bool,
}

/// Rank patterns of one language.
#[derive(Debug, Deserialize)]
struct RankWords {
    ordinal: String,
    #[serde(default)]
    first: Option<String>,
    #[serde(default)]
    first_feminine: Option<String>,
    #[serde(default)]
    by_last_digit: BTreeMap<String, String>,
    #[serde(default)]
    teens: Vec<u32>,
    with_noun: String,
    alone: String,
    nouns: BTreeMap<String, RankNoun>,
}

/// Everything one language writes.
#[derive(Debug, Deserialize)]
struct LanguageFile {
    months: Vec<String>,
    dates: DateWords,
    durations: DurationWords,
    numbers: NumberWords,
    amounts: BTreeMap<String, AmountWords>,
    ranks: RankWords,
    /// Counts written with the singular form of a label (`<key>_one`).
    singular: Vec<usize>,
    labels: BTreeMap<String, String>,
}

/// The words of one language, as the outputs use them.
#[derive(Debug)]
pub struct Words {
    lang: &'static str,
    file: LanguageFile,
}

/// The bundled languages, parsed once. The data is compiled in and
/// tested, so a failure is a build defect: it panics naming the file.
fn bundled() -> &'static [Words] {
    static W: OnceLock<Vec<Words>> = OnceLock::new();
    W.get_or_init(|| {
        LANGUAGES
            .iter()
            .map(|(lang, text)| match toml::from_str::<LanguageFile>(text) {
                Ok(file) => Words { lang, file },
                Err(e) => panic!("crates/timeline/data/{lang}.toml: {e}"),
            })
            .collect()
    })
}

impl Words {
    /// The words of `lang` (ISO 639-1); English for a language without a
    /// data file.
    pub fn of(lang: &str) -> &'static Words {
        let all = bundled();
        all.iter().find(|w| w.lang == lang).unwrap_or(&all[0])
    }

    /// Whether `lang` has its own data file.
    pub fn has(lang: &str) -> bool {
        LANGUAGES.iter().any(|(l, _)| *l == lang)
    }

    /// The language these words are in.
    pub fn lang(&self) -> &'static str {
        self.lang
    }

    /// A label of the outputs (`[labels]`), its placeholders filled from
    /// `fill` (name, value); the key itself when the file lacks it.
    pub fn label(&self, key: &str, fill: &[(&str, &str)]) -> String {
        match self.file.labels.get(key) {
            Some(pattern) => fill_in(pattern, fill),
            None => key.to_string(),
        }
    }
}

impl Words {
    /// A label about `count` things (`{count}` filled), in its singular
    /// form (`<key>_one`) when the language writes that count so.
    pub fn count_label(&self, key: &str, count: usize) -> String {
        let n = count.to_string();
        let singular = format!("{key}_one");
        if self.file.singular.contains(&count) && self.file.labels.contains_key(&singular) {
            self.label(&singular, &[("count", &n)])
        } else {
            self.label(key, &[("count", &n)])
        }
    }
}

/// `pattern` with each `{name}` replaced by its value.
fn fill_in(pattern: &str, fill: &[(&str, &str)]) -> String {
    let mut out = pattern.to_string();
    for (name, value) in fill {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_label_of_the_french_file() {
        let fr = Words::of("fr");
        for (lang, _) in LANGUAGES {
            let w = Words::of(lang);
            assert_eq!(w.lang(), lang);
            // Singular forms are optional: a language may write one form.
            for key in fr.file.labels.keys().filter(|k| !k.ends_with("_one")) {
                assert!(w.file.labels.contains_key(key), "{lang} lacks label {key}");
            }
            assert_eq!(w.file.months.len(), 12, "{lang}");
        }
        assert_eq!(Words::of("de").lang(), "en");
    }

    #[test]
    fn labels_fill_their_placeholders() {
        let fr = Words::of("fr");
        assert_eq!(fr.count_label("events", 3), "3 événements");
        assert_eq!(fr.count_label("events", 0), "0 événement");
        assert_eq!(Words::of("en").count_label("events", 0), "0 events");
        assert_eq!(fr.label("no such label", &[]), "no such label");
    }
}
