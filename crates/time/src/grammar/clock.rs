//! Clock times: "10 h 30", "15:00 GMT", "midi", "3 p.m.".

use crate::tokens::Tok;
use crate::vocab::{Unit, Vocabulary};

use super::relative::day_shift;
use super::{Amount, Core, From, Reading, Tod};

/// "14 h", "14 h 30", "13h00", "à 13 heures", "midi", "8 PM", "10:30 a.m.".
pub(super) fn clock(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let here = |e: usize, h: u32, m: u32| -> Option<Reading> {
        if h > 24 || m > 59 {
            return None;
        }
        // "15:00 GMT", "12 h 30 heure de Paris": the zone joins the extent.
        let (e, zone) = match v.zones.at(toks, e) {
            Some((ze, z)) => (ze, if z == "Z" { "Z" } else { "" }),
            None => (e, ""),
        };
        let core = day_shift(From::Reference, 0);
        Some((e, core, Some(Tod::Clock(h, m, zone))))
    };
    if let Some((e, (h, m))) = v.clock_named.at(toks, j) {
        return here(e, *h, *m);
    }
    let t = toks.get(j)?;
    let h = t.number()?;
    if t.norm.len() > 2 {
        return None;
    }
    // hh:mm [am|pm]
    if let (Some(c), Some(mm)) = (toks.get(j + 1), toks.get(j + 2)) {
        if c.norm == ":" && !c.space_before && !mm.space_before && mm.norm.len() == 2 {
            let m = mm.number()?;
            // hh:mm:ss is a race time, a duration.
            if matches!(toks.get(j + 3), Some(c2) if c2.norm == ":" && !c2.space_before) {
                let s = toks.get(j + 4)?.number()?;
                let parts = vec![
                    (Amount::Num(f64::from(h)), Unit::Hour),
                    (Amount::Num(f64::from(m)), Unit::Minute),
                    (Amount::Num(f64::from(s)), Unit::Second),
                ];
                return Some((j + 5, Core::Duration(parts), None));
            }
            let (e, h) = am_pm(v, toks, j + 3, h);
            return here(e, h, m);
        }
    }
    // h am/pm
    let (e, h12) = am_pm(v, toks, j + 1, h);
    if e > j + 1 {
        return here(e, h12, 0);
    }
    // 14 h [30] / 14 heures [30]
    let he = v.clock_hours.end(toks, j + 1)?;
    let abbreviated = toks[j + 1].norm.len() <= 1;
    let mut e = he;
    let mut m = 0;
    if let Some(mt) = toks.get(he) {
        if let Some(n) = mt.number() {
            if mt.norm.len() == 2 || (mt.norm.len() == 1 && abbreviated) {
                m = n;
                e = he + 1;
                if let Some(e2) = v.clock_minutes.end(toks, e) {
                    e = e2;
                }
            }
        }
    }
    // "à 13 heures" is a time, "près de 24 heures" a duration.
    let cued = j > 0
        && v.clock_before.ends_at(toks, j).is_some()
        && v.modifiers.ends_at(toks, j).is_none();
    if !(abbreviated || cued || e > he) {
        return None;
    }
    let (e, h) = am_pm(v, toks, e, h);
    here(e, h, m)
}

/// Applies "p.m." / "du soir" after a clock time.
fn am_pm(v: &Vocabulary, toks: &[Tok], e: usize, h: u32) -> (usize, u32) {
    if let Some(e2) = v.pm.end(toks, e) {
        return (e2, if h < 12 { h + 12 } else { h });
    }
    if let Some(e2) = v.am.end(toks, e) {
        return (e2, if h == 12 { 0 } else { h });
    }
    (e, h)
}
