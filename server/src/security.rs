//! HTTP-level protections applied to every request: state-changing requests must come from
//! this site (cross-site request forgery), and every response carries the security headers.
//! Pages set their own Content-Security-Policy with the render's nonce (see `app::shell`);
//! everything else gets a policy that allows nothing.

use app::ssr::services::audit::{self, Entry};
use app::ssr::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// `scheme://host[:port]` of a URL, as browsers send it in `Origin`.
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let authority = rest.split('/').next().unwrap_or(rest);
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority.to_ascii_lowercase()
    )
}

/// Whether a state-changing request comes from this site: `Sec-Fetch-Site` when the browser
/// sends it, otherwise `Origin` against the configured public URL. A request with neither is
/// refused: every browser of the last years sends at least one of them with a POST.
pub fn is_same_origin(headers: &HeaderMap, public_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|origin| origin.eq_ignore_ascii_case(public_origin))
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses cross-site state-changing requests with 403 (and audits them).
pub async fn same_origin_only(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    // The open API reads no cookie, so a forged cross-site request has nothing to ride on;
    // its callers are programs with a bearer token, which send no `Origin`.
    if changes_state(request.method())
        && !request.uri().path().starts_with("/api/v1/")
        && !is_same_origin(request.headers(), &origin_of(&state.settings.public_url))
    {
        let addr = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        let entry = Entry::new(
            "access_denied",
            "endpoint",
            Some(request.uri().path().to_string()),
        )
        .reason("cross-site request refused")
        .from_addr(addr);
        if let Err(err) = audit::record(&state.db, entry).await {
            tracing::error!(error = ?err, "could not audit a refused cross-site request");
        }
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(request).await
}

/// The policy of responses that are not pages: nothing may load, nothing may frame them.
pub const DEFAULT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// How a page may be cached: by the reader's browser only, revalidated each time.
pub const PAGE_CACHE: &str = "private, no-cache";

/// Adds the security headers every response carries.
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let answer_of_server_function = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, "x-content-type-options", "nosniff");
    // Same-origin: the no-JavaScript form flow needs the Referer on this site, and no other
    // site gets it.
    set(headers, "referrer-policy", "same-origin");
    set(headers, "x-frame-options", "DENY");
    set(headers, "cross-origin-opener-policy", "same-origin");
    set(
        headers,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        set(headers, "content-security-policy", DEFAULT_CSP);
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        // A page is the reader's own (and carries this render's nonce): kept by their
        // browser only, and asked for again each time. What a server function answers
        // (data, a redirect after a form) is not kept at all; a public file (the icon) is
        // revalidated by its date.
        let html = headers
            .get(header::CONTENT_TYPE)
            .and_then(|t| t.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        let policy = if answer_of_server_function {
            "no-store"
        } else if html {
            PAGE_CACHE
        } else {
            "no-cache"
        };
        set(headers, "cache-control", policy);
    }
    if state.settings.public_url.starts_with("https://") {
        set(
            headers,
            "strict-transport-security",
            "max-age=63072000; includeSubDomains",
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        let origin = "https://seuranta.example";
        assert!(is_same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            origin
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "cross-site"), ("origin", origin)]),
            origin
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "same-site")]),
            origin
        ));
    }

    #[test]
    fn origin_decides_otherwise_and_missing_both_is_refused() {
        let origin = origin_of("https://Seuranta.example/path");
        assert_eq!(origin, "https://seuranta.example");
        assert!(is_same_origin(
            &headers(&[("origin", "https://seuranta.example")]),
            &origin
        ));
        assert!(!is_same_origin(
            &headers(&[("origin", "https://evil.example")]),
            &origin
        ));
        assert!(!is_same_origin(&headers(&[]), &origin));
    }
}
