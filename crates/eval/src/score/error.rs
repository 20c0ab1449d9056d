//! The one error type of the crate.

use std::path::PathBuf;

/// Why gold data, predictions or a report could not be read or written.
/// Every variant about a file names it, and the line where it is known.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not UTF-8 text.
    #[error("{path}: not UTF-8 text (byte {offset})")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A file is not well-formed: markup that does not nest or close, an
    /// unterminated comment, a line without the fields its format has.
    #[error("{path}: line {line}: {message}")]
    Malformed {
        /// The file (or the name given to a parser of text in memory).
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A well-formed file, or a folder, that breaks its format: a CAT root
    /// other than `<Document>`, two tokens with one id, an anchor to no
    /// token, a folder without the expected layout.
    #[error("{}{}: {message}", path.display(), at_line(*line))]
    Invalid {
        /// The file or folder.
        path: PathBuf,
        /// 1-based line of the problem, when it is one place in a file.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// An element lacks an attribute its format requires.
    #[error("{path}: line {line}: {element} without `{attribute}`")]
    MissingAttribute {
        /// The file.
        path: PathBuf,
        /// 1-based line of the element's start tag.
        line: usize,
        /// The element (`TIMEX3`).
        element: &'static str,
        /// The missing attribute (`tid`, `type`, `value`; `m_id` in CAT
        /// files).
        attribute: &'static str,
    },
    /// A line of a JSON-lines file is not the expected JSON object.
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
    /// A predictions line names a document that is not in the gold.
    #[error("{path}: line {line}: predictions for unknown document `{id}`")]
    UnknownDocument {
        /// The predictions file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The document id.
        id: String,
    },
    /// A predictions line names a document an earlier line named.
    #[error("{path}: line {line}: predictions for document `{id}` given twice")]
    DuplicateDocument {
        /// The predictions file.
        path: PathBuf,
        /// 1-based line of the second mention.
        line: usize,
        /// The document id.
        id: String,
    },
    /// A gold document has no predictions line.
    #[error("{path}: no predictions for document `{id}`")]
    MissingDocument {
        /// The predictions file.
        path: PathBuf,
        /// The document id.
        id: String,
    },
    /// A predicted span is empty or runs past the document's tokens.
    #[error(
        "{path}: line {line}: document `{id}`: span {start}..{end} outside its {tokens} tokens"
    )]
    SpanOutOfRange {
        /// The predictions file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The document id.
        id: String,
        /// Span start.
        start: usize,
        /// Span end.
        end: usize,
        /// Tokens in the document.
        tokens: usize,
    },
    /// An unknown document-dating gold format name.
    #[error("unknown gold format `{0}` (timeml, cat, hipe, zyte, seeds)")]
    UnknownDocdateFormat(String),
    /// An unknown story-groups gold format name.
    #[error("unknown gold format `{0}` (meantime, semeval, singles, texts)")]
    UnknownStoriesFormat(String),
    /// An unknown NER gold format name.
    #[error("unknown gold format `{0}` (hipe, hipe-raw, europeana-train, europeana-test, europeana-all, meantime-train, meantime-test, meantime-all)")]
    UnknownFormat(String),
}

impl EvalError {
    /// An [`EvalError::Io`] maker for `path`, for `map_err`.
    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> EvalError + '_ {
        move |source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// An [`EvalError::Invalid`] about a whole file or folder (no line).
    pub(crate) fn invalid(path: &std::path::Path, message: impl Into<String>) -> EvalError {
        EvalError::Invalid {
            path: path.to_path_buf(),
            line: None,
            message: message.into(),
        }
    }
}

/// `: line N` when the line is known.
fn at_line(line: Option<usize>) -> String {
    line.map(|l| format!(": line {l}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_the_line_when_known() {
        let e = EvalError::Invalid {
            path: "a/b.xml".into(),
            line: Some(4),
            message: "x".into(),
        };
        assert_eq!(e.to_string(), "a/b.xml: line 4: x");
        let e = EvalError::invalid(std::path::Path::new("dir"), "no topic folders");
        assert_eq!(e.to_string(), "dir: no topic folders");
    }
}
