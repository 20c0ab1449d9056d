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
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c.is_alphanumeric() {
            let end = word_end(text, i);
            let end = with_abbreviation_dot(text, i, end, lang);
            push_word(text, Span::new(i, end), lang, &mut out);
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

/// End of a word starting at `start`: alphanumerics joined by inner
/// hyphens, apostrophes and dots, and digits joined by `,` or `.`.
fn word_end(text: &str, start: usize) -> usize {
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = start + off + c.len_utf8();
            continue;
        }
        let joiner = matches!(c, '-' | '\'' | '.' | ',' | '_' | '@' | '&');
        let next = chars.peek().map(|&(_, n)| n);
        let prev = text[..start + off].chars().next_back();
        let joins = match (c, prev, next) {
            // Decimal comma only between digits.
            (',', Some(p), Some(n)) => p.is_ascii_digit() && n.is_ascii_digit(),
            // An apostrophe joins letters (clitics are split afterwards).
            (_, Some(_), Some(n)) if joiner => n.is_alphanumeric(),
            _ => false,
        };
        if !joins {
            break;
        }
    }
    end
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

/// Pushes a word, splitting elided clitics off it.
fn push_word(text: &str, span: Span, lang: &Language, out: &mut Vec<Token>) {
    let word = &text[span.range()];
    let class = if word.starts_with(|c: char| c.is_ascii_digit()) {
        TokenClass::Number
    } else {
        TokenClass::Word
    };
    // Most words hold no apostrophe: they need no lower-casing or lookup.
    if !word.contains('\'') {
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
        return push_word(text, Span::new(cut, span.end), lang, out);
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

    #[test]
    fn never_panics_on_odd_text() {
        for t in ["'", "-", "a'", "'a", ".'.", "x.", "l'", "É.", "\u{301}a"] {
            let _ = toks(t, "fr");
        }
    }
}
