//! Resolution: from a parsed meaning to a TimeML value, against the
//! document creation time (DCT) or the last date the text mentioned.
//!
//! Architecture invariant: resolution reads no words; it gets meanings from
//! the grammar and dates from the caller, and does the calendar arithmetic
//! (with chrono) and the TimeML spelling.

use chrono::{Datelike, Duration as Days, NaiveDate, Weekday};
use filrouge_model::{TimeExpression, TimexAnchor, TimexKind};

use crate::grammar::{Amount, Cal, Core, Dir, From, Parsed, Tod};
use crate::vocab::{Tense, Unit, Vocabulary};

/// A date known to some precision: the DCT or a reference time. Unknown
/// parts are `None` ("XXXX-06-04" has no year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartialDate {
    /// Year, when known.
    pub year: Option<i32>,
    /// Month 1-12, when known.
    pub month: Option<u32>,
    /// Day of the month, when known.
    pub day: Option<u32>,
}

impl PartialDate {
    /// A full day.
    pub fn day(date: NaiveDate) -> Self {
        PartialDate {
            year: Some(date.year()),
            month: Some(date.month()),
            day: Some(date.day()),
        }
    }

    /// Reads a TimeML or ISO value: `2025-07-03`, `2025-07-03T10:00`,
    /// `2025-12`, `2025`, `XXXX-06-04`. `None` when nothing can be read.
    pub fn parse(value: &str) -> Option<Self> {
        let date_part = value.split(['T', ' ']).next()?;
        let mut it = date_part.split('-');
        let year = it.next().and_then(|y| {
            if y.len() == 4 {
                y.parse::<i32>().ok()
            } else {
                None
            }
        });
        let month = it.next().and_then(|m| m.parse::<u32>().ok());
        let day = it
            .next()
            .and_then(|d| d.get(..2).unwrap_or(d).parse::<u32>().ok());
        let p = PartialDate { year, month, day };
        if p.year.is_none() && p.month.is_none() {
            return None;
        }
        if let (Some(y), Some(m), Some(d)) = (year, month, day) {
            NaiveDate::from_ymd_opt(y, m, d)?;
        }
        Some(p)
    }

    /// The full day, when year, month and day are known.
    pub fn full(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)
    }

    /// TimeML spelling with `X` for unknown parts, at the known precision.
    pub fn value(&self) -> String {
        let y = self
            .year
            .map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{y}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{y}-{m:02}"),
            _ => y,
        }
    }
}

/// One resolved expression: token range and annotation.
pub(crate) struct Resolved {
    pub start_tok: usize,
    pub end_tok: usize,
    pub expression: TimeExpression,
}

/// Resolves parsed expressions in text order, keeping the reference time.
pub(crate) fn resolve_all(
    v: &Vocabulary,
    parsed: &[Parsed],
    dct: Option<PartialDate>,
    quote: impl Fn(&Parsed) -> String,
) -> Vec<Resolved> {
    let mut reference: Option<(NaiveDate, String)> = None;
    let mut last_year: Option<(usize, i32)> = None;
    let mut out = Vec::with_capacity(parsed.len());
    for p in parsed {
        let mut r = Resolver {
            v,
            dct,
            reference: reference.as_ref(),
            sentence_year: last_year.filter(|(s, _)| *s == p.sentence).map(|(_, y)| y),
            reasons: Vec::new(),
            anchor: TimexAnchor::Explicit,
        };
        let (kind, value, day) = r.resolve(p);
        let expression = TimeExpression {
            kind,
            value,
            modifier: p.modifier.clone(),
            anchor: r.anchor,
            holiday: matches!(&p.core, Core::Cal(c) if c.holiday),
            // As the document date reads it: a full date heading the text.
            dateline: p.dateline
                && matches!(
                    &p.core,
                    Core::Cal(Cal {
                        year: Some(_),
                        day: Some(_),
                        ..
                    })
                ),
            reasons: r.reasons,
        };
        if let Some(day) = day {
            if matches!(kind, TimexKind::Date | TimexKind::Time) {
                reference = Some((day, quote(p)));
            }
        }
        if let Core::Cal(Cal { year: Some(y), .. }) = &p.core {
            last_year = Some((p.sentence, *y));
        }
        out.push(Resolved {
            start_tok: p.start,
            end_tok: p.end,
            expression,
        });
    }
    out
}

struct Resolver<'a> {
    v: &'a Vocabulary,
    dct: Option<PartialDate>,
    reference: Option<&'a (NaiveDate, String)>,
    /// A year written earlier in the same sentence ("en 97 (en janvier...").
    sentence_year: Option<i32>,
    reasons: Vec<String>,
    anchor: TimexAnchor,
}

impl Resolver<'_> {
    /// (type, value, the day it names when it names one).
    fn resolve(&mut self, p: &Parsed) -> (TimexKind, String, Option<NaiveDate>) {
        match &p.core {
            Core::Duration(parts) => (TimexKind::Duration, duration_value(parts), None),
            Core::Set(value) => (TimexKind::Set, value.clone(), None),
            Core::Ref(r) => (self.v.reference_kind, r.clone(), None),
            Core::Cal(cal) => {
                let (value, day) = self.calendar(cal, p.tense);
                self.with_tod(value, day, p.tod.as_ref())
            }
            Core::Shift {
                from,
                unit,
                offset,
                keep,
                week_end,
            } => {
                let base = self.base(*from);
                let (value, day) = match base {
                    Some(b) => shift(b, *unit, *offset, *keep, *week_end),
                    None => {
                        self.anchor = TimexAnchor::Unanchored;
                        (unknown(*keep, *week_end), None)
                    }
                };
                self.with_tod(value, day, p.tod.as_ref())
            }
            Core::Weekday { weekday, dir } => {
                let (value, day) = self.weekday(*weekday, *dir, p.tense);
                self.with_tod(value, day, p.tod.as_ref())
            }
        }
    }

    /// Adds a time of day to a date value.
    fn with_tod(
        &mut self,
        value: String,
        day: Option<NaiveDate>,
        tod: Option<&Tod>,
    ) -> (TimexKind, String, Option<NaiveDate>) {
        let Some(tod) = tod else {
            return (TimexKind::Date, value, day);
        };
        let date = match day {
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None if value.len() == 10 => value,
            None => "XXXX-XX-XX".to_string(),
        };
        let t = match tod {
            Tod::Clock(h, m, zone) => format!("{h:02}:{m:02}{zone}"),
            Tod::Part(p) => p.clone(),
        };
        (TimexKind::Time, format!("{date}T{t}"), day)
    }

    /// The anchor day of a relative expression, noting which it is.
    fn base(&mut self, from: From) -> Option<NaiveDate> {
        if from == From::Reference {
            if let Some((d, quoted)) = self.reference {
                self.anchor = TimexAnchor::Reference;
                self.reasons
                    .push(format!("counted from {} ({quoted})", d.format("%Y-%m-%d")));
                return Some(*d);
            }
        }
        let d = self.dct?.full()?;
        self.anchor = TimexAnchor::DocumentDate;
        self.reasons.push(format!(
            "counted from the document date {}",
            d.format("%Y-%m-%d")
        ));
        Some(d)
    }

    fn weekday(
        &mut self,
        weekday: u32,
        dir: Dir,
        tense: Option<Tense>,
    ) -> (String, Option<NaiveDate>) {
        let Some(a) = self.base(From::Dct) else {
            self.anchor = TimexAnchor::Unanchored;
            return ("XXXX-XX-XX".to_string(), None);
        };
        let target = weekday_from_number(weekday);
        let day = match dir {
            // "ce lundi" said on a Sunday is tomorrow: the nearest one,
            // the coming one on a tie.
            Dir::This => {
                let back = last_weekday(a, target);
                let fwd = next_weekday(a, target);
                if (a - back).num_days() < (fwd - a).num_days() {
                    back
                } else {
                    fwd
                }
            }
            Dir::Last => last_weekday(a - Days::days(1), target),
            Dir::Next => next_weekday(a + Days::days(1), target),
            Dir::Auto => match tense {
                Some(Tense::Future) => {
                    self.reasons
                        .push("future tense: the next such day".to_string());
                    next_weekday(a, target)
                }
                _ => last_weekday(a, target),
            },
        };
        (day.format("%Y-%m-%d").to_string(), Some(day))
    }

    /// The value of a calendar expression, inferring a missing year.
    fn calendar(&mut self, cal: &Cal, tense: Option<Tense>) -> (String, Option<NaiveDate>) {
        if let Some(d) = cal.decade {
            return (format!("{d}{}", self.v.decade_suffix), None);
        }
        if let Some(c) = cal.century {
            return (format!("{c}{}", self.v.century_suffix), None);
        }
        let year = match cal.year {
            Some(y) => Some(y),
            None => self.infer_year(cal, tense),
        };
        let y = year.map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
        if let Some(off) = cal.easter {
            let Some(yr) = year else {
                return ("XXXX-XX-XX".to_string(), None);
            };
            let Some(e) = easter(yr) else {
                return (y, None);
            };
            let d = e + Days::days(off);
            return (d.format("%Y-%m-%d").to_string(), Some(d));
        }
        if let Some(s) = &cal.season {
            return (format!("{y}-{s}"), None);
        }
        if let Some(q) = cal.quarter {
            return (format!("{y}-Q{q}"), None);
        }
        match (cal.month, cal.day) {
            (Some(m), Some(d)) => {
                let day = year.and_then(|yr| NaiveDate::from_ymd_opt(yr, m, d));
                (format!("{y}-{m:02}-{d:02}"), day)
            }
            (Some(m), None) => (format!("{y}-{m:02}"), None),
            _ => (y, None),
        }
    }

    /// The year of a date given without one, from the DCT: backwards in
    /// the past tense or after "dernier", forwards in the future or after
    /// "prochain", the nearest otherwise; a weekday given with the date
    /// picks among neighbouring years.
    fn infer_year(&mut self, cal: &Cal, tense: Option<Tense>) -> Option<i32> {
        if let (Some(y), Some(_), None) = (self.sentence_year, cal.month, cal.dir) {
            self.anchor = TimexAnchor::Reference;
            self.reasons
                .push(format!("year {y} written earlier in the sentence"));
            return Some(y);
        }
        let dct = self.dct;
        let Some(ay) = dct.and_then(|d| d.year) else {
            self.anchor = TimexAnchor::Unanchored;
            if let Some(w) = cal.weekday {
                self.reasons.push(format!(
                    "no document date: the year stays unknown (weekday {w} given)"
                ));
            }
            return None;
        };
        self.anchor = TimexAnchor::DocumentDate;
        let dct = dct.unwrap_or_default();
        let Some(am) = dct.month else {
            self.reasons.push(format!("year of the document date {ay}"));
            return Some(ay);
        };
        let ad = dct.day.unwrap_or(15);
        // Seasons and quarters without a month: this year, shifted by dir.
        let Some(month) = representative_month(cal) else {
            return Some(ay);
        };
        let day = cal.day.unwrap_or(if cal.month.is_some() { 15 } else { 1 });
        let month_only = cal.day.is_none();
        let dir = cal.dir.unwrap_or(Dir::Auto);
        let year = year_from_anchor(ay, (am, ad), (month, day), month_only, dir, tense);
        // A weekday given with the date: prefer a neighbouring year where
        // it fits.
        if let (Some(w), Some(d)) = (cal.weekday, cal.day) {
            let fits = |y: i32| {
                NaiveDate::from_ymd_opt(y, month, d)
                    .is_some_and(|x| x.weekday() == weekday_from_number(w))
            };
            if !fits(year) {
                if let Some(y2) = [year - 1, year + 1].into_iter().find(|y| fits(*y)) {
                    self.reasons
                        .push(format!("the weekday fits {y2}, not {year}"));
                    return Some(y2);
                }
            }
        }
        self.reasons.push(format!(
            "year from the document date {} ({})",
            dct.value(),
            year_rule(dir, tense, month_only)
        ));
        Some(year)
    }
}

/// The month a calendar expression stands for when its year is inferred:
/// its month, a season's middle month, a quarter's middle month, April for
/// a movable holiday; `None` for anything else.
fn representative_month(cal: &Cal) -> Option<u32> {
    match (cal.month, &cal.season, cal.quarter, cal.easter) {
        (Some(m), _, _, _) => Some(m),
        (None, Some(s), _, _) => Some(season_month(s)),
        (None, None, Some(q), _) => Some(q * 3 - 1),
        (None, None, None, Some(_)) => Some(4),
        _ => None,
    }
}

/// The year of (month, day) `key` from the anchor's year `ay` and its
/// (month, day) `akey`: the last one before the anchor, the next one after
/// it, the anchor's, or (no direction word) the nearest; a month alone
/// (`month_only`) follows the tense.
fn year_from_anchor(
    ay: i32,
    akey: (u32, u32),
    key: (u32, u32),
    month_only: bool,
    dir: Dir,
    tense: Option<Tense>,
) -> i32 {
    match dir {
        Dir::This => ay,
        Dir::Last => {
            let strictly_before = if month_only {
                key.0 < akey.0
            } else {
                key < akey
            };
            if strictly_before {
                ay
            } else {
                ay - 1
            }
        }
        Dir::Next => {
            let strictly_after = if month_only {
                key.0 > akey.0
            } else {
                key > akey
            };
            if strictly_after {
                ay
            } else {
                ay + 1
            }
        }
        // Dates in news are mostly near the document date, whatever the
        // tense of the sentence (measured on French TimeBank: tense cues
        // moved more dates to the wrong year than to the right one).
        // A month alone follows the tense ("in August" in a past story
        // is last August).
        Dir::Auto => match (month_only, tense) {
            (true, Some(Tense::Past)) if key.0 > akey.0 => ay - 1,
            (true, Some(Tense::Future)) if key.0 < akey.0 => ay + 1,
            (true, Some(_)) => ay,
            _ => nearest_year(ay, akey, key),
        },
    }
}

/// How [`year_from_anchor`] chose the year, in words.
fn year_rule(dir: Dir, tense: Option<Tense>, month_only: bool) -> &'static str {
    match (dir, tense) {
        (Dir::Last, _) => "the last one before it",
        (Dir::Next, _) => "the next one after it",
        (Dir::This, _) => "the same year",
        (Dir::Auto, Some(Tense::Past)) if month_only => "past tense: on or before it",
        (Dir::Auto, Some(Tense::Future)) if month_only => "future tense: on or after it",
        (Dir::Auto, _) => "the nearest",
    }
}

/// The year among ay-1, ay, ay+1 whose (month, day) is nearest the anchor.
fn nearest_year(ay: i32, akey: (u32, u32), key: (u32, u32)) -> i32 {
    let ord = |k: (u32, u32)| i64::from(k.0) * 31 + i64::from(k.1);
    let a = ord(akey);
    let k = ord(key);
    [ay - 1, ay, ay + 1]
        .into_iter()
        .min_by_key(|y| (i64::from(*y - ay) * 372 + k - a).abs())
        .unwrap_or(ay)
}

/// A middle month of a season.
fn season_month(s: &str) -> u32 {
    match s {
        "SP" => 4,
        "SU" => 7,
        "FA" => 10,
        _ => 1,
    }
}

pub(crate) fn weekday_from_number(n: u32) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// The `target` weekday on or before `d`.
fn last_weekday(d: NaiveDate, target: Weekday) -> NaiveDate {
    let back = (7 + d.weekday().num_days_from_monday() - target.num_days_from_monday()) % 7;
    d - Days::days(i64::from(back))
}

/// The `target` weekday on or after `d`.
fn next_weekday(d: NaiveDate, target: Weekday) -> NaiveDate {
    let fwd = (7 + target.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
    d + Days::days(i64::from(fwd))
}

/// `offset` units from `base`, spelled at the precision of `keep`.
fn shift(
    base: NaiveDate,
    unit: Unit,
    offset: i64,
    keep: Unit,
    week_end: bool,
) -> (String, Option<NaiveDate>) {
    let moved = match unit {
        Unit::Day => base.checked_add_signed(Days::days(offset)),
        Unit::Week => base.checked_add_signed(Days::days(offset * 7)),
        Unit::Month => add_months(base, offset),
        Unit::Quarter => add_months(base, offset * 3),
        Unit::Year => add_months(base, offset * 12),
        Unit::Decade => add_months(base, offset * 120),
        Unit::Century => add_months(base, offset * 1200),
        Unit::Hour | Unit::Minute | Unit::Second => Some(base),
    };
    let Some(d) = moved else {
        return (unknown(keep, week_end), None);
    };
    match keep {
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => {
            (d.format("%Y-%m-%d").to_string(), Some(d))
        }
        Unit::Week => {
            let w = d.iso_week();
            let we = if week_end { "-WE" } else { "" };
            (format!("{:04}-W{:02}{we}", w.year(), w.week()), None)
        }
        Unit::Month => (d.format("%Y-%m").to_string(), None),
        Unit::Quarter => (
            format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1),
            None,
        ),
        Unit::Year => (format!("{:04}", d.year()), None),
        Unit::Decade => (format!("{}", d.year() / 10), None),
        Unit::Century => (format!("{}", d.year() / 100), None),
    }
}

fn add_months(d: NaiveDate, months: i64) -> Option<NaiveDate> {
    let total = i64::from(d.year()) * 12 + i64::from(d.month0()) + months;
    let y = i32::try_from(total.div_euclid(12)).ok()?;
    let m = u32::try_from(total.rem_euclid(12)).ok()? + 1;
    let mut day = d.day();
    loop {
        if let Some(x) = NaiveDate::from_ymd_opt(y, m, day) {
            return Some(x);
        }
        if day <= 28 {
            return None;
        }
        day -= 1;
    }
}

/// The value of a relative expression without an anchor.
fn unknown(keep: Unit, week_end: bool) -> String {
    match keep {
        Unit::Week if week_end => "XXXX-WXX-WE".to_string(),
        Unit::Week => "XXXX-WXX".to_string(),
        Unit::Month => "XXXX-XX".to_string(),
        Unit::Year | Unit::Quarter | Unit::Decade | Unit::Century => "XXXX".to_string(),
        _ => "XXXX-XX-XX".to_string(),
    }
}

/// Easter Sunday (Gregorian computus, anonymous algorithm).
fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// TimeML duration value: `P2W`, `PT1H30M`, `P18M`, `PT30.4S`, `PXD`.
pub(crate) fn duration_value(parts: &[(Amount, Unit)]) -> String {
    // Vague amounts: PX + the largest unit.
    if let Some((_, u)) = parts.iter().find(|(a, _)| matches!(a, Amount::Vague)) {
        return if u.is_clock() {
            format!("PTX{}", u.letter())
        } else {
            format!("PX{}", plain_unit(*u).1.letter())
        };
    }
    // Spread fractions down to smaller units, then spell.
    let mut amounts: Vec<(Unit, f64)> = Vec::new();
    for (a, u) in parts {
        let Amount::Num(n) = a else { continue };
        let (factor, unit) = plain_unit(*u);
        add_amount(&mut amounts, unit, n * factor);
    }
    amounts.sort_by_key(|(u, _)| *u);
    let mut date = String::new();
    let mut time = String::new();
    for (u, n) in amounts {
        let s = format_number(n);
        if u.is_clock() {
            time.push_str(&format!("{s}{}", u.letter()));
        } else {
            date.push_str(&format!("{s}{}", u.letter()));
        }
    }
    if time.is_empty() {
        format!("P{date}")
    } else {
        format!("P{date}T{time}")
    }
}

/// Decades and centuries are written in years ("un demi-siècle" is P50Y).
fn plain_unit(u: Unit) -> (f64, Unit) {
    match u {
        Unit::Decade => (10.0, Unit::Year),
        Unit::Century => (100.0, Unit::Year),
        Unit::Quarter => (3.0, Unit::Month),
        u => (1.0, u),
    }
}

/// Adds `n` of `u`, sending a fraction to the next smaller unit.
fn add_amount(amounts: &mut Vec<(Unit, f64)>, u: Unit, n: f64) {
    let whole = n.trunc();
    let frac = n - whole;
    let smaller = match u {
        Unit::Year => Some((Unit::Month, 12.0)),
        Unit::Week => Some((Unit::Day, 7.0)),
        Unit::Day => Some((Unit::Hour, 24.0)),
        Unit::Hour => Some((Unit::Minute, 60.0)),
        Unit::Minute => Some((Unit::Second, 60.0)),
        _ => None,
    };
    let (keep, rest) = match smaller {
        Some((s, f)) if frac > 1e-9 && ((frac * f) - (frac * f).round()).abs() < 1e-6 => {
            (whole, Some((s, frac * f)))
        }
        _ => (n, None),
    };
    if keep > 0.0 || rest.is_none() {
        match amounts.iter_mut().find(|(x, _)| *x == u) {
            Some((_, v)) => *v += keep,
            None => amounts.push((u, keep)),
        }
    }
    if let Some((s, r)) = rest {
        add_amount(amounts, s, r);
    }
}

fn format_number(n: f64) -> String {
    if (n - n.round()).abs() < 1e-9 {
        format!("{}", n.round() as i64)
    } else {
        let s = format!("{n:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_spelled_as_timeml() {
        let h = |n| (Amount::Num(n), Unit::Hour);
        assert_eq!(duration_value(&[h(1.5)]), "PT1H30M");
        assert_eq!(
            duration_value(&[h(1.0), (Amount::Num(15.0), Unit::Minute)]),
            "PT1H15M"
        );
        assert_eq!(duration_value(&[(Amount::Num(2.0), Unit::Week)]), "P2W");
        assert_eq!(duration_value(&[(Amount::Num(0.5), Unit::Century)]), "P50Y");
        assert_eq!(
            duration_value(&[(Amount::Num(30.4), Unit::Second)]),
            "PT30.4S"
        );
        assert_eq!(duration_value(&[(Amount::Vague, Unit::Day)]), "PXD");
    }

    #[test]
    fn partial_dates_read_and_spell() {
        let p = PartialDate::parse("XXXX-06-04").expect("read");
        assert_eq!((p.year, p.month, p.day), (None, Some(6), Some(4)));
        assert_eq!(p.value(), "XXXX-06-04");
        assert_eq!(
            PartialDate::parse("2013-03-22T10:00").and_then(|p| p.full()),
            NaiveDate::from_ymd_opt(2013, 3, 22)
        );
        assert!(PartialDate::parse("nonsense").is_none());
    }

    #[test]
    fn easter_is_computed() {
        assert_eq!(easter(2025), NaiveDate::from_ymd_opt(2025, 4, 20));
        assert_eq!(easter(1999), NaiveDate::from_ymd_opt(1999, 4, 4));
    }
}
