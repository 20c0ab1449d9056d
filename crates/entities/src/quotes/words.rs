//! The reporting words of one language (`data/<lang>/reporting.txt`,
//! `quote_words.txt`) and the word-level tests quotes are read with:
//! words of a span, reporting verbs (also inverted: "dit-il"), pronouns,
//! "que"/"that".

use filrouge_model::Span;
use rustc_hash::FxHashSet;

use crate::data_lines;

/// Reporting words of one language, lower case.
#[derive(Debug, Default)]
pub(super) struct Words {
    /// The language's code (for the lexicon's titles).
    pub(super) lang: &'static str,
    /// Reporting verbs ("déclaré", "said").
    pub(super) verbs: FxHashSet<String>,
    /// Subject pronouns ("il", "he").
    pub(super) pronouns: FxHashSet<String>,
    /// Words before a channel ("sur").
    pub(super) channel: FxHashSet<String>,
    /// Source words ("selon", "according").
    pub(super) source: FxHashSet<String>,
    /// Words after a source word that make it no source ("laquelle").
    pub(super) relative: FxHashSet<String>,
    /// Words opening reported speech ("que", "that").
    pub(super) that: FxHashSet<String>,
    /// Stressed pronouns after a source word ("lui").
    pub(super) stressed: FxHashSet<String>,
    /// Present participles of reporting verbs ("précisant").
    pub(super) participle: FxHashSet<String>,
    /// Verbs whose next name is spoken to ("told").
    pub(super) addressed: FxHashSet<String>,
    /// Prepositions before the person spoken to ("à", "to").
    pub(super) recipient: FxHashSet<String>,
    /// Nouns whose phrase is reported after a verb ("volonté", "need").
    pub(super) object: FxHashSet<String>,
    /// Determiners before those nouns ("sa", "the").
    pub(super) determiner: FxHashSet<String>,
    /// Words that may open a reported clause without "that" ("he").
    pub(super) clause: FxHashSet<String>,
    /// Words between a subject and its reporting verb ("a", "also").
    pub(super) aux: FxHashSet<String>,
    /// Words after a reporting verb that open no clause ("said in"); a
    /// language without them reads no clause without "que"/"that".
    pub(super) noclause: FxHashSet<String>,
    /// Nouns that make a phrase a speaker ("sources", "officials").
    pub(super) speaker: FxHashSet<String>,
    /// Nouns of groups that speak as themselves ("association", "police"):
    /// speaker nouns too.
    pub(super) group: FxHashSet<String>,
    /// Words joining a second verb to the sentence's subject ("and").
    pub(super) coordination: FxHashSet<String>,
    /// Forms of "to be" ("est", "was"): "X said that Y was “...”" are X's
    /// words about Y, not Y's.
    pub(super) copula: FxHashSet<String>,
    /// Words between a person and a quote describing them ("as",
    /// "comme"): that person is no speaker.
    pub(super) described: FxHashSet<String>,
    /// Articles: a reporting verb's word right after one is a noun ("the
    /// states suing", "ses propos").
    pub(super) article: FxHashSet<String>,
    /// Prepositions and conjunctions opening a phrase set before an
    /// attribution ("During …, X said, …"): no reported words.
    pub(super) fronted: FxHashSet<String>,
}

impl Words {
    /// The words of language `lang` from its reporting verbs (one a line)
    /// and its other quote words (`class word` lines).
    pub(super) fn parse(lang: &'static str, verbs: &str, words: &str) -> Words {
        let mut w = Words {
            lang,
            verbs: data_lines(verbs).map(str::to_lowercase).collect(),
            ..Words::default()
        };
        for l in data_lines(words) {
            let Some((class, word)) = l.split_once(' ') else {
                continue;
            };
            if let Some(set) = w.class(class) {
                set.insert(word.trim().to_lowercase());
            }
        }
        w
    }

    /// The set of words of class `class` in the data (`pronoun`,
    /// `source`, ...), `None` for a class the code does not know.
    fn class(&mut self, class: &str) -> Option<&mut FxHashSet<String>> {
        Some(match class {
            "pronoun" => &mut self.pronouns,
            "channel" => &mut self.channel,
            "source" => &mut self.source,
            "relative" => &mut self.relative,
            "that" => &mut self.that,
            "stressed" => &mut self.stressed,
            "participle" => &mut self.participle,
            "addressed" => &mut self.addressed,
            "recipient" => &mut self.recipient,
            "object" => &mut self.object,
            "determiner" => &mut self.determiner,
            "clause" => &mut self.clause,
            "aux" => &mut self.aux,
            "noclause" => &mut self.noclause,
            "speaker" => &mut self.speaker,
            "group" => &mut self.group,
            "coordination" => &mut self.coordination,
            "copula" => &mut self.copula,
            "described" => &mut self.described,
            "article" => &mut self.article,
            "fronted" => &mut self.fronted,
            _ => return None,
        })
    }

    /// Whether `word` (any case) is in `set`.
    pub(super) fn is(set: &FxHashSet<String>, word: &str) -> bool {
        set.contains(&word.to_lowercase())
    }
}

/// Whether `word` is a reporting verb, also inverted with its subject
/// ("explique-t-elle", "dit-il").
pub(super) fn is_verb(w: &Words, word: &str) -> bool {
    let low = word.to_lowercase();
    if w.verbs.contains(&low) {
        return true;
    }
    let head = low.split("-t-").next().unwrap_or(&low);
    let head = head.split('-').next().unwrap_or(head);
    head != low && w.verbs.contains(head)
}

/// Whether word `k` of `ws` follows an article with nothing but a space
/// between ("the states", "his claims", "les dires"): a noun, not a verb.
pub(super) fn after_article(text: &str, ws: &[(usize, usize)], k: usize, w: &Words) -> bool {
    let Some(prev) = k.checked_sub(1).and_then(|i| ws.get(i)) else {
        return false;
    };
    let joined = ws
        .get(k)
        .is_some_and(|(a, _)| text[prev.1..*a].chars().all(char::is_whitespace));
    joined && Words::is(&w.article, &text[prev.0..prev.1])
}

/// "que", "qu'" (also glued: "qu'une"), "that".
pub(super) fn is_that(w: &Words, word: &str) -> bool {
    let low = word.to_lowercase();
    let head = low.split('\'').next().unwrap_or("");
    w.that.contains(&low) || (low.contains('\'') && w.that.contains(&format!("{head}'")))
}

/// Words of `span` with their byte ranges (letters, digits, inner hyphens
/// and apostrophes).
pub(super) fn words_in(text: &str, span: Span) -> Vec<(usize, usize)> {
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
pub(super) fn first_verb(text: &str, span: Span, w: &Words, max: usize) -> Option<(String, usize)> {
    words_in(text, span)
        .into_iter()
        .take(max)
        .find(|(a, b)| is_verb(w, &text[*a..*b]))
        .map(|(a, b)| (text[a..b].to_string(), b))
}

/// The last reporting verb of `span`.
pub(super) fn last_verb(text: &str, span: Span, w: &Words) -> Option<(String, usize)> {
    words_in(text, span)
        .into_iter()
        .rev()
        .find(|(a, b)| is_verb(w, &text[*a..*b]))
        .map(|(a, b)| (text[a..b].to_string(), a))
}

/// Whether `word` is a subject pronoun, also after an inverted verb
/// ("il", "a-t-il", "he").
pub(super) fn is_pronoun(w: &Words, word: &str) -> bool {
    let word = word.to_lowercase();
    w.pronouns.contains(&word)
        || word
            .rsplit('-')
            .next()
            .is_some_and(|tail| word.contains('-') && w.pronouns.contains(tail))
}

/// Whether a subject pronoun stands in `span` ("a-t-il", "he said").
pub(super) fn has_pronoun(text: &str, span: Span, w: &Words) -> bool {
    words_in(text, span)
        .into_iter()
        .take(6)
        .any(|(a, b)| is_pronoun(w, &text[a..b]))
}

/// Whether a pronoun follows the source word at `k` ("selon lui",
/// "according to him"), a "to"/"à" skipped.
pub(super) fn pronoun_after_source(text: &str, ws: &[(usize, usize)], k: usize, w: &Words) -> bool {
    let word = |i: usize| ws.get(i).map(|(a, b)| text[*a..*b].to_lowercase());
    let next = match word(k + 1) {
        Some(x) if x == "to" || x == "à" => word(k + 2),
        other => other,
    };
    next.is_some_and(|x| w.pronouns.contains(&x) || w.stressed.contains(&x))
}

/// Words after a reporting verb within which its "que"/"that" stands ("a
/// indiqué ce jeudi 3 juillet à Donald Trump que").
const THAT_REACH: usize = 8;

/// When word `k` of `ws` is a reporting verb with "que"/"that" within the
/// next words, no punctuation or other reporting verb between ("a dit à
/// Trump que"; not "a ajouté, précisant que"), that word.
pub(super) fn that_after_verb(
    text: &str,
    ws: &[(usize, usize)],
    k: usize,
    w: &Words,
) -> Option<(usize, usize)> {
    let (a, b) = ws.get(k)?;
    if !is_verb(w, &text[*a..*b]) {
        return None;
    }
    let mut prev = *b;
    for (x, y) in ws.iter().skip(k + 1).take(THAT_REACH) {
        let word = &text[*x..*y];
        if text[prev..*x].contains([',', ';', ':', '.', '«', '“', '"', '(']) || is_verb(w, word)
        {
            return None;
        }
        if is_that(w, word) {
            return Some((*x, *y));
        }
        prev = *y;
    }
    None
}

/// The nearest character boundary at or before `at` (within the text).
pub(super) fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The nearest character boundary at or after `at` (within the text).
pub(super) fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Whether the comma at byte `at` is a decimal or thousands mark between
/// digits ("3,5 millions", "1,250,000"), no comma of the sentence.
pub(super) fn is_number_comma(text: &str, at: usize) -> bool {
    let before = text.get(..at).and_then(|t| t.chars().next_back());
    let after = text.get(at + 1..).and_then(|t| t.chars().next());
    before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit())
}

/// The first comma of the sentence in `text[from..to]` (a comma between
/// digits is none), as a byte offset in `text`.
pub(super) fn next_comma(text: &str, from: usize, to: usize) -> Option<usize> {
    text.get(from..to)?
        .match_indices(',')
        .map(|(i, _)| from + i)
        .find(|c| !is_number_comma(text, *c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_quote_word_line_has_a_known_class() {
        for (lang, _, words) in super::super::LANGUAGES {
            let mut w = Words::default();
            for l in data_lines(words) {
                let known = l
                    .split_once(' ')
                    .is_some_and(|(class, _)| w.class(class).is_some());
                assert!(known, "{lang}/quote_words.txt: unknown class in {l:?}");
            }
        }
    }

    #[test]
    fn a_comma_between_digits_is_no_comma_of_the_sentence() {
        let t = "Il a payé 3,5 millions, dit-il.";
        let first = t.find(',').unwrap_or(0);
        assert!(is_number_comma(t, first));
        assert_eq!(next_comma(t, 0, t.len()), t.rfind(','));
    }
}
