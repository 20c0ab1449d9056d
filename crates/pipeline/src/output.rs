//! Output views of analysed documents: the JSONL record of `analyze` and the
//! human-readable page of `show`.
//!
//! The JSON record (schema `filrouge.document/1`):
//!
//! ```text
//! { "schema": "filrouge.document/1",
//!   "id": "<32 hex>", "source": {path, container?, format, charset, bytes, origin},
//!   "metadata": {title?, published?, site?, author?, declared_lang?, lang?, url?, credits[]},
//!   "original": "...", "text": "...",
//!   "removals": [{rule, span: [start, end] in original, text, reason}],
//!   "annotations": [{layer, span: [start, end] in text, original: [start, end], ...}],
//!   "document_date": {value, precision, confidence, source, reasons[]}?,
//!   "diagnostics": [{stage, severity, message}] }
//! ```
//!
//! Entity annotations (`"layer": "entity"`) carry `kind` (PER, LOC, ORG);
//! quote annotations (`"layer": "quote"`, the quoted words) carry
//! `speaker?`, `cue?`, `channel?` and `reported_by?`.
//! Time annotations (`"layer": "time"`) carry `type` (DATE, TIME, DURATION,
//! SET), `value` (TimeML), `modifier?`, `anchor` (explicit, document_date,
//! reference, unanchored) and `reasons[]`:
//!
//! ```text
//! {"layer": "time", "span": [40, 44], "original": [40, 44], "type": "DATE",
//!  "value": "2025-07-02", "anchor": "document_date",
//!  "reasons": ["counted from the document date 2025-07-03"]}
//! ```
//!
//! Offsets are UTF-8 byte offsets.

use std::fmt::Write;

use filrouge_model::{Document, Label};
use serde_json::{json, Value};

/// Identifies the JSON layout, bumped on incompatible change.
pub const DOCUMENT_SCHEMA: &str = "filrouge.document/1";

/// The JSON record of an analysed document.
pub fn document_json(doc: &Document) -> Value {
    let annotations: Vec<Value> = doc
        .annotations
        .iter()
        .map(|a| {
            let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                let o = doc.original_span(a.span);
                map.insert("original".into(), json!([o.start, o.end]));
            }
            v
        })
        .collect();
    let mut source = serde_json::to_value(&doc.source).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut source {
        map.insert("origin".into(), Value::String(doc.source.origin()));
    }
    json!({
        "schema": DOCUMENT_SCHEMA,
        "id": doc.id,
        "source": source,
        "metadata": doc.metadata,
        "original": doc.original,
        "text": doc.text,
        "removals": doc.removals,
        "annotations": annotations,
        "document_date": doc.document_date,
        "diagnostics": doc.diagnostics,
    })
}

/// The page `filrouge show` prints: metadata, removals with their rules,
/// diagnostics, time expressions, entities, quotes, then the cleaned text
/// paragraph by paragraph.
pub fn render_show(doc: &Document) -> String {
    let mut out = String::new();
    show_metadata(doc, &mut out);
    show_removals(doc, &mut out);
    show_times(doc, &mut out);
    show_entities(doc, &mut out);
    show_quotes(doc, &mut out);
    let _ = writeln!(out, "\ntext");
    for a in doc.layer("paragraph") {
        let (role, lang) = match &a.label {
            Label::Paragraph { role, lang } => (
                format!("{role:?}").to_lowercase(),
                lang.clone().unwrap_or_else(|| "?".into()),
            ),
            _ => continue,
        };
        let _ = writeln!(out, "  [{role}, {lang}] {}", doc.slice(a.span));
    }
    out
}

/// The id, source, metadata, document date, credits and segment counts.
fn show_metadata(doc: &Document, out: &mut String) {
    let m = &doc.metadata;
    let _ = writeln!(out, "id        {}", doc.id);
    let _ = writeln!(
        out,
        "source    {} ({}, {})",
        doc.source.origin(),
        doc.source.format.as_str(),
        doc.source.charset
    );
    for (name, v) in [
        ("title", &m.title),
        ("published", &m.published),
        ("site", &m.site),
        ("author", &m.author),
        ("url", &m.url),
        ("language", &m.lang),
    ] {
        if let Some(v) = v {
            let _ = writeln!(out, "{name:<9} {v}");
        }
    }
    if let Some(d) = &doc.document_date {
        let _ = writeln!(
            out,
            "date      {} ({:?} precision, confidence {:.2}, from {:?})",
            d.value, d.precision, d.confidence, d.source
        );
        for r in &d.reasons {
            let _ = writeln!(out, "            - {r}");
        }
    }
    for c in &m.credits {
        let _ = writeln!(
            out,
            "credit    {} (written \"{}\" at bytes {}..{})",
            c.agency, c.as_written, c.span.start, c.span.end
        );
    }
    let count = |layer: &str| doc.layer(layer).count();
    let _ = writeln!(
        out,
        "segments  {} paragraphs, {} sentences",
        count("paragraph"),
        count("sentence")
    );
}

/// Every removal with its rule and reason, then the diagnostics.
fn show_removals(doc: &Document, out: &mut String) {
    let _ = writeln!(out, "\nremovals ({})", doc.removals.len());
    for r in &doc.removals {
        let _ = writeln!(
            out,
            "  - {:<19} bytes {}..{}  \"{}\"\n      why: {}",
            r.rule.as_str(),
            r.span.start,
            r.span.end,
            preview(&r.text, 70).replace('\n', " "),
            r.reason
        );
    }
    if !doc.diagnostics.is_empty() {
        let _ = writeln!(out, "\ndiagnostics");
        for d in &doc.diagnostics {
            let _ = writeln!(out, "  - {:?}/{:?}: {}", d.stage, d.severity, d.message);
        }
    }
}

/// At most `n` characters of `text`, with an ellipsis when cut.
fn preview(text: &str, n: usize) -> String {
    let mut cut: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        cut.push('…');
    }
    cut
}

/// Time expressions with their values, anchors and reasons.
fn show_times(doc: &Document, out: &mut String) {
    let times: Vec<_> = doc
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Time(t) => Some((a.span, t)),
            _ => None,
        })
        .collect();
    if times.is_empty() {
        return;
    }
    let _ = writeln!(out, "\ntime expressions ({})", times.len());
    for (span, t) in times {
        let modifier = t
            .modifier
            .as_ref()
            .map(|m| format!(" {m}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  - \"{}\" {} {}{modifier}  [{:?}]",
            doc.slice(span).replace('\n', " "),
            t.kind.as_str(),
            t.value,
            t.anchor
        );
        for r in &t.reasons {
            let _ = writeln!(out, "      {r}");
        }
    }
}

/// Entity mentions with their types (and the person a role stands for).
fn show_entities(doc: &Document, out: &mut String) {
    let entities: Vec<_> = doc
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Entity { kind, refers_to } => Some((a.span, *kind, refers_to)),
            _ => None,
        })
        .collect();
    if entities.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nentities ({})", entities.len());
    for (span, kind, refers_to) in entities {
        let _ = writeln!(
            out,
            "  - {} \"{}\"{}",
            kind.as_str(),
            doc.slice(span),
            refers_to
                .as_ref()
                .map(|r| format!(" = {r}"))
                .unwrap_or_default()
        );
    }
}

/// Quotes with their speakers, cues, channels and reporters.
fn show_quotes(doc: &Document, out: &mut String) {
    let quotes: Vec<_> = doc
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Quote {
                speaker,
                cue,
                channel,
                reported_by,
                ..
            } => Some((a.span, speaker, cue, channel, reported_by)),
            _ => None,
        })
        .collect();
    if quotes.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nquotes ({})", quotes.len());
    let with = |prefix: &str, v: &Option<String>, suffix: &str| {
        v.as_ref()
            .map(|x| format!("{prefix}{x}{suffix}"))
            .unwrap_or_default()
    };
    for (span, speaker, cue, channel, reported_by) in quotes {
        let _ = writeln!(
            out,
            "  - {}{}{}{}: « {} »",
            speaker.as_deref().unwrap_or("(unknown speaker)"),
            with(" (", cue, ")"),
            with(" on ", channel, ""),
            with(", reported by ", reported_by, ""),
            preview(doc.slice(span), 80).replace('\n', " ")
        );
    }
}
