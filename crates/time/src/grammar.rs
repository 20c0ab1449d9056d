//! The grammar: finds time expressions in tokens and says what each means,
//! before any date arithmetic.
//!
//! Each rule is a small function that tries to read one shape at a token
//! position and returns where it ends and a [`Core`] meaning. At every
//! position the longest reading wins; tagging then goes on after it.
//!
//! Architecture invariant: the grammar knows word classes and word order,
//! never a word: every word comes from the [`Vocabulary`]. It computes no
//! date: a meaning refers to "the document date" or "the last date
//! mentioned", which [`crate::resolve`] fills in.

use crate::tokens::{Tok, TokKind};
use crate::vocab::{Tense, Unit, Vocabulary};

/// What a relative expression counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum From {
    /// The document creation time.
    Dct,
    /// The last date the text mentioned (the DCT before any).
    Reference,
}

/// Which occurrence of a named period is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// As the tense says; the nearest one without a tense.
    Auto,
    /// The last one before the anchor ("jeudi dernier", "last June").
    Last,
    /// The next one after ("lundi prochain").
    Next,
    /// The one of the anchor's period ("ce jeudi", "cet été").
    This,
}

/// An amount of units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Amount {
    Num(f64),
    /// "quelques", "several".
    Vague,
}

/// A time of day.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tod {
    /// Hours and minutes, and a time-zone suffix ("Z" for UTC).
    Clock(u32, u32, &'static str),
    /// A part of the day: MO, AF, EV, NI, DT, MI.
    Part(String),
}

/// A calendar expression, partly given.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Cal {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub weekday: Option<u32>,
    pub season: Option<String>,
    pub quarter: Option<u32>,
    /// First three digits of a decade ("les années 60": 196).
    pub decade: Option<i32>,
    /// First two digits of a century ("XIXe siècle": 18).
    pub century: Option<i32>,
    /// Days from Easter Sunday of a movable holiday.
    pub easter: Option<i64>,
    pub dir: Option<Dir>,
    /// Named by a holiday ("Noël"): as likely before as after the document.
    pub holiday: bool,
}

/// The meaning of an expression before resolution.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Core {
    /// A calendar date or period.
    Cal(Cal),
    /// `offset` units from an anchor, kept at the precision of `keep`:
    /// "hier" (day -1), "la semaine dernière" (week -1), "il y a trois ans".
    Shift {
        from: From,
        unit: Unit,
        offset: i64,
        keep: Unit,
        week_end: bool,
    },
    /// A weekday near the anchor.
    Weekday { weekday: u32, dir: Dir },
    /// PRESENT_REF, PAST_REF, FUTURE_REF.
    Ref(String),
    /// A length of time.
    Duration(Vec<(Amount, Unit)>),
    /// A recurrence, its TimeML value given.
    Set(String),
}

/// One expression found in the tokens.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed {
    /// First token.
    pub start: usize,
    /// Token after the last.
    pub end: usize,
    pub core: Core,
    pub tod: Option<Tod>,
    /// TimeML mod: APPROX, MORE_THAN... or START, MID, END.
    pub modifier: Option<String>,
    /// The tense of the sentence around it, when a cue says.
    pub tense: Option<Tense>,
    /// Index of its sentence (counted by sentence-final marks).
    pub sentence: usize,
    /// Whether a since-word opens its clause ("depuis ... le 20 janvier"):
    /// the document is written after it.
    pub since: bool,
    /// Whether it stands where a byline or dateline does: near the top of
    /// the text, on a short line or at the head of its line.
    pub dateline: bool,
}

/// Finds every expression in `toks`, left to right, longest first.
pub(crate) fn parse(v: &Vocabulary, toks: &[Tok]) -> Vec<Parsed> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut sentence = 0;
    let mut counted = 0;
    while i < toks.len() {
        while counted < i {
            if toks[counted].ends_sentence() {
                sentence += 1;
            }
            counted += 1;
        }
        let starts_word = toks[i].kind != TokKind::Mark || toks[i].norm == "'";
        if starts_word && glued_to_previous(v, toks, i) {
            i += 1;
            continue;
        }
        if !v.may_start(&toks[i]) && roman_ordinal(&toks[i].norm).is_none() {
            i += 1;
            continue;
        }
        if let Some(mut p) = expression_at(v, toks, i) {
            if !glued_to_next(v, toks, p.end) {
                // Only weekdays and months without a year use the tense.
                let needs_tense = match &p.core {
                    Core::Weekday { .. } => true,
                    Core::Cal(c) => c.year.is_none() && c.day.is_none() && c.month.is_some(),
                    _ => false,
                };
                if needs_tense {
                    p.tense = tense_around(v, toks, p.start, p.end);
                }
                p.sentence = sentence;
                p.dateline = in_dateline(toks, p.start, p.end);
                i = p.end;
                out.push(p);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Bytes from the top of the text within which a byline or dateline stands.
const DATELINE_REACH: usize = 400;

/// Whether tokens `start..end` sit where a byline or dateline does: in the
/// first bytes of the text, and on a short line or first on their line
/// ("Jeudi 23 octobre 2025", "Published Oct. 14, 2025", "Sept 29 (Reuters) -").
fn in_dateline(toks: &[Tok], start: usize, end: usize) -> bool {
    if toks[start].start > DATELINE_REACH {
        return false;
    }
    let line_start = toks[..start]
        .iter()
        .rposition(|t| t.norm == "\n")
        .map_or(0, |k| toks[k].end);
    let line_end = toks[end..]
        .iter()
        .find(|t| t.norm == "\n")
        .map_or_else(|| toks.last().map_or(0, |t| t.end), |t| t.start);
    let more_text = toks[end..].iter().any(|t| t.norm == "\n");
    let short_line = line_end.saturating_sub(line_start) <= 120 && more_text;
    // "PARIS, France, Sept 29 (Reuters) -", "PARIS, 3 juillet —": a date heading its
    // line, then the dateline's punctuation.
    let heads_line = toks[start].start.saturating_sub(line_start) <= 60
        && toks
            .get(end)
            .is_some_and(|t| matches!(t.norm.as_str(), "(" | "-" | "—" | "–" | ":"));
    short_line || heads_line
}

/// Whether token `i` continues a word or compound begun before it
/// ("COVID-19", "A320", "Mar" in "Saint-Mar"): no expression starts there.
fn glued_to_previous(v: &Vocabulary, toks: &[Tok], i: usize) -> bool {
    if i == 0 || toks[i].space_before {
        return false;
    }
    let prev = &toks[i - 1];
    match prev.kind {
        TokKind::Word | TokKind::Number => true,
        TokKind::Mark => {
            prev.norm == "-"
                && i >= 2
                && !prev.space_before
                && toks[i - 2].kind != TokKind::Mark
                && !is_range(v, toks, i - 2, i)
        }
    }
}

/// "1982-1990", "mars-avril": two of a kind joined by a hyphen are a range,
/// each end an expression of its own.
fn is_range(v: &Vocabulary, toks: &[Tok], a: usize, b: usize) -> bool {
    let year = |t: &Tok| t.kind == TokKind::Number && t.norm.len() == 4;
    (year(&toks[a]) && year(&toks[b]))
        || (v.months.at(toks, a).is_some() && v.months.at(toks, b).is_some())
}

/// Whether the token at `end` continues the last word of an expression
/// ("Mar-a-Lago", "2000s" is read elsewhere).
fn glued_to_next(v: &Vocabulary, toks: &[Tok], end: usize) -> bool {
    let Some(next) = toks.get(end) else {
        return false;
    };
    if next.space_before {
        return false;
    }
    match next.kind {
        TokKind::Word | TokKind::Number => true,
        TokKind::Mark => {
            next.norm == "-"
                && matches!(toks.get(end + 1), Some(t) if !t.space_before && t.kind != TokKind::Mark && !is_range(v, toks, end - 1, end + 1))
        }
    }
}

/// The tense cue nearest the expression inside its sentence.
fn tense_around(v: &Vocabulary, toks: &[Tok], start: usize, end: usize) -> Option<Tense> {
    let mut best: Option<(usize, Tense)> = None;
    let mut k = start;
    while k > 0 {
        k -= 1;
        if toks[k].ends_sentence() {
            break;
        }
        if let Some(t) = v.tense_of(toks, k) {
            best = Some((start - k, t));
            break;
        }
    }
    let mut k = end;
    while k < toks.len() && !toks[k].ends_sentence() {
        if let Some(t) = v.tense_of(toks, k) {
            let d = k + 1 - end;
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, t));
            }
            break;
        }
        k += 1;
    }
    best.map(|(_, t)| t)
}

/// A reading of a core expression: its end, meaning and time of day.
type Reading = (usize, Core, Option<Tod>);

/// A rule reading one shape of core expression at a token position.
type Reader = fn(&Vocabulary, &[Tok], usize) -> Option<Reading>;

/// The longest expression starting at token `i`.
fn expression_at(v: &Vocabulary, toks: &[Tok], i: usize) -> Option<Parsed> {
    let mut j = i;
    let mut modifier = None;
    let mut outside = None;
    if let Some((e, m)) = v.modifiers.at(toks, j) {
        modifier = Some(m.clone());
        j = e;
    } else if let Some((e, m)) = v.modifiers_outside.at(toks, j) {
        modifier = Some(m.clone());
        outside = Some(e);
        j = e;
    }
    let mut part = None;
    if let Some((e, p)) = v.parts.at(toks, j) {
        part = Some(p.clone());
        j = e;
    }
    let mut best = core_at(v, toks, j);
    if let Some(e) = v.determiners.end(toks, j) {
        if let Some(r) = core_at(v, toks, e) {
            if best.as_ref().is_none_or(|b| r.0 > b.0) {
                best = Some(r);
            }
        }
    }
    let (mut end, core, tod) = best?;
    // "depuis le 20 janvier": the date is in the past of the document.
    let since = since_before(v, toks, i);
    // A bare part word before something that is not a period ("fin" before
    // a duration) is not a part of it.
    if part.is_some() && matches!(core, Core::Duration(_) | Core::Set(_) | Core::Ref(_)) {
        return None;
    }
    if let Some((e, m)) = v.modifiers_after.at(toks, end) {
        if modifier.is_none() {
            modifier = Some(m.clone());
            end = e;
        }
    }
    if modifier.is_some() && !matches!(core, Core::Duration(_)) && tod.is_none() {
        // "environ", "plus de" before a date mostly quantify something else.
        if !matches!(core, Core::Cal(_) | Core::Weekday { .. }) {
            modifier = None;
        }
    }
    let start = match outside {
        Some(e) if modifier.is_some() && part.is_none() => e,
        _ => i,
    };
    Some(Parsed {
        start,
        end,
        core,
        tod,
        modifier: part.or(modifier),
        tense: None,
        sentence: 0,
        since,
        dateline: false,
    })
}

/// Whether a since-word opens the clause the expression ends ("depuis
/// l'investiture le 20 janvier"): up to six words back, no mark between.
fn since_before(v: &Vocabulary, toks: &[Tok], i: usize) -> bool {
    (i.saturating_sub(6)..i)
        .rev()
        .take_while(|&k| toks[k].kind != TokKind::Mark || toks[k].norm == "'")
        .any(|k| v.since.end(toks, k).is_some())
}

/// Every core reading at `j`; the longest wins.
fn core_at(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let tok = toks.get(j)?;
    if tok.norm == "\n" || (!v.may_start(tok) && roman_ordinal(&tok.norm).is_none()) {
        return None;
    }
    let readers: [Reader; 14] = [
        relative_day,
        narrative_day,
        reference_word,
        calendar_date,
        numeric_date,
        year_alone,
        decade,
        deictic,
        ago,
        in_future,
        clock,
        duration,
        set,
        holiday,
    ];
    let mut best: Option<Reading> = None;
    for read in readers {
        if let Some(r) = read(v, toks, j) {
            if best.as_ref().is_none_or(|b| r.0 > b.0) {
                best = Some(r);
            }
        }
    }
    best
}

// ---- small readers -------------------------------------------------------

/// A number: digits (with a glued decimal part) or number words.
fn amount(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Amount)> {
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
fn unit_at(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Unit, u32)> {
    v.units.at(toks, j).map(|(e, u)| (e, u.unit, u.count))
}

/// A month name (capitalised when the language wants it).
fn month_at(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, u32)> {
    let t = toks.get(j)?;
    if v.capitalised_names && !t.capitalised {
        return None;
    }
    v.months.at(toks, j).map(|(e, m)| (e, *m))
}

/// A weekday name (capitalised when the language wants it); plurals too.
fn weekday_at(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, u32)> {
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
fn day_at(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, u32)> {
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
fn year_after(toks: &[Tok], j: usize, two_digits: bool) -> Option<(usize, i32)> {
    let t = toks.get(j)?;
    let n = t.number()?;
    match t.norm.len() {
        4 if (1000..=2999).contains(&n) => Some((j + 1, n as i32)),
        2 if two_digits => Some((j + 1, two_digit_year(n))),
        _ => None,
    }
}

/// 98 is 1998, 03 is 2003.
fn two_digit_year(n: u32) -> i32 {
    if n >= 50 {
        1900 + n as i32
    } else {
        2000 + n as i32
    }
}

/// A day part after a day: "soir", "matin", "après-midi", "night".
fn day_part_after(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Tod)> {
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
fn dir_after(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Dir)> {
    if !v.relative_after {
        return None;
    }
    if let Some(e) = v.last.end(toks, j) {
        return Some((e, Dir::Last));
    }
    v.next.end(toks, j).map(|e| (e, Dir::Next))
}

/// A this/last/next word before a noun at `j`.
fn dir_before(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Dir)> {
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
fn has_context_before(v: &Vocabulary, toks: &[Tok], j: usize) -> bool {
    j > 0 && v.context_before.ends_at(toks, j).is_some()
}

// ---- readers -------------------------------------------------------------

/// `offset` days from `from`, kept at day precision ("hier", "la veille",
/// "ce soir", a clock time of the reference day).
fn day_shift(from: From, offset: i64) -> Core {
    Core::Shift {
        from,
        unit: Unit::Day,
        offset,
        keep: Unit::Day,
        week_end: false,
    }
}

/// "hier", "aujourd'hui", "demain" [weekday] [day part | à + clock].
fn relative_day(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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
fn narrative_day(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let (e, off) = v.narrative_days.at(toks, j)?;
    let core = day_shift(From::Reference, *off);
    if let Some((e2, tod)) = day_part_after(v, toks, e) {
        return Some((e2, core, Some(tod)));
    }
    Some((e, core, None))
}

/// "maintenant", "désormais", "now".
fn reference_word(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let (e, r) = v.references.at(toks, j)?;
    Some((e, Core::Ref(r.clone()), None))
}

/// "[le] [jeudi] 3 juillet [2025]", "juillet 2025", "July 3, 2025",
/// "jeudi [soir]", "juin dernier", "mi-mai".
fn calendar_date(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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

/// "de", "of" between a day and its month ("the 3rd of July").
fn skip_of(v: &Vocabulary, toks: &[Tok], e: usize) -> usize {
    if v.capitalised_names {
        if let Some(e2) = v.of.end(toks, e) {
            return e2;
        }
    }
    e
}

/// A weekday with no date: "jeudi", "jeudi soir", "jeudi dernier".
fn weekday_reading(
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
fn numeric_date(_v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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

/// Whether a quantity noun follows at `e` ("2000 personnes").
fn is_quantity(v: &Vocabulary, toks: &[Tok], e: usize) -> bool {
    v.quantities.end(toks, e).is_some()
}

/// "2025", "l'an 2000", "en 1999"; four digits between 1900 and 2099.
fn year_alone(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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
fn decade(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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

/// "xixe", "xxe", "xxie" → 19, 20, 21.
fn roman_ordinal(s: &str) -> Option<i32> {
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

/// "cette année", "l'an dernier", "la semaine prochaine", "this week",
/// "ce jeudi", "cet été", "last June", "ce week-end", "ce soir".
fn deictic(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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
fn season(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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
fn quarter(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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
fn ago(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    if let Some(e) = v.ago_before.end(toks, j) {
        let (e2, parts) = amount_units(v, toks, e)?;
        return shift_from_parts(&parts, -1, e2);
    }
    let (e, parts) = amount_units(v, toks, j)?;
    let e2 = v.ago_after.end(toks, e)?;
    shift_from_parts(&parts, -1, e2)
}

/// "dans trois jours", "in two weeks".
fn in_future(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
    let e = v.in_before.end(toks, j)?;
    let (e2, parts) = amount_units(v, toks, e)?;
    shift_from_parts(&parts, 1, e2)
}

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

/// Amounts of units joined by "et": "une heure et quinze minutes",
/// "une heure et demie", "an hour and a half", "30,4 secondes".
fn amount_units(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<(usize, Vec<(Amount, Unit)>)> {
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
fn duration(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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

/// "14 h", "14 h 30", "13h00", "à 13 heures", "midi", "8 PM", "10:30 a.m.".
fn clock(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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

/// "chaque semaine", "tous les jeudis", "every year", "quotidien",
/// "par an" (the unit alone, as the gold marks it).
fn set(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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
fn period(unit: Unit, count: u32) -> String {
    if unit.is_clock() {
        format!("PT{count}{}", unit.letter())
    } else {
        format!("P{count}{}", unit.letter())
    }
}

/// "Noël", "le Nouvel An", "Pâques", "Christmas" [year].
fn holiday(v: &Vocabulary, toks: &[Tok], j: usize) -> Option<Reading> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;
    use crate::vocab::bundled;

    fn spans(lang: usize, text: &str) -> Vec<String> {
        let all = bundled().expect("vocabularies");
        let v = &all[lang].1;
        let toks = tokenize(text);
        parse(v, &toks)
            .into_iter()
            .map(|p| text[toks[p.start].start..toks[p.end - 1].end].to_string())
            .collect()
    }

    #[test]
    fn french_extents() {
        assert_eq!(
            spans(0, "Le ministre est arrivé ce jeudi 3 juillet au matin."),
            ["ce jeudi 3 juillet"]
        );
        assert_eq!(
            spans(0, "La réunion a duré près d'une heure et demie hier soir."),
            ["près d'une heure et demie", "hier soir"]
        );
        assert_eq!(
            spans(0, "Rendez-vous à 13 h 30, puis mi-mai et fin 2024."),
            ["13 h 30", "mi-mai", "fin 2024"]
        );
    }

    #[test]
    fn no_false_alarms() {
        assert!(spans(0, "Elle a été reçue par sa mère, je crois.").is_empty());
        assert!(spans(0, "Pendant la Seconde Guerre mondiale, rien.").is_empty());
        assert!(spans(1, "They met at Mar-a-Lago and may talk again.").is_empty());
        assert!(spans(0, "Il a vendu 2000 exemplaires du COVID-19 guide.").is_empty());
    }

    #[test]
    fn english_extents() {
        assert_eq!(
            spans(1, "On July 3, 2025 they spoke for an hour and a half."),
            ["July 3, 2025", "an hour and a half"]
        );
        assert_eq!(
            spans(1, "Two weeks ago, last Thursday."),
            ["Two weeks ago", "last Thursday"]
        );
    }
}
