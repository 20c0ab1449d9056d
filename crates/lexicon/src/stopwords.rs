//! One index over every language's function words, so a text is scored
//! against all bundled languages in a single pass over its words.
//!
//! The index only counts; what a count means (is this paragraph in the
//! document's language?) is decided by the stage that asks.

use rustc_hash::FxHashMap;

use crate::LexiconError;

/// Most languages one index can tell apart: each word keeps the set of
/// languages it belongs to as bits of a `u64`.
pub const MAX_STOPWORD_LANGUAGES: usize = 64;

/// Longest stop word, in bytes (UTF-8). A word is looked up as its bytes
/// packed into a `u128`, which hashes and compares in a couple of
/// instructions; longer words are counted but never looked up.
pub const MAX_STOPWORD_BYTES: usize = 16;

/// Every bundled language's function words, indexed together.
#[derive(Debug, Clone, Default)]
pub struct StopwordIndex {
    /// Language codes, in bundle order; bit `i` of a mask is `codes[i]`.
    codes: Vec<&'static str>,
    /// Lower-case word (packed by [`key`]) -> the languages whose list
    /// holds it. Every word of every paragraph is looked up, so the hash is
    /// the cheap, non-randomised Fx hash (the keys are our own lists, not
    /// input).
    words: FxHashMap<u128, u64>,
    /// Longest listed word in bytes: longer words skip the lookup.
    max_len: usize,
}

/// How many words of a text are function words of each language.
#[derive(Debug, Clone)]
pub struct StopwordCounts<'a> {
    index: &'a StopwordIndex,
    /// Words seen (runs of letters).
    pub words: u32,
    hits: [u32; MAX_STOPWORD_LANGUAGES],
    /// Hits on words that are on one language's list only.
    own: [u32; MAX_STOPWORD_LANGUAGES],
}

impl StopwordIndex {
    /// Indexes `(code, words)` lists, one per language, in bundle order.
    pub(crate) fn new(lists: Vec<(&'static str, Vec<String>)>) -> Result<Self, LexiconError> {
        if lists.len() > MAX_STOPWORD_LANGUAGES {
            return Err(LexiconError::Syntax {
                file: "*/stopwords.txt".into(),
                line: 0,
                message: format!(
                    "{} languages have stop words; the index holds at most {MAX_STOPWORD_LANGUAGES}",
                    lists.len()
                ),
            });
        }
        let mut index = StopwordIndex::default();
        for (bit, (code, list)) in lists.into_iter().enumerate() {
            index.codes.push(code);
            for word in list {
                if word.is_empty() || word.len() > MAX_STOPWORD_BYTES || word.contains('\0') {
                    return Err(LexiconError::Syntax {
                        file: format!("{code}/stopwords.txt"),
                        line: 0,
                        message: format!(
                            "`{word}`: a stop word is 1 to {MAX_STOPWORD_BYTES} bytes long"
                        ),
                    });
                }
                index.max_len = index.max_len.max(word.len());
                *index.words.entry(key(word.as_bytes())).or_insert(0) |= 1 << bit;
            }
        }
        Ok(index)
    }

    /// Codes of the languages that have a stop-word list.
    pub fn codes(&self) -> &[&'static str] {
        &self.codes
    }

    /// Whether language `code` has a stop-word list.
    pub fn knows(&self, code: &str) -> bool {
        self.codes.contains(&code)
    }

    /// Whether `word` is a function word of any bundled language (case is
    /// ignored).
    pub fn contains(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        lower.len() <= self.max_len && self.words.contains_key(&key(lower.as_bytes()))
    }

    /// Counts the words of `text` (runs of letters; apostrophes and hyphens
    /// split words, as the lists expect) and, per language, how many of them
    /// are on its list. Case is ignored.
    pub fn count(&self, text: &str) -> StopwordCounts<'_> {
        let mut counts = StopwordCounts {
            index: self,
            words: 0,
            hits: [0; MAX_STOPWORD_LANGUAGES],
            own: [0; MAX_STOPWORD_LANGUAGES],
        };
        let mut buf = [0u8; MAX_STOPWORD_BYTES];
        let mut len = 0usize;
        // A word too long for the buffer or the lists: counted, not looked up.
        let mut too_long = false;
        let mut in_word = false;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i <= bytes.len() {
            // The letter at `i`, lower-cased, or `None` at a word boundary.
            let (letter, step) = match bytes.get(i) {
                None => (None, 1),
                Some(&b) if b.is_ascii() => {
                    (b.is_ascii_alphabetic().then(|| b.to_ascii_lowercase()), 1)
                }
                Some(_) => {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    let step = c.len_utf8();
                    if c.is_alphabetic() {
                        in_word = true;
                        for l in c.to_lowercase() {
                            let mut enc = [0u8; 4];
                            let s = l.encode_utf8(&mut enc);
                            if len + s.len() <= self.max_len {
                                buf[len..len + s.len()].copy_from_slice(s.as_bytes());
                                len += s.len();
                            } else {
                                too_long = true;
                            }
                        }
                        i += step;
                        continue;
                    }
                    (None, step)
                }
            };
            match letter {
                Some(l) => {
                    in_word = true;
                    if len < self.max_len {
                        buf[len] = l;
                        len += 1;
                    } else {
                        too_long = true;
                    }
                }
                None if in_word => {
                    counts.words += 1;
                    if !too_long {
                        self.add_hits(&buf[..len], &mut counts);
                    }
                    in_word = false;
                    too_long = false;
                    len = 0;
                }
                None => {}
            }
            i += step;
        }
        counts
    }

    fn add_hits(&self, word: &[u8], counts: &mut StopwordCounts<'_>) {
        let Some(&mask) = self.words.get(&key(word)) else {
            return;
        };
        if mask.count_ones() == 1 {
            counts.own[mask.trailing_zeros() as usize] += 1;
        }
        let mut mask = mask;
        while mask != 0 {
            let bit = mask.trailing_zeros() as usize;
            counts.hits[bit] += 1;
            mask &= mask - 1;
        }
    }
}

/// A word of at most [`MAX_STOPWORD_BYTES`] bytes, packed into an integer.
/// Words hold no NUL byte, so the zero padding keeps keys distinct.
fn key(word: &[u8]) -> u128 {
    let mut bytes = [0u8; MAX_STOPWORD_BYTES];
    let len = word.len().min(MAX_STOPWORD_BYTES);
    bytes[..len].copy_from_slice(&word[..len]);
    u128::from_le_bytes(bytes)
}

impl StopwordCounts<'_> {
    /// Function words of language `code` in the text, or `None` when that
    /// language has no list.
    pub fn hits(&self, code: &str) -> Option<u32> {
        let i = self.index.codes.iter().position(|&c| c == code)?;
        Some(self.hits[i])
    }

    /// Each listed language with its count, in bundle order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, u32)> + '_ {
        self.by_language(&self.hits)
    }

    /// Each listed language with its count of function words no other
    /// listed language has ("les" is French only; "de" is not), in bundle
    /// order: what tells close languages apart.
    pub fn own(&self) -> impl Iterator<Item = (&'static str, u32)> + '_ {
        self.by_language(&self.own)
    }

    /// `counts` beside their languages' codes.
    fn by_language<'s>(
        &'s self,
        counts: &'s [u32; MAX_STOPWORD_LANGUAGES],
    ) -> impl Iterator<Item = (&'static str, u32)> + 's {
        self.index.codes.iter().zip(counts).map(|(&c, &n)| (c, n))
    }

    /// The highest count among languages other than `code`.
    pub fn best_other(&self, code: &str) -> u32 {
        self.iter()
            .filter(|&(c, _)| c != code)
            .map(|(_, h)| h)
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> StopwordIndex {
        StopwordIndex::new(vec![
            (
                "fr",
                vec!["le".into(), "la".into(), "l".into(), "été".into()],
            ),
            ("en", vec!["the".into(), "la".into()]),
        ])
        .expect("two languages index")
    }

    #[test]
    fn one_word_is_looked_up_in_every_language() {
        let idx = index();
        assert!(idx.contains("Été") && idx.contains("THE") && idx.contains("la"));
        assert!(
            !idx.contains("chat")
                && !idx.contains("")
                && !idx.contains("anticonstitutionnellement")
        );
    }

    #[test]
    fn counts_words_and_hits_per_language() {
        let idx = index();
        let c = idx.count("Le chat de LA voisine, l'ÉTÉ dernier. The end");
        assert_eq!(c.words, 10);
        assert_eq!(c.hits("fr"), Some(4));
        assert_eq!(c.hits("en"), Some(2));
        assert_eq!(c.hits("de"), None);
        assert_eq!(c.best_other("fr"), 2);
    }

    #[test]
    fn long_words_and_odd_text_are_counted_safely() {
        let idx = index();
        let long = "x".repeat(100);
        let c = idx.count(&format!("{long} le"));
        assert_eq!((c.words, c.hits("fr")), (2, Some(1)));
        for t in ["", "'", "\u{301}", "1,5 %", "ß", "İstanbul"] {
            let _ = idx.count(t);
        }
    }
}
