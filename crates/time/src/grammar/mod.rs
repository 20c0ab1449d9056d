//! The grammar: finds time expressions in tokens and says what each means,
//! before any date arithmetic.
//!
//! Each rule is a small function that tries to read one shape at a token
//! position and returns where it ends and a [`Core`] meaning. At every
//! position the longest reading wins; tagging then goes on after it. This
//! module finds expressions (modifiers, parts, the longest reading, the
//! tense and byline around them); the readers live one module per
//! concept: `words` (word classes at a position: numbers, units, month
//! and weekday names...), `calendar` (dates, years, decades, holidays),
//! `relative` (days and periods counted from an anchor), `duration`
//! (lengths of time and recurrences) and `clock` (times of day).
//!
//! Architecture invariant: the grammar knows word classes and word order,
//! never a word: every word comes from the [`Vocabulary`]. It computes no
//! date: a meaning refers to "the document date" or "the last date
//! mentioned", which [`crate::resolve`] fills in.

mod calendar;
mod clock;
mod duration;
mod relative;
mod words;

use crate::tokens::{Tok, TokKind};
use crate::vocab::{Tense, Unit, Vocabulary};
use crate::zones::{cue_before, Body, Cue, Zone};

use calendar::{calendar_date, decade, holiday, numeric_date, year_alone};
use clock::clock;
use duration::{duration, set};
use relative::{ago, deictic, in_future, narrative_day, reference_word, relative_day};
use words::roman_ordinal;

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
    /// Above, in or after the article's body.
    pub zone: Zone,
    /// Whether its line is short (a byline's, a title's), not a sentence's.
    pub short_line: bool,
    /// Whether its year was written with two digits ("avril 25"), so its
    /// century is a guess.
    pub two_digit_year: bool,
    /// Whether its sentence tells of a past before the news ("ils ne
    /// s'étaient plus parlé depuis le 12 février 2022").
    pub history: bool,
    /// Whether a dated expression (with its year) stands in a sentence in
    /// the future ("le procès s'ouvrira le 3 mars 2014"): a plan.
    pub plan: bool,
    /// The byline word before it, if any ("publié le", "updated").
    pub cue: Option<Cue>,
}

/// Finds every expression in `toks`, left to right, longest first.
pub(crate) fn parse(v: &Vocabulary, toks: &[Tok]) -> Vec<Parsed> {
    let body = Body::of(toks);
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
                p.zone = body.zone(p.start);
                p.dateline = in_dateline(toks, p.start, p.end, p.zone);
                p.short_line = line_bytes(toks, p.start, p.end) <= SHORT_LINE_BYTES;
                p.two_digit_year = two_digit_year_in(&p, toks);
                p.history = history_around(v, toks, p.start, p.end);
                p.plan = matches!(&p.core, Core::Cal(c) if c.year.is_some())
                    && tense_around(v, toks, p.start, p.end) == Some(Tense::Future);
                // Bylines stand above or below the body: "publié le" in
                // the body is a report's, not the article's.
                p.cue = cue_before(v, toks, p.start).filter(|_| p.zone != Zone::Body);
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

/// Whether the expression's year is written with two digits.
fn two_digit_year_in(p: &Parsed, toks: &[Tok]) -> bool {
    let Core::Cal(Cal { year: Some(y), .. }) = &p.core else {
        return false;
    };
    let yy = (y.rem_euclid(100)) as u32;
    toks[p.start..p.end]
        .iter()
        .any(|t| t.kind == TokKind::Number && t.norm.len() == 2 && t.number() == Some(yy))
        && !toks[p.start..p.end]
            .iter()
            .any(|t| t.kind == TokKind::Number && t.norm.len() == 4)
}

/// Bytes a byline or title line holds at most.
const SHORT_LINE_BYTES: usize = 120;

/// The byte bounds of the line holding tokens `start..end`.
fn line_bounds(toks: &[Tok], start: usize, end: usize) -> (usize, usize) {
    let line_start = toks[..start]
        .iter()
        .rposition(|t| t.norm == "\n")
        .map_or(0, |k| toks[k].end);
    let line_end = toks[end..]
        .iter()
        .find(|t| t.norm == "\n")
        .map_or_else(|| toks.last().map_or(0, |t| t.end), |t| t.start);
    (line_start, line_end)
}

/// The length in bytes of the line holding tokens `start..end`.
fn line_bytes(toks: &[Tok], start: usize, end: usize) -> usize {
    let (line_start, line_end) = line_bounds(toks, start, end);
    line_end.saturating_sub(line_start)
}

/// Whether tokens `start..end` sit where a byline or dateline does: in the
/// first bytes of the text, on a short line above the body or heading their
/// line before a dateline's mark ("Jeudi 23 octobre 2025", "Published Oct.
/// 14, 2025", "Sept 29 (Reuters) -").
fn in_dateline(toks: &[Tok], start: usize, end: usize, zone: Zone) -> bool {
    if toks[start].start > DATELINE_REACH {
        return false;
    }
    let (line_start, line_end) = line_bounds(toks, start, end);
    let more_text = toks[end..].iter().any(|t| t.norm == "\n");
    // A short line above the body; a short first sentence is not a byline.
    let short_line =
        line_end.saturating_sub(line_start) <= SHORT_LINE_BYTES && more_text && zone == Zone::Top;
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
    // A verb ending counts only this near the expression: further away it
    // is as likely a noun ("la sécurité", "le conflit"). Ten tokens: at
    // four, French TimeBank and MEANTIME each lost 0.003 of value F1.
    const ENDING_REACH: usize = 10;
    let cue = |k: usize, d: usize| match v.tense_of(toks, k) {
        Some((t, listed)) if listed || d <= ENDING_REACH => Some(t),
        _ => None,
    };
    let mut best: Option<(usize, Tense)> = None;
    let mut k = start;
    while k > 0 {
        k -= 1;
        if toks[k].ends_sentence() {
            break;
        }
        if let Some(t) = cue(k, start - k) {
            best = Some((start - k, t));
            break;
        }
    }
    let mut k = end;
    while k < toks.len() && !toks[k].ends_sentence() {
        let d = k + 1 - end;
        if let Some(t) = cue(k, d) {
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, t));
            }
            break;
        }
        k += 1;
    }
    best.map(|(_, t)| t)
}

/// Whether the sentence around tokens `start..end` holds a word telling of
/// history (a pluperfect, "remonte à").
fn history_around(v: &Vocabulary, toks: &[Tok], start: usize, end: usize) -> bool {
    let from = toks[..start]
        .iter()
        .rposition(Tok::ends_sentence)
        .map_or(0, |k| k + 1);
    let to = toks[end..]
        .iter()
        .position(Tok::ends_sentence)
        .map_or(toks.len(), |k| end + k);
    (from..to).any(|k| (k < start || k >= end) && v.history_words.end(toks, k).is_some())
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
        zone: Zone::Body,
        short_line: false,
        two_digit_year: false,
        history: false,
        plan: false,
        cue: None,
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
