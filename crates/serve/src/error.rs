//! API errors: a status and a message, sent as JSON. An internal error's
//! detail (which may name files of the store) is written to the server's
//! standard error under an id; the client gets only the id.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Internal errors numbered since the server started.
static INCIDENTS: AtomicU64 = AtomicU64::new(0);

/// An API error: a status and a message, sent as
/// `{"error": {"status": 404, "message": "..."}}`, with `Retry-After`
/// when the client should come back later.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
    retry_after: Option<Duration>,
}

impl ApiError {
    /// An error with this status and message, shown to the client as is.
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400: the request is wrong.
    pub(crate) fn bad(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 403: the request may not do this.
    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// A refusal the client may try again after `wait` (503 or 429).
    pub(crate) fn later(status: StatusCode, message: impl Into<String>, wait: Duration) -> Self {
        ApiError {
            retry_after: Some(wait),
            ..Self::new(status, message)
        }
    }

    /// 503 with `Retry-After`: the server is busy with this kind of work.
    pub(crate) fn busy(message: impl Into<String>, wait: Duration) -> Self {
        Self::later(StatusCode::SERVICE_UNAVAILABLE, message, wait)
    }

    /// 500: the detail (which may hold paths) goes to the server's log
    /// under a fresh id; the client is told only the id.
    pub(crate) fn internal(detail: impl std::fmt::Display) -> Self {
        let id = incident_id();
        eprintln!("filrouge serve: internal error {id}: {detail}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error {id} (the server's log has the detail)"),
        )
    }
}

/// A short id for one internal error, unique within the server's run.
fn incident_id() -> String {
    let n = INCIDENTS.fetch_add(1, Ordering::Relaxed);
    format!("E{:04}-{:04x}", n + 1, std::process::id() & 0xffff)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"status": self.status.as_u16(), "message": self.message}});
        let mut response = (self.status, Json(body)).into_response();
        if let Some(wait) = self.retry_after {
            let secs = wait.as_secs().max(1).to_string();
            if let Ok(v) = HeaderValue::from_str(&secs) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::bad(r.body_text())
    }
}

impl From<crate::query::QueryError> for ApiError {
    fn from(e: crate::query::QueryError) -> Self {
        ApiError::bad(e.message)
    }
}

impl From<BytesRejection> for ApiError {
    fn from(r: BytesRejection) -> Self {
        ApiError::new(r.status(), r.body_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_detail() {
        let e = ApiError::internal("/home/someone/store/filrouge.sqlite: disk I/O error");
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!e.message.contains('/'), "{}", e.message);
        assert!(e.message.contains("internal error E"), "{}", e.message);
    }
}
