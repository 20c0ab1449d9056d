//! The files of document dating's evaluation (`filrouge eval docdate`):
//!
//! - a **date table**: one `name<TAB>date` line per document (`#` starts a
//!   comment line), the truths of a folder of plain texts; `date` is a
//!   TimeML calendar value (`2025-07-03`, or `2025-12` when only the month
//!   is known). The seeds' table is bundled with the crate
//!   (`data/seed_dates.tsv`);
//! - the **texts** handed to another dating system ([`DatedText`], written
//!   by [`write_dated_texts`]): one JSON object a line, the text alone,
//!   never its truth;
//! - that system's **predictions** ([`DatePrediction`], read by
//!   [`read_date_predictions`] and lined up with the texts by
//!   [`align_date_predictions`]): `{"id", "date"}`, with an optional
//!   `confidence` and `reasons`.
//!
//! What the values mean and how they are scored is [`crate::docdate`]'s.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::files::{align_by_id, content_lines, json_lines, read_text, write_json_lines};
use crate::score::EvalError;

/// One line of a date table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRow {
    /// 1-based line in the table.
    pub line: usize,
    /// The document's file name.
    pub name: String,
    /// Its date as written (a TimeML calendar value).
    pub date: String,
}

/// Reads a date table file.
pub fn read_date_table(path: &Path) -> Result<Vec<DateRow>, EvalError> {
    parse_date_table(path, &read_text(path)?)
}

/// Parses a date table held in memory; `name` stands for the path in
/// errors. A line holds a file name and a date separated by a tab; a line
/// starting with `#` is a comment.
pub fn parse_date_table(name: &Path, source: &str) -> Result<Vec<DateRow>, EvalError> {
    content_lines(source)
        .filter(|(_, line)| !line.trim_start().starts_with('#'))
        .map(
            |(line, text)| match text.split('\t').collect::<Vec<_>>()[..] {
                [file, date] if !file.trim().is_empty() && !date.trim().is_empty() => Ok(DateRow {
                    line,
                    name: file.trim().to_string(),
                    date: date.trim().to_string(),
                }),
                _ => Err(EvalError::Malformed {
                    path: name.to_path_buf(),
                    line,
                    message: "expected a file name, a tab and a date".to_string(),
                }),
            },
        )
        .collect()
}

/// One text handed to another dating system: everything it may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedText {
    /// The document's id in the report: `set/name`.
    pub id: String,
    /// The development set it comes from.
    pub set: String,
    /// Its text, no date of its metadata in it.
    pub text: String,
}

/// Writes the texts as JSON lines `{"id", "set", "text"}` (no truth).
pub fn write_dated_texts(path: &Path, texts: &[DatedText]) -> Result<(), EvalError> {
    write_json_lines(path, texts)
}

/// One line of a predictions file: another system's date for one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatePrediction {
    /// The [`DatedText::id`] dated.
    pub id: String,
    /// The date found (a TimeML calendar value, `2025-07-03`), `null`
    /// when the system found none.
    pub date: Option<String>,
    /// How sure the system is, 0 to 1, when it says.
    #[serde(default)]
    pub confidence: Option<f64>,
    /// Why, when the system says.
    #[serde(default)]
    pub reasons: Vec<String>,
}

/// A predictions file as read: where from, and each line's prediction
/// with its 1-based line number.
#[derive(Debug, Clone, PartialEq)]
pub struct DatePredictions {
    /// The file.
    pub path: PathBuf,
    /// Each line, in file order.
    pub lines: Vec<(usize, DatePrediction)>,
}

/// Reads a predictions file: one [`DatePrediction`] a line (blank lines
/// skipped).
pub fn read_date_predictions(path: &Path) -> Result<DatePredictions, EvalError> {
    parse_date_predictions(path, &read_text(path)?)
}

/// Parses predictions held in memory; `name` stands for the path.
pub fn parse_date_predictions(name: &Path, source: &str) -> Result<DatePredictions, EvalError> {
    Ok(DatePredictions {
        path: name.to_path_buf(),
        lines: json_lines(name, source)?,
    })
}

/// The prediction of each text in `ids`, in that order: every text must
/// have exactly one line, no line may name another text, and a confidence
/// must lie in 0..1.
pub fn align_date_predictions(
    ids: &[&str],
    predictions: &DatePredictions,
) -> Result<Vec<DatePrediction>, EvalError> {
    let path = predictions.path.as_path();
    let confidence_fits = |_: usize, line: usize, p: &DatePrediction| match p.confidence {
        Some(c) if !(0.0..=1.0).contains(&c) => Err(EvalError::Malformed {
            path: path.to_path_buf(),
            line,
            message: format!("confidence {c} is not between 0 and 1"),
        }),
        _ => Ok(()),
    };
    align_by_id(path, ids, &predictions.lines, |p| &p.id, confidence_fits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_tables_are_read_with_their_lines() {
        let table = "# made-up truths\nfirst.txt\t2020-03-04\n\nsecond.txt\t2021-11\n";
        let rows = parse_date_table(Path::new("t.tsv"), table).expect("reads");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[1],
            DateRow {
                line: 4,
                name: "second.txt".into(),
                date: "2021-11".into()
            }
        );
        let bad = parse_date_table(Path::new("t.tsv"), "a.txt 2020-01-01\n");
        assert!(
            matches!(bad, Err(EvalError::Malformed { line: 1, .. })),
            "{bad:?}"
        );
    }

    #[test]
    fn predictions_are_lined_up_and_checked() {
        let source = "{\"id\": \"s/b\", \"date\": null}\n\
                      {\"id\": \"s/a\", \"date\": \"2020-01-02\", \"confidence\": 0.5}\n";
        let preds = parse_date_predictions(Path::new("p.jsonl"), source).expect("reads");
        let aligned = align_date_predictions(&["s/a", "s/b"], &preds).expect("aligns");
        assert_eq!(aligned[0].date.as_deref(), Some("2020-01-02"));
        assert_eq!(aligned[0].confidence, Some(0.5));
        assert_eq!(aligned[1].date, None);
        assert!(aligned[1].reasons.is_empty());
        assert!(matches!(
            align_date_predictions(&["s/a", "s/b", "s/c"], &preds),
            Err(EvalError::MissingDocument { .. })
        ));
        assert!(matches!(
            align_date_predictions(&["s/a"], &preds),
            Err(EvalError::UnknownDocument { line: 1, .. })
        ));
        let sure = "{\"id\": \"s/a\", \"date\": null, \"confidence\": 2.0}\n";
        let sure = parse_date_predictions(Path::new("p.jsonl"), sure).expect("reads");
        assert!(matches!(
            align_date_predictions(&["s/a"], &sure),
            Err(EvalError::Malformed { line: 1, .. })
        ));
    }

    #[test]
    fn texts_are_written_without_truth() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("texts.jsonl");
        let text = DatedText {
            id: "s/a".into(),
            set: "s".into(),
            text: "Un texte \"inventé\".".into(),
        };
        write_dated_texts(&path, std::slice::from_ref(&text)).expect("writes");
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        let back: DatedText = serde_json::from_str(written.trim()).expect("one JSON line");
        assert_eq!(back, text);
    }
}
