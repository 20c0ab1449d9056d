//! The bundled data files and their parsers.

use rustc_hash::FxHashSet;

use regex::RegexBuilder;

use crate::{
    fold, Agency, BoilerplateKind, BoilerplatePattern, CreditPattern, Language, LexiconError,
    MAX_STOPWORD_BYTES,
};

pub(crate) const AGENCIES: &str = include_str!("../data/common/agencies.txt");

/// The raw files of one language.
pub(crate) struct Bundle {
    pub code: &'static str,
    pub abbreviations: &'static str,
    pub titles: &'static str,
    pub boilerplate: &'static str,
    pub credits: &'static str,
    pub clitics: &'static str,
    pub stopwords: &'static str,
}

macro_rules! bundle {
    ($code:literal) => {
        Bundle {
            code: $code,
            abbreviations: include_str!(concat!("../data/", $code, "/abbreviations.txt")),
            titles: include_str!(concat!("../data/", $code, "/titles.txt")),
            boilerplate: include_str!(concat!("../data/", $code, "/boilerplate.txt")),
            credits: include_str!(concat!("../data/", $code, "/credits.txt")),
            clitics: include_str!(concat!("../data/", $code, "/clitics.txt")),
            stopwords: include_str!(concat!("../data/", $code, "/stopwords.txt")),
        }
    };
}

/// Every bundled language. Adding a language: a data folder and a line here.
pub(crate) const LANGUAGES: &[Bundle] = &[
    bundle!("fr"),
    bundle!("en"),
    bundle!("es"),
    bundle!("de"),
    bundle!("it"),
];

/// What `{agency}` expands to: a short name of up to five words. The
/// caller checks the captured name against the agency list, which keeps the
/// expressions small and fast to build.
const AGENCY_SLOT: &str =
    r"(?P<agency>[\p{L}\p{N}][\p{L}\p{N}.'’&-]*(?:\s+[\p{L}\p{N}.'’&-]+){0,4}?)";

/// Content lines with their 1-based numbers: comments and blanks skipped.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn syntax(file: &str, line: usize, message: impl Into<String>) -> LexiconError {
    LexiconError::Syntax {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

pub(crate) fn parse_agencies(file: &str, text: &str) -> Result<Vec<Agency>, LexiconError> {
    let mut out = Vec::new();
    for (n, line) in lines(text) {
        let mut names = line.split('|').map(str::trim).filter(|s| !s.is_empty());
        let Some(name) = names.next() else {
            return Err(syntax(file, n, "an agency line needs a name"));
        };
        let mut aliases = vec![name.to_string()];
        aliases.extend(names.map(str::to_string));
        out.push(Agency {
            name: name.to_string(),
            aliases,
        });
    }
    Ok(out)
}

/// Parses the files of one bundled language.
pub(crate) fn parse_language(b: &Bundle) -> Result<Language, LexiconError> {
    let (abbreviations, ambiguous) = parse_abbreviations(b)?;
    let titles = lines(b.titles).map(|(_, l)| l.to_lowercase()).collect();
    let boilerplate = parse_boilerplate(b)?;
    let credits = parse_credits(b)?;
    let clitics = parse_clitics(b)?;
    let stopwords = parse_stopwords(b)?;
    Ok(Language {
        code: b.code,
        stopwords,
        clitic_prefixes: clitics.prefixes,
        clitic_suffixes: clitics.suffixes,
        whole_words: clitics.whole_words,
        abbreviations,
        ambiguous_abbreviations: ambiguous,
        titles,
        boilerplate,
        credits,
    })
}

/// `abbreviations.txt`: the abbreviations that always end a word (section
/// `[always]`, the default) and those that may also end a sentence
/// (`[ambiguous]`); each ends with '.'.
fn parse_abbreviations(b: &Bundle) -> Result<(FxHashSet<String>, FxHashSet<String>), LexiconError> {
    let abbr_file = format!("{}/abbreviations.txt", b.code);
    let mut abbreviations = FxHashSet::default();
    let mut ambiguous = FxHashSet::default();
    let mut section_always = true;
    for (n, line) in lines(b.abbreviations) {
        match line {
            "[always]" => section_always = true,
            "[ambiguous]" => section_always = false,
            l if l.starts_with('[') => {
                return Err(syntax(&abbr_file, n, format!("unknown section {l}")))
            }
            l if !l.ends_with('.') => {
                return Err(syntax(&abbr_file, n, "an abbreviation ends with '.'"))
            }
            l if section_always => {
                abbreviations.insert(l.to_string());
            }
            l => {
                ambiguous.insert(l.to_string());
            }
        }
    }
    Ok((abbreviations, ambiguous))
}

/// `boilerplate.txt`: `KIND: pattern` lines (exact, prefix, contains,
/// tail), each pattern with its folded form and its file and line.
fn parse_boilerplate(b: &Bundle) -> Result<Vec<BoilerplatePattern>, LexiconError> {
    let bp_file = format!("{}/boilerplate.txt", b.code);
    let mut boilerplate = Vec::new();
    for (n, line) in lines(b.boilerplate) {
        let Some((kind, pattern)) = line.split_once(':') else {
            return Err(syntax(&bp_file, n, "expected `KIND: pattern`"));
        };
        let kind = match kind.trim() {
            "exact" => BoilerplateKind::Exact,
            "prefix" => BoilerplateKind::Prefix,
            "contains" => BoilerplateKind::Contains,
            "tail" => BoilerplateKind::Tail,
            other => {
                return Err(syntax(
                    &bp_file,
                    n,
                    format!("unknown kind `{other}` (exact, prefix, contains, tail)"),
                ))
            }
        };
        let pattern = pattern.trim();
        // Prefix and contains patterns keep their trailing marks ("© ").
        let folded = match kind {
            BoilerplateKind::Exact | BoilerplateKind::Tail => fold(pattern),
            _ => pattern.to_lowercase().replace('\u{2019}', "'"),
        };
        if folded.trim().is_empty() {
            return Err(syntax(&bp_file, n, "empty pattern"));
        }
        boilerplate.push(BoilerplatePattern {
            kind,
            pattern: pattern.to_string(),
            folded,
            origin: format!("{bp_file}:{n}"),
        });
    }
    Ok(boilerplate)
}

/// `credits.txt`: credit-line patterns, each holding `{agency}` once,
/// compiled to whole-line, case-insensitive expressions.
fn parse_credits(b: &Bundle) -> Result<Vec<CreditPattern>, LexiconError> {
    let cr_file = format!("{}/credits.txt", b.code);
    let mut credits = Vec::new();
    for (n, line) in lines(b.credits) {
        if line.matches("{agency}").count() != 1 {
            return Err(syntax(
                &cr_file,
                n,
                "a credit pattern holds `{agency}` once",
            ));
        }
        let expanded = format!(r"^\s*(?:{})\s*$", line.replace("{agency}", AGENCY_SLOT));
        let regex = RegexBuilder::new(&expanded)
            .case_insensitive(true)
            .build()
            .map_err(|e| syntax(&cr_file, n, format!("bad expression: {e}")))?;
        credits.push(CreditPattern {
            regex,
            origin: format!("{cr_file}:{n}"),
        });
    }
    Ok(credits)
}

/// The clitics of a language (`clitics.txt`).
struct Clitics {
    /// Elided words split off the start of a word ("l'", "jusqu'"),
    /// longest first.
    prefixes: Vec<String>,
    /// Clitics split off the end of a word ("'s", "n't"), longest first.
    suffixes: Vec<String>,
    /// Words that keep their apostrophe ("aujourd'hui").
    whole_words: FxHashSet<String>,
}

/// `clitics.txt`: sections `[prefix]`, `[suffix]` and `[words]`.
fn parse_clitics(b: &Bundle) -> Result<Clitics, LexiconError> {
    let cl_file = format!("{}/clitics.txt", b.code);
    let mut clitic_prefixes = Vec::new();
    let mut clitic_suffixes = Vec::new();
    let mut whole_words = FxHashSet::default();
    let mut section = "";
    for (n, line) in lines(b.clitics) {
        match line {
            "[prefix]" | "[suffix]" | "[words]" => section = line,
            l => match section {
                "[prefix]" => clitic_prefixes.push(l.to_lowercase()),
                "[suffix]" => clitic_suffixes.push(l.to_lowercase()),
                "[words]" => {
                    whole_words.insert(l.to_lowercase());
                }
                _ => {
                    return Err(syntax(
                        &cl_file,
                        n,
                        "entry before any [prefix]/[suffix]/[words] section",
                    ))
                }
            },
        }
    }
    // Longest first, so "jusqu'" wins over "qu'".
    clitic_prefixes.sort_by_key(|c| std::cmp::Reverse(c.len()));
    clitic_suffixes.sort_by_key(|c| std::cmp::Reverse(c.len()));
    Ok(Clitics {
        prefixes: clitic_prefixes,
        suffixes: clitic_suffixes,
        whole_words,
    })
}

/// `stopwords.txt`: one lower-case word of letters a line, at most
/// [`MAX_STOPWORD_BYTES`] long.
fn parse_stopwords(b: &Bundle) -> Result<Vec<String>, LexiconError> {
    let sw_file = format!("{}/stopwords.txt", b.code);
    let mut stopwords = Vec::new();
    for (n, line) in lines(b.stopwords) {
        // Text is split into runs of letters before lookup, so an entry with
        // anything else in it could never match.
        if !line.chars().all(|c| c.is_alphabetic() && !c.is_uppercase()) {
            return Err(syntax(
                &sw_file,
                n,
                "a stop word is one lower-case word of letters only",
            ));
        }
        if line.len() > MAX_STOPWORD_BYTES {
            return Err(syntax(
                &sw_file,
                n,
                format!("a stop word is at most {MAX_STOPWORD_BYTES} bytes long"),
            ));
        }
        stopwords.push(line.to_string());
    }
    Ok(stopwords)
}
