//! Who may speak: the people of a document (person entities, a role the
//! article tied to a person speaking with that person's name), and names
//! in a speaker's place that the tagger missed or typed otherwise ("said
//! Caddell", "Ms. Moore said", "selon le Kremlin", "Schiff, 56, who ...,
//! told"): a run of capitalised words right after a reporting verb or a
//! source word (one determiner skipped), or right before a reporting verb
//! (two short words or an apposition between commas skipped). Titles and
//! function words are stripped; a date, a MISC name (a title, a work), a
//! person already tagged and words inside quote marks are never such a
//! name. A surname the article gave in full earlier speaks with the full
//! name ("Schiff" is "Adam Schiff").

use std::cell::RefCell;
use std::collections::HashMap;

use filrouge_model::{Document, EntityKind, Label, Span};

use super::words::{ceil_boundary, floor_boundary, is_verb, words_in, Words};
use crate::gazetteer::Gazetteer;

/// A person mention and the name it stands for.
#[derive(Debug, Clone)]
pub(super) struct Person {
    pub(super) span: Span,
    pub(super) name: String,
}

/// Words a subject may stand apart from its verb by ("Trump also said",
/// "X a déclaré"): at most this many auxiliary words (`aux` in the data).
const SUBJECT_GAP: usize = 2;

/// Most words of an apposition between a subject and its verb ("Schiff,
/// 56, who has served on the committee for a decade, told").
const APPOSITION: usize = 16;

/// The people of a document in text order: person entities (but a bare
/// title, "President"), then names in a speaker's place (see the module's
/// documentation); `quoted` are the quotes' spans.
pub(super) fn people_of(doc: &Document, w: &Words, quoted: &[Span]) -> Vec<Person> {
    let lexicon = filrouge_lexicon::Lexicon::bundled();
    let language = lexicon.language(w.lang);
    let is_title =
        |word: &str| language.is_some_and(|l| l.is_title(word) || l.is_title(&format!("{word}.")));
    let mut people: Vec<Person> = doc
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Entity {
                kind: EntityKind::Per,
                refers_to,
            } => {
                let span = trimmed(&doc.text, a.span);
                Some(Person {
                    span,
                    name: refers_to
                        .clone()
                        .unwrap_or_else(|| doc.text[span.range()].to_string()),
                })
            }
            _ => None,
        })
        .filter(|p| !doc.text[p.span.range()].split_whitespace().all(is_title))
        .collect();
    let mut blocked: Vec<Span> = doc
        .annotations
        .iter()
        .filter(|a| {
            matches!(
                a.label,
                Label::Time(_)
                    | Label::Entity {
                        kind: EntityKind::Misc | EntityKind::Per,
                        ..
                    }
            )
        })
        .map(|a| a.span)
        .collect();
    blocked.extend_from_slice(quoted);
    let slots = Slots {
        text: &doc.text,
        w,
        is_title: &is_title,
        blocked: Blocked::new(blocked),
        lower_words: RefCell::default(),
    };
    let mut found = Vec::new();
    for s in doc.layer("sentence") {
        found.extend(slots.names_in(s.span));
    }
    for span in found {
        if people.iter().any(|p| overlaps(p.span, span)) {
            continue;
        }
        let name = full_name(&doc.text[span.range()], &people);
        people.push(Person { span, name });
    }
    // "The nearest person before" needs text order; a role inside a
    // name's phrase ("airport director Rachel Kim") comes after it.
    people.sort_by_key(|p| (p.span.start, std::cmp::Reverse(p.span.end)));
    people
}

/// A person mention without what the tagger took after the name: a
/// bracket ("John Mica (R-Fla" is "John Mica") and lower-case words ("Jo
/// Ruiz of" is "Jo Ruiz").
fn trimmed(text: &str, span: Span) -> Span {
    let words = &text[span.range()];
    let head = words.split('(').next().unwrap_or(words);
    let mut kept = head.trim_end();
    while let Some((rest, last)) = kept.rsplit_once(char::is_whitespace) {
        let function_word = last.len() <= 4 && last.chars().all(|c| c.is_lowercase());
        if !function_word {
            break;
        }
        kept = rest.trim_end();
    }
    if kept.is_empty() || kept.starts_with(char::is_lowercase) {
        return span;
    }
    Span::new(span.start, span.start + kept.len())
}

/// Whether two spans share a byte.
fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// The full name a tagged person has whose last word is the last word of
/// `name` ("Schiff": "Adam Schiff"), else `name`.
pub(super) fn full_name(name: &str, people: &[Person]) -> String {
    let last = |n: &str| {
        n.split_whitespace()
            .last()
            .map(filrouge_lexicon::unaccented)
            .map(|w| w.to_lowercase())
    };
    let key = last(name);
    people
        .iter()
        .filter(|p| last(&p.name) == key)
        .max_by_key(|p| p.name.split_whitespace().count())
        .filter(|p| p.name.split_whitespace().count() > name.split_whitespace().count())
        .map_or_else(|| name.to_string(), |p| p.name.clone())
}

/// What finding names in speakers' places reads.
struct Slots<'a> {
    text: &'a str,
    w: &'a Words,
    is_title: &'a dyn Fn(&str) -> bool,
    blocked: Blocked,
    /// Answers of [`Slots::used_lower`], which reads the whole text.
    lower_words: RefCell<HashMap<String, bool>>,
}

/// Spans no name may overlap, by start, with the furthest end so far: an
/// overlap test is a binary search, not a scan (a long article has
/// thousands of time expressions, entities and quotes).
struct Blocked {
    spans: Vec<Span>,
    furthest_end: Vec<usize>,
}

impl Blocked {
    fn new(mut spans: Vec<Span>) -> Blocked {
        spans.sort_by_key(|s| (s.start, s.end));
        let furthest_end = spans
            .iter()
            .scan(0, |end, s| {
                *end = s.end.max(*end);
                Some(*end)
            })
            .collect();
        Blocked {
            spans,
            furthest_end,
        }
    }

    /// Whether some span overlaps `span`.
    fn overlaps(&self, span: Span) -> bool {
        let before_end = self.spans.partition_point(|b| b.start < span.end);
        before_end > 0 && self.furthest_end[before_end - 1] > span.start
    }
}

impl Slots<'_> {
    /// The names in speakers' places of sentence `s`.
    fn names_in(&self, s: Span) -> Vec<Span> {
        let ws = words_in(self.text, s);
        let mut out = Vec::new();
        for (k, (a, b)) in ws.iter().enumerate() {
            let word = &self.text[*a..*b];
            let source = Words::is(&self.w.source, word);
            if !source && !is_verb(self.w, word) {
                continue;
            }
            // After: "said Caddell", "selon le Kremlin", "according to
            // the White House".
            let mut j = k + 1;
            if source && ws.get(j).is_some_and(|x| self.is(&self.w.recipient, *x)) {
                j += 1;
            }
            let determiner = ws.get(j).is_some_and(|x| self.is(&self.w.determiner, *x));
            if determiner {
                j += 1;
            }
            if let Some((end, span)) = self.run_at(&ws, j) {
                // After a determiner, the name must be the whole phrase
                // ("the White House", not "the Republican nominee").
                let lower_next = ws.get(end).is_some_and(|x| {
                    self.text[x.0..x.1].starts_with(char::is_lowercase)
                        && self.text[ws[end - 1].1..x.0].trim().is_empty()
                });
                if !(determiner && lower_next) {
                    out.extend(self.name(span, s));
                }
            }
            if !source {
                out.extend(self.subject_before(&ws, k).and_then(|n| self.name(n, s)));
            }
        }
        out
    }

    /// Whether the word at byte range `x` is in `set`.
    fn is(&self, set: &rustc_hash::FxHashSet<String>, x: (usize, usize)) -> bool {
        Words::is(set, &self.text[x.0..x.1])
    }

    /// The name before the verb at word `k`: right before it, after at
    /// most two auxiliary words ("Ms. Moore said", "Trump also said", "X
    /// a déclaré"), or before an apposition opening the sentence
    /// ("Schiff, 56, who ..., told").
    fn subject_before(&self, ws: &[(usize, usize)], k: usize) -> Option<Span> {
        let mut end = k;
        while end > 0 && k - end < SUBJECT_GAP {
            let (a, b) = ws[end - 1];
            let gap = &self.text[b..ws[end].0];
            if !gap.trim().is_empty() || !Words::is(&self.w.aux, &self.text[a..b]) {
                break;
            }
            end -= 1;
        }
        let before_verb = self.text[..ws[end].0].trim_end();
        if before_verb.ends_with([',', ')']) {
            return self.apposed_subject(ws, end);
        }
        // A run of names, no punctuation inside ("serving under Obama,
        // Ham also noted": "Ham").
        let first = (0..end)
            .rev()
            .take_while(|i| {
                let (a, b) = ws[*i];
                let joined = matches!(&self.text[b..ws[*i + 1].0], " " | ". " | "\u{a0}");
                joined && (self.capitalised(a, b) || self.particle_between(ws, *i, end))
            })
            .last()?;
        let (last_end, span) = self.run_at(ws, first)?;
        (last_end == end && self.text[ws[end - 1].1..ws[end].0].trim().is_empty()).then_some(span)
    }

    /// The subject before an apposition that ends right before word `end`
    /// ("Schiff, 56, who has served ..., told"; "Mitch McConnell, R-Ky.,
    /// said"; "John Mica (R-Fla.) said"): the farthest run of capitalised
    /// words followed by a comma or a bracket within reach, opening its
    /// sentence or a clause (after a quote or a comma).
    fn apposed_subject(&self, ws: &[(usize, usize)], end: usize) -> Option<Span> {
        let from = end.saturating_sub(APPOSITION);
        let mut best = None;
        for i in (from..end).rev() {
            let (a, b) = ws[i];
            let next = self.text[b..].trim_start_matches('.');
            if !self.capitalised(a, b) || !next.starts_with([',', ' ']) {
                continue;
            }
            if !next.starts_with(',') && !next.trim_start().starts_with('(') {
                continue;
            }
            let first = (0..=i)
                .rev()
                .take_while(|j| {
                    self.capitalised(ws[*j].0, ws[*j].1) || self.particle_between(ws, *j, i + 1)
                })
                .last()
                .unwrap_or(i);
            let lead = self.text[..ws[first].0].trim_end();
            let opens = lead.is_empty()
                || lead.ends_with(['”', '"', '»', ',', '.', '\n'])
                || ws.first().is_some_and(|w| w.0 == ws[first].0);
            let span = Span::new(ws[first].0, b);
            if opens && !self.blocked.overlaps(span) {
                best = Some(span);
            }
        }
        best
    }

    /// Whether word `i` is a name particle inside a run ending before `end`.
    fn particle_between(&self, ws: &[(usize, usize)], i: usize, end: usize) -> bool {
        i + 1 < end && Gazetteer::bundled().is_name_particle(&self.text[ws[i].0..ws[i].1]) && i > 0
    }

    /// Whether the word `a..b` starts with a capital letter.
    fn capitalised(&self, a: usize, b: usize) -> bool {
        self.text[a..b].starts_with(char::is_uppercase)
    }

    /// A run of capitalised words from word `j` (name particles and
    /// initials inside): the index of the word after it and its span.
    fn run_at(&self, ws: &[(usize, usize)], j: usize) -> Option<(usize, Span)> {
        let (a, b) = *ws.get(j)?;
        if !self.capitalised(a, b) || is_possessive_word(&self.text[a..b]) {
            return None;
        }
        let mut end = j + 1;
        let mut last = b;
        while let Some(&(x, y)) = ws.get(end) {
            let gap = &self.text[last..x];
            if !matches!(gap, " " | ". " | "." | "\u{a0}") {
                break;
            }
            let particle = Gazetteer::bundled().is_name_particle(&self.text[x..y])
                && ws.get(end + 1).is_some_and(|n| self.capitalised(n.0, n.1));
            if (!self.capitalised(x, y) && !particle) || is_possessive_word(&self.text[x..y]) {
                break;
            }
            last = y;
            end += 1;
        }
        Some((end, Span::new(a, last)))
    }

    /// The name in a run: titles and function words before it stripped, a
    /// common word opening the sentence dropped ("Officials"), never a
    /// blocked span or a reporting word.
    fn name(&self, run: Span, s: Span) -> Option<Span> {
        let stop = filrouge_lexicon::Lexicon::bundled().stopwords();
        let words = words_in(self.text, run);
        let mut first = 0;
        for (i, (a, b)) in words.iter().enumerate() {
            let word = &self.text[*a..*b];
            let low = word.to_lowercase();
            let common_opening = *a == sentence_start(self.text, s) && self.used_lower(&low);
            if (self.is_title)(word) || stop.contains(&low) || common_opening {
                first = i + 1;
            } else {
                break;
            }
        }
        // A title inside the run ends what comes before the name
        // ("European Council President Donald Tusk", "l'ancien Premier
        // ministre Jean Castex").
        let inner = words
            .get(first..words.len().saturating_sub(1))
            .unwrap_or(&[]);
        if let Some(t) = inner
            .iter()
            .rposition(|(a, b)| (self.is_title)(&self.text[*a..*b]))
        {
            first += t + 1;
        }
        let (a, _) = *words.get(first)?;
        let span = Span::new(a, run.end);
        let reporting = words[first..].iter().any(|(x, y)| {
            let word = &self.text[*x..*y];
            is_verb(self.w, word) || Words::is(&self.w.pronouns, word)
        });
        let blocked = self.blocked.overlaps(span);
        (!reporting && !blocked).then_some(span)
    }

    /// Whether `low` is written in lower case somewhere in the text (a
    /// common word, not a name).
    fn used_lower(&self, low: &str) -> bool {
        if let Some(&known) = self.lower_words.borrow().get(low) {
            return known;
        }
        let used = self.text.match_indices(low).any(|(at, _)| {
            let before = self.text[..at].chars().next_back();
            let after = self.text[at + low.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        self.lower_words.borrow_mut().insert(low.to_string(), used);
        used
    }
}

/// Whether a word is someone's ("Blige's", "Clinton’s").
fn is_possessive_word(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

/// Where the words of sentence `s` start.
fn sentence_start(text: &str, s: Span) -> usize {
    let t = &text[s.range()];
    s.start + (t.len() - t.trim_start_matches(|c: char| !c.is_alphanumeric()).len())
}

/// The first person after byte `from`, with at most four words and no
/// punctuation between ("selon M. Lemaire", "according to chief executive
/// Paula Brenner"), never one spoken to or a channel ("a dit à Trump",
/// "a écrit sur Truth Social").
pub(super) fn person_after<'p>(
    text: &str,
    from: usize,
    people: &'p [Person],
    limit: usize,
    w: &Words,
) -> Option<&'p Person> {
    let p = people
        .iter()
        .find(|p| p.span.start >= from && p.span.end <= limit)?;
    let gap = text.get(from..p.span.start)?;
    let plain = !gap.contains([',', ';', ':', '«', '“', '"', '!', '?']);
    let aside = gap
        .split_whitespace()
        .any(|g| Words::is(&w.recipient, g) || Words::is(&w.channel, g));
    (plain && !aside && gap.split_whitespace().count() <= 4).then_some(p)
}

/// Whether the person at `p` is named as someone's ("Trump's adviser"):
/// no subject then.
pub(super) fn possessive(text: &str, p: Span) -> bool {
    text[p.end..].starts_with("'s") || text[p.end..].starts_with("’s")
}

/// The person a role phrase stands for ("le porte-parole de l'agence",
/// "the spokesman"): the last person named before `at` with the same role
/// noun among the few words before or right after the name ("Le
/// porte-parole de l'agence régionale de santé, Olivier Tessier";
/// "association spokesman Carl Wendt"; "Carl Wendt, the spokesman").
pub(super) fn role_referent(
    text: &str,
    phrase: Span,
    at: usize,
    people: &[Person],
    lang: &str,
) -> Option<String> {
    let role = words_in(text, phrase)
        .into_iter()
        .take(4)
        .map(|(a, b)| text[a..b].to_lowercase())
        .find(|w| crate::roles::is_role_noun(lang, w))?;
    let near = |span: Span, take_last: bool| {
        let ws = words_in(text, span);
        let ws: Vec<_> = if take_last {
            ws.into_iter().rev().take(6).collect()
        } else {
            ws.into_iter().take(5).collect()
        };
        ws.iter().any(|(a, b)| text[*a..*b].to_lowercase() == role)
    };
    people
        .iter()
        .rev()
        .filter(|p| p.span.end <= at)
        .find(|p| {
            let before = Span::new(
                floor_boundary(text, p.span.start.saturating_sub(90)),
                p.span.start,
            );
            let after = Span::new(
                p.span.end,
                ceil_boundary(text, p.span.end + 60).min(at.max(p.span.end)),
            );
            near(before, true) || (text[p.span.end..].starts_with(',') && near(after, false))
        })
        .map(|p| p.name.clone())
}

/// Whether `gap` holds nothing but titles of language `lang` ("", "M.",
/// "Mr.", "Me"): what may stand before a name in apposition.
pub(super) fn only_titles(gap: &str, lang: &str) -> bool {
    let language = filrouge_lexicon::Lexicon::bundled().language(lang);
    gap.split_whitespace()
        .all(|word| language.is_some_and(|l| l.is_title(word) || l.is_title(&format!("{word}."))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_mention_loses_a_bracket_and_function_words_after_it() {
        let cut = |t: &str| {
            let s = trimmed(t, Span::new(0, t.len()));
            t[s.range()].to_string()
        };
        assert_eq!(cut("Jo Ruiz (R-Ohio"), "Jo Ruiz");
        assert_eq!(cut("Jeanne Martin de"), "Jeanne Martin");
        assert_eq!(cut("Bashar al-Assad"), "Bashar al-Assad");
        assert_eq!(cut("Charles de Gaulle"), "Charles de Gaulle");
    }
}
