//! Character-level normalisation, with an offset map back to the original.
//!
//! Line ends become `\n`; non-breaking, thin and other special spaces become
//! plain spaces and runs of spaces collapse; zero-width characters and soft
//! hyphens go; curly apostrophes become `'`; `...` becomes `…`; elision
//! markers (`<…>`, `(…)`, `[...]`) become `[…]`; guillemets get exactly one
//! space inside; the text is put in Unicode NFC. Every change is an edit in
//! the offset map; nothing else is touched.

use filrouge_model::{OffsetMap, Span, TextBuilder};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

/// The canonical elision marker.
pub const ELISION: &str = "[…]";

/// Normalises `original`, returning the new text and its map to `original`.
pub fn normalise(original: &str) -> (String, OffsetMap) {
    // Invisible characters go first, in their own pass: left in place they
    // hide patterns (`.\u{feff}..` is an ellipsis, `«\u{feff} x` has one
    // space) that a second normalisation would then find.
    if !has_invisible(original) {
        return normalise_visible(original);
    }
    let mut b = TextBuilder::with_capacity(original.len());
    let mut pos = 0;
    for (at, c) in original.char_indices() {
        if is_invisible(c) {
            b.copy(original, Span::new(pos, at));
            b.replace(Span::new(at, at + c.len_utf8()), "");
            pos = at + c.len_utf8();
        }
    }
    b.copy(original, Span::new(pos, original.len()));
    let (visible, strip_map) = b.finish();
    let (text, map) = normalise_visible(&visible);
    (text, map.compose(&strip_map))
}

/// Normalises text that holds no invisible characters.
fn normalise_visible(original: &str) -> (String, OffsetMap) {
    let mut out = Normaliser {
        src: original,
        b: TextBuilder::with_capacity(original.len()),
        copy_from: 0,
    };
    let bytes = original.as_bytes();
    let mut i = 0;
    // Start of line: leading spaces are dropped.
    let mut line_start = true;
    // Whether a character at or above U+0300 was seen. Every character
    // below it is NFC-stable (quick check "yes", combining class 0), and so
    // is everything the edits insert, so text without one is already NFC.
    let mut beyond_latin = false;
    while i < original.len() {
        // Fast path: most bytes are ASCII letters, digits and punctuation
        // that nothing here changes; they stay pending for one bulk copy.
        if ORDINARY_ASCII[usize::from(bytes[i])] {
            i += 1;
            line_start = false;
            continue;
        }
        let Some(c) = original[i..].chars().next() else {
            break;
        };
        beyond_latin |= c >= '\u{300}';
        (i, line_start) = out.character(i, c, line_start);
    }
    out.keep_to(original.len());
    let (text, map) = out.b.finish();
    if !beyond_latin {
        return (text, map);
    }
    nfc(text, map)
}

/// ASCII bytes the character pass leaves alone and never looks at twice:
/// everything but line ends, spaces and the first bytes of elision markers
/// and ellipses. Non-ASCII bytes are not ordinary (they start or continue a
/// character that needs decoding).
const ORDINARY_ASCII: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        table[b] = !matches!(b as u8, b' ' | b'<' | b'(' | b'[' | b'.');
        b += 1;
    }
    table
};

/// Whether `s` holds an invisible character. They are all outside ASCII, so
/// only the characters starting with their lead bytes are decoded.
fn has_invisible(s: &str) -> bool {
    s.bytes().enumerate().any(|(i, b)| {
        matches!(b, 0xC2 | 0xE2 | 0xEF) && s[i..].chars().next().is_some_and(is_invisible)
    })
}

/// Spaces other than line ends.
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2000}'
            ..='\u{200a}' | '\u{205f}' | '\u{3000}' | '\u{0b}' | '\u{0c}'
    )
}

/// Characters that take no space and are dropped.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' | '\u{2060}'
    )
}

/// Elision markers, in every bracket and with either kind of ellipsis.
const ELISION_MARKERS: [&str; 6] = ["<…>", "<...>", "(…)", "(...)", "[…]", "[...]"];

/// Length of an elision marker at the start of `s`, if there is one.
fn elision_len(s: &str) -> Option<usize> {
    ELISION_MARKERS
        .iter()
        .find(|m| s.starts_with(*m))
        .map(|m| m.len())
}

struct Normaliser<'a> {
    src: &'a str,
    b: TextBuilder,
    /// Source bytes from here up to the current position are still to copy.
    copy_from: usize,
}

impl Normaliser<'_> {
    /// Copies the pending source bytes up to `to`.
    fn keep_to(&mut self, to: usize) {
        if to > self.copy_from {
            self.b.copy(self.src, Span::new(self.copy_from, to));
            self.copy_from = to;
        }
    }

    /// Copies pending bytes up to `start`, then replaces `start..end`.
    fn edit(&mut self, start: usize, end: usize, with: &str) {
        self.keep_to(start);
        self.b.replace(Span::new(start, end), with);
        self.copy_from = end;
    }

    /// Normalises character `c` at byte `i` (not ordinary ASCII): where the
    /// next character starts, and whether it starts a line (`line_start`:
    /// whether this one does).
    fn character(&mut self, i: usize, c: char, line_start: bool) -> (usize, bool) {
        let src = self.src;
        let len = c.len_utf8();
        // Elision markers: <…> (…) […] and their three-dot forms.
        if matches!(c, '<' | '(' | '[') {
            if let Some(n) = elision_len(&src[i..]) {
                self.edit(i, i + n, ELISION);
                return (i + n, false);
            }
        }
        match c {
            '\r' => {
                let n = if src.as_bytes().get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                self.edit(i, i + n, "\n");
                (i + n, true)
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => {
                self.edit(i, i + len, "\n");
                (i + len, true)
            }
            '\n' => (i + 1, true),
            c if is_space(c) => (self.collapse_spaces(i, c, line_start), line_start),
            c if is_invisible(c) => {
                self.edit(i, i + len, "");
                (i + len, line_start)
            }
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '\u{ff07}' => {
                self.edit(i, i + len, "'");
                (i + len, false)
            }
            '.' if src[i..].starts_with("...") && !src[i..].starts_with("....") => {
                self.edit(i, i + 3, "…");
                (i + 3, false)
            }
            '«' => (self.space_after_opening_guillemet(i, len), false),
            '»' => {
                // Exactly one space before a closing guillemet.
                if !(self.ends_with_space(i) || line_start) {
                    self.edit(i, i + len, " »");
                }
                (i + len, false)
            }
            _ => (i + len, false),
        }
    }

    /// A run of spaces from byte `i` (its first one `c`; invisible
    /// characters inside count): one space, or nothing at a line start or
    /// end. Returns where the run ends.
    fn collapse_spaces(&mut self, i: usize, c: char, line_start: bool) -> usize {
        let src = self.src;
        let mut j = i;
        while let Some(d) = src[j..].chars().next() {
            if !is_space(d) && !is_invisible(d) {
                break;
            }
            j += d.len_utf8();
        }
        let next = src[j..].chars().next();
        let at_end = matches!(
            next,
            None | Some('\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
        );
        if line_start || at_end {
            self.edit(i, j, "");
        } else if j - i != 1 || c != ' ' {
            self.edit(i, j, " ");
        }
        // A single plain space stays pending, copied with its run.
        j
    }

    /// Exactly one space after the opening guillemet at byte `i` (`len`
    /// bytes). Returns where the spaces after it end.
    fn space_after_opening_guillemet(&mut self, i: usize, len: usize) -> usize {
        let src = self.src;
        let mut j = i + len;
        while let Some(d) = src[j..].chars().next() {
            if !is_space(d) {
                break;
            }
            j += d.len_utf8();
        }
        if src[i + len..j] != *" " {
            self.edit(i, j, "« ");
        }
        j
    }

    /// Whether the output so far, pending bytes up to `at` included, ends
    /// with a space.
    fn ends_with_space(&self, at: usize) -> bool {
        let pending = self.src.get(self.copy_from..at).unwrap_or("");
        if !pending.is_empty() {
            return pending.ends_with(' ');
        }
        self.b.text().ends_with(' ')
    }
}

/// Puts text in NFC, grapheme by grapheme, composing the maps.
fn nfc(text: String, map: OffsetMap) -> (String, OffsetMap) {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return (text, map);
    }
    let mut b = TextBuilder::with_capacity(text.len());
    let mut pos = 0;
    for (at, g) in text.grapheme_indices(true) {
        let composed: String = g.nfc().collect();
        if composed != g {
            b.copy(&text, Span::new(pos, at));
            b.replace(Span::new(at, at + g.len()), &composed);
            pos = at + g.len();
        }
    }
    b.copy(&text, Span::new(pos, text.len()));
    let (nfc_text, nfc_map) = b.finish();
    (nfc_text, nfc_map.compose(&map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalise(s).0
    }

    #[test]
    fn apostrophes_spaces_and_guillemets() {
        assert_eq!(norm("l\u{2019}État"), "l'État");
        assert_eq!(norm("«\u{a0}Oui\u{a0}»"), "« Oui »");
        assert_eq!(norm("«Non»"), "« Non »");
        assert_eq!(norm("  deux   espaces  \r\nligne"), "deux espaces\nligne");
        assert_eq!(norm("Pourquoi\u{202f}?"), "Pourquoi ?");
    }

    #[test]
    fn ellipses_and_elisions() {
        assert_eq!(norm("Et puis..."), "Et puis…");
        assert_eq!(
            norm("nous commencerons <…> par"),
            "nous commencerons […] par"
        );
        assert_eq!(norm("il a dit (...) non"), "il a dit […] non");
    }

    #[test]
    fn invisible_characters_do_not_hide_patterns() {
        assert_eq!(norm(".\u{feff}..\u{e000}"), "…\u{e000}");
        assert_eq!(norm("«\u{200b} oui"), "« oui");
        let src = "a\u{200b}b";
        let (text, map) = normalise(src);
        assert_eq!(text, "ab");
        assert_eq!(map.map_span(Span::new(1, 2)), Span::new(4, 5));
    }

    #[test]
    fn nfc_composes_decomposed_letters() {
        let decomposed = "e\u{301}te\u{301}";
        let (text, map) = normalise(decomposed);
        assert_eq!(text, "été");
        assert_eq!(
            map.map_span(Span::new(0, text.len())),
            Span::new(0, decomposed.len())
        );
    }

    #[test]
    fn map_points_back_to_original_words() {
        let src = "Le\u{a0}\u{a0}préfet a parlé\u{2019}hier";
        let (text, map) = normalise(src);
        let at = text.find("préfet").expect("word kept");
        let span = map.map_span(Span::new(at, at + "préfet".len()));
        assert_eq!(&src[span.range()], "préfet");
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Normalisation never panics, its map covers its output, and
        /// normalising twice changes nothing.
        #[test]
        fn normalise_is_total_and_idempotent(s in "(?s).{0,120}") {
            let (text, map) = normalise(&s);
            prop_assert_eq!(map.derived_len(), text.len());
            let whole = map.map_span(Span::new(0, text.len()));
            prop_assert!(whole.end <= s.len());
            let (again, _) = normalise(&text);
            prop_assert_eq!(again, text);
        }

        /// The map is exact: its pieces tile the output, never go back in
        /// the source, and a copied piece is byte for byte the source range
        /// it names.
        #[test]
        fn copied_pieces_are_verbatim(s in "(?s)[a-zé .,:;!?«»<>()\\[\\]…'’\u{a0}\u{202f}\u{200b}\u{feff}\u{ad}\t\r\n\u{301}]{0,80}") {
            let (text, map) = normalise(&s);
            let mut derived = 0;
            let mut source = 0;
            for p in map.pieces() {
                prop_assert_eq!(p.derived_start, derived);
                prop_assert!(p.source_start >= source);
                if p.copied {
                    prop_assert_eq!(
                        &text[p.derived_start..p.derived_start + p.derived_len],
                        &s[p.source_start..p.source_start + p.source_len]
                    );
                }
                derived += p.derived_len;
                source = p.source_start + p.source_len;
            }
            prop_assert_eq!(derived, text.len());
            prop_assert!(source <= s.len());
        }
    }
}
