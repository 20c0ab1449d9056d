//! Where an expression stands in an article: above the body (title,
//! kicker, byline), in the body, or after it (related links, tags,
//! comments, shop and account lines), and whether a byline word
//! ("publié le", "updated") introduces it. Document dating weighs a clue by
//! where it stands: a date after the body says nothing of the article's
//! own date.
//!
//! The body is read from the shape of lines, not from words: a line of
//! prose has several words and ends like a sentence or runs on (a
//! hard-wrapped sentence goes on in lower case), or is long; the body runs
//! from the first such line to the last.

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
        let lines = lines(toks);
        let mut first = None;
        let mut last = None;
        for (k, &(start, end)) in lines.iter().enumerate() {
            // A hard-wrapped sentence goes on in lower case on the next line.
            let wrapped = lines
                .get(k + 1)
                .and_then(|&(s, e)| toks[s..e].iter().find(|t| t.kind == TokKind::Word))
                .is_some_and(|t| !t.capitalised);
            if is_prose(&toks[start..end], wrapped) {
                first.get_or_insert(start);
                last = Some(end);
            }
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

/// The lines of `toks` as token ranges (line breaks excluded), empty
/// lines left out.
fn lines(toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..=toks.len() {
        if i == toks.len() || toks[i].norm == "\n" {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    out
}

/// Whether a line's tokens read as prose: several words ending like a
/// sentence or running on to the next line, or many words.
fn is_prose(line: &[Tok], wrapped: bool) -> bool {
    let words = line.iter().filter(|t| t.kind == TokKind::Word).count();
    let ends_sentence = line.last().is_some_and(|t| {
        matches!(
            t.norm.as_str(),
            "." | "!" | "?" | "…" | "»" | "\"" | "”" | ")"
        )
    });
    ((ends_sentence || wrapped) && words >= PROSE_WORDS) || words >= LONG_LINE_WORDS
}

/// The byline word that introduces the expression starting at token
/// `start`, on its line and at most [`CUE_REACH`] tokens back.
pub(crate) fn cue_before(v: &Vocabulary, toks: &[Tok], start: usize) -> Option<Cue> {
    // A cue may end inside the expression ("mis à jour le" + "le 6
    // juillet"): it only has to start before it.
    for s in (start.saturating_sub(CUE_REACH)..start).rev() {
        if toks[s].norm == "\n" {
            break;
        }
        if v.byline_updated.end(toks, s).is_some() {
            return Some(Cue::Updated);
        }
        if v.byline_published.end(toks, s).is_some() {
            return Some(Cue::Published);
        }
    }
    None
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
    fn a_hard_wrapped_first_sentence_is_body() {
        let text = "Le conseil municipal a voté le 27 mai 1998 un budget\n\
                    en hausse de deux pour cent, a annoncé le maire.";
        assert_eq!(zones(text, "conseil"), Zone::Body);
    }

    #[test]
    fn a_text_without_prose_is_all_body() {
        assert_eq!(
            zones("Marché du 12 mai\nFromages et fruits", "fromages"),
            Zone::Body
        );
    }
}
