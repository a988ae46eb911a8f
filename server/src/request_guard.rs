//! Every request gets an id (`x-request-id`, and a tracing span that carries it), and a panic
//! while it is served becomes a 500 answer that names the id, never a dropped connection or
//! a page that waits forever.
//!
//! A page's data is loaded in tasks that Leptos spawns (resources), not in the request's own
//! future, so catching a panic around the handler is not enough: a panicking resource would
//! leave the page waiting for a value that never comes. [`install_executor`] therefore makes
//! Leptos spawn through an executor that runs each task inside the request it was spawned
//! for, catches its panic, and tells that request, which then answers 500 at once.

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::FutureExt;
use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use tokio::sync::watch;
use tracing::Instrument;

/// The response header that carries the request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// The request a task works for: its id, and how to tell it that one of its tasks panicked.
#[derive(Clone)]
struct RequestContext {
    id: Arc<str>,
    panicked: watch::Sender<bool>,
}

tokio::task_local! {
    static REQUEST: RequestContext;
}

/// The id of the request being served, if this runs within one.
pub fn current_id() -> Option<String> {
    REQUEST.try_with(|c| c.id.to_string()).ok()
}

/// Makes Leptos spawn its tasks through [`GuardedExecutor`]. Call before the router is built
/// (Leptos's own `init_tokio` then finds the executor set and leaves it).
pub fn install_executor() {
    // A second call (several test servers in one process) finds it installed; that is fine.
    let _ = Executor::init_custom_executor(GuardedExecutor);
}

/// Tokio, with each task kept inside the request it was spawned for and its panic caught.
struct GuardedExecutor;

impl CustomExecutor for GuardedExecutor {
    fn spawn(&self, fut: PinnedFuture<()>) {
        let context = REQUEST.try_with(Clone::clone).ok();
        tokio::spawn(async move {
            let outcome = within(context.clone(), AssertUnwindSafe(fut).catch_unwind()).await;
            if let Err(payload) = outcome {
                task_panicked(context.as_ref(), payload.as_ref());
            }
        });
    }

    fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
        let context = REQUEST.try_with(Clone::clone).ok();
        tokio::task::spawn_local(async move {
            let outcome = within(context.clone(), AssertUnwindSafe(fut).catch_unwind()).await;
            if let Err(payload) = outcome {
                task_panicked(context.as_ref(), payload.as_ref());
            }
        });
    }

    fn poll_local(&self) {}
}

async fn within<F: std::future::Future>(context: Option<RequestContext>, fut: F) -> F::Output {
    match context {
        Some(context) => REQUEST.scope(context, fut).await,
        None => fut.await,
    }
}

fn task_panicked(context: Option<&RequestContext>, payload: &(dyn Any + Send)) {
    let message = panic_message(payload);
    match context {
        Some(context) => {
            tracing::error!(request_id = %context.id, panic = %message, "a task of the request panicked");
            context.panicked.send_replace(true);
        }
        None => tracing::error!(panic = %message, "a background task panicked"),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

fn new_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// Gives the request an id and answers 500 with that id when serving it panics, in the
/// handler or in any task spawned for it.
pub async fn guard_request(request: Request, next: Next) -> Response {
    let id: Arc<str> = new_id().into();
    let (panicked, mut told) = watch::channel(false);
    let context = RequestContext {
        id: id.clone(),
        panicked,
    };
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.uri().path()
    );
    // A server function called by the app gets the wire error; a browser (a page, or a form
    // posted without JavaScript) gets a page.
    let api = request.uri().path().starts_with("/api/")
        && !request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    let locale = crate::locale::of(request.headers());
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let served = REQUEST
        .scope(context, AssertUnwindSafe(next.run(request)).catch_unwind())
        .instrument(span);
    let outcome = tokio::select! {
        outcome = served => outcome.map_err(|payload| panic_message(payload.as_ref())),
        _ = told.wait_for(|p| *p) => Err("a task of the request panicked".to_string()),
    };
    let mut response = match outcome {
        Ok(response) => response,
        Err(message) => {
            tracing::error!(request_id = %id, panic = %message, "request failed with a panic");
            fault_response(&id, api, locale)
        }
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    // The access log: one event a request, with the id the answer and its pages name.
    tracing::info!(
        request_id = %id,
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        "answered"
    );
    response
}

/// The 500 answer: for server functions the wire error `Internal`, for pages a short page in
/// the reader's language that names the request id for the support request.
fn fault_response(id: &str, api: bool, locale: app::i18n::Locale) -> Response {
    let (body, content_type) = if api {
        ("\"Internal\"".to_string(), "application/json")
    } else {
        (
            app::ssr::fault_page::html(locale, id),
            "text/html; charset=utf-8",
        )
    };
    standalone(StatusCode::INTERNAL_SERVER_ERROR, body, content_type)
}

/// An answer built outside Leptos (a fault or an outage): its body and type, and the
/// strictest policy, as it has no script and loads nothing.
pub fn standalone(status: StatusCode, body: String, content_type: &'static str) -> Response {
    let mut response = (status, Body::from(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(crate::security::DEFAULT_CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn panicking() -> &'static str {
        panic!("a handler panicked")
    }

    fn app() -> Router {
        install_executor();
        Router::new()
            .route("/ok", get(|| async { "fine" }))
            .route("/handler", get(panicking))
            // As a page whose resource panics: the task is spawned through Leptos's executor
            // and the handler waits for a value that never comes.
            .route(
                "/resource",
                get(|| async {
                    Executor::spawn(async { panic!("a resource panicked") });
                    std::future::pending::<&'static str>().await
                }),
            )
            .route("/api/fn", get(panicking))
            .layer(axum::middleware::from_fn(guard_request))
    }

    async fn call(path: &str) -> (StatusCode, Option<String>, String) {
        let (status, id, _, body) = call_accepting(path, "*/*").await;
        (status, id, body)
    }

    async fn call_accepting(
        path: &str,
        accept: &str,
    ) -> (StatusCode, Option<String>, axum::http::HeaderMap, String) {
        let request = Request::get(path)
            .header(header::ACCEPT, accept)
            .body(Body::empty())
            .unwrap();
        let response =
            tokio::time::timeout(std::time::Duration::from_secs(10), app().oneshot(request))
                .await
                .expect("answered, not left waiting")
                .unwrap();
        let status = response.status();
        let id = response
            .headers()
            .get(REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (
            status,
            id,
            headers,
            String::from_utf8_lossy(&body).into_owned(),
        )
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_answer_carries_a_request_id() {
        let (status, id, _) = call("/ok").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(id.map(|i| i.len()), Some(16));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_handler_answers_500_naming_the_request() {
        let (status, id, body) = call("/handler").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        let id = id.expect("a request id");
        assert!(body.contains(&id), "the page names {id}: {body}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_task_of_a_page_answers_500_instead_of_waiting() {
        let (status, id, body) = call("/resource").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains(&id.expect("a request id")));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_server_function_that_panics_answers_the_wire_error() {
        let (status, _, body) = call("/api/fn").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body, "\"Internal\"");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_form_posted_without_javascript_gets_a_fault_page_that_loads_nothing() {
        let (status, id, headers, body) =
            call_accepting("/api/fn", "text/html,application/xhtml+xml;q=0.9").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains("<html"), "a page, not the wire error: {body}");
        assert!(body.contains(&id.expect("a request id")));
        assert_eq!(
            headers.get(header::CONTENT_SECURITY_POLICY).unwrap(),
            crate::security::DEFAULT_CSP
        );
        assert_eq!(
            headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
            "nosniff"
        );
    }
}
