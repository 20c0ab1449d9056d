//! Timeline-summarisation metrics as the tilse toolkit computes them (see
//! the [module documentation](super) for what each measures and where it
//! departs from tilse).

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Serialize;

use crate::formats::tilse::Timeline;
use crate::score::Prf;

/// Date precision, recall and F1: predicted dates against the union of
/// the references' dates. An empty side gives 0 (tilse divides by zero).
pub fn date_prf(predicted: &Timeline, references: &[Timeline]) -> Prf {
    let gold: BTreeSet<&NaiveDate> = references.iter().flat_map(|r| r.keys()).collect();
    let both = predicted.keys().filter(|d| gold.contains(d)).count() as f64;
    Prf::from_sums(both, predicted.len() as f64, both, gold.len() as f64)
}

/// How tokens are normalised before ROUGE counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RougeOptions {
    /// Drop ROUGE's stop words (tilse's default: on).
    pub stopwords: bool,
    /// Stem tokens (tilse's default: on; see the [module
    /// documentation](super) for the stemmer).
    pub stem: bool,
}

impl Default for RougeOptions {
    /// tilse's defaults: stop words dropped, tokens stemmed.
    fn default() -> Self {
        RougeOptions {
            stopwords: true,
            stem: true,
        }
    }
}

/// The punctuation tokens tilse's ROUGE drops (besides stop words).
const PUNCTUATION: [&str; 8] = [".", ",", ";", ":", "``", "''", "-", "\""];

/// ROUGE's stop words, parsed once.
fn stopwords() -> &'static std::collections::HashSet<&'static str> {
    static WORDS: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../data/rouge_stopwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// The ROUGE tokens of a summary: its sentences' white-space tokens,
/// lower-cased, punctuation (and, by option, stop words) dropped, stemmed
/// by option, in order across sentences.
pub fn rouge_tokens<S: AsRef<str>>(sentences: &[S], options: RougeOptions) -> Vec<String> {
    let stemmer = options
        .stem
        .then(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
    let stop = stopwords();
    let mut out = Vec::new();
    for sentence in sentences {
        for token in sentence.as_ref().split_whitespace() {
            let lower = token.to_lowercase();
            if PUNCTUATION.contains(&lower.as_str())
                || (options.stopwords && stop.contains(lower.as_str()))
            {
                continue;
            }
            out.push(match &stemmer {
                Some(s) => s.stem(&lower).into_owned(),
                None => lower,
            });
        }
    }
    out
}

/// A summary's unigram and bigram counts.
#[derive(Debug, Default, Clone)]
struct Grams {
    unigrams: HashMap<String, u32>,
    bigrams: HashMap<(String, String), u32>,
    n_unigrams: u32,
    n_bigrams: u32,
}

impl Grams {
    fn of(tokens: &[String]) -> Self {
        let mut g = Grams::default();
        for t in tokens {
            *g.unigrams.entry(t.clone()).or_default() += 1;
        }
        for w in tokens.windows(2) {
            *g.bigrams.entry((w[0].clone(), w[1].clone())).or_default() += 1;
        }
        g.n_unigrams = tokens.len() as u32;
        g.n_bigrams = tokens.len().saturating_sub(1) as u32;
        g
    }
}

/// ROUGE-N counts of one comparison: hits, predicted n-grams (times the
/// number of references), reference n-grams.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Counts {
    hits: [u32; 2],
    predicted: [u32; 2],
    reference: [u32; 2],
}

/// Counts a predicted summary against each reference summary.
fn rouge_counts(predicted: &Grams, references: &[&Grams]) -> Counts {
    let mut c = Counts::default();
    for r in references {
        c.hits[0] += clipped(&predicted.unigrams, &r.unigrams);
        c.hits[1] += clipped(&predicted.bigrams, &r.bigrams);
        c.predicted[0] += predicted.n_unigrams;
        c.predicted[1] += predicted.n_bigrams;
        c.reference[0] += r.n_unigrams;
        c.reference[1] += r.n_bigrams;
    }
    c
}

fn clipped<K: Eq + std::hash::Hash>(p: &HashMap<K, u32>, r: &HashMap<K, u32>) -> u32 {
    p.iter()
        .map(|(k, &n)| n.min(r.get(k).copied().unwrap_or(0)))
        .sum()
}

/// ROUGE-1 and ROUGE-2 scores of one variant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RougeScores {
    /// ROUGE-1.
    pub rouge_1: Prf,
    /// ROUGE-2.
    pub rouge_2: Prf,
}

/// Summed (possibly date-weighted) ROUGE numerators and denominators.
#[derive(Debug, Default)]
struct Sums {
    hit_p: [f64; 2],
    denom_p: [f64; 2],
    hit_r: [f64; 2],
    denom_r: [f64; 2],
}

impl Sums {
    /// Adds a comparison's precision side, hits weighted by `weight`.
    fn precision(&mut self, c: &Counts, weight: f64) {
        for n in 0..2 {
            self.hit_p[n] += weight * f64::from(c.hits[n]);
            self.denom_p[n] += f64::from(c.predicted[n]);
        }
    }

    /// Adds a comparison's recall side, hits weighted by `weight`.
    fn recall(&mut self, c: &Counts, weight: f64) {
        for n in 0..2 {
            self.hit_r[n] += weight * f64::from(c.hits[n]);
            self.denom_r[n] += f64::from(c.reference[n]);
        }
    }

    fn scores(&self) -> RougeScores {
        let prf = |n: usize| {
            Prf::from_sums(
                self.hit_p[n],
                self.denom_p[n],
                self.hit_r[n],
                self.denom_r[n],
            )
        };
        RougeScores {
            rouge_1: prf(0),
            rouge_2: prf(1),
        }
    }
}

/// A timeline's summaries, tokenised once: the date-ordered list of dates
/// and each date's n-gram counts.
struct Prepared {
    dates: Vec<NaiveDate>,
    grams: Vec<Grams>,
}

impl Prepared {
    /// The predicted timeline and the references, prepared alike.
    fn all(
        predicted: &Timeline,
        references: &[Timeline],
        options: RougeOptions,
    ) -> (Prepared, Vec<Prepared>) {
        let refs = references
            .iter()
            .map(|r| Prepared::new(r, options))
            .collect();
        (Prepared::new(predicted, options), refs)
    }

    fn new(timeline: &Timeline, options: RougeOptions) -> Self {
        Prepared {
            dates: timeline.keys().copied().collect(),
            grams: timeline
                .values()
                .map(|s| Grams::of(&rouge_tokens(s, options)))
                .collect(),
        }
    }
}

/// The references on one date: each reference's summary, an empty one
/// for a reference without that date (tilse compares against every
/// reference on every date).
fn references_on<'a>(
    date: &NaiveDate,
    references: &'a [Prepared],
    empty: &'a Grams,
) -> Vec<&'a Grams> {
    references
        .iter()
        .map(|r| match r.dates.binary_search(date) {
            Ok(i) => &r.grams[i],
            Err(_) => empty,
        })
        .collect()
}

/// Every date of the references, in order, once.
fn reference_dates(references: &[Prepared]) -> BTreeSet<NaiveDate> {
    references
        .iter()
        .flat_map(|r| r.dates.iter().copied())
        .collect()
}

/// "concat" ROUGE: every daily summary concatenated in date order.
pub fn concat(predicted: &Timeline, references: &[Timeline], options: RougeOptions) -> RougeScores {
    let flat = |t: &Timeline| -> Vec<String> {
        t.values().flat_map(|s| rouge_tokens(s, options)).collect()
    };
    let p = Grams::of(&flat(predicted));
    let refs: Vec<Grams> = references.iter().map(|r| Grams::of(&flat(r))).collect();
    let c = rouge_counts(&p, &refs.iter().collect::<Vec<_>>());
    let mut sums = Sums::default();
    sums.precision(&c, 1.0);
    sums.recall(&c, 1.0);
    sums.scores()
}

/// "agreement" ROUGE: daily summaries compared on the same date only.
pub fn agreement(
    predicted: &Timeline,
    references: &[Timeline],
    options: RougeOptions,
) -> RougeScores {
    let (p, refs) = Prepared::all(predicted, references, options);
    let empty = Grams::default();
    let ref_dates = reference_dates(&refs);
    let all: BTreeSet<NaiveDate> = ref_dates.iter().chain(&p.dates).copied().collect();
    let mut sums = Sums::default();
    for date in &all {
        let pred = match p.dates.binary_search(date) {
            Ok(i) => Some(&p.grams[i]),
            Err(_) => None,
        };
        let c = rouge_counts(pred.unwrap_or(&empty), &references_on(date, &refs, &empty));
        if pred.is_some() {
            sums.precision(&c, 1.0);
        }
        if ref_dates.contains(date) {
            sums.recall(&c, 1.0);
        }
    }
    sums.scores()
}

/// The punctuation string of Python's `string.punctuation`: tilse's
/// content overlap drops a token when it is a substring of it.
const PY_PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// The rough unigram F1 tilse uses to align dates
/// (`compute_rouge_approximation`): raw white-space tokens (not
/// lower-cased, not stemmed, stop words kept), a token dropped when it is
/// a substring of Python's `string.punctuation` (so `.` and `,` but also
/// `()`), counts clipped against each reference summary.
pub fn content_overlap<S: AsRef<str>>(predicted: &[S], references: &[&[S]]) -> f64 {
    fn counts<S: AsRef<str>>(sentences: &[S]) -> HashMap<&str, u32> {
        let mut m: HashMap<&str, u32> = HashMap::new();
        for s in sentences {
            for t in s.as_ref().split_whitespace() {
                if !PY_PUNCTUATION.contains(t) {
                    *m.entry(t).or_default() += 1;
                }
            }
        }
        m
    }
    let p = counts(predicted);
    let p_total: u32 = p.values().sum();
    let mut hits = 0u32;
    let mut r_total = 0u32;
    for r in references {
        let r = counts(r);
        hits += clipped(&p, &r);
        r_total += r.values().sum::<u32>();
    }
    let denom_p = references.len() as u32 * p_total;
    Prf::from_sums(
        f64::from(hits),
        f64::from(denom_p),
        f64::from(hits),
        f64::from(r_total),
    )
    .f1
}

/// `1 / (days apart + 1)`: the weight of an aligned pair.
fn date_weight(a: NaiveDate, b: NaiveDate) -> f64 {
    1.0 / ((a - b).num_days().unsigned_abs() as f64 + 1.0)
}

/// "align+ m:1" ROUGE (tilse's `align_date_content_costs_many_to_one`):
/// see the [module documentation](super).
pub fn align_many_to_one(
    predicted: &Timeline,
    references: &[Timeline],
    options: RougeOptions,
) -> RougeScores {
    let (p, refs) = Prepared::all(predicted, references, options);
    let empty = Grams::default();
    let ref_dates: Vec<NaiveDate> = reference_dates(&refs).into_iter().collect();
    let cost = alignment_costs(predicted, references, &ref_dates);
    let mut sums = Sums::default();
    for (i, row) in cost.iter().enumerate() {
        if let Some(j) = argmin(row.iter().copied()) {
            let c = rouge_counts(&p.grams[i], &references_on(&ref_dates[j], &refs, &empty));
            sums.precision(&c, date_weight(p.dates[i], ref_dates[j]));
        } else {
            // No reference date at all: the predicted n-grams count in
            // the denominator and nothing matches.
            let c = rouge_counts(&p.grams[i], &references_on(&p.dates[i], &refs, &empty));
            sums.precision(&c, 0.0);
        }
    }
    for (j, rd) in ref_dates.iter().enumerate() {
        let gold = references_on(rd, &refs, &empty);
        match argmin(cost.iter().map(|row| row[j])) {
            Some(i) => {
                let c = rouge_counts(&p.grams[i], &gold);
                sums.recall(&c, date_weight(p.dates[i], *rd));
            }
            None => sums.recall(&rouge_counts(&empty, &gold), 0.0),
        }
    }
    sums.scores()
}

/// The cost of aligning each predicted date (rows, in date order) with
/// each of `ref_dates` (columns): `(1 - date weight) * (1 - content
/// overlap)`.
fn alignment_costs(
    predicted: &Timeline,
    references: &[Timeline],
    ref_dates: &[NaiveDate],
) -> Vec<Vec<f64>> {
    let no_sentences: Vec<String> = Vec::new();
    predicted
        .iter()
        .map(|(&pd, ps)| {
            ref_dates
                .iter()
                .map(|rd| {
                    let date_factor = 1.0 - date_weight(pd, *rd);
                    let gold: Vec<&[String]> = references
                        .iter()
                        .map(|r| r.get(rd).unwrap_or(&no_sentences).as_slice())
                        .collect();
                    date_factor * (1.0 - content_overlap(ps.as_slice(), &gold))
                })
                .collect()
        })
        .collect()
}

/// The first index of the least value, as numpy's `argmin`; `None` for no
/// values.
fn argmin(values: impl Iterator<Item = f64>) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (k, v) in values.enumerate() {
        if best.is_none_or(|(_, b)| v < b) {
            best = Some((k, v));
        }
    }
    best.map(|(k, _)| k)
}

/// Every TLS figure of one predicted timeline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TimelineScores {
    /// Date precision, recall, F1.
    pub dates: Prf,
    /// "concat" ROUGE-1/2.
    pub concat: RougeScores,
    /// "agreement" ROUGE-1/2.
    pub agreement: RougeScores,
    /// "align+ m:1" ROUGE-1/2 (AR-1, AR-2).
    pub align: RougeScores,
}

/// Scores a predicted timeline against its references with every metric.
pub fn score_timeline(
    predicted: &Timeline,
    references: &[Timeline],
    options: RougeOptions,
) -> TimelineScores {
    TimelineScores {
        dates: date_prf(predicted, references),
        concat: concat(predicted, references, options),
        agreement: agreement(predicted, references, options),
        align: align_many_to_one(predicted, references, options),
    }
}

/// The mean of each figure over several scores (macro-average over tasks,
/// as the TLS papers report: each of P, R and F1 averaged separately).
pub fn mean_scores(scores: &[TimelineScores]) -> TimelineScores {
    let mean_prf = |get: &dyn Fn(&TimelineScores) -> Prf| {
        Prf::mean(&scores.iter().map(get).collect::<Vec<_>>())
    };
    let mean_rouge = |get: &dyn Fn(&TimelineScores) -> RougeScores| RougeScores {
        rouge_1: mean_prf(&|s| get(s).rouge_1),
        rouge_2: mean_prf(&|s| get(s).rouge_2),
    };
    TimelineScores {
        dates: mean_prf(&|s| s.dates),
        concat: mean_rouge(&|s| s.concat),
        agreement: mean_rouge(&|s| s.agreement),
        align: mean_rouge(&|s| s.align),
    }
}

#[cfg(test)]
mod tests;
