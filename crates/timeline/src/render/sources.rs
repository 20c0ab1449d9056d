//! A source as a reader sees it, in each format: its publisher (else its
//! file's name, never a path), title, publication date, "via" the agency
//! it credits, and a link to the original when there is one; and the
//! heading of a timeline from the filters that made it.

use std::fmt::Write;

use crate::assemble::EventSource;
use crate::TimelineOptions;

use super::{html_escape, md_escape};

/// The publisher (or file name), the date and the credited agency:
/// "Le Courrier, 2025-10-14, via AFP".
pub fn byline(s: &EventSource) -> String {
    let mut parts = vec![s.label()];
    parts.extend(s.published.clone());
    parts.extend(s.via());
    parts.join(", ")
}

/// One line of plain text: the byline, then the title and the copy mark.
pub fn plain(s: &EventSource) -> String {
    let mut out = byline(s);
    if let Some(t) = &s.title {
        let _ = write!(out, ": {t}");
    }
    if s.copy_of.is_some() {
        out.push_str(" (copy)");
    }
    out
}

/// A Markdown list item's text: the title linked to the original, then
/// the byline.
pub fn markdown(s: &EventSource) -> String {
    let name = md_escape(s.title.as_deref().unwrap_or(&s.label()));
    let head = match s.link() {
        Some(url) => format!("[{name}](<{}>)", md_url(url)),
        None => name,
    };
    let copy = if s.copy_of.is_some() { " (copy)" } else { "" };
    format!("{head} — {}{copy}", md_escape(&byline(s)))
}

/// A URL inside `<...>` of a Markdown link: no angle bracket, no space,
/// no line break.
fn md_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// HTML: the title as a link to the original (opened without a
/// referrer), the publisher, a `<time>` and the agency, escaped.
pub fn html(s: &EventSource) -> String {
    let title = html_escape(s.title.as_deref().unwrap_or(&s.label()));
    let mut out = match s.link() {
        Some(url) => format!(
            "<a class=\"source-link\" href=\"{}\" rel=\"noopener noreferrer\">{title}</a>",
            html_escape(url.trim())
        ),
        None => format!("<span class=\"source-title\">{title}</span>"),
    };
    let _ = write!(
        out,
        " — <span class=\"publisher\">{}</span>",
        html_escape(&s.label())
    );
    if let Some(date) = &s.published {
        let date = html_escape(date);
        let _ = write!(out, ", <time datetime=\"{date}\">{date}</time>");
    }
    if let Some(via) = s.via() {
        let _ = write!(out, ", {}", html_escape(&via));
    }
    if s.copy_of.is_some() {
        out.push_str(" (copy)");
    }
    out
}

/// The heading of a timeline made with `options`: "Timeline", then the
/// filters ("Timeline — entity Valorex, words accord, from 2025-10-01").
/// `story`: the story asked for, when one was.
pub fn heading(options: &TimelineOptions, story: Option<u32>) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(options.entity.as_ref().map(|e| format!("entity {e}")));
    parts.extend(options.query.as_ref().map(|q| format!("words {q}")));
    parts.extend(story.map(|n| format!("story {n}")));
    parts.extend(options.from.map(|d| format!("from {d}")));
    parts.extend(options.to.map(|d| format!("to {d}")));
    parts.extend(options.lang.as_ref().map(|l| format!("language {l}")));
    if options.include_background {
        parts.push("with background events".into());
    }
    if parts.is_empty() {
        "Timeline".into()
    } else {
        format!("Timeline — {}", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> EventSource {
        EventSource {
            document: "d1".into(),
            origin: "/data/crawl/a.jsonl:line 3".into(),
            title: Some("Un *titre* [x]".into()),
            url: Some("https://ex.fr/a b".into()),
            publisher: Some("Le Courrier".into()),
            published: Some("2025-10-14".into()),
            published_precision: Some(filrouge_model::DatePrecision::Day),
            credit: Some("TASS".into()),
            copy_of: None,
            shares_passage_with: Vec::new(),
            main: true,
            sentences: Vec::new(),
        }
    }

    #[test]
    fn a_reader_sees_publisher_date_agency_and_link_never_the_path() {
        let s = source();
        assert_eq!(byline(&s), "Le Courrier, 2025-10-14, via TASS");
        assert_eq!(
            markdown(&s),
            "[Un \\*titre\\* \\[x\\]](<https://ex.fr/a%20b>) — Le Courrier, 2025-10-14, via TASS"
        );
        let h = html(&s);
        assert!(h.contains("href=\"https://ex.fr/a b\""), "{h}");
        assert!(h.contains("via TASS") && !h.contains("/data/crawl"), "{h}");
    }

    #[test]
    fn without_publisher_the_file_name_and_no_unsafe_link() {
        let mut s = source();
        s.publisher = None;
        s.credit = None;
        s.url = Some("javascript:alert(1)".into());
        assert_eq!(byline(&s), "a.jsonl:line 3, 2025-10-14");
        assert!(!html(&s).contains("href"));
        assert!(!markdown(&s).contains("javascript"));
    }

    #[test]
    fn the_heading_names_the_filters() {
        let mut o = TimelineOptions::new(chrono::NaiveDate::MIN);
        assert_eq!(heading(&o, None), "Timeline");
        o.entity = Some("Valorex".into());
        o.include_background = true;
        assert_eq!(
            heading(&o, Some(2)),
            "Timeline — entity Valorex, story 2, with background events"
        );
    }
}
