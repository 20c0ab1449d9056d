//! The weight of every candidate day given the clues: a product of each
//! clue's likelihood over the days of the window, normalised.
//!
//! Decays are read from per-thread tables of `exp(-k / scale)` (one per
//! scale, grown on demand): the same values the formula gives, without an
//! `exp` per day per clue, which made this the time stage's hot spot.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::{Datelike, NaiveDate};

use super::*;

/// Normalised weights of every candidate day, from `start` (index 0) to
/// `as_of`.
pub(super) fn posterior(clues: &[Clue], as_of: NaiveDate) -> (NaiveDate, Vec<f64>) {
    let start = window_start(clues, as_of);
    let days = (as_of - start).num_days().max(0);
    // The full dates of the body weigh together: one of them is the news,
    // or none is.
    let news_days: Vec<(i64, f64)> = clues
        .iter()
        .filter_map(|c| match &c.kind {
            ClueKind::Mention { date, shape, .. } if shape.news_odds > 0.0 => {
                Some(((*date - start).num_days(), shape.news_odds))
            }
            _ => None,
        })
        .collect();
    let compiled: Vec<Compiled> = clues
        .iter()
        .filter(|c| !matches!(&c.kind, ClueKind::Mention { shape, .. } if shape.news_odds > 0.0))
        .map(|c| c.compile(start, days))
        .collect();
    let n = days as usize + 1;
    // A flat prior: no year is likelier for being recent, so days the
    // clues cannot tell apart stay tied.
    let mut out = news_likelihood(&news_days, n);
    // Each clue multiplies in its likelihood, built as a whole vector.
    let first_weekday = start.weekday().num_days_from_monday() as usize;
    let mut lik = vec![0.0; n];
    for c in &compiled {
        multiply(&mut out, &mut lik, c, start, first_weekday);
    }
    let total: f64 = out.iter().sum();
    if total > 0.0 {
        for w in &mut out {
            *w /= total;
        }
    }
    (start, out)
}

/// Multiplies the day weights `out` by the likelihood of one compiled
/// clue (`lik` is scratch space of the same length).
fn multiply(
    out: &mut [f64],
    lik: &mut [f64],
    c: &Compiled,
    start: NaiveDate,
    first_weekday: usize,
) {
    let n = out.len();
    let days = n as i64 - 1;
    match c {
        Compiled::Occurrences { at, kernel, floor } => {
            lik.iter_mut().for_each(|x| *x = *floor);
            for &o in at {
                let lo = (o - REACH).max(0);
                let hi = (o + REACH).min(days);
                for k in lo..=hi {
                    let v = kernel[(k - o + REACH) as usize];
                    let slot = &mut lik[k as usize];
                    // Overlapping kernels: the nearer occurrence, the
                    // higher value.
                    if v > *slot {
                        *slot = v;
                    }
                }
            }
            out.iter_mut().zip(lik.iter()).for_each(|(w, l)| *w *= l);
        }
        Compiled::NotBefore { from, until } => {
            // A dated mention is mostly recent news: the document is
            // after it, likely within months, possibly years later
            // (background), never much before.
            let end = (*from).clamp(0, n as i64) as usize;
            out[..end].iter_mut().for_each(|w| *w *= FLOOR_DAY);
            let start_decay = (*until).clamp(0, n as i64) as usize;
            let tail = decay(MENTION_SCALE_DAYS, n);
            for (w, e) in out[start_decay..].iter_mut().zip(tail.iter()) {
                *w *= MENTION_TAIL + e;
            }
        }
        Compiled::Mention { from, until, shape } => {
            let end = (*from).clamp(0, n as i64) as usize;
            let before = decay(shape.before_scale_days, n + 1);
            for (k, w) in out[..end].iter_mut().enumerate() {
                let ahead = usize::try_from(*from - k as i64).unwrap_or(0);
                *w *= shape.floor + shape.before * at(&before, ahead, shape.before_scale_days);
            }
            let start_decay = (*until).clamp(0, n as i64) as usize;
            let soon = decay(shape.scale_days, n);
            let medium = decay(shape.medium_scale_days, n);
            let tail = decay(shape.tail_scale_days, n);
            let ages = soon.iter().zip(medium.iter()).zip(tail.iter());
            for (w, ((s, m), t)) in out[start_decay..].iter_mut().zip(ages) {
                // Soon after (the news), or years after (background),
                // less and less likely as the years pass.
                *w *= shape.floor + s + shape.medium * m + shape.tail * t;
            }
        }
        Compiled::Bounds { from, to } => {
            for (k, w) in out.iter_mut().enumerate() {
                let k = k as i64;
                if k < *from || k > *to {
                    *w *= FLOOR_SHARP_DAY;
                }
            }
        }
        Compiled::ByYear {
            first,
            weights,
            floor,
        } => {
            let n = out.len();
            for run in month_runs(start, n) {
                let i = usize::try_from(run.year - first).unwrap_or(0);
                let factor = weights.get(i).copied().unwrap_or(*floor);
                out[run.days].iter_mut().for_each(|w| *w *= factor);
            }
        }
        Compiled::Weekday { by_weekday } => {
            out.iter_mut()
                .enumerate()
                .for_each(|(k, w)| *w *= by_weekday[(first_weekday + k) % 7]);
        }
    }
}

/// The chance that no full date of the body is the news (all are history,
/// plans or links).
const NO_NEWS: f64 = 0.4;

/// The likelihood of each day (`n` of them) given the full dates the body
/// names (day indices with their news odds, `named_odds`): either one of
/// them is the news (in proportion to its odds: a date with its weekday
/// is likelier; the article written that day or the days and weeks
/// after, now and then before it), the others being background the
/// article is after (or plans it is shortly before); or none is, and the
/// article is after all of them, by up to years. Weighing them together,
/// not one by one, lets an article recall several past dates without
/// being pinned to none of its own.
fn news_likelihood(named_odds: &[(i64, f64)], n: usize) -> Vec<f64> {
    if named_odds.is_empty() {
        return vec![1.0; n];
    }
    let named: Vec<i64> = named_odds.iter().map(|&(d, _)| d).collect();
    // A named day the article is not about: it is after it, or shortly
    // before (a plan).
    let len = n
        + named
            .iter()
            .map(|&f| f.unsigned_abs() as usize)
            .max()
            .unwrap_or(0)
        + 1;
    let (weeks, days3, days45, years5) = (
        decay(60.0, len),
        decay(3.0, len),
        decay(45.0, len),
        decay(1825.0, len),
    );
    let gap = |a: i64, b: i64| usize::try_from(a - b).unwrap_or(0);
    let background = |from: i64, k: i64| {
        if k >= from {
            1.0
        } else {
            0.01 + 0.2 * at(&weeks, gap(from, k), 60.0)
        }
    };
    // The article reports the day: the same day or the next ones (half
    // the chance), the weeks after (a third), before it (an announcement).
    let news = |from: i64, k: i64| {
        if k >= from {
            let age = gap(k, from);
            0.55 / 3.0 * at(&days3, age, 3.0) + 0.35 / 45.0 * at(&days45, age, 45.0)
        } else {
            0.1 / 60.0 * at(&weeks, gap(from, k), 60.0)
        }
    };
    let latest = named.iter().copied().max().unwrap_or(0);
    // Each date's share of "one is the news"; odds above 1 make that
    // option likelier than "none is" too.
    let share = (1.0 - NO_NEWS) / named.len() as f64;
    (0..n as i64)
        .map(|k| {
            let all: f64 = named.iter().map(|&f| background(f, k)).product();
            // None is the news: written after all of them, by up to years.
            let since = gap(k.max(latest), latest);
            let none = NO_NEWS * all * at(&years5, since, 1825.0) / 1825.0;
            let one: f64 = named_odds
                .iter()
                .map(|&(f, odds)| odds * news(f, k) * all / background(f, k))
                .sum();
            // A little anywhere: a named date may say nothing at all.
            none + share * one + 1e-7
        })
        .collect()
}

/// The first candidate day: [`WINDOW_YEARS`] before the reference date,
/// or the year before the earliest year a clue names when that is older
/// (an archive's article names its years), not before [`OLDEST_YEAR`].
fn window_start(clues: &[Clue], as_of: NaiveDate) -> NaiveDate {
    let default = as_of.year() - WINDOW_YEARS;
    let earliest = clues
        .iter()
        .filter_map(|c| match &c.kind {
            ClueKind::Mention { date, .. }
            | ClueKind::Dateline { date }
            | ClueKind::Updated { date }
            | ClueKind::NotBefore { date, .. }
            | ClueKind::News { date } => Some(date.year()),
            _ => None,
        })
        .min()
        .map_or(default, |y| (y - 1).clamp(OLDEST_YEAR, default));
    NaiveDate::from_ymd_opt(earliest, as_of.month(), 1).unwrap_or(as_of)
}

/// `exp(-k / scale)` for k = 0, 1, ..., at least `len` of them, computed
/// once per thread and scale.
fn decay(scale: f64, len: usize) -> Rc<Vec<f64>> {
    thread_local! {
        static TABLES: RefCell<HashMap<u64, Rc<Vec<f64>>>> = RefCell::new(HashMap::new());
    }
    TABLES.with(|tables| {
        let mut tables = tables.borrow_mut();
        let table = tables.entry(scale.to_bits()).or_default();
        if table.len() < len {
            let grown: Vec<f64> = (0..len.max(1024))
                .map(|k| (-(k as f64) / scale).exp())
                .collect();
            *table = Rc::new(grown);
        }
        Rc::clone(table)
    })
}

/// `exp(-k / scale)` from `table`, computed when past its end.
fn at(table: &[f64], k: usize, scale: f64) -> f64 {
    table
        .get(k)
        .copied()
        .unwrap_or_else(|| (-(k as f64) / scale).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_with_better_news_odds_holds_more_of_the_weight_near_it() {
        let n = 3000;
        let near_over_later = |odds: f64| {
            let l = news_likelihood(&[(1000, odds)], n);
            // The day after the date against two years after it.
            l[1001] / l[1730]
        };
        // "None is the news" (written years later) loses ground.
        assert!(near_over_later(3.0) > 2.5 * near_over_later(1.0));
    }
}
