//! Entity-level exact-match scoring (CoNLL style): a predicted entity is
//! correct when a gold entity of the same document has the same start,
//! end and label. Counts per type over [`NER_LABELS`] (PER, LOC, ORG) and
//! micro-averaged over the three. [`MISC_LABEL`] is scored on its own line
//! ([`NerReport::misc`]) and never enters the micro average, so adding MISC
//! to a tagger or a gold file leaves the PER/LOC/ORG figures as they were.
//! Predicted labels outside the four are ignored and counted apart.
//! Duplicate predictions count once. Empty denominators give 0.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::formats::entities::{EntitySpan, NerDocument, MISC_LABEL, NER_LABELS};
use crate::score::Prf;

/// Counts and figures for one entity type (or the micro average).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TypeScore {
    /// `PER`, `LOC`, `ORG`, `MISC`, or `micro`.
    pub label: String,
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities (distinct spans).
    pub predicted: usize,
    /// Predicted entities matching a gold one exactly (start, end, label).
    pub correct: usize,
    /// correct / predicted, correct / gold, and their F1 (0 for an empty
    /// denominator); serialised as `precision`, `recall`, `f1`.
    #[serde(flatten)]
    pub prf: Prf,
}

impl TypeScore {
    fn from_counts(label: &str, gold: usize, predicted: usize, correct: usize) -> TypeScore {
        TypeScore {
            label: label.to_string(),
            gold,
            predicted,
            correct,
            prf: Prf::from_counts(correct, predicted, gold),
        }
    }
}

/// The figures of one scoring run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NerReport {
    /// Documents scored.
    pub documents: usize,
    /// Tokens in them.
    pub tokens: usize,
    /// One entry per type of [`NER_LABELS`], in that order.
    pub per_type: Vec<TypeScore>,
    /// Counts summed over the three types, and their figures.
    pub micro: TypeScore,
    /// Unweighted mean of the three per-type F1.
    pub macro_f1: f64,
    /// MISC, scored on its own (not in `micro` or `macro_f1`).
    #[serde(default)]
    pub misc: TypeScore,
    /// Predicted spans with a label outside [`NER_LABELS`] and MISC, not
    /// scored.
    pub ignored_predicted: usize,
}

impl fmt::Display for NerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} documents, {} tokens; exact-span match",
            self.documents, self.tokens
        )?;
        writeln!(
            f,
            "{:<6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            "type", "gold", "pred", "ok", "P", "R", "F1"
        )?;
        for s in self.per_type.iter().chain(std::iter::once(&self.micro)) {
            writeln!(
                f,
                "{:<6} {:>6} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}",
                s.label, s.gold, s.predicted, s.correct, s.prf.precision, s.prf.recall, s.prf.f1
            )?;
        }
        let m = &self.misc;
        writeln!(
            f,
            "{:<6} {:>6} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}  (not in micro)",
            m.label, m.gold, m.predicted, m.correct, m.prf.precision, m.prf.recall, m.prf.f1
        )?;
        write!(
            f,
            "macro F1 {:.3}; {} predicted spans of other types ignored",
            self.macro_f1, self.ignored_predicted
        )
    }
}

/// Scores predictions against gold documents: `predicted[i]` are the
/// entities predicted for `gold[i]` (a missing entry counts as no
/// prediction; entries past `gold.len()` are ignored — use
/// [`crate::formats::ner_jsonl::align_predictions`] to get a checked, lined-up vector).
pub fn score(gold: &[NerDocument], predicted: &[Vec<EntitySpan>]) -> NerReport {
    // One slot per scored label, MISC last (outside the micro average).
    let mut counts = [(0usize, 0usize, 0usize); NER_LABELS.len() + 1];
    let mut ignored = 0;
    let slot = |label: &str| {
        NER_LABELS
            .iter()
            .position(|l| *l == label)
            .or((label == MISC_LABEL).then_some(NER_LABELS.len()))
    };
    for (i, doc) in gold.iter().enumerate() {
        let gold_set: BTreeSet<(usize, usize, &str)> = doc
            .gold
            .iter()
            .filter(|s| slot(&s.label).is_some())
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect();
        let mut pred_set: BTreeSet<(usize, usize, &str)> = BTreeSet::new();
        for s in predicted.get(i).map_or(&[][..], |p| p.as_slice()) {
            if slot(&s.label).is_some() {
                pred_set.insert((s.start, s.end, s.label.as_str()));
            } else {
                ignored += 1;
            }
        }
        for g in &gold_set {
            if let Some(k) = slot(g.2) {
                counts[k].0 += 1;
            }
        }
        for p in &pred_set {
            if let Some(k) = slot(p.2) {
                counts[k].1 += 1;
                if gold_set.contains(p) {
                    counts[k].2 += 1;
                }
            }
        }
    }
    let per_type: Vec<TypeScore> = NER_LABELS
        .iter()
        .zip(counts)
        .map(|(label, (g, p, c))| TypeScore::from_counts(label, g, p, c))
        .collect();
    let (mg, mp, mc) = counts[NER_LABELS.len()];
    let misc = TypeScore::from_counts(MISC_LABEL, mg, mp, mc);
    let sum = |f: fn(&(usize, usize, usize)) -> usize| {
        counts[..NER_LABELS.len()].iter().map(f).sum::<usize>()
    };
    let micro = TypeScore::from_counts("micro", sum(|c| c.0), sum(|c| c.1), sum(|c| c.2));
    let macro_f1 = per_type.iter().map(|s| s.prf.f1).sum::<f64>() / per_type.len() as f64;
    NerReport {
        documents: gold.len(),
        tokens: gold.iter().map(|d| d.tokens.len()).sum(),
        per_type,
        micro,
        macro_f1,
        misc,
        ignored_predicted: ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::ner_jsonl::{align_predictions, parse_predictions_jsonl};
    use std::path::Path;

    #[test]
    fn exact_span_scoring_arithmetic() {
        let gold = vec![
            NerDocument::made_up(
                "a",
                10,
                vec![
                    EntitySpan::new(0, 2, "PER"),
                    EntitySpan::new(3, 4, "LOC"),
                    EntitySpan::new(5, 7, "ORG"),
                    EntitySpan::new(8, 9, "MISC"),
                ],
            ),
            NerDocument::made_up(
                "b",
                5,
                vec![EntitySpan::new(1, 3, "LOC"), EntitySpan::new(0, 1, "MISC")],
            ),
        ];
        let predicted = vec![
            vec![
                EntitySpan::new(0, 2, "PER"),   // correct
                EntitySpan::new(0, 2, "PER"),   // duplicate: counted once
                EntitySpan::new(3, 5, "LOC"),   // boundary error
                EntitySpan::new(5, 7, "LOC"),   // type error
                EntitySpan::new(8, 9, "MISC"),  // correct MISC, scored apart
                EntitySpan::new(9, 10, "DATE"), // not scored
            ],
            vec![
                EntitySpan::new(1, 3, "LOC"),
                EntitySpan::new(4, 5, "PER"),
                EntitySpan::new(2, 4, "MISC"),
            ],
        ];
        let r = score(&gold, &predicted);
        assert_eq!((r.documents, r.tokens, r.ignored_predicted), (2, 15, 1));
        // MISC has its own line and stays out of the micro average.
        assert_eq!((r.misc.gold, r.misc.predicted, r.misc.correct), (2, 2, 1));
        assert!((r.misc.prf.f1 - 0.5).abs() < 1e-12);
        let counts: Vec<(&str, usize, usize, usize)> = r
            .per_type
            .iter()
            .map(|s| (s.label.as_str(), s.gold, s.predicted, s.correct))
            .collect();
        assert_eq!(
            counts,
            [("PER", 1, 2, 1), ("LOC", 2, 3, 1), ("ORG", 1, 0, 0)]
        );
        assert_eq!(
            (r.micro.gold, r.micro.predicted, r.micro.correct),
            (4, 5, 2)
        );
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(r.micro.prf.precision, 0.4));
        assert!(close(r.micro.prf.recall, 0.5));
        assert!(close(r.micro.prf.f1, 2.0 * 0.4 * 0.5 / 0.9));
        assert!(close(r.per_type[0].prf.f1, 2.0 / 3.0));
        assert!(close(
            r.per_type[1].prf.f1,
            2.0 * (1.0 / 3.0) * 0.5 / (1.0 / 3.0 + 0.5)
        ));
        assert!(close(r.per_type[2].prf.f1, 0.0));
        assert!(close(
            r.macro_f1,
            (r.per_type[0].prf.f1 + r.per_type[1].prf.f1) / 3.0
        ));
        // Gold against itself is perfect; no predictions give zeros.
        let perfect = score(
            &gold,
            &gold.iter().map(|d| d.gold.clone()).collect::<Vec<_>>(),
        );
        assert!(close(perfect.micro.prf.f1, 1.0));
        let empty = score(&gold, &[]);
        assert_eq!((empty.micro.gold, empty.micro.predicted), (4, 0));
        assert!(close(empty.micro.prf.f1, 0.0) && close(empty.micro.prf.precision, 0.0));
        // The report serialises and prints.
        let json = match serde_json::to_string(&r) {
            Ok(j) => j,
            Err(e) => panic!("{e}"),
        };
        assert!(json.contains("\"micro\""));
        assert!(r.to_string().contains("micro"));
    }

    #[test]
    fn external_predictions_are_scored_like_ours() {
        let gold = vec![
            NerDocument::made_up("a", 4, vec![EntitySpan::new(0, 1, "PER")]),
            NerDocument::made_up("b", 3, vec![]),
        ];
        let jsonl = "{\"id\": \"b\", \"entities\": []}\n\
                     {\"id\": \"a\", \"entities\": [{\"start\": 0, \"end\": 1, \"label\": \"PER\"}]}\n";
        let predicted = parse_predictions_jsonl(Path::new("p.jsonl"), jsonl)
            .and_then(|p| align_predictions(&gold, &p));
        match predicted {
            Ok(p) => assert_eq!(score(&gold, &p).micro.prf.f1, 1.0),
            Err(e) => panic!("{e}"),
        }
    }
}
