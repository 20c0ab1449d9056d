//! The JSON-lines files exchanged with an external NER system (the spaCy
//! baseline in `tools/spacy-baseline/`).
//!
//! [`write_texts_jsonl`] dumps each gold document as
//! `{"id", "tokens", "space_after"}` (no gold); the system answers one
//! line per document, `{"id": "...", "entities": [{"start": 3, "end": 5,
//! "label": "PER"}]}` in token indices of the same tokens, read back by
//! [`read_predictions_jsonl`] and lined up with the gold documents by
//! [`align_predictions`], which checks that the answer fits the gold.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::entities::{EntitySpan, NerDocument};
use super::files::{align_by_id, json_lines, read_text, write_json_lines};
use crate::score::EvalError;

/// One line of a predictions file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PredictedDocument {
    /// The [`NerDocument::id`] predicted for.
    pub id: String,
    /// Predicted entities in token indices of that document.
    pub entities: Vec<EntitySpan>,
}

/// A predictions file as read: where from, and each line's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predictions {
    /// The file (or the name given to [`parse_predictions_jsonl`]).
    pub path: PathBuf,
    /// Each predictions line with its 1-based line number, in file order.
    pub documents: Vec<(usize, PredictedDocument)>,
}

/// Reads a predictions JSONL file: one [`PredictedDocument`] object per
/// line (blank lines skipped).
pub fn read_predictions_jsonl(path: &Path) -> Result<Predictions, EvalError> {
    let source = read_text(path)?;
    parse_predictions_jsonl(path, &source)
}

/// Parses predictions JSONL held in memory; `name` stands for the path in
/// errors.
pub fn parse_predictions_jsonl(name: &Path, source: &str) -> Result<Predictions, EvalError> {
    Ok(Predictions {
        path: name.to_path_buf(),
        documents: json_lines(name, source)?,
    })
}

/// Lines predictions up with gold documents by id, checking that every gold
/// document has exactly one predictions line, that no line names an unknown
/// document, and that every span is non-empty and inside its document.
pub fn align_predictions(
    gold: &[NerDocument],
    predictions: &Predictions,
) -> Result<Vec<Vec<EntitySpan>>, EvalError> {
    let path = predictions.path.as_path();
    let ids: Vec<&str> = gold.iter().map(|d| d.id.as_str()).collect();
    let spans_fit = |i: usize, line: usize, p: &PredictedDocument| {
        let tokens = gold[i].tokens.len();
        match p
            .entities
            .iter()
            .find(|s| s.start >= s.end || s.end > tokens)
        {
            Some(bad) => Err(EvalError::SpanOutOfRange {
                path: path.to_path_buf(),
                line,
                id: p.id.clone(),
                start: bad.start,
                end: bad.end,
                tokens,
            }),
            None => Ok(()),
        }
    };
    let aligned = align_by_id(path, &ids, &predictions.documents, |p| &p.id, spans_fit)?;
    Ok(aligned.into_iter().map(|p| p.entities).collect())
}

/// Writes each document as one JSON line `{"id", "tokens", "space_after"}`
/// (no gold), for an external system to tag the very same tokens.
pub fn write_texts_jsonl(docs: &[NerDocument], path: &Path) -> Result<(), EvalError> {
    #[derive(Serialize)]
    struct Line<'a> {
        id: &'a str,
        tokens: &'a [String],
        space_after: &'a [bool],
    }
    write_json_lines(
        path,
        docs.iter().map(|doc| Line {
            id: &doc.id,
            tokens: &doc.tokens,
            space_after: &doc.space_after,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Predictions made of the given documents, on lines 1, 2, ...
    fn lines(documents: &[PredictedDocument]) -> Predictions {
        Predictions {
            path: "p.jsonl".into(),
            documents: documents
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, d)| (i + 1, d))
                .collect(),
        }
    }

    #[test]
    fn predictions_jsonl_are_read_and_checked() {
        let gold = vec![
            NerDocument::made_up("a", 4, vec![EntitySpan::new(0, 1, "PER")]),
            NerDocument::made_up("b", 3, vec![]),
        ];
        let jsonl = r#"{"id": "b", "entities": []}

{"id": "a", "entities": [{"start": 0, "end": 1, "label": "PER"}, {"start": 2, "end": 4, "label": "MISC"}]}
"#;
        let preds = match parse_predictions_jsonl(Path::new("p.jsonl"), jsonl) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            preds.documents.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            [1, 3]
        );
        let aligned = match align_predictions(&gold, &preds) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            aligned[0],
            [EntitySpan::new(0, 1, "PER"), EntitySpan::new(2, 4, "MISC")]
        );
        assert!(aligned[1].is_empty());

        let bad = parse_predictions_jsonl(Path::new("p.jsonl"), "{\"id\": \"a\"}\n");
        assert!(
            matches!(bad, Err(EvalError::Json { line: 1, .. })),
            "{bad:?}"
        );
        let (b, a) = (preds.documents[0].1.clone(), preds.documents[1].1.clone());
        assert!(matches!(
            align_predictions(&gold, &lines(std::slice::from_ref(&a))),
            Err(EvalError::MissingDocument { .. })
        ));
        let twice = align_predictions(&gold, &lines(&[b.clone(), b.clone(), a.clone()]));
        assert!(
            matches!(twice, Err(EvalError::DuplicateDocument { line: 2, .. })),
            "{twice:?}"
        );
        let unknown = PredictedDocument {
            id: "z".into(),
            entities: vec![],
        };
        assert!(matches!(
            align_predictions(&gold, &lines(&[unknown])),
            Err(EvalError::UnknownDocument { line: 1, .. })
        ));
        for (start, end) in [(2, 5), (2, 2)] {
            let out = PredictedDocument {
                id: "a".into(),
                entities: vec![EntitySpan::new(start, end, "PER")],
            };
            let e = align_predictions(&gold, &lines(&[b.clone(), out]));
            assert!(
                matches!(e, Err(EvalError::SpanOutOfRange { line: 2, .. })),
                "{e:?}"
            );
            if let Err(e) = e {
                assert!(e.to_string().starts_with("p.jsonl: line 2: "), "{e}");
            }
        }
    }

    #[test]
    fn texts_jsonl_round_trip() {
        let mut d = NerDocument::made_up("x\"1", 3, vec![EntitySpan::new(0, 1, "LOC")]);
        d.space_after[1] = false;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("texts.jsonl");
        if let Err(e) = write_texts_jsonl(&[d.clone(), NerDocument::made_up("y", 0, vec![])], &path)
        {
            panic!("{e}");
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
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
    }
}
