//! One index over every language's boilerplate patterns, so a line is
//! matched in one pass instead of one comparison per pattern.
//!
//! Whole-line patterns (`exact`, `tail`) sit in a hash map keyed by their
//! folded form; `prefix` patterns are one Aho-Corasick automaton searched
//! anchored at the start of the line (so only the first few bytes are
//! read), and `contains` patterns another, searched over the whole line.
//! When several patterns match, the one defined first (in bundle order,
//! then file order) wins, so the evidence shown is stable.

use aho_corasick::automaton::OverlappingState;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use rustc_hash::FxHashMap;

use crate::{BoilerplateKind, BoilerplatePattern, LexiconError};

/// Every boilerplate pattern of every language, indexed.
#[derive(Debug, Clone)]
pub struct BoilerplateIndex {
    /// All patterns in definition order; the indexes below point here.
    patterns: Vec<BoilerplatePattern>,
    /// Folded `exact` and `tail` patterns. Fx-hashed: the keys are our
    /// own patterns, and every line of every document is looked up.
    whole: FxHashMap<String, usize>,
    /// Folded `tail` patterns.
    tails: FxHashMap<String, usize>,
    /// Most words in a tail pattern: longer line prefixes need no lookup.
    max_tail_words: usize,
    /// `prefix` patterns, lower case, searched anchored.
    prefixes: AhoCorasick,
    /// `prefixes` pattern id -> index in `patterns`.
    prefix_ids: Vec<usize>,
    /// `contains` patterns, lower case, searched anywhere.
    contains: AhoCorasick,
    /// `contains` pattern id -> index in `patterns`.
    contains_ids: Vec<usize>,
}

impl BoilerplateIndex {
    pub(crate) fn new(patterns: Vec<BoilerplatePattern>) -> Result<Self, LexiconError> {
        let mut whole = FxHashMap::default();
        let mut tails = FxHashMap::default();
        let mut prefix_patterns = Vec::new();
        let mut prefix_ids = Vec::new();
        let mut contains_patterns = Vec::new();
        let mut contains_ids = Vec::new();
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
                BoilerplateKind::Prefix => {
                    prefix_patterns.push(p.folded.clone());
                    prefix_ids.push(i);
                }
                BoilerplateKind::Contains => {
                    contains_patterns.push(p.folded.clone());
                    contains_ids.push(i);
                }
            }
        }
        let build = |patterns: &[String], start: StartKind| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .start_kind(start)
                // A few dozen short patterns: the DFA is small and reads
                // each byte of a line with one table lookup.
                .kind(Some(AhoCorasickKind::DFA))
                .build(patterns)
                .map_err(|e| LexiconError::Syntax {
                    file: "*/boilerplate.txt".into(),
                    line: 0,
                    message: format!("cannot index prefix/contains patterns: {e}"),
                })
        };
        Ok(BoilerplateIndex {
            prefixes: build(&prefix_patterns, StartKind::Anchored)?,
            prefix_ids,
            contains: build(&contains_patterns, StartKind::Unanchored)?,
            contains_ids,
            patterns,
            whole,
            tails,
            max_tail_words,
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
        let mut consider = |i: usize| {
            if best.is_none_or(|b| i < b) && accept(&self.patterns[i]) {
                best = Some(i);
            }
        };
        // Every prefix pattern the line starts with. An anchored search
        // stops as soon as no pattern can continue the line's first bytes.
        // It also reports patterns that end where a longer one does (a
        // trie state carries its suffixes' matches: "lire aussi" inside
        // "à lire aussi"), so matches not at the start are skipped. The
        // iterator API has no anchored overlapping search, hence the
        // explicit state; the automaton is built for anchored searches, so
        // the search cannot fail (if it did, no prefix pattern would match).
        let at_start = Input::new(lower).anchored(Anchored::Yes);
        let mut state = OverlappingState::start();
        while self
            .prefixes
            .try_find_overlapping(at_start.clone(), &mut state)
            .is_ok()
        {
            let Some(m) = state.get_match() else { break };
            if m.start() == 0 {
                consider(self.prefix_ids[m.pattern().as_usize()]);
            }
        }
        for m in self.contains.find_overlapping_iter(lower) {
            consider(self.contains_ids[m.pattern().as_usize()]);
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
