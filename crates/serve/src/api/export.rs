//! The timeline in the format a request asks for (`format=`): its body,
//! content type and, for files to keep, the name to save them under.

use filrouge::timeline::{render, Timeline, TimelineOptions};

use super::query::TimelineFormat;

/// `t` (made with `options`, of story `story` if any) in `format`.
pub(crate) fn render(
    t: &Timeline,
    format: TimelineFormat,
    options: &TimelineOptions,
    story: Option<u32>,
) -> Result<Vec<u8>, String> {
    let title = render::sources::heading(options, story, render::Words::of(&t.language));
    Ok(match format {
        TimelineFormat::Json => json(t)?,
        TimelineFormat::Timelinejs => json(&render::timelinejs(t, &title))?,
        TimelineFormat::Html => render::html_titled(t, &title).into_bytes(),
        TimelineFormat::Markdown => render::markdown(t).into_bytes(),
        TimelineFormat::Csv => render::csv(t).map_err(|e| e.to_string())?.into_bytes(),
        TimelineFormat::Ics => render::ics(t, &title).into_bytes(),
    })
}

/// The timeline's JSON with only the events `offset..offset + limit`,
/// and `total` (the events the filters select), `offset`, `limit` and the
/// `volume` of every selected event beside them.
pub(crate) fn page_json(t: &Timeline, offset: usize, limit: usize) -> Result<Vec<u8>, String> {
    /// The JSON timeline of one page of events.
    #[derive(serde::Serialize)]
    struct Paged {
        #[serde(flatten)]
        timeline: Timeline,
        total: usize,
        offset: usize,
        limit: usize,
        volume: super::volume::Volume,
    }
    let events = t.events.get(offset..).unwrap_or_default();
    // Every field named: a new one of the timeline's is not left out.
    let timeline = Timeline {
        schema: t.schema,
        as_of: t.as_of.clone(),
        language: t.language.clone(),
        events: events.iter().take(limit).cloned().collect(),
        undated_events: t.undated_events,
        background_events: t.background_events,
        documents: t.documents.clone(),
    };
    json(&Paged {
        timeline,
        total: t.events.len(),
        offset,
        limit,
        volume: super::volume::volume(t),
    })
}

/// The `Content-Type` of `format`.
pub(crate) fn content_type(format: TimelineFormat) -> &'static str {
    match format {
        TimelineFormat::Json | TimelineFormat::Timelinejs => "application/json",
        TimelineFormat::Html => "text/html; charset=utf-8",
        TimelineFormat::Markdown => "text/markdown; charset=utf-8",
        TimelineFormat::Csv => "text/csv; charset=utf-8; header=present",
        TimelineFormat::Ics => "text/calendar; charset=utf-8",
    }
}

/// The file name offered for saving (`Content-Disposition: attachment`),
/// for every format but the API's JSON.
pub(crate) fn file_name(format: TimelineFormat) -> Option<&'static str> {
    match format {
        TimelineFormat::Json => None,
        TimelineFormat::Timelinejs => Some("filrouge-timeline.timelinejs.json"),
        TimelineFormat::Html => Some("filrouge-timeline.html"),
        TimelineFormat::Markdown => Some("filrouge-timeline.md"),
        TimelineFormat::Csv => Some("filrouge-timeline.csv"),
        TimelineFormat::Ics => Some("filrouge-timeline.ics"),
    }
}

/// `v` as compact JSON.
fn json(v: &impl serde::Serialize) -> Result<Vec<u8>, String> {
    serde_json::to_vec(v).map_err(|e| e.to_string())
}
