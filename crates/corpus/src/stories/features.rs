//! An article's features: stemmed words of its language (the title's
//! counted more), its entities' keys, its day.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

/// 1970-01-01, day 0 of story days.
fn epoch() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// A date as a story day (the days since 1970-01-01 that
/// [`StoryFeatures`] and [`Story`] count in).
pub fn day_number(date: chrono::NaiveDate) -> Option<i32> {
    i32::try_from((date - epoch()).num_days()).ok()
}

/// A story day back as a date.
pub fn day_date(day: i32) -> Option<chrono::NaiveDate> {
    epoch().checked_add_signed(chrono::Duration::days(i64::from(day)))
}

/// One feature of an article: a stemmed word or an entity key.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Feature {
    /// Stable hash of the feature (language and stem, or entity key).
    pub(super) key: u64,
    /// Occurrences in the article.
    pub(super) count: u32,
    /// Readable form, kept for labels (the first surface word seen, lower
    /// case, or the entity key): a byte range of `StoryFeatures::names`, so
    /// an article's words need one allocation, not one each.
    pub(super) name: (u32, u32),
}

/// What [`Stories`] needs to know about one article. Building it is a pure
/// function of the article, so many can be built in parallel.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryFeatures {
    pub(super) lang: Box<str>,
    pub(super) names: String,
    pub(super) terms: Vec<Feature>,
    pub(super) entities: Vec<Feature>,
    pub(super) day: Option<i32>,
}

/// Hash domains, so that a word and an entity written alike stay apart.
const TERM_DOMAIN: u8 = 1;
const ENTITY_DOMAIN: u8 = 2;

fn feature_key(domain: u8, lang: &str, text: &str) -> u64 {
    let mut h = FxHasher::default();
    domain.hash(&mut h);
    lang.hash(&mut h);
    text.hash(&mut h);
    h.finish()
}

/// The stemmer for an ISO 639-1 code, built once per language.
fn stemmer(lang: &str) -> Option<&'static Stemmer> {
    static STEMMERS: OnceLock<Vec<(&'static str, Stemmer)>> = OnceLock::new();
    STEMMERS
        .get_or_init(|| {
            [
                ("fr", Algorithm::French),
                ("en", Algorithm::English),
                ("de", Algorithm::German),
                ("es", Algorithm::Spanish),
                ("it", Algorithm::Italian),
            ]
            .into_iter()
            .map(|(code, algorithm)| (code, Stemmer::create(algorithm)))
            .collect()
        })
        .iter()
        .find(|(code, _)| *code == lang)
        .map(|(_, s)| s)
}

/// The function words of a language (the lexicon's lists), indexed once.
fn stopwords(lang: &str) -> Option<&'static FxHashSet<&'static str>> {
    static LISTS: OnceLock<Vec<(&'static str, FxHashSet<&'static str>)>> = OnceLock::new();
    LISTS
        .get_or_init(|| {
            filrouge_lexicon::Lexicon::bundled()
                .languages()
                .iter()
                .map(|l| (l.code, l.stopwords.iter().map(String::as_str).collect()))
                .collect()
        })
        .iter()
        .find(|(code, _)| *code == lang)
        .map(|(_, s)| s)
}

/// Shortest word kept: one-letter words are elisions and initials.
const MIN_WORD_CHARS: usize = 2;

/// Occurrences a title word counts for beyond its own: a headline names
/// the development an article reports, the body also its background.
const TITLE_EXTRA: u32 = 2;

/// An article's terms as they are counted, before sorting.
#[derive(Default)]
struct TermCounter {
    terms: FxHashMap<u64, Feature>,
    names: String,
    lower: String,
}

impl TermCounter {
    /// Counts the words of `text` in language `lang`, each occurrence
    /// `weight` times.
    fn count(&mut self, lang: &str, text: &str, weight: u32) {
        let stem = stemmer(lang);
        let stop = stopwords(lang);
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            // Numbers (years, counts) say little about which story it is.
            if word.chars().nth(MIN_WORD_CHARS - 1).is_none()
                || word.chars().all(|c| c.is_numeric())
            {
                continue;
            }
            self.lower.clear();
            self.lower.extend(word.chars().flat_map(char::to_lowercase));
            if stop.is_some_and(|s| s.contains(self.lower.as_str())) {
                continue;
            }
            let key = match stem {
                Some(s) => feature_key(TERM_DOMAIN, lang, &s.stem(&self.lower)),
                None => feature_key(TERM_DOMAIN, lang, &self.lower),
            };
            let (names, lower) = (&mut self.names, &self.lower);
            self.terms
                .entry(key)
                .or_insert_with(|| Feature {
                    key,
                    count: 0,
                    name: push_name(names, lower),
                })
                .count += weight;
        }
    }
}

impl StoryFeatures {
    /// The features of an article: `lang` is its ISO 639-1 code (words are
    /// stemmed for fr, en, de, es and it, and only lower-cased otherwise),
    /// `entities` the canonical keys of the entities it mentions (repeats
    /// count), `day` its date in days since 1970-01-01 when known.
    pub fn new(lang: &str, text: &str, entities: &[String], day: Option<i32>) -> Self {
        StoryFeatures::titled(lang, "", text, entities, day)
    }

    /// [`StoryFeatures::new`] for an article with a title (which `text`
    /// may hold too): each word of the title counts [`TITLE_EXTRA`] times
    /// more.
    pub fn titled(
        lang: &str,
        title: &str,
        text: &str,
        entities: &[String],
        day: Option<i32>,
    ) -> Self {
        let mut counter = TermCounter::default();
        counter.count(lang, text, 1);
        counter.count(lang, title, TITLE_EXTRA);
        let TermCounter {
            terms, mut names, ..
        } = counter;
        let mut found: FxHashMap<u64, Feature> = FxHashMap::default();
        for entity in entities {
            let key = feature_key(ENTITY_DOMAIN, "", entity);
            found
                .entry(key)
                .or_insert_with(|| Feature {
                    key,
                    count: 0,
                    name: push_name(&mut names, entity),
                })
                .count += 1;
        }
        StoryFeatures {
            lang: lang.into(),
            names,
            terms: sorted(terms),
            entities: sorted(found),
            day,
        }
    }

    /// The article's date, in days since 1970-01-01.
    pub fn day(&self) -> Option<i32> {
        self.day
    }

    /// Number of distinct terms (stems) kept.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }
}

/// Appends a name to an arena; returns its byte range. An arena beyond
/// 4 GB (never, for one article) would give empty names, not a failure.
fn push_name(names: &mut String, name: &str) -> (u32, u32) {
    let start = u32::try_from(names.len()).unwrap_or(u32::MAX);
    names.push_str(name);
    (start, u32::try_from(names.len()).unwrap_or(start))
}

/// The text of a name range (empty when out of range).
pub(super) fn name_of(names: &str, (start, end): (u32, u32)) -> &str {
    names.get(start as usize..end as usize).unwrap_or("")
}

/// Features in key order, so that the result does not depend on hash map
/// iteration.
fn sorted(map: FxHashMap<u64, Feature>) -> Vec<Feature> {
    let mut v: Vec<Feature> = map.into_values().collect();
    v.sort_unstable_by_key(|f| f.key);
    v
}
