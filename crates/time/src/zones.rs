//! Where an expression stands in an article: above the body (title,
//! kicker, byline), in the body, or after it (related links, tags,
//! comments, shop and account lines), and whether a byline word
//! ("publié le", "updated") introduces it. Document dating weighs a clue by
//! where it stands: a date after the body says nothing of the article's
//! own date.
//!
//! The body is read from the shape of lines, not from words: a line of
//! prose ends like a sentence and has several words, or is long; the body
//! runs from the first such line to the last.

use crate::tokens::{Tok, TokKind};
use crate::vocab::Vocabulary;

/// Words a line needs, with a sentence's final mark, to be prose.
const PROSE_WORDS: usize = 4;
/// Words that make a line prose even without a final mark (titles rarely
/// run this long).
const LONG_LINE_WORDS: usize = 20;
/// Tokens back from a date within which a byline word introduces it
/// ("mis à jour le" + a determiner).
const CUE_REACH: usize = 6;

/// Where an expression stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Zone {
    /// Before the first line of prose: title, kicker, byline, dateline.
    Top,
    /// From the first line of prose to the last.
    #[default]
    Body,
    /// After the last line of prose: related links, tags, comments.
    Tail,
}

/// A byline word before a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    /// "publié le", "published": the publication date.
    Published,
    /// "mis à jour le", "updated": a later update; the article is from
    /// that day or before.
    Updated,
}

/// The body's bounds in tokens: `start..end` (the whole text when no line
/// is prose).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Body {
    start: usize,
    end: usize,
}

impl Body {
    /// The body of `toks`, from the shape of its lines.
    pub(crate) fn of(toks: &[Tok]) -> Body {
        let mut first = None;
        let mut last = None;
        let mut line_start = 0;
        for i in 0..=toks.len() {
            let at_break = i == toks.len() || toks[i].norm == "\n";
            if !at_break {
                continue;
            }
            if is_prose(&toks[line_start..i]) {
                first.get_or_insert(line_start);
                last = Some(i);
            }
            line_start = i + 1;
        }
        match (first, last) {
            (Some(start), Some(end)) => Body { start, end },
            _ => Body {
                start: 0,
                end: toks.len(),
            },
        }
    }

    /// The zone of the expression starting at token `i`.
    pub(crate) fn zone(&self, i: usize) -> Zone {
        if i < self.start {
            Zone::Top
        } else if i >= self.end {
            Zone::Tail
        } else {
            Zone::Body
        }
    }
}

/// Whether a line's tokens read as prose: several words ending like a
/// sentence, or many words.
fn is_prose(line: &[Tok]) -> bool {
    let words = line.iter().filter(|t| t.kind == TokKind::Word).count();
    let ends_sentence = line.last().is_some_and(|t| {
        matches!(
            t.norm.as_str(),
            "." | "!" | "?" | "…" | "»" | "\"" | "”" | ")"
        )
    });
    (ends_sentence && words >= PROSE_WORDS) || words >= LONG_LINE_WORDS
}

/// The byline word that introduces the expression starting at token
/// `start`, on its line and at most [`CUE_REACH`] tokens back.
pub(crate) fn cue_before(v: &Vocabulary, toks: &[Tok], start: usize) -> Option<Cue> {
    let from = start.saturating_sub(CUE_REACH);
    let mut found = None;
    for s in (from..start).rev() {
        if toks[s].norm == "\n" {
            break;
        }
        let ends_before = |e: usize| e <= start;
        if v.byline_updated.end(toks, s).is_some_and(ends_before) {
            found = Some(Cue::Updated);
            break;
        }
        if v.byline_published.end(toks, s).is_some_and(ends_before) {
            found = Some(Cue::Published);
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn zones(text: &str, word: &str) -> Zone {
        let toks = tokenize(text);
        let at = toks
            .iter()
            .position(|t| t.norm == word)
            .expect("the word is in the text");
        Body::of(&toks).zone(at)
    }

    #[test]
    fn lines_after_the_last_sentence_are_the_tail() {
        let page = "Les vendanges commencent tôt\n\
                    Par notre correspondante, 12 septembre 2019\n\
                    Les vignerons de la vallée ont commencé la récolte lundi, avec deux semaines d'avance.\n\
                    La chaleur de l'été a mûri les grappes plus vite que prévu.\n\
                    À lire aussi\n\
                    Le vignoble en 2040 selon les climatologues\n\
                    Abonnez-vous";
        assert_eq!(zones(page, "correspondante"), Zone::Top);
        assert_eq!(zones(page, "recolte"), Zone::Body);
        assert_eq!(zones(page, "climatologues"), Zone::Tail);
        assert_eq!(zones(page, "abonnez"), Zone::Tail);
    }

    #[test]
    fn a_text_without_prose_is_all_body() {
        assert_eq!(
            zones("Marché du 12 mai\nFromages et fruits", "fromages"),
            Zone::Body
        );
    }
}
