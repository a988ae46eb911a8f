//! When the database does not answer (PostgreSQL restarting, the network gone), requests
//! fail fast with a clear 503 instead of hanging or answering 500, and the service recovers
//! by itself: the first request that meets the outage marks the database unavailable
//! (`app::ssr::db::mark_unavailable`, from the error's kind); from then on every request
//! but the health checks is answered 503 at once (a page in the reader's language naming
//! the request's id, the wire error for the app, a problem for `/api/v1`, with
//! `Retry-After`), while one probe asks the database every quarter second and lifts the mark
//! as soon as it answers. `/healthz` says the process is alive; `/readyz` that it can serve:
//! the database answers, its migrations are current and the server is not shutting down.

use app::ssr::db;
use app::ssr::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use migration::MigratorTrait;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Seconds a client is told to wait before trying again.
const RETRY_AFTER_SECS: &str = "5";

/// How often the probe asks the database while it is unavailable.
const PROBE_EVERY: Duration = Duration::from_millis(250);

/// The server is shutting down: `/readyz` answers 503 so that a proxy routes elsewhere.
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);

/// A probe is running.
static PROBING: AtomicBool = AtomicBool::new(false);

/// Marks the server as shutting down.
pub fn shutting_down() {
    SHUTTING_DOWN.store(true, Ordering::SeqCst);
}

/// Starts the probe unless one runs: it lifts the mark once the database answers.
fn probe(state: &AppState) {
    if PROBING.swap(true, Ordering::SeqCst) {
        return;
    }
    let pool = state.db.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(PROBE_EVERY).await;
            if app::ssr::rollup::cache::data_version(&pool).await.is_ok() {
                tracing::info!("the database answers again");
                db::mark_available();
                break;
            }
        }
        PROBING.store(false, Ordering::SeqCst);
    });
}

/// Answers 503 while the database is marked unavailable; a 500 that marked it is answered
/// as a 503 too (the session store's failure, say, which has no page of its own).
pub async fn gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path == "/healthz" || path == "/readyz" {
        return next.run(request).await;
    }
    let kind = Kind::of(&request);
    let locale = crate::locale::of(request.headers());
    if db::is_marked_unavailable() {
        probe(&state);
        return unavailable(kind, locale);
    }
    let response = next.run(request).await;
    if db::is_marked_unavailable() {
        probe(&state);
        if response.status() == StatusCode::INTERNAL_SERVER_ERROR {
            return unavailable(kind, locale);
        }
    }
    response
}

/// Who asked: the open API (a problem), the app's server functions (the wire error), or a
/// browser (a page).
#[derive(Clone, Copy)]
enum Kind {
    Api,
    ServerFunction,
    Page,
}

impl Kind {
    fn of(request: &Request) -> Kind {
        let path = request.uri().path();
        let html = request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        if path.starts_with("/api/v1/") {
            Kind::Api
        } else if path.starts_with("/api/") && !html {
            Kind::ServerFunction
        } else {
            Kind::Page
        }
    }
}

/// The 503 answer for `kind`.
fn unavailable(kind: Kind, locale: app::i18n::Locale) -> Response {
    let id = crate::request_guard::current_id().unwrap_or_default();
    let (body, content_type) = match kind {
        Kind::Api => (
            serde_json::to_string(&crate::api_v1::problem::Problem::from(
                app::error::AppError::Unavailable,
            ))
            .unwrap_or_default(),
            "application/problem+json",
        ),
        Kind::ServerFunction => ("\"Unavailable\"".to_string(), "application/json"),
        Kind::Page => (
            app::ssr::fault_page::unavailable_html(locale, &id),
            "text/html; charset=utf-8",
        ),
    };
    let mut response =
        crate::request_guard::standalone(StatusCode::SERVICE_UNAVAILABLE, body, content_type);
    let headers = response.headers_mut();
    headers.insert(
        header::RETRY_AFTER,
        HeaderValue::from_static(RETRY_AFTER_SECS),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /healthz`: the process is alive (it does not ask the database).
pub async fn healthz() -> Response {
    (StatusCode::OK, "ok").into_response()
}

/// `GET /readyz`: 200 when the database answers, its migrations are current and the server
/// is not shutting down; 503 with the reason otherwise.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let not_ready = |reason: &'static str| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, RETRY_AFTER_SECS)],
            reason,
        )
            .into_response()
    };
    if SHUTTING_DOWN.load(Ordering::SeqCst) {
        return not_ready("shutting down");
    }
    let answered = tokio::time::timeout(
        Duration::from_secs(2),
        migration::Migrator::get_pending_migrations(&state.db),
    )
    .await;
    match answered {
        Ok(Ok(pending)) if pending.is_empty() => (StatusCode::OK, "ready").into_response(),
        Ok(Ok(_)) => not_ready("migrations pending: run `server migrate`"),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "readiness: the database does not answer");
            not_ready("database unavailable")
        }
        Err(_) => not_ready("database unavailable"),
    }
}
