//! Scoring time expressions the way the TempEval-3 toolkit scores task A
//! (see the [module documentation](super) for the matching rules and
//! where they differ from the toolkit's).

use std::fmt;
use std::ops::AddAssign;

use super::context::error_context;
use crate::formats::timeml::{GoldTimex, TimemlDocument};
use crate::score::{ratio, Prf};

/// A system's time expression on the same text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SystemTimex {
    /// Byte offset of the first byte in [`TimemlDocument::text`].
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    /// Normalised value, compared as a string with the gold `value`.
    pub value: String,
}

impl From<&GoldTimex> for SystemTimex {
    /// The gold expression as a system would give it (gold scored against
    /// itself is perfect).
    fn from(gold: &GoldTimex) -> Self {
        SystemTimex {
            start: gold.start,
            end: gold.end,
            kind: gold.kind.clone(),
            value: gold.value.clone(),
        }
    }
}

/// Counts that add up over documents (`+=`); the scores are micro-averages
/// of whatever was added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct TimexCounts {
    /// Gold in-text expressions.
    pub gold: usize,
    /// System expressions.
    pub system: usize,
    /// Pairs with exactly the same extent.
    pub strict: usize,
    /// Pairs (overlapping extents, one-to-one).
    pub relaxed: usize,
    /// Pairs with the same `type`.
    pub type_correct: usize,
    /// Pairs with the same `value`.
    pub value_correct: usize,
}

impl TimexCounts {
    /// Exact-extent matches over system expressions (precision) and over
    /// gold expressions (recall).
    pub fn strict_prf(&self) -> Prf {
        Prf::from_counts(self.strict, self.system, self.gold)
    }

    /// Overlap matches over system expressions and over gold ones.
    pub fn relaxed_prf(&self) -> Prf {
        Prf::from_counts(self.relaxed, self.system, self.gold)
    }

    /// Type-correct relaxed matches over system and over gold
    /// expressions; the F1 is TempEval-3's type F1 (type accuracy x
    /// relaxed F1).
    pub fn type_prf(&self) -> Prf {
        Prf::from_counts(self.type_correct, self.system, self.gold)
    }

    /// Value-correct relaxed matches over system and over gold
    /// expressions; the F1 is TempEval-3's value F1, the task's headline
    /// figure (value accuracy x relaxed F1).
    pub fn value_prf(&self) -> Prf {
        Prf::from_counts(self.value_correct, self.system, self.gold)
    }

    /// Share of relaxed matches with the gold `type`.
    pub fn type_accuracy(&self) -> f64 {
        ratio(self.type_correct, self.relaxed)
    }

    /// Share of relaxed matches with the gold `value`.
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_correct, self.relaxed)
    }

    /// Adds another document's counts.
    pub fn add(&mut self, other: &TimexCounts) {
        self.gold += other.gold;
        self.system += other.system;
        self.strict += other.strict;
        self.relaxed += other.relaxed;
        self.type_correct += other.type_correct;
        self.value_correct += other.value_correct;
    }
}

impl AddAssign for TimexCounts {
    fn add_assign(&mut self, other: TimexCounts) {
        self.add(&other);
    }
}

impl AddAssign<&TimexCounts> for TimexCounts {
    fn add_assign(&mut self, other: &TimexCounts) {
        self.add(other);
    }
}

impl std::iter::Sum for TimexCounts {
    fn sum<I: Iterator<Item = TimexCounts>>(iter: I) -> Self {
        let mut total = TimexCounts::default();
        for c in iter {
            total += c;
        }
        total
    }
}

/// What kind of disagreement a [`TimexError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum TimexErrorKind {
    /// A gold expression no system expression overlaps (one-to-one).
    Missed,
    /// A system expression no gold expression overlaps (one-to-one).
    Spurious,
    /// A pair whose extents overlap but differ.
    Extent,
    /// A pair with a different `type`.
    Type,
    /// A pair with a different `value`.
    Value,
}

impl TimexErrorKind {
    /// Lower-case name (`missed`, `spurious`, `extent`, `type`, `value`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimexErrorKind::Missed => "missed",
            TimexErrorKind::Spurious => "spurious",
            TimexErrorKind::Extent => "extent",
            TimexErrorKind::Type => "type",
            TimexErrorKind::Value => "value",
        }
    }
}

impl fmt::Display for TimexErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One disagreement, for error analysis. A pair can give several (extent
/// and value, say).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimexError {
    /// [`TimemlDocument::name`].
    pub doc: String,
    /// What went wrong.
    pub kind: TimexErrorKind,
    /// The gold expression (none for `Spurious`).
    pub gold: Option<GoldTimex>,
    /// The system expression (none for `Missed`).
    pub system: Option<SystemTimex>,
    /// About 60 characters around the expression(s), on one line, the
    /// expression(s) in `[...]`.
    pub context: String,
}

/// Scores one document's system expressions against its gold ones.
///
/// Errors come in text order. System expressions need not be sorted;
/// empty or out-of-range spans count as system expressions that match
/// nothing. System expressions overlapping the DCT, when the DCT has a
/// span in the text (CAT datelines), are set aside: not counted, not
/// errors (see the module documentation).
pub fn score_document(
    doc: &TimemlDocument,
    system: &[SystemTimex],
) -> (TimexCounts, Vec<TimexError>) {
    let dct_span = doc
        .dct
        .as_ref()
        .map(|d| (d.start, d.end))
        .filter(|(start, end)| start < end);
    let system: Vec<&SystemTimex> = system
        .iter()
        .filter(|s| {
            dct_span.is_none_or(|(start, end)| !(s.start < s.end && s.start < end && start < s.end))
        })
        .collect();
    let gold_spans: Vec<(usize, usize)> = doc.timexes.iter().map(|t| (t.start, t.end)).collect();
    let system_spans: Vec<(usize, usize)> = system.iter().map(|t| (t.start, t.end)).collect();
    let (gold_pair, system_pair) = align(&gold_spans, &system_spans);

    let mut counts = TimexCounts {
        gold: doc.timexes.len(),
        system: system.len(),
        ..TimexCounts::default()
    };
    // (position, order) keeps errors in text order, stable within a position.
    let mut errors: Vec<(usize, TimexError)> = Vec::new();
    let error = |kind, gold: Option<&GoldTimex>, sys: Option<&SystemTimex>| {
        let (at, context) = error_context(
            &doc.text,
            gold.map(|g| (g.start, g.end)),
            sys.map(|s| (s.start, s.end)),
        );
        let error = TimexError {
            doc: doc.name.clone(),
            kind,
            gold: gold.cloned(),
            system: sys.cloned(),
            context,
        };
        (at, error)
    };
    for (gi, g) in doc.timexes.iter().enumerate() {
        let Some(si) = gold_pair[gi] else {
            errors.push(error(TimexErrorKind::Missed, Some(g), None));
            continue;
        };
        let s = system[si];
        counts.relaxed += 1;
        if (g.start, g.end) == (s.start, s.end) {
            counts.strict += 1;
        } else {
            errors.push(error(TimexErrorKind::Extent, Some(g), Some(s)));
        }
        if g.kind == s.kind {
            counts.type_correct += 1;
        } else {
            errors.push(error(TimexErrorKind::Type, Some(g), Some(s)));
        }
        if g.value == s.value {
            counts.value_correct += 1;
        } else {
            errors.push(error(TimexErrorKind::Value, Some(g), Some(s)));
        }
    }
    for (si, &s) in system.iter().enumerate() {
        if system_pair[si].is_none() {
            errors.push(error(TimexErrorKind::Spurious, None, Some(s)));
        }
    }
    errors.sort_by_key(|(pos, _)| *pos);
    (counts, errors.into_iter().map(|(_, e)| e).collect())
}

/// Pairs gold and system spans one-to-one as the TempEval-3 normalizer
/// does: in text order (gold first at the same start), an expression pairs
/// with an unpaired expression of the other side that is open where it
/// starts (most recently opened first). Empty spans pair with nothing.
/// Returns, for each gold span, its system partner, and the reverse.
fn align(
    gold: &[(usize, usize)],
    system: &[(usize, usize)],
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut gold_pair = vec![None; gold.len()];
    let mut system_pair = vec![None; system.len()];
    // (start, side, index): side 0 = gold, 1 = system.
    let mut order: Vec<(usize, u8, usize)> = gold
        .iter()
        .enumerate()
        .filter(|(_, s)| s.0 < s.1)
        .map(|(i, s)| (s.0, 0, i))
        .chain(
            system
                .iter()
                .enumerate()
                .filter(|(_, s)| s.0 < s.1)
                .map(|(i, s)| (s.0, 1, i)),
        )
        .collect();
    order.sort();
    // Expressions visited so far, per side, in visiting order.
    let mut visited: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for &(start, side, i) in &order {
        let other = 1 - side as usize;
        let (other_spans, other_pair) = if other == 0 {
            (gold, &gold_pair)
        } else {
            (system, &system_pair)
        };
        let partner = visited[other]
            .iter()
            .copied()
            .filter(|&j| other_pair[j].is_none())
            .filter(|&j| other_spans[j].0 <= start && start < other_spans[j].1)
            .max_by_key(|&j| other_spans[j].0);
        if let Some(j) = partner {
            if side == 0 {
                gold_pair[i] = Some(j);
                system_pair[j] = Some(i);
            } else {
                system_pair[i] = Some(j);
                gold_pair[j] = Some(i);
            }
        }
        visited[side as usize].push(i);
    }
    (gold_pair, system_pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document whose text is `text` with gold expressions at the given
    /// substrings (first occurrence at or after the previous one).
    fn gold_doc(text: &str, gold: &[(&str, &str, &str)]) -> TimemlDocument {
        let mut from = 0;
        let timexes = gold
            .iter()
            .enumerate()
            .map(|(i, (extent, kind, value))| {
                let start = from + text[from..].find(extent).expect("extent in text");
                from = start + extent.len();
                GoldTimex {
                    start,
                    end: from,
                    text: extent.to_string(),
                    kind: kind.to_string(),
                    value: value.to_string(),
                    modifier: None,
                    tid: format!("t{}", i + 1),
                }
            })
            .collect();
        TimemlDocument {
            name: "doc".into(),
            text: text.into(),
            dct: None,
            timexes,
        }
    }

    fn sys(doc: &TimemlDocument, extent: &str, kind: &str, value: &str) -> SystemTimex {
        let start = doc.text.find(extent).expect("extent in text");
        SystemTimex {
            start,
            end: start + extent.len(),
            kind: kind.into(),
            value: value.into(),
        }
    }

    fn kinds(errors: &[TimexError]) -> Vec<TimexErrorKind> {
        errors.iter().map(|e| e.kind).collect()
    }

    const TEXT: &str =
        "The board met on Monday morning, again for three hours on 4 May, and every week since.";

    fn board() -> TimemlDocument {
        gold_doc(
            TEXT,
            &[
                ("Monday morning", "TIME", "2010-05-03TMO"),
                ("three hours", "DURATION", "PT3H"),
                ("4 May", "DATE", "2010-05-04"),
                ("every week", "SET", "P1W"),
            ],
        )
    }

    #[test]
    fn exact_partial_missed_spurious_and_wrong_value() {
        let doc = board();
        let system = vec![
            sys(&doc, "Monday", "DATE", "2010-05-03"), // partial, wrong type and value
            sys(&doc, "three hours", "DURATION", "PT3H"), // exact
            sys(&doc, "4 May", "DATE", "2011-05-04"),  // exact, wrong value
            sys(&doc, "again", "DATE", "PRESENT_REF"), // spurious
                                                       // "every week" missed
        ];
        let (c, errors) = score_document(&doc, &system);
        assert_eq!(
            c,
            TimexCounts {
                gold: 4,
                system: 4,
                strict: 2,
                relaxed: 3,
                type_correct: 2,
                value_correct: 1,
            }
        );
        assert_eq!(
            kinds(&errors),
            [
                TimexErrorKind::Extent,
                TimexErrorKind::Type,
                TimexErrorKind::Value,
                TimexErrorKind::Spurious,
                TimexErrorKind::Value,
                TimexErrorKind::Missed,
            ]
        );
        assert_eq!(
            errors[3].system.as_ref().map(|s| s.value.as_str()),
            Some("PRESENT_REF")
        );
        assert_eq!(errors[5].gold.as_ref().map(|g| g.tid.as_str()), Some("t4"));
        assert!(errors
            .iter()
            .all(|e| e.doc == "doc" && !e.context.contains('\n')));
        assert!(
            errors[4].context.contains("on [4 May], and"),
            "{}",
            errors[4].context
        );
        assert!(errors[0]
            .context
            .contains("(gold [Monday morning], system [Monday])"));

        assert_eq!(c.strict_prf(), Prf::new(0.5, 0.5));
        assert_eq!(c.strict_prf().f1, 0.5);
        assert_eq!(c.relaxed_prf().f1, 0.75);
        assert!((c.type_accuracy() - 2.0 / 3.0).abs() < 1e-12);
        assert!((c.value_accuracy() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(c.value_prf(), Prf::new(0.25, 0.25));
        // The toolkit's definition: value accuracy x relaxed F1.
        let relaxed_f1 = c.relaxed_prf().f1;
        assert!((c.value_prf().f1 - c.value_accuracy() * relaxed_f1).abs() < 1e-12);
        assert!((c.type_prf().f1 - c.type_accuracy() * relaxed_f1).abs() < 1e-12);
    }

    #[test]
    fn gold_against_itself_is_perfect() {
        let doc = board();
        let system: Vec<SystemTimex> = doc
            .timexes
            .iter()
            .rev() // order of system output does not matter
            .map(SystemTimex::from)
            .collect();
        let (c, errors) = score_document(&doc, &system);
        assert!(errors.is_empty(), "{errors:?}");
        for score in [
            c.strict_prf().f1,
            c.relaxed_prf().f1,
            c.type_accuracy(),
            c.value_prf().f1,
        ] {
            assert_eq!(score, 1.0);
        }
    }

    #[test]
    fn pairing_is_one_to_one_and_first_in_text_order() {
        let doc = gold_doc(TEXT, &[("Monday morning", "TIME", "x")]);
        // Two system pieces inside one gold expression: the first pairs,
        // the second is spurious.
        let system = vec![
            sys(&doc, "morning", "TIME", "x"),
            sys(&doc, "Monday", "TIME", "x"),
        ];
        let (c, errors) = score_document(&doc, &system);
        assert_eq!((c.relaxed, c.strict, c.system), (1, 0, 2));
        assert_eq!(
            kinds(&errors),
            [TimexErrorKind::Extent, TimexErrorKind::Spurious]
        );
        assert_eq!(
            errors[1].system.as_ref().map(|s| s.start),
            Some(doc.text.find("morning").unwrap_or(0))
        );

        // One system expression over two gold ones: only the first pairs,
        // even though it overlaps the second more.
        let doc = gold_doc(
            TEXT,
            &[("on", "DATE", "x"), ("Monday morning", "TIME", "y")],
        );
        let doc = TimemlDocument {
            timexes: doc
                .timexes
                .into_iter()
                .map(|mut t| {
                    if t.text == "on" {
                        t.start = TEXT.find("on Monday").unwrap_or(0);
                        t.end = t.start + 2;
                    }
                    t
                })
                .collect(),
            ..doc
        };
        let system = vec![sys(&doc, "on Monday morning", "TIME", "y")];
        let (c, errors) = score_document(&doc, &system);
        assert_eq!((c.relaxed, c.value_correct), (1, 0));
        assert_eq!(
            kinds(&errors),
            [
                TimexErrorKind::Extent,
                TimexErrorKind::Type,
                TimexErrorKind::Value,
                TimexErrorKind::Missed
            ]
        );

        // A system expression starting inside a gold one pairs; one that
        // merely touches it (adjacent) does not.
        let doc = gold_doc(TEXT, &[("three hours", "DURATION", "PT3H")]);
        let touching = SystemTimex {
            start: doc.timexes[0].end,
            end: doc.timexes[0].end + 3,
            kind: "DURATION".into(),
            value: "PT3H".into(),
        };
        let (c, _) = score_document(&doc, &[touching]);
        assert_eq!(c.relaxed, 0);
        let (c, _) = score_document(&doc, &[sys(&doc, "hours on 4", "DURATION", "PT3H")]);
        assert_eq!((c.relaxed, c.strict, c.value_correct), (1, 0, 1));
    }

    #[test]
    fn empty_and_out_of_range_system_spans_match_nothing() {
        let doc = board();
        let bad = [
            SystemTimex {
                start: 20,
                end: 20,
                kind: "DATE".into(),
                value: "x".into(),
            },
            SystemTimex {
                start: 30,
                end: 10,
                kind: "DATE".into(),
                value: "x".into(),
            },
            SystemTimex {
                start: 500,
                end: 600,
                kind: "DATE".into(),
                value: "x".into(),
            },
        ];
        let (c, errors) = score_document(&doc, &bad);
        assert_eq!((c.system, c.relaxed), (3, 0));
        assert_eq!(
            errors
                .iter()
                .filter(|e| e.kind == TimexErrorKind::Spurious)
                .count(),
            3
        );
    }

    #[test]
    fn counts_add_up_and_empty_denominators_are_zero() {
        let empty = TimexCounts::default();
        for score in [
            empty.strict_prf().precision,
            empty.strict_prf().recall,
            empty.strict_prf().f1,
            empty.relaxed_prf().f1,
            empty.type_accuracy(),
            empty.value_accuracy(),
            empty.value_prf().f1,
        ] {
            assert_eq!(score, 0.0);
        }
        let a = TimexCounts {
            gold: 2,
            system: 1,
            strict: 1,
            relaxed: 1,
            type_correct: 1,
            value_correct: 0,
        };
        let b = TimexCounts {
            gold: 1,
            system: 3,
            strict: 0,
            relaxed: 1,
            type_correct: 0,
            value_correct: 1,
        };
        let mut total = a;
        total += b;
        assert_eq!(total, [a, b].into_iter().sum());
        assert_eq!(
            total,
            TimexCounts {
                gold: 3,
                system: 4,
                strict: 1,
                relaxed: 2,
                type_correct: 1,
                value_correct: 1
            }
        );
    }
}
