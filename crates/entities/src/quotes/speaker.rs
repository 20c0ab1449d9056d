//! Who speaks: the context speaker attribution reads (text, reporting
//! words, people, sentences), the speaker inside an incise, after the
//! quote, before it or as the subject of its sentence, pronouns, the
//! reporter of someone else's words, the channel.

use filrouge_model::{Annotation, Label, Span};

use super::incise::split_incise;
use super::layout::{label_speaker, signature_after};
use super::marks::inner_quote;
use super::names::{person_after, possessive, role_referent, Person};
use super::words::{
    after_article, ceil_boundary, first_verb, floor_boundary, has_pronoun, is_pronoun, is_verb,
    last_verb, pronoun_after_source, that_after_verb, words_in, Words,
};

/// What speaker attribution reads: the text, the language's words, people
/// and sentences (in text order, not overlapping: looked up by binary
/// search).
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

/// What the words around a quote say of its speaker.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Said {
    /// This person, named with this reporting verb (if any).
    By(String, Option<String>),
    /// Words that attribute the quote without naming whom the article
    /// names elsewhere ("», a résumé le ministre"): no speaker, and never
    /// the previous one.
    Unknown(Option<String>),
}

/// Words after a quote within which its reporting verb stands ("», le
/// maire, Paul X, a déclaré").
const VERB_REACH: usize = 12;

/// Most words between a person and a quote describing them ("as a").
const DESCRIBED_WORDS: usize = 3;

/// Most words of a sentence after a quote ending with "?" or "!" read as
/// its attribution ("Clinton said on Monday.").
const ATTRIBUTION_SENTENCE: usize = 8;

/// Words after a quote within which its reporting verb stands when a
/// person with an apposition opens them.
const LONG_VERB_REACH: usize = 24;

/// Words after a quote within which an unknown verb's subject stands ("»,
/// a résumé X").
const UNKNOWN_REACH: usize = 5;

/// Most words of an attribution after a quote that names no one ("», a
/// tranché le ministre du budget.").
const TAIL_WORDS: usize = 8;

impl Context<'_> {
    /// Annotates one quote (its parts `parts`, cut by `incise`) with its
    /// speaker, cue, channel and reporter, and the words quoted inside it;
    /// `entities` are the spans of every entity (channels are among them).
    pub(super) fn annotate_quote(
        &self,
        (parts, incise): (&[Span], Option<Span>),
        entities: &[Span],
        last: &mut LastSpeaker,
        found: &mut Vec<Annotation>,
    ) {
        let text = self.text;
        let (Some(first), Some(end)) = (parts.first().copied(), parts.last().copied()) else {
            return;
        };
        let (speaker, cue) = match self.attribute(incise, first, end, last) {
            Some(Said::By(speaker, cue)) => (Some(speaker), cue),
            Some(Said::Unknown(cue)) => (None, cue),
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
        // A transcript's label ("PENCE: …") names the speaker of its part
        // and of the parts after it, until the next label.
        let mut speaker = speaker;
        for q in parts {
            if let Some(label) = label_speaker(text, *q, self.people) {
                last.set(label.clone(), q.end);
                speaker = Some(label);
            }
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
    pub(super) fn split_at_incises(&self, group: &[Span]) -> (Vec<Span>, Option<Span>) {
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
    ) -> Option<Said> {
        signature_after(self.text, end.end, self.people)
            .map(|name| Said::By(name, None))
            .or_else(|| incise.and_then(|inc| self.speaker_in(inc, first, last)))
            .or_else(|| {
                self.verb_just_before(first)
                    .then(|| self.speaker_before(first, last))
                    .flatten()
            })
            .or_else(|| self.speaker_after(end, last))
            .or_else(|| self.speaker_before(first, last))
            .or_else(|| self.subject_of_sentence(first))
            .or_else(|| self.colon_introduction(first, last))
    }

    /// A quote after words that introduce it with a colon but name no one
    /// the article names, with a verb that is no reporting verb of the
    /// data ("Le nouveau venu a tonné : « ... »"): a pronoun's referent
    /// ("Elle a tonné :"), the person opening the words ("Paul Morin a
    /// poursuivi :"), the person a role phrase stands for, or no one;
    /// never the previous speaker by default.
    fn colon_introduction(&self, q: Span, last: &LastSpeaker) -> Option<Said> {
        let text = self.text;
        let before = self.before(q);
        let lead = text[before.range()]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '«' | '“' | '"'));
        if !lead.ends_with(':') {
            return None;
        }
        let intro = Span::new(before.start, before.start + lead.len());
        let ws = words_in(text, intro);
        if ws.is_empty() {
            return None;
        }
        if ws
            .iter()
            .take(3)
            .any(|(a, b)| is_pronoun(self.words, &text[*a..*b]))
        {
            return self
                .pronoun_referent(q.start, last)
                .map(|s| Said::By(s, None));
        }
        // "Limbaugh continued: “…”", « Paul Morin a poursuivi : « … » »:
        // the person opening the introduction.
        if let Some(p) = self.subject_of(intro) {
            return Some(Said::By(p, None));
        }
        Some(
            role_referent(text, intro, q.start, self.people, self.words.lang)
                .map_or(Said::Unknown(None), |n| Said::By(n, None)),
        )
    }

    /// The sentence holding byte `at`.
    pub(super) fn sentence_at(&self, at: usize) -> Option<Span> {
        // Sentences are in text order and do not overlap.
        let i = self.sentences.partition_point(|s| s.start <= at);
        self.sentences[..i].last().filter(|s| at < s.end).copied()
    }

    /// From the quote's end to its sentence's end, never past its
    /// paragraph.
    fn after(&self, q: Span) -> Span {
        let end = self
            .sentence_at(q.end)
            .map_or_else(|| ceil_boundary(self.text, q.end + 160), |s| s.end);
        let end = self.attribution_sentence(q, end).unwrap_or(end);
        let paragraph_end = self.text[q.end..]
            .find('\n')
            .map_or(self.text.len(), |k| q.end + k);
        Span::new(q.end, end.min(paragraph_end).max(q.end))
    }

    /// A quote ending with "?" or "!" and its sentence, then a short
    /// sentence ("“Why now?” Clinton said."; « Pourquoi ? » Jeanne Martin
    /// s'interroge.): where that sentence, the quote's attribution the
    /// sentence splitter cut away, ends.
    fn attribution_sentence(&self, q: Span, end: usize) -> Option<usize> {
        let text = self.text;
        let closing = text.get(q.end..end)?;
        let asks = text[..q.end].trim_end().ends_with(['?', '!']);
        if !asks || closing.contains(|c: char| c.is_alphanumeric() || c == '\n') {
            return None;
        }
        let i = self.sentences.partition_point(|s| s.start < end);
        let next = self.sentences.get(i)?;
        let gap = text.get(end..next.start)?;
        let short = words_in(text, *next).len() <= ATTRIBUTION_SENTENCE;
        (short && !gap.contains('\n') && !text[next.range()].contains(['«', '“', '"']))
            .then_some(next.end)
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
            let i = self.sentences.partition_point(|s| s.start < end);
            let sentence = self.sentences[..i]
                .last()
                .filter(|s| s.end >= end)
                .map_or(paragraph, |s| s.start);
            return Span::new(sentence.max(paragraph), q.start);
        }
        Span::new(start.min(q.start), q.start)
    }

    /// What a pronoun before `at` stands for: the subject of a sentence of
    /// the same paragraph written between the last attribution and `at`
    /// ("Trump a été le premier à l'annoncer. « ... », a-t-il écrit"),
    /// else the last speaker (a person named in between, in another
    /// paragraph or not as a subject, does not take the pronoun), else
    /// the last person named.
    pub(super) fn pronoun_referent(&self, at: usize, last: &LastSpeaker) -> Option<String> {
        let paragraph = self.text[..at].rfind('\n').map_or(0, |k| k + 1);
        let from = last.at.max(paragraph);
        // The sentences between `from` and `at`, latest first.
        let upto = self.sentences.partition_point(|s| s.start < at);
        let subject = self.sentences[..upto]
            .iter()
            .rev()
            .take_while(|s| s.start >= from)
            .filter(|s| s.end <= at)
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
    pub(super) fn subject_of(&self, s: Span) -> Option<String> {
        let p = self
            .people
            .iter()
            .find(|p| p.span.start >= s.start && p.span.end <= s.end)?;
        let lead = &self.text[s.start..p.span.start];
        (lead.split_whitespace().count() <= 4
            && !lead.contains(['«', '“', '"'])
            && !possessive(self.text, p.span))
        .then(|| p.name.clone())
    }

    /// An incise inside the quote: "a-t-elle expliqué", "raconte Laure
    /// Castaing, encore émue".
    fn speaker_in(&self, inc: Span, q: Span, last: &LastSpeaker) -> Option<Said> {
        let verb = first_verb(self.text, inc, self.words, 3).map(|(v, _)| v);
        if let Some(p) = self
            .people
            .iter()
            .find(|p| p.span.start >= inc.start && p.span.end <= inc.end)
        {
            return Some(Said::By(p.name.clone(), verb));
        }
        has_pronoun(self.text, inc, self.words)
            .then(|| self.pronoun_referent(q.start, last))
            .flatten()
            .map(|s| Said::By(s, verb))
    }

    /// After the quote, in its sentence. With a reporting verb (not a
    /// participle) attached to it ("», a déclaré", "” X said", "» a-t-il
    /// dit"): a subject before the verb ("” Warren told Stumpf", "», le
    /// maire, Paul X, a déclaré"), a pronoun ("», a-t-il ajouté"), a
    /// person right after it, not spoken to ("», a déclaré X", "said
    /// Kellyanne Conway, an adviser", "», a réagi leur avocat, Me X"), or
    /// the person a role phrase stands for ("” the spokesman said"). With
    /// another verb ("», a résumé X"): see [`Self::unknown_verb_after`].
    fn speaker_after(&self, q: Span, last: &LastSpeaker) -> Option<Said> {
        let text = self.text;
        let w = self.words;
        let after = self.after(q);
        let ws = words_in(text, after);
        let known = ws
            .iter()
            .enumerate()
            .take(self.verb_reach(after))
            .position(|(i, (a, b))| {
                let word = &text[*a..*b];
                is_verb(w, word)
                    && !Words::is(&w.participle, word)
                    && !after_article(text, &ws, i, w)
            });
        let Some(k) = known else {
            return self.unknown_verb_after(after, &ws, q, last);
        };
        let (verb_start, verb_end) = ws[k];
        let verb = text[verb_start..verb_end].to_string();
        if let Some(p) = self.subject_between(after.start, verb_start) {
            return Some(Said::By(p.name.clone(), Some(verb)));
        }
        // "» dans la guerre, selon X" is no attribution of the quote.
        let lead = text[after.start..verb_start].trim_start_matches(['»', '”', '"', ' ']);
        let attached = k <= 1 || (lead.starts_with(',') && k <= 3);
        if !attached {
            return None;
        }
        if ws[..=(k + 1).min(ws.len() - 1)]
            .iter()
            .any(|(a, b)| is_pronoun(w, &text[*a..*b]))
        {
            return self
                .pronoun_referent(q.start, last)
                .map(|s| Said::By(s, Some(verb)));
        }
        if !Words::is(&w.addressed, &verb) {
            if let Some(p) = self.named_after_verb(verb_end, after.end) {
                return Some(Said::By(p.name.clone(), Some(verb)));
            }
        }
        let phrase = if k > 0 {
            Span::new(after.start, verb_start)
        } else {
            Span::new(verb_end, after.end)
        };
        role_referent(text, phrase, q.start, self.people, w.lang).map(|n| Said::By(n, Some(verb)))
    }

    /// Words after a quote within which its reporting verb stands: more
    /// when a person opens them with an apposition ("”, Jo Ruiz, the
    /// attorney general of the state, one of those suing, said").
    fn verb_reach(&self, after: Span) -> usize {
        let text = self.text;
        let opens = self.people.iter().find(|p| {
            p.span.start >= after.start
                && p.span.end <= after.end
                && words_in(text, Span::new(after.start, p.span.start)).len() <= 1
        });
        let apposition = opens.is_some_and(|p| {
            text[p.span.end..after.end]
                .trim_start_matches(|c: char| c.is_whitespace())
                .starts_with([',', '('])
        });
        if apposition {
            LONG_VERB_REACH
        } else {
            VERB_REACH
        }
    }

    /// The person right after a reporting verb ending at `verb_end`, not
    /// spoken to, or after a role in apposition ("a réagi leur avocat, Me
    /// Guillaume Perret", "a déclaré l'entraîneur, Didier Kaboré").
    fn named_after_verb(&self, verb_end: usize, limit: usize) -> Option<&Person> {
        let text = self.text;
        person_after(text, verb_end, self.people, limit, self.words).or_else(|| {
            let p = self
                .people
                .iter()
                .find(|p| p.span.start >= verb_end && p.span.end <= limit)?;
            let (role, title) = text[verb_end..p.span.start].rsplit_once(',')?;
            let plain = !role.contains([',', ';', ':', '«', '“', '"', '.']);
            (plain && role.split_whitespace().count() <= 5 && title.split_whitespace().count() <= 1)
                .then_some(p)
        })
    }

    /// After the quote, a short attribution without a known reporting
    /// verb ("», a résumé X", "», a-t-il tranché", "», conclut sobrement le
    /// ministre"): the person it names within its first words, a pronoun,
    /// or no one (never the previous speaker). Longer words, or words in
    /// quote marks, are another clause ("», Donald Trump se désole de “...”").
    fn unknown_verb_after(
        &self,
        after: Span,
        ws: &[(usize, usize)],
        q: Span,
        last: &LastSpeaker,
    ) -> Option<Said> {
        let text = self.text;
        let lead = text[after.range()].trim_start_matches(['»', '”', '"', ' ']);
        if !lead.starts_with(',')
            || ws.is_empty()
            || ws.len() > TAIL_WORDS
            || lead.contains(['«', '»', '“', '”', '"'])
        {
            return None;
        }
        let reach = ws.get(UNKNOWN_REACH).map_or(after.end, |w| w.0);
        if let Some(p) = self
            .people
            .iter()
            .find(|p| p.span.start >= after.start && p.span.start < reach)
        {
            let lower = words_in(text, Span::new(after.start, p.span.start))
                .iter()
                .all(|(a, b)| text[*a..*b].starts_with(char::is_lowercase));
            if lower && !possessive(text, p.span) {
                return Some(Said::By(p.name.clone(), None));
            }
        }
        if ws
            .iter()
            .take(3)
            .any(|(a, b)| is_pronoun(self.words, &text[*a..*b]))
        {
            return self
                .pronoun_referent(q.start, last)
                .map(|s| Said::By(s, None));
        }
        Some(Said::Unknown(None))
    }

    /// The subject of a verb at `verb_start` after a quote ending at
    /// `from`: the last person before the verb, followed by nothing, a
    /// couple of lower-case words ("Trump also said") or an apposition
    /// ("», le maire, Paul X, a déclaré"; "Rep. Jim Jordan (R-Ohio), an
    /// oversight panel member, said"), never someone's ("Trump's adviser").
    fn subject_between(&self, from: usize, verb_start: usize) -> Option<&Person> {
        let text = self.text;
        self.people
            .iter()
            .rev()
            .filter(|p| p.span.start >= from && p.span.end <= verb_start)
            .find(|p| {
                let mut gap = text[p.span.end..verb_start].trim();
                // "X, la présidente du conseil, a déclaré": the auxiliary
                // is no word of the apposition.
                while let Some((rest, last)) = gap.rsplit_once(char::is_whitespace) {
                    if !Words::is(&self.words.aux, last) {
                        break;
                    }
                    gap = rest.trim_end();
                }
                // "Rep. Jo Ruiz (R-Ohio), a panel member, said": the
                // parenthesis after a name, then its apposition.
                let gap = match gap.strip_prefix('(').and_then(|g| g.split_once(')')) {
                    Some((inside, rest))
                        if inside.split_whitespace().count() <= 4
                            && rest.trim().starts_with(',') =>
                    {
                        rest.trim()
                    }
                    _ => gap,
                };
                let plain = !gap.contains([',', ';', ':', '.', '«', '“', '"'])
                    && gap.split_whitespace().count() <= 2
                    && gap
                        .split_whitespace()
                        .all(|w| w.starts_with(char::is_lowercase));
                let apposition = (gap.starts_with(',') && gap.ends_with(','))
                    || (gap.starts_with('(')
                        && gap.ends_with([')', ','])
                        && gap.split_whitespace().count() <= 4);
                !possessive(text, p.span) && (gap.is_empty() || plain || apposition)
            })
    }

    /// Before the quote: a person then a verb (but the subject of a
    /// "que" clause holding the quote: "X précise que Y a « ... »" is Y's,
    /// reported by X), or "selon" and a person, or a pronoun and a verb.
    fn speaker_before(&self, q: Span, last: &LastSpeaker) -> Option<Said> {
        let text = self.text;
        let before = self.before(q);
        let (verb, verb_start) = last_verb(text, before, self.words)?;
        let ws = words_in(text, Span::new(verb_start, q.start));
        let clause = that_after_verb(text, &ws, 0, self.words);
        if let Some((_, that_end)) = clause {
            if let Some(p) = self.clause_subject(that_end, q) {
                return Some(Said::By(p.name.clone(), Some(verb)));
            }
        }
        if Words::is(&self.words.participle, &verb) {
            if let Some(p) = self.participle_subject(before, verb_start) {
                return Some(Said::By(p.name.clone(), Some(verb)));
            }
        }
        if let Some(p) = self.people.iter().rev().find(|p| {
            p.span.start >= before.start && p.span.end <= verb_start && !possessive(text, p.span)
        }) {
            return Some(Said::By(p.name.clone(), Some(verb)));
        }
        if let Some(p) = self
            .people
            .iter()
            .find(|p| p.span.start >= verb_start && p.span.end <= q.start)
            .filter(|p| !self.described(p.span, q))
        {
            // "selon X, «"
            return Some(Said::By(p.name.clone(), Some(verb)));
        }
        if has_pronoun(text, before, self.words) {
            return self
                .pronoun_referent(q.start, last)
                .map(|s| Said::By(s, Some(verb)));
        }
        // "The local anglers' association said the offer was “…”": a
        // phrase before the verb naming a group speaks as itself (a person
        // noun, "Le diplomate a noté que « … »", stands for someone named
        // before: left to what follows).
        let ws = words_in(text, Span::new(before.start, q.start));
        let k = ws.iter().position(|(a, _)| *a == verb_start)?;
        let phrase = self.phrase_subject(&ws, k, &[])?;
        let group = phrase
            .split_whitespace()
            .any(|x| Words::is(&self.words.group, x));
        group.then_some(Said::By(phrase, Some(verb)))
    }

    /// The subject of a "que"/"that" clause opening at `that_end` that
    /// says the quote at `q`: it opens the clause ("that the mayor", not
    /// "that Clinton had shown bad judgment in using Y"), or a phrase
    /// after a comma or a dash ("when X noted that …, Y boasted"), within
    /// four words of the quote, and not before "to be" ("that Y was “a
    /// con”" describes Y in the main subject's words).
    fn clause_subject(&self, that_end: usize, q: Span) -> Option<&Person> {
        let text = self.text;
        self.people
            .iter()
            .find(|p| {
                p.span.start >= that_end
                    && p.span.end <= q.start
                    && words_in(text, Span::new(p.span.end, q.start)).len() <= 4
            })
            .filter(|p| {
                let between = words_in(text, Span::new(p.span.end, q.start));
                let opens = words_in(text, Span::new(that_end, p.span.start)).len() <= 2
                    || text[..p.span.start]
                        .trim_end()
                        .ends_with([',', ';', '―', '—', '–']);
                !possessive(text, p.span)
                    && opens
                    && !between
                        .iter()
                        .any(|(a, b)| Words::is(&self.words.copula, &text[*a..*b]))
            })
    }

    /// The subject of a participle at `verb_start` ("X spoke of Y's death,
    /// arguing that … “…”", « X a parlé à Y, précisant : « … » »): the
    /// first person of the words `before` it, not one after a source word
    /// ("Selon X, Y a reconnu …, ajoutant qu'il était « … »" is Y's).
    fn participle_subject(&self, before: Span, verb_start: usize) -> Option<&Person> {
        let text = self.text;
        self.people.iter().find(|p| {
            let lead = words_in(text, Span::new(before.start, p.span.start));
            let sourced = lead
                .iter()
                .rev()
                .take(3)
                .any(|(a, b)| Words::is(&self.words.source, &text[*a..*b]));
            p.span.start >= before.start
                && p.span.end <= verb_start
                && !possessive(text, p.span)
                && !sourced
        })
    }

    /// A quote inside a sentence with no reporting verb around it ("X a
    /// dénoncé une fermeture « ... »", "X called the news “...”"): the
    /// sentence's first person before it, its subject.
    fn subject_of_sentence(&self, q: Span) -> Option<Said> {
        let before = self.before(q);
        if self.text[before.range()].trim().is_empty() {
            return None;
        }
        self.people
            .iter()
            .find(|p| p.span.start >= before.start && p.span.end <= q.start)
            .filter(|p| !possessive(self.text, p.span) && !self.described(p.span, q))
            .map(|p| Said::By(p.name.clone(), None))
    }

    /// Whether the person at `p` is what a quote at `q` describes ("went
    /// after Trump as a “con artist”", « a présenté Paul Morin comme un
    /// « ami » »): the object of the sentence, not its speaker.
    fn described(&self, p: Span, q: Span) -> bool {
        let text = self.text;
        let between = words_in(text, Span::new(p.end, q.start.max(p.end)));
        between.len() <= DESCRIBED_WORDS
            && between
                .first()
                .is_some_and(|(a, b)| Words::is(&self.words.described, &text[*a..*b]))
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
                if let Some(p) = person_after(self.text, *b, self.people, before.end, self.words) {
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
