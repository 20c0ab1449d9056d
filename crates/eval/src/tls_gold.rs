//! Gold timelines for timeline-summarisation evaluation ([`crate::tls`]),
//! read from three layouts, the baseline system, and the scorer entry
//! point [`evaluate`].
//!
//! A [`GoldTask`] is one timeline to build: its documents (each with its
//! creation date), optionally the entity the timeline is about, and the
//! gold [`Timeline`]. A system sees only a [`TaskInput`] (no gold) and
//! returns a timeline.
//!
//! # Documents
//!
//! Gold documents come tokenised (CAT files): [`GoldDocument::text`] is
//! rebuilt with one sentence per line and one space between tokens
//! ("June 13 , 2005"), so [`GoldDocument::sentences`] is `text.lines()`,
//! and gold sentences in timelines are these lines exactly. The DCT is the
//! `TIMEX3` with `functionInDocument="CREATION_TIME"`; one file in both
//! corpora writes it `MM-DD-YYYY` (read as such, its dateline agrees), and
//! two MEANTIME files have none, where the Wikinews dateline (the second
//! sentence, "April 27 , 2005") gives it.
//!
//! # SemEval-2015 Task 4 (TimeLine), [`read_semeval`]
//!
//! `SemEval_Task4_data/corpus_{1,2,3}`: the 30 documents of each corpus
//! (`corpus_trackA_CAT`, tokens and DCT only) and its gold entity
//! timelines (`TimeLines_Gold_Standard/*.txt`: the entity's name on the
//! first line, then `ordinal TAB date TAB mention...`, a mention being
//! `docid-sentence-word`). Each gold file is a task named
//! `corpus_N/<file stem>` with the entity as target. A file whose content
//! repeats another of its corpus is read once (corpus 3 ships
//! `s&p_500.txt` and `s_and_p_500.txt`, identical), and a timeline left
//! with no day-dated entry is no task (`general_motors_creditors` is
//! empty; `toyota` and `united_automobile_workers` have only undated or
//! year-dated events): 35 tasks out of 39 files. The trial data (six
//! Apple timelines) is not read: the published results are on the three
//! evaluation corpora.
//!
//! A gold line becomes a timeline entry when its date has day precision
//! (`2005-01-18`: 447 of the 741 lines); `XXXX-XX-XX` (192), year
//! (`2004-XX-XX`, `2004`: 41) and month (`2008-05-XX`, `2008-05`: 61)
//! dates are dropped. tilse's timelines hold days only, and putting a
//! month on its first day would make date F1 ask systems to guess that
//! day. The entry's sentences are those holding its mentions, in gold
//! order, each once per date. Three mentions in the gold name no
//! sentence (typing slips such as `629292-7-travelling8`); they are
//! skipped and listed in [`GoldTask::notes`].
//!
//! # MEANTIME, [`read_meantime_timelines`]
//!
//! `intra_cross-doc_annotation/corpus_{airbus,apple,gm,stock}` (one task
//! per topic, no target: the topic's cross-document events are the
//! timeline) and `list_instances.csv`. An event instance is an `EVENT`
//! markable with an `instance_id`; its mentions are the sources of the
//! `REFERS_TO` relations pointing at it. The instance's date is its `TIME`
//! in `list_instances.csv`, the time anchor the annotators gave each
//! cross-document event, kept when it is a day. Instances with no `TIME`,
//! `XXXX-XX-XX`, a month or a year are left out. This rule takes the
//! annotators' dating rather than rebuilding one from `TLINK`s, which
//! would be our own inference over partial links. Each dated instance
//! adds the sentences of all its mentions (document order, each once per
//! date) to its date.
//!
//! # The tilse layout, [`read_tilse_dir`]
//!
//! For any other data set, a directory holding
//!
//! ```text
//! <task>.txt                 the gold timeline, tilse text format
//! <task>.target              optional: the entity, one line
//! documents/<task>/<doc>.txt one document: its DCT (YYYY-MM-DD) on the
//!                            first line, then one sentence a line
//! ```
//!
//! Documents have language `und` (undetermined): the layout does not say.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::markup::{attr, Item, Scanner};
use crate::timex::{read_source, TimexEvalError};
use crate::tls::{
    mean_scores, parse_timeline, score_timeline, RougeOptions, Timeline, TimelineError,
    TimelineScores,
};

/// An error reading gold timeline data, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum TlsGoldError {
    /// A file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A CAT file is not readable markup.
    #[error(transparent)]
    Markup(#[from] TimexEvalError),
    /// A timeline file is malformed.
    #[error(transparent)]
    Timeline(#[from] TimelineError),
    /// The data does not have the expected content.
    #[error("{path}: {message}")]
    Invalid {
        /// The file or directory.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

fn invalid(path: &Path, message: impl Into<String>) -> TlsGoldError {
    TlsGoldError::Invalid {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TlsGoldError + '_ {
    move |source| TlsGoldError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// One input document of a task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldDocument {
    /// The corpus's document id (`11716`), or the file stem.
    pub id: String,
    /// Tokenised text, one sentence a line.
    pub text: String,
    /// Document creation time.
    pub dct: NaiveDate,
    /// ISO 639-1 language, `und` when the data does not say.
    pub lang: String,
}

impl GoldDocument {
    /// The sentences (lines of [`GoldDocument::text`]).
    pub fn sentences(&self) -> impl Iterator<Item = &str> {
        self.text.lines()
    }
}

/// One timeline to build and its gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldTask {
    /// `corpus_1/airbus`, `airbus`, or the timeline file stem.
    pub name: String,
    /// The entity the timeline is about, if any.
    pub target: Option<String>,
    /// The documents to build it from, in file-name order.
    pub documents: Vec<GoldDocument>,
    /// The gold timeline.
    pub timeline: Timeline,
    /// Problems in the gold that were worked around (a mention naming no
    /// sentence), one line each.
    pub notes: Vec<String>,
}

/// What a system is given for a task: everything but the gold timeline,
/// so a system cannot peek at it (nor at its size).
#[derive(Debug, Clone, Copy)]
pub struct TaskInput<'a> {
    /// The task's name.
    pub name: &'a str,
    /// The entity the timeline is about, if any.
    pub target: Option<&'a str>,
    /// The documents.
    pub documents: &'a [GoldDocument],
}

impl<'a> From<&'a GoldTask> for TaskInput<'a> {
    fn from(task: &'a GoldTask) -> Self {
        TaskInput {
            name: &task.name,
            target: task.target.as_deref(),
            documents: &task.documents,
        }
    }
}

// ---------------------------------------------------------------------------
// CAT files (SemEval-2015 track A and MEANTIME)

/// A markable: its element name, attributes and anchored tokens.
#[derive(Debug, Default)]
struct Markable {
    name: String,
    attrs: HashMap<String, String>,
    anchors: Vec<String>,
}

/// A relation: its element name, source and target markable ids.
#[derive(Debug, Default)]
struct Relation {
    name: String,
    sources: Vec<String>,
    targets: Vec<String>,
}

/// What the timeline readers need of a CAT file.
#[derive(Debug, Default)]
struct CatDoc {
    doc_id: String,
    lang: Option<String>,
    /// Sentences in file order: the `sentence` attribute and the tokens.
    sentences: Vec<(String, Vec<String>)>,
    /// Sentence index of each token, by `t_id`.
    token_sentence: HashMap<String, usize>,
    /// Markables by `m_id`.
    markables: HashMap<String, Markable>,
    relations: Vec<Relation>,
}

impl CatDoc {
    fn sentence_text(&self, i: usize) -> Option<String> {
        self.sentences.get(i).map(|(_, tokens)| tokens.join(" "))
    }

    fn sentence_index(&self, attr: &str) -> Option<usize> {
        self.sentences.iter().position(|(s, _)| s == attr)
    }

    fn text(&self) -> String {
        let lines: Vec<String> = (0..self.sentences.len())
            .filter_map(|i| self.sentence_text(i))
            .collect();
        lines.join("\n")
    }

    /// The creation date: the `CREATION_TIME` TIMEX3 (`YYYY-MM-DD`, or
    /// `MM-DD-YYYY` as one file has it), else the dateline.
    fn dct(&self, path: &Path) -> Result<NaiveDate, TlsGoldError> {
        let mut creation: Vec<&Markable> = self
            .markables
            .values()
            .filter(|m| {
                m.name == "TIMEX3"
                    && m.attrs.get("functionInDocument").map(String::as_str)
                        == Some("CREATION_TIME")
            })
            .collect();
        creation.sort_by_key(|m| m.attrs.get("m_id").cloned());
        if let Some(value) = creation.first().and_then(|m| m.attrs.get("value")) {
            return NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(value, "%m-%d-%Y"))
                .map_err(|_| invalid(path, format!("creation time `{value}` is no day")));
        }
        let dateline = self.sentence_text(1).unwrap_or_default();
        NaiveDate::parse_from_str(&dateline, "%B %d , %Y")
            .map_err(|_| invalid(path, "no creation time and no dateline"))
    }

    fn to_document(&self, path: &Path) -> Result<GoldDocument, TlsGoldError> {
        Ok(GoldDocument {
            id: self.doc_id.clone(),
            text: self.text(),
            dct: self.dct(path)?,
            lang: self.lang.clone().unwrap_or_else(|| "en".to_string()),
        })
    }
}

/// Reads the tokens, markables and relations of a CAT file.
fn parse_cat_doc(path: &Path, src: &str) -> Result<CatDoc, TlsGoldError> {
    let mut scanner = Scanner::new(path, src);
    let mut doc = CatDoc::default();
    // Open elements; the innermost names what text and children mean.
    let mut stack: Vec<String> = Vec::new();
    let mut token: Option<(String, String, String)> = None;
    let mut markable: Option<Markable> = None;
    let mut relation: Option<Relation> = None;
    while let Some((at, item)) = scanner.next_item()? {
        match item {
            Item::Text(text) => {
                if let Some((_, _, t)) = token.as_mut() {
                    t.push_str(&text);
                }
            }
            Item::Start { name, attrs, empty } => {
                let parent = stack.last().map(String::as_str);
                let get = |key: &str| attr(&attrs, key);
                match (stack.len(), parent, name) {
                    (0, _, "Document") => {
                        doc.doc_id = get("doc_id").unwrap_or_default();
                        doc.lang = get("lang");
                    }
                    (0, _, _) => {
                        return Err(scanner
                            .invalid(at, format!("root <{name}>, not <Document>"))
                            .into());
                    }
                    (1, _, "token") => {
                        let (Some(t_id), Some(sentence)) = (get("t_id"), get("sentence")) else {
                            return Err(scanner
                                .invalid(at, "<token> without t_id or sentence")
                                .into());
                        };
                        token = Some((t_id, sentence, String::new()));
                    }
                    (2, Some("Markables"), _) => {
                        markable = Some(Markable {
                            name: name.to_string(),
                            attrs: attrs
                                .iter()
                                .map(|(k, v)| (k.to_string(), v.clone()))
                                .collect(),
                            anchors: Vec::new(),
                        });
                    }
                    (3, _, "token_anchor") => {
                        if let (Some(m), Some(t_id)) = (markable.as_mut(), get("t_id")) {
                            m.anchors.push(t_id);
                        }
                    }
                    (2, Some("Relations"), _) => {
                        relation = Some(Relation {
                            name: name.to_string(),
                            ..Relation::default()
                        });
                    }
                    (3, _, "source" | "target") => {
                        if let (Some(r), Some(m_id)) = (relation.as_mut(), get("m_id")) {
                            if name == "source" {
                                r.sources.push(m_id);
                            } else {
                                r.targets.push(m_id);
                            }
                        }
                    }
                    _ => {}
                }
                if empty {
                    close_element(
                        &mut doc,
                        stack.len(),
                        name,
                        &mut token,
                        &mut markable,
                        &mut relation,
                    );
                } else {
                    stack.push(name.to_string());
                }
            }
            Item::End { name } => {
                if stack.pop().as_deref() != Some(name) {
                    return Err(scanner
                        .malformed(at, format!("unexpected </{name}>"))
                        .into());
                }
                close_element(
                    &mut doc,
                    stack.len(),
                    name,
                    &mut token,
                    &mut markable,
                    &mut relation,
                );
            }
        }
    }
    if !stack.is_empty() {
        return Err(invalid(path, "unclosed elements at the end"));
    }
    Ok(doc)
}

/// Files what an element that just closed at `depth` held.
fn close_element(
    doc: &mut CatDoc,
    depth: usize,
    name: &str,
    token: &mut Option<(String, String, String)>,
    markable: &mut Option<Markable>,
    relation: &mut Option<Relation>,
) {
    match (depth, name) {
        (1, "token") => {
            if let Some((t_id, sentence, text)) = token.take() {
                let new_sentence = doc.sentences.last().is_none_or(|(s, _)| *s != sentence);
                if new_sentence {
                    doc.sentences.push((sentence, Vec::new()));
                }
                let i = doc.sentences.len() - 1;
                if let Some((_, tokens)) = doc.sentences.last_mut() {
                    tokens.push(text.trim().to_string());
                }
                doc.token_sentence.insert(t_id, i);
            }
        }
        (2, _) => {
            if let Some(m) = markable.take() {
                if let Some(m_id) = m.attrs.get("m_id").cloned() {
                    doc.markables.insert(m_id, m);
                }
            }
            if let Some(r) = relation.take() {
                doc.relations.push(r);
            }
        }
        _ => {}
    }
}

fn read_cat_doc(path: &Path) -> Result<CatDoc, TlsGoldError> {
    let src = read_source(path)?;
    parse_cat_doc(path, &src)
}

/// Files of `dir` ending in `suffix`, sorted.
fn files(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, TlsGoldError> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        let is_match = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(suffix) && !n.starts_with('.'));
        if is_match && path.is_file() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Subdirectories of `dir` whose name starts with `prefix`, sorted.
fn subdirs(dir: &Path, prefix: &str) -> Result<Vec<PathBuf>, TlsGoldError> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        let is_match = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix));
        if is_match && path.is_dir() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Adds a sentence to a date unless the date has it already.
fn add_once(timeline: &mut Timeline, date: NaiveDate, sentence: String) {
    let entry = timeline.entry(date).or_default();
    if !entry.contains(&sentence) {
        entry.push(sentence);
    }
}

// ---------------------------------------------------------------------------
// SemEval-2015 Task 4

/// Reads the SemEval-2015 Task 4 evaluation corpora (see the module doc).
/// `dir` is the data set's folder or its `SemEval_Task4_data`.
pub fn read_semeval(dir: &Path) -> Result<Vec<GoldTask>, TlsGoldError> {
    let inner = dir.join("SemEval_Task4_data");
    let root = if inner.is_dir() {
        inner
    } else {
        dir.to_path_buf()
    };
    let corpora = subdirs(&root, "corpus_")?;
    if corpora.is_empty() {
        return Err(invalid(
            &root,
            "no corpus_N folder (SemEval-2015 Task 4 data)",
        ));
    }
    let mut tasks = Vec::new();
    for corpus in corpora {
        let corpus_name = corpus
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut cats = Vec::new();
        let mut documents = Vec::new();
        for path in files(&corpus.join("corpus_trackA_CAT"), ".xml")? {
            let cat = read_cat_doc(&path)?;
            documents.push(cat.to_document(&path)?);
            cats.push(cat);
        }
        let by_id: HashMap<&str, &CatDoc> = cats.iter().map(|c| (c.doc_id.as_str(), c)).collect();
        let mut seen: HashSet<String> = HashSet::new();
        for path in files(&corpus.join("TimeLines_Gold_Standard"), ".txt")? {
            let src = std::fs::read_to_string(&path).map_err(io(&path))?;
            if !seen.insert(src.clone()) {
                continue;
            }
            let mut notes = Vec::new();
            let (target, timeline) = semeval_timeline(&path, &src, &by_id, &mut notes)?;
            if timeline.is_empty() {
                continue;
            }
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            tasks.push(GoldTask {
                name: format!("{corpus_name}/{stem}"),
                target: Some(target),
                documents: documents.clone(),
                timeline,
                notes,
            });
        }
    }
    Ok(tasks)
}

/// One SemEval gold timeline file: its entity and its day-dated entries.
fn semeval_timeline(
    path: &Path,
    src: &str,
    docs: &HashMap<&str, &CatDoc>,
    notes: &mut Vec<String>,
) -> Result<(String, Timeline), TlsGoldError> {
    let mut lines = src.lines();
    let target = lines.next().map(str::trim).unwrap_or_default().to_string();
    if target.is_empty() {
        return Err(invalid(path, "no entity name on the first line"));
    }
    let mut timeline = Timeline::new();
    for (k, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(_ordinal), Some(date)) = (fields.next(), fields.next()) else {
            return Err(invalid(path, format!("line {}: no date field", k + 2)));
        };
        let Some(date) = day(date) else { continue };
        for mention in fields.filter(|m| !m.trim().is_empty()) {
            let mut parts = mention.trim().splitn(3, '-');
            let (Some(doc_id), Some(sentence)) = (parts.next(), parts.next()) else {
                return Err(invalid(
                    path,
                    format!("line {}: mention `{mention}`", k + 2),
                ));
            };
            let text = docs
                .get(doc_id)
                .and_then(|d| d.sentence_index(sentence).and_then(|i| d.sentence_text(i)));
            match text {
                Some(text) => add_once(&mut timeline, date, text),
                // The gold has a few typing slips (`629292-7-travelling8`
                // for document 62929): noted, not fatal.
                None => notes.push(format!(
                    "{}: line {}: mention `{mention}` names no document sentence; skipped",
                    path.display(),
                    k + 2
                )),
            }
        }
    }
    Ok((target, timeline))
}

/// A day-precision `YYYY-MM-DD` date; `None` for anything coarser or
/// unknown.
fn day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

// ---------------------------------------------------------------------------
// MEANTIME

/// Reads one gold timeline per MEANTIME topic (see the module doc). `dir`
/// is the data set's folder (holding `list_instances.csv` and
/// `intra_cross-doc_annotation`).
pub fn read_meantime_timelines(dir: &Path) -> Result<Vec<GoldTask>, TlsGoldError> {
    let list = dir.join("list_instances.csv");
    let times = instance_times(&list)?;
    let annotated = dir.join("intra_cross-doc_annotation");
    let topics = subdirs(&annotated, "corpus_")?;
    if topics.is_empty() {
        return Err(invalid(&annotated, "no corpus_<topic> folder (MEANTIME)"));
    }
    let mut tasks = Vec::new();
    for topic in topics {
        let name = topic
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .trim_start_matches("corpus_")
                    .to_string()
            })
            .unwrap_or_default();
        let mut documents = Vec::new();
        let mut timeline = Timeline::new();
        for path in files(&topic, ".xml")? {
            let cat = read_cat_doc(&path)?;
            documents.push(cat.to_document(&path)?);
            // Each mention's sentences, then the instance's date.
            let mut dated: BTreeMap<usize, Vec<NaiveDate>> = BTreeMap::new();
            for r in cat.relations.iter().filter(|r| r.name == "REFERS_TO") {
                let date = r
                    .targets
                    .iter()
                    .filter_map(|t| cat.markables.get(t))
                    .filter(|m| m.name == "EVENT")
                    .filter_map(|m| m.attrs.get("instance_id"))
                    .find_map(|id| times.get(id).copied());
                let Some(date) = date else { continue };
                for source in &r.sources {
                    let Some(mention) = cat.markables.get(source) else {
                        continue;
                    };
                    for t_id in &mention.anchors {
                        if let Some(&i) = cat.token_sentence.get(t_id) {
                            dated.entry(i).or_default().push(date);
                        }
                    }
                }
            }
            for (i, dates) in dated {
                if let Some(text) = cat.sentence_text(i) {
                    for date in dates {
                        add_once(&mut timeline, date, text.clone());
                    }
                }
            }
        }
        tasks.push(GoldTask {
            name,
            target: None,
            documents,
            timeline,
            notes: Vec::new(),
        });
    }
    Ok(tasks)
}

/// The day-precision `TIME` of every event instance in
/// `list_instances.csv` (tab-separated, `#ID` header).
fn instance_times(path: &Path) -> Result<HashMap<String, NaiveDate>, TlsGoldError> {
    let src = std::fs::read_to_string(path).map_err(io(path))?;
    let mut lines = src.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('#') == name)
    };
    let (Some(id), Some(kind), Some(time)) = (column("ID"), column("TYPE"), column("TIME")) else {
        return Err(invalid(path, "header without ID, TYPE and TIME columns"));
    };
    let mut out = HashMap::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(i), Some(k), Some(t)) = (fields.get(id), fields.get(kind), fields.get(time))
        else {
            continue;
        };
        if *k == "EVENT" {
            if let Some(date) = day(t) {
                out.insert(i.to_string(), date);
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// The tilse layout

/// Reads tasks in the tilse layout (see the module doc).
pub fn read_tilse_dir(dir: &Path) -> Result<Vec<GoldTask>, TlsGoldError> {
    let mut tasks = Vec::new();
    for path in files(dir, ".txt")? {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let src = std::fs::read_to_string(&path).map_err(io(&path))?;
        let timeline = parse_timeline(&path.display().to_string(), &src)?;
        let target_path = dir.join(format!("{name}.target"));
        let target = if target_path.is_file() {
            let t = std::fs::read_to_string(&target_path).map_err(io(&target_path))?;
            Some(t.trim().to_string()).filter(|t| !t.is_empty())
        } else {
            None
        };
        let doc_dir = dir.join("documents").join(&name);
        let mut documents = Vec::new();
        if doc_dir.is_dir() {
            for doc_path in files(&doc_dir, ".txt")? {
                let src = std::fs::read_to_string(&doc_path).map_err(io(&doc_path))?;
                let mut lines = src.lines();
                let first = lines.next().unwrap_or_default();
                let dct = day(first).ok_or_else(|| {
                    invalid(
                        &doc_path,
                        format!("first line `{first}` is no YYYY-MM-DD date"),
                    )
                })?;
                let sentences: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
                documents.push(GoldDocument {
                    id: doc_path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    text: sentences.join("\n"),
                    dct,
                    lang: "und".to_string(),
                });
            }
        }
        tasks.push(GoldTask {
            name,
            target,
            documents,
            timeline,
            notes: Vec::new(),
        });
    }
    Ok(tasks)
}

// ---------------------------------------------------------------------------
// Baseline and scoring

/// Lower-case alphanumeric words of a text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `sentence` holds the words of `target` in a row.
fn mentions(sentence: &[String], target: &[String]) -> bool {
    !target.is_empty() && sentence.windows(target.len()).any(|w| w == target)
}

/// The `first-sentence` baseline, a yardstick reported beside filrouge's
/// own figures, not filrouge's result: each document contributes one
/// sentence, dated by its DCT. Without a target it is the document's
/// first body sentence (the first after the title with at least five
/// tokens, which skips the "June 13 , 2005" dateline). With a target it
/// is the first sentence after the title naming the target (its words in
/// a row, case-insensitive), and documents not naming it contribute
/// nothing; when no document of the task names it in full, a sentence
/// holding all the target's words anywhere counts. The number of dates is
/// the number of distinct DCTs so chosen: the gold's size is never seen.
pub fn first_sentence_baseline(task: &TaskInput<'_>) -> Timeline {
    let target = task.target.map(words);
    let pick = |strict: bool| {
        let mut timeline = Timeline::new();
        for doc in task.documents {
            let chosen = doc.sentences().skip(1).find(|s| match &target {
                None => s.split_whitespace().count() >= 5,
                Some(t) => {
                    let w = words(s);
                    if strict {
                        mentions(&w, t)
                    } else {
                        t.iter().all(|x| w.contains(x))
                    }
                }
            });
            if let Some(s) = chosen {
                add_once(&mut timeline, doc.dct, s.to_string());
            }
        }
        timeline
    };
    let strict = pick(true);
    if strict.is_empty() && target.is_some() {
        pick(false)
    } else {
        strict
    }
}

/// One task's result.
#[derive(Debug, Clone, Serialize)]
pub struct TaskReport {
    /// The task's name.
    pub name: String,
    /// Its target entity, if any.
    pub target: Option<String>,
    /// Dates in the gold timeline.
    pub gold_dates: usize,
    /// Sentences in the gold timeline.
    pub gold_sentences: usize,
    /// Dates in the predicted timeline.
    pub predicted_dates: usize,
    /// Sentences in the predicted timeline.
    pub predicted_sentences: usize,
    /// Every figure.
    pub scores: TimelineScores,
}

/// The result over a set of tasks.
#[derive(Debug, Clone, Serialize)]
pub struct TlsReport {
    /// How tokens were normalised for ROUGE.
    pub rouge: RougeOptions,
    /// Per task, in input order.
    pub tasks: Vec<TaskReport>,
    /// The mean of each figure over the tasks.
    pub mean: TimelineScores,
}

/// Scores a system on tasks with tilse's default ROUGE settings; see
/// [`evaluate_with`].
pub fn evaluate(
    tasks: &[GoldTask],
    system: &mut dyn FnMut(&TaskInput<'_>) -> Timeline,
) -> TlsReport {
    evaluate_with(tasks, RougeOptions::default(), system)
}

/// Scores a system on tasks: the system builds a timeline from each
/// task's [`TaskInput`] (never the gold), which is scored against the
/// task's gold timeline with every metric of [`crate::tls`]; the mean is
/// the macro-average over tasks.
pub fn evaluate_with(
    tasks: &[GoldTask],
    rouge: RougeOptions,
    system: &mut dyn FnMut(&TaskInput<'_>) -> Timeline,
) -> TlsReport {
    let reports: Vec<TaskReport> = tasks
        .iter()
        .map(|task| {
            let predicted = system(&TaskInput::from(task));
            let gold = std::slice::from_ref(&task.timeline);
            TaskReport {
                name: task.name.clone(),
                target: task.target.clone(),
                gold_dates: task.timeline.len(),
                gold_sentences: task.timeline.values().map(Vec::len).sum(),
                predicted_dates: predicted.len(),
                predicted_sentences: predicted.values().map(Vec::len).sum(),
                scores: score_timeline(&predicted, gold, rouge),
            }
        })
        .collect();
    let mean = mean_scores(&reports.iter().map(|r| r.scores).collect::<Vec<_>>());
    TlsReport {
        rouge,
        tasks: reports,
        mean,
    }
}

#[cfg(test)]
mod tests;
