//! Whole-article near-duplicates.
//!
//! Each text becomes the set of its word 3-grams (lower case, accents kept,
//! punctuation dropped); a MinHash signature of 128 values (gaoya, fixed
//! seed: same text, same signature) estimates the Jaccard similarity of two
//! sets, and LSH bands chosen for the threshold find the candidates without
//! comparing every pair. Adding a text returns the earlier texts it nearly
//! duplicates, so a corpus can grow one article at a time.

use std::collections::hash_map::DefaultHasher;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use gaoya::minhash::{calculate_minhash_params, MinHasher, MinHasher32};
use rustc_hash::{FxHashMap, FxHasher};

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
/// Earlier texts looked at per band bucket, most recent first: a bucket
/// shared by thousands of texts (an empty page, a stock notice) would
/// otherwise make each addition linear in the corpus.
const MAX_BUCKET_WALK: usize = 64;
/// End of a bucket chain.
const NONE: u32 = u32::MAX;

/// An earlier text that a new one nearly duplicates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duplicate {
    /// Its index (the order texts were added in).
    pub earlier: usize,
    /// Estimated Jaccard similarity of the two shingle sets.
    pub similarity: f64,
}

/// A stored signature that does not fit the index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("signature {index} has {found} values, the index expects {expected}")]
pub struct SignatureError {
    /// Position of the signature in the list given.
    pub index: usize,
    /// Its length.
    pub found: usize,
    /// The length [`NearDuplicates::signature`] produces at this threshold.
    pub expected: usize,
}

/// The near-duplicate index of a growing corpus.
///
/// Its whole state is the threshold and the signatures in order
/// ([`NearDuplicates::signatures`]): [`NearDuplicates::from_signatures`]
/// rebuilds it from stored signatures, without the texts.
pub struct NearDuplicates {
    hasher: MinHasher32<StableHasher>,
    bands: usize,
    width: usize,
    /// Signatures of every text, back to back (`bands * width` values each):
    /// one allocation instead of one per text.
    signatures: Vec<u32>,
    /// Per band: 32-bit band hash -> the latest text in that bucket. A
    /// truncated hash only adds rare candidates, which the full signature
    /// comparison then rejects.
    buckets: Vec<FxHashMap<u32, u32>>,
    /// Per text and band (text * bands + band): the previous text in the
    /// same bucket, or `NONE`.
    chains: Vec<u32>,
    threshold: f64,
}

impl std::fmt::Debug for NearDuplicates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NearDuplicates")
            .field("texts", &self.len())
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

/// Share of equal positions of two signatures: the MinHash estimate of the
/// Jaccard similarity.
fn similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / a.len() as f64
}

impl NearDuplicates {
    /// An empty index reporting pairs of estimated similarity at least
    /// `threshold` (0 to 1; 0.5 catches republications with edits).
    pub fn new(threshold: f64) -> Self {
        let threshold = threshold.clamp(0.05, 0.99);
        let (bands, width) = calculate_minhash_params(threshold, NUM_HASHES);
        let (bands, width) = (bands.max(1), width.max(1));
        NearDuplicates {
            hasher: MinHasher32::new_with_hasher_and_seed(
                bands * width,
                StableHasher::default(),
                SEED,
            ),
            bands,
            width,
            signatures: Vec::new(),
            buckets: vec![FxHashMap::default(); bands],
            chains: Vec::new(),
            threshold,
        }
    }

    /// Rebuilds an index from the signatures of its texts, in the order they
    /// were added (as [`NearDuplicates::signatures`] gave them).
    pub fn from_signatures<I, S>(threshold: f64, signatures: I) -> Result<Self, SignatureError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u32]>,
    {
        let mut index = NearDuplicates::new(threshold);
        let expected = index.signature_len();
        for (i, s) in signatures.into_iter().enumerate() {
            let s = s.as_ref();
            if s.len() != expected {
                return Err(SignatureError {
                    index: i,
                    found: s.len(),
                    expected,
                });
            }
            index.insert(s);
        }
        Ok(index)
    }

    /// Values per signature.
    pub fn signature_len(&self) -> usize {
        self.bands * self.width
    }

    /// The MinHash signature of a text. A pure function of the text and the
    /// threshold (the same on every run and machine), so signatures can be
    /// computed in parallel and stored.
    pub fn signature(&self, text: &str) -> Vec<u32> {
        self.hasher.create_signature(shingles(text).iter())
    }

    /// Adds a text; returns the earlier texts it nearly duplicates, most
    /// similar first.
    pub fn add(&mut self, text: &str) -> Vec<Duplicate> {
        let signature = self.signature(text);
        self.add_signature(&signature)
    }

    /// Adds a text by its signature (from [`NearDuplicates::signature`]);
    /// returns the earlier texts it nearly duplicates, most similar first.
    /// A signature of the wrong length matches nothing and is stored as a
    /// text that matches nothing either.
    pub fn add_signature(&mut self, signature: &[u32]) -> Vec<Duplicate> {
        let mut found = Vec::new();
        if signature.len() == self.signature_len() {
            let mut candidates = Vec::new();
            for (band, keys) in self.buckets.iter().enumerate() {
                let mut at = keys
                    .get(&self.band_key(signature, band))
                    .copied()
                    .unwrap_or(NONE);
                for _ in 0..MAX_BUCKET_WALK {
                    if at == NONE {
                        break;
                    }
                    candidates.push(at);
                    at = self
                        .chains
                        .get(at as usize * self.bands + band)
                        .copied()
                        .unwrap_or(NONE);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for earlier in candidates {
                let similarity = similarity(signature, self.signature_of(earlier as usize));
                if similarity >= self.threshold {
                    found.push(Duplicate {
                        earlier: earlier as usize,
                        similarity,
                    });
                }
            }
            found.sort_by(|a, b| {
                b.similarity
                    .total_cmp(&a.similarity)
                    .then(a.earlier.cmp(&b.earlier))
            });
        }
        let mut stored = signature.to_vec();
        stored.resize(self.signature_len(), NONE);
        if signature.len() != self.signature_len() {
            // Stored so that text numbers stay aligned; never indexed.
            self.signatures.extend_from_slice(&stored);
            self.chains.extend(std::iter::repeat_n(NONE, self.bands));
        } else {
            self.insert(&stored);
        }
        found
    }

    /// Stores and indexes a signature of the right length.
    fn insert(&mut self, signature: &[u32]) {
        let id = self.len() as u32;
        for band in 0..self.bands {
            let key = self.band_key(signature, band);
            let previous = self
                .buckets
                .get_mut(band)
                .and_then(|b| b.insert(key, id))
                .unwrap_or(NONE);
            self.chains.push(previous);
        }
        self.signatures.extend_from_slice(signature);
    }

    /// The 32-bit bucket key of one band of a signature.
    fn band_key(&self, signature: &[u32], band: usize) -> u32 {
        let mut h = FxHasher::default();
        band.hash(&mut h);
        let start = band * self.width;
        signature
            .get(start..start + self.width)
            .unwrap_or(&[])
            .hash(&mut h);
        let h = h.finish();
        (h ^ (h >> 32)) as u32
    }

    /// The stored signature of text `i`.
    fn signature_of(&self, i: usize) -> &[u32] {
        let n = self.signature_len();
        self.signatures.get(i * n..(i + 1) * n).unwrap_or(&[])
    }

    /// The signatures of every text, in the order they were added: what to
    /// store to rebuild the index with [`NearDuplicates::from_signatures`].
    pub fn signatures(&self) -> impl Iterator<Item = &[u32]> {
        self.signatures.chunks(self.signature_len().max(1))
    }

    /// The similarity threshold in use (after clamping to 0.05..0.99).
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Number of texts added.
    pub fn len(&self) -> usize {
        self.signatures.len() / self.signature_len().max(1)
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

    #[test]
    fn an_index_rebuilt_from_signatures_answers_like_the_live_one() {
        let mut live = NearDuplicates::new(0.5);
        live.add(STORY);
        live.add("Le conseil municipal a voté le budget de la piscine et des écoles.");
        let stored: Vec<Vec<u32>> = live.signatures().map(<[u32]>::to_vec).collect();
        let mut rebuilt = NearDuplicates::from_signatures(0.5, &stored).expect("rebuild");
        assert_eq!(rebuilt.len(), 2);
        let edited = STORY.replace("mardi soir", "lundi");
        assert_eq!(rebuilt.add(&edited), live.add(&edited));
        assert_eq!(rebuilt.add(&edited)[0].earlier, 2);
        let err = NearDuplicates::from_signatures(0.5, [vec![1u32, 2]]).expect_err("short");
        assert_eq!((err.index, err.found), (0, 2));
    }

    #[test]
    fn exact_copies_are_all_found_and_a_bad_signature_matches_nothing() {
        let mut d = NearDuplicates::new(0.8);
        for _ in 0..5 {
            d.add(STORY);
        }
        let found = d.add(STORY);
        assert_eq!(
            found.iter().map(|x| x.earlier).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert!(found.iter().all(|x| x.similarity == 1.0));
        assert!(d.add_signature(&[1, 2, 3]).is_empty());
        assert_eq!(d.len(), 7);
        assert_eq!(d.add(STORY).len(), 6);
    }
}
