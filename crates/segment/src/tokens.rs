//! Tokenisation with French and English conventions from the lexicon.
//!
//! Words keep inner hyphens ("porte-parole", "a-t-il") and inner dots
//! ("Novosti.Live", "U.S"); numbers keep decimal separators ("1,5", "3.2");
//! a final period is part of the token when it marks an abbreviation or an
//! initial ("M.", "J."); elided clitics split off by the lexicon's lists
//! ("l'" + "Ukraine", "Trump" + "'s"), except whole words ("aujourd'hui").

use filrouge_lexicon::Language;
use filrouge_model::{Span, TokenClass};

/// A token of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub class: TokenClass,
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str, lang: &Language) -> Vec<Token> {
    // About one token per five bytes of news text: one allocation, not a
    // series of regrowths.
    let mut out = Vec::with_capacity(text.len() / 5 + 4);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII needs no decoding.
        let c = match bytes[i] {
            b if b.is_ascii() => char::from(b),
            _ => match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            },
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c.is_alphanumeric() {
            let (end, apostrophe) = word_end(text, i);
            let end = with_abbreviation_dot(text, i, end, lang);
            push_word(text, Span::new(i, end), apostrophe, lang, &mut out);
            i = end;
            continue;
        }
        let len = c.len_utf8();
        if matches!(c, '.' | '!' | '?' | '…') {
            // A run of sentence-final marks is one token ("?!", "…").
            let mut end = i;
            while let Some(d) = text[end..].chars().next() {
                if !matches!(d, '.' | '!' | '?' | '…') {
                    break;
                }
                end += d.len_utf8();
            }
            out.push(Token {
                span: Span::new(i, end),
                class: TokenClass::Punct,
            });
            i = end;
            continue;
        }
        let class = if is_punct(c) {
            TokenClass::Punct
        } else {
            TokenClass::Symbol
        };
        out.push(Token {
            span: Span::new(i, i + len),
            class,
        });
        i += len;
    }
    out
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '«' | '»'
                | '“'
                | '”'
                | '„'
                | '‘'
                | '’'
                | '—'
                | '–'
                | '‐'
                | '¿'
                | '¡'
                | '·'
                | '‹'
                | '›'
        )
}

/// End of a word starting at `start` (an alphanumeric): alphanumerics
/// joined by inner hyphens, apostrophes and dots, and digits joined by `,` or
/// `.`. Also says whether an apostrophe was joined (only then can a clitic
/// be split off).
fn word_end(text: &str, start: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut at = start;
    let mut apostrophe = false;
    // The character before `at`; the first one is alphanumeric, so it is
    // only read after being set.
    let mut prev = ' ';
    while at < bytes.len() {
        let c = match bytes[at] {
            b if b.is_ascii() => char::from(b),
            _ => match text[at..].chars().next() {
                Some(c) => c,
                None => break,
            },
        };
        let len = c.len_utf8();
        if c.is_alphanumeric() {
            at += len;
            end = at;
            prev = c;
            continue;
        }
        let joiner = matches!(c, '-' | '\'' | '.' | ',' | '_' | '@' | '&');
        let next = text[at + len..].chars().next();
        let joins = match (c, next) {
            // Decimal comma only between digits.
            (',', Some(n)) => prev.is_ascii_digit() && n.is_ascii_digit(),
            // An apostrophe joins letters (clitics are split afterwards).
            (_, Some(n)) if joiner => n.is_alphanumeric(),
            _ => false,
        };
        if !joins {
            break;
        }
        apostrophe |= c == '\'';
        at += len;
        prev = c;
    }
    (end, apostrophe)
}

/// Extends a word over a following `.` when word + `.` is an abbreviation,
/// an initial, or a dotted acronym ("U.S" -> "U.S.").
fn with_abbreviation_dot(text: &str, start: usize, end: usize, lang: &Language) -> usize {
    if !text[end..].starts_with('.') || text[end..].starts_with("..") {
        return end;
    }
    let with_dot = &text[start..end + 1];
    let word = &text[start..end];
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    let acronym = word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 6;
    if lang.is_abbreviation(with_dot)
        || lang.is_ambiguous_abbreviation(with_dot)
        || initial
        || acronym
    {
        end + 1
    } else {
        end
    }
}

/// Pushes a word, splitting elided clitics off it. `apostrophe` says
/// whether the word holds one (most do not, and need no lower-casing or
/// lookup).
fn push_word(text: &str, span: Span, apostrophe: bool, lang: &Language, out: &mut Vec<Token>) {
    let word = &text[span.range()];
    let class = if word.starts_with(|c: char| c.is_ascii_digit()) {
        TokenClass::Number
    } else {
        TokenClass::Word
    };
    if !apostrophe {
        out.push(Token { span, class });
        return;
    }
    let lower = word.to_lowercase();
    if lang.whole_words.contains(&lower) || lower.len() != word.len() {
        out.push(Token { span, class });
        return;
    }
    if let Some(prefix) = lang
        .clitic_prefixes
        .iter()
        .find(|p| lower.starts_with(p.as_str()) && lower.len() > p.len())
    {
        let cut = span.start + prefix.len();
        out.push(Token {
            span: Span::new(span.start, cut),
            class: TokenClass::Word,
        });
        let rest = Span::new(cut, span.end);
        let apostrophe = text[rest.range()].contains('\'');
        return push_word(text, rest, apostrophe, lang, out);
    }
    if let Some(suffix) = lang
        .clitic_suffixes
        .iter()
        .find(|s| lower.ends_with(s.as_str()) && lower.len() > s.len())
    {
        let cut = span.end - suffix.len();
        out.push(Token {
            span: Span::new(span.start, cut),
            class,
        });
        out.push(Token {
            span: Span::new(cut, span.end),
            class: TokenClass::Word,
        });
        return;
    }
    out.push(Token { span, class });
}

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge_lexicon::Lexicon;

    fn toks(text: &str, code: &str) -> Vec<String> {
        let lang = Lexicon::bundled().language(code).expect("bundled language");
        tokenize(text, lang)
            .iter()
            .map(|t| text[t.span.range()].to_string())
            .collect()
    }

    #[test]
    fn french_conventions() {
        assert_eq!(
            toks(
                "M. Caradec l'a dit aujourd'hui : « 1,5 million », a-t-il ajouté.",
                "fr"
            ),
            [
                "M.",
                "Caradec",
                "l'",
                "a",
                "dit",
                "aujourd'hui",
                ":",
                "«",
                "1,5",
                "million",
                "»",
                ",",
                "a-t-il",
                "ajouté",
                "."
            ]
        );
        assert_eq!(
            toks("jusqu'à Valmorin-Actu.fr", "fr"),
            ["jusqu'", "à", "Valmorin-Actu.fr"]
        );
    }

    #[test]
    fn english_conventions() {
        assert_eq!(
            toks("The mayor's office didn't say (J. Doe, 3.2%).", "en"),
            [
                "The", "mayor", "'s", "office", "did", "n't", "say", "(", "J.", "Doe", ",", "3.2",
                "%", ")", "."
            ]
        );
    }

    proptest::proptest! {
        /// Tokens come in order, never overlap, never hold a space, and
        /// cover every non-space character of the text.
        #[test]
        fn tokens_tile_the_non_space_text(s in "[a-zé0-9 .,;'’\\-_@&!?…«»\"()\u{a0}\u{301}]{0,60}") {
            let lang = Lexicon::bundled().language("fr").expect("bundled language");
            let toks = tokenize(&s, lang);
            let mut pos = 0;
            for t in &toks {
                proptest::prop_assert!(t.span.start >= pos && t.span.end > t.span.start);
                proptest::prop_assert!(s[pos..t.span.start].chars().all(char::is_whitespace));
                proptest::prop_assert!(!s[t.span.range()].contains(char::is_whitespace));
                pos = t.span.end;
            }
            proptest::prop_assert!(s[pos..].chars().all(char::is_whitespace));
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in ["'", "-", "a'", "'a", ".'.", "x.", "l'", "É.", "\u{301}a"] {
            let _ = toks(t, "fr");
        }
    }
}
