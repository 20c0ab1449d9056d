//! The extractive summary of an event: a few of its sources' sentences.

use filrouge_model::Span;

use crate::text::Bag;

/// Chooses up to `n` sentences: central to the event's words, not
/// redundant with those already chosen (maximal marginal relevance), one
/// copy of a sentence at most; in source order.
pub(super) fn summarise(
    candidates: &[(usize, Span, String)],
    n: usize,
    focus: Option<&Bag>,
) -> Vec<String> {
    const LAMBDA: f64 = 0.7;
    // A timeline about one entity tells its part: sentences naming it first.
    const FOCUS_BONUS: f64 = 0.3;
    let bags: Vec<Bag> = candidates.iter().map(|c| Bag::of(&c.2)).collect();
    let mut centroid = Bag::default();
    for b in &bags {
        centroid.extend(b);
    }
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < n {
        let mut best: Option<(f64, usize)> = None;
        for (i, b) in bags.iter().enumerate() {
            if chosen.contains(&i) {
                continue;
            }
            let redundancy = chosen
                .iter()
                .map(|&j| b.cosine(&bags[j]))
                .fold(0.0, f64::max);
            if redundancy > 0.6 {
                continue;
            }
            // Early sentences say what happened; later ones add detail.
            let position = 1.0 / (1.0 + i as f64 * 0.05);
            let focused = focus.is_some_and(|f| b.contains_all(f));
            let score = LAMBDA * b.cosine(&centroid) * position - (1.0 - LAMBDA) * redundancy
                + if focused { FOCUS_BONUS } else { 0.0 };
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
        match best {
            Some((_, i)) => chosen.push(i),
            None => break,
        }
    }
    chosen.sort();
    chosen
        .into_iter()
        .map(|i| candidates[i].2.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entity_timeline_tells_the_entity_s_part() {
        let c = |t: &str| (0, Span::new(0, 1), t.to_string());
        let candidates = [
            c("Les ministres européens ont signé l'accord sur le climat à Genève."),
            c("L'accord climat de Genève engage les ministres européens."),
            c("Pour Lyon, l'accord ouvre des crédits pour le tramway."),
        ];
        let focus = Bag::of("Lyon");
        let chosen = summarise(&candidates, 1, Some(&focus));
        assert_eq!(chosen, [candidates[2].2.clone()]);
        let plain = summarise(&candidates, 1, None);
        assert_ne!(plain, chosen);
    }

    #[test]
    fn the_summary_avoids_repeating_itself() {
        let c = |t: &str| (0, Span::new(0, 1), t.to_string());
        let chosen = summarise(
            &[
                c("Les ministres ont signé l'accord sur le climat à Genève."),
                c("Les ministres ont signé l'accord sur le climat à Genève hier."),
                c("L'accord prévoit une baisse des émissions de moitié."),
            ],
            2,
            None,
        );
        assert_eq!(chosen.len(), 2);
        assert!(chosen[1].contains("baisse"), "{chosen:?}");
    }
}
