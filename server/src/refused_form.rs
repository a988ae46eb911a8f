//! Keeps the input of a refused plain form post (no JavaScript). When a server function
//! answers a browser's form post with an error, leptos_axum sends the browser back to the
//! form's page with the error in the address (`__err`). This layer keeps the posted body in
//! the session, and hands it to that page's request once (a [`RefusedPost`] in the request's
//! extensions), where the form's fields show what was typed (`components::kept_input`, or a
//! page's `session::refused_input`). A password is never kept: any field whose name says
//! `password` is left out.

use app::model::forms::RefusedPost;
use app::ssr::session::UserSession;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

/// Where server functions answer; a plain form post to any of them is kept when refused.
const SERVER_FUNCTIONS: &str = "/api/";

/// The largest body kept in the session of a signed-in user (a report of many lines with
/// its company lists is well under it); a larger refused post is answered as any other but
/// not kept, so one request cannot store megabytes.
const KEPT_AT_MOST: usize = 256 * 1024;
/// The largest kept for someone not signed in (the sign-in form, accessibility feedback):
/// anyone can make such a session, so it stays small.
const KEPT_AT_MOST_ANONYMOUS: usize = 16 * 1024;

pub async fn keep_refused_input(session: Session, mut request: Request, next: Next) -> Response {
    let session = UserSession::new(session);
    if is_sent_back(&request) {
        let path = request.uri().path().to_owned();
        if let Some(post) = session.take_refused(&path).await {
            request.extensions_mut().insert::<RefusedPost>(post);
        }
        return next.run(request).await;
    }
    if request.method() == Method::GET {
        // Not picked up in time (the user went elsewhere): not carried in the session on.
        session.forget_stale_refused().await;
    }
    if !is_plain_form_post(&request) {
        return next.run(request).await;
    }
    let endpoint = request.uri().path().to_owned();
    let (parts, body) = request.into_parts();
    // The body limit layer outside this one (`routes.rs`) caps what can be read here.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    if let Some(back) = sent_back_to(&response) {
        let at_most = if session.user().await.is_some() {
            KEPT_AT_MOST
        } else {
            KEPT_AT_MOST_ANONYMOUS
        };
        if bytes.len() <= at_most {
            let body = without_passwords(&String::from_utf8_lossy(&bytes));
            session.keep_refused(&endpoint, body, &back).await;
        }
    }
    response
}

/// A page requested with a refused post's error in its address.
fn is_sent_back(request: &Request) -> bool {
    request.method() == Method::GET
        && request
            .uri()
            .query()
            .is_some_and(|query| query.split('&').any(|pair| pair.starts_with("__err=")))
}

/// A browser's form post (it wants HTML back) to a server function.
fn is_plain_form_post(request: &Request) -> bool {
    request.method() == Method::POST
        && request.uri().path().starts_with(SERVER_FUNCTIONS)
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
}

/// The path of the page a refused post's answer sends the browser back to (with the error).
fn sent_back_to(response: &Response) -> Option<String> {
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    if !location.contains("__err=") {
        return None;
    }
    location
        .parse::<Uri>()
        .ok()
        .map(|uri| uri.path().to_owned())
}

/// A url-encoded form body without its password fields.
fn without_passwords(body: &str) -> String {
    body.split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !name.to_ascii_lowercase().contains("password")
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_fields_are_never_kept() {
        assert_eq!(
            without_passwords(
                "form%5Bemail%5D=a%40b.fi&form%5Btemporary_password%5D=salainen&form%5Brole%5D=admin"
            ),
            "form%5Bemail%5D=a%40b.fi&form%5Brole%5D=admin"
        );
        assert_eq!(
            without_passwords("form[new_password]=x&form[PASSWORD]=y"),
            ""
        );
    }
}
