//! One index over every language's boilerplate patterns, so a line is
//! matched in one pass instead of one comparison per pattern.
//!
//! Whole-line patterns (`exact`, `tail`) sit in a hash map keyed by their
//! folded form; `prefix` and `contains` patterns share one Aho-Corasick
//! automaton. When several patterns match, the one defined first (in
//! bundle order, then file order) wins, so the evidence shown is stable.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::{BoilerplateKind, BoilerplatePattern, LexiconError};

/// Every boilerplate pattern of every language, indexed.
#[derive(Debug, Clone)]
pub struct BoilerplateIndex {
    /// All patterns in definition order; the indexes below point here.
    patterns: Vec<BoilerplatePattern>,
    /// Folded `exact` and `tail` patterns.
    whole: HashMap<String, usize>,
    /// Folded `tail` patterns.
    tails: HashMap<String, usize>,
    /// Most words in a tail pattern: longer line prefixes need no lookup.
    max_tail_words: usize,
    /// `prefix` and `contains` patterns, lower case.
    partial: AhoCorasick,
    /// Automaton pattern id -> index in `patterns`.
    partial_ids: Vec<usize>,
}

impl BoilerplateIndex {
    pub(crate) fn new(patterns: Vec<BoilerplatePattern>) -> Result<Self, LexiconError> {
        let mut whole = HashMap::new();
        let mut tails = HashMap::new();
        let mut partial_patterns = Vec::new();
        let mut partial_ids = Vec::new();
        let mut max_tail_words = 0;
        for (i, p) in patterns.iter().enumerate() {
            match p.kind {
                BoilerplateKind::Exact => {
                    whole.entry(p.folded.clone()).or_insert(i);
                }
                BoilerplateKind::Tail => {
                    whole.entry(p.folded.clone()).or_insert(i);
                    tails.entry(p.folded.clone()).or_insert(i);
                    max_tail_words = max_tail_words.max(p.folded.split(' ').count());
                }
                BoilerplateKind::Prefix | BoilerplateKind::Contains => {
                    partial_patterns.push(p.folded.clone());
                    partial_ids.push(i);
                }
            }
        }
        let partial = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&partial_patterns)
            .map_err(|e| LexiconError::Syntax {
                file: "*/boilerplate.txt".into(),
                line: 0,
                message: format!("cannot index prefix/contains patterns: {e}"),
            })?;
        Ok(BoilerplateIndex {
            patterns,
            whole,
            tails,
            max_tail_words,
            partial,
            partial_ids,
        })
    }

    /// Every pattern, in definition order.
    pub fn patterns(&self) -> &[BoilerplatePattern] {
        &self.patterns
    }

    /// The first-defined pattern matching a line that `accept` allows.
    ///
    /// `folded` is the line as [`crate::fold`] gives it (for `exact` and
    /// `tail`), `lower` the line in lower case (for `prefix`, which must
    /// match at its start, and `contains`). `accept` lets the caller add
    /// conditions of its own, such as a longest line per kind.
    pub fn line_match(
        &self,
        folded: &str,
        lower: &str,
        accept: impl Fn(&BoilerplatePattern) -> bool,
    ) -> Option<&BoilerplatePattern> {
        let mut best: Option<usize> = self
            .whole
            .get(folded)
            .copied()
            .filter(|&i| accept(&self.patterns[i]));
        for m in self.partial.find_overlapping_iter(lower) {
            let i = self.partial_ids[m.pattern().as_usize()];
            let p = &self.patterns[i];
            if best.is_some_and(|b| b <= i) {
                continue;
            }
            let placed = p.kind == BoilerplateKind::Contains || m.start() == 0;
            if placed && accept(p) {
                best = Some(i);
            }
        }
        best.map(|i| &self.patterns[i])
    }

    /// The first-defined `tail` pattern that `folded` equals or starts with
    /// (as whole words).
    pub fn tail_match(&self, folded: &str) -> Option<&BoilerplatePattern> {
        let mut best = self.tails.get(folded).copied();
        for (words, (at, _)) in folded.match_indices(' ').enumerate() {
            if words >= self.max_tail_words {
                break;
            }
            if let Some(&i) = self.tails.get(&folded[..at]) {
                best = Some(best.map_or(i, |b| b.min(i)));
            }
        }
        best.map(|i| &self.patterns[i])
    }
}
