//! Passage-level reuse: a paragraph that two documents share nearly
//! verbatim (a wire paragraph pasted into a longer article, a quote block
//! copied from another outlet), so that the count of independent sources can
//! discount copies even when the whole articles are not near-duplicates.
//!
//! Each paragraph becomes its hashed word 8-grams (lower case, punctuation
//! dropped); a bottom-k sketch (the `sketch` smallest hashes) estimates the
//! Jaccard similarity of two paragraphs, and an inverted index from sketch
//! hash to paragraphs finds the candidates, so a new document is compared
//! only with paragraphs that share at least one sampled 8-gram, never with
//! every earlier paragraph. Documents are added one at a time.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};

/// Tuning of [`PassageReuse`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReuseParams {
    /// Words per shingle: 8 words in the same order rarely recur by chance.
    pub shingle_words: usize,
    /// Paragraphs with fewer words are not compared (a dateline, a short
    /// heading, a stock phrase).
    pub min_words: usize,
    /// Hashes kept per paragraph (bottom-k sketch).
    pub sketch: usize,
    /// Estimated Jaccard similarity of the 8-gram sets at which two
    /// paragraphs count as the same passage.
    pub threshold: f64,
    /// Paragraphs kept per hash in the index: the earliest ones, since a
    /// copy is reported against its first sources.
    pub posting_cap: usize,
}

impl Default for ReuseParams {
    fn default() -> Self {
        ReuseParams {
            shingle_words: 8,
            min_words: 15,
            sketch: 16,
            threshold: 0.6,
            posting_cap: 64,
        }
    }
}

/// A paragraph of a new document that an earlier document also has.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SharedPassage {
    /// Index of the paragraph in the new document (from 0).
    pub paragraph: usize,
    /// Its byte span `[start, end)` in the new document's text.
    pub span: (usize, usize),
    /// The earlier document (its index in the order of [`PassageReuse::add`]).
    pub earlier: usize,
    /// The paragraph's index in the earlier document.
    pub earlier_paragraph: usize,
    /// Its byte span in the earlier document's text.
    pub earlier_span: (usize, usize),
    /// Estimated Jaccard similarity of the two paragraphs' 8-gram sets.
    pub similarity: f64,
}

/// One indexed paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Passage {
    doc: u32,
    paragraph: u32,
    span: (usize, usize),
    /// Bottom-k hashes, ascending.
    sketch: Vec<u64>,
}

/// The passage index of a growing corpus. Serialisable, so that it can be
/// stored and extended later.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PassageReuse {
    params: ReuseParams,
    passages: Vec<Passage>,
    /// Sketch hash -> passages holding it (indexes in `passages`).
    index: FxHashMap<u64, Vec<u32>>,
    documents: usize,
}

/// Paragraphs of a text with their byte spans: runs of lines separated by
/// blank lines (the cleaned text's layout), trimmed.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push((s, end));
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            start.get_or_insert(offset + lead);
            end = offset + content.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push((s, end));
    }
    out
}

fn word_hash(word: &str) -> u64 {
    let mut h = FxHasher::default();
    for c in word.chars().flat_map(char::to_lowercase) {
        c.hash(&mut h);
    }
    h.finish()
}

/// Mixes a shingle's word hashes into one well-spread value (the bottom-k
/// sketch needs hashes that look uniform).
fn shingle_hash(words: &[u64]) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    for &w in words {
        h = (h ^ w).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
    }
    h
}

impl PassageReuse {
    /// An empty index.
    pub fn new(params: ReuseParams) -> Self {
        PassageReuse {
            params,
            passages: Vec::new(),
            index: FxHashMap::default(),
            documents: 0,
        }
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.documents
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.documents == 0
    }

    /// The bottom-k sketch of a paragraph, or `None` when it is too short.
    fn sketch(&self, paragraph: &str) -> Option<Vec<u64>> {
        let words: Vec<u64> = paragraph
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(word_hash)
            .collect();
        let n = self.params.shingle_words.max(1);
        if words.len() < self.params.min_words.max(n) {
            return None;
        }
        let mut hashes: Vec<u64> = words.windows(n).map(shingle_hash).collect();
        hashes.sort_unstable();
        hashes.dedup();
        hashes.truncate(self.params.sketch.max(1));
        Some(hashes)
    }

    /// Adds a document's text; returns its paragraphs found in earlier
    /// documents (for each paragraph, the best match per earlier document),
    /// in paragraph order, then earlier document order.
    pub fn add(&mut self, text: &str) -> Vec<SharedPassage> {
        let doc = self.documents as u32;
        self.documents += 1;
        let mut found = Vec::new();
        for (p, span) in paragraphs(text).into_iter().enumerate() {
            let Some(sketch) = text.get(span.0..span.1).and_then(|t| self.sketch(t)) else {
                continue;
            };
            // Best earlier paragraph per earlier document.
            let mut best: FxHashMap<u32, (f64, u32)> = FxHashMap::default();
            for h in &sketch {
                for &q in self.index.get(h).map_or(&[][..], Vec::as_slice) {
                    // A repeat inside the document itself is not reuse.
                    let Some(other) = self.passages.get(q as usize).filter(|o| o.doc != doc) else {
                        continue;
                    };
                    let sim = bottom_k_jaccard(&sketch, &other.sketch, self.params.sketch);
                    let entry = best.entry(other.doc).or_insert((-1.0, q));
                    if sim > entry.0 || (sim == entry.0 && q < entry.1) {
                        *entry = (sim, q);
                    }
                }
            }
            let mut hits: Vec<SharedPassage> = best
                .into_values()
                .filter(|&(sim, _)| sim >= self.params.threshold)
                .filter_map(|(similarity, q)| {
                    let other = self.passages.get(q as usize)?;
                    Some(SharedPassage {
                        paragraph: p,
                        span,
                        earlier: other.doc as usize,
                        earlier_paragraph: other.paragraph as usize,
                        earlier_span: other.span,
                        similarity,
                    })
                })
                .collect();
            hits.sort_by_key(|h| h.earlier);
            found.extend(hits);
            let id = self.passages.len() as u32;
            let cap = self.params.posting_cap.max(1);
            for &h in &sketch {
                let list = self.index.entry(h).or_default();
                if list.len() < cap {
                    list.push(id);
                }
            }
            self.passages.push(Passage {
                doc,
                paragraph: p as u32,
                span,
                sketch,
            });
        }
        found
    }
}

/// Jaccard estimate from two bottom-k sketches (sorted ascending): among
/// the k smallest hashes of the union, the share present in both.
fn bottom_k_jaccard(a: &[u64], b: &[u64], k: usize) -> f64 {
    let (mut i, mut j, mut seen, mut both) = (0, 0, 0usize, 0usize);
    while seen < k && (i < a.len() || j < b.len()) {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), None) => i += 1,
            _ => j += 1,
        }
        seen += 1;
    }
    if seen == 0 {
        0.0
    } else {
        both as f64 / seen as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Les secours ont retrouvé vivant un randonneur disparu depuis trois jours dans le massif, a annoncé dimanche la gendarmerie, qui salue le travail des chiens de recherche et des bénévoles venus en nombre.";
    const OTHER: &str = "Le marché couvert rouvrira ses portes au printemps après deux ans de travaux, avec une trentaine d'étals et un espace réservé aux producteurs de la vallée, a promis la mairie.";
    const LOCAL: &str = "Dans le village, les habitants avaient organisé eux-mêmes des battues le long de la rivière et dans les bois au-dessus du col, sans relâche depuis jeudi soir.";

    #[test]
    fn paragraphs_have_trimmed_spans() {
        let text = "  one two\nthree \n\n\nfour\n";
        let spans = paragraphs(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].0..spans[0].1], "one two\nthree");
        assert_eq!(&text[spans[1].0..spans[1].1], "four");
    }

    #[test]
    fn a_pasted_paragraph_is_found_with_both_spans() {
        let mut r = PassageReuse::new(ReuseParams::default());
        assert!(r.add(&format!("{OTHER}\n\n{WIRE}")).is_empty());
        // The copy drops a word and changes the punctuation.
        let copy = WIRE.replace("en nombre", "nombreux").replace(',', ";");
        let text = format!("{LOCAL}\n\n{copy}");
        let found = r.add(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        let hit = found[0];
        assert_eq!(
            (hit.paragraph, hit.earlier, hit.earlier_paragraph),
            (1, 0, 1)
        );
        assert_eq!(&text[hit.span.0..hit.span.1], copy);
        assert!(hit.similarity >= 0.6, "{hit:?}");
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn unrelated_and_short_paragraphs_are_not_reported() {
        let mut r = PassageReuse::new(ReuseParams::default());
        r.add(&format!("{WIRE}\n\nLire aussi notre dossier."));
        assert!(r.add(&format!("{OTHER}\n\n{LOCAL}")).is_empty());
        // A short shared line is below `min_words`.
        assert!(r.add("Lire aussi notre dossier.").is_empty());
    }

    #[test]
    fn every_earlier_source_is_reported_once() {
        let mut r = PassageReuse::new(ReuseParams::default());
        r.add(WIRE);
        r.add(&format!("{LOCAL}\n\n{WIRE}"));
        let found = r.add(&format!("{WIRE}\n\n{WIRE}"));
        // Two paragraphs, each matching documents 0 and 1.
        let pairs: Vec<(usize, usize)> = found.iter().map(|h| (h.paragraph, h.earlier)).collect();
        assert_eq!(pairs, vec![(0, 0), (0, 1), (1, 0), (1, 1)]);
        assert!(found.iter().all(|h| h.similarity == 1.0));
    }

    #[test]
    fn the_index_round_trips_through_serde() {
        let mut r = PassageReuse::new(ReuseParams::default());
        r.add(WIRE);
        let json = serde_json::to_string(&r).expect("serialise");
        let mut back: PassageReuse = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back.add(WIRE), r.add(WIRE));
    }
}
