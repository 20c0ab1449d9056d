//! Article extraction scored on the Zyte article-extraction benchmark
//! ([`crate::formats::zyte`]): filrouge's HTML extraction runs on every
//! page and its text is scored against the gold article body with the
//! benchmark's own metric ([`metric`]).
//!
//! By default the extracted text is scored, as every extractor in the
//! benchmark's tables is. [`Scored::Cleaned`] scores the text after the
//! cleaning stage instead (what `analyze` shows a user): cleaning drops
//! furniture lines, but also repeated paragraphs, which the benchmark's
//! gold counts every time they occur.

pub mod metric;

use std::path::Path;

use metric::{aggregate, match_document, DocumentMatch};

use crate::formats::zyte::{read_ground_truth, read_page};
use crate::score::{EvalError, Prf};

/// Which text of a page is scored against the gold article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scored {
    /// The text HTML extraction gives (`filrouge_read::extract_html`).
    #[default]
    Extracted,
    /// That text after the cleaning stage (`filrouge_clean::Cleaner`, with
    /// the bundled lexicon), as `analyze` gives it.
    Cleaned,
}

/// Per-document result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentResult {
    /// Page id.
    pub id: String,
    /// Precision, recall and F1 of the page (serialised as `precision`,
    /// `recall`, `f1`).
    #[serde(flatten)]
    pub prf: Prf,
}

/// The corpus result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExtractReport {
    /// Which text was scored.
    pub scored: Scored,
    /// Pages scored.
    pub documents: usize,
    /// Corpus precision, recall and F1 as the benchmark aggregates them
    /// (serialised as `precision`, `recall`, `f1`).
    #[serde(flatten)]
    pub prf: Prf,
    /// Per-page results, worst F1 first.
    pub per_document: Vec<DocumentResult>,
}

/// Runs filrouge's HTML extraction on every page of `gold_dir` and scores
/// the extracted text.
pub fn evaluate_extraction(
    gold_dir: &Path,
    progress: impl FnMut(usize, usize),
) -> Result<ExtractReport, EvalError> {
    evaluate_extraction_of(gold_dir, Scored::Extracted, progress)
}

/// Runs filrouge's HTML extraction on every page of `gold_dir`, cleans the
/// text when `scored` says so, and scores it.
pub fn evaluate_extraction_of(
    gold_dir: &Path,
    scored: Scored,
    mut progress: impl FnMut(usize, usize),
) -> Result<ExtractReport, EvalError> {
    let cleaner = filrouge_clean::Cleaner::new(filrouge_lexicon::Lexicon::bundled());
    let gold = read_ground_truth(gold_dir)?;
    let mut matches: Vec<DocumentMatch> = Vec::with_capacity(gold.len());
    let mut per_document = Vec::with_capacity(gold.len());
    let total = gold.len();
    for (i, (id, entry)) in gold.iter().enumerate() {
        let (page_path, raw) = read_page(gold_dir, id)?;
        // The benchmark's runners read pages as UTF-8.
        let html = String::from_utf8_lossy(&raw);
        let extraction = filrouge_read::extract_html(&html, entry.url.as_deref());
        let predicted = match scored {
            Scored::Extracted => extraction.text,
            Scored::Cleaned => cleaned_text(&cleaner, &raw, &page_path, extraction),
        };
        let gold_body = entry.article_body.as_deref().unwrap_or("");
        let m = match_document(&predicted, gold_body);
        per_document.push(DocumentResult {
            id: id.clone(),
            prf: m.score(),
        });
        matches.push(m);
        progress(i + 1, total);
    }
    per_document.sort_by(|a, b| a.prf.f1.total_cmp(&b.prf.f1));
    Ok(ExtractReport {
        scored,
        documents: total,
        prf: aggregate(&matches),
        per_document,
    })
}

/// The text the cleaning stage makes of an extraction, as in `analyze`.
fn cleaned_text(
    cleaner: &filrouge_clean::Cleaner<'_>,
    raw: &[u8],
    path: &Path,
    extraction: filrouge_read::HtmlExtraction,
) -> String {
    use filrouge_model::{Document, Source, SourceFormat};
    let source = Source {
        path: path.display().to_string(),
        container: None,
        format: SourceFormat::Html,
        charset: "utf-8".into(),
        bytes: raw.len() as u64,
    };
    let doc = Document::new(
        filrouge_read::content_id(raw),
        source,
        extraction.metadata,
        extraction.text,
    );
    cleaner.clean(doc).text
}
