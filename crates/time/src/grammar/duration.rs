//! Lengths of time and recurrences: "deux heures et demie", "pendant trois
//! semaines", "tous les jeudis", "chaque année".

use crate::tokens::{Tok, TokKind};
use crate::vocab::{Unit, Vocabulary};

use super::words::{amount, day_part_after, unit_at, weekday_at};
use super::{Amount, Core, Reading, Tod};

/// Amounts of units joined by "et": "une heure et quinze minutes",
/// "une heure et demie", "an hour and a half", "30,4 secondes".
pub(super) fn amount_units(
    v: &Vocabulary,
    toks: &[Tok],
    j: usize,
) -> Option<(usize, Vec<(Amount, Unit)>)> {
    let mut parts = Vec::new();
    let mut k = j;
    // "half an hour"
    if let Some(e) = v.half.end(toks, k) {
        if let Some((e2, unit, count)) = unit_at(v, toks, e) {
            parts.push((Amount::Num(0.5 * f64::from(count)), unit));
            return Some((e2, parts));
        }
    }
    let (e, a) = amount(v, toks, k)?;
    // A hyphenated adjective: "four-week".
    let e = if matches!(toks.get(e), Some(t) if t.norm == "-" && !t.space_before) {
        e + 1
    } else {
        e
    };
    let (e2, unit, count) = unit_at(v, toks, e)?;
    let a = match a {
        Amount::Num(n) => Amount::Num(n * f64::from(count)),
        Amount::Vague => Amount::Vague,
    };
    parts.push((a, unit));
    k = e2;
    loop {
        // "et demie", "and a half"
        if let Some(h) = v.half.end(toks, k) {
            if let Some((Amount::Num(n), _)) = parts.last_mut() {
                *n += 0.5;
            }
            k = h;
            break;
        }
        let Some(a_end) = v.and.end(toks, k) else {
            break;
        };
        let Some((e3, a2)) = amount(v, toks, a_end) else {
            break;
        };
        let Some((e4, u2, c2)) = unit_at(v, toks, e3) else {
            break;
        };
        if u2 >= unit || parts.iter().any(|(_, u)| *u == u2) {
            let a2 = match a2 {
                Amount::Num(n) => Amount::Num(n * f64::from(c2)),
                x => x,
            };
            parts.push((a2, u2));
            k = e4;
        } else {
            break;
        }
    }
    Some((k, parts))
}

/// Durations: "deux semaines", "plus d'une heure", "quelques jours",
/// "les deux dernières semaines", "the past two years", "recent weeks".
pub(super) fn duration(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    // "les N derniers jours" / "ces derniers jours" / "the past N years".
    let mut k = j;
    if let Some(e) = v.this.end(toks, k) {
        k = e;
    }
    if !v.relative_after {
        if let Some(e) = v.recent.end(toks, k) {
            k = e;
        }
    }
    if let Some((e, a)) = amount(v, toks, k) {
        if v.relative_after {
            if let Some(e2) = v.recent.end(toks, e) {
                if let Some((e3, unit, _)) = unit_at(v, toks, e2) {
                    return Some((e3, Core::Duration(vec![(a, unit)]), None));
                }
            }
        }
    } else if v.relative_after && k > j {
        // "ces derniers jours", "ces dernières 24 heures".
        if let Some(e2) = v.recent.end(toks, k) {
            if let Some((e3, unit, _)) = unit_at(v, toks, e2) {
                return Some((e3, Core::Duration(vec![(Amount::Vague, unit)]), None));
            }
            if let Some((e3, parts)) = amount_units(v, toks, e2) {
                return Some((e3, Core::Duration(parts), None));
            }
        }
    }
    // "for years", "days before": a plural unit alone.
    if k == j {
        if let Some((e, unit, _)) = unit_at(v, toks, j) {
            let plural = toks[j].norm.ends_with('s') && e == j + 1;
            let cued = (j > 0 && v.bare_units_before.ends_at(toks, j).is_some())
                || v.bare_units_after.end(toks, e).is_some();
            if plural && cued {
                return Some((e, Core::Duration(vec![(Amount::Vague, unit)]), None));
            }
        }
    }
    let (e, parts) = amount_units(v, toks, k).or_else(|| {
        // "the past week", "recent weeks": no amount.
        if k > j {
            let (e, unit, _) = unit_at(v, toks, k)?;
            let a = if toks[k].norm.ends_with('s') {
                Amount::Vague
            } else {
                Amount::Num(1.0)
            };
            Some((e, vec![(a, unit)]))
        } else {
            None
        }
    })?;
    // "une seconde fois" is no duration.
    if v.not_duration_after.end(toks, e).is_some() {
        return None;
    }
    // An age: "Jean, 87 ans,", "un homme de 37 ans" (but "plus de 20 ans"
    // is a duration: the "de" belongs to the modifier).
    if k == j
        && matches!(parts.as_slice(), [(Amount::Num(_), Unit::Year)])
        && j > 0
        && v.modifiers.ends_at(toks, j).is_none()
        && is_age(v, toks, j, e)
    {
        return None;
    }
    Some((e, Core::Duration(parts), None))
}

/// Whether "N ans" between `j` and `e` gives someone's age: after a comma
/// and before a mark ("Jean, 87 ans, a"), or after "de"/"à" and not before
/// "de" ("un homme de 37 ans", but "une peine de 2 ans de prison").
fn is_age(v: &Vocabulary, toks: &[Tok], j: usize, e: usize) -> bool {
    let Some(before) = v.age_before.ends_at(toks, j) else {
        return false;
    };
    let next = toks.get(e);
    if toks[before].norm == "," {
        return next.is_none_or(|t| t.kind == TokKind::Mark);
    }
    v.of.end(toks, e).is_none()
}

/// "chaque semaine", "tous les jeudis", "every year", "quotidien",
/// "par an" (the unit alone, as the gold marks it).
pub(super) fn set(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    if let Some((e, value)) = v.set_adjectives.at(toks, j) {
        return Some((e, Core::Set(value.clone()), None));
    }
    if let Some(e) = v.each.end(toks, j) {
        if let Some((e2, d)) = weekday_at(v, toks, e) {
            let mut k = e2;
            let mut value = format!("XXXX-WXX-{d}");
            if let Some((e3, Tod::Part(p))) = day_part_after(v, toks, k) {
                value = format!("{value}T{p}");
                k = e3;
            }
            return Some((k, Core::Set(value), None));
        }
        if let Some((e2, p)) = v.day_parts.at(toks, e) {
            return Some((e2, Core::Set(format!("XXXX-XX-XXT{p}")), None));
        }
        let (e2, unit, count) = unit_at(v, toks, e)?;
        return Some((e2, Core::Set(period(unit, count)), None));
    }
    // "par an": the unit after "par".
    if j > 0 && v.per.ends_at(toks, j).is_some() {
        let (e2, unit, count) = unit_at(v, toks, j)?;
        if toks[j].norm.ends_with('s') {
            return None;
        }
        return Some((e2, Core::Set(period(unit, count)), None));
    }
    None
}

/// "P1W", "P1D", "PT1H".
pub(super) fn period(unit: Unit, count: u32) -> String {
    if unit.is_clock() {
        format!("PT{count}{}", unit.letter())
    } else {
        format!("P{count}{}", unit.letter())
    }
}
