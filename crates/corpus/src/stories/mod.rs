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

mod centroid;
mod features;
mod index;
mod posting;
mod similarity;
#[cfg(test)]
mod tests;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use centroid::{merge_into, Centroid};
use posting::Posting;

pub use features::{day_date, day_number, StoryFeatures};

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
    /// Articles a word must appear in to count as evidence (one that only
    /// this article has says nothing about which story it is in, and only
    /// dilutes what it shares). Names always count.
    pub min_df: u32,
    /// Lexical cosine an article needs with a story in its language to
    /// join it at all.
    pub min_lexical: f64,
    /// Names (entities weighed in both) an article must share with a story
    /// in its language to join it, unless their words are close enough on
    /// their own (`strong_lexical`).
    pub min_shared_names: usize,
    /// Lexical cosine enough to join a story that shares fewer than
    /// `min_shared_names` names with the article.
    pub strong_lexical: f64,
    /// Weight of the lexical cosine when the story has words in the
    /// article's language.
    pub lexical_weight: f64,
    /// Weight of the entity cosine (the two weights are rescaled to sum to 1
    /// over the evidence present).
    pub entity_weight: f64,
    /// How much the time decay can lower a score (0: dates ignored; 1: the
    /// score is multiplied by the decay itself). Low: a story followed for
    /// months (a crisis, a trial) is one story; what keeps two subjects
    /// apart is what the texts share, not the days between them.
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
            threshold: 0.15,
            min_df: 2,
            min_lexical: 0.15,
            min_shared_names: 2,
            strong_lexical: 0.5,
            lexical_weight: 0.6,
            entity_weight: 0.4,
            time_weight: 0.25,
            half_life_days: 30.0,
            max_gap_days: 3650,
            min_shared_entities: 3,
            centroid_terms: 100,
            centroid_entities: 20,
            probe_terms: 20,
            probe_entities: 10,
            posting_cap: 512,
            max_candidates: 32,
        }
    }
}

/// An order given to [`Stories::renumber`] that is not a permutation of
/// the articles added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a permutation of the articles added")]
pub struct NotAPermutation;

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
    /// Articles counted in the document frequencies ahead of being added
    /// ([`Stories::count_ahead`]) and not added yet.
    #[serde(default)]
    ahead: u32,
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
            ahead: 0,
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

    /// Counts `articles` in the document frequencies before they are added
    /// (in this order, next): a batch known in advance is weighed with the
    /// frequencies of the whole batch from its first article, as a stream
    /// only is once it has flowed.
    pub fn count_ahead(&mut self, articles: &[StoryFeatures]) {
        for a in articles {
            let lang = self.lang_index(&a.lang);
            self.intern(&a.terms, &a.names, lang, true);
            self.intern(&a.entities, &a.names, ENTITY_LANG, true);
        }
        let n = u32::try_from(articles.len()).unwrap_or(u32::MAX);
        self.ahead = self.ahead.saturating_add(n);
    }

    /// Numbers the articles added so far by the caller's order: the k-th
    /// article added becomes article `order[k]` (a caller that added a
    /// batch in time order gives back each article its place in the
    /// batch). `order` must be a permutation of the articles added;
    /// otherwise nothing changes.
    pub fn renumber(&mut self, order: &[u32]) -> Result<(), NotAPermutation> {
        let n = self.assigned.len();
        let mut assigned = vec![u32::MAX; n];
        if order.len() != n {
            return Err(NotAPermutation);
        }
        for (&story, &i) in self.assigned.iter().zip(order) {
            match assigned.get_mut(i as usize) {
                Some(slot) if *slot == u32::MAX => *slot = story,
                _ => return Err(NotAPermutation),
            }
        }
        self.assigned = assigned;
        for story in &mut self.stories {
            for a in &mut story.articles {
                *a = order.get(*a as usize).copied().unwrap_or(*a);
            }
            story.articles.sort_unstable();
        }
        Ok(())
    }

    /// Adds an article; returns the story it joined or opened.
    pub fn add(&mut self, article: &StoryFeatures) -> StoryAssignment {
        let lang = self.lang_index(&article.lang);
        let counted = self.ahead > 0;
        self.ahead = self.ahead.saturating_sub(1);
        let raw_terms = self.intern(&article.terms, &article.names, lang, !counted);
        let raw_entities = self.intern(&article.entities, &article.names, ENTITY_LANG, !counted);
        let all_terms = self.weigh(&raw_terms);
        let all_entities = self.weigh(&raw_entities);
        // The index takes every feature (a word new today may be shared
        // tomorrow); comparisons only those seen in `min_df` articles.
        let probes = self.probes(&all_terms, &all_entities);
        let terms = self.discriminative(&all_terms);
        let entities = all_entities;
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
    ///
    /// While a batch counted ahead ([`Stories::count_ahead`]) is being
    /// added, its frequencies are final: a word seen in fewer than
    /// `min_df` articles will never be shared and weighs 0. In a stream it
    /// keeps its weight, since the next article may share it (a story of
    /// one article would otherwise have no words to be compared with).
    fn refresh(&self, centroid: &mut Centroid, cap: usize) {
        let ln_n = self.ln_n();
        let final_counts = self.ahead > 0;
        for e in centroid.entries.iter_mut() {
            e.2 = if centroid.lang == ENTITY_LANG
                || !final_counts
                || self.df(e.0) >= self.params.min_df
            {
                e.1 * self.idf(ln_n, e.0)
            } else {
                0.0
            };
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
}
