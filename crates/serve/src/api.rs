//! The routes: the JSON API under `/api/`, the page and its assets.

mod export;
pub mod query;
mod volume;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, map_response};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use filrouge::timeline::stored::PlacedEvents;
use filrouge::timeline::{LinkedEvents, Timeline, TimelineEvent, TimelineOptions};

use crate::cache::CachedBody;
use crate::error::ApiError;
use crate::snapshot::{blocking as work, Shared, Snapshot};
use crate::{guard, page, posting, AppState};
use query::{EntityParams, EventParams, PagingParams, SearchParams, TimelineParams};

/// How long a client refused for lack of a turn is asked to wait.
const BUSY_WAIT: Duration = Duration::from_secs(2);

type ApiResult = Result<Response, ApiError>;

/// Every route of the server over `state`.
pub fn router(state: AppState) -> Router {
    let max_body = state.inner.opts.max_body;
    // The routes that link, cut or search: limited per client.
    let expensive = Router::new()
        .route("/api/search", get(search))
        .route("/api/timeline", get(timeline))
        .route("/api/events/{key}", get(event))
        .route_layer(from_fn_with_state(state.clone(), guard::rate_limit));
    let mut router = Router::new().route("/", get(page::index));
    for (path, kind, body) in page::ASSETS {
        router = router.route(path, get(move || async move { page::asset(kind, body) }));
    }
    router
        .route("/api/status", get(status))
        .route(
            "/api/documents",
            get(documents).post(posting::post_document),
        )
        .route("/api/documents/{id}", get(document))
        .route("/api/entities", get(entities))
        .route("/api/stories", get(stories))
        .merge(expensive)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(from_fn_with_state(state.clone(), guard::check_host))
        .layer(map_response(page::security_headers))
        .with_state(state)
}

/// Anything else: there is no file behind any path.
async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such route")
}

/// Runs blocking store work off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || {
        crate::priority::background();
        work()
    })
    .await
    .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
}

/// Runs `work` with the store.
async fn with_store<T: Send + 'static>(
    shared: &Arc<Shared>,
    work: impl FnOnce(&filrouge::store::Store) -> Result<T, filrouge::store::StoreError>
        + Send
        + 'static,
) -> Result<T, ApiError> {
    let shared = shared.clone();
    blocking(move || {
        let store = shared
            .store
            .lock()
            .map_err(|_| ApiError::internal("store lock poisoned"))?;
        work(&store).map_err(|e| match e {
            filrouge::store::StoreError::Ambiguous(_) => ApiError::bad(e.to_string()),
            e => ApiError::internal(e),
        })
    })
    .await
}

fn json_response(value: &impl serde::Serialize) -> ApiResult {
    Ok(Json(value).into_response())
}

/// `GET /api/status`: the generation (stored documents) and settings.
async fn status(State(state): State<AppState>) -> ApiResult {
    let snap = state.inner.snapshot();
    json_response(&json!({
        "documents": snap.generation,
        "indexed": snap.index.as_ref().map_or(0, |i| i.len()),
        "writes": state.inner.opts.allow_writes,
    }))
}

/// `GET /api/documents?limit&offset`: stored documents in ingestion order.
async fn documents(
    State(state): State<AppState>,
    query: Result<Query<PagingParams>, QueryRejection>,
) -> ApiResult {
    let query::Page { limit, offset } = query?.0.page(50)?;
    let (total, list) = with_store(&state.inner, move |s| {
        Ok((s.count()?, s.list(limit, offset)?))
    })
    .await?;
    json_response(&json!({"total": total, "offset": offset, "documents": list}))
}

/// `GET /api/documents/{id}`: one document (an id or a unique prefix of
/// at least 4 hex digits) with its cleaned text and annotations.
async fn document(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let id = query::document_id(&id)?;
    let doc = with_store(&state.inner, move |s| match s.resolve(&id)? {
        Some(full) => s.get(&full),
        None => Ok(None),
    })
    .await?;
    match doc {
        Some(d) => json_response(&filrouge::output::document_json(&d)),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, "no such document")),
    }
}

/// `GET /api/search`: documents (or sentences) matching words and
/// filters, a page of them (`offset`, `limit`) with their `total`.
async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult {
    let query::Search {
        query: mut q,
        sentences,
        story,
        page,
        document,
    } = query?.0.check()?;
    let snap = state.inner.snapshot();
    if let Some(id) = document {
        q.documents = Some(vec![id]);
    } else if let Some(n) = story {
        q.documents = Some(story_documents(&state, &snap, n).await?);
    }
    let _turn = turn(&state.inner).await?;
    blocking(move || {
        let Some(index) = snap.index.as_ref() else {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the search index could not be opened",
            ));
        };
        // The parse is lenient, so a failure is the index's, not the query's.
        let failed = |e: filrouge::search::SearchError| ApiError::internal(e.to_string());
        let total = index.count(&q, sentences).map_err(failed)?;
        let hits = if sentences {
            page_of(index.search_sentences(&q).map_err(failed)?, page)
        } else {
            page_of(index.search(&q).map_err(failed)?, page)
        };
        Ok(json!({"total": total, "offset": page.offset, "hits": hits}))
    })
    .await
    .map(|v| Json(v).into_response())
}

/// The hits of `page` among the first `offset + limit`, as JSON.
fn page_of<T: serde::Serialize>(hits: Vec<T>, page: query::Page) -> Value {
    let kept: Vec<T> = hits.into_iter().skip(page.offset).collect();
    serde_json::to_value(kept).unwrap_or(Value::Null)
}

/// `GET /api/entities?q&limit&offset`: canonical entities, most mentioned
/// first.
async fn entities(
    State(state): State<AppState>,
    query: Result<Query<EntityParams>, QueryRejection>,
) -> ApiResult {
    let query::Entities { wanted, page } = query?.0.check()?;
    let collection = collection(&state).await?;
    let body = work(move || {
        let mut found: Vec<&filrouge::entities::CanonicalEntity> = collection
            .entities()
            .iter()
            .filter(|e| {
                wanted.as_ref().is_none_or(|w| {
                    e.aliases.iter().any(|(a, _)| a.to_lowercase().contains(w))
                        || e.id.to_lowercase().contains(w)
                })
            })
            .collect();
        found.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
        let total = found.len();
        let page: Vec<_> = found
            .into_iter()
            .skip(page.offset)
            .take(page.limit)
            .collect();
        Ok(json!({"total": total, "entities": page}))
    })
    .await
    .map_err(ApiError::internal)?;
    json_response(&body)
}

/// The store's documents of the current generation and the corpus level
/// over them.
async fn collection(state: &AppState) -> Result<Arc<filrouge::Collection>, ApiError> {
    state
        .inner
        .snapshot()
        .collection(&state.inner)
        .await
        .map_err(ApiError::internal)
}

/// `GET /api/stories`: stories (articles grouped by subject) with labels.
async fn stories(State(state): State<AppState>) -> ApiResult {
    let collection = collection(&state).await?;
    let body = work(move || {
        let docs = collection.documents();
        let stories = collection.stories();
        let date = |d: Option<i32>| {
            d.and_then(filrouge::corpus::day_date)
                .map(|d| d.to_string())
        };
        let list: Vec<Value> = stories
            .iter()
            .map(|s| {
                let articles: Vec<Value> = s
                    .articles
                    .iter()
                    .filter_map(|&a| docs.get(a as usize))
                    .map(|d| json!({"id": d.id.to_string(), "title": d.metadata.title, "origin": d.source.origin()}))
                    .collect();
                json!({
                    "story": s.id.0,
                    "label": stories.label(s.id),
                    "first": date(s.first_day),
                    "last": date(s.last_day),
                    "articles": articles,
                })
            })
            .collect();
        Ok(json!({"stories": list}))
    })
    .await
    .map_err(ApiError::internal)?;
    json_response(&body)
}

/// The ids of story `n`'s articles (404 when there is no such story).
async fn story_documents(
    state: &AppState,
    snap: &Arc<Snapshot>,
    n: u32,
) -> Result<Vec<String>, ApiError> {
    let collection = snap
        .collection(&state.inner)
        .await
        .map_err(ApiError::internal)?;
    work(move || Ok(collection.story_articles(n)))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no story {n}: there are {}", e.stories),
            )
        })
}

/// What timelines and events are cut from: a placed store's stored
/// events, or the events the server linked itself.
enum Events {
    Placed(Arc<PlacedEvents>),
    Linked(Arc<LinkedEvents>),
}

impl Events {
    fn timeline(&self, options: &TimelineOptions) -> Timeline {
        match self {
            Events::Placed(p) => p.timeline(options),
            Events::Linked(l) => l.timeline(options),
        }
    }

    /// The event `key` (stored events keep the summary they were placed
    /// with, whatever `sentences`).
    fn event(&self, key: &str, sentences: usize) -> Option<TimelineEvent> {
        match self {
            Events::Placed(p) => p.event(key),
            Events::Linked(l) => l.event(key, sentences),
        }
    }
}

/// A turn to cut a timeline or search (as many at once as there are
/// cores), or 503 when too many wait already.
async fn turn(shared: &Shared) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    shared
        .cuts
        .enter()
        .await
        .map_err(|_| ApiError::busy("the server is busy; try again", BUSY_WAIT))
}

/// `GET /api/timeline`: the timeline (schema `filrouge.timeline/2`) of
/// the stored documents, built once per store generation and query; or,
/// with `format=`, as HTML, Markdown, TimelineJS, CSV or iCalendar, to
/// save.
async fn timeline(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<TimelineParams>, QueryRejection>,
) -> ApiResult {
    let query::Timeline {
        mut options,
        story,
        format,
        page,
    } = query?.0.check()?;
    let snap = state.inner.snapshot();
    // A placed store's timelines come from its stored events (a story
    // is numbered over the whole collection: those still link).
    let placed = if story.is_none() {
        let shared = state.inner.clone();
        work(move || shared.placed())
            .await
            .map_err(ApiError::internal)?
    } else {
        None
    };
    if let Some(n) = story {
        options.documents = Some(story_documents(&state, &snap, n).await?);
    }
    let view = match &placed {
        Some(p) => format!("placed {} {options:?}", p.revision),
        None => format!("{story:?} {options:?}"),
    };
    let key = format!("{format:?} {page:?} {view}");
    let shared = state.inner.clone();
    let cut_snap = snap.clone();
    let body = snap
        .timelines
        .get(key, async move {
            let events = match placed {
                Some(p) => Events::Placed(p.events),
                None => {
                    let collection = cut_snap
                        .collection(&shared)
                        .await
                        .map_err(ApiError::internal)?;
                    Events::Linked(
                        cut_snap
                            .dates
                            .linked(&shared, collection, options.as_of)
                            .await?,
                    )
                }
            };
            let _turn = turn(&shared).await?;
            work(move || {
                match page {
                    Some(page) => {
                        let t = cut_snap.cut_once(&view, || events.timeline(&options));
                        export::page_json(&t, page.offset, page.limit)
                    }
                    None => export::render(&events.timeline(&options), format, &options, story),
                }
                .and_then(CachedBody::of)
            })
            .await
            .map_err(ApiError::internal)
        })
        .await?;
    let mut response = cached_response(&headers, body, export::content_type(format));
    if let Some(name) = export::file_name(format) {
        let disposition = format!("attachment; filename=\"{name}\"");
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(response)
}

/// A cached body of type `content_type`, gzipped when the client takes
/// gzip.
fn cached_response(headers: &HeaderMap, body: CachedBody, content_type: &'static str) -> Response {
    let kind = HeaderValue::from_static(content_type);
    // Browsers ask for gzip: the compressed copy was made once with the body.
    let vary = (header::VARY, HeaderValue::from_static("accept-encoding"));
    if accepts_gzip(headers) {
        let gzip = HeaderValue::from_static("gzip");
        return (
            [
                (header::CONTENT_TYPE, kind),
                (header::CONTENT_ENCODING, gzip),
                vary,
            ],
            body.gzip,
        )
            .into_response();
    }
    ([(header::CONTENT_TYPE, kind), vary], body.plain).into_response()
}

/// `GET /api/events/{key}?sentences&as_of&ui_lang`: one event of the timeline by
/// its `key` (the same in every timeline query), with all its sources,
/// quotes and disagreements.
async fn event(
    State(state): State<AppState>,
    Path(key): Path<String>,
    query: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult {
    let params = query?.0;
    query::event_key(&key)?;
    let query::Event {
        sentences,
        as_of,
        language,
    } = params.check()?;
    let snap = state.inner.snapshot();
    let shared = state.inner.clone();
    let placed = work(move || shared.placed())
        .await
        .map_err(ApiError::internal)?;
    let events = match placed {
        Some(p) => Events::Placed(p.events),
        None => {
            let collection = snap
                .collection(&state.inner)
                .await
                .map_err(ApiError::internal)?;
            Events::Linked(snap.dates.linked(&state.inner, collection, as_of).await?)
        }
    };
    let _turn = turn(&state.inner).await?;
    let found = work(move || {
        let words = filrouge::timeline::render::Words::of(language);
        Ok(events.event(&key, sentences).map(|mut e| {
            e.date_text = words.date(&e.date, e.modifier.as_deref());
            e
        }))
    })
    .await
    .map_err(ApiError::internal)?;
    match found {
        Some(e) => json_response(&e),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, "no such event")),
    }
}

/// Whether the request's `Accept-Encoding` takes gzip (and does not refuse
/// it with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| p.replace(' ', "") == "q=0");
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(header::ACCEPT_ENCODING, v);
        }
        h
    }

    #[test]
    fn gzip_is_sent_when_accepted_and_not_refused() {
        assert!(accepts_gzip(&with("gzip, deflate, br")));
        assert!(accepts_gzip(&with("br;q=1.0, GZIP;q=0.5")));
        assert!(accepts_gzip(&with("*")));
        assert!(!accepts_gzip(&with("gzip;q=0")));
        assert!(!accepts_gzip(&with("br, deflate")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
