//! `POST /api/documents`: who may write, what a post may carry, and how it
//! is read and analysed. Reading and analysis run on threads of their own
//! with a large stack (a reader may recurse on a deep page: it must never
//! take the server down), at most [`READERS`] at once with [`QUEUE`]
//! waiting, under a time budget ([`crate::ServeOptions::post_timeout`]).
//! A post adds at most [`crate::ServeOptions::max_records`] documents of
//! at most [`crate::ServeOptions::max_body`] bytes in all, counted after
//! decompression.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use crate::error::ApiError;
use crate::guard::{media_type, same_origin, write_type};
use crate::snapshot::Shared;
use crate::AppState;

/// Posts read and analysed at once.
pub(crate) const READERS: usize = 2;
/// Posts waiting for a reader; past it a post is refused (503).
pub(crate) const QUEUE: usize = 8;
/// Stack of a reading thread: far beyond any recursion a page of
/// [`crate::DEFAULT_MAX_BODY`] bytes can cause (untouched stack costs no
/// memory).
pub(crate) const READER_STACK: usize = 1 << 30;
/// The longest a client may take to send a body.
const BODY_TIMEOUT: Duration = Duration::from_secs(60);
/// Longest accepted metadata value of a JSON post, in characters.
const MAX_META: usize = 500;

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

/// Whether the request may write: writes are on, it comes from this
/// server's own origin with a content type no other site could send
/// without a preflight, and it carries the token when there is one.
fn authorise(shared: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    if !shared.opts.allow_writes {
        return Err(ApiError::forbidden(
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
    same_origin(headers)?;
    write_type(headers)
}

/// Compares without stopping at the first difference, so timing does not
/// tell how much of a guessed token was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `POST /api/documents`: ingests one article (JSON `{text|html, title,
/// url, date, lang}`, or a raw `text/html` body, or a `text/plain` one
/// with the `X-Filrouge-Write` header) through the same stages as
/// `filrouge ingest`.
pub(crate) async fn post_document(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<axum::response::Response, ApiError> {
    authorise(&state.inner, &headers)?;
    let max_body = state.inner.opts.max_body;
    let bytes = match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, max_body)).await
    {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => return Err(too_large(max_body)),
        Err(_) => {
            return Err(ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "the body took too long to arrive",
            ))
        }
    };
    let (label, bytes, meta) = posted(&headers, &bytes)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad("the document is empty"));
    }
    let Ok(turn) = state.inner.posts.enter().await else {
        return Err(ApiError::busy(
            "too many documents are being read; try again",
            Duration::from_secs(5),
        ));
    };
    let report = read_and_ingest(&state.inner, turn, label, bytes, meta).await?;
    let shared = state.inner.clone();
    let _ = tokio::task::spawn_blocking(move || {
        crate::priority::background();
        shared.refresh()
    })
    .await;
    let status = if report.stored > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(json!({"ids": report.ids, "stored": report.stored, "duplicates": report.duplicates, "indexed": report.indexed})),
    )
        .into_response())
}

fn too_large(max_body: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the body is larger than {max_body} bytes (--max-body), counted decompressed"),
    )
}

/// What a post stored.
struct Stored {
    ids: Vec<String>,
    stored: usize,
    duplicates: usize,
    indexed: usize,
}

/// Where a post's work stands: the async side and the reading thread
/// agree through it whether the work was given up (the budget ran out
/// while reading: nothing is stored) or goes on to the store.
const READING: u8 = 0;
const STORING: u8 = 1;
const GIVEN_UP: u8 = 2;

/// Reads the post and ingests its documents on a thread of its own, and
/// waits for it at most the time budget.
async fn read_and_ingest(
    shared: &Arc<Shared>,
    turn: tokio::sync::OwnedSemaphorePermit,
    label: &'static str,
    bytes: Vec<u8>,
    meta: Option<PostedDocument>,
) -> Result<Stored, ApiError> {
    let phase = Arc::new(AtomicU8::new(READING));
    let (tx, rx) = tokio::sync::oneshot::channel();
    let (job_shared, job_phase) = (shared.clone(), phase.clone());
    std::thread::Builder::new()
        .name("filrouge-post".into())
        .stack_size(READER_STACK)
        .spawn(move || {
            // The turn ends with the work, not with the request.
            let _turn = turn;
            crate::priority::background();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                ingest_post(&job_shared, label, bytes, meta.as_ref(), &job_phase)
            }))
            .unwrap_or_else(|_| Err(ApiError::internal("reading a posted document panicked")));
            let _ = tx.send(result);
        })
        .map_err(|e| ApiError::internal(format!("starting a reading thread: {e}")))?;
    let budget = shared.opts.post_timeout;
    match tokio::time::timeout(budget, rx).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(ApiError::internal(
            "a reading thread ended without an answer",
        )),
        Err(_) => {
            let given_up = phase
                .compare_exchange(READING, GIVEN_UP, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok();
            let message = if given_up {
                format!(
                    "the document took more than {} s to read (--post-timeout); nothing was stored",
                    budget.as_secs()
                )
            } else {
                format!(
                    "the document took more than {} s to analyse (--post-timeout); it will be stored when done",
                    budget.as_secs()
                )
            };
            Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message))
        }
    }
}

/// The blocking work of a post: read, then (unless given up) analyse and
/// store.
fn ingest_post(
    shared: &Shared,
    label: &str,
    bytes: Vec<u8>,
    meta: Option<&PostedDocument>,
    phase: &AtomicU8,
) -> Result<Stored, ApiError> {
    let docs = read_posted(label, bytes, meta, &shared.opts)?;
    if phase
        .compare_exchange(READING, STORING, Ordering::SeqCst, Ordering::SeqCst)
        .is_err()
    {
        return Err(ApiError::bad("given up"));
    }
    let ids: Vec<String> = docs.iter().map(|d| d.id.to_string()).collect();
    let mut store = shared
        .store
        .lock()
        .map_err(|_| ApiError::internal("store lock poisoned"))?;
    // The store's lock also makes ingests take turns for the index writer.
    let report = filrouge::ingest_documents(docs, &mut store, &filrouge::IngestOptions::default())
        .map_err(|e| match e {
            filrouge::IngestError::Search(filrouge::search::SearchError::Busy(_)) => {
                ApiError::busy(
                    "another ingest holds the index; try again",
                    Duration::from_secs(5),
                )
            }
            e => ApiError::internal(e),
        })?;
    Ok(Stored {
        ids,
        stored: report.stored,
        duplicates: report.duplicates,
        indexed: report.indexed,
    })
}

/// What a post carries, by its content type: the name it is read under
/// (its format), its bytes, and the metadata of a JSON post.
fn posted(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(&'static str, Vec<u8>, Option<PostedDocument>), ApiError> {
    match media_type(headers).as_str() {
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
        // `authorise` let no other type through.
        _ => Ok(("posted.txt", body.to_vec(), None)),
    }
}

/// The documents of a post, read as `label`, with the JSON post's
/// metadata (each value cut to [`MAX_META`] characters); refused past
/// the record cap or the decompressed size limit.
fn read_posted(
    label: &str,
    bytes: Vec<u8>,
    meta: Option<&PostedDocument>,
    opts: &crate::ServeOptions,
) -> Result<Vec<filrouge::model::Document>, ApiError> {
    let read_opts = filrouge::read::ReadOptions {
        max_bytes: opts.max_body as u64,
        ..Default::default()
    };
    let short = |v: &Option<String>| v.as_ref().map(|s| s.chars().take(MAX_META).collect());
    let mut docs = Vec::new();
    let mut total = 0usize;
    for item in filrouge::read::read_bytes(label, bytes, &read_opts) {
        let mut doc = item.map_err(|e| match e.kind {
            filrouge::read::ReadErrorKind::TooLarge { .. } => too_large(opts.max_body),
            _ => ApiError::bad(e.to_string()),
        })?;
        total = total.saturating_add(doc.original.len());
        if total > opts.max_body {
            return Err(too_large(opts.max_body));
        }
        if docs.len() >= opts.max_records {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "a post may add at most {} documents (--max-records)",
                    opts.max_records
                ),
            ));
        }
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
