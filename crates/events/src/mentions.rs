//! Event mentions: a trigger phrase in a sentence ("entretien
//! téléphonique", "talks"), with the time expression, ordinal, durations
//! and amounts that go with it.

use filrouge_model::{Document, Label, ParagraphRole, Span, TimexAnchor, TimexKind};

use crate::vocab::{phrase_at, words, LanguageEvents};

/// A duration or an amount said of an event.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Fact {
    /// A duration ("environ une heure": PT1H, APPROX).
    Duration {
        /// TimeML duration value.
        value: String,
        /// TimeML modifier (APPROX, MORE_THAN, ...).
        modifier: Option<String>,
        /// The words.
        text: String,
    },
    /// An amount of money ("60 milliards de dollars").
    Amount {
        /// The number.
        value: f64,
        /// ISO 4217 code.
        currency: String,
        /// The words.
        text: String,
    },
    /// Who initiated it ("initiée par le président américain").
    Initiator {
        /// The entity as written, or the person a role stands for.
        value: String,
        /// The words.
        text: String,
    },
}

/// A time expression attached to a mention.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MentionTime {
    /// TimeML value (may hide unknown parts: `XXXX-06-04`).
    pub value: String,
    /// TimeML modifier (START, MID, END, ...).
    pub modifier: Option<String>,
    /// Where the value comes from.
    pub anchor: TimexAnchor,
    /// The words.
    pub text: String,
    /// Its span in the cleaned text.
    pub span: Span,
}

/// One event mention in a document.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventMention {
    /// Kind name (`call`, `talks`, ...).
    pub kind: String,
    /// Kind family (kinds of one family may name one event).
    pub family: String,
    /// The trigger's span in the cleaned text.
    pub trigger: Span,
    /// The sentence's span.
    pub sentence: Span,
    /// Index of the sentence in the document.
    pub sentence_index: usize,
    /// Index of the paragraph in the document.
    pub paragraph_index: usize,
    /// In the title or a heading rather than the body.
    pub in_title: bool,
    /// Weak trigger: an event only in context.
    pub weak: bool,
    /// No event word: a dated sentence (the trigger is the time
    /// expression), or an article's news of an entity it names
    /// ([`crate::sentence_news`]: an empty trigger at the sentence's start).
    pub generic: bool,
    /// Preceded by a demonstrative ("cette rencontre"): points back.
    pub demonstrative: bool,
    /// The setting of the sentence's news, not the news ("cinq jours après
    /// la fuite, la préfecture organise une réunion"): a context word
    /// (`context` in the vocabulary) within the three words before.
    pub context: bool,
    /// Ordinal before the trigger ("la sixième conversation": 6).
    pub ordinal: Option<u32>,
    /// The time expression of the sentence nearest to this trigger.
    pub time: Option<MentionTime>,
    /// Durations and amounts nearest to this trigger.
    pub facts: Vec<Fact>,
}

/// A trigger found in a sentence, before times are attached.
struct Found {
    kind: usize,
    weak: bool,
    start: usize,
    end: usize,
    ordinal: Option<u32>,
    demonstrative: bool,
    context: bool,
}

/// Whether a time value says something about when (a date or a time,
/// possibly with unknown parts), rather than "now" or "in the future".
fn is_dating(kind: TimexKind, value: &str) -> bool {
    matches!(kind, TimexKind::Date | TimexKind::Time)
        && value.starts_with(|c: char| c.is_ascii_digit() || c == 'X')
}

/// Where a sentence stands in its document.
struct SentencePlace {
    /// Its span.
    span: Span,
    /// Its index among the document's sentences.
    index: usize,
    /// The index of its paragraph.
    paragraph_index: usize,
    /// In the title or a heading rather than the body.
    in_title: bool,
}

/// A document's time expressions with their spans.
type Times<'d> = [(Span, &'d filrouge_model::TimeExpression)];

/// The event mentions of an analysed document in language `lang`.
pub fn event_mentions(doc: &Document, lang: &LanguageEvents, lang_code: &str) -> Vec<EventMention> {
    let tagger = filrouge_time::TimeTagger::bundled();
    let paragraphs: Vec<(Span, ParagraphRole)> = doc
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Paragraph { role, .. } => Some((a.span, *role)),
            _ => None,
        })
        .collect();
    let times: Vec<(Span, &filrouge_model::TimeExpression)> = doc
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Time(t) => Some((a.span, t)),
            _ => None,
        })
        .collect();
    // Times by start (with their place in `times`), and whether the
    // paragraphs come in text order: a sentence's times and paragraph are
    // then found by binary search, not by a scan of the whole document.
    let mut by_start: Vec<(usize, usize)> = times
        .iter()
        .enumerate()
        .map(|(i, (sp, _))| (sp.start, i))
        .collect();
    by_start.sort_unstable();
    let ordered = paragraphs.windows(2).all(|w| w[0].0.end <= w[1].0.start);
    let mut out = Vec::new();
    let sentences = doc
        .annotations
        .iter()
        .filter(|a| matches!(a.label, Label::Sentence));
    for (sentence_index, s) in sentences.enumerate() {
        let times = times_within(&times, &by_start, s.span);
        let text = doc.slice(s.span);
        let ws = words(text);
        let mut found = triggers_in(&ws, lang, lang_code, tagger);
        // "X met Y on Tuesday, his office announced": the announcement is
        // how the meeting is known; the meeting is the news.
        if found.iter().any(|f| !lang.kinds[f.kind].speech) {
            found.retain(|f| !lang.kinds[f.kind].speech);
        }
        let (paragraph_index, role) =
            paragraph_of(&paragraphs, ordered, s.span).unwrap_or((0, ParagraphRole::Body));
        let place = SentencePlace {
            span: s.span,
            index: sentence_index,
            paragraph_index,
            in_title: role != ParagraphRole::Body,
        };
        if found.is_empty() {
            out.extend(generic_mention(doc, &place, &ws, &times, lang));
        } else {
            out.extend(trigger_mentions(doc, &place, &ws, &found, &times, lang));
        }
    }
    out
}

/// The times of `times` inside `s`, in their order; `by_start` is
/// (start, index in `times`) by start.
fn times_within<'a>(
    times: &Times<'a>,
    by_start: &[(usize, usize)],
    s: Span,
) -> Vec<(Span, &'a filrouge_model::TimeExpression)> {
    let from = by_start.partition_point(|&(start, _)| start < s.start);
    let mut inside: Vec<usize> = by_start[from..]
        .iter()
        .take_while(|&&(start, _)| start <= s.end)
        .map(|&(_, i)| i)
        .filter(|&i| times.get(i).is_some_and(|(sp, _)| sp.end <= s.end))
        .collect();
    inside.sort_unstable();
    inside
        .into_iter()
        .filter_map(|i| times.get(i).copied())
        .collect()
}

/// The paragraph (index, role) sentence `s` starts in: the first whose
/// span holds its start; by binary search when the paragraphs are in text
/// order without overlap.
fn paragraph_of(
    paragraphs: &[(Span, ParagraphRole)],
    ordered: bool,
    s: Span,
) -> Option<(usize, ParagraphRole)> {
    let holds = |p: &Span| p.start <= s.start && s.start < p.end.max(p.start + 1);
    if ordered {
        let k = paragraphs.partition_point(|(p, _)| p.start <= s.start);
        // Empty paragraphs at the same start: the first of them.
        let mut i = k.checked_sub(1)?;
        while i > 0 && paragraphs[i - 1].0.start == paragraphs[i].0.start {
            i -= 1;
        }
        return (i..k)
            .find(|&j| holds(&paragraphs[j].0))
            .map(|j| (j, paragraphs[j].1));
    }
    paragraphs
        .iter()
        .enumerate()
        .find(|(_, (p, _))| holds(p))
        .map(|(i, (_, r))| (i, *r))
}

/// A sentence without event words, but dated: something happened that day
/// ("Shares closed 2% higher on 3 March"), a mention of the language's
/// generic kind with the sentence's first dating time expression as its
/// trigger. A byline ("Publié le 3 mars 2025 à 9 h 40") dates the
/// article, hour included: no news in it.
fn generic_mention(
    doc: &Document,
    place: &SentencePlace,
    ws: &[(String, usize, usize)],
    times: &Times<'_>,
    lang: &LanguageEvents,
) -> Option<EventMention> {
    let s = place.span;
    let byline = times
        .iter()
        .any(|(sp, t)| t.dateline && s.start <= sp.start && sp.end <= s.end);
    let k = lang.generic.filter(|_| !byline)?;
    let (span, t) = times.iter().find(|(sp, t)| {
        s.start <= sp.start
            && sp.end <= s.end
            && is_dating(t.kind, &t.value)
            && t.anchor != TimexAnchor::Unanchored
            && !t.holiday
            && filrouge_time::PartialDate::parse(&t.value).is_some_and(|p| p.month.is_some())
            && !bounded(ws, sp.start - s.start, lang)
    })?;
    let kind = &lang.kinds[k];
    Some(EventMention {
        kind: kind.name.clone(),
        family: kind.family.clone(),
        trigger: *span,
        sentence: s,
        sentence_index: place.index,
        paragraph_index: place.paragraph_index,
        in_title: place.in_title,
        weak: true,
        generic: true,
        demonstrative: false,
        context: false,
        ordinal: None,
        time: Some(mention_time(doc, *span, t)),
        facts: Vec::new(),
    })
}

/// A time expression as a mention's time.
fn mention_time(doc: &Document, span: Span, t: &filrouge_model::TimeExpression) -> MentionTime {
    MentionTime {
        value: t.value.clone(),
        modifier: t.modifier.clone(),
        anchor: t.anchor,
        text: doc.slice(span).to_string(),
        span,
    }
}

/// The mentions of the triggers found in a sentence, each with the time
/// expression and facts nearest to it.
fn trigger_mentions(
    doc: &Document,
    place: &SentencePlace,
    ws: &[(String, usize, usize)],
    found: &[Found],
    times: &Times<'_>,
    lang: &LanguageEvents,
) -> Vec<EventMention> {
    let s = place.span;
    let spans: Vec<(usize, usize)> = found
        .iter()
        .map(|f| (s.start + ws[f.start].1, s.start + ws[f.end - 1].2))
        .collect();
    let attached = attach_to_nearest(doc, s, ws, &spans, times, lang);
    found
        .iter()
        .zip(spans)
        .zip(attached)
        .map(|((f, (a, b)), (time, facts))| {
            let kind = &lang.kinds[f.kind];
            EventMention {
                kind: kind.name.clone(),
                family: kind.family.clone(),
                trigger: Span::new(a, b),
                sentence: s,
                sentence_index: place.index,
                paragraph_index: place.paragraph_index,
                in_title: place.in_title,
                weak: f.weak,
                generic: false,
                demonstrative: f.demonstrative,
                context: f.context,
                ordinal: f.ordinal,
                time,
                facts,
            }
        })
        .collect()
}

/// Each time expression and fact of sentence `s` goes to the nearest
/// trigger (byte spans `triggers`): its first dating time (not a bound),
/// its durations, initiators and amounts, one entry per trigger.
fn attach_to_nearest(
    doc: &Document,
    s: Span,
    ws: &[(String, usize, usize)],
    triggers: &[(usize, usize)],
    times: &Times<'_>,
    lang: &LanguageEvents,
) -> Vec<(Option<MentionTime>, Vec<Fact>)> {
    let mut attached: Vec<(Option<MentionTime>, Vec<Fact>)> =
        vec![(None, Vec::new()); triggers.len()];
    for (span, t) in times
        .iter()
        .filter(|(sp, _)| s.start <= sp.start && sp.end <= s.end)
    {
        let i = nearest_trigger(triggers, *span);
        if t.kind == TimexKind::Duration {
            attached[i].1.push(Fact::Duration {
                value: t.value.clone(),
                modifier: t.modifier.clone(),
                text: doc.slice(*span).to_string(),
            });
        } else if is_dating(t.kind, &t.value)
            && attached[i].0.is_none()
            && !bounded(ws, span.start - s.start, lang)
        {
            attached[i].0 = Some(mention_time(doc, *span, t));
        }
    }
    for (span, fact) in initiators(doc, s, ws, lang) {
        let i = nearest_trigger(triggers, span);
        attached[i].1.push(fact);
    }
    for (span, mut fact) in crate::amounts::amounts(doc.slice(s), ws, lang, s.start) {
        if let Fact::Amount { text, .. } = &mut fact {
            *text = doc.slice(span).to_string();
        }
        let i = nearest_trigger(triggers, span);
        attached[i].1.push(fact);
    }
    attached
}

/// The index of the trigger nearest to `span` (the first of equals).
fn nearest_trigger(triggers: &[(usize, usize)], span: Span) -> usize {
    let mut best = (usize::MAX, 0);
    for (i, &(a, b)) in triggers.iter().enumerate() {
        let d = if span.end <= a {
            a - span.end
        } else {
            span.start.saturating_sub(b)
        };
        if d < best.0 {
            best = (d, i);
        }
    }
    best.1
}

/// Whether the word before byte `at` of the sentence makes the time there
/// a bound ("depuis janvier"), not a date.
fn bounded(ws: &[(String, usize, usize)], at: usize, lang: &LanguageEvents) -> bool {
    ws.iter()
        .take_while(|w| w.2 <= at)
        .last()
        .is_some_and(|w| lang.bounds.contains(&w.0))
}

/// Words before a trigger in which a context word makes it the setting of
/// the news ("cinq jours après la fuite": two; "in the wake of the leak":
/// three).
const CONTEXT_REACH: usize = 3;

/// Words before a trigger in which a negation cancels it ("sans parvenir à
/// un accord": four).
const NEGATION_REACH: usize = 4;

/// Triggers in a sentence's words, longest first at each word, never
/// overlapping; negated ones are left out.
fn triggers_in(
    ws: &[(String, usize, usize)],
    lang: &LanguageEvents,
    lang_code: &str,
    tagger: &filrouge_time::TimeTagger,
) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let hit = lang.triggers.iter().find(|t| phrase_at(&t.words, ws, i));
        let Some(t) = hit else {
            i += 1;
            continue;
        };
        let end = i + t.words.len();
        // "pas d'accord", "sans accord", "no deal": what did not happen is
        // not an event of that kind.
        let negated =
            (i.saturating_sub(NEGATION_REACH)..i).any(|k| lang.negations.contains(&ws[k].0));
        if negated {
            i = end;
            continue;
        }
        // "la sixième conversation", "cette rencontre", "leur neuvième
        // conversation": an ordinal just before, a demonstrative before it.
        let ordinal = i
            .checked_sub(1)
            .and_then(|k| tagger.ordinal(lang_code, &ws[k].0));
        let det = if ordinal.is_some() {
            i.checked_sub(2)
        } else {
            i.checked_sub(1)
        };
        let demonstrative = det.is_some_and(|k| lang.demonstratives.contains(&ws[k].0));
        let context = (i.saturating_sub(CONTEXT_REACH)..i).any(|k| lang.context.contains(&ws[k].0));
        found.push(Found {
            kind: t.kind,
            weak: t.weak,
            start: i,
            end,
            ordinal,
            demonstrative,
            context,
        });
        i = end;
    }
    found
}

/// Words a cue may be separated from the entity it names by ("initiée par
/// le président américain": two).
const INITIATOR_REACH: usize = 3;

/// Who initiated an event: a cue ("initiée par", "at the request of") and
/// the entity tagged just after it.
fn initiators(
    doc: &Document,
    sentence: Span,
    ws: &[(String, usize, usize)],
    lang: &LanguageEvents,
) -> Vec<(Span, Fact)> {
    let mut out = Vec::new();
    for i in 0..ws.len() {
        let Some(cue) = lang.initiator_cues.iter().find(|p| phrase_at(p, ws, i)) else {
            continue;
        };
        let after = sentence.start + ws[i + cue.len() - 1].2;
        let limit = ws
            .get(i + cue.len() + INITIATOR_REACH)
            .map_or(sentence.end, |w| sentence.start + w.1);
        let entity = doc.annotations.iter().find_map(|a| match &a.label {
            Label::Entity { refers_to, .. } if a.span.start >= after && a.span.start <= limit => {
                Some((a.span, refers_to.clone()))
            }
            _ => None,
        });
        if let Some((span, refers_to)) = entity {
            let cue_span = Span::new(sentence.start + ws[i].1, span.end);
            out.push((
                cue_span,
                Fact::Initiator {
                    value: refers_to.unwrap_or_else(|| doc.slice(span).to_string()),
                    text: doc.slice(cue_span).to_string(),
                },
            ));
        }
    }
    out
}
