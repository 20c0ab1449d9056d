//! Facts sources cannot both be right about: durations or amounts too
//! far apart, different initiators.

use filrouge_events::Fact;

use super::{Disagreement, DisagreementSide, EventFact};

/// Minutes of a clock-only TimeML duration such as `PT1H30M`.
fn minutes(value: &str) -> Option<f64> {
    let (calendar, clock) = crate::text::duration_parts(value)?;
    if !calendar.is_empty() {
        return None;
    }
    clock.iter().try_fold(0.0, |total, (number, unit)| {
        let n: f64 = number.parse().ok()?;
        Some(
            total
                + match unit.as_str() {
                    "H" => n * 60.0,
                    "M" => n,
                    "S" => n / 60.0,
                    _ => return None,
                },
        )
    })
}

/// Durations or amounts that cannot both be true: beyond a fifth apart
/// (sources round "about an hour"); and different initiators.
pub(super) fn fact_disagreements(facts: &[EventFact]) -> Vec<Disagreement> {
    let mut durations: Vec<(f64, String, String)> = Vec::new();
    let mut amounts: Vec<(f64, String, String)> = Vec::new();
    let mut initiators: Vec<(String, String)> = Vec::new();
    for f in facts {
        match &f.fact {
            Fact::Duration {
                value, modifier, ..
            } => {
                if let Some(m) = minutes(value) {
                    let shown = match modifier {
                        Some(md) => format!("{value} {md}"),
                        None => value.clone(),
                    };
                    durations.push((m, shown, f.document.clone()));
                }
            }
            Fact::Amount {
                value, currency, ..
            } => amounts.push((*value, format!("{value} {currency}"), f.document.clone())),
            Fact::Initiator { value, .. } => initiators.push((value.clone(), f.document.clone())),
        }
    }
    let mut out: Vec<Disagreement> = initiator_disagreement(&initiators).into_iter().collect();
    for (attribute, list) in [("duration", durations), ("amount", amounts)] {
        out.extend(measure_disagreement(attribute, &list));
    }
    out
}

/// Sides by value, each with the documents saying it (once each).
fn sides_of<'a>(said: impl IntoIterator<Item = (&'a String, &'a String)>) -> Vec<DisagreementSide> {
    let mut sides: Vec<DisagreementSide> = Vec::new();
    for (value, doc) in said {
        match sides.iter_mut().find(|s| &s.value == value) {
            Some(s) if !s.documents.contains(doc) => s.documents.push(doc.clone()),
            Some(_) => {}
            None => sides.push(DisagreementSide {
                value: value.clone(),
                documents: vec![doc.clone()],
            }),
        }
    }
    sides
}

/// Two sources naming different initiators: (initiator, document) pairs.
fn initiator_disagreement(initiators: &[(String, String)]) -> Option<Disagreement> {
    let sides = sides_of(initiators.iter().map(|(v, d)| (v, d)));
    let by_other_documents = sides.iter().any(|a| {
        sides
            .iter()
            .any(|b| a.value != b.value && a.documents.iter().any(|d| !b.documents.contains(d)))
    });
    (sides.len() > 1 && by_other_documents).then(|| Disagreement {
        attribute: "initiator".into(),
        sides,
    })
}

/// Measures (value, as shown, document) of two documents more than a
/// fifth apart.
fn measure_disagreement(attribute: &str, list: &[(f64, String, String)]) -> Option<Disagreement> {
    // Values per document: a document repeating itself is one side.
    let mut docs: Vec<&String> = list.iter().map(|x| &x.2).collect();
    docs.sort();
    docs.dedup();
    if docs.len() < 2 {
        return None;
    }
    let far = list.iter().any(|a| {
        list.iter()
            .any(|b| a.2 != b.2 && (a.0 - b.0).abs() > 0.2 * a.0.max(b.0))
    });
    far.then(|| Disagreement {
        attribute: attribute.into(),
        sides: sides_of(list.iter().map(|(_, shown, doc)| (shown, doc))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_far_values_disagree() {
        assert_eq!(minutes("PT1H30M"), Some(90.0));
        assert_eq!(minutes("PT45M"), Some(45.0));
        let fact = |v: &str, d: &str| EventFact {
            fact: Fact::Duration {
                value: v.into(),
                modifier: None,
                text: String::new(),
            },
            document: d.into(),
        };
        assert!(fact_disagreements(&[fact("PT1H", "a"), fact("PT1H5M", "b")]).is_empty());
        let d = fact_disagreements(&[fact("PT1H", "a"), fact("PT2H", "b")]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].sides.len(), 2);
    }

    #[test]
    fn sources_naming_different_initiators_disagree() {
        let fact = |v: &str, d: &str| EventFact {
            fact: Fact::Initiator {
                value: v.into(),
                text: String::new(),
            },
            document: d.into(),
        };
        assert!(fact_disagreements(&[fact("Kyiv", "a"), fact("Kyiv", "b")]).is_empty());
        let d = fact_disagreements(&[fact("Kyiv", "a"), fact("Moscow", "b")]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].attribute, "initiator");
    }
}
