//! What a timeline-summarisation task is: a [`GoldTask`] (its documents,
//! each with its creation date, optionally the entity the timeline is
//! about, and the gold [`Timeline`]) and what a system is given of it, a
//! [`TaskInput`] (never the gold). Also here: the task document of a CAT
//! file ([`GoldDocument::from_cat`]) and the tilse layout
//! ([`read_tilse_dir`]).
//!
//! # Documents from CAT files
//!
//! Gold documents come tokenised (CAT files): [`GoldDocument::text`] is
//! rebuilt with one sentence per line and one space between tokens
//! ("June 13 , 2005"), so [`GoldDocument::sentences`] is `text.lines()`,
//! and gold sentences in timelines are these lines exactly. The DCT is the
//! `TIMEX3` with `functionInDocument="CREATION_TIME"`; one file in both
//! corpora writes it `MM-DD-YYYY` (read as such, its dateline agrees), and
//! two MEANTIME files have none, where the Wikinews dateline (the second
//! sentence, "April 27 , 2005") gives it. Unlike the time-expression
//! and entity readers, a task document keeps every sentence, annotated or
//! not: a timeline system reads whole articles.
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

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::formats::cat::CatDocument;
use crate::formats::files::{file_stem, files_in, read_text};
use crate::formats::tilse::{parse_timeline, Timeline};
use crate::score::EvalError;

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

    /// A CAT file as a task document: its `doc_id`, every token (one
    /// sentence a line), its creation date (see the module documentation)
    /// and its `lang` (`en` when the file does not say).
    pub fn from_cat(cat: &CatDocument) -> Result<GoldDocument, EvalError> {
        Ok(GoldDocument {
            id: cat.attr("doc_id").unwrap_or_default().to_string(),
            text: cat.text(cat.tokens().len()).0,
            dct: creation_date(cat)?,
            lang: cat.attr("lang").unwrap_or("en").to_string(),
        })
    }
}

/// The creation date of a CAT document: its `CREATION_TIME` TIMEX3
/// (`YYYY-MM-DD`, or `MM-DD-YYYY` as one file has it), else the dateline
/// (the second sentence, "April 27 , 2005").
fn creation_date(cat: &CatDocument) -> Result<NaiveDate, EvalError> {
    let creation = cat
        .creation_time()
        .and_then(|m| Some((m.line, m.attr("value")?)));
    if let Some((line, value)) = creation {
        return NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(value, "%m-%d-%Y"))
            .map_err(|_| cat.invalid(line, format!("creation time `{value}` is no day")));
    }
    let dateline = cat.sentence_text(1).unwrap_or_default();
    NaiveDate::parse_from_str(&dateline, "%B %d , %Y")
        .map_err(|_| EvalError::invalid(cat.path(), "no creation time and no dateline"))
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

/// Adds a sentence to a date unless the date has it already.
pub(super) fn add_once(timeline: &mut Timeline, date: NaiveDate, sentence: String) {
    let entry = timeline.entry(date).or_default();
    if !entry.contains(&sentence) {
        entry.push(sentence);
    }
}

/// A day-precision `YYYY-MM-DD` date; `None` for anything coarser or
/// unknown.
pub(super) fn day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// Reads tasks in the tilse layout (see the module documentation).
pub fn read_tilse_dir(dir: &Path) -> Result<Vec<GoldTask>, EvalError> {
    let mut tasks = Vec::new();
    for path in files_in(dir, ".txt")? {
        let name = file_stem(&path);
        let timeline = parse_timeline(&path.display().to_string(), &read_text(&path)?)?;
        let target_path = dir.join(format!("{name}.target"));
        let target = if target_path.is_file() {
            let t = read_text(&target_path)?;
            Some(t.trim().to_string()).filter(|t| !t.is_empty())
        } else {
            None
        };
        let doc_dir = dir.join("documents").join(&name);
        let documents = if doc_dir.is_dir() {
            read_tilse_documents(&doc_dir)?
        } else {
            Vec::new()
        };
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

/// The documents of one tilse task: each `.txt` file, its DCT on the
/// first line, then one sentence a line.
fn read_tilse_documents(dir: &Path) -> Result<Vec<GoldDocument>, EvalError> {
    let mut documents = Vec::new();
    for path in files_in(dir, ".txt")? {
        let src = read_text(&path)?;
        let mut lines = src.lines();
        let first = lines.next().unwrap_or_default();
        let dct = day(first).ok_or_else(|| EvalError::Invalid {
            path: path.clone(),
            line: Some(1),
            message: format!("first line `{first}` is no YYYY-MM-DD date"),
        })?;
        let sentences: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
        documents.push(GoldDocument {
            id: file_stem(&path),
            text: sentences.join("\n"),
            dct,
            lang: "und".to_string(),
        });
    }
    Ok(documents)
}

/// A small CAT file in MEANTIME's shape (title, dateline, body), written
/// for the tests of this module and its siblings: one event instance
/// mentioned twice.
#[cfg(test)]
pub(super) const TEST_CAT: &str = r#"<?xml version="1.0" ?><Document doc_id="42" doc_name="42_test" lang="en">
<token number="0" sentence="0" t_id="1">Bridge</token>
<token number="1" sentence="0" t_id="2">reopens</token>
<token number="2" sentence="1" t_id="3">May</token>
<token number="3" sentence="1" t_id="4">02</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2011</token>
<token number="6" sentence="2" t_id="7">The</token>
<token number="7" sentence="2" t_id="8">old</token>
<token number="8" sentence="2" t_id="9">bridge</token>
<token number="9" sentence="2" t_id="10">reopened</token>
<token number="10" sentence="2" t_id="11">today</token>
<token number="11" sentence="2" t_id="12">after</token>
<token number="12" sentence="2" t_id="13">repairs</token>
<token number="13" sentence="2" t_id="14">.</token>
<Markables>
<EVENT_MENTION m_id="20" pred="reopen"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="21" pred="reopen"><token_anchor t_id="10"/></EVENT_MENTION>
<TIMEX3 m_id="30" functionInDocument="CREATION_TIME" type="DATE" value="2011-05-02"><token_anchor t_id="3"/></TIMEX3>
<EVENT m_id="40" instance_id="EVT1" class="OTHER"/>
<EVENT m_id="41" instance_id="EVT2" class="OTHER"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="20"/><source m_id="21"/><target m_id="40"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="21"/><target m_id="41"/></REFERS_TO>
</Relations>
</Document>
"#;

/// [`TEST_CAT`] as a task document.
#[cfg(test)]
pub(super) fn test_document() -> GoldDocument {
    let cat = crate::formats::cat::parse_cat("t.xml", TEST_CAT).expect("parses");
    GoldDocument::from_cat(&cat).expect("document")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::cat::parse_cat;
    use crate::tls::{evaluate, first_sentence_baseline};

    #[test]
    fn cat_document_text_and_dct() {
        let doc = test_document();
        assert_eq!(doc.id, "42");
        assert_eq!(doc.dct, NaiveDate::from_ymd_opt(2011, 5, 2).expect("date"));
        let sentences: Vec<&str> = doc.sentences().collect();
        assert_eq!(
            sentences,
            [
                "Bridge reopens",
                "May 02 , 2011",
                "The old bridge reopened today after repairs ."
            ]
        );
        assert_eq!(doc.lang, "en");
    }

    #[test]
    fn dct_falls_back_to_month_first_values_and_the_dateline() {
        let odd = TEST_CAT.replace("value=\"2011-05-02\"", "value=\"05-02-2011\"");
        let cat = parse_cat("t.xml", &odd).expect("parses");
        assert_eq!(
            creation_date(&cat).expect("dct"),
            NaiveDate::from_ymd_opt(2011, 5, 2).expect("date")
        );
        let none = TEST_CAT.replace("CREATION_TIME", "NONE");
        let cat = parse_cat("t.xml", &none).expect("parses");
        assert_eq!(
            creation_date(&cat).expect("dateline"),
            NaiveDate::from_ymd_opt(2011, 5, 2).expect("date")
        );
    }

    #[test]
    fn tilse_layout_reads_timelines_targets_and_documents() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("bridge.txt"),
            "2011-05-02\nThe bridge reopened .\n--------------------------------\n",
        )
        .expect("write");
        std::fs::write(dir.path().join("bridge.target"), "old bridge\n").expect("write");
        let docs = dir.path().join("documents/bridge");
        std::fs::create_dir_all(&docs).expect("mkdir");
        std::fs::write(
            docs.join("a.txt"),
            "2011-05-02\nBridge reopens\nThe old bridge reopened .\n",
        )
        .expect("write");
        let tasks = read_tilse_dir(dir.path()).expect("reads");
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].target.as_deref(), Some("old bridge"));
        assert_eq!(
            tasks[0].documents[0].text,
            "Bridge reopens\nThe old bridge reopened ."
        );
        // The baseline finds the target after the title.
        let tl = first_sentence_baseline(&TaskInput::from(&tasks[0]));
        assert_eq!(
            tl.values().next().map(|v| v[0].as_str()),
            Some("The old bridge reopened .")
        );
        let report = evaluate(&tasks, &mut |t| first_sentence_baseline(t));
        assert_eq!(report.tasks[0].scores.dates.f1, 1.0);
    }
}
