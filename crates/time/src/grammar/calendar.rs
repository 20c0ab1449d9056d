//! Calendar readers: dates and parts of dates ("jeudi 3 juillet 2025",
//! "juillet 2025", "July 3", "03/07/2025"), weekdays alone, years, decades
//! and centuries, holidays.

use crate::tokens::{Tok, TokKind};
use crate::vocab::{Unit, Vocabulary};

use super::words::{
    day_at, day_part_after, dir_after, has_context_before, is_quantity, month_at, roman_ordinal,
    skip_of, two_digit_year, unit_at, weekday_at, year_after,
};
use super::{Cal, Core, Dir, Reading};

/// "[le] [jeudi] 3 juillet [2025]", "juillet 2025", "July 3, 2025",
/// "jeudi [soir]", "juin dernier", "mi-mai".
pub(super) fn calendar_date(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    // "le mois de juin": the prefix belongs to the expression.
    let j = v
        .month_prefix
        .end(toks, j)
        .filter(|&e| month_at(v, toks, e).is_some())
        .unwrap_or(j);
    let mut cal = Cal::default();
    let mut k = j;
    let mut weekday_only_end = None;
    if let Some((e, d)) = weekday_at(v, toks, j) {
        cal.weekday = Some(d);
        k = e;
        if matches!(toks.get(k), Some(t) if t.norm == ",") {
            k += 1;
        }
        weekday_only_end = Some(e);
    }
    if let Some((day, m, e)) = day_then_month(v, toks, k) {
        cal.day = Some(day);
        cal.month = Some(m);
        k = e;
    } else if let Some((m, day, e)) = month_then_day(v, toks, k, cal.weekday.is_some()) {
        cal.month = Some(m);
        cal.day = day;
        k = e;
    }
    if cal.month.is_none() {
        return weekday_reading(v, toks, j, &cal, weekday_only_end);
    }
    // Year.
    let mut kk = k;
    if matches!(toks.get(kk), Some(t) if t.norm == ",") {
        kk += 1;
    }
    if let Some((e, y)) = year_after(toks, kk, cal.day.is_some() || kk == k) {
        if !is_quantity(v, toks, e) {
            cal.year = Some(y);
            k = e;
        }
    }
    if cal.year.is_none() {
        if let Some((e, d)) = dir_after(v, toks, k) {
            cal.dir = Some(d);
            k = e;
        }
    }
    let mut tod = None;
    if cal.day.is_some() {
        if let Some((e, t)) = day_part_after(v, toks, k) {
            tod = Some(t);
            k = e;
        }
    }
    Some((k, Core::Cal(cal), tod))
}

/// Day then month (French, British: "3 juillet", "the 3rd of July"): the
/// day, the month and where they end.
fn day_then_month(v: &Vocabulary, toks: &[Tok], k: usize) -> Option<(u32, u32, usize)> {
    let (e, day) = day_at(v, toks, k)?;
    let e = skip_of(v, toks, e);
    let (e2, m) = month_at(v, toks, e)?;
    Some((day, m, e2))
}

/// Month then day (American: "July 3"), or a month alone: the month, the
/// day if any and where they end. A month alone, without a weekday before
/// it, needs a context word or a year or a last/next word to be a month.
fn month_then_day(
    v: &Vocabulary,
    toks: &[Tok],
    k: usize,
    after_weekday: bool,
) -> Option<(u32, Option<u32>, usize)> {
    let month_start = k;
    let (mut k, m) = month_at(v, toks, k)?;
    let mut day = None;
    if let Some((e2, d)) = day_at(v, toks, k) {
        // "May 2010" is a year, not a day.
        if toks[k].norm.len() <= 2 {
            day = Some(d);
            k = e2;
        }
    }
    if day.is_none() && !after_weekday {
        let year_next = year_after(toks, k, true).is_some();
        let dir_next = dir_after(v, toks, k).is_some();
        let ctx = has_context_before(v, toks, month_start)
            || (month_start > 0
                && matches!(toks[month_start - 1].norm.as_str(), "-")
                && has_context_before(v, toks, month_start - 1));
        if !(year_next || dir_next || ctx) {
            return None;
        }
    }
    Some((m, day, k))
}

/// A weekday with no date: "jeudi", "jeudi soir", "jeudi dernier".
pub(super) fn weekday_reading(
    v: &Vocabulary,
    toks: &[Tok],
    _j: usize,
    cal: &Cal,
    end: Option<usize>,
) -> Option<Reading> {
    let weekday = cal.weekday?;
    let mut k = end?;
    let mut dir = Dir::Auto;
    if let Some((e, d)) = dir_after(v, toks, k) {
        dir = d;
        k = e;
    }
    let mut tod = None;
    if let Some((e, t)) = day_part_after(v, toks, k) {
        tod = Some(t);
        k = e;
    }
    Some((k, Core::Weekday { weekday, dir }, tod))
}

/// "03/07/2025", "2025-07-03", "3.7.2025".
pub(super) fn numeric_date(_v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let a = toks.get(j)?.number()?;
    let sep = toks.get(j + 1)?;
    if !matches!(sep.norm.as_str(), "/" | "-" | ".") || sep.space_before {
        return None;
    }
    let b_tok = toks.get(j + 2)?;
    let sep2 = toks.get(j + 3)?;
    let c_tok = toks.get(j + 4)?;
    if sep2.norm != sep.norm || b_tok.space_before || sep2.space_before || c_tok.space_before {
        return None;
    }
    let b = b_tok.number()?;
    let c = c_tok.number()?;
    let (y, m, d) = if toks[j].norm.len() == 4 {
        (a as i32, b, c)
    } else if c_tok.norm.len() == 4 {
        (c as i32, b, a)
    } else if c_tok.norm.len() == 2 && sep.norm == "/" {
        (two_digit_year(c), b, a)
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let cal = Cal {
        year: Some(y),
        month: Some(m),
        day: Some(d),
        ..Cal::default()
    };
    Some((j + 5, Core::Cal(cal), None))
}

/// "2025", "l'an 2000", "en 1999"; four digits between 1900 and 2099.
pub(super) fn year_alone(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let mut k = j;
    // "l'année 2001", "l'an 2000": a year unit before the number.
    if let Some((e, Unit::Year, 1)) = unit_at(v, toks, k) {
        if toks.get(e).and_then(Tok::number).is_some() {
            k = e;
        }
    }
    let t = toks.get(k)?;
    let n = t.number()?;
    // "en 97": a two-digit year after a year preposition, before a mark.
    if t.norm.len() == 2
        && k > 0
        && v.two_digit_year_before.ends_at(toks, k).is_some()
        && toks
            .get(k + 1)
            .is_none_or(|x| x.kind == TokKind::Mark && x.norm != "%")
    {
        let cal = Cal {
            year: Some(two_digit_year(n)),
            ..Cal::default()
        };
        return Some((k + 1, Core::Cal(cal), None));
    }
    if t.norm.len() != 4 || !(1900..=2099).contains(&n) || is_quantity(v, toks, k + 1) {
        return None;
    }
    // "the 1953 team": a year used as a modifier of a noun.
    if k == j
        && k > 0
        && v.not_years_after.ends_at(toks, k).is_some()
        && toks.get(k + 1).is_some_and(|t| t.kind == TokKind::Word)
    {
        return None;
    }
    // Part of a bigger number: "12 2000" never, "1 999" with a thousands
    // space is a quantity.
    if k > 0 && toks[k - 1].kind == TokKind::Number {
        return None;
    }
    if let Some(n2) = toks.get(k + 1) {
        if n2.kind == TokKind::Number && n2.norm.len() == 3 {
            return None;
        }
    }
    let cal = Cal {
        year: Some(n as i32),
        ..Cal::default()
    };
    Some((k + 1, Core::Cal(cal), None))
}

/// "les années 60", "les années 1990", "the 1990s", "le XIXe siècle",
/// "the 20th century".
pub(super) fn decade(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    if let Some(e) = v.decades.end(toks, j) {
        let t = toks.get(e)?;
        let n = t.number()?;
        let dec = match t.norm.len() {
            2 if n % 10 == 0 => two_digit_year(n) / 10,
            4 if n % 10 == 0 => n as i32 / 10,
            _ => return None,
        };
        let cal = Cal {
            decade: Some(dec),
            ..Cal::default()
        };
        return Some((e + 1, Core::Cal(cal), None));
    }
    // "1990s"
    if let (Some(t), Some(s)) = (toks.get(j), toks.get(j + 1)) {
        if let Some(n) = t.number() {
            if t.norm.len() == 4 && n % 10 == 0 && s.norm == "s" && !s.space_before {
                let cal = Cal {
                    decade: Some(n as i32 / 10),
                    ..Cal::default()
                };
                return Some((j + 2, Core::Cal(cal), None));
            }
        }
    }
    // Centuries: a roman or digit ordinal then the century word.
    let t = toks.get(j)?;
    let (num, e) = if let Some((e, o)) = v.ordinals.at(toks, j) {
        (*o, e)
    } else if let Some(n) = roman_ordinal(&t.norm) {
        (n, j + 1)
    } else {
        return None;
    };
    let e2 = v.century.end(toks, e)?;
    if !(1..=30).contains(&num) {
        return None;
    }
    let cal = Cal {
        century: Some(num - 1),
        ..Cal::default()
    };
    Some((e2, Core::Cal(cal), None))
}

/// "Noël", "le Nouvel An", "Pâques", "Christmas" [year].
pub(super) fn holiday(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let mut cal = Cal::default();
    let e = if let Some((e, (m, d))) = v.holidays.at(toks, j) {
        cal.month = Some(*m);
        cal.day = Some(*d);
        cal.holiday = true;
        e
    } else if let Some((e, off)) = v.easter_holidays.at(toks, j) {
        cal.easter = Some(*off);
        e
    } else {
        return None;
    };
    if v.capitalised_names && !toks[j].capitalised {
        return None;
    }
    let mut k = e;
    if let Some((e2, y)) = year_after(toks, k, false) {
        cal.year = Some(y);
        k = e2;
    } else if let Some((e2, d)) = dir_after(v, toks, k) {
        cal.dir = Some(d);
        k = e2;
    }
    Some((k, Core::Cal(cal), None))
}
