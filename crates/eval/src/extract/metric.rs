//! Article-body extraction metric of the Zyte (Scrapinghub)
//! "article-extraction-benchmark", re-implemented in plain Rust.
//!
//! The benchmark compares an extractor's `articleBody` text with a gold
//! `articleBody` for each of its 181 pages. This module reproduces its
//! evaluation (`evaluate.py` in that benchmark) step by step, so that numbers
//! computed here can be compared with the published tables (e.g. Python
//! trafilatura 2.0.0: F1 0.958, precision 0.938, recall 0.978).
//!
//! # Definition
//!
//! 1. **Tokens.** A text is split into maximal runs of *word characters*,
//!    i.e. what Python's `re` module matches with `\w+` on a `str`: letters,
//!    digits, other numeric characters and `_`. Everything else (spaces,
//!    punctuation, symbols, and combining marks such as Arabic harakat or
//!    Indic vowel signs) separates tokens. Case is **kept**: `The` and `the`
//!    are different tokens. See [`is_word_char`] and [`tokenize`].
//! 2. **Shingles.** The tokens are turned into a *multiset* of 4-token
//!    shingles, one for every window of [`SHINGLE_SIZE`] consecutive tokens.
//!    A text with 1 to 3 tokens yields exactly one (shorter) shingle made of
//!    all its tokens; a text with no token yields no shingle.
//! 3. **Per-document counts.** With `g(s)` and `p(s)` the multiplicities of
//!    shingle `s` in gold and prediction: `tp = Σ min(g, p)`,
//!    `fp = Σ max(0, p − g)`, `fn = Σ max(0, g − p)`. The three counts are
//!    then divided by `tp + fp + fn` (when positive) so that long documents
//!    do not weigh more; this leaves the per-document ratios unchanged.
//!    See [`DocumentMatch`].
//! 4. **Per-document precision / recall.** `precision = tp / (tp + fp)` and
//!    `recall = tp / (tp + fn)`, except that both are `1` when
//!    `fp == fn == 0` (perfect match, including "both empty"), precision is
//!    `0` when `tp == fp == 0`, and recall is `0` when `tp == fn == 0`.
//! 5. **Corpus aggregation (macro average, then harmonic mean).**
//!    * corpus precision = mean of per-document precision over the documents
//!      whose **prediction** has at least one shingle (`tp + fp > 0`);
//!    * corpus recall = mean of per-document recall over the documents whose
//!      **gold** has at least one shingle (`tp + fn > 0`);
//!    * corpus F1 = `2·P·R / (P + R)` of those two means. It is **not** the
//!      mean of per-document F1 scores.
//!
//!    Consequently an empty prediction does not lower precision, only recall
//!    (its recall is 0), and a document where gold and prediction are both
//!    empty is ignored entirely. See [`aggregate`].
//! 6. **Accuracy** (also reported by the benchmark): fraction of documents
//!    whose token *sequences* are identical. See [`accuracy`].
//! 7. **Uncertainty.** The benchmark prints each metric as `mean ± std`,
//!    where `std` is the sample standard deviation of the metric over 1000
//!    bootstrap resamples of the documents (with replacement). See
//!    [`bootstrap_std`].
//!
//! # Faithfulness
//!
//! Per-document counts, precision and recall are computed with the same
//! floating-point operations, in the same order, as the benchmark, so they
//! are bit-identical to it. Corpus means use compensated summation and may
//! differ from Python's exactly rounded `statistics.mean` in the last bit.
//! Word characters match Python's `\w` exactly for every code point assigned
//! in Unicode 14 (Python 3.11); for characters added later we follow Rust's
//! own Unicode tables. Where the benchmark would raise an exception (no
//! document with a non-empty prediction, or `P + R == 0`) this module
//! returns `0.0` instead. Bootstrap resampling uses its own pseudo-random
//! generator, so standard deviations agree only statistically.

use std::collections::HashMap;

use crate::score::{mean, sample_std, Prf, SplitMix64};

/// Number of consecutive tokens in a shingle (the benchmark uses 4).
pub const SHINGLE_SIZE: usize = 4;

/// Number of bootstrap resamples the benchmark uses for its `± std` columns.
pub const BENCHMARK_BOOTSTRAP_RESAMPLES: usize = 1000;

/// Shingle-matching result for one document: normalised true-positive,
/// false-positive and false-negative counts, plus exact-match flag.
///
/// This is what the corpus aggregation needs: precision and recall alone do
/// not tell whether a document must be left out of the precision mean
/// (empty prediction) or of the recall mean (empty gold).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DocumentMatch {
    /// Matched shingles, divided by `tp + fp + fn` (0 when that sum is 0).
    pub tp: f64,
    /// Predicted shingles absent from gold, divided by `tp + fp + fn`.
    pub fp: f64,
    /// Gold shingles not predicted, divided by `tp + fp + fn`.
    pub fn_: f64,
    /// Whether gold and prediction have identical token sequences.
    pub exact: bool,
}

/// Bootstrap standard deviations of the corpus metrics (the `± x` figures
/// of the benchmark's tables).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BootstrapStd {
    /// Standard deviation of corpus precision over the resamples.
    pub precision: f64,
    /// Standard deviation of corpus recall over the resamples.
    pub recall: f64,
    /// Standard deviation of corpus F1 over the resamples.
    pub f1: f64,
    /// Standard deviation of accuracy over the resamples.
    pub accuracy: f64,
}

impl DocumentMatch {
    /// Compares a predicted article body with the gold one.
    /// Same as [`match_document`].
    #[must_use]
    pub fn new(predicted: &str, gold: &str) -> Self {
        match_document(predicted, gold)
    }

    /// Per-document precision, with the benchmark's special cases:
    /// 1 if `fp == fn == 0`, 0 if `tp == fp == 0`, else `tp / (tp + fp)`.
    #[must_use]
    pub fn precision(&self) -> f64 {
        self.share_of_tp(self.fp)
    }

    /// Per-document recall, with the benchmark's special cases:
    /// 1 if `fp == fn == 0`, 0 if `tp == fn == 0`, else `tp / (tp + fn)`.
    #[must_use]
    pub fn recall(&self) -> f64 {
        self.share_of_tp(self.fn_)
    }

    /// `tp / (tp + misses)`, 1 for a perfect match, 0 when `tp` and
    /// `misses` are both 0 (the benchmark's special cases).
    fn share_of_tp(&self, misses: f64) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && misses == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + misses)
        }
    }

    /// True when the prediction has at least one shingle; only such
    /// documents enter the corpus precision mean.
    #[must_use]
    pub fn has_prediction(&self) -> bool {
        self.tp + self.fp > 0.0
    }

    /// True when the gold text has at least one shingle; only such
    /// documents enter the corpus recall mean.
    #[must_use]
    pub fn has_gold(&self) -> bool {
        self.tp + self.fn_ > 0.0
    }

    /// Per-document precision, recall and their harmonic mean.
    #[must_use]
    pub fn score(&self) -> Prf {
        Prf::new(self.precision(), self.recall())
    }
}

/// Whether `c` is a word character in the sense of Python's `re` `\w`
/// (for `str` patterns): alphanumeric (letters of categories L*, numbers of
/// categories N*) or `_`. Unlike [`char::is_alphanumeric`], combining marks
/// and symbols that Unicode flags as "alphabetic" (e.g. Arabic harakat
/// U+064B..U+0652, Devanagari vowel signs, circled letters such as `ⓒ`)
/// are **not** word characters.
#[must_use]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    if !c.is_alphanumeric() {
        return false;
    }
    let cp = u32::from(c);
    // Binary search in the sorted, non-overlapping exclusion ranges.
    NON_WORD_ALPHABETIC
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

/// Splits `text` into tokens: the maximal runs of [`is_word_char`]
/// characters, in order, case preserved (Python `re.findall(r"\w+", text)`).
#[must_use]
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                tokens.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
}

/// Multiset of shingles of a token list (see the module documentation).
fn shingle_counts<'a, 't>(tokens: &'t [&'a str]) -> HashMap<&'t [&'a str], u64> {
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    if tokens.len() < SHINGLE_SIZE {
        counts.insert(tokens, 1);
        return counts;
    }
    for window in tokens.windows(SHINGLE_SIZE) {
        *counts.entry(window).or_insert(0) += 1;
    }
    counts
}

/// Compares a predicted article body with the gold one and returns the
/// normalised shingle counts the corpus aggregation needs.
#[must_use]
pub fn match_document(predicted: &str, gold: &str) -> DocumentMatch {
    let pred_tokens = tokenize(predicted);
    let gold_tokens = tokenize(gold);
    let pred = shingle_counts(&pred_tokens);
    let gold_counts = shingle_counts(&gold_tokens);

    let mut tp: u64 = 0;
    let mut fp: u64 = 0;
    for (shingle, &p) in &pred {
        let g = gold_counts.get(shingle).copied().unwrap_or(0);
        tp += p.min(g);
        fp += p.saturating_sub(g);
    }
    let gold_total: u64 = gold_counts.values().sum();
    let fn_ = gold_total - tp;

    // Counts are integers, exactly representable; normalise like the
    // benchmark so that later divisions round identically.
    let (mut tp, mut fp, mut fn_) = (tp as f64, fp as f64, fn_ as f64);
    let sum = tp + fp + fn_;
    if sum > 0.0 {
        tp /= sum;
        fp /= sum;
        fn_ /= sum;
    }
    DocumentMatch {
        tp,
        fp,
        fn_,
        exact: pred_tokens == gold_tokens,
    }
}

/// Per-document precision, recall and F1 of `predicted` against `gold`.
///
/// Precision and recall are exactly the benchmark's per-document values.
/// The benchmark itself never reports a per-document F1; here it is the
/// harmonic mean of the two (0 when both are 0). Note that a document with
/// both texts empty scores 1/1/1 here but is ignored by [`aggregate`], and
/// that the corpus F1 is *not* the mean of these per-document F1 values.
#[must_use]
pub fn score_document(predicted: &str, gold: &str) -> Prf {
    match_document(predicted, gold).score()
}

/// Corpus precision, recall and F1 exactly as the benchmark aggregates them:
/// precision is the mean per-document precision over documents with a
/// non-empty prediction, recall the mean per-document recall over documents
/// with a non-empty gold text, and F1 the harmonic mean of these two means.
///
/// An empty mean (e.g. no document with a prediction) is taken as 0, and F1
/// is 0 when precision and recall are both 0 (the benchmark would raise).
#[must_use]
pub fn aggregate(docs: &[DocumentMatch]) -> Prf {
    let precision = mean(
        docs.iter()
            .filter(|d| d.has_prediction())
            .map(DocumentMatch::precision),
    );
    let recall = mean(
        docs.iter()
            .filter(|d| d.has_gold())
            .map(DocumentMatch::recall),
    );
    Prf::new(precision, recall)
}

/// Share of documents whose predicted and gold token sequences are
/// identical (the benchmark's "accuracy"); 0 for an empty slice.
#[must_use]
pub fn accuracy(docs: &[DocumentMatch]) -> f64 {
    mean(docs.iter().map(|d| if d.exact { 1.0 } else { 0.0 }))
}

/// Bootstrap standard deviations of corpus precision, recall, F1 and
/// accuracy, as in the benchmark's `± std` columns: draw `resamples`
/// samples of `docs.len()` documents with replacement, compute the corpus
/// metrics of each sample with [`aggregate`] and [`accuracy`], and return
/// the sample standard deviation (divisor `n − 1`) of each metric.
///
/// The benchmark uses [`BENCHMARK_BOOTSTRAP_RESAMPLES`] resamples and an
/// unseeded generator; here the generator is a deterministic `SplitMix64`
/// seeded with `seed`. Returns zeros when `docs` is empty or
/// `resamples < 2`.
#[must_use]
pub fn bootstrap_std(docs: &[DocumentMatch], resamples: usize, seed: u64) -> BootstrapStd {
    let zero = BootstrapStd {
        precision: 0.0,
        recall: 0.0,
        f1: 0.0,
        accuracy: 0.0,
    };
    if docs.is_empty() || resamples < 2 {
        return zero;
    }
    let mut random = SplitMix64::new(seed);
    let n = docs.len();
    let mut sample = Vec::with_capacity(n);
    let (mut ps, mut rs, mut fs, mut accs) = (
        Vec::with_capacity(resamples),
        Vec::with_capacity(resamples),
        Vec::with_capacity(resamples),
        Vec::with_capacity(resamples),
    );
    for _ in 0..resamples {
        sample.clear();
        for _ in 0..n {
            // Multiply-shift maps a 64-bit draw onto 0..n.
            let i = ((u128::from(random.next_u64()) * n as u128) >> 64) as usize;
            sample.push(docs[i]);
        }
        let s = aggregate(&sample);
        ps.push(s.precision);
        rs.push(s.recall);
        fs.push(s.f1);
        accs.push(accuracy(&sample));
    }
    BootstrapStd {
        precision: sample_std(&ps),
        recall: sample_std(&rs),
        f1: sample_std(&fs),
        accuracy: sample_std(&accs),
    }
}

/// Code point ranges (inclusive) that [`char::is_alphanumeric`] accepts but
/// Python's `\w` rejects: characters with the Unicode `Alphabetic` property
/// whose general category is a combining mark (Mn, Mc) or a symbol (So),
/// e.g. Hebrew points, Arabic harakat, Indic vowel signs, circled letters.
/// Derived from the Unicode 14 character database (Python 3.11's).
#[rustfmt::skip]
const NON_WORD_ALPHABETIC: &[(u32, u32)] = &[
    (0x0345, 0x0345), (0x0363, 0x036F), (0x05B0, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2),
    (0x05C4, 0x05C5), (0x05C7, 0x05C7), (0x0610, 0x061A), (0x064B, 0x0657), (0x0659, 0x065F),
    (0x0670, 0x0670), (0x06D6, 0x06DC), (0x06E1, 0x06E4), (0x06E7, 0x06E8), (0x06ED, 0x06ED),
    (0x0711, 0x0711), (0x0730, 0x073F), (0x07A6, 0x07B0), (0x0816, 0x0817), (0x081B, 0x0823),
    (0x0825, 0x0827), (0x0829, 0x082C), (0x08D4, 0x08DF), (0x08E3, 0x08E9), (0x08F0, 0x0903),
    (0x093A, 0x093B), (0x093E, 0x094C), (0x094E, 0x094F), (0x0955, 0x0957), (0x0962, 0x0963),
    (0x0981, 0x0983), (0x09BE, 0x09C4), (0x09C7, 0x09C8), (0x09CB, 0x09CC), (0x09D7, 0x09D7),
    (0x09E2, 0x09E3), (0x0A01, 0x0A03), (0x0A3E, 0x0A42), (0x0A47, 0x0A48), (0x0A4B, 0x0A4C),
    (0x0A51, 0x0A51), (0x0A70, 0x0A71), (0x0A75, 0x0A75), (0x0A81, 0x0A83), (0x0ABE, 0x0AC5),
    (0x0AC7, 0x0AC9), (0x0ACB, 0x0ACC), (0x0AE2, 0x0AE3), (0x0AFA, 0x0AFC), (0x0B01, 0x0B03),
    (0x0B3E, 0x0B44), (0x0B47, 0x0B48), (0x0B4B, 0x0B4C), (0x0B56, 0x0B57), (0x0B62, 0x0B63),
    (0x0B82, 0x0B82), (0x0BBE, 0x0BC2), (0x0BC6, 0x0BC8), (0x0BCA, 0x0BCC), (0x0BD7, 0x0BD7),
    (0x0C00, 0x0C04), (0x0C3E, 0x0C44), (0x0C46, 0x0C48), (0x0C4A, 0x0C4C), (0x0C55, 0x0C56),
    (0x0C62, 0x0C63), (0x0C81, 0x0C83), (0x0CBE, 0x0CC4), (0x0CC6, 0x0CC8), (0x0CCA, 0x0CCC),
    (0x0CD5, 0x0CD6), (0x0CE2, 0x0CE3), (0x0D00, 0x0D03), (0x0D3E, 0x0D44), (0x0D46, 0x0D48),
    (0x0D4A, 0x0D4C), (0x0D57, 0x0D57), (0x0D62, 0x0D63), (0x0D81, 0x0D83), (0x0DCF, 0x0DD4),
    (0x0DD6, 0x0DD6), (0x0DD8, 0x0DDF), (0x0DF2, 0x0DF3), (0x0E31, 0x0E31), (0x0E34, 0x0E3A),
    (0x0E4D, 0x0E4D), (0x0EB1, 0x0EB1), (0x0EB4, 0x0EB9), (0x0EBB, 0x0EBC), (0x0ECD, 0x0ECD),
    (0x0F71, 0x0F83), (0x0F8D, 0x0F97), (0x0F99, 0x0FBC), (0x102B, 0x1036), (0x1038, 0x1038),
    (0x103B, 0x103E), (0x1056, 0x1059), (0x105E, 0x1060), (0x1062, 0x1064), (0x1067, 0x106D),
    (0x1071, 0x1074), (0x1082, 0x108D), (0x108F, 0x108F), (0x109A, 0x109D), (0x1712, 0x1713),
    (0x1732, 0x1733), (0x1752, 0x1753), (0x1772, 0x1773), (0x17B6, 0x17C8), (0x1885, 0x1886),
    (0x18A9, 0x18A9), (0x1920, 0x192B), (0x1930, 0x1938), (0x1A17, 0x1A1B), (0x1A55, 0x1A5E),
    (0x1A61, 0x1A74), (0x1ABF, 0x1AC0), (0x1ACC, 0x1ACE), (0x1B00, 0x1B04), (0x1B35, 0x1B43),
    (0x1B80, 0x1B82), (0x1BA1, 0x1BA9), (0x1BAC, 0x1BAD), (0x1BE7, 0x1BF1), (0x1C24, 0x1C36),
    (0x1DD3, 0x1DF4), (0x24B6, 0x24E9), (0x2DE0, 0x2DFF), (0xA674, 0xA67B), (0xA69E, 0xA69F),
    (0xA802, 0xA802), (0xA80B, 0xA80B), (0xA823, 0xA827), (0xA880, 0xA881), (0xA8B4, 0xA8C3),
    (0xA8C5, 0xA8C5), (0xA8FF, 0xA8FF), (0xA926, 0xA92A), (0xA947, 0xA952), (0xA980, 0xA983),
    (0xA9B4, 0xA9BF), (0xA9E5, 0xA9E5), (0xAA29, 0xAA36), (0xAA43, 0xAA43), (0xAA4C, 0xAA4D),
    (0xAA7B, 0xAA7D), (0xAAB0, 0xAAB0), (0xAAB2, 0xAAB4), (0xAAB7, 0xAAB8), (0xAABE, 0xAABE),
    (0xAAEB, 0xAAEF), (0xAAF5, 0xAAF5), (0xABE3, 0xABEA), (0xFB1E, 0xFB1E), (0x10376, 0x1037A),
    (0x10A01, 0x10A03), (0x10A05, 0x10A06), (0x10A0C, 0x10A0F), (0x10D24, 0x10D27), (0x10EAB, 0x10EAC),
    (0x11000, 0x11002), (0x11038, 0x11045), (0x11073, 0x11074), (0x11080, 0x11082), (0x110B0, 0x110B8),
    (0x110C2, 0x110C2), (0x11100, 0x11102), (0x11127, 0x11132), (0x11145, 0x11146), (0x11180, 0x11182),
    (0x111B3, 0x111BF), (0x111CE, 0x111CF), (0x1122C, 0x11234), (0x11237, 0x11237), (0x1123E, 0x1123E),
    (0x112DF, 0x112E8), (0x11300, 0x11303), (0x1133E, 0x11344), (0x11347, 0x11348), (0x1134B, 0x1134C),
    (0x11357, 0x11357), (0x11362, 0x11363), (0x11435, 0x11441), (0x11443, 0x11445), (0x114B0, 0x114C1),
    (0x115AF, 0x115B5), (0x115B8, 0x115BE), (0x115DC, 0x115DD), (0x11630, 0x1163E), (0x11640, 0x11640),
    (0x116AB, 0x116B5), (0x1171D, 0x1172A), (0x1182C, 0x11838), (0x11930, 0x11935), (0x11937, 0x11938),
    (0x1193B, 0x1193C), (0x11940, 0x11940), (0x11942, 0x11942), (0x119D1, 0x119D7), (0x119DA, 0x119DF),
    (0x119E4, 0x119E4), (0x11A01, 0x11A0A), (0x11A35, 0x11A39), (0x11A3B, 0x11A3E), (0x11A51, 0x11A5B),
    (0x11A8A, 0x11A97), (0x11C2F, 0x11C36), (0x11C38, 0x11C3E), (0x11C92, 0x11CA7), (0x11CA9, 0x11CB6),
    (0x11D31, 0x11D36), (0x11D3A, 0x11D3A), (0x11D3C, 0x11D3D), (0x11D3F, 0x11D41), (0x11D43, 0x11D43),
    (0x11D47, 0x11D47), (0x11D8A, 0x11D8E), (0x11D90, 0x11D91), (0x11D93, 0x11D96), (0x11EF3, 0x11EF6),
    (0x16F4F, 0x16F4F), (0x16F51, 0x16F87), (0x16F8F, 0x16F92), (0x16FF0, 0x16FF1), (0x1BC9E, 0x1BC9E),
    (0x1E000, 0x1E006), (0x1E008, 0x1E018), (0x1E01B, 0x1E021), (0x1E023, 0x1E024), (0x1E026, 0x1E02A),
    (0x1E947, 0x1E947), (0x1F130, 0x1F149), (0x1F150, 0x1F169), (0x1F170, 0x1F189),
];

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = "The quick brown fox jumps over the lazy dog.";

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    fn assert_score(s: Prf, p: f64, r: f64, f1: f64) {
        assert!(close(s.precision, p), "precision {} != {}", s.precision, p);
        assert!(close(s.recall, r), "recall {} != {}", s.recall, r);
        assert!(close(s.f1, f1), "f1 {} != {}", s.f1, f1);
    }

    #[test]
    fn tokenize_ascii_words_digits_underscore() {
        assert_eq!(
            tokenize("Hello, world! It's 2024_x"),
            vec!["Hello", "world", "It", "s", "2024_x"]
        );
        assert!(tokenize("").is_empty());
        assert!(tokenize("  ,.;  -- ").is_empty());
    }

    #[test]
    fn tokenize_unicode_like_python_re() {
        assert_eq!(
            tokenize("naïve café Привет 한국어 日本語"),
            vec!["naïve", "café", "Привет", "한국어", "日本語"]
        );
        // Arabic harakat and Devanagari vowel signs / virama split words in
        // Python's `\w+`, although Rust deems them alphabetic.
        assert_eq!(tokenize("كَتَبَ"), vec!["ك", "ت", "ب"]);
        assert_eq!(tokenize("हिन्दी"), vec!["ह", "न", "द"]);
        assert_eq!(tokenize("ⓒ2019 Reuters"), vec!["2019", "Reuters"]);
    }

    #[test]
    fn word_chars_match_python() {
        for c in ['é', '_', 'Z', '7', '٣', 'Ⅻ', '½', '²', 'ж', '中'] {
            assert!(is_word_char(c), "{c:?} should be a word char");
        }
        for c in [
            'ⓒ', '\u{064E}', '\u{0301}', '\u{093F}', '\u{05B0}', '-', ' ', '’', '€',
        ] {
            assert!(!is_word_char(c), "{c:?} should not be a word char");
        }
    }

    #[test]
    fn exclusion_table_is_sorted_and_alphabetic() {
        let mut prev_hi = None;
        for &(lo, hi) in NON_WORD_ALPHABETIC {
            assert!(lo <= hi);
            if let Some(p) = prev_hi {
                assert!(lo > p, "ranges overlap or are unsorted at {lo:#X}");
            }
            prev_hi = Some(hi);
            for cp in [lo, hi] {
                let c = char::from_u32(cp).expect("a code point of the table");
                assert!(c.is_alphanumeric(), "{cp:#X} is not alphanumeric in Rust");
                assert!(!is_word_char(c));
            }
        }
    }

    #[test]
    fn identical_text_is_perfect() {
        let m = match_document(GOLD, GOLD);
        assert_eq!(
            m,
            DocumentMatch {
                tp: 1.0,
                fp: 0.0,
                fn_: 0.0,
                exact: true
            }
        );
        assert_score(score_document(GOLD, GOLD), 1.0, 1.0, 1.0);
    }

    #[test]
    fn punctuation_and_whitespace_are_ignored() {
        let pred = "The quick brown fox\n\njumps over -- the lazy dog";
        assert_score(score_document(pred, GOLD), 1.0, 1.0, 1.0);
        assert!(match_document(pred, GOLD).exact);
    }

    #[test]
    fn extra_boilerplate_lowers_precision_only() {
        // Gold: 9 tokens -> 6 shingles; prediction: 14 tokens -> 11 shingles.
        let pred = format!("{GOLD} Subscribe to our newsletter now");
        let m = match_document(&pred, GOLD);
        assert!(close(m.tp, 6.0 / 11.0) && close(m.fp, 5.0 / 11.0) && m.fn_ == 0.0);
        assert!(!m.exact);
        assert_score(m.score(), 6.0 / 11.0, 1.0, 12.0 / 17.0);
    }

    #[test]
    fn truncated_prediction_lowers_recall_only() {
        // 5 tokens -> 2 shingles, both in gold's 6.
        assert_score(
            score_document("The quick brown fox jumps", GOLD),
            1.0,
            1.0 / 3.0,
            0.5,
        );
    }

    #[test]
    fn matching_is_case_sensitive() {
        let m = match_document("The Cat sat down", "the cat sat down");
        assert_eq!(
            m,
            DocumentMatch {
                tp: 0.0,
                fp: 0.5,
                fn_: 0.5,
                exact: false
            }
        );
        assert_score(m.score(), 0.0, 0.0, 0.0);
    }

    #[test]
    fn short_texts_form_one_shingle() {
        assert_score(
            score_document("Breaking news", "Breaking news"),
            1.0,
            1.0,
            1.0,
        );
        // A short text's single shingle never equals a 4-token shingle.
        assert_score(
            score_document("Breaking news today", "Breaking news"),
            0.0,
            0.0,
            0.0,
        );
        let m = match_document("Breaking news", "Breaking news from the capital");
        assert!(close(m.fp, 1.0 / 3.0) && close(m.fn_, 2.0 / 3.0) && m.tp == 0.0);
    }

    #[test]
    fn shingles_are_a_multiset() {
        // Gold shingles: abcd, bcda, cdab, dabc, abcd; prediction: abcd.
        let m = match_document("a b c d", "a b c d a b c d");
        assert!(close(m.tp, 0.2) && m.fp == 0.0 && close(m.fn_, 0.8));
        assert_score(m.score(), 1.0, 0.2, 1.0 / 3.0);
    }

    #[test]
    fn empty_texts_follow_benchmark_rules() {
        // Empty prediction: precision 0 (but excluded from the mean), recall 0.
        let m = match_document("", "some gold text here now");
        assert!(!m.has_prediction() && m.has_gold());
        assert_score(m.score(), 0.0, 0.0, 0.0);
        // Both empty (punctuation only counts as empty): perfect, excluded.
        for pred in ["", ". , !"] {
            let m = match_document(pred, "");
            assert!(!m.has_prediction() && !m.has_gold() && m.exact);
            assert_score(m.score(), 1.0, 1.0, 1.0);
        }
        // Empty gold, non-empty prediction: precision 0, excluded from recall.
        let m = match_document("x y z w", "");
        assert!(m.has_prediction() && !m.has_gold());
        assert_score(m.score(), 0.0, 0.0, 0.0);
    }

    #[test]
    fn aggregate_averages_precision_and_recall_then_combines() {
        let boiler = format!("{GOLD} Subscribe to our newsletter now");
        let docs = [
            match_document(GOLD, GOLD),                    // P 1, R 1
            match_document(&boiler, GOLD),                 // P 6/11, R 1
            match_document("", "some gold text here now"), // P -, R 0
            match_document("", ""),                        // ignored
        ];
        let s = aggregate(&docs);
        assert_score(s, 17.0 / 22.0, 2.0 / 3.0, 68.0 / 95.0);
        // Not the mean of per-document F1 scores.
        let mean_f1 = docs.iter().map(|d| d.score().f1).sum::<f64>() / 4.0;
        assert!((s.f1 - mean_f1).abs() > 0.01);
        assert!(close(accuracy(&docs), 0.5));
    }

    #[test]
    fn aggregate_degenerate_inputs_give_zero() {
        assert_score(aggregate(&[]), 0.0, 0.0, 0.0);
        assert_eq!(accuracy(&[]), 0.0);
        let only_empty_pred = [match_document("", "a b c d e")];
        assert_score(aggregate(&only_empty_pred), 0.0, 0.0, 0.0);
    }

    #[test]
    fn normalisation_keeps_ratios() {
        let pred = "a b c d e f g h i j";
        let gold = "a b c d e f g x y z w";
        let m = match_document(pred, gold);
        assert!(close(m.tp + m.fp + m.fn_, 1.0));
        // Raw counts: tp 4, fp 3, fn 4.
        assert_score(
            m.score(),
            4.0 / 7.0,
            0.5,
            2.0 * (4.0 / 7.0) * 0.5 / (4.0 / 7.0 + 0.5),
        );
    }

    #[test]
    fn bootstrap_is_deterministic_and_sane() {
        let boiler = format!("{GOLD} Subscribe to our newsletter now");
        let docs = [
            match_document(GOLD, GOLD),
            match_document(&boiler, GOLD),
            match_document("The quick brown fox jumps", GOLD),
            match_document("unrelated words in this text", GOLD),
        ];
        let a = bootstrap_std(&docs, 200, 7);
        assert_eq!(a, bootstrap_std(&docs, 200, 7));
        assert!(a.f1 > 0.0 && a.precision > 0.0 && a.recall > 0.0 && a.accuracy > 0.0);
        assert!(a.f1 < 0.5);
        let same = [match_document(GOLD, GOLD); 5];
        let z = bootstrap_std(&same, 100, 1);
        assert_eq!(
            (z.precision, z.recall, z.f1, z.accuracy),
            (0.0, 0.0, 0.0, 0.0)
        );
        assert_eq!(bootstrap_std(&docs, 1, 1).f1, 0.0);
        assert_eq!(bootstrap_std(&[], 100, 1).f1, 0.0);
    }
}
