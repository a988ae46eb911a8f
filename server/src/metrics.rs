//! Prometheus metrics: every request counted by its route (the address's pattern, so
//! `/projects/{id}` and not each id) and status, with its latency; and `GET /metrics` on a
//! listener of its own (`INNOCITIES_METRICS_ADDR`), never on the public one, which adds the
//! database pool's connections (open, idle, in use) read when scraped. What the rest of the
//! server counts (roll-up compute time, failed sign-ins, imports, the database found not
//! answering) is in `app::ssr::metrics`.

use app::ssr::metrics::{count, observe, render};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use std::time::Instant;

/// The route a request matched, handed from [`mark_route`] to [`record`].
#[derive(Clone)]
struct Route(String);

/// On the routes (`Router::route_layer`, where the matched pattern is known): names the
/// route on the answer.
pub async fn mark_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| Route(m.as_str().to_owned()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// Around everything: counts the request and its latency by route (`other` for files and
/// addresses no route matched) and status.
pub async fn record(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    let route = response
        .extensions()
        .get::<Route>()
        .map_or("other", |r| r.0.as_str())
        .to_owned();
    let status = response.status().as_u16().to_string();
    count(
        "innocities_http_requests_total",
        &[("route", &route), ("status", &status)],
    );
    observe(
        "innocities_http_request_duration_seconds",
        &[("route", &route)],
        started.elapsed(),
    );
    response
}

/// The pool's connections now: open and idle.
fn pool(db: &DatabaseConnection) -> (f64, f64) {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (f64::from(pool.size()), pool.num_idle() as f64)
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (f64::from(pool.size()), pool.num_idle() as f64)
        }
    }
}

/// `GET /metrics`: everything counted, in Prometheus's text format.
pub async fn metrics(State(db): State<DatabaseConnection>) -> Response {
    let (open, idle) = pool(&db);
    let text = render(&[
        (
            "innocities_db_pool_connections",
            "Database connections open",
            open,
        ),
        (
            "innocities_db_pool_idle",
            "Database connections open and idle",
            idle,
        ),
        (
            "innocities_db_pool_in_use",
            "Database connections serving a query",
            open - idle,
        ),
    ]);
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// Serves `/metrics` on `addr` until the process ends.
///
/// # Errors
/// The address cannot be listened on.
pub async fn serve(addr: std::net::SocketAddr, db: DatabaseConnection) -> anyhow::Result<()> {
    let router = axum::Router::new()
        .route("/metrics", axum::routing::get(metrics))
        .with_state(db);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("metrics on http://{}/metrics", listener.local_addr()?);
    tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, router).await {
            tracing::error!(error = %err, "the metrics listener stopped");
        }
    });
    Ok(())
}
