//! Who speaks: the context speaker attribution reads (text, reporting
//! words, people, sentences), the speaker inside an incise, after the
//! quote, before it or as the subject of its sentence, pronouns, the
//! reporter of someone else's words, the channel.

use filrouge_model::{Annotation, Label, Span};

use super::marks::inner_quote;
use super::words::{
    first_verb, has_pronoun, is_verb, last_verb, pronoun_after_source, that_after_verb, words_in,
    Words,
};

/// A person mention and the name it stands for.
#[derive(Debug)]
pub(super) struct Person {
    pub(super) span: Span,
    pub(super) name: String,
}

/// What speaker attribution reads: the text, the language's words, people
/// and sentences.
pub(super) struct Context<'a> {
    pub(super) text: &'a str,
    pub(super) words: &'a Words,
    pub(super) people: &'a [Person],
    pub(super) sentences: &'a [Span],
}

/// The last speaker attributed, and where: what a pronoun may stand for.
#[derive(Debug, Default)]
pub(super) struct LastSpeaker {
    pub(super) name: Option<String>,
    /// The end of the words last attributed to them.
    pub(super) at: usize,
}

impl LastSpeaker {
    /// Records `name` as the last speaker, attributed words ending at `at`.
    pub(super) fn set(&mut self, name: String, at: usize) {
        self.name = Some(name);
        self.at = at;
    }
}

/// A speaker and the reporting verb that names them.
pub(super) type Attribution = (String, Option<String>);

impl Context<'_> {
    /// Annotates one quote (its paragraphs' spans `group`) with its
    /// speaker, cue, channel and reporter, and the words quoted inside it;
    /// `entities` are the spans of every entity (channels are among them).
    pub(super) fn annotate_quote(
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

/// An incise in a quote ("« A, a-t-elle expliqué, B »", "« A, raconte X,
/// encore émue. B »"): the two halves and the incise, when a comma is
/// followed within two words by a reporting verb (not a source word:
/// "selon nous" is no incise), the incise ends at the next comma or full
/// stop within eight words, names a person or a subject pronoun, and quoted
/// words follow it.
pub(super) fn split_incise(
    text: &str,
    q: Span,
    w: &Words,
    people: &[Person],
) -> Option<(Span, Span, Span)> {
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

/// The first person after byte `from`, with at most four words and no
/// punctuation between ("selon M. Lemaire", "according to chief executive
/// Paula Brenner").
pub(super) fn person_after<'p>(
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

/// "sur Truth Social": an entity right after a channel word near the quote.
pub(super) fn channel(
    text: &str,
    before: Span,
    after: Span,
    entities: &[Span],
    w: &Words,
) -> Option<String> {
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

/// Whether two names end in the same word.
fn same_surname(a: &str, b: &str) -> bool {
    a.split_whitespace().last() == b.split_whitespace().last()
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
