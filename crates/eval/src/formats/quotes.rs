//! The quote gold set of `examples/quotes/` (format documented in
//! `examples/quotes/README.md`): JSON lines, one article a line with every
//! quote a reader would attribute.

use std::path::Path;

use serde::Deserialize;

use super::files::{json_lines, read_text};
use crate::score::EvalError;

/// One gold quote.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    /// The quoted or reported words as in the text, without the marks.
    pub quote: String,
    /// The speaker's name as written.
    pub speaker: String,
    /// Reported speech without quote marks.
    #[serde(default)]
    pub indirect: bool,
    /// Who reports the speaker's words, when someone else does.
    #[serde(default)]
    pub reported_by: Option<String>,
}

/// One gold item: an article and its quotes.
#[derive(Debug, Clone, Deserialize)]
pub struct QuoteItem {
    /// A name.
    pub id: String,
    /// `fr` or `en`.
    pub lang: String,
    /// The article.
    pub text: String,
    /// Every quote a reader would attribute.
    pub quotes: Vec<GoldQuote>,
}

/// Reads the gold JSONL (blank lines skipped).
pub fn read_quote_gold(path: &Path) -> Result<Vec<QuoteItem>, EvalError> {
    let text = read_text(path)?;
    Ok(json_lines(path, &text)?
        .into_iter()
        .map(|(_, item)| item)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_read_line_by_line_and_errors_name_the_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("gold.jsonl");
        let item = r#"{"id":"a","lang":"fr","text":"x","quotes":[{"quote":"non","speaker":"Jo Petit","reported_by":"Léa"}]}"#;
        std::fs::write(&path, format!("{item}\n\n{item}\n")).expect("write");
        let items = read_quote_gold(&path).expect("reads");
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].quotes[0].reported_by.as_deref(), Some("Léa"));
        assert!(!items[0].quotes[0].indirect);
        std::fs::write(&path, format!("{item}\n{{\"id\":\"b\"}}\n")).expect("write");
        assert!(matches!(
            read_quote_gold(&path),
            Err(EvalError::Json { line: 2, .. })
        ));
    }
}
