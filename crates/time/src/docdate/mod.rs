//! Document date inference: when the metadata gives no date, weigh what the
//! text says against every day the document could have been written on.
//!
//! Each dated clue is a likelihood over candidate days (the reference date
//! and the years before it): "ce jeudi 3 juillet" favours days that are a
//! Thursday 3 July, "le 4 juin" days near a 4 June, "en 2022" days from 2022
//! on, a bare "jeudi" days just after a Thursday. A mild prior favours
//! recent days. The posterior then says how much is known: the year only
//! when most of the mass sits in one year (never a confident wrong year),
//! else the month and day without the year, else nothing.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use filrouge_model::{DatePrecision, DocumentDate, DocumentDateSource};

use crate::grammar::{Cal, Core, Dir, Parsed};
use crate::resolve::weekday_from_number;
use crate::zones::{Cue, Zone};

mod posterior;

use posterior::posterior;

/// How many years before the reference date a document may be from, when
/// the text names no earlier year (an archive's text names its years).
/// Wide enough that a weekday and a date fitting one recent year do not
/// exclude an older archive's (a Saturday 29 May is 1999, 2004, 2010 and
/// 2021).
const WINDOW_YEARS: i32 = 30;
/// The oldest year a named year can open the window back to.
const OLDEST_YEAR: i32 = 1700;
/// Likelihood floors: no single clue rules a day out. A byline's day
/// rules out nearly every other (over thirty years it leaves about one
/// chance in a hundred thousand to the rest: it decides unless several
/// clues agree against it); a day, month or weekday named in the
/// body without its year is often an event of the coming or past weeks,
/// so it only leans.
const FLOOR: f64 = 0.2;
const FLOOR_DAY: f64 = 0.01;
const FLOOR_SHARP_DAY: f64 = 0.000000001;
const FLOOR_MONTH: f64 = 0.1;
/// After a dated mention from another document (the corpus hook): the
/// weight of being written long after it, and the scale (days) of the
/// "soon after" part.
const MENTION_TAIL: f64 = 0.1;
const MENTION_SCALE_DAYS: f64 = 120.0;
/// How a date named in the body weighs the days around it. Each shape is
/// a mixture: most of the chance on the news (soon after the date), some on
/// plans (before it), some on background (years after), a little anywhere;
/// each part's height is its share spread over its width, relative to the
/// news part's height. A byline's floor stays below every mention's, so
/// one mention (a copyright year, a link, a plan) does not overrule it.
///
/// A full date: half the chance that the article reports it within days,
/// a third within weeks, one in twenty that it announces it, one in eight
/// that it recalls it years later, and one in twenty that it says nothing
/// of when the article was written (a link, a copyright line).
const DAY_MENTION: MentionShape = MentionShape {
    before: 0.005,
    before_scale_days: 60.0,
    scale_days: 3.0,
    medium: 0.04,
    medium_scale_days: 45.0,
    tail: 0.0004,
    tail_scale_days: 5.0 * 365.0,
    floor: 0.00003,
    news_odds: 1.0,
};
/// A full date with its weekday ("Wednesday, November 20, 2019", "mardi
/// 3 juillet 2013"): writers name the weekday of the days around the
/// time they write, so such a date is likelier the news than another.
const DAY_WEEKDAY_MENTION: MentionShape = MentionShape {
    news_odds: 3.0,
    ..DAY_MENTION
};
/// A month and year ("en mai 2012", "in June 2020"): news about half the
/// time, plans or history otherwise.
const MONTH_MENTION: MentionShape = MentionShape {
    before: 0.4,
    before_scale_days: 180.0,
    scale_days: 180.0,
    medium: 0.0,
    medium_scale_days: 1.0,
    tail: 0.04,
    tail_scale_days: 5.0 * 365.0,
    floor: 0.004,
    news_odds: 0.0,
};
/// A year alone ("en 1960", "les élections de 2020"): a loose bound, not
/// a date: an article names the coming year about as often as its own, and
/// the past for years after.
const YEAR_MENTION: MentionShape = MentionShape {
    before: 0.8,
    before_scale_days: 365.0,
    scale_days: 548.0,
    medium: 0.0,
    medium_scale_days: 1.0,
    tail: 0.2,
    tail_scale_days: 5.0 * 365.0,
    floor: 0.015,
    news_odds: 0.0,
};
/// A date in a sentence in the future ("s'ouvrira le 3 mars 2014"): a plan;
/// the article is before it, by up to a year or so, rarely after.
const PLAN_MENTION: MentionShape = MentionShape {
    before: 1.0,
    before_scale_days: 365.0,
    scale_days: 30.0,
    medium: 0.0,
    medium_scale_days: 1.0,
    tail: 0.05,
    tail_scale_days: 3.0 * 365.0,
    floor: 0.02,
    news_odds: 0.0,
};
/// A date after a since-word ("depuis 2011"): the article is after it,
/// at any distance.
const SINCE_MENTION: MentionShape = MentionShape {
    before: 0.02,
    before_scale_days: 60.0,
    scale_days: 365.0,
    medium: 0.0,
    medium_scale_days: 1.0,
    tail: 1.0,
    tail_scale_days: 10.0 * 365.0,
    floor: 0.01,
    news_odds: 0.0,
};
/// "mis à jour le 6 juillet": the article is from that day or the weeks
/// before it.
const UPDATED_SCALE_DAYS: f64 = 30.0;

/// How a date named in the body weighs the days around it (see
/// [`DAY_MENTION`]).
#[derive(Debug, Clone, Copy, PartialEq)]
struct MentionShape {
    /// The weight of the days just before the date (plans), fading
    /// further back.
    before: f64,
    /// The scale of that fading.
    before_scale_days: f64,
    /// The scale of the decay after the period named (the news).
    scale_days: f64,
    /// The weight of the weeks after it...
    medium: f64,
    /// ... fading on this scale.
    medium_scale_days: f64,
    /// The weight of being written long after it (background)...
    tail: f64,
    /// ... fading on this scale as the years pass.
    tail_scale_days: f64,
    /// The weight of any day at all.
    floor: f64,
    /// For a full date named in the body, the odds that it is the
    /// article's news rather than another named date's (0: not weighed
    /// with the body's full dates; see `posterior::news_likelihood`).
    news_odds: f64,
}
/// Share of the mass one year needs before the year is stated.
const YEAR_MASS: f64 = 0.6;
/// How often the days and months a text names without their year are
/// its own (not the events it recalls or announces): about half the time
/// on the development sets, so a year-less answer's confidence is its
/// weight's share times this.
const YEARLESS_TRUST: f64 = 0.5;
/// Share of the weight a month needs to be stated without a year.
const MONTH_MASS: f64 = 0.45;
/// Share of the weight the month of the only day a text names needs for
/// that day to be stated without a year (the rest spreads over the days
/// and months around it).
const ONLY_DAY_MONTH_MASS: f64 = 0.35;
/// Share of the year's mass one day needs to be stated: news is written
/// the day of what it names or the days after, so the day named holds a
/// third of the weight when the rest spreads over the following days.
const DAY_MASS: f64 = 0.25;

/// One weighed clue: a likelihood over days and the words it came from.
struct Clue {
    /// The words of the text, or for a linked clue the reason.
    quote: String,
    kind: ClueKind,
    /// From another document (see [`LinkedDate`]), not from the text.
    linked: bool,
}

#[derive(PartialEq)]
enum ClueKind {
    /// A day-month (maybe with a weekday that must fit), no year.
    DayMonth {
        month: u32,
        day: u32,
        weekday: Option<u32>,
        dir: Dir,
        sharp: bool,
        holiday: bool,
    },
    /// A month without a year ("début janvier").
    Month { month: u32, dir: Dir },
    /// A date named in the body: the document is likely soon after it.
    Mention {
        date: NaiveDate,
        /// Last day of the period named (a year names a whole year).
        until: NaiveDate,
        shape: MentionShape,
    },
    /// A date after an update word in the byline: the document is from
    /// that day or shortly before.
    Updated { date: NaiveDate },
    /// A dated event of another document: the document is not much
    /// earlier.
    NotBefore {
        date: NaiveDate,
        /// Last day of the period named (a year names a whole year).
        until: NaiveDate,
    },
    /// A full date in the byline or dateline: the publication date.
    Dateline { date: NaiveDate },
    /// A bare weekday: the document is written that day or soon after.
    Weekday { weekday: u32, dir: Dir },
    /// From the corpus: the document's news happened that day.
    News { date: NaiveDate },
    /// From the corpus: the document is written within these bounds.
    Bounds {
        after: Option<NaiveDate>,
        before: Option<NaiveDate>,
    },
    /// From the corpus: how many of the collection's dated documents are
    /// from each year.
    Years { counts: Vec<(i32, u32)> },
}

/// What the corpus stage knows of a document's date from other documents:
/// the evidence `infer_linked` weighs together with the document's own.
/// The reason says which document and which event, in words.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkedDate {
    /// The document's own news is an event that another document dates:
    /// it was written that day or within days after.
    SameEvent {
        /// The event's day.
        date: NaiveDate,
        /// Why, in words.
        reason: String,
    },
    /// The document reports an event that another document dates: it was
    /// written on or after that day, most likely soon after (as with a
    /// dated mention in its own text).
    ReportsEvent {
        /// The event's day.
        date: NaiveDate,
        /// Why, in words.
        reason: String,
    },
    /// The document was written after this day (it reports a later event of
    /// an ordinal series, "the ninth call" after a dated sixth).
    After {
        /// The day it follows.
        date: NaiveDate,
        /// Why, in words.
        reason: String,
    },
    /// The document was written on or before this day (an earlier event of
    /// an ordinal series).
    Before {
        /// The day it precedes.
        date: NaiveDate,
        /// Why, in words.
        reason: String,
    },
    /// The years of the other documents of the collection whose year is
    /// known, with how many are from each: articles gathered together are
    /// mostly from one period, so among years the text cannot tell apart
    /// the collection's own are likelier.
    CollectionYears {
        /// (year, documents from it).
        years: Vec<(i32, usize)>,
        /// Why, in words.
        reason: String,
    },
}

/// Pseudo-count of a year none of the collection's other documents is
/// from: with `n` of them dated, such a year weighs this over `n` against
/// a year all of them are from (the more articles agree, the less room
/// for another year; it breaks ties, it does not overrule a text).
const COLLECTION_PSEUDO: f64 = 0.1;

/// A document date saying nothing is known.
pub fn unknown(reasons: Vec<String>) -> DocumentDate {
    DocumentDate {
        value: "XXXX".to_string(),
        precision: DatePrecision::Unknown,
        confidence: 0.0,
        source: DocumentDateSource::Text,
        reasons,
    }
}

/// Infers a document date from parsed expressions (`as_of` is the latest
/// possible day) and what the corpus knows from linked documents: each linked
/// date is one more clue, weighed like the text's own (a linked event is a
/// dated mention; an ordinal series gives bounds). The result's source is
/// `corpus` when the linked clues changed it.
pub(crate) fn infer_linked(
    parsed: &[Parsed],
    as_of: NaiveDate,
    quote: impl Fn(&Parsed) -> String,
    linked: &[LinkedDate],
) -> DocumentDate {
    // A clue repeated is one piece of evidence, not several.
    let mut clues: Vec<Clue> = Vec::new();
    let mut unused: Vec<String> = Vec::new();
    for p in parsed {
        match clue_of(p, as_of) {
            Found::Clue(kind) => {
                if !clues.iter().any(|c| c.kind == kind) {
                    clues.push(Clue {
                        quote: quote(p),
                        kind,
                        linked: false,
                    });
                }
            }
            Found::AfterBody => unused.push(format!(
                "'{}': after the article's body (links, tags, comments): not used",
                quote(p)
            )),
            Found::Nothing => {}
        }
    }
    let own = clues.len();
    for l in linked {
        let (kind, reason) = match l {
            LinkedDate::SameEvent { date, reason } => (ClueKind::News { date: *date }, reason),
            LinkedDate::ReportsEvent { date, reason } => (
                ClueKind::NotBefore {
                    date: *date,
                    until: *date,
                },
                reason,
            ),
            LinkedDate::After { date, reason } => (
                ClueKind::Bounds {
                    after: date.succ_opt(),
                    before: None,
                },
                reason,
            ),
            LinkedDate::Before { date, reason } => (
                ClueKind::Bounds {
                    after: None,
                    before: Some(*date),
                },
                reason,
            ),
            LinkedDate::CollectionYears { years, reason } => {
                let counts = years
                    .iter()
                    .map(|&(y, n)| (y, u32::try_from(n).unwrap_or(u32::MAX)))
                    .collect();
                (ClueKind::Years { counts }, reason)
            }
        };
        let in_range = date_of(l).is_none_or(|d| *d <= as_of);
        if in_range && !clues.iter().any(|c| c.kind == kind) {
            clues.push(Clue {
                quote: reason.clone(),
                kind,
                linked: true,
            });
        }
    }
    if clues.is_empty() {
        let mut reasons = vec!["no dated clue in the text".to_string()];
        reasons.extend(unused);
        return unknown(reasons);
    }
    let (start, weights) = posterior(&clues, as_of);
    let mut date = summarise(&clues, start, &weights, as_of);
    if !unused.is_empty() {
        // The conclusion stays last.
        let conclusion = date.reasons.pop();
        date.reasons.extend(unused);
        date.reasons.extend(conclusion);
    }
    if clues.len() > own {
        let alone = if own == 0 {
            unknown(Vec::new())
        } else {
            let (start, weights) = posterior(&clues[..own], as_of);
            summarise(&clues[..own], start, &weights, as_of)
        };
        if alone.value != date.value {
            date.source = DocumentDateSource::Corpus;
        }
    }
    date
}

fn date_of(l: &LinkedDate) -> Option<&NaiveDate> {
    match l {
        LinkedDate::SameEvent { date, .. }
        | LinkedDate::ReportsEvent { date, .. }
        | LinkedDate::After { date, .. }
        | LinkedDate::Before { date, .. } => Some(date),
        LinkedDate::CollectionYears { .. } => None,
    }
}

/// What an expression says of the document's date.
enum Found {
    /// A clue to weigh.
    Clue(ClueKind),
    /// A date after the body, not used (reported in the reasons).
    AfterBody,
    /// Nothing about the document's date.
    Nothing,
}

/// The clue an expression gives, by what it says and where it stands: a
/// full date in the byline (at the top, or after a publication word)
/// decides; one after an update word bounds; one in the body is soft
/// evidence, weaker for a month or a year alone; nothing after the body
/// counts.
fn clue_of(p: &Parsed, as_of: NaiveDate) -> Found {
    if p.zone == Zone::Tail && p.cue.is_none() {
        let dated = matches!(&p.core, Core::Cal(_) | Core::Weekday { .. });
        return if dated {
            Found::AfterBody
        } else {
            Found::Nothing
        };
    }
    match &p.core {
        Core::Cal(Cal {
            year,
            month,
            day,
            weekday,
            dir,
            decade: None,
            century: None,
            easter: None,
            season: None,
            quarter: None,
            holiday,
        }) => {
            let dir = match dir {
                Some(d) => *d,
                None if p.since => Dir::Last,
                None => Dir::Auto,
            };
            let byline = p.dateline
                || (p.zone == Zone::Top && p.short_line)
                || p.cue == Some(Cue::Published);
            // A two-digit year's century is a guess: the day and month stay.
            let year = year.filter(|_| !p.two_digit_year);
            match (year, month, day) {
                (Some(y), m, d) => dated_clue(p, (y, *m, *d), byline, weekday.is_some(), as_of),
                (None, Some(m), Some(d)) => Found::Clue(ClueKind::DayMonth {
                    month: *m,
                    day: *d,
                    weekday: *weekday,
                    dir,
                    // "ce jeudi 3 juillet" and a dateline name the day of
                    // writing; "samedi 27 septembre" only fixes the year.
                    sharp: dir == Dir::This || byline,
                    holiday: *holiday,
                }),
                (None, Some(m), None) => Found::Clue(ClueKind::Month { month: *m, dir }),
                _ => Found::Nothing,
            }
        }
        Core::Weekday { weekday, dir } => Found::Clue(ClueKind::Weekday {
            weekday: *weekday,
            dir: *dir,
        }),
        _ => Found::Nothing,
    }
}

/// The clue of a date with its year: the publication date in a byline, an
/// update's date, or a mention weighed by how much it names.
fn dated_clue(
    p: &Parsed,
    (y, m, d): (i32, Option<u32>, Option<u32>),
    byline: bool,
    weekday: bool,
    as_of: NaiveDate,
) -> Found {
    let Some(date) = NaiveDate::from_ymd_opt(y, m.unwrap_or(1), d.unwrap_or(1)) else {
        return Found::Nothing;
    };
    let until = match (m, d) {
        (Some(_), Some(_)) => Some(date),
        (Some(m), None) => NaiveDate::from_ymd_opt(y, m, days_in_month(y, m)),
        _ => NaiveDate::from_ymd_opt(y, 12, 31),
    };
    let Some(until) = until else {
        return Found::Nothing;
    };
    if date > as_of {
        // A future year ("en 2030") says nothing of the past.
        return Found::Nothing;
    }
    let kind = match (p.cue, d.is_some()) {
        (Some(Cue::Updated), true) => ClueKind::Updated { date },
        (_, true) if byline => ClueKind::Dateline { date },
        _ => ClueKind::Mention {
            date,
            until,
            shape: if p.plan {
                PLAN_MENTION
            } else if p.since || p.history {
                SINCE_MENTION
            } else if d.is_some() && weekday {
                DAY_WEEKDAY_MENTION
            } else if d.is_some() {
                DAY_MENTION
            } else if m.is_some() {
                MONTH_MENTION
            } else {
                YEAR_MENTION
            },
        },
    };
    Found::Clue(kind)
}

fn near(delta: i64, scale: f64, floor: f64) -> f64 {
    floor + (-(delta.abs() as f64) / scale).exp()
}

fn after(delta: i64, scale: f64, floor: f64) -> f64 {
    if delta >= 0 {
        floor + (-(delta as f64) / scale).exp()
    } else {
        floor
    }
}

fn before(delta: i64, scale: f64, floor: f64) -> f64 {
    if delta <= 0 {
        floor + ((delta as f64) / scale).exp()
    } else {
        floor
    }
}

/// Widest kernel reach, in days: beyond it only the floor is left.
const REACH: i64 = 200;

/// The kernels a clue can have, tabulated once.
#[derive(Clone, Copy)]
enum Shape {
    Day,
    Holiday,
    SharpDay,
    DayAfter,
    SharpDayAfter,
    DayBefore,
    SharpDayBefore,
    Month,
    MonthAfter,
    MonthBefore,
    News,
    Updated,
}

/// The table of `shape` over deltas -REACH..=REACH.
fn kernel_table(shape: Shape) -> &'static [f64] {
    static TABLES: std::sync::OnceLock<Vec<Vec<f64>>> = std::sync::OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        let f = |s: Shape, d: i64| match s {
            // Reports mostly name days of the past weeks, fewer coming ones.
            // Mostly the days just around it, now and then months away.
            Shape::Day if d >= 0 => {
                FLOOR_DAY + 0.9 * (-(d as f64) / 7.0).exp() + 0.1 * (-(d as f64) / 60.0).exp()
            }
            Shape::Day => {
                FLOOR_DAY + 0.9 * ((d as f64) / 5.0).exp() + 0.1 * ((d as f64) / 30.0).exp()
            }
            // Wishes and plans name holidays on either side.
            Shape::Holiday => near(d, 10.0, FLOOR_DAY),
            Shape::SharpDay => near(d, 0.4, FLOOR_SHARP_DAY),
            Shape::DayAfter => after(d, 30.0, FLOOR_DAY),
            Shape::SharpDayAfter => after(d, 30.0, FLOOR_SHARP_DAY),
            Shape::DayBefore => before(d, 30.0, FLOOR_DAY),
            Shape::SharpDayBefore => before(d, 30.0, FLOOR_SHARP_DAY),
            Shape::Month => near(d, 30.0, FLOOR_MONTH),
            Shape::MonthAfter => after(d + 15, 45.0, FLOOR_MONTH),
            Shape::MonthBefore => before(d - 15, 45.0, FLOOR_MONTH),
            // News is written the day of the event or a few days after.
            Shape::News => after(d, 3.0, FLOOR_SHARP_DAY),
            // An article is updated days or weeks after it is published.
            Shape::Updated => before(d, UPDATED_SCALE_DAYS, FLOOR_SHARP_DAY),
        };
        [
            Shape::Day,
            Shape::Holiday,
            Shape::SharpDay,
            Shape::DayAfter,
            Shape::SharpDayAfter,
            Shape::DayBefore,
            Shape::SharpDayBefore,
            Shape::Month,
            Shape::MonthAfter,
            Shape::MonthBefore,
            Shape::News,
            Shape::Updated,
        ]
        .iter()
        .map(|s| (-REACH..=REACH).map(|d| f(*s, d)).collect())
        .collect()
    });
    &tables[shape as usize]
}

/// A clue made ready for the day loop: its likelihood as tables over day
/// indices, so that the loop does no calendar arithmetic.
enum Compiled {
    /// Distance to the nearest occurrence (sorted day indices), then a
    /// kernel table indexed by `delta + REACH`.
    Occurrences {
        at: Vec<i64>,
        kernel: &'static [f64],
        floor: f64,
    },
    /// Nothing before `from`; after `until`, a decay towards a tail.
    NotBefore { from: i64, until: i64 },
    /// `shape.before` before `from`, 1 up to `until`, then a decay.
    Mention {
        from: i64,
        until: i64,
        shape: MentionShape,
    },
    /// By weekday of the candidate day (0 = Monday).
    Weekday { by_weekday: [f64; 7] },
    /// Only the floor outside `from..=to` (day indices, inclusive).
    Bounds { from: i64, to: i64 },
    /// A weight per year (from the window's first year on), `floor`
    /// beyond.
    ByYear {
        first: i32,
        weights: Vec<f64>,
        floor: f64,
    },
}

impl Clue {
    /// Whether the clue names a day together with its year (directly, or
    /// through a weekday that fits few years, or another document): without
    /// one, months and years alone never state a year.
    fn names_a_day(&self) -> bool {
        match &self.kind {
            ClueKind::Mention { date, until, .. } => date == until,
            _ => self.dates_the_article(),
        }
    }

    /// Whether the clue dates the article itself, not what it reports: a
    /// byline or an update, another document, or a day and month whose
    /// weekday fits few years.
    fn dates_the_article(&self) -> bool {
        match &self.kind {
            ClueKind::Dateline { .. }
            | ClueKind::Updated { .. }
            | ClueKind::News { .. }
            | ClueKind::NotBefore { .. }
            | ClueKind::Bounds { .. }
            | ClueKind::Years { .. } => true,
            ClueKind::DayMonth { weekday, .. } => weekday.is_some(),
            ClueKind::Mention { .. } | ClueKind::Month { .. } | ClueKind::Weekday { .. } => false,
        }
    }

    /// The clue as tables over day indices from `start` (`days` of them).
    fn compile(&self, start: NaiveDate, days: i64) -> Compiled {
        let index = |d: NaiveDate| (d - start).num_days();
        match &self.kind {
            ClueKind::DayMonth {
                month,
                day,
                weekday,
                dir,
                sharp,
                holiday,
            } => {
                let (kernel, floor) = day_kernel(*dir, *sharp, *holiday);
                Compiled::Occurrences {
                    at: occurrences(start, days, *month, *day, *weekday),
                    kernel,
                    floor,
                }
            }
            ClueKind::Month { month, dir } => Compiled::Occurrences {
                at: occurrences(start, days, *month, 15, None),
                kernel: month_kernel(*dir),
                floor: FLOOR_MONTH,
            },
            ClueKind::Dateline { date } => Compiled::Occurrences {
                at: vec![index(*date)],
                kernel: kernel_table(Shape::SharpDay),
                floor: FLOOR_SHARP_DAY,
            },
            ClueKind::NotBefore { date, until } => Compiled::NotBefore {
                from: index(*date),
                until: index(*until),
            },
            ClueKind::Mention { date, until, shape } => Compiled::Mention {
                from: index(*date),
                until: index(*until),
                shape: *shape,
            },
            ClueKind::Updated { date } => Compiled::Occurrences {
                at: vec![index(*date)],
                kernel: kernel_table(Shape::Updated),
                floor: FLOOR_SHARP_DAY,
            },
            ClueKind::News { date } => Compiled::Occurrences {
                at: vec![index(*date)],
                kernel: kernel_table(Shape::News),
                floor: FLOOR_SHARP_DAY,
            },
            ClueKind::Bounds { after, before } => Compiled::Bounds {
                from: after.map_or(i64::MIN, index),
                to: before.map_or(i64::MAX, index),
            },
            ClueKind::Weekday { weekday, dir } => Compiled::Weekday {
                by_weekday: weekday_weights(*weekday, *dir),
            },
            ClueKind::Years { counts } => {
                let first = start.year();
                let years = (days / 365) as usize + 2;
                let total: f64 = counts.iter().map(|&(_, n)| f64::from(n)).sum();
                let mut weights = vec![COLLECTION_PSEUDO; years];
                for &(y, n) in counts {
                    if let Some(w) = usize::try_from(y - first)
                        .ok()
                        .and_then(|i| weights.get_mut(i))
                    {
                        *w += f64::from(n);
                    }
                }
                weights
                    .iter_mut()
                    .for_each(|w| *w /= total + COLLECTION_PSEUDO);
                Compiled::ByYear {
                    first,
                    weights,
                    floor: COLLECTION_PSEUDO / (total + COLLECTION_PSEUDO),
                }
            }
        }
    }
}

/// Day indices (from `start`, over a window of `days`) of every `day` of
/// `month`, from the year before the window to two years after it; only
/// those on `weekday` when one is given.
fn occurrences(
    start: NaiveDate,
    days: i64,
    month: u32,
    day: u32,
    weekday: Option<u32>,
) -> Vec<i64> {
    (start.year() - 1..=start.year() + (days / 365) as i32 + 2)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .filter(|x| weekday.is_none_or(|w| x.weekday() == weekday_from_number(w)))
        .map(|d| (d - start).num_days())
        .collect()
}

/// The kernel and floor of a day and month named without a year: before
/// or after the document for a past or coming day, narrower for a sharp
/// one, wider for a holiday.
fn day_kernel(dir: Dir, sharp: bool, holiday: bool) -> (&'static [f64], f64) {
    let floor = if sharp { FLOOR_SHARP_DAY } else { FLOOR_DAY };
    let table = match (dir, sharp) {
        (Dir::Last, false) => kernel_table(Shape::DayAfter),
        (Dir::Last, true) => kernel_table(Shape::SharpDayAfter),
        (Dir::Next, false) => kernel_table(Shape::DayBefore),
        (Dir::Next, true) => kernel_table(Shape::SharpDayBefore),
        (_, true) => kernel_table(Shape::SharpDay),
        (_, false) if holiday => kernel_table(Shape::Holiday),
        (_, false) => kernel_table(Shape::Day),
    };
    (table, floor)
}

/// The kernel of a month named without a year.
fn month_kernel(dir: Dir) -> &'static [f64] {
    match dir {
        Dir::Last => kernel_table(Shape::MonthAfter),
        Dir::Next => kernel_table(Shape::MonthBefore),
        _ => kernel_table(Shape::Month),
    }
}

/// The likelihood of a bare weekday by weekday of the candidate day (0 =
/// Monday): highest on or just after it (a coming one: just before it).
fn weekday_weights(weekday: u32, dir: Dir) -> [f64; 7] {
    let target = i64::from(weekday_from_number(weekday).num_days_from_monday());
    let mut by_weekday = [0.0; 7];
    for (today, w) in by_weekday.iter_mut().enumerate() {
        // Days since the last such weekday (0 = today).
        let since = (7 + today as i64 - target) % 7;
        *w = match dir {
            Dir::Next => FLOOR + (-(((7 - since) % 7) as f64) / 2.0).exp(),
            Dir::This => 1.0,
            Dir::Last => FLOOR + (-((since.max(1) - 1) as f64) / 2.0).exp(),
            Dir::Auto => FLOOR + (-(since as f64) / 1.0).exp(),
        };
    }
    by_weekday
}

/// The highest confidence of a year that only dates named in the body
/// give (no byline, no update, no other document, no weekday fitting its
/// date): on recent pages such a year is right about two times in three,
/// on old archives (which recall history) far less.
const BODY_ONLY_CONFIDENCE: f64 = 0.45;

/// The heaviest item; ties go to the larger key, for determinism.
fn best<K: Copy + Ord>(items: impl IntoIterator<Item = (K, f64)>) -> Option<(K, f64)> {
    items.into_iter().fold(None, |acc, (k, w)| match acc {
        Some((bk, bw)) if bw > w || (bw == w && bk > k) => Some((bk, bw)),
        _ => Some((k, w)),
    })
}

/// The document date the weights say: a day, month or year when one year
/// holds most of the mass ([`YEAR_MASS`]), else at most a day or month
/// without its year, else unknown; with the clues and the weights in the
/// reasons.
fn summarise(clues: &[Clue], start: NaiveDate, weights: &[f64], as_of: NaiveDate) -> DocumentDate {
    let mut reasons: Vec<String> = clues.iter().map(describe).collect();
    reasons.push(format!(
        "candidate days from {} up to the reference date {}, none likelier for being recent",
        start.format("%Y-%m"),
        as_of.format("%Y-%m-%d")
    ));
    let (by_year, month_days) = marginals(start, weights, as_of);
    let by_month_day = month_days.iter().enumerate().skip(1).flat_map(|(m, row)| {
        row.iter()
            .enumerate()
            .skip(1)
            .map(move |(dd, w)| ((m as u32, dd as u32), *w))
    });
    let by_month = month_days
        .iter()
        .enumerate()
        .skip(1)
        .map(|(m, row)| (m as u32, row.iter().sum::<f64>()));
    let Some((year, year_mass)) = best(by_year.iter().map(|(y, w)| (*y, *w))) else {
        return unknown(reasons);
    };
    let best_month_day = best(by_month_day);
    let best_month = best(by_month);
    let anchored = clues.iter().any(Clue::names_a_day);
    if year_mass >= YEAR_MASS && !anchored {
        reasons.push(format!(
            "{year} holds {:.0}% of the weight, but no day is named with a year (a byline, a full date, a weekday with its date): the year stays unknown",
            100.0 * year_mass
        ));
    } else if year_mass >= YEAR_MASS {
        let year_weight = YearWeight {
            year,
            mass: year_mass,
            others: other_years(&by_year, year),
        };
        let mut date = date_in_year(clues, start, weights, &year_weight, reasons);
        // Dates in the body alone are news or history: which, the text
        // rarely says; half the time at best on old archives.
        if !clues.iter().any(Clue::dates_the_article) && date.confidence > BODY_ONLY_CONFIDENCE {
            date.confidence = BODY_ONLY_CONFIDENCE;
            date.reasons.push(format!(
                "only dates in the body give the year: confidence at most {BODY_ONLY_CONFIDENCE}"
            ));
        }
        return date;
    }
    if year_mass < YEAR_MASS {
        reasons.push(format!(
            "no year holds {:.0}% of the weight (best {year} with {:.0}%): the year stays unknown",
            100.0 * YEAR_MASS,
            100.0 * year_mass
        ));
    }
    date_without_year(clues, best_month_day, best_month, reasons)
}

/// The weight of each year, and of each day of the year by month and day
/// (indices from 1), over the candidate days from `start`. Marginals in
/// arrays first (one pass, no hashing), then a small map.
fn marginals(
    start: NaiveDate,
    weights: &[f64],
    as_of: NaiveDate,
) -> (HashMap<i32, f64>, [[f64; 32]; 13]) {
    let mut years = vec![0.0; (as_of.year() - start.year() + 1).max(1) as usize];
    let mut month_days = [[0.0f64; 32]; 13];
    for run in month_runs(start, weights.len()) {
        let first = run.first_day as usize;
        let row = &mut month_days[run.month as usize][first..first + run.days.len()];
        let year = &mut years[(run.year - start.year()) as usize];
        for (cell, w) in row.iter_mut().zip(&weights[run.days]) {
            *year += w;
            *cell += w;
        }
    }
    let by_year: HashMap<i32, f64> = years
        .iter()
        .enumerate()
        .map(|(i, w)| (start.year() + i as i32, *w))
        .collect();
    (by_year, month_days)
}

/// The year holding most of the weight, its share, and the other years
/// worth naming (as [`other_years`] words them).
struct YearWeight {
    year: i32,
    mass: f64,
    others: String,
}

/// The date within the year that holds most of the weight: the day
/// holding half the year's weight, else the only day the text names when
/// its month holds half, else the month holding 60%, else the year.
fn date_in_year(
    clues: &[Clue],
    start: NaiveDate,
    weights: &[f64],
    y: &YearWeight,
    mut reasons: Vec<String>,
) -> DocumentDate {
    let (year, year_mass, others) = (y.year, y.mass, &y.others);
    let (day_mass, month_mass) = within_year(start, weights, year, year_mass);
    if let Some((day, m)) = best(day_mass) {
        if m >= DAY_MASS {
            reasons.push(format!(
                "{} holds {:.0}% of the weight{others}",
                day.format("%Y-%m-%d"),
                100.0 * m * year_mass
            ));
            return dated(
                day.format("%Y-%m-%d").to_string(),
                DatePrecision::Day,
                m * year_mass,
                reasons,
            );
        }
    }
    // As without a year: the one day the text names, when the weight
    // agrees on its month, is the day of the report.
    if let (Some((m, d)), Some((month, w))) = (only_day(clues), best(month_mass.clone())) {
        if m == month && w >= ONLY_DAY_MONTH_MASS {
            if let Some(day) = NaiveDate::from_ymd_opt(year, m, d) {
                reasons.push(format!(
                    "{year}-{m:02} holds {:.0}% of the weight{others}, and the only day the text names is {d:02}/{m:02}",
                    100.0 * w * year_mass
                ));
                return dated(
                    day.format("%Y-%m-%d").to_string(),
                    DatePrecision::Day,
                    w * year_mass * 0.8,
                    reasons,
                );
            }
        }
    }
    if let Some((month, m)) = best(month_mass) {
        if m >= 0.6 {
            reasons.push(format!(
                "{year}-{month:02} holds {:.0}% of the weight{others}",
                100.0 * m * year_mass
            ));
            return dated(
                format!("{year}-{month:02}"),
                DatePrecision::Month,
                m * year_mass,
                reasons,
            );
        }
    }
    reasons.push(format!(
        "{year} holds {:.0}% of the weight{others}",
        100.0 * year_mass
    ));
    dated(format!("{year}"), DatePrecision::Year, year_mass, reasons)
}

/// Weights by key (a day, a month), as shares of a whole.
type Shares<K> = Vec<(K, f64)>;

/// The weight of each day and each month of `year`, as shares of the
/// year's weight `year_mass`.
fn within_year(
    start: NaiveDate,
    weights: &[f64],
    year: i32,
    year_mass: f64,
) -> (Shares<NaiveDate>, Shares<u32>) {
    let mut day_mass: Shares<NaiveDate> = Vec::with_capacity(366);
    let mut month_mass = [0.0f64; 13];
    for run in month_runs(start, weights.len()).filter(|r| r.year == year) {
        let m = run.month;
        for (dd, w) in (run.first_day..).zip(&weights[run.days]) {
            if let Some(d) = NaiveDate::from_ymd_opt(year, m, dd) {
                day_mass.push((d, w / year_mass));
            }
            month_mass[m as usize] += w / year_mass;
        }
    }
    let month_mass = month_mass
        .iter()
        .enumerate()
        .skip(1)
        .map(|(m, w)| (m as u32, *w))
        .collect();
    (day_mass, month_mass)
}

/// The date when no year holds enough of the weight: a day and month
/// holding 30%, else the only day the text names when its month holds
/// half, else a month holding half, else unknown. The confidence is the
/// share of the weight on what is stated (the day and month, or the
/// month): the year is not stated, so it cannot be wrong.
fn date_without_year(
    clues: &[Clue],
    best_month_day: Option<((u32, u32), f64)>,
    best_month: Option<(u32, f64)>,
    mut reasons: Vec<String>,
) -> DocumentDate {
    if let Some(((m, d), w)) = best_month_day {
        if w >= 0.3 {
            return dated(
                format!("XXXX-{m:02}-{d:02}"),
                DatePrecision::Day,
                w * YEARLESS_TRUST,
                reasons,
            );
        }
    }
    // The one day the text names, when it names one and nothing else
    // (no weekday to move the date off it) and the weight agrees on its
    // month: the report is about that day, more or less.
    if let (Some((m, d)), Some((month, w))) = (only_day(clues), best_month) {
        if m == month && w >= ONLY_DAY_MONTH_MASS {
            reasons.push(format!("the only day the text names is {d:02}/{m:02}"));
            return dated(
                format!("XXXX-{m:02}-{d:02}"),
                DatePrecision::Day,
                w * 0.5 * YEARLESS_TRUST,
                reasons,
            );
        }
    }
    if let Some((m, w)) = best_month {
        if w >= MONTH_MASS {
            return dated(
                format!("XXXX-{m:02}"),
                DatePrecision::Month,
                w * YEARLESS_TRUST,
                reasons,
            );
        }
    }
    let mut u = unknown(reasons);
    u.confidence = 0.0;
    u
}

/// The one day and month the text names, when it names one and no weekday
/// (a weekday moves the date off it).
fn only_day(clues: &[Clue]) -> Option<(u32, u32)> {
    let mut days = clues.iter().filter_map(|c| match c.kind {
        ClueKind::DayMonth { month, day, .. } if !c.linked => Some((month, day)),
        _ => None,
    });
    let first = days.next()?;
    let weekdays = clues
        .iter()
        .any(|c| matches!(c.kind, ClueKind::Weekday { .. }));
    (days.next().is_none() && !weekdays).then_some(first)
}

/// Consecutive days of one month, as positions in a vector of days.
struct MonthRun {
    year: i32,
    month: u32,
    /// The day of the month of the run's first day.
    first_day: u32,
    /// Positions of the run's days.
    days: std::ops::Range<usize>,
}

/// The days `start`, `start + 1`, ... (`n` of them) cut into months, so
/// that a loop over days does its date arithmetic once a month.
fn month_runs(start: NaiveDate, n: usize) -> impl Iterator<Item = MonthRun> {
    let (mut y, mut m, mut d) = (start.year(), start.month(), start.day());
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= n {
            return None;
        }
        let len = (days_in_month(y, m) + 1).saturating_sub(d) as usize;
        let end = (at + len.max(1)).min(n);
        let run = MonthRun {
            year: y,
            month: m,
            first_day: d,
            days: at..end,
        };
        at = end;
        d = 1;
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
        Some(run)
    })
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    match (
        NaiveDate::from_ymd_opt(y, m, 1),
        NaiveDate::from_ymd_opt(ny, nm, 1),
    ) {
        (Some(a), Some(b)) => (b - a).num_days() as u32,
        _ => 30,
    }
}

fn other_years(by_year: &HashMap<i32, f64>, year: i32) -> String {
    let mut rest: Vec<(i32, f64)> = by_year
        .iter()
        .filter(|(y, w)| **y != year && **w >= 0.05)
        .map(|(y, w)| (*y, *w))
        .collect();
    rest.sort_by(|a, b| b.1.total_cmp(&a.1));
    if rest.is_empty() {
        return String::new();
    }
    let list: Vec<String> = rest
        .iter()
        .take(3)
        .map(|(y, w)| format!("{y} {:.0}%", 100.0 * w))
        .collect();
    format!(" (also possible: {})", list.join(", "))
}

fn dated(
    value: String,
    precision: DatePrecision,
    confidence: f64,
    reasons: Vec<String>,
) -> DocumentDate {
    DocumentDate {
        value,
        precision,
        confidence: (confidence * 100.0).round() / 100.0,
        source: DocumentDateSource::Text,
        reasons,
    }
}

fn describe(c: &Clue) -> String {
    let q = &c.quote;
    if c.linked {
        return q.clone();
    }
    match &c.kind {
        ClueKind::DayMonth {
            month,
            day,
            weekday: Some(w),
            ..
        } => format!(
            "'{q}': {day:02}/{month:02} falls on that weekday ({}) only in some years",
            weekday_from_number(*w)
        ),
        ClueKind::DayMonth { dir: Dir::Last, .. } => {
            format!("'{q}': a past day, the document is after it")
        }
        ClueKind::DayMonth { dir: Dir::Next, .. } => {
            format!("'{q}': a coming day, the document is before it")
        }
        ClueKind::DayMonth { .. } => {
            format!("'{q}': a day without a year, the document is near it")
        }
        ClueKind::Month { .. } => format!("'{q}': a month without a year, the document is near it"),
        ClueKind::NotBefore { date, .. } => format!(
            "'{q}': a dated mention, the document is not before {} and likely not long after",
            date.format("%Y-%m-%d")
        ),
        ClueKind::Mention { date, shape, .. } if shape.news_odds > 0.0 => format!(
            "'{q}': a date in the body, the document is likely on or soon after {}",
            date.format("%Y-%m-%d")
        ),
        ClueKind::Mention { shape, .. } if *shape == PLAN_MENTION => {
            format!("'{q}': a date in a sentence in the future, the document is likely before it")
        }
        ClueKind::Mention { shape, .. } if *shape == SINCE_MENTION => {
            format!("'{q}': a date after a since-word, the document is after it")
        }
        ClueKind::Mention { .. } => {
            format!(
                "'{q}': a month or year in the body, weak evidence that the document is after it"
            )
        }
        ClueKind::Updated { date } => format!(
            "'{q}': an update's date in the byline, the document is from {} or shortly before",
            date.format("%Y-%m-%d")
        ),
        ClueKind::Weekday { .. } => {
            format!("'{q}': a weekday, the document is written on or soon after it")
        }
        ClueKind::Bounds { .. } | ClueKind::News { .. } | ClueKind::Years { .. } => q.clone(),
        ClueKind::Dateline { date } => format!(
            "'{q}': a full date at the top of the text (byline or dateline): published {}",
            date.format("%Y-%m-%d")
        ),
    }
}

#[cfg(test)]
mod month_run_tests {
    use super::*;

    #[test]
    fn month_runs_cut_the_days_into_their_months() {
        let start = NaiveDate::from_ymd_opt(2023, 11, 20).expect("a date");
        let n = 500;
        let mut day = start;
        let mut covered = 0;
        for run in month_runs(start, n) {
            assert_eq!(run.days.start, covered);
            for (k, _) in run.days.clone().enumerate() {
                assert_eq!(
                    (day.year(), day.month(), day.day()),
                    (run.year, run.month, run.first_day + k as u32)
                );
                day = day.succ_opt().expect("a next day");
            }
            covered = run.days.end;
        }
        assert_eq!(covered, n);
        assert_eq!(month_runs(start, 0).count(), 0);
    }
}
