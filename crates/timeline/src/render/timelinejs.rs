//! TimelineJS 3 JSON: a `title` slide naming the timeline (its filters),
//! one slide per event with its date, headline and summary, `media`
//! linking to the original article of its first source that has an
//! address (`credit`: the publisher and the credited agency), and
//! `group` by the event's kind.

use serde_json::{json, Map, Value};

use crate::{Timeline, TimelineEvent};

use super::{html_escape, sources};
use crate::words::Words;

/// The timeline as TimelineJS 3 JSON under the heading `title`
/// ([`sources::heading`]).
pub fn timelinejs(t: &Timeline, title: &str) -> Value {
    let w = Words::of(&t.language);
    let events: Vec<Value> = t.events.iter().map(|e| slide(e, w)).collect();
    let about = format!(
        "<p>{}; {}.</p>",
        html_escape(&w.count_label("events", t.events.len())),
        html_escape(&w.label("as_of", &[("date", &w.date(&t.as_of, None))]))
    );
    json!({
        "title": { "text": { "headline": html_escape(title), "text": about } },
        "events": events,
    })
}

/// One event's slide.
fn slide(e: &TimelineEvent, w: &Words) -> Value {
    let mut parts = e.date.split('-');
    let mut start = Map::new();
    for (name, part) in ["year", "month", "day"].into_iter().zip(parts.by_ref()) {
        start.insert(name.into(), part.into());
    }
    let body: String = e
        .summary
        .iter()
        .map(|s| format!("<p>{}</p>", html_escape(s)))
        .collect();
    let mut slide = json!({
        "unique_id": e.id,
        "start_date": start,
        "display_date": e.date_text,
        "text": { "headline": html_escape(&e.headline), "text": body },
        "group": if e.kind.is_empty() { "event" } else { e.kind.as_str() },
    });
    let linked = e
        .sources
        .iter()
        .filter(|s| s.main == e.main)
        .chain(&e.sources)
        .find(|s| s.link().is_some());
    if let (Some(s), Some(obj)) = (linked, slide.as_object_mut()) {
        let credit = sources::byline(s, w);
        obj.insert(
            "media".into(),
            json!({
                "url": s.link(),
                "credit": html_escape(&credit),
                "caption": html_escape(s.title.as_deref().unwrap_or_default()),
            }),
        );
    }
    slide
}
