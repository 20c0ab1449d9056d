//! Per-language time vocabulary, read from `data/<lang>.toml`.
//!
//! Architecture invariant: every word the grammar reacts to comes from a data
//! file; the grammar only knows word classes ("a month name", "a last-word")
//! and the few word-order switches the file declares.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Deserialize;

use crate::tokens::{key_tokens, suffix_key, Tok, TokKind};
use crate::TimeError;

/// The bundled vocabularies: (language code, file text).
const BUNDLED: &[(&str, &str)] = &[
    ("fr", include_str!("../data/fr.toml")),
    ("en", include_str!("../data/en.toml")),
];

/// A table of (possibly multi-word) phrases, looked up by their first token.
#[derive(Debug, Clone)]
pub(crate) struct Phrases<V> {
    by_first: HashMap<String, Vec<(Vec<String>, V)>>,
}

impl<V> Default for Phrases<V> {
    fn default() -> Self {
        Phrases {
            by_first: HashMap::default(),
        }
    }
}

impl<V> Phrases<V> {
    /// The first tokens of its phrases.
    fn first_tokens(&self) -> impl Iterator<Item = &String> {
        self.by_first.keys()
    }
}

impl<V: Clone> Phrases<V> {
    fn insert(&mut self, key: &str, value: V) {
        let toks = key_tokens(key);
        let Some(first) = toks.first().cloned() else {
            return;
        };
        let list = self.by_first.entry(first).or_default();
        list.push((toks, value));
        // Longest first, so the first match is the longest.
        list.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
    }

    fn from_map<K: AsRef<str>>(map: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut p = Phrases::default();
        for (k, v) in map {
            p.insert(k.as_ref(), v);
        }
        p
    }

    /// The longest phrase starting at token `i`: (end token, value).
    pub fn at(&self, toks: &[Tok], i: usize) -> Option<(usize, &V)> {
        let first = toks.get(i)?;
        let list = self.by_first.get(first.norm.as_str())?;
        'phrases: for (words, v) in list {
            for (k, w) in words.iter().enumerate().skip(1) {
                match toks.get(i + k) {
                    Some(t) if t.norm == *w => {}
                    _ => continue 'phrases,
                }
            }
            return Some((i + words.len(), v));
        }
        None
    }

    /// Whether a phrase of the table ends exactly at token `end` (exclusive).
    pub fn ends_at(&self, toks: &[Tok], end: usize) -> Option<usize> {
        // Phrases are short: try every start up to four tokens back.
        (end.saturating_sub(4)..end).find(|&s| matches!(self.at(toks, s), Some((e, _)) if e == end))
    }
}

impl Phrases<()> {
    fn from_words(words: &[String]) -> Self {
        Phrases::from_map(words.iter().map(|w| (w.as_str(), ())))
    }

    /// The end of the longest listed phrase at `i`.
    pub fn end(&self, toks: &[Tok], i: usize) -> Option<usize> {
        self.at(toks, i).map(|(e, _)| e)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    capitalised_names: bool,
    relative_after: bool,
    reference_type: String,
    decade_suffix: String,
    century_suffix: String,
    months: BTreeMap<String, u32>,
    weekdays: BTreeMap<String, u32>,
    numbers: BTreeMap<String, u32>,
    multipliers: BTreeMap<String, u32>,
    ordinals: BTreeMap<String, i32>,
    units: BTreeMap<String, String>,
    set_adjectives: BTreeMap<String, String>,
    day_parts: BTreeMap<String, String>,
    day_parts_alone: BTreeMap<String, String>,
    seasons: BTreeMap<String, String>,
    context_before: Context,
    not_durations: NotDurations,
    month_prefix: Words,
    bare_units: BareUnits,
    not_years: NotYears,
    two_digit_year_before: Words,
    holidays: BTreeMap<String, String>,
    easter_holidays: BTreeMap<String, i64>,
    references: BTreeMap<String, String>,
    relative_days: BTreeMap<String, i64>,
    narrative_days: BTreeMap<String, i64>,
    determiners: Words,
    deixis: RawDeixis,
    modifiers: BTreeMap<String, String>,
    modifiers_outside: BTreeMap<String, String>,
    modifiers_after: BTreeMap<String, String>,
    parts: BTreeMap<String, String>,
    clock: RawClock,
    tense: RawTense,
    quantities: Words,
    /// Publication and update words of bylines.
    #[serde(default)]
    byline: RawByline,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Context {
    seasons: Vec<String>,
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BareUnits {
    before: Vec<String>,
    after: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotYears {
    after: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotDurations {
    after: Vec<String>,
    age_before: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeixis {
    this: Vec<String>,
    last: Vec<String>,
    next: Vec<String>,
    ago_before: Vec<String>,
    ago_after: Vec<String>,
    in_before: Vec<String>,
    this_suffix: Vec<String>,
    since: Vec<String>,
    each: Vec<String>,
    per: Vec<String>,
    half: Vec<String>,
    quarter: Vec<String>,
    and: Vec<String>,
    vague: Vec<String>,
    recent: Vec<String>,
    decades: Vec<String>,
    century: Vec<String>,
    week_end: Vec<String>,
    of: Vec<String>,
    /// "à" in "la nuit de vendredi à samedi".
    #[serde(default)]
    night_to: Vec<String>,
}

/// Words before a byline's date.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawByline {
    published: Vec<String>,
    updated: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClock {
    hours: Vec<String>,
    minutes: Vec<String>,
    before: Vec<String>,
    named: BTreeMap<String, String>,
    am: Vec<String>,
    zones: BTreeMap<String, String>,
    pm: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTense {
    future_words: Vec<String>,
    future_suffixes: Vec<String>,
    past_words: Vec<String>,
    past_suffixes: Vec<String>,
    not_verbs: Vec<String>,
    /// Words of a sentence telling of a past before the news (pluperfect
    /// auxiliaries, "remonte à"): its dates are history, not the news.
    #[serde(default)]
    history_words: Vec<String>,
}

/// A TimeML unit of a duration or a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Unit {
    Century,
    Decade,
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
}

impl Unit {
    fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "CE" => Unit::Century,
            "DE" => Unit::Decade,
            "Y" => Unit::Year,
            "Q" => Unit::Quarter,
            "M" => Unit::Month,
            "W" => Unit::Week,
            "D" => Unit::Day,
            "H" => Unit::Hour,
            "MIN" => Unit::Minute,
            "S" => Unit::Second,
            _ => return None,
        })
    }

    /// Whether the unit is below a day (written after `T` in a duration).
    pub fn is_clock(self) -> bool {
        matches!(self, Unit::Hour | Unit::Minute | Unit::Second)
    }

    /// The TimeML letter(s).
    pub fn letter(self) -> &'static str {
        match self {
            Unit::Century => "CE",
            Unit::Decade => "DE",
            Unit::Year => "Y",
            Unit::Quarter => "Q",
            Unit::Month | Unit::Minute => "M",
            Unit::Week => "W",
            Unit::Day => "D",
            Unit::Hour => "H",
            Unit::Second => "S",
        }
    }
}

/// A unit noun: its unit and how many of it one noun is ("quinquennat" is
/// five years).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct UnitWord {
    pub unit: Unit,
    pub count: u32,
}

/// One language's time vocabulary.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    pub capitalised_names: bool,
    pub relative_after: bool,
    pub reference_kind: filrouge_model::TimexKind,
    pub decade_suffix: String,
    pub century_suffix: String,
    pub months: Phrases<u32>,
    pub weekdays: Phrases<u32>,
    pub numbers: Phrases<u32>,
    pub multipliers: Phrases<u32>,
    pub ordinals: Phrases<i32>,
    pub units: Phrases<UnitWord>,
    pub set_adjectives: Phrases<String>,
    pub day_parts: Phrases<String>,
    pub day_parts_alone: Phrases<String>,
    pub seasons: Phrases<String>,
    pub context_before: Phrases<()>,
    pub season_context: Phrases<()>,
    pub not_duration_after: Phrases<()>,
    pub age_before: Phrases<()>,
    pub month_prefix: Phrases<()>,
    pub bare_units_before: Phrases<()>,
    pub bare_units_after: Phrases<()>,
    pub not_years_after: Phrases<()>,
    pub two_digit_year_before: Phrases<()>,
    pub holidays: Phrases<(u32, u32)>,
    pub easter_holidays: Phrases<i64>,
    pub references: Phrases<String>,
    pub relative_days: Phrases<i64>,
    pub narrative_days: Phrases<i64>,
    pub determiners: Phrases<()>,
    pub this: Phrases<()>,
    pub last: Phrases<()>,
    pub next: Phrases<()>,
    pub ago_before: Phrases<()>,
    pub ago_after: Phrases<()>,
    pub in_before: Phrases<()>,
    pub this_suffix: Phrases<()>,
    pub since: Phrases<()>,
    pub each: Phrases<()>,
    pub per: Phrases<()>,
    pub half: Phrases<()>,
    pub quarter: Phrases<()>,
    pub and: Phrases<()>,
    pub vague: Phrases<()>,
    pub recent: Phrases<()>,
    pub decades: Phrases<()>,
    pub century: Phrases<()>,
    pub week_end: Phrases<()>,
    pub of: Phrases<()>,
    /// Joins the two days of a night ("la nuit de vendredi à samedi").
    pub night_to: Phrases<()>,
    /// "publié le", "published": the date after is the publication's.
    pub byline_published: Phrases<()>,
    /// "mis à jour le", "updated": the date after is a later update's.
    pub byline_updated: Phrases<()>,
    pub modifiers: Phrases<String>,
    pub modifiers_outside: Phrases<String>,
    pub modifiers_after: Phrases<String>,
    pub parts: Phrases<String>,
    pub clock_hours: Phrases<()>,
    pub clock_minutes: Phrases<()>,
    pub clock_before: Phrases<()>,
    pub clock_named: Phrases<(u32, u32)>,
    pub zones: Phrases<String>,
    pub am: Phrases<()>,
    pub pm: Phrases<()>,
    pub future_words: Phrases<()>,
    pub past_words: Phrases<()>,
    /// Words of a sentence telling of history (see `RawTense`).
    pub history_words: Phrases<()>,
    /// Suffixes with the accents they are written with
    /// ([`crate::tokens::suffix_key`]).
    future_suffixes: Vec<(String, u8)>,
    past_suffixes: Vec<(String, u8)>,
    not_verbs: HashSet<String>,
    /// Tense words the data writes without accent ("a"): an accented
    /// token folding to one of them is another word ("à").
    plain_tense_words: HashSet<String>,
    pub quantities: Phrases<()>,
    /// Every word a phrase of any table begins with: a word outside it
    /// starts no expression, which lets the tagger skip most of a text.
    starters: HashSet<String>,
}

/// A verb tense cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
}

/// The values of a file that are more than words: unit nouns with their
/// count, holiday dates, named clock times, the type of reference words.
struct Values {
    units: Phrases<UnitWord>,
    holidays: Phrases<(u32, u32)>,
    clock_named: Phrases<(u32, u32)>,
    reference_kind: filrouge_model::TimexKind,
}

/// Why a value of file `file` cannot be read.
fn unreadable(file: &str, what: &str, v: &str) -> TimeError {
    TimeError::Vocabulary {
        file: file.to_string(),
        message: format!("{what}: cannot read {v:?}"),
    }
}

/// Unit nouns with their TimeML unit and count ("quinquennat" = "5Y").
fn unit_words(
    units: &BTreeMap<String, String>,
    file: &str,
) -> Result<Phrases<UnitWord>, TimeError> {
    let mut out = Phrases::default();
    for (k, v) in units {
        if v.is_empty() {
            continue;
        }
        let (count, letters) = match v.find(|c: char| !c.is_ascii_digit()) {
            Some(0) | None => (1, v.as_str()),
            Some(n) => (
                v[..n].parse().map_err(|_| unreadable(file, "units", v))?,
                &v[n..],
            ),
        };
        let unit = Unit::parse(letters).ok_or_else(|| unreadable(file, "units", v))?;
        out.insert(k, UnitWord { unit, count });
    }
    Ok(out)
}

/// A table of two numbers joined by `sep` (a holiday's "12-25", a named
/// time's "12:00"); `what` names the table in errors.
fn number_pairs(
    table: &BTreeMap<String, String>,
    sep: char,
    what: &str,
    file: &str,
) -> Result<Phrases<(u32, u32)>, TimeError> {
    let mut out = Phrases::default();
    for (k, v) in table {
        let (a, b) = v.split_once(sep).ok_or_else(|| unreadable(file, what, v))?;
        let a: u32 = a.parse().map_err(|_| unreadable(file, what, v))?;
        let b: u32 = b.parse().map_err(|_| unreadable(file, what, v))?;
        out.insert(k, (a, b));
    }
    Ok(out)
}

/// Words folded as the tokens are (suffixes and single words).
fn folded_words(v: &[String]) -> Vec<String> {
    v.iter().map(|w| key_tokens(w).concat()).collect::<Vec<_>>()
}

impl Vocabulary {
    /// Parses one language file; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Vocabulary, TimeError> {
        let raw: Raw = toml::from_str(text).map_err(|e| TimeError::Vocabulary {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let values = Values {
            units: unit_words(&raw.units, file)?,
            holidays: number_pairs(&raw.holidays, '-', "holidays", file)?,
            clock_named: number_pairs(&raw.clock.named, ':', "clock.named", file)?,
            reference_kind: match raw.reference_type.as_str() {
                "TIME" => filrouge_model::TimexKind::Time,
                "DATE" => filrouge_model::TimexKind::Date,
                other => return Err(unreadable(file, "reference_type", other)),
            },
        };
        Ok(Vocabulary::from_raw(raw, values))
    }

    /// One phrase table per word list and map of the file, and the words
    /// that may start an expression.
    fn from_raw(raw: Raw, values: Values) -> Vocabulary {
        let d = &raw.deixis;
        let mut v = Vocabulary {
            capitalised_names: raw.capitalised_names,
            relative_after: raw.relative_after,
            reference_kind: values.reference_kind,
            decade_suffix: raw.decade_suffix,
            century_suffix: raw.century_suffix,
            months: Phrases::from_map(raw.months),
            weekdays: Phrases::from_map(raw.weekdays),
            numbers: Phrases::from_map(raw.numbers),
            multipliers: Phrases::from_map(raw.multipliers),
            ordinals: Phrases::from_map(raw.ordinals),
            units: values.units,
            set_adjectives: Phrases::from_map(raw.set_adjectives),
            day_parts: Phrases::from_map(raw.day_parts),
            day_parts_alone: Phrases::from_map(raw.day_parts_alone),
            seasons: Phrases::from_map(raw.seasons),
            context_before: Phrases::from_words(&raw.context_before.words),
            season_context: Phrases::from_words(&raw.context_before.seasons),
            not_duration_after: Phrases::from_words(&raw.not_durations.after),
            age_before: Phrases::from_words(&raw.not_durations.age_before),
            month_prefix: Phrases::from_words(&raw.month_prefix.words),
            bare_units_before: Phrases::from_words(&raw.bare_units.before),
            bare_units_after: Phrases::from_words(&raw.bare_units.after),
            not_years_after: Phrases::from_words(&raw.not_years.after),
            two_digit_year_before: Phrases::from_words(&raw.two_digit_year_before.words),
            holidays: values.holidays,
            easter_holidays: Phrases::from_map(raw.easter_holidays),
            references: Phrases::from_map(raw.references),
            relative_days: Phrases::from_map(raw.relative_days),
            narrative_days: Phrases::from_map(raw.narrative_days),
            determiners: Phrases::from_words(&raw.determiners.words),
            this: Phrases::from_words(&d.this),
            last: Phrases::from_words(&d.last),
            next: Phrases::from_words(&d.next),
            ago_before: Phrases::from_words(&d.ago_before),
            ago_after: Phrases::from_words(&d.ago_after),
            in_before: Phrases::from_words(&d.in_before),
            this_suffix: Phrases::from_words(&d.this_suffix),
            since: Phrases::from_words(&d.since),
            each: Phrases::from_words(&d.each),
            per: Phrases::from_words(&d.per),
            half: Phrases::from_words(&d.half),
            quarter: Phrases::from_words(&d.quarter),
            and: Phrases::from_words(&d.and),
            vague: Phrases::from_words(&d.vague),
            recent: Phrases::from_words(&d.recent),
            decades: Phrases::from_words(&d.decades),
            century: Phrases::from_words(&d.century),
            week_end: Phrases::from_words(&d.week_end),
            of: Phrases::from_words(&d.of),
            night_to: Phrases::from_words(&d.night_to),
            byline_published: Phrases::from_words(&raw.byline.published),
            byline_updated: Phrases::from_words(&raw.byline.updated),
            modifiers: Phrases::from_map(raw.modifiers),
            modifiers_outside: Phrases::from_map(raw.modifiers_outside),
            modifiers_after: Phrases::from_map(raw.modifiers_after),
            parts: Phrases::from_map(raw.parts),
            clock_hours: Phrases::from_words(&raw.clock.hours),
            clock_minutes: Phrases::from_words(&raw.clock.minutes),
            clock_before: Phrases::from_words(&raw.clock.before),
            clock_named: values.clock_named,
            zones: Phrases::from_map(raw.clock.zones),
            am: Phrases::from_words(&raw.clock.am),
            pm: Phrases::from_words(&raw.clock.pm),
            future_words: Phrases::from_words(&raw.tense.future_words),
            past_words: Phrases::from_words(&raw.tense.past_words),
            history_words: Phrases::from_words(&raw.tense.history_words),
            future_suffixes: raw
                .tense
                .future_suffixes
                .iter()
                .map(|s| suffix_key(s))
                .collect(),
            past_suffixes: raw
                .tense
                .past_suffixes
                .iter()
                .map(|s| suffix_key(s))
                .collect(),
            not_verbs: folded_words(&raw.tense.not_verbs).into_iter().collect(),
            plain_tense_words: raw
                .tense
                .past_words
                .iter()
                .chain(&raw.tense.future_words)
                .filter(|w| w.is_ascii() && !w.contains(' '))
                .map(|w| w.to_lowercase())
                .collect(),
            quantities: Phrases::from_words(&raw.quantities.words),
            starters: HashSet::default(),
        };
        v.starters = v.collect_starters();
        v
    }

    fn collect_starters(&self) -> HashSet<String> {
        let mut s: HashSet<String> = HashSet::default();
        macro_rules! add {
            ($($t:ident),*) => { $( s.extend(self.$t.first_tokens().cloned()); )* };
        }
        add!(
            months,
            weekdays,
            numbers,
            multipliers,
            ordinals,
            units,
            set_adjectives,
            day_parts,
            day_parts_alone,
            seasons,
            holidays,
            easter_holidays,
            references,
            relative_days,
            narrative_days,
            determiners,
            this,
            last,
            next,
            ago_before,
            in_before,
            each,
            half,
            quarter,
            vague,
            recent,
            decades,
            century,
            week_end,
            modifiers,
            modifiers_outside,
            parts,
            clock_named,
            month_prefix
        );
        // Plural weekdays ("tous les jeudis").
        let plurals: Vec<String> = self
            .weekdays
            .first_tokens()
            .map(|w| format!("{w}s"))
            .collect();
        s.extend(plurals);
        s
    }

    /// Whether token `t` may begin an expression.
    pub fn may_start(&self, t: &Tok) -> bool {
        match t.kind {
            TokKind::Number => true,
            _ => self.starters.contains(t.norm.as_str()),
        }
    }

    /// The tense cue a token gives, if any, and whether a listed word gave
    /// it (else only a verb ending, a weaker guess: "sécurité" ends as
    /// "signé" does).
    pub fn tense_of(&self, toks: &[Tok], i: usize) -> Option<(Tense, bool)> {
        let t = toks.get(i)?;
        if t.accented && self.plain_tense_words.contains(t.norm.as_str()) {
            return None;
        }
        if self.future_words.at(toks, i).is_some() {
            return Some((Tense::Future, true));
        }
        if self.past_words.at(toks, i).is_some() {
            return Some((Tense::Past, true));
        }
        // Capitalised words inside a sentence are names, not verbs; headline
        // words in capitals are verbs again.
        if t.kind != TokKind::Word || t.norm.len() < 5 || (t.capitalised && i > 0 && !t.all_caps) {
            return None;
        }
        if self.not_verbs.contains(t.norm.as_str()) {
            return None;
        }
        if self.future_suffixes.iter().any(|s| t.ends_with_written(s)) {
            return Some((Tense::Future, false));
        }
        if self.past_suffixes.iter().any(|s| t.ends_with_written(s)) {
            return Some((Tense::Past, false));
        }
        None
    }
}

/// Every bundled vocabulary, parsed once.
pub(crate) fn bundled() -> Result<Vec<(&'static str, Vocabulary)>, TimeError> {
    BUNDLED
        .iter()
        .map(|(code, text)| Ok((*code, Vocabulary::parse(&format!("{code}.toml"), text)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    #[test]
    fn bundled_files_parse() {
        let all = bundled().expect("bundled vocabularies parse");
        assert_eq!(all.len(), BUNDLED.len());
    }

    #[test]
    fn longest_phrase_wins() {
        let all = bundled().expect("parse");
        let fr = &all[0].1;
        let toks = tokenize("le lundi de Pâques");
        assert_eq!(fr.easter_holidays.at(&toks, 1), Some((4, &1)));
        let toks = tokenize("à la fin de l'année");
        assert_eq!(
            fr.parts.at(&toks, 1).map(|(e, v)| (e, v.as_str())),
            Some((4, "END"))
        );
    }

    #[test]
    fn a_broken_file_is_named() {
        let err = Vocabulary::parse("xx.toml", "capitalised_names = 3").unwrap_err();
        assert!(err.to_string().contains("xx.toml"));
    }
}
