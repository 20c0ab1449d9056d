//! The date a cluster of document events agrees on, its evidence, and
//! the dates of sources that cannot be the same day.

use chrono::NaiveDate;
use filrouge_events::{DateOrigin, DocumentEvent, EventDate};
use filrouge_model::DatePrecision;

use super::{Disagreement, DisagreementSide};
use crate::link::Linking;

/// The date a cluster agrees on: one with a year, the most precise,
/// explicit before inherited; other dated members that contradict it are
/// a disagreement.
pub(super) fn cluster_date(
    members: &[(usize, &DocumentEvent)],
    linking: &Linking,
) -> Option<(EventDate, Vec<String>, Option<Disagreement>)> {
    // A year the article's own text gives beats one found through links.
    let from_corpus = |doc: usize| {
        linking.docs[doc]
            .document_date
            .as_ref()
            .is_some_and(|x| x.source == filrouge_model::DocumentDateSource::Corpus)
    };
    let rank = |doc: usize, d: &EventDate| {
        (
            d.has_year(),
            d.precision,
            !from_corpus(doc),
            d.origin == DateOrigin::Explicit,
        )
    };
    let (best_doc, best) = members
        .iter()
        .filter_map(|(doc, e)| e.date.as_ref().map(|d| (*doc, d)))
        .filter(|(_, d)| d.has_year())
        // The first of equals: sources in corpus order.
        .fold(
            None,
            |acc: Option<(usize, &EventDate)>, (doc, d)| match acc {
                Some((bd, b)) if rank(bd, b) >= rank(doc, d) => Some((bd, b)),
                _ => Some((doc, d)),
            },
        )?;
    let mut date = best.clone();
    let mut evidence = Vec::new();
    let mut sides: Vec<DisagreementSide> = Vec::new();
    for (doc, e) in members {
        let Some(d) = &e.date else { continue };
        let how = evidence_of(linking, *doc, d);
        if *doc == best_doc && std::ptr::eq(d, best) {
            evidence.insert(0, how);
        } else {
            evidence.push(how);
        }
        let value = d.value.clone();
        match sides.iter_mut().find(|s| s.value == value) {
            Some(s) => s.documents.push(linking.docs[*doc].id.to_string()),
            None => sides.push(DisagreementSide {
                value,
                documents: vec![linking.docs[*doc].id.to_string()],
            }),
        }
    }
    // A year known only through linked documents is the corpus's finding.
    if best.leans_on_document && from_corpus(best_doc) {
        date.origin = DateOrigin::Corpus;
    }
    let disagreement = conflicting(&sides).then(|| Disagreement {
        attribute: "date".into(),
        sides,
    });
    Some((date, evidence, disagreement))
}

/// How document `doc` dates the event, in words: for a date taken from
/// the article's own date, its conclusion first, then what led to it.
fn evidence_of(linking: &Linking, doc: usize, d: &EventDate) -> String {
    let origin = linking.docs[doc].source.origin();
    match (d.origin, &linking.docs[doc].document_date) {
        (DateOrigin::DocumentDate, Some(x)) => {
            let mut reasons = x.reasons.iter().rev();
            let conclusion = reasons.next().cloned().unwrap_or_default();
            let rest: Vec<&str> = reasons.rev().map(String::as_str).collect();
            format!(
                "{origin}: the article's date, {} ({conclusion}; {})",
                x.value,
                rest.join("; ")
            )
        }
        _ => format!("{origin}: {}", d.evidence),
    }
}

/// Whether two sides' dates cannot be one day ("2025-07" and
/// "2025-07-03" can).
fn conflicting(sides: &[DisagreementSide]) -> bool {
    sides.iter().any(|a| {
        sides.iter().any(|b| {
            match (
                filrouge_time::PartialDate::parse(&a.value),
                filrouge_time::PartialDate::parse(&b.value),
            ) {
                (Some(x), Some(y)) => filrouge_events::document::parts_conflict(&x, &y),
                _ => false,
            }
        })
    })
}

/// An ISO date truncated to its precision.
pub(super) fn date_value(start: NaiveDate, precision: DatePrecision) -> String {
    match precision {
        DatePrecision::Day => start.format("%Y-%m-%d").to_string(),
        DatePrecision::Month => start.format("%Y-%m").to_string(),
        _ => start.format("%Y").to_string(),
    }
}
