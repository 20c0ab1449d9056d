//! What the API reads from a request's target: the query string of each
//! route into its typed parameters (axum's `Query` extractor into the
//! route's parameter type, then the route's checks: text lengths, dates,
//! the reference date snapped to its day, limits and offsets), and the ids
//! and event keys in paths. The routes call these functions; they are
//! public so that parsing can be tested and fuzzed without a server or a
//! store (`fuzz/fuzz_targets/serve_query.rs`).

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::Uri;
use chrono::NaiveDate;
use filrouge::search::SearchQuery;
use filrouge::timeline::TimelineOptions;
use serde::Deserialize;

/// Most items one listing returns.
pub const MAX_LIMIT: usize = 1000;
/// Largest offset into a listing (the store counts in signed 64 bits).
pub const MAX_OFFSET: usize = i64::MAX as usize;
/// Most summary sentences per event a query may ask for.
pub const MAX_SENTENCES: usize = 10;
/// Longest accepted text parameter (a query, an entity name), in bytes.
pub const MAX_PARAM: usize = 500;
/// Events in one page of the timeline's JSON when no `limit` is given.
pub const TIMELINE_PAGE: usize = 100;
/// Hits of a search when no `limit` is given.
pub const SEARCH_PAGE: usize = 10;
/// Largest `offset + limit` of a search: the index ranks that many hits
/// to skip the first `offset`.
pub const MAX_SEARCH_DEPTH: usize = 10_000;

/// A refused request target: the message a 400 answer carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The message sent to the client.
    pub message: String,
}

impl QueryError {
    fn new(message: impl Into<String>) -> Self {
        QueryError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

impl From<QueryRejection> for QueryError {
    fn from(r: QueryRejection) -> Self {
        QueryError::new(r.body_text())
    }
}

/// A route of the API that reads a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `GET /api/documents?limit&offset`.
    Documents,
    /// `GET /api/search?q&entity&from&to&lang&limit&sentences&story`.
    Search,
    /// `GET /api/entities?q&limit&offset`.
    Entities,
    /// `GET /api/timeline?from&to&lang&max_events&...&as_of&documents`.
    Timeline,
    /// `GET /api/events/{key}?sentences&as_of`.
    Event,
}

impl Route {
    /// Every route that reads a query string.
    pub const ALL: [Route; 5] = [
        Route::Documents,
        Route::Search,
        Route::Entities,
        Route::Timeline,
        Route::Event,
    ];
}

/// The checked parameters of one request, by route.
#[derive(Debug, Clone)]
pub enum Params {
    /// `GET /api/documents`.
    Documents(Page),
    /// `GET /api/search`.
    Search(Search),
    /// `GET /api/entities`.
    Entities(Entities),
    /// `GET /api/timeline`.
    Timeline(Timeline),
    /// `GET /api/events/{key}`.
    Event(Event),
}

/// Reads `raw`, the query string of a request to `route` (what follows
/// `?`, percent-encoded as sent), into that route's checked parameters, as
/// the route reads it, or the message of the server's 400 answer. A string
/// that is no valid request target is refused as the server's HTTP layer
/// would refuse it. An absent reference date is today, as in the routes.
pub fn parse_query(route: Route, raw: &str) -> Result<Params, QueryError> {
    let uri: Uri = format!("/?{raw}")
        .parse()
        .map_err(|_| QueryError::new("not a valid request target"))?;
    Ok(match route {
        Route::Documents => Params::Documents(extract::<PagingParams>(&uri)?.page(50)?),
        Route::Search => Params::Search(extract::<SearchParams>(&uri)?.check()?),
        Route::Entities => Params::Entities(extract::<EntityParams>(&uri)?.check()?),
        Route::Timeline => Params::Timeline(extract::<TimelineParams>(&uri)?.check()?),
        Route::Event => Params::Event(extract::<EventParams>(&uri)?.check()?),
    })
}

/// The route's parameter type from the URI, by the extractor the route
/// uses.
fn extract<T: serde::de::DeserializeOwned>(uri: &Uri) -> Result<T, QueryError> {
    Ok(Query::try_from_uri(uri)?.0)
}

/// A text parameter, trimmed, `None` when empty, refused when longer than
/// [`MAX_PARAM`] bytes.
pub fn text_param(name: &str, value: Option<String>) -> Result<Option<String>, QueryError> {
    match value.map(|v| v.trim().to_string()) {
        Some(v) if v.len() > MAX_PARAM => Err(QueryError::new(format!(
            "`{name}` is longer than {MAX_PARAM} bytes"
        ))),
        Some(v) if v.is_empty() => Ok(None),
        v => Ok(v),
    }
}

/// A `YYYY-MM-DD` parameter.
pub fn date_param(name: &str, value: Option<String>) -> Result<Option<NaiveDate>, QueryError> {
    match text_param(name, value)? {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| QueryError::new(format!("`{name}` must be a date YYYY-MM-DD, not `{v}`"))),
    }
}

/// The reference date of a request, snapped to its day: `YYYY-MM-DD`, or
/// a date and time (`2032-01-01T10:30:00Z`, `2032-01-01 10:30`) of which
/// only the day counts; today when absent.
pub fn as_of_param(value: Option<String>) -> Result<NaiveDate, QueryError> {
    let Some(v) = text_param("as_of", value)? else {
        return Ok(filrouge::today());
    };
    let day = v.get(..10).unwrap_or("");
    let rest = v.get(10..).unwrap_or("");
    let time_ok = rest.is_empty()
        || chrono::DateTime::parse_from_rfc3339(&v).is_ok()
        || [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .any(|f| chrono::NaiveDateTime::parse_from_str(&v, f).is_ok());
    match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(d) if time_ok => Ok(d),
        _ => Err(QueryError::new(format!(
            "`as_of` must be a date YYYY-MM-DD (a time after it is ignored), not `{v}`"
        ))),
    }
}

/// An offset into a listing, refused past [`MAX_OFFSET`].
pub fn offset_param(offset: Option<usize>) -> Result<usize, QueryError> {
    match offset.unwrap_or(0) {
        o if o > MAX_OFFSET => Err(QueryError::new(format!(
            "`offset` must be at most {MAX_OFFSET}, not {o}"
        ))),
        o => Ok(o),
    }
}

/// A page of a listing whose bad values are refused, not capped: `limit`
/// from 1 to [`MAX_LIMIT`] (`default` when absent), `offset` at most
/// `max_offset`.
pub fn page_param(
    limit: Option<usize>,
    offset: Option<usize>,
    default: usize,
    max_offset: usize,
) -> Result<Page, QueryError> {
    let limit = limit.unwrap_or(default);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(QueryError::new(format!(
            "`limit` must be from 1 to {MAX_LIMIT}, not {limit}"
        )));
    }
    let offset = offset_param(offset)?;
    if offset > max_offset {
        return Err(QueryError::new(format!(
            "`offset` must be at most {max_offset}, not {offset}"
        )));
    }
    Ok(Page { limit, offset })
}

/// The language of the words the timeline writes around the sources'
/// (`ui_lang`): one with its own words (`fr`, `en`), or absent.
pub fn ui_lang_param(value: Option<String>) -> Result<Option<String>, QueryError> {
    match text_param("ui_lang", value)?.map(|l| l.to_ascii_lowercase()) {
        Some(l) if !filrouge::timeline::render::Words::has(&l) => Err(QueryError::new(format!(
            "`ui_lang` must be a language with its own words (fr, en), not `{l}`"
        ))),
        l => Ok(l),
    }
}

/// Summary sentences asked for, [`filrouge::SUMMARY_SENTENCES`] when
/// absent, at most [`MAX_SENTENCES`].
fn sentences_param(sentences: Option<usize>) -> usize {
    sentences
        .unwrap_or(filrouge::SUMMARY_SENTENCES)
        .min(MAX_SENTENCES)
}

/// A document id in a path (`/api/documents/{id}`): 4 to 64 hex digits
/// (a unique prefix is enough), lower-cased; anything else (`..`, slashes)
/// is refused before it reaches the store.
pub fn document_id(id: &str) -> Result<String, QueryError> {
    if !(4..=64).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(QueryError::new("a document id is 4 to 64 hex digits"));
    }
    Ok(id.to_ascii_lowercase())
}

/// An event key in a path (`/api/events/{key}`): a document id of 4 to 64
/// hex digits, a dash and a number of at most 6 digits.
pub fn event_key(key: &str) -> Result<&str, QueryError> {
    let well_formed = key.split_once('-').is_some_and(|(doc, i)| {
        (4..=64).contains(&doc.len())
            && doc.bytes().all(|b| b.is_ascii_hexdigit())
            && !i.is_empty()
            && i.len() <= 6
            && i.bytes().all(|b| b.is_ascii_digit())
    });
    if well_formed {
        Ok(key)
    } else {
        Err(QueryError::new(
            "an event key is a document id, '-' and a number",
        ))
    }
}

/// A page of a listing, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// How many (at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// How many to skip (at most [`MAX_OFFSET`]).
    pub offset: usize,
}

/// Paging of a listing, as sent.
#[derive(Debug, Deserialize)]
pub(crate) struct PagingParams {
    limit: Option<usize>,
    offset: Option<usize>,
}

impl PagingParams {
    /// The page, `default` items when no limit is given.
    pub(crate) fn page(self, default: usize) -> Result<Page, QueryError> {
        Ok(Page {
            limit: self.limit.unwrap_or(default).min(MAX_LIMIT),
            offset: offset_param(self.offset)?,
        })
    }
}

/// A search, checked.
#[derive(Debug, Clone)]
pub struct Search {
    /// Words and filters (its `documents` are filled in from the story).
    pub query: SearchQuery,
    /// Sentences rather than documents.
    pub sentences: bool,
    /// Only the articles of this story.
    pub story: Option<u32>,
    /// Which hits, best first (`query.limit` is `offset + limit`).
    pub page: Page,
    /// Only this document (its full id): the sentences of one article
    /// that match, to mark them in it. Before `story` when both are given.
    pub document: Option<String>,
}

/// Search parameters (as `filrouge search`), as sent.
#[derive(Debug, Deserialize)]
pub(crate) struct SearchParams {
    q: Option<String>,
    entity: Option<String>,
    from: Option<String>,
    to: Option<String>,
    lang: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    sentences: Option<bool>,
    story: Option<u32>,
    document: Option<String>,
}

impl SearchParams {
    /// The search these parameters ask for.
    pub(crate) fn check(self) -> Result<Search, QueryError> {
        // A search's `limit` was capped before it could be paged: it
        // still is; a new `offset` past the depth is refused.
        let limit = self.limit.unwrap_or(SEARCH_PAGE).clamp(1, MAX_LIMIT);
        let page = page_param(
            Some(limit),
            self.offset,
            SEARCH_PAGE,
            MAX_SEARCH_DEPTH - MAX_LIMIT,
        )?;
        let query = SearchQuery {
            text: text_param("q", self.q)?.unwrap_or_default(),
            entity: text_param("entity", self.entity)?,
            from: date_param("from", self.from)?,
            to: date_param("to", self.to)?,
            lang: text_param("lang", self.lang)?,
            documents: None,
            limit: page.offset + page.limit,
        };
        Ok(Search {
            query,
            sentences: self.sentences.unwrap_or(false),
            story: self.story,
            page,
            document: text_param("document", self.document)?
                .map(|id| document_id(&id))
                .transpose()?,
        })
    }
}

/// A page of the canonical entities, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entities {
    /// Only entities with an alias containing this (lower-cased).
    pub wanted: Option<String>,
    /// Which entities, most mentioned first (100 by default).
    pub page: Page,
}

/// Entity listing parameters, as sent.
#[derive(Debug, Deserialize)]
pub(crate) struct EntityParams {
    /// Only entities with an alias containing this (case-insensitive).
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

impl EntityParams {
    /// The listing these parameters ask for.
    pub(crate) fn check(self) -> Result<Entities, QueryError> {
        Ok(Entities {
            wanted: text_param("q", self.q)?.map(|q| q.to_lowercase()),
            page: PagingParams {
                limit: self.limit,
                offset: self.offset,
            }
            .page(100)?,
        })
    }
}

/// A timeline, checked.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// What to put in it (the story's documents are filled in later, from
    /// the store).
    pub options: TimelineOptions,
    /// Only the articles of this story.
    pub story: Option<u32>,
    /// The answer's format.
    pub format: TimelineFormat,
    /// Which events the JSON answer lists (every other format has every
    /// event the filters select: a file to keep is the whole view).
    pub page: Option<Page>,
}

/// The formats `GET /api/timeline` answers in (`format=`), as `filrouge
/// timeline --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimelineFormat {
    /// JSON, schema `filrouge.timeline/2` (the default).
    #[default]
    Json,
    /// A self-contained HTML page (the page's current view, to keep).
    Html,
    /// Markdown.
    Markdown,
    /// TimelineJS 3 JSON.
    Timelinejs,
    /// CSV, one row per event.
    Csv,
    /// iCalendar, one entry per event dated to the day or month.
    Ics,
}

impl TimelineFormat {
    /// Every format, by its parameter value.
    pub const ALL: [(&'static str, TimelineFormat); 6] = [
        ("json", TimelineFormat::Json),
        ("html", TimelineFormat::Html),
        ("markdown", TimelineFormat::Markdown),
        ("timelinejs", TimelineFormat::Timelinejs),
        ("csv", TimelineFormat::Csv),
        ("ics", TimelineFormat::Ics),
    ];

    /// The format called `name` (absent: JSON).
    fn param(name: Option<String>) -> Result<TimelineFormat, QueryError> {
        let Some(name) = name else {
            return Ok(TimelineFormat::Json);
        };
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|(n, _)| *n).collect();
                QueryError::new(format!("`format` must be one of {}", names.join(", ")))
            })
    }
}

/// Timeline parameters (as `filrouge timeline`), as sent.
#[derive(Debug, Deserialize)]
pub(crate) struct TimelineParams {
    from: Option<String>,
    to: Option<String>,
    lang: Option<String>,
    max_events: Option<usize>,
    sentences: Option<usize>,
    include_background: Option<bool>,
    entity: Option<String>,
    query: Option<String>,
    story: Option<u32>,
    as_of: Option<String>,
    /// Also list every document with its date evidence (large: off by
    /// default; the CLI's JSON always has it).
    documents: Option<bool>,
    /// json (default), html, markdown, timelinejs, csv or ics.
    format: Option<String>,
    /// Events to skip (JSON only).
    offset: Option<usize>,
    /// Events in the page (JSON only; [`TIMELINE_PAGE`] by default).
    limit: Option<usize>,
    /// The language of the words around the sources' (dates as written).
    ui_lang: Option<String>,
}

impl TimelineParams {
    /// The timeline these parameters ask for.
    pub(crate) fn check(self) -> Result<Timeline, QueryError> {
        let mut options = TimelineOptions::new(as_of_param(self.as_of)?);
        options.from = date_param("from", self.from)?;
        options.to = date_param("to", self.to)?;
        options.lang = text_param("lang", self.lang)?;
        options.max_events = self.max_events;
        options.sentences = sentences_param(self.sentences);
        options.include_background = self.include_background.unwrap_or(false);
        options.entity = text_param("entity", self.entity)?;
        options.query = text_param("query", self.query)?;
        options.list_documents = self.documents.unwrap_or(false);
        options.language = ui_lang_param(self.ui_lang)?;
        let format = TimelineFormat::param(self.format)?;
        let page = page_param(self.limit, self.offset, TIMELINE_PAGE, MAX_OFFSET)?;
        Ok(Timeline {
            options,
            story: self.story,
            format,
            page: (format == TimelineFormat::Json).then_some(page),
        })
    }
}

/// One event's view, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Summary sentences (at most [`MAX_SENTENCES`]).
    pub sentences: usize,
    /// The reference date, snapped to its day.
    pub as_of: NaiveDate,
    /// The language its date is written in (`ui_lang`; French when absent).
    pub language: &'static str,
}

/// One event's parameters, as sent.
#[derive(Debug, Deserialize)]
pub(crate) struct EventParams {
    sentences: Option<usize>,
    as_of: Option<String>,
    ui_lang: Option<String>,
}

impl EventParams {
    /// The view of the event these parameters ask for.
    pub(crate) fn check(self) -> Result<Event, QueryError> {
        Ok(Event {
            sentences: sentences_param(self.sentences),
            as_of: as_of_param(self.as_of)?,
            language: filrouge::timeline::render::Words::of(
                ui_lang_param(self.ui_lang)?.as_deref().unwrap_or("fr"),
            )
            .lang(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(route: Route, raw: &str) -> String {
        match parse_query(route, raw) {
            Err(e) => e.message,
            Ok(p) => panic!("{raw} was accepted: {p:?}"),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn limits_are_capped_and_defaults_filled() {
        match parse_query(Route::Documents, "limit=5000") {
            Ok(Params::Documents(page)) => assert_eq!((page.limit, page.offset), (1000, 0)),
            other => panic!("{other:?}"),
        }
        match parse_query(Route::Entities, "") {
            Ok(Params::Entities(e)) => assert_eq!((e.page.limit, e.wanted), (100, None)),
            other => panic!("{other:?}"),
        }
        match parse_query(Route::Search, "q=+fuite+&from=2025-10-01&limit=0") {
            Ok(Params::Search(s)) => {
                assert_eq!(s.query.text, "fuite");
                assert_eq!(s.query.from, day(2025, 10, 1));
                assert_eq!(s.query.limit, 1);
            }
            other => panic!("{other:?}"),
        }
        match parse_query(Route::Timeline, "as_of=2025-11-06&sentences=99&unknown=1") {
            Ok(Params::Timeline(t)) => {
                assert_eq!(Some(t.options.as_of), day(2025, 11, 6));
                assert_eq!(t.options.sentences, MAX_SENTENCES);
                assert_eq!(t.story, None);
                assert_eq!(t.format, TimelineFormat::Json);
            }
            other => panic!("{other:?}"),
        }
        match parse_query(Route::Timeline, "format=ICS") {
            Ok(Params::Timeline(t)) => assert_eq!(t.format, TimelineFormat::Ics),
            other => panic!("{other:?}"),
        }
        assert!(refused(Route::Timeline, "format=pdf").contains("`format`"));
    }

    #[test]
    fn timeline_and_search_pages() {
        match parse_query(Route::Timeline, "") {
            Ok(Params::Timeline(t)) => {
                assert_eq!(
                    t.page,
                    Some(Page {
                        limit: TIMELINE_PAGE,
                        offset: 0
                    })
                );
                assert_eq!(t.options.language, None);
            }
            other => panic!("{other:?}"),
        }
        match parse_query(Route::Timeline, "offset=200&limit=50&ui_lang=EN") {
            Ok(Params::Timeline(t)) => {
                assert_eq!(
                    t.page,
                    Some(Page {
                        limit: 50,
                        offset: 200
                    })
                );
                assert_eq!(t.options.language.as_deref(), Some("en"));
            }
            other => panic!("{other:?}"),
        }
        // A file to keep is the whole view: no page.
        match parse_query(Route::Timeline, "format=csv&limit=5") {
            Ok(Params::Timeline(t)) => assert_eq!(t.page, None),
            other => panic!("{other:?}"),
        }
        match parse_query(Route::Search, "q=x&offset=20&limit=10") {
            Ok(Params::Search(s)) => {
                assert_eq!(
                    s.page,
                    Page {
                        limit: 10,
                        offset: 20
                    }
                );
                assert_eq!(s.query.limit, 30);
            }
            other => panic!("{other:?}"),
        }
        match parse_query(Route::Event, "ui_lang=en") {
            Ok(Params::Event(e)) => assert_eq!(e.language, "en"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_pages_are_refused_with_a_clear_message() {
        assert_eq!(
            refused(Route::Timeline, "limit=0"),
            "`limit` must be from 1 to 1000, not 0"
        );
        assert_eq!(
            refused(Route::Timeline, "limit=1001"),
            "`limit` must be from 1 to 1000, not 1001"
        );
        assert!(refused(Route::Timeline, "offset=-3").contains("offset"));
        assert!(refused(Route::Timeline, "limit=many").contains("limit"));
        assert_eq!(
            refused(Route::Search, "offset=9001"),
            "`offset` must be at most 9000, not 9001"
        );
        assert!(refused(Route::Timeline, "ui_lang=xx").contains("`ui_lang`"));
        assert!(refused(Route::Event, "ui_lang=klingon").contains("`ui_lang`"));
        assert!(refused(Route::Search, "document=..%2F").contains("document id"));
    }

    #[test]
    fn as_of_with_a_time_snaps_to_its_day() {
        for raw in [
            "as_of=2032-01-01",
            "as_of=2032-01-01T23:59:59Z",
            "as_of=2032-01-01+10:30",
        ] {
            match parse_query(Route::Event, raw) {
                Ok(Params::Event(e)) => assert_eq!(Some(e.as_of), day(2032, 1, 1), "{raw}"),
                other => panic!("{raw}: {other:?}"),
            }
        }
        assert!(refused(Route::Event, "as_of=2032-01-01Tnonsense").contains("as_of"));
        // Ten bytes that end inside a character: not a day, and no panic.
        assert!(refused(Route::Timeline, "as_of=2032-01-0%C3%A9").contains("as_of"));
    }

    #[test]
    fn bad_values_are_refused_with_the_parameter_named() {
        assert!(refused(Route::Timeline, "as_of=2025-99-99").contains("as_of"));
        assert!(refused(Route::Search, "to=tomorrow").contains("to"));
        assert!(refused(Route::Entities, &format!("q={}", "a".repeat(501))).contains("`q`"));
        assert!(refused(Route::Documents, "offset=9223372036854775808").contains("offset"));
        refused(Route::Documents, "offset=-1");
        refused(Route::Event, "sentences=%FF");
        refused(Route::Search, "sentences=maybe");
        assert_eq!(
            refused(Route::Search, "q=a b"),
            "not a valid request target"
        );
    }

    #[test]
    fn ids_and_event_keys_in_paths() {
        assert_eq!(document_id("ABCD12").as_deref(), Ok("abcd12"));
        assert!(document_id("abc").is_err());
        assert!(document_id("..%2f..").is_err());
        assert!(document_id(&"a".repeat(65)).is_err());
        assert_eq!(event_key("0123abcd-1"), Ok("0123abcd-1"));
        for bad in [
            "0123abcd",
            "0123abcd-",
            "0123abcd-1234567",
            "xyz0-1",
            "-1",
            "0123-1-2",
        ] {
            assert!(event_key(bad).is_err(), "{bad}");
        }
    }
}
