//! What each member of a cluster (one document's event) brings to the
//! timeline entry: its source and sentences, quotes, facts, ordinal,
//! words, language and label; and which sources depend on one another
//! (copies, shared passages), so that they count once.

use filrouge_events::{DocumentEvent, EventVocabulary, Fact};
use filrouge_model::{EntityKind, Label, ParagraphRole, Span};

use super::outlets;
use super::{EntityRef, EventFact, EventOrdinal, EventQuote, EventSource, SourceSentence};
use crate::link::Linking;
use crate::text::Bag;

/// Unattributed quotes shorter than this many words are left out.
const SCARE_QUOTE_WORDS: usize = 3;

/// Everything gathered from a cluster's members, in member order.
#[derive(Default)]
pub(super) struct Gathered {
    /// Entities named in the members' sentences: (entity, kind, mentions).
    pub counts: Vec<(usize, EntityKind, usize)>,
    /// One source per member.
    pub sources: Vec<EventSource>,
    pub facts: Vec<EventFact>,
    pub ordinals: Vec<EventOrdinal>,
    pub quotes: Vec<EventQuote>,
    /// Summary candidates: (document, sentence span, sentence).
    pub candidates: Vec<(usize, Span, String)>,
    pub words: Bag,
    pub langs: Vec<String>,
    /// The kind's headline label in each member's language.
    pub labels: Vec<String>,
}

impl Gathered {
    /// Adds what member `e` of document `doc` brings; `kind` is the
    /// cluster's kind.
    pub fn add(&mut self, linking: &Linking, doc: usize, e: &DocumentEvent, kind: &str) {
        let d = &linking.docs[doc];
        let doc_id = d.id.to_string();
        let lang = d.metadata.lang.clone().unwrap_or_default();
        let lexicon = EventVocabulary::bundled();
        if let Some(k) = lexicon.language(&lang).and_then(|l| l.kind(kind)) {
            self.labels.push(k.label.clone());
        }
        if !self.langs.contains(&lang) {
            self.langs.push(lang);
        }
        // The article's own publisher or agency ("(Reuters) -", "Source :
        // AFP") is its source, not a participant.
        let own = outlets::own_outlets(d);
        for (i, k) in linking.entities_in(doc, e) {
            let x = &linking.entities[i];
            let names =
                std::iter::once(x.name.as_str()).chain(x.aliases.iter().map(|a| a.0.as_str()));
            if outlets::is_outlet(&own, names) {
                continue;
            }
            match self.counts.iter_mut().find(|c| c.0 == i) {
                Some(c) => c.2 += 1,
                None => self.counts.push((i, k, 1)),
            }
        }
        let mut spans: Vec<Span> = e.mentions.iter().map(|m| m.sentence).collect();
        spans.sort_by_key(|s| s.start);
        spans.dedup();
        self.add_facts(linking, doc, e, &doc_id);
        if let Some(o) = e.ordinal {
            self.ordinals.push(EventOrdinal {
                value: o,
                document: doc_id.clone(),
            });
        }
        for s in &spans {
            let text = d.slice(*s).to_string();
            self.words.extend(&Bag::of(&text));
            self.candidates.push((doc, *s, text));
        }
        self.quotes.extend(quotes_of(linking, doc, e, &spans));
        self.sources.push(source_of(linking, doc, e, &spans));
    }

    /// The member's facts; an initiator is compared across sources by its
    /// entity.
    fn add_facts(&mut self, linking: &Linking, doc: usize, e: &DocumentEvent, doc_id: &str) {
        for m in &e.mentions {
            for f in &m.facts {
                let mut fact = f.clone();
                if let Fact::Initiator { value, .. } = &mut fact {
                    if let Some(x) = linking.entity(doc, value) {
                        *value = x.name.clone();
                    }
                }
                self.facts.push(EventFact {
                    fact,
                    document: doc_id.to_string(),
                });
            }
        }
    }

    /// Participants (people, organisations), places and MISC names, most
    /// mentioned first.
    pub fn entity_refs(
        &mut self,
        linking: &Linking,
    ) -> (Vec<EntityRef>, Vec<EntityRef>, Vec<EntityRef>) {
        // Most named first; ties in the order the event's own sources name
        // them (stable), not by the entity's place in the collection's list:
        // an event reads the same whatever else the collection holds.
        self.counts.sort_by_key(|c| std::cmp::Reverse(c.2));
        let of_kind = |keep: fn(EntityKind) -> bool| -> Vec<EntityRef> {
            self.counts
                .iter()
                .filter(|c| keep(c.1))
                .map(|&(i, k, n)| EntityRef {
                    id: linking.entities[i].id.clone(),
                    name: linking.entities[i].name.clone(),
                    kind: k.as_str().to_string(),
                    mentions: n,
                })
                .collect()
        };
        (
            of_kind(|k| matches!(k, EntityKind::Per | EntityKind::Org)),
            of_kind(|k| k == EntityKind::Loc),
            of_kind(|k| k == EntityKind::Misc),
        )
    }
}

/// The quotes member `e` of document `doc` brings: for the article's
/// news, every quote not in a sentence of another event; for a background
/// event, those in its sentences (`spans`).
fn quotes_of(linking: &Linking, doc: usize, e: &DocumentEvent, spans: &[Span]) -> Vec<EventQuote> {
    let d = &linking.docs[doc];
    let others: Vec<Span> = linking.events[doc]
        .iter()
        .filter(|o| !std::ptr::eq(*o, e) && o.date.is_some())
        .flat_map(|o| o.mentions.iter().map(|m| m.sentence))
        .collect();
    let canonical = |name: &Option<String>| {
        name.as_ref().map(|n| {
            linking
                .entity(doc, n)
                .map_or_else(|| n.clone(), |x| x.name.clone())
        })
    };
    let mut quotes = Vec::new();
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
        quotes.push(EventQuote {
            text: d.slice(a.span).to_string(),
            speaker: canonical(speaker),
            reported_by: canonical(reported_by),
            cue: cue.clone(),
            channel: channel.clone(),
            indirect: *indirect,
            document: d.id.to_string(),
            span: [a.span.start, a.span.end],
        });
    }
    quotes
}

/// Document `doc` as a source of member `e`, with its sentences (`spans`).
fn source_of(linking: &Linking, doc: usize, e: &DocumentEvent, spans: &[Span]) -> EventSource {
    let d = &linking.docs[doc];
    let title = d.metadata.title.clone().or_else(|| {
        d.annotations.iter().find_map(|a| match a.label {
            Label::Paragraph {
                role: ParagraphRole::Title,
                ..
            } => Some(d.slice(a.span).to_string()),
            _ => None,
        })
    });
    let group = linking.copy_group[doc];
    let published = outlets::published(d);
    EventSource {
        document: d.id.to_string(),
        origin: d.source.origin(),
        title,
        url: d.metadata.url.clone(),
        publisher: outlets::publisher(d),
        published_precision: published.as_ref().map(|p| p.1),
        published: published.map(|p| p.0),
        credit: outlets::credit(d),
        lang: d.metadata.lang.clone(),
        copy_of: (group != doc).then(|| linking.docs[group].id.to_string()),
        shares_passage_with: Vec::new(),
        main: e.main,
        sentences: spans
            .iter()
            .map(|s| SourceSentence {
                span: [s.start, s.end],
                text: d.slice(*s).to_string(),
            })
            .collect(),
    }
}

/// Pairs of member documents (earlier first) that share a paragraph
/// holding one of the event's sentences: dependent sources.
pub(super) fn dependent_pairs(
    linking: &Linking,
    members: &[(usize, &DocumentEvent)],
) -> Vec<(usize, usize)> {
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
        for &(span_a, b, span_b) in linking.shared_passages.get(&a).into_iter().flatten() {
            if a < b && member_docs.contains(&b) && (holds(a, span_a) || holds(b, span_b)) {
                dependent.push((a, b));
            }
        }
    }
    dependent
}

/// Tells each source (of document `member_docs[k]`) the other sources it
/// shares a passage with.
pub(super) fn mark_shared_passages(
    sources: &mut [EventSource],
    member_docs: &[usize],
    dependent: &[(usize, usize)],
    linking: &Linking,
) {
    for (k, source) in sources.iter_mut().enumerate() {
        let doc = member_docs[k];
        source.shares_passage_with = dependent
            .iter()
            .filter_map(|&(a, b)| match (a == doc, b == doc) {
                (true, _) => Some(b),
                (_, true) => Some(a),
                _ => None,
            })
            .map(|d| linking.docs[d].id.to_string())
            .collect();
        source.shares_passage_with.sort();
        source.shares_passage_with.dedup();
    }
}

/// How many groups `docs` form once copies (same copy group) and
/// dependent pairs are joined.
pub(super) fn independent(
    docs: &[usize],
    copy_group: &[usize],
    dependent: &[(usize, usize)],
) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_and_shared_passages_count_once() {
        // Documents 0..4; 1 copies 0; 3 shares a passage with 2.
        let copy_group = [0, 0, 2, 3];
        assert_eq!(independent(&[0, 1, 2, 3], &copy_group, &[]), 3);
        assert_eq!(independent(&[0, 1, 2, 3], &copy_group, &[(3, 2)]), 2);
        assert_eq!(independent(&[2, 3], &copy_group, &[(3, 2)]), 1);
    }
}
