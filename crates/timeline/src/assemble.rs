//! From clusters of document events to timeline entries: the date agreed
//! on, participants, facts, quotes, sources with their sentences, a short
//! extractive summary and the disagreements between sources.

use chrono::NaiveDate;
use filrouge_events::{DateOrigin, DocumentEvent, EventDate, Fact};
use filrouge_model::{DatePrecision, EntityKind, Label, Span};
use serde::Serialize;

use crate::link::{bounds, Corpus};
use crate::text::Bag;

/// A participant or place: a canonical entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRef {
    /// Canonical id ("PER:putin-vladimir").
    pub id: String,
    /// Display name.
    pub name: String,
    /// PER, ORG or LOC.
    #[serde(rename = "type")]
    pub kind: String,
    /// Mentions in the event's sentences.
    pub mentions: usize,
}

/// A sentence of a source supporting an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceSentence {
    /// Byte span in the document's cleaned text.
    pub span: [usize; 2],
    /// The sentence.
    pub text: String,
}

/// A document reporting an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventSource {
    /// Document id.
    pub document: String,
    /// Where it came from (input path or URL).
    pub origin: String,
    /// Its title, when it has one.
    pub title: Option<String>,
    /// Credited agency ("TASS"), when the article credits one.
    pub credit: Option<String>,
    /// The first document of its group of near-copies: copies share it.
    pub copy_of: Option<String>,
    /// Other sources of this event whose supporting passage this one
    /// shares nearly verbatim (a paragraph taken from a wire story).
    pub shares_passage_with: Vec<String>,
    /// The event is this document's news (else mentioned in passing).
    pub main: bool,
    /// The sentences that mention the event.
    pub sentences: Vec<SourceSentence>,
}

/// A quote attached to an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventQuote {
    /// The quoted words.
    pub text: String,
    /// Speaker (canonical name when resolved).
    pub speaker: Option<String>,
    /// Who reported the speaker's words, if someone did.
    pub reported_by: Option<String>,
    /// Cue verb.
    pub cue: Option<String>,
    /// Channel ("Truth Social").
    pub channel: Option<String>,
    /// Indirect speech.
    pub indirect: bool,
    /// Document id.
    pub document: String,
    /// Byte span in the document.
    pub span: [usize; 2],
}

/// A fact said of an event, with the document saying it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventFact {
    /// The fact.
    #[serde(flatten)]
    pub fact: Fact,
    /// Document id.
    pub document: String,
}

/// An ordinal ("the sixth call") with the document saying it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventOrdinal {
    /// Rank in its series.
    pub value: u32,
    /// Document id.
    pub document: String,
}

/// One side of a disagreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DisagreementSide {
    /// The value this side gives.
    pub value: String,
    /// The documents giving it.
    pub documents: Vec<String>,
}

/// Sources giving incompatible values for one attribute of one event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// `duration`, `amount`, `initiator` or `date`.
    pub attribute: String,
    /// Each value and its sources.
    pub sides: Vec<DisagreementSide>,
}

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEvent {
    /// Stable within one run: `e1`, `e2`... in date order.
    pub id: String,
    /// The same for every query over one corpus (`/api/events/{key}`):
    /// the id of the first of its documents (in id order) and the event's
    /// index in it.
    pub key: String,
    /// ISO date truncated to its precision (`2025-07-03`, `2025-12`, `2025`).
    pub date: String,
    /// day, month or year.
    pub precision: DatePrecision,
    /// TimeML modifier of the date (START, MID, END...).
    pub modifier: Option<String>,
    /// How the date was obtained: explicit, document_date or corpus.
    pub date_origin: DateOrigin,
    /// The evidence for the date, in words.
    pub date_evidence: Vec<String>,
    /// Event kind (`call`, `talks`, ...).
    pub kind: String,
    /// A headline: the kind in the sources' language and the participants.
    pub headline: String,
    /// Reported by at least one source as its news (else background).
    pub main: bool,
    /// The summary: sources' own sentences, central and not redundant.
    pub summary: Vec<String>,
    /// People and organisations taking part, most mentioned first.
    pub participants: Vec<EntityRef>,
    /// Places named with it.
    pub places: Vec<EntityRef>,
    /// Events, works, products and laws named with it (MISC: "Coupe du
    /// monde", "loi Veil"); left out of the JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misc: Vec<EntityRef>,
    /// Durations and amounts.
    pub facts: Vec<EventFact>,
    /// Its rank in a series, per source.
    pub ordinals: Vec<EventOrdinal>,
    /// Quotes from its sources about it.
    pub quotes: Vec<EventQuote>,
    /// The documents reporting it.
    pub sources: Vec<EventSource>,
    /// Sources counted once per group of near-copies and of sources
    /// sharing the passage that reports the event.
    pub independent_sources: usize,
    /// Incompatible values across sources.
    pub disagreements: Vec<Disagreement>,
    /// First day of the date, for ordering and filtering.
    #[serde(skip)]
    pub(crate) start: NaiveDate,
    /// Last day of the date.
    #[serde(skip)]
    pub(crate) end: NaiveDate,
    /// Words of its sentences, for text queries.
    #[serde(skip)]
    pub(crate) words: Bag,
    /// Languages of its sources.
    #[serde(skip)]
    pub(crate) langs: Vec<String>,
}

/// The date a cluster agrees on: one with a year, the most precise,
/// explicit before inherited; other dated members that contradict it are
/// a disagreement.
fn cluster_date(
    members: &[(usize, &DocumentEvent)],
    corpus: &Corpus,
) -> Option<(EventDate, Vec<String>, Option<Disagreement>)> {
    // A year the article's own text gives beats one found through links.
    let from_corpus = |doc: usize| {
        corpus.docs[doc]
            .document_date
            .as_ref()
            .is_some_and(|x| x.source == filrouge_model::DocumentDateSource::Corpus)
    };
    let rank = |doc: usize, d: &EventDate| {
        (
            d.has_year(),
            d.precision,
            !from_corpus(doc),
            d.origin == DateOrigin::Explicit,
        )
    };
    let (best_doc, best) = members
        .iter()
        .filter_map(|(doc, e)| e.date.as_ref().map(|d| (*doc, d)))
        .filter(|(_, d)| d.has_year())
        // The first of equals: sources in corpus order.
        .fold(
            None,
            |acc: Option<(usize, &EventDate)>, (doc, d)| match acc {
                Some((bd, b)) if rank(bd, b) >= rank(doc, d) => Some((bd, b)),
                _ => Some((doc, d)),
            },
        )?;
    let mut date = best.clone();
    let mut evidence = Vec::new();
    let mut sides: Vec<DisagreementSide> = Vec::new();
    for (doc, e) in members {
        let Some(d) = &e.date else { continue };
        let origin = corpus.docs[*doc].source.origin();
        let how = match (d.origin, &corpus.docs[*doc].document_date) {
            // The conclusion first, then what led to it.
            (DateOrigin::DocumentDate, Some(x)) => {
                let mut reasons = x.reasons.iter().rev();
                let conclusion = reasons.next().cloned().unwrap_or_default();
                let rest: Vec<&String> = reasons.rev().collect();
                format!(
                    "{origin}: the article's date, {} ({conclusion}; {})",
                    x.value,
                    rest.iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            }
            _ => format!("{origin}: {}", d.evidence),
        };
        if *doc == best_doc && std::ptr::eq(d, best) {
            evidence.insert(0, how);
        } else {
            evidence.push(how);
        }
        let value = d.value.clone();
        match sides.iter_mut().find(|s| s.value == value) {
            Some(s) => s.documents.push(corpus.docs[*doc].id.to_string()),
            None => sides.push(DisagreementSide {
                value,
                documents: vec![corpus.docs[*doc].id.to_string()],
            }),
        }
    }
    // A year known only through linked documents is the corpus's finding.
    if best.leans_on_document && from_corpus(best_doc) {
        date.origin = DateOrigin::Corpus;
    }
    // Only dates that cannot be one day disagree ("2025-07" and
    // "2025-07-03" can).
    let conflicting = sides.iter().any(|a| {
        sides.iter().any(|b| {
            match (
                filrouge_time::PartialDate::parse(&a.value),
                filrouge_time::PartialDate::parse(&b.value),
            ) {
                (Some(x), Some(y)) => filrouge_events::document::parts_conflict(&x, &y),
                _ => false,
            }
        })
    });
    let disagreement = conflicting.then(|| Disagreement {
        attribute: "date".into(),
        sides,
    });
    Some((date, evidence, disagreement))
}

/// Unattributed quotes shorter than this many words are left out.
const SCARE_QUOTE_WORDS: usize = 3;

/// Minutes of a TimeML duration such as `PT1H30M`.
fn minutes(value: &str) -> Option<f64> {
    let rest = value.strip_prefix("PT")?;
    let mut total = 0.0;
    let mut number = String::new();
    for c in rest.chars() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
        } else {
            let n: f64 = number.parse().ok()?;
            number.clear();
            total += match c {
                'H' => n * 60.0,
                'M' => n,
                'S' => n / 60.0,
                _ => return None,
            };
        }
    }
    Some(total)
}

/// Durations or amounts that cannot both be true: beyond a fifth apart
/// (sources round "about an hour").
fn fact_disagreements(facts: &[EventFact]) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let mut durations: Vec<(f64, String, String)> = Vec::new();
    let mut amounts: Vec<(f64, String, String)> = Vec::new();
    let mut initiators: Vec<(String, String)> = Vec::new();
    for f in facts {
        match &f.fact {
            Fact::Duration {
                value, modifier, ..
            } => {
                if let Some(m) = minutes(value) {
                    let shown = match modifier {
                        Some(md) => format!("{value} {md}"),
                        None => value.clone(),
                    };
                    durations.push((m, shown, f.document.clone()));
                }
            }
            Fact::Amount {
                value, currency, ..
            } => amounts.push((*value, format!("{value} {currency}"), f.document.clone())),
            Fact::Initiator { value, .. } => initiators.push((value.clone(), f.document.clone())),
        }
    }
    // Two sources naming different initiators.
    let mut sides: Vec<DisagreementSide> = Vec::new();
    for (value, doc) in &initiators {
        match sides.iter_mut().find(|s| &s.value == value) {
            Some(s) if !s.documents.contains(doc) => s.documents.push(doc.clone()),
            Some(_) => {}
            None => sides.push(DisagreementSide {
                value: value.clone(),
                documents: vec![doc.clone()],
            }),
        }
    }
    let by_other_documents = sides.iter().any(|a| {
        sides
            .iter()
            .any(|b| a.value != b.value && a.documents.iter().any(|d| !b.documents.contains(d)))
    });
    if sides.len() > 1 && by_other_documents {
        out.push(Disagreement {
            attribute: "initiator".into(),
            sides,
        });
    }
    for (attribute, list) in [("duration", durations), ("amount", amounts)] {
        // Values per document: a document repeating itself is one side.
        let docs: Vec<&String> = {
            let mut d: Vec<&String> = list.iter().map(|x| &x.2).collect();
            d.sort();
            d.dedup();
            d
        };
        if docs.len() < 2 {
            continue;
        }
        let far = list.iter().any(|a| {
            list.iter()
                .any(|b| a.2 != b.2 && (a.0 - b.0).abs() > 0.2 * a.0.max(b.0))
        });
        if !far {
            continue;
        }
        let mut sides: Vec<DisagreementSide> = Vec::new();
        for (_, shown, doc) in &list {
            match sides.iter_mut().find(|s| &s.value == shown) {
                Some(s) if !s.documents.contains(doc) => s.documents.push(doc.clone()),
                Some(_) => {}
                None => sides.push(DisagreementSide {
                    value: shown.clone(),
                    documents: vec![doc.clone()],
                }),
            }
        }
        out.push(Disagreement {
            attribute: attribute.into(),
            sides,
        });
    }
    out
}

/// Chooses up to `n` sentences: central to the event's words, not
/// redundant with those already chosen (maximal marginal relevance), one
/// copy of a sentence at most; in source order.
fn summarise(candidates: &[(usize, Span, String)], n: usize, focus: Option<&Bag>) -> Vec<String> {
    const LAMBDA: f64 = 0.7;
    // A timeline about one entity tells its part: sentences naming it first.
    const FOCUS_BONUS: f64 = 0.3;
    let bags: Vec<Bag> = candidates.iter().map(|c| Bag::of(&c.2)).collect();
    let mut centroid = Bag::default();
    for b in &bags {
        centroid.extend(b);
    }
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < n {
        let mut best: Option<(f64, usize)> = None;
        for (i, b) in bags.iter().enumerate() {
            if chosen.contains(&i) {
                continue;
            }
            let redundancy = chosen
                .iter()
                .map(|&j| b.cosine(&bags[j]))
                .fold(0.0, f64::max);
            if redundancy > 0.6 {
                continue;
            }
            // Early sentences say what happened; later ones add detail.
            let position = 1.0 / (1.0 + i as f64 * 0.05);
            let focused = focus.is_some_and(|f| b.contains_all(f));
            let score = LAMBDA * b.cosine(&centroid) * position - (1.0 - LAMBDA) * redundancy
                + if focused { FOCUS_BONUS } else { 0.0 };
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
        match best {
            Some((_, i)) => chosen.push(i),
            None => break,
        }
    }
    chosen.sort();
    chosen
        .into_iter()
        .map(|i| candidates[i].2.clone())
        .collect()
}

/// One timeline entry per cluster with a year; `None` for the rest.
/// `focus`: the words of the entity the timeline is about, if any.
pub(crate) fn assemble(
    corpus: &Corpus,
    cluster: &[(usize, usize)],
    sentences: usize,
    focus: Option<&Bag>,
) -> Option<TimelineEvent> {
    let members: Vec<(usize, &DocumentEvent)> = cluster
        .iter()
        .map(|&(doc, i)| (doc, &corpus.events[doc][i]))
        .collect();
    let key = cluster
        .iter()
        .map(|&(d, i)| (corpus.docs[d].id.to_string(), i))
        .min()
        .map(|(doc, i)| format!("{doc}-{i}"))
        .unwrap_or_default();
    assemble_members(corpus, &members, key, sentences, focus)
}

/// [`assemble`] for events that need not be among the corpus's linked
/// ones (an article's news of an entity, [`crate::LinkedEvents::timeline`]).
pub(crate) fn assemble_members(
    corpus: &Corpus,
    members: &[(usize, &DocumentEvent)],
    key: String,
    sentences: usize,
    focus: Option<&Bag>,
) -> Option<TimelineEvent> {
    let (date, date_evidence, date_disagreement) = cluster_date(members, corpus)?;
    let (start, end, precision) = bounds(&date)?;
    let main = members.iter().any(|(_, e)| e.main);
    // The most specific kind: one named by words (not only a date), of a
    // main event first.
    let named = |e: &DocumentEvent| !e.mentions.iter().all(|m| m.generic);
    let kind = members
        .iter()
        .find(|(_, e)| e.main && named(e))
        .or_else(|| members.iter().find(|(_, e)| named(e)))
        .or(members.first())
        .map(|(_, e)| e.kind.clone())
        .unwrap_or_default();
    let lexicon = filrouge_events::EventVocabulary::bundled();
    // Participants and places, counted over the event's sentences.
    let mut counts: Vec<(usize, EntityKind, usize)> = Vec::new();
    let mut sources: Vec<EventSource> = Vec::new();
    let mut facts: Vec<EventFact> = Vec::new();
    let mut ordinals: Vec<EventOrdinal> = Vec::new();
    let mut quotes: Vec<EventQuote> = Vec::new();
    let mut candidates: Vec<(usize, Span, String)> = Vec::new();
    let mut words = Bag::default();
    let mut langs: Vec<String> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    for (doc, e) in members {
        let d = &corpus.docs[*doc];
        let doc_id = d.id.to_string();
        let lang = d.metadata.lang.clone().unwrap_or_default();
        if let Some(k) = lexicon.language(&lang).and_then(|l| l.kind(&kind)) {
            labels.push(k.label.clone());
        }
        if !langs.contains(&lang) {
            langs.push(lang);
        }
        for (i, k) in corpus.entities_in(*doc, e) {
            match counts.iter_mut().find(|c| c.0 == i) {
                Some(c) => c.2 += 1,
                None => counts.push((i, k, 1)),
            }
        }
        let mut spans: Vec<Span> = e.mentions.iter().map(|m| m.sentence).collect();
        spans.sort_by_key(|s| s.start);
        spans.dedup();
        for m in &e.mentions {
            for f in &m.facts {
                let mut fact = f.clone();
                // An initiator is compared across sources by its entity.
                if let Fact::Initiator { value, .. } = &mut fact {
                    if let Some(x) = corpus.entity(*doc, value) {
                        *value = x.name.clone();
                    }
                }
                facts.push(EventFact {
                    fact,
                    document: doc_id.clone(),
                });
            }
        }
        if let Some(o) = e.ordinal {
            ordinals.push(EventOrdinal {
                value: o,
                document: doc_id.clone(),
            });
        }
        for s in &spans {
            let text = d.slice(*s).to_string();
            words.extend(&Bag::of(&text));
            candidates.push((*doc, *s, text));
        }
        // Quotes: for the article's news, every quote not in a sentence of
        // another event; for a background event, those in its sentences.
        let others: Vec<Span> = corpus.events[*doc]
            .iter()
            .filter(|o| !std::ptr::eq(*o, *e) && o.date.is_some())
            .flat_map(|o| o.mentions.iter().map(|m| m.sentence))
            .collect();
        for a in &d.annotations {
            let Label::Quote {
                speaker,
                cue,
                channel,
                reported_by,
                indirect,
            } = &a.label
            else {
                continue;
            };
            let inside = |s: &Span| s.start <= a.span.start && a.span.start < s.end;
            let belongs = if e.main {
                !others.iter().any(inside)
            } else {
                spans.iter().any(inside)
            };
            // A word or two in quotation marks with nobody saying them
            // ("un appel « franc »") is a manner of speaking, not a quote.
            let scare =
                speaker.is_none() && d.slice(a.span).split_whitespace().count() < SCARE_QUOTE_WORDS;
            if !belongs || scare {
                continue;
            }
            let canonical = |name: &Option<String>| {
                name.as_ref().map(|n| {
                    corpus
                        .entity(*doc, n)
                        .map_or_else(|| n.clone(), |x| x.name.clone())
                })
            };
            quotes.push(EventQuote {
                text: d.slice(a.span).to_string(),
                speaker: canonical(speaker),
                reported_by: canonical(reported_by),
                cue: cue.clone(),
                channel: channel.clone(),
                indirect: *indirect,
                document: doc_id.clone(),
                span: [a.span.start, a.span.end],
            });
        }
        let title = d.metadata.title.clone().or_else(|| {
            d.annotations.iter().find_map(|a| match a.label {
                Label::Paragraph {
                    role: filrouge_model::ParagraphRole::Title,
                    ..
                } => Some(d.slice(a.span).to_string()),
                _ => None,
            })
        });
        let group = corpus.copy_group[*doc];
        sources.push(EventSource {
            document: doc_id,
            origin: d.source.origin(),
            title,
            credit: d.metadata.credits.first().map(|c| c.agency.clone()),
            copy_of: (group != *doc).then(|| corpus.docs[group].id.to_string()),
            shares_passage_with: Vec::new(),
            main: e.main,
            sentences: spans
                .iter()
                .map(|s| SourceSentence {
                    span: [s.start, s.end],
                    text: d.slice(*s).to_string(),
                })
                .collect(),
        });
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let entity_ref = |(i, k, n): &(usize, EntityKind, usize)| EntityRef {
        id: corpus.entities[*i].id.clone(),
        name: corpus.entities[*i].name.clone(),
        kind: k.as_str().to_string(),
        mentions: *n,
    };
    let of_kind = |keep: fn(EntityKind) -> bool| -> Vec<EntityRef> {
        counts
            .iter()
            .filter(|c| keep(c.1))
            .map(entity_ref)
            .collect()
    };
    let participants = of_kind(|k| matches!(k, EntityKind::Per | EntityKind::Org));
    let places = of_kind(|k| k == EntityKind::Loc);
    let misc = of_kind(|k| k == EntityKind::Misc);
    // Sources that depend on one another: copies, or a shared paragraph
    // that holds one of the event's sentences.
    let member_docs: Vec<usize> = members.iter().map(|(d, _)| *d).collect();
    let sentences_of = |doc: usize| -> Vec<Span> {
        members
            .iter()
            .filter(|(d, _)| *d == doc)
            .flat_map(|(_, e)| e.mentions.iter().map(|m| m.sentence))
            .collect()
    };
    let holds = |doc: usize, passage: Span| {
        sentences_of(doc)
            .iter()
            .any(|s| passage.start <= s.start && s.start < passage.end)
    };
    let mut dependent: Vec<(usize, usize)> = Vec::new();
    for &a in &member_docs {
        for &(span_a, b, span_b) in corpus.shared_passages.get(&a).into_iter().flatten() {
            if a < b && member_docs.contains(&b) && (holds(a, span_a) || holds(b, span_b)) {
                dependent.push((a, b));
            }
        }
    }
    for (k, source) in sources.iter_mut().enumerate() {
        let doc = member_docs[k];
        source.shares_passage_with = dependent
            .iter()
            .filter_map(|&(a, b)| match (a == doc, b == doc) {
                (true, _) => Some(b),
                (_, true) => Some(a),
                _ => None,
            })
            .map(|d| corpus.docs[d].id.to_string())
            .collect();
        source.shares_passage_with.sort();
        source.shares_passage_with.dedup();
    }
    let independent_sources = independent(&member_docs, &corpus.copy_group, &dependent);
    let mut disagreements = fact_disagreements(&facts);
    disagreements.extend(date_disagreement);
    let label = labels.first().cloned().unwrap_or_else(|| kind.clone());
    let names: Vec<&str> = participants
        .iter()
        .filter(|p| p.kind == "PER")
        .take(3)
        .map(|p| p.name.as_str())
        .collect();
    let headline = if names.is_empty() {
        label
    } else {
        format!("{label} : {}", names.join(", "))
    };
    Some(TimelineEvent {
        id: String::new(),
        key,
        date: date_value(start, precision),
        precision,
        modifier: date.modifier.clone(),
        date_origin: date.origin,
        date_evidence,
        kind,
        headline,
        main,
        summary: summarise(&candidates, sentences, focus),
        participants,
        places,
        misc,
        facts,
        ordinals,
        quotes,
        sources,
        independent_sources,
        disagreements,
        start,
        end,
        words,
        langs,
    })
}

/// How many groups `docs` form once copies (same copy group) and
/// dependent pairs are joined.
fn independent(docs: &[usize], copy_group: &[usize], dependent: &[(usize, usize)]) -> usize {
    let mut group: Vec<usize> = docs.iter().map(|&d| copy_group[d]).collect();
    // Few sources per event: joining by relabelling is enough.
    for &(a, b) in dependent {
        let (Some(ia), Some(ib)) = (
            docs.iter().position(|&d| d == a),
            docs.iter().position(|&d| d == b),
        ) else {
            continue;
        };
        let (from, to) = (group[ib], group[ia]);
        for g in group.iter_mut() {
            if *g == from {
                *g = to;
            }
        }
    }
    group.sort();
    group.dedup();
    group.len()
}

/// An ISO date truncated to its precision.
fn date_value(start: NaiveDate, precision: DatePrecision) -> String {
    match precision {
        DatePrecision::Day => start.format("%Y-%m-%d").to_string(),
        DatePrecision::Month => start.format("%Y-%m").to_string(),
        _ => start.format("%Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_far_values_disagree() {
        assert_eq!(minutes("PT1H30M"), Some(90.0));
        assert_eq!(minutes("PT45M"), Some(45.0));
        let fact = |v: &str, d: &str| EventFact {
            fact: Fact::Duration {
                value: v.into(),
                modifier: None,
                text: String::new(),
            },
            document: d.into(),
        };
        assert!(fact_disagreements(&[fact("PT1H", "a"), fact("PT1H5M", "b")]).is_empty());
        let d = fact_disagreements(&[fact("PT1H", "a"), fact("PT2H", "b")]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].sides.len(), 2);
    }

    #[test]
    fn copies_and_shared_passages_count_once() {
        // Documents 0..4; 1 copies 0; 3 shares a passage with 2.
        let copy_group = [0, 0, 2, 3];
        assert_eq!(independent(&[0, 1, 2, 3], &copy_group, &[]), 3);
        assert_eq!(independent(&[0, 1, 2, 3], &copy_group, &[(3, 2)]), 2);
        assert_eq!(independent(&[2, 3], &copy_group, &[(3, 2)]), 1);
    }

    #[test]
    fn sources_naming_different_initiators_disagree() {
        let fact = |v: &str, d: &str| EventFact {
            fact: Fact::Initiator {
                value: v.into(),
                text: String::new(),
            },
            document: d.into(),
        };
        assert!(fact_disagreements(&[fact("Kyiv", "a"), fact("Kyiv", "b")]).is_empty());
        let d = fact_disagreements(&[fact("Kyiv", "a"), fact("Moscow", "b")]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].attribute, "initiator");
    }

    #[test]
    fn an_entity_timeline_tells_the_entity_s_part() {
        let c = |t: &str| (0, Span::new(0, 1), t.to_string());
        let candidates = [
            c("Les ministres européens ont signé l'accord sur le climat à Genève."),
            c("L'accord climat de Genève engage les ministres européens."),
            c("Pour Lyon, l'accord ouvre des crédits pour le tramway."),
        ];
        let focus = Bag::of("Lyon");
        let chosen = summarise(&candidates, 1, Some(&focus));
        assert_eq!(chosen, [candidates[2].2.clone()]);
        let plain = summarise(&candidates, 1, None);
        assert_ne!(plain, chosen);
    }

    #[test]
    fn the_summary_avoids_repeating_itself() {
        let c = |t: &str| (0, Span::new(0, 1), t.to_string());
        let chosen = summarise(
            &[
                c("Les ministres ont signé l'accord sur le climat à Genève."),
                c("Les ministres ont signé l'accord sur le climat à Genève hier."),
                c("L'accord prévoit une baisse des émissions de moitié."),
            ],
            2,
            None,
        );
        assert_eq!(chosen.len(), 2);
        assert!(chosen[1].contains("baisse"), "{chosen:?}");
    }
}
