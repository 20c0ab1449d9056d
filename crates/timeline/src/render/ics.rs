//! The timeline as an iCalendar file (RFC 5545): one all-day `VEVENT` per
//! event dated to the day (`DTSTART;VALUE=DATE`, `DTEND` the next day) or
//! to the month (spanning the whole month); events known only to the
//! year are left out (a year-long entry would cover a calendar) and
//! counted in the calendar's description. `UID` is the event's `key`, so
//! a calendar imported again updates its entries; `DTSTAMP` is the
//! timeline's reference date, so the same timeline gives the same file.
//! Text is escaped (`\\`, `\;`, `\,`, `\n`) and lines are folded at 75
//! octets without cutting a character.

use chrono::{Days, NaiveDate};
use filrouge_model::DatePrecision;

use crate::{Timeline, TimelineEvent};

use super::sources;
use crate::words::Words;

/// Longest line, in octets, before folding (CRLF not counted).
const LINE_OCTETS: usize = 75;

/// The timeline as an iCalendar text named `name` (the calendar's title).
pub fn ics(t: &Timeline, name: &str) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//filrouge//timeline//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape(name)),
    ];
    let stamp = format!("{}T000000Z", t.as_of.replace('-', ""));
    let mut left_out = 0;
    let w = Words::of(&t.language);
    for e in &t.events {
        match span(e) {
            Some((start, end)) => lines.extend(vevent(e, start, end, &stamp, w)),
            None => left_out += 1,
        }
    }
    if left_out > 0 {
        lines.insert(
            6,
            format!(
                "X-WR-CALDESC:{}",
                escape(&w.count_label("calendar_year_only", left_out))
            ),
        );
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in &lines {
        fold_into(&mut out, line);
    }
    out
}

/// The days an event covers as [start, end): one day, or its month;
/// `None` for a year.
fn span(e: &TimelineEvent) -> Option<(NaiveDate, NaiveDate)> {
    match e.precision {
        DatePrecision::Day | DatePrecision::Month => {
            Some((e.start, e.end.checked_add_days(Days::new(1))?))
        }
        DatePrecision::Year | DatePrecision::Unknown => None,
    }
}

/// The lines of one event, unfolded.
fn vevent(
    e: &TimelineEvent,
    start: NaiveDate,
    end: NaiveDate,
    stamp: &str,
    w: &Words,
) -> Vec<String> {
    let mut description: Vec<String> = e.summary.clone();
    if !e.sources.is_empty() {
        description.push(String::new());
        description.push(format!(
            "{} ({}){}",
            super::capitalised(&w.label("sources", &[])),
            w.count_label("independent", e.independent_sources),
            w.label("colon", &[]).trim_end()
        ));
        description.extend(e.sources.iter().map(|s| {
            let link = s.link().map(|u| format!(" <{u}>")).unwrap_or_default();
            format!("- {}{link}", sources::plain(s, w))
        }));
    }
    let mut lines = vec![
        "BEGIN:VEVENT".into(),
        format!("UID:{}@filrouge", escape(&e.key)),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")),
        format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
        format!("SUMMARY:{}", escape(&e.headline)),
        format!("DESCRIPTION:{}", escape(&description.join("\n"))),
        format!("CATEGORIES:{}", escape(&e.kind)),
        "TRANSP:TRANSPARENT".into(),
    ];
    if let Some(url) = e.sources.iter().find_map(|s| s.link()) {
        // A URI value: no escaping, but no line break or space either.
        let url: String = url.chars().filter(|c| !c.is_whitespace()).collect();
        lines.push(format!("URL:{url}"));
    }
    lines.push("END:VEVENT".into());
    lines
}

/// A TEXT value escaped (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at [`LINE_OCTETS`] octets (continuations start
/// with a space), each piece ended by CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut room = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            room = LINE_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é".repeat(60));
        fold_into(&mut out, &line);
        let pieces: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(pieces.len() > 1);
        for p in &pieces {
            assert!(p.len() <= LINE_OCTETS, "{} octets", p.len());
        }
        assert!(pieces[1..].iter().all(|p| p.starts_with(' ')));
        let unfolded: String = pieces
            .iter()
            .enumerate()
            .map(|(i, p)| if i == 0 { *p } else { &p[1..] })
            .collect();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn an_empty_timeline_is_a_calendar() {
        let t = Timeline::empty("2025-12-31");
        let text = ics(&t, "Timeline, all");
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.contains("X-WR-CALNAME:Timeline\\, all\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }
}
