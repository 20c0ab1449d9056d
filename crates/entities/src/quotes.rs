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
//! Architecture invariant: quotes read the cleaned text and the entity
//! annotations of one document; they add `quote` annotations and change
//! nothing else.

use filrouge_model::{Annotation, Document, EntityKind, Label, Span};
use rustc_hash::FxHashSet;

const LANGUAGES: &[(&str, &str, &str)] = &[
    (
        "fr",
        include_str!("../data/fr/reporting.txt"),
        include_str!("../data/fr/quote_words.txt"),
    ),
    (
        "en",
        include_str!("../data/en/reporting.txt"),
        include_str!("../data/en/quote_words.txt"),
    ),
];

/// Reporting words of one language.
#[derive(Debug, Default)]
struct Words {
    verbs: FxHashSet<String>,
    pronouns: FxHashSet<String>,
    channel: FxHashSet<String>,
    source: FxHashSet<String>,
    that: FxHashSet<String>,
    stressed: FxHashSet<String>,
}

/// Finds quotes and speakers.
#[derive(Debug)]
pub struct QuoteFinder {
    languages: Vec<(&'static str, Words)>,
}

fn lines(t: &str) -> impl Iterator<Item = &str> {
    t.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
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
                        verbs: lines(verbs).map(str::to_lowercase).collect(),
                        ..Words::default()
                    };
                    for l in lines(words) {
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

/// Reported speech found by [`indirect`]: the clause, the person as
/// written (`None` for a pronoun) and the cue.
type Reported = (Span, Option<String>, String);

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

/// A person mention and the name it stands for.
#[derive(Debug)]
struct Person {
    span: Span,
    name: String,
}

/// What speaker attribution reads: the text, the language's words, people
/// and sentences.
struct Context<'a> {
    text: &'a str,
    words: &'a Words,
    people: &'a [Person],
    sentences: &'a [Span],
}

/// The last speaker attributed, and where: what a pronoun may stand for.
#[derive(Debug, Default)]
struct LastSpeaker {
    name: Option<String>,
    /// The end of the words last attributed to them.
    at: usize,
}

impl LastSpeaker {
    fn set(&mut self, name: String, at: usize) {
        self.name = Some(name);
        self.at = at;
    }
}

/// A speaker and the reporting verb that names them.
type Attribution = (String, Option<String>);

impl Context<'_> {
    /// Annotates one quote (its paragraphs' spans `group`) with its
    /// speaker, cue, channel and reporter, and the words quoted inside it;
    /// `entities` are the spans of every entity (channels are among them).
    fn annotate_quote(
        &self,
        group: &[Span],
        entities: &[Span],
        last: &mut LastSpeaker,
        found: &mut Vec<Annotation>,
    ) {
        let text = self.text;
        let (parts, incise) = self.split_at_incises(group);
        let (Some(first), Some(end)) = (parts.first().copied(), parts.last().copied()) else {
            return;
        };
        let (speaker, cue) = match self.attribute(incise, first, end, last) {
            Some((speaker, cue)) => (Some(speaker), cue),
            // The quote continues the last attributed speaker (news
            // reports quote one source paragraph after paragraph).
            None => (last.name.clone(), None),
        };
        let before = self.before(first);
        let after = self.after(end);
        let channel = channel(text, before, after, entities, self.words);
        let reporter = self
            .reporter(before, speaker.as_deref(), last)
            .filter(|(r, _)| Some(r) != speaker.as_ref());
        if let Some(s) = &speaker {
            last.set(s.clone(), end.end);
        }
        // "Le maire a affirmé que le ministre lui avait promis « ... »":
        // the sentence's subject is the mayor, whom a following "a-t-il
        // déploré" stands for.
        if let Some((r, true)) = &reporter {
            last.name = Some(r.clone());
        }
        let reported_by = reporter.map(|(r, _)| r);
        // The quote's opening mark, before its first part.
        let opening = text[..first.start].trim_end().chars().last().unwrap_or(' ');
        for q in &parts {
            found.push(Annotation::new(
                *q,
                Label::Quote {
                    speaker: speaker.clone(),
                    cue: cue.clone(),
                    channel: channel.clone(),
                    reported_by: reported_by.clone(),
                    indirect: false,
                },
            ));
            // Words the speaker reports inside the quote (« Il m'a dit :
            // "..." »): another person's, reported by the speaker.
            if let Some(inner) = inner_quote(text, *q, opening) {
                let said_by = self.inner_speaker(*q, inner, speaker.as_deref());
                found.push(Annotation::new(
                    inner,
                    Label::Quote {
                        speaker: said_by,
                        cue: None,
                        channel: None,
                        reported_by: speaker.clone(),
                        indirect: false,
                    },
                ));
            }
        }
    }

    /// A quote's parts and its first incise: halves around an incise ("«
    /// A, a-t-elle expliqué, B »") are two quotes of one speaker, named by
    /// the incise.
    fn split_at_incises(&self, group: &[Span]) -> (Vec<Span>, Option<Span>) {
        let mut parts = Vec::new();
        let mut incise = None;
        for q in group {
            match split_incise(self.text, *q, self.words, self.people) {
                Some((a, inc, b)) => {
                    parts.push(a);
                    parts.push(b);
                    incise = incise.or(Some(inc));
                }
                None => parts.push(*q),
            }
        }
        (parts, incise)
    }

    /// The speaker of a quote from its `first` part to its `end` part, in
    /// the order of the module's documentation: the incise, a verb right
    /// before the quote ("X said, “B.”", the second half of an interrupted
    /// English quote: before anything after it), after it, before it, the
    /// subject of its sentence.
    fn attribute(
        &self,
        incise: Option<Span>,
        first: Span,
        end: Span,
        last: &LastSpeaker,
    ) -> Option<Attribution> {
        incise
            .and_then(|inc| self.speaker_in(inc, first, last))
            .or_else(|| {
                self.verb_just_before(first)
                    .then(|| self.speaker_before(first, last))
                    .flatten()
            })
            .or_else(|| self.speaker_after(end, last))
            .or_else(|| self.speaker_before(first, last))
            .or_else(|| self.subject_of_sentence(first))
    }

    /// The sentence holding byte `at`.
    fn sentence_at(&self, at: usize) -> Option<Span> {
        self.sentences
            .iter()
            .find(|s| s.start <= at && at < s.end)
            .copied()
    }

    /// From the quote's end to its sentence's end, never past its
    /// paragraph.
    fn after(&self, q: Span) -> Span {
        let end = self
            .sentence_at(q.end)
            .map_or_else(|| ceil_boundary(self.text, q.end + 160), |s| s.end);
        let paragraph_end = self.text[q.end..]
            .find('\n')
            .map_or(self.text.len(), |k| q.end + k);
        Span::new(q.end, end.min(paragraph_end).max(q.end))
    }

    /// Whether a reporting verb ends the text before the quote ("said,
    /// “", "a déclaré : «").
    fn verb_just_before(&self, q: Span) -> bool {
        let before = self.before(q);
        last_verb(self.text, before, self.words).is_some_and(|(_, at)| {
            words_in(self.text, Span::new(at, q.start)).len() == 1
                && self.text[at..q.start]
                    .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '«' | '“' | '"'))
                    .ends_with([',', ':'])
        })
    }

    /// From the quote's sentence's start to the quote. A quote opening a
    /// paragraph after one that ends with a colon ("dont voici un extrait
    /// :") reads that paragraph's last sentence.
    fn before(&self, q: Span) -> Span {
        let start = self.sentence_at(q.start).map_or_else(
            || floor_boundary(self.text, q.start.saturating_sub(160)),
            |s| s.start,
        );
        let paragraph_start = self.text[..q.start].rfind('\n').map_or(0, |k| k + 1);
        let start = start.max(paragraph_start.min(q.start));
        let lead = self.text[..q.start]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '«' | '“' | '"'));
        if lead.len() < start && lead.ends_with(':') {
            let end = lead.len();
            let paragraph = self.text[..end].rfind('\n').map_or(0, |k| k + 1);
            let sentence = self
                .sentences
                .iter()
                .find(|s| s.start < end && s.end >= end)
                .map_or(paragraph, |s| s.start);
            return Span::new(sentence.max(paragraph), q.start);
        }
        Span::new(start.min(q.start), q.start)
    }

    /// What a pronoun before `at` stands for: the subject of a sentence
    /// between the last attribution and `at` ("Trump a été le premier à
    /// l'annoncer. « ... », a-t-il écrit"), else the last speaker, else
    /// the last person named.
    fn pronoun_referent(&self, at: usize, last: &LastSpeaker) -> Option<String> {
        let from = last.at;
        let subject = self
            .sentences
            .iter()
            .rev()
            .filter(|s| s.start >= from && s.end <= at)
            .find_map(|s| self.subject_of(*s));
        subject.or_else(|| last.name.clone()).or_else(|| {
            self.people
                .iter()
                .rev()
                .find(|p| p.span.end <= at)
                .map(|p| p.name.clone())
        })
    }

    /// A sentence's subject: its first person, within its first words.
    fn subject_of(&self, s: Span) -> Option<String> {
        let p = self
            .people
            .iter()
            .find(|p| p.span.start >= s.start && p.span.end <= s.end)?;
        let lead = &self.text[s.start..p.span.start];
        (lead.split_whitespace().count() <= 4 && !lead.contains(['«', '“', '"']))
            .then(|| p.name.clone())
    }

    /// An incise inside the quote: "a-t-elle expliqué", "raconte Laure
    /// Castaing, encore émue".
    fn speaker_in(&self, inc: Span, q: Span, last: &LastSpeaker) -> Option<Attribution> {
        let verb = first_verb(self.text, inc, self.words, 3).map(|(v, _)| v);
        if let Some(p) = self
            .people
            .iter()
            .find(|p| p.span.start >= inc.start && p.span.end <= inc.end)
        {
            return Some((p.name.clone(), verb));
        }
        has_pronoun(self.text, inc, self.words)
            .then(|| self.pronoun_referent(q.start, last))
            .flatten()
            .map(|s| (s, verb))
    }

    /// After the quote: a verb within the first words, then a person or a
    /// pronoun ("», a déclaré X", "», a-t-il ajouté", "said X"); or a
    /// person then a verb ("” X said", "” the spokesman said").
    fn speaker_after(&self, q: Span, last: &LastSpeaker) -> Option<Attribution> {
        let after = self.after(q);
        if let Some((verb, verb_end)) = first_verb(self.text, after, self.words, 4) {
            // Not the name after a channel word ("écrit sur Truth Social",
            // should the tagger take it for a person).
            let on_channel = |p: &&Person| {
                words_in(self.text, Span::new(verb_end, p.span.start))
                    .last()
                    .is_some_and(|(a, b)| {
                        self.words
                            .channel
                            .contains(&self.text[*a..*b].to_lowercase())
                    })
            };
            if let Some(p) = self
                .people
                .iter()
                .find(|p| p.span.start >= verb_end && p.span.end <= after.end)
                .filter(|p| !on_channel(p))
            {
                if p.span.start - verb_end < 40 {
                    return Some((p.name.clone(), Some(verb)));
                }
            }
            if has_pronoun(self.text, after, self.words) {
                return self
                    .pronoun_referent(q.start, last)
                    .map(|s| (s, Some(verb)));
            }
        }
        // Subject first, within the first words, the verb right after it.
        let head = words_in(self.text, after);
        let reach = head.get(6).map_or(after.end, |w| w.0);
        let first = self
            .people
            .iter()
            .position(|p| p.span.start >= after.start && p.span.start < reach)?;
        // A role before its name ("airport director Rachel Kim") is one
        // subject: its name, then the verb after the name.
        let mut p = &self.people[first];
        for next in &self.people[first + 1..] {
            if next.span.start < p.span.end {
                continue;
            }
            if !self.text[p.span.end..next.span.start].trim().is_empty() {
                break;
            }
            p = next;
        }
        let gap = self.text.get(p.span.end..after.end)?;
        if gap.trim_start().starts_with(',') {
            // "», le maire, Paul X, a déclaré" has its verb later; a
            // comma right after the name only ends an apposition.
            let (verb, _) = first_verb(self.text, Span::new(p.span.end, after.end), self.words, 6)?;
            return Some((p.name.clone(), Some(verb)));
        }
        let (verb, _) = first_verb(self.text, Span::new(p.span.end, after.end), self.words, 2)?;
        Some((p.name.clone(), Some(verb)))
    }

    /// Before the quote: a person then a verb, or "selon" and a person, or
    /// a pronoun and a verb.
    fn speaker_before(&self, q: Span, last: &LastSpeaker) -> Option<Attribution> {
        let before = self.before(q);
        let (verb, verb_start) = last_verb(self.text, before, self.words)?;
        if let Some(p) = self
            .people
            .iter()
            .rev()
            .find(|p| p.span.start >= before.start && p.span.end <= verb_start)
        {
            return Some((p.name.clone(), Some(verb)));
        }
        if let Some(p) = self
            .people
            .iter()
            .find(|p| p.span.start >= verb_start && p.span.end <= q.start)
        {
            // "selon X, «"
            return Some((p.name.clone(), Some(verb)));
        }
        has_pronoun(self.text, before, self.words)
            .then(|| self.pronoun_referent(q.start, last))
            .flatten()
            .map(|s| (s, Some(verb)))
    }

    /// A quote inside a sentence with no reporting verb around it ("X a
    /// dénoncé une fermeture « ... »", "X called the news “...”"): the
    /// sentence's first person before it, its subject.
    fn subject_of_sentence(&self, q: Span) -> Option<Attribution> {
        let before = self.before(q);
        if self.text[before.range()].trim().is_empty() {
            return None;
        }
        self.people
            .iter()
            .find(|p| p.span.start >= before.start && p.span.end <= q.start)
            .map(|p| (p.name.clone(), None))
    }

    /// Who reports the speaker's words: the person after a source word
    /// ("Selon Ushakov, Trump a reconnu que « ... »"; "selon elle" is the
    /// last speaker), or the subject of an earlier reporting verb with
    /// "que"/"that" ("Le maire a affirmé que le ministre lui avait promis
    /// « ... »").
    /// The flag says whether the reporter is the sentence's subject (the
    /// "que" form).
    fn reporter(
        &self,
        before: Span,
        speaker: Option<&str>,
        last: &LastSpeaker,
    ) -> Option<(String, bool)> {
        let ws = words_in(self.text, before);
        for (k, (a, b)) in ws.iter().enumerate() {
            let low = self.text[*a..*b].to_lowercase();
            if self.words.source.contains(&low) {
                if let Some(p) = person_after(self.text, *b, self.people, before.end) {
                    return Some((p.name.clone(), false));
                }
                if pronoun_after_source(self.text, &ws, k, self.words) {
                    return last.name.clone().map(|l| (l, false));
                }
                return None;
            }
            if that_after_verb(self.text, &ws, k, self.words).is_some() {
                let subject = self
                    .people
                    .iter()
                    .rev()
                    .find(|p| p.span.start >= before.start && p.span.end <= *a)?;
                let name = subject.name.clone();
                // The speaker must be someone named after the verb.
                let later = self.people.iter().any(|p| {
                    p.span.start > *b
                        && p.span.end <= before.end
                        && Some(p.name.as_str()) == speaker
                });
                return later.then_some((name, true));
            }
        }
        None
    }

    /// The speaker of words quoted inside a quote: a person the quote
    /// names before them, or, for a pronoun ("Il m'a dit"), the last
    /// person named before the quote other than its speaker.
    fn inner_speaker(&self, outer: Span, inner: Span, speaker: Option<&str>) -> Option<String> {
        if let Some(p) = self
            .people
            .iter()
            .rev()
            .find(|p| p.span.start >= outer.start && p.span.end <= inner.start)
        {
            return Some(p.name.clone());
        }
        if !has_pronoun(self.text, Span::new(outer.start, inner.start), self.words) {
            return None;
        }
        self.people
            .iter()
            .rev()
            .filter(|p| p.span.end <= outer.start)
            .find(|p| {
                Some(p.name.as_str()) != speaker
                    && speaker.is_none_or(|s| !same_surname(s, &p.name))
            })
            .map(|p| p.name.clone())
    }
}

/// The nearest character boundary at or before `at` (within the text).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The nearest character boundary at or after `at` (within the text).
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Whether two names end in the same word.
fn same_surname(a: &str, b: &str) -> bool {
    a.split_whitespace().last() == b.split_whitespace().last()
}

/// Whether a pronoun follows the source word at `k` ("selon lui",
/// "according to him"), a "to"/"à" skipped.
fn pronoun_after_source(text: &str, ws: &[(usize, usize)], k: usize, w: &Words) -> bool {
    let word = |i: usize| ws.get(i).map(|(a, b)| text[*a..*b].to_lowercase());
    let next = match word(k + 1) {
        Some(x) if x == "to" || x == "à" => word(k + 2),
        other => other,
    };
    next.is_some_and(|x| w.pronouns.contains(&x) || w.stressed.contains(&x))
}

/// "que", "qu'" (also glued: "qu'une"), "that".
fn is_that(w: &Words, word: &str) -> bool {
    let low = word.to_lowercase();
    let head = low.split('\'').next().unwrap_or("");
    w.that.contains(&low) || (low.contains('\'') && w.that.contains(&format!("{head}'")))
}

/// The first person after byte `from`, with at most four words and no
/// punctuation between ("selon M. Lemaire", "according to chief executive
/// Paula Brenner").
fn person_after<'p>(
    text: &str,
    from: usize,
    people: &'p [Person],
    limit: usize,
) -> Option<&'p Person> {
    let p = people
        .iter()
        .find(|p| p.span.start >= from && p.span.end <= limit)?;
    let gap = text.get(from..p.span.start)?;
    let plain = !gap.contains([',', ';', ':', '«', '“', '"', '!', '?']);
    (plain && gap.split_whitespace().count() <= 4).then_some(p)
}

/// An incise in a quote ("« A, a-t-elle expliqué, B »", "« A, raconte X,
/// encore émue. B »"): the two halves and the incise, when a comma is
/// followed within two words by a reporting verb (not a source word:
/// "selon nous" is no incise), the incise ends at the next comma or full
/// stop within eight words, names a person or a subject pronoun, and quoted
/// words follow it.
fn split_incise(text: &str, q: Span, w: &Words, people: &[Person]) -> Option<(Span, Span, Span)> {
    let ws = words_in(text, q);
    for (k, (a, _)) in ws.iter().enumerate().skip(1) {
        let lead = text[q.start..*a].trim_end();
        if !lead.ends_with(',') {
            continue;
        }
        let verb_at = ws.iter().skip(k).take(2).position(|(x, y)| {
            let word = &text[*x..*y];
            is_verb(w, word) && !w.source.contains(&word.to_lowercase())
        });
        let Some(verb_at) = verb_at else {
            continue;
        };
        let verb_end = ws[k + verb_at].1;
        let rest = &text[verb_end..q.end];
        let Some(stop) = rest.find([',', '.']) else {
            continue;
        };
        let mut incise_end = verb_end + stop;
        if text[verb_end..incise_end].split_whitespace().count() > 8 {
            continue;
        }
        // "raconte Laure Castaing, encore émue." : a short apposition
        // after the name ends the incise at its full stop.
        if rest[stop..].starts_with(',') {
            let tail = &text[incise_end + 1..q.end];
            if let Some(dot) = tail.find('.') {
                let words = tail[..dot].split_whitespace().count();
                let named = text[verb_end..incise_end]
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
                if named && (1..=3).contains(&words) && !tail[..dot].contains(',') {
                    incise_end = incise_end + 1 + dot;
                }
            }
        }
        let inc = Span::new(*a, incise_end);
        let speaks = people
            .iter()
            .any(|p| p.span.start >= inc.start && p.span.end <= inc.end)
            || has_pronoun(text, inc, w);
        if !speaks {
            continue;
        }
        let second = text[incise_end + 1..q.end].trim_start();
        if second.split_whitespace().count() < 2 {
            continue;
        }
        let second_start = q.end - second.len();
        let first = text[q.start..*a]
            .trim_end()
            .trim_end_matches(',')
            .trim_end();
        if first.is_empty() {
            continue;
        }
        return Some((
            Span::new(q.start, q.start + first.len()),
            inc,
            Span::new(second_start, q.end),
        ));
    }
    None
}

/// Whether `word` is a reporting verb, also inverted with its subject
/// ("explique-t-elle", "dit-il").
fn is_verb(w: &Words, word: &str) -> bool {
    let low = word.to_lowercase();
    if w.verbs.contains(&low) {
        return true;
    }
    let head = low.split("-t-").next().unwrap_or(&low);
    let head = head.split('-').next().unwrap_or(head);
    head != low && w.verbs.contains(head)
}

/// Words quoted inside a quote with other marks (« ... "..." ... »):
/// `open` is the quote's own opening mark (the cleaner writes single
/// typographic quotes as apostrophes, so only double ones nest here).
fn inner_quote(text: &str, q: Span, open: char) -> Option<Span> {
    let inner = &text[q.range()];
    if !matches!(open, '«' | '“') {
        return None;
    }
    let a = inner.find('"')? + 1;
    let b = a + inner[a..].find('"')?;
    let s = inner[a..b].trim();
    if s.split_whitespace().count() < 2 {
        return None;
    }
    let start = q.start + a + (inner[a..b].len() - inner[a..b].trim_start().len());
    Some(Span::new(start, start + s.len()))
}

/// Reported speech in a sentence: "X a déclaré que CLAUSE" (a person, a
/// reporting verb, then "que") or "Selon X, CLAUSE". Returns the clause, the
/// person as written (`None` for a pronoun, "selon lui", which the caller
/// resolves) and the cue.
fn indirect(text: &str, s: Span, people: &[Person], w: &Words) -> Option<Reported> {
    let words = words_in(text, s);
    let clause = |from: usize| -> Option<Span> {
        let rest = text.get(from..s.end)?;
        let lead = rest.len() - rest.trim_start_matches([' ', ',', ':']).len();
        let body = rest[lead..].trim_end_matches(['.', '!', '?', ' ', '…']);
        (body.split_whitespace().count() >= 3)
            .then(|| Span::new(from + lead, from + lead + body.len()))
    };
    for (k, (a, b)) in words.iter().enumerate() {
        let low = text[*a..*b].to_lowercase();
        let cue = text[*a..*b].to_string();
        if w.source.contains(&low) {
            // "Selon X, ...": the person right after, then a comma; or a
            // pronoun ("selon lui").
            let (who, end) = match person_after(text, *b, people, s.end) {
                Some(p) => (Some(p.name.clone()), p.span.end),
                None if pronoun_after_source(text, &words, k, w) => {
                    // After the pronoun ("selon lui", "according to him").
                    let at = words
                        .iter()
                        .skip(k + 1)
                        .take(2)
                        .map(|(_, y)| *y)
                        .find(|y| {
                            text.get(*y..s.end)
                                .is_some_and(|r| r.trim_start().starts_with(','))
                        })?;
                    (None, at)
                }
                None => return None,
            };
            let after = text.get(end..s.end)?;
            if !after.trim_start().starts_with(',') {
                return None;
            }
            let comma = end + after.find(',')? + 1;
            return clause(comma).map(|c| (c, who, cue));
        }
        // A verb without "que" is read on ("le prévenu ... a annoncé que").
        if let Some(that) = that_after_verb(text, &words, k, w) {
            let p = people
                .iter()
                .rev()
                .find(|p| p.span.start >= s.start && p.span.end <= *a)?;
            // "qu'une cellule": the clause starts after the apostrophe.
            let that_word = &text[that.0..that.1];
            let from = match that_word.find('\'') {
                Some(k) if k + 1 < that_word.len() => that.0 + k + 1,
                _ => that.1,
            };
            return clause(from).map(|c| (c, Some(p.name.clone()), cue));
        }
    }
    None
}

/// When word `k` of `ws` is a reporting verb with "que"/"that" within the
/// next four words ("a dit à Trump que"), that word.
fn that_after_verb(
    text: &str,
    ws: &[(usize, usize)],
    k: usize,
    w: &Words,
) -> Option<(usize, usize)> {
    let (a, b) = ws.get(k)?;
    if !is_verb(w, &text[*a..*b]) {
        return None;
    }
    ws.iter()
        .skip(k + 1)
        .take(4)
        .find(|(x, y)| is_that(w, &text[*x..*y]))
        .copied()
}

/// Words of `span` with their byte ranges (letters, digits, inner hyphens
/// and apostrophes).
fn words_in(text: &str, span: Span) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let s = &text[span.range()];
    let mut start = None;
    for (i, c) in s.char_indices() {
        let inner = c.is_alphanumeric() || ((c == '-' || c == '\'') && start.is_some());
        match (inner, start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push((span.start + b, span.start + i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push((span.start + b, span.end));
    }
    out
}

/// The first reporting verb among the first `max` words of `span`.
fn first_verb(text: &str, span: Span, w: &Words, max: usize) -> Option<(String, usize)> {
    words_in(text, span)
        .into_iter()
        .take(max)
        .find(|(a, b)| is_verb(w, &text[*a..*b]))
        .map(|(a, b)| (text[a..b].to_string(), b))
}

/// The last reporting verb of `span`.
fn last_verb(text: &str, span: Span, w: &Words) -> Option<(String, usize)> {
    words_in(text, span)
        .into_iter()
        .rev()
        .find(|(a, b)| is_verb(w, &text[*a..*b]))
        .map(|(a, b)| (text[a..b].to_string(), a))
}

/// Whether a subject pronoun stands in `span` ("a-t-il", "he said").
fn has_pronoun(text: &str, span: Span, w: &Words) -> bool {
    words_in(text, span).into_iter().take(6).any(|(a, b)| {
        let word = text[a..b].to_lowercase();
        w.pronouns.contains(&word)
            || word
                .rsplit('-')
                .next()
                .is_some_and(|tail| word.contains('-') && w.pronouns.contains(tail))
    })
}

/// "sur Truth Social": an entity right after a channel word near the quote.
fn channel(text: &str, before: Span, after: Span, entities: &[Span], w: &Words) -> Option<String> {
    for span in [after, before] {
        for (a, b) in words_in(text, span) {
            if w.channel.contains(&text[a..b].to_lowercase()) {
                if let Some(e) = entities
                    .iter()
                    .find(|e| e.start > b && e.start - b <= 2 && e.end <= span.end)
                {
                    return Some(text[e.range()].to_string());
                }
            }
        }
    }
    None
}

/// Byte spans of the quoted text (inside the marks, trimmed), one per
/// quote; a quote over several paragraphs (each paragraph opening with the
/// mark, only the last one closing it) gives one span per paragraph.
pub fn quote_spans(text: &str) -> Vec<Span> {
    quote_groups(text).into_iter().flatten().collect()
}

/// The quotes of `text`, each as its paragraphs' spans.
fn quote_groups(text: &str) -> Vec<Vec<Span>> {
    let mut out: Vec<Vec<Span>> = Vec::new();
    let mut i = 0;
    let bytes = text.len();
    // Set when a paragraph of a quote ended unclosed and the next one
    // opens with the same mark: its span joins the same quote.
    let mut continuing = false;
    while i < bytes {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let close = match c {
            '«' => Some('»'),
            '“' => Some('”'),
            '"' => Some('"'),
            _ => None,
        };
        let Some(close) = close else {
            i += c.len_utf8();
            continuing = false;
            continue;
        };
        let open_end = i + c.len_utf8();
        // The matching close within a reasonable reach; nested « » count.
        let mut depth = 0;
        let mut end = None;
        let mut paragraph_end = None;
        for (k, d) in text[open_end..].char_indices() {
            if k > 4000 {
                break;
            }
            if d == '\n' && depth == 0 {
                let next = text[open_end + k..].trim_start();
                if next.starts_with(c) {
                    paragraph_end = Some(open_end + k);
                    break;
                }
            }
            if d == c && c != close {
                depth += 1;
            } else if d == close {
                if depth == 0 {
                    end = Some(open_end + k);
                    break;
                }
                depth -= 1;
            }
        }
        let Some(e) = end.or(paragraph_end) else {
            i = open_end;
            continuing = false;
            continue;
        };
        let inner = &text[open_end..e];
        let lead = inner.len() - inner.trim_start().len();
        let trail = inner.len() - inner.trim_end().len();
        if e - trail > open_end + lead {
            let span = Span::new(open_end + lead, e - trail);
            match out.last_mut() {
                Some(group) if continuing => group.push(span),
                _ => out.push(vec![span]),
            }
        }
        if end.is_some() {
            i = e + close.len_utf8();
            continuing = false;
        } else {
            // The next paragraph's opening mark continues this quote.
            i = e + (text[e..].len() - text[e..].trim_start().len());
            continuing = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge_model::{DocumentId, Metadata, Source, SourceFormat};

    /// A document with sentences and person mentions marked by hand.
    fn doc(text: &str, people: &[&str]) -> Document {
        let source = Source {
            path: "t.txt".into(),
            container: None,
            format: SourceFormat::Text,
            charset: "UTF-8".into(),
            bytes: 0,
        };
        let meta = Metadata {
            lang: Some("fr".into()),
            ..Metadata::default()
        };
        let mut d = Document::new(DocumentId("q".into()), source, meta, text.into());
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '.' && text[i + 1..].starts_with(' ') || i + c.len_utf8() == text.len() {
                let end = i + c.len_utf8();
                d.annotations
                    .push(Annotation::new(Span::new(start, end), Label::Sentence));
                start = end + 1;
            }
        }
        for p in people {
            for (at, _) in text.match_indices(p) {
                d.annotations.push(Annotation::new(
                    Span::new(at, at + p.len()),
                    Label::Entity {
                        kind: EntityKind::Per,
                        refers_to: None,
                    },
                ));
            }
        }
        d
    }

    /// (quote, speaker, channel, reported by).
    type Row = (String, Option<String>, Option<String>, Option<String>);

    fn quotes(d: Document) -> Vec<Row> {
        let text = d.text.clone();
        QuoteFinder::bundled()
            .annotate(d)
            .annotations
            .into_iter()
            .filter_map(|a| match a.label {
                Label::Quote {
                    speaker,
                    channel,
                    reported_by,
                    ..
                } => Some((
                    text[a.span.range()].to_string(),
                    speaker,
                    channel,
                    reported_by,
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_titled_work_in_quote_marks_is_no_quote() {
        let text = "Claire Vidal publie le livre « Les Vergers du nord » cette semaine. « Il m'a pris dix ans », a déclaré Claire Vidal.";
        let mut d = doc(text, &["Claire Vidal"]);
        let title = "Les Vergers du nord";
        let at = text.find(title).expect("title");
        d.annotations.push(Annotation::new(
            Span::new(at, at + title.len()),
            Label::Entity {
                kind: EntityKind::Misc,
                refers_to: None,
            },
        ));
        let got = quotes(d);
        let texts: Vec<&str> = got.iter().map(|(q, ..)| q.as_str()).collect();
        assert_eq!(texts, ["Il m'a pris dix ans"]);
    }

    #[test]
    fn speakers_after_before_through_pronouns_and_reporters() {
        let text = "« Le pont rouvrira lundi », a déclaré Claire Vidal. « Les travaux sont finis », a-t-elle ajouté. Selon Paul Morin, Claire Vidal a reconnu que « le chantier a pris du retard ». Paul Morin a écrit sur Mastodon : « Bonne nouvelle ».";
        let got = quotes(doc(text, &["Claire Vidal", "Paul Morin"]));
        let who: Vec<(&str, Option<&str>)> = got
            .iter()
            .map(|(q, s, _, _)| (q.as_str(), s.as_deref()))
            .collect();
        assert_eq!(
            who,
            [
                ("Le pont rouvrira lundi", Some("Claire Vidal")),
                ("Les travaux sont finis", Some("Claire Vidal")),
                ("le chantier a pris du retard", Some("Claire Vidal")),
                ("Bonne nouvelle", Some("Paul Morin")),
            ]
        );
        assert_eq!(got[2].3.as_deref(), Some("Paul Morin"), "reported by");
        assert_eq!(got[0].3, None);
    }

    #[test]
    fn indirect_speech_is_reported_words() {
        let text = "Claire Vidal a indiqué que le pont rouvrira lundi matin. Selon Paul Morin, les travaux ont coûté trop cher.";
        let got = indirect_of(doc(text, &["Claire Vidal", "Paul Morin"]));
        assert_eq!(
            got,
            [
                (
                    "le pont rouvrira lundi matin".to_string(),
                    Some("Claire Vidal".to_string())
                ),
                (
                    "les travaux ont coûté trop cher".to_string(),
                    Some("Paul Morin".to_string())
                ),
            ]
        );
    }

    /// (quote, speaker) pairs of `text` with `people` marked.
    fn who(text: &str, people: &[&str]) -> Vec<(String, Option<String>)> {
        quotes(doc(text, people))
            .into_iter()
            .map(|(q, s, _, _)| (q, s))
            .collect()
    }

    fn pair(q: &str, s: &str) -> (String, Option<String>) {
        (q.to_string(), Some(s.to_string()))
    }

    /// The reported speech (no quote marks) found in `d`: (words, speaker).
    fn indirect_of(d: Document) -> Vec<(String, Option<String>)> {
        let text = d.text.clone();
        QuoteFinder::bundled()
            .annotate(d)
            .annotations
            .iter()
            .filter_map(|a| match &a.label {
                Label::Quote {
                    speaker,
                    indirect: true,
                    ..
                } => Some((text[a.span.range()].to_string(), speaker.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_incise_cuts_a_quote_in_two_halves_of_one_speaker() {
        let text = "Paul Morin a parlé. « Le chantier avance, a-t-elle expliqué, mais le budget manque. » Claire Vidal était présente.";
        let mut got = who(text, &["Paul Morin", "Claire Vidal"]);
        // "elle" has no referent but the last person named before: here the
        // test only checks the cut; the speaker comes from the pronoun.
        got.iter_mut().for_each(|g| g.1 = None);
        let texts: Vec<&str> = got.iter().map(|(q, _)| q.as_str()).collect();
        assert_eq!(texts, ["Le chantier avance", "mais le budget manque."]);
        let named = who(
            "« Je n'y croyais plus, avoue Claire Vidal, encore surprise. Le jury a tranché. »",
            &["Claire Vidal"],
        );
        assert_eq!(
            named,
            [
                pair("Je n'y croyais plus", "Claire Vidal"),
                pair("Le jury a tranché.", "Claire Vidal"),
            ]
        );
    }

    #[test]
    fn commas_inside_a_quote_are_no_incise_without_a_speaker() {
        let text = "« Cette réforme, selon nous, va trop loin », a déclaré Claire Vidal. « Ce projet, annoncé en mai, sera abandonné », a ajouté Claire Vidal.";
        let texts: Vec<String> = who(text, &["Claire Vidal"])
            .into_iter()
            .map(|(q, _)| q)
            .collect();
        assert_eq!(
            texts,
            [
                "Cette réforme, selon nous, va trop loin",
                "Ce projet, annoncé en mai, sera abandonné"
            ]
        );
    }

    #[test]
    fn an_inverted_verb_names_the_pronoun_speaker() {
        let text = "Claire Vidal est arrivée tôt. « Tout est prêt », explique-t-elle.";
        let got = quotes(doc(text, &["Claire Vidal"]));
        assert_eq!(got[0].1.as_deref(), Some("Claire Vidal"));
    }

    #[test]
    fn english_that_s_is_no_reported_speech_and_according_to_him_is() {
        let mut d = doc(
            "“We will win,” Tom Eady said. He said that's not true at all. According to him, the vote will be close.",
            &["Tom Eady"],
        );
        d.metadata.lang = Some("en".into());
        let indirect = indirect_of(d);
        assert_eq!(indirect, [pair("the vote will be close", "Tom Eady")]);
    }

    #[test]
    fn a_quote_over_paragraphs_is_one_quote_per_paragraph() {
        let text = "La maire Claire Vidal a écrit aux habitants :\n\n« Le pont fermera en mai. Les bus feront le détour.\n\n« Je sais ce que cela coûte à chacun. »\n\nPaul Morin a répondu.";
        let got = who(text, &["Claire Vidal", "Paul Morin"]);
        assert_eq!(
            got,
            [
                pair(
                    "Le pont fermera en mai. Les bus feront le détour.",
                    "Claire Vidal"
                ),
                pair("Je sais ce que cela coûte à chacun.", "Claire Vidal"),
            ]
        );
    }

    #[test]
    fn a_partial_quote_belongs_to_its_sentence_subject() {
        let text = "« Tout ira bien », a déclaré Claire Vidal. Le syndicaliste Paul Morin a dénoncé une réforme « brutale et injuste ».";
        let got = who(text, &["Claire Vidal", "Paul Morin"]);
        assert_eq!(got[1], pair("brutale et injuste", "Paul Morin"));
    }

    #[test]
    fn english_subject_before_the_verb_and_a_role_before_the_name() {
        let text = "“We waited,” plant director Jane Roe said, “and nothing came.” “It is late,” Tom Eady said.";
        let got = who(text, &["Jane Roe", "Tom Eady"]);
        let mut d = doc(text, &["Jane Roe", "Tom Eady"]);
        d.metadata.lang = Some("en".into());
        let en: Vec<_> = quotes(d).into_iter().map(|(q, s, _, _)| (q, s)).collect();
        assert_eq!(
            en,
            [
                pair("We waited,", "Jane Roe"),
                pair("and nothing came.", "Jane Roe"),
                pair("It is late,", "Tom Eady"),
            ],
            "{got:?}"
        );
    }

    #[test]
    fn a_pronoun_stands_for_the_subject_named_since_the_last_quote() {
        let text = "Selon Claire Vidal, les deux maires se sont parlé longuement. Paul Morin a été le premier à le dire. « Un bon échange », a-t-il écrit sur Mastodon.";
        let got = who(text, &["Claire Vidal", "Paul Morin"]);
        assert_eq!(got.last(), Some(&pair("Un bon échange", "Paul Morin")));
    }

    #[test]
    fn words_reported_inside_a_quote_are_the_other_persons() {
        let text = "Paul Morin a vendu le club. « Il m'a promis : \"je garderai les jeunes\". Je veux le croire », a raconté Claire Vidal.";
        let got = quotes(doc(text, &["Paul Morin", "Claire Vidal"]));
        let inner = got
            .iter()
            .find(|(q, ..)| q == "je garderai les jeunes")
            .expect("the inner quote");
        assert_eq!(inner.1.as_deref(), Some("Paul Morin"));
        assert_eq!(inner.3.as_deref(), Some("Claire Vidal"));
    }

    #[test]
    fn selon_and_a_pronoun_is_the_last_speaker() {
        let text = "« Rien n'est joué », a déclaré Claire Vidal. Selon elle, le vote aura lieu en juin prochain.";
        let indirect = indirect_of(doc(text, &["Claire Vidal"]));
        assert_eq!(
            indirect,
            [pair("le vote aura lieu en juin prochain", "Claire Vidal")]
        );
    }

    proptest::proptest! {
        /// Any text, quote marks, incises, paragraphs and people anywhere:
        /// the finder never panics and its quotes lie on character
        /// boundaries inside the text.
        #[test]
        fn quotes_never_panic_and_stay_in_the_text(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("« ".to_string()),
                    proptest::strategy::Just(" »".to_string()),
                    proptest::strategy::Just("“".to_string()),
                    proptest::strategy::Just("”".to_string()),
                    proptest::strategy::Just("\"".to_string()),
                    proptest::strategy::Just(", a-t-elle expliqué, ".to_string()),
                    proptest::strategy::Just(", raconte Claire Vidal, émue. ".to_string()),
                    proptest::strategy::Just("\n\n".to_string()),
                    proptest::strategy::Just(" : ".to_string()),
                    proptest::strategy::Just("Selon lui, ".to_string()),
                    proptest::strategy::Just("a déclaré que ".to_string()),
                    proptest::strategy::Just("Claire Vidal".to_string()),
                    "[a-zéè’' .,]{0,12}",
                ],
                0..40,
            )
        ) {
            let text: String = parts.concat();
            let d = QuoteFinder::bundled().annotate(doc(&text, &["Claire Vidal"]));
            for a in &d.annotations {
                if matches!(a.label, Label::Quote { .. }) {
                    proptest::prop_assert!(a.span.start <= a.span.end && a.span.end <= text.len());
                    proptest::prop_assert!(text.get(a.span.range()).is_some());
                }
            }
        }
    }

    #[test]
    fn quote_marks_pair_up() {
        let t = "Il a dit « oui, « vraiment » oui » puis “yes” et \"non\".";
        let spans: Vec<&str> = quote_spans(t).iter().map(|s| &t[s.range()]).collect();
        assert_eq!(spans, ["oui, « vraiment » oui", "yes", "non"]);
        assert!(quote_spans("« jamais fermé").is_empty());
    }
}
