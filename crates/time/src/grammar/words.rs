//! Word classes at a token position, the small readers the rules are made
//! of: numbers and amounts, units, month and weekday names, days of the
//! month, years, day parts, last/next words, context words.

use crate::tokens::{Tok, TokKind};
use crate::vocab::{Unit, Vocabulary};

use super::{Amount, Dir, Tod};

/// A number: digits (with a glued decimal part) or number words.
pub(super) fn amount(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Amount)> {
    let t = toks.get(j)?;
    if let Some(n) = t.number() {
        // "30,4", "2.5"
        if let (Some(sep), Some(frac)) = (toks.get(j + 1), toks.get(j + 2)) {
            if (sep.norm == "," || sep.norm == ".")
                && !sep.space_before
                && !frac.space_before
                && frac.kind == TokKind::Number
            {
                let text = format!("{n}.{}", frac.norm);
                if let Ok(x) = text.parse::<f64>() {
                    return Some((j + 3, Amount::Num(x)));
                }
            }
        }
        return Some((j + 1, Amount::Num(f64::from(n))));
    }
    if let Some(e) = v.vague.end(toks, j) {
        return Some((e, Amount::Vague));
    }
    if let Some(e) = v.quarter.end(toks, j) {
        return Some((e, Amount::Num(0.25)));
    }
    number_words(v, toks, j).map(|(e, n)| (e, Amount::Num(n)))
}

/// Number words: "vingt-cinq", "soixante et onze", "deux cents", "un demi".
fn number_words(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, f64)> {
    let (mut e, first) = v.numbers.at(toks, j)?;
    let mut total = f64::from(*first);
    if let Some((_, m)) = v.multipliers.at(toks, j) {
        total = f64::from(*m);
    }
    loop {
        // Joiners: a glued hyphen or "et" between two number words.
        let mut k = e;
        if matches!(toks.get(k), Some(t) if t.norm == "-" && !t.space_before) {
            k += 1;
        } else if let Some(a) = v.and.end(toks, k) {
            if v.numbers.at(toks, a).is_some() && v.half.at(toks, k).is_none() {
                k = a;
            }
        }
        if let Some((ne, _)) = v.multipliers.at(toks, k) {
            let Some((_, m)) = v.multipliers.at(toks, k) else {
                break;
            };
            total = total.max(1.0) * f64::from(*m);
            e = ne;
            continue;
        }
        // Only "vingt-cinq", "dix-huit", "soixante et onze": a smaller
        // number after a round one. "a four-week" is not five.
        match v.numbers.at(toks, k) {
            Some((ne, n)) if f64::from(*n) < total && total >= 10.0 && total % 10.0 == 0.0 => {
                total += f64::from(*n);
                e = ne;
            }
            _ => break,
        }
    }
    // "un demi-siècle", "half a": a half of the unit.
    if let Some(h) = v.half.end(toks, e) {
        if total == 1.0 && matches!(toks.get(h), Some(t) if t.norm == "-") {
            return Some((h + 1, 0.5));
        }
    }
    Some((e, total))
}

/// A unit noun.
pub(super) fn unit_at(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Unit, u32)> {
    v.units.at(toks, j).map(|(e, u)| (e, u.unit, u.count))
}

/// A month name (capitalised when the language wants it).
pub(super) fn month_at(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, u32)> {
    let t = toks.get(j)?;
    if v.capitalised_names && !t.capitalised {
        return None;
    }
    v.months.at(toks, j).map(|(e, m)| (e, *m))
}

/// A weekday name (capitalised when the language wants it); plurals too.
pub(super) fn weekday_at(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, u32)> {
    let t = toks.get(j)?;
    if v.capitalised_names && !t.capitalised {
        return None;
    }
    if let Some((e, d)) = v.weekdays.at(toks, j) {
        return Some((e, *d));
    }
    // "jeudis", "Sundays"
    let stem = t.norm.strip_suffix('s')?;
    let probe = Tok {
        norm: stem.into(),
        ..t.clone()
    };
    v.weekdays
        .at(std::slice::from_ref(&probe), 0)
        .map(|(_, d)| (j + 1, *d))
}

/// A day of the month: 1-31 as digits or an ordinal ("1er", "3rd").
pub(super) fn day_at(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, u32)> {
    if let Some((e, o)) = v.ordinals.at(toks, j) {
        if (1..=31).contains(o) && toks[j].kind == TokKind::Number {
            return Some((e, *o as u32));
        }
    }
    let t = toks.get(j)?;
    let n = t.number()?;
    if (1..=31).contains(&n) && t.norm.len() <= 2 {
        // "3rd", "21st", "22nd" not listed as ordinals.
        if let Some(s) = toks.get(j + 1) {
            if !s.space_before && matches!(s.norm.as_str(), "st" | "nd" | "rd" | "th" | "er" | "e")
            {
                return Some((j + 2, n));
            }
        }
        return Some((j + 1, n));
    }
    None
}

/// A year after a month or a day: four digits, or two ("octobre 98").
pub(super) fn year_after(toks: &[Tok], j: usize, two_digits: bool) -> Option<(usize, i32)> {
    let t = toks.get(j)?;
    let n = t.number()?;
    match t.norm.len() {
        4 if (1000..=2999).contains(&n) => Some((j + 1, n as i32)),
        2 if two_digits => Some((j + 1, two_digit_year(n))),
        _ => None,
    }
}

/// 98 is 1998, 03 is 2003.
pub(super) fn two_digit_year(n: u32) -> i32 {
    if n >= 50 {
        1900 + n as i32
    } else {
        2000 + n as i32
    }
}

/// A day part after a day: "soir", "matin", "après-midi", "night".
pub(super) fn day_part_after(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Tod)> {
    // "hier en début d'après-midi": a part word may come first.
    let mut k = j;
    if let Some(e) = v.in_before.end(toks, k) {
        if v.parts.at(toks, e).is_some() {
            k = e;
        }
    }
    if let Some((e, _)) = v.parts.at(toks, k) {
        if v.day_parts.at(toks, e).is_some() {
            k = e;
        }
    }
    v.day_parts
        .at(toks, k)
        .map(|(e, p)| (e, Tod::Part(p.clone())))
}

/// A last/next word ("dernier", "prochain") after position `j`.
pub(super) fn dir_after(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Dir)> {
    if !v.relative_after {
        return None;
    }
    if let Some(e) = v.last.end(toks, j) {
        return Some((e, Dir::Last));
    }
    v.next.end(toks, j).map(|e| (e, Dir::Next))
}

/// A this/last/next word before a noun at `j`.
pub(super) fn dir_before(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Dir)> {
    if let Some(e) = v.this.end(toks, j) {
        return Some((e, Dir::This));
    }
    if v.relative_after {
        return None;
    }
    if let Some(e) = v.last.end(toks, j) {
        return Some((e, Dir::Last));
    }
    v.next.end(toks, j).map(|e| (e, Dir::Next))
}

/// Whether a context word ("en", "de", "in") ends right before `j`.
pub(super) fn has_context_before(v: &Vocabulary, toks: &[Tok], j: usize) -> bool {
    j > 0 && v.context_before.ends_at(toks, j).is_some()
}

/// Whether a quantity noun follows at `e` ("2000 personnes").
pub(super) fn is_quantity(v: &Vocabulary, toks: &[Tok], e: usize) -> bool {
    v.quantities.end(toks, e).is_some()
}

/// "de", "of" between a day and its month ("the 3rd of July").
pub(super) fn skip_of(v: &Vocabulary, toks: &[Tok], e: usize) -> usize {
    if v.capitalised_names {
        if let Some(e2) = v.of.end(toks, e) {
            return e2;
        }
    }
    e
}

/// "xixe", "xxe", "xxie" → 19, 20, 21.
pub(super) fn roman_ordinal(s: &str) -> Option<i32> {
    let body = s.strip_suffix("eme").or_else(|| s.strip_suffix('e'))?;
    let mut total = 0;
    let mut prev = 0;
    for c in body.chars().rev() {
        let v = match c {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0).then_some(total)
}
