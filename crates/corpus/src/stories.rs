//! Stories: articles about the same news story, grouped one article at a
//! time.
//!
//! The method follows Miranda et al. 2018, "Multilingual clustering of
//! streaming news": each article becomes features (TF-IDF over stemmed
//! words, the canonical keys of its entities, its day), and either joins the
//! most similar existing story or opens a new one. Similarity is a weighted
//! combination of the lexical cosine to the story's centroid (in the
//! article's language only), the cosine of the entity vectors, and a decay
//! with the days between the article and the story.
//!
//! Scale is bounded by construction:
//! - document frequencies, hence IDF, are updated as articles arrive;
//!   centroids keep raw term weights and apply the current IDF when compared,
//!   so an early story is not frozen with the IDF of its first day;
//! - candidate stories come from an inverted index (feature -> stories that
//!   recently had it among an article's strongest features), never from a
//!   scan of every story; each list keeps the `posting_cap` most recently
//!   touched stories, since old stories lose to the time decay anyway;
//! - a centroid keeps its `centroid_terms` strongest terms and
//!   `centroid_entities` strongest entities.
//!
//! Feature extraction ([`StoryFeatures::new`]) is a pure function of one
//! article and can run in parallel; [`Stories::add`] is sequential and
//! deterministic: the same articles in the same order give the same stories.
//! French and English articles on the same story meet through their shared
//! entities (their words differ).

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde::{Deserialize, Serialize};

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

/// A story's number, in the order stories were opened (from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StoryId(pub u32);

impl std::fmt::Display for StoryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "story-{}", self.0)
    }
}

/// Tuning of [`Stories`]. The defaults suit news articles of a few hundred
/// words with a handful of entities each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryParams {
    /// Minimum similarity (0 to 1) for an article to join a story.
    pub threshold: f64,
    /// Weight of the lexical cosine when the story has words in the
    /// article's language.
    pub lexical_weight: f64,
    /// Weight of the entity cosine (the two weights are rescaled to sum to 1
    /// over the evidence present).
    pub entity_weight: f64,
    /// How much the time decay can lower a score (0: dates ignored; 1: the
    /// score is multiplied by the decay itself).
    pub time_weight: f64,
    /// Days after which the decay halves.
    pub half_life_days: f64,
    /// An article further than this from a story's first..last days never
    /// joins it.
    pub max_gap_days: i32,
    /// Shared entities needed to join on entities alone (the story has no
    /// words in the article's language: another language, typically).
    pub min_shared_entities: usize,
    /// Terms kept in a story centroid.
    pub centroid_terms: usize,
    /// Entities kept in a story centroid.
    pub centroid_entities: usize,
    /// An article's strongest terms used to look up candidate stories (and
    /// under which its story is indexed).
    pub probe_terms: usize,
    /// An article's entities used the same way (all of them up to this many).
    pub probe_entities: usize,
    /// Stories kept per feature in the inverted index (most recently touched).
    pub posting_cap: usize,
    /// Candidate stories scored in full per article (the best by index
    /// overlap).
    pub max_candidates: usize,
}

impl Default for StoryParams {
    fn default() -> Self {
        StoryParams {
            threshold: 0.3,
            lexical_weight: 0.6,
            entity_weight: 0.4,
            time_weight: 0.5,
            half_life_days: 3.0,
            max_gap_days: 30,
            min_shared_entities: 2,
            centroid_terms: 100,
            centroid_entities: 20,
            probe_terms: 20,
            probe_entities: 10,
            posting_cap: 512,
            max_candidates: 32,
        }
    }
}

/// One feature of an article: a stemmed word or an entity key.
#[derive(Debug, Clone, PartialEq)]
struct Feature {
    /// Stable hash of the feature (language and stem, or entity key).
    key: u64,
    /// Occurrences in the article.
    count: u32,
    /// Readable form, kept for labels (the first surface word seen, lower
    /// case, or the entity key): a byte range of `StoryFeatures::names`, so
    /// an article's words need one allocation, not one each.
    name: (u32, u32),
}

/// What [`Stories`] needs to know about one article. Building it is a pure
/// function of the article, so many can be built in parallel.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryFeatures {
    lang: Box<str>,
    names: String,
    terms: Vec<Feature>,
    entities: Vec<Feature>,
    day: Option<i32>,
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

impl StoryFeatures {
    /// The features of an article: `lang` is its ISO 639-1 code (words are
    /// stemmed for fr, en, de, es and it, and only lower-cased otherwise),
    /// `entities` the canonical keys of the entities it mentions (repeats
    /// count), `day` its date in days since 1970-01-01 when known.
    pub fn new(lang: &str, text: &str, entities: &[String], day: Option<i32>) -> Self {
        let stem = stemmer(lang);
        let stop = stopwords(lang);
        let mut terms: FxHashMap<u64, Feature> = FxHashMap::default();
        let mut names = String::new();
        let mut lower = String::new();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            // Numbers (years, counts) say little about which story it is.
            if word.chars().nth(MIN_WORD_CHARS - 1).is_none()
                || word.chars().all(|c| c.is_numeric())
            {
                continue;
            }
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if stop.is_some_and(|s| s.contains(lower.as_str())) {
                continue;
            }
            let key = match stem {
                Some(s) => feature_key(TERM_DOMAIN, lang, &s.stem(&lower)),
                None => feature_key(TERM_DOMAIN, lang, &lower),
            };
            terms
                .entry(key)
                .or_insert_with(|| Feature {
                    key,
                    count: 0,
                    name: push_name(&mut names, &lower),
                })
                .count += 1;
        }
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
fn name_of(names: &str, (start, end): (u32, u32)) -> &str {
    names.get(start as usize..end as usize).unwrap_or("")
}

/// Features in key order, so that the result does not depend on hash map
/// iteration.
fn sorted(map: FxHashMap<u64, Feature>) -> Vec<Feature> {
    let mut v: Vec<Feature> = map.into_values().collect();
    v.sort_unstable_by_key(|f| f.key);
    v
}

/// Where an article went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryAssignment {
    /// The story it joined or opened.
    pub story: StoryId,
    /// Its similarity to the story it joined (0 when it opened one).
    pub similarity: f64,
    /// Whether it opened a new story.
    pub opened: bool,
}

/// A readable label: the story's strongest entities and terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryLabel {
    /// Entity keys, strongest first.
    pub entities: Vec<String>,
    /// Words (the first surface form seen of each stem), strongest first.
    pub terms: Vec<String>,
}

impl std::fmt::Display for StoryLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.entities.join(", "))?;
        if !self.entities.is_empty() && !self.terms.is_empty() {
            f.write_str(" / ")?;
        }
        write!(f, "{}", self.terms.join(" "))
    }
}

/// A story's centroid over one language's terms (or over its entities).
///
/// Each entry caches its TF-IDF as of the story's last article, so that
/// comparing an article with a candidate reads only the centroid: looking up
/// the feature table (millions of entries, out of cache) for every term of
/// every candidate is what dominated the time at a million articles. IDF
/// thus refreshes whenever the story takes an article.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Centroid {
    /// Index in `Stories::langs`, or `ENTITY_LANG`.
    lang: u16,
    /// `(feature, summed normalised log count, cached TF-IDF)`, sorted by
    /// feature.
    entries: Vec<(u32, f32, f32)>,
    /// L2 norm of the cached TF-IDF values.
    norm: f32,
}

/// One story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Its id.
    pub id: StoryId,
    /// Its articles, as indexes in the order articles were added (from 0).
    pub articles: Vec<u32>,
    /// Earliest day of a dated article (days since 1970-01-01).
    pub first_day: Option<i32>,
    /// Latest day of a dated article.
    pub last_day: Option<i32>,
    /// One term centroid per language of its articles.
    terms: Vec<Centroid>,
    /// The entity centroid.
    entities: Centroid,
}

/// What the feature table keeps per feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct FeatureInfo {
    /// Articles that had it.
    df: u32,
    /// `ln(1 + df)`, kept so that IDF costs a subtraction, not a logarithm,
    /// each time a centroid is compared.
    ln_df: f32,
    /// Index in `Stories::langs`, or `ENTITY_LANG` for an entity.
    lang: u16,
}

const ENTITY_LANG: u16 = u16::MAX;

/// Stories of a growing corpus, built one article at a time. Serialisable,
/// so that a stored state can take new articles without recomputing the
/// old ones.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stories {
    params: StoryParams,
    /// Feature key -> index in `info`.
    index: FxHashMap<u64, u32>,
    info: Vec<FeatureInfo>,
    /// Readable forms of the features, back to back (one allocation for
    /// millions of features), and where each ends (by feature index).
    names: String,
    name_ends: Vec<u32>,
    /// Stories recently indexed under each feature (by feature index).
    postings: Vec<Posting>,
    langs: Vec<Box<str>>,
    stories: Vec<Story>,
    /// The story of each article, by article index.
    assigned: Vec<u32>,
    /// Reused buffers of [`Stories::candidates`]; not state.
    #[serde(skip)]
    scratch: Scratch,
}

/// Buffers reused from one article to the next.
#[derive(Debug, Clone, Default)]
struct Scratch {
    /// Probe weight shared with each story, by story id (zero between
    /// articles).
    overlap: Vec<f32>,
    /// Stories with a non-zero entry in `overlap`.
    touched: Vec<u32>,
}

/// A weighted, L2-normalised article vector: `(feature index, weight)`
/// sorted by feature index.
type Vector = Vec<(u32, f32)>;

impl Stories {
    /// No stories yet.
    pub fn new(params: StoryParams) -> Self {
        Stories {
            params,
            index: FxHashMap::default(),
            info: Vec::new(),
            names: String::new(),
            name_ends: Vec::new(),
            postings: Vec::new(),
            langs: Vec::new(),
            stories: Vec::new(),
            assigned: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    /// The parameters in use.
    pub fn params(&self) -> &StoryParams {
        &self.params
    }

    /// Number of articles added.
    pub fn articles(&self) -> usize {
        self.assigned.len()
    }

    /// Number of stories.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// Whether no article was added.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// A story by id.
    pub fn story(&self, id: StoryId) -> Option<&Story> {
        self.stories.get(id.0 as usize)
    }

    /// Every story, in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Story> {
        self.stories.iter()
    }

    /// The story of article `article` (its index in the order of
    /// [`Stories::add`]).
    pub fn story_of(&self, article: usize) -> Option<StoryId> {
        self.assigned.get(article).map(|&s| StoryId(s))
    }

    /// The label of a story: up to three entities and five terms.
    pub fn label(&self, id: StoryId) -> Option<StoryLabel> {
        let story = self.story(id)?;
        let ln_n = self.ln_n();
        let top = |centroids: &[&Centroid], n: usize| -> Vec<String> {
            let mut scored: Vec<(f32, u32)> = centroids
                .iter()
                .flat_map(|c| &c.entries)
                .map(|&(f, w, _)| (w * self.idf(ln_n, f), f))
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            scored
                .iter()
                .take(n)
                .map(|&(_, f)| self.name(f).to_string())
                .collect()
        };
        Some(StoryLabel {
            entities: top(&[&story.entities], 3),
            terms: top(&story.terms.iter().collect::<Vec<_>>(), 5),
        })
    }

    /// Smoothed inverse document frequency of a feature, from the current
    /// counts.
    /// `ln_n` is [`Stories::ln_n`], computed once by callers that loop.
    fn idf(&self, ln_n: f32, feature: u32) -> f32 {
        let ln_df = self.info.get(feature as usize).map_or(0.0, |i| i.ln_df);
        ln_n - ln_df + 1.0
    }

    /// `ln(1 + articles)`, the other half of [`Stories::idf`].
    fn ln_n(&self) -> f32 {
        (1.0 + self.assigned.len() as f32).ln()
    }

    /// The readable form of a feature.
    fn name(&self, feature: u32) -> &str {
        let i = feature as usize;
        let start = match i.checked_sub(1) {
            Some(p) => self.name_ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.name_ends.get(i).copied().unwrap_or(start);
        self.names.get(start as usize..end as usize).unwrap_or("")
    }

    /// The index of a language code, added when new.
    fn lang_index(&mut self, lang: &str) -> u16 {
        match self.langs.iter().position(|l| &**l == lang) {
            Some(i) => i as u16,
            None => {
                self.langs.push(lang.into());
                // More languages than u16 values would share the last index:
                // they would compare as one language, never fail.
                (self.langs.len() - 1).min(usize::from(ENTITY_LANG - 1)) as u16
            }
        }
    }

    /// Interns features, counting one more document for each; returns
    /// `(feature index, log count)` sorted by index.
    fn intern(&mut self, features: &[Feature], names: &str, lang: u16) -> Vec<(u32, f32)> {
        let mut out: Vec<(u32, f32)> = features
            .iter()
            .map(|f| {
                let next = self.info.len() as u32;
                let i = *self.index.entry(f.key).or_insert(next);
                if i == next {
                    self.info.push(FeatureInfo {
                        df: 0,
                        ln_df: 0.0,
                        lang,
                    });
                    self.names.push_str(name_of(names, f.name));
                    self.name_ends
                        .push(u32::try_from(self.names.len()).unwrap_or(u32::MAX));
                    self.postings.push(Posting::Empty);
                }
                if let Some(info) = self.info.get_mut(i as usize) {
                    info.df += 1;
                    info.ln_df = (1.0 + info.df as f32).ln();
                }
                (i, 1.0 + (f.count as f32).ln())
            })
            .collect();
        out.sort_unstable_by_key(|&(i, _)| i);
        out
    }

    /// `raw` weighted by the current IDF and normalised.
    fn weigh(&self, raw: &[(u32, f32)]) -> Vector {
        let ln_n = self.ln_n();
        let mut v: Vector = raw
            .iter()
            .map(|&(f, w)| (f, w * self.idf(ln_n, f)))
            .collect();
        normalise(&mut v);
        v
    }

    /// Adds an article; returns the story it joined or opened.
    pub fn add(&mut self, article: &StoryFeatures) -> StoryAssignment {
        let lang = self.lang_index(&article.lang);
        let raw_terms = self.intern(&article.terms, &article.names, lang);
        let raw_entities = self.intern(&article.entities, &article.names, ENTITY_LANG);
        let terms = self.weigh(&raw_terms);
        let entities = self.weigh(&raw_entities);

        let probes = self.probes(&terms, &entities);
        let best = self
            .candidates(&probes)
            .into_iter()
            .filter_map(|s| {
                let sim = self.similarity(s, lang, &terms, &entities, article.day)?;
                Some((s, sim))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let article_index = self.assigned.len() as u32;
        let assignment = match best {
            Some((s, similarity)) if similarity >= self.params.threshold => StoryAssignment {
                story: StoryId(s),
                similarity,
                opened: false,
            },
            _ => {
                let id = self.stories.len() as u32;
                self.stories.push(Story {
                    id: StoryId(id),
                    articles: Vec::new(),
                    first_day: None,
                    last_day: None,
                    terms: Vec::new(),
                    entities: Centroid {
                        lang: ENTITY_LANG,
                        ..Centroid::default()
                    },
                });
                StoryAssignment {
                    story: StoryId(id),
                    similarity: 0.0,
                    opened: true,
                }
            }
        };
        self.assigned.push(assignment.story.0);
        self.update(
            assignment.story.0,
            article_index,
            lang,
            article.day,
            &raw_terms,
            &raw_entities,
        );
        for (f, _) in probes {
            self.post(f, assignment.story.0);
        }
        assignment
    }

    /// The article's strongest terms and entities, with their weights.
    fn probes(&self, terms: &Vector, entities: &Vector) -> Vec<(u32, f32)> {
        let strongest = |v: &Vector, n: usize| {
            let mut v = v.clone();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(n);
            v
        };
        let mut probes = strongest(terms, self.params.probe_terms);
        probes.extend(strongest(entities, self.params.probe_entities));
        probes
    }

    /// Stories sharing the most probe weight with the article, from the
    /// inverted index, at most `max_candidates`, in a deterministic order.
    fn candidates(&mut self, probes: &[(u32, f32)]) -> Vec<u32> {
        // A dense accumulator by story id (a hash map here cost more than
        // all the rest of `add` at scale), cleared through the touched list.
        let scratch = &mut self.scratch;
        scratch.overlap.resize(self.stories.len(), 0.0);
        scratch.touched.clear();
        for &(f, w) in probes {
            if let Some(list) = self.postings.get(f as usize) {
                for &s in list.stories() {
                    if let Some(o) = scratch.overlap.get_mut(s as usize) {
                        if *o == 0.0 {
                            scratch.touched.push(s);
                        }
                        *o += w.max(f32::MIN_POSITIVE);
                    }
                }
            }
        }
        let mut ranked: Vec<(u32, f32)> = scratch
            .touched
            .iter()
            .map(|&s| (s, scratch.overlap.get(s as usize).copied().unwrap_or(0.0)))
            .collect();
        for &s in &scratch.touched {
            if let Some(o) = scratch.overlap.get_mut(s as usize) {
                *o = 0.0;
            }
        }
        let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let keep = self.params.max_candidates;
        if ranked.len() > keep && keep > 0 {
            ranked.select_nth_unstable_by(keep - 1, order);
            ranked.truncate(keep);
        }
        ranked.sort_by(order);
        ranked.truncate(keep);
        ranked.into_iter().map(|(s, _)| s).collect()
    }

    /// The similarity of an article to story `s`, or `None` when the story
    /// is out of reach (too far in time, no shared evidence).
    fn similarity(
        &self,
        s: u32,
        lang: u16,
        terms: &Vector,
        entities: &Vector,
        day: Option<i32>,
    ) -> Option<f64> {
        let story = self.stories.get(s as usize)?;
        let decay = match (day, story.first_day, story.last_day) {
            (Some(d), Some(first), Some(last)) => {
                let gap = if d < first {
                    first - d
                } else {
                    d.saturating_sub(last).max(0)
                };
                if gap > self.params.max_gap_days {
                    return None;
                }
                0.5f64.powf(f64::from(gap) / self.params.half_life_days.max(1e-3))
            }
            // No date on one side: time gives no evidence either way.
            _ => 1.0,
        };
        let lexical = story
            .terms
            .iter()
            .find(|c| c.lang == lang)
            .and_then(|c| cosine(c, terms));
        let (entity, shared) = cosine(&story.entities, entities).unwrap_or((0.0, 0));
        let content = match lexical {
            Some((cos, _)) if entities.is_empty() => cos,
            Some((cos, _)) => {
                let (wl, we) = (self.params.lexical_weight, self.params.entity_weight);
                (wl * cos + we * entity) / (wl + we).max(1e-9)
            }
            // No words of the article's language in the story: only the
            // entities can tell, and one shared name is too little.
            None if shared >= self.params.min_shared_entities => entity,
            None => return None,
        };
        let t = self.params.time_weight.clamp(0.0, 1.0);
        Some(content * ((1.0 - t) + t * decay))
    }

    /// Adds an article to story `s`: its index, dates and centroids.
    fn update(
        &mut self,
        s: u32,
        article: u32,
        lang: u16,
        day: Option<i32>,
        terms: &[(u32, f32)],
        entities: &[(u32, f32)],
    ) {
        let (term_cap, entity_cap) = (self.params.centroid_terms, self.params.centroid_entities);
        let Some(story) = self.stories.get_mut(s as usize) else {
            return;
        };
        let mut term_centroids = std::mem::take(&mut story.terms);
        let mut entity_centroid = std::mem::take(&mut story.entities);
        // Every term of an article is in its language: one centroid takes
        // them.
        let at = match term_centroids.iter().position(|c| c.lang == lang) {
            Some(at) => at,
            None => {
                term_centroids.push(Centroid {
                    lang,
                    ..Centroid::default()
                });
                term_centroids.len() - 1
            }
        };
        if let Some(c) = term_centroids.get_mut(at) {
            merge_into(&mut c.entries, terms);
            self.refresh(c, term_cap);
        }
        merge_into(&mut entity_centroid.entries, entities);
        self.refresh(&mut entity_centroid, entity_cap);
        let Some(story) = self.stories.get_mut(s as usize) else {
            return;
        };
        story.terms = term_centroids;
        story.entities = entity_centroid;
        story.articles.push(article);
        if let Some(d) = day {
            story.first_day = Some(story.first_day.map_or(d, |f| f.min(d)));
            story.last_day = Some(story.last_day.map_or(d, |l| l.max(d)));
        }
    }

    /// Caches the current TF-IDF of a centroid's entries, keeps the `cap`
    /// strongest (in feature order) and sets the norm.
    fn refresh(&self, centroid: &mut Centroid, cap: usize) {
        let ln_n = self.ln_n();
        for e in centroid.entries.iter_mut() {
            e.2 = e.1 * self.idf(ln_n, e.0);
        }
        if centroid.entries.len() > cap {
            centroid
                .entries
                .sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            centroid.entries.truncate(cap);
            centroid.entries.sort_unstable_by_key(|e| e.0);
        }
        centroid.norm = centroid
            .entries
            .iter()
            .map(|e| e.2 * e.2)
            .sum::<f32>()
            .sqrt();
    }

    /// Indexes story `s` under feature `f`, as the most recent entry.
    fn post(&mut self, f: u32, s: u32) {
        let cap = self.params.posting_cap.max(1);
        if let Some(list) = self.postings.get_mut(f as usize) {
            list.touch(s, cap);
        }
    }
}

/// Stories held inline by a [`Posting`].
const INLINE: usize = 5;

/// The stories indexed under one feature, oldest first. Most features
/// (a story's own rare words) belong to one or two stories: those lists
/// stay inline, without an allocation, which at millions of features is
/// most of the index's memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
enum Posting {
    /// No story yet.
    #[default]
    Empty,
    /// Up to [`INLINE`] stories: the count, then the stories.
    Inline(u8, [u32; INLINE]),
    /// More stories.
    Heap(Vec<u32>),
}

impl Posting {
    /// The stories, oldest first.
    fn stories(&self) -> &[u32] {
        match self {
            Posting::Empty => &[],
            Posting::Inline(n, a) => a.get(..usize::from(*n)).unwrap_or(a),
            Posting::Heap(v) => v,
        }
    }

    /// Makes `s` the most recent story, dropping the oldest beyond `cap`.
    fn touch(&mut self, s: u32, cap: usize) {
        let mut stories: Vec<u32> = if let Posting::Heap(v) = self {
            std::mem::take(v)
        } else {
            let current = self.stories();
            if current.last() == Some(&s) {
                return;
            }
            let n = current.len();
            if n < INLINE && n < cap && !current.contains(&s) {
                let mut a = [0; INLINE];
                a[..n].copy_from_slice(current);
                a[n] = s;
                *self = Posting::Inline(n as u8 + 1, a);
                return;
            }
            current.to_vec()
        };
        if let Some(at) = stories.iter().rposition(|&x| x == s) {
            stories.remove(at);
        }
        stories.push(s);
        if stories.len() > cap {
            stories.drain(..stories.len() - cap);
        }
        *self = if stories.len() <= INLINE {
            let mut a = [0; INLINE];
            a[..stories.len()].copy_from_slice(&stories);
            Posting::Inline(stories.len() as u8, a)
        } else {
            Posting::Heap(stories)
        };
    }
}

/// Scales a vector to unit length (an empty or zero vector stays as is).
fn normalise(v: &mut [(u32, f32)]) {
    let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// Cosine between a centroid (its cached TF-IDF) and a normalised vector,
/// with the number of shared features; `None` for an empty centroid.
fn cosine(centroid: &Centroid, v: &Vector) -> Option<(f64, usize)> {
    if centroid.norm <= 0.0 {
        return None;
    }
    let mut dot = 0.0f64;
    let mut shared = 0;
    let mut j = 0;
    for &(f, _, c) in &centroid.entries {
        while j < v.len() && v[j].0 < f {
            j += 1;
        }
        match v.get(j) {
            Some(&(g, a)) if g == f => {
                dot += f64::from(c) * f64::from(a);
                shared += 1;
            }
            Some(_) => {}
            None => break,
        }
    }
    Some((dot / f64::from(centroid.norm), shared))
}

/// Adds an article's log counts, normalised so that a long article weighs
/// as much as a short one, into centroid entries (both sorted by feature;
/// new entries get their TF-IDF at the next refresh).
fn merge_into(centroid: &mut Vec<(u32, f32, f32)>, raw: &[(u32, f32)]) {
    let norm = raw.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm <= 0.0 {
        return;
    }
    let mut merged = Vec::with_capacity(centroid.len() + raw.len());
    let (mut i, mut j) = (0, 0);
    while i < centroid.len() || j < raw.len() {
        match (centroid.get(i), raw.get(j)) {
            (Some(&(f, w, c)), Some(&(g, x))) if f == g => {
                merged.push((f, w + x / norm, c));
                i += 1;
                j += 1;
            }
            (Some(&e), Some(&(g, _))) if e.0 < g => {
                merged.push(e);
                i += 1;
            }
            (Some(&e), None) => {
                merged.push(e);
                i += 1;
            }
            (_, Some(&(g, x))) => {
                merged.push((g, x / norm, 0.0));
                j += 1;
            }
            (None, None) => break,
        }
    }
    *centroid = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 5).expect("date");
        let day = day_number(date).expect("day");
        assert_eq!(day, 19_787);
        assert_eq!(day_date(day), Some(date));
    }

    fn keys(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    const DAY: i32 = 19_800;

    fn flood_fr() -> StoryFeatures {
        StoryFeatures::new(
            "fr",
            "La crue de la Loire a inondé mardi les quais de Saumur. Les pompiers ont évacué \
             quarante familles et la préfète a ouvert un gymnase pour les sinistrés. La décrue \
             n'est pas attendue avant jeudi, selon la préfecture.",
            &keys(&["LOC:loire", "LOC:saumur", "PER:martin-claire"]),
            Some(DAY),
        )
    }

    fn flood_fr_followup() -> StoryFeatures {
        StoryFeatures::new(
            "fr",
            "À Saumur, la Loire continue de monter : les pompiers ont évacué vingt familles de \
             plus et les sinistrés dorment au gymnase. La préfète Claire Martin promet une aide \
             aux commerces inondés des quais.",
            &keys(&["LOC:saumur", "LOC:loire", "PER:martin-claire"]),
            Some(DAY + 1),
        )
    }

    fn flood_en() -> StoryFeatures {
        StoryFeatures::new(
            "en",
            "Firefighters evacuated dozens of families in Saumur as the Loire burst its banks, \
             and prefect Claire Martin opened a gymnasium for those flooded out.",
            &keys(&["LOC:saumur", "LOC:loire", "PER:martin-claire"]),
            Some(DAY + 1),
        )
    }

    fn budget_fr() -> StoryFeatures {
        StoryFeatures::new(
            "fr",
            "Le conseil municipal de Lyon a adopté son budget après un long débat sur le prix \
             des cantines scolaires et la rénovation des piscines.",
            &keys(&["LOC:lyon", "ORG:conseil-municipal-lyon"]),
            Some(DAY),
        )
    }

    #[test]
    fn same_story_articles_join_and_unrelated_ones_do_not() {
        let mut s = Stories::new(StoryParams::default());
        let a = s.add(&flood_fr());
        assert!(a.opened);
        let b = s.add(&budget_fr());
        assert!(b.opened, "{b:?}");
        let c = s.add(&flood_fr_followup());
        assert!(!c.opened, "{c:?}");
        assert_eq!(c.story, a.story);
        assert!(c.similarity >= s.params().threshold);
        let story = s.story(a.story).expect("story");
        assert_eq!(story.articles, vec![0, 2]);
        assert_eq!(
            (story.first_day, story.last_day),
            (Some(DAY), Some(DAY + 1))
        );
        assert_eq!(s.story_of(1), Some(b.story));
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn french_and_english_articles_meet_through_entities_and_dates() {
        let mut s = Stories::new(StoryParams::default());
        let a = s.add(&flood_fr());
        s.add(&budget_fr());
        let e = s.add(&flood_en());
        assert!(!e.opened, "{e:?}");
        assert_eq!(e.story, a.story);
    }

    #[test]
    fn one_shared_name_in_another_language_is_not_enough() {
        let mut s = Stories::new(StoryParams::default());
        let a = s.add(&flood_fr());
        let other = StoryFeatures::new(
            "en",
            "A new bridge over the Loire will open next spring, the regional council said.",
            &keys(&["LOC:loire", "ORG:regional-council"]),
            Some(DAY),
        );
        let b = s.add(&other);
        assert!(b.opened, "{b:?}");
        assert_ne!(b.story, a.story);
    }

    #[test]
    fn distant_dates_keep_the_same_words_apart() {
        let mut s = Stories::new(StoryParams::default());
        s.add(&flood_fr());
        let mut later = flood_fr_followup();
        later.day = Some(DAY + 400);
        assert!(s.add(&later).opened);
    }

    #[test]
    fn labels_name_entities_and_key_words() {
        let mut s = Stories::new(StoryParams::default());
        let a = s.add(&flood_fr());
        s.add(&flood_fr_followup());
        let label = s.label(a.story).expect("label");
        assert_eq!(label.entities.len(), 3, "{label:?}");
        assert!(label.entities.iter().any(|e| e == "LOC:saumur"));
        assert!(!label.terms.is_empty());
        assert!(
            label.terms.iter().all(|t| t != "la" && t != "les"),
            "{label:?}"
        );
        assert!(label.to_string().contains(" / "));
    }

    #[test]
    fn the_same_input_gives_the_same_stories_and_state_round_trips() {
        let run = || {
            let mut s = Stories::new(StoryParams::default());
            let out: Vec<StoryAssignment> =
                [flood_fr(), budget_fr(), flood_en(), flood_fr_followup()]
                    .iter()
                    .map(|f| s.add(f))
                    .collect();
            (s, out)
        };
        let (a, out_a) = run();
        let (_, out_b) = run();
        assert_eq!(out_a, out_b);
        // A stored state takes the next article as the live one would.
        let json = serde_json::to_string(&a).expect("serialise");
        let mut restored: Stories = serde_json::from_str(&json).expect("deserialise");
        let mut live = a.clone();
        let next = flood_fr_followup();
        assert_eq!(restored.add(&next), live.add(&next));
    }

    #[test]
    fn centroids_stay_bounded() {
        let params = StoryParams {
            centroid_terms: 8,
            centroid_entities: 2,
            ..StoryParams::default()
        };
        let mut s = Stories::new(params);
        let a = s.add(&flood_fr());
        s.add(&flood_fr_followup());
        let story = s.story(a.story).expect("story");
        assert!(story.terms.iter().all(|c| c.entries.len() <= 8));
        assert!(story.entities.entries.len() <= 2);
    }

    #[test]
    fn postings_keep_the_most_recent_stories_in_order() {
        let mut p = Posting::default();
        for s in [1, 2, 3, 2] {
            p.touch(s, 4);
        }
        assert_eq!(p.stories(), [1, 3, 2]);
        for s in [4, 5, 6, 1] {
            p.touch(s, 4);
        }
        assert_eq!(p.stories(), [4, 5, 6, 1]);
        let mut big = Posting::default();
        for s in 0..10 {
            big.touch(s, 8);
        }
        assert_eq!(big.stories(), (2..10).collect::<Vec<u32>>().as_slice());
        big.touch(5, 8);
        assert_eq!(big.stories().last(), Some(&5));
        assert_eq!(big.stories().len(), 8);
    }

    #[test]
    fn stop_words_and_numbers_are_not_features() {
        let f = StoryFeatures::new("fr", "le la les 2024 du de", &[], None);
        assert_eq!(f.term_count(), 0);
        // Inflections share a stem.
        let g = StoryFeatures::new("fr", "négociations négociation", &[], None);
        assert_eq!(g.term_count(), 1);
    }
}
