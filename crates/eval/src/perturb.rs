//! Damage done to gold text on purpose, to measure how a tagger copes with
//! the text crawlers deliver: all capitals (headlines, wire slugs), all
//! lower case (credits such as "agence tass"), typographic apostrophes and
//! OCR-like character errors. The gold spans stay as they are: tokens
//! change, token boundaries do not, so one scorer serves every variant.

use crate::formats::entities::NerDocument;
use crate::score::SplitMix64;

/// A kind of damage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perturbation {
    /// Every letter upper case.
    Upper,
    /// Every letter lower case.
    Lower,
    /// Straight apostrophes and quotes made typographic (’ « »).
    Curly,
    /// About one letter in twenty-five replaced by one an OCR engine
    /// confuses it with (e/c, l/1, o/0, n/u, i/l), at fixed positions.
    Ocr,
}

impl std::str::FromStr for Perturbation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "upper" => Ok(Perturbation::Upper),
            "lower" => Ok(Perturbation::Lower),
            "curly" => Ok(Perturbation::Curly),
            "ocr" => Ok(Perturbation::Ocr),
            other => Err(format!(
                "unknown perturbation {other:?} (upper, lower, curly, ocr)"
            )),
        }
    }
}

/// Share of letters an OCR perturbation replaces, as one in this many.
const OCR_ONE_IN: u64 = 25;

/// The letter an OCR engine reads for `c`, if it is a letter it confuses.
fn ocr_confusion(c: char) -> Option<char> {
    Some(match c {
        'e' => 'c',
        'c' => 'e',
        'l' => '1',
        'o' => '0',
        'n' => 'u',
        'u' => 'n',
        'i' => 'l',
        'E' => 'F',
        'O' => '0',
        'I' => 'l',
        _ => return None,
    })
}

/// Applies `p` to every token of `docs`.
pub fn perturb(docs: &mut [NerDocument], p: Perturbation) {
    // A fixed sequence: the same damage on every run.
    let mut random = SplitMix64::new(SplitMix64::GAMMA);
    for doc in docs.iter_mut() {
        for token in doc.tokens.iter_mut() {
            *token = match p {
                Perturbation::Upper => token.to_uppercase(),
                Perturbation::Lower => token.to_lowercase(),
                Perturbation::Curly => token.replace('\'', "\u{2019}").replace("\"", "\u{201d}"),
                Perturbation::Ocr => token
                    .chars()
                    .map(|c| match ocr_confusion(c) {
                        Some(x) if random.next_u64().is_multiple_of(OCR_ONE_IN) => x,
                        _ => c,
                    })
                    .collect(),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(tokens: &[&str]) -> NerDocument {
        NerDocument {
            id: "d".into(),
            tokens: tokens.iter().map(|t| t.to_string()).collect(),
            space_after: vec![true; tokens.len()],
            gold: Vec::new(),
        }
    }

    #[test]
    fn damage_keeps_token_boundaries_and_is_repeatable() {
        let mut a = vec![doc(&["L'", "élection", "de", "Marie", "Curie"])];
        perturb(&mut a, Perturbation::Upper);
        assert_eq!(a[0].tokens, ["L'", "ÉLECTION", "DE", "MARIE", "CURIE"]);
        let mut b = vec![doc(&["l'", "homme"])];
        perturb(&mut b, Perturbation::Curly);
        assert_eq!(b[0].tokens, ["l\u{2019}", "homme"]);
        let text: Vec<String> = (0..200).map(|_| "nouvelle".to_string()).collect();
        let tokens: Vec<&str> = text.iter().map(String::as_str).collect();
        let (mut x, mut y) = (vec![doc(&tokens)], vec![doc(&tokens)]);
        perturb(&mut x, Perturbation::Ocr);
        perturb(&mut y, Perturbation::Ocr);
        assert_eq!(x[0].tokens, y[0].tokens);
        let changed = x[0].tokens.iter().filter(|t| *t != "nouvelle").count();
        assert!(changed > 20 && changed < 150, "{changed}");
    }
}
