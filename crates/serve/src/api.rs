//! The routes: the JSON API under `/api/`, the page and its assets.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use filrouge::search::SearchQuery;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::snapshot::{blocking as work, Shared, Snapshot};
use crate::{page, AppState};

/// Most items one listing returns.
const MAX_LIMIT: usize = 1000;
/// Most summary sentences per event a query may ask for.
const MAX_SENTENCES: usize = 10;
/// Longest accepted text parameter (a query, an entity name), in bytes.
const MAX_PARAM: usize = 500;

/// An API error: a status and a message, sent as
/// `{"error": {"status": 404, "message": "..."}}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"status": self.status.as_u16(), "message": self.message}});
        (self.status, Json(body)).into_response()
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::bad(r.body_text())
    }
}

impl From<BytesRejection> for ApiError {
    fn from(r: BytesRejection) -> Self {
        ApiError::new(r.status(), r.body_text())
    }
}

type ApiResult = Result<Response, ApiError>;

/// Every route of the server over `state`.
pub fn router(state: AppState) -> Router {
    let max_body = state.inner.opts.max_body;
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/api/status", get(status))
        .route("/api/openapi.json", get(page::openapi))
        .route("/api/documents", get(documents).post(post_document))
        .route("/api/documents/{id}", get(document))
        .route("/api/search", get(search))
        .route("/api/entities", get(entities))
        .route("/api/stories", get(stories))
        .route("/api/timeline", get(timeline))
        .route("/api/events/{key}", get(event))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::map_response(page::security_headers))
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
    tokio::task::spawn_blocking(work)
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
            e => ApiError::internal(e.to_string()),
        })
    })
    .await
}

/// A text parameter, trimmed, `None` when empty, refused when too long.
fn text_param(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    match value.map(|v| v.trim().to_string()) {
        Some(v) if v.len() > MAX_PARAM => Err(ApiError::bad(format!(
            "`{name}` is longer than {MAX_PARAM} bytes"
        ))),
        Some(v) if v.is_empty() => Ok(None),
        v => Ok(v),
    }
}

/// A `YYYY-MM-DD` parameter.
fn date_param(name: &str, value: Option<String>) -> Result<Option<NaiveDate>, ApiError> {
    match text_param(name, value)? {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ApiError::bad(format!("`{name}` must be a date YYYY-MM-DD, not `{v}`"))),
    }
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

/// Paging of a listing.
#[derive(Debug, Deserialize)]
struct Paging {
    limit: Option<usize>,
    offset: Option<usize>,
}

impl Paging {
    fn limit(&self, default: usize) -> usize {
        self.limit.unwrap_or(default).min(MAX_LIMIT)
    }
}

/// `GET /api/documents?limit&offset`: stored documents in ingestion order.
async fn documents(
    State(state): State<AppState>,
    query: Result<Query<Paging>, QueryRejection>,
) -> ApiResult {
    let Query(p) = query?;
    let (limit, offset) = (p.limit(50), p.offset.unwrap_or(0));
    let (total, list) = with_store(&state.inner, move |s| {
        Ok((s.count()?, s.list(limit, offset)?))
    })
    .await?;
    json_response(&json!({"total": total, "offset": offset, "documents": list}))
}

/// `GET /api/documents/{id}`: one document (an id or a unique prefix of
/// at least 4 hex digits) with its cleaned text and annotations.
async fn document(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    // Ids are hex content hashes: anything else (`..`, slashes) is refused
    // before it reaches the store.
    if !(4..=64).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::bad("a document id is 4 to 64 hex digits"));
    }
    let id = id.to_ascii_lowercase();
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

/// Search parameters (as `filrouge search`).
#[derive(Debug, Deserialize)]
struct SearchParams {
    q: Option<String>,
    entity: Option<String>,
    from: Option<String>,
    to: Option<String>,
    lang: Option<String>,
    limit: Option<usize>,
    sentences: Option<bool>,
    story: Option<u32>,
}

/// `GET /api/search`: documents (or sentences) matching words and filters.
async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = query?;
    let q = SearchQuery {
        text: text_param("q", p.q)?.unwrap_or_default(),
        entity: text_param("entity", p.entity)?,
        from: date_param("from", p.from)?,
        to: date_param("to", p.to)?,
        lang: text_param("lang", p.lang)?,
        documents: None,
        limit: p.limit.unwrap_or(10).clamp(1, MAX_LIMIT),
    };
    let sentences = p.sentences.unwrap_or(false);
    let snap = state.inner.snapshot();
    let mut q = q;
    if let Some(n) = p.story {
        q.documents = Some(story_documents(&state, &snap, n).await?);
    }
    blocking(move || {
        let Some(index) = snap.index.as_ref() else {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the search index could not be opened",
            ));
        };
        let hits = if sentences {
            index
                .search_sentences(&q)
                .map(|h| serde_json::to_value(h).unwrap_or(Value::Null))
        } else {
            index
                .search(&q)
                .map(|h| serde_json::to_value(h).unwrap_or(Value::Null))
        };
        // The parse is lenient, so a failure is the index's, not the query's.
        hits.map(|h| json!({"hits": h}))
            .map_err(|e| ApiError::internal(e.to_string()))
    })
    .await
    .map(|v| Json(v).into_response())
}

/// Entity listing parameters.
#[derive(Debug, Deserialize)]
struct EntityParams {
    /// Only entities with an alias containing this (case-insensitive).
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// `GET /api/entities?q&limit&offset`: canonical entities, most mentioned
/// first.
async fn entities(
    State(state): State<AppState>,
    query: Result<Query<EntityParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = query?;
    let wanted = text_param("q", p.q)?.map(|q| q.to_lowercase());
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
            .skip(p.offset.unwrap_or(0))
            .take(p.limit.unwrap_or(100).min(MAX_LIMIT))
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
    snap: &Snapshot,
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

/// Timeline parameters (as `filrouge timeline`).
#[derive(Debug, Deserialize)]
struct TimelineParams {
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
}

/// `GET /api/timeline`: the timeline (schema `filrouge.timeline/1`) of
/// the stored documents, built once per store generation and query.
async fn timeline(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<TimelineParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = query?;
    let mut options = filrouge::timeline::TimelineOptions::new(
        date_param("as_of", p.as_of)?.unwrap_or_else(filrouge::today),
    );
    options.from = date_param("from", p.from)?;
    options.to = date_param("to", p.to)?;
    options.lang = text_param("lang", p.lang)?;
    options.max_events = p.max_events;
    options.sentences = p
        .sentences
        .unwrap_or(filrouge::SUMMARY_SENTENCES)
        .min(MAX_SENTENCES);
    options.include_background = p.include_background.unwrap_or(false);
    options.entity = text_param("entity", p.entity)?;
    options.query = text_param("query", p.query)?;
    options.list_documents = p.documents.unwrap_or(false);
    let snap = state.inner.snapshot();
    if let Some(n) = p.story {
        options.documents = Some(story_documents(&state, &snap, n).await?);
    }
    let collection = snap
        .collection(&state.inner)
        .await
        .map_err(ApiError::internal)?;
    let as_of = options.as_of;
    let linked = work(move || Ok(collection.linked(as_of)))
        .await
        .map_err(ApiError::internal)?;
    let key = format!("{options:?}");
    let body = snap
        .timeline(key, move || {
            serde_json::to_string(&linked.timeline(&options)).map_err(|e| e.to_string())
        })
        .await
        .map_err(ApiError::internal)?;
    let json = HeaderValue::from_static("application/json");
    // Browsers ask for gzip: the compressed copy was made once with the body.
    let vary = (header::VARY, HeaderValue::from_static("accept-encoding"));
    if accepts_gzip(&headers) {
        let gzip = HeaderValue::from_static("gzip");
        return Ok((
            [
                (header::CONTENT_TYPE, json),
                (header::CONTENT_ENCODING, gzip),
                vary,
            ],
            body.gzip,
        )
            .into_response());
    }
    Ok(([(header::CONTENT_TYPE, json), vary], body.plain).into_response())
}

/// One event's parameters.
#[derive(Debug, Deserialize)]
struct EventParams {
    sentences: Option<usize>,
    as_of: Option<String>,
}

/// `GET /api/events/{key}?sentences&as_of`: one event of the timeline by
/// its `key` (the same in every timeline query), with all its sources,
/// quotes and disagreements.
async fn event(
    State(state): State<AppState>,
    Path(key): Path<String>,
    query: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = query?;
    // Keys are a hex document id, a dash and a number.
    let well_formed = key.split_once('-').is_some_and(|(doc, i)| {
        (4..=64).contains(&doc.len())
            && doc.bytes().all(|b| b.is_ascii_hexdigit())
            && !i.is_empty()
            && i.len() <= 6
            && i.bytes().all(|b| b.is_ascii_digit())
    });
    if !well_formed {
        return Err(ApiError::bad(
            "an event key is a document id, '-' and a number",
        ));
    }
    let as_of = date_param("as_of", p.as_of)?.unwrap_or_else(filrouge::today);
    let sentences = p
        .sentences
        .unwrap_or(filrouge::SUMMARY_SENTENCES)
        .min(MAX_SENTENCES);
    let collection = collection(&state).await?;
    let linked = work(move || Ok(collection.linked(as_of)))
        .await
        .map_err(ApiError::internal)?;
    match linked.event(&key, sentences) {
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

/// A posted article, as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostedDocument {
    text: Option<String>,
    html: Option<String>,
    title: Option<String>,
    url: Option<String>,
    date: Option<String>,
    lang: Option<String>,
}

/// Whether the request may write: writes are on, and it carries the token
/// when there is one.
fn authorise(shared: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    if !shared.opts.allow_writes {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes are off (start the server with --allow-writes)",
        ));
    }
    if let Some(token) = &shared.opts.token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !same(given.as_bytes(), token.as_bytes()) {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "a write needs `Authorization: Bearer <token>`",
            ));
        }
    }
    Ok(())
}

/// Compares without stopping at the first difference, so timing does not
/// tell how much of a guessed token was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `POST /api/documents`: ingests one article (JSON `{text|html, title,
/// url, date, lang}`, or a raw `text/html` or `text/plain` body) through
/// the same stages as `filrouge ingest`.
async fn post_document(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    authorise(&state.inner, &headers)?;
    let (label, bytes, meta) = posted(&headers, &body?)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad("the document is empty"));
    }
    let docs = read_posted(label, bytes, meta.as_ref(), state.inner.opts.max_body)?;
    let ids: Vec<String> = docs.iter().map(|d| d.id.to_string()).collect();
    // One ingest at a time: the index has one writer.
    let _turn = state.inner.writes.lock().await;
    let shared = state.inner.clone();
    let report = blocking(move || {
        let mut store = shared
            .store
            .lock()
            .map_err(|_| ApiError::internal("store lock poisoned"))?;
        filrouge::ingest_documents(docs, &mut store, &filrouge::IngestOptions::default()).map_err(
            |e| match e {
                filrouge::IngestError::Search(filrouge::search::SearchError::Busy(_)) => {
                    ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "another ingest holds the index; try again",
                    )
                }
                e => ApiError::internal(e.to_string()),
            },
        )
    })
    .await?;
    let shared = state.inner.clone();
    blocking(move || Ok(shared.refresh())).await?;
    let status = if report.stored > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(json!({"ids": ids, "stored": report.stored, "duplicates": report.duplicates, "indexed": report.indexed})),
    )
        .into_response())
}

/// What a post carries, by its content type: the name it is read under
/// (its format), its bytes, and the metadata of a JSON post.
fn posted(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(&'static str, Vec<u8>, Option<PostedDocument>), ApiError> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match kind.as_str() {
        "application/json" => {
            let posted: PostedDocument = serde_json::from_slice(body)
                .map_err(|e| ApiError::bad(format!("bad JSON document: {e}")))?;
            match (posted.text.clone(), posted.html.clone()) {
                (Some(t), None) => Ok(("posted.txt", t.into_bytes(), Some(posted))),
                (None, Some(h)) => Ok(("posted.html", h.into_bytes(), Some(posted))),
                _ => Err(ApiError::bad("give exactly one of `text` and `html`")),
            }
        }
        "text/html" => Ok(("posted.html", body.to_vec(), None)),
        "text/plain" => Ok(("posted.txt", body.to_vec(), None)),
        other => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "unsupported content type `{other}`: use application/json, text/html or text/plain"
            ),
        )),
    }
}

/// The documents of a post, read as `label`, with the JSON post's
/// metadata (each value cut to [`MAX_PARAM`] characters).
fn read_posted(
    label: &str,
    bytes: Vec<u8>,
    meta: Option<&PostedDocument>,
    max_body: usize,
) -> Result<Vec<filrouge::model::Document>, ApiError> {
    let opts = filrouge::read::ReadOptions {
        max_bytes: max_body as u64,
        ..Default::default()
    };
    let short = |v: &Option<String>| v.as_ref().map(|s| s.chars().take(MAX_PARAM).collect());
    let mut docs = Vec::new();
    for item in filrouge::read::read_bytes(label, bytes, &opts) {
        let mut doc = item.map_err(|e| ApiError::bad(e.to_string()))?;
        if let Some(m) = meta {
            if m.title.is_some() {
                doc.metadata.title = short(&m.title);
            }
            if m.url.is_some() {
                doc.metadata.url = short(&m.url);
            }
            if m.date.is_some() {
                doc.metadata.published = short(&m.date);
            }
            if m.lang.is_some() {
                doc.metadata.declared_lang = short(&m.lang);
            }
        }
        docs.push(doc);
    }
    Ok(docs)
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
