//! B-cubed precision and recall of a clustering against gold groups
//! (Bagga and Baldwin 1998): for each item, the share of its cluster that
//! is in its gold group (precision) and the share of its gold group that
//! is in its cluster (recall), averaged over items.

use std::collections::HashMap;
use std::hash::Hash;

use super::Prf;

/// B-cubed precision and recall of `items`, each `(gold group, system
/// cluster)`, averaged over the items; zeros for none.
pub fn bcubed<G, S>(items: &[(G, S)]) -> Prf
where
    G: Eq + Hash,
    S: Eq + Hash,
{
    let mut in_group: HashMap<&G, usize> = HashMap::new();
    let mut in_cluster: HashMap<&S, usize> = HashMap::new();
    let mut in_both: HashMap<(&G, &S), usize> = HashMap::new();
    for (g, s) in items {
        *in_group.entry(g).or_default() += 1;
        *in_cluster.entry(s).or_default() += 1;
        *in_both.entry((g, s)).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (g, s) in items {
        let shared = in_both.get(&(g, s)).copied().unwrap_or(0) as f64;
        precision += shared / in_cluster.get(s).copied().unwrap_or(1).max(1) as f64;
        recall += shared / in_group.get(g).copied().unwrap_or(1).max(1) as f64;
    }
    let n = items.len() as f64;
    Prf::from_sums(precision, n, recall, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_clusters_score_one_and_merges_cost_precision() {
        assert_eq!(bcubed(&[(0, 'a'), (0, 'a'), (1, 'b')]), Prf::new(1.0, 1.0));
        let merged = bcubed(&[(0, 'a'), (1, 'a')]);
        assert!((merged.precision - 0.5).abs() < 1e-12 && merged.recall == 1.0);
        let split = bcubed(&[(0, 'a'), (0, 'b')]);
        assert!(split.precision == 1.0 && (split.recall - 0.5).abs() < 1e-12);
        assert_eq!(bcubed::<u8, u8>(&[]), Prf::default());
    }
}
