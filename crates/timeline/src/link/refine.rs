//! Dates of vaguely dated documents refined from the events they share
//! with dated documents, from ordinal series and from the collection's
//! years (the time stage's hook): the batch linker's rounds.

use chrono::{Datelike, NaiveDate};
use filrouge_events::EventDate;
use filrouge_model::DatePrecision;
use filrouge_time::{LinkedDate, TimeStage};
use rustc_hash::FxHashMap;

use super::node::Node;
use super::Linking;

impl Linking {
    /// Dates again the documents whose year is unknown, from the events
    /// they share with dated documents and from ordinal series. Returns
    /// whether a date changed.
    pub(super) fn refine_dates(&mut self, nodes: &[Node], stage: &TimeStage) -> bool {
        let mut node_of: FxHashMap<(usize, usize), usize> = FxHashMap::default();
        let mut k = 0;
        for (doc, events) in self.events.iter().enumerate() {
            for i in 0..events.len() {
                node_of.insert((doc, i), k);
                k += 1;
            }
        }
        let mut changed = false;
        for doc in 0..self.docs.len() {
            let d = &self.docs[doc];
            let needs = d.metadata.published.is_none()
                && d.document_date.as_ref().is_some_and(|x| {
                    x.value.starts_with('X') || x.precision < DatePrecision::Month
                });
            if !needs {
                continue;
            }
            let mut clues: Vec<LinkedDate> = Vec::new();
            let name = |other: usize| self.docs[other].source.origin();
            for cluster in &self.clusters {
                let Some(&(_, own)) = cluster.iter().find(|(dd, _)| *dd == doc) else {
                    continue;
                };
                let own_main = self.events[doc][own].main;
                for &(other, e) in cluster.iter().filter(|(dd, _)| *dd != doc) {
                    let Some((start, end, p)) =
                        self.events[other][e].date.as_ref().and_then(bounds)
                    else {
                        continue;
                    };
                    let kind = &self.events[other][e].kind;
                    if own_main && self.events[other][e].main && p == DatePrecision::Day {
                        clues.push(LinkedDate::SameEvent {
                            date: start,
                            reason: format!(
                                "{} reports the same {kind} and dates it {}",
                                name(other),
                                start.format("%Y-%m-%d")
                            ),
                        });
                    } else if p >= DatePrecision::Month {
                        clues.push(LinkedDate::ReportsEvent {
                            date: start,
                            reason: format!(
                                "the {kind} this document mentions is dated {} by {}: written on or after it",
                                period(start, end),
                                name(other)
                            ),
                        });
                    }
                }
            }
            // Ordinal series: "the ninth call" comes after a dated sixth.
            if let Some(main) = self.events[doc].iter().position(|e| e.main) {
                clues.extend(self.series_clues(doc, main, nodes, &node_of));
            }
            clues.extend(self.collection_years(doc));
            if clues.is_empty() {
                continue;
            }
            let before = self.docs[doc].document_date.clone();
            let redated = stage.redate(self.docs[doc].clone(), &clues);
            if redated.document_date != before {
                changed |= redated.document_date.as_ref().map(|x| &x.value)
                    != before.as_ref().map(|x| &x.value);
                self.docs[doc] = redated;
            }
        }
        changed
    }
}

impl Linking {
    /// The years of the collection's other documents whose year is known
    /// (from their metadata or their text): a tie-breaker among years
    /// document `doc`'s own text cannot tell apart.
    fn collection_years(&self, doc: usize) -> Option<LinkedDate> {
        let mut years: Vec<(i32, usize)> = Vec::new();
        for (i, d) in self.docs.iter().enumerate() {
            let year = d
                .document_date
                .as_ref()
                .filter(|x| x.precision >= DatePrecision::Year)
                .and_then(|x| x.value.get(..4))
                .and_then(|y| y.parse::<i32>().ok());
            let Some(year) = year.filter(|_| i != doc) else {
                continue;
            };
            match years.iter_mut().find(|(y, _)| *y == year) {
                Some((_, n)) => *n += 1,
                None => years.push((year, 1)),
            }
        }
        if years.is_empty() {
            return None;
        }
        years.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let total: usize = years.iter().map(|(_, n)| n).sum();
        let listed: Vec<String> = years
            .iter()
            .take(3)
            .map(|(y, n)| format!("{y} ({n} of {total})"))
            .collect();
        Some(LinkedDate::CollectionYears {
            reason: format!(
                "the collection's other dated articles are from {}",
                listed.join(", ")
            ),
            years,
        })
    }

    /// Bounds on a document's date from the ordinal series its news
    /// belongs to (same family, two shared people): after the dated lower
    /// ranks, before the higher ones; within their year when the text
    /// counts "cette année"; and, when two ranks are dated, no further
    /// from them than twice the series' pace allows.
    fn series_clues(
        &self,
        doc: usize,
        main: usize,
        nodes: &[Node],
        node_of: &FxHashMap<(usize, usize), usize>,
    ) -> Vec<LinkedDate> {
        let mut clues = Vec::new();
        let n = &nodes[node_of[&(doc, main)]];
        let Some(k) = n.ordinal.filter(|_| n.persons.len() >= 2) else {
            return clues;
        };
        let this_year = self.events[doc][main].mentions.iter().any(|m| {
            m.ordinal == Some(k)
                && m.time.as_ref().is_some_and(|t| {
                    // "cette année": the document's year, resolved or not.
                    t.value.len() == 4
                        && matches!(
                            t.anchor,
                            filrouge_model::TimexAnchor::DocumentDate
                                | filrouge_model::TimexAnchor::Unanchored
                        )
                })
        });
        let series = self.dated_ranks(doc, n, nodes);
        let name = |d: usize| self.docs[d].source.origin();
        for &(j, start, end, other) in &series {
            let dated = format!(
                "ordinal {j} is dated {} by {}",
                period(start, end),
                name(other)
            );
            if j < k {
                clues.push(LinkedDate::After {
                    date: end,
                    reason: format!("ordinal {k} of a series whose {dated}: after it"),
                });
                if this_year {
                    if let Some(last) = NaiveDate::from_ymd_opt(start.year(), 12, 31) {
                        clues.push(LinkedDate::Before {
                            date: last,
                            reason: format!(
                                "ordinal {k} counted within the year, and the series' {dated}: the same year"
                            ),
                        });
                    }
                }
            } else {
                clues.push(LinkedDate::Before {
                    date: start,
                    reason: format!("ordinal {k} of a series whose {dated}: before it"),
                });
            }
        }
        clues.extend(pace_clue(&series, k));
        clues
    }

    /// The other ranks of `n`'s series, dated to the month at least: the
    /// same family in other documents, sharing two people; one per rank,
    /// in rank order, as (rank, start, end, document).
    fn dated_ranks(&self, doc: usize, n: &Node, nodes: &[Node]) -> Vec<DatedRank> {
        let Some(k) = n.ordinal else {
            return Vec::new();
        };
        let mut series: Vec<DatedRank> = Vec::new();
        for m in nodes
            .iter()
            .filter(|m| m.doc != doc && m.family == n.family)
        {
            let (Some(j), Some((start, end, p))) = (m.ordinal, m.date.as_ref().and_then(bounds))
            else {
                continue;
            };
            if p >= DatePrecision::Month
                && j != k
                && m.persons.intersection(&n.persons).count() >= 2
                && !series.iter().any(|s| s.0 == j)
            {
                series.push((j, start, end, m.doc));
            }
        }
        series.sort();
        series
    }
}

/// A dated rank of an ordinal series: (rank, start, end, document).
type DatedRank = (u32, NaiveDate, NaiveDate, usize);

/// When two ranks of the series are dated, rank `k` is no further from
/// the nearest dated rank than twice the series' pace allows.
fn pace_clue(series: &[DatedRank], k: u32) -> Option<LinkedDate> {
    let (first, last) = (series.first()?, series.last()?);
    let ranks = i64::from(last.0) - i64::from(first.0);
    let days = (last.1 - first.2).num_days();
    if ranks <= 0 || days <= 0 {
        return None;
    }
    let pace = days as f64 / ranks as f64;
    let (j, start, end, _) = series
        .iter()
        .min_by_key(|s| (i64::from(s.0) - i64::from(k)).abs())
        .copied()?;
    let slack = (2.0 * pace * (i64::from(j) - i64::from(k)).abs() as f64) as i64;
    let reason = format!(
        "the series moves one rank every {pace:.0} days (ranks {} to {} dated): ordinal {k} is within {slack} days of ordinal {j}",
        first.0, last.0
    );
    if k < j {
        start
            .checked_sub_signed(chrono::Duration::days(slack))
            .map(|d| LinkedDate::After { date: d, reason })
    } else {
        end.checked_add_signed(chrono::Duration::days(slack))
            .map(|d| LinkedDate::Before { date: d, reason })
    }
}

/// First and last day of a date with a known year, and its precision.
pub(crate) fn bounds(d: &EventDate) -> Option<(NaiveDate, NaiveDate, DatePrecision)> {
    let p = d.parts()?;
    let year = p.year?;
    match (p.month, p.day) {
        (Some(m), Some(day)) => {
            let x = NaiveDate::from_ymd_opt(year, m, day)?;
            Some((x, x, DatePrecision::Day))
        }
        (Some(m), None) => {
            let start = NaiveDate::from_ymd_opt(year, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, m + 1, 1)?
            };
            Some((start, next.pred_opt()?, DatePrecision::Month))
        }
        _ => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
            DatePrecision::Year,
        )),
    }
}

fn period(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        start.format("%Y-%m-%d").to_string()
    } else if start.month() == end.month() && start.year() == end.year() {
        start.format("%Y-%m").to_string()
    } else {
        start.format("%Y").to_string()
    }
}
