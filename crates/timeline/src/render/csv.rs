//! The timeline as CSV (RFC 4180, through the `csv` crate): one row per
//! event with its date, precision, headline, kind, whether it is news,
//! participants, places, sources (as a reader names them), their links
//! and the count of independent sources. Lists inside a cell are joined
//! by "; ".

use crate::{Timeline, TimelineEvent};

use super::sources;
use crate::words::Words;

/// Why CSV could not be written (only a failing writer: the rows are
/// text).
#[derive(Debug, thiserror::Error)]
#[error("writing the timeline as CSV: {0}")]
pub struct CsvError(#[from] csv::Error);

/// The header row.
const HEADER: [&str; 12] = [
    "date",
    "date_text",
    "precision",
    "headline",
    "kind",
    "news",
    "participants",
    "places",
    "sources",
    "links",
    "independent_sources",
    "key",
];

/// The whole timeline as CSV text, a header row first, CRLF line ends.
pub fn csv(t: &Timeline) -> Result<String, CsvError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER)?;
    let words = Words::of(&t.language);
    for e in &t.events {
        w.write_record(row(e, words))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CsvError(csv::Error::from(e.into_error())))?;
    // The writer is given only `String`s.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One event's cells, in [`HEADER`]'s order.
fn row(e: &TimelineEvent, w: &Words) -> [String; 12] {
    let names = |list: &[crate::assemble::EntityRef]| {
        list.iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let precision = serde_json::to_value(e.precision)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    [
        e.date.clone(),
        e.date_text.clone(),
        precision,
        e.headline.clone(),
        e.kind.clone(),
        if e.main { "yes" } else { "no" }.to_string(),
        names(&e.participants),
        names(&e.places),
        e.sources
            .iter()
            .map(|s| sources::plain(s, w))
            .collect::<Vec<_>>()
            .join("; "),
        e.sources
            .iter()
            .filter_map(|s| s.link())
            .collect::<Vec<_>>()
            .join(" "),
        e.independent_sources.to_string(),
        e.key.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_with_commas_quotes_and_lines_are_quoted() {
        let t = Timeline::empty("2025-12-31");
        let text = csv(&t).expect("csv");
        assert_eq!(
            text,
            "date,date_text,precision,headline,kind,news,participants,places,sources,links,independent_sources,key\r\n"
        );
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        w.write_record(["a, b", "say \"x\"", "l1\nl2"])
            .expect("row");
        let bytes = w.into_inner().expect("flush");
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "\"a, b\",\"say \"\"x\"\"\",\"l1\nl2\"\r\n"
        );
    }
}
