//! The tagger's own fine-grained tokens: letters, digits and single marks,
//! folded for matching.
//!
//! Finer than the segmentation tokens on purpose: "13h30" is `13` `h` `30`,
//! "mi-mai" is `mi` `-` `mai`, "1er" is `1` `er`, so that the grammar sees
//! every piece.

use compact_str::CompactString;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters.
    Word,
    /// ASCII digits.
    Number,
    /// One other character.
    Mark,
}

/// A token of the text being tagged.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
    /// Lower case, accents removed, apostrophes straightened (inline, no
    /// allocation for short words).
    pub norm: CompactString,
    /// What it is made of.
    pub kind: TokKind,
    /// Whether white space separates it from the previous token.
    pub space_before: bool,
    /// Whether its first letter is upper case.
    pub capitalised: bool,
    /// Whether every letter is upper case (a headline word).
    pub all_caps: bool,
    /// Whether it holds a letter beyond ASCII (an accent folded away:
    /// "à" is not "a").
    pub accented: bool,
    /// Which of the last eight letters of `norm` were folded from a
    /// letter beyond ASCII (bit 0: the last): "signée" ends in "ée",
    /// "expertise" in a plain "e".
    pub accent_tail: u8,
}

impl Tok {
    /// The value of a digit token.
    pub fn number(&self) -> Option<u32> {
        if self.kind == TokKind::Number && self.norm.len() <= 9 {
            self.norm.parse().ok()
        } else {
            None
        }
    }

    /// Whether it is a sentence-final mark.
    pub fn ends_sentence(&self) -> bool {
        matches!(self.norm.as_str(), "." | "!" | "?" | "…" | "\n")
    }
}

/// Splits `text` into tokens. Line breaks become `\n` marks so that an
/// expression never runs across a paragraph.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 4);
    let mut space = true;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            out.push(Tok {
                start: i,
                end: i + 1,
                norm: CompactString::const_new("\n"),
                kind: TokKind::Mark,
                space_before: true,
                capitalised: false,
                all_caps: false,
                accented: false,
                accent_tail: 0,
            });
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            TokKind::Number
        } else if c.is_alphabetic() {
            TokKind::Word
        } else {
            TokKind::Mark
        };
        let mut end = i + c.len_utf8();
        let mut norm = CompactString::default();
        let mut all_caps = c.is_uppercase();
        let mut accented = !c.is_ascii();
        let mut accent_tail = 0u8;
        push_folded(c, &mut norm, &mut accent_tail);
        if kind != TokKind::Mark {
            while let Some(&(j, d)) = chars.peek() {
                let same = match kind {
                    TokKind::Number => d.is_ascii_digit(),
                    _ => d.is_alphabetic(),
                };
                if !same {
                    break;
                }
                push_folded(d, &mut norm, &mut accent_tail);
                all_caps &= d.is_uppercase();
                accented |= !d.is_ascii();
                end = j + d.len_utf8();
                chars.next();
            }
        }
        out.push(Tok {
            start: i,
            end,
            norm,
            kind,
            space_before: space,
            capitalised: c.is_uppercase(),
            all_caps,
            accented,
            accent_tail,
        });
        space = false;
    }
    out
}

/// Tokenizes a vocabulary key the same way, keeping only the folded forms.
pub(crate) fn key_tokens(key: &str) -> Vec<String> {
    tokenize(key)
        .into_iter()
        .map(|t| t.norm.to_string())
        .collect()
}

/// Appends `c` in the lexicon's comparison form (no accent, lower case),
/// shifting `tail` by each letter pushed, its bit 0 set when `c` was
/// beyond ASCII.
fn push_folded(c: char, out: &mut CompactString, tail: &mut u8) {
    let beyond = u8::from(!c.is_ascii());
    filrouge_lexicon::push_unaccented(c, |x| {
        out.push(x);
        *tail = (*tail << 1) | beyond;
    });
}

/// A suffix in comparison form and the accent tail a token must end with
/// to carry it as written ("ée": "ee" with bit 1 set, bit 0 clear).
pub(crate) fn suffix_key(suffix: &str) -> (String, u8) {
    let mut norm = CompactString::default();
    let mut tail = 0u8;
    for c in suffix.chars() {
        push_folded(c, &mut norm, &mut tail);
    }
    (norm.to_string(), tail)
}

impl Tok {
    /// Whether the token ends with `suffix` as written, accents included
    /// (from [`suffix_key`]).
    pub fn ends_with_written(&self, (norm, tail): &(String, u8)) -> bool {
        let n = norm.chars().count().min(8);
        let mask = if n >= 8 { u8::MAX } else { (1u8 << n) - 1 };
        self.norm.ends_with(norm.as_str()) && self.accent_tail & mask == *tail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(s: &str) -> Vec<String> {
        tokenize(s)
            .into_iter()
            .map(|t| t.norm.to_string())
            .collect()
    }

    #[test]
    fn pieces_are_split_at_every_kind_change() {
        assert_eq!(norms("à 13h30"), ["a", "13", "h", "30"]);
        assert_eq!(norms("mi-mai"), ["mi", "-", "mai"]);
        assert_eq!(norms("Aujourd’hui"), ["aujourd", "'", "hui"]);
        assert_eq!(norms("le 1er Été"), ["le", "1", "er", "ete"]);
    }

    #[test]
    fn suffixes_match_with_their_accents() {
        let ee = suffix_key("ée");
        let e = suffix_key("é");
        let word = |s: &str| tokenize(s).remove(0);
        assert!(word("signée").ends_with_written(&ee));
        assert!(word("signé").ends_with_written(&e));
        assert!(!word("expertise").ends_with_written(&e));
        assert!(!word("signee").ends_with_written(&ee));
        assert!(word("expertise").ends_with_written(&suffix_key("se")));
        assert!(word("à").accented && !word("a").accented);
    }

    #[test]
    fn offsets_and_spacing_are_kept() {
        let toks = tokenize("Le  4 juin");
        assert_eq!((toks[1].start, toks[1].end), (4, 5));
        assert!(toks[1].space_before);
        assert!(toks[0].capitalised);
        let glued = tokenize("13h");
        assert!(!glued[1].space_before);
    }
}
