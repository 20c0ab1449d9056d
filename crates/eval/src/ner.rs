//! Named-entity evaluation (PER, LOC, ORG, and MISC apart) against French
//! gold corpora (and English MEANTIME, read in [`crate::ner_cat`]).
//!
//! # Gold documents
//!
//! Every reader produces [`NerDocument`]s: gold tokens, whether a space
//! follows each token in the rebuilt text, and gold entities as token spans
//! (end exclusive). A tagger under evaluation is given exactly these tokens
//! (or the text [`NerDocument::text`] rebuilds from them) and answers with
//! token spans, so the scorer never has to align tokenisations.
//!
//! ## HIPE-2022 (NewsEye, French) — [`read_hipe`]
//!
//! - One document per `# hipe2022:document_id = ...` metadata line. A
//!   metadata line starts with `#` and has no tab; a line with a tab is a
//!   token line even when the token starts with `#` (OCR gives `###`, `#e`).
//!   The column header (`TOKEN NE-COARSE-LIT ... MISC`) is found by name.
//! - Labels come from `NE-COARSE-LIT` (coarse, literal sense), read as BIO
//!   with a lenient `I-` (an `I-X` after `O` or after another type starts an
//!   entity). PER, LOC and ORG are kept; `HumanProd` (media titles, works,
//!   products) is kept as `MISC`, scored apart; other types are dropped
//!   after span building, so they never leak into a neighbouring span.
//! - Spaces: `space_after` is false when MISC says `NoSpaceAfter`, except
//!   between two *word tokens* (the first ends and the second begins with an
//!   alphanumeric character). About 5% of word/word pairs carry a spurious
//!   `NoSpaceAfter` where the OCR lost a line break ("au|Comité"); gluing
//!   them would merge entities with their neighbours in any text-based
//!   tagger. Genuine `NoSpaceAfter` (apostrophes, punctuation, line-end
//!   hyphenation `ex¬|cessif`) is kept.
//! - Line-break restarts: the annotation tool cut entities at line ends, so
//!   an entity running over a line starts again with `B-`. Among adjacent
//!   same-type `B-` restarts across a line break (explicit `EndOfLine`, or a
//!   lost one: a spurious `NoSpaceAfter` between word tokens; 94 in test,
//!   32 + 62), only one kind can be merged back reliably: a word hyphenated
//!   across the line (the first part ends with `¬` and carries `EndOfLine`,
//!   `Alle¬|magne`): two halves of one word are one entity. These are merged
//!   (32 in test, 16 PER/LOC/ORG in dev). The other restarts are left as
//!   two entities: read by hand, they mix true cuts ("commission du |
//!   gouvernement de la Sarre") with true neighbours (lists of names one per
//!   line, a headline place then the dateline "Londres | LONDRES"), and
//!   neither the Wikidata link (NIL for most) nor the case tells them apart.
//!   [`HipeOptions::merge_hyphenated`] turns the merge off to score against
//!   the file as it is (as the HIPE scorer does).
//!
//! ## Europeana Newspapers, French (BnF) — [`read_europeana`]
//!
//! One `token tag` pair per line (split at the last space), IOB1 with `I-`
//! only, no sentence or document boundaries. Page-id tokens
//! (`0564932/txt/X0000001`: digits, `/txt/`, `X`, digits) are not words:
//! they are dropped and end the current chunk (a page boundary is a real
//! document boundary). `space_after` is always true (the file keeps no
//! spacing).
//!
//! The corpus has no split, so the token stream is cut into chunks,
//! deterministically:
//!
//! - a chunk ends after the first token ending with `.`, `!` or `?` once it
//!   holds at least [`EUROPEANA_CHUNK_TOKENS`] (1,000) tokens;
//! - failing that, it ends as soon as it holds [`EUROPEANA_CHUNK_MAX_TOKENS`]
//!   (1,250) tokens;
//! - never inside an entity (the cut waits until the next token does not
//!   continue the current one), always at a page id and at the end of file.
//!
//! Chunks are numbered from 0 in file order; chunk `i` is **test** when
//! `i % 5 == 4` ([`EUROPEANA_TEST_EVERY`]), **train** otherwise. Each chunk
//! is one [`NerDocument`] named `enp_fr_NNN` (its chunk number).
//!
//! # Scoring — [`score`]
//!
//! Entity-level exact match (CoNLL style): a predicted entity is correct
//! when a gold entity of the same document has the same start, end and
//! label. Counts per type over [`NER_LABELS`] (PER, LOC, ORG) and
//! micro-averaged over the three. [`MISC_LABEL`] is scored on its own line
//! ([`NerReport::misc`]) and never enters the micro average, so adding MISC
//! to a tagger or a gold file leaves the PER/LOC/ORG figures as they were.
//! Predicted labels outside the four are ignored and counted apart.
//! Duplicate predictions count once. Empty denominators give 0.
//!
//! # External systems
//!
//! [`write_texts_jsonl`] dumps each document as
//! `{"id", "tokens", "space_after"}`; a system answers one line per
//! document, `{"id": "...", "entities": [{"start": 3, "end": 5, "label":
//! "PER"}]}` in token indices of the same tokens, read back by
//! [`read_predictions_jsonl`] and lined up with the gold documents by
//! [`align_predictions`].

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The entity types scored and micro-averaged, in report order.
pub const NER_LABELS: [&str; 3] = ["PER", "LOC", "ORG"];

/// The label of other named things (events, works, products, laws): gold
/// `HumanProd` in HIPE, `PRO` in MEANTIME. Scored apart, never in the
/// micro average.
pub const MISC_LABEL: &str = "MISC";

/// A Europeana chunk ends at the first sentence end once it holds this many
/// tokens.
pub const EUROPEANA_CHUNK_TOKENS: usize = 1000;

/// A Europeana chunk with no sentence end ends at this many tokens (outside
/// an entity).
pub const EUROPEANA_CHUNK_MAX_TOKENS: usize = 1250;

/// Europeana chunk `i` is in the test split when `i % EUROPEANA_TEST_EVERY ==
/// EUROPEANA_TEST_EVERY - 1`.
pub const EUROPEANA_TEST_EVERY: usize = 5;

/// Why gold or predictions could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum NerEvalError {
    /// The file could not be read or written (including text that is not
    /// UTF-8).
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line does not have the expected form.
    #[error("{path}: line {line}: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A predictions line is not the expected JSON object.
    #[error("{path}: line {line}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The parser's error.
        #[source]
        source: serde_json::Error,
    },
    /// Predictions name a document that is not in the gold.
    #[error("predictions for unknown document `{id}`")]
    UnknownDocument {
        /// The document id.
        id: String,
    },
    /// Predictions name the same document twice.
    #[error("predictions for document `{id}` given twice")]
    DuplicateDocument {
        /// The document id.
        id: String,
    },
    /// A gold document has no predictions line.
    #[error("no predictions for document `{id}`")]
    MissingDocument {
        /// The document id.
        id: String,
    },
    /// A predicted span is empty or runs past the document's tokens.
    #[error("document `{id}`: span {start}..{end} outside its {tokens} tokens")]
    SpanOutOfRange {
        /// The document id.
        id: String,
        /// Span start.
        start: usize,
        /// Span end.
        end: usize,
        /// Tokens in the document.
        tokens: usize,
    },
    /// An unknown gold format name.
    #[error("unknown gold format `{0}` (hipe, hipe-raw, europeana-train, europeana-test, europeana-all, meantime-train, meantime-test, meantime-all)")]
    UnknownFormat(String),
    /// A MEANTIME CAT file that is not well-formed or breaks the format.
    #[error(transparent)]
    Cat(#[from] crate::timex::TimexEvalError),
    /// A MEANTIME directory without the expected topic folders.
    #[error("{path}: {message}")]
    Layout {
        /// The directory.
        path: PathBuf,
        /// What is missing.
        message: String,
    },
}

/// One entity: a run of tokens with a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntitySpan {
    /// Index of the first token.
    pub start: usize,
    /// Index one past the last token (end exclusive).
    pub end: usize,
    /// Entity type: `PER`, `LOC`, `ORG` or `MISC` in gold.
    pub label: String,
}

/// One gold document: its tokens, spacing and entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NerDocument {
    /// Document id (HIPE `document_id`, or `enp_fr_NNN` for a Europeana
    /// chunk).
    pub id: String,
    /// Gold tokens.
    pub tokens: Vec<String>,
    /// Whether a space follows each token when rebuilding the text (same
    /// length as `tokens`).
    pub space_after: Vec<bool>,
    /// Gold entities, sorted by start. PER, LOC and ORG never overlap one
    /// another; a MISC entity may hold one (MEANTIME's "Airbus A380" holds
    /// "Airbus").
    pub gold: Vec<EntitySpan>,
}

impl NerDocument {
    /// The text rebuilt from the tokens and `space_after`, with the byte
    /// range of each token in it.
    pub fn text_with_offsets(&self) -> (String, Vec<std::ops::Range<usize>>) {
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(self.tokens.len());
        for (i, token) in self.tokens.iter().enumerate() {
            let start = text.len();
            text.push_str(token);
            offsets.push(start..text.len());
            if self.space_after.get(i).copied().unwrap_or(true) && i + 1 < self.tokens.len() {
                text.push(' ');
            }
        }
        (text, offsets)
    }

    /// The text rebuilt from the tokens and `space_after`.
    pub fn text(&self) -> String {
        self.text_with_offsets().0
    }
}

/// Which part of the Europeana corpus to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    /// Chunks whose number `i` has `i % 5 != 4`.
    Train,
    /// Chunks whose number `i` has `i % 5 == 4`.
    Test,
    /// Every chunk.
    All,
}

impl Split {
    /// Whether chunk number `index` belongs to this split.
    pub fn contains(self, index: usize) -> bool {
        let test = index % EUROPEANA_TEST_EVERY == EUROPEANA_TEST_EVERY - 1;
        match self {
            Split::Train => !test,
            Split::Test => test,
            Split::All => true,
        }
    }
}

/// Options of [`read_hipe_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HipeOptions {
    /// Merge an entity restarted with `B-` after a word hyphenated across a
    /// line end (`Alle¬` + `magne`) back into one entity. On by default.
    pub merge_hyphenated: bool,
}

impl Default for HipeOptions {
    fn default() -> Self {
        HipeOptions {
            merge_hyphenated: true,
        }
    }
}

/// A gold corpus and how to read it, by name (for command lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldFormat {
    /// HIPE-2022 TSV, hyphenated restarts merged (`hipe`).
    Hipe,
    /// HIPE-2022 TSV as it is (`hipe-raw`).
    HipeRaw,
    /// Europeana BIO, one split (`europeana-train`, `europeana-test`,
    /// `europeana-all`).
    Europeana(Split),
    /// MEANTIME English CAT files, one split (`meantime-train`,
    /// `meantime-test`, `meantime-all`; see [`crate::ner_cat`]).
    Meantime(Split),
}

impl GoldFormat {
    /// The language of the corpus (`fr` or `en`): the model to score it
    /// with.
    pub fn lang(self) -> &'static str {
        match self {
            GoldFormat::Meantime(_) => "en",
            GoldFormat::Hipe | GoldFormat::HipeRaw | GoldFormat::Europeana(_) => "fr",
        }
    }
}

impl FromStr for GoldFormat {
    type Err = NerEvalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "hipe" => GoldFormat::Hipe,
            "hipe-raw" => GoldFormat::HipeRaw,
            "europeana-train" => GoldFormat::Europeana(Split::Train),
            "europeana-test" => GoldFormat::Europeana(Split::Test),
            "europeana-all" | "europeana" => GoldFormat::Europeana(Split::All),
            "meantime-train" => GoldFormat::Meantime(Split::Train),
            "meantime-test" => GoldFormat::Meantime(Split::Test),
            "meantime-all" | "meantime" => GoldFormat::Meantime(Split::All),
            _ => return Err(NerEvalError::UnknownFormat(s.to_string())),
        })
    }
}

/// Reads a gold file in the given format.
pub fn read_gold(format: GoldFormat, path: &Path) -> Result<Vec<NerDocument>, NerEvalError> {
    match format {
        GoldFormat::Hipe => read_hipe(path),
        GoldFormat::HipeRaw => read_hipe_with(
            path,
            HipeOptions {
                merge_hyphenated: false,
            },
        ),
        GoldFormat::Europeana(split) => read_europeana(path, split),
        GoldFormat::Meantime(split) => crate::ner_cat::read_meantime(path, split),
    }
}

fn read_text(path: &Path) -> Result<String, NerEvalError> {
    std::fs::read_to_string(path).map_err(|source| NerEvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

// ----- tags to spans -----

/// One BIO/IOB1 tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag<'a> {
    Outside,
    Begin(&'a str),
    Inside(&'a str),
}

fn parse_tag(tag: &str) -> Option<Tag<'_>> {
    if tag == "O" {
        return Some(Tag::Outside);
    }
    let (prefix, label) = tag.split_once('-')?;
    if label.is_empty() {
        return None;
    }
    match prefix {
        "B" => Some(Tag::Begin(label)),
        "I" => Some(Tag::Inside(label)),
        _ => None,
    }
}

/// Spans of a tag sequence, read leniently: `B-X` starts an entity, `I-X`
/// continues an open `X` entity and otherwise starts one (IOB1, and
/// ill-formed IOB2), `O` closes.
fn tags_to_spans(tags: &[Tag<'_>]) -> Vec<EntitySpan> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let continues = match (*tag, open) {
            (Tag::Inside(label), Some((_, current))) => label == current,
            _ => false,
        };
        if continues {
            continue;
        }
        if let Some((start, label)) = open.take() {
            spans.push(EntitySpan {
                start,
                end: i,
                label: label.to_string(),
            });
        }
        match *tag {
            Tag::Begin(label) | Tag::Inside(label) => open = Some((i, label)),
            Tag::Outside => {}
        }
    }
    if let Some((start, label)) = open {
        spans.push(EntitySpan {
            start,
            end: tags.len(),
            label: label.to_string(),
        });
    }
    spans
}

/// Keeps PER, LOC and ORG, renames HIPE's `HumanProd` to MISC, drops the
/// rest.
fn keep_scored_labels(spans: &mut Vec<EntitySpan>) {
    spans.retain_mut(|s| {
        if s.label == "HumanProd" {
            s.label = MISC_LABEL.to_string();
        }
        NER_LABELS.contains(&s.label.as_str()) || s.label == MISC_LABEL
    });
}

/// Whether two adjacent tokens are both word tokens: `left` ends and
/// `right` begins with an alphanumeric character.
fn word_pair(left: &str, right: &str) -> bool {
    left.chars().next_back().is_some_and(char::is_alphanumeric)
        && right.chars().next().is_some_and(char::is_alphanumeric)
}

// ----- HIPE -----

/// Reads a HIPE-2022 TSV file with the default [`HipeOptions`] (hyphenated
/// line-break restarts merged; see the module documentation).
pub fn read_hipe(path: &Path) -> Result<Vec<NerDocument>, NerEvalError> {
    read_hipe_with(path, HipeOptions::default())
}

/// Reads a HIPE-2022 TSV file: one [`NerDocument`] per
/// `hipe2022:document_id`, PER/LOC/ORG from `NE-COARSE-LIT`.
pub fn read_hipe_with(path: &Path, options: HipeOptions) -> Result<Vec<NerDocument>, NerEvalError> {
    let source = read_text(path)?;
    parse_hipe(path, &source, options)
}

/// Parses HIPE-2022 TSV held in memory; `name` stands for the path in
/// errors.
pub fn parse_hipe(
    name: &Path,
    source: &str,
    options: HipeOptions,
) -> Result<Vec<NerDocument>, NerEvalError> {
    struct Columns {
        token: usize,
        label: usize,
        misc: usize,
        width: usize,
    }
    struct Row<'a> {
        token: &'a str,
        tag: Tag<'a>,
        no_space_after: bool,
        end_of_line: bool,
    }
    let malformed = |line: usize, message: String| NerEvalError::Malformed {
        path: name.to_path_buf(),
        line,
        message,
    };

    let mut columns: Option<Columns> = None;
    let mut docs: Vec<(String, Vec<Row<'_>>)> = Vec::new();
    for (index, raw) in source.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let line = if index == 0 {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with('#') && !line.contains('\t') {
            let meta = line.trim_start_matches('#').trim();
            if let Some((key, value)) = meta.split_once('=') {
                if key.trim() == "hipe2022:document_id" {
                    docs.push((value.trim().to_string(), Vec::new()));
                }
            }
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let Some(cols) = &columns else {
            let find = |name: &str| fields.iter().position(|f| f.trim() == name);
            let (Some(token), Some(label), Some(misc)) =
                (find("TOKEN"), find("NE-COARSE-LIT"), find("MISC"))
            else {
                return Err(malformed(
                    line_no,
                    "expected the column header (TOKEN, NE-COARSE-LIT, MISC) before any token"
                        .to_string(),
                ));
            };
            let width = token.max(label).max(misc) + 1;
            columns = Some(Columns {
                token,
                label,
                misc,
                width,
            });
            continue;
        };
        if fields.len() < cols.width {
            return Err(malformed(
                line_no,
                format!("{} columns, expected at least {}", fields.len(), cols.width),
            ));
        }
        let Some((_, rows)) = docs.last_mut() else {
            return Err(malformed(
                line_no,
                "token before any `# hipe2022:document_id`".to_string(),
            ));
        };
        let label = fields[cols.label];
        let tag = parse_tag(label)
            .ok_or_else(|| malformed(line_no, format!("bad NE-COARSE-LIT tag `{label}`")))?;
        let misc = fields[cols.misc];
        let has = |flag: &str| misc.split('|').any(|m| m == flag);
        rows.push(Row {
            token: fields[cols.token],
            tag,
            no_space_after: has("NoSpaceAfter"),
            end_of_line: has("EndOfLine"),
        });
    }

    let mut out = Vec::with_capacity(docs.len());
    for (id, rows) in docs {
        let tokens: Vec<String> = rows.iter().map(|r| r.token.to_string()).collect();
        let space_after: Vec<bool> = (0..rows.len())
            .map(|i| {
                !rows[i].no_space_after
                    || rows
                        .get(i + 1)
                        .is_some_and(|next| word_pair(rows[i].token, next.token))
            })
            .collect();
        let tags: Vec<Tag<'_>> = rows.iter().map(|r| r.tag).collect();
        let mut spans = tags_to_spans(&tags);
        if options.merge_hyphenated {
            let mut merged: Vec<EntitySpan> = Vec::with_capacity(spans.len());
            for span in spans {
                if let Some(prev) = merged.last_mut() {
                    let last = &rows[prev.end - 1];
                    if prev.end == span.start
                        && prev.label == span.label
                        && last.end_of_line
                        && last.token.ends_with('¬')
                    {
                        prev.end = span.end;
                        continue;
                    }
                }
                merged.push(span);
            }
            spans = merged;
        }
        keep_scored_labels(&mut spans);
        out.push(NerDocument {
            id,
            tokens,
            space_after,
            gold: spans,
        });
    }
    Ok(out)
}

// ----- Europeana -----

/// Whether a token is a Europeana page id such as `0564932/txt/X0000001`.
pub fn is_page_id(token: &str) -> bool {
    let Some((page, rest)) = token.split_once("/txt/X") else {
        return false;
    };
    !page.is_empty()
        && !rest.is_empty()
        && page.bytes().all(|b| b.is_ascii_digit())
        && rest.bytes().all(|b| b.is_ascii_digit())
}

/// Reads the Europeana French BIO file and returns the chunks of one split
/// (see the module documentation for the chunking rule).
pub fn read_europeana(path: &Path, part: Split) -> Result<Vec<NerDocument>, NerEvalError> {
    let source = read_text(path)?;
    parse_europeana(path, &source, part)
}

/// Parses Europeana BIO held in memory; `name` stands for the path in
/// errors.
pub fn parse_europeana(
    name: &Path,
    source: &str,
    part: Split,
) -> Result<Vec<NerDocument>, NerEvalError> {
    // `None` marks a page id: a chunk boundary, not a token.
    let mut items: Vec<Option<(&str, Tag<'_>)>> = Vec::new();
    for (index, raw) in source.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let line = if index == 0 {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        if line.trim().is_empty() {
            continue;
        }
        let malformed = |message: String| NerEvalError::Malformed {
            path: name.to_path_buf(),
            line: index + 1,
            message,
        };
        let (token, tag) = line
            .rsplit_once(' ')
            .ok_or_else(|| malformed("expected `token tag`".to_string()))?;
        if token.is_empty() {
            return Err(malformed("empty token".to_string()));
        }
        let tag = parse_tag(tag).ok_or_else(|| malformed(format!("bad tag `{tag}`")))?;
        if is_page_id(token) {
            items.push(None);
        } else {
            items.push(Some((token, tag)));
        }
    }

    Ok(chunk_europeana(
        &items,
        part,
        EUROPEANA_CHUNK_TOKENS,
        EUROPEANA_CHUNK_MAX_TOKENS,
    ))
}

/// Cuts the token stream (`None` = page id) into chunks of at least `min`
/// tokens ending a sentence, or of `max` tokens, never inside an entity,
/// and keeps those of `part`.
fn chunk_europeana(
    items: &[Option<(&str, Tag<'_>)>],
    part: Split,
    min: usize,
    max: usize,
) -> Vec<NerDocument> {
    let mut docs = Vec::new();
    let mut index = 0usize;
    let mut chunk: Vec<(&str, Tag<'_>)> = Vec::new();
    let mut flush = |chunk: &mut Vec<(&str, Tag<'_>)>, docs: &mut Vec<NerDocument>| {
        if chunk.is_empty() {
            return;
        }
        if part.contains(index) {
            let tags: Vec<Tag<'_>> = chunk.iter().map(|(_, t)| *t).collect();
            let mut gold = tags_to_spans(&tags);
            keep_scored_labels(&mut gold);
            docs.push(NerDocument {
                id: format!("enp_fr_{index:03}"),
                tokens: chunk.iter().map(|(t, _)| t.to_string()).collect(),
                space_after: vec![true; chunk.len()],
                gold,
            });
        }
        index += 1;
        chunk.clear();
    };
    for (i, item) in items.iter().enumerate() {
        let Some((token, tag)) = *item else {
            flush(&mut chunk, &mut docs);
            continue;
        };
        chunk.push((token, tag));
        let next = items.get(i + 1).copied().flatten();
        let inside_entity = match (tag, next) {
            (Tag::Begin(a) | Tag::Inside(a), Some((_, Tag::Inside(b)))) => a == b,
            _ => false,
        };
        if inside_entity {
            continue;
        }
        let sentence_end = token.ends_with(['.', '!', '?']);
        if (chunk.len() >= min && sentence_end) || chunk.len() >= max {
            flush(&mut chunk, &mut docs);
        }
    }
    flush(&mut chunk, &mut docs);
    docs
}

// ----- scoring -----

/// Counts and figures for one entity type (or the micro average).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TypeScore {
    /// `PER`, `LOC`, `ORG`, `MISC`, or `micro`.
    pub label: String,
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities (distinct spans).
    pub predicted: usize,
    /// Predicted entities matching a gold one exactly (start, end, label).
    pub correct: usize,
    /// correct / predicted (0 when nothing was predicted).
    pub precision: f64,
    /// correct / gold (0 when there is no gold).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
}

impl TypeScore {
    fn from_counts(label: &str, gold: usize, predicted: usize, correct: usize) -> TypeScore {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(correct, predicted);
        let recall = ratio(correct, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        TypeScore {
            label: label.to_string(),
            gold,
            predicted,
            correct,
            precision,
            recall,
            f1,
        }
    }
}

/// The figures of one scoring run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NerReport {
    /// Documents scored.
    pub documents: usize,
    /// Tokens in them.
    pub tokens: usize,
    /// One entry per type of [`NER_LABELS`], in that order.
    pub per_type: Vec<TypeScore>,
    /// Counts summed over the three types, and their figures.
    pub micro: TypeScore,
    /// Unweighted mean of the three per-type F1.
    pub macro_f1: f64,
    /// MISC, scored on its own (not in `micro` or `macro_f1`).
    #[serde(default)]
    pub misc: TypeScore,
    /// Predicted spans with a label outside [`NER_LABELS`] and MISC, not
    /// scored.
    pub ignored_predicted: usize,
}

impl fmt::Display for NerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} documents, {} tokens; exact-span match",
            self.documents, self.tokens
        )?;
        writeln!(
            f,
            "{:<6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            "type", "gold", "pred", "ok", "P", "R", "F1"
        )?;
        for s in self.per_type.iter().chain(std::iter::once(&self.micro)) {
            writeln!(
                f,
                "{:<6} {:>6} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}",
                s.label, s.gold, s.predicted, s.correct, s.precision, s.recall, s.f1
            )?;
        }
        let m = &self.misc;
        writeln!(
            f,
            "{:<6} {:>6} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}  (not in micro)",
            m.label, m.gold, m.predicted, m.correct, m.precision, m.recall, m.f1
        )?;
        write!(
            f,
            "macro F1 {:.3}; {} predicted spans of other types ignored",
            self.macro_f1, self.ignored_predicted
        )
    }
}

/// Scores predictions against gold documents: `predicted[i]` are the
/// entities predicted for `gold[i]` (a missing entry counts as no
/// prediction; entries past `gold.len()` are ignored — use
/// [`align_predictions`] to get a checked, lined-up vector).
pub fn score(gold: &[NerDocument], predicted: &[Vec<EntitySpan>]) -> NerReport {
    // One slot per scored label, MISC last (outside the micro average).
    let mut counts = [(0usize, 0usize, 0usize); NER_LABELS.len() + 1];
    let mut ignored = 0;
    let slot = |label: &str| {
        NER_LABELS
            .iter()
            .position(|l| *l == label)
            .or((label == MISC_LABEL).then_some(NER_LABELS.len()))
    };
    for (i, doc) in gold.iter().enumerate() {
        let gold_set: BTreeSet<(usize, usize, &str)> = doc
            .gold
            .iter()
            .filter(|s| slot(&s.label).is_some())
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect();
        let mut pred_set: BTreeSet<(usize, usize, &str)> = BTreeSet::new();
        for s in predicted.get(i).map_or(&[][..], |p| p.as_slice()) {
            if slot(&s.label).is_some() {
                pred_set.insert((s.start, s.end, s.label.as_str()));
            } else {
                ignored += 1;
            }
        }
        for g in &gold_set {
            if let Some(k) = slot(g.2) {
                counts[k].0 += 1;
            }
        }
        for p in &pred_set {
            if let Some(k) = slot(p.2) {
                counts[k].1 += 1;
                if gold_set.contains(p) {
                    counts[k].2 += 1;
                }
            }
        }
    }
    let per_type: Vec<TypeScore> = NER_LABELS
        .iter()
        .zip(counts)
        .map(|(label, (g, p, c))| TypeScore::from_counts(label, g, p, c))
        .collect();
    let (mg, mp, mc) = counts[NER_LABELS.len()];
    let misc = TypeScore::from_counts(MISC_LABEL, mg, mp, mc);
    let sum = |f: fn(&(usize, usize, usize)) -> usize| {
        counts[..NER_LABELS.len()].iter().map(f).sum::<usize>()
    };
    let micro = TypeScore::from_counts("micro", sum(|c| c.0), sum(|c| c.1), sum(|c| c.2));
    let macro_f1 = per_type.iter().map(|s| s.f1).sum::<f64>() / per_type.len() as f64;
    NerReport {
        documents: gold.len(),
        tokens: gold.iter().map(|d| d.tokens.len()).sum(),
        per_type,
        micro,
        macro_f1,
        misc,
        ignored_predicted: ignored,
    }
}

// ----- external systems -----

/// One line of a predictions file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PredictedDocument {
    /// The [`NerDocument::id`] predicted for.
    pub id: String,
    /// Predicted entities in token indices of that document.
    pub entities: Vec<EntitySpan>,
}

/// Reads a predictions JSONL file: one [`PredictedDocument`] object per
/// line (blank lines skipped).
pub fn read_predictions_jsonl(path: &Path) -> Result<Vec<PredictedDocument>, NerEvalError> {
    let source = read_text(path)?;
    parse_predictions_jsonl(path, &source)
}

/// Parses predictions JSONL held in memory; `name` stands for the path in
/// errors.
pub fn parse_predictions_jsonl(
    name: &Path,
    source: &str,
) -> Result<Vec<PredictedDocument>, NerEvalError> {
    source
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|source| NerEvalError::Json {
                path: name.to_path_buf(),
                line: i + 1,
                source,
            })
        })
        .collect()
}

/// Lines predictions up with gold documents by id, checking that every gold
/// document has exactly one predictions line, that no line names an unknown
/// document, and that every span is non-empty and inside its document.
pub fn align_predictions(
    gold: &[NerDocument],
    predictions: &[PredictedDocument],
) -> Result<Vec<Vec<EntitySpan>>, NerEvalError> {
    let index: HashMap<&str, usize> = gold
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut out: Vec<Option<Vec<EntitySpan>>> = vec![None; gold.len()];
    for p in predictions {
        let Some(&i) = index.get(p.id.as_str()) else {
            return Err(NerEvalError::UnknownDocument { id: p.id.clone() });
        };
        if out[i].is_some() {
            return Err(NerEvalError::DuplicateDocument { id: p.id.clone() });
        }
        let tokens = gold[i].tokens.len();
        if let Some(bad) = p
            .entities
            .iter()
            .find(|s| s.start >= s.end || s.end > tokens)
        {
            return Err(NerEvalError::SpanOutOfRange {
                id: p.id.clone(),
                start: bad.start,
                end: bad.end,
                tokens,
            });
        }
        out[i] = Some(p.entities.clone());
    }
    out.into_iter()
        .zip(gold)
        .map(|(p, d)| p.ok_or_else(|| NerEvalError::MissingDocument { id: d.id.clone() }))
        .collect()
}

/// Writes each document as one JSON line `{"id", "tokens", "space_after"}`
/// (no gold), for an external system to tag the very same tokens.
pub fn write_texts_jsonl(docs: &[NerDocument], path: &Path) -> Result<(), NerEvalError> {
    #[derive(Serialize)]
    struct Line<'a> {
        id: &'a str,
        tokens: &'a [String],
        space_after: &'a [bool],
    }
    let io = |source| NerEvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(io)?;
    let mut out = BufWriter::new(file);
    for doc in docs {
        let line = Line {
            id: &doc.id,
            tokens: &doc.tokens,
            space_after: &doc.space_after,
        };
        serde_json::to_writer(&mut out, &line).map_err(|e| io(std::io::Error::other(e)))?;
        out.write_all(b"\n").map_err(io)?;
    }
    out.flush().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: &str) -> EntitySpan {
        EntitySpan {
            start,
            end,
            label: label.to_string(),
        }
    }

    fn tags(list: &[&'static str]) -> Vec<Tag<'static>> {
        list.iter()
            .map(|t| match parse_tag(t) {
                Some(tag) => tag,
                None => panic!("bad tag {t}"),
            })
            .collect()
    }

    // ----- tags to spans -----

    #[test]
    fn iob1_inside_after_outside_or_other_type_starts_an_entity() {
        // "Jean Morel et Anne à Brest Lorient Vannes ." in IOB1.
        let t = tags(&[
            "I-PER", "I-PER", "O", "I-PER", "O", "I-LOC", "I-ORG", "I-LOC", "O",
        ]);
        assert_eq!(
            tags_to_spans(&t),
            vec![
                span(0, 2, "PER"),
                span(3, 4, "PER"),
                span(5, 6, "LOC"),
                span(6, 7, "ORG"),
                span(7, 8, "LOC"),
            ]
        );
        // IOB1 marks two touching entities of one type with B- on the second.
        let t = tags(&["I-LOC", "I-LOC", "B-LOC", "I-LOC"]);
        assert_eq!(
            tags_to_spans(&t),
            vec![span(0, 2, "LOC"), span(2, 4, "LOC")]
        );
        // An entity running to the end is closed.
        assert_eq!(
            tags_to_spans(&tags(&["O", "I-ORG"])),
            vec![span(1, 2, "ORG")]
        );
    }

    #[test]
    fn bio_begin_starts_and_inside_continues() {
        let t = tags(&["B-PER", "I-PER", "B-PER", "O", "B-LOC", "I-LOC", "I-LOC"]);
        assert_eq!(
            tags_to_spans(&t),
            vec![span(0, 2, "PER"), span(2, 3, "PER"), span(4, 7, "LOC")]
        );
        // Ill-formed BIO: an I- of another type starts an entity.
        let t = tags(&["B-PER", "I-LOC", "I-LOC"]);
        assert_eq!(
            tags_to_spans(&t),
            vec![span(0, 1, "PER"), span(1, 3, "LOC")]
        );
        assert!(parse_tag("X-PER").is_none());
        assert!(parse_tag("B-").is_none());
        assert!(parse_tag("PER").is_none());
    }

    // ----- HIPE -----

    /// Made-up sentences in the HIPE-2022 layout (ten columns).
    fn hipe_fixture() -> String {
        let rows: &[(&str, &str, &str)] = &[
            ("Hier", "O", "_"),
            ("le", "O", "_"),
            ("maire", "O", "_"),
            ("de", "O", "_"),
            ("Quim¬", "B-LOC", "NoSpaceAfter|EndOfLine"),
            ("per", "B-LOC", "_"),
            ("a", "O", "_"),
            ("reçu", "O", "NoSpaceAfter"),
            ("M", "B-PER", "NoSpaceAfter"),
            (".", "I-PER", "_"),
            ("Paul", "I-PER", "_"),
            ("Durand", "I-PER", "NoSpaceAfter"),
            (",", "O", "_"),
            ("du", "O", "_"),
            ("Journal", "B-ORG", "_"),
            ("de", "I-ORG", "EndOfLine"),
            ("l", "B-ORG", "NoSpaceAfter"),
            ("'", "I-ORG", "NoSpaceAfter"),
            ("Ouest", "I-ORG", "NoSpaceAfter"),
            (",", "O", "_"),
            ("au", "O", "_"),
            ("Musée", "B-HumanProd", "_"),
            ("Lumière", "I-HumanProd", "NoSpaceAfter"),
            (".", "O", "EndOfSentence"),
        ];
        let line = |(token, tag, misc): &(&str, &str, &str)| {
            format!("{token}\t{tag}\t_\tO\t_\t_\tO\t_\t_\t{misc}\n")
        };
        let mut s = String::from(
            "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\t\
             NE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC\n",
        );
        s.push_str("# hipe2022:document_id = t_1\n# hipe2022:date = 1901-02-03\n");
        for r in rows {
            s.push_str(&line(r));
        }
        s.push('\n');
        s.push_str("# hipe2022:document_id = t_2\n# newseye:version = v1.0\n");
        for r in [
            ("#e", "O", "_"),
            ("Lyon", "I-LOC", "_"),
            ("et", "O", "_"),
            ("Nice", "B-LOC", "_"),
            ("#", "O", "_"),
        ] {
            s.push_str(&line(&r));
        }
        s
    }

    #[test]
    fn hipe_documents_labels_spaces_and_restarts() {
        let docs = match parse_hipe(Path::new("t.tsv"), &hipe_fixture(), HipeOptions::default()) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        assert_eq!(d.id, "t_1");
        assert_eq!(d.tokens.len(), 24);
        // Hyphenated restart merged; the `de | l'Ouest` restart (no `¬`)
        // kept; HumanProd kept as MISC.
        assert_eq!(
            d.gold,
            vec![
                span(4, 6, "LOC"),
                span(8, 12, "PER"),
                span(14, 16, "ORG"),
                span(16, 19, "ORG"),
                span(21, 23, "MISC"),
            ]
        );
        // Spurious NoSpaceAfter between two words (`reçu|M`) becomes a space;
        // the others are kept.
        assert_eq!(
            d.text(),
            "Hier le maire de Quim¬per a reçu M. Paul Durand, du Journal de l'Ouest, au Musée Lumière."
        );
        let (text, offsets) = d.text_with_offsets();
        assert_eq!(&text[offsets[10].clone()], "Paul");
        assert_eq!(d.space_after.len(), d.tokens.len());

        // A token starting with `#` is a token, not metadata; metadata lines
        // between documents are skipped.
        let d = &docs[1];
        assert_eq!(d.id, "t_2");
        assert_eq!(d.tokens, ["#e", "Lyon", "et", "Nice", "#"]);
        assert_eq!(d.gold, vec![span(1, 2, "LOC"), span(3, 4, "LOC")]);

        let raw = match parse_hipe(
            Path::new("t.tsv"),
            &hipe_fixture(),
            HipeOptions {
                merge_hyphenated: false,
            },
        ) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(raw[0].gold[..2], [span(4, 5, "LOC"), span(5, 6, "LOC")]);
    }

    #[test]
    fn hipe_errors_name_the_line() {
        let header = "TOKEN\tNE-COARSE-LIT\tMISC\n";
        let no_doc = format!("{header}Paris\tB-LOC\t_\n");
        let e = parse_hipe(Path::new("x.tsv"), &no_doc, HipeOptions::default());
        assert!(
            matches!(e, Err(NerEvalError::Malformed { line: 2, .. })),
            "{e:?}"
        );
        let bad_tag = format!("{header}# hipe2022:document_id = a\nParis\tLOC\t_\n");
        let e = parse_hipe(Path::new("x.tsv"), &bad_tag, HipeOptions::default());
        assert!(
            matches!(e, Err(NerEvalError::Malformed { line: 3, .. })),
            "{e:?}"
        );
        let short = format!("{header}# hipe2022:document_id = a\nParis\tB-LOC\n");
        let e = parse_hipe(Path::new("x.tsv"), &short, HipeOptions::default());
        assert!(
            matches!(e, Err(NerEvalError::Malformed { line: 3, .. })),
            "{e:?}"
        );
        let no_header = "# hipe2022:document_id = a\nParis\tB-LOC\t_\n";
        let e = parse_hipe(Path::new("x.tsv"), no_header, HipeOptions::default());
        assert!(
            matches!(e, Err(NerEvalError::Malformed { line: 2, .. })),
            "{e:?}"
        );
    }

    // ----- Europeana -----

    #[test]
    fn europeana_iob1_page_ids_and_chunks() {
        let source = "\
Le O
docteur I-PER
Martin I-PER
arrive O
à O
Rennes I-LOC
. O
0000001/txt/X0000001 O
La O
Banque I-ORG
de I-ORG
Bretagne I-ORG
ferme O
. O
Vive O
Nantes I-LOC
! O
";
        let docs = match parse_europeana(Path::new("e.bio"), source, Split::All) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        // A page id is dropped and ends the chunk; chunks are small here.
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "enp_fr_000");
        assert_eq!(docs[0].tokens.len(), 7);
        assert_eq!(docs[0].gold, vec![span(1, 3, "PER"), span(5, 6, "LOC")]);
        assert_eq!(docs[1].tokens[0], "La");
        assert_eq!(docs[1].gold, vec![span(1, 4, "ORG"), span(7, 8, "LOC")]);
        assert!(docs.iter().all(|d| d.space_after.iter().all(|s| *s)));
        assert!(is_page_id("0564932/txt/X0000001"));
        assert!(!is_page_id("txt/X0000001"));
        assert!(!is_page_id("12/txt/Xab"));

        let e = parse_europeana(Path::new("e.bio"), "Rennes\n", Split::All);
        assert!(
            matches!(e, Err(NerEvalError::Malformed { line: 1, .. })),
            "{e:?}"
        );
        let e = parse_europeana(Path::new("e.bio"), "Rennes O\nBrest LOC\n", Split::All);
        assert!(
            matches!(e, Err(NerEvalError::Malformed { line: 2, .. })),
            "{e:?}"
        );
    }

    #[test]
    fn europeana_chunk_rule() {
        // Sentences of 4 tokens ("w w w ."), an entity across a would-be cut.
        let mut owned: Vec<(String, &str)> = Vec::new();
        for i in 0..30 {
            owned.push((format!("a{i}"), "O"));
            owned.push(("b".into(), "O"));
            owned.push(("c".into(), "O"));
            owned.push((".".into(), "O"));
        }
        // Tokens 8..10 ("M", ".", then "Roux" continuing): the sentence end
        // inside the entity is no cut.
        owned[7] = ("M".into(), "I-PER");
        owned[8] = (".".into(), "I-PER");
        owned[9] = ("Roux".into(), "I-PER");
        let items: Vec<Option<(&str, Tag<'_>)>> = owned
            .iter()
            .map(|(t, tag)| parse_tag(tag).map(|g| (t.as_str(), g)))
            .collect();
        // min 6: the first sentence end at or after 6 tokens is token 8 ("."
        // of "M."), inside the entity, so the cut waits for token 12.
        let all = chunk_europeana(&items, Split::All, 6, 100);
        assert_eq!(all[0].tokens.len(), 12);
        assert_eq!(all[0].gold, vec![span(7, 10, "PER")]);
        let sizes: Vec<usize> = all.iter().map(|d| d.tokens.len()).collect();
        assert!(sizes[1..14].iter().all(|n| *n == 8), "{sizes:?}");
        assert_eq!(sizes[14..], [4]);
        assert_eq!(all.iter().map(|d| d.tokens.len()).sum::<usize>(), 120);
        // No sentence end: the hard cut at `max` tokens.
        let no_end: Vec<Option<(&str, Tag<'_>)>> =
            (0..25).map(|_| Some(("x", Tag::Outside))).collect();
        let sizes: Vec<usize> = chunk_europeana(&no_end, Split::All, 6, 10)
            .iter()
            .map(|d| d.tokens.len())
            .collect();
        assert_eq!(sizes, [10, 10, 5]);
        // Splits: chunk i is test when i % 5 == 4; train and test partition.
        let test = chunk_europeana(&items, Split::Test, 6, 100);
        let train = chunk_europeana(&items, Split::Train, 6, 100);
        let ids = |d: &[NerDocument]| d.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&test), ["enp_fr_004", "enp_fr_009", "enp_fr_014"]);
        assert_eq!(train.len() + test.len(), all.len());
        assert!(!ids(&train).iter().any(|i| ids(&test).contains(i)));
        assert!(Split::Test.contains(4) && !Split::Test.contains(5) && Split::Train.contains(5));
    }

    // ----- scoring -----

    fn doc(id: &str, tokens: usize, gold: Vec<EntitySpan>) -> NerDocument {
        NerDocument {
            id: id.to_string(),
            tokens: (0..tokens).map(|i| format!("t{i}")).collect(),
            space_after: vec![true; tokens],
            gold,
        }
    }

    #[test]
    fn exact_span_scoring_arithmetic() {
        let gold = vec![
            doc(
                "a",
                10,
                vec![
                    span(0, 2, "PER"),
                    span(3, 4, "LOC"),
                    span(5, 7, "ORG"),
                    span(8, 9, "MISC"),
                ],
            ),
            doc("b", 5, vec![span(1, 3, "LOC"), span(0, 1, "MISC")]),
        ];
        let predicted = vec![
            vec![
                span(0, 2, "PER"),   // correct
                span(0, 2, "PER"),   // duplicate: counted once
                span(3, 5, "LOC"),   // boundary error
                span(5, 7, "LOC"),   // type error
                span(8, 9, "MISC"),  // correct MISC, scored apart
                span(9, 10, "DATE"), // not scored
            ],
            vec![span(1, 3, "LOC"), span(4, 5, "PER"), span(2, 4, "MISC")],
        ];
        let r = score(&gold, &predicted);
        assert_eq!((r.documents, r.tokens, r.ignored_predicted), (2, 15, 1));
        // MISC has its own line and stays out of the micro average.
        assert_eq!((r.misc.gold, r.misc.predicted, r.misc.correct), (2, 2, 1));
        assert!((r.misc.f1 - 0.5).abs() < 1e-12);
        let counts: Vec<(&str, usize, usize, usize)> = r
            .per_type
            .iter()
            .map(|s| (s.label.as_str(), s.gold, s.predicted, s.correct))
            .collect();
        assert_eq!(
            counts,
            [("PER", 1, 2, 1), ("LOC", 2, 3, 1), ("ORG", 1, 0, 0)]
        );
        assert_eq!(
            (r.micro.gold, r.micro.predicted, r.micro.correct),
            (4, 5, 2)
        );
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(r.micro.precision, 0.4));
        assert!(close(r.micro.recall, 0.5));
        assert!(close(r.micro.f1, 2.0 * 0.4 * 0.5 / 0.9));
        assert!(close(r.per_type[0].f1, 2.0 / 3.0));
        assert!(close(
            r.per_type[1].f1,
            2.0 * (1.0 / 3.0) * 0.5 / (1.0 / 3.0 + 0.5)
        ));
        assert!(close(r.per_type[2].f1, 0.0));
        assert!(close(
            r.macro_f1,
            (r.per_type[0].f1 + r.per_type[1].f1) / 3.0
        ));
        // Gold against itself is perfect; no predictions give zeros.
        let perfect = score(
            &gold,
            &gold.iter().map(|d| d.gold.clone()).collect::<Vec<_>>(),
        );
        assert!(close(perfect.micro.f1, 1.0));
        let empty = score(&gold, &[]);
        assert_eq!((empty.micro.gold, empty.micro.predicted), (4, 0));
        assert!(close(empty.micro.f1, 0.0) && close(empty.micro.precision, 0.0));
        // The report serialises and prints.
        let json = match serde_json::to_string(&r) {
            Ok(j) => j,
            Err(e) => panic!("{e}"),
        };
        assert!(json.contains("\"micro\""));
        assert!(r.to_string().contains("micro"));
    }

    #[test]
    fn predictions_jsonl_are_read_and_checked() {
        let gold = vec![doc("a", 4, vec![span(0, 1, "PER")]), doc("b", 3, vec![])];
        let jsonl = r#"{"id": "b", "entities": []}

{"id": "a", "entities": [{"start": 0, "end": 1, "label": "PER"}, {"start": 2, "end": 4, "label": "MISC"}]}
"#;
        let preds = match parse_predictions_jsonl(Path::new("p.jsonl"), jsonl) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        let aligned = match align_predictions(&gold, &preds) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(aligned[0].len(), 2);
        assert!(aligned[1].is_empty());
        assert_eq!(score(&gold, &aligned).micro.f1, 1.0);

        let bad = parse_predictions_jsonl(Path::new("p.jsonl"), "{\"id\": \"a\"}\n");
        assert!(
            matches!(bad, Err(NerEvalError::Json { line: 1, .. })),
            "{bad:?}"
        );
        let only_a = &preds[1..];
        assert!(matches!(
            align_predictions(&gold, only_a),
            Err(NerEvalError::MissingDocument { .. })
        ));
        let twice = [preds[0].clone(), preds[0].clone(), preds[1].clone()];
        assert!(matches!(
            align_predictions(&gold, &twice),
            Err(NerEvalError::DuplicateDocument { .. })
        ));
        let unknown = [PredictedDocument {
            id: "z".into(),
            entities: vec![],
        }];
        assert!(matches!(
            align_predictions(&gold, &unknown),
            Err(NerEvalError::UnknownDocument { .. })
        ));
        for (start, end) in [(2, 5), (2, 2)] {
            let out = [
                preds[0].clone(),
                PredictedDocument {
                    id: "a".into(),
                    entities: vec![span(start, end, "PER")],
                },
            ];
            assert!(matches!(
                align_predictions(&gold, &out),
                Err(NerEvalError::SpanOutOfRange { .. })
            ));
        }
    }

    #[test]
    fn texts_jsonl_round_trip() {
        let mut d = doc("x\"1", 3, vec![span(0, 1, "LOC")]);
        d.space_after[1] = false;
        let path =
            std::env::temp_dir().join(format!("filrouge-ner-texts-{}.jsonl", std::process::id()));
        if let Err(e) = write_texts_jsonl(&[d.clone(), doc("y", 0, vec![])], &path) {
            panic!("{e}");
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::remove_file(&path);
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or(serde_json::Value::Null))
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["id"], "x\"1");
        assert_eq!(lines[0]["tokens"], serde_json::json!(["t0", "t1", "t2"]));
        assert_eq!(
            lines[0]["space_after"],
            serde_json::json!([true, false, true])
        );
        assert!(lines[0].get("gold").is_none());
        assert_eq!(lines[1]["tokens"], serde_json::json!([]));
        assert!("hipe".parse::<GoldFormat>().is_ok());
        assert_eq!(
            "europeana-test".parse::<GoldFormat>().ok(),
            Some(GoldFormat::Europeana(Split::Test))
        );
        assert!("conll".parse::<GoldFormat>().is_err());
    }

    // ----- the two corpora -----

    use crate::test_data::shared_data;

    fn summary(name: &str, docs: &[NerDocument]) -> [usize; 5] {
        let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
        let count = |label: &str| {
            docs.iter()
                .flat_map(|d| &d.gold)
                .filter(|s| s.label == label)
                .count()
        };
        let (per, loc, org) = (count("PER"), count("LOC"), count("ORG"));
        println!(
            "{name}: {} documents, {tokens} tokens, {} entities (PER {per}, LOC {loc}, ORG {org})",
            docs.len(),
            per + loc + org
        );
        for d in docs {
            assert_eq!(d.tokens.len(), d.space_after.len(), "{}", d.id);
            let mut last_end = 0;
            for s in &d.gold {
                assert!(s.start < s.end && s.end <= d.tokens.len(), "{}", d.id);
                assert!(s.start >= last_end, "{}: overlapping gold", d.id);
                assert!(NER_LABELS.contains(&s.label.as_str()) || s.label == MISC_LABEL);
                last_end = s.end;
            }
        }
        let perfect = score(
            docs,
            &docs.iter().map(|d| d.gold.clone()).collect::<Vec<_>>(),
        );
        assert_eq!(perfect.micro.correct, perfect.micro.gold);
        [docs.len(), tokens, per, loc, org]
    }

    #[test]
    fn hipe_and_europeana_read_whole() {
        let Some(data) = shared_data() else {
            return;
        };
        let hipe = data.join("hipe2022-newseye-fr");
        let read = |split: &str, options: HipeOptions| {
            let path = hipe.join(format!("HIPE-2022-v2.1-newseye-{split}-fr.tsv"));
            match read_hipe_with(&path, options) {
                Ok(d) => d,
                Err(e) => panic!("{e}"),
            }
        };
        let raw = HipeOptions {
            merge_hyphenated: false,
        };
        for split in ["dev", "test"] {
            let merged = read(split, HipeOptions::default());
            let as_is = read(split, raw);
            let m = summary(&format!("HIPE {split}"), &merged);
            let r = summary(&format!("HIPE {split} (raw, no merge)"), &as_is);
            assert_eq!(m[0], 35);
            let merges = r[2..].iter().sum::<usize>() - m[2..].iter().sum::<usize>();
            println!("HIPE {split}: {merges} hyphenated line-break restarts merged");
            // Spurious NoSpaceAfter between word tokens: about 5% of pairs.
            let (mut pairs, mut spaced) = (0usize, 0usize);
            for d in &merged {
                for i in 0..d.tokens.len().saturating_sub(1) {
                    if word_pair(&d.tokens[i], &d.tokens[i + 1]) {
                        pairs += 1;
                        spaced += usize::from(d.space_after[i]);
                    }
                }
            }
            assert_eq!(pairs, spaced);
        }
        let test = read("test", HipeOptions::default());
        let test_raw = read("test", raw);
        let entities = |d: &[NerDocument]| {
            d.iter()
                .flat_map(|d| &d.gold)
                .filter(|s| s.label != MISC_LABEL)
                .count()
        };
        // HumanProd is kept as MISC (33 B- tags in the file).
        let misc = |d: &[NerDocument]| {
            d.iter()
                .flat_map(|d| &d.gold)
                .filter(|s| s.label == MISC_LABEL)
                .count()
        };
        assert_eq!(misc(&test_raw), 33);
        assert!(misc(&test) <= misc(&test_raw));
        // B- counts of the file: PER 1025, LOC 1112, ORG 360; 32 hyphenated
        // restarts merged.
        assert_eq!(entities(&test_raw), 1025 + 1112 + 360);
        assert_eq!(entities(&test_raw) - entities(&test), 32);

        let enp = data.join("europeana-ner-fr/enp_FR.bnf.bio");
        let read = |split| match read_europeana(&enp, split) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let all = summary("Europeana all", &read(Split::All));
        let train = summary("Europeana train", &read(Split::Train));
        let test = summary("Europeana test", &read(Split::Test));
        // 205,916 lines, 21 of them page ids.
        assert_eq!(all[1], 205_916 - 21);
        for k in 0..5 {
            assert_eq!(train[k] + test[k], all[k]);
        }
        assert!(test[1] * 6 > all[1] && test[1] * 4 < all[1]);
    }
}
