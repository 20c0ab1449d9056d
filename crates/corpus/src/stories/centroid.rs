//! Story centroids and the vector arithmetic of similarity.

use serde::{Deserialize, Serialize};

/// A story's centroid over one language's terms (or over its entities).
///
/// Each entry caches its TF-IDF as of the story's last article, so that
/// comparing an article with a candidate reads only the centroid: looking up
/// the feature table (millions of entries, out of cache) for every term of
/// every candidate is what dominated the time at a million articles. IDF
/// thus refreshes whenever the story takes an article.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(super) struct Centroid {
    /// Index in `Stories::langs`, or `ENTITY_LANG`.
    pub(super) lang: u16,
    /// `(feature, summed normalised log count, cached TF-IDF)`, sorted by
    /// feature.
    pub(super) entries: Vec<(u32, f32, f32)>,
    /// L2 norm of the cached TF-IDF values.
    pub(super) norm: f32,
}

/// A weighted, L2-normalised article vector: `(feature index, weight)`
/// sorted by feature index.
pub(super) type Vector = Vec<(u32, f32)>;

/// Scales a vector to unit length (an empty or zero vector stays as is).
pub(super) fn normalise(v: &mut [(u32, f32)]) {
    let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// Cosine between a centroid (its cached TF-IDF) and a normalised vector,
/// with the number of features both weigh; `None` for an empty centroid.
pub(super) fn cosine(centroid: &Centroid, v: &Vector) -> Option<(f64, usize)> {
    if centroid.norm <= 0.0 {
        return None;
    }
    let mut dot = 0.0f64;
    let mut shared = 0;
    let mut j = 0;
    for &(f, _, c) in &centroid.entries {
        while j < v.len() && v[j].0 < f {
            j += 1;
        }
        match v.get(j) {
            Some(&(g, a)) if g == f => {
                dot += f64::from(c) * f64::from(a);
                if c > 0.0 && a > 0.0 {
                    shared += 1;
                }
            }
            Some(_) => {}
            None => break,
        }
    }
    Some((dot / f64::from(centroid.norm), shared))
}

/// Adds an article's log counts, normalised so that a long article weighs
/// as much as a short one, into centroid entries (both sorted by feature;
/// new entries get their TF-IDF at the next refresh).
pub(super) fn merge_into(centroid: &mut Vec<(u32, f32, f32)>, raw: &[(u32, f32)]) {
    let norm = raw.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm <= 0.0 {
        return;
    }
    let mut merged = Vec::with_capacity(centroid.len() + raw.len());
    let (mut i, mut j) = (0, 0);
    while i < centroid.len() || j < raw.len() {
        match (centroid.get(i), raw.get(j)) {
            (Some(&(f, w, c)), Some(&(g, x))) if f == g => {
                merged.push((f, w + x / norm, c));
                i += 1;
                j += 1;
            }
            (Some(&e), Some(&(g, _))) if e.0 < g => {
                merged.push(e);
                i += 1;
            }
            (Some(&e), None) => {
                merged.push(e);
                i += 1;
            }
            (_, Some(&(g, x))) => {
                merged.push((g, x / norm, 0.0));
                j += 1;
            }
            (None, None) => break,
        }
    }
    *centroid = merged;
}
