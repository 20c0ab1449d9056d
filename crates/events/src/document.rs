//! One document's events: its mentions grouped into the events the article
//! talks about, each dated (explicitly, or by the document date), and the
//! article's main event told apart from background ones.
//!
//! The rules are a reader's: the title and lead say what the article is
//! about (the main event, dated by the lead or the document date); a later
//! mention with its own, different date is another event; "cette
//! rencontre" points back at the event just mentioned; a mention right
//! after a dated one in the same paragraph stays in that past ("s'est
//! ensuite entretenu..."); an undated mention of the main event's family is
//! the main event; any other undated mention joins the one event of its
//! kind and ordinal, or stands alone, undated.

use filrouge_model::{DatePrecision, Document, Label, ParagraphRole, Span};
use filrouge_time::PartialDate;

use crate::mentions::EventMention;

/// Sentences from the start of the body that form the lead.
const LEAD_SENTENCES: usize = 4;

/// Days before its article's date an opening dated sentence may name the
/// article's news.
const NEWS_DAYS: i64 = 3;

/// Days from `d` to the document date `doc`, both full days with years, `d`
/// not after `doc`.
fn news_days_before(d: &EventDate, doc: &EventDate) -> Option<i64> {
    let day = |x: &EventDate| {
        let p = x.parts()?;
        chrono::NaiveDate::from_ymd_opt(p.year?, p.month?, p.day?)
    };
    let n = (day(doc)? - day(d)?).num_days();
    (n >= 0).then_some(n)
}

/// How an event's date was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrigin {
    /// A time expression next to the event's words.
    Explicit,
    /// The document's date: the article's news happened when it was written.
    DocumentDate,
    /// Refined across documents (a linked document dates it).
    Corpus,
}

/// When an event happened, as far as known.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventDate {
    /// TimeML date value, unknown parts as `X` (`2025-07-03`, `XXXX-06-04`,
    /// `2025-05`).
    pub value: String,
    /// TimeML modifier (START, MID, END, APPROX...).
    pub modifier: Option<String>,
    /// The finest part known.
    pub precision: DatePrecision,
    /// How it was obtained.
    pub origin: DateOrigin,
    /// The value leans on the document's date (a relative expression, a
    /// day without its year, or the document date itself): when that date
    /// was refined across documents, so was this one.
    #[serde(skip)]
    pub leans_on_document: bool,
    /// In words.
    pub evidence: String,
    /// The time expression that gave it, as the source wrote it ("le 4
    /// juin"); none for the document's own date.
    #[serde(skip)]
    pub words: Option<String>,
}

impl EventDate {
    /// The date as year, month and day, each when known.
    pub fn parts(&self) -> Option<PartialDate> {
        PartialDate::parse(&self.value)
    }

    /// Whether the year is known.
    pub fn has_year(&self) -> bool {
        self.parts().is_some_and(|p| p.year.is_some())
    }

    /// Whether a part known in both dates differs: they cannot be one day
    /// ("2025-07" and "XXXX-07-03" can; "2025-07" and "2025-06" cannot).
    pub fn conflicts_with(&self, other: &EventDate) -> bool {
        match (self.parts(), other.parts()) {
            (Some(x), Some(y)) => parts_conflict(&x, &y),
            _ => false,
        }
    }
}

/// Whether a part known in both dates differs.
pub fn parts_conflict(x: &PartialDate, y: &PartialDate) -> bool {
    let differ = |p: Option<u32>, q: Option<u32>| matches!((p, q), (Some(u), Some(v)) if u != v);
    matches!((x.year, y.year), (Some(u), Some(v)) if u != v)
        || differ(x.month, y.month)
        || differ(x.day, y.day)
}

/// The precision of a TimeML date value.
pub fn precision_of(value: &str) -> DatePrecision {
    match PartialDate::parse(value) {
        Some(PartialDate { day: Some(_), .. }) => DatePrecision::Day,
        Some(PartialDate { month: Some(_), .. }) => DatePrecision::Month,
        Some(PartialDate { year: Some(_), .. }) => DatePrecision::Year,
        _ => DatePrecision::Unknown,
    }
}

/// How many parts of a date value are known (year, month, day).
fn known_parts(value: &str) -> usize {
    PartialDate::parse(value).map_or(0, |p| {
        usize::from(p.year.is_some())
            + usize::from(p.month.is_some())
            + usize::from(p.day.is_some())
    })
}

/// The date part of a TimeML value (`2025-07-03TEV` -> `2025-07-03`).
fn date_part(value: &str) -> &str {
    value.split('T').next().unwrap_or(value)
}

/// One event of one document.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DocumentEvent {
    /// Kind name (the most specific of its mentions).
    pub kind: String,
    /// Kind family.
    pub family: String,
    /// The article's own news (else mentioned in passing).
    pub main: bool,
    /// When, if known at all.
    pub date: Option<EventDate>,
    /// Its rank in a series ("the sixth call").
    pub ordinal: Option<u32>,
    /// Its mentions, in text order.
    pub mentions: Vec<EventMention>,
}

impl DocumentEvent {
    fn new(m: &EventMention, main: bool, date: Option<EventDate>) -> DocumentEvent {
        DocumentEvent {
            kind: m.kind.clone(),
            family: m.family.clone(),
            main,
            date,
            ordinal: m.ordinal,
            mentions: vec![m.clone()],
        }
    }

    fn add(&mut self, m: &EventMention) {
        if self.ordinal.is_none() {
            self.ordinal = m.ordinal;
        }
        // A strong trigger names the kind better than a weak one, and the
        // body's better than a headline's ("hold talks" over "met on
        // Tuesday": other reports of the meeting say "met").
        if !m.weak
            && self
                .mentions
                .iter()
                .all(|x| x.weak || (x.in_title && !m.in_title))
        {
            self.kind = m.kind.clone();
            self.family = m.family.clone();
        }
        self.mentions.push(m.clone());
    }

    fn ordinal_fits(&self, m: &EventMention) -> bool {
        match (self.ordinal, m.ordinal) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }
}

/// The document's date as an event date, when something of it is known.
fn document_event_date(doc: &Document) -> Option<EventDate> {
    let d = doc.document_date.as_ref()?;
    if known_parts(&d.value) == 0 {
        return None;
    }
    Some(EventDate {
        value: d.value.clone(),
        modifier: None,
        precision: precision_of(&d.value),
        origin: DateOrigin::DocumentDate,
        leans_on_document: true,
        evidence: format!("the document's date ({})", d.value),
        words: None,
    })
}

/// The date a mention's time expression gives.
fn explicit_date(m: &EventMention) -> Option<EventDate> {
    let t = m.time.as_ref()?;
    let value = date_part(&t.value);
    if known_parts(value) == 0 {
        return None;
    }
    Some(EventDate {
        value: value.to_string(),
        modifier: t.modifier.clone(),
        precision: precision_of(value),
        origin: DateOrigin::Explicit,
        leans_on_document: t.anchor != filrouge_model::TimexAnchor::Explicit,
        evidence: format!("'{}' next to the event's words", t.text),
        words: Some(t.text.clone()),
    })
}

/// Whether two dates name one period: nothing differs and the same parts
/// are given (a month is not a day of it).
fn same_date(a: &EventDate, b: &EventDate) -> bool {
    match (a.parts(), b.parts()) {
        (Some(x), Some(y)) => same_parts(&x, &y),
        _ => false,
    }
}

/// [`same_date`] on dates read already.
fn same_parts(x: &PartialDate, y: &PartialDate) -> bool {
    !parts_conflict(x, y)
        && x.month.is_some() == y.month.is_some()
        && x.day.is_some() == y.day.is_some()
}

/// Where a document's lead ends: the byte offset of the first sentence
/// after the title and the lead's sentences (the text's end when shorter).
/// The lead is what names an article's news.
pub fn lead_end(doc: &Document) -> usize {
    let limit = first_body_sentence(doc) + LEAD_SENTENCES;
    doc.annotations
        .iter()
        .filter(|a| matches!(a.label, Label::Sentence))
        .nth(limit)
        .map_or(doc.text.len(), |a| a.span.start)
}

/// Index of the document's first sentence in a body paragraph (titles
/// and headings come before it).
fn first_body_sentence(doc: &Document) -> usize {
    let first = body_sentences(doc).first().copied();
    doc.layer("sentence")
        .position(|s| Some(s.span) == first)
        .unwrap_or(0)
}

/// The spans of the sentences of the document's body paragraphs (not its
/// title or headings), in text order.
pub fn body_sentences(doc: &Document) -> Vec<Span> {
    let body: Vec<Span> = doc
        .annotations
        .iter()
        .filter_map(|a| match a.label {
            Label::Paragraph {
                role: ParagraphRole::Body,
                ..
            } => Some(a.span),
            _ => None,
        })
        .collect();
    doc.layer("sentence")
        .map(|a| a.span)
        .filter(|s| body.iter().any(|p| p.start <= s.start && s.start < p.end))
        .collect()
}

/// What an article says, in one sentence, of something it names without an
/// event word ("The CAC 40 fell 1.2 percent"): a generic main event of
/// that sentence, dated by the document's date (the article's news is of
/// its day). An entity's timeline builds one for each article naming the
/// entity outside the events found, so that every article about the
/// entity says something of it. `None` when the document has no date or
/// the language no generic kind, or `sentence` is no sentence of it.
pub fn sentence_news(doc: &Document, sentence: Span) -> Option<DocumentEvent> {
    let date = document_event_date(doc)?;
    let lang = doc.metadata.lang.as_deref().unwrap_or("fr");
    let events = crate::EventVocabulary::bundled().language(lang)?;
    let kind = events.kinds.get(events.generic?)?;
    let sentence_index = doc.layer("sentence").position(|a| a.span == sentence)?;
    let paragraph_index = doc
        .layer("paragraph")
        .take_while(|a| a.span.start <= sentence.start)
        .count()
        .saturating_sub(1);
    let mention = EventMention {
        kind: kind.name.clone(),
        family: kind.family.clone(),
        trigger: Span::new(sentence.start, sentence.start),
        sentence,
        sentence_index,
        paragraph_index,
        in_title: false,
        weak: true,
        generic: true,
        demonstrative: false,
        context: false,
        ordinal: None,
        time: None,
        facts: Vec::new(),
    };
    Some(DocumentEvent {
        kind: kind.name.clone(),
        family: kind.family.clone(),
        main: true,
        date: Some(date),
        ordinal: None,
        mentions: vec![mention],
    })
}

/// Groups a document's mentions into its events; the main event first.
pub fn document_events(doc: &Document, mentions: &[EventMention]) -> Vec<DocumentEvent> {
    let lead = Lead {
        limit: first_body_sentence(doc) + LEAD_SENTENCES,
    };
    let main_family = main_family(mentions, &lead);
    let doc_date = document_event_date(doc);
    let main_date = lead_news_date(mentions, main_family.as_ref(), doc_date.as_ref(), &lead)
        .or_else(|| opening_news_date(mentions, doc_date.as_ref(), &lead))
        .or(doc_date);
    let mut filing = Filing {
        lead,
        main_family,
        main_date,
        events: Vec::new(),
        dated: std::collections::HashMap::new(),
        main: None,
        last: None,
        last_dated: None,
        recent: Vec::new(),
    };
    for m in mentions {
        filing.file(m);
    }
    let mut events = filing.events;
    events.sort_by_key(|e| !e.main);
    events
}

/// The title and the first sentences of the body: what names the
/// article's news.
struct Lead {
    /// Index of the first sentence after the lead.
    limit: usize,
}

impl Lead {
    /// Whether a mention is in the title or the lead.
    fn holds(&self, m: &EventMention) -> bool {
        m.in_title || m.sentence_index < self.limit
    }
}

/// The family of the article's news: what the body's lead names; a
/// headline may word it otherwise ("hold talks" over "met on Tuesday") and
/// is the fallback. A trigger that sets the scene ("cinq jours après la
/// fuite") is not the news.
fn main_family(mentions: &[EventMention], lead: &Lead) -> Option<String> {
    mentions
        .iter()
        .find(|m| !m.weak && !m.context && !m.in_title && lead.holds(m))
        .or_else(|| {
            mentions
                .iter()
                .find(|m| !m.weak && !m.context && lead.holds(m))
        })
        .map(|m| m.family.clone())
}

/// Whether `d` is one of the few days before the document date `doc`
/// (news is often reported the next day: "a signé mardi", published on
/// Wednesday).
fn days_before_news(d: &EventDate, doc: &EventDate) -> bool {
    news_days_before(d, doc).is_some_and(|n| (1..=NEWS_DAYS).contains(&n))
}

/// The main event's date as the lead gives it: the lead's own date of the
/// main family, when it says more than the document date and does not
/// contradict it, or names one of the few days before it.
fn lead_news_date(
    mentions: &[EventMention],
    main_family: Option<&String>,
    doc_date: Option<&EventDate>,
    lead: &Lead,
) -> Option<EventDate> {
    mentions
        .iter()
        .filter(|m| Some(&m.family) == main_family && lead.holds(m))
        .filter_map(explicit_date)
        .find(|d| match doc_date {
            Some(dd) => {
                (known_parts(&d.value) >= known_parts(&dd.value) && !d.conflicts_with(dd))
                    || days_before_news(d, dd)
            }
            None => true,
        })
}

/// The news date of an article dated by its byline that opens on the day
/// of its news ("Mardi 7 octobre, ..."): a dated sentence of the lead, a
/// few days before the document date at most (the byline's own date says
/// nothing new).
fn opening_news_date(
    mentions: &[EventMention],
    doc_date: Option<&EventDate>,
    lead: &Lead,
) -> Option<EventDate> {
    let dd = doc_date?;
    mentions
        .iter()
        .filter(|m| m.generic && lead.holds(m))
        .filter_map(explicit_date)
        .find(|d| days_before_news(d, dd))
}

/// A document's events as its mentions are filed into them, in text order.
struct Filing {
    lead: Lead,
    /// The family of the article's news.
    main_family: Option<String>,
    /// The date of the article's news.
    main_date: Option<EventDate>,
    events: Vec<DocumentEvent>,
    /// Per family, its events with their date's parts, read once, in
    /// order (a long article has thousands of mentions: parsing every
    /// event's date again for each made filing quadratic in its cost).
    dated: std::collections::HashMap<String, Vec<(usize, Option<PartialDate>)>>,
    /// The main event, once it has a mention.
    main: Option<usize>,
    /// The event the previous mention went to, and its sentence/paragraph.
    last: Option<(usize, usize, usize)>,
    /// The last event with an explicit date, and its sentence.
    last_dated: Option<(usize, usize)>,
    /// Every (event, sentence) so far, in order.
    recent: Vec<(usize, usize)>,
}

impl Filing {
    /// Files one mention: into the event it names, or a new one (a weak,
    /// undated mention naming no event is dropped).
    fn file(&mut self, m: &EventMention) {
        let own = explicit_date(m);
        let (target, wants_main) = self.target(m, own.as_ref());
        let index = match target {
            Some(i) => {
                let before = self.events[i].family.clone();
                self.events[i].add(m);
                if self.events[i].family != before {
                    self.refile(i, &before);
                }
                i
            }
            None if m.weak && own.is_none() && !wants_main => return,
            None => {
                let date = if wants_main {
                    self.main_date.clone()
                } else {
                    own.clone()
                };
                let parts = date.as_ref().and_then(EventDate::parts);
                self.events.push(DocumentEvent::new(m, wants_main, date));
                let index = self.events.len() - 1;
                let family = self.events[index].family.clone();
                self.dated.entry(family).or_default().push((index, parts));
                if wants_main {
                    self.main = Some(self.events.len() - 1);
                }
                self.events.len() - 1
            }
        };
        // An event dated by its family's word only ("cette année") takes the
        // more precise date of a later explicit mention.
        if let (Some(d), Some(e)) = (&own, self.events.get_mut(index)) {
            if e.date.as_ref().is_none_or(|x| {
                known_parts(&d.value) > known_parts(&x.value) && !d.conflicts_with(x)
            }) {
                e.date = Some(d.clone());
                let parts = d.parts();
                if let Some(slot) = self
                    .dated
                    .get_mut(&e.family)
                    .and_then(|v| v.iter_mut().find(|(i, _)| *i == index))
                {
                    slot.1 = parts;
                }
            }
        }
        self.last = Some((index, m.sentence_index, m.paragraph_index));
        self.recent.push((index, m.sentence_index));
        if own.is_some() {
            self.last_dated = Some((index, m.sentence_index));
        }
    }

    /// The event a mention with date `own` belongs to, if one exists yet,
    /// and whether it is the main event.
    fn target(&self, m: &EventMention, own: Option<&EventDate>) -> (Option<usize>, bool) {
        // An undated headline names the article's news, whatever its word.
        let is_main_family = Some(&m.family) == self.main_family.as_ref()
            || (m.in_title && !m.weak && own.is_none() && self.main_family.is_some());
        if let (true, Some(date)) = (m.generic, own) {
            // A dated sentence without event words: the news of the day
            // when it is the main event's day (or, in an article without
            // event words in its lead, the lead's), else its own event.
            let news_day = self.main_date.as_ref().is_some_and(|d| same_date(d, date));
            if news_day && (self.main_family.is_some() || self.lead.holds(m)) {
                (self.main, true)
            } else {
                (self.same_day_event(&m.family, date), false)
            }
        } else if let Some(date) = own {
            let fits_main = self
                .main_date
                .as_ref()
                .is_some_and(|d| !date.conflicts_with(d));
            if is_main_family && fits_main {
                (self.main, true)
            } else {
                (self.same_day_event(&m.family, date), false)
            }
        } else if m.demonstrative {
            self.pointed_at(m, is_main_family)
        } else if let Some(e) = self.narrative(m) {
            (Some(e), false)
        } else if is_main_family {
            (self.main, true)
        } else {
            (self.only_fitting_event(m), false)
        }
    }

    /// Moves event `i`'s entry in `dated` from family `before` to its
    /// family now, keeping each list in event order.
    fn refile(&mut self, i: usize, before: &str) {
        let entry = self.dated.get_mut(before).and_then(|v| {
            let at = v.iter().position(|(j, _)| *j == i)?;
            Some(v.remove(at))
        });
        if let Some(entry) = entry {
            let list = self.dated.entry(self.events[i].family.clone()).or_default();
            let at = list.partition_point(|(j, _)| *j < i);
            list.insert(at, entry);
        }
    }

    /// The event of `family` dated the same period as `date`.
    fn same_day_event(&self, family: &str, date: &EventDate) -> Option<usize> {
        let y = date.parts()?;
        self.dated
            .get(family)?
            .iter()
            .find_map(|(i, x)| x.as_ref().is_some_and(|x| same_parts(x, &y)).then_some(*i))
    }

    /// What a demonstrative mention ("cet appel") points back at: the last
    /// event of its family nearby; else the article's news when of its
    /// family; else ("cette rencontre" after a dated round of talks) the
    /// event just dated.
    fn pointed_at(&self, m: &EventMention, is_main_family: bool) -> (Option<usize>, bool) {
        let near = |s: usize| m.sentence_index <= s + 3;
        let same_family = self
            .recent
            .iter()
            .rev()
            .find(|&&(e, s)| near(s) && self.events[e].family == m.family)
            .map(|&(e, _)| e);
        if same_family.is_none() && is_main_family {
            (self.main, true)
        } else {
            let dated = self.last_dated.filter(|&(_, s)| near(s)).map(|(e, _)| e);
            (same_family.or(dated), false)
        }
    }

    /// The past event an undated mention goes on telling: the previous
    /// mention's event, explicitly dated and not the news, of the same
    /// family, in the sentence before in the same paragraph ("s'est ensuite
    /// entretenu...").
    fn narrative(&self, m: &EventMention) -> Option<usize> {
        self.last
            .filter(|&(e, s, p)| {
                m.sentence_index == s + 1
                    && m.paragraph_index == p
                    && self.events[e].family == m.family
                    && !self.events[e].main
                    && self.events[e]
                        .date
                        .as_ref()
                        .is_some_and(|d| d.origin == DateOrigin::Explicit)
            })
            .map(|(e, _, _)| e)
    }

    /// The one background event of the mention's family and a fitting
    /// ordinal that an undated mention joins: the one of its ordinal, else
    /// the one dated, else the only one.
    fn only_fitting_event(&self, m: &EventMention) -> Option<usize> {
        let events = &self.events;
        let fitting: Vec<usize> = (0..events.len())
            .filter(|&i| {
                events[i].family == m.family && !events[i].main && events[i].ordinal_fits(m)
            })
            .collect();
        let same_ordinal: Vec<usize> = fitting
            .iter()
            .copied()
            .filter(|&i| m.ordinal.is_some() && events[i].ordinal == m.ordinal)
            .collect();
        let dated: Vec<usize> = fitting
            .iter()
            .copied()
            .filter(|&i| events[i].date.is_some())
            .collect();
        match (
            same_ordinal.as_slice(),
            dated.as_slice(),
            fitting.as_slice(),
        ) {
            ([one], _, _) | ([], [one], _) | ([], [], [one]) => Some(*one),
            _ => None,
        }
    }
}
