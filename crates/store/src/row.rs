//! A document as the stores keep it: one row of columns (JSON for the
//! structured parts) plus its annotations and removals, the same for every
//! backend, so that both decode exactly what the other would.

use filrouge_model::{Annotation, Document, DocumentId, Metadata, OffsetMap, Removal, Span};

/// Layers that are cheap to recompute and not worth their storage.
pub(crate) const UNSTORED_LAYERS: &[&str] = &["token"];

/// The columns of a document's row, as stored.
pub(crate) struct DocumentRow {
    /// `documents.source`: the [`filrouge_model::Source`] as JSON.
    pub source: String,
    /// `documents.metadata`: the [`Metadata`] as JSON.
    pub metadata: String,
    /// The raw text as read.
    pub original: String,
    /// The cleaned text.
    pub text: String,
    /// The offset map as JSON.
    pub offsets: String,
    /// The diagnostics as JSON.
    pub diagnostics: String,
    /// The document date as JSON, when the time stage ran.
    pub document_date: Option<String>,
}

impl DocumentRow {
    /// The row of `doc`.
    pub fn of(doc: &Document) -> DocumentRow {
        DocumentRow {
            source: json(serde_json::to_string(&doc.source)),
            metadata: json(serde_json::to_string(&doc.metadata)),
            original: doc.original.clone(),
            text: doc.text.clone(),
            offsets: json(serde_json::to_string(&doc.offsets)),
            diagnostics: json(serde_json::to_string(&doc.diagnostics)),
            document_date: doc
                .document_date
                .as_ref()
                .and_then(|d| serde_json::to_string(d).ok()),
        }
    }

    /// The document back, with its stored annotations and removals; the
    /// error says which column does not decode.
    pub fn decode(
        self,
        id: &DocumentId,
        annotations: Vec<Annotation>,
        removals: Vec<Removal>,
    ) -> Result<Document, String> {
        let source = serde_json::from_str(&self.source).map_err(|e| format!("source: {e}"))?;
        let metadata: Metadata =
            serde_json::from_str(&self.metadata).map_err(|e| format!("metadata: {e}"))?;
        let offsets: OffsetMap =
            serde_json::from_str(&self.offsets).map_err(|e| format!("offsets: {e}"))?;
        let diagnostics =
            serde_json::from_str(&self.diagnostics).map_err(|e| format!("diagnostics: {e}"))?;
        let document_date = match self.document_date {
            Some(d) => Some(serde_json::from_str(&d).map_err(|e| format!("document date: {e}"))?),
            None => None,
        };
        Ok(Document {
            id: id.clone(),
            source,
            metadata,
            original: self.original,
            text: self.text,
            offsets,
            removals,
            annotations,
            document_date,
            diagnostics,
        })
    }
}

/// The annotations of `doc` that are stored (all but the unstored layers),
/// in order: `(layer, start, end, label as JSON)`.
pub(crate) fn stored_annotations(doc: &Document) -> impl Iterator<Item = (&str, i64, i64, String)> {
    doc.annotations
        .iter()
        .filter(|a| !UNSTORED_LAYERS.contains(&a.layer()))
        .map(|a| {
            (
                a.layer(),
                a.span.start as i64,
                a.span.end as i64,
                json(serde_json::to_string(&a.label)),
            )
        })
}

/// An annotation from its stored columns.
pub(crate) fn annotation(start: i64, end: i64, label: &str) -> Result<Annotation, String> {
    let label = serde_json::from_str(label).map_err(|e| format!("annotation: {e}"))?;
    Ok(Annotation::new(span(start, end), label))
}

/// A removal from its stored columns.
pub(crate) fn removal(
    rule: String,
    start: i64,
    end: i64,
    text: String,
    reason: String,
) -> Result<Removal, String> {
    let rule = serde_json::from_value(serde_json::Value::String(rule))
        .map_err(|e| format!("removal rule: {e}"))?;
    Ok(Removal {
        rule,
        span: span(start, end),
        text,
        reason,
    })
}

/// Signature values from their stored little-endian bytes; `None` when the
/// length is not a whole number of values.
pub(crate) fn signature_values(bytes: &[u8]) -> Option<Vec<u32>> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

/// Signature values as stored: little-endian bytes.
pub(crate) fn signature_bytes(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The origin shown for a stored `source` column (empty when it does not
/// decode: a listing never fails on one row).
pub(crate) fn origin(source: &str) -> String {
    serde_json::from_str::<filrouge_model::Source>(source)
        .map(|s| s.origin())
        .unwrap_or_default()
}

/// A span from stored offsets.
fn span(start: i64, end: i64) -> Span {
    Span::new(start as usize, end as usize)
}

/// A value serialised as JSON (`null` should it not serialise).
fn json(v: serde_json::Result<String>) -> String {
    v.unwrap_or_else(|_| "null".into())
}
