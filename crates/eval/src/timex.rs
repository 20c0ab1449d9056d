//! Time-expression (TIMEX3) evaluation against TimeML gold files, scored the
//! way the TempEval-3 toolkit scores task A (UzZaman et al., SemEval 2013).
//!
//! # Reading gold files
//!
//! Two formats are read into the same [`TimemlDocument`]: inline TimeML
//! (below) and the CAT XML of the NewsReader MEANTIME corpus
//! ([`crate::cat`]). [`read_gold_dir`] reads a folder holding either.
//!
//! [`read_timeml`] reads one inline-TimeML file with a small hand-written
//! tag scanner (no XML crate). [`TimemlDocument::text`] is the content of
//! the single `<TEXT>` element with every tag removed, comments and
//! processing instructions dropped, character references (`&amp;`, `&lt;`,
//! `&gt;`, `&quot;`, `&apos;`, `&#NN;`, `&#xNN;`) decoded, CDATA kept
//! literally, and whitespace left exactly as it is in the file (no line-end
//! normalisation), so byte offsets into it are stable:
//! `&doc.text[t.start..t.end] == t.text` for every in-text [`GoldTimex`].
//! Only `TIMEX3` elements inside `<TEXT>` with a non-empty extent are
//! in-text expressions; the `TIMEX3` inside `<DCT>` becomes
//! [`TimemlDocument::dct`] (its extent may be empty: French TimeBank writes
//! it self-closing), and `TIMEX3` elsewhere (for instance in `<TITLE>`) is
//! ignored. Empty in-text `TIMEX3` (non-consuming anchors) are skipped:
//! the toolkit cannot match them either, as they cover no token. The reader
//! is strict about structure (tags must nest and close, one `<TEXT>`, every
//! `TIMEX3` has `tid`, `type` and `value`) and lenient about an `&` that does
//! not start a known reference (kept literally, as an HTML reader would).
//!
//! # Matching (what the toolkit does, and where this differs)
//!
//! The TempEval-3 toolkit (`TE3-evaluation.py`, which runs
//! `TimeML-Normalizer.jar` then `evaluation-entities/evaluate_entities.py`;
//! read in the public copy at github.com/jspotter/TempEval-3, `tools/`)
//! pairs gold and system expressions in the normalizer: it walks the
//! tokenised text once, and when an expression begins on a token where an
//! expression of the other annotation is open (begins there or continues
//! there) and that one is not paired yet, both get the same id; otherwise
//! the expression gets a new id. Pairing is therefore one-to-one and greedy
//! in text order (the first overlapping expression wins, not the largest
//! overlap). The scorer then counts, over paired ids:
//!
//! - relaxed match: the pair exists (extents overlap);
//! - strict match: a pair whose two extents have the same text;
//! - type and value: exact string equality of the `type` and `value`
//!   attributes, counted over relaxed matches;
//! - precision over all system expressions, recall over all gold ones
//!   (the `t0` DCT excluded), micro-averaged over documents by summing
//!   counts;
//! - attribute F1 ("Value F1" in the task results) = value accuracy x
//!   relaxed F1. With one-to-one pairs this equals the harmonic mean of
//!   value_correct / system and value_correct / gold, which is how
//!   [`TimexCounts::value_f1`] computes it.
//!
//! Deviations, all on inputs the toolkit does not expect:
//!
//! - overlap is measured on characters, not on the toolkit's tokens. The
//!   two agree whenever extents begin and end on token boundaries, which
//!   TimeML annotation and TempEval-3 system output do;
//! - strict match compares spans (same start and end) rather than texts;
//!   for overlapping extents this only differs on periodic strings;
//! - when one side has overlapping expressions of its own, the toolkit
//!   only looks at the most recently opened one; here any unpaired open
//!   expression can pair (the most recently opened first);
//! - empty denominators give 0.0 everywhere; the toolkit reports F1 = 1 when
//!   a whole run has neither gold nor system expressions;
//! - when the DCT lies in the text (CAT files, where it is the dateline
//!   under the title), system expressions overlapping it are set aside,
//!   neither matched nor spurious: the DCT is not scored, as in TempEval-3
//!   where it sits outside `<TEXT>` and no system can tag it. TimeML DCTs
//!   have an empty span and set nothing aside.

use std::fmt;
use std::ops::AddAssign;
use std::path::{Path, PathBuf};

use crate::markup::{attr, Item, Scanner};

/// Why a gold file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TimexEvalError {
    /// The file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not UTF-8.
    #[error("{path}: not UTF-8 text (byte {offset})")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file is not well-formed markup (unclosed or mismatched tag,
    /// unterminated comment, ...).
    #[error("{path}: line {line}: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file has no `<TEXT>` element.
    #[error("{path}: no <TEXT> element")]
    MissingText {
        /// The file.
        path: PathBuf,
    },
    /// A `TIMEX3` lacks an attribute every TimeML time expression carries.
    #[error("{path}: line {line}: TIMEX3 without `{attribute}`")]
    MissingAttribute {
        /// The file.
        path: PathBuf,
        /// 1-based line of the `TIMEX3` start tag.
        line: usize,
        /// The missing attribute (`tid`, `type` or `value`; `m_id`
        /// instead of `tid` in CAT files).
        attribute: &'static str,
    },
    /// A well-formed CAT file that breaks the format: root element other
    /// than `<Document>`, token without `t_id` or `sentence`, two tokens
    /// with one `t_id`, an anchor to a token that does not exist, ...
    #[error("{path}: line {line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One time expression in a gold TimeML (or CAT) file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GoldTimex {
    /// Byte offset of the first byte in [`TimemlDocument::text`] (0 for a
    /// DCT that is not in the text, as in every TimeML file).
    pub start: usize,
    /// Byte offset one past the last byte in [`TimemlDocument::text`] (0
    /// for a DCT that is not in the text).
    pub end: usize,
    /// The annotated extent, entities decoded (may be empty for the DCT).
    pub text: String,
    /// The `type` attribute: `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    /// The `value` attribute (ISO-TimeML normalised value).
    pub value: String,
    /// The `mod` attribute, if any (`APPROX`, `START`, ...).
    pub modifier: Option<String>,
    /// The `tid` attribute (`m_id` in CAT files).
    pub tid: String,
}

/// One gold document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimemlDocument {
    /// The file stem.
    pub name: String,
    /// Content of `<TEXT>` with all tags removed and entities decoded,
    /// whitespace kept as in the file (CAT: the tokens, see [`crate::cat`]).
    pub text: String,
    /// The document creation time: the `TIMEX3` inside `<DCT>` (CAT: the
    /// `TIMEX3` with `functionInDocument="CREATION_TIME"`, whose span may
    /// lie in the text).
    pub dct: Option<GoldTimex>,
    /// The in-text `TIMEX3`, in text order (never the DCT).
    pub timexes: Vec<GoldTimex>,
}

/// Reads one inline-TimeML file.
pub fn read_timeml(path: &Path) -> Result<TimemlDocument, TimexEvalError> {
    let source = read_source(path)?;
    parse(&file_stem(path), path, &source)
}

/// The whole file as UTF-8 text.
pub(crate) fn read_source(path: &Path) -> Result<String, TimexEvalError> {
    let bytes = std::fs::read(path).map_err(|source| TimexEvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| TimexEvalError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// The file name without its extension (the document name).
pub(crate) fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Parses inline TimeML held in memory; `name` becomes
/// [`TimemlDocument::name`] and stands for the path in errors.
pub fn parse_timeml(name: &str, source: &str) -> Result<TimemlDocument, TimexEvalError> {
    parse(name, Path::new(name), source)
}

/// All `.tml` files under `dir` (recursive, sorted by path).
///
/// Symbolic links to files are read; symbolic links to directories are not
/// followed (no cycles).
pub fn read_timeml_dir(dir: &Path) -> Result<Vec<TimemlDocument>, TimexEvalError> {
    let mut paths = Vec::new();
    collect(dir, &["tml"], &mut paths)?;
    paths.sort();
    paths.iter().map(|p| read_timeml(p)).collect()
}

/// All gold documents under `dir` (recursive, sorted by path): `.tml`
/// files read as inline TimeML ([`read_timeml`]) and `.xml` files whose
/// root element is `<Document>` read as CAT ([`crate::cat::read_cat`]);
/// other `.xml` files are skipped, judged on their first 4 KiB.
///
/// On a folder of `.tml` files this is [`read_timeml_dir`]. A folder that
/// holds the same documents in both formats (SemEval-2015 task 4 ships
/// them side by side) gives each document twice: point it at one copy.
/// Symbolic links are treated as in [`read_timeml_dir`].
pub fn read_gold_dir(dir: &Path) -> Result<Vec<TimemlDocument>, TimexEvalError> {
    let mut paths = Vec::new();
    collect(dir, &["tml", "xml"], &mut paths)?;
    paths.sort();
    let mut docs = Vec::with_capacity(paths.len());
    for path in &paths {
        if path.extension().is_some_and(|e| e == "tml") {
            docs.push(read_timeml(path)?);
        } else if crate::cat::sniff_cat(path)? {
            docs.push(crate::cat::read_cat(path)?);
        }
    }
    Ok(docs)
}

/// Files under `dir` (recursive) whose extension is one of `extensions`.
fn collect(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> Result<(), TimexEvalError> {
    let io = |source| TimexEvalError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(io)?;
        if file_type.is_dir() {
            collect(&path, extensions, out)?;
        } else if path
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e == *x))
            && (file_type.is_file() || path.is_file())
        {
            out.push(path);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Tag scanner

/// An open `TIMEX3` being read.
struct OpenTimex {
    /// Index in `Parser::timexes`, or `None` for the DCT.
    slot: Option<usize>,
}

struct Parser<'a> {
    path: &'a Path,
    /// Open element names.
    stack: Vec<&'a str>,
    /// Depth (in `stack`) of the open `<TEXT>`, if any.
    text_depth: Option<usize>,
    /// Depth of the open `<DCT>`, if any.
    dct_depth: Option<usize>,
    seen_text: bool,
    text: String,
    /// In-text timexes; `end` is set when their end tag is read.
    timexes: Vec<GoldTimex>,
    /// Open `TIMEX3` elements that are recorded (in-text or DCT), with the
    /// stack depth of each.
    open_timexes: Vec<(usize, OpenTimex)>,
    dct: Option<GoldTimex>,
    /// Text of the DCT `TIMEX3` while it is open.
    dct_text: Option<String>,
}

impl<'a> Parser<'a> {
    /// Character data (already decoded).
    fn push_text(&mut self, s: &str) {
        if self.text_depth.is_some() {
            self.text.push_str(s);
        }
        if let Some(t) = self.dct_text.as_mut() {
            t.push_str(s);
        }
    }

    fn run(mut self, name: &str, src: &'a str) -> Result<TimemlDocument, TimexEvalError> {
        let mut scanner = Scanner::new(self.path, src);
        while let Some((at, item)) = scanner.next_item()? {
            match item {
                Item::Text(t) => self.push_text(&t),
                Item::End { name } => self.end_tag(&scanner, at, name)?,
                Item::Start { name, attrs, empty } => {
                    self.start_tag(&scanner, at, name, &attrs, empty)?
                }
            }
        }
        if let Some(open) = self.stack.last() {
            return Err(scanner.malformed(src.len(), format!("<{open}> is never closed")));
        }
        if !self.seen_text {
            return Err(TimexEvalError::MissingText {
                path: self.path.to_path_buf(),
            });
        }
        let mut timexes = self.timexes;
        timexes.retain(|t| t.start < t.end);
        Ok(TimemlDocument {
            name: name.to_string(),
            text: self.text,
            dct: self.dct,
            timexes,
        })
    }

    fn end_tag(
        &mut self,
        scanner: &Scanner<'_>,
        at: usize,
        tag_name: &str,
    ) -> Result<(), TimexEvalError> {
        match self.stack.pop() {
            Some(open) if open == tag_name => {}
            Some(open) => {
                return Err(scanner.malformed(at, format!("</{tag_name}> closes <{open}>")))
            }
            None => return Err(scanner.malformed(at, format!("</{tag_name}> with nothing open"))),
        }
        let depth = self.stack.len();
        if tag_name == "TIMEX3" {
            self.close_timex(depth);
        }
        if self.text_depth == Some(depth) {
            self.text_depth = None;
        }
        if self.dct_depth == Some(depth) {
            self.dct_depth = None;
        }
        Ok(())
    }

    fn close_timex(&mut self, depth: usize) {
        if self.open_timexes.last().map(|(d, _)| *d) != Some(depth) {
            return;
        }
        let Some((_, open)) = self.open_timexes.pop() else {
            return;
        };
        match open.slot {
            Some(slot) => {
                let end = self.text.len();
                if let Some(t) = self.timexes.get_mut(slot) {
                    t.end = end;
                    t.text = self.text[t.start..end].to_string();
                }
            }
            None => {
                if let (Some(dct), Some(text)) = (self.dct.as_mut(), self.dct_text.take()) {
                    dct.text = text;
                }
            }
        }
    }

    fn start_tag(
        &mut self,
        scanner: &Scanner<'_>,
        at: usize,
        tag_name: &'a str,
        attrs: &[(&str, String)],
        self_closing: bool,
    ) -> Result<(), TimexEvalError> {
        let depth = self.stack.len();
        match tag_name {
            "TEXT" => {
                if self.seen_text {
                    return Err(scanner.malformed(at, "more than one <TEXT> element"));
                }
                self.seen_text = true;
                if !self_closing {
                    self.text_depth = Some(depth);
                }
            }
            "DCT" if !self_closing && self.dct_depth.is_none() => {
                self.dct_depth = Some(depth);
            }
            "TIMEX3" => self.open_timex(scanner.line(at), depth, attrs, self_closing)?,
            _ => {}
        }
        if !self_closing {
            self.stack.push(tag_name);
        }
        Ok(())
    }

    fn open_timex(
        &mut self,
        line: usize,
        depth: usize,
        attrs: &[(&str, String)],
        self_closing: bool,
    ) -> Result<(), TimexEvalError> {
        let in_text = self.text_depth.is_some();
        let is_dct = !in_text && self.dct_depth.is_some() && self.dct.is_none();
        if !in_text && !is_dct {
            return Ok(());
        }
        let get = |key: &'static str| -> Result<String, TimexEvalError> {
            attr(attrs, key).ok_or_else(|| TimexEvalError::MissingAttribute {
                path: self.path.to_path_buf(),
                line,
                attribute: key,
            })
        };
        let start = if in_text { self.text.len() } else { 0 };
        let timex = GoldTimex {
            start,
            end: start,
            text: String::new(),
            kind: get("type")?,
            value: get("value")?,
            modifier: attr(attrs, "mod"),
            tid: get("tid")?,
        };
        let slot = if in_text {
            self.timexes.push(timex);
            Some(self.timexes.len() - 1)
        } else {
            self.dct = Some(timex);
            None
        };
        if !self_closing {
            if slot.is_none() {
                self.dct_text = Some(String::new());
            }
            self.open_timexes.push((depth, OpenTimex { slot }));
        }
        Ok(())
    }
}

fn parse(name: &str, path: &Path, source: &str) -> Result<TimemlDocument, TimexEvalError> {
    Parser {
        path,
        stack: Vec::new(),
        text_depth: None,
        dct_depth: None,
        seen_text: false,
        text: String::new(),
        timexes: Vec::new(),
        open_timexes: Vec::new(),
        dct: None,
        dct_text: None,
    }
    .run(name, source)
}

/// Length in bytes of the XML name at the start of `s`.
pub(crate) fn name_len(s: &str) -> usize {
    s.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')))
        .unwrap_or(s.len())
}

/// Decodes the five XML entities and numeric character references; an `&`
/// that starts none of them is kept as it is.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').and_then(|semi| {
            let c = match &rest[1..semi] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                r => {
                    let code = if let Some(hex) = r.strip_prefix("#x").or(r.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok()
                    } else if let Some(dec) = r.strip_prefix('#') {
                        dec.parse::<u32>().ok()
                    } else {
                        None
                    };
                    code.and_then(char::from_u32)?
                }
            };
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------
// Scoring

/// A system's time expression on the same text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SystemTimex {
    /// Byte offset of the first byte in [`TimemlDocument::text`].
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    /// Normalised value, compared as a string with the gold `value`.
    pub value: String,
}

/// Counts that add up over documents (`+=`); the scores are micro-averages
/// of whatever was added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct TimexCounts {
    /// Gold in-text expressions.
    pub gold: usize,
    /// System expressions.
    pub system: usize,
    /// Pairs with exactly the same extent.
    pub strict: usize,
    /// Pairs (overlapping extents, one-to-one).
    pub relaxed: usize,
    /// Pairs with the same `type`.
    pub type_correct: usize,
    /// Pairs with the same `value`.
    pub value_correct: usize,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

impl TimexCounts {
    /// Exact-extent matches over system expressions.
    pub fn strict_precision(&self) -> f64 {
        ratio(self.strict, self.system)
    }

    /// Exact-extent matches over gold expressions.
    pub fn strict_recall(&self) -> f64 {
        ratio(self.strict, self.gold)
    }

    /// Harmonic mean of strict precision and recall.
    pub fn strict_f1(&self) -> f64 {
        harmonic(self.strict_precision(), self.strict_recall())
    }

    /// Overlap matches over system expressions.
    pub fn relaxed_precision(&self) -> f64 {
        ratio(self.relaxed, self.system)
    }

    /// Overlap matches over gold expressions.
    pub fn relaxed_recall(&self) -> f64 {
        ratio(self.relaxed, self.gold)
    }

    /// Harmonic mean of relaxed precision and recall.
    pub fn relaxed_f1(&self) -> f64 {
        harmonic(self.relaxed_precision(), self.relaxed_recall())
    }

    /// Share of relaxed matches with the gold `type`.
    pub fn type_accuracy(&self) -> f64 {
        ratio(self.type_correct, self.relaxed)
    }

    /// Share of relaxed matches with the gold `value`.
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_correct, self.relaxed)
    }

    /// Type-correct relaxed matches over system expressions.
    pub fn type_precision(&self) -> f64 {
        ratio(self.type_correct, self.system)
    }

    /// Type-correct relaxed matches over gold expressions.
    pub fn type_recall(&self) -> f64 {
        ratio(self.type_correct, self.gold)
    }

    /// TempEval-3 type F1 (type accuracy x relaxed F1).
    pub fn type_f1(&self) -> f64 {
        harmonic(self.type_precision(), self.type_recall())
    }

    /// Value-correct relaxed matches over system expressions.
    pub fn value_precision(&self) -> f64 {
        ratio(self.value_correct, self.system)
    }

    /// Value-correct relaxed matches over gold expressions.
    pub fn value_recall(&self) -> f64 {
        ratio(self.value_correct, self.gold)
    }

    /// TempEval-3 value F1, the task's headline figure (value accuracy x
    /// relaxed F1).
    pub fn value_f1(&self) -> f64 {
        harmonic(self.value_precision(), self.value_recall())
    }

    /// Adds another document's counts.
    pub fn add(&mut self, other: &TimexCounts) {
        self.gold += other.gold;
        self.system += other.system;
        self.strict += other.strict;
        self.relaxed += other.relaxed;
        self.type_correct += other.type_correct;
        self.value_correct += other.value_correct;
    }
}

impl AddAssign for TimexCounts {
    fn add_assign(&mut self, other: TimexCounts) {
        self.add(&other);
    }
}

impl AddAssign<&TimexCounts> for TimexCounts {
    fn add_assign(&mut self, other: &TimexCounts) {
        self.add(other);
    }
}

impl std::iter::Sum for TimexCounts {
    fn sum<I: Iterator<Item = TimexCounts>>(iter: I) -> Self {
        let mut total = TimexCounts::default();
        for c in iter {
            total += c;
        }
        total
    }
}

/// What kind of disagreement a [`TimexError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum TimexErrorKind {
    /// A gold expression no system expression overlaps (one-to-one).
    Missed,
    /// A system expression no gold expression overlaps (one-to-one).
    Spurious,
    /// A pair whose extents overlap but differ.
    Extent,
    /// A pair with a different `type`.
    Type,
    /// A pair with a different `value`.
    Value,
}

impl TimexErrorKind {
    /// Lower-case name (`missed`, `spurious`, `extent`, `type`, `value`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimexErrorKind::Missed => "missed",
            TimexErrorKind::Spurious => "spurious",
            TimexErrorKind::Extent => "extent",
            TimexErrorKind::Type => "type",
            TimexErrorKind::Value => "value",
        }
    }
}

impl fmt::Display for TimexErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One disagreement, for error analysis. A pair can give several (extent
/// and value, say).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimexError {
    /// [`TimemlDocument::name`].
    pub doc: String,
    /// What went wrong.
    pub kind: TimexErrorKind,
    /// The gold expression (none for `Spurious`).
    pub gold: Option<GoldTimex>,
    /// The system expression (none for `Missed`).
    pub system: Option<SystemTimex>,
    /// About 60 characters around the expression(s), on one line, the
    /// expression(s) in `[...]`.
    pub context: String,
}

/// Characters of context shown on each side of an expression.
const CONTEXT_CHARS: usize = 30;

/// Scores one document's system expressions against its gold ones.
///
/// Errors come in text order. System expressions need not be sorted;
/// empty or out-of-range spans count as system expressions that match
/// nothing. System expressions overlapping the DCT, when the DCT has a
/// span in the text (CAT datelines), are set aside: not counted, not
/// errors (see the module documentation).
pub fn score_document(
    doc: &TimemlDocument,
    system: &[SystemTimex],
) -> (TimexCounts, Vec<TimexError>) {
    let dct_span = doc
        .dct
        .as_ref()
        .map(|d| (d.start, d.end))
        .filter(|(start, end)| start < end);
    let system: Vec<&SystemTimex> = system
        .iter()
        .filter(|s| {
            dct_span.is_none_or(|(start, end)| !(s.start < s.end && s.start < end && start < s.end))
        })
        .collect();
    let gold_spans: Vec<(usize, usize)> = doc.timexes.iter().map(|t| (t.start, t.end)).collect();
    let system_spans: Vec<(usize, usize)> = system.iter().map(|t| (t.start, t.end)).collect();
    let (gold_pair, system_pair) = align(&gold_spans, &system_spans);

    let mut counts = TimexCounts {
        gold: doc.timexes.len(),
        system: system.len(),
        ..TimexCounts::default()
    };
    // (position, order) keeps errors in text order, stable within a position.
    let mut errors: Vec<(usize, TimexError)> = Vec::new();
    let error = |kind, gold: Option<&GoldTimex>, sys: Option<&SystemTimex>| {
        let spans = [
            gold.map(|g| (g.start, g.end)),
            sys.map(|s| (s.start, s.end)),
        ];
        let start = spans.iter().flatten().map(|s| s.0).min().unwrap_or(0);
        let end = spans.iter().flatten().map(|s| s.1).max().unwrap_or(0);
        let context = match (gold, sys) {
            (Some(g), Some(s)) if (g.start, g.end) != (s.start, s.end) => {
                context_two(&doc.text, (g.start, g.end), (s.start, s.end))
            }
            _ => context(&doc.text, start, end),
        };
        (
            start,
            TimexError {
                doc: doc.name.clone(),
                kind,
                gold: gold.cloned(),
                system: sys.cloned(),
                context,
            },
        )
    };
    for (gi, g) in doc.timexes.iter().enumerate() {
        let Some(si) = gold_pair[gi] else {
            errors.push(error(TimexErrorKind::Missed, Some(g), None));
            continue;
        };
        let s = system[si];
        counts.relaxed += 1;
        if (g.start, g.end) == (s.start, s.end) {
            counts.strict += 1;
        } else {
            errors.push(error(TimexErrorKind::Extent, Some(g), Some(s)));
        }
        if g.kind == s.kind {
            counts.type_correct += 1;
        } else {
            errors.push(error(TimexErrorKind::Type, Some(g), Some(s)));
        }
        if g.value == s.value {
            counts.value_correct += 1;
        } else {
            errors.push(error(TimexErrorKind::Value, Some(g), Some(s)));
        }
    }
    for (si, &s) in system.iter().enumerate() {
        if system_pair[si].is_none() {
            errors.push(error(TimexErrorKind::Spurious, None, Some(s)));
        }
    }
    errors.sort_by_key(|(pos, _)| *pos);
    (counts, errors.into_iter().map(|(_, e)| e).collect())
}

/// Pairs gold and system spans one-to-one as the TempEval-3 normalizer
/// does: in text order (gold first at the same start), an expression pairs
/// with an unpaired expression of the other side that is open where it
/// starts (most recently opened first). Empty spans pair with nothing.
/// Returns, for each gold span, its system partner, and the reverse.
fn align(
    gold: &[(usize, usize)],
    system: &[(usize, usize)],
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut gold_pair = vec![None; gold.len()];
    let mut system_pair = vec![None; system.len()];
    // (start, side, index): side 0 = gold, 1 = system.
    let mut order: Vec<(usize, u8, usize)> = gold
        .iter()
        .enumerate()
        .filter(|(_, s)| s.0 < s.1)
        .map(|(i, s)| (s.0, 0, i))
        .chain(
            system
                .iter()
                .enumerate()
                .filter(|(_, s)| s.0 < s.1)
                .map(|(i, s)| (s.0, 1, i)),
        )
        .collect();
    order.sort();
    // Expressions visited so far, per side, in visiting order.
    let mut visited: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for &(start, side, i) in &order {
        let other = 1 - side as usize;
        let (other_spans, other_pair) = if other == 0 {
            (gold, &gold_pair)
        } else {
            (system, &system_pair)
        };
        let partner = visited[other]
            .iter()
            .copied()
            .filter(|&j| other_pair[j].is_none())
            .filter(|&j| other_spans[j].0 <= start && start < other_spans[j].1)
            .max_by_key(|&j| other_spans[j].0);
        if let Some(j) = partner {
            if side == 0 {
                gold_pair[i] = Some(j);
                system_pair[j] = Some(i);
            } else {
                system_pair[i] = Some(j);
                gold_pair[j] = Some(i);
            }
        }
        visited[side as usize].push(i);
    }
    (gold_pair, system_pair)
}

/// Largest char boundary of `text` at or below `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `text` on one line: every whitespace character becomes a space.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// `before[span]after`, up to [`CONTEXT_CHARS`] characters each side.
fn context(text: &str, start: usize, end: usize) -> String {
    let start = floor_boundary(text, start);
    let end = floor_boundary(text, end).max(start);
    let before = &text[..start];
    let cut = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(k, _)| k);
    let after = &text[end..];
    let keep = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(k, _)| k);
    format!(
        "{}{}[{}]{}{}",
        if cut > 0 { "…" } else { "" },
        one_line(&before[cut..]),
        one_line(&text[start..end]),
        one_line(&after[..keep]),
        if keep < after.len() { "…" } else { "" },
    )
}

/// Context for two overlapping spans: the union in `[...]`, then each
/// extent after it (`gold: ...`, `system: ...`).
fn context_two(text: &str, gold: (usize, usize), system: (usize, usize)) -> String {
    let slice = |(a, b): (usize, usize)| {
        let a = floor_boundary(text, a);
        let b = floor_boundary(text, b).max(a);
        one_line(&text[a..b])
    };
    format!(
        "{} (gold [{}], system [{}])",
        context(text, gold.0.min(system.0), gold.1.max(system.1)),
        slice(gold),
        slice(system),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TimeML file around `text_body` (the inside of `<TEXT>`).
    fn wrap(dct: &str, text_body: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- made up for a test -->\n\
             <TimeML>\n<DOCID>t</DOCID>\n<DCT>{dct}</DCT>\n<TEXT>{text_body}</TEXT>\n\
             <TLINK lid=\"l1\" relType=\"BEFORE\" timeID=\"t2\" relatedToTime=\"t1\"/>\n</TimeML>\n"
        )
    }

    fn parse_ok(src: &str) -> TimemlDocument {
        match parse_timeml("snippet", src) {
            Ok(doc) => doc,
            Err(e) => panic!("parse failed: {e}"),
        }
    }

    fn assert_offsets(doc: &TimemlDocument) {
        for t in &doc.timexes {
            assert_eq!(
                &doc.text[t.start..t.end],
                t.text,
                "{} in {}",
                t.tid,
                doc.name
            );
        }
    }

    const SELF_CLOSING_DCT: &str =
        r#"<TIMEX3 functionInDocument="CREATION_TIME" tid="t1" type="DATE" value="2004-03-09" />"#;

    #[test]
    fn attributes_in_any_order_and_either_quote() {
        let doc = parse_ok(&wrap(
            SELF_CLOSING_DCT,
            "Le marché ouvre <TIMEX3 value='2004-03-10' mod=\"START\" type=\"DATE\" \
             tid=\"t2\">demain matin</TIMEX3> et ferme <TIMEX3\n  tid = \"t3\"\ttype=\"DATE\" \
             value=\"2004-03-12\" >vendredi</TIMEX3>.",
        ));
        assert_offsets(&doc);
        assert_eq!(doc.timexes.len(), 2);
        let first = &doc.timexes[0];
        assert_eq!(first.text, "demain matin");
        assert_eq!(first.kind, "DATE");
        assert_eq!(first.value, "2004-03-10");
        assert_eq!(first.modifier.as_deref(), Some("START"));
        assert_eq!(first.tid, "t2");
        let second = &doc.timexes[1];
        assert_eq!(
            (second.tid.as_str(), second.text.as_str()),
            ("t3", "vendredi")
        );
        assert_eq!(second.modifier, None);
        assert_eq!(doc.text, "Le marché ouvre demain matin et ferme vendredi.");
    }

    #[test]
    fn self_closing_dct_is_the_dct_not_an_in_text_timex() {
        let doc = parse_ok(&wrap(
            SELF_CLOSING_DCT,
            "Rien ne se passe <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"PRESENT_REF\">aujourd'hui</TIMEX3>.",
        ));
        let dct = doc.dct.as_ref().expect("a DCT");
        assert_eq!(dct.value, "2004-03-09");
        assert_eq!(dct.tid, "t1");
        assert_eq!(dct.text, "");
        assert_eq!(doc.timexes.len(), 1);
        assert_eq!(doc.timexes[0].value, "PRESENT_REF");
    }

    #[test]
    fn dct_with_text_and_timex_outside_text_are_not_in_text() {
        let src = "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2015-07-01\" \
                   functionInDocument=\"CREATION_TIME\">July 1, 2015</TIMEX3></DCT>\
                   <TITLE>Heat wave ends <TIMEX3 tid=\"t9\" type=\"DATE\" value=\"2015-07-01\">today</TIMEX3></TITLE>\
                   <TEXT>\n\nThe heat lasted <TIMEX3 tid=\"t1\" type=\"DURATION\" value=\"P9D\">nine days</TIMEX3>.\n</TEXT></TimeML>";
        let doc = parse_ok(src);
        assert_eq!(
            doc.dct.as_ref().map(|d| d.text.as_str()),
            Some("July 1, 2015")
        );
        assert_eq!(doc.dct.as_ref().map(|d| (d.start, d.end)), Some((0, 0)));
        assert_eq!(doc.text, "\n\nThe heat lasted nine days.\n");
        assert_eq!(doc.timexes.len(), 1);
        assert_eq!(doc.timexes[0].tid, "t1");
        assert_offsets(&doc);
    }

    #[test]
    fn events_signals_and_comments_inside_text_are_removed() {
        let doc = parse_ok(&wrap(
            SELF_CLOSING_DCT,
            "\nThe ferry <EVENT class=\"OCCURRENCE\" eid=\"e1\">sailed</EVENT> <SIGNAL sid=\"s1\">at</SIGNAL> \
             <TIMEX3 tid=\"t2\" type=\"TIME\" value=\"2004-03-09T06:00\">6 <!-- odd --> a.m.</TIMEX3>\n\
             and <EVENT eid=\"e2\" class=\"OCCURRENCE\"/>docked <TIMEX3 tid=\"t3\" type=\"DURATION\" \
             value=\"PT2H\">two <EVENT eid=\"e3\" class=\"STATE\">long</EVENT> hours</TIMEX3> later.\n",
        ));
        assert_eq!(
            doc.text,
            "\nThe ferry sailed at 6  a.m.\nand docked two long hours later.\n"
        );
        assert_eq!(doc.timexes[0].text, "6  a.m.");
        assert_eq!(doc.timexes[1].text, "two long hours");
        assert_offsets(&doc);
    }

    #[test]
    fn entities_are_decoded_in_text_extents_and_attributes() {
        let doc = parse_ok(&wrap(
            SELF_CLOSING_DCT,
            "&quot;Q&amp;A&quot; at &lt;noon&gt; &#233;t&#xE9; <TIMEX3 tid=\"t2\" type=\"DATE\" \
             value=\"XXXX-SU\" mod=\"&apos;late&apos;\">l&#39;&#xe9;t&eacute; &amp; après</TIMEX3> \
             AT&T <![CDATA[<raw> & kept]]>",
        ));
        // `&eacute;` is no XML entity and `AT&T` no reference: both kept.
        assert_eq!(
            doc.text,
            "\"Q&A\" at <noon> été l'ét&eacute; & après AT&T <raw> & kept"
        );
        let t = &doc.timexes[0];
        assert_eq!(t.text, "l'ét&eacute; & après");
        assert_eq!(t.modifier.as_deref(), Some("'late'"));
        assert_offsets(&doc);
    }

    #[test]
    fn nested_timexes_are_kept_in_start_order() {
        let doc = parse_ok(&wrap(
            SELF_CLOSING_DCT,
            "<TIMEX3 tid=\"t2\" type=\"DATE\" value=\"2004-03\">early <TIMEX3 tid=\"t3\" type=\"DATE\" \
             value=\"2004-03\">March</TIMEX3></TIMEX3> and <TIMEX3 tid=\"t4\" type=\"DATE\" value=\"2004\"/>x",
        ));
        let tids: Vec<&str> = doc.timexes.iter().map(|t| t.tid.as_str()).collect();
        assert_eq!(tids, ["t2", "t3"], "empty t4 is skipped");
        assert_eq!(doc.timexes[0].text, "early March");
        assert_offsets(&doc);
    }

    #[test]
    fn broken_files_give_typed_errors() {
        type Check = fn(&TimexEvalError) -> bool;
        let cases: [(&str, Check); 6] = [
            ("<TimeML><TEXT>a <EVENT>b</TEXT></EVENT></TimeML>", |e| {
                matches!(e, TimexEvalError::Malformed { .. })
            }),
            ("<TimeML><TEXT>a", |e| {
                matches!(e, TimexEvalError::Malformed { .. })
            }),
            ("<TimeML><!-- a </TimeML>", |e| {
                matches!(e, TimexEvalError::Malformed { .. })
            }),
            ("<TimeML><DOCID>x</DOCID></TimeML>", |e| {
                matches!(e, TimexEvalError::MissingText { .. })
            }),
            (
                "<TimeML><TEXT><TIMEX3 tid=\"t1\" value=\"2001\">2001</TIMEX3></TEXT></TimeML>",
                |e| {
                    matches!(
                        e,
                        TimexEvalError::MissingAttribute {
                            attribute: "type",
                            ..
                        }
                    )
                },
            ),
            ("<TimeML><TEXT>a</TEXT><TEXT>b</TEXT></TimeML>", |e| {
                matches!(e, TimexEvalError::Malformed { .. })
            }),
        ];
        for (src, expected) in cases {
            match parse_timeml("broken", src) {
                Ok(doc) => panic!("{src:?} parsed: {doc:?}"),
                Err(e) => assert!(expected(&e), "{src:?} gave {e}"),
            }
        }
        let line = match parse_timeml("broken", "<TimeML>\n<TEXT>\n</DCT>") {
            Err(TimexEvalError::Malformed { line, .. }) => line,
            other => panic!("{other:?}"),
        };
        assert_eq!(line, 3);
    }

    #[test]
    fn reads_a_directory_recursively_in_path_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("b");
        std::fs::create_dir(&sub).expect("mkdir");
        let body = |v: &str| {
            wrap(
                SELF_CLOSING_DCT,
                &format!("<TIMEX3 tid=\"t2\" type=\"DATE\" value=\"{v}\">x</TIMEX3>"),
            )
        };
        std::fs::write(sub.join("z.tml"), body("2")).expect("write");
        std::fs::write(dir.path().join("a.tml"), body("1")).expect("write");
        std::fs::write(dir.path().join("c.tml"), body("3")).expect("write");
        std::fs::write(dir.path().join("notes.txt"), "not TimeML").expect("write");
        let docs = read_timeml_dir(dir.path()).expect("read dir");
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a", "z", "c"]);
        std::fs::write(dir.path().join("d.tml"), [0xff, 0xfe]).expect("write");
        assert!(matches!(
            read_timeml_dir(dir.path()),
            Err(TimexEvalError::NotUtf8 { .. })
        ));
        assert!(matches!(
            read_timeml(&dir.path().join("missing.tml")),
            Err(TimexEvalError::Io { .. })
        ));
    }

    // ----- scoring -----

    /// A document whose text is `text` with gold expressions at the given
    /// substrings (first occurrence at or after the previous one).
    fn gold_doc(text: &str, gold: &[(&str, &str, &str)]) -> TimemlDocument {
        let mut from = 0;
        let timexes = gold
            .iter()
            .enumerate()
            .map(|(i, (extent, kind, value))| {
                let start = from + text[from..].find(extent).expect("extent in text");
                from = start + extent.len();
                GoldTimex {
                    start,
                    end: from,
                    text: extent.to_string(),
                    kind: kind.to_string(),
                    value: value.to_string(),
                    modifier: None,
                    tid: format!("t{}", i + 1),
                }
            })
            .collect();
        TimemlDocument {
            name: "doc".into(),
            text: text.into(),
            dct: None,
            timexes,
        }
    }

    fn sys(doc: &TimemlDocument, extent: &str, kind: &str, value: &str) -> SystemTimex {
        let start = doc.text.find(extent).expect("extent in text");
        SystemTimex {
            start,
            end: start + extent.len(),
            kind: kind.into(),
            value: value.into(),
        }
    }

    fn kinds(errors: &[TimexError]) -> Vec<TimexErrorKind> {
        errors.iter().map(|e| e.kind).collect()
    }

    const TEXT: &str =
        "The board met on Monday morning, again for three hours on 4 May, and every week since.";

    fn board() -> TimemlDocument {
        gold_doc(
            TEXT,
            &[
                ("Monday morning", "TIME", "2010-05-03TMO"),
                ("three hours", "DURATION", "PT3H"),
                ("4 May", "DATE", "2010-05-04"),
                ("every week", "SET", "P1W"),
            ],
        )
    }

    #[test]
    fn exact_partial_missed_spurious_and_wrong_value() {
        let doc = board();
        let system = vec![
            sys(&doc, "Monday", "DATE", "2010-05-03"), // partial, wrong type and value
            sys(&doc, "three hours", "DURATION", "PT3H"), // exact
            sys(&doc, "4 May", "DATE", "2011-05-04"),  // exact, wrong value
            sys(&doc, "again", "DATE", "PRESENT_REF"), // spurious
                                                       // "every week" missed
        ];
        let (c, errors) = score_document(&doc, &system);
        assert_eq!(
            c,
            TimexCounts {
                gold: 4,
                system: 4,
                strict: 2,
                relaxed: 3,
                type_correct: 2,
                value_correct: 1,
            }
        );
        assert_eq!(
            kinds(&errors),
            [
                TimexErrorKind::Extent,
                TimexErrorKind::Type,
                TimexErrorKind::Value,
                TimexErrorKind::Spurious,
                TimexErrorKind::Value,
                TimexErrorKind::Missed,
            ]
        );
        assert_eq!(
            errors[3].system.as_ref().map(|s| s.value.as_str()),
            Some("PRESENT_REF")
        );
        assert_eq!(errors[5].gold.as_ref().map(|g| g.tid.as_str()), Some("t4"));
        assert!(errors
            .iter()
            .all(|e| e.doc == "doc" && !e.context.contains('\n')));
        assert!(
            errors[4].context.contains("on [4 May], and"),
            "{}",
            errors[4].context
        );
        assert!(errors[0]
            .context
            .contains("(gold [Monday morning], system [Monday])"));

        assert_eq!(c.strict_precision(), 0.5);
        assert_eq!(c.strict_recall(), 0.5);
        assert_eq!(c.strict_f1(), 0.5);
        assert_eq!(c.relaxed_f1(), 0.75);
        assert!((c.type_accuracy() - 2.0 / 3.0).abs() < 1e-12);
        assert!((c.value_accuracy() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(c.value_precision(), 0.25);
        assert_eq!(c.value_recall(), 0.25);
        // The toolkit's definition: value accuracy x relaxed F1.
        assert!((c.value_f1() - c.value_accuracy() * c.relaxed_f1()).abs() < 1e-12);
        assert!((c.type_f1() - c.type_accuracy() * c.relaxed_f1()).abs() < 1e-12);
    }

    #[test]
    fn gold_against_itself_is_perfect() {
        let doc = board();
        let system: Vec<SystemTimex> = doc
            .timexes
            .iter()
            .rev() // order of system output does not matter
            .map(|t| SystemTimex {
                start: t.start,
                end: t.end,
                kind: t.kind.clone(),
                value: t.value.clone(),
            })
            .collect();
        let (c, errors) = score_document(&doc, &system);
        assert!(errors.is_empty(), "{errors:?}");
        for score in [
            c.strict_f1(),
            c.relaxed_f1(),
            c.type_accuracy(),
            c.value_f1(),
        ] {
            assert_eq!(score, 1.0);
        }
    }

    #[test]
    fn pairing_is_one_to_one_and_first_in_text_order() {
        let doc = gold_doc(TEXT, &[("Monday morning", "TIME", "x")]);
        // Two system pieces inside one gold expression: the first pairs,
        // the second is spurious.
        let system = vec![
            sys(&doc, "morning", "TIME", "x"),
            sys(&doc, "Monday", "TIME", "x"),
        ];
        let (c, errors) = score_document(&doc, &system);
        assert_eq!((c.relaxed, c.strict, c.system), (1, 0, 2));
        assert_eq!(
            kinds(&errors),
            [TimexErrorKind::Extent, TimexErrorKind::Spurious]
        );
        assert_eq!(
            errors[1].system.as_ref().map(|s| s.start),
            Some(doc.text.find("morning").unwrap_or(0))
        );

        // One system expression over two gold ones: only the first pairs,
        // even though it overlaps the second more.
        let doc = gold_doc(
            TEXT,
            &[("on", "DATE", "x"), ("Monday morning", "TIME", "y")],
        );
        let doc = TimemlDocument {
            timexes: doc
                .timexes
                .into_iter()
                .map(|mut t| {
                    if t.text == "on" {
                        t.start = TEXT.find("on Monday").unwrap_or(0);
                        t.end = t.start + 2;
                    }
                    t
                })
                .collect(),
            ..doc
        };
        let system = vec![sys(&doc, "on Monday morning", "TIME", "y")];
        let (c, errors) = score_document(&doc, &system);
        assert_eq!((c.relaxed, c.value_correct), (1, 0));
        assert_eq!(
            kinds(&errors),
            [
                TimexErrorKind::Extent,
                TimexErrorKind::Type,
                TimexErrorKind::Value,
                TimexErrorKind::Missed
            ]
        );

        // A system expression starting inside a gold one pairs; one that
        // merely touches it (adjacent) does not.
        let doc = gold_doc(TEXT, &[("three hours", "DURATION", "PT3H")]);
        let touching = SystemTimex {
            start: doc.timexes[0].end,
            end: doc.timexes[0].end + 3,
            kind: "DURATION".into(),
            value: "PT3H".into(),
        };
        let (c, _) = score_document(&doc, &[touching]);
        assert_eq!(c.relaxed, 0);
        let (c, _) = score_document(&doc, &[sys(&doc, "hours on 4", "DURATION", "PT3H")]);
        assert_eq!((c.relaxed, c.strict, c.value_correct), (1, 0, 1));
    }

    #[test]
    fn empty_and_out_of_range_system_spans_match_nothing() {
        let doc = board();
        let bad = [
            SystemTimex {
                start: 20,
                end: 20,
                kind: "DATE".into(),
                value: "x".into(),
            },
            SystemTimex {
                start: 30,
                end: 10,
                kind: "DATE".into(),
                value: "x".into(),
            },
            SystemTimex {
                start: 500,
                end: 600,
                kind: "DATE".into(),
                value: "x".into(),
            },
        ];
        let (c, errors) = score_document(&doc, &bad);
        assert_eq!((c.system, c.relaxed), (3, 0));
        assert_eq!(
            errors
                .iter()
                .filter(|e| e.kind == TimexErrorKind::Spurious)
                .count(),
            3
        );
    }

    #[test]
    fn counts_add_up_and_empty_denominators_are_zero() {
        let empty = TimexCounts::default();
        for score in [
            empty.strict_precision(),
            empty.strict_recall(),
            empty.strict_f1(),
            empty.relaxed_f1(),
            empty.type_accuracy(),
            empty.value_accuracy(),
            empty.value_f1(),
        ] {
            assert_eq!(score, 0.0);
        }
        let a = TimexCounts {
            gold: 2,
            system: 1,
            strict: 1,
            relaxed: 1,
            type_correct: 1,
            value_correct: 0,
        };
        let b = TimexCounts {
            gold: 1,
            system: 3,
            strict: 0,
            relaxed: 1,
            type_correct: 0,
            value_correct: 1,
        };
        let mut total = a;
        total += b;
        assert_eq!(total, [a, b].into_iter().sum());
        assert_eq!(
            total,
            TimexCounts {
                gold: 3,
                system: 4,
                strict: 1,
                relaxed: 2,
                type_correct: 1,
                value_correct: 1
            }
        );
    }

    #[test]
    fn context_is_one_line_and_bounded() {
        let text = format!("{}\nle 3\tmai{}", "é".repeat(50), "x".repeat(50));
        let start = text.find("3").unwrap_or(0);
        let ctx = context(&text, start, start + "3\tmai".len());
        assert!(ctx.starts_with('…') && ctx.ends_with('…'));
        assert!(ctx.contains(" le [3 mai]xx"));
        assert!(!ctx.contains(['\n', '\t']));
        assert!(ctx.chars().count() <= 2 * CONTEXT_CHARS + 12);
        // Offsets inside a character do not panic.
        let _ = context(&text, 1, 3);
    }

    // ----- the two corpora -----

    use crate::test_data::shared_data;

    fn check_corpus(dir: &Path, docs: usize, in_text: usize, dcts: usize) -> Vec<TimemlDocument> {
        let corpus = match read_timeml_dir(dir) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(corpus.len(), docs, "{}", dir.display());
        for doc in &corpus {
            assert_offsets(doc);
            for t in &doc.timexes {
                assert!(
                    ["DATE", "TIME", "DURATION", "SET"].contains(&t.kind.as_str()),
                    "{} {}: {}",
                    doc.name,
                    t.tid,
                    t.kind
                );
                assert!(!t.value.is_empty(), "{} {}", doc.name, t.tid);
            }
            // Gold scored against itself is perfect.
            let system: Vec<SystemTimex> = doc
                .timexes
                .iter()
                .map(|t| SystemTimex {
                    start: t.start,
                    end: t.end,
                    kind: t.kind.clone(),
                    value: t.value.clone(),
                })
                .collect();
            let (c, errors) = score_document(doc, &system);
            assert!(errors.is_empty(), "{}: {errors:?}", doc.name);
            assert_eq!(c.value_correct, doc.timexes.len());
        }
        let total: usize = corpus.iter().map(|d| d.timexes.len()).sum();
        assert_eq!(total, in_text, "{}", dir.display());
        assert_eq!(corpus.iter().filter(|d| d.dct.is_some()).count(), dcts);
        corpus
    }

    #[test]
    fn french_timebank_and_tempeval3_platinum_read_whole() {
        let Some(data) = shared_data() else {
            return;
        };
        let fr = check_corpus(&data.join("fr-timebank/Data"), 108, 425, 108);
        let by_type = |kind: &str| {
            fr.iter()
                .flat_map(|d| &d.timexes)
                .filter(|t| t.kind == kind)
                .count()
        };
        assert_eq!(
            [
                by_type("DATE"),
                by_type("TIME"),
                by_type("DURATION"),
                by_type("SET")
            ],
            [227, 130, 52, 16]
        );
        assert!(fr
            .iter()
            .all(|d| d.dct.as_ref().is_some_and(|t| t.text.is_empty())));

        let en = check_corpus(&data.join("tempeval3-platinum-en"), 20, 138, 20);
        // The mixed-format reader reads TimeML folders the same way.
        for (dir, docs) in [("fr-timebank/Data", &fr), ("tempeval3-platinum-en", &en)] {
            match read_gold_dir(&data.join(dir)) {
                Ok(gold) => assert!(gold == *docs, "{dir}"),
                Err(e) => panic!("{e}"),
            }
        }
        assert!(en
            .iter()
            .all(|d| d.dct.as_ref().is_some_and(|t| !t.text.is_empty())));
    }
}
