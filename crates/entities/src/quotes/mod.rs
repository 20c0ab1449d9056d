//! Direct quotes, reported speech and their speakers.
//!
//! A quote is the text between `« »`, `“ ”` or a pair of `"`, across
//! sentences. A quote over several paragraphs (each paragraph opening with
//! the mark, only the last closing it) gives one span per paragraph, and a
//! quote cut by an incise ("« A, a-t-elle expliqué, B »", "« A, raconte X,
//! encore émue. B »") gives its two halves; each part carries the whole
//! quote's speaker. The speaker comes from the words around it, in this
//! order:
//! 1. the incise, when there is one: its person, or its pronoun;
//! 2. a reporting verb right before the quote ("X said, “B”", the second
//!    half of an English interrupted quote);
//! 3. after it, in its sentence: a reporting verb then a person ("», a
//!    déclaré Ushakov"), a pronoun ("», a-t-il ajouté"), or a person then
//!    a verb ("” airport director Rachel Kim said");
//! 4. before it, in its sentence (or, for a quote opening a paragraph, the
//!    previous paragraph's sentence ending with a colon): a person then a
//!    reporting verb ("Trump a écrit sur Truth Social : «"), "selon" and a
//!    person, or a pronoun and a verb;
//! 5. a quote inside a sentence ("X a dénoncé une fermeture « ... »"): the
//!    sentence's first person before it;
//! 6. otherwise the last speaker: a report goes on quoting its source.
//!
//! A pronoun stands for the subject of a sentence written since the last
//! attribution ("Trump a été le premier à l'annoncer. « ... », a-t-il
//! écrit"), else for the last speaker. A role the article tied to a name
//! ("la directrice financière") speaks with that name. Reported speech
//! ("X a déclaré que ...", "selon X, ...", "selon lui, ...") is read in
//! text order with the quotes, so its speaker becomes the last speaker.
//! Words quoted inside a quote (« Il m'a dit : "..." ») are another
//! person's, reported by the quote's speaker (`reported_by`), as are words
//! after "selon X, Y a reconnu que « ... »" or "X a affirmé que Y lui avait
//! promis « ... »".
//!
//! A channel ("sur Truth Social") is kept when the words around name one.
//! Reporting verbs, pronouns and channel words are data
//! (`data/<lang>/reporting.txt`, `quote_words.txt`).
//!
//! One module per concept: `marks` (quote marks and the quotes of a
//! text), `speaker` (who speaks: incises, the words around a quote,
//! pronouns, reporters, channels), `reported` (reported speech without
//! quote marks), `words` (the reporting words and word tests); this module
//! reads them in text order and writes the annotations.
//!
//! Architecture invariant: quotes read the cleaned text and the entity
//! annotations of one document; they add `quote` annotations and change
//! nothing else.

mod marks;
mod reported;
mod speaker;
mod words;

use filrouge_model::{Annotation, Document, EntityKind, Label, Span};

use crate::data_lines;

use marks::quote_groups;
pub use marks::quote_spans;
use reported::{indirect, Reported};
use speaker::{Context, LastSpeaker, Person};
use words::Words;

/// The bundled languages: code, reporting verbs, other quote words.
const LANGUAGES: &[(&str, &str, &str)] = &[
    (
        "fr",
        include_str!("../../data/fr/reporting.txt"),
        include_str!("../../data/fr/quote_words.txt"),
    ),
    (
        "en",
        include_str!("../../data/en/reporting.txt"),
        include_str!("../../data/en/quote_words.txt"),
    ),
];

/// Finds quotes and speakers.
#[derive(Debug)]
pub struct QuoteFinder {
    languages: Vec<(&'static str, Words)>,
}

impl QuoteFinder {
    /// The bundled word lists.
    pub fn bundled() -> &'static QuoteFinder {
        static Q: std::sync::OnceLock<QuoteFinder> = std::sync::OnceLock::new();
        Q.get_or_init(|| QuoteFinder {
            languages: LANGUAGES
                .iter()
                .map(|(code, verbs, words)| {
                    let mut w = Words {
                        verbs: data_lines(verbs).map(str::to_lowercase).collect(),
                        ..Words::default()
                    };
                    for l in data_lines(words) {
                        match l.split_once(' ') {
                            Some(("pronoun", p)) => {
                                w.pronouns.insert(p.trim().to_lowercase());
                            }
                            Some(("channel", c)) => {
                                w.channel.insert(c.trim().to_lowercase());
                            }
                            Some(("source", c)) => {
                                w.source.insert(c.trim().to_lowercase());
                            }
                            Some(("that", c)) => {
                                w.that.insert(c.trim().to_lowercase());
                            }
                            Some(("stressed", c)) => {
                                w.stressed.insert(c.trim().to_lowercase());
                            }
                            _ => {}
                        }
                    }
                    (*code, w)
                })
                .collect(),
        })
    }

    /// Adds a `quote` annotation for each quote of `doc`. Never fails.
    pub fn annotate(&self, mut doc: Document) -> Document {
        let lang = doc.metadata.lang.clone().unwrap_or_else(|| "fr".into());
        let Some(words) = self
            .languages
            .iter()
            .find(|(c, _)| *c == lang)
            .or_else(|| self.languages.first())
            .map(|(_, w)| w)
        else {
            return doc;
        };
        let text = doc.text.as_str();
        let people = people_of(&doc);
        let entities = entity_spans(&doc, None);
        // A title in quote marks ("le livre « ... »", a MISC name) is no
        // quote, and leaves its sentence's reported speech alone.
        let titles = entity_spans(&doc, Some(EntityKind::Misc));
        let sentences: Vec<Span> = doc.layer("sentence").map(|a| a.span).collect();
        let ctx = Context {
            text,
            words,
            people: &people,
            sentences: &sentences,
        };
        let mut groups = quote_groups(text);
        groups.retain(|g| !g.iter().any(|q| is_quoted_title(text, &titles, q)));
        // Indirect speech in sentences without quote marks, taken in text
        // order with the quotes: "X a annoncé que ..." makes X the one a
        // later "a-t-elle déclaré" stands for.
        let marked: Vec<Span> = groups.iter().flatten().copied().collect();
        let mut reported = sentences
            .iter()
            .filter(|s| !marked.iter().any(|q| q.start < s.end && s.start < q.end))
            .filter_map(|s| indirect(text, *s, &people, words))
            .peekable();
        let mut last = LastSpeaker::default();
        let mut found = Vec::new();
        for group in groups {
            let Some(group_start) = group.first().map(|q| q.start) else {
                continue;
            };
            while let Some(r) = reported.next_if(|(span, ..)| span.start < group_start) {
                push_reported(r, &mut found, &mut last);
            }
            ctx.annotate_quote(&group, &entities, &mut last, &mut found);
        }
        for r in reported {
            push_reported(r, &mut found, &mut last);
        }
        doc.annotations.extend(found);
        doc
    }
}

/// The people of a document in text order, and roles the article tied to
/// a person ("la directrice financière" standing for the name given
/// earlier): a role speaks with its person's name.
fn people_of(doc: &Document) -> Vec<Person> {
    let mut people: Vec<Person> = doc
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Entity {
                kind: EntityKind::Per,
                refers_to,
            } => Some(Person {
                span: a.span,
                name: refers_to
                    .clone()
                    .unwrap_or_else(|| doc.text[a.span.range()].to_string()),
            }),
            _ => None,
        })
        .collect();
    // "The nearest person before" needs text order; a role inside a
    // name's phrase ("airport director Rachel Kim") comes after it.
    people.sort_by_key(|p| (p.span.start, std::cmp::Reverse(p.span.end)));
    people
}

/// The spans of a document's entities of type `kind` (of every type
/// without one).
fn entity_spans(doc: &Document, kind: Option<EntityKind>) -> Vec<Span> {
    doc.annotations
        .iter()
        .filter(|a| matches!(&a.label, Label::Entity { kind: k, .. } if kind.is_none_or(|kind| *k == kind)))
        .map(|a| a.span)
        .collect()
}

/// Whether quote `q` is all a title's (a MISC name's) words, but for
/// spaces and a comma.
fn is_quoted_title(text: &str, titles: &[Span], q: &Span) -> bool {
    titles.iter().any(|t| {
        q.start <= t.start
            && t.end <= q.end
            && text[q.start..t.start].trim().is_empty()
            && text[t.end..q.end]
                .trim_matches(|c: char| c.is_whitespace() || c == ',')
                .is_empty()
    })
}

/// Adds reported speech as an indirect quote; its speaker ("selon lui":
/// the last speaker) becomes the last speaker.
fn push_reported(
    (span, speaker, cue): Reported,
    found: &mut Vec<Annotation>,
    last: &mut LastSpeaker,
) {
    let Some(speaker) = speaker.or_else(|| last.name.clone()) else {
        return;
    };
    last.set(speaker.clone(), span.end);
    found.push(Annotation::new(
        span,
        Label::Quote {
            speaker: Some(speaker),
            cue: Some(cue),
            channel: None,
            reported_by: None,
            indirect: true,
        },
    ));
}

#[cfg(test)]
mod tests;
