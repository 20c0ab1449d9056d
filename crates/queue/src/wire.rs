//! A record on the wire: a document as read (decoded and extracted, not
//! yet cleaned or analysed) as JSON, with a few headers.
//!
//! | header | value |
//! |---|---|
//! | `Nats-Msg-Id` | the document id (a content hash): JetStream drops a record published again within the stream's duplicate window |
//! | `Filrouge-Record` | the format's version, [`RECORD_VERSION`] |
//! | `Filrouge-As-Of` | the time stage's reference date (`YYYY-MM-DD`), the publisher's |
//! | `Filrouge-Furniture` | the page furniture the publisher learned from its inputs (an object of the furniture bucket), absent when none |

use async_nats::HeaderMap;
use chrono::NaiveDate;
use filrouge::model::Document;

/// The version of the record format this crate writes and reads.
pub const RECORD_VERSION: &str = "1";

/// Header: the format's version.
pub const HEADER_RECORD: &str = "Filrouge-Record";
/// Header: the time stage's reference date.
pub const HEADER_AS_OF: &str = "Filrouge-As-Of";
/// Header: the page furniture's object name.
pub const HEADER_FURNITURE: &str = "Filrouge-Furniture";
/// Header: JetStream's message id, for its duplicate window.
pub const HEADER_MSG_ID: &str = "Nats-Msg-Id";

/// A record taken off the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The document as read.
    pub document: Document,
    /// The time stage's reference date (the worker's today when the record
    /// does not say).
    pub as_of: NaiveDate,
    /// The page furniture's object name, when the publisher learned some.
    pub furniture: Option<String>,
}

/// The headers and payload of `doc`.
pub fn encode(
    doc: &Document,
    as_of: NaiveDate,
    furniture: Option<&str>,
) -> serde_json::Result<(HeaderMap, Vec<u8>)> {
    let payload = serde_json::to_vec(doc)?;
    let mut headers = HeaderMap::new();
    headers.insert(HEADER_MSG_ID, doc.id.0.as_str());
    headers.insert(HEADER_RECORD, RECORD_VERSION);
    headers.insert(HEADER_AS_OF, as_of.format("%Y-%m-%d").to_string());
    if let Some(name) = furniture {
        headers.insert(HEADER_FURNITURE, name);
    }
    Ok((headers, payload))
}

/// The record in `payload` with `headers`, or why it is not one (a reason
/// for a dead letter: nothing about it will change on a second delivery).
pub fn decode(
    headers: Option<&HeaderMap>,
    payload: &[u8],
    today: NaiveDate,
) -> Result<Record, String> {
    let header = |name: &str| headers.and_then(|h| h.get(name)).map(|v| v.as_str());
    if let Some(version) = header(HEADER_RECORD) {
        if version != RECORD_VERSION {
            return Err(format!(
                "record format {version:?}, this filrouge reads {RECORD_VERSION:?}"
            ));
        }
    }
    let as_of = match header(HEADER_AS_OF) {
        Some(date) => NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|e| {
            format!("header {HEADER_AS_OF}: {date:?} is not a YYYY-MM-DD date: {e}")
        })?,
        None => today,
    };
    let document: Document = serde_json::from_slice(payload)
        .map_err(|e| format!("not a filrouge document as JSON: {e}"))?;
    if !document.annotations.is_empty() || !document.removals.is_empty() {
        return Err(format!(
            "document {} was analysed already (it has annotations or removals); records are documents as read",
            document.id
        ));
    }
    Ok(Record {
        document,
        as_of,
        furniture: header(HEADER_FURNITURE).map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge::model::{DocumentId, Metadata, Source};

    fn doc() -> Document {
        let text = "Le pont a rouvert mardi.\nLa circulation reprend.";
        Document::new(
            DocumentId("0123456789abcdef0123456789abcdef".into()),
            Source::text_file("a.txt", text.len() as u64),
            Metadata::default(),
            text.to_string(),
        )
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn a_record_round_trips() {
        let (headers, payload) = encode(&doc(), day("2025-11-05"), Some("f00d")).expect("encodes");
        assert_eq!(
            headers.get(HEADER_MSG_ID).map(|v| v.as_str()),
            Some("0123456789abcdef0123456789abcdef")
        );
        let record = decode(Some(&headers), &payload, day("2030-01-01")).expect("decodes");
        assert_eq!(record.document, doc());
        assert_eq!(record.as_of, day("2025-11-05"));
        assert_eq!(record.furniture.as_deref(), Some("f00d"));
    }

    #[test]
    fn bare_documents_are_taken_and_everything_else_is_said() {
        let payload = serde_json::to_vec(&doc()).expect("encodes");
        let record = decode(None, &payload, day("2030-01-01")).expect("a bare document");
        assert_eq!(record.as_of, day("2030-01-01"));
        assert_eq!(record.furniture, None);
        let reason = decode(None, b"\xff not json", day("2030-01-01")).expect_err("poison");
        assert!(
            reason.starts_with("not a filrouge document as JSON"),
            "{reason}"
        );
        let mut headers = HeaderMap::new();
        headers.insert(HEADER_RECORD, "2");
        let reason = decode(Some(&headers), &payload, day("2030-01-01")).expect_err("v2");
        assert!(reason.contains("record format \"2\""), "{reason}");
        let mut headers = HeaderMap::new();
        headers.insert(HEADER_AS_OF, "hier");
        let reason = decode(Some(&headers), &payload, day("2030-01-01")).expect_err("date");
        assert!(reason.contains("Filrouge-As-Of"), "{reason}");
        let analysed = filrouge::Pipeline::new().with_tokens(false).process(doc());
        let payload = serde_json::to_vec(&analysed).expect("encodes");
        let reason = decode(None, &payload, day("2030-01-01")).expect_err("analysed");
        assert!(reason.contains("analysed already"), "{reason}");
    }
}
