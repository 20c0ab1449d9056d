//! Whole-article near-duplicates.
//!
//! Each text becomes the set of its word 3-grams (lower case, accents kept,
//! punctuation dropped); a MinHash signature of 128 values (gaoya, fixed
//! seed: same text, same signature) estimates the Jaccard similarity of two
//! sets, and LSH bands chosen for the threshold find the candidates without
//! comparing every pair. Adding a text returns the earlier texts it nearly
//! duplicates, so a corpus can grow one article at a time.

use std::collections::hash_map::DefaultHasher;
use std::hash::BuildHasherDefault;

use gaoya::minhash::{
    calculate_minhash_params, compute_minhash_similarity, MinHashIndex, MinHasher, MinHasher32,
};

/// The std hasher with its fixed keys: signatures do not change from run to
/// run or machine to machine.
type StableHasher = BuildHasherDefault<DefaultHasher>;
/// Seed of the MinHash permutations.
const SEED: u64 = 3;

/// Signature length aimed at (the LSH bands round it down): more values, a
/// finer similarity estimate.
const NUM_HASHES: usize = 128;
/// Words per shingle.
const SHINGLE_WORDS: usize = 3;

/// An earlier text that a new one nearly duplicates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duplicate {
    /// Its index (the order texts were added in).
    pub earlier: usize,
    /// Estimated Jaccard similarity of the two shingle sets.
    pub similarity: f64,
}

/// The near-duplicate index of a growing corpus.
pub struct NearDuplicates {
    hasher: MinHasher32<StableHasher>,
    index: MinHashIndex<u32, usize>,
    signatures: Vec<Vec<u32>>,
    threshold: f64,
}

impl std::fmt::Debug for NearDuplicates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NearDuplicates")
            .field("texts", &self.signatures.len())
            .field("threshold", &self.threshold)
            .finish()
    }
}

/// Word 3-grams of a text.
fn shingles(text: &str) -> Vec<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < SHINGLE_WORDS {
        return vec![words.join(" ")];
    }
    words.windows(SHINGLE_WORDS).map(|w| w.join(" ")).collect()
}

impl NearDuplicates {
    /// An empty index reporting pairs of estimated similarity at least
    /// `threshold` (0 to 1; 0.5 catches republications with edits).
    pub fn new(threshold: f64) -> Self {
        let threshold = threshold.clamp(0.05, 0.99);
        let (bands, width) = calculate_minhash_params(threshold, NUM_HASHES);
        // The index needs signatures of exactly bands x width values.
        let hashes = (bands * width).max(1);
        NearDuplicates {
            hasher: MinHasher32::new_with_hasher_and_seed(hashes, StableHasher::default(), SEED),
            index: MinHashIndex::new(bands, width, threshold),
            signatures: Vec::new(),
            threshold,
        }
    }

    /// Adds a text; returns the earlier texts it nearly duplicates, most
    /// similar first.
    pub fn add(&mut self, text: &str) -> Vec<Duplicate> {
        let signature = self.hasher.create_signature(shingles(text).iter());
        let mut found: Vec<Duplicate> = self
            .index
            .query(&signature)
            .into_iter()
            .filter_map(|&earlier| {
                let similarity =
                    compute_minhash_similarity(&signature, self.signatures.get(earlier)?);
                (similarity >= self.threshold).then_some(Duplicate {
                    earlier,
                    similarity,
                })
            })
            .collect();
        found.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(a.earlier.cmp(&b.earlier))
        });
        let id = self.signatures.len();
        self.index.insert(id, signature.clone());
        self.signatures.push(signature);
        found
    }

    /// Number of texts added.
    pub fn len(&self) -> usize {
        self.signatures.len()
    }

    /// Whether no text was added.
    pub fn is_empty(&self) -> bool {
        self.signatures.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "La préfète a signé mardi soir un arrêté qui suspend deux lignes de production de l'usine, en attendant un audit de sécurité complet. Les salariés concernés seront reclassés sur les autres lignes, a précisé la direction, qui conteste la décision devant le tribunal administratif.";

    #[test]
    fn a_republication_with_edits_is_found_and_an_unrelated_text_is_not() {
        let mut d = NearDuplicates::new(0.5);
        assert!(d.add(STORY).is_empty());
        assert!(d
            .add("Le conseil municipal a voté le budget de la piscine et des écoles pour l'an prochain, après trois heures de débat.")
            .is_empty());
        let edited =
            STORY.replace("mardi soir", "mardi") + " Le syndicat appelle à un rassemblement jeudi.";
        let found = d.add(&edited);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].earlier, 0);
        assert!(found[0].similarity > 0.6, "{found:?}");
        assert_eq!(d.len(), 3);
    }

    #[test]
    fn signatures_are_deterministic() {
        let mut a = NearDuplicates::new(0.5);
        let mut b = NearDuplicates::new(0.5);
        a.add(STORY);
        b.add(STORY);
        assert_eq!(a.signatures, b.signatures);
    }
}
