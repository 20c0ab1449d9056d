//! Corpus-scale benchmark: near-duplicate detection and story clustering
//! over a large synthetic stream of articles.
//!
//! The generator is deterministic and needs no stored corpus: article `i`
//! is a pure function of `i` (its own seeded generator), so chunks are
//! generated in parallel and dropped once their features are taken. Words
//! are invented from syllables, so no real text is involved. Articles
//! belong to stories (about eight each, interleaved in the stream as real
//! coverage is) that share topic words and entities; a third are in
//! English, with their own topic words but the story's entities; one in
//! ten republishes an earlier article of the stream with a few words
//! changed.
//!
//! Per chunk, feature extraction and MinHash signatures run in parallel
//! (rayon) while the previous chunk goes through the sequential,
//! order-dependent part (near-duplicate index, then story clustering).

use std::time::Instant;

use filrouge::corpus::{NearDuplicates, Stories, StoryFeatures, StoryParams};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Articles generated and analysed per parallel step.
const CHUNK: usize = 8192;
/// Mean articles per story.
const ARTICLES_PER_STORY: usize = 8;
/// Stories opening per simulated day.
const STORIES_PER_DAY: usize = 400;
/// First simulated day (days since 1970-01-01; early 2024).
const FIRST_DAY: i32 = 19_723;
/// Words per article, before republication edits.
const WORDS: usize = 300;
/// Near-duplicate threshold of the run (as in `filrouge duplicates`).
const DUPLICATE_THRESHOLD: f64 = 0.5;

/// What the scale benchmark measured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScaleReport {
    /// Articles processed.
    pub articles: usize,
    /// Threads of the rayon pool.
    pub threads: usize,
    /// Wall time of the whole run (generation included), in seconds.
    pub seconds: f64,
    /// Time spent in the sequential part (near-duplicate index and
    /// clustering), in seconds.
    pub sequential_seconds: f64,
    /// Of which story clustering, in seconds.
    pub clustering_seconds: f64,
    /// Stories found.
    pub stories: usize,
    /// Stories the generator wrote.
    pub true_stories: usize,
    /// Articles with at least one earlier near-duplicate.
    pub duplicates: usize,
    /// Republications the generator wrote.
    pub true_duplicates: usize,
    /// Share of articles whose found story's majority true story is theirs.
    pub purity: f64,
    /// Share of articles whose true story's majority found story is theirs.
    pub completeness: f64,
    /// Peak resident memory of the process (VmHWM), in MB, when known.
    pub peak_mb: Option<f64>,
}

impl ScaleReport {
    /// Articles per second.
    pub fn articles_per_sec(&self) -> f64 {
        self.articles as f64 / self.seconds.max(1e-9)
    }
}

/// Deterministic SplitMix64: each article seeds its own.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SYLLABLES: [&str; 24] = [
    "ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "an", "er",
    "is", "ou", "tra", "pel", "mon", "cor", "dan", "ril",
];

/// Invented word number `id`: its base-24 digits as syllables.
fn word(id: u64, out: &mut String) {
    let mut id = id;
    loop {
        out.push_str(SYLLABLES[(id % 24) as usize]);
        id /= 24;
        if id == 0 {
            break;
        }
    }
}

/// A well-spread number from two (story-specific words and names).
fn mix(a: u64, b: u64) -> u64 {
    Rng(a.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ b).next()
}

/// Function words mixed in, so the stop-word filter has work to do.
const FUNCTION_FR: [&str; 6] = ["le", "la", "les", "de", "des", "et"];
const FUNCTION_EN: [&str; 6] = ["the", "of", "and", "to", "in", "a"];

/// A generated article, without its text once features are taken.
struct Generated {
    story: u32,
    /// Whether it republishes an earlier article.
    copy: bool,
    signature: Vec<u32>,
    features: StoryFeatures,
}

/// The story, language and day of article `i`, and whether it is a copy
/// (then of which article).
fn plan(i: usize, stories: usize) -> (usize, bool, i32, Option<usize>) {
    let mut rng = Rng(i as u64 ^ 0x5eed);
    let base = i / ARTICLES_PER_STORY;
    // Coverage of neighbouring stories interleaves in the stream.
    let story = base
        .saturating_sub(rng.below(12))
        .min(stories.saturating_sub(1));
    let english = rng.below(3) == 0;
    let day = FIRST_DAY + (story / STORIES_PER_DAY) as i32 + rng.below(3) as i32;
    let copy = (i > 50 && rng.below(10) == 0).then(|| i - 1 - rng.below(50));
    (story, english, day, copy)
}

/// The text and entities of article `i` (a copy is its original's text
/// with a few words changed and a line added).
fn article(i: usize, stories: usize) -> (String, Vec<String>, u32, bool, bool, i32) {
    let (story, english, day, copy) = plan(i, stories);
    if let Some(original) = copy {
        let (text, entities, story, english, _, day) = article(original, stories);
        let mut rng = Rng(i as u64 ^ 0xc0b1);
        let mut edited = String::with_capacity(text.len() + 64);
        for (n, w) in text.split(' ').enumerate() {
            if n > 0 {
                edited.push(' ');
            }
            if rng.below(40) == 0 {
                word(rng.next() % 5000, &mut edited);
            } else {
                edited.push_str(w);
            }
        }
        edited.push_str(" lire aussi notre dossier");
        return (edited, entities, story, english, true, day);
    }
    let mut rng = Rng(i as u64 ^ 0xa471);
    // Topic words per story and language; general words shared by all.
    let topic_base: u64 = if english { 3_000_000 } else { 1_000_000 };
    let general_base: u64 = if english { 200_000 } else { 100_000 };
    let function = if english { FUNCTION_EN } else { FUNCTION_FR };
    let mut text = String::with_capacity(WORDS * 8);
    for n in 0..WORDS {
        if n > 0 {
            text.push(if n % 15 == 0 { '.' } else { ' ' });
            if n % 15 == 0 {
                text.push(' ');
            }
        }
        match rng.below(20) {
            0..=5 => text.push_str(function[rng.below(function.len())]),
            6..=11 => word(
                topic_base + mix(story as u64, rng.below(40) as u64) % 2_000_000,
                &mut text,
            ),
            _ => {
                // Roughly Zipfian: small ids much more often.
                let r = rng.below(5000) as u64;
                word(general_base + r * r / 5000, &mut text)
            }
        }
    }
    let mut entities: Vec<String> = (0..4)
        .map(|k| format!("E:{}", mix(story as u64, 100 + k) % 10_000_000))
        .collect();
    // A widely covered name appears in many stories.
    entities.push(format!("E:common-{}", rng.below(20)));
    (text, entities, story as u32, english, false, day)
}

fn generate(i: usize, stories: usize, dedup: &NearDuplicates) -> Generated {
    let (text, entities, story, english, copy, day) = article(i, stories);
    let lang = if english { "en" } else { "fr" };
    Generated {
        story,
        copy,
        signature: dedup.signature(&text),
        features: StoryFeatures::new(lang, &text, &entities, Some(day)),
    }
}

/// Peak resident memory of this process, in MB (Linux `/proc`).
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Runs near-duplicate detection and story clustering over `n` generated
/// articles on the current rayon pool.
pub fn bench_scale(n: usize) -> ScaleReport {
    let start = Instant::now();
    let true_stories = n.div_ceil(ARTICLES_PER_STORY);
    let mut dedup = NearDuplicates::new(DUPLICATE_THRESHOLD);
    let mut stories = Stories::new(StoryParams::default());
    let mut truth: Vec<u32> = Vec::with_capacity(n);
    let mut duplicates = 0;
    let mut true_duplicates = 0;
    let mut sequential = 0.0;
    let mut clustering = 0.0;
    let extract = |from: usize, dedup: &NearDuplicates| -> Vec<Generated> {
        (from..(from + CHUNK).min(n))
            .into_par_iter()
            .map(|i| generate(i, true_stories, dedup))
            .collect()
    };
    // The hasher is all the extraction needs; a twin index lends it while
    // the real one is being updated.
    let hasher = NearDuplicates::new(DUPLICATE_THRESHOLD);
    let mut next = extract(0, &hasher);
    let mut from = 0;
    while !next.is_empty() {
        from += next.len();
        let chunk = std::mem::take(&mut next);
        let ((), following) = rayon::join(
            || {
                let t = Instant::now();
                for g in &chunk {
                    if !dedup.add_signature(&g.signature).is_empty() {
                        duplicates += 1;
                    }
                    true_duplicates += usize::from(g.copy);
                    let c = Instant::now();
                    stories.add(&g.features);
                    clustering += c.elapsed().as_secs_f64();
                    truth.push(g.story);
                }
                sequential += t.elapsed().as_secs_f64();
            },
            || extract(from, &hasher),
        );
        next = following;
    }
    let found: Vec<u32> = (0..truth.len())
        .map(|a| stories.story_of(a).map_or(u32::MAX, |s| s.0))
        .collect();
    ScaleReport {
        articles: truth.len(),
        threads: rayon::current_num_threads(),
        seconds: start.elapsed().as_secs_f64(),
        sequential_seconds: sequential,
        clustering_seconds: clustering,
        stories: stories.len(),
        true_stories,
        duplicates,
        true_duplicates,
        purity: majority_share(&found, &truth),
        completeness: majority_share(&truth, &found),
        peak_mb: peak_memory_mb(),
    }
}

/// Share of items whose `groups` group's most common `labels` value is
/// their own label (purity when groups are the found stories).
fn majority_share(groups: &[u32], labels: &[u32]) -> f64 {
    let mut counts: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for (&g, &l) in groups.iter().zip(labels) {
        *counts.entry((g, l)).or_insert(0) += 1;
    }
    let mut best: FxHashMap<u32, u32> = FxHashMap::default();
    for (&(g, _), &c) in &counts {
        let b = best.entry(g).or_insert(0);
        *b = (*b).max(c);
    }
    let total: u64 = best.values().map(|&c| u64::from(c)).sum();
    total as f64 / groups.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_copies_are_near_duplicates() {
        assert_eq!(article(7, 100).0, article(7, 100).0);
        let copy = (51..400)
            .find(|&i| plan(i, 100).3.is_some())
            .expect("a copy");
        let (text, _, _, _, is_copy, _) = article(copy, 100);
        assert!(is_copy);
        let original = plan(copy, 100).3.expect("original");
        let d = NearDuplicates::new(DUPLICATE_THRESHOLD);
        let (a, b) = (d.signature(&text), d.signature(&article(original, 100).0));
        let same = a.iter().zip(&b).filter(|(x, y)| x == y).count();
        assert!(same * 2 > a.len(), "{same} of {}", a.len());
        assert!(text.split(' ').count() >= WORDS);
    }

    #[test]
    fn a_small_run_finds_the_stories_and_copies() {
        let r = bench_scale(3000);
        assert_eq!(r.articles, 3000);
        assert!(r.duplicates >= r.true_duplicates * 9 / 10, "{r:?}");
        assert!(r.purity > 0.9 && r.completeness > 0.8, "{r:?}");
        assert!(r.stories < r.articles / 3, "{r:?}");
    }
}
