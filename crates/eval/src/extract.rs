//! Article-extraction evaluation on the Zyte article-extraction benchmark
//! layout: `ground-truth.json` (id -> {articleBody, url}) and
//! `html/<id>.html.gz` pages.
//!
//! By default the extracted text is scored, as every extractor in the
//! benchmark's tables is. [`Scored::Cleaned`] scores the text after the
//! cleaning stage instead (what `analyze` shows a user): cleaning drops
//! furniture lines, but also repeated paragraphs, which the benchmark's
//! gold counts every time they occur.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::extract_metric::{aggregate, match_document, DocumentMatch};

/// An evaluation error, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A gold file could not be read.
    #[error("{path}: {message}")]
    Gold {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Deserialize)]
struct GoldEntry {
    #[serde(rename = "articleBody")]
    article_body: Option<String>,
    url: Option<String>,
}

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
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

/// The corpus result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExtractReport {
    /// Which text was scored.
    pub scored: Scored,
    /// Pages scored.
    pub documents: usize,
    /// Corpus precision, recall and F1 as the benchmark aggregates them.
    pub precision: f64,
    /// Corpus recall.
    pub recall: f64,
    /// Corpus F1.
    pub f1: f64,
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
    let gt_path = gold_dir.join("ground-truth.json");
    let gt_text = std::fs::read_to_string(&gt_path).map_err(|e| EvalError::Gold {
        path: gt_path.clone(),
        message: e.to_string(),
    })?;
    let gold: BTreeMap<String, GoldEntry> =
        serde_json::from_str(&gt_text).map_err(|e| EvalError::Gold {
            path: gt_path.clone(),
            message: format!("not the benchmark's ground-truth format: {e}"),
        })?;
    let mut matches: Vec<DocumentMatch> = Vec::with_capacity(gold.len());
    let mut per_document = Vec::with_capacity(gold.len());
    let total = gold.len();
    for (i, (id, entry)) in gold.iter().enumerate() {
        let page_path = gold_dir.join("html").join(format!("{id}.html.gz"));
        let mut raw = Vec::new();
        let read = std::fs::File::open(&page_path)
            .and_then(|f| flate2::read::GzDecoder::new(f).read_to_end(&mut raw));
        if let Err(e) = read {
            return Err(EvalError::Gold {
                path: page_path,
                message: e.to_string(),
            });
        }
        // The benchmark's runners read pages as UTF-8.
        let html = String::from_utf8_lossy(&raw);
        let extraction = filrouge_read::extract_html(&html, entry.url.as_deref());
        let predicted = match scored {
            Scored::Extracted => extraction.text,
            Scored::Cleaned => cleaned_text(&cleaner, &raw, &page_path, extraction),
        };
        let gold_body = entry.article_body.as_deref().unwrap_or("");
        let m = match_document(&predicted, gold_body);
        let s = m.score();
        per_document.push(DocumentResult {
            id: id.clone(),
            precision: s.precision,
            recall: s.recall,
            f1: s.f1,
        });
        matches.push(m);
        progress(i + 1, total);
    }
    let corpus = aggregate(&matches);
    per_document.sort_by(|a, b| a.f1.total_cmp(&b.f1));
    Ok(ExtractReport {
        scored,
        documents: total,
        precision: corpus.precision,
        recall: corpus.recall,
        f1: corpus.f1,
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
