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

pub use crate::words::Words;
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

/// How the date was found, in words: the source's own words when it wrote
/// the date next to the event, else the article's date; and whether the
/// year came through linked articles.
fn date_line(e: &TimelineEvent, w: &Words) -> String {
    let said = e
        .date_said
        .as_deref()
        .map(|x| w.label("said", &[("words", x)]));
    match (e.date_origin, said) {
        (DateOrigin::Explicit, Some(said)) => {
            format!("{} ({said})", w.label("origin_explicit", &[]))
        }
        (DateOrigin::Corpus, Some(said)) => {
            format!(
                "{said}{}{}",
                w.label("list", &[]),
                w.label("origin_corpus", &[])
            )
        }
        (DateOrigin::Corpus, None) => w.label("origin_corpus", &[]),
        (DateOrigin::DocumentDate, _) => w.label("origin_document", &[]),
        (DateOrigin::Explicit, None) => w.label("origin_explicit", &[]),
    }
}

/// An event's facts in words: durations, amounts, who initiated it, its
/// rank in its series; each once.
fn facts_line(e: &TimelineEvent, w: &Words) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in &e.facts {
        let s = match &f.fact {
            filrouge_events::Fact::Duration {
                value, modifier, ..
            } => w.duration(value, modifier.as_deref()),
            filrouge_events::Fact::Amount {
                value, currency, ..
            } => w.amount(*value, currency),
            filrouge_events::Fact::Initiator { value, .. } => {
                w.label("initiated_by", &[("value", value)])
            }
        };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    let mut ordinals: Vec<u32> = e.ordinals.iter().map(|o| o.value).collect();
    ordinals.sort();
    ordinals.dedup();
    for o in ordinals {
        out.push(w.rank(o, &e.kind));
    }
    out
}

/// A disagreement in words: "désaccord sur la durée : 1 h (1 source)
/// contre 1 h 30 (2 sources)".
fn disagreement_line(d: &crate::assemble::Disagreement, w: &Words, counts: bool) -> String {
    let attribute = match d.attribute.as_str() {
        "date" => w.label("date_attribute", &[]),
        other => w.label(other, &[]),
    };
    let sides: Vec<String> = d
        .sides
        .iter()
        .map(|side| {
            let value = side_value(&d.attribute, &side.value, w);
            if counts {
                let n = side.documents.len();
                format!("{value} ({})", w.count_label("source_count", n))
            } else {
                value
            }
        })
        .collect();
    format!(
        "{}{}{}",
        w.label("disagreement", &[("attribute", &attribute)]),
        w.label("colon", &[]),
        sides.join(&w.label("versus", &[]))
    )
}

/// One side's value of a disagreement in words (the JSON keeps the
/// TimeML value or the number and currency code).
fn side_value(attribute: &str, value: &str, w: &Words) -> String {
    match attribute {
        "date" => w.date(value, None),
        "duration" => {
            let (duration, modifier) = match value.split_once(' ') {
                Some((d, m)) => (d, Some(m)),
                None => (value, None),
            };
            w.duration(duration, modifier)
        }
        "amount" => match value.split_once(' ') {
            Some((n, code)) => match n.parse::<f64>() {
                Ok(n) => w.amount(n, code),
                Err(_) => value.to_string(),
            },
            None => value.to_string(),
        },
        _ => value.to_string(),
    }
}

/// The closing line: how many events, and how many were left out.
fn closing_line(t: &Timeline, w: &Words) -> String {
    let mut parts = vec![w.count_label("events", t.events.len())];
    if t.undated_events > 0 {
        parts.push(w.count_label("undated", t.undated_events));
    }
    if t.background_events > 0 {
        parts.push(format!(
            "{} {}",
            w.count_label("background_events", t.background_events),
            w.label("background_hint", &[])
        ));
    }
    parts.join(&w.label("list", &[]))
}

/// The names of entities, at most `max`.
fn names(list: &[crate::assemble::EntityRef], max: usize) -> Vec<&str> {
    list.iter().take(max).map(|p| p.name.as_str()).collect()
}

/// Readable text for a terminal, in the timeline's language.
pub fn terminal(t: &Timeline, style: Style) -> String {
    let w = Words::of(&t.language);
    let mut out = String::new();
    for e in &t.events {
        terminal_event(&mut out, e, w, style);
    }
    let _ = writeln!(out, "{}", closing_line(t, w));
    out
}

/// One event for a terminal, then a blank line.
fn terminal_event(out: &mut String, e: &TimelineEvent, w: &Words, style: Style) {
    const INDENT: &str = "    ";
    let marker = if e.main {
        String::new()
    } else {
        format!(" ({})", w.label("background", &[]))
    };
    let _ = writeln!(
        out,
        "{} — {}{}",
        style.paint("1;36", &e.date_text),
        style.paint("1", &e.headline),
        marker
    );
    let colon = w.label("colon", &[]);
    let line = |out: &mut String, key: &str, text: &str| {
        let label = style.paint("2", &format!("{}{colon}", w.label(key, &[])));
        let _ = writeln!(out, "{INDENT}{label}{text}");
    };
    line(out, "date", &date_line(e, w));
    for s in &e.summary {
        let _ = writeln!(out, "{INDENT}{s}");
    }
    let facts = facts_line(e, w);
    if !facts.is_empty() {
        line(out, "facts", &facts.join(&w.label("list", &[])));
    }
    if !e.participants.is_empty() {
        line(out, "who", &names(&e.participants, 6).join(", "));
    }
    if !e.misc.is_empty() {
        line(out, "also_named", &names(&e.misc, 6).join(", "));
    }
    // Three quotes: words in quote marks before reported speech.
    let mut quotes: Vec<_> = e.quotes.iter().collect();
    quotes.sort_by_key(|q| q.indirect);
    for q in quotes.into_iter().take(3) {
        let speaker = q
            .speaker
            .clone()
            .unwrap_or_else(|| w.label("unknown_speaker", &[]));
        let said = w.label("said", &[("words", &shorten(&q.text, 140))]);
        let _ = writeln!(out, "{INDENT}{} {said}", style.paint("33", &speaker));
    }
    for d in &e.disagreements {
        let _ = writeln!(
            out,
            "{INDENT}{}",
            style.paint("1;31", &disagreement_line(d, w, true))
        );
    }
    line(
        out,
        "sources",
        &w.count_label("independent", e.independent_sources),
    );
    for s in &e.sources {
        let _ = writeln!(out, "{INDENT}  - {}", sources::plain(s, w));
    }
    out.push('\n');
}

/// `s` cut after `max` characters, at a word's end when there is one.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Markdown: one section per event, in the timeline's language.
pub fn markdown(t: &Timeline) -> String {
    let w = Words::of(&t.language);
    // The colon inside the bold label, its space after it.
    let colon = w.label("colon", &[]);
    let colon = colon.trim_end();
    let mut out = format!("# {}\n\n", w.label("title", &[]));
    for e in &t.events {
        let marker = if e.main {
            String::new()
        } else {
            format!(" *({})*", w.label("background", &[]))
        };
        let _ = writeln!(
            out,
            "## {} — {}{marker}\n",
            md_escape(&e.date_text),
            md_escape(&e.headline),
        );
        for s in &e.summary {
            let _ = writeln!(out, "> {}", md_escape(s));
        }
        out.push('\n');
        let item = |out: &mut String, key: &str, text: &str| {
            let label = capitalised(&w.label(key, &[]));
            let _ = writeln!(out, "- **{label}{colon}** {text}");
        };
        let facts = facts_line(e, w);
        if !facts.is_empty() {
            item(
                &mut out,
                "facts",
                &md_escape(&facts.join(&w.label("list", &[]))),
            );
        }
        if !e.participants.is_empty() {
            let list: Vec<String> = e.participants.iter().map(|p| md_escape(&p.name)).collect();
            item(&mut out, "who", &list.join(", "));
        }
        if !e.misc.is_empty() {
            let list: Vec<String> = e.misc.iter().map(|p| md_escape(&p.name)).collect();
            item(&mut out, "also_named", &list.join(", "));
        }
        for q in &e.quotes {
            let speaker = q
                .speaker
                .clone()
                .unwrap_or_else(|| w.label("unknown_speaker", &[]));
            let said = w.label("said", &[("words", &q.text)]);
            let _ = writeln!(
                out,
                "- **{}{colon}** {}",
                md_escape(&speaker),
                md_escape(&said)
            );
        }
        for d in &e.disagreements {
            let _ = writeln!(
                out,
                "- {}",
                md_escape(&capitalised(&disagreement_line(d, w, true)))
            );
        }
        item(
            &mut out,
            "date",
            &md_escape(&format!("{}, {}", e.date_text, date_line(e, w))),
        );
        let _ = writeln!(
            out,
            "- **{} ({}){colon}**",
            capitalised(&w.label("sources", &[])),
            w.count_label("independent", e.independent_sources)
        );
        for s in &e.sources {
            let _ = writeln!(out, "  - {}", sources::markdown(s, w));
        }
        out.push('\n');
    }
    out
}

/// `s` with its first letter in capitals.
pub(crate) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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

/// A self-contained page: inline style, no script, nothing fetched; in
/// the timeline's language.
pub fn html(t: &Timeline) -> String {
    let w = Words::of(&t.language);
    html_titled(t, &w.label("title", &[]))
}

/// [`html`] under the heading `title` ([`sources::heading`]).
pub fn html_titled(t: &Timeline, title: &str) -> String {
    let w = Words::of(&t.language);
    let title = html_escape(title);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>",
        html_escape(w.lang())
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
        html_event(&mut out, e, w);
    }
    let _ = writeln!(
        out,
        "</ol>\n<p class=\"meta\">{}; {}.</p>\n</body></html>",
        html_escape(&closing_line(t, w)),
        html_escape(&w.label("as_of", &[("date", &w.date(&t.as_of, None))]))
    );
    out
}

/// One event as a list item of the page.
fn html_event(out: &mut String, e: &TimelineEvent, w: &Words) {
    let colon = w.label("colon", &[]);
    let marker = if e.main {
        String::new()
    } else {
        format!(" <em>({})</em>", html_escape(&w.label("background", &[])))
    };
    let _ = writeln!(
        out,
        "<li class=\"event{}\" id=\"{}\"><div><time class=\"date\" datetime=\"{}\" title=\"{}\">{}</time> — <strong>{}</strong>{marker}</div>",
        if e.main { "" } else { " bg" },
        html_escape(&e.id),
        html_escape(&e.date),
        html_escape(&date_line(e, w)),
        html_escape(&e.date_text),
        html_escape(&e.headline),
    );
    for s in &e.summary {
        let _ = writeln!(out, "<p class=\"summary\">{}</p>", html_escape(s));
    }
    let meta = |out: &mut String, key: &str, text: &str| {
        let label = capitalised(&w.label(key, &[]));
        let _ = writeln!(
            out,
            "<div class=\"meta\">{}{}</div>",
            html_escape(&format!("{label}{colon}")),
            html_escape(text)
        );
    };
    let facts = facts_line(e, w);
    if !facts.is_empty() {
        meta(out, "facts", &facts.join(&w.label("list", &[])));
    }
    if !e.participants.is_empty() {
        let list: Vec<&str> = e.participants.iter().map(|p| p.name.as_str()).collect();
        meta(out, "who", &list.join(", "));
    }
    if !e.misc.is_empty() {
        meta(out, "also_named", &names(&e.misc, usize::MAX).join(", "));
    }
    for q in &e.quotes {
        let speaker = q
            .speaker
            .clone()
            .unwrap_or_else(|| w.label("unknown_speaker", &[]));
        let _ = writeln!(
            out,
            "<blockquote>{} — {}</blockquote>",
            html_escape(&w.label("said", &[("words", &q.text)])),
            html_escape(&speaker)
        );
    }
    for d in &e.disagreements {
        let _ = writeln!(
            out,
            "<div class=\"dis\">{}</div>",
            html_escape(&capitalised(&disagreement_line(d, w, true)))
        );
    }
    let _ = writeln!(
        out,
        "<details><summary>{}</summary><ul>",
        html_escape(&format!(
            "{}, {}",
            w.count_label("source_count", e.sources.len()),
            w.count_label("independent", e.independent_sources)
        ))
    );
    for s in &e.sources {
        let _ = writeln!(out, "<li class=\"source\">{}<ul>", sources::html(s, w));
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
