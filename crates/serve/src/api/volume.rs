//! How many events and articles a timeline holds per day, week or month:
//! the page's volume chart, over every event the filters select (not only
//! the page shown), so a reader sees where the news is before paging.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate};
use filrouge::timeline::Timeline;

/// Most bars a chart holds: the finest bucket that keeps within it wins.
const MAX_BARS: i64 = 92;

/// The volume of a timeline, bucket by bucket.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Volume {
    /// `day`, `week` (weeks start on Monday) or `month`.
    pub bucket: &'static str,
    /// The buckets holding an event or an article, in date order.
    pub bars: Vec<Bar>,
    /// Events dated less precisely than a day, in no bar.
    pub coarse_events: usize,
}

/// One bucket.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Bar {
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// Events dated to a day within it.
    pub events: usize,
    /// Distinct articles among the events' sources published within it.
    pub articles: usize,
}

/// The volume of `t`'s events, and of their sources' articles.
pub(crate) fn volume(t: &Timeline) -> Volume {
    let mut event_days = Vec::new();
    let mut coarse_events = 0;
    let mut articles: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for e in &t.events {
        match day(&e.date) {
            Some(d) => event_days.push(d),
            None => coarse_events += 1,
        }
        for s in &e.sources {
            if let Some(d) = s.published.as_deref().and_then(day) {
                articles.insert(s.document.as_str(), d);
            }
        }
    }
    let days: BTreeSet<NaiveDate> = event_days
        .iter()
        .chain(articles.values())
        .copied()
        .collect();
    let bucket = match (days.first(), days.last()) {
        (Some(&first), Some(&last)) => bucket_for(first, last),
        _ => Bucket::Day,
    };
    let mut bars: BTreeMap<NaiveDate, Bar> = BTreeMap::new();
    let dated = event_days
        .into_iter()
        .map(|d| (d, 1, 0))
        .chain(articles.into_values().map(|d| (d, 0, 1)));
    for (d, events, articles) in dated {
        let (start, end) = bucket.bounds(d);
        let bar = bars.entry(start).or_insert(Bar {
            start,
            end,
            events: 0,
            articles: 0,
        });
        bar.events += events;
        bar.articles += articles;
    }
    Volume {
        bucket: bucket.name(),
        bars: bars.into_values().collect(),
        coarse_events,
    }
}

/// A bucket's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bucket {
    Day,
    Week,
    Month,
}

impl Bucket {
    fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }

    /// The first and last day of the bucket holding `d`.
    fn bounds(self, d: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Bucket::Day => (d, d),
            Bucket::Week => {
                let back = u64::from(d.weekday().num_days_from_monday());
                let start = d.checked_sub_days(Days::new(back)).unwrap_or(d);
                (start, start.checked_add_days(Days::new(6)).unwrap_or(start))
            }
            Bucket::Month => {
                let start = d.with_day(1).unwrap_or(d);
                let next = start
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(start);
                (start, next.pred_opt().unwrap_or(start))
            }
        }
    }
}

/// The finest bucket that shows `first..=last` in at most [`MAX_BARS`].
fn bucket_for(first: NaiveDate, last: NaiveDate) -> Bucket {
    let days = (last - first).num_days() + 1;
    if days <= MAX_BARS {
        Bucket::Day
    } else if days <= MAX_BARS * 7 {
        Bucket::Week
    } else {
        Bucket::Month
    }
}

/// A TimeML value's day, when it names one (`2025-10-14`, not `2025-10`
/// nor `XXXX-10-14`).
fn day(value: &str) -> Option<NaiveDate> {
    let head = value.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).expect("a date")
    }

    #[test]
    fn the_finest_bucket_that_fits_is_chosen() {
        assert_eq!(bucket_for(d(2025, 1, 1), d(2025, 3, 1)), Bucket::Day);
        assert_eq!(bucket_for(d(2025, 1, 1), d(2025, 12, 1)), Bucket::Week);
        assert_eq!(bucket_for(d(2020, 1, 1), d(2025, 12, 1)), Bucket::Month);
    }

    #[test]
    fn buckets_hold_their_days() {
        // 2025-10-15 is a Wednesday.
        assert_eq!(
            Bucket::Week.bounds(d(2025, 10, 15)),
            (d(2025, 10, 13), d(2025, 10, 19))
        );
        assert_eq!(
            Bucket::Month.bounds(d(2024, 2, 10)),
            (d(2024, 2, 1), d(2024, 2, 29))
        );
        assert_eq!(
            Bucket::Month.bounds(d(2025, 12, 31)),
            (d(2025, 12, 1), d(2025, 12, 31))
        );
        assert_eq!(
            Bucket::Day.bounds(d(2025, 1, 2)),
            (d(2025, 1, 2), d(2025, 1, 2))
        );
    }

    #[test]
    fn only_values_naming_a_day_are_days() {
        assert_eq!(day("2025-10-14"), Some(d(2025, 10, 14)));
        assert_eq!(day("2025-10-14T08:00"), Some(d(2025, 10, 14)));
        assert_eq!(day("2025-10"), None);
        assert_eq!(day("XXXX-10-14"), None);
        assert_eq!(day("2025-W41"), None);
    }
}
