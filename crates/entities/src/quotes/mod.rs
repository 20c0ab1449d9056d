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

mod framing;
mod incise;
mod layout;
mod marks;
mod names;
mod reported;
mod speaker;
mod words;

use filrouge_model::{Annotation, Document, EntityKind, Label, Span};

use marks::quote_groups;
pub use marks::quote_spans;
use names::{people_of, Person};
use speaker::{Context, LastSpeaker};
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
                .map(|(code, verbs, words)| (*code, Words::parse(code, verbs, words)))
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
        let found = quotes_of(&doc, words);
        doc.annotations.extend(found);
        doc
    }
}

/// The quote annotations of `doc`: quotes and reported speech read in
/// text order, so that "X a annoncé que ..." makes X the one a later
/// "a-t-elle déclaré" stands for.
fn quotes_of(doc: &Document, words: &Words) -> Vec<Annotation> {
    let text = doc.text.as_str();
    let entities = entity_spans(doc, None);
    // A title in quote marks ("le livre « ... »", a MISC name) is no
    // quote, and leaves its sentence's reported speech alone.
    let titles = entity_spans(doc, Some(EntityKind::Misc));
    // In text order: `Context` finds a position's sentence by binary
    // search.
    let mut sentences: Vec<Span> = doc.layer("sentence").map(|a| a.span).collect();
    sentences.sort_by_key(|s| (s.start, s.end));
    let mut groups = quote_groups(text);
    groups.retain(|g| !g.iter().any(|q| is_quoted_title(text, &titles, q)));
    let marked: Vec<Span> = groups.iter().flatten().copied().collect();
    let candidates = people_of(doc, words, &marked);
    let splitter = Context {
        text,
        words,
        people: &candidates,
        sentences: &sentences,
    };
    let quotes: Vec<(Vec<Span>, Option<Span>)> = groups
        .iter()
        .map(|g| splitter.split_at_incises(g))
        .collect();
    let parts: Vec<Span> = quotes.iter().flat_map(|(p, _)| p.iter().copied()).collect();
    // A name inside quoted words is no speaker of them. (The quoted parts
    // by start, with the furthest end so far: a binary search per name,
    // not a scan of every quote.)
    let mut by_start = parts.clone();
    by_start.sort_by_key(|q| (q.start, q.end));
    let furthest_end: Vec<usize> = by_start
        .iter()
        .scan(0, |end, q| {
            *end = q.end.max(*end);
            Some(*end)
        })
        .collect();
    let inside_quote = |s: Span| {
        let started = by_start.partition_point(|q| q.start <= s.start);
        started > 0 && furthest_end[started - 1] >= s.end
    };
    let people: Vec<Person> = candidates
        .iter()
        .filter(|p| !inside_quote(p.span))
        .cloned()
        .collect();
    let ctx = Context {
        people: &people,
        ..splitter
    };
    let mut reported = sentences
        .iter()
        .flat_map(|s| {
            // Only the quotes touching the sentence matter to it; passing
            // all of them made a long article quadratic.
            let near: Vec<Span> = parts
                .iter()
                .filter(|q| q.end >= s.start && q.start <= s.end)
                .copied()
                .collect();
            ctx.reported_in(*s, &near)
        })
        .peekable();
    let mut last = LastSpeaker::default();
    let mut found = Vec::new();
    for (parts, incise) in &quotes {
        let Some(start) = parts.first().map(|q| q.start) else {
            continue;
        };
        while let Some(r) = reported.next_if(|r| r.span.start < start) {
            ctx.push_reported(r, &mut found, &mut last);
        }
        ctx.annotate_quote((parts, *incise), &entities, &mut last, &mut found);
    }
    for r in reported {
        ctx.push_reported(r, &mut found, &mut last);
    }
    found
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

#[cfg(test)]
mod tests;
