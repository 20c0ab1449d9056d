//! Reported speech: what someone said, in the article's words.
//!
//! In a sentence, outside its quote marks:
//! - a reporting verb and "que"/"that" a few words after ("X a déclaré
//!   aux journalistes que CLAUSE"), a noun of intent after the verb ("X a
//!   réaffirmé sa volonté de ...", "X a évoqué la nécessité de ...",
//!   "stressed the need to"), or, in a language that has such words, a
//!   clause opening right after the verb ("Trump said he would ..."): the
//!   words are the verb's subject's (a person, or a pronoun: "Il a ajouté
//!   que"), or, after a present participle ("…, précisant que"), the
//!   sentence's speaker's;
//! - "Selon X, CLAUSE" / "According to X, CLAUSE" (an apposition after X
//!   skipped: "Selon le conseiller du Kremlin, Iouri Ouchakov, ...");
//! - "CLAUSE, a déclaré X." / "CLAUSE, X said." / "CLAUSE, selon X." /
//!   "CLAUSE, a-t-il ajouté.": an attribution closing the sentence.
//!
//! When a closing attribution or a "selon X" opening holds a clause with
//! its own speaker ("Selon X, Y a évoqué la nécessité de ..."; "Y a
//! assuré à Z que ..., a déclaré X"), the words are Y's, reported by X.
//! A clause that is mostly words in quote marks, or opens with them, is
//! left to the quote; a quote introduced by a colon ends the clause.

use filrouge_model::{Annotation, Label, Span};

use super::names::possessive;
use super::speaker::{Context, LastSpeaker};
use super::words::{after_article, is_pronoun, is_that, is_verb, that_after_verb, words_in, Words};

/// Who reported speech is from, before the reading in text order resolves
/// pronouns.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Who {
    /// A person as the article names them.
    Named(String),
    /// A subject pronoun ("il a ajouté que") or one after a source word
    /// ("selon lui").
    Pronoun,
    /// The subject of a present participle ("…, précisant que"): the
    /// speaker of its sentence.
    Same,
}

/// Reported speech found in a sentence.
#[derive(Debug, Clone)]
pub(super) struct Reported {
    /// The reported words.
    pub(super) span: Span,
    /// Whose words.
    pub(super) who: Who,
    /// The reporting word.
    pub(super) cue: String,
    /// Who reports them, when someone else does.
    pub(super) reported_by: Option<Who>,
}

/// Words a reporting verb's subject may stand before it ("Le président
/// russe Vladimir Poutine a également réaffirmé …").
const SUBJECT_REACH: usize = 15;

/// Most words of a phrase set before an attribution ("During his years
/// in office, X said, …").
const FRONTED_WORDS: usize = 8;

/// Fewest words of reported speech.
const MIN_WORDS: usize = 3;

/// The words of a sentence with their byte ranges.
type Ws = [(usize, usize)];

impl Context<'_> {
    /// The reported speech of sentence `s`, in text order; `quoted` are
    /// the spans of the document's quotes.
    pub(super) fn reported_in(&self, s: Span, quoted: &[Span]) -> Vec<Reported> {
        let ws = words_in(self.text, s);
        let inside = |x: usize| quoted.iter().any(|q| q.start <= x && x < q.end);
        let frame = self.framing(s, &ws, quoted);
        let opening = self.source_opening(s, &ws, quoted);
        let region_start = opening.as_ref().map_or(s.start, |(at, ..)| *at);
        let region_end = frame.as_ref().map_or(s.end, |f| f.comma);
        // Words after an attribution set inside the sentence ("A, X said,
        // B"): a second part of the same reported speech.
        let rest = frame
            .as_ref()
            .filter(|f| f.end < s.end)
            .map(|f| Span::new(f.end + 1, s.end));
        let outer = || {
            frame
                .as_ref()
                .map(|f| f.who.clone())
                .or_else(|| opening.as_ref().map(|(_, w, _)| w.clone()))
        };
        let mut out: Vec<Reported> = Vec::new();
        let mut claimed = s.start;
        // Reported words with their own verb in the region (even left to
        // a quote: "Selon X, Y a reconnu que « ... »").
        let mut region_taken = false;
        for k in 0..ws.len() {
            if ws[k].0 < claimed || inside(ws[k].0) {
                continue;
            }
            let Some((open, who)) = self.opening_at(s, &ws, k, quoted) else {
                continue;
            };
            let in_region = region_start <= open && open < region_end;
            region_taken |= in_region;
            let limit = if in_region { region_end } else { s.end };
            let end = self.clause_end(open, limit, &ws, quoted);
            claimed = end;
            if let Some(span) = self.clause(open, end, quoted) {
                out.push(Reported {
                    span,
                    who,
                    cue: self.text[ws[k].0..ws[k].1].to_string(),
                    reported_by: if in_region { outer() } else { None },
                });
            }
        }
        if !region_taken {
            let cue = frame
                .as_ref()
                .map(|f| f.cue.clone())
                .or_else(|| opening.as_ref().map(|(_, _, c)| c.clone()));
            let reported_by = frame
                .is_some()
                .then(|| opening.as_ref().map(|(_, w, _)| w.clone()))
                .flatten();
            // "Selon X, CLAUSE : « … »": the clause ends at the colon.
            let first_end = self.clause_end(region_start, region_end, &ws, quoted);
            let first = Span::new(region_start, first_end);
            let parts = [
                Some(first).filter(|f| !self.fronted(*f, frame.is_some())),
                rest,
            ];
            for part in parts.into_iter().flatten() {
                let span = self
                    .clause(part.start, part.end, quoted)
                    .filter(|c| words_in(self.text, *c).len() > MIN_WORDS || rest.is_some());
                if let (Some(span), Some(who), Some(cue)) = (span, outer(), cue.clone()) {
                    out.push(Reported {
                        span,
                        who,
                        cue,
                        reported_by: reported_by.clone(),
                    });
                }
            }
        }
        out.sort_by_key(|r| r.span.start);
        out
    }

    /// Whether the words `part` before an attribution (`framed`) are a
    /// phrase set before it, not reported words: a few words opening with
    /// a preposition or a conjunction ("During his years in office, X
    /// said, …", « Pendant son mandat, a déclaré X, … »).
    fn fronted(&self, part: Span, framed: bool) -> bool {
        let ws = words_in(self.text, part);
        framed
            && ws.len() <= FRONTED_WORDS
            && ws
                .first()
                .is_some_and(|(a, b)| Words::is(&self.words.fronted, &self.text[*a..*b]))
    }

    /// Reported words opened by the reporting verb at word `k`: where they
    /// start and whose they are.
    fn opening_at(&self, s: Span, ws: &Ws, k: usize, quoted: &[Span]) -> Option<(usize, Who)> {
        let (text, w) = (self.text, self.words);
        let word = &text[ws[k].0..ws[k].1];
        if !is_verb(w, word) || Words::is(&w.source, word) || after_article(self.text, ws, k, w) {
            return None;
        }
        let participle = Words::is(&w.participle, word);
        let open = self
            .that_opening(ws, k)
            .or_else(|| self.object_opening(ws, k));
        let open = match open {
            Some(o) => o,
            None => self.bare_opening(ws, k, participle)?,
        };
        if quoted.iter().any(|q| q.start <= open && open < q.end) {
            return None;
        }
        let who = if participle {
            Who::Same
        } else {
            self.subject_of_verb(s, ws, k, quoted)?
        };
        Some((open, who))
    }

    /// After "que"/"that" a few words after the verb ("a déclaré aux
    /// journalistes que", "qu'une cellule": after the apostrophe).
    fn that_opening(&self, ws: &Ws, k: usize) -> Option<usize> {
        let (a, b) = that_after_verb(self.text, ws, k, self.words)?;
        // "said the dam could change that": a demonstrative, no clause.
        if ws.iter().filter(|(x, _)| *x > a).count() < MIN_WORDS {
            return None;
        }
        let word = &self.text[a..b];
        Some(match word.find('\'') {
            Some(i) if i + 1 < word.len() => a + i + 1,
            _ => b,
        })
    }

    /// A noun of intent right after the verb, a determiner before it ("a
    /// réaffirmé sa volonté de", "stressed the need to"): at the
    /// determiner.
    fn object_opening(&self, ws: &Ws, k: usize) -> Option<usize> {
        let text = self.text;
        let w = self.words;
        let next = |i: usize| ws.get(i).map(|(a, b)| &text[*a..*b]);
        // "l'importance" is one word: its determiner is glued on.
        let glued = |x: &str| {
            x.split_once('\'').is_some_and(|(d, n)| {
                Words::is(&w.determiner, &format!("{d}'")) && Words::is(&w.object, n)
            })
        };
        let first = next(k + 1)?;
        if glued(first) || Words::is(&w.object, first) {
            return Some(ws[k + 1].0);
        }
        (Words::is(&w.determiner, first) && next(k + 2).is_some_and(|n| Words::is(&w.object, n)))
            .then_some(ws[k + 1].0)
    }

    /// A clause right after the verb, in a language whose data lists the
    /// words that open none ("said in", "said Monday"): "said he would",
    /// "said local officials should", "told reporters the plan was late"
    /// (after "told", up to three words spoken to, then a word that opens
    /// a clause).
    fn bare_opening(&self, ws: &Ws, k: usize, participle: bool) -> Option<usize> {
        let text = self.text;
        let w = self.words;
        if w.noclause.is_empty() {
            return None;
        }
        let verb = &text[ws[k].0..ws[k].1];
        let at = if Words::is(&w.addressed, verb) {
            k + 1
                + ws.iter()
                    .skip(k + 1)
                    .take(4)
                    .position(|(a, b)| Words::is(&w.clause, &text[*a..*b]))?
        } else {
            k + 1
        };
        let (a, b) = *ws.get(at)?;
        let word = &text[a..b];
        let plain = !text[ws[k].1..a].contains([',', ';', ':', '.', '«', '“', '"', '(']);
        // "said he" closing a sentence names the speaker, it opens nothing.
        let rest = ws.len() - at;
        (plain && rest > MIN_WORDS && (participle || !Words::is(&w.noclause, word))).then_some(a)
    }

    /// The subject of the verb at word `k`: a pronoun right before it ("Il
    /// a ajouté", "he also said"), else the nearest person before it in
    /// the sentence, outside quote marks, neither spoken to ("à Trump")
    /// nor someone's ("Clinton's campaign"), with no "que" between, else
    /// the phrase right before it ("Police officials said").
    fn subject_of_verb(&self, s: Span, ws: &Ws, k: usize, quoted: &[Span]) -> Option<Who> {
        let text = self.text;
        let inside = |x: usize| quoted.iter().any(|q| q.start <= x && x < q.end);
        for i in (k.saturating_sub(3)..k).rev() {
            let word = &text[ws[i].0..ws[i].1];
            if inside(ws[i].0) || !text[ws[i].1..ws[i + 1].0].trim().is_empty() {
                break;
            }
            if is_pronoun(self.words, word) {
                return Some(Who::Pronoun);
            }
            if !word.starts_with(char::is_lowercase) {
                break;
            }
        }
        let from = ws[k.saturating_sub(SUBJECT_REACH)].0.max(s.start);
        let person = self
            .people
            .iter()
            .rev()
            .find(|p| p.span.start >= from && p.span.end <= ws[k].0 && !inside(p.span.start));
        let named = person.filter(|p| {
            let between = words_in(text, Span::new(p.span.end, ws[k].0));
            let blocked = between
                .iter()
                .any(|(a, b)| is_that(self.words, &text[*a..*b]));
            let spoken_to = words_in(text, Span::new(from, p.span.start))
                .last()
                .is_some_and(|(a, b)| Words::is(&self.words.recipient, &text[*a..*b]));
            !blocked && !spoken_to && !possessive(text, p.span)
        });
        if let Some(p) = named {
            return Some(Who::Named(p.name.clone()));
        }
        self.phrase_subject(ws, k, quoted)
            .map(Who::Named)
            .or_else(|| self.distant_subject(s, ws, k, quoted))
    }

    /// The subject of a verb far from it: the sentence's subject after
    /// "and" ("X toured the plant and said ..."), or the person opening
    /// the sentence before an apposition that ends right before the verb
    /// ("Ana Lind, an engineer who ..., said").
    fn distant_subject(&self, s: Span, ws: &Ws, k: usize, quoted: &[Span]) -> Option<Who> {
        let text = self.text;
        let w = self.words;
        let mut i = k;
        while i > 0 && Words::is(&w.aux, &text[ws[i - 1].0..ws[i - 1].1]) {
            i -= 1;
        }
        if i > 0 && Words::is(&w.coordination, &text[ws[i - 1].0..ws[i - 1].1]) {
            return self.subject_of(s).map(Who::Named);
        }
        if !text[..ws[i].0].trim_end().ends_with(',') {
            return None;
        }
        let p = self
            .people
            .iter()
            .find(|p| p.span.start >= s.start && p.span.end <= ws[k].0)?;
        let lead = words_in(text, Span::new(s.start, p.span.start)).len();
        let inside = quoted
            .iter()
            .any(|q| q.start <= p.span.start && p.span.start < q.end);
        (lead <= 3 && !inside && text[p.span.end..].starts_with(','))
            .then(|| Who::Named(p.name.clone()))
    }

    /// Where reported words opened at `open` end: at a comma before a
    /// present participle ("…, notant que"), at a colon before a quote, or
    /// at `limit`.
    fn clause_end(&self, open: usize, limit: usize, ws: &Ws, quoted: &[Span]) -> usize {
        let text = self.text;
        for (a, b) in ws.iter().filter(|(a, _)| *a > open && *a < limit) {
            if Words::is(&self.words.participle, &text[*a..*b])
                && text[open..*a].trim_end().ends_with(',')
            {
                return text[..*a].trim_end().len() - 1;
            }
        }
        quoted
            .iter()
            .filter(|q| q.start > open && q.start < limit)
            .find_map(|q| {
                let lead = text[..q.start].trim_end_matches([' ', '«', '“', '"']);
                lead.ends_with(':').then(|| lead.len() - 1)
            })
            .unwrap_or(limit)
    }

    /// The reported words from `a` to `b`, trimmed, when they are enough
    /// words and not mostly the words of a quote, nor opened by one, nor
    /// holding a quote someone else is said to have said ("le ministre
    /// lui avait promis « ... »": the quote's).
    fn clause(&self, a: usize, b: usize, quoted: &[Span]) -> Option<Span> {
        let text = self.text.get(a..b)?;
        let dateline = dateline_len(text);
        let text = &text[dateline..];
        let a = a + dateline;
        let lead = text.len() - text.trim_start_matches([' ', ',', ':', ';']).len();
        let body = text[lead..].trim_end_matches(['.', '!', '?', ' ', '…', ',', ';', ':']);
        if body.split_whitespace().count() < MIN_WORDS || body.starts_with(['«', '“', '"']) {
            return None;
        }
        let span = Span::new(a + lead, a + lead + body.len());
        let inner: Vec<&Span> = quoted
            .iter()
            .filter(|q| q.start < span.end && span.start < q.end)
            .collect();
        let in_quotes: usize = inner
            .iter()
            .map(|q| q.end.min(span.end).saturating_sub(q.start.max(span.start)))
            .sum();
        let introduced = inner.iter().any(|q| {
            words_in(self.text, Span::new(span.start, q.start.max(span.start)))
                .iter()
                .rev()
                .take(3)
                .any(|(x, y)| is_verb(self.words, &self.text[*x..*y]))
        });
        (2 * in_quotes < span.end - span.start && !introduced).then_some(span)
    }
}

impl Context<'_> {
    /// Adds reported speech as an indirect quote once its speaker is
    /// known (a pronoun: what it stands for; a participle's subject: the
    /// sentence's subject, else the last speaker); the one who speaks to
    /// the article (the reporter, else the speaker) becomes the last
    /// speaker.
    pub(super) fn push_reported(
        &self,
        r: Reported,
        found: &mut Vec<Annotation>,
        last: &mut LastSpeaker,
    ) {
        let resolve = |who: &Who| match who {
            Who::Named(n) => Some(n.clone()),
            Who::Pronoun => self.pronoun_referent(r.span.start, last),
            Who::Same => self
                .sentence_at(r.span.start)
                .and_then(|s| self.subject_of(s))
                .or_else(|| last.name.clone()),
        };
        let Some(speaker) = resolve(&r.who) else {
            return;
        };
        let reported_by = r
            .reported_by
            .as_ref()
            .and_then(resolve)
            .filter(|b| *b != speaker);
        last.set(
            reported_by.clone().unwrap_or_else(|| speaker.clone()),
            r.span.end,
        );
        found.push(Annotation::new(
            r.span,
            Label::Quote {
                speaker: Some(speaker),
                cue: Some(r.cue),
                channel: None,
                reported_by,
                indirect: true,
            },
        ));
    }
}

/// Most words of a dateline ("SAINT-AUBERT, France, Sept 29 (Reuters) -").
const DATELINE_WORDS: usize = 12;

/// The length of a dateline opening `text` ("PARIS (AFP) - ", "LYON, 3
/// juillet (Reuters) — "): a first word in capitals or a bracket, then a
/// dash within a few words; 0 when there is none.
fn dateline_len(text: &str) -> usize {
    let Some((at, dash)) = [" - ", " – ", " — "]
        .iter()
        .filter_map(|d| text.find(d).map(|at| (at, d.len())))
        .min()
    else {
        return 0;
    };
    let lead = &text[..at];
    let first = lead
        .split(|c: char| c.is_whitespace() || c == ',')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let capitals = first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && first
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase());
    let agency = lead.trim_end().ends_with(')');
    let short = lead.split_whitespace().count() <= DATELINE_WORDS;
    if short && (capitals || agency) {
        at + dash
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::dateline_len;

    #[test]
    fn a_dateline_is_no_reported_word() {
        let t = "LYON, 3 juillet (Reuters) - Le maire a parlé";
        assert_eq!(&t[dateline_len(t)..], "Le maire a parlé");
        let t = "Brest (AFP) — Les dockers ont voté";
        assert_eq!(&t[dateline_len(t)..], "Les dockers ont voté");
        // A dash inside a sentence is no dateline.
        let t = "Le projet - vieux de dix ans - reprend";
        assert_eq!(dateline_len(t), 0);
    }
}
