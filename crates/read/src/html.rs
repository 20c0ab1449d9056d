//! HTML pages: main-content extraction by trafilatura, metadata from meta
//! tags, OpenGraph and JSON-LD (trafilatura reads all three).

use filrouge_model::{Diagnostic, Metadata, Severity, SourceFormat, Stage};

use crate::{charset, make_document, source, ReadError, ReadErrorKind, ReadResult};

/// What extraction found in a page.
#[derive(Debug, Clone, Default)]
pub struct HtmlExtraction {
    /// Main content, paragraphs separated by newlines.
    pub text: String,
    /// Title, date, author, site, URL and declared language.
    pub metadata: Metadata,
    /// How the text was obtained when the main extractor failed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Extracts the article text and metadata from an HTML page.
///
/// trafilatura runs with its fallbacks (readability, jusText) enabled; when
/// it finds nothing the whole visible text of the page is used and a warning
/// says so, so that no page is silently dropped.
pub fn extract_html(html: &str, url: Option<&str>) -> HtmlExtraction {
    let mut opts = trafilatura::Options::default()
        .with_fallback(true)
        .with_exclude_comments(true);
    if let Some(parsed) = url.and_then(|u| url::Url::parse(u).ok()) {
        opts = opts.with_url(parsed);
    }
    let mut diagnostics = Vec::new();
    let (text, meta) = match trafilatura::extract(html, &opts) {
        Ok(result) => (result.content_text, Some(result.metadata)),
        Err(e) => {
            diagnostics.push(Diagnostic {
                stage: Stage::Read,
                severity: Severity::Warning,
                message: format!("main-content extraction failed ({e}); using all visible text"),
            });
            (String::new(), None)
        }
    };
    let text = if text.trim().is_empty() {
        if meta.is_some() {
            diagnostics.push(Diagnostic {
                stage: Stage::Read,
                severity: Severity::Warning,
                message: "no main content found; using all visible text".into(),
            });
        }
        visible_text(html)
    } else {
        text
    };
    let mut metadata = Metadata::default();
    if let Some(m) = meta {
        let non_empty = |s: String| (!s.trim().is_empty()).then(|| s.trim().to_string());
        metadata.title = non_empty(m.title);
        metadata.author = non_empty(m.author);
        metadata.site = non_empty(m.sitename).or_else(|| non_empty(m.hostname.clone()));
        metadata.url = non_empty(m.url);
        metadata.declared_lang = non_empty(m.language);
        metadata.published = m.date.map(|d| d.format("%Y-%m-%d").to_string());
    }
    if metadata.url.is_none() {
        metadata.url = url.map(str::to_string);
    }
    HtmlExtraction {
        text,
        metadata,
        diagnostics,
    }
}

/// All visible text of a page or fragment (the baseline extractor).
pub(crate) fn visible_text(html: &str) -> String {
    let lower_head = html[..html.len().min(2048)].to_ascii_lowercase();
    if lower_head.contains("<html") || lower_head.contains("<body") {
        trafilatura::html2txt(html)
    } else {
        trafilatura::html2txt(&format!("<html><body>{html}</body></html>"))
    }
}

/// Reads one HTML page; `url` is the address it was fetched from, if known.
pub(crate) fn read_html(label: &str, bytes: &[u8], url: Option<&str>) -> ReadResult {
    read_html_with(label, bytes, url, None, None, SourceFormat::Html)
}

/// Reads an HTML page found in a container (a WARC record, a JSONL field).
pub(crate) fn read_html_with(
    label: &str,
    bytes: &[u8],
    url: Option<&str>,
    declared_charset: Option<&str>,
    container: Option<filrouge_model::Container>,
    format: SourceFormat,
) -> ReadResult {
    let declared = declared_charset
        .map(str::to_string)
        .or_else(|| charset::html_declared_charset(bytes));
    let decoded = charset::decode(bytes, declared.as_deref());
    let extraction = extract_html(&decoded.text, url);
    if extraction.text.trim().is_empty() {
        return Err(ReadError {
            path: label.to_string(),
            location: container,
            kind: ReadErrorKind::NoContent,
        });
    }
    let mut diagnostics = decoded.diagnostics;
    diagnostics.extend(extraction.diagnostics);
    make_document(
        bytes,
        source(label, container, format, decoded.charset, bytes.len()),
        extraction.metadata,
        extraction.text,
        diagnostics,
    )
}
