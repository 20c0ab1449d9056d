//! The tilse text format of timelines (Martschat and Markert's toolkit,
//! also the format of the timeline17 and crisis data sets), and the
//! [`Timeline`] type every timeline reader and scorer shares.
//!
//! A timeline file is a sequence of entries: a date line `YYYY-MM-DD`,
//! that date's sentences one per line, then a [`SEPARATOR`] line.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::files::read_text;
use crate::score::EvalError;

/// A timeline: dates, each with its daily summary (sentences, in order).
pub type Timeline = BTreeMap<NaiveDate, Vec<String>>;

/// The separator line closing each date's entry in the tilse text format.
pub const SEPARATOR: &str = "--------------------------------";

/// Parses a timeline in the tilse text format: a date line `YYYY-MM-DD`,
/// its sentences one per line, then a [`SEPARATOR`] line. Lines are
/// trimmed; a line that parses as a date starts an entry.
///
/// Two deliberate departures from tilse's reader, which would otherwise
/// lose data silently: an entry after the last separator (a missing final
/// separator) is kept, and a date given twice gets both entries'
/// sentences (tilse keeps the last). Blank lines are skipped. `name`
/// appears in errors.
pub fn parse_timeline(name: &str, text: &str) -> Result<Timeline, EvalError> {
    let mut timeline = Timeline::new();
    let mut date: Option<NaiveDate> = None;
    for (k, line) in text.lines().enumerate() {
        let line = line.trim();
        if line == SEPARATOR {
            date = None;
            continue;
        }
        // `%Y` also takes a sign and more digits: only the plain form is a
        // date line, anything else is a sentence.
        let date_line = NaiveDate::parse_from_str(line, "%Y-%m-%d")
            .ok()
            .filter(|_| line.len() == 10);
        if let Some(d) = date_line {
            date = Some(d);
            timeline.entry(d).or_default();
        } else if !line.is_empty() {
            let Some(d) = date else {
                return Err(EvalError::Malformed {
                    path: name.into(),
                    line: k + 1,
                    message: "sentence before any date line".into(),
                });
            };
            timeline.entry(d).or_default().push(line.to_string());
        }
    }
    Ok(timeline)
}

/// Reads a timeline file in the tilse text format ([`parse_timeline`]).
pub fn read_timeline(path: &Path) -> Result<Timeline, EvalError> {
    let text = read_text(path)?;
    parse_timeline(&path.display().to_string(), &text)
}

/// Writes a timeline in the tilse text format, dates in order. A sentence
/// holding a line break is written on one line (breaks become spaces), so
/// the file reads back to the same sentences.
pub fn write_timeline(timeline: &Timeline) -> String {
    let mut out = String::new();
    for (date, sentences) in timeline {
        out.push_str(&date.format("%Y-%m-%d").to_string());
        out.push('\n');
        for sentence in sentences {
            let one_line: String = sentence
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                .collect();
            out.push_str(one_line.trim());
            out.push('\n');
        }
        out.push_str(SEPARATOR);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn text_format_round_trips() {
        let timeline: Timeline = [
            (d("2020-03-01"), vec!["Heavy rain fell .".to_string()]),
            (
                d("2020-03-04"),
                vec!["Teams arrived .".into(), "Two\nlines .".into()],
            ),
        ]
        .into_iter()
        .collect();
        let text = write_timeline(&timeline);
        assert!(text.starts_with("2020-03-01\nHeavy rain"));
        assert_eq!(text.matches(SEPARATOR).count(), 2);
        let back = parse_timeline("t", &text).expect("parses");
        assert_eq!(back[&d("2020-03-01")], timeline[&d("2020-03-01")]);
        assert_eq!(back[&d("2020-03-04")], ["Teams arrived .", "Two lines ."]);
    }

    #[test]
    fn reader_keeps_a_last_entry_without_separator_and_merges_dates() {
        let text = "2019-07-01\nfirst line\n--------------------------------\n\
                    2019-07-01\nsecond line\n\n2019-07-02\n  third line  \n";
        let t = parse_timeline("t", text).expect("parses");
        assert_eq!(t[&d("2019-07-01")], ["first line", "second line"]);
        assert_eq!(t[&d("2019-07-02")], ["third line"]);
        // A longer year is no date line but a sentence.
        let t = parse_timeline("t", "2019-07-01\n+2019-07-02\n").expect("parses");
        assert_eq!(t[&d("2019-07-01")], ["+2019-07-02"]);
    }

    #[test]
    fn reader_refuses_a_sentence_before_any_date() {
        let err = parse_timeline("x.txt", "no date here\n").expect_err("refused");
        assert_eq!(
            err.to_string(),
            "x.txt: line 1: sentence before any date line"
        );
    }
}
