//! The web page and its assets, compiled into the binary (no CDN, no
//! external font: it works offline), and the security headers every
//! response carries.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The page: markup only; script and style are separate routes so the
/// Content-Security-Policy can forbid inline code.
const INDEX_HTML: &str = include_str!("../assets/index.html");
/// The page's script, an ES module (vanilla JS; builds the DOM with
/// `textContent`): the address and the views, importing the modules below.
const APP_JS: &str = include_str!("../assets/app.js");
/// The page's style.
const APP_CSS: &str = include_str!("../assets/app.css");
/// The page's assets after the markup: its address, content type and
/// body. Each is a route of its own; no route maps to a file.
pub(crate) const ASSETS: [(&str, &str, &str); 9] = [
    ("/app.js", JS, APP_JS),
    ("/util.js", JS, include_str!("../assets/util.js")),
    ("/timeline.js", JS, include_str!("../assets/timeline.js")),
    ("/volume.js", JS, include_str!("../assets/volume.js")),
    ("/event.js", JS, include_str!("../assets/event.js")),
    ("/views.js", JS, include_str!("../assets/views.js")),
    ("/words.json", "application/json", WORDS_JSON),
    ("/app.css", "text/css; charset=utf-8", APP_CSS),
    ("/api/openapi.json", "application/json", OPENAPI_JSON),
];
/// Every word the page writes, in French and English (`{"fr": {key:
/// text}, "en": {...}}`).
const WORDS_JSON: &str = include_str!("../assets/words.json");
/// The content type of the page's scripts.
const JS: &str = "text/javascript; charset=utf-8";
/// The OpenAPI 3 description of the API, written by hand.
const OPENAPI_JSON: &str = include_str!("../assets/openapi.json");

/// Only this origin's script, style and API; no frames, no plugins, no
/// inline script: article text that slipped into markup could not run.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

/// `body` as `kind`: one of [`ASSETS`].
pub(crate) fn asset(kind: &'static str, body: &'static str) -> Response {
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
        // The parameters of the pages and of the page's language.
        let named = |path: &str| -> Vec<String> {
            v["paths"][path]["get"]["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["name"].as_str().map(str::to_string))
                .collect()
        };
        for (path, name) in [
            ("/api/timeline", "offset"),
            ("/api/timeline", "limit"),
            ("/api/timeline", "ui_lang"),
            ("/api/search", "offset"),
            ("/api/search", "document"),
            ("/api/events/{key}", "ui_lang"),
        ] {
            assert!(named(path).iter().any(|n| n == name), "{path} lacks {name}");
        }
    }

    #[test]
    fn page_has_no_inline_script_or_external_asset() {
        assert!(!INDEX_HTML.contains("<script>"));
        for (path, _, text) in ASSETS.iter().filter(|a| a.0 != "/api/openapi.json") {
            assert!(
                !text.contains("http://") && !text.contains("https://"),
                "{path}"
            );
            // Article text never goes through innerHTML.
            assert!(!text.contains("innerHTML"), "{path}");
        }
        assert!(!INDEX_HTML.contains("http://") && !INDEX_HTML.contains("https://"));
    }

    #[test]
    fn words_are_french_and_english_with_the_same_keys() {
        let v: serde_json::Value = serde_json::from_str(WORDS_JSON).expect("words.json parses");
        let keys = |lang: &str| -> Vec<String> {
            let mut k: Vec<String> = v[lang]
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            k.sort();
            k
        };
        assert!(keys("fr").len() > 50);
        assert_eq!(keys("fr"), keys("en"));
        // Every word the scripts and the markup ask for is in the table.
        let scripts = ASSETS.iter().filter(|a| a.0.ends_with(".js"));
        let asked = scripts
            .map(|(path, _, text)| (*path, "word(\"", *text))
            .chain([("/", "data-w=\"", INDEX_HTML)]);
        for (path, call, text) in asked {
            for part in text.split(call).skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                assert!(keys("fr").iter().any(|k| k == key), "{path}: no word {key}");
            }
        }
    }
}
