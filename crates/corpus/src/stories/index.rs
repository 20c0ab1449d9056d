//! The feature table and the inverted index of [`Stories`]: features
//! interned with their document frequencies, article vectors weighted by
//! IDF, and candidate stories found through the features they share.

use super::centroid::{normalise, Vector};
use super::features::{name_of, Feature};
use super::posting::Posting;
use super::{FeatureInfo, Stories, ENTITY_LANG};

impl Stories {
    /// Smoothed inverse document frequency of a feature, from the current
    /// counts.
    /// `ln_n` is [`Stories::ln_n`], computed once by callers that loop.
    pub(super) fn idf(&self, ln_n: f32, feature: u32) -> f32 {
        let ln_df = self.info.get(feature as usize).map_or(0.0, |i| i.ln_df);
        ln_n - ln_df + 1.0
    }

    /// `ln(1 + articles)`, the other half of [`Stories::idf`].
    pub(super) fn ln_n(&self) -> f32 {
        (1.0 + self.assigned.len() as f32 + self.ahead as f32).ln()
    }

    /// Articles a feature was seen in.
    pub(super) fn df(&self, feature: u32) -> u32 {
        self.info.get(feature as usize).map_or(0, |i| i.df)
    }

    /// The readable form of a feature.
    pub(super) fn name(&self, feature: u32) -> &str {
        let i = feature as usize;
        let start = match i.checked_sub(1) {
            Some(p) => self.name_ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.name_ends.get(i).copied().unwrap_or(start);
        self.names.get(start as usize..end as usize).unwrap_or("")
    }

    /// The index of a language code, added when new.
    pub(super) fn lang_index(&mut self, lang: &str) -> u16 {
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

    /// Interns features, counting one more document for each when `count`
    /// (not when counted ahead); returns `(feature index, log count)`
    /// sorted by index.
    pub(super) fn intern(
        &mut self,
        features: &[Feature],
        names: &str,
        lang: u16,
        count: bool,
    ) -> Vec<(u32, f32)> {
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
                if let Some(info) = self.info.get_mut(i as usize).filter(|_| count) {
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
    pub(super) fn weigh(&self, raw: &[(u32, f32)]) -> Vector {
        let ln_n = self.ln_n();
        let mut v: Vector = raw
            .iter()
            .map(|&(f, w)| (f, w * self.idf(ln_n, f)))
            .collect();
        normalise(&mut v);
        v
    }

    /// The features of `v` seen in `min_df` articles, with their weights
    /// in the whole article: the others match nothing, yet still count in
    /// its length (normalised again, two articles whose only shared words
    /// are those of their genre would look alike).
    pub(super) fn discriminative(&self, v: &Vector) -> Vector {
        let min = self.params.min_df;
        v.iter()
            .copied()
            .filter(|&(f, _)| self.df(f) >= min)
            .collect()
    }

    /// The article's strongest terms and entities, with their weights.
    pub(super) fn probes(&self, terms: &Vector, entities: &Vector) -> Vec<(u32, f32)> {
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
    pub(super) fn candidates(&mut self, probes: &[(u32, f32)]) -> Vec<u32> {
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

    /// Indexes story `s` under feature `f`, as the most recent entry.
    pub(super) fn post(&mut self, f: u32, s: u32) {
        let cap = self.params.posting_cap.max(1);
        if let Some(list) = self.postings.get_mut(f as usize) {
            list.touch(s, cap);
        }
    }
}
