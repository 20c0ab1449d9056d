//! The reporting words of one language (`data/<lang>/reporting.txt`,
//! `quote_words.txt`) and the word-level tests quotes are read with:
//! words of a span, reporting verbs (also inverted: "dit-il"), pronouns,
//! "que"/"that".

use filrouge_model::Span;
use rustc_hash::FxHashSet;

/// Reporting words of one language.
#[derive(Debug, Default)]
pub(super) struct Words {
    pub(super) verbs: FxHashSet<String>,
    pub(super) pronouns: FxHashSet<String>,
    pub(super) channel: FxHashSet<String>,
    pub(super) source: FxHashSet<String>,
    pub(super) that: FxHashSet<String>,
    pub(super) stressed: FxHashSet<String>,
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

/// "que", "qu'" (also glued: "qu'une"), "that".
fn is_that(w: &Words, word: &str) -> bool {
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

/// Whether a subject pronoun stands in `span` ("a-t-il", "he said").
pub(super) fn has_pronoun(text: &str, span: Span, w: &Words) -> bool {
    words_in(text, span).into_iter().take(6).any(|(a, b)| {
        let word = text[a..b].to_lowercase();
        w.pronouns.contains(&word)
            || word
                .rsplit('-')
                .next()
                .is_some_and(|tail| word.contains('-') && w.pronouns.contains(tail))
    })
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

/// When word `k` of `ws` is a reporting verb with "que"/"that" within the
/// next four words ("a dit à Trump que"), that word.
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
    ws.iter()
        .skip(k + 1)
        .take(4)
        .find(|(x, y)| is_that(w, &text[*x..*y]))
        .copied()
}
