//! Which lines of a whole page are article: those the gold article body
//! holds, once white space is normalised.
//!
//! A page's line and the gold's paragraphs rarely match byte for byte (the
//! gold may join or split a paragraph, or hold a caption beside it), so a
//! line of [`NGRAM`] words or more is article when most of its words are
//! covered by word [`NGRAM`]-grams of the gold body; a shorter line (a
//! section heading, a one-line paragraph) only when it is a whole line of
//! the gold body, since a short line found inside the gold's prose ("Share",
//! "Sports") is chance.

use std::collections::HashSet;

/// Words of the n-grams a line's coverage is measured with.
pub const NGRAM: usize = 4;

/// Share of a long line's words the gold must cover for it to be article:
/// "a line mostly covered by gold body text".
pub const COVERED_SHARE: f64 = 0.5;

/// A gold article body, indexed for [`GoldBody::is_article`].
#[derive(Debug, Clone, Default)]
pub struct GoldBody {
    lines: HashSet<String>,
    ngrams: HashSet<Vec<String>>,
}

/// `text` with every run of white space one space, trimmed.
pub fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of `text`: runs of letters and digits, lower case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl GoldBody {
    /// Indexes a gold body.
    pub fn new(body: &str) -> GoldBody {
        let lines = body
            .lines()
            .map(normalise_space)
            .filter(|l| !l.is_empty())
            .collect();
        let all = words(body);
        let ngrams = all.windows(NGRAM).map(<[String]>::to_vec).collect();
        GoldBody { lines, ngrams }
    }

    /// Whether `line` of the page is article text.
    pub fn is_article(&self, line: &str) -> bool {
        let line = normalise_space(line);
        if self.lines.contains(&line) {
            return true;
        }
        let w = words(&line);
        if w.len() < NGRAM {
            return false;
        }
        let mut covered = vec![false; w.len()];
        for (i, gram) in w.windows(NGRAM).enumerate() {
            if self.ngrams.contains(gram) {
                covered[i..i + NGRAM].iter_mut().for_each(|c| *c = true);
            }
        }
        let n = covered.iter().filter(|&&c| c).count();
        n as f64 >= COVERED_SHARE * w.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_lines_and_mostly_covered_lines_are_article() {
        let gold = GoldBody::new(
            "The river rose two metres overnight, the mayor said.\n\nWHAT COMES NEXT\n\nCrews will inspect the dyke on Monday morning.",
        );
        assert!(gold.is_article("WHAT  COMES NEXT"));
        assert!(gold
            .is_article("The river rose two metres overnight, the mayor said. Photo: A. Reader"));
        assert!(!gold.is_article("Share"));
        assert!(!gold.is_article("the mayor"));
        assert!(!gold.is_article("Sign up for our newsletter to get the news first"));
    }
}
