//! Sentence boundaries over tokens.
//!
//! A sentence ends at a run of `.`, `!`, `?` or `…` when the next token can
//! open a sentence: a capital, a digit, an opening quote or a dash; at an
//! ambiguous abbreviation such as "etc." or "sept." only before a capital. Closing quotes and brackets
//! right after the stop stay with the sentence they close. Abbreviations,
//! titles and initials never end a sentence (the tokenizer keeps their
//! period inside the word).

use filrouge_lexicon::Language;
use filrouge_model::{Span, TokenClass};

use crate::Token;

/// Sentence spans of `text`, given its tokens.
pub fn split_sentences(text: &str, tokens: &[Token], lang: &Language) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    // Straight double quotes open and close alternately.
    let mut straight_open = false;
    while i < tokens.len() {
        let t = tokens[i];
        let s = &text[t.span.range()];
        start.get_or_insert(t.span.start);
        if s == "\"" {
            straight_open = !straight_open;
        }
        let abbreviation =
            t.class == TokenClass::Word && s.ends_with('.') && lang.is_ambiguous_abbreviation(s);
        let stop = abbreviation
            || (t.class == TokenClass::Punct
                && s.chars().all(|c| matches!(c, '.' | '!' | '?' | '…')));
        if !stop {
            i += 1;
            continue;
        }
        // Closing marks after the stop belong to this sentence.
        let mut end = i;
        while let Some(next) = tokens.get(end + 1) {
            let n = &text[next.span.range()];
            let closes =
                matches!(n, "»" | "”" | ")" | "]" | "’" | "'") || (n == "\"" && straight_open);
            if !closes {
                break;
            }
            if n == "\"" {
                straight_open = false;
            }
            end += 1;
        }
        let opens_next = match tokens.get(end + 1) {
            None => true,
            // After an ambiguous abbreviation only a capital opens one: a
            // figure goes on the same sentence ("27 sept. 2025 (AFP) -").
            Some(next) if abbreviation => text[next.span.range()]
                .chars()
                .next()
                .is_some_and(char::is_uppercase),
            Some(next) => opens_sentence(&text[next.span.range()]),
        };
        if opens_next {
            if let Some(s0) = start.take() {
                out.push(Span::new(s0, tokens[end].span.end));
            }
        }
        i = end + 1;
    }
    if let (Some(s0), Some(last)) = (start, tokens.last()) {
        out.push(Span::new(s0, last.span.end));
    }
    out
}

/// Whether a token can be the first of a sentence.
fn opens_sentence(token: &str) -> bool {
    let Some(c) = token.chars().next() else {
        return false;
    };
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '«' | '“' | '"' | '(' | '[' | '—' | '–' | '-' | '¿' | '¡' | '‘' | '„'
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;
    use filrouge_lexicon::Lexicon;

    fn split(text: &str, code: &str) -> Vec<String> {
        let lang = Lexicon::bundled().language(code).expect("bundled language");
        let toks = tokenize(text, lang);
        split_sentences(text, &toks, lang)
            .iter()
            .map(|s| text[s.range()].to_string())
            .collect()
    }

    #[test]
    fn titles_initials_and_dotted_names_do_not_split() {
        let t = "M. Caradec a rencontré Mme Ferrand et le Dr. Vidal hier. Selon J. Marin, le site Valmorin.Info l'a confirmé. La hausse atteint 2.5 points.";
        assert_eq!(
            split(t, "fr"),
            [
                "M. Caradec a rencontré Mme Ferrand et le Dr. Vidal hier.",
                "Selon J. Marin, le site Valmorin.Info l'a confirmé.",
                "La hausse atteint 2.5 points.",
            ]
        );
    }

    #[test]
    fn guillemets_stay_with_their_sentence() {
        let t = "« Nous ne céderons pas. Jamais. », a-t-il lancé. « Pourquoi ? » a demandé un élu. Il n'a pas répondu.";
        assert_eq!(
            split(t, "fr"),
            [
                "« Nous ne céderons pas.",
                "Jamais. », a-t-il lancé.",
                "« Pourquoi ? » a demandé un élu.",
                "Il n'a pas répondu.",
            ]
        );
    }

    #[test]
    fn a_sentence_may_open_with_a_quote() {
        let t = "Le maire a pris la parole. « C'est un jour noir », a-t-il dit.";
        assert_eq!(split(t, "fr").len(), 2);
    }

    #[test]
    fn english_abbreviations() {
        let t = "Mr. Doe met Gov. Hale at 3 p.m. on Friday. They spoke for an hour.";
        assert_eq!(
            split(t, "en"),
            [
                "Mr. Doe met Gov. Hale at 3 p.m. on Friday.",
                "They spoke for an hour."
            ]
        );
    }

    #[test]
    fn an_ambiguous_abbreviation_ends_a_sentence_before_a_capital_only() {
        let t = "Brestanville, 3 sept. 2024 (XPA) - Le pont a rouvert. Il y avait des camions, des cars, etc. Les riverains ont applaudi. Ils étaient sept. 12 policiers veillaient.";
        assert_eq!(
            split(t, "fr"),
            [
                "Brestanville, 3 sept. 2024 (XPA) - Le pont a rouvert.",
                "Il y avait des camions, des cars, etc.",
                "Les riverains ont applaudi.",
                "Ils étaient sept. 12 policiers veillaient.",
            ]
        );
    }

    #[test]
    fn text_without_final_stop_is_one_sentence() {
        assert_eq!(split("Le coût des travaux", "fr"), ["Le coût des travaux"]);
    }
}
