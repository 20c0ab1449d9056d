//! Who may ask what: the `Host` a request names (every route: a page on
//! another site that rebinds its name to this address cannot read the
//! API), where a write comes from (`Origin`, `Sec-Fetch-Site`, and a
//! content type a browser cannot send across sites without asking first),
//! and how fast one client may ask for expensive answers.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

/// The header that lets a `text/plain` write through: a browser cannot
/// add it to a cross-site request without a preflight, which this server
/// never grants.
pub const WRITE_HEADER: &str = "x-filrouge-write";

/// The host name of a `Host` header value (`name`, `name:port`, `1.2.3.4`,
/// `[::1]:8080`), lower-cased, without a trailing dot, and its port.
fn split_host(value: &str) -> Option<(String, Option<u16>)> {
    let value = value.trim();
    let (name, port) = if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p.parse().ok()?),
            None if after.is_empty() => None,
            None => return None,
        };
        (inside.to_string(), port)
    } else {
        match value.rsplit_once(':') {
            Some((n, p)) => (n.to_string(), Some(p.parse().ok()?)),
            None => (value.to_string(), None),
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    (!name.is_empty()).then_some((name, port))
}

/// Whether `entry` can name a host: `name` or `name:port`, the name made
/// of letters, digits, `-` and `.`, or an IP address.
pub(crate) fn valid_host(entry: &str) -> bool {
    split_host(entry).is_some_and(|(name, _)| {
        name.parse::<IpAddr>().is_ok()
            || name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    })
}

/// Whether a request naming `host` is for this server, bound at `bound`
/// with the extra names `allowed` (each `name` or `name:port`).
///
/// An address (not a name) cannot be rebound, so an IP literal passes when
/// it is the bound address, a loopback one while bound to loopback, or any
/// while bound to all interfaces. `localhost` always resolves to this
/// machine. Any other name must be listed.
pub(crate) fn host_allowed(host: &str, bound: SocketAddr, allowed: &[String]) -> bool {
    let Some((name, port)) = split_host(host) else {
        return false;
    };
    if let Ok(ip) = name.parse::<IpAddr>() {
        let ip = ip.to_canonical();
        let bound_ip = bound.ip().to_canonical();
        return bound_ip.is_unspecified()
            || ip == bound_ip
            || (ip.is_loopback() && bound_ip.is_loopback());
    }
    if name == "localhost" || name.ends_with(".localhost") {
        return bound.ip().is_loopback() || bound.ip().is_unspecified();
    }
    allowed.iter().any(|entry| match split_host(entry) {
        Some((n, None)) => n == name,
        Some((n, Some(p))) => n == name && port == Some(p),
        None => false,
    })
}

/// Refuses, on every route, a request whose `Host` is not this server's.
pub(crate) async fn check_host(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let opts = &state.inner.opts;
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    let Some(host) = host else {
        return ApiError::bad("the request has no Host header").into_response();
    };
    // The address actually bound (port 0 becomes a real port).
    let bound = state.inner.bound().unwrap_or(opts.bind);
    if !host_allowed(host, bound, &opts.allowed_hosts) {
        let shown: String = host.chars().take(100).collect();
        return ApiError::forbidden(format!(
            "this server does not answer for the host `{shown}` (start it with --allowed-host to add a name)"
        ))
        .into_response();
    }
    next.run(req).await
}

/// Whether a write may come from where it says it comes from: no
/// cross-site `Sec-Fetch-Site`, and an `Origin`, when there is one, naming
/// the same host and port as the request's `Host`.
pub(crate) fn same_origin(headers: &HeaderMap) -> Result<(), ApiError> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return Err(ApiError::forbidden(format!(
                "a write from another site (`Sec-Fetch-Site: {site}`) is refused"
            )));
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().unwrap_or("null");
    let authority = origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'))
        .unwrap_or("");
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match (split_host(authority), split_host(host)) {
        (Some(a), Some(h)) if a == h => Ok(()),
        _ => {
            let shown: String = origin.chars().take(100).collect();
            Err(ApiError::forbidden(format!(
                "a write from the origin `{shown}` is refused: only this server's own page may write"
            )))
        }
    }
}

/// The media type of a request, lower-cased, without its parameters.
pub(crate) fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a write's content type is one a browser could not send across
/// sites without a preflight: `application/json` and `text/html` are
/// accepted as they are; `text/plain` (which any page may send) only with
/// the [`WRITE_HEADER`] header; form types never.
pub(crate) fn write_type(headers: &HeaderMap) -> Result<(), ApiError> {
    match media_type(headers).as_str() {
        "application/json" | "text/html" => Ok(()),
        "text/plain" if headers.contains_key(WRITE_HEADER) => Ok(()),
        "text/plain" => Err(ApiError::forbidden(format!(
            "a text/plain write needs the header `{WRITE_HEADER}: 1` (a web page on another site could send text/plain without it)"
        ))),
        other => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "unsupported content type `{other}`: use application/json, text/html, or text/plain with `{WRITE_HEADER}: 1`"
            ),
        )),
    }
}

/// The client's address, as the connection loop recorded it.
fn client_ip(req: &Request) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip())
}

/// Refuses (429, with `Retry-After`) an expensive request from a client
/// that has used its share.
pub(crate) async fn rate_limit(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    match state.inner.rates.take(client_ip(&req)) {
        Ok(()) => next.run(req).await,
        Err(wait) => ApiError::later(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "too many expensive requests from this client (at most {} a minute)",
                state.inner.opts.rate_limit
            ),
            std::time::Duration::from_secs(wait),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn addr(s: &str) -> SocketAddr {
        s.parse().expect("address")
    }

    #[test]
    fn hosts_are_checked_against_the_binding_and_the_list() {
        let lo = addr("127.0.0.1:8080");
        let none: Vec<String> = Vec::new();
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "127.0.0.2",
            "[::1]:8080",
        ] {
            assert!(host_allowed(ok, lo, &none), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:8080",
            "10.0.0.1:8080",
            "",
            "[::1",
            "a:b",
        ] {
            assert!(!host_allowed(refused, lo, &none), "{refused}");
        }
        let named = vec!["news.example".to_string(), "other.example:9000".to_string()];
        assert!(host_allowed("News.Example.:8080", lo, &named));
        assert!(host_allowed("other.example:9000", lo, &named));
        assert!(!host_allowed("other.example:9001", lo, &named));
        let public = addr("192.0.2.7:80");
        assert!(host_allowed("192.0.2.7", public, &none));
        assert!(!host_allowed("localhost", public, &none));
        assert!(!host_allowed("127.0.0.1", public, &none));
        let all = addr("0.0.0.0:80");
        assert!(host_allowed("198.51.100.3", all, &none));
        assert!(!host_allowed("rebound.example", all, &none));
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.insert(*n, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn writes_come_from_the_same_origin() {
        let host = ("host", "127.0.0.1:8080");
        assert!(same_origin(&headers(&[host])).is_ok());
        assert!(same_origin(&headers(&[host, ("origin", "http://127.0.0.1:8080")])).is_ok());
        assert!(same_origin(&headers(&[host, ("origin", "http://evil.example")])).is_err());
        assert!(same_origin(&headers(&[host, ("origin", "http://127.0.0.1:9999")])).is_err());
        assert!(same_origin(&headers(&[host, ("origin", "null")])).is_err());
        assert!(same_origin(&headers(&[host, ("sec-fetch-site", "cross-site")])).is_err());
        assert!(same_origin(&headers(&[host, ("sec-fetch-site", "same-origin")])).is_ok());
    }

    #[test]
    fn write_types_need_a_preflight_or_the_header() {
        let ok = |t: &'static str| write_type(&headers(&[("content-type", t)])).is_ok();
        assert!(ok("application/json"));
        assert!(ok("text/html; charset=utf-8"));
        assert!(!ok("text/plain"));
        assert!(!ok("application/x-www-form-urlencoded"));
        assert!(!ok("multipart/form-data; boundary=x"));
        let with = headers(&[("content-type", "text/plain"), (WRITE_HEADER, "1")]);
        assert!(write_type(&with).is_ok());
    }
}
