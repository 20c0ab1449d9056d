//! Timeline-summarisation (TLS) metrics, as the tilse toolkit computes them
//! (Martschat and Markert 2017, "Improving ROUGE for Timeline
//! Summarization", EACL; Martschat and Markert 2018, CoNLL), plus the
//! tilse text format of timelines.
//!
//! # What is measured
//!
//! A [`Timeline`] maps dates to daily summaries (sentences). A predicted
//! timeline is compared with one or more reference timelines:
//!
//! - **date F1** ([`date_prf`]): precision and recall of the set of
//!   predicted dates against the union of the reference dates (tilse's
//!   `evaluation/dates.py`).
//! - **concat** ROUGE ([`concat`]): all daily summaries of a timeline
//!   concatenated in date order, then ROUGE-N on the two texts; dates are
//!   ignored.
//! - **agreement** ROUGE ([`agreement`]): ROUGE-N counts summed over the
//!   dates present in both; a predicted date missing from the references
//!   adds only to the precision denominator, a reference date missing from
//!   the prediction only to the recall denominator.
//! - **align+ m:1** ROUGE ([`align_many_to_one`], tilse's
//!   `align_date_content_costs_many_to_one`, reported as AR-1/AR-2 by the
//!   news-TLS papers): every predicted date is aligned with the reference
//!   date of least cost, and (separately, for recall) every reference date
//!   with the predicted date of least cost. The cost of a pair is
//!   `(1 - 1/(|days apart| + 1)) * (1 - F1)`, F1 being a rough unigram
//!   overlap of the two summaries ([`content_overlap`]); an aligned pair's
//!   ROUGE hits are weighted by `1/(|days apart| + 1)`. Ties go to the
//!   earliest date, as numpy's `argmin` does. No assignment algorithm is
//!   needed: many-to-one alignment is a minimum per row.
//!
//! All three ROUGE variants are micro-averages: hits, predicted n-grams
//! and reference n-grams are summed over the pieces compared, then
//! divided once. F1 is `2PR/(P+R)`, 0 when both are 0.
//!
//! # ROUGE counting
//!
//! The n-gram counts follow tilse's `RougeReimplementation`, the fast
//! in-process variant of ROUGE-1.5.5 that tilse ships (its default calls
//! the Perl script, which its authors say gives slightly different
//! figures): a daily summary's tokens are its sentences split on white
//! space (sentences are expected tokenised, as in timeline17 and crisis,
//! and as the gold readers in [`crate::tls_gold`] give them), lower-cased,
//! with the tokens `. , ; : `` '' - "` dropped; by default (tilse's
//! default) also ROUGE's stop words dropped (`data/rouge_stopwords.txt`)
//! and the rest stemmed. Bigrams run across sentence boundaries within one
//! summary, as there. With several references a hit is counted against
//! each, and the precision denominator is the number of references times
//! the predicted n-grams.
//!
//! One difference: tilse stems with NLTK's Porter stemmer, this module
//! with the Snowball English ("Porter 2") stemmer of `rust-stemmers`;
//! the two agree on most news words but not all (`generously`, `dying`),
//! so stemmed figures can differ from tilse's in the third decimal.
//! [`RougeOptions::stem`] off gives tilse's exact counts; the tests check
//! figures computed by tilse itself in that setting.
//!
//! # Edge cases tilse leaves undefined
//!
//! tilse divides by zero (and crashes) on an empty predicted timeline or
//! an empty concatenation; here the affected precision or recall is 0.
//! Its many-to-one alignment also crashes when one side has no dates;
//! here nothing is aligned and the unaligned side scores 0.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Serialize;

/// A timeline: dates, each with its daily summary (sentences, in order).
pub type Timeline = BTreeMap<NaiveDate, Vec<String>>;

/// The separator line closing each date's entry in the tilse text format.
pub const SEPARATOR: &str = "--------------------------------";

/// An error reading a timeline.
#[derive(Debug, thiserror::Error)]
pub enum TimelineError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A summary line came before any date line.
    #[error("{name}: line {line}: sentence before any date line")]
    NoDate {
        /// The file (or the name given to [`parse_timeline`]).
        name: String,
        /// 1-based line number.
        line: usize,
    },
}

/// Parses a timeline in the tilse text format: a date line `YYYY-MM-DD`,
/// its sentences one per line, then a [`SEPARATOR`] line. Lines are
/// trimmed; a line that parses as a date starts an entry.
///
/// Two deliberate departures from tilse's reader, which would otherwise
/// lose data silently: an entry after the last separator (a missing final
/// separator) is kept, and a date given twice gets both entries'
/// sentences (tilse keeps the last). Blank lines are skipped. `name`
/// appears in errors.
pub fn parse_timeline(name: &str, text: &str) -> Result<Timeline, TimelineError> {
    let mut timeline = Timeline::new();
    let mut date: Option<NaiveDate> = None;
    for (k, line) in text.lines().enumerate() {
        let line = line.trim();
        if line == SEPARATOR {
            date = None;
        } else if let Ok(d) = NaiveDate::parse_from_str(line, "%Y-%m-%d") {
            // `%Y` also takes a sign and more digits: only the plain form
            // is a date line, anything else is a sentence.
            if line.len() == 10 {
                date = Some(d);
                timeline.entry(d).or_default();
            } else {
                push_sentence(&mut timeline, date, line, name, k)?;
            }
        } else if !line.is_empty() {
            push_sentence(&mut timeline, date, line, name, k)?;
        }
    }
    Ok(timeline)
}

fn push_sentence(
    timeline: &mut Timeline,
    date: Option<NaiveDate>,
    line: &str,
    name: &str,
    k: usize,
) -> Result<(), TimelineError> {
    let Some(d) = date else {
        return Err(TimelineError::NoDate {
            name: name.to_string(),
            line: k + 1,
        });
    };
    timeline.entry(d).or_default().push(line.to_string());
    Ok(())
}

/// Reads a timeline file in the tilse text format ([`parse_timeline`]).
pub fn read_timeline(path: &Path) -> Result<Timeline, TimelineError> {
    let text = std::fs::read_to_string(path).map_err(|source| TimelineError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_timeline(&path.display().to_string(), &text)
}

/// Writes a timeline in the tilse text format, dates in order. A sentence
/// holding a line break is written on one line (breaks become spaces), so
/// the file reads back to the same sentences.
pub fn write_timeline(timeline: &Timeline) -> String {
    let mut out = String::new();
    for (date, sentences) in timeline {
        out.push_str(&date.format("%Y-%m-%d").to_string());
        out.push('\n');
        for sentence in sentences {
            let one_line: String = sentence
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                .collect();
            out.push_str(one_line.trim());
            out.push('\n');
        }
        out.push_str(SEPARATOR);
        out.push('\n');
    }
    out
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1 (`2PR/(P+R)`, 0 when both are 0).
    pub f1: f64,
}

impl Prf {
    /// From precision and recall.
    pub fn new(precision: f64, recall: f64) -> Self {
        Prf {
            precision,
            recall,
            f1: f_score(precision, recall),
        }
    }

    /// From summed numerators and denominators; a zero denominator gives 0.
    fn from_sums(hit_p: f64, denom_p: f64, hit_r: f64, denom_r: f64) -> Self {
        let div = |a: f64, b: f64| if b == 0.0 { 0.0 } else { a / b };
        Prf::new(div(hit_p, denom_p), div(hit_r, denom_r))
    }
}

fn f_score(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

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
    /// Stem tokens (tilse's default: on; see the module doc for the
    /// stemmer).
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
        include_str!("../data/rouge_stopwords.txt")
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
    let ref_dates: BTreeSet<NaiveDate> = refs.iter().flat_map(|r| r.dates.clone()).collect();
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
    let precision = if denom_p == 0 {
        0.0
    } else {
        f64::from(hits) / f64::from(denom_p)
    };
    let recall = if r_total == 0 {
        0.0
    } else {
        f64::from(hits) / f64::from(r_total)
    };
    f_score(precision, recall)
}

/// `1 / (days apart + 1)`: the weight of an aligned pair.
fn date_weight(a: NaiveDate, b: NaiveDate) -> f64 {
    1.0 / ((a - b).num_days().unsigned_abs() as f64 + 1.0)
}

/// "align+ m:1" ROUGE (tilse's `align_date_content_costs_many_to_one`):
/// see the module doc.
pub fn align_many_to_one(
    predicted: &Timeline,
    references: &[Timeline],
    options: RougeOptions,
) -> RougeScores {
    let (p, refs) = Prepared::all(predicted, references, options);
    let empty = Grams::default();
    let ref_dates: Vec<NaiveDate> = refs
        .iter()
        .flat_map(|r| r.dates.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let pred_summaries: Vec<&Vec<String>> = predicted.values().collect();
    let no_sentences: Vec<String> = Vec::new();
    // cost[i][j]: predicted date i against reference date j.
    let cost: Vec<Vec<f64>> = p
        .dates
        .iter()
        .zip(&pred_summaries)
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
        .collect();
    // The first index of the least value, as numpy's argmin.
    let argmin = |values: &mut dyn Iterator<Item = f64>| {
        let mut best: Option<(usize, f64)> = None;
        for (k, v) in values.enumerate() {
            if best.is_none_or(|(_, b)| v < b) {
                best = Some((k, v));
            }
        }
        best.map(|(k, _)| k)
    };
    let mut sums = Sums::default();
    for (i, row) in cost.iter().enumerate() {
        if let Some(j) = argmin(&mut row.iter().copied()) {
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
        match argmin(&mut cost.iter().map(|row| row[j])) {
            Some(i) => {
                let c = rouge_counts(&p.grams[i], &gold);
                sums.recall(&c, date_weight(p.dates[i], *rd));
            }
            None => sums.recall(&rouge_counts(&empty, &gold), 0.0),
        }
    }
    sums.scores()
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
    if scores.is_empty() {
        return TimelineScores::default();
    }
    let n = scores.len() as f64;
    let mean_prf = |get: &dyn Fn(&TimelineScores) -> Prf| Prf {
        precision: scores.iter().map(|s| get(s).precision).sum::<f64>() / n,
        recall: scores.iter().map(|s| get(s).recall).sum::<f64>() / n,
        f1: scores.iter().map(|s| get(s).f1).sum::<f64>() / n,
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
