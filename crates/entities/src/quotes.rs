//! Direct quotes and their speakers.
//!
//! A quote is the text between `« »`, `“ ”` or a pair of `"`, across
//! sentences and paragraphs. Its speaker comes from the words around it, in
//! this order:
//! 1. after it, in its sentence: a reporting verb then a person ("», a
//!    déclaré Ushakov"), or a pronoun ("», a-t-il ajouté"), which stands
//!    for the last speaker;
//! 2. before it, in its sentence: a person then a reporting verb ("Trump a
//!    écrit sur Truth Social : «"), or "selon" and a person;
//! 3. for a quote inside a sentence with neither: the first person of the
//!    sentence when the sentence has a reporting verb;
//! 4. otherwise the last speaker: a report goes on quoting its source.
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
        let mut people: Vec<Span> = doc
            .annotations
            .iter()
            .filter(|a| {
                matches!(
                    a.label,
                    Label::Entity {
                        kind: EntityKind::Per,
                        refers_to: None
                    }
                )
            })
            .map(|a| a.span)
            .collect();
        // "The nearest person before" needs text order.
        people.sort_by_key(|p| p.start);
        let orgs: Vec<Span> = doc
            .annotations
            .iter()
            .filter(|a| matches!(a.label, Label::Entity { .. }))
            .map(|a| a.span)
            .collect();
        // A title in quote marks ("le livre « ... »", a MISC name) is no
        // quote.
        let titles: Vec<Span> = doc
            .annotations
            .iter()
            .filter(|a| {
                matches!(
                    a.label,
                    Label::Entity {
                        kind: EntityKind::Misc,
                        ..
                    }
                )
            })
            .map(|a| a.span)
            .collect();
        let sentences: Vec<Span> = doc.layer("sentence").map(|a| a.span).collect();
        let text = doc.text.as_str();
        let mut last_speaker: Option<String> = None;
        let mut found = Vec::new();
        for q in quote_spans(text) {
            let is_title = titles.iter().any(|t| {
                q.start <= t.start
                    && t.end <= q.end
                    && text[q.start..t.start].trim().is_empty()
                    && text[t.end..q.end].trim().is_empty()
            });
            if is_title {
                continue;
            }
            let sentence_end = sentences
                .iter()
                .filter(|s| s.start <= q.end && s.end > q.end)
                .map(|s| s.end)
                .next()
                .unwrap_or_else(|| (q.end + 160).min(text.len()));
            let sentence_start = sentences
                .iter()
                .filter(|s| s.start <= q.start && s.end > q.start)
                .map(|s| s.start)
                .next()
                .unwrap_or_else(|| q.start.saturating_sub(160));
            let after = Span::new(q.end, sentence_end.max(q.end));
            let before = Span::new(sentence_start.min(q.start), q.start);
            let mut speaker = None;
            let mut cue = None;
            // 1. After: a verb within the first words, then a person or a
            //    pronoun.
            if let Some((verb, verb_end)) = first_verb(text, after, words, 4) {
                cue = Some(verb);
                if let Some(p) = people
                    .iter()
                    .find(|p| p.start >= verb_end && p.end <= after.end)
                {
                    if p.start - verb_end < 40 {
                        speaker = Some(text[p.range()].to_string());
                    }
                }
                if speaker.is_none() && has_pronoun(text, after, words) {
                    // The last speaker, or else the last person named
                    // before the quote.
                    speaker = last_speaker.clone().or_else(|| {
                        people
                            .iter()
                            .rev()
                            .find(|p| p.end <= q.start)
                            .map(|p| text[p.range()].to_string())
                    });
                }
            }
            // 2. Before: a person then a verb, or "selon" and a person.
            if speaker.is_none() {
                if let Some((verb, verb_start)) = last_verb(text, before, words) {
                    if let Some(p) = people
                        .iter()
                        .rev()
                        .find(|p| p.start >= before.start && p.end <= verb_start)
                    {
                        speaker = Some(text[p.range()].to_string());
                        cue = Some(verb);
                    } else if let Some(p) = people
                        .iter()
                        .find(|p| p.start >= verb_start && p.end <= q.start)
                    {
                        // "selon X, «"
                        speaker = Some(text[p.range()].to_string());
                        cue = Some(verb);
                    } else if has_pronoun(text, before, words) {
                        speaker = last_speaker.clone();
                        cue = Some(verb);
                    }
                }
            }
            // 3. Inside a sentence with a reporting verb: its first person.
            if speaker.is_none() {
                let whole = Span::new(before.start, after.end);
                if first_verb(text, whole, words, usize::MAX).is_some() {
                    if let Some(p) = people
                        .iter()
                        .find(|p| p.start >= before.start && p.end <= q.start)
                    {
                        speaker = Some(text[p.range()].to_string());
                    }
                }
            }
            // 4. Otherwise the quote continues the last attributed speaker
            //    (news reports quote one source paragraph after paragraph).
            if speaker.is_none() {
                speaker.clone_from(&last_speaker);
            }
            let channel = channel(text, before, after, &orgs, words);
            // "Selon Ushakov, ... Trump a reconnu que « ... »": the person
            // after a source word, when not the speaker, reports the words.
            let reported_by = words_in(text, before)
                .into_iter()
                .filter(|(a, b)| words.source.contains(&text[*a..*b].to_lowercase()))
                .find_map(|(_, b)| {
                    people
                        .iter()
                        .find(|p| p.start >= b && p.start - b <= 2 && p.end <= q.start)
                })
                .map(|p| text[p.range()].to_string())
                .filter(|r| Some(r) != speaker.as_ref());
            if speaker.is_some() {
                last_speaker.clone_from(&speaker);
            }
            found.push(Annotation::new(
                q,
                Label::Quote {
                    speaker,
                    cue,
                    channel,
                    reported_by,
                    indirect: false,
                },
            ));
        }
        // Indirect speech in sentences without quote marks.
        let quoted: Vec<Span> = found.iter().map(|a| a.span).collect();
        for s in &sentences {
            if quoted.iter().any(|q| q.start < s.end && s.start < q.end) {
                continue;
            }
            if let Some((span, speaker, cue)) = indirect(text, *s, &people, words) {
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
        }
        doc.annotations.extend(found);
        doc
    }
}

/// Reported speech in a sentence: "X a déclaré que CLAUSE" (a person, a
/// reporting verb, then "que") or "Selon X, CLAUSE". Returns the clause, the
/// person as written and the cue.
fn indirect(text: &str, s: Span, people: &[Span], w: &Words) -> Option<(Span, String, String)> {
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
        if w.source.contains(&low) {
            // "Selon X, ...": the person right after, then a comma.
            let p = people.iter().find(|p| p.start > *b && p.start - *b <= 2)?;
            let after = text.get(p.end..s.end)?;
            if !after.trim_start().starts_with(',') {
                return None;
            }
            let comma = p.end + after.find(',')? + 1;
            return clause(comma)
                .map(|c| (c, text[p.range()].to_string(), text[*a..*b].to_string()));
        }
        if w.verbs.contains(&low) {
            // "que"/"that" within the next words ("a dit à Trump que").
            let that = words.iter().skip(k + 1).take(4).find(|(x, y)| {
                w.that
                    .contains(text[*x..*y].to_lowercase().trim_end_matches('\''))
            })?;
            let p = people
                .iter()
                .rev()
                .find(|p| p.start >= s.start && p.end <= *a)?;
            return clause(that.1)
                .map(|c| (c, text[p.range()].to_string(), text[*a..*b].to_string()));
        }
    }
    None
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
        .find(|(a, b)| w.verbs.contains(&text[*a..*b].to_lowercase()))
        .map(|(a, b)| (text[a..b].to_string(), b))
}

/// The last reporting verb of `span`.
fn last_verb(text: &str, span: Span, w: &Words) -> Option<(String, usize)> {
    words_in(text, span)
        .into_iter()
        .rev()
        .find(|(a, b)| w.verbs.contains(&text[*a..*b].to_lowercase()))
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

/// Byte spans of the quoted text (inside the marks, trimmed).
pub fn quote_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = text.len();
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
            continue;
        };
        let open_end = i + c.len_utf8();
        // The matching close within a reasonable reach; nested « » count.
        let mut depth = 0;
        let mut end = None;
        for (k, d) in text[open_end..].char_indices() {
            if k > 4000 {
                break;
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
        match end {
            Some(e) => {
                let inner = &text[open_end..e];
                let lead = inner.len() - inner.trim_start().len();
                let trail = inner.len() - inner.trim_end().len();
                if e - trail > open_end + lead {
                    out.push(Span::new(open_end + lead, e - trail));
                }
                i = e + close.len_utf8();
            }
            None => i = open_end,
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
        let d = QuoteFinder::bundled().annotate(doc(text, &["Claire Vidal", "Paul Morin"]));
        let got: Vec<(String, Option<String>)> = d
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
            .collect();
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

    #[test]
    fn quote_marks_pair_up() {
        let t = "Il a dit « oui, « vraiment » oui » puis “yes” et \"non\".";
        let spans: Vec<&str> = quote_spans(t).iter().map(|s| &t[s.range()]).collect();
        assert_eq!(spans, ["oui, « vraiment » oui", "yes", "non"]);
        assert!(quote_spans("« jamais fermé").is_empty());
    }
}
