//! Invariants shared by the fuzz targets (`fuzz_targets/`): what must hold
//! of every document a reader yields, of a cleaned document and of stand-off
//! spans, whatever the input. Each check panics with what broke, which
//! libFuzzer reports as a crash with its input.

use filrouge_model::{Document, Span};
use filrouge_read::{ReadOptions, ReadResult};

/// The reading options of every reader target: the defaults, as the CLI
/// and the server read.
pub fn read_options() -> ReadOptions {
    ReadOptions::default()
}

/// Most items a target takes from one reader (a fuzz input is small; a
/// reader yielding more than this for it would be looping).
pub const MAX_ITEMS: usize = 100_000;

/// Reads `bytes` under the name `label` and checks every item.
pub fn read_and_check(label: &str, bytes: &[u8]) -> usize {
    let opts = read_options();
    let mut n = 0;
    for item in filrouge_read::read_bytes(label, bytes.to_vec(), &opts) {
        check_read(&item);
        n += 1;
        assert!(n <= MAX_ITEMS, "{label}: more than {MAX_ITEMS} items");
    }
    n
}

/// A reader's item: a document as readers promise it (`text == original`,
/// an identity offset map, no annotation or removal, not blank), or an
/// error that can be shown.
pub fn check_read(item: &ReadResult) {
    match item {
        Ok(doc) => {
            assert_eq!(doc.text, doc.original, "a read document is not cleaned");
            assert!(!doc.text.trim().is_empty(), "a blank document was yielded");
            assert_eq!(
                doc.offsets.derived_len(),
                doc.text.len(),
                "offset map length"
            );
            assert!(doc.annotations.is_empty() && doc.removals.is_empty());
            assert_eq!(doc.id.0.len(), 32, "document id {:?}", doc.id.0);
            assert!(
                doc.metadata.lang.is_none(),
                "readers only declare languages"
            );
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.is_empty());
        }
    }
}

/// `span` lies inside `text` and starts and ends on character boundaries.
pub fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} cuts a character"
    );
}

/// A cleaned (or further analysed) document: its offset map covers its
/// text, every annotation lies inside the text on character boundaries and
/// maps back inside the original, every removal and credit lies inside the
/// original.
pub fn check_document(doc: &Document) {
    assert_eq!(
        doc.offsets.derived_len(),
        doc.text.len(),
        "the offset map does not cover the cleaned text"
    );
    for a in &doc.annotations {
        check_span(&doc.text, a.span, a.layer());
        let original = doc.original_span(a.span);
        assert!(
            original.start <= original.end && original.end <= doc.original.len(),
            "{} span {:?} maps to {original:?}, outside the original ({} bytes)",
            a.layer(),
            a.span,
            doc.original.len()
        );
    }
    for r in &doc.removals {
        check_span(&doc.original, r.span, r.rule.as_str());
    }
    for c in &doc.metadata.credits {
        check_span(&doc.original, c.span, "credit");
    }
}
