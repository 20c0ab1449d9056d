//! A greedy averaged-perceptron sequence tagger over hashed features.
//!
//! Each token gets a BIO label (O, B-PER, I-PER, B-LOC, ...), chosen left
//! to right from features of the token, its neighbours, the two labels
//! before it, the gazetteers and the cue words. Features are hashed into a
//! fixed number of buckets, so the model is a flat table of weights: small
//! on disk (only non-zero buckets are written) and fast to apply.
//!
//! Architecture invariant: the tagger sees tokens, never text offsets or
//! documents; the stage in `lib.rs` maps its labels back to spans.

use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

use crate::gazetteer::Gazetteer;
use crate::EntityError;

/// Entity types, in label order after `O`.
pub const TYPES: &[&str] = &["PER", "LOC", "ORG"];
/// Number of labels: O, then B- and I- for each type.
pub const N_LABELS: usize = 1 + 2 * 3;
/// Feature buckets (a power of two).
const BUCKETS_BITS: u32 = 20;
const BUCKETS: usize = 1 << BUCKETS_BITS;
const MAGIC: &[u8; 8] = b"FRNER001";

/// A label index: 0 is O, 1 + 2t is B-type t, 2 + 2t is I-type t.
pub type Label = usize;

/// The name of a label ("O", "B-PER", ...).
pub fn label_name(l: Label) -> String {
    if l == 0 {
        return "O".into();
    }
    let t = TYPES[(l - 1) / 2];
    if (l - 1).is_multiple_of(2) {
        format!("B-{t}")
    } else {
        format!("I-{t}")
    }
}

/// The label of a name ("B-PER"), if known.
pub fn label_of(name: &str) -> Option<Label> {
    if name == "O" {
        return Some(0);
    }
    let (bi, t) = name.split_once('-')?;
    let ti = TYPES.iter().position(|x| *x == t)?;
    match bi {
        "B" => Some(1 + 2 * ti),
        "I" => Some(2 + 2 * ti),
        _ => None,
    }
}

/// Whether `next` may follow `prev` (I-X only after B-X or I-X).
fn allowed(prev: Label, next: Label) -> bool {
    if next == 0 || (next - 1).is_multiple_of(2) {
        return true;
    }
    prev != 0 && (prev - 1) / 2 == (next - 1) / 2
}

/// A trained model: one weight per (bucket, label).
#[derive(Clone)]
pub struct Model {
    weights: Vec<f32>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nonzero = self.weights.iter().filter(|w| **w != 0.0).count();
        f.debug_struct("Model")
            .field("buckets", &BUCKETS)
            .field("nonzero_weights", &nonzero)
            .finish()
    }
}

/// Lower case of a token, cheaply.
fn lower(t: &str) -> String {
    t.to_lowercase()
}

/// The shape of a token: "Xxxx" -> "Xx", "ABC" -> "X", "12,5" -> "d,d".
fn shape(t: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in t.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if last != Some(k) {
            out.push(k);
            last = Some(k);
        }
    }
    out
}

fn suffix(t: &str, n: usize) -> &str {
    let start = t
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &t[start..]
}

fn prefix(t: &str, n: usize) -> &str {
    let end = t.char_indices().nth(n).map_or(t.len(), |(i, _)| i);
    &t[..end]
}

/// Hashes a feature (template number and its values) into a bucket.
fn bucket(template: u8, parts: &[&str]) -> usize {
    let mut h = FxHasher::default();
    template.hash(&mut h);
    for p in parts {
        p.hash(&mut h);
    }
    (h.finish() as usize) & (BUCKETS - 1)
}

/// Per-sentence data computed once: lower cases, shapes, gazetteer marks.
pub struct Sentence<'a> {
    tokens: &'a [&'a str],
    lowers: Vec<String>,
    shapes: Vec<String>,
    gaz: Vec<Option<(crate::gazetteer::GazetteerKind, bool)>>,
}

impl<'a> Sentence<'a> {
    /// Prepares `tokens` for feature extraction.
    pub fn new(tokens: &'a [&'a str], gazetteer: &Gazetteer) -> Self {
        Sentence {
            tokens,
            lowers: tokens.iter().map(|t| lower(t)).collect(),
            shapes: tokens.iter().map(|t| shape(t)).collect(),
            gaz: gazetteer.mark(tokens),
        }
    }

    fn low(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        self.lowers.get(i as usize).map_or("</s>", String::as_str)
    }

    fn shp(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        self.shapes.get(i as usize).map_or("</s>", String::as_str)
    }

    /// The feature buckets of token `i` given the two labels before it.
    fn features(&self, i: usize, p1: Label, p2: Label, g: &Gazetteer, out: &mut Vec<usize>) {
        out.clear();
        let t = self.tokens[i];
        let ii = i as isize;
        let w = self.low(ii);
        let p1s = label_tag(p1);
        let p2s = label_tag(p2);
        out.push(bucket(0, &[]));
        out.push(bucket(1, &[w]));
        out.push(bucket(2, &[t]));
        out.push(bucket(3, &[self.low(ii - 1)]));
        out.push(bucket(4, &[self.low(ii + 1)]));
        out.push(bucket(5, &[self.low(ii - 2)]));
        out.push(bucket(6, &[self.low(ii + 2)]));
        out.push(bucket(7, &[suffix(w, 2)]));
        out.push(bucket(8, &[suffix(w, 3)]));
        out.push(bucket(9, &[suffix(w, 4)]));
        out.push(bucket(10, &[prefix(w, 2)]));
        out.push(bucket(11, &[prefix(w, 3)]));
        out.push(bucket(12, &[self.shp(ii)]));
        out.push(bucket(13, &[self.shp(ii - 1), self.shp(ii)]));
        out.push(bucket(14, &[self.shp(ii), self.shp(ii + 1)]));
        out.push(bucket(15, &[p1s]));
        out.push(bucket(16, &[p1s, p2s]));
        out.push(bucket(17, &[p1s, w]));
        out.push(bucket(18, &[self.low(ii - 1), w]));
        out.push(bucket(19, &[w, self.low(ii + 1)]));
        if i == 0 {
            out.push(bucket(20, &[self.shp(ii)]));
        }
        const LENGTHS: [&str; 9] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];
        let len = LENGTHS[t.chars().count().min(8)];
        out.push(bucket(21, &[len]));
        for (k, slot) in [(22u8, ii - 1), (23, ii), (24, ii + 1)] {
            if slot >= 0 {
                if let Some(Some((kind, begin))) = self.gaz.get(slot as usize) {
                    out.push(bucket(k, &[kind.tag(), if *begin { "b" } else { "i" }]));
                    out.push(bucket(k + 10, &[kind.tag(), p1s]));
                }
            }
        }
        if g.is_cue(self.low(ii - 1)) {
            out.push(bucket(40, &[self.shp(ii)]));
        }
        if g.is_cue(self.low(ii - 2)) {
            out.push(bucket(41, &[self.shp(ii)]));
        }
        if g.is_org_word(w) {
            out.push(bucket(42, &[self.shp(ii)]));
        }
        if g.is_org_word(self.low(ii - 1)) || g.is_org_word(self.low(ii - 2)) {
            out.push(bucket(43, &[self.shp(ii)]));
        }
        if g.is_loc_word(w) {
            out.push(bucket(44, &[self.shp(ii)]));
        }
        if g.is_loc_word(self.low(ii - 1)) {
            out.push(bucket(45, &[self.shp(ii)]));
        }
    }
}

fn label_tag(l: Label) -> &'static str {
    const NAMES: [&str; N_LABELS] = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"];
    NAMES.get(l).copied().unwrap_or("O")
}

/// The best allowed label after `prev` for a feature set.
fn best(weights: &[f32], feats: &[usize], prev: Label) -> Label {
    let mut s = [0.0f32; N_LABELS];
    for &f in feats {
        let row = &weights[f * N_LABELS..(f + 1) * N_LABELS];
        for (a, b) in s.iter_mut().zip(row) {
            *a += b;
        }
    }
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (l, v) in s.iter().enumerate() {
        if allowed(prev, l) && *v > best_score {
            best = l;
            best_score = *v;
        }
    }
    best
}

impl Model {
    /// Labels a sentence.
    pub fn tag(&self, tokens: &[&str], g: &Gazetteer) -> Vec<Label> {
        let sent = Sentence::new(tokens, g);
        let mut out = Vec::with_capacity(tokens.len());
        let mut feats = Vec::with_capacity(48);
        let (mut p1, mut p2) = (0, 0);
        for i in 0..tokens.len() {
            sent.features(i, p1, p2, g, &mut feats);
            let l = best(&self.weights, &feats, p1);
            out.push(l);
            p2 = p1;
            p1 = l;
        }
        out
    }

    /// Trains on labelled sentences, `epochs` passes in a fixed order that
    /// changes each pass (deterministic: same data, same model).
    pub fn train(data: &[(Vec<String>, Vec<Label>)], epochs: usize, g: &Gazetteer) -> Model {
        let mut w = vec![0.0f32; BUCKETS * N_LABELS];
        // Averaging: totals of weight * time, and the time of last change.
        let mut total = vec![0.0f64; BUCKETS * N_LABELS];
        let mut stamp = vec![0u64; BUCKETS * N_LABELS];
        let mut now: u64 = 0;
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut feats = Vec::with_capacity(48);
        let mut update = |w: &mut Vec<f32>, idx: usize, delta: f32, now: u64| {
            total[idx] += f64::from(w[idx]) * (now - stamp[idx]) as f64;
            stamp[idx] = now;
            w[idx] += delta;
        };
        for epoch in 0..epochs {
            // A deterministic shuffle.
            let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ epoch as u64;
            for k in (1..order.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                order.swap(k, (state % (k as u64 + 1)) as usize);
            }
            for &s in &order {
                let (tokens, gold) = &data[s];
                if tokens.len() != gold.len() {
                    continue;
                }
                let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
                let sent = Sentence::new(&refs, g);
                let (mut p1, mut p2) = (0, 0);
                for (i, &truth) in gold.iter().enumerate() {
                    now += 1;
                    sent.features(i, p1, p2, g, &mut feats);
                    let guess = best(&w, &feats, p1);
                    if guess != truth {
                        for &f in &feats {
                            update(&mut w, f * N_LABELS + truth, 1.0, now);
                            update(&mut w, f * N_LABELS + guess, -1.0, now);
                        }
                    }
                    // Teacher forcing: the next token sees the gold labels.
                    p2 = p1;
                    p1 = truth;
                }
            }
        }
        now += 1;
        let averaged = w
            .iter()
            .enumerate()
            .map(|(idx, v)| {
                let t = total[idx] + f64::from(*v) * (now - stamp[idx]) as f64;
                (t / now as f64) as f32
            })
            .collect();
        Model { weights: averaged }
    }

    /// The model file: magic, bucket bits, then each non-zero bucket as a
    /// u32 index and its weights as little-endian i16 in units of `scale`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self
            .weights
            .iter()
            .fold(0.0f32, |m, w| m.max(w.abs()))
            .max(f32::MIN_POSITIVE);
        let scale = max / f32::from(i16::MAX);
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&BUCKETS_BITS.to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for (b, row) in self.weights.chunks(N_LABELS).enumerate() {
            let q: Vec<i16> = row.iter().map(|w| (w / scale).round() as i16).collect();
            if q.iter().all(|x| *x == 0) {
                continue;
            }
            out.extend_from_slice(&(b as u32).to_le_bytes());
            for x in q {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model file written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, EntityError> {
        let bad = |m: &str| EntityError::Model(m.to_string());
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(bad("not a filrouge NER model (bad magic)"));
        }
        let bits = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        if bits != BUCKETS_BITS {
            return Err(bad("model built with another bucket count"));
        }
        let scale = f32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
        let mut weights = vec![0.0f32; BUCKETS * N_LABELS];
        let row = 4 + 2 * N_LABELS;
        let body = &bytes[16..];
        if !body.len().is_multiple_of(row) {
            return Err(bad("truncated model file"));
        }
        for chunk in body.chunks(row) {
            let b = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) as usize;
            if b >= BUCKETS {
                return Err(bad("bucket out of range"));
            }
            for l in 0..N_LABELS {
                let q = i16::from_le_bytes([chunk[4 + 2 * l], chunk[5 + 2 * l]]);
                weights[b * N_LABELS + l] = f32::from(q) * scale;
            }
        }
        Ok(Model { weights })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(words: &str, labels: &str) -> (Vec<String>, Vec<Label>) {
        (
            words.split(' ').map(str::to_string).collect(),
            labels
                .split(' ')
                .map(|l| label_of(l).expect("label"))
                .collect(),
        )
    }

    #[test]
    fn labels_round_trip_and_constraints_hold() {
        for l in 0..N_LABELS {
            assert_eq!(label_of(&label_name(l)), Some(l));
        }
        assert!(!allowed(0, 2));
        assert!(allowed(1, 2));
        assert!(!allowed(3, 2));
    }

    #[test]
    fn learns_a_toy_pattern_and_round_trips_through_bytes() {
        let g = Gazetteer::bundled();
        let data = vec![
            sent("M. Durand est arrivé à Lyon .", "O B-PER O O O B-LOC O"),
            sent("Mme Leroy a quitté Nantes hier .", "O B-PER O O B-LOC O O"),
            sent("M. Martin parle au Sénat .", "O B-PER O O B-ORG O"),
            sent(
                "Le maire de Rennes , M. Petit , parle .",
                "O O O B-LOC O O B-PER O O O",
            ),
        ];
        let model = Model::train(&data, 10, g);
        let tokens = ["M.", "Garnier", "est", "à", "Lyon", "."];
        let got = model.tag(&tokens, g);
        assert_eq!(got[1], label_of("B-PER").expect("label"));
        assert_eq!(got[4], label_of("B-LOC").expect("label"));
        let back = Model::from_bytes(&model.to_bytes()).expect("reads");
        assert_eq!(back.tag(&tokens, g), got);
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}
