//! A source as a reader sees it, in each format: its publisher (else its
//! file's name, never a path), title, publication date, "via" the agency
//! it credits, and a link to the original when there is one; and the
//! heading of a timeline from the filters that made it.

use std::fmt::Write;

use crate::assemble::EventSource;
use crate::words::Words;
use crate::TimelineOptions;

use super::{html_escape, md_escape};

/// The publisher (or file name), the date and the credited agency:
/// "Le Courrier, 2025-10-14, via AFP".
pub fn byline(s: &EventSource, w: &Words) -> String {
    let mut parts = vec![s.label()];
    parts.extend(s.published.as_deref().map(|d| w.date(d, None)));
    parts.extend(s.via().map(|a| w.label("via", &[("agency", a)])));
    parts.join(", ")
}

/// " (copie)" after a near-copy of an earlier source, else nothing.
fn copy_mark(s: &EventSource, w: &Words) -> String {
    match s.copy_of {
        Some(_) => format!(" ({})", w.label("copy", &[])),
        None => String::new(),
    }
}

/// One line of plain text: the byline, then the title and the copy mark.
pub fn plain(s: &EventSource, w: &Words) -> String {
    let mut out = byline(s, w);
    if let Some(t) = &s.title {
        let _ = write!(out, "{}{t}", w.label("colon", &[]));
    }
    out.push_str(&copy_mark(s, w));
    out
}

/// A Markdown list item's text: the title linked to the original, then
/// the byline.
pub fn markdown(s: &EventSource, w: &Words) -> String {
    let name = md_escape(s.title.as_deref().unwrap_or(&s.label()));
    let head = match s.link() {
        Some(url) => format!("[{name}](<{}>)", md_url(url)),
        None => name,
    };
    format!("{head} — {}{}", md_escape(&byline(s, w)), copy_mark(s, w))
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
pub fn html(s: &EventSource, w: &Words) -> String {
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
        let _ = write!(
            out,
            ", <time datetime=\"{}\">{}</time>",
            html_escape(date),
            html_escape(&w.date(date, None))
        );
    }
    if let Some(agency) = s.via() {
        let _ = write!(
            out,
            ", {}",
            html_escape(&w.label("via", &[("agency", agency)]))
        );
    }
    out.push_str(&html_escape(&copy_mark(s, w)));
    out
}

/// The heading of a timeline made with `options`: "Timeline", then the
/// filters ("Timeline — entity Valorex, words accord, from 2025-10-01").
/// `story`: the story asked for, when one was.
pub fn heading(options: &TimelineOptions, story: Option<u32>, w: &Words) -> String {
    let day = |d: chrono::NaiveDate| w.date(&d.format("%Y-%m-%d").to_string(), None);
    let mut parts: Vec<String> = Vec::new();
    let mut add = |key: &str, value: Option<String>| {
        if let Some(v) = value {
            parts.push(w.label(key, &[("value", &v)]));
        }
    };
    add("heading_entity", options.entity.clone());
    add("heading_words", options.query.clone());
    add("heading_story", story.map(|n| n.to_string()));
    add("heading_from", options.from.map(day));
    add("heading_to", options.to.map(day));
    add("heading_language", options.lang.clone());
    if options.include_background {
        parts.push(w.label("heading_background", &[]));
    }
    let title = w.label("title", &[]);
    if parts.is_empty() {
        title
    } else {
        format!("{title} — {}", parts.join(", "))
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
            lang: None,
            copy_of: None,
            shares_passage_with: Vec::new(),
            main: true,
            sentences: Vec::new(),
        }
    }

    #[test]
    fn a_reader_sees_publisher_date_agency_and_link_never_the_path() {
        let s = source();
        let w = Words::of("fr");
        assert_eq!(byline(&s, w), "Le Courrier, 14 octobre 2025, via TASS");
        assert_eq!(
            markdown(&s, w),
            "[Un \\*titre\\* \\[x\\]](<https://ex.fr/a%20b>) — Le Courrier, 14 octobre 2025, via TASS"
        );
        let h = html(&s, w);
        assert!(h.contains("href=\"https://ex.fr/a b\""), "{h}");
        assert!(h.contains("via TASS") && !h.contains("/data/crawl"), "{h}");
    }

    #[test]
    fn without_publisher_the_file_name_and_no_unsafe_link() {
        let mut s = source();
        s.publisher = None;
        s.credit = None;
        s.url = Some("javascript:alert(1)".into());
        let w = Words::of("en");
        assert_eq!(byline(&s, w), "a.jsonl:line 3, 14 October 2025");
        assert!(!html(&s, w).contains("href"));
        assert!(!markdown(&s, w).contains("javascript"));
    }

    #[test]
    fn the_heading_names_the_filters() {
        let mut o = TimelineOptions::new(chrono::NaiveDate::MIN);
        let en = Words::of("en");
        assert_eq!(heading(&o, None, en), "Timeline");
        o.entity = Some("Valorex".into());
        o.include_background = true;
        assert_eq!(
            heading(&o, Some(2), en),
            "Timeline — entity Valorex, story 2, with events mentioned in passing"
        );
        assert_eq!(
            heading(&o, Some(2), Words::of("fr")),
            "Chronologie — entité Valorex, récit 2, avec les événements mentionnés en passant"
        );
    }
}
