//! Readers: from files, directories and standard input to [`Document`]s.
//!
//! Every input format a crawler produces is read here: plain text, HTML
//! (main content chosen by trafilatura), JSON Lines, WARC (optionally
//! gzipped), RSS/Atom feeds, directories of any of these, and stdin. A reader
//! yields `Result<Document, ReadError>` items: one bad file, line or record is
//! one error, and the items after it still come.
//!
//! Architecture invariant: readers decode and extract; they never clean or
//! analyse. The document they produce has `text == original` and an identity
//! offset map; everything after that belongs to later stages.

mod charset;
mod checks;
mod feed;
mod html;
mod jsonl;
mod sniff;
mod text;
mod walk;
mod warc;

use std::io::Read;
use std::path::Path;

use filrouge_model::{
    Container, Diagnostic, Document, DocumentId, Metadata, Severity, Source, SourceFormat, Stage,
};

pub use charset::{decode, Decoded};
pub use html::{extract_html, visible_text, HtmlExtraction};
pub use jsonl::JsonlFields;
pub use sniff::{sniff, InputKind};

/// Default largest input accepted for one document (file or record): 32 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Settings shared by all readers.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Largest document accepted, in bytes; larger ones are reported and skipped.
    pub max_bytes: u64,
    /// JSON field names to read from JSON Lines records.
    pub jsonl_fields: JsonlFields,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            jsonl_fields: JsonlFields::default(),
        }
    }
}

/// Why an input (or one record of it) could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{}: {kind}", location.as_ref().map(|c| format!(":{c}")).unwrap_or_default())]
pub struct ReadError {
    /// The input path (`-` for stdin).
    pub path: String,
    /// The line, record or item inside the file, when the error is there.
    pub location: Option<Container>,
    /// What went wrong.
    pub kind: ReadErrorKind,
}

/// What went wrong while reading.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadErrorKind {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(String),
    /// The file holds binary data, not text.
    #[error("binary file, not text (skipped)")]
    Binary,
    /// A folder's own documentation (`README.md`, `LICENSE`, ...) met while
    /// walking the folder: it describes the articles, it is not one.
    #[error(
        "documentation file of the folder, not an article (skipped; name the file to read it)"
    )]
    Documentation,
    /// Nothing but whitespace.
    #[error("empty document (skipped)")]
    Empty,
    /// Larger than the configured limit.
    #[error("too large: {size} bytes > limit {limit} (raise --max-bytes)")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A JSON Lines line that is not a JSON object.
    #[error("broken JSON: {0}")]
    Json(String),
    /// A JSON object with no text or HTML field.
    #[error("no text field (looked for {0})")]
    NoText(String),
    /// A broken or truncated compressed stream.
    #[error("broken compressed data: {0} (reading stopped here)")]
    Compression(String),
    /// A broken or truncated WARC record.
    #[error("broken WARC record: {0} (reading stopped here)")]
    Warc(String),
    /// A feed that does not parse.
    #[error("broken feed: {0}")]
    Feed(String),
    /// HTML from which no text could be extracted.
    #[error("no article text found in the HTML")]
    NoContent,
}

/// One item a reader yields.
pub type ReadResult = Result<Document, ReadError>;

/// Reads every document under `path`: a file of any supported format, or a
/// directory walked recursively in a stable (sorted) order. `-` reads stdin.
pub fn read_path<'a>(
    path: &Path,
    opts: &'a ReadOptions,
) -> Box<dyn Iterator<Item = ReadResult> + 'a> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        return match std::io::stdin()
            .lock()
            .take(opts.max_bytes + 1)
            .read_to_end(&mut bytes)
        {
            Ok(_) => read_bytes("-", bytes, opts),
            Err(e) => one_error("-", None, ReadErrorKind::Io(e.to_string())),
        };
    }
    if path.is_dir() {
        let root = path.display().to_string();
        return Box::new(walk::files(path).flat_map(move |entry| match entry {
            Ok(file) if walk::is_documentation(&file) => one_error(
                &file.display().to_string(),
                None,
                ReadErrorKind::Documentation,
            ),
            Ok(file) => read_file(&file, opts),
            Err(e) => one_error(&root, None, ReadErrorKind::Io(e)),
        }));
    }
    read_file(path, opts)
}

/// Reads one file, choosing the reader by extension and content.
pub fn read_file<'a>(
    path: &Path,
    opts: &'a ReadOptions,
) -> Box<dyn Iterator<Item = ReadResult> + 'a> {
    let label = path.display().to_string();
    let kind = match sniff::sniff_path(path) {
        Ok(k) => k,
        Err(e) => return one_error(&label, None, ReadErrorKind::Io(e.to_string())),
    };
    // Containers stream; single documents are read whole under the size limit.
    match kind {
        InputKind::Jsonl | InputKind::Warc | InputKind::Gzip => match std::fs::File::open(path) {
            Ok(f) => stream_container(label, kind, Box::new(std::io::BufReader::new(f)), opts),
            Err(e) => one_error(&label, None, ReadErrorKind::Io(e.to_string())),
        },
        _ => {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            if size > opts.max_bytes {
                return one_error(
                    &label,
                    None,
                    ReadErrorKind::TooLarge {
                        size,
                        limit: opts.max_bytes,
                    },
                );
            }
            match std::fs::read(path) {
                Ok(bytes) => read_bytes_as(&label, bytes, kind, opts),
                Err(e) => one_error(&label, None, ReadErrorKind::Io(e.to_string())),
            }
        }
    }
}

/// Reads documents from bytes whose format is sniffed from their content.
pub fn read_bytes<'a>(
    label: &str,
    bytes: Vec<u8>,
    opts: &'a ReadOptions,
) -> Box<dyn Iterator<Item = ReadResult> + 'a> {
    let kind = sniff(label, &bytes);
    read_bytes_as(label, bytes, kind, opts)
}

fn read_bytes_as<'a>(
    label: &str,
    bytes: Vec<u8>,
    kind: InputKind,
    opts: &'a ReadOptions,
) -> Box<dyn Iterator<Item = ReadResult> + 'a> {
    if (bytes.len() as u64) > opts.max_bytes
        && !matches!(kind, InputKind::Jsonl | InputKind::Warc | InputKind::Gzip)
    {
        return one_error(
            label,
            None,
            ReadErrorKind::TooLarge {
                size: bytes.len() as u64,
                limit: opts.max_bytes,
            },
        );
    }
    match kind {
        InputKind::Binary => one_error(label, None, ReadErrorKind::Binary),
        InputKind::Text => Box::new(std::iter::once(text::read_text(label, &bytes))),
        InputKind::Html => Box::new(std::iter::once(html::read_html(label, &bytes, None))),
        InputKind::Feed => feed::read_feed(label, &bytes),
        InputKind::Jsonl | InputKind::Warc | InputKind::Gzip => stream_container(
            label.to_string(),
            kind,
            Box::new(std::io::Cursor::new(bytes)),
            opts,
        ),
    }
}

fn stream_container<'a>(
    label: String,
    kind: InputKind,
    reader: Box<dyn std::io::BufRead + 'a>,
    opts: &'a ReadOptions,
) -> Box<dyn Iterator<Item = ReadResult> + 'a> {
    match kind {
        InputKind::Jsonl => Box::new(jsonl::JsonlReader::new(label, reader, opts)),
        InputKind::Warc => Box::new(warc::WarcDocuments::new(label, reader, opts)),
        InputKind::Gzip => {
            let mut decoder = std::io::BufReader::new(flate2::bufread::MultiGzDecoder::new(reader));
            // Sniff the decompressed head to pick the inner reader.
            let head = match std::io::BufRead::fill_buf(&mut decoder) {
                Ok(h) => h.to_vec(),
                Err(e) => {
                    return one_error(&label, None, ReadErrorKind::Compression(e.to_string()));
                }
            };
            let inner_name = label.strip_suffix(".gz").unwrap_or(&label).to_string();
            match sniff(&inner_name, &head) {
                InputKind::Warc => {
                    Box::new(warc::WarcDocuments::new(label, Box::new(decoder), opts))
                }
                InputKind::Jsonl => {
                    Box::new(jsonl::JsonlReader::new(label, Box::new(decoder), opts))
                }
                other => {
                    let mut bytes = Vec::new();
                    let limit = opts.max_bytes + 1;
                    if let Err(e) = decoder.take(limit).read_to_end(&mut bytes) {
                        return one_error(&label, None, ReadErrorKind::Compression(e.to_string()));
                    }
                    read_bytes_as(&label, bytes, other, opts)
                }
            }
        }
        other => read_bytes_as(&label, Vec::new(), other, opts),
    }
}

fn one_error<'a>(
    path: &str,
    location: Option<Container>,
    kind: ReadErrorKind,
) -> Box<dyn Iterator<Item = ReadResult> + 'a> {
    Box::new(std::iter::once(Err(ReadError {
        path: path.to_string(),
        location,
        kind,
    })))
}

/// The id of a document read from `bytes`: the first 128 bits of their BLAKE3
/// hash, in hex.
pub fn content_id(bytes: &[u8]) -> DocumentId {
    let hash = blake3::hash(bytes);
    DocumentId(hash.to_hex()[..32].to_string())
}

/// Assembles a document from decoded text; shared by every reader.
pub(crate) fn make_document(
    raw: &[u8],
    source: Source,
    metadata: Metadata,
    text: String,
    diagnostics: Vec<Diagnostic>,
) -> Result<Document, ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError {
            path: source.path,
            location: source.container,
            kind: ReadErrorKind::Empty,
        });
    }
    let mut diagnostics = diagnostics;
    let mut metadata = metadata;
    if let Some(given) = metadata.published.take() {
        match checks::published(&given) {
            Ok(date) => metadata.published = Some(date),
            Err(why) => diagnostics.push(Diagnostic {
                stage: Stage::Read,
                severity: Severity::Warning,
                message: format!("publication date {given:?} refused: {why}"),
            }),
        }
    }
    let (text, nuls) = checks::without_nul(text);
    if nuls > 0 {
        diagnostics.push(Diagnostic {
            stage: Stage::Read,
            severity: Severity::Warning,
            message: format!("{nuls} NUL character(s) removed from the text"),
        });
    }
    let mut doc = Document::new(content_id(raw), source, metadata, text);
    doc.diagnostics = diagnostics;
    Ok(doc)
}

/// A source record for `path` in `format`.
pub(crate) fn source(
    path: &str,
    container: Option<Container>,
    format: SourceFormat,
    charset: &str,
    bytes: usize,
) -> Source {
    Source {
        path: path.to_string(),
        container,
        format,
        charset: charset.to_string(),
        bytes: bytes as u64,
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Arbitrary bytes under any name never panic a reader, and every
        /// document read has a non-empty text and an identity offset map.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), ext in prop::sample::select(vec!["txt", "html", "jsonl", "warc", "rss", "gz", "bin"])) {
            let opts = ReadOptions { max_bytes: 300, ..ReadOptions::default() };
            // Bounded: a broken container yields one error, then stops.
            for doc in read_bytes(&format!("input.{ext}"), bytes, &opts).take(50).flatten() {
                prop_assert!(!doc.original.trim().is_empty());
                prop_assert_eq!(doc.offsets.derived_len(), doc.text.len());
            }
        }

        /// Every tree walk of the HTML reader (the guard's scan, the parse,
        /// the extraction, the whole-page text) is bounded in depth, not
        /// by the stack: pages nested up to 20,000 deep in any mix of
        /// tags are read on a thread with a 256 KiB stack, keep their
        /// words, and say when they were flattened.
        #[test]
        fn nesting_depth_never_needs_the_stack(
            depth in 0usize..20_000,
            tags in proptest::collection::vec(prop::sample::select(vec!["div", "b", "span", "table", "li", "p", "section", "svg", "font", "td"]), 1..5),
        ) {
            let mut page = String::from("<html><body>");
            for i in 0..depth {
                page.push('<');
                page.push_str(tags[i % tags.len()]);
                page.push('>');
            }
            page.push_str("Le texte profond du marais.");
            let worker = std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    let extracted = html::extract_html(&page, None);
                    let visible = html::visible_text(&page);
                    let read: Vec<_> = read_bytes("deep.html", page.into_bytes(), &ReadOptions::default())
                        .flatten()
                        .collect();
                    (extracted, visible, read)
                })
                .expect("a thread");
            let (extracted, visible, read) = worker.join().expect("no stack overflow");
            // Text inside an `<svg>` drawing is no visible text of the page
            // (unless a later tag breaks out of the drawing).
            let in_drawing = (0..depth).any(|i| tags[i % tags.len()] == "svg");
            prop_assert!(in_drawing || visible.contains("marais"), "{visible}");
            prop_assert!(in_drawing || extracted.text.contains("marais") || read.is_empty() || read.iter().any(|d| d.text.contains("marais")));
            // `li`, `p`, `td`... close their open siblings: only tags that
            // truly nest make a deep page.
            let nests = tags.iter().all(|t| ["div", "b", "span", "section", "font"].contains(t));
            if depth > 300 && nests {
                prop_assert!(read.iter().all(|d| d.diagnostics.iter().any(|n| n.message.contains("nested"))), "{:?}", read.iter().map(|d| &d.diagnostics).collect::<Vec<_>>());
            }
        }

        /// JSON Lines built from arbitrary strings read back their text.
        #[test]
        fn jsonl_round_trip(texts in proptest::collection::vec("[a-zA-Zéà ,.«»’]{1,40}", 1..5)) {
            let input: String = texts.iter().map(|t| serde_json::json!({"text": t}).to_string() + "\n").collect();
            let opts = ReadOptions::default();
            let docs: Vec<_> = read_bytes("x.jsonl", input.into_bytes(), &opts).collect();
            prop_assert_eq!(docs.len(), texts.len());
            for (d, t) in docs.iter().zip(&texts) {
                match d {
                    Ok(doc) => prop_assert_eq!(&doc.original, t),
                    Err(e) => prop_assert!(t.trim().is_empty(), "{}", e),
                }
            }
        }
    }
}
