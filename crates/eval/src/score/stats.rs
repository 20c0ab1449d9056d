//! Statistics helpers: compensated means, sample standard deviations and a
//! small deterministic random generator.

/// Arithmetic mean with Neumaier compensated summation; 0 when empty.
pub fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut comp, mut n) = (0.0f64, 0.0f64, 0usize);
    for v in values {
        let t = sum + v;
        if sum.abs() >= v.abs() {
            comp += (sum - t) + v;
        } else {
            comp += (v - t) + sum;
        }
        sum = t;
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        (sum + comp) / n as f64
    }
}

/// Sample standard deviation (divisor `n − 1`); 0 for fewer than 2 values.
pub fn sample_std(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let m = mean(values.iter().copied());
    let ss: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
    (ss / (values.len() - 1) as f64).sqrt()
}

/// The `SplitMix64` generator: a fixed sequence of 64-bit values from a
/// seed, the same on every run and every machine.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// The increment `SplitMix64` adds at each step (also a good seed).
    pub const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

    /// A generator whose first step starts from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(Self::GAMMA);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_and_deviations() {
        assert_eq!(mean([1.0, 2.0, 3.0].into_iter()), 2.0);
        assert_eq!(mean(std::iter::empty()), 0.0);
        // Compensated: the small terms are not lost next to the large one.
        assert_eq!(mean([1e16, 1.0, 1.0, -1e16].into_iter()), 0.5);
        assert_eq!(sample_std(&[2.0]), 0.0);
        assert!((sample_std(&[1.0, 2.0, 3.0]) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn splitmix_is_the_reference_sequence() {
        // The first values of SplitMix64 seeded with 0 (Vigna's reference).
        let mut g = SplitMix64::new(0);
        assert_eq!(g.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(g.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
