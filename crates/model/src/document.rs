use serde::{Deserialize, Serialize};

use crate::{Annotation, DocumentDate, OffsetMap, Span};

/// A document's identity: a hash of the exact input bytes of its record, so
/// the same input always gets the same id and re-ingesting it is a no-op.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(pub String);

impl std::fmt::Display for DocumentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One news article and everything filrouge knows about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Content hash of the input record.
    pub id: DocumentId,
    /// Where it came from.
    pub source: Source,
    /// What the page or the record says about itself, plus credits found by cleaning.
    pub metadata: Metadata,
    /// The text as read: the decoded file, record or field, or for HTML the
    /// main content text chosen by the extractor.
    pub original: String,
    /// The cleaned text that annotations point into.
    pub text: String,
    /// Maps cleaned-text offsets to `original` offsets.
    pub offsets: OffsetMap,
    /// Everything cleaning removed, with the rule that removed it.
    pub removals: Vec<Removal>,
    /// Stand-off annotations over `text`, added by analysis stages.
    pub annotations: Vec<Annotation>,
    /// The document's date: from metadata, or inferred by the time stage.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub document_date: Option<DocumentDate>,
    /// What went wrong or was repaired along the way; never fatal.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// A document whose cleaned text is still its original text.
    pub fn new(id: DocumentId, source: Source, metadata: Metadata, original: String) -> Self {
        let offsets = OffsetMap::identity(original.len());
        Document {
            id,
            source,
            metadata,
            text: original.clone(),
            original,
            offsets,
            removals: Vec::new(),
            annotations: Vec::new(),
            document_date: None,
            diagnostics: Vec::new(),
        }
    }

    /// The span of `original` a cleaned-text span came from.
    pub fn original_span(&self, span: Span) -> Span {
        self.offsets.map_span(span)
    }

    /// The cleaned text under `span` (empty when out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// Annotations of one layer, in order.
    pub fn layer<'a>(&'a self, layer: &'a str) -> impl Iterator<Item = &'a Annotation> + 'a {
        self.annotations.iter().filter(move |a| a.layer() == layer)
    }

    /// Records a diagnostic.
    pub fn diagnose(&mut self, stage: Stage, severity: Severity, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            stage,
            severity,
            message: message.into(),
        });
    }
}

/// The input format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// One line of a JSON Lines file.
    Jsonl,
    /// A response record of a WARC file.
    Warc,
    /// An item of an RSS or Atom feed.
    Feed,
}

impl SourceFormat {
    /// The lower-case name used in storage and output.
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
            SourceFormat::Jsonl => "jsonl",
            SourceFormat::Warc => "warc",
            SourceFormat::Feed => "feed",
        }
    }
}

/// Where a document is inside a file that holds several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Container {
    /// Line `line` (1-based) of a JSON Lines file.
    Line {
        /// 1-based line number.
        line: u64,
        /// The record's own identifier field, when it has one.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        record_id: Option<String>,
    },
    /// Record `index` (0-based) of a WARC file.
    WarcRecord {
        /// 0-based record index.
        index: u64,
        /// The record's `WARC-Record-ID`, when present.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        record_id: Option<String>,
    },
    /// Item `index` (0-based) of a feed.
    FeedItem {
        /// 0-based item index.
        index: u64,
    },
}

impl std::fmt::Display for Container {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Container::Line { line, .. } => write!(f, "line {line}"),
            Container::WarcRecord { index, .. } => write!(f, "record {index}"),
            Container::FeedItem { index } => write!(f, "item {index}"),
        }
    }
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The input path (or `-` for standard input).
    pub path: String,
    /// Its position inside a multi-document file.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub container: Option<Container>,
    /// The input format.
    pub format: SourceFormat,
    /// The character encoding the bytes were decoded from.
    pub charset: String,
    /// Size of the input record in bytes.
    pub bytes: u64,
}

impl Source {
    /// A plain-text file `path` of `bytes` bytes, read as UTF-8, outside any
    /// container (the source of a document made from a string).
    pub fn text_file(path: impl Into<String>, bytes: u64) -> Source {
        Source {
            path: path.into(),
            container: None,
            format: SourceFormat::Text,
            charset: "UTF-8".into(),
            bytes,
        }
    }

    /// `path`, or `path:line 3` / `path:record 2` inside a container.
    pub fn origin(&self) -> String {
        match &self.container {
            Some(c) => format!("{}:{}", self.path, c),
            None => self.path.clone(),
        }
    }
}

/// What is known about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// Title, from the page, the record or the first line of a text file.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Publication date as given by the source (ISO 8601 when it could be read).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<String>,
    /// Site or publication name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub site: Option<String>,
    /// Author(s) as given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub author: Option<String>,
    /// Language declared by the source (not detected).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub declared_lang: Option<String>,
    /// Detected language of the document (ISO 639-1).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lang: Option<String>,
    /// URL of the page (canonical when declared).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    /// Original sources credited by the article ("Source : AFP").
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub credits: Vec<Credit>,
}

/// An original source credited by a document (a news agency, usually).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// Canonical agency name ("TASS", "AFP").
    pub agency: String,
    /// The credit as written.
    pub as_written: String,
    /// Where it was in the original text.
    pub span: Span,
}

/// Why cleaning removed something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemovalRule {
    /// A paragraph that repeats an earlier paragraph verbatim.
    RepeatedParagraph,
    /// A title line repeated at the top of the text.
    RepeatedTitle,
    /// A line matching a per-language boilerplate pattern.
    Boilerplate,
    /// An end-of-page region (comment form, related links) opened by a
    /// per-language pattern.
    BoilerplateTail,
    /// A bare site name on a line of its own.
    SiteName,
    /// A credit line, moved to metadata.
    CreditLine,
    /// A line that recurs across documents of one site or of one collection
    /// (learned page furniture).
    LearnedBoilerplate,
}

impl RemovalRule {
    /// The kebab-case name shown to users and stored.
    pub fn as_str(&self) -> &'static str {
        match self {
            RemovalRule::RepeatedParagraph => "repeated-paragraph",
            RemovalRule::RepeatedTitle => "repeated-title",
            RemovalRule::Boilerplate => "boilerplate",
            RemovalRule::BoilerplateTail => "boilerplate-tail",
            RemovalRule::SiteName => "site-name",
            RemovalRule::CreditLine => "credit-line",
            RemovalRule::LearnedBoilerplate => "learned-boilerplate",
        }
    }
}

/// Something cleaning removed from the original text, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// The rule that fired.
    pub rule: RemovalRule,
    /// Where the removed text was in the original.
    pub span: Span,
    /// The removed text.
    pub text: String,
    /// The evidence: which pattern, which earlier paragraph, which agency.
    pub reason: String,
}

/// The pipeline stage a diagnostic comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading and decoding.
    Read,
    /// Cleaning.
    Clean,
    /// Language identification and segmentation.
    Segment,
    /// Time expressions and the document date.
    Time,
    /// Named entities.
    Entities,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A repair or a choice worth knowing about.
    Info,
    /// Something was wrong with the input; the result may be degraded.
    Warning,
}

/// A non-fatal note from a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Which stage.
    pub stage: Stage,
    /// How serious.
    pub severity: Severity,
    /// What happened, for a person.
    pub message: String,
}
