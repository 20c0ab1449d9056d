//! Per-language knowledge for filrouge, as data.
//!
//! Every word list a stage needs (abbreviations, titles, boilerplate lines,
//! credit-line patterns, news agencies) lives in `data/<lang>/*.txt` and is
//! compiled into the binary, so a user's machine needs no extra files and a
//! new language is a new folder, not new code. `data/README.md` documents the
//! formats.
//!
//! Architecture invariant: this crate parses and indexes the data files; it
//! never decides what to do with a document. Stages ask it questions
//! ("is `M.` an abbreviation in French?") and own the decisions.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

use regex::Regex;

mod boilerplate;
mod files;
mod stopwords;

pub use boilerplate::BoilerplateIndex;
pub use stopwords::{StopwordCounts, StopwordIndex, MAX_STOPWORD_BYTES, MAX_STOPWORD_LANGUAGES};

/// An error in a bundled data file, naming the file and the line.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A line that does not follow the file's format.
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// The data file, e.g. `fr/boilerplate.txt`.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// How a boilerplate pattern matches a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoilerplateKind {
    /// The whole line equals the pattern.
    Exact,
    /// The line starts with the pattern.
    Prefix,
    /// A short line contains the pattern.
    Contains,
    /// The line equals or starts with the pattern, and the rest of the page
    /// after it is furniture too.
    Tail,
}

impl BoilerplateKind {
    /// The keyword used in the data file.
    pub fn as_str(&self) -> &'static str {
        match self {
            BoilerplateKind::Exact => "exact",
            BoilerplateKind::Prefix => "prefix",
            BoilerplateKind::Contains => "contains",
            BoilerplateKind::Tail => "tail",
        }
    }
}

/// One boilerplate pattern, already folded for matching.
#[derive(Debug, Clone)]
pub struct BoilerplatePattern {
    /// How it matches.
    pub kind: BoilerplateKind,
    /// The pattern as written in the data file.
    pub pattern: String,
    /// The folded form compared against folded lines.
    pub folded: String,
    /// Where it is defined (`fr/boilerplate.txt:12`), shown as evidence.
    pub origin: String,
}

/// A credit-line pattern with its `{agency}` slot expanded to a named group
/// `agency`; a line is a credit only when that group names a known agency
/// (see [`Lexicon::credited_agency`]).
#[derive(Debug, Clone)]
pub struct CreditPattern {
    /// The compiled, anchored, case-insensitive expression.
    pub regex: Regex,
    /// Where it is defined, shown as evidence.
    pub origin: String,
}

/// A news agency and the names it goes by.
#[derive(Debug, Clone)]
pub struct Agency {
    /// The canonical name ("AFP").
    pub name: String,
    /// Every accepted spelling, including the canonical one.
    pub aliases: Vec<String>,
}

/// Everything filrouge knows about one language.
#[derive(Debug)]
pub struct Language {
    /// ISO 639-1 code.
    pub code: &'static str,
    // Fx-hashed sets: fixed keys, looked up for words of every document.
    abbreviations: FxHashSet<String>,
    ambiguous_abbreviations: FxHashSet<String>,
    titles: FxHashSet<String>,
    /// Boilerplate line patterns.
    pub boilerplate: Vec<BoilerplatePattern>,
    /// Credit-line patterns.
    pub credits: Vec<CreditPattern>,
    /// Elided words split off the start of a word ("l'", "qu'"), lower case,
    /// longest first.
    pub clitic_prefixes: Vec<String>,
    /// Clitics split off the end of a word ("'s", "n't"), longest first.
    pub clitic_suffixes: Vec<String>,
    /// Words that keep their apostrophe ("aujourd'hui"), lower case.
    pub whole_words: FxHashSet<String>,
    /// Function words, lower case (indexed for all languages together in
    /// [`Lexicon::stopwords`]).
    pub stopwords: Vec<String>,
}

impl Language {
    /// `true` when `token` (with its final period, e.g. `M.`) never ends a sentence.
    pub fn is_abbreviation(&self, token: &str) -> bool {
        self.abbreviations.contains(token)
    }

    /// `true` when `token` may or may not end a sentence (`etc.`, `U.S.`).
    pub fn is_ambiguous_abbreviation(&self, token: &str) -> bool {
        self.ambiguous_abbreviations.contains(token)
    }

    /// `true` when `word` (any case) is a title or civility that stands
    /// before a name ("M.", "président", "spokesman").
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.contains(&word.to_lowercase())
    }
}

/// All bundled languages plus the language-independent agency list.
#[derive(Debug)]
pub struct Lexicon {
    languages: Vec<Language>,
    agencies: Vec<Agency>,
    /// Folded alias -> index in `agencies` (Fx-hashed: fixed keys, looked
    /// up for every bracketed phrase of every paragraph).
    agency_index: FxHashMap<String, usize>,
    /// Every language's boilerplate patterns, indexed together.
    boilerplate: BoilerplateIndex,
    /// Every language's function words, indexed together.
    stopwords: StopwordIndex,
}

impl Lexicon {
    /// The lexicon compiled into the binary, parsed once.
    ///
    /// The bundled files are checked by this crate's tests, so a syntax error
    /// here is a build defect; it is still reported, never panicked on, by
    /// [`Lexicon::try_bundled`].
    pub fn bundled() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            Lexicon::try_bundled().unwrap_or_else(|e| {
                // Fall back to an empty lexicon rather than aborting analysis;
                // the tests guarantee this branch is never taken in a release.
                eprintln!("filrouge: bundled lexicon is invalid: {e}");
                Lexicon::from_parts(Vec::new(), Vec::new())
                    .unwrap_or_else(|_| unreachable!("an empty lexicon always indexes"))
            })
        })
    }

    /// Parses the bundled data files.
    pub fn try_bundled() -> Result<Lexicon, LexiconError> {
        let agencies = files::parse_agencies("common/agencies.txt", files::AGENCIES)?;
        let mut languages = Vec::new();
        for bundle in files::LANGUAGES {
            languages.push(files::parse_language(bundle)?);
        }
        Lexicon::from_parts(languages, agencies)
    }

    /// Builds the lookup indexes over parsed languages and agencies.
    fn from_parts(
        languages: Vec<Language>,
        agencies: Vec<Agency>,
    ) -> Result<Lexicon, LexiconError> {
        let mut agency_index = FxHashMap::default();
        for (i, agency) in agencies.iter().enumerate() {
            for alias in &agency.aliases {
                agency_index.entry(fold(alias)).or_insert(i);
            }
        }
        let boilerplate = BoilerplateIndex::new(
            languages
                .iter()
                .flat_map(|l| l.boilerplate.iter().cloned())
                .collect(),
        )?;
        let stopwords = StopwordIndex::new(
            languages
                .iter()
                .filter(|l| !l.stopwords.is_empty())
                .map(|l| (l.code, l.stopwords.clone()))
                .collect(),
        )?;
        Ok(Lexicon {
            languages,
            agencies,
            agency_index,
            boilerplate,
            stopwords,
        })
    }

    /// Every language's boilerplate patterns, indexed for one-pass matching.
    pub fn boilerplate(&self) -> &BoilerplateIndex {
        &self.boilerplate
    }

    /// Every language's function words, indexed to score a text against all
    /// of them in one pass.
    pub fn stopwords(&self) -> &StopwordIndex {
        &self.stopwords
    }

    /// The data for language `code`, if bundled.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// Every bundled language.
    pub fn languages(&self) -> &[Language] {
        &self.languages
    }

    /// The canonical name of the agency written `name` (any case), if known.
    pub fn agency(&self, name: &str) -> Option<&Agency> {
        let index = *self.agency_index.get(&fold(name))?;
        self.agencies.get(index)
    }

    /// The agency credited by `line` when the whole line is a credit
    /// ("Source : agence tass", "(AFP)"), with the pattern that matched.
    pub fn credited_agency(&self, line: &str) -> Option<(&Agency, &CreditPattern)> {
        for lang in &self.languages {
            for pattern in &lang.credits {
                let Some(caps) = pattern.regex.captures(line) else {
                    continue;
                };
                if let Some(agency) = caps.name("agency").and_then(|m| self.agency(m.as_str())) {
                    return Some((agency, pattern));
                }
            }
        }
        None
    }

    /// Every known agency.
    pub fn agencies(&self) -> &[Agency] {
        &self.agencies
    }
}

/// Marks trimmed from the end of a folded line.
const FOLD_TRAILING: &[char] = &['.', ':', '*', '!', ' ', '…', '>', '»', '|', '-', '–', '—'];

/// Hands `c` to `push` lower-cased and without its accent ("É" -> 'e',
/// "œ" -> "oe"), with curly apostrophes straightened and Unicode hyphens
/// made ASCII: the comparison form of a letter, for names and vocabulary
/// that must match however they are accented or capitalised.
pub fn push_unaccented(c: char, mut push: impl FnMut(char)) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ÿ' | 'Ÿ' => 'y',
        'œ' | 'Œ' => {
            push('o');
            push('e');
            return;
        }
        'æ' | 'Æ' => {
            push('a');
            push('e');
            return;
        }
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '´' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        c if c.is_uppercase() => {
            c.to_lowercase().for_each(push);
            return;
        }
        c => c,
    };
    push(base);
}

/// `text` in comparison form (see [`push_unaccented`]).
pub fn unaccented(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_unaccented(c, |x| out.push(x));
    }
    out
}

/// Folds text for boilerplate and alias comparison: lower case, curly
/// apostrophes straightened, runs of spaces collapsed, trailing punctuation,
/// asterisks and colons trimmed.
pub fn fold(text: &str) -> String {
    Folded::new(text).into_folded()
}

/// The general case of [`fold`], character by character.
fn fold_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => '\'',
            '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    let kept = out.trim_end_matches(FOLD_TRAILING).len();
    out.truncate(kept);
    out
}

/// A line in lower case (what `prefix` and `contains` boilerplate patterns
/// are matched against) and folded (as [`fold`] gives it, for `exact` and
/// `tail` patterns and aliases), made in one pass.
///
/// Cleaned text is already normalised (single spaces, straight
/// apostrophes), and then folding is lower-casing plus trimming the end: the
/// folded line is a prefix of the lower-case one and costs nothing more.
/// Other text takes the general path.
#[derive(Debug, Clone)]
pub struct Folded {
    lower: String,
    /// The folded line when it is not a prefix of `lower`.
    folded: Option<String>,
    /// Length of the folded prefix of `lower` otherwise.
    prefix: usize,
}

impl Folded {
    /// Lower-cases and folds `text`.
    pub fn new(text: &str) -> Self {
        let mut lower = String::with_capacity(text.len());
        // Whether folding is lower-casing plus trimming the end: no
        // whitespace at either end or in runs, no other whitespace than a
        // plain space, no curly apostrophe.
        let mut plain =
            !text.starts_with(char::is_whitespace) && !text.ends_with(char::is_whitespace);
        // A capital sigma lower-cases by context in `str::to_lowercase`.
        let mut sigma = false;
        let mut prev_space = false;
        for c in text.chars() {
            if c.is_ascii() {
                let space = c == ' ';
                let odd_space = (space && prev_space) || matches!(c, '\t'..='\r');
                plain &= !odd_space;
                prev_space = space;
                lower.push(c.to_ascii_lowercase());
            } else {
                plain &= !c.is_whitespace() && !matches!(c, '\u{2019}' | '\u{2018}' | '\u{02bc}');
                sigma |= c == 'Σ';
                prev_space = false;
                lower.extend(c.to_lowercase());
            }
        }
        if sigma {
            // Rare: redo both the general way.
            lower = text.to_lowercase();
            plain = false;
        }
        let (folded, prefix) = if plain {
            (None, lower.trim_end_matches(FOLD_TRAILING).len())
        } else {
            (Some(fold_chars(text)), 0)
        };
        Folded {
            lower,
            folded,
            prefix,
        }
    }

    /// The text in lower case (as `str::to_lowercase` gives it).
    pub fn lower(&self) -> &str {
        &self.lower
    }

    /// The text folded (as [`fold`] gives it).
    pub fn folded(&self) -> &str {
        match &self.folded {
            Some(f) => f,
            None => &self.lower[..self.prefix],
        }
    }

    /// The folded text, owned.
    pub fn into_folded(self) -> String {
        match self.folded {
            Some(f) => f,
            None => {
                let mut lower = self.lower;
                lower.truncate(self.prefix);
                lower
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_lose_accents_and_case() {
        assert_eq!(unaccented("Éléonore Œuvre l’Été"), "eleonore oeuvre l'ete");
    }

    #[test]
    fn bundled_files_parse() {
        let lex = Lexicon::try_bundled().expect("bundled lexicon must parse");
        for code in ["fr", "en", "es", "de", "it"] {
            assert!(lex.language(code).is_some(), "missing language {code}");
        }
    }

    #[test]
    fn french_knows_its_civilities() {
        let lex = Lexicon::bundled();
        let fr = lex.language("fr").expect("fr");
        assert!(fr.is_abbreviation("M."));
        assert!(fr.is_title("Mme"));
        assert!(fr
            .boilerplate
            .iter()
            .any(|p| p.kind == BoilerplateKind::Tail));
    }

    #[test]
    fn boilerplate_index_matches_by_kind() {
        let index = Lexicon::bundled().boilerplate();
        let any = |_: &BoilerplatePattern| true;
        let hit = |line: &str| {
            index
                .line_match(&fold(line), &line.to_lowercase(), any)
                .map(|p| p.kind)
        };
        assert_eq!(hit("Laisser un commentaire"), Some(BoilerplateKind::Tail));
        assert_eq!(
            hit("Lire aussi : la crue de 1910"),
            Some(BoilerplateKind::Prefix)
        );
        assert_eq!(hit("Le maire veut lire aussi le rapport."), None);
        // A prefix pattern found inside a longer one at the start of the
        // line is not at the start itself: the longer one is the evidence.
        let origin = |line: &str| {
            index
                .line_match(&fold(line), &line.to_lowercase(), any)
                .map(|p| p.pattern.as_str())
        };
        assert_eq!(origin("À lire aussi : la suite"), Some("À lire aussi"));
        assert_eq!(origin("Copyright © 2025 Journal"), Some("Copyright ©"));
        assert!(index.tail_match(&fold("Laisser un commentaire")).is_some());
        assert!(index.tail_match(&fold("Laisser un commentairex")).is_none());
    }

    #[test]
    fn agencies_resolve_aliases() {
        let lex = Lexicon::bundled();
        assert_eq!(
            lex.agency("agence tass").map(|a| a.name.as_str()),
            Some("TASS")
        );
        assert_eq!(
            lex.agency("Agence France-Presse").map(|a| a.name.as_str()),
            Some("AFP")
        );
    }

    #[test]
    fn credit_patterns_match_whole_lines() {
        let lex = Lexicon::bundled();
        let hits = |line: &str| lex.credited_agency(line).is_some();
        assert!(hits("Source : AFP"));
        assert!(hits("(AFP)"));
        assert_eq!(
            lex.credited_agency("Source: agence tass")
                .map(|(a, _)| a.name.as_str()),
            Some("TASS")
        );
        assert!(!hits("Source : le maire"));
        assert!(!hits("L'AFP a publié hier une longue enquête sur le port."));
    }

    #[test]
    fn every_language_has_function_words_that_tell_it_apart() {
        let index = Lexicon::bundled().stopwords();
        let samples = [
            ("fr", "Le maire a présenté son projet aux habitants, qui ne sont pas convaincus."),
            ("en", "The mayor presented his plan to the residents, who are not convinced."),
            ("es", "El alcalde presentó su proyecto a los vecinos, que no están convencidos."),
            ("de", "Der Bürgermeister hat den Bewohnern seinen Plan vorgestellt, die nicht überzeugt sind."),
            ("it", "Il sindaco ha presentato il suo progetto agli abitanti, che non sono convinti."),
        ];
        for (code, text) in samples {
            let counts = index.count(text);
            let hits = counts.hits(code).unwrap_or(0);
            assert!(
                hits > counts.best_other(code),
                "{code}: {:?}",
                counts.iter().collect::<Vec<_>>()
            );
        }
    }

    proptest::proptest! {
        /// The one-pass fold and lower case agree with the general ones.
        #[test]
        fn folded_matches_fold_and_lowercase(s in "[a-zA-Z éÉΣσ.:*!…»|'’\u{a0}\u{202f}\t\n-]{0,40}") {
            let f = Folded::new(&s);
            proptest::prop_assert_eq!(f.folded(), fold_chars(&s));
            proptest::prop_assert_eq!(f.lower(), s.to_lowercase());
        }
    }

    #[test]
    fn fold_ignores_case_and_trailing_marks() {
        assert_eq!(fold("  Nom  * "), "nom");
        assert_eq!(fold("Laisser un commentaire :"), "laisser un commentaire");
        assert_eq!(fold("L\u{2019}essentiel"), "l'essentiel");
    }
}
