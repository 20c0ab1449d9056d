//! Precision, recall and F1.

use serde::{Deserialize, Serialize};

/// Precision, recall and F1, each in `[0, 1]`. In reports it serialises
/// as the three fields `precision`, `recall`, `f1` (flattened into the
/// report where the report names no group).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1: `2PR/(P+R)`, 0 when both are 0.
    pub f1: f64,
}

impl Prf {
    /// From precision and recall; F1 is their harmonic mean.
    pub fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }

    /// From counts: precision `correct / predicted`, recall `correct /
    /// gold`; an empty denominator gives 0.
    pub fn from_counts(correct: usize, predicted: usize, gold: usize) -> Prf {
        Prf::new(ratio(correct, predicted), ratio(correct, gold))
    }

    /// From summed (possibly weighted) numerators and denominators:
    /// precision `hit_p / denom_p`, recall `hit_r / denom_r`; a zero
    /// denominator gives 0.
    pub fn from_sums(hit_p: f64, denom_p: f64, hit_r: f64, denom_r: f64) -> Prf {
        let div = |a: f64, b: f64| if b == 0.0 { 0.0 } else { a / b };
        Prf::new(div(hit_p, denom_p), div(hit_r, denom_r))
    }

    /// The plain mean of each figure over `scores` (P, R and F1 averaged
    /// separately, as macro-averages over tasks are reported); zeros for
    /// none.
    pub fn mean(scores: &[Prf]) -> Prf {
        if scores.is_empty() {
            return Prf::default();
        }
        let n = scores.len() as f64;
        Prf {
            precision: scores.iter().map(|s| s.precision).sum::<f64>() / n,
            recall: scores.iter().map(|s| s.recall).sum::<f64>() / n,
            f1: scores.iter().map(|s| s.f1).sum::<f64>() / n,
        }
    }
}

/// `num / den`, 0 when `den` is 0.
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_is_the_harmonic_mean_and_empty_sides_give_zero() {
        let p = Prf::new(0.4, 0.5);
        assert!((p.f1 - 2.0 * 0.4 * 0.5 / 0.9).abs() < 1e-15);
        assert_eq!(Prf::new(0.0, 0.0), Prf::default());
        assert_eq!(Prf::from_counts(2, 4, 5), Prf::new(0.5, 0.4));
        assert_eq!(Prf::from_counts(0, 0, 0), Prf::default());
        assert_eq!(Prf::from_sums(1.0, 0.0, 1.0, 2.0), Prf::new(0.0, 0.5));
        assert_eq!(ratio(3, 0), 0.0);
    }

    #[test]
    fn mean_averages_each_figure_apart() {
        let m = Prf::mean(&[Prf::new(1.0, 0.0), Prf::new(0.0, 1.0)]);
        assert_eq!((m.precision, m.recall, m.f1), (0.5, 0.5, 0.0));
        assert_eq!(Prf::mean(&[]), Prf::default());
    }

    #[test]
    fn serialises_as_three_fields() {
        let json = serde_json::to_string(&Prf::new(1.0, 0.5)).unwrap_or_default();
        assert!(json.starts_with("{\"precision\":1.0,\"recall\":0.5,\"f1\":0.666"));
    }
}
