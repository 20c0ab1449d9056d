//! Boilerplate learned from a corpus: a line that recurs across many
//! documents of one site is page furniture for that site.
//!
//! Learning is a corpus-level step and cleaning stays a pure function of a
//! document plus resources: [`SiteLineCounts`] observes documents (a store
//! keeps it across runs), then [`SiteLineCounts::learn`] freezes the lines
//! over a threshold into a [`LearnedBoilerplate`] resource that the cleaner
//! reads.

use std::collections::HashMap;

use filrouge_lexicon::fold;

/// Lines shorter than this many characters are never learned: they are
/// usually headings, and a heading shared by several articles is still text.
const MIN_LINE_CHARS: usize = 12;

/// The distinct folded lines of `text` that may be learned as boilerplate.
pub fn site_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| l.trim().chars().count() >= MIN_LINE_CHARS)
        .map(fold)
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

/// How often each line occurs in the documents of each site.
#[derive(Debug, Clone, Default)]
pub struct SiteLineCounts {
    /// site -> folded line -> number of documents containing it.
    counts: HashMap<String, HashMap<String, u32>>,
    /// site -> number of documents observed.
    docs: HashMap<String, u32>,
}

impl SiteLineCounts {
    /// An empty tally.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts the distinct lines of one document of `site`.
    pub fn observe(&mut self, site: &str, text: &str) {
        *self.docs.entry(site.to_string()).or_default() += 1;
        let per_site = self.counts.entry(site.to_string()).or_default();
        for line in site_lines(text) {
            *per_site.entry(line).or_default() += 1;
        }
    }

    /// Adds a count loaded from storage.
    pub fn add(&mut self, site: &str, folded_line: &str, docs_with_line: u32) {
        *self
            .counts
            .entry(site.to_string())
            .or_default()
            .entry(folded_line.to_string())
            .or_default() += docs_with_line;
    }

    /// Lines seen in at least `min_docs` documents of a site, and in at
    /// least half of that site's observed documents when it has many.
    pub fn learn(&self, min_docs: u32) -> LearnedBoilerplate {
        let mut lines = HashMap::new();
        for (site, per_site) in &self.counts {
            let total = self.docs.get(site).copied().unwrap_or(0);
            let set: HashMap<String, u32> = per_site
                .iter()
                .filter(|(_, &n)| n >= min_docs && (total < 2 * min_docs || n * 2 >= total))
                .map(|(l, &n)| (l.clone(), n))
                .collect();
            if !set.is_empty() {
                lines.insert(site.clone(), set);
            }
        }
        LearnedBoilerplate { lines }
    }
}

/// Lines known to be boilerplate for a site.
#[derive(Debug, Clone, Default)]
pub struct LearnedBoilerplate {
    lines: HashMap<String, HashMap<String, u32>>,
}

impl LearnedBoilerplate {
    /// Why `folded_line` is boilerplate on `site`, if it is.
    pub fn reason(&self, site: &str, folded_line: &str) -> Option<String> {
        let n = self.lines.get(site)?.get(folded_line)?;
        Some(format!("recurs in {n} documents of site `{site}`"))
    }

    /// Number of learned lines over all sites.
    pub fn len(&self) -> usize {
        self.lines.values().map(HashMap::len).sum()
    }

    /// `true` when nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
