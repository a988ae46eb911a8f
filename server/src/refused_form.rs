//! Keeps the input of a refused plain form post (no JavaScript): when a server function in
//! [`KEEPS_REFUSED_INPUT`] answers a browser's form post with an error, leptos_axum sends the
//! browser back to the form with the error in the address; this layer keeps the posted body
//! in the session so the form's page shows what was typed (see `UserSession::take_refused`).
//! A password is never kept: any field whose name says `password` is left out.

use app::api::{admin, case_studies, organisations, register, reporting};
use app::ssr::session::{REFUSED_FORM_KEY, RefusedForm};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::ServerFn;
use tower_sessions::Session;

/// The forms whose refused input is kept (their password fields left out).
pub const KEEPS_REFUSED_INPUT: [&str; 7] = [
    <register::SaveProject as ServerFn>::PATH,
    <register::SaveSubproject as ServerFn>::PATH,
    <reporting::SaveReport as ServerFn>::PATH,
    <case_studies::SaveCaseStudy as ServerFn>::PATH,
    <reporting::SaveIndicator as ServerFn>::PATH,
    <organisations::CreateOrganisation as ServerFn>::PATH,
    <admin::CreateUser as ServerFn>::PATH,
];

/// The largest form body kept (and accepted on these endpoints).
const MAX_BODY: usize = 1 << 20;

pub async fn keep_refused_input(session: Session, request: Request, next: Next) -> Response {
    let endpoint = request.uri().path().to_string();
    let plain_form = request.method() == Method::POST
        && KEEPS_REFUSED_INPUT.contains(&endpoint.as_str())
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    if !plain_form {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    let refused = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|location| location.contains("__err="));
    if refused {
        let form = RefusedForm {
            endpoint,
            body: without_passwords(&String::from_utf8_lossy(&bytes)),
            at: chrono::Utc::now().timestamp(),
        };
        if let Err(err) = session.insert(REFUSED_FORM_KEY, form).await {
            tracing::warn!(error = %err, "could not keep a refused form's input");
        }
    }
    response
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
