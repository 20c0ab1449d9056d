//! The timeline's outputs: terminal text (coloured when asked), Markdown,
//! JSON, a self-contained HTML page (no script, no network: every asset
//! inline, every text escaped), TimelineJS JSON, CSV ([`csv()`]) and an
//! iCalendar file ([`ics()`]). A source is shown as a reader names it
//! ([`sources`]): publisher, title, date, link; never a file path.

mod csv;
mod ics;
pub mod sources;
mod timelinejs;

use std::fmt::Write;

pub use self::csv::{csv, CsvError};
pub use self::ics::ics;
pub use self::timelinejs::timelinejs;

use filrouge_events::DateOrigin;
use filrouge_model::DatePrecision;

use crate::{Timeline, TimelineEvent};

/// Terminal colours, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Whether to emit ANSI colour codes.
    pub colour: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// The date's precision, modifier, origin and first piece of evidence, in
/// words.
fn date_words(e: &TimelineEvent) -> String {
    let precision = match e.precision {
        DatePrecision::Day => "day",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Unknown => "unknown",
    };
    let origin = match e.date_origin {
        DateOrigin::Explicit => "said next to the event",
        DateOrigin::DocumentDate => "the reporting article's date",
        DateOrigin::Corpus => "year found through linked articles",
    };
    let modifier = e
        .modifier
        .as_ref()
        .map(|m| format!(", {}", m.to_lowercase()))
        .unwrap_or_default();
    let evidence = e
        .date_evidence
        .first()
        .map(|x| format!(" [{}]", shorten(x, 110)))
        .unwrap_or_default();
    format!("{precision} precision{modifier}; {origin}{evidence}")
}

fn facts_line(e: &TimelineEvent) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in &e.facts {
        let s = match &f.fact {
            filrouge_events::Fact::Duration {
                value,
                modifier,
                text,
            } => match modifier {
                Some(m) => format!("{value} {m} ({text})"),
                None => format!("{value} ({text})"),
            },
            filrouge_events::Fact::Amount { text, .. } => text.clone(),
            filrouge_events::Fact::Initiator { value, .. } => format!("initiated by {value}"),
        };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    let mut ordinals: Vec<u32> = e.ordinals.iter().map(|o| o.value).collect();
    ordinals.sort();
    ordinals.dedup();
    for o in ordinals {
        out.push(format!("rank {o} in its series"));
    }
    out
}

/// Readable text for a terminal.
pub fn terminal(t: &Timeline, style: Style) -> String {
    let mut out = String::new();
    for e in &t.events {
        terminal_event(&mut out, e, style);
    }
    let _ = writeln!(
        out,
        "{} events; {} left out with an unknown year; {} background events {}",
        t.events.len(),
        t.undated_events,
        t.background_events,
        if t.background_events > 0 {
            "(--include-background shows them)"
        } else {
            ""
        }
    );
    out
}

/// One event for a terminal, then a blank line.
fn terminal_event(out: &mut String, e: &TimelineEvent, style: Style) {
    let marker = if e.main { "" } else { " (background)" };
    let _ = writeln!(
        out,
        "{}  {}{}",
        style.paint("1;36", &format!("{:<10}", e.date)),
        style.paint("1", &e.headline),
        marker
    );
    let _ = writeln!(
        out,
        "            {} {}",
        style.paint("2", "date:"),
        date_words(e)
    );
    for s in &e.summary {
        let _ = writeln!(out, "            {}", s);
    }
    let facts = facts_line(e);
    if !facts.is_empty() {
        let _ = writeln!(out, "            facts: {}", facts.join("; "));
    }
    if !e.participants.is_empty() {
        let names: Vec<&str> = e
            .participants
            .iter()
            .take(6)
            .map(|p| p.name.as_str())
            .collect();
        let _ = writeln!(out, "            who: {}", names.join(", "));
    }
    if !e.misc.is_empty() {
        let names: Vec<&str> = e.misc.iter().take(6).map(|p| p.name.as_str()).collect();
        let _ = writeln!(out, "            also named: {}", names.join(", "));
    }
    // Three quotes: words in quote marks before reported speech.
    let mut quotes: Vec<_> = e.quotes.iter().collect();
    quotes.sort_by_key(|q| q.indirect);
    for q in quotes.into_iter().take(3) {
        let _ = writeln!(
            out,
            "            {} « {} »",
            style.paint("33", q.speaker.as_deref().unwrap_or("?")),
            shorten(&q.text, 140)
        );
    }
    for d in &e.disagreements {
        let sides: Vec<String> = d
            .sides
            .iter()
            .map(|s| format!("{} ({} source(s))", s.value, s.documents.len()))
            .collect();
        let _ = writeln!(
            out,
            "            {} {}: {}",
            style.paint("1;31", "disagreement on"),
            d.attribute,
            sides.join(" vs ")
        );
    }
    let _ = writeln!(
        out,
        "            {} ({} independent):",
        style.paint("2", "sources"),
        e.independent_sources
    );
    for s in &e.sources {
        let _ = writeln!(out, "              - {}", sources::plain(s));
    }
    out.push('\n');
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}…")
}

/// Markdown: one section per event.
pub fn markdown(t: &Timeline) -> String {
    let mut out = String::from("# Timeline\n\n");
    for e in &t.events {
        let _ = writeln!(
            out,
            "## {} — {}{}\n",
            e.date,
            md_escape(&e.headline),
            if e.main { "" } else { " *(background)*" }
        );
        for s in &e.summary {
            let _ = writeln!(out, "> {}", md_escape(s));
        }
        out.push('\n');
        let facts = facts_line(e);
        if !facts.is_empty() {
            let _ = writeln!(out, "- **Facts:** {}", md_escape(&facts.join("; ")));
        }
        if !e.participants.is_empty() {
            let names: Vec<String> = e.participants.iter().map(|p| md_escape(&p.name)).collect();
            let _ = writeln!(out, "- **Participants:** {}", names.join(", "));
        }
        if !e.misc.is_empty() {
            let names: Vec<String> = e.misc.iter().map(|p| md_escape(&p.name)).collect();
            let _ = writeln!(out, "- **Also named:** {}", names.join(", "));
        }
        for q in &e.quotes {
            let _ = writeln!(
                out,
                "- **{}:** « {} »",
                md_escape(q.speaker.as_deref().unwrap_or("?")),
                md_escape(&q.text)
            );
        }
        for d in &e.disagreements {
            let sides: Vec<String> = d.sides.iter().map(|s| md_escape(&s.value)).collect();
            let _ = writeln!(
                out,
                "- **Disagreement on {}:** {}",
                d.attribute,
                sides.join(" vs ")
            );
        }
        let _ = writeln!(
            out,
            "- **Date:** {} ({})",
            e.date,
            md_escape(&date_words(e))
        );
        let _ = writeln!(
            out,
            "- **Sources ({} independent):**",
            e.independent_sources
        );
        for s in &e.sources {
            let _ = writeln!(out, "  - {}", sources::markdown(s));
        }
        out.push('\n');
    }
    out
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A self-contained page: inline style, no script, nothing fetched.
pub fn html(t: &Timeline) -> String {
    html_titled(t, "Timeline")
}

/// [`html`] under the heading `title` ([`sources::heading`]).
pub fn html_titled(t: &Timeline, title: &str) -> String {
    let title = html_escape(title);
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>",
    );
    out.push_str(&title);
    out.push_str(
        " · filrouge</title><style>\
body{font:15px/1.5 system-ui,sans-serif;max-width:54rem;margin:2rem auto;padding:0 1rem;color:#222}\
ol{list-style:none;padding:0;border-left:3px solid #c33}li.event{margin:0 0 1.6rem 0;padding-left:1rem}\
.date{font-weight:700;color:#c33}.bg{opacity:.75}.summary{margin:.3rem 0}.meta{color:#555;font-size:.9em}\
blockquote{margin:.3rem 0 .3rem 1rem;font-style:italic}details{font-size:.9em}.dis{color:#a00;font-weight:600}\
.publisher{font-weight:600}\
</style></head><body>\n<h1>",
    );
    out.push_str(&title);
    out.push_str("</h1>\n<ol>\n");
    for e in &t.events {
        html_event(&mut out, e);
    }
    let _ = writeln!(
        out,
        "</ol>\n<p class=\"meta\">{} events; {} with an unknown year left out; reference date {}.</p>\n</body></html>",
        t.events.len(),
        t.undated_events,
        html_escape(&t.as_of)
    );
    out
}

/// One event as a list item of the page.
fn html_event(out: &mut String, e: &TimelineEvent) {
    let _ = writeln!(
            out,
            "<li class=\"event{}\" id=\"{}\"><div><span class=\"date\">{}</span> — <strong>{}</strong>{}</div>",
            if e.main { "" } else { " bg" },
            html_escape(&e.id),
            html_escape(&e.date),
            html_escape(&e.headline),
            if e.main { "" } else { " <em>(background)</em>" }
        );
    for s in &e.summary {
        let _ = writeln!(out, "<p class=\"summary\">{}</p>", html_escape(s));
    }
    let facts = facts_line(e);
    if !facts.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"meta\">Facts: {}</div>",
            html_escape(&facts.join("; "))
        );
    }
    if !e.participants.is_empty() {
        let names: Vec<String> = e
            .participants
            .iter()
            .map(|p| html_escape(&p.name))
            .collect();
        let _ = writeln!(
            out,
            "<div class=\"meta\">Participants: {}</div>",
            names.join(", ")
        );
    }
    if !e.misc.is_empty() {
        let names: Vec<String> = e.misc.iter().map(|p| html_escape(&p.name)).collect();
        let _ = writeln!(
            out,
            "<div class=\"meta\">Also named: {}</div>",
            names.join(", ")
        );
    }
    for q in &e.quotes {
        let _ = writeln!(
            out,
            "<blockquote>« {} » — {}</blockquote>",
            html_escape(&q.text),
            html_escape(q.speaker.as_deref().unwrap_or("?"))
        );
    }
    for d in &e.disagreements {
        let sides: Vec<String> = d.sides.iter().map(|s| html_escape(&s.value)).collect();
        let _ = writeln!(
            out,
            "<div class=\"dis\">Sources disagree on the {}: {}</div>",
            html_escape(&d.attribute),
            sides.join(" vs ")
        );
    }
    let _ = writeln!(
        out,
        "<details><summary>{} source(s), {} independent</summary><ul>",
        e.sources.len(),
        e.independent_sources
    );
    for s in &e.sources {
        let _ = writeln!(out, "<li class=\"source\">{}<ul>", sources::html(s));
        for sent in &s.sentences {
            let _ = writeln!(out, "<li>{}</li>", html_escape(&sent.text));
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ul></details></li>\n");
}

#[cfg(test)]
mod tests {
    use super::html_escape;

    #[test]
    fn markup_in_articles_is_escaped() {
        assert_eq!(
            html_escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
