//! The systems dated and their report: filrouge through the facade's
//! [`Pipeline`], the latest-full-date baseline read off the same run, and
//! another system's predictions.

use chrono::NaiveDate;
use filrouge::evaluation::dated_text;
use filrouge::model::{Document, Label, TimexAnchor, TimexKind};
use filrouge::{Pipeline, BATCH_SIZE};
use serde::Serialize;

use super::scorer::{judge, Answer, Figures, Judgement};
use super::sets::{DevDocument, DevSet, LeftOut};
use super::value::{Precision, StatedDate};
use crate::formats::docdate::{DatePrediction, DatedText};

/// The name of filrouge's row in reports.
pub const FILROUGE: &str = "filrouge";
/// The name of the latest-full-date baseline's row.
pub const LATEST_FULL_DATE: &str = "latest-full-date";

/// One document's answer, judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JudgedDocument {
    /// `set/name`.
    pub id: String,
    /// The set.
    pub set: String,
    /// The truth as written.
    pub truth: String,
    /// The answer.
    pub answer: Answer,
    /// Its judgement.
    pub judgement: Judgement,
}

/// One set's figures for one system.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetFigures {
    /// The set.
    pub set: String,
    /// Its figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One system's results: per set, overall, and every judgement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemReport {
    /// `filrouge`, `latest-full-date`, or the predictions' name.
    pub system: String,
    /// Per set, in the order the sets were given.
    pub sets: Vec<SetFigures>,
    /// Over every document of every set.
    pub overall: Figures,
    /// Every document's judged answer, in set order then document order.
    pub documents: Vec<JudgedDocument>,
}

impl SystemReport {
    /// The report of `answers` (one per document of `sets`, in order).
    pub fn new(system: &str, sets: &[DevSet], answers: Vec<Answer>) -> SystemReport {
        let truths = sets
            .iter()
            .flat_map(|s| s.documents.iter().map(move |d| (s, d)));
        let documents: Vec<JudgedDocument> = truths
            .zip(answers)
            .map(|((set, doc), answer)| {
                let stated = answer.value.as_deref().and_then(StatedDate::parse);
                JudgedDocument {
                    id: set.id_of(doc),
                    set: set.name.clone(),
                    truth: doc.truth_value.clone(),
                    judgement: judge(&doc.truth, stated.as_ref()),
                    answer,
                }
            })
            .collect();
        let figures = |keep: &dyn Fn(&JudgedDocument) -> bool| {
            Figures::of(
                documents
                    .iter()
                    .filter(|d| keep(d))
                    .map(|d| (&d.judgement, d.answer.confidence)),
            )
        };
        SystemReport {
            system: system.to_string(),
            sets: sets
                .iter()
                .map(|s| SetFigures {
                    set: s.name.clone(),
                    figures: figures(&|d| d.set == s.name),
                })
                .collect(),
            overall: figures(&|_| true),
            documents,
        }
    }

    /// The answers wrong at the precision they state, in document order.
    pub fn wrong(&self) -> impl Iterator<Item = &JudgedDocument> {
        self.documents
            .iter()
            .filter(|d| d.judgement.right_as_stated == Some(false))
    }
}

/// What a set held: its documents scored and left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetSummary {
    /// The set's name.
    pub set: String,
    /// Where it was read from.
    pub path: String,
    /// Its format.
    pub format: &'static str,
    /// The language most of its texts are in (detected), if any.
    pub lang: Option<String>,
    /// Documents scored.
    pub documents: usize,
    /// Documents left out, with why.
    pub left_out: Vec<LeftOut>,
}

/// The whole report of `filrouge eval docdate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocdateReport {
    /// The reference date given to the pipeline (filrouge's runs).
    pub as_of: Option<NaiveDate>,
    /// The sets.
    pub sets: Vec<SetSummary>,
    /// One report per system.
    pub systems: Vec<SystemReport>,
}

impl DocdateReport {
    /// A report of `systems` on `sets`.
    pub fn new(
        sets: &[DevSet],
        as_of: Option<NaiveDate>,
        systems: Vec<SystemReport>,
    ) -> DocdateReport {
        DocdateReport {
            as_of,
            sets: sets.iter().map(summary).collect(),
            systems,
        }
    }
}

/// What `set` holds.
fn summary(set: &DevSet) -> SetSummary {
    let mut langs: Vec<(String, usize)> = Vec::new();
    for doc in &set.documents {
        let Some((lang, _)) = filrouge_segment::detect(&doc.text) else {
            continue;
        };
        match langs.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, n)) => *n += 1,
            None => langs.push((lang, 1)),
        }
    }
    SetSummary {
        set: set.name.clone(),
        path: set.path.display().to_string(),
        format: set.format.as_str(),
        lang: langs.into_iter().max_by_key(|(_, n)| *n).map(|(l, _)| l),
        documents: set.documents.len(),
        left_out: set.left_out.clone(),
    }
}

/// Every document of `sets` dated by filrouge (read as plain text with no
/// metadata date, then cleaned, segmented and dated by the facade's
/// pipeline with `as_of` as the reference date) and by the
/// latest-full-date baseline: the two system reports.
///
/// The entity stage, which runs after the time stage and never changes a
/// document's date, is left out to save time.
pub fn evaluate(sets: &[DevSet], as_of: NaiveDate) -> DocdateReport {
    let pipeline = Pipeline::new()
        .with_time(Some(as_of))
        .with_entities(false)
        .with_tokens(false);
    let docs: Vec<&DevDocument> = sets.iter().flat_map(|s| &s.documents).collect();
    let mut filrouge = Vec::with_capacity(docs.len());
    let mut latest = Vec::with_capacity(docs.len());
    for chunk in docs.chunks(BATCH_SIZE) {
        let batch = chunk
            .iter()
            .map(|d| dated_text("document.txt", d.text.clone().into_bytes(), None, None))
            .collect();
        for item in run_batch(&pipeline, batch) {
            filrouge.push(item.as_ref().map(filrouge_answer).unwrap_or_default());
            latest.push(
                item.as_ref()
                    .map(|d| latest_full_date(d, as_of))
                    .unwrap_or_default(),
            );
        }
    }
    DocdateReport::new(
        sets,
        Some(as_of),
        vec![
            SystemReport::new(FILROUGE, sets, filrouge),
            SystemReport::new(LATEST_FULL_DATE, sets, latest),
        ],
    )
}

/// Runs the pipeline over a batch in parallel; an unreadable (empty) text
/// stays `None`.
fn run_batch(pipeline: &Pipeline, batch: Vec<Option<Document>>) -> Vec<Option<Document>> {
    let readable: Vec<bool> = batch.iter().map(Option::is_some).collect();
    let mut processed = pipeline
        .process_batch(batch.into_iter().flatten().map(Ok).collect())
        .into_iter()
        .map(Result::ok);
    readable
        .into_iter()
        .map(|ok| if ok { processed.next().flatten() } else { None })
        .collect()
}

/// filrouge's document date as an answer.
fn filrouge_answer(doc: &Document) -> Answer {
    match &doc.document_date {
        Some(date) => Answer {
            value: Some(date.value.clone()),
            confidence: Some(date.confidence),
            reasons: date.reasons.clone(),
        },
        None => Answer {
            value: None,
            confidence: None,
            reasons: vec![format!(
                "no document date (language {})",
                doc.metadata.lang.as_deref().unwrap_or("unknown")
            )],
        },
    }
}

/// The baseline: the latest full date (day, month and year) the text
/// writes, as filrouge's time tagger reads it (an expression whose value
/// the text gives in full, numeric or in words), leaving out dates after
/// `as_of`. No confidence.
pub fn latest_full_date(doc: &Document, as_of: NaiveDate) -> Answer {
    let latest = doc
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Time(t)
                if t.anchor == TimexAnchor::Explicit
                    && matches!(t.kind, TimexKind::Date | TimexKind::Time) =>
            {
                let date = full_date(&t.value)?;
                (date <= as_of).then(|| (date, doc.text.get(a.span.start..a.span.end)))
            }
            _ => None,
        })
        .max_by_key(|(date, _)| *date);
    match latest {
        Some((date, words)) => Answer {
            value: Some(date.format("%Y-%m-%d").to_string()),
            confidence: None,
            reasons: vec![format!("latest full date: '{}'", words.unwrap_or_default())],
        },
        None => Answer {
            value: None,
            confidence: None,
            reasons: vec!["no full date in the text".to_string()],
        },
    }
}

/// The calendar day of a value stating year, month and day.
fn full_date(value: &str) -> Option<NaiveDate> {
    let d = StatedDate::parse(value)?;
    if d.precision() != Precision::Day {
        return None;
    }
    NaiveDate::from_ymd_opt(d.year?, d.month?, d.day?)
}

/// Another system's predictions (one per document of `sets`, in order) as
/// a report named `system`.
pub fn score_predictions(
    sets: &[DevSet],
    system: &str,
    predictions: Vec<DatePrediction>,
) -> DocdateReport {
    let answers = predictions
        .into_iter()
        .map(|p| Answer {
            value: p.date,
            confidence: p.confidence,
            reasons: p.reasons,
        })
        .collect();
    DocdateReport::new(sets, None, vec![SystemReport::new(system, sets, answers)])
}

/// The texts of `sets`, for another system to date.
pub fn texts(sets: &[DevSet]) -> Vec<DatedText> {
    sets.iter()
        .flat_map(|s| {
            s.documents.iter().map(move |d| DatedText {
                id: s.id_of(d),
                set: s.name.clone(),
                text: d.text.clone(),
            })
        })
        .collect()
}

/// The ids of the documents of `sets`, in order (what predictions are
/// lined up with).
pub fn ids(sets: &[DevSet]) -> Vec<String> {
    sets.iter()
        .flat_map(|s| s.documents.iter().map(move |d| s.id_of(d)))
        .collect()
}
