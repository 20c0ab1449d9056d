//! Relative readers: days counted from the document date or the last date
//! mentioned ("hier", "la veille", "maintenant"), periods named with a
//! this/last/next word ("cette année", "l'an dernier", "last June"),
//! seasons, day parts and quarters, "il y a trois ans", "dans deux jours".

use crate::tokens::Tok;
use crate::vocab::{Unit, Vocabulary};

use super::calendar::{calendar_date, weekday_reading};
use super::clock::clock;
use super::duration::amount_units;
use super::words::{
    day_part_after, dir_after, dir_before, month_at, unit_at, weekday_at, year_after,
};
use super::{Amount, Cal, Core, Dir, From, Reading, Tod};

/// `offset` days from `from`, kept at day precision ("hier", "la veille",
/// "ce soir", a clock time of the reference day).
pub(super) fn day_shift(from: From, offset: i64) -> Core {
    Core::Shift {
        from,
        unit: Unit::Day,
        offset,
        keep: Unit::Day,
        week_end: false,
    }
}

/// "hier", "aujourd'hui", "demain" [weekday] [day part | à + clock].
pub(super) fn relative_day(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let (mut e, off) = v.relative_days.at(toks, j)?;
    let core = day_shift(From::Dct, *off);
    // "aujourd'hui vendredi": the weekday names the same day.
    if let Some((e2, _)) = weekday_at(v, toks, e) {
        e = e2;
    }
    if let Some((e2, tod)) = day_part_after(v, toks, e) {
        return Some((e2, core, Some(tod)));
    }
    // "hier à 10 h"
    if let Some(e2) = v.clock_before.end(toks, e) {
        if let Some((e3, _, Some(tod @ Tod::Clock(..)))) = clock(v, toks, e2) {
            return Some((e3, core, Some(tod)));
        }
    }
    Some((e, core, None))
}

/// "la veille", "le lendemain" [day part].
pub(super) fn narrative_day(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let (e, off) = v.narrative_days.at(toks, j)?;
    let core = day_shift(From::Reference, *off);
    if let Some((e2, tod)) = day_part_after(v, toks, e) {
        return Some((e2, core, Some(tod)));
    }
    Some((e, core, None))
}

/// "maintenant", "désormais", "now".
pub(super) fn reference_word(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let (e, r) = v.references.at(toks, j)?;
    Some((e, Core::Ref(r.clone()), None))
}

/// "cette année", "l'an dernier", "la semaine prochaine", "this week",
/// "ce jeudi", "cet été", "last June", "ce week-end", "ce soir".
pub(super) fn deictic(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    if let Some((e, dir)) = dir_before(v, toks, j) {
        return noun_with_dir(v, toks, e, dir);
    }
    // Noun then last/next word: "l'an dernier", "la semaine prochaine",
    // "l'hiver dernier", "le mois prochain".
    if let Some((e, unit, 1)) = unit_at(v, toks, j) {
        if let Some((e2, dir)) = dir_after(v, toks, e) {
            return shift_reading(unit, dir, e2);
        }
        // "ce mois-ci" is read with its determiner by dir_before.
    }
    if v.seasons.at(toks, j).is_some() {
        return season(v, toks, j);
    }
    if v.day_parts_alone.at(toks, j).is_some() {
        return day_part_alone(v, toks, j);
    }
    quarter(v, toks, j)
}

/// A season with a last/next word or a year after it ("l'hiver dernier",
/// "l'été 2024"), or after a context word ("en hiver").
pub(super) fn season(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let (e, s) = v.seasons.at(toks, j)?;
    let mut cal = Cal {
        season: Some(s.clone()),
        ..Cal::default()
    };
    if let Some((e2, dir)) = dir_after(v, toks, e) {
        cal.dir = Some(dir);
        return Some((e2, Core::Cal(cal), None));
    }
    if let Some((e2, y)) = year_after(toks, e, false) {
        cal.year = Some(y);
        return Some((e2, Core::Cal(cal), None));
    }
    if j > 0 && v.season_context.ends_at(toks, j).is_some() {
        return Some((e, Core::Cal(cal), None));
    }
    None
}

/// "la nuit", "dans la soirée", "tonight": a part of the reference day;
/// "la nuit de vendredi à samedi": of the day the night ends on (the
/// news of the small hours is that day's).
fn day_part_alone(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let (e, p) = v.day_parts_alone.at(toks, j)?;
    let night = v.of.end(toks, e).and_then(|e1| {
        let (e2, first) = weekday_at(v, toks, e1)?;
        let (end, day) = v
            .night_to
            .end(toks, e2)
            .and_then(|e3| weekday_at(v, toks, e3))
            .unwrap_or((e2, first));
        let cal = Cal {
            weekday: Some(day),
            ..Cal::default()
        };
        let (_, core, _) = weekday_reading(v, toks, j, &cal, Some(end))?;
        Some((end, core))
    });
    if let Some((end, core)) = night {
        return Some((end, core, Some(Tod::Part(p.clone()))));
    }
    let core = day_shift(From::Reference, 0);
    Some((e, core, Some(Tod::Part(p.clone()))))
}

/// A quarter: "le premier trimestre [2024]", "the first quarter of 2009".
pub(super) fn quarter(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let (e, o) = v.ordinals.at(toks, j)?;
    let (e2, Unit::Quarter, 1) = unit_at(v, toks, e)? else {
        return None;
    };
    if !(1..=4).contains(o) {
        return None;
    }
    let mut cal = Cal {
        quarter: Some(*o as u32),
        ..Cal::default()
    };
    let mut k = e2;
    let after_of = v.of.end(toks, k).unwrap_or(k);
    if let Some((e3, y)) = year_after(toks, after_of, false) {
        cal.year = Some(y);
        k = e3;
    }
    Some((k, Core::Cal(cal), None))
}

/// After a this/last/next word: a unit, weekday, month, season, week-end,
/// day part.
fn noun_with_dir(v: &Vocabulary, toks: &[Tok], e: usize, dir: Dir) -> Option<Reading> {
    if let Some(e2) = v.week_end.end(toks, e) {
        let offset = match dir {
            Dir::Last => -1,
            Dir::Next => 1,
            _ => 0,
        };
        let core = Core::Shift {
            from: From::Dct,
            unit: Unit::Week,
            offset,
            keep: Unit::Week,
            week_end: true,
        };
        return Some((e2, core, None));
    }
    if let Some((e2, d)) = weekday_at(v, toks, e) {
        // "ce jeudi 3 juillet": let the calendar reader take the date.
        if let Some((e3, Core::Cal(mut cal), tod)) = calendar_date(v, toks, e) {
            if cal.month.is_some() {
                cal.dir = cal.dir.or(Some(dir));
                return Some((e3, Core::Cal(cal), tod));
            }
        }
        let mut k = e2;
        let mut tod = None;
        if let Some((e3, t)) = day_part_after(v, toks, k) {
            tod = Some(t);
            k = e3;
        }
        return Some((k, Core::Weekday { weekday: d, dir }, tod));
    }
    if let Some((e2, m)) = month_at(v, toks, e) {
        let cal = Cal {
            month: Some(m),
            dir: Some(dir),
            ..Cal::default()
        };
        return Some((e2, Core::Cal(cal), None));
    }
    if let Some((e2, s)) = v.seasons.at(toks, e) {
        let cal = Cal {
            season: Some(s.clone()),
            dir: Some(dir),
            ..Cal::default()
        };
        return Some((e2, Core::Cal(cal), None));
    }
    if dir == Dir::This {
        if let Some((e2, p)) = v.day_parts.at(toks, e) {
            let core = day_shift(From::Dct, 0);
            return Some((e2, core, Some(Tod::Part(p.clone()))));
        }
    }
    let (e2, unit, count) = unit_at(v, toks, e)?;
    if count != 1 {
        return None;
    }
    let mut end = e2;
    if let Some(e3) = v.this_suffix.end(toks, end) {
        end = e3;
    }
    // "ces derniers jours" is a duration, read elsewhere.
    shift_reading(unit, dir, end)
}

/// One `unit` before, after or of the document date as `dir` says ("l'an
/// dernier", "this week"), ending at token `end`; a decade or century
/// before or after is a duration.
fn shift_reading(unit: Unit, dir: Dir, end: usize) -> Option<Reading> {
    if unit.is_clock() {
        return None;
    }
    // "the next decade" is ten years from now, not the 2020s.
    if matches!(unit, Unit::Decade | Unit::Century) && matches!(dir, Dir::Last | Dir::Next) {
        return Some((end, Core::Duration(vec![(Amount::Num(1.0), unit)]), None));
    }
    let offset = match dir {
        Dir::Last => -1,
        Dir::Next => 1,
        Dir::This | Dir::Auto => 0,
    };
    let core = Core::Shift {
        from: From::Dct,
        unit,
        offset,
        keep: unit,
        week_end: false,
    };
    Some((end, core, None))
}

/// "il y a deux semaines", "three years ago".
pub(super) fn ago(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    if let Some(e) = v.ago_before.end(toks, j) {
        let (e2, parts) = amount_units(v, toks, e)?;
        return shift_from_parts(&parts, -1, e2);
    }
    let (e, parts) = amount_units(v, toks, j)?;
    let e2 = v.ago_after.end(toks, e)?;
    shift_from_parts(&parts, -1, e2)
}

/// "dans trois jours", "in two weeks".
pub(super) fn in_future(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let e = v.in_before.end(toks, j)?;
    let (e2, parts) = amount_units(v, toks, e)?;
    shift_from_parts(&parts, 1, e2)
}

/// A whole number of one unit counted from the document date (`sign`: -1
/// back, 1 forward), ending at token `end`; other amounts are no shift.
fn shift_from_parts(parts: &[(Amount, Unit)], sign: i64, end: usize) -> Option<Reading> {
    let [(Amount::Num(n), unit)] = parts else {
        return None;
    };
    if n.fract() != 0.0 || unit.is_clock() {
        return None;
    }
    let offset = sign * (*n as i64);
    // Days and weeks ago name a day; months a month; years a year.
    let keep = match unit {
        Unit::Week | Unit::Day => Unit::Day,
        u => *u,
    };
    let core = Core::Shift {
        from: From::Dct,
        unit: *unit,
        offset,
        keep,
        week_end: false,
    };
    Some((end, core, None))
}
