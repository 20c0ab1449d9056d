//! The web page and its assets, compiled into the binary (no CDN, no
//! external font: it works offline), and the security headers every
//! response carries.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The page: markup only; script and style are separate routes so the
/// Content-Security-Policy can forbid inline code.
const INDEX_HTML: &str = include_str!("../assets/index.html");
/// The page's script (vanilla JS; builds the DOM with `textContent`).
const APP_JS: &str = include_str!("../assets/app.js");
/// The page's style.
const APP_CSS: &str = include_str!("../assets/app.css");
/// The OpenAPI 3 description of the API, written by hand.
const OPENAPI_JSON: &str = include_str!("../assets/openapi.json");

/// Only this origin's script, style and API; no frames, no plugins, no
/// inline script: article text that slipped into markup could not run.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(kind))],
        body,
    )
        .into_response()
}

/// `GET /`.
pub(crate) async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

/// `GET /app.js`.
pub(crate) async fn script() -> Response {
    asset("text/javascript; charset=utf-8", APP_JS)
}

/// `GET /app.css`.
pub(crate) async fn style() -> Response {
    asset("text/css; charset=utf-8", APP_CSS)
}

/// `GET /api/openapi.json`.
pub(crate) async fn openapi() -> Response {
    asset("application/json", OPENAPI_JSON)
}

/// Adds the security headers to every response.
pub(crate) async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_is_json_and_lists_every_route() {
        let v: serde_json::Value = serde_json::from_str(OPENAPI_JSON).expect("openapi.json parses");
        let paths = v["paths"].as_object().expect("paths");
        for p in [
            "/api/documents",
            "/api/documents/{id}",
            "/api/search",
            "/api/entities",
            "/api/stories",
            "/api/timeline",
            "/api/status",
        ] {
            assert!(paths.contains_key(p), "{p} missing from openapi.json");
        }
    }

    #[test]
    fn page_has_no_inline_script_or_external_asset() {
        assert!(!INDEX_HTML.contains("<script>"));
        for text in [INDEX_HTML, APP_JS, APP_CSS] {
            assert!(!text.contains("http://") && !text.contains("https://"));
        }
        // Article text never goes through innerHTML.
        assert!(!APP_JS.contains("innerHTML"));
    }
}
