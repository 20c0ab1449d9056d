//! The words that frame reported speech in a sentence: "Selon X, …" /
//! "According to X, …" opening it, an attribution closing it ("…, a
//! déclaré X.", "…, X said.", "…, a-t-il ajouté.", "…, selon X.") or set
//! between commas inside it ("…, Mr. Obama said, …"), and the subject of a
//! reporting verb that names no person ("Police officials said": those
//! words; "the California congressman said": the person the article gave
//! that role).

use filrouge_model::Span;

use super::names::{only_titles, person_after, possessive, role_referent, Person};
use super::reported::Who;
use super::speaker::Context;
use super::words::{
    is_number_comma, is_pronoun, is_that, is_verb, next_comma, pronoun_after_source, words_in,
    Words,
};

/// The longest a person's name runs, in bytes (an apposition is looked
/// for this far back).
const MAX_NAME_BYTES: usize = 1024;

/// An attribution framing reported speech: the comma before it, where its
/// words end (the sentence's end, or the comma after an attribution set
/// inside the sentence), who it names and its verb.
pub(super) struct Frame {
    pub(super) comma: usize,
    pub(super) end: usize,
    pub(super) who: Who,
    pub(super) cue: String,
}

/// Most words of a closing attribution ("…, said Kellyanne Conway, an
/// adviser to the campaign.").
const CLOSING_WORDS: usize = 14;

/// Most words of an attribution set between commas ("…, Mr. Obama said,
/// …").
const INSET_WORDS: usize = 6;

/// Most words of a phrase standing for a speaker ("Federal and state
/// officials", "one GOP source in the room").
const PHRASE_WORDS: usize = 8;

/// The words of a sentence with their byte ranges.
type Ws = [(usize, usize)];

impl Context<'_> {
    /// "Selon X, …" / "According to X, …" opening sentence `s` (an
    /// apposition after X skipped): where the clause starts, who, the
    /// source word.
    pub(super) fn source_opening(
        &self,
        s: Span,
        ws: &Ws,
        quoted: &[Span],
    ) -> Option<(usize, Who, String)> {
        let text = self.text;
        let w = self.words;
        let j = ws
            .iter()
            .take(3)
            .position(|(a, b)| Words::is(&w.source, &text[*a..*b]))?;
        let (src_start, src_end) = ws[j];
        if quoted
            .iter()
            .any(|q| q.start <= src_start && src_start < q.end)
        {
            return None;
        }
        let next = ws.get(j + 1).map(|(a, b)| &text[*a..*b]);
        if next.is_some_and(|n| Words::is(&w.relative, n)) {
            return None;
        }
        let comma = next_comma(text, src_end, s.end)?;
        if words_in(text, Span::new(src_end, comma)).len() > PHRASE_WORDS {
            return None;
        }
        let cue = text[src_start..src_end].to_string();
        let named =
            self.people.iter().rev().find(|p| {
                p.span.start >= src_end && p.span.end <= comma && !possessive(text, p.span)
            });
        let mut clause_start = comma + 1;
        let mut who = named.map(|p| Who::Named(p.name.clone()));
        if who.is_none() && pronoun_after_source(text, ws, j, w) {
            who = Some(Who::Pronoun);
        }
        // "Selon le conseiller du Kremlin, Iouri Ouchakov, …" (the name
        // after the role), "Selon Julie Perrin, la programmatrice, …" (a
        // short role after the name).
        if let Some(segment_end) = next_comma(text, clause_start, s.end) {
            let segment = Span::new(clause_start, segment_end);
            let apposed = self.people.iter().find(|p| {
                p.span.start >= segment.start
                    && p.span.end <= segment.end
                    && only_titles(&text[segment.start..p.span.start], w.lang)
                    && text[p.span.end..segment.end].trim().is_empty()
            });
            let seg_words = words_in(text, segment);
            let role = seg_words.len() <= 3
                && seg_words
                    .first()
                    .is_some_and(|(a, b)| Words::is(&w.determiner, &text[*a..*b]));
            match (&who, apposed) {
                (None, Some(p)) => {
                    who = Some(Who::Named(p.name.clone()));
                    clause_start = segment.end + 1;
                }
                (Some(_), None) if role => clause_start = segment.end + 1,
                _ => {}
            }
        }
        // "According to a complaint filed in May, …".
        let who = who.or_else(|| {
            let mut from = src_end;
            if let Some((a, b)) = ws.get(j + 1) {
                if Words::is(&w.recipient, &text[*a..*b]) {
                    from = *b;
                }
            }
            self.phrase_speaker(Span::new(from, comma)).map(Who::Named)
        })?;
        Some((clause_start, who, cue))
    }

    /// An attribution closing sentence `s` after one of its last two
    /// commas, or set between two commas inside it; never one with a
    /// quote after it ("X, a affirmé : « … »") or attributing the quote
    /// right before it.
    pub(super) fn framing(&self, s: Span, ws: &Ws, quoted: &[Span]) -> Option<Frame> {
        let text = self.text;
        let inside = |x: usize| quoted.iter().any(|q| q.start <= x && x < q.end);
        let commas: Vec<usize> = text[s.range()]
            .match_indices(',')
            .map(|(i, _)| s.start + i)
            .filter(|c| !inside(*c) && !is_number_comma(text, *c))
            .collect();
        // Not "ROLE, NAME, a déclaré que" (an apposition, no attribution).
        let apposed = |c: usize| {
            let at = text[..c].trim_end().len();
            // People are in text order: only those starting shortly before
            // `at` can end there (a scan of all of them per comma made a
            // long article quadratic).
            let upto = self.people.partition_point(|p| p.span.start <= at);
            self.people[..upto]
                .iter()
                .rev()
                .take_while(|p| at - p.span.start <= MAX_NAME_BYTES)
                .any(|p| p.span.end == at && text[..p.span.start].trim_end().ends_with(','))
        };
        let free = |c: usize, end: usize| {
            let lead = text[..c].trim_end_matches([' ', '»', '”', '"']);
            !quoted.iter().any(|q| q.start > c && q.start < end)
                && !quoted.iter().any(|q| q.end >= lead.len() && q.end <= c)
                && !apposed(c)
        };
        // "…, she told colleagues:" introduces the words after it.
        let introduces = text[s.range()].trim_end().ends_with(':');
        let closing = commas
            .iter()
            .rev()
            .take(2)
            .filter(|c| !introduces && free(**c, s.end))
            .find_map(|c| self.frame_at(*c, s.end, CLOSING_WORDS, ws));
        closing.or_else(|| {
            commas.windows(2).find_map(|pair| {
                let (c1, c2) = (pair[0], pair[1]);
                let after = words_in(text, Span::new(c2, s.end)).len();
                (after >= 3 && free(c1, c2))
                    .then(|| self.frame_at(c1, c2, INSET_WORDS, ws))
                    .flatten()
            })
        })
    }

    /// The attribution in the words after the comma at `comma` up to
    /// `end`, at most `most` words: a reporting verb within its first
    /// words, with a pronoun, a person before or after it, or a phrase
    /// standing for a speaker ("sources said", "said one GOP source").
    fn frame_at(&self, comma: usize, end: usize, most: usize, ws: &Ws) -> Option<Frame> {
        let text = self.text;
        let w = self.words;
        let tail: Vec<(usize, usize)> = ws
            .iter()
            .filter(|(a, b)| *a > comma && *b <= end)
            .copied()
            .collect();
        if tail.is_empty()
            || tail.len() > most
            || tail.iter().any(|(a, b)| is_that(w, &text[*a..*b]))
        {
            return None;
        }
        let v = tail
            .iter()
            .take(4)
            .position(|(a, b)| is_verb(w, &text[*a..*b]))?;
        let (verb_start, verb_end) = tail[v];
        let verb = &text[verb_start..verb_end];
        // "…, and said he would …" is a second verb, no attribution.
        if Words::is(&w.participle, verb) || Words::is(&w.coordination, &text[tail[0].0..tail[0].1])
        {
            return None;
        }
        let mut end = self.attribution_end(verb_end, end);
        let mut who = self.frame_speaker(comma, end, ws, &tail, v)?;
        // "…, selon la maire, Hélène Carvallo, qui …": a phrase standing
        // for a speaker, then the name in apposition; what follows the name
        // tells of the person, not what they said.
        let phrase = matches!(&who, Who::Named(n) if !self.people.iter().any(|p| p.name == *n));
        let sentence_end = ws.last().map_or(end, |(_, b)| *b);
        if let Some(p) = self.apposed_person(end, sentence_end).filter(|_| phrase) {
            who = Who::Named(p.name.clone());
            end = sentence_end;
        }
        Some(Frame {
            comma,
            end,
            who,
            cue: verb.to_string(),
        })
    }

    /// The person named in apposition right after the comma at `at`
    /// (titles allowed before the name), followed by a comma, a full stop
    /// or nothing up to `limit`.
    fn apposed_person(&self, at: usize, limit: usize) -> Option<&Person> {
        let text = self.text;
        if !text.get(at..)?.starts_with(',') {
            return None;
        }
        let p = self
            .people
            .iter()
            .find(|p| p.span.start > at && p.span.end <= limit)?;
        let gap = text.get(at + 1..p.span.start)?;
        let after = text.get(p.span.end..)?.trim_start();
        let closed = p.span.end == limit || after.starts_with([',', '.', ';']);
        (only_titles(gap, self.words.lang) && closed).then_some(p)
    }

    /// Where an attribution whose verb ends at `verb_end` ends: at `end`,
    /// or at the comma before a clause ("…, he said, local officials
    /// should …"; not before an apposition: "said X, an adviser", "said
    /// X, 56,", "said X, on his first day").
    fn attribution_end(&self, verb_end: usize, end: usize) -> usize {
        let text = self.text;
        let w = self.words;
        let stop = filrouge_lexicon::Lexicon::bundled().stopwords();
        next_comma(text, verb_end, end)
            .filter(|c| {
                let next = words_in(text, Span::new(*c, end));
                // "X said, the plan …": no name after the verb, so no
                // apposition either.
                let participle = next
                    .first()
                    .is_some_and(|(a, b)| Words::is(&w.participle, &text[*a..*b]));
                if text[verb_end..*c].trim().is_empty() && !participle {
                    return next.len() >= 3;
                }
                next.first().is_some_and(|(a, b)| {
                    let word = &text[*a..*b];
                    word.starts_with(char::is_lowercase)
                        && !stop.contains(word)
                        && !Words::is(&w.participle, word)
                        && !Words::is(&w.determiner, word)
                }) && next.len() >= 3
            })
            .unwrap_or(end)
    }

    /// Who an attribution after the comma at `comma` (its words `tail`,
    /// its verb word `v`, ending at `end`) names: a pronoun before the
    /// verb or closing it ("…, he said", "…, said he.", "…, a-t-il
    /// ajouté"), a person right before the verb, a phrase before it
    /// ("…, sources said"), a person after it ("…, a déclaré X"), or a
    /// phrase after it ("…, said one GOP source in the room").
    fn frame_speaker(&self, comma: usize, end: usize, ws: &Ws, tail: &Ws, v: usize) -> Option<Who> {
        let text = self.text;
        let w = self.words;
        let (verb_start, verb_end) = tail[v];
        let verb = &text[verb_start..verb_end];
        let source = Words::is(&w.source, verb);
        let at = ws.iter().position(|(a, _)| *a == verb_start)?;
        let inverted = tail.get(v + 1).is_some_and(|(a, b)| {
            is_pronoun(w, &text[*a..*b])
                && text
                    .get(*b..end)
                    .is_some_and(|t| t.trim_matches(['.', ' ', ',']).is_empty())
        });
        if tail[..v].iter().any(|(a, b)| is_pronoun(w, &text[*a..*b]))
            || is_pronoun(w, verb)
            || inverted
            || (source && pronoun_after_source(text, ws, at, w))
        {
            return Some(Who::Pronoun);
        }
        let subject = self.people.iter().rev().find(|p| {
            let gap = Span::new(p.span.end, verb_start);
            p.span.start > comma
                && p.span.end <= verb_start
                && !possessive(text, p.span)
                && !text[gap.range()].contains(',')
                && words_in(text, gap).len() <= 2
        });
        if let Some(p) = subject {
            return Some(Who::Named(p.name.clone()));
        }
        // Only auxiliary words before the verb ("…, a déclaré X"): the
        // subject comes after it.
        let aux_only = tail[..v]
            .iter()
            .all(|(a, b)| Words::is(&w.aux, &text[*a..*b]));
        if !aux_only {
            return self
                .phrase_speaker(Span::new(comma + 1, verb_start))
                .map(Who::Named);
        }
        if Words::is(&w.addressed, verb) {
            return None;
        }
        let after = person_after(text, verb_end, self.people, end, w).or_else(|| {
            self.people
                .iter()
                .find(|p| p.span.start >= verb_end && p.span.end <= end)
        });
        if let Some(p) = after {
            let gap = words_in(text, Span::new(verb_end, p.span.start)).len();
            return (gap <= 6).then(|| Who::Named(p.name.clone()));
        }
        // "according to show insiders": after the preposition.
        let mut from = verb_end;
        if let Some((a, b)) = tail.get(v + 1) {
            if source && Words::is(&w.recipient, &text[*a..*b]) {
                from = *b;
            }
        }
        self.phrase_speaker(Span::new(from, end)).map(Who::Named)
    }

    /// The subject of the reporting verb at word `k` when it names no
    /// person: the words before it back to the clause's start (aux words
    /// skipped), if they make a phrase standing for a speaker ("Federal
    /// and state officials said the two raised …").
    pub(super) fn phrase_subject(&self, ws: &Ws, k: usize, quoted: &[Span]) -> Option<String> {
        let text = self.text;
        let w = self.words;
        let inside = |x: usize| quoted.iter().any(|q| q.start <= x && x < q.end);
        let mut end = k;
        while end > 0 && Words::is(&w.aux, &text[ws[end - 1].0..ws[end - 1].1]) {
            end -= 1;
        }
        let mut start = end;
        while start > 0 {
            let (a, b) = ws[start - 1];
            let gap = &text[b..ws[start].0];
            let word = &text[a..b];
            if gap.contains([',', ';', ':', '(', ')', '«', '»', '“', '”', '"'])
                || inside(a)
                || is_verb(w, word)
                || is_that(w, word)
            {
                break;
            }
            if end - start >= PHRASE_WORDS {
                return None;
            }
            start -= 1;
        }
        if start == end {
            return None;
        }
        self.phrase_speaker(Span::new(ws[start].0, ws[end - 1].1))
    }

    /// Who a phrase stands for when it may name a speaker: one with a
    /// role noun or a speaker noun (`speaker` in the data: "sources",
    /// "officials"), opening with a determiner or a word that is no
    /// function word (a conjunction before a determiner dropped: "But a
    /// campaign operative"): the person a role phrase stands for ("the
    /// California congressman"), else its words ("Police officials");
    /// never one with a verb, a pronoun, punctuation or a quote.
    pub(super) fn phrase_speaker(&self, phrase: Span) -> Option<String> {
        let text = self.text;
        let w = self.words;
        let stop = filrouge_lexicon::Lexicon::bundled().stopwords();
        let all = words_in(text, phrase);
        let opens = |i: usize| {
            all.get(i).is_some_and(|(a, b)| {
                let word = &text[*a..*b];
                Words::is(&w.determiner, word) || !stop.contains(&word.to_lowercase())
            })
        };
        let first = if opens(0) {
            0
        } else if all.len() > 1
            && all
                .get(1)
                .is_some_and(|(a, b)| Words::is(&w.determiner, &text[*a..*b]))
        {
            1
        } else {
            return None;
        };
        let mut ws = &all[first..];
        while let Some(((a, b), rest)) = ws.split_last() {
            if !Words::is(&w.aux, &text[*a..*b]) {
                break;
            }
            ws = rest;
        }
        let (start, _) = *ws.first()?;
        let (_, end) = *ws.last()?;
        let span = Span::new(start, end);
        let speaker_noun = ws.iter().any(|(a, b)| {
            let low = text[*a..*b].to_lowercase();
            w.speaker.contains(&low)
                || w.group.contains(&low)
                || crate::roles::is_role_noun(w.lang, &low)
        });
        let bad = ws.iter().any(|(a, b)| {
            let word = &text[*a..*b];
            is_verb(w, word) || is_that(w, word) || is_pronoun(w, word)
        });
        let punctuated = text[span.range()].contains([',', ';', ':', '«', '“', '"', '(']);
        if !speaker_noun || bad || punctuated || ws.len() > PHRASE_WORDS {
            return None;
        }
        Some(
            role_referent(text, span, span.start, self.people, w.lang)
                .unwrap_or_else(|| text[span.range()].to_string()),
        )
    }
}
