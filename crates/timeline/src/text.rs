//! Sentences as bags of content words, for lexical similarity (linking
//! events, choosing summary sentences).

use rustc_hash::FxHashMap;

/// Word counts of a text: lower case, no accents, no function words, no
/// words under three letters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bag {
    counts: FxHashMap<String, f64>,
    norm: f64,
}

/// The Euclidean norm of word counts.
fn norm_of(counts: &FxHashMap<String, f64>) -> f64 {
    counts.values().map(|c| c * c).sum::<f64>().sqrt()
}

impl Bag {
    /// The bag of these counts, its norm computed.
    fn with_counts(counts: FxHashMap<String, f64>) -> Bag {
        let norm = norm_of(&counts);
        Bag { counts, norm }
    }

    /// The words and their counts, sorted by word (a stored form).
    pub fn entries(&self) -> Vec<(String, f64)> {
        let mut out: Vec<(String, f64)> =
            self.counts.iter().map(|(w, c)| (w.clone(), *c)).collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// The bag holding `entries` (as [`Bag::entries`] gives them).
    pub fn from_entries(entries: Vec<(String, f64)>) -> Bag {
        Bag::with_counts(entries.into_iter().collect())
    }

    /// The bag of `text`.
    pub fn of(text: &str) -> Bag {
        let stop = filrouge_lexicon::Lexicon::bundled().stopwords();
        let mut counts: FxHashMap<String, f64> = FxHashMap::default();
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().count() < 3 {
                continue;
            }
            if !stop.contains(w) {
                *counts
                    .entry(filrouge_lexicon::unaccented(&w.to_lowercase()))
                    .or_default() += 1.0;
            }
        }
        Bag::with_counts(counts)
    }

    /// Adds another bag's counts.
    pub fn extend(&mut self, other: &Bag) {
        for (w, c) in &other.counts {
            *self.counts.entry(w.clone()).or_default() += c;
        }
        self.norm = norm_of(&self.counts);
    }

    /// The words found in at least `min_bags` of `bags`, each weighted by
    /// how many bags hold it: what the bags share.
    pub fn shared(bags: &[Bag], min_bags: usize) -> Bag {
        let mut df: FxHashMap<&str, f64> = FxHashMap::default();
        for b in bags {
            for w in b.counts.keys() {
                *df.entry(w.as_str()).or_default() += 1.0;
            }
        }
        let counts: FxHashMap<String, f64> = df
            .into_iter()
            .filter(|(_, n)| *n >= min_bags as f64)
            .map(|(w, n)| (w.to_string(), n))
            .collect();
        Bag::with_counts(counts)
    }

    /// Whether every word of `other` is in this bag.
    pub fn contains_all(&self, other: &Bag) -> bool {
        !other.counts.is_empty() && other.counts.keys().all(|w| self.counts.contains_key(w))
    }

    /// Cosine similarity, 0 when either is empty.
    pub fn cosine(&self, other: &Bag) -> f64 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (small, large) = if self.counts.len() <= other.counts.len() {
            (self, other)
        } else {
            (other, self)
        };
        let dot: f64 = small
            .counts
            .iter()
            .filter_map(|(w, c)| large.counts.get(w).map(|d| c * d))
            .sum();
        dot / (self.norm * other.norm)
    }
}

/// A TimeML duration (`P1Y6M`, `PT1H30M`, `PXW`) as its calendar parts
/// and its clock parts, each (number or `X`, unit letter(s)); `None` when
/// it is no duration.
pub(crate) fn duration_parts(value: &str) -> Option<DurationParts> {
    let rest = value.strip_prefix('P')?;
    let (calendar, clock) = match rest.split_once('T') {
        Some((d, t)) => (components(d)?, components(t)?),
        None => (components(rest)?, Vec::new()),
    };
    (!calendar.is_empty() || !clock.is_empty()).then_some((calendar, clock))
}

/// A duration's calendar and clock parts ([`duration_parts`]).
pub(crate) type DurationParts = (Vec<(String, String)>, Vec<(String, String)>);

/// A TimeML duration's parts after `P` or `T`: (number or `X`, unit).
fn components(s: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut number = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' || c == 'X' {
            number.push(c);
            continue;
        }
        if number.is_empty() {
            return None;
        }
        let mut unit = c.to_string();
        // Decades and centuries take two letters (`P2DE`, `P1CE`).
        if let Some(&next) = chars.peek() {
            if matches!(c, 'D' | 'C') && next == 'E' {
                unit.push(next);
                chars.next();
            }
        }
        out.push((std::mem::take(&mut number), unit));
    }
    number.is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::Bag;

    #[test]
    fn content_words_decide_similarity() {
        let a = Bag::of("Les négociations ont repris à Genève.");
        let b = Bag::of("Reprise des negociations a Geneve");
        let c = Bag::of("Le match a été annulé.");
        assert!(a.cosine(&b) > 0.3, "{}", a.cosine(&b));
        assert_eq!(a.cosine(&c), 0.0);
    }
}
